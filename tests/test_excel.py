"""`xhht form` and `xhht import` (docs/collecting.md), end to end with the installed `xhht`.

The repositories are copies of examples/tinh-mau (SYNTHETIC: a made-up province and figures)
and small synthetic ones from conftest; forms are filled with openpyxl as an officer would in
Excel. When LibreOffice is installed, it opens and recomputes the forms (an independent reader)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import PLAN, ROOT, run, write_repo
from xhht.excel.importer import normalise_number
from xhht.repo import load_repo

EXAMPLE = ROOT / "examples" / "tinh-mau"
KEYS = ["indicator", "area", "period", "value", "numerator", "denominator", "source", "note"]


@pytest.fixture
def tm(tmp_path) -> Path:
    """A copy of the synthetic province examples/tinh-mau."""
    dest = tmp_path / "tm"
    shutil.copytree(EXAMPLE, dest)
    return dest


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != ".xhht"}


def make_form(repo: Path, out: Path, *args: str) -> Path:
    r = run("form", *args, "-o", str(out), cwd=repo)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def form_rows(path: Path) -> list[tuple[int, str, str, int]]:
    ws = load_workbook(path)["Số liệu"]
    return [(c[0].row, c[0].value, c[1].value, c[2].value) for c in ws.iter_rows(min_row=3)]


def fill(path: Path, values: dict[tuple[str, str], dict[str, object]], out: Path | None = None) -> Path:
    """Type figures into a form: {(indicator, area): {key: cell value}}."""
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    col = {c.value: c.column for c in ws[2]}
    for row in ws.iter_rows(min_row=3):
        want = values.get((row[0].value, row[1].value))
        for key, v in (want or {}).items():
            ws.cell(row=row[0].row, column=col[key]).value = v
    wb.save(out or path)
    return out or path


def excel_value(v: Decimal | str | None) -> object:
    """A figure as Excel stores what an officer types: a number, or text."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def original_values(repo: Path, year: int) -> dict[tuple[str, str], dict[str, object]]:
    out = {}
    for (ind, area, y), fig in load_repo(repo).figures.items():
        if y == year:
            cells = {"source": fig.source}
            if fig.value is not None:
                cells["value"] = excel_value(fig.value)
            if fig.numerator is not None:
                cells["numerator"], cells["denominator"] = int(fig.numerator), int(fig.denominator)
            if fig.note:
                cells["note"] = fig.note
            out[(ind, area)] = cells
    return out


def drop_figures(repo: Path, keys: set[tuple[str, str, str]]) -> None:
    """Remove these figures from the repository's data CSV files."""
    for path in (repo / "data").rglob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        head = rows[0]
        idx = [head.index(k) for k in ("indicator", "area", "period")]
        kept = [r for r in rows[1:] if tuple(r[i] for i in idx) not in keys]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([head, *kept])
        path.write_text(buf.getvalue(), encoding="utf-8")


def report_json(repo: Path, *args: str) -> dict:
    r = run("report", *args, "-f", "json", cwd=repo)
    assert r.returncode == 0, r.stdout + r.stderr
    return json.loads(r.stdout)


def import_problems(repo: Path, paths: list[Path]) -> list:
    from xhht.excel.importer import run_import

    return run_import(paths, load_repo(repo), None, False).problems


# ------------------------------------------------------------------ the form


