"""Header: title, 发文字号, issuers, recipients (主送), issue date, region and document type.

Read with the grammar of 公文 layout rather than any notice's wording: the header block comes
before the first numbered section; the 主送 line ends with a colon; the signature block sits above
a date line; a cover letter names its co-issuers in a "…联合制定/印发了《…》" sentence.
"""

from __future__ import annotations

import re

from ..config import Config
from ..model import Body, Doc, Notice, Region
from ..text import TITLE, Compact, clean_inline, notice_compact
from .extract.common import FULL_DATE, find_doc_numbers
from .extract.gazetteer import find_mentions, region_of, regions
from .extract.labels import body_endings
from .header_dates import ISO_DATE, date_value, find_issue_date
from .header_fields import PUBLISHER, find_fields, split_issuers
from .header_issuers import (
    agency_names,
    find_issuers,
    only_agencies,
    run_on_signature,
    title_issuer,
    title_lead,
)
from .header_promulgation import find_promulgation
from .header_recipients import find_recipients
from .notice_ends import another_notice

GENRES = "通知|意见|方案|决定|批复|复函|函|报告|办法|规定|答复|通报|公告|通告|规划|计划|细则|纲要|要点"
REPLY_MARKERS = ("收悉", "答复如下", "提案", "议案", "建议》")


def _header_end(notice: Notice) -> int:
    if notice.sections:
        return notice.sections[0].span[0]
    if notice.tasks:
        return notice.tasks[0].span[0]
    return min(len(notice.text), 1500)


def _balanced(s: str) -> bool:
    return s.count("《") == s.count("》")


def find_title(text: str, compact: Compact, end: int) -> tuple[str, tuple[int, int]] | None:
    """The notice's own title: a line-initial 关于…<genre> (with 《》 balanced) in the header."""
    i_end = compact.index(end)
    s = compact.s[:i_end]
    heading = MD_TITLE.search(text, 0, end)  # ## 商务部等14部门关于印发…的通知: a page's heading says it
    if heading and TITLE_LINE.fullmatch("".join(heading.group("title").split())):
        a, b = heading.span("title")
        number = NUMBER_AFTER_TITLE.search(text, a, b)  # …的通知(发改能源〔2023〕1294号): no part of it
        b = number.start() if number else b
        return clean_inline(text[a:b]), (a, b)
    for m in re.finditer("关于", s):
        start_text = compact.pos[m.start()]
        line_start = text.rfind("\n", 0, start_text) + 1
        lead = "".join(text[line_start:start_text].split()).strip("#*|")  # | a Markdown cell
        if lead and not only_agencies(lead):
            continue
        first = m.start() - len(lead)
        # the agency line above (省教育厅\n关于…), also when the agencies run on into the title's
        # line (卫生健康委 教育部 …\n医保局 药监局关于…)
        above = _agency_line_above(text, line_start)
        if above is not None:
            first = compact.index(above)
        for g in re.finditer(rf"(?:{GENRES})", s[m.start():m.start() + 140]):
            candidate = s[m.start():m.start() + g.end()]
            following = s[m.start() + g.end():m.start() + g.end() + 1]
            if following == "的" and re.match(rf"的[\u4e00-\u9fff]{{0,4}}?(?:{GENRES})", s[m.start() + g.end():][:12]):
                continue  # 关于印发养老服务办法的通知: the document it issues, then its own genre
            if _balanced(candidate) and following != "》" and "。" not in candidate:
                marker = VERSION.match(s, m.start() + g.end())  # …若干意见(试行)
                span = compact.span(first, marker.end() if marker else m.start() + g.end())
                return clean_inline(text[span[0]:span[1]]), span
    return _title_line(text) or _transmitted_title(text) or _page_title(text)


NUMBER_AFTER_TITLE = re.compile(r"[ \t]*[（(][^（）()\n]{0,20}[〔\[［【]\d{4}[〕\]］】]\d{1,5}号[）)][ \t]*$")
MD_TITLE = re.compile(r"^#{1,6}[ \t]+(?P<title>[^\n#]*关于[^\n#]*?)[ \t]*$", re.M)
VERSION = re.compile(r"[（(](?:试行|暂行|征求意见稿|草案|送审稿|修订稿|修订)[）)]")


