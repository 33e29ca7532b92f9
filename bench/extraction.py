"""Extraction accuracy: the eval table against gold/ on the corpus (P/R/F1 per field), then —
where ../shared/corpus-dev is present — against gold/dev-extract, the DRAFT extraction gold of 22
development notices (helper-annotated, not yet checked line by line: read gold/dev-extract/README.md
before quoting these figures)."""

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
    corpus = ROOT.parent / "shared" / "corpus-dev"
    if (corpus / "manifest.csv").is_file():
        with tempfile.TemporaryDirectory() as out:
            run_corpus([corpus / "manifest.csv"], load_config(None, {"run": {"force": True}}), out)
            scores = evaluate(ROOT / "gold" / "dev-extract", Path(out) / "notices")
        keep = ("tasks", "departments", "deadlines", "targets", "doc_targets", "issuers")
        rows = [line for line in table(scores).splitlines()
                if line.split(" ")[0] in (*keep, "field", "window", "doc_number", "issue_date",
                                          "province", "title")]
        print("\nDRAFT gold/dev-extract (22 development notices, unchecked):")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
