"""Measure alignment: group the tasks of different notices that address the same measure, for any
policy field, from the batch itself (no taxonomy).

1. Each task is a bag of jieba words (its heading counted ``heading_weight`` times), without the
   words every field uses for any measure (resources/align.toml ``stopwords``), numbers and
   single characters; TF-IDF weights over the batch's tasks, rows L2-normalised.
2. Candidates: each task's ``neighbours`` most similar tasks (cosine), found in chunks, so memory
   grows with tasks x neighbours, not tasks squared (the candidate-retrieval step of the
   Legislative Influence Detector, here over paraphrase rather than copied text); tasks whose
   vectors are copies of one another are searched once, and in a large batch of near-copies a
   task's nearest are read first from the tasks sharing a rare word with it (exact: a bound on
   what the frequent words can add). A batch too varied for an exact search in time (``wide``:
   its words' products past a budget a task) finds candidates without its most frequent words
   and scores them exactly.
3. Average-linkage clustering on that sparse graph: the two clusters with the highest average
   similarity merge while it is at least ``threshold`` (a pair without a candidate edge counts 0).
   Ties break by task order, so the same batch always gives the same groups.
4. A cluster holding tasks of at least ``min_notices`` notices is a group, labelled by its most
   distinctive terms (summed TF-IDF, words shared by its notices first).
"""

from __future__ import annotations

import os
import re
import sys
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

from ..indexed import Indexed, Marshalled
from ..memory import phase, release
from ..resources import load_toml
from ..text import segment
from .linkage import Edges, WrittenEdges, _linkage_by_parts, _place_in_run
from .mapped import Every, file_full, file_zeros, let_go
from .records import Joined, joined, split
from .strings import Strings
from .tfidf import Counts, weigh
from .tiled import Tiled, tiles
from .vectors import ParkedRows, Vectors, index_dtype, scan
from .wide import PAIR_BUDGET, Narrowed, frequent_columns