# A cover letter with no title of its own that opens with the document it issues:
# 《医疗保障基金…管理办法（试行）》已经…审议通过，现印发给你们: the notice is that document.
TRANSMITS = re.compile(r"^[^。]{0,80}?《(?P<title>[^《》]{4,80})》[^。]{0,60}?(?:现)?印发(?:给)?你们")


def _transmitted_title(text: str) -> tuple[str, tuple[int, int]] | None:
    m = TRANSMITS.search(text[:400])
    if not m:
        return None
    return clean_inline(m.group("title")), m.span("title")


# A title without 关于 (吉林省养老服务质量提升行动方案, 新一代人工智能伦理规范): a short line of its own that
# ends in a document genre, among the first lines before any sentence.
LINE_GENRES = (GENRES + "|规范|条例|准则|指南|指引|措施|规则|章程|标准|原则|若干政策|指南建议"
               "|制度|清单|任务分解|责任分工|任务分工|分解表")  # a work system, a task list
TITLE_LINE = re.compile(rf"[^。，,；;：:！？?、]{{2,58}}(?:{LINE_GENRES})(?:[（(][^）)]{{1,20}}[）)])?")


# A title's draft or version marker printed on a line of its own under it (（二次征求意见稿）, （试行）).
MARKER_LINE = re.compile(r"[ \t\u3000]*[（(][^（）()\n。，]{0,16}(?:稿|试行|暂行|版|草案)[）)][ \t\u3000]*(?=\n|$)")


def _with_marker_line(text: str, end: int) -> int:
    """The end of a title ending at ``end``, with the marker line right under it if there is one."""
    m = MARKER_LINE.match(text, end + 1) if text[end:end + 1] == "\n" else None
    return m.end() if m else end


def _title_line(text: str) -> tuple[str, tuple[int, int]] | None:
    at = 0
    pending: tuple[int, str] | None = None  # a title's first line, wrapped before its genre
    for seen, line in enumerate(text.split("\n")):
        body = line.strip(" \t\u3000\u2002\u2003#*")
        start = at + line.find(body) if body else at
        at += len(line) + 1
        if seen > 12 or "。" in line or OUTLINE_START.match(body):
            return None
        compact = "".join(body.split())
        if not body:
            continue
        if DOC_NUMBER_LINE.search(body) or only_agencies(compact) or compact.endswith("文件"):
            pending = None  # a masthead, a doc number or an agency line: no part of a title
            continue
        joined = (pending[1] + compact) if pending else compact
        if TITLE_LINE.fullmatch(joined) and not joined.startswith(("《", "第")):
            begin = pending[0] if pending else start
            end = _with_marker_line(text, start + len(body))
            return clean_inline(text[begin:end]), (begin, end)
        short = (len(compact) <= 30 and not re.search(r"[，,；;：:！？?、（(]", compact)
                 and bool(re.search(r"[\u4e00-\u9fff]", compact)))  # not a site's Latin name (Baidu)
        pending = (start, compact) if short and pending is None else None
    return None


# A portal's page (saved with its navigation): the title is the line right above the page's
# 发布日期/发布时间 line, wherever the navigation puts it.
PUBLISHED_LINE = re.compile(r"^[ \t\u3000]*(?:发布日期|发布时间|发文日期|公开日期)[ \t\u3000]*[:：][ \t\u3000]*\d{4}",
                            re.M)
PAGE_SEARCH = 8000  # characters of a saved page read for it (its navigation comes first)


def _page_title(text: str) -> tuple[str, tuple[int, int]] | None:
    """The line above the first 发布日期 line, when it reads as a title (a short line ending in a
    document genre)."""
    m = PUBLISHED_LINE.search(text, 0, PAGE_SEARCH)
    if m is None:
        return None
    end = m.start()
    while end > 0 and text[end - 1].isspace():
        end -= 1
    begin = text.rfind("\n", 0, end) + 1
    body = text[begin:end].strip(" \t\u3000#*")
    if not (body and TITLE_LINE.fullmatch("".join(body.split()))):
        return None
    a = begin + text[begin:end].find(body)
    return clean_inline(body), (a, a + len(body))


