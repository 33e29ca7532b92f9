from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GOLD = ROOT / "gold"


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One serial run of the whole corpus, shared by the tests that read its outputs."""
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    out = tmp_path_factory.mktemp("corpus-run")
    report = run_corpus([CORPORA / "manifest.csv"], load_config(None, {"run": {"executor": "serial"}}),
                        out)
    assert report.counts["failure"] == 0
    return out


@pytest.fixture(scope="session")
def corpus_notices(corpus_out: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((corpus_out / "notices").glob("*.json"))}
