"""The outline stage on invented notices: every layout of docs/task-rules.md, one test each."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.model import Notice, OutlineUnit, Provenance, Source
from pipeline.stages import outline
from pipeline.stages.outline import bare_parts
from pipeline.text import CJK


def _run(text: str) -> Notice:
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="test", config_sha256=""))
    notice.raw_text = notice.text = text
    return outline.run(notice, Config())


def _tasks(text: str) -> list[tuple[str, str, str]]:
    return [(t.id, t.number, t.heading) for t in _run(text).tasks]


def _walk(units: list[OutlineUnit]):  # type: ignore[no-untyped-def]
    for u in units:
        yield u
        yield from _walk(u.children)


SECTIONED = """\
一、总体要求
（一）指导思想。以新发展理念为引领。
（二）主要目标。到2025年，建成平台。
二、重点任务
（一）加强数据治理
1.建立数据目录。各地要编制目录。
2.推进数据共享。依托平台共享数据。
（二）推进平台建设。建设省级平台，实现互联互通。
三、保障措施
（一）加强组织领导。成立领导小组。
（二）强化资金保障。统筹安排资金。
"""


def test_deepest_units_of_the_task_part_with_parents_and_ids() -> None:
    notice = _run(SECTIONED)
    assert [(t.id, t.number, t.heading) for t in notice.tasks] == [
        ("2.1.1", "1.", "建立数据目录"), ("2.1.2", "2.", "推进数据共享"), ("2.2", "（二）", "推进平台建设")]
    first = notice.tasks[0]
    assert first.level == 3
    assert [(p.number, p.heading) for p in first.parents] == [("二、", "重点任务"), ("（一）", "加强数据治理")]
    roles = {u.id: u.role for u in _walk(notice.outline)}
    assert roles["1"] == "background" and roles["1.2"] == "goals" and roles["3.1"] == "safeguards"
    assert [s.title for s in notice.sections] == ["总体要求", "重点任务", "保障措施"]
    for unit in _walk(notice.outline):
        assert notice.text[unit.span[0]:unit.span[1]].startswith(unit.number)
        for child in unit.children:
            assert unit.span[0] < child.span[0] and child.span[1] <= unit.span[1]


def test_numbering_that_runs_on_across_parts() -> None:
    text = ("一、总体要求\n坚持创新。\n二、加快基础设施建设\n1.建设网络。内容。\n2.建设算力。内容。\n"
            "三、推动产业发展\n3.培育企业。内容。\n4.打造集群。内容。\n")
    assert [t[0] for t in _tasks(text)] == ["2.1", "2.2", "3.3", "3.4"]


def test_a_flat_list_of_measures_is_tasks_and_safeguards_are_not() -> None:
    text = "".join(f"{n}、{h}。各地要落实。\n" for n, h in zip(
        "一二三四", ["加强数据归集", "推进共享开放", "强化安全防护", "加强组织领导"], strict=True))
    assert [t[2] for t in _tasks(text)] == ["加强数据归集", "推进共享开放", "强化安全防护"]


def test_regulation_articles_of_substantive_chapters() -> None:
    text = ("第一章　总则\n第一条　为了规范管理，制定本办法。\n第二章　申报条件\n第二条　申报单位应当具备下列条件：\n"
            "（一）依法设立；\n（二）运营满三年。\n第三条　省级主管部门负责认定。\n第三章　附则\n"
            "第四条　本办法自发布之日起施行。\n")
    assert [(t[0], t[1]) for t in _tasks(text)] == [("2.2", "第二条"), ("2.3", "第三条")]


def test_a_chapter_heading_sharing_its_line_with_its_first_article() -> None:
    text = "第一章 总则 第一条 为了规范管理，制定本办法。\n第二章 职责 第二条 省厅负责统筹。\n第三条 市局负责实施。\n"
    notice = _run(text)
    assert [t.id for t in notice.tasks] == ["2.2", "2.3"]
    assert notice.outline[1].heading == "职责"


def test_a_heading_run_on_into_its_first_sub_item() -> None:
    text = "一、补短板装备1.突破船舶智能制造。内容。\n2.发展海工装备。内容。\n二、强化创新\n3.建设平台。内容。\n"
    tasks = _tasks(text)
    assert [t[2] for t in tasks] == ["突破船舶智能制造", "发展海工装备", "建设平台"]
    assert _run(text).outline[0].heading == "补短板装备"


def test_a_stray_number_in_prose_and_a_page_read_twice_open_nothing() -> None:
    text = ("一、重点任务\n（一）加强管理。内容。\n（二）推进建设。按照\n（五）的要求推进。\n"
            "（一）加强管理。内容。\n（三）强化监管。内容。\n")
    assert [t[2] for t in _tasks(text)] == ["加强管理", "推进建设", "强化监管"]


def test_labelled_leaves_are_the_tasks() -> None:
    text = ("一、重点任务\n（一）推进数字政府建设\n1.建设一体化平台。（责任单位：省大数据局）\n"
            "2.推进一网通办。（责任单位：省政务服务中心）\n（二）加强数据安全。（责任单位：省委网信办）\n"
            "1.开展安全检查。\n2.完善应急预案。\n")
    assert [t[0] for t in _tasks(text)] == ["1.1.1", "1.1.2", "1.2"]


def test_an_attachment_starts_its_numbering_again() -> None:
    text = ("关于印发实施方案的通知\n各市人民政府：\n现将方案印发给你们，请认真贯彻落实。\n\n省人民政府\n"
            "2024年1月1日\n附件\n某省数据要素行动方案\n一、重点任务\n（一）培育数据市场。内容。\n"
            "（二）建设交易平台。内容。\n二、保障措施\n（一）加强领导。内容。\n")
    notice = _run(text)
    assert [t.id for t in notice.tasks] == ["A1.1.1", "A1.1.2"]
    assert notice.outline[0].style == "attachment" and notice.outline[0].number == "附件"


def test_a_second_document_restarting_at_one_is_a_part_of_its_own() -> None:
    text = ("一、加强管理\n（一）建立制度。内容。\n二、推进建设\n（一）建设平台。内容。\n"
            "一、关于财政税收\n（一）免征税款。内容。\n二、关于投资融资\n（一）支持融资。内容。\n")
    notice = _run(text)
    # a part of its own (its ids are A1.…), and as much the notice's content as the first: a
    # notice that sets out two 规定 one after the other commits to the measures of both
    assert [t.id for t in notice.tasks] == ["1.1", "2.1", "A1.1.1", "A1.2.1"]
    assert notice.tasks[1].span[1] < notice.text.index("一、关于财政")
    assert [u.id for u in notice.outline] == ["1", "2", "A1"]


def test_lists_whose_group_headings_were_lost_are_groups_of_their_own() -> None:
    # a crawl that dropped bold runs: each group's heading gone, its 1.–n. left
    text = ("（一）所有病例应当隔离治疗。\n（二）密切接触者实行隔离观察。\n"
            "1.卫生管理要求。落实单位责任。\n2.场所通风要求。定期通风。\n3.场所清洁消毒。每日消毒。\n"
            "1.员工健康监测。掌握员工情况。\n2.工作场所防控。封闭管理。\n"
            "1.营业前准备。制定预案。\n2.营业中防控。检测体温。\n")
    assert [t.number + t.heading for t in _run(text).tasks] == [
        "（一）所有病例应当隔离治疗", "1.卫生管理要求", "2.场所通风要求", "3.场所清洁消毒",
        "1.员工健康监测", "2.工作场所防控", "1.营业前准备", "2.营业中防控"]


def test_a_line_opening_with_a_full_stop_ends_the_unit_before_it() -> None:
    # the crawl dropped a safeguard's bold heading and left its 。: what follows is not item 2's
    text = ("1.加强指导。内容。\n2.保障家庭权益。落实产假政策。\n。各级政府要提高认识，纳入考核。\n"
            "建立联席会议，由省卫生健康部门牵头。\n")
    notice = _run(text)
    last = notice.tasks[-1]
    assert notice.text[last.span[0]:last.span[1]] == "2.保障家庭权益。落实产假政策。"


@pytest.mark.parametrize(("text", "ids"), [
    # a measure of publicity among measures, first of them or last of a part of tasks
    ("一、切实加强宣传引导。广泛宣传平台。\n二、实行全天候服务。提供服务。\n三、增设服务专区。推出服务。\n",
     ["1", "2", "3"]),
    ("一、重点任务\n1.加强接入管理。内容。\n2.加大宣传引导力度。加强宣传。\n二、保障措施\n（一）加强组织领导。内容。\n",
     ["1.1", "1.2"]),
    # a part of safeguards: the weak word keeps its role
    ("一、重点任务\n（一）建设平台。内容。\n二、保障措施\n（一）加强组织领导。内容。\n（二）加强宣传引导。内容。\n",
     ["1.1"]),
    ("一、重点任务\n（一）建设平台。内容。\n二、政策措施\n（一）加强组织实施。内容。\n（二）加强宣传推广。内容。\n",
     ["1.1"]),
    # enforcement among measures (加强日常监督检查, then another measure)
    ("一、全面整改\n（一）建立台账。内容。\n二、构建长效机制\n（一）落实主体责任。内容。\n（二）加强日常监督检查。"
     "每月检查。\n（三）开展警示约谈。内容。\n", ["1.1", "2.1", "2.2", "2.3"]),
])
def test_a_weak_safeguard_word_among_measures(text: str, ids: list[str]) -> None:
    assert [t.id for t in _run(text).tasks] == ids


def test_a_list_of_cases_is_one_task() -> None:
    text = ("一、检查要求\n（一）重点检查合法合规经营情况。\n（二）有下列情形的，责令限期整改，暂缓通过年检：\n"
            "1．未按要求安装油气回收在线监测设备的；\n2．不能提供合规油品来源证明的；\n"
            "（三）停歇业经营企业，需书面报备原因。\n")
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2", "1.3"]


def test_a_list_of_cases_announced_in_a_sentence_is_one_task() -> None:
    # the lead-in ends in a stop, not a colon, and its items are the cases (not measures)
    text = ("一、退出管理\n（一）自愿退出\n虚拟电厂可申请自愿退出。\n（二）强制退出\n"
            "出现以下情形之一，强制虚拟电厂退出电力市场，再次入市应重新履行注册手续。\n"
            "（1）隐瞒有关情况或者提供虚假材料，违规取得注册资格且拒不整改。\n"
            "（2）严重违反市场交易规则，且拒不整改。\n（3）依法被撤销、解散，依法宣告破产、歇业。\n"
            "二、保障措施\n加强领导。\n")
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2"]


@pytest.mark.parametrize(("line", "heading"), [
    # a deadline or a label in brackets before the title, a label closing a heading line: left out
    ("1.【2025年6月底前】再造企业开办流程。推行一网通办。（责任单位：市数据局）", "再造企业开办流程"),
    ("1.（市发展改革委、市市场监管局负责）推进市场准入壁垒清理整治。开展专项行动。", "推进市场准入壁垒清理整治"),
    ("1.全面提升改造品质（责任单位：市住建局，各县（市）、区政府）", "全面提升改造品质"),
    ("1.加强统筹（省级层面）协调。推进工作。", "加强统筹（省级层面）协调"),  # a remark, no label: kept
    # a page on one line: the heading set off by a space from the unit's first field
    ("1. 开展人员密集场所消防安全排查整治 排查整治时间：2013年1月至3月，对所有商场开展一次检查。 "
     "排查整治内容：消防部门负责检查。", "开展人员密集场所消防安全排查整治"),
    # …or from its text by a space alone, on a page whose line breaks all became spaces
    ("1.开展土壤环境质量详查 2017年6月底前，完成全区土壤污染状况初步调查。 在此基础上开展详查。 "
     "建立定期调查制度。 按要求上报。", "开展土壤环境质量详查"),
    # …not a space inside a title, nor one padding a number
    ("（一）重点整治区域根据《苏平片区管理局 2023 年景区交通管制工作方案》，将路段分成7个点位。 加强值守。 "
     "做好保障。 及时上报。", "重点整治区域根据《苏平片区管理局2023年景区交通管制工作方案》，将路段分成7个点位"),
    ("1．开展群众性消防宣传教育活动 2013 年春节前，县政府要组织教育。 加强宣传。 开展演练。 及时上报。",
     "开展群众性消防宣传教育活动"),
    ("1.组织开展 2021 年度检查，完成整改。 加强宣传。 开展演练。 及时上报。", "组织开展2021年度检查，完成整改"),
    # …but not on a page whose lines are kept: a space inside the sentence is no heading's end
    ("1.组织开展 2021 年度检查，完成整改。", "组织开展2021年度检查，完成整改"),
])
def test_headings_leave_out_labels_and_bracketed_deadlines(line: str, heading: str) -> None:
    text = f"一、主要任务\n{line}\n2.健全机制。完善制度。\n"
    assert _tasks(text)[0][2] == heading


def test_a_heading_run_into_the_field_every_unit_opens_with() -> None:
    """A page on one line whose units each open with the same fields (实施项目：… 实施内容：… 责任分工：…),
    the first run into the heading with no mark between: the heading ends before it."""
    units = "".join(
        f"（{n}）{name}实施项目：{place}。实施内容：完善设施。责任分工：区规划局负责规划编制工作。"
        for n, name, place in (("一", "建设美丽乡村", "10个村"), ("二", "打造城市完整社区", "东门社区"),
                               ("三", "整治提升城镇节点", "天牛河两岸")))
    text = f"一、重点项目{units}二、保障措施加强领导。\n"
    assert [t[2] for t in _tasks(text)] == ["建设美丽乡村", "打造城市完整社区", "整治提升城镇节点"]


def test_an_amendment_of_articles_is_no_run_in_field() -> None:
    text = ("一、将第三条修改为：“第三条 市商务局负责资金管理。”\n二、将第五条修改为：“第五条 市财政局负责拨付。”\n"
            "三、将第九条修改为：“第九条 各区商务主管部门负责初审。”\n")
    assert next(t[2] for t in _tasks(text)).startswith("将第三条修改为")


def test_a_heading_with_a_colon_of_its_own_keeps_it() -> None:
    text = ("一、主要任务\n（一）加强质量管理：建立制度。\n（二）提升服务水平：完善流程。\n"
            "（三）强化监督检查：开展抽查。\n")
    assert [t[2] for t in _tasks(text)] == ["加强质量管理：建立制度", "提升服务水平：完善流程",
                                            "强化监督检查：开展抽查"]


def test_a_table_rows_heading_ends_at_its_cell() -> None:
    text = ("一、重点任务\n| 任务 | 主要措施 |\n| --- | --- |\n"
            "| 1．完善县域商业网点布局 | 结合国土空间规划编制专项规划。 |\n"
            "| 2．推动乡镇商贸中心提档升级 | 改造提升一批商贸中心。 |\n")
    assert [t[2] for t in _tasks(text)] == ["完善县域商业网点布局", "推动乡镇商贸中心提档升级"]


def test_a_closing_blocks_copy_and_attendance_lines_end_the_last_task() -> None:
    text = ("一、会议同意改造方案，由市住建局负责实施。\n二、会议要求各部门加强协同，每月报送进展。\n"
            "参　加：张　军（市住房城乡建设局）　刘晓东（市发展改革委）　陈　静（市财政局）　吴海涛（市城市管理局）\n"
            "分送：市住房城乡建设局，市发展改革委，市财政局，市城市管理局，市应急管理局，各县（市、区）人民政府。\n"
            "抄送：市委办公室，市人大常委会办公室，市政协办公室。\n")
    task = _run(text).tasks[-1]
    assert task.text.rstrip().endswith("每月报送进展。")


def test_a_goals_part_over_a_task_table_holds_measures() -> None:
    text = ("一、总体目标\n到2027年，全市养老服务体系更加健全。\n二、年度目标任务\n年度 | 目标任务 | 责任单位\n"
            "2025年 | 推进家庭适老化改造。完成改造2000户以上。 | 市民政局（牵头），市残联\n"
            "2025年 | 发展老年助餐服务。新增老年助餐点100个。 | 市民政局，市商务局\n"
            "2026年 | 深化医养结合。新增医养结合机构10家。 | 市卫生健康委，市民政局\n"
            "三、保障措施\n（一）加强组织领导。\n")
    assert [t[2] for t in _tasks(text)] == ["推进家庭适老化改造", "发展老年助餐服务", "深化医养结合"]


def test_an_inspections_checklist_is_one_task() -> None:
    text = ("一、检查任务\n（一）学校食堂全覆盖检查。市场监管部门对学校食堂开展检查。\n检查重点：\n"
            "1. 是否落实校长负责制和陪餐制度；\n2. 是否建立食品原料进货查验记录制度；\n"
            "（二）校外供餐单位专项检查。对供餐单位开展检查。\n检查重点：\n"
            "1. 食品生产经营许可是否在有效期内；\n2. 配送车辆是否专车专用。\n")
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2"]


def test_a_saved_pages_menu_opens_no_unit() -> None:
    text = ("1. [工作动态](https://swj.example.gov.cn/col/col1/index.html)\n"
            "2. [通知公告](https://swj.example.gov.cn/col/col2/index.html)\n"
            "一、抽查事项\n（一）商务部门。检查证照。\n（二）应急管理部门。检查场所。\n")
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2"]
    titled = ("1. [首页](https://www.example.gov.cn/index.html \"首页\")\n"  # links with their titles
              "2. [政务公开](https://www.example.gov.cn/nw2319/index.html \"\")\n"
              "一、抽查事项\n（一）商务部门。检查证照。\n（二）应急管理部门。检查场所。\n")
    assert [t.id for t in _run(titled).tasks] == ["1.1", "1.2"]


def test_a_run_in_heading_set_in_bold_ends_with_its_bold_run() -> None:
    text = ("一、抽查事项\n**（一）商务部门。** 检查企业是否取得营业执照。\n"
            "**（二）市场监督管理部门：** 现场抽检汽柴油样品，检查加油机铅封。\n")
    assert [t.heading for t in _run(text).tasks] == ["商务部门", "市场监督管理部门"]
    notice = _run("**一、总体要求**\n（一）坚持需求牵引。内容。\n**二、重点任务**\n（一）建设平台。内容。\n")
    assert [s.title for s in notice.sections] == ["总体要求", "重点任务"]  # no bold marks


def test_a_list_restarting_under_numbered_sections_is_no_lost_group() -> None:
    # deep under numbered sections a restart follows a section heading, not a lost one: the old
    # reading (the restart opens nothing) stays
    text = ("第1章 总则\n1.1 范围\n1.1.1 社区\n1）预约类服务：提供预约。\n2）导引类服务：提供导引。\n"
            "1）政府运营：由政府组织。\n2）企业运营：由企业投资。\n")
    assert all(not t.id.startswith("A") for t in _run(text).tasks)


def test_indentation_by_any_whitespace_and_markdown() -> None:
    text = "\u2003\u2003一、重点任务\n\u2003\u2003（一）建设平台。内容。\n## （二）推进共享。内容。\n"
    assert [t[0] for t in _tasks(text)] == ["1.1", "1.2"]


def test_a_heading_line_without_a_full_stop() -> None:
    text = "一、重点任务\n（一）加强数据治理\n围绕数据全生命周期，建立管理制度。\n（二）推进共享开放\n建设共享平台。\n"
    assert [t[2] for t in _tasks(text)] == ["加强数据治理", "推进共享开放"]


def test_table_of_contents_lines_are_not_units() -> None:
    text = ("目录\n一、总体要求.......... 1\n二、重点任务.......... 2\n一、总体要求\n坚持统筹。\n二、重点任务\n"
            "（一）建设平台。内容。\n")
    notice = _run(text)
    assert [t.id for t in notice.tasks] == ["2.1"]
    assert notice.tasks[0].span[0] > notice.text.index("坚持统筹")


def test_a_list_in_a_style_already_open_nests_after_a_lead_in() -> None:
    text = ("一、重点任务\n1.培育典型场景。内容。\n2.加强方案研发。内容如下：\n"
            "1.家用电器行业：推广平台。\n2.家具行业：推广设计。\n二、推进集群转型\n3.建设园区。内容。\n")
    notice = _run(text)
    assert [t.id for t in notice.tasks] == ["1.1", "1.2.1", "1.2.2", "2.3"]
    # after a box title the list is the box's: text of the unit the box stands in
    boxed = text.replace("内容如下：", "内容。\n专栏1 解决方案研发工程")
    assert [t.id for t in _run(boxed).tasks] == ["1.1", "1.2", "2.3"]
    # without a lead-in, a repeated 1. 2. is a page read twice, not a list
    text = "一、重点任务\n1.建设平台。内容。\n2.推进共享。内容。\n1.建设平台。内容。\n2.推进共享。内容。\n"
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2"]


def test_a_labelled_notice_takes_no_tasks_from_a_part_without_labels() -> None:
    text = ("一、重点任务\n（一）建设平台。建成平台。（责任单位：市大数据局）\n"
            "（二）培育企业。培育企业。（责任单位：市工业和信息化局）\n"
            "（三）引进人才。引进人才。（责任单位：市人力资源社会保障局）\n"
            "二、攻关方向\n1.集成电路。突破芯片设计。\n2.人工智能。突破大模型。\n")
    assert [h for _, _, h in _tasks(text)] == ["建设平台", "培育企业", "引进人才"]


def test_decimal_items_are_lists_of_their_parent_series() -> None:
    # a guide's 1.1 1.2 under 1., and 2.1 under 2. (ids by the tree)
    guide = ("1．交通基础设施智能化\n1.1 绿色能源自洽供给系统研究\n研究内容：研究技术架构。\n"
             "1.2 桥梁智能化设计软件研发\n研究内容：研究结构体系。\n"
             "2．载运工具智能协同\n2.1 港口智能绿色交通系统研究\n研究内容：研究协同技术。\n")
    assert [(t.id, t.number) for t in _run(guide).tasks] == [("1.1", "1.1"), ("1.2", "1.2"), ("2.1", "2.1")]
    # a standard's clauses with no parent unit: 3.1 starts a list of its own (not a 2.3), and
    # its series stays in the ids
    standard = ("2.1 显式水印标识\n在内容中添加的标识。\n2.2 隐式水印标识\n在文件中添加的标识。\n"
                "3.1在显示区域中持续显示提示文字。\n3.2 在画面中添加提示文字。\n")
    assert [(t.id, t.number) for t in _run(standard).tasks] == [
        ("2.1", "2.1"), ("2.2", "2.2"), ("3.1", "3.1"), ("3.2", "3.2")]


def test_a_part_of_directions_gives_way_to_a_part_of_measures() -> None:
    text = ("一、总体要求\n坚持创新。\n二、重点领域\n（一）基础级大模型。研发通用模型。\n"
            "（二）行业级大模型。研发行业模型。\n三、重点任务\n（一）增强技术创新能力。建设平台。\n"
            "（二）提升产品供给水平。推出产品。\n")
    assert [t[0] for t in _tasks(text)] == ["3.1", "3.2"]
    alone = text.split("三、")[0]  # with no part of measures, the directions are the tasks
    assert [t[0] for t in _tasks(alone)] == ["2.1", "2.2"]


def test_articles_that_frame_a_regulation_are_no_tasks() -> None:
    text = ("第一条 为规范专家库管理，根据有关规定，制定本办法。\n"
            "第二条 本办法所称专家，是指入库的技术人员。\n"
            "第三条 省工业和信息化厅负责专家库的建设和管理。\n"
            "第四条 专家每年参加培训不少于一次。\n"
            "第五条 本办法自2023年1月1日起施行。\n")
    assert [t[1] for t in _tasks(text)] == ["第三条", "第四条"]


@pytest.mark.parametrize(("article", "frames"), [
    ("本办法有效期五年，自发布之日起施行。", True),  # validity, then effect
    ("本细则有效期至2025年12月31日。", True),
    ("本办法适用于全省专家的遴选和管理。", True),  # scope, in a regulation without chapters
    ("根据《中华人民共和国个人所得税法》（以下简称个人所得税法），制定本条例。", True),
    ("专家有效期届满前3个月提出续聘申请。", False),
    # its grounds a long list of laws
    ("为贯彻落实《粤港澳大湾区发展规划纲要》，促进游艇产业协同发展，规范游艇自由行活动，根据《中华人民共和国出境入境管理法》"
     "《中华人民共和国海关法》《中华人民共和国国境卫生检疫法》《中华人民共和国海上交通安全法》《中华人民共和国内河交通安全管理条例》"
     "《国际航行船舶进出中华人民共和国口岸检查办法》《广东省水域治安管理办法》等法律法规，制定本办法。", True),
    ("本措施由市工业和信息化局负责解释，自印发之日起施行，有效期3年。", True),  # a 若干措施's own
    ("本措施适用于在本市注册的企业及机构。", True),
    ("本实施意见自发布之日起施行。", True),  # an 实施意见's own items of entry into force
    ("本实施意见由七宝镇规划建设和环境保护办公室负责解释。", True),
    # definitions go on framing; a rule after a definition makes the article a rule
    ("本办法所称智能工厂，是指实现集成优化的工厂。数字化车间，是指生产的核心实施单元。", True),
    ("本办法所称专家，包括：\n（一）技术专家；\n（二）管理专家。", True),
    ("本办法自2024年1月1日起施行。原《专家库管理办法》同时废止。", True),
    ("本办法所称主要工作城市是指纳税人任职受雇的城市。\n夫妻双方主要工作城市相同的，只能由一方扣除。", False),
    # the article's name in brackets before its text (a government rule's 第一条（目的和依据）)
    ("（目的和依据）\n为了加强责任区管理，根据《上海市市容环境卫生管理条例》，制定本办法。", True),
    ("（施行日期）本办法自2015年3月1日起施行。", True),
    ("（管理部门）\n市绿化市容行政管理部门是责任区工作的主管部门。", False),
    # a penalty or a sanction on officials, in a regulation without chapters: its 法律责任
    ("（行政处罚）违反本办法第五条第一款规定，责任人未履行责任要求的，由城管执法部门处以罚款。", True),
    ("违反本办法规定，有关管理部门的工作人员玩忽职守、滥用职权的，依法给予处分。", True),
    ("有关管理部门应当对违法行为依法查处。", False),
    ("交易场所提供者提供的标价模板不符合本规定的，由县级以上市场监督管理部门责令改正，可以处一万元以下罚款。", True),
    ("经营者应当按照本规定的要求明码标价。", False),
    ("对违反本规定第九条，未经登记养犬的，由公安机关没收其犬，对个人处2000元罚款。", True),
    ("有下列行为之一的，由公安机关予以警告，并可对个人处500元以下罚款：\n（一）携犬进入市场的；\n（二）不束犬链的。",
     True),
    ("本市行政区域内的机关、团体、企业事业单位和个人，均应当遵守本规定。", True),  # whom it binds
    ("（适用范围）本市行政区域内电动自行车的停放、充电安全管理活动，适用本办法。", True),
    ("本市行政区域内危险废物的管理，适用本办法。\n法律、法规对危险废物管理另有规定的，从其规定。", True),
    ("在中华人民共和国领域内从事人工影响天气活动，应当遵守本条例。", True),
    ("处理依法提起的其他投诉的，可以参照本办法执行。", True),
    ("（部门职责）消防救援机构负责监督管理，依法查处消防违法行为。", False),  # its name gives no role
    ("（物业服务人未履行职责的处理）物业服务人违反本办法第七条规定的，由住房和城乡建设主管部门责令改正。", True),
    # …its subject before a comma; officials' sanctions of other words; the remedy against a penalty
    ("履行公共服务职能的企业事业单位、社会组织及其工作人员，违反本规定，推诿、拒绝接受使用社会保障卡的，"
     "由有关部门责令改正。", True),
    ("国家机关工作人员在服务管理工作中不履行或者不正确履行职责的，对负有责任的领导人员依法给予处分。", True),
    ("县级以上人民政府相关主管部门有下列行为之一的，对其直接负责的主管人员和其他直接责任人员给予通报批评：\n"
     "（一）未履行日常监督检查职责的；", True),
    ("当事人对行政处罚决定不服的，可以依法申请行政复议或者向人民法院起诉。", True),
    ("县级以上人民政府相关主管部门应当履行监督检查职责。", False),
])
def test_articles_of_validity_and_scope_frame_a_regulation(article: str, frames: bool) -> None:
    text = f"第一条 省工业和信息化厅负责专家库的建设。\n第二条 {article}\n"
    assert ("第二条" not in [t[1] for t in _tasks(text)]) == frames


def test_scope_article_under_a_chapter_is_a_rule() -> None:
    text = ("第一章 总则\n第一条 为支持企业上云，制定本办法。\n第二章 支持对象\n"
            "第二条 本办法适用于在本市注册、具有独立法人资格的企业。\n第三条 企业上云给予补贴。\n")
    assert [t[1] for t in _tasks(text)] == ["第二条", "第三条"]


def test_applicant_parts_of_a_call_give_no_tasks_but_a_regulations_chapter_does() -> None:
    call = ("一、支持方向\n（一）研发大模型。\n（二）建设数据集。\n二、申报条件\n（一）在本省注册的企业。\n"
            "（二）近三年无失信记录。\n三、申请要求\n（一）限项申请规定\n1.每人限报1项。\n2.不得重复申请。\n"
            "（二）申请程序\n1.在线填报。\n2.单位审核后提交。\n")
    assert [t[0] for t in _tasks(call)] == ["1.1", "1.2", "3.2.1", "3.2.2"]
    regulation = ("第一章 总则\n第一条 为规范管理，制定本办法。\n第二章 申报条件\n第二条 申报园区应具备下列条件：\n"
                  "（一）入驻企业20家以上；\n（二）有运营机构。\n第三章 申报程序\n第三条 市主管部门组织初审。\n"
                  "第四条 省主管部门组织评审认定。\n第四章 监督管理\n第五条 省主管部门定期复核。\n")
    assert [t[1] for t in _tasks(regulation)] == ["第二条", "第三条", "第四条"]


def test_decimal_items_three_and_four_levels_deep() -> None:
    text = ("2.4 算法研究资料\n2.4.1 算法基本信息\n提供算法信息。\n2.4.2 数据收集\n"
            "2.4.2.1 提供数据来源合规性声明。\n2.4.2.2 数据采集\n提供采集规范。\n2.4.3 算法训练\n提供训练资料。\n")
    assert [(t.id, t.number) for t in _run(text).tasks] == [
        ("2.4.1", "2.4.1"), ("2.4.2.1", "2.4.2.1"), ("2.4.2.2", "2.4.2.2"), ("2.4.3", "2.4.3")]


def test_a_card_of_fields_is_one_task_and_its_labels_make_the_letter_no_tasks() -> None:
    card = ("（一）试点单位。\n北京工业大学。\n（二）试点指导单位。\n交通运输部运输服务司牵头，科技司配合。\n"
            "（三）试点内容。\n研究城市交通技术。\n（四）预期成果。\n通过1～2年时间，取得新进展。\n")
    text = ("北京工业大学：\n一、原则同意在城市交通领域开展试点。\n二、加强组织领导。\n三、每年报送总结。\n交通运输部\n"
            "2022年9月20日\n\n交通强国建设试点任务要点\n"
            f"一、城市公共交通智能化技术研究\n{card}二、城市交通数字化人才培养\n{card}"
            "三、城市低碳出行技术研究\n" + card)
    assert [(t.number, t.heading) for t in _run(text).tasks] == [
        ("一、", "城市公共交通智能化技术研究"), ("二、", "城市交通数字化人才培养"), ("三、", "城市低碳出行技术研究")]


def test_a_list_whose_first_number_was_lost_gets_its_first_unit_back() -> None:
    text = ("一、总体要求\n坚持创新。\n二、重点任务\n实施企业培育工程。围绕产业链。\n1.培育领军企业。支持建设。\n"
            "2.引进创新企业。积极引进。\n（二）实施场景赋能工程。以场景为牵引。\n3.加快产品研发。\n"
            "（三）实施平台提升工程。\n4.加强协同创新。\n（四）实施生态优化工程。\n5.强化人才培养。\n")
    notice = _run(text)
    assert [(t.id, t.number) for t in notice.tasks] == [
        ("2.1.1", "1."), ("2.1.2", "2."), ("2.2.3", "3."), ("2.3.4", "4."), ("2.4.5", "5.")]
    first = notice.outline[1].children[0]
    assert (first.number, first.heading) == ("", "实施企业培育工程")  # unnumbered: nothing printed


def test_a_first_number_run_on_into_a_line_is_found_where_it_stands() -> None:
    text = ("一、总体要求\n坚持创新。\n二、重点任务\n需制定的关键标准1. 水泥领域\n制定的标准包括：\n"
            "（1）智能装备。\n（2）智能工厂。\n2. 玻璃领域\n（1）智能装备。\n（2）智能工厂。\n"
            "3. 陶瓷领域\n（1）智能装备。\n4. 石材领域\n（1）智能装备。\n")
    tasks = _run(text).tasks
    assert [t.id for t in tasks] == ["2.1.1", "2.1.2", "2.2.1", "2.2.2", "2.3.1", "2.4.1"]
    assert tasks[0].parents[-1].number == "1."


def test_a_two_without_a_three_and_four_opens_nothing() -> None:
    text = "一、重点任务\n推进建设。\n（二）见上文所述。\n1.培育企业。\n2.引进企业。\n"
    assert [t.id for t in _run(text).tasks] == ["1.1", "1.2"]


@pytest.mark.parametrize("title", ["专栏一 智慧养老产品供给工程", "专栏1：重点突破的技术领域", "专栏 2 前瞻性技术"])
def test_the_items_of_a_box_are_no_units(title: str) -> None:
    text = ("一、总体要求\n坚持创新。\n二、重点任务\n（一）推进产品供给。发展智能产品。\n" + title + "\n"
            "1.健康管理类智能产品。重点发展可穿戴设备。\n2.康复辅助器具类智能产品。重点发展外骨骼机器人。\n"
            "（二）推进平台提质。建设平台。\n1.建设数据平台。\n2.建设服务平台。\n")
    tasks = [t.id for t in _run(text).tasks]
    assert tasks[0] == "2.1"  # the box's 1. and 2. are text of （一）
    assert tasks[1:] == ["2.2.1", "2.2.2"]  # the items after the box are units again


PREAMBLE_PART = """\
一、加快推进创新型省份建设
（一）基础与优势。全省研发经费支出达到1200亿元。
（二）面临形势。新一轮科技革命加速演进。
（三）指导思想。以创新驱动发展战略为引领。
（四）发展目标。到2020年，研发投入强度达到2.6%。
（五）总体部署。围绕三大任务统筹布局。
二、全面提升科技创新能力
（一）增强源头创新能力。建设一批重点实验室。
（二）提高企业技术创新能力。培育高新技术企业。
"""

MEASURES_WITH_A_GOAL = """\
一、推进数据共享
（一）目标。到2025年实现共享。
（二）建设共享平台。建成省级平台。
（三）编制资源目录。各地编制目录。
二、加强数据安全
（一）目标。到2025年建成体系。
（二）开展风险评估。每年评估一次。
"""


@pytest.mark.parametrize(("text", "expected"), [
    # units without a role word among framing siblings (situation, thought, goals) frame too
    (PREAMBLE_PART, ["2.1", "2.2"]),
    # one framing unit among measures leaves them measures
    (MEASURES_WITH_A_GOAL, ["1.2", "1.3", "2.2"]),
])
def test_units_among_framing_siblings_frame(text: str, expected: list[str]) -> None:
    assert [t[0] for t in _tasks(text)] == expected


def test_a_notices_definition_is_no_measure() -> None:
    text = ("一、本通知所称移动智能终端是指接入公众移动通信网络的终端产品。\n"
            "二、生产企业应当加强预置软件管理。\n三、本通知所称预置软件是指出厂前安装的软件。"
            "生产企业不得预置未经审查的软件。\n")
    assert [t[1] for t in _tasks(text)] == ["二、", "三、"]  # a rule after a definition stays


def test_an_articles_heading_is_its_first_sentence_however_its_lines_wrap() -> None:
    text = ("第一条 道路测试主体是指提出智能网联汽车道路测试申\n请、组织道路测试的单位，应符合下列条件：\n"
            "（一）在境内登记注册；\n（二）具备相关能力。\n"
            "第二条 如需增加配置相同的示范应用车辆数量，示范\n应用主体应进行说明。\n")
    assert [t[2] for t in _tasks(text)] == [
        "道路测试主体是指提出智能网联汽车道路测试申请、组织道路测试的单位，应符合下列条件：",
        "如需增加配置相同的示范应用车辆数量，示范应用主体应进行说明"]


POINTING_COVER = """\
各省、自治区、直辖市工业和信息化主管部门：
为推进智能制造，现将有关事项通知如下：
一、试点内容
遴选一批优秀场景，建设一批示范工厂。《智能制造试点实施方案》详见附件1。
二、推荐条件
（一）申报主体为境内注册的独立法人企业。
（二）申报主体近三年未发生重大安全事故。
三、组织实施
（一）各地主管部门组织推荐。
（二）工业和信息化部组织遴选。
附件：1.智能制造试点实施方案
2.申报书
工业和信息化部办公厅
2022年9月23日
附件1
智能制造试点实施方案
一、总体目标
到2025年，建设100个示范工厂。
二、重点工作
（一）遴选典型场景。围绕工厂建设、研发设计、生产作业、质量管控、设备管理、仓储物流等环节，梳理一批
智能制造典型场景，形成场景清单，引导企业对标建设，推动先进技术和解决方案在行业内推广应用。
（二）开展试点示范。以揭榜挂帅方式建设一批智能制造示范工厂，打造智能制造标杆，带动产业链上下游
企业协同推进智能化改造，形成可复制、可推广的经验做法，并在全国范围内宣传推广。
附件2
申报书
一、申报主体基本信息
单位名称、地址、联系人等基本情况，按表格如实填写，不得遗漏。
二、申报主体意见
申报主体对申报材料的真实性负责，加盖公章后报送。
1.模式创新（环节名）
2.……
"""


def test_a_cover_that_points_to_its_plan_takes_the_plans_tasks() -> None:
    assert [t[0] for t in _tasks(POINTING_COVER)] == ["A1.2.1", "A1.2.2"]


EXCERPT = """\
2020年政府工作报告责任分工-市交通运输局
28.加快农村公路提档升级，完成通户道路硬化任务。
牵头单位：市交通运输局
配合单位：市农业农村局、市财政局。
34.开工建设机场航站楼改扩建工程，增开国际国内航线。
牵头单位：市交通运输局
实施单位：临沂国际机场集团
35.规划建设高铁网，推动高铁二通道开工建设。
牵头单位：市交通运输局
38.打造中心城区至县城的主干网络。
牵头单位：市交通运输局
配合单位：市自然资源和规划局、市住建局
"""


def test_an_excerpt_of_a_longer_list_keeps_its_numbers() -> None:
    """A department's share of a numbered list (28. 34. 35. 38., each labelled): its units, in
    their own numbers, and the last one's label lines are no closing block."""
    assert [(n, h) for _, n, h in _tasks(EXCERPT)] == [
        ("28.", "加快农村公路提档升级，完成通户道路硬化任务"),
        ("34.", "开工建设机场航站楼改扩建工程，增开国际国内航线"),
        ("35.", "规划建设高铁网，推动高铁二通道开工建设"), ("38.", "打造中心城区至县城的主干网络")]
    last = _run(EXCERPT).tasks[-1]
    assert EXCERPT.rstrip().endswith(EXCERPT[last.span[0]:last.span[1]].rstrip()[-10:])


