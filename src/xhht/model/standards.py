"""A standard (docs/standards.md): a regulation that recognises a unit at a level (mức độ) when it
meets criteria (tiêu chí), each made of indicators (chỉ tiêu) with a threshold per level. Thông tư
25/2023/TT-BGDĐT for "Cộng đồng học tập" at cấp xã, huyện and tỉnh is the one xhht ships.

Frozen dataclasses, built from valid input only by load/standards.py (the shape of a standard file is
specs.py's `StandardSpec`). The indicators are ordinary `Indicator` records, so figures of them are
loaded and checked like any; what a standard adds to each is a `Requirement`: its `Bar` at each level,
the bars of units that carry a tag (`tagged`), and, for a share of lower units, where their results
come from (`source_level`, `source_indicator`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xhht.model.records import AreaLevel, Condition, Indicator
from xhht.problems import Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """What one chỉ tiêu asks at one level: `condition` on the unit's figure (`>= 60`, `yes`,
    `increase`), or, for a share of lower units, on the share (`>= 90`) of the units whose result
    meets `meeting` (`>= Mức độ 1`)."""

    level: str  # a level of the standard's result: "Mức độ 1"
    condition: Condition
    meeting: Condition | None = None
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """A chỉ tiêu of a standard: its indicator and what it asks at each level."""

    indicator: Indicator
    at: tuple[Bar, ...]
    tagged: tuple[tuple[str, tuple[Bar, ...]], ...] = ()  # (tag, its bars), in the file's order
    source_level: AreaLevel | None = None  # a share of the units of this level below the unit ...
    source_indicator: str | None = None  # ... whose result (this indicator) meets the bar's `meeting`

    def bar(self, level: str, tags: frozenset[str] = frozenset()) -> Bar | None:
        """The bar at `level` for a unit with `tags`: that of the first of its tags the standard
        names (in the file's order), else the common one; None when the chỉ tiêu asks nothing there."""
        for tag, bars in self.tagged:
            if tag in tags:
                for b in bars:
                    if b.level == level:
                        return b
        for b in self.at:
            if b.level == level:
                return b
        return None

    @property
    def share(self) -> bool:
        return self.source_indicator is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """A tiêu chí: met at a level when every one of its chỉ tiêu is."""

    code: str  # "1", "2", ... as the circular numbers them
    title: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Standard:
    id: str
    title: str
    number: str
    issuer: str
    date: dt.date | None = None
    kind: str | None = None
    valid_from: dt.date | None = None  # the regulation's entry into force
    level: AreaLevel  # the units it judges
    result: Indicator  # the derived indicator (unit level, `levels` worst first)
    holds_for: int | None = None  # years a recognition (a result above the lowest level) stands
    criteria: tuple[Criterion, ...]
    tags: tuple[tuple[str, str], ...] = ()  # (tag, what it means in words), as the file says
    source: str | None = None
    note: str | None = None
    shipped: bool = False  # one of xhht's own (load/shipped/), not a repository's standards/*.yaml
    loc: Loc

    @property
    def levels(self) -> tuple[str, ...]:
        """The result's levels, worst first: [Chưa đạt, Mức độ 1, Mức độ 2]."""
        return self.result.levels or ()

    @property
    def ranks(self) -> tuple[str, ...]:
        """The levels a unit can reach (all but the lowest), worst first."""
        return self.levels[1:]

    @property
    def requirements(self) -> list[Requirement]:
        return [r for c in self.criteria for r in c.requirements]

    @property
    def indicators(self) -> list[Indicator]:
        """Every indicator the standard defines: its chỉ tiêu, then its result."""
        return [r.indicator for r in self.requirements] + [self.result]

    def in_force(self, year: int) -> bool:
        """Whether the standard applies to figures of `year` (it was in force on 31 December)."""
        return self.valid_from is None or self.valid_from <= dt.date(year, 12, 31)
