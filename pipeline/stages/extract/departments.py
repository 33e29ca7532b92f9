"""Departments: the government bodies each task names as actors, with level and role.

A body the measure only addresses — asks, reports to, coordinates with (提请当地政府挂牌督办,
报请当地人民政府, 积极协调人力资源社会保障部门) — is the object of another's action, not an actor.

A body that only appears as the author of a cited document (``民政部等四部门《…》``,
``市政府办《…》``) or as the source of a requirement (``按照民政部要求``) is not an actor.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ...config import Config
from ...model import Department, Notice
from ...resources import load_toml
from ...text import TITLE, Gated, Overlaps, Spans, Suffixed, alternation, gated, leftmost, notice_compact, then
from ..outline import trailer_start
from ..outline.roles import has_label, label_spans
from ..outline.tables import find_rows
from .assignments import TaskNumbers
from .assignments import find as find_assignments
from .chains import open_chains
from .common import DOCNUM, ORDER_NUMBER
from .gazetteer import CLAUSE_START, Mention, division_kind, find_mentions, merged_kind, region_prefix, regions, tables
from .labels import JURISDICTION, cell_bodies, is_division, label_bodies, states_first_is_lead

# After a mention: it authored the cited document that follows.
AUTHOR_AFTER = re.compile(
    r"^(?:等[一二三四五六七八九十\d]+个?(?:部门|单位))?(?:联合)?(?:印发|下发|出台|制定|发布)?(?:的)?《"
    r"|^关于"  # "X关于…的通知": X is the author of a title (even one whose 《》 OCR lost)
)
# Around a mention: the mention is where a requirement came from, not who acts.
# 按照所在地市、县级人民政府…政策: a few words may stand between
# (依照法律、行政法规或者国务院规定: a list of sources before it)
SOURCE_BEFORE = re.compile(r"(?:按照|根据|依据|依照|遵照|结合|贯彻落实|贯彻)[^，。；]{0,14}$")
# An exception a rule leaves to a body (除国务院财政、税务主管部门另有规定外): who may rule otherwise,
# not who acts.
EXCEPTION_BEFORE = re.compile(r"除[^，。；;]{0,6}$")
EXCEPTION_AFTER = re.compile(r"^[^，。；;]{0,6}?另有规定")
# An addressee further back in its clause: 向…载明的公安机关交通管理部门申领, 转交给…公安机关,
# 书面告知核发地公安机关交通管理部门….
OBJECT_FAR = re.compile(r"(?:向|转交给|交给|转送|送达|告知|函告|抄告)[^，。；;、]{0,20}$")
# Right after a mention: a thing named after the body, not the body (大数据中心体系, 部重点实验室,
# 地方政府专项债券, 教育部前沿科学中心, 教育部科学事业费).
THING_AFTER = re.compile(r"^(?:体系|集群|项目|工程|平台|系统|网络|重点实验室|实验室|专项资金|专项债|债券|债务|资金|基金"
                         r"|产业投资基金|隐性债务|融资平台|前沿科学中心|工程研究中心|研究中心|科学事业费|事业费|经费"
                         r"|(?:官方|门户)?网站|官网|政务网|(?:微信)?公众号|客户端)")  # 在省人社厅网站公开: a place
# Right before a mention: it is the object of someone else's action (asked, reported to, whose
# approval is obtained: 获得国家药品监督管理局备案认可, 获区科技行政主管部门认定), its level between them
# (并报本级人民政府).
OBJECT_BEFORE = re.compile(
    r"(?:提请|报请|商请|请求|协调|报送|报告|提交|呈报|上报|移送|移交|送交|抄送|报经|经|报|向|获得|取得|获"
    r"|组建|筹建"  # 加快组建省级评定委员会: a body to be built
    r"|约谈)"  # 约谈下级人民政府主要负责人: the body whose head is summoned
    r"(?:本级|同级|上级|上一级|下级|省级|市级|县级)?$")
# Right after a mention: an official of the body (人民银行行长), or the body's departments in
# general (国务院有关部门, 国务院各部门): a person or a generic group, not the body acting.
MEMBER_AFTER = re.compile(r"^(?:副?(?:行长|局长|部长|厅长|主任|书记|主席|总理|秘书长|市长|省长|署长|司令员|部长助理)"
                          r"|(?:主要)?负责人(?!员)"
                          r"|领导|组成人员|工作人员|名义|(?:有关|相关|各|组成)?部门)")
# Right after a coordinated run: it only owns what follows (省级政府的咨询答问库, 部门的工作人员), or
# whose rule or act names it (工业和信息化部规定的进网许可标志, 国务院确定的其他城市, 国家统计局公布的数据),
# or it names a place (税务机关所在城市).
POSSESSIVE_AFTER = re.compile(r"^(?:(?:有关|相关|各)?部门)?的"
                              r"|^(?:规定|确定|公布|发布|认定|批准|指定|核定|审定|颁布|认可|许可|立项|备案|授予)的"
                              r"|^所在(?:地|城市|省|市|县|区)")
SOURCE_AFTER = re.compile(
    r"^[^，。；]{0,16}?(?:要求|部署|精神|规定|文件|方案|意见|通知|办法|标准|督导|安排|政策)")
# Who interprets the document (本措施由南沙开发区党工委组织部负责解释): a clause that frames it, no actor
# of its measures.
INTERPRETS_AFTER = re.compile(r"^(?:负责|有权)?(?:对本\w{1,4})?解释")
GROUP_GAP = re.compile(r"(?:、|和|及|与|以及|，)?")
# 牵头单位：/主责部门： name who leads; 责任单位：/实施部门： only who is responsible (role null).
LEAD_LABEL = re.compile(r"(?:牵头|主责|负责)(?:部门|单位)[:：]?$")
LEAD_AFTER = re.compile(r"^(?:要)?(?:牵头|主责)")
RESPONSIBLE_AFTER = re.compile(r"^(?:要)?负责")
CO_ACTOR_BEFORE = re.compile(r"会同$")
SUPPORT_AFTER = re.compile(r"^(?:要)?(?:积极|密切|主动)?(?:配合|协助|参与|协同)")


def _groups(s: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """For each mention, (start, end) of the coordinated run it belongs to: 民政部、财政部和应急管理部.

    Mentions come sorted by start, so one pass merges neighbours joined by a separator only.
    """
    runs: list[list[int]] = []  # [start, end] per run
    owner: list[int] = []
    for m in mentions:
        if runs and (m.chain_start < runs[-1][1] or (
                runs[-1][1] <= m.chain_start and GROUP_GAP.fullmatch(s[runs[-1][1]:m.chain_start]))):
            runs[-1][1] = max(runs[-1][1], m.chain_end)
        else:
            runs.append([m.chain_start, m.chain_end])
        owner.append(len(runs) - 1)
    return [(runs[k][0], runs[k][1]) for k in owner]


def _excluded(s: str, m: Mention, group: tuple[int, int], masks: Spans) -> bool:
    if not masks.free(m.start, m.start + 1):
        return True
    if OBJECT_BEFORE.search(s[max(0, group[0] - 6):group[0]]):
        return True
    if OBJECT_FAR.search(s[max(0, group[0] - 24):group[0]]):
        return True
    if THING_AFTER.match(s[m.chain_end:m.chain_end + 6]):
        return True
    after = s[group[1]:group[1] + 16]
    if AUTHOR_AFTER.match(after) or POSSESSIVE_AFTER.match(after):
        return True
    if MEMBER_AFTER.match(s[m.chain_end:m.chain_end + 6]):
        return True
    if EXCEPTION_BEFORE.search(s[max(0, group[0] - 8):group[0]]) and EXCEPTION_AFTER.match(after):
        return True
    if INTERPRETS_AFTER.match(after):
        return True
    return bool(SOURCE_BEFORE.search(s[max(0, group[0] - 18):group[0]])
                and SOURCE_AFTER.match(after))


ROLE_WINDOW = 120  # how far back a responsibility label may stand before its bodies


def _role(s: str, m: Mention, group: tuple[int, int]) -> str | None:
    """lead / support / None: from a label before the mention (牵头单位：…) or the verb after the
    whole coordinated run it belongs to (（A、B牵头，C、D配合）: A and B lead, C and D support)."""
    floor = max(0, m.chain_start - ROLE_WINDOW)  # bounded: a long line costs linear time
    clause_start = max(max(s.rfind(p, floor, m.chain_start) for p in "。；;（(【"), floor - 1)
    label_zone = s[clause_start + 1:m.chain_start]
    if re.search(r"(?:配合|协助|参与)(?:部门|单位)[:：]", label_zone):
        return "support"
    if LEAD_LABEL.search(label_zone) or re.search(r"(?:牵头|主责)(?:部门|单位)[:：]", label_zone):
        return "lead"
    after = s[max(m.chain_end, group[1]):max(m.chain_end, group[1]) + 8]
    if LEAD_AFTER.match(after):
        return "lead"
    if SUPPORT_AFTER.match(after):
        return "support"
    if RESPONSIBLE_AFTER.match(after):
        return "responsible"
    if CO_ACTOR_BEFORE.search(s[max(0, group[0] - 2):group[0]]):
        return "support"  # 由省发展改革委牵头，会同省能源局…: who the lead works with
    return None


# 省人民政府大数据工作主管部门（以下简称省级主管部门）: the short name stands for the body after.
DEFINITION = re.compile(r"[（(](?:以下|下)(?P<how>简称|统称)[“\"‘]?(?P<short>[^”\"’）)，,]{2,12})[”\"’]?[）)]")


def _owned(mentions: list[Mention]) -> set[int]:
    """Governments that only own the body named right after them (省人民政府大数据工作主管部门,
    县级以上人民政府民政部门): the body acts, not the government."""
    return {k for k, (m, n) in enumerate(pairwise(mentions))
            if m.kind == "人民政府" and n.chain_start == m.chain_end}


# A body the gazetteer does not know, named in full and given a short name: 共同组成青岛市智能网联汽车
# 道路测试与示范应用联席工作小组（以下简称联席工作小组）; its name may hold a year (组建2008年…协调委员会).
# (A company so defined is mostly a regulated party, 太原钢铁（集团）有限公司（以下简称太钢）: none.)
_DEFINES = r"(?:以下|下)简称"
DEFINED_BODY = Suffixed(re.compile(
    r"(?P<full>[\u4e00-\u9fff0-9]{2,30}?(?:小组|工作组|委员会|联席会议|办公室|中心|专班|指挥部))"
    rf"[（(]{_DEFINES}[“\"‘]?(?P<short>[^”\"’）)，,]{{2,12}})[”\"’]?[）)]"),
    ["（", "("], _DEFINES, shortest=4, longest=34)  # found from its （以下简称: the name is 4-34 long
_ORGAN_LEAD = re.compile(r"^(?:.*?(?:组成|组建|成立|设立|建立|设置|由|的|为)"
                         r"|第[〇零一二三四五六七八九十百千\d]+[条章节款]"  # 第三条 before the name
                         r"|.*?\d+[日时]前?(?:报送|报|送|交|向)"  # 于4月25日前报市专班
                         r"|.*?(?:报送|上报|报请|送交|提交)(?:至|到|给)?"
                         r"|.*?(?<!面)向)")  # …每日下午5时前向市防指办公室


LEAD_AGAIN = re.compile(r"^(?:由|向|经|请)")  # a lead word left after the lead's first stop


DEFINED_NAME_MIN = 4
JOINED_BEFORE = re.compile(r"^(?:以及|和|及|与)")  # …（以下简称“省调度机构”）和省电力交易中心（以下简称…）


def defined_bodies(s: str, taken: Spans) -> list[Mention]:
    """Every use of a body the notice defines itself (其他:<full name>), the definition included."""
    out: list[Mention] = []
    if "简称" not in s:  # no definition (the pattern's lazy name would be tried at every character)
        return out
    for d in DEFINED_BODY.finditer(s):
        # (…标的由广西电力交易中心（以下简称交易中心）: the first lead word was a 的 before the 由)
        written = _from_place(JOINED_BEFORE.sub("", LEAD_AGAIN.sub("", _ORGAN_LEAD.sub("", d.group("full")))))
        _, of, tail = written.rpartition("的")  # …领导为成员的高层建筑…协调小组: the name after its last 的
        written = tail if of and len(tail) >= DEFINED_NAME_MIN else written
        a = d.end("full") - len(written)
        if len(written) < 3 or not taken.free(a, d.end("full")):
            continue
        kind = f"其他:{_without_place(written)}"
        out.append(Mention(kind, written, written, a, d.end("full"), "", a, d.end("full"), None))
        for use in re.finditer(re.escape(d.group("short")), s):
            if use.start() >= d.end():
                out.append(Mention(kind, d.group("short"), d.group("short"), use.start(), use.end(),
                                   "", use.start(), use.end(), None))
    return out


@lru_cache(maxsize=1)
def _places() -> re.Pattern[str]:
    """The names of the provinces and cities of regions.toml, full and short."""
    r = regions()
    return re.compile(alternation([*r["provinces"], *r["short"], *r["city_province"], *r["city_short"]]))


def _from_place(name: str) -> str:
    """A defined body's name from the place that opens it, when words stand before the place
    (进一步规范温州市防汛防台抗旱指挥部 -> 温州市防汛防台抗旱指挥部)."""
    place = _places().search(name, 1)
    if place and len(name) - place.start() >= 4 and _measure_words().search(name, 0, place.start()):
        return name[place.start():]
    return name  # (2008年北京奥运会…协调委员会: the year is the name's)


@lru_cache(maxsize=1)
def _measure_words() -> re.Pattern[str]:
    return re.compile(alternation(load_toml("departments.toml")["measure_words"]))


@lru_cache(maxsize=1)
def _prose_body() -> list[Gated]:
    """A body the gazetteer does not know, written as bodies are listed (departments.toml
    ``[prose_bodies]``): 由市城市管理执法委牵头, 市城管执法委、市发展改革委按职责分工负责. Two patterns,
    run as their alternation would (``leftmost``), each gated by the words its ending and the
    word after it make (both open with lookbehinds, tried at every character)."""
    r = load_toml("departments.toml")["prose_bodies"]
    verbs = [w for w in r["after"] if w != "、"]  # a division alone acts by a verb (not 新工科、新文科)
    return [
        gated(rf"(?P<name>(?:(?<=[由，,；;。（(、])|^)(?:{alternation(r['jurisdictions'])})"
              rf"[\u4e00-\u9fff]{{2,10}}?(?:{alternation(r['organ_endings'])}))(?=(?:{alternation(r['after'])}))",
              *then(r["organ_endings"], r["after"])),
        # a division opens its sentence (not an item of a label's list: 执法稽查处、…处按职责)
        gated(rf"(?P<name>{CLAUSE_START}[\u4e00-\u9fff]{{2,8}}?(?:{alternation(r['division_endings'])}))"
              rf"(?=(?:{alternation(verbs)}))", *then(r["division_endings"], verbs)),
    ]


@lru_cache(maxsize=1)
def _prose_body_not() -> tuple[str, ...]:
    return tuple(load_toml("departments.toml")["prose_bodies"]["not_in_name"])


def _no_division(name: str) -> bool:
    """A clause opening with words before a division's name (全面加强社会事业处负责的…, 由于应急管理处
    负责…): a measure's verb or a function word in it, so no division opens the clause."""
    endings = tuple(load_toml("departments.toml")["prose_bodies"]["division_endings"])
    return name.endswith(endings) and bool(_measure_words().search(name) or NOT_IN_DIVISION.search(name))


