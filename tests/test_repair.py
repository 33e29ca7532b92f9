"""Repair: one table of invented Chinese examples per error class, the edit log's replay and
span-mapping invariants (property-tested and over the corpus), the clean-corpus no-change check,
and precision on synthetic look-alike noise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import DEFAULT_STAGES, Config, load_config
from pipeline.model import Notice, Provenance, Repair, Source
from pipeline.repair import junk, layout, punctuation
from pipeline.repair.confusion import confusion_table, shape_edits
from pipeline.repair.edits import Edit, EditLog, apply_edits, map_to_raw, replay
from pipeline.repair.evidence import evidence
from pipeline.repair.lexicon import default_lexicon, domain_counts
from pipeline.repair.noise import inject, score
from pipeline.repair.passes import repair_text
from pipeline.repair.unreadable import unreadable_lines
from pipeline.stages import repair as repair_stage

from .conftest import CORPORA

CLEAN = ("jilin-2019-proposal-reply", "jilin-2020-plan", "zhenjiang-2020-notice")


def fix(text: str) -> str:
    return repair_text(text).text


# -- 形近字 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("garbled", "expected"), [
    ("请备地教育部门于本月底前报送材料。", "请各地教育部门于本月底前报送材料。"),
    ("切实做好防汛抗旱王作，确保安全度汛。", "切实做好防汛抗旱工作，确保安全度汛。"),
    ("该项目的实施时问为三个月。", "该项目的实施时间为三个月。"),
    ("对检查中发现的间题，要限期整改到位。", "对检查中发现的问题，要限期整改到位。"),
    ("要集申力量解决群众反映强烈的困难。", "要集中力量解决群众反映强烈的困难。"),
    ("全市旅游收入有较太增长。", "全市旅游收入有较大增长。"),
    ("学校要定期检修教学设各，消除安全隐患。", "学校要定期检修教学设备，消除安全隐患。"),
])
def test_shape_confusions_are_repaired(garbled: str, expected: str) -> None:
    assert fix(garbled) == expected


@pytest.mark.parametrize("clean", [
    "各地要加强工作指导，王先生负责联络。",
    "他准备了各种设备，中间休息十分钟。",
    "请各级人民政府于年底前完成备案。",
    "大力推进医养结合，增设照护型床位。",
    "问题清单和责任清单要同步建立。",
    "请参照第二版操作指南执行。",
])
def test_correct_text_is_left_alone(clean: str) -> None:
    text, repairs = apply_edits(clean, shape_edits(clean, default_lexicon()))
    assert text == clean, repairs


# -- Latin / digit junk --------------------------------------------------------------------------
@pytest.mark.parametrize(("garbled", "expected"), [
    ("规范企`lL经营行为。", "规范企业经营行为。"),
    ("确保完成任务。1完成时限：2021年6月底前1\n", "确保完成任务。【完成时限：2021年6月底前】\n"),
    ("按照《关于加强防汛工作的通知》（川办发 E2021〕 7号）执行。",
     "按照《关于加强防汛工作的通知》（川办发〔2021〕7号）执行。"),
    ("依据川办函E2021|17号文件。", "依据川办函〔2021〕17号文件。"),
    ("按照《关于加强安全生产工作的通知X川安〔2021〕3号)要求，",
     "按照《关于加强安全生产工作的通知》（川安〔2021〕3号）要求，"),
    ("做好对下级∶部门的指导。", "做好对下级部门的指导。"),
])
def test_latin_and_digit_junk(garbled: str, expected: str) -> None:
    assert fix(garbled) == expected


@pytest.mark.parametrize("clean", [
    "附件1：申报表\n附件2：汇总表\n",
    "比例按1∶2配套。\n",
    "推进5G网络建设和GDP核算改革。\n",
    "依据川办发[2021]7号文件执行。\n",
])
def test_legitimate_latin_and_digits_stay(clean: str) -> None:
    assert fix(clean) == clean


def test_a_latin_run_with_no_clear_reading_stays() -> None:
    text = "加强农`lL生产管理。\n"  # 农业 or 农村: too close to call
    assert junk.latin_fill_edits(text, default_lexicon()) == []


# -- punctuation ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("garbled", "expected"), [
    ("各地要加强领导,明确责任;落实到人:", "各地要加强领导，明确责任；落实到人："),
    ("实施时间:2021年3月一6月", "实施时间：2021年3月—6月"),
    ("完成时限:2021年3月 -12月", "完成时限：2021年3月—12月"),
    ("时间安排：2021年2月一疫情结束", "时间安排：2021年2月—疫情结束"),
    ("坚持““三个统一”原则", "坚持“三个统一”原则"),
    ("县 (区 )要制定方案", "县（区）要制定方案"),
])
def test_punctuation(garbled: str, expected: str) -> None:
    assert fix(garbled) == expected


@pytest.mark.parametrize("clean", ["共1,000人，10:30开会。", "see (a) and (b)", "一月一日"])
def test_punctuation_outside_chinese_stays(clean: str) -> None:
    text, _ = apply_edits(clean, punctuation.width_edits(clean) + punctuation.range_dash_edits(clean))
    assert text == clean


# -- layout --------------------------------------------------------------------------------------
def test_broken_lines_are_joined_but_headings_and_items_stay() -> None:
    raw = ("一、工作目标\n\n到2021年底，全面完成农村危房改造任务，提升群众的\n\n住房安\n\n全水平"
           "和生活质量。\n（一）加强领导。各县要成立工作专班，明确\n分管负责同志。\n（二）强化保障。\n")
    assert fix(raw) == ("一、工作目标\n\n到2021年底，全面完成农村危房改造任务，提升群众的住房安全水平和"
                        "生活质量。\n（一）加强领导。各县要成立工作专班，明确分管负责同志。\n"
                        "（二）强化保障。\n")


@pytest.mark.parametrize("junk_line", ["- 3 -", "-11ˉ", "'0V0", "Q00· ˉ", ".∷ —.·∷|∷ ·∷,", "◇"])
def test_page_junk_lines_are_removed(junk_line: str) -> None:
    raw = f"各地要按时报送材料。\n{junk_line}\n（二）加强督导。\n"
    assert fix(raw) == "各地要按时报送材料。\n（二）加强督导。\n"


@pytest.mark.parametrize("line", ["2021年6月", "020-83355712", "---", "“", "www.gov.cn"])
def test_plausible_short_lines_are_not_junk(line: str) -> None:
    assert not layout.is_page_junk(line)


def test_a_page_scanned_twice_is_dropped_once() -> None:
    page = "".join(f"第{n}行内容说明各地要加强对农村公路养护工作的检查指导。\n" for n in "一二三四五六")
    raw = "（一）总体要求。\n" + page + "（二）保障措施。\n" + page.replace("检查", "捡查", 1) + "附则。\n"
    text = fix(raw)
    assert text.count("第三行内容") == 1 and text.endswith("附则。\n")
    assert any(r.rule.startswith("duplicate_page") for r in repair_text(raw).repairs)


def test_a_repeat_is_dropped_only_where_a_page_begins_when_pages_are_marked() -> None:
    page = "".join(f"第{n}行内容说明各地要加强对农村公路养护工作的检查指导。\n" for n in "一二三四五六")
    scanned_twice = "（一）总体要求。\n\f\n" + page + "\f\n" + page + "附则。\n"
    assert fix(scanned_twice).count("第三行内容") == 1
    mid_page = "\f\n（一）总体要求。\n" + page + "（二）保障措施。\n" + page + "附则。\n"
    assert fix(mid_page).count("第三行内容") == 2  # a passage the page repeats is the author's


def test_image_placeholders_in_a_ratio_context_become_percent() -> None:
    raw = "覆盖率达到90[image: C:\\tmp\\a1.jpg]，确保80[image: C:\\tmp\\a2.jpg]以上村庄达标。\n"
    assert fix(raw) == "覆盖率达到90%，确保80%以上村庄达标。\n"
    alone = "编号12[image: C:\\tmp\\a1.jpg]见附表。\n"
    assert junk.placeholder_edits(alone) == []


# -- unreadable lines ------------------------------------------------------------------------------
def test_unreadable_lines_are_flagged_and_left_as_is() -> None:
    raw = "疒袈毽眦跛蹭 黛馘镪簿\n关于做好农村公路养护工作的通知\n各县交通运输局：\n"
    result = repair_text(raw)
    assert result.text.startswith("疒袈毽眦跛蹭 黛馘镪簿\n")
    assert len(result.warnings) == 1 and "unreadable" in result.warnings[0]
    assert [raw[u.start:u.end] for u in unreadable_lines(raw, default_lexicon())] == [
        "疒袈毽眦跛蹭 黛馘镪簿"]


# -- the edit log ----------------------------------------------------------------------------------
def _check_log(raw: str, text: str, repairs: list[Repair]) -> None:
    assert replay(raw, repairs) == text
    for r in repairs:
        assert text[r.span[0]:r.span[1]] == r.after
        assert raw[r.raw_span[0]:r.raw_span[1]] == r.before
        assert 0 < r.confidence <= 1


def _maps_back(raw: str, text: str, repairs: list[Repair], span: tuple[int, int]) -> None:
    """The raw span a text span maps to, with the repairs inside it replayed, contains it."""
    a, b = map_to_raw(span, repairs, len(raw))
    assert 0 <= a <= b <= len(raw)
    s, t = span
    if s == t:
        return
    # the repairs the span overlaps (map_to_raw widened it to cover them whole)
    inner = [r for r in repairs if (r.span[0] < t and s < r.span[1]) or s < r.span[0] < t]
    shifted = [r.model_copy(update={"raw_span": (r.raw_span[0] - a, r.raw_span[1] - a)})
               for r in inner]
    assert text[s:t] in replay(raw[a:b], shifted)


def test_edits_of_later_passes_merge_with_earlier_ones() -> None:
    log = EditLog("甲乙丙丁")
    log.apply([Edit(1, 2, "XY", "a")])
    log.apply([Edit(2, 4, "Z", "b")])  # covers the Y of the first edit and 丙
    assert log.text == "甲XZ丁"
    [rep] = log.repairs()
    assert (rep.before, rep.after, rep.raw_span, rep.rule) == ("乙丙", "XZ", (1, 3), "a+b")
    assert log.map_to_raw((3, 4)) == (3, 4)


alphabet = st.sampled_from(list("甲乙丙丁戊\n 。ab1"))


@st.composite
def passes(draw: st.DrawFn) -> tuple[str, list[list[tuple[float, float, str]]]]:
    raw = draw(st.text(alphabet, max_size=30))
    plan = draw(st.lists(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 0.2),
                                            st.text(alphabet, max_size=3)), max_size=5),
                         min_size=1, max_size=4))
    return raw, plan


@settings(max_examples=300, deadline=None)
@given(passes())
def test_replay_and_span_mapping_hold_for_any_edits(case: tuple[str, Any]) -> None:
    raw, plan = case
    log = EditLog(raw)
    for number, edits in enumerate(plan):
        n = len(log.text)
        log.apply([Edit(int(a * n), min(n, int(a * n) + int(w * n) + (w > 0.1)), after, f"r{number}")
                   for a, w, after in edits])
    repairs = log.repairs()
    _check_log(raw, log.text, repairs)
    n = len(log.text)
    for s in range(0, n + 1, 3):
        for t in range(s, n + 1, 5):
            _maps_back(raw, log.text, repairs, (s, t))


class _Recounting(EditLog):
    """The reference: every piece's start counted again for each edit."""

    def _apply_one(self, e: Edit, starts: list[int]) -> list[int]:
        super()._apply_one(e, self._starts())
        return self._starts()


