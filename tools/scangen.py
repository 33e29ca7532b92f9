"""Scan generator: render a notice's text as a scanned-looking PDF or page images.

Pages follow 公文 layout (A4, 28 characters a line, 22 lines a page, two-character paragraph
indent) in a CJK font, then are degraded the way a office scanner degrades them: a slight
rotation, speckle noise, blur and JPEG compression. The exact reference text comes back with the
pages, so OCR can be scored (CER) and extraction from a scan compared with the text version.

    python -m tools.scangen corpora/jilin-2020-plan.txt out.pdf --dpi 200
"""

from __future__ import annotations

import argparse
import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Layout:
    page_mm: tuple[float, float] = (210.0, 297.0)
    margins_mm: tuple[float, float, float, float] = (37.0, 28.0, 35.0, 26.0)  # top, left, bottom, right
    font_pt: float = 16.0  # 三号
    line_pitch: float = 1.75  # line height / font size


@dataclass(frozen=True)
class Degrade:
    rotate_deg: float = 0.6
    noise: float = 0.002  # share of pixels flipped to speckles
    blur: float = 0.5
    jpeg_quality: int = 70


def font_path() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return path
    raise FileNotFoundError("no CJK font: install Debian fonts-noto-cjk (make install does)")


def paragraphs(text: str) -> list[str]:
    """The text's non-empty lines with markdown markers and inner whitespace removed."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|[-*]{3,}\s*$)", "", line)
        line = re.sub(r"\[image:[^\]]*\]", "", line)  # a lost picture is not text on the page
        if re.search(r"[\u4e00-\u9fff]", line):  # keep wide gaps (signature columns) as
            line = re.sub(r"\s+", "", re.sub(r"\s{2,}", "\u3000\u3000", line.strip()))
        else:
            line = line.strip()
        if line:
            out.append(line)
    return out


def _wrap(paragraph: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    lines, current, limit = [], "", width - indent
    for ch in paragraph:
        if font.getlength(current + ch) > limit and current:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def render_pages(text: str, dpi: int = 200, layout: Layout = Layout(),
                 degrade: Degrade | None = Degrade(), seed: int = 0,
                 font: str | None = None, index: int = 0) -> tuple[list[Image.Image], str]:
    """Page images (mode L) and the reference text (one paragraph a line)."""
    rng = random.Random(seed)
    px = dpi / MM_PER_INCH
    width, height = (round(v * px) for v in layout.page_mm)
    top, left, bottom, right = (m * px for m in layout.margins_mm)
    size = layout.font_pt / 72 * dpi
    font_file = font or font_path()
    face = ImageFont.truetype(font_file, round(size), index=index)
    pitch = size * layout.line_pitch
    per_page = int((height - top - bottom) // pitch)
    lines: list[tuple[str, float]] = []
    paras = paragraphs(text)
    for para in paras:
        for k, line in enumerate(_wrap(para, face, width - left - right, 2 * size)):
            lines.append((line, 2 * size if k == 0 else 0.0))
    pages = []
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, (line, indent) in enumerate(lines[start:start + per_page]):
            draw.text((left + indent, top + row * pitch), line, font=face, fill=0)
        number = f"— {len(pages) + 1} —"
        draw.text((width / 2 - face.getlength(number) / 2, height - bottom / 2), number,
                  font=face, fill=0)
        pages.append(_degrade(page, degrade, rng) if degrade else page)
    return pages, "\n".join(paras)


def _degrade(page: Image.Image, d: Degrade, rng: random.Random) -> Image.Image:
    page = page.rotate(rng.uniform(-d.rotate_deg, d.rotate_deg), resample=Image.Resampling.BICUBIC,
                       fillcolor=255, expand=False)
    if d.noise:
        pixels = page.load()
        w, h = page.size
        for _ in range(int(w * h * d.noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            pixels[x, y] = 0 if rng.random() < 0.5 else 255
    if d.blur:
        page = page.filter(ImageFilter.GaussianBlur(d.blur))
    if d.jpeg_quality:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=d.jpeg_quality)
        page = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return page


def write_pdf(pages: list[Image.Image], path: Path, dpi: int = 200) -> None:
    """A scanned PDF: one image per page, no text layer."""
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def save_scan(pages: list[Image.Image], reference: str, out: Path, dpi: int,
              image_format: str = "png") -> None:
    """A scan as ``out`` (a .pdf with ``.reference.txt`` beside it) or as a folder of page images
    with ``reference.txt``."""
    if out.suffix.lower() == ".pdf":
        write_pdf(pages, out, dpi)
        out.with_suffix(".reference.txt").write_text(reference + "\n", encoding="utf-8")
    else:
        out.mkdir(parents=True, exist_ok=True)
        for k, page in enumerate(pages, start=1):
            page.save(out / f"page-{k:03d}.{image_format}",
                      **({"quality": 90} if image_format == "jpg" else {}))
        (out / "reference.txt").write_text(reference + "\n", encoding="utf-8")
    print(f"{len(pages)} pages -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path, help=".pdf, or a folder for PNG pages")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--clean", action="store_true", help="no degradation")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    pages, reference = render_pages(args.source.read_text(encoding="utf-8"), args.dpi,
                                    degrade=None if args.clean else Degrade(), seed=args.seed)
    save_scan(pages, reference, args.out, args.dpi)


if __name__ == "__main__":
    main()


TEXT_FONTS = ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_text_pdf(text: str, path: Path, *, page_numbers: bool = True,
                   user_password: str | None = None) -> None:
    """A born-digital PDF with a real text layer (as Word/WPS exports make), via fpdf2.

    Droid Sans Fallback carries the Chinese glyphs, DejaVu Sans the Latin ones; footers carry
    "- N -" page numbers, which ingest must keep out of the body. A form feed starts a new page.
    """
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=TEXT_FONTS[0])
    pdf.add_font("latin", fname=TEXT_FONTS[1])
    pdf.set_fallback_fonts(["latin"])
    if page_numbers:
        def footer() -> None:
            pdf.set_y(-15)
            pdf.set_font("cjk", size=10)
            pdf.cell(0, 10, f"- {pdf.page_no()} -", align="C")
        pdf.footer = footer  # type: ignore[method-assign]
    if user_password is not None:
        pdf.set_encryption(owner_password=user_password + "-owner", user_password=user_password,
                           encryption_method=EncryptionMethod.AES_128)
    pdf.set_auto_page_break(True, margin=25)
    for page in text.split("\f"):  # a form feed starts a new page
        pdf.add_page()
        pdf.set_font("cjk", size=14)
        for para in paragraphs(page):
            pdf.multi_cell(0, 9, para, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
