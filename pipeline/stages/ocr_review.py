"""The numbering review: which pages the judge left with one reading get their second after all.

``ocr_judge`` skips the second reading of a page under ``ocr.route_below`` whose first reading
shows no sign of damage; most such pages read as well one way as the other. The ones it gets
wrong lose a heading: （八） read as a stray line, 一、基本情况 as noise. Such a loss shows in the
notice read whole, as a gap in its numbering (``ocr_judge.numbering_gaps``), once repair has
mended the numbers OCR garbles (二 read as 一一, a full-width bracket read as a narrow one): on
the raw text most notices show gaps that repair closes. So once every page is read, the
notice's text is repaired here (the result is thrown away: the repair stage does the real one
on the final text), its gaps mapped back to the raw text (``repair.edits.map_to_raw``), and the
pages they touch among those the judge passed over get their second reading (the ``resume`` of
their ``ocr.PageReading``, which kept the page's bytes, its skew and its first reading; a
second reading that fails leaves the first).
"""

from __future__ import annotations

from ..config import Config
from ..model import PageSlot
from ..repair.confusion import Params
from ..repair.edits import map_to_raw
from ..repair.passes import repair_text
from .ocr_judge import numbering_gaps
from .outline import numbering

Span = tuple[int, int]


def gap_spans(raw: str, cfg: Config) -> list[Span]:
    """The spans of ``raw`` (a notice's text as read) where its repaired numbering has a gap."""
    if cfg.repair.mode == "off":
        return numbering_gaps(numbering.scan(raw))
    repaired = repair_text(raw, params=Params(margin=cfg.repair.margin))
    return [map_to_raw(span, repaired.repairs, len(raw))
            for span in numbering_gaps(numbering.scan(repaired.text))]


def pages_to_review(raw: str, candidates: list[PageSlot], cfg: Config) -> list[PageSlot]:
    """The ``candidates`` (pages of ``raw``, their ``info.span`` set by ``readers.assemble``)
    that a gap of the numbering touches."""
    if not candidates:
        return []
    spans = gap_spans(raw, cfg)
    return [slot for slot in candidates
            if slot.info.span and any(start < slot.info.span[1] and slot.info.span[0] < end
                                      for start, end in spans)]