@settings(max_examples=300, deadline=None)
@given(passes())
def test_edits_applied_with_starts_carried_as_with_starts_recounted(case: tuple[str, Any]) -> None:
    raw, plan = case
    log, reference = EditLog(raw), _Recounting(raw)
    for number, edits in enumerate(plan):
        n = len(log.text)
        batch = [Edit(int(a * n), min(n, int(a * n) + int(w * n) + (w > 0.1)), after, f"r{number}")
                 for a, w, after in edits]
        assert log.apply(batch) == reference.apply(batch)
    assert log.repairs() == reference.repairs()


# -- over the corpus -------------------------------------------------------------------------------
def _spans(notice: dict[str, Any]) -> list[tuple[int, int]]:
    out = []
    for task in notice["tasks"]:
        out += [task["span"], task["heading_span"]]
        out += [x["span"] for x in task["departments"] + task["deadlines"] + task["targets"]]
        if task["time"]:
            out.append(task["time"]["span"])
    out += [x["span"] for x in notice["doc_targets"] + notice["references"]]
    out += [s for spans in notice["doc"]["spans"].values() for s in spans]
    return [tuple(s) for s in out]


def test_repairs_replay_to_the_text_and_spans_map_back(
        corpus_notices: dict[str, dict[str, Any]]) -> None:
    repaired = 0
    for notice in corpus_notices.values():
        repairs = [Repair.model_validate(r) for r in notice["repairs"]]
        _check_log(notice["raw_text"], notice["text"], repairs)
        for span in _spans(notice):
            _maps_back(notice["raw_text"], notice["text"], repairs, span)
        repaired += bool(repairs)
    assert repaired >= 1


