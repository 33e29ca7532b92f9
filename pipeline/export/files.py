"""Atomic, deterministic file writing: a reader never sees a half-written output."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO


def dumps(data: Any, indent: int | None = 2) -> str:
    """Deterministic JSON: sorted keys, real Chinese characters, a final newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent) + (
        "\n" if indent is not None else ""
    )


def dumps_parts(data: Mapping[str, Any], key: str, items: Iterable[Any]) -> Iterator[str]:
    """``dumps({**data, key: list(items)})`` in pieces, an item of the list at a time: a run's
    run.json with an entry per input is written without every entry held as a dict at once.
    The list is a top-level key, so in the two-space form it is the one line ``  "key": []``
    of ``data`` with an empty list (a string holding those characters is escaped)."""
    empty = dumps({**data, key: []})
    marker = f'\n  {json.dumps(key, ensure_ascii=False)}: []'
    head, _, tail = empty.partition(marker)
    yield f"{head}\n  {json.dumps(key, ensure_ascii=False)}: ["
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, sort_keys=True, indent=2)
        yield ("\n" if first else ",\n") + "\n".join("    " + line for line in text.split("\n"))
        first = False
    yield ("]" if first else "\n  ]") + tail


def notice_texts(data: Any) -> tuple[str, str]:
    """A notice's file text (``dumps(data)``) and its notices.jsonl line (``dumps(data,
    indent=None)``), the same bytes as ``dumps`` gives. The file's two-space form is made by
    orjson, ten times faster than json's pure-Python indenting, wherever orjson's bytes are
    json's: not where the line shows a float json writes as NaN or Infinity (orjson writes
    null), nor where orjson's text shows a float in exponent range (``_EXPONENT``), nor where
    orjson refuses the data (keys that are not strings, integers beyond 64 bits, lone
    surrogates)."""
    line = dumps(data, indent=None)
    text = None if "NaN" in line or "Infinity" in line else _orjson_indented(data)
    return (dumps(data) if text is None else text), line


# Where orjson's text differs from json.dumps's otherwise: a float json.dumps writes with an
# exponent (under 1e-4 or from 1e16: 1e-05, 1e+16), which orjson writes as 0.00001 or 1e16. In
# the two-space form every number ends its line (a string cannot hold a raw newline), so such
# a number is an exponent or a 0.0000 fraction right before the line's end.
_EXPONENT = re.compile(r"e[-+]?[0-9]+,?\n")
_TINY = re.compile(r"(?:\A|[ :])-?0\.0000[0-9]*,?\n")


def _orjson_indented(data: Any) -> str | None:
    import orjson

    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None
    text += "\n"
    if _EXPONENT.search(text) or ("0.0000" in text and _TINY.search(text)):
        return None
    return text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() would give: outputs are readable like any file


_TMP = ".tmp"


def partials(path: Path) -> list[Path]:
    """The temporary files ``open_atomic`` left beside ``path`` (a writer killed mid-file)."""
    return sorted(path.parent.glob(f".{path.name}.*{_TMP}"))


def _temporary(path: Path, tag: str = "") -> tuple[int, str]:
    """A new temporary file beside ``path`` (open descriptor, name), named so that ``partials``
    and a run's clean-up of ``.*.tmp`` find it."""
    return tempfile.mkstemp(prefix=f".{path.name}.{tag}", suffix=_TMP, dir=path.parent)


def scratch_beside(path: Path, tag: str) -> Path:
    """An empty temporary file beside ``path`` for a helper's part of it (the caller removes it)."""
    fd, name = _temporary(path, f"{tag}.")
    os.close(fd)
    return Path(name)


@contextmanager
def open_atomic(path: Path, sync: bool = True) -> Iterator[BinaryIO]:
    """A binary file handle whose content appears at ``path`` only when the block succeeds.

    ``sync``: the content reaches the disk (fsync) before the rename, so not even a power cut
    leaves the file empty. A run's notice files are written without it (a millisecond or more
    per file, the worker idle meanwhile): a kill still never leaves one half-written, and one
    that a power cut left empty does not parse, so the next run makes it again
    (``batch._already_done``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), FILE_MODE)  # mkstemp makes 0600
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_into(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """``write_atomic`` for a writer that streams into the file itself (``write(handle)``)."""
    with open_atomic(path) as fh:
        write(fh)


def write_parts(path: Path, parts: Iterable[str]) -> None:
    """``write_atomic`` for text made in pieces: each is encoded and written as it comes."""
    with open_atomic(path) as fh:
        for part in parts:
            fh.write(part.encode("utf-8"))


def write_atomic(path: Path, data: str | bytes, sync: bool = True) -> None:
    """Write to a temporary file beside ``path``, fsync it (``sync``), then rename it over
    ``path``."""
    with open_atomic(path, sync) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