NOT_IN_DIVISION = re.compile(r"[由于对在将把被的]")


@lru_cache(maxsize=1)
def _company() -> Gated:
    r = load_toml("departments.toml")["prose_bodies"]
    name = rf"[^\W\d_与和、]{{2,16}}?(?:{alternation(r['company_endings'])})"
    return gated(rf"{CLAUSE_START}(?P<run>{name}(?:[、与和]{name})*)(?=(?:{alternation(r['company_after'])}))",
                 *r["company_endings"])


def prose_companies(s: str, taken: Spans) -> list[Mention]:
    """A company or market institution that a place or a group names, acting at its clause's start
    (国网河北省电力公司要…, 宁夏电力交易中心负责…): 其他:<name without its place>; a class of companies
    (电网公司, 售电公司) names none (departments.toml ``[prose_bodies]`` ``company_endings``)."""
    groups = tuple(load_toml("departments.toml")["prose_bodies"]["company_groups"])
    out: list[Mention] = []
    for m in _company().finditer(s):
        a = m.start("run")
        for name in re.split(r"[、与和]", m.group("run")):  # 国网山东省电力公司、山东电力交易中心要…: each
            b = a + len(name)
            if (taken.free(a, b) and not any(w in name for w in _prose_body_not())
                    and (name.startswith(groups) or _places().match(name))):
                bare = _without_city(name, always=True)
                out.append(Mention(f"其他:{bare}", name, name, a, b, "", a, b, None))
            a = b + 1
    return out


