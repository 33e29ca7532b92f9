"""HTML (government web pages) to plain text: the article, without the page's chrome.

The page is decoded as Beautiful Soup decodes it (``UnicodeDammit``: declared encoding, byte
order mark, then detection), tokenised by the standard library's ``html.parser`` and built into
the tree Beautiful Soup's ``html.parser`` builder makes, by the same rules (an end tag closes
the nearest open element of its name and everything opened inside it, or nothing when none is
open; void elements close themselves; an all-whitespace string outside ``pre``/``textarea``
becomes one newline or space; strings inside ``script``, ``style``, ``template``, ``rt``, ``rp``
are not text). The tree here is only what the article search reads: element names, children,
strings and whether a string is text. That is a third of the time of building Beautiful Soup's
objects, with the same output (tests/test_webpage.py checks both on random malformed markup).

Everything is iterative: a page nested a hundred thousand deep costs linear time and no stack.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

from ...errors import PipelineError
from ..outline.tables import is_task_header
from . import damaged_utf8

BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table",
                    "section", "article", "td", "th", "blockquote", "pre"})
CHROME = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                    "iframe", "button", "select", "svg"})
CANDIDATES = frozenset({"article", "div", "section", "td", "main"})
# HTML's void elements as Beautiful Soup's builder lists them (obsolete ones included)
VOID = frozenset({"area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame",
                  "hr", "image", "img", "input", "isindex", "keygen", "link", "menuitem", "meta",
                  "nextid", "param", "source", "spacer", "track", "wbr"})
PRESERVE = frozenset({"pre", "textarea"})  # whitespace inside them is kept as written
NOT_TEXT = frozenset({"rt", "rp", "style", "script", "template"})  # their strings are not text
ROOT = "[document]"
_SPACES = " \n\t\x0c\r"
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_DECIMAL = re.compile("^([0-9]+)(.*)")
_HEX = re.compile("^([0-9a-f]+)(.*)")


class Element:
    __slots__ = ("children", "name", "spans")

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: list[Element | str] = []
        self.spans: tuple[int, int] = (1, 1)  # a table cell's rowspan and colspan


class Other(str):
    """A string that is not the page's text: a comment, a declaration, a script's source."""

    __slots__ = ()


class _Builder(HTMLParser):
    """The tree of Beautiful Soup's ``html.parser`` builder, built by its rules."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root = Element(ROOT)
        self.stack = [self.root]
        self.open: Counter[str] = Counter()
        self.preserve = 0  # open pre/textarea elements
        self.containers: list[Element] = []  # open elements whose strings are not text
        self.data: list[str] = []
        # void elements closed at their start tag, by name: an end tag of one of them later is
        # dropped (counted, not listed: a page of many <br> and many end tags stays linear)
        self.closed_void: Counter[str] = Counter()

    def end_data(self, kind: type[str] | None = None) -> None:
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        if not self.preserve and not text.strip(_SPACES):
            text = "\n" if "\n" in text else " "
        if kind is None and self.containers:
            kind = Other
        self.stack[-1].children.append(kind(text) if kind is not None else text)

    def handle_starttag(self, tag: str, attrs: object, void: bool = True) -> None:
        self.end_data()
        element = Element(tag)
        if tag in ("td", "th") and isinstance(attrs, list):
            named = {str(k).lower(): v for k, v in attrs}
            element.spans = (_span(named.get("rowspan")), _span(named.get("colspan")))
        self.stack[-1].children.append(element)
        self.stack.append(element)
        self.open[tag] += 1
        self.preserve += tag in PRESERVE
        if tag in NOT_TEXT:
            self.containers.append(element)
        if void and tag in VOID:
            self.handle_endtag(tag, check=False)
            self.closed_void[tag] += 1

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.handle_starttag(tag, attrs, void=False)
        self.handle_endtag(tag, check=False)

    def handle_endtag(self, tag: str, check: bool = True) -> None:
        if check and self.closed_void[tag]:
            self.closed_void[tag] -= 1
            return
        self.end_data()
        if tag == ROOT:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if not self.open[tag]:
                break
            name = self.stack[i].name
            self.pop()
            if name == tag:
                break

    def pop(self) -> None:
        element = self.stack.pop()
        self.open[element.name] -= 1
        self.preserve -= element.name in PRESERVE
        if self.containers and self.containers[-1] is element:
            self.containers.pop()

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_charref(self, name: str) -> None:
        from bs4.dammit import UnicodeDammit

        pattern, base, digits = _DECIMAL, 10, name
        if name[:1] in ("x", "X"):
            pattern, base, digits = _HEX, 16, name[1:]
        number, rest = None, ""
        try:
            number = int(digits, base)
        except ValueError:  # not terminated by ';': its number, then the rest as text
            match = pattern.search(digits)
            if match is not None:
                number, rest = int(match.group(1), base), match.group(2)
        if number is None:
            self.data.append(digits)
            return
        self.data.append(UnicodeDammit.numeric_character_reference(number)[0])
        self.data.append(rest)

    def handle_entityref(self, name: str) -> None:
        from bs4.dammit import EntitySubstitution

        self.data.append(EntitySubstitution.HTML_ENTITY_TO_CHARACTER.get(name, f"&{name}"))

    def _special(self, text: str) -> None:
        self.end_data()
        self.data.append(text)
        self.end_data(Other)

    def handle_comment(self, data: str) -> None:
        self._special(data)

    def handle_decl(self, decl: str) -> None:
        self._special(decl[len("DOCTYPE "):])

    def unknown_decl(self, data: str) -> None:
        self._special(data[len("CDATA["):] if data.upper().startswith("CDATA[") else data)

    def handle_pi(self, data: str) -> None:
        self._special(data)

    def finish(self) -> Element:
        self.close()
        self.end_data()
        while len(self.stack) > 1:
            self.pop()
        return self.root


