"""`xhht schema`: the JSON Schema (draft 2020-12) of plan files, generated from the spec models.

The models (specs.PlanSpec and the models it uses) are the one definition of the plan format:
pydantic validates plan files against them and exports this schema from them, so an editor
(VS Code's YAML extension, via `# yaml-language-server: $schema=...`) and CI see the same rules.
Unknown keys are refused (`additionalProperties: false`), descriptions are in Vietnamese.
"""

from __future__ import annotations

import json

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict:
    from xhht.model.specs import PlanSpec

    body = PlanSpec.model_json_schema(mode="validation")
    out = {"$schema": DIALECT}
    out.update(body)
    out["title"] = "Kế hoạch xhht (plans/*.yaml)"
    return out


def schema_json() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
