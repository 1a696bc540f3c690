"""`xhht missing -f xlsx`: the figures still missing as one sheet (judge/needs.py computes them).
Needs openpyxl. Deterministic bytes, like the form (excel/form.py)."""

from __future__ import annotations

import io

from xhht.base.zipfiles import fixed_zip, print_one_page_wide
from xhht.present.cells import put
from xhht.judge.needs import Missing

SHEET = "Còn thiếu"
TITLES = ("Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Cần")
NEEDS = {"value": "số liệu", "counts": "tử số và mẫu số"}


def missing_workbook(plan_id: str, year: int, items: list[Missing]) -> bytes:
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.creator = "xhht"
    wb.properties.title = f"{plan_id} — {year}"
    wb.properties.created = dt.datetime(2000, 1, 1)
    ws = wb.active
    ws.title = SHEET
    ws.append(list(TITLES))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, m in enumerate(items, start=2):
        for c, value in enumerate((m.area, m.name, m.indicator.id, m.indicator.name, NEEDS[m.need]), start=1):
            cell = put(ws, r, c, value)  # text from the repository's files is text, never a formula
            if c <= 3:
                cell.number_format = "@"  # codes keep their leading zeros
    for letter, width in zip("ABCDE", (12, 32, 24, 60, 16)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_one_page_wide(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())