def test_unlabelled_numbers_past_one_are_no_excerpt() -> None:
    text = "前言。\n28.加快农村公路提档升级。\n34.开工建设机场。\n35.规划建设高铁网。\n"
    assert _tasks(text) == []


def test_a_notice_whose_parts_all_name_goals_is_a_list_of_work_targets() -> None:
    text = ("一、绿色发展目标\n1.完成植树造林0.74万亩。\n2.建设2个省级森林乡村。\n"
            "二、资源管理目标\n3.落实天然林管护主体责任。\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2.", "3."]
    plan = "一、发展目标\n1.到2025年建成平台。\n2.培育企业10家。\n二、重点任务\n1.建设平台。\n2.培育企业。\n"
    assert [h for _, _, h in _tasks(plan)] == ["建设平台", "培育企业"]  # goals beside tasks: no tasks


def test_a_run_on_regulation_whose_first_article_was_cut() -> None:
    text = ("（2019年9月28日修订）条 根据有关法律，制定本办法。第二条 各级人民政府应当加强领导。"
            "第三条 科学技术主管部门负责管理。第四条 有关部门应当采取措施。\n")
    assert [n for _, n, _ in _tasks(text)] == ["第二条", "第三条", "第四条"]


def test_run_on_items_after_their_labels() -> None:
    text = ("一、持续减少审批事项\n1.深化商事制度改革。(1)全面落实改革。按照原则整合证照。(市工商质监局牵头负责)"
            "(2)完善企业登记全程电子化。统一规范企业登记。(市工商质监局牵头负责)(3)推进企业名称登记改革。"
            "全面开放名称库。(市工商质监局牵头负责)\n")
    assert [h for _, _, h in _tasks(text)] == ["全面落实改革", "完善企业登记全程电子化", "推进企业名称登记改革"]


