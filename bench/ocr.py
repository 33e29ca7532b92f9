"""OCR speed and accuracy on generated scans of the clean corpus notices.

Prints, for 200-dpi scans made by tools/scangen (the same pages for every contender):
- CER of raw OCR per page-segmentation mode and preprocessing (how the defaults were chosen);
- pages/minute of our OCR stage (cache off), of bare `tesseract` on the same page images with
  the same settings run N-way parallel with one thread each (the floor), of bare tesseract with
  its own threading, and of `ocrmypdf --sidecar -l chi_sim -j N` on the same PDF.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.cer import cer
from pipeline.config import load_config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import ingest, ocr
from pipeline.stages.readers import split_furniture
from tools.scangen import Degrade, render_pages, write_pdf

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ["jilin-2020-plan.txt", "zhenjiang-2020-notice.md", "jilin-2019-proposal-reply.txt",
         "shandong-2020-notice.txt"]
DPI = 200
WORKERS = os.cpu_count() or 2


SCANNER = Degrade()


def scans(folder: Path, font: str | None = None, seed: int = 0, degrade: Degrade | None = SCANNER
          ) -> list[tuple[str, Path, str, list[bytes]]]:
    """(name, PDF, reference text, page PNGs) of each clean notice rendered as a scan
    (``degrade=None``: a clean render, no scanner noise)."""
    out = []
    for name in CLEAN:
        text = (ROOT / "corpora" / name).read_text(encoding="utf-8")
        pages, reference = render_pages(text, DPI, seed=seed + len(name), font=font, degrade=degrade)
        pdf = folder / f"{Path(name).stem}.pdf"
        write_pdf(pages, pdf, DPI)
        pngs = []
        for page in pages:
            buffer = io.BytesIO()
            page.save(buffer, "PNG")
            pngs.append(buffer.getvalue())
        out.append((name, pdf, reference, pngs))
    return out


def _ocr_texts(pngs: list[bytes], psm: int, preprocess: str) -> list[str]:
    cfg = load_config(None, {"ocr": {"psm": psm, "preprocess": preprocess,
                                     "cache_dir": tempfile.mkdtemp()}})
    with ThreadPoolExecutor(WORKERS) as pool:
        return [split_furniture(t)[0] for t, _, _ in pool.map(lambda p: ocr.ocr_png(p, cfg), pngs)]


def accuracy_table(docs: list[tuple[str, Path, str, list[bytes]]]) -> None:
    """CER per setting on a subset of the notices (the whole grid on every page takes long)."""
    docs = docs[1:3]
    print(f"{'psm':>4} {'preprocess':<10} " + " ".join(f"{n.split('.')[0][:14]:>14}" for n, *_ in docs)
          + f" {'all':>7}")
    for psm, preprocess in ((3, "none"), (4, "none"), (6, "none"), (3, "binarize")):
        errors, total, cells = 0.0, 0, []
        for _, _, reference, pngs in docs:
            value = cer(reference, "\n".join(_ocr_texts(pngs, psm, preprocess)))
            cells.append(f"{value:>14.4f}")
            errors += value * len(reference)
            total += len(reference)
        print(f"{psm:>4} {preprocess:<10} " + " ".join(cells) + f" {errors / total:>7.4f}")


def _our_stage(pdf: Path, cache: str) -> tuple[float, str]:
    cfg = load_config(None, {"ocr": {"cache_dir": cache}})
    notice = Notice(id=pdf.stem, source=Source(path=str(pdf), sha256="", format="text"),
                    provenance=Provenance(pipeline_version="bench", config_sha256=""))
    notice = ingest.run(notice, cfg)
    started = time.perf_counter()
    notice = ocr.run(notice, cfg)
    return time.perf_counter() - started, notice.raw_text


def _bare(paths: list[Path], workers: int, one_thread: bool, psm: int) -> float:
    env = dict(os.environ)
    if one_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)

    def run(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", str(psm),
                        "-c", "preserve_interword_spaces=1"], env=env, check=True,
                       capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, paths))
    return time.perf_counter() - started


def speed_table(docs: list[tuple[str, Path, str, list[bytes]]], folder: Path) -> None:
    cfg = load_config(None, {})
    pages = sum(len(p) for *_, p in docs)
    paths = []
    for name, _, _, pngs in docs:
        for k, png in enumerate(pngs):
            path = folder / f"{Path(name).stem}-{k:03d}.png"
            path.write_bytes(png)
            paths.append(path)
    rows = []
    ours, our_cer = 0.0, []
    for _, pdf, reference, _ in docs:
        seconds, text = _our_stage(pdf, tempfile.mkdtemp())
        ours += seconds
        our_cer.append((cer(reference, text), len(reference)))
    rows.append(("our OCR stage (cache off)", ours))
    rows.append((f"bare tesseract -P{WORKERS}, 1 thread each", _bare(paths, WORKERS, True,
                                                                     cfg.ocr.psm)))
    rows.append(("bare tesseract -P1, own threads", _bare(paths, 1, False, cfg.ocr.psm)))
    rows.append((f"bare tesseract -P{WORKERS}, own threads", _bare(paths, WORKERS, False,
                                                                   cfg.ocr.psm)))
    if shutil.which("ocrmypdf"):
        started = time.perf_counter()
        for _, pdf, _, _ in docs:
            subprocess.run(["ocrmypdf", "--sidecar", str(folder / f"{pdf.stem}.txt"), "-l",
                            "chi_sim", "-j", str(WORKERS), "--output-type", "pdf", str(pdf),
                            str(folder / f"{pdf.stem}.ocr.pdf")], check=True, capture_output=True)
        rows.append((f"ocrmypdf --sidecar -j {WORKERS}", time.perf_counter() - started))
    else:
        rows.append(("ocrmypdf (not installed)", float("nan")))
    floor = rows[1][1]
    print(f"{pages} pages at {DPI} dpi, psm {cfg.ocr.psm}, preprocess {cfg.ocr.preprocess}")
    print(f"{'contender':<40}{'seconds':>9}{'pages/min':>11}{'x floor':>9}")
    for name, seconds in rows:
        print(f"{name:<40}{seconds:>9.1f}{60 * pages / seconds:>11.1f}{seconds / floor:>9.2f}")
    total = sum(n for _, n in our_cer)
    print(f"raw OCR CER of our stage over the {len(docs)} notices: "
          f"{sum(c * n for c, n in our_cer) / total:.4f}")


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # as the OCR stage runs it; bare runs set their own
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = scans(folder)
        print("-- raw OCR CER by page segmentation mode and preprocessing")
        accuracy_table(docs)
        print("-- speed")
        speed_table(docs, folder)


if __name__ == "__main__":
    main()
