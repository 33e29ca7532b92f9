"""spaCy for the researchers who work in it: a notice as a ``Doc`` with span groups.

``to_spacy(notice)`` gives a ``Doc`` of a blank Chinese pipeline whose tokens are the notice's
characters, one each (whitespace included), so every span of the notice maps to tokens exactly:
character offset = token index. Span groups: ``tasks`` (label = task id), ``departments``
(label = kind; the role in ``doc.user_data``), ``windows``, ``deadlines``, ``limits``, ``targets``
(label = unit), ``references``. ``to_docbin(notices)`` packs a run for displaCy or training.
spaCy is an optional extra (``pip install 'policy-pipeline[spacy]'``); nothing else imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
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


def to_docbin(notices: Iterable[Notice | dict[str, Any]]) -> bytes:
    """A ``DocBin`` of the notices (span groups and user data kept), as bytes."""
    from spacy.tokens import DocBin

    docs = DocBin(store_user_data=True)
    for notice in notices:
        docs.add(to_spacy(notice))
    return bytes(docs.to_bytes())