OUTLINE_START = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]|^第[一二三四五六七八九十百\d]+[章条节]")
DOC_NUMBER_LINE = re.compile(r"〔\d{4}〕|\[\d{4}\]|\d+号$")


def _agency_line_above(text: str, line_start: int) -> int | None:
    """Offset of the line right above ``line_start`` when it holds only the issuing agencies.

    A title printed as "<agency>\n关于…的通知" keeps its agency; a masthead line ending in 文件,
    or a line separated by a blank line, is not part of the title.
    """
    if line_start < 2:
        return None
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    line = "".join(text[prev_start:line_start].split())
    if not line or line.endswith("文件") or not only_agencies(line):
        return None
    return prev_start


def run(notice: Notice, cfg: Config) -> Notice:
    text = notice.text
    compact = notice_compact(notice)
    head_end = _header_end(notice)
    doc = Doc()
    spans: dict[str, list[tuple[int, int]]] = {}
    head_i = compact.index(head_end)
    head = compact.s[:head_i]
    titles = [(a, b) for a, b in (m.span() for m in TITLE.finditer(head))]
    starts = compact.line_starts()
    # a bracketed number is a citation (《…》（国发〔2017〕35号）) unless its bracket opens a line
    # of its own: a 函's number under its title (（科技发展函〔2021〕182号）)
    words = starts | compact.word_starts(head_end)  # a one-line page's furniture before the number (QQ空间 岚综…)
    own = next((d for d in find_doc_numbers(head, words)
                if not any(a <= d.start < b for a, b in titles)
                and (head[d.start - 1:d.start] not in ("（", "(") or d.start - 1 in starts)), None)
    if own:
        doc.doc_number = own.value
        spans["doc_number"] = [compact.span(own.start, own.end)]
    title = find_title(text, compact, head_end)
    after_title = 0
    if title:
        doc.title, span = title
        spans["title"] = [span]
        after_title = span[1]
    after = max(after_title, compact.span(own.start, own.end)[1] if own else 0)
    doc.recipients, rspans = find_recipients(text, compact, after, head_end)
    if rspans:
        spans["recipients"] = rspans
    doc_year = own.year if own else None
    # the header's own date line first; a notice whose header has none is dated by its body's end
    other = another_notice(text)  # a text holding several notices: this one's date is before the next
    own_end = other[0] if other else len(text)
    date = find_issue_date(text[:min(head_end, own_end)], doc_year) or find_issue_date(text[:own_end], doc_year)
    signed = run_on_signature(text)
    if date is None and signed:  # …请认真组织实施。 某某局2022年6月14日 (a page run into one line)
        value = date_value(signed, doc_year)
        date = (value, (signed.start("y"), signed.end())) if value else None
    if date:
        doc.issue_date, dspan = date
        spans["issue_date"] = [dspan]
    promulgated = find_promulgation(text)  # a regulation's 2022年6月6日 …部令第2号公布 under its title
    if promulgated and not doc.issue_date:
        doc.issue_date, spans["issue_date"] = promulgated.date, [promulgated.date_span]
    if promulgated and promulgated.order and not doc.doc_number:
        doc.doc_number, spans["doc_number"] = promulgated.order, [promulgated.order_span]  # type: ignore[list-item]
    doc.region = _region(notice, doc, compact, head_i)
    doc.issuers, ispans = find_issuers(text, compact, head_i, after, doc.region.province,
                                   title_lead(text, spans.get("title")))
    if ispans:
        spans["issuers"] = ispans
    if not doc.issuers and signed:
        doc.issuers, spans["issuers"] = [signed.group("org")], [signed.span("org")]
    if not doc.issuers and promulgated:  # the organ that adopted or promulgated the regulation
        doc.issuers, spans["issuers"] = [promulgated.organ], [promulgated.organ_span]
    if not doc.issuers and doc.title:  # a title that opens with its issuer (嵊州市审计局审计整改…制度)
        first = title_issuer(text, spans["title"][0])
        if first:
            doc.issuers, spans["issuers"] = [first[0]], [first[1]]
    _from_fields(doc, spans, text)
    lead = title_lead(text, spans.get("title"))
    if signed and lead and signed.group("org") not in doc.issuers and "".join(
            text[lead[0]:lead[1]].split()).lstrip("#* ") in signed.group("org"):
        # a portal's 发布机构 is the site's body; the title and the signature name the issuer
        doc.issuers, spans["issuers"] = [signed.group("org")], [signed.span("org")]
    doc.region = _issuers_city(doc.region, doc.issuers)
    doc.region = _settle_region(doc, compact.s)
    doc.doc_type = _doc_type(doc, compact.s)  # type: ignore[assignment]
    if doc.title and ("**" in doc.title or "#" in doc.title):  # a Markdown page's marks: bold
        # (…关于印发** **国家碳达峰…; not a name masked with asterisks, 2025年**县…) and a heading's,
        # wrapped onto a second # line (…便捷超充⏎⏎# 行动计划…)
        doc.title = re.sub(r"\*\*\s+\*\*|^\*\*|\*\*$|\s*#+\s*", "", doc.title).strip() or None
    doc.spans = spans
    doc.issuer_bodies = _bodies(doc.issuers, spans.get("issuers", []), text)
    doc.recipient_bodies = _bodies(doc.recipients, spans.get("recipients", []), text)
    notice.doc = doc
    return notice


