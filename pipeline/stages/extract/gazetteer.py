"""Gazetteer matching: government departments and regions, built from resources/*.toml.

Department mentions are found on the compact view with one compiled pattern per process::

    [prefix] alias (separator alias)* suffix     各地民政、卫生健康和中医药管理部门 -> 3 mentions
    [prefix] full name                          国家卫生健康委, 当地人民政府
    [prefix] 管理 alias 工作的部门               省人民政府管理专利工作的部门 -> 知识产权

Character-level matching over the compact view is used rather than token matching (spaCy
PhraseMatcher over jieba tokens): OCR and PDF line breaks split names mid-word and jieba splits
unseen abbreviations (卫健委, 市场监督管理局) unpredictably, so token boundaries would cost recall
while offsets here map exactly back to the text. OCR-damaged names are recovered by
``fuzzy_view`` (one substituted character in names of four characters or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...resources import load_toml
from ...text import Gated, Overlaps, Searcher, Spans, Suffixed, alternation, gated, leftmost, pair_starts, then

LEVEL_WORDS: dict[str, str | None] = {
    "各级": "各级", "县级以上": "各级", "各地": "各地", "当地": "各地", "属地": "各地", "地方": "各地",
    "国家": "国家", "全省": "省", "省级": "省", "省": "省", "全市": "市", "市级": "市",
    "各市": "市", "市": "市", "县级": "县", "各县": "县", "县": "县", "区": "县", "乡镇": "县",
    "中央": "国家", "同级": None,
    "自治区": "省", "自治州": "市", "自治县": "县", "自治旗": "县",  # 报自治县人民政府批准: its government
}
MINISTRY_SUFFIXES = ("部", "总局", "署")
_BRACKETED = ("各市（州）", "各县（市、区）", "各县（市、区、管委会）", "县（市、区）", "各县（区）", "各区（县）",
              "各县（市）", "各市（县、区）", "各市（县）", "各区（县、市）", "各县（市、区、旗）")
# the jurisdictions in full-width or half-width brackets (各县(市、区)政府: a text typed in ASCII)
EXTRA_PREFIXES = (*_BRACKETED, *(w.replace("（", "(").replace("）", ")") for w in _BRACKETED),
                  "市、县", "各市、县", "地级以上市",
                  # the regions a national body's regional bureau is named for (华北能源监管局)
                  "华北", "华东", "华中", "华南", "西北", "西南", "东北")


@dataclass(frozen=True)
class Mention:
    kind: str
    alias: str
    name: str  # alias + its organ suffix, as written
    start: int  # compact index of the alias
    end: int
    prefix: str  # jurisdiction words before the mention (or its chain)
    chain_start: int  # compact index where the mention's chain (with prefix) starts
    chain_end: int
    level: str | None
    fuzzy: bool = False


@lru_cache(maxsize=1)
def regions() -> dict[str, Any]:
    """Province and city names, abbreviations, and which province each city is in."""
    data = load_toml("regions.toml")
    provinces = {p["name"]: p for p in data["province"]}
    city_province = {c: p["name"] for p in data["province"] for c in p["cities"]}
    short_names = {p["short"]: p["name"] for p in data["province"]}
    abbr = {p["abbr"]: p["name"] for p in data["province"]}
    for p in data["province"]:
        for alt in p.get("abbr_alt", []):
            abbr.setdefault(alt, p["name"])
    city_short = {re.sub(r"(市|地区|盟|自治州)$", "", c): c for c in city_province
                  if len(re.sub(r"(市|地区|盟|自治州)$", "", c)) >= 2}
    return {"provinces": provinces, "city_province": city_province, "short": short_names,
            "abbr": abbr, "city_abbr": data.get("city_abbr", {}), "city_short": city_short}


@lru_cache(maxsize=1)
def _region_prefix() -> tuple[re.Pattern[str], dict[str, tuple[str | None, str | None]]]:
    """One pattern over every way a notice names a place at the start of an agency name."""
    reg = regions()
    names: dict[str, tuple[str | None, str | None]] = {}
    for short, city in reg["city_short"].items():
        names[short + "市"] = (reg["city_province"][city], city)
    for short, prov in reg["short"].items():
        if len(short) >= 2:
            names.setdefault(short, (prov, None))
        names[short + "省"] = (prov, None)
    for city, prov in reg["city_province"].items():
        names[city] = (prov, city)
    for prov in reg["provinces"]:
        names[prov] = (prov, None)
    return re.compile(alternation(list(names))), names


def region_prefix(name: str) -> str:
    """The place name that starts an agency name, as written (青岛市智能… -> 青岛市), or ""."""
    m = _region_prefix()[0].match(name)
    return m.group() if m else ""


def region_of(name: str) -> tuple[str | None, str | None]:
    """(province, city) named at the start of an agency name, e.g. 镇江市民政局 -> (江苏省, 镇江市)."""
    pattern, names = _region_prefix()
    m = pattern.match(name)
    return names[m.group()] if m else (None, None)


CHAIN, WORK, FULL, PFULL = range(4)  # the department patterns, in the order they are tried


# What closes a list of functions before their shared organ word: 等, perhaps 有关/相关, perhaps what the
# bodies are (…等相关职能部门, …等行业部门, …等业务部门)
LIST_TAIL = r"等(?:有关|相关)?(?:职能|行业|业务)?"


@dataclass(frozen=True)
class _Tables:
    alias_kind: dict[str, str]
    full_kind: dict[str, str]
    prefixed_kind: dict[str, str]
    own_suffix: dict[str, tuple[str, ...]]
    patterns: tuple[re.Pattern[str], ...]  # chain, work, full, pfull: scanned as one (``leftmost``)
    extra_suffixes: frozenset[str]
    long_aliases: tuple[str, ...]
    suffix_re: re.Pattern[str]
    prefix_rev: re.Pattern[str]
    bigrams: dict[str, list[tuple[str, int]]]
    merged_joins: tuple[str, ...]  # 交通与建设局: one bureau of two functions (departments.toml)
    merged_suffixes: tuple[str, ...]
    merged_firsts: dict[str, str]  # 环境(与国土资源局): a first function no alias names alone


# Where a clause opens in a compact string: after a stop, a comma or a colon, at the start, after an
# article's number (第四条街道办事处应当…) or an item's (（一）城市管理部门负责…, 3.…, ③…).
CLAUSE_START = (r"(?:(?<=[。；;，,：:])|^|(?<=[一二三四五六七八九十百零〇\d]条)"
                r"|(?<=[一二三四五六七八九十\d][）)．.、])|(?<=[①-⑳]))"
                r"(?!第[一二三四五六七八九十百零〇\d]{1,5}条|[（(]?[一二三四五六七八九十\d]{1,3}[）)．.、]|[①-⑳])")
SUBDISTRICT_OFFICE = "街道办事处"
LISTED_PREFIXED = ("局", "委")  # prefixed names that a list's later item may stand bare (规划局, 科委)


@lru_cache(maxsize=1)
def tables() -> _Tables:
    data = load_toml("departments.toml")
    alias_kind: dict[str, str] = {}
    full_kind: dict[str, str] = {}
    prefixed_kind: dict[str, str] = {}
    own_suffix: dict[str, tuple[str, ...]] = {}
    for entry in data["department"]:
        for alias in entry.get("aliases", []):
            alias_kind.setdefault(alias, entry["kind"])
        for name in entry.get("full", []):
            full_kind.setdefault(name, entry["kind"])
        for name in entry.get("prefixed", []):
            prefixed_kind.setdefault(name, entry["kind"])
        own_suffix[entry["kind"]] = tuple(entry.get("own_suffixes", []))
    prefix_words = _prefix_words()
    not_after_bu = "".join(data.get("not_after_bu", []))
    not_after_ban = "".join(data.get("not_after_ban", []))
    suffixes = [s for s in data["suffixes"] if s not in ("部", "办")]
    extra = {s for v in own_suffix.values() for s in v}
    suffix = (f"(?:{alternation(suffixes + list(extra))}|部(?![{re.escape(not_after_bu)}])"
              f"|办(?![{re.escape(not_after_ban)}]))")
    sep = alternation(data["separators"])
    alias = alternation(alias_kind)
    # The jurisdiction prefix is matched backwards from each mention (on the reversed text):
    # trying hundreds of place names at every position forwards would dominate the run time.
    prefix_rev = re.compile(rf"(?:{alternation([w[::-1] for w in prefix_words])})+")
    patterns = tuple(re.compile(p) for p in (
        # (a list's shared organ word may say what the bodies are: 等相关职能部门, 等行业部门)
        # (a bracket may name the function's part before the organ word: 能源（电力）主管部门)
        rf"(?P<chain>(?:{alias})(?:(?:{sep})(?:{alias}))*)(?:{LIST_TAIL})?(?:[（(][\u4e00-\u9fff]{{1,4}}[）)])?"
        rf"(?P<suffix>{suffix})",
        rf"(?:管理|主管|负责)(?P<work>{alias})工作的(?:部门|机构|机关)",
        rf"(?P<full>{alternation(full_kind)})(?!(?<=办)[{re.escape(not_after_ban)}])",  # 宣传办理: no 宣传办
        # (a bureau so named as a later item of a list shares the first item's place: 区规划局、…; 区经济
        # 发展局、规划局、社会事业局参与)
        _prefixed_pattern(list(prefixed_kind), _place_ends(), data["prefixed_not_before"]),
    ))
    long_aliases = tuple(a for a in alias_kind if len(a) >= 4)
    suffix_re = re.compile(suffix)
    return _Tables(alias_kind, full_kind, prefixed_kind, own_suffix, patterns, frozenset(extra),
                   long_aliases,
                   suffix_re, prefix_rev, _bigram_index(long_aliases),
                   tuple(data["merged_joins"]), tuple(data["merged_suffixes"]), dict(data["merged_firsts"]))


def _prefix_words() -> list[str]:
    """The jurisdiction words a mention's prefix is made of: level words and places."""
    reg = regions()
    places = (list(reg["provinces"]) + list(reg["city_province"]) + list(reg["short"])
              + [c + "市" for c in reg["city_short"]])
    return [*LEVEL_WORDS, *EXTRA_PREFIXES, *places]


