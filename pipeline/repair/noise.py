"""Synthetic shape-confusion noise, to measure the 形近字 repair on text whose truth is known.

``inject`` replaces a share of the characters of a clean text by look-alikes drawn from the
confusion table (weighted by similarity); ``score`` counts what a repair got right, wrong and
missed. Substitutions keep the length, so positions line up between the three texts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .confusion import confusion_table
from .lexicon import CJK_CHAR


@dataclass
class NoiseScore:
    injected: int = 0
    right: int = 0  # an injected error restored to the true character
    wrong: int = 0  # an edit that made a character wrong (or an injected one still wrong)
    missed: int = 0  # an injected error left as it was

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.injected if self.injected else 1.0

    def __iadd__(self, other: NoiseScore) -> NoiseScore:
        self.injected += other.injected
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
        return self


def inject(text: str, rate: float, seed: int = 0) -> tuple[str, list[int]]:
    """``text`` with about ``rate`` of its confusable CJK characters swapped for look-alikes;
    returns the noisy text and the positions changed (never two neighbours)."""
    rng = random.Random(seed)
    table = confusion_table()
    chars = list(text)
    changed: list[int] = []
    for i, ch in enumerate(chars):
        if not CJK_CHAR.match(ch) or ch not in table or rng.random() >= rate:
            continue
        if changed and changed[-1] >= i - 1:
            continue
        options = table[ch]
        chars[i] = rng.choices([c for c, _ in options], weights=[s for _, s in options])[0]
        changed.append(i)
    return "".join(chars), changed


def score(clean: str, noisy: str, repaired: str, changed: list[int]) -> NoiseScore:
    """Compare a same-length repair of ``noisy`` with the ``clean`` truth."""
    if not len(clean) == len(noisy) == len(repaired):
        raise ValueError("score() needs substitutions only (equal lengths)")
    out = NoiseScore(injected=len(changed))
    hit = set(changed)
    for i, (c, n, r) in enumerate(zip(clean, noisy, repaired, strict=True)):
        if i in hit:
            if r == c:
                out.right += 1
            elif r == n:
                out.missed += 1
            else:
                out.wrong += 1
        elif r != n:
            out.wrong += 1
    return out
