"""Targets: quantified commitments (``60%以上的养老机构符合…``, ``不低于50%``, ``1.1万张``).

A percentage is a target wherever it stands in a task; a count needs a commitment cue in its
clause (新建, 建有, 至少 …; resources/targets.toml). A bare number + 以上/以下 before a noun is a
share (Chinese counts need a measure word, so ``70以上养老机构`` can only be one). OCR and converter
damage (a % left as an image placeholder) is the repair stage's, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from ...config import Config
from ...model import Notice, OutlineUnit, Target
from ...resources import load_toml
from ...text import (
    CN_DIGITS,
    TITLE,
    Compact,
    Spans,
    alternation,
    clean_inline,
    cn_amount,
    cn_number,
    mark_before,
    mark_from,
    notice_compact,
)
from .common import DOCNUM, ORDER_NUMBER
from .indicators import find_indicators

RANGE_SEP = r"(?:至|到|-|~|～|—|－|–)"
# A unit the list lacks, in Latin letters (or μ Ω of an SI unit: 0.1μm, 500mΩ), or ℃.
LATIN_UNIT = r"(?:[A-Za-zμµ][A-Za-z0-9μµΩ]{1,9}(?:/[A-Za-z0-9√]{1,9})?|℃)(?![A-Za-z0-9])"
# A remark in brackets on how a figure is counted (（以16位浮点为基准）): no target inside.
REMARK = re.compile(r"[（(](?:以|按|含|不含|折合|约合)[^）)]{0,40}[）)]")
# A reference to numbered items (第十二条第3、81项): ordinals, no counts.
ITEM_REF = re.compile(r"第[\d、，,和及至]+[项条款款章节]")
# 4个月, 7个工作日: a duration, not a count of 个.
DURATION_AFTER = re.compile(r"(?:月|工作日|自然日|小时|季度|星期|周|日|天|年)")
# A sentence that reports what was done (截至目前，累计…; 从原来7项减少到0项; 平台上线以来): its numbers
# are achievements, not targets; a clause with 已 or 了 before its number likewise.
# A number that closes a conditional clause (…在10辆及以上的，联席会议可…): a threshold, no target.
# 60%（含）以上的，; …户数达到60%以上的方可纳入: the condition of an admission
THRESHOLD_CLAUSE = re.compile(r"(?:[（(][\u4e00-\u9fff]{1,3}[）)])?(?:及?以[上下])?的(?:[，,；;。]|方可|才(?:能|可))")
# A measure of a thing that says which things (排放量达到2.6万吨二氧化碳当量的单位纳入…; 绿电占比超过80%的
# 新建算力设施): a property's threshold qualifying a noun of things, no target.
QUALIFIER_BEFORE = re.compile(r"(?:量|额|率|比|比重|规模|面积|能力|容量|人口|人数)[^，,。；;\d]{0,4}?"
                              r"(?:达到|超过|不低于|高于|低于|不足|少于|在|达)$")
QUALIFIER_AFTER = re.compile(r"[^，,。；;：:\d]{0,10}?(?:及?以[上下])?的(?:新建|现有|存量|其他)?[\u4e00-\u9fff]{0,10}?"
                             r"(?:单位|企业|项目|用户|机构|主体|园区|设施|学校|医院|设备|保护区|水源地|场所|工程|区域|专业|产品|行业|地区)")
SHARE_OF_WHOM = re.compile(r"(?:以上|以下)?(?:的[\u4e00-\u9fff]|且)")
# 40处以上 is a count of places, not the 处以 of a fine (处以…罚款)
COUNT_PLACE = re.compile(r"(?<=[\d〇零一二两三四五六七八九十百千万])处以(?=[上下内])")
# A condition of a score (低于60%的不得分, 达到90%以上的得10分) or its step (每降低5个百分点扣2分): a number
# that says how a score is given; the standard itself (达到85%以上得满分) is the target.
SCORE_AFTER = re.compile(r"[%％]?(?:(?:及?以[上下])?的(?:不得分|得满分|得\d|扣\d|扣分|计\d|加\d)"
                         r"|(?:及?以[上下])?不得分|扣\d)")
# A size before a noun of things (30万千瓦以上现役煤电机组; 120万吨/年以下球团设备); not a measure noun
# that goes on the number's metric (500万吨以上规模, 100万千瓦以上的能力).
SIZE_QUALIFIER = re.compile(r"(?:/[年时日])?(?:及)?以[上下](?:的)?"
                            r"(?!规模|水平|能力|容量|产能|总量)[\u4e00-\u9fff]")
# A step of a reward rule (零售额增量每达1000万元，给予6万元奖励): no target.
STEP_BEFORE = re.compile(r"每(?:达|增加|新增|超过|提高|增长)$")
# A share of a money base (支持额度不超过项目投资额的15%; 补助额度为项目（含软件）投资额的5%): a rate
# a subsidy is paid at, no target.
MONEY_BASE = re.compile(r"(?:投资额|投资|资金|费用|成本|造价|价款|金额|总额|价格|售价|经济贡献)"
                        r"(?:[（(][^）)]{1,6}[）)])?的$")
# A share of someone's pay (按照其日工资收入的300%支付): a rate of pay, no target.
PAY_BASE = re.compile(r"按(?:照)?[^，,。；;]{0,10}(?:工资收入|工资|收入|报酬|薪酬)的$")
# The condition a conditional award closes after its number (…200万元（含）以上的知识产权服务机构，…).
# (a list of thresholds, each paid its own award, closes the same way: 对年营业收入首次突破10亿元、50亿元、
# 100亿元的企业，分别给予…)
CONDITION_CLOSE = re.compile(r"(?:、[0-9.]+[万亿千百]*[^\s、，,。；;的]{0,3}){0,8}"
                             r"(?:[（(]含[）)])?(?:及?以[上下])?(?:[（(]含[）)])?的")
# 对 of a condition, not of a word (对接, 对标, 对外, 对口, 对照, 对应, 对比, 对象).
OPENER_WORDS = re.compile(r"对(?:接|标|外|口|照|应|比|象|话|称)")
# The count of the kinds just listed (冰箱、洗衣机…等8类家电产品; 电子信息、安全生产等3个领域: as many
# as the list holds, counted in 类/种 or as 领域/方面/部分), a scope; 新建学校、医院等10个项目 counts more
# than it lists, and 完成A、B…等5项标准的立项 counts what is to be made: targets.
KINDS_AFTER = re.compile(r"(?:重点|主要)?(?:领域|方面|部分|行业|环节|类别|方向|板块)")  # 等3个领域: kinds
PAST_SENTENCE = re.compile(r"截至目前|截至\d|截止目前|以来|原来|(?P<compared>同比|比上年|比去年)")
COMPARED_NEXT = re.compile(r"[，,](?:同比|比上年|比去年)")
# …unless a growth rate is what the sentence commits to (力争…同比增长10%, 确保…比上年增长5%)
COMMITS = re.compile(r"力争|确保|争取|目标|预期|计划|要")
REACHING = re.compile(r"达到|提高到|提高至|提升到|提升至|不低于|不少于|保持在|稳定在|控制在")
FLOOR_AFTER = re.compile(r"[%％]?(?:及)?以[上下]")
# 2025年底前完成县域配电网改造投资60亿元: an investment to complete, a target
COMPLETED_INVESTMENT = re.compile(r"(?:完成|实现)[^，,。；;：:]{0,16}投资(?:额)?$")
# 实现全省183个县（市、区）县城公共充电站全覆盖: the count of the places covered is a scope, no target
PLACES_AFTER = re.compile(r"(?:城市|省份|省|地市|市|县|区县|地区|国家)")
SCOPE_COVERED = re.compile(r"[^，,。；;]{0,4}?(?:县|市|区|乡镇|镇|街道|村|社区)[^，,。；;]{0,24}?全覆盖")
# 按每亩每年不低于20元的标准安排管护资金: a floor of the standard funds are put in at, a target
STANDARD_AFTER = re.compile(r"的?(?:标准|水平)")
RAISES = re.compile(r"力争|确保|争取|达到|提高到|提高至|提升到|提升至|稳定在|保持在")


CN_PLACES = "零〇一二两三四五六七八九十百千万亿"
SUBJECT_DUTY = re.compile(r"应当|应|要|须|必须")
# A name in quotes (“千人计划”, “宪法进万家”) or of a campaign (开展百项重点标准建设行动, 万名专员进企业行动):
# a count in words inside one is part of the name.
QUOTED_NAME = re.compile(r"[“\"'‘「『][^“”\"'‘’「」『』，,。；;]{1,20}[”\"'’」』]")
CAMPAIGN = re.compile(r"[^，,。；;：:、“”]{0,14}?(?:行动|工程|计划|活动)")
COUNTED = re.compile(r"(?:及)?以[上下]|左右")  # 组织千场以上供需对接活动: a count, no name


class _Number(NamedTuple):
    """A number with its unit as written: digits (30万个) or words (二十万个, 百家)."""

    start: int
    end: int
    value: float
    mult: bool  # written with a place word (万, 亿, 百家)
    unit: str | None


class Candidate(NamedTuple):
    """A target found in a compact string: indices into it, metric as a noun phrase."""

    value: float
    unit: str
    comparator: str
    start: int
    end: int
    metric: str | None
    value_max: float | None = None
BOUNDARY = "。；;，,：:！？\n"
# How far back a number's clause and sentence are read at most: the development corpus's longest
# clause is 211 characters; a text without stops (an OCR dump, a hostile input) must not make each
# number read everything before it.
CLAUSE_MAX = 500
SENTENCE_MAX = 1000


@dataclass(frozen=True)
class _Rules:
    number: re.Pattern[str]
    cn_count: re.Pattern[str]
    data: dict[str, Any]
    upper: re.Pattern[str]  # the upper number of a range after a number (60%—70%, 1—2个)
    unit_after_share: re.Pattern[str]  # 以上 + a unit: a count, not a share
    cn_amount: re.Pattern[str]  # a count whose number is written in words with a place (百家, 二十万个)
    cn_small: re.Pattern[str]  # a small count in words before 以上 (三种以上, 两条及以上)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = load_toml("targets.toml")
    units = alternation(data["units"])
    mult = alternation(list(data["multipliers"]))
    # a known unit (a rate of one: TFLOPS/W), else a Latin unit of two letters or more that the
    # list lacks (1pT, 135dB, 450cm3/h); a single letter is a name (5G, 4K, 3D), no unit
    number = re.compile(
        rf"(?<![\d.第A-Za-z/_#=?&])(?P<num>\d+(?:\.\d+)?)(?P<mult>{mult})?(?:余|多)?"  # not in a path; 80余辆
        # a unit's alternatives in brackets (3.5万台（套）, 2000艘（台、套）) are read with it; the
        # first is the unit, so that counts compare (20000场（次） and 2000场 are both 场)
        rf"(?:(?P<unit>(?:{units})(?:/(?:[A-Za-z]+|(?:{alternation(data['per_units'])})(?=[^\u4e00-\u9fff]|以|及|的|左右|$)))?)"
        rf"(?:[（(](?:{units})(?:、(?:{units}))*[）)])?"
        rf"|(?P<latin>{LATIN_UNIT}))?"
    )
    cn_count = re.compile(
        r"(?<!第)(?P<cn>[一二两三四五六七八九十]{1,3})(?P<unit>处|所|个|家|座|名|课时|款|项|位)")
    upper = re.compile(rf"(?:[%％])?{RANGE_SEP}(?P<num>\d+(?:\.\d+)?)(?P<mult>{mult})?(?P<unit>{units})?")
    words = data["numerals_in_words"]
    cn_amount_re = re.compile(
        rf"(?<![0-9０-９.．{words['not_after']}{CN_PLACES}])(?P<cn>[零〇一二两三四五六七八九十百千万亿]{{0,8}}[百千万亿][零〇一二两三四五六七八九十百千万亿]{{0,8}})"
        rf"(?P<unit>{units})(?![{CN_PLACES}]{{1,2}}[\u4e00-\u9fff])")
    cn_small = re.compile(
        rf"(?<![0-9０-９.．{words['not_after']}{CN_PLACES}])(?P<cn>[一二两三四五六七八九十]{{1,3}})(?P<unit>{units})(?=(?:及)?以上)")
    return _Rules(number, cn_count, data, upper, re.compile(rf"(?:及)?以[上下](?:{units})"), cn_amount_re, cn_small)


# 突破千亿元, 超万亿元: a magnitude written without digits, after a verb of reaching.
MAGNITUDE = re.compile(r"(?:突破|超过|超|达到|达)(?P<mag>[百千万])(?P<mult>亿|万)(?P<unit>元|美元)")
_MAG = {"百": 100, "千": 1000, "万": 10000}


def _clause_start(s: str, at: int) -> int:
    return max(mark_before(s, BOUNDARY, at) + 1, at - CLAUSE_MAX)


def _clause_end(s: str, at: int) -> int:
    end = mark_from(s, BOUNDARY, at)
    return min(len(s) if end < 0 else end, at + CLAUSE_MAX)


def _comparators(s: str, start: int, end: int) -> tuple[str, int, int]:
    comps = rules().data["comparators"]
    comparator, a, b = "==", start, end
    # a comparator just before the number, or before a short verb (至少建有 1 所)
    zone_start = max(_clause_start(s, start), start - 6)
    for word, op in sorted(comps["before"].items(), key=lambda kv: -len(kv[0])):
        k = s.rfind(word, zone_start, start)
        if k >= 0:
            comparator, a = op, k
            break
    if comparator == "==" and s[start - 1:start] == OVER:  # 中小企业超7万家: 超 right before it
        comparator, a = ">", start - 1
    for word, op in sorted(comps["after"].items(), key=lambda kv: -len(kv[0])):
        if s.startswith(word, end):
            comparator, b = op, end + len(word)
            break
    return comparator, a, b


OVER = "超"  # right before a number (超7万家, 超4500家): more than, a commitment; not 超 of a word (超长期)


def _is_range(s: str, start: int, end: int) -> bool:
    return bool(re.match(r"(?:至|到|-|~|～|—|－)\d", s[end:end + 2])
                or re.search(r"\d(?:至|到|-|~|～|—|－)$", s[max(0, start - 2):start]))


@lru_cache(maxsize=1)
def _metric_verbs() -> re.Pattern[str]:
    return re.compile(alternation(rules().data["metric"]["verbs"]))


@lru_cache(maxsize=1)
def _after_last_count() -> re.Pattern[str]:
    """Everything up to the clause's last number with its unit (a count, not 5G's 5)."""
    data = rules().data
    return re.compile(rf"^.*\d(?:[万千亿百])?(?:{alternation(data['units'])})")


def _noun_before(text: str) -> str:
    """The noun phrase that ends a clause before its number: leading measure verbs dropped."""
    verbs = _metric_verbs()
    while True:
        m = verbs.match(text)
        if not m:
            return text
        text = text[m.end():]  # only verbs: no noun phrase before the number


def _noun_after(text: str) -> str:
    """The noun phrase that follows a number: up to the next measure verb or number (a cited
    title 《…》 is read whole)."""
    titles = [t.span() for t in TITLE.finditer(text)]
    for m in re.finditer(rf"\d|{_metric_verbs().pattern}", text):
        if not any(a <= m.start() < b for a, b in titles):
            return text[:m.start()]
    return text


def _metric(s: str, a: int, b: int) -> str | None:
    c0, c1 = _clause_start(s, a), _clause_end(s, b)
    before = re.sub(r"^(?:确保|实现|力争|争取|全省|全市|到\d{4}年底?|年底前|并|其中|\d{4}年(?!底|末)"
                    r"|(?:\d{4}年)?\d{1,2}月(?:底|末)?前|\d{4}年(?:底|末)?前)+", "", s[c0:a])  # 2025年6月底前
    before = re.sub(r"(?:达到|不低于|不少于|至少|超过|(?:提高|提升|增加|扩大|增长|扩展)[到至]|增至|降至|降到|减至"
                    r"|占比达到|突破|达|超|为|日均|年均)$", "", before)  # (总规模为50万千瓦, 目标任务日均131吨)
    # only what follows the clause's last number (培育50个支持100所…: nothing of 50个 belongs to 100所;
    # 20户以上自然村通达率: nor the 以上 of its qualifier)
    before = re.sub(r"^及?以[上下]", "", _after_last_count().sub("", before).lstrip("、，,和及与"))
    before = _noun_before(before)
    after_text = s[b:c1]
    after = _noun_after(re.sub(r"^的", "", after_text)).rstrip("和及与、")
    prefer_after = after_text.startswith("的") or re.search(r"以[上下]$", s[a:b])
    cjk_before = len(re.findall(r"[\u4e00-\u9fff]", before))
    cjk_after = len(re.findall(r"[\u4e00-\u9fff]", after))
    if cjk_after >= 2 and (prefer_after or cjk_before < 2):
        text = after
    elif cjk_before >= 2:
        text = before
    else:
        return None
    return clean_inline(text) or None


def _floor_word(text: str) -> bool:
    """Whether a floor's comparator (不低于, 不少于, 至少 …: targets.toml ``comparators.before`` ``>=``)
    stands in ``text``."""
    return any(w in text for w, op in rules().data["comparators"]["before"].items() if op == ">=")


CHANGES = re.compile(r"降低|下降|降至|降到|压减|压降|减少|增长|提高|提升")


def _rule_rate(unit: str, clause: str, cues: dict[str, list[str]]) -> bool:
    """A share or multiple that a price or settlement rule computes with (浮动不超过20%, 按…价格的
    80%结算), in a clause with no level to reach or change by: no target (targets.toml
    ``rule_rate_words``)."""
    return (unit in cues["rule_rate_units"] and any(w in clause for w in cues["rule_rate_words"])
            and not RAISES.search(clause) and not CHANGES.search(clause))


def _money_rate(s: str, start: int, end: int, clause: str) -> bool:
    """A share of money that a subsidy or award is paid at (按照投入的30%给予补助): no target."""
    return bool(re.search(r"按(?:照)?|不超过|不高于|最高(?!人民)", clause)) and _awarded(s, start, end)


def _granted(s: str, start: int, end: int, clause: str) -> bool:
    """A number the policy grants or pays at, not one it commits to reach: after a grant word in
    its clause (给予最高200平方米), in a clause about the rate a policy pays (支付比例降幅在10个百分点),
    or in the condition of a conditional award (对…申请30件以上的单位给予奖励)."""
    cues = rules().data["cues"]
    if any(w in clause for w in cues["grant_words"]):
        return True
    if any(w in clause for w in cues["paid_rate_words"]) and (
            not RAISES.search(clause) or CONDITION_FIRST.match(s, _sentence_start(s, start), start)):
        return True  # (力争报销比例达到70%: a level the notice commits to reach; 对…的，补助比例提高至12%: paid)
    close = CONDITION_CLOSE.match(s, end)
    if close and _grant_next().match(s, close.end()):
        return True  # 年销量5000辆以上的车型，给予1000万元激励: the condition of a grant
    opens = any(w in OPENER_WORDS.sub("", clause) for w in cues["condition_openers"])
    return opens and bool(close) and (
        _awarded(s, start, end) or any(w in s[end:_sentence_end(s, end)] for w in cues["grant_words"]))


CONDITION_NOUN_MAX = 4  # 年销量5000辆以上的车型，给予…; not 100家以上的企业开展技术改造，给予…


@lru_cache(maxsize=1)
def _grant_next() -> re.Pattern[str]:
    """The rest of a condition's clause (的 + its noun), then a clause that grants (，给予…)."""
    grants = alternation(rules().data["cues"]["grant_words"])
    return re.compile(rf"[^，,。；;：:]{{0,{CONDITION_NOUN_MAX}}}[，,](?:{grants})")