def _place_ends() -> str:
    """The last characters of the jurisdiction words, as a class's contents."""
    return "".join(sorted({w[-1] for w in _prefix_words()}))


def _prefixed_pattern(names: list[str], lasts: str, not_before: list[str]) -> str:
    """A name that needs a place before it (政府, 财政局): right after a jurisdiction word's last
    character (``lasts``), or, a bureau so named, as a later item of a list (区规划局、…). Written
    from each name's first character, the character before it checked by a lookbehind after it:
    a pattern that opened with the lookbehinds was tried at every character of every text.
    ``tests/test_departments.py`` checks it against that form."""
    listed = [n for n in names if n.endswith(LISTED_PREFIXED)]
    rests: dict[str, list[str]] = {}
    for name in names:
        rests.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, after in sorted(rests.items()):
        c = re.escape(first)
        behind = f"(?<=[{lasts}]{c})"
        later = [n[1:] for n in listed if n[0] == first]
        if later:  # …or right after 、, a name so listed
            behind = f"(?:{behind}|(?<=、{c})(?={alternation(later)}))"
        branches.append(f"{c}{behind}{alternation(after)}")
    return f"(?P<pfull>{'|'.join(branches)})(?!{alternation(not_before)})"


def _bigram_index(aliases: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """First and last two characters of each long alias -> (alias, offset of that bigram)."""
    index: dict[str, list[tuple[str, int]]] = {}
    for alias in aliases:
        index.setdefault(alias[:2], []).append((alias, 0))
        index.setdefault(alias[-2:], []).append((alias, len(alias) - 2))
    return index


_LONGEST_FIRST = sorted(LEVEL_WORDS.items(), key=lambda kv: -len(kv[0]))  # what _level tries


def _level(prefix: str, suffix: str) -> str | None:
    if not prefix:
        return "国家" if suffix in MINISTRY_SUFFIXES else None
    for word, level in _LONGEST_FIRST:
        if word in prefix:
            return level
    province, city = region_of(prefix)
    if city:
        return "市"
    if province:
        return "省"
    return None


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern[str]:
    return re.compile(alternation(tables().alias_kind))


def _split_chain(chain: str, t: _Tables) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _alias_re().finditer(chain)]


