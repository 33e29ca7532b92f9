"""Targets and what they count, as a table of Chinese clauses (resources/targets.toml)."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import outline
from pipeline.stages.extract import targets
from pipeline.stages.extract.targets import find_targets


@pytest.mark.parametrize(("clause", "targets"), [
    ("60%以上的养老机构符合强制性国家标准", [(60, "%", ">=", "养老机构符合强制性国家标准")]),
    ("特困失能老年人集中供养率达到60%", [(60, "%", ">=", "特困失能老年人集中供养率")]),
    ("新建社区服务中心20个，再支持50个乡镇敬老院改造",
     [(20, "个", "==", "社区服务中心"), (50, "个", "==", "乡镇敬老院")]),
    ("至少建有1所县级特困人员供养服务设施", [(1, "所", ">=", "县级特困人员供养服务设施")]),
    ("培育50个支持100所农村社会福利服务中心",  # 50个 names nothing: no fragment for a metric
     [(50, "个", "==", None), (100, "所", "==", "农村社会福利服务中心")]),
    ("全市建成5G基站1.2万个", [(12000, "个", "==", "5G基站")]),
    # a price's level to reach or cut to stays a target (a rule's parameter is none)
    ("一般工商业电价平均降低10%", [(10, "%", "==", "一般工商业电价平均降低")]),
    ("确保峰谷价差不低于3倍", [(3, "倍", ">=", "峰谷价差")]),
    ("全年跨境人民币结算量同比增长15%以上", [(15, "%", ">=", "全年跨境人民币结算量同比增长")]),
    ("保护修缮15幢历史风貌建筑", [(15, "幢", "==", "历史风貌建筑")]),  # a repair's count
    ("即时结算资金占本地医保基金月结算资金的80%以上", [(80, "%", ">=", "即时结算资金占本地医保基金月结算资金的")]),
    ("到2025年，数字经济核心产业增加值占GDP比重达到10%", [(10, "%", ">=", "数字经济核心产业增加值占GDP比重")]),
    ("建成15个左右国家级智能工厂", [(15, "个", "==", "国家级智能工厂")]),
    ("累计制修订30项以上建材行业智能制造标准", [(30, "项", ">=", "建材行业智能制造标准")]),  # 累计: a plan's total
    ("全市算力总规模达到12EFLOPS", [(12, "EFLOPS", ">=", "算力总规模")]),
    ("存储总量达10EB", [(10, "EB", "==", "存储总量")]),
    ("人工智能核心产业产值规模突破1000亿元", [(100000000000, "元", ">", "人工智能核心产业产值规模")]),
    ("带动相关产业规模超万亿元", [(1000000000000, "元", ">", "相关产业规模")]),
    ("每月至少两课时", [(2, "课时", ">=", None)]),
    ("2025年6月底前发布精品线路10条", [(10, "条", "==", "精品线路")]),  # 发布: a count made public
    # a rate's unit after its slash
    ("新增厨余垃圾处理能力200吨/日", [(200, "吨/日", "==", "厨余垃圾处理能力")]),
    ("梯次利用和再生利用能力达到20万吨/年以上", [(200000, "吨/年", ">=", "梯次利用和再生利用能力")]),
    ("成蚊密度降至2只/人工小时以下", [(2, "只", "==", "成蚊密度")]),  # no 只/人 of 人工小时
    # a paid rate's level the notice commits to; a condition-like 对…的 outside an award's sentence
    ("力争住院费用报销比例达到70%", [(70, "%", ">=", "住院费用报销比例")]),
    ("每年支持100家以上的企业开展技术改造，给予最高50万元奖励", [(100, "家", ">=", "企业")]),
    ("最高人民法院主要业务信息化覆盖率达到100%", [(100, "%", ">=", "最高人民法院主要业务信息化覆盖率")]),
    ("新增装机容量达到500万千瓦以上", [(5000000, "千瓦", ">=", "装机容量")]),  # a size, no noun after
    ("新建20个以上社区中心", [(20, "个", ">=", "社区中心")]),  # a count of things
    ("到2027年更新提升91个断面监测水站", [(91, "个", "==", "断面监测水站")]),  # 提升, 提高: commitments
    ("建成低轨卫星30颗以上", [(30, "颗", ">=", "低轨卫星")]),  # measure words of space hardware (颗, 发)
    ("科技和创新型中小企业超7万家", [(70000, "家", ">", "科技和创新型中小企业")]),  # 超 right before it
    ("进出口总额超过3100亿美元", [(310000000000, "美元", ">", "进出口总额")]),
    ("新增装机1.1亿千瓦", [(110000000, "千瓦", "==", "装机")]),  # as written, not a float's product
    ("推出100款以上具备适老化特征的智能产品", [(100, "款", ">=", "具备适老化特征的智能产品")]),
    ("弱磁场分辨率达到1pT的磁传感器实现量产", [(1, "pT", ">=", "磁传感器")]),  # a unit the list lacks
    ("能效比超过1TFLOPS/W的云端芯片", [(1, "TFLOPS/W", ">", "云端芯片")]),
    ("增材制造装备成形效率大于450cm3/h", [(450, "cm3/h", ">", "增材制造装备成形效率")]),
    ("制定智能船舶国家标准10项", [(10, "项", "==", "智能船舶国家标准")]),  # standards to write
    # a share written as a fraction in words
    ("实践性教学课时原则上占总课时一半以上", [(50, "%", ">=", "实践性教学课时原则上占总课时")]),
    ("“双师型”教师占专业课教师总数超过一半", [(50, "%", ">", "“双师型”教师占专业课教师总数")]),
    ("农村人口比重达到三分之一", [(33.3, "%", ">=", "农村人口比重")]),
    # a research guide's 考核指标: symbols as comparators, SI units the list lacks
    ("申请发明专利≥3项", [(3, "项", ">=", "申请发明专利")]),
    ("接触电阻≤500mΩ", [(500, "mΩ", "<=", "接触电阻")]),
    ("金属膜厚度不小于5μm", [(5, "μm", ">=", "金属膜厚度")]),
    ("温度测量精度优于0.5℃", [(0.5, "℃", "==", "温度测量精度")]),
    ("可输出5种以上不同应对策略方法", [(5, "种", ">=", "不同应对策略方法")]),
    ("延时≤200毫秒", [(200, "毫秒", "<=", "延时")]),
    ("研究提交国际标准立项草案5项", [(5, "项", "==", "国际标准立项草案")]),
    ("新开工安置房15546套", [(15546, "套", "==", "安置房")]),
    # counts that go on the target before them: the same measure's size
    ("开工老旧小区改造项目50个，约605万平方米，涉及居民6.2万户",
     [(50, "个", "==", "老旧小区改造项目"), (6050000, "平方米", "==", None), (62000, "户", "==", "涉及居民")]),
    ("新建养老机构20个，床位2000张", [(20, "个", "==", "养老机构"), (2000, "张", "==", "床位")]),
    ("专业毕业生人数达159万人，在全部19个分行业中位列第一", [(1590000, "人", "==", "专业毕业生人数")]),
    # a list of one unit's counts after one verb, each with a metric of its own
    ("完成美国白蛾有效防治面积0.6万亩，松材线虫病有效防治面积5.8万亩，其他有害生物防治面积2万亩",
     [(6000, "亩", "==", "美国白蛾有效防治面积"), (58000, "亩", "==", "松材线虫病有效防治面积"),
      (20000, "亩", "==", "其他有害生物防治面积")]),
    ("新建养老机构20个，全市现有社区服务中心床位2000张", [(20, "个", "==", "养老机构")]),  # another unit
    # a total's breakdown by year: each year's count goes on the total
    ("到2027年更新智能建造设备20台，其中2024年2台、2025年6台",
     [(20, "台", "==", "智能建造设备"), (2, "台", "==", None), (6, "台", "==", None)]),
    ("到2027年新购置环卫作业车41辆", [(41, "辆", "==", "环卫作业车")]),
    ("2024年升级替代移动警用装备520台", [(520, "台", "==", "移动警用装备")]),
    # measure words of other fields
    ("森林火灾受灾率控制在0.9‰以内", [(0.9, "‰", "<=", "森林火灾受灾率")]),
    ("举办或参与2场次以上的大学毕业生公开招聘会", [(2, "场次", ">=", "大学毕业生公开招聘会")]),
    ("新增生猪产能10万头", [(100000, "头", "==", "生猪产能")]),
    ("既有住宅加装电梯200部", [(200, "部", "==", "既有住宅加装电梯")]),
    ("新增配电容量650万千伏安", [(6500000, "千伏安", "==", "配电容量")]),
    # a count of more than the list holds, or of things to be made: a target
    ("新建学校、医院等10个项目", [(10, "个", "==", "学校、医院等")]),
    ("完成信息安全通用技术、车载网关、电动汽车充电等3项基础通用标准的立项",
     [(3, "项", "==", "信息安全通用技术、车载网关、电动汽车充电等")]),
    # a unit's alternatives in brackets are read with it; the first is the unit
    ("完成报废更新渔业设备2000艘（台、套）以上", [(2000, "艘", ">=", "报废更新渔业设备")]),
    ("开展20000场（次）志愿驻点服务", [(20000, "场", "==", "志愿驻点服务")]),
    # a count of places is no fine's 处以
    ("2025年开工建设规模化供水工程40处以上", [(40, "处", ">=", "规模化供水工程")]),  # the year is when, not what
    # a count a thing grows to
    ("2025年，示范基地增至40个", [(40, "个", "==", "示范基地")]),
    ("试点村扩大到300个", [(300, "个", "==", "试点村")]),
    ("布设排水管网液位监测设备350套", [(350, "套", "==", "排水管网液位监测设备")]),
    ("形成电池产能40吉瓦时", [(40, "吉瓦时", "==", "电池产能")]),
    ("投放自动驾驶车辆500辆", [(500, "辆", "==", "自动驾驶车辆")]),
    ("改扩建国省干线公路28公里", [(28, "公里", "==", "国省干线公路")]),
    ("集中打通国省干线断头路6处", [(6, "处", "==", "国省干线断头路")]),
    ("开行铁海联运班列1000列以上", [(1000, "列", ">=", "铁海联运班列")]),
    ("延伸供水管网4000公里", [(4000, "公里", "==", "供水管网")]),
    # a percentage in words
    ("户籍人口参保率达到百分之九十五以上", [(95, "%", ">=", "户籍人口参保率")]),
    ("缴费数据传递准确率达到百分之九十九点五以上", [(99.5, "%", ">=", "缴费数据传递准确率")]),
    ("“跨省通办”办结率达到百分之百", [(100, "%", ">=", "“跨省通办”办结率")]),
    ("全省工业级无人机年产能达到10万架", [(100000, "架", ">=", "工业级无人机年产能")]),
    # a qualifier of people served says which things; the rate after it is the target
    ("20户以上自然村光纤通达率达到98%", [(98, "%", ">=", "自然村光纤通达率")]),
    ("新增就业1万人以上", [(10000, "人", ">=", "就业")]),
    ("力争报销比例提高至70%", [(70, "%", "==", "报销比例")]),
    # grain in 斤 and a multiplier of two words; a floor held (守住); about a count (80余辆)
    ("确保全国粮食产量保持在1.3万亿斤以上", [(1300000000000, "斤", ">=", "全国粮食产量")]),
    ("坚决守住18亿亩耕地红线", [(1800000000, "亩", "==", "耕地红线")]),
    ("预计填谷响应总规模为50万千瓦", [(500000, "千瓦", "==", "预计填谷响应总规模")]),  # a scale to reach
    ("新购置湿垃圾车辆80余辆", [(80, "辆", "==", "湿垃圾车辆")]),
    ("力争将伦理审查时间压缩至3周以内", [(3, "周", "<=", "将伦理审查时间压缩至")]),  # a wait cut
])
def test_targets_and_their_metrics(clause: str, targets: list[tuple]) -> None:  # type: ignore[type-arg]
    assert [(t.value, t.unit, t.comparator, t.metric) for t in find_targets(clause)] == targets


@pytest.mark.parametrize("clause", [
    # a property's threshold that says which things
    "将发电行业年度直接排放量达到2.6万吨二氧化碳当量的单位纳入全国碳排放权交易市场管理",
    "优先支持绿电占比超过80%的新建算力基础设施",
    "月用网电量占其全部用网电量60%（含）以上的，免于偏差缺额收益回收",  # a condition, a remark in it
    # a subsidy's rate of a money base, a reward's step
    "单个项目支持额度不超过项目投资额的15%",
    "补助额度原则上为项目投资额的5%，单个项目补助上限为1000万元",
    "家电以旧换新零售额增量每达1000万元，给予6万元奖励",
    "每月结束后的40个自然日内完成存证",  # a time limit
    "二级及以上公立医院2人间和3人间病房",  # a kind of room
    # the count of the kinds just listed
    "继续支持冰箱、洗衣机、电视、空调、电脑、热水器、家用灶具、吸油烟机等8类家电产品以旧换新",
    "将支持范围进一步扩展至电子信息、安全生产、设施农业等3个领域",
    "补贴标准为产品销售价格的15%",  # a subsidy's rate of a price
    "全市共有养老机构20个，床位2000张",  # a count with no commitment: nothing goes on
    "对违法行为处以5000元罚款",  # a fine
    "第3条规定的情形",  # an ordinal
    "2至3个乡镇开展试点",  # a range describing scope
    "全面落实研发费用税前100%加计扣除政策",  # a rate a policy deducts at
    "力争营业收入5000万元以上的企业研发活动全覆盖",  # a threshold that says which enterprises
    "推出能效比领先（以16位浮点为基准）的芯片",  # a remark on how a figure is counted
    "建设5G基站和4K超高清频道",  # names, not units
    "特色评估由居民区党组织评估，占评估总分20%",  # a weight in a score
    "综合评估=基本评估得分×80%+特色评估得分×20%",
    "【原文下载】[通知.pdf](/cmsres/3b/3baf281a353b4dcd9cee72e0db84a13c/69d7680c8142d154abc6.pdf)",  # a path
    "企业提交材料从原来7项减少到0项，缩减比例达76%",  # a report of what was done
    "截至目前，累计为1657家企业提供了6245人次服务",
    "延期申请时长一次不得超过4个月",  # a duration
    "应在24小时内办结",  # a time limit, no cue
    "按本实施细则第十二条第3、81项规定提供材料",  # item references
    "依照《条例》（国务院令第708号）建立制度",  # an order's number
    "执行商务部令2019年第1号的规定",
    "中央网信办等4部门印发《工作要点》，提升全民数字素养",  # the bodies that issued a document
    "超长期特别国债支持项目",  # 超 of a word
    "一半时间用于学习",  # a fraction with no verb of share before it
    "把蛋糕分成两半",
    # what a policy grants and pays at (resources/targets.toml grant_words, paid_rate_words)
    "对国家级的给予100%的资金配套，最高500万元",
    "对省、市级立项的项目资金分别给予70%、50%配套",
    "给予最高1000万元安家补贴或最高200平方米人才公寓",
    "两项奖励总额最高为其个人经济贡献的100%",  # a cap on an award
    "按照其日工资收入的300%支付未休年休假工资报酬",  # a rate of pay
    "跨省异地转诊人员支付比例降幅在10个百分点左右",
    # a size that says which things (targets.toml size_units)
    "推动30万千瓦以上现役煤电机组节能降碳改造",
    "加快120万吨/年以下球团设备、180平方米以下带式烧结机、1200立方米以下高炉等升级改造",
    # the condition of a conditional award (condition_openers): which applicants are paid
    "对上一年度发明专利申请30件以上的单位给予奖励性资助3万元",
    "对年度主营业务收入达到200万元（含）以上的知识产权服务机构，经认定，给予20万元一次性奖励",
    "对新型研发机构主办会议规模不少于100人的大型论坛活动、学术会议，给予15万元资金支持",
    # …a list of thresholds, each with its own award
    "对年营业收入首次突破10亿元、50亿元、100亿元的制造业企业，分别给予100万元、200万元、300万元奖励",
    "对列入省级重点技术改造项目的，补助比例提高至12%",
    # a threshold that says which things
    "停招或撤并就业率连续两年低于70%的专业",
    "依法划定农村千人以上集中式饮用水水源保护区",
    "处以5000元以上罚款",
    # a share that admits or says whose vote counts
    "小区居民同意改造户数达到三分之二以上的方可纳入年度计划",
    "同意改造户数达到60%以上的方可纳入",
    "应当经专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决",
    "对符合条件的企业，给予百分之五十的补助",  # what is paid, in words
    "严格落实施工工地扬尘治理“六个百分之百”要求",  # a slogan's name
    # the places just named, counted: a scope
    "将行动范围扩大至石家庄、太原、哈尔滨3个城市",
    # the share of an investment a policy supports, an incentive's rate, a grant's condition
    "设备更新项目应为存量项目，支持比例不超过核定总投资的15%",
    "按照专项融资租赁产品年度实际投放融资金额的1%给予激励",
    "年销量5000辆以上的车型，给予1000万元激励",
    # the class of an event a response starts on, in the bracket that defines it
    "发生大型地质灾害险情（因灾死亡和失踪10人以上30人以下，或者受威胁人员500人以上）后，启动Ⅱ级响应",
    # a price or settlement rule's parameter: how it computes, no level to reach
    "省内燃煤发电市场化交易价格在基准价基础上，上下浮动原则上均不超过20%",
    "峰段电价在平段电价基础上上浮70%，低谷电价下浮60%",
    "偏差电量在合同电量的3%以内部分免于考核",
    "用户侧偏差电量按照当月结算价格的1.5倍结算",
])
def test_numbers_that_are_no_targets(clause: str) -> None:
    assert find_targets(clause) == []


def _targets_run(text: str) -> Notice:
    """The outline, then the targets stage, over a text."""
    notice = Notice(id="t", source=Source(path="t.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    return targets.run(outline.run(notice, Config()), Config())


def test_doc_targets_come_from_goal_units_at_any_level() -> None:
    text = ("一、总体要求\n（一）指导思想。坚持创新。\n（二）主要目标。到2025年，数字经济核心产业增加值占比达到10%。\n"
            "二、重点任务\n（一）建设平台。新建数据中心5个。\n")
    notice = _targets_run(text)
    assert [(t.value, t.unit) for t in notice.doc_targets] == [(10, "%")]
    assert [(t.value, t.unit) for t in notice.tasks[0].targets] == [(5, "个")]


@pytest.mark.parametrize(("clause", "found"), [
    ("原则上每年组织一次年度调整", [(1, "次", "==")]),  # resources/targets.toml [frequency]
    ("国务院常务会议一般每月召开三次", [(3, "次", "==")]),
    ("每学期至少开展两次应急演练", [(2, "次", ">=")]),
    ("每年开展2次督查", [(2, "次", "==")]),
    ("二次供水设施改造", []),  # an adjective, no period
    ("每年给予一次性补助", []),  # 一次性: once only, no count
])
def test_counts_of_times_per_period(clause: str, found: list[tuple[int, str, str]]) -> None:
    assert [(t.value, t.unit, t.comparator) for t in find_targets(clause)] == found


@pytest.mark.parametrize(("clause", "found"), [
    ("PM2.5年均浓度降至30微克/立方米", [(30, "微克/立方米", "==")]),  # 降至: a level to reach
    ("审批时限压减至5个工作日", [(5, "个工作日", "==")]),  # a duration cut to: a target
    ("全年完成投资500亿元", [(50000000000, "元", "==")]),  # an investment to complete
    ("带动社会投资1000亿元以上", [(100000000000, "元", ">=")]),
    ("推出30个“一件事”集成服务", [(30, "个", "==")]),  # 推出, 开通: to be made available
    ("新开通农村公交线路10条", [(10, "条", "==")]),
    ("线上线下参与约1.18亿人次", []),  # 线上线下 holds no 上线: no cue
    ("县级财政按每亩每年不低于20元的标准安排管护资金", [(20, "元", ">=")]),  # a funding standard's floor
    ("对年度投资不低于500万元的标准化项目给予补助", []),  # a condition of a grant
    ("年内同一部门对同一企业的年度检查次数同比下降30%以上", [(30, "%", ">=")]),  # a floor: to reach
    ("2022年，电子信息制造业营业收入同比增长5.5%", []),  # reported
    ("每年组织千场以上供需对接活动", [(1000, "场", ">=")]),  # counted: no campaign's name
    ("推动金融机构全年投放普惠小微贷款500亿元以上", [(50000000000, "元", ">=")]),
    ("储备项目规模不低于建设任务的1.5倍", [(1.5, "倍", "==")]),  # (不低于 too far back to compare)
    ("遴选出3~4倍于拟立项数量的申报项目", []),  # a procedure's ratio
    ("处以违法所得1%以上5%以下的罚款", []),  # a fine (targets.toml penalty_words)
    ("依法处以骗取金额2倍以上5倍以下的罚款", []),
    ("实际处理量达到设计处理能力的80%以上。低于60%的不得分", [(80, "%", ">=")]),  # a score's condition
    ("居民分类投放准确率达到85%以上得满分，每降低5个百分点扣2分", [(85, "%", ">=")]),  # the standard
    # a length of time: bounded or cut to (targets.toml duration_units)
    ("压缩企业开办时间至1个工作日以内", [(1, "个工作日", "<=")]),  # the cut's verb before 至
    ("城区急救平均反应时间缩短至12分钟以内", [(12, "分钟", "<=")]),
    ("急救电话接听时间不超过10分钟", []),  # a bound alone: a rule of procedure
    ("全年减畜20万羊单位以上", [(200000, "羊单位", ">=")]),
    ("农药施用强度控制在0.16公斤/亩以内", [(0.16, "公斤/亩", "<=")]),
    ("2026年底前关闭农业灌溉机井1200眼", [(1200, "眼", "==")]),
    ("检查经营单位不少于1.5万家次", [(15000, "家次", ">=")]),
    ("查处违法案件50起以上", [(50, "起", ">=")]),
    ("年底前在保余额达到120亿元", [(12000000000, "元", ">=")]),  # a balance to reach
    ("已查明隐患点群测群防覆盖率达到100%", [(100, "%", ">=")]),  # 已 of an attribute, far back
    ("全省已建成5G基站3万个", []),  # 已 of the verb: reported
    ("对贷款1000万元以上的企业给予贴息", []),  # who is paid
    ("公示期不少于5个工作日", []),  # a rule of procedure
    ("测试时间原则上不超过18个月", []),
    ("审批时间压缩至30个工作日以内", [(30, "个工作日", "<=")]),
    ("开展为期3个月的专项整治行动", []),  # how long
    ("收到申请后10个工作日内办结", []),  # a limit
    ("完成供水人口在1000人以上的集中式饮用水水源保护区划定", []),  # which water sources
    ("平台接入专业教学资源库1014个", []),  # 接入: reports use it too, no cue
    ("冬季开行旅游专列不少于30列次", [(30, "列次", ">=")]),
    ("2024年底前选派1000名职业院校专业课教师到企业实践", [(1000, "名", "==")]),
    ("2025年底前完成县域配电网改造投资60亿元", [(6000000000, "元", "==")]),
    ("力争到2025年实现11个设区市和雄安新区全覆盖", []),  # the places covered: a scope
    ("新建10个社区养老服务中心", [(10, "个", "==")]),
    ("培育营业收入超百亿元的数字经济企业10家", [(10, "家", "==")]),  # 超百亿元的: which firms
])
def test_levels_and_investments(clause: str, found: list[tuple[int, str, str]]) -> None:
    assert [(t.value, t.unit, t.comparator) for t in find_targets(clause)] == found


@pytest.mark.parametrize(("clause", "found"), [
    # a count written in words with a place word (resources/targets.toml [numerals_in_words])
    ("全省5G基站超过十万个", [(100000, "个", ">")]),
    ("千兆宽带用户超千万户", [(10000000, "户", ">")]),
    ("培育百家以上数字经济领军企业", [(100, "家", ">=")]),
    ("每年培训数字技能人才五万人次", [(50000, "人次", "==")]),
    ("支持千家企业产学研协同创新", [(1000, "家", "==")]),
    ("建成数据中心标准机架二十万个", [(200000, "个", "==")]),
    ("完成三千五百个行政村改造", [(3500, "个", "==")]),
    ("带动相关产业规模超万亿元", [(1000000000000, "元", ">")]),  # read once, not twice
    # a small count in words before 以上
    ("覆盖三种以上典型绿色能源自洽场景", [(3, "种", ">=")]),
    ("宜配备两条及以上不同的传输通道", [(2, "条", ">=")]),
    ("建成十五个以上示范区", [(15, "个", ">=")]),
    # no count
    ("推动清洁能源进入千家万户", []),  # an idiom
    ("千方百计扩大就业", []),
    ("数百家企业参与试点", []),  # an estimate
    ("成千上万家企业受益", []),
    ("到2025年每万人拥有社会工作者达到5名", [(5, "名", ">=")]),  # 每万人: the rate's denominator
    ("统一个人信息保护规则", []),  # 统一 + 个人
    ("开展一批以上试点", []),  # 一批: no count
    ("开展百项重点节能降碳标准建设行动", []),  # a campaign's name
    ("深入实施“千人计划”", []),
    ("全市工业万元增加值能耗下降25%", [(25, "%", "==")]),  # 万元: the unit of the rate's base
    ("为老年人提供便捷服务8400多万人次", []),  # an estimate
    ("支持华为、百度等企业建设平台", []),
    ("纳税人从两处以上取得工资、薪金所得的", []),  # a condition, no cue
    ("三类以上客运班线客车应配备手持体温检测仪", []),  # which vehicles a duty falls on
    ("在采购、销售、质量等三类以上管理软件领域开展应用验证", [(3, "类", ">=")]),
    ("每年组织一次以上培训", [(1, "次", ">=")]),  # a frequency, read once
])
def test_counts_in_words(clause: str, found: list[tuple[int, str, str]]) -> None:
    assert [(t.value, t.unit, t.comparator) for t in find_targets(clause)] == found


@pytest.mark.parametrize(("framing", "expected"), [
    # a goal sentence inside the framing paragraph, then the list that spells it out
    ("坚持创新驱动。到2026年，产业总体水平处于全国前列。\n——创新能力。打造5个以上创新平台。\n"
     "——集群发展。培育20家左右骨干企业。\n", [(5, "个"), (20, "家")]),
    # a goal paragraph; the list ends at the first line that is no list item
    ("力争到2025年，实现以下目标：\n一是建成数据中心3个。\n坚持统筹推进，建设平台10个。\n", [(3, "个")]),
    # a goal clause after a comma of the framing paragraph
    ("坚持场景牵引，着力培育生态，到2025年，培育骨干企业50家以上。\n", [(50, "家")]),
    # a goal year relative to the notice's own
    ("制定本工作要点。到今年底，力争全市新增经营主体45万户以上。\n", [(450000, "户")]),
    # no goal year: the figures of a framing paragraph are no goals
    ("坚持创新驱动，近年建成平台8个。\n——培育企业20家。\n", []),
    # a PDF's text layer: a spaced year, a lead-in that names the goals, items wrapped across
    # printed lines (mid-sentence, or after a 。 on a full-width line)
    ("推动制造业实现数字化转型、网络化协同、智能化变革。\n2025 年的主要目标是：\n"
     "——转型升级成效显著。70%的规模以上制造业企业基本\n实现数字化网络化，建成 500 个以上引领行业发展的\n"
     "示范工厂。制造业企业的生产效率显著提升，成效显著。\n培育 150 家以上专业水平高的方案供应商企业。\n"
     "坚持创新驱动，统筹推进。\n", [(70, "%"), (500, "个"), (150, "家")]),
    ("坚持统筹推进。到 2025 年，培育骨干企业 50 家以上。\n", [(50, "家")]),
    # goal paragraphs that open with a lead phrase of their own, after the goal year's paragraph
    ("以数字化转型为牵引。\n到2027 年，骨干企业基本实现数字化改造全覆盖。\n"
     "数字化普及率显著提升。关键工序数控化率达到75%，建设20个左右数字园区。\n"
     "数字化支撑体系更加完善。制修订100项以上标准。\n", [(75, "%"), (20, "个"), (100, "项")]),
])
def test_doc_targets_of_a_framing_part_come_from_its_goal_passage(
        framing: str, expected: list[tuple[int, str]]) -> None:
    notice = _targets_run(f"一、总体要求\n{framing}二、重点任务\n（一）建设平台。新建数据中心5个。\n")
    assert [(t.value, t.unit) for t in notice.doc_targets] == expected


@pytest.mark.parametrize("clause", [
    "按照应用场景实际研发投入的30%，提供财政补助",
    "给予不超过实际投资额5%的奖励，单个项目最高不超过100万元",
])
def test_a_rate_money_is_paid_at_is_no_target(clause: str) -> None:
    assert [t for t in find_targets(clause) if t.unit == "%"] == []


@pytest.mark.parametrize(("clause", "bounds"), [
    ("争创1—2个国家级重大创新平台", (1, 2, "个")),
    ("按年度药品总用量的60%—70%估算采购总量", (60, 70, "%")),
    ("每年举办1-2场经验交流活动", (1, 2, "场")),
    ("完成3-5万个智能充放电桩建设", (30000, 50000, "个")),  # the multiplier after the upper number is both's
    ("新增分布式光伏装机2至3万千瓦", (20000, 30000, "千瓦")),
])
def test_a_range_gives_its_lower_bound_and_value_max(clause: str, bounds: tuple) -> None:  # type: ignore[type-arg]
    (t,) = find_targets(clause)
    assert (t.value, t.value_max, t.unit) == bounds


def test_numbers_under_a_conditions_unit_are_no_targets() -> None:
    text = ("一、重点任务\n（一）推进园区建设。每年新建示范园区5个以上。\n"
            "（二）规范园区申报。申报园区应具备下列条件：入驻企业20家以上，建成公共服务平台1个以上。\n")
    notice = _targets_run(text)
    by_task = {t.heading[:4]: [(x.value, x.unit) for x in t.targets] for t in notice.tasks}
    assert by_task == {"推进园区": [(5, "个")], "规范园区": []}
    # a technical condition a thing must meet to be paid for
    text = ("第一章 总则\n第一条 为推广新能源巡游车，制定本办法。\n第二章 推广与补助\n"
            "第二条 2025年全区推广新能源巡游车500辆。\n"
            "第三条 车辆技术条件和补助标准。综合工况续航里程≥400公里，快充时间≤1小时。\n")
    by_task = {t.number: [(x.value, x.unit) for x in t.targets] for t in _targets_run(text).tasks}
    assert by_task == {"第二条": [(500, "辆")], "第三条": []}


def test_a_range_whose_cue_belongs_to_an_earlier_count_is_scope() -> None:
    found = find_targets("至少建有3所能够面向周边2至3个镇提供服务的中心")
    assert [(t.value, t.unit, t.value_max) for t in found] == [(3, "所", None)]


@pytest.mark.parametrize(("framing", "goals"), [
    ("统筹推进。2026年，全市计划开工改造老旧小区180个，新建完整社区20个。", [(180, "个"), (20, "个")]),
    ("统筹推进。2025年，全市已完成改造老旧小区150个。", []),  # a year's report, no plan
])
def test_doc_targets_of_a_years_plan_in_a_framing_part(framing: str, goals: list[tuple[int, str]]) -> None:
    notice = _targets_run(f"一、总体要求\n坚持以人民为中心，{framing}\n二、重点任务\n"
                          "（一）建设平台。新建数据中心5个。\n（二）完善机制。\n")
    assert [(t.value, t.unit) for t in notice.doc_targets] == goals


def test_doc_targets_of_a_preamble_that_states_the_goals() -> None:
    notice = _targets_run("国家职业教育改革实施方案\n职业教育与普通教育是两种不同教育类型。\n"
                          "具体指标：到2022年，建设50所高水平高等职业学校和150个骨干专业（群）。\n"
                          "一、完善制度体系\n（一）健全制度框架。新建数据中心5个。\n")
    assert [(t.value, t.unit) for t in notice.doc_targets] == [(50, "所"), (150, "个")]


@pytest.mark.parametrize(("clause", "found"), [
    ("对初始申请的道路测试车辆在10辆及以上的，联席会议可组织专家论证", []),  # a threshold clause
    ("年均培训该职业数字技术人才少于200人次的，视为主动放弃", []),
    ("培育100家以上的龙头企业", [(100, "家")]),  # 的 before a noun: the target itself
])
def test_a_number_that_closes_a_conditional_clause_is_no_target(
        clause: str, found: list[tuple[int, str]]) -> None:
    assert [(t.value, t.unit) for t in find_targets(clause)] == found


def test_numbers_after_an_articles_conditions_lead_in_are_no_targets() -> None:
    text = ("第一章 总则\n第一条 为规范测试，制定本办法。\n第二章 测试管理\n"
            "第二条 测试车辆的自动驾驶里程达到1000公里。\n驾驶人是指测试车内的人员。驾驶人应符合下列条件：\n"
            "（一）具有3年以上驾驶经历；\n（二）最近1年内无超速50%以上记录。\n")
    notice = _targets_run(text)
    assert [(t.value, t.unit) for task in notice.tasks for t in task.targets] == [(1000, "公里")]


@pytest.mark.parametrize(("clause", "found"), [
    # a floor on funds, its list going on after 、
    ("区政府要加大养护力度，日常养护资金不得低于县道每年每公里1万元、乡道每年每公里5000元、村道每年每公里3000元",
     [(10000, "元"), (5000, "元"), (3000, "元")]),
    ("罚款不低于5000元", []),  # a fine
    ("力争全年实现新增零售额1.3亿元", [(130000000, "元")]),  # retail sales: an output
    ("确保全年外贸进出口总额达216亿元，比增10%", [(21600000000, "元"), (10, "%")]),  # a growth committed to
    ("2022年，电子信息制造业实现营业收入15.4万亿元，同比增长5.5%", []),  # a growth reported
    ("全年完成营业收入12亿元，同比增长8%", []),  # …an amount compared with the year before: reported
    ("力争全年完成营业收入12亿元，同比增长8%", [(1200000000, "元"), (8, "%")]),  # …unless committed
    ("重点排放单位2024年度预分配配额按2023年度配额的70%核算", []),  # the basis a quantity is computed on
    ("缺口部分按20%计", []),
    ("按计划完成改造任务80%以上", [(80, "%")]),  # 按 without computing: a target
    ("集装箱吞吐量突破10万标箱", [(100000, "标箱")]),
    ("领军企业。2018年度人工智能方向研发经费不低于500万元", []),  # what an applicant must have
])
def test_amounts_of_money_a_measure_commits(clause: str, found: list[tuple[float, str]]) -> None:
    assert [(c.value, c.unit) for c in find_targets(clause)] == found


def test_doc_targets_of_an_attached_plans_framing_part() -> None:
    """The cover letter's points come first; the attached plan states its goals in its own 一、总体要求."""
    text = ("关于印发行动方案的通知\n各地级以上市：\n一、各地要制定本地区方案，加强日常调度。\n"
            "二、企业要细化改造内容。\n附件\n某省节能降碳改造行动方案\n一、总体要求\n坚持稳中求进。到2028年底，重点行业能效标杆产能比例平均提高20个百分点，"
            "累计形成节能量约400万吨标准煤。\n二、重点任务\n（一）钢铁行业。推动节能降碳改造。\n")
    notice = _targets_run(text)
    assert [(t.value, t.unit) for t in notice.doc_targets] == [(20, "个百分点"), (4000000, "吨标准煤")]


