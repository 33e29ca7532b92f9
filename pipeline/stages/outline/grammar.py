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


def _bridges(markers: list[Marker], i: int, stack: list[Node], last: dict[str, int]) -> int | None:
    """A number one past the expected one, confirmed by the next marker of its style."""
    m = markers[i]
    if m.inline:
        return None
    nxt = next((x for x in markers[i + 1:] if x.style == m.style and not x.inline), None)
    if nxt is None or nxt.number != m.number + 1:
        return None
    shifted = Marker(m.style, m.rank, m.number - 1, m.label, m.start, m.body, m.line_start)
    if m.number - 1 > 1:
        return _expected(stack, last, shifted)
    return None


def build(markers: list[Marker]) -> list[Node]:
    """The tree of accepted units (roots in order) from the candidate markers of one part."""
    root = Node(Marker("root", -1, 0, "", 0, 0, 0))
    stack: list[Node] = [root]
    last: dict[str, int] = {}
    for i, m in enumerate(markers):
        k = _expected(stack, last, m)
        if k is None:
            k = _bridges(markers, i, stack, last)
        if k is None or not _inline_fits(m, stack, k):
            continue
        del stack[k + 1:]
        node = Node(m, parent=stack[k] if k else None)
        stack[k].children.append(node)
        stack.append(node)
        last[m.style] = m.number
    for node in root.children:
        node.parent = None
    return root.children


def _inline_fits(m: Marker, stack: list[Node], k: int) -> bool:
    """An inline marker after a heading must be the first child of that heading's unit; one after
    a sentence end must continue a sequence already open (a sibling of an open unit)."""
    if m.inline == "heading":
        return k == len(stack) - 1 and stack[k].marker.start < m.start
    if m.inline == "sentence":
        return any(n.style == m.style for n in stack[1:])
    return True