def test_a_page_of_a_longer_notice_starts_at_its_part_four() -> None:
    """Page 2 of a notice: the items of an unprinted 三、, then 四、五、六、 (confirmed by the next
    two): its parts are units from the first one printed."""
    text = ("（一）严厉查处非法营运的外地出租车。\n以上工作由市交通局负责。\n"
            "四、改造交通瓶颈，提高道路通行能力\n对14处交通瓶颈进行规划改造。\n"
            "五、打通小区微循环\n（一）取消部分小区道路设卡收费。\n（二）进行微循环改造。\n"
            "六、改进公交管理\n（一）合理调整公交线路。\n（二）科学设置公交站点。\n")
    assert [n for _, n, _ in _tasks(text)][-5:] == ["四、", "（一）", "（二）", "（一）", "（二）"]
    assert "四、" not in [n for _, n, _ in _tasks(text.replace("六、", "八、"))]  # 四 五 八: not confirmed


def test_parts_printed_without_numbers_give_their_units_their_roles() -> None:
    """A plan whose parts are heading lines without numbers (总体要求 / 重点整治内容 / 工作安排 /
    工作要求): the units under a safeguard or framing heading are no tasks."""
    text = ("总体要求\n认真贯彻落实工作部署，开展专项整治。\n重点整治内容\n"
            "1.对未落实消防安全责任制的，责令整改。\n2.对违规存放气瓶的，依法查处。\n"
            "工作要求\n(一)提高政治站位。深刻认识整治工作的重要性。\n(二)压实工作责任。成立工作专班。\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2."]
    numbered = "一、主要任务\n1.建设平台。\n2.培育企业。\n" + "工作要求\n落实责任。\n保障措施\n加强领导。\n"
    assert [n for _, n, _ in _tasks(numbered)] == ["1.", "2."]  # numbered parts: their own roles
    split = "1.2\n总体目标\n1.2.1 近期目标\n到2025年建成平台。\n1.3\n指导思想\n坚持创新。\n"
    assert bare_parts(split, 0, len(split)) == []  # a heading under its number on the line above