def find_mentions(s: str, *, fuzzy: bool = True) -> list[Mention]:
    """All department mentions in a compact string, in order."""
    if not fuzzy and _PLAIN[0] is s:  # found already, by a fuzzy search that restored nothing
        found = _PLAIN[1]
        _PLAIN[:] = [None, []]  # taken: the text is not held longer than its notice needs it
        return sorted(found, key=lambda x: x.start)
    t = tables()
    out: list[Mention] = []
    covered: list[tuple[int, int]] = []
    view = fuzzy_view(s, t) if fuzzy else s
    for which, m in leftmost(t.patterns, view):
        lead = _merged_first(view, m, t) if which == CHAIN else None
        at = m.start() - len(lead) if lead else m.start()
        prefix = _prefix_before(view, at, t)
        begin = at - len(prefix)
        if lead:  # 区环境与国土资源局: one bureau, of the function named first
            first = next(w for w in t.merged_firsts if lead.startswith(w))
            out.append(Mention(t.merged_firsts[first], first, lead + m.group(), at, at + len(first), prefix,
                               begin, m.end(), _level(prefix, m.group("suffix"))))
            covered.append((begin, m.end()))
            continue
        if which == CHAIN:
            suffix = m.group("suffix")
            members = _split_chain(m.group("chain"), t)
            field = _compound_field(view, m.start("chain") + len(members[0][0]))
            if field:  # 市容环境卫生行政主管部门: another body's field, not the alias's kind
                office = next((w for w in COMMITTEE_OFFICES if view.startswith(w, m.end())), "")
                name = field + suffix + (office if suffix == "委员会" else "")  # …委员会办事机构
                start = m.start("chain") + len(members[0][0]) - len(field)
                prefix = _prefix_before(view, start, t)
                out.append(Mention(f"其他:{name}", field, name, start, start + len(field), prefix,
                                   start - len(prefix), m.end(), _level(prefix, suffix)))
                members = members[1:]
                if not members:
                    covered.append((start - len(prefix), m.end()))
                    continue
            last_kind = t.alias_kind[members[-1][0]]
            if suffix in t.extra_suffixes and suffix not in t.own_suffix.get(last_kind, ()):
                continue
            level = _level(prefix, suffix)
            if _merged(m.group("chain"), members, suffix, t):  # 区交通与建设局: one bureau
                alias = members[0][0]
                out.append(Mention(t.alias_kind[alias], alias, m.group("chain") + suffix, m.start("chain"),
                                   m.start("chain") + len(alias), prefix, begin, m.end(), level))
                covered.append((begin, m.end()))
                continue
            for k, (alias, offset) in enumerate(members):
                start = m.start("chain") + offset
                # a body named in full before the last (人民银行、国资委) takes no suffix of the chain's
                whole = alias in t.full_kind and k < len(members) - 1
                out.append(Mention(t.alias_kind[alias], alias, alias if whole else alias + suffix, start,
                                   start + len(alias), prefix, begin, m.end(), level))
        elif which == WORK:  # 管理专利工作的部门: the body whose work is named
            alias = m.group("work")
            out.append(Mention(t.alias_kind[alias], alias, m.group(), m.start("work"), m.end("work"),
                               prefix, begin, m.end(), _level(prefix, "部门")))
        else:
            group = "full" if which == FULL else "pfull"
            name = m.group(group)
            kind = t.full_kind.get(name) or t.prefixed_kind[name]
            level = _level(prefix, "") or ("国家" if name.startswith("国家")
                                           or name.endswith(MINISTRY_SUFFIXES) else None)
            if group == "pfull" and not prefix:
                prefix = s[max(0, m.start() - 1):m.start()].strip("、")
                level = LEVEL_WORDS.get(prefix)
            out.append(Mention(kind, name, name, m.start(group), m.end(group), prefix,
                               begin, m.end(), level))
        covered.append((begin, m.end()))
    if fuzzy and view is s:  # what a search without fuzzy names finds here (this list's own)
        _PLAIN[:] = [s, out]
    if fuzzy:
        out = [_mark_fuzzy(x, s) for x in out]
        zones = zone_bodies(s, covered)
        out.extend(zones)
        out.extend(unknown_bodies(s, sorted(covered + [(z.start, z.end) for z in zones])))
    return sorted(out, key=lambda x: x.start)


