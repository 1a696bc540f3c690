"""Canonical numbers in data files, and the hint that turns a non-canonical one into one.

Canonical: an optional minus, digits, optionally a dot and digits. No thousands separator,
no `%`, no comma decimal. Officers copy figures from Vietnamese documents, where `71,4`
means 71.4 and `396.953` means 396953: the hint says what to write instead.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CANONICAL = re.compile(r"-?\d+(\.\d+)?")
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")  # 2.540, 396.953: Vietnamese thousands dots
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_canonical(text: str) -> Decimal | None:
    """The Decimal for a canonical number, else None."""
    if CANONICAL.fullmatch(text):
        return Decimal(text)
    return None


def canonical_hint(text: str, unit: str | None = None) -> str | None:
    """A canonical spelling of `text` when the intent is clear, else None.

    `unit` is the indicator's unit when known: for a count, a dot followed by exactly three
    digits is a thousands separator (`2.540` -> `2540`), as in Vietnamese writing.
    """
    t = _SPACES.sub("", text.strip())
    t = t.rstrip("%").lstrip("+")
    if not t:
        return None
    if THOUSANDS.fullmatch(t) and (unit == "count" or t.count(".") > 1):
        t = t.replace(".", "")  # 396.953 or 1.234.567: dots group thousands
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", t):
        t = t.replace(".", "").replace(",", ".")  # 1.234,5
    elif re.fullmatch(r"-?\d+,\d+", t):
        t = t.replace(",", ".")  # 71,4
    else:  # .5, 5., +5, 1e3: whatever Decimal reads
        try:
            d = Decimal(t)
        except InvalidOperation:
            return None
        if not d.is_finite():
            return None
        t = format(d, "f")
    return t if CANONICAL.fullmatch(t) and t != text else None


def decimals_of(text: str) -> int:
    """How many decimals a canonical number is written with (`33.33` -> 2)."""
    return len(text.split(".", 1)[1]) if "." in text else 0


def plain(d: Decimal) -> str:
    """A Decimal as a plain canonical string without exponent or trailing zeros (`7.50` -> `7.5`)."""
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
        d = d.quantize(Decimal(1).scaleb(-DISPLAY_PLACES), rounding=ROUND_HALF_UP)
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