def test_a_number_alone_on_its_line_takes_its_heading_from_the_next() -> None:
    """A PDF's text puts 三、 or 1. on a line of its own, the heading on the line below."""
    text = ("二、基本原则\n坚持深化改革。\n三、\n推动新能源上网电价全面由市场形成\n"
            "（一）推动新能源上网电量参与市场交易。\n上网电量全部进入电力市场。\n"
            "（二）建立健全现货市场交易机制。\n建立电力现货市场。\n"
            "四、建立健全制度机制\n（三）存量项目机制电量。\n1.\n机制电量\n按优先电量规模确定。\n"
            "2.\n机制电价\n按现行价格政策执行。\n")
    assert [(n, h) for _, n, h in _tasks(text)] == [
        ("（一）", "推动新能源上网电量参与市场交易"), ("（二）", "建立健全现货市场交易机制"),
        ("1.", "机制电量"), ("2.", "机制电价")]


def test_a_page_written_on_one_line_keeps_each_parts_first_item() -> None:
    """A crawled page whose paragraphs run together: …。四、工作措施（一）开展…。（二）… — the part's
    heading and its first item share the part's run-on line."""
    text = ("一、工作原则（一）坚持预防为主原则。把防控重点放在预防。（二）坚持综合防控原则。建立机制。"
            "二、工作措施（一）开展视力监测筛查行动。各学校建立档案。（二）开展试点学校建设行动。分阶段推进。"
            "（三）开展健康副校长行动。选派医生。三、保障机制（一）构建工作体系。成立领导小组。\n")
    assert [(n, h) for _, n, h in _tasks(text)] == [
        ("（一）", "开展视力监测筛查行动"), ("（二）", "开展试点学校建设行动"), ("（三）", "开展健康副校长行动")]


def test_items_in_tortoise_brackets_run_on_after_their_part() -> None:
    """〔一〕 items run on after their part's heading and after sentences, like （一）."""
    text = ("一、打造乡村文化振兴样板 〔一〕针对平均用力问题，突出重点打造。紧紧围绕片区建设。"
            "〔二〕针对利用率不高问题，突出效能提升。抓好文化站改造。"
            "二、抓好文化市场管理〔一〕落实好意识形态工作责任，持续深化扫黄打非工作。加强巡查。\n")
    assert [n for _, n, _ in _tasks(text)] == ["〔一〕", "〔二〕", "〔一〕"]


def test_a_numbered_list_run_on_into_one_line() -> None:
    """A table flattened onto one line: each item's number straight after the cell before it, each
    item a sentence — three or more going up one by one are units; a list of phrases is not."""
    text = ("附件 主要任务分解表工作任务工作要求牵头单位责任单位一、加强信息公开1.增强政策制定实施的透明度，"
            "提振市场主体信心。 区直各有关单位2.加大帮扶政策的公开力度，促进稳就业。 区直各有关单位"
            "3.建立审批问题的办理和反馈机制，推动优化投资环境。区经济发展局区直各有关单位"
            "4.持续推进执法信息公开工作，营造公平竞争的市场环境。 区直各有关单位\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2.", "3.", "4."]
    from pipeline.stages.outline.numbering import _sentence_chain

    phrases = ("加强平台建设，推进数据归集1.共享交换2.开放利用3.安全保障4.等各项工作，"
               "确保取得实效，全面提升治理能力和服务水平。")
    assert _sentence_chain(phrases, 0, len(phrases)) == []  # no sentence ends inside its items