def prose_bodies(s: str, taken: Spans) -> list[Mention]:
    """Bodies named as ``_prose_body`` reads them where no mention has taken the place:
    其他:<name without its jurisdiction>."""
    out: list[Mention] = []
    for _, m in leftmost([gate.pattern for gate in _prose_body() if gate.possible(s)], s):
        a, b = m.span("name")
        name = m.group("name")
        if not taken.free(a, b) or any(w in name for w in _prose_body_not()) or _no_division(name):
            continue
        bare = _without_place(name)
        kind = division_kind(bare) or merged_kind(bare) or f"其他:{bare}"  # 应急管理处 -> 应急管理
        out.append(Mention(kind, name, name, a, b, "", a, b, None))
    return out


# A regulation's definition of a term for bodies: 本规范所称省、市级政府相关主管部门，包括…工业和信息化主管
# 部门、公安机关交通管理部门和交通运输主管部门。 Each later use of the term names those bodies.
TERM_DEFINITION = re.compile(
    r"本(?:办法|细则|规定|规范|条例|规则|指南|准则|方案|意见)(?:中)?所称(?:的)?"
    r"(?P<term>[^，,。；;“”\"]{2,30}?)[，,]?(?:是指|包括|指)(?P<bodies>[^。；;]{2,300})")


