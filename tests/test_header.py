"""Header fields as a table of notice openings: title, doc number, issuers, date and region, each
with the characters it came from (docs/output-contract.md)."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.model import Doc, Notice, Provenance, Source
from pipeline.stages import header


def _doc(text: str, province: str | None = None) -> Doc:
    notice = Notice(id="h", source=Source(path="h.txt", sha256="", format="text", province=province),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    return header.run(notice, Config()).doc


BODY = "一、总体要求\n（一）加强管理。各地要落实。\n"
JOINT_HEAD = ("卫生健康委 教育部 财政部 人力资源社会保障部\n医保局 药监局关于印发加强药事管理的意见的通知\n"
              "（国卫医发〔2020〕2号）\n")


@pytest.mark.parametrize(("opening", "field", "value"), [
    ("吉林省民政厅文件\n吉民发〔2020〕25号\n关于做好养老服务工作的通知\n各市（州）民政局：\n",
     "title", "关于做好养老服务工作的通知"),
    ("吉林省民政厅文件\n吉民发〔2020〕25号\n吉林省养老服务质量提升行动方案\n各市（州）民政局：\n",
     "title", "吉林省养老服务质量提升行动方案"),  # a title without 关于
    ("《医疗保障基金智能审核知识库管理办法（试行）》已经局长办公会审议通过，现印发给你们，请认真贯彻执行。\n",
     "title", "医疗保障基金智能审核知识库管理办法（试行）"),  # a cover letter is the document it issues
    ("吉林省民政厅\n关于做好养老服务工作的通知\n吉民发〔2020〕25号\n各市（州）民政局：\n",
     "doc_number", "吉民发〔2020〕25号"),
    ("吉林省民政厅\n关于做好养老服务工作的通知\n吉民发〔2020〕25号\n各市（州）民政局：\n",
     "issuers", ["吉林省民政厅"]),
    ("嵊州市审计局文件\n嵊审〔2021〕5号\n关于印发审计整改办法的通知\n各科室：\n",
     "issuers", ["嵊州市审计局"]),  # a red-header masthead, its place unknown to the gazetteer
    ("嵊州市审计局文件\n嵊审〔2021〕5号\n关于印发审计整改办法的通知\n各科室：\n",
     "title", "关于印发审计整改办法的通知"),  # the document it issues, then its own genre
    ("中共云南省委 云南省人民政府关于做好2022年乡村振兴重点工作的实施意见\n",
     "issuers", ["中共云南省委", "云南省人民政府"]),  # a party committee with its government
    ("中共中央 国务院关于全面推进乡村振兴加快农业农村现代化的意见\n", "issuers", ["中共中央", "国务院"]),
    ("杭州市人民政府关于加快学前教育改革与发展的若干意见(试行)\n", "title",
     "杭州市人民政府关于加快学前教育改革与发展的若干意见(试行)"),  # its version marker
    ("Baidu\n\n湖南省实施《中华人民共和国促进科技成果转化法》办法\n", "title",
     "湖南省实施《中华人民共和国促进科技成果转化法》办法"),  # a site's name above is no part of it
    ("2025年**县食品安全重点工作任务清单\n发布时间 :2025-07-16\n", "title", "2025年**县食品安全重点工作任务清单"),
    ("发布机构：\n四川省发展和改革委员会\n成文日期：\n2025-09-29\n文 号：\n(川发改价格〔2025〕480号)\n",
     "issue_date", "2025-09-29"),  # a portal's ISO date
    ("科技部关于支持建设试验区的函\n（国科发规〔2021〕182号）\n上海市人民政府：\n",
     "doc_number", "国科发规〔2021〕182号"),  # a doc number in brackets
    ("智能船舶标准体系建设指南\n（二次征求意见稿）\n2021 年 2 月\n",
     "title", "智能船舶标准体系建设指南（二次征求意见稿）"),  # the draft marker under the title
    ("新一代人工智能伦理规范\n（2021年9月25日）\n", "title", "新一代人工智能伦理规范"),  # a date, no marker
    ("“综合交通运输与智能交通”重点专项2021年度项目申报指南建议（征求意见稿）\n为落实规划，现发布指南。\n",
     "title", "“综合交通运输与智能交通”重点专项2021年度项目申报指南建议（征求意见稿）"),
    # the agencies of a joint notice run on from their line into the title's
    (JOINT_HEAD,
     "title", "卫生健康委教育部财政部人力资源社会保障部医保局药监局关于印发加强药事管理的意见的通知"),
    (JOINT_HEAD,
     "issuers", ["卫生健康委", "教育部", "财政部", "人力资源社会保障部", "医保局", "药监局"]),
    # a regulation's promulgation line (header_promulgation)
    ("企业职工带薪年休假实施办法\n（2008年7月17日经人力资源和社会保障部第6次部务会议通过）\n", "issuers",
     ["人力资源和社会保障部"]),
    ("奖励办法\n2022年6月6日 中华人民共和国国家安全部令第2号公布\n", "doc_number", "中华人民共和国国家安全部令第2号"),
    ("奖励办法\n2022年6月6日 中华人民共和国国家安全部令第2号公布\n", "issue_date", "2022-06-06"),
])
def test_header_fields(opening: str, field: str, value: object) -> None:
    doc = _doc(opening + BODY)
    assert getattr(doc, field) == value


def test_signatures_and_their_date_on_one_line_and_the_next_documents_title_after() -> None:
    closing = "国家医保局 财政部 2021年4月12日\n国家医疗保障局办公室\n"  # a collection's next file runs on
    doc = _doc("关于做好养老服务工作的通知\n各有关单位：\n" + BODY + closing)
    assert doc.issue_date == "2021-04-12" and doc.issuers == ["国家医保局", "财政部"]
    closing = "国家医疗保障局办公室\n2025年4月23日\n国家医保局 国家卫生健康委 国家药监局关于建立\n"
    assert _doc("关于做好养老服务工作的通知\n各有关单位：\n" + BODY + closing).issuers == ["国家医疗保障局办公室"]


def test_a_signature_run_into_its_line_dates_and_names_the_notice() -> None:
    """A crawled page whose paragraphs are one line: …。 organ (its sealing office) date …; a portal's
    发布机构 naming the site's body gives way to the organ the title and the signature name."""
    page = ("标题: 君山片区森林防灭火指挥部关于印发工作要点的通知\n发布时间: 2023-04-11 16:41\n文号: \n"
            "发布机构: 平潭综合实验区君山片区管理局\n栏目: 部门文件\n"
            "君山片区森林防灭火指挥部关于印发工作要点的通知 各村委会：现将工作要点印发给你们，请认真抓好贯彻落实。"
            " 君山片区森林防灭火指挥部 （君山片区管理局党政办公室代章） 2023年4月10日君山片区工作要点 "
            "一、加强领导。各村要落实责任。 君山片区管理局党政办公室 2023年4月10日印发\n")
    doc = _doc(page)
    assert doc.issue_date == "2023-04-10" and doc.issuers == ["君山片区森林防灭火指挥部"]


