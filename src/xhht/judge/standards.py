"""A standard's level derived from its criteria (docs/standards.md). Pure: reads the figures (through
`Values`) and the areas.

    Evaluator(standards, values, areas).unit(standard, area, year) -> UnitResult
    Evaluator(...).value(result indicator, area, year) -> Value   (the values layer's `derived` source)

For one unit and one year (năm đánh giá: the figures of 1/1–31/12), each chỉ tiêu is judged at each
level against its bar (the unit's tag's own bar when the standard has one), then the result, level by
level from the highest: a level is reached when every chỉ tiêu of it meets its bar (Điều 8: "tiêu chí
được đánh giá là đạt khi tất cả các chỉ tiêu của tiêu chí đó được đánh giá là đạt"); it is not
reached when one fails; otherwise (none fails, a figure is missing) the result is undetermined (None)
and `missing` names what is missing. When no level is reached, the result is the lowest of `levels`
(Chưa đạt).

- A bar is inclusive as the text is: "ít nhất 60%" is `>= 60`, met by 60.
- `increase` / `decrease` ("tăng so với năm trước liền kề") compare with the figure of year Y − 1,
  which is then needed too.
- A share of lower units counts the units of that level below the unit, valid in Y, whose result for
  Y (the recorded decision, else their own derived result) meets the bar's `meeting`. While some have
  no result, the share is undetermined if they could still change whether it is met. Over a level
  that has no unit in Y (huyện after 1/7/2025) it is `not_applicable`, and so the unit's result is
  None with that reason: the circular gives no rule.
- A unit with no figure of its own of the standard's chỉ tiêu in Y has no derived result (it did not
  assess itself), whatever its lower units did.
- Without a decision or a derived result of its own in Y, a unit's result is the recognition that
  stands (`holds_for`): the latest result of the years before, recorded or derived, when it is above
  the lowest level and no later result exists (CONTRACT 6 and 13: "Chưa đạt" does not stand).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from xhht.base.numbers import half_up
from xhht.judge.rollup import NONE, Reason, Value, Values
from xhht.model.areas import Areas
from xhht.model.records import Indicator
from xhht.model.standards import Bar, Criterion, Requirement, Standard
from xhht.model.targets import holds, score

_SHARE = Decimal("0.01")


@dataclass(frozen=True)
class Share:
    """A share of lower units in one year: the units counted, and each one's result (None: none)."""

    level: str  # the level of the units counted (xa)
    results: tuple[tuple[str, str | None], ...]  # (area, its result), in code order

    @property
    def units(self) -> int:
        return len(self.results)

    @property
    def without(self) -> tuple[str, ...]:
        """The units that have no result."""
        return tuple(a for a, r in self.results if r is None)


@dataclass(frozen=True)
class Measured:
    """One chỉ tiêu of one unit in one year: its figure and, at each level, whether it meets its bar."""

    requirement: Requirement
    actual: Decimal | str | None  # the figure (for a share: None, see `shares`)
    met: dict[str, bool | None]  # level -> True / False / None (undetermined or not applicable); absent: not asked
    bars: dict[str, Bar]  # level -> the bar that applies to this unit
    tag: str | None = None  # the tag whose bars apply
    tag_words: str | None = None  # ... as the standard says it ("xã thuộc vùng khó khăn")
    previous: Decimal | str | None = None  # increase / decrease: the figure of Y - 1
    missing: bool = False  # the figure of Y is missing
    missing_previous: bool = False  # the figure of Y - 1 is missing (increase / decrease)
    share: Share | None = None
    shares: dict[str, Decimal] = field(default_factory=dict)  # level -> % of the units meeting its `meeting`
    meeting: dict[str, int] = field(default_factory=dict)  # level -> how many units meet its `meeting`
    cause: Reason | None = None  # not applicable: why
    meeting_unit: str = "level"  # a share: the unit of the lower units' result (its bars' `meeting`)
    rolled_up: bool = False
    source: str | None = None

    @property
    def indicator(self) -> Indicator:
        return self.requirement.indicator


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: dict[str, bool | None]  # level -> met (all its chỉ tiêu met), not (one fails), None (undetermined)
    indicators: tuple[Measured, ...]


