"""Units: one object per unit type (`percent`, `count`, `level`, `rating`, `yes-no`) owning what
differs between them — parsing a target's operand and its range, the score a value has on one
"bigger is more" scale, how a reader sees a value, whether figures roll up from lower levels.

    unit_of("percent").operand("95", None, "95")   -> Decimal("95")
    unit_of("rating").score("Khá", ("Yếu", "Trung bình", "Khá", "Tốt")) -> Decimal(2)
    unit_of("yes-no").show("yes", "vi")             -> "đạt chuẩn"

A new unit type is one subclass here plus its name in `UnitName` (models.Unit follows it); the
callers ask the object instead of branching on the name. See docs/architecture.md.
This module imports only kinds.py and numbers.py: every other module may import it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from xhht.kinds import UnitName
from xhht.numbers import THOUSANDS, NumberError, canonical_hint, check_bounds, number, parse_decimal, shown

YES = {"yes", "có", "đạt", "true"}
NO = {"no", "không", "chưa đạt", "false"}

# The reader's words that belong to a unit (the rest are fmt.WORDS).
UNIT_WORDS = {
    "vi": {"yes": "đạt chuẩn", "no": "chưa đạt chuẩn", "level": "mức độ",
           "points": "điểm phần trăm", "point": "điểm phần trăm", "at_least": " trở lên"},
    "en": {"yes": "meets the standard", "no": "does not meet the standard", "level": "level",
           "points": "percentage points", "point": "percentage point", "at_least": " or better"},
}


class TargetError(ValueError):
    """A target that cannot be understood or is impossible for its unit: a problem code and its
    parameters (xhht/catalogue.py words them); the caller adds `at`, where the target is written."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


def raw_text(raw: Any) -> str:
    """A raw target as the user wrote it: 100.5, Giỏi, yes."""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return str(raw)


class Unit:
    """What every unit type answers. The defaults are a number's (percent and count)."""

    name: ClassVar[UnitName]
    numeric: ClassVar[bool] = True  # values are numbers: they roll up, have a gap and a ratio
    ordinal: ClassVar[bool] = False  # values are labels from `levels`, worst first
    change_allowed: ClassVar[bool] = True  # `increase` / `decrease` may be a target
    fraction: ClassVar[bool] = False  # a figure may carry numerator/denominator; rolls up as Σnum/Σden
    top: ClassVar[Decimal | None] = None  # the largest value there is (a chart's full bar)
    thousands_dots: ClassVar[bool] = False  # `10.000` is ten thousand (a whole number), not 10

    def default_comparator(self, better: str) -> str:
        return "<=" if better == "lower" else ">="

    def operand(self, operand: Any, levels: tuple[str, ...] | None, raw: Any) -> Decimal | str:
        """The value a target compares with, or TargetError."""
        if isinstance(operand, bool):
            raise TargetError("bad-comparator", value=raw_text(raw), number=True)
        written = format(operand, "f") if isinstance(operand, Decimal) else str(operand).strip()
        if self.thousands_dots and THOUSANDS.fullmatch(written) or "," in written:
            # Vietnamese writing: 10.000 people (a thousands dot, which YAML reads as 10), 97,5%
            fixed = canonical_hint(written, self.name)
            if fixed is not None:
                raise TargetError("non-canonical-number", what="value", text=written, fixed=fixed, value=True)
        try:  # one parser, bounded on the text (ASCII digits, at most 40 + 40 digits)
            if isinstance(operand, Decimal):
                value = check_bounds(operand)
            else:
                value = parse_decimal(str(operand))
        except NumberError as exc:
            raise TargetError(exc.code, value=raw_text(raw), text=shown(str(operand)), **exc.params) from None
        if value is None:
            raise TargetError("bad-comparator", value=raw_text(raw))
        self.check_range(value, raw)
        return value

    def check_range(self, value: Decimal, raw: Any) -> None:
        """TargetError when a target's number is impossible for the unit."""

    def scale(self, levels: tuple[str, ...] | None) -> tuple[str, ...]:
        """The labels of an ordinal unit, worst first; () for a number."""
        return ()

    def score(self, value: Decimal | str, levels: tuple[str, ...] | None) -> Decimal:
        """The value on one numeric scale where bigger is more."""
        return Decimal(value)

    def choices(self, levels: tuple[str, ...] | None) -> list[str] | None:
        """The values a form offers in a drop-down list (its Excel validation); None for a number."""
        return None

    def show(self, v: Decimal | str, lang: str) -> str:
        """A value as a reader writes it: 87%, 396.953, mức độ 3, Khá, đạt chuẩn."""
        return number(Decimal(v), lang)

    def gap_suffix(self, amount: Decimal, lang: str) -> str:
        """What follows a difference of two values: ' điểm phần trăm' for a percent."""
        return ""

    def at_least(self, lang: str) -> str:
        """What a `>=` target of the unit says after its value on its own ("trở lên")."""
        return ""


