"""Punctuation: half-width marks in Chinese sentences, 一 read for a range dash, quotes, spaces.

* ``width_edits``: , : ; ( ) ? ! -> ，：；（）？！ where a Chinese character or full-width mark
  is the nearest neighbour (never between two ASCII letters or digits: 1,000, 10:30, (a)).
* ``range_dash_edits``: 2020年4月一12月 / 4月-12月 -> 4月—12月; 1月一疫情结束 -> 1月—疫情结束.
* ``quote_edits``: a doubled quote mark (““) made single; ASCII " in Chinese made “ or ” by turn.
* ``space_edits``: spaces an OCR put next to full-width marks or between a Chinese character and
  a number with its unit (到 2020年底, （一 ）).
* ``field_colon_edits``: the colon of a responsibility field read as a comma or stop
  (（责任部门，民政部门） -> （责任部门：民政部门）): the field cues of resources/labels.toml, opening a
  bracket or a line.
* ``enumeration_comma_edits``: an enumeration comma read as a backtick (民政部` 应急管理部) where
  another 、 of the same clause shows the list.
"""

from __future__ import annotations

import re
from functools import cache

from ..resources import load_toml
from ..text import CJK, FULLWIDTH_PUNCT
from .edits import Edit

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_WIDE = re.compile(rf"[{CJK}{FULLWIDTH_PUNCT}]")
_UNIT_AFTER_NUMBER = "年月日号时%％个万亿元"
_PUNCT = set("，。、；：？！（）《》〈〉【】〔〕「」『』“”‘’—…,:;()?!")
_BEFORE_NUMBER = set("到至在于从自为约共达及和与或前后第低高过少多")  # 到 2020年, 不低于 50%



def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return text[j] if 0 <= j < len(text) and text[j] != "\n" else ""


def width_edits(text: str) -> list[Edit]:
    edits = []
    opened: list[bool] = []  # for each open "(": whether it was made full-width
    for i, ch in enumerate(text):
        full = HALF_TO_FULL.get(ch)
        if full is None:
            continue
        if ch == ")" and opened and opened.pop():
            edits.append(Edit(i, i + 1, full, "punct_width", 0.95))  # its "(" was made （
            continue
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch in ",:" and left.isdigit() and right.isdigit():
            continue  # 1,000 and 10:30
        wide_left = bool(left) and bool(_WIDE.match(left))
        wide_right = bool(right) and bool(_WIDE.match(right))
        if ch == "(":
            ok = wide_right or (wide_left and not (right.isascii() and right.isalnum()
                                                   and _ascii_group(text, i)))
        elif ch == ")":
            ok = wide_left or (wide_right and not _ascii_group(text, i, closing=True))
        else:
            ok = wide_left or (wide_right and not (left.isascii() and left.isalnum()
                                                   and right.isascii()))
        if ch == "(":
            opened.append(ok)
        if ok:
            edits.append(Edit(i, i + 1, full, "punct_width", 0.95))
    return edits


def _ascii_group(text: str, i: int, closing: bool = False) -> bool:
    """A parenthesis pair around ASCII only ((a), (2019-2021)): keep its half-width form."""
    if closing:
        j = text.rfind("(", max(0, i - 30), i)
        inner = text[j + 1:i] if j >= 0 else "x中"
    else:
        j = text.find(")", i, i + 30)
        inner = text[i + 1:j] if j >= 0 else "x中"
    return bool(inner) and inner.isascii()


_RANGE_DIGIT = re.compile(r"(?<=[年月日])(?P<ws1>\s*)(?P<dash>[一\-－–~～])(?P<ws2>\s*)(?=\d)")
_RANGE_UNTIL = re.compile(r"(?<=\d[年月日])(?P<dash>一)(?=[\u4e00-\u9fff]{1,12}(?:结束|为止|完成|期满))")


def range_dash_edits(text: str) -> list[Edit]:
    """A dash between two dates read as 一 or typed as a hyphen, made the full dash —."""
    edits = []
    for m in _RANGE_DIGIT.finditer(text):
        if m.group("dash") in "~～" and not m.group("ws1") and not m.group("ws2"):
            continue  # a writer's own tilde range: not a misreading
        edits.append(Edit(m.start(), m.end(), "—", "range_dash", 0.9))
    for m in _RANGE_UNTIL.finditer(text):
        edits.append(Edit(m.start(), m.end(), "—", "range_dash", 0.8))
    return edits


