"""Stage registry and runner: orders stages from the config and checks what each one needs.

Each stage is a module under ``pipeline.stages`` with ``run(notice, cfg) -> notice``. Modules are
imported lazily, when a run first needs them.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..config import Config
from ..errors import PipelineError, UsageError
from ..model import Notice


@dataclass(frozen=True)
class Stage:
    name: str
    module: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def load(self) -> Callable[[Notice, Config], Notice]:
        return importlib.import_module(self.module, __package__).run  # type: ignore[no-any-return]


REGISTRY: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("ingest", ".ingest", (), ("raw_text", "text", "source")),
        Stage("ocr", ".ocr", ("source",), ("raw_text", "text")),
        Stage("repair", ".repair", ("raw_text",), ("text", "repairs", "quality")),
        Stage("outline", ".outline", ("text",), ("sections", "tasks")),
        Stage("header", ".header", ("text", "sections"), ("doc",)),
        Stage("times", ".extract.times", ("tasks", "doc"), ("task_times", "deadlines")),
        Stage("departments", ".extract.departments", ("tasks",), ("departments",)),
        Stage("targets", ".extract.targets", ("tasks", "sections"), ("targets",)),
        Stage("references", ".extract.references", ("text", "doc"), ("references",)),
        Stage("themes", ".themes", ("tasks",), ("themes",)),
    )
}


# Former names still accepted in a configuration's stage list.
ALIASES = {"structure": "outline"}


def plan(names: list[str]) -> list[Stage]:
    """Validate a stage list: known names, ingest first, every requirement provided earlier."""
    names = [ALIASES.get(n, n) for n in names]
    if not names or names[0] != "ingest":
        raise UsageError("the stage list must start with 'ingest'")
    have: set[str] = set()
    stages: list[Stage] = []
    for name in names:
        stage = REGISTRY.get(name)
        if stage is None:
            raise UsageError(f"unknown stage {name!r}; known: {', '.join(REGISTRY)}")
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise UsageError(f"stage {name!r} needs {missing} from an earlier stage")
        have.update(stage.provides)
        stages.append(stage)
    return stages


def run_stages(notice: Notice, cfg: Config, timings: dict[str, float]) -> Notice:
    """Run the configured stages in order.

    A fatal ``PipelineError`` propagates (no notice can be made). A non-fatal error or an
    unexpected exception is recorded on the notice; stages that needed its output are skipped.
    """
    broken: set[str] = set()
    for stage in plan(cfg.stages):
        lost = [r for r in stage.requires if r in broken]
        if lost:
            notice.add_error(stage.name, "E901", f"skipped: needs {lost} from a failed stage")
            broken.update(stage.provides)
            continue
        started = time.perf_counter()
        try:
            notice = stage.load()(notice, cfg)
        except PipelineError as exc:
            if exc.fatal:
                raise
            notice.add_error(stage.name, exc.code, exc.message, exc.page)
            broken.update(stage.provides)
        except MemoryError as exc:
            if stage.name == "ingest":
                raise PipelineError("E106", "the input needs more memory than there is") from exc
            notice.add_error(stage.name, "E901", "MemoryError")
            broken.update(stage.provides)
        except Exception as exc:
            if stage.name == "ingest":  # a reader's own exception: the input is not readable
                raise PipelineError("E108", f"unreadable input: {type(exc).__name__}: {exc}") from exc
            notice.add_error(stage.name, "E901", f"{type(exc).__name__}: {exc}")
            broken.update(stage.provides)
        finally:
            timings[stage.name] = round(time.perf_counter() - started, 6)
    return notice
