"""Period expressions: `2015`, `2013-2016`, `2013..2016` (an en dash and spaces are tolerated)."""

from __future__ import annotations

import re

_RANGE = re.compile(r"\s*(\d{4})\s*(?:-|\.\.|–)\s*(\d{4})\s*")
_YEAR = re.compile(r"\s*(\d{4})\s*")
FORMS = "a year (2015) or a range (2013-2016 or 2013..2016)"


class PeriodError(ValueError):
    """`kind` names the fault (period-form, period-order, period-years: phrases of the catalogue)."""

    def __init__(self, message: str, kind: str, text: str):
        super().__init__(message)
        self.kind, self.text = kind, text


def parse_period(text: str | int) -> tuple[int, int]:
    """(start, end) years, both included. Raises PeriodError with the accepted forms."""
    s = str(text)
    m = _RANGE.fullmatch(s)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
    elif _YEAR.fullmatch(s):
        start = end = int(s)
    else:
        raise PeriodError(f"{s!r} is not a period: write {FORMS}", "period-form", s)
    if start > end:
        raise PeriodError(f"{s!r} ends before it starts: write the earlier year first", "period-order", s)
    if not (1900 <= start and end <= 2100):
        raise PeriodError(f"{s!r} is outside the years 1900-2100", "period-years", s)
    return start, end