def test_numbers_under_a_list_of_cases_are_conditions() -> None:
    """符合下列情形之一的，由…组织实施: the cases say when it applies (targets.toml condition_cues)."""
    text = ("第一章 总则\n第一条 为规范调查评估，制定本办法。\n第二章 组织\n"
            "第二条 符合下列情形之一的，由省人民政府组织实施重大自然灾害的调查评估：\n"
            "（一）山洪、泥石流等灾害造成10人及以上、30人以下死亡失踪的；\n"
            "（二）因自然灾害因素引发的垮塌，造成10人及以上、30人以下死亡失踪的。\n")
    notice = _targets_run(text)
    assert [t.targets for t in notice.tasks] == [[]]


def test_numbers_under_a_markets_entry_conditions_are_conditions() -> None:
    """第二章 准入条件 of a market's rules: who may enter, no commitments (targets.toml condition_cues)."""
    text = ("第一章 总 则\n第一条 为规范市场准入，制定本细则。\n第二章 准入条件\n第二条 电力用户\n"
            "（一）电压等级10千伏及以上、年用电量100万千瓦时及以上。\n第三条 售电公司\n"
            "（一）资产总额应不低于2000万元人民币。\n（二）拥有10名及以上专业人员。\n")
    notice = _targets_run(text)
    assert [t.targets for t in notice.tasks] == [[], []]


@pytest.mark.parametrize(("words", "value"), [
    ("十", 10), ("二十三", 23), ("百", 100), ("一百零五", 105), ("一百五十", 150), ("两千", 2000),
    ("三千五百", 3500), ("十万", 100000), ("二十万", 200000), ("千万", 10000000), ("十亿", 1000000000),
    ("一亿五千万", 150000000), ("万亿", 1000000000000),
    ("三五", None), ("百一", None), ("一万五", None), ("万万", None), ("十百", None), ("", None),
])
def test_chinese_amounts(words: str, value: int | None) -> None:
    from pipeline.text import cn_amount
    assert cn_amount(words) == value


def test_a_measure_that_sets_an_entry_standard_keeps_its_target() -> None:
    """制定废钢加工行业准入标准 is a measure's act; its 2030 target stands (only a heading of entry
    conditions makes numbers conditions)."""
    text = ("一、重点任务\n4.构建废铁废钢回收利用体系。制定废钢加工行业准入标准。"
            "到2030年，全市钢铁行业平均炼钢废钢比达到20%以上。\n")
    notice = _targets_run(text)
    assert [(t.value, t.unit) for t in notice.tasks[0].targets] == [(20, "%")]