class Percent(Unit):
    name = UnitName.PERCENT
    fraction = True
    top = Decimal(100)

    def check_range(self, value: Decimal, raw: Any) -> None:
        if not (0 <= value <= 100):
            raise TargetError("target-out-of-range", percent=raw_text(raw))

    def show(self, v: Decimal | str, lang: str) -> str:
        return number(Decimal(v), lang) + "%"

    def gap_suffix(self, amount: Decimal, lang: str) -> str:
        return " " + UNIT_WORDS[lang]["point" if abs(amount) == 1 else "points"]


class Count(Unit):
    name = UnitName.COUNT
    thousands_dots = True

    def check_range(self, value: Decimal, raw: Any) -> None:
        if value < 0:
            raise TargetError("target-out-of-range", count=raw_text(raw))
        if value != value.to_integral_value():
            raise TargetError("target-not-whole", value=raw_text(raw))


class _Labels(Unit):
    """A value is one of the plan's `levels`, worst first."""

    numeric = False
    ordinal = True

    def operand(self, operand: Any, levels: tuple[str, ...] | None, raw: Any) -> Decimal | str:
        label = format(operand, "f") if isinstance(operand, Decimal) else str(operand).strip()
        if levels and label in levels:
            return label
        raise TargetError("target-unknown-level", value=raw_text(raw), levels=", ".join(levels or ()) or None)

    def scale(self, levels: tuple[str, ...] | None) -> tuple[str, ...]:
        return tuple(levels or ())

    def score(self, value: Decimal | str, levels: tuple[str, ...] | None) -> Decimal:
        return Decimal(self.scale(levels).index(str(value)))

    def choices(self, levels: tuple[str, ...] | None) -> list[str] | None:
        return list(self.scale(levels))

    def show(self, v: Decimal | str, lang: str) -> str:
        return str(v)

    def at_least(self, lang: str) -> str:
        return UNIT_WORDS[lang]["at_least"]


class Level(_Labels):
    name = UnitName.LEVEL

    def show(self, v: Decimal | str, lang: str) -> str:
        return f"{UNIT_WORDS[lang]['level']} {v}"


class Rating(_Labels):
    name = UnitName.RATING
    change_allowed = False


class YesNo(Unit):
    name = UnitName.YES_NO
    numeric = False
    change_allowed = False

    def default_comparator(self, better: str) -> str:
        return "=="

    def operand(self, operand: Any, levels: tuple[str, ...] | None, raw: Any) -> Decimal | str:
        if isinstance(operand, bool):
            return "yes" if operand else "no"
        text = str(operand).strip().lower()
        if text in YES:
            return "yes"
        if text in NO:
            return "no"
        raise TargetError("target-unknown-level", value=raw_text(raw), yesno=True)

    def scale(self, levels: tuple[str, ...] | None) -> tuple[str, ...]:
        return ("no", "yes")

    def score(self, value: Decimal | str, levels: tuple[str, ...] | None) -> Decimal:
        return Decimal(1 if value == "yes" else 0)

    def choices(self, levels: tuple[str, ...] | None) -> list[str] | None:
        return ["yes", "no"]

    def show(self, v: Decimal | str, lang: str) -> str:
        return UNIT_WORDS[lang]["yes" if v == "yes" else "no"]


UNITS: dict[str, Unit] = {u.name.value: u for u in (Percent(), Count(), Level(), Rating(), YesNo())}


def unit_of(name: str) -> Unit:
    """The Unit object of a unit name (`percent`, ...); KeyError for an unknown one."""
    return UNITS[name]
