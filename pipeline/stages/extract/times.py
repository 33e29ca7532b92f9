"""Times: each task's implementation window and every deadline in its text.

Windows follow a cue (实施时间, 完成时限, 时间安排 …, OCR forms such as 实施时问 included):
``2020年5月至12月``, ``2020年1月至疫情结束`` (open-ended, with its end condition), ``长期坚持``;
without a cue, a dated range that opens with its year (``2019年1月1日至2020年12月31日``), a start
(``从2019年1月1日起``) is the window wherever it stands; an ongoing measure (``持续推进``) when its
title clause says so.
A range of days (``6月1日至30日``: a campaign month, a holiday) is a period, never a deadline.
Deadlines are dated as the last day they allow (``6月底前`` -> 06-30, ``11月中旬前`` -> 11-15, ``2022年6月前`` -> 05-31,
``到2022年`` -> 2022-12-31); a year left unwritten is the notice's year. A date that is a table
cell of its own (a 完成时限 column's ``2021年9月底``) is a deadline without its 前.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from functools import lru_cache

from ...config import Config
from ...model import Deadline, Limit, Notice, Task, TimeWindow
from ...resources import load_toml
from ...text import (
    CN_DIGITS,
    TITLE,
    Gated,
    Spans,
    alternation,
    clean_inline,
    cn_number,
    gated,
    mark_before,
    mark_from,
    notice_compact,
)
from ..outline import trailer_start
from ..outline.tables import YEAR_CELL, find_rows
from .common import notice_year

_W = load_toml("times.toml")  # the phrasings, as data
CUE = re.compile(alternation(_W["window_cues"]))
_SEP = r"(?:至|到|—|一|-|－|–|~|～|―)"
_MON = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
WINDOW = re.compile(
    rf"[:：]?(?:(?P<sy>\d{{4}})年)?(?P<sm>{_MON})月(?:(?P<sd>\d{{1,2}})日)?(?:起|开始)?"
    rf"(?:{_SEP}(?:(?:(?P<ey>\d{{4}})年)?(?P<em>{_MON})月(?:底|末|中旬|上旬|下旬|(?P<ed>\d{{1,2}})日)?"
    r"|(?P<ey2>\d{4})年(?:底|末)?"
    r"|(?P<cond>[\u4e00-\u9fff]{2,12}?)(?=[；;。，,】\]）)]|$)))?"
)
OPEN_ENDED = re.compile(rf"[:：]?(?P<cond>{alternation(_W['open_ended'])})")
_CN_YEAR = "[〇零一二三四五六七八九]{4}"  # 二〇二五年六月三十日前: a date in Chinese numerals
_CN_DAY = "[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
DEADLINE = re.compile(
    r"(?P<pre>截至|截止到?|到|至|于|在)?"
    rf"(?:(?P<y>\d{{4}}|{_CN_YEAR})?(?P<nian>年)(?:(?<=\d年)年(?=底|末|中))?)?"  # 2020年年底前, 二〇二五年
    r"(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月份?|第?(?P<q>[一二三四1-4])季度"  # 12月份前, 三季度前
    r"|(?P<h>上半年|下半年|(?<=年)中))?"  # 2024年上半年完成: by the half's last day; (年)年中前: mid-year
    rf"(?:(?P<d>\d{{1,2}}|{_CN_DAY})日(?P<more>(?:[、和及](?:\d{{1,2}}月)?\d{{1,2}}日)*)"  # 3月3日、10日
    r"(?:上午|下午|中午|晚上|晚)?"
    r"(?:\d{1,2}(?:时|点)(?:\d{1,2}分)?|\d{1,2}[:：]\d{2}|下班|12时)?|(?P<part>底|末|中旬|上旬|下旬))?"
    r"(?P<post>前|以前|之前)?"  # 5月15日16时前, 5月15日17:00前, 3月3日上午下班前: the day is the date
)
# Where a deadline can start: a date word, optionally after its preposition (the full pattern,
# all of whose parts are optional, is only tried here rather than at every character).
ANCHOR = gated(
    rf"(?:截至|截止到?|到|至|于|在)?(?:\d{{4}}年|{_CN_YEAR}年|年|(?:\d{{1,2}}|十[一二]?|[一二三四五六七八九])月"
    r"|第?[一二三四1-4]季度|上半年|下半年)", "年", "月", "季度", first=r"截到至于在\d〇零一二三四五六七八九年十第上下")
RANGE_DAYS = gated(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d1>\d{1,2})日(?:至|到|—|-|一)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日",
    "日", first=r"\d")
# 年内 is "within the year" only on its own or after a year: 三年内, 最近1年内 are durations.
WITHIN_YEAR = gated(r"(?P<y>\d{4})年(?:年|度)?内|(?<![\d一二三四五六七八九十两几数多半个近年])年内|本年度内",
                    "内", first=r"\d年本")
LIMIT = re.compile(rf"(?<![近最])(?P<n>\d{{1,3}}|[一二三四五六七八九十两]{{1,3}})个?"
                   rf"(?P<unit>{alternation(_W['limit_units'])})(?:以)?内")
# A yearly schedule (2020年，制定纲要；2021年，扩大覆盖; 2024年更换10万个): a year that opens a clause,
# followed by a comma or by a verb of what is to be done (times.toml `year_step_verbs`), marks
# what is to be done that year: a deadline at its end, unless the clause reports a past figure or
# the year is before the notice's own.
MILESTONE = gated(
    r"(?:^|(?<=[。；;，,：:）)]))(?P<y>\d{4})年(?:(?P<half>上半年|下半年)|底|末)?"
    rf"(?=[，,：:]|(?:{alternation(_W['year_step_verbs'])}))",  # …，2024年更换10万个: a verb right after
    "年", first=r"\d")
# A month's step of a schedule (1月：分解下达任务；2月：开展检查；…): a month that opens a clause
# (or follows the label that closes the measure above its schedule),
# followed by a colon, marks what is to be done by its end (a range of months, 3—5月：, is a period).
MONTH_STEP = gated(rf"(?:^|(?<=[。；;\n）)]))(?:(?P<y>\d{{4}})年)?(?P<m>{_MON})月份?[：:]", "月",
                   first=r"\d十一二三四五六七八九")
# A quarter's step of a schedule (进度安排：一季度，修订指南；二季度，上线系统；…): a quarter that opens a
# clause, followed by a comma or a colon, with another such in its sentence, marks what is to be done
# by its last day, as a year does.
QUARTER_STEP = gated(r"(?:^|(?<=[。；;：:\n）)]))(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度(?=[，,：:])",
                     "季度")
# 2020年起，每年1月底前: a yearly deadline whose first year the sentence states.
FROM_YEAR = re.compile(r"(?:自|从)?(?P<y>\d{4})年(?:起|开始)")
# 2018年12月31日之前已完成转制的企业: a date that says who is eligible, no deadline.
ELIGIBILITY_AFTER = re.compile(rf"[^，。；;]{{0,3}}(?:{alternation(_W['eligibility_markers'])})"
                               rf"|(?:[（(][^（）()]{{0,12}}[）)])?(?:{alternation(_W['eligibility_verbs'])})"
                               r"[^，,。；;！？]{0,14}?的[\u4e00-\u9fff]")
PAST = re.compile(alternation(_W["past_markers"]))
# A verb in the past just before a date in its clause (明确了我国到2050年…, 提出了到2035年…): the date
# is a goal that was set and is reported, not one this notice sets (为了, 了解 are no past).
REPORTED_REACH = 12
REPORTED_BEFORE = re.compile(r"(?<!为)了(?!解)[^，,。；;：:]*$")
STATISTIC = tuple(_W["statistic_prefixes"])  # 截至2022年底，已建成…: a count, not a deadline
PHRASE_MAX = 40
# A date standing as a cell of its own (a line, or between tabs or |): a task table's 完成时限 column
# says by when without 前 (2021年9月底, 12月中旬, 2022年底, 2024年12月: the month's end).
CELL_DATE = re.compile(
    r"(?:^|(?<=[|\t]))[ \u3000]*(?:(?P<y>\d{4})年(?:(?P<m>\d{1,2})月|第?(?P<q>[一二三四1-4])季度|(?P<h>上半年|下半年))?"
    r"|(?P<m2>\d{1,2})月)"
    r"(?P<part>底|末|中旬|上旬|下旬)?[ \u3000]*(?=$|[|\t\r])", re.MULTILINE)
_CLAUSE_MARK = re.compile(r"[，,。；;：:！？（(]")
YEARS = range(1949, 2101)  # a year outside this is damage (到4544年), never a date


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
                if by or cue.group() in _W["due_fields"]:
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


# Windows wherever they stand in a task (no cue): a dated range that opens with its year, a start
# with 起, or an ongoing measure.
RANGE_WINDOW = re.compile(
    rf"(?P<sy>\d{{4}})年(?P<sm>{_MON})月(?:\d{{1,2}}日)?(?:起)?{_SEP}"
    rf"(?:(?:(?P<ey>\d{{4}})年)?(?P<em>{_MON})月(?:底|末|中旬|上旬|下旬|\d{{1,2}}日)?"
    rf"|(?P<ey2>\d{{4}})年(?:底|末)?"
    rf"|(?P<eday>\d{{1,2}})日"  # 2020年6月1日至30日: within the month
    rf"|(?P<cond>[\u4e00-\u9fff]{{2,8}}?(?:结束|为止|完成)))"
)
# 从2019年1月1日起; 2020年起，每年1月底前 (a year alone starts in its January)
FROM_START = re.compile(
    rf"(?:(?:从|自)(?P<sy>\d{{4}})年(?P<sm>{_MON})月(?:\d{{1,2}}日)?|(?<!\d)(?P<y_only>\d{{4}})年)(?:起|开始)")
ONGOING = re.compile(alternation(_W["ongoing"]))
PLAN_PERIOD = re.compile(
    rf"(?:(?:^|(?<=[。；;：:）)\n]))(?:通过|经过)?|(?<=[，,])(?:通过|经过))"
    rf"[“\"]?(?P<plan>{alternation(list(_W['five_year_plans']))})[”\"]?"
    r"(?:期间|时期)(?:的努力)?(?=[，,])")


# The end of a five-year plan (到“十四五”期末, “十四五”末前, “十四五”末实现…): a deadline like 到2025年底.
PLAN_END = gated(rf"(?P<pre>到|至)?[“\"]?(?P<plan>{alternation(list(_W['five_year_plans']))})[”\"]?"
                 r"(?:期末|末期|末)(?P<post>前|以前|之前)?", "末")


def _plan_window(s: str, year: int | None) -> tuple[TimeWindow, int, int] | None:
    """“九五”期间，… opening a clause: the plan's five years, unless it ended before ``year``."""
    for m in PLAN_PERIOD.finditer(s):
        first = _W["five_year_plans"][m.group("plan")]
        if year is None or first + 4 >= year:
            return (TimeWindow(start=f"{first:04d}-01", end=f"{first + 4:04d}-12", open_ended=False,
                               end_condition=None, raw="", span=(0, 0)), m.start(), m.end())
    return None


