"""Which units are tasks (docs/task-rules.md) and how a task is written.

1. The deepest units of the parts named as tasks (主要任务, 重点任务 …); groups above them stay in
   the outline and in each task's ``parents``.
2. Where a notice labels responsibility per unit, the deepest units that carry their own label.
3. With no part named as tasks, the deepest units of the substantive parts (role "other"); in a
   regulation, the articles of its substantive chapters (an article's items are not tasks).
4.–5. Never units of safeguard, goal, framing or requirement parts — but a notice all of whose
   parts name goals (一、绿色发展目标 … 四、社会治理建设目标) is a list of work targets: their units.
The body's tasks (with the parts where its numbering starts again without an attachment line) come
first; attachments give tasks only when the body gives none (a cover letter that transmits its plan
as an attachment). In a notice that labels its tasks, a part none of whose units carries a label
gives none (rule 2).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Parent, Task
from .numbering import cn_value
from .roles import (
    EXCLUDED,
    frames_regulation,
    leads_a_list,
    min_labelled_units,
    names_directions,
    names_duties,
    names_field,
    requirements_as_measures,
)

# The longest enumeration item (compact characters) of a list unit (see ``_is_list``).
LIST_ITEM_MAX = 200
# Styles whose direct sub-units are a regulation's articles.
ARTICLE_PARENTS = frozenset({"part", "chapter", "section"})

if TYPE_CHECKING:
    from . import FoundPart, Unit


def _is_list(unit: Unit, text: str, announced: bool = False) -> bool:
    """A unit whose sub-units are the items of one enumeration (conditions, materials, what a
    meeting decides): its own text ends in a colon and every sub-unit is one clause (its first
    line: a paragraph after the last item is the unit's, not the item's). Such a
    unit is one measure; its items are not measures of their own. A lead-in that has ``announced``
    its cases (出现以下情形之一，强制退出。) may end in a stop instead."""
    lead = text[unit.node.marker.body:unit.children[0].node.marker.line_start].rstrip()
    if not lead.endswith(("：", ":")) and not (announced and lead.endswith("。")):
        return False
    for child in unit.children:
        body = child.node.marker.body
        nl = text.find("\n", body, child.end)
        item = "".join(text[body:child.end if nl < 0 else nl].split()).rstrip("。；;，,")
        if child.children or len(item) > LIST_ITEM_MAX or "。" in item:
            return False
    return True


def _article(unit: Unit, text: str) -> bool:
    """A regulation's article is one task: 第X条, whose （一）… are its items (项), or a unit
    numbered otherwise directly under a chapter whose sub-units are one enumeration."""
    if unit.node.style == "article":
        return True
    parent = unit.parent.node.style if unit.parent else ""
    return parent in ARTICLE_PARENTS and _is_list(unit, text)


def _cases(unit: Unit, text: str) -> bool:
    """A unit whose lead-in announces a list of cases (有下列情形的，责令限期整改：) over items of one
    clause each: one task (part_roles.toml ``list_leads``)."""
    lead = text[unit.node.marker.body:unit.children[0].node.marker.line_start].rstrip()
    if not lead.endswith(("：", ":")):
        lead = re.split(r"(?<=。)", lead.rstrip("。"))[-1]  # a stop: the sentence the items follow
    return leads_a_list(lead) and _is_list(unit, text, announced=True)


def _card(unit: Unit) -> bool:
    """A unit whose sub-units are all fields of it (（一）试点单位。（二）试点内容。…): one task."""
    return len(unit.children) >= 2 and all(names_field(c.heading) for c in unit.children)


def _deepest(unit: Unit, labelled: bool, text: str, excluded: frozenset[str] = EXCLUDED) -> list[Unit]:
    if unit.role in excluded:
        return []
    article = unit.node.style == "article"
    if unit.node.style == "chapter" and not unit.children and not text[unit.heading_span[1]:unit.end].strip():
        return []  # a chapter's heading alone (its line in a list of the chapters before them): no measure
    if (article or not unit.children) and frames_regulation(
            text[unit.node.marker.body:unit.end], in_chapter=unit.parent is not None or not article):
        return []  # 第一条 为…，制定本办法; a notice's 一、本通知所称…是指…: a frame, not a measure
    if not unit.children or _article(unit, text) or _card(unit) or _cases(unit, text):
        return [unit]
    if labelled and _group_label(unit):
        return [unit]  # the group carries the label; its sub-points are not separate tasks
    out: list[Unit] = []
    for child in unit.children:
        out.extend(_deepest(child, labelled, text, excluded))
    return out


def _group_label(unit: Unit) -> bool:
    """A group whose label is its own: stated before its sub-points, or after the last of them
    when none of the others has one (the label lines close the group, not its last point)."""
    with_label = [c for c in unit.children if any(d.labelled for d in c.walk())]
    if unit.labelled:
        return not with_label
    return len(unit.children) > 1 and with_label == [unit.children[-1]] and not any(
        d.labelled for d in unit.children[-1].walk() if d is not unit.children[-1])


def _sources(units: list[Unit], everything: list[Unit]) -> list[Unit]:
    """The units whose deepest units are tasks: the parts named as tasks, with the substantive
    parts that follow the first of them among its siblings (重点任务 then 重点工程); with no part
    named as tasks, every substantive top-level part."""
    named = [u for u in everything if u.role == "tasks" and (u.parent is None or u.parent.role != "tasks")
             and not _framed(u)]
    measures = [u for u in named if not names_directions(u.heading)]
    named = measures or named  # 三、重点任务 wins over 二、重点领域
    # 二、任务分工 as one paragraph of who does what, not a list of tasks (三、主要任务 lists them)
    named = [u for u in named if u.children or not names_duties(u.heading)] or named
    if not named:
        return [u for u in units if u.role == "other"]
    out: dict[int, Unit] = {}
    for first in named:
        siblings = first.parent.children if first.parent else units
        after = siblings[siblings.index(first):]
        out.update((id(u), u) for u in after if u is first or u.role in ("tasks", "other"))
    return sorted(out.values(), key=lambda u: u.start)


FRAMING = ("background",)  # (a goals part may set out its plan: 三、重点攻关目标及计划 （二）重点任务攻关计划)


def _framed(unit: Unit) -> bool:
    """A paragraph inside a part that frames the notice (二、总体要求's （四）多能互补实施路径, a direction
    set out among its principles): no part of tasks, whatever its name; a part there that lists
    measures (第一章 总体要求's 七、建设任务 1.–5.) is one."""
    if unit.children:
        return False
    up = unit.parent
    while up is not None:
        if up.role in FRAMING:
            return True
        up = up.parent
    return False


def _labelled(units: list[Unit]) -> bool:
    """Whether the units label their tasks: labels inside a part that gives no tasks (a plan's
    保障措施, each with its 责任单位) do not make its task part (二、重点任务, unlabelled) hold none."""
    return sum(u.labelled for top in units for u in top.walk()
               if not _in_excluded(u)) >= min_labelled_units()


def _in_excluded(unit: Unit) -> bool:
    up: Unit | None = unit
    while up is not None:
        if up.role in EXCLUDED:
            return True
        up = up.parent
    return False


def _part_tasks(units: list[Unit], text: str, labelled: bool) -> list[Unit]:
    everything = [u for top in units for u in top.walk()]
    out: list[Unit] = []
    for unit in _sources(units, everything):
        if labelled and not any(u.labelled for u in unit.walk()):
            continue  # a notice that labels its tasks: a part with no label holds none (rule 2)
        out.extend(_deepest(unit, labelled, text))
    if not out and len(units) >= 2 and all(u.role == "goals" for u in units):
        # a list of work targets (一、绿色发展目标 1.完成植树造林0.74万亩 … 四、社会治理建设目标):
        # every part names goals, so their items are the commitments the notice makes
        for unit in units:
            out.extend(_deepest(unit, labelled, text, EXCLUDED - {"goals"}))
    if not out and all(u.role in ("goals", "requirements", "background") for u in units):
        # a letter of goals and requirements only (一、工作目标 二、相关要求 （一）…（八）): the
        # requirements' units are its measures
        for unit in units:
            if unit.role == "requirements" and unit.children and requirements_as_measures(unit.heading):
                out.extend(_deepest(unit, labelled, text, EXCLUDED - {"requirements"}))
    return out


def select(found: list[FoundPart], text: str) -> list[Unit]:
    """The task units of a notice, in document order."""
    if not found:
        return []
    # the body, and the parts where its numbering starts again with no attachment line (a notice
    # that sets out two 规定 one after the other); labels in any of them make the body labelled
    # (a reply whose appended 任务要点 labels each item: the letter's own points are no tasks)
    parts = [fp.units for fp in found if not fp.part.label]
    labelled = _labelled([u for units in parts for u in units])
    body = [u for units in parts for u in _part_tasks(units, text, labelled)]
    attached = [(fp, _part_tasks(fp.units, text, _labelled(fp.units))) for fp in found if fp.part.label]
    if any(not _form(fp, text) for fp, _ in attached):  # forms and outlines to fill in: no measures
        attached = [(fp, tasks) for fp, tasks in attached if not _form(fp, text)]
    plans = [tasks for fp, tasks in attached
             if tasks and any(u.role == "tasks" for top in fp.units for u in top.walk())]
    # an attached table (or plan) that labels each of its tasks (附件：重点任务分工表 | 重点任务 |
    # 责任单位 | 完成时限)
    assigned = [tasks for fp, tasks in attached
                if len(tasks) >= min_labelled_units() and all(u.labelled for u in tasks)]
    if body and not labelled and assigned:
        # beside an unlabelled body: the labelled units are the tasks (rule 2)
        return [u for tasks in assigned for u in tasks]
    if body and APPROVES.match(body[0].heading) and any(tasks for _, tasks in attached):
        # a 批复 whose first point approves the plan it sends back (一、原则同意《…规划》): its points
        # approve and assign, the plan's measures are the tasks
        return [u for _, tasks in attached for u in tasks]
    if body and not all(POINTER.search(text, u.start, u.end) for u in body):
        if plans and not any(u.role == "tasks" for units in parts for top in units for u in top.walk()):
            # a cover letter's own numbered points (一、各地要制定方案…) and the plan it issues, which
            # names its tasks (附件 … 二、重点任务): the plan's measures too, as when the plan follows
            # with no attachment line
            return body + [u for tasks in plans for u in tasks]
        return body
    # a cover letter whose measures are its attachments': the body gives none, or only units that
    # send the reader to an attachment (一、试点示范内容 …《实施方案》详见附件1); an attachment that
    # names its tasks (四、重点工作) is the plan, the others (lists, forms) are not read for tasks
    named = {_number(m.group("n")) for u in body for m in POINTER.finditer(text, u.start, u.end)}
    seen: set[int | None] = set()
    pointed = []  # the attachments the body sends the reader to, each once (a notice printed twice)
    for fp, tasks in attached:
        number = _number(fp.part.label)
        if number in named and number not in seen:
            seen.add(number)
            pointed.append(tasks)
    if not body and assigned and not any(u.labelled for tasks in plans for u in tasks):
        # a cover letter, an attached plan that labels nothing and an attached table that labels
        # each row (附件1 实施方案, 附件2 重点任务清单): the table's rows are the tasks (rule 2)
        return [u for tasks in assigned for u in tasks]
    chosen = [t for t in pointed if t] or plans or [tasks for _, tasks in attached]
    out = [u for tasks in chosen for u in tasks]
    return out if out or not body else body


# An attachment that is a form or an outline to fill in (…项目申报大纲, 编写提纲, 申报书, 汇总表, 回执):
# its headings are what an applicant writes, no measures.
FORM_TITLE = re.compile(r"大纲|提纲|模板|样表|样式|格式|申报书|申请书|申请表|登记表|报名表|汇总表|统计表|回执|承诺书")
FORM_TITLE_CHARS = 60  # characters after an attachment's marker that hold its title


def _form(fp: FoundPart, text: str) -> bool:
    """Whether an attachment's title names a form or an outline to fill in."""
    head = "".join(text[fp.part.marker_end:fp.part.marker_end + FORM_TITLE_CHARS].split())
    return bool(FORM_TITLE.search(head[:FORM_TITLE_CHARS // 2]))


def _number(label: str) -> int | None:
    """An attachment's number as written in its label or a pointer to it (附件1, 附件二)."""
    m = re.search(r"\d+|[一二三四五六七八九十]+", label)
    if not m:
        return None
    return int(m.group()) if m.group().isdigit() else cn_value(m.group())


# A reply's first point that approves the document attached to it (原则同意《扩大消费“十五五”规划》).
APPROVES = re.compile(r"(?:原则)?同意《")
# A unit that sends the reader to an attachment for its content (详见附件1, 具体见附件).
POINTER = re.compile(r"(?:详见|具体见|参见|见)[^。；;\n]{0,40}?附件\s*(?P<n>\d+|[一二三四五六七八九十]*)")


def to_task(unit: Unit, text: str) -> Task:
    parents = []
    up = unit.parent
    while up is not None:
        parents.append(Parent(number=up.node.marker.label, heading=up.heading))
        up = up.parent
    return Task(id=unit.id, number=unit.node.marker.label, heading=unit.heading,
                heading_span=unit.heading_span, text=text[unit.start:unit.end],
                span=(unit.start, unit.end), level=unit.level, parents=parents[::-1])
