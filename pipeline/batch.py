"""One input of a batch: ``process_item`` runs it and writes its notice, never raising for it;
``ItemResult`` and ``RunReport`` are what run.json records."""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .document import provenance, run_notice
from .errors import PipelineError
from .indexed import Kept
from .inputs import InputItem
from .model import ErrorRecord, Notice, Source
from .text import printable


@dataclass(slots=True)
class ItemResult:
    id: str
    path: str
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    pages: int = 0
    ocr: bool = False
    tasks: int = 0
    skipped: bool = False
    given_id: str | None = None  # the manifest's id, where it was not safe as a file name
    # handed to the run by the worker, not recorded in run.json: the notice's notices.jsonl line
    # and what the comparison reads of it (``compare.record``, packed), so the run need not read
    # it back
    line: bytes | None = field(default=None, repr=False)
    record: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """What run.json records of the input (its errors and timings copied)."""
        out = {name: getattr(self, name) for name in RECORDED}
        out["errors"] = [dict(e) for e in self.errors]
        out["timings"] = dict(self.timings)
        return out


TRANSIENT = frozenset({"line", "record"})
RECORDED = tuple(f.name for f in fields(ItemResult) if f.name not in TRANSIENT)


class Results(Kept[ItemResult]):
    """A run's results, each kept pickled (its line and record left out) in a file under
    ``folder`` (``--out``) or, without one, in memory, and unpickled afresh each time it is read
    (``Kept``): a run keeps every input's result until run.json is written, and 20,000 of them
    as objects took 16 MB. ``ordered`` gives them in another order (the inputs'), reading the
    same file."""

    PREFIX = ".results."

    def _encode(self, item: ItemResult) -> bytes:
        return pickle.dumps(replace(item, line=None, record=None), protocol=pickle.HIGHEST_PROTOCOL)

    def _decode(self, data: bytes) -> ItemResult:
        return pickle.loads(data)  # type: ignore[no-any-return]

    def ordered(self, numbers: Iterable[int]) -> Results:
        """The results of these numbers, in this order."""
        places = array("q")
        for n in numbers:
            places.extend(self._places[2 * n:2 * n + 2])
        return Results(_spill=self._spill, _places=places)


@dataclass
class Tally:
    """A run's results counted in one pass over them (``RunReport.tally``)."""

    counts: dict[str, int]
    codes: dict[str, int]  # error code -> how many
    stages: dict[str, float]  # seconds per stage, slowest first
    pages: int
    skipped: int
    all_success: bool


@dataclass
class RunReport:
    out: str
    config_sha256: str
    pipeline_version: str
    items: Sequence[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)  # run-level: the matrix outputs
    unwritten: bool = False  # run.json itself could not be written (the disk is full)
    extra: dict[str, Any] = field(default_factory=dict)
    # the last tally and the items it counted (the object, held, and its length): a run's items
    # are kept pickled and read back whole on each pass, so the summary and the command line's
    # lines count them once
    _tallied: tuple[Sequence[ItemResult], int, Tally] | None = field(default=None, repr=False,
                                                                      compare=False)

    def tally(self) -> Tally:
        items = self.items
        if self._tallied is not None and self._tallied[0] is items and self._tallied[1] == len(items):
            return self._tallied[2]
        counts = {"success": 0, "partial": 0, "failure": 0}
        codes: dict[str, int] = {}
        totals: dict[str, float] = {}
        pages = skipped = 0
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
            for error in item.errors:
                codes[error["code"]] = codes.get(error["code"], 0) + 1
            for stage, seconds in item.timings.items():
                totals[stage] = totals.get(stage, 0.0) + seconds
            pages += item.pages
            skipped += item.skipped
        stages = {k: round(v, 3) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}
        done = Tally(counts, dict(sorted(codes.items())), stages, pages, skipped,
                     counts["success"] == len(items))
        self._tallied = (items, len(items), done)
        return done

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.tally().counts)

    @property
    def ok(self) -> bool:
        return self.tally().all_success and not self.errors

    def by_code(self) -> dict[str, int]:
        return dict(self.tally().codes)

    def stage_seconds(self) -> dict[str, float]:
        """Total seconds per stage over the run, slowest first."""
        return dict(self.tally().stages)

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "inputs": [item.to_dict() for item in self.items]}

    def summary(self) -> dict[str, Any]:
        """``to_dict`` but its inputs (written one at a time: ``export.files.dumps_parts``)."""
        return {
            "out": self.out,
            "pipeline_version": self.pipeline_version,
            "config_sha256": self.config_sha256,
            "counts": self.counts,
            "errors_by_code": self.by_code(),
            "stage_seconds": self.stage_seconds(),
            "pages": self.tally().pages,
            "skipped_up_to_date": self.tally().skipped,
            "seconds": round(self.seconds, 3),
            **self.extra,
            "errors": self.errors,
        }


