"""Repair of paired marks, item numbers, list dashes and a 1 read as a bracket (OCR misreadings
of marks rather than of characters). Texts are made up for the tests, in several policy fields."""

from __future__ import annotations

import pytest

from pipeline.repair import junk, layout, numbering, pairing, punctuation
from pipeline.repair.edits import apply_edits
from pipeline.repair.lexicon import default_lexicon
from pipeline.repair.passes import repair_text


def fix(text: str) -> str:
    return repair_text(text).text


# -- brackets ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("garbled", "expected"), [
    # a title mark closed by a parenthesis was a parenthesis
    ("加强校车安全检查。《责任单位：县教育局 )\n", "加强校车安全检查。（责任单位：县教育局）\n"),
    ("《七 ) 做好冬季供暖保障。\n", "（七）做好冬季供暖保障。\n"),
    ("落实护理员〈医疗护理员 ) 待遇。\n", "落实护理员（医疗护理员）待遇。\n"),
    # a title inside a title is written 〈…〉
    ("根据《关于印发《农村公路养护办法》的通知》要求，\n", "根据《关于印发〈农村公路养护办法〉的通知》要求，\n"),
    # a mark standing before another opening bracket, never closed: a speck
    ("《农村公路条例》《（交发〔2019〕12号 )，结合本省实际\n", "《农村公路条例》（交发〔2019〕12号），结合本省实际\n"),
    ("〈《八 ) 提升服务标准化水平。\n", "（八）提升服务标准化水平。\n"),
])
def test_misread_brackets_are_restored_by_pairing(garbled: str, expected: str) -> None:
    assert fix(garbled) == expected


@pytest.mark.parametrize("clean", [
    "根据《道路交通安全法》和《公路法》（2017年修正），制定本办法。\n",
    "各市（州）、县（市、区）教育局：\n",
    "《关于做好春运工作的通知》（交运发〔2020〕5号）已印发。\n",
    "（三）加强“双减”督导（含校外培训）。\n",
    "根据《关于印发《办法》的通知要求，\n",  # the outer title is never closed: no nesting to see
])
def test_well_paired_brackets_stay(clean: str) -> None:
    assert apply_edits(clean, pairing.bracket_pair_edits(clean))[0] == clean


# -- quotes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("garbled", "expected"), [
    ("按照“属地管理、分级负责?的原则落实责任。", "按照“属地管理、分级负责”的原则落实责任。"),
    ("开展*送教下乡”活动。", "开展“送教下乡”活动。"),
    ("建立“一河一策\"”工作机制。", "建立“一河一策”工作机制。"),
])
def test_marks_misread_for_quotes_are_restored(garbled: str, expected: str) -> None:
    assert fix(garbled) == expected


@pytest.mark.parametrize("clean", [
    "群众满意吗？我们要以此为标准。",
    "“你们准备好了吗？”他问。",
    "计算公式为A*B，其中A为人数。",
])
def test_question_marks_and_asterisks_of_their_own_stay(clean: str) -> None:
    assert apply_edits(clean, pairing.quote_pair_edits(clean))[0] == clean


# -- item numbers --------------------------------------------------------------------------------
def test_an_unreadable_item_number_between_two_readable_ones_is_restored() -> None:
    raw = "（一）完善路网规划。\n全 ) 加快项目建设。\n（三）强化资金保障。\n《和 ) 其他。\n"
    out = apply_edits(raw, numbering.item_number_edits(raw))[0]
    assert out == "（一）完善路网规划。\n（二）加快项目建设。\n（三）强化资金保障。\n《和 ) 其他。\n"