def test_form_layout(tm, tmp_path):
    path = make_form(tm, tmp_path / "f.xlsx", "tinh-mau-kh10", "--year", "2018")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Số liệu", "Hướng dẫn"]
    ws = wb["Số liệu"]
    assert [c.value for c in ws[1]][:4] == ["Mã chỉ tiêu", "Mã đơn vị", "Năm", "Kết quả"]
    assert [c.value for c in ws[2]] == KEYS + ["name", "area_name", "unit", "target"]
    rows = form_rows(path)
    units = ["99", "991", "99101", "99102", "99103", "992", "99201", "99202", "99203",
             "993", "99301", "99302", "99303"]
    communes = [u for u in units if len(u) == 5]
    want = ([("biet-chu-15-60", u) for u in units]  # a target on 99 that rolls up, and 8 communes
            + [("pho-cap-thcs", u) for u in communes]  # share of communes only
            + [("hoc-vien-tthtcd", u) for u in units]  # a count rolls up
            + [("cong-dong-hoc-tap", u) for u in communes]
            + [("xhht-muc-do", u) for u in ("991", "992", "993")])  # count of districts
    assert [(i, a) for _, i, a, _ in rows] == want
    assert {y for *_, y in rows} == {2018}
    assert ws.freeze_panes == "D3" and ws.protection.sheet
    by = {(i, a): r for r, i, a, _ in rows}
    col = {c.value: c.column for c in ws[2]}

    def cell(ind, area, key):
        return ws.cell(row=by[(ind, area)], column=col[key])

    for key in ("indicator", "area", "period", "name", "area_name", "unit", "target"):
        assert cell("biet-chu-15-60", "99", key).protection.locked
    for key in ("value", "numerator", "denominator", "source", "note"):
        assert not cell("biet-chu-15-60", "99", key).protection.locked
    assert cell("hoc-vien-tthtcd", "99", "numerator").protection.locked  # only percents have a fraction
    assert cell("biet-chu-15-60", "99", "target").value == "chỉ tiêu: ≥ 98,5%"
    assert cell("biet-chu-15-60", "99101", "target").value == "mỗi xã: ≥ 97% (chỉ tiêu: 8 xã đạt)"
    assert cell("biet-chu-15-60", "99101", "area_name").value == "Xã An Phú"

    validations = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row, column in rng.cells:
                validations[(row, column)] = dv

    def dv_of(ind, area, key):
        c = cell(ind, area, key)
        return validations[(c.row, c.column)]

    pct = dv_of("biet-chu-15-60", "99", "value")
    assert (pct.type, pct.operator, pct.formula1, pct.formula2) == ("decimal", "between", "0", "100")
    for ind, key in (("hoc-vien-tthtcd", "value"), ("biet-chu-15-60", "numerator"), ("biet-chu-15-60", "denominator")):
        whole = dv_of(ind, "99", key)
        assert (whole.type, whole.operator, whole.formula1) == ("whole", "greaterThanOrEqual", "0")
    lists = wb["Danh sách"]
    assert lists.sheet_state == "hidden"

    def listed(ind, area):
        dv = dv_of(ind, area, "value")
        assert dv.type == "list"
        ref = dv.formula1.split("!")[1].replace("$", "")
        return [c.value for (c,) in lists[ref]]

    assert listed("pho-cap-thcs", "99101") == ["Đạt", "Chưa đạt"]  # in words, read back as yes, no
    assert listed("cong-dong-hoc-tap", "99101") == ["Không xếp loại", "Trung bình", "Khá", "Tốt"]
    assert listed("xhht-muc-do", "991") == ["1", "2", "3"]
    # widths fit the Vietnamese names (capped and wrapped for the long indicator names)
    assert ws.column_dimensions["J"].width >= len("Thị trấn Bình") + 2
    assert ws.column_dimensions["A"].width >= len("hoc-vien-tthtcd")
    guide = "\n".join(str(c.value or "") for (c,) in wb["Hướng dẫn"].iter_rows(max_col=1))
    assert "CÁCH ĐIỀN" in guide and "Tử số" in guide and "xhht import" in guide


def test_form_per_unit_and_deterministic_bytes(tm, tmp_path):
    one = make_form(tm, tmp_path / "a.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", "99101")
    assert [(i, a) for _, i, a, _ in form_rows(one)] == [
        ("biet-chu-15-60", "99101"), ("pho-cap-thcs", "99101"), ("hoc-vien-tthtcd", "99101"),
        ("cong-dong-hoc-tap", "99101")]
    two = make_form(tm, tmp_path / "b.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", "99101")
    assert one.read_bytes() == two.read_bytes()
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert one.stat().st_mode & 0o777 == 0o666 & ~umask  # the user's usual permissions, not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize("args, needle, vi", [
    (["--year", "2019", "-o", "OUT/f.xlsx"], "no target in 2019 (years with targets: 2017, 2018, 2020)",
     "không có chỉ tiêu năm 2019 (các năm có chỉ tiêu: 2017, 2018, 2020)"),
    (["--year", "2018", "--area", "42", "-o", "OUT/f.xlsx"], "the area '42' is not in areas.csv",
     "đơn vị '42' không có trong areas.csv"),
    (["--year", "2018", "-o", "OUT/f.csv"], "must end in .xlsx", "phải có đuôi .xlsx"),
    (["--year", "2018", "-o", "plans/f.xlsx"], "in the repository's plans", "nằm trong plans của kho"),
    (["--year", "2018", "-o", "data/f.xlsx"], "in the repository's data", "nằm trong data của kho"),
    (["--year", "2018", "-o", "templates/f.xlsx"], "in the repository's templates", "nằm trong templates của kho"),
    (["--year", "2018", "-o", "areas.csv"], "must end in .xlsx", "phải có đuôi .xlsx"),
    (["--year", "2018", "-o", "OUT"], "is a folder", "là một thư mục"),
])
def test_form_usage_errors_write_nothing(tm, tmp_path, args, needle, vi):
    (tm / "templates").mkdir()
    before = tree_state(tm)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("OUT", str(out)) for a in args]
    r = run("form", "tinh-mau-kh10", *args, cwd=tm)
    assert r.returncode == 2 and vi in r.stderr, r.stderr
    r = run("form", "tinh-mau-kh10", *args, "--lang", "en", cwd=tm)
    assert r.returncode == 2 and needle in r.stderr, r.stderr
    assert tree_state(tm) == before and list(out.iterdir()) == []


def test_a_form_is_written_into_a_fifo_never_replacing_it(tm, tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run("form", "tinh-mau-kh10", "--year", "2018", "-o", str(fifo), cwd=tm)
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert got and got[0][:2] == b"PK" and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_form_never_overwrites_a_repository_input_even_by_another_path(tm, tmp_path):
    before = tree_state(tm)
    r = run("form", "tinh-mau-kh10", "--year", "2018", "-o", "data/../plans/x.xlsx", cwd=tm / "data")
    assert r.returncode == 2 and tree_state(tm) == before


def test_without_openpyxl_the_commands_say_what_to_install(tm, tmp_path):
    code = ("import sys; sys.modules['openpyxl'] = None; from xhht.cli import main; "
            "sys.argv = ['xhht'] + sys.argv[1:]; main()")
    for args in (["form", "tinh-mau-kh10", "--year", "2018", "-o", str(tmp_path / "f.xlsx")],
                 ["import", str(tmp_path / "f.xlsx")]):
        (tmp_path / "f.xlsx").write_bytes(b"")
        r = subprocess.run([sys.executable, "-c", code, *args], cwd=tm, capture_output=True, text=True)
        assert r.returncode == 2, r.stderr
        assert "pip install openpyxl" in r.stderr
    # a CSV needs no openpyxl
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("indicator,area,period,value\nbiet-chu-15-60,99,2020,99.5\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", code, "import", "--lang", "en", str(csv_file)], cwd=tm,
                       capture_output=True, text=True)
    assert r.returncode == 0 and "1 added" in r.stdout, r.stdout + r.stderr


