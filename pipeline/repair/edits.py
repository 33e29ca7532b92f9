"""Edits with offset bookkeeping: propose edits, apply them, keep a reversible log.

A rule proposes ``Edit``s against the text it was shown (``start``/``end`` are offsets into that
text). ``EditLog`` applies passes of edits one after another and keeps, for the final text, a list
of *pieces*: runs copied unchanged from ``raw`` and replaced runs (raw range -> new string). From
the pieces come the ``Repair`` records (both spans, before/after, rule, confidence) and
``map_to_raw``, which takes any span of the final text back into ``raw``. An edit of a later pass
that touches the output of an earlier one is merged with it, so that every ``Repair`` covers a
contiguous range of ``raw`` and replaying the repairs on ``raw`` gives the text exactly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from ..model import Repair, Span


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``after`` (``start == end``: an insertion)."""

    start: int
    end: int
    after: str
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True)
class _Piece:
    raw_start: int
    raw_end: int
    out: str | None = None  # None: raw[raw_start:raw_end] unchanged
    rule: str = ""
    confidence: float = 1.0

    @property
    def edited(self) -> bool:
        return self.out is not None


def resolve(edits: Iterable[Edit]) -> list[Edit]:
    """Sorted, non-overlapping edits: of two that overlap, the one starting first (then the more
    confident) wins; at most one insertion per offset; no-op edits dropped."""
    chosen: list[Edit] = []
    last_end = -1
    last_insert = -1
    for e in sorted(edits, key=lambda e: (e.start, -e.confidence, e.end)):
        if e.start < last_end or (e.start == e.end and e.start == last_insert):
            continue
        chosen.append(e)
        if e.start == e.end:
            last_insert = e.start
        last_end = max(last_end, e.end)
    return chosen


def _merge_rules(*rules: str) -> str:
    seen: list[str] = []
    for rule in rules:
        for part in rule.split("+"):
            if part and part not in seen:
                seen.append(part)
    return "+".join(seen)


