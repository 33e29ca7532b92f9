"""Rule tables of the outline (resources/numbering.toml, part_roles.toml, labels.toml).

Each row is a Chinese line and what the rules read in it; an analyst who adds a numbering style,
a role word or a label cue adds a row here.
"""

from __future__ import annotations

import pytest

from pipeline.stages.outline.numbering import cn_value, scan
from pipeline.stages.outline.roles import has_label, role_of


@pytest.mark.parametrize(("line", "style", "number"), [
    ("- **（一）壮大整机制造产业。** 聚焦整机研发", "cn_paren", 1),  # a Markdown list item
    ("+ 3. 推进设施建设", "arabic", 3),
    ("第一编　总则", "part", 1),
    ("第二章 总体要求", "chapter", 2),
    ("第三节　数据管理", "section", 3),
    ("第十五条　省级主管部门负责认定工作。", "article", 15),
    ("第一百零一条 本条例自公布之日起施行。", "article", 101),
    ("一、总体要求", "cn_comma", 1),
    ("十二、2022年数字中国发展地区评价", "cn_comma", 12),
    ("〔二〕抓好文化市场管理", "cn_paren", 2),  # items in 〔〕 (a doc number's 〔2020〕 has digits)
    ("　　（一）指导思想", "cn_paren", 1),
    ("(十一)加强数据治理", "cn_paren", 11),
    ("\u2003\u2003（三）强化安全保障。", "cn_paren", 3),  # em-space indentation
    ("\u00a0\u2002（二）推进建设", "cn_paren", 2),  # NBSP and en-space
    ("## 二、重点任务", "cn_comma", 2),  # Markdown heading
    ("**三、保障措施**", "cn_comma", 3),
    ("？ **二、重点任务**", "cn_comma", 2),  # a ？ an encoding left for a character it lacked
    ("第一，加强组织领导。", "ordinal", 1),
    ("1.突破船舶智能制造关键技术", "arabic", 1),
    ("４．推进数字化转型。", "arabic", 4),  # full-width digit and stop
    ("27﹒建设数据中心", "arabic", 27),
    ("3、健全标准体系", "arabic", 3),
    ("1．2025年全省计划完成投资60亿元。", "arabic", 1),  # a heading opening with a year
    ("1. 3月底前印发年度教师培训计划。", "arabic", 1),  # …or with a month
    ("⒉ 完善政策", "arabic", 2),
    ("1\ue010突破大模型关键核心技术。", "arabic", 1),  # a private-use glyph drawn as the stop
    ("1.1 高速公路基础设施绿色能源自洽供给系统关键技术研究", "decimal", 1),  # a sub-item of 1.
    ("2.10分布式独立电液控制系统关键技术", "decimal", 10),
    ("2强化核心底层硬件创新攻关。", "arabic_bare", 2),
    ("（1）资产数据及模型标准", "arabic_paren", 1),
    ("(12) 能源管理标准", "arabic_paren", 12),
    ("⑶ 计划调度", "arabic_paren", 3),
    ("1）建立台账", "arabic_close", 1),
    ("③加强监测", "circled", 3),
])
def test_a_line_opens_a_unit_of_this_style(line: str, style: str, number: int) -> None:
    marks = [m for m in scan(line) if not m.inline]
    assert marks and (marks[0].style, marks[0].number) == (style, number)


@pytest.mark.parametrize("line", [
    "1.5万人次参加培训。",  # a decimal
    "2.5 亿元用于平台建设。",
    "2020年底前完成。",  # a year
    "3个工作日内办结。",  # a count
    "10月底前报送。",  # a date
    "5G网络覆盖所有乡镇。",
    "一是加强领导。",  # 一是 is prose enumeration, not a number
    "（一）建材行业智能制造标准体系结构.................... 4",  # a table-of-contents entry
    "一二三四五",
    "——坚持创新驱动。",
    "〔2020〕31号文件精神",  # a doc number's year bracket
    "01. \\[主题分类\\] \\-\\-\\--科技教育/科技",  # a portal's metadata listed by number (Markdown-escaped)
    "02. [发文机构] 北京市经济和信息化局",
])
def test_a_line_opens_nothing(line: str) -> None:
    assert [m for m in scan(line) if not m.inline] == []


