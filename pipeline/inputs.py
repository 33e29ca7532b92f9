"""Turn command-line PATHs (files, folders, manifest.csv) into a list of inputs with ids."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

MANIFEST_NAME = "manifest.csv"
SKIP_SUFFIXES = {".csv", ".json", ".jsonl", ".toml", ".py", ".pyc"}


@dataclass
class InputItem:
    id: str
    path: Path
    province: str | None = None
    city: str | None = None
    error: tuple[str, str] | None = field(default=None)  # (code, message) found before reading


def _from_manifest(manifest: Path) -> list[InputItem]:
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read manifest {manifest}: {exc}") from exc
    if rows and not {"id", "file"} <= set(rows[0]):
        raise UsageError(f"manifest {manifest} needs the columns id,file")
    items = []
    for number, row in enumerate(rows, start=2):
        ident = (row.get("id") or "").strip()
        file = (row.get("file") or "").strip()
        item = InputItem(
            id=ident or f"{manifest.stem}-row{number}",
            path=(manifest.parent / file) if file else manifest.parent,
            province=(row.get("province") or "").strip() or None,
            city=(row.get("city") or "").strip() or None,
        )
        if not ident or not file:
            item.error = ("E702", f"{manifest}:{number}: row lacks an id or a file")
        items.append(item)
    return items


def _walk(folder: Path) -> list[InputItem]:
    if (folder / MANIFEST_NAME).is_file():
        return _from_manifest(folder / MANIFEST_NAME)
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.suffix.lower() not in SKIP_SUFFIXES
    )
    return [InputItem(id=p.stem, path=p) for p in files]


def collect(paths: list[str | Path]) -> list[InputItem]:
    """Expand PATHs in order. A folder holding a manifest.csv is read through its manifest.

    Ids are the manifest id, else the file stem. A repeated id is an E701 error for the
    later input, so no output is overwritten by another input's.
    """
    items: list[InputItem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            items.extend(_walk(path))
        elif path.name == MANIFEST_NAME or (path.suffix == ".csv" and path.is_file()):
            items.extend(_from_manifest(path))
        else:
            items.append(InputItem(id=path.stem, path=path))
    seen: set[str] = set()
    for number, item in enumerate(items):
        if item.id in seen:
            item.error = ("E701", f"id {item.id!r} is already used by an earlier input")
            item.id = f"{item.id}~{number}"
        seen.add(item.id)
    return items
