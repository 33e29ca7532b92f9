"""bench.phases: the comparison's phases, named by the code as it enters them, each with a peak."""

from __future__ import annotations

import time
from pathlib import Path

from bench.phases import measure
from pipeline.memory import current_phase, phase


def test_phase_names_where_the_work_is() -> None:
    before = current_phase()
    try:
        phase("a phase")
        assert current_phase() == "a phase"
    finally:
        phase(before)


def test_every_phase_of_the_comparison_has_its_peak(corpus_out: Path, tmp_path: Path) -> None:
    # every task aligned (the taxonomy would take most of the corpus's elderly-care tasks)
    started = time.monotonic()
    peaks = measure([str(corpus_out / "notices")], tmp_path, trace=True, every=0.001,
                    grouping="measures")
    wall = time.monotonic() - started
    names = list(peaks)
    assert names[0] == "notices read and packed" and names[-1] == "done"
    for expected in ("alignment: tasks read and weighted", "alignment: clustering",
                     "tables: the notices read", "tables: sealed", "files"):
        assert expected in names
    assert names.index("alignment: clustering") < names.index("tables: sealed") < names.index(
        "files")
    # the report's sections, after the workbook (no writer process here)
    sections = [name for name in names if name.startswith("files: report: ")]
    assert sections == [f"files: report: {s}" for s in ("presence", "theme sections", "roles",
                                                         "timeline", "task texts")]
    assert names.index("files") < names.index(sections[0])
    assert all(p.rss > p.anon > 0 and p.file > 0 for p in peaks.values())
    assert all(p.traced is not None and p.traced > 0 for p in peaks.values())
    # each phase's time, from its start to the next one's: together the whole comparison
    assert all(p.seconds >= 0 for p in peaks.values())
    assert all(0 < p.start <= p.rss for p in peaks.values())
    assert peaks["alignment: tasks read and weighted"].seconds > 0
    assert 0.5 * wall < sum(p.seconds for p in peaks.values()) <= wall
    assert sorted(f.name for f in tmp_path.iterdir()) == ["matrix.csv", "matrix.xlsx",
                                                          "report.html"]