def _bounded_duration(s: str, start: int, end: int, clause: str) -> bool:
    """A length of time a notice commits to cut a wait to (审批时间压缩至30个工作日以内); a bound alone is
    mostly a rule of procedure (公示期不少于5个工作日, 测试时间原则上不超过18个月), no target."""
    near = clause[-6:]
    return any(near.endswith(w) for w in rules().data["duration_cuts"]) or bool(_cut_to().search(clause))


@lru_cache(maxsize=1)
def _cut_to() -> re.Pattern[str]:
    """The cut's verb a few words before 至 (压缩企业开办时间至), at the clause's end."""
    return re.compile(rf"(?:{alternation(rules().data['duration_cut_verbs'])})[^，,。；;]{{0,12}}[至到]$")


# A sentence that opens with the condition of an award (对列入省级重点项目的，…)
CONDITION_FIRST = re.compile(r"(?:对于|对|凡)[^。；;]{1,60}?的[，,]")


def _sentence_start(s: str, at: int) -> int:
    return max(s.rfind("。", 0, at), s.rfind("；", 0, at), s.rfind("\n", 0, at)) + 1


def _sentence_end(s: str, at: int) -> int:
    stop = s.find("。", at)
    return stop if stop >= 0 else len(s)


def _awarded(s: str, start: int, end: int) -> bool:
    """Whether the sentence around a number pays a subsidy or an award (targets.toml ``award_words``)."""
    sentence = s[s.rfind("。", 0, start) + 1:_sentence_end(s, end)]
    return any(w in sentence for w in rules().data["cues"]["award_words"])


