"""Latin and digit junk inside Chinese: glyphs and brackets that OCR read as Latin letters, digits
or stray symbols.

* ``stray_symbol_edits``: symbols no Chinese sentence uses (ˉ ∶ ◇ ^ …) dropped.
* ``latin_fill_edits``: a glyph split into Latin strokes (机构`lL务) replaced by the character the
  lexicon prefers between its neighbours, or left alone when none clearly wins.
* ``bracket_edits``: a 【…】 pair read as 1…1 / I…1 restored (both ends must be found).
* ``doc_number_edits``: 〔 and 〕 of a 发文字号 read as E, 3, |, ), 】 restored.
* ``title_close_edits``: 》（ read as one Latin letter between a cited title and its doc number.
* ``placeholder_edits``: an ``[image: …]`` placeholder after a number in a ratio context -> %.
* ``section_one_edits``: the section numeral 一、 read as a dash (-、) at the start of a line.
* ``list_dash_edits``: the —— that opens a list line read as -一, 一一 or 一.
* ``unit_one_edits``: the digit 1 read as a closing bracket before a unit (6月1] 日, 于2022年] 月).
"""

from __future__ import annotations

import re

from ..text import Compact, DocNumbers, gated
from .confusion import Params, best_fill
from .edits import Edit
from .lexicon import CJK_CHAR, Lexicon

STRAY = "ˉ∶◇◆^¨ˇ∷"
_STRAY = re.compile(rf"[{re.escape(STRAY)}]")
_LATIN_JUNK = re.compile(r"[A-Za-z`'|~^]{1,3}")
_OPEN_LOOKALIKE = "1Il|"
_CLOSE_LOOKALIKE = "1Il|"
_DOCNUM = DocNumbers(gated(
    r"(?P<org>[\u4e00-\u9fff]{1,10})(?P<lb>[〔\[【（(﹝{E])(?P<year>(?:19|20)\d{2})"
    r"(?P<rb>[〕\]】）)﹞}|lIjJ]|3(?=\d{1,4}号))?(?P<num>\d{1,4})号", "号"), r"[〔\[【（(﹝{E](?=(?:19|20)\d{2})")
_PAIRS = {"〔": "〕", "[": "]", "【": "】", "（": "）", "(": ")", "﹝": "﹞", "{": "}"}
# from a number's first digit only: tried at every digit of a long run, \d+ re-read it each time
_PLACEHOLDER = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<ws>\s*)(?P<ph>\[image:[^\]\n]*\])")
_UNITS = set("年月日号个%％万亿元人家所处张项条次名倍")
_RATIO_WORDS = re.compile(r"[率比占]|比例|比重|覆盖")


def _cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK_CHAR.match(ch))


def stray_symbol_edits(text: str) -> list[Edit]:
    """Drop symbols that no Chinese sentence uses, unless between digits (a ratio 1∶2)."""
    edits = []
    for m in _STRAY.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if before.isdigit() and after.isdigit():
            continue
        start = m.start()
        while start > 0 and text[start - 1] in " \t" and (start - 1 == 0 or text[start - 2] != "\n"):
            start -= 1  # the spaces that only led up to the symbol
        edits.append(Edit(start, m.end(), "", "stray_symbol", 0.85))
    return edits


def latin_fill_edits(text: str, lex: Lexicon, params: Params | None = None) -> list[Edit]:
    """A run of 1–3 Latin letters/strokes between Chinese characters (on the whitespace-free
    view) that holds a lower-case letter or a stroke symbol: replace it by the character that
    best joins its neighbours into words. Acronyms (GDP, A级) and digit-letter tokens (5G) never
    match: they are upper-case, or touch a digit."""
    base = params or Params()
    fill = Params(margin=base.margin, gap=base.gap, window=6)  # a whole glyph is missing: see more
    compact = Compact.of(text)
    s = compact.s
    edits = []
    for m in _LATIN_JUNK.finditer(s):
        junk = m.group()
        if not re.search(r"[a-z`'|~^]", junk):
            continue
        left, right = s[max(0, m.start() - 8):m.start()], s[m.end():m.end() + 8]
        if not (_cjk(left[-1:]) and _cjk(right[:1])):
            continue
        left = re.split(r"[^\u4e00-\u9fff]", left)[-1]
        right = re.split(r"[^\u4e00-\u9fff]", right)[0]
        found = best_fill(lex, left, right, fill)
        if found is None:
            continue
        start, end = compact.span(m.start(), m.end())
        edits.append(Edit(start, end, found[0], "latin_junk", found[1]))
    return edits


def _bracket_style(text: str) -> tuple[str, str]:
    """The bracket pair the document itself uses for annotations (【】 unless it shows [])."""
    return ("[", "]") if text.count("[") > text.count("【") else ("【", "】")


