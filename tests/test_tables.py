"""Task tables read as text (resources/tables.toml): which rows are tasks, their headings, their
responsibility cells with their column's role, and a web page's task table read as rows."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import REGISTRY
from pipeline.stages.outline.tables import find_rows, is_task_header

HEAD = "关于印发重点任务分工方案的通知\n各市人民政府：\n现将方案印发给你们。\n"


def _notice(text: str) -> Notice:
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    for stage in ("outline", "departments", "times"):
        notice = REGISTRY[stage].load()(notice, Config())
    return notice


@pytest.mark.parametrize(("header", "table"), [
    (["序号", "主要任务", "牵头单位", "配合单位", "完成时限"], True),
    (["工作目标", "工作内容", "工作措施", "责任单位", "完成时限"], True),
    (["序号", "重点工作", "责任部门"], True),
    (["序号", "姓名", "单位", "职务"], False),  # a list of people: no task column
    (["序号", "主要任务", "完成时限"], False),  # no responsibility column
    (["索引号：", "000014349/2019-00004", "主题分类：", "卫生"], False),  # a page's metadata
])
def test_a_task_tables_header(header: list[str], table: bool) -> None:
    assert is_task_header(header) is table


@pytest.mark.parametrize(("table", "tasks"), [
    # a Word table as the .docx reader writes it: cells joined by tabs
    ("序号\t主要任务\t牵头单位\t配合单位\t完成时限\n"
     "1\t建设省级数据共享平台，实现互联互通。\t省大数据局\t省财政厅、省发展改革委\t2021年底前\n"
     "2\t推进政务服务一网通办。\t省政务服务中心\t各市人民政府\t2022年6月底前\n",
     [("1", "建设省级数据共享平台，实现互联互通", [("大数据", "lead"), ("财政", "support"),
                                                ("发展改革", "support")], ["2021-12-31"]),
      ("2", "推进政务服务一网通办", [("人民政府", "support"), ("其他:政务服务中心", "lead")],
       ["2022-06-30"])]),
    # a Markdown or converted table, a merged category cell left out of later rows, each task
    # cell numbering its task
    ("| 工作目标 | 工作内容 | 工作措施 | 责任单位 | 完成时限 |\n|---|---|---|---|---|\n"
     "| 一、治理突出问题 | （一）强化源头治理 | 1.加强农用地土壤污染源头防控。 "
     "| 县农业农村局牵头，县生态环境分局配合 | 2025年11月底前 |\n"
     "| 2.推广农药科学施用。 | 县农业农村局 | 2025年11月底前 |\n",
     [("1.", "加强农用地土壤污染源头防控", [("农业农村", "lead"), ("生态环境", "support")],
       ["2025-11-30"]),
      ("2.", "推广农药科学施用", [("农业农村", "responsible")], ["2025-11-30"])]),
])
def test_each_row_of_a_task_table_is_a_task(table: str, tasks: list[tuple]) -> None:  # type: ignore[type-arg]
    notice = _notice(HEAD + table)
    assert [(t.number, t.heading, [(d.kind, d.role) for d in t.departments],
             [d.date for d in t.deadlines]) for t in notice.tasks] == tasks


def test_rows_point_at_their_cells() -> None:
    text = "序号\t主要任务\t责任单位\n1\t建设平台。\t市大数据局\n2\t培育企业。\t市工信局\n"
    rows = find_rows(text)
    assert [(r.label, text[r.task[0]:r.task[1]], [text[a:b] for a, b, _ in r.roles]) for r in rows] == [
        ("1", "建设平台。", ["市大数据局"]), ("2", "培育企业。", ["市工信局"])]


def test_a_header_and_one_row_is_no_task_list() -> None:
    assert find_rows("序号\t主要任务\t责任单位\n1\t建设平台。\t市大数据局\n") == []


def test_a_web_pages_task_table_is_read_a_row_a_line() -> None:
    from pipeline.stages.readers.webpage import read_html

    page = ("<html><body><div><p>各区人民政府：</p><table>"
            "<tr><td>序号</td><td>主要任务</td><td>牵头单位</td></tr>"
            "<tr><td>1</td><td><p>建设平台。</p><p>实现互通。</p></td><td>市大数据局</td></tr>"
            "<tr><td>2</td><td>培育企业。</td><td>市工信局</td></tr></table>"
            "<table><tr><td>版权所有</td><td>网站地图</td></tr></table></div></body></html>")
    assert read_html(page.encode()) == (
        "各区人民政府：\n序号\t主要任务\t牵头单位\n1\t建设平台。实现互通。\t市大数据局\n"
        "2\t培育企业。\t市工信局\n版权所有\n网站地图")


def test_a_word_task_list_gives_its_rows_as_tasks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    from pipeline.api import run_notice
    from pipeline.config import load_config

    doc = Document()
    doc.add_paragraph("关于印发2024年重点工作任务分工的通知")
    doc.add_paragraph("各县区人民政府：")
    table = doc.add_table(rows=4, cols=4)
    for r, cells in enumerate([("序号", "重点工作", "牵头单位", "完成时限"),
                               ("1", "建成市级数据共享平台。", "市大数据局", "2024年6月底前"),
                               ("2", "新建5G基站2000个。", "市通信管理办、市工信局", "2024年底前"),
                               ("3", "开展数据质量提升行动。", "市统计局", "2024年9月底前")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    path = tmp_path / "tasks.docx"
    doc.save(str(path))
    notice = run_notice(path, load_config(None, {"run": {"executor": "serial"}}), id="w")
    assert [(t.number, t.heading, [(d.kind, d.role) for d in t.departments], [d.date for d in t.deadlines],
             [(g.value, g.unit) for g in t.targets]) for t in notice.tasks] == [
        ("1", "建成市级数据共享平台", [("大数据", "lead")], ["2024-06-30"], []),
        ("2", "新建5G基站2000个", [("通信管理", "lead"), ("工业和信息化", "lead")],
         ["2024-12-31"], [(2000, "个")]),
        ("3", "开展数据质量提升行动", [("统计", "lead")], ["2024-09-30"], [])]


def test_a_table_written_a_cell_a_line() -> None:
    """A table a converter wrote a cell a line (a PDF's text, a flattened page): the header's
    column names one a line, each row opening with its number alone; merged cells left out."""
    table = ("序号\n工作任务\n牵头单位\n责任单位\n完成时限\n"
             "1\n成立全市政务数据共享协调推进机制。\n市行政审批局\n市直相关部门\n2021年9月底前\n"
             "2\n指定专门处室负责政务数据共享工作，推进共享目录编制。\n市直相关部门\n2021年9月底前\n"
             "3\n建设全市政务数据共享应用平台，上联省级共享服务体系。\n市大数据局\n市财政局\n2021年12月底前\n"
             "各单位要按照分工抓好落实，确保按期完成。\n")
    notice = _notice(HEAD + table)
    assert [(t.number, t.heading, [(d.kind, d.role) for d in t.departments], [d.date for d in t.deadlines])
            for t in notice.tasks] == [
        ("1", "成立全市政务数据共享协调推进机制", [("其他:行政审批局", "lead")], ["2021-09-30"]),
        ("2", "指定专门处室负责政务数据共享工作，推进共享目录编制", [], ["2021-09-30"]),
        ("3", "建设全市政务数据共享应用平台，上联省级共享服务体系", [("大数据", "lead"), ("财政", "responsible")],
         ["2021-12-31"])]


def test_a_table_written_a_cell_a_line_whose_task_cells_number_themselves() -> None:
    """No 序号 column: each row opens with a task cell numbered 1. 2. …, a category cell (一、)
    between them; the rows stay the outline's own numbered items, their bodies cells labels."""
    table = ("2023年专项整治工作任务清单\n主要任务 |\n重点工作和要求 |\n责任单位 |\n完成时限 |\n"
             "一、加强专项整治安排部署 |\n||||\n"
             "1.制定全市专项整治工作任务清单，分解落实到县区、部门。 |\n市安委办 |\n1月20日前 |\n|\n"
             "2.制定行业领域工作任务清单，并报市安委办。 |\n市级各专委会办公室、市生态环境局 |\n2月10日前 |\n"
             "3.制定县区工作任务清单，并报市安委办。 |\n各县区(开发区) 安委会 |\n2月5日前 |\n")
    notice = _notice(HEAD + table)
    assert [(t.number, [(d.kind, d.role) for d in t.departments], [d.date for d in t.deadlines])
            for t in notice.tasks] == [
        ("1.", [("其他:安委办", "responsible")], ["2023-01-20"]),
        ("2.", [("其他:专委会办公室", "responsible"), ("生态环境", "responsible")], ["2023-02-10"]),
        ("3.", [("其他:安委会", "responsible")], ["2023-02-05"])]


def test_a_table_written_a_cell_a_line_with_merged_numbers_and_categories() -> None:
    """序号 and 工作任务 cells merged over several rows (（二） then two rows of measures), a
    category's row (二 构建…体系) between rows, the header printed again where a page broke, a body's
    name broken inside its cell (区土方工作 / 专班), —— for an empty cell: a row is its task cell and
    the responsibility cells after it."""
    table = ("附件\n任务职责分工表\n序号\n工作任务\n主要工作内容\n牵头单位\n配合单位\n"
             "—\n构建处置体系\n（一）\n推动源头减量\n在项目设计文件中增加土方消纳平衡内容。\n"
             "区规划资源局\n区水务局、属地街镇\n"
             "（二）\n提升消纳能力\n梳理评估本区出土项目一张图。\n区土方工作\n专班\n区绿化市容局\n"
             "开展消纳场所备案工作。\n区绿化市容局\n——\n"
             "序号\n工作任务\n主要工作内容\n牵头单位\n配合单位\n"
             "二\n构建闭环管理体系\n（一）\n加强源头监管\n落实工地数字化监督管理。\n区城运中心\n"
             "区数据局、区建设管理委\n各单位要按照分工抓好落实，确保按期完成。\n")
    notice = _notice(HEAD + table)
    assert [(t.number, t.heading, sorted((d.kind, d.role) for d in t.departments)) for t in notice.tasks] == [
        ("（一）", "在项目设计文件中增加土方消纳平衡内容", [("人民政府", "support"), ("水利", "support"),
                                                 ("自然资源", "lead")]),
        ("（二）", "梳理评估本区出土项目一张图", [("其他:土方工作专班", "lead"), ("林业和草原", "support")]),
        ("", "开展消纳场所备案工作", [("林业和草原", "lead")]),  # a row under a merged 序号
        ("（一）", "落实工地数字化监督管理", [("住房城乡建设", "support"), ("其他:城运中心", "lead"),
                                        ("大数据", "support")])]


def test_a_numbered_row_merged_over_two_measures_gives_both() -> None:
    """序号 1 and its 工作任务 merged over two measures, each with its bodies; a category between rows."""
    table = ("序号\n工作任务\n主要工作内容\n牵头单位\n配合单位\n一\n产业结构优化\n"
             "1\n推进重点行业深度治理\n完成12家水泥企业超低排放改造评估监测。\n区生态环境局\n区工信局\n"
             "排查涉气产业集群，制定整治方案。\n区生态环境局\n区市场监管局\n"
             "2\n淘汰落后和低效产能\n依法依规退出一批落后产能和低效企业。\n区工信局\n区发改委\n二\n工业源深度治理\n"
             "3\n推进挥发性有机物综合治理\n开展挥发性有机物无组织排放排查。\n区生态环境局\n区交通运输局\n"
             "各单位要按照分工抓好落实，确保按期完成。\n")
    notice = _notice(HEAD + table)
    assert [(t.number, t.heading) for t in notice.tasks] == [
        ("1", "完成12家水泥企业超低排放改造评估监测"), ("", "排查涉气产业集群，制定整治方案"),
        ("2", "依法依规退出一批落后产能和低效企业"), ("3", "开展挥发性有机物无组织排放排查")]


def test_a_numbered_table_after_a_category_with_cells_merged_down() -> None:
    """A category's row (行动一：…) before row 1; a 推进单位 cell printed once for the rows it spans
    (5 and 6 under 4's): each row its bodies."""
    table = ("序号\n工作任务\n推进单位\n行动一：再造发展新极行动\n"
             "1\n推进东斯文里区域整体更新，打造新的增长引擎。\n区规划资源局、区建设管理委\n"
             "2\n推进走马塘片区规划研究。\n区发展改革委\n行动二：重塑美丽新居行动\n"
             "3\n全面完成零星二级旧里以下房屋改造。\n区房管局、各相关街镇\n"
             "4\n推进小梁薄板等老旧住房成套改造。\n5\n完成既有多层住宅加装电梯700台。\n"
             "各单位要按照分工抓好落实，确保按期完成。\n")
    notice = _notice(HEAD + table)
    assert [(t.number, sorted(d.kind for d in t.departments)) for t in notice.tasks] == [
        ("1", ["住房城乡建设", "自然资源"]), ("2", ["发展改革"]), ("3", ["人民政府", "住房城乡建设"]),
        ("4", ["人民政府", "住房城乡建设"]), ("5", ["人民政府", "住房城乡建设"])]
    barred = table.replace("\n", "\n|\n").replace("4\n|\n推进小梁薄板等老旧住房成套改造。\n|\n",
                                                   "4\n|\n推进小梁薄板等老旧住房成套改造。\n|\n|\n")
    notice = _notice(HEAD + barred)  # cells between bars: an empty cell shows as its bar, nothing merged
    assert [sorted(d.kind for d in t.departments) for t in notice.tasks][3] == []


@pytest.mark.parametrize(("column", "dates"), [
    ("时间节点", ["2019-03-31", "2019-12-31"]),  # a year alone under a 完成时限 column: by its end
    ("年度", ["2019-03-31"]),  # …under a year column: the year the row belongs to, no deadline
])
def test_a_year_alone_in_a_due_column_is_due_by_its_end(column: str, dates: list[str]) -> None:
    table = (f"序号\n任务内容\n牵头部门\n配合部门\n{column}\n"
             "1\n召开全区生活垃圾分类工作动员大会。\n区政府办公室\n各联席会议成员单位\n2019年3月\n"
             "2\n将生活垃圾管理纳入专项督查和绩效评价指标体系。\n区委组织部\n区绿化市容局\n2019年\n"
             "各单位要按照分工抓好落实，确保按期完成。\n")
    notice = _notice(HEAD + table)
    assert [d.date for t in notice.tasks for d in t.deadlines] == dates


def test_the_last_row_of_a_table_that_ends_the_text_keeps_its_deadline() -> None:
    """Its short cells read like a closing block (a name, a date); a 完成时限 cell (10月底前) is
    none: a signature's date names its day."""
    table = ("2023年重点工作任务分解表\n序号\n重点工作\n工作任务\n完成时限\n责任领导\n责任股室\n"
             "1\n文化惠民\n全年组织开展文化下乡等惠民演出不少于100场。\n12月底前\n张三\n文化宣传股\n"
             "2\n脱贫攻坚\n完成包扶村脱贫攻坚年度任务。\n10月底前\n李四\n各股室\n")
    notice = _notice(HEAD + table)
    assert [(t.number, [d.date for d in t.deadlines]) for t in notice.tasks] == [
        ("1", ["2023-12-31"]), ("2", ["2023-10-31"])]


def test_numbers_alone_on_lines_without_a_header_are_no_table() -> None:
    assert find_rows("序号\n姓名\n职务\n1\n张三\n科长\n2\n李四\n科员\n") == []


def test_an_attached_task_table_gives_the_tasks_of_an_unlabelled_body() -> None:
    """A plan whose body names its measures without saying who (二、重点任务 （一）…) and attaches
    a 任务分工表 whose rows do: the rows are the tasks, as rule 2 reads a notice that labels its
    units; with labels in the body, the body's units stay the tasks."""
    body = ("某县医共体建设工作方案\n\n一、工作目标\n到2025年，建成医共体。\n二、重点任务\n"
            "（一）健全管理体制。成立管理委员会。\n（二）推进资源统一管理。统一财务。\n（三）提升服务能力。建设中心。\n"
            "三、保障措施\n（一）加强组织领导。\n\n")
    table = ("附件：重点任务分工表\n序号\t重点任务\t责任单位\t完成时限\n"
             "1\t成立县级医共体管理委员会。\t县卫生健康委、县委编办\t2024年9月底前\n"
             "2\t制定医共体财务统一管理办法。\t县财政局、县卫生健康委\t2024年12月底前\n"
             "3\t建设县域医共体信息平台。\t县卫生健康委\t2025年6月底前\n")
    notice = _notice(body + table)
    assert [t.heading for t in notice.tasks] == [
        "成立县级医共体管理委员会", "制定医共体财务统一管理办法", "建设县域医共体信息平台"]
    assert [d.date for d in notice.tasks[2].deadlines] == ["2025-06-30"]
    labelled = body.replace("成立管理委员会。", "成立管理委员会。（责任单位：县卫生健康委）").replace(
        "统一财务。", "统一财务。（责任单位：县财政局）").replace("建设中心。", "建设中心。（责任单位：县卫生健康委）")
    assert [t.heading for t in _notice(labelled + table).tasks] == ["健全管理体制", "推进资源统一管理", "提升服务能力"]


def test_a_task_table_whose_columns_are_runs_of_spaces() -> None:
    """A converter's fixed-width text: no tabs or bars, cells parted by two spaces or more (or an
    ideographic space); read only after a header line that names a task table."""
    text = ("一、重点任务\n序号  重点任务  责任单位  完成时限\n"
            "1  推行企业开办一日办结。  市行政审批服务局、市市场监管局  2024年6月底前\n"
            "2  深化工程建设项目审批制度改革。  市住房城乡建设局  2024年12月底前\n"
            "3  推进高效办成一件事。  市政务服务中心  2024年9月底前\n")
    notice = _notice(text)
    assert [t.heading for t in notice.tasks] == [
        "推行企业开办一日办结", "深化工程建设项目审批制度改革", "推进高效办成一件事"]
    assert [d.date for d in notice.tasks[1].deadlines] == ["2024-12-31"]
    assert {d.kind for d in notice.tasks[0].departments} == {"其他:行政审批服务局", "市场监管"}
    prose = "一、重点任务\n（一）推进建设。市住建局  负责  推进工作  按期完成。\n（二）完善制度。\n"
    assert [t.heading for t in _notice(prose).tasks] == ["推进建设", "完善制度"]  # no header: prose


def test_category_rows_across_a_table_do_not_end_it() -> None:
    """A row of one cell naming a category (一、夯实数据基础) stands between rows; a category whose
    rows a copy left out is followed by the next category."""
    table = ("序号\t改革举措\t主要内容\t指导部门\n一、知识产权保护方面（共2项）\n"
             "1\t专利保险机制\t推广专利保险。\t国家知识产权局\n2\t技术调查官制度\t引入技术调查官。\t最高人民法院\n"
             "二、军民融合方面（共1项）\n三、管理体制方面（共2项）\n"
             "3\t高校自主评审\t开展职称评审。\t教育部\n4\t仪器开放共享\t开放科研仪器。\t科技部\n")
    assert [t.heading for t in _notice(HEAD + table).tasks] == [
        "专利保险机制", "技术调查官制度", "高校自主评审", "仪器开放共享"]


def test_a_web_tables_merged_cells_keep_every_cell_under_its_column() -> None:
    """rowspan leaves its column empty in the rows below; the task column is then the first one every
    row fills (具体举措 under a 重点任务 that spans its rows)."""
    from pipeline.stages.readers.webpage import read_html

    page = ("<html><body><div><p>各区人民政府：</p><table>"
            "<tr><th>序号</th><th>重点任务</th><th>具体举措</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
            "<tr><td colspan='6'>一、夯实数据基础</td></tr>"
            "<tr><td rowspan='2'>1</td><td rowspan='2'>健全目录</td><td>1.编制数据目录。</td><td rowspan='2'>市数据局</td>"  # noqa: E501
            "<td>市财政局</td><td>2026年6月底</td></tr>"
            "<tr><td>2.建立更新机制。</td><td>市统计局</td><td>2026年12月底前</td></tr>"
            "<tr><td>2</td><td>提升质量</td><td>1.开展质量行动。</td><td>市数据局</td><td>市市场监管局</td><td>2026年9月底</td></tr>"
            "</table></div></body></html>")
    text = read_html(page.encode())
    assert "\t\t2.建立更新机制。\t\t市统计局\t2026年12月底前" in text
    notice = _notice(HEAD + text)
    assert [(t.heading, [(d.kind, d.role) for d in t.departments]) for t in notice.tasks] == [
        ("编制数据目录", [("大数据", "lead"), ("财政", "support")]),
        ("建立更新机制", [("统计", "support")]),
        ("开展质量行动", [("大数据", "lead"), ("市场监管", "support")])]


def test_a_rows_empty_cells_on_the_right_keep_it_aligned() -> None:
    """| 2026年10月底 |  |: an empty 备注 cell at the end, not a merged cell on the left; a leader
    column (牵头领导: a person) is no responsibility column, 主要工作 is a task column."""
    table = ("| 序号 | 工作任务 | 责任单位 | 完成时限 | 备注 |\n| --- | --- | --- | --- | --- |\n"
             "| 1 | 推进燃气管网监测。布设设备。 | 市城管局 | 2026年9月底 | 纳入考核 |\n"
             "| 2 | 实施供水管网监测。新增监测点。 | 市水利局 | 2026年10月底 |  |\n")
    assert [(t.heading, [d.kind for d in t.departments]) for t in _notice(HEAD + table).tasks] == [
        ("推进燃气管网监测", ["其他:城管局"]), ("实施供水管网监测", ["水利"])]
    table = ("序号\t主要工作\t牵头领导\t责任单位\t时间节点\n1\t深化改革。推出集成服务。\t张立新副市长\t市发展改革委\t2026年6月底前\n"  # noqa: E501
             "2\t压缩审批时间。推行承诺制。\t赵志刚副市长\t市住房城乡建设局\t2026年9月底前\n")
    assert [(t.heading, [d.kind for d in t.departments]) for t in _notice(HEAD + table).tasks] == [
        ("深化改革", ["发展改革"]), ("压缩审批时间", ["住房城乡建设"])]
