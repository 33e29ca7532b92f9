"""Times: each task's implementation window and every deadline in its text.

Windows follow a cue (实施时间, 完成时限, 时间安排 …, OCR forms such as 实施时问 included):
``2020年5月至12月``, ``2020年1月至疫情结束`` (open-ended, with its end condition), ``长期坚持``.
Deadlines are dated as the last day they allow (``6月底前`` -> 06-30, ``11月中旬前`` -> 11-20,
``到2022年`` -> 2022-12-31); a year left unwritten is the notice's year.
"""

from __future__ import annotations

import calendar
import re

from ...config import Config
from ...model import Deadline, Notice, TimeWindow
from ...text import TITLE, clean_inline, cn_number, notice_compact
from .common import notice_year

CUE = re.compile(
    r"(?:实施|完成|办结|工作|推进)(?:时[间问限]|期限|周期)|时间(?:安排|节点|要求)|完成期限|进度安排"
)
_SEP = r"(?:至|到|—|一|-|－|–|~|～|―)"
_MON = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
WINDOW = re.compile(
    rf"[:：]?(?:(?P<sy>\d{{4}})年)?(?P<sm>{_MON})月(?:(?P<sd>\d{{1,2}})日)?(?:起|开始)?"
    rf"(?:{_SEP}(?:(?:(?P<ey>\d{{4}})年)?(?P<em>{_MON})月(?:底|末|中旬|上旬|下旬|(?P<ed>\d{{1,2}})日)?"
    r"|(?P<ey2>\d{4})年(?:底|末)?"
    r"|(?P<cond>[\u4e00-\u9fff]{2,12}?)(?=[；;。，,】\]）)]|1|I|$)))?"
)
OPEN_ENDED = re.compile(r"[:：]?(?P<cond>长期坚持|长期|持续推进|常态化推进|持续开展|长期实施)")
DEADLINE = re.compile(
    r"(?P<pre>截至|截止到?|到|至|于|在)?"
    r"(?:(?P<y>\d{4})?(?P<nian>年))?"
    r"(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月)?"
    r"(?:(?P<d>\d{1,2})日|(?P<part>底|末|中旬|上旬|下旬))?"
    r"(?P<post>前|以前|之前)?"
)
# Where a deadline can start: a date word, optionally after its preposition (the full pattern,
# all of whose parts are optional, is only tried here rather than at every character).
ANCHOR = re.compile(
    r"(?:截至|截止到?|到|至|于|在)?(?:\d{4}年|年|(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月)")
RANGE_DAYS = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d1>\d{1,2})日(?:至|到|—|-|一)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日"
)
WITHIN_YEAR = re.compile(r"(?:(?P<y>\d{4})年)?年内|本年度内|年度内")


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    number = cn_number(value)
    return number if number and 1 <= number <= 12 else None


def _ym(year: int | None, month: int | None) -> str | None:
    if year is None or month is None:
        return None
    return f"{year:04d}-{month:02d}"


def find_window(s: str, year: int | None) -> tuple[TimeWindow, int, int] | None:
    """The first cued window in a compact string: (window without span, start, end) indices."""
    for cue in CUE.finditer(s):
        at = cue.end()
        m = WINDOW.match(s, at)
        if m and (m.group("sm")):
            sy = int(m.group("sy")) if m.group("sy") else year
            start = _ym(sy, _month(m.group("sm")))
            end = None
            cond = m.group("cond")
            if m.group("em"):
                ey = int(m.group("ey")) if m.group("ey") else sy
                end = _ym(ey, _month(m.group("em")))
            elif m.group("ey2"):
                end = _ym(int(m.group("ey2")), 12)
            stop = m.end()
            if not (m.group("em") or m.group("ey2") or cond):
                by = re.match(r"(?:底|末)?(?:前|以前|之前)|底|末", s[stop:])
                if by or "完成" in cue.group() or "办结" in cue.group():
                    start, end = None, start  # "完成时限：2021年9月底前" states only an end
                    stop += by.end() if by else 0
                else:
                    end = start  # a single month
            raw_start = at + (1 if s[at:at + 1] in ":：" else 0)
            window = TimeWindow(start=start, end=end, open_ended=bool(cond), end_condition=cond,
                                raw="", span=(0, 0))
            return window, raw_start, stop
        o = OPEN_ENDED.match(s, at)
        if o:
            window = TimeWindow(start=None, end=None, open_ended=True,
                                end_condition=o.group("cond"), raw="", span=(0, 0))
            return window, o.start("cond"), o.end()
    return None