# The last text a fuzzy search restored nothing in, and the mentions it found before it added
# the fuzzy ones: what a search without them finds in that text (the departments stage searches
# a notice's compact text, the themes stage then masks the names in the same text). Held until a
# search without fuzzy names takes it or the next such search replaces it: one text a process.
_PLAIN: list[Any] = [None, []]

PREFIX_REACH = 24  # characters before a mention searched for its jurisdiction words


def _prefix_before(view: str, at: int, t: _Tables) -> str:
    """The jurisdiction words just before ``at`` (省, 各县（市、区）, 华北), read backwards."""
    back = t.prefix_rev.match(view[max(0, at - PREFIX_REACH):at][::-1])
    return back.group()[::-1] if back else ""


COMMITTEE_OFFICES = ("办事机构", "办公室")  # a committee's office, the body that acts for it


@lru_cache(maxsize=1)
def _compound_fields() -> tuple[str, ...]:
    return tuple(sorted(load_toml("departments.toml")["compound_fields"], key=len, reverse=True))


def _compound_field(view: str, end: int) -> str | None:
    """The field ending at ``end`` whose name ends on an alias but is another body's work
    (departments.toml ``compound_fields``: 市容环境卫生, 精神文明建设), if one does."""
    fields = _compound_fields()
    longest, by_last = _compound_by_last()
    if longest <= end <= len(view):  # only those ending on the character before ``end``
        fields = by_last.get(view[end - 1], ())
    return next((f for f in fields if view.startswith(f, end - len(f))), None)