def bracket_edits(text: str, max_len: int = 200) -> list[Edit]:
    """Restore a bracketed annotation whose brackets were read as 1, I, l or |.

    An opening look-alike starts a line or follows a sentence end and is followed by a Chinese
    character; a closing one follows a Chinese character and ends the line or the text. Both
    must be found (or one of them be a real bracket), with no 。 between them."""
    compact = Compact.of(text)
    s = compact.s
    starts = compact.line_starts()
    opener, closer = _bracket_style(text)
    edits: list[Edit] = []
    k = 0
    while k < len(s):
        ch = s[k]
        is_open = ch == opener or (
            ch in _OPEN_LOOKALIKE and _cjk(s[k + 1:k + 2])
            and (k in starts or s[k - 1:k] in "。；;" or k == 0))
        if not is_open:
            k += 1
            continue
        close = _find_close(s, k, starts, closer, max_len)
        if close is None:
            k += 1
            continue
        for pos, want in ((k, opener), (close, closer)):
            if s[pos] != want:
                a, b = compact.span(pos, pos + 1)
                edits.append(Edit(a, b, want, "bracket_misread", 0.85))
        k = close + 1
    return edits


def _find_close(s: str, k: int, starts: set[int], closer: str, max_len: int) -> int | None:
    for j in range(k + 1, min(len(s), k + max_len)):
        ch = s[j]
        if ch == "。" or (j in starts and j > k + 1 and ch not in _CLOSE_LOOKALIKE + closer):
            if j in starts and ch == "（":
                return None
            if ch == "。":
                return None
        if ch == closer:
            return j
        ends = j + 1 == len(s) or (j + 1) in starts or s[j + 1] in "（(【"
        # 2020年1\n月: a month run on over a line break; a new item (1\n2.持续…) is no number
        number = ((s[j + 1:j + 2].isdigit() and not _ITEM_START.match(s, j + 1))
                  or s[j + 1:j + 2] in _UNITS)
        if ch in _CLOSE_LOOKALIKE and _cjk(s[j - 1]) and ends and not number:
            return j
    return None


_ITEM_START = re.compile(r"\d{1,2}[.．、](?!\d)")


def doc_number_edits(text: str) -> list[Edit]:
    """〔 and 〕 of a 发文字号 that OCR read as E, |, l, 3, ) or 】: rewritten as 〔 〕 when the
    brackets are visibly misread (a letter, a digit, or an opening and closing that do not pair),
    or are round brackets inside a round-bracketed citation (no writer nests （民发（2020）46号）:
    the year's 〔〕 were misread). A number written with a consistent pair ([2020], （2020）) is
    otherwise left as the writer typed it."""
    compact = Compact.of(text)
    edits = []
    for m in _DOCNUM.finditer(compact.s):
        lb, rb = m.group("lb"), m.group("rb")
        misread = lb == "E" or (rb is not None and (rb in "|lIjJ3" or _PAIRS.get(lb) != rb))
        # round brackets inside a round-bracketed citation: （民发(2020)46号） is 〔〕 misread
        misread = misread or (lb in "(（" and rb in (")", "）") and _inside_round(compact.s, m.start()))
        if not misread:
            continue
        if lb != "〔":
            a, b = compact.span(m.start("lb"), m.end("lb"))
            edits.append(Edit(a, b, "〔", "doc_number_bracket", 0.9))
        if rb is None:
            continue  # no closing bracket at all: nothing to put it on
        if rb != "〕":
            a, b = compact.span(m.start("rb"), m.end("rb"))
            edits.append(Edit(a, b, "〕", "doc_number_bracket", 0.7 if rb == "3" else 0.9))
    return edits


def _inside_round(s: str, k: int, reach: int = 3) -> bool:
    """Whether an unclosed round bracket opens within ``reach`` characters before ``k``."""
    before = s[max(0, k - reach):k]
    return any(o in before for o in "(（〈") and not any(c in before for c in ")）〉")


def title_close_edits(text: str) -> list[Edit]:
    """《…通知X粤安〔2020〕25号） -> 《…通知》（粤安…: one Latin letter standing for 》（ where a
    cited title is still open and the doc number after the letter is closed by a parenthesis."""
    compact = Compact.of(text)
    s = compact.s
    edits = []
    for m in re.finditer(r"(?<=[\u4e00-\u9fff])[A-Za-z](?=[\u4e00-\u9fff])", s):
        opened = s.rfind("《", 0, m.start())
        if opened < 0 or s.rfind("》", 0, m.start()) > opened or "。" in s[opened:m.start()]:
            continue
        num = _DOCNUM.match(s, m.end())
        if num is None or s[num.end():num.end() + 1] not in (")", "）"):
            continue
        a, b = compact.span(m.start(), m.end())
        edits.append(Edit(a, b, "》（", "title_bracket", 0.85))
    return edits


