"""spaCy for the researchers who work in it: a notice as a ``Doc`` with span groups.

``to_spacy(notice)`` gives a ``Doc`` of a blank Chinese pipeline whose tokens are the notice's
characters, one each (whitespace included), so every span of the notice maps to tokens exactly:
character offset = token index. Span groups: ``tasks`` (label = task id), ``departments``
(label = kind; the role in ``doc.user_data``), ``windows``, ``deadlines``, ``limits``, ``targets``
(label = unit), ``references``. ``to_docbin(notices)`` packs a run for displaCy or training,
``write_docbins`` a large one a file at a time.
spaCy is an optional extra (``pip install 'policy-pipeline[spacy]'``); nothing else imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Notice


@lru_cache(maxsize=1)
def _vocab() -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - the extra is installed with dev
        raise UsageError("spaCy export needs spaCy: pip install 'policy-pipeline[spacy]'") from exc
    return spacy.blank("zh").vocab


ROLE_KEY = "pp_roles"  # doc.user_data[ROLE_KEY] = {(start, end, kind): role}


def to_spacy(notice: Notice | dict[str, Any]) -> Any:
    """The notice as a spaCy ``Doc`` (character tokens) with its extractions as span groups."""
    from spacy.tokens import Doc, Span

    data = notice.model_dump(mode="json") if isinstance(notice, Notice) else notice
    text = data["text"]
    doc = Doc(_vocab(), words=list(text), spaces=[False] * len(text))
    doc.user_data["id"] = data["id"]
    groups: dict[str, list[Any]] = {k: [] for k in ("tasks", "departments", "windows", "deadlines",
                                                    "limits", "targets", "references")}
    roles: dict[tuple[int, int, str], str] = {}

    def add(group: str, span: list[int], label: str) -> None:
        a, b = span
        if 0 <= a < b <= len(text):
            groups[group].append(Span(doc, a, b, label=label))

    for task in data.get("tasks", []):
        add("tasks", task["span"], task["id"])
        for dept in task.get("departments", []):
            add("departments", dept["span"], dept["kind"])
            if dept.get("role"):
                roles[(dept["span"][0], dept["span"][1], dept["kind"])] = dept["role"]
        if task.get("time"):
            add("windows", task["time"]["span"], "window")
        for item in task.get("deadlines", []):
            add("deadlines", item["span"], item["date"])
        for item in task.get("limits", []):
            add("limits", item["span"], item["unit"])
        for item in task.get("targets", []):
            add("targets", item["span"], item["unit"])
    for ref in data.get("references", []):
        add("references", ref["span"], ref.get("doc_number") or "reference")
    for name, spans in groups.items():
        doc.spans[name] = spans
    doc.user_data[ROLE_KEY] = {f"{a}:{b}:{k}": r for (a, b, k), r in roles.items()}
    return doc


# What a DocBin keeps of each token: its text and its space. A blank pipeline sets no tag,
# head, entity, lemma or morphology, and DocBin's default keeps eleven more attributes of eight
# bytes a token: 200 notices of a million characters took 530 MB to make into bytes with them,
# 53 MB with these two, the same docs read back (4.8 against 1.5 MB on disk).
ATTRS = ("ORTH", "SPACY")
# Tokens (characters) a DocBin file holds at most: a batch's export is made a file at a time,
# so its memory does not grow with the batch (about 110 MB while a file of 2 M is made).
SHARD_CHARS = 2_000_000
SINGLE = "notices.spacy"


def _docbin() -> Any:
    from spacy.tokens import DocBin

    return DocBin(attrs=list(ATTRS), store_user_data=True)


def to_docbin(notices: Iterable[Notice | dict[str, Any]]) -> bytes:
    """A ``DocBin`` of the notices (span groups and user data kept), as bytes."""
    docs = _docbin()
    for notice in notices:
        docs.add(to_spacy(notice))
    return bytes(docs.to_bytes())


def write_docbins(notices: Iterable[Notice | dict[str, Any]], folder: Path,
                  shard_chars: int = SHARD_CHARS) -> list[Path]:
    """The notices' DocBins written into ``folder``: ``notices.spacy`` when they hold at most
    ``shard_chars`` characters, else ``notices-0001.spacy``, ``notices-0002.spacy``, … of at
    most that many each (a longer notice alone in its file), in order; spaCy's ``Corpus`` reads
    a folder of them as one. Each file is written atomically; the files of an earlier export
    under these names that this one did not write are removed once it is done."""
    from .files import write_atomic

    written: list[Path] = []
    held: bytes | None = None  # the first file's bytes, until it is known whether it is alone
    docs, chars = _docbin(), 0

    def shard(number: int) -> Path:
        return folder / f"notices-{number:04d}.spacy"

    def flush() -> None:
        nonlocal held, docs, chars
        data = bytes(docs.to_bytes())
        docs, chars = _docbin(), 0
        if not written and held is None:
            held = data
            return
        if held is not None:
            written.append(shard(1))
            write_atomic(written[-1], held)
            held = None
        written.append(shard(len(written) + 1))
        write_atomic(written[-1], data)

    for notice in notices:
        doc = to_spacy(notice)
        if chars and chars + len(doc) > shard_chars:
            flush()
        docs.add(doc)
        chars += len(doc)
    if chars or (not written and held is None):
        flush()
    if held is not None:  # one file: its usual name
        written.append(folder / SINGLE)
        write_atomic(written[-1], held)
    for stale in [folder / SINGLE, *folder.glob("notices-[0-9][0-9][0-9][0-9].spacy")]:
        if stale not in written:
            stale.unlink(missing_ok=True)
    return written
