"""A data file's rows, fast (issue 10, 22): what `textfiles.read_csv` reads, a chunk of rows at a time,
each row a list of cells with its line, without an object per row. Most lines are split at their
commas (`_split`, exact: a line it cannot read so goes to the csv module); a chunk that is not plain
(a CSV syntax error, a cell too long, a row over several lines) hands the rest of the file to the
row-by-row reading of `read_csv`, with its problems. load/figures.py checks the rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from itertools import chain, islice

from xhht.load.textfiles import csv_fault, csv_reader, read_csv
from xhht.problems import Loc, Problem


class NotPlain(Exception):
    """A chunk of a file that only a reading of the whole file can read as `read_csv` does."""


CHUNK = 20_000  # rows read at a time: a large file's rows are never all in memory at once
BLOCK = 1 << 20  # characters of text split into lines at a time (cut just after a line end)


def read_rows(text: str, file: str, header: list[str] | None = None, first_line: int = 1, whole: bool = True,
              fast: bool = True) -> tuple[list[str] | None, Iterator[tuple[list[list[str]], Sequence[int]]], list[Problem]]:
    """(header, chunks of (rows as lists of cells, the line of each row), problems): what
    `textfiles.read_csv` reads, CHUNK rows at a time and without an object per row. Where a
    chunk is not plain (a CSV syntax error, a cell too long, a row over several lines), the rest
    of the file is read row by row as `read_csv` reads it; a file whose first line is not a
    plain header is read by `read_csv` itself (so is every file without `fast`). The problems of the
    chunks are added to `problems` as they are read. A chunk of a file (not `whole`) that is not
    plain raises NotPlain."""
    from xhht.load.safe_io import MAX_CELL, MAX_COLUMNS

    problems: list[Problem] = []
    if header is not None:
        return header, _chunks(text, 0, file, problems, first_line - 1, whole), problems
    reader = csv_reader(_lines(text), strict=True)
    try:
        first = next(reader, None)
    except csv.Error:
        first = None
    if (not fast or first is None or reader.line_num != 1 or len(first) > MAX_COLUMNS
            or not any(c.strip() for c in first) or max(map(len, first)) > MAX_CELL):
        if not whole:
            raise NotPlain
        header, read, problems = read_csv(text, file)
        return header, iter([([r.cells for r in read], [r.line for r in read])]), problems
    after = text.find("\n") + 1 or len(text)  # the header is the first line (a text with a CR: see _chunks)
    rows = _csv_chunks(reader, text, file, problems, first_line - 1, whole) if "\r" in text else \
        _chunks(text, after, file, problems, first_line, whole)
    return [c.strip() for c in first], rows, problems


def _lines(text: str, block: int | None = None) -> Iterator[str]:
    """The lines of `text` as `io.StringIO(text, newline="")` gives them (ending at \n, \r\n or
    \r), a block of about a MiB at a time: a StringIO of the whole text would hold four bytes a
    character (250 MB for a 60 MB file). Blocks end just after a \n, where a line ends anyway."""
    start, n, block = 0, len(text), block or BLOCK
    while start < n:
        end = text.find("\n", start + block)
        end = n if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _chunks(text: str, pos: int, file: str, problems: list[Problem], offset: int, whole: bool
            ) -> Iterator[tuple[list[list[str]], Sequence[int]]]:
    """The rows of `text` from `pos` on (a line start, `offset` lines before it), CHUNK lines at a
    time, each line split at its commas when that reads it as the csv module does (`_split`); from
    the first chunk where it does not, by the csv module (`_csv_chunks`). A text with a CR (which a
    repository's file never has once decoded, safe_io.decode) is read by the csv module."""
    from xhht.load.safe_io import MAX_CELL

    if "\r" in text:
        yield from _csv_chunks(csv_reader(_lines(text[pos:]), strict=True), text[pos:], file, problems, offset,
                               whole)
        return
    tails: dict[str, list[str]] = {}
    n = len(text)
    while pos < n:
        end = text.find("\n", pos + BLOCK)
        end = n if end < 0 else end + 1
        lines = text[pos:end].split("\n")
        if not lines[-1]:
            lines.pop()  # the block ends with a line end
        for i in range(0, len(lines), CHUNK):
            group = lines[i:i + CHUNK]
            rows = _split(group, tails) if max(map(len, group)) <= MAX_CELL else None
            if rows is None:
                rest = text[pos + sum(map(len, lines[:i])) + i:]
                yield from _csv_chunks(csv_reader(_lines(rest), strict=True), rest, file, problems, offset, whole)
                return
            yield rows, range(offset + 1, offset + 1 + len(rows))
            offset += len(rows)
        pos = end


def _split(lines: list[str], tails: dict[str, list[str]]) -> list[list[str]] | None:
    """The cells of each of `lines` (no line end, no CR) as the csv module reads the line: its
    parts between commas; where a quote begins a cell, the parts before it and the csv module's
    reading of the rest of the line (the same quoted source on many rows is read once: `tails`).
    None when a line is not one row (a quote inside an unquoted cell, a quoted cell not closed on
    its line, a CSV error): the csv module reads those, with their problems."""
    rows = []
    for line in lines:
        quote = line.find('"')
        if quote < 0:
            rows.append(line.split(",") if line else [])
            continue
        if quote and line[quote - 1] != ",":
            return None
        tail = line[quote:]
        cells = tails.get(tail)
        if cells is None:
            if len(tails) > 10_000:
                tails.clear()
            cells = tails[tail] = _one_row(tail)
        if not cells:
            return None
        rows.append(line[:quote - 1].split(",") + cells if quote else cells.copy())
    return rows


def _one_row(text: str) -> list[str]:
    """The cells of `text` (one line) as the csv module reads it, or [] when it is not one whole row."""
    try:
        rows = list(csv_reader([text], strict=True))
    except csv.Error:
        return []
    return rows[0] if len(rows) == 1 else []


def _csv_chunks(reader, text: str, file: str, problems: list[Problem], offset: int = 0, whole: bool = True
                ) -> Iterator[tuple[list[list[str]], Sequence[int]]]:
    """The rows of `reader` (reading `text`, `offset` lines after the file's start), CHUNK at a time,
    with their lines; from a chunk that is not plain on, row by row (`_rows_slowly`)."""
    from xhht.load.safe_io import MAX_CELL

    short = _longest_line(text) <= MAX_CELL  # then no cell of a row on one line is too long
    done = reader.line_num  # the lines of `text` read so far
    while True:
        try:
            rows = list(islice(reader, CHUNK))
        except csv.Error:
            rows = None
        if rows is not None:
            if not rows:
                return
            if reader.line_num - done == len(rows) and (
                    short or max(map(len, chain.from_iterable(rows)), default=0) <= MAX_CELL):
                yield rows, range(offset + done + 1, offset + done + 1 + len(rows))
                done += len(rows)
                continue
        if not whole:
            raise NotPlain
        yield _rows_slowly(_from_line(text, done + 1), file, offset + done + 1, problems)
        return


def _longest_line(text: str) -> int:
    """The length of the longest line of `text` (lines split at \n only: no shorter than the csv
    module's), a block of about a MiB at a time."""
    longest, start, n = 0, 0, len(text)
    while start < n:
        end = text.find("\n", start + BLOCK)
        end = n if end < 0 else end + 1
        longest = max(longest, *map(len, text[start:end].split("\n")))
        start = end
    return longest


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
        problems.append(Loc(file, reader.line_num + first - 1, 0).problem("csv-syntax", **csv_fault(exc)))
    return rows, lines
