"""Repair on real OCR: CER of raw tesseract output and of the repaired text, per notice, on
200-dpi generated scans of the clean corpus notices (the pages bench/ocr uses).

The acceptance: repair lowers OCR CER by at least a third overall and raises it on no notice.
OCR results come from the pipeline's cache, so a second run costs little.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.cer import cer
from bench.ocr import scans
from pipeline.api import run_notice
from pipeline.config import load_config


def main() -> None:
    cfg = load_config(None, {})
    print(f"{'notice':<32}{'pages':>6}{'raw CER':>9}{'repaired':>10}{'change':>9}")
    raw_total = fixed_total = 0.0
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf, reference, pngs in scans(Path(tmp)):
            notice = run_notice(pdf, cfg)
            raw, fixed = cer(reference, notice.raw_text), cer(reference, notice.text)
            raw_total += raw * len(reference)
            fixed_total += fixed * len(reference)
            size += len(reference)
            print(f"{name:<32}{len(pngs):>6}{raw:>9.4f}{fixed:>10.4f}{(fixed - raw) / raw:>+9.1%}")
    print(f"{'all':<32}{'':>6}{raw_total / size:>9.4f}{fixed_total / size:>10.4f}"
          f"{(fixed_total - raw_total) / raw_total:>+9.1%}")


if __name__ == "__main__":
    main()
