"""Paired marks that OCR misread, repaired by pairing openers with closers within a paragraph.

Brackets (``bracket_pair_edits``), on the whitespace-free view of each line:

* a 《 whose content is closed by ） (no 》 comes first) was a （: ``《七 )`` -> ``（七）``,
  ``。《责任部门：…）`` -> ``。（责任部门：…）``;
* a 〈 closed by ） was a （ (``〈含民办学校 )`` -> ``（含民办学校）``);
* a 《 opened inside another 《 and closed before it is a nested title, written 〈…〉
  (GB/T 15834): ``《关于印发《…方案》的通知》`` -> ``《关于印发〈…方案〉的通知》``;
* a 《 or 〈 that is never closed, stands right after a 》 or at the start of a line, and right
  before another opening bracket that is closed, is a speck read as a mark
  (``》《（民发…号）``, ``〈《八 )``): dropped.

Quotes (``quote_pair_edits``), on the same view: a mark misread for a quote is restored where the
quote pairing of its sentence requires it, and a quote doubled by the OCR is made single:

* ``?`` or ``？`` inside an open quote, with the sentence going on after it and no closing
  quote to come (``“分级负责?的原则``), was the closing ”;
* ``*`` between Chinese characters, outside a quote, whose sentence next shows a closing mark
  (”, ``"`` or a ``?`` read for one) was the opening “ (never in Markdown);
* an ASCII ``"`` next to a curly quote of the direction it must have (``"”``, ``“"``) is the same
  mark read twice.

``quote_direction_edits`` (after the punctuation pass has made every quote curly): in a sentence
holding an even number of quotes, they alternate “ ” “ ”; one the OCR turned the wrong way is
turned back (``“三查“三改”`` is left, with three marks for four, but ``“属地管理“`` in
a sentence of two becomes ``“属地管理”``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from ..text import Compact
from .edits import Edit
from .lexicon import CJK_CHAR

ROUND_OPEN, ROUND_CLOSE = "（(〈", "）)〉"
TITLE_OPEN, TITLE_CLOSE = "《", "》"
SENTENCE_END = "。！；;\n"
QUOTES = "“”\""


def _paragraphs(compact: Compact) -> list[tuple[int, int]]:
    starts = sorted(compact.line_starts() | {len(compact.s)})
    return list(pairwise(starts))


def _pairs(s: str, lo: int, hi: int) -> tuple[list[tuple[int, int, int | None]], list[int]]:
    """Matched (open, close, enclosing open) positions in ``s[lo:hi]``, and unclosed openers.

    A closer pops the innermost opener of any kind (OCR does not keep the kinds apart)."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int | None]] = []
    for k in range(lo, hi):
        ch = s[k]
        if ch in ROUND_OPEN or ch == TITLE_OPEN:
            stack.append(k)
        elif (ch in ROUND_CLOSE or ch == TITLE_CLOSE) and stack:
            opened = stack.pop()
            pairs.append((opened, k, stack[-1] if stack else None))
    return pairs, stack


def _putter(compact: Compact, edits: list[Edit], rule: str) -> Callable[[int, str, float], None]:
    """A function recording an edit of the compact view's character ``k``."""
    def put(k: int, char: str, confidence: float) -> None:
        a, b = compact.span(k, k + 1)
        edits.append(Edit(a, b, char, rule, confidence))
    return put


def bracket_pair_edits(text: str) -> list[Edit]:
    """Brackets OCR misread, restored by pairing them within each line (see the module docstring)."""
    compact = Compact.of(text)
    s = compact.s
    edits: list[Edit] = []
    put = _putter(compact, edits, "bracket_pair")

    for lo, hi in _paragraphs(compact):
        pairs, unclosed = _pairs(s, lo, hi)
        closer_of = {o: c for o, c, _ in pairs}
        for opened, closed, parent in pairs:
            o, c = s[opened], s[closed]
            if o in TITLE_OPEN + "〈" and c in "）)":
                put(opened, "（", 0.8)
                if c == ")":
                    put(closed, "）", 0.8)
            elif (o == TITLE_OPEN and c == TITLE_CLOSE and parent is not None
                  and s[parent] == TITLE_OPEN and s[closer_of.get(parent, parent)] == TITLE_CLOSE):
                put(opened, "〈", 0.75)
                put(closed, "〉", 0.75)
        for k in unclosed:
            after_title = k == lo or s[k - 1] == TITLE_CLOSE  # 》《（…）: a speck between two marks
            if (s[k] in "《〈" and after_title and s[k + 1:k + 2] in tuple(ROUND_OPEN + TITLE_OPEN)
                    and k + 1 in closer_of):
                put(k, "", 0.7)
    return edits


def _next_quote(s: str, k: int, hi: int, limit: int = 24) -> str:
    """The first quote-like mark after ``k`` in the same sentence (within ``limit``), or ""."""
    for j in range(k + 1, min(hi, k + limit)):
        if s[j] in SENTENCE_END:
            return ""
        if s[j] in QUOTES or s[j] in "?？*":
            return s[j]
    return ""


def quote_pair_edits(text: str, markdown: bool = False) -> list[Edit]:
    """Marks misread for quotes, restored where the quote pairing of the sentence requires it
    (see the module docstring); ``markdown`` leaves asterisks alone (emphasis, bullets)."""
    compact = Compact.of(text)
    s = compact.s
    edits: list[Edit] = []
    put = _putter(compact, edits, "quote_pair")

    for lo, hi in _paragraphs(compact):
        opened = False
        for k in range(lo, hi):
            ch, nxt = s[k], s[k + 1:k + 2]
            if ch in SENTENCE_END:
                opened = False
            elif (ch in "?？" and opened and nxt and nxt not in QUOTES + SENTENCE_END + "，,"
                  and _next_quote(s, k, hi, limit=hi - k) == ""):
                put(k, "”", 0.8)  # no closing quote follows: this was it
                opened = False
            elif (ch == "*" and not markdown and not opened and k > lo and bool(CJK_CHAR.match(s[k - 1]))
                  and bool(CJK_CHAR.match(nxt)) and _next_quote(s, k, hi) in ('"', "”", "?")):
                put(k, "“", 0.75)
                opened = True
            elif ch == '"' and (nxt == "”" or (k > lo and s[k - 1] == "“")):
                put(k, "", 0.85)  # the same mark read twice
            elif ch in QUOTES:
                opened = ch == "“" or (ch == '"' and not opened)
    return edits


# A sentence ends at a terminator, with the closing quote that may follow it (“要抓紧。”).
_SENTENCE = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”\"]?)?|[。！？；!?;]+[”\"]?")


def quote_direction_edits(text: str) -> list[Edit]:
    """Quotes turned back to alternate “ ” within a sentence that holds an even number of them
    (a terminator inside a quotation ends the sentence after its closing mark)."""
    edits = []
    for sentence in _SENTENCE.finditer(text):
        marks = [m.start() for m in re.finditer("[“”]", sentence.group())]
        if not marks or len(marks) % 2:
            continue
        for k, at in enumerate(marks):
            want = "“" if k % 2 == 0 else "”"
            if sentence.group()[at] != want:
                pos = sentence.start() + at
                edits.append(Edit(pos, pos + 1, want, "quote_pair", 0.7))
    return edits