@lru_cache(maxsize=1)
def _compound_by_last() -> tuple[int, dict[str, tuple[str, ...]]]:
    """The longest field's length, and the fields by their last character, longest first as in
    ``_compound_fields`` (nearer a text's start than the longest, all are tried as written)."""
    out: dict[str, list[str]] = {}
    for field in _compound_fields():
        out.setdefault(field[-1], []).append(field)
    longest = max(map(len, _compound_fields()), default=0)
    return longest, {last: tuple(fields) for last, fields in out.items()}


@lru_cache(maxsize=1)
def _zones() -> re.Pattern[str]:
    spec = load_toml("departments.toml")["zones"]
    return re.compile(rf"(?P<zone>{alternation(spec['types'])})(?P<organ>{alternation(spec['organs'])})")


def zone_bodies(s: str, known: list[tuple[int, int]]) -> list[Mention]:
    """A zone's administrative committee the gazetteer does not know (功能区管委会, 高新区管委会):
    其他:<zone type><organ>, so the kind compares across regions (departments.toml ``zones``)."""
    if "管" not in s and "工委" not in s:
        return []
    taken = Spans(known)
    out = []
    for m in _zones().finditer(s):
        if taken.free(*m.span()):
            name = m.group()
            out.append(Mention(f"其他:{name}", m.group("zone"), name, m.start(), m.end(), "",
                               m.start(), m.end(), None))
    return out


def _mark_fuzzy(m: Mention, s: str) -> Mention:
    if s[m.start:m.end] == m.alias:
        return m
    written = s[m.start:m.end]
    return Mention(m.kind, written, written + m.name[len(m.alias):], m.start, m.end, m.prefix,
                   m.chain_start, m.chain_end, m.level, fuzzy=True)


def fuzzy_view(s: str, t: _Tables) -> str:
    """``s`` with OCR-damaged aliases of 4+ characters restored (卫生健庚 -> 卫生健康, 生态环镜).

    Only same-length, one-character substitutions are made, found from an exact two-character
    anchor at either end, so every index in the view is the same index in ``s``. What only a
    window that passes the cheaper tests needs (the names written correctly, the characters as
    changed so far) is made when the first such window comes: most texts have none.
    """
    chars: list[str] | None = None  # s as changed so far, made at the first change
    exact: list[int] | None = None
    n = len(s)
    entries = _bigram_entries(t)
    for anchor in _bigram_starts().finditer(s):  # where an anchor stands
        k = anchor.start()
        for alias, offset, size, far, near, at_far, at_near in entries.get(s[k:k + 2], ()):
            i = k - offset
            # the window inside the text, and at the end away from the anchor a character as the
            # alias has it there or next to it: a quick test first
            if i < 0 or i + size > n or (s[i + far] != at_far and s[i + near] != at_near):
                continue
            window = s[i:i + size]
            if not (window not in t.alias_kind
                    and not (window[:-1] in t.alias_kind and window[-1] in ORGAN_CHARS)  # 住房城乡建委
                    and sum(map(str.__ne__, window, alias)) == 1
                    and not any(w != a and w in _not_over() for w, a in zip(window, alias, strict=True))
                    and _CJK_RUN.fullmatch(window)):
                continue
            if exact is None:
                exact = _exact_lengths(s)
            if (max(exact[i:i + size]) < size
                    and (chars is None or "".join(chars[i:i + size]) == window)
                    and not _alias_at_change(window, alias, t)):
                if chars is None:
                    chars = list(s)
                chars[i:i + size] = list(alias)
    return s if chars is None else "".join(chars)


def _bigram_entries(t: _Tables) -> dict[str, tuple[tuple[str, int, int, int, int, str, str], ...]]:
    """``t.bigrams`` with what ``fuzzy_view`` tests of each alias worked out once: its size, the
    index of its end away from the anchor (``far``) and of the character next to it (``near``),
    and the alias's characters there."""
    made = _ENTRIES.get(id(t.bigrams))
    if made is not None and made[0] is t.bigrams:
        return made[1]
    out = {}
    for pair, aliases in t.bigrams.items():
        entries = []
        for alias, offset in aliases:
            size = len(alias)
            far = size - 1 if offset == 0 else 0
            near = far - 1 if far else 1
            entries.append((alias, offset, size, far, near, alias[far], alias[near]))
        out[pair] = tuple(entries)
    _ENTRIES[id(t.bigrams)] = (t.bigrams, out)
    return out