def test_a_portals_own_name_in_its_publisher_field_is_no_issuer() -> None:
    page = ("标题: 关于印发医院改革实施方案的通知\n发布时间: 2015-04-30 10:10\n文号: \n发布机构: 中国平潭\n"
            "栏目: 区管委会办公室文件\n岚综管办〔2015〕79号平潭综合实验区管委会办公室关于印发医院改革实施方案的通知"
            "区直各单位：现将方案印发给你们，请认真贯彻执行。平潭综合实验区管委会办公室2015年4月29日\n")
    assert "中国平潭" not in _doc(page).issuers


def test_a_date_a_pdf_wrote_a_piece_a_line_is_the_issue_date() -> None:
    closing = "四川省发展和改革委员会\n四川省能源局\n2025\n年\n9\n月\n29\n日\n"
    assert _doc("关于做好养老服务工作的通知\n各有关单位：\n" + BODY + closing).issue_date == "2025-09-29"


@pytest.mark.parametrize(("closing", "issuers"), [
    ("科 技 部\n2019年5月22日\n", ["科技部"]),  # a ministry's signature, spaced out
    ("工业和信息化部办公厅 国家发展改革委办公厅\n2022年11月3日\n", ["工业和信息化部办公厅", "国家发展改革委办公厅"]),
    ("吉林省民政厅\n2020年4月1日\n", ["吉林省民政厅"]),
    # a contact line above the signature names a bureau, not the signer
    ("联 系 人：国家卫生健康委老龄司 白宇\n联系电话：（010）62030792\n", []),
    ("工业和信息化部装备工业司 张三 010-68205624\n2015年12月29日\n", []),
    # national organs signing under their full printed names, known to the gazetteer or not
    ("中华人民共和国住房和城乡建设部\n国家税务总局\n中国民用航空局\n国家铁路局\n2020年7月3日\n",
     ["中华人民共和国住房和城乡建设部", "国家税务总局", "中国民用航空局", "国家铁路局"]),
    ("国家新一代人工智能治理专业委员会\n2021年9月25日\n", ["国家新一代人工智能治理专业委员会"]),
    ("（国家粮食局办公室代章）\n2018年5月2日\n", ["国家粮食局"]),  # the office seals for its bureau
    # a region's body the gazetteer lacks, named in full on its line
    ("安康市安全生产委员会办公室\n2021年1月18日\n", ["安康市安全生产委员会办公室"]),
    ("吉林省卫生健康委员会  吉林省应急管理厅\n2020年6月3日\n", ["吉林省卫生健康委员会", "吉林省应急管理厅"]),
    ("国务院办公厅\n2023年5月26日\n", ["国务院办公厅"]),
    ("上海市人民政府办公厅\n2020年8月21日\n", ["上海市人民政府办公厅"]),  # a government's office: an organ
    ("闵行区莘庄镇人民政府\n2025年11月7日\n", ["闵行区莘庄镇人民政府"]),  # a town's government
    ("　　国务院\n2022年6月6日\n", ["国务院"]),
    # two names run together on a line are two; a national organ's office in a province is one
    ("重庆市经济和信息化委员会重庆市发展和改革委员会\n\n重庆市能源局重庆市市场监督管理局\n\n2024年10月30日\n",
     ["重庆市经济和信息化委员会", "重庆市发展和改革委员会", "重庆市能源局", "重庆市市场监督管理局"]),
    ("湖南省财政厅 ？中国人民银行湖南省分行\n\n国家税务总局湖南省税务局 ？湖南省市场监督管理局\n\n2024年4月23日\n",
     ["湖南省财政厅", "中国人民银行湖南省分行", "国家税务总局湖南省税务局", "湖南省市场监督管理局"]),
    # national organs a joint block names short beside ministries named in full
    ("卫生健康委 教 育 部\n财 政 部 人力资源社会保障部\n医 保 局 药 监 局\n2020年2月21日\n",
     ["卫生健康委", "教育部", "财政部", "人力资源社会保障部", "医保局", "药监局"]),
    ("医 保 局 药 监 局\n2020年2月21日\n", []),  # short names alone: which level's, nobody says
    # a district or county the gazetteer lacks before an organ it knows
    ("黄浦区发展和改革委员会\n2026年6月2日\n", ["黄浦区发展和改革委员会"]),
    ("全区民政局\n2026年6月2日\n", []),  # a level word, no place
    # bodies of a district the gazetteer lacks run together on a line: cut before each repeat of it
    ("黄浦区发展和改革委员会黄浦区建设和管理委员会\n\n黄浦区城市管理行政执法局黄浦区科学技术委员会\n\n"
     "黄浦区教育局黄浦区文化和旅游局\n\n2025年2月24日\n",
     ["黄浦区发展和改革委员会", "黄浦区建设和管理委员会", "黄浦区城市管理行政执法局", "黄浦区科学技术委员会",
      "黄浦区教育局", "黄浦区文化和旅游局"]),
    ("黄浦区某某小区黄浦区某某路\n2025年2月24日\n", []),  # no organ among the pieces
    # a page's footer of links to other sites after the signed date: no issuers
    ("北京市发展和改革委员会\n2026年3月6日\n（联系人：李老师；联系电话：55590470）\n国家及各省市发展改革委\n"
     "国家发展和改革委员会\n天津市发展和改革委员会\n河北省发展和改革委员会\n", ["北京市发展和改革委员会"]),
])
def test_issuers_from_the_signature(closing: str, issuers: list[str]) -> None:
    doc = _doc("关于做好养老服务工作的通知\n各有关单位：\n" + BODY + closing)
    assert doc.issuers == issuers


