"""The batch's outputs over all its notices, gathered while documents finish, not after the last.

Each finished notice is taken in as it arrives, as its worker handed it over (or read back from
its file: an input skipped as up to date): its ``notices.jsonl`` line goes to a scratch file
under ``--out`` (hidden, ``.*.tmp``: a killed run's is removed by the next), and so does what
the comparison reads of it, packed (``compare.records``: its tasks and the header fields the
matrix shows, not its outline, spans or page list, as bytes), with the words of the
tasks the comparison will align segmented then (``compare.prepare``); only where each is in the
file stays in memory. The
workers fill the cores meanwhile, so this costs the run a fraction of what it cost as a serial
tail. The modules the comparison needs are imported on a background thread while the workers
start.

At the end ``jsonl`` copies the lines in input order, and ``records`` gives the comparison its
notices, still packed and in the file: it reads and unpacks each as it reads it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .export.files import dumps, open_atomic

if TYPE_CHECKING:
    from .batch import ItemResult
    from .compare.records import Packed


def _import_comparison(grouping: str) -> None:
    """What the comparison needs, imported: first what taking in the first notice needs
    (jieba-rs and its dictionary, 0.1 s, to segment its tasks' words: ``compare.prepare``), then
    what only the comparison at the end does."""
    with contextlib.suppress(Exception):
        if grouping != "taxonomy":
            import rjieba  # noqa: F401

            import pipeline.compare.align
        import pandas  # noqa: F401  (the matrix's tables)
        import scipy.sparse  # noqa: F401  (the alignment's TF-IDF)

        import pipeline.compare.align
        import pipeline.compare.views
        import pipeline.export.matrix_files  # noqa: F401


_IMPORTS: threading.Thread | None = None


def import_comparison_early(grouping: str = "auto") -> threading.Thread:
    """Start importing what the comparison needs on a background thread (once a process), while
    the pool's workers start: a run calls it as soon as it knows its grouping, so that neither
    the first notice taken in nor the comparison waits for an import."""
    global _IMPORTS
    if _IMPORTS is None:
        _IMPORTS = threading.Thread(target=_import_comparison, args=(grouping,), daemon=True)
        _IMPORTS.start()
    return _IMPORTS


class Gathered:
    """notices.jsonl lines and comparison records of the notices finished so far."""

    def __init__(self, out: Path, count: int, grouping: str = "auto") -> None:
        self.out = out
        self.grouping = grouping
        # by input place (0 to ``count`` - 1), where its notice's line and packed record are in
        # the scratch file (offset, length; offset -1: none): arrays, not a dict by id (an id
        # string, an int and a dict slot a notice) and a tuple of two ints a notice
        self._lines = (array("q", [-1]) * count, array("q", [0]) * count)
        self._light = (array("q", [-1]) * count, array("q", [0]) * count)
        self.error: str | None = None
        handle, name = tempfile.mkstemp(prefix=".notices.jsonl-lines.", suffix=".tmp", dir=out)
        self._path = Path(name)
        self._scratch: BinaryIO = os.fdopen(handle, "w+b")
        self._imports = import_comparison_early(grouping)

    def add(self, result: ItemResult, place: int) -> None:
        """Take in the finished notice of the input at ``place``: the line and record its worker
        handed over (which the result then drops), or else its file under ``notices/`` (an input
        skipped as up to date, one whose worker died); none for an input that left no notice,
        nor for a place taken in already."""
        from .compare import prepare
        from .compare.records import pack, record, unpack

        item_id = result.id
        line, light = result.line, result.record
        result.line = result.record = None
        path = self.out / "notices" / f"{item_id}.json"
        if self._lines[0][place] >= 0 or (line is None and not path.is_file()):
            return
        try:
            if line is None or light is None:
                data = json.loads(path.read_text(encoding="utf-8"))
                line = dumps(data, indent=None).encode("utf-8") + b"\n"
                light = pack(record(data))
            offset = self._scratch.seek(0, os.SEEK_END)
            self._scratch.write(line)
        except (OSError, ValueError) as exc:
            self.error = self.error or f"{item_id}: {exc}"
            return
        self._lines[0][place], self._lines[1][place] = offset, len(line)
        if self.grouping != "taxonomy":
            rec = unpack(light)
            if prepare(rec, self.grouping):  # its aligned tasks' words kept with it
                light = pack(rec)
        try:
            at = self._scratch.seek(0, os.SEEK_END)
            self._scratch.write(light)
        except OSError as exc:
            self.error = self.error or f"{item_id}: {exc}"
            return
        self._light[0][place], self._light[1][place] = at, len(light)

    def records(self) -> Packed:
        """The comparison's notices, in input order, packed, read from the scratch file (open
        until ``close``) as the comparison reads them; the gatherer forgets where they are."""
        from .compare.records import Packed

        self._imports.join()
        if self.grouping != "taxonomy":
            from .compare.align import forget_words

            forget_words()  # every notice's words are on its record now
        self._scratch.flush()
        at, length = self._light
        out = Packed(in_file=(self._scratch.fileno(), ((a, n) for a, n in zip(at, length,
                                                                                strict=True)
                                                        if a >= 0)))
        self._light = (array("q"), array("q"))
        return out

    def jsonl(self, path: Path) -> None:
        """``notices.jsonl``: one line per notice taken in, in input order, written atomically.
        Raises ``OSError`` (or ``ValueError`` for a notice that could not be read)."""
        if self.error:
            raise ValueError(self.error)
        self._scratch.flush()
        with open_atomic(path) as fh:
            for offset, length in zip(*self._lines, strict=True):
                if offset >= 0:
                    self._scratch.seek(offset)
                    fh.write(self._scratch.read(length))

    def close(self) -> None:
        self._scratch.close()
        self._path.unlink(missing_ok=True)
