"""Theme tagging: the taxonomy as data, heading over body, masks, OCR damage, other policy fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.config import DEFAULT_STAGES, load_config
from pipeline.errors import UsageError
from pipeline.stages.themes import find_hits, load_taxonomy, parse_taxonomy, tag

CONTRACT_THEMES = ["epidemic_control", "fire_safety", "hazard_rectification", "safety_standard",
                   "facility_upgrade", "rating", "supervision", "workforce", "standardization",
                   "medical_care", "illegal_fundraising", "insurance", "elder_rights",
                   "information_system"]


def test_taxonomy_has_the_contract_themes_with_labels() -> None:
    taxonomy = load_taxonomy()
    assert set(CONTRACT_THEMES) <= set(taxonomy.ids)
    assert len(taxonomy.ids) == len(set(taxonomy.ids))
    for theme in taxonomy.themes:
        assert theme.zh and theme.en and theme.keywords, theme.id


def test_keywords_are_terms_not_sentences() -> None:
    for theme in load_taxonomy().themes:
        for word in theme.keywords:
            assert 2 <= len(word) <= 10, (theme.id, word)
            assert not any(p in word for p in "，。；：,;"), (theme.id, word)


def test_themes_stage_runs_after_references() -> None:
    assert DEFAULT_STAGES.index("themes") == DEFAULT_STAGES.index("references") + 1


# (heading, body, themes that must be tagged, themes that must not be)
CASES = [
    ("开展养老机构消防安全隐患排查", "", {"fire_safety", "hazard_rectification"}, set()),
    ("实施消防安仝达标工程", "", {"fire_safety"}, set()),  # OCR: 全 read as 仝
    ("推进消防\n安全达标", "", {"fire_safety"}, set()),  # a line break inside the keyword
    ("推动部门协作", "市场监管部门、消防救援机构要配合。市场监管部门牵头。消防救援机构参与。",
     set(), {"supervision", "fire_safety"}),  # department names are actors, not topics
    ("加强部门协作", "推进医养结合，支持医疗机构开展服务，建立双向转诊机制。",
     {"medical_care"}, set()),  # repeated body evidence
    ("加强部门协作", "同时做好医养结合工作。", set(), {"medical_care"}),  # one mention is not enough
    ("开展职业技能等级认定", "", set(), {"rating"}),  # a real word one edit away is not damage
    ("推进医养结合和护理员培训", "", {"medical_care", "workforce"}, set()),
    ("防范非法集资和金融风险", "", {"illegal_fundraising"}, {"insurance"}),
    ("落实强制性国家标准", "", {"safety_standard"}, set()),
    ("完善老年人权益保障机制", "", {"elder_rights"}, set()),
    ("升级养老服务信息系统", "", {"information_system"}, set()),
    ("做好宣传工作", "加强宣传引导，营造良好氛围。", set(), set(CONTRACT_THEMES)),
]


@pytest.mark.parametrize(("heading", "body", "must", "must_not"), CASES)
def test_tag_table(heading: str, body: str, must: set[str], must_not: set[str]) -> None:
    themes = tag(heading, body)
    assert must <= set(themes), themes
    assert not (must_not & set(themes)), themes


def test_heading_evidence_comes_first() -> None:
    themes = tag("推进医养结合", "养老护理员培训，护理员岗前培训，护理员职业技能培训，从业人员培训。")
    assert themes[0] == "medical_care"
    assert "workforce" in themes


def test_fuzzy_hits_are_marked_and_exact_ones_are_not() -> None:
    hits = find_hits("实施消防安仝达标和消防设施改造", load_taxonomy())
    by_word = {(h.keyword, h.fuzzy) for h in hits}
    assert ("消防安全", True) in by_word
    assert ("消防设施", False) in by_word


def _taxonomy_data(**scoring: Any) -> dict[str, Any]:
    return {"scoring": scoring, "theme": [
        {"id": "air_quality", "zh": "大气污染防治", "en": "Air quality",
         "field": "environment", "keywords": ["大气污染", "扬尘", "挥发性有机物"]},
        {"id": "water", "zh": "水污染防治", "en": "Water", "keywords": ["黑臭水体", "污水处理"]},
    ]}


def test_another_policy_field_is_only_data(tmp_path: Path) -> None:
    taxonomy = parse_taxonomy(_taxonomy_data())
    assert tag("强化扬尘管控", "推进污水处理。", taxonomy) == ["air_quality"]
    assert tag("整治黑臭水体", "", taxonomy) == ["water"]
    path = tmp_path / "env.toml"
    path.write_text('[[theme]]\nid = "air_quality"\nzh = "大气"\nen = "Air"\nkeywords = ["扬尘"]\n',
                    encoding="utf-8")
    cfg = load_config(None, {"themes": {"taxonomy": str(path)}})
    assert load_taxonomy(cfg.themes.taxonomy).ids == ["air_quality"]


def test_threshold_is_data() -> None:
    strict = parse_taxonomy(_taxonomy_data(threshold=10.0))
    assert tag("强化扬尘管控", "", strict) == []


@pytest.mark.parametrize("bad", [
    {"theme": []},
    {"theme": [{"id": "a", "zh": "甲", "en": "A", "keywords": ["扬尘"]},
               {"id": "a", "zh": "乙", "en": "B", "keywords": ["污水"]}]},
    {"theme": [{"id": "a", "zh": "甲", "en": "A", "keywords": ["尘"]}]},
    {"theme": [{"id": "a", "zh": "甲", "keywords": ["扬尘"]}]},
])
def test_bad_taxonomies_are_usage_errors(bad: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        parse_taxonomy(bad)


def test_every_corpus_task_has_a_theme(corpus_notices: dict[str, dict[str, Any]]) -> None:
    ids = set(load_taxonomy().ids)
    for notice in corpus_notices.values():
        for task in notice["tasks"]:
            assert task["themes"], (notice["id"], task["id"], task["heading"])
            assert set(task["themes"]) <= ids


def _candidates_reference(s: str, taxonomy: Any, taken: list[tuple[int, int]]) -> list[Any]:
    """themes._candidates as it was written before its windows were worked out per pair."""
    from itertools import accumulate

    from rapidfuzz.distance import Levenshtein

    from pipeline.stages.themes import _NOT_CJK, _fuzzy_index, _pair_starts

    heads, tails = _fuzzy_index(taxonomy)
    at = [m.start() for m in _pair_starts(taxonomy).finditer(s)]
    if not at:
        return []
    edits = taxonomy.scoring.fuzzy_max_edits
    marks = [False] * len(s)
    for a, b in taken:
        marks[max(a, 0):max(b, 0)] = [True] * (min(b, len(s)) - max(a, 0))
    covered = list(accumulate(marks, initial=0))
    seen: set[tuple[int, int, str]] = set()
    found = []
    for i in at:
        pair = s[i:i + 2]
        head, tail = heads.get(pair), tails.get(pair)
        spans = [(i, i + len(w) + d, w) for w in head or () for d in range(-edits, edits + 1)]
        spans += [(i + 2 - len(w) - d, i + 2, w) for w in tail or () for d in range(-edits, edits + 1)]
        for start, end, word in spans:
            if start < 0 or end > len(s) or covered[end] > covered[start] or (start, end, word) in seen:
                continue
            seen.add((start, end, word))
            window = s[start:end]
            if _NOT_CJK.search(window):
                continue
            dist = Levenshtein.distance(window, word, score_cutoff=edits)
            if 0 < dist <= edits:
                found.append((dist, start, end, word))
    return found


def _keyword_text(draw: Any) -> tuple[str, list[tuple[int, int]]]:
    from hypothesis import strategies as st

    from pipeline.stages.themes import _fuzzy_index

    heads, tails = _fuzzy_index(load_taxonomy())
    words = sorted({w for ws in [*heads.values(), *tails.values()] for w in ws})
    pieces = []
    for _ in range(draw(st.integers(0, 5))):
        word = draw(st.sampled_from(words))
        if draw(st.booleans()):  # a character misread, dropped or added
            k = draw(st.integers(0, len(word) - 1))
            word = word[:k] + draw(st.sampled_from(["", "庚", "的", "a", "老"])) + word[k + 1:]
        pieces.append(word + draw(st.sampled_from(["", "，", "建设", "1"])))
    s = "".join(pieces)
    taken = draw(st.lists(st.tuples(st.integers(-2, len(s) + 2), st.integers(0, len(s) + 3)), max_size=3))
    return s, taken


def test_candidates_find_what_their_reference_finds() -> None:
    # themes._candidates reads the windows worked out once per keyword pair (themes._windows)
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.stages.themes import _candidates

    taxonomy = load_taxonomy()
    found_any = []

    @settings(max_examples=600, deadline=None)
    @given(st.composite(_keyword_text)())
    def check(case: tuple[str, list[tuple[int, int]]]) -> None:
        s, taken = case
        expected = _candidates_reference(s, taxonomy, list(taken))
        assert _candidates(s, taxonomy, list(taken)) == expected
        found_any.append(bool(expected))

    check()
    assert any(found_any)  # some cases hold a keyword one edit away
