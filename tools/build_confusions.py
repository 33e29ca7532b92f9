"""Build ``pipeline/resources/confusions.tsv``: pairs of CJK characters that look alike.

Each character of a common set (the most frequent characters of jieba's dictionary, plus every
character of the domain lexicon) is rendered with the Noto CJK fonts of Debian's
``fonts-noto-cjk`` (Sans SC and Serif SC: notices are printed in Song/Fangsong faces, OCR sees
both kinds of strokes). Each rendering is placed in its em box (not cropped to ink, so that 一 and
丨 stay apart), blurred so that a stroke moved by a pixel or two still overlaps, scaled down, and
compared by cosine similarity (mean of the two fonts). A pair is kept when one character is among
the other's nearest neighbours and the similarity passes a floor.

It also writes ``common_chars.txt``: the 3,500 most frequent characters, outside which a
character counts as a rare glyph (garble ratio, unreadable lines). Run from the repository root::

    .venv/bin/python tools/build_confusions.py [--chars 5000] [--k 10] [--floor 0.72]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.repair.lexicon import CJK_CHAR, char_frequencies, domain_counts  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONTS = [("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"), ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC")]
OUT = ROOT / "pipeline" / "resources" / "confusions.tsv"
COMMON_OUT = ROOT / "pipeline" / "resources" / "common_chars.txt"
COMMON = 3500  # the size of the list of common modern characters (现代汉语常用字表)
CANVAS, SCALED, BLUR = 64, 32, 2.0


def _face(file: str, family: str, size: int) -> ImageFont.FreeTypeFont:
    """The face of a .ttc collection whose family is ``family`` (the SC face of the Noto CJK set)."""
    path = FONT_DIR / file
    if not path.is_file():
        raise SystemExit(f"{path} missing: install the Debian package fonts-noto-cjk")
    for index in range(16):
        font = ImageFont.truetype(str(path), size, index=index)
        if font.getname()[0] == family:
            return font
    raise SystemExit(f"no face {family!r} in {path}")


def render(chars: list[str], font: ImageFont.FreeTypeFont) -> np.ndarray:
    """One unit vector per character: em-box rendering, blurred, scaled down, mean-centred."""
    out = np.zeros((len(chars), SCALED * SCALED), dtype=np.float32)
    for i, ch in enumerate(chars):
        image = Image.new("L", (CANVAS, CANVAS), 0)
        ImageDraw.Draw(image).text((CANVAS / 2, CANVAS / 2), ch, fill=255, font=font, anchor="mm")
        image = image.filter(ImageFilter.GaussianBlur(BLUR)).resize((SCALED, SCALED), Image.BILINEAR)
        out[i] = np.asarray(image, dtype=np.float32).ravel()
    out -= out.mean(axis=1, keepdims=True)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-6
    return out


def character_set(n: int) -> list[str]:
    common = [ch for ch, _ in char_frequencies().most_common(n)]
    extra = sorted({ch for word in domain_counts() for ch in word if CJK_CHAR.match(ch)} - set(common))
    return common + extra


def similar_pairs(chars: list[str], k: int, floor: float) -> dict[tuple[str, str], float]:
    size = int(CANVAS * 0.85)
    vectors = [render(chars, _face(file, family, size)) for file, family in FONTS]
    sim = sum(v @ v.T for v in vectors) / len(vectors)
    np.fill_diagonal(sim, -1.0)
    pairs: dict[tuple[str, str], float] = {}
    for i in range(len(chars)):
        for j in np.argsort(-sim[i])[:k]:
            value = float(sim[i, j])
            if value < floor:
                break
            a, b = sorted((chars[i], chars[int(j)]))
            pairs[(a, b)] = round(value, 3)
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5000, help="how many common characters")
    parser.add_argument("--k", type=int, default=10, help="nearest neighbours per character")
    parser.add_argument("--floor", type=float, default=0.72, help="least similarity kept")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    chars = character_set(args.chars)
    pairs = similar_pairs(chars, args.k, args.floor)
    lines = [f"# visually similar CJK characters: {len(chars)} characters rendered with "
             + " and ".join(f for _, f in FONTS) + f", top {args.k} neighbours,",
             f"# cosine similarity >= {args.floor} of blurred em-box bitmaps; built by "
             "tools/build_confusions.py",
             "# char_a\tchar_b\tsimilarity"]
    lines += [f"{a}\t{b}\t{s:.3f}" for (a, b), s in sorted(pairs.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs over {len(chars)} characters -> {args.out}")
    common = [ch for ch, _ in char_frequencies().most_common(COMMON)]
    body = ["".join(common[i:i + 50]) for i in range(0, len(common), 50)]
    COMMON_OUT.write_text(f"# the {COMMON} most frequent characters of jieba's dictionary (words "
                          "weighted by count), most frequent first;\n# characters outside it count "
                          "as rare glyphs. Built by tools/build_confusions.py\n"
                          + "\n".join(body) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