def _upper_bound(s: str, end: int) -> re.Match[str] | None:
    """The upper number of a range that starts at ``end`` (60%—70%, 1—2个, 2至3所)."""
    return rules().upper.match(s, end)


def _reported(s: str, start: int, clause: str, end: int | None = None) -> bool:
    """A number of a sentence that reports what was done, not what is to be (a growth rate with a
    floor after it, 同比下降30%以上, is one to reach)."""
    sentence = s[max(mark_before(s, "。；;！", start) + 1, start - SENTENCE_MAX):start]
    floor = end is not None and bool(FLOOR_AFTER.match(s, end))
    past = [m for m in PAST_SENTENCE.finditer(sentence)
            if not (m.group("compared") and (COMMITS.search(sentence) or floor))]
    # …or an amount its next clause compares with the year before (实现营业收入15.4万亿元，同比增长5.5%)
    compared = end is not None and bool(COMPARED_NEXT.match(s, end)) and not COMMITS.search(sentence)
    return bool(past or compared or "了" in clause or _done(clause))


def _done(clause: str) -> bool:
    """已 in a number's clause reports it (已覆盖45个…), unless a verb of reaching follows it
    (已查明隐患点群测群防覆盖率达到100%: 已 says which points, the rate is to be reached)."""
    at = clause.rfind("已")
    return at >= 0 and not REACHING.search(clause, at)