def test_items_numbered_on_through_their_parents_on_one_line() -> None:
    """（一）…。 1.…。 2.…。 （二）…。 3.…: each item after a sentence end, its number the next of its
    style though its parent changed."""
    text = ("一、加强信用标准体系建设 （一）加强信用相关制度建设。 1.实施信用信息采集制度。推进行业制度建设。"
            "（责任单位：区经济发展局） 2.建立信用信息分类管理制度。制定信用信息目录。（责任单位：区经济发展局）"
            " （二）建立健全信用标准体系。 3.加快信用信息标准体系建设。统一采集标准。（责任单位：区市场监督管理局）"
            " 4.建立统一的社会信用代码制度。广泛使用统一代码。（责任单位：区公安局）\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2.", "3.", "4."]


def test_a_duties_part_of_labelled_measures_gives_tasks() -> None:
    """五、职责分工 whose units are measures each closed by its 责任单位： field (a page on one line):
    tasks; one whose units each open with a body is a safeguard."""
    text = ("一、指导思想坚持以新时代思想为指导，深入开展打击整治专项行动。"
            "二、职责分工（一）加强隐患排查。各责任处室立即部署摸排。责任单位：政法综治处"
            "（二）及时核查线索。专项办接收到线索后转办核查。责任单位：社会事业处"
            "（三）推动建章立制。完善行业监管机制。责任单位：资源生态处\n")
    assert [n for _, n, _ in _tasks(text)] == ["（一）", "（二）", "（三）"]
    duties = ("一、主要任务\n（一）建设海绵设施。推进改造。\n二、职责分工\n（一）区建管委负责统筹推进。\n"
              "（二）区财政局负责资金保障。\n（三）区生态环境局负责水质监测。\n")
    assert [n for _, n, _ in _tasks(duties)] == ["（一）"]


def test_a_division_of_tasks_written_as_one_paragraph_gives_none() -> None:
    """二、任务分工 as one paragraph of who does what, before 三、主要任务 lists the tasks: no task."""
    text = ("一、总体要求\n坚持安全发展。\n二、任务分工\n国务院安委会统筹做好组织推动。各省级安委会负责制定"
            "并实施辖区的行动方案。\n三、主要任务\n（一）开展安全教育培训行动。\n1.开展主要负责人培训。\n"
            "2.总结专项排查整治行动。\n四、保障措施\n（一）加强组织领导。\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2."]
    alone = "一、任务分工\n国务院安委会统筹做好组织推动。各省级安委会负责制定并实施辖区的行动方案。\n"
    assert [n for _, n, _ in _tasks(alone)] == ["一、"]


def test_a_second_notice_in_the_same_text_is_not_outlined() -> None:
    """A PDF's text holding two notices: the second's title, its own 发文字号 and its 主送 line after
    the first's date; its units are not the first's tasks, and the run says so."""
    first = ("关于加强首诊和转诊服务的通知\n（国卫办医政发〔2024〕21号）\n各省卫生健康委：\n"
             "一、总体目标\n建立转诊制度。\n二、重点任务\n（一）加强上下联动。推进转诊。\n（二）促进下转。做好衔接。\n"
             "国家卫生健康委办公厅\n2024年10月28日\n")
    second = ("关于印发医疗机构检查检验结果互认管理办法的通知\n（国卫医发〔2022〕6号）\n各省卫生健康委：\n"
              "现印发给你们。\n国家卫生健康委\n2022年2月14日\n医疗机构检查检验结果互认管理办法\n"
              "第一章 总则\n第一条 为提高医疗资源利用率，制定本办法。\n第二条 医疗机构应当互认检查结果。\n")
    notice = _run(first + second)
    assert [t.number for t in notice.tasks] == ["（一）", "（二）"]
    assert any("another notice" in w for w in notice.quality.warnings)
    # a notice this one forwards (批转《…的通知》): its substance, outlined
    forwarded = ("关于批转《关于加强下立交防汛管理工作的通知》的通知\n各镇人民政府：\n现批转给你们，请按照执行。\n"
                 "嘉定区人民政府\n2014年6月28日\n关于加强下立交防汛管理工作的通知\n（嘉建交〔2014〕55号）\n"
                 "各镇人民政府：\n一、明确管理主体\n（一）划定管理范围。加强管理。\n（二）加强联动。协同处置。\n")
    assert [t.number for t in _run(forwarded).tasks] == ["（一）", "（二）"]
    cited = forwarded.replace("现批转给你们",
                              "现将《关于加强下立交防汛管理工作的通知》（嘉建交〔2014〕55号）批转给你们")
    assert [t.number for t in _run(cited).tasks] == ["（一）", "（二）"]  # its number cited: still forwarded
    # a red header: the issuer's 文件 line and the number above a wrapped title, a wrapped 主送 line
    red = ("江西省市场监督管理局文件\n赣市监规〔2024〕3号\n江西省市场监督管理局关于印发《江西省民用计\n"
           "量器具强制检定管理办法（试行）》的通知\n各设区市、赣江新区市场监督管理局，\n省局机关各处室：\n"
           "现印发给你们。\n第一章 总则\n第一条 为规范检定，制定本办法。\n第二条 检定机构应当按期检定。\n")
    notice = _run(first + red)
    assert [t.number for t in notice.tasks] == ["（一）", "（二）"]
    # a page's 发布日期 field before the notice's own title and number: no notice before it
    page = ("**发布日期**: 2023年10月26日\n\n上海市人民政府办公厅关于印发《行动计划》的通知\n\n沪府办发〔2023〕19号\n\n"
            "各区人民政府：\n\n现将《行动计划》印发给你们。\n\n一、主要任务\n（一）建设卫星工厂。推进制造。\n"
            "（二）建设发射场。推进发射。\n（三）建设地面站。推进应用。\n")
    assert [t.number for t in _run(page).tasks] == ["（一）", "（二）", "（三）"]
    # the same notice printed again after its date (a page that shows it twice): its number again
    assert [t.number for t in _run(first + first).tasks] == ["（一）", "（二）"]
    # a letter that only cites the notice it attaches (按照《…》要求（附件1）), its date lost with its
    # seal: the attached notice after its 附件 line, its 主送 line wrapped over several lines
    letter = ("关于开展四川省电力市场秩序专项监管的通知\n各有关发电企业：\n"
              "按照《国家能源局综合司关于开展电力市场秩序专项监管的通知》要求（附件1），开展专项监管。"
              "现将有关事项通知如下：\n一、编制监管方案。请于5月23日前完成方案。\n二、深入开展自查。请于5月31日前报送。\n"
              "三、着力整改提升。建立问题台账。\n附件：1.《国家能源局综合司关于开展电力市场秩序专项监管的通知》\n"
              "海川能源监\n国家能源局综合司文件\n国能综通监管〔2025〕58号\n国家能源局综合司关于开展电力\n"
              "市场秩序专项监管的通知\n各派出机构，国家电网有限公司、中国南方电网有限责任公司、\n"
              "中国华能集团有限公司、中国大唐集团有限公司、\n北京、广州电力交易中心：\n"
              "一、监管内容\n（一）市场运营机构运行情况。\n（二）市场公平竞争情况。\n国家能源局综合司\n2025年4月1日\n")
    assert [t.number for t in _run(letter).tasks] == ["一、", "二、", "三、"]


def test_a_list_attached_after_the_signature_gives_no_tasks() -> None:
    """A checklist of what inspections found, after the signature without an 附件 line: no measures;
    a task list so attached is read as before."""
    body = ("一、开展自查自纠\n各区要组织排查。完成整改。落实责任。\n二、推动科技赋能\n各区要推广物联网系统。\n"
            "上海市民政局\n2024年8月6日\n")
    checklist = ("本市养老机构消防安全典型问题清单\n1.救援和避难设施：\n1.未设置避难间；\n2.未设置消防电梯；\n"
                 "2.消防水系统：\n1.未设置室内消火栓；\n")
    assert [t.number for t in _run(body + checklist).tasks] == ["一、", "二、"]


def test_a_group_opened_after_a_label_keeps_its_first_item() -> None:
    """…责任单位：各区属国企（四）体制机制提升8.厘清政企关系。… — the group after an unbracketed label,
    its first item run on after its heading, numbered on from the group before."""
    text = ("一、主要任务（一）资产效益提升1.加快可盘活资产变现。推进盘活。责任单位：区国资局"
            "2.充实国有企业资本金。加大注资。责任单位：区财金局，各区属国企（二）体制机制提升"
            "3. 厘清政企关系。推动政企分开。责任单位：各区属国企，区财金局4.实现两个归位。加快监管模式创新。"
            "责任单位：区国资局\n")
    assert [n for _, n, _ in _tasks(text)] == ["1.", "2.", "3.", "4."]


COVER_AND_PLAN = """\
关于印发《某省重点行业节能降碳改造行动方案》的通知
各地级以上市发展改革局：
现将《某省重点行业节能降碳改造行动方案》印发给你们，并提出以下工作要求，请一并抓好落实。
一、各地各部门要强化属地责任，制定本地区重点行业节能降碳改造方案，细化工作举措，加强日常调度，确保各项任务取得实效。
二、重点行业企业是实施节能降碳改造的责任主体，要围绕改造目标任务，梳理查摆突出问题，细化改造内容、实施路径和时限安排。
附件：某省重点行业节能降碳改造行动方案
某省发展改革委
2026年9月7日
附件
某省重点行业节能降碳改造行动方案
一、总体要求
坚持稳中求进，推进重点行业节能降碳改造。
二、重点任务
（一）钢铁行业。推动高炉、转炉等重点工序节能降碳改造。
（二）水泥行业。推动水泥熟料生产等重点工序节能降碳改造。
三、保障措施
（一）强化财政资金支持。统筹用好专项资金。（省财政厅、省发展改革委按职责分工负责）
（二）完善价格引导调节。实行差别化电价政策。（省发展改革委负责）
（三）加强碳排放置换管理。核定碳排放置换源。（省生态环境厅负责）
"""


def test_a_cover_letters_own_points_and_its_plans_named_tasks() -> None:
    """The cover letter's points (a paragraph each: 实施路径 deep inside one names no part) and the
    plan's 重点任务; the plan's labelled safeguards do not make its unlabelled tasks hold none."""
    assert [t[0] for t in _tasks(COVER_AND_PLAN)] == ["1", "2", "A1.2.1", "A1.2.2"]


def test_a_saved_pages_footer_after_the_signature_is_no_part_of_the_last_task() -> None:
    text = ("关于完善电力交易价格机制的通知\n各市发展改革委：\n现将有关事项通知如下。\n"
            "一、优化中长期价格形成机制。全面建立灵活价格机制。\n"
            "二、中长期价格与现货价格挂钩联动。合同电量的60%执行灵活价格。上述价格机制自2026年起执行。\n"
            "湖南省发展和改革委员会\n2025年12月31日\n![](https://fgw.hunan.gov.cn/img/W020.jpg)\n"
            "信息来源：价调处\n## 友情链接：\n湖南省教育厅\n湖南省科技厅\n主办单位：湖南省发展和改革委员会\n")
    last = _run(text).tasks[-1]
    assert last.text.rstrip().endswith("上述价格机制自2026年起执行。")


def test_a_regulation_on_supervision_rules_it_in_chapters_named_by_it() -> None:
    """特种设备安全监督检查办法's 第二章 监督检查分类 is its subject, no safeguard; a 管理办法's
    第三章 监督检查 is one."""
    body = ("第一章 总则\n第一条 为了规范监督检查工作，制定本办法。\n第二章 监督检查分类\n"
            "第二条 市场监督管理部门依照年度计划开展常规监督检查。\n第三条 市级市场监督管理部门负责制定检查计划。\n")
    assert [t[1] for t in _tasks("特种设备安全监督检查办法\n" + body)] == ["第二条", "第三条"]
    other = ("特种设备使用管理办法\n第一章 总则\n第一条 为了规范使用管理，制定本办法。\n第二章 使用管理\n"
             "第二条 使用单位应当建立安全管理制度。\n第三章 监督检查\n第三条 市场监督管理部门应当开展监督检查。\n")
    assert [t[1] for t in _tasks(other)] == ["第二条"]
    rehab = ("残疾儿童康复救助实施办法\n第一章 总则\n第一条 为了规范康复救助，制定本办法。\n第二章 康复救助内容\n"
             "第二条 康复救助包括手术、辅具配置和康复训练。\n第三章 康复救助组织实施\n"
             "第三条 各级人民政府要加强组织领导。\n")
    assert [t[1] for t in _tasks(rehab)] == ["第二条"]  # 组织实施 without the title's 康复救助: a safeguard


