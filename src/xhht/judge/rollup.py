"""The value of an indicator for an area and year: its own figure, or the roll-up of its children.

docs/commands.md#the-comparison-rules: a percent rolls up as Σnumerator / Σdenominator of the children (only when every
child has both), a count as the sum of the children (only when every child has a value); levels,
ratings and yes-no never roll up. Communes -> districts -> province, in the hierarchy of the
figure's year. An area's own figure always wins.

CONTRACT 6, `holds_for: N`: an area without a figure of year Y takes its own figure of the latest
year Y0 in Y-N … Y-1 (a recognition kept for N years), marked `standing_from` Y0; only then does it
roll up. A standing figure is the figure of year Y for every rule: roll-up, subunits, distributions.

CONTRACT 13: a standard's result indicator (`cdht-xa`) is served by a `Derived` source (the evaluator of
judge/standards.py, given by repo.py): an area's own figure (the decision recorded) first, else the
level its own figures of the standard's chỉ tiêu give, else a recognition of the `holds_for` years
before (Chưa đạt does not stand); the value says the standard it was derived by (`derived_by`). The
source is asked only for the indicators it derives: a repository whose plans name none asks nothing.

docs/reform.md: a unit that ended before the year (a district after 1/7/2025, a merged province)
gets the roll-up of the new units that took its territory, when each of them took territory of
that unit alone; a unit that straddles makes it no value, and the reason names it.

No recursion: a value is computed after the values it needs, with an explicit stack, so a
hierarchy thousands of levels deep is fine. Pure: reads the in-memory figures and areas.
"""

from __future__ import annotations

import functools

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from xhht.model.areas import Areas
from xhht.model.figures import figure_numbers_of
from xhht.model.records import Figure, Indicator
from xhht.model.standards import Standard
from xhht.base.units import unit_of


@dataclass(frozen=True)
class Reason:
    """Why there is no value: data for the renderer to word in the reader's language.

    kind: children_missing (some lower-level units have no figure), no_fraction (a unit's percent
    lacks numerator/denominator), zero_denominator, no_previous (nothing to compare an increase
    with), no_units (areas.csv has no unit of that level below the area), straddles (a new unit
    took territory from inside and outside an ended unit), successors_missing (some of the units
    that took an ended unit's territory have no figure), level_gone (no unit of that level exists
    in the year), units_changed (the set of units counted changed since the plan), area_total (in a
    review of a unit of `level`, a count target of the plan's area of level `whole`), units_total
    (there, a count of units of level `units` across the plan's area)."""

    kind: str
    areas: tuple[str, ...] = ()
    total: int = 0
    level: str = ""
    year: int | None = None  # the year whose units are named
    old: str = ""  # straddles: the ended unit
    old_day: object = None  # ... its last day (a reused code names another unit afterwards)
    whole: str = ""  # area_total, units_total: the level of the plan's area, whose total the target is
    units: str = ""  # units_total: the level of the units it counts


@dataclass(frozen=True)
class Value:
    value: Decimal | str | None  # None: there is no value, `reason` says why
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rolled_up: bool = False
    source: str | None = None  # the area's own figure: its `source` column
    reason: Reason | None = None
    successors: tuple[str, ...] = ()  # rolled up across an administrative change from these units
    standing_from: int | None = None  # the area's own figure of this earlier year, standing by holds_for
    derived_by: Standard | None = None  # the level this standard's criteria give (no decision recorded)

    @property
    def ok(self) -> bool:
        return self.value is not None


NONE = Value(None)

Numbers = tuple  # (value, numerator, denominator, source) of one figure, as its Figure has them
NumbersOf = Callable[[str, int, Sequence[str]], "list[Numbers | None]"]


def figure_numbers(figures: Mapping) -> NumbersOf:
    """numbers(indicator, year, areas): for each of `areas`, the (value, numerator, denominator,
    source) of its figure of `indicator` in `year`, or None, from a mapping of (indicator, area,
    year) -> Figure. The loaded `Figures` (model/figures.py: a table, or the cache's) answer
    without building a Figure for each (their `numbers` method, with the same signature, used
    here); any other mapping (a test's dict) is read through `get`."""
    own = getattr(figures, "numbers", None)
    return own if own is not None else functools.partial(figure_numbers_of, figures)


