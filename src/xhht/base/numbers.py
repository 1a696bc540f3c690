"""Canonical numbers in data files, and the hint that turns a non-canonical one into one.

Canonical: an optional minus, digits, optionally a dot and digits. No thousands separator,
no `%`, no comma decimal. Officers copy figures from Vietnamese documents, where `71,4`
means 71.4 and `396.953` means 396953: the hint says what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Clamped, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, Underflow

# Digits are ASCII digits: `\d` would also take fullwidth (８５) and Arabic-Indic digits.
CANONICAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
THOUSANDS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+")  # 2.540, 396.953: Vietnamese thousands dots
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,6})?")

# Limits, checked on the text before any arithmetic: every number xhht accepts has at most
# MAX_INT_DIGITS digits before the point and MAX_PLACES after it; CONTEXT holds every sum
# (of up to 10^30 such numbers), product and ratio xhht computes from them without rounding
# the inputs, and the exponent range makes an overflow impossible.
MAX_INT_DIGITS = 40
MAX_PLACES = 40
CONTEXT = Context(prec=120, Emax=10_000, Emin=-10_000,
                  traps=[InvalidOperation, DivisionByZero, Overflow, Underflow, Clamped])


class NumberError(ValueError):
    """A number that xhht refuses: `code` is a check code, `params` its catalogue parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _too_long(what: str = "") -> NumberError:
    return NumberError("number-too-long", max_int=MAX_INT_DIGITS, max_places=MAX_PLACES)


def shown(text: str) -> str:
    """A long number as it is shown in a message: its ends and its length."""
    return text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)})"


def check_digits(text: str, what: str = "the number") -> None:
    """NumberError when a canonical number's text is beyond the limits."""
    whole, _, frac = text.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > MAX_INT_DIGITS or len(frac) > MAX_PLACES:
        raise _too_long(what)


def check_bounds(d: Decimal, what: str = "the number") -> Decimal:
    """`d` if it is finite and within the limits (checked on its digits and exponent, without
    arithmetic), else NumberError. A negative zero comes back as 0."""
    if not d.is_finite():
        raise NumberError("bad-comparator", number=True)
    _sign, digits, exp = d.as_tuple()
    if len(digits) + exp > MAX_INT_DIGITS or -exp > MAX_PLACES:
        raise _too_long(what)
    if d.is_zero():  # -0 and -0.0 are 0 and 0.0
        return Decimal((0, (0,), exp))
    return d


def parse_decimal(text: str, what: str = "the number") -> Decimal | None:
    """A Decimal from the text of a YAML value (`95`, `1e-3`, `0.5`), ASCII digits only, checked
    against the limits before it is built; None when it is not a number at all."""
    t = text.strip().replace("_", "")
    if not _DECIMAL_TEXT.fullmatch(t):
        if re.fullmatch(r"[+-]?[0-9.]+[eE][+-]?[0-9]+", t):
            raise _too_long(what)  # an exponent of 7 digits or more
        return None
    return check_bounds(Decimal(t), what)


def parse_canonical(text: str) -> Decimal | None:
    """The Decimal for a canonical number, else None. NumberError when it has too many digits."""
    if CANONICAL.fullmatch(text):
        check_digits(text)
        return Decimal(text)
    return None


def canonical_hint(text: str, whole: bool = False) -> str | None:
    """A canonical spelling of `text` when the intent is clear, else None.

    `whole`: the number is a whole one (a count, a numerator; `units.Unit.whole`): a dot followed
    by exactly three digits is then a thousands separator (`2.540` -> `2540`), as in Vietnamese
    writing.
    """
    t = _SPACES.sub("", text.strip())
    t = t.rstrip("%").lstrip("+")
    if not t or len(t) > MAX_INT_DIGITS + MAX_PLACES + 10:
        return None
    t = "".join(str(unicodedata.digit(c)) if not c.isascii() and unicodedata.digit(c, None) is not None else c
                for c in t)  # fullwidth or Arabic-Indic digits: the hint writes them in ASCII
    if THOUSANDS.fullmatch(t) and (whole or t.count(".") > 1):
        t = t.replace(".", "")  # 396.953 or 1.234.567: dots group thousands
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", t):
        t = t.replace(".", "").replace(",", ".")  # 1.234,5
    elif re.fullmatch(r"-?\d+,\d+", t):
        t = t.replace(",", ".")  # 71,4
    else:  # .5, 5., +5, 1e3: whatever Decimal reads
        try:
            d = parse_decimal(t)
        except NumberError:
            return None  # 1e999999999: no hint is better than a billion digits
        if d is None:
            return None
        t = format(d, "f")
    return t if CANONICAL.fullmatch(t) and t != text else None


def half_up(d: Decimal, quantum: Decimal) -> Decimal:
    """`d` rounded to `quantum` (`Decimal("0.01")`) half-up (làm tròn): the one rounding of xhht,
    for what a reader sees and for the ratios of JSON."""
    return d.quantize(quantum, rounding=ROUND_HALF_UP)


def decimals_of(text: str) -> int:
    """How many decimals a canonical number is written with (`33.33` -> 2)."""
    return len(text.split(".", 1)[1]) if "." in text else 0


def plain(d: Decimal) -> str:
    """A Decimal as a plain canonical string without exponent or trailing zeros (`7.50` -> `7.5`).
    Exact for every number xhht reads (the wide CONTEXT), whoever calls it."""
    from decimal import localcontext

    with localcontext(CONTEXT):
        if d == d.to_integral_value():
            return format(d.quantize(Decimal(1)), "f")
        return format(d.normalize(), "f")


DISPLAY_PLACES = 2  # a computed share or roll-up is shown to 2 decimals (exact in JSON's numerator/denominator)


def number(d: Decimal | int | None, lang: str = "vi") -> str:
    """396953 -> '396.953' (vi) or '396,953' (en); 71.4 -> '71,4' / '71.4'; None -> '—'."""
    if d is None:
        return "—"
    d = Decimal(d)
    if d.as_tuple().exponent < -DISPLAY_PLACES:
        d = half_up(d, Decimal(1).scaleb(-DISPLAY_PLACES))
    text = plain(d)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    group, point = (".", ",") if lang == "vi" else (",", ".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + group.join(groups) + (point + frac if frac else "")
