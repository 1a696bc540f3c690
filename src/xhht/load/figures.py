"""data/**/*.csv (docs/formats.md#data-files-datacsv): the achieved figures, each checked against its indicator."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable

from xhht.model.figures import FigureTable, Key, Place, Row, pack, row_of, unpack
from xhht.model.records import Figure, Indicator
from xhht.base.numbers import THOUSANDS, NumberError, canonical_hint, decimals_of, half_up, parse_canonical, shown
from xhht.problems import LIMIT, Loc, Problem, did_you_mean
from xhht.load.csvrows import NotPlain, read_rows
from xhht.load.textfiles import CsvRow, cell, check_header, column_of
from xhht.base.safetext import formula_like
from xhht.base.units import unit_of

COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator", "source", "note")
REQUIRED = ("indicator", "area", "period")
_YEAR = re.compile(r"[0-9]{4}")
FAST = True  # the fast path of load_figures; tests turn it off to compare (tests/test_loading.py)


@dataclass
class Part:
    """What reading one data file, or one chunk of a large one, found, as plain data: what a worker
    process sends back (load/parallel.py) and `merge` adds to the table, in file order."""

    file: str
    number: int  # the file's number in the table (its place among the data files)
    problems: list[tuple] = field(default_factory=list)  # Problem.plain() of each, in the order found
    places: list[tuple[Place, tuple[str, ...], bytes]] = field(default_factory=list)  # place, indicators, pack(rows)
    duplicates: list[tuple[Key, int, int]] = field(default_factory=list)  # (key, line, line of the first) in the part
    rows: list[tuple[int, str]] = field(default_factory=list)  # (line, indicator id) of rows read by the rules
    redo: bool = False  # a chunk that is not plain: the file is to be read whole (load/parallel.py)
    digest: tuple[int, bytes] | None = None  # a whole file's size and BLAKE2b digest (for the cache's key)


def load_figures(text: str, file: str, number: int, catalogue: dict[str, Indicator], known_area: Callable[[str], bool],
                 unchecked: set[str] = frozenset(), header: list[str] | None = None, first_line: int = 1,
                 whole: bool = True) -> Part:
    """Reads one data file (`whole`), or a chunk of one (its lines from `first_line` on, after the
    file's `header`, or from the header on when `header` is None), into a `Part`: its problems,
    its figures packed per place (the first of a key in the part wins; a second is noted in
    `duplicates`), and the indicator id of every row that went to the rules, so `check PLAN` can
    keep its own rows. A chunk that is not plain (a CSV error, a long cell, a row over several
    lines, a header that stops the file) comes back with `redo` set and nothing else.

    Each row is read once, as the csv module's list of cells, and tried first on the fast path
    (`_Fast`): the values of a column are judged once per distinct text (a million rows have a
    few thousand areas, years and indicators), numbers are judged on their text and kept as
    text, and no object is made but the row's tuple. A row the fast path is not sure of goes
    through `_figure`, the one place where every rule is written with its problem: so the fast
    path only ever accepts rows that `_figure` accepts, and builds the same figure."""
    part = Part(file, number)
    try:
        _load(text, part, catalogue, known_area, unchecked, header, first_line, whole)
    except NotPlain:
        return Part(file, number, redo=True)
    return part


def _load(text: str, part: Part, catalogue: dict[str, Indicator], known_area: Callable[[str], bool],
          unchecked: set[str], header: list[str] | None, first_line: int, whole: bool) -> None:
    file, number = part.file, part.number
    header, chunks, problems = read_rows(text, file, header, first_line, whole, FAST)
    if header is None:
        part.problems = [p.plain() for p in problems]
        return
    columns, header_problems = check_header(header, COLUMNS, REQUIRED, file)
    problems += header_problems
    separator = any(p.code == "csv-separator" for p in header_problems)  # `;`-separated: one problem says so
    if not separator and "value" not in columns and not ("numerator" in columns and "denominator" in columns):
        problems.append(Loc(file, 1, 0).problem("missing-column", value_or_fraction=True))
    if separator or any(p.code == "missing-column" for p in problems):
        if not whole:
            raise NotPlain  # the rows are not read, but a CSV syntax error in any of them is said
        for _ in chunks:
            pass
        part.problems = [p.plain() for p in problems]
        return
    width = len(header)

    def slow(cells: list[str], line: int) -> tuple | None:
        if not cells or all(not c.strip() for c in cells):
            return None  # a blank row
        ind_id = sys.intern(cell(CsvRow(line, cells), columns, "indicator"))
        part.rows.append((line, ind_id))
        if ind_id in unchecked and ind_id not in catalogue:
            return None  # its plan did not load: checked once the plan is fixed
        fig = _figure(CsvRow(line, cells), columns, width, file, catalogue, known_area, problems)
        return None if fig is None else ((fig.indicator, fig.area, fig.year), row_of(fig, number))

    def duplicate(key: Key, line: int, first: tuple) -> None:
        part.duplicates.append((key, line, first[8]))

    places: dict[Place, dict[str, Row]] = {}
    fast = _Fast(columns, width, catalogue, known_area)
    for body, lines in chunks:
        fast.load(body, lines, number, places, slow, duplicate)
    same: dict[tuple[str, ...], tuple[str, ...]] = {}  # places with the same indicators share one tuple
    for place, rows in places.items():
        inds = tuple(rows)
        part.places.append((place, same.setdefault(inds, inds), pack(tuple(rows.values()))))
    part.problems = [p.plain() for p in problems]


def merge(table: FigureTable, part: Part, row_indicator: dict[tuple[str, int], str]) -> list[Problem]:
    """Adds the figures of `part` to `table` and returns the part's problems: a figure whose key
    an earlier part (an earlier file, or chunk) has already is a `duplicate-figure` there, and is
    not added, as is a second one within the part. Parts merged in file order give what reading
    the files one after the other gives. `row_indicator` gets the indicator id of the part's rows
    that are not figures, and of the rows read by the rules."""
    file = part.file
    problems = [Problem.from_plain(p) for p in part.problems]
    for line, ind_id in part.rows:
        row_indicator[(file, line)] = ind_id
    earlier: dict[Key, Row] = {}  # the figure an earlier part had for a key of this part
    index = table.area_years()
    for place, inds, segment in part.places:
        there = index.get(place)
        if there is None or set(there).isdisjoint(inds):
            table.add(place, inds, segment)
            continue
        firsts = table.place(*place)
        kept = []
        for row in unpack([segment]):
            first = firsts.get(row[0])
            if first is None:
                kept.append(row)
                continue
            key = (row[0], *place)
            earlier[key] = first
            problems.append(_duplicate(file, row[8], key, table.files[first[7]], first[8]))
            row_indicator[(file, row[8])] = row[0]
        if kept:
            table.add(place, tuple([row[0] for row in kept]), pack(kept))
    for key, line, first_line in part.duplicates:
        first = earlier.get(key)
        first_file, first_line = (file, first_line) if first is None else (table.files[first[7]], first[8])
        problems.append(_duplicate(file, line, key, first_file, first_line))
        row_indicator[(file, line)] = key[0]
    return problems


def _duplicate(file: str, line: int, key: Key, first_file: str, first_line: int) -> Problem:
    ind_id, area, year = key
    return Loc(file, line, 1).problem("duplicate-figure", id=ind_id, area=area, year=year,
                                      line=first_line if first_file == file else None,
                                      where=None if first_file == file else f"{first_file}:{first_line}")


class _Slow(Exception):
    """A row for `_figure`, which knows every rule and its problem. Raised as the class, never as one
    kept instance: an instance keeps the traceback it was last raised with, and with it the frames
    of the loader (a chunk of rows, a file's text, a pool) after loading."""
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
    def _text(cell: str) -> str:
        """A source or note cell's text, stripped and interned; one a spreadsheet reads as a formula
        is left to `_figure` (its `formula-text`), every time: it is never remembered."""
        text = cell.strip()
        if formula_like(text):
            raise _Slow
        return sys.intern(text)

    @staticmethod
    def _year(text: str) -> int | None:
        period = text.strip()
        return int(period) if _YEAR.fullmatch(period) else None

    def load(self, body: list[list[str]], lines: Sequence[int], number: int,
             by_place: dict[Place, dict[str, Row]], slow: Callable[[list[str], int], tuple | None],
             duplicate: Callable[[tuple, int, tuple], None]) -> None:
        """Adds the rows of `body` to `by_place` ((area, year) -> indicator -> row; the first of a
        key wins); `slow(cells, line)` does a row the fast path is not sure of ((key, row) or None);
        `duplicate(key, line, first)` is told of a second figure."""
        width = self.width
        ci, ca, cp, cv, cn, cd, cs, co = self.at
        inds, areas, years, texts = self.inds, self.areas, self.years, self.texts
        intern, powers, fast = sys.intern, _POWERS, FAST
        percent, count, longest = _PERCENT, _COUNT, _MAX_TEXT  # locals: read on every row
        for cells, line in zip(body, lines):
            try:
                if len(cells) != width or not fast:
                    raise _Slow
                try:
                    ind_id, kind, levels = inds[cells[ci]]
                except KeyError:
                    ind = inds[cells[ci]] = self._indicator(cells[ci])
                    if ind is None:
                        raise _Slow from None
                    ind_id, kind, levels = ind
                except TypeError:  # None: not a known id
                    raise _Slow from None
                try:
                    area = areas[cells[ca]]
                except KeyError:
                    area = areas[cells[ca]] = self._area(cells[ca])
                try:
                    year = years[cells[cp]]
                except KeyError:
                    year = years[cells[cp]] = self._year(cells[cp])
                if area is None or year is None:
                    raise _Slow
                # the number cells are taken as they are: a cell with a space around it is not
                # digits and goes to `_figure`, which reads it stripped
                value = cells[cv] if cv is not None else ""
                num = cells[cn] if cn is not None else ""
                den = cells[cd] if cd is not None else ""
                if kind == percent:
                    if num or den:
                        if not (num and den and len(num) <= longest and len(den) <= longest and num.isdigit()
                                and den.isdigit() and num.isascii() and den.isascii()):
                            raise _Slow
                        n, d = int(num), int(den)
                        if d == 0 or n > d:
                            raise _Slow
                        if num[0] == "0" or den[0] == "0":  # kept as _figure keeps them: 007 is 7
                            num, den = str(n), str(d)
                        if value:  # it must agree: round-half-up(100 n / d) to its decimals, in integers
                            whole, point, frac = value.partition(".")
                            if not (len(value) <= longest and whole.isdigit() and value.isascii()
                                    and (frac.isdigit() or not point)):
                                raise _Slow
                            if int(whole + frac) != (200 * n * powers[len(frac)] + d) // (2 * d):
                                raise _Slow
                            if whole[0] == "0" and len(whole) > 1:
                                value = str(Decimal(value))
                        else:
                            value = None
                    else:
                        num = den = None
                        whole, point, frac = value.partition(".")
                        if not (len(value) <= longest and whole.isdigit() and value.isascii()
                                and (frac.isdigit() or not point)):
                            raise _Slow
                        if not float(value) < 100 and Decimal(value) > 100:
                            raise _Slow
                        if whole[0] == "0" and len(whole) > 1:
                            value = str(Decimal(value))
                elif num or den or not value:
                    raise _Slow  # a fraction of a count or label, or no value
                elif kind == count:
                    if not (len(value) <= longest and value.isdigit() and value.isascii()):
                        raise _Slow
                    if value[0] == "0" and len(value) > 1:
                        value = str(int(value))
                    num = den = None
                else:
                    try:
                        value = levels[value]  # (label,), made once per label
                    except KeyError:
                        raise _Slow from None
                    num = den = None
                try:
                    source = texts[cells[cs]] if cs is not None else ""
                except KeyError:
                    source = texts[cells[cs]] = self._text(cells[cs])
                try:
                    note = texts[cells[co]] if co is not None else ""
                except KeyError:
                    note = texts[cells[co]] = self._text(cells[co])
                place = (area, year)
                row = (ind_id, year, value, num, den, source, note, number, line)
            except _Slow:
                made = slow(cells, line)
                if made is None:
                    continue
                (ind_id, *place), row = made
                place = tuple(place)
            try:
                first = by_place[place].setdefault(ind_id, row)
            except KeyError:
                by_place[place] = {ind_id: row}
                continue
            if first is not row:
                duplicate((ind_id, *place), line, first)


def with_guesses(problems: list[Problem], catalogue: Iterable[str]) -> list[Problem]:
    """`problems` with the guess of each `unknown-indicator` (the closest id of `catalogue`) and
    `unknown-level` (the closest level) that is printed: `_figure` leaves it out, since a guess
    costs (~1 ms an id: a flood of 50,000 different unknown ids took 30 s, issue 21). A guess is
    made once per distinct problem, and only for those `xhht check` prints: as
    present/problem_text.py's `printed` counts them (identical problems are one; past LIMIT of
    one code in one file the rest are counted, not printed), the others keep the hint without a
    guess (what `check --all` prints for them). The order of `problems` is the order they are
    printed in."""
    made: dict[tuple, str | None] = {}  # a problem's code and parameters -> its guess
    firsts: Counter[tuple[str, str]] = Counter()  # (file, code) -> the different problems that begin there
    ids: list[str] | None = None
    out = []
    for p in problems:
        if p.code not in ("unknown-indicator", "unknown-level"):
            out.append(p)
            continue
        key = (p.code, repr(sorted(p.params.items())))  # as `printed` tells problems apart
        if key not in made:
            firsts[(p.file, p.code)] += 1
            guess = None
            if "guess" not in p.params and firsts[(p.file, p.code)] <= LIMIT:
                if p.code == "unknown-level":
                    text, levels = p.params["text"], p.params["levels"]
                    guess = {lv.casefold(): lv for lv in levels}.get(text.casefold()) or did_you_mean(text, levels)
                else:
                    ids = sorted(catalogue) if ids is None else ids
                    guess = did_you_mean(p.params["id"], ids)
            made[key] = guess
        guess = made[key]
        out.append(p if guess is None else replace(p, params={**p.params, "guess": guess}))
    return out


def check_figure_row(row: CsvRow, columns: dict[str, int], width: int, file: str, catalogue: dict[str, Indicator],
                     known_area: Callable[[str], bool]) -> tuple[Figure | None, list[Problem]]:
    """One row checked with every per-row rule of `xhht check`: the figure, or None and why (its
    guesses left to `with_guesses`). `xhht import` checks each row of a form with it, so the rules
    are written once."""
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
        problems.append(at("indicator").problem("unknown-indicator", id=ind_id))  # its guess: with_guesses
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
    source, note = cell(row, columns, "source"), cell(row, columns, "note")
    for col, text in (("source", source), ("note", note)):  # officers open data/*.csv in a spreadsheet
        if formula_like(text):
            problems.append(at(col).problem("formula-text", text=text[:80]))
    # interned: a repository repeats a few ids, areas and sources over millions of rows
    return Figure(indicator=ind.id, area=sys.intern(area), year=int(period), value=value, numerator=num,
                  denominator=den, source=sys.intern(source), note=sys.intern(note), loc=Loc(file, row.line, 1))


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
        problems.append(loc.problem("unknown-level", text=text, id=ind.id, levels=levels))  # its guess: with_guesses
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
