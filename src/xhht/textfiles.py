"""Reading the user's text files: UTF-8 (a BOM tolerated), CRLF or LF, NFC; CSV rows with
their line numbers. Nothing here writes."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from xhht.problems import Loc, Problem, did_you_mean


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The file's text, NFC-normalised, or None and a problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Loc(file).problem("read-error", f"cannot read the file: {exc.strerror or exc}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Loc(file, line, col).problem(
            "not-utf8", f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save it as UTF-8: in Excel choose 'CSV UTF-8 (Comma delimited)'; "
            "in an editor choose the UTF-8 encoding (files saved as Windows-1258 or TCVN3 are not read)")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), []


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


def read_csv(text: str, file: str) -> tuple[list[str] | None, list[Row], list[Problem]]:
    """(header, rows, problems). Blank lines are skipped; a row keeps the line it starts on."""
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
            if header is None:
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


def check_header(header: list[str], allowed: tuple[str, ...], required: tuple[str, ...],
                 file: str) -> tuple[dict[str, int], list[Problem]]:
    """Column name -> index, and problems for unknown, duplicate and missing columns."""
    columns: dict[str, int] = {}
    problems = []
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
