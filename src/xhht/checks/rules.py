"""The checks across files (registered with `@check`, registry.py): each a pure function of the
loaded data that returns the problems it finds, with the catalogue codes it declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from xhht.base.numbers import half_up, plain
from xhht.base.units import unit_of
from xhht.checks.registry import Loaded, check
from xhht.model.records import MEASURE_KEYS, Indicator, Plan
from xhht.model.targets import score
from xhht.problems import Problem
from xhht.problems.catalogue import phrase


@check("indicator-conflict")
def _indicator_conflicts(data: Loaded) -> list[Problem]:
    """An indicator id shared by plans must have the same unit, direction, levels and holds_for; so must
    a plan's indicator that a standard defines (docs/standards.md: the standard's is the definition)."""
    problems = []
    owner = {ind.id: (standard, ind) for standard in data.standards.values() for ind in standard.indicators}
    first: dict[str, tuple[Plan, Indicator]] = {}
    for plan in data.plans.values():
        for ind in plan.indicators:
            if ind.id in owner:
                standard, theirs = owner[ind.id]
                diffs = [phrase("differs", key=k, here=_measure(a), there=_measure(b))
                         for k, a, b in zip(MEASURE_KEYS, ind.measure, theirs.measure) if a != b]
                if diffs:
                    problems.append(ind.loc.problem("indicator-conflict", id=ind.id, standard=standard.id,
                                                    diffs=tuple(diffs)))
                continue
            if ind.id not in first:
                first[ind.id] = (plan, ind)
                continue
            there_plan, there = first[ind.id]
            here_plan, here = plan, ind
            if there_plan.parent == plan.id:  # report it in the child plan
                here_plan, here, there_plan, there = there_plan, there, here_plan, here
            diffs = [phrase("differs", key=k, here=_measure(a), there=_measure(b))
                     for k, a, b in zip(MEASURE_KEYS, here.measure, there.measure) if a != b]
            if diffs:
                problems.append(here.loc.problem("indicator-conflict", id=here.id, other=data.plan_files[there_plan.id],
                                                 line=there.loc.line, diffs=tuple(diffs)))
    return problems


@check("unknown-parent-plan", "unknown-plan-area")
def _plan_references(data: Loaded) -> list[Problem]:
    """A plan's `parent` is a plan here; its `area` is in areas.csv (when there is one)."""
    problems = []
    for plan in data.plans.values():
        if plan.parent is not None and plan.parent not in data.plans and plan.parent_loc:
            problems.append(plan.parent_loc.problem("unknown-parent-plan", parent=plan.parent,
                                                    plans=", ".join(sorted(data.plans)) or "–"))
        if plan.area is not None and data.has_areas_file and plan.area not in data.areas and plan.area_loc:
            problems.append(plan.area_loc.problem("unknown-plan-area", area=plan.area))
    return problems


@check("plan-cycle")
def _plan_cycles(data: Loaded) -> list[Problem]:
    """Plans whose `parent` links come back to themselves (a plan its own parent, or a ring): each
    ring once, from its smallest id, at that plan's `parent`. Each plan has one parent at most, so
    one walk per plan, no recursion."""
    problems = []
    done: set[str] = set()
    for start in sorted(data.plans):
        path: list[str] = []
        on_path: set[str] = set()
        here: str | None = start
        while here is not None and here in data.plans and here not in done and here not in on_path:
            path.append(here)
            on_path.add(here)
            here = data.plans[here].parent
        if here is not None and here in on_path:
            ring = path[path.index(here):]
            first = ring.index(min(ring))
            ring = ring[first:] + ring[:first]
            plan = data.plans[ring[0]]
            problems.append((plan.parent_loc or plan.loc).problem("plan-cycle", cycle=" → ".join(ring + [ring[0]])))
        done.update(path)
    return problems


@check("area-not-valid")
def _figures_of_units_not_valid(data: Loaded) -> list[Problem]:
    """docs/reform.md: a figure of year Y is of the unit valid on 31 December of Y."""
    areas = data.areas
    if not areas.dated:
        return []
    problems = []
    for (area, year), inds in data.figures.area_years().items():  # decided once per unit and year
        if area not in areas.versions or areas.valid_in(area, year):
            continue
        dates = "; ".join(f"{a.valid_from.isoformat() if a.valid_from else '…'} – "
                          f"{a.valid_to.isoformat() if a.valid_to else '…'}" for a in areas.versions[area])
        for ind in inds:
            problems.append(data.figures.loc((ind, area, year)).problem("area-not-valid", code=area, year=year,
                                                                         dates=dates))
    return problems


@check("rollup-disagrees")
def _rollup_disagreements(data: Loaded) -> list[Problem]:
    values = data.values
    catalogue = data.catalogue
    problems = []
    children = data.areas.children
    # only figures of areas with lower-level units can disagree: sort those, not every figure
    candidates = sorted((ind, area, year) for (area, year), inds in data.figures.area_years().items()
                        if children.get(area) for ind in inds)
    for key in candidates:
        ind_id, area, year = key
        fig = data.figures[key]
        ind = catalogue.get(ind_id)
        if ind is None or not unit_of(ind.unit).rolls_up:
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
            rounded = half_up(total.value, Decimal(1).scaleb(exp))
            differs = rounded != half_up(own, Decimal(1).scaleb(exp))
            theirs = f"{plain(rounded)} ({plain(total.numerator)}/{plain(total.denominator)})"
        if differs:
            n = len(data.areas.children[area])
            problems.append(fig.loc.problem("rollup-disagrees", id=ind_id, area=area, year=year, own=plain(own),
                                            n=n, theirs=theirs))
    return problems


