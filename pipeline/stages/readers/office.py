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


def read_docx(data: bytes) -> str:
    """Paragraphs and table rows in document order; pictures become ``[image: name]``."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PipelineError("E108", f"corrupt Word document: {exc}") from exc
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
    """The article of a web page: chrome dropped, the densest block of Chinese text kept."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(CHROME):
        tag.decompose()
    best, best_score = soup.body or soup, 0.0
    for node in soup.find_all(["article", "div", "section", "td", "main"]):
        text = node.get_text("", strip=True)
        cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
        links = sum(len(a.get_text("", strip=True)) for a in node.find_all("a"))
        score = cjk - 2 * links - 0.02 * len(node.find_all(True))
        if score > best_score:
            best, best_score = node, score
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