# ------------------------------------------------------------------ the round trip


def test_round_trip_forms_per_unit_give_the_same_report(tm, tmp_path):
    """A form per unit -> filled with the example's 2018 figures -> one import -> the same review."""
    before_json = report_json(tm, "tinh-mau-kh10", "-p", "2016-2018")
    before_md = run("report", "tinh-mau-kh10", "-p", "2016-2018", cwd=tm).stdout
    values = original_values(tm, 2018)
    forms = tmp_path / "data-2018"
    forms.mkdir()
    whole = make_form(tm, tmp_path / "all.xlsx", "tinh-mau-kh10", "--year", "2018")
    units = sorted({a for _, _, a, _ in form_rows(whole)})
    for unit in units:
        fill(make_form(tm, forms / f"{unit}.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", unit), values)
    keys = {(i, a, str(y)) for _, i, a, y in form_rows(whole)}
    assert {(i, a) for i, a, _ in keys} & set(values) == set(values)  # the form asks for every figure
    drop_figures(tm, keys)
    assert report_json(tm, "tinh-mau-kh10", "-p", "2016-2018") != before_json

    r = run("import", "--lang", "en", *sorted(str(p) for p in forms.iterdir()), cwd=tm)
    assert r.returncode == 0, r.stdout
    assert f"{len(values)} added, 0 replaced, 0 unchanged" in r.stdout
    assert (tm / "data" / "2018" / "99101.csv").is_file()
    check = run("check", cwd=tm)
    assert check.returncode == 0 and "rollup-disagrees" in check.stdout  # the example's own warning
    assert report_json(tm, "tinh-mau-kh10", "-p", "2016-2018") == before_json
    assert run("report", "tinh-mau-kh10", "-p", "2016-2018", cwd=tm).stdout == before_md


def test_import_is_idempotent_and_all_or_nothing(tm, tmp_path):
    form = fill(make_form(tm, tmp_path / "f.xlsx", "tinh-mau-kh10", "--year", "2020"),
                {("biet-chu-15-60", "99"): {"value": 99.2, "source": "thử"}})
    r = run("import", "--lang", "en", str(form), cwd=tm)
    assert r.returncode == 0 and "1 added" in r.stdout and "wrote data/2020/f.csv" in r.stdout, r.stdout
    assert (tm / "data" / "2020" / "f.csv").read_text(encoding="utf-8") == (
        ",".join(KEYS) + "\nbiet-chu-15-60,99,2020,99.2,,,thử,\n")
    state = tree_state(tm)
    again = run("import", "--lang", "en", str(form), cwd=tm)
    assert again.returncode == 0 and "0 added, 0 replaced, 1 unchanged; " in again.stdout
    assert "no file changed" in again.stdout and tree_state(tm) == state
    # one bad cell in a second file: nothing at all is written, not even the good file's figures
    good = fill(make_form(tm, tmp_path / "g.xlsx", "tinh-mau-kh10", "--year", "2020"),
                {("biet-chu-15-60", "991"): {"value": 98}})
    bad = fill(make_form(tm, tmp_path / "h.xlsx", "tinh-mau-kh10", "--year", "2020"),
               {("biet-chu-15-60", "992"): {"value": 120}})
    r = run("import", "--lang", "en", str(good), str(bad), cwd=tm)
    assert r.returncode == 1
    row = next(r for r, i, a, _ in form_rows(bad) if (i, a) == ("biet-chu-15-60", "992"))
    assert f"{bad}:Số liệu!D{row}: error[percent-out-of-range] the percent 120 is outside 0-100" in r.stdout
    assert "1 error: nothing was written" in r.stdout
    assert tree_state(tm) == state


