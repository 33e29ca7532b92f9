"""Numbering styles (resources/numbering.toml) and the markers they find in a text.

A *marker* is a candidate unit number: where it stands, its style, its value. Markers are only
candidates; the grammar (``grammar.py``) decides which ones open units.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from ...resources import load_toml
from ...text import CJK, CN_DIGITS, alternation, first_guard
from .headings import BRACKETED, label_cues
from .tables import find_rows

# Indentation and Markdown before a number: any Unicode whitespace, BOM, #, >, *, -, +, |.
# What may stand before a line's number: indentation, Markdown marks, and a ？ an encoding left for
# a character it lacked (？ **二、重点任务**: a page saved in GBK with a no-break space).
LEAD = re.compile(r"[\s\ufeff#>*|]*(?:[-+][ \t]+[\s>*]*)?(?:[?？][ \t\u3000\xa0]+[\s#>*|]*)?")  # - **（一）…
SENTENCE_END = "。；;！!？?"
# A table-of-contents entry: its heading, leader dots and a page number (…标准体系结构…… 4).
TOC = re.compile(r"(?:[.．·…‥_\-]\s*){4,}\d{1,4}\s*$")
# A saved page's menu (1. [工作动态](https://…)): an item that is only a link opens no unit.
# (a link may carry its title in quotes: 1. [首页](https://…/index.html "首页"))
_LINK = r'\[[^\]\n]{0,40}\]\([^)\s]*(?:[ \t]+"[^"\n]{0,40}")?\)'
MENU_ITEM = re.compile(rf"\s*{_LINK}(?:\s*{_LINK})*\s*$")
# A portal's metadata listed by number (01. [主题分类] 科技教育, its brackets escaped in Markdown: 01. \[发文机构\]
# …): a field of the page, no unit.
PAGE_FIELD = re.compile(r"[ \t]*\\?\[[\u4e00-\u9fff]{2,8}\\?\]")
# Where an inline marker may follow the end of a heading clause (a heading line run on into its
# first sub-unit: ``一、补短板装备1.突破…``): at most this many characters of heading before it.
INLINE_HEADING_MAX = 40
# A heading line on its own: at most this many characters after the number, no punctuation.
ALONE_MAX = 30
HEAD_CHARS = 12
# Styles too weak to be read inside a line (a bare 1 in 第1页 is no number).
WEAK_INLINE = frozenset({"arabic_bare", "arabic_close", "decimal", "decimal_3", "decimal_4"})


@dataclass(frozen=True)
class Style:
    name: str
    rank: int
    value: str
    regex: re.Pattern[str]


@dataclass
class Marker:
    style: str
    rank: int
    number: int
    label: str  # the number as written, marks included: （一） 1． 第五条
    start: int  # offset of the number in the text
    body: int  # offset just after it, where the heading starts
    line_start: int  # offset of its line (indentation included); == start for inline markers
    inline: str = ""  # "" line-initial, "heading" after a heading clause, "sentence" after 。,
    # "runon" run on into the text before it (its sentence end lost)
    alone: bool = False  # a line-initial number whose line is a short heading and nothing else
    head: str = ""  # the first characters after the number (to tell a repeated page)
    lead_in: bool = False  # the line before ends in a colon or is a short title
    series: str = ""  # a decimal number's parent number (the 3 of 3.1): 3.1 starts a list, not 2.3
    box: bool = False  # an item of a 专栏 box's list: part of the unit the box stands in, no unit
    stop: int = 0  # a task table's row: where its task cell ends (its heading stops there)

    @property
    def key(self) -> str:
        """What the grammar sequences by: the style, and for a decimal number its series."""
        return f"{self.style}:{self.series}" if self.series else self.style


@cache
def styles() -> tuple[Style, ...]:
    spec = load_toml("numbering.toml")
    out = []
    for s in spec["style"]:
        pattern = s["pattern"].replace("{cn}", spec["cn"])
        follow = spec["follow"] if s["value"] == "cn" else spec["follow_digit"]
        out.append(Style(s["name"], s["rank"], s["value"], re.compile(f"(?:{pattern}){follow}")))
    return tuple(out)


@cache
def attachment_re() -> re.Pattern[str]:
    words = "|".join(map(re.escape, load_toml("numbering.toml")["attachments"]["markers"]))
    return re.compile(rf"(?:{words})\s*[\d一二三四五六七八九十]{{0,3}}\s*[:：]?\s*")


_CN = CN_DIGITS


def cn_value(s: str) -> int | None:
    """一 … 九百九十九: 十二, 二十, 一百零一, 一百一十. None when it is not a well-formed numeral."""
    total, digit, seen_unit = 0, None, False
    for ch in s:
        if ch in _CN:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 一二
            digit = _CN[ch]
        elif ch in "十百":
            unit = 10 if ch == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit, seen_unit = None, True
        else:
            return None
    if digit:
        total += digit
    if not seen_unit and len(s) > 1:
        return None
    return total or None


def value_of(style: Style, num: str) -> int | None:
    if style.value == "cn":
        return cn_value(num)
    if style.value == "cn_or_digit":
        return int(num) if num.isdigit() else cn_value(num)
    if style.value == "digit":
        return int(num)
    if style.value == "latin":
        return ord(num) - ord("a") + 1
    base = {"circled": 0x2460, "paren_digit": 0x2474, "stop_digit": 0x2488}[style.value]
    return ord(num) - base + 1


@cache
def any_style() -> re.Pattern[str]:
    """Every style's pattern as one, its groups unnamed: it matches at a position exactly where
    one of them does, so a line where none can match is passed over in one call, not one per
    style (most lines)."""
    union = "|".join(f"(?:{_NAMED_GROUP.sub('(?:', style.regex.pattern)})" for style in styles())
    pattern = re.compile(union)
    if pattern.groups:
        raise ValueError("a numbering style's group could not be unnamed")
    return pattern


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")


def match_at(text: str, pos: int, endpos: int) -> tuple[Style, re.Match[str], int] | None:
    """The first style whose number starts exactly at ``text[pos]`` (line ending at ``endpos``)."""
    if not any_style().match(text, pos, endpos):
        return None
    for style in styles():
        m = style.regex.match(text, pos, endpos)
        if m:
            value = value_of(style, m.group("num"))
            if value:
                return style, m, value
    return None


_STARTERS = set("第（(〔一二三四五六七八九十") | set("0123456789０１２３４５６７８９") | {
    chr(c) for c in range(0x2460, 0x249C)}
# …after a sentence end, or after a bracket that closes the sentence (…的工作模式。（市工商质监局牵头负责）
# (2)完善企业登记…: the item's label, then the next item)
_AFTER_SENTENCE = re.compile(rf"[{SENTENCE_END}：:](?:[ \t\u3000]*[（(][^（）()\n]{{1,80}}[)）])?[ \t\u3000*]*"
                             rf"(?=[第（(〔\d一二三四五六七八九十\u2460-\u249b])")
_CJK_OR_CLOSE = re.compile(rf"[{CJK}）)”》\s*]")
# A number run on into the text before it with its sentence end lost (…集聚发展7.狠抓招才引智。…,
# …建设格局，17.提升…能力。): a dotted Arabic number right after a CJK character or a comma,
# followed by a short heading clause closed by 。.
# Each of these is found from the number's first character, the character before it checked by a
# lookbehind after it: a pattern that opens with a lookbehind is tried at every character of every
# line, one that opens with a class skips to the characters in it. The position is the match's
# start (one character is read, so no position is passed over); ``tests/test_outline.py`` checks
# each against its lookbehind-first form, for scans that start (``pos``) after a visible character,
# as ``_after_sentences`` does (after a line's first one): where a space stands just before ``pos``,
# the old form's optional space could not be read and a number right after it was not found, the
# new form's lookbehind reads it.
_N = "一二三四五六七八九十"
_RUN_ON = re.compile(rf"[\d{_N}](?:(?<=[{CJK}，,]\d)(?=\d{{0,2}}[.．、][{CJK}][^。；;\n]{{1,19}}。)"
                     # …数字机关品牌五、加速数字社会建设⏎: a part heading that ends its line
                     rf"|(?<=[{CJK}][{_N}])(?=[{_N}]{{0,2}}、[{CJK}][^。；;：:\n]{{1,34}}$))",
                     re.MULTILINE)
# A heading run on into the text before it on a page crawled into one line, its first unit right
# after it: a regulation's chapter after its title (…临时救助暂行办法第一章　总 则第一条…), its number
# after a CJK character and its heading set off by a space; a part after the bodies of a label
# (…责任处室:农业农村处、社会事业处三、保障措施（八）加强…; …相关业务人员 三、任务分工 （一）集中…), its heading
# closed by its first item's number.
_RUN_ON_HEADING = re.compile(
    rf"[第{_N}](?:(?:(?<=[{CJK}）)]第)|(?<=[{CJK}）)][ \t\u3000]第))"
    rf"(?=[{_N}]{{1,3}}章[ \t\u3000])"  # (…实施细则（试行） 第一章 总 则)
    rf"|(?:(?<=[{CJK}][{_N}])|(?<=[{CJK}][ \t\u3000][{_N}]))"
    rf"(?=[{_N}]{{0,2}}、[{CJK}][^。；;：:，,\n（( \t\u3000]{{1,20}}[ \t\u3000]?[（(][{_N}]{{1,3}}[）)]))")


def _head(text: str, at: int) -> str:
    """The first characters of a unit's heading from ``at`` (whitespace left out)."""
    return "".join(text[at:at + HEAD_CHARS + 8].split())[:HEAD_CHARS]


