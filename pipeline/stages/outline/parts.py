"""Where the outline's parts lie: the body, each attachment, and the closing block after them.

Signature blocks, 抄送/印发 lines and dates are short lines without sentence punctuation; read
backwards from a part's end they are cut off, so no unit's span runs into them (a unit's own
牵头单位： line is no closing line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbering import LEAD, TOC, attachment_re
from .roles import is_field_line

# A line of the closing block: short, without sentence punctuation.
_CLOSING_MAX = 40
_PROSE = re.compile(r"[。，,；;]")
# The fields of a closing block, long or not: who gets copies, who attended (a meeting's minutes)
_CLOSING_FIELD = re.compile(r"(?:抄送|抄报|分送|印发|列席|参加|出席|记录|请假)[：:]")
# An attachment whose own text is shorter than this (and that another attachment follows) is the
# cover letter's list of attachment names, not an attachment.
_LISTING_MAX = 200
_TITLE_MAX = 40
_DEADLINE_CELL = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:底|末|中旬|上旬|下旬)?前?$|\d{4}年(?:底|末)前?$")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    end = len(text) if end is None else end
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl + 1
        out.append((pos, text[pos:stop]))
        pos = stop
    return out


def closing_start(text: str, start: int = 0, end: int | None = None) -> int:
    """Where the closing block of ``text[start:end]`` begins (``end`` when there is none).

    Read backwards: short lines without sentence punctuation belong to it; the first line of
    running prose ends it.
    """
    end = len(text) if end is None else end
    cut = end
    for pos, line in reversed(_lines(text, start, end)):
        compact = "".join(line.split())
        if not compact:
            continue
        if _CLOSING_FIELD.match(compact):
            cut = pos  # 抄送：…，…。 / 参加：… (minutes): a closing line, however long
            continue
        if (len(compact) > _CLOSING_MAX or _PROSE.search(compact) or is_field_line(compact)
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
    for pos, line in _lines(text, 0, end):
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


# Another notice after this one's date (a PDF's text holding several): its title line, then its own
# 发文字号 (bracketed or not), then its 主送 line closed by a colon, within a few lines.
_DATE_LINE_END = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_NOTICE_TITLE = re.compile(r"^[^。，,；;：:]{4,60}(?:通知|意见|决定|批复|复函|函|通报|公告)$")
_OWN_NUMBER = re.compile(r"^[（(]?[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d{1,5}\s*号[）)]?$")


SIGNED_AFTER = 3  # sentences a notice's body holds before the date that signs it


def _signs_date(text: str, pos: int, line: str) -> bool:
    """Whether ``line`` (compact, at ``pos``) ends a notice with its date: after a body's sentences,
    short, no sentence of its own, no field (a page's 发布日期：…)."""
    return (bool(_DATE_LINE_END.search(line)) and len(line) <= 60 and not _PROSE.search(line)
            and not re.search(r"[：:]", line) and text.count("。", 0, pos) >= SIGNED_AFTER)


@lru_cache(maxsize=4)  # the header stage and the outline ask of the same text
def _after_signature(text: str) -> tuple[tuple[tuple[int, str], ...], int]:
    """The text's non-empty lines (offset, whitespace left out), and the index of the first line
    after this notice's signed date (``_signs_date``; the number of lines where none signs it)."""
    lines = tuple((pos, compact) for pos, line in _lines(text) if (compact := "".join(line.split())))
    signed = next((k for k, (pos, line) in enumerate(lines) if _signs_date(text, pos, line)), len(lines))
    return lines, signed + 1


def another_notice(text: str) -> tuple[int, str] | None:
    """(where it starts, its title) of a second notice the text holds after this one's date: its
    title line (wrapped over two lines or not) and its own 发文字号 line, in either order (a red
    header prints the number first, under its 文件 line), then its 主送 line (…：, wrapped once or
    not) — not a notice this one forwards or issues, whose title this one names (批转《…的通知》)."""
    lines, after_date = _after_signature(text)
    for k in range(after_date, len(lines)):
        line = lines[k][1]
        if not _NOTICE_TITLE.match(line):
            continue
        first = k - 1 if k and "关于" not in line and "关于" in lines[k - 1][1] \
            and not _PROSE.search(lines[k - 1][1]) else k  # a title wrapped over two lines
        title = "".join(t for _, t in lines[first:k + 1])
        if first and _OWN_NUMBER.match(lines[first - 1][1]):
            start, after = first - 1, k + 1  # the number above the title
            if start and lines[start - 1][1].endswith("文件"):
                start -= 1  # …under the issuer's 文件 line
        elif k + 1 < len(lines) and _OWN_NUMBER.match(lines[k + 1][1]):
            start, after = first, k + 2  # the number below the title
        else:
            continue
        recipients = "".join(t for _, t in lines[after:after + 2])
        if not (lines[after:after + 1] and (lines[after][1].endswith(("：", ":"))
                                            or recipients.endswith(("：", ":")))):
            continue  # no 主送 line (…：), wrapped once at most
        core = title.split("关于", 1)[-1].removesuffix("的通知")
        if core[:12] in "".join(text[:lines[start][0]].split()):
            continue  # the notice this one forwards or issues (批转《…》): its substance
        return lines[start][0], title
    return None


# A list attached after the signature without an 附件 line, by its title: what an inspection found,
# whom it names, what it catalogues (本市养老机构消防安全典型问题清单, 质量标杆企业名单): no measures.
_LIST_TITLE = re.compile(r"^[^。，,；;：:]{4,50}(?:问题清单|隐患清单|名单|目录|一览表)$")
_LIST_NOT = re.compile(r"任务|分工|责任|措施")  # 重点任务清单, 责任清单: a task table's title


def attached_list(text: str) -> int | None:
    """Where a list attached after the notice's signed date begins (``_LIST_TITLE``), if any."""
    lines, after_date = _after_signature(text)
    return next((pos for pos, line in lines[after_date:]
                 if _LIST_TITLE.match(line) and not _LIST_NOT.search(line)), None)


def split_parts(text: str) -> list[Part]:
    """The body and its attachments, each ending before its closing block (and before another
    notice the text holds: ``another_notice``)."""
    limit = trailer_start(text)
    other = another_notice(text)
    if other:
        limit = min(limit, closing_start(text, 0, other[0]))
    listed = attached_list(text)
    if listed is not None:
        limit = min(limit, closing_start(text, 0, listed))
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
