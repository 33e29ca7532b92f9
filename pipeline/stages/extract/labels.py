"""Responsibility labels as a clause grammar: every body a label lists is responsible, whether or
not the gazetteer knows it (research institutes, centres, 管委会 …).

    （责任单位：市教育局基教处、装备信息中心）      -> two bodies, responsible
    （省商务厅、省财政厅牵头，合肥海关配合）        -> lead, lead, support
    牵头单位：省工业和信息化厅；配合单位：省财政厅   -> lead, support
    （省发展改革委会同省财政厅负责）                -> lead, support

The cue words and role words are data (resources/labels.toml, [roles]).

Find (``label_bodies``: the items with their role and place), then the departments stage writes
the ones the gazetteer did not already name as ``其他:<name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...resources import load_toml
from ...text import alternation
from ..outline.roles import HEADING_NUMBER, label_spans

_CLAUSE = re.compile(r"[，,；;。]")
# An item of a list of bodies (not split at 和: 工业和信息化厅, 文化和旅游局 are one body), and not
# inside a list of levels either: 有关区、市政府 and 各区（市）政府 are the governments of both.
# (各县区(开发区)安委会, 各乡镇（街道）, 各村（社区）: a short bracket of levels is part of the name)
# (各地（州、市）人民政府（行政公署）: the prefecture's office where it has no government is part of
# the name; 各县、区人民政府(管委会) names the zones' committees beside the governments)
_ITEM = re.compile(r"(?:[^、，,；;（）()：:]|(?<=[区县市州盟旗])、(?=[区县市州盟旗])"  # 各州、市人民政府
                   r"|(?<=[区县市州盟旗镇村地])[（(][\u4e00-\u9fff、]{0,6}[区县市州盟旗镇道][）)]"
                   r"|(?<=政府)[（(]行政公署[）)])+")
_FIELD = re.compile(r"^[^：:]{0,8}(?:单位|部门|主体|牵头|处室|科室|股室)[：:]")
# a field named by a heading line (（一）试点单位。 then the bodies): its stop reads as the colon
_HEADING_FIELD = re.compile(rf"^([。；;，,]?(?:{HEADING_NUMBER})?[^：:。]{{0,8}}(?:单位|部门|主体))。")
GENERIC = ("有关部门", "相关部门", "各有关部门", "各部门", "有关单位", "相关单位", "各有关单位", "各单位",
           "各地", "各地区", "各有关地区", "各级", "有关方面")
# bodies in general however they are prefixed: 县政府有关部门, 有关直属单位, 市直相关单位
GENERIC_ENDING = re.compile(r"(?:有关|相关|其他|其它)[\u4e00-\u9fff]{0,2}(?:部门|单位|机构|企业)"
                            r"(?:[和及与](?:部门|单位|机构|企业))?$")  # 省直相关部门和单位, 有关企业


# A clause of a label that names no body (以下均需试点城市政府落实，不再列出): no item of it is one.
NOT_BODY = re.compile(r"不再(?:单独|一一)?列出|以下均|均需|同上|下同|按职责")  # …。按职责分工，下同


@dataclass(frozen=True)
class _RoleWords:
    fields: tuple[tuple[str, str], ...]  # (cue, role): lead's, then support's, then responsible's
    verbs: re.Pattern[str]  # a role verb that closes a clause
    verb_role: dict[str, str]
    co_actor: re.Pattern[str]
    first_is_lead: re.Pattern[str]


@lru_cache(maxsize=1)
def role_words() -> _RoleWords:
    data = load_toml("labels.toml")["roles"]
    fields = [(w, role) for role in ("lead", "support", "responsible")
              for w in data[f"{role}_fields"]]
    verb_role = {w: role for role in ("lead", "support", "responsible")
                 for w in data[f"{role}_verbs"]}
    return _RoleWords(tuple(fields),  # a role's words before the next role's: 牵头责任单位 leads
                      re.compile(rf"(?:{alternation(list(verb_role))})(?:工作)?$"), verb_role,
                      re.compile(alternation(data["co_actor_words"])),
                      re.compile(alternation(data["first_is_lead"])))


@lru_cache(maxsize=1)
def _division_endings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_toml("labels.toml")
    return tuple(data["division_endings"]), tuple(data["not_division_endings"])


def is_division(name: str) -> bool:
    """A name that ends like a division of an organ (科技司, 基教处; not 中国铁路总公司): no
    department of its own when the organ stands before it in the label."""
    endings, not_endings = _division_endings()
    return name.endswith(endings) and not name.endswith(not_endings)


def field_role(cue: str) -> str | None:
    """The role a field label gives its bodies (牵头单位： -> lead), None when it names none."""
    for word, role in role_words().fields:
        if word in cue:
            return role
    return None


# 市 of 市场监管部门 and 区 of 区块链 begin a word, not a jurisdiction; nor does 区 of 区属国企 (the
# district's own enterprises)
JURISDICTION = re.compile(r"^(?:(?>各[县市区乡镇]{1,3}(?:[（(][\u4e00-\u9fff、]{1,8}[）)])?(?:级|各)?)"
                          r"(?!人民政府|政府|党委|属)(?=[\u4e00-\u9fff]{2})"  # 各县区(开发区)安委会
                          r"|[省市县区]级各?(?=[\u4e00-\u9fff]{3})"  # 市级各专委会办公室
                          r"|中央和国家|中央国家|国家|中央|全国|省委|市委|县委|区委|党工委|省直|市直|县直|区直"
                          r"|省(?!属)|市(?!场|属)|县(?!域|属)|区(?!块|域|属)|各级|各地(?!级|[（(])|当地"
                          r"|州委|州直|州(?=[\u4e00-\u9fff]{3})"  # an autonomous prefecture's (州供销社)
                          # 各片区管理局: each of them, one kind (各市人民政府: the governments, kept)
                          r"|各(?![\u4e00-\u9fff]{0,7}?(?:人民政府|政府|党委))(?=[\u4e00-\u9fff]{3}))")


@lru_cache(maxsize=1)
def body_endings() -> tuple[str, ...]:
    """How a body's name ends (局, 中心, 政府 …; 部门, 单位): labels.toml's ``body_endings`` and
    ``field_body_endings``."""
    data = load_toml("labels.toml")
    return tuple(data["body_endings"]) + tuple(data["field_body_endings"])


@dataclass
class LabelBody:
    name: str  # as written, jurisdiction words dropped (市海洋发展局 -> 海洋发展局)
    role: str | None
    start: int  # compact indices of the item
    end: int


def label_bodies(s: str, *, first_is_lead: bool = False,
                 spans: list[tuple[int, int]] | None = None) -> list[LabelBody]:
    """The bodies of every responsibility label in ``s`` (the text, line breaks kept: a field
    label 配合单位：… ends with its line)."""
    out: list[LabelBody] = []
    reach = -1
    spans = label_spans(s) if spans is None else spans  # where the labels stand, if known
    for a, b in sorted(spans, key=lambda span: (span[0], -span[1])):
        if b <= reach:
            continue  # a field label inside a bracketed one: read once
        reach = b
        inner_a = a + 1 if s[a] in "（(〔【" else a
        # (a field line's last body may close a bracket of its own: 责任单位：…、各村（社区）)
        inner_b = b - 1 if s[b - 1:b] in ("）", ")", "〕", "】") and inner_a > a else b
        # within a label a line break is a wrap (（责任部门\n：民政部门）): read it without whitespace
        where = [k for k in range(inner_a, inner_b) if not s[k].isspace()]
        compact = _HEADING_FIELD.sub(r"\1：", "".join(s[k] for k in where), count=1)
        # 【责任单位】省发展改革委: the field named in square brackets, its bodies after it
        # (the same length: compact indices map to the text's)
        compact = _square_field().sub(_as_field, compact)
        compact = _named_as_field().sub(_as_role_verb, compact)  # …机场分局为实施单位: they are responsible
        compact = _PERSON.sub(_without_person, compact)  # 市政务服务管理局（李卫东）: no body (same length)
        compact = _person_field().sub(lambda m: "，" * len(m.group()), compact)  # 牵头市领导：曾庆林
        other = _other_field().search(compact)
        if other:  # （…；完成时限：2025年底前）: no body after it
            compact = compact[:other.start()]
        carried: str | None = None  # a field's role goes on over a clause of bodies alone
        for at, clause in _clauses(compact):
            field = _FIELD.match(clause)
            own = field is not None or role_words().verbs.search(clause) is not None
            for body in _clause_bodies(clause, at):
                body.start, body.end = where[body.start], where[body.end - 1] + 1
                if not own and body.role is None:
                    body.role = carried  # （责任单位：省农业农村厅，各市州人民政府）: both responsible
                out.append(body)
            if field:
                carried = field_role(field.group())
            elif own:
                carried = None
    if first_is_lead:
        apply_first_is_lead(out, spans)
    return out


@lru_cache(maxsize=1)
def _field_words() -> str:
    return alternation(sorted(_field_names()))


@lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    """A label's field words (责任单位, 牵头单位, 配合部门 …), which name no body when a label lists them."""
    data = load_toml("labels.toml")
    return frozenset(data["field_cues"] + data["roles"]["lead_fields"] + data["roles"]["support_fields"]
                     + data["roles"]["responsible_fields"])


