"""The domain records: frozen dataclasses, built from valid input only.

`Plan`, `Group`, `Indicator`, `Target`, `SubunitTarget`, `Condition`, `Area`, `Figure` are not
validated again: their loaders (load/plans.py, load/areas.py, load/figures.py) give every field
its type, and every one keeps the `Loc` it came from (docs/architecture.md#records). The shape of
a plan file is specs.py's (the only pydantic models).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from xhht.problems import Loc

LEVELS = ("quocgia", "tinh", "huyen", "xa")  # top to bottom
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Unit = Literal["percent", "count", "number", "level", "rating", "yes-no"]  # kinds.UnitName's values (a test checks)
Better = Literal["higher", "lower"]
AreaLevel = Literal["quocgia", "tinh", "huyen", "xa"]


Comparator = Literal[">=", "<=", "==", ">", "<"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """A test on one value: `>= 95`, `== 3`, `>= Khá`, `== yes`, or a change from the year before."""

    kind: Literal["value", "increase", "decrease"]
    comparator: Comparator | None = None
    value: Decimal | str | None = None  # a number, or a label of `levels` / yes / no


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    year: int
    condition: Condition
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class SubunitTarget:
    """"`count` units (or `share` % of the units) of `level` must meet `meeting` by `year`."""

    level: AreaLevel
    meeting: Condition
    measure: Literal["count", "share"]
    year: int
    value: Decimal
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    id: str
    name: str
    unit: Unit
    better: Better = "higher"
    levels: tuple[str, ...] | None = None
    holds_for: int | None = None  # a figure of year Y0 also stands for Y0+1 ... Y0+holds_for (CONTRACT 6)
    targets: tuple[Target, ...] = ()
    subunits: tuple[SubunitTarget, ...] = ()
    group: str = ""
    loc: Loc

    @property
    def measure(self) -> tuple:
        """What must agree for two plans to share the id: unit, direction, levels and how long a
        figure holds (MEASURE_KEYS)."""
        return self.unit, self.better, self.levels, self.holds_for


MEASURE_KEYS = ("unit", "better", "levels", "holds_for")  # the plan keys of Indicator.measure, in its order


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    code: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    id: str
    title: str
    number: str
    issuer: str
    date: dt.date | None = None
    kind: str | None = None  # Kế hoạch, Quyết định, ... (document.kind, else guessed from the number)
    parent: str | None = None
    area: str | None = None
    start: int
    end: int
    groups: tuple[Group, ...]
    source: str | None = None
    loc: Loc
    area_loc: Loc | None = None
    parent_loc: Loc | None = None

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for g in self.groups for ind in g.indicators]


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    code: str
    name: str
    level: AreaLevel
    parent: str | None = None
    loc: Loc
    valid_from: dt.date | None = None  # docs/reform.md: None = open
    valid_to: dt.date | None = None
    tags: frozenset[str] = frozenset()  # words that a standard treats apart (kho-khan: xã thuộc vùng khó khăn)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One row of a data file, built by load/figures.py from a valid row only (so not validated
    again: a plain frozen dataclass, one per figure, is several times cheaper than a model)."""

    indicator: str
    area: str
    year: int
    value: Decimal | str | None  # a number, or a label; None when only numerator/denominator
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str = ""
    note: str = ""
    loc: Loc

    @property
    def percent(self) -> Decimal | None:
        """The value, or 100 × numerator / denominator when no value is written."""
        if isinstance(self.value, Decimal):
            return self.value
        if self.numerator is not None and self.denominator:
            return Decimal(100) * self.numerator / self.denominator
        return None
