r"""Item numbers OCR could not read, restored from the grammar of 公文 numbering.

Items under a section are numbered （一）（二）（三）… in order. Two misreadings are restored:

* a line that starts like an item (``全 )``, ``《和 )``, ``（入）``: one Chinese character that is
  not a numeral, closed by a bracket, the opening bracket perhaps lost or misread) and stands
  between item n and item n + 2 of the same section, with no （n+1） anywhere between them, is
  item n + 1: its marker becomes ``（n+1）``. A run of k such lines in a row (``全 )`` then
  ``伍 )`` between （一） and （四）) between item n and item n + k + 1 is items n + 1 … n + k;
  one or more that open a section (right after 一、 and before item k + 1) are items 1 … k;
* a line that starts with a readable numeral whose opening bracket was read as a character
  (``人二)``, ``人三)``) is item k when the item before it is k - 1 and the one after it k + 1:
  the character becomes （. So is a numeral whose bracket was read as ASCII junk (``< 三)``,
  ``\ 四 )``), with a character inside it (``(人二)``), or lost (``二）``): its marker
  becomes （k）.

* a readable item number with the wrong numeral (``（三）`` between （一） and （三）: 二 read as
  三) is item n + 1 when it stands between item n and item n + 2 and no （n+1） stands between them;
  so is a section heading's numeral (``三、工作目标`` between 一、 and 三、) among the section headings;
* a marker of one to three letters and digits with a letter (``4A)``, ``7S\)``: no item is numbered so)
  right after item n that ends its list (the next marker is a section 一、 or none) is item
  n + 1 when no （n+1） stands anywhere after item n. So is a Chinese character there that OCR
  reads for the numeral of n + 1 (``（入）`` for （八）, ``ocr_lookalikes`` in
  resources/numbering.toml); any other character (``（注）``) is not guessed;
* an Arabic number whose stop OCR lost (``1 进一步完善…`` before ``3. 进一步推进…``) takes the stop
  of its list when it opens a line after a finished sentence or a heading and the line-opening
  numbers around it count on from it, two or more of them with that stop.

Nothing else is guessed: a garbled marker between items that do not follow each other is left.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..resources import load_toml
from ..text import CN_NUMERALS, cn_label, cn_number
from .edits import Edit

_CN = CN_NUMERALS
_ITEM = re.compile(rf"(?m)^[ \t\u3000]*[（(〈《]\s*(?P<num>[{_CN}]{{1,3}})\s*[）)]")
# _NOT_BLANK: a mark opens on its own line, not on a line of only whitespace before it. From such a
# line the \s* inside the mark read on through every blank line after it, again from each
# (quadratic in a run of them), and the edit then took those lines' breaks with it: a mark after a
# blank line is now replaced alone, the blank line kept (the only change of output; a line that opens
# with another space, \xa0 or a form feed, is read as before).
_NOT_BLANK = r"(?![^\S\n]*(?:\n|$))"
_GARBLED = re.compile(rf"(?m)^[ \t\u3000]*+{_NOT_BLANK}(?P<mark>[（(〈《]?\s*(?:[^\s{_CN}（(〈《）)0-9A-Za-z]|"
                      rf"(?=[0-9A-Za-z\\/|]{{0,2}}[A-Za-z])[0-9A-Za-z\\/|]{{1,3}})\s*[）)][ \t]*)(?=[\u4e00-\u9fff])")
_LOST_OPEN = re.compile(rf"(?m)^[ \t\u3000]*(?P<open>(?![{_CN}])[\u4e00-\u9fff])\s*(?P<num>[{_CN}]{{1,3}})\s*[）)]")
# a readable numeral whose opening bracket OCR misread as ASCII junk (``< 三)``, ``\ 四 )``),
# read with a character inside it (``(人二)``, ``《和八 )``), doubled (``(《八 )``) or lost (``二）``)
_BAD_OPEN = re.compile(rf"(?m)^[ \t\u3000]*+{_NOT_BLANK}(?P<open>[<\\|\[{{〔]|[（(〈《]\s*(?![{_CN}])[\u4e00-\u9fff]"
                       rf"|[（(〈《]\s*[（(〈《]|)"
                       rf"\s*(?P<num>[{_CN}]{{1,3}})\s*[）)](?=\s*[\u4e00-\u9fff])")
# a readable numeral whose closing bracket OCR lost (``(三 严格落实…``): a space after it, the heading next
_LOST_CLOSE = re.compile(rf"(?m)^[ \t\u3000]*(?P<open>[（(])\s*(?P<num>[{_CN}]{{1,3}})[ \t\u3000]+(?=[\u4e00-\u9fff])")
_NUMBERED = ("item", "lost_open", "bad_open")
_NUMERAL = re.compile(rf"[{_CN}]+")
_SECTION = re.compile(rf"(?m)^[ \t\u3000]*[{_CN}]{{1,3}}\s*、")


@dataclass
class _Mark:
    at: int
    kind: str  # item | garbled | lost_open | section
    number: int = 0
    end: int = 0


def _marks(text: str) -> list[_Mark]:
    marks = [_Mark(m.start("num"), "item", cn_number(m.group("num")) or 0, m.end())
             for m in _ITEM.finditer(text)]
    marks += [_Mark(m.start("mark"), "garbled", 0, m.end("mark")) for m in _GARBLED.finditer(text)
              if re.search(r"[\u4e00-\u9fffA-Za-z]", m.group("mark"))]
    marks += [_Mark(m.start("open"), "lost_open", cn_number(m.group("num")) or 0, m.end("open"))
              for m in _LOST_OPEN.finditer(text)]
    marks += [_Mark(m.start(), "section") for m in _SECTION.finditer(text)]
    taken = {m.at for m in marks}
    marks += [_Mark(m.start("open") if m.group("open") else m.start("num"), "bad_open",
                    cn_number(m.group("num")) or 0, m.end())
              for m in _BAD_OPEN.finditer(text)
              if m.start("open") not in taken and m.start("num") not in taken]
    taken = {m.at for m in marks}
    marks += [_Mark(m.start("open"), "bad_open", cn_number(m.group("num")) or 0, m.end())
              for m in _LOST_CLOSE.finditer(text) if m.start("open") not in taken]
    return sorted(marks, key=lambda m: m.at)


def _runs(text: str, marks: list[_Mark]) -> tuple[list[Edit], set[int]]:
    """Runs of garbled markers numbered from the items around them (two or more between items,
    one or more opening a section), and the marks they used."""
    edits: list[Edit] = []
    used: set[int] = set()
    k = 0
    while k < len(marks):
        if marks[k].kind != "garbled":
            k += 1
            continue
        end = k
        while end + 1 < len(marks) and marks[end + 1].kind == "garbled":
            end += 1
        run = marks[k:end + 1]
        before = marks[k - 1] if k > 0 else None
        after = marks[end + 1] if end + 1 < len(marks) else None
        k = end + 1
        if before is None or after is None or after.kind not in _NUMBERED:
            continue
        if len(run) < 2 and before.kind != "section":  # a single gap between items: see below
            continue
        first = (before.number + 1 if before.kind in _NUMBERED
                 else 1 if before.kind == "section" else 0)
        if not first or after.number != first + len(run) or after.number > 99:
            continue
        span = text[before.end if before.kind in _NUMBERED else before.at:after.at]
        labels = [cn_label(first + i) for i in range(len(run))]
        if any(re.search(rf"[（(]\s*{label}\s*[）)]", span) for label in labels):
            continue  # one of them is there already: the run is not what it seems
        for mark, label in zip(run, labels, strict=True):
            edits.append(Edit(mark.at, mark.end, f"（{label}）", "item_number", 0.7))
            used.add(mark.at)
    return edits, used


def _lookalikes() -> dict[str, list[str]]:
    return load_toml("numbering.toml")["ocr_lookalikes"]


def _reads_as(mark: str, number: int) -> bool:
    """Whether a garbled marker can be item ``number`` misread: Latin junk, or one character OCR
    reads for that numeral."""
    if re.search("[A-Za-z]", mark):
        return True
    chars = re.findall(r"[\u4e00-\u9fff]", mark)
    return len(chars) == 1 and chars[0] in _lookalikes().get(cn_label(number), [])


def _ends_list(after: _Mark | None) -> bool:
    """Whether the mark after an item shows its list ended: none, a section heading, or an item 1
    (a new list, its heading perhaps lost to OCR)."""
    return after is None or after.kind == "section" or (after.kind in _NUMBERED and after.number == 1)


def item_number_edits(text: str) -> list[Edit]:
    """Edits restoring unreadable item markers from their neighbours (see the module docstring)."""
    marks = _marks(text)
    edits, used = _runs(text, marks)
    for k, mark in enumerate(marks):
        if mark.at in used:
            continue
        before = marks[k - 1] if k > 0 else None
        after = marks[k + 1] if k + 1 < len(marks) else None
        if (mark.kind == "garbled" and before and before.kind in _NUMBERED and 0 < before.number < 98
                and _ends_list(after)
                and _reads_as(text[mark.at:mark.end], before.number + 1)):
            label = cn_label(before.number + 1)  # the last item of its list
            if not re.search(rf"[（(]\s*{label}\s*[）)]", text[before.end:after.at if after else len(text)]):
                edits.append(Edit(mark.at, mark.end, f"（{label}）", "item_number", 0.6))
            continue
        if (mark.kind == "bad_open" and before and before.kind in _NUMBERED
                and before.number == mark.number - 1 and _ends_list(after)):
            rest = text[before.end:after.at if after else len(text)]  # the last item of its list
            if not re.search(rf"[（(]\s*{cn_label(mark.number)}\s*[）)]", rest):
                edits.append(Edit(mark.at, mark.end, f"（{cn_label(mark.number)}）", "item_number", 0.7))
            continue
        if not before or not after or before.kind not in _NUMBERED or after.kind not in _NUMBERED:
            continue
        between = text[before.end:after.at]
        if mark.kind == "garbled" and after.number == before.number + 2 and before.number < 98:
            label = cn_label(before.number + 1)
            if not re.search(rf"[（(]\s*{label}\s*[）)]", between):  # not already there, mid-line
                edits.append(Edit(mark.at, mark.end, f"（{label}）", "item_number", 0.75))
        elif (mark.kind == "item" and after.number == before.number + 2 < 100
              and mark.number != before.number + 1):
            label = cn_label(before.number + 1)
            if not re.search(rf"[（(]\s*{label}\s*[）)]", between):
                numeral = _NUMERAL.match(text, mark.at)
                assert numeral is not None  # an item mark starts at its numeral
                edits.append(Edit(mark.at, numeral.end(), label, "item_number", 0.75))
        elif (mark.kind == "lost_open" and before.number == mark.number - 1
              and after.number == mark.number + 1):
            edits.append(Edit(mark.at, mark.end, "（", "item_number", 0.8))
        elif (mark.kind == "bad_open" and before.number == mark.number - 1
              and after.number == mark.number + 1):
            edits.append(Edit(mark.at, mark.end, f"（{cn_label(mark.number)}）", "item_number", 0.8))
    return edits + section_number_edits(text) + arabic_stop_edits(text) + arabic_number_edits(text)


_HEADING = re.compile(rf"(?m)^[ \t\u3000]*(?P<num>[{_CN}]{{1,3}})\s*、(?=[^\n]{{1,40}}$)")


def section_number_edits(text: str) -> list[Edit]:
    """``一、…  三、工作目标  三、主要任务`` -> the middle heading is 二、: a section heading between
    headings n and n + 2 whose numeral is not n + 1, with no other heading n + 1 between them."""
    heads = [(m, cn_number(m.group("num")) or 0) for m in _HEADING.finditer(text)]
    edits = []
    for (_, before), (m, number), (_, after) in zip(heads, heads[1:], heads[2:], strict=False):
        if after == before + 2 < 100 and number != before + 1:
            edits.append(Edit(m.start("num"), m.end("num"), cn_label(before + 1), "item_number", 0.75))
    return edits


_ARABIC = re.compile(r"(?m)^[ \t\u3000]*(?P<num>\d{1,2})(?:\s*(?P<stop>[.．、])(?!\d)|(?P<gap>[ \t]+)"
                     r"(?=[\u4e00-\u9fff]))")
_CLOSED = re.compile(r"[。！？；：:;!?]\s*$")  # a line that finishes its sentence


def _after_break(text: str, at: int) -> bool:
    """Whether the line starting at ``at`` follows a finished sentence, a heading or nothing."""
    before = text[max(0, at - 400):at].rstrip()  # a bounded look back: the line before is short
    if not before:
        return True
    last = before[before.rfind("\n") + 1:]
    return bool(_CLOSED.search(last) or (len(last.strip()) <= 30 and _SECTION.match(last)))


def arabic_stop_edits(text: str) -> list[Edit]:
    """``1 进一步…`` -> ``1.进一步…`` where the Arabic list around it shows the stop (module doc)."""
    marks = [m for m in _ARABIC.finditer(text) if m.group("stop") or _after_break(text, m.start())]
    edits: list[Edit] = []
    start = 0
    while start < len(marks):
        end = start + 1
        while end < len(marks) and int(marks[end]["num"]) == int(marks[end - 1]["num"]) + 1:
            end += 1
        chain, start = marks[start:end], end
        stops = {m["stop"] for m in chain if m["stop"]}
        if len(stops) != 1 or sum(bool(m["stop"]) for m in chain) < 2:
            continue
        stop = stops.pop()
        edits += [Edit(m.end("num"), m.end("num"), stop, "item_number", 0.7)
                  for m in chain if not m["stop"]]
    return edits


# A line opening with one character and the list's stop (``和. 进一步加强…`` between ``3.`` and ``5.``).
_ARABIC_GARBLED = re.compile(r"(?m)^[ \t\u3000]*(?P<mark>[^\W\d_])\s*(?P<stop>[.．])[ \t]*(?=[\u4e00-\u9fff])")


def arabic_number_edits(text: str) -> list[Edit]:
    """``3. …  和. …  5. …`` -> the middle line is 4.: a line-opening character with the stop of
    the Arabic items n and n + 2 right around it, and no other such character between them."""
    marks = [(m.start(), int(m["num"]), m["stop"]) for m in _ARABIC.finditer(text) if m.group("stop")]
    starts = [x[0] for x in marks]
    garbled = list(_ARABIC_GARBLED.finditer(text))
    at = [g.start() for g in garbled]
    edits: list[Edit] = []
    for m in garbled:
        k = bisect_left(starts, m.start())  # the marks right around it, by bisection
        if k == 0 or k == len(marks):
            continue
        b, a = marks[k - 1], marks[k]
        alone = bisect_left(at, a[0]) - bisect_right(at, b[0]) == 1  # no other between them
        if a[1] == b[1] + 2 < 100 and b[2] == a[2] == m["stop"] and alone:
            edits.append(Edit(m.start("mark"), m.end("mark"), str(b[1] + 1), "item_number", 0.75))
    return edits
