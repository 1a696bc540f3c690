"""The registry of the checks across files, as small pure functions (as beancount's plugins):
each takes the loaded data and returns the problems it finds, and declares the codes it may raise
with `@check(...)`. `run_checks` runs them all in one loop; repo.load_repo calls it once
everything is loaded.

    @check("my-new-code")
    def _my_new_check(data: Loaded) -> list[Problem]:
        return [data.figures.loc(key).problem("my-new-code", ...) for key in data.figures if ...]

A new check is that function in rules.py, its code in problems/catalogue.py, a real example in
cli/docgen.py (docs/checks.md) and a test: see docs/architecture.md. The per-file checks live with
their loaders (load/plans.py, load/areas.py, load/figures.py). This folder never imports repo.py:
`Loaded` says what a check may read, and repo.Repo has it all. checks/__init__.py imports rules.py,
so that importing `xhht.checks` registers every check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from xhht.judge.rollup import Values
from xhht.judge.standards import Evaluator
from xhht.model.areas import Areas
from xhht.model.figures import Figures
from xhht.model.records import Indicator, Plan
from xhht.model.standards import Standard
from xhht.problems import Problem
from xhht.problems.catalogue import CATALOGUE


class Loaded(Protocol):
    """What the cross-file checks read: the loaded repository (repo.Repo is one)."""

    plans: dict[str, Plan]  # one plan per id, in file-name order
    plan_files: dict[str, str]  # plan id -> file
    standards: dict[str, Standard]  # xhht's own, then the repository's (docs/standards.md)
    standard_files: dict[str, str]  # standard id -> file
    areas: Areas
    has_areas_file: bool
    figures: Figures
    unloaded: set[str]  # indicator ids of plan files too broken to build

    @property
    def values(self) -> Values: ...

    @property
    def evaluator(self) -> Evaluator: ...  # the standards' levels, the values layer's source

    @property
    def catalogue(self) -> dict[str, Indicator]: ...


CheckFunction = Callable[[Loaded], list[Problem]]


@dataclass(frozen=True)
class Check:
    codes: tuple[str, ...]
    function: CheckFunction

    @property
    def name(self) -> str:
        return self.function.__name__.lstrip("_")


CHECKS: list[Check] = []  # in the order they run


def check(*codes: str) -> Callable[[CheckFunction], CheckFunction]:
    """Registers a cross-file check that may raise `codes` (each must be in the catalogue)."""
    unknown = [c for c in codes if c not in CATALOGUE]
    if unknown or not codes:
        raise ValueError(f"a check must declare catalogue codes, not {unknown or codes}")

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(codes, function))
        return function
    return register


def run_checks(data: Loaded) -> list[Problem]:
    """Every registered check over the loaded data, in registration order (load_repo sorts them)."""
    problems: list[Problem] = []
    for c in CHECKS:
        found = c.function(data)
        stray = {p.code for p in found} - set(c.codes)
        if stray:  # a programming error, caught by the tests
            raise ValueError(f"check {c.name} raised {sorted(stray)}, not declared in @check{c.codes}")
        problems += found
    return problems


def keep_first_plans(plans: list[Plan], plan_files: dict[str, str]) -> tuple[dict[str, Plan], list[Problem]]:
    """The first plan of each id (a loader step, not a registered check: it decides what is loaded),
    and a duplicate-plan-id problem for each later one."""
    kept: dict[str, Plan] = {}
    problems = []
    for plan in plans:
        if plan.id in kept:
            problems.append(plan.loc.problem("duplicate-plan-id", id=plan.id, other=plan_files[plan.id]))
            continue
        kept[plan.id] = plan
    return kept, problems
