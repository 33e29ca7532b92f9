"""Provenance: every span of every notice in the corpus points at the characters it claims."""

from __future__ import annotations

from typing import Any

from pipeline.text import clean_inline


def _check(text: str, span: list[int], raw: str | None = None) -> None:
    start, end = span
    assert 0 <= start <= end <= len(text)
    if raw is not None:
        assert text[start:end] == raw


def test_every_span_points_at_its_characters(corpus_notices: dict[str, dict[str, Any]]) -> None:
    checked = 0
    for notice in corpus_notices.values():
        text = notice["text"]
        for task in notice["tasks"]:
            _check(text, task["span"], task["text"])
            start, end = task["heading_span"]
            assert clean_inline(text[start:end]) == task["heading"]
            if task["time"]:
                _check(text, task["time"]["span"], task["time"]["raw"])
            for dept in task["departments"]:
                _check(text, dept["span"])
                assert task["span"][0] <= dept["span"][0] < task["span"][1]
                assert "".join(text[dept["span"][0]:dept["span"][1]].split()) in dept["name"]
            for item in task["deadlines"] + task["targets"]:
                _check(text, item["span"], item["raw"])
            checked += 1
        for item in notice["doc_targets"]:
            _check(text, item["span"], item["raw"])
        for ref in notice["references"]:
            _check(text, ref["span"])
            if ref["title"]:
                assert clean_inline(text[ref["span"][0]:ref["span"][1]]).replace("(", "（").replace(
                    ")", "）").replace(" ", "").startswith(ref["title"])
        issuers = notice["doc"]["issuers"]
        assert len(notice["doc"]["spans"].get("issuers", [])) == len(issuers)  # each has its span
        for name, (a, b) in zip(issuers, notice["doc"]["spans"].get("issuers", []), strict=True):
            assert name.endswith("".join(text[a:b].split()))  # as written, its region perhaps implied
        doc = notice["doc"]
        # every issuer and recipient is an object with its span (and its kind where known)
        assert [b["name"] for b in doc["issuer_bodies"]] == issuers
        assert [b["name"] for b in doc["recipient_bodies"]] == doc["recipients"]
        for body in doc["issuer_bodies"] + doc["recipient_bodies"]:
            _check(text, body["span"])
            assert body["name"].endswith("".join(text[body["span"][0]:body["span"][1]].split()))
        for field, spans in notice["doc"]["spans"].items():
            for span in spans:
                _check(text, span)
            if field == "doc_number":
                compact = "".join(text[spans[0][0]:spans[0][1]].split())
                assert compact[-1] == "号"
        for section in notice["sections"]:
            _check(text, section["span"])
        stack = list(notice["outline"])
        while stack:
            unit = stack.pop()
            _check(text, unit["span"])
            start, end = unit["heading_span"]
            assert clean_inline(text[start:end]) == unit["heading"]
            if unit["style"] != "attachment":
                assert "".join(text[unit["span"][0]:unit["span"][1]].split()).startswith(
                    "".join(unit["number"].split()))
            for child in unit["children"]:
                assert unit["span"][0] <= child["span"][0] and child["span"][1] <= unit["span"][1]
            stack.extend(unit["children"])
    assert checked >= 39


def test_text_equals_raw_text_without_repairs(corpus_notices: dict[str, dict[str, Any]]) -> None:
    for notice in corpus_notices.values():
        if not notice["repairs"]:
            assert notice["text"] == notice["raw_text"]