def test_a_notices_only_part_of_measures_named_by_its_title_is_its_subject() -> None:
    """A notice on the year's 工作要求 whose measures stand in 二、工作要求 (no other part of
    measures): its subject, not its safeguards; beside a part of tasks it is one."""
    head = "关于发布2025年本市海绵城市建设工作要求的通知\n各区建设管理委：\n现就有关要求通知如下。\n"
    text = head + ("一、工作目标\n新增建成区50平方公里。\n二、工作要求\n（一）开展建设评估工作。编制自评估报告。\n"
                   "（二）编制海绵系统方案。10月底前完成。\n")
    assert [t[1] for t in _tasks(text)] == ["（一）", "（二）"]
    beside = head + ("一、重点任务\n（一）推进重点项目建设。\n二、工作要求\n（一）加强组织领导。\n"
                     "（二）加强宣传培训。\n")
    assert [t[1] for t in _tasks(beside)] == ["（一）"]
    # the title under a saved page's metadata table, several lines above the first part
    page = ("无锡市卫生健康委员会\n首页 > 信息公开\n索引号\n01442391X/2026-00018\n发布机构\n无锡市卫生健康委员会\n"
            "无锡市卫生健康委员会关于明确2026年度全市院前医疗急救工作要求的通知\n各市（县）、区卫生健康委：\n"
            "2025年，全市急救网络持续加密。\n一、工作目标\n急救呼叫满足率达到98%以上。\n二、工作要求\n"
            "（一）优化急救站点布局。6月底前完成。\n（二）加强救护车辆配备。\n")
    assert [t[1] for t in _tasks(page)] == ["（一）", "（二）"]
    # a heading sharing only some of its words with the title is a safeguard still
    check = ("关于开展2024年度成品油零售经营企业年度监督检查工作的通知\n各设区市商务局：\n"
             "一、检查范围\n全省成品油零售经营企业。\n二、年度监督检查时间安排\n（一）企业自查。5月底前完成。\n"
             "（二）现场检查。9月底前完成。\n")
    assert [t[1] for t in _tasks(check)] == []


def test_a_part_of_goals_and_tasks_whose_measures_carry_labels_gives_them() -> None:
    """二、目标任务 over measures each with its （责任单位：…）: labelled measures, the tasks (rule 2)."""
    text = ("一、总体要求\n坚持问题导向。\n二、目标任务\n（一）种植养殖环节\n1.农药残留抽检合格率达到97%以上。"
            "（责任单位：区农发局）\n2.开展农资打假专项行动。（责任单位：区市场监管局）\n（二）食品生产环节\n"
            "3.食品生产企业监督检查全覆盖。（责任单位：区市场监管局）\n三、保障措施\n（一）加强组织领导。\n")
    assert [t[1] for t in _tasks(text)] == ["1.", "2.", "3."]
    goals = ("一、工作目标\n（一）到2025年，抽检合格率达到97%。\n（二）监督检查全覆盖。\n"
             "二、重点任务\n（一）开展专项行动。\n")
    assert [t[1] for t in _tasks(goals)] == ["（一）"]  # unlabelled goals stay goals


def test_a_part_named_as_tasks_inside_the_framing_part_is_none() -> None:
    """（四）多能互补实施路径 set out under 二、总体要求: a direction among the principles; the
    parts after it that name no role hold the measures."""
    text = ("一、总体要求\n（一）指导思想。坚持新发展理念。\n（二）多能互补实施路径。利用存量电源。\n"
            "二、推进源网荷储一体化\n（一）区域级源网荷储一体化。依托电力系统平台。\n（二）园区级源网荷储一体化。"
            "以现代综合能源服务为抓手。\n三、推进多能互补\n（一）风光储一体化。优化配套储能。\n")
    assert [t[2] for t in _tasks(text)] == ["区域级源网荷储一体化", "园区级源网荷储一体化", "风光储一体化"]
    listed = ("第一章 总体要求\n一、建设目的\n提升服务水平。\n二、建设任务\n1.建设调度平台。推进应用。\n"
              "2.建设信息服务平台。发布信息。\n第二章 系统架构\n一、业务架构\n说明业务。\n")
    assert [t[2] for t in _tasks(listed)] == ["建设调度平台", "建设信息服务平台"]  # a part of measures there


def test_an_attached_outline_to_fill_in_gives_no_tasks() -> None:
    """附件2 …申报大纲 (what an application holds): its headings are what an applicant writes."""
    text = ("关于印发绿电直连项目实施方案的通知\n各盟市能源局：\n现将实施方案印发给你们，请认真执行。\n"
            "附件：1.实施方案\n2.项目申报大纲\n自治区能源局\n2026年1月13日\n"
            "附件1\n绿电直连项目实施方案\n一、强化源荷匹配\n新能源年自发自用电量占比不低于60%，上网电量占比不超过20%。"
            "项目应按照以荷定源原则，科学确定新能源电源类型和装机规模，合理配置储能设施，提升负荷调节能力。\n"
            "二、创新建设模式\n支持民营企业等各类经营主体投资绿电直连项目，鼓励电源和负荷由同一投资主体建设，"
            "也可由不同投资主体合资建设，明确各方权利义务和安全责任，签订多年期购售电协议。项目投资主体应当"
            "依法依规办理核准备案手续，落实用地、环评等建设条件，按期建成投产。\n"
            "附件2\n绿电直连项目申报大纲\n一、申报书主要内容\n包括项目概况。\n二、投资估算及财务测算\n说明投资。\n")
    assert [t[2] for t in _tasks(text)] == ["强化源荷匹配", "创新建设模式"]


def test_a_reply_approving_its_attached_plan_takes_the_plans_measures() -> None:
    """一、原则同意《…规划》: the reply's points approve and assign; the plan's measures, under parts
    that name no tasks, are the tasks."""
    text = ("国务院关于扩大消费“十五五”规划的批复\n国家发展改革委、商务部：\n"
            "一、原则同意《扩大消费“十五五”规划》，请认真组织实施。\n二、各省人民政府要加强组织领导。\n"
            "国务院\n2026年3月1日\n附件：扩大消费“十五五”规划\n一、总体要求\n坚持扩大内需。\n"
            "二、促进服务消费提质惠民\n（一）完善生活服务消费。提升餐饮服务品质。\n（二）扩大养老消费。健全养老服务网络。\n"
            "三、推动商品消费扩容升级\n（三）促进大宗耐用商品消费。扩大汽车消费。\n四、组织实施\n加强统筹协调。\n")
    assert [t[2] for t in _tasks(text)] == ["完善生活服务消费", "扩大养老消费", "促进大宗耐用商品消费"]


PARTS_OVER_ARTICLES = """\
广州南沙新区促进科技创新产业发展扶持办法
为促进高新技术产业发展，制定本办法。
一、促进高新技术企业发展
第一条 对新落户本区的国家高新技术企业，每家给予50万元落户奖励。
第二条 对本区新认定的国家高新技术企业，每家给予30万元奖励。
二、支持产业创新能力提升
第三条 对有关政府部门认定的创新平台给予资助：
(一)国家级的给予500万元资助；
(二)省级的给予200万元资助。
第四条 区政府每年安排科技专项资金。
三、鼓励专利创造与运用，促进科技成果转化
第五条 对专利申请授权进行资助。
"""


def test_parts_headed_over_articles_numbered_on_are_chapters() -> None:
    """一、…三、 each a heading line right above an article: the articles nest under them (not the
    headings under the article before), and each article with its items is one task."""
    assert [t[0] for t in _tasks(PARTS_OVER_ARTICLES)] == ["1.1", "1.2", "2.3", "2.4", "3.5"]


LAST_PART_OF_SAFEGUARDS = """\
一、总体要求
坚持创新驱动。
二、支持低轨卫星互联网加快发展
（一）支持开展业务。推动卫星互联网建设。
（二）支持终端直连。开展试点。
三、提升协同推进合力
（三）加强组织协调。建立部门协同机制。
（四）加强资金保障。统筹用好各类资金。
（五）加强宣传推广。总结推广典型经验。
（六）加强国际合作。参与国际规则制定。
"""


def test_a_last_part_whose_units_are_mostly_safeguards_is_a_part_of_safeguards() -> None:
    """三、提升协同推进合力 names no role, but three of its four units are safeguards (a weak word
    counted): the part is the notice's safeguards, and 加强国际合作 goes with it."""
    assert [t[0] for t in _tasks(LAST_PART_OF_SAFEGUARDS)] == ["2.1", "2.2"]


SUPPORT_PART_THAT_BUILDS = """\
一、总体要求
坚持稳中求进。
二、加快能源结构调整优化
（一）大力推进非化石能源开发。加快建设大型风电光伏基地。
（二）深入推进煤炭消费清洁替代。严控煤炭消费。
三、强化支撑保障
（三）健全法律法规标准体系。修订节约能源法，完善能耗限额标准。
（四）完善碳排放统计核算体系。建立碳排放统计制度。
（五）强化科技支撑和人才培养。加强低碳技术攻关。
（六）健全市场化机制。完善全国碳排放权交易市场。
四、加强组织实施
（七）加强组织领导。各地区要加强领导。
（八）强化督促检查。开展评估。
（九）完善考核机制。纳入考核。
"""


def test_a_support_part_whose_units_build_systems_gives_tasks() -> None:
    """三、强化支撑保障 is named a safeguard by its word, but three of its four units build something
    (健全…标准体系, 完善…核算体系, 健全市场化机制): measures (rule 4). 四、加强组织实施 stays a safeguard
    part though one of its units opens with 完善 (part_roles.toml [builds] names the words)."""
    ids = [t[0] for t in _tasks(SUPPORT_PART_THAT_BUILDS)]
    assert ids == ["2.1", "2.2", "3.3", "3.4", "3.5", "3.6"]


def test_a_last_number_after_a_lost_one_goes_on_a_parallel_list() -> None:
    """``1. 进一步… 2. 进一步… 3. 进一步… 5. 进一步…``: the 4 lost to OCR; the 5 opens its list's
    fashion (grammar.PARALLEL_HEAD), so the list goes on; a 5 that opens otherwise does not."""
    text = ("一、工作进展\n取得成效。\n二、下步措施\n1. 进一步完善政策。制定办法。\n2. 进一步提升能力。建设中心。\n"
            "3. 进一步推进建设。开展行动。\n一步加强居家服务。推动试点。\n5. 进一步加强创新。建设平台。\n")
    assert [t.number for t in _run(text).tasks] == ["1.", "2.", "3.", "5."]
    other = text.replace("5. 进一步加强创新", "5. 加强创新")
    assert [t.number for t in _run(other).tasks] == ["1.", "2.", "3."]


