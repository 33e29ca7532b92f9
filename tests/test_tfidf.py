"""TF-IDF rows of task bags (pipeline/compare/tfidf.py): scikit-learn's weighting, each distinct
bag counted once and weighted once, bit for bit the rows of every bag weighted on its own."""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipeline.compare import tfidf as module


def _reference(bags: list[list[str]]) -> tuple[list[tuple[list[int], list[float]]], list[str]]:
    """Each bag's row worked out on its own, as the module's arithmetic does it: its terms in
    column order, ``(1 + ln tf) * idf`` (the idf by numpy's log over every term at once: numpy's
    log and the math module's may differ in the last bit), divided by its norm as scipy sums a
    row's squares (not always the order of a plain loop)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    terms = sorted({term for bag in bags for term in bag})
    column = {term: k for k, term in enumerate(terms)}
    df = Counter(term for bag in bags for term in set(bag))
    n = len(bags)
    idf = (np.log((1 + n) / (1 + np.array([df[t] for t in terms], dtype=np.int64))) + 1.0).tolist()
    rows = []
    for bag in bags:
        counted = sorted((column[t], c) for t, c in Counter(bag).items())
        weights = [(1.0 + math.log(c)) * idf[k] for k, c in counted]
        row = csr_matrix((weights, [k for k, _ in counted], [0, len(counted)]),
                         shape=(1, max(1, len(terms))))
        norm = float(np.sqrt(np.asarray(row.multiply(row).sum(axis=1)).ravel()[0])) or 1.0
        rows.append(([k for k, _ in counted], [w / norm for w in weights]))
    return rows, terms


def _assert_rows(matrix: Any, expected: list[tuple[list[int], list[float]]]) -> None:
    assert matrix.shape[0] == len(expected)
    for row, (columns, weights) in enumerate(expected):
        low, high = matrix.indptr[row], matrix.indptr[row + 1]
        assert matrix.indices[low:high].tolist() == columns
        assert matrix.data[low:high].tolist() == weights  # bit for bit


def _bags(seed: int, n: int = 300) -> list[list[str]]:
    """Bags drawn from a few dozen (copies, some in another word order), some of their own,
    some empty."""
    rng = random.Random(seed)
    vocabulary = [f"词{k}" for k in range(60)]
    pool = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 14))] for _ in range(25)]
    bags = []
    for _ in range(n):
        if rng.random() < 0.7:
            bag = list(rng.choice(pool))
            if rng.random() < 0.3:
                rng.shuffle(bag)  # the same counts in another order: the same row
            bags.append(bag)
        else:
            bags.append([rng.choice(vocabulary) for _ in range(rng.randint(0, 14))])
    return bags


@pytest.mark.parametrize("bags", [
    [["养老", "机构", "机构"], ["机构", "消防"], [], ["养老", "养老", "养老", "医疗"]],
    [["数据", "共享"], ["数据", "共享"], ["算力"]],
    [["数据", "共享"], ["共享", "数据"], ["数据", "共享", "共享"], ["数据", "共享"]],
])
def test_tfidf_is_scikit_learns_sublinear_smoothed_weighting(bags: list[list[str]]) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours, terms = module.tfidf(bags)
    theirs = TfidfVectorizer(analyzer=lambda bag: bag, sublinear_tf=True)
    expected = theirs.fit_transform(bags).toarray()
    assert terms == list(theirs.get_feature_names_out())
    assert np.allclose(ours.toarray(), expected)


@pytest.mark.parametrize("rows", [1, 3, 7, 4096])
@pytest.mark.parametrize("seed", range(3))
def test_each_distinct_bag_once_gives_every_bags_row_bit_for_bit(
        monkeypatch: pytest.MonkeyPatch, rows: int, seed: int) -> None:
    """Counted a block of ``rows`` bags at a time (copies within a block and across blocks):
    a row for each distinct bag (the same terms the same number of times, in any order), and
    each bag's row the one worked out for it alone."""
    monkeypatch.setattr(module, "_TFIDF_ROWS", rows)
    bags = _bags(seed)
    expected, expected_terms = _reference(bags)
    matrix, copy, terms = module.weigh(module.count(iter(bags)))
    distinct = {tuple(sorted(Counter(bag).items())) for bag in bags}
    assert list(terms) == expected_terms and matrix.shape[0] == len(distinct) < len(bags)
    _assert_rows(matrix[copy], expected)
    _assert_rows(module.tfidf(iter(bags))[0], expected)