class EditLog:
    """The raw text, the edits applied so far, and the current text."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._pieces: list[_Piece] = [_Piece(0, len(raw))] if raw else []
        self.text = raw

    # -- applying -------------------------------------------------------------------------------
    def _out(self, p: _Piece) -> str:
        return self.raw[p.raw_start:p.raw_end] if p.out is None else p.out

    @staticmethod
    def _len(p: _Piece) -> int:
        return p.raw_end - p.raw_start if p.out is None else len(p.out)

    def _starts(self) -> list[int]:
        return list(accumulate((self._len(p) for p in self._pieces[:-1]), initial=0)) \
            if self._pieces else []

    def apply(self, edits: Iterable[Edit]) -> str:
        """Apply edits proposed against the current text; returns the new current text."""
        starts = self._starts()
        for e in reversed(resolve(edits)):
            if not 0 <= e.start <= e.end <= len(self.text):
                raise ValueError(f"edit {e} outside the text (length {len(self.text)})")
            if self.text[e.start:e.end] != e.after:
                starts = self._apply_one(e, starts)
        self._normalise()
        self.text = "".join(self._out(p) for p in self._pieces)
        return self.text

    def _apply_one(self, e: Edit, starts: list[int]) -> list[int]:
        """Apply ``e`` given where the pieces start (``starts``: correct for every piece that starts
        before ``e.end``; one that starts at ``e.end`` may be missing, which the search below
        does not need); returns where they start now, as far as the next edit, which ends no
        later than this one starts (``apply`` goes from the end), can need: up to the pieces this
        one made. Recounting every piece's start for each edit made thousands of edits
        quadratic."""
        s, t = e.start, e.end
        touched = []
        # only pieces starting at or before t can touch [s, t]; walk back from there
        k = bisect_right(starts, t) - 1
        while k >= 0:
            p = self._pieces[k]
            cs, ce = starts[k], starts[k] + self._len(p)
            if ce < s:
                break
            if cs == ce:
                hit = s < cs < t
            elif s == t:
                hit = cs < s < ce
            else:
                hit = cs < t and s < ce
            if hit:
                touched.append(k)
            k -= 1
        touched.reverse()
        if not touched:  # a pure insertion at a piece boundary (or into an empty text)
            k = bisect_left(starts, s)  # before whatever starts at this offset
            at = self._raw_at_boundary(k)
            self._pieces.insert(k, _Piece(at, at, e.after, e.rule, e.confidence))
            return [*starts[:k], s]
        k0, k1 = touched[0], touched[-1]
        first, last = self._pieces[k0], self._pieces[k1]
        c0, c1 = starts[k0], starts[k1] + len(self._out(last))
        lo = c0 if first.edited else s
        hi = c1 if last.edited else t
        raw_lo = first.raw_start if first.edited else first.raw_start + (lo - c0)
        raw_hi = last.raw_end if last.edited else last.raw_end - (c1 - hi)
        # what is kept of edited pieces that stick out of [s, t), read from the pieces themselves
        prefix = self._out(first)[:s - c0] if first.edited else ""
        suffix = self._out(last)[t - starts[k1]:] if last.edited else ""
        merged = _Piece(raw_lo, raw_hi, prefix + e.after + suffix,
                        _merge_rules(*(self._pieces[k].rule for k in touched), e.rule),
                        min([e.confidence] + [self._pieces[k].confidence for k in touched
                                              if self._pieces[k].edited]))
        new: list[_Piece] = []
        if not first.edited and raw_lo > first.raw_start:
            new.append(_Piece(first.raw_start, raw_lo))
        new.append(merged)
        if not last.edited and raw_hi < last.raw_end:
            new.append(_Piece(raw_hi, last.raw_end))
        self._pieces[k0:k1 + 1] = new
        return starts[:k0] + list(accumulate((self._len(p) for p in new[:-1]), initial=c0))

    def _raw_at_boundary(self, k: int) -> int:
        if k < len(self._pieces):
            return self._pieces[k].raw_start
        return self._pieces[-1].raw_end if self._pieces else 0

    def _normalise(self) -> None:
        """Turn edits that came back to the raw characters into unchanged pieces; drop empties."""
        out: list[_Piece] = []
        for p in self._pieces:
            if p.edited and p.out == self.raw[p.raw_start:p.raw_end]:
                p = _Piece(p.raw_start, p.raw_end)
            if not p.edited and p.raw_start == p.raw_end:
                continue
            if out and not p.edited and not out[-1].edited and out[-1].raw_end == p.raw_start:
                out[-1] = _Piece(out[-1].raw_start, p.raw_end)
                continue
            out.append(p)
        self._pieces = out

    # -- reading --------------------------------------------------------------------------------
    def repairs(self) -> list[Repair]:
        """One ``Repair`` per replaced run, in text order."""
        out = []
        for cs, p in zip(self._starts(), self._pieces, strict=True):
            if p.out is not None:
                out.append(Repair(span=(cs, cs + len(p.out)), raw_span=(p.raw_start, p.raw_end),
                                  before=self.raw[p.raw_start:p.raw_end], after=p.out,
                                  rule=p.rule, confidence=round(p.confidence, 3)))
        return out

    def map_to_raw(self, span: Span) -> Span:
        """The raw span a span of the current text was made from (widened to whole repairs)."""
        if not 0 <= span[0] <= span[1] <= len(self.text):
            raise ValueError(f"span {span} outside the text")
        return map_to_raw(span, self.repairs(), len(self.raw))


def apply_edits(raw: str, edits: Iterable[Edit]) -> tuple[str, list[Repair]]:
    """Apply one pass of edits to ``raw``: the new text and its repairs."""
    log = EditLog(raw)
    log.apply(edits)
    return log.text, log.repairs()


def replay(raw: str, repairs: Iterable[Repair]) -> str:
    """Rebuild the repaired text from ``raw`` and its repairs (the check a consumer can run)."""
    out, pos = [], 0
    for r in sorted(repairs, key=lambda r: (r.raw_span[0], r.raw_span[1])):
        a, b = r.raw_span
        if a < pos or raw[a:b] != r.before:
            raise ValueError(f"repair {r} does not fit the raw text")
        out.append(raw[pos:a])
        out.append(r.after)
        pos = b
    out.append(raw[pos:])
    return "".join(out)


def map_to_raw(span: Span, repairs: list[Repair], raw_len: int) -> Span:
    """Map a span of the repaired text back into ``raw_text`` using only the repairs list.

    Characters outside repairs map one to one; a span edge inside a repair widens to the whole
    repair, so the raw span always covers what the text span was made from.
    """
    ordered = sorted(repairs, key=lambda r: (r.span[0], r.span[1]))

    def locate(q: int) -> tuple[Repair | None, int]:
        delta = 0
        for r in ordered:
            a, b = r.span
            if a <= q < b:
                return r, -1
            if b <= q:
                delta = r.raw_span[1] - b
            else:
                break
        return None, q + delta

    s, t = span
    if s == t:
        if not ordered and s >= raw_len:
            return raw_len, raw_len
        rep, at = locate(s)
        at = rep.raw_span[0] if rep is not None else at
        at = min(at, raw_len)
        return at, at
    rep, a = locate(s)
    a = rep.raw_span[0] if rep is not None else a
    rep, b = locate(t - 1)
    b = rep.raw_span[1] if rep is not None else b + 1
    return a, b
