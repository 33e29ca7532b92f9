"""Deadlines and limits as a table of Chinese clauses (docs/task-rules.md, "Time")."""

from __future__ import annotations

import pytest

from pipeline.stages.extract.times import cell_deadlines, find_deadlines, find_limits, find_uncued_window, phrase_end


def _dates(s: str, year: int = 2023) -> list[str]:
    return [d for d, _, _ in find_deadlines(s, year, [])]


@pytest.mark.parametrize(("clause", "issued", "dates"), [
    ("应当于每年1月31日前公开上年度数据", "2023-12-05", ["2024-01-31"]),  # next January is the first
    ("每年12月底前报送", "2023-12-05", ["2023-12-31"]),  # still ahead in the issue month
    ("以2000年底前建成的住宅小区为重点", "2026-02-10", []),  # a year before the issue date's: past
    # a holiday: the day before it, the next one after the issue date (times.toml [holidays])
    ("国庆假期前完成安全排查", "2025-06-10", ["2025-09-30"]),
    ("元旦前完成送温暖活动", "2025-06-10", ["2025-12-31"]),
    ("春节前开展隐患排查", "2025-06-10", ["2026-02-16"]),  # 2025's had passed: 2026's, 02-17
    ("2025年春节前完成", "2024-11-20", ["2025-01-28"]),
    ("春节前后加强值守", "2025-06-10", []),  # around it, no deadline
    ("利用国庆前周末游客流量高峰组织演练", "2023-06-10", []),  # the weekend before it
    ("2026年底前完成改造", "2026-02-10", ["2026-12-31"]),
    ("每年1月31日前公开", "2023-01-10", ["2023-01-31"]),
    ("6月底前完成排查", "2023-12-05", ["2023-06-30"]),  # not yearly: the notice's own year
    ("2024年起，每年1月底前完成", "2023-12-05", ["2024-01-31"]),  # its first year is written
    # a monthly deadline: its first after the issue date
    ("请各省局每月7日前报送项目进展", "2018-05-02", ["2018-05-07"]),
    ("每月5日前报送上月工作进展", "2025-09-18", ["2025-10-05"]),
    ("每月二十五日前上报", "2025-12-26", ["2026-01-25"]),
])
def test_a_yearly_deadline_is_its_first_after_the_issue_date(clause: str, issued: str,
                                                              dates: list[str]) -> None:
    assert [d for d, _, _ in find_deadlines(clause, int(issued[:4]), [], issued)] == dates


