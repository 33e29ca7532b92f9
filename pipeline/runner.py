"""Scheduling a corpus run: executors, a bounded number of documents in flight, the run's files."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .errors import UsageError
from .warmup import PRELOAD

if TYPE_CHECKING:
    from .batch import ItemResult, RunReport
    from .compare.records import Packed
    from .export.writer import Writer
    from .gather import Gathered
    from .inputs import InputItem


def prepare_out(out: Path) -> Path:
    """Create the output folders, or fail the whole run with a usage error (exit 2).

    Temporary files a killed run left behind are removed: they were never outputs (every output
    appears by an atomic rename). The caller holds the folder's lock (``locked``), so no other
    run's temporary files are among them.
    """
    try:
        (out / "notices").mkdir(parents=True, exist_ok=True)
        remove_temporaries(out)
        probe = out / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"output directory {out} is not writable: {exc}") from exc
    return out


def remove_temporaries(out: Path) -> None:
    """Half-written files and the work folder of a run that stopped (killed, interrupted)."""
    for stale in [*out.glob(".*.tmp"), *(out / "notices").glob(".*.tmp")]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)  # an older version's xlsx scratch folder
        else:
            stale.unlink(missing_ok=True)
    shutil.rmtree(out / TEMP_DIR, ignore_errors=True)


TEMP_DIR = ".work"  # page images and tesseract's files while the run lasts, under --out
LOCK_FILE = ".lock"


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """One run per output folder: a second run into the same --out stops with a usage error
    instead of deleting the first one's files in flight."""
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / LOCK_FILE).open("a")
    except OSError as exc:
        raise UsageError(f"output directory {out} is not writable: {exc}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise UsageError(f"another run is writing to {out}; wait for it or choose another --out"
                         ) from exc
    try:
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C: the run stops, writes what it has and exits 130."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def worker_count(cfg: Config) -> int:
    return cfg.run.workers or os.cpu_count() or 1


def init_worker(temp_dir: str) -> None:
    """A pool worker: its temporary files under the run's own folder."""
    tempfile.tempdir = temp_dir


FAILURES = {"timeout": "E903", "died": "E902", "crashed": "E901"}


def start_workers_early(cfg: Config) -> None:
    """When a run will use the process pool, start its fork server before the inputs are
    collected: the server imports and warms the stages on the other core meanwhile (the command
    line has started it already from its flags)."""
    from .warmup import start_server_early

    start_server_early(cfg.run.executor, cfg.run.workers)


def execute(items: Sequence[InputItem], cfg: Config, out: Path) -> Iterator[tuple[int, ItemResult]]:
    """Results as documents finish, each with its input's place in ``items``, whatever executor
    runs them (``executors``); an input whose worker died or that outlived ``run.timeout`` is
    recorded as failed and the batch goes on."""
    from . import executors
    from .batch import failed_item, process_item

    temp = out / TEMP_DIR
    temp.mkdir(exist_ok=True)
    timeout = cfg.run.timeout or None
    serial = cfg.run.executor == "serial" or len(items) <= 1
    worker_cfg = cfg if serial else cfg.model_copy(
        update={"run": cfg.run.model_copy(update={"in_pool": True})})
    task = functools.partial(process_item, cfg=worker_cfg, out_dir=out)
    if serial:
        outcomes = executors.serial(items, task, timeout=timeout)
    elif cfg.run.executor == "dask":
        outcomes = executors.dask(items, task, workers=worker_count(cfg), initializer=init_worker,
                                  initargs=(str(temp),), scheduler=cfg.run.scheduler)
    else:
        recycle = executors.Recycle(growth=cfg.run.recycle_growth_mb << 20,
                                    after=cfg.run.recycle_after)
        outcomes = executors.pool(items, task, workers=worker_count(cfg), initializer=init_worker,
                                  initargs=(str(temp),), timeout=timeout, recycle=recycle,
                                  preload=PRELOAD)
    system_temp = tempfile.tempdir
    if serial:
        tempfile.tempdir = str(temp)  # page images and tesseract's files: under --out, removed
    try:
        for outcome in outcomes:
            if outcome.result is not None:
                yield outcome.index, outcome.result
            else:
                yield outcome.index, failed_item(outcome.item, cfg, out,
                                                 FAILURES[outcome.kind or "crashed"],
                                                 outcome.failure or "")
    finally:
        tempfile.tempdir = system_temp
        shutil.rmtree(temp, ignore_errors=True)