@pytest.mark.parametrize(("text", "found"), [
    # a word that numbers two items at least: the items, wherever the groups above them stand
    ("一、准入审批类\n应用一：形式审查\n应用二：辅助审评\n二、日常监管类\n应用三：远程监管\n",
     [("cn_comma", 1), ("named", 1), ("named", 2), ("cn_comma", 2), ("named", 3)]),
    ("任务十一：建设平台。\n任务十二：编制目录。\n", [("named", 11), ("named", 12)]),
    ("（一）完善网络\n任务1：布设设备。\n任务2：接入系统。\n（二）建设平台\n任务3：建设中心。\n",
     [("cn_paren", 1), ("named", 1), ("named", 2), ("cn_paren", 2), ("named", 3)]),
    # one alone is a sentence's lead, not a number
    ("进一步统一：各地要统一标准。\n其次：加强领导。\n", []),
    ("案例一：某市的做法。\n", []),
    ("联系人1：张三\n", []),
    ("专栏1：前瞻性技术\n专栏2：新材料技术\n附件1：任务清单\n附件2：指标表\n", []),
    ("第一项　扩充学前教育学位\n第二项　推进老旧小区改造\n", [("ordinal", 1), ("ordinal", 2)]),
    # lettered items under a numbered one
    ("（一）拓展通道\n（a）加密班列线路。\n（b）布局内陆无水港。\n", [("cn_paren", 1), ("latin_paren", 1),
                                                        ("latin_paren", 2)]),
    ("1.加大资金支持\na) 设立专项资金。\nb) 降低物流成本。\n", [("arabic", 1)]),  # a standard's list
    # a page's empty bold runs around an item's stop
    ("**1****.****优化交通基础设施建设管理。**加强开发利用。\n**2****.****推进公路能源设施建设。**\n",
     [("arabic", 1), ("arabic", 2)]),
])
def test_named_items_number_a_list(text: str, found: list[tuple[str, int]]) -> None:
    assert [(m.style, m.number) for m in scan(text) if not m.inline] == found


@pytest.mark.parametrize(("text", "found"), [
    # measures that lost their numbers, each a paragraph with its heading sentence and its label
    ("二、扩大服务供给\n发展老年助餐服务。依托社区食堂…（责任单位：市民政局、各区、县（市）人民政府）\n"
     "推进适老化改造。实施改造…（责任单位：市民政局）\n三、保障措施\n",
     [("cn_comma", 2), ("paragraph", 1), ("paragraph", 2), ("cn_comma", 3)]),
    # one alone, or paragraphs without a label, or under a numbered item: no units
    ("二、扩大服务供给\n发展老年助餐服务。依托社区食堂…（责任单位：市民政局）\n三、保障措施\n",
     [("cn_comma", 2), ("cn_comma", 3)]),
    ("二、扩大服务供给\n发展老年助餐服务。依托社区食堂。\n推进适老化改造。实施改造。\n",
     [("cn_comma", 2)]),
    ("（一）扩大服务供给\n发展助餐服务。依托食堂…（市民政局负责）\n推进改造。实施改造…（市民政局负责）\n",
     [("cn_paren", 1)]),
])
def test_labelled_paragraphs_are_units_of_their_part(text: str, found: list[tuple[str, int]]) -> None:
    assert [(m.style, m.number) for m in scan(text) if not m.inline] == found


