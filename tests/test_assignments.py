# ruff: noqa: E501
"""Responsibility given by task number after the tasks (labels.toml [assignments];
pipeline/stages/extract/assignments.py). Analysts: a phrasing here, a word in labels.toml."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from pipeline.stages.extract.assignments import find


@pytest.mark.parametrize(("text", "clauses"), [
    ("上述第1项由市商务局牵头负责，第2、3项由市财政局负责。",
     [([1], "市商务局牵头负责，"), ([2, 3], "市财政局负责")]),
    ("第4项由市文化和旅游局会同市公安局负责；第5至7项由市住房城乡建设局负责。",
     [([4], "市文化和旅游局会同市公安局负责"), ([5, 6, 7], "市住房城乡建设局负责")]),
    ("第（一）（二）项任务由县农业农村局牵头，县财政局配合；第（三）—（五）项工作由县水利局负责。",
     [([1, 2], "县农业农村局牵头，县财政局配合"), ([3, 4, 5], "县水利局负责")]),
    ("以上第一至三条措施由省发展改革委负责。", [([1, 2, 3], "省发展改革委负责")]),
    ("（六）项由区民政局负责。", [([6], "区民政局负责")]),
    # no 第 and no bracket: a count, not a task's number
    ("其中2项由省财政厅负责。", []),
    ("共有三项工作由市政府督办。", []),
    # no 由: not an assignment
    ("第1项任务要在6月底前完成。", []),
])
def test_clauses_naming_tasks_by_number(text: str, clauses: list[tuple[list[int], str]]) -> None:
    assert [([r.value for r in a.refs], text[a.start:a.end]) for a in find(text)] == clauses


def _run(body: str) -> list[list[tuple[str, str | None]]]:
    from pipeline.api import run_notice
    from pipeline.config import load_config

    text = f"关于印发促进消费若干措施的通知\n\n各区人民政府，市人民政府各部门：\n\n{body}\n\n某市人民政府办公厅\n2025年6月10日\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.txt"
        path.write_text(text, encoding="utf-8")
        notice = run_notice(path, load_config(None, {}))
    return [[(d.kind, d.role) for d in t.departments] for t in notice.tasks]


def test_a_closing_paragraph_gives_each_task_its_bodies() -> None:
    body = ("1．开展汽车消费活动。组织车展不少于20场。\n2．发放消费券。分批次发放。\n3．支持以旧换新。给予补贴。\n"
            "4．点亮夜间经济。打造集聚区。\n"
            "上述第1项由市商务局牵头负责，第2、3项由市财政局负责，第4项由市文化和旅游局会同市公安局负责。\n"
            "各区要结合实际制定配套措施，市商务局要会同市统计局加强监测。")
    assert _run(body) == [[("商务", "lead")], [("财政", "responsible")], [("财政", "responsible")],
                          [("文化和旅游", "lead"), ("公安", "support")]]


def test_a_number_naming_a_part_gives_its_tasks_the_bodies() -> None:
    body = ("一、工作任务\n（一）完善设施。\n1．新建站点。建设站点。\n2．改造线路。改造线路。\n（二）强化服务。\n"
            "3．优化流程。压缩时限。\n二、责任分工\n第（一）项由市交通运输局牵头，市财政局配合；第（二）项由市人力资源社会保障局负责。")
    assert _run(body) == [[("交通运输", "lead"), ("财政", "support")], [("交通运输", "lead"), ("财政", "support")],
                          [("人力资源社会保障", "responsible")]]


def test_an_ambiguous_number_gives_nothing() -> None:
    # the items are numbered again in each part: 第1项 names two of them
    body = ("一、设施\n1．新建站点。建设站点。\n2．改造线路。改造线路。\n二、服务\n1．优化流程。压缩时限。\n2．推行网办。上线系统。\n"
            "三、保障措施\n上述第1项由市交通运输局负责。")
    assert _run(body) == [[], [], [], []]


def test_a_task_labelled_itself_keeps_its_label() -> None:
    body = ("1．开展活动。组织车展。（责任单位：市商务局）\n2．发放消费券。分批发放。\n3．支持换新。给予补贴。\n"
            "上述第1、2项由市财政局负责。")
    assert _run(body) == [[("商务", "responsible")], [("财政", "responsible")], []]
