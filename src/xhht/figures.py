"""data/**/*.csv (CONTRACT 4): the achieved figures, each checked against its indicator."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from xhht.models import Figure, Indicator
from xhht.numbers import THOUSANDS, NumberError, canonical_hint, decimals_of, parse_canonical
from xhht.problems import Loc, Problem, did_you_mean
from xhht.textfiles import Row, cell, check_header, column_of, read_csv

COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator", "source", "note")
REQUIRED = ("indicator", "area", "period")
_YEAR = re.compile(r"[0-9]{4}")


def load_figures(text: str, file: str, catalogue: dict[str, Indicator], known_area: Callable[[str], bool],
                 seen: dict[tuple[str, str, int], Loc],
                 row_indicator: dict[tuple[str, int], str],
                 unchecked: set[str] = frozenset()) -> tuple[list[Figure], list[Problem]]:
    """The valid figures of one file. `seen` is shared across files to find duplicates;
    `row_indicator` records each row's indicator id, so `check PLAN` can keep its own rows."""
    header, rows, problems = read_csv(text, file)
    if header is None:
        return [], problems
    columns, header_problems = check_header(header, COLUMNS, REQUIRED, file)
    problems += header_problems
    if any(p.code == "csv-syntax" for p in header_problems):
        return [], problems  # `;`-separated: one problem says so
    if "value" not in columns and not ("numerator" in columns and "denominator" in columns):
        problems.append(Loc(file, 1, 0).problem(
            "missing-column", "the file needs a `value` column, or both `numerator` and `denominator`",
            "add value (and optionally numerator,denominator)"))
    if any(p.code == "missing-column" for p in problems):
        return [], problems
    figures = []
    for row in rows:
        ind_id = cell(row, columns, "indicator")
        if "indicator" in columns:
            row_indicator[(file, row.line)] = ind_id
        if ind_id in unchecked and ind_id not in catalogue:
            continue  # its plan did not load: checked once the plan is fixed
        fig = _figure(row, columns, len(header), file, catalogue, known_area, problems)
        if fig is None:
            continue
        key = (fig.indicator, fig.area, fig.year)
        if key in seen:
            first = seen[key]
            where = f"line {first.line}" if first.file == file else f"{first.file}:{first.line}"
            problems.append(fig.loc.problem(
                "duplicate-figure", f"a second figure for {fig.indicator}, area {fig.area}, {fig.year} "
                f"(the first is at {where})", "keep one figure per indicator, area and year; delete the other"))
            continue
        seen[key] = fig.loc
        figures.append(fig)
    return figures, problems


def _figure(row: Row, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
            known_area: Callable[[str], bool], problems: list[Problem]) -> Figure | None:
    def at(col: str) -> Loc:
        return Loc(file, row.line, column_of(columns, col))

    if len(row.cells) != width:
        problems.append(Loc(file, row.line, 0).problem(
            "ragged-row", f"this row has {len(row.cells)} fields, the header {width}",
            "every row has one field per column: a decimal comma (71,4) splits a field; write 71.4, "
            "and quote text that contains a comma"))
        return None
    before = len(problems)
    ind_id, area, period = cell(row, columns, "indicator"), cell(row, columns, "area"), cell(row, columns, "period")
    for col, value in (("indicator", ind_id), ("area", area), ("period", period)):
        if not value:
            problems.append(at(col).problem("missing-value", f"the `{col}` of this figure is empty", None))
    if len(problems) > before:
        return None
    ind = catalogue.get(ind_id)
    if ind is None:
        close = did_you_mean(ind_id, sorted(catalogue))
        problems.append(at("indicator").problem(
            "unknown-indicator", f"no plan defines the indicator `{ind_id}`",
            f"did you mean `{close}`?" if close else "add it to a plan in plans/, or correct the id"))
    if not known_area(area):
        problems.append(at("area").problem(
            "unknown-area", f"the area {area!r} is not in areas.csv",
            "add a row for it to areas.csv (codes keep leading zeros: 01 for Hà Nội)"))
    if not _YEAR.fullmatch(period):
        problems.append(at("period").problem(
            "bad-figure-period", f"the period {period!r} is not a year", "write the year alone, e.g. 2015"))
    if len(problems) > before or ind is None:
        return None
    raw_value = cell(row, columns, "value")
    raw_num, raw_den = cell(row, columns, "numerator"), cell(row, columns, "denominator")
    if not raw_value and not (raw_num and raw_den):
        problems.append(at("value").problem(
            "missing-value", "this figure has no value", "write the value, or both numerator and denominator"))
        return None
    value = _value(raw_value, ind, at("value"), problems) if raw_value else None
    num = _number(raw_num, "numerator", at("numerator"), problems) if raw_num else None
    den = _number(raw_den, "denominator", at("denominator"), problems) if raw_den else None
    if len(problems) > before:
        return None
    if (num is None) != (den is None):
        problems.append(at("numerator" if num is None else "denominator").problem(
            "missing-value", "numerator and denominator go together", "write both, or neither"))
        return None
    if num is not None and den is not None:
        if ind.unit != "percent":
            problems.append(at("numerator").problem(
                "wrong-type", f"numerator/denominator are for percent indicators; {ind_id} is a {ind.unit}",
                "write the value alone"))
            return None
        if den == 0:
            problems.append(at("denominator").problem("missing-value", "the denominator is 0",
                                                      "a percent of nothing has no value: leave the row out"))
            return None
        if num > den:
            problems.append(at("numerator").problem(
                "numerator-exceeds-denominator", f"the numerator {raw_num} is larger than the denominator {raw_den}",
                "numerator counts those who reached the target among the denominator"))
            return None
        if isinstance(value, Decimal):
            places = decimals_of(raw_value)
            expected = (Decimal(100) * num / den).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if expected != value:
                problems.append(at("value").problem(
                    "value-disagrees", f"value {raw_value} disagrees with 100 × {raw_num} / {raw_den} = {expected}",
                    f"write value {expected}, or correct the numerator or denominator"))
                return None
    return Figure(indicator=ind_id, area=area, year=int(period), value=value, numerator=num, denominator=den,
                  source=cell(row, columns, "source"), note=cell(row, columns, "note"), loc=Loc(file, row.line, 1))


