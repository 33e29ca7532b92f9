"""The numbers Word draws in front of list paragraphs (.docx ``w:numPr``): not characters of the
text, so a notice whose 一、 and （一） come from automatic numbering would read without its
outline. Each numbered paragraph gets its number as Word shows it: the level's ``lvlText``
(``%1、``, ``（%1）``, ``%1.%2``) with each level's counter in its ``numFmt`` (decimal,
chineseCounting 一二三, ideographTraditional 甲乙丙, decimalEnclosedCircle ①…). Bullets are not
numbers and are left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "〇一二三四五六七八九"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
MAX_LEVELS = 9


def chinese(n: int, digits: str = DIGITS, ten: str = "十") -> str:
    """一 … 九十九 (and on, digit by digit, past that): how Word counts in chineseCounting."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return "".join(digits[int(c)] for c in str(n))


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def formatted(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese(n)
    if fmt == "chineseLegalSimplified":
        return chinese(n, LEGAL, "拾")
    if fmt == "ideographTraditional" and 1 <= n <= len(STEMS):
        return STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: the numbers of the levels above shown as decimals


@dataclass
class Numbering:
    """The document's list definitions and, as paragraphs are read in order, their counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    # numId -> whose counters it uses: lists of one definition go on counting (Word's behaviour)
    # unless a list restarts (a startOverride makes its own)
    counted_as: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, part: Any) -> Numbering:
        """From the document part's numbering part (none: no list numbers)."""
        try:
            root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, Level]] = {}
        for node in root.iter(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId", "")] = _levels(node)
        out = cls()
        for node in root.iter(f"{W}num"):
            ref = node.find(f"{W}abstractNumId")
            abstract_id = ref.get(f"{W}val", "") if ref is not None else ""
            levels = dict(abstract.get(abstract_id, {}))
            num_id = node.get(f"{W}numId", "")
            overridden = node.find(f"{W}lvlOverride") is not None
            out.counted_as[num_id] = f"num:{num_id}" if overridden else f"abstract:{abstract_id}"
            for override in node.iter(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"))
                own = override.find(f"{W}lvl")
                if own is not None:
                    levels |= _levels(override)
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl is not None and ilvl in levels:
                    levels[ilvl] = Level(_int(start.get(f"{W}val")) or 0, levels[ilvl].fmt,
                                         levels[ilvl].text, levels[ilvl].legal)
            out.levels[num_id] = levels
        return out

    def number(self, num_id: str, ilvl: int) -> str:
        """The next number of list ``num_id`` at level ``ilvl``, as Word draws it ("" for a
        bullet, an unknown list or level)."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < MAX_LEVELS:
            return ""
        counts = self.counters.setdefault(self.counted_as.get(num_id, num_id), [0] * MAX_LEVELS)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl].start
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counts[deeper] = 0
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def one(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k <= ilvl or k not in levels:
                return ""
            value = counts[k] or levels[k].start
            return str(value) if level.legal and k < ilvl else formatted(value, levels[k].fmt)

        return re.sub(r"%([1-9])", one, level.text)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _levels(node: Any) -> dict[int, Level]:
    out = {}
    for lvl in node.iter(f"{W}lvl"):
        ilvl = _int(lvl.get(f"{W}ilvl"))
        if ilvl is None:
            continue
        start, fmt, text = lvl.find(f"{W}start"), lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText")
        out[ilvl] = Level(_int(start.get(f"{W}val")) if start is not None else 1,
                          fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                          text.get(f"{W}val", "") if text is not None else "",
                          lvl.find(f"{W}isLgl") is not None)
    return out


def paragraph_number(p: Any, numbering: Numbering, styles: dict[str, tuple[str, int]]) -> str:
    """The list number Word draws before paragraph ``p``: from its own ``w:numPr``, else from its
    style's."""
    ppr = p.find(f"{W}pPr")
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is not None:
        ref, level = num.find(f"{W}numId"), num.find(f"{W}ilvl")
        num_id = ref.get(f"{W}val", "") if ref is not None else ""
        ilvl = _int(level.get(f"{W}val")) if level is not None else 0
    else:
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        num_id, ilvl = styles.get(style.get(f"{W}val", "") if style is not None else "", ("", 0))
    if not num_id or num_id == "0":
        return ""
    return numbering.number(num_id, ilvl or 0)


def style_numbers(part: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs: style id -> (numId, ilvl)."""
    try:
        root = part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    out = {}
    for style in root.iter(f"{W}style"):
        num = style.find(f"{W}pPr/{W}numPr")
        ref = num.find(f"{W}numId") if num is not None else None
        if ref is not None:
            level = num.find(f"{W}ilvl")
            out[style.get(f"{W}styleId", "")] = (ref.get(f"{W}val", ""),
                                                 (_int(level.get(f"{W}val")) or 0) if level is not None else 0)
    return out