@pytest.mark.parametrize(("text", "found"), [
    # a notice that numbers nothing: its bullets are its outline, each character a level
    ("■ 工作目标\n到2025年底…\n■ 降低成本\n● 便利登记注册。推行…\n● 降低场所成本。盘活…\n"
     "■ 强化支持\n● 加大信贷投放。引导…\n",
     [("bullet1", 1), ("bullet1", 2), ("bullet2", 1), ("bullet2", 2), ("bullet1", 3), ("bullet2", 1)]),
    ("◆一是加强领导\n◆二是强化保障\n", [("bullet1", 1), ("bullet1", 2)]),
    # …and so are lines that open with 一是, 二是 … counting from one
    ("一是强化组织领导。\n各级要…\n二是全面开展汛前检查。\n市水利局要…\n三是从严抓好水库度汛。\n…\n",
     [("enumerated", 1), ("enumerated", 2), ("enumerated", 3)]),
    ("二是全面开展检查。\n…\n四是抓好度汛。\n…\n", []),  # no count from one: prose
    ("一、主要任务\n一是加强领导。\n二是强化保障。\n", [("cn_comma", 1)]),  # numbered elsewhere: prose
    # where a line opens with a number, bullets are list marks
    ("一、主要任务\n● 建设平台。\n● 编制目录。\n二、保障措施\n", [("cn_comma", 1), ("cn_comma", 2)]),
])
def test_bullets_outline_a_notice_that_numbers_nothing(text: str, found: list[tuple[str, int]]) -> None:
    assert [(m.style, m.number) for m in scan(text) if not m.inline] == found


@pytest.mark.parametrize(("text", "inline"), [
    ("二、补短板装备1.突破船舶智能制造", ("arabic", 1, "heading")),
    ("第二章 总体要求 第五条 本办法适用于", ("article", 5, "heading")),
    ("加强统筹。7.狠抓招才引智。", ("arabic", 7, "sentence")),
    ("集聚发展7.狠抓招才引智。会同组织部门", ("arabic", 7, "runon")),  # its 。 lost
    ("打造数字机关品牌五、加速数字社会建设，推动发展\n", ("cn_comma", 5, "runon")),
    # a page crawled into one line: a part after a list of members, set off by spaces
    ("成 员：平潭消防支队筹建组相关业务人员 三、任务分工 （一）集中开展火灾隐患排查整治。", ("cn_comma", 3, "runon")),
    # …and after a label's field, a bracket in its bodies, a space before the next number
    ("排查隐患。责任分工：县公安局牵头，各乡镇人民政府（街道办事处）配合 （二）强化校园安全防范设施建设。",
     ("cn_paren", 2, "sentence")),
    ("牵头单位：区消防救援大队 配合单位：区商务局、区民政局 2. 推进电动自行车全链条安全治理 治理时间：2024年12月。",
     ("arabic", 2, "sentence")),
])
def test_a_number_inside_a_line(text: str, inline: tuple[str, int, str]) -> None:
    found = [(m.style, m.number, m.inline) for m in scan(text) if m.inline]
    assert inline in found


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("一百", 100),
    ("一百零一", 101), ("一百一十", 110), ("两", 2), ("一二", None), ("", None),
])
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert cn_value(numeral) == value


