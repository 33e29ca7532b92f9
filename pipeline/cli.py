"""Command line: flags -> Config -> api; errors -> exit codes (0 ok, 1 some inputs failed, 2 usage).

Only click is imported at start-up; the pipeline's modules load when a command runs, so that
``--help`` answers at once.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .config import Config

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
    for code, count in report.by_code().items():
        click.echo(f"  {code}: {count}", err=True)
    stages = list(report.stage_seconds().items())[:3]
    if stages:
        click.echo("  slowest stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in stages), err=True)
    skipped = report.tally().skipped
    if skipped:
        click.echo(f"  {skipped} up to date, skipped (--force redoes them)", err=True)
    for error in getattr(report, "errors", []):
        click.echo(f"  {error['stage']} {error['code']}: {error['message']}", err=True)


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
    from .warmup import start_server_early

    start_server_early(executor, workers)  # its imports overlap this process's own
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
    except KeyboardInterrupt:
        click.echo("interrupted: finished notices are kept; run the same command again to resume",
                   err=True)
        sys.exit(130)
    _summary(report)
    sys.exit(0 if report.ok else 1)


@main.command(name="compare")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder for matrix.csv, matrix.xlsx and report.html.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="TOML configuration file (its [themes] taxonomy is used for labels and --retag).")
@click.option("--retag", is_flag=True,
              help="Re-run the themes stage with the current taxonomy before comparing.")
@click.option("--grouping", type=click.Choice(["auto", "taxonomy", "measures"]), default=None,
              help="Matrix rows: taxonomy themes plus measures aligned across the notices (auto), "
                   "the taxonomy alone, or aligned measures alone (any field). Default: config.")
def compare_cmd(paths: tuple[str, ...], out_dir: str, config_file: str | None, retag: bool,
                grouping: str | None) -> None:
    """Rebuild the matrix, matrix.xlsx and report.html from notice JSON (PATHS: DIR/notices/*.json,
    folders or notices.jsonl). Failed notices are left out (exit 1). The notices are read one
    at a time and what the comparison reads of each waits packed in a scratch file under --out
    (``compare.from_files``), as in a run: memory does not grow with the batch's JSON."""
    from .compare import compare
    from .compare.from_files import PackedFile, notices_in
    from .config import load_config
    from .errors import UsageError
    from .export.matrix_files import write_matrix
    from .export.writer import for_batch
    from .memory import one_heap
    from .stages.themes import load_taxonomy

    one_heap()  # before the comparison's threads allocate (memory.py)
    try:
        cfg = load_config(config_file)
        taxonomy = load_taxonomy(cfg.themes.taxonomy)
    except UsageError as exc:
        _fail_usage(str(exc))
        return
    grouping = grouping or cfg.themes.grouping
    out = Path(out_dir)
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        packed = PackedFile(out, grouping)
    except OSError as exc:
        _fail_usage(f"cannot write to {out}: {exc}")
        return
    with packed:
        try:
            for notice in notices_in(*paths):
                packed.add(_retagged(notice, cfg) if retag else notice)
        except (OSError, ValueError) as exc:
            _unmake(out, made)  # the scratch file has no name: the folder is empty
            _fail_usage(f"cannot read notices: {exc}")
        if not len(packed):
            _unmake(out, made)
            _fail_usage("no notice JSON found in " + " ".join(paths))
        left_out = packed.left_out()
        writer = for_batch(len(packed))  # a large batch's: its imports done while it is compared
        try:
            matrix = compare(packed.records(), taxonomy, grouping=grouping, scratch=out,
                             search_budget=cfg.themes.search_budget)
            files = write_matrix(matrix, out, export=cfg.export, writer=writer)
        finally:
            if writer is not None:
                writer.close()
    task_rows = sum(len(part) for part in matrix.long_parts(present=True, columns=["task_id"]))
    click.echo(f"{len(matrix.notice_rows)} notices x {len(matrix.themes)} themes, "
               f"{task_rows} task rows -> " + ", ".join(str(f) for f in files), err=True)
    if left_out:
        click.echo(f"left out (failed): {', '.join(left_out)}", err=True)
    sys.exit(1 if left_out else 0)


def _retagged(notice: dict[str, Any], cfg: Config) -> dict[str, Any]:
    """The notice with the themes stage run again under the configured taxonomy (--retag)."""
    from .model import Notice
    from .stages.themes import run as tag_themes

    return tag_themes(Notice.model_validate(notice), cfg).model_dump(mode="json")


def _unmake(out: Path, made: bool) -> None:
    """Remove the output folder the command made, when nothing was written into it."""
    if made:
        with contextlib.suppress(OSError):
            out.rmdir()


THRESHOLDS = {
    "min_task_f1": ("tasks", "f1"),
    "min_window": ("window", "rate"),
    "min_department_f1": ("departments", "f1"),
    "min_deadline_f1": ("deadlines", "f1"),
    "min_target_f1": ("targets", "f1"),
    "min_reference_f1": ("references", "f1"),
}


@main.command(name="export")
@click.argument("paths", nargs=-1, required=True)
@click.option("--spacy", "spacy_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for notices.spacy: a spaCy DocBin of the notices (character tokens, span "
                   "groups for tasks, departments, windows, deadlines, limits, targets, references); "
                   "a batch of over 2 M characters as notices-0001.spacy, notices-0002.spacy, ...")
def export_cmd(paths: tuple[str, ...], spacy_dir: str) -> None:
    """Export notices (JSON files, JSON Lines files, folders of them, a run folder) to a spaCy
    DocBin."""
    from itertools import chain

    from .compare.from_files import notices_in
    from .errors import UsageError
    from .export.spacy_doc import write_docbins

    exported = 0

    def notices() -> Any:  # one notice held at a time (the DocBin keeps its arrays only)
        nonlocal exported
        for notice in notices_in(*paths):
            if notice.get("status") != "failure" and notice.get("text"):
                exported += 1
                yield notice

    found = notices()
    try:
        first = next(found, None)
    except (OSError, ValueError) as exc:
        _fail_usage(f"cannot read notices: {exc}")
        return
    if first is None:
        _fail_usage("no notice with text found in " + " ".join(paths))
        return
    folder = Path(spacy_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = write_docbins(chain([first], found), folder)
    except (OSError, ValueError, UsageError) as exc:
        _fail_usage(str(exc))
        return
    shown = written[0] if len(written) == 1 else f"{len(written)} files in {folder}"
    click.echo(f"{exported} notices -> {shown}", err=True)


@main.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="Folder of gold/<id>.json files.")
@click.option("--pred", "pred_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="Folder of predicted notices (DIR/notices).")
@click.option("--min-task-f1", type=float, default=None, help="Fail below this task F1.")
@click.option("--min-window", type=float, default=None, help="Fail below this window exact rate.")
@click.option("--min-department-f1", type=float, default=None)
@click.option("--min-deadline-f1", type=float, default=None)
@click.option("--min-target-f1", type=float, default=None)
@click.option("--min-reference-f1", type=float, default=None)
@click.option("--require-header", is_flag=True,
              help="Fail unless doc_number, issue_date and province are exact on every notice.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(gold_dir: str, pred_dir: str, require_header: bool, as_json: bool,
             **minimums: float | None) -> None:
    """Precision/recall/F1 per field of predicted notices against gold annotations."""
    import json
    from pathlib import Path

    from .evaluate import evaluate, table

    pred = Path(pred_dir)
    if (pred / "notices").is_dir():
        pred = pred / "notices"  # --pred out: the run's folder, its notices are in notices/
    if not any(pred.glob("*.json")):
        _fail_usage(f"no notice JSON files in {pred_dir} (a run writes them to OUT/notices)")
        return
    scores = evaluate(Path(gold_dir), pred)
    if as_json:
        click.echo(json.dumps({
            "prf": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1}
                    for k, v in scores.prf.items()},
            "exact": {k: {"rate": v.rate, "misses": v.misses} for k, v in scores.exact.items()},
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(table(scores))
    failures = []
    for option, (field_name, measure) in THRESHOLDS.items():
        minimum = minimums.get(option)
        if minimum is None:
            continue
        source = scores.prf.get(field_name) or scores.exact[field_name]
        value = getattr(source, measure)
        if value < minimum:
            failures.append(f"{field_name} {measure} {value:.3f} < {minimum}")
    if require_header:
        for key in ("doc_number", "issue_date", "province"):
            if scores.exact[key].rate < 1.0:
                failures.append(f"{key} wrong for {', '.join(scores.exact[key].misses)}")
    for failure in failures:
        click.echo(f"below threshold: {failure}", err=True)
    sys.exit(1 if failures or scores.missing else 0)
