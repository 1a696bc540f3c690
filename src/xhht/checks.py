"""Checks that look across files: plan ids, shared indicators, parents, areas.

The per-file checks live with their loaders (plans.py, areas.py, figures.py); these need
the whole repository.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xhht.models import Plan
from xhht.problems import Problem

if TYPE_CHECKING:
    from xhht.repo import Repo


def plan_checks(plans: list[Plan], repo: Repo) -> list[Problem]:
    """Keeps the first plan of each id in `repo.plans`; reports the rest and conflicting indicators."""
    problems = []
    for plan in plans:
        if plan.id in repo.plans:
            problems.append(plan.loc.problem(
                "duplicate-plan-id", f"the plan id `{plan.id}` is already used by {repo.plan_files[plan.id]}",
                "each plan file has its own id, e.g. the issuer and number: myduc-kh233"))
            continue
        repo.plans[plan.id] = plan
    first: dict[str, tuple[Plan, object]] = {}
    for plan in repo.plans.values():
        for ind in plan.indicators:
            if ind.id not in first:
                first[ind.id] = (plan, ind)
                continue
            other_plan, other = first[ind.id]
            diffs = [f"{k} {getattr(ind, k)!r} (there: {getattr(other, k)!r})"
                     for k in ("unit", "better", "levels") if getattr(ind, k) != getattr(other, k)]
            if diffs:
                problems.append(ind.loc.problem(
                    "indicator-conflict", f"the indicator `{ind.id}` is also in {repo.plan_files[other_plan.id]} "
                    f"(line {other.loc.line}) with another " + "; ".join(diffs),
                    "one id means one measure: use the same unit, better and levels, or another id"))
    return problems


def cross_checks(repo: Repo) -> list[Problem]:
    problems = []
    for plan in repo.plans.values():
        if plan.parent is not None and plan.parent not in repo.plans and plan.parent_loc:
            known = ", ".join(sorted(repo.plans)) or "none"
            problems.append(plan.parent_loc.problem(
                "unknown-parent-plan", f"the parent plan `{plan.parent}` is not in plans/ (plans: {known})",
                f"add plans/{plan.parent}.yaml transcribing the parent document, or remove `parent`"))
        if plan.area is not None and repo.has_areas_file and plan.area not in repo.areas and plan.area_loc:
            problems.append(plan.area_loc.problem(
                "unknown-plan-area", f"the plan's area {plan.area!r} is not in areas.csv",
                "add the area to areas.csv, or correct the code"))
    return problems
