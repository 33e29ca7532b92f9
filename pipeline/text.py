"""Text helpers shared by the stages: a whitespace-free view with offsets back, and cleaning.

OCR and PDF text layers break lines in the middle of words (``实\\n施时间``). Patterns run on a
*compact* view with every whitespace character removed; ``Compact.span`` maps a match back to
offsets in the full text, so every span still satisfies ``text[s:e] == raw``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, Protocol

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
# A run of whitespace after or before a Chinese character or full-width mark, found from its
# first character (a pattern that opens with a lookbehind is tried at every character): the
# same matches as ``(?<=[K])\s+|\s+(?=[K])``, tests/test_text.py holds the check.
_WS_TOUCHING_CJK = re.compile(
    rf"\s(?:(?<=[{CJK}{FULLWIDTH_PUNCT}]\s)\s*|\s*(?=[{CJK}{FULLWIDTH_PUNCT}]))"
)
_WS = re.compile(r"\s+")
_SPACE_RUN = re.compile(r"(?<=\S)[ \t\u3000]+(?=\S)")  # spaces between two words on a line


_Trie = dict[str, "_Trie"]


def printable(value: str) -> str:
    """``value`` as text every output can hold: a file name's bytes that are not UTF-8 (which
    Python keeps as lone surrogates) written as ``\\xff``; any other string is itself."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return value


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the literal words, the longest that fits first (牵头负责 wins over
    牵头), and on backtracking the next longest: what ``longest|…|shortest`` matches.

    The words are folded into a trie (``牵头(?:负责)?``), so at each position the engine follows
    one character path instead of trying hundreds of words in turn, and a pattern that starts
    with it keeps ``re``'s scan for possible first characters: a gazetteer of a few hundred names
    runs several times faster. ``tests/test_text.py`` checks it against the flat alternation.
    """
    trie: _Trie = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    # a word ends here: the longer words first (a greedy ?), then this one
    single = len(branches) > 1 or len(body) == 1  # one group or one character already
    return f"{body}?" if single else f"(?:{body})?"


MANY_WORDS = 8  # from this many, a gate's words are looked for in one scan


@dataclass(frozen=True)
class Gated:
    """A pattern every match of which holds one of ``words`` (a literal in each of its
    alternatives: 日 in ``(\\d{1,2})月(\\d{1,2})日至…日``): a text holding none of them is not
    scanned, since no match can be found in it. The words' test is a few substring searches in C;
    the scan it saves tries the pattern at every position a match could start. Whoever writes
    the pattern names the words; ``tests/test_text.py`` reads each gate's parse (literal runs, a
    suffix and the word its lookahead reads) and fails where it cannot show that every match holds
    one — a reader that errs toward failing, for the gates the stages make (``GATES``)."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    # many words: one scan for any of them (four to seven times faster than a substring search
    # for each of 18 to 42 words where none stands, measured); a few: a search for each
    _any: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if len(self.words) >= MANY_WORDS:
            object.__setattr__(self, "_any", re.compile(alternation(self.words)))

    def possible(self, s: str) -> bool:
        if self._any is not None:
            return self._any.search(s) is not None
        return any(w in s for w in self.words)

    def finditer(self, s: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(s) if self.possible(s) else iter(())

    def findall(self, s: str) -> list[Any]:
        return self.pattern.findall(s) if self.possible(s) else []

    def match(self, s: str, pos: int = 0) -> re.Match[str] | None:
        """At ``pos``: tried as it is (whether the words stand after ``pos`` is no cheaper)."""
        return self.pattern.match(s, pos)


class DocNumbers:
    """``pattern``'s matches as its ``finditer`` gives them, found from each opening bracket that a
    year follows: the pattern opens with up to ten characters of an organ, so a scan tries it at
    every Chinese character, ten characters deep, before it meets a bracket. Its match at a
    bracket starts where the run of Chinese characters before the bracket does — at most ten back,
    and not before the last match's end — so it is tried there alone (``tests/test_departments.py``
    checks the two against each other, for the extractors' 发文字号 and the repair's)."""

    ORGAN_MAX = 10  # the organ part's {1,10}

    def __init__(self, gate: Gated, brackets: str) -> None:
        """``brackets``: where the pattern's bracket (after its organ) and what follows it can
        stand, the bracket's character read and the rest looked ahead for."""
        self.gate, self.pattern = gate, gate.pattern
        self._brackets = re.compile(brackets)

    def match(self, s: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(s, pos)

    def finditer(self, s: str) -> Iterator[re.Match[str]]:
        if not self.gate.possible(s):
            return
        end = 0
        for bracket in self._brackets.finditer(s):
            at = start = bracket.start()
            floor = max(end, at - self.ORGAN_MAX)
            while start > floor and "\u4e00" <= s[start - 1] <= "\u9fff":
                start -= 1
            if start == at:
                continue
            m = self.pattern.match(s, start)
            if m:
                yield m
                end = m.end()


class Searcher(Protocol):
    """What ``leftmost`` needs of a pattern: its leftmost match from a position."""

    def search(self, s: str, pos: int = ..., /) -> re.Match[str] | None: ...


class Suffixed:
    """``pattern.search`` (the leftmost match from ``pos``) found from the suffixes its core ends
    at: the pattern opens with lookbehinds (a clause's start, 、, 由…), so a scan tries it at
    every character, then takes a core of ``shortest`` to ``longest`` characters, then one of
    ``suffixes`` with what ``after`` reads after it. A match starts only that far before such a
    suffix, so the suffixes are found (a scan that skips to their first characters) and the
    pattern is tried at those positions alone, each once, in order: the first that matches is
    the leftmost (``tests/test_departments.py`` checks the two against each other)."""

    def __init__(self, pattern: re.Pattern[str], suffixes: Sequence[str], after: str,
                 shortest: int, longest: int) -> None:
        self.pattern, self.shortest, self.longest = pattern, shortest, longest
        # each suffix found from its first character, the rest looked ahead for: one that
        # stands inside another (事处 of 办事处) is found as well
        self._suffixes = re.compile("|".join(
            f"{re.escape(w[0])}(?={re.escape(w[1:])}(?:{after}))" for w in sorted(set(suffixes))))

    def search(self, s: str, pos: int = 0) -> re.Match[str] | None:
        untried = pos  # every position before it tried already (or before ``pos``)
        for suffix in self._suffixes.finditer(s, pos + self.shortest):
            q = suffix.start()
            for p in range(max(untried, q - self.longest), q - self.shortest + 1):
                m = self.pattern.match(s, p)
                if m is not None:
                    return m
            untried = max(untried, q - self.shortest + 1)
        return None

    def finditer(self, s: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (m := self.search(s, pos)) is not None:
            yield m
            pos = max(m.end(), pos + 1)


GATES: list[Gated] = []  # every gate made, for the test that reads each pattern for its words
# every gate made with a guard for its first character, and its pattern without the guard, for
# the test that finds the same matches with and without it
GUARDED: list[tuple[Gated, str]] = []


def first_guard(first: str, pattern: str, at_start: bool = False) -> str:
    """``pattern`` behind a lookahead for the characters a match of it can open with (``first``,
    a character class's inside; ``at_start``: or at the text's start, for a pattern that opens
    with ``^``). A pattern that opens with an optional part, an alternative of classes or a
    lookbehind gives ``re`` no character to skip to, so it is tried in full at every character;
    the guard fails at most of them with one test. Whoever guards a pattern tests it against
    its plain form."""
    guard = f"(?=[{first}])"
    return f"{f'(?:{guard}|^)' if at_start else guard}(?:{pattern})"


def gated(pattern: str | re.Pattern[str], *words: str, first: str | None = None) -> Gated:
    """``pattern`` gated by ``words``; ``first``: the characters a match can open with, put in
    front of it by ``first_guard`` and listed in ``GUARDED`` with the plain form for the test
    (the deadline anchor over task texts: 69 -> 17 ns a character)."""
    if first is None:
        gate = Gated(re.compile(pattern), words)
    else:
        plain = pattern if isinstance(pattern, str) else pattern.pattern
        gate = Gated(re.compile(first_guard(first, plain)), words)
        GUARDED.append((gate, plain))
    GATES.append(gate)
    return gate


def pair_starts(pairs: Iterable[str]) -> re.Pattern[str]:
    """Where one of the two-character ``pairs`` starts: its first character, its second looked
    ahead for. One character is read, so pairs that overlap are all found, and a pattern that
    opens with a character skips to the places where one can start (a loop over every character
    looking each pair up was the alternative). Matches nothing when there are no pairs."""
    seconds: dict[str, set[str]] = {}
    for pair in pairs:
        seconds.setdefault(pair[0], set()).add(pair[1])
    return re.compile("|".join(f"{re.escape(first)}(?=[{re.escape(''.join(sorted(after)))}])"
                               for first, after in sorted(seconds.items())) or r"(?!)")


def then(endings: Iterable[str], after: Iterable[str]) -> tuple[str, ...]:
    """The words an ending and a word after it make (处牵头, 部门应当): what a pattern that reads an
    ending and then looks ahead for the next word needs in the text (a gate's words)."""
    later = list(after)
    return tuple(a + b for a in endings for b in later)


def leftmost(patterns: Sequence[Searcher], s: str) -> Iterator[tuple[int, re.Match[str]]]:
    """What ``re.compile("|".join(p.pattern for p in patterns)).finditer(s)`` finds, as (index of
    the pattern that matched, its match), none of them empty.

    Scanning each pattern on its own keeps ``re``'s skip over characters no match can start with,
    which a joined pattern of groups and lookbehinds loses; the joined pattern's choice is kept:
    the leftmost match, and of those at one position the first pattern's.
    """
    ahead: list[re.Match[str] | None] = [p.search(s) for p in patterns]
    pos = 0
    while True:
        best = -1
        for k, m in enumerate(ahead):
            if m is not None and m.start() < pos:
                m = ahead[k] = patterns[k].search(s, pos)
            if m is not None and (best < 0 or m.start() < ahead[best].start()):  # type: ignore[union-attr]
                best = k
        if best < 0:
            return
        found = ahead[best]
        if found is None or found.end() == found.start():  # it would never move on
            raise ValueError(f"pattern {best} matched the empty string at {pos}")
        yield best, found
        pos = found.end()


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """jieba's tokens of ``text`` without HMM, each with its character offsets (``jieba.tokenize(
    text, HMM=False)``), from jieba-rs: the same tokens (tests/test_text.py holds the table), and
    no Python dictionary of 350,000 words built in every worker that needs them."""
    import rjieba

    return [(word, start, end) for word, start, end in rjieba.tokenize(text, "default", False)]


_ASCII_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # how jieba splits a run of Latin


def segment(text: str) -> list[str]:
    """jieba's segmentation of ``text`` (its dictionary, HMM for unknown words) from jieba-rs,
    about 15 times faster than jieba's Python. jieba-rs keeps a Latin run with inner punctuation
    whole (``LTE-V2X``); it is split here as jieba splits it (``LTE``, ``-``, ``V2X``; ``1.1``
    and ``60%`` stay whole), so the tokens are jieba's (tests/test_text.py holds the table)."""
    import rjieba

    out: list[str] = []
    for token in rjieba.cut(text, True):
        if len(token) > 1 and token.isascii() and not token.isalnum():
            out.extend(piece for piece in _ASCII_PIECE.split(token) if piece)
        else:
            out.append(token)
    return out


PROSE = re.compile(r"[。，,；;]")  # a sentence's punctuation: a line holding it is running prose


def lines_at(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """The lines of ``text[start:end]`` with their offsets, each with its newline."""
    end = len(text) if end is None else end
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl + 1
        out.append((pos, text[pos:stop]))
        pos = stop
    return out


def lines_back(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """``lines_at(text, start, end)`` from the last line back, each found as it is asked for (a
    reader of a text's last lines does not split the whole of it)."""
    stop = len(text) if end is None else end
    while stop > start:
        nl = text.rfind("\n", start, stop - 1)  # the newline before the line's own
        pos = start if nl < 0 else nl + 1
        yield pos, text[pos:stop]
        stop = pos


def clean_inline(value: str) -> str:
    """Join a value spread over broken lines: drop whitespace next to Chinese, collapse the rest."""
    return _WS.sub(" ", _WS_TOUCHING_CJK.sub("", value)).strip()


@dataclass
class Compact:
    """``text[start:end]`` without whitespace (``s``), with ``pos[i]`` = offset of ``s[i]`` in text."""

    s: str
    pos: list[int]
    text_len: int
    _text: str | None = None
    _line_starts: set[int] | None = None

    @classmethod
    def of(cls, text: str, start: int = 0, end: int | None = None) -> Compact:
        end = len(text) if end is None else end
        pos: list[int] = []  # the offsets between whitespace runs (far fewer than characters)
        at = start
        for m in _WS.finditer(text, start, end):
            pos.extend(range(at, m.start()))
            at = m.end()
        pos.extend(range(at, end))
        return cls(_WS.sub("", text[start:end]), pos, len(text), text)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Offsets in the full text of compact range [i, j)."""
        if j <= i:
            at = self.pos[i] if i < len(self.pos) else self.text_len
            return at, at
        return self.pos[i], self.pos[j - 1] + 1

    def word_starts(self, end: int | None = None, shortest: int = 2) -> set[int]:
        """Compact indices whose character follows a run of spaces in the text (up to offset
        ``end``), between two words of ``shortest`` characters or more (微信 微博 QQ空间 岚综管综〔2015〕
        146号: 岚 starts one; letters spaced one by one, 国 卫 办, start none)."""
        text = self._text or ""
        out: set[int] = set()
        for m in _SPACE_RUN.finditer(text, 0, len(text) if end is None else end):
            before = text[max(0, m.start() - 40):m.start()].split()
            after = text[m.end():m.end() + 40].split(None, 1)
            if before and after and len(before[-1]) >= shortest and len(after[0]) >= shortest:
                out.add(bisect_left(self.pos, m.end()))
        return out

    def line_starts(self) -> set[int]:
        """Compact indices whose character is the first of its line in the text."""
        if self._line_starts is None:
            text = self._text or ""
            starts = {0} if self.pos else set()
            for m in re.finditer("\n", text):
                k = bisect_left(self.pos, m.start())
                if k < len(self.pos):
                    starts.add(k)
            self._line_starts = starts
        return self._line_starts

    def index(self, offset: int) -> int:
        """The compact index of the first non-space character at or after a text offset."""
        return bisect_left(self.pos, offset)

    def slice(self, start: int, end: int) -> tuple[int, int]:
        """Compact range [i, j) covering text range [start, end)."""
        return self.index(start), self.index(end)


def masked_ranges(s: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(s)]


def inside(ranges: list[tuple[int, int]], i: int, j: int) -> bool:
    return any(a <= i and j <= b for a, b in ranges)


@lru_cache(maxsize=32)
def _marks(s: str, chars: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(chars)}]", s)]


def mark_before(s: str, chars: str, at: int) -> int:
    """The last position before ``at`` holding one of ``chars``, or -1: ``max(s.rfind(c, 0, at)
    for c in chars)`` read from the string's marks, found once, so a long text asked about each of
    its numbers costs a search, not a scan (a hostile 5 MB task made the scans quadratic)."""
    marks = _marks(s, chars)
    i = bisect_left(marks, at) - 1
    return marks[i] if i >= 0 else -1


def mark_from(s: str, chars: str, at: int) -> int:
    """The first position at or after ``at`` holding one of ``chars``, or -1."""
    marks = _marks(s, chars)
    i = bisect_left(marks, max(at, 0))
    return marks[i] if i < len(marks) else -1


class Overlaps:
    """Fixed ranges, asked whether any overlaps [a, b): the ranges starting before ``b`` and the
    furthest end among them (a prefix maximum), in logarithmic time whatever their lengths
    (``Spans``, which takes ranges as they come, reads back over its longest)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))

    def any_with(self, a: int, b: int) -> bool:
        k = bisect_left(self._starts, b)  # the ranges that start before b
        return k > 0 and self._reach[k - 1] > a


class Spans:
    """Ranges taken so far, asked whether a new one overlaps any: sorted by start, so a question
    reads only the ranges that could reach it."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for a, b in ranges:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self._starts, a)
        self._starts.insert(i, a)
        self._ends.insert(i, b)
        self._longest = max(self._longest, b - a)

    def free(self, a: int, b: int) -> bool:
        """No range taken overlaps [a, b)."""
        j = bisect_left(self._starts, b) - 1
        while j >= 0 and self._starts[j] >= a - self._longest:
            if self._ends[j] > a:
                return False
            j -= 1
        return True


TITLE = re.compile(r"《[^《》]{1,120}》")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}


CN_NUMERALS = "一二三四五六七八九十"

_CN_TENS = {"十": 10, "百": 100, "千": 1000}
_CN_MYRIADS = {"万": 10_000, "亿": 100_000_000}


def cn_amount(value: str) -> int | None:
    """Parse a Chinese numeral of any size as written in a count (二十万 200000, 千万 10000000, 一百零五
    105, 一亿五千万 150000000, 万亿 10^12); None where it is no numeral (三五, 百一 or 一万五, whose
    last digit's place is left to the reader)."""
    if not value:
        return None
    total = section = 0
    digit: int | None = None
    tens_seen = 10_000  # places inside a myriad fall: 千 > 百 > 十
    myriad_seen = 0
    place_before = 0  # the place right before the last digit (百 in 一百五): a colloquial ending
    previous = 0
    for c in value:
        if c in CN_DIGITS:
            if digit not in (None, 0):
                return None
            digit, place_before = CN_DIGITS[c], previous
            previous = 0
        elif c in _CN_TENS:
            place = _CN_TENS[c]
            if place >= tens_seen:
                return None
            section += (1 if digit is None else digit) * place
            digit, tens_seen, previous = None, place, place
        elif c in _CN_MYRIADS:
            place = _CN_MYRIADS[c]
            if place == myriad_seen:
                return None
            section += digit or 0
            if myriad_seen and place > myriad_seen:  # 万亿, 千万亿: the whole so far times it
                total = (total + section) * place
            else:
                total += (section or 1) * place
            section, digit, tens_seen, myriad_seen, previous = 0, None, 10_000, place, place
        else:
            return None
    if digit and place_before > 10:
        return None
    return total + section + (digit or 0)



def cn_label(n: int) -> str:
    """The Chinese numeral of 1–99: 三, 十二, 二十, 二十一 (the inverse of ``cn_number``)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_NUMERALS[ones - 1]
    return ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def cn_number(value: str) -> int | None:
    """Parse a Chinese numeral up to 99 (一, 十, 十一, 二十三) or Arabic digits."""
    if value.isdigit():
        return int(value)
    if not value or any(c not in CN_DIGITS and c != "十" for c in value):
        return None
    if "十" in value:
        head, _, tail = value.partition("十")
        tens = CN_DIGITS.get(head, 0) if head else 1
        ones = CN_DIGITS.get(tail, 0) if tail else 0
        if (head and head not in CN_DIGITS) or (tail and tail not in CN_DIGITS) or "十" in tail:
            return None
        return tens * 10 + ones
    if len(value) == 1:
        return CN_DIGITS[value]
    return None


def notice_compact(notice: Any) -> Compact:
    """The compact view of ``notice.text``, built once per text and shared by the stages."""
    cached = getattr(notice, "_compact", None)
    if cached is None or cached._text is not notice.text:
        cached = Compact.of(notice.text)
        notice._compact = cached
    return cached
