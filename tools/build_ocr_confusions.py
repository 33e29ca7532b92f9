"""Build resources/ocr_confusions.tsv: the character substitutions tesseract really makes.

Text is composed from jieba's dictionary (frequent words in random order, with punctuation) — never
from the corpus — rendered as degraded scans by tools/scangen in both Noto CJK faces, OCR'd with
the pipeline's own settings, and aligned with its source. Isolated substitutions (both neighbours
read right) between Chinese characters are counted.

    python -m tools.build_ocr_confusions [--pages 24] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.config import load_config
from pipeline.repair.lexicon import jieba_words
from pipeline.stages.ocr import ocr_png
from tools import scangen

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "resources" / "ocr_confusions.tsv"
PUNCT = "，，，。、；："


def sample_text(rng: random.Random, chars: int) -> str:
    words = [w for w, n in jieba_words().items() if n >= 2000 and 2 <= len(w) <= 4
             and all("\u4e00" <= c <= "\u9fff" for c in w)]
    words.sort()
    out, size, line = [], 0, []
    while size < chars:
        word = rng.choice(words)
        line.append(word)
        size += len(word)
        if rng.random() < 0.25:
            line.append(rng.choice(PUNCT))
        if len(line) > 30:
            out.append("".join(line) + "。")
            line = []
    return "\n".join(out)


def count_substitutions(reference: str, ocr: str) -> Counter[tuple[str, str]]:
    ref, hyp = "".join(reference.split()), "".join(ocr.split())
    counts: Counter[tuple[str, str]] = Counter()
    ops = Levenshtein.editops(ref, hyp)
    touched = {o.src_pos for o in ops}
    for o in ops:
        if o.tag != "replace":
            continue
        a, b = ref[o.src_pos], hyp[o.dest_pos]
        isolated = (o.src_pos - 1 not in touched) and (o.src_pos + 1 not in touched)
        if isolated and "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff":
            counts[(a, b)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cfg = load_config(None, {"ocr": {"cache_dir": tempfile.mkdtemp()}})
    counts: Counter[tuple[str, str]] = Counter()
    for face in scangen.FONT_CANDIDATES:
        for k in range(args.pages // 2):
            text = sample_text(rng, 560)
            pages, reference = scangen.render_pages(text, 200, seed=rng.randrange(10**6), font=face)
            buffer = io.BytesIO()
            pages[0].save(buffer, "PNG")
            ocr_text, _, _ = ocr_png(buffer.getvalue(), cfg)
            counts += count_substitutions(reference, ocr_text)
            print(f"{Path(face).name} page {k + 1}: {sum(counts.values())} substitutions", flush=True)
    lines = ["# substitutions tesseract (chi_sim, pipeline settings) made on generated scans of text",
             "# composed from jieba's dictionary; built by tools/build_ocr_confusions.py",
             "# true_char\tocr_char\tcount"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(counts)} pairs -> {OUT}")


if __name__ == "__main__":
    main()
