"""The import layering of docs/architecture.md: no xhht module imports, even inside a function or
under TYPE_CHECKING, a module that imports it back, directly or through others. And its records:
pydantic models only for the shape of input files."""

from __future__ import annotations

import ast
from pathlib import Path

import xhht

SRC = Path(xhht.__file__).parent


def _name(path: Path) -> str:
    """`load.cache` for src/xhht/load/cache.py, `checks` for checks/__init__.py."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = {_name(p) for p in SRC.rglob("*.py")}
    for path in sorted(SRC.rglob("*.py")):
        deps: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for block in [n for n in tree.body if _is_main_block(n)]:
            tree.body.remove(block)  # run as a script the module is __main__: no cycle
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "xhht":
                base = node.module[len("xhht."):] if node.module != "xhht" else ""
                for a in node.names:
                    full = f"{base}.{a.name}" if base else a.name
                    if full in modules:
                        deps.add(full)
                    elif base:
                        deps.add(base)
            elif isinstance(node, ast.Import):
                deps |= {a.name[len("xhht."):] for a in node.names if a.name.startswith("xhht.")}
        graph[_name(path)] = deps - {_name(path)}
    return graph


def _is_main_block(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` — what runs only as `python -m xhht.x`, never on import."""
    return isinstance(node, ast.If) and ast.unparse(node.test).replace("'", '"') == '__name__ == "__main__"'


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"repo": {"checks"}, "checks": {"targets", "repo"}, "targets": set()}) == [["checks", "repo"]]


def test_checks_read_loaded_data_and_never_the_repo_module():
    assert "repo" not in import_graph()["checks.rules"]
    assert "checks.rules" in import_graph()["repo"]


def test_a_check_declares_catalogue_codes_and_raises_only_those(monkeypatch):
    import pytest

    from xhht.checks import rules as checks
    from xhht.problems import Loc

    with pytest.raises(ValueError):
        checks.check("no-such-code")
    stray = checks.Check(("rollup-disagrees",), lambda data: [Loc("data/x.csv", 2, 1).problem(
        "area-not-valid", code="01", year=2020, dates="…")])
    monkeypatch.setattr(checks, "CHECKS", [stray])
    with pytest.raises(ValueError, match="area-not-valid"):
        checks.run_checks(object())
    assert [c.name for c in checks.CHECKS] == ["<lambda>"]


def test_every_cross_file_code_raised_in_checks_py_is_declared():
    import re

    from xhht.checks.rules import CHECKS

    text = (SRC / "checks" / "rules.py").read_text(encoding="utf-8")
    raised = set(re.findall(r'\.problem\(\s*"([a-z0-9-]+)"', text)) - {"duplicate-plan-id", "my-new-code"}
    declared = {code for c in CHECKS for code in c.codes}
    assert raised and raised == declared


def test_report_formats_are_the_renderer_registry(monkeypatch):
    from xhht.present import render
    from xhht.cli.app import ReportFormat

    assert [f.value for f in ReportFormat] == list(render.RENDERERS) == ["md", "html", "json"]
    monkeypatch.setattr(render, "RENDERERS", dict(render.RENDERERS))

    @render.renderer
    class Titles(render.Renderer):  # a new format is one class (this one needs no template)
        name, help = "titles", "plan title only (a test format)"

        def render(self, review, areas, lang, repo_templates):
            return review.plan.title + "\n"

    class FakePlan:
        title = "Kế hoạch (synthetic)"

    class FakeReview:
        plan = FakePlan()

    assert render.render(FakeReview(), None, "titles", "vi", None) == "Kế hoạch (synthetic)\n"


def pydantic_models(modules) -> list[str]:
    """`module.Class` for every class a module defines that is a pydantic model."""
    import inspect

    from pydantic import BaseModel

    return sorted(f"{m.__name__}.{name}" for m in modules for name, obj in vars(m).items()
                  if inspect.isclass(obj) and obj.__module__ == m.__name__ and issubclass(obj, BaseModel))


def xhht_modules():
    import importlib

    return [importlib.import_module(f"xhht.{_name(p)}") for p in sorted(SRC.rglob("*.py"))
            if p.stem not in ("__init__", "__main__")]


def test_pydantic_only_validates_input_files():
    """docs/architecture.md#records: the `*Spec` models of models.py (a plan file's shape) are the
    only pydantic models; every domain or result record is a dataclass."""
    import dataclasses

    from xhht.model import records as models

    specs = pydantic_models(xhht_modules())
    assert specs and all(s.startswith("xhht.model.records.") and s.endswith("Spec") for s in specs), specs
    for name in ("Condition", "Target", "SubunitTarget", "Indicator", "Group", "Plan", "Area", "Figure"):
        record = getattr(models, name)
        assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen, name


def test_the_pydantic_finder_finds_a_model():
    import types

    from pydantic import BaseModel

    module = types.ModuleType("xhht.somewhere")
    module.BaseModel = BaseModel
    exec("class Record(BaseModel):\n    x: int\n\n\nclass Plain:\n    pass\n", vars(module))
    assert pydantic_models([module]) == ["xhht.somewhere.Record"]
