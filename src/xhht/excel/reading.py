"""Reading the files `xhht import` is given (docs/collecting.md): a filled form (.xlsx) or an
Excel-style CSV -> a `Table`: its keys row and data rows (cells as typed, as text), with their
places, and the problems of the file itself. The rules of what is read are docs/security.md's:

- files named on the command line only (`check_inputs`): regular `.xlsx` or `.csv` files, read
  bounded (safe_io.read_given);
- a workbook is bounded and defused before openpyxl opens it (`_xml_parts`: entries, unpacked
  sizes and ratio from the zip's directory; every XML part parsed by expat, a DTD refused), and
  anything openpyxl cannot read is the problem `bad-workbook` with its cause, never an exception;
- only the visible sheet named exactly `Số liệu` is read (`no-data-sheet` otherwise);
- every cell keeps the rules of a data file's cells (safe_io.check_cell: the length bound, line
  breaks other than LF, control characters): what check refuses, import refuses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xhht.base.errors import UsageError
from xhht.base.numbers import plain
from xhht.base.safetext import quoted
from xhht.load.safe_io import check_cell, decode_as, read_given, read_reason
from xhht.load.textfiles import CsvRow, csv_fault, csv_reader
from xhht.problems import Loc, Problem

SHEET = "Số liệu"
_MAX_KEY_ROW = 30


@dataclass
class Table:
    name: str  # the file as named on the command line
    sheet: str | None  # None for a CSV
    key_line: int
    keys: list[str]
    rows: list[CsvRow]  # cells as text, already converted from Excel values
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (line, index) formatted as %
    problems: list[Problem] = field(default_factory=list)
    detected: dict = field(default_factory=dict)  # encoding and separator of a CSV

    def where(self, line: int, column: int) -> str:
        """`FILE.xlsx:Số liệu!E12` or `FILE.csv:12:5`."""
        if not line:
            return self.name
        if self.sheet is None:
            return f"{self.name}:{line}" + (f":{column}" if column else "")
        from openpyxl.utils import get_column_letter, quote_sheetname

        sheet = self.sheet if self.sheet == SHEET else quote_sheetname(self.sheet)
        return f"{self.name}:{sheet}!" + (f"{get_column_letter(column)}{line}" if column else f"{line}:{line}")


def read_table(path: Path, name: str) -> Table:
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, name)
    return _read_csv(path, name)


def _xlsx_text(value: object, percent_format: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return "\x00date:" + value.isoformat()
    else:
        return unicodedata.normalize("NFC", str(value)).strip()
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return str(value)  # 1e+308: reported as a number xhht does not read, never computed with
    if percent_format:
        number *= 100  # 71,4% typed into a cell Excel formats as a percent is stored as 0.714
    return plain(number)


MAX_XLSX_BYTES = 64 * 1024 * 1024  # unpacked: a form of every commune of a province is far below
MAX_ZIP_ENTRIES = 1_000  # parts of the workbook: a form has 11
MAX_RATIO = 200  # unpacked / packed size of a part over MAX_DENSE bytes: a form's sheets pack about 10 to 1
MAX_DENSE = 1024 * 1024
MAX_XLSX_ROWS = 100_000  # rows read from the sheet; a form has one row per figure
MAX_XLSX_COLUMNS = 40  # the form has 12 columns
MAX_BLANK_ROWS = 1_000  # blank rows in a row after which the sheet is taken to have ended


@dataclass(frozen=True)
class _Cell:
    row: int
    value: object
    number_format: str


class _Refused(Exception):
    """A workbook that is not read: the parameters of its `bad-workbook` problem."""

    def __init__(self, **params: object):
        super().__init__(params)
        self.params = params


def _xml_parts(path: Path) -> None:
    """_Refused unless the workbook is a zip within the bounds (entries, unpacked sizes, ratio),
    checked on its directory before anything is unpacked, and every XML part of it (`*.xml`,
    `*.rels`) parses with expat without a DTD. A workbook Excel or LibreOffice saves never has a
    `<!DOCTYPE`; refusing it before openpyxl opens the file leaves no room for an external entity
    (a local file read into a cell) or an entity bomb, whichever XML parser openpyxl then uses."""
    import zipfile
    from xml.parsers import expat

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _Refused(entries=len(infos), limit=MAX_ZIP_ENTRIES)
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_XLSX_BYTES:
                raise _Refused(size=unpacked, limit=MAX_XLSX_BYTES)
            for info in infos:
                if info.file_size > MAX_DENSE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise _Refused(part=info.filename, ratio=info.file_size // max(info.compress_size, 1),
                                   limit=MAX_RATIO)
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                parser = expat.ParserCreate()

                def doctype(*_: object, part: str = info.filename) -> None:
                    raise _Refused(part=part, dtd=True)

                parser.StartDoctypeDeclHandler = doctype
                try:
                    parser.Parse(z.read(info), True)  # read() stops at the size the directory says
                except expat.ExpatError as exc:
                    raise _Refused(part=info.filename, line=exc.lineno, column=exc.offset + 1) from None
    except _Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged zip fails in zipfile or zlib in many ways
        raise _Refused(zip=True, detail=_cause(exc)) from None


def _cause(exc: BaseException) -> str:
    """What a library said went wrong, on one line: `ValueError: could not convert string to float: '0x10'`."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _read_xlsx(path: Path, name: str) -> Table:
    """The sheet `Số liệu` of a workbook, every failure of the file or of openpyxl a problem at
    the file (never an exception): the zip and its XML parts are checked first (`_xml_parts`),
    then openpyxl reads it read-only, values only; only a visible sheet named exactly `Số liệu`
    is read (never another sheet in its place, nor a hidden one)."""
    import warnings

    table = Table(name, SHEET, 0, [], [])
    try:
        size = path.stat().st_size
        if size > MAX_XLSX_BYTES:
            table.problems.append(Loc(name).problem("too-large", size=size, limit=MAX_XLSX_BYTES))
            return table
        _xml_parts(path)
    except _Refused as refused:
        table.problems.append(Loc(name).problem("bad-workbook", **refused.params))
        return table
    except OSError as exc:
        table.problems.append(Loc(name).problem("read-error", **read_reason(exc)))
        return table
    wb = None
    try:  # openpyxl on an untrusted file: any exception is the file's fault, said with its cause
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            wb = load_workbook(path, data_only=True, read_only=True)
            sheets = [(unicodedata.normalize("NFC", str(ws.title)), ws.sheet_state) for ws in wb.worksheets]
            chosen = [i for i, (title, _) in enumerate(sheets) if title == SHEET]
            if not chosen or sheets[chosen[0]][1] != "visible":
                names = tuple(quoted(title) for title, _ in sheets)
                table.problems.append(Loc(name).problem("no-data-sheet", sheets=names or "–",
                                                        hidden=True if chosen else None))
                return table
            rows, blank = [], 0
            for line, r in enumerate(wb.worksheets[chosen[0]].iter_rows(min_row=1, max_col=MAX_XLSX_COLUMNS),
                                     start=1):
                if line > MAX_XLSX_ROWS or blank > MAX_BLANK_ROWS:
                    break  # nothing a form holds lies this far down: a stray cell at XFD1048576 is not read to
                cells = [_Cell(line, getattr(c, "value", None), str(getattr(c, "number_format", "") or ""))
                         for c in r]
                blank = blank + 1 if all(c.value is None for c in cells) else 0
                rows.append(cells)
    except Exception as exc:  # noqa: BLE001 - see above
        table.problems.append(Loc(name).problem("bad-workbook", detail=_cause(exc)))
        return table
    finally:
        if wb is not None:
            try:
                wb.close()
            except Exception:  # noqa: BLE001 - closing a damaged archive
                pass
    for r in rows:
        for i, c in enumerate(r):
            if isinstance(c.value, str):
                table.problems += check_cell(c.value, Loc(name, c.row, i + 1))
    key_index = next((i for i, r in enumerate(rows[:_MAX_KEY_ROW])
                      if {"indicator", "area"} <= {str(c.value).strip() for c in r if c.value is not None}), None)
    if key_index is None:
        table.problems.append(Loc(name).problem("no-keys-row", sheet=SHEET))
        return table
    table.key_line = key_index + 1
    table.keys = [str(c.value).strip() if c.value is not None else "" for c in rows[key_index]]
    for r in rows[key_index + 1:]:
        line = r[0].row if r else 0
        cells = []
        for i, c in enumerate(r):
            fmt = c.number_format or ""
            percent = fmt.rstrip().endswith("%") and isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
            if percent:
                table.percent_cells.add((line, i))
            cells.append(_xlsx_text(c.value, percent))
        table.rows.append(CsvRow(line, cells))
    return table


