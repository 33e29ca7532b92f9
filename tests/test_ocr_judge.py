"""The judge of second OCR readings (``pipeline.stages.ocr_judge``): a table of first readings."""

from __future__ import annotations

import pytest

from pipeline.stages.ocr_judge import layout_signals, side_by_side, worth_reading_again

LINE = (100, 0, 1500, 40)  # a line across a single column of text


def _below(k: int) -> tuple[int, int, int, int]:
    return (100, 60 * k, 1500, 60 * k + 40)


@pytest.mark.parametrize(("boxes", "pairs"), [
    ([_below(k) for k in range(10)], 0),  # a column of lines, one under the other
    ([(100, 0, 700, 40), (760, 2, 1500, 42)], 1),  # one line read as two pieces side by side
    ([(100, 0, 700, 40), (760, 30, 1500, 70)], 0),  # beside, but sharing a quarter of a height
    ([(100, 0, 800, 40), (760, 2, 1500, 42)], 0),  # overlapping columns: not side by side
    ([(100, 0, 400, 40), (500, 0, 900, 40), (1000, 5, 1500, 45)], 3),  # three pieces
    ([], 0),
])
def test_lines_side_by_side_are_counted(boxes: list[tuple[int, int, int, int]], pairs: int) -> None:
    assert side_by_side(boxes) == pairs


def test_weak_lines_of_one_character_are_not_counted() -> None:
    lines = [(_below(0), 95.0, 20), (_below(1), 60.0, 12), (_below(2), 30.0, 1), (_below(3), 69.9, 2)]
    assert layout_signals(lines) == [0, 2]


@pytest.mark.parametrize(("confidence", "signals", "rescued", "again"), [
    (None, [0, 0], 0, True),  # nothing read
    (92.0, [5, 9], 4, False),  # at route_below or more: never
    (85.0, [0, 0], 0, True),  # under route_always_below: always
    (89.0, [0, 0], 0, False),  # a clean face read at 89 both ways: not worth it
    (89.0, [0, 2], 1, False),  # one line for rescue, two weak: not enough
    (89.0, [1, 0], 0, True),  # a line read as two pieces side by side
    (89.0, [0, 0], 2, True),  # two lines for rescue
    (89.0, [0, 3], 0, True),  # three weak lines
])
def test_a_first_reading_is_read_again_when_it_shows_it(
        confidence: float | None, signals: list[int], rescued: int, again: bool) -> None:
    assert worth_reading_again(confidence, signals, rescued, 90.0, 87.5) is again


def test_always_below_at_route_below_reads_every_page_under_it_again() -> None:
    assert worth_reading_again(89.9, [0, 0], 0, 90.0, 90.0)
    assert not worth_reading_again(90.0, [0, 0], 0, 90.0, 90.0)
