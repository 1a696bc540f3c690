"""Units: one object per unit type (`percent`, `count`, `number`, `level`, `rating`, `yes-no`) owning what
differs between them — parsing a target's operand and its range, the score a value has on one
"bigger is more" scale, how a reader sees a value, whether figures roll up from lower levels.

    unit_of("percent").operand("95", None, "95")   -> Decimal("95")
    unit_of("rating").score("Khá", ("Yếu", "Trung bình", "Khá", "Tốt")) -> Decimal(2)
    unit_of("yes-no").show("yes", "vi")             -> "đạt chuẩn"

A new unit type is one subclass here plus its name in `UnitName` (model.records.Unit follows it); the
callers ask the object instead of branching on the name (the form, the importer and the reports
too: `form_text`, `read_label`, `meeting`, ...). See docs/architecture.md.
This module imports only kinds.py and numbers.py: every other module may import it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from xhht.base.kinds import UnitName
from xhht.base.numbers import THOUSANDS, NumberError, canonical_hint, check_bounds, number, parse_decimal, plain, shown

YES = {"yes", "có", "đạt", "true"}
NO = {"no", "không", "chưa đạt", "không đạt", "false"}

# The reader's words that belong to a unit (the rest are fmt.WORDS).
UNIT_WORDS = {
    "vi": {"yes": "đạt chuẩn", "no": "chưa đạt chuẩn", "level": "mức độ",
           "points": "điểm phần trăm", "point": "điểm phần trăm", "at_least": " trở lên",
           "meeting_yes": "đạt chuẩn", "meeting_no": "chưa đạt chuẩn"},
    "en": {"yes": "meets the standard", "no": "does not meet the standard", "level": "level",
           "points": "percentage points", "point": "percentage point", "at_least": " or better",
           "meeting_yes": "meeting the standard", "meeting_no": "not meeting it"},
}


class TargetError(ValueError):
    """A target that cannot be understood or is impossible for its unit: a problem code and its
    parameters (problems/catalogue.py words them); the caller adds `at`, where the target is written."""

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
    rolls_up: ClassVar[bool] = True  # an area without a figure of its own gets its children's (Σ, or Σnum/Σden)
    top: ClassVar[Decimal | None] = None  # the largest value there is (a chart's full bar)
    whole: ClassVar[bool] = False  # whole numbers: `10.000` (or `10,000` in a form) is ten thousand, not 10
    sign: ClassVar[str] = ""  # written after a value: 87%
    # The collection form (excel/form.py, in Vietnamese only): the unit in its "Đơn vị tính" column,
    # and the check Excel makes of a value cell ("percent": 0 to 100, "whole"; None: `choices`).
    form_name: ClassVar[str]
    form_check: ClassVar[str | None] = None

    def default_comparator(self, better: str) -> str:
        return "<=" if better == "lower" else ">="

    def operand(self, operand: Any, levels: tuple[str, ...] | None, raw: Any) -> Decimal | str:
        """The value a target compares with, or TargetError."""
        if isinstance(operand, bool):
            raise TargetError("bad-comparator", value=raw_text(raw), number=True)
        written = format(operand, "f") if isinstance(operand, Decimal) else str(operand).strip()
        if self.whole and THOUSANDS.fullmatch(written) or "," in written:
            # Vietnamese writing: 10.000 people (a thousands dot, which YAML reads as 10), 97,5%
            fixed = canonical_hint(written, self.whole)
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
        """The values a figure of this unit may hold (as data/ writes them); None for a number."""
        return None

    def form_choices(self, levels: tuple[str, ...] | None) -> list[str] | None:
        """The values a form offers in a drop-down list (its Excel validation), each read back by
        `read_label`; None for a number."""
        return self.choices(levels)

    def show(self, v: Decimal | str, lang: str) -> str:
        """A value as a reader writes it: 87%, 396.953, mức độ 3, Khá, đạt chuẩn."""
        return number(Decimal(v), lang) + self.sign

    def gap_suffix(self, amount: Decimal, lang: str) -> str:
        """What follows a difference of two values: ' điểm phần trăm' for a percent."""
        return ""

    def at_least(self, lang: str) -> str:
        """What a `>=` target of the unit says after its value on its own ("trở lên")."""
        return ""

    def meeting(self, value: Decimal | str | None, lang: str) -> str | None:
        """What a subunit target's `meeting` says in the unit's own words ("đạt chuẩn"); None: the
        report says "đạt" and the target (fmt.target)."""
        return None

    def form_text(self, levels: tuple[str, ...] | None) -> str:
        """The unit as the collection form names it: "tỷ lệ % (0-100)", "xếp loại: Yếu / Khá / Tốt"."""
        return self.form_name

    def form_value(self, v: Decimal | str | None) -> str:
        """A target's value as the collection form writes it: 71,4%, 396953, Khá, đạt."""
        return (plain(v).replace(".", ",") if isinstance(v, Decimal) else str(v)) + self.sign

    def read_label(self, text: str, levels: tuple[str, ...] | None) -> str | None:
        """The label an officer meant by `text` in a form (spacing already tidied): `có` is yes, `khá`
        is Khá; None when it is none of the unit's labels (or the unit has none)."""
        return None


