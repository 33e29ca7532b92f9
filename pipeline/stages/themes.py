"""Themes: tag each task with the ids of the theme taxonomy (resources/themes.toml) it is about.

Evidence is keyword hits, heading first: a keyword in the task's heading (its title clause) is
strong evidence on its own; the body needs repeated hits. Matching runs on the compact
(whitespace-free) view, so a line break inside a word hides nothing, and department names
(``市场监管部门``, ``消防救援机构``) are masked first: a body named as an actor is not a topic.

OCR-damaged words (``消防安仝``) are found by segmenting the text with jieba and comparing runs of
tokens with the keywords (rapidfuzz Levenshtein, one edit). Only runs holding a single-character
token qualify: jieba splits a misread word into single characters, whereas a real word one edit
away from a keyword (``等级认定`` vs ``等级评定``) is a different word, not damage.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import UsageError
from ..model import Notice
from ..resources import load_toml
from ..text import notice_compact, pair_starts, tokenize


@dataclass(frozen=True)
class Theme:
    id: str
    zh: str
    en: str
    field: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    heading: float = 3.0
    body: float = 1.0
    body_cap: int = 3
    threshold: float = 3.0
    fuzzy_min_length: int = 4
    fuzzy_max_edits: int = 1
    fuzzy_factor: float = 1.0


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    scoring: Scoring

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def get(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def keyword_themes(self) -> dict[str, tuple[str, ...]]:
        """keyword -> the ids of the themes it signals (a keyword may serve several)."""
        return _keyword_themes(self)


@lru_cache(maxsize=8)
def _keyword_themes(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for theme in taxonomy.themes:
        for word in theme.keywords:
            if theme.id not in out[word]:
                out[word].append(theme.id)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Hit:
    keyword: str
    start: int  # compact indices into the searched string
    end: int
    fuzzy: bool = False


def parse_taxonomy(data: dict[str, Any]) -> Taxonomy:
    """Validate a taxonomy read from TOML: unique ids, labels, keywords of two characters or more."""
    themes, seen = [], set()
    for entry in data.get("theme", []):
        missing = [k for k in ("id", "zh", "en", "keywords") if not entry.get(k)]
        if missing:
            raise UsageError(f"theme {entry.get('id', '?')!r} lacks {missing}")
        if entry["id"] in seen:
            raise UsageError(f"duplicate theme id {entry['id']!r}")
        short = [w for w in entry["keywords"] if len(re.sub(r"\s", "", w)) < 2]
        if short:
            raise UsageError(f"theme {entry['id']!r}: keywords too short {short}")
        seen.add(entry["id"])
        themes.append(Theme(entry["id"], entry["zh"], entry["en"], entry.get("field", "general"),
                            tuple(re.sub(r"\s", "", w) for w in entry["keywords"])))
    if not themes:
        raise UsageError("the theme taxonomy has no [[theme]] entries")
    return Taxonomy(tuple(themes), Scoring(**data.get("scoring", {})))


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The packaged taxonomy, or the TOML file at ``path`` (same shape) for another policy field."""
    if path is None:
        return parse_taxonomy(load_toml("themes.toml"))
    try:
        return parse_taxonomy(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, TypeError) as exc:
        raise UsageError(f"cannot read theme taxonomy {path}: {exc}") from exc


@lru_cache(maxsize=4)
def _exact_pattern(taxonomy: Taxonomy) -> re.Pattern[str]:
    words = sorted(taxonomy.keyword_themes(), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words))


