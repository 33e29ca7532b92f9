"""The numbering grammar: which markers open units, and how the units nest.

Only the next expected number of a style opens a unit: the successor of the open unit of that
style, or — for a style not open — 1 (numbering that restarts under each parent) or the successor
of the last unit of that style anywhere in the part (numbering that runs on through the document).
So a stray ``（三）`` in prose, a page OCR'd twice or a cross-reference (``第十条规定…``) opens
nothing. Nesting follows the styles' ranks (GB/T 9704: 一、 › （一） › 1. › （1）): a style nests
under the deepest open unit of lower rank; a list in a style already open (1.–10. inside a 2.)
nests when a 2 confirms it and its text is not a repeat. One lost number is bridged only when
the next marker, the line's layout or a parallel list's shared opening confirms the sequence
(``2. 3. 5. 6.``: the 4. was lost; ``1. 进一步… 2. 进一步… 3. 进一步… 5. 进一步…``).
A list under a unit whose first number was lost at source (三、重点任务, then a paragraph, then
（二）（三）（四）) gets that first unit back, unnumbered, from the line after its parent's heading.
An excerpt of a longer list (a department's share: 28. 34. 35., each unit labelled with who
carries it out) keeps its own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from .numbering import Marker
from .roles import has_label


@dataclass(eq=False)
class Node:
    marker: Marker
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    nest: int = 0  # >0: a list in a style already open above it (1.–10. inside a 2.)

    @property
    def style(self) -> str:
        return self.marker.style

    @property
    def key(self) -> str:
        return self.marker.key

    @property
    def number(self) -> int:
        return self.marker.number


Place = tuple[int, int]  # (index of the parent in the open stack, nesting of the style)


def _expected(stack: list[Node], last: dict[tuple[str, int], int], m: Marker) -> Place | None:
    """Where in the open stack ``m`` would go, or None if it opens nothing."""
    open_here = [k for k in range(len(stack) - 1, 0, -1) if stack[k].key == m.key]
    for k in open_here:  # innermost first: a nested list may have ended
        if m.number == stack[k].number + 1:
            return k - 1, stack[k].nest
    if open_here:
        return None
    k = len(stack) - 1
    while k > 0 and stack[k].marker.rank >= m.rank:
        k -= 1
    if m.number == 1 or m.number == last.get((m.key, 0), -1) + 1:
        return k, 0
    return None


def _nested(stack: list[Node], seq: Sequence, i: int, seen: set[tuple[str, str]]) -> Place | None:
    """A 1 of a style already open, after a lead-in (a colon, or a short title line), confirmed
    by a 2 and not a repeat of text already read (a page read twice): a list inside the open unit
    in the same style. (A 专栏 box's items never come here: they open no unit.)"""
    m = seq.markers[i]
    if (m.number != 1 or m.inline or not m.lead_in or (m.key, m.head) in seen
            or not seq.confirmed(i, 1)):
        return None
    if len(stack) > 1 and stack[1].key == m.key:
        return None  # the top level does not nest in itself
    nests = [n.nest for n in stack[1:] if n.key == m.key]
    return (len(stack) - 1, max(nests) + 1) if nests else None


class Sequence:
    """The candidate markers of a part, with the next line-initial marker of each one's style
    (found once, so that confirming a number costs O(1), not a scan of the rest)."""

    def __init__(self, markers: list[Marker]) -> None:
        self.markers = markers
        self.next = [-1] * len(markers)
        after: dict[str, int] = {}
        for i in range(len(markers) - 1, -1, -1):
            self.next[i] = after.get(markers[i].key, -1)
            if not markers[i].inline:
                after[markers[i].key] = i

    def confirmed(self, i: int, count: int) -> bool:
        """The next ``count`` line-initial markers of this style continue its number one by one."""
        number, k = self.markers[i].number, i
        for step in range(1, count + 1):
            k = self.next[k]
            if k < 0 or self.markers[k].number != number + step:
                return False
        return True


def _bridges(seq: Sequence, i: int, stack: list[Node], last: dict[tuple[str, int], int]) -> Place | None:
    """A number past the expected one, confirmed by the markers of its style that follow or by
    its layout: one lost number (``2. 3. 5. 6.``: confirmed by the next, or by a line holding
    only the heading), or a text that begins after its first unit was cut away (``第二章``
    first: confirmed by the next two)."""
    m = seq.markers[i]
    if m.inline == "sentence" and m.style == "article" and (m.key, 0) not in last:
        # a regulation run on after its sentences whose 第一条 was cut (…修订)条 根据…。第二条 …):
        # its articles go on 第三条, 第四条 after the sentences that follow
        if 1 < m.number <= 3 and _runs_on(seq, i, 2):
            place = _expected(stack, last, _renumbered(m, 1))
            return place if place and place[0] == 0 else None
        return None
    if m.inline:
        return None
    if (m.key, 0) not in last and 1 < m.number <= CUT_START_MAX and seq.confirmed(i, 2):
        place = _expected(stack, last, _renumbered(m, 1))
        return place if place and place[0] == 0 else None  # only a top level loses its start
    if m.number - 1 > 1 and (m.alone or seq.confirmed(i, 1) or _parallel(stack, m)):
        return _expected(stack, last, _renumbered(m, m.number - 1))
    return None


PARALLEL_HEAD = 3  # characters every unit of a parallel list opens with (进一步完善…, 进一步提升…)


def _parallel(stack: list[Node], m: Marker) -> bool:
    """A number past the expected one whose heading opens as every unit of its list so far does
    (1. 进一步… 2. 进一步… 3. 进一步… then 5. 进一步…, the 4. lost to OCR): the list goes on."""
    head = m.head[:PARALLEL_HEAD]
    if len(head) < PARALLEL_HEAD or m.inline:
        return False
    for node in reversed(stack[1:]):
        if node.key == m.key and node.number == m.number - 2 and node.parent is not None:
            siblings = [c for c in node.parent.children if c.key == m.key]
            return len(siblings) >= 2 and all(c.marker.head.startswith(head) for c in siblings)
    return False


CUT_START_MAX = 9  # a text cut before its part 四、 (a page of a longer notice) starts there

RUN_ON_LOOK = 50  # markers read ahead for a run-on article's successors


def _runs_on(seq: Sequence, i: int, count: int) -> bool:
    """The next ``count`` markers of this style, inline or not, within ``RUN_ON_LOOK`` markers,
    continue its number one by one."""
    m, want = seq.markers[i], seq.markers[i].number + 1
    for other in seq.markers[i + 1:i + 1 + RUN_ON_LOOK]:
        if other.key == m.key:
            if other.number != want:
                return False
            want += 1
            if want > m.number + count:
                return True
    return False


def _lost_first(seq: Sequence, i: int, stack: list[Node]) -> int | None:
    """The open unit under which a line-initial 2, confirmed by a 3 and a 4, starts a list whose 1
    was lost (no unit of its style there yet): the paragraph before it is that first unit."""
    m = seq.markers[i]
    if m.inline or m.number != 2 or not seq.confirmed(i, 2):
        return None
    k = len(stack) - 1
    while k > 0 and stack[k].marker.rank >= m.rank:
        k -= 1
    if k == 0 or any(c.key == m.key for c in stack[k].children):
        return None
    return k


def _first_unit(parent: Node, m: Marker, text: str) -> Node | None:
    """The first unit of ``m``'s list under ``parent``, holding the parent's units read so far
    (1.–3. before （二）): its 1 where it stands run on inside a line, else the paragraph after the
    parent's heading line, unnumbered."""
    line = text.find("\n", parent.marker.body, m.line_start)
    if line < 0:
        return None
    start = line + 1
    while start < m.line_start and text[start].isspace():
        start += 1
    if start >= m.line_start:
        return None  # nothing between the heading and the 2: no unit was lost
    if any(c.marker.rank <= m.rank for c in parent.children):
        return None  # the parent's units so far are no deeper than the list: they are not its 1's
    one = m.label.replace("2", "1", 1) if "2" in m.label else m.label.replace("二", "一", 1)
    at = text.rfind(one, start, m.line_start)
    if at >= 0:  # its 1 is there, run on inside a line (具体包括：1）…, 关键技术标准1. 水泥领域)
        marker = Marker(m.style, m.rank, 1, one, at, at + len(one), at, inline="runon", series=m.series)
    else:  # lost: the paragraph after the heading is the first unit, unnumbered
        marker = Marker(m.style, m.rank, 1, "", start, start, line + 1, series=m.series)
    first = Node(marker, parent=parent)
    first.children, parent.children = parent.children, [first]
    for child in first.children:
        child.parent = first
    return first


def _renumbered(m: Marker, number: int) -> Marker:
    return Marker(m.style, m.rank, number, m.label, m.start, m.body, m.line_start, series=m.series)


def _restarts(seq: Sequence, i: int, root: Node) -> bool:
    """A line-initial 1 of the top level's style (or a higher one) after that level has run on,
    confirmed by a 2: a new document begins (an appendix or a second text without a 附件 line)."""
    m = seq.markers[i]
    if m.inline or m.number != 1 or not root.children:
        return False
    top = root.children[-1].marker
    return m.rank <= top.rank and top.number >= 2 and seq.confirmed(i, 1)


def _lost_parent(seq: Sequence, i: int, stack: list[Node], seen: set[tuple[str, str]]) -> bool:
    """A line-initial 1 of a style whose list is open and has run on, with no unit of a higher
    style between them and no lead-in before it, confirmed by a 2, and not text already read: the
    heading that opened a new group was lost (a crawl that dropped bold runs: 1.–5., 1.–5.,
    1.–4. one after another). The list starts a new part, as numbering that starts again does.
    Only a list at the top or right under it: deeper, under numbered sections (第8章 › 8.3.5 ›
    1）…), a restart more likely follows a section heading the scan missed than a lost one."""
    m = seq.markers[i]
    if m.inline or m.number != 1 or m.lead_in or (m.key, m.head) in seen or not seq.confirmed(i, 1):
        return False
    return any(n.key == m.key and n.number >= 2 for n in stack[1:LOST_PARENT_DEPTH + 1])


LOST_PARENT_DEPTH = 2  # how deep in the open units a list whose new group lost its heading may be


EXCERPT_MIN = 3  # labelled units of an excerpt of a longer numbered list…
EXCERPT_LABELLED = 0.75  # …and the share of its units labelled (a group's label is its items')


def _excerpts(markers: list[Marker], text: str) -> set[int]:
    """Indexes of the markers of an excerpt: a department's share of a longer numbered list
    (28. 34. 35. 36. 38., each with its 牵头单位 line). A style whose first line-initial number is
    past 1 and whose line-initial numbers only go up, its units (``EXCERPT_LABELLED`` of them,
    at least ``EXCERPT_MIN``) labelled with who carries them out: its units are accepted in their
    own numbers."""
    runs: dict[str, list[int]] = {}
    for i, m in enumerate(markers):
        if not m.inline and not m.box:
            runs.setdefault(m.key, []).append(i)
    out: set[int] = set()
    for run in runs.values():
        numbers = [markers[i].number for i in run]
        if (len(run) < EXCERPT_MIN or numbers[0] <= 1
                or any(b <= a for a, b in pairwise(numbers))):
            continue
        ends = [markers[j].line_start for j in run[1:]] + [len(text)]
        labelled = sum(has_label(text[markers[i].body:end]) for i, end in zip(run, ends, strict=True))
        if labelled >= max(EXCERPT_MIN, EXCERPT_LABELLED * len(run)):
            out.update(run)
    return out


def _in_excerpt(stack: list[Node], last: dict[tuple[str, int], int], m: Marker) -> Place | None:
    """Where a marker of an excerpt goes: as the next number of its style, whatever it says."""
    open_here = [n.number for n in stack[1:] if n.key == m.key]
    return _expected(stack, last, _renumbered(m, open_here[-1] + 1 if open_here else 1))


def build(markers: list[Marker], text: str = "") -> list[list[Node]]:
    """The trees of accepted units from the candidate markers of one part: one list of roots per
    numbering sequence (a second one when the top level starts again at 1). With the ``text``, a
    list whose first number was lost gets its first unit back."""
    segments: list[list[Node]] = []
    root = Node(Marker("root", -1, 0, "", 0, 0, 0))
    stack: list[Node] = [root]
    last: dict[tuple[str, int], int] = {}
    seen: set[tuple[str, str]] = set()
    seq = Sequence(markers)
    excerpt = _excerpts(markers, text) if text else set()
    for i, m in enumerate(markers):
        if m.box:
            continue  # a box's item: text of the unit the box stands in
        place = _expected(stack, last, m) or _bridges(seq, i, stack, last)
        if place is None and i in excerpt:
            place = _in_excerpt(stack, last, m)
        # the numbering starts again (a new document), or a list starts again whose group's heading
        # was lost (_lost_parent wants no lead-in, _nested one: the order between them is free)
        if place is None and (_restarts(seq, i, root) or _lost_parent(seq, i, stack, seen)):
            segments.append(root.children)
            root = Node(Marker("root", -1, 0, "", 0, 0, 0))
            stack, last, place = [root], {}, (0, 0)
        if place is None:
            place = _nested(stack, seq, i, seen)
        if place is None and text:
            k = _lost_first(seq, i, stack)
            if k is not None and _first_unit(stack[k], m, text) is not None:
                place = (k, 0)
        confirmed = seq.confirmed(i, 1) or (m.inline in ("sentence", "runon") and _runs_on(seq, i, 1))
        # a list numbered on through its parents (（二）建立…。 3.加快…): the next number of its style
        continues = m.number > 1 and last.get((m.key, 0), -1) + 1 == m.number
        if place is None or not _inline_fits(m, stack, place[0], confirmed, continues):
            continue
        k, nest = place
        del stack[k + 1:]
        node = Node(m, parent=stack[k] if k else None, nest=nest)
        stack[k].children.append(node)
        stack.append(node)
        last[(m.key, nest)] = m.number
        if m.head:
            seen.add((m.key, m.head))
    segments.append(root.children)
    for roots in segments:
        for node in roots:
            node.parent = None
    return segments


def _inline_fits(m: Marker, stack: list[Node], k: int, confirmed: bool, continues: bool = False) -> bool:
    """An inline marker after a heading must be the first child of that heading's unit; one after
    a sentence end must continue a sequence already open (a sibling of an open unit, or the last
    number of its style numbered on through its parents), or start one that the next marker of
    its style continues; one run on into the text before it (its sentence end lost) likewise."""
    if m.inline == "heading":
        return k == len(stack) - 1 and stack[k].marker.start < m.start
    opened = any(n.key == m.key for n in stack[1:]) or continues or (m.number == 1 and confirmed)
    if m.inline == "sentence":
        return opened or (m.style == "article" and k == 0)  # a run-on regulation's first article left
    if m.inline == "runon":  # the next number of a sequence already open, or a run-on list's 1
        return opened
    return True