class Derived(Protocol):
    """A source of values derived from other figures (judge/standards.py's Evaluator)."""

    def derives(self, indicator: str) -> bool:
        """Whether it serves the values of `indicator` where the area has no figure of its own."""
        ...

    def value(self, ind: Indicator, area: str, year: int) -> Value | None:
        """The value of an area without a figure of its own (NONE: none); None: not for this area."""
        ...

    def inputs(self, indicator: str) -> frozenset[str]:
        """The indicators whose figures the values of `indicator` are derived from."""
        ...


def _own_value(numbers: Numbers, standing_from: int | None = None) -> Value:
    """The value of an area's own figure: its value, else 100 × numerator / denominator (Figure.percent)."""
    value, num, den, source = numbers
    if value is None and num is not None and den:
        value = Decimal(100) * num / den
    return Value(value, num, den, source=source, standing_from=standing_from)


def _rolled(ind: Indicator) -> bool:
    """Whether figures of the indicator roll up from lower levels (numbers do, labels do not)."""
    return unit_of(ind.unit).rolls_up


_HUNDRED = Decimal(100)


def _added(parts: list[Part], fraction: bool) -> Value | None:
    """What `parts` add up to (a count: the sum of their values; a fraction: Σnumerator and
    Σdenominator, the value 100 × Σnumerator / Σdenominator), in one pass, when each has a value (a
    fraction: its numerator and denominator too) and the denominators do not add up to 0; else None,
    and `Values._total` says why there is no value."""
    zero = Decimal(0)
    if fraction:
        num = den = zero
        for p in parts:
            if p[0] is None or p[1] is None or p[2] is None:
                return None
            num += p[1]
            den += p[2]
        return Value(_HUNDRED * num / den, num, den, rolled_up=True) if den else None
    total = zero
    for p in parts:
        if p[0] is None:
            return None
        total += p[0]
    return Value(total, rolled_up=True)


Part = tuple  # (value, numerator, denominator, reason, standing_from) of a unit below, as `_total` adds it up
_NO_PART: Part = (None, None, None, None, None)  # a unit below still being computed (a cycle): no value


def _part_of(v: Value) -> Part:
    return v.value, v.numerator, v.denominator, v.reason, v.standing_from


def _own_part(numbers: Numbers, standing_from: int | None = None) -> Part:
    """`_part_of(_own_value(numbers, standing_from))` without making a Value (a roll-up reads many)."""
    value, num, den, _ = numbers
    if value is None and num is not None and den:
        value = _HUNDRED * num / den
    return value, num, den, None, standing_from


