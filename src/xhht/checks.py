"""Checks that look across files: plan ids, shared indicators, parents, areas.

The per-file checks live with their loaders (plans.py, areas.py, figures.py); these need
the whole repository.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from xhht.models import Indicator, Plan
from xhht.numbers import plain
from xhht.problems import Problem
from xhht.targets import score

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
    first: dict[str, tuple[Plan, Indicator]] = {}
    for plan in repo.plans.values():
        for ind in plan.indicators:
            if ind.id not in first:
                first[ind.id] = (plan, ind)
                continue
            there_plan, there = first[ind.id]
            here_plan, here = plan, ind
            if there_plan.parent == plan.id:  # report it in the child plan
                here_plan, here, there_plan, there = there_plan, there, here_plan, here
            diffs = [f"{k} {a!r} (there: {b!r})"
                     for k, a, b in zip(("unit", "better", "levels"), here.measure, there.measure) if a != b]
            if diffs:
                problems.append(here.loc.problem(
                    "indicator-conflict", f"the indicator `{here.id}` is also in {repo.plan_files[there_plan.id]} "
                    f"(line {there.loc.line}) with another " + "; ".join(diffs),
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
    return problems + level_checks(repo)


def level_checks(repo: Repo) -> list[Problem]:
    """Warnings about targets by level: roll-up disagreements, figures outside the plans' areas,
    and child plans weaker than their parent."""
    return _rollup_disagreements(repo) + _outside_plan_areas(repo) + _weaker_than_parent(repo)


def _rollup_disagreements(repo: Repo) -> list[Problem]:
    values = repo.values
    catalogue = repo.catalogue
    problems = []
    children = repo.areas.children
    # only figures of areas with lower-level units can disagree: sort those, not every figure
    candidates = sorted(item for item in repo.figures.items() if children.get(item[0][1]))
    for (ind_id, area, year), fig in candidates:
        ind = catalogue.get(ind_id)
        if ind is None or ind.unit not in ("percent", "count"):
            continue
        total = values.children_total(ind, area, year)
        own = values.get(ind, area, year).value
        if not total.ok:
            continue
        if ind.unit == "count":
            differs = total.value != own
            theirs = plain(total.value)
        else:
            exp = own.as_tuple().exponent if isinstance(fig.value, Decimal) else -2
            rounded = total.value.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP)
            differs = rounded != own.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP)
            theirs = f"{plain(rounded)} ({plain(total.numerator)}/{plain(total.denominator)})"
        if differs:
            n = len(repo.areas.children[area])
            problems.append(fig.loc.problem(
                "rollup-disagrees", f"{ind_id} for {area} in {year} is {plain(own)}, but its {n} lower-level "
                f"units add up to {theirs}",
                "correct the area's figure or a unit's; or remove the area's own figure to use the roll-up"))
    return problems


def _outside_plan_areas(repo: Repo) -> list[Problem]:
    if not repo.has_areas_file:
        return []
    areas_of: dict[str, set[str | None]] = {}
    for plan in repo.plans.values():
        for ind in plan.indicators:
            areas_of.setdefault(ind.id, set()).add(plan.area)
    # decided once per (indicator, area), not per figure × plan: an area is within a plan's area
    # when that area is on its chain of parents (itself included)
    chains: dict[str, frozenset[str]] = {}
    outside: dict[tuple[str, str], bool] = {}
    problems = []
    for (ind_id, area, _year), fig in repo.figures.items():
        key = (ind_id, area)
        if key not in outside:
            plan_areas = areas_of.get(ind_id, {None})
            if ind_id in repo.unloaded or None in plan_areas:
                # a plan that did not load uses it too: its area is unknown until it is fixed
                outside[key] = False
            else:
                if area not in chains:
                    chains[area] = _chain(repo.areas, area)
                outside[key] = plan_areas.isdisjoint(chains[area])
        if not outside[key]:
            continue
        names = ", ".join(sorted(f"{a} ({repo.areas.name(a)})" for a in areas_of.get(ind_id, {None})))
        problems.append(fig.loc.problem(
            "area-outside-plan", f"{area} ({repo.areas.name(area)}) is outside the area of every plan that "
            f"uses {ind_id}: {names}", "check the area code, or the `parent` column of areas.csv"))
    return problems  # load_repo sorts all problems


def _chain(areas, code: str) -> frozenset[str]:
    """`code` and its parents up to the top (or a cycle): the areas `Areas.is_within` finds it in."""
    seen: set[str] = set()
    while code and code not in seen:
        seen.add(code)
        area = areas.by_code.get(code)
        code = area.parent if area else None
    return frozenset(seen)


def _weaker_than_parent(repo: Repo) -> list[Problem]:
    problems = []
    for plan in repo.plans.values():
        parent = repo.plans.get(plan.parent) if plan.parent else None
        if parent is None:
            continue
        theirs = {ind.id: ind for ind in parent.indicators}
        for ind in plan.indicators:
            pind = theirs.get(ind.id)
            if pind is None or ind.measure != pind.measure:
                continue  # not shared, or an indicator-conflict already reported
            ptargets = {t.year: t for t in pind.targets if t.condition.kind == "value"}
            for t in ind.targets:
                pt = ptargets.get(t.year)
                if t.condition.kind != "value" or pt is None:
                    continue
                mine = score(t.condition.value, ind.unit, ind.levels)
                required = score(pt.condition.value, ind.unit, ind.levels)
                lower_is_better = t.condition.comparator in ("<=", "<")
                if (mine > required) if lower_is_better else (mine < required):
                    problems.append(t.loc.problem(
                        "weaker-than-parent",
                        f"the {t.year} target of {ind.id} is {_show(t.condition.value)}, weaker than "
                        f"{_show(pt.condition.value)} in the parent plan {parent.id} "
                        f"({repo.plan_files[parent.id]}:{pt.loc.line})",
                        "a plan that implements another may not set a weaker target: raise it, "
                        "or note why in the plan"))
    return problems


def _show(v) -> str:
    return plain(v) if isinstance(v, Decimal) else str(v)