def test_the_ocr_notice_is_repaired_and_less_garbled(corpus_notices: dict[str, dict[str, Any]]) -> None:
    notice = corpus_notices["guangdong-2020-plan"]
    quality = notice["quality"]
    assert quality["garble_ratio"] < quality["garble_ratio_raw"]
    rules = {part for r in notice["repairs"] for part in r["rule"].split("+")}
    assert {"shape_confusion", "bracket_misread", "doc_number_bracket", "punct_width", "range_dash",
            "line_join", "page_junk", "duplicate_page"} <= rules
    assert any("unreadable" in w for w in quality["warnings"])
    assert "1实施时间" not in "".join(notice["text"].split())


def test_auto_mode_leaves_the_clean_notices_alone(corpus_notices: dict[str, dict[str, Any]]) -> None:
    for name in CLEAN:
        notice = corpus_notices[name]
        assert notice["repairs"] == [] and notice["text"] == notice["raw_text"]


@pytest.mark.parametrize("name", CLEAN)
def test_forced_repair_of_clean_notices_changes_only_punctuation_width_and_whitespace(
        name: str) -> None:
    path = next(CORPORA.glob(f"{name}.*"))
    raw = path.read_text(encoding="utf-8")
    result = repair_text(raw, markdown=path.suffix == ".md")
    for r in result.repairs:
        assert r.rule in {"punct_width", "space", "line_join"}, r
        assert "".join(r.before.split()) == "" or r.rule == "punct_width", r
    assert result.warnings == []


