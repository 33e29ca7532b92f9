"""Who issued a notice: the masthead's agencies, a title that names its issuer, the signature
block above the date, a cover letter's co-issuing sentence (the header stage's issuers; find, then
the header writes them with their spans).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..text import Compact
from .extract.common import FULL_DATE
from .extract.gazetteer import find_mentions, region_of, region_prefix
from .outline import trailer_start

MD_LINK = re.compile(r"\[[^\[\]\n]{1,300}\]\([^()\n]{0,600}\)")  # a Markdown link, its text and address
PAGE_SITE = re.compile(r"[-_|｜—]\s*(?P<site>[^-_|｜—\n]{2,30}?)\s*$")
PAGE_TITLE_MIN = 8  # characters of a page's title before its site's name
# A page's 发布机构 field in a compact head (**发布机构**:上海市科学技术委员会**原文链接**…): its value
PUBLISHER_FIELD = re.compile(r"发布机构[*]*[:：][*]*(?P<v>[^*#|:：\[\]]{2,60}?)(?=[*#|\[]|原文|检索|来源|分类|发布|$)")
CO_ISSUE = re.compile(r"(?:联合|共同|研究)(?:制定|印发|制订|起草)")


def text_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:end].splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip())))
        pos += len(line)
    return out


def only_agencies(s: str) -> bool:
    """A compact string made only of agency names (河南省医疗保障局, 省教育厅 省公安厅), or one
    region's body named in full that the gazetteer does not know (平顶山市河长制办公室)."""
    if signs(s):
        return True
    covered = 0
    for m in find_mentions(s, fuzzy=False):
        if m.chain_start != covered:
            return False
        covered = m.start + len(m.name)
    return covered == len(s) and covered > 0


OFFICE = re.compile(r"办公厅|办公室")


def agency_names(s: str) -> list[tuple[str, int, int]]:
    """Full agency names in a compact string: region + department + organ (吉林省民政厅), or a
    national organ's full name (科技部, 国家医疗保障局)."""
    out = []
    for m in find_mentions(s, fuzzy=False):
        if m.chain_start != m.start - len(m.prefix) and m.prefix:
            continue
        name = m.prefix + m.name if m.prefix else m.name
        province, city = region_of(name)
        if not (province or city or m.prefix or m.level == "国家") and _office_after(s, m.start + len(m.name)):
            out.append((name, m.chain_start, m.start + len(m.name)))  # 中国人民银行 of …湖南省分行
        elif province or city or (m.level == "国家" and m.prefix in ("", "国家")):
            end = m.start + len(m.name)
            office = OFFICE.match(s, end)  # 工业和信息化部办公厅 signs for its ministry
            if office and (m.kind == "人民政府" or (not province and not city)) and not s.startswith(
                    "代章", office.end()):  # （国家粮食局办公室代章）: the bureau
                name, end = name + office.group(), office.end()  # a government's 办公厅 is an organ
            out.append((name, m.chain_start, end))
    return _vertical_offices(s, out)


# A national organ's office in a region, named after both (国家税务总局湖南省税务局, 中国人民银行湖南省分行,
# 国家金融监督管理总局湖南监管局): one body.
REGIONAL_OFFICE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:分行|分局|监管局|税务局|管理局|调查总队|监管办公室|监管办)")


def _office_after(s: str, at: int) -> re.Match[str] | None:
    """A region's office named right after a national organ's name, if one is."""
    place = region_prefix(s[at:at + 12])
    return REGIONAL_OFFICE.match(s, at + len(place)) if place else None


def _vertical_offices(s: str, names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    k = 0
    while k < len(names):
        name, a, b = names[k]
        office = None if any(region_of(name)) else _office_after(s, b)
        if office:
            out.append((s[a:office.end()], a, office.end()))
            while k + 1 < len(names) and names[k + 1][1] < office.end():
                k += 1  # the region's name the gazetteer read inside it
        else:
            out.append((name, a, b))
        k += 1
    return out


def _co_issuers(s: str, province: str | None) -> list[tuple[str, int, int]]:
    """Issuers named in a cover letter's "…、…联合制定了《…》" sentence, 省/市 expanded, each with
    the compact range of the name as written (省民政厅 -> 广东省民政厅, pointing at 省民政厅)."""
    m = CO_ISSUE.search(s)
    if not m:
        return []
    sentence_start = max(s.rfind(p, 0, m.start()) for p in "。，,；：")+ 1
    names = []
    prefix = ""
    for mention in find_mentions(s[sentence_start:m.start()], fuzzy=False):
        prefix = mention.prefix or prefix
        full = prefix + mention.name
        if province and full.startswith("省"):
            full = province + full[1:]
        start = sentence_start + (mention.chain_start if mention.prefix else mention.start)
        names.append((full, start, sentence_start + mention.end + len(mention.name) - len(mention.alias)))
    return names


TITLE_PLACE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:省|市|县|区|州|旗)")


