"""Lists of functions that share one organ word, some of which the gazetteer does not know.

公安、工商、卫生、计划、规划、土地、环保、市容、农林、物价、民族宗教、新闻宣传等部门: the gazetteer's
chain pattern reads a list only when every item is an alias it knows, so one old or local name
(计划, 物价, 市容) lost the whole list, twelve bodies. Here a list of short items joined by 、 (the
last perhaps by 和: 综合执法和园林部门) before a shared 部门 — opening after a comma, or with an alias
cut from the word before it — is read when at least ``MIN_KNOWN`` of its items are known aliases:
each known item is its kind, each other item a body of its own (其他:物价部门).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...resources import load_toml
from ...text import Spans, alternation
from .gazetteer import LEVEL_WORDS, LIST_TAIL, Mention, tables

_ITEM = re.compile(r"[\u4e00-\u9fff]{2,4}")
# the shared organ word a list ends on, read from there backwards (linear: no pattern is tried at
# every start of a long list of short words)
ANCHOR = re.compile(rf"(?:{LIST_TAIL}|等(?:有关|相关)?(?:行政主管|主管))?部门")  # not 机构: 教育、科技、文化
# 机构 are institutions; …等主管部门, 等相关职能部门: what the bodies are
MIN_KNOWN = 2
MAX_ITEMS = 30


def _first(word: str, aliases: dict[str, str]) -> int | None:
    """Where an alias that ends ``word`` starts in it (要求市公安 -> 公安), or None."""
    for k in range(max(0, len(word) - 6), len(word) - 1):
        if word[k:] in aliases:
            return k
    return None


_ALONE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}$")
_AND = re.compile(r"[和及与]")


def _last_pair(part: str, aliases: dict[str, str]) -> list[str]:
    """The last part split at its 和 (综合执法和园林), unless it is one name (工业和信息化)."""
    if part in aliases or not _AND.search(part):
        return [part]
    pair = _AND.split(part, maxsplit=1)
    return pair if all(_ITEM.fullmatch(x) for x in pair) else [part]


def _items(s: str, end: int, aliases: dict[str, str]) -> tuple[int, list[str]] | None:
    """(start, items) of the list of short words joined by 、 (the last perhaps by 和) that ends at
    ``end``: its first item an alias cut from the word it is written after, or a word standing
    after a comma."""
    parts = s[max(0, end - 5 * MAX_ITEMS):end].split("、")
    last = _last_pair(parts[-1], aliases)
    if len(last) == 2:
        parts[-1:] = [last[0], last[1]]
    items: list[str] = []
    while (len(parts) > 1 and (_ITEM.fullmatch(parts[-1]) or parts[-1] in aliases)  # 文化和旅游: a long alias
           and len(items) < MAX_ITEMS):
        items.insert(0, parts.pop())
    if not items:
        return None
    skip = _first(parts[-1], aliases)
    alone = _ALONE.search(parts[-1])  # the list opens after a comma: its first word is whole
    if skip is not None:
        items.insert(0, parts[-1][skip:])
    elif alone:
        word = _leading_verb().sub("", alone.group())  # 会同组织、科技…等部门: 组织, not 会同组织
        if len(word) >= 2:
            items.insert(0, word)
    return end - len("、".join(items)), items


@lru_cache(maxsize=1)
def _leading_verb() -> re.Pattern[str]:
    """A verb that opens the clause before a list's first item (departments.toml ``chain_leading_verbs``:
    会同组织、科技等部门 — with them, 组织 acts)."""
    verbs = alternation(load_toml("departments.toml")["chain_leading_verbs"])
    return re.compile(rf"^(?:{verbs})(?=[\u4e00-\u9fff]{{2}})")


def open_chains(s: str, taken: Spans) -> list[Mention]:
    """The items of every such list in a compact string that no mention has taken."""
    if "、" not in s:
        return []
    aliases = tables().alias_kind
    out: list[Mention] = []
    for m in ANCHOR.finditer(s):
        found = _items(s, m.start(), aliases)
        if found is None:
            continue
        start, items = found
        if len(items) < 3 or sum(i in aliases for i in items) < MIN_KNOWN or items[0].startswith("对"):
            continue  # (对安监、经发、文化等行业部门开展督查: the bodies inspected, no actors)
        suffix = m.group()[-2:]
        prefix = s[max(0, start - 2):start]
        level = LEVEL_WORDS.get(prefix) or LEVEL_WORDS.get(prefix[-1:])
        chain_start = start
        for item in items:
            end = start + len(item)
            if taken.free(start, end):
                kind = aliases.get(item) or tables().full_kind.get(item + suffix) or f"其他:{item}{suffix}"
                out.append(Mention(kind, item, item + suffix, start, end, "", chain_start, m.end(), level))
            start = end + 1
    return out
