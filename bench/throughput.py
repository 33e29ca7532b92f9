"""Text-input throughput: notices per second for each executor, after start-up.

Corpus notices are copied N times under distinct ids. "text" is the notices that are text as
written (Word/PDF-layer exports); "mixed" adds the raw OCR dump, whose repair costs far more. The
steady rate is taken between the first and the last notice to finish, so worker start-up
(imports, jieba's dictionary, gazetteer compilation) is reported apart.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config

ROOT = Path(__file__).resolve().parent.parent
COPIES = 100


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
    print(f"{'corpus':<7}{'executor':<9}{'notices':>8}{'seconds':>9}{'all/s':>8}{'steady/s':>10}")
    for mixed in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            src.mkdir()
            _corpus(src, mixed)
            for executor in ("serial", "process", "dask"):
                n, seconds, steady = measure(src, Path(tmp) / executor, executor)
                print(f"{'mixed' if mixed else 'text':<7}{executor:<9}{n:>8}{seconds:>9.1f}"
                      f"{n / seconds:>8.1f}{steady:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
