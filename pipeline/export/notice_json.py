"""Notice JSON: serialise deterministically and validate against the published JSON Schema."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import PipelineError
from ..model import Notice
from .files import notice_texts

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


def as_draft7(schema: dict[str, Any]) -> dict[str, Any]:
    """The published 2020-12 schema in draft-07 terms (prefixItems -> items, $defs ->
    definitions), for the compiled validator. Same constraints; a test checks both agree."""

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: convert(v) for k, v in node.items()}
            if "prefixItems" in out:
                out["items"] = out.pop("prefixItems")
                out["additionalItems"] = False
            return out
        if isinstance(node, list):
            return [convert(v) for v in node]
        return node

    converted = convert(schema)
    converted["definitions"] = converted.pop("$defs", {})
    converted["$schema"] = "http://json-schema.org/draft-07/schema#"
    return json.loads(json.dumps(converted).replace("#/$defs/", "#/definitions/"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    """fastjsonschema compiles the schema to Python: about 100x faster than interpreting it,
    which matters when every notice of a batch is validated before it is written. Its code
    (380 KB of generated source, 0.1 s to compile) is compiled once a machine and kept as a code
    object in the startup cache, named by the schema, fastjsonschema's version and Python's."""
    import marshal
    import sys

    import fastjsonschema

    from ..startup_cache import cached

    schema = as_draft7(published_schema())
    blob = json.dumps(schema, sort_keys=True).encode()
    sources = [hashlib.sha256(blob).hexdigest(), fastjsonschema.VERSION, sys.version]
    code = cached("notice-validator", sources, lambda: marshal.dumps(
        compile(fastjsonschema.compile_to_code(schema), "<notice schema>", "exec")))
    names: dict[str, Any] = {}
    exec(marshal.loads(code), names)
    root = min((n for n in names if n.startswith("validate")), key=len)  # the others extend it
    return names[root]


def validate(data: dict[str, Any]) -> None:
    """Raise E601 naming the first schema violation."""
    import fastjsonschema

    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaException as exc:
        raise PipelineError("E601", exc.message) from exc


def validate_reference(data: dict[str, Any]) -> list[str]:
    """Every violation by the reference validator (jsonschema, draft 2020-12): for tests."""
    import jsonschema

    schema = published_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = jsonschema.Draft202012Validator(schema).iter_errors(data)
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors]


def to_dict(notice: Notice) -> dict[str, Any]:
    return notice.model_dump(mode="json")


def to_json(notice: Notice, *, check: bool = True) -> str:
    data = to_dict(notice)
    if check:
        validate(data)
    return notice_texts(data)[0]  # the bytes every notice file has (``dumps``'s)