@pytest.mark.parametrize(("heading", "part", "role"), [
    ("主要任务", True, "tasks"),
    ("重点任务和分工", True, "tasks"),
    ("实施路径", True, "tasks"),
    ("总体要求", True, "background"),
    ("指导思想", False, "background"),
    ("基本原则", False, "background"),
    ("总则", True, "background"),
    ("发展目标", True, "goals"),
    ("编制依据", False, "background"),  # an emergency plan's grounds
    ("监管依据", True, "background"),  # the rules a campaign rests on, listed (《电力监管条例》…): no measures
    ("物资保障", False, "safeguards"),
    # a heading that opens with a measure's verb is a measure, whatever role word it ends on
    ("加力实施污染物减排重点工程", True, "other"),
    ("全面完成“十四五”规划目标", True, "other"),
    ("深入开展访企拓岗促就业专项行动", True, "other"),
    ("统筹推进交通运输绿色低碳转型重点任务", True, "other"),
    ("制订应急预案，细化具体措施", True, "other"),
    ("调整中长期合同签订原则", True, "other"),  # …or a background word (原则 of what it changes)
    ("规划布局原则", True, "background"),
    ("明确目标任务，促进学前教育快速发展", True, "goals"),  # 明确 names what the part sets out
    ("重点工程", True, "tasks"),
    ("推进措施", True, "other"),
    ("主要目标", False, "goals"),
    ("保障措施", True, "safeguards"),
    ("加强组织领导，确保任务落实", True, "safeguards"),
    ("组织实施", False, "safeguards"),
    ("统筹推进实施", True, "safeguards"),
    ("严格督导考核", True, "safeguards"),
    ("其他说明", True, "requirements"),  # scope, entry into force, who interprets it
    ("推进实施乡村振兴战略", True, "other"),  # a measure
    ("附　则", True, "requirements"),
    ("工作安排", True, "requirements"),
    ("工作安排布局", True, "other"),  # 工作安排$ must end the heading
    ("下一步工作安排", True, "tasks"),
    ("法律责任", True, "requirements"),
    ("加快数字基础设施建设", True, "other"),
    ("强化算力资源保障", True, "other"),  # builds something: substantive though it says 保障
    ("完善工作机制建设，推动数据共享开放", False, "other"),  # a measure, not a part name
    ("明确发展目标和重点方向", False, "other"),
    ("明确审核范围", False, "other"),  # the word is less than half the heading: a measure
    ("范围", False, "background"),  # a standard's 1 范围
    ("深化重点领域绿色低碳转型", True, "other"),  # a measure naming a direction: no part of directions
    ("重点领域", True, "tasks"),
    ("加强组织协调", False, "safeguards"),
    ("做好宣传发动组织协调工作", True, "other"),  # 组织协调$ must end the heading
    ("试点范围", True, "background"),  # a scope named
    ("拓展药学服务范围", True, "other"),  # a measure that widens one (part_roles.toml [widening])
    # a paragraph, not a heading: a role word deep inside it names nothing
    ("重点行业企业是实施节能降碳改造的责任主体，要围绕改造目标任务，梳理查摆突出问题，细化改造内容、实施路径和时限安排",
     True, "other"),
    ("切实加强组织领导", False, "safeguards"),
    ("实施步骤", True, "other"),  # phases of the work: measures when they follow the task part
    ("申报资格要求", True, "requirements"),  # an application guide's conditions
    ("联系方式", True, "requirements"),  # whom to call: no measure
    ("电子邮件：将意见建议发送至xx@km.gov.cn", True, "requirements"),  # how to send comments on a draft
    ("信函：寄送至市级行政中心", True, "requirements"),
    ("反馈意见时请注明真实姓名和联系方式", True, "requirements"),
    ("建立群众反馈意见处理机制", True, "other"),  # a measure about feedback
    ("示范目的", True, "background"),  # why, not what
    ("发展基础", True, "background"),  # a plan's first chapter: where it starts from
    ("预警级别", True, "background"),  # an emergency plan's levels: what each means
    ("夯实数字经济发展基础", True, "other"),  # a measure that builds one
    ("产品简介", True, "background"),  # a description
    ("参考文献", True, "background"),
    ("1996年地震活动情况和1997年地震趋势", True, "background"),  # a forecast, no measure
    ("推荐单位", True, "requirements"),
    ("职责分工", True, "safeguards"),  # each body's duties: who carries the notice out
    ("组织体系", True, "safeguards"),  # an emergency plan's command structure and duties
    ("压实工作责任", False, "safeguards"),
    ("指导思想坚持以新时代思想为指导，深入开展打击整治专项行动", True, "background"),  # run on: its first word
    ("指导思想与工作目标", True, "goals"),  # a short title: any of its words
    ("强化工作落实，不断提升建设工地消防管理水平", True, "safeguards"),
    ("其它要求", True, "requirements"),
    ("责任分工", True, "safeguards"),
    ("重点任务分工", True, "tasks"),  # tasks with their bodies
    ("项目实施条件", True, "requirements"),  # conditions a project must meet
    ("评估原则", True, "background"),
    ("坚持市场主导、政府引导的原则加快建设", False, "other"),  # a measure
    ("规划布局原则", False, "background"),  # a plan's principles under its chapter
    ("需提交的材料", True, "requirements"),  # what a party must hand in
    ("生产企业申请进网许可时，应当在申请材料中提供操作系统版本", True, "other"),  # a rule, not the list
])
def test_part_roles(heading: str, part: bool, role: str) -> None:
    assert role_of(heading, part) == role