@lru_cache(maxsize=1)
def _term_body_endings() -> tuple[str, ...]:
    return tuple(load_toml("departments.toml")["term_body_endings"])


def defined_terms(s: str, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The mentions left once the uses of a defined term are read as the bodies its definition
    names (a 政府 inside 省、市级政府相关主管部门 is then no 人民政府), and the mentions of those uses."""
    uses: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for d in TERM_DEFINITION.finditer(s):
        named = [m for m in mentions if d.start("bodies") <= m.start < d.end("bodies")]
        if not named:
            continue
        term = d.group("term")
        if not term.endswith(_term_body_endings()):
            continue  # 本办法所称专项资金，是指市级财政预算安排的资金: a thing, not bodies
        levels: dict[str, str | None] = {}  # each kind named, with the level of its first mention
        for m in named:
            levels.setdefault(m.kind, m.level)
        for use in re.finditer(re.escape(term), s):
            a, b = use.span()
            covered.append((a, b))
            if a == d.start("term"):
                continue  # the definition itself
            uses.extend(Mention(kind, term, term, a, b, "", a, b, level) for kind, level in levels.items())
    if not covered:
        return mentions, []
    taken = Spans(covered)
    return [m for m in mentions if taken.free(m.chain_start, m.chain_end)], uses


SHORT_PLACE_REST = 4  # characters a body's name holds after a province named short


def _without_short_province(name: str) -> str:
    """A province named short before a body of its own left out (四川电力负荷管理中心, 贵州电力交易中心:
    the place is the level, not the kind)."""
    place = region_prefix(name)
    if (place and place in regions()["short"] and len(name) - len(place) >= SHORT_PLACE_REST
            and name.endswith(PROVINCE_BODY_ENDINGS)):  # (北京工业大学: a name of its own)
        return name[len(place):]
    return name


PROVINCE_BODY_ENDINGS = ("中心", "委员会", "办公室")


def _without_place(name: str) -> str:
    """The name without the jurisdiction in front (青岛市智能网联汽车…小组 -> 智能网联汽车…小组), so the
    kind compares across regions; a zone's own name stays (济南高新区管委会)."""
    level = JURISDICTION.match(name)  # 市级各专委会办公室: a level's words, not a place named 市
    if level and level.group().endswith(("级", "各")):
        return name[level.end():] or name
    place = region_prefix(name)
    if place and place.endswith(("省", "市", "自治区", "州", "县", "区")):
        name = name[len(place):]
    name = _without_short_province(name)
    return _without_organ(JURISDICTION.sub("", name)) or name


def _without_organ(name: str) -> str:
    """The name without the organ it belongs to (departments.toml ``[organs]``): a party organ
    (党工委党群工作部 -> 党群工作部: 区党工委's), or the bureau the notice calls 市局 (局特种设备安全监察处 ->
    特种设备安全监察处)."""
    spec = load_toml("departments.toml")["organs"]
    organ = JURISDICTION.match(name)
    if organ and organ.group() in spec["party"] and len(name) - organ.end() >= 2:
        return name[organ.end():]
    bureau = name[:1] in spec["issuing_bureau"] and len(name) - 1 >= spec["division_min"]
    return name[1:] if bureau else name


@lru_cache(maxsize=1)
def _branch_endings() -> tuple[str, ...]:
    return tuple(load_toml("departments.toml")["branch_endings"])


def _without_city(name: str, always: bool = False) -> str:
    """A label's company or branch named after its city without it (departments.toml
    ``branch_endings``), so the kind compares across regions (株洲供电公司 -> 供电公司, 广州、深圳边检总站 ->
    边检总站); ``always``: whatever it ends in (宁夏电力交易中心 -> 电力交易中心). The name as written stays
    the name."""
    if not always and not name.endswith(_branch_endings()):
        return name
    rest = name
    while (m := _places().match(rest)) and len(rest) - m.end() >= 3:
        rest = rest[m.end():].lstrip("、")
        rest = rest[1:] if rest[:1] in "市省" and len(rest) > 4 else rest
    return rest if len(rest) >= 3 else name


def _defined(s: str, mentions: list[Mention]) -> list[Mention]:
    """Later uses of the short names a notice defines for its bodies (以下简称省级主管部门)."""
    out: list[Mention] = []
    taken = Spans((m.chain_start, m.chain_end) for m in mentions)
    for k, m in enumerate(mentions):
        d = DEFINITION.match(s, m.chain_end)
        if not d or m.kind == "人民政府":
            continue
        short = d.group("short")
        group = [m]  # 市交通委、区交通行政管理部门（以下统称“管理部门”）: every body listed before it
        while d.group("how") == "统称" and k - len(group) >= 0 and LISTED.fullmatch(
                s, mentions[k - len(group)].chain_end, group[0].chain_start):
            group.insert(0, mentions[k - len(group)])
        kinds = {x.kind: x.level for x in group if x.kind != "人民政府"}
        for use in re.finditer(re.escape(short), s):
            a, b = use.span()
            if a < d.end() or not taken.free(a, b):
                continue
            out.extend(Mention(kind, short, short, a, b, "", a, b, _level_of(short) or level)
                       for kind, level in kinds.items())
            taken.add(a, b)
    return out


LISTED = re.compile(r"[、，,和及与]|以及")  # between two bodies of one list


def _level_of(name: str) -> str | None:
    return next((level for word, level in (("省级", "省"), ("市级", "市"), ("县级", "县"),
                                           ("各级", "各级")) if name.startswith(word)), None)


@lru_cache(maxsize=1)
def _collectives() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_toml("departments.toml")["collectives"]
    verbs = "|".join(sorted(map(re.escape, data["actor_verbs"]), key=len, reverse=True))
    urging = "|".join(sorted(map(re.escape, data["urging_verbs"]), key=len, reverse=True))
    when = alternation(data["time_words"])
    not_after = re.escape("".join(data["urging_not_after"]))
    return (re.compile(data["pattern"]), re.compile(rf"(?:{when})?(?:{verbs})"),
            re.compile(rf"(?<![{not_after}])(?:{urging})$"))


@lru_cache(maxsize=1)
def _city_list() -> re.Pattern[str]:
    """济南、青岛等市: the gazetteer's cities (short or full names) in a list closed by 等市."""
    reg = regions()
    city = alternation([*reg["city_short"], *reg["city_province"]])
    return re.compile(rf"(?:{city})(?:、(?:{city}))+等市(?!场)")


def _city_lists(s: str) -> list[re.Match[str]]:
    return list(_city_list().finditer(s)) if "等市" in s else []


JOINED_BODIES = re.compile(r"(?:和|及|与|、)(?:各有关|各相关|有关|相关|各)?(?:部委|部门|单位)")


def collective_mentions(s: str, labelled: list[tuple[int, int]], bodies: Spans) -> list[Mention]:
    """Jurisdictions named as a whole (各市、县（市、区）要…; 各区市 in a label; 鼓励各市…; 济南、
    青岛等市): their governments; not where a body of theirs follows (请各省（区、市）粮食行政管理部门
    …, 请各省局…: ``bodies`` are the mentions' places)."""
    pattern, verbs, urging = _collectives()
    out = []
    for m in sorted([*pattern.finditer(s), *_city_lists(s)], key=lambda m: m.start()):
        a, b = m.span()
        if not s.startswith(("人民政府", "政府"), b) and (
                tables().suffix_re.match(s, b) or (s[b:b + 1] not in "、，,和及与" and not bodies.free(b, b + 2))):
            continue  # the places' own bodies (各省辖市农业农村局: one word between), not their governments
        in_label = any(x <= a < y for x, y in labelled)
        joined = JOINED_BODIES.match(s, b)  # 各有关省（市）和部委要…: acting with other bodies
        if (in_label or verbs.match(s, joined.end() if joined else b)
                or urging.search(s[max(0, a - 3):a])):
            word = m.group()
            level = "省" if "省" in word[:4] else "市" if "市" in word[:3] else "县"
            out.append(Mention("人民政府", word, word, a, b, "", a, b, level))
    return out


def departments_in(s: str) -> list[tuple[Mention, str | None]]:
    """Actor mentions in a compact string, with role; titles and doc numbers masked out."""
    masks = Spans([m.span() for m in TITLE.finditer(s)] + [m.span() for m in DOCNUM.finditer(s)]
                  + [m.span() for m in ORDER_NUMBER.finditer(s)])
    found = find_mentions(s)
    owned = _owned(found)
    for k in owned:  # the owned body is at the owner's level (省人民政府大数据工作主管部门: 省)
        if found[k + 1].level is None:
            found[k + 1] = replace(found[k + 1], level=found[k].level)
    mentions, uses = defined_terms(s, [m for k, m in enumerate(found) if k not in owned])
    mentions += uses
    taken = Spans((m.chain_start, m.chain_end) for m in mentions)
    extra = _defined(s, mentions) + [c for c in collective_mentions(s, label_spans(s), taken)
                                     if taken.free(c.start, c.end)]
    extra += defined_bodies(s, taken) + open_chains(s, taken)
    taken = Spans([(m.chain_start, m.chain_end) for m in mentions + extra])
    extra += prose_bodies(s, taken)
    taken = Spans([(m.chain_start, m.chain_end) for m in mentions + extra])
    extra += prose_companies(s, taken)
    mentions = sorted(mentions + extra, key=lambda m: m.start)
    out = []
    for m, group in zip(mentions, _groups(s, mentions), strict=True):
        if not _excluded(s, m, group, masks):
            out.append((m, _role(s, m, group)))
    return out


def run(notice: Notice, cfg: Config) -> Notice:
    compact = notice_compact(notice)
    found = departments_in(compact.s)  # once per notice; each task takes the mentions inside it
    first_is_lead = states_first_is_lead(compact.s)
    trailer = compact.index(trailer_start(notice.text))  # the signature block names no actor
    starts = [m.start for m, _ in found]  # in order: a task reads only the mentions inside it
    rows = {row.start: row.roles for row in find_rows(notice.text)}
    speakers = _Speakers(notice)
    assigned = _assigned(compact, notice.tasks, found)
    for index, owners in _heading_owners(notice, compact, found).items():
        assigned.setdefault(index, owners)
    for index, task in enumerate(notice.tasks):
        i, j = compact.slice(*task.span)
        j = min(j, max(trailer, i))
        inside = found[bisect_left(starts, i):bisect_left(starts, j)]
        # the label grammar reads the roles of every body a label lists (the gazetteer's or not)
        text = notice.text[task.span[0]:task.span[1]]
        cells = rows.get(task.span[0])  # a task table's row: its responsibility cells are labels
        if cells is not None:  # (those inside the task: a closing block may have cut its end; a
            # cell merged down from a row above stands before it)
            cells = [(a, b, role) for a, b, role in cells if b <= task.span[1]]
            spans = [(a - task.span[0], b - task.span[0]) for a, b, _ in cells]
            bodies = []
            for a, b, role in cells:
                for body in cell_bodies(notice.text, a, b, role):
                    body.start, body.end = body.start - task.span[0], body.end - task.span[0]
                    bodies.append(body)
            above = [compact.slice(a, b) for a, b, _ in cells if a < task.span[0]]
            if above:  # the gazetteer's mentions in a merged cell count as the task's own
                inside = inside + [(m, r) for m, r in found if any(x <= m.start < y for x, y in above)]
        else:
            spans = label_spans(text)  # once per task: the labels' places and their bodies
            bodies = label_bodies(text, first_is_lead=first_is_lead, spans=spans)
        if not bodies and index in assigned:  # 上述第1项由市商务局牵头负责: the clause is its label
            inside = assigned[index]
        labelled = []
        for body in bodies:
            a, b = compact.slice(task.span[0] + body.start, task.span[0] + body.end)
            labelled.append((a, b, body))
        labels = [compact.slice(task.span[0] + a, task.span[0] + b) for a, b in spans]
        by_kind: dict[str, Department] = {}
        inside = _own_bodies(inside, labelled, labels)
        role_at = _RoleAt(labelled)
        for mention, role in inside:
            if labelled and not any(a <= mention.start < b for a, b in labels):
                continue  # a labelled task's departments are its labels' bodies, not its prose's
            role = role_at(mention.start, role)
            if mention.kind in by_kind:
                by_kind[mention.kind].role = _stronger(by_kind[mention.kind].role, role)
                continue
            by_kind[mention.kind] = Department(
                kind=mention.kind, name=mention.name, level=mention.level,  # type: ignore[arg-type]
                role=role, span=compact.span(mention.start, mention.end))  # type: ignore[arg-type]
        named = Overlaps((m.chain_start, m.chain_end) for m, _ in inside)
        organs = [m.chain_end for m, _ in inside if any(a <= m.start < b for a, b in labels)]
        listed = _listed_jurisdictions(labelled, compact.s)
        for k, (a, b, body) in enumerate(labelled):
            bare = GOVERNMENT_SUFFIX.sub("", body.name)  # 各市（州）人民政府: the collective's government
            collective = (_collectives()[0].fullmatch(bare) or TOWNSHIP.fullmatch(bare)
                          or _named_jurisdiction(bare) or k in listed)
            kind = ("人民政府" if collective else division_kind(_without_place(body.name))
                    or merged_kind(_without_place(body.name))
                    or f"其他:{_without_short_province(_without_city(_without_organ(body.name)))}")
            if kind in by_kind or named.any_with(a, b):
                continue  # the gazetteer named it already
            if is_division(body.name) and any(e <= a for e in organs):
                continue  # 交通运输部运输服务司牵头，科技司配合: a division of the organ named before it
            by_kind[kind] = Department(kind=kind, name=body.name, level=None,
                                       role=body.role,  # type: ignore[arg-type]
                                       span=compact.span(a, b))
        selves = [] if labelled or index in assigned else (_self_references(compact, i, j, speakers)
                                                          + _handling_agencies(compact, i, j, speakers))
        for kind, department in selves:
            by_kind.setdefault(kind, department)
        task.departments = list(by_kind.values())
        if selves:  # in the order the text names them
            task.departments.sort(key=lambda d: d.span[0])
    _carry_below(notice)
    return notice


BELOW = re.compile(r"[，,；;]\s*下同\s*[）)]")  # a label's last note: what it says holds below too


def _carry_below(notice: Notice) -> None:
    """A label whose last clause ends 下同 (…，各区市场监管局、机场分局为实施单位，下同）) says its bodies of
    that clause hold for the tasks below it too: each later task of the same part takes those it
    does not name (docs/task-rules.md, "thirty-fourth session")."""
    carried: list[Department] = []
    part = None
    for task in notice.tasks:
        top = task.id.split(".", 1)[0]
        if top != part:
            carried, part = [], top
        own = {d.kind for d in task.departments}
        task.departments.extend(d.model_copy() for d in carried if d.kind not in own)
        text = notice.text[task.span[0]:task.span[1]]
        for note in BELOW.finditer(text):
            bracket = max(text.rfind("（", 0, note.start()), text.rfind("(", 0, note.start()))
            if bracket < 0 or not has_label(text[bracket:note.end()]):
                continue  # （含大鹏新区管委会，下同）: what a name takes in below, no label
            at = task.span[0] + note.start()
            opens = max(text.rfind(c, 0, note.start()) for c in "，,；;：:。（(") + task.span[0]
            carried = [d for d in task.departments if opens < d.span[0] and d.span[1] <= at]


@lru_cache(maxsize=1)
def _jurisdiction_names() -> tuple[re.Pattern[str], tuple[str, ...]]:
    r = load_toml("departments.toml")["named_jurisdictions"]
    return re.compile(rf"[\u4e00-\u9fff]{{1,6}}(?:{alternation(r['endings'])})"), tuple(r["not_endings"])


def _listed_jurisdictions(labelled: list[tuple[int, int, Any]], s: str) -> set[int]:
    """The bodies of a label's run of districts named one by one before their 政府 (浦东新区、宝山区、
    嘉定区政府): each is named like a jurisdiction (its ending, whatever else it ends like: 新区,
    山区), and the run, its items joined by 、, ends with a government."""
    pattern = _jurisdiction_names()[0]
    out: set[int] = set()
    run: list[int] = []
    for k, (a, _, body) in enumerate(labelled):
        if run and (labelled[run[-1]][1] != a - 1 or s[a - 1] != "、"):
            run = []  # not the next item of the same list
        if not pattern.fullmatch(GOVERNMENT_SUFFIX.sub("", body.name)):
            run = []
            continue
        run.append(k)
        if GOVERNMENT_SUFFIX.search(body.name) and len(run) > 1:
            out.update(run)
    return out


def _named_jurisdiction(name: str) -> bool:
    """A district, county or city named alone (麒麟区): its government (departments.toml
    ``[named_jurisdictions]``); not a zone nor a kind of area (高新区, 城区)."""
    pattern, not_endings = _jurisdiction_names()
    return bool(pattern.fullmatch(name)) and not name.endswith(not_endings)


def _heading_owners(notice: Notice, compact: Any, found: list[tuple[Mention, str | None]]
                    ) -> dict[int, list[tuple[Mention, str | None]]]:
    """The bodies a task's parent unit is headed by when its heading names bodies and nothing else
    (（一）市发展改革委：1.牵头编制…；2.统筹谋划…): each of its tasks carries them out."""
    units: dict[str, Any] = {}
    stack = list(notice.outline)
    while stack:
        unit = stack.pop()
        units[unit.id] = unit
        stack.extend(unit.children)
    starts = [m.start for m, _ in found]
    out: dict[int, list[tuple[Mention, str | None]]] = {}
    for index, task in enumerate(notice.tasks):
        parent = units.get(task.id.rsplit(".", 1)[0]) if "." in task.id else None
        if parent is None or not parent.heading_span[1] > parent.heading_span[0]:
            continue
        a, b = compact.slice(*parent.heading_span)
        colon = re.search(r"[：:]", compact.s[a:b])
        b = a + colon.start() if colon else b  # （六）市财政局、市委金融办：1.设立…: the bodies before it
        named = [(m, role) for m, role in found[bisect_left(starts, a):bisect_left(starts, b)]
                 if m.chain_end <= b]
        if not named:
            continue
        rest, at = [], a
        for m, _ in named:
            rest.append(compact.s[at:max(at, m.chain_start)])
            at = max(at, m.chain_end)
        rest.append(compact.s[at:b])
        if all(_owner_rest(piece) for piece in rest):
            out[index] = [(m, role or "responsible") for m, role in named]
    return out


def _owner_rest(piece: str) -> bool:
    """Whether what stands between the bodies of a heading is separators, a level (市委 of 市委金融办)
    or a place (芜湖 of 芜湖经开区管委会) only."""
    words = piece.strip("、，,和及与：: \t")
    return (not words or bool(JURISDICTION.fullmatch(words))
            or any(region_prefix(words + end) == words + end for end in "市县区"))


def _assigned(compact: Any, tasks: list[Any], found: list[tuple[Mention, str | None]]
              ) -> dict[int, list[tuple[Mention, str | None]]]:
    """The bodies each task is given by number in a clause outside every task (``assignments``),
    with their roles as a label gives them: X会同Y负责 → X leads, Y supports; a body with no role
    word is responsible."""
    spans = sorted(compact.slice(*t.span) for t in tasks)
    starts = [m.start for m, _ in found]
    out: dict[int, list[tuple[Mention, str | None]]] = {}
    numbers = TaskNumbers(tasks)
    for clause in find_assignments(compact.s):
        k = bisect_right(spans, (clause.start, len(compact.s))) - 1
        if k >= 0 and clause.start < spans[k][1]:
            continue  # inside a task: its own words, not a list's responsibilities
        co = compact.s.find("会同", clause.start, clause.end)
        bodies = []
        for m, role in found[bisect_left(starts, clause.start):bisect_left(starts, clause.end)]:
            if co >= 0 and role in (None, "responsible"):
                role = "lead" if m.start < co else "support"
            bodies.append((m, role or "responsible"))
        if not bodies:
            continue
        for ref in clause.refs:
            for index in numbers.named(ref):
                out.setdefault(index, []).extend(bodies)
    return out


GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|政府)$")
# A township or subdistrict a label names (湖镇镇、溪口镇，罗家乡、龙洲街道): its government.
TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{1,8}(?:镇|乡|街道)")


