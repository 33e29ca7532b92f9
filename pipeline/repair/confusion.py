"""形近字 repair: substitute a visually similar character where the context clearly prefers it.

Three pieces of evidence, all data: the visual-confusion table (``resources/confusions.tsv``,
glyph bitmaps compared by ``tools/build_confusions.py``), the lexicon (jieba + domain lexicon),
and a context score (best-segmentation log-probability of a window around the character). A
character is replaced only when

* it stands alone in the best segmentation of its run (a character inside a lexicon word such
  as 各地 is never touched),
* a similar character makes the window score at least ``margin`` nats better and belongs to a
  word of two or more characters there,
* and that candidate beats every other candidate by ``gap`` nats.

Precision comes first: a correct character that is replaced breaks the text; a garbled one left
alone only fails to help. Runs are read on the whitespace-free view, so a word broken over two
lines is still seen whole.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..resources import read_text
from ..text import Compact, Spans
from .edits import Edit
from .lexicon import CJK_RUN, Lexicon

CONFUSIONS_FILE = "confusions.tsv"
OCR_CONFUSIONS_FILE = "ocr_confusions.tsv"  # substitutions tesseract was seen to make
RULE = "shape_confusion"
NUMERALS = set("〇一二两三四五六七八九十百千万亿第")


@dataclass(frozen=True)
class Params:
    margin: float = 6.0  # nats the best candidate must gain over the text as it is
    gap: float = 2.0  # nats it must lead the runner-up by
    window: int = 4  # characters of context on each side
    term_weight: float = 3.0  # nats per log-repetition of a bigram the document keeps using
    channel_weight: float = 1.5  # nats per log-count of a pair the document already confused
    ocr_weight: float = 1.0  # nats per log-count of a substitution tesseract was seen to make


@cache
def confusion_table() -> dict[str, tuple[tuple[str, float], ...]]:
    """char -> ((similar char, similarity), …), most similar first: the glyph-similarity table
    (symmetric) and the substitutions tesseract was observed to make (from what it printed to
    what the page said; tools/build_ocr_confusions.py)."""
    table: dict[str, list[tuple[str, float]]] = {}
    for line in read_text(CONFUSIONS_FILE).splitlines():
        if not line or line.startswith("#"):
            continue
        a, b, sim = line.split("\t")
        table.setdefault(a, []).append((b, float(sim)))
        table.setdefault(b, []).append((a, float(sim)))
    for (seen, truth), count in ocr_pair_counts().items():
        # one direction: what tesseract printed (seen) may stand for the truth
        known = {c for c, _ in table.get(seen, [])}
        if truth not in known:
            table.setdefault(seen, []).append((truth, min(0.95, 0.8 + 0.05 * count)))
    return {c: tuple(sorted(v, key=lambda x: -x[1])) for c, v in table.items()}


@cache
def ocr_pair_counts() -> dict[tuple[str, str], int]:
    """(printed, true) -> how often tesseract was seen to print the one for the other."""
    out: dict[tuple[str, str], int] = {}
    for line in read_text(OCR_CONFUSIONS_FILE).splitlines():
        if line and not line.startswith("#"):
            truth, seen, count = line.split("\t")
            out[(seen, truth)] = int(count)
    return out


def confidence(gain: float, margin: float) -> float:
    """Map a score gain (nats) to a 0.5–0.99 confidence; ``margin`` maps to about 0.75."""
    return round(min(0.99, 1 / (1 + math.exp(-(gain - margin) / 3 - 1.1))), 3)


def _gains(lex: Lexicon, chars: list[str], i: int, candidates: list[str], w: int
           ) -> list[tuple[float, str]]:
    """(gain in nats, candidate) for position ``i`` of ``chars``, best first; only candidates
    that join a word of two or more characters there."""
    lo, hi = max(0, i - w), min(len(chars), i + w + 1)
    left, right = "".join(chars[lo:i]), "".join(chars[i + 1:hi])
    base = lex.score(left + chars[i] + right)
    scored = []
    for cand in candidates:
        window = left + cand + right
        if len(lex.token_at(window, i - lo)) >= 2:
            scored.append((lex.score(window) - base, cand))
    return sorted(scored, reverse=True)


# The org part of a 发文字号 (苏民, 吉民议字) is an abbreviation, not words: never scored.
DOC_NUMBER_ORG = re.compile(r"[\u4e00-\u9fff]{1,8}(?=[〔\[【(（E﹝]\s*(?:19|20)\d{2})")
# A person's name after a contact label (联系人：陈俊) or before 同志: names are not words.
NAME_SLOTS = (re.compile(r"(?:联系人员|联系人|经办人|签发人|审核人|负责人)[：:](?P<name>[\u4e00-\u9fff]{2,4})"),
              re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3})同志"))


def bigrams(s: str) -> Counter[str]:
    """How often each two-character string occurs in ``s`` (the document's cache model)."""
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def term_penalty(doc: Counter[str], chars: list[str], i: int, cand: str,
                 weight: float = 3.0) -> float:
    """The document's own evidence (a cache model), in nats against the substitution: the
    character forms a bigram with a neighbour that recurs elsewhere in the document while the
    candidate's bigrams occur nowhere in it. OCR misreads scatter; a term the writer uses again
    and again (医养, 卫健) does not, so the penalty grows with the repetitions."""
    left = chars[i - 1] if i > 0 else ""
    right = chars[i + 1] if i + 1 < len(chars) else ""
    # per side: the pair as written recurs, and the candidate's pair on that side never occurs
    sides = [(left + chars[i], left + cand), (chars[i] + right, cand + right)]
    elsewhere = max((doc[p] - 1 for p, q in sides if len(p) == 2 and not doc[q]), default=0)
    if elsewhere <= 0:
        return 0.0
    return weight * math.log(1 + elsewhere)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _scan(compact: Compact, lex: Lexicon, params: Params, skip: list[tuple[int, int]],
          learned: Counter[tuple[str, str]]) -> list[tuple[int, str, str, float]]:
    """One left-to-right pass: (text offset, before, after, gain) of each accepted substitution.

    ``learned``: look-alike pairs this document was already seen to confuse, with how often;
    each adds ``channel_weight * log(1 + n)`` nats to its candidate (a document-adapted channel:
    a scan that turns 各 into 备 ten times is likely to have done it once more). A substitution
    tesseract was seen to make n times on generated scans adds ``ocr_weight * log(1 + n)``: the
    prior of the OCR channel."""
    table = confusion_table()
    observed = ocr_pair_counts()
    protected = Spans([m.span() for m in DOC_NUMBER_ORG.finditer(compact.s)]
                      + [m.span("name") for p in NAME_SLOTS for m in p.finditer(compact.s)])
    skipped = Spans(skip)
    doc = bigrams("".join(CJK_RUN.findall(compact.s)))
    out: list[tuple[int, str, str, float]] = []
    for run in CJK_RUN.finditer(compact.s):
        chars = list(run.group())
        pos, singles = 0, []
        for token in lex.segment(run.group())[1]:
            if len(token) == 1 and token in table:
                singles.append(pos)
            pos += len(token)
        for i in singles:
            k = run.start() + i
            at = compact.pos[k]
            if not protected.free(k, k + 1) or not skipped.free(at, at + 1):
                continue
            if i > 0 and chars[i - 1] in NUMERALS:
                continue  # a classifier slot (第二版/第二级/第二批): the lexicon cannot choose
            scored = []
            for gain, cand in _gains(lex, chars, i, [c for c, _ in table[chars[i]]], params.window):
                seen = learned[_pair(chars[i], cand)]
                if seen:
                    gain += params.channel_weight * math.log(1 + seen)
                gain += params.ocr_weight * math.log(1 + observed.get((chars[i], cand), 0))
                scored.append((gain - term_penalty(doc, chars, i, cand, params.term_weight), cand))
            if not scored:
                continue
            scored.sort(reverse=True)
            gain, cand = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if gain < params.margin or gain - max(runner_up, 0.0) < params.gap:
                continue
            out.append((at, chars[i], cand, gain))
            chars[i] = cand
    return out


def shape_edits(text: str, lex: Lexicon, params: Params = Params(),
                skip: list[tuple[int, int]] | None = None) -> list[Edit]:
    """Edits replacing characters misread for look-alikes (备地 -> 各地, 王作 -> 工作).

    Two passes: the first finds the confident substitutions and so which look-alike pairs this
    document confuses; the second decides with that knowledge. ``skip``: text ranges left alone
    (lines flagged unreadable)."""
    compact = Compact.of(text)
    first = _scan(compact, lex, params, skip or [], Counter())
    learned: Counter[tuple[str, str]] = Counter(_pair(b, a) for _, b, a, _ in first)
    final = _scan(compact, lex, params, skip or [], learned) if learned else first
    return [Edit(at, at + 1, after, RULE, confidence(gain, params.margin))
            for at, _, after, gain in final]


def fill_candidates(lex: Lexicon, left: str, right: str) -> list[str]:
    """Characters that make a two-character word with the neighbour on either side."""
    follow, lead = lex.two_char_words()
    out = list(follow.get(left, ())) if left else []
    if right:
        out += lead.get(right, ())
    return list(dict.fromkeys(out))


def best_fill(lex: Lexicon, left: str, right: str, params: Params = Params()
              ) -> tuple[str, float] | None:
    """The character that best fills a gap between ``left`` and ``right`` context (a glyph that
    OCR split into Latin strokes: 机构`lL务 -> 机构业务), or None when none clearly wins."""
    candidates = fill_candidates(lex, left[-1:], right[:1])
    if not candidates:
        return None
    chars = [*left, "\u0000", *right]
    i = len(left)
    lo, hi = max(0, i - params.window), min(len(chars), i + params.window + 1)
    base = lex.score("".join(chars[lo:i]) + "".join(chars[i + 1:hi]))  # the glyph dropped
    scored = sorted(((lex.score("".join(chars[lo:i]) + c + "".join(chars[i + 1:hi])) - base, c)
                     for c in candidates), reverse=True)
    # The junk certainly stands for a glyph, so the question is only which one: the best must
    # join a word (a positive gain over the gap) and lead every other reading clearly.
    gain = scored[0][0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    lead = gain - max(runner_up, 0.0)
    if gain <= 0 or lead < params.gap + 0.5:
        return None
    return scored[0][1], confidence(lead + params.margin - params.gap, params.margin)