@pytest.mark.parametrize(("raw", "repaired"), [
    # a run of two misread numbers between （一） and （四）: OCR of a scanned 红头 notice
    ("（一）完善路网规划。\n全) 加快项目建设。\n伍 ) 强化资金保障。\n（四）其他。\n",
     "（一）完善路网规划。\n（二）加快项目建设。\n（三）强化资金保障。\n（四）其他。\n"),
    # three in a row
    ("（二）甲。\n全) 乙。\n伍 ) 丙。\n《和 ) 丁。\n（六）戊。\n",
     "（二）甲。\n（三）乙。\n（四）丙。\n（五）丁。\n（六）戊。\n"),
    # OCR junk with a backslash for the last item of a list
    ("（四）完善标准。\n（五）加强监管。\n（7S\\）强基固本。\n四、工作要求\n",
     "（四）完善标准。\n（五）加强监管。\n（六）强基固本。\n四、工作要求\n"),
    # the first item of a section, before （二）
    ("三、工作要求\n全) 高度重视。\n（二）加强宣传。\n",
     "三、工作要求\n（一）高度重视。\n（二）加强宣传。\n"),
])
def test_runs_of_unreadable_item_numbers_are_restored(raw: str, repaired: str) -> None:
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == repaired


@pytest.mark.parametrize("raw", [
    "（一）甲。\n全) 乙。\n伍 ) 丙。\n（五）丁。\n",  # two gaps but three numbers missing
    "（一）甲。\n全) 乙。\n伍 ) 丙。\n二、保障措施\n",  # no item after the run
    "（一）甲。（二）见上。\n全) 乙。\n伍 ) 丙。\n（四）丁。\n",  # （二） stands already, mid-line
    "全) 甲。\n（二）乙。\n",  # no section or item before it: the text may start anywhere
])
def test_runs_are_not_numbered_when_the_neighbours_disagree(raw: str) -> None:
    assert numbering.item_number_edits(raw) == []


@pytest.mark.parametrize(("raw", "repaired"), [
    ("（一）甲。\n(人二) 乙。\n（三）丙。\n", "（一）甲。\n（二） 乙。\n（三）丙。\n"),
    ("（二）甲。\n< 三) 乙。\n\\ 四 ) 丙。\n（五）丁。\n",
     "（二）甲。\n（三） 乙。\n（四） 丙。\n（五）丁。\n"),
    ("（一）强化政府主导。\n二）转变服务方式。\n（三）补齐发展短板。\n",
     "（一）强化政府主导。\n（二）转变服务方式。\n（三）补齐发展短板。\n"),
    # a closing bracket lost, a space after the numeral
    ("（二）甲。\n(三 严格落实禁烧管控责任。\n（四）丁。\n", "（二）甲。\n（三）严格落实禁烧管控责任。\n（四）丁。\n"),
    # a doubled opening bracket (a 《 read beside the bracket)
    ("（七）乙。(责任部门 : 民政部门 )\n(《八 ) 提升水平。\n（九）维护权益。\n",
     "（七）乙。(责任部门 : 民政部门 )\n（八） 提升水平。\n（九）维护权益。\n"),
    # the last item of its list: its numeral follows on, the next mark is a section
    ("（六）甲。\n（七）乙。\n《和八 ) 建立健全制度。\n三、工作要求\n",
     "（六）甲。\n（七）乙。\n（八） 建立健全制度。\n三、工作要求\n"),
    # …or a new list (its section heading lost to OCR)
    ("（六）甲。\n（七）乙。\nWAN) 建立健全制度。\n《一 ) 高度重视。\n",
     "（六）甲。\n（七）乙。\n（八）建立健全制度。\n《一 ) 高度重视。\n"),  # （一）'s bracket is pairing's
])
def test_numerals_with_a_misread_or_lost_bracket_are_restored(raw: str, repaired: str) -> None:
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == repaired


def test_a_bracketless_numeral_out_of_sequence_is_left() -> None:
    raw = "（一）强化政府主导。\n三）转变服务方式。\n（三）补齐发展短板。\n"
    assert numbering.item_number_edits(raw) == []