# the end a sentence gives a window it opened with 从…开始 / …起 (…，至1998年达到2000名)
FROM_UNTIL = re.compile(r"(?<![\d年月日])(?:到|至)(?P<ey>\d{4})年(?:底|末)?")


def find_uncued_window(s: str, year: int | None) -> tuple[TimeWindow, int, int] | None:
    """A window stated without a cue word: 2019年1月1日至2020年12月31日, 2020年1月至疫情结束,
    a five-year plan's period (“九五”期间，…), 从2019年1月1日起 (open-ended), and 持续推进 /
    长期坚持 (open-ended) in the task's title clause — in a sub-point (四是持续推进…) it qualifies
    that point, not the task."""
    m = RANGE_WINDOW.search(s)
    if m and int(m.group("sy")) in YEARS:
        sy = int(m.group("sy"))
        start = _ym(sy, _month(m.group("sm")))
        cond = m.group("cond")
        if m.group("em"):
            end = _ym(int(m.group("ey")) if m.group("ey") else sy, _month(m.group("em")))
        elif m.group("ey2"):
            end = _ym(int(m.group("ey2")), 12)
        elif m.group("eday"):
            end = start
        else:
            end = None
        if start and (end or cond) and (end is None or end >= start):
            return (TimeWindow(start=start, end=end, open_ended=bool(cond), end_condition=cond,
                               raw="", span=(0, 0)), m.start(), m.end())
    plan = _plan_window(s, year)
    if plan:
        return plan
    f = FROM_START.search(s)
    if f and int(f.group("sy") or f.group("y_only")) in YEARS:
        start = (_ym(int(f.group("sy")), _month(f.group("sm"))) if f.group("sy")
                 else f"{int(f.group('y_only')):04d}-01")
        if start:
            stop = s.find("。", f.end())
            e = FROM_UNTIL.search(s, f.end(), len(s) if stop < 0 else stop)
            if e and int(e.group("ey")) in YEARS and f"{int(e.group('ey')):04d}-12" >= start:
                # 从1996年开始逐年扩招，分3年落实，至1998年达到…: the sentence says until when
                return (TimeWindow(start=start, end=f"{int(e.group('ey')):04d}-12", open_ended=False,
                                   end_condition=None, raw="", span=(0, 0)), f.start(), e.end())
            return (TimeWindow(start=start, end=None, open_ended=True, end_condition=None, raw="",
                               span=(0, 0)), f.start(), f.end())
    first = s.find("。")
    o = ONGOING.search(s, 0, first if first >= 0 else len(s))  # in the title clause: the whole task
    if o:
        return (TimeWindow(start=None, end=None, open_ended=True, end_condition=o.group(), raw="",
                           span=(0, 0)), o.start(), o.end())
    return None


