"""The comparison engine (CONTRACT 6): targets against figures for a period. Pure functions.

    compare(plan, values, areas, start, end, area) -> Review

A `Result` is one target (an indicator's own target, or a `subunits` target with its `scope`)
in one year, judged exceeded / met / missed / no_data, or, for a target due after the period,
on_track / off_track / not_due. Everything is Decimal; ratios are rounded to 4 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from xhht.areas import Areas
from xhht.models import LEVELS, Condition, Indicator, Plan, SubunitTarget, Target
from xhht.rollup import Reason, Value, Values
from xhht.targets import holds, judge, score

STATUSES = ("exceeded", "met", "missed", "no_data", "on_track", "off_track", "not_due")
_RATIO = Decimal("0.0001")
_SHARE = Decimal("0.01")
_SCOPE_ORDER = {None: -1, **{lv: i for i, lv in enumerate(LEVELS)}}  # own target first, then huyen, xa


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    area: str
    year: int
    scope: str | None  # None: the area's own target; "huyen"/"xa": a subunits target
    kind: str  # value | increase | decrease | count | share
    target: Decimal | str | None
    comparator: str | None
    actual: Decimal | str | None
    as_of: int | None
    status: str
    gap: Decimal | None = None
    ratio: Decimal | None = None
    baseline: Decimal | str | None = None  # increase/decrease: the figure it is compared with
    baseline_year: int | None = None
    meeting: Condition | None = None  # subunits: what each unit must reach
    units: int | None = None  # subunits: how many units of `scope` there are
    short: tuple[str, ...] = ()  # subunits: units that fall short; own target: nothing
    missing: tuple[str, ...] = ()  # subunits: units with no figure
    numerator: Decimal | None = None  # a percent's numerator and denominator, when known
    denominator: Decimal | None = None
    rolled_up: bool = False
    reason: Reason | None = None  # why there is no actual, when known
    source: str | None = None

    @property
    def measure_unit(self) -> str:
        """The unit `actual` and `target` are in: the indicator's, or percent / count of units."""
        if self.scope is None:
            return self.indicator.unit
        return "percent" if self.kind == "share" else "count"

    @property
    def due(self) -> bool:
        return self.status in ("exceeded", "met", "missed", "no_data")


@dataclass(frozen=True)
class Distribution:
    indicator: Indicator
    area: str
    level: str
    year: int
    counts: dict[str, int]  # best first
    no_data: int


@dataclass
class Review:
    plan: Plan
    area: str
    start: int
    end: int
    results: list[Result] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            counts[r.status] += 1
        return counts

    @property
    def missed(self) -> list[Result]:
        """Missed targets, farthest behind first: by ratio, then gap, then plan order."""
        order = {id(r): i for i, r in enumerate(self.results)}
        missed = [r for r in self.results if r.status == "missed"]
        return sorted(missed, key=lambda r: (r.ratio if r.ratio is not None else Decimal(10**9),
                                             r.gap if r.gap is not None else Decimal(0), order[id(r)]))


def compare(plan: Plan, values: Values, areas: Areas, start: int, end: int, area: str | None = None) -> Review:
    area = area or plan.area or ""
    review = Review(plan, area, start, end)
    for ind in plan.indicators:
        rows: list[Result] = []
        for t in ind.targets:
            if t.year >= start:
                rows.append(_own(ind, t, values, area, start, end, plan.start))
        for s in ind.subunits:
            if s.year >= start:
                rows.append(_subunit(ind, s, values, areas, area, start, end, plan.start))
        rows.sort(key=lambda r: (r.year, _SCOPE_ORDER[r.scope], r.kind))
        review.results += rows
        if ind.unit in ("level", "rating"):
            review.distributions += _distributions(ind, values, areas, area, start, end)
    return review


def _numeric(ind: Indicator) -> bool:
    return ind.unit in ("percent", "count")


def _gap_ratio(actual: Decimal, target: Decimal) -> tuple[Decimal, Decimal | None]:
    ratio = (actual / target).quantize(_RATIO, rounding=ROUND_HALF_EVEN) if target else None
    return actual - target, ratio


def _own(ind: Indicator, t: Target, values: Values, area: str, start: int, end: int, plan_start: int) -> Result:
    c = t.condition
    base = dict(indicator=ind, area=area, year=t.year, scope=None, kind=c.kind,
                target=c.value if c.kind == "value" else c.kind, comparator=c.comparator)
    if c.kind != "value":
        return _change(ind, t, values, area, start, end, plan_start, base)
    target_score = score(c.value, ind.unit, ind.levels)

    def series(y: int) -> Decimal | None:
        v = values.get(ind, area, y)
        return score(v.value, ind.unit, ind.levels) if v.ok else None

    if t.year > end:
        status, as_of = _forecast(series, c.comparator, target_score, t.year, plan_start, end)
        v = values.get(ind, area, as_of) if as_of else None
        return Result(**base, actual=v.value if v else None, as_of=as_of, status=status,
                      source=_source(v))
    as_of, v = values.latest(ind, area, t.year, start)
    if not v.ok:
        return Result(**base, actual=None, as_of=None, status="no_data", reason=v.reason)
    status = judge(score(v.value, ind.unit, ind.levels), c.comparator, target_score)
    gap = ratio = None
    if _numeric(ind):
        gap, ratio = _gap_ratio(v.value, c.value)
    return Result(**base, actual=v.value, as_of=as_of, status=status, gap=gap, ratio=ratio,
                  numerator=v.numerator, denominator=v.denominator, rolled_up=v.rolled_up, source=_source(v))


