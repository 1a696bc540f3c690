"""The loaded figures: (indicator, area, year) -> `Figure`, kept as plain tuples, packed per place.

A national repository holds a million figures; a `Figure` object (with its `Loc` and three
`Decimal`s) for each would cost seconds and most of a gigabyte, and `check` needs none of
them. So a figure is kept as one tuple of the texts it was read from, a *row*:

    (indicator, year, value, numerator, denominator, source, note, file number, line)

`value` is the number's canonical text, `(label,)` for a level, rating or yes/no, or None;
`numerator` and `denominator` are texts or None. The texts are those the loader accepted, so
`Decimal(text)` is exact.

The rows of one *place*, an (area, year), are kept packed: `marshal` data of a tuple of rows, one
*segment* per file (or chunk of a file) that had figures there, in load order. A loader's worker
process makes the segments (load/figures.py), the parent keeps them as they came, `.xhht/cache.bin`
stores them as they are (load/cache.py, one section per place), and a place is unpacked only when
one of its figures is asked for: `check` of a national repository unpacks almost none, a report the
places of its plan's areas. Beside the segments, an index of the indicators of each place in load
order (`area_years()`) answers "which figures are there" without unpacking anything. A `Figure` is
made (and kept) only when one is asked for: `table[key]`, `table.get(key)`, `.values()`, `.items()`.
Iterating goes over the keys place by place (places in the order they were first loaded, each
place's indicators in load order), without unpacking.

`FigureTable` holds its segments in memory (a full load); `load.cached_figures.CachedFigures` reads a
place's segments from the cache. Both are `Figures`, the protocol `Repo.figures`, the checks and the
comparison read: callers ask the object, never which class it is.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from xhht.model.records import Figure
from xhht.problems import Loc

Key = tuple[str, str, int]
Place = tuple[str, int]  # (area, year)
Row = tuple  # (indicator, year, value, numerator, denominator, source, note, file number, line)


class Figures(Protocol):
    """The loaded figures, (indicator, area, year) -> `Figure`, as every reader sees them."""

    def get(self, key: Any, default: Any = None) -> Any: ...

    def __getitem__(self, key: Any) -> Figure: ...

    def __contains__(self, key: object) -> bool: ...

    def __iter__(self) -> Iterator[Key]: ...

    def __len__(self) -> int: ...

    def keys(self) -> Any: ...

    def values(self) -> Any: ...

    def items(self) -> Any: ...

    def numbers(self, indicator: str, year: int, areas: Sequence[str]) -> list[tuple | None]:
        """(value, numerator, denominator, source) of each area's figure, or None, without a Figure."""

    def with_counts(self, indicator: str, year: int, areas: Sequence[str]) -> list[bool | None]:
        """For each area: None without a figure, else whether its figure has a numerator and a
        denominator (what the roll-up of a percent needs), without making a number."""

    def one_per_area_year(self, ids: set[str]) -> Iterator[Key]:
        """For each area and year with a figure of one of `ids`, the key of one."""

    def area_years(self) -> Mapping[tuple[str, int], Sequence[str]]:
        """(area, year) -> the indicator ids with a figure there, in load order."""

    def loc(self, key: Key) -> Loc:
        """Where the figure of `key` was read."""

    def indicators_at(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The indicator of the figure read at each (file, line) of `wanted` that has one."""

    def row(self, key: Key) -> Row | None:
        """The row the figure of `key` was read as, when it is kept as one (else None: compare Figures)."""

    def held(self) -> int:
        """How many figures are held in memory (counted for the command line's quick exit)."""

_NOTHING = object()


def make_figure(area: str, row: Row, files: tuple[str, ...] | list[str]) -> Figure:
    """The `Figure` of a row of `area` (`files`: file number -> path)."""
    ind, year, value, num, den, source, note, f, line = row
    return Figure(indicator=ind, area=area, year=year,
                  value=value[0] if type(value) is tuple else (None if value is None else Decimal(value)),
                  numerator=None if num is None else Decimal(num),
                  denominator=None if den is None else Decimal(den),
                  source=source, note=note, loc=Loc(files[f], line, 1))


def row_numbers(row: Row) -> tuple:
    """(value, numerator, denominator, source) of a row, as its Figure holds them."""
    value, num, den = row[2], row[3], row[4]
    return (value[0] if type(value) is tuple else (None if value is None else Decimal(value)),
            None if num is None else Decimal(num), None if den is None else Decimal(den), row[5])


def figure_numbers_of(figures: Mapping, indicator: str, year: int, areas: Sequence[str]) -> list[tuple | None]:
    """rollup.figure_numbers over any mapping of Figures."""
    out: list[tuple | None] = []
    for area in areas:
        fig = figures.get((indicator, area, year))
        out.append(None if fig is None else (fig.value, fig.numerator, fig.denominator, fig.source))
    return out


def figure_counts_of(figures: Mapping, indicator: str, year: int, areas: Sequence[str]) -> list[bool | None]:
    """`Figures.with_counts` over any mapping of Figures."""
    return [None if n is None else n[1] is not None and n[2] is not None
            for n in figure_numbers_of(figures, indicator, year, areas)]


def row_of(fig: Figure, number: int) -> tuple:
    """A Figure as a row (`number`: its file's number)."""
    value = fig.value
    return (fig.indicator, fig.year, (value,) if isinstance(value, str) else (None if value is None else str(value)),
            None if fig.numerator is None else str(fig.numerator),
            None if fig.denominator is None else str(fig.denominator),
            fig.source, fig.note, number, fig.loc.line)


class FigureMapping(Mapping):
    """What FigureTable and CachedFigures share: `get` makes the Figure, `[]` is `get`; and the
    `Figures` methods answered from the Figures themselves, which each class may answer faster."""

    def __getitem__(self, key: Any) -> Figure:
        fig = self.get(key, _NOTHING)
        if fig is _NOTHING:
            raise KeyError(key)
        return fig

    def __contains__(self, key: object) -> bool:
        return self.get(key, _NOTHING) is not _NOTHING

    def numbers(self, indicator: str, year: int, areas: Sequence[str]) -> list[tuple | None]:
        return figure_numbers_of(self, indicator, year, areas)

    def with_counts(self, indicator: str, year: int, areas: Sequence[str]) -> list[bool | None]:
        return figure_counts_of(self, indicator, year, areas)

    def area_years(self) -> Mapping[tuple[str, int], Sequence[str]]:
        years: dict[tuple[str, int], list[str]] = {}
        for ind, area, year in self:
            years.setdefault((area, year), []).append(ind)
        return years

    def one_per_area_year(self, ids: set[str]) -> Iterator[Key]:
        return first_keys(self.area_years(), ids)

    def loc(self, key: Key) -> Loc:
        return self[key].loc

    def indicators_at(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        return {(f.loc.file, f.loc.line): f.indicator for f in self.values() if (f.loc.file, f.loc.line) in wanted}

    def row(self, key: Key) -> Row | None:
        return None

    def held(self) -> int:
        return len(self)


class FigureTable(FigureMapping):
    """The figures of a full load (the first of two figures for one key wins: the second is a
    `duplicate-figure`, and never added), packed per place; see the module's docstring."""

    def __init__(self, files: Sequence[str] = ()) -> None:
        self.files: list[str] = list(files)  # file number -> path, as the rows refer to them
        self.count = 0  # figures
        self._segments: dict[Place, list[bytes]] = {}  # (area, year) -> packed rows, in load order
        self._years: dict[Place, tuple[str, ...]] = {}  # (area, year) -> its indicators, in load order
        self._rows: dict[Place, dict[str, Row]] = {}  # the places unpacked so far: indicator -> row
        self._figs: dict[Key, Figure] = {}

    def add(self, place: Place, indicators: tuple[str, ...], segment: bytes) -> None:
        """The rows packed in `segment` (`pack(rows)`), of the indicators `indicators`, in that
        order, none of which has a figure at `place` yet: the loader's merge checks (load/figures.py).
        `indicators` is kept as it is: the loader gives places with the same indicators one tuple."""
        years = self._years.get(place)
        if years is None:
            self._years[place] = indicators
            self._segments[place] = [segment]
        else:
            self._years[place] = (*years, *indicators)
            self._segments[place].append(segment)
            self._rows.pop(place, None)
        self.count += len(indicators)

    def segments(self) -> Iterator[tuple[Place, list[bytes]]]:
        """(place, its packed segments) of every place, in the order the places were first loaded."""
        return iter(self._segments.items())

    def _place_rows(self, place: Place) -> Iterable[Row]:
        """The rows of `place` (CachedFigures reads them from the cache)."""
        return unpack(self._segments.get(place, ()))

    def _index(self) -> Mapping[Place, Sequence[str]]:
        """(area, year) -> its indicators in load order (CachedFigures reads it from the cache)."""
        return self._years

    def place(self, area: str, year: int) -> dict[str, Row]:
        """indicator -> row of the figures of `area` in `year`, unpacked once."""
        place = (area, year)
        rows = self._rows.get(place)
        if rows is None:
            rows = self._rows[place] = {row[0]: row for row in self._place_rows(place)}
        return rows

    # -- as a Mapping of Figures ---------------------------------------------------------------

    def get(self, key: Any, default: Any = None) -> Any:
        fig = self._figs.get(key)
        if fig is not None:
            return fig
        row = self._row(key)
        if row is None:
            return default
        fig = self._figs[key] = make_figure(key[1], row, self.files)
        return fig

    def __contains__(self, key: object) -> bool:
        return self._row(key) is not None

    def __iter__(self) -> Iterator[Key]:
        return keys_of(self._index())

    def __len__(self) -> int:
        return self.count

    # -- without making Figures ----------------------------------------------------------------

    def numbers(self, indicator: str, year: int, areas: Sequence[str]) -> list[tuple | None]:
        """rollup.figure_numbers: (value, numerator, denominator, source) of each area's figure of
        `indicator` in `year`, or None, without making a Figure."""
        return [None if row is None else row_numbers(row) for row in self._rows_at(indicator, year, areas)]

    def with_counts(self, indicator: str, year: int, areas: Sequence[str]) -> list[bool | None]:
        """`Figures.with_counts` from the rows as they are (`rule rollup-needs-counts` asks it of
        every unit below every plan's area: making their numbers cost a third of a second)."""
        return [None if row is None else row[3] is not None and row[4] is not None
                for row in self._rows_at(indicator, year, areas)]

    def _rows_at(self, indicator: str, year: int, areas: Sequence[str]) -> list[Row | None]:
        """The row of each area's figure of `indicator` in `year`, or None: each place unpacked once."""
        rows_of, place = self._rows, self.place
        out: list[Row | None] = []
        for area in areas:
            rows = rows_of.get((area, year))
            out.append((place(area, year) if rows is None else rows).get(indicator))
        return out

    def _row(self, key: Any) -> Row | None:
        try:
            indicator, area, year = key
            if (area, year) not in self._index():
                return None
            return self.place(area, year).get(indicator)
        except (TypeError, ValueError):  # not a key: an unhashable or another shape
            return None

    def loc(self, key: Key) -> Loc:
        """Where the figure of `key` was read (file, line, column 1)."""
        row = self._row(key)
        return Loc(self.files[row[7]], row[8], 1)

    def area_years(self) -> Mapping[Place, Sequence[str]]:
        """(area, year) -> the indicator ids with a figure there, in load order."""
        return self._index()

    def indicators_at(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The indicator of the figure read at each (file, line) of `wanted` that has one."""
        if not wanted:
            return {}
        number = {file: i for i, file in enumerate(self.files)}
        want = {(number[file], line) for file, line in wanted if file in number}
        files = self.files
        return {(files[row[7]], row[8]): row[0] for area, year in self._index()
                for row in self.place(area, year).values() if (row[7], row[8]) in want}

    def row(self, key: Key) -> Row | None:
        return self._row(key)

    def held(self) -> int:
        return self.count


def pack(rows: Sequence[Row]) -> bytes:
    """A segment: the rows of one place read from one file (or chunk), as marshal data."""
    return marshal.dumps(tuple(rows))


def unpack(segments: Iterable[bytes]) -> Iterator[Row]:
    """The rows of a place's segments, in load order."""
    for segment in segments:
        yield from marshal.loads(segment)


def keys_of(years: Mapping[Place, Sequence[str]]) -> Iterator[Key]:
    """The keys of an (area, year) -> indicators index, place by place."""
    for (area, year), inds in years.items():
        for ind in inds:
            yield ind, area, year


def first_keys(years: Mapping[tuple[str, int], Sequence[str]], ids: set[str]) -> Iterator[Key]:
    """From an (area, year) -> indicators index, the key of the first of `ids` in each (area, year)."""
    for (area, year), inds in years.items():
        for ind in inds:
            if ind in ids:
                yield ind, area, year
                break