# -- the stage and its configuration ---------------------------------------------------------------
def test_repair_runs_right_after_reading_by_default() -> None:
    """ingest and ocr produce raw_text; repair comes next, before any extraction."""
    assert DEFAULT_STAGES[:3] == ["ingest", "ocr", "repair"]


@pytest.mark.parametrize(("mode", "repaired"), [("off", False), ("on", True), ("auto", True)])
def test_modes(mode: str, repaired: bool) -> None:
    from pipeline.api import run_notice

    notice = run_notice(CORPORA / "guangdong-2020-plan.ocr.txt",
                        load_config(None, {"repair": {"mode": mode}}))
    assert bool(notice.repairs) is repaired
    assert (notice.text != notice.raw_text) is repaired
    assert notice.quality.garble_ratio_raw is not None


def test_ocr_evidence_separates_an_ocr_dump_from_clean_text() -> None:
    cfg = Config().repair
    ocr = evidence((CORPORA / "guangdong-2020-plan.ocr.txt").read_text("utf-8"))
    assert ocr.overwhelming(cfg.min_unreadable_lines, cfg.min_stray_per_1000)
    for name in CLEAN:
        found = evidence(next(CORPORA.glob(f"{name}.*")).read_text("utf-8"))
        assert not found.overwhelming(cfg.min_unreadable_lines, cfg.min_stray_per_1000)


@pytest.mark.parametrize(("text", "misread"), [
    ("根据《关于做好大气污染防治工作的通知》（川环发E2022〕8 号）", 1),  # 〔 read as E
    ("按照（民发〔2020|46号）要求", 1),  # 〕 read as |
    ("按照（民发〔2020〕46号）和[2019]3号文件要求", 0),  # brackets as typed
])
def test_a_doc_number_bracket_read_as_a_letter_is_evidence_of_ocr(text: str, misread: int) -> None:
    cfg = Config().repair
    found = evidence(text)
    assert found.misread_marks == misread
    assert found.overwhelming(cfg.min_unreadable_lines, cfg.min_stray_per_1000,
                              cfg.min_misread_marks) is bool(misread)