_ENTRIES: dict[int, tuple[Any, Any]] = {}  # by the bigram index they were made from (held)


def _exact_lengths(s: str) -> list[int]:
    """The length of a correctly written name over each index of ``s``: a window inside a name at
    least as long is no damaged alias (金融监督管理 holds 金融监督, which is not 金融监管 misread)."""
    exact = [0] * (len(s) + 1)
    for m in _exact_names_re().finditer(s):
        exact[m.start():m.end()] = [m.end() - m.start()] * (m.end() - m.start())
    return exact


@lru_cache(maxsize=1)
def _not_over() -> frozenset[str]:
    return frozenset(load_toml("departments.toml")["fuzzy_not_over"])


def _alias_at_change(window: str, alias: str, t: _Tables) -> bool:
    """Whether the character the repair would change stands in another alias written whole
    (国家商务部: 商务 is no misread of 税务 in 国家税务)."""
    at = next(k for k, (a, b) in enumerate(zip(window, alias, strict=True)) if a != b)
    return any(window[a:b] in t.alias_kind for a in range(0, at + 1)
               for b in range(max(at + 1, a + 2), len(window) + 1) if b - a < len(window))


# An organ's one-character suffix: a known alias followed by one is a name written short (住房城乡建委,
# 经济信息委), not a misread of a longer alias (住房城乡建设).
ORGAN_CHARS = "局委厅办部处署"


@lru_cache(maxsize=1)
def _bigram_starts() -> re.Pattern[str]:
    """Where an anchor (two characters of an alias) stands: a third of the places where an
    anchor's first character does."""
    return pair_starts(tables().bigrams)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _exact_names_re() -> re.Pattern[str]:
    """Names and organ words written correctly: a window inside one is no damaged alias (the
    行政管理 of 粮食行政管理部门 is not 邮政管理 misread)."""
    t = tables()
    organs = [w for w in load_toml("departments.toml")["suffixes"] if len(w) >= 4]
    return re.compile(alternation([*t.alias_kind, *t.full_kind, *organs]))


def _chars(words: list[str]) -> str:
    return "[" + re.escape("".join(words)) + "]"