@pytest.mark.parametrize(("opening", "field", "value"), [
    # a provincial portal's metadata, read as text: labels without colons, values after spaces
    ("索 引 号  1440153660/jtysj/2020-0000137  发布机构  临沂市交通运输局\n 文  号   公开方式  主动公开\n",
     "issuers", ["临沂市交通运输局"]),
    # a title that names a body the gazetteer lacks, under a site's banner naming another
    ("欢迎来到平顶山市水利局!\n平顶山市河长制办公室关于印发《河长制主要任务分解方案》的通知\n",
     "issuers", ["平顶山市河长制办公室"]),
    # a web page's fields and lead-ins are no 主送 line; a person, a generic body, a university are
    ("2020-07-08   作者: 点击数:\n", "recipients", []),
    ("浏览量:  【字体:   】\n全文如下:\n", "recipients", []),
    ("杨**：\n", "recipients", ["杨**"]),
    ("区体育局2024年工作要点\n", "issuers", ["区体育局"]),  # a title that opens with its issuer
    ("全省体育工作要点\n", "issuers", []),
    ("各相关单位：\n", "recipients", ["各相关单位"]),
    ("国务院关于河北雄安新区总体规划的批复国函〔2018〕159号河北省人民政府：\n", "recipients", ["河北省人民政府"]),
    # 主送 lists of bodies a gazetteer has no word for: units of a level, zones' committees, 各委、办、局
    ("沪府办规〔2025〕5号\n\n各区人民政府，市政府各委、办、局，各有关单位：\n", "recipients",
     ["各区人民政府", "市政府各委、办、局", "各有关单位"]),
    ("深发改规〔2024〕4号\n\n各区政府、大鹏新区管委会、前海管理局，各有关单位：\n", "recipients",
     ["各区政府", "大鹏新区管委会", "前海管理局", "各有关单位"]),
    ("商消费发〔2024〕58号\n\n各省、自治区、直辖市及计划单列市人民政府、新疆生产建设兵团：\n", "recipients",
     ["各省、自治区、直辖市及计划单列市人民政府", "新疆生产建设兵团"]),
    # a page crawled into one line: the title runs into the list
    ("岚综管综〔2015〕146号平潭综合实验区管委会关于鼓励和支持两岸青年创业就业的实施意见区直各单位，各片区开发"
     "管理局，各乡镇人民政府，各区属公司：为进一步加强两岸青年交流合作，现提出如下实施意见。\n", "recipients",
     ["区直各单位", "各片区开发管理局", "各乡镇人民政府", "各区属公司"]),
    ("**各县（市、区）人民政府，各开发区（管理区）管委会，市直有关单位：**\n", "recipients",
     ["各县（市、区）人民政府", "各开发区（管理区）管委会", "市直有关单位"]),
    ("时间：2025-04-09 来源：本网\n", "recipients", []),
    ("（科技发展函〔2021〕182号）\n\n各有关单位：\n", "recipients", ["各有关单位"]),  # the bracket's close
    # a page's fields, each on its own line: 发文机关 names the issuers, not the portal's 发布机构 (a division)
    ("发文机关：工业和信息化部办公厅 农业农村部办公厅\n标 题：关于开展场景遴选工作的通知\n"
     "发文字号：工信厅联通装函〔2026〕269号\n发布机构：装备工业一司\n分 类：装备工业\n"
     "关于开展场景遴选工作的通知\n各省工业和信息化主管部门、农业农村厅，北大荒农垦集团有限公司：\n",
     "issuers", ["工业和信息化部办公厅", "农业农村部办公厅"]),
    # a page crawled onto one line: its furniture (QQ空间) before the number is no part of its organ
    ("当前位置： 首页 时间：2015-07-13 09:38 微信 微博 QQ空间 岚综管综〔2015〕146号平潭综合实验区管委会关于鼓励青年创业"
     "的实施意见区直各单位，各乡镇人民政府：为加强交流，现提出如下意见。\n", "doc_number", "岚综管综〔2015〕146号"),
    # a text of two notices: the first's date, on the line of signatures the gazetteer cannot read
    ("关于加强首诊和转诊服务的通知\n（国卫办医政发〔2024〕21号）\n各省卫生健康委：\n为加强服务，通知如下。一、加强联动。"
     "二、促进下转。\n国家卫生健康委办公厅 国家中医药局综合司 2024年10月28日\n关于印发管理办法的通知\n"
     "（国卫医发〔2022〕6号）\n各省卫生健康委：\n现印发给你们。\n国家卫生健康委\n2022年2月14日\n", "issue_date",
     "2024-10-28"),
    # a page's own heading line names the notice, not its metadata line run together above it
    ("索 引 号信息所属单位消费促进司\n\n公文名称商务部等14部门关于印发《行动方案》的通知\n\n"
     "## 商务部等14部门关于印发《行动方案》的通知\n\n商消费发〔2024〕58号\n\n各省人民政府：\n", "title",
     "商务部等14部门关于印发《行动方案》的通知"),
    ("## 关于加强新形势下电力系统稳定工作的指导意见(发改能源〔2023〕1294号)\n\n各省发展改革委：\n", "title",
     "关于加强新形势下电力系统稳定工作的指导意见"),  # its number after it, in brackets
    ("重庆市人民政府办公厅文件\n\n# 重庆市人民政府办公厅 关于印发《重庆市新能源汽车便捷超充\n\n"
     "# 行动计划（2024—2025 年）》的通知\n\n渝府办发〔2024〕29 号 各区县（自治县）人民政府：\n", "title",
     "重庆市人民政府办公厅关于印发《重庆市新能源汽车便捷超充行动计划（2024—2025年）》的通知"),  # a heading wrapped
    ("**唐山市人民政府关于印发** **国家碳达峰试点（唐山）实施方案的通知**\n各县（市、区）人民政府：\n", "title",
     "唐山市人民政府关于印发国家碳达峰试点（唐山）实施方案的通知"),  # bold marks, not the title's
    # a page's links to other notices above the title name their issuers, not this one's
    ("[深圳市发展和改革委员会 深圳市财政局关于调整污水处理费的通知](https://fgw.sz.gov.cn/a.html)\n"
     "深发改规〔2024〕4号\n各区政府：\n", "issuers", []),
    ("自然资源部办公厅文件\n自然资源办发〔2022〕1号\n新疆生产建设兵团自然资源局，陕西、黑龙江、四川测绘地理信息局：\n",
     "recipients", ["新疆生产建设兵团自然资源局", "陕西、黑龙江、四川测绘地理信息局"]),  # places sharing a body
    # a site named after a body is no issuer (its page's source, its banner's link)
    ("[中国政府网](https://www.gov.cn/) | [重庆市人民政府网](https://www.cq.gov.cn/)\n来源：湖南省人民政府门户网站\n"
     "关于做好养老服务工作的通知\n", "issuers", []),
    # a page saved with its navigation: the title is the line above its 发布日期 line
    ("- [首页](http://www.example.gov.cn/)\n- [政务公开](http://www.example.gov.cn/zwgk/)\n" * 8
     + "当前位置：\n\n山东省2026年新能源高水平消纳行动方案\n\n发布日期：2026-04-01 20:46\n\n浏览次数：\n",
     "title", "山东省2026年新能源高水平消纳行动方案"),
    ("当前位置：首页 > 通知公告\n\n关于召开会议的说明文字，请各单位注意\n发布日期：2026-04-01\n", "title", None),
    ("|     |\n| --- |\n| 关于开展2025年全区成品油流通市场集中整治的通知 |\n", "title",
     "关于开展2025年全区成品油流通市场集中整治的通知"),  # a title in a Markdown table's cell
    # a cover letter that only transmits its document (现印发你们: without 给)
    ("省直有关部门：\n《四川省2026年实施大规模设备更新和消费品以旧换新政策措施》已经省政府同意，现印发你们，"
     "请结合实际抓好贯彻落实。\n", "title", "四川省2026年实施大规模设备更新和消费品以旧换新政策措施"),
])
def test_a_web_pages_header(opening: str, field: str, value: object) -> None:
    assert getattr(_doc(opening + BODY), field) == value