def _input_sha256(path: Path, limit: int = 100_000_000) -> str | None:
    """The input's hash; None for what is not a regular file (a FIFO would block, /dev/zero never
    ends) or is larger than ``limit``. Read in blocks, so memory stays flat."""
    import stat

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _already_done(item: InputItem, out_file: Path, cfg: Config) -> ItemResult | None:
    """A previous run's output for the same input bytes and config, if there is one."""
    if cfg.run.force or not out_file.is_file():
        return None
    try:
        old = json.loads(out_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    same = (
        old.get("source", {}).get("sha256") == _input_sha256(item.path)
        and old.get("provenance", {}).get("config_sha256") == cfg.sha256()
        and old.get("provenance", {}).get("pipeline_version") == __version__
        and old.get("status") != "failure"
    )
    if not same:
        return None
    return ItemResult(
        id=item.id, given_id=item.given_id, path=printable(str(item.path)), status=old["status"],
        errors=old.get("errors", []),
        pages=old["source"].get("pages", 0), ocr=old["source"].get("ocr") is not None,
        tasks=len(old.get("tasks", [])), skipped=True,
    )


def _failed_notice(item: InputItem, cfg: Config, exc: PipelineError) -> Notice:
    notice = Notice(
        id=item.id,
        source=Source(path=printable(str(item.path)), sha256=_input_sha256(item.path) or "",
                      format="text", province=item.province, city=item.city),
        provenance=provenance(cfg),
        status="failure",
    )
    notice.errors.append(ErrorRecord(stage=exc.stage, code=exc.code, message=exc.message,
                                     page=exc.page))
    return notice


def process_item(item: InputItem, cfg: Config, out_dir: Path) -> ItemResult:
    """Run one input and write ``notices/<id>.json`` atomically. Never raises for the input."""
    from .compare.records import pack, record
    from .export.files import notice_texts, write_atomic
    from .export.notice_json import to_dict, validate

    out_file = out_dir / "notices" / f"{item.id}.json"
    done = _already_done(item, out_file, cfg)
    if done is not None:
        return done
    started = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        if item.error:
            raise PipelineError(*item.error)
        notice = run_notice(item.path, cfg, id=item.id, province=item.province, city=item.city,
                            timings=timings)
    except PipelineError as exc:
        notice = _failed_notice(item, cfg, exc)
    except Exception as exc:
        notice = _failed_notice(item, cfg, PipelineError("E901", f"{type(exc).__name__}: {exc}"))
    data = to_dict(notice)
    try:
        if cfg.export.validate_schema:
            validate(data)
    except PipelineError as exc:
        notice = _failed_notice(item, cfg, exc)
        data = to_dict(notice)
    text, line = notice_texts(data)
    result = ItemResult(
        id=item.id, given_id=item.given_id, path=printable(str(item.path)), status=notice.status,
        errors=[e.model_dump() for e in notice.errors], timings=timings,
        pages=notice.source.pages if notice.text else 0, ocr=notice.source.ocr is not None,
        tasks=len(notice.tasks),
    )
    try:
        write_atomic(out_file, text, sync=False)  # resumable without it: files.open_atomic
    except OSError as exc:
        result.status = "failure"
        result.errors.append({"stage": "export", "code": "E602", "message": str(exc), "page": None})
    else:
        result.line = line.encode("utf-8") + b"\n"
        result.record = pack(record(data))
    result.seconds = round(time.perf_counter() - started, 6)
    return result


def failed_item(item: InputItem, cfg: Config, out_dir: Path, code: str, message: str) -> ItemResult:
    """The record of an input that never came back from its worker (it died, or outlived its
    time budget): a failed notice is written for it, as for any failed input."""
    from .export.files import write_atomic
    from .export.notice_json import to_json

    notice = _failed_notice(item, cfg, PipelineError(code, message))
    result = ItemResult(id=item.id, given_id=item.given_id, path=printable(str(item.path)), status="failure",
                        errors=[e.model_dump() for e in notice.errors])
    try:
        write_atomic(out_dir / "notices" / f"{item.id}.json", to_json(notice, check=False))
    except OSError as exc:
        result.errors.append({"stage": "export", "code": "E602", "message": str(exc), "page": None})
    return result
