"""Layout repairs: pages scanned twice, page-number and footer junk, lines broken mid-sentence.

Each function reads the text line by line and proposes ``Edit``s; none rewrites a character that
is not whitespace or a whole junk line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from .edits import Edit
from .lexicon import CJK_CHAR, Lexicon

# A line that opens a section, an item or an attachment: never glued to the line before it.
MARKER = re.compile(
    r"[ \t\u3000#>*]*(?:[一二三四五六七八九十]{1,3}\s*[、，,．.]"
    r"|[-—_]\s*[、，]"  # 一、 whose stroke OCR read as a dash
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|[《〈]\s*[一二三四五六七八九十]{1,3}\s*[)）]"  # an item whose （ OCR read as 《
    r"|\d{1,2}\s*[.．、](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节条款部分]"
    r"|——|附件|附：|抄送|印发|主送"
    r"|[^\s\u4e00-\u9fff（(]{1,4}[)）]\s*[\u4e00-\u9fff]"  # an item number OCR mangled: 4A) 强基…
    r"|[\u4e00-\u9fff]{1,8}\s*[〔\[【(（E]\s*\d{4}\s*[〕\]】)）|]\s*\d{1,4}\s*号\s*$)"  # a 发文字号 line
)
# A field line: a short label and a colon (实施部门：…, 实施时间 : …, 联系人：…). It starts a line.
FIELD = re.compile(r"[ \t\u3000【\[1I]*[\u4e00-\u9fff]{2,6}\s*[：:]")
RULE_LINE = re.compile(r"[-*_=]{3,}|\|?[-:| ]{3,}\|?")  # Markdown thematic break, table ruler
SENTENCE_END = "。！？!?"
COLON = "：:"
CONTINUES = "，、；,;（(《“‘【〔-—"  # a line ending on these goes on
LEADING_CONTINUATION = "，。、；：）》」”’】〕,.;:)!?！？"
PAGE_NUMBER = re.compile(r"[-—–_ˉ~·.\s]*\d{1,3}[-—–_ˉ~·.\s]*")
CJK_PUNCT = set("“”‘’、。，；：！？（）《》〈〉【】〔〕「」『』—…·")
JUNK_SYMBOLS = set("ˉ∷∶◇◆□■|^`'~¨ˇ·.,，:;—-_\\/Vv")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character of the line
    end: int  # offset of the newline (or the end of the text)
    text: str

    @property
    def content(self) -> str:
        return "".join(self.text.split())


def lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _line_removal(text: str, line: Line) -> Edit:
    end = min(len(text), line.end + 1)
    return Edit(line.start, end, "", "page_junk", 0.9)


def is_page_junk(content: str) -> bool:
    """A short line of no Chinese that is a page number (-11-, — 3 —) or scanner debris
    ('0V0, Q00· ˉ, .∷ —.·∷|∷ ·∷,, ◇)."""
    if not content or CJK_CHAR.search(content) or len(content) > 16:
        return False
    if PAGE_NUMBER.fullmatch(content) and not content.isdigit():
        return True
    if re.fullmatch(r"[-*_=]{3,}|[|:\- ]{3,}", content):  # a Markdown rule or table ruler
        return False
    if all(c in CJK_PUNCT for c in content):  # a quote or comma the OCR put on its own line
        return False
    symbols = sum(1 for c in content if not (c.isascii() and c.isalnum()))
    mixed = bool(re.search(r"[A-Za-z]", content)) and bool(re.search(r"\d", content))
    odd = any(c in JUNK_SYMBOLS or not c.isascii() for c in content)
    return len(content) <= 16 and ((odd and symbols >= 1) or mixed) and not _plausible_token(content)


def _plausible_token(content: str) -> bool:
    """Things a clean line may hold alone: a number (perhaps the end of a broken sentence: 00。),
    a date, a phone number, a URL or e-mail."""
    return bool(re.fullmatch(r"[\d.,%]+[。，；、]?|\d{2,4}[-/.]\d{1,2}([-/.]\d{1,2})?|[\d\-()（）]{7,}"
                             r"|[\w.-]+@[\w.-]+|https?://\S+|[\w-]+(?:\.[\w-]+)+|[A-Za-z]{2,}",
                             content))


def page_junk_edits(text: str) -> list[Edit]:
    return [_line_removal(text, line) for line in lines(text) if is_page_junk(line.content)]


def page_starts(text: str) -> set[int] | None:
    """Offsets of the first non-empty line of every page (after each form feed), or None when
    the text marks no page breaks."""
    if "\f" not in text:
        return None
    starts, fresh = set(), True
    for ln in lines(text):
        if "\f" in ln.text:
            fresh = True
        elif ln.content and fresh:
            starts.add(ln.start)
            fresh = False
    return starts


FUZZY_BACK = 600  # lines (about twenty pages) a near repeat of a page is looked for behind it
EXACT_BACK = 50  # the latest earlier copies of a line an exact repeat is tried from (a line
# as common as 一 would otherwise make every copy a candidate)


def duplicate_page_edits(text: str, min_lines: int = 5, min_chars: int = 120,
                         score: float = 90.0) -> list[Edit]:
    """Drop the later copy of a run of lines that repeats an earlier run (a page scanned twice).

    Lines are compared without whitespace by rapidfuzz ratio, so two OCR passes over the same
    page that differ in a few characters still match; a run must hold ``min_lines`` non-empty
    lines and ``min_chars`` characters, so repeated short lines (责任部门：民政部门) never count.
    Where the text marks its pages (form feeds), the repeat must begin a page. Only OCR'd text
    comes here (the repair stage leaves born-digital text alone)."""
    aligned = page_starts(text)
    body = [ln for ln in lines(text) if ln.content]
    keys = [ln.content for ln in body]
    same: dict[str, list[int]] = {}  # the earlier lines of each text: an exact repeat anywhere
    edits: list[Edit] = []
    j, indexed = 1, 0
    while j < len(body):
        while indexed < j:
            same.setdefault(keys[indexed], []).append(indexed)
            indexed += 1
        if aligned is not None and body[j].start not in aligned:
            j += 1
            continue  # a repeat must begin a page where the text marks its pages
        best = None
        # an exact repeat anywhere before, a near one (OCR read the page again a little
        # differently) within the last FUZZY_BACK lines: every earlier line for every line
        # made a long text quadratic
        near = range(max(0, j - FUZZY_BACK), j) if len(keys[j]) >= 8 else range(0)
        for i in sorted(set(same.get(keys[j], [])[-EXACT_BACK:]) | set(near)):
            if keys[i] == keys[j] or fuzz.ratio(keys[i], keys[j]) >= score:
                n = 0
                while (j + n < len(body) and i + n < j
                       and fuzz.ratio(keys[i + n], keys[j + n]) >= score):
                    n += 1
                if best is None or n > best[1]:
                    best = (i, n)
        if best and best[1] >= min_lines and sum(len(k) for k in keys[j:j + best[1]]) >= min_chars:
            first, last = body[j], body[j + best[1] - 1]
            stop = body[j + best[1]].start if j + best[1] < len(body) else len(text)
            if last.end < stop:
                stop = last.end + 1 if stop > last.end + 1 else stop
            edits.append(Edit(first.start, stop, "", "duplicate_page", 0.9))
            j += best[1]
            continue
        j += 1
    return edits


MIN_WIDTH = 20  # a printed A4 line holds about 28 characters; never judge by fewer than 20


def typical_width(text: str) -> int:
    """The length of a full line (80th percentile of non-empty lines, without whitespace)."""
    sizes = sorted(len(ln.content) for ln in lines(text) if ln.content)
    measured = sizes[int(0.8 * (len(sizes) - 1))] if sizes else 0
    return max(MIN_WIDTH, measured)


def _crossing_word(lex: Lexicon, left: str, right: str) -> bool:
    """A lexicon word of 2–4 characters that the line break cuts (疫|情, 市场|监管)."""
    for a in range(1, 4):
        for b in range(1, 5 - a):
            if a <= len(left) and b <= len(right) and lex.is_word(left[-a:] + right[:b]):
                return True
    return False


DATE_LINE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def join_edits(text: str, lex: Lexicon, keep: Callable[[int], bool] = lambda _: False
               ) -> list[Edit]:
    """Re-join lines broken mid-sentence: remove the whitespace (newlines, blank lines, leading
    spaces) between a line and the next when the sentence visibly goes on. Headings, list items
    and lines ``keep(offset)`` names stay on their own lines."""
    width = typical_width(text)
    body = [ln for ln in lines(text) if ln.content]
    edits: list[Edit] = []
    prose = False  # whether the paragraph ``cur`` ends so far reads as running prose
    for cur, nxt in pairwise(body):
        left, right = cur.content, nxt.content
        long = len(left) >= 0.6 * width
        prose = prose or long or any(c in "，、；,;。" for c in left)
        if (keep(cur.start) or keep(nxt.start) or MARKER.match(nxt.text) or FIELD.match(nxt.text)
                or RULE_LINE.fullmatch(left) or RULE_LINE.fullmatch(right)
                or DATE_LINE.fullmatch(right)):  # a signature's date stands on its own line
            join = False
        elif FIELD.match(cur.text) and not long:  # a field goes on only if cut mid-list or mid-word
            join = left[-1] in CONTINUES or left[-1] in "和及与" or _crossing_word(lex, left, right)
        elif right[0] in LEADING_CONTINUATION:
            join = True
        elif left[-1] in SENTENCE_END:
            join = right[0] == "【"  # an annotation 【实施时间…】 belongs to its paragraph
        elif left[-1] in COLON:
            join = False
        elif left[-1] in CONTINUES:
            join = True
        elif MARKER.match(cur.text) and not long:
            join = _crossing_word(lex, left, right)  # a heading, unless a word runs on
        elif left[-1] in "）)】]":
            join = long  # a parenthesis closing a short line usually ends its paragraph
        else:  # prose (a paragraph with a long line or clause punctuation) goes on
            join = prose or _crossing_word(lex, left, right)
        if join:
            gap_start = cur.start + len(cur.text.rstrip())
            gap_end = nxt.start + (len(nxt.text) - len(nxt.text.lstrip()))
            edits.append(Edit(gap_start, gap_end, "", "line_join", 0.8))
        prose = prose and join
    return edits
