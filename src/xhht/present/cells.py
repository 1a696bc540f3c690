"""The one way xhht writes a cell of a workbook (`xhht form`, `missing`, `scorecard` and `evaluate`
-f xlsx): docs/security.md, "Writing a form".

A number is a number; text is always a string cell, never a formula, whatever it begins with: a
plan's name `=cmd|' /C calc'!A0`, an area's `=HYPERLINK("http://…"&D3,"Bấm vào đây")` or a standard's
level `=Đạt` is shown as the words it is (openpyxl makes any text starting with `=` a formula). Text a
spreadsheet would take for a formula if it were typed again (`safetext.formula_like`) also gets the
quote prefix, set after the cell's style (a named style would clear it), so editing the cell keeps it
text. Control characters and bidi overrides are dropped (`safetext.for_terminal`): the loaders report
them, and openpyxl would refuse the workbook. openpyxl itself is not imported here: `ws` is its sheet.
"""

from __future__ import annotations

from decimal import Decimal

from xhht.base.safetext import for_terminal, formula_like


def put(ws, row: int, column: int, value: object, style: str | None = None):  # noqa: ANN001, ANN201 - openpyxl's
    """Write one cell (`style`: the name of a named style of the workbook) and return it."""
    cell = ws.cell(row=row, column=column)
    if style is not None:
        cell.style = style
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        value = for_terminal(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True
    return cell
