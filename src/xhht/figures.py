"""data/**/*.csv (CONTRACT 4): the achieved figures, each checked against its indicator."""

from __future__ import annotations

import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from xhht.models import Figure, Indicator
from xhht.numbers import THOUSANDS, NumberError, canonical_hint, decimals_of, parse_canonical, shown
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
    if any(p.code == "csv-separator" for p in header_problems):
        return [], problems  # `;`-separated: one problem says so
    if "value" not in columns and not ("numerator" in columns and "denominator" in columns):
        problems.append(Loc(file, 1, 0).problem("missing-column", value_or_fraction=True))
    if any(p.code == "missing-column" for p in problems):
        return [], problems
    figures = []
    for row in rows:
        ind_id = sys.intern(cell(row, columns, "indicator"))  # one string per id, not one per row
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
            problems.append(fig.loc.problem(
                "duplicate-figure", id=fig.indicator, area=fig.area, year=fig.year,
                line=first.line if first.file == file else None,
                where=None if first.file == file else f"{first.file}:{first.line}"))
            continue
        seen[key] = fig.loc
        figures.append(fig)
    return figures, problems


def check_figure_row(row: Row, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
                     known_area: Callable[[str], bool]) -> tuple[Figure | None, list[Problem]]:
    """One row checked with every per-row rule of `xhht check`: the figure, or None and why.
    `xhht import` checks each row of a form with it, so the rules are written once."""
    problems: list[Problem] = []
    return _figure(row, columns, width, file, catalogue, known_area, problems), problems


def _figure(row: Row, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
            known_area: Callable[[str], bool], problems: list[Problem]) -> Figure | None:
    def at(col: str) -> Loc:
        return Loc(file, row.line, column_of(columns, col))

    if len(row.cells) != width:
        problems.append(Loc(file, row.line, 0).problem("ragged-row", cells=len(row.cells), width=width, figures=True))
        return None
    before = len(problems)
    ind_id, area, period = cell(row, columns, "indicator"), cell(row, columns, "area"), cell(row, columns, "period")
    for col, value in (("indicator", ind_id), ("area", area), ("period", period)):
        if not value:
            problems.append(at(col).problem("missing-value", column=col, figure=True))
    if len(problems) > before:
        return None
    ind = catalogue.get(ind_id)
    if ind is None:
        problems.append(at("indicator").problem("unknown-indicator", id=ind_id,
                                                guess=did_you_mean(ind_id, sorted(catalogue))))
    if not known_area(area):
        problems.append(at("area").problem("unknown-area", area=area))
    if not _YEAR.fullmatch(period):
        problems.append(at("period").problem("bad-figure-period", period=period))
    if len(problems) > before or ind is None:
        return None
    raw_value = cell(row, columns, "value")
    raw_num, raw_den = cell(row, columns, "numerator"), cell(row, columns, "denominator")
    if not raw_value and not (raw_num and raw_den):
        problems.append(at("value").problem("missing-value", no_value=True))
        return None
    value = _value(raw_value, ind, at("value"), problems) if raw_value else None
    num = _number(raw_num, "numerator", at("numerator"), problems) if raw_num else None
    den = _number(raw_den, "denominator", at("denominator"), problems) if raw_den else None
    if len(problems) > before:
        return None
    if (num is None) != (den is None):
        missing = "numerator" if num is None else "denominator"
        problems.append(at(missing).problem("incomplete-fraction", missing=missing))
        return None
    if num is not None and den is not None:
        if ind.unit != "percent":
            problems.append(at("numerator").problem("fraction-not-percent", id=ind_id, unit=ind.unit))
            return None
        if den == 0:
            problems.append(at("denominator").problem("zero-denominator"))
            return None
        if num > den:
            problems.append(at("numerator").problem("numerator-exceeds-denominator", num=raw_num, den=raw_den))
            return None
        if isinstance(value, Decimal):
            places = decimals_of(raw_value)
            expected = (Decimal(100) * num / den).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if expected != value:
                problems.append(at("value").problem("value-disagrees", value=raw_value, num=raw_num, den=raw_den,
                                                    expected=str(expected)))
                return None
    # interned: a repository repeats a few ids, areas and sources over millions of rows
    return Figure(indicator=ind.id, area=sys.intern(area), year=int(period), value=value, numerator=num,
                  denominator=den, source=sys.intern(cell(row, columns, "source")),
                  note=sys.intern(cell(row, columns, "note")), loc=Loc(file, row.line, 1))


def _parse(text: str, what: str, loc: Loc, problems: list[Problem]) -> tuple[bool, Decimal | None]:
    """(True, the Decimal) for a canonical number within the limits (`-0` read as 0, with a
    warning); (True, None) when it is not canonical (the caller words the hint); (False, None)
    when a problem was added."""
    try:
        value = parse_canonical(text)
    except NumberError as exc:
        problems.append(loc.problem(exc.code, what=what, text=shown(text), **exc.params))
        return False, None
    if value is not None and value.is_zero() and value.is_signed():
        problems.append(loc.problem("negative-zero", what=what, text=text))
        value = abs(value)
    return True, value


def _number(text: str, what: str, loc: Loc, problems: list[Problem], unit: str | None = "count") -> Decimal | None:
    ok, value = _parse(text, what, loc, problems)
    if not ok:
        return None
    if value is None:
        problems.append(loc.problem("non-canonical-number", what=what, text=text, fixed=canonical_hint(text, unit)))
        return None
    if value < 0:
        problems.append(loc.problem("negative-count", what=what, text=text))
        return None
    if value != value.to_integral_value():
        problems.append(loc.problem("fractional-count", what=what, text=text))
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
        problems.append(loc.problem("unknown-level", text=text, id=ind.id, levels=levels, guess=close))
        return None
    ok, value = _parse(text, "value", loc, problems)
    if not ok:
        return None
    if ind.unit == "count" and THOUSANDS.fullmatch(text):
        value = None  # 2.540 people: a Vietnamese thousands dot, not a decimal point
    if value is None:
        fixed = canonical_hint(text, ind.unit)
        problems.append(loc.problem("non-canonical-number", what="value", text=text, fixed=fixed,
                                    value=True if fixed else None))
        return None
    if ind.unit == "percent" and not (0 <= value <= 100):
        problems.append(loc.problem("percent-out-of-range", text=text))
        return None
    if ind.unit == "count":
        if value < 0:
            problems.append(loc.problem("negative-count", what="count", text=text))
            return None
        if value != value.to_integral_value():
            problems.append(loc.problem("fractional-count", text=text))
            return None
    return value
