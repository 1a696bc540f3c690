"""The scorecard (CONTRACT 12): every unit of one level below the plan's area, valid on 31 December
of a year, against what the plan asks of it in that year, ranked. Pure.

    scorecard(plan, values, areas, year, level) -> Scorecard

The columns are what a review of one such unit for the year judges (asked.py), less what does not
apply: the `subunits` targets of the level (each unit's own figure against `meeting`), the shares
of levels below it (over each unit's own units), then the plan area's own targets (each unit's
figure against them); a `reference` column that no unit has a figure for is left out. A cell is
judged by rule 1 only (a final verdict on the figure of the year, or one standing for it by
`holds_for`; else no_data), with the very functions a review of the unit uses, so that the
scorecard and `report --area UNIT --period YEAR` never disagree. The figures are read a column at a
time for every unit together (`Values.values_of`), never one Figure per cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xhht.base.kinds import Basis, Status
from xhht.judge.asked import Ask, asked_of, below
from xhht.judge.compare import judge_ask, plan_day, units_of
from xhht.judge.results import FINAL
from xhht.judge.rollup import Values
from xhht.model.areas import Areas
from xhht.model.records import LEVELS, Condition, Plan
from xhht.model.standards import Standard
from xhht.model.targets import judge, score

ACHIEVED = (Status.EXCEEDED, Status.MET)


@dataclass(frozen=True, slots=True)
class Column:
    """One target of the year as a unit of the level sees it."""

    ask: Ask

    @property
    def scope(self) -> str | None:
        """The level of a `subunits` target, None for a target of the plan's area."""
        return self.ask.subunit.level if self.ask.subunit is not None else None

    @property
    def condition(self) -> Condition:
        """What a unit's figure is held against: `meeting`, or the area's target (not for a share)."""
        s = self.ask.subunit
        return s.meeting if s is not None else self.ask.target.condition

    @property
    def target(self) -> Decimal | str | None:
        """The plan's number: the count or share of a `subunits` target, else the area's target."""
        s, c = self.ask.subunit, self.condition
        if s is not None:
            return s.value
        return c.value if c.kind == "value" else c.kind

    @property
    def share(self) -> bool:
        """A share of the units below the level, counted over each unit's own units."""
        return self.ask.subunit is not None and not self.ask.own_level


@dataclass(frozen=True, slots=True)
class Cell:
    actual: Decimal | str | None  # the unit's figure (a share of its units for a share column), None: no figure
    status: Status  # exceeded, met, missed or no_data
    standing_from: int | None = None  # the figure is of this earlier year, standing by holds_for
    derived_by: Standard | None = None  # the level this standard's criteria give (no decision recorded)


@dataclass(frozen=True, slots=True)
class Row:
    area: str
    rank: int
    achieved: int
    missed: int
    no_data: int
    cells: tuple[Cell, ...]

    @property
    def ratio(self) -> Decimal | None:
        """achieved ÷ (achieved + missed); None when nothing is judged."""
        judged = self.achieved + self.missed
        return Decimal(self.achieved) / judged if judged else None


@dataclass(frozen=True)
class Scorecard:
    plan: Plan
    year: int
    level: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def levels_below(plan: Plan, areas: Areas, year: int) -> list[str]:
    """The levels that have units below the plan's area valid in `year`, top to bottom."""
    units = _Units(plan, areas, year)
    return [lv for lv in LEVELS if units(lv)]


def default_level(plan: Plan, areas: Areas, year: int) -> str | None:
    """The lowest level with units below the plan's area valid in `year` (CONTRACT 12)."""
    found = levels_below(plan, areas, year)
    return found[-1] if found else None


class _Units:
    """The units of a level below the plan's area (as the plan means it) valid in the year."""

    def __init__(self, plan: Plan, areas: Areas, year: int):
        self.plan, self.areas, self.year = plan, areas, year
        whole = areas.meant(plan.area or "", plan_day(plan)) or areas.unit(plan.area or "")
        self.level = whole.level if whole is not None else None
        self.meant = areas.meant(plan.area or "", plan_day(plan))

    def __call__(self, level: str) -> list[str]:
        if self.level is None or not below(level, self.level):
            return []
        return units_of(self.areas, self.plan.area, level, self.year, meant=self.meant)


