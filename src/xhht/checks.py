"""Checks that look across files: plan ids, shared indicators, parents, areas.

The per-file checks live with their loaders (plans.py, areas.py, figures.py); these need
the whole repository.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from xhht.models import Indicator, Plan
from xhht.numbers import plain
from xhht.catalogue import phrase
from xhht.problems import Problem
from xhht.targets import score
from xhht.units import unit_of

if TYPE_CHECKING:
    from xhht.repo import Repo


def plan_checks(plans: list[Plan], repo: Repo) -> list[Problem]:
    """Keeps the first plan of each id in `repo.plans`; reports the rest and conflicting indicators."""
    problems = []
    for plan in plans:
        if plan.id in repo.plans:
            problems.append(plan.loc.problem("duplicate-plan-id", id=plan.id, other=repo.plan_files[plan.id]))
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
            diffs = [phrase("differs", key=k, here=_measure(a), there=_measure(b))
                     for k, a, b in zip(("unit", "better", "levels"), here.measure, there.measure) if a != b]
            if diffs:
                problems.append(here.loc.problem("indicator-conflict", id=here.id, other=repo.plan_files[there_plan.id],
                                                 line=there.loc.line, diffs=tuple(diffs)))
    return problems


def cross_checks(repo: Repo) -> list[Problem]:
    problems = []
    for plan in repo.plans.values():
        if plan.parent is not None and plan.parent not in repo.plans and plan.parent_loc:
            problems.append(plan.parent_loc.problem("unknown-parent-plan", parent=plan.parent,
                                                    plans=", ".join(sorted(repo.plans)) or "–"))
        if plan.area is not None and repo.has_areas_file and plan.area not in repo.areas and plan.area_loc:
            problems.append(plan.area_loc.problem("unknown-plan-area", area=plan.area))
    return problems + _figures_of_units_not_valid(repo) + level_checks(repo)


def _figures_of_units_not_valid(repo: Repo) -> list[Problem]:
    """CONTRACT 10: a figure of year Y is of the unit valid on 31 December of Y."""
    areas = repo.areas
    if not areas.dated:
        return []
    verdict: dict[tuple[str, int], bool] = {}
    problems = []
    for (_ind, area, year), fig in repo.figures.items():
        key = (area, year)
        if key not in verdict:
            verdict[key] = area not in areas.versions or areas.valid_in(area, year)
        if not verdict[key]:
            dates = "; ".join(f"{a.valid_from.isoformat() if a.valid_from else '…'} – "
                              f"{a.valid_to.isoformat() if a.valid_to else '…'}" for a in areas.versions[area])
            problems.append(fig.loc.problem("area-not-valid", code=area, year=year, dates=dates))
    return problems


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
        if ind is None or not unit_of(ind.unit).numeric:
            continue
        total = values.children_total(ind, area, year)
        own = values.get(ind, area, year).value
        if not total.ok:
            continue
        if not unit_of(ind.unit).fraction:
            differs = total.value != own
            theirs = plain(total.value)
        else:
            exp = own.as_tuple().exponent if isinstance(fig.value, Decimal) else -2
            rounded = total.value.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP)
            differs = rounded != own.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP)
            theirs = f"{plain(rounded)} ({plain(total.numerator)}/{plain(total.denominator)})"
        if differs:
            n = len(repo.areas.children[area])
            problems.append(fig.loc.problem("rollup-disagrees", id=ind_id, area=area, year=year, own=plain(own),
                                            n=n, theirs=theirs))
    return problems


def _within(areas, area: str, plan_area: str, year: int) -> bool:
    """In the hierarchy of the figure's year; for a plan's unit that ended (CONTRACT 10), within one
    of the units that took its territory."""
    if areas.is_within(area, plan_area, year):
        return True
    successors, _ = areas.successors(plan_area, year)
    return any(areas.is_within(area, s, year) for s in successors)


def _outside_plan_areas(repo: Repo) -> list[Problem]:
    if not repo.has_areas_file:
        return []
    areas_of: dict[str, set[str | None]] = {}
    for plan in repo.plans.values():
        for ind in plan.indicators:
            areas_of.setdefault(ind.id, set()).add(plan.area)
    # decided once per (plans' areas, area), not per figure × plan: the indicators of one set of
    # plans share the answer for an area
    plans_of = {ind_id: frozenset(areas) for ind_id, areas in areas_of.items()}
    within: dict[tuple[frozenset, str, int], bool] = {}
    problems = []
    for (ind_id, area, year), fig in repo.figures.items():
        if ind_id in repo.unloaded:
            continue  # a plan that did not load uses it too: its area is unknown until it is fixed
        plan_areas = plans_of.get(ind_id, _ANYWHERE)
        key = (plan_areas, area, year)  # the year: the hierarchy (and an ended unit's successors) of its time
        if key not in within:
            within[key] = None in plan_areas or any(_within(repo.areas, area, a, year) for a in plan_areas)
        if within[key]:
            continue
        names = ", ".join(sorted(f"{a} ({repo.areas.name(a)})" for a in plan_areas))
        problems.append(fig.loc.problem("area-outside-plan", area=area, name=repo.areas.name(area), id=ind_id,
                                        plans=names))
    return problems  # load_repo sorts all problems


_ANYWHERE = frozenset({None})


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
                        "weaker-than-parent", year=t.year, id=ind.id, mine=_show(t.condition.value),
                        theirs=_show(pt.condition.value), parent=parent.id,
                        where=f"{repo.plan_files[parent.id]}:{pt.loc.line}"))
    return problems


def _measure(v: object) -> str:
    """A unit, direction or levels as written in the plan: 'percent', [1, 2, 3]."""
    if isinstance(v, tuple):
        return "[" + ", ".join(v) + "]"
    return "–" if v is None else f"'{v}'"


def _show(v) -> str:
    return plain(v) if isinstance(v, Decimal) else str(v)
