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
        return None, [Loc(file).problem("read-error", reason=exc.strerror or str(exc))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Loc(file, line, col).problem("not-utf8", byte=f"{raw[exc.start]:02x}")]
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
        problems.append(Loc(file, reader.line_num, 0).problem("csv-syntax", detail=str(exc)))
    if header is None:
        problems.append(Loc(file, 1, 0).problem("missing-header"))
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


def cell(row: Row, columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return row.cells[i].strip() if i is not None and i < len(row.cells) else ""


def column_of(columns: dict[str, int], name: str) -> int:
    return columns[name] + 1 if name in columns else 0
