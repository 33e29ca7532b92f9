"""Repair figures: CER of the Guangdong OCR against its hand-restored reference, before and after
repair; repairs per error class; precision/recall of 形近字 repair on synthetic noise.

CER = Levenshtein distance / reference length, on text with whitespace removed and full-width
ASCII forms folded to half width (，→, （→( ：→:), so that only characters count, not layout.
The synthetic figures inject look-alike substitutions into each clean notice and repair with a
domain lexicon built from the *other* clean notices (leave one out), so a notice never helps
repair itself.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.repair.confusion import Params, shape_edits
from pipeline.repair.edits import apply_edits
from pipeline.repair.lexicon import Lexicon, build_domain_counts
from pipeline.repair.noise import NoiseScore, inject, score
from pipeline.repair.passes import error_class, repair_text

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"
# Edits that only normalise layout: anything else on a born-digital notice is a false edit.
LAYOUT_RULES = {"space", "line_join", "punct_width"}
PAGE_RULES = {"page_number"}  # an export's page footers: layout, counted apart
OCR_FILE = ROOT / "corpora" / "guangdong-2020-plan.ocr.txt"
REFERENCE = ROOT / "gold" / "guangdong-2020-plan.reference.txt"
TASKS = ("二、主要任务", "三、工作要求")  # the tasks section of the reference


def fold(text: str) -> str:
    """No whitespace; full-width ASCII forms (U+FF01–FF5E) and the ideographic space folded."""
    out = []
    for ch in text:
        if ch.isspace():
            continue
        code = ord(ch)
        out.append(chr(code - 0xFEE0) if 0xFF01 <= code <= 0xFF5E else ch)
    return "".join(out)


def cer(hyp: str, ref: str, section: tuple[int, int] | None = None) -> float:
    """Character error rate of ``hyp`` against ``ref`` (both folded); with ``section`` (a range
    of the folded reference) only the errors aligned to that range count."""
    hyp, ref = fold(hyp), fold(ref)
    if section is None:
        return Levenshtein.distance(hyp, ref) / max(1, len(ref))
    a, b = section
    errors = 0
    for op in Levenshtein.editops(ref, hyp):
        if a <= op.src_pos < b or (op.tag == "insert" and a < op.src_pos <= b):
            errors += 1
    return errors / max(1, b - a)


def tasks_section(reference: str) -> tuple[int, int]:
    folded = fold(reference)
    start, end = (folded.index(fold(h)) for h in TASKS)
    return start, end


def clean_notices() -> dict[str, str]:
    with (ROOT / "corpora" / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {row["id"]: (ROOT / "corpora" / row["file"]).read_text(encoding="utf-8")
            for row in rows if ".ocr." not in row["file"]}


def synthetic(rate: float = 0.02, seeds: int = 3) -> tuple[NoiseScore, dict[str, NoiseScore]]:
    """Inject, repair, count, per clean notice with a leave-one-out domain lexicon."""
    notices = clean_notices()
    total, per = NoiseScore(), {}
    for name, text in notices.items():
        lex = Lexicon.build(build_domain_counts(t for n, t in notices.items() if n != name))
        per[name] = NoiseScore()
        for seed in range(seeds):
            noisy, changed = inject(text, rate, seed)
            repaired, _ = apply_edits(noisy, shape_edits(noisy, lex, Params()))
            per[name] += score(text, noisy, repaired, changed)
        total += per[name]
    return total, per


def clean_corpus_edits(corpus: Path = DEV) -> None:
    """The repair stage as a run applies it, over every notice of the development corpus (all
    born-digital): substantive edits (not layout), content characters removed, page footers
    taken out, repair seconds,
    and the OCR evidence the decision reads, beside the Guangdong OCR dump's."""
    import tempfile

    from pipeline.api import run_corpus
    from pipeline.config import load_config
    from pipeline.repair.evidence import evidence

    if not (corpus / "manifest.csv").is_file():
        print(f"no development corpus at {corpus}: false-edit count skipped")
        return
    cfg = load_config(None, {"stages": ["ingest", "ocr", "repair"], "run": {"force": True}})
    with tempfile.TemporaryDirectory() as tmp:
        report = run_corpus([corpus / "manifest.csv"], cfg, tmp)
        notices = [json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted((Path(tmp) / "notices").glob("*.json"))]
    edits = Counter()
    removed = touched = footers = paged = 0
    unreadable = stray = 0.0
    for n in notices:
        found = evidence(n["raw_text"])
        unreadable, stray = max(unreadable, found.unreadable_lines), max(stray, found.stray_per_1000)
        pages = [r for r in n["repairs"] if set(r["rule"].split("+")) <= PAGE_RULES]
        footers += len(pages)
        paged += bool(pages)
        subs = [r for r in n["repairs"]
                if not set(r["rule"].split("+")) <= LAYOUT_RULES | PAGE_RULES]
        edits.update(r["rule"] for r in subs)
        removed += sum(len("".join(r["before"].split())) - len("".join(r["after"].split()))
                       for r in n["repairs"] if len(r["before"]) > len(r["after"])
                       and r not in pages)
        touched += bool(subs)
    gd = evidence(OCR_FILE.read_text(encoding="utf-8"))
    print(f"development corpus ({len(notices)} born-digital notices), repair as run:")
    print(f"  substantive edits {sum(edits.values())} in {touched} notices"
          + (f" ({', '.join(f'{k} {v}' for k, v in edits.most_common())})" if edits else ""))
    print(f"  content characters removed {removed}")
    print(f"  page numbers an export left in the text, removed: {footers} in {paged} notices")
    print(f"  repair seconds (run.json) {report.stage_seconds().get('repair', 0.0)}")
    print(f"  OCR evidence, max over the corpus: unreadable lines {unreadable:.0f}, stray symbols "
          f"{stray:.2f}/1000 (Guangdong OCR dump: {gd.unreadable_lines}, {gd.stray_per_1000:.2f}/1000)")


def main() -> None:
    clean_corpus_edits()
    raw = OCR_FILE.read_text(encoding="utf-8")
    reference = REFERENCE.read_text(encoding="utf-8")
    result = repair_text(raw)
    section = tasks_section(reference)
    print(f"Guangdong OCR vs gold reference ({len(fold(reference))} characters, whitespace "
          "removed, full-width folded):")
    print(f"  CER whole notice     raw {cer(raw, reference):.2%}   repaired "
          f"{cer(result.text, reference):.2%}")
    print(f"  CER tasks section    raw {cer(raw, reference, section):.2%}   repaired "
          f"{cer(result.text, reference, section):.2%}")
    classes = Counter(error_class(r.rule) for r in result.repairs)
    rules = Counter(r.rule for r in result.repairs)
    print("  repairs per error class: " + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))
    print("  repairs per rule: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
    print(f"  unreadable lines flagged: {len(result.warnings)}")
    total, per = synthetic()
    print("synthetic look-alike noise (2% of confusable characters, 3 seeds, leave-one-out "
          "lexicon):")
    for name, s in per.items():
        print(f"  {name:28s} injected {s.injected:4d} right {s.right:4d} wrong {s.wrong:3d} "
              f"missed {s.missed:4d}  P {s.precision:.3f} R {s.recall:.3f}")
    print(f"  {'all':28s} injected {total.injected:4d} right {total.right:4d} wrong "
          f"{total.wrong:3d} missed {total.missed:4d}  P {total.precision:.3f} "
          f"R {total.recall:.3f}")


if __name__ == "__main__":
    main()
