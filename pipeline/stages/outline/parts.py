"""Where the outline's parts lie: the body, each attachment, and the closing block after them.

Signature blocks, 抄送/印发 lines and dates are short lines without sentence punctuation; read
backwards from a part's end they are cut off, so no unit's span runs into them (a unit's own
牵头单位： line is no closing line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text import PROSE, lines_at, lines_back
from ..notice_ends import another_notice, attached_list, page_footer
from .numbering import LEAD, TOC, attachment_re
from .roles import is_field_line

# A line of the closing block: short, without sentence punctuation.
_CLOSING_MAX = 40
# The fields of a closing block, long or not: who gets copies, who attended (a meeting's minutes)
_CLOSING_FIELD = re.compile(r"(?:抄送|抄报|分送|印发|列席|参加|出席|记录|请假)[：:]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")  # a Markdown image alone on its line (a page's seal)
# An attachment whose own text is shorter than this (and that another attachment follows) is the
# cover letter's list of attachment names, not an attachment.
_LISTING_MAX = 200
_TITLE_MAX = 40
_DEADLINE_CELL = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:底|末|中旬|上旬|下旬)?前?$|\d{4}年(?:底|末)前?$")


def closing_start(text: str, start: int = 0, end: int | None = None) -> int:
    """Where the closing block of ``text[start:end]`` begins (``end`` when there is none).

    Read backwards: short lines without sentence punctuation belong to it; the first line of
    running prose ends it.
    """
    end = len(text) if end is None else end
    cut = end
    for pos, line in lines_back(text, start, end):
        compact = "".join(line.split())
        if not compact:
            continue
        if _CLOSING_FIELD.match(compact) or _IMAGE.fullmatch(compact):
            cut = pos  # 抄送：…，…。 / 参加：… (minutes): a closing line, however long; a page's seal image
            continue
        if (len(compact) > _CLOSING_MAX or PROSE.search(compact) or is_field_line(compact)
                or line.count("\t") >= 2 or (compact.endswith("|") and compact.strip("|"))):
            break  # prose, a unit's 牵头单位： line, a table's row, or a cell closed by its |
        if _DEADLINE_CELL.match(compact):
            break  # a task table's 完成时限 cell (10月底前): a signature's date names its day
        cut = pos
    return cut


def trailer_start(text: str) -> int:
    """Where the notice's closing block (signatures, dates, 印发 line) begins."""
    return closing_start(text)


@dataclass
class Part:
    start: int
    end: int
    label: str = ""  # "" for the body, else the attachment marker as written (附件1)
    marker_end: int = 0  # where its units may start: after the attachment's marker line


def attachment_lines(text: str, end: int) -> list[tuple[int, int, str]]:
    """Lines that open an attachment: (line start, end of its text, marker as written)."""
    rx = attachment_re()
    out = []
    for pos, line in lines_at(text, 0, end):
        lead = LEAD.match(line)
        first = lead.end() if lead else 0
        m = rx.match(line, first)
        if not m or TOC.search(line):
            continue
        rest = line[m.end():].strip()
        if len(rest) > _TITLE_MAX or any(c in rest for c in "。《，,；;"):
            continue
        out.append((pos, pos + len(line.rstrip()), line[first:m.end()].strip().rstrip("：:")))
    return out


def split_parts(text: str) -> list[Part]:
    """The body and its attachments, each ending before its closing block (and before another
    notice the text holds: ``another_notice``)."""
    limit = trailer_start(text)
    other = another_notice(text)
    if other:
        limit = min(limit, closing_start(text, 0, other[0]))
    for end in (attached_list(text), page_footer(text)):  # a list after the signature, a page's footer
        if end is not None:
            limit = min(limit, closing_start(text, 0, end))
    marks = attachment_lines(text, limit)
    bounds = [0] + [pos for pos, _, _ in marks] + [limit]
    parts = [Part(0, closing_start(text, 0, bounds[1]))]
    for k, (pos, marker_end, label) in enumerate(marks):
        stop = bounds[k + 2]
        own = len("".join(text[marker_end:stop].split()))
        if own < _LISTING_MAX and k + 1 < len(marks):
            continue  # the cover letter's list of attachments
        parts.append(Part(pos, closing_start(text, marker_end, stop), label, marker_end))
    return parts
