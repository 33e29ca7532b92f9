"""Character error rate after folding what OCR comparisons should not count."""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein

# Punctuation whose full- and half-width forms are the same character to a reader.
_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！",
                        "〈": "（", "〉": "）", "[": "〔", "]": "〕", "【": "〔", "】": "〕",
                        "\"": "“", "”": "“", "'": "‘", "’": "‘", "-": "—", "－": "—", "﹝": "〔", "﹞": "〕"})


def fold(text: str) -> str:
    """Whitespace removed, full/half-width punctuation folded (NFKC for letters and digits)."""
    out = []
    for ch in text:
        if ch.isspace():
            continue
        if ch.isascii() or "\uff00" <= ch <= "\uffef":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out).translate(_WIDTH)


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = fold(reference), fold(hypothesis)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))