@lru_cache(maxsize=4)
def _fuzzy_index(taxonomy: Taxonomy) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Long keywords by their first and by their last two characters: one edit leaves one end
    of a word of four or more characters intact, so a damaged occurrence starts or ends there."""
    heads: dict[str, set[str]] = defaultdict(set)
    tails: dict[str, set[str]] = defaultdict(set)
    for word in taxonomy.keyword_themes():
        if len(word) >= max(4, taxonomy.scoring.fuzzy_min_length):
            heads[word[:2]].add(word)
            tails[word[-2:]].add(word)
    return ({k: tuple(sorted(v)) for k, v in heads.items()},
            {k: tuple(sorted(v)) for k, v in tails.items()})


@lru_cache(maxsize=4)
def _windows(taxonomy: Taxonomy) -> dict[str, tuple[tuple[int, int, str], ...]]:
    """By a keyword's end pair, the windows ``_candidates`` reads where the pair stands at i, as
    (start - i, end - i, keyword): each keyword starting there, then each ending there, at every
    length within ``fuzzy_max_edits`` of its own."""
    heads, tails = _fuzzy_index(taxonomy)
    edits = range(-taxonomy.scoring.fuzzy_max_edits, taxonomy.scoring.fuzzy_max_edits + 1)
    out = {}
    for pair in {*heads, *tails}:
        out[pair] = (tuple((0, len(w) + d, w) for w in heads.get(pair, ()) for d in edits)
                     + tuple((2 - len(w) - d, 2, w) for w in tails.get(pair, ()) for d in edits))
    return out


@lru_cache(maxsize=4)
def _pair_starts(taxonomy: Taxonomy) -> re.Pattern[str]:
    """Where one of ``_fuzzy_index``'s pairs starts."""
    heads, tails = _fuzzy_index(taxonomy)
    return pair_starts([*heads, *tails])


def _masks(s: str) -> list[tuple[int, int]]:
    """Department names (actors, not topics) in a compact string."""
    from .extract.gazetteer import find_mentions

    return sorted({(m.chain_start, m.chain_end) for m in find_mentions(s, fuzzy=False)})


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")


def _overlaps(ranges: list[tuple[int, int]], i: int, j: int) -> bool:
    return any(a < j and i < b for a, b in ranges)


def _candidates(s: str, taxonomy: Taxonomy, taken: list[tuple[int, int]]) -> list[tuple[int, int, int, str]]:
    """(distance, start, end, keyword) for Chinese-only windows one edit from a keyword, found
    from the keyword's intact first or last two characters (no scan over every window)."""
    from rapidfuzz.distance import Levenshtein

    at = [m.start() for m in _pair_starts(taxonomy).finditer(s)]  # where a keyword's end pair stands
    if not at:
        return []
    edits = taxonomy.scoring.fuzzy_max_edits
    windows = _windows(taxonomy)
    marks = [False] * len(s)
    for a, b in taken:
        marks[max(a, 0):max(b, 0)] = [True] * (min(b, len(s)) - max(a, 0))
    covered = list(accumulate(marks, initial=0))  # covered[k]: characters of taken ranges before k
    seen: set[tuple[int, int, str]] = set()
    found = []
    n = len(s)
    for i in at:
        for first, last, word in windows.get(s[i:i + 2], ()):
            start, end = i + first, i + last
            if start < 0 or end > n or covered[end] > covered[start] or (start, end, word) in seen:
                continue
            seen.add((start, end, word))
            window = s[start:end]
            if _NOT_CJK.search(window):
                continue
            dist = Levenshtein.distance(window, word, score_cutoff=edits)
            if 0 < dist <= edits:
                found.append((dist, start, end, word))
    return found


def _fuzzy_hits(s: str, taxonomy: Taxonomy, taken: list[tuple[int, int]]) -> list[Hit]:
    """Candidates that are whole runs of jieba tokens holding a single-character token.

    jieba is consulted only when a candidate exists, so clean text does not pay for segmenting.
    """
    found = _candidates(s, taxonomy, taken)
    if not found:
        return []
    tokens = tokenize(s)
    starts, ends = {t[1] for t in tokens}, {t[2] for t in tokens}
    singles = sorted(t[1] for t in tokens if t[2] - t[1] == 1)
    hits: list[Hit] = []
    for _, start, end, word in sorted(found, key=lambda f: (f[0], -(f[2] - f[1]), f[1], f[3])):
        if (start in starts and end in ends and any(start <= k < end for k in singles)
                and not _overlaps(taken, start, end)):
            hits.append(Hit(word, start, end, fuzzy=True))
            taken.append((start, end))
    return hits


