"""The notice files' JSON (pipeline/export/files.py): ``notice_texts`` gives json.dumps's bytes
whether orjson writes them or json does, for every value where the two could differ."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.export.files import _orjson_indented, notice_texts


def _expected(data: Any) -> tuple[str, str]:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
            json.dumps(data, ensure_ascii=False, sort_keys=True))


@pytest.mark.parametrize("value", [
    0.0, -0.0, 0.5, 100.0, 0.0001, 0.00012, 1e-05, 4.5e-05, -1e-07, 2.09e-08, 5e-324,
    1234567890123456.0, 1e16, 1.5e16, -1e+22, 1e300, math.nan, math.inf, -math.inf,
    2 ** 63, 2 ** 64, -(2 ** 70), True, None, "",
    "中文 \x00\x1f\x7f\u2028 \"quoted\" \\ \t\n/ 𠀀", "\ud800 lone surrogate",
    "NaN and Infinity in a text", "1e-05\n0.00001", "3e5", [], {}, [[]], {"k": {}},
    {"b": 1, "a": [1, 2.5, {"z": None, "y": "二"}]}, {"二": 1, "一": 2, "A": 3, "𠀀": 4},
    {1: "int key"}, {"x": (1, 2)}, {"x": 1e-05, "y": "0.0000 in a string"},
])
def test_notice_texts_are_json_dumps_bytes(value: Any) -> None:
    data = {"value": value, "list": [value, value], "text": "通知"}
    assert notice_texts(data) == _expected(data)
    assert notice_texts(value) == _expected(value)


@pytest.mark.parametrize("value", [1e-05, 1e16, 1.5e-09, -4.5e-05, 2 ** 64, {1: 2}, "\udfff"])
def test_orjson_is_not_used_where_it_would_differ(value: Any) -> None:
    assert _orjson_indented({"v": value}) is None


def test_orjson_writes_an_ordinary_notice() -> None:
    data = {"id": "n", "tasks": [{"text": "到2027年完成80%。", "score": 0.93, "span": [1, 20]}]}
    assert _orjson_indented(data) == _expected(data)[0]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
    | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=4),
    max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_notice_texts_are_json_dumps_bytes_for_any_value(data: Any) -> None:
    assert notice_texts(data) == _expected(data)


@pytest.mark.parametrize("items", [
    [],
    [{"id": "a", "timings": {"ocr": 0.5}, "errors": []}],
    [{"id": "镇江", "errors": [{"code": "E101", "message": '"inputs": []\n  x'}]}, {}, [], 3, "s",
     {"nested": {"deep": [1, 2.5, None, True]}, "inputs": []}],
])
def test_run_json_in_pieces_is_the_json_in_one(items: list[Any]) -> None:
    # run.json is written an input at a time: the same bytes as dumping the whole report
    from pipeline.export.files import dumps, dumps_parts

    data = {"out": "o", "counts": {"success": 1}, "errors": [], "zeta": {"inputs": []},
            "notes": '\n  "inputs": []'}
    assert "".join(dumps_parts(data, "inputs", iter(items))) == dumps({**data, "inputs": items})