class Percent(Unit):
    name = UnitName.PERCENT
    fraction = True
    top = Decimal(100)
    sign = "%"
    form_name = "tỷ lệ % (0-100)"
    form_check = "percent"

    def check_range(self, value: Decimal, raw: Any) -> None:
        if not (0 <= value <= 100):
            raise TargetError("target-out-of-range", percent=raw_text(raw))

    def gap_suffix(self, amount: Decimal, lang: str) -> str:
        return " " + UNIT_WORDS[lang]["point" if abs(amount) == 1 else "points"]


class Count(Unit):
    name = UnitName.COUNT
    whole = True
    form_name = "số lượng (số nguyên)"
    form_check = "whole"

    def check_range(self, value: Decimal, raw: Any) -> None:
        if value < 0:
            raise TargetError("target-out-of-range", count=raw_text(raw))
        if value != value.to_integral_value():
            raise TargetError("target-not-whole", value=raw_text(raw))


class Number(Unit):
    """Any decimal: an amount such as thu nhập bình quân đầu người (triệu đồng) or GRDP. It has a gap
    and a ratio, but never rolls up: the districts' average incomes do not add up to the province's."""

    name = UnitName.NUMBER
    rolls_up = False
    form_name = "số (thập phân)"
    form_check = "decimal"


class _Labels(Unit):
    """A value is one of the plan's `levels`, worst first."""

    numeric = False
    rolls_up = False
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

    def form_text(self, levels: tuple[str, ...] | None) -> str:
        return f"{self.form_name}: " + " / ".join(levels or ())

    def read_label(self, text: str, levels: tuple[str, ...] | None) -> str | None:
        levels = levels or ()
        if text in levels:
            return text
        folded = [lv for lv in levels if lv.casefold() == text.casefold()]
        return folded[0] if len(folded) == 1 else None


class Level(_Labels):
    name = UnitName.LEVEL
    form_name = "mức độ"

    def show(self, v: Decimal | str, lang: str) -> str:
        """"mức độ 3" for a level named by its number; a named level ("Mức độ 1", "Chưa đạt") as written."""
        return f"{UNIT_WORDS[lang]['level']} {v}" if str(v).isdigit() else str(v)


class Rating(_Labels):
    name = UnitName.RATING
    change_allowed = False
    form_name = "xếp loại"


class YesNo(Unit):
    name = UnitName.YES_NO
    numeric = False
    rolls_up = False
    change_allowed = False
    form_name = "Đạt / Chưa đạt"

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

    def form_choices(self, levels: tuple[str, ...] | None) -> list[str] | None:
        return ["Đạt", "Chưa đạt"]  # in words: `read_label` reads them as yes, no

    def show(self, v: Decimal | str, lang: str) -> str:
        return UNIT_WORDS[lang]["yes" if v == "yes" else "no"]

    def meeting(self, value: Decimal | str | None, lang: str) -> str | None:
        return UNIT_WORDS[lang]["meeting_yes" if value == "yes" else "meeting_no"]

    def form_value(self, v: Decimal | str | None) -> str:
        return "đạt" if str(v) == "yes" else "chưa đạt"

    def read_label(self, text: str, levels: tuple[str, ...] | None) -> str | None:
        low = text.casefold()
        return "yes" if low in YES else "no" if low in NO else None


UNITS: dict[str, Unit] = {u.name.value: u for u in (Percent(), Count(), Number(), Level(), Rating(), YesNo())}


def unit_of(name: str) -> Unit:
    """The Unit object of a unit name (`percent`, ...); KeyError for an unknown one."""
    return UNITS[name]


# The unit a subunit target's number is in: a count of units, or a share (a percent) of them.
MEASURE_UNITS: dict[str, UnitName] = {"count": UnitName.COUNT, "share": UnitName.PERCENT}
