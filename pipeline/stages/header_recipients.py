"""Whom a notice is addressed to: its 主送 paragraph, the first colon-ended run of agencies after
the title, split into bodies with a group's jurisdiction carried (the header stage's recipients).
"""

from __future__ import annotations

import re

from ..text import Compact
from .extract.gazetteer import find_mentions, region_prefix

JURISDICTION_CHARS = "各辖市区县州省地级以上直属旗盟乡镇街道（）()、"


def _split_outside_brackets(s: str) -> list[tuple[int, int, str]]:
    """Split on 、，, outside brackets: (start, end, separator that ended the piece)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(s + "，"):
        if ch in "（(〈<":
            depth += 1
        elif ch in "）)〉>":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、，,":
            if k > start:
                out.append((start, k, ch))
            start = k + 1
    return out


JURISDICTION_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:省|市|县|区|州|盟|旗)(?:（[^）]*）)?$")
ORGAN_PIECE = re.compile(r"^(?:委|办|局|厅|室|处)$")  # 市政府各委、办、局: the organs of one list


def _merge_jurisdictions(body: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """各市、县（市、区）教育局, 各省、自治区、直辖市人民政府: a piece that is only a jurisdiction joins
    the piece after it; 市政府各委、办、局: an organ's word alone joins the piece before it."""
    out: list[tuple[int, int, str]] = []
    pending: int | None = None
    for a, b, sep in pieces:
        piece = body[a:b]
        if out and ORGAN_PIECE.match(piece) and body[a - 1:a] == "、":
            out[-1] = (out[-1][0], b, sep)
            continue
        if sep == "、" and (JURISDICTION_PIECE.match(piece) or region_prefix(piece) == piece) \
                and not find_mentions(piece, fuzzy=False):  # 陕西、黑龙江、四川测绘地理信息局
            pending = a if pending is None else pending
            continue
        out.append((pending if pending is not None else a, b, sep))
        pending = None
    return out


# A 主送 list's bodies a gazetteer has no word for: the units of a level or a kind (区直各单位, 各区属
# 公司, 各有关单位), a zone's committee or bureau (大鹏新区管委会, 各片区开发管理局), a government or a corps.
GENERIC_RECIPIENT = re.compile(
    r"^[\u4e00-\u9fff（）、]{0,30}(?:单位|部门|机构|企业|国企|公司|学校|高校|管委会|管理委员会|管理局|办事处"
    r"|人民政府|政府|兵团|委员会|各委、办、局|办公室)$")
# …and a list of such units alone says whom only where a government or a committee stands among them
GOVERNMENT_RECIPIENT = re.compile(r"(?:人民政府|政府|管委会|单位)$")


# A person a reply is addressed to (杨**, 张委员, 李明代表), not a web page's field (点击数：, 【字体：)
# or a lead-in (全文如下：).
PERSON = re.compile(r"[\u4e00-\u9fff][*＊×]{1,3}|[\u4e00-\u9fff]{1,4}(?:代表|委员|同志|先生|女士)"
                    # …or bodies a gazetteer has no word for: 各相关单位, 北京工业大学
                    r"|各[\u4e00-\u9fff]{0,4}(?:单位|部门|机构|企业|学校|高校)"
                    r"|[\u4e00-\u9fff]{2,12}(?:大学|学院|研究院|研究所|医院|公司|集团|协会|学会)")
PAGE_WORDS = ("点击", "浏览", "字体", "作者", "来源", "时间", "日期", "分享", "打印", "关闭", "编辑", "阅读",
              "访问", "位置", "栏目", "发布")


def _recipient_list(body: str) -> list[tuple[str, int, int]] | None:
    """Agencies of a 主送 paragraph with prefixes carried, or None if it is not one."""
    pieces = _merge_jurisdictions(body, _split_outside_brackets(body))
    if not pieces:
        return None
    if (len(pieces) == 1 and PERSON.fullmatch(body) and not any(w in body for w in PAGE_WORDS)
            and not find_mentions(body, fuzzy=False)):
        return [(body, 0, len(body))]  # a person: 杨**
    out: list[tuple[str, int, int]] = []
    prefix = ""
    generic = 0
    for k, (a, b, sep) in enumerate(pieces):
        piece = body[a:b]
        mentions = find_mentions(piece, fuzzy=False)
        core = re.sub(r"[（(][^（）()]*[）)]$", "", piece)
        if not mentions or not any(m.start + len(m.name) == len(core) for m in mentions):
            if GENERIC_RECIPIENT.match(core) and not any(w in piece for w in PAGE_WORDS):
                generic += 1
            elif k == 0:
                return None
            out.append((piece, a, b))
            continue
        first = mentions[0]
        if k == 0 and first.start > 12 and "、" not in piece[:first.start]:
            # unreadable OCR before the agencies: keep the jurisdiction (not a list of them)
            lead = re.search(rf"[{JURISDICTION_CHARS}]*$", piece[:first.start])
            a += lead.start() if lead else first.start
            piece = body[a:b]
            mentions = find_mentions(piece, fuzzy=False)
            first = mentions[0]
        if first.start > 0:
            prefix = piece[:first.start]
            value = piece
        else:
            value = prefix + piece
        out.append((value.replace("(", "（").replace(")", "）"), a, b))
        if sep in "，,":
            prefix = ""
    known = sum(1 for v, _, _ in out if find_mentions(v, fuzzy=False))
    if 2 * (known + generic) < len(out):
        return None  # mostly words that name no body
    if not known and generic > 1 and not any(GOVERNMENT_RECIPIENT.search(v) for v, _, _ in out):
        return None  # units in general only, no government or committee among them
    return out



def find_recipients(text: str, compact: Compact, start: int, end: int) -> tuple[list[str], list[
        tuple[int, int]]]:
    """The 主送 paragraph: the first colon-ended run of agencies after the title, split.

    Agencies are split on 、 and ，outside brackets; the jurisdiction prefix of a group's first
    agency (各市（州）) is carried to the agencies after it that have none.
    """
    i, j = compact.slice(start, end)
    s = compact.s[i:j]
    previous = 0
    for m in re.finditer(r"[：:]", s):
        body_start = max(previous, *(s.rfind(p, 0, m.start()) + 1 for p in "。；》"))
        previous = m.end()
        numbers = list(DOCNUM_END.finditer(s, body_start, m.start()))
        if numbers:  # a web page's title and number run into the 主送 line: it starts after them
            body_start = numbers[-1].end()
        titles = list(TITLE_END.finditer(s, body_start, m.start()))
        if titles:  # …的实施意见区直各单位，…: a page's title run into it
            body_start = titles[-1].end()
        while body_start < m.start() and s[body_start] in "*#>-_）)":  # a Markdown line's marks, a
            # bracketed number's close (（科技发展函〔2021〕182号）各有关单位：)
            body_start += 1
        found = _recipient_list(s[body_start:m.start()])
        if found:
            return ([v for v, _, _ in found],
                    [compact.span(i + body_start + a, i + body_start + b) for _, a, b in found])
    return [], []


DOCNUM_END = re.compile(r"[〔\[［【(（]\d{4}[〕\]］】)）]\d{1,5}号")
# A title's end (…的通知, …的实施意见): no 主送 list holds one.
TITLE_END = re.compile(r"的(?:[\u4e00-\u9fff]{0,4}(?:通知|意见|批复|决定|复函|函|方案|办法|细则|要点|规定))")