_THREADS = 4  # the most threads the nearest-task search uses (fewer on fewer cores)
# how many similarity levels a row's entries are cut at before its nearest are sorted
_LEVELS = 64
_PICK = 1 << 17  # the product entries a row's nearest are picked from at once (``_top``)
_SIMILARITIES = 1 << 20  # the most similarities a thread's block of rows is searched against
# The fewest rows a block has, however many rows there are: on two threads, past 2 ** 20 / 2 /
# this rows (65,536 at 8, 32,768 at 16) a block is searched against more than ``_SIMILARITIES``,
# and its product grows with the batch. 20,000 distinct notices (203,838 distinct rows, the
# narrowed search a tile at a time, ``bench.phases``): at 16 a block's product held up to 331,617
# entries and the search peaked at 185.2 MB in 93 s; at 8, 195,790 entries, 176.6 MB in 113 s.
# Below 32,768 rows (2,000 distinct notices: about 20,000) no block changes. The lists are the
# same either way (a row's nearest do not depend on its block).
_MIN_CHUNK = 8
# the rare-word search (``_Pruner``): from how many rows it is tried, a word is rare in at most
# one row in _RARE_SHARE, and it is kept while at least _PRUNE_PASS of the rows tried pass
_PRUNE_FROM = 20_000
_BOUND_ROWS = 1 << 14  # the rows whose bounds the pruner works out at once
_RARE_SHARE = 1000
_PRUNE_TRIAL = 2048
_PRUNE_PASS = 0.5
_WORD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Z][A-Za-z0-9+.-]+|[0-9]+[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class AlignRules:
    stopwords: frozenset[str]
    heading_weight: int
    neighbours: int
    threshold: float
    rejoin: float
    min_notices: int
    label_terms: int


@lru_cache(maxsize=1)
def rules() -> AlignRules:
    data = load_toml("align.toml")
    return AlignRules(frozenset(data["stopwords"]), int(data["heading_weight"]),
                      int(data["neighbours"]), float(data["threshold"]), float(data["rejoin"]),
                      int(data["min_notices"]), int(data["label_terms"]))


@dataclass(frozen=True, slots=True)
class TaskRef:
    notice_id: str
    task_id: str
    heading: str
    text: str
    # the heading's and the text's content words, each joined by spaces, when a run segmented
    # them as the notice finished (``compare.prepare``); None: segmented here
    words: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        return f"{self.notice_id}#{self.task_id}"


@dataclass(frozen=True)
class Group:
    """An aligned measure: its id, label and terms, and its tasks' rows in the batch's task
    table (``tasks``: made when asked for, so a large batch's groups do not hold a TaskRef per
    aligned task)."""

    id: str
    label: str
    terms: tuple[str, ...]
    rows: array
    table: TaskTable = field(repr=False, compare=False)

    @property
    def tasks(self) -> tuple[TaskRef, ...]:
        return tuple(self.table[row] for row in self.rows)

    @property
    def notices(self) -> list[str]:
        return list(dict.fromkeys(self.table.notice_id(row) for row in self.rows))


def words(text: str) -> list[str]:
    """The content words of a text: jieba tokens of two characters or more (or Latin terms such as
    5G, IPv6), stop-words, numbers and single characters dropped."""
    return list(_content_words(text))


@lru_cache(maxsize=1 << 13)
def _content_words(text: str) -> tuple[str, ...]:
    """Cached for a text that many notices repeat (a run keeps each notice's words with its
    record, ``compare.prepare``); bounded, so memory stays flat. Each word is held once however
    many of the cached texts use it (``sys.intern``): the full cache of a batch of development
    copies took 41 MB of the run's process with a string of its own for every word of every
    text."""
    stop = rules().stopwords
    out = []
    for token in segment(text):
        token = token.strip()
        if _WORD.fullmatch(token) and token not in stop:
            out.append(sys.intern(token))
    return tuple(out)


def forget_words() -> None:
    """Let the cache of texts' words go (``words``): a run fills it while its documents come in
    (``compare.prepare``), about 10 MB at its bound, and its comparison reads the words kept on
    the records instead."""
    _content_words.cache_clear()


def task_refs(notices: Iterable[Mapping[str, Any]]) -> Iterator[TaskRef]:
    """The tasks of the notices, one at a time, in their order."""
    return (TaskRef(n["id"], t["id"], t.get("heading", ""), t.get("text", ""),
                    tuple(t["words"]) if t.get("words") is not None else None)  # type: ignore[arg-type]
            for n in notices for t in n.get("tasks", []))


class TaskTable(Indexed[TaskRef]):
    """The batch's tasks by row, a few bytes a task: each notice's id and its tasks' ids (one
    string; their headings and texts only where a task carries them: a run's carry their words
    instead), kept as bytes (``_Entries``: in the scratch file with ``scratch``, a run's
    ``--out``); once sorted, the notices' ids as one string in row order and each one's first
    row, a row's notice found by bisection (no array a row). A ``TaskRef`` (without words)
    is made when asked for: a group's tasks, not every task of a large batch (173,882 tasks of
    20,000 development copies held as objects: 25 MB; their notices' ids and task ids held as
    strings in tuples: 4.5 MB, held through the search and the clustering)."""

    def __init__(self, scratch: Path | None = None) -> None:
        # per notice as read: (its id, its task ids (``records.joined``), their (heading, text)
        # where any is not empty), and its first row in batch order
        self._entries = _Entries(scratch)
        self._starts = array("q")
        self._rows = 0
        # once sorted: the notices (indexes into _entries) in row order, their ids (as one
        # string) and the first row of each
        self._order = array("i")
        self._ids = Strings()
        self._firsts = array("q")

    def add(self, notice_id: str, tasks: list[TaskRef]) -> None:
        """A notice's tasks, in batch order."""
        if not tasks:
            return
        texts = tuple((t.heading, t.text) for t in tasks)
        self._entries.append((notice_id, joined([t.task_id for t in tasks]),
                              texts if any(h or x for h, x in texts) else None))
        self._starts.append(self._rows)
        self._rows += len(tasks)
        self._order, self._ids, self._firsts = array("i"), Strings(), array("q")  # sort again

    def sort(self) -> Any:
        """Put the rows in notice-id order (each notice's tasks in their order; equal ids in
        batch order): the batch order of each row now, or None where it is that order."""
        import numpy as np

        count = len(self._entries)
        ids = [self._entries[k][0] for k in range(count)]  # read once, let go below
        by_id = sorted(range(count), key=ids.__getitem__)
        self._ids = Strings(ids[k] for k in by_id)
        del ids
        starts = np.frombuffer(self._starts, dtype=np.int64) if count else np.zeros(0, np.int64)
        sizes = np.diff(np.append(starts, self._rows))
        entry = np.asarray(by_id, dtype=np.int32)
        firsts = np.cumsum(sizes[entry]) - sizes[entry]
        self._order = array("i", by_id)
        self._firsts = array("q", firsts.astype(np.int64).tobytes())
        if all(k == j for k, j in enumerate(by_id)):
            return None
        return (np.repeat(starts[entry], sizes[entry])
                + np.arange(self._rows) - np.repeat(firsts, sizes[entry]))

    def _sorted(self, row: int) -> int:
        """A row's notice's place in row order (IndexError: a row the sorted table lacks)."""
        if not 0 <= row < self._rows or len(self._firsts) != len(self._entries):
            raise IndexError(row)
        return bisect_right(self._firsts, row) - 1

    def _at(self, row: int) -> tuple[int, int]:
        """A row's notice (an index into _entries) and its place among that notice's tasks."""
        k = self._sorted(row)
        return self._order[k], row - self._firsts[k]

    def __len__(self) -> int:
        return self._rows

    def notice_id(self, row: int) -> str:
        return self._ids._item(self._sorted(row))

    def notice_numbers(self) -> Any:
        """Each row's notice as a number (rows of one notice id alike), in row order: an int32
        array (4 bytes a task). The table must be sorted."""
        import numpy as np

        firsts = np.frombuffer(self._firsts, dtype=np.int64) if len(self._firsts) else np.zeros(
            0, np.int64)
        sizes = np.diff(np.append(firsts, self._rows))
        new = np.empty(len(self._ids), dtype=bool)  # a notice id other than the one before
        before = None
        for k, notice_id in enumerate(self._ids):
            new[k], before = notice_id != before, notice_id
        return np.repeat(np.cumsum(new) - 1, sizes).astype(np.int32)

    def notice_count(self) -> int:
        """The distinct notice ids (read from their entries where the table is not sorted)."""
        if len(self._firsts) == len(self._entries):
            return len(set(self._ids))
        return len({self._entries[k][0] for k in range(len(self._entries))})

    def _item(self, row: int) -> TaskRef:
        entry, place = self._at(row)
        notice_id, ids, texts = self._entries[entry]
        heading, text = texts[place] if texts is not None else ("", "")
        return TaskRef(notice_id, split(ids)[place], heading, text)


Entry = tuple[str, Joined, tuple[tuple[str, str], ...] | None]


class _Entries(Marshalled[Entry]):
    """A task table's notices (``TaskTable``) as bytes, the one read last kept as objects (a
    group's rows come a notice at a time)."""

    PREFIX = ".task-table."

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(folder)
        self._last: tuple[int, Entry] | None = None

    def _item(self, index: int) -> Entry:
        last = self._last  # read once: a reader of several threads sees one pair
        if last is None or last[0] != index:
            last = self._last = (index, super()._item(index))
        return last[1]


def _sorted_vectors(notices: Iterable[Mapping[str, Any]], r: AlignRules,
                    scratch: Path | None = None) -> tuple[TaskTable, Any, Any, Sequence[str]]:
    """The tasks by notice id (each notice's tasks in their order: the groups do not depend on
    batch order), the TF-IDF rows of their distinct bags in the order their first task comes,
    each task's row among them, and the terms. The tasks are read once, in batch order, each
    one's words let go once counted (``tfidf.Counts``: a row's weights depend only on its own
    words and the batch's counts), so neither the words of every task (20,000 copies of the
    development notices, 173,882 tasks: about 150 MB) nor a row for every copy is held.
    ``scratch``: a folder the counts wait in and the weights are mapped from (``tfidf``)."""
    table = TaskTable(scratch)
    counts = Counts(scratch)
    for notice in notices:
        tasks = list(task_refs([notice]))
        table.add(notice["id"], tasks)
        for task in tasks:
            counts.add(_bag(task, r.heading_weight))
    counts.close()
    matrix, copy, terms = weigh(counts, table.sort(), scratch)
    return table, matrix, copy, terms


def _bag(task: TaskRef, heading_weight: int) -> list[str]:
    """A task's heading words ``heading_weight`` times, then its text words: those segmented as
    its notice finished, or segmented now."""
    if task.words is not None:
        heading, text = task.words[0].split(), task.words[1].split()
    else:
        heading, text = words(task.heading), words(task.text)
    return heading * heading_weight + text


def _edges(matrix: Any, k: int, floor: float) -> Edges:
    """Cosine similarity of each task with its ``k`` nearest tasks (both directions kept, a pair
    once, where its first row found it): ``_pairs`` of ``_nearest_lists``."""
    lists, group = _nearest_lists(Vectors(matrix), k, floor)
    return _pairs(lists, group, k)


def _nearest_lists(vectors: Vectors, k: int, floor: float, budget: int | None = None
                   ) -> tuple[tuple[Any, Any], Any]:
    """Each row's list of ``k`` nearest rows, or its copy's (and each row's copy; None: every row
    its own list), from which ``_pairs`` makes the edges. The vectors are parked (``Vectors``)
    as soon as the search no longer reads them: after the search, or, where rows are copies,
    before it (it reads the distinct rows only).

    Rows that are copies of one another (the same words: a notice reposted by many governments,
    a task every plan words alike) are searched once (``_copies``): a row's nearest are read from
    its copy's, the same pairs with the same similarities as searching every row (``_expand``).
    The rows are searched in blocks, on up to ``_THREADS`` threads (the sparse product and the
    sorts release the interpreter's lock), each block's candidates then taken in row order,
    so the edges and their order are those of one block after another. Only the lists of
    nearest (``k`` a distinct row) are held, never every row's list.

    Where the matrix has a row for each distinct bag (``Vectors.copy``), its rows come in the
    order of their first task: its copies, numbered by their first row, are numbered by their
    first task, and each task's copy is its row's."""
    n = vectors.shape[0]
    group, first_rows = _copies(vectors.matrix)
    if vectors.copy is not None:
        group = group[vectors.copy]
    vectors.park()  # the search reads the rows from the file (``_search``)
    if len(first_rows) == n:  # every task a row of its own, in task order
        lists = _search(vectors.readable(), k, floor, keep_self=False, budget=budget,
                        scratch=vectors.scratch)
        release()  # what the search's threads freed, before the edges grow
        return lists, None
    # the distinct rows: where they are every row the matrix holds (a matrix of distinct bags
    # whose weights all differ), the same vectors, not a copy of them
    distinct = vectors if len(first_rows) == vectors.matrix_rows else vectors.subset(first_rows)
    if distinct is not vectors:
        distinct.park()
    picks = _search(distinct.readable(), k + 1, floor, keep_self=True, budget=budget,
                    scratch=vectors.scratch)
    del distinct
    release()
    lists = _expand(picks, group, k, vectors.scratch)
    del picks
    release()  # the expansion's sort
    return lists, group


def _listed(nearest: Any, rows: Any, k: int) -> Any:
    """Which entries of lists of nearest (a row of ``nearest`` each, ``-1``: none) a row keeps:
    all but the row itself (``rows``: each list's row), the first ``k`` of them."""
    import numpy as np

    kept = (nearest >= 0) & (nearest != rows[:, None])
    kept &= np.cumsum(kept, axis=1, dtype=np.int32) <= k
    return kept


def _pairs(lists: tuple[Any, Any], group: Any, k: int, scratch: Path | None = None
           ) -> Edges | WrittenEdges:
    """The edges: each row's ``k`` nearest, read from its list (``group``: the row's copy, whose
    list it is; None: its own, row by row), each pair once, where it was first found (both its
    rows give the same similarity: the same products, summed in the same order of terms): a
    pair found by its higher row is left out where its lower row, which comes first, found it
    too. Made a block of rows at a time, so nothing the size of every row's list is held; with
    ``scratch`` (a run's ``--out``) each block's edges are written to files there as they are
    made (``WrittenEdges``), so the edges are not held either."""
    import numpy as np

    listed, listed_sims = lists
    n = len(listed) if group is None else len(group)
    kind = listed.dtype
    written = None if scratch is None else WrittenEdges(scratch, (kind, kind, np.float64))
    if written is None:
        # at most k a row: room for that many, of which only the pages written are ever
        # resident (the rest is never touched: cutting it off would copy the edges)
        first, second = np.empty(n * k, dtype=kind), np.empty(n * k, dtype=kind)
        similar = np.empty(n * k)
    count = 0
    step = max(1, _PICK // 8 // listed.shape[1])  # its lists and their lists: a few MB
    for start in range(0, n, step):  # a block of rows at a time: bounded scratch
        let_go(listed, listed_sims)  # the last block's pages, where the lists are mapped
        rows = np.arange(start, min(n, start + step), dtype=kind)
        mine = rows if group is None else group[start:start + step]
        nearest = listed[mine]
        kept = _listed(nearest, rows, k)
        own, other = np.broadcast_to(rows[:, None], kept.shape)[kept], nearest[kept]
        sims = listed_sims[mine][kept]
        del nearest, kept
        back = np.flatnonzero(own > other)  # found by its higher row: did the lower find it?
        theirs = other[back]
        their_lists = listed[theirs if group is None else group[theirs]]
        found = (_listed(their_lists, theirs, k) & (their_lists == own[back, None])).any(axis=1)
        keep = np.ones(len(own), dtype=bool)
        keep[back[found]] = False
        own, other = own[keep], other[keep]
        if written is not None:
            written.extend(np.minimum(own, other), np.maximum(own, other), sims[keep])
            continue
        end = count + len(own)
        np.minimum(own, other, out=first[count:end])
        np.maximum(own, other, out=second[count:end])
        similar[count:end] = sims[keep]
        count = end
    if written is not None:
        return written
    return Edges(first[:count], second[:count], similar[:count])


def _copies(matrix: Any) -> tuple[Any, Any]:
    """Each row's copy number (the rows with the same terms and weights, bit for bit, share
    one, numbered in the order their first row comes) and each copy's first row. Only a hash
    of each row is kept (8 bytes a row, in an array: a dict of the distinct rows took 75 MB
    for a moment at 20,000 distinct notices); rows with the same hash are compared before they
    count as copies. A matrix mapped from a file (``mapped``) is read ``_BOUND_ROWS`` rows at a
    time, their pages let go once hashed."""
    import numpy as np

    n = matrix.shape[0]
    indptr, indices, data = matrix.indptr.tolist(), matrix.indices, matrix.data
    hashes = array("q")
    for first in range(0, n, _BOUND_ROWS):
        hashes.extend(hash((indices[low:high].tobytes(), data[low:high].tobytes()))
                      for low, high in pairwise(indptr[first:first + _BOUND_ROWS + 1]))
        let_go(data, indices)
    keys = np.frombuffer(hashes, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")  # rows of one hash together, lowest row first
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if n else order
    sizes = np.diff(np.r_[starts, n])
    first = np.arange(n, dtype=np.int64)  # each row's first row with the same terms and weights

    def same(a: int, b: int) -> bool:
        la, ha, lb, hb = indptr[a], indptr[a + 1], indptr[b], indptr[b + 1]
        return (ha - la == hb - lb and bool(np.array_equal(indices[la:ha], indices[lb:hb]))
                and data[la:ha].tobytes() == data[lb:hb].tobytes())

    for at, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        seen: list[int] = []  # the hash's distinct rows so far, in row order
        for row in order[at:at + size].tolist():
            match = next((kept for kept in seen if same(kept, row)), None)
            if match is None:
                seen.append(row)
            else:
                first[row] = match
    first_rows = np.flatnonzero(first == np.arange(n))
    return np.searchsorted(first_rows, first), first_rows.astype(np.int64)


def _expand(picks: tuple[Any, Any], group: Any, k: int, scratch: Path | None = None
            ) -> tuple[Any, Any]:
    """Each copy's list of nearest rows from the lists of nearest copies: ``picks`` are each
    distinct row's ``k + 1`` nearest distinct rows, itself included (``_search`` with
    ``keep_self``; equal similarities: the one with the lower first row first). A row's nearest
    are among their rows: a row of a distinct row not picked comes after the ``k + 1`` picked
    ones' first rows (each more similar, or as similar and lower); and of a distinct row's rows
    (equally similar) only the ``k + 1`` lowest can come first. Each copy's list holds ``k + 1``
    rows: a row of it leaves itself out and cuts the rest at ``k`` (``_pairs``), its nearest
    most similar first and equal ones the lower row first, as the search of every row gives.
    ``scratch``: a folder the lists are mapped from (``mapped``), the picks' and the lists'
    pages let go a block of copies at a time."""
    import numpy as np

    n, distinct = len(group), int(group.max(initial=-1)) + 1
    by_copy = np.argsort(group, kind="stable")  # each copy's rows, in their order
    counts = np.bincount(group, minlength=distinct)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    listed = file_full(scratch, (distinct, k + 1), -1, np.int32 if n < 1 << 31 else np.int64)
    listed_sims = file_zeros(scratch, (distinct, k + 1), np.float64)
    # a block of copies at a time, their picks read from the tables as they come (not all of
    # them at once: 20,000 distinct notices, 83 MB), each pick made its rows, at most ``_PICK``
    # of them at once
    step = max(1, _PICK // ((k + 1) * (k + 1)))
    for first in range(0, distinct, step):
        own, block_other, sims = _flat((picks[0][first:first + step],
                                        picks[1][first:first + step]))
        if not len(own):
            continue
        own += first
        take = np.minimum(counts[block_other], k + 1)
        # each pick's rows: the lowest ``take`` of its copy
        pick_of = np.repeat(np.arange(len(own)), take)
        nth = np.arange(len(pick_of)) - np.repeat(np.cumsum(take) - take, take)
        rows = by_copy[starts[block_other[pick_of]] + nth]
        copy_of, row_sims = own[pick_of], sims[pick_of]
        del pick_of, nth, take
        order = np.lexsort((rows, -row_sims, copy_of))
        copy_of, rows, row_sims = copy_of[order], rows[order], row_sims[order]
        rank = _place_in_run(copy_of)
        head = rank <= k  # each copy's list: its first k + 1
        listed[copy_of[head], rank[head]] = rows[head]
        listed_sims[copy_of[head], rank[head]] = row_sims[head]
        let_go(listed, listed_sims, *picks)
    return listed, listed_sims


def _flat(lists: tuple[Any, Any]) -> tuple[Any, Any, Any]:
    """Lists of nearest as three arrays (row, other row, similarity), row by row, each row's
    list in its order."""
    import numpy as np

    listed, listed_sims = lists
    own, place = np.nonzero(listed >= 0)
    return own.astype(listed.dtype), listed[own, place], listed_sims[own, place]


def _search(matrix: Any, k: int, floor: float, keep_self: bool,
            park: Callable[[], Any] | None = None, budget: int | None = None,
            scratch: Path | None = None) -> tuple[Any, Any]:
    """Each row's ``k`` nearest rows above ``floor`` (the row itself left out, or counted among
    them with ``keep_self``), most similar first: a table of rows (a row's list, ``-1`` where
    it has fewer) and one of their similarities.

    ``park``: called once the transpose (and the pruner's tables) are made, it lets the matrix
    go (``Vectors.parked_for_search``) and gives what the rows are read from instead: a block's
    rows are then read from the file as the block is searched, so the matrix and its transpose
    are not both held (20,000 distinct notices: the matrix is about 100 MB). A narrowed search
    (``wide``: where an exact one would cost more than ``budget`` products a row; None:
    ``wide.PAIR_BUDGET``, 0: never) parks it first and makes its parts from the file's rows.
    ``matrix`` may be parked already (``ParkedRows``): it is then read a slice of rows at a
    time, and read whole only where it is searched exactly (for its transpose).
    ``scratch``: a folder the lists are mapped from (``mapped``: written a block of rows after
    another, their pages let go every few blocks: ``mapped.Every``; 20,000 distinct notices:
    39 MB)."""
    import numpy as np

    n = matrix.shape[0]
    threads = max(1, min(_THREADS, os.cpu_count() or 1))
    # a block's rows: at most 1 M similarities a thread, 12 bytes each, their nearest picked
    # ``_PICK`` at a time (20,000 synthetic notices, 9,053 tasks: the search's peak +99 -> +49
    # MB of RSS, 2.9 -> 2.3 s, at 2 M; 20,000 development copies, 8,638 distinct rows: +45 ->
    # +26 MB at 1 M, 1.3 s both, 0.5 M +21 MB in 1.8 s), and at least ``_MIN_CHUNK`` rows
    chunk = max(_MIN_CHUNK, min(512, _SIMILARITIES // max(1, n)) // threads)
    starts = range(0, n, chunk)
    listed = file_full(scratch, (n, max(1, k)), -1, index_dtype(matrix))
    listed_sims = file_zeros(scratch, listed.shape, np.float64)
    placed = Every(listed, listed_sims)
    weighted, df = scan(matrix, budget != 0)
    frequent = (None if df is None else
                frequent_columns(matrix, PAIR_BUDGET if budget is None else budget, df=df))
    if isinstance(matrix, ParkedRows):  # parked already: held whole only to be transposed
        parked = matrix
        park = lambda: parked  # noqa: E731
        if frequent is None:
            matrix = parked[0:n]
    passes: Iterator[tuple[range, Callable[[int], Any], Callable[[Any], None]]] | None = None
    if frequent is not None:  # too varied to search exactly in time: ``wide``
        if park is not None:  # its parts made from the file's rows, the matrix let go
            matrix = park()
        # where a run has a folder, a tile of the rows' parts at a time (``tiled``)
        bounds = tiles(matrix, frequent, df) if scratch is not None else [(0, n)]
        narrowed = Narrowed(matrix, frequent, df, whole=len(bounds) == 1)
        if len(bounds) > 1:
            passes = Tiled(narrowed, bounds, chunk, k, floor, keep_self, listed.dtype,
                           scratch).passes(lambda block: place(block))

        def search(start: int) -> tuple[Any, Any, Any]:
            rows = np.arange(start, min(start + chunk, n), dtype=listed.dtype)
            return narrowed.nearest(rows, k, floor, keep_self)
    else:
        transposed = matrix.T.tocsr()  # once: a CSC operand is made CSR by every product
        pruner = _Pruner(matrix, transposed, k) if n >= _PRUNE_FROM and weighted else None
        if park is not None:
            matrix = park()

        def search(start: int) -> tuple[Any, Any, Any]:
            return _nearest(matrix, transposed, start, chunk, k, floor, keep_self, pruner)

    def place(block: tuple[Any, Any, Any]) -> None:  # a block's nearest into its rows' lists
        own, other, sims = block
        position = _place_in_run(own)
        listed[own, position] = other
        listed_sims[own, position] = sims
        placed()

    for blocks, each, then in [(starts, search, place)] if passes is None else passes:
        _each_block(blocks, threads, each, then)
        del each, then  # a pass's parts go before the next pass's are made
    let_go(listed, listed_sims)
    return listed, listed_sims


def _each_block(starts: Sequence[int], threads: int, search: Callable[[int], Any],
                then: Callable[[Any], None]) -> None:
    """``search`` of every block (by its first row) on up to ``threads`` threads, never more
    blocks at once than threads, and ``then`` of each result in block order."""
    from concurrent.futures import ThreadPoolExecutor

    if threads == 1 or len(starts) == 1:
        for start in starts:
            then(search(start))
        return
    with ThreadPoolExecutor(threads) as pool:
        ahead = iter(starts)
        pending = [pool.submit(search, start) for start in islice(ahead, threads)]
        while pending:
            then(pending.pop(0).result())
            pending.extend(pool.submit(search, start) for start in islice(ahead, 1))


class _Pruner:
    """The nearest of a block's rows read first from the rows that share a rare word with them
    (a word of at most one row in ``_RARE_SHARE``), exactly: a row that shares no rare word
    with it reaches it through frequent words alone, at most ``bound`` (each of its frequent
    words' weight times that word's largest weight in any row, or the two rows' frequent-word
    norms), so where its ``k``-th nearest so found is above its bound no other row can come
    among its ``k``, and the rows read give the same similarities (the same products, summed
    in the same order). A row whose bound is not beaten is searched whole. Batches of near-copies
    (a national plan each province words again) pass at most rows; a varied batch does not, and
    after ``_PRUNE_TRIAL`` rows the pruner stops being tried there (it only saves time: the
    edges are the same either way)."""

    def __init__(self, matrix: Any, transposed: Any, k: int) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        n = matrix.shape[0]
        rare = np.diff(transposed.indptr) <= max(k + 1, n // _RARE_SHARE)
        largest = np.asarray(transposed.max(axis=1).todense()).ravel()
        by_largest, norms = np.zeros(n), np.zeros(n)
        kept_data, kept_columns, kept_sizes = [], [], []
        # a block of rows at a time: a few arrays as long as the block's entries, not the
        # matrix's (20,000 distinct notices: 8 M entries, +226 MB in the search)
        for first in range(0, n, _BOUND_ROWS):
            last = min(n, first + _BOUND_ROWS)
            low, high = int(matrix.indptr[first]), int(matrix.indptr[last])
            data, columns = matrix.data[low:high], matrix.indices[low:high]
            common = ~rare[columns]
            row_of = np.repeat(np.arange(last - first), np.diff(matrix.indptr[first:last + 1]))
            by_largest[first:last] = np.bincount(row_of, weights=np.where(
                common, data * largest[columns], 0.0), minlength=last - first)
            norms[first:last] = np.sqrt(np.bincount(row_of, weights=np.where(
                common, data ** 2, 0.0), minlength=last - first))
            keep = ~common
            kept_data.append(data[keep])
            kept_columns.append(columns[keep])
            kept_sizes.append(np.bincount(row_of[keep], minlength=last - first))
            del data, columns, common, row_of, keep
        # a margin far above the rounding of a sum of products
        self.bound = np.minimum(by_largest, norms * norms.max(initial=0.0)) * (1 + 1e-9)
        del by_largest, norms
        indptr = np.zeros(n + 1, dtype=np.int64)
        if kept_sizes:
            np.cumsum(np.concatenate(kept_sizes), out=indptr[1:])
        self.rare = csr_matrix((np.concatenate(kept_data) if kept_data else np.zeros(0),
                                np.concatenate(kept_columns) if kept_columns
                                else np.zeros(0, dtype=matrix.indices.dtype), indptr),
                               shape=matrix.shape)
        del kept_data, kept_columns
        self.rare_t = self.rare.T.tocsr()
        self.tried = self.passed = 0

    @property
    def active(self) -> bool:
        return self.tried < _PRUNE_TRIAL or self.passed >= _PRUNE_PASS * self.tried

    def nearest(self, matrix: Any, rows: Any, k: int, floor: float, keep_self: bool
                ) -> tuple[tuple[Any, Any, Any], Any]:
        """The nearest of the block's ``rows`` that pass, and the rows that do not."""
        import numpy as np

        first, last = int(rows[0]), int(rows[-1]) + 1
        shared = (self.rare[first:last] @ self.rare_t).tocsr()
        read = np.union1d(np.unique(shared.indices), rows).astype(index_dtype(matrix))
        del shared
        product = (matrix[first:last] @ matrix[read].T.tocsr()).tocsr()
        product.indices = read[product.indices]
        own, other, sims = _picked(product, rows, k, floor, keep_self)
        del product
        local = own - first
        count = np.bincount(local, minlength=len(rows))
        kth = np.full(len(rows), -np.inf)
        full = count >= k
        kth[full] = sims[(np.cumsum(count) - 1)[full]]
        bound = self.bound[first:last]
        passed = (bound == 0) | (full & (kth > bound))
        self.tried += len(rows)
        self.passed += int(passed.sum())
        keep = passed[local]
        return (own[keep], other[keep], sims[keep]), rows[~passed]


def _nearest(matrix: Any, transposed: Any, start: int, chunk: int, k: int, floor: float,
             keep_self: bool = False, pruner: _Pruner | None = None) -> tuple[Any, Any, Any]:
    """The candidate pairs of rows ``start`` .. ``start + chunk`` (row, other row: two arrays)
    and their similarities, row by row, each row's ``k`` most similar other rows above
    ``floor`` (equal similarities: the lower row first), most similar first (``keep_self``:
    the row itself among them).

    Read from the sparse product's own entries (a row's tasks that share no word with it are
    never looked at), a few rows at a time (``_top``: at most ``_PICK`` entries, so picking
    adds a little to the product's 12 bytes an entry instead of twice as much again); first
    from the rows sharing a rare word with them where a ``pruner`` is given and still active."""
    import numpy as np

    rows = np.arange(start, min(start + chunk, matrix.shape[0]), dtype=index_dtype(matrix))
    if pruner is None or not pruner.active:
        return _picked((matrix[start:start + chunk] @ transposed).tocsr(), rows, k, floor,
                       keep_self)
    found, missed = pruner.nearest(matrix, rows, k, floor, keep_self)
    if not len(missed):
        return found
    rest = _picked((matrix[missed] @ transposed).tocsr(), missed, k, floor, keep_self)
    both = [np.concatenate(parts) for parts in zip(found, rest, strict=True)]
    order = np.argsort(both[0], kind="stable")  # row by row, each row's own order kept
    return both[0][order], both[1][order], both[2][order]


def _picked(product: Any, rows: Any, k: int, floor: float, keep_self: bool
            ) -> tuple[Any, Any, Any]:
    """``_top`` over a product whose row ``i`` is matrix row ``rows[i]``, a few rows at a time."""
    import numpy as np

    indptr = product.indptr
    found = []
    first = 0
    while first < product.shape[0]:
        # the rows from ``first`` whose entries fit in _PICK (one row at least)
        last = max(first + 1, int(np.searchsorted(indptr, indptr[first] + _PICK, side="right")) - 1)
        last = min(last, product.shape[0])
        found.append(_top(indptr[first:last + 1], product.indices, product.data,
                          rows[first:last], k, floor, keep_self))
        first = last
    if not found:
        none = np.zeros(0, dtype=rows.dtype)
        return none, none, np.zeros(0)
    if len(found) == 1:
        return found[0]
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))  # type: ignore[return-value]


def _top(indptr: Any, indices: Any, data: Any, rows: Any, k: int, floor: float,
         keep_self: bool = False) -> tuple[Any, Any, Any]:
    """``_nearest`` for the product rows of ``indptr`` (a slice of the product's, matrix rows
    ``rows``): each row's entries are cut at the highest of ``_LEVELS`` similarity levels that
    still leaves it ``k`` others, and only those few are sorted."""
    import numpy as np

    size = len(indptr) - 1
    low, high = int(indptr[0]), int(indptr[-1])
    own = np.repeat(np.arange(size, dtype=np.int32), np.diff(indptr))
    sims = data[low:high]
    # any level that never falls as the similarity rises will do (a float32 square root rounds
    # monotonically: 4 bytes an entry, not 8); sqrt spreads the low ones
    scaled = np.sqrt(sims, dtype=np.float32)
    scaled *= _LEVELS
    np.minimum(scaled, _LEVELS, out=scaled)
    levels = scaled.astype(np.int32)
    del scaled
    keys = own * (_LEVELS + 1)
    keys += levels
    counts = np.bincount(keys, minlength=size * (_LEVELS + 1))
    del keys
    at_least = np.cumsum(counts.reshape(size, -1)[:, ::-1], axis=1)[:, ::-1]
    # the row itself is among its entries: k + 1 of them, unless it counts as one of the k
    need = k if keep_self else k + 1
    cut = np.maximum((at_least >= need).sum(axis=1) - 1, 0).astype(np.int32)
    chosen = np.flatnonzero(levels >= cut[own])
    own, columns, sims = own[chosen], indices[low:high][chosen], sims[chosen]
    kept = sims > floor
    if not keep_self:
        kept &= columns != rows[own]
    own, columns, sims = own[kept], columns[kept], sims[kept]
    order = np.lexsort((columns, -sims, own))
    own, columns, sims = own[order], columns[order], sims[order]
    top = _place_in_run(own) < k
    return rows[own[top]], columns[top].astype(rows.dtype), sims[top]


def _label(cluster: Sequence[int], vectors: Vectors, terms: Sequence[str], tasks: TaskTable,
           size: int) -> tuple[str, ...]:
    """The cluster's most distinctive terms: summed TF-IDF, the words every one of its notices
    uses first. Read row by row (``Vectors.rows``: no sparse indexing); the sums are added row
    by row, in the order ``matrix[cluster].sum(axis=0)`` adds them."""
    import numpy as np

    rows, values = vectors.rows(cluster)
    weights = np.bincount(np.concatenate(rows), weights=np.concatenate(values),
                          minlength=len(terms))
    by_notice: dict[str, set[int]] = defaultdict(set)
    for i, columns in zip(cluster, rows, strict=True):
        by_notice[tasks.notice_id(i)].update(columns.tolist())
    shared = set.intersection(*by_notice.values()) if len(by_notice) > 1 else set()
    present = np.flatnonzero(weights > 0).tolist()  # only the cluster's own words can label it
    order = sorted(present,
                   key=lambda t: (t not in shared, -weights[t], terms[t]))
    return tuple(terms[t] for t in order[:size])


def align(notices: Iterable[Mapping[str, Any]], threshold: float | None = None,
          scratch: Path | None = None, budget: int | None = None,
          rejoin: float | None = None) -> list[Group]:
    """The aligned measures of a batch of notices (contract-shaped dicts), largest first.
    ``scratch``: a folder (a run's ``--out``) the tasks' vectors are kept in from the moment
    each task's nearest are known until the tasks are clustered (they are read again only to
    label the groups), instead of memory. ``budget``: the word products a task the search may
    cost before it is narrowed (``wide``; None: ``wide.PAIR_BUDGET``, 0: always exact).
    ``threshold``, ``rejoin``: other than the rules' (``bench/compare`` sweeps them)."""
    r = rules()
    phase("alignment: tasks read and weighted")
    tasks, matrix, copy, terms = _sorted_vectors(notices, r, scratch)
    if tasks.notice_count() < 2 or len(tasks) < 2:
        return []
    release()  # each phase's freed arrays back to the system before the next grows (memory.py)
    vectors = Vectors(matrix, scratch, copy)
    del matrix, copy
    phase("alignment: nearest-task search")
    lists, group = _nearest_lists(vectors, r.neighbours, 0.0, budget)
    phase("alignment: edges")
    edges = _pairs(lists, group, r.neighbours, scratch)
    del lists, group
    release()
    phase("alignment: clustering")
    clusters = _linkage_by_parts(len(tasks), edges, r.threshold if threshold is None else threshold,
                                 singletons=r.min_notices < 2, scratch=scratch,
                                 owners=tasks.notice_numbers(),
                                 rejoin=r.rejoin if rejoin is None else rejoin)
    del edges
    release()
    phase("alignment: labels")
    groups = []
    for cluster in clusters:
        if len({tasks.notice_id(i) for i in cluster}) < r.min_notices:
            continue
        label_terms = _label(cluster, vectors, terms, tasks, r.label_terms)
        groups.append((cluster, label_terms))
    groups.sort(key=lambda g: (-len({tasks.notice_id(i) for i in g[0]}), -len(g[0]), g[0][0]))
    return [Group(f"m{k + 1:03d}", "·".join(label_terms), label_terms, array("q", cluster), tasks)
            for k, (cluster, label_terms) in enumerate(groups)]
