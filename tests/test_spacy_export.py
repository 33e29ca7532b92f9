"""spaCy export: every span of the corpus round-trips through a DocBin to the same characters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from pipeline.export.spacy_doc import ROLE_KEY, to_docbin

from .conftest import ROOT


def test_every_span_of_the_corpus_round_trips(corpus_notices: dict[str, dict[str, Any]]) -> None:
    import spacy
    from spacy.tokens import DocBin

    notices = list(corpus_notices.values())
    docs = list(DocBin().from_bytes(to_docbin(notices)).get_docs(spacy.blank("zh").vocab))
    assert len(docs) == len(notices)
    checked = 0
    for notice, doc in zip(notices, docs, strict=True):
        text = notice["text"]
        assert doc.text == text and doc.user_data["id"] == notice["id"]
        assert [s.label_ for s in doc.spans["tasks"]] == [t["id"] for t in notice["tasks"]]
        for task in notice["tasks"]:
            for dept in task["departments"]:
                a, b = dept["span"]
                span = next(s for s in doc.spans["departments"] if (s.start, s.end) == (a, b))
                assert span.text == text[a:b] and span.label_ == dept["kind"]
                if dept["role"]:
                    assert doc.user_data[ROLE_KEY][f"{a}:{b}:{dept['kind']}"] == dept["role"]
                checked += 1
            for group, items in (("deadlines", task["deadlines"]), ("targets", task["targets"])):
                for item in items:
                    a, b = item["span"]
                    assert any((s.start, s.end) == (a, b) and s.text == item["raw"]
                               for s in doc.spans[group])
                    checked += 1
    assert checked > 100


def test_the_cli_writes_a_docbin(corpus_out: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "export", str(corpus_out), "--spacy",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notices.spacy").stat().st_size > 1000



def test_the_cli_exports_a_runs_jsonl_as_its_folder(corpus_out: Path, tmp_path: Path) -> None:
    """A run's notices.jsonl gives the same documents as its notices/ folder (jsonl read a line
    at a time, as compare reads it); paths holding no notice fail as usage, making no folder."""
    def export(source: Path, to: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline", "export", str(source), "--spacy",
                               str(to)], cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert export(corpus_out / "notices", tmp_path / "a").returncode == 0
    assert export(corpus_out / "notices.jsonl", tmp_path / "b").returncode == 0
    by_folder = _texts([tmp_path / "a" / "notices.spacy"])
    assert by_folder and sorted(by_folder) == sorted(_texts([tmp_path / "b" / "notices.spacy"]))
    empty = tmp_path / "empty"
    empty.mkdir()
    result = export(empty, tmp_path / "c")
    assert result.returncode == 2 and "no notice" in result.stderr
    assert not (tmp_path / "c").exists()

def _texts(paths: list[Path]) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("zh").vocab
    return [(d.user_data["id"], d.text, [(s.start, s.end, s.label_) for s in d.spans["tasks"]])
            for p in paths for d in DocBin().from_disk(p).get_docs(vocab)]


def test_a_large_export_is_written_a_file_at_a_time(corpus_notices: dict[str, dict[str, Any]],
                                                    tmp_path: Path) -> None:
    from pipeline.export.spacy_doc import write_docbins

    notices = list(corpus_notices.values())
    sizes = [len(n["text"]) for n in notices]
    budget = max(sizes) + min(sizes)  # the longest alone; two shorter ones may share a file
    shards = write_docbins(notices, tmp_path, shard_chars=budget)
    assert 1 < len(shards) < len(notices) + 1
    assert [p.name for p in shards] == [f"notices-{k:04d}.spacy" for k in range(1, len(shards) + 1)]
    whole = tmp_path / "whole.spacy"
    whole.write_bytes(to_docbin(notices))
    assert _texts(shards) == _texts([whole])  # the same docs, in order
    (tmp_path / "notices.spacy").write_bytes(b"an earlier export's")
    again = write_docbins(notices[:2], tmp_path)  # fits in one file: its usual name
    assert [p.name for p in again] == ["notices.spacy"]
    assert sorted(p.name for p in tmp_path.glob("notices*")) == ["notices.spacy"]  # none stale
    assert [t[0] for t in _texts(again)] == [n["id"] for n in notices[:2]]
