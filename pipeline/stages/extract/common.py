"""Patterns shared by the header and extraction stages: 发文字号, dates, the notice's year."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ...model import Notice
from ...text import DocNumbers, gated

# 发文字号 as printed or as OCR misreads it: 〔 read as E/[/【/（, 〕 read as 3/)/|/】/].
# Matched on the compact (whitespace-free) view.
DOCNUM = DocNumbers(gated(
    r"(?P<org>[\u4e00-\u9fff]{1,10})"
    r"(?P<lb>[〔\[【［（(﹝{E])"
    r"(?P<year>(?:19|20|１９|２０)\d{2})"  # full-width digits too (\d reads them)
    r"(?P<rb>[〕\]】］）)﹞}|lI]|3(?=\d{1,4}号))?"
    r"(?P<num>\d{1,4})号",
    "号",  # (its organ's characters tried at every character of a text that holds no 号)
), r"[〔\[【［（(﹝{E](?=(?:19|20|１９|２０)\d{2})")
# The number of an order (部门令, 国务院令): 国务院令第708号, 商务部令2019年第1号, 证监会令第91号 — a
# citation like a 发文字号: the organ in it acts in nothing, its digits are no target.
ORDER_NUMBER = gated(
    r"[\u4e00-\u9fff]{1,12}令(?:(?:19|20|１９|２０)\d{2}年)?第[\d〇一二三四五六七八九十百]{1,6}号", "令")
_ORG_LEAD = re.compile(r"^.*(?:的|和|及|与|按照|根据|依据|印发|关于|了|见|是|为|通知|意见|方案|决定|办法)")


@dataclass(frozen=True)
class DocNumber:
    value: str
    org: str
    year: int
    start: int  # compact indices
    end: int


def find_doc_numbers(s: str, line_starts: set[int] | None = None) -> list[DocNumber]:
    """Every 发文字号 in a compact string, normalised to ``org〔year〕N号``.

    ``line_starts`` (compact indices that begin a line) keeps the issuing-organ prefix from
    reaching back over a line break into the line above.
    """
    out = []
    starts = sorted(line_starts or ())
    for m in DOCNUM.finditer(s):
        first = m.start("org")
        # not past a line break, unless that leaves a lone character (粤\n安): the last line
        # start before the organ's last character, found by a search, not a scan of every line
        k = bisect_left(starts, m.end("org") - 1) - 1
        if k >= 0 and starts[k] > first:
            first = starts[k]
        org = _ORG_LEAD.sub("", s[first:m.end("org")]) or s[first:m.end("org")]
        start = m.end("org") - len(org)
        value = f"{org}〔{int(m.group('year'))}〕{int(m.group('num'))}号"  # digits as ASCII
        out.append(DocNumber(value, org, int(m.group("year")), start, m.end()))
    return out


FULL_DATE = re.compile(r"(?P<y>\d{2,4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def notice_year(notice: Notice) -> int | None:
    """The notice's own year: issue date, else its doc number, else the commonest year in it (the
    earliest of those tied: a plan is written before the years it schedules)."""
    if notice.doc.issue_date:
        return int(notice.doc.issue_date[:4])
    if notice.doc.doc_number:
        m = re.search(r"〔(\d{4})〕", notice.doc.doc_number)
        if m:
            return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20|１９|２０)\d{2})\s*年", notice.text))
    if not years:
        return None
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)  # a tie (a 2020/2021/2022 schedule): the first
