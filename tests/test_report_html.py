"""report.html in a real headless Chromium (Debian's, driven by its chromedriver; nothing downloaded).

The page is opened from the corpus run: the matrix table is there with every theme and notice,
every task link lands on a task text, the theme and region filters change what is visible, and
screenshots go to the test's temp dir (``report.png``, ``report-filtered.png``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1800", "--lang=zh-CN"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(browser: Any, corpus_out: Path) -> Any:
    browser.get((corpus_out / "report.html").resolve().as_uri())
    return browser


def _visible(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return [e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]


def test_report_is_self_contained(corpus_out: Path) -> None:
    html = (corpus_out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert '<meta charset="utf-8">' in html


def test_matrix_table_and_links(page: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    assert page.execute_script("return document.characterSet") == "UTF-8"
    assert "跨地区政策比较" in page.find_element(By.TAG_NAME, "h1").text
    rows = _visible(page, "#presence tbody tr")
    assert len(rows) >= 13
    header = page.find_element(By.CSS_SELECTOR, "#presence thead").text
    for region in ("吉林省", "山东省", "广东省", "镇江市"):
        assert region in header
    fire = page.find_element(By.CSS_SELECTOR, '#presence tr[data-theme="fire_safety"]')
    assert "消防安全" in fire.text
    assert len(fire.find_elements(By.CSS_SELECTOR, "td")) == 5
    missing = page.execute_script("""
        return Array.from(document.querySelectorAll('a[href^="#"]'))
          .map(a => a.getAttribute('href').slice(1))
          .filter(id => !document.getElementById(id));""")
    assert missing == []
    page.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    print(f"screenshot: {tmp_path / 'report.png'}")


def test_filters_change_visible_rows(page: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    everything = len(_visible(page, "#presence tbody tr"))
    Select(page.find_element(By.ID, "f-theme")).select_by_value("fire_safety")
    rows = _visible(page, "#presence tbody tr")
    assert [r.get_attribute("data-theme") for r in rows] == ["fire_safety"]
    assert [s.get_attribute("id") for s in _visible(page, "section.theme")] == ["theme-fire_safety"]
    assert page.find_element(By.ID, "f-count").text.startswith("1 ")
    Select(page.find_element(By.ID, "f-region")).select_by_value("镇江市")
    cells = _visible(page, '#presence tr[data-theme="fire_safety"] td')
    assert len(cells) == 1 and "2.2" in cells[0].text
    texts = _visible(page, ".task-text")
    assert texts and all(t.get_attribute("data-region") == "镇江市" for t in texts)
    assert all("fire_safety" in t.get_attribute("data-themes").split() for t in texts)
    page.save_screenshot(str(tmp_path / "report-filtered.png"))
    cells[0].find_element(By.TAG_NAME, "a").click()
    assert page.execute_script("return location.hash").startswith("#t-zhenjiang-2020-notice--2.2")
    target = page.find_element(By.CSS_SELECTOR, ".task-text:target")
    assert target.is_displayed() and "消防审验" in target.text
    page.find_element(By.ID, "f-reset").click()
    assert len(_visible(page, "#presence tbody tr")) == everything


def _inside_viewport(driver: Any, element: Any) -> bool:
    box = driver.execute_script(
        "var r=arguments[0].getBoundingClientRect();"
        "return [r.left, r.top, r.right, r.bottom, window.innerWidth, window.innerHeight];", element)
    left, top, right, bottom, width, height = box
    return left >= -1 and top >= -1 and right <= width + 1 and bottom <= height + 1 and right > left


def _not_blank(png: bytes) -> bool:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    low, high = image.getextrema()
    return high - low > 40  # text on a background, not an empty box


@pytest.mark.parametrize("width", [1400, 420])
def test_the_matrix_header_and_a_cell_are_visible_at(width: int, browser: Any, corpus_out: Path,
                                                    tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 900)
    browser.get((corpus_out / "report.html").resolve().as_uri())
    table = browser.find_element(By.ID, "presence")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});"  # below the sticky filters
                           "window.scrollBy(0, -document.querySelector('.filters').offsetHeight - 4);",
                           table)
    header = browser.find_element(By.CSS_SELECTOR, "#presence thead th")  # 主题 Theme
    cell = browser.find_element(By.CSS_SELECTOR, "#presence tbody td.cell")
    width_now = browser.execute_script("return document.documentElement.scrollWidth")
    assert width_now <= browser.execute_script("return window.innerWidth") + 1  # no page-wide scroll
    for element in (header, cell):
        assert element.is_displayed() and _inside_viewport(browser, element)
        assert _not_blank(element.screenshot_as_png)
    # the matrix scrolls inside its box: its last column is reached there, headers stay put
    box = table.find_element(By.XPATH, "..")
    browser.execute_script("arguments[0].scrollLeft = arguments[0].scrollWidth;", box)
    last = browser.find_elements(By.CSS_SELECTOR, "#presence tbody tr:first-child td.cell")[-1]
    assert _inside_viewport(browser, last)
    first = browser.find_element(By.CSS_SELECTOR, "#presence tbody tr:first-child th")
    assert _inside_viewport(browser, first)  # the row's label stays while its cells scroll
    browser.execute_script("arguments[0].scrollTop = 120;", box)
    assert _inside_viewport(browser, header)  # the header stays while the rows scroll
    browser.save_screenshot(str(tmp_path / f"report-{width}.png"))
    assert (tmp_path / f"report-{width}.png").stat().st_size > 10_000


def test_escape_and_anchor_fast_paths_match_their_plain_forms() -> None:
    """``_e`` skips ``html.escape`` and ``anchor`` its substitution where nothing needs either;
    both give what the plain forms give, on any text."""
    import html

    from hypothesis import given
    from hypothesis import strategies as st

    from pipeline.export.html import _e, anchor

    @given(st.text(alphabet=st.sampled_from("ab1_.-&<>\"' 中文\n\t（）"), max_size=12)
           | st.text(max_size=12), st.text(max_size=6))
    def check(value: str, task: str) -> None:
        assert _e(value) == html.escape(value)
        plain = re.sub(r"[^A-Za-z0-9_.-]", lambda m: f"_{ord(m.group()):x}",
                       f"{value}--{task}" if task else value)
        assert anchor(value, task) == "t-" + plain

    check()
    assert _e(None) == "" and _e(3.5) == "3.5"


def test_a_column_of_regions_is_escaped_once_a_value() -> None:
    """``_Escaped``: a region escaped when first met, then the same string for every cell."""
    from pipeline.export.html import _Escaped

    escaped = _Escaped()
    regions = ["<甲>", "乙&丙", "".join(["<", "甲>"]), "乙&丙"]  # equal, not the same object
    shown = [escaped[r] for r in regions]
    assert shown == ["&lt;甲&gt;", "乙&amp;丙", "&lt;甲&gt;", "乙&amp;丙"]
    assert shown[0] is shown[2] and shown[1] is shown[3] and len(escaped) == 2


def test_a_wide_rows_blocks_hold_their_fills_and_the_cells_that_say_something(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``_filled_blocks``: the presence and roles tables' rows, a block of columns at a time."""
    from pipeline.export import html

    monkeypatch.setattr(html, "CELL_BLOCK", 2)
    blocks = list(html._filled_blocks(5, iter([(1, ("a", 1)), (2, ("b", 2)), (4, ("c", 3))]),
                                      ["", 0], "presence"))
    assert [(span.start, span.stop) for span, _ in blocks] == [(0, 2), (2, 4), (4, 6)]
    assert [block for _, block in blocks] == [[["", "a"], [0, 1]], [["b", ""], [2, 0]],
                                              [["c"], [3]]]
    for cells in ([(5, ("x",))], [(-1, ("x",))], [(3, ("x",)), (1, ("y",))]):
        with pytest.raises(ValueError, match="a roles cell at column"):
            list(html._filled_blocks(5, iter(cells), [""], "roles"))
