"""pipeline.text: ``segment`` and ``tokenize`` give jieba's tokens (Latin runs split as jieba
splits them);
``alternation`` and ``leftmost`` find what the plain regex constructions they replace find."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import Spans, alternation, leftmost, mark_before, mark_from, segment, tokenize


@lru_cache(maxsize=1)
def jieba_tokenizer() -> Any:
    """jieba itself, the reference: its own dictionary, quiet."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.mark.parametrize("text", [
    "推进C-V2X和LTE-V2X车联网建设，5G-V2X试点",
    "到2025年，覆盖率达到60%以上，增长1.1个百分点",
    "支持IPv6规模部署，建设工业互联网标识解析二级节点",
    "统筹推进智能网联汽车、无人机、智能家居产品研发",
    "（一）加快养老机构消防安全达标工程。民政部门牵头，应急管理部门配合。",
    "GB/T 20000.1-2014标准；TCP/IP协议；3.5GHz频段",
    "省大数据局会同省发展改革委负责，2021年6月底前完成",
    "消防安仝隐患整治，养老机构服务质量",  # a misread character: jieba splits it off
    "",
])
def test_segment_and_tokenize_are_jiebas(text: str) -> None:
    assert segment(text) == jieba_tokenizer().lcut(text)
    assert tokenize(text) == list(jieba_tokenizer().tokenize(text, HMM=False))


WORDS = ["牵头", "牵头负责", "牵头单位", "负责", "民政", "民政部门", "民政厅", "卫生健康", "卫生",
         "a.b", "a", "(x)", "市", "市场监管", "市场监督管理"]


def _flat(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@pytest.mark.parametrize("text", [
    "民政部门牵头负责，卫生健康部门配合",
    "市场监督管理局、市场监管部门、市民政厅牵头单位",
    "a.b a (x) ab 牵头 牵负责",
    "",
])
@pytest.mark.parametrize("template", ["{}", "(?:{})(?:、(?:{}))*部门", "(?:{})+?厅", "(?<=省)(?:{})"])
def test_alternation_matches_as_the_flat_alternation(text: str, template: str) -> None:
    """Same matches, same spans, backtracking included (a shorter word tried when a longer one
    leaves the rest of the pattern unmatched)."""
    trie = re.compile(template.replace("{}", alternation(WORDS)))
    flat = re.compile(template.replace("{}", _flat(WORDS)))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_alternation_edge_cases() -> None:
    assert alternation([]) == ""
    assert re.fullmatch(alternation(["x", "xy", "xyz"]), "xy")
    assert re.match(alternation(["x", "xy", "xyz"]), "xyzz").group() == "xyz"


@pytest.mark.parametrize("text", [
    "省民政厅牵头，管理专利工作的部门配合，国务院办公厅",
    "厅厅厅 民政民政厅",
    "无",
])
def test_leftmost_finds_what_the_joined_pattern_finds(text: str) -> None:
    patterns = [re.compile(p) for p in (r"(?:民政|卫生)+厅", r"管理(?:专利)工作的部门", r"民政",
                                        r"(?<=省)民政厅", r"国务院(?:办公厅)?", r"厅")]
    joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    expected = [m.span() for m in joined.finditer(text)]
    found = list(leftmost(patterns, text))
    assert [m.span() for _, m in found] == expected
    for k, m in found:  # the first pattern that matches at that position
        assert all(not p.match(text, m.start()) for p in patterns[:k])


@given(st.text(alphabet="。，;a一\n", max_size=60), st.integers(0, 64))
@settings(max_examples=300, deadline=None)
def test_marks_find_what_the_scans_find(s: str, at: int) -> None:
    chars = "。;\n"
    assert mark_before(s, chars, at) == max(s.rfind(c, 0, at) for c in chars)
    found = [k for k in (s.find(c, max(at, 0)) for c in chars) if k >= 0]
    assert mark_from(s, chars, at) == (min(found) if found else -1)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=20),
       st.integers(0, 50), st.integers(0, 12))
@settings(max_examples=300, deadline=None)
def test_spans_answer_as_a_list_would(ranges: list[tuple[int, int]], a: int, width: int) -> None:
    spans = Spans()
    taken: list[tuple[int, int]] = []
    for start, length in ranges:
        spans.add(start, start + length)
        taken.append((start, start + length))
        assert spans.free(a, a + width) == (not any(a < y and x < a + width for x, y in taken))


