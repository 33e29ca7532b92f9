"""The evaluator's reading of a gold file: a field the gold does not annotate is not scored."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate import Scores, score_notice


def _gold(doc: dict[str, Any]) -> dict[str, Any]:
    base = {"title": "关于做好工作的通知", "doc_number": None, "issue_date": None, "doc_type": None,
            "region": {"province": None, "city": None}}
    return {"id": "n", "doc": base | doc, "tasks": [], "doc_targets": [], "references": []}


def test_a_gold_without_recipients_does_not_score_them() -> None:
    pred = {"doc": {"recipients": ["各区人民政府"], "issuers": ["某市人民政府"]}, "tasks": []}
    scores = Scores()
    score_notice(_gold({"issuers": ["某市人民政府"]}), pred, scores)
    assert (scores.prf["recipients"].tp, scores.prf["recipients"].fp) == (0, 0)
    assert scores.prf["issuers"].tp == 1


def test_a_gold_that_lists_no_recipients_scores_a_predicted_one_as_false() -> None:
    pred = {"doc": {"recipients": ["各区人民政府"]}, "tasks": []}
    scores = Scores()
    score_notice(_gold({"recipients": []}), pred, scores)
    assert scores.prf["recipients"].fp == 1