def title_issuer(text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """The agency a title opens with, named in full (嵊州市审计局…, 区体育局2024年工作要点), and
    where the text writes it."""
    compact = "".join(text[span[0]:span[1]].split())
    found = find_mentions(compact, fuzzy=False)
    if not found or found[0].kind == "人民政府":
        return None
    first = found[0]
    place, end = compact[:first.start], first.start + len(first.name)
    if not (place == "" or TITLE_PLACE.fullmatch(place)) or end >= len(compact):
        return None  # words before the organ, or the title is nothing but its name
    name = compact[:end]
    at = text.find(name, span[0], span[1])
    return (name, (at, at + len(name))) if at >= 0 else None


def title_lead(text: str, spans: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """The span of what the title writes before its 关于 (its issuer), if anything."""
    if not spans:
        return None
    a, b = spans[0]
    at = text.find("关于", a, b)
    if at <= a:
        return None
    while at > a and text[at - 1].isspace():
        at -= 1
    return a, at


# A body's name that goes on as its website's (湖南省人民政府门户网站, 国务院客户端): a page's source or
# its site's banner, not the issuer.
SITE_AFTER = re.compile(r"门户网站|门户网|网站|官网|官方网站|客户端|微信公众号|政务新媒体|网(?![格络点上])")


def find_issuers(text: str, compact: Compact, head_i: int, after: int, province: str | None,
                 lead_span: tuple[int, int] | None = None) -> tuple[list[str], list[tuple[int, int]]]:
    names: list[str] = []
    spans: list[tuple[int, int]] = []

    def add(name: str, span: tuple[int, int] | None) -> None:
        name = name.replace("（代）", "").replace("(代)", "")
        if name not in names:
            names.append(name)
            if span:
                spans.append(span)

    # 1. the masthead: agency names above the title / doc number — or the title's own lead where
    #    it names a region's body the gazetteer lacks (平顶山市河长制办公室关于印发…, under a
    #    site's 欢迎来到…水利局, which the masthead would take)
    top_i = compact.index(after) if after else 0
    lead = "".join(text[lead_span[0]:lead_span[1]].split()) if lead_span else ""
    pieces = list(re.finditer(r"\S+", text[lead_span[0]:lead_span[1]])) if lead_span else []
    if len(pieces) >= 2 and all(signs(p.group()) for p in pieces):  # 中共云南省委 云南省人民政府关于…
        for p in pieces:
            add(p.group(), (lead_span[0] + p.start(), lead_span[0] + p.end()))  # type: ignore[index]
    elif lead_span and signs(lead) and (any(region_of(lead)) or PARTY.fullmatch(lead)) and not agency_names(lead):
        add(lead, lead_span)
    # (not inside a page's links: [深圳市发展和改革委员会 深圳市财政局关于…的通知](https://…) names
    # another notice's issuers)
    head = MD_LINK.sub(lambda m: "＃" * len(m.group()), compact.s[:top_i])
    # a page's 发布机构 field names who put the page up: where the title names its issuer (上海市
    # 人民政府办公厅印发…), the site's body (上海市科学技术委员会), no issuer
    first = text[:text.find("\n") % (len(text) + 1)]  # a saved page's title: 【…的意见】-国家发展和改革委员会
    site = PAGE_SITE.search(first)  # (its site's body after a dash: no issuer)
    if site and site.start() >= PAGE_TITLE_MIN:
        a, b = compact.slice(*site.span("site"))
        head = head[:a] + "＃" * (min(b, len(head)) - a) + head[b:] if a < len(head) else head
    for m in PUBLISHER_FIELD.finditer(head) if names or (lead and agency_names(lead)) else []:
        head = head[:m.start("v")] + "＃" * len(m.group("v")) + head[m.end("v"):]
    from_head = [] if names else agency_names(head)
    for name, a, b in from_head:
        if not SITE_AFTER.match(compact.s, b):  # 来源：湖南省人民政府门户网站: a site, no issuer
            add(name, compact.span(a, b))
    if from_head:  # the names above the title's 关于, some of them national organs named short
        about = compact.s.find("关于", 0, top_i)
        spans_head = [(a, b) for _, a, b in from_head]
        for _at, name, span in _short_national(compact, 0, about if about >= 0 else top_i, text, [
                (0, "", compact.span(a, b)) for a, b in spans_head], signature=False):
            add(name, span)
        order = sorted(range(len(names)), key=lambda k: spans[k][0] if k < len(spans) else k)
        if len(spans) == len(names):
            names[:] = [names[k] for k in order]
            spans[:] = [spans[k] for k in order]
    for a, b in ([] if names else text_lines(text, 0, after)):  # a red-header masthead the
        m = MASTHEAD.fullmatch("".join(text[a:b].split()))  # gazetteer cannot read: 嵊州市审计局文件
        if m and (signs(m.group("organ")) or MASTHEAD_PLACE.match(m.group("organ"))):
            at = text.find(m.group("organ")[:2], a, b)
            add(m.group("organ"), (at, at + len(m.group("organ"))) if at >= 0 else None)
    # 2. signature blocks: agency names in the lines just above a date line (not the 印发/抄送
    #    lines of the closing block, which name the office that printed it); where the masthead
    #    named the issuer (a portal's 发布机构 names the lead only), a block that signs with it
    #    adds its co-issuers
    masthead = list(names)
    blocks = [_block_names(text, compact, a, b) for a, b in _signature_blocks(text)]
    if len(masthead) > 1:  # a joint masthead names every issuer, unless a block signs more of them
        if "文件" in head:
            return names, spans  # a red header's 文件 masthead: the issuers as printed
        fuller = next((found for found in blocks if len(found) > len(masthead) and any(  # (short names)
            _same(name, m) for _, name, _ in found for m in masthead) and any(
            not any(name.startswith(m) or m.startswith(name) for m in masthead)
            for _, name, _ in found)), None)  # (教育部 signs for its 办公厅: no new issuer)
        if fuller is None:
            return names, spans
        return [name for _, name, _ in sorted(fuller)], [span for _, _, span in sorted(fuller)]
    for found in blocks:
        if masthead and not any(_same(name, m) for _, name, _ in found for m in masthead):
            continue
        for k, short in enumerate(masthead):  # 国家互联网信息办 (the portal's) signs 国家互联网信息办公室
            full = next((name for _, name, _ in found if name != short and _same(name, short)), None)
            if full and short in names:
                names[names.index(short)] = full
                masthead[k] = full
        signed = [name for _, name, _ in sorted(found)]
        for _, name, span in sorted(found):
            add(name, span)
        if masthead:  # the signatures' order is the issuers' (the first leads), the portal's is not
            order = sorted(range(len(names)), key=lambda k: (
                signed.index(names[k]) if names[k] in signed else len(signed), k))
            names[:] = [names[k] for k in order]
            if len(spans) == len(order):
                spans[:] = [spans[k] for k in order]
    # 3. the cover letter's co-issuing sentence
    if not names:
        for name, a, b in _co_issuers(compact.s[:head_i], province):
            add(name, compact.span(a, b))
    return names, spans


def _block_names(text: str, compact: Compact, block_start: int,
                 block_end: int) -> list[tuple[int, str, tuple[int, int]]]:
    """The agencies a signature block names: (offset, name, span), the office that printed it not."""
    found: list[tuple[int, str, tuple[int, int]]] = []
    whole = _national_lines(text, block_start, block_end)
    i, j = compact.slice(block_start, block_end)
    for name, a, b in agency_names(compact.s[i:j]):
        span = compact.span(i + a, i + b)
        line = text[text.rfind("\n", 0, span[0]) + 1:text.find("\n", span[1]) % (len(text) + 1)]
        below = text[span[1]:span[1] + 40].lstrip().split("\n", 1)[0]
        if "印发" in below:
            continue  # 镇江市人民政府办公室 over 2020年6月2日印发: the office that printed it
        if not NOT_SIGNATURE.search("".join(line.split())) and not any(
                x <= span[0] < y for _, (x, y) in whole):
            found.append((span[0], name, span))
    found += [(span[0], name, span) for name, span in whole]
    found += _short_national(compact, i, j, text, found)
    return found


def _same(name: str, other: str) -> bool:
    """One body, one name its short form's start (国家互联网信息办公室, 国家互联网信息办)."""
    return name == other or (min(len(name), len(other)) >= 4 and (name.startswith(other) or other.startswith(name)))


def _short_national(compact: Compact, i: int, j: int, text: str,
                    found: list[tuple[int, str, tuple[int, int]]],
                    signature: bool = True) -> list[tuple[int, str, tuple[int, int]]]:
    """National organs a joint signature block names short, beside ministries named in full
    (卫生健康委 教育部 财政部 … 医保局 药监局: 国家卫生健康委, 国家医疗保障局): a known function's organ
    with no place before it, where another name of the block is a national organ. In a signature
    block (``signature``) a line that prints or sends (印发, 抄送) names no signer; above a title
    its line is the title's own (…医保局 药监局关于印发…)."""
    mentions = find_mentions(compact.s[i:j], fuzzy=False)
    if not any(m.level == "国家" for m in mentions):
        return []
    taken = [span for _, _, span in found]
    out = []
    for m in mentions:
        if m.prefix or m.level == "国家" or m.kind.startswith("其他") or any(region_of(m.name)):
            continue
        span = compact.span(i + m.start, i + m.start + len(m.name))
        line = text[text.rfind("\n", 0, span[0]) + 1:text.find("\n", span[1]) % (len(text) + 1)]
        if (signature and NOT_SIGNATURE.search("".join(line.split()))) or any(
                x <= span[0] < y for x, y in taken):
            continue
        out.append((span[0], m.name, span))
    return out


# Lines of a closing block that name an agency without signing: the 印发/抄送 lines (the office that
# printed it), and contact lines (联系人：国家卫生健康委老龄司 白宇; …装备工业司 张三 010-68205624).
NOT_SIGNATURE = re.compile(r"印发|抄送|公开|联系|电话|传真|邮箱|地址|\d{3,4}[-－]?\d{7,8}")


# A signature line that is a national organ's full name as printed (中华人民共和国住房和城乡建设部,
# 中国民用航空局, 国家铁路局): the whole line signs, whether or not the gazetteer knows the organ.
NATIONAL_ORGAN = re.compile(
    r"国务院(?:办公厅)?|(?:中华人民共和国|中国|国家|国务院)[\u4e00-\u9fff]{1,18}?(?:部|总局|局|委员会|署|办公厅|办公室|总署)")


# …or a region's body the gazetteer does not know, named in full on its line (安康市安全生产委员会办公室,
# 平顶山市河长制办公室): a place the gazetteer knows, then a name ending as an organ does.
REGIONAL_ORGAN = re.compile(
    r"[\u4e00-\u9fff]{2,24}?(?:委员会办公室|办公室|办公厅|委员会|领导小组|指挥部|管委会|人民政府|局|厅)")


# …or a government of any level named in full (闵行区莘庄镇人民政府, 某县人民政府办公室): places the
# gazetteer does not know sign so too.
GOVERNMENT = re.compile(r"[\u4e00-\u9fff]{1,14}(?:省|市|区|县|镇|乡|旗|州|盟|街道)人民政府(?:办公厅|办公室)?")


# A party committee issuing with its government (中共中央 国务院, 中共云南省委 云南省人民政府).
PARTY = re.compile(r"中共中央(?:办公厅)?|中国共产党中央委员会"
                   r"|中共[\u4e00-\u9fff]{2,12}?(?:省|市|县|区|州|盟|旗)委(?:员会)?(?:办公厅|办公室)?")
# The masthead of a red-header document: an organ's name and 文件 on a line of its own.
MASTHEAD = re.compile(
    r"(?P<organ>[\u4e00-\u9fff]{2,30}?(?:委员会办公室|办公室|办公厅|委员会|人民政府|政府|局|厅|委|办))文件")
MASTHEAD_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:省|市|县|区|州|旗|镇|乡)")


# A signature run into its line (a crawled page whose paragraphs are one line): after a sentence
# end, an organ's name (and the office that sealed for it), then the date, not a 印发 date.
RUN_ON_SIGNATURE = re.compile(
    r"(?<=[。！；;])[ \t\u3000]*(?P<org>[\u4e00-\u9fff]{4,30}?(?:委员会办公室|办公室|办公厅|委员会|指挥部|人民政府|"
    r"管委会|管理局|局|厅|委|办|部|中心))(?:[ \t\u3000]*[（(][^（）()\n]{2,30}代章[）)])?[ \t\u3000]*"
    r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?!印发)")


def run_on_signature(text: str) -> re.Match[str] | None:
    """The first signature run into its line: its organ and date."""
    return RUN_ON_SIGNATURE.search(text)


def signs(written: str) -> bool:
    """A line (as written) that is one organ's full name."""
    line = "".join(written.split())
    if NOT_SIGNATURE.search(line):
        return False
    if NATIONAL_ORGAN.fullmatch(line) or GOVERNMENT.fullmatch(line) or PARTY.fullmatch(line):
        return True
    if len(written.strip().split()) != 1 or len(line) > 30:  # two names side by side: no
        return False
    return (bool(REGIONAL_ORGAN.fullmatch(line)) and any(region_of(line))) or _place_organ(line)


# A place the gazetteer does not know (a district, a county: 黄浦区, 某某县) before an organ it knows
# (发展和改革委员会, 民政局), the whole line.
PLACE = re.compile(r"(?!全|各|本|该|我|有关|相关|其他|上述|所在|辖)[\u4e00-\u9fff]{1,8}(?:省|市|区|县|旗|州|盟|镇|乡)")


PIECE_ORGANS = ("局", "委员会", "办公室", "厅", "委")
PIECE_MAX = 20
SHORTEST_PLACE = re.compile(PLACE.pattern.replace("{1,8}", "{1,8}?"))  # 黄浦区 of 黄浦区教育局黄浦区…


def _place_organ(line: str) -> bool:
    if not PLACE.match(line):  # no place opens the line: the gazetteer is not asked
        return False
    found = [m for m in find_mentions(line, fuzzy=False) if not m.kind.startswith("其他")]
    return (len(found) == 1 and found[0].start + len(found[0].name) == len(line)
            and bool(PLACE.fullmatch(line[:found[0].start])))


def _national_lines(text: str, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
    """The lines of a signature block that are each an organ's full name (a national organ's, or
    a region's the gazetteer may not know)."""
    out = []
    for a, b in text_lines(text, start, end):
        line = "".join(text[a:b].split())
        if signs(text[a:b]) and len(agency_names(line)) < 2:  # two names run together are two
            lead = len(text[a:b]) - len(text[a:b].lstrip())
            out.append((line, (a + lead, b)))
        elif " " not in text[a:b].strip():
            out.extend(_run_together(text, a, b))
    return out


def _run_together(text: str, a: int, b: int) -> list[tuple[str, tuple[int, int]]]:
    """A signature line of several bodies of one place run together (黄浦区发展和改革委员会黄浦区
    建设和管理委员会): cut before each repeat of the place that opens it, where every piece signs."""
    a += len(text[a:b]) - len(text[a:b].lstrip())
    place = SHORTEST_PLACE.match(text, a, b)
    if not place:
        return []
    cuts = [k for k in range(place.end(), b) if text.startswith(place.group(), k)]
    if not cuts:
        return []
    edges = [a, *cuts, b]
    pieces = [(text[x:y], (x, y)) for x, y in pairwise(edges)]
    # (a piece the gazetteer does not know signs by its organ word once its neighbours sign:
    # 黄浦区城市管理行政执法局 beside 黄浦区科学技术委员会)
    known = [signs(piece) for piece, _ in pieces]
    organs = [ok or (len(piece) <= PIECE_MAX and piece.endswith(PIECE_ORGANS))
              for ok, (piece, _) in zip(known, pieces, strict=True)]
    return pieces if any(known) and all(organs) else []


def _signature_blocks(text: str) -> list[tuple[int, int]]:
    """Runs of short lines (no sentence punctuation) that end right above a date line."""
    lines = [(a, b) for a, b in text_lines(text, 0, len(text)) if text[a:b].strip()]
    blocks = []
    for k, (a, b) in enumerate(lines):
        if not FULL_DATE.fullmatch("".join(text[a:b].split())):
            continue
        start = a
        for pa, pb in reversed(lines[:k]):
            body = "".join(text[pa:pb].split())
            if len(body) > 40 or re.search(r"[。，,；;：:]", body):
                break
            start = pa
        if start < a:
            blocks.append((start, a))
    # the closing block of the whole text (signatures after the last paragraph), up to its last
    # date line where it has one (what follows it — a 印发 line, the next document's title — signs not)
    tail = trailer_start(text)
    if tail < len(text):
        dated = [b for a, b in lines if a >= tail and FULL_DATE.search("".join(text[a:b].split())[-11:])]
        if dated or not blocks:  # (undated, after a signed date: a page's footer of links to other sites)
            blocks.append((tail, dated[-1] if dated else len(text)))
    return blocks