def _year(value: str) -> int:
    """A year in digits or in Chinese numerals, a digit a character (二〇二五 -> 2025)."""
    return int(value) if value.isdigit() else int("".join(str(CN_DIGITS[c]) for c in value))


def _last_day(year: int, month: int, part: str | None, day: str | None) -> str | None:
    if day:
        d = cn_number(day) or 0
        if not 1 <= d <= calendar.monthrange(year, month)[1]:
            return None
        return f"{year:04d}-{month:02d}-{d:02d}"
    d = {"上旬": 10, "中旬": 15}.get(part or "", calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{d:02d}"


@lru_cache(maxsize=1)
def _holiday() -> Gated:
    names = [*_W["holidays"]["fixed"], "春节"]
    return gated(rf"(?:(?P<y>\d{{4}})年)?(?P<name>{alternation(names)})(?:假期|期间)?"
                 r"(?:之前|以前|前)(?![后周天日的夕期一两三几数])",  # (国庆前周末, 春节前后: when, no deadline)
                 "前", first=r"\d" + "".join(sorted({re.escape(n[0]) for n in names})))


def _holiday_eve(m: re.Match[str], year: int | None, issued: str | None) -> str | None:
    """The day before the holiday ``m`` names: in its written year, else the notice's own, else
    (the holiday past when the notice was issued) the next year's."""
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None

    def day(y: int) -> dt.date | None:
        if m.group("name") == "春节":
            md = _W["holidays"]["spring_festival"].get(str(y))
        else:
            md = _W["holidays"]["fixed"][m.group("name")]
        return dt.date.fromisoformat(f"{y:04d}-{md}") if md else None

    when = day(y)
    if when is not None and not m.group("y") and issued and when.isoformat() <= issued[:10]:
        when = day(y + 1)
    return (when - dt.timedelta(days=1)).isoformat() if when else None


# A monthly deadline (每月7日前, 每月二十五日前报送): due first in the month of issue or the next.
MONTHLY = gated(rf"每月(?P<d>\d{{1,2}}|{_CN_DAY})[日号](?:之前|以前|前)", "每月")


def _monthly_first(m: re.Match[str], issued: str | None) -> str | None:
    """The first day ``m`` names after the ``issued`` date (2018-05-02, 每月7日前 -> 2018-05-07)."""
    if not issued or len(issued) < 10:
        return None
    day = cn_number(m.group("d"))
    y, mo, d = int(issued[:4]), int(issued[5:7]), int(issued[8:10])
    if day is None or not 1 <= day <= 31:
        return None
    if day <= d:  # this month's is past: the next month's
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    day = min(day, calendar.monthrange(y, mo)[1])
    return f"{y:04d}-{mo:02d}-{day:02d}"


def find_deadlines(s: str, year: int | None, skip: list[tuple[int, int]], issued: str | None = None,
                   ) -> list[tuple[str, int, int]]:
    """(date, start, end) of every deadline in a compact string, outside the ``skip`` ranges. A
    yearly deadline with no year (每年1月31日前) in a month before the one the notice was
    ``issued`` in is its first occurrence after that: the next year's."""
    out: list[tuple[str, int, int]] = []
    taken = Spans(skip)
    free = taken.free
    issued_month = (int(issued[:4]), int(issued[5:7])) if issued else None

    for m in RANGE_DAYS.finditer(s):
        taken.add(*m.span())  # 6月1日至30日 (a campaign month, a holiday) is a period, no deadline
    for m in WITHIN_YEAR.finditer(s):
        y = int(m.group("y")) if m.group("y") else year
        if y and y in YEARS and free(*m.span()):
            out.append((f"{y:04d}-12-31", *m.span()))
            taken.add(*m.span())
    for m in MILESTONE.finditer(s):
        y = int(m.group("y"))
        clause_end = mark_from(s, "。；;", m.end() + 1)
        clause_end = len(s) if clause_end < 0 else clause_end
        past = PAST.search(s, m.end(), clause_end)
        if past and past.group() == "累计" and year is not None and y > year:
            past = None  # 2025年，累计完成诊断企业8000家 in a notice of 2024: a running total to reach
        if y in YEARS and (year is None or y >= year) and free(*m.span()) and not past:
            month = "06-30" if m.group("half") == "上半年" else "12-31"
            out.append((f"{y:04d}-{month}", *m.span()))
            taken.add(*m.span())
    for m in MONTHLY.finditer(s):  # 每月7日前: its first occurrence after the notice was issued
        date = _monthly_first(m, issued)
        if date and free(*m.span()):
            out.append((date, m.start(), m.end()))
            taken.add(*m.span())
    for m in _holiday().finditer(s):  # 国庆节前, 元旦前, 2026年春节前: the day before the holiday
        date = _holiday_eve(m, year, issued)
        if date and free(*m.span()):
            out.append((date, m.start(), m.end()))
            taken.add(*m.span())
    for m in MONTH_STEP.finditer(s):  # 3月：完成项目初步设计；: a month's step of a schedule, by its end
        y = int(m.group("y")) if m.group("y") else year
        month = _month(m.group("m"))
        if y in YEARS and month and (year is None or y >= year) and free(*m.span()):
            out.append((f"{y:04d}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}", m.start(), m.end() - 1))
            taken.add(*m.span())
    steps = [(mark_before(s, "。\n", m.start()), m) for m in QUARTER_STEP.finditer(s)]
    per_sentence = Counter(sentence for sentence, _ in steps)
    for sentence, m in steps:  # 一季度，修订指南；二季度，上线系统: each quarter's step by its end
        if per_sentence[sentence] < 2 and not s.startswith(("：", ":"), m.end()):
            continue  # one quarter alone (一季度，全市地区生产总值增长5%): a figure, no schedule; one with
            # a colon (（一）第一季度：做好项目立项工作) is a step, as a month's is
        y = int(m.group("y")) if m.group("y") else year
        clause_end = mark_from(s, "。；;", m.end() + 1)
        past = PAST.search(s, m.end(), len(s) if clause_end < 0 else clause_end)
        if y in YEARS and (year is None or y >= year) and free(*m.span()) and not past:
            month = 3 * _QUARTERS[m.group("q")]
            out.append((f"{y:04d}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}", *m.span()))
            taken.add(*m.span())
    for m in PLAN_END.finditer(s):  # 到“十四五”期末, “十四五”末实现…: the plan's last day
        if not free(*m.span()) or not (m.group("pre") or m.group("post") or _due(s, m.end())):
            continue
        last = _W["five_year_plans"][m.group("plan")] + 4
        if year is None or last >= year:
            out.append((f"{last:04d}-12-31", *m.span()))
            taken.add(*m.span())
    for anchor in ANCHOR.finditer(s):
        m = DEADLINE.match(s, anchor.start())
        if not m or not m.group(0) or not free(*m.span()):
            continue
        if anchor.start() > 1 and s[anchor.start() - 1] == "年" and s[anchor.start() - 2].isdigit():
            continue  # 5355年6月6日前: the tail of a date whose year is damage, not a date of its own
        has_year, month = m.group("nian"), _month(m.group("m"))
        ahead = _relative_year(s, m.start("nian")) if has_year and not m.group("y") else None
        if m.group("m") and month is None:
            continue
        post, pre, part = m.group("post"), m.group("pre"), m.group("part")
        if m.group("h"):  # a half year: its last day (上半年完成 -> 06-30), the year's written or the notice's
            month, part = (12 if m.group("h") == "下半年" else 6), part or "底"
            if m.group("h") == "中" and not m.group("y") and ahead is None:
                has_year = None  # 年中前: the 年 is mid-year's, the notice's year
            elif has_year and not m.group("y") and ahead is None:
                continue  # "年上半年" is the tail of a longer date
        if m.group("q"):  # a quarter names a period to finish within: its last day (三季度前 -> 09-30)
            month = 3 * _QUARTERS[m.group("q")]
            part = part or "底"
            if m.group("d") or part not in ("底", "末"):
                continue
        if not (has_year or month):
            continue
        if has_year and month is None and m.group("d"):
            continue
        if pre in STATISTIC and not post:
            continue  # 截至2022年底，已建成…
        if m.group("y") and issued_month and _year(m.group("y")) < issued_month[0]:
            continue  # a year before the issue date's is past (2000年底前建成的小区): no deadline
        by_end = (pre == "到" or (pre == "至" and _alone(s, m.start()))) and (
            part in ("底", "末") or (m.group("y") and month is None and not part))
        due = not pre and (((month is not None or part in ("底", "末")) and _due(s, m.end()))
                           or bool(DUE_FIELD.search(s, max(0, m.start() - DUE_FIELD_REACH), m.start())))
        if not (post or by_end or due or (part in ("底", "末") and pre in ("于", "在"))):
            continue
        if m.group("h") == "中" and not (post or due):
            continue  # 在年中和年末报告: when, each year; 年中前完成: by when
        if has_year and not m.group("y") and month is None and part is None:
            continue  # "两年前" is a time ago, not a deadline
        if has_year and not m.group("y") and month is not None and ahead is None:
            continue  # "年6月" is the tail of a longer date, not a deadline
        if ahead is not None and year is None:
            continue  # 明年 in a notice of no known year
        y = (_year(m.group("y")) if m.group("y") else year + ahead if ahead is not None and year is not None
             else _year_from(s, m.start(), year))
        if (issued_month and y is not None and not has_year and y == year and month is not None
                and "每年" in s[max(0, m.start() - 3):m.end()] and (y, month) < issued_month):
            y += 1  # 每年1月31日前 in a notice of December: next January is the first
        eligibility = ELIGIBILITY_AFTER.match(s, m.end()) and not DUE.match(s, m.end())  # (…前完成已排查…: due)
        if y is None or y not in YEARS or eligibility or _condition(s, m.start(), m.end()):
            continue
        if due and not (post or by_end) and year is not None and y < year:
            continue  # 2019年12月完成验收 in a notice of 2021: what was done, not a deadline
        if REPORTED_BEFORE.search(s, max(0, m.start() - REPORTED_REACH), m.start()):
            continue  # 明确了我国到2050年建成…: a goal someone set, reported
        if month is None:
            if part not in (None, "底", "末"):
                continue
            # 2025年前: before the year, the last day of the year before (as 2022年6月前 is May's)
            date = f"{y - 1:04d}-12-31" if post and part is None else f"{y:04d}-12-31"
        elif post and part is None and m.group("d") is None:
            # 2022年6月前: before June, the last day of May (docs/task-rules.md)
            before = (y, month - 1) if month > 1 else (y - 1, 12)
            date = _last_day(before[0], before[1], None, None)
        else:
            date = _last_day(y, month, part, m.group("d"))
            if date is None:
                continue
        if pre in ("到", "至", "截至", "截止", "截止到"):
            start = m.start()
        elif m.group("y"):
            start = m.start("y")
        elif ahead is not None:
            start = m.start("nian") - 1  # 明年3月底前: the relative year with it
        else:
            start = (m.start("nian") if has_year else m.start("m") if m.group("m")
                     else m.start("q") if m.group("q") else m.start("h"))
            if start > m.start() and s[start - 1] == "第":
                start -= 1  # 第一季度末前
        out.append((date, start, m.end()))
        # 3月3日、10日、17日前, 3月25日、6月25日、9月25日前: each day (in its own month where it names one)
        for more in LISTED_DAY.finditer(m.group("more") or ""):
            in_month = int(more.group("m")) if more.group("m") else month
            later = _last_day(y, in_month, None, more.group("d")) if in_month else None
            if later:
                out.append((later, start, m.end()))
        taken.add(start, m.end())
    return sorted(out, key=lambda x: x[1])


LISTED_DAY = re.compile(r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
CONDITION_REACH = 80  # characters a deadline's clause is read for its condition, each side


def _condition(s: str, start: int, end: int) -> bool:
    """A date inside a clause that says which things a rule covers: one closed by 的 (…6月1日前建成并网
    的，自…起执行) or one opened by 对/凡 whose date qualifies a noun (对2025年6月1日前签订合同的项目，给予…)."""
    floor = max(0, start - CONDITION_REACH)  # bounded: a long text costs linear time
    opens = max(max(s.rfind(c, floor, start) for c in "，,。；;：:") + 1, floor)
    ceiling = min(len(s), end + CONDITION_REACH)
    closes = min((k for k in (s.find(c, end, ceiling) for c in "，,。；;") if k >= 0), default=ceiling)
    if closes > end and s[closes - 1] == "的":
        return True
    return s.startswith(("对", "凡", "对于"), opens) and "的" in s[end:closes]


DUE = re.compile(rf"(?:{alternation(_W['due_verbs'])})(?!了)")


# A completion field right before a date (完成时限：2024年12月): by when, without 前.
DUE_FIELD = re.compile(rf"(?:{alternation(_W['due_fields'])})[:：]$")
DUE_FIELD_REACH = 8


def _relative_year(s: str, at: int) -> int | None:
    """How many years after the notice's a year written relative to it is (明年 at ``at``'s 年: 1),
    None when the word before 年 is none of ``relative_years``."""
    return _W["relative_years"].get(s[at - 1]) if at > 0 else None


def _due(s: str, at: int) -> bool:
    """A completion verb right after a date (2021年9月底完成…): by when, without 前."""
    return bool(DUE.match(s, at))


def _alone(s: str, at: int) -> bool:
    """A 至 at ``at`` that opens its clause: …分3年落实，至1998年达到2000名 is 到1998年, by then; one
    after a start closes a range (2020年至2022年, 即日起至…) and one after a verb is a level
    (提升至2022年的28%)."""
    return at == 0 or s[at - 1] in "，,；;：:。\n）)"  # （二）至2023年年底，…完成…: after its number


def _year_from(s: str, at: int, year: int | None) -> int | None:
    """The year of a deadline written without one: a 2020年起 earlier in its sentence (2020年起，每年
    1月底前 first falls in 2020), else the notice's own year."""
    sentence = max(mark_before(s, "。；;", at) + 1, at - FROM_YEAR_REACH)  # bounded: a sentence of
    found = [int(m.group("y")) for m in FROM_YEAR.finditer(s, sentence, at)]  # 10,000 dates is linear
    return found[-1] if found else year


FROM_YEAR_REACH = 200  # characters before a deadline searched for the year it counts from


def phrase_end(s: str, start: int) -> int:
    """Where the clause a deadline governs ends: the next clause mark, within ``PHRASE_MAX``."""
    m = _CLAUSE_MARK.search(s, start, start + PHRASE_MAX)
    return m.start() if m else min(len(s), start + PHRASE_MAX)


def find_limits(s: str) -> list[tuple[int, str, int, int]]:
    """(value, unit, start, end) of each relative limit (10个工作日内, 三个月内)."""
    out = []
    for m in LIMIT.finditer(s):
        value = int(m.group("n")) if m.group("n").isdigit() else cn_number(m.group("n"))
        if value:
            out.append((value, m.group("unit"), *m.span()))
    return out


def _deadlines(notice: Notice, s: str, offset: int, year: int | None,
               skip: list[tuple[int, int]]) -> list[Deadline]:
    compact = notice_compact(notice)
    out = []
    for date, a, b in find_deadlines(s, year, skip, notice.doc.issue_date):
        span = compact.span(offset + a, offset + b)
        # a schedule's year (2020年，制定…) governs the clause after its comma
        end = phrase_end(s, b + 1 if s[b:b + 1] in "，,：:" else b)
        phrase = compact.span(offset + a, offset + end)
        out.append(Deadline(date=date, raw=notice.text[span[0]:span[1]], span=span,
                            phrase=clean_inline(notice.text[phrase[0]:phrase[1]]),
                            phrase_span=phrase))
    return out


def cell_deadlines(text: str, start: int, end: int, year: int | None) -> list[tuple[str, int, int]]:
    """(date, start, end) of each date in ``text[start:end]`` that is a cell of its own."""
    out = []
    for m in CELL_DATE.finditer(text, start, end):
        y = int(m.group("y")) if m.group("y") else year
        month = m.group("m") or m.group("m2")
        if m.group("q"):  # 2025年第三季度: by the quarter's end
            month = str(3 * _QUARTERS[m.group("q")])
        elif m.group("h"):  # 2025年上半年: by the half's end
            month = "6" if m.group("h") == "上半年" else "12"
        if y is None or y not in YEARS:
            continue
        if month is None:  # a year alone (2025年) may be a table's year column: only 2025年底
            date = f"{y:04d}-12-31" if m.group("part") in ("底", "末") else None
        else:  # 2024年12月: by the month's end
            date = _last_day(y, int(month), m.group("part"), None) if 1 <= int(month) <= 12 else None
        if date:
            a = m.start("y") if m.group("y") else m.start("m2")
            out.append((date, a, a + len(text[a:m.end()].rstrip(" \u3000"))))
    return out


def _outside_tasks(notice: Notice) -> list[tuple[int, int]]:
    """Compact ranges of the body that no task covers (goal parts, closing paragraphs)."""
    compact = notice_compact(notice)
    start = compact.index(notice.sections[0].span[0]) if notice.sections else 0
    ranges, at = [], start
    for task in sorted(notice.tasks, key=lambda t: t.span[0]):
        i, j = compact.slice(*task.span)
        if i > at:
            ranges.append((at, i))
        at = max(at, j)
    ranges.append((at, compact.index(trailer_start(notice.text))))
    return [(a, b) for a, b in ranges if b > a]


# A part named for the year of its tasks (二、2026年重点任务, 2025年工作安排): their unwritten year
PART_YEAR = re.compile(r"^(?P<y>\d{4})年(?:度)?(?:重点|主要|工作|目标)")
PART_YEAR_AHEAD = 5  # years after the notice's own such a part may name


def _part_year(task: Task, year: int | None) -> int | None:
    """The year a task's enclosing part names for its tasks (二、2026年重点任务), where it is the
    notice's own or one of the next few; else the notice's own year."""
    for parent in reversed(task.parents):
        m = PART_YEAR.match(parent.heading)
        if m and year is not None and year <= int(m.group("y")) <= year + PART_YEAR_AHEAD:
            return int(m.group("y"))
    return year


def _due_year(cell: tuple[int, int] | None, text: str) -> list[tuple[str, int, int]]:
    """A task table row's 完成时限 cell that is a year alone (2019年): due by the year's end."""
    if cell is None:
        return []
    a, b = cell
    m = YEAR_CELL.fullmatch(text, a, b)
    return [(f"{m.group()[:4]}-12-31", a, b)] if m and int(m.group()[:4]) in YEARS else []


def run(notice: Notice, cfg: Config) -> Notice:
    compact = notice_compact(notice)
    notice_own = notice_year(notice)
    due = {row.start: row.due for row in find_rows(notice.text) if row.due}  # a table row's 完成时限
    for task in notice.tasks:
        year = _part_year(task, notice_own)
        i, j = compact.slice(*task.span)
        s = compact.s[i:j]
        skip = [m.span() for m in TITLE.finditer(s)]
        found = find_window(s, year)
        cued = found is not None
        if not cued:
            found = find_uncued_window(s, year)
        task.time = None
        if found:
            window, a, b = found
            span = compact.span(i + a, i + b)
            window.span = span
            window.raw = notice.text[span[0]:span[1]]
            if window.end_condition:
                window.end_condition = clean_inline(window.end_condition)
            task.time = window
            cue_start = mark_before(s, "。；【(（", a) if cued else a
            until = None if cued else FROM_UNTIL.search(s, a, b)
            # a window's end that says by when (…，至1998年达到…; 完成时限：2021年9月底前) is a deadline
            # too; a range's is not
            if not (cued and window.start is None and window.end is not None):
                skip.append((max(cue_start, 0), until.start() if until and until.end() == b else b))
        task.deadlines = _deadlines(notice, s, i, year, skip)
        for date, a, b in cell_deadlines(notice.text, *task.span, year) + _due_year(due.get(task.span[0]), notice.text):
            if not any(d.span[0] < b and a < d.span[1] for d in task.deadlines):
                task.deadlines.append(Deadline(date=date, raw=notice.text[a:b], span=(a, b),
                                               phrase=notice.text[a:b], phrase_span=(a, b)))
                task.deadlines.sort(key=lambda d: d.span)
        task.limits = []
        for value, unit, a, b in find_limits(s):
            span = compact.span(i + a, i + b)
            task.limits.append(Limit(value=value, unit=unit, raw=notice.text[span[0]:span[1]],
                                     span=span))
    notice.doc_deadlines = []
    for a, b in _outside_tasks(notice):
        s = compact.s[a:b]
        skip = [m.span() for m in TITLE.finditer(s)]
        notice.doc_deadlines.extend(_deadlines(notice, s, a, notice_own, skip))
    return notice
