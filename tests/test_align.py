"""Measure alignment across notices (pipeline/compare/align.py): the stop-word table, the groups a
small batch gives, determinism, and the matrix rows they become."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.compare import compare
from pipeline.compare.align import align, words
from pipeline.compare.align_eval import pairs, score


def _notice(nid: str, province: str, tasks: list[tuple[str, str]]) -> dict[str, Any]:
    return {"id": nid, "status": "success", "doc": {"region": {"province": province, "city": None}},
            "tasks": [{"id": f"2.{k + 1}", "heading": h, "text": f"（{k + 1}）{h}。{body}",
                       "themes": [], "departments": [], "deadlines": [], "targets": []}
                      for k, (h, body) in enumerate(tasks)]}


BATCH = [
    _notice("a", "山东省", [
        ("建设智能算力中心", "统筹建设人工智能计算中心，扩大智能算力供给，推动算力资源共享。"),
        ("推进政务数据共享", "建设省级政务数据共享交换平台，推动部门间数据共享和业务协同。"),
        ("培育人工智能人才", "引进和培养人工智能领军人才和青年人才，建设人才培养基地。")]),
    _notice("b", "江苏省", [
        ("扩大算力供给", "建设人工智能计算中心和智能算力平台，推动算力资源统筹调度和共享。"),
        ("完善数据共享平台", "依托省级政务数据共享交换平台，推进部门数据共享，打破数据壁垒。"),
        ("发展智慧农业", "推广农业物联网和精准灌溉，建设数字农场。")]),
]


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("加强智能算力中心建设", ["算力"], ["加强", "建设"]),  # how, not what
    ("推进政务数据共享交换平台", ["政务", "数据"], ["推进"]),
    ("发展5G基站和IPv6网络", ["5G", "IPv6"], ["发展"]),  # Latin terms stay
])
def test_words_keep_what_a_measure_is_about(text: str, kept: list[str], dropped: list[str]) -> None:
    found = words(text)
    assert all(any(k in w for w in found) for k in kept)
    assert not any(d in found for d in dropped)


def test_the_same_measure_of_two_notices_is_one_group() -> None:
    groups = align(BATCH)
    found = {frozenset(t.key for t in g.tasks) for g in groups}
    assert frozenset({"a#2.1", "b#2.1"}) in found  # computing power
    assert frozenset({"a#2.2", "b#2.2"}) in found  # data sharing platform
    assert not any("b#2.3" in g for g in found)  # no counterpart: not grouped
    assert all(len(g.notices) >= 2 and g.label for g in groups)
    # a group's tasks are made from its rows when asked for: the same each time
    assert all(g.tasks == g.tasks and g.notices == list(dict.fromkeys(
        t.notice_id for t in g.tasks)) for g in groups)


_RULE = "道路测试主体申请智能网联汽车道路测试的，"
COPIED = [  # invented articles in the way cities copy a national rule, each also naming the rule
    ("测试主体应当具备的条件", "测试主体应为在中国境内登记注册的独立法人单位，具备汽车及零部件制造能力。"),
    ("测试驾驶人应当具备的条件", "测试驾驶人应与测试主体签订劳动合同，取得相应准驾车型驾驶证三年以上。"),
    ("测试车辆应当具备的条件", "测试车辆应为未办理过机动车注册登记的新车，具备人工操作和自动驾驶两种模式。"),
    ("交通事故的处理", "测试期间发生交通事故的，由公安机关交通管理部门依法认定当事人的责任。"),
]


def test_copied_rules_align_article_by_article() -> None:
    """Two cities' rules copied from one national rule: each article groups with its copies,
    not with the other articles that share the rule's words."""
    batch = [_notice(nid, prov, [(h, f"{_RULE}{b}{tail}") for h, b in COPIED])
             for nid, prov, tail in (("national", "", ""), ("jinan", "山东省", "济南市联席会议负责。"),
                                     ("qingdao", "山东省", "青岛市联席工作小组负责。"))]
    found = {frozenset(t.key for t in g.tasks) for g in align(batch)}
    assert found == {frozenset(f"{nid}#2.{k}" for nid in ("national", "jinan", "qingdao"))
                     for k in range(1, len(COPIED) + 1)}


def test_alignment_is_deterministic_and_order_free() -> None:
    one = [(g.label, [t.key for t in g.tasks]) for g in align(BATCH)]
    two = [(g.label, [t.key for t in g.tasks]) for g in align(list(reversed(BATCH)))]
    assert sorted(one) == sorted(two) and one == [(g.label, [t.key for t in g.tasks])
                                                   for g in align(BATCH)]


def test_vectors_parked_in_a_scratch_folder_give_the_same_groups(tmp_path: Path) -> None:
    """With a scratch folder the vectors wait in a file there while the tasks are clustered and
    are read back for the labels: the same groups and labels, and nothing left in the folder."""
    expected = [(g.id, g.label, [t.key for t in g.tasks]) for g in align(BATCH)]
    assert expected
    found = [(g.id, g.label, [t.key for t in g.tasks]) for g in align(BATCH, scratch=tmp_path)]
    assert found == expected and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("folder", [True, False])
def test_parked_arrays_come_back_the_same_bytes(tmp_path: Path, folder: bool) -> None:
    """Arrays of any dtype (empty ones too) parked in a file come back bit for bit, whole or any
    part of them (cut at their end as a slice is), and nothing is left in the folder; without
    a folder nothing is parked and the caller keeps its own."""
    import numpy as np

    from pipeline.compare.spill import Parked

    arrays = [np.arange(10**5, dtype=np.int32), np.linspace(0, 1, 777), np.zeros(0)]
    parked = Parked(arrays, tmp_path if folder else None)
    assert parked.in_file is folder and list(tmp_path.iterdir()) == []
    if not folder:
        return
    for which, values in enumerate(arrays):
        back = parked.part(which, 0, len(values))
        assert (back.dtype, back.tobytes()) == (values.dtype, values.tobytes())
    for which, start, stop in ((0, 0, 10), (0, 99_990, 10**5), (0, 99_990, 10**6), (1, 5, 6),
                               (1, 7, 7), (1, 800, 900), (2, 0, 0)):
        assert parked.part(which, start, stop).tobytes() == arrays[which][start:stop].tobytes()