def scorecard(plan: Plan, values: Values, areas: Areas, year: int, level: str) -> Scorecard:
    """Every unit of `level` below the plan's area valid on 31 December of `year`, against what the plan
    asks of it in `year` (CONTRACT 12), ranked."""
    units = _Units(plan, areas, year)(level)
    asks = [a for ind in plan.indicators for a in asked_of(ind, level) if a.year == year and a.not_applicable is None]
    order = {id(a): i for i, a in enumerate(asks)}
    asks.sort(key=lambda a: (0 if a.own_level else 1 if a.subunit is not None else 2, order[id(a)]))
    columns, cells = [], []
    for a in asks:
        column = Column(a)
        judged = _column(column, plan, values, areas, units, year)
        if a.basis == Basis.REFERENCE and all(c.actual is None for c in judged):
            continue  # no unit of the level has a figure of the year for it
        columns.append(column)
        cells.append(judged)
    rows = []
    for i, code in enumerate(units):
        mine = tuple(col[i] for col in cells)
        achieved = sum(1 for c in mine if c.status in ACHIEVED)
        missed = sum(1 for c in mine if c.status == Status.MISSED)
        rows.append(Row(code, 0, achieved, missed, len(mine) - achieved - missed, mine))
    return Scorecard(plan, year, level, tuple(columns), _ranked(rows))


def annex_card(plan: Plan, values: Values, areas: Areas, start: int, end: int) -> Scorecard | None:
    """The scorecard a review of the plan's own area for `start`..`end` carries as its phụ lục
    (CONTRACT 12): of the lowest level that the plan's `subunits` targets name and that has units,
    in the latest year of the period (within the plan's) whose card has a column and a figure. None
    for a plan without `subunits` targets, or when no year of the period has such a card."""
    named = {s.level for ind in plan.indicators for s in ind.subunits}
    if not named or plan.area is None or plan.area not in areas:
        return None
    for year in range(min(end, plan.end), max(start, plan.start) - 1, -1):
        levels = [lv for lv in levels_below(plan, areas, year) if lv in named]
        if not levels:
            continue
        card = scorecard(plan, values, areas, year, levels[-1])
        if card.columns and any(c.actual is not None for r in card.rows for c in r.cells):
            return card
    return None


def _column(column: Column, plan: Plan, values: Values, areas: Areas, units: list[str], year: int) -> list[Cell]:
    """The cells of one column, one per unit, by rule 1 only."""
    a, c = column.ask, column.condition
    ind = a.indicator
    if column.share or c.kind != "value":  # a share of each unit's own units, or increase / decrease
        return [_cell(judge_ask(a, values, areas, code, year, plan, None, ("", "")), year) for code in units]
    goal = score(c.value, ind.unit, ind.levels)
    figures = values.values_of(ind, units, year)
    standing = values.standing_in(ind, units, year) if ind.holds_for else {}
    derived = set(values.derived_in(ind, units, year))
    out = []
    for code, value in zip(units, figures):
        if value is None:
            out.append(Cell(None, Status.NO_DATA))
        else:  # rule 1, as compare._own judges a figure of the target's year
            out.append(Cell(value, judge(score(value, ind.unit, ind.levels), c.comparator, goal), standing.get(code),
                            values.get(ind, code, year).derived_by if code in derived else None))
    return out


def _cell(r, year: int) -> Cell:
    """A review's result as a cell: its final verdict on a figure of `year`, else no_data."""
    if r.status in FINAL and r.as_of == year:
        return Cell(r.actual, r.status, r.standing_from, r.derived_by if r.own_figure else None)
    return Cell(None, Status.NO_DATA)


def _ranked(rows: list[Row]) -> tuple[Row, ...]:
    """By achieved ÷ (achieved + missed), highest first, a row with nothing judged last, then by code;
    equal ratios share a rank and the next rank skips (1, 1, 3)."""
    rows.sort(key=lambda r: (r.ratio is None, -(r.ratio or 0), r.area))
    out, rank, previous = [], 0, object()
    for i, r in enumerate(rows):
        if r.ratio != previous:
            rank, previous = i + 1, r.ratio
        out.append(Row(r.area, rank, r.achieved, r.missed, r.no_data, r.cells))
    return tuple(out)
