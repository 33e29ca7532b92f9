"""End to end: the corpus run measured against gold/ (the figures quoted in the README)."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import evaluate, table

from .conftest import GOLD


def test_corpus_meets_the_extraction_thresholds(corpus_out: Path) -> None:
    scores = evaluate(GOLD, corpus_out / "notices")
    print(table(scores))
    assert not scores.missing
    assert scores.prf["tasks"].f1 == 1.0
    assert scores.exact["window"].rate >= 0.97
    assert scores.prf["departments"].f1 >= 0.97
    assert scores.prf["deadlines"].f1 >= 0.95
    assert scores.prf["targets"].f1 >= 0.9
    assert scores.prf["references"].f1 >= 0.9
    for field in ("doc_number", "issue_date", "province"):
        assert scores.exact[field].rate == 1.0, scores.exact[field].misses


def test_gold_files_cover_the_corpus() -> None:
    import csv

    from .conftest import CORPORA

    with (CORPORA / "manifest.csv").open(encoding="utf-8") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    assert ids == {p.stem for p in Path(GOLD).glob("*.json")}
