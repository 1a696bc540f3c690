"""The architecture of docs/architecture.md, enforced: one folder per layer, and the table of what
each folder may import. Every import is checked — at module level, inside functions, under
TYPE_CHECKING and in `__main__` blocks — with no exception. Also: no import circle between the
modules of a folder, the folders' graph is the table (so no loop between folders), third-party
packages only in their layers, no module over 600 lines, and the records (pydantic only for the
shape of input files; domain records are frozen dataclasses). A failure says which file:line
breaks which rule."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import xhht

SRC = Path(xhht.__file__).parent

# ---------------------------------------------------------------- the table (docs/architecture.md)

# folder -> the folders of xhht it may import (besides itself, and the root package for __version__)
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "problems": {"base"},
    "model": {"base", "problems"},
    "load": {"base", "problems", "model"},
    "judge": {"base", "problems", "model"},
    "checks": {"base", "problems", "model", "judge"},
    "repo": {"base", "problems", "model", "load", "judge", "checks"},
    "present": {"base", "problems", "model", "load", "judge"},
    "gitio": {"base", "problems", "model", "load", "judge", "checks", "repo", "present"},
    "excel": {"base", "problems", "model", "load", "judge", "checks", "repo", "present"},
    "cli": {"base", "problems", "model", "load", "judge", "checks", "repo", "present", "gitio", "excel"},
    "__main__": {"cli"},
    "__init__": set(),
}

# third-party package -> the folders that may import it
THIRD_PARTY: dict[str, set[str]] = {
    "typer": {"cli"},
    "click": {"cli"},
    "rich": {"cli", "present"},
    "jinja2": {"present"},
    "yaml": {"load"},
    "pydantic": {"model", "load"},
    "openpyxl": {"excel", "present", "cli"},
    "docx": {"present"},
}

MAX_ENTRIES = 12  # modules and folders directly under src/xhht/, besides __init__.py and __main__.py
MAX_LINES = 600
LONG_ALLOWED = {"problems/catalogue.py"}  # the message catalogue: a table of words, kept whole


# ---------------------------------------------------------------- reading the imports


@dataclass(frozen=True)
class Import:
    file: str  # src/xhht/load/cache.py
    line: int
    module: str  # the xhht module importing ("load.cache"), "" for the root package
    target: str  # what it imports: an xhht module ("model.figures", "" for xhht itself), or "!name" of a package


def module_name(path: Path, src: Path = SRC) -> str:
    """`load.cache` for src/xhht/load/cache.py, `checks` for checks/__init__.py, "" for xhht/__init__.py."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def folder_of(module: str) -> str:
    """The folder (layer) of a module: `load` for `load.cache`, `repo` for `repo`."""
    return module.split(".")[0] if module else "__init__"


def imports_of(path: Path, src: Path = SRC, package: str = "xhht") -> list[Import]:
    """Every import statement in the file, wherever it is (functions, TYPE_CHECKING, __main__)."""
    modules = {module_name(p, src) for p in src.rglob("*.py")}
    me = module_name(path, src)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out.append(_resolved(a.name, node.lineno, path, me, package))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package
                here = me.split(".") if is_package else me.split(".")[:-1]
                here = here[:len(here) - (node.level - 1)] if node.level > 1 else here
                base = ".".join([package, *[h for h in here if h], *([base] if base else [])])
            for a in node.names:
                full = f"{base}.{a.name}"
                # `from xhht.checks import rules` imports the module checks.rules
                if full.startswith(package + ".") and full[len(package) + 1:] in modules:
                    out.append(_resolved(full, node.lineno, path, me, package))
                else:
                    out.append(_resolved(base, node.lineno, path, me, package))
    return out


def _resolved(name: str, line: int, path: Path, me: str, package: str) -> Import:
    if name == package:
        target = ""
    elif name.startswith(package + "."):
        target = name[len(package) + 1:]
    else:
        target = "!" + name.split(".")[0]  # a third-party (or standard) top-level package
    return Import(str(path), line, me, target)


def all_imports(src: Path = SRC, package: str = "xhht") -> list[Import]:
    return [i for p in sorted(src.rglob("*.py")) for i in imports_of(p, src, package)]


def broken_rules(src: Path = SRC, package: str = "xhht") -> list[str]:
    """Every import that breaks the table, as `file:line: ...`."""
    out = []
    for i in all_imports(src, package):
        mine = folder_of(i.module)
        where = f"{i.file}:{i.line}"
        if mine not in MAY_IMPORT:
            out.append(f"{where}: {package}.{i.module} is in no folder of the table (add its folder to MAY_IMPORT)")
            continue
        if i.target.startswith("!"):
            name = i.target[1:]
            allowed = THIRD_PARTY.get(name)
            if allowed is not None and mine not in allowed:
                out.append(f"{where}: {mine}/ imports {name}, which only {', '.join(sorted(allowed))} may import")
            continue
        if i.target == "":
            continue  # the root package (__version__): allowed everywhere
        theirs = folder_of(i.target)
        if theirs != mine and theirs not in MAY_IMPORT.get(mine, set()):
            may = ", ".join(sorted(MAY_IMPORT[mine])) or "nothing of xhht"
            out.append(f"{where}: {mine}/ imports {package}.{i.target} ({theirs}/); {mine}/ may import: {may}")
    return out