def _bodies(names: list[str], spans: list[tuple[int, int]], text: str) -> list[Body]:
    """Each name with its span (read with it, else where the text first writes it) and kind."""
    out = []
    for k, name in enumerate(names):
        span = spans[k] if len(spans) == len(names) else _locate(name, text)
        if span is None:
            continue  # a value with no characters is not given as a body
        found = find_mentions("".join(name.split()), fuzzy=False)
        out.append(Body(name=name, kind=found[-1].kind if found else None, span=span))
    return out


def _locate(name: str, text: str) -> tuple[int, int] | None:
    at = text.find(name)
    return (at, at + len(name)) if at >= 0 else None


def _from_fields(doc: Doc, spans: dict[str, list[tuple[int, int]]], text: str) -> None:
    """A labelled header (a web page's metadata table) states the fields outright: its values
    replace what the layout heuristics guessed."""
    for field in find_fields(text):
        if field.name == "issuers":
            # a body's name, not the site's (发布机构: 中国平潭): else what the text names stays
            found = [(name, span) for name, span in split_issuers(field.value, field.span[0])
                     if _names_a_body(name)]
            if found and doc.issuers and field.label == PUBLISHER:
                continue  # who put the page up (上海市科学技术委员会; 国家互联网信息办, the lead of seven):
                # the signatures or the title's lead name the issuers
            if found:
                doc.issuers = [name for name, _ in found]
                spans["issuers"] = [span for _, span in found]
        elif field.name == "issue_date":
            m = FULL_DATE.search(field.value) or ISO_DATE.search(field.value)  # 2025-09-29 on a portal
            value = date_value(m, None) if m else None
            if value:
                doc.issue_date = value
                spans["issue_date"] = [field.span]
        elif field.name == "doc_number":
            number = find_doc_numbers("".join(field.value.split()), {0})
            if number:
                doc.doc_number = number[0].value
                spans["doc_number"] = [field.span]
        else:
            doc.title = clean_inline(field.value)
            spans["title"] = [field.span]


def _names_a_body(name: str) -> bool:
    """Whether a metadata field's value names a body: it ends as a body's name does, or the
    gazetteer knows it (a portal's own name, 中国平潭, is none)."""
    compact = "".join(name.split())
    return compact.endswith(body_endings()) or bool(find_mentions(compact, fuzzy=False))


