"""OCR and extraction on realistic scans of 红头文件 (tools/scanreal): colour pages with the red
banner and rule, a red seal over the closing lines, Song/Kai/sans faces, JPEG, skew, paper tone.

For each scan set of ``tools.scanreal.SETS`` (the first two tuned on, the others kept apart), the
four clean corpus notices are rendered at 200 dpi and run through the pipeline (OCR cache off):
- raw OCR CER against the exact reference text (banner line included), the CER of the repaired
  text, and the raw CER of a grey render of the same texts in the same face (tools/scangen's
  scanner: the bar is 1.5x it);
- task and department F1 against ``gold/`` (the bar: 0.95 and 0.9);
- seconds of the pipeline's ingest and OCR over the set as a run does them (``bench.ocr.
  pipeline_ocr``: the process pool, rendering, ink separation, routing and rescue included, cache
  off) against the PGM floor on the same PDFs (``bench.ocr.pgm_floor``; the bar: 1.05x), medians
  of ``bench.ocr.ROUNDS`` interleaved rounds, and pages a minute of the whole pipeline (that
  median and the rest of the pipeline).

``python -m bench.scans_real --sets kai-q50,gbsn-q55``: some sets only (all by default).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

from bench.cer import cer
from bench.ocr import ROUNDS, our_stage, pgm_floor, pipeline_ocr
from pipeline.api import run_notice
from pipeline.config import load_config
from pipeline.evaluate import evaluate
from pipeline.export.notice_json import to_json
from tools.scangen import render_pages, write_pdf
from tools.scanreal import FACES, SETS, TUNED, face_font, render_official

ROOT = Path(__file__).resolve().parent.parent
NOTICES = {  # corpus file -> its issuer (banner and seal)
    "jilin-2020-plan.txt": "吉林省民政厅",
    "zhenjiang-2020-notice.md": "镇江市民政局",
    "jilin-2019-proposal-reply.txt": "吉林省民政厅",
    "shandong-2020-notice.txt": "山东省民政厅",
}
DPI = 200


def _grey_cer(text: str, face: str, seed: int, folder: Path) -> float:
    pages, reference = render_pages(text, DPI, seed=seed, font=FACES[face][0],
                                    index=face_font(face, 10).index)
    pdf = folder / "grey.pdf"
    write_pdf(pages, pdf, DPI)
    cfg = load_config(None, {"ocr": {"cache_dir": str(folder / "cache")}, "stages": ["ingest", "ocr"]})
    return cer(reference, run_notice(pdf, cfg).raw_text)


def measure(name: str, folder: Path) -> dict[str, float]:
    face, scanner, seed = SETS[name]
    cfg = load_config(None, {"ocr": {"cache_dir": str(folder / "cache")}})
    gold, pred = folder / "gold", folder / "pred"
    gold.mkdir()
    pred.mkdir()
    raw = repaired = grey = size = 0.0
    pages = 0
    rest = 0.0
    pdfs = []
    for k, (file, issuer) in enumerate(NOTICES.items()):
        nid = Path(file).stem
        shutil.copy(ROOT / "gold" / f"{nid}.json", gold / f"{nid}.json")
        text = (ROOT / "corpora" / file).read_text(encoding="utf-8")
        images, reference = render_official(text, issuer, face, DPI, scanner, seed + k)
        pdf = folder / f"{nid}.pdf"
        write_pdf(images, pdf, DPI)
        pdfs.append(pdf)
        pages += len(images)
        _, raw_text = our_stage(pdf, str(folder / "cache"))  # fills the cache
        started = time.perf_counter()
        notice = run_notice(pdf, cfg, id=nid)  # the OCR from the cache: the rest of the pipeline
        rest += time.perf_counter() - started
        assert notice.raw_text == raw_text
        (pred / f"{nid}.json").write_text(to_json(notice, check=False), encoding="utf-8")
        raw += cer(reference, notice.raw_text) * len(reference)
        repaired += cer(reference, notice.text) * len(reference)
        size += len(reference)
        body = reference.split("\n", 1)[1]  # the grey render has no banner
        grey += _grey_cer(text, face, seed + k, folder) * len(body)
    ours, floors = [], []
    for _ in range(ROUNDS):  # interleaved with the floor, each with an empty cache
        ours.append(pipeline_ocr(pdfs, folder))
        floors.append(pgm_floor(pdfs, folder, cfg.ocr.psm, DPI))
    ocr_seconds, floor = median(ours), median(floors)
    scores = evaluate(gold, pred)
    return {"raw": raw / size, "repaired": repaired / size, "grey": grey / size, "tasks": scores.prf["tasks"].f1,
            "departments": scores.prf["departments"].f1, "pages": pages,
            "ocr": ocr_seconds, "floor": floor, "pages_min": 60 * pages / (ocr_seconds + rest)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scans_real")
    parser.add_argument("--sets", default=",".join(SETS), help="scan sets, comma-separated")
    names = parser.parse_args(argv or []).sets.split(",")
    unknown = [name for name in names if name not in SETS]
    if unknown:
        parser.error(f"unknown sets {unknown}; known: {', '.join(SETS)}")
    print(f"{'set':<13}{'face':<11}{'tuned':>6}{'pages':>6}{'raw CER':>9}{'rep CER':>9}{'grey CER':>9}{'ratio':>7}"
          f"{'task F1':>9}{'dept F1':>9}{'OCR s':>7}{'floor s':>8}{'x floor':>8}{'pages/min':>10}")
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            r = measure(name, Path(tmp))
        print(f"{name:<13}{SETS[name][0]:<11}{'yes' if name in TUNED else 'no':>6}{r['pages']:>6}"
              f"{r['raw']:>9.4f}{r['repaired']:>9.4f}{r['grey']:>9.4f}{r['raw'] / max(r['grey'], 1e-9):>7.2f}"
              f"{r['tasks']:>9.3f}{r['departments']:>9.3f}{r['ocr']:>7.1f}{r['floor']:>8.1f}"
              f"{r['ocr'] / r['floor']:>8.2f}{r['pages_min']:>10.1f}", flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
