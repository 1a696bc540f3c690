"""Targets: parsing what a plan writes (`25`, `">= 95"`, `increase`, `Khá`, `yes`) into a
`Condition`, and judging a value against one. Pure functions, used by check and compare.

Every value is turned into a *score* on one scale where bigger is "more": the number itself
for percent and count, the position in `levels` for level and rating (worst first), and 0/1
for yes-no. A comparison is then between two Decimals.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Any

from xhht.base.kinds import Status
from xhht.model.records import Condition
from xhht.base.units import TargetError, raw_text, unit_of

# The comparator and the blanks after it; the operand is the rest of the (stripped) text, on one line.
# (`\s*(.+?)\s*$` backtracked over every blank: a target of 60,000 blanks between two letters took 30 s.)
_COMPARATOR = re.compile(r"\s*(>=|<=|==|=|>|<|≥|≤)\s*")
_ALIASES = {"≥": ">=", "≤": "<=", "=": "=="}
INCREASE = {"increase", "tăng"}
DECREASE = {"decrease", "giảm"}


def parse_condition(raw: Any, unit: str, levels: tuple[str, ...] | None, better: str = "higher",
                    allow_change: bool = True) -> Condition:
    """A Condition for a raw target value, or TargetError with a stable code."""
    kind = unit_of(unit)
    comparator = None
    operand: Any = raw
    if isinstance(raw, str):
        text = raw.strip()
        low = text.lower()
        if low in INCREASE or low in DECREASE:
            if not allow_change:
                raise TargetError("change-not-allowed", value=raw_text(raw))
            if not kind.change_allowed:
                raise TargetError("change-not-allowed", value=raw_text(raw), unit=unit)
            return Condition(kind="increase" if low in INCREASE else "decrease")
        m = _COMPARATOR.match(text)
        if m and text[m.end():] and "\n" not in text[m.end():]:
            comparator = _ALIASES.get(m.group(1), m.group(1))
            operand = text[m.end():]
        elif text[:1] in "<>=!≥≤":
            raise TargetError("bad-comparator", value=raw_text(raw), comparator=True)
        else:
            operand = text
    if comparator is None:
        comparator = kind.default_comparator(better)
    value = kind.operand(operand, levels, raw)
    return Condition(kind="value", comparator=comparator, value=value)


def score(value: Decimal | str, unit: str, levels: tuple[str, ...] | None) -> Decimal:
    """The value on one numeric scale where bigger is more (see module docstring)."""
    return unit_of(unit).score(value, levels)


_COMPARE = {">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt}


def holds(actual: Decimal, comparator: str, target: Decimal) -> bool:
    """Whether `actual comparator target` holds (scores: see the module docstring)."""
    return _COMPARE[comparator](actual, target)


def judge(actual: Decimal, comparator: str, target: Decimal) -> Status:
    """exceeded / met / missed for scores. `>=`/`<=`: strictly better than the target is
    exceeded, equal is met. A strict or equality comparator is met or missed only."""
    if comparator == ">=":
        return Status.EXCEEDED if actual > target else Status.MET if actual == target else Status.MISSED
    if comparator == "<=":
        return Status.EXCEEDED if actual < target else Status.MET if actual == target else Status.MISSED
    return Status.MET if holds(actual, comparator, target) else Status.MISSED
