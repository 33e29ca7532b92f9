"""The alignment gold (gold/align) is well formed: every task it names is a task of that notice's
task gold, named once, and every group spans two notices at least; each second annotation
covers the same notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.compare import gold_tasks

from .conftest import ROOT

SETS = sorted((ROOT / "gold" / "align").glob("*.json"))


def _set(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SETS + sorted((ROOT / "gold" / "align" / "second").glob("*.json")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_named_task_is_in_the_task_gold_once(path: Path) -> None:
    gold = _set(path)
    tasks = gold_tasks(gold["notices"])
    assert sorted(tasks) == sorted(gold["notices"]), "a notice without task gold"
    known = {f"{nid}#{t['id']}" for nid, ts in tasks.items() for t in ts}
    named = [k for g in gold["groups"] for k in g["tasks"]] + list(gold.get("unaligned", []))
    assert not set(named) - known, sorted(set(named) - known)
    assert len(named) == len(set(named)), "a task named twice"
    for group in gold["groups"]:
        assert len({k.split("#", 1)[0] for k in group["tasks"]}) >= 2, group["label"]


@pytest.mark.parametrize("path", sorted((ROOT / "gold" / "align" / "second").glob("*.json")),
                         ids=lambda p: p.stem)
def test_a_second_annotation_reads_the_same_notices(path: Path) -> None:
    first = _set(ROOT / "gold" / "align" / path.name)
    assert sorted(_set(path)["notices"]) == sorted(first["notices"])
    assert _set(path)["set"] == first["set"]


def test_the_sets_are_found() -> None:
    assert {p.stem for p in SETS} >= {"elderly-care-2020", "ai-industry", "smart-manufacturing",
                                      "sensors", "icv-road-testing"}
