"""The nearest-task search of a batch too varied to search exactly (pipeline/compare/wide.py)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest


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


@pytest.mark.parametrize("entries", [1, 7, 100, 1 << 20])
@pytest.mark.parametrize("seed", range(2))
def test_the_kept_words_transposed_a_slice_at_a_time_are_scipys_transpose(
        monkeypatch: pytest.MonkeyPatch, seed: int, entries: int) -> None:
    """The search's transpose of the words kept, placed a slice of entries at a time (a row a
    slice, a few rows, all; rows without an entry, columns without a kept one): bit for bit
    the transpose scipy makes of the kept entries, and the documents' frequencies counted a
    slice at a time are ``bincount``'s."""
    import numpy as np

    from pipeline.compare import wide

    matrix = _varied(seed, 300)
    matrix.data[matrix.indptr[3]:matrix.indptr[5]] = 0.0
    matrix.eliminate_zeros()  # two rows without an entry
    frequent = np.zeros(matrix.shape[1], dtype=bool)
    frequent[:3] = True
    frequent[400:] = True  # and rare words left out too
    monkeypatch.setattr(wide, "_ENTRIES", entries)
    assert wide.document_frequency(matrix).tolist() == np.bincount(
        matrix.indices, minlength=matrix.shape[1]).tolist()
    kept = matrix.copy()
    kept.data[frequent[kept.indices]] = 0.0
    kept.eliminate_zeros()
    want, got = kept.T.tocsr(), wide._transposed(matrix, frequent)
    assert got.shape == want.shape
    for name in ("data", "indices", "indptr"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist()


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
    monkeypatch.setattr(module, "frequent_columns",
                        lambda m: narrowed.append(wide.frequent_columns(m, 50, 0)) or narrowed[-1])
    listed, sims = module._search(matrix, k, 0.0, keep_self)
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
def test_a_narrowed_search_is_the_same_on_any_number_of_threads_or_blocks(
        monkeypatch: pytest.MonkeyPatch, threads: int) -> None:
    from pipeline.compare import align as module
    from pipeline.compare import wide

    matrix = _varied(5, 1300)
    monkeypatch.setattr(module, "frequent_columns", lambda m: wide.frequent_columns(m, 50, 0))
    monkeypatch.setattr(module, "_THREADS", 1)
    expected = [a.tolist() for a in module._search(matrix, 5, 0.0, False)]
    monkeypatch.setattr(module, "_THREADS", threads)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(module, "_SIMILARITIES", 5_000)  # many small blocks
    monkeypatch.setattr(wide, "_PAIRS", 7)
    monkeypatch.setattr(wide, "_DENSE", 600 * 3)  # three rows spread at once
    assert [a.tolist() for a in module._search(matrix, 5, 0.0, False)] == expected


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
