"""A unit's heading: its title clause without the number.

Up to the first 。 — or, where the heading stands on a line of its own (``（一）加强数据治理`` with
the body below), that line. Whether a line break ends a heading depends on the text: in a text
whose lines are paragraphs (Word, HTML, most plain text) a line without 。 is a heading line; in a
hard-wrapped text (PDF text layers, OCR) lines break mid-sentence and only a short line is.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from statistics import median

from ...resources import load_toml
from ...text import Compact, alternation, clean_inline

HEADING_MAX = 80  # a heading line longer than this (compact) is a paragraph, not a heading
SENTENCE_MAX = 240  # compact characters searched for the 。 that ends a heading
_ENDS = re.compile(r"[。；;！!？?：:）)”\"」』…]$")
# A text is hard-wrapped when more than this share of its long lines end without punctuation.
WRAPPED_SHARE = 0.3
_LONG = 15


# A deadline or a state in square brackets before a heading's words (【2025年6月底前】, 【持续推进】)
LEADING_DATE = re.compile(r"【[^】\n]{0,16}(?:年|月|季度|前|底|持续|长期)[^】\n]{0,8}】[ \t\u3000]*")


# An article's name in square brackets before its text (第一条【落户奖】对新引进的总部企业…), or in round
# ones (a government rule's 第一条（目的和依据）), not an item's number (（十一）)
ARTICLE_NAME = re.compile(r"[ \t\u3000*]*(?:(?:【(?P<name>[^】\n\d]{2,16})】"
                          # …or in ASCII brackets (第十一条 [注册要求]属于…), not a link's text ([…](…))
                          r"|\\?\[(?P<square>[^\]\n\d\\]{2,16})\\?\](?!\())"
                          r"|[（(](?![一二三四五六七八九十百]+[）)])(?P<round>[^（）()\n\d。，,；;]{2,16})[）)])")
# A heading set off by a space from the unit's first field (a page crawled onto one line:
# 1. 开展人员密集场所消防安全排查整治 排查整治时间：2013年1月至3月，…): the heading ends before it.
RUN_IN_FIELD = re.compile(r"[ \t\u3000]+(?=[\u4e00-\u9fff]{2,8}[：:])")
# …or from its text by a space alone, on a page whose every line break became a space (1.开展土壤环境
# 质量详查 2017年6月底前，完成…): a line where at least GAP_PAGE sentences end before a space.
RUN_IN_GAP = re.compile(r"(?<=[\u4e00-\u9fff”）)])[ \u3000]+(?=[\u4e00-\u9fff\d“（(])")
PADDED_NUMBER = re.compile(r"\d+[ \u3000]")  # a number a space before and after (2023 年): no gap
SENTENCE_GAP = re.compile(r"[。；;！？][ \u3000]+\S")
GAP_PAGE = 3
GAP_HEADING = (4, 40, 8)  # characters of a heading so set off: at least, at most, at least before a
# padded number (…活动 2013 年春节前; 组织开展 2021 年度检查 is one sentence)
# A field each unit opens with, run into its heading: its word at most FIELD_WORD_MAX characters, seen
# before a colon FIELD_REPEATS times or more, the colon within FIELD_HEADING_MAX of the heading's start.
FIELD_WORD_MAX = 6
FIELD_REPEATS = 3
FIELD_HEADING_MAX = 40
# A duties item that opens with the body it is for and a colon (（一）交通与建设局：一是加强…): the body
# is its heading.
BODY_COLON = re.compile(r"[ \t\u3000]*[^。，,；;：:\s]{2,20}?"
                        r"(?:局|厅|委|委员会|办|办公室|办事处|中心|部门|政府|管委会|支队|大队)(?=[：:])")
# A stage named with its dates in a bracket and run into its text with no mark (（一）前期准备（2016年6月）
# 乡镇人民政府…): the heading ends with the bracket, as a stage's heading line would.
DATED_RUN_IN = re.compile(r"[ \t\u3000]*[^。，,；;：:（()\s]{2,16}[（(][^（）()\n]{0,24}?(?:\d{1,2}\s*月|\d{4}\s*年)"
                          r"[^（）()\n]{0,16}[）)](?=[\u4e00-\u9fff])")
LEAD_INS = ("为", "是", "如下", "包括", "指")  # words that lead into what follows (修改为：, 主要职责是：)
CELL_BREAK = re.compile(r"[|\t]")  # a table row's cell edge (a Markdown bar, a tab)
LABEL_MAX = 240  # characters of a heading's end read for a closing label (its title before it)
BRACKETED = r"(?:[^（）()\n]|[（(][^（）()\n]{1,12}[）)])"  # a bracket's text, one bracket inside it at most


@cache
def label_cues(fields: bool = False) -> str:
    """The words that make a bracket a responsibility label (labels.toml ``bracket_cues``; with
    ``fields``, its ``field_cues`` too), as one alternation."""
    spec = load_toml("labels.toml")
    return alternation(spec["bracket_cues"] + (spec["field_cues"] if fields else []))


@cache
def _leading_label() -> re.Pattern[str]:
    """A responsibility label in brackets before a heading's words ((市数据管理局牵头，…配合)压减…)."""
    return re.compile(rf"[（(]{BRACKETED}{{0,80}}?(?:{label_cues()}){BRACKETED}{{0,80}}?[）)][ \t\u3000]*")


