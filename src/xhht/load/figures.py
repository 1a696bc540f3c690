"""data/**/*.csv (docs/formats.md#data-files-datacsv): the achieved figures, each checked against its indicator."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import chain, islice
from typing import Callable

from xhht.model.figures import FigureTable, row_of
from xhht.model.records import Figure, Indicator
from xhht.base.numbers import THOUSANDS, NumberError, canonical_hint, decimals_of, half_up, parse_canonical, shown
from xhht.problems import Loc, Problem, did_you_mean
from xhht.load.textfiles import CsvRow, cell, check_header, column_of, csv_reader, read_csv
from xhht.base.units import unit_of

COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator", "source", "note")
REQUIRED = ("indicator", "area", "period")
_YEAR = re.compile(r"[0-9]{4}")
FAST = True  # the fast path of load_figures; tests turn it off to compare (tests/test_loading.py)


def load_figures(text: str, file: str, catalogue: dict[str, Indicator], known_area: Callable[[str], bool],
                 table: FigureTable, row_indicator: dict[tuple[str, int], str],
                 unchecked: set[str] = frozenset()) -> list[Problem]:
    """Reads one data file into `table` (shared by all files, so a figure already there is a
    duplicate) and returns its problems. `row_indicator` gets the indicator id of every row that
    is not a valid figure, so `check PLAN` can keep its own rows (a valid figure's is in `table`).

    Each row is read once, as the csv module's list of cells, and tried first on the fast path
    (`_Fast`): the values of a column are judged once per distinct text (a million rows have a
    few thousand areas, years and indicators), numbers are judged on their text and kept as
    text, and no object is made but the row's tuple. A row the fast path is not sure of goes
    through `_figure`, the one place where every rule is written with its problem: so the fast
    path only ever accepts rows that `_figure` accepts, and builds the same figure."""
    header, chunks, problems = _read(text, file)
    if header is None:
        return problems
    columns, header_problems = check_header(header, COLUMNS, REQUIRED, file)
    problems += header_problems
    separator = any(p.code == "csv-separator" for p in header_problems)  # `;`-separated: one problem says so
    if not separator and "value" not in columns and not ("numerator" in columns and "denominator" in columns):
        problems.append(Loc(file, 1, 0).problem("missing-column", value_or_fraction=True))
    if separator or any(p.code == "missing-column" for p in problems):
        for _ in chunks:  # the rows are not read, but a CSV syntax error in them is still said
            pass
        return problems
    width = len(header)
    number = table.file_number(file)

    def slow(cells: list[str], line: int) -> tuple | None:
        if not cells or all(not c.strip() for c in cells):
            return None  # a blank row
        ind_id = sys.intern(cell(CsvRow(line, cells), columns, "indicator"))
        row_indicator[(file, line)] = ind_id
        if ind_id in unchecked and ind_id not in catalogue:
            return None  # its plan did not load: checked once the plan is fixed
        fig = _figure(CsvRow(line, cells), columns, width, file, catalogue, known_area, problems)
        return None if fig is None else ((fig.indicator, fig.area, fig.year), row_of(fig, number))

    def duplicate(key: tuple[str, str, int], line: int, first: tuple) -> None:
        ind_id, area, year = key
        first_file = table.files[first[7]]
        row_indicator[(file, line)] = ind_id
        problems.append(Loc(file, line, 1).problem(
            "duplicate-figure", id=ind_id, area=area, year=year, line=first[8] if first_file == file else None,
            where=None if first_file == file else f"{first_file}:{first[8]}"))

    fast = _Fast(columns, width, catalogue, known_area)
    for body, lines in chunks:
        fast.load(body, lines, number, table, slow, duplicate)
    return problems


CHUNK = 20_000  # rows read at a time: a large file's rows are never all in memory at once


def _read(text: str, file: str) -> tuple[list[str] | None, Iterator[tuple[list[list[str]], Sequence[int]]],
                                         list[Problem]]:
    """(header, chunks of (rows as lists of cells, the line of each row), problems): what
    `textfiles.read_csv` reads, CHUNK rows at a time and without an object per row. Where a
    chunk is not plain (a CSV syntax error, a cell too long, a row over several lines), the rest
    of the file is read row by row as `read_csv` reads it; a file whose first line is not a
    plain header is read by `read_csv` itself. The problems of the chunks are added to
    `problems` as they are read."""
    from xhht.load.safe_io import MAX_CELL, MAX_COLUMNS

    reader = csv_reader(_lines(text), strict=True)
    try:
        first = next(reader, None)
    except csv.Error:
        first = None
    if (not FAST or first is None or reader.line_num != 1 or len(first) > MAX_COLUMNS
            or not any(c.strip() for c in first) or max(map(len, first)) > MAX_CELL):
        header, read, problems = read_csv(text, file)
        return header, iter([([r.cells for r in read], [r.line for r in read])]), problems
    problems: list[Problem] = []
    return [c.strip() for c in first], _chunks(reader, text, file, problems), problems


def _lines(text: str, block: int = 1 << 20) -> Iterator[str]:
    """The lines of `text` as `io.StringIO(text, newline="")` gives them (ending at \n, \r\n or
    \r), a block of about a MiB at a time: a StringIO of the whole text would hold four bytes a
    character (250 MB for a 60 MB file). Blocks end just after a \n, where a line ends anyway."""
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start + block)
        end = n if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _chunks(reader, text: str, file: str, problems: list[Problem]) -> Iterator[tuple[list[list[str]], Sequence[int]]]:
    from xhht.load.safe_io import MAX_CELL

    done = reader.line_num  # the lines read so far
    while True:
        try:
            rows = list(islice(reader, CHUNK))
        except csv.Error:
            rows = None
        if rows is not None:
            if not rows:
                return
            if (reader.line_num - done == len(rows)
                    and max(map(len, chain.from_iterable(rows)), default=0) <= MAX_CELL):
                yield rows, range(done + 1, done + 1 + len(rows))
                done += len(rows)
                continue
        yield _rows_slowly(_from_line(text, done + 1), file, done + 1, problems)
        return


def _from_line(text: str, first: int) -> str:
    """`text` from its line `first` on (lines as the csv module counts them: \n, \r\n or \r)."""
    offset = 0
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if number == first:
            return text[offset:]
        offset += len(line)
    return ""


def _rows_slowly(text: str, file: str, first: int, problems: list[Problem]) -> tuple[list[list[str]], list[int]]:
    """The rows of `text`, which begins at line `first` of `file` after its header, read as
    `textfiles.read_csv` reads them: a row keeps the line it starts on; a cell too long drops
    its row; a CSV syntax error ends the file."""
    from xhht.load.safe_io import MAX_CELL

    reader = csv_reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for cells in reader:
            line = start + first - 1
            start = reader.line_num + 1
            long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
            if long is not None:
                problems.append(Loc(file, line, long + 1).problem("too-large", chars=len(cells[long]), limit=MAX_CELL))
                continue
            rows.append(cells)
            lines.append(line)
    except csv.Error as exc:
        problems.append(Loc(file, reader.line_num + first - 1, 0).problem("csv-syntax", detail=str(exc)))
    return rows, lines


class _Slow(Exception):
    """A row for `_figure`, which knows every rule and its problem."""


_SLOW = _Slow()
_PERCENT, _COUNT, _LABEL = 0, 1, 2
_MAX_TEXT = 40  # a number text this long has at most 40 digits on either side of the point (numbers.py)
_POWERS = [10 ** i for i in range(_MAX_TEXT + 1)]


class _Fast:
    """The fast path of `load_figures`. It accepts only what `_figure` accepts without a
    problem, and makes the same figure: a plain row of a known id, area and year with
    canonical numbers well within the limits; anything else goes to `_figure`."""

    def __init__(self, columns: dict[str, int], width: int, catalogue: dict[str, Indicator],
                 known_area: Callable[[str], bool]):
        self.width, self.catalogue, self.known_area = width, catalogue, known_area
        self.inds: dict[str, tuple | None] = {}  # cell text -> (id, kind, labels) or None
        self.areas: dict[str, str | None] = {}  # cell text -> the area code or None
        self.years: dict[str, int | None] = {}  # cell text -> the year or None
        self.texts: dict[str, str] = {}  # a source or note cell -> its text, stripped and interned
        get = columns.get
        self.at = (get("indicator"), get("area"), get("period"), get("value"), get("numerator"),
                   get("denominator"), get("source"), get("note"))

    def _indicator(self, text: str) -> tuple | None:
        ind_id = text.strip()
        ind = self.catalogue.get(ind_id)
        if ind is None:
            return None
        unit = unit_of(ind.unit)
        if unit.fraction:
            return ind.id, _PERCENT, None
        if unit.numeric:
            return ind.id, _COUNT, None
        return ind.id, _LABEL, {label: (label,) for label in unit.choices(ind.levels) or ()}

    def _area(self, text: str) -> str | None:
        area = text.strip()
        return sys.intern(area) if area and self.known_area(area) else None

    @staticmethod
    def _year(text: str) -> int | None:
        period = text.strip()
        return int(period) if _YEAR.fullmatch(period) else None

    def load(self, body: list[list[str]], lines: Sequence[int], number: int, table: FigureTable,
             slow: Callable[[list[str], int], tuple | None], duplicate: Callable[[tuple, int, tuple], None]) -> None:
        """Adds the rows of `body` to `table`; `slow(cells, line)` does a row the fast path is not
        sure of ((key, row) or None); `duplicate(key, line, first)` is told of a second figure."""
        index, by_place = table.index, table.places
        width = self.width
        ci, ca, cp, cv, cn, cd, cs, co = self.at
        inds, areas, years, texts = self.inds, self.areas, self.years, self.texts
        intern, setdefault, powers = sys.intern, index.setdefault, _POWERS
        for cells, line in zip(body, lines):
            try:
                if len(cells) != width or not FAST:
                    raise _SLOW
                try:
                    ind_id, kind, levels = inds[cells[ci]]
                except KeyError:
                    ind = inds[cells[ci]] = self._indicator(cells[ci])
                    if ind is None:
                        raise _SLOW from None
                    ind_id, kind, levels = ind
                except TypeError:  # None: not a known id
                    raise _SLOW from None
                try:
                    area = areas[cells[ca]]
                except KeyError:
                    area = areas[cells[ca]] = self._area(cells[ca])
                try:
                    year = years[cells[cp]]
                except KeyError:
                    year = years[cells[cp]] = self._year(cells[cp])
                if area is None or year is None:
                    raise _SLOW
                # the number cells are taken as they are: a cell with a space around it is not
                # digits and goes to `_figure`, which reads it stripped
                value = cells[cv] if cv is not None else ""
                num = cells[cn] if cn is not None else ""
                den = cells[cd] if cd is not None else ""
                if kind == _PERCENT:
                    if num or den:
                        if not (num and den and len(num) <= _MAX_TEXT and len(den) <= _MAX_TEXT and num.isdigit()
                                and den.isdigit() and num.isascii() and den.isascii()):
                            raise _SLOW
                        n, d = int(num), int(den)
                        if d == 0 or n > d:
                            raise _SLOW
                        if num[0] == "0" or den[0] == "0":  # kept as _figure keeps them: 007 is 7
                            num, den = str(n), str(d)
                        if value:  # it must agree: round-half-up(100 n / d) to its decimals, in integers
                            whole, point, frac = value.partition(".")
                            if not (len(value) <= _MAX_TEXT and whole.isdigit() and value.isascii()
                                    and (frac.isdigit() or not point)):
                                raise _SLOW
                            if int(whole + frac) != (200 * n * powers[len(frac)] + d) // (2 * d):
                                raise _SLOW
                            if whole[0] == "0" and len(whole) > 1:
                                value = str(Decimal(value))
                        else:
                            value = None
                    else:
                        num = den = None
                        whole, point, frac = value.partition(".")
                        if not (len(value) <= _MAX_TEXT and whole.isdigit() and value.isascii()
                                and (frac.isdigit() or not point)):
                            raise _SLOW
                        if not float(value) < 100 and Decimal(value) > 100:
                            raise _SLOW
                        if whole[0] == "0" and len(whole) > 1:
                            value = str(Decimal(value))
                elif num or den or not value:
                    raise _SLOW  # a fraction of a count or label, or no value
                elif kind == _COUNT:
                    if not (len(value) <= _MAX_TEXT and value.isdigit() and value.isascii()):
                        raise _SLOW
                    if value[0] == "0" and len(value) > 1:
                        value = str(int(value))
                    num = den = None
                else:
                    try:
                        value = levels[value]  # (label,), made once per label
                    except KeyError:
                        raise _SLOW from None
                    num = den = None
                try:
                    source = texts[cells[cs]] if cs is not None else ""
                except KeyError:
                    source = texts[cells[cs]] = intern(cells[cs].strip())
                try:
                    note = texts[cells[co]] if co is not None else ""
                except KeyError:
                    note = texts[cells[co]] = intern(cells[co].strip())
                key = (ind_id, area, year)
                row = (ind_id, year, value, num, den, source, note, number, line)
            except _Slow:
                made = slow(cells, line)
                if made is None:
                    continue
                key, row = made
            first = setdefault(key, row)
            if first is not row:
                duplicate(key, line, first)
                continue
            try:
                by_place[key[1:]].append(row)
            except KeyError:
                by_place[key[1:]] = [row]


def check_figure_row(row: CsvRow, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
                     known_area: Callable[[str], bool]) -> tuple[Figure | None, list[Problem]]:
    """One row checked with every per-row rule of `xhht check`: the figure, or None and why.
    `xhht import` checks each row of a form with it, so the rules are written once."""
    problems: list[Problem] = []
    return _figure(row, columns, width, file, catalogue, known_area, problems), problems


class _At:
    """Where a cell is: made into a `Loc` only when a problem is reported there (a row of a valid
    figure, the million-row case, makes none)."""

    __slots__ = ("file", "line", "columns", "col")

    def __init__(self, file: str, line: int, columns: dict[str, int], col: str):
        self.file, self.line, self.columns, self.col = file, line, columns, col

    def problem(self, code: str, *args: object, **params: object) -> Problem:
        return Loc(self.file, self.line, column_of(self.columns, self.col)).problem(code, *args, **params)


def _figure(row: CsvRow, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
            known_area: Callable[[str], bool], problems: list[Problem]) -> Figure | None:
    def at(col: str) -> _At:
        return _At(file, row.line, columns, col)

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
        if raw_num or raw_den:  # the cell to fill is the empty one
            missing = "denominator" if raw_num else "numerator"
            problems.append(at(missing).problem("incomplete-fraction", missing=missing, no_value=True))
        else:
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
        if not unit_of(ind.unit).fraction:
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
            expected = half_up(Decimal(100) * num / den, Decimal(1).scaleb(-places))
            if expected != value:
                problems.append(at("value").problem("value-disagrees", value=raw_value, num=raw_num, den=raw_den,
                                                    expected=str(expected)))
                return None
    # interned: a repository repeats a few ids, areas and sources over millions of rows
    return Figure(indicator=ind.id, area=sys.intern(area), year=int(period), value=value, numerator=num,
                  denominator=den, source=sys.intern(cell(row, columns, "source")),
                  note=sys.intern(cell(row, columns, "note")), loc=Loc(file, row.line, 1))


def _parse(text: str, what: str, loc: Loc | _At, problems: list[Problem]) -> tuple[bool, Decimal | None]:
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


def _number(text: str, what: str, loc: Loc | _At, problems: list[Problem]) -> Decimal | None:
    """A numerator or denominator: a whole number, 0 or more."""
    ok, value = _parse(text, what, loc, problems)
    if not ok:
        return None
    if value is None:
        problems.append(loc.problem("non-canonical-number", what=what, text=text, fixed=canonical_hint(text, True)))
        return None
    if value < 0:
        problems.append(loc.problem("negative-count", what=what, text=text))
        return None
    if value != value.to_integral_value():
        problems.append(loc.problem("fractional-count", what=what, text=text))
        return None
    return value


def _value(text: str, ind: Indicator, loc: Loc | _At, problems: list[Problem]) -> Decimal | str | None:
    unit = unit_of(ind.unit)
    if not unit.numeric:
        levels = tuple(unit.choices(ind.levels) or ())
        if text in levels:
            return text
        folded = {lv.casefold(): lv for lv in levels}
        close = folded.get(text.casefold()) or did_you_mean(text, levels)
        problems.append(loc.problem("unknown-level", text=text, id=ind.id, levels=levels, guess=close))
        return None
    ok, value = _parse(text, "value", loc, problems)
    if not ok:
        return None
    if unit.whole and THOUSANDS.fullmatch(text):
        value = None  # 2.540 people: a Vietnamese thousands dot, not a decimal point
    if value is None:
        fixed = canonical_hint(text, unit.whole)
        problems.append(loc.problem("non-canonical-number", what="value", text=text, fixed=fixed,
                                    value=True if fixed else None))
        return None
    if unit.top is not None and not (0 <= value <= unit.top):
        problems.append(loc.problem("percent-out-of-range", text=text))
        return None
    if unit.whole:
        if value < 0:
            problems.append(loc.problem("negative-count", what="count", text=text))
            return None
        if value != value.to_integral_value():
            problems.append(loc.problem("fractional-count", text=text))
            return None
    return value