def test_a_last_item_whose_numeral_does_not_follow_on_is_left() -> None:
    raw = "（六）甲。\n（七）乙。\n《和九 ) 建立健全制度。\n三、工作要求\n"
    assert numbering.item_number_edits(raw) == []


@pytest.mark.parametrize(("raw", "repaired"), [
    # an Arabic item number read as a character between n and n + 2 with the list's stop
    ("2. 进一步提升。\n3. 进一步推进。\n和. 进一步加强。\n5. 进一步创新。\n",
     "2. 进一步提升。\n3. 进一步推进。\n4. 进一步加强。\n5. 进一步创新。\n"),
    ("2. 进一步提升。\n3. 进一步推进。\n和. 进一步加强。\n6. 进一步创新。\n", None),  # two missing
    ("2、进一步提升。\n3、进一步推进。\n和. 进一步加强。\n5、进一步创新。\n", None),  # another stop
    ("3. 进一步推进。\n和. 进一步加强。\n", None),  # no item after it
])
def test_an_arabic_number_read_as_a_character_is_restored(raw: str, repaired: str | None) -> None:
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == (repaired or raw)


def test_item_numbers_are_not_guessed_without_both_neighbours() -> None:
    for raw in ("（一）完善路网规划。\n全 ) 加快项目建设。\n二、保障措施\n（三）强化资金保障。\n",
                "（一）完善路网规划。\n（注）本条适用于县道。\n（二）强化资金保障。\n"):
        assert numbering.item_number_edits(raw) == []


# -- list dashes and digits --------------------------------------------------------------------
def test_list_dashes_read_as_one_are_restored_where_the_document_shows_them() -> None:
    raw = ("到2025年实现以下目标：\n-一义务教育巩固率达到96%。\n一一学前教育普及率达到90%。\n"
           "一是加强师资建设。\n一方面要扩大供给。\n")
    out = apply_edits(raw, junk.list_dash_edits(raw, default_lexicon()))[0]
    assert out == ("到2025年实现以下目标：\n——义务教育巩固率达到96%。\n——学前教育普及率达到90%。\n"
                   "一是加强师资建设。\n一方面要扩大供给。\n")


def test_without_a_clear_list_dash_lines_starting_with_one_stay() -> None:
    raw = "一一对应建立台账。\n一批项目已开工。\n"
    assert junk.list_dash_edits(raw, default_lexicon()) == []


@pytest.mark.parametrize(("garbled", "expected"), [
    ("2021年3月1] 日起施行", "2021年3月1 日起施行"),
    ("自2022年] 月1日起施行", "自2022年1 月1日起施行"),
    ("每县至少建成 ] 处示范点", "每县至少建成 1 处示范点"),
])
def test_a_one_read_as_a_closing_bracket_before_a_unit(garbled: str, expected: str) -> None:
    assert apply_edits(garbled, junk.unit_one_edits(garbled))[0] == expected


@pytest.mark.parametrize("clean", ["见附件[2] 条", "吉教发〔2021〕3号", "【注】月度数据"])
def test_brackets_that_close_something_stay(clean: str) -> None:
    assert junk.unit_one_edits(clean) == []


def test_a_number_that_ends_a_broken_sentence_is_not_page_junk() -> None:
    assert not layout.is_page_junk("00。")
    assert layout.is_page_junk("- 3 -")


def test_an_opening_bracket_read_as_a_character_before_a_readable_number() -> None:
    raw = "（一）摸清底数。\n人二) 加快改造。\n人三) 强化督导。\n（四）总结经验。\n十二）其他事项。\n"
    out = apply_edits(raw, numbering.item_number_edits(raw))[0]
    assert out == "（一）摸清底数。\n（二) 加快改造。\n（三) 强化督导。\n（四）总结经验。\n十二）其他事项。\n"


def test_round_brackets_of_a_doc_number_inside_a_citation_are_its_year_brackets() -> None:
    raw = "根据《通知》（教发 (2020) 46 号）要求，按教发（2020）3号执行。"
    out = apply_edits(raw, junk.doc_number_edits(raw))[0]
    assert out == "根据《通知》（教发 〔2020〕 46 号）要求，按教发（2020）3号执行。"