@pytest.mark.parametrize(("clause", "dates"), [
    ("6月底前完成排查", ["2023-06-30"]),
    ("年底前建成平台", ["2023-12-31"]),
    ("2024年年内完成", ["2024-12-31"]),
    ("年内完成全部改造", ["2023-12-31"]),
    ("到2025年，覆盖率达到90%", ["2025-12-31"]),
    ("11月中旬前报送", ["2023-11-15"]),
    ("2023年6月前完成", ["2023-05-31"]),  # before June (docs/task-rules.md)
    ("在2025年前全区完成老旧供水管网改造", ["2024-12-31"]),  # before the year: the year before's end
    ("二〇二三年六月三十日前完成项目初步设计", ["2023-06-30"]),  # a date in Chinese numerals
    ("九月十五日前完成招标", ["2023-09-15"]),
    # a quarter's step of a schedule: due by the quarter's last day
    ("进度安排：一季度，修订办事指南；二季度，上线审批系统。", ["2023-03-31", "2023-06-30"]),
    ("一季度，全市地区生产总值增长5.5%，已完成目标。", []),  # a report
    ("二〇二四年三月底前完成建后管护移交", ["2024-03-31"]),
    ("1月前报送", ["2022-12-31"]),
    ("8月份前要建立绩效考核指标体系", ["2023-07-31"]),  # 月份: the month
    # a quarter names a period to finish within: its last day
    ("推进交易业态于2024年三季度前落地开业", ["2024-09-30"]),
    ("第一季度末前完成摸底", ["2023-03-31"]),
    ("到2024年二季度底，建成平台", ["2024-06-30"]),
    ("2023年1月13日前报送", ["2023-01-13"]),
    ("2024年，制定课程纲要；2025年，课程覆盖基本实现。", ["2024-12-31", "2025-12-31"]),  # a schedule
    ("（一）推进普及。2023年底，建成示范校20所。", ["2023-12-31"]),
    ("2024年年底前省属重点文化企业可免缴", ["2024-12-31"]),
    ("2024年起，每年1月底前完成上述工作", ["2024-01-31"]),  # the first of a yearly deadline
    ("2024年上半年，制定实施方案", ["2024-06-30"]),
    ("在2023年5月15日16时前提交申请书", ["2023-05-15"]),  # an hour of the day
    ("于5月16日17:00前在线提交", ["2023-05-16"]),
    ("在3月3日上午下班前将清单报区安委办", ["2023-03-03"]),  # a time of day
    ("即3月3日、10日、17日上午下班前报送台账", ["2023-03-03", "2023-03-10", "2023-03-17"]),  # days of a month
    ("分别于3月25日、6月25日、9月25日前上报进度", ["2023-03-25", "2023-06-25", "2023-09-25"]),  # days of months
    ("从2024年开始逐年扩招，分3年落实，至2026年达到2000名的招生规模", ["2026-12-31"]),  # 至 by then
    # not deadlines
    ("截至2022年底，已建成5G基站23万个", []),  # a statistic
    ("三年内不得再次申报", []),  # a duration
    ("最近1年内未发生重大事故", []),  # an eligibility look-back
    ("到4544年底前完成", []),  # a damaged year
    ("两年前已经完成", []),
    ("一季度，全市地区生产总值增长5%", []),  # a quarter's figure
    ("2023年三季度末，已建成基站200个", []),
    ("6月1日至30日，定为全省养老院安全管理月", []),  # a campaign month is a period
    ("春节：2月4日至10日放假调休，共7天", []),  # a holiday
    ("2022年，全省已建成示范校20所。", []),  # a schedule year that reports the past
    ("2018年12月31日之前已完成转制的企业，免征五年", []),  # an eligibility date
    ("对2022年6月6日前认定的园区继续给予奖补", []),  # which parks: an eligibility date
    ("对5355年6月6日前认定的园区", []),  # a damaged year: its month and day are no date either
    # which vehicles qualify: a status verb after the date, its clause closed by 的 and a noun
    ("个人消费者报废2022年6月30日前（含当日，下同）注册登记的汽油乘用车", []),
    ("相应报废的机动车须为2025年1月5日之前登记在本人名下的机动车", []),
    ("2023年12月31日前购买的新能源汽车可申请补贴", []),
    ("2024年6月30日前完成登记工作", ["2024-06-30"]),  # a verb of its own: a deadline
    ("5355年6月30日前完成", []),
    ("2021年，制定课程纲要。", []),  # a year before the notice's own: history
    ("2024年至2026年，每年培训1000人", []),  # a range
    ("重复利用率由2023年的60%提升至2025年的70%", []),  # a level at a time
    ("全国科技创新大会明确了我国到2050年建成世界科技强国的目标", []),  # a goal set before, reported
    ("为了到2025年建成平台，各地要加快部署", ["2025-12-31"]),
    ("（二）至2023年年底，消防部门完成库存产品销毁处置", ["2023-12-31"]),  # 至 after its item's number
    # which things a rule covers: a date in a clause closed by 的, or opened by 对 and qualifying a noun
    ("6月1日前建成并网的，自6月1日起执行", []),
    ("对2025年6月1日前签订储能租赁合同的存量项目，给予机制电量支持", []),
    ("对排查出的隐患，6月底前完成整改", ["2023-06-30"]),
    # a completion verb right after the date (times.toml due_verbs): by when, without 前
    ("2024年9月底完成平台建设", ["2024-09-30"]),
    ("2025年底建成示范区", ["2025-12-31"]),
    ("10月完成地块摸底，11月完成提供计划", ["2023-10-31", "2023-11-30"]),
    ("2024年9月底完成了平台建设", []),  # reported
    ("2021年12月完成验收", []),  # before the notice's year: what was done
    ("2023年10月27日印发", []),  # a printing line
    # a completion field before the date (times.toml due_fields): by when, without 前
    ("（责任单位：省发展改革委；完成时间：2024年12月）", ["2024-12-31"]),
    ("时间节点：2024年6月", ["2024-06-30"]),
    ("完成时限：2025年", ["2025-12-31"]),
    ("实施时间：2024年6月", []),  # a window's month, no due field
    # a year written relative to the notice's (times.toml relative_years)
    ("明年3月底前制定实施方案", ["2024-03-31"]),
    ("明年底前全面完成", ["2024-12-31"]),
    ("今年6月底前完成规划编制", ["2023-06-30"]),
    ("次年1月底前报送上年度工作情况", ["2024-01-31"]),
    ("两年前已完成", []),  # a time ago
    ("2025年9月底前完成已排查入河排污口整治", ["2025-09-30"]),  # 已 of the object: due, no eligibility
    ("2024年，累计完成诊断企业8000家", ["2024-12-31"]),  # a future year's running total: a goal
    ("2022年，累计建成5G基站3万个", []),  # before the notice's year: reported
    # a half year: its last day, with a completion verb or 前
    ("2024年上半年完成试点", ["2024-06-30"]),
    ("2025年下半年建成投用", ["2025-12-31"]),
    ("力争上半年完成", ["2023-06-30"]),
    ("下半年全面推开", []),  # no completion: when it starts
    ("年中前完成首批20个社区建设方案评审", ["2023-06-30"]),  # mid-year: the half's last day
    ("完成时限：2026年年中", ["2026-06-30"]),
    ("2025年中国国际进口博览会期间", []),  # a year before a name, no mid-year
    ("并在年中和年末向国务院报告执行情况", []),  # when, each year: no deadline
    # a schedule's months, each opening its clause with a colon: by the month's end
    ("推进生产。1月：分解下达任务；2月：开展专项检查；3—5月：组织集中免疫。", ["2023-01-31", "2023-02-28"]),
    ("2024年6月：完成验收", ["2024-06-30"]),
    ("推广0.8万亩。（责任股室：种植业股）1月：分解下达任务；", ["2023-01-31"]),  # after the label
    ("会议定于3月：", []),  # inside a clause, no step
    # the end of a five-year plan (times.toml five_year_plans)
    ("到“十四五”期末，建成全省一体化平台", ["2025-12-31"]),
    ("“十四五”末实现全覆盖", ["2025-12-31"]),
    ("“十三五”末，全省已建成", []),  # ended before the notice's year
    # a year opening its clause with what is to be done that year: a step of a yearly schedule
    ("推动液化气钢瓶更换，2024年更换10万个。", ["2024-12-31"]),
    ("2024年完成改造180个，2025年完成改造140个。", ["2024-12-31", "2025-12-31"]),
    ("其中2024年2台、2025年6台。", []),  # a total's breakdown by year: no verb, no schedule
    ("2024年回收拆解报废机动车1.5万辆，2025年达到1.8万辆，2026年突破2万辆。",
     ["2024-12-31", "2025-12-31", "2026-12-31"]),
    ("2023年完成了改造。", []),  # reported
    ("2022年完成改造180个。", []),  # before the notice's year
    # a quarter with a colon opening an item is a schedule's step on its own, as a month's is
    ("(二)第二季度：完成项目审批、各参建单位选取和招投标工作；", ["2023-06-30"]),
])
def test_deadlines(clause: str, dates: list[str]) -> None:
    assert _dates(clause) == dates


