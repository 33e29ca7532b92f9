"""One validated ``Config``: defaults in code, then a TOML file, then command-line flags."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import UsageError

DEFAULT_STAGES = [
    "ingest",
    "ocr",
    "repair",
    "outline",
    "header",
    "times",
    "departments",
    "targets",
    "references",
    "themes",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestConfig(_Section):
    max_bytes: int = Field(20_000_000, description="larger inputs fail with E106")
    max_pixels: int = Field(
        60_000_000, description="a page image or rendered PDF page larger than this fails with E106 "
        "(an A4 page at 600 dpi is 35 million)")
    raw_page_pixels: int = Field(
        200_000_000, description="pages of one image input (a multi-page TIFF) kept as raw grey "
        "pixels until they add up to this many (about 50 A4 pages at 200 dpi, 200 MB); the rest as "
        "PNG, which costs encoding and decoding, a tenth of a page's OCR (bench/ocr). A scanned "
        "PDF's pages are rendered when they are read, so only those being read are in memory")
    max_unpacked_bytes: int = Field(
        200_000_000, description="a DOCX whose members unpack to more than this fails with E106")
    min_cjk_ratio: float = Field(0.05, description="below this share of CJK characters: E107")
    min_layer_quality: float = Field(0.8, description="a PDF text layer scoring lower is OCR'd")


class OcrConfig(_Section):
    lang: str = "chi_sim"
    dpi: int = Field(200, description="rendering resolution for PDF pages without a text layer")
    psm: int = Field(3, description="tesseract page segmentation mode (chosen by bench/ocr)")
    preprocess: Literal["none", "binarize"] = "none"
    route_below: float = Field(
        90.0, description="a page whose OCR mean confidence is under this is read again deskewed "
        "and binarised, and the more confident reading kept (0: never; bench/scans_real)")
    route_always_below: float = Field(
        87.5, description="a page under route_below but at this or more is read again only when "
        "its reading shows lines side by side or weak lines (ocr_judge), or when a gap in the "
        "notice's repaired numbering touches it (ocr_review); at route_below every page under it "
        "is. 87.5: 8-100% fewer second readings on the nine scan sets, task and department F1 "
        "unchanged on each (bench ocr_routes)")
    deskew_above: float = Field(
        1.5, description="a page found skewed by this many degrees or more is read straightened "
        "and binarised first, the plain reading being the second route (0: never first)")
    rescue_below: float = Field(
        50.0, description="a line of an OCR'd page read with mean word confidence under this is "
        "read again alone, binarised, and replaced when the new reading is much surer (0: never)")
    workers: int = Field(0, description="pages read in parallel; 0 = cores (1 inside a pool)")
    tessdata: str | None = Field(None, description="folder of the tesseract models; default: the one "
                                 "the tesseract command reports, else the usual places")
    cache_dir: str | None = Field(None, description="OCR cache; default ~/.cache/policy-pipeline")
    timeout: int = Field(180, description="seconds before one page's OCR is abandoned (E201)")


class RepairConfig(_Section):
    mode: Literal["auto", "on", "off"] = Field(
        "auto", description="auto: repair OCR'd input, and born-digital text only when it carries "
        "overwhelming OCR evidence (below)")
    min_unreadable_lines: int = Field(
        2, description="auto: born-digital text with this many unreadable lines is treated as OCR "
        "output (clean development corpus: 0 in 193 notices)")
    min_stray_per_1000: float = Field(
        0.5, description="auto: or with this many stray scanner symbols per 1,000 characters "
        "(clean development corpus: at most 0.04)")
    min_misread_marks: int = Field(
        1, description="auto: or with this many doc-number brackets read as letters (环发E2022〕, "
        "〔2022|): marks no typist makes (clean development corpus: 0)")
    margin: float = Field(6.0, description="nats a look-alike substitution must gain to be made")


class ExtractConfig(_Section):
    fuzzy_department_score: float = Field(88.0, description="rapidfuzz score for OCR-damaged names")


class ThemesConfig(_Section):
    taxonomy: str | None = Field(None, description="a theme taxonomy TOML file instead of the packaged one")
    grouping: Literal["auto", "taxonomy", "measures"] = Field(
        "auto", description="the matrix rows: taxonomy themes where the taxonomy knows a task and "
        "measures aligned across the batch for every other task (auto), the taxonomy alone, or the "
        "aligned measures alone (any policy field, no taxonomy)")
    search_budget: int = Field(
        20_000, ge=0, description="word products a task the alignment's nearest-task search may "
        "cost (and 1 G in all) before the batch's most frequent words are left out of finding "
        "a task's candidates (a varied batch of tens of thousands of notices: 99.3% of the exact "
        "nearest found, in a sixth of the time); 0: always exact, however long it takes")


# export settings that shape only the comparison's files (matrix.xlsx, report.html)
COMPARISON_ONLY = ("pivot_cells", "report_cells")
# themes settings that shape only the comparison (how its measures are searched)
SEARCH_ONLY = ("search_budget",)


class ExportConfig(_Section):
    validate_schema: bool = True
    pivot_cells: int = Field(
        1_000_000, ge=1, description="the most cells (rows x notices) a pivot sheet of matrix.xlsx "
        "holds: every taxonomy theme, then the aligned measures spanning the most notices that fit "
        "(the long sheet and matrix.csv keep every row; the legend says how many are left out)")
    report_cells: int = Field(
        250_000, ge=1, description="the same bound for report.html's presence table (a browser's "
        "page); its theme sections and texts keep every row")


class RunConfig(_Section):
    executor: Literal["serial", "process", "dask"] = "process"
    workers: int = 0  # 0 = one per core
    scheduler: str | None = None
    force: bool = False
    recycle_growth_mb: int = Field(
        512, description="a pool worker process is replaced when its resident memory has grown by "
        "this many MB since its first document (0 = never)")
    recycle_after: int = Field(0, description="a pool worker process is also replaced after N "
                               "documents (0 = never)")
    timeout: int = Field(1200, description="seconds one input may take before it is stopped (E903); "
                         "0 = no limit")
    in_pool: bool = Field(False, description="set by the runner inside pool workers (each document's "
                          "OCR then runs one page at a time: the pool already fills the cores)")


class Config(_Section):
    stages: list[str] = Field(default_factory=lambda: list(DEFAULT_STAGES))
    ingest: IngestConfig = IngestConfig()
    ocr: OcrConfig = OcrConfig()
    repair: RepairConfig = RepairConfig()
    extract: ExtractConfig = ExtractConfig()
    themes: ThemesConfig = ThemesConfig()
    export: ExportConfig = ExportConfig()
    run: RunConfig = RunConfig()

    def sha256(self) -> str:
        """Hash of what changes a notice's output (not how the run is executed, nor the bounds
        of the comparison's views, which every run writes afresh): it stamps each notice, and a
        notice made under another hash is made again."""
        data = self.model_dump(exclude={"run": True, "export": set(COMPARISON_ONLY),
                                        "themes": set(SEARCH_ONLY)})
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Build a Config from defaults, an optional TOML file, then overrides (nested dicts)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read config {path}: {exc}") from exc
    data = _merge(data, overrides or {})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
