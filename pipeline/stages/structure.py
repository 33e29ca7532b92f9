"""Structure: top-level sections (一、), their numbered items (（一） or 1.), and the tasks.

The grammar of 公文 numbering drives it: a section or item is accepted only when its number is
the next one expected, so a stray ``（三）`` inside a paragraph or a page OCR'd twice cannot open a
new task. Tasks are the items of the sections whose title says they hold tasks (resources/
sections.toml); a notice without such a section yields the items of its best-numbered section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config import Config
from ..model import Notice, Section, Task
from ..resources import load_toml
from ..text import Compact, clean_inline, cn_label, cn_number, notice_compact

_LEAD = re.compile(r"[ \t\u3000#>*]*")
# '-' and '—' stand for 一 in OCR of 一、 (a horizontal stroke read as a dash).
SECTION_RE = re.compile(r"(?P<num>[一二三四五六七八九十]{1,3}|[-—_])\s*[、，,.．]\s*(?P<rest>.*)")
# One stray character inside the bracket is OCR noise ("(人三)"); the numbering grammar below
# (only the next expected number is accepted) keeps that tolerance from inventing items.
ITEM_CN_RE = re.compile(
    r"[（(〈<《〔【\[]\s*[^\s一二三四五六七八九十）)]?\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[)）〉>》〕】\]]"
    r"\s*(?P<rest>.*)")
# An item number OCR could not read ("4A)" for "（六）"): non-Chinese junk with a letter or symbol,
# closed by a bracket. It may only continue an item sequence already under way (see build_parts).
ITEM_GARBLED_RE = re.compile(
    r"(?P<num>[^\s\u4e00-\u9fff（(]{0,3}[^\s\d\u4e00-\u9fff（()）][^\s\u4e00-\u9fff]{0,2}[)）])"
    r"\s*(?P<rest>[\u4e00-\u9fff].*)")
ITEM_AR_RE = re.compile(r"(?P<num>\d{1,2})\s*[.．、]\s*(?P<rest>[^\d\s].*)")
HEADING_MAX = 80


@dataclass
class _Mark:
    kind: str  # "section" | "item" | "attachment"
    number: int
    label: str
    start: int  # offset of the number in the text
    body: int  # offset just after the number (where the heading starts)
    style: str = ""
    line_start: int = 0  # where its line begins (markdown '#' and indentation included)
    garbled: bool = False  # the number was unreadable and inferred from the sequence


@dataclass
class _Part:
    section: _Mark | None
    items: list[_Mark] = field(default_factory=list)


def _near(word: str, title: str) -> bool:
    """``word`` occurs in ``title`` with at most one character misread (for words of 4+)."""
    if word in title:
        return True
    if len(word) < 4:
        return False
    n = len(word)
    return any(sum(a != b for a, b in zip(word, title[i:i + n], strict=True)) <= 1
               for i in range(len(title) - n + 1))


def section_role(title: str) -> str:
    """tasks / goals / requirements / background / other, tolerant of one OCR-misread character."""
    roles: dict[str, list[str]] = load_toml("sections.toml")["roles"]
    for near in (False, True):
        for role in ("tasks", "goals", "requirements", "background"):
            if any((_near(w, title) if near else w in title) for w in roles[role]):
                return role
    return "other"


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def trailer_start(text: str) -> int:
    """Where the closing block (signatures, dates, 印发 line, tables after them) begins.

    Read backwards: short lines without sentence punctuation belong to it; the first line of
    running prose ends it.
    """
    lines = _lines(text)
    start = len(text)
    for pos, line in reversed(lines):
        compact = "".join(line.split())
        if not compact:
            continue
        if len(compact) > 40 or re.search(r"[。，,；;]", compact):
            break
        start = pos
    return start


def _attachment_marker(compact_line: str, markers: list[str]) -> bool:
    return any(re.fullmatch(rf"{m}\s*\d*[:：]?", compact_line) for m in markers)


def scan_marks(text: str) -> list[_Mark]:
    """Every line-initial section / item / attachment marker, in order (not yet validated)."""
    markers = load_toml("sections.toml")["attachment_markers"]
    marks: list[_Mark] = []
    for pos, line in _lines(text):
        lead = _LEAD.match(line)
        offset = pos + (lead.end() if lead else 0)
        rest = line[offset - pos:]
        compact = "".join(rest.split())
        if not compact:
            continue
        if _attachment_marker(compact, markers):
            marks.append(_Mark("attachment", 0, compact, offset, offset + len(rest.rstrip()),
                               line_start=pos))
            continue
        for kind, style, pattern in (("section", "cn", SECTION_RE), ("item", "cn", ITEM_CN_RE),
                                     ("item", "ar", ITEM_AR_RE), ("item", "cn?", ITEM_GARBLED_RE)):
            m = pattern.match(rest)
            if m:
                label = m.group("num")
                number = -1 if style == "cn?" else 1 if label in "-—_" else cn_number(label)
                if number is not None:
                    marks.append(_Mark(kind, number, label, offset, offset + m.start("rest"),
                                       style, pos))
                break
    return marks


def build_parts(marks: list[_Mark]) -> list[_Part]:
    """Keep only marks whose number continues the sequence: sections 1,2,3…; items 1,2,3… per section."""
    parts: list[_Part] = [_Part(None)]
    next_section = 1
    for mark in marks:
        if mark.kind == "attachment":
            next_section = 1  # an attachment may number its sections afresh
            parts.append(_Part(None))
            continue
        part = parts[-1]
        if mark.kind == "section":
            if mark.number == next_section:
                parts.append(_Part(mark))
                next_section += 1
            continue
        style = part.items[0].style if part.items else mark.style
        expected = len(part.items) + 1
        if mark.style == style and mark.number == expected:
            part.items.append(mark)
        elif mark.style == "cn?" and style == "cn" and part.items and expected <= 10:
            mark.number, mark.style = expected, "cn"
            mark.label = cn_label(expected)
            mark.garbled = True
            part.items.append(mark)
    return parts


def _heading(compact: Compact, text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The title clause after the item number: up to the first 。, else to the end of its line."""
    i, j = compact.slice(start, end)
    window = compact.s[i:j]
    stop = window.find("。")
    if 0 <= stop <= HEADING_MAX:
        s, e = compact.span(i, i + stop)
    else:
        line_end = text.find("\n", start, end)
        s, e = start, (line_end if line_end >= 0 else end)
        while e > s and text[e - 1].isspace():
            e -= 1
    return clean_inline(text[s:e]), (s, e)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def run(notice: Notice, cfg: Config) -> Notice:
    text = notice.text
    limit = trailer_start(text)
    marks = [m for m in scan_marks(text) if m.start < limit]
    parts = build_parts(marks)
    boundaries = sorted(
        {m.line_start for p in parts for m in ([p.section] if p.section else []) + p.items}
        | {m.line_start for m in marks if m.kind == "attachment"} | {limit})
    compact = notice_compact(notice)
    part_starts = sorted({p.section.line_start for p in parts if p.section}
                         | {m.line_start for m in marks if m.kind == "attachment"})

    def end_of(start: int) -> int:
        for b in boundaries:
            if b > start:
                return b
        return limit

    sections: list[Section] = []
    task_parts: list[_Part] = []
    for part in parts:
        if part.section is None:
            continue
        mark = part.section
        line_end = text.find("\n", mark.body)
        title, _ = _heading(compact, text, mark.body, line_end if line_end >= 0 else len(text))
        title = re.split(r"[：:；;]", title)[0]
        role = section_role(title)
        span = _trim(text, mark.start, next((b for b in part_starts if b > mark.start), limit))
        sections.append(Section(number=mark.label, index=mark.number, title=title, span=span,
                                role=role))  # type: ignore[arg-type]
        if role == "tasks" and part.items:
            task_parts.append(part)
    if not task_parts:
        candidates = [p for p in parts if p.items and (p.section is None or section_role(
            _heading(compact, text, p.section.body, end_of(p.section.start))[0]) == "other")]
        sectioned = [p for p in candidates if p.section is not None]
        task_parts = sectioned or sorted(candidates, key=lambda p: -len(p.items))[:1]

    tasks: list[Task] = []
    seen: set[str] = set()
    for part in task_parts:
        section_no = part.section.number if part.section else 1
        for item in part.items:
            task_id = f"{section_no}.{item.number}"
            if task_id in seen:
                continue
            seen.add(task_id)
            span = _trim(text, item.start, end_of(item.start))
            heading, heading_span = _heading(compact, text, item.body, span[1])
            number = f"（{item.label}）" if item.style == "cn" else f"{item.label}."
            if item.garbled:
                notice.quality.warnings.append(
                    f"task {task_id}: item number unreadable, inferred from the sequence")
            tasks.append(Task(id=task_id, number=number, heading=heading, heading_span=heading_span,
                              text=text[span[0]:span[1]], span=span))
    notice.sections = sections
    notice.tasks = tasks
    return notice
