"""One input through the configured stages: ``run_notice(path, cfg) -> Notice`` (raises)."""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .config import Config
from .model import Notice, Provenance, Source
from .stages import run_stages
from .text import printable


def provenance(cfg: Config) -> Provenance:
    from .resources import resources_sha256

    return Provenance(
        pipeline_version=__version__,
        config_sha256=cfg.sha256(),
        lexicon_sha256=resources_sha256(),
    )


def run_notice(
    path: str | Path,
    cfg: Config | None = None,
    *,
    id: str | None = None,
    province: str | None = None,
    city: str | None = None,
    timings: dict[str, float] | None = None,
) -> Notice:
    """Run every configured stage on one input and return its Notice.

    Raises ``PipelineError`` when no notice can be made (ingest errors); later stages' errors are
    recorded on the notice, whose status is then ``partial``.
    """
    cfg = cfg or Config()
    path = Path(path)
    notice = Notice(
        id=id or path.stem,
        source=Source(path=printable(str(path)), sha256="", format="text", province=province,
                      city=city),
        provenance=provenance(cfg),
    )
    notice._path = path  # read from; ``source.path`` is what outputs show (undecodable bytes as \xff)
    return run_stages(notice, cfg, timings if timings is not None else {})