def test_a_saved_pages_site_and_publisher_are_no_issuers_where_the_text_names_them() -> None:
    """A page's title line ends with its site's name (【…】-国家发展和改革委员会); a 发布机构 field
    names who put the page up, and a title that opens with its issuer says who issued it."""
    page = ("【关于促进新能源消纳的指导意见】-国家发展和改革委员会\n首页\n"
            "国家发展改革委 国家能源局关于促进新能源消纳的指导意见\n发改能源〔2025〕1360号\n各省发展改革委：\n"
            + BODY + "国家发展改革委\n国家能源局\n2025年10月29日\n")
    assert _doc(page).issuers == ["国家发展改革委", "国家能源局"]
    lead = ("# 上海市人民政府办公厅印发《关于支持科创走廊建设的若干措施》的通知\n\n**发布日期**: 2025-12-26\n"
            "**发布机构**: 上海市科学技术委员会\n\n沪府办规〔2025〕15号\n\n各区人民政府：\n" + BODY)
    assert _doc(lead).issuers == ["上海市人民政府办公厅"]
    joint = ("# 终端设备直连卫星服务管理规定\n\n**发布机构**: 国家互联网信息办\n\n"
             "关于印发《终端设备直连卫星服务管理规定》的通知\n各省、自治区、直辖市网信办：\n"
             + BODY + "国家互联网信息办公室\n工业和信息化部\n公安部\n2025年4月1日\n")
    assert _doc(joint).issuers == ["国家互联网信息办公室", "工业和信息化部", "公安部"]


