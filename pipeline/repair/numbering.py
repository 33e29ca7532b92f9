"""Item numbers OCR could not read, restored from the grammar of 公文 numbering.

Items under a section are numbered （一）（二）（三）… in order. A line that starts like an item
(``全 )``, ``《和 )``, ``（入）``: one Chinese character that is not a numeral, closed by a bracket,
the opening bracket perhaps lost or misread) and stands between item n and item n + 2 of the
same section is item n + 1: its marker is rewritten ``（n+1）``. Nothing else is guessed: a
garbled marker at the end of a list, or between items that do not follow each other, is left.
"""

from __future__ import annotations

import re

from ..text import cn_number
from .edits import Edit

_CN = "一二三四五六七八九十"
_ITEM = re.compile(rf"(?m)^[ \t\u3000]*[（(〈《]\s*(?P<num>[{_CN}]{{1,3}})\s*[）)]")
_GARBLED = re.compile(rf"(?m)^[ \t\u3000]*(?P<mark>[（(〈《]?\s*[^\s{_CN}（(〈《）)]\s*[）)][ \t]*)(?=[\u4e00-\u9fff])")
_SECTION = re.compile(rf"(?m)^[ \t\u3000]*[{_CN}]{{1,3}}\s*、")


def _label(n: int) -> str:
    return _CN[n - 1] if n <= 10 else "十" + _CN[n - 11]


def item_number_edits(text: str) -> list[Edit]:
    marks: list[tuple[int, str, int, int]] = []  # (offset, kind, number, end of marker)
    for m in _ITEM.finditer(text):
        marks.append((m.start("num"), "item", cn_number(m.group("num")) or 0, m.end()))
    for m in _GARBLED.finditer(text):
        if not re.search(r"[\u4e00-\u9fff]", m.group("mark")):
            continue
        marks.append((m.start("mark"), "garbled", 0, m.end("mark")))
    for m in _SECTION.finditer(text):
        marks.append((m.start(), "section", 0, m.end()))
    marks.sort()
    edits = []
    for before, mark, after in zip(marks, marks[1:], marks[2:], strict=False):
        if (mark[1] == "garbled" and before[1] == "item" and after[1] == "item"
                and after[2] == before[2] + 2 and before[2] + 1 <= 20):
            edits.append(Edit(mark[0], mark[3], f"（{_label(before[2] + 1)}）", "item_number", 0.75))
    return edits
