"""Outline and tasks over the development corpus (../shared/corpus-dev): gold-free audit figures
over every notice, and task P/R/F1 per layout on the annotated ones (gold/dev/).

    python -m bench structure [CORPUS_DIR]

- numbered: notices with 3+ line-initial item numbers (（一） 1. （1） 第X条 …);
  no-task: the numbered ones that give no task.
- runaway: tasks whose text holds a later line-initial number of a higher level than their own
  (a 一、, 第X章 or 第X条 swallowed).
- unsplit: tasks whose text holds 2+ line-initial numbers of one deeper level (a group not split).
The marker levels here are a plain reading of line starts, independent of the pipeline's grammar.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipeline.api import run_corpus
from pipeline.config import load_config
from pipeline.evaluate import PRF, match_tasks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus-dev"
GOLD = ROOT / "gold" / "dev"

_LEAD = re.compile(r"^[\s\ufeff#>*]*")
_CN = "一二三四五六七八九十百零〇"
LEVELS = [
    (0, re.compile(rf"第[{_CN}]+[章编]")),
    (1, re.compile(rf"第[{_CN}]+条")),
    (2, re.compile(rf"[{_CN}]{{1,3}}\s*、")),
    (3, re.compile(rf"[（(]\s*[{_CN}]{{1,3}}\s*[）)]")),
    (4, re.compile(r"\d{1,2}\s*[.．、﹒](?!\d)")),
    (5, re.compile(r"[（(]\s*\d{1,2}\s*[）)]")),
    (6, re.compile(r"[\u2460-\u2473]")),
]


def line_marks(text: str) -> list[tuple[int, int]]:
    """(level, offset) of every line-initial number."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        lead = _LEAD.match(line)
        rest = line[lead.end() if lead else 0:]
        for level, rx in LEVELS:
            if rx.match(rest):
                out.append((level, pos + (lead.end() if lead else 0)))
                break
        pos += len(line)
    return out


def audit(notices: list[dict[str, Any]]) -> dict[str, Any]:
    numbered = no_task = tasks = runaway = unsplit = 0
    examples: dict[str, list[str]] = defaultdict(list)
    for n in notices:
        marks = line_marks(n.get("text") or "")
        if sum(1 for level, _ in marks if level >= 1) >= 3:
            numbered += 1
            if not n.get("tasks"):
                no_task += 1
                examples["no-task"].append(n["id"])
        for t in n.get("tasks") or []:
            tasks += 1
            s, e = t["span"]
            own = next((lv for lv, at in marks if at == s), None)
            if own is None:
                continue  # an inline unit: its level is not a line-initial one
            inside = [lv for lv, at in marks if s < at < e]
            if any(lv < own and lv <= 2 for lv in inside):
                runaway += 1
                examples["runaway"].append(f"{n['id']}:{t['id']}")
            elif max((inside.count(lv) for lv in set(inside) if lv > own), default=0) >= 2:
                unsplit += 1
                examples["unsplit"].append(f"{n['id']}:{t['id']}")
    return {"notices": len(notices), "numbered": numbered, "no_task": no_task, "tasks": tasks,
            "runaway": runaway, "unsplit": unsplit, "examples": dict(examples)}


def gold_scores(notices: dict[str, dict[str, Any]], gold_dir: Path) -> dict[str, PRF]:
    by_layout: dict[str, PRF] = defaultdict(PRF)
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred = notices.get(gold["id"], {}).get("tasks", [])
        pairs = match_tasks(gold["tasks"], pred)
        for key in (gold.get("layout", "other"), "all"):
            prf = by_layout[key]
            prf.tp += len(pairs)
            prf.fn += len(gold["tasks"]) - len(pairs)
            prf.fp += len(pred) - len(pairs)
    return dict(by_layout)


def run(corpus: Path, out: Path) -> dict[str, dict[str, Any]]:
    cfg = load_config(None, {"run": {"force": True}})
    run_corpus([corpus / "manifest.csv"], cfg, out)
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((out / "notices").glob("*.json"))}


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "structure"]
    corpus = Path(args[0]) if args else CORPUS
    if not (corpus / "manifest.csv").is_file():
        print(f"no development corpus at {corpus}: skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        notices = run(corpus, Path(tmp))
    a = audit(list(notices.values()))
    share = lambda k, base: a[k] / max(1, a[base])  # noqa: E731
    print(f"notices {a['notices']}, numbered {a['numbered']}, tasks {a['tasks']}")
    print(f"numbered notices with no task  {a['no_task']:>4}  {share('no_task', 'numbered'):.3f}  (aim <= 0.03)")
    print(f"runaway tasks                  {a['runaway']:>4}  {share('runaway', 'tasks'):.3f}  (aim <= 0.01)")
    print(f"unsplit groups                 {a['unsplit']:>4}  {share('unsplit', 'tasks'):.3f}  (aim <= 0.05)")
    for key, ids in a["examples"].items():
        print(f"  {key}: {' '.join(ids[:15])}{' …' if len(ids) > 15 else ''}")
    scores = gold_scores(notices, GOLD)
    n_gold = len(list(GOLD.glob("*.json")))
    print(f"\ntasks against gold/dev ({n_gold} annotated notices), by layout:")
    print(f"{'layout':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for key in sorted(scores, key=lambda k: (k == "all", k)):
        prf = scores[key]
        print(f"{key:<12}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}{prf.tp:>6}{prf.fp:>5}{prf.fn:>5}")


if __name__ == "__main__":
    main()
