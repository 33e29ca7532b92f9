"""Targets and what they count, as a table of Chinese clauses (resources/targets.toml)."""

from __future__ import annotations

import pytest

from pipeline.stages.extract.targets import find_targets


@pytest.mark.parametrize(("clause", "targets"), [
    ("60%以上的养老机构符合强制性国家标准", [(60, "%", ">=", "养老机构符合强制性国家标准")]),
    ("特困失能老年人集中供养率达到60%", [(60, "%", "==", "特困失能老年人集中供养率")]),
    ("新建社区服务中心20个，再支持50个乡镇敬老院改造",
     [(20, "个", "==", "社区服务中心"), (50, "个", "==", "乡镇敬老院")]),
    ("至少建有1所县级特困人员供养服务设施", [(1, "所", ">=", "县级特困人员供养服务设施")]),
    ("培育50个支持100所农村社会福利服务中心",  # 50个 names nothing: no fragment for a metric
     [(50, "个", "==", None), (100, "所", "==", "农村社会福利服务中心")]),
    ("全市建成5G基站1.2万个", [(12000, "个", "==", "5G基站")]),
    ("到2025年，数字经济核心产业增加值占GDP比重达到10%", [(10, "%", "==", "数字经济核心产业增加值占GDP比重")]),
])
def test_targets_and_their_metrics(clause: str, targets: list[tuple]) -> None:  # type: ignore[type-arg]
    assert [(v, u, c, m) for v, u, c, _, _, m in find_targets(clause)] == targets


@pytest.mark.parametrize("clause", [
    "对违法行为处以5000元罚款",  # a fine
    "第3条规定的情形",  # an ordinal
    "2至3个乡镇开展试点",  # a range describing scope
])
def test_numbers_that_are_no_targets(clause: str) -> None:
    assert find_targets(clause) == []


def test_doc_targets_come_from_goal_units_at_any_level() -> None:
    from pipeline.config import Config
    from pipeline.model import Notice, Provenance, Source
    from pipeline.stages import outline
    from pipeline.stages.extract import targets

    text = ("一、总体要求\n（一）指导思想。坚持创新。\n（二）主要目标。到2025年，数字经济核心产业增加值占比达到10%。\n"
            "二、重点任务\n（一）建设平台。新建数据中心5个。\n")
    notice = Notice(id="g", source=Source(path="g.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    notice = targets.run(outline.run(notice, Config()), Config())
    assert [(t.value, t.unit) for t in notice.doc_targets] == [(10, "%")]
    assert [(t.value, t.unit) for t in notice.tasks[0].targets] == [(5, "个")]


@pytest.mark.parametrize("clause", [
    "按照应用场景实际研发投入的30%，提供财政补助",
    "给予不超过实际投资额5%的奖励，单个项目最高不超过100万元",
])
def test_a_rate_money_is_paid_at_is_no_target(clause: str) -> None:
    assert [t for t in find_targets(clause) if t[1] == "%"] == []
