"""References: documents the notice cites — 《titles》 of document genres, 发文字号, paired.

A title counts when its last word is a document genre (resources/doc_genres.txt): 通知, 意见,
方案 … — not standards (《…规范》) or systems (《…系统》). A doc number in the brackets right after a
title belongs to it; a doc number standing alone is a reference without a title.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ...config import Config
from ...model import Notice, Reference
from ...resources import load_lines
from ...text import TITLE, clean_inline, notice_compact
from .common import find_doc_numbers

_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def is_document_title(title: str) -> bool:
    inner = _TRAILING_NOTE.sub("", title.strip("《》"))
    return inner.endswith(load_lines("doc_genres.txt"))


def normalise_title(title: str) -> str:
    return clean_inline(title).replace("(", "（").replace(")", "）").replace(" ", "")


def run(notice: Notice, cfg: Config) -> Notice:
    compact = notice_compact(notice)
    s = compact.s
    own_number = notice.doc.doc_number
    own_title = normalise_title(notice.doc.title or "")
    numbers = [d for d in find_doc_numbers(s, compact.line_starts()) if d.value != own_number]
    starts = [d.start for d in numbers]
    used: set[int] = set()
    refs: list[Reference] = []
    seen: set[str] = set()

    def add(title: str | None, number: str | None, a: int, b: int) -> None:
        key = number or title or ""
        if key in seen:
            return
        seen.add(key)
        refs.append(Reference(title=title, doc_number=number, span=compact.span(a, b)))

    for m in TITLE.finditer(s):
        title = normalise_title(m.group())
        after = s[m.end():m.end() + 1]
        paired = []
        if after in "（(" and after:
            close = min((k for k in (s.find("）", m.end()), s.find(")", m.end())) if k >= 0),
                        default=-1)
            if 0 <= close - m.end() <= 60:  # the numbers in the bracket (in order: a search)
                paired = numbers[bisect_right(starts, m.end()):bisect_left(starts, close)]
        if paired:
            for d in paired:
                used.add(d.start)
                add(title, d.value, m.start(), d.end)
        elif is_document_title(title) and title.strip("《》") not in own_title:
            add(title, None, m.start(), m.end())
    for d in numbers:
        if d.start not in used:
            add(None, d.value, d.start, d.end)
    notice.references = sorted(refs, key=lambda r: r.span[0])
    return notice
