"""Whether a page's first OCR reading is worth a second one (``worth_reading_again``).

A page under ``ocr.route_below`` used to be read again whatever its reading looked like, but
most pages of a clean face are read at 88-90 both ways, and their second reading is worth
nothing (bench/ocr's generated pages: raw CER 1.19% with it, 1.14% without, at 19% more time).
The second readings that pay back show it in the first reading's lines:
- **a broken layout**: lines side by side (a single column of text read as two: fragments of
  one line put in separate blocks), the signal of the pages worth most (8.6 and 11.3 points of
  their notice's raw CER on ming-q45 and gbsn-q55);
- **weak lines**: two or more lines under ``ocr.rescue_below``, or three under ``WEAK_LINE``;
- a mean confidence under ``ocr.route_always_below``.

``layout_signals`` finds them in tesseract's lines; they are cached with the reading. A page
the judge leaves with one reading is not yet done: when the whole notice is read, a gap in its
numbering (``numbering_gaps``: a heading such as （八） misread, so that the list runs （七）（九）)
sends the pages it spans back for their second reading (``ocr_review``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

WEAK_LINE = 70.0  # a line this unsure of counts towards ``WEAK_LINES``
WEAK_LINES = 3
RESCUED_LINES = 2  # lines under ``ocr.rescue_below`` (the ones ``rescue_lines`` reads alone)
SIDE_BY_SIDE = 1  # pairs of lines side by side


Box = Sequence[int]  # left, top, right, bottom


def side_by_side(boxes: Sequence[Box]) -> int:
    """Pairs of lines that share most of their height but no column: one beside the other."""
    ordered = sorted(boxes, key=lambda box: box[1])
    pairs = 0
    for k, (left, top, right, bottom) in enumerate(ordered):
        for other in ordered[k + 1:]:
            if other[1] >= bottom:
                break  # ordered by top: no later line reaches this one's height
            shared = min(bottom, other[3]) - max(top, other[1])
            if shared > 0.5 * min(bottom - top, other[3] - other[1]) and (
                    min(right, other[2]) <= max(left, other[0])):
                pairs += 1
    return pairs


def layout_signals(lines: Sequence[tuple[Box, float, int]]) -> list[int]:
    """``[pairs of lines side by side, lines under WEAK_LINE]`` of a reading's lines, each given
    as (box, mean word confidence, characters); lines of fewer than two characters are not
    counted as weak (as ``ocr.lines_from_data``'s weak lines)."""
    weak = sum(1 for _, mean, size in lines if mean < WEAK_LINE and size >= 2)
    return [side_by_side([box for box, _, _ in lines]), weak]


def worth_reading_again(confidence: float | None, signals: Sequence[int], rescued: int,
                        route_below: float, always_below: float) -> bool:
    """Whether a first reading of mean ``confidence``, with these ``layout_signals`` and
    ``rescued`` lines under ``ocr.rescue_below``, is read the other way too."""
    if confidence is None or confidence < min(always_below, route_below):
        return True
    if confidence >= route_below:
        return False
    side, weak = signals
    return side >= SIDE_BY_SIDE or rescued >= RESCUED_LINES or weak >= WEAK_LINES


class Numbered(Protocol):
    """A number of a notice's outline (``outline.numbering.Marker``)."""

    @property
    def key(self) -> str: ...  # the sequence it belongs to (its style)

    number: int
    start: int


def numbering_gaps(markers: Iterable[Numbered]) -> list[tuple[int, int]]:
    """The spans of a text where a sequence of numbers misses one: from a number to the next of
    its style but one (（七） then （九）: where （八） should be), or from the text's start through
    the first number of a style when that is 2 (its 1 unread). A number lower than the one
    before starts the style's sequence again (the （一） of the next section)."""
    gaps: list[tuple[int, int]] = []
    last: dict[str, Numbered] = {}
    for marker in markers:
        before = last.get(marker.key)
        if before is None and marker.number == 2:
            gaps.append((0, marker.start + 1))
        elif before is not None and marker.number == before.number + 2:
            gaps.append((before.start, marker.start))
        last[marker.key] = marker
    return gaps