@pytest.mark.parametrize(("garbled", "expected"), [
    ("坚持“属地管理“的原则。", "坚持“属地管理”的原则。"),
    ("开展”送教下乡“和”文化进村“活动。", "开展“送教下乡”和“文化进村”活动。"),
    ("搞“文字整改“数字整改“。", "搞“文字整改“数字整改“。"),  # three marks for four: left
])
def test_quotes_alternate_within_a_sentence(garbled: str, expected: str) -> None:
    assert apply_edits(garbled, pairing.quote_direction_edits(garbled))[0] == expected


# -- correct text the mark rules must leave alone (found in review) ------------------------------
@pytest.mark.parametrize("clean", [
    "他说：“要抓紧。”会议强调“要落实。”",
    "坚持“应保尽保。”做到“不漏一人。”",
    "要坚持“人民至上。”“生命至上。”两者统一。",
    "要回答好“为了谁？依靠谁？我是谁？”这一根本问题。",
    "“你们准备好了吗？我们出发”",
    "注*表示“重点项目”，下同。",
    "项目名称*带“*”号为必填",
    "* 开展“回头看”活动",
    "对照《（2020年版）国家基本药物目录",
    "第3] 条",
    "第一] 项",
])
def test_correct_text_with_marks_stays(clean: str) -> None:
    assert fix(clean) == clean


def test_markdown_emphasis_is_not_a_quote() -> None:
    text = "**加强“双减”督导**"
    assert repair_text(text, markdown=True).text == text


def test_item_numbers_need_both_neighbours_to_agree() -> None:
    wrapped = "（一）落实责任。具体分工详见附\n件二）要求执行。\n（二）加强保障。\n"
    mid_line = "（一）甲项。\n（注）乙项。（二）丙项。\n（三）丁项。\n"
    for raw in (wrapped, mid_line):
        assert numbering.item_number_edits(raw) == []
    raw = "（十九）甲项。\n全 ) 乙项。\n（二十一）丙项。\n"
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == "（十九）甲项。\n（二十）乙项。\n（二十一）丙项。\n"


def test_slogans_opening_with_one_are_not_list_dashes() -> None:
    raw = "——服务体系更加健全。\n一老一小服务能力明显提升。\n一窗受理全面推开。\n"
    assert junk.list_dash_edits(raw, default_lexicon()) == []


