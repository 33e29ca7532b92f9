"""The numbering grammar: which markers open units, and how the units nest.

Only the next expected number of a style opens a unit: the successor of the open unit of that
style, or — for a style not open — 1 (numbering that restarts under each parent) or the successor
of the last unit of that style anywhere in the part (numbering that runs on through the document).
So a stray ``（三）`` in prose, a page OCR'd twice or a cross-reference (``第十条规定…``) opens
nothing. Nesting follows the styles' ranks (GB/T 9704: 一、 › （一） › 1. › （1）): a style nests
under the deepest open unit of lower rank. One lost number is bridged only when the next marker
of the style confirms the sequence (``2. 3. 5. 6.``: the 4. was lost in the source).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .numbering import Marker


@dataclass(eq=False)
class Node:
    marker: Marker
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    end: int = 0

    @property
    def style(self) -> str:
        return self.marker.style

    @property
    def number(self) -> int:
        return self.marker.number

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


def _expected(stack: list[Node], last: dict[str, int], m: Marker) -> int | None:
    """Where in the open stack ``m`` would go (its parent's index), or None if it opens nothing."""
    for k in range(len(stack) - 1, 0, -1):
        if stack[k].style == m.style:
            return k - 1 if m.number == stack[k].number + 1 else None
    k = len(stack) - 1
    while k > 0 and stack[k].marker.rank >= m.rank:
        k -= 1
    if m.number == 1 or m.number == last.get(m.style, -1) + 1:
        return k
    return None


def _confirmed(markers: list[Marker], i: int, count: int) -> bool:
    """The next ``count`` line-initial markers of this style continue its number one by one."""
    m = markers[i]
    following = [x.number for x in markers[i + 1:] if x.style == m.style and not x.inline][:count]
    return following == list(range(m.number + 1, m.number + 1 + count))


def _bridges(markers: list[Marker], i: int, stack: list[Node], last: dict[str, int]) -> int | None:
    """A number past the expected one, confirmed by the markers of its style that follow or by
    its layout: one lost number (``2. 3. 5. 6.``: confirmed by the next, or by a line holding
    only the heading), or a text that begins after its first unit was cut away (``第二章``
    first: confirmed by the next two)."""
    m = markers[i]
    if m.inline:
        return None
    if m.style not in last and 1 < m.number <= 3 and _confirmed(markers, i, 2):
        shifted = Marker(m.style, m.rank, 1, m.label, m.start, m.body, m.line_start)
        return _expected(stack, last, shifted)
    if m.number - 1 > 1 and (m.alone or _confirmed(markers, i, 1)):
        shifted = Marker(m.style, m.rank, m.number - 1, m.label, m.start, m.body, m.line_start)
        return _expected(stack, last, shifted)
    return None


def _restarts(markers: list[Marker], i: int, root: Node) -> bool:
    """A line-initial 1 of the top level's style (or a higher one) after that level has run on,
    confirmed by a 2: a new document begins (an appendix or a second text without a 附件 line)."""
    m = markers[i]
    if m.inline or m.number != 1 or not root.children:
        return False
    top = root.children[-1].marker
    return m.rank <= top.rank and top.number >= 2 and _confirmed(markers, i, 1)


def build(markers: list[Marker]) -> list[list[Node]]:
    """The trees of accepted units from the candidate markers of one part: one list of roots per
    numbering sequence (a second one when the top level starts again at 1)."""
    segments: list[list[Node]] = []
    root = Node(Marker("root", -1, 0, "", 0, 0, 0))
    stack: list[Node] = [root]
    last: dict[str, int] = {}
    for i, m in enumerate(markers):
        k = _expected(stack, last, m)
        if k is None:
            k = _bridges(markers, i, stack, last)
        if k is None and _restarts(markers, i, root):
            segments.append(root.children)
            root = Node(Marker("root", -1, 0, "", 0, 0, 0))
            stack, last, k = [root], {}, 0
        if k is None or not _inline_fits(m, stack, k):
            continue
        del stack[k + 1:]
        node = Node(m, parent=stack[k] if k else None)
        stack[k].children.append(node)
        stack.append(node)
        last[m.style] = m.number
    segments.append(root.children)
    for roots in segments:
        for node in roots:
            node.parent = None
    return segments


def _inline_fits(m: Marker, stack: list[Node], k: int) -> bool:
    """An inline marker after a heading must be the first child of that heading's unit; one after
    a sentence end must continue a sequence already open (a sibling of an open unit)."""
    if m.inline == "heading":
        return k == len(stack) - 1 and stack[k].marker.start < m.start
    if m.inline == "sentence":
        return any(n.style == m.style for n in stack[1:])
    return True