@dataclass(frozen=True)
class UnitResult:
    """A unit's evaluation against a standard for one year."""

    standard: Standard
    area: str
    year: int
    derived: str | None  # the level its own figures give; None: undetermined, or not assessed
    recorded: str | None  # the decision recorded as a figure of the result indicator
    criteria: tuple[CriterionResult, ...]
    missing: tuple[str, ...]  # the chỉ tiêu (ids) with a figure missing (of Y, or of Y - 1)
    at_least: str | None = None  # the highest level reached, even when a higher one is undetermined
    assessed: bool = True  # the unit has a figure of its own of the standard's chỉ tiêu in Y
    cause: Reason | None = None  # not applicable: why the result is None
    standing: str | None = None  # a recognition of an earlier year that still holds in Y (holds_for)
    standing_from: int | None = None  # ... its year
    standing_derived: bool = False  # ... derived from that year's figures (no decision was recorded)

    @property
    def result(self) -> str | None:
        """What counts: the recorded decision, else the derived result, else a recognition of an
        earlier year that still stands (Điều 5 khoản 4: "bảo lưu trong thời hạn 3 năm")."""
        if self.recorded is not None:
            return self.recorded
        return self.derived if self.derived is not None else self.standing

    @property
    def stands(self) -> bool:
        """The result is a recognition of an earlier year, still valid (`standing_from` says which)."""
        return self.recorded is None and self.derived is None and self.standing is not None

    @property
    def measured(self) -> list[Measured]:
        return [m for c in self.criteria for m in c.indicators]

    def failing(self, level: str) -> list[str]:
        """The codes of the criteria not met at `level`."""
        return [c.criterion.code for c in self.criteria if c.met.get(level) is False]


def _all(values: list[bool | None]) -> bool | None:
    """Every one met: True; one not: False; else None."""
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