def find_hits(s: str, taxonomy: Taxonomy, *, fuzzy: bool = True,
              masks: list[tuple[int, int]] | None = None) -> list[Hit]:
    """Keyword hits in a compact string, outside department names, exact first, then fuzzy."""
    masks = _masks(s) if masks is None else masks
    hits = [Hit(m.group(), m.start(), m.end()) for m in _exact_pattern(taxonomy).finditer(s)
            if not _overlaps(masks, m.start(), m.end())]
    if fuzzy:
        hits += _fuzzy_hits(s, taxonomy, masks + [(h.start, h.end) for h in hits])
    return sorted(hits, key=lambda h: (h.start, h.end))


def score(heading_hits: list[Hit], body_hits: list[Hit], taxonomy: Taxonomy) -> dict[str, float]:
    """Theme id -> evidence: each heading keyword once at ``heading``, body hits at ``body`` (capped)."""
    sc, themes_of = taxonomy.scoring, taxonomy.keyword_themes()
    out: dict[str, float] = defaultdict(float)
    for word in {h.keyword for h in heading_hits}:
        factor = sc.fuzzy_factor if all(h.fuzzy for h in heading_hits if h.keyword == word) else 1.0
        for theme in themes_of[word]:
            out[theme] += sc.heading * factor
    counts: dict[str, float] = defaultdict(float)
    for h in body_hits:
        counts[h.keyword] += sc.fuzzy_factor if h.fuzzy else 1.0
    for word, count in counts.items():
        for theme in themes_of[word]:
            out[theme] += sc.body * min(count, sc.body_cap)
    return dict(out)


def tag(heading: str, body: str, taxonomy: Taxonomy | None = None, *, fuzzy: bool = True,
        body_masks: list[tuple[int, int]] | None = None) -> list[str]:
    """Theme ids for a task: those its heading names first, then by evidence, then taxonomy order.

    ``body_masks`` (department names in ``body``, if the caller found them already) saves a scan.
    """
    taxonomy = taxonomy or load_taxonomy()
    heading_hits = find_hits(_squeeze(heading), taxonomy, fuzzy=fuzzy)
    body = _squeeze(body)
    scores = score(heading_hits, find_hits(body, taxonomy, fuzzy=fuzzy, masks=body_masks), taxonomy)
    in_heading = set(score(heading_hits, [], taxonomy))
    order = {t: k for k, t in enumerate(taxonomy.ids)}
    chosen = [t for t, v in scores.items() if v >= taxonomy.scoring.threshold]
    return sorted(chosen, key=lambda t: (t not in in_heading, -scores[t], order[t]))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run(notice: Notice, cfg: Config) -> Notice:
    taxonomy = load_taxonomy(cfg.themes.taxonomy)
    compact = notice_compact(notice)
    masks = _masks(compact.s)  # department names, found once for the whole notice
    starts = [a for a, _ in masks]  # sorted: a task reads only the names that can reach it
    longest = max((b - a for a, b in masks), default=0)
    # One-edit matching is for OCR damage; on text as written it would only add false hits.
    fuzzy = bool(notice.source.ocr or notice.repairs)
    for task in notice.tasks:
        i, j = compact.slice(task.heading_span[1], task.span[1])
        near = masks[bisect_left(starts, i - longest):bisect_left(starts, j)]
        local = [(max(a, i) - i, min(b, j) - i) for a, b in near if a < j and i < b]
        task.themes = tag(task.heading, compact.s[i:j], taxonomy, fuzzy=fuzzy, body_masks=local)
    return notice