@pytest.mark.parametrize("folder", [True, False])
def test_vectors_give_their_rows_the_same_parked_or_not(tmp_path: Path, folder: bool) -> None:
    """A row's columns and weights as ``Vectors.rows`` gives them, bit for bit, whether the
    matrix waits in a file (read row by row from it) or not; empty rows and a row asked twice."""
    import numpy as np
    from scipy.sparse import random as sparse_random

    from pipeline.compare.align import Vectors

    matrix = sparse_random(300, 50, density=0.05, format="csr", random_state=7)
    vectors = Vectors(matrix.copy(), tmp_path if folder else None)
    vectors.park()
    rows = [0, 3, 3, 17, 299, 150]
    columns, weights = vectors.rows(rows)
    assert any(matrix.indptr[r] == matrix.indptr[r + 1] for r in range(300))  # some rows empty
    for row, c, w in zip(rows, columns, weights, strict=True):
        low, high = matrix.indptr[row], matrix.indptr[row + 1]
        assert np.array_equal(c, matrix.indices[low:high]) and w.tobytes() == matrix.data[low:high].tobytes()
    assert (vectors._matrix is None) is folder  # rows read from the file: the matrix not read back


def test_pairwise_scoring_counts_pairs_across_notices_only() -> None:
    assert pairs([["a#1", "a#2", "b#1"]]) == {("a#1", "b#1"), ("a#2", "b#1")}
    gold = {"groups": [{"tasks": ["a#1", "b#1"]}, {"tasks": ["a#2", "b#2"]}]}
    s = score("t", gold, [["a#1", "b#1", "b#2"]], {k: k for k in ("a#1", "a#2", "b#1", "b#2")}, 4)
    # (a#1, b#1) right, (a#1, b#2) wrong, (a#2, b#2) missed
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (1, 1, 1)


def test_the_matrix_rows_are_the_aligned_measures_when_no_taxonomy_knows_the_field() -> None:
    matrix = compare(BATCH, grouping="measures")
    assert set(matrix.themes["field"]) == {"discovered"}
    rows = matrix.long[matrix.long["task_id"] != ""]
    by_row = rows.groupby("theme")["notice_id"].apply(sorted).tolist()
    assert ["a", "b"] in by_row
    assert compare(BATCH, grouping="taxonomy").long.empty or not (
        compare(BATCH, grouping="taxonomy").themes["field"] == "discovered").any()


def _eager_linkage(n: int, edges: dict[tuple[int, int], float], threshold: float,
                   owners: list[int] | None = None, rejoin: float = 0.0) -> list[list[int]]:
    """The reference: average linkage that pushes every changed pair after each merge; with
    ``owners``, two clusters holding tasks of one notice merge only at ``rejoin`` times the
    average the tighter was last joined at (each cluster's notices kept as a set)."""
    import heapq
    from collections import defaultdict

    members = {i: [i] for i in range(n)}
    notices = {i: {owners[i]} if owners else set() for i in range(n)}
    joined: dict[int, float] = {}
    between: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in edges.items():
        between[i][j] = between[j][i] = s
    heap = [(-s, i, j) for (i, j), s in edges.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        current = between[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + neg) > 1e-12:
            if current >= threshold:
                heapq.heappush(heap, (-current, a, b))
            continue
        levels = [joined[c] for c in (a, b) if c in joined]
        if current < threshold or (levels and notices[a] & notices[b]
                                   and current < rejoin * max(levels)):
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        notices[keep] |= notices.pop(gone)
        joined.pop(gone, None)
        joined[keep] = current
        for other, s in between.pop(gone).items():
            between[other].pop(gone, None)
            if other != keep:
                between[keep][other] = between[other][keep] = between[keep].get(other, 0.0) + s
        for other, total in between[keep].items():
            avg = total / (len(members[keep]) * len(members[other]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(keep, other), max(keep, other)))
    return [sorted(m) for _, m in sorted(members.items())]


@pytest.mark.parametrize("seed", range(8))
def test_linkage_merges_as_the_eager_reference_ties_included(seed: int) -> None:
    """Pushing only the pairs whose average rose gives the same clusters as pushing them all,
    on random sparse graphs with many equal similarities (ties break by cluster ids)."""
    import random

    from pipeline.compare.linkage import Edges, _average_linkage

    rng = random.Random(seed)
    for _ in range(300):
        n, edges = _random_graph(rng, 40, 4)
        threshold = rng.choice([0.05, 0.1, 0.2, 0.3])
        assert _average_linkage(n, Edges.of(edges), threshold) == _eager_linkage(n, edges, threshold)


@pytest.mark.parametrize("seed", range(8))
def test_linkage_keeps_a_notice_s_measures_apart_as_the_eager_reference(seed: int) -> None:
    """With each task's notice and a rejoin share, the clusters are the reference's (refused
    pairs asked again after either cluster changes), ties and the share 0 (no constraint)
    included; by parts as over the whole graph."""
    import random

    import numpy as np

    from pipeline.compare.linkage import Edges, _average_linkage, _linkage_by_parts

    rng = random.Random(seed)
    for _ in range(300):
        n, edges = _random_graph(rng, 40, 4)
        owners = [rng.randrange(rng.randint(1, 6)) for _ in range(n)]
        threshold = rng.choice([0.05, 0.1, 0.2, 0.3])
        rejoin = rng.choice([0.0, 0.5, 0.65, 0.9, 1.0])
        expected = _eager_linkage(n, edges, threshold, owners, rejoin)
        assert _average_linkage(n, Edges.of(edges), threshold, owners, rejoin) == expected
        by_parts = _linkage_by_parts(n, Edges.of(edges), threshold,
                                     owners=np.array(owners, dtype=np.int32), rejoin=rejoin)
        assert list(map(list, by_parts)) == expected


def test_copied_articles_pair_up_and_one_measure_split_in_two_stays_together() -> None:
    """Two notices copying three articles (0.9 two by two, 0.2 one to the next): three pairs,
    not one cluster, once the share asks more than 0.2 of 0.9; a notice saying in two tasks
    what another says in one, joined near the threshold, stays one group."""
    from pipeline.compare.linkage import Edges, _average_linkage

    copies = {(0, 3): 0.9, (1, 4): 0.9, (2, 5): 0.9}
    copies |= {(i, j): 0.2 for i in range(3) for j in range(3, 6) if j - i != 3}
    copies |= {(0, 1): 0.2, (1, 2): 0.2, (3, 4): 0.2, (4, 5): 0.2}
    owners = [0, 0, 0, 1, 1, 1]
    assert _average_linkage(6, Edges.of(copies), 0.1) == [[0, 1, 2, 3, 4, 5]]
    assert _average_linkage(6, Edges.of(copies), 0.1, owners, 0.65) == [[0, 3], [1, 4], [2, 5]]
    split = {(0, 2): 0.16, (1, 2): 0.14, (0, 1): 0.12}
    assert _average_linkage(3, Edges.of(split), 0.1, [0, 0, 1], 0.65) == [[0, 1, 2]]


def _random_graph(rng: Any, most: int, density: int) -> tuple[int, dict[tuple[int, int], float]]:
    """A sparse graph of 2..``most`` tasks, up to ``density`` pairs a task, with many equal
    similarities."""
    n = rng.randint(2, most)
    edges: dict[tuple[int, int], float] = {}
    for _ in range(rng.randint(1, density * n)):
        i, j = rng.sample(range(n), 2)
        edges[(min(i, j), max(i, j))] = rng.choice([0.1, 0.2, 0.3, 0.5, rng.random()])
    return n, edges



@pytest.mark.parametrize("seed", range(4))
def test_linkage_over_edge_arrays_merges_as_the_eager_reference(monkeypatch: pytest.MonkeyPatch,
                                                                 seed: int) -> None:
    """The pairs as ``Edges`` (float32 similarities, read a block at a time, their first
    entries kept as sorted arrays) give the clusters the reference gives for the same pairs."""
    import random

    import numpy as np

    from pipeline.compare import linkage
    from pipeline.compare.linkage import Edges, _average_linkage

    monkeypatch.setattr(linkage, "_BLOCK", 7)  # many blocks
    rng = random.Random(seed)
    for _ in range(60):
        n, found = _random_graph(rng, 60, 5)
        pairs = list(found)
        sims = np.array([found[p] for p in pairs], dtype=np.float32)
        edges = Edges(np.array([i for i, _ in pairs]), np.array([j for _, j in pairs]), sims)
        reference = dict(zip(pairs, sims.tolist(), strict=True))
        threshold = rng.choice([0.05, 0.1, 0.2, 0.3])
        assert _average_linkage(n, edges, threshold) == _eager_linkage(n, reference, threshold)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_nearest_tasks_are_the_same_on_any_number_of_threads(monkeypatch: pytest.MonkeyPatch,
                                                             threads: int) -> None:
    """The blocked search on several threads gives each row's k nearest (against every pair
    computed at once) and the same edges in the same order as one thread, over several blocks."""
    import numpy as np
    from scipy.sparse import random as sparse_random

    from pipeline.compare import align as module

    n, k = 1400, 6  # three blocks of 512 rows, the last one short
    matrix = sparse_random(n, 60, density=0.08, random_state=7, format="csr")
    monkeypatch.setattr(module, "_THREADS", 1)
    serial = list(module._edges(matrix, k, 0.0).items())
    monkeypatch.setattr(module, "_THREADS", threads)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 4)
    found = module._edges(matrix, k, 0.0)
    assert list(found.items()) == serial
    dense = (matrix @ matrix.T).toarray()
    np.fill_diagonal(dense, 0.0)
    expected: dict[tuple[int, int], float] = {}
    for row in range(n):
        for col in np.argsort(-dense[row], kind="stable")[:k].tolist():
            if dense[row, col] > 0:
                expected[(min(row, col), max(row, col))] = dense[row, col]
    assert found.keys() == expected.keys()
    assert all(abs(found[pair] - value) < 1e-9 for pair, value in expected.items())