def test_a_factor_part_amid_parts_of_measures_holds_measures() -> None:
    """三、强化要素保障 between parts of labelled measures supplies land and credit (part_roles.toml
    [builds] words): measures; the same part last, its units unlabelled, is a safeguard."""
    text = ("一、提升政务服务效能\n1．推行一网通办。（牵头单位：市政务服务中心）\n"
            "2．推行一件事。（牵头单位：市政务服务中心）\n"
            "二、强化要素保障\n3．推行工业用地标准地出让。（牵头单位：市自然资源局）\n"
            "4．开展银企对接活动。（牵头单位：市金融工作局）\n"
            "三、推动开放创新\n5．扩大外资准入。（牵头单位：市商务局）\n6．建设创新平台。（牵头单位：市科技局）\n")
    assert [t.number for t in _run(text).tasks] == ["1．", "2．", "3．", "4．", "5．", "6．"]
    last = ("一、重点任务\n（一）推行一网通办。（牵头单位：市政务服务中心）\n"
            "（二）推行一件事。（牵头单位：市政务服务中心）\n"
            "（三）扩大外资准入。（牵头单位：市商务局）\n二、强化要素保障\n（一）加强资金保障。\n（二）加强用地保障。\n")
    assert [t.number for t in _run(last).tasks] == ["（一）", "（二）", "（三）"]


def test_a_bare_factor_part_among_measures_gives_measures() -> None:
    """强化要素保障 printed without a number before another part of measures: its units supply land,
    credit and power — measures, not how the plan is carried out; 组织实施 after them is not."""
    text = ("若干措施\n\n支持企业创新\n\n1.支持研发机构。给予奖励。\n\n2.支持技术攻关。给予补助。\n\n强化要素保障\n\n"
            "3.加大产业用地供应。安排工业用地。\n\n4.强化金融支持。设立基金。\n\n优化发展环境\n\n5.优化涉企服务。建立制度。\n\n"
            "组织实施\n\n6.加强统筹协调。领导小组负责。\n\n7.强化督促检查。开展评估。\n")
    assert [t.heading for t in _run(text).tasks] == ["支持研发机构", "支持技术攻关", "加大产业用地供应",
                                                    "强化金融支持", "优化涉企服务"]


def test_an_attached_list_of_each_bodys_duties_gives_no_tasks() -> None:
    text = ("关于成立城市更新工作领导小组的通知\n\n各部门：\n\n一、加强组织领导\n组长：张三\n二、工作要求\n办公室设在市住房城乡建设局。\n\n"  # noqa: E501
            "附件\n\n领导小组成员单位职责\n1．市发展改革委：负责将项目纳入计划。\n2．市财政局：负责安排资金。\n"
            "3．市自然资源和规划局：负责编制规划。\n")
    assert [t.heading for t in _run(text).tasks] == []


def test_an_attached_table_labelling_each_row_is_the_tasks_beside_an_unlabelled_plan() -> None:
    """A cover letter, 附件1 a plan naming nobody, 附件2 a task list with a responsibility column."""
    text = ("关于印发充电设施建设实施方案的通知\n\n各县人民政府：\n现将方案印发给你们。\n\n附件1\n\n实施方案\n一、重点任务\n"  # noqa: E501
            "（一）加快城区建设。在中心城区新建公共充电桩，优化布局，推动快充和慢充协调发展，提升城区充电服务覆盖水平和便利程度，满足居民日常出行充电需求。\n"
            "（二）推进乡村建设。推动充电设施向乡镇和行政村延伸，在乡村旅游重点村和交通枢纽建设公共充电站，补齐县域充电短板，促进新能源汽车下乡。\n"
            "（三）提升运营服务。建设统一的充电服务平台，整合运营数据，开展安全隐患排查，落实用电价格政策，培育运营主体，提升服务质量和安全水平。\n\n附件2\n\n重点任务清单\n\n序号\t任务\t责任单位\t完成时限\n"
            "1\t编制专项规划。\t市发展改革委\t2025年6月底前\n2\t新建公共充电桩。\t市住房城乡建设局\t2025年12月底前\n"
            "3\t建设服务平台。\t市工业和信息化局\t2026年6月底前\n")
    assert [t.heading for t in _run(text).tasks] == ["编制专项规划", "新建公共充电桩", "建设服务平台"]


def test_a_field_line_may_open_with_dashes() -> None:
    from pipeline.stages.outline.roles import has_label

    assert has_label("深化医保支付方式改革。全面推进。\n——责任单位：市医保局\n")
    assert has_label("优化服务。\n—— 牵头单位：市卫生健康委；配合单位：市医保局\n")


def test_a_blank_form_names_no_field() -> None:
    """A blank form's field names (牵头单位名称) between its empty cells (runs of spaces and blank
    lines) are no labels; the same name with a colon is. (Its time, once quartic in a run of
    blank cells, is ``tests/test_growth.py``'s "blank form".)"""
    from pipeline.stages.outline.roles import has_label, label_spans

    form = "项目基本信息\n项目名称\n" + "  \u3000  \n" * 30 + "牵头单位名称\n" + "  \u3000  \n" * 30 + "单位地址\n"
    assert not has_label(form)
    assert label_spans(form) == []
    assert has_label(form.replace("牵头单位名称", "牵头单位："))


def test_named_actions_in_square_brackets_are_units() -> None:
    text = ("一、重点行动\n【专项行动1】新建建筑能效提升行动\n工作目标：全面执行新标准。\n主要举措：\n1. 修订设计标准。\n"  # noqa: E501
            "2. 推广超低能耗建筑。\n责任主体：市住房城乡建设管理委牵头\n【专项行动2】既有建筑节能改造行动\n工作目标：完成改造。\n"  # noqa: E501
            "主要举措：\n1. 建立能耗限额制度。\n2. 推进节能诊断。\n责任主体：市发展改革委牵头\n"
            "【专项行动3】可再生能源应用行动\n主要举措：\n1. 推进屋顶光伏。\n2. 推广热泵。\n责任主体：市住房城乡建设管理委\n")  # noqa: E501
    # labelled actions (责任主体：), so each action is a task, its measures its text (rule 2)
    assert [t.heading for t in _run(text).tasks] == ["新建建筑能效提升行动", "既有建筑节能改造行动", "可再生能源应用行动"]  # noqa: E501


def test_a_page_on_one_line_with_its_run_in_headings_in_bold() -> None:
    """A Markdown page whose body is one line, each heading set in bold (** 一、总体要求**)."""
    text = ("提出以下意见。 ** 一、总体要求** **（一）指导思想** 以新发展理念为引领。 **（二）总体思路** 夯实基础。 "
            "**二、夯实基础** "
            "**（三）完善电源结构。****统筹各类电源规划建设。** **（四）构建坚强电网。**加快建设主网架。 "
            "**三、保障措施** **（五）加强组织领导。**各地要落实责任。\n")
    assert [h for _, _, h in _tasks(text)] == ["完善电源结构", "构建坚强电网"]


def test_a_letter_of_goals_and_requirements_takes_its_requirements_as_measures() -> None:
    text = ("一、工作目标\n年内新增达标面积40平方公里。\n二、相关要求\n"
            "（一）开展达标评估工作。各区于3月底前完成评估。\n（二）强化示范项目建设。建设约100个示范项目。\n（三）加强宣传培训。组织专题培训。\n")
    assert [h for _, _, h in _tasks(text)] == ["开展达标评估工作", "强化示范项目建设", "加强宣传培训"]
    plan = ("一、工作目标\n完成评估。\n二、重点任务\n（一）开展评估。\n（二）建设项目。\n"
            "三、相关要求\n（一）加强领导。\n（二）做好宣传。\n")
    assert [h for _, _, h in _tasks(plan)] == ["开展评估", "建设项目"]  # tasks named: requirements stay out
    contact = "一、工作目标\n完成评估。\n二、联系方式\n（一）联系人：张三。\n（二）电话：12345。\n"
    assert _tasks(contact) == []


def test_a_regulation_crawled_into_one_line() -> None:
    """Its first chapter run on after its title, every article after a sentence end."""
    text = ("区管委会办公室2015年7月31日临时救助暂行办法第一章\u3000总 则第一条\u3000为规范临时救助，制定本办法。"
            "第二条\u3000临时救助以解决突发困难为目标。第二章 救助程序第三条 申请人向乡镇提出申请。"
            "第四条 乡镇人民政府审核后报区社会事业局审批。第三章\u3000附 则第五条 本办法自发布之日起施行。\n")
    assert [n for _, n, _ in _tasks(text)] == ["第三条", "第四条"]
    spaced = text.replace("临时救助暂行办法第一章", "临时救助暂行办法（试行） 第一章")  # after a bracket and a space
    assert [n for _, n, _ in _tasks(spaced)] == ["第三条", "第四条"]


def test_a_part_run_on_after_the_bodies_of_a_label() -> None:
    """A page crawled into one line: the label closing the last measure, then 三、保障措施 and its items."""
    text = ("二、重点任务（一）改造农村厕所。完成改造。责任处室:农业农村处、交通建设处（二）治理生活污水。建设管网。"
            "责任处室:资源生态处三、保障措施（三）加强组织领导。定期研究。（四）完善配套政策。落实用地保障。\n")
    assert [h for _, _, h in _tasks(text)] == ["改造农村厕所", "治理生活污水"]
    steps = ("一、总体要求（一）工作目标。消除隐患。二、重点任务（一）排查隐患。全面排查。"
             "责任处室：各网格三、工作安排专项行动分两个阶段。（一）动员部署（2023年6月2日前）。制定方案。（二）总结提高（2023年12月31日前）。总结成效。\n")
    first = _run(steps).tasks[0]
    assert first.heading == "排查隐患" and "工作安排" not in first.text


def test_items_run_on_after_a_heading_run_on_after_a_label() -> None:
    text = ("一、总体要求（一）工作目标。稳定增长。二、重点任务（一）稳工业。1.推动技改。加快项目建设。"
            "（责任单位：区经济发展局）2.落实政策。减轻企业负担。（责任单位：区税务局）三、促消费重点任务（一）开展促消费活动1.开展节庆活动。举办美食节。（责任单位：区商务局）"
            "2.发放消费券。联合银行投放。（责任单位：区财政局）\n")
    assert [h for _, _, h in _tasks(text)] == ["推动技改", "落实政策", "开展节庆活动", "发放消费券"]


def test_a_list_of_papers_is_one_task() -> None:
    text = ("二、主要任务\n（一）规范作业设计。按标准编制作业设计。\n"
            "（二）档案管理。各单位要完善项目档案管理。档案材料包括：1.项目立项材料；2.外业调查材料；3.验收表。\n")
    assert [h for _, _, h in _tasks(text)] == ["规范作业设计", "档案管理"]


def test_a_part_naming_the_organisation_gives_no_tasks() -> None:
    text = ("一、组织机构\n（一）组长：王某\n（二）副组长：李某\n二、活动内容\n（一）推行标准化管理。全面推行。\n"
            "（二）树立示范项目。树立典型。\n")
    assert [h for _, _, h in _tasks(text)] == ["推行标准化管理", "树立示范项目"]


def test_a_duties_item_opening_with_its_body_and_a_colon_is_headed_by_the_body() -> None:
    """（一）交通与建设局：一是…: the body the item is for is its heading, not its first sentence."""
    text = ("二、主要任务\n（一）交通与建设局：一是加强企业源头管控，督促出租车企业落实管理制度；二是开展检查。\n"
            "（二）公安局：一是打击套牌车辆。\n（三）市场监督管理局：负责消费者权益保护工作。\n"
            "（四）各街道办事处：一是落实属地管理责任。\n")
    assert [t.heading for t in _run(text).tasks] == ["交通与建设局", "公安局", "市场监督管理局", "各街道办事处"]
    plain = "二、主要任务\n（一）加强源头管控：督促企业落实管理制度。\n"  # no body before the colon
    assert [t.heading for t in _run(plain).tasks] == ["加强源头管控：督促企业落实管理制度"]


def test_a_stage_run_into_its_text_after_its_dated_bracket_is_headed_with_the_bracket() -> None:
    """（一）前期准备（2016年6月）乡镇人民政府…: the stage and its dates, as a stage's own line gives them."""
    text = ("三、实施步骤\n（一）前期准备（2016年6月）乡镇人民政府按照本方案制定具体实施方案。"
            "（二）全面清理关闭（2016年9月-10月）逾期未完成的项目，由乡镇牵头关闭。\n")
    assert [t.heading for t in _run(text).tasks] == ["前期准备（2016年6月）", "全面清理关闭（2016年9月-10月）"]