# A count that goes on the target right before it, in the next clause of its sentence with a few
# words of its own (开工改造项目50个，约605万平方米，涉及居民6.2万户): the same measure's size; not a
# clause a preposition opens (在全部19个分行业中, 比省定目标高出10个百分点: a scope or a comparison).
GOES_ON = re.compile(r"[，,、](?![在对从占比按较与为于以])[^。；;！？\n\d，,、]{0,8}")
# …or a list of the same unit's counts, each after its own metric (完成A防治面积0.6万亩，B防治面积
# 5.8万亩): a parallel list the verb before it distributes over, so its metrics may be longer; a
# total's breakdown by year (更新设备20台，其中2024年2台、2025年6台) is such a list, each year a count.
GOES_ON_LIST = re.compile(r"[，,、](?![在对从占比按较与为于以])(?:其中)?[ \u3000]?(?:\d{4}年)?[ \u3000]?"
                          r"[^。；;！？\n\d，,、]{0,16}")


def _goes_on(s: str, out: list[Candidate], start: int, unit: str | None = None) -> bool:
    if not out or out[-1].end > start:
        return False
    pattern = GOES_ON_LIST if unit is not None and unit == out[-1].unit else GOES_ON
    return bool(pattern.fullmatch(s, out[-1].end, start))