def test_a_signature_block_that_signs_with_the_portals_issuer_adds_its_co_issuers() -> None:
    """A portal's 发布机构 names the lead only; the bodies signing with it are issuers too, a
    block that does not name it (an attachment's) adds nobody."""
    opening = "**发布机构**: 上海市科学技术委员会\n\n沪科合〔2025〕7号\n\n各有关单位：\n"
    closing = "　　上海市科学技术委员会\n\n上海市杨浦区人民政府\n\n2025年3月10日\n"
    assert _doc(opening + BODY + closing).issuers == ["上海市科学技术委员会", "上海市杨浦区人民政府"]
    joint = "上海市发展和改革委员会\n上海市科学技术委员会\n2025年3月10日\n"  # the signatures' order
    assert _doc(opening + BODY + joint).issuers == ["上海市发展和改革委员会", "上海市科学技术委员会"]
    other = "上海市教育委员会\n2025年3月1日\n"
    assert _doc(opening + BODY + other).issuers == ["上海市科学技术委员会"]


@pytest.mark.parametrize(("text", "province", "region"), [
    # issuers named in the header give the region
    ("镇江市民政局\n关于开展专项行动的通知\n镇民发〔2020〕31号\n各辖市区民政局：\n" + BODY, None,
     ("江苏省", "镇江市")),
    # a reply addressed to a province by a ministry is national: the 主送 line is no issuer
    ("上海市人民政府：\n你市关于建设试验区的函收悉。现函复如下。\n" + BODY, None, (None, None)),
    # a news item names agencies of several places inside its sentences: none is the region
    ("2017年2月18日，发布会在北京召开。江苏省经信委、贵阳市工信委出席会议。\n" + BODY, None,
     (None, None)),
    # a city's notice without a header (我市, 全市) is placed in the city its text names most
    ("为推动我市人工智能发展，结合青岛市实际，制定本方案。\n一、重点任务\n（一）建设平台。全市建成"
     "平台5个，青岛市各区落实。\n（二）培育企业。我市培育企业10家。\n", "山东省", ("山东省", "青岛市")),
    # a text that never speaks as a province and names one city only, again and again
    ("第一条 为规范青岛市智能网联汽车道路测试，推动青岛市汽车产业发展，制定本细则。\n一、重点任务\n"
     "（一）建设测试区。在青岛市建设测试区。\n", "山东省", ("山东省", "青岛市")),
    # a province's notice stays provincial although it names cities
    ("为推动全省人工智能发展，支持济南、青岛建设先导区，制定本方案。\n一、重点任务\n（一）建设平台。"
     "全省建成平台5个。\n", "山东省", ("山东省", None)),
])
def test_the_region(text: str, province: str | None, region: tuple[str | None, str | None]) -> None:
    doc = _doc(text, province)
    assert (doc.region.province, doc.region.city) == region


