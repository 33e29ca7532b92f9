"""Scoring measure alignment against gold/align: pairwise precision and recall of "these two tasks
of different notices address the same measure".

A gold set (``gold/align/<set>.json``) names its notices and groups their tasks as
``<notice>#<task id>`` of the task gold; predicted tasks are matched to gold tasks by heading
(``pipeline.evaluate.match_tasks``), so a task the pipeline numbers differently still counts.
Only pairs across notices are scored: the question is alignment between regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ..evaluate import PRF, match_tasks


@dataclass(frozen=True)
class AlignScore:
    set: str
    prf: PRF
    groups: int
    grouped: int
    tasks: int


def pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Unordered pairs of task keys of different notices that share a group."""
    out: set[tuple[str, str]] = set()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            if a.split("#", 1)[0] != b.split("#", 1)[0]:
                out.add((a, b))
    return out


def gold_keys(gold_tasks: Mapping[str, list[dict[str, Any]]],
              notices: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """predicted ``notice#task`` -> gold ``notice#task``, by heading."""
    out = {}
    for notice in notices:
        gold = gold_tasks.get(notice["id"], [])
        pred = notice.get("tasks", [])
        for gi, pi in match_tasks(gold, pred):
            out[f"{notice['id']}#{pred[pi]['id']}"] = f"{notice['id']}#{gold[gi]['id']}"
    return out


def score(name: str, gold: Mapping[str, Any], predicted: Iterable[Iterable[str]],
          mapping: Mapping[str, str], tasks: int) -> AlignScore:
    """Pairwise P/R/F1 of predicted groups (keys of predicted tasks) against a gold set."""
    gold_pairs = pairs(g["tasks"] for g in gold["groups"])
    mapped = [[mapping[k] for k in group if k in mapping] for group in predicted]
    pred_pairs = pairs(mapped)
    prf = PRF()
    prf.add(gold_pairs, pred_pairs)
    grouped = len({k for group in mapped for k in group})
    return AlignScore(name, prf, sum(1 for g in mapped if len(g) > 1), grouped, tasks)


def theme_groups(notices: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """The taxonomy's reading as groups: the tasks that share a theme."""
    by_theme: dict[str, list[str]] = {}
    for notice in notices:
        for task in notice.get("tasks", []):
            for theme in task.get("themes", []):
                by_theme.setdefault(theme, []).append(f"{notice['id']}#{task['id']}")
    return list(by_theme.values())
