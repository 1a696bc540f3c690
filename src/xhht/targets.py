"""Targets: parsing what a plan writes (`25`, `">= 95"`, `increase`, `Khá`, `yes`) into a
`Condition`, and judging a value against one. Pure functions, used by check and compare.

Every value is turned into a *score* on one scale where bigger is "more": the number itself
for percent and count, the position in `levels` for level and rating (worst first), and 0/1
for yes-no. A comparison is then between two Decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from xhht.models import Condition
from xhht.numbers import THOUSANDS, canonical_hint, NumberError, check_bounds, parse_decimal, shown

_COMPARATOR = re.compile(r"^\s*(>=|<=|==|=|>|<|≥|≤)\s*(.+?)\s*$")
_ALIASES = {"≥": ">=", "≤": "<=", "=": "=="}
INCREASE = {"increase", "tăng"}
DECREASE = {"decrease", "giảm"}
YES = {"yes", "có", "đạt", "true"}
NO = {"no", "không", "chưa đạt", "false"}


class TargetError(ValueError):
    """A target that cannot be understood or is impossible for its unit: a problem code and its
    parameters (xhht/catalogue.py words them); the caller adds `at`, where the target is written."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


def _txt(raw: Any) -> str:
    """A raw target as the user wrote it: 100.5, Giỏi, yes."""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return str(raw)


def _default_comparator(better: str) -> str:
    return "<=" if better == "lower" else ">="


def parse_condition(raw: Any, unit: str, levels: tuple[str, ...] | None, better: str = "higher",
                    allow_change: bool = True) -> Condition:
    """A Condition for a raw target value, or TargetError with a stable code."""
    comparator = None
    operand: Any = raw
    if isinstance(raw, str):
        text = raw.strip()
        low = text.lower()
        if low in INCREASE or low in DECREASE:
            if not allow_change:
                raise TargetError("change-not-allowed", value=_txt(raw))
            if unit in ("rating", "yes-no"):
                raise TargetError("change-not-allowed", value=_txt(raw), unit=unit)
            return Condition(kind="increase" if low in INCREASE else "decrease")
        m = _COMPARATOR.match(text)
        if m:
            comparator = _ALIASES.get(m.group(1), m.group(1))
            operand = m.group(2)
        elif text[:1] in "<>=!≥≤":
            raise TargetError("bad-comparator", value=_txt(raw), comparator=True)
        else:
            operand = text
    if comparator is None:
        comparator = "==" if unit == "yes-no" else _default_comparator(better)
    value = _operand(operand, unit, levels, raw)
    return Condition(kind="value", comparator=comparator, value=value)


def _operand(operand: Any, unit: str, levels: tuple[str, ...] | None, raw: Any) -> Decimal | str:
    if unit == "yes-no":
        if isinstance(operand, bool):
            return "yes" if operand else "no"
        text = str(operand).strip().lower()
        if text in YES:
            return "yes"
        if text in NO:
            return "no"
        raise TargetError("target-unknown-level", value=_txt(raw), yesno=True)
    if unit in ("level", "rating"):
        label = format(operand, "f") if isinstance(operand, Decimal) else str(operand).strip()
        if levels and label in levels:
            return label
        raise TargetError("target-unknown-level", value=_txt(raw), levels=", ".join(levels or ()) or None)
    # percent / count
    if isinstance(operand, bool):
        raise TargetError("bad-comparator", value=_txt(raw), number=True)
    written = format(operand, "f") if isinstance(operand, Decimal) else str(operand).strip()
    if unit == "count" and THOUSANDS.fullmatch(written) or "," in written:
        # Vietnamese writing: 10.000 people (a thousands dot, which YAML reads as 10), 97,5%
        fixed = canonical_hint(written, unit)
        if fixed is not None:
            raise TargetError("non-canonical-number", what="value", text=written, fixed=fixed, value=True)
    try:  # one parser, bounded on the text (ASCII digits, at most 40 + 40 digits)
        if isinstance(operand, Decimal):
            number = check_bounds(operand)
        else:
            number = parse_decimal(str(operand))
    except NumberError as exc:
        raise TargetError(exc.code, value=_txt(raw), text=shown(str(operand)), **exc.params) from None
    if number is None:
        raise TargetError("bad-comparator", value=_txt(raw))
    if unit == "percent" and not (0 <= number <= 100):
        raise TargetError("target-out-of-range", percent=_txt(raw))
    if unit == "count":
        if number < 0:
            raise TargetError("target-out-of-range", count=_txt(raw))
        if number != number.to_integral_value():
            raise TargetError("target-not-whole", value=_txt(raw))
    return number


def score(value: Decimal | str, unit: str, levels: tuple[str, ...] | None) -> Decimal:
    """The value on one numeric scale where bigger is more (see module docstring)."""
    if unit == "yes-no":
        return Decimal(1 if value == "yes" else 0)
    if unit in ("level", "rating"):
        return Decimal((levels or ()).index(str(value)))
    return Decimal(value)


def holds(actual: Decimal, comparator: str, target: Decimal) -> bool:
    """Whether `actual comparator target` holds."""
    return {
        ">=": actual >= target, "<=": actual <= target, "==": actual == target,
        ">": actual > target, "<": actual < target,
    }[comparator]


def judge(actual: Decimal, comparator: str, target: Decimal) -> str:
    """exceeded / met / missed for scores. `>=`/`<=`: strictly better than the target is
    exceeded, equal is met. A strict or equality comparator is met or missed only."""
    if comparator == ">=":
        return "exceeded" if actual > target else "met" if actual == target else "missed"
    if comparator == "<=":
        return "exceeded" if actual < target else "met" if actual == target else "missed"
    return "met" if holds(actual, comparator, target) else "missed"