@lru_cache(maxsize=1)
def _unknown() -> tuple[list[tuple[str, Gated, Searcher]], dict[str, Any]]:
    """The patterns of bodies the gazetteer does not know, each with the key of its groups
    (``core`` + key …) and gated by the words its suffix holds (or, where it looks ahead for the
    word after its suffix, by the suffix and that word together: 处牵头), what finds its
    matches (the pattern itself, or for one that opens with lookbehinds, a ``text.Suffixed`` of
    it: found from its suffixes, not tried at every character), its cue words from
    departments.toml ``[unknown_bodies]``, and that table. ``unknown_bodies`` runs them as one
    alternation would (``leftmost``): each on its own keeps ``re``'s skip to a possible first
    character, and one whose suffix the text never holds is not run."""
    spec = load_toml("departments.toml")["unknown_bodies"]
    before = "|".join(f"(?<={re.escape(w)})" for w in spec["division_before"])
    # the parts that open with lookbehinds, then a core of two to six characters: their
    # suffixes and what their lookaheads read after them (``Suffixed`` finds them from there)
    suffixes = {"5": (spec["division_suffixes"], alternation(spec["division_after"])),
                "2c": (["部门", "机构", "办事处"], alternation(spec["acting_after"])),
                "2d": (["部门", "机构"], "[、和及与或等，,。；;]")}
    parts = [
        # 省委老干部局; 各片区管理局 (each of a kind of body)
        # (every alternative of the prefix opens with a character, not a class: a scan then
        # skips to the characters one can open with)
        ("", r"(?P<prefix>省级各?|市级各?|县级各?|区级各?|国家|省委|市委|县委|区委|省|市|县|区|各级|各地|当地|各)"
             r"(?P<core>[\u4e00-\u9fff]{2,6}?)(?P<suffix>局|厅|委员会|办公室|中心)",
         ("局", "厅", "委员会", "办公室", "中心")),
        # an office named X办 (城管办, 安委办), not a verb's 办 (办理, 办结)
        ("3", r"(?P<prefix3>省委|市委|县委|区委|省|市|县|区)(?P<core3>[\u4e00-\u9fff]{2,4}?)(?P<suffix3>办)"
              rf"(?!{_chars(spec['office_not_followed_by'])})", ("办",)),
        # 镇文物行政管理部门, 同级文物主管部门, 各地节能主管部门: a function's department at a level
        ("2b", r"(?P<prefix2b>同级|各级|各地|当地|省级|市级|县级|省|市|县|区|镇|乡)(?P<core2b>[\u4e00-\u9fff]{2,4}?)"
               r"(?P<suffix2b>行政管理部门|行政主管部门|主管部门)", ("部门",)),
        # 各级地震部门: a function's departments at every level (not 市政府部门, 各级有关部门)
        ("2", r"(?P<prefix2>各级|各地|当地)(?P<core2>[\u4e00-\u9fff]{2,4}?)(?P<suffix2>部门)", ("部门",)),
        # 由社会事业处牵头，组织交通与建设处、资源生态处…: a bureau's divisions carrying out a measure
        ("5", rf"(?:{before})(?P<prefix5>)(?P<core5>[\u4e00-\u9fff]{{2,6}}?)"
              rf"(?P<suffix5>{alternation(suffixes['5'][0])})(?={suffixes['5'][1]})",
         then(spec["division_suffixes"], spec["division_after"])),
        # 人事部门应当制定计划: a function's department opening its clause, acting (also a line's, an
        # article's after its number, an item's: 第四条 街道办事处应当…; （一）城市管理部门负责…)
        ("2c", rf"{CLAUSE_START}(?P<prefix2c>)(?P<core2c>[\u4e00-\u9fff]{{2,6}}?)"
               rf"(?P<suffix2c>{alternation(suffixes['2c'][0])})(?={suffixes['2c'][1]})",
         then(["部门", "机构", "办事处"], spec["acting_after"])),
        # 会同建设主管部门、城市管理部门和公安机关交通管理部门: a department listed after a body named
        # (that it follows a known mention is checked where the mentions are known)
        ("2d", rf"(?<=、)(?P<prefix2d>)(?P<core2d>[\u4e00-\u9fff]{{2,6}}?)"
               rf"(?P<suffix2d>{alternation(suffixes['2d'][0])})(?={suffixes['2d'][1]})",
         ("部门", "机构")),
    ]
    out: list[tuple[str, Gated, Searcher]] = []
    for key, pattern, words in parts:
        gate = gated(pattern, *words)
        finder: Searcher = gate.pattern
        if key in suffixes:
            finder = Suffixed(gate.pattern, *suffixes[key], shortest=2, longest=6)
        out.append((key, gate, finder))
    return out, spec