def _policy_rate(s: str, end: int) -> bool:
    """A number that a policy pays or deducts at (100%加计扣除, 30%补贴): no target."""
    tail = s[end:_clause_end(s, end)][:8]
    return any(w in tail for w in rules().data["cues"]["rate_after_words"])


SCORE_REACH = 8  # characters before a number searched for a score's word
# A number a rule computes a quantity at (按…的70%核算, 按20%计, 按其上年度排放量的95%确定): after 按 in its
# clause, before a verb of computing.
COMPUTED_REACH = 24
COMPUTING = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:核算|计算|计|折算|核定|确定|执行|扣减|核减|发放|分配|预分配)")


# A number in the bracket that defines an event, closed by 后 or 时 (发生特大型地质灾害险情（因灾死亡和失踪30人
# 以上，…）后，由市指挥部…): the event's class, the condition a response starts on; no target.
_EVENT_BRACKET_AFTER = ("后", "时", "的")


def _event_condition(s: str, start: int, end: int) -> bool:
    opened = max(s.rfind("（", 0, start), s.rfind("(", 0, start))
    if opened < 0 or max(s.rfind("）", opened, start), s.rfind(")", opened, start)) >= 0:
        return False
    close = min((i for i in (s.find("）", end), s.find(")", end)) if i >= 0), default=-1)
    return close >= 0 and s.startswith(_EVENT_BRACKET_AFTER, close + 1)


