"""Ingest: detect the input's format and read its text. The only stage that reads input files.

Text and markdown are decoded (UTF-8, BOM, GB18030/GBK, UTF-16); Word and HTML are converted to
text; PDF pages keep a good text layer and are rendered for the OCR stage otherwise; images go
to OCR page by page.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from ..config import Config
from ..errors import PipelineError
from ..model import Notice
from ..repair.unreadable import count_rare
from . import readers
from .readers.image import read_image
from .readers.office import read_docx
from .readers.pdf import read_pdf
from .readers.webpage import read_html
from .readers.worddoc import read_doc

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUNS = re.compile(_CJK.pattern + "+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r"\s+")


def _plausible(text: str) -> float:
    """Share of characters that are CJK, ASCII printable or common whitespace/punctuation."""
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t") - len(_CONTROL.findall(text))
    return good / max(1, len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as text, if either does."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausible(text) + 0.5 * len(_CJK.findall(text)) / max(1, len(text))
        if "\x00" not in text and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best and best[0] >= 0.95 else None


# A text may hold a few bytes no encoding reads (a stray NUL of an export's padding, a byte
# damaged in transfer, a line pasted in another encoding): up to this share of its bytes they
# are dropped or replaced, and said in the notice's warnings; more is binary (E102) or not
# decodable (E104).
STRAY_SHARE = 0.001
STRAY_MIN = 9  # a short text may lose a few damaged characters (up to three bytes each),
STRAY_MOST = 0.01  # but never more than this share of its bytes


def decode_text(data: bytes, warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text, encoding). Raises E101/E102/E104. What was
    dropped or replaced on the way is appended to ``warnings``."""
    said = warnings if warnings is not None else []
    if not data.strip():
        raise PipelineError("E101", "the file is empty or holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise PipelineError("E104", f"bad {encoding} after its byte-order mark: {exc}") from exc
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        nuls = data.count(b"\x00")
        if nuls > STRAY_SHARE * len(data):
            raise PipelineError("E102", "the file holds NUL bytes: binary data, not text")
        data = data.replace(b"\x00", b"")
        said.append(f"{nuls} NUL byte(s) dropped")
    data = _cut_character(data, said)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if readers.damaged_utf8(data) is None:  # not UTF-8 with a few damaged characters: GBK whole?
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    return _by_line(data, said)


def _cut_character(data: bytes, said: list[str]) -> bytes:
    """The bytes without a UTF-8 character cut off at the file's end (a download or a copy cut
    short): its first bytes are no character in any encoding the text is in, and read as GB18030
    they would be one wrong character."""
    tail = data[-3:]
    for k in range(1, len(tail) + 1):
        lead = tail[-k]
        if lead < 0x80:
            return data
        if lead >= 0xC0:  # the start of a sequence: is it longer than what is left?
            need = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            if need <= k:
                return data
            try:  # the last line's other characters are UTF-8
                data[data.rfind(b"\n") + 1:-k].decode("utf-8")
            except UnicodeDecodeError:
                return data
            said.append(f"the text ends inside a character (cut short): {k} byte(s) dropped")
            return data[:-k]
    return data


def _by_line(data: bytes, said: list[str]) -> tuple[str, str]:
    """A text no one encoding reads whole: each line in the first of UTF-8 and GB18030 that
    reads it (a file joined from two); a line neither reads, with the bytes
    UTF-8 cannot read taken as GB18030 (``_mixed_line``), what neither reads replaced by U+FFFD.
    A line of UTF-8 with a few damaged bytes is read as UTF-8 with those replaced when that
    reading has fewer rare or replaced characters than GB18030's (``_fewer_rare``).
    Linear in the bytes: no line is decoded more than eight times."""
    lines, replaced, used = [], 0, set()
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
            if not raw.isascii():
                used.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        damaged = readers.damaged_utf8(raw)
        try:
            reading: tuple[str, int, tuple[str, ...]] = (raw.decode("gb18030"), 0, ("gb18030",))
        except UnicodeDecodeError:
            reading = _mixed_line(raw)
        if damaged and _fewer_rare(damaged[0], reading[0]):
            reading = (damaged[0], damaged[1], ("utf-8",))
        line, bad, encodings = reading
        replaced += bad
        used.update(encodings)
        lines.append(line)
    if replaced > max(min(STRAY_MIN, STRAY_MOST * len(data)), STRAY_SHARE * len(data)):
        raise PipelineError("E104", "neither UTF-8 nor GB18030/GBK; cannot decode the text")
    if replaced:
        said.append(f"{replaced} undecodable byte(s) replaced by U+FFFD")
    if len(used) > 1:
        said.append("text in both UTF-8 and GB18030: each part read in the one that reads it")
    return "\n".join(lines), "+".join(sorted(used, reverse=True))


def _fewer_rare(first: str, second: str) -> bool:
    """Whether ``first`` has fewer rare characters and runs of replaced ones than ``second`` (a
    wrong encoding's reading of Chinese is mostly rare characters: 鍚勫競 for 各市; one damaged
    character is a run of one to three replaced)."""
    return (count_rare(first) + len(_REPLACED.findall(first))
            < count_rare(second) + len(_REPLACED.findall(second)))


_REPLACED = re.compile("\ufffd+")


def _mixed_line(raw: bytes) -> tuple[str, int, tuple[str, ...]]:
    """A line neither encoding reads whole: one encoding up to where it fails and the other for
    the rest (a line joined from two files), else GB18030 with what it cannot read replaced."""
    for first, second in (("utf-8", "gb18030"), ("gb18030", "utf-8")):
        try:
            raw.decode(first)
        except UnicodeDecodeError as exc:
            head = raw[:exc.start].decode(first)
            try:
                return head + raw[exc.start:].decode(second), 0, (first, second)
            except UnicodeDecodeError:
                continue
    line = raw.decode("gb18030", errors="replace")
    return line, line.count("\ufffd"), ("gb18030",)


def check_text(text: str, min_cjk_ratio: float) -> None:
    """Reject decoded text that is control-character junk (E102), blank (E101) or not Chinese (E107)."""
    # counts by what removing the characters leaves (no list of every match made)
    visible = len(_SPACE_RUN.sub("", text))
    if not visible:
        raise PipelineError("E101", "no text: only whitespace was read from the input")
    if len(_CONTROL.findall(text)) > 0.01 * len(text):
        raise PipelineError("E102", "too many control characters: binary data, not text")
    cjk = len(text) - len(_CJK_RUNS.sub("", text))  # removed a run at a time (3x faster)
    if cjk / visible < min_cjk_ratio:
        raise PipelineError(
            "E107", f"only {cjk} CJK characters of {visible}: not a Chinese notice"
        )


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, never more than ``limit``: a FIFO, a device (/dev/zero) or a file that
    grows while it is read is refused, not read until memory runs out."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
            raise PipelineError("E105", f"{kind}: {path}")
        if info.st_size > limit:
            raise PipelineError("E106", f"{info.st_size} bytes is over the limit of {limit}")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise PipelineError("E106", f"more than {limit} bytes (the file grew while read)")
        return data
    except FileNotFoundError as exc:
        raise PipelineError("E105", f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise PipelineError("E105", f"a directory, not a file: {path}") from exc
    except OSError as exc:
        raise PipelineError("E105", f"cannot read {path}: {exc.strerror}") from exc


# An HTML line break left in a page saved as text or Markdown (a notice in one table cell, its
# paragraphs joined by <br>): a line break, padded to the tag's length so that every offset still
# points at the file's characters.
HTML_BREAK = re.compile(r"<br\s*/?>", re.I)


# …except in a short cell of a Markdown table's row (| 7 | … | 市住建局牵头<br>章贡区政府配合 | …), where
# a break parts the cell's entries: a semicolon, so the row stays one line (a long cell holding a
# notice's paragraphs keeps its line breaks).
TABLE_ROW_LINE = re.compile(r"^[ \t\u3000]*\|.*\|.*\|", re.M)
SHORT_CELL = re.compile(r"(?<=\|)[^|\n]{1,80}(?=\|)")


def _html_breaks(text: str, warnings: list[str]) -> str:
    if "<" not in text or not HTML_BREAK.search(text):
        return text
    warnings.append("HTML line breaks (<br>) read as line breaks")

    def cell(m: re.Match[str]) -> str:
        return HTML_BREAK.sub(lambda b: "；" + " " * (len(b.group()) - 1), m.group())

    text = TABLE_ROW_LINE.sub(lambda m: SHORT_CELL.sub(cell, m.group()), text)
    return HTML_BREAK.sub(lambda m: "\n" + " " * (len(m.group()) - 1), text)


def _set_text(notice: Notice, text: str, cfg: Config) -> None:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notice.quality.warnings.append("line endings normalised to \\n")
    check_text(text, cfg.ingest.min_cjk_ratio)
    notice.raw_text = text
    notice.text = text


def run(notice: Notice, cfg: Config) -> Notice:
    path = notice._path if notice._path is not None else Path(notice.source.path)
    data = _read_bytes(path, cfg.ingest.max_bytes)
    kind = readers.detect(data, path.suffix.lower())
    notice.source.sha256 = hashlib.sha256(data).hexdigest()
    notice.source.bytes = len(data)
    if kind in ("text", "markdown"):
        text, encoding = decode_text(data, notice.quality.warnings)
        notice.source.format = kind  # type: ignore[assignment]
        notice.source.encoding = encoding
        _set_text(notice, _html_breaks(text, notice.quality.warnings), cfg)
        notice.source.pages = max(1, text.count("\f") + 1)
        return notice
    if kind == "rtf":
        raise PipelineError("E103", "an RTF document is not read: save it as .docx or PDF")
    if kind in ("doc", "docx", "html"):
        if not data.strip():
            raise PipelineError("E101", "the file is empty")
        text = (read_doc(data) if kind == "doc" else
                read_docx(data, cfg.ingest.max_unpacked_bytes) if kind == "docx" else
                read_html(data, notice.quality.warnings))
        notice.source.format = kind  # type: ignore[assignment]
        _set_text(notice, text, cfg)
        return notice
    if not data:
        raise PipelineError("E101", "the file is empty")
    if kind == "pdf":
        slots, needs_ocr = read_pdf(data, cfg.ocr.dpi, cfg.ingest.min_layer_quality,
                                    cfg.ingest.max_pixels, notice.quality.warnings)
        notice.source.format = "pdf_scan" if needs_ocr else "pdf_text"  # type: ignore[assignment]
    else:
        slots = read_image(data, cfg.ingest.max_pixels, cfg.ingest.raw_page_pixels)
        notice.source.format = "image"
        needs_ocr = True
    notice.source.pages = len(slots)
    notice._pages = slots
    if needs_ocr and "ocr" not in cfg.stages:
        raise PipelineError("E202", "pages need OCR but the 'ocr' stage is not configured")
    if not needs_ocr:
        _set_text(notice, readers.assemble(slots), cfg)
        notice.source.page_info = [slot.info for slot in slots]
    return notice