def _finite(items: Any, limit: int = 4096, edges: bool = True) -> set[str] | None:
    """The strings a parsed sequence (``re._parser``'s items) can match, when they are few and
    literal; with ``edges``, a lookbehind first or a lookahead last adds the text it reads (which
    stands in the string just before or after the sequence) — never one nested inside a part,
    whose text would overlap the parts beside it; None otherwise."""
    from re import _constants as c

    out = {""}
    for k, (op, av) in enumerate(items):
        if op is c.LITERAL:
            options: set[str] | None = {chr(av)}
        elif op is c.IN:
            options = {chr(v) for o, v in av} if all(o is c.LITERAL for o, _ in av) else None
        elif op is c.SUBPATTERN:
            options = None if av[1] & re.IGNORECASE else _finite(av[3], limit, edges=False)
        elif op is c.BRANCH:
            parts = [_finite(branch, limit, edges=False) for branch in av[1]]
            options = None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] <= 4:
            once = _finite(av[2], limit, edges=False)
            options = None if once is None else {"".join(p) for n in range(av[0], av[1] + 1)
                                                 for p in __import__("itertools").product(once, repeat=n)}
        elif op is c.ASSERT and edges and ((av[0] == -1 and k == 0) or (av[0] == 1 and k == len(items) - 1)):
            options = _finite(av[1], limit, edges=False)
        else:
            options = None
        if options is None:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > limit:
            return None
    return out


def _inline_groups(items: Any) -> list[Any]:
    """A sequence with its groups' parts inline (what a group matches is its parts in turn)."""
    from re import _constants as c

    out: list[Any] = []
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] & re.IGNORECASE:
            out.extend(_inline_groups(av[3]))
        else:
            out.append((op, av))
    return out


def _holds(items: Any, words: tuple[str, ...]) -> bool:
    """Whether every match of a parsed pattern (``re._parser``'s items) holds one of ``words``
    (or the text its lookarounds read does): some run of parts that can only match a few literal
    strings (a suffix and the words its lookahead reads: 处 then 牵头|负责) holds one in each, or
    some part it cannot do without does (a group, a repeat of at least one, a branch each of
    whose alternatives does)."""
    from re import _constants as c

    items = _inline_groups(items)
    for a in range(len(items)):
        for b in range(a + 1, len(items) + 1):
            strings = _finite(items[a:b])
            if strings and all(any(w in x for w in words) for x in strings):
                return True
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] & re.IGNORECASE and _holds(av[3], words):
            return True
        if op is c.ATOMIC_GROUP and _holds(av, words):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1 and _holds(av[2], words):
            return True
        if op is c.BRANCH and all(_holds(branch, words) for branch in av[1]):
            return True
    return False


def _gates() -> list[Any]:
    import pipeline._preload  # noqa: F401  (every stage's module imported, its gates made)
    from pipeline.text import GATES

    return GATES


@pytest.mark.parametrize("gate", _gates(), ids=lambda g: g.pattern.pattern[:40])
def test_every_match_of_a_gated_pattern_holds_its_words(gate: Any) -> None:
    from re import _parser

    assert not gate.pattern.flags & re.IGNORECASE  # the words are tested as written
    assert _holds(_parser.parse(gate.pattern.pattern, gate.pattern.flags), gate.words)


_MANY = ("责任单位", "牵头单位", "责任部门", "处牵头", "处", "部门应", "部门应当", "委员会、", "a.b")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MANY) | st.text(alphabet="责任单位牵头处部门应当委员会、ab.", max_size=6),
                max_size=8),
       st.integers(min_value=1, max_value=len(_MANY)))
def test_a_gate_of_many_words_finds_what_a_search_for_each_finds(pieces: list[str], n: int) -> None:
    # from MANY_WORDS words a gate looks for them in one scan (pipeline.text.Gated)
    from pipeline.text import MANY_WORDS, Gated

    words = _MANY[:n] * MANY_WORDS  # repeated: a word listed twice is one alternative
    gate = Gated(re.compile("x"), words)
    assert gate._any is not None
    s = "".join(pieces)
    assert gate.possible(s) == any(w in s for w in words)


def test_the_gates_are_registered() -> None:
    """Every gate the stages make is read by the test above (made on import or at warm-up)."""
    assert len(_gates()) >= 20


