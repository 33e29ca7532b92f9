const article1 = `<table width="800" style="
margin: 0 auto;
" cellspacing="0" cellpadding="0" border="0">
<tbody>
<tr>
<td class="detail" deep="7">
<p style="display:none;font-family:楷体,楷体_GB2312; text-align:right; font-size:16px;" data-filtered="filtered">
国能综通安全〔2021〕108号
</p>
<h1 style="display:none;" data-filtered="filtered">
国家能源局综合司关于做好今冬明春电力行业火灾防控工作的通知 国能综通安全〔2021〕108号
</h1>
<p>
</p><p>
</p><p>
</p>


<p>
</p><p>各省（自治区、直辖市）能源局，有关省（自治区、直辖市）及新疆生产建设兵团发展改革委、经信委（工信厅），北京市城市管理委，全国电力安委会各企业成员单位：</p>
<p>　　为贯彻落实国务院安委会办公室关于今冬明春火灾防控工作的部署要求，做好今冬明春电力行业火灾防控工作，防范遏制重特大火灾事故发生，现就有关工作要求通知如下。</p>
<p><strong>　　一、工作目标</strong></p>
<p>　　认真学习贯彻习近平总书记关于安全生产的重要指示精神，坚持人民至上、生命至上，清醒认识今冬明春可能发生的极端天气、疫情反复、电力供应紧张等多重因素叠加下的严峻形势，切实提高政治站位，增强防控火灾的责任感、紧迫感，围绕2022年北京冬奥会和冬残奥会、全国“两会”等重大活动和元旦、春节、元宵节等重要节日，聚焦重要领域和薄弱环节，采取有力措施，深入开展今冬明春电力行业火灾防控工作，有效防范重特大火灾事故发生，确保电力系统安全稳定运行和电力可靠供应。</p>
<p><strong>　　二、重点任务</strong></p>
<p><strong>　　（一）防范电力领域高风险和敏感场所火灾事故</strong></p>
<p><strong>　　抓好电力领域高风险场所火灾防控检查治理。</strong>电力企业要高度重视高风险场所火灾防范，结合冬春季特点制定严密措施，针对高压电力充油设备、输配电设备“树线矛盾”突出区域、发电厂储煤储氢储油储气和危化品储存地、施工爆炸物储存地以及其他易燃易爆高火灾风险场点，加大检查巡视力度，严格排查治理各类消防隐患，整治乱拉乱接电气线路、设备过载运行和违规使用易燃可燃建筑板材、隔热保温材料等问题，加强消防装备设施配备和企业消防力量建设，不断提升电力行业应急处置和救援能力，坚决遏制群死群伤火灾事故发生。</p>
<p><strong>　　全力防范火灾事故影响敏感场所可靠供电。</strong>电力企业要对生产指挥中心、核心机房等事关电力安全生产秩序的场所开展消防安全综合整治，建立问题隐患和整改责任“两个清单”，挂账整改、照单销号。要全力防范火灾引发供电全失导致医院、集中隔离点、防疫物资生产企业等涉疫重点场所，以及政府、军队等重要电力用户失电等情况的发生。</p>
<p><strong>　　（二）预防和减少电力企业小单位小场所亡人火灾事故</strong></p>
<p>　　电力企业要对本单位生产办公区、高层建筑、施工现场营地以及基层单位开展安全检查，深入排查用火用电、施工改造、违章搭建、值班值守等方面风险隐患，重点整治防火分隔不到位、违规用火用电等问题，落实基层监管。对存在严重隐患问题的，要采取临时停产停用措施并立即整改。</p>
<p><strong>　　（三）防范电力新业态新领域消防安全风险</strong></p>
<p>　　电力企业要开展电化学储能电站安全风险隐患专项治理行动，重点排查和评估设置在人员密集、高层地下、易燃易爆品周边等场所的电化学储能电站，对于存在重大事故隐患的，依法予以停用、搬离。强化新能源领域消防安全风险隐患源头管控，提升本质安全水平。</p>
<p><strong>　　（四）强化重大活动和重要节点电力消防安全风险管控</strong></p>
<p><strong>　　加强重大活动重要电力设施消防安保力度。</strong>2022年北京冬奥会和冬残奥会、全国“两会”等重大活动期间，相关电力企业要提高火灾防范等级，针对密集输电走廊、重要发电厂、枢纽变电站等重点部位开展电力安全风险隐患排查专项行动，加强活动举办地关键环节防范。周边地区要组织对重要基础电力设施逐一开展排查，提高防火巡查检查频次，筑牢安全屏障。</p>
<p><strong>　　增强重要节点电力消防安全防范措施。</strong>各单位要紧盯元旦、春节、元宵节等重要时间节点的火灾防控，广泛开展提示性、警示性消防宣传。各地方电力管理部门要以联合检查、交叉检查、错时检查等方式开展专项检查，督促电力企业加强巡查看护，强化值班值守和应急力量，认真做好电力生产消防安全风险隐患自查自改。</p>
<p><strong>　　（五）强化电力消防安全宣教培训</strong></p>
<p>　　电力企业要高度重视消防安全宣教培训工作，广泛开展电力生产运行消防安全责任人、管理人、工作人员的消防安全宣教培训活动，突出抓好基层班组这一基础环节，采用影视宣教、安全讲座、专项培训、消防演练等多种方式，切实提高一线人员安全防范意识和逃生自救能力。</p>
<p><strong>　　三、时间步骤</strong></p>
<p><strong>　　（一）部署发动（2021年12月10日前）。</strong>各单位结合实际，进一步明确职责任务、细化工作措施，广泛发动、部署到位。</p>
<p><strong>　　（二）组织实施（2021年12月11日至2022年3月25日）。</strong>各单位要组织开展火灾隐患排查整治，加大消防安全检查和消防宣教培训力度，定期研判调度，从严从实从细抓好各项责任措施落实。</p>
<p><strong>　　（三）总结验收（2022年3月26日至3月31日）。</strong>各单位认真总结工作，固化经验做法，健全完善消防安全风险分级管控和隐患排查双重预防机制。</p>
<p><strong>　　四、工作要求</strong></p>
<p><strong>　　（一）强化组织领导。</strong>各单位要树牢安全发展理念，坚持底线思维，强化指挥调度，定期会商研判，下大力气消除电力行业重大消防安全风险隐患，抓好冬春火灾防控工作组织实施。电力企业总部要加强对下属企业的督促指导，促进消防安全管理提质增效。</p>
<p><strong>　　（二）加强电力安全风险隐患综合整治。</strong>电力企业要开展消防安全大排查，对检查发现的重大问题，及时向国家能源局报告；要全面推行消防安全风险隐患自知自查自改和公示承诺管理制度，主动接受社会监督；要鼓励引导企业职工举报身边的火灾隐患，形成群防群治的良好局面。</p>
<p><strong>　　（三）及时推进工作。</strong>请各单位按照要求，有序开展防控工作，于2022年3月31日前，将动员部署及防控工作情况报送国家能源局电力安全监管司。</p>
<p>　　联系邮箱：yingji@nea.gov.cn</p>
<p>
</p><p>
</p><p style="TEXT-ALIGN: right" align="right">　　国家能源局综合司</p>
<p style="TEXT-ALIGN: right" align="right">　　2021年12月6日</p>
<p>　　</p>
</td>
</tr>
</tbody>
</table>`;

