"""Fills the 2026 self-assessment forms of examples/cdht-tinh-mau with MADE-UP figures, as each commune
would by hand (SYNTHETIC: no figure here is real). Used by the worked example of docs/standards.md:

    xhht form tt25-2023-xa --year 2026 --each xa -o bieu-2026
    python dien-bieu-mau.py bieu-2026          # fills bieu-2026/<code>.xlsx in place; Xã Hà's stays blank
    xhht import bieu-2026/*.xlsx

Needs openpyxl (`pip install 'xhht[excel]'`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook

COUNCIL = "Đạt"  # criteria 1-3 and PCGD mầm non: the council's judgement, as the drop-down offers it
# commune -> its figures that differ from COUNCIL; a percent as (numerator, denominator) of công dân
FIGURES = {
    "98101": {"cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 3", "cdht-xa-tc4-ct4": "Mức độ 2",
              "cdht-xa-tc5-ct1": (5120, 6250), "cdht-xa-tc5-ct2": (3810, 6250), "cdht-xa-tc5-ct2-dh": (960, 6250)},
    "98102": {"cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 2", "cdht-xa-tc4-ct4": "Mức độ 2",
              "cdht-xa-tc5-ct1": (2950, 4710), "cdht-xa-tc5-ct2": (2040, 4710), "cdht-xa-tc5-ct2-dh": (512, 4710)},
    "98103": {"cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 2", "cdht-xa-tc4-ct4": "Mức độ 2",
              "cdht-xa-tc5-ct1": (3300, 5200), "cdht-xa-tc5-ct2": (2700, 5200), "cdht-xa-tc5-ct2-dh": (650, 5200)},
    "98201": {"cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 3", "cdht-xa-tc4-ct4": "Mức độ 2",
              "cdht-xa-tc5-ct1": (6600, 8000), "cdht-xa-tc5-ct2": (5000, 8000), "cdht-xa-tc5-ct2-dh": (1250, 8000)},
    "98202": {"cdht-xa-tc3-ct2": "Không đạt", "cdht-xa-tc4-ct2": "Mức độ 2", "cdht-xa-tc4-ct3": "Mức độ 2",
              "cdht-xa-tc4-ct4": "Mức độ 1", "cdht-xa-tc5-ct1": (3100, 4900), "cdht-xa-tc5-ct2": (2500, 4900),
              "cdht-xa-tc5-ct2-dh": (600, 4900)},
}
SOURCE = "Báo cáo tự đánh giá năm 2026 (ví dụ)"


def fill(path: Path, figures: dict) -> None:
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    keys = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(3, ws.max_row + 1):
        figure = figures.get(ws.cell(row=r, column=keys["indicator"]).value, COUNCIL)
        if isinstance(figure, tuple):
            ws.cell(row=r, column=keys["numerator"]).value, ws.cell(row=r, column=keys["denominator"]).value = figure
        else:
            ws.cell(row=r, column=keys["value"]).value = figure
        ws.cell(row=r, column=keys["source"]).value = SOURCE
    wb.save(path)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for code, figures in FIGURES.items():
        fill(folder / f"{code}.xlsx", figures)
        print(f"đã điền {folder / code}.xlsx")
