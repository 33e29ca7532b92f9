"""Paired marks that OCR misread, repaired by pairing openers with closers within a paragraph.

Brackets (``bracket_pair_edits``), on the whitespace-free view of each line:

* a 《 whose content is closed by ） (no 》 comes first) was a （: ``《七 )`` -> ``（七）``,
  ``。《责任部门：…）`` -> ``。（责任部门：…）``;
* a 〈 closed by ） was a （ (〈医疗护理员 ) -> （医疗护理员）);
* a 《 opened inside another 《 and closed before it is a nested title, written 〈…〉
  (GB/T 15834): ``《关于印发《…方案》的通知》`` -> ``《关于印发〈…方案〉的通知》``;
* a 《 or 〈 that is never closed and stands right before another opening bracket that is, is a
  speck read as a mark (``》《（民发…号）``, ``〈《八 )``): dropped.

Quotes (``quote_pair_edits``), on the same view: a mark misread for a quote is restored where the
quote pairing of its sentence requires it, and a quote doubled by the OCR is made single:

* ``?`` or ``？`` inside an open quote, with the sentence going on after it (``“四个一批?办法``),
  was the closing ”;
* ``*`` before Chinese text that a later quote closes in the same sentence was the opening “;
* an ASCII ``"`` next to a curly quote of the direction it must have (``"”``, ``“"``) is the same
  mark read twice.

``quote_direction_edits`` (after the punctuation pass has made every quote curly): in a sentence
holding an even number of quotes, they alternate “ ” “ ”; one the OCR turned the wrong way is
turned back (``“文字整改“数字整改”`` is left, with three marks for four, but ``“属地管理“`` in
a sentence of two becomes ``“属地管理”``).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..text import Compact
from .edits import Edit

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


def bracket_pair_edits(text: str) -> list[Edit]:
    compact = Compact.of(text)
    s = compact.s
    edits: list[Edit] = []

    def put(k: int, char: str, confidence: float) -> None:
        a, b = compact.span(k, k + 1)
        edits.append(Edit(a, b, char, "bracket_pair", confidence))

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
            if s[k] in "《〈" and s[k + 1:k + 2] in tuple(ROUND_OPEN + TITLE_OPEN) and k + 1 in closer_of:
                a, b = compact.span(k, k + 1)
                edits.append(Edit(a, b, "", "bracket_pair", 0.7))
    return edits


def _closes_later(s: str, k: int, hi: int, limit: int = 24) -> bool:
    """Whether a quote-like mark follows ``k`` in the same sentence, within ``limit``."""
    for j in range(k + 1, min(hi, k + limit)):
        if s[j] in SENTENCE_END:
            return False
        if s[j] in QUOTES or s[j] in "?？":
            return True
    return False


def quote_pair_edits(text: str) -> list[Edit]:
    compact = Compact.of(text)
    s = compact.s
    edits: list[Edit] = []

    def put(k: int, char: str, confidence: float) -> None:
        a, b = compact.span(k, k + 1)
        edits.append(Edit(a, b, char, "quote_pair", confidence))

    for lo, hi in _paragraphs(compact):
        opened = False
        for k in range(lo, hi):
            ch, nxt = s[k], s[k + 1:k + 2]
            if ch in SENTENCE_END:
                opened = False
            elif ch in "?？" and opened and nxt and nxt not in QUOTES + SENTENCE_END + "，,":
                put(k, "”", 0.8)
                opened = False
            elif ch == "*" and _is_cjk(nxt) and _closes_later(s, k, hi):
                put(k, "“", 0.75)
                opened = True
            elif ch == '"' and (nxt == "”" or (k > lo and s[k - 1] == "“")):
                put(k, "", 0.85)  # the same mark read twice
            elif ch in QUOTES:
                opened = ch == "“" or (ch == '"' and not opened)
    return edits


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def quote_direction_edits(text: str) -> list[Edit]:
    edits = []
    for sentence in re.finditer(r"[^。！？；!?;\n]+", text):
        marks = [m.start() for m in re.finditer("[“”]", sentence.group())]
        if not marks or len(marks) % 2:
            continue
        for k, at in enumerate(marks):
            want = "“" if k % 2 == 0 else "”"
            if sentence.group()[at] != want:
                pos = sentence.start() + at
                edits.append(Edit(pos, pos + 1, want, "quote_pair", 0.7))
    return edits