@pytest.mark.parametrize("text", [
    "工信部门会同财政部门落实奖补资金，打造全栈式算力服务平台，推行揭榜挂帅机制。\n" * 20,
    "加快发展羧酸、酰胺等精细化学品，推进氟硅材料产业链建设。\n" * 10,  # rare glyphs, real words
])
def test_field_words_are_no_evidence_of_ocr(text: str) -> None:
    cfg = Config().repair
    assert not evidence(text).overwhelming(cfg.min_unreadable_lines, cfg.min_stray_per_1000)
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = text
    repaired = repair_stage.run(notice, Config())
    assert repaired.repairs == [] and repaired.text == text


# -- data and precision ----------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b"), [("各", "备"), ("工", "王"), ("中", "申"), ("大", "太"),
                                      ("问", "间"), ("己", "已"), ("未", "末")])
def test_confusion_table_holds_known_look_alikes(a: str, b: str) -> None:
    table = confusion_table()
    assert b in dict(table[a]) and a in dict(table[b])


def test_domain_lexicon_knows_the_domain() -> None:
    counts = domain_counts()
    assert {"养老机构", "专项行动", "民政部门"} <= set(counts)


def test_precision_on_synthetic_look_alike_noise() -> None:
    clean = (CORPORA / "shandong-2020-notice.txt").read_text(encoding="utf-8")
    total_right = total_wrong = total_injected = 0
    for seed in range(2):
        noisy, changed = inject(clean, 0.03, seed)
        repaired, _ = apply_edits(noisy, shape_edits(noisy, default_lexicon()))
        result = score(clean, noisy, repaired, changed)
        total_right += result.right
        total_wrong += result.wrong
        total_injected += result.injected
    assert total_injected > 100
    assert total_right / (total_right + total_wrong) >= 0.95
    assert total_right / total_injected >= 0.6


def _distinct_lines(count: int) -> str:
    """Lines no two of which are alike (characters spread over the CJK block by the line's number)."""
    return "".join("".join(chr(0x4E00 + (k * 131 + m * 977) % 20000) for m in range(20)) + "\n"
                   for k in range(count))


@pytest.mark.parametrize(("gap", "found"), [
    (50, True),  # a near repeat (one character read differently) a few pages later
    (700, False),  # a near repeat beyond layout.FUZZY_BACK lines is not looked for
])
def test_a_near_repeat_is_looked_for_within_some_pages(gap: int, found: bool) -> None:
    page = "".join(f"第{n}行内容说明各地要加强对农村公路养护工作的检查指导。\n" for n in "一二三四五六")
    filler = _distinct_lines(gap)
    raw = page + filler + page.replace("检查", "捡查")  # no line of the repeat is exact
    assert bool(layout.duplicate_page_edits(raw)) is found


def test_an_exact_repeat_is_found_however_far_back() -> None:
    page = "".join(f"第{n}行内容说明各地要加强对农村公路养护工作的检查指导。\n" for n in "一二三四五六")
    filler = _distinct_lines(700)
    assert layout.duplicate_page_edits(page + filler + page)


@pytest.mark.parametrize(("text", "fixed"), [
    ("⼀、总体⽬标", "一、总体目标"),  # Kangxi radicals a PDF's text layer gives for 一 and 目
    ("养⽼机构安全⽣产", "养老机构安全生产"),
    ("⺠政部门", "民政部门"),  # a radicals-supplement form
    ("\uf9b2家", "零家"),  # a compatibility ideograph for its unified form
    ("⻔户⽹站、⻋辆", "门户网站、车辆"),  # simplified-form radicals (the table)
    ("一、总体目标", "一、总体目标"),  # ordinary text: nothing to do
    ("⺀", "⺀"),  # a radical with no unified form stays
])
def test_compatibility_characters_are_written_as_their_ideographs(text: str, fixed: str) -> None:
    from pipeline.repair.compat import compat_edits
    from pipeline.repair.edits import EditLog

    log = EditLog(text)
    log.apply(compat_edits(text))
    assert log.text == fixed
    assert all(r.rule == "compat_ideograph" for r in log.repairs())


