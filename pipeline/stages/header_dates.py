"""When a notice was issued: its 成文 date, the line that is only a date under the signatures, or
the date of its 印发 line (the header stage's issue date).
"""

from __future__ import annotations

import re

from ..text import Compact
from .extract.common import FULL_DATE
from .header_issuers import only_agencies, text_lines


def date_value(m: re.Match[str], doc_year: int | None) -> str | None:
    year = m.group("y")
    if len(year) < 4:
        if doc_year is None or not str(doc_year).endswith(year):
            return None
        year = str(doc_year)  # a lost leading digit: "020 年" in a 〔2020〕 notice
    month, day = int(m.group("m")), int(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(year):04d}-{month:02d}-{day:02d}"


ISO_DATE = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_DATE_PIECE = re.compile(r"[\d年月日]{1,5}")


def _date_lines(text: str) -> list[tuple[int, int]]:
    """The text's lines, a date a PDF's text wrote a piece a line (2025 / 年 / 9 / 月 / 29 / 日) joined."""
    lines = text_lines(text, 0, len(text))
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        start = lines[k][0]
        j = k
        while (j + 1 < len(lines) and _DATE_PIECE.fullmatch("".join(text[lines[j][0]:lines[j][1]].split()))
               and _DATE_PIECE.fullmatch("".join(text[lines[j + 1][0]:lines[j + 1][1]].split()))):
            j += 1
        out.append((start, lines[j][1]))
        k = j + 1
    return out


SIGNED_LINE_MAX = 60  # characters of a line of signatures and their date
DATE_AT_END = re.compile(rf"{FULL_DATE.pattern}$")


def find_issue_date(text: str, doc_year: int | None) -> tuple[str, tuple[int, int]] | None:
    """The 成文 date: the first line that is only a date; else the date of the 印发 line."""
    printed = signed_line = None
    for start, end in _date_lines(text):
        compact = "".join(text[start:end].split())
        if "日" not in compact:
            continue  # no full date (FULL_DATE's last character), so none of the patterns below
        m = FULL_DATE.fullmatch(compact)
        tail = DATE_AT_END.search(compact)  # signatures and their date on one line
        if tail and tail.start() and len(compact) <= SIGNED_LINE_MAX and not re.search(r"[。，,；;：:]", compact):
            value = date_value(tail, doc_year)  # 国家卫生健康委办公厅 国家中医药局综合司 2024年10月28日: signatures
            if value:  # the gazetteer cannot read, and their date (kept when nothing better is found)
                line = Compact.of(text, start, end)
                signed_line = (value, line.span(tail.start(), len(line.s)))
        if m is None:  # 国家医保局 财政部 2021年4月12日: signatures the gazetteer reads
            m = tail if tail and tail.start() and only_agencies(compact[:tail.start()]) else None
        m2 = None if m else re.search(rf"{FULL_DATE.pattern}印发$", compact)
        if not (m or m2):
            continue
        line = Compact.of(text, start, end)
        if m:
            value = date_value(m, doc_year)
            if value:
                return value, line.span(m.start(), len(line.s))
        if m2 and printed is None:
            value = date_value(m2, doc_year)
            if value:
                printed = (value, line.span(m2.start(), m2.end("d") + 1))
    return printed or signed_line