# The issuer speaking of itself as an actor (我厅将会同…, 本局负责…, 我委牵头): its own body.
SELF_REFERENCE = re.compile(r"(?:我|本)(?P<organ>厅|局|委|办|部|署|院)"
                            r"(?=将|要|会同|牵头|负责|联合|继续|积极|进一步|还将|正|同)")


_ORGAN_ENDINGS = {"办": ("办", "办公室"), "委": ("委", "委员会")}


class _Speakers:
    """The bodies a notice may speak as (its issuers, the authors its title forwards), read once
    per notice and only when a task says 我厅/本局."""

    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        self._named: list[tuple[str, str]] | None = None

    def named(self) -> list[tuple[str, str]]:
        if self._named is None:
            doc = self.notice.doc
            self._named = [(b.name, b.kind) for b in doc.issuer_bodies if b.kind]
            self._named += [(m.name, m.kind) for m in find_mentions(doc.title or "")]  # (its authors)
        return self._named


def _role_after(s: str, end: int) -> str | None:
    """The role the words right after a body give it (牵头 lead, 负责 responsible), else None."""
    after = s[end:end + 8]
    return "lead" if LEAD_AFTER.match(after) else "responsible" if RESPONSIBLE_AFTER.match(after) else None


def _self_references(compact: Any, i: int, j: int, speakers: _Speakers) -> list[tuple[str, Department]]:
    """The departments a task names as 我厅/本局…: the issuer, or the author of the document it
    forwards (国务院办公厅转发中国地震局…: 我局 is the 地震局), whose name ends in that organ word."""
    out: list[tuple[str, Department]] = []
    for m in SELF_REFERENCE.finditer(compact.s, i, j):
        endings = _ORGAN_ENDINGS.get(m.group("organ"), (m.group("organ"),))
        kind = next((k for name, k in speakers.named() if name.endswith(endings)), None)
        if kind is None:
            continue  # no body of that organ issues or is forwarded: not guessed
        role = _role_after(compact.s, m.end())
        out.append((kind, Department(kind=kind, name=m.group(), level=None,  # type: ignore[arg-type]
                                     role=role, span=compact.span(m.start(), m.end()))))  # type: ignore[arg-type]
    return out