def test_chinese_item_labels_round_trip() -> None:
    from pipeline.text import cn_label, cn_number

    assert [cn_label(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    assert all(cn_number(cn_label(n)) == n for n in range(1, 100))


def test_a_letter_junk_marker_ending_its_list_is_the_next_item() -> None:
    raw = "（四）完善标准。\n（五）加强监管。\n4A）强基固本，加强队伍建设。\n四、工作要求\n"
    out = apply_edits(raw, numbering.item_number_edits(raw))[0]
    assert out == "（四）完善标准。\n（五）加强监管。\n（六）强基固本，加强队伍建设。\n四、工作要求\n"
    # a 1) is a real number, and a letter marker after which （六） stands is not guessed
    for raw in ("（五）加强监管。\n1）强基固本。\n", "（五）加强监管。\n4A）强基固本。\n（六）其他。\n"):
        assert numbering.item_number_edits(raw) == []


# -- item numbers read with the wrong numeral, a look-alike, or no stop ---------------------------
@pytest.mark.parametrize(("raw", "repaired"), [
    # 二 read as 三: the number repeats the next one
    ("（一）强化统筹。\n（三）启动专项行动。\n（三）抢抓过渡期。\n（四）补齐短板。\n",
     "（一）强化统筹。\n（二）启动专项行动。\n（三）抢抓过渡期。\n（四）补齐短板。\n"),
    # or any other numeral out of place between n and n + 2
    ("（四）完善标准。\n（七）加强监管。\n（六）强化保障。\n",
     "（四）完善标准。\n（五）加强监管。\n（六）强化保障。\n"),
])
def test_an_item_numeral_misread_between_its_neighbours_is_restored(raw: str, repaired: str) -> None:
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == repaired


def test_a_section_numeral_misread_between_its_neighbours_is_restored() -> None:
    raw = ("一、指导思想\n以发展为要。\n三、工作目标\n到2025年建成。\n三、主要任务\n（一）甲。\n"
           "四、工作要求\n")
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == raw.replace("三、工作目标", "二、工作目标")
    # a sentence that wraps onto a line starting with a numeral is not a heading
    wrapped = ("一、指导思想\n以发展为要。\n三、四季度要完成全部改造任务，各地要按月报送进度，确保按期完成"
               "全部建设任务和验收工作。\n三、主要任务\n")
    assert numbering.section_number_edits(wrapped) == []


@pytest.mark.parametrize("raw", [
    "（一）甲。\n（三）乙。\n（二）丙。\n",  # n, ?, n + 1: not a gap of one
    "（一）甲。（二）见上。\n（三）乙。\n（三）丙。\n",  # （二） stands already, mid-line
    "（一）甲。\n二、保障\n（五）乙。\n（三）丙。\n",  # a section between: another list
])
def test_item_numerals_are_not_changed_when_the_sequence_does_not_ask(raw: str) -> None:
    assert numbering.item_number_edits(raw) == []


@pytest.mark.parametrize(("raw", "repaired"), [
    ("（六）落实补贴。\n（七）加强培训。\n(入 ) 建立监管制度。\n四、保障措施\n",
     "（六）落实补贴。\n（七）加强培训。\n（八）建立监管制度。\n四、保障措施\n"),
    ("（五）推进改造。\n（大）完善设施。\n", "（五）推进改造。\n（六）完善设施。\n"),
    ("（九）强化宣传。\n（土）严格考核。\n", "（九）强化宣传。\n（十）严格考核。\n"),
])
def test_a_last_item_read_as_a_lookalike_of_its_numeral(raw: str, repaired: str) -> None:
    assert apply_edits(raw, numbering.item_number_edits(raw))[0] == repaired


@pytest.mark.parametrize("raw", [
    "（六）落实补贴。\n（入）其他事项。\n",  # 入 looks like 八, not like 七
    "（七）加强培训。\n（注）本条适用于县道。\n",  # not a look-alike of any numeral
    "（七）加强培训。\n（入）建立制度。\n（八）其他。\n",  # （八） stands after it
])
def test_lookalikes_are_restored_only_to_the_number_the_list_asks(raw: str) -> None:
    assert numbering.item_number_edits(raw) == []


@pytest.mark.parametrize(("raw", "repaired"), [
    ("二、下步措施\n1 进一步完善政策。\n2 进一步提升能力。\n3. 进一步推进建设。\n4. 进一步加强服务。\n",
     "二、下步措施\n1. 进一步完善政策。\n2. 进一步提升能力。\n3. 进一步推进建设。\n4. 进一步加强服务。\n"),
    ("（一）目标任务：\n1、建成数据平台。\n2 完善标准体系。\n3、开展应用试点。\n",
     "（一）目标任务：\n1、建成数据平台。\n2、 完善标准体系。\n3、开展应用试点。\n"),
])
def test_an_arabic_number_whose_stop_was_lost_takes_its_lists_stop(raw: str, repaired: str) -> None:
    assert apply_edits(raw, numbering.arabic_stop_edits(raw))[0] == repaired


@pytest.mark.parametrize("raw", [
    "1. 建成平台。\n全省新增\n2 个示范区。\n3. 开展试点。\n",  # a number wrapped mid-sentence
    "1. 建成平台。\n2 完善标准。\n5. 开展试点。\n",  # the list does not count on
    "1. 建成平台。\n2 完善标准。\n",  # one stop only: not enough to know the list
    "1. 建成平台。\n2、完善标准。\n3 开展试点。\n",  # two different stops
])
def test_arabic_numbers_without_a_clear_list_stay(raw: str) -> None:
    assert numbering.arabic_stop_edits(raw) == []


# -- field colons and enumeration commas ----------------------------------------------------------
@pytest.mark.parametrize(("raw", "repaired"), [
    ("完成评定。（责任部门，民政部门）", "完成评定。（责任部门：民政部门）"),
    ("推进改造。《责任单位，住房城乡建设局）", "推进改造。《责任单位：住房城乡建设局）"),
    ("牵头单位. 省发展改革委\n配合单位; 省财政厅", "牵头单位： 省发展改革委\n配合单位： 省财政厅"),
])
def test_a_field_colon_read_as_a_comma_or_stop(raw: str, repaired: str) -> None:
    assert apply_edits(raw, punctuation.field_colon_edits(raw))[0] == repaired


@pytest.mark.parametrize("clean", [
    "要明确责任单位，责任人要到位。",  # the cue inside a sentence
    "（牵头单位：省教育厅）",
    "责任单位，要在月底前报送。",  # no body after it: a sentence that starts with the word
])
def test_field_words_in_sentences_keep_their_comma(clean: str) -> None:
    assert apply_edits(clean, punctuation.field_colon_edits(clean))[0] == clean


@pytest.mark.parametrize(("raw", "repaired"), [
    ("民政部、财政部` 应急管理部联合印发", "民政部、财政部、应急管理部联合印发"),
    ("各级民政` 自然资源、住建部门", "各级民政、自然资源、住建部门"),
    ("住房和城乡建设部\n` 应急管理部、国家卫生健康委", "住房和城乡建设部\n、应急管理部、国家卫生健康委"),
])
def test_an_enumeration_comma_read_as_a_backtick(raw: str, repaired: str) -> None:
    assert apply_edits(raw, punctuation.enumeration_comma_edits(raw))[0] == repaired


@pytest.mark.parametrize("raw", ["开展`双随机`检查。", "民政部` 财政部联合印发，加强、完善"])
def test_a_backtick_without_a_list_around_it_stays(raw: str) -> None:
    assert punctuation.enumeration_comma_edits(raw) == []


def test_a_bracket_opening_words_is_no_lost_close() -> None:
    raw = "（二）甲。\n(三农 工作) 乙。\n（四）丁。\n"  # no space after the numeral: a word, no item number
    assert numbering.item_number_edits(raw) == []


@pytest.mark.parametrize(("text", "spans"), [
    # a garbled mark after a blank line is replaced alone: the blank line is not garbled and stays
    ("（一）加强领导。\n\n甲）完善机制。\n乙）落实责任。\n（四）强化保障。\n", [(10, 12), (18, 20)]),
    # a line opening with another space (no-break, a page's form feed) is read as any line
    ("（一）加强领导。\n\xa0甲）完善机制。\n\xa0乙）落实责任。\n（四）强化保障。\n", [(9, 12), (18, 21)]),
    ("（一）加强领导。\n\f甲）完善机制。\n\f乙）落实责任。\n（四）强化保障。\n", [(9, 12), (18, 21)]),
    ("（一）加强领导。\n\xa0二）完善机制。\n", [(10, 12)]),
    # lines of spaces alone between the items: each mark on its own line
    ("（一）加强领导。\n \u3000\n\xa0\n甲）完善机制。\n（三）强化保障。\n", [(14, 16)]),
])
def test_a_garbled_item_mark_is_replaced_on_its_own_line(text: str, spans: list[tuple[int, int]]) -> None:
    edits = numbering.item_number_edits(text)
    assert [(e.start, e.end) for e in edits] == spans
    assert all("\n" not in text[e.start:e.end] for e in edits)