@lru_cache(maxsize=1)
def _square_field() -> re.Pattern[str]:
    """A field named in square brackets (【责任单位】, [牵头单位]), perhaps with its colon."""
    return re.compile(rf"(?:^|[【〔\[])({_field_words()})[】〕\]][：:]?")


@lru_cache(maxsize=1)
def _named_as_field() -> re.Pattern[str]:
    """Bodies named as a field after them (各区市场监管局、机场分局为实施单位，下同): 为 and the field."""
    # (not the rule that the first body leads: 列第一位者为牵头单位, 排在第一位的为…, 第一个单位为…)
    return re.compile(rf"(?<![者的位])为({_field_words()})(?=[，,；;。]|$)")


ROLE_VERBS = {"lead": "牵头", "support": "配合", "responsible": "负责"}


def _as_role_verb(m: re.Match[str]) -> str:
    """为实施单位 read as its role's verb, the same length (负责，，，): the bodies before it keep their
    places and take the field's role."""
    verb = ROLE_VERBS.get(field_role(m.group(1)) or "", "")
    return (verb + "，" * len(m.group()))[:len(m.group())] if verb else m.group()


# A person in charge in brackets after a body (市政务服务管理局（李卫东）, （分管副局长：刘振华）)
_PERSON = re.compile(r"[（(](?:[^（）()：:\n]{0,10}[：:])?(?P<who>[\u4e00-\u9fff]{2,4})[）)]")


