"""Turn command-line PATHs (files, folders, manifest.csv) into a list of inputs with ids."""

from __future__ import annotations

import csv
import hashlib
import io
import marshal
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path

from .errors import UsageError
from .indexed import Kept
from .text import printable

MANIFEST_NAME = "manifest.csv"
SKIP_SUFFIXES = {".csv", ".json", ".jsonl", ".toml", ".py", ".pyc"}
ID_MAX = 100
# What an id may be as a file name: letters, digits and CJK of any script, . _ - ( ) = + @ , and no
# leading dot; nothing a file system reads specially (/, \, .., control characters, spaces).
_SAFE_ID = re.compile(r"[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef()（）\-=+@,][\w\u3000-\u303f\u4e00-\u9fff"
                      r"\uff00-\uffef.()（）\-=+@,]*")
_UNSAFE_RUN = re.compile(r"[^\w\u4e00-\u9fff()（）\-]+")


def safe_id(ident: str) -> str:
    """``ident`` when it is safe as a file name under ``--out/notices``; otherwise a readable slug
    of it with a short hash (so two different unsafe ids never meet): ``../run`` -> ``run-6f1e…``."""
    if len(ident) <= ID_MAX and _SAFE_ID.fullmatch(ident) and ".." not in ident:
        return ident
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    slug = _UNSAFE_RUN.sub("-", ident).strip("-._")[:ID_MAX - 11]
    return f"{slug}-{digest}" if slug else f"id-{digest}"


@dataclass(slots=True)
class InputItem:
    """An input of the batch. Its file is kept as a string and made a ``Path`` when asked for
    (``path``): a batch keeps every input's item for the whole run, and a ``Path`` with the parts
    it caches takes about 400 bytes (8 MB a 20,000-input batch)."""

    id: str  # safe as a file name (``safe_id``); ``given_id`` is what the manifest said
    file: str
    province: str | None = None
    city: str | None = None
    error: tuple[str, str] | None = field(default=None)  # (code, message) found before reading
    given_id: str | None = None  # the manifest's id when it was not safe as a file name

    @property
    def path(self) -> Path:
        return Path(self.file)


class Inputs(Kept[InputItem]):
    """A batch's inputs in order, each kept marshalled (``Kept``: in a file under ``folder``, or
    in memory without one) and made an ``InputItem`` afresh when read. A run keeps its inputs
    until every document is in: 20,000 of them as objects took 4 MB (about 200 bytes each),
    here 16 bytes each."""

    PREFIX = ".inputs."

    def _encode(self, item: InputItem) -> bytes:
        return marshal.dumps(astuple(item))

    def _decode(self, data: bytes) -> InputItem:
        return InputItem(*marshal.loads(data))


MANIFEST_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV in the ANSI code page, GBK


def _from_manifest(manifest: Path) -> Iterator[InputItem]:
    """The manifest's inputs, a row at a time (a manifest of 20,000 rows read as a list of dicts
    at once held about 8 MB)."""
    try:
        data = manifest.read_bytes()
        for encoding in MANIFEST_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UsageError(f"cannot read manifest {manifest}: neither UTF-8 nor GB18030")
        del data
        rows = csv.DictReader(io.StringIO(text, newline=""))
        first = next(rows, None)
    except (OSError, csv.Error) as exc:
        raise UsageError(f"cannot read manifest {manifest}: {exc}") from exc
    if first is not None and not {"id", "file"} <= set(first):
        raise UsageError(f"manifest {manifest} needs the columns id,file")
    row, number = first, 2
    while row is not None:
        ident = (row.get("id") or "").strip()
        file = (row.get("file") or "").strip()
        item = InputItem(
            id=ident or f"{manifest.stem}-row{number}",
            file=str((manifest.parent / file) if file else manifest.parent),
            province=(row.get("province") or "").strip() or None,
            city=(row.get("city") or "").strip() or None,
        )
        if not ident or not file:
            item.error = ("E702", f"{manifest}:{number}: row lacks an id or a file")
        yield item
        try:
            row, number = next(rows, None), number + 1
        except csv.Error as exc:
            raise UsageError(f"cannot read manifest {manifest}: {exc}") from exc


