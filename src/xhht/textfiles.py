"""Reading the user's text files: UTF-8 (a BOM tolerated), CRLF or LF, NFC; CSV rows with
their line numbers, bounded in columns and cell length. Nothing here writes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from xhht.problems import Loc, Problem, did_you_mean


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a file named on the command line (not a repository input: those are read by
    `safe_io.read_file`), decoded and bounded the same way."""
    from xhht.safe_io import MAX_BYTES, decode

    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Loc(file).problem("read-error", f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > MAX_BYTES:
        return None, [Loc(file).problem("too-large", f"the file is more than the {MAX_BYTES:,} bytes xhht reads",
                                        "split it into several files")]
    return decode(raw, file)


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


def read_csv(text: str, file: str) -> tuple[list[str] | None, list[Row], list[Problem]]:
    """(header, rows, problems). Blank lines are skipped; a row keeps the line it starts on.
    A header wider than `MAX_COLUMNS` stops the file; a cell longer than `MAX_CELL` drops its row."""
    from xhht.safe_io import MAX_CELL, MAX_COLUMNS

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
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
                problems.append(Loc(file, line, long + 1).problem(
                    "too-large", f"this cell has {len(cells[long]):,} characters, more than the {MAX_CELL:,} "
                    "xhht reads", "a cell holds one value; put long text in a document and cite it"))
                if header is None:
                    return None, rows, problems
                continue
            if header is None:
                if len(cells) > MAX_COLUMNS:
                    problems.append(Loc(file, line, 0).problem(
                        "too-large", f"the header has {len(cells):,} columns, more than the {MAX_COLUMNS} "
                        "xhht reads", "the header names the file's few columns"))
                    return None, rows, problems
                header = [c.strip() for c in cells]
                continue
            rows.append(Row(line, cells))
    except csv.Error as exc:
        problems.append(Loc(file, reader.line_num, 0).problem(
            "csv-syntax", f"cannot read this CSV line: {exc}",
            'a cell containing a comma or a quote is written in double quotes, with " doubled inside'))
    if header is None:
        problems.append(Loc(file, 1, 0).problem("csv-syntax", "the file has no header row",
                                                "the first line names the columns"))
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
                shown = "`;`" if sep == ";" else "tabs"
                return {}, [Loc(file, 1, 0).problem(
                    "csv-syntax", f"the columns are separated by {shown}, not by commas",
                    "Excel set to Vietnamese saves CSV with `;`: save as 'CSV UTF-8 (Comma delimited)' with a "
                    "comma list separator (or use `xhht import`); with commas the header reads " + ",".join(names))]
    for i, name in enumerate(header):
        loc = Loc(file, 1, i + 1)
        if name in columns:
            problems.append(loc.problem("duplicate-column", f"the column `{name}` is named twice",
                                        "remove one of them"))
        elif name not in allowed:
            close = did_you_mean(name.lower(), allowed)
            problems.append(loc.problem("unknown-column", f"unknown column `{name}`",
                                        f"did you mean `{close}`?" if close
                                        else f"the columns are: {', '.join(allowed)}"))
        else:
            columns[name] = i
    for name in required:
        if name not in columns:
            problems.append(Loc(file, 1, 0).problem(
                "missing-column", f"the required column `{name}` is missing",
                f"the header must name: {', '.join(required)}"))
    return columns, problems


def cell(row: Row, columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return row.cells[i].strip() if i is not None and i < len(row.cells) else ""


def column_of(columns: dict[str, int], name: str) -> int:
    return columns[name] + 1 if name in columns else 0