def test_every_header_value_has_its_span() -> None:
    text = ("吉林省民政厅\n吉林省财政厅\n关于做好养老服务工作的通知\n吉民发〔2020〕25号\n各市（州）民政局、财政局：\n"
            + BODY + "吉林省民政厅\n2020年6月3日\n")
    doc = _doc(text)
    assert doc.issuers and doc.recipients and doc.issue_date and doc.doc_number and doc.title
    for name in ("title", "doc_number", "issue_date", "issuers", "recipients"):
        assert doc.spans.get(name), name
        for a, b in doc.spans[name]:
            assert text[a:b].strip()
    issued = [text[a:b] for a, b in doc.spans["issuers"]]
    assert issued == doc.issuers
    assert [(b.name, b.kind, text[b.span[0]:b.span[1]]) for b in doc.issuer_bodies] == [
        ("吉林省民政厅", "民政", "吉林省民政厅"), ("吉林省财政厅", "财政", "吉林省财政厅")]
    assert [b.name for b in doc.recipient_bodies] == doc.recipients


@pytest.mark.parametrize(("text", "values"), [
    ("镇民发〔2020〕31号", ["镇民发〔2020〕31号"]),
    # full-width digits (a document typed in full-width mode): the same number, digits as ASCII
    ("镇民发〔２０２０〕３１号", ["镇民发〔2020〕31号"]),
    ("深入落实《通知》（国发〔２０１７〕３５号）精神", ["国发〔2017〕35号"]),
])
def test_doc_numbers_are_read_in_any_digit_width(text: str, values: list[str]) -> None:
    from pipeline.stages.extract.common import find_doc_numbers

    assert [d.value for d in find_doc_numbers(text)] == values