@lru_cache(maxsize=1)
def _centres() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A centre is a body only where it acts (市固化管理中心给予…, …中心负责), not where it is built
    (建设省级数据中心): departments.toml ``[centres]``."""
    spec = load_toml("departments.toml")["centres"]
    return (re.compile(rf"[（(]?(?:{alternation(spec['acts'])})"),
            re.compile(alternation(spec["built"])))


@lru_cache(maxsize=1)
def _not_a_body() -> tuple[str, ...]:
    return tuple(_unknown()[1]["not_a_body"])


@lru_cache(maxsize=1)
def not_organs() -> tuple[str, ...]:
    return tuple(load_toml("departments.toml").get("not_organs", []))


WORDS_NOT_PLACES = ("市场", "区域", "县域", "区块", "省份")  # a jurisdiction's character beginning a word


def unknown_bodies(s: str, known: list[tuple[int, int]]) -> list[Mention]:
    """Bodies with an organ suffix that the gazetteer does not know: 市气象局 -> 其他:气象局."""
    out = []
    taken = Overlaps(known)
    parts, spec = _unknown()
    live = [(key, finder) for key, gate, finder in parts if gate.possible(s)]
    ends = {b for _, b in known}
    for which, m in leftmost([pattern for _, pattern in live], s):
        if taken.any_with(m.start(), m.end()):
            continue  # overlaps a known mention (found in O(log n), not by a scan)
        g = live[which][0]
        if g == "2d" and m.start() - 1 not in ends:
            continue  # 、…部门 after no body named
        core, suffix, prefix = m.group("core" + g), m.group("suffix" + g), m.group("prefix" + g)
        at = m.start("core" + g)
        if g in ("2c", "2d") and core[0] in "省市县区" and len(core) > 2:
            prefix, core, at = core[0], core[1:], at + 1  # 市城市管理部门: the city's, of the kind 城市管理部门
        if prefix[-1:] + core[:1] in WORDS_NOT_PLACES:
            continue  # 电力市场管理委员会: the 市 of 市场 begins a word, no city's 场管理委员会
        joins = r"[的和及、是在对将]" if g == "5" else r"[的和及与、是在对将]"  # 交通与建设处: one division
        merged = merged_kind(core + suffix) if g == "" else None  # 市自然资源和城建局: one bureau
        if core.startswith(_not_a_body()) or (re.search(joins, core) and not merged):
            continue
        if g == "5" and (core.endswith(tuple(spec["division_not_ending"]))
                         or core.startswith(tuple(spec["division_not_opening"]))
                         or (suffix == "科" and core.endswith(tuple(spec["section_not_ending"])))):
            continue  # 由…办理处: a verb's object; 各科: divisions in general; 跨学科, 本科: no office
        if suffix == "机构" and not core.endswith(tuple(spec["agency_functions"])):
            continue  # 临床试验机构应…, 科研机构: bodies a measure addresses (动物防疫监督机构 acts)
        if g in ("2c", "2d") and (any(w in core for w in spec["acting_general"]) or core in spec["acting_bare"]):
            continue  # 上级主管部门应当…, 政府部门要…: bodies in general (城市管理部门 is one)
        if g in ("2", "2b") and any(c in core for c in spec["general_words"]):
            continue  # 各级有关主管部门, 各级政府部门: bodies in general
        if g in ("2b", "2c", "2d") and any(c in core for c in spec["verb_characters"]):
            continue  # …直辖市要指定主管部门: a verb, no function
        if (core + suffix).endswith(not_organs()):
            continue  # 产业布局, 发展格局: a word, not an organ
        if suffix == "中心" and (prefix in ("国家", "各级", "各地", "当地") or not _centres()[0].match(s, m.end())
                               or _centres()[1].search(s, max(0, m.start() - 4), m.start())):
            continue  # 建设省级数据中心: a facility built, not a body acting
        name = core + suffix
        # 提篮桥街道办事处: a sub-district's office, of the kind without its place
        bare = SUBDISTRICT_OFFICE if name.endswith(SUBDISTRICT_OFFICE) else name
        kind = division_kind(name) if g == "5" else merged  # 农业农村处: its function's division
        out.append(Mention(kind or f"其他:{bare}", core, name, at, m.end(), prefix,
                           m.start(), m.end(), LEVEL_WORDS.get(prefix, LEVEL_WORDS.get(prefix[:2]))))
    return out


def _merged_first(view: str, m: re.Match[str], t: _Tables) -> str | None:
    """The first function and its join before a chain of one function (环境与 before 国土资源局),
    where that function is one no alias names alone (departments.toml ``merged_firsts``)."""
    if m.group("suffix") not in t.merged_suffixes or len(_split_chain(m.group("chain"), t)) != 1:
        return None
    for first in t.merged_firsts:
        for join in t.merged_joins:
            lead = first + join
            if view[max(0, m.start() - len(lead)):m.start()] == lead:
                return lead
    return None


def _merged(chain: str, members: list[tuple[str, int]], suffix: str, t: _Tables) -> bool:
    """Whether a chain of two functions is one bureau merged from both (departments.toml
    ``merged_joins``, ``merged_suffixes``)."""
    if len(members) != 2 or suffix not in t.merged_suffixes or members[0][0] in t.full_kind:
        return False
    (first, at), (_, second_at) = members
    return at == 0 and chain[len(first):second_at] in t.merged_joins


BRANCH = re.compile(r"局?[\u4e00-\u9fff]{2,4}分局")  # after a function: its branch in a place


def merged_kind(name: str) -> str | None:
    """The kind of a bureau merged from two functions and named by both, where the gazetteer knows
    only the first (自然资源和城建局 -> 自然资源), or None."""
    t = tables()
    for k in range(6, 1, -1):  # 公安青浦分局, 市场监管局浦东分局: a bureau's branch in a district
        if name[:k] in t.alias_kind and BRANCH.fullmatch(name, k):
            return t.alias_kind[name[:k]]
    for suffix in t.merged_suffixes:
        if name.endswith(suffix):
            for join in t.merged_joins:
                first, joined, second = name[:-len(suffix)].partition(join)
                if joined and len(second) >= 2 and first in t.alias_kind:
                    return t.alias_kind[first]
            return None
    return None


def division_kind(name: str) -> str | None:
    """The kind of a division named by one function and its division word (农业农村处 -> 农业农村;
    departments.toml ``division_suffixes``), or None (社会事业处, 交通与建设处: no one function)."""
    for suffix in _unknown()[1]["division_suffixes"]:
        if name.endswith(suffix):
            return tables().alias_kind.get(name[:-len(suffix)])
    return None