def cache_report(cfg: Config, counted: bool = True) -> dict[str, object]:
    """Where the OCR cache is and, when ``counted`` (the run read a page by OCR), how big it has
    grown: its readings and their bytes. Counting visits every reading a researcher's runs ever
    cached (a second per hundred thousand), so a run that OCR'd nothing gives ``None`` for both
    instead of paying for it."""
    from .startup_cache import ocr_cache_dir  # not the OCR stage's imports, in a text-only run

    root = ocr_cache_dir(cfg.ocr.cache_dir)
    files = size = 0
    if counted:  # os.walk: no symbolic link to a folder followed; an unreadable one skipped
        for folder, _, names in os.walk(root):
            for name in names:
                if name.endswith(".json"):
                    with contextlib.suppress(OSError):  # removed meanwhile by a clean-up
                        size += os.path.getsize(os.path.join(folder, name))
                        files += 1
    return {"dir": str(root), "files": files if counted else None,
            "bytes": size if counted else None}


def write_comparison(notices: Packed | list[dict[str, Any]], cfg: Config, out: Path,
                     writer: Writer | None = None) -> list[dict[str, Any]]:
    """matrix.csv, matrix.xlsx and report.html from the successful and partial notices (a
    list, or the run's packed records; emptied once the matrix is built); ``writer``: the
    report's writer process if the run started one (``export.writer.for_batch``), stopped
    before this returns.

    A failure here is recorded in run.json (the notices are already written), never raised.
    """
    from .compare import compare
    from .export.matrix_files import write_matrix
    from .stages.themes import load_taxonomy

    try:
        matrix = compare(notices, load_taxonomy(cfg.themes.taxonomy), grouping=cfg.themes.grouping,
                         scratch=out, search_budget=cfg.themes.search_budget)
        notices.clear()  # the tables hold what the files need: the notices go before they are written
        write_matrix(matrix, out, export=cfg.export, writer=writer)
    except OSError as exc:
        return [{"stage": "compare", "code": "E602", "message": str(exc), "page": None}]
    except Exception as exc:
        return [{"stage": "compare", "code": "E901", "message": f"{type(exc).__name__}: {exc}",
                 "page": None}]
    finally:
        if writer is not None:
            writer.close()  # stopped when the comparison failed before it was given its work
    return []


def finish(report: RunReport, cfg: Config, out: Path, gathered: Gathered,
           writer: Writer | None = None) -> None:
    """notices.jsonl (input order) and the comparison from what ``gathered`` took in as the
    documents finished, then run.json, each written atomically. A full disk (or any write error)
    is recorded, not raised: run.json is tried last, and if even it cannot be written the error
    goes to the caller's report (the CLI prints it)."""
    from .export.files import dumps_parts, write_parts

    try:
        gathered.jsonl(out / "notices.jsonl")
    except (OSError, ValueError) as exc:
        report.errors.append({"stage": "export", "code": "E602",
                              "message": f"notices.jsonl: {exc}", "page": None})
    report.errors.extend(write_comparison(gathered.records(), cfg, out, writer))
    report.extra["ocr_cache"] = cache_report(cfg, any(item.ocr for item in report.items))
    try:
        write_parts(out / "run.json", dumps_parts(report.summary(), "inputs",
                                                  (item.to_dict() for item in report.items)))
    except OSError as exc:
        report.errors.append({"stage": "export", "code": "E602", "message": f"run.json: {exc}",
                              "page": None})
        report.unwritten = True