class Evaluator:
    """Evaluates the units of the standards, remembering what it worked out (a share of lower units
    reads each one's result once)."""

    def __init__(self, standards: dict[str, Standard], values: Values, areas: Areas):
        self.standards, self.values, self.areas = standards, values, areas
        self._by_result = {s.result.id: s for s in standards.values()}
        self._known: dict[tuple[str, str, int], UnitResult] = {}
        self._cores: dict[tuple[str, str, int], UnitResult] = {}  # without the recognition that stands
        self._own: dict[str, frozenset[str]] = {}
        self._anywhere: dict[str, bool] = {}  # standard id -> some figure of its chỉ tiêu exists

    def standard_of(self, result_id: str) -> Standard | None:
        """The standard whose result indicator is `result_id`."""
        return self._by_result.get(result_id)

    def units(self, standard: Standard, year: int, area: str | None = None) -> list[str]:
        """The units of the standard's level valid in `year`, at or below `area`, in code order."""
        tree = self.areas.tree(year)
        if area is None:
            return sorted(c for c, a in tree.units.items() if a.level == standard.level)
        unit = tree.units.get(area)
        if unit is not None and unit.level == standard.level:
            return [area]
        return tree.descendants(area, standard.level)

    def unit(self, standard: Standard, area: str, year: int) -> UnitResult:
        """The unit's evaluation for `year`, with the recognition of an earlier year that stands in it."""
        key = (standard.id, area, year)
        known = self._known.get(key)
        if known is None:
            known = self._core(standard, area, year)
            if known.recorded is None:
                standing, since, derived = self._standing(standard, area, year)
                if standing is not None:
                    known = replace(known, standing=standing, standing_from=since, standing_derived=derived)
            self._known[key] = known
        return known

    def result_of(self, result_id: str, area: str, year: int) -> str | None:
        """The result of `area` for `year` by the standard whose result is `result_id`: the recorded
        decision, else the derived result; None when there is neither."""
        standard = self._by_result.get(result_id)
        if standard is None:
            return None
        return self.unit(standard, area, year).result

    # ------------------------------------------------------------------ the values layer's source

    def derives(self, indicator: str) -> bool:
        """rollup.Derived: the standards' results are served where no decision is recorded."""
        return indicator in self._by_result

    def inputs(self, indicator: str) -> frozenset[str]:
        """rollup.Derived: the chỉ tiêu whose figures a unit's result is derived from (its own: a share
        of lower units reads their results, each from their own)."""
        return self._own_ids(self._by_result[indicator])

    def value(self, ind: Indicator, area: str, year: int) -> Value | None:
        """rollup.Derived: the value of a standard's result for a unit of its level without a recorded
        decision in `year`: the level its own figures give, else a recognition of the `holds_for` years
        before (its own figure's source, or `derived_by` when it too was derived), else NONE (an
        undetermined result is no figure). None for an area of another level: an ordinary figure."""
        standard = self._by_result.get(ind.id)
        unit = self.areas.unit(area, year)
        if standard is None or unit is None or unit.level != standard.level:
            return None
        found, derived = self._decided(standard, area, year)
        if found is not None:
            return Value(found, derived_by=standard if derived else None)
        standing, since, derived = self._standing(standard, area, year)
        if standing is None:
            return NONE
        if derived:
            return Value(standing, standing_from=since, derived_by=standard)
        own = self.values.figures.numbers(standard.result.id, since, (area,))[0]
        return Value(standing, source=own[3] if own is not None else None, standing_from=since)

    # ------------------------------------------------------------------------------------------

    def _own_ids(self, standard: Standard) -> frozenset[str]:
        """The ids of the chỉ tiêu whose figures are the unit's own (not a share of lower units)."""
        ids = self._own.get(standard.id)
        if ids is None:
            ids = self._own[standard.id] = frozenset(r.indicator.id for r in standard.requirements if not r.share)
        return ids

    def assessed(self, standard: Standard, area: str, year: int) -> bool:
        """Whether the unit has a figure of its own of the standard's chỉ tiêu in `year`; at once False
        when the repository has none at all (a repository of decisions only evaluates nothing)."""
        ids = self._own_ids(standard)
        anywhere = self._anywhere.get(standard.id)
        if anywhere is None:
            anywhere = self._anywhere[standard.id] = next(self.values.figures.one_per_area_year(set(ids)),
                                                           None) is not None
        numbers = self.values.figures.numbers
        return anywhere and any(numbers(i, year, (area,))[0] is not None for i in ids)

    def _decided(self, standard: Standard, area: str, year: int) -> tuple[str | None, bool]:
        """(the unit's result of `year` on that year's own figures: the decision recorded, else the
        derived level, else None; whether it was derived), evaluating only a unit that assessed itself."""
        own = self.values.figures.numbers(standard.result.id, year, (area,))[0]
        if own is not None and isinstance(own[0], str):
            return own[0], False
        if not self.assessed(standard, area, year):
            return None, False
        derived = self._core(standard, area, year).derived
        return derived, derived is not None

    def _core(self, standard: Standard, area: str, year: int) -> UnitResult:
        """The unit's evaluation for `year` on that year's figures alone (no standing recognition)."""
        key = (standard.id, area, year)
        known = self._cores.get(key)
        if known is None:
            known = self._cores[key] = self._evaluate(standard, area, year)
        return known

    def _evaluate(self, standard: Standard, area: str, year: int) -> UnitResult:
        unit = self.areas.unit(area, year)
        tags = unit.tags if unit is not None else frozenset()
        numbers = self.values.figures.numbers
        own = numbers(standard.result.id, year, (area,))[0]
        recorded = own[0] if own is not None and isinstance(own[0], str) else None
        assessed = self.assessed(standard, area, year)
        criteria = []
        for c in standard.criteria:
            measured = tuple(self._measure(standard, r, area, year, tags) for r in c.requirements)
            met = {level: _all([m.met[level] for m in measured if level in m.met]) for level in standard.ranks}
            criteria.append(CriterionResult(c, met, measured))
        everything = [m for c in criteria for m in c.indicators]
        missing = tuple(m.indicator.id for m in everything if m.missing or m.missing_previous)
        cause = next((m.cause for m in everything if m.cause is not None), None)
        derived, at_least = self._level(standard, criteria)
        if not assessed or cause is not None or not standard.in_force(year):
            derived = None
        return UnitResult(standard=standard, area=area, year=year, derived=derived, recorded=recorded,
                          criteria=tuple(criteria), missing=missing, at_least=at_least if assessed else None,
                          assessed=assessed, cause=cause)

    def _standing(self, standard: Standard, area: str, year: int) -> tuple[str | None, int | None, bool]:
        """(the level, its year, whether it was derived) of the recognition that stands in `year`: the
        result (the decision recorded, else the derived one) of the latest of the `holds_for` years
        before that has one, when it is above the lowest level and of the same unit. "Chưa đạt" does
        not stand, and, like any later figure (CONTRACT 6), ends an earlier recognition; so does a code
        that names another unit after a reform. The values layer serves the same (judge/rollup.py)."""
        now = self.areas.unit(area, year)
        for earlier in range(year - 1, year - (standard.holds_for or 0) - 1, -1):
            found, derived = self._decided(standard, area, earlier)
            if found is None:
                continue
            if found == standard.levels[0] or (self.areas.dated and self.areas.unit(area, earlier) is not now):
                break
            return found, earlier, derived
        return None, None, False

    @staticmethod
    def _level(standard: Standard, criteria: list[CriterionResult]) -> tuple[str | None, str | None]:
        """(the result, the highest level reached): from the highest level down, the first reached;
        None at the first level that is undetermined; the lowest level when none is reached."""
        result: str | None = standard.levels[0] if standard.levels else None
        decided = True
        at_least = None
        for level in reversed(standard.ranks):
            met = _all([c.met[level] for c in criteria])
            if met is True:
                at_least = level
                return (level if decided else None), at_least
            if met is None:
                decided = False
        return (result if decided else None), at_least

    def _measure(self, standard: Standard, req: Requirement, area: str, year: int, tags: frozenset[str]) -> Measured:
        bars = {level: b for level in standard.ranks if (b := req.bar(level, tags)) is not None}
        tag = next((t for t, _ in req.tagged if t in tags), None)
        words = dict(standard.tags).get(tag) if tag else None
        if req.share:
            return self._share(req, area, year, bars, tag)
        ind = req.indicator
        v = self.values.get(ind, area, year)
        changes = any(b.condition.kind != "value" for b in bars.values())
        before = self.values.get(ind, area, year - 1) if changes else None
        met: dict[str, bool | None] = {}
        for level, bar in bars.items():
            cond = bar.condition
            if not v.ok:
                met[level] = None
            elif cond.kind == "value":
                met[level] = holds(score(v.value, ind.unit, ind.levels), cond.comparator,
                                   score(cond.value, ind.unit, ind.levels))
            elif before is None or not before.ok:
                met[level] = None
            else:
                want = ">" if cond.kind == "increase" else "<"
                met[level] = holds(score(v.value, ind.unit, ind.levels), want,
                                   score(before.value, ind.unit, ind.levels))
        return Measured(requirement=req, actual=v.value, met=met, bars=bars, tag=tag, tag_words=words,
                        previous=before.value if before is not None else None, missing=not v.ok,
                        missing_previous=before is not None and not before.ok, rolled_up=v.rolled_up,
                        source=v.source or None)

    def _share(self, req: Requirement, area: str, year: int, bars: dict[str, Bar], tag: str | None) -> Measured:
        level = req.source_level
        tree = self.areas.tree(year)
        source = self._by_result[req.source_indicator]
        if not any(a.level == level for a in tree.units.values()):
            cause = Reason("level_gone", (area,), level=level, year=year)
            return Measured(requirement=req, actual=None, met={lv: None for lv in bars}, bars=bars, tag=tag,
                            cause=cause, meeting_unit=source.result.unit)
        units = tree.descendants(area, level)
        results = tuple((u, self.unit(source, u, year).result) for u in units)
        share = Share(level, results)
        met: dict[str, bool | None] = {}
        shares: dict[str, Decimal] = {}
        meeting: dict[str, int] = {}
        for lv, bar in bars.items():
            goal = score(bar.meeting.value, source.result.unit, source.levels)
            known = [r for _, r in results if r is not None]
            yes = sum(1 for r in known if holds(score(r, source.result.unit, source.levels),
                                                 bar.meeting.comparator, goal))
            meeting[lv] = yes
            if not units:
                met[lv] = None
                continue
            unknown = len(results) - len(known)
            low = Decimal(100) * yes / len(units)  # exact enough to compare: 89.995 is not 90
            high = Decimal(100) * (yes + unknown) / len(units)
            shares[lv] = half_up(low, _SHARE)
            if holds(low, bar.condition.comparator, bar.condition.value):
                met[lv] = True
            elif not holds(high, bar.condition.comparator, bar.condition.value):
                met[lv] = False
            else:
                met[lv] = None
        return Measured(requirement=req, actual=None, met=met, bars=bars, tag=tag, share=share, shares=shares,
                        meeting=meeting, missing=not units or any(met[lv] is None for lv in met),
                        meeting_unit=source.result.unit)


