"""`xhht form`: the Excel data-collection workbook (docs/collecting.md). Needs openpyxl (`xhht[excel]`).

Sheet `Số liệu`: row 1 the Vietnamese titles, row 2 the column keys exactly as in data CSV
files, then one row per figure (judge/needs.py). `indicator`, `area`, `period` and the help columns
are filled in and locked; `value` (and `numerator`/`denominator` for a percent), `source` and
`note` are unlocked and carry Excel data validation. Sheet `Hướng dẫn` explains it in Vietnamese.
The bytes are deterministic: fixed document dates and zip entry times.
"""

from __future__ import annotations

import io

from xhht.model.areas import Areas
from xhht.judge.needs import FormRow
from xhht.model.records import Indicator, Plan
from xhht.model.standards import Standard
from xhht.base.safetext import shorten
from xhht.base.kinds import LEVEL_WORDS
from xhht.base.units import unit_of
from xhht.base.zipfiles import fixed_zip, print_one_page_wide
from xhht.present.cells import put
from xhht.present.fmt import standard_document

SHEET = "Số liệu"
GUIDE = "Hướng dẫn"
LISTS = "Danh sách"
HELP_KEYS = ("name", "area_name", "unit", "target")
KEYS = ("indicator", "area", "period", "value", "numerator", "denominator", "source", "note") + HELP_KEYS
TITLES = {
    "indicator": "Mã chỉ tiêu", "area": "Mã đơn vị", "period": "Năm", "value": "Kết quả",
    "numerator": "Tử số", "denominator": "Mẫu số", "source": "Nguồn số liệu", "note": "Ghi chú",
    "name": "Tên chỉ tiêu", "area_name": "Tên đơn vị", "unit": "Đơn vị tính", "target": "Chỉ tiêu / mục đích",
}
FIRST_ROW = 3  # the first figure row
INPUT_COLOUR = "FFF2CC"  # the cells to type into (yellow)
COUNTS_COLOUR = "F8CBAD"  # a numerator and denominator the province needs to roll a percent up (orange)
_GUIDE_WIDTH = 60  # characters: one A4 page wide (LibreOffice fits about 70 to a line)
_WIDTH_CAPS = {"name": 60, "area_name": 32, "target": 48, "source": 36, "note": 30}


def unit_text(ind: Indicator) -> str:
    return unit_of(ind.unit).form_text(ind.levels)


def _heading(source: Plan | Standard, areas: Areas, year: int, n_rows: int, only: str | None) -> list[str]:
    """The guide's first lines: what the form collects for (a plan, or a standard's self-assessment),
    and who reports."""
    if isinstance(source, Standard):
        level = LEVEL_WORDS[source.level][0]
        who = f"{areas.name(only, year)} ({only})" if only else f"từng {level} (mỗi {level} điền các dòng của mình)"
        return [
            f"BIỂU TỰ ĐÁNH GIÁ NĂM {year}",
            f"{source.title} theo {standard_document(source)} của {source.issuer}",
            f"Đơn vị báo cáo: {who}. Biểu có {n_rows} dòng số liệu: mỗi chỉ tiêu một dòng, theo thứ tự các "
            "tiêu chí; cột \"Chỉ tiêu / mục đích\" ghi mức cần đạt của từng mức độ.",
            "Các chỉ tiêu do Hội đồng đánh giá: chọn Đạt hoặc Không đạt trong danh sách thả xuống.",
        ]
    who = f"{areas.name(only, year)} ({only})" if only else f"{areas.name(source.area, year)} và các đơn vị trên địa bàn"
    return [
        f"BIỂU THU THẬP SỐ LIỆU NĂM {year}",
        f"Kế hoạch: {source.title} (số {source.number}, {source.issuer})",
        f"Đơn vị báo cáo: {who}. Biểu có {n_rows} dòng số liệu.",
    ]