def test_a_text_layer_of_kangxi_radicals_gives_the_notices_tasks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    from pipeline.api import run_notice
    from pipeline.config import load_config

    seed = CORPORA / "zhenjiang-2020-notice.md"
    source = seed.read_text(encoding="utf-8")
    radicals = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    damaged = "".join(radicals.get(ch, ch) for ch in source)
    assert sum(a != b for a, b in zip(source, damaged, strict=True)) > 100
    path = tmp_path / "kangxi.md"
    path.write_text(damaged, encoding="utf-8")
    cfg = load_config(None, {"run": {"executor": "serial"}})
    notice, clean = run_notice(path, cfg, id="k"), run_notice(seed, cfg, id="c")
    assert notice.text == clean.text and notice.raw_text == damaged
    assert [(t.id, t.heading, [d.kind for d in t.departments]) for t in notice.tasks] == [
        (t.id, t.heading, [d.kind for d in t.departments]) for t in clean.tasks]


@pytest.mark.parametrize(("text", "fixed"), [
    # the footers of an exported PDF, each on a line of its own
    ("一、目标\n到2025年\n— 2 — \n基本建成。\n— 3 —\n二、任务\n", "一、目标\n到2025年\n基本建成。\n二、任务\n"),
    ("甲。\n- 4 -\n乙。\n-5-\n丙。\n第 7 页\n丁。", "甲。\n乙。\n丙。\n丁。"),  # a page skipped
    ("甲。\n第1页 共3页\n乙。\n第2页 共3页\n丙。", "甲。\n乙。\n丙。"),
    # joined into the sentence the page cut
    ("完善的交通基础- 3 -设施，港区作业- 5 -智能感知", "完善的交通基础设施，港区作业智能感知"),
    ("在10辆及— 8 —以上的，所— 9 —要求的，见附件—10—2", "在10辆及以上的，所要求的，见附件—10—2"),
    # not page numbers
    ("甲。\n- 3 -\n乙。", "甲。\n- 3 -\n乙。"),  # alone: no run
    ("甲。\n- 9 -\n乙。\n- 2 -\n丙。", "甲。\n- 9 -\n乙。\n- 2 -\n丙。"),  # going down
    ("甲。\n- 2 -\n乙。\n- 9 -\n丙。", "甲。\n- 2 -\n乙。\n- 9 -\n丙。"),  # a jump of 7 pages
    ("2020—2025年，第一阶段——3——个月", "2020—2025年，第一阶段——3——个月"),
    ("编码：21-04-02（软件）；22-01-08（仪器）", "编码：21-04-02（软件）；22-01-08（仪器）"),
])
def test_an_exports_page_numbers_are_taken_out(text: str, fixed: str) -> None:
    from pipeline.repair.pagenum import page_number_edits

    log = EditLog(text)
    log.apply(page_number_edits(text))
    assert log.text == fixed
    assert replay(text, log.repairs()) == fixed
    assert all(r.rule == "page_number" and not r.after for r in log.repairs())


def test_a_born_digital_texts_page_footers_do_not_change_its_tasks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.api import run_notice
    from pipeline.config import load_config

    source = (CORPORA / "zhenjiang-2020-notice.md").read_text(encoding="utf-8").replace("#", "")
    lines = source.split("\n")
    paged = "\n".join(line + (f"\n— {n // 9 + 1} —" if n % 9 == 8 else "")
                      for n, line in enumerate(lines))
    clean_path, paged_path = tmp_path / "clean.txt", tmp_path / "paged.txt"
    clean_path.write_text(source, encoding="utf-8")
    paged_path.write_text(paged, encoding="utf-8")
    cfg = load_config(None, {"run": {"executor": "serial"}})
    clean, notice = run_notice(clean_path, cfg, id="c"), run_notice(paged_path, cfg, id="p")
    assert paged.count("—\n") >= 4 and notice.text == clean.text
    assert {r.rule for r in notice.repairs} == {"page_number"}
    assert replay(notice.raw_text, notice.repairs) == notice.text
    assert [(t.id, t.heading, [d.kind for d in t.departments]) for t in notice.tasks] == [
        (t.id, t.heading, [d.kind for d in t.departments]) for t in clean.tasks]