def _parse(text: str, what: str, loc: Loc, problems: list[Problem]) -> tuple[bool, Decimal | None]:
    """(True, the Decimal) for a canonical number within the limits (`-0` read as 0, with a
    warning); (True, None) when it is not canonical (the caller words the hint); (False, None)
    when a problem was added."""
    try:
        value = parse_canonical(text)
    except NumberError as exc:
        shown = text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)} characters)"
        problems.append(loc.problem(exc.code, f"the {what} {shown}: {exc.message}", exc.hint))
        return False, None
    if value is not None and value.is_zero() and value.is_signed():
        problems.append(loc.problem("negative-zero", f"the {what} {text} is read as 0",
                                    "write 0: a minus sign on zero means nothing"))
        value = abs(value)
    return True, value


def _number(text: str, what: str, loc: Loc, problems: list[Problem], unit: str | None = "count") -> Decimal | None:
    ok, value = _parse(text, what, loc, problems)
    if not ok:
        return None
    if value is None:
        fixed = canonical_hint(text, unit)
        problems.append(loc.problem(
            "non-canonical-number", f"the {what} {text!r} is not written as a plain number",
            f"write {fixed}" if fixed else "write digits with a dot for decimals, no spaces, separators or %"))
        return None
    if value < 0:
        problems.append(loc.problem("negative-count", f"the {what} {text} is negative", "counts are 0 or more"))
        return None
    if value != value.to_integral_value():
        problems.append(loc.problem(
            "fractional-count", f"the {what} {text} is not a whole number",
            "a numerator or denominator counts people or units: a whole number"))
        return None
    return value


def _value(text: str, ind: Indicator, loc: Loc, problems: list[Problem]) -> Decimal | str | None:
    if ind.unit in ("level", "rating", "yes-no"):
        levels = ind.levels or ()
        if ind.unit == "yes-no":
            levels = ("yes", "no")
        if text in levels:
            return text
        folded = {lv.casefold(): lv for lv in levels}
        close = folded.get(text.casefold()) or did_you_mean(text, levels)
        problems.append(loc.problem(
            "unknown-level", f"{text!r} is not one of the levels of {ind.id}: {', '.join(levels)}",
            f"did you mean {close!r}?" if close else f"write one of: {', '.join(levels)}"))
        return None
    ok, value = _parse(text, "value", loc, problems)
    if not ok:
        return None
    if ind.unit == "count" and THOUSANDS.fullmatch(text):
        value = None  # 2.540 people: a Vietnamese thousands dot, not a decimal point
    if value is None:
        fixed = canonical_hint(text, ind.unit)
        problems.append(loc.problem(
            "non-canonical-number", f"the value {text!r} is not written as a plain number",
            f"write {fixed} (a dot for decimals; no thousands separator, no %)" if fixed
            else "write digits with a dot for decimals, no spaces, separators or %"))
        return None
    if ind.unit == "percent" and not (0 <= value <= 100):
        problems.append(loc.problem("percent-out-of-range", f"the percent {text} is outside 0-100",
                                    "write a percent as 0 to 100 (87, not 0.87)"))
        return None
    if ind.unit == "count":
        if value < 0:
            problems.append(loc.problem("negative-count", f"the count {text} is negative", "counts are 0 or more"))
            return None
        if value != value.to_integral_value():
            problems.append(loc.problem(
                "fractional-count", f"the count {text} is not a whole number",
                "a count is a whole number of units or people"))
            return None
    return value
