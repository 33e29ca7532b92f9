"""The numbering review (``pipeline.stages.ocr_review``): gaps in a notice's numbering send the
pages the judge passed over back for their second reading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import pipeline.stages.ocr as ocr
from pipeline.config import Config, load_config
from pipeline.model import Notice, PageSlot, Provenance, Source
from pipeline.stages.ocr_judge import numbering_gaps
from pipeline.stages.ocr_review import gap_spans, pages_to_review
from pipeline.stages.outline import numbering
from pipeline.stages.readers import assemble


@pytest.mark.parametrize(("text", "gaps"), [
    # （二） lost: from （一） to （三）
    ("一、总体要求\n二、主要任务\n（一）加强管理。\n（三）推进服务。\n三、保障措施\n", ["（一）加强管理。\n"]),
    # an arabic item lost
    ("一、总体要求\n1.甲项工作。\n2.乙项工作。\n4.丙项工作。\n", ["2.乙项工作。\n"]),
    # 一、 lost: from the text's start through the 二 that opens the style
    ("各区人民政府：\n二、主要任务\n三、保障措施\n", ["各区人民政府：\n二"]),
    # lists that start again under each heading: no gap
    ("一、总体要求\n（一）甲。\n（二）乙。\n二、主要任务\n（一）丙。\n（二）丁。\n", []),
    ("一、总体要求\n二、主要任务\n三、保障措施\n", []),
    # a skip of two (two headings lost) is not taken for a gap: a list of its own more often
    ("一、总体要求\n二、主要任务\n五、保障措施\n", []),
])
def test_numbering_gaps(text: str, gaps: list[str]) -> None:
    assert [text[a:b] for a, b in numbering_gaps(numbering.scan(text))] == gaps


def _slots(pages: list[str]) -> tuple[str, list[PageSlot]]:
    slots = [PageSlot(k + 1, text=page) for k, page in enumerate(pages)]
    return assemble(slots), slots


PAGES = ["关于推进养老服务的通知\n一、总体要求\n坚持以人民为中心。\n二、主要任务\n（一）完善居家养老服务。\n",
         "（二）加强机构消防安全管理。\n（四）提升失能老年人照护能力。\n",
         "三、保障措施\n各地要加强组织领导。\n"]


def test_the_pages_a_gap_touches_among_the_candidates_are_reviewed() -> None:
    text, slots = _slots(PAGES)
    assert [s.number for s in pages_to_review(text, slots, Config())] == [2]
    assert pages_to_review(text, [slots[0], slots[2]], Config()) == []  # not candidates
    assert pages_to_review(text, [], Config()) == []


def test_gaps_are_found_in_the_repaired_text_and_mapped_to_the_raw() -> None:
    # OCR read 二 as 一一: a gap in the raw numbering that repair closes
    raw = "一、总体要求\n坚持。\n一一、主要任务\n三、保障措施\n"
    assert gap_spans(raw, load_config(None, {"repair": {"mode": "off"}})) != []
    assert gap_spans(raw, Config()) == []
    # a gap repair leaves, after a repair that shortened the text: its span is in raw offsets
    raw = "一、总体要求\n坚持。\n一一、主要任务\n（一）完善服务。\n（三）加强管理。\n"
    assert [raw[a:b] for a, b in gap_spans(raw, Config())] == ["（一）完善服务。\n"]


def _notice(slots: list[PageSlot]) -> Notice:
    notice = Notice(id="r", source=Source(path="r.pdf", sha256="", format="pdf_scan"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice._pages = slots
    return notice


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool | None]]:
    """``ocr.read_page`` replaced: each image is a page's text; page 2's first reading loses its
    （三） and the judge passes it over when it may wait for the review; its second reading has
    it."""
    calls: list[tuple[int, bool | None]] = []

    def read_page(slot: PageSlot, cfg: Config, wait: Callable[[], bool] | None = None,
                  again: bool | None = None) -> ocr.PageReading:  # again: the resume's call
        calls.append((slot.number, again))
        text = (slot.image or b"").decode()
        if slot.number != 2:
            return ocr.PageReading(text, 95.0, False, "plain", "")
        if not again and wait is not None and wait():  # passed over: waits for the review
            kept = PageSlot(slot.number, image=slot.image)  # the page's bytes wait in resume
            return ocr.PageReading(text.replace("（三）", "C三）"), 89.0, False, "plain", "",
                                   lambda: ocr.read_page(kept, cfg, again=True))
        return ocr.PageReading(text, 89.0, False, "plain+deskew", "")  # read both ways

    monkeypatch.setattr(ocr, "read_page", read_page)
    monkeypatch.setattr(ocr, "tesseract_version", lambda: "5")
    monkeypatch.setattr(ocr.tess, "tessdata", lambda *_: Path("."))
    return calls


SCAN = ["一、总体要求\n坚持以人民为中心，推进养老服务体系建设。\n二、主要任务\n（一）完善居家社区养老服务网络。\n",
        "（二）加强养老机构消防安全管理。\n（三）推进医养结合，提升失能老年人照护能力。\n",
        "（四）发展老年教育。\n三、保障措施\n各地要加强组织领导，落实资金保障。\n"]


def test_a_passed_over_page_in_a_numbering_gap_is_read_again(
        readings: list[tuple[int, bool | None]]) -> None:
    slots = [PageSlot(k + 1, image=page.encode()) for k, page in enumerate(SCAN)]
    notice = ocr.run(_notice(slots), Config())
    assert sorted(readings, key=repr) == [(1, None), (2, None), (2, True), (3, None)]
    assert "（三）推进医养结合" in notice.raw_text
    assert [p.ocr_route for p in notice.source.page_info] == ["plain", "plain+deskew", "plain"]
    assert all(slot.image is None for slot in slots)  # every page image let go


def test_a_passed_over_page_without_a_gap_keeps_its_one_reading(
        readings: list[tuple[int, bool | None]]) -> None:
    pages = [SCAN[0], SCAN[1].replace("（三）", "（九）"), SCAN[2]]  # no （三） to lose
    slots = [PageSlot(k + 1, image=page.encode()) for k, page in enumerate(pages)]
    ocr.run(_notice(slots), Config())
    assert sorted(readings, key=repr) == [(1, None), (2, None), (3, None)]
    assert all(slot.image is None for slot in slots)


def test_a_page_there_is_no_room_to_keep_is_read_again_at_once(
        readings: list[tuple[int, bool | None]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "KEEP_FOR_REVIEW", 10)
    slots = [PageSlot(k + 1, image=page.encode()) for k, page in enumerate(SCAN)]
    notice = ocr.run(_notice(slots), Config())
    assert sorted(readings, key=repr) == [(1, None), (2, None), (3, None)]  # no review
    assert "（三）推进医养结合" in notice.raw_text
    assert notice.source.page_info[1].ocr_route == "plain+deskew"  # read twice at once


def test_a_second_reading_that_fails_leaves_the_first(
        readings: list[tuple[int, bool | None]], monkeypatch: pytest.MonkeyPatch) -> None:
    first = ocr.read_page

    def read_page(slot: PageSlot, cfg: Config, wait: Callable[[], bool] | None = None,
                  again: bool | None = None) -> ocr.PageReading:
        if again:
            raise RuntimeError("tesseract died")
        return first(slot, cfg, wait)

    monkeypatch.setattr(ocr, "read_page", read_page)
    slots = [PageSlot(k + 1, image=page.encode()) for k, page in enumerate(SCAN)]
    notice = ocr.run(_notice(slots), Config())
    assert "C三）推进医养结合" in notice.raw_text and not notice.errors
    assert all(slot.image is None for slot in slots)


@pytest.mark.parametrize(("wait", "readings", "passed"), [
    (None, 2, False),  # no review to come: read both ways
    (lambda: False, 2, False),  # no room to wait
    (lambda: True, 1, True),  # waits for the review
])
def test_a_page_the_judge_passes_over_waits_only_where_it_may(
        monkeypatch: pytest.MonkeyPatch, wait: Callable[[], bool] | None, readings: int,
        passed: bool) -> None:
    from PIL import Image

    from pipeline.stages.readers.ink import encode

    asked: list[bytes] = []

    def read_image(key: bytes, load: Callable[[], object], cfg: Config, psm: int | None = None
                   ) -> ocr.Reading:
        asked.append(key)
        return "一、总体要求", 89.0, False, [], [0, 0]  # under 90, no sign of damage

    monkeypatch.setattr(ocr, "read_image", read_image)
    page = encode(Image.new("L", (400, 300), 255), raw=True)
    result = ocr.read_page(PageSlot(1, image=page), Config(), wait=wait)
    assert (len(asked), result.passed) == (readings, passed)


def test_a_resumed_page_reads_only_its_other_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second reading of a page that waited asks for the other route's reading alone: the
    page's skew is not searched again nor its first reading asked for again (from the cache, or
    from tesseract where the cache cannot be written)."""
    from PIL import Image

    from pipeline.stages.readers.ink import encode

    asked: list[bytes] = []
    skews: list[object] = []

    def read_image(key: bytes, load: Callable[[], object], cfg: Config, psm: int | None = None
                   ) -> ocr.Reading:
        asked.append(key)
        if key.endswith(b":0.0"):  # the straightened route: surer, with the lost （三）
            return "（三）推进医养结合", 92.0, False, [], [0, 0]
        return "C三）推进医养结合", 89.0, False, [], [0, 0]

    def skew_angle(image: object) -> float:
        skews.append(image)
        return 0.0

    monkeypatch.setattr(ocr, "read_image", read_image)
    monkeypatch.setattr(ocr, "skew_angle", skew_angle)
    page = encode(Image.new("L", (400, 300), 255), raw=True)
    first = ocr.read_page(PageSlot(1, image=page), Config(), wait=lambda: True)
    assert first.passed and first.text == "C三）推进医养结合" and len(asked) == len(skews) == 1
    assert first.resume is not None
    second = first.resume()
    assert (second.text, second.route, second.passed) == ("（三）推进医养结合", "deskew+binarize",
                                                          False)
    assert asked == [page, page + b"|deskew+binarize:0.0"] and len(skews) == 1