@lru_cache(maxsize=1)
def _person_field() -> re.Pattern[str]:
    """A field naming the person in charge and its value (牵头市领导：曾庆林；), up to the next clause."""
    words = alternation(load_toml("labels.toml")["person_fields"])
    return re.compile(rf"[\u4e00-\u9fff]{{0,4}}(?:{words})[：:][^；;。（(]*")


def _without_person(m: re.Match[str]) -> str:
    """The bracket blanked out (commas of its length) when it names a person, not a body or a role."""
    who = m.group("who")
    if (who.endswith(body_endings()) or who[-1] in "道区县市镇乡村州旗盟" or who in _bracketed_roles()
            or not ("：" in m.group(0) or len(who) <= 3)):
        return m.group(0)  # (各乡镇（街道）: the jurisdictions of a collective)
    return "，" * len(m.group(0))


def _as_field(m: re.Match[str]) -> str:
    """【责任单位】 -> ，责任单位： (【责任单位】： -> ，责任单位：，; 责任单位】, its bracket the label's
    edge, -> 责任单位：): the same length."""
    out = ("，" if m.group()[0] in "【〔[" else "") + m.group(1) + "："
    return out + "，" * (len(m.group()) - len(out))


@lru_cache(maxsize=1)
def _next_field() -> re.Pattern[str]:
    """A clause mark, or a field that opens right after a body on the same line
    (牵头单位：省发展改革委 配合单位：省财政厅, its space gone in the compact label)."""
    return re.compile(rf"[，,；;。]|(?<=[^，,；;。：:（(【〔\[])(?=(?:{_field_words()})[：:])")


def _clauses(compact: str) -> list[tuple[int, str]]:
    """The clauses of a compact label with where each starts: split at clause marks and before a
    field that follows a body."""
    out, start = [], 0
    for m in _next_field().finditer(compact):
        if m.start() == m.end() and not re.search("[：:]", compact[start:m.start()]):
            continue  # a field's own words (牵头责任单位：, 试点指导单位：): no field before it here
        out.append((start, compact[start:m.start()]))
        start = m.end()
    out.append((start, compact[start:]))
    return out


@lru_cache(maxsize=1)
def _other_field() -> re.Pattern[str]:
    """A field of a label that names no body (完成时限：, 时间节点：; labels.toml ``other_fields``)."""
    return re.compile(rf"(?:{alternation(load_toml('labels.toml')['other_fields'])})[：:]")