def _split(name: str) -> int:
    """Where a file name's suffix starts, as ``Path.suffix`` finds it (-1: none)."""
    dot = name.rfind(".")
    return dot if 0 < dot < len(name) - 1 else -1


def _stem(name: str) -> str:
    dot = _split(name)
    return name[:dot] if dot >= 0 else name


def walked(folder: Path, skip: Path | None = None) -> list[str]:
    """The files under ``folder``, in the order sorting their paths by part gives (as ``Path``
    objects sort): none hidden or under a hidden folder, none of ``SKIP_SUFFIXES``, none that
    resolves under ``skip``; a link to a folder is not followed. Paths as strings: a ``Path``
    interns each of its parts, and the interpreter's table of interned strings, once grown by a
    batch's file names, stays that size (20,000 names: 3.7 MB)."""
    beneath = None if skip is None else os.path.join(str(skip), "")
    root = str(folder)
    here = root == os.curdir  # a Path under "." has no "./" in front
    found: list[str] = []
    for top, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            dot = _split(name)
            if name.startswith(".") or (dot >= 0 and name[dot:].lower() in SKIP_SUFFIXES):
                continue
            path = os.path.join(top, name)
            if here:
                path = path[len(os.curdir) + 1:]
            if not os.path.isfile(path):
                continue
            if beneath is not None and os.path.join(os.path.realpath(path), "").startswith(beneath):
                continue
            found.append(path)
    # by part, as Path objects sort: the parts' order is the order of the paths with each
    # separator made "\0", which sorts before any character a name can hold (a key of one
    # string a path, not a list of its parts: 20,000 paths' keys took 5 MB)
    found.sort(key=lambda path: path.replace(os.sep, "\0"))
    return found


def _walk(folder: Path, skip: Path | None) -> Iterator[InputItem]:
    if (folder / MANIFEST_NAME).is_file():
        yield from _from_manifest(folder / MANIFEST_NAME)
        return
    files = walked(folder, skip)
    # notice.pdf and notice.docx: the second is notice.docx, not an error
    stems = Counter(_stem(os.path.basename(f)) for f in files)
    for f in files:
        name = os.path.basename(f)
        stem = _stem(name)
        yield InputItem(id=stem if stems[stem] == 1 else name, file=f)


def _expand(path: Path, skip: Path | None) -> Iterator[InputItem]:
    if path.is_dir():
        yield from _walk(path, skip)
    elif path.name == MANIFEST_NAME or (path.suffix == ".csv" and path.is_file()):
        yield from _from_manifest(path)
    else:
        yield InputItem(id=path.stem, file=str(path))


def collect(paths: list[str | Path], out: Path | None = None) -> Inputs:
    """Expand PATHs in order. A folder holding a manifest.csv is read through its manifest; a
    walked folder skips ``out`` (the tool's own outputs are never inputs). The inputs are kept
    in a file under ``out`` when it is a folder already (``Inputs``).

    Ids are the manifest id, else the file stem (the file name where two files of a folder share
    a stem). Each id is made safe as a file name (``safe_id``). A repeated id is an E701 error for
    the later input, so no output is overwritten by another input's.
    """
    skip = out.resolve() if out is not None else None
    inputs = Inputs(out if out is not None and out.is_dir() else None)
    seen: set[str] = set()
    for raw in paths:
        for item in _expand(Path(raw), skip):
            safe = safe_id(item.id)
            if safe != item.id:  # the id as given, shown (a file name's undecodable bytes as \xff)
                item.given_id, item.id = printable(item.id), safe
            if item.id in seen:
                item.error = ("E701", f"id {item.id!r} is already used by an earlier input")
                item.id = f"{item.id}~{len(inputs)}"
            seen.add(item.id)
            inputs.append(item)
    return inputs
