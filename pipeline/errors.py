"""The closed set of pipeline errors, each with a stable code.

Codes are grouped by stage: E1xx ingest, E2xx ocr, E3xx repair, E4xx outline, E5xx extraction,
E6xx export, E7xx batch/usage, E9xx internal. Codes never change meaning; new ones are appended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import printable


@dataclass(frozen=True)
class ErrorCode:
    code: str
    stage: str
    title: str
    fatal: bool = True  # a fatal error means no notice could be produced for the input


CODES: dict[str, ErrorCode] = {
    c.code: c
    for c in (
        ErrorCode("E101", "ingest", "empty input"),
        ErrorCode("E102", "ingest", "binary input, not text"),
        ErrorCode("E103", "ingest", "unsupported input format"),
        ErrorCode("E104", "ingest", "text encoding could not be determined"),
        ErrorCode("E105", "ingest", "input file missing or unreadable"),
        ErrorCode("E106", "ingest", "input too large"),
        ErrorCode("E107", "ingest", "no Chinese text in input"),
        ErrorCode("E108", "ingest", "corrupt or truncated document"),
        ErrorCode("E109", "ingest", "encrypted document"),
        ErrorCode("E110", "ingest", "document has no pages"),
        # recorded per page (the notice goes on, partial); raised when no page could be read
        ErrorCode("E201", "ocr", "OCR engine failed on a page"),
        ErrorCode("E202", "ocr", "OCR engine not available"),
        ErrorCode("E301", "repair", "repair stage failed", fatal=False),
        ErrorCode("E401", "outline", "no numbered structure found", fatal=False),
        ErrorCode("E501", "extract", "extraction stage failed", fatal=False),
        ErrorCode("E601", "export", "notice failed schema validation"),
        ErrorCode("E602", "export", "output could not be written"),
        ErrorCode("E701", "batch", "duplicate input id"),
        ErrorCode("E702", "batch", "bad manifest row"),
        ErrorCode("E901", "internal", "unexpected error in a stage", fatal=False),
        ErrorCode("E902", "batch", "the worker process died on this input (killed, out of memory)"),
        ErrorCode("E903", "batch", "the input took longer than its time budget (run.timeout)"),
    )
}


_ADDRESS = re.compile(r" (?:object )?at 0x[0-9a-fA-F]+")


def without_addresses(message: str) -> str:
    """A message without memory addresses (``<_io.BytesIO object at 0x7f…>``), so that run.json
    and the notices are the same from one run to the next."""
    return _ADDRESS.sub("", message)


class PipelineError(Exception):
    """An error with a stable code; the corpus runner records it and goes on."""

    def __init__(self, code: str, message: str, *, page: int | None = None) -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code}")
        message = printable(without_addresses(message))  # a path's undecodable bytes as \xff
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        self.page = page

    @property
    def stage(self) -> str:
        return CODES[self.code].stage

    @property
    def fatal(self) -> bool:
        return CODES[self.code].fatal


class UsageError(Exception):
    """Bad command-line usage or configuration (exit code 2)."""
