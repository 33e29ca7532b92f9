"""Unreadable lines and the garble ratio.

A line is unreadable when many of its Chinese characters are rare glyphs (outside the 3,500 most
frequent characters of jieba's dictionary: the size of the list of common modern characters) and
few of them fall into lexicon words: 疒袈毽眦跛蹭 is what OCR makes of a red header it cannot
read. Such a line is flagged, never guessed at, unless a whole stretch of it matches an agency
name that the readable body of the notice uses (rapidfuzz, strict score).

``garble_ratio``: the share of visible characters that are suspicious (rare glyphs, stray
symbols, Latin strokes inside Chinese, converter placeholders) — how garbled a text looks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from ..resources import load_lines
from .edits import Edit
from .junk import STRAY
from .layout import lines
from .lexicon import CJK_RUN, Lexicon

_PLACEHOLDER = re.compile(r"\[image:[^\]\n]*\]")
SPACE = re.compile(r"\s")
STRAY_RE = re.compile(f"[{re.escape(STRAY)}]")
_LATIN_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s*[A-Za-z`'|~^]{1,3}\s*(?=[\u4e00-\u9fff])")
_AGENCY = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:厅|局|委员会|总队|支队|办公室)")


@dataclass(frozen=True)
class Unreadable:
    start: int
    end: int
    rare: float  # share of rare glyphs among its Chinese characters
    words: float  # share of its Chinese characters inside lexicon words


@cache
def common_chars() -> frozenset[str]:
    """The common characters (``resources/common_chars.txt``, built with the confusion table)."""
    return frozenset("".join(load_lines("common_chars.txt")))


def is_rare(ch: str) -> bool:
    return ch not in common_chars()


@cache
def _rare_re() -> re.Pattern[str]:
    """One CJK character outside the common set (counted by the regex engine, not a Python loop)."""
    common = "".join(sorted(common_chars()))
    return re.compile(f"(?![{re.escape(common)}])[\u4e00-\u9fff]")


def count_rare(text: str) -> int:
    return len(_rare_re().findall(text))


def line_scores(line: str, lex: Lexicon) -> tuple[float, float, int]:
    """(rare share, word coverage, number of Chinese characters) of one line."""
    runs = CJK_RUN.findall(line)
    n = sum(len(r) for r in runs)
    if not n:
        return 0.0, 1.0, 0
    rare = sum(1 for r in runs for ch in r if is_rare(ch)) / n
    if not rare:
        return 0.0, 1.0, n  # no rare glyph: readable whatever its words (spare the segmentation)
    covered = sum(len(w) for r in runs for w in lex.segment(r)[1] if len(w) > 1) / n
    return rare, covered, n


def rare_share(line: str) -> tuple[float, int]:
    """(share of rare glyphs, number of Chinese characters) of one line: no segmentation."""
    n = sum(len(r) for r in CJK_RUN.findall(line))
    if not n:
        return 0.0, 0
    return count_rare(line) / n, n


def unreadable_lines(text: str, lex: Lexicon | Callable[[], Lexicon], min_rare: float = 0.15,
                     max_words: float = 0.5) -> list[Unreadable]:
    """Lines of many rare glyphs that form few words. ``lex`` may be a function giving the
    lexicon, called only when some line has enough rare glyphs to need segmenting."""
    out = []
    # a line qualifies only with a rare glyph in it (``min_rare`` > 0): the rare glyphs are found
    # in one scan of the text and only their lines are read (most lines hold none)
    rare_at = [m.start() for m in _rare_re().finditer(text)] if min_rare > 0 else None
    if rare_at == []:
        return out
    for ln in lines(text):
        if rare_at is not None and bisect_left(rare_at, ln.start) == bisect_left(rare_at, ln.end):
            continue
        rare, n = rare_share(ln.text)
        if n < 4 or rare < min_rare:
            continue  # cannot qualify: spare the segmentation
        if callable(lex):
            lex = lex()
        _, words, _ = line_scores(ln.text, lex)
        if words <= max_words:
            out.append(Unreadable(ln.start, ln.end, round(rare, 2), round(words, 2)))
    return out


def agency_names(text: str, skip: list[Unreadable]) -> set[str]:
    """Agency names the readable part of the text uses (省民政厅, 住房城乡建设厅 …)."""
    names: set[str] = set()
    skipped = {u.start for u in skip}
    for ln in lines(text):
        if ln.start in skipped:
            continue
        for piece in re.split(r"[^\u4e00-\u9fff]", ln.text):
            names.update(m.group() for m in _AGENCY.finditer(piece) if len(m.group()) >= 4)
    return names


def recovery_edits(text: str, bad: list[Unreadable], names: set[str], score: float = 90.0
                   ) -> list[Edit]:
    """Replace a space-separated stretch of an unreadable line by an agency name of the body
    when they match strongly (rapidfuzz ratio >= ``score``, same length within one character)."""
    edits = []
    for u in bad:
        for m in re.finditer(r"\S+", text[u.start:u.end]):
            token = m.group()
            best = max(((fuzz.ratio(token, n), n) for n in names if abs(len(n) - len(token)) <= 1),
                       default=(0.0, ""))
            if best[0] >= score and best[1] != token:
                edits.append(Edit(u.start + m.start(), u.start + m.end(), best[1],
                                  "gazetteer_recovery", round(best[0] / 100, 3)))
    return edits


def garble_ratio(text: str) -> float:
    """Suspicious characters / visible characters (0 for clean text)."""
    visible = len(text) - len(SPACE.findall(text))
    if not visible:
        return 0.0
    placeholders = sum(len(m.group()) for m in _PLACEHOLDER.finditer(text))
    rest = _PLACEHOLDER.sub("", text)
    rare = count_rare(rest)
    stray = len(STRAY_RE.findall(rest))
    latin = sum(len(m.group().strip()) for m in _LATIN_IN_CJK.finditer(rest))
    return round((placeholders + rare + stray + latin) / visible, 4)
