"""OCR speed and accuracy on generated scans of the clean corpus notices.

Prints, for 200-dpi scans made by tools/scangen (the same pages for every contender):
- CER of raw OCR per page-segmentation mode and preprocessing (how the defaults were chosen);
- pages/minute of our OCR stage (cache off; rendering, ink separation, preprocessing and routing
  included), of the floor: the same PDFs rendered by `pdftoppm -gray` as PGM and read by bare
  `tesseract` with the same settings, N processes of one thread each (``pgm_floor``); of bare
  tesseract on our page PNGs, with one thread or its own threading, and of
  `ocrmypdf --sidecar -l chi_sim -j N` on the same PDF.
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
from statistics import median

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
ROUNDS = 3


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


def our_stage(pdf: Path, cache: str) -> tuple[float, str]:
    """Seconds of ingest (the page rendered, its inks separated) and OCR on one PDF with an
    empty cache, and the raw text."""
    cfg = load_config(None, {"ocr": {"cache_dir": cache}})
    notice = Notice(id=pdf.stem, source=Source(path=str(pdf), sha256="", format="text"),
                    provenance=Provenance(pipeline_version="bench", config_sha256=""))
    started = time.perf_counter()
    notice = ingest.run(notice, cfg)
    notice = ocr.run(notice, cfg)
    return time.perf_counter() - started, notice.raw_text


def pipeline_ocr(pdfs: list[Path], folder: Path) -> float:
    """Seconds of the pipeline's ingest and OCR stages over these PDFs as a run does them: the
    process pool (worker start-up included), pages rendered on the reading threads, a document
    reading more pages at once when a worker falls idle; OCR cache off, outputs written."""
    from pipeline.api import run_corpus

    src = folder / "pipeline-in"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir()
    for pdf in pdfs:
        shutil.copy(pdf, src / pdf.name)
    cache = tempfile.mkdtemp(dir=folder)
    cfg = load_config(None, {"stages": ["ingest", "ocr"], "ocr": {"cache_dir": cache},
                             "run": {"force": True}})
    started = time.perf_counter()
    report = run_corpus([src], cfg, folder / "pipeline-out")
    seconds = time.perf_counter() - started
    assert report.counts["success"] == len(pdfs), report.counts
    shutil.rmtree(cache, ignore_errors=True)
    return seconds


def pgm_floor(pdfs: list[Path], folder: Path, psm: int, dpi: int = DPI) -> float:
    """Seconds of the floor on these PDFs: each rendered by ``pdftoppm -gray`` as PGM, every page
    read by bare tesseract, ``WORKERS`` processes of one thread each."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = folder / "pgm-floor"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()

    def render(pdf: Path) -> None:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(out / pdf.stem)],
                       check=True, capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(render, pdfs))
        list(pool.map(lambda page: _tesseract(page, psm, env), sorted(out.glob("*.pgm"))))
    return time.perf_counter() - started


def _tesseract(page: Path, psm: int, env: dict[str, str]) -> None:
    """Bare tesseract on one page image, its text thrown away."""
    subprocess.run(["tesseract", str(page), "stdout", "-l", "chi_sim", "--psm", str(psm),
                    "-c", "preserve_interword_spaces=1"], env=env, check=True, capture_output=True)


def _bare(paths: list[Path], workers: int, one_thread: bool, psm: int) -> float:
    env = dict(os.environ)
    if one_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda path: _tesseract(path, psm, env), paths))
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
    ours, our_cer = [], []
    floors, runs = [], []
    pdfs = [pdf for _, pdf, _, _ in docs]
    for _ in range(ROUNDS):  # interleaved: ours, then the floor, then ours again…
        runs.append(pipeline_ocr(pdfs, folder))
        total = 0.0
        our_cer = []
        for _, pdf, reference, _ in docs:
            seconds, text = our_stage(pdf, tempfile.mkdtemp())
            total += seconds
            our_cer.append((cer(reference, text), len(reference)))
        ours.append(total)
        floors.append(pgm_floor(pdfs, folder, cfg.ocr.psm))
    rows.append(("pipeline run: ingest+OCR, process pool", median(runs)))
    rows.append((f"floor: pdftoppm -gray PGM, tesseract -P{WORKERS}", median(floors)))
    rows.append(("our OCR stage, one document at a time", median(ours)))
    rows.append((f"bare tesseract -P{WORKERS} on our PNGs, 1 thread", _bare(paths, WORKERS, True,
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
    print(f"{pages} pages at {DPI} dpi, psm {cfg.ocr.psm}, preprocess {cfg.ocr.preprocess}; "
          f"medians of {ROUNDS} interleaved rounds for the first three rows")
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
