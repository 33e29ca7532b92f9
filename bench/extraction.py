"""Extraction accuracy on the corpus: the eval table against gold/ (P/R/F1 per field)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config
from pipeline.evaluate import evaluate, table

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        run_corpus([ROOT / "corpora" / "manifest.csv"],
                   load_config(None, {"run": {"executor": "serial", "force": True}}), out)
        print(table(evaluate(ROOT / "gold", Path(out) / "notices")))


if __name__ == "__main__":
    main()