const article2 = `<table width="800"  style="
margin: 0 auto;
" cellspacing="0" cellpadding="0" border="0">
<tbody>
<tr>
<td class="detail" deep="7">
<p style="display:none;font-family:楷体,楷体_GB2312; text-align:right; font-size:16px;" data-filtered="filtered">
国能综通煤炭﹝2021﹞59号
</p>




<p>
</p><p>各产煤省、自治区、直辖市、新疆生产建设兵团发展改革委（能源局）、煤矿安全监管部门，有关中央企业，重点煤炭企业、煤机装备制造企业、高等院校、科研院所、高新技术企业，有关行业协会：</p>
<p>　　为贯彻落实《关于加快煤矿智能化发展的指导意见》（发改能源〔2020〕283号）要求，加快煤矿智能化技术装备研发与应用，提升煤矿智能化建设水平，现就有关事项通知如下。</p>
<p>　　一、充分认识煤矿智能化技术装备的重要性。党中央国务院高度重视制造强国建设，要求实施智能制造和绿色制造工程，推动传统产业向高端化、智能化、绿色化转型。智能化技术装备是煤矿智能化建设的重要支撑和关键环节，各单位要以加快推进新一代信息技术与煤炭产业融合发展为目标，以建立健全智能高端技术装备研发与应用体系为着力点，进一步解放思想，创新举措，加强协同，大力实施创新工程和首台套示范应用工程，不断提升煤矿智能化技术装备国产化、成套化水平，为煤矿智能化建设提供有力保障。</p>
<p>　　二、坚持市场主导与政府引导相结合。煤矿智能化技术装备研发应用，要以企业为主体、市场为导向，充分发挥市场在资源配置中的决定性作用，更好发挥政府引导和服务作用，为技术装备发展创造良好环境。以智能化技术装备研制与推广应用相结合为切入点，不断完善产学研用相结合的研发推广应用机制，着力发展能够有效补齐产业链短板、支撑产业转型升级的重大智能高端技术装备、软件控制系统和成套生产线，推动高端智能技术装备研发和应用协同发展。</p>
<p>　　三、明确技术装备研发与应用重点。完善煤矿智能化技术装备产业链，增强产业链供应链的自主可控能力。全面开展适用于不同赋存条件、不同开采模式的煤矿智能化技术装备研发及应用，重点研发应用自动化控制、智能提升、复杂条件智能开采、智能快速掘进、智能随探随掘或地球物理超前探测、工作面智能物探、智能辅助运输、煤矿机器人、电铲智能铲装、卡车无人驾驶、辅助设备远程操控、智能穿爆、智能供配电、智能供排水、安全隐患智能监测预警、灾害应急智能救援、煤矿高可靠5G等智能化技术装备；着力开展煤矿工程智能化综合管控平台、煤矿工业互联网系统、智能化软件系统等研发和应用，加快灾害严重矿井及危险、繁重岗位机器人替代，推动煤矿机器人和智能装备系统集成创新暨无人（少人）科学试验矿井攻关，推动煤矿智能装备系统集成创新和科学试验攻关。</p>
<p>　　四、加强基础理论研究和技术装备研发。发挥煤矿智能化发展协调机制作用，推动实施国家煤矿智能化重大技术装备发展计划项目。高等院校、科研机构要发挥人才技术优势，加强前沿理论和技术基础研究，建立技术装备验证体系，重点在数学模型、分布控制、评价预测等方向上加快突破。煤机装备制造企业要实施产业再造和智能制造工程，加大研发投入力度，对核心基础零部件、先进基础工艺、关键基础材料等共性关键技术联合攻关，加快先进技术成果转化，提升智能化装备可靠性和系统集成性。高新技术企业要在数字通讯、控制系统、软件开发、数据挖掘等领域不断突破，研发具有自主知识产权的现场设备开放网络平台、融合承载网络平台、边缘计算、云平台、工业数据库等，推动智能化技术与5G、工业互联网融合发展，拓宽应用场景，提升其对煤矿智能化建设需求的适配性。</p>
<p>　　五、加快高端智能技术装备成果转化应用。创新产学研合作模式，深化产业链与创新链融合发展，完善知识产权和利益分享机制。有关中央企业、重点煤炭企业要加大科技成果转化应用力度，从建设理念、系统架构、装备技术、综合管理等方面，组织梳理科技成果，加快推进成熟度高、集成兼容性强的技术装备产业化、工程化，强化技术装备成果转化。推动煤矿智能化装备和机器人产业基地建设，发挥集聚效应和示范带动作用。建立智能装备检测试验工作机制，推动智能装备及机器人与安标的有效协调认证。要建立科技转化对接长效机制，发挥智能化示范煤矿在技术装备成果转化应用上的重要载体作用，加强与智能化装备制造企业、智能化技术服务单位之间的合作，引领煤矿智能化高端智能技术装备在整体煤矿智能化建设中的推广应用，持续提升智能化建设和安全生产水平。</p>
<p>　　六、推动完善科技创新体制机制。坚持创新在煤矿智能化建设全局中的核心地位，加快科技自立自强步伐，优化科技创新环境，完善创新链、拉长产业链。推动重点示范项目、人才、资金一体化配置，鼓励各单位创立研发机构（研发中心、工程中心、重点实验室）；建立健全研发经费企业投入为主体、社会多渠道投入机制，支持和鼓励有关中央企业、重点煤炭企业、煤机装备制造企业、有关高新技术企业，改进科技项目组织管理方式，实行“揭榜挂帅”等制度，对科技创新人才给予其科技贡献相当的报酬或激励。</p>
<p>　　七、搭建技术成果研发应用平台。国家能源局、国家矿山安全监察局将定期发布智能化煤矿建设技术装备研发重点方向及技术目录，建立科技攻关协同机制，适时组织遴选一批经济适用性强、可靠性高、应用效果好的智能化技术装备，经论证后在行业推广应用。中国煤炭工业协会等行业组织要加强引导企业开展智能化煤矿建设、共性关键技术攻关，做好标准制定与实施、创新成果的知识产权保护以及高价值专利培育等工作。</p>
<p>
</p><p style="TEXT-ALIGN: right" align="right">国家能源局综合司 国家矿山安全监察局综合司</p>
<p style="TEXT-ALIGN: right" align="right">2021年5月14日&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </p>
<p>
</p></td>
</tr>
</tbody>
</table>`;
const article3 = `<div class="zhengwei1" id="zhengwen" deep="10">
<p style="text-indent:43px;line-height:28px;background:white"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">按照《国家煤矿安监局国家能源局关于印发&lt;煤矿瓦斯等级鉴定信息公示制度&gt;的通知》（煤安监技装〔2020〕23号）和《关于印发&lt;煤矿瓦斯等级鉴定信息公示办法（试行）&gt;的通知》（晋能源煤技发〔2021〕79号）有关规定，现将霍州煤电集团晋北能化有限责任公司等5家高瓦斯等级鉴定机构（单位）基本信息进行公示。</span></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">鉴定机构（单位）名称：</span></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">1.</span><a href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476517396642.pdf" title="霍州煤电集团晋北能化有限责任公司.pdf" style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px; text-decoration: underline;" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476517396642.pdf" target="_blank"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">霍州煤电集团晋北能化有限责任公司.pdf</span></a></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">2.</span><a href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476517560654.pdf" title="霍州煤电集团吕梁山煤电有限公司方山木瓜煤矿.pdf" style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px; text-decoration: underline;" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476517560654.pdf" target="_blank"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">霍州煤电集团吕梁山煤电有限公司方山木瓜煤矿.pdf</span></a></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">3.</span><a href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476517732319.pdf" title="山西安标检验认证有限公司.pdf" style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px; text-decoration: underline;" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476517732319.pdf" target="_blank"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">山西安标检验认证有限公司.pdf</span></a></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">4.</span><a href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476517840347.pdf" title="中检集团公信安全科技有限公司.pdf" style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px; text-decoration: underline;" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476517840347.pdf" target="_blank"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">中检集团公信安全科技有限公司.pdf</span></a></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">5.</span><a href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476517953918.pdf" title="山西中能华信矿业技术有限公司.pdf" style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px; text-decoration: underline;" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476517953918.pdf" target="_blank"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">山西中能华信矿业技术有限公司.pdf</span></a></p>
<p style="text-indent:43px;line-height:28px;background:white"><span style="font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;"></span><br data-filtered="filtered"></p>
<p style="text-align: left; line-height: 28px; background: white;"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">&nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; 山西省能源局&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></p>
<p style="text-align: left; text-indent: 43px; line-height: 28px; background: white;"><span style="color: black; background: white; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">&nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;2021年7月19日</span></p>
<p><br data-filtered="filtered"></p>
<br data-filtered="filtered">

</div>`;
const article4 = `<div class="zhengwei1" id="zhengwen">
<p style="text-align: left; line-height: 40px; text-indent: 43px;"><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: 仿宋_GB2312; font-size: 18px;">经吕梁市、晋城市、晋中市能源局申请，省能源局按照规定组织专家对霍州煤电集团有限责任公司方山店坪煤矿10-1011巷Ⅱ段掘进工作面等14个智能化建设项目进行了现场评定，现将符合《全省煤矿智能化建设基本要求及评分方法（试行）》的智能化项目予以公告。</span></p>
<p style="line-height: 16px;"><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: 仿宋_GB2312; font-size: 18px;">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; 附件：<a title="全省煤矿智能化建设评定结果(第二批）.xlsx" style="color: rgb(0, 102, 204); font-size: 12px;" href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476378932840.xlsx" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476378932840.xlsx" target="_blank"><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: Arial; font-size: 18px;">全省煤矿智能化建设评定结果(第二批）.xlsx</span></a></span></p>
<p style="text-align: right; line-height: 40px; text-indent: 363px;"><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: 仿宋_GB2312; font-size: 18px;">山西省能源局 &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; &nbsp; </span></p>
<p style="text-align: right;"><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: 仿宋_GB2312; font-size: 18px;">2021年7月13日</span><span style="background: rgb(255, 255, 255); color: rgb(0, 0, 0); font-family: 仿宋_GB2312; font-size: 21px;">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></p>
<p>&nbsp;</p>
<br>

</div>`;
const article5 = `<div class="zhengwei1" id="zhengwen">
<p style="line-height: 16px;"><br></p>
<p style="line-height: 16px;"><span style="color: rgb(0, 102, 204); text-decoration: underline; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;">&nbsp;<a style="color: rgb(0, 102, 204); text-decoration: underline; font-family: 仿宋_GB2312, FangSong_GB2312; font-size: 18px;" href="http://nyj.shanxi.gov.cn/zfxxgk/fdzdgknr/snyjwj/tz/202107/P020210825476263749402.pdf" title="关于做好2021年全省煤炭储备能力建设工作的通知（晋能源信监发〔2021〕272号）.pdf" appendix="true" oldsrc="/protect/P0202108/P020210825/P020210825476263749402.pdf" target="_blank">关于做好2021年全省煤炭储备能力建设工作的通知（晋能源信监发〔2021〕272号）.pdf</a></span></p>
<p><br></p>
<br>

</div>`;

export const infoList = [
  { id: 1, content: article1, from: "国家能源局", title: "国家能源局综合司关于做好今冬明春电力行业火灾防控工作的通知", time: "	2021-12-06 00:00" },
  { id: 2, content: article2, from: "国家能源局", title: "国家能源局综合司 国家矿山安全监察局综合司关于支持鼓励开展煤矿智能化技术装备研发与应用的通知 国能综通煤炭﹝2021﹞59号", time: "2021-05-14 00:00" },
  { id: 3, content: article3, from: "煤炭生产技术处", title: "霍州煤电集团晋北能化有限责任公司等5家瓦斯等级鉴定机构信息公示", time: "2021-07-30 11:14" },
  { id: 4, content: article4, from: "煤炭生产技术处", title: "关于霍州煤电集团有限责任公司方山店坪煤矿10-1011巷Ⅱ段掘进工作面等14个智能化建设项目评定结果的公告", time: "2021-07-13 14:48" },
  { id: 5, content: article5, from: "信息与监测处", title: "关于做好2021年全省煤炭储备能力建设工作的通知", time: "2021-07-02 09:11" }
];
