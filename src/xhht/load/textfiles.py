"""Reading the user's text files: UTF-8 (a BOM tolerated), CRLF or LF, NFC; CSV rows with
their line numbers, bounded in columns and cell length. Nothing here writes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from xhht.problems import Loc, Problem, did_you_mean


def csv_reader(lines, **options):
    """`csv.reader` whose field limit is the file's own bound (safe_io.MAX_BYTES), not the csv
    module's 128 KiB: a cell that long is then the problem `too-large` at its place (MAX_CELL)
    and the rows after it are read, instead of a `field larger than field limit` that stops the
    file. Every CSV reader of xhht is made here."""
    from xhht.load.safe_io import MAX_BYTES

    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
    return csv.reader(lines, **options)


_CSV_FAULTS = (("unexpected end of data", "csv-unclosed-quote"), ("' expected after '\"'", "csv-after-quote"),
               ("new-line character seen in unquoted field", "csv-newline"),
               ("field larger than field limit", "csv-cell-too-long"))


def csv_fault(exc: csv.Error) -> dict[str, str]:
    """The parameters of a `csv-syntax` saying what is wrong: `why`, a phrase in the reader's language,
    for what Python's CSV reader says of the usual faults; else `detail`, its own words (English)."""
    text = str(exc)
    for words, why in _CSV_FAULTS:
        if words in text:
            return {"why": why}
    return {"detail": text}


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: list[str]


def read_csv(text: str, file: str) -> tuple[list[str] | None, list[CsvRow], list[Problem]]:
    """(header, rows, problems). Blank lines are skipped; a row keeps the line it starts on.
    A header wider than `MAX_COLUMNS` stops the file; a cell longer than `MAX_CELL` drops its row."""
    from xhht.load.safe_io import MAX_CELL, MAX_COLUMNS

    reader = csv_reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[CsvRow] = []
    problems: list[Problem] = []
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not cells or all(not c.strip() for c in cells):
                continue
            long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
            if long is not None:
                problems.append(Loc(file, line, long + 1).problem("too-large", chars=len(cells[long]), limit=MAX_CELL))
                if header is None:
                    return None, rows, problems
                continue
            if header is None:
                if len(cells) > MAX_COLUMNS:
                    problems.append(Loc(file, line, 0).problem("too-large", columns=len(cells), limit=MAX_COLUMNS))
                    return None, rows, problems
                header = [c.strip() for c in cells]
                continue
            rows.append(CsvRow(line, cells))
    except csv.Error as exc:
        problems.append(Loc(file, reader.line_num, 0).problem("csv-syntax", **csv_fault(exc)))
    if header is None:
        problems.append(Loc(file, 1, 0).problem("missing-header"))
        return None, rows, problems
    return header, rows, problems


MAX_SPLIT = 64


def check_header(header: list[str], allowed: tuple[str, ...], required: tuple[str, ...],
                 file: str) -> tuple[dict[str, int], list[Problem]]:
    """Column name -> index, and problems for unknown, duplicate and missing columns."""
    columns: dict[str, int] = {}
    problems = []
    for sep in (";", "\t"):
        if len(header) == 1 and header[0].count(sep) >= 1 and len(header[0].split(sep)) <= MAX_SPLIT:
            names = [n.strip() for n in header[0].split(sep)]
            if any(n in allowed for n in names):
                return {}, [Loc(file, 1, 0).problem("csv-separator", sep="`;`" if sep == ";" else "Tab",
                                                    header=",".join(names))]
    for i, name in enumerate(header):
        loc = Loc(file, 1, i + 1)
        if name in columns:
            problems.append(loc.problem("duplicate-column", column=name))
        elif name not in allowed:
            problems.append(loc.problem("unknown-column", column=name, guess=did_you_mean(name.lower(), allowed),
                                        columns=allowed))
        else:
            columns[name] = i
    for name in required:
        if name not in columns:
            problems.append(Loc(file, 1, 0).problem("missing-column", column=name, required=required))
    return columns, problems


def cell(row: CsvRow, columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return row.cells[i].strip() if i is not None and i < len(row.cells) else ""


def column_of(columns: dict[str, int], name: str) -> int:
    return columns[name] + 1 if name in columns else 0
