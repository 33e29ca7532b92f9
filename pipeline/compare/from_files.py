"""Notice JSON read for a comparison one notice at a time (``policy-pipeline compare``).

``notices_in`` gives the notices of files (``.json``: one notice; ``.jsonl``: a notice a line,
read a line at a time) and folders (``DIR/notices/*.json`` or ``DIR/*.json``, by name), in the
order given. ``PackedFile`` keeps of each what the comparison reads (``records.record``, with the
words of the tasks it will align segmented then: ``prepare``), packed, in a scratch file under
the output folder, opened and unlinked at once, so nothing is left behind however the command
ends. Each id is kept once, in the place it first came, a later notice of the same id replacing
it, as ``load_notices`` does. Only where each record is in the file stays in memory: the
comparison of 20,000 notices from their files holds what a run's comparison holds, not every
notice (loading them whole took the command to 2.6 GB).
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from .records import COMPARABLE, Packed, pack, record


def notices_in(*paths: str | Path) -> Iterator[dict[str, Any]]:
    """Every notice (a JSON object with an ``id``) of the files and folders, in the order given,
    one at a time; an id that comes twice comes twice."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder = path / "notices" if (path / "notices").is_dir() else path
            files = sorted(folder.glob("*.json"))
        else:
            files = [path]
        for file in files:
            for notice in _read(file):
                if isinstance(notice, Mapping) and "id" in notice:
                    yield dict(notice)


def _read(path: Path) -> Iterator[Any]:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
    else:
        yield json.loads(path.read_text(encoding="utf-8"))


class PackedFile:
    """The records of the notices added so far, packed in a scratch file under ``folder``."""

    def __init__(self, folder: Path, grouping: str = "auto") -> None:
        self.grouping = grouping
        # closed by ``close`` (the command's with block)
        self._file = tempfile.TemporaryFile(  # noqa: SIM115
            prefix=".compare-records.", suffix=".tmp", dir=folder)
        self._places: dict[str, int] = {}  # id -> place; let go by ``records``
        self._at, self._length = array("q"), array("q")
        self._comparable = bytearray()  # 1 where the place's notice is compared

    def add(self, notice: Mapping[str, Any]) -> None:
        """Keep ``notice``'s record (in the place of an earlier notice of its id, if any)."""
        from . import prepare

        rec = record(notice)
        prepare(rec, self.grouping)  # its aligned tasks' words kept with it (none: taxonomy)
        data = pack(rec)
        at = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        place = self._places.setdefault(str(notice["id"]), len(self._at))
        ok = rec.get("status", "success") in COMPARABLE
        if place == len(self._at):
            self._at.append(at)
            self._length.append(len(data))
            self._comparable.append(ok)
        else:
            self._at[place], self._length[place], self._comparable[place] = at, len(data), ok

    def __len__(self) -> int:
        return len(self._at)

    def left_out(self) -> list[str]:
        """The ids of the notices the comparison leaves out (failed), in their places' order."""
        return [nid for nid, place in self._places.items() if not self._comparable[place]]

    def records(self) -> Packed:
        """The records, in their places' order, read from the file as the comparison reads them
        (the file stays open until ``close``); the ids' places are let go."""
        from .align import forget_words

        forget_words()  # every notice's words are on its record now
        self._file.flush()
        self._places = {}
        return Packed(in_file=(self._file.fileno(), zip(self._at, self._length, strict=True)))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> PackedFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
