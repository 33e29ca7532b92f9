"""Scheduling a corpus run: executors, a bounded number of documents in flight, the run's files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .errors import UsageError

if TYPE_CHECKING:
    from .api import ItemResult, RunReport
    from .inputs import InputItem


def prepare_out(out: Path) -> Path:
    """Create the output folders, or fail the whole run with a usage error (exit 2).

    Temporary files a killed run left behind are removed: they were never outputs (every output
    appears by an atomic rename). One run writes to one output directory at a time.
    """
    try:
        (out / "notices").mkdir(parents=True, exist_ok=True)
        for stale in [*out.glob(".*.tmp"), *(out / "notices").glob(".*.tmp")]:
            stale.unlink(missing_ok=True)
        probe = out / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"output directory {out} is not writable: {exc}") from exc
    return out


def worker_count(cfg: Config) -> int:
    return cfg.run.workers or os.cpu_count() or 1


def mark_pool_worker() -> None:
    """In a pool worker each document's OCR runs one tesseract at a time (documents fill cores)."""
    from .stages.ocr import POOL_WORKER_ENV

    os.environ[POOL_WORKER_ENV] = "1"


def execute(items: list[InputItem], cfg: Config, out: Path) -> Iterator[ItemResult]:
    """Results as documents finish. The process pool keeps a bounded window of documents in
    flight (memory stays flat over thousands of inputs) and recycles each worker process after
    ``run.recycle_after`` documents."""
    from .api import process_item

    if cfg.run.executor == "serial" or len(items) <= 1:
        for item in items:
            yield process_item(item, cfg, out)
        return
    if cfg.run.executor == "dask":
        from .executors import dask_map

        yield from dask_map(items, cfg, out)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    workers = min(worker_count(cfg), len(items))
    window = workers * 4
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=mark_pool_worker, mp_context=context,
                             max_tasks_per_child=cfg.run.recycle_after) as pool:
        pending: set[Future[ItemResult]] = set()
        queue = iter(items)
        for item in queue:
            pending.add(pool.submit(process_item, item, cfg, out))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def cache_report(cfg: Config) -> dict[str, object]:
    """Where the OCR cache is and how big it has grown."""
    from .stages.ocr import cache_dir

    root = cache_dir(cfg)
    files = [p for p in root.rglob("*.json")] if root.is_dir() else []
    return {"dir": str(root), "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


HEAVY_FIELDS = {"text", "raw_text", "repairs"}


def write_comparison(notices: list[dict[str, Any]], cfg: Config, out: Path) -> list[dict[str, Any]]:
    """matrix.csv, matrix.xlsx and report.html from the successful and partial notices.

    A failure here is recorded in run.json (the notices are already written), never raised.
    """
    from .compare import compare, write_matrix
    from .stages.themes import load_taxonomy

    try:
        write_matrix(compare(notices, load_taxonomy(cfg.themes.taxonomy)), out)
    except OSError as exc:
        return [{"stage": "compare", "code": "E602", "message": str(exc), "page": None}]
    except Exception as exc:
        return [{"stage": "compare", "code": "E901", "message": f"{type(exc).__name__}: {exc}",
                 "page": None}]
    return []


def finish(report: RunReport, items: list[InputItem], cfg: Config, out: Path) -> None:
    """notices.jsonl (streamed, input order) and run.json, each written atomically."""
    from .export.files import dumps, open_atomic, write_atomic

    light: list[dict[str, Any]] = []  # what the matrix needs: no full texts, no repair log
    with open_atomic(out / "notices.jsonl") as fh:
        for item in items:
            notice_file = out / "notices" / f"{item.id}.json"
            if notice_file.is_file():
                data = json.loads(notice_file.read_text(encoding="utf-8"))
                fh.write(dumps(data, indent=None).encode("utf-8") + b"\n")
                light.append({k: v for k, v in data.items() if k not in HEAVY_FIELDS})
    report.errors.extend(write_comparison(light, cfg, out))
    report.extra["ocr_cache"] = cache_report(cfg)
    write_atomic(out / "run.json", dumps(report.to_dict()))
