"""Kangxi radicals and CJK compatibility characters standing for ordinary ideographs.

A PDF's text layer often maps a font's glyphs to the wrong code points of the same shape: ⼀ (U+2F00
KANGXI RADICAL ONE) for 一, ⽤ for 用, ⾏ for 行, ⻔ (a radical supplement form) for 门, 﨑-like
compatibility ideographs for their unified forms. On screen they are the same character; to the
rules they are not (⼀、 opens no section, 养⽼ is no word, ⺠政 no department). Each such character
whose compatibility decomposition (NFKC) is a single unified ideograph is written as that
ideograph (the radicals supplement, which has no such decomposition, by the table
resources/radicals.tsv), one logged edit each. A notice never means the radical itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .edits import Edit

# Kangxi Radicals, CJK Radicals Supplement, CJK Compatibility Ideographs (and its supplement)
_BLOCKS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_UNIFIED = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _radicals() -> dict[str, str]:
    """The radicals supplement's table (resources/radicals.tsv): radical -> ideograph."""
    from ..resources import load_lines

    return dict(line.split("\t")[:2] for line in load_lines("radicals.tsv"))


@lru_cache(maxsize=4096)
def unified(char: str) -> str | None:
    """The unified ideograph a compatibility character stands for, if it is one."""
    if char in _radicals():
        return _radicals()[char]
    form = unicodedata.normalize("NFKC", char)
    return form if form != char and len(form) == 1 and _UNIFIED.match(form) else None


def compat_edits(text: str) -> list[Edit]:
    """An edit for each Kangxi radical or compatibility ideograph that stands for a unified one."""
    out = []
    for m in _BLOCKS.finditer(text):
        form = unified(m.group())
        if form:
            out.append(Edit(m.start(), m.end(), form, "compat_ideograph", 0.99))
    return out