def test_conflicts_and_replace(tm, tmp_path):
    form = fill(make_form(tm, tmp_path / "tinh.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", "99"),
                {("hoc-vien-tthtcd", "99"): {"value": 10700}, ("biet-chu-15-60", "99"): {"value": 98.6}})
    state = tree_state(tm)
    r = run("import", "--lang", "en", str(form), cwd=tm)
    assert r.returncode == 1
    assert (f"{form}:Số liệu!D4: error[figure-conflict] data/tinh.csv:2 already has hoc-vien-tthtcd, area 99, "
            "2018 = 11000; this form says 10700") in r.stdout
    assert "hint: correct the cell; or, if the form is right, import again with --replace" in r.stdout
    assert tree_state(tm) == state
    assert {p.code for p in import_problems(tm, [form])} == {"figure-conflict"}
    r = run("import", "--lang", "en", "--replace", str(form), cwd=tm)
    assert r.returncode == 0, r.stdout
    assert (f"replaced the figure in data/tinh.csv:2: hoc-vien-tthtcd, area 99, 2018: 11000 becomes 10700 (from {form}:Số liệu!4:4)"
            in r.stdout)
    assert (tm / "data" / "tinh.csv").read_text(encoding="utf-8") == "indicator,area,period,value,source,note\n"
    assert "hoc-vien-tthtcd,99,2018,10700" in (tm / "data" / "2018" / "tinh.csv").read_text(encoding="utf-8")
    check = run("check", cwd=tm)
    assert check.returncode == 0 and "rollup-disagrees" not in check.stdout  # 10700 is what the units add up to
    # the same figure with the same value elsewhere: left where it is, not duplicated
    existing = load_repo(tm).figures[("hoc-vien-tthtcd", "99101", 2018)]
    assert existing.loc.file == "data/xa.csv"
    same = fill(make_form(tm, tmp_path / "x.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", "99101"),
                {("hoc-vien-tthtcd", "99101"): {"value": int(existing.value)}})
    r = run("import", "--lang", "en", str(same), cwd=tm)
    assert r.returncode == 0 and "is already in data/xa.csv:" in r.stdout and "1 unchanged" in r.stdout, r.stdout
    assert not (tm / "data" / "2018" / "x.csv").exists()
    # a second import with another value of a figure the import wrote itself: a conflict, then replaced in place
    again = fill(form, {("biet-chu-15-60", "99"): {"value": 98.7}})
    r = run("import", "--lang", "en", str(again), cwd=tm)
    assert r.returncode == 1 and "data/2018/tinh.csv:2 already has biet-chu-15-60, area 99, 2018 = 98.6" in r.stdout
    assert run("import", "--lang", "en", "--replace", str(again), cwd=tm).returncode == 0
    lines = (tm / "data" / "2018" / "tinh.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("biet-chu-15-60,99,2018,98.7,") and len(lines) == 3


def test_a_file_named_twice_is_read_once(tm, tmp_path):
    a = fill(make_form(tm, tmp_path / "a.xlsx", "tinh-mau-kh10", "--year", "2020", "--area", "99"),
             {("biet-chu-15-60", "99"): {"value": 99}})
    r = run("import", "--lang", "en", str(a), str(tmp_path / ".." / tmp_path.name / "a.xlsx"), cwd=tm)
    assert r.returncode == 0 and "1 added" in r.stdout, r.stdout


def test_duplicates_across_forms_and_an_existing_foreign_file(tm, tmp_path):
    a = fill(make_form(tm, tmp_path / "a.xlsx", "tinh-mau-kh10", "--year", "2020", "--area", "99"),
             {("biet-chu-15-60", "99"): {"value": 99}})
    b = fill(make_form(tm, tmp_path / "b.xlsx", "tinh-mau-kh10", "--year", "2020", "--area", "99"),
             {("biet-chu-15-60", "99"): {"value": 99}})
    r = run("import", "--lang", "en", str(a), str(b), cwd=tm)
    assert r.returncode == 1
    assert (f"{b}:Số liệu!3:3: error[duplicate-figure] a second figure for biet-chu-15-60, area 99, 2020 "
            f"(the first is at {a}:Số liệu!3:3)") in r.stdout
    (tm / "data" / "2020").mkdir()
    (tm / "data" / "2020" / "a.csv").write_text("indicator,area,period,value\n", encoding="utf-8")
    r = run("import", "--lang", "en", str(a), cwd=tm)
    assert r.returncode == 1 and "data/2020/a.csv:1: error[import-target] data/2020/a.csv exists and its header" in r.stdout
    assert {p.code for p in import_problems(tm, [a])} == {"import-target"}
    r = run("import", "--lang", "en", "--into", str(tm / "data" / "elsewhere"), str(a), cwd=tm)
    assert r.returncode == 0 and (tm / "data" / "elsewhere" / "a.csv").is_file(), r.stdout


# ------------------------------------------------------------------ bad cells, every family


BAD_CELLS = [
    # (indicator, area, cells, location column+row offset, code, message part)
    ("biet-chu-15-60", "99", {"value": 120}, "D", "percent-out-of-range", "the percent 120 is outside 0-100"),
    ("hoc-vien-tthtcd", "99", {"value": -5}, "D", "negative-count", "the count -5 is negative"),
    ("hoc-vien-tthtcd", "99", {"value": 12.5}, "D", "fractional-count", "the count 12.5 is not a whole number"),
    ("hoc-vien-tthtcd", "99", {"value": "1,234"}, "D", "ambiguous-number", "'1,234' is ambiguous"),
    ("biet-chu-15-60", "99", {"value": "1.234"}, "D", "ambiguous-number", "'1.234' is ambiguous"),
    ("biet-chu-15-60", "99", {"value": "nhiều"}, "D", "non-canonical-number", "the value 'nhiều' is not"),
    ("cong-dong-hoc-tap", "99101", {"value": "Giỏi"}, "D", "unknown-level", "'Giỏi' is not one of the levels"),
    ("pho-cap-thcs", "99101", {"value": "hoàn thành"}, "D", "unknown-level", "is not one of the levels"),
    ("biet-chu-15-60", "99", {"numerator": 5, "denominator": 4}, "E", "numerator-exceeds-denominator",
     "the numerator 5 is larger than the denominator 4"),
    ("biet-chu-15-60", "99", {"value": 80, "numerator": 3, "denominator": 4}, "D", "value-disagrees",
     "value 80 disagrees with 100 × 3 / 4 = 75"),
    ("biet-chu-15-60", "99", {"value": 75, "numerator": 3}, "F", "incomplete-fraction",
     "numerator and denominator go together"),
    # issue 20: at the empty cell, not at the value's
    ("biet-chu-15-60", "99", {"numerator": 3}, "F", "incomplete-fraction", "the denominator is missing"),
    ("biet-chu-15-60", "99", {"denominator": 3}, "E", "incomplete-fraction", "the numerator is missing"),
    ("biet-chu-15-60", "99", {"numerator": 3, "denominator": 0}, "F", "zero-denominator", "the denominator is 0"),
    ("hoc-vien-tthtcd", "99", {"value": 3, "numerator": 3, "denominator": 4}, "E", "fraction-not-percent",
     "numerator/denominator are for percent indicators"),
    ("biet-chu-15-60", "99", {"value": "__date__"}, "D", "non-canonical-number",
     "the value '2018-03-01' is not written as a plain number"),
    ("biet-chu-15-60", "99", {"numerator": "1,234", "denominator": 2000}, "E", "ambiguous-number",
     "'1,234' is ambiguous for a whole number"),
    ("biet-chu-15-60", "99", {"period": "2018a", "value": 90}, "C", "bad-figure-period", "is not a year"),
    ("biet-chu-15-60", "99", {"area": "98", "value": 90}, "B", "unknown-area", "the area '98' is not in areas.csv"),
    ("biet-chu-15-60", "99", {"indicator": "biet-chu-15-6", "value": 90}, "A", "unknown-indicator",
     "no plan defines the indicator `biet-chu-15-6`"),
    ("biet-chu-15-60", "99", {"value": 90, "area": None}, "B", "missing-value", "the `area` of this figure is empty"),
    ("biet-chu-15-60", "99", {"value": 90, "extra": "ghi chú lạc"}, "M", "unkeyed-cell", "a column that has no key"),
]


@pytest.mark.parametrize("ind, area, cells, column, code, message", BAD_CELLS,
                         ids=[f"{b[4]}-{i}" for i, b in enumerate(BAD_CELLS)])
def test_every_bad_cell_is_named_with_a_hint_and_nothing_is_written(tm, tmp_path, ind, area, cells, column,
                                                                    code, message):
    import datetime as dt

    form = make_form(tm, tmp_path / "f.xlsx", "tinh-mau-kh10", "--year", "2018")
    row = next(r for r, i, a, _ in form_rows(form) if (i, a) == (ind, area))
    wb = load_workbook(form)
    ws = wb["Số liệu"]
    col = {c.value: c.column for c in ws[2]}
    col["extra"] = 13
    for key, v in cells.items():
        ws.cell(row=row, column=col[key]).value = dt.date(2018, 3, 1) if v == "__date__" else v
    wb.save(form)
    state = tree_state(tm)
    r = run("import", "--lang", "en", str(form), cwd=tm)
    assert r.returncode == 1
    line = next(x for x in r.stdout.splitlines() if f"[{code}]" in x)
    assert line.startswith(f"{form}:Số liệu!{column}{row}: error[{code}] "), r.stdout
    assert message in line
    hint = r.stdout.splitlines()[r.stdout.splitlines().index(line) + 1]
    assert hint.startswith("    hint: ")
    assert tree_state(tm) == state


def test_a_sheet_without_keys_and_a_broken_workbook(tm, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Số liệu"
    wb.active.append(["Chỉ tiêu", "Kết quả"])
    wb.save(tmp_path / "plain.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK not really a zip")
    r = run("import", "--lang", "en", str(tmp_path / "plain.xlsx"), str(tmp_path / "broken.xlsx"), cwd=tm)
    assert r.returncode == 1
    assert f"{tmp_path / 'plain.xlsx'}: error[no-keys-row] no row of column keys" in r.stdout
    assert (f"{tmp_path / 'broken.xlsx'}: error[bad-workbook] the file cannot be opened as an .xlsx workbook "
            "(a damaged zip): BadZipFile: File is not a zip file") in r.stdout
    assert {p.code for p in import_problems(tm, [tmp_path / "plain.xlsx"])} == {"no-keys-row"}


# ------------------------------------------------------------------ Vietnamese entries


@pytest.mark.parametrize("text, unit, key, canonical", [
    ("71,4", "percent", "value", "71.4"),
    ("71,4%", "percent", "value", "71.4"),
    ("71.4", "percent", "value", "71.4"),
    ("1,234", "percent", "value", "1.234"),  # a comma is a decimal comma: 1234 is no percent
    ("396.953", "count", "value", "396953"),
    ("1.234.567", "count", "value", "1234567"),
    ("1,234,567", "count", "value", "1234567"),
    ("396 953", "count", "value", "396953"),
    ("4.850", "percent", "numerator", "4850"),  # numerators and denominators are counts
    ("1.234,5", "percent", "value", "1234.5"),  # then percent-out-of-range says what is wrong
    ("12,5", "count", "value", "12.5"),  # then fractional-count
    ("nhiều", "count", "value", "nhiều"),  # left as typed: non-canonical-number says why
])
def test_unambiguous_vietnamese_entries(text, unit, key, canonical):
    assert normalise_number(text, unit, key) == (canonical, None)


@pytest.mark.parametrize("text, unit, key", [("1.234", "percent", "value"), ("1,234", "count", "value"),
                                             ("2,500", "percent", "denominator"), ("71,4%", "count", "value")])
def test_ambiguous_or_impossible_entries(text, unit, key):
    canonical, problem = normalise_number(text, unit, key)
    assert problem is not None or canonical == text  # ambiguous, or left for check to refuse


def test_vietnamese_entries_accepted_in_a_form(tm, tmp_path):
    form = make_form(tm, tmp_path / "vn.xlsx", "tinh-mau-kh10", "--year", "2020")
    fill(form, {("biet-chu-15-60", "99"): {"value": "71,4%"},
                ("biet-chu-15-60", "991"): {"value": "98,25"},
                ("biet-chu-15-60", "992"): {"value": 0.9655},  # typed 96,55% in a percent-formatted cell
                ("biet-chu-15-60", "993"): {"numerator": "4.850", "denominator": "4.900"}})
    wb = load_workbook(form)
    ws = wb["Số liệu"]
    rows = {(i, a): r for r, i, a, _ in form_rows(form)}
    ws.cell(row=rows[("biet-chu-15-60", "992")], column=4).number_format = "0.00%"
    wb.save(form)
    r = run("import", "--lang", "en", str(form), cwd=tm)
    assert r.returncode == 0, r.stdout
    assert (tm / "data" / "2020" / "vn.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "biet-chu-15-60,99,2020,71.4,,,,", "biet-chu-15-60,991,2020,98.25,,,,",
        "biet-chu-15-60,992,2020,96.55,,,,", "biet-chu-15-60,993,2020,,4850,4900,,"]


def test_a_percent_formatted_cell_is_ambiguous_unless_it_holds_a_percents_value(tm, tmp_path):
    form = fill(make_form(tm, tmp_path / "pf.xlsx", "tinh-mau-kh10", "--year", "2018"),
                {("hoc-vien-tthtcd", "99"): {"value": 0.12}, ("biet-chu-15-60", "991"): {"value": 0.9655},
                 ("biet-chu-15-60", "99"): {"numerator": 0.5, "denominator": 4}})
    wb = load_workbook(form)
    ws = wb["Số liệu"]
    rows = {(i, a): r for r, i, a, _ in form_rows(form)}
    for key, column in ((("hoc-vien-tthtcd", "99"), 4), (("biet-chu-15-60", "991"), 4),
                        (("biet-chu-15-60", "99"), 5)):  # D: value, E: numerator
        ws.cell(row=rows[key], column=column).number_format = "0.00%"
    wb.save(form)
    r = run("import", "--lang", "en", str(form), cwd=tm)
    found = [line for line in r.stdout.splitlines() if "ambiguous-number" in line]
    assert r.returncode != 0 and len(found) == 2, r.stdout
    assert any("formatted as a percent (12%) but holds the value of a count indicator" in f for f in found)
    assert any("formatted as a percent (50%) but holds the numerator of a percent indicator" in f for f in found)


def test_labels_in_another_case_and_yes_no_in_vietnamese(tm, tmp_path):
    form = fill(make_form(tm, tmp_path / "l.xlsx", "tinh-mau-kh10", "--year", "2018", "--area", "99102"),
                {("cong-dong-hoc-tap", "99102"): {"value": "khá"}, ("pho-cap-thcs", "99102"): {"value": "Đạt"}})
    drop_figures(tm, {("cong-dong-hoc-tap", "99102", "2018"), ("pho-cap-thcs", "99102", "2018")})
    r = run("import", "--lang", "en", str(form), cwd=tm)
    assert r.returncode == 0, r.stdout
    text = (tm / "data" / "2018" / "l.csv").read_text(encoding="utf-8")
    assert "pho-cap-thcs,99102,2018,yes," in text and "cong-dong-hoc-tap,99102,2018,Khá," in text


# ------------------------------------------------------------------ Excel-style CSV


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a base letter (â, ơ, …) and a combining tone mark."""
    import unicodedata

    out = b""
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        tries = [ch] + [unicodedata.normalize("NFC", base + m) + "".join(marks[:i] + marks[i + 1:])
                        for i, m in enumerate(marks)] + [base + "".join(marks)]
        for t in tries:
            try:
                out += t.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(ch)
    return out


def test_cp1258_semicolon_csv_with_decimal_commas(tm):
    text = ("Mã chỉ tiêu;Mã đơn vị;Năm;Kết quả;Nguồn số liệu\n"
            "indicator;area;period;value;source\n"
            "biet-chu-15-60;99;2020;71,4;Báo cáo của Sở (thử)\n"
            "hoc-vien-tthtcd;99;2020;12.500;Báo cáo của Sở (thử)\n"
            ";;;;\n")
    path = tm.parent / "so-lieu.csv"
    path.write_bytes(to_cp1258(text.replace("\n", "\r\n")))
    r = run("import", "--lang", "en", str(path), cwd=tm)
    assert r.returncode == 0, r.stdout
    assert f"{path}: read as Windows-1258 (cp1258), separator ';'" in r.stdout
    assert (tm / "data" / "2020" / "so-lieu.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "biet-chu-15-60,99,2020,71.4,,,Báo cáo của Sở (thử),", "hoc-vien-tthtcd,99,2020,12500,,,Báo cáo của Sở (thử),"]


def test_utf8_bom_comma_csv_and_csv_problems_by_line_and_field(tm):
    path = tm.parent / "b.csv"
    path.write_bytes("\ufeffindicator,area,period,value\nbiet-chu-15-60,99,2020,\"71,4\"\n"
                     "hoc-vien-tthtcd,99,2020,1,234\n".encode("utf-8"))
    r = run("import", "--lang", "en", str(path), cwd=tm)
    assert f"{path}: read as UTF-8 with BOM, separator ','" in r.stdout
    assert r.returncode == 1
    assert f"{path}:3: error[ragged-row] this row has 5 fields, the header 4" in r.stdout
    path.write_bytes("indicator;area;period;value\nbiet-chu-15-60;99;2020;abc\n".encode("utf-8"))
    r = run("import", "--lang", "en", str(path), cwd=tm)
    assert f"{path}: read as UTF-8, separator ';'" in r.stdout
    assert f"{path}:2:4: error[non-canonical-number] the value 'abc'" in r.stdout
    path.write_bytes(b'indicator;area;period;value\nbiet-chu-15-60;99;2020;"9"0\n')
    assert [(p.code, p.where) for p in import_problems(tm, [path])] == [("csv-syntax", f"{path}:2")]
    path.write_bytes(b"indicator;area;period;value\nbiet-chu-15-60;99;2020;\x81\n")
    r = run("import", "--lang", "en", str(path), cwd=tm)
    assert r.returncode == 1 and f"{path}: error[unknown-encoding] the file is neither UTF-8 nor Windows-1258" in r.stdout
    assert {p.code for p in import_problems(tm, [path])} == {"unknown-encoding"}
    path.write_bytes("indicator;area;period;value;;note\nbiet-chu-15-60;99;2020;90;xem lại;\n".encode("utf-8"))
    assert {(p.code, p.where) for p in import_problems(tm, [path])} == {("unkeyed-cell", f"{path}:2:5")}


@pytest.mark.parametrize("make, needle", [
    (lambda d: d, "not a regular file"),
    (lambda d: d / "missing.xlsx", "no such file"),
    (lambda d: (d / "old.xls").write_bytes(b"x") and d / "old.xls" or d / "old.xls", "save it as .xlsx"),
    (lambda d: (d / "n.txt").write_bytes(b"x") and d / "n.txt" or d / "n.txt", "not an .xlsx or .csv file"),
])
def test_import_reads_only_regular_form_files(tm, tmp_path, make, needle):
    r = run("import", "--lang", "en", str(make(tmp_path)), cwd=tm)
    assert r.returncode == 2 and needle in r.stderr, r.stderr


def test_import_into_plans_is_refused(tm, tmp_path):
    path = tm.parent / "c.csv"
    path.write_text("indicator,area,period,value\nbiet-chu-15-60,99,2020,90\n", encoding="utf-8")
    r = run("import", "--lang", "en", "--into", "plans", str(path), cwd=tm)
    assert r.returncode == 2 and "in the repository's plans" in r.stderr


def test_a_small_synthetic_repository_without_subunits(tmp_path):
    repo = write_repo(tmp_path / "r")
    form = make_form(repo, tmp_path / "f.xlsx", "demo", "--year", "2022")
    assert [(i, a) for _, i, a, _ in form_rows(form)] == [
        ("ti-le", "90"), ("ti-le", "901"), ("ti-le", "902"), ("so-luong", "90"), ("so-luong", "901"),
        ("so-luong", "902"), ("xep-loai", "90")]  # a rating never rolls up: the area alone


# ------------------------------------------------------------------ LibreOffice


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def soffice(tmp_path: Path, src: Path, to: str, outdir: Path) -> Path:
    outdir.mkdir(exist_ok=True)
    r = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                        "--convert-to", to, "--outdir", str(outdir), str(src)],
                       capture_output=True, text=True, timeout=180)
    out = outdir / (src.stem + "." + to.split(":")[0])
    assert r.returncode == 0 and out.is_file(), r.stdout + r.stderr
    return out


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_and_recomputes_the_form(tm, tmp_path):
    """An independent spreadsheet program reads the form, recomputes it and saves it again (as
    .xlsx, and as CSV with ';' in UTF-8): both import to the same figures as the original."""
    form = make_form(tm, tmp_path / "lo.xlsx", "tinh-mau-kh10", "--year", "2020")
    fill(form, {("biet-chu-15-60", "99"): {"value": 99.25, "source": "thử nghiệm"},
                ("biet-chu-15-60", "991"): {"numerator": 4850, "denominator": 4900}})
    as_csv = soffice(tmp_path, form, 'csv:Text - txt - csv (StarCalc):59,34,76,1', tmp_path / "csv")
    lines = list(csv.reader(io.StringIO(as_csv.read_text(encoding="utf-8")), delimiter=";"))
    assert lines[0][:4] == ["Mã chỉ tiêu", "Mã đơn vị", "Năm", "Kết quả"]
    assert lines[1][:9] == KEYS + ["name"]
    assert lines[2][:8] == ["biet-chu-15-60", "99", "2020", "99.25", "", "", "thử nghiệm", ""]
    resaved = soffice(tmp_path, form, "xlsx", tmp_path / "xlsx")
    expected = ["biet-chu-15-60,99,2020,99.25,,,thử nghiệm,", "biet-chu-15-60,991,2020,,4850,4900,,"]
    for path in (as_csv, resaved):
        r = run("import", "--lang", "en", "--into", str(tm / "out" / path.suffix[1:]), str(path), cwd=tm)
        assert r.returncode == 0, r.stdout
        written = tm / "out" / path.suffix[1:] / "lo.csv"
        assert written.read_text(encoding="utf-8").splitlines()[1:] == expected
    # LibreOffice keeps the sheet protection and the data validation of the form
    wb = load_workbook(resaved)
    ws = wb["Số liệu"]
    assert ws.protection.sheet and wb["Danh sách"].sheet_state == "hidden"
    kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert {("decimal", "0"), ("whole", "0")} <= kinds
    assert ws["A3"].protection.locked and not ws["D3"].protection.locked


def test_a_stray_far_cell_or_a_zip_bomb_is_not_read_to_the_end(tmp_path):
    """A malicious workbook: a cell at XFD1048576 (the sheet's last) and a zip that unpacks to more
    than xhht reads. Both end quickly with the figures read, or a too-large problem."""
    import time
    import zipfile

    from openpyxl import Workbook

    from xhht.excel.reading import _read_xlsx

    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["indicator", "area", "period", "value"])
    ws.append(["ti-le", "90", 2022, 85])
    ws["XFD1048576"] = 1
    far = tmp_path / "far.xlsx"
    wb.save(far)
    began = time.process_time()
    table = _read_xlsx(far, "far.xlsx")
    assert time.process_time() - began < 5 and table.problems == [] and len(table.rows) < 2000
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (65 * 1024 * 1024))
    table = _read_xlsx(bomb, "bomb.xlsx")
    assert [(p.code, p.params["size"]) for p in table.problems] == [("bad-workbook", 65 * 1024 * 1024)]


def test_huge_numbers_in_cells_are_cell_errors_not_crashes():
    from xhht.excel.reading import _xlsx_text

    assert _xlsx_text(1e308, False) == "1e+308" and _xlsx_text(1.2e37, True) == "12" + "0" * 38
    assert _xlsx_text(0.714, True) == "71.4"


def test_every_workbook_prints_one_page_wide_and_the_scorecards_title_is_not_cut(tmp_path):
    """Form, missing, scorecard and evaluate, on the SYNTHETIC example of Cộng đồng học tập: each sheet
    prints on A4 with all its columns on one page wide (a column printed on a page of its own, as the
    scorecard's were, cannot be read); the scorecard's title lines wrap within the table's width."""
    example = ROOT / "examples" / "cdht-tinh-mau"
    commands = {"form": ["form", "hoc-tap-kh12", "--year", "2024"],
                "missing": ["missing", "hoc-tap-kh12", "--year", "2024", "-f", "xlsx"],
                "scorecard": ["scorecard", "hoc-tap-kh12", "--year", "2024", "-f", "xlsx"],
                "evaluate": ["evaluate", "tt25-2023-xa", "--year", "2024", "-f", "xlsx"]}
    for name, args in commands.items():
        out = tmp_path / f"{name}.xlsx"
        r = run(*args, "-o", str(out), cwd=example)
        assert r.returncode == 0, (name, r.stderr)
        for ws in [w for w in load_workbook(out).worksheets if w.sheet_state == "visible"]:  # not the lists
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), (name, ws.title)
    ranking = load_workbook(tmp_path / "scorecard.xlsx").worksheets[0]
    assert {str(m) for m in ranking.merged_cells.ranges} >= {"A1:H1", "A2:H2", "A3:H3"}  # rank, code, name, 1 column, 4 counts
    (ha,) = [row for row in ranking.iter_rows() if row[1].value == "98203"]  # Xã Hà: no figure in 2024
    assert (ha[3].value, ha[3].number_format) == ("○", "@")  # its mark, as md and html show it, not an empty cell
    assert ranking["A2"].alignment.wrap_text


def test_the_drop_down_texts_of_a_form_keep_within_excel_s_255_characters(tmp_path):
    """SYNTHETIC plan with twelve long levels. Excel refuses (and 'repairs', dropping the list) a data
    validation whose prompt or error text is over 255 characters: both are cut, with `…`."""
    levels = [f"Mức xếp loại số {i} theo tiêu chí dài của kế hoạch thử" for i in range(12)]
    plan = PLAN.replace("levels: [Không xếp loại, Trung bình, Khá, Tốt]", f"levels: [{', '.join(levels)}]").replace(
        "targets: {2022: Khá}", f"targets: {{2022: {levels[5]}}}")
    repo = write_repo(tmp_path / "repo", plans={"demo.yaml": plan})
    ws = load_workbook(make_form(repo, tmp_path / "f.xlsx", "demo", "--year", "2022"))["Số liệu"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(len(dv.error) <= 255 and len(dv.prompt) <= 255 for dv in lists)
    assert any(dv.error.endswith("…") for dv in lists)
