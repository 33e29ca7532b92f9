"""A plan's table of main indicators: each row's target column is one of the notice's goals."""

from __future__ import annotations

import re

import pytest

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import outline
from pipeline.stages.extract import targets
from pipeline.stages.extract.indicators import find_indicators

MARKDOWN = """\
| 专栏 主要指标 | |||||
| 序号 | 指标名称 | 单位 | 2025年基期值 | 2030年目标值 | 指标类型 |
| 1 | 农业劳动生产率 | 万元/人 | 5.4 | 7.3左右 | 预期性 |
| 2 | 粮食产量稳定度 | / | >0 | >0 | 约束性 |
| 3 | 永久基本农田内高标准农田占比 | % | 80 | >90 | 约束性 |
| 4 | 休闲农业和乡村旅游年接待量 | 万人次 | 2881.2 | 3200 | 预期性 |
"""
VALUE_CELL = re.compile(r"[>＞≥<＜≤]?\d+(?:\.\d+)?(?:左右|以上|以下|以内)?")
TABS = "指标\t单位\t2020年\t2025年\t属性\n地区生产总值增长\t%\t6.5\t6左右\t预期性\n森林覆盖率\t%\t30\t32以上\t约束性\n"


@pytest.mark.parametrize(("text", "found"), [
    (MARKDOWN, [(73000, "元/人", "==", "农业劳动生产率"), (90, "%", ">", "永久基本农田内高标准农田占比"),
                (32000000, "人次", "==", "休闲农业和乡村旅游年接待量")]),  # no unit (/): no goal
    (TABS, [(6, "%", "==", "地区生产总值增长"), (32, "%", ">=", "森林覆盖率")]),  # the later year's column
    ("序号\t任务\t单位\n1\t建设平台\t个\n", []),  # no indicator's table
    # no unit column: the unit in brackets after the indicator's name, where it is one
    ("| 指标名称 | 2023年基数 | 2025年目标 | 2027年目标 | 属性 |\n| --- | --- | --- | --- | --- |\n"
     "| 软件业务收入（亿元） | 3900 | 4800 | 6500 | 预期性 |\n| 5G基站数（万个） | 8.6 | 11 | 14 | 预期性 |\n"
     "| 新建数据中心电能利用效率（PUE） | 1.45 | ≤1.35 | ≤1.30 | 约束性 |\n",
     [(650000000000, "元", "==", "软件业务收入"), (140000, "个", "==", "5G基站数")]),
])
def test_indicator_rows(text: str, found: list[tuple[float, str, str, str]]) -> None:
    rows = find_indicators(text)
    assert [(r.value, r.unit, r.comparator, r.metric) for r in rows] == found
    assert all(VALUE_CELL.fullmatch(text[r.start:r.end]) for r in rows)  # each points at its value cell


def test_the_table_before_the_first_task_gives_the_notices_goals() -> None:
    text = "一、总体要求\n坚持稳中求进。\n" + MARKDOWN + "二、重点任务\n（一）推进农田建设。新建高标准农田10万亩。\n"
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    notice = targets.run(outline.run(notice, Config()), Config())
    assert [(t.value, t.unit) for t in notice.doc_targets] == [(73000, "元/人"), (90, "%"), (32000000, "人次")]
    assert [(t.value, t.unit) for t in notice.tasks[0].targets] == [(100000, "亩")]
    assert all(notice.text[t.span[0]:t.span[1]] in t.raw for t in notice.doc_targets)