def guide_lines(source: Plan | Standard, areas: Areas, year: int, rows: list[FormRow], only: str | None) -> list[str]:
    return [
        *_heading(source, areas, year, len(rows), only),
        "",
        "CÁCH ĐIỀN",
        f"1. Mở trang \"{SHEET}\". Mỗi dòng là một số liệu: một chỉ tiêu, của một đơn vị, trong năm {year}. "
        "Tên chỉ tiêu, tên đơn vị, đơn vị tính và chỉ tiêu kế hoạch ở các cột bên phải.",
        "2. Chỉ nhập vào các ô màu vàng và màu cam: Kết quả, Tử số, Mẫu số, Nguồn số liệu, Ghi chú. "
        "Các ô khác đã khóa; không sửa dòng 2 (mã cột) và các cột Mã chỉ tiêu, Mã đơn vị, Năm.",
        "3. Tỷ lệ phần trăm: nhập số từ 0 đến 100 (ví dụ 71,4 nghĩa là 71,4%), không nhập 0,714.",
        "4. Ô Tử số và Mẫu số màu cam là bắt buộc: nhập Tử số (số người/đơn vị đạt) và Mẫu số (tổng số) "
        "của tỷ lệ, vì đơn vị tổng hợp cần hai số này để tính tỷ lệ chung; chỉ có tỷ lệ thì không tổng hợp "
        "được. Có thể chỉ nhập Tử số và Mẫu số, để trống Kết quả. Ở ô màu vàng, nhập Tử số và Mẫu số khi biết.",
        "5. Số lượng: nhập số nguyên, không âm (ví dụ 396953 hoặc 396.953).",
        "6. Mức độ, xếp loại, đạt chuẩn: chọn trong danh sách thả xuống của ô.",
        "7. Nguồn số liệu: ghi văn bản, báo cáo có số liệu (số, ngày, cơ quan ban hành).",
        "8. Chưa có số liệu: để trống cả dòng. Dòng trống không được nhập vào hệ thống.",
        "9. Lưu tệp dạng Excel (.xlsx), giữ nguyên tên trang và gửi lại cho đơn vị tổng hợp.",
        "",
        "ĐƠN VỊ TỔNG HỢP",
        "Nhập các biểu đã điền bằng lệnh: xhht import <các tệp .xlsx>. Mọi ô sai được chỉ ra theo "
        f"dạng TỆP.xlsx:{SHEET}!D12 kèm gợi ý sửa; khi còn ô sai thì không số liệu nào được ghi.",
        ("Biểu được bảo vệ (không mật khẩu) để tránh sửa nhầm; khi cần, bỏ bảo vệ bằng Xem lại > Bỏ bảo vệ "
         "trang tính (Review > Unprotect Sheet)."),
    ]


def _list_values(ind: Indicator) -> list[str] | None:
    """The choices of a label unit's cell (a yes-no in words: Đạt, Chưa đạt); None for a number."""
    return unit_of(ind.unit).form_choices(ind.levels)


def _row_styles(unit, counts: bool) -> dict[str, str]:
    """The named style of each cell of a figure row: codes and help locked (codes and text kept as
    text: leading zeros, never a date), the input cells yellow (a label as text, a count whole),
    a percent's numerator and denominator orange when the roll-up needs them (`counts`)."""
    styles = {key: "xhht locked" for key in KEYS}
    styles.update({"indicator": "xhht locked text", "area": "xhht locked text", "name": "xhht locked wrap",
                   "target": "xhht locked wrap", "source": "xhht input text", "note": "xhht input text"})
    styles["value"] = "xhht input whole" if unit.whole else "xhht input" if unit.numeric else "xhht input text"
    if unit.fraction:
        styles["numerator"] = styles["denominator"] = "xhht counts" if counts else "xhht input"
    return styles