def module_graph(src: Path = SRC, package: str = "xhht") -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {module_name(p, src): set() for p in src.rglob("*.py")}
    for i in all_imports(src, package):
        if not i.target.startswith("!") and i.target not in ("", i.module) and i.target in graph:
            graph[i.module].add(i.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

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


# ---------------------------------------------------------------- the rules


def test_every_import_follows_the_table():
    broken = broken_rules()
    assert broken == [], "imports that break the table of docs/architecture.md:\n" + "\n".join(broken)


def test_no_import_circle_inside_a_folder():
    graph = module_graph()
    inside = {m: {t for t in deps if folder_of(t) == folder_of(m)} for m, deps in graph.items()}
    assert cycles(inside) == []


def test_the_folders_import_each_other_without_a_loop():
    """The table has no loop, and the folders' graph, as the code has it, is within the table."""
    assert cycles({f: set(deps) for f, deps in MAY_IMPORT.items()}) == []
    folders: dict[str, set[str]] = {}
    for m, deps in module_graph().items():
        folders.setdefault(folder_of(m), set()).update(folder_of(t) for t in deps if folder_of(t) != folder_of(m))
    assert cycles(folders) == []
    for f, deps in folders.items():
        assert deps <= MAY_IMPORT[f], (f, deps - MAY_IMPORT[f])


def test_no_import_circle_at_all():
    assert cycles(module_graph()) == []


def test_the_tree_is_the_table():
    entries = sorted(p.name for p in SRC.iterdir()
                     if p.name not in ("__init__.py", "__main__.py", "__pycache__")
                     and (p.suffix == ".py" or (p / "__init__.py").exists()))
    assert len(entries) <= MAX_ENTRIES, entries
    assert {e.removesuffix(".py") for e in entries} == set(MAY_IMPORT) - {"__main__", "__init__"}


def test_no_module_is_over_600_lines():
    long = sorted(f"{p.relative_to(SRC).as_posix()}: {n} lines" for p in SRC.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
                  and p.relative_to(SRC).as_posix() not in LONG_ALLOWED)
    assert long == []


# ---------------------------------------------------------------- the rules find what they look for


def _fake_package(root: Path, files: dict[str, str]) -> Path:
    src = root / "fake"
    for name, text in {"__init__.py": "", **files}.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return src


def test_the_checker_finds_every_kind_of_import(tmp_path):
    """A lower layer importing a higher one is found wherever the import is: in a function, under
    TYPE_CHECKING, in a `__main__` block, relative; so is a third-party package out of its layer."""
    src = _fake_package(tmp_path, {
        "base/ok.py": "import os\nfrom fake import __version__\n",
        "base/in_function.py": "def f():\n    from fake.cli import app\n",
        "model/typing_only.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from fake.load import x\n",
        "problems/main_block.py": "if __name__ == '__main__':\n    import fake.cli.docgen\n",
        "judge/relative.py": "from ..load import cache\n",
        "load/yaml_ok.py": "import yaml\nfrom fake.model import records\n",
        "present/typer_out.py": "import typer\n",
        "cli/app.py": "",
        "cli/docgen.py": "",
        "load/x.py": "",
        "load/cache.py": "",
        "model/records.py": "",
    })
    broken = broken_rules(src, "fake")
    assert [b.split(": ", 1)[0].split("/fake/")[1] for b in broken] == [
        "base/in_function.py:2", "judge/relative.py:1", "model/typing_only.py:3", "present/typer_out.py:1",
        "problems/main_block.py:2"]
    assert "base/ may import: nothing of xhht" in broken[0] and "fake.cli.app (cli/)" in broken[0]
    assert "only cli may import" in broken[3]


def test_the_cycle_finder_finds_one():
    assert cycles({"repo": {"checks"}, "checks": {"targets", "repo"}, "targets": set()}) == [["checks", "repo"]]


def test_a_package_that_imports_its_modules_is_no_circle(tmp_path):
    """checks/__init__.py imports checks.rules, which imports checks.registry: a module's import of
    a sibling is an edge to the sibling, not to the package."""
    src = _fake_package(tmp_path, {
        "checks/__init__.py": "from fake.checks import rules\nfrom fake.checks.registry import run\n",
        "checks/rules.py": "from fake.checks.registry import check\n",
        "checks/registry.py": "",
    })
    graph = module_graph(src, "fake")
    assert graph["checks"] == {"checks.rules", "checks.registry"} and graph["checks.rules"] == {"checks.registry"}
    assert cycles(graph) == []


# ---------------------------------------------------------------- what the layers hold


def test_checks_read_loaded_data_and_never_the_repo_module():
    graph = module_graph()
    assert not any(t == "repo" for m in graph if folder_of(m) == "checks" for t in graph[m])
    assert "checks" in graph["repo"]


def test_the_command_line_keeps_no_module_level_state():
    """Issue 17: the command line's state is one object (cli/state.py), made once per run: no module
    of cli/ has a `global` statement or changes a module-level name, and only cli/state.py reads
    sys.argv (besides `start(sys.argv[1:])` in cli/__init__.py)."""
    found = []
    for path in sorted((SRC / "cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {t.id for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
               for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{path}:{node.lineno}: global {', '.join(node.names)}")
            if isinstance(node, ast.Assign | ast.AugAssign):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in top:
                        found.append(f"{path}:{node.lineno}: {t.value.id}[...] = ...")
            if isinstance(node, ast.Attribute) and ast.unparse(node) == "sys.argv" \
                    and path.name not in ("state.py", "__init__.py"):
                found.append(f"{path}:{node.lineno}: sys.argv")
    assert found == []


def test_the_checker_of_module_state_finds_it(tmp_path):
    bad = tmp_path / "cli"
    bad.mkdir()
    (bad / "x.py").write_text("_LANG = {'now': 'vi'}\n\ndef f():\n    _LANG['now'] = 'en'\n", encoding="utf-8")
    tree = ast.parse((bad / "x.py").read_text(encoding="utf-8"))
    top = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    changed = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assign)
               for t in n.targets if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
               and t.value.id in top]
    assert changed == [4]


def test_a_check_declares_catalogue_codes_and_raises_only_those(monkeypatch):
    from xhht.checks import registry
    from xhht.problems import Loc

    with pytest.raises(ValueError):
        registry.check("no-such-code")
    stray = registry.Check(("rollup-disagrees",), lambda data: [Loc("data/x.csv", 2, 1).problem(
        "area-not-valid", code="01", year=2020, dates="…")])
    monkeypatch.setattr(registry, "CHECKS", [stray])
    with pytest.raises(ValueError, match="area-not-valid"):
        registry.run_checks(object())
    assert [c.name for c in registry.CHECKS] == ["<lambda>"]


def test_importing_the_checks_registers_every_rule():
    import re

    from xhht.checks import CHECKS

    text = (SRC / "checks" / "rules.py").read_text(encoding="utf-8")
    raised = set(re.findall(r'\.problem\(\s*"([a-z0-9-]+)"', text))
    declared = {code for c in CHECKS for code in c.codes}
    assert raised and raised == declared
    assert len(CHECKS) == len(re.findall(r"^@check\(", text, flags=re.M))


def test_report_formats_are_the_renderer_registry(monkeypatch):
    from xhht.cli.review import ReportFormat
    from xhht.present import render

    assert [f.value for f in ReportFormat] == list(render.RENDERERS) == ["md", "html", "json", "docx", "xlsx", "pdf"]
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

    return [importlib.import_module(f"xhht.{module_name(p)}") for p in sorted(SRC.rglob("*.py"))
            if p.stem not in ("__init__", "__main__")]


def test_pydantic_only_validates_input_files():
    """docs/architecture.md#records: the `*Spec` models of model/specs.py (a plan file's shape) are the
    only pydantic models; every domain or result record is a dataclass."""
    import dataclasses

    from xhht.model import records

    specs = pydantic_models(xhht_modules())
    assert specs and all(s.startswith("xhht.model.specs.") and s.endswith("Spec") for s in specs), specs
    for name in ("Condition", "Target", "SubunitTarget", "Indicator", "Group", "Plan", "Area", "Figure"):
        record = getattr(records, name)
        assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen, name


def test_the_pydantic_finder_finds_a_model():
    import types

    from pydantic import BaseModel

    module = types.ModuleType("xhht.somewhere")
    module.BaseModel = BaseModel
    exec("class Record(BaseModel):\n    x: int\n\n\nclass Plain:\n    pass\n", vars(module))
    assert pydantic_models([module]) == ["xhht.somewhere.Record"]


def test_figures_are_asked_never_tested_for_their_class():
    """Issue 17: FigureTable and CachedFigures are both `Figures` (model/figures.py); only the cache
    (load/cache.py, which writes a table) may tell them apart."""
    found = [f"{p}:{n}" for p in SRC.rglob("*.py") if p.relative_to(SRC).as_posix() != "load/cache.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if "isinstance(" in line and ("FigureTable" in line or "CachedFigures" in line)]
    assert found == []
