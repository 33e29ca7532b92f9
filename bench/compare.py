"""Measure alignment across notices, against gold/align (pairwise P/R/F1 of "these two tasks of
different notices are the same measure"), each set aligned as a batch of its own notices:

- elderly-care-2020: the four 2020 corpus plans of one national campaign, with the discovered
  groups and with the elderly-care taxonomy (themes.toml) as the groups;
- ai-industry, smart-manufacturing, sensors (plans on one subject by the centre and provinces),
  icv-road-testing (a national regulation and two cities' rules made after it), digital-economy
  and digital-economy-parks (notices on one subject that share few measures): related notices
  of ../shared/corpus-dev (when present), their tasks' gold found in any task gold folder
  (``task_gold_folders``).

Then the sweeps that chose ``threshold`` and ``rejoin`` in resources/align.toml, and the whole
development corpus aligned as one batch: how many tasks land in a group, and the coverage sample.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.api import run_corpus
from pipeline.compare import load_notices
from pipeline.compare.align import align, rules
from pipeline.compare.align_eval import AlignScore, gold_keys, pairs, score, theme_groups
from pipeline.config import load_config
from pipeline.evaluate import PRF

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus-dev"


def task_gold_folders() -> list[Path]:
    """Where a notice's task gold is looked for, in this order: the corpus notices', the
    development sample's, then the held-out sets' by number, then the extraction samples'."""
    gold = ROOT / "gold"
    heldout = sorted(gold.glob("heldout-*"), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    return [gold, gold / "dev", *heldout, *sorted(gold.glob("dev-extract*"))]


def gold_tasks(ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each notice's task gold (its tasks), from the first of ``task_gold_folders`` that has
    it; a notice without any is left out."""
    out = {}
    folders = task_gold_folders()
    for nid in ids:
        for folder in folders:
            path = folder / f"{nid}.json"
            if path.is_file():
                out[nid] = json.loads(path.read_text(encoding="utf-8"))["tasks"]
                break
    return out


def _line(s: AlignScore, what: str) -> str:
    p = s.prf
    return (f"{s.set:<22}{what:<12}{p.precision:>7.3f}{p.recall:>7.3f}{p.f1:>7.3f}{p.tp:>6}{p.fp:>5}"
            f"{p.fn:>5}   {s.groups} groups, {s.grouped}/{s.tasks} tasks grouped")


def evaluate_set(path: Path, notices: dict[str, dict[str, Any]], threshold: float | None = None,
                 rejoin: float | None = None) -> list[tuple[AlignScore, str]]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    batch = [notices[n] for n in gold["notices"] if n in notices]
    mapping = gold_keys(gold_tasks(gold["notices"]), batch)
    tasks = sum(len(n["tasks"]) for n in batch)
    found = [[t.key for t in g.tasks] for g in align(batch, threshold, rejoin=rejoin)]
    out = [(score(gold["set"], gold, found, mapping, tasks), "discovered")]
    second = path.parent / "second" / path.name
    if threshold is None and rejoin is None and second.is_file():  # against the other annotator
        other = json.loads(second.read_text(encoding="utf-8"))
        out.append((score(gold["set"], other, found, mapping, tasks), "vs second"))
    if gold["set"].startswith("elderly"):
        out.append((score(gold["set"], gold, theme_groups(batch), mapping, tasks), "taxonomy"))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as seeds, tempfile.TemporaryDirectory() as dev:
        run_corpus([ROOT / "corpora" / "manifest.csv"],
                   load_config(None, {"run": {"executor": "serial", "force": True}}), seeds)
        notices = {n["id"]: n for n in load_notices(Path(seeds) / "notices")}
        if (CORPUS / "manifest.csv").is_file():
            run_corpus([CORPUS / "manifest.csv"], load_config(None, {"run": {"force": True}}), dev)
            notices |= {n["id"]: n for n in load_notices(Path(dev) / "notices")}
        sets = sorted((ROOT / "gold" / "align").glob("*.json"))
        print(f"{'set':<22}{'groups':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
        for path in sets:
            for s, what in evaluate_set(path, notices):
                print(_line(s, what))
        _agreement(sets)
        _sweep(sets, notices)
        dev_notices = [n for n in notices.values() if not n["id"].endswith(("plan", "notice",
                                                                             "reply"))]
        if dev_notices:
            start = time.perf_counter()
            groups = align(dev_notices)
            took = time.perf_counter() - start
            total = sum(len(n["tasks"]) for n in dev_notices)
            grouped = sum(len(g.tasks) for g in groups)
            print(f"\ndevelopment corpus as one batch: {len(dev_notices)} notices, {total} tasks, "
                  f"{len(groups)} groups, {grouped} tasks grouped ({grouped / total:.1%}), "
                  f"{took:.1f} s")
            _coverage(groups, dev_notices)


def _sweep(sets: list[Path], notices: dict[str, dict[str, Any]]) -> None:
    """Pairwise F1 per set (and their mean, and all sets' pairs pooled) as the threshold and
    the rejoin share of resources/align.toml change, one at a time: how they were chosen."""
    r = rules()
    print(f"\nsweeps (resources/align.toml: threshold {r.threshold}, rejoin {r.rejoin}), pairwise "
          f"F1 per set ({', '.join(p.stem for p in sets)}), their mean and the pooled F1:")
    for name, settings in (("threshold", [(t, None) for t in (0.075, 0.1, 0.125, 0.15, 0.2, 0.3)]),
                           ("rejoin", [(None, j) for j in (0.0, 0.5, 0.6, 0.65, 0.7, 0.8, 1.0)])):
        for threshold, rejoin in settings:
            found = [s.prf for path in sets for s, what in evaluate_set(path, notices, threshold,
                                                                        rejoin)
                     if what == "discovered"]
            pooled = PRF(sum(p.tp for p in found), sum(p.fp for p in found),
                         sum(p.fn for p in found))
            value = threshold if rejoin is None else rejoin
            print(f"  {name} {value:<6}" + "  ".join(f"{p.f1:.3f}" for p in found)
                  + f"   mean {sum(p.f1 for p in found) / len(found):.3f}  pooled {pooled.f1:.3f}")


def _agreement(sets: list[Path]) -> None:
    """How far two people agree: each set's second annotation (gold/align/second/, made
    independently from the same listing) scored against the gold as the pipeline is, pairwise."""
    print("\nagreement between two independent annotators (second against gold), pairwise:")
    for path in sets:
        second = path.parent / "second" / path.name
        if not second.is_file():
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        other = json.loads(second.read_text(encoding="utf-8"))
        prf = PRF()
        prf.add(pairs(g["tasks"] for g in gold["groups"]), pairs(g["tasks"] for g in other["groups"]))
        print(f"  {gold['set']:<22}P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
              f"({prf.tp} of {prf.tp + prf.fn} gold pairs, {prf.tp + prf.fp} second pairs)")


def _coverage(groups: list[Any], notices: list[dict[str, Any]]) -> None:
    """The samples of gold/align/coverage (40, 60 and 60 development tasks drawn at random): of those
    a helper found a counterpart for in another notice, how many share a group with one."""
    answers = [a for path in sorted((ROOT / "gold" / "align" / "coverage").glob("*.json"))
               for a in json.loads(path.read_text(encoding="utf-8"))]
    if not answers:
        return
    where = {t.key: g.id for g in groups for t in g.tasks}
    # a key the outline no longer takes as a task (its rules changed since the draw) is left out
    # of the figure, and counted: alignment can only group the tasks there are
    tasks = {f"{n['id']}#{t['id']}" for n in notices for t in n["tasks"]}
    gone = [a for a in answers if a["task"] not in tasks]
    answers = [a for a in answers if a["task"] in tasks]
    have = [a for a in answers if a["counterparts"]]
    shared = [a for a in have if a["task"] in where
              and any(where.get(c) == where[a["task"]] for c in a["counterparts"])]
    lonely = [a for a in answers if not a["counterparts"] and a["task"] in where]
    print(f"coverage sample ({len(answers)} tasks): {len(shared)} of {len(have)} tasks with a "
          f"counterpart share a group with one ({len(shared) / max(1, len(have)):.0%}); "
          f"{len(lonely)} of {len(answers) - len(have)} without one are grouped anyway; "
          f"{len(gone)} sample keys name no task now ({sum(bool(a['counterparts']) for a in gone)} "
          f"of them with a counterpart)")


if __name__ == "__main__":
    main()
