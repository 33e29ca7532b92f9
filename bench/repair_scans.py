"""Repair on real OCR: CER of raw tesseract output and of the repaired text, per notice, on
200-dpi generated scans of the clean corpus notices (the pages bench/ocr uses).

The acceptance: repair lowers OCR CER by at least a third overall and raises it on no notice.
Two repaired columns: the pipeline as shipped (its domain lexicon was built from the clean corpus
notices, these among them), and leave-one-out (the domain lexicon rebuilt without the notice
being measured: what repair does for a notice of a kind the lexicon has not seen).
Four scan sets: the serif face (the set the repair rules were developed against), the sans face
with other noise seeds, the serif face with twice the speckle noise and more blur, and a clean
render with no scanner noise at all (none of the last three looked at while the rules were
written, except where a note says so in the README).
OCR results come from the pipeline's cache, so a second run costs little.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.cer import cer
from bench.ocr import ROOT, scans
from bench.repair import clean_notices
from pipeline.api import run_notice
from pipeline.config import Config, load_config
from pipeline.repair.lexicon import Lexicon, build_domain_counts
from pipeline.repair.passes import repair_text
from tools.scangen import FONT_CANDIDATES, Degrade

SETS = {
    "serif (development set)": {},
    "sans, other seeds": {"font": FONT_CANDIDATES[1], "seed": 1000},
    "serif, 2x speckles, blur 0.8": {"seed": 2000, "degrade": Degrade(noise=0.004, blur=0.8)},
    "serif, clean render (no scanner noise)": {"seed": 3000, "degrade": None},
}


def main() -> None:
    cfg = load_config(None, {})
    others = clean_notices()
    lexicons: dict[str, Lexicon] = {}  # notice file -> lexicon built without it, shared by the sets
    for title, options in SETS.items():
        print(f"-- {title}")
        measure(options, cfg, others, lexicons)


def measure(options: dict[str, Any], cfg: Config, others: dict[str, str],
            lexicons: dict[str, Lexicon]) -> None:
    print(f"{'notice':<32}{'pages':>6}{'raw CER':>9}{'repaired':>10}{'change':>9}"
          f"{'leave-1-out':>13}{'change':>9}")
    totals = [0.0, 0.0, 0.0]
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf, reference, pngs in scans(Path(tmp), **options):
            notice = run_notice(pdf, cfg)
            if name not in lexicons:
                own = (ROOT / "corpora" / name).read_text(encoding="utf-8")
                lexicons[name] = Lexicon.build(build_domain_counts(t for t in others.values() if t != own))
            loo = repair_text(notice.raw_text, lex=lexicons[name]).text
            values = [cer(reference, t) for t in (notice.raw_text, notice.text, loo)]
            for k, v in enumerate(values):
                totals[k] += v * len(reference)
            size += len(reference)
            raw, fixed, left = values
            print(f"{name:<32}{len(pngs):>6}{raw:>9.4f}{fixed:>10.4f}{(fixed - raw) / raw:>+9.1%}"
                  f"{left:>13.4f}{(left - raw) / raw:>+9.1%}")
    raw, fixed, left = (t / size for t in totals)
    print(f"{'all':<32}{'':>6}{raw:>9.4f}{fixed:>10.4f}{(fixed - raw) / raw:>+9.1%}"
          f"{left:>13.4f}{(left - raw) / raw:>+9.1%}")


if __name__ == "__main__":
    main()