def test_nearest_tasks_among_equal_similarities_are_the_lower_rows() -> None:
    """Where more rows than k are equally similar to a row (copies of one text), its nearest are
    the lowest of them: a rule of the search, not of a sort routine, so every machine's numpy
    picks the same ones."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from pipeline.compare import align as module

    copies = np.ones((30, 1))  # thirty copies of one text, all at similarity 1
    other = np.zeros((5, 1))
    dense = np.vstack([np.hstack([copies, np.zeros((30, 1))]), np.hstack([other, other + 1.0])])
    matrix = csr_matrix(dense)
    edges = module._edges(matrix, 4, 0.0)
    for row in range(30):
        lower = [c for c in range(30) if c != row][:4]
        assert all((min(row, c), max(row, c)) in edges for c in lower)
    assert (10, 20) not in edges  # neither among the other's four lowest copies
    assert {(30, 31), (33, 34)} <= edges.keys()
    assert not any(i < 30 <= j for i, j in edges)  # no word in common: never a candidate


@pytest.mark.parametrize("levels", [1, 4, 64, 1000])
def test_nearest_tasks_do_not_depend_on_the_cut_levels(monkeypatch: pytest.MonkeyPatch,
                                                       levels: int) -> None:
    """The similarity levels only narrow what is sorted: any number gives the same edges."""
    from scipy.sparse import random as sparse_random

    from pipeline.compare import align as module

    matrix = sparse_random(600, 40, density=0.1, random_state=3, format="csr")
    matrix.data = (matrix.data * 8).round() / 8  # many equal similarities
    expected = list(module._edges(matrix, 7, 0.0).items())
    monkeypatch.setattr(module, "_LEVELS", levels)
    assert list(module._edges(matrix, 7, 0.0).items()) == expected


@pytest.mark.parametrize("pick", [1, 7, 50, 1 << 20])
def test_nearest_tasks_do_not_depend_on_how_many_rows_are_picked_at_once(
        monkeypatch: pytest.MonkeyPatch, pick: int) -> None:
    """A block's nearest are picked a few of its rows at a time (``_PICK`` entries, one row at
    least, a row never split): any number gives the same edges in the same order."""
    from scipy.sparse import random as sparse_random

    from pipeline.compare import align as module

    matrix = sparse_random(700, 50, density=0.1, random_state=4, format="csr")
    matrix.data = (matrix.data * 8).round() / 8  # many equal similarities
    monkeypatch.setattr(module, "_PICK", 1 << 30)
    expected = list(module._edges(matrix, 5, 0.0).items())
    monkeypatch.setattr(module, "_PICK", pick)
    assert list(module._edges(matrix, 5, 0.0).items()) == expected


@pytest.mark.parametrize("similarities", [1, 5_000, 60_000, 1 << 30])
@pytest.mark.parametrize("fewest", [1, 8, 16])
def test_nearest_tasks_do_not_depend_on_the_rows_searched_at_once(
        monkeypatch: pytest.MonkeyPatch, similarities: int, fewest: int) -> None:
    """A thread searches a block of rows of at most ``_SIMILARITIES`` products (``_MIN_CHUNK``
    rows at least, 512 at most): any budget and any least block give the same edges in the same
    order."""
    from scipy.sparse import random as sparse_random

    from pipeline.compare import align as module

    matrix = sparse_random(900, 40, density=0.1, random_state=6, format="csr")
    matrix.data = (matrix.data * 8).round() / 8  # many equal similarities
    expected = list(module._edges(matrix, 5, 0.0).items())
    monkeypatch.setattr(module, "_SIMILARITIES", similarities)
    monkeypatch.setattr(module, "_MIN_CHUNK", fewest)
    assert list(module._edges(matrix, 5, 0.0).items()) == expected


@pytest.mark.parametrize("seed", range(6))
def test_linkage_part_by_part_merges_as_the_whole_graph(seed: int, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The linkage run on each part joined by edges at the threshold gives the clusters of the
    run over the whole graph, on random sparse graphs with many equal similarities and edges
    under the threshold between the parts; the same with the edges put in part order a few at
    a time and waiting in a file (the odd seeds), which is gone afterwards; the same from edges
    written to files a few at a time as they were found (``WrittenEdges``, seed 3)."""
    import random

    import numpy as np

    from pipeline.compare import linkage as module
    from pipeline.compare.linkage import Edges, WrittenEdges, _average_linkage, _linkage_by_parts

    scratch = tmp_path if seed % 2 else None
    if scratch is not None:
        monkeypatch.setattr(module, "_PICK", 3)
    if seed == 5:  # the edges put in part order a window of parts at a time
        monkeypatch.setattr(module, "_WINDOW", 2)
    rng = random.Random(seed)
    for _ in range(200):
        n = rng.randint(1, 50)
        edges: dict[tuple[int, int], float] = {}
        for _ in range(rng.randint(0, 3 * n) if n > 1 else 0):
            i, j = rng.sample(range(n), 2)
            edges[(min(i, j), max(i, j))] = rng.choice([0.05, 0.1, 0.2, 0.3, rng.random() / 2])
        pairs = list(edges.items())
        rng.shuffle(pairs)  # the search's order, not sorted
        found = Edges(np.array([p[0][0] for p in pairs], dtype=np.int64),
                      np.array([p[0][1] for p in pairs], dtype=np.int64),
                      np.array([p[1] for p in pairs], dtype=np.float64))
        threshold = rng.choice([0.05, 0.1, 0.2, 0.3])
        if seed == 3:
            written = WrittenEdges(tmp_path, (np.int64, np.int64, np.float64))
            at = 0
            while at < len(pairs):
                step = rng.randint(1, 7)
                written.extend(found.first[at:at + step], found.second[at:at + step],
                               found.sims[at:at + step])
                at += step
            assert [written.read(w, 0, len(pairs)).tolist() for w in range(3)] == [
                found.first.tolist(), found.second.tolist(), found.sims.tolist()]
            assert list(map(list, _linkage_by_parts(n, written, threshold, scratch=scratch))) \
                == _average_linkage(n, Edges.of(dict(pairs)), threshold)
        assert list(map(list, _linkage_by_parts(n, found, threshold, scratch=scratch))) \
            == _average_linkage(n, Edges.of(dict(pairs)), threshold)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seed", range(8))