@lru_cache(maxsize=1)
def _handling() -> tuple[str, tuple[str, ...]]:
    spec = load_toml("departments.toml")["handling_agencies"]
    return spec["word"], tuple(spec["kinds"])


def _handling_agencies(compact: Any, i: int, j: int, speakers: _Speakers) -> list[tuple[str, Department]]:
    """A task's bare 经办机构 (参保地经办机构…) where its notice is issued by an insurance fund's body:
    that body's agencies (departments.toml ``[handling_agencies]``)."""
    word, kinds = _handling()
    at = compact.s.find(word, i, j)
    if at < 0:
        return []
    kind = next((k for _, k in speakers.named() if k in kinds), None)
    if kind is None:
        return []
    role = _role_after(compact.s, at + len(word))
    return [(kind, Department(kind=kind, name=word, level=None, role=role,  # type: ignore[arg-type]
                              span=compact.span(at, at + len(word))))]  # type: ignore[arg-type]


class _RoleAt:
    """The role of the first labelled body (in the label's order) whose span holds a position,
    else a default: found by bisection when the bodies do not overlap (a label of 300 bodies,
    each of its 300 mentions, would otherwise cost 90,000 steps)."""

    def __init__(self, labelled: list[tuple[int, int, Any]]) -> None:
        self.labelled = labelled
        self.ordered = sorted(labelled, key=lambda row: row[0])
        self.starts = [row[0] for row in self.ordered]
        self.linear = any(b > c for (_, b, _), (c, _, _) in pairwise(self.ordered))

    def __call__(self, at: int, default: str | None) -> str | None:
        if self.linear:
            return next((body.role for a, b, body in self.labelled if a <= at < b), default)
        k = bisect_right(self.starts, at) - 1
        if k >= 0 and at < self.ordered[k][1]:
            return self.ordered[k][2].role  # type: ignore[no-any-return]
        return default