def _marker(style: Style, m: re.Match[str], value: int, line_start: int, inline: str) -> Marker:
    return Marker(style.name, style.rank, value, m.group(0).strip(), m.start(), m.end(),
                  line_start if not inline else m.start(), inline, head=_head(m.string, m.end()),
                  series=m.groupdict().get("series") or "")


LONE_MAX = 6  # characters of a line holding a number alone (三、, 1., （二）), its heading below

TABLE_ROW = "table_row"
TABLE_RANK = 15  # deeper than any numbering style: a table's rows are the units of the part it is in


def scan(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Every candidate marker of ``text[start:end]`` in order: line-initial ones, and inline ones
    after a short heading clause or after a sentence end (for text whose line breaks were lost)."""
    end = len(text) if end is None else end
    out: list[Marker] = []
    boxes: list[int] = []  # where each box title line ends
    rows = {row.start: row for row in find_rows(text, start, end) if not row.numbered}
    counted: dict[int, int] = {}  # rows so far of each table
    bullets: list[tuple[int, int]] = []  # (line start, bullet) of lines that open with a bullet
    paragraphs: list[tuple[int, int]] = []  # (line start, text start) of unnumbered labelled measures
    enumerated: list[tuple[int, re.Match[str]]] = []  # lines that open with 一是, 二是 …
    pos = start
    previous = ""  # the last non-empty line, compact
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        if pos in rows:  # a task table's row: one unit, numbered in its table
            row = rows[pos]
            counted[row.table] = counted.get(row.table, 0) + 1
            out.append(Marker(TABLE_ROW, TABLE_RANK, counted[row.table], row.label, pos, row.task[0],
                              pos, stop=row.task[1]))
            nl = text.find("\n", row.end, end)  # a row a line, or its cells' lines
            pos = end if nl < 0 else nl + 1
            continue
        lead = LEAD.match(text, pos, line_end)
        first = lead.end() if lead else pos
        if first < line_end and text[first] in _bullet_chars():
            bullets.append((pos, first))
        elif (said := ENUMERATED.match(text, first, line_end)) is not None:
            enumerated.append((pos, said))
        found = match_at(text, first, line_end)
        if found is None and _labelled_paragraph(text, first, line_end):
            paragraphs.append((pos, first))
        if found is None and 0 < line_end - first <= LONE_MAX:  # 三、 alone, its heading on the next line
            below = text.find("\n", line_end + 1, end)
            found = match_at(text, first, end if below < 0 else below)
            if found and found[1].end() > line_end:
                found = None  # the number itself runs past its line
            if found and "".join(text[found[1].end():line_end].split()):
                found = None
        if found and (TOC.search(text, first, line_end) or MENU_ITEM.match(text, found[1].end(), line_end)
                      or PAGE_FIELD.match(text, found[1].end(), line_end)):
            found = None
        if found:
            style, m, value = found
            marker = _marker(style, m, value, pos, "")
            rest = "".join(text[m.end():line_end].split())
            marker.alone = 0 < len(rest) <= ALONE_MAX and not any(c in "。；;，,：:" for c in rest)
            marker.lead_in = previous.endswith(("：", ":")) or (
                0 < len(previous) <= ALONE_MAX and not any(c in "。；;，," for c in previous))
            out.append(marker)
            out.extend(_in_heading(text, m.end(), line_end))
        out.extend(_after_sentences(text, first, line_end))
        compact = "".join(text[pos:line_end].split())
        if BOX_TITLE.match(compact):
            boxes.append(line_end)
        previous = compact or previous
        pos = line_end + 1
    if bullets and not any(not mk.inline for mk in out):
        out.extend(_bullet_markers(text, bullets))
    elif len(enumerated) >= 2 and not any(not mk.inline for mk in out):
        out.extend(_enumerated_markers(text, enumerated))
    out.sort(key=lambda mk: mk.start)
    out = _with_paragraphs(text, out, paragraphs)
    _mark_boxes(out, boxes)
    return _named_series(out)


# A line that opens with 一是, 二是 … and a heading's words: in a notice that numbers nothing, its
# measures (一是强化组织领导。 then the paragraph); elsewhere prose enumeration, no unit.
ENUMERATED = re.compile(r"(?P<num>[一二三四五六七八九十]{1,3})是(?=[\u4e00-\u9fff])")


def _enumerated_markers(text: str, lines: list[tuple[int, re.Match[str]]]) -> list[Marker]:
    """The lines that open with 一是, 二是 … as the units of a notice that numbers nothing, when
    they count from one on."""
    values = [cn_value(m.group("num")) for _, m in lines]
    if values != list(range(1, len(values) + 1)):
        return []
    out = []
    for (line, m), value in zip(lines, values, strict=True):
        out.append(Marker("enumerated", BULLET_RANK, value, m.group(), m.start(), m.end(), line,
                          head=_head(text, m.end())))
    return out


PARAGRAPH = "paragraph"
PARAGRAPH_RANK = 14  # under any numbering style; a part's unnumbered measures
PARAGRAPH_HEAD = re.compile(r"[\u4e00-\u9fff“”‘’、]{4,24}。")
LABEL_CLOSE = re.compile(rf"[（(]{BRACKETED}{{2,160}}[）)][。；;]?[ \t\u3000]*$")
PARAGRAPH_OVER = frozenset({"part", "chapter", "section", "cn_comma"})


def _labelled_paragraph(text: str, first: int, line_end: int) -> bool:
    """A line that opens with a short heading sentence (发展老年助餐服务。) and closes with a
    responsibility label in brackets: a measure printed without its number."""
    if not PARAGRAPH_HEAD.match(text, first, line_end):
        return False
    close = LABEL_CLOSE.search(text, first, line_end)
    return bool(close) and bool(_label_cue().search(close.group()))


@cache
def _label_cue() -> re.Pattern[str]:
    return re.compile(label_cues(fields=True))


def _with_paragraphs(text: str, markers: list[Marker], paragraphs: list[tuple[int, int]]) -> list[Marker]:
    """Labelled measures printed without numbers (a Word export that lost its automatic
    numbering: 二、扩大服务供给 then 发展老年助餐服务。…（责任单位：…） a paragraph each) as units of
    the part they stand in: two or more of them right under a part's heading, with no numbered
    unit between them."""
    if len(paragraphs) < 2:
        return markers
    lines = [mk for mk in markers if not mk.inline]
    starts = [mk.line_start for mk in lines]
    groups: dict[int, list[tuple[int, int]]] = {}
    for line, first in paragraphs:
        k = bisect_right(starts, line) - 1  # the last numbered line before the paragraph
        groups.setdefault(k, []).append((line, first))
    added = []
    for k, group in groups.items():
        over = lines[k] if k >= 0 else None
        if len(group) < 2 or (over is not None and over.style not in PARAGRAPH_OVER):
            continue
        for n, (line, first) in enumerate(group, 1):
            added.append(Marker(PARAGRAPH, PARAGRAPH_RANK, n, "", first, first, line, head=_head(text, first)))
    return sorted(markers + added, key=lambda mk: mk.start) if added else markers


BULLET = "bullet"
BULLET_RANK = 16  # deeper than any numbering style and a table's rows; a deeper bullet one more


@cache
def _bullet_chars() -> str:
    return str(load_toml("numbering.toml")["bullets"]["chars"])


def _bullet_markers(text: str, bullets: list[tuple[int, int]]) -> list[Marker]:
    """The lines that open with a bullet as units of a notice that numbers none (numbering.toml
    ``[bullets]``): each character a level in the order first seen, each unit counted in its
    parent (a higher bullet starts the count of the deeper ones again)."""
    order: list[str] = []
    counts: dict[str, int] = {}
    out = []
    for line, at in bullets:
        char = text[at]
        if char not in order:
            order.append(char)
        level = order.index(char)
        for deeper in order[level + 1:]:
            counts[deeper] = 0
        counts[char] = counts.get(char, 0) + 1
        body = at + 1
        while body < len(text) and text[body] in " \t\u3000":
            body += 1
        out.append(Marker(f"{BULLET}{level + 1}", BULLET_RANK + level, counts[char], char, at, body, line,
                          head=_head(text, body)))
    return out


def _named_series(markers: list[Marker]) -> list[Marker]:
    """Named items (应用一：, 应用二：) only where their word numbers two items at least."""
    values: dict[str, set[int]] = {}
    for mk in markers:
        if mk.style == "named":
            values.setdefault(_word(mk), set()).add(mk.number)
    if not values:
        return markers
    return [mk for mk in markers if mk.style != "named" or len(values[_word(mk)]) >= 2]


def _word(marker: Marker) -> str:
    """The word a named item is numbered by (应用 of 应用十五：, 专项行动 of 【专项行动1】)."""
    return marker.label.strip("【】").rstrip("：:").rstrip("一二三四五六七八九十0123456789")


# A box (专栏1 重点突破的技术领域, 专栏一：…) set in a plan's text: its items illustrate the unit it
# stands in, they are no units of the outline.
BOX_TITLE = re.compile(r"专栏[0-9一二三四五六七八九十]+(?![0-9一二三四五六七八九十])")


def _mark_boxes(markers: list[Marker], boxes: list[int]) -> None:
    """Flag the items of each box's list: the 1 right after a box title, and the numbers of its
    style that follow it one by one; any other marker ends the box."""
    k, style, expected, pending = 0, "", 0, False
    for m in markers:
        while k < len(boxes) and boxes[k] <= m.start:
            pending, style, k = True, "", k + 1
        if pending and m.number == 1:
            m.box, style, expected, pending = True, m.key, 2, False
        elif style and m.key == style and m.number == expected:
            m.box, expected = True, expected + 1
        else:
            style, pending = "", False


def _in_heading(text: str, body: int, line_end: int) -> list[Marker]:
    """A sub-unit number right after a short heading clause on the same line."""
    stop = min(line_end, body + INLINE_HEADING_MAX + 1)
    for i in range(body + 1, stop):
        ch = text[i]
        if ch in SENTENCE_END:
            break
        if ch in _STARTERS and _CJK_OR_CLOSE.match(text[i - 1]):
            found = match_at(text, i, line_end)
            if found and found[0].name not in WEAK_INLINE and i - body >= 2:
                style, m, value = found
                return [_marker(style, m, value, i, "heading")]
    return []


# A number that names what is referred to (详见附件1、附件2; 见表3), not an item's.
_REFERRED = re.compile(r"(?:附件|附表|附图|附录|[第表图])$")


def _after_sentences(text: str, first: int, line_end: int) -> list[Marker]:
    """The markers inside the line ``text[first:line_end]`` (``_inline_scan``), none where the
    five patterns that find them, as one (``_inline_any``), find nothing: most lines."""
    if _inline_any().search(text, first, line_end) is None:
        return []
    return _inline_scan(text, first, line_end)


@cache
def _inline_any() -> re.Pattern[str]:
    """The five patterns of ``_inline_scan`` as alternatives of one, each with its own flags,
    behind a look ahead for the characters they open with: a line it finds nothing in (searched
    from its first character, where each of them searches from that or the next) holds a match
    of none of them."""
    spec = load_toml("labels.toml")
    opening = {w[0] for w in spec["field_cues"] + spec["prose_field_cues"]}  # _after_label's cues
    opening |= set(SENTENCE_END + "：:" + _N + "第")  # _AFTER_SENTENCE's, _RUN_ON's, _RUN_ON_HEADING's
    body = "|".join(f"(?{'m' if p.flags & re.MULTILINE else ''}:{p.pattern})"
                    for p in (_AFTER_SENTENCE, _RUN_ON, _RUN_ON_HEADING, _after_label(), _CHAINED))
    return re.compile(first_guard(r"\d" + "".join(map(re.escape, sorted(opening))), body))


def _inline_scan(text: str, first: int, line_end: int) -> list[Marker]:
    out: list[Marker] = []

    def inline(at: int, kind: str, heading: bool) -> None:
        """The marker at ``at`` read inside the line, and with ``heading`` its first sub-item run
        on after its heading, and that one's after its own (…。四、工作措施（一）开展…1.建立…)."""
        found = match_at(text, at, line_end)
        if found and found[0].name not in WEAK_INLINE and not _REFERRED.search(text, max(0, at - 2), at):
            style, mm, value = found
            out.append(_marker(style, mm, value, at, kind))
            nested = _in_heading(text, mm.end(), line_end) if heading else []
            while nested:
                out.extend(nested)
                nested = _in_heading(text, nested[0].body, line_end)

    for m in _AFTER_SENTENCE.finditer(text, first, line_end):
        inline(m.end(), "sentence", True)
    for m in _RUN_ON.finditer(text, first + 1, line_end):
        inline(m.start(), "runon", False)
    for m in _RUN_ON_HEADING.finditer(text, first + 1, line_end):
        inline(m.start(), "runon", True)
    for m in _after_label().finditer(text, first, line_end):  # …责任单位：专项办各成员单位（二）及时…
        inline(m.end(), "sentence", True)
    taken = {mk.start for mk in out}
    for at in _sentence_chain(text, first + 1, line_end):
        if at not in taken:
            inline(at, "runon", False)
    return out


@cache
def _after_label() -> re.Pattern[str]:
    """A responsibility field that closes an item, the next item's number right after its bodies
    (a page run into one line: …责任单位：专项办各相关成员单位（二）及时核查线索。)."""
    spec = load_toml("labels.toml")
    cues = alternation(spec["field_cues"] + spec["prose_field_cues"])
    return re.compile(rf"(?:{cues})[：:](?:[^。；;\n（(：:]|[（(][^（）()\n]{{1,12}}[）)]){{1,80}}?[ \t\u3000]?"
                      rf"(?=[（(][一二三四五六七八九十]{{1,3}}[）)]|\d{{1,3}}[.．、][ \t\u3000]?[{CJK}]"
                      rf"|[一二三四五六七八九十]{{1,3}}、[{CJK}])")  # …责任处室：各网格四、工作安排…


# A numbered list run on into one line with no mark before each number (a crawled page, a table
# flattened: …（街道办事处）2.加大…。区直各有关单位3.建立…): numbers that go up one by one, each
# item holding a sentence end before the next — at least ``CHAIN_MIN`` of them.
_CHAINED = re.compile(rf"(\d(?:(?<=[{CJK}）)]\d)|(?<=[{CJK}）)][ \t\u3000]\d))\d{{0,2}})[.．](?=[{CJK}])")
CHAIN_MIN = 3


def _sentence_chain(text: str, start: int, end: int) -> list[int]:
    if end - start < CHAIN_MIN * 20:
        return []  # too short a line to hold such a list
    found = [(m.start(), int(m.group(1))) for m in _CHAINED.finditer(text, start, end)]
    out: list[int] = []
    run: list[int] = []
    last_number, last_at = 0, start
    for at, number in found:
        if run and number == last_number + 1 and "。" in text[last_at:at]:
            run.append(at)
        elif number == last_number and run:
            continue  # a number inside an item (5.2万元): the chain goes on past it
        else:
            if len(run) >= CHAIN_MIN:
                out.extend(run)
            run = [at]
        last_number, last_at = number, at
    if len(run) >= CHAIN_MIN:
        out.extend(run)
    return out


def parts_over_articles(markers: list[Marker], text: str) -> list[Marker]:
    """Markers of a text that numbers its articles on (第一条 … 第三十七条) through parts headed
    一、…六、, each a heading line of its own right above an article (一、促进高新技术企业发展 /
    第一条 对新落户…): those parts are its chapters, ranked as 第X章 is, so the articles nest under
    them instead of the headings under the article before."""
    heads = [k for k, m in enumerate(markers) if m.style == "cn_comma" and not m.inline]
    over = [k for k in heads if k + 1 < len(markers) and markers[k + 1].style == "article"
            and not markers[k + 1].inline and _heading_line(text, markers[k].body, markers[k + 1].line_start)]
    if len(over) < 2 or len(over) != len(heads):
        return markers
    chapter = next(s.rank for s in styles() if s.name == "chapter")
    chosen = set(over)
    return [replace(m, rank=chapter) if k in chosen else m for k, m in enumerate(markers)]


PART_HEADING_MAX = 40  # characters of a part's heading line


def _heading_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one short line with no sentence end: a heading."""
    line = text[start:end].strip()
    return bool(line) and "\n" not in line and len(line) <= PART_HEADING_MAX and not re.search(r"[。；;]", line)