@pytest.mark.parametrize("seed", range(3))
def test_rows_come_in_the_order_of_their_first_task_as_the_caller_orders_them(seed: int) -> None:
    """``order`` puts the tasks in another order: each task's row is still its bag's, and the
    distinct rows are numbered in the order their first task comes in that order."""
    import numpy as np

    bags = _bags(seed, 200)
    order = np.random.default_rng(seed).permutation(len(bags))
    expected, _ = _reference(bags)
    matrix, copy, _ = module.weigh(module.count(bags), order)
    _assert_rows(matrix[copy], [expected[k] for k in order.tolist()])
    firsts = np.unique(copy, return_index=True)[1]
    assert firsts.tolist() == sorted(firsts.tolist()) and copy[0] == 0


def test_bags_with_the_same_hash_are_the_same_row_only_if_they_count_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hash the same: bags are still told apart by their counted terms, within a block and
    across blocks."""
    monkeypatch.setattr(module, "hash", lambda value: 0, raising=False)
    monkeypatch.setattr(module, "_TFIDF_ROWS", 3)
    bags = [["甲"], ["乙"], ["甲"], ["甲", "甲"], ["乙"], ["甲", "乙"], ["甲"], ["乙", "甲"]]
    matrix, copy, _ = module.weigh(module.count(bags))
    assert copy.tolist() == [0, 1, 0, 2, 1, 3, 0, 3] and matrix.shape[0] == 4
    _assert_rows(matrix[copy], _reference(bags)[0])


@pytest.mark.parametrize("bags", [[], [[]], [[], []]])
def test_no_terms_give_empty_rows(bags: list[list[str]]) -> None:
    matrix, copy, terms = module.weigh(module.count(bags))
    assert list(terms) == [] and len(copy) == len(bags) and matrix.nnz == 0
    assert module.tfidf(bags)[0].shape == (len(bags), 0)


@pytest.mark.parametrize("seed", range(2))
def test_counts_in_a_file_and_weights_mapped_give_the_same_rows(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed: int) -> None:
    """With a folder the distinct bags' counts wait in a file and the weights are mapped from
    files there: the same rows, bit for bit, as in memory, and nothing left in the folder."""
    import numpy as np

    from pipeline.compare import mapped

    monkeypatch.setattr(module, "_TFIDF_ROWS", 17)
    monkeypatch.setattr(mapped, "SMALL", 0)
    bags = _bags(seed, 400)
    order = np.random.default_rng(seed).permutation(len(bags))
    want = module.weigh(module.count(bags), order)
    counts = module.count(bags, tmp_path)
    assert counts.blocks._spill.in_file and len(counts.blocks) > 1
    got = module.weigh(counts, order, tmp_path)
    assert mapped.is_mapped(got[0].data) and mapped.is_mapped(got[0].indices)
    for name in ("data", "indices", "indptr"):
        assert getattr(got[0], name).tobytes() == getattr(want[0], name).tobytes()
    assert got[1].tolist() == want[1].tolist() and got[2] == want[2]
    assert list(tmp_path.iterdir()) == []


def test_bags_told_apart_by_their_counts_read_back_from_the_file(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every hash the same, the counts in a file: a bag is compared with the counted terms of
    earlier blocks read back from it."""
    monkeypatch.setattr(module, "hash", lambda value: 0, raising=False)
    monkeypatch.setattr(module, "_TFIDF_ROWS", 3)
    bags = [["甲"], ["乙"], ["甲"], ["甲", "甲"], ["乙"], ["甲", "乙"], ["甲"], ["乙", "甲"]]
    matrix, copy, _ = module.weigh(module.count(bags, tmp_path), None, tmp_path)
    assert copy.tolist() == [0, 1, 0, 2, 1, 3, 0, 3] and matrix.shape[0] == 4
    _assert_rows(matrix[copy], _reference(bags)[0])
