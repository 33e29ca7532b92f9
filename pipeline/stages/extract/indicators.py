"""A plan's table of main indicators (主要指标: 指标名称 | 单位 | 2025年基期值 | 2030年目标值 | 属性),
read as text with its cells between ``|`` or tabs: each row's target column is one of the notice's
goals, in the row's unit (万 and 亿 multiplied out), with the row's indicator as its metric. Find,
then the targets stage writes them into ``doc_targets``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...resources import load_toml

METRIC_HEAD = re.compile(r"^(?:主要)?指标(?:名称|项|内容)?$")
UNIT_HEAD = re.compile(r"^(?:计量)?单位$")
# A target column: 目标值, 2030年目标值, or a year's column (2030年, 2030年预期值) later than the others.
TARGET_HEAD = re.compile(r"^(?:(?P<y>\d{4})年)?(?:目标值?|预期值?|值)?$")
VALUE = re.compile(r"^(?P<op>>|＞|≥|<|＜|≤)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<about>左右|以上|以下|以内)?$")
OPS = {">": ">", "＞": ">", "≥": ">=", "<": "<", "＜": "<", "≤": "<="}
ABOUT = {"左右": "==", "以上": ">=", "以下": "<=", "以内": "<="}


@dataclass
class Indicator:
    value: float
    unit: str
    comparator: str
    metric: str
    start: int  # the value cell's characters
    end: int
    row: tuple[int, int]  # the row's line


def _cells(line: str) -> list[tuple[str, int]]:
    """A table line's cells (text, offset in the line), or [] for a line that is no row."""
    sep = "|" if line.count("|") >= 3 else "\t" if line.count("\t") >= 2 else ""
    if not sep:
        return []
    out, at = [], 0
    for piece in line.split(sep):
        out.append((piece.strip(), at + len(piece) - len(piece.lstrip())))
        at += len(piece) + 1
    if sep == "|":  # | a | b |: the empty ends around the row
        out = out[1:] if out and not out[0][0] else out
        out = out[:-1] if out and not out[-1][0] else out
    return out


def _columns(cells: list[str]) -> tuple[int, int | None, int] | None:
    """(metric, unit, target) columns of a header row, or None."""
    metric = next((k for k, c in enumerate(cells) if METRIC_HEAD.match(c)), None)
    if metric is None:
        return None
    unit = next((k for k, c in enumerate(cells) if UNIT_HEAD.match(c)), None)
    years: list[tuple[int, int]] = []
    named = None
    for k, c in enumerate(cells):
        m = TARGET_HEAD.match(c) if k not in (metric, unit) and c else None
        if not m:
            continue
        if "目标" in c:
            named = k
        elif m.group("y"):
            years.append((int(m.group("y")), k))
    if named is not None:
        return metric, unit, named
    if len(years) >= 2:  # 2020年 | 2025年: the later year is the goal
        return metric, unit, max(years)[1]
    return None


def _multiplied(num: float, unit: str) -> tuple[float, str]:
    """万元/人 5.4 -> 54000 元/人: a unit's multiplier written into its value."""
    multipliers = load_toml("targets.toml")["multipliers"]
    if len(unit) > 1 and unit[0] in multipliers:
        return num * multipliers[unit[0]], unit[1:]
    return num, unit


BRACKETED_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")


def _bracketed_unit(name: str) -> tuple[str, str]:
    """(name, unit) of an indicator named with its unit in brackets (5G基站数（万个）), the unit one
    targets.toml knows (万 and 亿 before it); else (name, "") (电能利用效率（PUE） has none)."""
    m = BRACKETED_UNIT.match(name)
    if not m:
        return name, ""
    spec = load_toml("targets.toml")
    unit = m.group("unit")
    bare = unit[1:] if len(unit) > 1 and unit[0] in spec["multipliers"] else unit
    return (m.group("name"), unit) if bare in spec["units"] else (name, "")


def find_indicators(text: str, start: int = 0, end: int | None = None) -> list[Indicator]:
    """Every indicator row's goal in text[start:end]."""
    end = len(text) if end is None else end
    out: list[Indicator] = []
    columns: tuple[int, int | None, int] | None = None
    at = start
    for line in text[start:end].split("\n"):
        cells = _cells(line)
        if not cells:
            columns = None
        elif columns is None:
            columns = _columns([c for c, _ in cells])
        elif max(columns[0], columns[2], columns[1] or 0) < len(cells):
            metric, unit_col, target = columns
            m = VALUE.match(cells[target][0])
            name = cells[metric][0]
            unit = cells[unit_col][0] if unit_col is not None else ""
            if unit_col is None:  # 软件业务收入（亿元）: the unit in brackets after the indicator's name
                name, unit = _bracketed_unit(name)
            if m and name and unit not in ("", "/", "—", "-") and not re.fullmatch(r"[\d.]+", unit):
                value, unit = _multiplied(float(m.group("num")), unit)
                comparator = OPS.get(m.group("op") or "") or ABOUT.get(m.group("about") or "", "==")
                a = at + cells[target][1]
                out.append(Indicator(round(value, 6), unit, comparator, name,
                                     a, a + len(cells[target][0]), (at, at + len(line))))
        at += len(line) + 1
    return out
