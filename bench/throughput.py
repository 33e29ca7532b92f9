"""Text-input throughput, every figure next to the jieba floor over the same texts measured in the
same run: the development corpus and 2,000 synthetic notices end to end (``bench.scale``'s), then
notices per second for each executor on corpus copies.

The floor (issue 17): ``jieba.lcut`` over the same texts in one process, its dictionary load
included, an HTML page's text taken by BeautifulSoup; the pipeline: ``run_corpus`` with the process
executor, every output written (notices, notices.jsonl, matrix.csv/xlsx, report.html, run.json).
Rounds interleave the two and the medians are compared, so both see the machine in the same state.

Corpus notices are copied N times under distinct ids. "text" is the notices that are text as
written (Word/PDF-layer exports); "mixed" adds the raw OCR dump, whose repair costs far more. The
steady rate is taken between the first and the last notice to finish, so worker start-up
(imports, jieba's dictionary, gazetteer compilation) is reported apart.
"""

from __future__ import annotations

import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config

ROOT = Path(__file__).resolve().parent.parent
COPIES = 100
CORPUS = ROOT.parent / "shared" / "corpus-dev"
ROUNDS = 3
FLOOR = """
import csv, logging, sys, time
from pathlib import Path
start = time.perf_counter()
import jieba
from bs4 import BeautifulSoup
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
root = Path(sys.argv[1])
if (root / "manifest.csv").is_file():
    paths = [root / row["file"] for row in csv.DictReader(open(root / "manifest.csv", encoding="utf-8"))]
else:
    paths = sorted(p for p in root.iterdir() if p.is_file())
for path in paths:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        text = BeautifulSoup(text, "html.parser").get_text()
    jieba.lcut(text)
print(time.perf_counter() - start)
"""


def floor_seconds(corpus: Path = CORPUS) -> float:
    """The jieba floor in a fresh interpreter (its imports and dictionary load counted, as the
    pipeline's are), over a folder with a manifest.csv or over every file of a folder."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR, str(corpus)], check=True, capture_output=True)
    return time.perf_counter() - started


def _pipeline_seconds(source: Path, out: Path) -> float:
    """``policy-pipeline run`` in a fresh process (a manifest or a folder), outputs included."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(source), "--out", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def ratio(name: str, corpus: Path, source: Path, notices: int, rounds: int = ROUNDS) -> float:
    """The pipeline end to end against the jieba floor, medians of interleaved rounds."""
    floors, runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            floors.append(floor_seconds(corpus))
            runs.append(_pipeline_seconds(source, Path(tmp) / "out"))
    floor, run = statistics.median(floors), statistics.median(runs)
    print(f"{name}, {notices} notices, median of {rounds} interleaved rounds:")
    print(f"  jieba floor {floor:.2f} s ({notices / floor:.1f}/s)   pipeline end to end {run:.2f} s "
          f"({notices / run:.1f}/s)   ratio {run / floor:.2f}x", flush=True)
    return run / floor


def floor_ratio() -> None:
    if not (CORPUS / "manifest.csv").is_file():
        print("../shared/corpus-dev not here: no floor ratio")
        return
    with open(CORPUS / "manifest.csv", encoding="utf-8") as fh:
        notices = sum(1 for _ in csv.DictReader(fh))
    ratio("development corpus", CORPUS, CORPUS / "manifest.csv", notices)


def synthetic_ratio(n: int = 2000) -> None:
    """The same on ``bench.scale``'s synthetic notices (the corpus's text notices moved to other
    provinces, their items shuffled)."""
    from .scale import synthesize

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        synthesize(src, n)
        ratio("synthetic notices", src, src, n)


SERIAL = """
import sys, time
from pathlib import Path
from pipeline.batch import process_item
from pipeline.config import load_config
from pipeline.inputs import collect
from pipeline.warmup import warm_up
warm_up()
cfg = load_config(None, {"run": {"force": True}})
out = Path(sys.argv[2])
items = collect([Path(sys.argv[1])], out)
started = time.process_time()
for item in items:
    process_item(item, cfg, out)
print(time.process_time() - started)
"""


def serial_seconds(source: Path, rounds: int = ROUNDS) -> float:
    """CPU seconds of every notice of ``source`` in one fresh process after the pool's warm-up
    (``warmup.warm_up``), outputs written: the pipeline's own work without start-up, workers or
    the comparison — a figure that moves far less than the floors do (the median of ``rounds``)."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            out = Path(tmp) / str(k)
            out.mkdir()
            done = subprocess.run([sys.executable, "-c", SERIAL, str(source), str(out)], check=True,
                                  capture_output=True, text=True, cwd=ROOT)
            runs.append(float(done.stdout.split()[-1]))
    return statistics.median(runs)


def serial() -> None:
    from .scale import synthesize

    if (CORPUS / "manifest.csv").is_file():
        print(f"serial, one process after the warm-up: development corpus "
              f"{serial_seconds(CORPUS / 'manifest.csv'):.2f} s of CPU", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        synthesize(src, 400)
        print(f"serial, one process after the warm-up: 400 synthetic notices {serial_seconds(src):.2f} s of CPU",
              flush=True)


def _corpus(folder: Path, mixed: bool) -> int:
    sources = [p for p in sorted((ROOT / "corpora").iterdir()) if p.suffix in (".txt", ".md")
               and (mixed or ".ocr." not in p.name)]
    for k in range(COPIES):
        for src in sources:
            shutil.copy(src, folder / f"{k:03d}-{src.name.replace('.ocr', '')}")
    return COPIES * len(sources)


def measure(src: Path, out: Path, executor: str) -> tuple[int, float, float]:
    """(notices, seconds in all, steady notices/s)."""
    stamps: list[float] = []
    cfg = load_config(None, {"run": {"executor": executor, "force": True}})
    started = time.perf_counter()
    report = run_corpus([src], cfg, out, progress=lambda *_: stamps.append(time.perf_counter()))
    seconds = time.perf_counter() - started
    assert report.counts["success"] == len(report.items), report.counts
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else float("nan")
    return len(report.items), seconds, steady


def main() -> None:
    floor_ratio()
    synthetic_ratio()
    serial()
    print(f"{'corpus':<7}{'executor':<9}{'notices':>8}{'seconds':>9}{'all/s':>8}{'steady/s':>10}"
          f"{'floor s':>9}{'x floor':>9}")
    for mixed in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            src.mkdir()
            _corpus(src, mixed)
            for executor in ("serial", "process", "dask"):
                floor = floor_seconds(src)
                n, seconds, steady = measure(src, Path(tmp) / executor, executor)
                print(f"{'mixed' if mixed else 'text':<7}{executor:<9}{n:>8}{seconds:>9.1f}"
                      f"{n / seconds:>8.1f}{steady:>10.1f}{floor:>9.1f}{seconds / floor:>9.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
