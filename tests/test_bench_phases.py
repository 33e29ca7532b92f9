"""bench.phases: the comparison's phases, named by the code as it enters them, each with a peak."""

from __future__ import annotations

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
    peaks = measure([str(corpus_out / "notices")], tmp_path, trace=True, every=0.001,
                    grouping="measures")
    names = list(peaks)
    assert names[0] == "notices read and packed" and names[-1] == "done"
    for expected in ("alignment: tasks read and weighted", "alignment: clustering",
                     "tables: the notices read", "tables: sealed", "files"):
        assert expected in names
    assert names.index("alignment: clustering") < names.index("tables: sealed") < names.index(
        "files")
    assert all(p.rss > p.anon > 0 and p.file > 0 for p in peaks.values())
    assert all(p.traced is not None and p.traced > 0 for p in peaks.values())
    assert sorted(f.name for f in tmp_path.iterdir()) == ["matrix.csv", "matrix.xlsx",
                                                          "report.html"]