class Values:
    """Looks up (indicator, area, year) with roll-up, remembering what it computed.

    A unit below with a figure of its own is read as plain numbers (`figure_numbers`), not made a
    `Value`: a province's roll-up reads a hundred communes, an overview of every plan a million."""

    def __init__(self, figures: Mapping[tuple[str, str, int], Figure], areas: Areas):
        self.figures = figures
        self.areas = areas
        self.derived: Derived | None = None  # set once by repo.py (the evaluator, which reads these values too)
        self._cache: dict[tuple[str, str, int], Value] = {}
        self._below: dict[tuple[str, int], dict[str, Part]] = {}  # (indicator, year) -> units with a figure
        self._numbers = figure_numbers(figures)

    def get(self, ind: Indicator, area: str, year: int) -> Value:
        key = (ind.id, area, year)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        own = self._numbers(ind.id, year, (area,))[0]
        if own is not None:
            value = self._cache[key] = _own_value(own)
            return value
        if self._derives(ind):
            found = self.derived.value(ind, area, year)
            if found is not None:
                self._cache[key] = found
                return found
        standing = self._standing(ind, [area], year).get(area) if ind.holds_for else None
        if standing is not None:
            value = self._cache[key] = _own_value(standing[1], standing[0])
            return value
        if not _rolled(ind):
            self._cache[key] = NONE
            return NONE
        self._roll_up(ind, area, year)
        return self._cache[key]

    def values_of(self, ind: Indicator, areas: Sequence[str], year: int) -> list[Decimal | str | None]:
        """`get(ind, area, year).value` for each of `areas` (the units a subunit target counts),
        their figures read together."""
        iid, cache = ind.id, self._cache
        below = self._below_in(iid, year)
        out: list[Decimal | str | None] = []
        asked: list[int] = []
        for i, area in enumerate(areas):
            part = below.get(area)
            if part is not None:
                out.append(part[0])
                continue
            hit = cache.get((iid, area, year))
            if hit is None:
                asked.append(i)
            out.append(None if hit is None else hit.value)
        if asked:
            self._read(ind, year, [areas[i] for i in asked])
            for i in asked:
                part = below.get(areas[i])
                out[i] = part[0] if part is not None else self.get(ind, areas[i], year).value
        return out

    def _below_in(self, iid: str, year: int) -> dict[str, Part]:
        below = self._below.get((iid, year))
        if below is None:
            below = self._below[(iid, year)] = {}
        return below

    def standing_in(self, ind: Indicator, areas: Sequence[str], year: int) -> dict[str, int]:
        """area -> the year of its figure standing for `year` by holds_for, for those of `areas` whose
        value (as `values_of` gave it) is such a figure."""
        if not ind.holds_for:
            return {}
        below, out = self._below_in(ind.id, year), {}
        for area in areas:
            part = below.get(area)
            since = part[4] if part is not None else getattr(self._cache.get((ind.id, area, year)), "standing_from", None)
            if since is not None:
                out[area] = since
        return out

    def _derives(self, ind: Indicator) -> bool:
        return self.derived is not None and self.derived.derives(ind.id)

    def figure_ids(self, ids: Iterable[str]) -> frozenset[str]:
        """`ids` and the indicators whose figures their values are derived from (a standard's chỉ tiêu)."""
        ids = frozenset(ids)
        if self.derived is None:
            return ids
        return ids.union(*(self.derived.inputs(i) for i in ids if self.derived.derives(i)))

    def derived_in(self, ind: Indicator, areas: Sequence[str], year: int) -> tuple[str, ...]:
        """Those of `areas` whose value (as `values_of` gave it) was derived by a standard's criteria."""
        if not self._derives(ind):
            return ()
        cache = self._cache
        return tuple(a for a in areas if getattr(cache.get((ind.id, a, year)), "derived_by", None) is not None)

    def _standing(self, ind: Indicator, areas: list[str], year: int) -> dict[str, tuple[int, Numbers]]:
        """For those of `areas` with a figure of an earlier year that stands for `year` (holds_for):
        area -> (its year, its numbers): the latest own figure of Y-N … Y-1, of the same unit (a code
        that names another unit after a reform does not carry the figure over)."""
        found: dict[str, tuple[int, Numbers]] = {}
        left = list(areas)
        dated = self.areas.dated
        for since in range(year - 1, year - ind.holds_for - 1, -1):
            if not left:
                break
            rest = []
            for area, own in zip(left, self._numbers(ind.id, since, left)):
                if own is None:
                    rest.append(area)
                elif not dated or self.areas.unit(area, since) is self.areas.unit(area, year):
                    found[area] = (since, own)
            left = rest
        return found

    def _read(self, ind: Indicator, year: int, areas: list[str]) -> list[str]:
        """Reads the figures of `areas` (their own, else one standing by holds_for) into `_below`;
        the areas that have none."""
        below = self._below_in(ind.id, year)
        without = []
        for area, own in zip(areas, self._numbers(ind.id, year, areas)):
            if own is None:
                without.append(area)
                continue
            below[area] = _own_part(own)
        if without and ind.holds_for and not self._derives(ind):  # a derived indicator's stand through `get`
            standing = self._standing(ind, without, year)
            for area, (since, numbers) in standing.items():
                below[area] = _own_part(numbers, since)
            without = [a for a in without if a not in standing]
        return without

    def _roll_up(self, ind: Indicator, area: str, year: int) -> None:
        """The value of `area`, which has no figure of its own, from the units below it: each one
        computed after those it needs, with an explicit stack (a cycle reads as no value)."""
        iid, cache = ind.id, self._cache
        below = self._below_in(iid, year)
        tree = self.areas.tree(year)
        stack = [(area, False)]
        open_: set[str] = set()  # on the current path
        while stack:
            code, ready = stack.pop()
            k = (iid, code, year)
            if k in cache:
                continue
            parts, straddler = self._parts(code, year, tree)
            if not ready:
                asked = [c for c in parts if c not in below and c not in open_ and (iid, c, year) not in cache]
                pending = self._read(ind, year, asked) if asked else asked
                if pending:
                    open_.add(code)
                    stack.append((code, True))
                    stack.extend((c, False) for c in pending)
                    continue
            open_.discard(code)
            cache[k] = self._compute(ind, code, year, parts, straddler, tree)

    def _parts(self, area: str, year: int, tree) -> tuple[list[str], str | None]:
        """The units whose values make `area`'s (its children, or the successors of an ended unit),
        and a straddling successor when there is one. For an area without a figure of its own."""
        if area in tree.units or not self.areas.dated:
            return tree.children.get(area, []), None
        return self.areas.successors(area, year)

    def _compute(self, ind: Indicator, area: str, year: int, parts: list[str], straddler: str | None,
                 tree) -> Value:
        if straddler is not None:
            ended = [a for a in self.areas.versions.get(area, ()) if a.valid_to is not None]
            return Value(None, reason=Reason("straddles", (straddler,), year=year, old=area,
                                             old_day=ended[-1].valid_to if ended else None))
        iid, cache = ind.id, self._cache
        below = self._below_in(iid, year)
        got = []
        for c in parts:
            part = below.get(c)
            if part is None:
                v = cache.get((iid, c, year))
                part = _NO_PART if v is None else _part_of(v)
            got.append(part)
        successors = bool(parts) and area not in tree.units
        value = self._total(ind, parts, got, "successors_missing" if successors else "children_missing", year)
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
            value = self._total(ind, parts, [_part_of(self.get(ind, c, year)) for c in parts], "successors_missing",
                                year)
            if value.ok:
                value = Value(value.value, value.numerator, value.denominator, rolled_up=True, successors=tuple(parts))
        self._cache[key] = value
        return value

    def children_total(self, ind: Indicator, area: str, year: int) -> Value:
        """What the children of `area` add up to, whatever the area's own figure says."""
        children = self.areas.tree(year).children.get(area, [])
        if not children or not _rolled(ind):
            return NONE
        return self._total(ind, children, [_part_of(self.get(ind, c, year)) for c in children], "children_missing",
                           year)

    @staticmethod
    def _total(ind: Indicator, codes: list[str], parts: list[Part], missing_kind: str, year: int) -> Value:
        """What the units `codes` below add up to, from their `parts` (`_added`), else why they add up to nothing."""
        if not parts or not _rolled(ind):
            return NONE
        total = _added(parts, unit_of(ind.unit).fraction)
        if total is not None:
            return total
        have = [p for p in parts if p[0] is not None]
        if not have:
            # nothing below adds up: pass on why, when a unit below knows (its own units lack a
            # numerator/denominator, say), so the reader is told rather than left with "no data"
            lacking = tuple(a for p in parts if p[3] is not None and p[3].kind == "no_fraction" for a in p[3].areas)
            if lacking:
                return Value(None, reason=Reason("no_fraction", lacking, len(parts), year=year))
            return NONE
        if len(have) < len(parts):
            missing = tuple(c for c, p in zip(codes, parts) if p[0] is None)
            return Value(None, reason=Reason(missing_kind, missing, len(parts), year=year))
        # every unit has a value, so this is a fraction: some numerator or denominator is missing, or they add up to 0
        lacking = [c for c, p in zip(codes, parts) if p[1] is None or p[2] is None]
        if lacking:
            return Value(None, reason=Reason("no_fraction", tuple(lacking), len(parts), year=year))
        return Value(None, reason=Reason("zero_denominator"))
