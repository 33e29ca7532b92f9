"""Text-input throughput: notices per second for the serial and process executors.

The corpus notices are copied N times (distinct ids) so the pool has work; start-up (imports,
gazetteer compilation, worker spawn) is measured separately from the steady rate.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config

ROOT = Path(__file__).resolve().parent.parent
COPIES = 40


def _corpus(folder: Path) -> int:
    sources = [p for p in (ROOT / "corpora").iterdir() if p.suffix in (".txt", ".md")]
    for k in range(COPIES):
        for src in sources:
            shutil.copy(src, folder / f"{src.stem.replace('.', '-')}-{k:03d}{src.suffix}")
    return COPIES * len(sources)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        count = _corpus(src)
        warm = load_config(None, {"run": {"executor": "serial", "force": True}})
        started = time.perf_counter()
        run_corpus([ROOT / "corpora" / "manifest.csv"], warm, Path(tmp) / "warm")
        print(f"start-up + 5 notices (serial): {time.perf_counter() - started:.2f}s")
        for executor in ("serial", "process"):
            cfg = load_config(None, {"run": {"executor": executor, "force": True}})
            started = time.perf_counter()
            report = run_corpus([src], cfg, Path(tmp) / executor)
            seconds = time.perf_counter() - started
            assert report.counts["success"] == count, report.counts
            print(f"{executor:<8} {count} notices in {seconds:.2f}s = {count / seconds:.1f} notices/s")


if __name__ == "__main__":
    main()
