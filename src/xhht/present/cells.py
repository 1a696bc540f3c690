"""Writing one cell of an .xlsx (the Excel forms, the review's and the scorecard's workbooks):
the one place that decides how a value becomes a cell, whatever writes the workbook."""

from __future__ import annotations

from decimal import Decimal

from xhht.base.safetext import formula_like


def put(ws, row: int, column: int, value: object):  # noqa: ANN001, ANN201 - openpyxl's worksheet and cell
    """Write one cell: a number as a number (a Decimal exactly, as an int when whole), text ALWAYS
    as text (a string cell, never a formula, whatever it begins with), so a plan's or an area's name
    such as `=cmd|' /C calc'!A0` or `=HYPERLINK("http://…"&D3,"…")` reaches the workbook as the words
    it is, not as a live formula or DDE call. Text a spreadsheet would take for a formula if it were
    typed again (safetext.formula_like) also gets the quote prefix, so editing the cell keeps it text."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True
    return cell