def _region(notice: Notice, doc: Doc, compact: Compact, head_i: int) -> Region:
    """Province and city from agency names, else the doc-number prefix, else the manifest."""
    reg = regions()
    province = city = None
    head = compact.s[:head_i]
    # an agency named in the header block: not on a 主送 line (上海市人民政府：, a list that ends in
    # a colon) and not inside the sentences of a body or a news item (…召开。江苏省经信委…)
    text = notice.text
    named = []
    for n, a, b in agency_names(head):
        start, end = compact.span(a, b)
        line_end = text.find("\n", end)
        line = text[text.rfind("\n", 0, start) + 1:line_end if line_end >= 0 else len(text)]
        if "。" not in head[:a] and not line.rstrip().endswith(("：", ":")):
            named.append(n)
    for name in doc.issuers or named:
        p, c = region_of(name)
        province = province or p
        city = city or c
    if doc.doc_number and not province:
        first = doc.doc_number[0]
        if first in reg["abbr"]:
            province = reg["abbr"][first]
        elif first in reg["city_abbr"]:
            city = reg["city_abbr"][first]
            province = reg["city_province"].get(city)
    province = province or notice.source.province
    if city is None and notice.source.city and (province in (None, notice.source.province)):
        city = notice.source.city
    if city and province and reg["city_province"].get(city, province) != province:
        city = None  # a city of another province is no part of this notice's region
    return Region(province=province, city=city)


def _issuers_city(region: Region, issuers: list[str]) -> Region:
    """A region without a city takes the city of an issuer its header did not name (a cover
    letter signed by 青岛市工业和信息化局 under a provincial notice's text), within its province."""
    if region.city:
        return region
    for name in issuers:
        province, city = region_of(name)
        province = province or regions()["city_province"].get(city or "")
        if city and region.province in (None, province):
            return Region(province=province, city=city)
    return region


NATIONAL = re.compile(r"^(?:国务院|中共中央|全国|中华人民共和国|中央|国家)")
# How a notice speaks of its own jurisdiction: 我市/全市 (a city's notice) or 我省/全省 (a province's).
CITY_SELF = re.compile(r"我市|全市|本市")
PROVINCE_SELF = re.compile(r"我省|全省|本省|我区|全区|本区")


def _settle_region(doc: Doc, s: str) -> Region:
    """The region once the issuers are known: none for a notice that only national bodies issue
    (国务院's reply about 雄安新区 is national); for a city's notice whose header names no city
    (我市, 全市 … more often than 我省, 全省), the city of its province that its text names most."""
    if doc.issuers and all(NATIONAL.match(name) or (name.endswith(("部", "总局"))
                           and region_of(name) == (None, None)) for name in doc.issuers):
        return Region(province=None, city=None)
    region = doc.region
    if region.city or not region.province:
        return region
    city_self, province_self = len(CITY_SELF.findall(s)), len(PROVINCE_SELF.findall(s))
    reg = regions()
    counts: dict[str, int] = {}
    for city, prov in reg["city_province"].items():
        if prov != region.province:
            continue
        short = re.sub(r"(市|地区|盟|自治州)$", "", city)
        counts[city] = len(re.findall(re.escape(short if len(short) >= 2 else city), s))
    best = max(counts, key=counts.__getitem__, default=None)
    if best is None or counts[best] < 2 or sorted(counts.values())[-2:] == [counts[best]] * 2:
        return region
    named = [c for c, n in counts.items() if n]
    # 我市/全市 more often than 我省/全省; or a text that never speaks as a province and names one
    # city only, again and again (规范青岛市智能网联汽车道路测试…)
    if (city_self >= 2 and city_self > province_self) or (
            province_self == 0 and named == [best] and counts[best] >= 3):
        return Region(province=region.province, city=best)
    return region


def _doc_type(doc: Doc, s: str) -> str:
    title = doc.title or ""
    number = doc.doc_number or ""
    if "答复" in title or "议" in number or "提" in number or any(w in s[:600] for w in
                                                                  REPLY_MARKERS):
        return "proposal_reply"
    if ("印发" in title and re.search(r"(方案|计划|办法|意见|规划|细则|要点|规定)》", title)) or (
            "现印发给你们" in s or ("现将《" in s and "印发给你们" in s)):
        return "implementation_plan"
    if title.endswith("通知"):
        return "notice"
    return "other"