@check("rollup-needs-counts")
def _rollup_needs_counts(data: Loaded) -> list[Problem]:
    """CONTRACT 8: a percent without numerator and denominator that the roll-up of a plan's area reads."""
    from xhht.judge.needs import area_name, counts_needed, figure_counts, is_a_unit_of

    problems = []
    for ind_id, area, year, plan_id in counts_needed(data.plans.values(), data.areas, figure_counts(data.figures)):
        plan = data.plans[plan_id]
        problems.append(data.figures.loc((ind_id, area, year)).problem(
            "rollup-needs-counts", id=ind_id, area=area, name=data.areas.name(area, year), year=year,
            top=plan.area, top_name=area_name(plan, data.areas, year), plan=plan_id,
            own=True if is_a_unit_of(plan, data.areas, year) else None))
    return problems


def _within(areas, area: str, plan_area: str, year: int) -> bool:
    """In the hierarchy of the figure's year; for a plan's unit that ended (docs/reform.md), within one
    of the units that took its territory."""
    if areas.is_within(area, plan_area, year):
        return True
    successors, _ = areas.successors(plan_area, year)
    return any(areas.is_within(area, s, year) for s in successors)


@check("area-outside-plan")
def _outside_plan_areas(data: Loaded) -> list[Problem]:
    if not data.has_areas_file:
        return []
    areas_of: dict[str, set[str | None]] = {}
    for plan in data.plans.values():
        for ind in plan.indicators:
            areas_of.setdefault(ind.id, set()).add(plan.area)
    plans_of = {ind_id: frozenset(areas) for ind_id, areas in areas_of.items()}
    for ind_id in data.unloaded:
        plans_of[ind_id] = _ANYWHERE  # a plan that did not load uses it too: its area is unknown until it is fixed
    # decided once per (plans' areas, area, year), not per figure: the indicators of one set of
    # plans share the answer; an indicator of no plan is an unknown-indicator, not this
    groups: dict[frozenset, set[str]] = {}
    for ind_id, plan_areas in plans_of.items():
        if None not in plan_areas:
            groups.setdefault(plan_areas, set()).add(ind_id)
    problems = []
    for (area, year), inds in data.figures.area_years().items():
        for plan_areas, ids in groups.items():
            if ids.isdisjoint(inds):
                continue
            # the year: the hierarchy (and an ended unit's successors) of its time
            if (not plan_areas.isdisjoint(data.areas.lineage(area, year))
                    or any(_within(data.areas, area, a, year) for a in plan_areas)):
                continue
            names = ", ".join(sorted(f"{a} ({data.areas.name(a)})" for a in plan_areas))
            for ind_id in inds:
                if ind_id in ids:
                    problems.append(data.figures.loc((ind_id, area, year)).problem(
                        "area-outside-plan", area=area, name=data.areas.name(area), id=ind_id, plans=names))
    return problems  # load_repo sorts all problems


_ANYWHERE = frozenset({None})


@check("weaker-than-parent")
def _weaker_than_parent(data: Loaded) -> list[Problem]:
    problems = []
    for plan in data.plans.values():
        parent = data.plans.get(plan.parent) if plan.parent else None
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
                        where=f"{data.plan_files[parent.id]}:{pt.loc.line}"))
    return problems


def _measure(v: object) -> str:
    """A unit, direction or levels as written in the plan: 'percent', [1, 2, 3]."""
    if isinstance(v, tuple):
        return "[" + ", ".join(v) + "]"
    return "–" if v is None else f"'{v}'"


def _show(v) -> str:
    return plain(v) if isinstance(v, Decimal) else str(v)


@check("level-disagrees")
def _levels_that_disagree(data: Loaded) -> list[Problem]:
    """docs/standards.md: a recorded result of a standard (the decision, typed as a figure of its result
    indicator) that the unit's own figures contradict, naming the criteria that decide. In a repository
    without such figures: one look at the index of each (area, year) with figures (no figure read),
    and nothing evaluated; a unit that has no figure of the standard's chỉ tiêu that year is not
    evaluated either."""
    by_year: dict[int, list[tuple[str, Sequence[str]]]] = {}
    for (area, year), inds in data.figures.area_years().items():
        by_year.setdefault(year, []).append((area, inds))
    problems = []
    for standard in data.standards.values():
        rid = standard.result.id
        recorded = [(area, year) for year, places in sorted(by_year.items()) if standard.in_force(year)
                    for area, inds in places if rid in inds]
        for area, year in recorded:
            if not data.evaluator.assessed(standard, area, year):  # no figure of its own: nothing to contradict
                continue
            key = (rid, area, year)
            found = data.evaluator.unit(standard, area, year)
            if found.derived is None or found.recorded is None or found.derived == found.recorded:
                continue
            levels = standard.levels
            higher = levels.index(found.recorded) > levels.index(found.derived)
            problems.append(data.figures.loc(key).problem(
                "level-disagrees", id=rid, area=area, name=data.areas.name(area, year), year=year,
                recorded=found.recorded, derived=found.derived, standard=standard.id,
                failing=tuple(found.failing(found.recorded)) if higher else None))
    return problems
