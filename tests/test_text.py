"""pipeline.text.segment: jieba-rs gives jieba's tokens, Latin runs split as jieba splits them."""

from __future__ import annotations

import pytest

from pipeline.text import quiet_tokenizer, segment


@pytest.mark.parametrize("text", [
    "推进C-V2X和LTE-V2X车联网建设，5G-V2X试点",
    "到2025年，覆盖率达到60%以上，增长1.1个百分点",
    "支持IPv6规模部署，建设工业互联网标识解析二级节点",
    "统筹推进智能网联汽车、无人机、智能家居产品研发",
    "（一）加快养老机构消防安全达标工程。民政部门牵头，应急管理部门配合。",
    "GB/T 20000.1-2014标准；TCP/IP协议；3.5GHz频段",
    "省大数据局会同省发展改革委负责，2021年6月底前完成",
    "",
])
def test_segment_is_jiebas_segmentation(text: str) -> None:
    assert segment(text) == quiet_tokenizer().lcut(text)
