"""Evaluation against gold/: precision, recall and F1 per field, exact rates for header fields.

Tasks are matched by heading (rapidfuzz similarity, tolerant of OCR damage), one to one. For
matched tasks the window must be exact; departments compare as sets of kinds, deadlines as sets
of dates, targets as sets of (value, unit); references compare as sets of doc numbers (titles
where there is none). Unmatched gold tasks count all their values as missed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

HEADING_MATCH = 70.0


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Exact:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, where: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(where)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    notices: int = 0
    prf: dict[str, PRF] = field(default_factory=lambda: {
        k: PRF() for k in ("tasks", "departments", "deadlines", "targets", "doc_targets",
                           "references", "issuers", "recipients")})
    exact: dict[str, Exact] = field(default_factory=lambda: {
        k: Exact() for k in ("window", "task_id", "doc_number", "issue_date", "province", "city",
                             "title", "doc_type")})
    missing: list[str] = field(default_factory=list)
    # per notice: how many of its predicted task departments lead, support, or have no role
    roles: dict[str, dict[str, int]] = field(default_factory=dict)


def _norm(value: str | None) -> str:
    if value is None:
        return ""
    table = str.maketrans("()[]:;,", "（）〔〕：；，")
    return "".join(value.split()).translate(table)


def _window(task: dict[str, Any]) -> tuple[Any, ...] | None:
    t = task.get("time")
    if not t:
        return None
    return (t.get("start"), t.get("end"), bool(t.get("open_ended")))


def _target_set(items: list[dict[str, Any]], where: str) -> set[tuple[str, float, str]]:
    return {(where, round(float(t["value"]), 4), t["unit"]) for t in items}


def _ref_key(ref: dict[str, Any]) -> str:
    return _norm(ref.get("doc_number")) or _norm(ref.get("title"))


def match_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) by heading similarity, best pairs first."""
    scored = sorted(
        ((fuzz.ratio(_norm(g["heading"]), _norm(p["heading"])), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for score, gi, pi in scored:
        if score < HEADING_MATCH or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def score_notice(gold: dict[str, Any], pred: dict[str, Any], scores: Scores) -> None:
    nid = gold["id"]
    scores.notices += 1
    gdoc, pdoc = gold["doc"], pred.get("doc", {})
    for key in ("doc_number", "issue_date", "title", "doc_type"):
        scores.exact[key].add(_norm(gdoc.get(key)) == _norm(pdoc.get(key)), nid)
    for key in ("province", "city"):
        scores.exact[key].add(gdoc["region"].get(key) == (pdoc.get("region") or {}).get(key), nid)
    for key in ("issuers", "recipients"):
        if key not in gdoc:
            continue  # a gold that does not annotate the field (older rounds left recipients out)
        scores.prf[key].add({(nid, _norm(v)) for v in gdoc.get(key, [])},
                            {(nid, _norm(v)) for v in pdoc.get(key, [])})
    gtasks, ptasks = gold["tasks"], pred.get("tasks", [])
    counts = {"lead": 0, "support": 0, "responsible": 0, "none": 0}
    for task in ptasks:
        for dept in task.get("departments", []):
            counts[dept.get("role") or "none"] += 1
    scores.roles[nid] = counts
    pairs = match_tasks(gtasks, ptasks)
    scores.prf["tasks"].tp += len(pairs)
    scores.prf["tasks"].fn += len(gtasks) - len(pairs)
    scores.prf["tasks"].fp += len(ptasks) - len(pairs)
    matched = dict(pairs)
    for gi, g in enumerate(gtasks):
        where = f"{nid}#{g['id']}"
        p = ptasks[matched[gi]] if gi in matched else {}
        scores.exact["window"].add(bool(p) and _window(g) == _window(p), where)
        scores.exact["task_id"].add(bool(p) and g["id"] == p.get("id"), where)
        scores.prf["departments"].add({(where, d["kind"]) for d in g["departments"]},
                                      {(where, d["kind"]) for d in p.get("departments", [])})
        scores.prf["deadlines"].add({(where, d["date"]) for d in g["deadlines"]},
                                    {(where, d["date"]) for d in p.get("deadlines", [])})
        scores.prf["targets"].add(_target_set(g["targets"], where),
                                  _target_set(p.get("targets", []), where))
    for pi, p in enumerate(ptasks):  # predicted tasks with no gold task: all false positives
        if pi not in matched.values():
            where = f"{nid}#pred{p['id']}"
            scores.prf["departments"].add(set(), {(where, d["kind"]) for d in p["departments"]})
            scores.prf["deadlines"].add(set(), {(where, d["date"]) for d in p["deadlines"]})
            scores.prf["targets"].add(set(), _target_set(p["targets"], where))
    scores.prf["doc_targets"].add(_target_set(gold.get("doc_targets", []), nid),
                                  _target_set(pred.get("doc_targets", []), nid))
    scores.prf["references"].add({(nid, _ref_key(r)) for r in gold.get("references", [])},
                                 {(nid, _ref_key(r)) for r in pred.get("references", [])})


def evaluate(gold_dir: Path, pred_dir: Path) -> Scores:
    scores = Scores()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred_file = pred_dir / f"{gold['id']}.json"
        if not pred_file.is_file():
            scores.missing.append(gold["id"])
            score_notice(gold, {}, scores)
            continue
        score_notice(gold, json.loads(pred_file.read_text(encoding="utf-8")), scores)
    return scores


def table(scores: Scores) -> str:
    """A plain-text table of the figures (the form the README and closing notes quote)."""
    lines = [f"notices: {scores.notices}" + (f" (missing predictions: {', '.join(scores.missing)})"
                                             if scores.missing else ""),
             f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
    for name, prf in scores.prf.items():
        lines.append(f"{name:<14}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
                     f"{prf.tp:>6}{prf.fp:>5}{prf.fn:>5}")
    lines.append(f"{'exact':<14}{'rate':>7}{'right':>7}{'total':>7}  misses")
    for name, ex in scores.exact.items():
        lines.append(f"{name:<14}{ex.rate:>7.3f}{ex.right:>7}{ex.total:>7}  "
                     f"{', '.join(ex.misses[:6])}")
    lines.append("departments by role (predicted): " + "; ".join(
        f"{nid} lead {c['lead']} support {c['support']} responsible {c['responsible']} "
        f"none {c['none']}"
        for nid, c in sorted(scores.roles.items())))
    return "\n".join(lines)
