"""Build ``pipeline/resources/domain_lexicon.tsv`` from the clean notices of the corpus.

Clean means not OCR'd: every manifest input whose file name does not contain ``.ocr.``. The
lexicon holds jieba's words of those notices and their recurring phrases, with counts
(``pipeline.repair.lexicon.build_domain_counts``). Run from the repository root::

    .venv/bin/python tools/build_domain_lexicon.py [--manifest corpora/manifest.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.repair.lexicon import build_domain_counts  # noqa: E402
from pipeline.stages.ingest import decode_text  # noqa: E402

OUT = ROOT / "pipeline" / "resources" / "domain_lexicon.tsv"


def clean_notices(manifest: Path) -> list[Path]:
    with manifest.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [manifest.parent / row["file"] for row in rows if ".ocr." not in row["file"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=ROOT / "corpora" / "manifest.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    files = clean_notices(args.manifest)
    texts = [decode_text(p.read_bytes())[0] for p in files]
    counts = build_domain_counts(texts)
    lines = [f"# domain lexicon: words and recurring phrases of {len(files)} clean notices",
             "# (" + ", ".join(p.name for p in files) + "); built by tools/build_domain_lexicon.py"]
    lines += [f"{w}\t{c}" for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(counts)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
