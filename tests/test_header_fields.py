"""A web page's labelled header (gov.cn metadata table) gives title, issuers, doc number, date."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import header
from pipeline.stages.header_fields import find_fields

PAGE = ("索 引 号：\n000014349/2019-00001\n主题分类：\n卫生、体育\\医药管理\n发文机关：\n国务院办公厅\n"
        "成文日期：\n2019年01月01日\n标　　题：\n国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知\n"
        "发文字号：\n国办发〔2019〕2号\n发布日期：\n2019年01月17日\n\n各省、自治区、直辖市人民政府：\n"
        "一、总体要求\n（一）加强管理。各地要落实。\n")


def test_the_fields_and_their_spans() -> None:
    fields = {f.name: f for f in find_fields(PAGE)}
    assert set(fields) == {"title", "issuers", "doc_number", "issue_date"}
    for field in fields.values():
        assert PAGE[field.span[0]:field.span[1]] == field.value


def test_the_header_takes_them() -> None:
    notice = Notice(id="p", source=Source(path="p.html", sha256="", format="html"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = PAGE
    doc = header.run(notice, Config()).doc
    assert doc.title == "国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知"
    assert doc.issuers == ["国务院办公厅"] and doc.doc_number == "国办发〔2019〕2号"
    assert doc.issue_date == "2019-01-01"
    a, b = doc.spans["issuers"][0]
    assert PAGE[a:b] == "国务院办公厅"


def test_a_body_that_mentions_one_label_is_no_header() -> None:
    assert find_fields("一、总体要求\n发文字号：见附件。\n") == []


def test_a_value_ends_where_a_label_it_does_not_know_begins() -> None:
    """A crawler's header: 发布机构 then 栏目: and 原文链接: lines, labels no table of ours holds."""
    page = ("标题: 某区管委会办公室关于印发任务分解表的通知\n发布时间: 2022-06-08 10:04\n文号: \n"
            "发布机构: 平潭综合实验区管委会办公室\n栏目: 区管委会办公室文件\n"
            "原文链接: https://www.example.gov.cn/zwgk/t20221116_38733.htm\n")
    fields = {f.name: f.value for f in find_fields(page)}
    assert fields["issuers"] == "平潭综合实验区管委会办公室"


def test_a_pages_table_saved_as_markdown_gives_its_cells() -> None:
    page = ("|     |     |     |     |\n| --- | --- | --- | --- |\n"
            "| 索  引 号： | 111423LL00100/2025-75511 | 主题分类： | 其他 |\n"
            "| 发文机关： | 吕梁市人民政府办公室 | 成文日期： | 2025年11月30日 |\n"
            "| 标      题： | 关于印发吕梁市综合能源站专项规划（2025－2030年）的通知 |\n"
            "| 发文字号： | 吕政办发〔2025〕21号 | 发布日期： | 2025年11月30日 |\n")
    fields = {f.name: f for f in find_fields(page)}
    assert {name: f.value for name, f in fields.items()} == {
        "title": "关于印发吕梁市综合能源站专项规划（2025－2030年）的通知", "issuers": "吕梁市人民政府办公室",
        "doc_number": "吕政办发〔2025〕21号", "issue_date": "2025年11月30日"}
    for field in fields.values():
        assert page[field.span[0]:field.span[1]] == field.value


def test_an_empty_cell_of_a_markdown_row_is_no_value() -> None:
    page = ("| 索  引  号： | 11620403013912770D/2025-201869 | 生成日期： | 2025-06-18 |\n"
            "| 文       号： |  | 关键字： | 成品油,整治 |\n| 所属机构： | 平川区政府办 | 发布机构： |  |\n\n"
            "|     |\n| --- |\n| 关于开展2025年全区成品油流通市场 集中整治的通知 |\n")
    assert {f.name: f.value for f in find_fields(page)}.get("issuers") is None
