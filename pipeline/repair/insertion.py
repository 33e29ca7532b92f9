"""Characters OCR inserted where the page had none (a speck read as 和, 人, 一), dropped.

Evidence, all data: the characters tesseract was seen to insert between two characters it read
right (``resources/ocr_insertions.tsv``, built by ``tools/build_ocr_confusions.py`` from scans of
text composed from jieba's dictionary), and the lexicon's segmentation score. A character is
dropped only when

* it is one the OCR was seen to insert, and stands alone in the best segmentation of its run;
* its two neighbours, once it is gone, fall into one word of the lexicon (安人全 -> 安全,
  民政部和门 -> 民政部门);
* and the join gains at least ``margin`` nats beyond the cost of the dropped character itself
  (the unigram model always prefers fewer characters, so that cost is not counted as evidence),
  plus the prior of the insertion (how often tesseract inserted that character) — and the
  document does not use the character with that neighbour elsewhere (a cache model, as for
  look-alikes).
"""

from __future__ import annotations

import math
from functools import cache

from ..resources import read_text
from ..text import Compact, Spans
from .confusion import Params, bigrams, confidence
from .edits import Edit
from .lexicon import CJK_RUN, Lexicon, jieba_tags, parse_counts

INSERTIONS_FILE = "ocr_insertions.tsv"
RULE = "ocr_insertion"
LINKING = {"c", "p"}  # jieba tags: conjunction, preposition


@cache
def inserted_chars() -> dict[str, int]:
    """Character -> how often tesseract was seen to insert it."""
    return dict(parse_counts(read_text(INSERTIONS_FILE)))


def _join_gain(lex: Lexicon, chars: list[str], i: int, w: int) -> float | None:
    """Nats the window gains when ``chars[i]`` is dropped, beyond that character's own cost;
    None when its neighbours do not join into one word. A conjunction or preposition (和, 与)
    really stands between two one-character words (省和市, 大和小, 供和需) whose pair is also a
    word, so for those the joined word must be longer than the two neighbours (部和门 in
    民政部和门 -> 民政部门)."""
    left = "".join(chars[max(0, i - w):i])
    right = "".join(chars[i + 1:i + 1 + w])
    if not left or not right:
        return None
    joined = left + right
    word = lex.token_at(joined, len(left) - 1)
    if len(word) < 2 or lex.token_at(joined, len(left)) != word:
        return None
    if jieba_tags().get(chars[i]) in LINKING and len(word) < 3:
        return None
    own = lex.logp(chars[i]) or 0.0
    return lex.score(joined) - lex.score(left + chars[i] + right) + own


def insertion_edits(text: str, lex: Lexicon, params: Params | None = None,
                    skip: list[tuple[int, int]] | None = None) -> list[Edit]:
    params = params or Params()
    known = inserted_chars()
    compact = Compact.of(text)
    skipped = Spans(skip or [])
    doc = bigrams(compact.s)
    edits = []
    for run in CJK_RUN.finditer(compact.s):
        chars = list(run.group())
        pos = 0
        for token in lex.segment(run.group())[1]:
            i, pos = pos, pos + len(token)
            if len(token) != 1 or token not in known or not 0 < i < len(chars) - 1:
                continue
            at = compact.pos[run.start() + i]
            if not skipped.free(at, at + 1):
                continue
            if doc[chars[i - 1] + token] > 1 or doc[token + chars[i + 1]] > 1:
                continue  # the document writes it so elsewhere: not a speck
            gain = _join_gain(lex, chars, i, params.window)
            if gain is None:
                continue
            gain += params.ocr_weight * math.log(1 + known[token])
            if gain >= params.margin:
                edits.append(Edit(at, at + 1, "", RULE, confidence(gain, params.margin)))
    return edits