def find_targets(s: str) -> list[Candidate]:
    """Every target in a compact string, in order."""
    r = rules()
    data = r.data
    cues = data["cues"]
    masks = Spans([m.span() for m in TITLE.finditer(s)] + [m.span() for m in DOCNUM.finditer(s)]
                  + [m.span() for m in ORDER_NUMBER.finditer(s)]
                  + [m.span() for m in REMARK.finditer(s)] + [m.span() for m in ITEM_REF.finditer(s)])
    out: list[Candidate] = []
    consumed = -1  # the end of the last range read whole: its upper number is not read again
    for m in _numbers(s):
        start, end, value = m.start, m.end, m.value
        if start < consumed or not masks.free(start, start + 1):
            continue
        upper = _upper_bound(s, end)
        if upper is None and _is_range(s, start, end):
            continue
        unit = m.unit
        if upper is not None and not m.mult and upper.group("mult") and m.unit is None:
            value *= r.data["multipliers"][upper.group("mult")]  # 3-5万个: the 万 of both numbers
        if upper is not None and unit is None:
            unit = upper.group("unit") or ("%" if s[end:end + 1] in "%％" else None)
        clause = s[_clause_start(s, start):start]
        following = s[end:end + 3]
        if unit is None:
            # grammar, not noise: a Chinese count needs a measure word, so a bare number before
            # 以上 + noun (70以上养老机构) or after a rate (覆盖率达到90) can only be a share
            bare_share = (value <= 100 and not m.mult
                          and re.match(r"(?:及)?以[上下](?![\d%％])[\u4e00-\u9fff]", following)
                          and not r.unit_after_share.match(following))
            rate = (value <= 100 and re.search(r"率(?:达到|不低于|超过)$", clause)
                    and not re.match(r"[\d.A-Za-z]", following))
            if not (bare_share or rate):
                continue
            unit = "%"
        elif unit in data["percent"]:
            unit = "%"
        elif unit == "元":
            sentence = s[_clause_start(s, start):_clause_end(s, end)]
            # a floor a body must put in (…要加大投入…养护资金不得低于…), not one an applicant must have
            floor = (_floor_word(clause)
                     and bool(re.search(r"要|应|须|确保", s[max(0, mark_before(s, "。；;", start)):start])))
            standard = (_floor_word(clause[-6:])
                        and STANDARD_AFTER.match(s, end)
                        and any(v in s[end:_clause_end(s, end)] for v in cues["money_verbs"]))
            if not (any(v in clause for v in cues["money_verbs"]) or standard or COMPLETED_INVESTMENT.search(clause)
                    or any(w in sentence for w in cues["output_words"]) or _goes_on(s, out, start, unit)
                    or (floor and any(w in clause for w in cues["fund_words"]))):
                continue  # 养护资金不得低于每公里1万元、乡道5000元: a floor on funds, the list going on
            if re.match(r"(?:以上|以下|及以上|及以下)?的", s[end:end + 4]) and not standard:
                continue  # 营业收入5000万元以上的企业: a threshold that says which, no target
        elif not (any(v in clause for v in cues["verbs"]) or clause.endswith(OVER)
                  or any(s.startswith(w, end) for w in data["comparators"]["after"])
                  or _goes_on(s, out, start, unit)):
            continue
        if _money_rate(s, start, end, clause) or _policy_rate(s, end) or _reported(s, start, clause, end):
            continue
        if "按" in clause[-COMPUTED_REACH:] and COMPUTING.match(s, end):
            continue  # 按2023年度配额的70%核算, 缺口部分按20%计: the basis a quantity is computed on
        if SCORE_AFTER.match(s, end):
            continue  # 低于60%的不得分: a score's condition
        if any(w in clause[-SCORE_REACH:] for w in cues["score_words"]):
            continue  # 占评估总分20%, 得分×80%: a weight in a score, no target
        if THRESHOLD_CLAUSE.match(s, end):
            continue  # 对…车辆在10辆及以上的，…: a condition the clause sets, no target
        if _event_condition(s, start, end):
            continue  # 发生大型地质灾害险情（因灾死亡10人以上）后，启动Ⅱ级响应: when a response starts
        if QUALIFIER_BEFORE.search(clause[-8:]) and QUALIFIER_AFTER.match(s, end):
            continue  # 排放量达到2.6万吨二氧化碳当量的单位: which things, no target
        if (unit.split("/")[0] in data["size_units"] + data["population_units"]  # 120万吨/年以下球团设备
                and SIZE_QUALIFIER.match(s, end)):
            continue  # 30万千瓦以上现役煤电机组, 1200立方米以下高炉: a size that says which things
        if any(w in COUNT_PLACE.sub("", s[_clause_start(s, start):_clause_end(s, end)])
               for w in cues["penalty_words"]):
            continue  # 处以违法所得1%以上5%以下的罚款: a fine
        if _granted(s, start, end, clause):
            continue  # 给予最高200平方米…; 对…30件以上的单位给予奖励: what is granted, and to whom
        if (_rule_rate(unit, s[_clause_start(s, start):_clause_end(s, end)], cues)
                and not (s.startswith(("以上", "及以上"), end) or _floor_word(clause[-6:]))):
            continue  # 上下浮动不超过20%, 按当月价格的80%结算: how a price rule computes (a floor to
            # reach stays: 即时结算资金占…的80%以上, 签约比例不低于80%)
        if STEP_BEFORE.search(clause[-4:]) or (unit == "%" and (
                (MONEY_BASE.search(clause[-16:]) and _awarded(s, start, end)) or PAY_BASE.search(clause))):
            continue  # 每达1000万元，给予…; 补助额度为项目投资额的5%: a reward's step or rate
        if (clause.endswith("等") and clause.count("、") + 1 == value
                and (unit in ("类", "种") or KINDS_AFTER.match(s, end))):
            continue  # 冰箱、洗衣机…吸油烟机等8类家电产品: the count of the kinds just listed
        if (value >= 3 and clause.count("、") + 1 == value and unit == "个"
                and PLACES_AFTER.match(s, end)):
            continue  # 扩大至石家庄、太原…温州14个城市: the places just named, a scope
        if unit == "人" and s.startswith("间", end):
            continue  # 2人间和3人间病房: a kind of room
        if unit == "个" and SCOPE_COVERED.match(s, end):
            continue  # 实现11个设区市和雄安新区全覆盖: the places covered, a scope
        if unit == "倍" and s.startswith("于", upper.end() if upper is not None else end):
            continue  # 遴选出3~4倍于拟立项数量的项目: a procedure's ratio, no commitment
        if unit == "部" and s.startswith("门", end):
            continue  # 中央网信办等4部门印发: the bodies that issued a document
        if unit == "个" and DURATION_AFTER.match(s, end):
            continue
        if unit in data["duration_units"] and not _bounded_duration(s, start, end, clause):
            continue  # 开展为期3个月的专项行动: how long, no commitment
        value_max = None
        b_end = end
        own = re.split(r"\d", clause)[-1]  # the clause since its last number
        if upper is not None and unit != "%" and not any(v in own for v in cues["verbs"]):
            consumed = upper.end()
            continue  # a range whose cue belongs to an earlier number describes scope (面向2至3个镇)
        if upper is not None:
            value_max = float(upper.group("num")) * data["multipliers"].get(upper.group("mult") or "", 1)
            b_end = upper.end()
            consumed = b_end
            if value_max <= value:
                continue  # not a range of amounts (a date, a code)
        comparator, a, b = _comparators(s, start, b_end)
        out.append(Candidate(_num(value), unit, comparator, a, b, _metric(s, a, b),
                             None if value_max is None else _num(value_max)))
    for m in r.cn_count.finditer(s):
        start, end = m.start(), m.end()
        clause = s[_clause_start(s, start):start]
        verb_right_before = any(clause.endswith(v) for v in cues["verbs"])
        number = cn_number(m.group("cn"))
        if not verb_right_before or number is None or not masks.free(start, start + 1):
            continue
        comparator, a, b = _comparators(s, start, end)
        out.append(Candidate(number, m.group("unit"), comparator, a, b, _metric(s, a, b)))
    for m in r.cn_small.finditer(s):  # 三种以上典型场景, 两条及以上传输通道: a floor, a target
        number = cn_number(m.group("cn"))
        start, end = m.start(), m.end()
        floor_end = s.index("以上", end) + 2
        # a cue before it, or after it (…等三类以上领域开展应用验证) unless the count is the subject a
        # duty is put on (三类以上客运班线客车应配备…: which things) or a condition (从两处以上取得…的)
        before = s[_clause_start(s, start):start]
        after = SUBJECT_DUTY.split(s[floor_end:_clause_end(s, floor_end)], 1)[0]
        if (number is None or m.group("unit") in data["numerals_in_words"]["small_not_units"]
                or not any(v in before or v in after for v in cues["verbs"])
                or not masks.free(start, start + 1) or any(c.start == start for c in out)):
            continue
        comparator, a, b = _comparators(s, start, end)
        out.append(Candidate(number, m.group("unit"), comparator, a, b, _metric(s, a, b)))
    for m in _frequency().finditer(s):
        number = cn_number(m.group("cn"))
        if number is None or not masks.free(m.start("cn"), m.start("cn") + 1):
            continue
        comparator, a, b = _comparators(s, m.start("cn"), m.end())
        out.append(Candidate(number, "次", comparator, a, b, _metric(s, a, b)))
    for m in _fraction().finditer(s):
        if not masks.free(m.start("frac"), m.start("frac") + 1):
            continue
        if THRESHOLD_CLAUSE.match(s, m.end("frac")) or (SHARE_OF_WHOM.match(s, m.end("frac")) and (
                s[max(0, m.start("frac") - 2):m.start("frac")] == "占比" or s.startswith("且", m.end("frac")))):
            continue  # 占比三分之二以上的业主, 达到三分之二以上的方可纳入: which owners, on what condition
        comparator, a, b = _comparators(s, m.start("frac"), m.end("frac"))
        if comparator == "==" and m.group("more"):  # 超过一半, 不少于三分之一
            comparator = {"超过": ">", "不少于": ">=", "不低于": ">="}.get(m.group("more"), "==")
        value = _num(round(100 * _FRACTIONS[m.group("frac")], 1))
        out.append(Candidate(value, "%", comparator, a, b, _metric(s, a, b)))
    for m in PERCENT_WORDS.finditer(s):  # 参保率达到百分之九十五以上: a percentage written in words
        value = _cn_percent(m.group("pct"))
        if value is None or not masks.free(m.start(), m.start() + 1) or THRESHOLD_CLAUSE.match(s, m.end()):
            continue
        if re.search(r"[一二三四五六七八九十两\d]个[“\"]?$", s[max(0, m.start() - 4):m.start()]):
            continue  # 落实“六个百分之百”: a slogan's name, no target
        comparator, a, b = _comparators(s, m.start(), m.end())
        if _granted(s, a, b, s[_clause_start(s, a):a]):
            continue  # 给予百分之五十的补助: what is paid
        out.append(Candidate(value, "%", comparator, a, b, _metric(s, a, b)))
    for m in MAGNITUDE.finditer(s):
        if any(c.start <= m.start("mag") < c.end for c in out):
            continue  # read with the counts in words
        if re.match(r"(?:以上|以下|及以上|及以下)?的", s[m.end():m.end() + 4]):
            continue  # 培育营业收入超百亿元的企业10家: a threshold that says which, no target
        value = _MAG[m.group("mag")] * data["multipliers"][m.group("mult")]
        comparator, a, b = _comparators(s, m.start("mag"), m.end())
        if comparator == "==" and m.group().startswith("超"):
            comparator = ">"
        out.append(Candidate(value, m.group("unit"), comparator, a, b, _metric(s, a, b)))
    return sorted(out, key=lambda t: t.start)


