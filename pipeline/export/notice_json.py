"""Notice JSON: serialise deterministically and validate against the published JSON Schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import PipelineError
from ..model import Notice
from .files import dumps

SCHEMA_FILE = "notice.schema.json"


def generated_schema() -> dict[str, Any]:
    """The JSON Schema derived from the model; the committed file must equal it (a test checks)."""
    schema = Notice.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://policy-pipeline.invalid/schema/notice.schema.json"
    return schema


@lru_cache(maxsize=1)
def published_schema() -> dict[str, Any]:
    text = resources.files("pipeline.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = published_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate(data: dict[str, Any]) -> None:
    """Raise E601 naming the first schema violation."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(root)"
        raise PipelineError("E601", f"{where}: {first.message}")


def to_dict(notice: Notice) -> dict[str, Any]:
    return notice.model_dump(mode="json")


def to_json(notice: Notice, *, check: bool = True) -> str:
    data = to_dict(notice)
    if check:
        validate(data)
    return dumps(data)
