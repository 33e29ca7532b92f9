"""A regulation's promulgation line: date, organ and order, the last revision winning."""

from __future__ import annotations

import pytest

from pipeline.stages.header_promulgation import find_promulgation


@pytest.mark.parametrize(("text", "found", "written"), [
    # the organ as the body it is (a congress's term left out, its full name kept); the order as written
    ("# 公民举报危害国家安全行为奖励办法\n\n2022年6月6日 中华人民共和国国家安全部令第2号公布\n",
     ("2022-06-06", "中华人民共和国国家安全部", "中华人民共和国国家安全部令第2号"), "中华人民共和国国家安全部"),
    ("企业职工带薪年休假实施办法\n（2008年7月17日经人力资源和社会保障部第6次部务会议通过）\n",
     ("2008-07-17", "人力资源和社会保障部", None), "人力资源和社会保障部"),
    # a history: adopted, amended, revised — the text as last revised
    ("某省实施办法\n(2000年5月27日某省第九届人民代表大会常务委员会第十六次会议通过 根据2010年7月29日某省第十一届"
     "人民代表大会常务委员会第十七次会议《关于修改部分地方性法规的决定》修正 2019年9月28日某省第十三届人民代表大会"
     "常务委员会第十三次会议修订)\n",
     ("2019-09-28", "某省人民代表大会常务委员会", None), "某省第十三届人民代表大会常务委员会"),
])
def test_a_promulgation_line(text: str, found: tuple[str, str, str | None], written: str) -> None:
    p = find_promulgation(text)
    assert p is not None and (p.date, p.organ, p.order) == found
    assert text[p.date_span[0]:p.date_span[1]].startswith(found[0][:4])
    assert text[p.organ_span[0]:p.organ_span[1]] == written


@pytest.mark.parametrize("text", [
    "关于做好工作的通知\n各市：\n2022年6月6日前，各市要完成第2次会议的筹备。\n",  # a deadline in the body
    # a report made at a meeting, not a regulation it adopted
    "国务院关于数字经济发展情况的报告\n——2022年10月28日在第十三届全国人民代表大会常务委员会第三十七次会议上\n",
    "关于做好工作的通知\n" + "各市要加强管理。\n" * 12 + "2022年6月6日经省政府第5次常务会议通过\n",  # too far down
])
def test_no_promulgation_line(text: str) -> None:
    assert find_promulgation(text) is None
