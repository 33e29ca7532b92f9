"""Command line: flags -> Config -> api; errors -> exit codes (0 ok, 1 some inputs failed, 2 usage).

Only click is imported at start-up; the pipeline's modules load when a command runs, so that
``--help`` answers at once.
"""

from __future__ import annotations

import sys
from typing import Any

import click

EXECUTORS = ["serial", "process", "dask"]


def _fail_usage(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-pipeline", prog_name="policy-pipeline")
def main() -> None:
    """Turn Chinese policy notices into structured, comparable data."""


def _progress_printer(total_hint: int | None = None) -> Any:
    """Plain log lines when stderr is not a terminal; a rich progress bar when it is."""
    if not sys.stderr.isatty():
        def plain(result: Any, done: int, total: int) -> None:
            codes = ",".join(e["code"] for e in result.errors)
            note = " (unchanged, skipped)" if result.skipped else ""
            click.echo(f"[{done}/{total}] {result.id}: {result.status}"
                       f"{' ' + codes if codes else ''} {result.seconds:.2f}s{note}", err=True)
        return plain, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), transient=False)
    task_id = bar.add_task("notices", total=total_hint)

    def fancy(result: Any, done: int, total: int) -> None:
        bar.update(task_id, completed=done, total=total, description=f"{result.id[:24]:<24}")
    return fancy, bar


def _summary(report: Any) -> None:
    counts = report.counts
    click.echo(
        f"{len(report.items)} inputs in {report.seconds:.1f}s: {counts['success']} succeeded, "
        f"{counts['partial']} partial, {counts['failure']} failed -> {report.out}", err=True)
    by_code: dict[str, int] = {}
    for item in report.items:
        for error in item.errors:
            by_code[error["code"]] = by_code.get(error["code"], 0) + 1
    for code, count in sorted(by_code.items()):
        click.echo(f"  {code}: {count}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder (notices/, notices.jsonl, matrix, report, run.json).")
@click.option("--workers", type=int, default=None, help="Parallel workers (default: cores).")
@click.option("--executor", type=click.Choice(EXECUTORS), default=None,
              help="How inputs are scheduled (default: process).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:port).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="TOML configuration file.")
@click.option("--force", is_flag=True, help="Redo inputs whose outputs are already up to date.")
def run(paths: tuple[str, ...], out_dir: str, workers: int | None, executor: str | None,
        scheduler: str | None, config_file: str | None, force: bool) -> None:
    """Run the pipeline on PATHS (files, folders, or manifest.csv) into --out."""
    from .api import run_corpus
    from .config import load_config
    from .errors import UsageError

    run_over: dict[str, Any] = {"force": force}
    for key, value in (("workers", workers), ("executor", executor), ("scheduler", scheduler)):
        if value is not None:
            run_over[key] = value
    try:
        cfg = load_config(config_file, {"run": run_over})
        printer, bar = _progress_printer()
        if bar is not None:
            with bar:
                report = run_corpus(list(paths), cfg, out_dir, progress=printer)
        else:
            report = run_corpus(list(paths), cfg, out_dir, progress=printer)
    except UsageError as exc:
        _fail_usage(str(exc))
        return
    _summary(report)
    sys.exit(0 if report.ok else 1)