def page_text(data: bytes, warnings: list[str] | None = None) -> str:
    """The page's characters. Bytes that are UTF-8 throughout are read as UTF-8 whatever the page
    declares (a CMS that moved to UTF-8 and kept its old ``charset=gb2312`` meta: Chinese text in
    any other encoding is almost never valid UTF-8); otherwise as Beautiful Soup reads them
    (declared encoding, then detection), a GB2312 or GBK page as GB18030, which holds both. A
    page that is UTF-8 but for a few damaged bytes is read as UTF-8 with those replaced
    (``damaged_utf8``): any other reading would get every Chinese character wrong."""
    from bs4.dammit import EncodingDetector, UnicodeDammit

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    damaged = damaged_utf8(data)  # UTF-8 with a few damaged bytes, or cut inside a character
    if damaged is not None:
        if warnings is not None:
            warnings.append(f"{damaged[1]} undecodable byte(s) of the UTF-8 page replaced by U+FFFD")
        return damaged[0]
    declared = EncodingDetector.find_declared_encoding(data, is_html=True) or ""
    if declared.lower().replace("_", "-") in ("gb2312", "gbk", "cp936", "gb18030", "x-gbk"):
        return data.decode("gb18030", errors="replace")
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        raise PipelineError("E104", "the web page's encoding could not be determined")
    return dammit.unicode_markup


def parse(data: bytes, warnings: list[str] | None = None) -> Element:
    """The page's tree, its chrome elements (scripts, navigation, forms...) removed."""
    text = page_text(data, warnings)
    builder = _Builder()
    try:
        builder.feed(text)
        root = builder.finish()
    except AssertionError as exc:  # html.parser gives up on a malformed declaration
        raise PipelineError("E108", f"the web page cannot be parsed: {exc}") from exc
    for element in _elements(root):
        element.children = [c for c in element.children
                            if isinstance(c, str) or c.name not in CHROME]
    return root


def _elements(root: Element) -> Iterator[Element]:
    """Every element under ``root`` (itself first) in document order; an element's children are
    read after it is yielded, so the caller may prune them."""
    yield root
    yield from (node for node in _walk(root) if not isinstance(node, str))


