"""The value of an indicator for an area and year: its own figure, or the roll-up of its children.

CONTRACT 6: a percent rolls up as Σnumerator / Σdenominator of the children (only when every
child has both), a count as the sum of the children (only when every child has a value); levels,
ratings and yes-no never roll up. Bottom-up, with a stack (no recursion): communes -> districts -> province. An area's own
figure always wins. Pure: reads the in-memory figures and areas, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xhht.areas import Areas
from xhht.models import Figure, Indicator


@dataclass(frozen=True)
class Reason:
    """Why there is no value: data for the renderer to word in the reader's language.

    kind: children_missing (some lower-level units have no figure), no_fraction (a unit's percent
    lacks numerator/denominator), zero_denominator, no_previous (nothing to compare an increase
    with), no_units (areas.csv has no unit of that level below the area)."""

    kind: str
    areas: tuple[str, ...] = ()
    total: int = 0
    level: str = ""


@dataclass(frozen=True)
class Value:
    value: Decimal | str | None  # None: there is no value, `reason` says why
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rolled_up: bool = False
    figure: Figure | None = None
    reason: Reason | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


NONE = Value(None)


class Values:
    """Looks up (indicator, area, year) with roll-up, remembering what it computed."""

    def __init__(self, figures: dict[tuple[str, str, int], Figure], areas: Areas):
        self.figures = figures
        self.areas = areas
        self._cache: dict[tuple[str, str, int], Value] = {}
        self._busy: set[tuple[str, str, int]] = set()

    def get(self, ind: Indicator, area: str, year: int) -> Value:
        key = (ind.id, area, year)
        value = self._cache.get(key)
        if value is None:
            self._fill(ind, area, year)
            value = self._cache[key]
        return value

    def _fill(self, ind: Indicator, area: str, year: int) -> None:
        """Compute `area`'s value after those of the units below it that it needs, with a stack
        instead of recursion: a hierarchy of any depth (a 3,000-long chain) is fine."""
        stack = [area]
        while stack:
            code = stack[-1]
            key = (ind.id, code, year)
            if key in self._cache:
                stack.pop()
                continue
            if (ind.id, code, year) not in self.figures and ind.unit in ("percent", "count"):
                pending = [c for c in self.areas.children.get(code, ()) if (ind.id, c, year) not in self._cache]
                if pending and key not in self._busy:
                    self._busy.add(key)  # a cycle leads back here: its units count as without value
                    stack.extend(pending)
                    continue
                for c in pending:  # only on a cycle
                    self._cache[(ind.id, c, year)] = NONE
            self._busy.discard(key)
            self._cache[key] = self._compute(ind, code, year)
            stack.pop()

    def _compute(self, ind: Indicator, area: str, year: int) -> Value:
        fig = self.figures.get((ind.id, area, year))
        if fig is not None:
            value = fig.value if fig.value is not None else fig.percent
            return Value(value, fig.numerator, fig.denominator, figure=fig)
        return self.children_total(ind, area, year)

    def children_total(self, ind: Indicator, area: str, year: int) -> Value:
        """What the children of `area` add up to, whatever the area's own figure says."""
        children = self.areas.children.get(area, [])
        if not children or ind.unit not in ("percent", "count"):
            return NONE
        for c in children:
            if (ind.id, c, year) not in self._cache:
                self._fill(ind, c, year)
        parts = [(c, self._cache[(ind.id, c, year)]) for c in children]
        have = [(c, v) for c, v in parts if v.ok]
        if not have:
            return NONE
        missing = [c for c, v in parts if not v.ok]
        if missing:
            return Value(None, reason=Reason("children_missing", tuple(missing), len(children)))
        if ind.unit == "count":
            return Value(sum((v.value for _, v in have), Decimal(0)), rolled_up=True)
        lacking = [c for c, v in have if v.numerator is None or v.denominator is None]
        if lacking:
            return Value(None, reason=Reason("no_fraction", tuple(lacking), len(children)))
        num = sum((v.numerator for _, v in have), Decimal(0))
        den = sum((v.denominator for _, v in have), Decimal(0))
        if not den:
            return Value(None, reason=Reason("zero_denominator"))
        return Value(Decimal(100) * num / den, num, den, rolled_up=True)

    def latest(self, ind: Indicator, area: str, year: int, earliest: int) -> tuple[int | None, Value]:
        """The value for `year`, else the latest of an earlier year down to `earliest`."""
        for y in range(year, earliest - 1, -1):
            v = self.get(ind, area, y)
            if v.ok:
                return y, v
        return None, self.get(ind, area, year)
