"""The nearest-task search of a batch too varied to search exactly (pipeline/compare/wide.py)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from .test_align import parked_search


def _matrix(df: list[int], n: int) -> Any:
    """n rows; column j in the first df[j] rows (weight 1)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    dense = np.zeros((n, len(df)))
    for j, count in enumerate(df):
        dense[:count, j] = 1.0
    return csr_matrix(dense)


@pytest.mark.parametrize(("df", "budget", "dropped"), [
    ([1, 2, 5, 10], 13, None),                        # 1 + 4 + 25 + 100 = 130 = 13 a row: fits
    ([1, 2, 5, 10], 12, [False, False, False, True]),  # the most frequent goes first
    ([1, 2, 5, 10], 2, [False, False, True, True]),    # then the next, as few as will do
    ([1, 2, 5, 10], 0, [False, False, True, True]),    # a word of two rows or fewer stays
    ([10, 10, 3], 5, [True, True, False]),            # equal frequencies go together
])
def test_the_most_frequent_words_are_left_out_until_the_budget_holds(
        df: list[int], budget: int, dropped: list[bool] | None) -> None:
    from pipeline.compare.wide import frequent_columns

    found = frequent_columns(_matrix(df, 10), budget, 0)
    assert (found if found is None else found.tolist()) == dropped


@pytest.mark.parametrize("slice_rows", [1, 7, 1 << 14])
@pytest.mark.parametrize("parked", [False, True])
@pytest.mark.parametrize("seed", range(2))
def test_the_searchs_two_parts_made_a_slice_at_a_time_are_the_matrixs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, seed: int, parked: bool,
        slice_rows: int) -> None:
    """The narrowed search's parts, made a slice of rows at a time (a row, a few, all) from the
    matrix or from its parked file (rows without an entry, columns without a kept one): the
    kept words' transpose bit for bit the one scipy makes, and each row's frequent entries
    its own, in order; the documents' frequencies counted a slice at a time are
    ``bincount``'s."""
    import numpy as np

    from pipeline.compare import align, wide

    matrix = _varied(seed, 300)
    matrix.data[matrix.indptr[3]:matrix.indptr[5]] = 0.0
    matrix.eliminate_zeros()  # two rows without an entry
    frequent = np.zeros(matrix.shape[1], dtype=bool)
    frequent[:3] = True
    frequent[400:] = True  # and rare words left out too
    monkeypatch.setattr(wide, "_ENTRIES", slice_rows)
    monkeypatch.setattr(wide, "_SLICE_ROWS", slice_rows)
    assert wide.document_frequency(matrix).tolist() == np.bincount(
        matrix.indices, minlength=matrix.shape[1]).tolist()
    source = matrix
    if parked:
        source = align.Vectors(matrix.copy(), tmp_path).parked_for_search()
        assert isinstance(source, align.ParkedRows)
    compact = (np.cumsum(frequent) - 1).astype(np.uint16)
    counted = None if parked else wide.document_frequency(matrix)  # given, or counted by it
    transposed, (starts, columns, values) = wide._split(source, frequent, compact, counted)
    kept = matrix.copy()
    kept.data[frequent[kept.indices]] = 0.0
    kept.eliminate_zeros()
    want = kept.T.tocsr()
    assert transposed.shape == want.shape
    for name in ("data", "indices", "indptr"):
        assert getattr(transposed, name).tolist() == getattr(want, name).tolist()
    place = np.cumsum(frequent) - 1
    for row in range(matrix.shape[0]):
        low, high = matrix.indptr[row], matrix.indptr[row + 1]
        mine = frequent[matrix.indices[low:high]]
        a, b = starts[row], starts[row + 1]
        assert columns[a:b].tolist() == place[matrix.indices[low:high][mine]].tolist()
        assert values[a:b].tobytes() == matrix.data[low:high][mine].tobytes()


