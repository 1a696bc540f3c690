"""The loader pipeline: a tracker repository on disk -> a `Repo` of valid models + problems.

    plans/*.yaml  --yamlsrc--> YamlDoc --plans--> Plan
    areas.csv     --areas--> Areas (+ area-changes.csv)
    data/**/*.csv --figures--> Figure       (checked against the plans' indicators)
    then checks.run_checks() over the whole (the registered cross-file checks).

Like beancount's loader: everything that is wrong becomes a Problem with its location;
whatever is valid is kept, so `report` can still work on the rest.
"""

from __future__ import annotations

import functools
import gc
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from xhht.model.areas import Areas, load_areas, load_changes
from xhht.checks.rules import keep_first_plans, run_checks
from xhht.model.figures import FigureTable
from xhht.load.figures import load_figures
from xhht.model.records import Figure, Indicator, Plan
from xhht.load.plans import build_plan
from xhht.problems import Loc, Problem, display_path
from xhht.judge.rollup import Values
from xhht.load.safe_io import MAX_CONFIG_BYTES, list_files, read_file
from xhht.load.yamlsrc import load_yaml

CONFIG_KEYS = {"lang": ("vi", "en"), "strict": (True, False)}


@dataclass
class Repo:
    root: Path
    plans: dict[str, Plan] = field(default_factory=dict)  # in file-name order
    areas: Areas = field(default_factory=Areas)
    has_areas_file: bool = False
    figures: dict[tuple[str, str, int], Figure] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    plan_files: dict[str, str] = field(default_factory=dict)  # plan id -> file
    data_files: list[str] = field(default_factory=list)
    # the indicator id of data rows that are not valid figures (a valid figure's is in `figures`)
    row_indicator: dict[tuple[str, int], str] = field(default_factory=dict)
    # indicator ids of plan files too broken to build: their figures are checked once the plan is fixed
    unloaded: set[str] = field(default_factory=set)

    @cached_property
    def values(self) -> Values:
        """Figures with roll-up, shared by the checks and the comparison (read after loading)."""
        return Values(self.figures, self.areas)

    @cached_property
    def catalogue(self) -> dict[str, Indicator]:
        """Every indicator id, as first defined (plans in file order). Read once the plans are in."""
        out: dict[str, Indicator] = {}
        for plan in self.plans.values():
            for ind in plan.indicators:
                out.setdefault(ind.id, ind)
        return out

    def area_known(self, code: str) -> bool:
        if self.has_areas_file:
            return code in self.areas
        return any(p.area == code for p in self.plans.values())

    def rows_of_problems(self) -> dict[tuple[str, int], str]:
        """(file, line) -> indicator id, for every data row that has a problem."""
        data_files = set(self.data_files)
        at = {(p.file, p.line) for p in self.problems if p.file in data_files}
        out = {k: self.row_indicator[k] for k in at if k in self.row_indicator}
        rest = at - out.keys()
        if rest and isinstance(self.figures, FigureTable):
            out.update(self.figures.indicators_at(rest))
        elif rest:
            out.update({(f.loc.file, f.loc.line): f.indicator for f in self.figures.values()
                        if (f.loc.file, f.loc.line) in rest})
        return out

    def select(self, paths: list[Path]) -> list[Problem]:
        """The problems that concern `paths` (files or folders). A plan file brings what it uses:
        areas.csv, xhht.toml, the data rows of its indicators, and data-file problems that no
        single row can be blamed for (not UTF-8, a bad header)."""
        chosen = {display_path(p, self.root) for p in paths}
        chosen = {"" if c == "." else c for c in chosen}
        if "" in chosen:
            return list(self.problems)
        plan_inds = {ind.id for pid, file in self.plan_files.items() if _under(file, chosen)
                     for ind in self.plans[pid].indicators}
        out = []
        rows = self.rows_of_problems() if plan_inds else {}
        for p in self.problems:
            if _under(p.file, chosen):
                out.append(p)
            elif plan_inds and p.file in ("areas.csv", "area-changes.csv", "xhht.toml"):
                out.append(p)  # every plan uses the areas and the settings
            elif plan_inds and p.file in self.data_files:
                ind = rows.get((p.file, p.line))
                if ind is None or ind in plan_inds:  # its own rows, and what no row can be blamed for
                    out.append(p)
        return out


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` with xhht.toml or plans/ (as git finds .git)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "xhht.toml").is_file() or (folder / "plans").is_dir():
            return folder
    return None


def _without_gc(load):
    """Loading makes millions of small objects and no garbage cycles: the cyclic garbage
    collector would only walk them again and again. It is off while loading (as it was)."""
    @functools.wraps(load)
    def wrapper(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return wrapper


@_without_gc
def load_repo(root: Path, cache: bool = False, progress: Callable[[int, int, int], None] | None = None) -> Repo:
    """Every file of the repository at `root`, loaded and checked: every input read through
    `safe_io` (inside the repository, regular files, bounded), in a Decimal context wide enough
    for every figure xhht accepts. With `cache`, the figures and problems are taken from
    `.xhht/` when it was written by this user's xhht for exactly these files (cache.py), and
    written there after a full load; the result is the same either way. `progress(files read,
    files, figures)` is called after each data file."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    with localcontext(CONTEXT):
        return _load_repo(root, cache, progress)


def _load_repo(root: Path, cache: bool, progress: Callable[[int, int, int], None] | None) -> Repo:
    repo = Repo(root=root)
    if not cache:
        _load_definitions(repo)
        _load_data(repo, progress)
        return repo
    from xhht.load import cache as cache_mod

    _load_config(repo)
    _load_areas(repo)
    inputs = cache_mod.current_inputs(root)
    if inputs is not None and cache_mod.restore(repo, inputs, functools.partial(_figures_again, root)):
        return repo  # the plans too come from the cache: the YAML is not parsed again
    _load_plans(repo)
    _load_data(repo, progress)
    if inputs is not None:
        cache_mod.store(repo, inputs)
    return repo


@_without_gc
def _figures_again(root: Path) -> FigureTable:
    """The figures read from the files, for a repository first opened from a cache that turned
    out to be damaged (cache.CachedFigures)."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    with localcontext(CONTEXT):
        fresh = Repo(root=root)
        _load_definitions(fresh)
        _load_data(fresh)
    return fresh.figures


def _load_definitions(repo: Repo) -> None:
    """xhht.toml, plans/*.yaml, areas.csv and area-changes.csv (a fraction of a second even for
    a national repository; with the cache, the plans are taken from it)."""
    _load_config(repo)
    _load_plans(repo)
    _load_areas(repo)


def _load_plans(repo: Repo) -> None:
    root = repo.root
    plan_files, problems = list_files(root, "plans", (".yaml", ".yml"), recursive=False)
    repo.problems += problems
    plans: list[Plan] = []
    for file in plan_files:
        text, problems = read_file(root, file)
        repo.problems += problems
        if text is None:
            continue
        doc, problems = load_yaml(text, file)
        repo.problems += problems
        if doc is None:
            continue
        plan, problems = build_plan(doc)
        repo.problems += problems
        if plan is None:
            repo.unloaded |= _raw_indicator_ids(doc.data)
        else:
            plans.append(plan)
            repo.plan_files.setdefault(plan.id, file)
    repo.plans, problems = keep_first_plans(plans, repo.plan_files)
    repo.problems += problems


def _load_areas(repo: Repo) -> None:
    root = repo.root
    if os.path.lexists(root / "areas.csv"):
        repo.has_areas_file = True
        text, problems = read_file(root, "areas.csv")
        repo.problems += problems
        if text is not None:
            repo.areas, problems = load_areas(text, "areas.csv")
            repo.problems += problems
        if os.path.lexists(root / "area-changes.csv"):
            text, problems = read_file(root, "area-changes.csv")
            repo.problems += problems
            if text is not None:
                _, problems = load_changes(text, "area-changes.csv", repo.areas)
                repo.problems += problems


def _load_data(repo: Repo, progress: Callable[[int, int, int], None] | None = None) -> None:
    """data/**/*.csv against the plans, then the checks across files: the long part, cached."""
    root = repo.root
    catalogue = repo.catalogue
    table = repo.figures = FigureTable()
    data_files, problems = list_files(root, "data", (".csv",), recursive=True)
    repo.problems += problems
    for done, file in enumerate(data_files):
        if progress is not None:
            progress(done, len(data_files), len(repo.figures))
        repo.data_files.append(file)
        text, problems = read_file(root, file)
        repo.problems += problems
        if text is None:
            continue
        repo.problems += load_figures(text, file, catalogue, repo.area_known, table, repo.row_indicator,
                                      repo.unloaded)
    if progress is not None:
        progress(len(data_files), len(data_files), len(repo.figures))
    repo.problems += run_checks(repo)
    repo.problems.sort()


def _raw_indicator_ids(data: object) -> set[str]:
    """The indicator ids a broken plan file seems to define: its figures are then not reported
    as unknown (the plan's own errors say what to fix first)."""
    out: set[str] = set()
    groups = data.get("groups") if isinstance(data, dict) else None
    for g in groups if isinstance(groups, list) else []:
        inds = g.get("indicators") if isinstance(g, dict) else None
        for ind in inds if isinstance(inds, list) else []:
            if isinstance(ind, dict) and isinstance(ind.get("id"), str):
                out.add(ind["id"])
    return out


def _load_config(repo: Repo) -> None:
    if not os.path.lexists(repo.root / "xhht.toml"):
        return
    text, problems = read_file(repo.root, "xhht.toml", MAX_CONFIG_BYTES)
    repo.problems += problems
    if text is None:
        return
    depth = _nesting(text)
    if depth > MAX_CONFIG_DEPTH:  # tomllib recurses: refuse deep nesting before parsing
        repo.problems.append(Loc("xhht.toml", 1, 0).problem("config-syntax", detail=f"nested {depth} levels deep"))
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        repo.problems.append(Loc("xhht.toml", 1, 0).problem("config-syntax", detail=str(exc)))
        return
    except RecursionError:  # belt and braces: _nesting already refused it
        repo.problems.append(Loc("xhht.toml", 1, 0).problem("config-syntax", detail="nested too deeply"))
        return
    for key, value in data.items():
        allowed = CONFIG_KEYS.get(key)
        if allowed is None:
            repo.problems.append(Loc("xhht.toml", 1, 0).problem("unknown-setting", key=key, known=tuple(CONFIG_KEYS)))
        elif value not in allowed:
            repo.problems.append(Loc("xhht.toml", 1, 0).problem(
                "bad-setting", key=key, value=_toml(value), allowed=tuple(_toml(v) for v in allowed)))
        else:
            repo.config[key] = value


MAX_CONFIG_DEPTH = 20


def _nesting(text: str) -> int:
    """An upper bound of how deep `[`/`{` nest in a TOML text (brackets in strings count too)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _toml(value: object) -> str:
    """A value as it is written in TOML: "vi", true."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _under(file: str, chosen: set[str]) -> bool:
    return file in chosen or any(file.startswith(c.rstrip("/") + "/") for c in chosen)
