"""The comparison engine (docs/commands.md#the-comparison-rules): targets against figures for a period. Pure functions.

    compare(plan, values, areas, start, end, area) -> Review

A `Result` is one target (an indicator's own target, or a `subunits` target with its `scope`)
in one year Y. The figure that judges it is chosen by time, never by the period alone:

1. a figure of year Y itself, Y <= end: a final verdict, exceeded / met / missed;
2. no figure of year Y and Y < end: no_data, with the earliest later figure (<= end) as `later`
   and the verdict it would give;
3. no figure of year Y and Y > end: a progress status from the latest figure of a year < Y and
   <= end: on_track / off_track / not_due;
4. no figure of year Y and Y = end: the target is due, never not_due: on_track / off_track as in
   rule 3 when it can say so, else no_data (with the latest earlier figure as `actual`, `as_of`).
A figure taken before Y never gives a final verdict.

Everything is Decimal; ratios and yearly requirements are rounded half-up to 4 decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from xhht.base.kinds import Status
from xhht.base.numbers import half_up
from xhht.base.units import MEASURE_UNITS, unit_of
from xhht.judge.asked import Ask, asked_of
from xhht.judge.results import PROGRESS, Context, Distribution, Later, Line, Result, Review
from xhht.judge.rollup import Reason, Value, Values
from xhht.model.areas import Areas
from xhht.model.records import LEVELS, Indicator, Plan, SubunitTarget, Target
from xhht.model.targets import holds, judge, score

_RATIO = Decimal("0.0001")
_SHARE = Decimal("0.01")
_SCOPE_ORDER = {None: -1, **{lv: i for i, lv in enumerate(LEVELS)}}  # own target first, then huyen, xa


def units_of(areas: Areas, area: str, level: str | None, year: int | None, day=None, meant=None) -> list[str]:
    """The units of `level` (of every level with None) that count for `area` in `year` (or on
    `day`): below it in that hierarchy or, once it ended (the unit `meant`, or the code's last), the
    units of that level that took its territory."""
    if day is not None:
        return areas.tree_on(day).descendants(area, level) if areas.dated else areas.descendants(area, level)
    replaced = year is not None and areas.replaced(meant, year)
    if year is None or not areas.dated or (areas.valid_in(area, year) and not replaced):
        return areas.descendants(area, level, year)
    successors, straddler = areas.successors(area, year, meant if replaced else None)
    if straddler is not None:
        return []
    tree = areas.tree(year)
    out = set()
    for s in successors:
        if level is None or tree.units[s].level == level:
            out.add(s)
        out.update(tree.descendants(s, level))
    return sorted(out)


# ---------------------------------------------------------------- compare


class _PlanValues:
    """`Values` as the plan means its area: the unit of the plan's date, whose territory after it
    ended is rolled up from its successors even when its code now names another unit (docs/reform.md)."""

    def __init__(self, values: Values, areas: Areas, area: str, meant):
        self.values, self.areas, self.area, self.meant = values, areas, area, meant
        self.figures = values.figures

    def get(self, ind: Indicator, code: str, year: int) -> Value:
        if code == self.area and self.areas.replaced(self.meant, year):
            return self.values.territory(ind, self.meant, year)
        return self.values.get(ind, code, year)

    def values_of(self, ind: Indicator, codes: list[str], year: int) -> list[Decimal | str | None]:
        if self.area in codes and self.areas.replaced(self.meant, year):
            return [self.get(ind, c, year).value for c in codes]
        return self.values.values_of(ind, codes, year)

    def standing_in(self, ind: Indicator, codes: list[str], year: int) -> dict[str, int]:
        return self.values.standing_in(ind, codes, year)

    def derived_in(self, ind: Indicator, codes: list[str], year: int) -> tuple[str, ...]:
        return self.values.derived_in(ind, codes, year)


def compare(plan: Plan, values: Values, areas: Areas, start: int, end: int, area: str | None = None,
            details: bool = True) -> Review:
    """The review of `plan` for the period start-end. Without `details`, its results only (what its
    summary counts): no distributions and no context figures, as the overview of many plans needs.
    `area` another than the plan's: a review of another area (CONTRACT 6), each result with its basis."""
    area = area or plan.area or ""
    review = Review(plan, area, start, end)
    meant = area_meant(plan, areas, area, end)
    if meant is not None:
        values = _PlanValues(values, areas, area, meant)
    units = _Units(areas, area, meant)
    levels = other_area(plan, areas, area, end)
    for ind in plan.indicators:
        rows: list[Result] = []
        if levels is not None:
            rows = [judge_ask(a, values, areas, area, end, plan, units, levels)
                    for a in asked_of(ind, levels[0]) if a.year >= start]
        for t in ind.targets if levels is None else ():
            if t.year >= start:
                rows.append(_own(ind, t, values, area, end, plan.start))
        for s in ind.subunits if levels is None else ():
            if s.year >= start:
                rows.append(_subunit(ind, s, values, areas, area, end, plan.start, plan_day(plan), units))
        rows.sort(key=lambda r: (r.year, _SCOPE_ORDER[r.scope], r.kind))
        review.results += rows
        if details and unit_of(ind.unit).ordinal:
            review.distributions += _distributions(ind, values, areas, area, start, end, meant, units)
    if details:
        review.context = _context(plan, review.results, values, area, start, end)
    return review


def other_area(plan: Plan, areas: Areas, area: str, year: int) -> tuple[str, str] | None:
    """(the level of `area`, the level of the plan's area) when `area` is another than the plan's and
    both are known (a review of another area, CONTRACT 6); else None: the plan's own review."""
    if plan.area is None or area == plan.area:
        return None
    unit, whole = areas.unit(area, year) or areas.unit(area), areas.meant(plan.area, plan_day(plan)) or areas.unit(plan.area)
    return (unit.level, whole.level) if unit is not None and whole is not None else None


def judge_ask(a: Ask, values: Values, areas: Areas, area: str, end: int, plan: Plan, units: _Units | None,
              levels: tuple[str, str]) -> Result:
    """One target of the plan in the review of another area `area` (asked.py), by rules 1-4."""
    ind, s = a.indicator, a.subunit
    if a.not_applicable is not None:
        c = s.meeting if s is not None else a.target.condition
        base = dict(scope=s.level, kind=s.measure, target=s.value, comparator=">=", meeting=s.meeting) if s else \
            dict(scope=None, kind=c.kind, target=c.value if c.kind == "value" else c.kind, comparator=c.comparator)
        return Result(indicator=ind, area=area, year=a.year, **base, actual=None, as_of=None, basis=a.basis,
                      status=Status.NOT_APPLICABLE, cause=Reason(a.not_applicable, level=levels[0], whole=levels[1],
                                                                 units=s.level if s else ""))
    if s is None:
        return replace(_own(ind, a.target, values, area, end, plan.start), basis=a.basis)
    if a.own_level:
        r = _own(ind, Target(year=s.year, condition=s.meeting, loc=s.loc), values, area, end, plan.start)
        return replace(r, scope=s.level, meeting=s.meeting, basis=a.basis, toward=(s.measure, s.value))
    return replace(_subunit(ind, s, values, areas, area, end, plan.start, plan_day(plan), units), basis=a.basis)


class _Units:
    """`units_of` for one area as a plan means it: each level and year (or day) worked out once for
    all of the plan's subunit targets and distributions."""

    def __init__(self, areas: Areas, area: str, meant):
        self.areas, self.area, self.meant = areas, area, meant
        self._known: dict[tuple, list[str]] = {}

    def __call__(self, level: str, year: int | None, day=None) -> list[str]:
        key = (level, year, day)
        units = self._known.get(key)
        if units is None:
            units = self._known[key] = units_of(self.areas, self.area, level, year, day,
                                                 None if day is not None else self.meant)
        return units


def area_meant(plan: Plan, areas: Areas, area: str, year: int):
    """The unit a review of `area` up to `year` is about (None in a repository without dates): the
    plan's own area is the unit of the plan's date (docs/reform.md); another area (`--area`) is the
    unit its code names in `year`, as the officer asking means it (a code kept by a new unit names the
    new one after the reform), else, when no unit of that code is valid then, the one of the plan's date."""
    if area != plan.area and areas.dated:
        unit = areas.unit(area, year)
        if unit is not None:
            return unit
    return areas.meant(area, plan_day(plan))


def plan_day(plan: Plan):
    """The day whose units a plan counts (docs/reform.md): its date, else 1 January of its first year."""
    import datetime as dt

    return plan.date or dt.date(plan.start, 1, 1)


def _numeric(unit: str) -> bool:
    return unit_of(unit).numeric


def _gap_ratio(actual: Decimal, target: Decimal) -> tuple[Decimal, Decimal | None]:
    ratio = half_up(actual / target, _RATIO) if target else None
    return actual - target, ratio


def _source(v: Value | None) -> str | None:
    return v.source or None if v is not None else None


Series = Callable[[int], "Decimal | None"]  # a year's score, or None when there is no figure


def _progress(series: Series, comparator: str, target: Decimal, due: int, plan_start: int, end: int
              ) -> tuple[Status, int | None, Line | None]:
    """Rule 3: (on_track / off_track / not_due, the year of the latest figure used, the line).
    Uses figures of years from the plan's first year to min(due - 1, end)."""
    last_year = min(due - 1, end)
    years = [y for y in range(plan_start, last_year + 1) if series(y) is not None]
    if not years:
        return Status.NOT_DUE, None, None
    first, last = years[0], years[-1]
    latest = series(last)
    if holds(latest, comparator, target):
        return Status.ON_TRACK, last, None
    if first == last:
        return Status.NOT_DUE, last, None  # one figure draws no line
    start_value = series(first)
    expected = start_value + (target - start_value) * Decimal(last - first) / Decimal(due - first)
    on_line = latest <= expected if comparator in ("<=", "<") else latest >= expected
    return (Status.ON_TRACK if on_line else Status.OFF_TRACK), last, Line(first, start_value, expected)


def _due(status: Status, year: int, end: int) -> Status:
    """Rule 4: a target of the period's last year is due, so never not_due: no_data instead."""
    return Status.NO_DATA if status == Status.NOT_DUE and year == end else status


def _required(status: Status, actual: Decimal | None, target: Decimal, due: int, as_of: int | None,
              unit: str, comparator: str) -> Decimal | None:
    """(target - actual) / (Y - as_of) for a progress status not yet at target."""
    if status not in PROGRESS or actual is None or as_of is None or not _numeric(unit) or due <= as_of:
        return None
    if holds(actual, comparator, target):
        return None
    return half_up((target - actual) / Decimal(due - as_of), _RATIO)


def _own(ind: Indicator, t: Target, values: Values, area: str, end: int, plan_start: int) -> Result:
    c = t.condition
    base = dict(indicator=ind, area=area, year=t.year, scope=None, kind=c.kind,
                target=c.value if c.kind == "value" else c.kind, comparator=c.comparator)
    if c.kind != "value":
        return _change(ind, t, values, area, end, plan_start, base)
    target_score = score(c.value, ind.unit, ind.levels)

    def series(y: int) -> Decimal | None:
        v = values.get(ind, area, y)
        return score(v.value, ind.unit, ind.levels) if v.ok else None

    def verdict(v: Value) -> Status:
        return judge(score(v.value, ind.unit, ind.levels), c.comparator, target_score)

    def measured(v: Value) -> dict:
        gap = ratio = None
        if _numeric(ind.unit):
            gap, ratio = _gap_ratio(v.value, c.value)
        return dict(actual=v.value, gap=gap, ratio=ratio, numerator=v.numerator, denominator=v.denominator,
                    rolled_up=v.rolled_up, source=_source(v), standing_from=v.standing_from,
                    derived_by=v.derived_by)

    own = values.get(ind, area, t.year)
    if t.year <= end and own.ok:  # rule 1
        return Result(**base, as_of=t.year, status=verdict(own), **measured(own))
    cause = own.reason if t.year <= end else None
    if t.year < end:  # rule 2
        later = None
        for y in range(t.year + 1, end + 1):
            v = values.get(ind, area, y)
            if v.ok:
                later = Later(y, v.value, verdict(v))
                break
        return Result(**base, actual=None, as_of=None, status=Status.NO_DATA, later=later, own_missing=True,
                      cause=cause)
    status, as_of, line = _progress(series, c.comparator, target_score, t.year, plan_start, end)  # rules 3, 4
    status = _due(status, t.year, end)
    awaited = t.year <= end
    if as_of is None:
        return Result(**base, actual=None, as_of=None, status=status, own_missing=awaited, cause=cause)
    v = values.get(ind, area, as_of)
    m = measured(v)
    required = _required(status, v.value if _numeric(ind.unit) else None, c.value, t.year, as_of, ind.unit,
                         c.comparator)
    return Result(**base, as_of=as_of, status=status, required_per_year=required, line=line,
                  own_missing=awaited, cause=cause, **m)


def _change(ind: Indicator, t: Target, values: Values, area: str, end: int, plan_start: int,
            base: dict) -> Result:
    """increase / decrease: a year's figure against the latest figure before it."""
    want = ">" if t.condition.kind == "increase" else "<"

    def against_previous(year: int) -> tuple[Value, int | None, Value, bool | None]:
        v = values.get(ind, area, year)
        prev_year, prev = None, Value(None)
        for y in range(year - 1, plan_start - 2, -1):  # back to the year before the plan (a baseline)
            candidate = values.get(ind, area, y)
            if candidate.ok:
                prev_year, prev = y, candidate
                break
        if not (v.ok and prev.ok):
            return v, prev_year, prev, None
        return v, prev_year, prev, holds(score(v.value, ind.unit, ind.levels), want,
                                         score(prev.value, ind.unit, ind.levels))

    def compared(year: int, v: Value, prev_year: int | None, prev: Value) -> dict:
        gap = None
        if _numeric(ind.unit):
            gap = v.value - prev.value
        return dict(actual=v.value, as_of=year, gap=gap, baseline=prev.value, baseline_year=prev_year,
                    rolled_up=v.rolled_up, source=_source(v), standing_from=v.standing_from,
                    derived_by=v.derived_by)

    own = values.get(ind, area, t.year)
    if t.year <= end and own.ok:  # rule 1
        v, prev_year, prev, ok = against_previous(t.year)
        if ok is None:
            return Result(**base, actual=v.value, as_of=t.year, status=Status.NO_DATA, cause=Reason("no_previous"),
                          source=_source(v))
        return Result(**base, status=Status.MET if ok else Status.MISSED, **compared(t.year, v, prev_year, prev))
    cause = own.reason if t.year <= end else None
    if t.year < end:  # rule 2
        later = None
        for y in range(t.year + 1, end + 1):
            v, _, _, ok = against_previous(y)
            if v.ok and ok is not None:
                later = Later(y, v.value, Status.MET if ok else Status.MISSED)
                break
        return Result(**base, actual=None, as_of=None, status=Status.NO_DATA, later=later, own_missing=True,
                      cause=cause)
    # rule 3: is the latest figure before the target's year better than the one before it?
    awaited = t.year <= end
    for y in range(min(t.year - 1, end), plan_start - 1, -1):
        v, prev_year, prev, ok = against_previous(y)
        if v.ok:
            if ok is None:
                return Result(**base, actual=v.value, as_of=y, status=_due(Status.NOT_DUE, t.year, end),
                              own_missing=awaited, cause=cause, source=_source(v))
            return Result(**base, status=Status.ON_TRACK if ok else Status.OFF_TRACK, own_missing=awaited, cause=cause,
                          **compared(y, v, prev_year, prev))
    return Result(**base, actual=None, as_of=None, status=_due(Status.NOT_DUE, t.year, end), own_missing=awaited,
                  cause=cause)


def _subunit(ind: Indicator, s: SubunitTarget, values: Values, areas: Areas, area: str, end: int,
             plan_start: int, plan_day, level_units: _Units | None = None) -> Result:
    base = dict(indicator=ind, area=area, year=s.year, scope=s.level, kind=s.measure, target=s.value,
                comparator=">=", meeting=s.meeting)
    if level_units is None:
        level_units = _Units(areas, area, areas.meant(area, plan_day))
    plan_units = level_units(s.level, None, plan_day) if areas.dated else None

    def units_in(year: int) -> list[str]:
        """The units counted in `year` (asked several times a year: worked out once)."""
        return level_units(s.level, year)

    unit_score, levels = unit_of(ind.unit).score, ind.levels
    goal, comparator = score(s.meeting.value, ind.unit, levels), s.meeting.comparator
    standing: dict[int, tuple] = {}  # year -> the units counted by a figure standing by holds_for (tally)
    derived: dict[int, tuple[str, ...]] = {}  # year -> the units counted by a level a standard derived (tally)

    def tally(year: int) -> tuple[Decimal | None, list[str], list[str]]:
        """(count or share of the units meeting it, units short, units without a figure) in `year`."""
        units = units_in(year)
        meeting, short, missing = 0, [], []
        for u, value in zip(units, values.values_of(ind, units, year)):
            if value is None:
                missing.append(u)
            elif holds(unit_score(value, levels), comparator, goal):
                meeting += 1
            else:
                short.append(u)
        standing[year] = tuple(sorted(values.standing_in(ind, units, year).items())) if ind.holds_for else ()
        derived[year] = values.derived_in(ind, units, year)
        if not units or len(missing) == len(units):
            return None, short, missing
        actual = Decimal(meeting)
        if s.measure == "share":
            actual = half_up(Decimal(100) * meeting / len(units), _SHARE)
        return actual, short, missing

    def by_standard(year: int) -> dict:
        if not derived[year]:
            return {}
        return dict(derived=derived[year], derived_by=values.get(ind, derived[year][0], year).derived_by)

    def counted(year: int) -> dict:
        units = units_in(year)
        if plan_units is not None and units != plan_units:
            return dict(counted=tuple(units), counted_year=year, units=len(units))
        return dict(units=len(units))

    if areas.dated:  # docs/reform.md: a level that is gone, or a count over a set of units that changed
        if not units_in(s.year) and plan_units:
            return Result(**base, actual=None, as_of=None, status=Status.NOT_APPLICABLE, units=0,
                          cause=Reason("level_gone", (area,), level=s.level, year=s.year))
        if s.measure == "count" and plan_units is not None and units_in(s.year) != plan_units:
            return Result(**base, actual=None, as_of=None, status=Status.NOT_APPLICABLE, units=len(units_in(s.year)),
                          cause=Reason("units_changed", (area,), len(plan_units), level=s.level, year=s.year))
    if not units_in(s.year):
        return Result(**base, actual=None, as_of=None, status=Status.NO_DATA if s.year <= end else Status.NOT_DUE, units=0,
                      own_missing=s.year <= end, cause=Reason("no_units", (area,), level=s.level))
    actual, short, missing = tally(s.year)
    if s.year <= end and actual is not None:  # rule 1
        gap, ratio = _gap_ratio(actual, s.value)
        return Result(**base, actual=actual, as_of=s.year, status=judge(actual, ">=", s.value), gap=gap,
                      ratio=ratio, short=tuple(short), missing=tuple(missing), standing=standing[s.year],
                      **by_standard(s.year), **counted(s.year))
    cause = Reason("children_missing", tuple(missing), len(units_in(s.year))) if s.year <= end else None
    if s.year < end:  # rule 2
        later = None
        for y in range(s.year + 1, end + 1):
            a = tally(y)[0]
            if a is not None:
                later = Later(y, a, judge(a, ">=", s.value))
                break
        return Result(**base, actual=None, as_of=None, status=Status.NO_DATA, later=later, own_missing=True,
                      cause=cause, units=len(units_in(s.year)))

    def series(y: int) -> Decimal | None:
        return tally(y)[0]

    status, as_of, line = _progress(series, ">=", s.value, s.year, plan_start, end)  # rules 3, 4
    status = _due(status, s.year, end)
    awaited = s.year <= end
    if as_of is None:
        return Result(**base, actual=None, as_of=None, status=status, own_missing=awaited, cause=cause,
                      units=len(units_in(s.year)))
    actual, short, missing = tally(as_of)
    gap, ratio = _gap_ratio(actual, s.value)
    return Result(**base, actual=actual, as_of=as_of, status=status, gap=gap, ratio=ratio,
                  required_per_year=_required(status, actual, s.value, s.year, as_of, MEASURE_UNITS[s.measure],
                                              ">="),
                  line=line, short=tuple(short), missing=tuple(missing), own_missing=awaited, cause=cause,
                  standing=standing[as_of], **by_standard(as_of), **counted(as_of))


def _distributions(ind: Indicator, values: Values, areas: Areas, area: str, start: int, end: int,
                   meant=None, level_units: _Units | None = None) -> list[Distribution]:
    units_in = level_units or _Units(areas, area, meant)
    out = []
    for level in LEVELS:
        for year in range(start, end + 1):
            units = units_in(level, year)
            if not units:
                continue
            counts = {lv: 0 for lv in reversed(ind.levels or ())}
            no_data = 0
            for value in values.values_of(ind, units, year):
                if value is not None:
                    counts[str(value)] += 1
                else:
                    no_data += 1
            if no_data < len(units):
                out.append(Distribution(ind, area, level, year, counts, no_data))
    return out


def _context(plan: Plan, results: list[Result], values: Values, area: str, start: int, end: int) -> list[Context]:
    """The area's figures of the plan's indicators, in the period, that no result shows."""
    shown: set[tuple[str, int]] = set()
    for r in results:
        if not r.own_figure:
            continue
        for year in (r.as_of, r.baseline_year, r.later.year if r.later else None):
            if year is not None:
                shown.add((r.indicator.id, year))
    out = []
    for ind in plan.indicators:
        for year in range(start, end + 1):
            if (ind.id, year) in shown:
                continue
            v = values.get(ind, area, year)
            if v.ok and v.standing_from is None:  # a figure standing by holds_for is its own year's
                out.append(Context(ind, area, year, v.value, v.rolled_up, _source(v)))
    return out
