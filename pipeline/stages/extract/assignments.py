"""Responsibility given by task number after the tasks: 上述第1项由市商务局牵头负责，第2、3项由市财政局
负责…; 第（一）至（三）项任务由县农业农村局牵头，县财政局配合 (labels.toml ``[assignments]``).

Find, then write: ``find`` reads each clause that names tasks by number and then who carries them
out (``Assignment``: the numbers and the span of the clause's bodies, in the notice's compact
string); ``TaskNumbers.named`` maps a clause's numbers to the tasks they name — the task numbered so,
or every task under the unit numbered so — and nothing where a number names two units (the
numbering restarts in each part). The department extractor gives the clause's bodies to those
tasks as their labels (``departments.run``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...model import Task
from ...resources import load_toml
from ...text import alternation
from ..outline.numbering import cn_value

_DIGITS = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
_NUMBER = rf"[（(]?{_DIGITS}[）)]?"
# One reading of a run of numbers: a bare number is followed by a joining word, a bracketed one
# may be followed by the next bracket (（一）（二）); so the search is linear in the text.
_BRACKETED = rf"[（(]{_DIGITS}[）)]"
_TOKEN = rf"(?:{_BRACKETED}|{_DIGITS})"


@dataclass(frozen=True)
class Reference:
    """A task number as a clause writes it: its value, in brackets or not, in Arabic digits or not."""

    value: int
    bracketed: bool
    arabic: bool


@dataclass(frozen=True)
class Assignment:
    """A clause naming tasks by number (``refs``) and, from ``start`` to ``end``, who does them."""

    refs: tuple[Reference, ...]
    start: int
    end: int


NUMBERS_MAX = 60  # characters of the numbers before 项 (第1、2、3、…、12项) read at most


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    """The words after the numbers (项任务由, 条由), found first; the numbers, read back from them."""
    r = load_toml("labels.toml")["assignments"]
    joins = alternation(r["range_words"] + r["list_words"])
    anchor = re.compile(rf"(?:{alternation(r['unit_words'])})(?:{alternation(r['unit_nouns'])})?[，,]?由")
    numbers = re.compile(rf"(?P<first>第)?(?P<numbers>{_TOKEN}(?:(?:{joins})第?{_TOKEN}|{_BRACKETED})*)\Z")
    return anchor, numbers, tuple(r["range_words"])


def _reference(token: str) -> Reference | None:
    digits = token.strip("（()）")
    value = int(digits) if digits.isdigit() else cn_value(digits)
    if value is None:
        return None
    return Reference(value, token[0] in "（(", digits.isdigit())


def _references(numbers: str) -> list[Reference]:
    """The numbers of ``第1至3项``, ``第2、3项``, ``第（一）（二）项``: each one, ranges spelled out."""
    ranges = _rules()[2]
    out: list[Reference] = []
    previous = 0
    for m in re.finditer(_NUMBER, numbers):
        ref = _reference(m.group())
        if ref is None:
            return []
        joiner = numbers[previous:m.start()].replace("第", "")
        previous = m.end()
        if out and joiner in ranges and out[-1].value < ref.value <= out[-1].value + 50:
            out.extend(Reference(v, ref.bracketed, ref.arabic) for v in range(out[-1].value + 1, ref.value))
        out.append(ref)
    return out


_CLAUSE_END = re.compile(r"[。；;\n]")


def find(s: str) -> list[Assignment]:
    """Each clause of the compact string ``s`` that names tasks by number before ``由`` (with
    ``第`` or in brackets: 第4项由…, （一）（二）项由…), its bodies running to the next such clause or
    the end of the sentence."""
    anchor, numbered, _ = _rules()
    found: list[tuple[int, int, str]] = []  # (where its numbers start, where its bodies start, numbers)
    for m in anchor.finditer(s):
        window = s[max(0, m.start() - NUMBERS_MAX):m.start()]  # bounded: linear in the text
        n = numbered.search(window)
        if n and (n.group("first") or n.group("numbers")[0] in "（("):
            found.append((m.start() - len(window) + n.start(), m.end(), n.group("numbers")))
    out = []
    for k, (_, begin, numbers) in enumerate(found):
        stop = _CLAUSE_END.search(s, begin)
        end = stop.start() if stop else len(s)
        if k + 1 < len(found):
            end = min(end, found[k + 1][0])
        refs = _references(numbers)
        if refs and end > begin:
            out.append(Assignment(tuple(refs), begin, end))
    return out


def _number(label: str) -> Reference | None:
    m = re.search(_DIGITS, label)
    if m is None or (label.startswith("第") and label.endswith(("章", "节", "部分"))):
        return None
    ref = _reference(m.group())
    return Reference(ref.value, label.lstrip()[:1] in "（(", ref.arabic) if ref else None


def _matches(ref: Reference, number: Reference | None, strict: bool) -> bool:
    """The same value, and where ``strict`` the same brackets and digits (第（二）项 is the unit
    （二）, not the item 2．, where both are there)."""
    return number is not None and number.value == ref.value and (
        not strict or (number.bracketed, number.arabic) == (ref.bracketed, ref.arabic))


class TaskNumbers:
    """The tasks a reference names (``named``): the one task so numbered, else every task under the
    one enclosing unit so numbered; first as written (brackets and digits alike), then by value
    alone; none where the number is not unique. The tasks' and their units' numbers are read once,
    each reference's answer kept (a notice names few distinct numbers however many clauses)."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.own = [_number(t.number) for t in tasks]
        # each enclosing unit (its path of numbers as written) with its number and its tasks
        units: dict[tuple[str, ...], list[int]] = {}
        for k, task in enumerate(tasks):
            path = tuple(p.number for p in task.parents)
            for depth in range(len(path)):
                units.setdefault(path[:depth + 1], []).append(k)
        self.units = [(_number(path[-1]), members) for path, members in units.items()]
        self._named: dict[Reference, list[int]] = {}

    def named(self, ref: Reference) -> list[int]:
        if ref not in self._named:
            self._named[ref] = self._find(ref)
        return self._named[ref]

    def _find(self, ref: Reference) -> list[int]:
        for strict in (True, False):
            own = [k for k, n in enumerate(self.own) if _matches(ref, n, strict)]
            if own:
                return own if len(own) == 1 else []
            units = [members for number, members in self.units if _matches(ref, number, strict)]
            if units:
                return units[0] if len(units) == 1 else []
        return []
