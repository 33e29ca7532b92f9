"""The lexicon the repair rules score text with: jieba's dictionary plus a policy-domain lexicon.

A text window is scored by its best segmentation under a word-unigram model (the model jieba
itself uses): ``log P(window) = max over segmentations of sum log P(word)``. Word counts come from
jieba's bundled ``dict.txt`` and from ``resources/domain_lexicon.tsv`` (words and recurring
phrases of clean policy notices, built by ``tools/build_domain_lexicon.py``), the latter weighted
up so that the domain's phrasing (养老机构, 市场监管, 实施部门 …) is known. Characters outside both
get a floor probability, so garbled glyphs score as unlikely single characters.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

from ..resources import read_text

CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
DOMAIN_FILE = "domain_lexicon.tsv"
DOMAIN_WEIGHT = 300  # one occurrence in the clean notices counts like 300 in jieba's counts
MAX_WORD = 10
UNKNOWN_CHAR_FREQ = 0.05  # pseudo-count of a character seen nowhere (garbled glyphs)


def jieba_dict_path() -> Path:
    """jieba's bundled dictionary, found without importing jieba (whose import loads
    pkg_resources: a tenth of a second of every worker's start)."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba")
    return Path(spec.origin).with_name("dict.txt")


@cache
def _jieba_entries() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's bundled dictionary, read once per machine (``startup_cache``): word -> count (zero
    counts dropped), word -> tag."""
    from ..startup_cache import cached, file_digest

    path = jieba_dict_path()
    words, tags = cached("jieba-entries", [file_digest(path)], lambda: _read_jieba_dict(path))
    return words, tags


def _read_jieba_dict(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    words: dict[str, int] = {}
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                if int(parts[1]) > 0:
                    words[parts[0]] = int(parts[1])
                if len(parts) >= 3:
                    tags[parts[0]] = parts[2]
    return words, tags


def jieba_words() -> dict[str, int]:
    """jieba's bundled dictionary: word -> count (entries with a zero count dropped)."""
    return _jieba_entries()[0]


def jieba_tags() -> dict[str, str]:
    """Part-of-speech tag of each word in jieba's dictionary (c conjunction, p preposition …)."""
    return _jieba_entries()[1]


@cache
def char_frequencies() -> Counter[str]:
    """How often each CJK character occurs in jieba's dictionary, words weighted by their count
    (built once per machine, ``startup_cache``; the order of first occurrence kept, which breaks
    ``char_ranks``' ties)."""
    from ..startup_cache import cached, file_digest

    return Counter(cached("char-frequencies", [file_digest(jieba_dict_path())],
                          lambda: dict(_count_chars(jieba_words()))))


def _count_chars(words: dict[str, int]) -> Counter[str]:
    freq: Counter[str] = Counter()
    for word, count in words.items():
        for ch in word:
            if CJK_CHAR.match(ch):
                freq[ch] += count
    return freq


@cache
def char_ranks() -> dict[str, int]:
    """Rank of each CJK character by frequency (0 = most common)."""
    return {ch: i for i, (ch, _) in enumerate(char_frequencies().most_common())}


def parse_counts(text: str) -> Counter[str]:
    """``word<TAB>count`` lines; ``#`` comments and blank lines ignored."""
    out: Counter[str] = Counter()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, count = line.partition("\t")
        out[word.strip()] += int(count or 1)
    return out


@cache
def domain_counts() -> Counter[str]:
    return parse_counts(read_text(DOMAIN_FILE))