def test_a_list_of_the_chapters_before_them_gives_no_tasks() -> None:
    """A regulation printing its chapters' headings as a list before the chapters: no measures."""
    text = ("## 第一章 总 则\n\n## 第二章 门楼号的编制\n\n## 第三章 附 则\n\n## 第一章 总 则\n\n"
            "第一条 为了加强门楼号牌管理，制定本条例。\n\n## 第二章 门楼号的编制\n\n"
            "第二条 公安机关负责门楼号的编制。\n\n第三条 门楼号应当按照规则编制。\n\n## 第三章 附 则\n\n"
            "第四条 本条例自2020年1月1日起施行。\n")
    assert [t[1] for t in _tasks(text)] == ["第二条", "第三条"]


def test_a_last_part_of_talent_policy_and_coordination_units_is_the_safeguards() -> None:
    """七、营造良好发展环境 whose units are 加强科技引领, 加强人才保障, 加大政策支持, 强化统筹推进: the plan's
    safeguards by its units; such a unit among measures stays a measure."""
    text = ("一、推进数字基础设施建设\n1.建设算力中心。到2026年建成3个。\n2.推进5G网络覆盖。\n"
            "二、营造良好发展环境\n3.加强科技引领。支持企业研发。\n4.加强人才保障。引进高端人才。\n"
            "5.加大政策支持。落实税收优惠。\n6.强化统筹推进。建立工作专班。\n")
    assert [t[1] for t in _tasks(text)] == ["1.", "2."]
    among = ("一、推进数字基础设施建设\n1.建设算力中心。\n2.加大政策支持。落实税收优惠。\n3.推进5G网络覆盖。\n"
             "二、保障措施\n4.加强组织领导。\n")
    assert [t[1] for t in _tasks(among)] == ["1.", "2.", "3."]


def test_an_article_named_in_ascii_square_brackets_takes_the_name_as_heading() -> None:
    """**第十一条** [注册要求]属于工商业用电类别…: the article's name, as 【】 and （） names are; a
    Markdown link's text is no name."""
    text = ("第一章 总 则\n**第一条** 为规范零售市场，制定本办法。\n第二章 市场成员\n"
            "**第二条** [注册要求]属于工商业用电类别，且具有法人资格。\n"
            "**第三条** [交易资格]电力用户进入市场采用注册制。\n"
            "**第四条** [办事指南](https://example.gov.cn/a.html)载明的材料应当齐全。\n")
    assert [t.heading for t in _run(text).tasks] == ["注册要求", "交易资格",
                                                    "[办事指南](https://example.gov.cn/a.html)载明的材料应当齐全"]


def test_a_closing_chapter_heading_printed_without_its_number_closes_the_measures() -> None:
    # 法律责任 on a line of its own between a chapter's articles: the articles below it are penalties
    text = ("## 第一章 总 则\n\n第一条 为了规范急救，制定本条例。\n\n## 第二章 院前急救\n\n"
            "第二条 卫生健康行政主管部门负责院前急救的监督管理。\n\n第三条 急救中心应当建立调度制度。\n\n"
            "法律责任\n\n第四条 急救中心违反本条例第三条规定的，由卫生健康行政主管部门责令改正。\n\n"
            "第五条 有关单位违反本条例规定，由有关部门依法处理。\n\n## 第三章 附 则\n\n"
            "第六条 本条例自2020年1月1日起施行。\n")
    assert [t[1] for t in _tasks(text)] == ["第二条", "第三条"]


# The lookbehind-first forms of the inline number patterns (numbering.py), the reference their
# number-first forms must find the same positions as.

_OLD_RUN_ON = re.compile(rf"(?<=[{CJK}，,])(?=\d{{1,3}}[.．、][{CJK}][^。；;\n]{{1,19}}。)"
                         rf"|(?<=[{CJK}])(?=[一二三四五六七八九十]{{1,3}}、[{CJK}][^。；;：:\n]{{1,34}}$)",
                         re.MULTILINE)
_OLD_RUN_ON_HEADING = re.compile(
    rf"(?<=[{CJK}）)])[ \t\u3000]?(?=第[一二三四五六七八九十]{{1,3}}章[ \t\u3000])"
    rf"|(?<=[{CJK}])[ \t\u3000]?(?=[一二三四五六七八九十]{{1,3}}、[{CJK}]"
    rf"[^。；;：:，,\n（( \t\u3000]{{1,20}}[ \t\u3000]?[（(][一二三四五六七八九十]{{1,3}}[）)])")
_OLD_CHAINED = re.compile(rf"(?:(?<=[{CJK}）)])|(?<=[{CJK}）)][ \t\u3000]))(\d{{1,3}})[.．]"
                          rf"(?=[{CJK}])")
# pieces that run into the numbers those patterns look for (a number after a character, a space or
# a comma; a heading, a chapter, a sub-item's number), and single characters that break them
_INLINE_ALPHABET = st.sampled_from([
    *"设，,。；：、.．（）() \u3000\n1２三十", "建设", "加强工作", "1.", "12．", "3、", "三、", "二十、", "第一章 ",
    "第十二章\u3000", "第二章", "总则", "（一）", "(二)", "工作安排", "提升能力。", "三、工作安排（一）",
    "二、保障措施 (二)"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_INLINE_ALPHABET, max_size=40).map("".join), st.integers(0, 3), st.integers(0, 4))
def test_inline_number_patterns_find_what_their_lookbehind_first_forms_find(
        text: str, first: int, cut: int) -> None:
    from pipeline.stages.outline.numbering import _CHAINED, _RUN_ON, _RUN_ON_HEADING

    # a line's scan starts after its first visible character: no space stands just before it (one
    # there, read by the old forms' optional space only from where it stands, is read by the new)
    while 0 < first <= len(text) and text[first - 1].isspace():
        first -= 1
    end = max(first, len(text) - cut)
    assert [m.start() for m in _RUN_ON.finditer(text, first, end)] == \
        [m.end() for m in _OLD_RUN_ON.finditer(text, first, end)]
    assert [m.start() for m in _RUN_ON_HEADING.finditer(text, first, end)] == \
        [m.end() for m in _OLD_RUN_ON_HEADING.finditer(text, first, end)]
    assert [(m.start(), m.group(1)) for m in _CHAINED.finditer(text, first, end)] == \
        [(m.start(), m.group(1)) for m in _OLD_CHAINED.finditer(text, first, end)]


# numbers of every style (numbering.toml), their followers, and characters that break them
_NUMBER_ALPHABET = st.sampled_from([
    *"第一二十百零两章节条编项（）()〔〕【】、.．，：:\n 1０２9a①⑵⒈", "加强", "工作", "专栏", "附件",
    "第三章", "第十二条", "第5条", "三、", "（二）", "(3)", "1.", "2．", "1.2", "1.2.3", "4)",
    "任务一：", "措施2：", "【专栏一】", "2026年", "3月", "5万", "\ue001", "**"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NUMBER_ALPHABET, max_size=12).map("".join), st.integers(0, 6), st.integers(0, 3))
def test_a_number_is_looked_for_style_by_style_only_where_one_of_them_matches(
        text: str, pos: int, cut: int) -> None:
    # match_at passes over a position where the union of the styles (any_style) matches nothing
    from pipeline.stages.outline.numbering import match_at, styles, value_of

    pos, end = min(pos, len(text)), max(min(pos, len(text)), len(text) - cut)
    expected = None
    for style in styles():
        m = style.regex.match(text, pos, end)
        if m and value_of(style, m.group("num")):
            expected = (style, m.span(), value_of(style, m.group("num")))
            break
    found = match_at(text, pos, end)
    assert (found and (found[0], found[1].span(), found[2])) == (expected or None)


def _deep_role_reference(title: str) -> str:
    """``roles.role_of``'s deep path as it was written: every piece of the title looked up."""
    from pipeline.stages.outline.roles import _deep_words, _slack

    shortest = max(len(title) - _slack(), (len(title) + 1) // 2)
    n = len(title)
    for role, inner, final, whole, _ in _deep_words():
        if (title in whole or any(title[i:] in final for i in range(n - shortest + 1))
                or any(title[i:j] in inner for i in range(n - shortest + 1) for j in range(i + shortest, n + 1))):
            return role
    return "other"


def _role_words() -> list[str]:
    from pipeline.stages.outline.roles import _roles

    return sorted({w.strip("^$") for _, words in _roles() for w in words})


@settings(max_examples=2000, deadline=None)
@given(st.data())
def test_deep_roles_looked_up_by_the_lengths_of_their_words(data: st.DataObject) -> None:
    # a deep unit's title is looked up only by pieces as long as some word of a role: the role
    # the whole lookup of every piece gives
    from pipeline.stages.outline.roles import role_of

    pieces = data.draw(st.lists(st.sampled_from([*_role_words(), "加强", "建设", "的", "和", "工作", "一", "区"]),
                                max_size=6))
    title = "".join(pieces)
    assert role_of(title, part=False) == _deep_role_reference(title)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["（", "(", "）", ")", "、", "。", "；", " ", "\u3000", "\t", "\n", "【", "〔", "[",
                                 "】", "〕", "]", "：", "，", "市发展改革委", "财政局", "责任单位", "牵头单位",
                                 "（一）", "一、", "—", "负责", "a"]), max_size=24))
def test_label_patterns_with_a_first_character_guard_find_the_same(pieces: list[str]) -> None:
    # the bare list's and the field label's patterns look ahead for the characters a match can
    # open with: the same matches as the patterns without that
    from pipeline.stages.outline.roles import _bare_list, _label_res

    s = "".join(pieces)
    bare = _bare_list()[0].pattern
    guard = "(?=[（( \\t\\u3000])"
    assert bare.startswith(guard)
    field = _label_res()[1].pattern
    head = "(?:(?=[【〔\\[\\n。；;，,（(])|^)(?:"
    assert field.startswith(head) and field.endswith(")")
    for new, old in ((_bare_list()[0], re.compile(bare[len(guard):])),
                     (_label_res()[1], re.compile(field[len(head):-1]))):
        assert [(m.span(), m.groupdict()) for m in new.finditer(s)] == [
            (m.span(), m.groupdict()) for m in old.finditer(s)]


_INLINE_PIECES = ["（一）", "(二)", "1.", "2.", "3．", "17.", "一、", "二、", "四、", "第一章", "第三条", "第", "。",
                  "；", "！", "？", "：", ":", "，", "责任单位", "牵头单位", "配合单位", "主要任务", "加强", "建设",
                  "工作", "数字机关", "市财政局", " ", "\u3000", "\t", "①", "5.2万元", "总 则", "a"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_PIECES), max_size=30), st.integers(0, 3))
def test_a_line_the_inline_patterns_find_nothing_in_is_not_scanned(pieces: list[str], skip: int) -> None:
    # the five inline patterns are first searched for as one (``_inline_any``): wherever one of
    # them finds a match in a line, so does it, and the line's inline markers are those the
    # full scan finds
    from pipeline.stages.outline.numbering import (
        _AFTER_SENTENCE,
        _CHAINED,
        _RUN_ON,
        _RUN_ON_HEADING,
        _after_label,
        _after_sentences,
        _inline_any,
        _inline_scan,
    )

    text = "".join(pieces)
    first = min(skip, len(text))
    for pattern in (_AFTER_SENTENCE, _RUN_ON, _RUN_ON_HEADING, _after_label(), _CHAINED):
        if pattern.search(text, first, len(text)):
            assert _inline_any().search(text, first, len(text))
    assert _after_sentences(text, first, len(text)) == _inline_scan(text, first, len(text))