def _varied(seed: int, n: int = 800) -> Any:
    """Rows of a few rare words each and some of a handful of words most rows use,
    L2-normalised: the shape of a varied batch."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(seed)
    rows, cols, vals = [], [], []
    for r in range(n):
        for c in rng.choice(300, size=rng.integers(2, 6), replace=False):  # rare words
            rows.append(r), cols.append(300 + int(c)), vals.append(rng.random() + 0.1)
        for c in range(5):  # common words, each in most rows
            if rng.random() < 0.8:
                rows.append(r), cols.append(c), vals.append(rng.random() * 0.3)
    matrix = csr_matrix((vals, (rows, cols)), shape=(n, 600))
    matrix.sum_duplicates()
    return normalize(matrix)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("k", "keep_self"), [(5, False), (6, True)])
def test_a_narrowed_search_gives_exact_similarities_and_nearly_every_nearest(
        monkeypatch: pytest.MonkeyPatch, seed: int, k: int, keep_self: bool) -> None:
    """Left without its frequent words, the search still gives each row's list most similar
    first with the rows' true cosines, the row itself first where it counts, and nearly every
    row of the exact lists; with a budget the batch fits, the exact search's lists."""
    import numpy as np

    from pipeline.compare import align as module
    from pipeline.compare import wide

    matrix = _varied(seed)
    exact = module._search(matrix, k, 0.0, keep_self)
    assert wide.frequent_columns(matrix, 10 ** 9, 0) is None
    assert wide.frequent_columns(matrix, 0, 10 ** 12) is None  # a search of a few seconds
    narrowed: list[Any] = []
    monkeypatch.setattr(wide, "EXACT_PRODUCTS", 0)  # a small batch narrowed all the same
    monkeypatch.setattr(module, "frequent_columns", lambda m, budget, df: narrowed.append(
        wide.frequent_columns(m, budget, df=df)) or narrowed[-1])
    always_exact = module._search(matrix, k, 0.0, keep_self, budget=0)  # 0: never narrowed
    assert not narrowed and [a.tolist() for a in always_exact] == [a.tolist() for a in exact]
    listed, sims = module._search(matrix, k, 0.0, keep_self, budget=50)
    assert narrowed[0] is not None and narrowed[0][:5].all() and not narrowed[0][300:].any()
    true = (matrix @ matrix.T).toarray()
    found = total = 0
    for row in range(matrix.shape[0]):
        got = [int(c) for c in listed[row] if c >= 0]
        assert np.allclose(sims[row][:len(got)], true[row, got], atol=1e-12)
        assert all(a >= b for a, b in pairwise(sims[row][:len(got)]))
        assert (got[0] == row) == keep_self
        want = {int(c) for c in exact[0][row] if c >= 0}
        found += len(want & set(got))
        total += len(want)
    assert found >= 0.95 * total


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("parked", [False, True])
def test_a_narrowed_search_is_the_same_on_any_number_of_threads_or_blocks(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, threads: int, parked: bool) -> None:
    """The same lists on one thread or two, in small blocks and slices, and with the matrix
    parked before the search's parts are made from its file (the vectors then hold none)."""
    from pipeline.compare import align as module
    from pipeline.compare import wide

    matrix = _varied(5, 1300)
    monkeypatch.setattr(wide, "EXACT_PRODUCTS", 0)  # a small batch narrowed all the same
    monkeypatch.setattr(module, "_THREADS", 1)
    expected = [a.tolist() for a in module._search(matrix, 5, 0.0, False, budget=50)]
    assert expected != [a.tolist() for a in module._search(matrix, 5, 0.0, False, budget=0)]
    monkeypatch.setattr(module, "_THREADS", threads)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(module, "_SIMILARITIES", 5_000)  # many small blocks
    monkeypatch.setattr(wide, "_PAIRS", 7)
    monkeypatch.setattr(wide, "_DENSE", 2)  # a row's frequent words spread at a time
    monkeypatch.setattr(wide, "_SLICE_ROWS", 100)
    if not parked:
        assert [a.tolist() for a in module._search(matrix, 5, 0.0, False, budget=50)] == expected
        return
    found, let_go = parked_search(matrix, tmp_path, 5, False, budget=50)
    assert found == expected and let_go == [True]


def test_a_row_that_is_not_its_own_candidate_still_finds_itself_first() -> None:
    """A row whose other words weigh little beside its frequent ones is outranked among its
    candidates by rows that weigh them more: it is still its own first nearest, at 1."""
    import numpy as np
    from scipy.sparse import csr_matrix, vstack

    from pipeline.compare import wide

    rest = _varied(3, 300)
    faint = np.zeros(600)
    faint[0], faint[300] = 0.995, 0.0999  # a frequent word, and a rare one faintly
    strong = np.zeros((20, 600))
    strong[:, 300] = 0.9  # the rare word, strongly, in twenty rows
    strong[np.arange(20), 320 + np.arange(20)] = np.sqrt(1 - 0.81)
    matrix = vstack([csr_matrix(faint / np.linalg.norm(faint)), csr_matrix(strong), rest])
    narrowed = wide.Narrowed(matrix.tocsr(), np.arange(600) < 5)
    own, other, sims = narrowed.nearest(np.arange(0, 4), 3, 0.0, True)
    first = own == 0
    assert other[first].tolist()[:1] == [0]
    assert abs(sims[first][0] - 1.0) < 1e-12


