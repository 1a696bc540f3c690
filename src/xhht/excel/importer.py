"""`xhht import` (docs/collecting.md): filled forms (.xlsx) and Excel-style CSV into canonical data CSV.

    read_table   a file -> its keys row and data rows (cells as typed), with their places
                 (excel/reading.py: the bounded, defused reading of a workbook or a CSV form)
    normalise    Vietnamese conventions (71,4 ; 71,4% ; 396.953 for a count) -> canonical text,
                 or an `ambiguous-number` problem (1.234 for a percent, 1,234 for a count)
    check        every row with figures.check_figure_row: the very rules of `xhht check`
    plan         duplicates, conflicts with data/ (an error unless --replace), target files
    write        only when there is no error at all, only inside the repository: every folder on the way
                 a real folder (base.writing.write_inside), every file atomically (temp + rename)

Nothing is written when any cell of any file is wrong. Problems are located as
`FILE.xlsx:Số liệu!E12` (a cell of a workbook) or `FILE.csv:12:5` (line and field of a CSV).
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from xhht.base.writing import PathRefused, check_inside
from xhht.base.numbers import CANONICAL, THOUSANDS, plain
from xhht.base.safetext import for_terminal_line
from xhht.base.units import unit_of
from xhht.excel.reading import Table, read_table
from xhht.load.figures import COLUMNS, REQUIRED, check_figure_row, with_guesses
from xhht.load.safe_io import decode, read_bytes
from xhht.load.textfiles import CsvRow, check_header, csv_reader
from xhht.model.records import Figure, Indicator
from xhht.problems import Loc, Problem
from xhht.repo import Repo

HELP_KEYS = ("name", "area_name", "unit", "target")
NUMBER_KEYS = ("value", "numerator", "denominator")


# ------------------------------------------------------------------ Vietnamese entries

_COMMA_DECIMAL = re.compile(r"-?\d+,\d+")
_COMMA_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+")
_VN_THOUSANDS_DECIMAL = re.compile(r"-?\d{1,3}(\.\d{3})+,\d+")  # 1.234,5
_EN_THOUSANDS_DECIMAL = re.compile(r"-?\d{1,3}(,\d{3})+\.\d+")  # 1,234.5
_SPACE_THOUSANDS = re.compile(r"-?\d{1,3}([ \u00a0\u202f]\d{3})+")


def normalise_number(text: str, unit: str, key: str) -> tuple[str, dict | None]:
    """A number as an officer typed it -> canonical text, or (text, parameters of an `ambiguous-number`
    problem). Text that is neither is returned as it is: the rules of `check` then say why."""
    t = text.strip()
    sign = unit_of(unit).sign
    if key == "value" and sign and t.endswith(sign):
        t = t[:-len(sign)].strip()
    if _SPACE_THOUSANDS.fullmatch(t):
        t = re.sub(r"[ \u00a0\u202f]", "", t)
    whole = unit_of(unit).whole or key != "value"  # counts, numerators and denominators
    if THOUSANDS.fullmatch(t):  # 396.953 or 1.234.567
        if whole or t.count(".") > 1:
            return t.replace(".", ""), None
        return t, {"text": text, "decimal": t, "thousands": t.replace(".", ""), "comma": t.replace(".", ","),
                   "percent": True}
    if CANONICAL.fullmatch(t):
        return t, None
    if _COMMA_THOUSANDS.fullmatch(t) and (whole or t.count(",") > 1):
        if t.count(",") > 1:
            return t.replace(",", ""), None  # 1,234,567: only thousands commas
        return t, {"text": text, "thousands": t.replace(",", ""), "decimal": t.replace(",", "."),
                   "dotted": t.replace(",", "."), "whole": True}
    if _COMMA_DECIMAL.fullmatch(t):
        return t.replace(",", "."), None  # 71,4
    if _VN_THOUSANDS_DECIMAL.fullmatch(t):
        return t.replace(".", "").replace(",", "."), None
    if _EN_THOUSANDS_DECIMAL.fullmatch(t):
        return t.replace(",", ""), None
    return text, None


def normalise_label(text: str, ind: Indicator) -> str:
    """`có`, `Đạt`, `chưa đạt` for yes-no; a level or rating in another case or spacing."""
    label = unit_of(ind.unit).read_label(" ".join(text.split()), ind.levels)
    return text if label is None else label


# ------------------------------------------------------------------ checking and planning


@dataclass
class Incoming:
    figure: Figure
    text: list[str]  # the canonical CSV row
    table: Table
    line: int
    value_column: int

    @property
    def where(self) -> str:
        return self.table.where(self.line, 0)

    def problem(self, code: str, row: bool = False, **params: object) -> Problem:
        loc = Loc(self.table.name, self.line, 0 if row else self.value_column)
        return _relocate(loc.problem(code, **params), self.table)

    def at_cell(self, p: Problem, key: str) -> Problem:
        """`p`, found at this figure's row of a data file, at the cell `key` of its form (else its value's)."""
        keys = self.table.keys
        column = keys.index(key) + 1 if key in keys else self.value_column
        return _relocate(Problem(self.table.name, self.line, column, p.code, p.params, p.severity), self.table)


@dataclass
class Result:
    problems: list[Problem]
    writes: dict[str, bytes] = field(default_factory=dict)  # repository path -> bytes
    messages: list[tuple[str, dict]] = field(default_factory=list)  # (kind, parameters), worded by the CLI
    detected: list[tuple[str, dict]] = field(default_factory=list)  # encoding and separator of each CSV
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped_rows: int = 0


def _check_table(table: Table, repo: Repo) -> tuple[list[Incoming], list[Problem], int]:
    """The valid figures of one table, and every problem, located in the form."""
    problems = [_relocate(p, table) for p in table.problems]
    if not table.keys:
        return [], problems, 0
    present = [(i, k) for i, k in enumerate(table.keys) if k]
    cols, header_problems = check_header([k for _, k in present], COLUMNS + HELP_KEYS, REQUIRED, table.name)
    columns = {k: present[j][0] for k, j in cols.items()}
    for p in header_problems:
        col = present[p.column - 1][0] + 1 if p.column else 0
        problems.append(_relocate(replace(p, line=table.key_line, column=col), table))
    if not ("value" in columns or ("numerator" in columns and "denominator" in columns)):
        problems.append(_relocate(Loc(table.name, table.key_line, 0).problem(
            "missing-column", value_or_fraction=True), table))
    if any(p.code == "missing-column" for p in problems):
        return [], problems, 0
    width = len(table.keys)
    catalogue = repo.catalogue
    out: list[Incoming] = []
    skipped = 0
    for row in table.rows:
        if not any(row.cells[columns[k]] for k in NUMBER_KEYS if k in columns and columns[k] < len(row.cells)):
            if any(c for c in row.cells):
                skipped += 1
            continue  # an empty row: no figure was entered
        cells = list(row.cells)
        row_problems: list[Problem] = []
        for i, c in enumerate(cells):
            if c and (not table.keys[i] if i < width else table.sheet is not None):
                row_problems.append(Loc(table.name, row.line, i + 1).problem("unkeyed-cell"))
        ind = catalogue.get(cells[columns["indicator"]]) if columns["indicator"] < len(cells) else None
        for i, c in enumerate(cells):
            if c.startswith("\x00date:"):
                key = table.keys[i] if i < width else ""
                row_problems.append(Loc(table.name, row.line, i + 1).problem(
                    "non-canonical-number", what=key if key in NUMBER_KEYS else "value", text=c[6:]))
                cells[i] = ""
        for key in NUMBER_KEYS:
            i = columns.get(key)
            if i is None or i >= len(cells) or not cells[i] or ind is None:
                continue
            if key == "value" and not unit_of(ind.unit).numeric:
                cells[i] = normalise_label(cells[i], ind)
                continue
            if (row.line, i) in table.percent_cells and (key != "value" or unit_of(ind.unit).sign != "%"):
                row_problems.append(Loc(table.name, row.line, i + 1).problem(
                    "ambiguous-number", text=cells[i], what=key, unit=ind.unit, formatted=True))
                continue
            cells[i], ambiguous = normalise_number(cells[i], ind.unit, key)
            if ambiguous:
                row_problems.append(Loc(table.name, row.line, i + 1).problem("ambiguous-number", **ambiguous))
        if row_problems:
            problems += [_relocate(p, table) for p in row_problems]
            continue
        fig, found = check_figure_row(CsvRow(row.line, cells[:width] if table.sheet else cells), columns,
                                      width, table.name, catalogue, repo.area_known)
        problems += [_relocate(p, table) for p in found]
        if fig is None:
            continue
        text = [cells[columns[k]] if k in columns and columns[k] < len(cells) else "" for k in COLUMNS]
        value_col = columns.get("value", columns.get("numerator", 0)) + 1
        out.append(Incoming(fig, text, table, row.line, value_col))
    return out, problems, skipped


@dataclass(frozen=True, order=True)
class CellProblem(Problem):
    """A problem in a workbook: sorted by file, row and column, shown as `FILE.xlsx:Số liệu!E12`."""

    ref: str = field(default="", compare=False)

    @property
    def where(self) -> str:
        return self.ref or super().where


def _relocate(p: Problem, table: Table) -> Problem:
    """A problem of a form or an Excel-style CSV: placed at its cell, worded for what an officer types
    (`typed`: a hint in the form's conventions, 71,4)."""
    params = {**p.params, "typed": True}
    if table.sheet is None:
        return Problem(p.file, p.line, p.column, p.code, params, p.severity)
    return CellProblem(p.file, p.line, p.column, p.code, params, p.severity, ref=table.where(p.line, p.column))


def _same(a: Figure, b: Figure) -> bool:
    return (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)


def _show(fig: Figure) -> str:
    if fig.value is not None and fig.numerator is None:
        return plain(fig.value) if isinstance(fig.value, Decimal) else str(fig.value)
    value = (plain(fig.value) if isinstance(fig.value, Decimal) else "") if fig.value is not None else ""
    frac = f"{plain(fig.numerator)}/{plain(fig.denominator)}"
    return f"{value} ({frac})" if value else frac


def run_import(paths: list[Path], repo: Repo, into: str | None, replace_existing: bool,
               name: Callable[[Path], str] = Path.as_posix) -> Result:
    """Check everything, then plan the writes (`writes`: repository path -> bytes, for
    base.writing.write_inside). `writes` is empty when there is any error. `into` is a folder of
    the repository (a posix path relative to its root), else `data/<year>`. `name` gives each
    file's name in messages (as named on the command line)."""
    result = Result(problems=[])
    incoming: list[tuple[Incoming, str]] = []
    read: set[Path] = set()
    for path in paths:
        if path.resolve() in read:
            continue  # a file named twice is read once
        read.add(path.resolve())
        table = read_table(path, name(path))
        if table.detected:
            result.detected.append(("detected", {"name": table.name, **table.detected}))
        figures, problems, skipped = _check_table(table, repo)
        result.problems += problems
        result.skipped_rows += skipped
        stem = unicodedata.normalize("NFC", path.stem)
        for inc in figures:
            folder = into if into is not None else f"data/{inc.figure.year}"
            incoming.append((inc, f"{folder}/{stem}.csv"))

    seen: dict[tuple[str, str, int], str] = {}
    edits: dict[str, _FileEdit] = {}
    for inc, target_file in incoming:
        fig = inc.figure
        key = (fig.indicator, fig.area, fig.year)
        if key in seen:
            result.problems.append(inc.problem("duplicate-figure", row=True, id=fig.indicator, area=fig.area,
                                               year=fig.year, where=seen[key]))
            continue
        seen[key] = inc.where
        old = repo.figures.get(key)
        edit = edits.setdefault(target_file, _FileEdit(target_file))
        if old is None:
            edit.append.append(inc.text)
            result.added += 1
            continue
        if old.loc.file == target_file:
            edit.update[old.loc.line] = inc.text  # our own file: the form's source and note win
            if _same(old, fig):
                result.unchanged += 1
            else:
                _conflict_or_replace(result, inc, old, replace_existing)
            continue
        if _same(old, fig):
            result.unchanged += 1
            result.messages.append(("already", {"where": inc.where, "id": fig.indicator, "area": fig.area,
                                                "year": fig.year, "old": f"{old.loc.file}:{old.loc.line}"}))
            continue
        if _conflict_or_replace(result, inc, old, replace_existing):
            edits.setdefault(old.loc.file, _FileEdit(old.loc.file)).delete.add(old.loc.line)
            edit.append.append(inc.text)

    for edit in edits.values():
        edit.prepare(repo, result)
    if result.writes and not any(p.severity == "error" for p in result.problems):
        result.problems += _as_check_would(repo, result.writes, [inc for inc, _ in incoming])
    # problems of the forms' cells and of data/'s files together, with the guesses of those printed
    result.problems = with_guesses(sorted(result.problems, key=_place), repo.catalogue)
    if any(p.severity == "error" for p in result.problems):
        result.writes.clear()
    return result


def _place(p: Problem) -> tuple[str, int, int, str]:
    """The order of problems: a CellProblem and a Problem do not compare (two dataclasses)."""
    return p.file, p.line, p.column, p.code


# a problem that `check` finds at the row of a figure the import adds is shown at this cell of the form
_CELL = {"area-not-valid": "area", "area-outside-plan": "area", "rollup-needs-counts": "numerator"}


def _as_check_would(repo: Repo, writes: dict[str, bytes], incoming: list[Incoming]) -> list[Problem]:
    """The problems `xhht check` would find after the writes and does not find now: the repository
    loaded again with the files to write in place of (or beside) its own, by every rule of `check`
    (the units valid in a figure's year, the plans' areas, the roll-up). Those at the row of a
    figure of a form are placed at its cell."""
    from collections import Counter

    from xhht.repo import load_repo

    after = load_repo(repo.root, overlay=writes)
    before = Counter(_identity(p) for p in repo.problems)
    at: dict[tuple[str, int], Incoming] = {}
    for inc in incoming:
        key = (inc.figure.indicator, inc.figure.area, inc.figure.year)
        if key in after.figures:
            loc = after.figures.loc(key)
            at[(loc.file, loc.line)] = inc
    out = []
    for p in after.problems:
        identity = _identity(p)
        if before[identity]:
            before[identity] -= 1
            continue
        inc = at.get((p.file, p.line))
        out.append(p if inc is None else inc.at_cell(p, _CELL.get(p.code, "value")))
    return out


def _identity(p: Problem) -> tuple:
    """A problem apart from its line (a row deleted by --replace moves the rows after it)."""
    return p.code, p.file, p.message_in("en")


def _conflict_or_replace(result: Result, inc: Incoming, old: Figure, replace_existing: bool) -> bool:
    fig = inc.figure
    if not replace_existing:
        result.problems.append(inc.problem(
            "figure-conflict", where=f"{old.loc.file}:{old.loc.line}", id=fig.indicator, area=fig.area,
            year=fig.year, old=_show(old), new=_show(fig)))
        return False
    result.replaced += 1
    result.messages.append(("replaced", {"old": f"{old.loc.file}:{old.loc.line}", "id": fig.indicator,
                                         "area": fig.area, "year": fig.year, "was": _show(old), "now": _show(fig),
                                         "where": inc.where}))
    return True


@dataclass
class _FileEdit:
    """What changes in one CSV file (a repository path): rows appended, rows rewritten (by line),
    rows deleted. The file is written only inside the repository, by `write_inside`'s rules."""

    file: str
    append: list[list[str]] = field(default_factory=list)
    update: dict[int, list[str]] = field(default_factory=dict)
    delete: set[int] = field(default_factory=set)

    def prepare(self, repo: Repo, result: Result) -> None:
        header = ",".join(COLUMNS)
        try:
            check_inside(repo.root, self.file)
            name = self.file.rsplit("/", 1)[-1]
            if for_terminal_line(name) != name:  # the form's name, chosen by whoever sent it
                raise PathRefused(self.file, "name")
        except PathRefused as exc:
            result.problems.append(path_problem(exc))
            return
        if not os.path.lexists(repo.root / self.file):
            if self.append:
                result.writes[self.file] = (header + "\n" + "".join(_csv_line(r) for r in self.append)).encode()
            return
        raw, _ = read_bytes(repo.root, self.file)
        text = decode(raw, self.file)[0] if raw is not None else None
        if raw is None or text is None:
            result.problems.append(Loc(self.file).problem("import-target", file=self.file, unreadable=True))
            return
        bom = raw.startswith(b"\xef\xbb\xbf")
        original = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
        lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", original)
        spans = _row_spans(text)
        if (self.append or self.update) and (not spans or spans[0][2] != list(COLUMNS)):
            result.problems.append(Loc(self.file, 1, 0).problem("import-target", file=self.file, header=header))
            return
        by_start = {start: (start, end) for start, end, _ in spans}
        out = list(lines)
        for line, row in self.update.items():
            start, end = by_start[line]
            out[start - 1] = _csv_line(row)
            for i in range(start, end):
                out[i] = ""
        for line in self.delete:
            start, end = by_start[line]
            for i in range(start - 1, end):
                out[i] = ""
        new = "".join(out)
        if self.append:
            if new and not new.endswith(("\n", "\r")):
                new += "\n"
            new += "".join(_csv_line(r) for r in self.append)
        data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
        if data != raw:
            result.writes[self.file] = data


def path_problem(exc: PathRefused) -> Problem:
    """The `import-path` problem of a path that base.writing.write_inside refuses."""
    return Loc(exc.path).problem("import-path", kind=f"path-{exc.kind}")


def _row_spans(text: str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each CSV row of a file's normalised text."""
    reader = csv_reader(io.StringIO(text, newline=""))
    spans, start = [], 1
    for cells in reader:
        spans.append((start, reader.line_num, cells))
        start = reader.line_num + 1
    return spans


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()
