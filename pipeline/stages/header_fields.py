"""A notice's header given as labelled fields: the metadata table of a government web page
(gov.cn: 发文机关 | 国务院办公厅 | 成文日期 | 2019年01月01日 | 标题 | … | 发文字号 | …), kept in the text
by the HTML reader as label and value lines, or by a page saved as Markdown as table rows
(``| 发文机关： | 吕梁市人民政府办公室 | 成文日期： | 2025年11月30日 |``). Find, then the header
stage writes: each value with the span of its characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every label such a table holds (a value runs to the next label); the ones the header reads.
# (Provinces' portals name them their own way: 发布机构, 发文单位, 文号, 信息名称.)
LABELS = ("索引号", "主题分类", "发文机关", "发布机构", "发文机构", "发文单位", "成文日期", "标题", "信息名称",
          "公文名称", "发文字号", "文号", "发布日期", "公开日期", "主题词", "来源", "存放位置", "公开方式", "有效性")
PUBLISHER = "发布机构"  # who put the page up: the issuer, one of them, or the site's body
WANTED = {"标题": "title", "公文名称": "title", "发文机关": "issuers", "发布机构": "issuers", "发文机构": "issuers",
          "发文单位": "issuers", "发文字号": "doc_number", "文号": "doc_number", "成文日期": "issue_date"}
SEARCH_CHARS = 3000  # the table stands at the top of the page's text


def _label_re(label: str) -> str:
    """A label and its colon, or — in a table read as text — two spaces or a tab after it; a
    label is no part of a longer word (发文单位 in 本发文单位要求)."""
    return (r"(?<![\u4e00-\u9fff])" + r"[ \t\u3000]*".join(map(re.escape, label))
            + r"(?:[ \t\u3000]*[：:]|[ \t\u3000]{2,}|\t)")


_ANY_LABEL = re.compile(  # the first characters first: most positions start no label
    "(?=[" + "".join(sorted({lab[0] for lab in LABELS})) + "])(?:"
    + "|".join(f"(?P<l{k}>{_label_re(lab)})" for k, lab in enumerate(LABELS)) + ")")


# A line that opens with a label of its own (栏目: …, 原文链接: …) ends the value before it.
_OTHER_LABEL = re.compile(r"\n[ \t\u3000]*[\u4e00-\u9fff]{2,6}[ \t\u3000]*[:：]")


@dataclass
class Field:
    name: str  # title | issuers | doc_number | issue_date
    value: str
    span: tuple[int, int]
    label: str = ""  # as written (发文机关, 发布机构 …)


def find_fields(text: str) -> list[Field]:
    """The wanted fields of a labelled header at the top of ``text`` (none unless 2+ labels)."""
    head = text[:SEARCH_CHARS]
    hits = []
    for m in _ANY_LABEL.finditer(head):
        label = LABELS[int(next(k for k, v in m.groupdict().items() if v)[1:])]
        hits.append((label, m.start(), m.end()))
    if sum(1 for label, _, _ in hits if label in WANTED) < 2:
        return []
    out: list[Field] = []
    seen: set[str] = set()
    for k, (label, _, end) in enumerate(hits):
        if label not in WANTED or label in seen or (WANTED[label] == "issuers" and "issuers" in seen):
            continue  # 发文机关 then a portal's 发布机构 (its division): the first names the issuers
        stop = hits[k + 1][1] if k + 1 < len(hits) else min(len(head), end + 200)
        other = _OTHER_LABEL.search(text, end, stop)  # 栏目: 原文链接: — a label it does not know
        stop = other.start() if other else stop
        a, b = end, stop
        row = text.rfind("\n", 0, end) + 1
        if text[row:end].lstrip().startswith("|"):  # a table row's cell: its value is on the row
            line_end = text.find("\n", end, b)
            b = b if line_end < 0 else line_end
        while a < b and (text[a].isspace() or text[a] == "|"):
            a += 1
        cell = text.find("|", a, b)  # a Markdown table's row (| 标 题： | 关于…的通知 |): its cell
        b = cell if cell >= 0 else b
        line_end = text.find("\n", a, b)
        if line_end >= 0 and text[row:end].rstrip().endswith(("：", ":")) and text[end:a].strip(" \t\u3000|") == "":
            b = line_end  # 发布机构：装备工业一司⏎…: a field on its own line ends with it
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and "\n\n" not in text[a:b]:
            seen.update((label, WANTED[label]))
            out.append(Field(WANTED[label], text[a:b], (a, b), label))
    return out


def split_issuers(value: str, start: int) -> list[tuple[str, tuple[int, int]]]:
    """Issuers listed in one field (民政部 财政部, 民政部、财政部), each with its span."""
    return [(m.group(), (start + m.start(), start + m.end()))
            for m in re.finditer(r"[^\s、，,；;]+", value)]