@pytest.mark.parametrize(("pattern", "words", "holds"), [
    (r"(\d{1,2})月(\d{1,2})日", ("日",), True),
    (r"年内|本年度内", ("年",), True),
    (r"年内|本季度内", ("年",), False),  # the second alternative holds no 年
    (r"(?:到|至)?(?:\d{4}年|第?[一二]季度)", ("年", "季度"), True),
    (r"(?:期末|末期|末)", ("末",), True),
    (r"(?:前)?完成", ("前",), False),  # an optional part holds nothing a match needs
    (r"[年月]底", ("年", "月"), True),
    (r"(?<=由)[\u4e00-\u9fff]{2,6}?(?P<s>处|科)(?=牵头|负责)", ("处牵头", "处负责", "科牵头", "科负责"), True),
    (r"(?<=由)[\u4e00-\u9fff]{2,6}?(?P<s>处|科)(?=牵头|负责)", ("处牵头", "处负责", "科牵头"), False),
    # the lookahead's words stand after the suffix whatever the pattern reads next
    (r"(?P<s>处|科)(?=牵头|负责)[\u4e00-\u9fff]", ("处牵头", "处负责", "科牵头", "科负责"), True),
    (r"(?P<s>处|科)[\u4e00-\u9fff](?=牵头|负责)", ("处牵头", "处负责", "科牵头", "科负责"), False),
    # a lookaround nested in a part reads text that overlaps the parts beside it: nothing follows
    (r"x(?:(?<=x)|y)z", ("xxz", "xyz"), False),
    (r"处(?:(?<=处)|科)牵头", ("处处牵头", "处科牵头"), False),
    (r"(?:a(?=b)|c)b", ("abb", "cb"), False),
    (r"局(?:(?<=局)部){1,2}", ("局局部",), False),
    (r"(?i:abc)", ("abc",), False),  # a case-blind part matches ABC
])
def test_the_gate_reader(pattern: str, words: tuple[str, ...], holds: bool) -> None:
    from re import _parser

    assert _holds(_parser.parse(pattern), words) is holds


_TOUCHING_PLAIN = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
                             r"\u2014\u2018\u2019\u201c\u201d\u2026\u00b7])\s+"
                             r"|\s+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f"
                             r"\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7])")


@settings(max_examples=3000)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x1c\u3000\u00a0\u2003中文a1，。、（）·—\uff01")),
               max_size=24))
def test_whitespace_touching_chinese_is_found_as_the_lookbehind_form_finds_it(text: str) -> None:
    # the pattern opens with the whitespace character it consumes, not with a lookbehind, and
    # finds what the plain alternation finds (the ideographic space is both whitespace and a
    # full-width mark)
    from pipeline.text import _WS_TOUCHING_CJK

    assert ([m.span() for m in _WS_TOUCHING_CJK.finditer(text)]
            == [m.span() for m in _TOUCHING_PLAIN.finditer(text)])


_GUARD_PIECES = ["2025", "2", "１２", "〇", "二〇二五", "十", "十二", "一", "三", "第", "季度", "年", "月", "日", "份",
                 "上半年", "下半年", "底", "末", "中", "前", "之前", "以前", "内", "本", "度", "截至", "截止到", "到",
                 "至", "于", "在", "国庆", "春节", "元旦", "假期", "，", "。", "：", "；", "）", "\n", "完成", "—",
                 "-", "后", "a", " ", "本年度内", "年内", "年度内", "年底前", "月份："]


def _guarded_gates() -> list[tuple[Any, str]]:
    import pipeline.stages.extract.times  # noqa: F401  (its gates made)
    from pipeline.text import GUARDED

    return GUARDED


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_GUARD_PIECES), max_size=30))
def test_a_first_character_guard_finds_what_the_pattern_finds_without_it(pieces: list[str]) -> None:
    # a gate made with ``first`` looks ahead for the characters a match can open with: the
    # same matches, groups and all, as its pattern without the guard
    s = "".join(pieces)
    gates = _guarded_gates()
    assert len(gates) >= 6
    for gate, plain in gates:
        bare = re.compile(plain)
        assert ([(m.span(), m.groupdict()) for m in gate.pattern.finditer(s)]
                == [(m.span(), m.groupdict()) for m in bare.finditer(s)]), plain[:60]


def test_first_character_guards_on_the_repo_notices() -> None:
    from pathlib import Path

    texts = ["".join(p.read_text(encoding="utf-8", errors="replace").split())
             for p in sorted(Path(__file__).resolve().parent.parent.glob("corpora/**/*.txt"))]
    assert texts
    found = 0
    for gate, plain in _guarded_gates():
        bare = re.compile(plain)
        for s in texts:
            mine = [(m.span(), m.groupdict()) for m in gate.pattern.finditer(s)]
            assert mine == [(m.span(), m.groupdict()) for m in bare.finditer(s)]
            found += len(mine)
    assert found > 50


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from("ab\n中\r "), max_size=20), st.integers(0, 22), st.integers(0, 22))
def test_lines_back_are_lines_at_reversed(text: str, start: int, end: int) -> None:
    from pipeline.text import lines_at, lines_back

    assert list(lines_back(text, start, end)) == list(reversed(lines_at(text, start, end)))
    assert list(lines_back(text, start)) == list(reversed(lines_at(text, start)))
