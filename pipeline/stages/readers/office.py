"""Word (.docx, also WPS saving as docx) and HTML (government web pages) to plain text."""

from __future__ import annotations

import io
import re
import zipfile

from ...errors import PipelineError

BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section",
          "article", "td", "th", "blockquote", "pre"}
CHROME = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
          "button", "select", "svg"]


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
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(_paragraph_text(block, rels, qn))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(_paragraph_text(p, rels, qn) for p in cell.iter(qn("w:p")))
                         for cell in row.iter(qn("w:tc"))]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _paragraph_text(p, rels: dict[str, str], qn) -> str:  # type: ignore[no-untyped-def]
    out = []
    for node in p.iter():
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


def read_html(data: bytes) -> str:
    """The article of a web page: chrome dropped, the densest block of Chinese text kept.

    Each candidate block is scored by its Chinese characters, less its link text and a little
    per tag inside it; the counts are summed bottom-up in one pass (children before parents), so
    deeply nested pages cost linear time, not a re-count of every subtree."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(CHROME):
        tag.decompose()
    tags = soup.find_all(True)
    cjk: dict[int, int] = {}
    chars: dict[int, int] = {}
    links: dict[int, int] = {}
    inner: dict[int, int] = {}
    for tag in reversed(tags):  # document order reversed: every child before its parent
        c = n = lk = t = 0
        for child in tag.contents:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    text = str(child)
                    c += len(_CJK_CHAR.findall(text))
                    n += len(text.strip())
            elif hasattr(child, "name") and child.name:
                key = id(child)
                c, n, lk, t = c + cjk[key], n + chars[key], lk + links[key], t + 1 + inner[key]
        key = id(tag)
        cjk[key], chars[key], inner[key] = c, n, t
        links[key] = n if tag.name == "a" else lk
    best, best_score = soup.body or soup, 0.0
    for tag in tags:
        if tag.name in ("article", "div", "section", "td", "main"):
            key = id(tag)
            score = cjk[key] - 2 * links[key] - 0.02 * inner[key]
            if score > best_score:
                best, best_score = tag, score
    lines: list[str] = []
    current: list[str] = []
    for element in best.descendants:
        name = getattr(element, "name", None)
        if name in BLOCKS and current:
            lines.append("".join(current).strip())
            current = []
        elif name is None:
            current.append(str(element).replace("\xa0", " "))
    if current:
        lines.append("".join(current).strip())
    return "\n".join(line for line in (re.sub(r"[ \t]+", " ", ln) for ln in lines) if line)


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
