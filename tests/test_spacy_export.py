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
