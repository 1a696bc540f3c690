"""The scorecard as a workbook (CONTRACT 12: "the same as a sheet with the verdicts coloured").

Sheet `Xếp hạng`: a title, then one row per unit (rank, code, name, a cell per column, the counts);
a cell holds the unit's figure itself (a number stays a number) and shows its verdict's mark through
its number format ("▲ "0,##), on the verdict's colour. Sheet `Chỉ tiêu`: what each column asks of a
unit and on what basis. Text from the repository is written as text, never as a formula. openpyxl is
imported here, inside the function; the bytes are deterministic (base/zipfiles.py).
"""

from __future__ import annotations

from decimal import Decimal

from xhht.base.kinds import Status
from xhht.base.units import unit_of
from xhht.base.zipfiles import fixed_zip, print_one_page_wide
from xhht.present import fmt
from xhht.present.cells import put

FILLS = {Status.EXCEEDED: "C6EFCE", Status.MET: "DDEBF7", Status.MISSED: "FFC7CE", Status.NO_DATA: "EDEDED"}


def _number_format(cell, unit: str) -> str:  # noqa: ANN001 - a judge.scorecard.Cell
    """The cell's format: its verdict's mark before the figure ("▲ "#,##0.##"%" for a percent), and
    the year of a figure standing by holds_for after it, "(*)" after a level a standard derived."""
    mark = f'"{fmt.STATUS_SYMBOLS[cell.status]} "'
    year = f'" ({cell.standing_from})"' if cell.standing_from is not None else ""
    if cell.derived_by is not None:
        year += f'"{fmt.DERIVED_MARK}"'
    actual = cell.actual
    if not isinstance(actual, Decimal):
        return f"{mark}@{year}"
    suffix = '"%"' if unit_of(unit).fraction else ""
    digits = "#,##0.##" if actual != actual.to_integral_value() else "#,##0"
    return f"{mark}{digits}{suffix}{year}"


def scorecard_xlsx(card, view: dict) -> bytes:  # noqa: ANN001 - a judge.scorecard.Scorecard
    import io

    from openpyxl import Workbook

    sw = view["sw"]
    wb = Workbook()
    ws = wb.active
    ws.title = sw["sheet_ranking"]
    scorecard_sheets(ws, wb.create_sheet(sw["sheet_columns"]), card, view)
    wb.properties.creator = "xhht"
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def scorecard_sheets(ws, cols, card, view: dict) -> None:  # noqa: ANN001 - two worksheets, a Scorecard
    """The ranking on `ws` and what each column asks on `cols` (the workbook of `xhht scorecard`, and
    the phụ lục of the review's workbook)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from xhht.base.units import MEASURE_UNITS

    sw = view["sw"]
    side = Side(style="thin", color="888888")
    border = Border(left=side, right=side, top=side, bottom=side)
    bold = Font(bold=True)
    put(ws, 1, 1, view["title"]).font = Font(bold=True, size=13)
    put(ws, 2, 1, f"{view['document']}: {view['plan']['title']}")
    put(ws, 3, 1, view["units_line"])
    header = [sw["rank"], sw["code"], sw["unit"], *[str(c["n"]) for c in view["columns"]],
              sw["achieved"], sw["missed"], sw["no_data"], sw["ratio"]]
    top = 5
    for j, text in enumerate(header, 1):
        c = put(ws, top, j, text)
        c.font, c.border = bold, border
        c.fill = PatternFill("solid", fgColor="D9D9D9")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    units = [MEASURE_UNITS["share"] if col.share else col.ask.indicator.unit for col in card.columns]
    first = 4  # the first column of cells
    for i, (row, shown) in enumerate(zip(card.rows, view["rows"]), top + 1):
        for j, value in enumerate((row.rank, row.area, shown["name"]), 1):
            put(ws, i, j, value).border = border
        for j, (cell, unit) in enumerate(zip(row.cells, units), first):
            actual = cell.actual  # a number stays a number; a level, rating or yes-no is its words ("đạt chuẩn")
            if actual is None:  # no figure: its mark, as the other formats show it (an empty cell shows nothing)
                c = put(ws, i, j, fmt.STATUS_SYMBOLS[cell.status])
                c.number_format = "@"
            else:
                c = put(ws, i, j, actual if isinstance(actual, Decimal) else fmt.value(actual, unit, view["lang"]))
                c.number_format = _number_format(cell, unit)
            c.fill = PatternFill("solid", fgColor=FILLS[cell.status])
            c.border = border
        j = first + len(units)
        for k, value in enumerate((row.achieved, row.missed, row.no_data), j):
            put(ws, i, k, value).border = border
        ratio = put(ws, i, j + 3, float(row.ratio) if row.ratio is not None else "—")
        ratio.number_format, ratio.border = "0.0%", border
    last = top + len(card.rows) + 2
    put(ws, last, 1, sw["legend"] + ": " + " · ".join(f"{x['symbol']} {x['text']}" for x in view["legend"]))
    notes = (view["standing_note"], view["derived_note"], view["rank_rule"], view["no_columns"])
    for k, note in enumerate(n for n in notes if n):
        put(ws, last + 1 + k, 1, note)
    widths = [6, 10, 28] + [14] * len(units) + [8, 10, 14, 10]
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=top + 1, column=first)
    for r in range(1, top - 1):  # the title lines wrap within the table's width, never cut off in print
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 17 * -(-len(str(ws.cell(row=r, column=1).value)) // int(sum(widths) * 1.1))
    print_one_page_wide(ws)

    for j, text in enumerate(("#", fmt.WORDS[view["lang"]]["indicator"], sw["asked"], sw["basis"]), 1):
        c = put(cols, 1, j, text)
        c.font, c.border = bold, border
    for i, col in enumerate(view["columns"], 2):
        for j, value in enumerate((col["n"], col["label"], col["asked"], col["basis_text"]), 1):
            c = put(cols, i, j, value)
            c.border, c.alignment = border, Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate((5, 60, 24, 48), 1):
        cols.column_dimensions[get_column_letter(j)].width = width
    print_one_page_wide(cols)