def _numbers(s: str) -> list[_Number]:
    """Every number of a compact string with its unit, in order: digits (``rules().number``) and
    counts in words with a place (百家, 二十万个, 千万户; not 数百家, 每万人, 千家万户)."""
    r = rules()
    multipliers = r.data["multipliers"]
    out = [_Number(m.start(), m.end(), float(m.group("num")) * multipliers.get(m.group("mult") or "", 1),
                   bool(m.group("mult")), m.group("unit") or m.group("latin")) for m in r.number.finditer(s)]
    words = r.data["numerals_in_words"]
    names = Spans([q.span() for q in QUOTED_NAME.finditer(s)])
    for m in r.cn_amount.finditer(s):
        value = cn_amount(m.group("cn"))
        idiom = m.start() >= 2 and s[m.start() - 2] in CN_PLACES and s[m.start() - 1] not in CN_PLACES
        if (value is None or idiom or m.group("unit") in words["not_units"]  # (千家万户, 千方百计; 百度)
                or not names.free(m.start(), m.end())
                or (CAMPAIGN.match(s, m.end()) and not COUNTED.match(s, m.end()))):
            continue  # “千人计划”, 开展百项…建设行动: a campaign's name, no count
        out.append(_Number(m.start(), m.end(), float(value), True, m.group("unit")))
    return sorted(out)


# A share written as a fraction in words (占总课时一半以上, 超过三分之一): a percentage, after a verb of
# share or reaching right before it.
PERCENT_WORDS = re.compile(r"百分之(?P<pct>[零〇一二两三四五六七八九十百]{1,4}(?:点[零〇一二三四五六七八九]{1,3})?)")


def _cn_percent(words: str) -> float | int | None:
    """九十五 -> 95, 百 -> 100, 九十九点五 -> 99.5; None when no well-formed number up to 100."""
    whole, _, frac = words.partition("点")
    value = 100 if whole in ("百", "一百") else cn_number(whole)
    if value is None or value > 100 or any(c not in CN_DIGITS for c in frac):
        return None
    if not frac:
        return value
    return _num(round(value + float("0." + "".join(str(CN_DIGITS[c]) for c in frac)), 3))


_FRACTIONS = {"一半": 1 / 2, "半数": 1 / 2, "三分之一": 1 / 3, "三分之二": 2 / 3, "四分之一": 1 / 4,
              "四分之三": 3 / 4, "五分之一": 1 / 5, "十分之一": 1 / 10}


@lru_cache(maxsize=1)
def _fraction() -> re.Pattern[str]:
    verbs = alternation(load_toml("targets.toml")["fractions"]["before"])
    # 占 may stand a few words before it (占总课时一半以上)
    return re.compile(rf"(?:占[^，,。；;：:\d]{{0,10}}?|{verbs})(?P<more>超过|达到|不少于|不低于)?"
                      rf"(?P<frac>{alternation(_FRACTIONS)})(?:以上|以下|左右)?")


@lru_cache(maxsize=1)
def _frequency() -> re.Pattern[str]:
    """每年组织一次: a period, a few words (no clause mark), a Chinese numeral and 次 (not 一次性)."""
    periods = alternation(load_toml("targets.toml")["frequency"]["periods"])
    return re.compile(rf"(?:{periods})[^，,。；;：:\d]{{0,8}}?(?P<cn>[一二两三四五六七八九十])次(?!性|序|要)")


def _num(value: float) -> float:
    """A value as written: 1.1亿 is 110000000, not the 110000000.00000001 a float product gives."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _targets(notice: Notice, compact: Compact, start: int, end: int) -> list[Target]:
    i, j = compact.slice(start, end)
    found = []
    for c in find_targets(compact.s[i:j]):
        span = compact.span(i + c.start, i + c.end)
        found.append(Target(value=c.value, value_max=c.value_max, unit=c.unit,
                            comparator=c.comparator,  # type: ignore[arg-type]
                            metric=c.metric, raw=notice.text[span[0]:span[1]], span=span))
    return found


@lru_cache(maxsize=1)
def _conditions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A condition cue (申报条件, 应具备), and one closing a lead-in (…应符合下列条件：)."""
    cues = alternation(rules().data["cues"]["condition_cues"])
    return re.compile(cues), re.compile(rf"(?:{cues})\s*[：:]")


def run(notice: Notice, cfg: Config) -> Notice:
    compact = notice_compact(notice)
    conditions, conditions_lead = _conditions()
    for task in notice.tasks:
        headings = [task.heading or "", *(p.heading or "" for p in task.parents)]
        lead_in = notice.text[task.span[0]:task.span[1]].split("\n", 1)[0]
        if any(conditions.search(h) for h in [*headings, lead_in]) or any(
                w in h for h in headings for w in rules().data["cues"]["condition_headings"]):
            task.targets = []  # requirements on applicants, not commitments
            continue
        task.targets = _targets(notice, compact, *task.span)
        # an article that goes on to set conditions (…是指…人员。…应符合下列条件：（一）…): the
        # numbers after its lead-in are requirements, not commitments
        lead = conditions_lead.search(notice.text, *task.span)
        if lead:
            task.targets = [t for t in task.targets if t.span[0] < lead.start()]
    notice.doc_targets = [t for start, end in _goal_spans(notice)
                          for t in _targets(notice, compact, start, end)]
    _add_indicators(notice)
    return notice


