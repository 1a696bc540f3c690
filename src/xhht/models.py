"""The models.

`*Spec` models describe the shape of a plan file (CONTRACT 2) and are what pydantic
validates the YAML against: wrong types, missing and unknown keys come from here.
The domain models (`Plan`, `Indicator`, `Target`, `SubunitTarget`, `Area`, `Figure`) are
built from valid input only, and every one keeps the `Loc` it came from.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from xhht.problems import Loc

LEVELS = ("quocgia", "tinh", "huyen", "xa")  # top to bottom
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Unit = Literal["percent", "count", "level", "rating", "yes-no"]
Better = Literal["higher", "lower"]
AreaLevel = Literal["quocgia", "tinh", "huyen", "xa"]


def _number_to_text(v: Any) -> Any:
    """Group codes and level labels may be written as bare numbers in YAML."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int | Decimal):
        return str(v)
    return v


Text = Annotated[str, BeforeValidator(_number_to_text)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DocumentSpec(_Spec):
    number: str
    issuer: str
    date: dt.date | None = None
    kind: str | None = None
    url: str | None = None


class SubunitSpec(_Spec):
    level: AreaLevel
    meeting: Any
    count: dict[int, Any] = Field(default_factory=dict)
    share: dict[int, Any] = Field(default_factory=dict)
    note: str | None = None


class IndicatorSpec(_Spec):
    id: str
    name: str
    unit: Unit
    better: Better = "higher"
    levels: list[Text] | None = None
    targets: dict[int, Any] = Field(default_factory=dict)
    subunits: list[SubunitSpec] = Field(default_factory=list)
    note: str | None = None


class GroupSpec(_Spec):
    code: Text
    title: str
    indicators: list[IndicatorSpec] = Field(default_factory=list)


class PlanSpec(_Spec):
    id: str
    title: str
    document: DocumentSpec
    parent: str | None = None
    area: str | None = None
    period: Text
    source: str | None = None
    note: str | None = None
    groups: list[GroupSpec] = Field(default_factory=list)


# ---------------------------------------------------------------- domain


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)


Comparator = Literal[">=", "<=", "==", ">", "<"]


class Condition(_Model):
    """A test on one value: `>= 95`, `== 3`, `>= Khá`, `== yes`, or a change from the year before."""

    kind: Literal["value", "increase", "decrease"]
    comparator: Comparator | None = None
    value: Decimal | str | None = None  # a number, or a label of `levels` / yes / no


class Target(_Model):
    year: int
    condition: Condition
    loc: Loc


class SubunitTarget(_Model):
    """"`count` units (or `share` % of the units) of `level` must meet `meeting` by `year`."""

    level: AreaLevel
    meeting: Condition
    measure: Literal["count", "share"]
    year: int
    value: Decimal
    loc: Loc


class Indicator(_Model):
    id: str
    name: str
    unit: Unit
    better: Better = "higher"
    levels: tuple[str, ...] | None = None
    targets: tuple[Target, ...] = ()
    subunits: tuple[SubunitTarget, ...] = ()
    group: str = ""
    loc: Loc

    @property
    def measure(self) -> tuple:
        """What must agree for two plans to share the id: unit, direction and levels."""
        return self.unit, self.better, self.levels


class Group(_Model):
    code: str
    title: str
    indicators: tuple[Indicator, ...]


class Plan(_Model):
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


class Area(_Model):
    code: str
    name: str
    level: AreaLevel
    parent: str | None = None
    loc: Loc
    valid_from: dt.date | None = None  # CONTRACT 10: None = open
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Figure(_Model):
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