def _walk(root: Element) -> Iterator[Element | str]:
    """Every element and string under ``root`` (not itself) in document order, each element's
    children read after it is yielded."""
    pending = list(reversed(root.children))
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, str):
            pending.extend(reversed(node.children))


def read_html(data: bytes, warnings: list[str] | None = None) -> str:
    """The article of a web page: chrome dropped, the densest block of Chinese text kept.

    Each candidate block is scored by its Chinese characters, less its link text and a little
    per tag inside it; the counts are summed bottom-up in one pass (children before parents), so
    deeply nested pages cost linear time, not a re-count of every subtree."""
    root = parse(data, warnings)
    tags = list(_elements(root))[1:]
    counts: dict[int, tuple[int, int, int, int]] = {}  # cjk, chars, link chars, inner tags
    for tag in reversed(tags):  # document order reversed: every child before its parent
        c = n = lk = t = 0
        for child in tag.children:
            if isinstance(child, str):
                if type(child) is str:  # not a comment, declaration or script
                    c += len(_CJK_CHAR.findall(child))
                    n += len(child.strip())
            else:
                cc, cn, cl, ct = counts[id(child)]
                c, n, lk, t = c + cc, n + cn, lk + cl, t + 1 + ct
        counts[id(tag)] = (c, n, n if tag.name == "a" else lk, t)
    body = next((tag for tag in tags if tag.name == "body"), None)
    best, best_score = body or root, 0.0
    for tag in tags:
        if tag.name in CANDIDATES:
            c, _, lk, t = counts[id(tag)]
            score = c - 2 * lk - 0.02 * t
            if score > best_score:
                best, best_score = tag, score
    if best.name == "td":
        best = _layout_table(tags, best, counts) or best
    lines: list[str] = []
    current: list[str] = []
    for node in _walk_rows(best):
        if isinstance(node, _Row):  # a table row: its cells on one line, as a Word table's are
            if current:
                lines.append("".join(current).strip())
                current = []
            lines.append(node)
        elif isinstance(node, str):
            if type(node) is str:  # a comment (<!--/enpcontent-->), declaration or script: no text
                current.append(node.replace("\xa0", " "))
        elif node.name in BLOCKS and current:
            lines.append("".join(current).strip())
            current = []
    if current:
        lines.append("".join(current).strip())
    return "\n".join(line for line in (re.sub(r"[ \t]+", " ", ln).replace(_CELL, "\t") for ln in lines)
                     if line.strip())


LAYOUT_SHARE = 0.1  # of the densest cell's Chinese characters another cell of its layout table holds


def _layout_table(tags: list[Element], cell: Element, counts: dict[int, tuple[int, int, int, int]],
                  ) -> Element | None:
    """The layout table a page sets its article in, row by row, when the densest block is one of
    its cells (an old site's <table> whose rows hold the title, the number and the text in parts):
    every row one cell, another cell holding text too."""
    for table in (tag for tag in tags if tag.name == "table"):
        rows = _own_rows(table)
        if not any(c is cell for r in rows for c in r):
            continue
        if any(len(r) > 1 for r in rows):
            return None  # a data table's cell
        dense = counts[id(cell)][0]
        others = [c for r in rows for c in r if c is not cell and counts[id(c)][0] >= LAYOUT_SHARE * dense]
        return table if others else None
    return None


_CELL = "\x1f"  # between a row's cells until the spaces are squeezed, then a tab


class _Row(str):
    """A table row's text, its cells joined by ``_CELL``."""


def _text_of(node: Element) -> str:
    out = [n for n in _walk(node) if isinstance(n, str) and type(n) is str]
    return " ".join("".join(out).replace("\xa0", " ").split())


def _own_rows(table: Element) -> list[list[Element]]:
    """The cells of each row of a table (not of the tables inside its cells)."""
    rows, pending = [], list(reversed(table.children))
    while pending:
        node = pending.pop()
        if isinstance(node, str) or node.name == "table":
            continue
        if node.name == "tr":
            rows.append([c for c in node.children if not isinstance(c, str) and c.name in ("td", "th")])
        else:  # thead, tbody
            pending.extend(reversed(node.children))
    return rows


