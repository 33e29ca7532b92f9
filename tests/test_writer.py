"""The report's writer process (pipeline/export/writer.py): how its work is passed to it."""

from __future__ import annotations

import os
import pickle
from array import array
from pathlib import Path
from typing import Any

import pytest

from pipeline.compare import compare, load_notices
from pipeline.compare.spill import Spill, SpilledArray
from pipeline.export.html import render_report
from pipeline.export.writer import Writer, _Receiver, _Sender


@pytest.fixture(scope="module")
def notices(corpus_out: Path) -> list[dict[str, Any]]:
    return load_notices(corpus_out / "notices")


def test_the_work_passes_the_scratch_files_not_their_bytes(notices: list[dict[str, Any]],
                                                           tmp_path: Path) -> None:
    matrix = compare(notices, scratch=tmp_path)
    held = [o for o in (matrix.rows._spill, matrix.task_texts._spill) if o is not None]
    assert all(s.in_file for s in held)
    with (tmp_path / "job").open("w+b") as job:
        sender = _Sender(job)
        sender.dump(matrix)
        size = job.tell()
        fds = sender.fds
        assert len(fds) == len(set(fds)) and {s.fileno() for s in held} <= set(fds)
        # the file-held bytes stay where they are: the job is a fraction of the matrix by value
        assert size < len(pickle.dumps(matrix)) / 3
        job.seek(0)
        passed = [os.dup(fd) for fd in fds]  # as the writer receives them: its own descriptors
        again = _Receiver(job, passed).load()
    assert again.to_csv() == matrix.to_csv()
    assert render_report(again) == render_report(matrix)
    assert again.task_texts == matrix.task_texts and again.task_texts._spill.in_file
    assert again.rows._spill.in_file and again.rows._spill.fileno() in passed
    # the arrays with an entry a notice stay in the files, read there a page at a time
    assert isinstance(again.task_texts._where, SpilledArray)
    assert isinstance(again.rows._spans, SpilledArray)
    assert list(again.task_texts._where) == list(matrix.task_texts._where)
    assert list(again.rows._spans) == list(matrix.rows._spans)
    for notice in notices:
        assert again.themes_of(notice["id"]) == matrix.themes_of(notice["id"])
        assert again.task_texts.of(notice["id"]) == matrix.task_texts.of(notice["id"])
    assert type(matrix.task_texts._where) is type(matrix.rows._spans) is array  # left as they were
    del again
    import gc

    gc.collect()
    for fd in passed:  # closed with the objects that adopted them
        with pytest.raises(OSError):
            os.fstat(fd)


def test_a_spill_held_twice_is_passed_once(tmp_path: Path) -> None:
    spill, other = Spill(tmp_path), Spill(tmp_path)
    spill.append(b"abc")
    other.append("数据".encode())
    with (tmp_path / "job.bin").open("w+b") as job:
        sender = _Sender(job)
        sender.dump([spill, {"again": spill}, other])
        assert sender.fds == [spill.fileno(), other.fileno()]
        job.seek(0)
        first, held, second = _Receiver(job, [os.dup(fd) for fd in sender.fds]).load()
    assert held["again"] is first and first.read(0, 3) == b"abc" and len(first) == 3
    assert second.read(0, len(second)).decode() == "数据"
    assert first.fileno() != spill.fileno()  # its own descriptor of the same file
    in_memory = Spill()
    in_memory.append(b"xyz")
    assert pickle.loads(pickle.dumps(in_memory)).read(0, 3) == b"xyz"


def test_a_spill_met_again_after_an_append_is_known_to_its_end(tmp_path: Path) -> None:
    # an owner may append to its file as it is pickled (with_spill parks an array there): the
    # receiver keeps the largest end the file is passed with, so its length and a copy of it
    # hold every byte
    spill = Spill(tmp_path)
    spill.append(b"abc")

    class Appends:  # what with_spill does, as it is pickled
        def __reduce__(self) -> tuple[Any, ...]:
            spill.append(b"defg")
            return (str, ("appended",))

    with (tmp_path / "job.bin").open("w+b") as job:
        sender = _Sender(job)
        sender.dump([spill, Appends(), spill])  # met first at 3 bytes, then at 7
        job.seek(0)
        first, said, again = _Receiver(job, [os.dup(fd) for fd in sender.fds]).load()
    assert first is again and said == "appended" and len(first) == 7
    assert pickle.loads(pickle.dumps(first)).read(0, 7) == b"abcdefg"


def test_an_unknown_persistent_id_is_refused(tmp_path: Path) -> None:
    class Odd(_Sender):
        def persistent_id(self, obj: Any) -> Any:
            return ("spill", 5, 0) if obj == "x" else None

    with (tmp_path / "job").open("w+b") as job:
        Odd(job).dump(["x"])
        job.seek(0)
        with pytest.raises(pickle.UnpicklingError):
            _Receiver(job, []).load()


def test_a_writer_never_given_work_is_stopped_and_leaves_nothing(tmp_path: Path) -> None:
    writer = Writer.start()
    assert writer is not None
    writer.close()
    assert not writer.process.is_alive()
    writer.close()  # again: nothing happens
    assert list(tmp_path.iterdir()) == []