@cache
def _trailing_label() -> re.Pattern[str]:
    """A responsibility label in brackets that closes a heading line (…（责任单位：市住建局，各区政府）)."""
    return re.compile(rf"[ \t\u3000]*[（(]{BRACKETED}*?(?:{label_cues()}){BRACKETED}*[）)][。；;]?[ \t\u3000]*$")


class Headings:
    def __init__(self, text: str, compact: Compact) -> None:
        self.text = text
        self.compact = compact
        lines = ["".join(line.split()) for line in text.splitlines()]
        long = [s for s in lines if len(s) >= _LONG]
        open_ends = sum(1 for s in long if not _ENDS.search(s))
        self.wrapped = bool(long) and open_ends / len(long) > WRAPPED_SHARE
        self.width = median(len(s) for s in long) if long else 0
        self._gaps: dict[int, bool] = {}  # line start: whether that line is a page on one line
        self._counts: dict[str, int] = {}  # how often the text writes a field's word and colon

    def _gap_page(self, at: int) -> bool:
        """Whether the line holding ``at`` is a page crawled onto one line, its breaks spaces."""
        start = self.text.rfind("\n", 0, at) + 1
        if start not in self._gaps:
            stop = self.text.find("\n", at)
            found = SENTENCE_GAP.finditer(self.text, start, len(self.text) if stop < 0 else stop)
            self._gaps[start] = next(islice(found, GAP_PAGE - 1, None), None) is not None
        return self._gaps[start]

    def _recurring_field(self, s: int, e: int) -> int | None:
        """Where a field the text's units each open with (实施项目：, 实施内容：, 责任分工：) starts,
        when it runs into a heading without a mark between (打造城市完整社区实施项目：潭城镇…): the
        longest word before the heading's first colon that the text writes before a colon at least
        FIELD_REPEATS times, and at least half as often as the colon's last two characters."""
        text = self.text
        colon = next((k for k in range(s, min(e, s + FIELD_HEADING_MAX)) if text[k] in "：:"), None)
        if colon is None or re.search(r"[，,；;。\s]", text[s:colon]) or text.endswith(LEAD_INS, s, colon) \
                or text[colon + 1:colon + 2] in "“「\"":
            return None  # 将第五条修改为：“…: a lead-in to what follows, no field
        before = text[s:colon]
        base = self._count(before[-2:] + text[colon])
        start = None
        for n in range(3, min(FIELD_WORD_MAX, len(before) - GAP_HEADING[0]) + 1):
            count = self._count(before[-n:] + text[colon])
            if count < FIELD_REPEATS or 2 * count < base:
                break
            start = colon - n
        return start

    def _count(self, word: str) -> int:
        if word not in self._counts:
            self._counts[word] = self.text.count(word)
        return self._counts[word]

    def _gap_heading(self, s: int, e: int) -> int:
        """Where a heading set off by a space from its text ends (``e`` where none is): the first
        space after its words, not one inside a title or a quote (《…管理局 2023 年…方案》), and
        before a padded number (2023 年) only after a heading's length of words."""
        text = self.text
        for gap in RUN_IN_GAP.finditer(text, s, min(e, s + GAP_HEADING[1] + 1)):
            words = "".join(text[s:gap.start()].split())
            if re.search(r"[，,；;：:。]", words):
                return e
            padded = PADDED_NUMBER.match(text, gap.end()) is not None  # a page that pads its numbers:
            if (len(words) < GAP_HEADING[2 if padded else 0] or words.count("《") > words.count("》")
                    or words.count("“") > words.count("”")):  # a short verb before one is no heading
                continue
            return gap.start()
        return e

    def _heading_line(self, body: int, line_end: int, end: int) -> bool:
        """Does the line from ``body`` hold the whole heading (the unit goes on below it)?"""
        line = "".join(self.text[body:line_end].split())
        if not line or line_end >= end or "。" in line or len(line) > HEADING_MAX:
            return False
        if not self.wrapped:
            return True
        return len(line) < self.width * 0.8

    def _bold_run(self, body: int, line_end: int) -> int | None:
        """Where the bold run that opened before the number closes, on its line, when it closes
        after a heading's words and before the line goes on (Markdown: ``**（一）商务部门。** 检查…``)."""
        text = self.text
        if "**" not in text[text.rfind("\n", 0, body) + 1:body]:
            return None
        close = text.find("**", body, line_end)
        if close < 0 or not text[body:close].strip() or not text[close + 2:line_end].strip():
            return None
        words = "".join(text[body:close].split())
        return close if len(words) <= HEADING_MAX and "。" not in words[:-1] else None

    def heading(self, body: int, end: int, article: bool = False) -> tuple[str, tuple[int, int]]:
        """The heading of a unit whose text after the number is ``text[body:end]``. An article
        (第X条) has no heading line: its heading is its first sentence, or its lead-in to items
        (…应符合下列条件：), however its lines wrap."""
        text = self.text
        nl = text.find("\n", body, end)
        if nl >= 0 and not text[body:nl].strip():  # the number alone on its line: its heading below
            body = nl + 1
            nl = text.find("\n", body, end)
        line_end = end if nl < 0 else nl
        named = ARTICLE_NAME.match(text, body, line_end) if article else None
        if named:  # 第一条【落户奖】对新引进的…: the article's name is its heading
            group = next(g for g in ("name", "square", "round") if named.group(g))
            return clean_inline(named.group(group)), named.span(group)
        bold = self._bold_run(body, line_end)
        if bold is not None:  # **（二）市场监督管理部门：** 现场抽检…: a run-in heading set in bold
            s, e = body, bold
            while e > s and (text[e - 1].isspace() or text[e - 1] in "。：:"):
                e -= 1
        elif not article and self._heading_line(body, line_end, end):
            s, e = body, line_end
        else:
            i, j = self.compact.slice(body, end)
            stop = self.compact.s.find("。", i, min(j, i + SENTENCE_MAX + 1))
            lead = self.compact.s[i:j].rstrip()
            if stop >= 0:
                s, e = self.compact.span(i, stop)
            elif (article or self.wrapped) and lead.endswith(("：", ":")) and len(lead) <= SENTENCE_MAX:
                s, e = self.compact.span(i, i + len(lead))
            else:
                s, e = body, line_end
            field = RUN_IN_FIELD.search(text, s, e)  # a page on one line: 开展…排查整治 排查整治时间：…
            owner = BODY_COLON.match(text, s, e) if not article else None
            dated = DATED_RUN_IN.match(text, s, e) if not article else None
            if owner:  # （一）交通与建设局：一是…: the body a duties item is for
                e = owner.end()
            elif dated:  # （一）宣传阶段（6月7日前）利用交通广播…: a stage and its dates, run into its text
                e = dated.end()
            elif field and not article and not re.search(r"[，,；;：:]", text[s:field.start()]):
                e = field.start()
            elif not article and (run_in := self._recurring_field(s, e)) is not None:
                e = run_in  # 打造城市完整社区实施项目：…: the units' first field run into the heading
            elif not article and self._gap_page(body):
                e = self._gap_heading(s, e)
        while e > s and (text[e - 1].isspace() or text[e - 1] == "*"):  # Markdown's bold marks
            e -= 1
        while s < e and (text[s].isspace() or text[s] == "*"):
            s += 1
        cell = CELL_BREAK.search(text, s, e)  # | 1．完善县域商业网点布局 | 结合…: a table cell's title
        if cell and cell.start() > s and CELL_BREAK.search(text, text.rfind("\n", 0, s) + 1, s):
            e = cell.start()
            while e > s and text[e - 1].isspace():
                e -= 1
        for leading in (LEADING_DATE, _leading_label()):  # 【2025年6月底前】再造…, （市发展改革委负责）推进…:
            lead = leading.match(text, s, e)  # the title after it
            if lead and lead.end() < e:
                s = lead.end()
        label = _trailing_label().search(text, max(s, e - LABEL_MAX), e)  # 二、全面提升改造品质（责任单位：…）
        if label and label.start() > s:
            e = label.start()
        return clean_inline(text[s:e]), (s, e)