def build_workbook(source: Plan | Standard, areas: Areas, rows: list[FormRow], year: int, only: str | None) -> bytes:
    """The .xlsx file's bytes: the form of a plan's figures, or of a standard's self-assessment."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.creator = "xhht"
    wb.properties.title = f"{source.number} — {year}"
    wb.properties.created = dt.datetime(2000, 1, 1)
    ws = wb.active
    ws.title = SHEET
    col = {key: i + 1 for i, key in enumerate(KEYS)}
    letter = {key: get_column_letter(i) for key, i in col.items()}

    # named styles: registered once per workbook, then given to a cell by name (setting a cell's
    # font, fill and border one by one costs a style lookup each: the bulk of a form's time)
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(wrap_text=True, vertical="top")
    fills = {"locked": "EDEDED", "input": INPUT_COLOUR, "counts": COUNTS_COLOUR}
    for name, fill, fmt, alignment in (("locked", "locked", "General", None), ("locked text", "locked", "@", None),
                                       ("locked wrap", "locked", "General", top),
                                       ("input", "input", "General", None), ("input text", "input", "@", None),
                                       ("input whole", "input", "0", None), ("counts", "counts", "General", None)):
        style = NamedStyle(name=f"xhht {name}", fill=PatternFill("solid", fgColor=fills[fill]), border=border,
                           number_format=fmt, protection=Protection(locked=fill == "locked"))
        if alignment is not None:
            style.alignment = alignment
        wb.add_named_style(style)
    wb.add_named_style(NamedStyle(name="xhht title", font=Font(bold=True, color="FFFFFF"), border=border,
                                  fill=PatternFill("solid", fgColor="1F4E78"),
                                  alignment=Alignment(wrap_text=True, vertical="center")))
    wb.add_named_style(NamedStyle(name="xhht key", font=Font(italic=True, color="595959", size=9), border=border,
                                  fill=PatternFill("solid", fgColor=fills["locked"])))

    for key in KEYS:
        put(ws, 1, col[key], TITLES[key], "xhht title")
        put(ws, 2, col[key], key, "xhht key")

    # drop-down lists live on a hidden, protected sheet: labels may contain commas or quotes
    lists_ws = wb.create_sheet(LISTS)
    list_ref: dict[tuple[str, ...], str] = {}
    validations: dict[object, DataValidation] = {}

    def validation(kind: object) -> DataValidation:
        if kind in validations:
            return validations[kind]
        if kind == "percent":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                allow_blank=True, errorTitle="Tỷ lệ %",
                                error="Nhập tỷ lệ phần trăm từ 0 đến 100 (ví dụ 71,4).",
                                promptTitle="Tỷ lệ %", prompt="Số từ 0 đến 100")
        elif kind == "decimal":
            dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                                allow_blank=True, errorTitle="Số",
                                error="Nhập một số (ví dụ 45,2).", promptTitle="Số", prompt="Một số, ví dụ 45,2")
        elif kind == "whole":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                allow_blank=True, errorTitle="Số nguyên",
                                error="Nhập một số nguyên không âm (ví dụ 396953).",
                                promptTitle="Số nguyên", prompt="Số nguyên, không âm")
        else:
            values = kind
            if values not in list_ref:
                c = len(list_ref) + 1
                for r, v in enumerate(values, start=1):
                    put(lists_ws, r, c, v).number_format = "@"
                list_ref[values] = (f"{quote_sheetname(LISTS)}!${get_column_letter(c)}$1:"
                                    f"${get_column_letter(c)}${len(values)}")
            dv = DataValidation(type="list", formula1=list_ref[values], allow_blank=True,
                                errorTitle="Chọn trong danh sách",
                                error=shorten("Chọn một giá trị trong danh sách: " + ", ".join(values), 254),
                                promptTitle="Chọn trong danh sách", prompt=shorten(", ".join(values), 254))
        dv.showErrorMessage = True
        dv.showInputMessage = True
        validations[kind] = dv
        return dv

    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        ind = row.indicator
        unit = unit_of(ind.unit)
        fixed = {"indicator": ind.id, "area": row.area, "period": row.year, "name": ind.name,
                 "area_name": row.area_name,
                 "unit": " / ".join(row.choices) if row.choices else unit_text(ind), "target": row.target}
        styles = _row_styles(unit, row.counts)
        for key in KEYS:
            put(ws, r, col[key], fixed.get(key), styles[key])
        values = row.choices or _list_values(ind)
        if unit.form_check is not None:
            validation(unit.form_check).add(f"{letter['value']}{r}")
            if unit.fraction:
                validation("whole").add(f"{letter['numerator']}{r}:{letter['denominator']}{r}")
        elif values:
            validation(tuple(values)).add(f"{letter['value']}{r}")
    for dv in validations.values():
        ws.add_data_validation(dv)

    for key in KEYS:
        texts = [TITLES[key], key] + [str(ws.cell(row=r, column=col[key]).value or "")
                                      for r in range(FIRST_ROW, FIRST_ROW + len(rows))]
        width = max(len(t) for t in texts) + 2
        ws.column_dimensions[letter[key]].width = max(10, min(width, _WIDTH_CAPS.get(key, 40)))
    ws.row_dimensions[1].height = 32
    wrapped = [(key, ws.column_dimensions[letter[key]].width - 2) for key in ("name", "target")]
    for r in range(FIRST_ROW, FIRST_ROW + len(rows)):  # not every reader grows a row to its wrapped text
        lines = max(-(-len(str(ws.cell(row=r, column=col[key]).value or "")) // int(width)) for key, width in wrapped)
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines
    ws.freeze_panes = f"{letter['value']}{FIRST_ROW}"  # titles, keys and the ids stay in view
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # officers may still widen columns and rows
    ws.protection.formatRows = False

    lists_ws.sheet_state = "hidden"
    lists_ws.protection.sheet = True

    guide = wb.create_sheet(GUIDE, 1)
    guide.column_dimensions["A"].width = _GUIDE_WIDTH
    for r, line in enumerate(guide_lines(source, areas, year, rows, only), start=1):
        c = put(guide, r, 1, line)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1 or line.isupper():
            c.font = Font(bold=True, size=13 if r == 1 else 11)
        # a wrapped line's height is not recomputed by every reader (LibreOffice prints it on one line)
        guide.row_dimensions[r].height = 15 * max(1, -(-len(line) // _GUIDE_WIDTH))
    guide.protection.sheet = True
    print_one_page_wide(ws)  # landscape for the figures
    print_one_page_wide(guide, landscape=False)
    wb.active = 0

    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())