HEADER_CELL = 24  # characters of a header cell read at most (a layout table's cell holds a page)
HEADER_NODES = 64  # and nodes walked for it


def _short_text(node: Element) -> str:
    """The start of a cell's text: enough to tell a header's column name, never the whole cell."""
    out: list[str] = []
    for k, n in enumerate(_walk(node)):
        if k >= HEADER_NODES or sum(map(len, out)) > HEADER_CELL:
            return ""  # longer than any column name
        if isinstance(n, str) and type(n) is str:
            out.append(n)
    return "".join("".join(out).split())


MAX_SPAN = 200  # rows or columns a cell may span (a page's rowspan="100000" spans what there is)


def _span(value: object) -> int:
    """A rowspan or colspan attribute's count (1 where it is missing or no number)."""
    digits = re.match(r"\s*(\d+)", value) if isinstance(value, str) else None
    return max(1, min(int(digits.group(1)), MAX_SPAN)) if digits else 1


def _grid(rows: list[list[Element]]) -> list[list[str]]:
    """Each row's cell texts in the columns of the header: a cell spanning rows above (rowspan)
    leaves its column empty in the rows below it, so that every cell stays under its column name
    (序号 and 重点任务 spanning the rows of their 具体举措). A cell spanning every column of its row (a
    part's heading, colspan="6") stays alone on its line."""
    out: list[list[str]] = []
    carried: dict[int, int] = {}  # column -> rows it is still taken by a cell above
    for cells in rows:
        line: list[str] = []
        column = 0
        for cell in cells:
            while carried.get(column, 0) > 0:
                line.append("")
                column += 1
            line.append(_text_of(cell))
            down, width = cell.spans
            line.extend([""] * (width - 1))
            if down > 1:  # counted down below, this row included
                carried.update((c, down) for c in range(column, column + width))
            column += width
        while carried.get(column, 0) > 0:
            line.append("")
            column += 1
        carried = {c: v - 1 for c, v in carried.items() if v - 1 > 0}
        if len(cells) == 1:  # a row that is one cell (a part's heading across the table)
            line = [line[0]] if line and not any(line[1:]) else line
        while line and not line[-1]:
            line.pop()
        out.append(line)
    return out


def _task_table(rows: list[list[Element]]) -> bool:
    """A table whose header (among its first rows) names a task and a responsibility column."""
    return any(len(r) >= 3 and is_task_header([_short_text(c) for c in r]) for r in rows[:3])


# A list item that prints its own number (<li>1.建设…</li>, <li>（一）…</li>): the page numbers it.
_OWN_NUMBER = re.compile(r"\s*(?:[（(]?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[.．、）)]|[①-⑳⑴-⒇⒈-⒛])")


def _number_items(ol: Element) -> None:
    """An ordered list's items as a browser draws them: 1. 2. 3. before each (an <ol>'s numbers are
    the page's, not its text), unless its items print numbers of their own."""
    items = [c for c in ol.children if not isinstance(c, str) and c.name == "li"]
    if any(_OWN_NUMBER.match(_short_text(li) or _text_of(li)[:8]) for li in items):
        return
    for k, li in enumerate(items, 1):
        li.children.insert(0, f"{k}. ")


def _walk_rows(root: Element) -> Iterator[Element | str]:
    """``_walk``, but a task table (``outline.tables``) comes as one ``_Row`` a row, its cells
    joined: the layout tables pages set their articles in are read as before; an ordered list's
    items come with the numbers a browser draws."""
    pending = list(reversed(root.children))
    while pending:
        node = pending.pop()
        if not isinstance(node, str) and node.name == "table":
            rows = _own_rows(node)
            if _task_table(rows):
                yield from (_Row(_CELL.join(r)) for r in _grid(rows) if r)
                continue
        if not isinstance(node, str) and node.name == "ol":
            _number_items(node)
        yield node
        if not isinstance(node, str):
            pending.extend(reversed(node.children))
