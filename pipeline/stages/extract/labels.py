"""Responsibility labels as a clause grammar: every body a label lists is responsible, whether or
not the gazetteer knows it (research institutes, centres, 管委会 …).

    （责任单位：市教育局基教处、装备信息中心）      -> two bodies, role null
    （省商务厅、省财政厅牵头，合肥海关配合）        -> lead, lead, support
    牵头单位：省工业和信息化厅；配合单位：省财政厅   -> lead, support

Find (``label_bodies``: the items with their role and place), then the departments stage writes
the ones the gazetteer did not already name as ``其他:<name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..outline.roles import label_spans

_CLAUSE = re.compile(r"[，,；;。]")
_ITEM = re.compile(r"[^、，,；;（）()：:]+")  # not 和: 工业和信息化厅, 文化和旅游局 are one body
_FIELD = re.compile(r"^[^：:]{0,8}(?:单位|部门|主体)[：:]")
_LEAD_FIELD = re.compile(r"(?:牵头|主责|责任|实施)(?:单位|部门)[：:]$")
_SUPPORT_FIELD = re.compile(r"(?:配合|参与|协助|协办)(?:单位|部门)[：:]$")
_LEAD_VERB = re.compile(r"(?:牵头负责|牵头|负责)$")
_SUPPORT_VERB = re.compile(r"(?:配合|参与|协助|协同)$")
_SHARED_VERB = re.compile(r"(?:按职责分工负责|按职责负责|分工负责|共同负责)$")  # no one leads
GENERIC = ("有关部门", "相关部门", "各有关部门", "各部门", "有关单位", "相关单位", "各有关单位", "各单位",
           "各地", "各级", "各市", "各县", "有关方面")
_JURISDICTION = re.compile(r"^(?:国家|省委|市委|县委|区委|省|市|县|区|各级|各地|当地)")


@dataclass
class LabelBody:
    name: str  # as written, jurisdiction words dropped (市海洋发展局 -> 海洋发展局)
    role: str | None
    start: int  # compact indices of the item
    end: int


def label_bodies(s: str) -> list[LabelBody]:
    """The bodies of every responsibility label in ``s`` (the text, line breaks kept: a field
    label 配合单位：… ends with its line)."""
    out: list[LabelBody] = []
    reach = -1
    for a, b in sorted(label_spans(s), key=lambda span: (span[0], -span[1])):
        if b <= reach:
            continue  # a field label inside a bracketed one: read once
        reach = b
        inner_a = a + 1 if s[a] in "（(" else a
        inner_b = b - 1 if s[b - 1:b] in ("）", ")") else b
        # within a label a line break is a wrap (（责任部门\n：民政部门）): read it without whitespace
        where = [k for k in range(inner_a, inner_b) if not s[k].isspace()]
        compact = "".join(s[k] for k in where)
        at = 0
        for clause in _CLAUSE.split(compact):
            for body in _clause_bodies(clause, at):
                body.start, body.end = where[body.start], where[body.end - 1] + 1
                out.append(body)
            at += len(clause) + 1
    return out


def _clause_bodies(clause: str, at: int) -> list[LabelBody]:
    role: str | None = None
    field = _FIELD.match(clause)
    body_at = at
    if field:
        cue = field.group()
        role = "lead" if _LEAD_FIELD.search(cue) and not cue.startswith("责任") else (
            "support" if _SUPPORT_FIELD.search(cue) else None)
        clause, body_at = clause[field.end():], at + field.end()
    else:
        for verb, name in ((_SHARED_VERB, None), (_SUPPORT_VERB, "support"), (_LEAD_VERB, "lead")):
            m = verb.search(clause)
            if m:
                clause, role = clause[:m.start()], name
                break
    out = []
    for m in _ITEM.finditer(clause):
        name = _JURISDICTION.sub("", m.group())
        if (2 <= len(name) <= 20 and m.group() not in GENERIC and not name.startswith(("等", "其他"))
                and not re.search(r"\d", name)):
            cut = len(m.group()) - len(name)  # the span covers the name, not the dropped 市/省
            out.append(LabelBody(name, role, body_at + m.start() + cut, body_at + m.end()))
    return out