def placeholder_edits(text: str) -> list[Edit]:
    """``50[image: …]`` -> ``50%`` where the document shows the placeholders stand for %.

    A placeholder after a number in a ratio context (率, 比例, 占比 within the clause before it)
    is a percent sign; once one is, the others after a number are too (a converter replaces the
    same symbol the same way). Placeholders elsewhere are left as they are."""
    if "[image:" not in text:
        return []
    found = list(_PLACEHOLDER.finditer(text))
    strong = []
    for m in found:
        clause = re.split(r"[。，,；;：:\n]", text[max(0, m.start() - 20):m.start()])[-1]
        strong.append(bool(_RATIO_WORDS.search(clause)))
    if not any(strong):
        return []
    return [Edit(m.start("ws"), m.end("ph"), "%", "image_placeholder", 0.9 if sure else 0.75)
            for m, sure in zip(found, strong, strict=True)]


_SECTION_DASH = re.compile(r"(?m)^(?P<lead>[ \t\u3000]*)(?P<dash>[-—_－])(?=\s*[、，,]\s*[\u4e00-\u9fff])")


def section_one_edits(text: str) -> list[Edit]:
    """``-、 总体目标`` at the start of a line -> ``一、 总体目标``: the one-stroke numeral 一 read
    as a dash. Only when the document's next section, 二、, starts a line of its own."""
    if not re.search(r"(?m)^[ \t\u3000#]*二\s*、", text):
        return []
    return [Edit(m.start("dash"), m.end("dash"), "一", "section_numeral", 0.85)
            for m in _SECTION_DASH.finditer(text)]


_NUMERAL_LEAD = set("0123456789零〇一二两三四五六七八九十百千万第.．")
_UNIT_ONE = re.compile(r"[\]】〕](?=\s*[日月处个项家所次名条])")


def unit_one_edits(text: str) -> list[Edit]:
    """A closing bracket that nothing opened, right before a counting unit: the digit 1 misread
    (``6月1] 日`` -> ``6月1日``, the bracket doubling a 1 already read; ``2022年] 月`` -> ``1月``).

    Each bracket is found first, then what stands before it: the spaces back to a digit, if one
    is there (what ``\\d?\\s*`` before the bracket finds, read from the bracket, not tried at
    every space of a run before it)."""
    edits = []
    floor = 0  # the end of the last bracket read: what a match before it took
    for m in _UNIT_ONE.finditer(text):
        a, b = m.span()
        start = a
        while start > floor and text[start - 1].isspace():
            start -= 1
        digit = text[start - 1] if start > floor and text[start - 1].isdecimal() else ""
        start -= len(digit)
        floor = b
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:a]
        if any(o in before for o in "[【〔"):
            continue  # the bracket closes something: a doc number, an annotation
        lead = before.rstrip()[-1:]
        if (digit and digit != "1") or (not digit and (not lead or lead in _NUMERAL_LEAD)):
            continue  # 第3] 条, 第一] 项: a number is there already, the bracket is something else
        edits.append(Edit(a, b, "" if digit == "1" else "1", "unit_one", 0.75))
    return edits


_DASHES = "-—－–_"
_LIST_DASH = re.compile(rf"(?m)^(?P<lead>[ \t\u3000]*)(?P<dash>[{_DASHES}一]{{1,2}})(?=[\u4e00-\u9fff])")


def list_dash_edits(text: str, lex: Lexicon) -> list[Edit]:
    """``-一特困人员…`` / ``一一养老服务…`` at the start of a line -> ``——``: the double dash that
    opens each line of a target list, its strokes read as 一 or a hyphen. Only in a document that
    shows the marker clearly at least once (two dash-like marks, one of them not 一); a lone 一
    is never taken for the mark, nor 一一 where it begins a word (一一对应)."""
    found = list(_LIST_DASH.finditer(text))
    clear = [m for m in found if len(m.group("dash")) == 2 and m.group("dash") != "一一"]
    if not clear:
        return []
    edits = []
    for m in found:
        dash = m.group("dash")
        if dash == "——" or dash == "一":
            continue  # a lone 一 opens too many words of its own (一老一小, 一窗受理)
        if dash == "一一":
            line_end = text.find("\n", m.end())
            head = text[m.start("dash"):line_end if line_end >= 0 else len(text)][:12]
            n = len(dash)
            if head[n:n + 1] == "是" or any(lex.is_word(head[:n + k]) for k in (1, 2, 3)):
                continue  # 一是 (the enumerator), 一方面, 一一对应: words, not a mark
        edits.append(Edit(m.start("dash"), m.end("dash"), "——", "list_dash", 0.8))
    return edits