@pytest.mark.parametrize(("text", "dates"), [
    ("1\t成立协调机制。\t市行政审批局\t2021年9月底\n", ["2021-09-30"]),  # a 完成时限 cell
    ("| 2 | 建设平台。 | 市大数据局 | 2021年底 |\n", ["2021-12-31"]),
    ("3\n开展培训。\n市人社局\n11月中旬\n", ["2023-11-15"]),  # a cell a line, the notice's year
    ("| 4 | 建设平台。 | 市民政局 | 2024年12月 |\n", ["2024-12-31"]),  # a month alone: its end
    ("| 5 | 清理欠款。 | 区经信局 | 2025年第三季度 |\n", ["2025-09-30"]),  # a quarter: its end
    ("完成时限\t2025年上半年\n", ["2025-06-30"]),  # a half year: its end
    ("| 5 | 建设平台。 | 市民政局 | 2025年 |\n", []),  # a year alone may be a year column
    ("| 4 | 推进改造。 | 市住建局 | 2022年12月底 | 2023年6月底 |", ["2022-12-31", "2023-06-30"]),
    # not cells of their own: prose, a 前 the clause grammar reads, a day (an issue date)
    ("力争9月底完成全部改造。\n", []),
    ("完成时限：2021年9月底\n", []),
    ("2021年9月30日\n", []),
    ("| 5 | 长期坚持 |\n", []),
])
def test_a_date_that_is_a_cell_of_its_own_is_a_deadline(text: str, dates: list[str]) -> None:
    assert [d for d, _, _ in cell_deadlines(text, 0, len(text), 2023)] == dates


