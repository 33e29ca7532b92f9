"""Property tests: arbitrary text through the text stages never crashes and keeps spans exact."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source

TOKENS = ["一、", "二、", "三、主要任务\n", "（一）", "（二）", "(三)", "1.", "2.", "（1）", "一是", "\n", "\n\n",
          "。", "，", "：", "；", "、", "《关于做好工作的通知》", "民发〔2020〕46号", "E2019380号", "2020年",
          "6月底前", "到2022年", "实施时间：2020年5月至12月", "至疫情结束", "各地民政、卫生健康部门",
          "消防救援机构", "60%以上", "[image: a.jpg]", "1.1万张", "年底前", "附件", "\f", "〔", "》", "《",
          "省", "市", "县", "各级", "0", "9", "号", " ", "\u3000", "牵头", "配合"]

texts = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=120).map("".join)


def _notice(text: str) -> Notice:
    notice = Notice(id="fuzz", source=Source(path="fuzz.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="test", config_sha256=""))
    notice.raw_text = notice.text = text
    return notice


STAGES = Config(stages=["ingest", "outline", "header", "times", "departments", "targets",
                        "references"])


def _run_text_stages(text: str) -> Notice:
    from pipeline.stages import REGISTRY

    notice = _notice(text)
    for name in STAGES.stages[1:]:
        notice = REGISTRY[name].load()(notice, STAGES)
    return notice


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_text_stages_keep_every_span_exact(text: str) -> None:
    notice = _run_text_stages(text)
    t = notice.text
    for task in notice.tasks:
        assert t[task.span[0]:task.span[1]] == task.text
        if task.time:
            assert t[task.time.span[0]:task.time.span[1]] == task.time.raw
        for item in [*task.deadlines, *task.targets]:
            assert t[item.span[0]:item.span[1]] == item.raw
        for dept in task.departments:
            assert 0 <= dept.span[0] <= dept.span[1] <= len(t)
    for ref in notice.references:
        assert 0 <= ref.span[0] < ref.span[1] <= len(t)
    for spans in notice.doc.spans.values():
        for a, b in spans:
            assert 0 <= a <= b <= len(t)


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=15))
def test_deep_numbering_and_huge_lines(sections: int, items: int) -> None:
    numerals = "一二三四五六七八九十"
    parts = []
    for k in range(1, sections + 1):
        label = numerals[k - 1] if k <= 10 else "十" + numerals[(k - 11) % 10]
        parts.append(f"{label}、重点任务\n")
        parts.extend(f"（{numerals[(j - 1) % 10]}）加强管理。" + "各地民政部门要落实。" * 20 + "\n"
                     for j in range(1, items + 1))
    notice = _run_text_stages("".join(parts))
    assert len(notice.tasks) <= sections * min(items, 10)
    assert len({t.id for t in notice.tasks}) == len(notice.tasks)


def test_the_runner_records_a_stage_crash_and_goes_on(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A bug in one stage is an E901 on that notice; stages that needed its output are skipped."""
    import pipeline.stages.outline as outline
    from pipeline.api import run_notice

    def broken(notice, cfg):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(outline, "run", broken)
    path = tmp_path / "n.txt"
    path.write_text("关于加强管理的通知\n民发〔2020〕1号\n一、主要任务\n（一）加强管理。", encoding="utf-8")
    timings: dict[str, float] = {}
    cfg = Config(stages=["ingest", "structure", "header", "references", "times"])  # the former name
    notice = run_notice(path, cfg, timings=timings)
    assert notice.status == "partial"
    assert [(e.stage, e.code) for e in notice.errors] == [
        ("outline", "E901"), ("header", "E901"), ("references", "E901"), ("times", "E901")]
    assert "ZeroDivisionError" in notice.errors[0].message
    assert "skipped" in notice.errors[1].message
    assert set(timings) == {"ingest", "outline"}


MARKS = ["《", "》", "〈", "〉", "（", "）", "(", ")", "“", "”", "\"", "?", "？", "*", "]", "】", "〔", "〕",
         "-一", "一一", "——", "和", "人", "全 )", "《和 )", "（一）", "（三）", "1] 日", "年] 月", "安", "全",
         "民政部", "门", "联系人：", "\n", " ", "。", "，", "2020", "号"]
marked = st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(TOKENS), st.text(max_size=4)),
                  max_size=150).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marked)
@example("根据《关于印发《办法》的通知要求")  # a nested title whose outer mark is never closed
def test_repair_of_any_text_never_crashes_and_replays(text: str) -> None:
    from pipeline.repair.edits import replay
    from pipeline.repair.passes import repair_text

    result = repair_text(text)
    assert replay(text, result.repairs) == result.text