@dataclass(frozen=True)
class Evaluation:
    """What `xhht evaluate` shows: every unit of a standard's level valid in a year, at or below an area."""

    standard: Standard
    year: int
    area: str | None  # --area, or None: every unit
    units: tuple[UnitResult, ...]
    in_force: bool = True  # False: the year lies before the standard's entry into force
    level_gone: bool = False  # True: no unit of the standard's level is valid in the year

    def count(self) -> dict[str | None, int]:
        """Units by result, the highest level first, then those without a result (None)."""
        out: dict[str | None, int] = {level: 0 for level in reversed(self.standard.levels)}
        out[None] = 0
        for u in self.units:
            out[u.result] = out.get(u.result, 0) + 1
        return out


def evaluate(evaluator: Evaluator, standard: Standard, year: int, area: str | None = None) -> Evaluation:
    """The evaluation of every unit of `standard`'s level valid in `year`, at or below `area`."""
    if not standard.in_force(year):
        return Evaluation(standard, year, area, (), in_force=False)
    tree = evaluator.areas.tree(year)
    if not any(a.level == standard.level for a in tree.units.values()):
        return Evaluation(standard, year, area, (), level_gone=True)
    units = evaluator.units(standard, year, area)
    return Evaluation(standard, year, area, tuple(evaluator.unit(standard, u, year) for u in units))
