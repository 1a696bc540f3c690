"""`xhht schema`: the JSON Schema of plan files (and standard files: tests/test_standards.py), checked with
a real validator (jsonschema)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import PLAN, ROOT, run
from xhht.load.plans import build_plan
from xhht.model.schema import DIALECT, file_schema, plan_schema
from xhht.load.yamlsrc import load_yaml

EXAMPLES = sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("examples/**/plans/*.yaml"),
                   *ROOT.glob("src/xhht/cli/init_files/plans/*.yaml")])


def validator() -> Draft202012Validator:
    """What `xhht schema` prints: a plan file or a standard file."""
    return Draft202012Validator(file_schema(), format_checker=FormatChecker())


def as_json(text: str):
    """What an editor validates: the YAML as JSON (keys and dates become strings)."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    schema = plan_schema()
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_object_refuses_unknown_keys_and_every_key_is_described_in_vietnamese():
    schema = plan_schema()
    objects = [schema, *schema["$defs"].values()]
    assert {d["title"] for d in schema["$defs"].values()} == {"DocumentSpec", "GroupSpec", "IndicatorSpec",
                                                                "SubunitSpec"}
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert obj["description"]
        for key, prop in obj["properties"].items():
            assert prop.get("description"), key
    assert "Mã kế hoạch" in schema["properties"]["id"]["description"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_example_plan_validates(path: Path):
    errors = list(validator().iter_errors(as_json(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_there_are_examples():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("old,new,where", [
    ("title: Kế hoạch thử", "titel: Kế hoạch thử", "titel"),
    ("  issuer: UBND", "  isuer: UBND", "isuer"),
    ("        unit: percent", "        unti: percent", "unti"),
    ("        targets: {2022: 100}", "        tagrets: {2022: 100}", "tagrets"),
    ("    title: Nhóm a", "    title: Nhóm a\n    indicator: []", "indicator"),
])
def test_misspelt_keys_fail_in_the_schema_and_in_the_loader(old, new, where):
    text = PLAN.replace(old, new)
    assert text != PLAN
    assert list(validator().iter_errors(as_json(PLAN))) == []
    errors = list(validator().iter_errors(as_json(text)))
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    assert len(unknown) == 1 and repr(where) in unknown[0].message
    doc, _ = load_yaml(text, "plans/demo.yaml")  # the loader agrees: the same models
    _, problems = build_plan(doc)
    assert "unknown-key" in [p.code for p in problems]


@pytest.mark.parametrize("old,new", [
    ("        unit: percent", "        unit: percentage"),
    ("id: demo", "id: Demo Plan"),
    ("        targets: {2022: 100}", "        targets: {twenty: 100}"),
    ("  number: 1/KH-TEST\n", ""),
])
def test_wrong_values_fail_too(old, new):
    text = PLAN.replace(old, new)
    assert text != PLAN
    assert list(validator().iter_errors(as_json(text)))


def test_the_contract_plan_keys_are_accepted():
    text = PLAN.replace("  date: 2020-01-01", "  date: 2020-01-01\n  kind: Quyết định\n  url: https://example.invalid")
    text += ("      - id: xa-dat-chuan\n        name: Xã đạt chuẩn\n        unit: yes-no\n"
             "        subunits:\n          - level: xa\n            meeting: \"yes\"\n            share: {2025: 100}\n")
    assert list(validator().iter_errors(as_json(text))) == []


def test_the_command_prints_the_schema(tmp_path):
    proc = run("schema", cwd=tmp_path)  # works outside any tracker repository
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == file_schema()
    assert run("schema", "-o", "s.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == file_schema()
    assert run("schema", cwd=tmp_path).stdout == proc.stdout  # deterministic