def test_a_row_of_frequent_words_only_still_finds_itself_first() -> None:
    """A row whose words are all left out has no candidate by its other words: it is still
    its own first nearest where the row counts among its k."""
    import numpy as np
    from scipy.sparse import csr_matrix, vstack

    from pipeline.compare import wide

    rest = _varied(2, 300)
    only_common = csr_matrix(np.array([[0.6, 0.8] + [0.0] * 598]))
    matrix = vstack([only_common, rest]).tocsr()
    narrowed = wide.Narrowed(matrix, np.arange(600) < 5)
    rows = np.arange(0, 4)
    own, other, sims = narrowed.nearest(rows, 3, 0.0, True)
    first = own == 0
    assert other[first].tolist()[:1] == [0]
    assert abs(sims[first][0] - 1.0) < 1e-12


@pytest.mark.parametrize("budget", [0, 50])  # searched exactly, narrowed
@pytest.mark.parametrize("keep_self", [False, True])
def test_a_search_of_parked_rows_into_mapped_lists_finds_what_it_finds_in_memory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, budget: int, keep_self: bool) -> None:
    """Given rows parked already (read a slice at a time, whole only to be transposed), and
    lists mapped from files whose pages are let go after every block: the same lists and
    similarities, bit for bit, as the search of the matrix in memory."""
    from pipeline.compare import align as module
    from pipeline.compare import mapped, vectors, wide

    matrix = _varied(6, 1100)
    monkeypatch.setattr(wide, "EXACT_PRODUCTS", 0)
    monkeypatch.setattr(module, "_SIMILARITIES", 5_000)
    monkeypatch.setattr(vectors, "SLICE_ROWS", 97)  # the parked rows scanned in slices
    expected = [a.tobytes() for a in module._search(matrix, 5, 0.0, keep_self, budget=budget)]
    monkeypatch.setattr(mapped, "SMALL", 0)
    monkeypatch.setattr(mapped, "LET_GO_EVERY", 1)
    vectors = module.Vectors(matrix.copy(), tmp_path)
    vectors.park()
    rows = vectors.readable()
    assert isinstance(rows, module.ParkedRows)
    found = module._search(rows, 5, 0.0, keep_self, budget=budget, scratch=tmp_path)
    assert all(mapped.is_mapped(a) for a in found)
    assert [a.tobytes() for a in found] == expected
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(("k", "keep_self"), [(5, False), (4, True)])
@pytest.mark.parametrize("parts_bytes", [3_000, 20_000, 60_000])
def test_a_search_a_tile_of_rows_at_a_time_gives_the_whole_searchs_lists(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, threads: int, k: int, keep_self: bool,
        parts_bytes: int) -> None:
    """The narrowed search holding a tile of the rows' parts at a time (2, 4 and 26 tiles of
    these 900 rows), its candidates mapped from files: the same lists and similarities, bit for
    bit, as with the whole parts held; nothing left in the folder."""
    import numpy as np

    from pipeline.compare import align as module
    from pipeline.compare import mapped, tiled, wide

    matrix = _varied(7, 900)
    monkeypatch.setattr(wide, "EXACT_PRODUCTS", 0)
    monkeypatch.setattr(module, "_SIMILARITIES", 5_000)
    expected = [a.tobytes() for a in module._search(matrix, k, 0.0, keep_self, budget=50)]
    monkeypatch.setattr(mapped, "SMALL", 0)
    monkeypatch.setattr(tiled, "PARTS_BYTES", parts_bytes)
    monkeypatch.setattr(mapped, "LET_GO_EVERY", 1)
    monkeypatch.setattr(module, "_THREADS", threads)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    df = wide.document_frequency(matrix)
    frequent = wide.frequent_columns(matrix, 50, df=df)
    bounds = tiled.tiles(matrix, frequent, df)
    assert len(bounds) > 1 and bounds[0][0] == 0 and bounds[-1][1] == 900
    assert all(a < b for a, b in bounds) and all(b == c for (_, b), (c, _) in pairwise(bounds))
    found = module._search(matrix, k, 0.0, keep_self, budget=50, scratch=tmp_path)
    assert [a.tobytes() for a in found] == expected
    assert np.asarray(found[0]).max() >= 0
    assert list(tmp_path.iterdir()) == []
