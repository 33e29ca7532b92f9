"""Readers for each input format; ``detect`` decides which one from the bytes, not the name."""

from __future__ import annotations

import re

from ...model import PageSlot

PAGE_BREAK = "\n\f\n"
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"GIF8", "image"),
    (b"BM", "image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # an OLE compound file: Word 97–2003, WPS
    (b"{\\rtf", "rtf"),
)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}


def detect(data: bytes, suffix: str) -> str:
    """pdf, image, doc, docx, rtf, html, markdown or text — from magic bytes first, then the
    suffix (a .doc that is no OLE file is read as what its bytes are: web pages and plain text
    are often saved under that name)."""
    head = data[:8]
    for magic, kind in MAGIC:
        if head.startswith(magic) and not (magic == b"BM" and suffix not in IMAGE_SUFFIXES):
            return kind
    if data[:1024].lstrip()[:1] == b"%" and suffix == ".pdf":
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (suffix in (".docx", ".docm", ".wps", "")
                                          or b"word/" in data[:4096]):
        return "docx"
    if suffix in HTML_SUFFIXES or re.match(rb"\s*(<!doctype html|<html)", data[:512], re.I):
        return "html"
    if suffix in (".pdf",):
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


# A text in UTF-8 with a few damaged bytes is read as UTF-8 with those replaced, not as GB18030:
# GB18030 reads most byte pairs, so it reads such a line whole, every character of it wrong (鍚勫競
# for 各市). A text in GBK read as UTF-8 fails at nearly every byte of its Chinese characters;
# damaged UTF-8 fails at the one to three bytes of a damaged character. Up to this share of the
# non-ASCII characters of the UTF-8 reading may be replaced (a short line of four characters
# with one damaged reads as three replaced and three right).
DAMAGED_SHARE = 0.5


def damaged_utf8(raw: bytes) -> tuple[str, int] | None:
    """The UTF-8 reading of bytes with their few undecodable ones replaced, and how many."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = len(text) - len(raw.decode("ascii", errors="ignore"))
    return (text, bad) if bad and bad <= DAMAGED_SHARE * wide else None


def assemble(slots: list[PageSlot]) -> str:
    """Join page texts with a form feed between pages; record each page's span in its info."""
    parts: list[str] = []
    offset = 0
    for k, slot in enumerate(slots):
        if k:
            parts.append(PAGE_BREAK)
            offset += len(PAGE_BREAK)
        text = slot.text or ""
        slot.info.span = (offset, offset + len(text))
        slot.info.chars = len(text)
        parts.append(text)
        offset += len(text)
    return "".join(parts)


_WIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
CJK_SPACE = re.compile(rf"(?<={_WIDE})[ \t]+(?={_WIDE})")


def squeeze_cjk_spaces(text: str) -> str:
    """Drop the spaces a PDF text layer or tesseract puts between Chinese characters."""
    return CJK_SPACE.sub("", text)


# "- 3 -", "—3—", "第3页"; OCR reads the dashes of "— 3 —" as 一 as often as not.
PAGE_NUMBER = re.compile(r"^\s*[-—–－_·•一]*\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—–－_·•一]*\s*$")


def split_furniture(text: str) -> tuple[str, list[str]]:
    """Move page-number lines at a page's top or bottom (- 3 -, —3—, 第3页) out of its text."""
    lines = text.split("\n")
    furniture: list[str] = []
    while lines and (not lines[-1].strip() or PAGE_NUMBER.match(lines[-1])):
        if lines[-1].strip():
            furniture.insert(0, lines[-1].strip())
        lines.pop()
    while lines and (not lines[0].strip() or PAGE_NUMBER.match(lines[0])):
        if lines[0].strip():
            furniture.append(lines[0].strip())
        lines.pop(0)
    return "\n".join(lines), furniture