def test_edges_put_in_order_by_windows_are_those_put_in_order_in_memory(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a scratch folder and more edges than a window, the edges are put in part order a
    window of parts at a time (``_windows``): the same arrays, dtypes and run ends as the
    ordering in memory, on random edges with many parts, one part, empty parts and parts larger
    than a window; and the window's files are gone afterwards."""
    import numpy as np

    from pipeline.compare import linkage as module
    from pipeline.compare.linkage import Edges, HeldEdges, WrittenEdges, _in_part_order
    from pipeline.compare.spill import Spill

    rng = np.random.default_rng(seed)
    for _ in range(20):
        n, m = int(rng.integers(2, 300)), int(rng.integers(1, 3000))
        found = Edges(rng.integers(0, n, m), rng.integers(0, n, m).astype(np.int32), rng.random(m))
        part = rng.integers(0, int(rng.integers(1, 40)), n)
        if rng.random() < 0.3:
            part[:] = 0  # one part: every edge in it, or between it and itself
        expected, ends = _in_part_order(found, part, None)
        monkeypatch.setattr(module, "_WINDOW", int(rng.integers(1, 200)))
        monkeypatch.setattr(module, "_MAX_WINDOWS", int(rng.integers(1, 40)))
        monkeypatch.setattr(module, "_PICK", int(rng.integers(1, 500)))
        files: list[Any] = []
        monkeypatch.setattr(module, "Spill", lambda *a, seen=files: seen.append(a) or Spill(*a))
        got, got_ends = _in_part_order(HeldEdges((found.first, found.second, found.sims), tmp_path),
                                       part, tmp_path)
        assert isinstance(got, WrittenEdges if m > module._window(m) else HeldEdges)
        assert sum(a[1] == ".order." for a in files) <= module._MAX_WINDOWS + 1
        assert got_ends.tolist() == ends.tolist()
        for which in range(3):
            want, have = expected.read(which, 0, m), got.read(which, 0, m)
            assert have.dtype == want.dtype and have.tolist() == want.tolist()
        monkeypatch.undo()
    del got, expected
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("big", "small", "most"), [(50, 1, 12), (200, 3, 30), (9, 9, 4)])
def test_edges_put_in_order_by_windows_make_at_most_the_files_allowed(
        big: int, small: int, most: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts alternately large and small (an owner larger than a window starts a window, and so
    does the owner after it) still make at most ``_MAX_WINDOWS`` files and the first."""
    import numpy as np

    from pipeline.compare import linkage as module
    from pipeline.compare.linkage import HeldEdges, _in_part_order
    from pipeline.compare.spill import Spill

    parts = 10
    part = np.repeat(np.arange(2 * parts), 2)  # two tasks a part
    first, second = [], []
    for p in range(2 * parts):
        count = big if p % 2 == 0 else small
        first += [2 * p] * count
        second += [2 * p + 1] * count
    found = (np.array(first), np.array(second), np.linspace(0, 1, len(first)))
    monkeypatch.setattr(module, "_WINDOW", 1)
    monkeypatch.setattr(module, "_MAX_WINDOWS", most)
    files: list[Any] = []
    monkeypatch.setattr(module, "Spill", lambda *a: files.append(a) or Spill(*a))
    got, _ = _in_part_order(HeldEdges(found, tmp_path), part, tmp_path)
    assert sum(a[1] == ".order." for a in files) <= most + 1
    assert got.read(0, 0, len(first)).tolist() == first


@pytest.mark.parametrize("seed", range(4))
def test_parts_are_the_connected_components_of_the_edges_at_the_threshold(
        monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """The parts found by hooking roots a block of edges at a time are scipy's connected
    components of the edges at the threshold, numbered alike (by their lowest task), whatever
    the block: random graphs, and paths whose edges come in the order that joins the fewest
    parts a pass."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from pipeline.compare import linkage as module

    rng = np.random.default_rng(seed)
    graphs = []
    for _ in range(30):
        n = int(rng.integers(1, 300))
        m = int(rng.integers(0, 2 * n))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        keep = a != b
        graphs.append((n, np.minimum(a, b)[keep], np.maximum(a, b)[keep],
                       rng.choice([0.05, 0.1, 0.2, 0.3], int(keep.sum()))))
    path = rng.permutation(200)  # a path through the tasks in a random order, edges last first
    low, high = np.minimum(path[:-1], path[1:]), np.maximum(path[:-1], path[1:])
    graphs.append((200, low[::-1].copy(), high[::-1].copy(), np.full(199, 0.2)))
    for pick in (1, 3, 1 << 17):
        monkeypatch.setattr(module, "_PICK", pick)
        for n, first, second, sims in graphs:
            strong = sims >= 0.1
            graph = coo_matrix((np.ones(int(strong.sum())), (first[strong], second[strong])),
                               shape=(n, n))
            expected = connected_components(graph, directed=False)[1]
            found = module._parts(n, module.Edges(first, second, sims), 0.1)
            assert found.tolist() == expected.tolist()


def test_linkage_without_singletons_leaves_out_the_clusters_of_one_task() -> None:
    """``singletons=False`` gives the clusters of the whole run but those of one task, in the
    same order (a group needs tasks of two notices)."""
    import random

    import numpy as np

    from pipeline.compare.linkage import Edges, _linkage_by_parts

    rng = random.Random(3)
    n = 80
    pairs = {}
    for _ in range(120):
        i, j = rng.sample(range(n), 2)
        pairs[(min(i, j), max(i, j))] = rng.choice([0.1, 0.2, 0.4])

    def edges() -> Edges:
        return Edges(np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]),
                     np.array(list(pairs.values())))

    everything = _linkage_by_parts(n, edges(), 0.2)
    assert any(len(c) == 1 for c in everything) and any(len(c) > 1 for c in everything)
    assert _linkage_by_parts(n, edges(), 0.2, singletons=False) == [
        c for c in everything if len(c) > 1]


