"""Outline: every numbered unit of the body at every level, their roles, and the tasks.

Find, then write: ``find(notice)`` returns the parts with their unit trees (``Unit``); ``write``
turns them into ``notice.outline``, ``notice.sections`` and ``notice.tasks``. The rules are data:
numbering styles (resources/numbering.toml), part roles (part_roles.toml), labels (labels.toml);
which units are tasks follows docs/task-rules.md (``tasks.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ...config import Config
from ...model import Notice, OutlineUnit, Section
from ...text import clean_inline, notice_compact
from ..notice_ends import another_notice
from .grammar import Node, build
from .headings import ARTICLE_NAME, Headings
from .numbering import TABLE_ROW, parts_over_articles, scan
from .parts import Part, closing_start, split_parts, trailer_start
from .roles import PART_STYLES, back_reference, builds_words, has_label, lost_chapter, role_of, weak_safeguard
from .tasks import select, to_task

__all__ = ["find", "run", "trailer_start", "write"]


@dataclass(eq=False)
class Unit:
    """A unit of the outline while it is being found: its node, place and reading."""

    node: Node
    id: str
    level: int
    start: int
    end: int
    heading: str
    heading_span: tuple[int, int]
    role: str
    labelled: bool
    children: list[Unit] = field(default_factory=list)
    parent: Unit | None = None

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class FoundPart:
    part: Part
    units: list[Unit]
    index: int  # 0 for the body, k for the k-th attachment


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _units(nodes: list[Node], part: Part, heads: Headings, prefix: str, parent: Unit | None,
           inherited: str, level: int, bare: list[tuple[int, str]] | None = None) -> list[Unit]:
    text = heads.text
    out: list[Unit] = []
    starts = [at for at, _ in bare or []]
    # a chapter's heading printed without its number between its articles (法律责任): the articles
    # below it are that chapter's
    closing = _lost_chapters(text, nodes) if parent is not None and parent.node.marker.style == "chapter" else []
    for k, node in enumerate(nodes):
        m = node.marker
        if bare:  # parts printed without numbers: a unit takes the role of the heading line above it
            above = bisect_left(starts, m.line_start)
            inherited = bare[above - 1][1] if above else "other"
        from_above = "requirements" if closing and closing[0] < m.line_start else inherited
        nxt = nodes[k + 1].marker.line_start if k + 1 < len(nodes) else (
            parent.end if parent else part.end)
        lost = LOST_HEADING.search(text, m.body, nxt)  # a heading dropped, its full stop left
        end = _trim(text, m.start, lost.start() if lost else nxt)
        first_child = node.children[0].marker.line_start if node.children else end
        heading, hspan = heads.heading(m.body, m.stop or min(end, max(first_child, m.body)),
                                       article=m.style == "article")
        own = role_of(heading, part=level == 1 and m.style in PART_STYLES, chapter=m.style == "chapter")
        if m.style == "article" and ARTICLE_NAME.match(text, m.body, end):
            own = "other"  # 第五条（部门职责）: an article's name says what it rules, its chapter its role
        if own == "safeguards" and DUTIES.search(heading) and not _bodies_lead(node.children):
            own = "other"  # 五、职责分工 whose units are labelled measures, not one unit a body
        if own == "goals" and node.children and all(c.marker.style == TABLE_ROW for c in node.children):
            own = "tasks"  # 二、年度目标任务 over a task table (| 年度 | 目标任务 | 责任单位 |): its rows are measures
        role = own if own != "other" else from_above
        if own == "tasks" and from_above in ("safeguards", "requirements"):
            role = from_above  # 三、申请条件's （四）支持措施明确: a condition, not a part of tasks
        # a decimal number outside its parent's series (3.1 with no 3. open) keeps its series in
        # its id: 2.1 and 3.1 at one level are two units, not two 1s
        series = f"{m.series}." if m.series and (parent is None or _full_number(parent) != m.series) else ""
        unit = Unit(node, f"{prefix}{series}{m.number}", level, m.start, end, heading, hspan, role,
                    _says_who(node, text, first_child), parent=parent)
        unit.children = _units(node.children, part, heads, f"{unit.id}.", unit, role, level + 1)
        out.append(unit)
    _close_list(out, text)
    # a weak safeguard word among measures names a measure: in a part of tasks where no sibling is
    # a safeguard (三、政策措施 （一）加强组织实施 … （四）加强宣传推广 is a part of safeguards), or before a
    # substantive sibling
    strong = any(v.role == "safeguards" and not weak_safeguard(v.heading) for v in out)

    def rerole(unit: Unit, role: str) -> None:  # a unit's role settled by its siblings: its units again
        unit.role = role
        unit.children = _units(unit.node.children, part, heads, f"{unit.id}.", unit, role, level + 1)

    for k, unit in enumerate(out):
        if (unit.role == "safeguards" and weak_safeguard(unit.heading)
                and ((inherited == "tasks" and not strong)
                     or any(v.role in ("tasks", "other") for v in out[k + 1:]))):
            rerole(unit, inherited)
    if parent is not None and inherited == "other":  # a part's units, not the notice's parts
        _frame_with_siblings(out)
    if parent is None:
        for k, unit in enumerate(out):
            if _builds(unit) or _amid_measures(out, k):  # 五、强化支撑保障 whose units build systems
                rerole(unit, "other")
        for unit in _bare_amid_measures(out, bare or [], text):
            rerole(unit, "other")
        measures = any(v.role in ("tasks", "other") for v in out)
        for unit in out:
            if _labelled_goals(unit):  # 二、目标任务 whose units are labelled measures
                rerole(unit, "tasks")
            elif unit.role == "safeguards" and (unit.node.marker.style == "chapter" or not measures) \
                    and _names_the_subject(unit.heading, _title_lines(text, out[0].start),
                                           whole=unit.node.marker.style != "chapter"):
                # 第二章 监督检查分类 of the 特种设备安全监督检查办法; 二、工作要求, the only part of
                # measures of a notice on the year's 海绵城市建设工作要求: its subject
                rerole(unit, "other")
        if out and _safeguards_by_units(out[-1]):  # 七、提升协同推进合力: （十六）加强组织协调 …
            rerole(out[-1], "safeguards")
    return out


def _says_who(node: Node, text: str, end: int) -> bool:
    """Whether a unit's own text (up to ``end``) labels who carries it out; a task table's row does
    (its cells say who)."""
    return has_label(text[node.marker.body:end]) or node.marker.style == TABLE_ROW


def _close_list(units: list[Unit], text: str) -> None:
    """A list's last item ends before a paragraph that refers back to the list (上述第1项由市商务局
    牵头负责，第2、3项由…; 以上任务…): it speaks of every item, not of the last one."""
    if len(units) < 2 or units[-1].children:
        return
    last = units[-1]
    cut = text.find("\n", last.heading_span[1], last.end)
    while cut >= 0:
        if back_reference(text[cut + 1:cut + 12]):
            last.end = _trim(text, last.start, cut)
            last.labelled = _says_who(last.node, text, last.end)
            return
        cut = text.find("\n", cut + 1, last.end)


def _named_by_builds(unit: Unit, least: int) -> bool:
    """A safeguard part of ``least`` units or more named so by a `builds` word (支撑保障, 要素保障)."""
    return (unit.role == "safeguards" and len(unit.children) >= least
            and any(w in unit.heading for w in builds_words()[0]))


def _builds(unit: Unit) -> bool:
    """A part named a safeguard only by a `builds` word whose units mostly build something."""
    kids = unit.children
    return _named_by_builds(unit, 3) and 2 * sum(k.heading.startswith(builds_words()[1]) for k in kids) > len(kids)


SUBJECT_MIN = 4  # characters a chapter's heading shares with the regulation's title to name its subject


TITLE_LINES = 2  # non-empty lines a regulation's title takes at the text's start or above its first unit


def _title_lines(text: str, first: int) -> str:
    """The regulation's title: the text's first lines, and the lines just above its first unit
    (a cover letter's sentences in between name other things)."""
    lines = [line for line in text[:first].splitlines() if line.strip()]
    # (and a title line anywhere above it: a saved page's metadata table before the title)
    titled = [line for line in lines[TITLE_LINES:-TITLE_LINES] if TITLE_LINE.search(line.strip())]
    return "\n".join(lines[:TITLE_LINES] + titled + lines[-TITLE_LINES:])


TITLE_LINE = re.compile(r"关于.{2,80}(?:通知|意见|方案|办法|规定|决定|细则|计划|要点)$")


def _names_the_subject(heading: str, head: str, *, whole: bool = False) -> bool:
    """Whether a chapter's heading is a safeguard's only by words of the regulation's title (words
    of SUBJECT_MIN characters or more it shares with it): a regulation on supervision (…监督检查办法)
    whose chapters are named by it (第二章 监督检查分类) rules that subject; 第九章 康复救助组织实施 of a
    康复救助实施办法 is its safeguards still (组织实施 without the title's 康复救助)."""
    words = "".join(heading.split())
    title = "".join(head.split())
    shared = False
    for size in range(len(words), SUBJECT_MIN - 1, -1):
        for k in range(len(words) - size + 1):
            piece = words[k:k + size]
            if len(piece) == size and piece in title and "＃" not in piece:
                words = words.replace(piece, "＃")
                shared = True
    rest = words.replace("＃", "")
    if whole:  # a part's heading the title says whole (二、工作要求 of a notice on 工作要求)
        return shared and not rest
    return shared and role_of(rest, part=True, chapter=True) != "safeguards"


GOAL_TASKS = ("任务",)  # a goals part also named for tasks (目标任务, 任务目标)


def _labelled_goals(unit: Unit) -> bool:
    """A part named for goals and tasks (二、目标任务) most of whose deepest units carry labels of their
    own (1.…（责任单位：区农发局）): labelled measures, a part of tasks (rule 2)."""
    if unit.role != "goals" or not any(w in unit.heading for w in GOAL_TASKS):
        return False
    leaves = [u for u in unit.walk() if not u.children and u is not unit]
    return len(leaves) >= 3 and 2 * sum(u.labelled for u in leaves) > len(leaves)


def _amid_measures(parts: list[Unit], k: int) -> bool:
    """A part named a safeguard only by a `builds` word (三、强化要素保障) that stands before parts of
    measures and most of whose units are labelled measures (10．推行工业用地“标准地”出让…（牵头单位：…）):
    the factors a plan supplies (land, credit, power), not how it is carried out."""
    kids = parts[k].children
    return (_named_by_builds(parts[k], 2) and any(v.role in ("tasks", "other") for v in parts[k + 1:])
            and 2 * sum(any(d.labelled for d in kid.walk()) for kid in kids) > len(kids))


def _lost_chapters(text: str, nodes: list[Node]) -> list[int]:
    """Where a closing chapter's heading stands on a line of its own, without its 第X章, between a
    chapter's articles (…第四十五条…\n法律责任\n第四十六条…): a regulation's 法律责任 or 附则 whose number
    was lost."""
    if len(nodes) < 2 or nodes[0].marker.style != "article":
        return []
    return [m.start() for m in lost_chapter().finditer(text, nodes[0].marker.body, nodes[-1].marker.line_start)]


def _bare_amid_measures(units: list[Unit], bare: list[tuple[int, str]], text: str) -> list[Unit]:
    """The units under a part printed without a number that is named a safeguard only by a
    `builds` word (强化要素保障 above 13.加大产业用地供应 … 16.降低企业用能成本), that stands before a
    part of measures, and most of whose units do not name a safeguard: the factors a plan
    supplies, measures like the others."""
    starts = [at for at, _ in bare]
    groups: dict[int, list[Unit]] = {}  # the units under each heading line
    for unit in units:
        groups.setdefault(bisect_left(starts, unit.node.marker.line_start) - 1, []).append(unit)
    last_measures = max((k for k, (_, r) in enumerate(bare) if r in ("tasks", "other")), default=-1)
    out: list[Unit] = []
    for k, (at, role) in enumerate(bare):
        stop = text.find("\n", at)
        line = text[at:stop if stop >= 0 else len(text)]
        if role != "safeguards" or not any(w in line for w in builds_words()[0]) or last_measures <= k:
            continue
        under = groups.get(k, [])
        plain = [u for u in under if role_of(u.heading, part=False) != "safeguards" and not weak_safeguard(u.heading)]
        if under and 2 * len(plain) > len(under):
            out.extend(under)
    return out


def _safeguards_by_units(unit: Unit) -> bool:
    """A notice's last part whose heading names no role but most of whose three or more units are
    safeguards by their headings (weak words counted) is a part of safeguards."""
    kids = unit.children
    if unit.role != "other" or len(kids) < 3:
        return False
    return 2 * sum(k.role == "safeguards" or weak_safeguard(k.heading) for k in kids) > len(kids)


DUTIES = re.compile(r"职责分工|责任分工|部门职责")
# A line that opens with a full stop: a run-in heading a crawl dropped (bold text lost, its 。
# left: 。各级政府要提高…) starts there, so the unit before it ends.
LOST_HEADING = re.compile(r"(?<=\n)[ \t\u3000]*。")
_BODY_HEAD = re.compile(r"[\u4e00-\u9fff]{1,14}?(?:局|委|办|处|部|中心|政府|队|院|学校|机构|家庭|家长|所|会|组|室|站)")


def _bodies_lead(children: list[Node]) -> bool:
    """Whether a part's units open with a body's name, one unit a body (（一）区建管委 （二）区发改委)."""
    return 2 * sum(bool(_BODY_HEAD.match(c.marker.head)) for c in children) >= len(children)


_DUTY_HEAD = re.compile(_BODY_HEAD.pattern + r"[:：]")


def _duties_list(nodes: list[Node]) -> bool:
    """An attachment listing each body's duties (附件：领导小组成员单位职责 1．市发展改革委：负责…
    2．市财政局：负责…): most of its units open with a body's name and a colon. It says who does
    what in a group, as a 职责分工 part does; no measures."""
    return len(nodes) >= 2 and 2 * sum(bool(_DUTY_HEAD.match(n.marker.head)) for n in nodes) > len(nodes)


_MARKER_ONLY = re.compile(r"[\d.．、]+|[（(〔][一二三四五六七八九十\d]{1,3}[）)〕]|[一二三四五六七八九十]{1,3}[、．.]"
                          r"|第[一二三四五六七八九十百\d]{1,4}[编章节条]")
BARE_MAX = 12  # characters of a part's heading printed without a number
BARE_MIN_PARTS = 2  # …and how many such headings with a role make the parts of a notice


def bare_parts(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Parts printed without numbers (总体要求 / 重点整治内容 / 工作安排 / 工作要求, each a heading line
    of its own above its numbered units): (where each heading line starts, its role), when at
    least ``BARE_MIN_PARTS`` of them name a role; else []."""
    out: list[tuple[int, str]] = []
    pos, previous = start, ""
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = "".join(text[pos:stop].split()).lstrip("#*").rstrip("*")
        if (2 <= len(line) <= BARE_MAX and not any(c in line for c in "。，,；;：:、（）()|")
                and not (line[0].isdigit() or line[0] in "一二三四五六七八九十第")
                and not _MARKER_ONLY.fullmatch(previous)):  # 1.2 on the line above: its heading
            out.append((pos, role_of(line, part=True)))
        previous = line or previous
        pos = stop + 1
    return out if sum(role != "other" for _, role in out) >= BARE_MIN_PARTS else []


FRAMING = frozenset({"background", "goals"})


def _frame_with_siblings(units: list[Unit]) -> None:
    """Units without a role word among framing siblings frame too: a part that opens a plan
    (一、加快推进创新型省份建设) holding （一）基础与优势 （二）面临形势 （三）指导思想 （四）发展目标
    （五）总体部署 is its preamble, all of it. It takes two framing units, and as many as there are
    units without a role."""
    framing = sum(u.role in FRAMING for u in units)
    plain = [u for u in units if u.role == "other"]
    if framing < 2 or framing < len(plain):
        return
    stack = plain
    while stack:
        unit = stack.pop()
        if unit.role == "other":
            unit.role = "background"
            stack.extend(unit.children)


def _full_number(unit: Unit) -> str:
    """A unit's number with its series (2.4 of a decimal unit, 3 of a 3.)."""
    m = unit.node.marker
    return f"{m.series}.{m.number}" if m.series else str(m.number)


def find(notice: Notice) -> list[FoundPart]:
    """The body and each attachment, with the tree of their numbered units."""
    text = notice.text
    heads = Headings(text, notice_compact(notice))
    found: list[FoundPart] = []
    for part in split_parts(text):
        begin = part.marker_end if part.label else part.start
        segments = build(parts_over_articles(scan(text, begin, part.end), text), text)
        bare: list[tuple[int, str]] | None = None
        for j, nodes in enumerate(segments):
            if j:  # the numbering started again: a part without an attachment line (inside an
                # attachment, more of the attachments: a form's rows are not the body's)
                start = nodes[0].marker.line_start if nodes else part.end
                end = segments[j + 1][0].marker.line_start if j + 1 < len(segments) else part.end
                seg = Part(start, end, part.label, start)
            else:
                end = segments[1][0].marker.line_start if len(segments) > 1 else part.end
                seg = Part(part.start, closing_start(text, begin, end), part.label, part.marker_end)
            k = len(found)
            prefix = f"A{k}." if k else ""
            roles: list[tuple[int, str]] = []  # parts printed without numbers, where none is numbered
            if not any(n.marker.style in PART_STYLES for n in nodes):
                bare = bare_parts(text, begin, part.end) if bare is None else bare  # once a part
                roles = bare
            inherited = "safeguards" if part.label and _duties_list(nodes) else "other"
            found.append(FoundPart(seg, _units(nodes, seg, heads, prefix, None, inherited, 1, roles), k))
    return found


def _unit_model(unit: Unit) -> OutlineUnit:
    m = unit.node.marker
    return OutlineUnit(id=unit.id, level=unit.level, style=m.style, number=m.label, index=m.number,
                       heading=unit.heading, heading_span=unit.heading_span,
                       span=(unit.start, unit.end), role=unit.role,  # type: ignore[arg-type]
                       children=[_unit_model(c) for c in unit.children])


def write(notice: Notice, found: list[FoundPart]) -> Notice:
    """Outline, top-level sections and tasks into the notice."""
    text = notice.text
    outline: list[OutlineUnit] = []
    for fp in found:
        units = [_unit_model(u) for u in fp.units]
        if fp.index == 0:
            outline.extend(units)
            continue
        p = fp.part
        s, e = p.start, _trim(text, p.start, p.marker_end)
        while s < e and text[s].isspace():
            s += 1
        outline.append(OutlineUnit(
            id=f"A{fp.index}", level=1, style="attachment", number=fp.part.label, index=fp.index,
            heading=clean_inline(text[s:e]), heading_span=(s, e),
            span=(p.start, _trim(text, p.start, p.end)), role="other", children=units))
    body = found[0].units if found else []
    notice.outline = outline
    notice.sections = [
        Section(number=u.node.marker.label, index=u.node.number, title=u.heading,
                span=(u.start, u.end), role=u.role)  # type: ignore[arg-type]
        for u in body if u.node.marker.style in PART_STYLES]
    tasks = []
    seen: set[str] = set()
    for unit in select(found, text):
        if unit.id not in seen:
            seen.add(unit.id)
            tasks.append(to_task(unit, text))
    notice.tasks = tasks
    return notice


def run(notice: Notice, cfg: Config) -> Notice:
    other = another_notice(notice.text)
    if other:  # a PDF's text holding several notices: the first is this one, the rest kept as text
        notice.quality.warnings.append(
            f"another notice starts at character {other[0]} ({other[1][:40]}): its text is kept, "
            "its units are not outlined")
    return write(notice, find(notice))