def _add_indicators(notice: Notice) -> None:
    """A table of main indicators standing before the first task (主要指标: 指标 | 单位 | 基期值 |
    目标值): each row's goal is the notice's, its row's other numbers (the base year's) none."""
    first_task = min((t.span[0] for t in notice.tasks), default=len(notice.text))
    rows = find_indicators(notice.text, 0, first_task)
    if not rows:
        return
    lines = Spans([r.row for r in rows])
    notice.doc_targets = [t for t in notice.doc_targets if lines.free(*t.span)] + [
        Target(value=_num(r.value), unit=r.unit, comparator=r.comparator,  # type: ignore[arg-type]
               metric=r.metric, raw=notice.text[r.row[0]:r.row[1]].strip(), span=(r.start, r.end))
        for r in rows]
    notice.doc_targets.sort(key=lambda t: t.span[0])


# A paragraph of a framing part that opens with a goal year (到2027年，…; 力争到2025年) states goals,
# from there to its end; so does a sentence or clause inside one that opens with it (…为主线。到
# 2026年，…; …培育优良发展生态，到2025年，…; …统筹推进。2026年，全市计划开工…).
# (a year relative to the notice's: 到今年底, 到明年)
GOAL_YEAR = r"(?:\d{4}|今|明|本)[ \t]*年"
GOAL_PARAGRAPH = re.compile(rf"^[ \t\u3000]*(?:[一二三四五六七八九十]+是)?(?:(?:力争|争取)?到[ \t]*{GOAL_YEAR}"
                            r"|\d{4}[ \t]*年(?:的)?(?:主要|发展|总体|工作|具体)?目标(?:是|为)?[：:])")
GOAL_SENTENCE = re.compile(rf"[。；！，,：:][ \t\u3000]*(?:(?:力争|争取)?到[ \t]*{GOAL_YEAR}"
                           # …2026年，全市计划开工改造…: a year's plan
                           r"|\d{4}[ \t]*年[，,](?=[^。；]{0,12}?(?:计划|力争|确保|目标)))")
# A line that stops mid-sentence (a PDF's wrapped line): the next line goes on with it.
_LINE_STOPS = ("。", "；", ";", "！", "？", "：", ":")


@lru_cache(maxsize=1)
def _list_item() -> re.Pattern[str]:
    """A line that opens with a list marker (——创新能力。…) or a lead phrase the paragraph goes on
    after (数字化普及率显著提升。…): a goal of the list a goal sentence opens."""
    goals = load_toml("targets.toml")["goals"]
    lead = rf"[^。，,；;：:、\s]{{4,{int(goals['lead_phrase_max'])}}}。(?=\S)"
    return re.compile(rf"^[ \t\u3000]*(?:{alternation(goals['list_markers'])}|{lead})")


def _goal_spans(notice: Notice) -> list[tuple[int, int]]:
    """The outermost goal units at any level (一、工作目标, or （二）主要目标 under 一、总体要求),
    and the goal passages of framing parts that have no goal unit (到2027年，… and the list items
    that follow it)."""
    spans = _goal_units(notice.outline)
    first_task = min((t.span[0] for t in notice.tasks), default=len(notice.text))
    if not spans and notice.outline:  # a plan whose goals stand in its preamble (具体指标：到2022年，…)
        spans.extend(_goal_passages(notice.text, 0, min(notice.outline[0].span[0], first_task)))
    for top in notice.outline:
        units, before = [top], first_task
        if top.style == "attachment":  # an attached plan's own framing part (附件 … 一、总体要求)
            units = top.children
            before = min((t.span[0] for t in notice.tasks if top.span[0] <= t.span[0] < top.span[1]),
                         default=top.span[1])
        for unit in units:
            if unit.role not in ("background", "other") or unit.span[0] >= before:
                continue
            if any(a < unit.span[1] and unit.span[0] < b for a, b in spans):
                continue  # its goals are a unit of their own
            spans.extend(_goal_passages(notice.text, unit.span[0], min(unit.span[1], before)))
    return sorted(spans)


def _goal_passages(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Within text[start:end], each line from its goal year to its end, and the list items right
    after a line that has one."""
    out: list[tuple[int, int]] = []
    at, in_list, wrapped = start, False, False
    lines = text[start:end].split("\n")
    full = _full_width(lines)
    for line in lines:
        opener = GOAL_PARAGRAPH.match(line) or GOAL_SENTENCE.search(line)
        if opener is not None:
            out.append((at + (0 if opener.re is GOAL_PARAGRAPH else opener.start() + 1),
                        at + len(line)))
            in_list = True
        elif in_list and (_list_item().match(line) or (wrapped and line.strip())):
            out.append((at, at + len(line)))  # an item, or the rest of a line wrapped mid-sentence
        elif line.strip():
            in_list = False
        if line.strip():
            wrapped = not line.rstrip().endswith(_LINE_STOPS) or len(line.strip()) >= full
        at += len(line) + 1
    return out


# A text whose lines are a printed page's (a PDF's text layer: about 30 characters, all but a
# paragraph's last as wide as the page) wraps its paragraphs: a line as wide as the page goes on in
# the next, even after a 。 Lines of a width above this are paragraphs of their own.
PAGE_LINE_MAX = 45


def _full_width(lines: list[str]) -> int:
    """The width of a full printed line in these lines (their 75th percentile), or a width no line
    reaches when they are not a printed page's."""
    widths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 10)
    if len(widths) < 4:
        return 1 << 30
    width = widths[len(widths) * 3 // 4]
    return width - 1 if width <= PAGE_LINE_MAX else 1 << 30


def _goal_units(units: list[OutlineUnit]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for unit in units:
        if unit.role == "goals":
            out.append(unit.span)
        else:
            out.extend(_goal_units(unit.children))
    return out