@pytest.mark.parametrize(("heading", "part", "chapter", "role"), [
    ("职责分工", True, True, "other"),  # a regulation's chapter on who does what: its rules
    ("申报条件", True, False, "requirements"),  # a call's eligibility
    ("申请条件", False, False, "requirements"),
    ("限项申请规定", False, False, "requirements"),
    ("申报条件", True, True, "other"),  # a regulation's chapter of who qualifies: its rules
    ("申报程序", True, True, "other"),
    ("申报程序", True, False, "requirements"),
    ("补贴对象和要求", True, False, "requirements"),  # who may claim a subsidy
    ("补贴适用时间、对象条件及标准方式", True, False, "requirements"),
    ("申报补贴渠道和材料", True, False, "requirements"),
    ("大力发展新材料", True, False, "other"),
    ("规范资助对象认定", True, False, "other"),  # a measure that names them
    ("补贴标准和期限", True, False, "requirements"),  # the subsidy's terms
    ("提高报废更新补贴标准", True, False, "other"),  # a measure
    ("支持对象", True, True, "other"),  # a regulation's chapter of them: its rules
    ("核心科学问题", True, False, "background"),  # a research guide's questions
    ("核心科学问题", False, False, "other"),
    ("资助期限和资助强度", True, False, "requirements"),  # its terms
    ("2023年度资助计划", True, False, "requirements"),
    ("资助规模：不超过4项", False, False, "requirements"),  # a term of the call, at any level
    ("申请代码", False, False, "requirements"),
    ("其他事宜", True, False, "requirements"),
    ("申报时间", True, False, "requirements"),  # when applicants apply
    ("提交材料", False, False, "requirements"),  # a procedure's steps, named bare (4.提交材料)
    ("申报主体", False, False, "requirements"),
    ("操作流程", False, False, "other"),  # a procedure: the golds count its steps as measures
    ("优化操作流程", False, False, "other"),  # a measure
    ("政策依据", True, False, "background"),  # what the scheme rests on
    ("注意事项", True, False, "requirements"),
    ("申请注意事项", False, False, "other"),  # a step of a procedure
    ("太钢等应用反渗透膜分离技术减污节水情况", True, False, "background"),  # a reply's report
    ("城市节水和污水再生利用情况", True, False, "background"),
    ("接受境外资助、捐赠等情况", False, False, "other"),  # an item of what must be reported
    ("情况通报制度", True, False, "other"),
    ("监督管理", True, True, "safeguards"),  # a regulation's chapter supervising its own work
    ("管理与监督", True, True, "safeguards"),
    ("强化监督管理", True, False, "other"),  # a notice about supervision: its measures
    ("监督管理", False, False, "other"),
])
def test_roles_by_kind_of_unit(heading: str, part: bool, chapter: bool, role: str) -> None:
    assert role_of(heading, part, chapter) == role


