"""The published JSON Schema matches the model, and every written notice validates against it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from pipeline.errors import PipelineError
from pipeline.export.notice_json import generated_schema, published_schema, validate, validate_reference


def test_committed_schema_is_the_models_schema() -> None:
    committed = json.loads(resources.files("pipeline.schema").joinpath("notice.schema.json")
                           .read_text(encoding="utf-8"))
    assert committed == generated_schema(), "run `make schema` and review the diff"


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(published_schema())


def test_every_corpus_notice_validates(corpus_notices: dict[str, dict[str, Any]]) -> None:
    assert len(corpus_notices) == 5
    for notice in corpus_notices.values():
        validate(notice)
        assert validate_reference(notice) == []
        assert notice["schema_version"].startswith("1.")


@pytest.mark.parametrize(("path", "value"), [
    (("tasks", 0, "span"), "not a span"),
    (("tasks", 0, "span"), [1]),
    (("tasks", 0, "span"), [1, 2, 3]),
    (("tasks", 0, "departments"), [{"kind": "民政"}]),
    (("status",), "done"),
    (("doc", "region"), {"province": 3}),
    (("extra_field",), 1),
])
def test_a_broken_notice_is_rejected_by_both_validators(
        corpus_notices: dict[str, dict[str, Any]], path: tuple[Any, ...], value: Any) -> None:
    notice = json.loads(json.dumps(corpus_notices["jilin-2020-plan"]))
    target = notice
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert validate_reference(notice), "the reference validator must reject it too"
    with pytest.raises(PipelineError) as info:
        validate(notice)
    assert info.value.code == "E601"


@pytest.mark.parametrize("executor", ["process", "dask"])
def test_executors_write_byte_identical_outputs(corpus_out: Any, tmp_path: Any, executor: str) -> None:
    """serial (the shared corpus run), process and dask (a LocalCluster) give the same bytes."""
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    from .conftest import CORPORA

    report = run_corpus([CORPORA / "manifest.csv"],
                        load_config(None, {"run": {"executor": executor, "workers": 2}}), tmp_path)
    assert report.counts["success"] == 5
    for path in sorted((corpus_out / "notices").glob("*.json")):
        assert path.read_bytes() == (tmp_path / "notices" / path.name).read_bytes()
    assert (corpus_out / "notices.jsonl").read_bytes() == (tmp_path / "notices.jsonl").read_bytes()
