"""Departments: the gazetteer's kinds, coordinated roles and false hits, as a table of Chinese
clauses (an analyst adding an alias to resources/departments.toml adds a row here)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.extract.departments import departments_in


def _found(s: str) -> list[tuple[str, str | None]]:
    return [(m.kind, role) for m, role in departments_in(s)]


@pytest.mark.parametrize(("clause", "kind"), [
    ("省科技厅负责组织实施", "科技"),
    ("区旅游发展委员会负责", "文化和旅游"),  # the tourism commission before 2018
    ("团区委负责组织志愿者", "共青团"),
    ("区宣传办负责发布信息", "宣传"),
    ("市新闻出版局负责科技期刊管理", "宣传"),
    ("区（县）土地行政主管部门负责划定保护区", "自然资源"),  # the land law's word for the land authority
    ("省级价格主管部门负责核定容量电价", "发展改革"),  # the price authority
    ("省金融管理局牵头开展融资对接", "金融监管"),  # the 2023 reform's name of the local regulator
    ("各省级能源（电力）主管部门负责组织实施", "能源"),  # a bracket naming the function's part
    ("自治县水行政主管部门负责河道管理", "水利"),  # the water law's word for the water authority
    ("县级以上人民政府渔业主管部门负责监督", "农业农村"),
    ("县级以上人民政府农业机械化主管部门负责推广", "农业农村"),
    ("省人民政府标准化行政主管部门负责组织制定地方标准", "标准化"),
    ("市科学技术局会同有关部门", "科技"),
    ("（省委组织部、省人力资源社会保障厅按职责分工负责）", "组织"),
    ("由省委宣传部牵头", "宣传"),
    ("中央网信办指导各地", "网信"),
    ("省外办负责对接", "外事"),
    ("省药监局加强监管", "药品监管"),
    ("市知识产权局开展保护", "知识产权"),
    ("中国人民银行济南分行支持", "人民银行"),
    ("省地方金融监管局加强监测", "金融监管"),
    ("省地方金融管理局加强监测", "金融监管"),  # the 2023 reform's name
    ("省林草局加强森林防火", "林业和草原"),
    ("市宗教局加强管理", "民族宗教"),
    ("市水务和湖泊局加强排水管理", "水利"),
    ("省审计厅开展审计", "审计"),
    ("省国资委推动企业", "国资"),
    ("省通信管理局推进建设", "通信管理"),
    ("国家数据局统筹推进", "大数据"),
    ("工业和信息化部、国家标准化管理委员会共同组织制定", "标准化"),
    ("团省委、省妇联、省科协共同参与", "共青团"),
    ("请各省（区、市）粮食行政管理部门每月7日前报送", "粮食和物资储备"),  # not 邮政管理 misread
    ("县级以上人民政府统计机构主管本行政区域的统计工作", "统计"),
    ("县生态环境分局配合", "生态环境"),  # a county's branch bureau
    ("以上工作由市公安交警局负责", "公安"),  # the traffic police
    ("由市交警支队负责", "公安"),
    ("县农业办负责", "农业农村"),  # an office (not the 办 of 商业办公楼: see the rows of no actor)
    ("市人民政府农业经济主管部门应当加强指导", "农业农村"),  # 浙江's 农业经济局
    ("自治区农牧厅负责调运饲草料", "农业农村"),  # 内蒙古's and 新疆's 农牧厅
    ("县公安交通管理大队负责", "公安"),
    ("区国税局、区地税局负责", "税务"),  # the two tax bureaus merged in 2018
    ("市经济信息委牵头", "工业和信息化"),  # 重庆's names
    ("市住房城乡建委配合", "住房城乡建设"),
    ("市大数据发展局负责", "大数据"),
    ("省数据管理局负责", "大数据"),
    ("市银监分局加强监管", "金融监管"),  # the regulators' local offices
    ("区财政金融局兑现奖补资金", "财政"),  # a zone's treasury that also oversees finance
    ("以上工作由市城管办负责", "其他:城管办"),  # an office the gazetteer lacks
    ("县创城办牵头", "其他:创城办"),
    ("市固化管理中心给予相关企业业务指导", "其他:固化管理中心"),  # a centre acting
    ("由社会事业处牵头，组织交通与建设处、资源生态处等开展巡查", "其他:交通与建设处"),  # a bureau's divisions
    ("由农业农村处牵头，联合市场监督管理局开展检查", "农业农村"),  # a function's division
    ("功能区管委会对本区域耕地保护负责", "其他:功能区管委会"),  # a zone's committee, its place left out
    ("济南高新区管委会负责", "其他:高新区管委会"),
    ("经济开发区管理委员会牵头", "其他:经济开发区管理委员会"),
    ("各县(市、区)政府对本行政区域耕地保有量负责", "人民政府"),  # half-width brackets
    ("镇文物行政管理部门应当采取经费补助等措施", "其他:文物行政管理部门"),  # a function's department
    ("各级人民政府应当重视干部工作。人事部门应当制定计划", "其他:人事部门"),  # opening its clause, acting
    # …or an article or item after its number, a function's name that holds 管, an authority's 机构
    ("第四条街道办事处应当建立本辖区责任人信息档案", "其他:街道办事处"),
    ("（一）城市管理部门负责停车场的使用管理工作", "其他:城市管理部门"),
    ("3.城市管理部门应当会同公安机关制定方案", "其他:城市管理部门"),
    ("第五条市城市管理部门负责查处影响市容的行为", "其他:城市管理部门"),  # the city's, its place left out
    ("对伤人犬，动物防疫监督机构应当进行检疫", "其他:动物防疫监督机构"),
    ("③政法综治处启动防汛应急工作机制，政法综治处负责协调", "其他:政法综治处"),
    # a department listed after a body the gazetteer names
    ("会同同级建设主管部门、城市管理部门和公安机关交通管理部门编制", "其他:城市管理部门"),
    # a place's planning bureau as a later item of a list sharing the first item's place
    ("区经济发展局、规划局、社会事业局等参与", "自然资源"),
    ("提篮桥街道办事处负责风貌区的排查", "其他:街道办事处"),  # a sub-district's office, its place left out
    ("畜牧兽医行政部门负责犬只的免疫", "农业农村"),  # livestock and veterinary work
    # a company or market institution its place or group names, acting at its clause's start
    ("国网河北省电力公司要加快建设充电监管平台", "其他:国网河北省电力公司"),
    ("（八）宁夏电力交易中心负责组织交易", "其他:电力交易中心"),  # its place left out
    ("（一）国网山东省电力公司、山东电力交易中心要按照本通知要求组织签约", "其他:电力交易中心"),
    ("各地节能主管部门要牵头会同有关部门", "其他:节能主管部门"),  # a function's department, each locality's
    ("各级商业主管部门应当重视清真食品供应", "商务"),  # the commerce function's old name
    ("市旅游局负责", "文化和旅游"),  # functions under their names before 2018
    ("区规划资源局牵头", "自然资源"),
    ("规划土地行政管理部门应当配合", "自然资源"),
    ("区建管委负责", "住房城乡建设"),
    ("房屋行政管理部门应当加强监管", "住房城乡建设"),
    # one bureau of several functions is the first function's
    ("市文化广电旅游体育局负责", "文化和旅游"),
    ("县文化旅游广电体育局牵头", "文化和旅游"),
    # a prefecture's office where it has no government
    ("各地（市）行署按职责分工负责", "人民政府"),
    ("阿里地区行政公署负责", "人民政府"),
    ("由省教育厅会同省委老干部局统筹布局", "其他:老干部局"),  # a party committee's bureau, its level left
    ("科技创新局负责组织认定", "科技"),
    ("市通信发展管理办公室负责推进5G建设", "通信管理"),
    ("市林业和园林局负责", "林业和草原"),
    ("（牵头单位：市科创局；责任单位：市发改委）", "科技"),  # 科创局: 科技创新局
    ("由市自然资源和城建局负责", "自然资源"),  # a bureau merged from two functions: the first's kind
    ("市商务和投资促进局牵头", "商务"),
    ("区交通与建设局负责", "交通运输"),
    ("由市科委牵头", "科技"),  # 科学技术委员会
    ("（责任单位：市园林绿化局）", "林业和草原"),
    ("区规划局负责开展规划编制工作", "自然资源"),  # a place's planning bureau
    ("区建交委牵头负责下立交设施的防汛防台管理", "住房城乡建设"),  # 建设和交通委员会
    ("（牵头单位：区建设管理委）", "住房城乡建设"),
    ("市住房保障和房地产管理局负责审核", "住房城乡建设"),  # a merged bureau: its first function
    ("市文化广播电视和旅游局负责", "文化和旅游"),
    ("区农村发展局牵头", "农业农村"),  # a zone's or county's rural development bureau
    ("区农发局负责", "农业农村"),  # …for short
    ("区绿化市容局负责", "林业和草原"),  # greening and city appearance merged: the first function
    ("区环境与国土资源局牵头", "生态环境"),  # 环境 names a function only so merged
    ("区经委牵头，区规划资源局配合", "工业和信息化"),  # a place's 经济委员会
    ("交通运输管理部门应当加强监督检查", "交通运输"),  # a function's 管理部门
    ("由公安机关交通管理部门依法处理", "公安"),  # …but 交通管理 is the traffic police's
    # the issuing body's own divisions acting, named alone (a sub-district administration's 处)
    ("消防安全隐患排查整治。应急管理处会同消防救援大队开展检查", "应急管理"),
    ("道路交通安全整治。社会事业处牵头，开展客运车辆检查", "其他:社会事业处"),
    ("截至6月30日，应急管理处会同消防救援大队完成检查", "应急管理"),
    ("区绿化市容管理部门负责审批", "林业和草原"),
    ("市绿化和市容管理局负责", "林业和草原"),
])
def test_a_body_gets_its_kind(clause: str, kind: str) -> None:
    assert kind in {k for k, _ in _found(clause)}


@pytest.mark.parametrize("clause", [
    "优化产业布局，构建新发展格局，服务全省大局",
    "全局统筹推进，开局良好",
    "组织实施好各项任务",
    "加强宣传引导",
    "由省里举办培训班",  # a verb on 办, no office
    "市级督办，县级承办",
    "推动市县一网通办",
    "上述部门应当加强配合",  # bodies named before
    "政府部门要带头",
    "建设省级数据中心，推进县级融媒体中心建设",  # facilities built
    "市民服务中心设在行政中心",
    "由各科负责落实",  # divisions in general
    "各地政府主管部门、电力企业、交易机构要高度重视合同签订",  # a government's departments in general
    "市政府有关部门要按职责配合",
])
def test_words_that_end_like_an_organ_are_no_body(clause: str) -> None:
    assert _found(clause) == []


@pytest.mark.parametrize(("clause", "kinds"), [
    ("公安、工商、卫生、计划、物价、民族宗教等部门应在各自职责范围内做好管理",  # names the gazetteer lacks
     ["公安", "市场监管", "卫生健康", "其他:计划部门", "其他:物价部门", "民族宗教"]),
    ("要求市公安、物价、工商等部门加强管理", ["公安", "其他:物价部门", "市场监管"]),
    ("请计划、物价、工商部门核实", ["市场监管"]),  # one known: a list of words, not of bodies
    ("社区银行，银监、公安、旅游、住建、综合执法和园林部门给予配合",  # after a comma, 和 before the last
     ["金融监管", "公安", "文化和旅游", "住房城乡建设", "其他:综合执法部门", "其他:园林部门"]),
    ("工业和信息化、财政、商务等部门", ["工业和信息化", "财政", "商务"]),  # 和 inside a name
    ("公安、市场监管、城管、文化和旅游等部门要联合开展整治",  # an alias longer than four characters
     ["公安", "市场监管", "其他:城管部门", "文化和旅游"]),
    ("狠抓招才引智。会同组织、科技、人力资源社会保障等部门，制定人才计划",  # the verb before the first item
     ["组织", "科技", "人力资源社会保障"]),
    ("推动各类教育、科技、文化机构开放资源", []),  # institutions, not departments
    ("推进交通、能源、水利等领域发展", []),
    ("市优化营商环境办公室牵头", ["其他:优化营商环境办公室"]),  # 环境 alone names no function
    ("公安、交通等相关职能部门要加强配合", ["公安", "交通运输"]),  # what the bodies are, before 部门
    ("发展改革、城乡规划、海洋、卫生健康等主管部门，按照各自职责做好相关工作",  # 海洋: the gazetteer lacks it
     ["发展改革", "自然资源", "其他:海洋部门", "卫生健康"]),
])
def test_a_list_sharing_its_organ_word_keeps_the_bodies_the_gazetteer_lacks(
        clause: str, kinds: list[str]) -> None:
    assert [m.kind for m, _ in departments_in(clause)] == kinds


@pytest.mark.parametrize(("clause", "kinds"), [
    ("区交通与建设局负责", ["交通运输"]),  # one bureau of two functions, not 交通局 and 建设局
    ("区自然资源与生态环境局负责", ["自然资源"]),
    ("重庆市国土资源和房屋管理局负责", ["自然资源"]),
    ("各级民政和卫生健康部门负责", ["民政", "卫生健康"]),  # two bodies sharing the general word
    ("省发展改革委和财政厅负责", ["发展改革", "财政"]),
    ("市民政、卫生健康局负责", ["民政", "卫生健康"]),
])
def test_a_bureau_named_by_two_functions_is_one_body(clause: str, kinds: list[str]) -> None:
    assert [k for k, _ in _found(clause)] == kinds


@pytest.mark.parametrize(("clause", "kinds"), [
    ("福建能源监管办会同福建省发改委负责", ["能源", "发展改革"]),  # the energy regulator's provincial office
    ("华北能源监管局负责现场检查", ["能源"]),
    ("电力市场管理委员会根据有关规定提出建议", []),  # the 市 of 市场: no city's 场管理委员会
    ("编写分析报告报送华北能源监管局，我局将据此修订", []),  # a regional bureau reported to: no actor
    ("加强业务培训，宣传办理工作成果", []),  # 宣传办理: a verb's 办, no publicity office
    ("提出设置方案，报自治县人民政府批准后实施", []),  # reported to, through its autonomous level word
    ("可以约谈下级人民政府主要负责人，并责令限期改正", []),  # whose head is summoned: no actor
    ("市人民政府主要负责人是第一责任人", []),  # a person, not the body
    ("自治县人民政府负责组织实施", ["人民政府"]),
])
def test_organ_words_a_kind_owns_and_words_that_only_look_like_bodies(
        clause: str, kinds: list[str]) -> None:
    assert [k for k, _ in _found(clause)] == kinds


@pytest.mark.parametrize(("clause", "kinds"), [
    # a field whose name ends on an alias but is another body's work (departments.toml compound_fields)
    ("由市市容环境卫生行政主管部门责令改正", ["其他:市容环境卫生行政主管部门"]),
    ("精神文明建设委员会办事机构、商务、市场监督管理等部门应当加强宣传",
     ["其他:精神文明建设委员会办事机构", "商务", "市场监管"]),  # the committee's office named whole
    ("责任单位：市营商环境建设办公室、市发展改革委", ["其他:营商环境建设办公室", "发展改革"]),
    ("市爱国卫生运动委员会办公室牵头", ["其他:爱国卫生运动委员会"]),  # a committee, not health
    ("县卫生健康局、市建设局负责", ["卫生健康", "住房城乡建设"]),  # the function itself
    ("相关行业工程建设主管部门应当加强监督", ["其他:工程建设主管部门"]),  # each industry's, not housing's
])
def test_a_field_ending_on_an_alias_names_another_body(clause: str, kinds: list[str]) -> None:
    assert [k for k, _ in _found(clause)] == kinds


def test_a_long_list_of_short_words_is_read_in_linear_time() -> None:
    from pipeline.stages.extract.chains import open_chains
    from pipeline.text import Spans

    assert open_chains("甲乙、" * 100_000 + "部门", Spans()) == []


@pytest.mark.parametrize(("clause", "names"), [
    ("卫生健康委、人民银行、国资委负责", ["卫生健康委", "人民银行", "国资委"]),  # not 人民银行委
    ("海关、税务部门加强监管", ["海关", "税务部门"]),
    ("省民政、卫生健康部门", ["民政部门", "卫生健康部门"]),  # a shared suffix still shared
])
def test_a_body_named_in_full_takes_no_suffix_of_its_chain(clause: str, names: list[str]) -> None:
    assert [m.name for m, _ in departments_in(clause)] == names


@pytest.mark.parametrize(("clause", "roles"), [
    ("（省商务厅、省财政厅牵头，合肥海关、省外办配合）",
     [("商务", "lead"), ("财政", "lead"), ("海关", "support"), ("外事", "support")]),
    ("牵头单位：省工业和信息化厅；配合单位：省财政厅",
     [("工业和信息化", "lead"), ("财政", "support")]),
    ("（省民政厅负责）", [("民政", "responsible")]),
    ("由市民政局牵头负责", [("民政", "lead")]),
    ("省发展改革委、省科技厅按职责分工落实", [("发展改革", None), ("科技", None)]),
    ("由省发展改革委牵头，会同省能源局、省国资委指导供热企业",  # 会同: who the lead works with
     [("发展改革", "lead"), ("能源", "support"), ("国资", "support")]),
])
def test_roles_cover_the_whole_coordinated_run(clause: str, roles: list[tuple[str, str | None]]) -> None:
    assert _found(clause) == roles


@pytest.mark.parametrize(("clause", "kinds"), [
    ("对重大火灾隐患提请当地政府挂牌督办", []),
    ("报请当地人民政府组织联合执法", []),
    ("积极协调人力资源社会保障部门，将培训纳入规划", []),
    ("各地教育部门要会同公安机关建立台账", ["教育", "公安"]),  # 会同: a co-actor
    ("经国务院同意，现将方案印发给你们", []),  # the approver
    ("每年向省人民政府报告工作", []),  # the addressee
    ("公开上年度数据，并报本级人民政府和上级主管部门", []),  # reported to, its level between
    ("鼓励各市强化双招双引", ["人民政府"]),  # urged: the cities act
    ("蔗区各设区市要将生产保护区落实到地块", ["人民政府"]),  # the cities with districts, each acting
    ("各地级市要加快建设", ["人民政府"]),
    ("各市州要将居家适老化改造纳入民生实事", ["人民政府"]),
    ("各县市区要组织开展自查", ["人民政府"]),
    ("防火期内，各乡镇、各有关单位要严格落实值班制度", ["人民政府"]),  # acting with bodies in general
    ("各乡镇组建半专业扑火队伍", ["人民政府"]),
    ("鼓励地方政府遴选服务商", ["人民政府"]),  # 地方: the local level
    ("临床试验机构应获得国家药品监督管理局备案认可", []),  # whose approval is obtained
    ("发挥地方政府专项债券作用", []),  # a thing named after the body
    ("加快建设教育部前沿科学中心、教育部重点实验室", []),
    ("通过教育部科学事业费开展培育", []),
    ("各级地震部门要积极配合", ["其他:地震部门"]),  # a function the gazetteer lacks, at every level
    ("各级政府部门要加强协同", []),  # bodies in general
    ("鼓励济南、青岛等市培育产业集群", ["人民政府"]),  # cities of the gazetteer closed by 等市
    ("推动研发、生产等市场主体协同", []),
    ("各区、市教体局负责组织实施", ["教育"]),  # a list of levels, one kind of body
    ("由总理、副总理、人民银行行长、审计长组成", []),  # an official, not the bank acting
    ("副主任：刘金国　公安部副部长", []),  # a member named through an official
    ("国务院有关部门要加强指导", []),  # generic: the 国务院's departments in general
    ("国务院及各部门要加快政府职能转变", ["人民政府"]),  # the central people's government acts
    ("推动省级政府和国务院部门的咨询答问库与中国政府网联通", []),  # possessors
    ("在包装显著位置标注工业和信息化部规定的进网许可标志", []),  # whose rule names the thing
    ("市辖区户籍人口，以国家统计局公布的数据为准", []),
    ("计划单列市以及国务院确定的其他城市", []),
    ("为受理其汇算清缴的税务机关所在城市", []),  # a place named after the body
    ("市民政局确定试点单位", ["民政"]),  # the body acts
    ("向申请书载明的公安机关交通管理部门申领号牌", []),  # an addressee further back
    ("未收回的，书面告知核发地公安机关交通管理部门公告牌证作废", []),  # told, not acting
    ("将初审结果函告同级财政部门", []),
    ("建设完善全国一体化大数据中心体系", []),  # a thing named after a body
    ("补贴经费要在省（市）财政预算中单独列支", []),  # a level's treasury's budget: a thing
    ("地方政府专项债券资金优先支持", []),
    ("招聘计划于5月底前在省人力资源社会保障厅网站集中公开", []),  # a body's website: a place
    ("各省级民政部门要加快组建省级评定委员会", ["民政"]),  # a body to be built, no actor yet
    ("坚定不移贯彻落实党中央、国务院决策部署", []),  # the source of a requirement
    ("建设生态大数据中心，打造监测体系", []),  # a facility, not the agency
    ("山东省大数据中心负责汇聚数据", ["大数据"]),  # the agency
    ("经其行业主管（业务指导）部门推荐", []),  # a remark in brackets, no label
    ("遵守《证券投资基金销售管理办法》（证监会令第91号）", []),  # an order's number cites
    ("除国务院财政、税务主管部门另有规定外，按月计算", []),  # who may rule otherwise, no actor
    ("除法律另有规定外，由市民政局负责", ["民政"]),
    ("各有关省、自治区、直辖市要指定主管部门", ["人民政府"]),  # jurisdictions acting as a whole
    ("各有关省（市）和部委要继续承办内地西藏班的任务", ["人民政府"]),  # acting with other bodies
    ("各相关市要做好安排", ["人民政府"]),
    ("依照法律、行政法规或者国务院规定视同工作期间", []),  # a source among others
    ("本措施由南沙开发区党工委组织部负责解释", []),  # who interprets the document
    ("获区科技行政主管部门认定后连续3年给予奖励", []),  # whose certification is obtained
    ("采取多村合作、企村一体、国资入股等多种形式", []),  # a verb's 股, no section
    ("推进新工科、新文科、新医科、新农科建设", []),  # disciplines, no sections
    ("起草部门应当开展合规评估", []),  # a part a body plays in a procedure
    ("对国家发改、工信部门立项的公共服务平台项目资金给予配套", []),  # whose approval names the project
    ("支持闲置商业办公用房改建为保障性租赁住房", []),  # 商业办公: office space, no 商业办
    ("临床试验机构应当具备相应条件", []),  # an institution a measure addresses
    ("培训机构要建立安全制度", []),
    ("第三方管理机构负责组织受理申请", []),  # a third party
    ("医疗机构药学部门负责处方审核", []),  # an institution's own department
    ("数据提供部门应当按照目录提供数据", []),  # a part a body plays in a procedure
    ("4.行政部门应当依法办理", []),  # departments in general
    ("电网公司要加强计量装置调整", []),  # a class of companies, no place or group names it
    ("支持国网河北省电力公司、南方电网公司等企业参与建设", []),  # companies a measure addresses
    ("上级主管部门应当加强指导", []),  # bodies in general
    ("全面加强社会事业处负责的巡查工作", []),  # a measure's verb opens the clause: no division named so
    ("由于应急管理处负责统筹，要加强", []),
])
def test_a_body_the_measure_only_addresses_is_no_actor(clause: str, kinds: list[str]) -> None:
    assert [k for k, _ in _found(clause)] == kinds


@pytest.mark.parametrize(("label", "bodies"), [
    ("（责任单位：市教育局基教处、装备信息中心、教科院）",
     [("教育局基教处", "responsible"), ("装备信息中心", "responsible"), ("教科院", "responsible")]),
    ("（省商务厅、省财政厅牵头，合肥海关配合）", [("商务厅", "lead"), ("财政厅", "lead"), ("合肥海关", "support")]),
    # a field's word a label lists (各责任单位按职责分工负责, 下同): the bodies above, no body
    ("（责任单位：市交通委、市财政局；各责任单位按职责分工负责，下同）",
     [("交通委", "responsible"), ("财政局", "responsible")]),
    # bodies named as a field after them (…为实施单位): the field's role, 为 and the field no name
    ("（牵头处室：市局质量监督处，临港新片区市场监管局、机场分局为实施单位，下同）",
     [("局质量监督处", "lead"), ("临港新片区市场监管局", "responsible"), ("机场分局", "responsible")]),
    ("牵头单位：省工业和信息化厅；配合单位：省财政厅、崂山实验室",
     [("工业和信息化厅", "lead"), ("财政厅", "support"), ("崂山实验室", "support")]),
    ("（各市人民政府按职责分工负责）", [("各市人民政府", "responsible")]),
    # a role in brackets after a body is its role, no body
    ("责任单位：县住建局（牵头），县城管局、县公安局交警大队",
     [("住建局", "lead"), ("城管局", "responsible"), ("公安局交警大队", "responsible")]),
    # a person in charge in brackets after a body: no body
    ("牵头单位：市政务服务和大数据管理局（李卫东）\n配合单位：市住建局（分管副局长：刘振华）、市税务局",
     [("政务服务和大数据管理局", "lead"), ("住建局", "support"), ("税务局", "support")]),
    # …a joint lead in brackets after a run of bodies: each of them
    ("责任单位：市教育局、市人社局（共同牵头），市总工会",
     [("教育局", "lead"), ("人社局", "lead"), ("总工会", "responsible")]),
    # a bureau's sections in a field of their own
    ("（责任股室：农田建设股；配合单位：县财政局）", [("农田建设股", "responsible"), ("财政局", "support")]),
    # a prefecture's office where it has no government is part of the name; zones' committees beside
    ("（自治区生态环境厅，各地（州、市）人民政府（行政公署）按职责分工负责）",
     [("自治区生态环境厅", None), ("各地（州、市）人民政府（行政公署）", "responsible")]),
    ("〔各县、区人民政府(管委会)负责落实〕", [("各县、区人民政府", "responsible"), ("管委会", "responsible")]),
    # a note after the bodies names none
    ("（省商务厅、各地级以上市人民政府按职责分工负责，以下均需各地级以上市人民政府落实，不再一一列出）",
     [("商务厅", "responsible"), ("各地级以上市人民政府", "responsible")]),
    ("（市海洋发展局、青岛海洋科技中心负责）",
     [("海洋发展局", "responsible"), ("青岛海洋科技中心", "responsible")]),
    ("（省发展改革委会同省财政厅负责）", [("发展改革委", "lead"), ("财政厅", "support")]),
    ("（牵头单位：省工业和信息化厅，责任单位：省科技厅、省通信管理局）",
     [("工业和信息化厅", "lead"), ("科技厅", "responsible"), ("通信管理局", "responsible")]),
    ("（市大数据局牵头，市财政局、市科技局按职责分工负责）",
     [("大数据局", "lead"), ("财政局", "responsible"), ("科技局", "responsible")]),
    ("（扶贫办、中央和国家机关工委、全国总工会等负责）",
     [("扶贫办", "responsible"), ("机关工委", "responsible"), ("总工会", "responsible")]),
    ("牵头责任单位:县卫健委、县民政局\n主要协作单位:各乡镇人民政府、经济开发区管委会,县政府有关部门、有关直属单位",
     [("卫健委", "lead"), ("民政局", "lead"), ("各乡镇人民政府", "support"),
      ("经济开发区管委会", "support")]),  # a field's own words before its cue; bodies in general left
    ("〔市生态环境局牵头,市发展和改革局、自然资源局参与。〕",  # a label in 〔〕
     [("生态环境局", "lead"), ("发展和改革局", "support"), ("自然资源局", "support")]),
    ("（责任单位：各县区(开发区)安委会、市级各专委会办公室）",  # the levels' words before a body left out
     [("安委会", "responsible"), ("专委会办公室", "responsible")]),
    ("（责任单位：各县（市、区）住建局）", [("住建局", "responsible")]),
    # a field's bodies with a role's words after them: the words left out, the verb's role kept
    ("（责任单位：商务厅、省供销社按职责分工负责）", [("商务厅", "responsible"), ("供销社", "responsible")]),
    ("（责任单位：省发展改革委牵头，省财政厅配合）", [("发展改革委", "lead"), ("财政厅", "support")]),
    ("（责任单位：经济和信息化厅，省直相关部门和单位按职责分工负责）", [("经济和信息化厅", "responsible")]),
    # bodies in general, a group's 等单位, a note on how the label reads: no body
    ("（责任单位：市经济信息委、有关企业）", [("经济信息委", "responsible")]),
    ("（责任单位：省发展改革委、国网福建省电力有限公司等单位）",
     [("发展改革委", "responsible"), ("国网福建省电力有限公司", "responsible")]),
    ("（责任单位:省发展改革委、省交通运输厅。按职责分工,下同。以下均需各市州人民政府落实,不再列出）",
     [("发展改革委", "responsible"), ("交通运输厅", "responsible")]),
    ("（责任单位：各片区管理局、党工委宣传影视部）",  # each of them; a party committee's department
     [("片区管理局", "responsible"), ("宣传影视部", "responsible")]),
    ("（各有关部门按职责分工负责）", []),  # generic: nobody in particular
    ("（工业和信息化部牵头，各地区、各部门按职能分工负责）", [("工业和信息化部", "lead")]),
    ("（各地区、各部门按职责分别负责）", []),
    ("（责任单位：有关区、市政府）", [("有关区、市政府", "responsible")]),  # the governments of both levels
    ("（责任单位：省文化和旅游厅，各州、市人民政府）",  # prefectures and cities (Yunnan): one list
     [("文化和旅游厅", "responsible"), ("各州、市人民政府", "responsible")]),
    ("（责任单位：各盟市、旗县（市、区）人民政府）", [("各盟市、旗县（市、区）人民政府", "responsible")]),
    ("（责任单位：省水利厅，各市（州）人民政府）", [("水利厅", "responsible"), ("各市（州）人民政府", "responsible")]),
    ("（责任单位：州供销社、州农业科学院）", [("供销社", "responsible"), ("农业科学院", "responsible")]),
    ("（责任单位：湖镇镇、溪口镇、罗家乡、龙洲街道）",  # townships named one by one
     [("湖镇镇", "responsible"), ("溪口镇", "responsible"), ("罗家乡", "responsible"), ("龙洲街道", "responsible")]),
    ("责任单位：县城管局，各乡镇（街道）、各村（社区）",  # townships and villages, each one body
     [("城管局", "responsible"), ("各乡镇（街道）", "responsible"), ("各村（社区）", "responsible")]),
    ("（责任部门：民政部门、市场监管部门）", [("民政部门", "responsible"), ("市场监管部门", "responsible")]),
    ("推广技术装备。（自然资源部、工业和信息化部指导）",
     [("自然资源部", "responsible"), ("工业和信息化部", "responsible")]),
    ("（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）",
     [("生态环境部", "responsible"), ("试点城市政府", "responsible")]),
    # a field named by a numbered heading line, the bodies on the line below
    ("（一）试点单位。\n北京工业大学。", [("北京工业大学", "responsible")]),
    ("（二）试点指导单位。\n交通运输部运输服务司牵头，科技司、人事教育司配合。",
     [("交通运输部运输服务司", "lead"), ("科技司", "support"), ("人事教育司", "support")]),
    ("指导单位：省交通运输厅牵头，省财政厅配合", [("交通运输厅", "lead"), ("财政厅", "support")]),
    ("（商务部、国际发展合作署等负责）", [("商务部", "responsible"), ("国际发展合作署", "responsible")]),
    # a field's role goes on over a clause of bodies alone
    ("（责任单位：省农业农村厅，省水利厅）", [("农业农村厅", "responsible"), ("水利厅", "responsible")]),
    ("（牵头单位：省农业农村厅，省水利厅配合）", [("农业农村厅", "lead"), ("水利厅", "support")]),
    # fields named in square brackets, and a second field on the same line
    ("【责任单位】省发展改革委、省财政厅", [("发展改革委", "responsible"), ("财政厅", "responsible")]),
    ("〔牵头单位〕省科技厅〔配合单位〕省财政厅", [("科技厅", "lead"), ("财政厅", "support")]),
    ("[牵头单位：省科技厅；责任单位：省财政厅]", [("科技厅", "lead"), ("财政厅", "responsible")]),
    ("牵头单位：省发展改革委 配合单位：省财政厅、省商务厅",
     [("发展改革委", "lead"), ("财政厅", "support"), ("商务厅", "support")]),
    # a field that names no body ends the bodies (labels.toml other_fields)
    ("（牵头单位：省政务服务和大数据管理局；配合单位：省财政厅；完成时限：2025年底前）",
     [("政务服务和大数据管理局", "lead"), ("财政厅", "support")]),
    ("（责任单位：省市场监管局；时间节点：2024年6月）", [("市场监管局", "responsible")]),
    ("责任单位：省人力资源社会保障厅  完成时限：持续推进", [("人力资源社会保障厅", "responsible")]),
    # how the labels read, no body
    # a field naming the person in charge: no body
    ("（牵头市领导：曾庆林；牵头单位：市发展改革委；责任单位：市统计局）",
     [("发展改革委", "lead"), ("统计局", "responsible")]),
    ("（市住房城乡建设委牵头，各区政府落实，街乡镇具体实施）",
     [("住房城乡建设委", "lead"), ("各区政府", "responsible"), ("街乡镇", "responsible")]),
    ("（责任单位：区市场监管局、执法总队，不再单独列出）",
     [("市场监管局", "responsible"), ("执法总队", "responsible")]),
    ("（工业和信息化部、科技部等负责。列第一位者为牵头单位，下同）",
     [("工业和信息化部", "responsible"), ("科技部", "responsible")]),
    # a page whose line breaks became spaces: the field ends before words that name no body
    ("责任单位：区农村发展局牵头，区环保局等参与 鼓励农民增施有机肥，推广秸秆还田、绿肥种植等措施。",
     [("农村发展局", "lead"), ("环保局", "support")]),
    # …but not before a body or a role verb
    ("责任单位：区农村发展局、 区环保局等 配合", [("农村发展局", "support"), ("环保局", "support")]),
    # a district's own enterprises: 区属 is part of the name, not a jurisdiction
    ("责任单位：各区属国企，区国资局", [("区属国企", "responsible"), ("国资局", "responsible")]),
    ("（市属国企、市国资委负责）", [("市属国企", "responsible"), ("国资委", "responsible")]),
])
def test_every_body_a_label_lists(label: str, bodies: list[tuple[str, str | None]]) -> None:
    from pipeline.stages.extract.labels import label_bodies

    assert [(b.name, b.role) for b in label_bodies(label)] == bodies


@pytest.mark.parametrize(("clause", "kinds"), [
    ("各盟市要加强草原监管", ["人民政府"]),
    ("各市、自治州要以县为单位核定载畜量", ["人民政府"]),
    ("各地州要按时报送", ["人民政府"]),
    ("各旗县要落实责任", ["人民政府"]),
    ("各街镇要做好公益林管护工作", ["人民政府"]),  # 上海's 街道 and 镇
    ("各街镇（园区）负责分类驳运", ["人民政府"]),  # …with the parks a district runs as towns
    ("属地街镇负责日常巡查", ["人民政府"]),  # the local ones
    ("各省（自治区、直辖市）要稳定粮食播种面积", ["人民政府"]),
    ("各县（市、区）每年组织两次应急演练", ["人民政府"]),  # a time word before the verb
    ("你市要把实施城市更新行动作为重要抓手", ["人民政府"]),  # a 批复's city
    ("请各区于3月底前报送今年计划达标区域", ["人民政府"]),  # asked to act
    ("申请各县配套资金", []),  # 申请: no request to the counties
    ("邀请各区代表参加评审", []),
    ("请各省（区、市）粮食行政管理部门每月7日前报送", ["粮食和物资储备"]),  # the places' bodies, not governments
    ("请各省局于2018年5月7日前一并报送项目基本情况", []),
    ("请各省辖市农业农村局于每月5日前报送", ["农业农村"]),
    ("国务院各部门办公厅（室）是本部门政务新媒体工作的主管单位", []),  # bodies in general
])
def test_jurisdictions_named_as_a_whole_act_through_their_governments(clause: str, kinds: list[str]) -> None:
    assert [k for k, _ in _found(clause)] == kinds


@pytest.mark.parametrize(("clause", "found"), [
    ("由市城市管理执法委牵头，市交通运输局、市公安局配合。",
     [("其他:城市管理执法委", "lead"), ("交通运输", "support"), ("公安", "support")]),
    ("市城市管理执法委、市发展改革委、市生态环境局按职责分工负责。",
     [("其他:城市管理执法委", None), ("发展改革", None), ("生态环境", None)]),
    ("由县领导小组办公室牵头", [("其他:领导小组办公室", "lead")]),
    ("市场监管局负责", [("市场监管", "responsible")]),  # the gazetteer's, not 其他:场监管局
    ("由市有关部门负责", []),
])
def test_a_body_the_gazetteer_lacks_written_as_bodies_are_listed(clause: str,
                                                                 found: list[tuple[str, str | None]]) -> None:
    assert _found(clause) == found


def test_districts_named_one_by_one_in_a_label_are_their_governments() -> None:
    body = ("序号\t任务\t责任单位\t完成时限\n1\t新建公共充电桩。\t市住房城乡建设局牵头，麒麟区、沾益区、马龙区人民政府配合\t2025年底前\n"  # noqa: E501
            "2\t建设服务平台。\t市工业和信息化局，高新区管委会\t2026年6月底前\n")
    kinds = [[(d.kind, d.role) for d in t.departments] for t in _tasks_of(body)]
    assert kinds == [[("住房城乡建设", "lead"), ("人民政府", "support")],
                     [("工业和信息化", "responsible"), ("其他:高新区管委会", "responsible")]]


def test_districts_before_their_government_whatever_else_their_names_end_like() -> None:
    """浦东新区 ends like a zone (新区), 宝山区 like a kind of area (山区): named one by one before
    their 政府, they are districts; 高新区 alone stays a zone's committee's."""
    body = ("序号\t任务\t责任单位\t完成时限\n1\t建设环城绿带。\t市绿化市容局牵头，浦东新区、宝山区、嘉定区政府配合\t"
            "2025年底前\n2\t建设服务平台。\t市工业和信息化局，高新区管委会\t2026年6月底前\n")
    kinds = [[(d.kind, d.role) for d in t.departments] for t in _tasks_of(body)]
    assert kinds == [[("林业和草原", "lead"), ("人民政府", "support")],
                     [("工业和信息化", "responsible"), ("其他:高新区管委会", "responsible")]]


def _tasks_of(body: str) -> list:  # type: ignore[type-arg]
    import tempfile
    from pathlib import Path

    from pipeline.api import run_notice
    from pipeline.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.txt"
        path.write_text(f"关于印发充电设施建设方案的通知\n\n各县（区）人民政府：\n\n{body}\n\n某市人民政府办公室\n2025年3月1日\n",
                        encoding="utf-8")
        return run_notice(path, load_config(None, {})).tasks


def test_the_first_body_leads_where_the_notice_says_so() -> None:
    from pipeline.stages.extract.labels import label_bodies, states_first_is_lead

    text = "（责任单位：市发展改革委、市财政局、市科技局）"
    assert states_first_is_lead("各项任务的责任单位中，列第一位者为牵头单位，其他为配合单位。")
    assert [(b.name, b.role) for b in label_bodies(text, first_is_lead=True)] == [
        ("发展改革委", "lead"), ("财政局", "support"), ("科技局", "support")]


def test_label_bodies_point_at_their_names() -> None:
    from pipeline.stages.extract.labels import label_bodies

    text = "推进建设。\n牵头单位：市海洋发展局\n配合单位：崂山实验室、青岛海洋科技中心\n完成时限：2021年9月底前"
    bodies = label_bodies(text)
    assert [b.name for b in bodies] == ["海洋发展局", "崂山实验室", "青岛海洋科技中心"]
    assert all(text[b.start:b.end] == b.name for b in bodies)


def test_a_body_the_notice_defines_acts_under_its_short_name() -> None:
    text = ("由市工业和信息化局会同市公安局共同组成青岛市智能网联汽车道路测试与示范应用联席工作小组"
            "（以下简称联席工作小组）。联席工作小组负责组织评审。")
    kinds = [(m.kind, m.name) for m, _ in departments_in(text)]
    body = "其他:智能网联汽车道路测试与示范应用联席工作小组"  # the city's name is the level, not the kind
    assert (body, "联席工作小组") in kinds
    assert ("工业和信息化", "工业和信息化局") in kinds
    members = ("成立以区长为组长，区消防支队、电力公司相关领导为成员的高层建筑消防安全综合治理协调小组"
               "（以下简称“协调小组”）。协调小组统筹推进治理工作。")
    assert "其他:高层建筑消防安全综合治理协调小组" in [m.kind for m, _ in departments_in(members)]
    operators = ("市场运营机构为省电力调度控制中心（以下简称“省调度机构”）和省电力交易中心"
                 "（以下简称“省交易机构”）。省交易机构负责结算。")  # the second's name without the 和 before it
    assert "其他:电力交易中心" in [m.kind for m, _ in departments_in(operators)]


@pytest.mark.parametrize(("text", "kind", "short", "not_in_kind"), [
    ("各县要于4月25日前报市城镇燃气安全专项整治工作专班（以下简称市专班）办公室。市专班负责调度。",
     "其他:城镇燃气安全专项整治工作专班", "市专班", "4月"),
    ("各县防汛抗旱指挥部每日下午5时前向市防汛抗旱指挥部办公室（以下简称市防指办）报送雨情。市防指办负责汇总。",
     "其他:防汛抗旱指挥部办公室", "市防指办", "每日"),
    ("为进一步规范温州市防汛防台抗旱指挥部（以下简称市防指）工作，市防指负责统一指挥。",
     "其他:防汛防台抗旱指挥部", "市防指", "规范"),  # the measure's words before the place left out
    ("各单位将报表报送至省应急指挥中心（以下简称指挥中心）。指挥中心负责汇总。",
     "其他:应急指挥中心", "指挥中心", "报表"),
    ("具体交易时序及标的由广西电力交易中心（以下简称交易中心）结合市场运行情况安排。交易中心负责发布。",
     "其他:电力交易中心", "交易中心", "由"),  # a 的 before the 由: the lead word after it left out too;
    # the province named short is the level, not the kind
])
def test_a_defined_body_reported_to_is_named_without_the_report(
        text: str, kind: str, short: str, not_in_kind: str) -> None:
    assert (kind, short) in [(m.kind, m.name) for m, _ in departments_in(text)]
    assert not any(not_in_kind in m.kind for m, _ in departments_in(text))


@pytest.mark.parametrize("text", [
    "第三条 专业技术人才知识更新工程指导协调小组（以下简称工程指导协调小组）负责制定政策。",
    "第三条专业技术人才知识更新工程指导协调小组(以下简称工程指导协调小组)负责制定政策。",
    "第十二条　专业技术人才知识更新工程指导协调小组（以下简称工程指导协调小组）负责制定政策。",
])
def test_a_defined_body_leaves_the_article_number_before_it(text: str) -> None:
    kinds = {m.kind for m, _ in departments_in(text)}
    assert "其他:专业技术人才知识更新工程指导协调小组" in kinds, kinds


def test_a_defined_body_keeps_the_year_in_its_name() -> None:
    text = "同意组建2008年北京奥运会首都国际机场协调委员会（以下简称协调委）。协调委负责协调。"
    kinds = {m.kind for m, _ in departments_in(text)}
    assert any(k.startswith("其他:2008年") for k in kinds), kinds


def test_a_division_named_after_its_organ_is_that_organ() -> None:
    from pipeline.config import Config
    from pipeline.model import Notice, Provenance, Source
    from pipeline.stages import REGISTRY

    label = "（交通运输部运输服务司牵头，科技司、人事教育处、中国铁路总公司配合）"
    text = "".join(f"{n}、推进城市交通试点工作{n}。{label}\n" for n in "一二三")
    notice = Notice(id="d", source=Source(path="d.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    for stage in ("outline", "departments"):
        notice = REGISTRY[stage].load()(notice, Config())
    assert [[(d.kind, d.role) for d in t.departments] for t in notice.tasks] == [
        [("交通运输", "lead"), ("其他:中国铁路总公司", "support")]] * 3


def _departments_run(text: str) -> list[list[tuple[str, str | None]]]:
    from pipeline.config import Config
    from pipeline.model import Notice, Provenance, Source
    from pipeline.stages import REGISTRY

    notice = Notice(id="d", source=Source(path="d.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    for stage in ("outline", "departments"):
        notice = REGISTRY[stage].load()(notice, Config())
    return [[(d.kind, d.role) for d in t.departments] for t in notice.tasks]


@pytest.mark.parametrize(("text", "expected"), [
    # a unit headed by the bodies alone: its measures are theirs (the measures' partners left out)
    ("二、责任分工\n（一）市发展改革委：\n1.牵头编制发展规划。\n2.会同市财政局研究制定支持政策。\n"
     "（二）市财政局、市委金融办：1.设立产业发展基金；2.引导银行机构开发专属金融产品。\n",
     [[("发展改革", "responsible")], [("发展改革", "responsible")],
      [("财政", "responsible"), ("金融监管", "responsible")], [("财政", "responsible"), ("金融监管", "responsible")]]),
    # a heading that is a measure names no owners
    ("二、重点任务\n（一）市发展改革委牵头编制规划\n1.编制发展规划。\n2.研究制定支持政策。\n",
     [[], []]),
])
def test_a_unit_headed_by_bodies_gives_them_its_measures(text: str, expected: list[list[tuple[str, str]]]) -> None:
    assert _departments_run(text) == expected


@pytest.mark.parametrize(("label", "kind"), [
    ("（责任单位：市住建局、株洲供电公司）", "其他:供电公司"),  # a company named after its city
    ("（责任单位：市口岸办、广州、深圳边检总站）", "其他:边检总站"),
    ("（责任单位：市交通局、北京工业大学）", "其他:北京工业大学"),  # a university is named by its place
    ("（责任单位：市科技局、青岛海洋科技中心）", "其他:青岛海洋科技中心"),
    ("（责任单位：省能源局、贵州电力交易中心）", "其他:电力交易中心"),  # a province named short: its level
    # a bureau's division named by one function is of that function's kind; by two, a body of its own
    ("责任处室：农业农村处、交通建设处", "农业农村"),
    ("（责任单位：区农业农村处）", "农业农村"),
    ("责任处室：农业农村处、交通与建设处", "其他:交通与建设处"),
    ("责任处室：社会事业处", "其他:社会事业处"),
    ("（责任单位：区党工委党群工作部、社会事业局）", "其他:党群工作部"),  # the place, then its organ
    ("（市局特种设备安全监察处牵头，执法稽查处按职责分工负责）", "其他:特种设备安全监察处"),  # the issuing bureau's
    ("（牵头单位：市城管执法委；责任单位：市自然资源和城建局）", "自然资源"),  # one merged bureau
])
def test_a_label_names_a_companys_kind_without_its_city(label: str, kind: str) -> None:
    text = "".join(f"{n}、推进工作{n}。{label}\n" for n in "一二三")
    assert kind in [k for k, _ in _departments_run(text)[0]]


def test_a_term_for_a_thing_names_no_bodies() -> None:
    text = "第二条 本办法所称专项资金，是指市级财政预算安排的资金。第四条 市科技局负责专项资金的业务管理。"
    assert [m.kind for m, _ in departments_in(text)] == ["科技"]


def test_a_term_the_regulation_defines_names_the_bodies_of_its_definition() -> None:
    text = ("第四条 本规范所称省、市级政府相关主管部门，包括各省、自治区、直辖市工业和信息化主管部门、"
            "公安机关交通管理部门和交通运输主管部门。第八条 省、市级政府相关主管部门选择测试路段。")
    use = text.index("第八条")
    found = sorted(m.kind for m, _ in departments_in(text) if m.start > use)
    assert found == sorted(["公安", "交通运输", "工业和信息化"])


@pytest.mark.parametrize(("clause", "kind"), [
    ("劳动保障部会同有关部门研究", "人力资源社会保障"),  # the ministry's name before 2008
    ("省劳动和社会保障厅负责", "人力资源社会保障"),
    ("县级以上地方人民政府劳动行政部门应当依法监督检查", "人力资源社会保障"),  # before 1998
    ("市数据局负责", "大数据"),  # the data bureaus of the 2023 reform
    ("省政务和数据局牵头", "大数据"),
    ("市住房城乡建设管理委负责", "住房城乡建设"),  # Shanghai's names
    ("市经济信息化委负责", "工业和信息化"),
])
def test_former_names_of_a_ministry(clause: str, kind: str) -> None:
    assert kind in {k for k, _ in _found(clause)}


@pytest.mark.parametrize(("title", "issuer", "sentence", "found"), [
    # the issuer speaking of itself: its own kind, named as written
    ("河北省教育厅关于省十四届人大二次会议第1347号建议的答复", "河北省教育厅",
     "我厅将会同省发展改革委推动产教联合体实体化运行。", [("教育", "我厅"), ("发展改革", "发展改革委")]),
    # …or the author of the document it forwards
    ("国务院办公厅转发国家地震局关于加强防震减灾工作意见的通知", "国务院办公厅",
     "我局将尽快提供宣传教育大纲。", [("其他:地震局", "我局")]),
    # no body of that organ issues: not guessed
    ("河北省教育厅关于做好职业教育工作的通知", "河北省教育厅", "我局将尽快提供宣传教育大纲。", []),
])
def test_the_issuer_speaking_of_itself(title: str, issuer: str, sentence: str,
                                        found: list[tuple[str, str]]) -> None:
    import tempfile
    from pathlib import Path

    from pipeline.api import run_notice
    from pipeline.config import load_config

    text = (f"{title}\n\n各有关单位：\n\n一、工作进展\n取得成效。\n二、下一步工作\n1. 推进建设。{sentence}\n"
            f"2. 完善政策。制定办法。\n\n{issuer}\n2024年6月1日\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.txt"
        path.write_text(text, encoding="utf-8")
        notice = run_notice(path, load_config(None, {}))
    assert [(d.kind, d.name) for d in notice.tasks[0].departments] == found


def test_a_level_word_is_no_collective() -> None:
    text = "".join(f"{n}、推进医院改革{n}。（责任单位：区社会事业局、医改办，各县级公立医院）\n" for n in "一二三")
    assert "人民政府" not in [k for k, _ in _departments_run(text)[0]]



@pytest.mark.parametrize(("clause", "kind"), [
    ("市卫生健庚委负责", "卫生健康"),  # one character misread in a long alias: restored
    ("获得国家商务部认定的绿色商场", "商务"),  # 商务 written whole: no misread of 国家税务
])
def test_a_misread_alias_is_restored_but_not_a_name_written_whole(clause: str, kind: str) -> None:
    from pipeline.stages.extract.gazetteer import find_mentions

    assert [m.kind for m in find_mentions(clause)] == [kind]


def test_no_alias_is_restored_over_a_function_word() -> None:
    from pipeline.stages.extract.gazetteer import find_mentions

    clause = "通过专用账户直接将工资支付到农民工本人的银行账户"  # 人的银行: prose, no 人民银行 misread
    assert [m.kind for m in find_mentions(clause)] == []


@pytest.mark.parametrize(("label", "kind"), [
    ("公安青浦分局", "公安"),  # a bureau's branch in a district: its function
    ("市场监管局浦东分局", "市场监管"),
    ("税务浦东分局", "税务"),
])
def test_a_labelled_branch_of_a_bureau_is_of_its_function(label: str, kind: str) -> None:
    text = f"一、重点任务\n（一）加强运输车辆管理。开展联合执法。（责任单位：{label}、区建设管理委）\n"
    assert kind in [k for k, _ in _departments_run(text)[0]]


def test_a_name_given_to_several_bodies_at_once_stands_for_each() -> None:
    """市交通委、区交通行政管理部门（以下统称“管理部门”）: each later 管理部门 is the bodies so named."""
    text = ("省发展改革委、省财政厅（以下统称“省级主管部门”）负责组织评审。"
            "省级主管部门应当加强指导。")
    used = [(m.kind, m.name) for m, _ in departments_in(text) if m.name == "省级主管部门"]
    assert used == [("发展改革", "省级主管部门"), ("财政", "省级主管部门")]


def test_a_bare_handling_agency_is_of_its_insurance_issuers_field() -> None:
    """参保地经办机构 in a notice the medical-insurance administration issues: its 医保经办机构; in one a
    housing bureau issues, no body."""
    from pipeline.config import Config
    from pipeline.model import Notice, Provenance, Source
    from pipeline.stages import REGISTRY

    def kinds(head: str) -> list[list[str]]:
        notice = Notice(id="d", source=Source(path="d.txt", sha256="", format="text"),
                        provenance=Provenance(pipeline_version="t", config_sha256=""))
        notice.raw_text = notice.text = (head + "各省、自治区、直辖市有关部门：\n一、规范备案流程\n"
                                         "（一）简化备案手续。参保地经办机构应当为参保人员办理备案。\n"
                                         "（二）推进结算。做好清算工作。\n")
        for stage in ("header", "outline", "departments"):
            notice = REGISTRY[stage].load()(notice, Config())
        return [[d.kind for d in t.departments] for t in notice.tasks]

    assert kinds("国家医保局关于进一步做好异地就医结算工作的通知\n") == [["医疗保障"], []]
    assert kinds("某市住房和城乡建设局关于做好住房公积金异地转移工作的通知\n") == [[], []]


def test_a_label_clause_said_to_hold_below_goes_on_to_the_later_tasks_of_its_part() -> None:
    # …，各区市场监管局、机场分局为实施单位，下同）: those bodies carry out the items below too
    body = ("一、主要任务\n"
            "1．强化质量监督。开展抽查。（牵头处室：市局质量监督处，各区市场监管局、机场分局为实施单位，下同）\n"
            "2．强化标准规范。制定标准。（牵头处室：市局标准创新处）\n"
            "二、保障措施\n"
            "（一）加强领导。（责任单位：市应急管理局）\n")
    tasks = _tasks_of(body)
    kinds = [sorted(d.kind for d in t.departments) for t in tasks]
    assert kinds == [["其他:机场分局", "其他:质量监督处", "市场监管"],
                     ["其他:机场分局", "其他:标准创新处", "市场监管"]]


def test_what_a_name_takes_in_below_is_no_label_held_below() -> None:
    # （含…管委会，下同）: 各区政府 includes the committees wherever it is named, not a label for the tasks below
    body = ("一、主要任务\n"
            "1．强化设施建设。开展建设。[市发展改革委、各区政府（含大鹏新区管委会、深汕特别合作区管委会，下同）负责]\n"
            "2．提升服务能力。优化服务。[市交通运输局负责]\n"
            "二、保障措施\n（一）加强领导。\n")
    tasks = _tasks_of(body)
    assert sorted(d.kind for d in tasks[1].departments) == ["交通运输"]


# pieces of numbers (an organ's characters, brackets printed or misread, years, numbers) and of the
# prose around them, and whole numbers made of such pieces (organs of one to fourteen characters,
# some a run of prose before them), so that numbers, near misses and long runs all come up
_DOCNUM_PIECES = st.sampled_from([*"省府办发民政〔〕[]【】（）(){}E3号年 ", "2020", "１９９8", "12", "5号", "国办发",
                                  "关于印发", "的通知", "省人民政府办公厅", "国务院办公厅关于"])
_DOCNUM_NUMBERS = st.builds(
    lambda organ, lb, year, rb, num: organ + lb + year + rb + num + "号",
    st.text(st.sampled_from("省政府办发民国关于印的"), min_size=0, max_size=14),
    st.sampled_from(["〔", "[", "【", "（", "(", "E", "﹝", "{", "", "〕"]),
    st.sampled_from(["2020", "1999", "２０２1", "201", "2120"]),
    st.sampled_from(["〕", "]", "）", "3", "|", "l", "", "〔"]),
    st.sampled_from(["1", "12", "305", "12345", ""]))
_DOCNUM_ALPHABET = st.one_of(_DOCNUM_PIECES, _DOCNUM_NUMBERS)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DOCNUM_ALPHABET, max_size=30).map("".join))
def test_doc_numbers_found_from_their_brackets_as_the_pattern_finds_them(s: str) -> None:
    from pipeline.repair.junk import _DOCNUM as REPAIRED
    from pipeline.stages.extract.common import DOCNUM

    for numbers in (DOCNUM, REPAIRED):  # the extractors' and the repair's
        assert [m.span() for m in numbers.finditer(s)] == [m.span() for m in numbers.pattern.finditer(s)]


def _prefixed_patterns() -> tuple[Any, Any, list[str]]:
    """The gazetteer's prefixed-name pattern as built and as its lookbehind-first reference, and
    the pieces its texts are made of (names, places, list marks, the words after a name)."""
    import re

    from pipeline.resources import load_toml
    from pipeline.stages.extract import gazetteer as gz
    from pipeline.text import alternation

    t = gz.tables()
    data = load_toml("departments.toml")
    places = ["省", "市", "区", "县", "各", "）", ")", "北京", "上海市"]
    names, lasts = list(t.prefixed_kind), gz._place_ends()
    listed = [n for n in names if n.endswith(gz.LISTED_PREFIXED)]
    # the lookbehinds first, then the names: the form the gazetteer's pattern replaced
    reference = re.compile(rf"(?:(?<=[{lasts}])|(?<=、)(?={alternation(listed)}))"
                           rf"(?P<pfull>{alternation(names)})(?!{alternation(data['prefixed_not_before'])})")
    pieces = [*t.prefixed_kind, *places, "、", "和", *data["prefixed_not_before"], "加强", "规划", "委"]
    return t.patterns[3], reference, pieces


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_prefixed_names_found_from_their_first_character_as_the_lookbehinds_find_them(data: Any) -> None:
    built, reference, pieces = _prefixed_patterns()
    s = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=20)))
    assert [(m.span(), m.span("pfull")) for m in built.finditer(s)] == \
        [(m.span(), m.span("pfull")) for m in reference.finditer(s)]


@pytest.mark.parametrize("text", [
    "由省发展改革委牵头，省财政厅、省卫生健康委配合，各市人民政府负责落实。",
    "市卫生健庚委员会会同市民政局开展检查。",  # a misread name the fuzzy search restores
    "建设省级数据中心。区气象局、各级地震部门按职责分工负责。",
    "",
])
def test_a_plain_search_after_a_fuzzy_one_of_the_same_text_finds_what_it_finds_alone(
        text: str) -> None:
    # the fuzzy search keeps what it found before its fuzzy names (gazetteer._PLAIN) for the plain
    # search the themes stage makes of the same text
    from pipeline.stages.extract import gazetteer

    s = "".join(text.split()) + "。"  # a text object of its own
    gazetteer._PLAIN[:] = [None, []]
    alone = gazetteer.find_mentions(s, fuzzy=False)
    fuzzy = gazetteer.find_mentions(s)
    assert (gazetteer._PLAIN[0] is s) == (gazetteer.fuzzy_view(s, gazetteer.tables()) is s)
    after = gazetteer.find_mentions(s, fuzzy=False)
    assert after == alone
    assert gazetteer._PLAIN[0] is None  # taken by the plain search: the text is not held on
    assert (fuzzy and alone) or not text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["市容环境卫生", "环境卫生", "爱国卫生", "卫生", "建设", "工程建设", "局", "市"]),
                max_size=6).map("".join), st.integers(-2, 40))
def test_a_compound_field_is_found_from_its_last_character(view: str, end: int) -> None:
    # gazetteer._compound_field tries only the fields ending on the character before ``end``
    from pipeline.stages.extract.gazetteer import _compound_field, _compound_fields

    expected = next((f for f in _compound_fields() if view.startswith(f, end - len(f))), None)
    assert _compound_field(view, end) == expected


def _fuzzy_view_reference(s: str, t: Any) -> str:
    """gazetteer.fuzzy_view as it was written before its quick test was worked out per alias."""
    from pipeline.stages.extract import gazetteer as g

    chars: list[str] | None = None
    exact: list[int] | None = None
    for anchor in g._bigram_starts().finditer(s):
        k = anchor.start()
        for alias, offset in t.bigrams.get(s[k:k + 2], ()):
            i, size = k - offset, len(alias)
            window = s[i:i + size] if i >= 0 else ""
            far = size - 1 if offset == 0 else 0
            if not (len(window) == size and (window[far] == alias[far] or window[far - 1 if far else 1]
                                             == alias[far - 1 if far else 1])
                    and window not in t.alias_kind
                    and not (window[:-1] in t.alias_kind and window[-1] in g.ORGAN_CHARS)
                    and sum(map(str.__ne__, window, alias)) == 1
                    and not any(w != a and w in g._not_over() for w, a in zip(window, alias, strict=True))
                    and g._CJK_RUN.fullmatch(window)):
                continue
            if exact is None:
                exact = g._exact_lengths(s)
            if (max(exact[i:i + size]) < size
                    and (chars is None or "".join(chars[i:i + size]) == window)
                    and not g._alias_at_change(window, alias, t)):
                if chars is None:
                    chars = list(s)
                chars[i:i + size] = list(alias)
    return s if chars is None else "".join(chars)


def _damaged(draw: Any) -> str:
    from pipeline.stages.extract import gazetteer as g

    aliases = sorted(a for a in g.tables().alias_kind if len(a) >= 4)
    pieces = []
    for _ in range(draw(st.integers(0, 5))):
        alias = draw(st.sampled_from(aliases))
        if draw(st.booleans()):  # one character misread, or cut short at either end
            k = draw(st.integers(0, len(alias) - 1))
            alias = alias[:k] + draw(st.sampled_from("庚镜康环局委的 1")) + alias[k + 1:]
        if draw(st.booleans()):
            alias = alias[draw(st.integers(0, 2)):]
        pieces.append(alias + draw(st.sampled_from(["", "局", "委员会", "、", "，", "负责"])))
    return "".join(pieces)


@settings(max_examples=600, deadline=None)
@given(st.composite(_damaged)())
def test_the_alias_repair_restores_what_its_reference_restores(s: str) -> None:
    from pipeline.stages.extract import gazetteer as g

    assert g.fuzzy_view(s, g.tables()) == _fuzzy_view_reference(s, g.tables())


_SUFFIXED_PIECES = ["部门", "机构", "办事处", "处", "科", "股", "事处", "应当", "应", "要", "负责", "牵头",
                    "会同", "配合", "开展", "等", "组织", "由", "联合", "、", "，", "。", "；", ":", "第三条",
                    "（一）", "2.", "①", "城市管理", "交通", "建设", "和", "及", "或", "人", "事", "第", "a", "\n"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SUFFIXED_PIECES), max_size=30), st.integers(0, 40))
def test_unknown_bodies_found_from_their_suffixes_as_a_scan_finds_them(pieces: list[str], pos: int) -> None:
    # the parts that open with lookbehinds are found from their suffixes (``text.Suffixed``):
    # the same matches, groups and all, as the pattern's own scan, and the same leftmost match
    # from any position
    from pipeline.stages.extract.gazetteer import _unknown
    from pipeline.text import Suffixed

    s = "".join(pieces)
    found = [(gate, finder) for _, gate, finder in _unknown()[0] if isinstance(finder, Suffixed)]
    assert len(found) == 3
    for gate, finder in found:
        assert ([(m.span(), m.groupdict()) for m in finder.finditer(s)]
                == [(m.span(), m.groupdict()) for m in gate.pattern.finditer(s)])
        plain, fast = gate.pattern.search(s, pos), finder.search(s, pos)
        assert (plain and (plain.span(), plain.groupdict())) == (fast and (fast.span(), fast.groupdict()))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["省", "市", "县", "区", "级", "各", "国家", "委", "地", "当", "气象", "文物",
                                 "局", "厅", "委员会", "办公室", "中心", "，", "a"]), max_size=24))
def test_unknown_bodies_prefix_written_out_finds_what_its_class_found(pieces: list[str]) -> None:
    # the prefix's 省级/市级/县级/区级 are written out, so a scan skips to the characters a
    # prefix opens with: the matches of the form with a class ([省市县区]级各?) are found
    import re

    from pipeline.stages.extract.gazetteer import _unknown

    s = "".join(pieces)
    plain = re.compile(r"(?P<prefix>[省市县区]级各?|国家|省委|市委|县委|区委|省|市|县|区|各级|各地|当地|各)"
                       r"(?P<core>[\u4e00-\u9fff]{2,6}?)(?P<suffix>局|厅|委员会|办公室|中心)")
    gate = next(gate for key, gate, _ in _unknown()[0] if key == "")
    assert ([(m.span(), m.groupdict()) for m in gate.pattern.finditer(s)]
            == [(m.span(), m.groupdict()) for m in plain.finditer(s)])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["道路测试", "联席", "工作", "小组", "委员会", "办公室", "中心", "专班", "2008年",
                                 "（", "(", "以下", "下", "简称", "“", "”", "）", ")", "，", "由", "的", "a"]),
                max_size=30))
def test_defined_bodies_found_from_their_definition_as_a_scan_finds_them(pieces: list[str]) -> None:
    # a body defined by （以下简称…） is found from its definition (``text.Suffixed``): the same
    # matches as the pattern's own scan
    from pipeline.stages.extract.departments import DEFINED_BODY

    s = "".join(pieces)
    assert ([(m.span(), m.groupdict()) for m in DEFINED_BODY.finditer(s)]
            == [(m.span(), m.groupdict()) for m in DEFINED_BODY.pattern.finditer(s)])