@pytest.mark.parametrize(("clause", "limits"), [
    ("收到申请后10个工作日内办结", [(10, "工作日")]),
    ("三个月内完成整改", [(3, "个月")]),
    ("30日内报送", [(30, "日")]),
    ("最近30日内未发生", []),  # a look-back, not a limit
    ("三年内完成", []),  # years: a duration of the plan, not a limit
])
def test_limits(clause: str, limits: list[tuple[int, str]]) -> None:
    assert [(v, u) for v, u, _, _ in find_limits(clause)] == limits


def test_a_part_named_for_a_year_gives_its_tasks_that_year() -> None:
    from pipeline.config import Config
    from pipeline.model import Notice, Provenance, Source
    from pipeline.stages import REGISTRY

    text = ("印发日期：2025年3月1日\n一、2025年重点任务\n（一）建设平台。年底前建成。\n（二）编制目录。6月底前完成。\n"
            "二、2026年重点任务\n（一）推广应用。年底前覆盖全市。\n（二）完善机制。年内出台办法。\n")
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    notice.doc.issue_date = "2025-03-01"
    for stage in ("outline", "times"):
        notice = REGISTRY[stage].load()(notice, Config())
    assert [[d.date for d in t.deadlines] for t in notice.tasks] == [
        ["2025-12-31"], ["2025-06-30"], ["2026-12-31"], ["2026-12-31"]]


def test_a_deadline_keeps_the_clause_it_governs() -> None:
    s = "6月底前完成排查整治，年底前建立长效机制。"
    (_, a, b), *_ = find_deadlines(s, 2023, [])
    assert s[a:phrase_end(s, b)] == "6月底前完成排查整治"


@pytest.mark.parametrize(("task", "window"), [
    ("（一）推进建设。2019年1月1日至2020年12月31日，开展专项整治。", ("2019-01", "2020-12", False, None)),
    ("（二）加强防控。2020年1月至疫情结束，严格落实防控措施。", ("2020-01", None, True, "疫情结束")),
    ("（三）实施登记。从2019年1月1日起，新设机构一律登记。", ("2019-01", None, True, None)),
    ("（三）医院自评。2020年起，每年1月底前完成上述工作。", ("2020-01", None, True, None)),
    ("（四）持续推进数据共享。各地要完善目录。", (None, None, True, "持续推进")),
    ("（五）完善服务。一是建设平台。二是持续推进大院建设。", None),  # a sub-point's 持续
    ("（六）加强管理。6月1日至30日开展安全生产月活动。", None),  # no year: not a window
    ("（七）开展安全管理月。2020年6月1日至30日，定为安全管理月。", ("2020-06", "2020-06", False, None)),
    # a five-year plan's period opening a clause (resources/times.toml [five_year_plans])
    ("（八）稳定投入。“十四五”期间，每年安排资金1亿元。", ("2021-01", "2025-12", False, None)),
    ("（九）强化攻关。鼓励协同。“十三五”时期，每年实施50项项目。", ("2016-01", "2020-12", False, None)),
    ("（十）基础与优势。“十二五”时期，全省认真贯彻部署。", None),  # ended before the notice: looks back
    ("（十二）开展宣传。各部门要配合，通过“十四五”期间的努力，使知识家喻户晓。", ("2021-01", "2025-12", False, None)),
    ("（十一）推进水库建设。已列入“十五”期间全国大型水库建设规划。", None),  # inside a phrase
])
def test_windows_without_a_cue(task: str, window: tuple | None) -> None:  # type: ignore[type-arg]
    found = find_uncued_window(task, 2020)
    if window is None:
        assert found is None
    else:
        assert found is not None
        w = found[0]
        assert (w.start, w.end, w.open_ended, w.end_condition) == window


def _cues() -> list[str]:
    from pipeline.resources import load_toml

    return list(load_toml("times.toml")["window_cues"])


@pytest.mark.parametrize("cue", _cues())
def test_every_window_cue_of_the_resource_opens_a_window(cue: str) -> None:
    from pipeline.stages.extract.times import find_window

    found = find_window(f"（一）推进建设。建设平台。{cue}：2021年3月至12月", 2021)
    assert found is not None and (found[0].start, found[0].end) == ("2021-03", "2021-12")


def test_a_window_opened_from_a_year_ends_where_its_sentence_says() -> None:
    found = find_uncued_window("（一）扩大招生规模，从2024年开始逐年扩招，分3年落实，至2026年达到2000名。", 2024)
    assert found is not None
    window = found[0]
    assert (window.start, window.end, window.open_ended) == ("2024-01", "2026-12", False)
    assert _dates("（一）扩大招生规模，从2024年开始逐年扩招，分3年落实，至2026年达到2000名。") == ["2026-12-31"]
