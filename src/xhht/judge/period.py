"""The default period of a review (docs/commands.md#the-period): from the plan's first year to the
latest year that has a figure for the plan's indicators and area.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from xhht.judge.rollup import Values
from xhht.model.areas import Areas
from xhht.model.records import Plan


def default_period(plan: Plan, values: Values, areas: Areas, area: str | None = None,
                   years: dict[int, set[str]] | None = None) -> tuple[int, int]:
    """docs/commands.md#the-period: the plan's first year to the latest year that has a figure for the plan's
    indicators and area (the area, a unit within it that year, or a unit that took its territory);
    the plan's first year when there is none (a standard's result counts the years of its chỉ tiêu's
    figures: `Values.figure_ids`). `years`: `figure_years` of those, when the caller has it already
    (the overview, for many plans)."""
    area = area or plan.area or ""
    if years is None:
        years = figure_years(values.figures, values.figure_ids(ind.id for ind in plan.indicators))
    for year in sorted(years, reverse=True):
        if year <= plan.start:
            break
        if not area or not years[year].isdisjoint(_territory(areas, area, year)):
            return plan.start, year
    return plan.start, plan.start


def figure_years(figures: Mapping, ids: Collection[str]) -> dict[int, set[str]]:
    """year -> the areas that have a figure of one of the indicators `ids` that year, from a mapping of
    (indicator, area, year) -> Figure. The cache knows it without going over every key: its
    `one_per_area_year` gives one key per area and year."""
    keys = figures.one_per_area_year(ids) if hasattr(figures, "one_per_area_year") else figures
    out: dict[int, set[str]] = {}
    for ind_id, code, year in keys:
        if ind_id in ids:
            found = out.get(year)
            if found is None:
                found = out[year] = set()
            found.add(code)
    return out


def _territory(areas: Areas, area: str, year: int) -> set[str]:
    """The codes whose figures of `year` are `area`'s: the area and the units within it, or, once it
    ended, the units that took its territory and those within them."""
    tree = areas.tree(year)
    out = {area, *tree.descendants(area)}
    if areas.dated and not areas.valid_in(area, year):
        for s in areas.successors(area, year)[0]:
            out.add(s)
            out.update(tree.descendants(s))
    return out
