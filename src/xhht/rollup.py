"""The value of an indicator for an area and year: its own figure, or the roll-up of its children.

docs/commands.md#the-comparison-rules: a percent rolls up as Σnumerator / Σdenominator of the children (only when every
child has both), a count as the sum of the children (only when every child has a value); levels,
ratings and yes-no never roll up. Communes -> districts -> province, in the hierarchy of the
figure's year. An area's own figure always wins.

docs/reform.md: a unit that ended before the year (a district after 1/7/2025, a merged province)
gets the roll-up of the new units that took its territory, when each of them took territory of
that unit alone; a unit that straddles makes it no value, and the reason names it.

No recursion: a value is computed after the values it needs, with an explicit stack, so a
hierarchy thousands of levels deep is fine. Pure: reads the in-memory figures and areas.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xhht.areas import Areas
from xhht.models import Figure, Indicator
from xhht.units import unit_of


@dataclass(frozen=True)
class Reason:
    """Why there is no value: data for the renderer to word in the reader's language.

    kind: children_missing (some lower-level units have no figure), no_fraction (a unit's percent
    lacks numerator/denominator), zero_denominator, no_previous (nothing to compare an increase
    with), no_units (areas.csv has no unit of that level below the area), straddles (a new unit
    took territory from inside and outside an ended unit), successors_missing (some of the units
    that took an ended unit's territory have no figure), level_gone (no unit of that level exists
    in the year), units_changed (the set of units counted changed since the plan)."""

    kind: str
    areas: tuple[str, ...] = ()
    total: int = 0
    level: str = ""
    year: int | None = None  # the year whose units are named
    old: str = ""  # straddles: the ended unit
    old_day: object = None  # ... its last day (a reused code names another unit afterwards)


@dataclass(frozen=True)
class Value:
    value: Decimal | str | None  # None: there is no value, `reason` says why
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rolled_up: bool = False
    figure: Figure | None = None
    reason: Reason | None = None
    successors: tuple[str, ...] = ()  # rolled up across an administrative change from these units

    @property
    def ok(self) -> bool:
        return self.value is not None


NONE = Value(None)
def _rolled(ind: Indicator) -> bool:
    """Whether figures of the indicator roll up from lower levels (numbers do, labels do not)."""
    return unit_of(ind.unit).numeric


class Values:
    """Looks up (indicator, area, year) with roll-up, remembering what it computed."""

    def __init__(self, figures: dict[tuple[str, str, int], Figure], areas: Areas):
        self.figures = figures
        self.areas = areas
        self._cache: dict[tuple[str, str, int], Value] = {}

    def get(self, ind: Indicator, area: str, year: int) -> Value:
        key = (ind.id, area, year)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        stack = [(area, False)]
        open_: set[str] = set()  # on the current path: a cycle reads as no value
        while stack:
            code, ready = stack.pop()
            k = (ind.id, code, year)
            if k in self._cache:
                continue
            parts, _ = self._parts(ind, code, year)
            if not ready:
                pending = [c for c in parts if (ind.id, c, year) not in self._cache and c not in open_]
                if pending:
                    open_.add(code)
                    stack.append((code, True))
                    stack.extend((c, False) for c in pending)
                    continue
            open_.discard(code)
            self._cache[k] = self._compute(ind, code, year)
        return self._cache[key]

    def _parts(self, ind: Indicator, area: str, year: int) -> tuple[list[str], str | None]:
        """The units whose values make `area`'s (its children, or the successors of an ended unit),
        and a straddling successor when there is one."""
        if (ind.id, area, year) in self.figures or not _rolled(ind):
            return [], None
        tree = self.areas.tree(year)
        if area in tree.units or not self.areas.dated:
            return tree.children.get(area, []), None
        return self.areas.successors(area, year)

    def _compute(self, ind: Indicator, area: str, year: int) -> Value:
        fig = self.figures.get((ind.id, area, year))
        if fig is not None:
            value = fig.value if fig.value is not None else fig.percent
            return Value(value, fig.numerator, fig.denominator, figure=fig)
        parts, straddler = self._parts(ind, area, year)
        if straddler is not None:
            ended = [a for a in self.areas.versions.get(area, ()) if a.valid_to is not None]
            return Value(None, reason=Reason("straddles", (straddler,), year=year, old=area,
                                             old_day=ended[-1].valid_to if ended else None))
        successors = bool(parts) and area not in self.areas.tree(year).units
        value = self._total(ind, [(c, self._cache.get((ind.id, c, year), NONE)) for c in parts],
                            "successors_missing" if successors else "children_missing", year)
        if successors and value.ok:
            return Value(value.value, value.numerator, value.denominator, rolled_up=True, successors=tuple(parts))
        return value

    def territory(self, ind: Indicator, version, year: int) -> Value:
        """The value, in `year`, of the territory of `version` (a unit that has ended): the roll-up of
        the units that took it over (docs/reform.md). A plan keeps meaning the unit of its date, even
        when its code now names a larger unit."""
        key = (ind.id, f"{version.code}@{version.valid_from}", year)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        parts, straddler = self.areas.successors(version.code, year, version)
        if not _rolled(ind) or not parts:
            value = NONE
        elif straddler is not None:
            value = Value(None, reason=Reason("straddles", (straddler,), year=year, old=version.code,
                                              old_day=version.valid_to))
        else:
            value = self._total(ind, [(c, self.get(ind, c, year)) for c in parts], "successors_missing", year)
            if value.ok:
                value = Value(value.value, value.numerator, value.denominator, rolled_up=True, successors=tuple(parts))
        self._cache[key] = value
        return value

    def children_total(self, ind: Indicator, area: str, year: int) -> Value:
        """What the children of `area` add up to, whatever the area's own figure says."""
        children = self.areas.tree(year).children.get(area, [])
        if not children or not _rolled(ind):
            return NONE
        return self._total(ind, [(c, self.get(ind, c, year)) for c in children], "children_missing", year)

    @staticmethod
    def _total(ind: Indicator, parts: list[tuple[str, Value]], missing_kind: str, year: int) -> Value:
        if not parts or not _rolled(ind):
            return NONE
        have = [(c, v) for c, v in parts if v.ok]
        if not have:
            # nothing below adds up: pass on why, when a unit below knows (its own units lack a
            # numerator/denominator, say), so the reader is told rather than left with "no data"
            lacking = tuple(a for _, v in parts if v.reason is not None and v.reason.kind == "no_fraction"
                            for a in v.reason.areas)
            if lacking:
                return Value(None, reason=Reason("no_fraction", lacking, len(parts), year=year))
            return NONE
        missing = [c for c, v in parts if not v.ok]
        if missing:
            return Value(None, reason=Reason(missing_kind, tuple(missing), len(parts), year=year))
        if not unit_of(ind.unit).fraction:
            return Value(sum((v.value for _, v in have), Decimal(0)), rolled_up=True)
        lacking = [c for c, v in have if v.numerator is None or v.denominator is None]
        if lacking:
            return Value(None, reason=Reason("no_fraction", tuple(lacking), len(parts), year=year))
        num = sum((v.numerator for _, v in have), Decimal(0))
        den = sum((v.denominator for _, v in have), Decimal(0))
        if not den:
            return Value(None, reason=Reason("zero_denominator"))
        return Value(Decimal(100) * num / den, num, den, rolled_up=True)
