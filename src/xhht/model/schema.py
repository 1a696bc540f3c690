"""`xhht schema`: the JSON Schema (draft 2020-12) of plan files and standard files, generated from
the spec models.

The models (specs.PlanSpec, specs.StandardSpec and the models they use) are the one definition of
the two formats: pydantic validates the files against them and exports this schema from them, so an
editor (VS Code's YAML extension, via `# yaml-language-server: $schema=...`) and CI see the same
rules. A file with `criteria`, `result` or `level` is a standard file, any other a plan file (`if`/
`then`/`else`), so an editor reports the errors of the format the file is written in. Unknown keys are refused (`additionalProperties:
false`), descriptions are in Vietnamese.
"""

from __future__ import annotations

import json

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict:
    """The schema of plan files alone (plans/*.yaml)."""
    from xhht.model.specs import PlanSpec

    body = PlanSpec.model_json_schema(mode="validation")
    out = {"$schema": DIALECT}
    out.update(body)
    out["title"] = "Kế hoạch xhht (plans/*.yaml)"
    return out


def file_schema() -> dict:
    """What `xhht schema` prints: a plan file or a standard file."""
    from pydantic.json_schema import models_json_schema

    from xhht.model.specs import PlanSpec, ShareBarSpec, StandardSpec

    refs, body = models_json_schema([(PlanSpec, "validation"), (StandardSpec, "validation"),
                                     (ShareBarSpec, "validation")], ref_template="#/$defs/{model}")
    return {
        "$schema": DIALECT,
        "title": "Tệp kế hoạch (plans/*.yaml) hoặc tệp chuẩn (standards/*.yaml) của xhht",
        "description": "Một tệp kế hoạch chép chỉ tiêu của một văn bản; một tệp chuẩn chép tiêu chí, chỉ tiêu "
                       "của một văn bản quy định mức độ công nhận (docs/formats.md, docs/standards.md).",
        # a standard has `level`, `result` and `criteria`, which a plan never has: an editor then reports
        # the errors of the one format the file is written in
        "if": {"anyOf": [{"required": [key]} for key in ("criteria", "result", "level")]},
        "then": refs[(StandardSpec, "validation")],
        "else": refs[(PlanSpec, "validation")],
        "$defs": body["$defs"],
    }


def schema_json() -> str:
    return json.dumps(file_schema(), ensure_ascii=False, indent=2) + "\n"