def _source(v: Value | None) -> str | None:
    return v.figure.source if v is not None and v.figure is not None and v.figure.source else None


def _change(ind: Indicator, t: Target, values: Values, area: str, start: int, end: int, plan_start: int,
            base: dict) -> Result:
    """increase / decrease: the year's figure against the latest figure before it."""
    want = ">" if t.condition.kind == "increase" else "<"
    year = min(t.year, end)
    v = values.get(ind, area, year)
    if not v.ok:
        return Result(**base, actual=None, as_of=None, status="no_data" if t.year <= end else "not_due",
                      reason=v.reason)
    # the latest earlier figure, back to the year before the plan period (a baseline)
    prev_year, prev = values.latest(ind, area, year - 1, plan_start - 1)
    if not prev.ok:
        return Result(**base, actual=v.value, as_of=year, status="no_data" if t.year <= end else "not_due",
                      reason=Reason("no_previous"), source=_source(v))
    a, b = score(v.value, ind.unit, ind.levels), score(prev.value, ind.unit, ind.levels)
    ok = holds(a, want, b)
    status = ("met" if ok else "missed") if t.year <= end else ("on_track" if ok else "off_track")
    return Result(**base, actual=v.value, as_of=year, status=status,
                  gap=a - b if _numeric(ind) else None, baseline=prev.value, baseline_year=prev_year,
                  rolled_up=v.rolled_up, source=_source(v))


def _forecast(series, comparator: str, target: Decimal, due: int, plan_start: int, end: int
              ) -> tuple[str, int | None]:
    """(on_track / off_track / not_due, the year judged by) for a target due after the period:
    is the latest figure on the straight line from the plan period's first figure to the target?"""
    years = [y for y in range(plan_start, end + 1) if series(y) is not None]
    if not years:
        return "not_due", None
    first, last = years[0], years[-1]
    latest = series(last)
    if holds(latest, comparator, target):
        return "on_track", last
    if first == last:
        return "not_due", last  # one figure draws no line
    start_value = series(first)
    expected = start_value + (target - start_value) * Decimal(last - first) / Decimal(due - first)
    on_line = latest <= expected if comparator in ("<=", "<") else latest >= expected
    return ("on_track" if on_line else "off_track"), last


def _meets(ind: Indicator, meeting: Condition, v: Value) -> bool:
    return holds(score(v.value, ind.unit, ind.levels), meeting.comparator,
                 score(meeting.value, ind.unit, ind.levels))


def _subunit(ind: Indicator, s: SubunitTarget, values: Values, areas: Areas, area: str, start: int, end: int,
             plan_start: int) -> Result:
    units = areas.descendants(area, s.level)
    base = dict(indicator=ind, area=area, year=s.year, scope=s.level, kind=s.measure, target=s.value,
                comparator=">=", meeting=s.meeting, units=len(units))

    def tally(year: int, earliest: int) -> tuple[Decimal | None, int | None, list[str], list[str]]:
        meeting, short, missing, used = 0, [], [], []
        for u in units:
            y, v = values.latest(ind, u, year, earliest)
            if not v.ok:
                missing.append(u)
                continue
            used.append(y)
            if _meets(ind, s.meeting, v):
                meeting += 1
            else:
                short.append(u)
        if not used:
            return None, None, short, missing
        actual = Decimal(meeting)
        if s.measure == "share":
            actual = (Decimal(100) * meeting / len(units)).quantize(_SHARE, rounding=ROUND_HALF_EVEN)
        return actual, max(used), short, missing

    if not units:
        return Result(**base, actual=None, as_of=None, status="no_data" if s.year <= end else "not_due",
                      reason=Reason("no_units", (area,), level=s.level))
    if s.year > end:
        def series(y: int) -> Decimal | None:
            return tally(y, y)[0]
        status, as_of = _forecast(series, ">=", s.value, s.year, plan_start, end)
        actual = series(as_of) if as_of else None
        return Result(**base, actual=actual, as_of=as_of, status=status)
    actual, as_of, short, missing = tally(s.year, start)
    if actual is None:
        return Result(**base, actual=None, as_of=None, status="no_data", missing=tuple(missing))
    gap, ratio = _gap_ratio(actual, s.value)
    return Result(**base, actual=actual, as_of=as_of, status=judge(actual, ">=", s.value), gap=gap, ratio=ratio,
                  short=tuple(short), missing=tuple(missing))


def _distributions(ind: Indicator, values: Values, areas: Areas, area: str, start: int, end: int) -> list[Distribution]:
    out = []
    for level in LEVELS:
        units = areas.descendants(area, level)
        if not units:
            continue
        for year in range(start, end + 1):
            counts = {lv: 0 for lv in reversed(ind.levels or ())}
            no_data = 0
            for u in units:
                v = values.get(ind, u, year)
                if v.ok:
                    counts[str(v.value)] += 1
                else:
                    no_data += 1
            if no_data < len(units):
                out.append(Distribution(ind, area, level, year, counts, no_data))
    return out
