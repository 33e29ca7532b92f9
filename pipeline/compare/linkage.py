"""Average-linkage clustering of the tasks over their nearest-task edges (``align``'s third step),
one part of the graph at a time, with the edges held in a file under ``--out`` while the largest
part's sums and heap are in memory (``HeldEdges``, ``WrittenEdges``).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..memory import release
from .spill import Parked, Spill, array_part

_PICK = 1 << 17  # the edges read at once
_BLOCK = 1 << 13  # the edges made Python objects at once (``_items``)
_WINDOW = 1 << 16  # the fewest edges ``_windows`` puts in order at once
_MAX_WINDOWS = 128  # files ``_windows`` deals the edges into, at most (each an open descriptor
# and up to ``Spill.BUFFER`` bytes gathered before they are written)


class Edges(Mapping[tuple[int, int], float]):
    """The candidate pairs ``(i, j)``, ``i < j``, and their similarities as three arrays (24 bytes
    a pair, where a dict of tuples takes about 170), in the order the search found them; a
    mapping for whoever looks a pair up (made on the first lookup)."""

    def __init__(self, first: Any, second: Any, sims: Any) -> None:
        self.first, self.second, self.sims = first, second, sims
        self._lookup: dict[tuple[int, int], float] | None = None

    @classmethod
    def of(cls, pairs: Mapping[tuple[int, int], float]) -> Edges:
        """The pairs of a mapping as edge arrays (int64 rows, float64 similarities)."""
        import numpy as np

        return cls(np.array([i for i, _ in pairs], dtype=np.int64),
                   np.array([j for _, j in pairs], dtype=np.int64),
                   np.array(list(pairs.values()), dtype=np.float64))

    def items(self) -> Iterator[tuple[tuple[int, int], float]]:  # type: ignore[override]
        return zip(iter(self), self.sims.tolist(), strict=True)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        if self._lookup is None:
            self._lookup = dict(self.items())
        return self._lookup[pair]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.first.tolist(), self.second.tolist(), strict=True)

    def __len__(self) -> int:
        return len(self.sims)

    def read(self, which: int, start: int, stop: int) -> Any:
        """Items ``start`` .. ``stop`` of the first rows (0), second rows (1) or similarities (2)."""
        return (self.first, self.second, self.sims)[which][start:stop]


class HeldEdges:
    """The edges' three arrays (first rows, second rows, similarities), each waiting in a file
    under ``scratch`` (a run's ``--out``; ``spill.Parked``), or, without one, kept as given:
    read a block at a time (``read``), so a phase that reads them a block at a time does not
    hold them all."""

    def __init__(self, arrays: Sequence[Any] = (), scratch: Path | None = None) -> None:
        self._scratch = scratch
        self._held: list[Any] = []
        self.count = 0
        for values in arrays:
            self.add(values)

    def add(self, values: Any) -> None:
        """The next of the three arrays (each as long as the others)."""
        parked = Parked((values,), self._scratch)
        self._held.append(parked if parked.in_file else values)
        self.count = len(values)

    def __len__(self) -> int:
        return self.count

    def read(self, which: int, start: int, stop: int) -> Any:
        held = self._held[which]
        return held.part(0, start, stop) if isinstance(held, Parked) else held[start:stop]


class WrittenEdges:
    """Edges written a block at a time as they are made (``extend``), each of the three arrays
    (first rows, second rows, similarities) into a file of its own under ``scratch`` (a run's
    ``--out``; ``spill.Spill``), and read back a block at a time (``read``) as ``HeldEdges``
    are: the edges of a large batch (16 bytes a pair, 2.3 M pairs at 20,000 development copies)
    are never in memory at once."""

    def __init__(self, scratch: Path, dtypes: Sequence[Any]) -> None:
        self._spills = [Spill(scratch, ".edges.") for _ in dtypes]
        self._dtypes = list(dtypes)
        self.count = 0

    def extend(self, *arrays: Any) -> None:
        """The next block of edges: its first rows, second rows and similarities."""
        import numpy as np

        for spill, dtype, values in zip(self._spills, self._dtypes, arrays, strict=True):
            spill.append(memoryview(np.ascontiguousarray(values, dtype=dtype)).cast("B"))
        self.count += len(arrays[0])

    def __len__(self) -> int:
        return self.count

    def read(self, which: int, start: int, stop: int) -> Any:
        return array_part(self._spills[which], 0, self._dtypes[which], self.count, start, stop)


def _place_in_run(keys: Any) -> Any:
    """Each entry's place among the entries with its key (``keys`` sorted: 0, 1, ... a run)."""
    import numpy as np

    return np.arange(len(keys)) - np.searchsorted(keys, keys, side="left")


def _average_linkage(n: int, edges: Edges, threshold: float, owners: Sequence[int] | None = None,
                     rejoin: float = 0.0) -> list[list[int]]:
    """Clusters of 0..n-1 by average linkage over the sparse similarity graph.

    ``owners`` (each task's notice) and ``rejoin``: two clusters that hold tasks of one notice
    merge only while their average is at least ``rejoin`` times the average the tighter of the
    two was last joined at. A notice numbers each measure once, so two groups that each hold one
    of its tasks are two measures unless they are about as alike as each group is within. Rules
    copied from one another are near-copies article by article (gold/align's icv-road-testing:
    the middle half of its aligned pairs at a cosine of 0.56–0.88) and alike one article to the
    next in their shared words only (a tenth of its other pairs above 0.16), where plans that say
    one measure in other words are joined near the threshold (ai-industry's aligned pairs:
    0.12–0.23) and go on joining there. A refused pair is asked again once either cluster
    changes.

    The queue holds, for every pair of clusters above the threshold, an entry at least as high
    as the pair's current average (an exact one, or a stale higher one that is recomputed when
    it comes out): after a merge only the pairs whose average rose get a new entry. The merges
    are those of pushing every changed pair (the highest current pair first, ties by cluster
    ids), without the quadratic pile of entries that a large group of near-copies made.

    The pairs' first entries are one sorted run of numbers (``_FirstEntries``: 32 bytes a
    pair), read in step with a heap of the entries pushed after merges, and a pair's newest
    value is looked up there unless a merge has set it since (``latest``): as tuples in a heap
    and a dict they took about 170 bytes a pair (2,000 development copies: a part of 126,001
    pairs, +48 MB). Every entry names a task by the same int object; the latest values are
    keyed by one int a pair, not a tuple.
    """
    first = _FirstEntries(edges, n, threshold)  # its sorting's scratch gone before the sums grow
    nodes = list(range(n))  # one int object a task, shared by every entry naming it
    members: dict[int, list[int]] = {i: [i] for i in nodes}
    between: dict[int, dict[int, float]] = defaultdict(dict)  # summed similarity between clusters
    for (i, j), s in _items(edges):
        i, j = nodes[i], nodes[j]
        between[i][j] = between[j][i] = s
    heap: list[tuple[float, int, int]] = []  # the entries pushed after merges
    latest: dict[int, float] = {}  # by pair (a * n + b, a < b): its newest value, where set
    joined: dict[int, float] = {}  # a cluster of several tasks: the average it was last joined at

    def refused(a: int, b: int, current: float) -> bool:
        if owners is None or not rejoin or (a not in joined and b not in joined):
            return False
        if current >= rejoin * max(joined.get(a, 0.0), joined.get(b, 0.0)):
            return False
        small, large = sorted((members[a], members[b]), key=len)
        notices = {owners[i] for i in small}
        return any(owners[i] in notices for i in large)

    def newest(key: int) -> float:
        value = latest.get(key)
        return first.value(key) if value is None else value

    while True:
        entry = first.head()
        if entry is not None and (not heap or entry <= heap[0]):
            first.advance()
        elif heap:
            entry = heapq.heappop(heap)
        else:
            break
        neg, a, b = entry
        if a not in members or b not in members:
            continue
        current = between[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + neg) > 1e-12:  # stale: its clusters changed since it was pushed
            if current >= threshold:
                heapq.heappush(heap, (-current, a, b))
                latest[a * n + b] = current
            else:
                latest[a * n + b] = -1.0  # no entry left for it (its first may be unread)
            continue
        if current < threshold or refused(a, b, current):  # under it by a rounding of the sums
            latest[a * n + b] = -1.0  # no entry left for it: pushed again when either changes
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        joined.pop(gone, None)
        joined[keep] = current
        for other, s in between.pop(gone).items():
            between[other].pop(gone, None)
            if other == keep:
                continue
            total = between[keep].get(other, 0.0) + s
            between[keep][other] = between[other][keep] = total
        size = len(members[keep])
        for other, total in between[keep].items():
            avg = total / (size * len(members[other]))
            low, high = (keep, other) if keep < other else (other, keep)
            if avg >= threshold and avg > newest(low * n + high):
                heapq.heappush(heap, (-avg, nodes[low], nodes[high]))
                latest[low * n + high] = avg
    return [sorted(m) for _, m in sorted(members.items())]


def _items(edges: Edges) -> Iterator[tuple[tuple[int, int], float]]:
    """``edges.items()`` a block at a time (their rows and similarities as Python objects for a
    block, not for every pair at once)."""
    for start in range(0, len(edges), _BLOCK):
        stop = start + _BLOCK
        yield from zip(zip(edges.first[start:stop].tolist(), edges.second[start:stop].tolist(),
                           strict=True), edges.sims[start:stop].tolist(), strict=True)


class _FirstEntries:
    """The first queue entry of every pair of at least ``threshold``, ``(-similarity, i, j)``,
    read in the heap's order (``head``, ``advance``), and each such pair's similarity by its key
    ``i * n + j`` (``value``: -1.0 for a pair without one), as arrays: 32 bytes a pair."""

    def __init__(self, edges: Edges, n: int, threshold: float) -> None:
        import numpy as np

        first = np.asarray(edges.first, dtype=np.int64)
        second = np.asarray(edges.second, dtype=np.int64)
        sims = np.asarray(edges.sims, dtype=np.float64)
        kept = sims >= threshold
        first, second, neg = first[kept], second[kept], -sims[kept]
        order = np.lexsort((second, first, neg))  # the heap's order: -s, then i, then j
        self._neg = array("d", neg[order].tobytes())
        self._first = array("q", first[order].tobytes())
        self._second = array("q", second[order].tobytes())
        keys = first * n + second
        by_key = np.argsort(keys, kind="stable")
        self._keys = array("q", keys[by_key].tobytes())
        self._values = array("d", (-neg[by_key]).tobytes())
        self._next = 0

    def head(self) -> tuple[float, int, int] | None:
        k = self._next
        if k == len(self._neg):
            return None
        return self._neg[k], self._first[k], self._second[k]

    def advance(self) -> None:
        self._next += 1

    def value(self, key: int) -> float:
        at = bisect_left(self._keys, key)
        return self._values[at] if at < len(self._keys) and self._keys[at] == key else -1.0


def _linkage_by_parts(n: int, edges: Edges | WrittenEdges, threshold: float,
                      singletons: bool = True, scratch: Path | None = None,
                      owners: Any | None = None, rejoin: float = 0.0) -> list[array[int]]:
    """``_average_linkage`` over the whole graph, run on one part of it at a time: the parts
    joined by edges of at least ``threshold``. Two clusters merge only while their average is at
    least ``threshold``, which takes an edge that high between them, so no cluster spans two
    parts, and an edge between two parts never counts. Within a part the merges are those of the
    whole run: its heap entries come out in the same order (tasks renumbered in their order, so
    ties break alike) and its sums are added alike. Only one part's clusters, sums and heap are
    held at once (copies of a notice make many small parts; a varied batch may make one).

    The caller's ``edges`` are consumed: held from the start (``HeldEdges``: with ``scratch``, a
    run's ``--out``, in a file there; ``WrittenEdges`` are in their files already), the parts
    found and the edges put in part order a block at a time (``_in_part_order``: each part's in
    the order found), and each part's read back as it is clustered, so the edges are not held
    while the largest part's sums and heap are.
    Without ``singletons`` the clusters of one task are left out (no group can be made of one:
    a batch's unaligned tasks are most of its clusters). ``owners`` (an array: each task's
    notice) and ``rejoin``: as ``_average_linkage`` takes them."""
    import numpy as np

    held: HeldEdges | WrittenEdges
    if isinstance(edges, WrittenEdges):
        held = edges
    else:
        held = HeldEdges((edges.first, edges.second, edges.sims), scratch)
        empty = np.zeros(0, dtype=edges.first.dtype)
        edges.first, edges.second, edges.sims = empty, empty, np.zeros(0)  # consumed: held
        release()  # the edges, where they are in the file now
    part = _parts(n, held, threshold)
    by_part = np.argsort(part, kind="stable")  # each part's tasks, in their order
    sizes = np.bincount(part)
    ends = np.cumsum(sizes)
    held, edge_ends = _in_part_order(held, part, scratch)
    low = int(edge_ends[0])  # the edges between two parts come first, and never count
    edge_ends = edge_ends[1:]
    local = np.empty(n, dtype=np.int64)  # a task's number within its part
    local[by_part] = np.arange(n) - np.repeat(ends - sizes, sizes)

    def part_edges(low: int, high: int) -> Edges:
        return Edges(local[held.read(0, low, high)], local[held.read(1, low, high)],
                     held.read(2, low, high))

    release()  # the sorts' scratch, before the parts' sums and heaps grow
    # each cluster as numbers (8 bytes a task, not an int object a task: 20,000 development
    # copies group about 200,000 tasks, and the objects of a part's clusters would outlive it)
    clusters: list[array[int]] = []
    for k, size in enumerate(sizes.tolist()):
        nodes = by_part[ends[k] - size:ends[k]]
        high = int(edge_ends[k])
        if size == 1:
            if singletons:
                clusters.append(array("q", nodes.tobytes()))
        else:
            local_owners = None if owners is None else array(  # 4 bytes a task, not an int's 36
                "i", np.asarray(owners)[nodes].astype(np.int32).tobytes())
            clusters.extend(array("q", nodes[c].tobytes())
                            for c in _average_linkage(size, part_edges(low, high), threshold,
                                                      local_owners, rejoin)
                            if singletons or len(c) > 1)
        low = high
    clusters.sort(key=lambda c: c[0])
    return clusters


def _in_part_order(edges: Edges | HeldEdges | WrittenEdges, part: Any, scratch: Path | None = None
                   ) -> tuple[HeldEdges | WrittenEdges, Any]:
    """The edges in the order of their parts (``part``: each task's; the edges between two
    parts first; each part's in the order found), held as ``HeldEdges`` (in a file under
    ``scratch`` where given), and where each run ends: the edges between parts, then each
    part's. A counting sort read a block of edges at a time: a place for each edge (4 bytes) and
    one array being put in order are held at once, where sorting the edges' parts held 30 bytes
    an edge and the edges themselves (2,281,505 edges of 20,000 development copies: a peak of
    68 MB over the edges). With ``scratch`` and more edges than a window (``_windows``), the
    place of each edge and the arrays being put in order, which grow with the edges (a peak of
    60 MB at 20,000 development copies), give way to windows of parts put in order one at a time."""
    import numpy as np

    count, parts = len(edges), int(part.max(initial=-1)) + 2  # owner 0: between two parts

    def owners(start: int) -> Any:
        a = part[edges.read(0, start, start + _PICK)]
        b = part[edges.read(1, start, start + _PICK)]
        return np.where(a == b, a + 1, 0)

    sizes = np.zeros(parts, dtype=np.int64)
    for start in range(0, count, _PICK):
        sizes += np.bincount(owners(start), minlength=parts)
    ends = np.cumsum(sizes)
    if scratch is not None and count > _window(count):
        return _windows(edges, owners, sizes, scratch), ends
    free = ends - sizes  # each run's next place
    place = np.empty(count, dtype=np.int32 if count < 1 << 31 else np.int64)
    for start in range(0, count, _PICK):
        owner = owners(start)
        order = np.argsort(owner, kind="stable")
        owner_sorted = owner[order]
        place[start + order] = free[owner_sorted] + _place_in_run(owner_sorted)
        free += np.bincount(owner, minlength=parts)
    out = HeldEdges(scratch=scratch)
    for which in range(3):
        moved = np.empty(count, dtype=edges.read(which, 0, 0).dtype)
        for start in range(0, count, _PICK):
            moved[place[start:start + _PICK]] = edges.read(which, start, start + _PICK)
        out.add(moved)
        del moved
        release()  # before the next array is put in order
    return out, ends


def _window(count: int) -> int:
    """The edges of the parts put in order at once by ``_windows``: at least ``_WINDOW``, more
    where the edges would otherwise make more than ``_MAX_WINDOWS`` files (a window starts where
    a window's length of edges is passed, at an owner larger than a window and after one: at most
    three times as many starts as windows' lengths in the edges, and the first)."""
    return max(_WINDOW, -(-3 * count // _MAX_WINDOWS))


def _windows(edges: Edges | HeldEdges | WrittenEdges, owners: Callable[[int], Any], sizes: Any,
             scratch: Path) -> WrittenEdges:
    """The edges in the order of their owners (``owners(start)``: the owners of a block of
    edges; ``sizes``: each owner's edges), written under ``scratch``, in memory bounded by the
    window (``_window``) whatever the number of edges. The owners are cut into windows, runs of
    consecutive owners whose edges begin within one window's length of edges (so a window holds
    at most two windows' length), an owner with more edges than a window alone in its own. One
    pass over the edges deals each block's edges to their windows' files in the order read; each
    window's file is then read back, its edges put in the order of their owners by a stable
    sort (a lone owner's read a window at a time, already in order) and written out: each
    owner's edges in the order found, as the in-memory ordering puts them."""
    import numpy as np

    width = _window(len(edges))
    starts = np.cumsum(sizes) - sizes
    lone = sizes > width
    new = np.ones(len(sizes), dtype=bool)
    new[1:] = lone[1:] | lone[:-1] | (starts[1:] // width != starts[:-1] // width)
    window = np.cumsum(new) - 1
    dtypes = [edges.read(which, 0, 0).dtype for which in range(3)]
    record = np.dtype([("owner", np.int64), ("first", dtypes[0]), ("second", dtypes[1]),
                       ("sim", dtypes[2])])
    files = [Spill(scratch, ".order.") for _ in range(int(window[-1]) + 1)]
    for start in range(0, len(edges), _PICK):
        owner = owners(start)
        block = np.empty(len(owner), dtype=record)
        block["owner"] = owner
        for which, name in enumerate(("first", "second", "sim")):
            block[name] = edges.read(which, start, start + _PICK)
        where = window[owner]
        order = np.argsort(where, kind="stable")
        for run in np.split(order, np.flatnonzero(np.diff(where[order])) + 1):  # none empty
            files[int(where[run[0]])].append(block[run].tobytes())
    out = WrittenEdges(scratch, dtypes)
    for file in files:
        held = len(file) // record.itemsize
        for start in range(0, held, 2 * width):
            part = array_part(file, 0, record, held, start, start + 2 * width)
            part = part[np.argsort(part["owner"], kind="stable")]
            out.extend(part["first"], part["second"], part["sim"])
        file.clear()
    return out


def _parts(n: int, edges: Edges | HeldEdges | WrittenEdges, threshold: float) -> Any:
    """Each task's part: the parts joined by edges of at least ``threshold``, numbered in the
    order of their lowest task. Found by hooking roots a block of edges at a time (the higher
    root under the lower) and pointing every task at its root after each block, until a pass
    over the edges joins nothing: only a task-sized table and a block's scratch are held, where
    a sparse graph of the edges (and its transpose) would take several times the edges."""
    import numpy as np

    root = np.arange(n)
    joined = True
    while joined:
        joined = False
        for start in range(0, len(edges), _PICK):
            stop = start + _PICK
            a, b = root[edges.read(0, start, stop)], root[edges.read(1, start, stop)]
            apart = (a != b) & (edges.read(2, start, stop) >= threshold)
            if not apart.any():
                continue
            joined = True
            a, b = a[apart], b[apart]
            root[np.maximum(a, b)] = np.minimum(a, b)  # a root under a lower root: no cycle
            while True:  # every task straight to its root
                up = root[root]
                if np.array_equal(up, root):
                    break
                root = up
    return np.unique(root, return_inverse=True)[1]
