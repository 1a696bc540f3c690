"""`-f xlsx`: the review as a workbook (CONTRACT section 11) for an officer who works on in Excel:
sheet `Kết quả` (one row per result: group, TT, indicator, unit, year, target, actual, gap, ratio,
the status in words, the reason), sheet `Phân bố` (the distributions of levels and ratings) and
sheet `Số liệu theo dõi` (the figures without a target). Numbers are numbers, shown with the
display formats of the workbook (Excel writes them with the separators of the reader's locale:
1.833 and 71,4 on a Vietnamese Windows); text from the repository is text, never a formula. The
same review gives the same bytes.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from xhht.base.zipfiles import FIXED, fixed_zip
from xhht.present import fmt
from xhht.present.cells import put

if TYPE_CHECKING:
    from xhht.judge.results import Review
    from xhht.judge.scorecard import Scorecard

SHEETS = {"vi": ("Kết quả", "Phân bố", "Số liệu theo dõi"), "en": ("Results", "Distributions", "Figures followed")}
HEADERS = {
    "vi": {
        "results": ("Nhóm", "TT", "Nội dung", "Đơn vị tính", "Năm", "Kế hoạch", "Thực hiện", "Năm số liệu",
                    "Chênh lệch", "Tỷ lệ so với kế hoạch", "Đánh giá", "Lý do"),
        "distributions": ("Nội dung", "Cấp", "Năm", "Mức", "Số đơn vị"),
        "context": ("Nội dung", "Đơn vị tính", "Năm", "Số liệu", "Ghi chú", "Nguồn"),
    },
    "en": {
        "results": ("Group", "No.", "Indicator", "Unit", "Year", "Target", "Result", "Year of the figure",
                    "Gap", "Share of the target", "Status", "Reason"),
        "distributions": ("Indicator", "Level", "Year", "Class", "Units"),
        "context": ("Indicator", "Unit", "Year", "Figure", "Note", "Source"),
    },
}
WIDTHS = {"results": (28, 6, 60, 12, 8, 14, 14, 12, 12, 14, 16, 70), "distributions": (60, 12, 8, 20, 12),
          "context": (60, 12, 8, 14, 30, 50)}
UNIT_NAMES = {"vi": {"percent": "%", "count": "số lượng", "level": "mức độ", "rating": "xếp loại",
                     "yes-no": "đạt / chưa đạt"},
              "en": {"percent": "%", "count": "count", "level": "level", "rating": "rating", "yes-no": "yes / no"}}
FORMATS = {"percent": "0.##", "count": "#,##0.##", "ratio": "0.0%"}


ANNEX_SHEETS = {"vi": ("Phụ lục - Xếp hạng", "Phụ lục - Chỉ tiêu"), "en": ("Annex - Ranking", "Annex - Targets")}


def write_xlsx(review: Review, view: dict, lang: str = "vi",
               annex: tuple[Scorecard, dict] | None = None) -> bytes:
    """The workbook's bytes; `view` is render.build_view of the review (its words, computed once);
    `annex`: the scorecard of the review's phụ lục (judge.scorecard.annex_card) and its
    present.scorecard.scorecard_view, on two more sheets as `xhht scorecard -f xlsx` writes them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "xhht"
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheets = []
    for i, (title, key) in enumerate(zip(SHEETS[lang], ("results", "distributions", "context"))):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        for col, (name, width) in enumerate(zip(HEADERS[lang][key], WIDTHS[key]), 1):
            c = put(ws, 1, col, name)
            c.font, c.fill, c.alignment = bold, head_fill, wrap
            ws.column_dimensions[c.column_letter].width = width
        ws.freeze_panes = "A2"
        sheets.append(ws)

    groups = {g.code: g.title for g in review.plan.groups}
    units = UNIT_NAMES[lang]
    for n, (r, v) in enumerate(zip(review.results, view["results"]), 1):
        unit = str(r.measure_unit)
        num = FORMATS.get(unit, FORMATS["count"])
        ratio = float(r.ratio) if fmt.ratio_pct(r) else None
        _row(sheets[0], n + 1, (
            f"{r.indicator.group}. {groups.get(r.indicator.group, '')}", n, v["label"], units.get(unit, unit),
            r.year, _number(r.target, unit), _number(r.actual, unit), r.as_of, _number(r.gap, unit), ratio,
            fmt.capital(v["status_text"]), v["reason"]),
            (None, "0", None, None, "0", num, num, "0", num, FORMATS["ratio"], None, None), wrap)
    row = 2
    for d in view["distributions"]:
        for y in d["years"]:
            for label, count in zip([*d["labels"], fmt.WORDS[lang]["no_data_units"]], [*y["counts"], y["no_data"]]):
                _row(sheets[1], row, (d["name"], d["level"], y["year"], label, count),
                     (None, None, "0", None, "0"), wrap)
                row += 1
    for n, (c, cv) in enumerate(zip(review.context, view["context"]), 2):
        unit = str(c.indicator.unit)
        _row(sheets[2], n, (c.indicator.name, units.get(unit, unit), c.year, _number(c.actual, unit),
                            "; ".join(cv["notes"]), cv["source"]),
             (None, None, "0", FORMATS.get(unit, FORMATS["count"]), None, None), wrap)
    if annex is not None:
        from xhht.present.scorecard_xlsx import scorecard_sheets

        ranking, columns = (wb.create_sheet(name) for name in ANNEX_SHEETS[lang])
        scorecard_sheets(ranking, columns, *annex)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def _number(v: Decimal | str | None, unit: str):
    """A number as a number (cells.put writes a Decimal exactly); a level, rating or yes-no as its words."""
    if v is None or isinstance(v, Decimal):
        return v
    return fmt.value(v, unit)


def _row(ws, row: int, values: tuple, formats: tuple, wrap) -> None:
    """One row through cells.put (text is always text: a name that starts with = is no formula);
    a number gets the display format given for its column."""
    for col, (value, number_format) in enumerate(zip(values, formats), 1):
        c = put(ws, row, col, value)
        if isinstance(value, str):
            c.alignment = wrap
        elif value is not None and number_format:
            c.number_format = number_format
