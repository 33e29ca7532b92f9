"""The web-page reader (pipeline/stages/readers/webpage.py): the article of a page, read from the
tree Beautiful Soup's html.parser builder makes, built by the same rules without its objects.

The reference below reads the page with Beautiful Soup itself, the reader this one replaced
(less the comments that reader kept as text): on random malformed markup both must give the
same text, or both refuse the page.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Callable

import pytest

from pipeline.errors import PipelineError
from pipeline.stages.readers.webpage import BLOCKS, CANDIDATES, CHROME, page_text, read_html


def reference(data: bytes) -> str:
    """The article as Beautiful Soup's tree gives it (the same scoring, on bs4's objects), from
    the characters the reader decodes (``page_text``: its own tests below)."""
    from bs4 import BeautifulSoup, NavigableString

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(page_text(data), "html.parser")
    for tag in soup(list(CHROME)):
        tag.decompose()
    tags = soup.find_all(True)
    sums: dict[int, tuple[int, int, int, int]] = {}
    for tag in reversed(tags):
        c = n = lk = t = 0
        for child in tag.contents:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    c += len(re.findall(r"[\u4e00-\u9fff]", str(child)))
                    n += len(str(child).strip())
            else:
                cc, cn, cl, ct = sums[id(child)]
                c, n, lk, t = c + cc, n + cn, lk + cl, t + 1 + ct
        sums[id(tag)] = (c, n, n if tag.name == "a" else lk, t)
    best, best_score = soup.body or soup, 0.0
    for tag in tags:
        if tag.name in CANDIDATES:
            c, _, lk, t = sums[id(tag)]
            if c - 2 * lk - 0.02 * t > best_score:
                best, best_score = tag, c - 2 * lk - 0.02 * t
    if best.name == "td":  # an old site's layout table: its rows of one cell each, read together
        table = best.find_parent("table")
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table] if table else []
        cells = [[c for c in tr.find_all(["td", "th"], recursive=False)] for tr in rows]
        if any(c is best for r in cells for c in r) and all(len(r) <= 1 for r in cells) and any(
                c is not best and sums[id(c)][0] >= 0.1 * sums[id(best)][0] for r in cells for c in r):
            best = table
    lines, current = [], []
    for element in best.descendants:
        name = getattr(element, "name", None)
        if name in BLOCKS and current:
            lines.append("".join(current).strip())
            current = []
        elif name is None and type(element) is NavigableString:  # no comment, CDATA, doctype
            current.append(str(element).replace("\xa0", " "))
    if current:
        lines.append("".join(current).strip())
    return "\n".join(ln for ln in (re.sub(r"[ \t]+", " ", x) for x in lines) if ln)


@pytest.mark.parametrize(("html", "text"), [
    # the densest block of Chinese text wins over the navigation and the footer
    ("<body><div><a>首页</a><a>政务公开</a></div><div><p>关于推进工作的通知</p><p>各市人民政府：</p>"
     "</div><footer>版权所有</footer></body>", "关于推进工作的通知\n各市人民政府："),
    # block elements break lines, inline ones do not; &nbsp; is a space
    ("<div><p>一、<b>主要</b>任务</p><p>（一）加强&nbsp;排查<br>到2025年底</p></div>",
     "一、主要任务\n（一）加强 排查\n到2025年底"),
    # an end tag closes what was opened inside its element; a stray one is ignored
    ("<div><p>第一段<span>未闭合</p></i>第二段</div>", "第一段未闭合第二段"),
    # comments are no text (gov.cn's <!--/enpcontent--> and commented-out banners), nor are
    # scripts; a line breaks where a block starts, not where one ends
    ("<div><p>正文内容</p><!--注释--><script>var 变量=1;</script></div>", "正文内容"),
    # all-whitespace runs become one newline or space, except inside pre
    ("<div><p>甲</p>\n\n<p>乙</p><pre>丙  丁</pre></div>", "甲\n乙\n丙 丁"),
    # character references, named and numeric, terminated or not
    ("<div><p>&#20851;&#x4e8e;&amp;通知&#128;&foo</p></div>", "关于&通知€&foo"),
    # an old site's layout table: the article's parts in rows of one cell each, read together
    ("<table><tr><td>关于推进工作的通知</td></tr><tr><td>各市人民政府：为推进工作，通知如下。一、主要任务</td></tr>"
     "<tr><td>（一）加强排查，到2025年底完成全部排查整治工作。（二）完善制度，健全长效机制。</td></tr></table>",
     "关于推进工作的通知\n各市人民政府：为推进工作，通知如下。一、主要任务\n"
     "（一）加强排查，到2025年底完成全部排查整治工作。（二）完善制度，健全长效机制。"),
    # a page with no block of Chinese text: its body
    ("<html><body>abc <b>def</b></body></html>", "abc def"),
])
def test_article_text(html: str, text: str) -> None:
    data = html.encode("utf-8")
    assert read_html(data) == text
    assert reference(data) == text


def test_encodings_as_declared_or_detected() -> None:
    page = "<html><head><meta charset='gbk'></head><body><div><p>关于推进工作的通知</p></div></body></html>"
    assert read_html(page.encode("gbk")) == "关于推进工作的通知"
    assert read_html(b"\xef\xbb\xbf<div><p>\xe9\x80\x9a\xe7\x9f\xa5</p></div>") == "通知"


@pytest.mark.parametrize("damage", [
    lambda page: page[:page.index("工作".encode()) + 1] + page[page.index("工作".encode()) + 3:],
    lambda page: page[:page.rindex(b"</p>") - 1] + b"</p></div>",  # cut in a character
])
def test_a_utf8_page_with_a_damaged_character_loses_that_character_only(
        damage: Callable[[bytes], bytes]) -> None:
    """Declared UTF-8 but not UTF-8 throughout: read by detection, the page would be every
    Chinese character wrong (or none Chinese at all)."""
    page = ("<html><head><meta charset='utf-8'></head><body><div><p>关于推进工作的通知</p>"
            "<p>各区县人民政府：</p><p>一、加强组织领导。</p></div></body></html>").encode()
    warnings: list[str] = []
    text = read_html(damage(page), warnings)
    assert text.count("\ufffd") == 1 and text.replace("\ufffd", "") in (
        "关于推进作的通知\n各区县人民政府：\n一、加强组织领导。",
        "关于推进工作的通知\n各区县人民政府：\n一、加强组织领导")
    assert warnings == ["1 undecodable byte(s) of the UTF-8 page replaced by U+FFFD"]


def test_a_declaration_html_parser_rejects_is_a_coded_error() -> None:
    with pytest.raises(PipelineError) as info:
        read_html("<div><p>正文</p><![foo[x]]></div>".encode())
    assert info.value.code == "E108"


def test_deep_nesting_and_many_void_elements() -> None:
    """No recursion: a page nested 100,000 deep is read; a page of many <br> and stray end tags
    is read as Beautiful Soup reads it."""
    deep = "<div>" * 100_000 + "关于推进工作的通知" + "</div>" * 100_000
    assert read_html(deep.encode()) == "关于推进工作的通知"
    voids = ("<div><p>正文" + "<br>" * 3000 + "</br>" * 1000 + "</p>" * 3000 + "</div>").encode()
    assert read_html(voids) == reference(voids) == "正文"


_TAGS = ["p", "div", "span", "td", "tr", "table", "b", "a", "br", "li", "section", "article",
         "h1", "font", "pre", "textarea", "script", "style", "nav", "body", "html", "head", "title",
         "template", "rt", "img", "hr", "main", "form", "BR", "DIV", "o:p"]
_TEXT = ["关于", "推进工作", "的通知", "一、", "（一）", "abc", " ", "\n", "\t", "\r\n", "\x0c", "\xa0",
         "&nbsp;", "&amp;", "&#128;", "&#x4e00;", "&#12a", "&foo;", "&foo", "&#xZZ;", "&#0;", "&",
         "<", ">", "&lt;p&gt;"]
_MARKUP = ["<!--c-->", "<!-- 注释 <div>x</div> -->", "<![CDATA[数据]]>", "<!DOCTYPE html>",
           "<?xml version='1.0'?>", "<![if !supportLists]>", "<![endif]>", "<!ELEMENT x>",
           "<br/>", "</br>", "<img src=x>", "</img>", "<p/>", "<div/>", "</p>", "</div>", "<!x",
           "</", "<a<b>", "<p =x>", '<div class="a>b">']


def _fragment(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        if r < 0.4 or depth > 5:
            out.append("".join(rng.choice(_TEXT) for _ in range(rng.randint(1, 6))))
        elif r < 0.52:
            out.append(rng.choice(_MARKUP))
        elif r < 0.6:
            out.append(f"<{rng.choice(_TAGS)} class='c' title=\"&amp;x\">")  # never closed
        elif r < 0.65:
            out.append(f"</{rng.choice(_TAGS)}>")  # closes nothing, or more than its own
        else:
            tag = rng.choice(_TAGS)
            out.append(f"<{tag}>{_fragment(rng, depth + 1)}</{tag}>")
    return "".join(out)


@pytest.mark.parametrize("seed", range(4))
def test_same_text_as_beautiful_soup_on_random_markup(seed: int) -> None:
    rng = random.Random(seed)
    heads = ["", "<!DOCTYPE html>", "<html><head><meta charset='utf-8'><title>标题</title></head>"
             "<body>", "\ufeff"]
    for _ in range(400):
        page = rng.choice(heads) + _fragment(rng)
        data = page.encode(rng.choice(["utf-8", "gb18030", "utf-16"]))
        try:
            expected: str | None = reference(data)
        except Exception:  # Beautiful Soup refused it (html.parser gave up)
            expected = None
        if expected is None:
            with pytest.raises(PipelineError):
                read_html(data)
        else:
            assert read_html(data) == expected, page


ARTICLE = "<p>关于推进数据共享的通知。</p><p>一、建设省级数据共享平台，朱镕基同志题词。</p>"


@pytest.mark.parametrize(("data", "text"), [
    # UTF-8 bytes under a stale declaration: read as UTF-8
    (f'<html><head><meta charset="iso-8859-1"></head><body>{ARTICLE}</body></html>'.encode(),
     "关于推进数据共享的通知。"),
    (f'<html><head><meta charset="gb2312"></head><body>{ARTICLE}</body></html>'.encode(),
     "朱镕基"),
    # a page declared GB2312 holding a GBK-only character (镕): read as GB18030, which holds both
    (f'<html><head><meta charset="gb2312"></head><body>{ARTICLE}</body></html>'.encode("gbk"),
     "朱镕基"),
])
def test_a_pages_characters_whatever_it_declares(data: bytes, text: str) -> None:
    assert text in page_text(data)


@pytest.mark.parametrize(("html", "text"), [
    # an ordered list's items come with the numbers a browser draws before them
    ("<div><h3>二、主要任务</h3><ol><li>建设平台。（责任单位：市数据局）</li><li>编制目录。</li></ol>"
     "<h3>三、保障措施</h3><ol><li>加强领导。</li></ol></div>",
     "二、主要任务\n1. 建设平台。（责任单位：市数据局）\n2. 编制目录。\n三、保障措施\n1. 加强领导。"),
    # items that print their own numbers, and bullets, are read as written
    ("<div><ol><li>1.建设平台。</li><li>2.编制目录。</li></ol><ul><li>一项要点。</li></ul></div>",
     "1.建设平台。\n2.编制目录。\n一项要点。"),
])
def test_ordered_list_items_take_the_numbers_a_browser_draws(html: str, text: str) -> None:
    assert read_html(html.encode("utf-8")) == text
