"""Golden notice JSON: every corpus notice's output, compared exactly with tests/golden/notices/.

A change of output is a reviewed diff: run ``UPDATE_GOLDEN=1 pytest tests/test_golden_notices.py``
to rewrite the files, then read ``git diff tests/golden``. Only what differs between machines or
checkouts (provenance hashes and versions, the input path) is left out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.export.files import dumps

GOLDEN = Path(__file__).parent / "golden" / "notices"


def _stable(notice: dict[str, Any]) -> dict[str, Any]:
    out = dict(notice)
    out.pop("provenance", None)
    out["source"] = {k: v for k, v in notice["source"].items() if k != "path"}
    return out


def test_golden_files_cover_the_corpus(corpus_notices: dict[str, dict[str, Any]]) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        pytest.skip("rewriting")
    assert {p.stem for p in GOLDEN.glob("*.json")} == set(corpus_notices)


@pytest.mark.parametrize("nid", sorted(p.stem for p in GOLDEN.glob("*.json")) or ["none"])
def test_notice_equals_its_golden_file(nid: str, corpus_notices: dict[str, dict[str, Any]]) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for key, notice in corpus_notices.items():
            (GOLDEN / f"{key}.json").write_text(dumps(_stable(notice)), encoding="utf-8")
        return
    expected = json.loads((GOLDEN / f"{nid}.json").read_text(encoding="utf-8"))
    assert _stable(corpus_notices[nid]) == expected, (
        f"{nid}: output changed; if intended, UPDATE_GOLDEN=1 and review git diff tests/golden")
