"""Page numbers a converter left inside a text: a PDF exported to text keeps each page's footer
(— 6 —, - 3 -, 第3页) where the page broke, on a line of its own or — where the export joined
the lines — inside the sentence the page cut (交通基础- 3 -设施, 10辆及— 8 —以上的).

Such a number splits words, targets (不少于3 … 年) and pointers (见附件 … 2), so it is taken out,
one logged edit each. A decorated number is only taken for a page's where it belongs to a run
of them that goes up page by page through the text (each the one before it plus 1 to
``MAX_STEP``: pages without a footer, or a blank page, skip a number), at least ``MIN_RUN``
long; a lone "- 3 -" or a decorated number out of sequence stays as written.
"""

from __future__ import annotations

import re

from .edits import Edit

_DASH = "-—–－"
# a line holding only a decorated page number (the line's break goes with it)
_LINE = re.compile(
    rf"^[ \t\u3000]*(?:[{_DASH}][ \t]*(\d{{1,3}})[ \t]*[{_DASH}]"
    r"|第[ \t]*(\d{1,3})[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)"
    r"[ \t\u3000]*(?:\n|$)", re.MULTILINE)
# a decorated page number between two characters of one sentence (a space either side at most)
_INLINE = re.compile(rf"(?<=[\u4e00-\u9fff，。、；：）”])[ \t]?[{_DASH}][ \t]?(\d{{1,3}})[ \t]?[{_DASH}]"
                     r"[ \t]?(?=[\u4e00-\u9fff（“])")
MAX_STEP = 3
MIN_RUN = 2


def _candidates(text: str, inline: bool) -> list[tuple[int, int, int]]:
    """(start, end, page) of every decorated number, in text order."""
    found = [(m.start(), m.end(), int(m.group(1) or m.group(2))) for m in _LINE.finditer(text)]
    if inline:
        found += [(m.start(), m.end(), int(m.group(1))) for m in _INLINE.finditer(text)]
    return sorted(found)


def _run(found: list[tuple[int, int, int]]) -> list[int]:
    """Indexes of the longest run of ``found`` whose pages go up by 1 to MAX_STEP each (linear:
    the best run ending on each page number so far)."""
    best: dict[int, tuple[int, int]] = {}  # page -> (length of the best run ending there, index)
    back: list[int] = []
    top = (0, -1)
    for i, (_, _, page) in enumerate(found):
        before = max((best[page - s] for s in range(1, MAX_STEP + 1) if page - s in best),
                     default=(0, -1))
        back.append(before[1])
        mine = (before[0] + 1, i)
        if mine[0] > best.get(page, (0, -1))[0]:
            best[page] = mine
        top = max(top, mine)
    out, i = [], top[1]
    while i >= 0:
        out.append(i)
        i = back[i]
    return out[::-1] if len(out) >= MIN_RUN else []


def page_number_edits(text: str, inline: bool = True) -> list[Edit]:
    """Edits removing the page numbers of ``text``'s longest run of them (module doc)."""
    found = _candidates(text, inline)
    return [Edit(found[i][0], found[i][1], "", "page_number", 0.95) for i in _run(found)]