def _last_day(year: int, month: int, part: str | None, day: str | None) -> str | None:
    if day:
        d = int(day)
        if not 1 <= d <= calendar.monthrange(year, month)[1]:
            return None
        return f"{year:04d}-{month:02d}-{d:02d}"
    d = {"上旬": 10, "中旬": 20}.get(part or "", calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{d:02d}"


def find_deadlines(s: str, year: int | None, skip: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(date, start, end) of every deadline in a compact string, outside the ``skip`` ranges."""
    out: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = list(skip)

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    for m in RANGE_DAYS.finditer(s):
        y = int(m.group("y")) if m.group("y") else year
        month = int(m.group("m2") or m.group("m"))
        if y and 1 <= month <= 12 and free(*m.span()):
            date = _last_day(y, month, None, m.group("d2"))
            if date:
                out.append((date, *m.span()))
                taken.append(m.span())
    for m in WITHIN_YEAR.finditer(s):
        y = int(m.group("y")) if m.group("y") else year
        if y and free(*m.span()):
            out.append((f"{y:04d}-12-31", *m.span()))
            taken.append(m.span())
    for anchor in ANCHOR.finditer(s):
        m = DEADLINE.match(s, anchor.start())
        if not m or not m.group(0) or not free(*m.span()):
            continue
        has_year, month = m.group("nian"), _month(m.group("m"))
        if m.group("m") and month is None:
            continue
        post, pre, part = m.group("post"), m.group("pre"), m.group("part")
        if not (has_year or month):
            continue
        if has_year and month is None and m.group("d"):
            continue
        by_end = pre in ("到", "截至", "截止", "截止到") and (part in ("底", "末") or (
            m.group("y") and month is None and not part))
        if not (post or by_end or (part in ("底", "末") and pre in ("于", "在"))):
            continue
        if has_year and not m.group("y") and month is None and part is None:
            continue  # "两年前" is a time ago, not a deadline
        if has_year and not m.group("y") and month is not None:
            continue  # "年6月" is the tail of a longer date, not a deadline
        y = int(m.group("y")) if m.group("y") else year
        if y is None:
            continue
        if month is None:
            if part not in (None, "底", "末"):
                continue
            date = f"{y:04d}-12-31"
        else:
            date = _last_day(y, month, part, m.group("d"))
            if date is None:
                continue
        if pre in ("到", "截至", "截止", "截止到"):
            start = m.start()
        elif m.group("y"):
            start = m.start("y")
        else:
            start = m.start("nian") if has_year else m.start("m")
        out.append((date, start, m.end()))
        taken.append((start, m.end()))
    return sorted(out, key=lambda x: x[1])


def run(notice: Notice, cfg: Config) -> Notice:
    compact = notice_compact(notice)
    year = notice_year(notice)
    for task in notice.tasks:
        i, j = compact.slice(*task.span)
        s = compact.s[i:j]
        skip = [m.span() for m in TITLE.finditer(s)]
        found = find_window(s, year)
        task.time = None
        if found:
            window, a, b = found
            span = compact.span(i + a, i + b)
            window.span = span
            window.raw = notice.text[span[0]:span[1]]
            if window.end_condition:
                window.end_condition = clean_inline(window.end_condition)
            task.time = window
            cue_start = max(s.rfind(c, 0, a) for c in "。；【(（1I")
            skip.append((max(cue_start, 0), b))
        task.deadlines = []
        for date, a, b in find_deadlines(s, year, skip):
            span = compact.span(i + a, i + b)
            task.deadlines.append(Deadline(date=date, raw=notice.text[span[0]:span[1]], span=span))
    return notice
