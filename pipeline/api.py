"""Library entry points: ``run_notice`` (one input, raises) and ``run_corpus`` (never raises per input)."""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Generator
from pathlib import Path

from . import __version__
from .batch import ItemResult, Results, RunReport, failed_item, process_item
from .config import Config
from .document import run_notice
from .gather import Gathered, import_comparison_early
from .inputs import Inputs, collect
from .memory import one_heap
from .stages import plan

__all__ = ["ItemResult", "RunReport", "failed_item", "process_item", "run_corpus", "run_notice"]


def run_corpus(
    paths: list[str | Path],
    cfg: Config | None = None,
    out_dir: str | Path = "out",
    progress: Callable[[ItemResult, int, int], None] | None = None,
) -> RunReport:
    """Run every input found in ``paths``; write notices, notices.jsonl and run.json under out_dir.

    One input's failure is recorded in its result and the batch goes on. Outputs are written
    atomically; a re-run skips inputs whose output is up to date, so an interrupted run resumes.
    """
    from .runner import locked, prepare_out, start_workers_early, terminated_as_interrupt

    cfg = cfg or Config()
    plan(cfg.stages)
    one_heap()  # before the run's threads allocate: the heaps they leave are then trimmed
    start_workers_early(cfg)
    import_comparison_early(cfg.themes.grouping)
    out = Path(out_dir)
    with locked(out), terminated_as_interrupt():
        prepare_out(out)
        return _run(paths, cfg, out, progress)


def _run(paths: list[str | Path], cfg: Config, out: Path,
         progress: Callable[[ItemResult, int, int], None] | None) -> RunReport:
    """The run of the inputs found in ``paths``. Only this frame holds them (16 bytes each,
    ``Inputs``), and it lets them go once every document is in, before the comparison."""
    from .export.writer import for_batch
    from .runner import execute, finish

    items = collect(paths, out)
    writer = for_batch(len(items))  # a large batch's report writer, imported meanwhile
    try:
        report = RunReport(out=str(out), config_sha256=cfg.sha256(), pipeline_version=__version__)
        started = time.perf_counter()
        # by input place: its result's number in ``kept`` (-1: none yet); not a dict by id,
        # which held each result's own id string as well (20,000 inputs: about 2 MB)
        results = array("q", [-1]) * len(items)
        kept = Results(out)
        gathered = Gathered(out, len(items), cfg.themes.grouping)
        try:
            _gather(items, execute(items, cfg, out), results, kept, gathered, progress, report,
                    cfg, started)
            del items  # the outcomes' generator is done with them too
            report.items = kept.ordered(results)
            report.seconds = time.perf_counter() - started
            finish(report, cfg, out, gathered, writer)
        finally:
            gathered.close()
        return report
    finally:
        if writer is not None:
            writer.close()  # stopped whatever ended the run


def _gather(items: Inputs, running: Generator[tuple[int, ItemResult], None, None],
            results: array[int], kept: Results, gathered: Gathered,
            progress: Callable[[ItemResult, int, int], None] | None, report: RunReport,
            cfg: Config, started: float) -> None:
    """Take in results as documents finish. On Ctrl-C or SIGTERM the workers are stopped and
    their half-written files removed; what finished is written and recorded, then it re-raises."""
    from .runner import finish, remove_temporaries

    done = 0
    try:
        for place, result in running:
            gathered.add(result, place)
            done += results[place] < 0
            results[place] = kept.append(result)
            if progress is not None:
                progress(result, done, len(items))
    except KeyboardInterrupt:
        running.close()
        out = Path(report.out)
        remove_temporaries(out)
        listed = [n for n in results if n >= 0]
        report.items = kept.ordered(listed)
        report.seconds = time.perf_counter() - started
        # the inputs listed, not ``done``: the interrupt may come between counting a result and
        # keeping it (run.json said 5 done of 4 listed)
        report.extra["interrupted"] = {"done": len(listed), "of": len(items)}
        finish(report, cfg, out, gathered)
        raise