def _read_csv(path: Path, name: str) -> Table:
    table = Table(name, None, 0, [], [])
    raw, problems = read_given(path, name)
    if raw is None:
        table.problems += problems
        return table
    text, problems, encoding = decode_as(raw, name, legacy=True)
    if text is None:
        table.problems += problems
        return table
    last_error = None
    for sep, sep_name in ((";", "';'"), ("\t", "tab"), (",", "','")):
        rows, error = _csv_rows(text, sep, name)
        key_index = next((i for i, r in enumerate(rows[:_MAX_KEY_ROW])
                          if {"indicator", "area"} <= {c.strip() for c in r.cells}), None)
        if key_index is None:
            last_error = last_error or error
            continue
        if error:
            table.problems.append(error)
        table.detected = {"encoding": encoding, "separator": sep_name}
        table.key_line = rows[key_index].line
        table.keys = [c.strip() for c in _trim(rows[key_index].cells)]
        for r in rows[key_index + 1:]:
            for i, c in enumerate(r.cells):
                table.problems += check_cell(c, Loc(name, r.line, i + 1))
            cells = _trim([c.strip() for c in r.cells])
            cells += [""] * (len(table.keys) - len(cells))  # Excel drops trailing empty fields
            table.rows.append(CsvRow(r.line, cells))
        return table
    table.problems.append(last_error or Loc(name).problem("no-keys-row"))
    return table


def _trim(cells: list[str]) -> list[str]:
    out = list(cells)
    while out and not out[-1].strip():
        out.pop()
    return out


def _csv_rows(text: str, sep: str, name: str) -> tuple[list[CsvRow], Problem | None]:
    reader = csv_reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows, start = [], 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if cells and any(c.strip() for c in cells):
                rows.append(CsvRow(line, cells))
    except csv.Error as exc:
        return rows, Loc(name, reader.line_num, 0).problem("csv-syntax", **csv_fault(exc))
    return rows, None


def check_inputs(paths: list[Path]) -> None:
    """Files named on the command line: regular files, .xlsx or .csv. Else UsageError."""
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            raise UsageError(f"{p}: không có tệp này", f"{p}: no such file") from None
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(f"{p}: không phải tệp thông thường (hãy ghi tên chính các biểu)",
                             f"{p}: not a regular file (name the forms themselves)")
        if p.suffix.lower() not in (".xlsx", ".csv"):
            excel = p.suffix.lower() in (".xls", ".ods", ".xlsm")
            raise UsageError(f"{p}: không phải tệp .xlsx hay .csv" + (" (mở tệp bằng Excel rồi lưu dạng .xlsx)"
                                                                      if excel else ""),
                             f"{p}: not an .xlsx or .csv file" + (" (open it in Excel and save it as .xlsx)"
                                                                  if excel else ""))
