"""Build resources/ocr_confusions.tsv and ocr_insertions.tsv: what tesseract really gets wrong.

Text is composed from jieba's dictionary (words drawn in proportion to the square root of their
count, in random order, with punctuation) — never from the corpus — rendered as degraded scans by
tools/scangen in both Noto CJK faces, OCR'd with the pipeline's own settings, and aligned with its
source. Counted: isolated substitutions between Chinese characters (both neighbours read right),
and isolated insertions of a Chinese character between two characters read right (speckles that
tesseract reads as a glyph).

    python -m tools.build_ocr_confusions [--pages 160] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import os
import random
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.config import load_config
from pipeline.repair.lexicon import jieba_words
from pipeline.stages.ocr import ocr_png
from tools import scangen

RESOURCES = Path(__file__).resolve().parent.parent / "pipeline" / "resources"
OUT = RESOURCES / "ocr_confusions.tsv"
OUT_INSERTIONS = RESOURCES / "ocr_insertions.tsv"
PUNCT = "，，，。、；："


@cache
def _vocabulary() -> tuple[list[str], list[float]]:
    """Words of 1–4 Chinese characters and their cumulative sampling weights (sqrt of count)."""
    words = sorted(w for w, n in jieba_words().items() if n >= 200 and 1 <= len(w) <= 4
                   and all("\u4e00" <= c <= "\u9fff" for c in w))
    return words, list(itertools.accumulate(math.sqrt(jieba_words()[w]) for w in words))


def sample_text(rng: random.Random, chars: int) -> str:
    words, cumulative = _vocabulary()
    out, size, line = [], 0, []
    while size < chars:
        word = rng.choices(words, cum_weights=cumulative)[0]
        line.append(word)
        size += len(word)
        if rng.random() < 0.25:
            line.append(rng.choice(PUNCT))
        if len(line) > 30:
            out.append("".join(line) + "。")
            line = []
    return "\n".join(out)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def count_errors(reference: str, ocr: str) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """(isolated substitutions (true, seen), isolated insertions of a Chinese character)."""
    ref, hyp = "".join(reference.split()), "".join(ocr.split())
    subs: Counter[tuple[str, str]] = Counter()
    inserted: Counter[str] = Counter()
    ops = Levenshtein.editops(ref, hyp)
    touched = {o.src_pos for o in ops if o.tag != "insert"}
    at = Counter(o.src_pos for o in ops)
    for o in ops:
        if o.tag == "replace":
            a, b = ref[o.src_pos], hyp[o.dest_pos]
            # alone: no other edit at this character, its neighbours, or an insertion after it
            isolated = (at[o.src_pos] == 1 and at[o.src_pos + 1] == 0
                        and not {o.src_pos - 1, o.src_pos + 1} & touched)
            if isolated and _cjk(a) and _cjk(b):
                subs[(a, b)] += 1
        elif o.tag == "insert" and 0 < o.src_pos < len(ref):
            # inserted before ref[src_pos]: both neighbours must be read right, and alone
            isolated = at[o.src_pos] == 1 and not {o.src_pos - 1, o.src_pos} & touched
            if isolated and _cjk(hyp[o.dest_pos]) and _cjk(ref[o.src_pos - 1]) and _cjk(ref[o.src_pos]):
                inserted[hyp[o.dest_pos]] += 1
    return subs, inserted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=160)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cfg = load_config(None, {"ocr": {"cache_dir": tempfile.mkdtemp()}})
    jobs = []
    for face in scangen.FONT_CANDIDATES:
        for _ in range(args.pages // 2):
            jobs.append((sample_text(rng, 560), rng.randrange(10**6), face))

    def one(job: tuple[str, int, str]) -> tuple[Counter[tuple[str, str]], Counter[str]]:
        text, seed, face = job
        pages, reference = scangen.render_pages(text, 200, seed=seed, font=face)
        buffer = io.BytesIO()
        pages[0].save(buffer, "PNG")
        ocr_text, _, _ = ocr_png(buffer.getvalue(), cfg)
        return count_errors(reference, ocr_text)

    counts: Counter[tuple[str, str]] = Counter()
    inserted: Counter[str] = Counter()
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for k, (subs, ins) in enumerate(pool.map(one, jobs)):
            counts += subs
            inserted += ins
            print(f"page {k + 1}/{len(jobs)}: {sum(counts.values())} substitutions, "
                  f"{sum(inserted.values())} insertions", flush=True)
    lines = ["# substitutions tesseract (chi_sim, pipeline settings) made on generated scans of text",
             "# composed from jieba's dictionary; built by tools/build_ocr_confusions.py",
             "# true_char\tocr_char\tcount"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["# Chinese characters tesseract (chi_sim, pipeline settings) printed where the page had",
             "# none (between two characters it read right), on the scans ocr_confusions.tsv comes",
             "# from; built by tools/build_ocr_confusions.py",
             "# ocr_char\tcount"]
    lines += [f"{c}\t{n}" for c, n in sorted(inserted.items(), key=lambda kv: (-kv[1], kv[0]))]
    OUT_INSERTIONS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(counts)} pairs -> {OUT}; {len(inserted)} inserted characters -> {OUT_INSERTIONS}")


if __name__ == "__main__":
    main()