def _own_bodies(inside: list[tuple[Mention, str | None]], labelled: list[tuple[int, int, object]],
                labels: list[tuple[int, int]]) -> list[tuple[Mention, str | None]]:
    """The mentions that are bodies of their own: not a body the gazetteer does not know found
    inside a longer body a label lists (高新区管委会 in 济南高新区管委会: the label's name is the
    body's), nor a division it does not know in a label after the organ it belongs to
    (交通运输部运输服务司牵头，科技司、人事教育处…配合). Each found by bisection: linear in the mentions."""
    if not any(m.kind.startswith("其他:") for m, _ in inside):
        return inside
    bodies = sorted((a, b) for a, b, _ in labelled)
    body_starts = [a for a, _ in bodies]
    spans = sorted(labels)
    span_starts = [a for a, _ in spans]
    known = sorted(m.start for m, _ in inside if not m.kind.startswith("其他:"))

    def longer_body(m: Mention) -> bool:
        k = bisect_right(body_starts, m.chain_start) - 1  # the nearest body starting at or before it
        return k >= 0 and m.end <= bodies[k][1] and bodies[k][1] - bodies[k][0] > m.end - m.chain_start

    def division(m: Mention) -> bool:
        if not is_division(m.name):
            return False
        k = bisect_right(span_starts, m.start) - 1
        if k < 0 or m.start >= spans[k][1]:
            return False
        first = bisect_left(known, spans[k][0])
        return first < len(known) and known[first] < m.start

    return [(m, r) for m, r in inside
            if not (m.kind.startswith("其他:") and (longer_body(m) or division(m)))]


_RANK = {"lead": 3, "responsible": 2, "support": 1, None: 0}


def _stronger(a: str | None, b: str | None) -> str | None:
    """A body named twice in one task keeps its strongest role (lead over responsible over support)."""
    return a if _RANK[a] >= _RANK[b] else b
