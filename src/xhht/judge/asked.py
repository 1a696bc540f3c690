"""What a plan asks of one unit of a level (CONTRACT 6, "a review of another area"): which of its
targets a review of a unit U judges, on what `basis`, and which are totals of the whole area
(`not_applicable`). Pure: the plan and two levels, nothing else. compare.py judges the asks of a
review of another area; scorecard.py makes its columns of them, so the two never disagree.

For a unit U of level L, below the plan's area:
- a `subunits` target of level L: U's own figure against `meeting` (`own_level`): `each_unit`
  when the plan asks it of every unit (`share` 100), else `reference` (U's part in the share or
  count);
- a `subunits` target of a level below L: its `share` over U's own units, `reference`; its
  `count` is a total of the whole area: `not_applicable` ("units_total");
- a `subunits` target of a level above L: left out;
- a target of the plan's area: a `count` is a total of the whole area, `not_applicable`
  ("area_total"); any other unit is U's yardstick, `reference`, left out when the same indicator
  and year has a `subunits` target of level L.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xhht.base.kinds import Basis, UnitName
from xhht.model.records import LEVELS, Indicator, SubunitTarget, Target

EVERY_UNIT = Decimal(100)  # a share of 100%: the plan asks it of every unit


@dataclass(frozen=True, slots=True, kw_only=True)
class Ask:
    """One target of the plan as a unit of `level` sees it."""

    indicator: Indicator
    year: int
    basis: Basis
    target: Target | None = None  # a target of the plan's area
    subunit: SubunitTarget | None = None  # a `subunits` target
    own_level: bool = False  # a `subunits` target of the unit's own level: judged on its own figure
    not_applicable: str | None = None  # "area_total" | "units_total": a total of the whole area


def below(level: str, other: str) -> bool:
    """Whether `level` lies below `other` (xa below huyen below tinh below quocgia)."""
    return LEVELS.index(level) > LEVELS.index(other)


def asked_of(ind: Indicator, level: str) -> list[Ask]:
    """Every target of the indicator `ind` as a unit of `level` below the plan's area sees it: its
    own targets, then its `subunits` targets, each in the plan's order."""
    out: list[Ask] = []
    at_level = {s.year for s in ind.subunits if s.level == level}
    for t in ind.targets:
        if ind.unit == UnitName.COUNT:
            out.append(Ask(indicator=ind, year=t.year, basis=Basis.REFERENCE, target=t, not_applicable="area_total"))
        elif t.year not in at_level:
            out.append(Ask(indicator=ind, year=t.year, basis=Basis.REFERENCE, target=t))
    for s in ind.subunits:
        if s.level == level:
            basis = Basis.EACH_UNIT if s.measure == "share" and s.value == EVERY_UNIT else Basis.REFERENCE
            out.append(Ask(indicator=ind, year=s.year, basis=basis, subunit=s, own_level=True))
        elif below(s.level, level):
            out.append(Ask(indicator=ind, year=s.year, basis=Basis.REFERENCE, subunit=s,
                           not_applicable="units_total" if s.measure == "count" else None))
    return out
