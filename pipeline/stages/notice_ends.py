"""Where one notice's text ends: the line that signs it with its date, and what a text may hold
after that — a second notice (a PDF of several) or a list attached without an 附件 line.

The header (its issue date is before the next notice) and the outline (its units stop there) both
ask; the lines after the signature are read once per text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import PROSE, lines_at

# Another notice after this one's date (a PDF's text holding several): its title line, then its own
# 发文字号 (bracketed or not), then its 主送 line closed by a colon, within a few lines.
_DATE_LINE_END = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_NOTICE_TITLE = re.compile(r"^[^。，,；;：:]{4,60}(?:通知|意见|决定|批复|复函|函|通报|公告)$")
_OWN_NUMBER = re.compile(r"^[（(]?[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d{1,5}\s*号[）)]?$")


SIGNED_AFTER = 3  # sentences a notice's body holds before the date that signs it


def _signs_date(text: str, pos: int, line: str) -> bool:
    """Whether ``line`` (compact, at ``pos``) ends a notice with its date: after a body's sentences,
    short, no sentence of its own, no field (a page's 发布日期：…)."""
    return (bool(_DATE_LINE_END.search(line)) and len(line) <= 60 and not PROSE.search(line)
            and not re.search(r"[：:]", line) and text.count("。", 0, pos) >= SIGNED_AFTER)


@lru_cache(maxsize=4)  # the header stage and the outline ask of the same text
def _after_signature(text: str) -> tuple[tuple[tuple[int, str], ...], int]:
    """The text's non-empty lines (offset, whitespace left out), and the index of the first line
    after this notice's signed date (``_signs_date``; the number of lines where none signs it)."""
    lines = tuple((pos, compact) for pos, line in lines_at(text) if (compact := "".join(line.split())))
    signed = next((k for k, (pos, line) in enumerate(lines) if _signs_date(text, pos, line)), len(lines))
    return lines, signed + 1


def another_notice(text: str) -> tuple[int, str] | None:
    """(where it starts, its title) of a second notice the text holds after this one's date: its
    title line (wrapped over two lines or not) and its own 发文字号 line, in either order (a red
    header prints the number first, under its 文件 line), then its 主送 line (…：, wrapped once or
    not) — not a notice this one forwards or issues, whose title this one names (批转《…的通知》)."""
    lines, after_date = _after_signature(text)
    # (or after its 附件 line, where a date lost to OCR with the seal leaves the attached notice's
    # date the first that signs)
    after_date = min(after_date, next((k for k, (pos, line) in enumerate(lines) if ATTACHMENTS_LINE.match(line)
                                       and text.count("。", 0, pos) >= SIGNED_AFTER), len(lines)))
    for k in range(after_date, len(lines)):
        line = lines[k][1]
        if not _NOTICE_TITLE.match(line):
            continue
        first = k - 1 if k and "关于" not in line and "关于" in lines[k - 1][1] \
            and not PROSE.search(lines[k - 1][1]) else k  # a title wrapped over two lines
        title = "".join(t for _, t in lines[first:k + 1])
        if first and _OWN_NUMBER.match(lines[first - 1][1]):
            start, after, number = first - 1, k + 1, lines[first - 1][1]  # the number above the title
            if start and lines[start - 1][1].endswith("文件"):
                start -= 1  # …under the issuer's 文件 line
        elif k + 1 < len(lines) and _OWN_NUMBER.match(lines[k + 1][1]):
            start, after, number = first, k + 2, lines[k + 1][1]  # the number below the title
        else:
            continue
        if not _recipients_line(lines[after:after + RECIPIENT_LINES]):
            continue  # no 主送 line (…：)
        before = "".join(text[:lines[start][0]].split())
        core = title.split("关于", 1)[-1].removesuffix("的通知")
        again = title + number in before or number + title in before  # its header printed before it
        if core[:12] in before and not again and _forwards(before, core[:12]):
            continue  # the notice this one forwards or issues (批转《…》): its substance
        return lines[start][0], title  # another notice, or this one printed again (its header again)
    return None


RECIPIENT_LINES = 8  # lines a 主送 line may wrap over (a ministry's list of companies)


def _recipients_line(lines: tuple[tuple[int, str], ...]) -> bool:
    """Whether the lines open with a 主送 line: a line closed by a colon, the lines before it
    (its wraps) holding no sentence's end."""
    for _, line in lines:
        if line.endswith(("：", ":")):
            return True
        if re.search(r"[。；;！？]", line):
            return False
    return False


ATTACHMENTS_LINE = re.compile(r"^附件[：:]?(?:\d|$)")  # 附件：1.《…》, the list of what is attached
# The verbs by which a notice passes on the notice it names (现将《…》转发给你们, 印发《…》), not
# one it only cites (按照《…的通知》要求（附件1）): a notice so cited and printed after is another.
_FORWARDS = re.compile(r"转发|印发|批转|下发|转送|转来|发布")
FORWARD_REACH = 40  # characters around the name where its verb stands


def _forwards(before: str, core: str) -> bool:
    """Whether the text before names the notice (by ``core``) as one it passes on."""
    return any(_FORWARDS.search(before, max(0, at - FORWARD_REACH), at + len(core) + FORWARD_REACH)
               for at in (m.start() for m in re.finditer(re.escape(core), before)))


# A list attached after the signature without an 附件 line, by its title: what an inspection found,
# whom it names, what it catalogues (本市养老机构消防安全典型问题清单, 质量标杆企业名单): no measures.
_LIST_TITLE = re.compile(r"^[^。，,；;：:]{4,50}(?:问题清单|隐患清单|名单|目录|一览表)$")
_LIST_NOT = re.compile(r"任务|分工|责任|措施")  # 重点任务清单, 责任清单: a task table's title


def attached_list(text: str) -> int | None:
    """Where a list attached after the notice's signed date begins (``_LIST_TITLE``), if any."""
    lines, after_date = _after_signature(text)
    return next((pos for pos, line in lines[after_date:]
                 if _LIST_TITLE.match(line) and not _LIST_NOT.search(line)), None)


# A saved page's footer after the notice's signed date: its links and the site's particulars
# (## 友情链接：, 主办单位：…, 网站标识码, ICP备…), no part of the notice.
_FOOTER = re.compile(r"^[#*\s]*(?:友情链接|相关链接|(?:主办|承办)单位[：:]|网站标识码|版权所有|网站地图|联系我们|"
                     r"关于我们|扫一扫|Copyright)|ICP备|政府网站标识码")


def page_footer(text: str) -> int | None:
    """Where a saved page's footer begins after the notice's signed date (``_FOOTER``), if any."""
    lines, after_date = _after_signature(text)
    return next((pos for pos, line in lines[after_date:] if _FOOTER.search(line)), None)