def test_a_signature_block_naming_more_issuers_than_the_titles_short_names_gives_them() -> None:
    """A title led by the issuers' short names (省发展改革委 浙江能源监管办 省能源局关于…) under a crawler's
    issuer field: the masthead reads two of them; the block that signs all three in full gives them."""
    text = ("---\ntitle: 省发展改革委 浙江能源监管办 省能源局关于做好2025年度电力市场化交易相关工作的通知\n"
            "issuer:\n- 浙江省发展和改革委员会\n---\n"
            "# 省发展改革委 浙江能源监管办 省能源局关于做好2025年度电力市场化交易相关工作的通知\n"
            "各设区市发展改革委，省电力公司：\n" + BODY +
            "浙江省发展和改革委员会 国家能源局浙江监管办公室 浙江省能源局\n2024年11月26日\n")
    assert _doc(text).issuers == ["浙江省发展和改革委员会", "国家能源局浙江监管办公室", "浙江省能源局"]


def test_a_joint_masthead_signed_by_the_same_bodies_stays() -> None:
    """工业和信息化部办公厅 教育部办公厅关于…, signed by the same two offices under contact lines naming
    the ministries' departments: the block names no new issuer (教育部 signs for its 办公厅)."""
    text = ("工业和信息化部办公厅　教育部办公厅关于组织开展产教协同创新中心建设工作的通知\n工信厅联人〔2025〕41号\n"
            "各省、自治区、直辖市工业和信息化主管部门、教育厅（教委）：\n" + BODY +
            "联系人及电话：\n工业和信息化部人事教育司　王　磊　010-6820××××\n"
            "教育部职业教育与成人教育司　刘　畅　010-6609××××\n\n"
            "工业和信息化部办公厅　　　　教育部办公厅\n2025年3月1日\n")
    assert _doc(text).issuers == ["工业和信息化部办公厅", "教育部办公厅"]


def test_a_red_headers_joint_masthead_stands_before_any_signature_block() -> None:
    """A 文件 masthead of two bureaus: its issuers as printed, whatever a block below signs (its
    signature, the office that printed it)."""
    text = ("镇江市民政局\n镇江市人力资源和社会保障局 文件\n镇民发〔2020〕31号\n关于做好养老院服务质量建设工作的通知\n"
            "各辖市区民政局、人社局：\n" + BODY + "镇江市人民政府\n\n镇江市人力资源和社会保障局\n\n镇江市应急管理局\n\n"
            "2020年6月2日\n\n镇江市人民政府办公室\n\n2020年6月2日印发\n")
    assert _doc(text).issuers == ["镇江市民政局", "镇江市人力资源和社会保障局"]
