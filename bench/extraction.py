"""Extraction accuracy: the eval table against gold/ on the five corpus notices (P/R/F1 per
field), then -- where ../shared/corpus-dev is present -- against the development gold:

- gold/dev-extract: 22 development notices, annotated by helpers and checked line by line against
  the texts where they disagreed with the pipeline (gold/dev-extract/README.md); the pipeline's
  rules were developed against these, so they are the development figures;
- gold/dev-extract-heldout: 8 more notices, annotated independently after that work and not used to
  change any rule: the figures an unseen notice can expect.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config
from pipeline.evaluate import Scores, evaluate, table

ROOT = Path(__file__).resolve().parent.parent
KEEP = ("tasks", "departments", "deadlines", "targets", "doc_targets", "issuers", "field", "window",
        "doc_number", "issue_date", "province", "city", "title")


def _rows(scores: Scores) -> str:
    return "\n".join(line for line in table(scores).splitlines()
                     if line.split(" ")[0] in (*KEEP, "notices:", "exact"))


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        run_corpus([ROOT / "corpora" / "manifest.csv"],
                   load_config(None, {"run": {"executor": "serial", "force": True}}), out)
        print(table(evaluate(ROOT / "gold", Path(out) / "notices")))
    corpus = ROOT.parent / "shared" / "corpus-dev"
    if not (corpus / "manifest.csv").is_file():
        return
    with tempfile.TemporaryDirectory() as out:
        run_corpus([corpus / "manifest.csv"], load_config(None, {"run": {"force": True}}), out)
        for name, title in (("dev-extract", "development gold (checked)"),
                            ("dev-extract-heldout", "held-out gold (never used to change a rule)")):
            print(f"\ngold/{name}: {title}")
            print(_rows(evaluate(ROOT / "gold" / name, Path(out) / "notices")))


if __name__ == "__main__":
    main()