def cell_bodies(s: str, a: int, b: int, role: str | None) -> list[LabelBody]:
    """The bodies a task table's responsibility cell ``s[a:b]`` lists, in its column's role (a
    verb inside the cell still says: 省财政厅牵头)."""
    where = [k for k in range(a, b) if not s[k].isspace()]
    compact = "".join(s[k] for k in where)
    out: list[LabelBody] = []
    at = 0
    for clause in _CLAUSE.split(compact):
        says = role_words().verbs.search(clause) or _FIELD.match(clause)  # 省财政厅牵头: its own role
        bodies = _clause_bodies(clause, at) if says else _items(clause, at, role)
        for body in bodies:
            body.start, body.end = where[body.start], where[body.end - 1] + 1
            out.append(body)
        at += len(clause) + 1
    return out


@lru_cache(maxsize=1)
def _bracketed_roles() -> dict[str, str]:
    """A role in brackets after a body (县住建局（牵头），县城管局…): that body's role, no body of its
    own — labels.toml's lead and support words and fields."""
    r = load_toml("labels.toml")["roles"]
    return ({w: "support" for w in r["support_verbs"] + r["support_fields"]}
            | {w: "lead" for w in r["lead_verbs"] + r["lead_fields"]})


def _items(clause: str, at: int, role: str | None) -> list[LabelBody]:
    out: list[LabelBody] = []
    for m in _ITEM.finditer(clause):
        bracketed = _bracketed_roles().get(m.group())
        if bracketed and out and clause[max(0, m.start() - 1):m.start()] in "（(":
            # A、B（共同牵头）: every body of the run the bracket closes; else the last one
            joint = m.group().startswith(("共同", "联合"))
            k = len(out) - 1
            while joint and k > 0 and "、" in clause[out[k - 1].end - at:out[k].start - at] \
                    and not re.search(r"[，,；;]", clause[out[k - 1].end - at:out[k].start - at]):
                k -= 1
            out[k:] = [LabelBody(b.name, bracketed, b.start, b.end) for b in out[k:]]
            continue
        whole = re.sub(r"等(?:单位|部门|机构|企业)?$", "", m.group())  # 国网…公司等单位: the body
        name = JURISDICTION.sub("", whole)
        if (2 <= len(name) <= 20 and whole not in GENERIC and not GENERIC_ENDING.search(whole)
                and not name.startswith(("等", "其他"))
                and not re.search(r"\d", name) and not NOT_BODY.search(name)
                and name not in _field_names()):  # 各责任单位按职责分工负责: the bodies above, no body
            cut = len(whole) - len(name)  # the span covers the name, not the dropped 市/省
            out.append(LabelBody(name, role, at + m.start() + cut, at + m.start() + len(whole)))
    return out


def _clause_bodies(clause: str, at: int) -> list[LabelBody]:
    words = role_words()
    if words.first_is_lead.search(clause):
        return []  # 列第一位者为牵头单位: how the labels read, no body
    field = _FIELD.match(clause)
    if field and field_role(field.group()):
        rest, role = clause[field.end():], field_role(field.group())
        says = words.verbs.search(rest)  # 责任单位：…省供销社按职责分工负责: the words left out
        if says:  # 责任单位：省发展改革委牵头: the verb says more than the field
            rest = rest[:says.start()]
            role = words.verb_role[says.group().removesuffix("工作")] if role == "responsible" else role
        return _items(rest, at + field.end(), role)
    if field:  # a field that gives no role (指导单位：): its bodies' verbs say (X牵头)
        return _clause_bodies(clause[field.end():], at + field.end())
    m = words.verbs.search(clause)
    if not m:
        return _items(clause, at, None)
    clause, role = clause[:m.start()], words.verb_role[m.group().removesuffix("工作")]
    co = words.co_actor.search(clause)
    if co:  # X会同Y负责: X leads, Y supports
        return (_items(clause[:co.start()], at, "lead")
                + _items(clause[co.end():], at + co.end(), "support"))
    return _items(clause, at, role)


def states_first_is_lead(text: str) -> bool:
    """Whether a notice says the first body of each label leads (列第一位者为牵头单位)."""
    return bool(role_words().first_is_lead.search(text))


def apply_first_is_lead(bodies: list[LabelBody], labels: list[tuple[int, int]]) -> None:
    """The first body of each label that names no lead is lead and the others support."""
    for a, b in labels:
        inside = [x for x in bodies if a <= x.start < b]
        if inside and not any(x.role in ("lead", "support") for x in inside):
            for k, body in enumerate(inside):
                body.role = "lead" if k == 0 else "support"