def quote_edits(text: str) -> list[Edit]:
    edits = []
    for m in re.finditer(r"(“)\s*“|(”)\s*”", text):
        edits.append(Edit(m.start(), m.end(), m.group(1) or m.group(2), "quote", 0.85))
    opened = False
    for i, ch in enumerate(text):
        if ch == "\n":
            opened = False
        if ch != '"':
            continue
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if not (_WIDE.match(left or " ") or _WIDE.match(right or " ")):
            continue
        edits.append(Edit(i, i + 1, "”" if opened else "“", "quote", 0.8))
        opened = not opened
    return edits


def space_edits(text: str) -> list[Edit]:
    """Spaces inside Chinese that only an OCR puts there: next to a full-width mark or bracket
    ((一 ）, 支队 :), and between a Chinese character and a number that carries its unit
    (到 2020年底, 2020年 4月). Spaces between two Chinese words are left (a list of issuers)."""
    edits = []
    for m in re.finditer(r"[ \t\u3000]+", text):
        a, b = m.start(), m.end()
        left, right = text[a - 1:a], text[b:b + 1]
        if not left or not right or left == "\n" or right == "\n":
            continue
        punct = _PUNCT
        if (left in punct and (_WIDE.match(right) or right.isdigit())) or (
                right in punct and (_WIDE.match(left) or left.isdigit())):
            edits.append(Edit(a, b, "", "space", 0.9))
            continue
        number = re.match(r"\d+", text[b:])
        unit = text[b + number.end():b + number.end() + 1] if number else ""
        if unit and unit in _UNIT_AFTER_NUMBER and (
                left in _BEFORE_NUMBER or re.search(r"\d[年月]$", text[:a])):
            edits.append(Edit(a, b, "", "space", 0.85))
    return edits




@cache
def _field_comma() -> re.Pattern[str]:
    labels = load_toml("labels.toml")
    roles = labels["roles"]
    cues = {*labels["field_cues"], *roles["lead_fields"], *roles["support_fields"],
            *roles["responsible_fields"]}
    alternatives = "|".join(sorted(map(re.escape, cues), key=len, reverse=True))
    endings = "|".join(map(re.escape, [*labels["body_endings"], *labels["field_body_endings"]]))
    # a line's cue after the line's own spaces (not after blank lines: each would read the run on)
    return re.compile(rf"(?m)(?:[（(《〈]\s*|^[^\S\n]*)(?:{alternatives})[ \t]*(?P<mark>[，,.．;；])"
                      rf"(?=[ \t]*[\u4e00-\u9fff][^、，,；;。（()）\n]{{0,30}}?(?:{endings})"
                      rf"[ \t]*(?:[、，,；;。）)]|$))")


def field_colon_edits(text: str) -> list[Edit]:
    """（责任部门，民政部门） -> （责任部门：民政部门）: a field cue opening a bracket or a line, then a
    comma or stop where its colon was, then a body (a name ending like one: 局, 厅, 部门…)."""
    return [Edit(m.start("mark"), m.end("mark"), "：", "punct_width", 0.8)
            for m in _field_comma().finditer(text)]


_BACKTICK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]*+\n?[ \t]*+(?P<mark>`[ \t]*)(?=[\u4e00-\u9fff])")
_CLAUSE_END = re.compile(r"[，。；：！？]")


def enumeration_comma_edits(text: str, reach: int = 12) -> list[Edit]:
    """``民政部、财政部` 应急管理部`` -> ``…财政部、应急管理部``: a backtick between Chinese characters
    (perhaps opening the next line) with a 、 within ``reach`` characters of it in the same clause."""
    edits = []
    for m in _BACKTICK.finditer(text):
        left = _CLAUSE_END.split(text[max(0, m.start() - reach):m.start()])[-1]
        right = _CLAUSE_END.split(text[m.end():m.end() + reach])[0]
        if "、" in left or "、" in right:
            edits.append(Edit(m.start("mark"), m.end("mark"), "、", "punct_width", 0.8))
    return edits