@dataclass
class Lexicon:
    """Word counts and the unigram segmentation score over them."""

    counts: Mapping[str, float]  # a dict, or a table file looked up in place (quick_lexicon)
    total: float
    max_word: int = MAX_WORD
    _logp: dict[str, float] = field(default_factory=dict, repr=False)
    _segments: dict[str, tuple[float, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _pairs: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None = field(
        default=None, repr=False)

    @classmethod
    def build(cls, domain: Counter[str] | None = None, weight: float = DOMAIN_WEIGHT) -> Lexicon:
        if domain is None and weight == DOMAIN_WEIGHT:  # the default lexicon: built once a machine
            counts = _default_counts()
        else:
            counts = _merged_counts(domain_counts() if domain is None else domain, weight)
        longest = max(map(len, counts), default=1)
        return cls(counts, float(sum(counts.values())), min(MAX_WORD, longest))

    def logp(self, word: str) -> float | None:
        """log P(word), or None when it is not a word (single characters always have a value)."""
        cached = self._logp.get(word)
        if cached is not None:
            return cached
        count = self.counts.get(word)
        if count is None:
            if len(word) != 1:
                return None
            count = UNKNOWN_CHAR_FREQ
        value = math.log(count / self.total)
        self._logp[word] = value
        return value

    def is_word(self, word: str) -> bool:
        return len(word) > 1 and word in self.counts

    def segment(self, s: str) -> tuple[float, list[str]]:
        """Best segmentation of ``s`` (no spaces or punctuation expected) and its log-probability.

        Memoised: the confusion scan segments the same short windows many times over.
        """
        hit = self._segments.get(s)
        if hit is None:
            if len(self._segments) > 200_000:
                self._segments.clear()
            hit = self._segments[s] = self._segment(s)
        return hit[0], list(hit[1])

    def _segment(self, s: str) -> tuple[float, tuple[str, ...]]:
        n = len(s)
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            for i in range(max(0, j - self.max_word), j):
                if best[i] == -math.inf:
                    continue
                lp = self.logp(s[i:j])
                if lp is not None and best[i] + lp > best[j]:
                    best[j], back[j] = best[i] + lp, i
        words, j = [], n
        while j > 0:
            words.append(s[back[j]:j])
            j = back[j]
        return best[n], tuple(words[::-1])

    def score(self, s: str) -> float:
        return self.segment(s)[0]

    def two_char_words(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Two-character words by first character (-> second) and by second (-> first)."""
        if self._pairs is None:
            follow: dict[str, list[str]] = {}
            lead: dict[str, list[str]] = {}
            for word in self.counts:
                if len(word) == 2 and CJK_RUN.fullmatch(word):
                    follow.setdefault(word[0], []).append(word[1])
                    lead.setdefault(word[1], []).append(word[0])
            self._pairs = ({k: tuple(v) for k, v in follow.items()},
                           {k: tuple(v) for k, v in lead.items()})
        return self._pairs

    def token_at(self, s: str, i: int) -> str:
        """The token of the best segmentation of ``s`` that holds position ``i``."""
        pos = 0
        for word in self.segment(s)[1]:
            if pos <= i < pos + len(word):
                return word
            pos += len(word)
        return ""


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.build()


def _merged_counts(domain: Counter[str], weight: float) -> dict[str, float]:
    counts: dict[str, float] = dict(jieba_words())
    for word, n in domain.items():
        counts[word] = counts.get(word, 0) + n * weight
    return counts


def _default_sources() -> list[str]:
    """What the default lexicon is built from: both files' digests and the domain weight."""
    from ..startup_cache import file_digest

    domain = read_text(DOMAIN_FILE)
    return [file_digest(jieba_dict_path()), hashlib.sha256(domain.encode()).hexdigest(),
            str(DOMAIN_WEIGHT)]


def _default_counts() -> dict[str, float]:
    """jieba's counts merged with the domain lexicon's (``startup_cache``: read, not rebuilt, by
    every process after the first; named by both files' digests)."""
    from ..startup_cache import cached

    return cached("lexicon-counts", _default_sources(),
                  lambda: _merged_counts(domain_counts(), DOMAIN_WEIGHT))


def quick_lexicon() -> Lexicon:
    """The default lexicon for a few lookups: its counts, total and longest word from a table
    file looked up in place (``word_table``), not read into a dict, so the same scores and
    segmentations. The default lexicon itself where this process has built it already, or
    where the table cannot be written or read."""
    if default_lexicon.cache_info().currsize:
        return default_lexicon()
    return _table_lexicon() or default_lexicon()


@cache
def _table_lexicon() -> Lexicon | None:
    from ..startup_cache import cached_file
    from .word_table import WordTable, write_table

    def write(fh: BinaryIO) -> None:
        lex = default_lexicon()
        write_table(fh, lex.counts, lex.total, lex.max_word)

    path = cached_file("lexicon-table", _default_sources(), write)
    if path is None:
        return None
    try:
        table = WordTable(path)
    except (OSError, ValueError):
        return None
    return Lexicon(table, table.total, int(table.max_word))


def build_domain_counts(texts: Iterable[str], min_phrase_count: int = 3,
                        max_phrase_words: int = 4) -> Counter[str]:
    """The domain lexicon of a set of clean notices: jieba's words (two characters or more) with
    their counts, plus recurring phrases: runs of 2–4 consecutive words seen at least
    ``min_phrase_count`` times, kept only when no one-word-longer run is seen as often
    (养老机构等级评定 but not 机构等级评定 when the latter never occurs alone)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words: Counter[str] = Counter()
    runs: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for run in CJK_RUN.findall(re.sub(r"\s+", "", text)):
            tokens = list(jieba.cut(run, HMM=True))
            words.update(w for w in tokens if len(w) > 1)
            for n in range(2, max_phrase_words + 1):
                runs.update(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    frequent = {r: c for r, c in runs.items()
                if c >= min_phrase_count and len("".join(r)) <= MAX_WORD}
    covered = {sub for r, c in frequent.items() for sub in (r[1:], r[:-1])
               if frequent.get(sub) == c}
    phrases: Counter[str] = Counter()
    for r, c in frequent.items():
        if r not in covered:
            phrases["".join(r)] += c
    return words + phrases