def test_a_run_stops_its_writer_when_the_comparison_fails(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.compare
    import pipeline.export.writer as w
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    from .conftest import CORPORA

    started: list[Writer] = []
    start = w.Writer.start

    def recorded(*args: Any) -> Writer | None:
        writer = start(*args)
        assert writer is not None
        started.append(writer)
        return writer

    def broken(*_: Any, **__: Any) -> None:
        raise ValueError("the comparison failed")

    monkeypatch.setattr(w.Writer, "start", staticmethod(recorded))
    monkeypatch.setattr(w, "EARLY", 1)  # a batch of one starts its writer early
    monkeypatch.setattr(pipeline.compare, "compare", broken)
    report = run_corpus([CORPORA / "shandong-2020-notice.txt"],
                        load_config(None, {"run": {"executor": "serial"}}), tmp_path)
    assert [e["code"] for e in report.errors] == ["E901"]
    assert len(started) == 1 and not started[0].process.is_alive() and not started[0].given
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_writer_is_given_work_that_outlasts_what_is_left_of_its_start_up() -> None:
    from pipeline.export.writer import START_UP

    writer = Writer.start()
    assert writer is not None
    try:
        assert writer.worth(START_UP + 1.0)  # longer than its whole start-up
        assert writer.ready(60) and writer.worth(0.0)  # once ready, any work
    finally:
        writer.close()
    assert not writer.worth(START_UP + 1.0)  # stopped: none


@pytest.mark.parametrize("can_fork", [True, False])
def test_a_small_batch_forks_its_writer_or_writes_here(
        notices: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        can_fork: bool) -> None:
    # an early writer still importing is stopped; a process that may fork forks one (ready at
    # once), one that may not (other threads) writes the files itself: the same files
    import pipeline.export.matrix_files as mf
    import pipeline.export.writer as w

    started: list[tuple[bool, Writer | None]] = []
    start = w.Writer.start

    def recorded(target: Any = None, fork: bool = False) -> Writer | None:
        writer = start(target, fork)
        started.append((fork, writer))
        return writer

    monkeypatch.setattr(w, "forkable", lambda: can_fork)
    early = Writer.start()
    assert early is not None and not early.worth(0.001)
    monkeypatch.setattr(w.Writer, "start", staticmethod(recorded))
    matrix = compare(notices)
    mf.write_matrix(matrix, tmp_path / "out", writer=early)
    assert not early.given and not early.process.is_alive()
    if can_fork:
        assert [fork for fork, _ in started] == [True]
        assert started[0][1] is not None and started[0][1].given
        assert started[0][1].process.exitcode == 0
    else:  # a fork refused, a spawned one not worth its start-up for so small a batch
        assert [(fork, made is None) for fork, made in started] == [(True, True), (False, False)]
        assert not started[1][1].given and not started[1][1].process.is_alive()
    mf.write_matrix(matrix, tmp_path / "serial", parallel=False)
    for name in mf.NAMES:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_only_a_large_batch_starts_its_writer_early() -> None:
    from pipeline.export.writer import EARLY, for_batch

    assert for_batch(EARLY - 1) is None
    writer = for_batch(EARLY)
    assert writer is not None
    writer.close()


def test_the_writer_says_when_it_is_ready_and_a_dead_one_never_is() -> None:
    import functools

    from .writer_faults import serve_with

    dead = Writer.start(functools.partial(serve_with, "exits"))
    assert dead is not None
    assert not dead.ready(60) and not dead.ready(0)  # its end of the socket closed
    dead.process.join(60)
    assert dead.process.exitcode == 3
    dead.close()


def test_a_large_batch_gives_its_early_writer_the_work(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the writer spawned when the batch started writes the report's share: the same files as a
    # run whose writer is forked at the end
    import pipeline.export.writer as w
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    from .conftest import CORPORA

    inputs = [CORPORA / "shandong-2020-notice.txt", CORPORA / "zhenjiang-2020-notice.txt"]
    cfg = load_config(None, {"run": {"executor": "serial"}})
    run_corpus(inputs, cfg, tmp_path / "small")
    started: list[Writer] = []
    start = w.Writer.start

    def recorded(target: Any = None, fork: bool = False) -> Writer | None:
        writer = start(target, fork)
        assert writer is not None
        started.append(writer)
        return writer

    def worth(self: Writer, share: float) -> bool:
        return self.ready(60)  # a batch this small: waited for, to be given the work

    monkeypatch.setattr(w.Writer, "start", staticmethod(recorded))
    monkeypatch.setattr(w.Writer, "worth", worth)
    monkeypatch.setattr(w, "EARLY", 2)
    report = run_corpus(inputs, cfg, tmp_path / "large")
    assert report.errors == []
    assert len(started) == 1 and started[0].given and started[0].process.exitcode == 0
    for name in ("matrix.csv", "matrix.xlsx", "report.html", "notices.jsonl"):
        assert (tmp_path / "large" / name).read_bytes() == (tmp_path / "small" / name).read_bytes()
    assert not list((tmp_path / "large").glob(".*.tmp"))