def _with_copies(seed: int, n: int, width: int, copies: int) -> Any:
    """A random sparse matrix whose rows are drawn from a few distinct ones (copies of one text,
    some empty), with many equal similarities."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse import random as sparse_random

    rng = np.random.default_rng(seed)
    distinct = sparse_random(copies, width, density=0.15, random_state=seed, format="csr")
    distinct.data = (distinct.data * 4).round() / 4 + 0.25  # equal weights: ties
    pick = rng.integers(0, copies, n)
    rows = csr_matrix(distinct[pick])
    mixed = sparse_random(n, width, density=0.1, random_state=seed + 1, format="csr")
    unique = rng.random(n) < 0.2  # a fifth of the rows have no copy
    rows = csr_matrix(rows.multiply((~unique)[:, None]) + mixed.multiply(unique[:, None]))
    rows.sort_indices()
    return rows


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 3, 15])
def test_copies_searched_once_give_the_edges_of_every_row_searched(seed: int, k: int) -> None:
    """Rows that are copies of one another searched once and their nearest read from their
    copy's: the same pairs, similarities and order as the search of every row, with copies
    fewer and more than k, empty rows and equal similarities."""
    from pipeline.compare import align as module

    matrix = _with_copies(seed, 900, 30, [3, 12, 60][seed % 3])
    _, first_rows = module._copies(matrix)
    assert len(first_rows) < matrix.shape[0]
    _assert_edges_of_every_row(matrix, k)


@pytest.mark.parametrize("collide", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_copies_are_the_rows_equal_bit_for_bit(monkeypatch: pytest.MonkeyPatch, seed: int,
                                               collide: bool) -> None:
    """Each row's copy is numbered by the first row equal to it bit for bit (columns and
    weights), in the order those first rows come, with every row's hash the same as well (rows
    of one hash are told apart by their values)."""
    from pipeline.compare import align as module

    matrix = _with_copies(seed, 500, 30, [3, 12, 60][seed])
    matrix.data[matrix.indptr[7]:matrix.indptr[8]] *= 1 + 2 ** -50  # a copy but for one bit
    if collide:
        monkeypatch.setattr(module, "hash", lambda value: 1, raising=False)
    group, first_rows = module._copies(matrix)
    numbers: dict[tuple[bytes, bytes], int] = {}
    expected_group, expected_first = [], []
    for row in range(matrix.shape[0]):
        low, high = matrix.indptr[row], matrix.indptr[row + 1]
        key = (matrix.indices[low:high].tobytes(), matrix.data[low:high].tobytes())
        if key not in numbers:
            numbers[key] = len(expected_first)
            expected_first.append(row)
        expected_group.append(numbers[key])
    assert group.tolist() == expected_group and first_rows.tolist() == expected_first
    assert (group.dtype.kind, first_rows.dtype.itemsize) == ("i", 8)


@pytest.mark.parametrize("pick", [1, 40, 1 << 30])
@pytest.mark.parametrize("k", [1, 3, 15])
def test_copies_lists_made_a_block_of_copies_at_a_time_are_the_same(
        monkeypatch: pytest.MonkeyPatch, pick: int, k: int) -> None:
    """Each copy's list of nearest made a block of copies at a time (``_PICK`` rows made at
    once: a copy a block, a few, all): the same lists."""
    import numpy as np

    from pipeline.compare import align as module

    matrix = _with_copies(4, 700, 30, 12)
    group, first_rows = module._copies(matrix)
    picks = module._search(matrix[first_rows], k + 1, 0.0, keep_self=True)
    monkeypatch.setattr(module, "_PICK", 1 << 30)
    expected = module._expand(picks, group, k)
    monkeypatch.setattr(module, "_PICK", pick)
    found = module._expand(picks, group, k)
    assert np.array_equal(found[0], expected[0]) and found[1].tobytes() == expected[1].tobytes()


@pytest.mark.parametrize("k", [1, 4, 15])
def test_pairs_found_by_both_rows_are_kept_where_first_found(k: int) -> None:
    """Without copies: each pair once, where its first row found it, as a sort of every pair
    found would keep it (equal similarities many)."""
    from scipy.sparse import hstack, identity
    from scipy.sparse import random as sparse_random

    from pipeline.compare import align as module

    matrix = sparse_random(800, 40, density=0.12, random_state=k, format="csr")
    matrix.data = (matrix.data * 8).round() / 8 + 0.125
    matrix = hstack([matrix, identity(800) / 64], format="csr")  # a word of its own: no copies
    assert len(module._copies(matrix)[1]) == matrix.shape[0]
    _assert_edges_of_every_row(matrix, k)


def _assert_edges_of_every_row(matrix: Any, k: int) -> None:
    import numpy as np

    from pipeline.compare import align as module

    group, first_rows = module._copies(matrix)
    for row in range(0, matrix.shape[0], 37):  # a copy is the same row, bit for bit
        a, b = matrix[row], matrix[int(first_rows[group[row]])]
        assert (a != b).nnz == 0
    own, other, sims = module._flat(module._search(matrix, k, 0.0, keep_self=False))
    first, second = np.minimum(own, other), np.maximum(own, other)
    _, once = np.unique(first * matrix.shape[0] + second, return_index=True)
    once.sort()
    expected = list(zip(first[once].tolist(), second[once].tolist(), sims[once].tolist(),
                        strict=True))
    found = module._edges(matrix, k, 0.0)
    assert [(i, j, s) for (i, j), s in found.items()] == expected


@pytest.mark.parametrize("maps", [False, True])
@pytest.mark.parametrize("copies", [True, False])
def test_vectors_parked_during_the_search_give_the_same_edges(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, copies: bool, maps: bool) -> None:
    """The vectors parked in a scratch folder before the search reads them: the same edges, and
    every row read back the same bytes; with the lists mapped from files there too (``maps``:
    their pages let go after every block), the same."""
    import numpy as np
    from scipy.sparse import hstack, identity

    from pipeline.compare import align as module
    from pipeline.compare import mapped

    if maps:
        monkeypatch.setattr(mapped, "SMALL", 0)
        monkeypatch.setattr(mapped, "LET_GO_EVERY", 1)

    matrix = _with_copies(2, 600, 30, 12)
    if not copies:
        matrix = hstack([matrix, identity(600) / 64], format="csr")
    expected = list(module._edges(matrix, 5, 0.0).items())
    vectors = module.Vectors(matrix.copy(), tmp_path)
    lists, group = module._nearest_lists(vectors, 5, 0.0)
    assert vectors._matrix is None and (group is None) is not copies  # parked
    assert all(mapped.is_mapped(a) is maps for a in lists)
    assert list(module._pairs(lists, group, 5).items()) == expected
    written = module._pairs(lists, group, 5, tmp_path)  # into files as they are made
    assert isinstance(written, module.WrittenEdges) and len(written) == len(expected)
    first, second, sims = (written.read(w, 0, len(written)).tolist() for w in range(3))
    assert list(zip(zip(first, second, strict=True), sims, strict=True)) == expected
    columns, weights = vectors.rows(list(range(matrix.shape[0])))  # read back from the file
    assert np.concatenate(columns).tobytes() == matrix.indices.tobytes()
    assert np.concatenate(weights).tobytes() == matrix.data.tobytes()
    assert [len(c) for c in columns] == np.diff(matrix.indptr).tolist()


@pytest.mark.parametrize("twice", [True, False])
@pytest.mark.parametrize("folder", [True, False])
def test_a_row_for_each_distinct_bag_gives_the_edges_of_a_row_for_each_task(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, folder: bool, twice: bool) -> None:
    """The matrix with a row for each distinct bag in the order of its first task, and each
    task's row in it (``Vectors.copy``; with ``twice`` two of its rows the same bit for bit, as
    bags with different counts can give, else every row its own: searched as they are, not
    copied first): the same edges, and every task's row read back, as the matrix with a row for
    each task."""
    import numpy as np

    from pipeline.compare import align as module
    from pipeline.compare import mapped

    monkeypatch.setattr(mapped, "SMALL", 0)  # with a folder, the lists mapped
    every = _with_copies(3, 600, 30, 12)
    group, first_rows = module._copies(every)
    copy = group.copy()
    later = [int(np.flatnonzero(group == g)[1]) for g in range(len(first_rows))
             if (group == g).sum() > 1]
    distinct = every[np.concatenate([first_rows, [later[0]]]) if twice else first_rows]
    if twice:  # a later task's row kept twice
        copy[later[0]] = len(first_rows)
    order = np.argsort(np.unique(copy, return_index=True)[1], kind="stable")
    place = np.empty_like(order)
    place[order] = np.arange(len(order))
    distinct, copy = distinct[order], place[copy]
    assert (distinct[copy] != every).nnz == 0
    assert distinct.shape[0] == len(first_rows) + twice
    expected = list(module._edges(every, 5, 0.0).items())
    vectors = module.Vectors(distinct, tmp_path if folder else None, copy)
    subsets: list[Any] = []
    monkeypatch.setattr(module.Vectors, "subset", lambda self, rows, real=module.Vectors.subset:
                        subsets.append(rows) or real(self, rows))
    lists, group_found = module._nearest_lists(vectors, 5, 0.0)
    assert len(subsets) == twice  # every row distinct: no subset made
    assert all(mapped.is_mapped(a) is folder for a in lists)
    assert list(module._pairs(lists, group_found, 5).items()) == expected
    columns, weights = vectors.rows(list(range(600)))
    assert np.concatenate(columns).tobytes() == every.indices.tobytes()
    assert np.concatenate(weights).tobytes() == every.data.tobytes()


def test_rows_with_the_same_hash_are_copies_only_if_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two different rows whose hashes collide are two distinct rows, not copies."""
    from scipy.sparse import csr_matrix

    from pipeline.compare import align as module

    matrix = csr_matrix([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    monkeypatch.setattr(module, "hash", lambda value: 0, raising=False)
    group, first_rows = module._copies(matrix)
    assert group.tolist() == [0, 1, 0] and first_rows.tolist() == [0, 1]


def test_tasks_read_in_batch_order_give_the_rows_of_the_tasks_sorted_first() -> None:
    """The rows counted in batch order and then put in notice-id order are, bit for bit, those of
    the tasks sorted before counting; the words a run kept are let go."""
    import random

    import numpy as np

    from pipeline.compare import align as module
    from pipeline.compare.tfidf import tfidf

    texts = ["建设省级数据共享平台", "推进养老机构消防安全整治", "完善标识解析节点建设",
             "加强数据安全管理", "推进政务数据共享", "开展消防安全检查"]
    rng = random.Random(5)
    notices = [{"id": f"n{k:02d}", "tasks": [
        {"id": f"t{j}", "heading": rng.choice(texts), "text": rng.choice(texts) + rng.choice(texts),
         **({"words": (" ".join(words(texts[j % 6])), "数据 平台")} if j % 2 else {})}
        for j in range(rng.randint(1, 4))]} for k in range(12)]
    rng.shuffle(notices)
    r = module.rules()
    expected_tasks = sorted(module.task_refs(notices), key=lambda t: t.notice_id)
    expected, expected_terms = tfidf(module._bag(t, r.heading_weight) for t in expected_tasks)
    tasks, matrix, copy, terms = module._sorted_vectors(notices, r)
    assert [(t.notice_id, t.task_id) for t in tasks] == [
        (t.notice_id, t.task_id) for t in expected_tasks]
    assert all(t.words is None for t in tasks) and list(terms) == expected_terms
    assert matrix.shape[0] < len(expected_tasks)  # the bags repeat: each distinct one a row
    rows = matrix[copy]
    for name in ("indptr", "indices", "data"):
        assert np.asarray(getattr(rows, name)).tobytes() == np.asarray(
            getattr(expected, name)).tobytes()


@pytest.mark.parametrize("in_file", [False, True])
def test_the_task_table_gives_each_row_its_task_in_notice_id_order(in_file: bool,
                                                                   tmp_path: Path) -> None:
    """The compact task table (its notices kept in memory, or in a scratch file): rows in
    notice-id order (equal ids in batch order, each notice's tasks in theirs), each row's TaskRef
    with its heading and text where it carried them (a task id holding the table's separator
    too), and the batch order of each row; a row outside the table, or one added since it was
    sorted, is an IndexError."""
    from pipeline.compare.align import TaskRef, TaskTable

    table = TaskTable(tmp_path if in_file else None)
    batch = [("b", [("1", "", ""), ("2", "", "")]), ("a", [("x\x00y", "标题", "正文")]),
             ("c", []), ("b", [("3", "", "")]), ("a", [("2.1", "", "其他")])]
    rows = []
    for notice_id, tasks in batch:
        refs = [TaskRef(notice_id, t, h, x) for t, h, x in tasks]
        table.add(notice_id, refs)
        rows.extend(refs)
    order = table.sort()
    expected = sorted(rows, key=lambda t: t.notice_id)
    assert len(table) == 5 and list(table) == expected
    assert [rows[i] for i in order.tolist()] == expected
    assert [table.notice_id(i) for i in range(5)] == ["a", "a", "b", "b", "b"]
    assert table[-1] == expected[-1] and table[1:3] == expected[1:3] and table.notice_count() == 2
    with pytest.raises(IndexError):
        table[5]
    for row in (5, -1):
        with pytest.raises(IndexError):
            table.notice_id(row)
    assert table._entries._spill.in_file == in_file
    table.add("d", [TaskRef("d", "1", "", "")])
    with pytest.raises(IndexError):
        table.notice_id(0)  # not sorted again
    table.sort()
    assert [table.notice_id(i) for i in range(6)] == ["a", "a", "b", "b", "b", "d"]
    # each row's notice as a number, the rows of an id given twice alike
    assert table.notice_numbers().tolist() == [0, 0, 1, 1, 1, 2]
    single = TaskTable()
    single.add("a", [TaskRef("a", "1", "", ""), TaskRef("a", "2", "", "")])
    assert single.sort() is None and [t.task_id for t in single] == ["1", "2"]


def _near_copies(seed: int, n: int, group: int) -> Any:
    """Groups of ``group`` near-copies (a plan each province words again): each group's rows
    share words of its own, each row has frequent words drawn from a few and a word of its own
    (no two rows the same); a tenth of the rows have frequent words only."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(seed)
    groups = n // group
    rows, columns, values = [], [], []
    for row in range(n):
        mine = row // group
        if rng.random() >= 0.1:
            for word in range(3):  # the group's own words
                rows.append(row)
                columns.append(40 + 3 * mine + word)
                values.append(1.0)
        for word in rng.choice(40, 5, replace=False).tolist():  # frequent words
            rows.append(row)
            columns.append(word)
            values.append(float(rng.choice([0.25, 0.5])))
        rows.append(row)
        columns.append(40 + 3 * groups + row)  # a word of its own
        values.append(0.25)
    matrix = csr_matrix((values, (rows, columns)), shape=(n, 40 + 3 * groups + n))
    matrix.sort_indices()
    return matrix


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("k", "keep_self"), [(1, False), (4, False), (15, False), (5, True)])
def test_rare_word_search_gives_the_nearest_of_the_whole_search(
        monkeypatch: pytest.MonkeyPatch, seed: int, k: int, keep_self: bool) -> None:
    """Rows read first from those sharing a rare word, the rest searched whole: the same pairs,
    similarities and order as searching every row whole, whatever the share of rare words and
    whether the pruner is kept or dropped after its trial rows."""
    from pipeline.compare import align as module

    group = [3, 8, 20, 60][seed]
    matrix = _near_copies(seed, 1200, group)
    monkeypatch.setattr(module, "_PRUNE_FROM", 10 ** 9)
    expected = [a.tolist() for a in module._search(matrix, k, 0.0, keep_self)]
    monkeypatch.setattr(module, "_PRUNE_FROM", 0)
    counted: list[tuple[int, int]] = []
    nearest = module._Pruner.nearest

    def counting(self: Any, *args: Any) -> Any:
        found, missed = nearest(self, *args)
        counted.append((len(args[1]), len(missed)))
        return found, missed

    monkeypatch.setattr(module._Pruner, "nearest", counting)
    for share, trial in [(1000, 10 ** 9), (100, 10 ** 9), (20, 10 ** 9), (100, 0)]:
        monkeypatch.setattr(module, "_RARE_SHARE", share)
        monkeypatch.setattr(module, "_PRUNE_TRIAL", trial)
        counted.clear()
        found = [a.tolist() for a in module._search(matrix, k, 0.0, keep_self)]
        assert found == expected
        if share == 20 and group > k + 1:  # the groups' words are rare: most rows pass, not all
            tried, missed = map(sum, zip(*counted, strict=True))
            assert 0 < missed < tried / 2


@pytest.mark.parametrize("seed", range(3))
def test_parked_rows_are_the_matrix_rows(tmp_path: Path, seed: int) -> None:
    """A parked matrix read back by slices and by chosen rows (runs, gaps, repeats, none) gives
    the matrix's own rows: the same columns, weights and row starts."""
    import numpy as np

    from pipeline.compare import align as module

    matrix = _near_copies(seed, 300, [3, 8, 20][seed])
    vectors = module.Vectors(matrix.copy(), tmp_path)
    rows = vectors.parked_for_search()
    assert isinstance(rows, module.ParkedRows)
    rng = np.random.default_rng(seed)
    picks = [np.arange(40, 80), np.sort(rng.choice(300, 37, replace=False)), np.array([5, 5, 6]),
             np.array([299, 0, 1, 2]), np.zeros(0, dtype=np.int64)]
    for key in [slice(0, 16), slice(290, 316), slice(7, 7), *picks]:
        got, want = rows[key], matrix[key]
        assert got.shape == want.shape
        assert got.indptr.tolist() == want.indptr.tolist()
        assert got.indices.tolist() == want.indices.tolist()
        assert got.data.tobytes() == want.data.tobytes()
        assert (got.indices.dtype, got.indptr.dtype) == (want.indices.dtype, want.indptr.dtype)


@pytest.mark.parametrize("in_file", [True, False])
def test_a_subset_of_parked_vectors_is_the_matrixs_subset(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, in_file: bool) -> None:
    """The distinct rows taken from vectors already parked (read from the file a few rows at a
    time into arrays mapped from files there, the matrix not held) are the rows the matrix
    gives, and they are parked where it was."""
    import numpy as np

    from pipeline.compare import align as module
    from pipeline.compare import mapped
    from pipeline.compare import vectors as vectors_module

    monkeypatch.setattr(mapped, "SMALL", 0)
    monkeypatch.setattr(vectors_module, "SLICE_ROWS", 7)

    matrix = _near_copies(0, 400, 8)
    rows = np.sort(np.random.default_rng(0).choice(400, 300, replace=False))
    vectors = module.Vectors(matrix.copy(), tmp_path if in_file else None)
    vectors.park()
    assert (vectors._matrix is None) is in_file
    subset = vectors.subset(rows)
    got, want = subset.matrix, matrix[rows]
    assert mapped.is_mapped(got.data) is in_file and mapped.is_mapped(got.indices) is in_file
    for name in ("data", "indices", "indptr"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    assert subset.scratch == vectors.scratch


@pytest.mark.parametrize("pruned", [False, True])
@pytest.mark.parametrize(("k", "keep_self"), [(4, False), (5, True)])
def test_a_search_reading_parked_rows_finds_what_it_finds_in_memory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pruned: bool, k: int,
        keep_self: bool) -> None:
    """With its matrix parked once the transpose is made, the search reads each block's rows
    (and the pruner's rows) from the file and gives the same lists and similarities, and the
    vectors hold no matrix meanwhile."""
    from pipeline.compare import align as module

    matrix = _near_copies(1, 900, 8)
    monkeypatch.setattr(module, "_PRUNE_FROM", 0 if pruned else 10 ** 9)
    expected = [a.tolist() for a in module._search(matrix, k, 0.0, keep_self)]
    found, parked = parked_search(matrix, tmp_path, k, keep_self)
    assert parked == [True]
    assert found == expected


def parked_search(matrix: Any, scratch: Path, k: int, keep_self: bool, **options: Any
                  ) -> tuple[list[Any], list[bool]]:
    """The search of ``matrix`` held by vectors parked under ``scratch`` when it asks, as a
    run's search is: its lists, and for each time it parked whether the vectors then held no
    matrix."""
    from pipeline.compare import align as module

    vectors = module.Vectors(matrix.copy(), scratch)
    let_go: list[bool] = []

    def park() -> Any:
        rows = vectors.parked_for_search()
        let_go.append(vectors._matrix is None)
        return rows

    found = module._search(vectors.matrix, k, 0.0, keep_self, park=park, **options)
    return [a.tolist() for a in found], let_go


def test_the_pruners_bounds_worked_out_by_blocks_are_those_of_the_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pruner's bounds and rare-word rows made a few rows at a time (rows with no entry
    among them) are bit for bit those made from all rows at once."""
    from pipeline.compare import align as module

    matrix = _near_copies(2, 500, 8)
    matrix.data[matrix.indptr[10]:matrix.indptr[12]] = 0.0
    matrix.eliminate_zeros()  # two rows without an entry
    transposed = matrix.T.tocsr()
    whole = module._Pruner(matrix, transposed, 5)
    monkeypatch.setattr(module, "_BOUND_ROWS", 7)
    blocks = module._Pruner(matrix, transposed, 5)
    assert blocks.bound.tobytes() == whole.bound.tobytes()
    for name in ("data", "indices", "indptr"):
        assert getattr(blocks.rare, name).tolist() == getattr(whole.rare, name).tolist()


def test_a_word_the_cached_texts_share_is_held_once() -> None:
    """The words of different texts are the same string objects (the cache of a large batch
    holds each word once, not once per text that uses it), and equal to jieba's tokens."""
    from pipeline.compare.align import _content_words, words

    _content_words.cache_clear()
    first, second = words("建设省级数据共享平台"), words("完善数据共享交换机制")
    shared = set(first) & set(second)
    assert shared == {"数据共享"}
    for word in shared:
        assert first[first.index(word)] is second[second.index(word)]