@pytest.mark.parametrize(("heading", "directions"), [
    ("重点领域", True), ("主要方向", True), ("重点领域和方向", True),
    ("重点任务", False), ("重点领域和重点任务", False),
])
def test_headings_that_name_directions(heading: str, directions: bool) -> None:
    from pipeline.stages.outline.roles import names_directions

    assert names_directions(heading) is directions


@pytest.mark.parametrize(("heading", "weak"), [
    ("加大宣传引导力度", True), ("切实加强宣传引导", True), ("加强宣传推广", True),
    ("加强组织领导和宣传引导", False), ("保障措施", False), ("强化资金保障", False),
])
def test_safeguards_named_by_a_weak_word(heading: str, weak: bool) -> None:
    from pipeline.stages.outline.roles import weak_safeguard

    assert weak_safeguard(heading) is weak


@pytest.mark.parametrize(("text", "labelled"), [
    ("推进数据共享。（责任单位：省大数据局、省发展改革委）", True),
    ("（省商务厅牵头，合肥海关配合）", True),
    ("（市民政局负责）", True),
    ("（自然资源部、工业和信息化部指导）", True),  # a verb that closes the bracket
    ("（在专家指导下）开展评估", False),  # the same verb inside a remark
    ("建设省级平台。\n牵头单位：省工业和信息化厅；配合单位：省财政厅", True),
    ("（各市人民政府按职责分工负责）", True),
    ("推进数据共享，提升政务服务效能。", False),
    ("加强管理（基教处、装备信息中心、教科院、各区市）。\n", True),  # bodies only, closing the paragraph
    ("（包括电力、通信、交通）\n", False),  # a list, but not of bodies
    ("推进建设（2020—2022年）\n", False),
    ("（以下简称《总体规划》）", False),
    ("试点单位。\n　　北京工业大学。\n", True),  # a numbered field heading's own text
    ("（二）试点指导单位。\n交通运输部运输服务司牵头。", True),
    ("试点单位的遴选坚持公开透明。", False),
    ("培训农民创业10万人。（就管中心）\n", True),  # one body alone after the last sentence
    ("建设社区服务中心（站）\n", False),  # a remark on a name
    ("全面完成。（试行）\n", False),
    ("加快推进。\n牵头责任单位：县卫健委\n主要协作单位：各乡镇人民政府", True),  # words before the cue
    ("推进。〔市生态环境局牵头，市发展和改革局参与〕", True),  # a label in 〔〕
    ("依据粤府〔2018〕128号", False),
])
def test_responsibility_labels(text: str, labelled: bool) -> None:
    assert has_label(text) is labelled


@pytest.mark.parametrize(("heading", "field"), [
    ("试点单位。", True),
    ("试点指导单位", True),
    ("预期成果：", True),
    ("完成时限", True),
    ("试点内容", True),
    ("加强试点单位管理", False),
    ("主要任务", False),
])
def test_headings_that_name_a_field(heading: str, field: bool) -> None:
    from pipeline.stages.outline.roles import names_field

    assert names_field(heading) is field


@pytest.mark.parametrize(("words", "heading", "found"), [
    ("^范围$", "范围", True),  # ^…$: the whole heading
    ("^范围$", "工作频率范围", False),
    ("工作安排$", "六、工作安排", True),
    ("工作安排$", "工作安排布局", False),
    ("范围", "试点范围", True),
])
def test_how_a_role_word_is_anchored(words: str, heading: str, found: bool) -> None:
    from pipeline.stages.outline.roles import _has

    assert _has(heading, words) is found


@pytest.mark.parametrize("line", [
    "（二）限期完成整改。整顿规范和淘汰关闭清单详见附件1、附件2、附件3。二、工作内容和步骤",
    "（二）按标准执行。具体指标见表1、表2。三、保障措施",
])
def test_a_number_naming_what_is_referred_to_opens_no_item(line: str) -> None:
    """附件1、附件2: the attachments referred to, not items numbered 1、 and 2、 run on into the line."""
    assert [m.number for m in scan(line) if m.style == "arabic"] == []
