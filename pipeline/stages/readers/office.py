"""Word (.docx, also WPS saving as docx) to plain text (web pages: ``webpage``)."""

from __future__ import annotations

import io
import zipfile

from ...errors import PipelineError
from .listnumbers import Numbering, paragraph_number, style_numbers


def _check_zip(data: bytes, max_unpacked: int) -> None:
    """Refuse a zip that would unpack beyond ``max_unpacked`` bytes (a zip bomb), from its
    directory alone, before anything is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise PipelineError("E108", f"corrupt Word document: {exc}") from exc
    if total > max_unpacked:
        raise PipelineError("E106", f"the document unpacks to {total} bytes, over the limit of "
                            f"{max_unpacked}")


def read_docx(data: bytes, max_unpacked: int = 200_000_000) -> str:
    """Paragraphs and table rows in document order; pictures become ``[image: name]``.
    python-docx parses without resolving entities, so an entity bomb expands nothing."""
    import docx
    from docx.oxml.ns import qn
    from lxml.etree import LxmlError

    _check_zip(data, max_unpacked)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise PipelineError("E108", f"corrupt Word document: {type(exc).__name__}: {exc}") from exc
    rels = {rid: rel.target_ref for rid, rel in document.part.rels.items()}
    numbering, styles = Numbering.of(document.part), style_numbers(document.part)
    lines: list[str] = []
    for block in _blocks(document.element.body, qn):
        if block.tag == qn("w:p"):  # its list number first, as Word draws it (listnumbers.py)
            lines.append(paragraph_number(block, numbering, styles) + _paragraph_text(block, rels, qn))
        elif block.tag == qn("w:tbl"):  # its own rows and cells: a nested table's text is its cell's
            for row in _own(block, qn("w:tr"), qn("w:tbl")):
                cells = ["".join(paragraph_number(p, numbering, styles) + _paragraph_text(p, rels, qn)
                                 for p in _cell_paragraphs(cell, qn))
                         for cell in _own(row, qn("w:tc"), qn("w:tr"))]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _blocks(body, qn):  # type: ignore[no-untyped-def]
    """The body's paragraphs and tables in order, also those wrapped in content controls
    (``w:sdt``, a template's fields) or custom XML, which Word shows as text like any other."""
    wrappers = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
    pending = list(reversed(list(body.iterchildren())))
    while pending:
        node = pending.pop()
        if node.tag in wrappers:
            pending.extend(reversed(list(node.iterchildren())))
        elif node.tag in (qn("w:p"), qn("w:tbl")):
            yield node


def _cell_paragraphs(cell, qn):  # type: ignore[no-untyped-def]
    """A cell's paragraphs, a nested table's included, but not those inside another paragraph
    (a text box's: that paragraph reads them) nor a fallback copy."""
    for p in cell.iter(qn("w:p")):
        up = p.getparent()
        while up is not None and up is not cell and up.tag not in (qn("w:p"), FALLBACK):
            up = up.getparent()
        if up is cell:
            yield p


def _own(node, tag: str, owner: str) -> list:  # type: ignore[no-untyped-def]
    """The ``tag`` elements under ``node`` whose nearest ``owner`` is ``node`` (a row's cells,
    not its nested tables'; through content controls that wrap them)."""
    return [e for e in node.iter(tag) if next(e.iterancestors(owner), None) is node]


FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


MOVED_FROM = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}moveFrom"


def _inside(p):  # type: ignore[no-untyped-def]
    """``p``'s elements in document order, without the fallback copies of markup compatibility
    (a text box is written twice, as a drawing and as VML for old readers: read once) and
    without the old place of a tracked move (w:moveFrom: its text is read where it went)."""
    pending = [p]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(reversed([c for c in node.iterchildren()  # no comments
                                 if isinstance(c.tag, str) and c.tag not in (FALLBACK, MOVED_FROM)]))


def _paragraph_text(p, rels: dict[str, str], qn) -> str:  # type: ignore[no-untyped-def]
    out = []
    for node in _inside(p):
        if node.tag == qn("w:t") and node.text:
            out.append(node.text)
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif node.tag.endswith("}blip"):
            rid = node.get(qn("r:embed"))
            out.append(f"[image: {rels.get(rid, rid)}]")
    return "".join(out)
