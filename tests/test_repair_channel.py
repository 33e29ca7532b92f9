"""The OCR channel in repair: characters tesseract inserts, substitutions it was seen to make, and
the slots (personal names) where no lexicon may overrule the text. Texts are made up for the tests."""

from __future__ import annotations

import pytest

from pipeline.repair.confusion import ocr_pair_counts, shape_edits
from pipeline.repair.edits import apply_edits
from pipeline.repair.insertion import inserted_chars, insertion_edits
from pipeline.repair.lexicon import default_lexicon


def drop(text: str) -> str:
    return apply_edits(text, insertion_edits(text, default_lexicon()))[0]


def test_the_insertion_table_comes_from_the_builder_and_holds_what_specks_become() -> None:
    table = inserted_chars()
    assert table and all(n > 0 for n in table.values())
    assert "和" in table  # the commonest speck reading, by a wide margin
    assert len(ocr_pair_counts()) > 500


@pytest.mark.parametrize(("garbled", "expected"), [
    ("确保师生生命财产安人全。", "确保师生生命财产安全。"),
    ("完善农村基础设和施建设。", "完善农村基础设施建设。"),
])
def test_a_character_the_ocr_inserted_between_the_halves_of_a_word_is_dropped(
        garbled: str, expected: str) -> None:
    assert drop(garbled) == expected


@pytest.mark.parametrize("clean", [
    "加强教师培训和考核，完善城市和农村学校布局。",
    "他和有关部门一起，把项目和资金落实到人。",
    "各县要有专人负责，上下联动，和衷共济。",
    "推进医疗和养老服务相结合。",
    # a conjunction between two one-character words whose pair is a word too
    "省和市两级财政负担。", "分为大和小两类。", "完善内和外联动机制。", "坚持公和私分开。",
    "城市的前和后。", "供和需两端发力。", "县和市共同出资。",
])
def test_real_conjunctions_and_words_stay(clean: str) -> None:
    assert insertion_edits(clean, default_lexicon()) == []


def test_a_name_after_a_contact_label_is_never_respelled() -> None:
    text = "联系人：杨帆；联系电话：87654321。请冯军同志负责。"  # 扬帆, 将军 are words
    assert shape_edits(text, default_lexicon()) == []
