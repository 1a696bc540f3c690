"""A province's year of collecting (issue 20, docs/collecting.md): forms only for the units valid in
their year, one form per unit in one run, the roll-up's numerators and denominators, the next step.

The province is SYNTHETIC (tests/test_reform.py's: made-up units shaped like a real merger — a
province that keeps its code while taking in another, a commune code kept by a new commune, a
split commune, a commune straddling two old districts) with a made-up plan."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, run, write_repo
from test_reform import AREAS, CHANGES

PLAN = """\
id: tinh-dong
title: Kế hoạch thử (synthetic)
document: {number: 5/KH-UBND, issuer: UBND tỉnh Đông (thử), date: 2023-05-01}
area: "90"
period: 2023-2030
groups:
  - code: a
    title: Nhóm a
    indicators:
      - id: biet-chu
        name: Tỷ lệ biết chữ
        unit: percent
        targets: {2024: 95, 2026: 96}
      - id: so-luong
        name: Số người học
        unit: count
        targets: {2024: 100, 2026: 100}
      - id: dat-chuan
        name: Đạt chuẩn
        unit: yes-no
        subunits:
          - level: huyen
            meeting: "yes"
            count: {2030: 2}
          - level: xa
            meeting: "yes"
            share: {2026: 100}
"""
OLD_UNITS = {"90", "901", "902", "90101", "90102", "90103", "90201", "90202"}
NEW_COMMUNES = ["90101", "90105", "90201", "90210"]  # took the territory of the old Tỉnh Đông (not 91101)


@pytest.fixture
def province(tmp_path) -> Path:
    root = write_repo(tmp_path / "tinh", plans={"tinh.yaml": PLAN}, areas=AREAS,
                      data={"d.csv": "indicator,area,period,value\n"})
    (root / "area-changes.csv").write_text(CHANGES, encoding="utf-8")
    return root


def sheet_rows(path: Path) -> list[dict]:
    ws = load_workbook(path)["Số liệu"]
    keys = [c.value for c in ws[2]]
    return [dict(zip(keys, (c.value for c in row))) for row in ws.iter_rows(min_row=3)]


def test_a_form_asks_only_for_the_units_valid_in_its_year(province, tmp_path):
    """2026: the new communes that took the old province's territory; no district, no ended
    commune, no commune of the province it took in; the code 90101 names Xã Bắc Mới."""
    r = run("form", "tinh-dong", "--year", "2026", "-o", str(tmp_path / "f.xlsx"), cwd=province)
    assert r.returncode == 0, r.stderr
    rows = sheet_rows(tmp_path / "f.xlsx")
    assert sorted({row["area"] for row in rows}) == NEW_COMMUNES
    names = {row["area"]: row["area_name"] for row in rows}
    assert names["90101"] == "Xã Bắc Mới" and names["90210"] == "Xã Giáp Ranh"
    assert {row["target"] for row in rows if row["indicator"] == "so-luong"} == {
        "để tổng hợp lên địa bàn Tỉnh Đông cũ"}
    # 2024: the old province itself, its districts and communes, named as they were then
    r = run("form", "tinh-dong", "--year", "2024", "-o", str(tmp_path / "g.xlsx"), cwd=province)
    rows = sheet_rows(tmp_path / "g.xlsx")
    assert {row["area"] for row in rows} == OLD_UNITS
    assert {row["area_name"] for row in rows if row["area"] == "90101"} == {"Xã Bắc A"}
    # what the form of 2026 asks, check accepts: a figure for every row, and no area-not-valid
    data = "".join(f"so-luong,{row['area']},2026,10,synthetic\n" for row in sheet_rows(tmp_path / "f.xlsx")
                   if row["indicator"] == "so-luong")
    (province / "data" / "d.csv").write_text("indicator,area,period,value,source\n" + data, encoding="utf-8")
    check = run("check", cwd=province)
    assert (check.returncode, check.stdout.strip()) == (0, "không có lỗi")


def test_form_area_of_an_ended_unit_is_refused_with_its_dates_and_successors(province, tmp_path):
    out = tmp_path / "f.xlsx"
    r = run("form", "tinh-dong", "--year", "2026", "--area", "90102", "-o", str(out), cwd=province)
    assert r.returncode == 2 and not out.exists()
    assert ("mã 90102 không chỉ đơn vị nào có hiệu lực ngày 31/12/2026 (Xã Bắc B: đến 30/6/2025); địa bàn của đơn "
            "vị này nay thuộc 90101 (Xã Bắc Mới)") in r.stderr
    r = run("form", "tinh-dong", "--year", "2026", "--area", "901", "-o", str(out), "--lang", "en", cwd=province)
    assert r.returncode == 2 and "(Huyện Bắc: until 2025-06-30); its territory now belongs to 90101 (Xã Bắc Mới), " \
        "90105 (Xã Bắc Hai), 90210 (Xã Giáp Ranh)" in r.stderr
    r = run("form", "tinh-dong", "--year", "2026", "--area", "90101", "-o", str(out), cwd=province)
    assert r.returncode == 0 and {row["area_name"] for row in sheet_rows(out)} == {"Xã Bắc Mới"}


def test_two_units_of_one_name_are_told_apart_by_their_parent(tmp_path):
    areas = ("code,name,level,parent\n90,Tỉnh Thử,tinh,\n901,Huyện Một,huyen,90\n902,Huyện Hai,huyen,90\n"
             "90101,Xã Tân Thành,xa,901\n90201,Xã Tân Thành,xa,902\n")
    root = write_repo(tmp_path / "r", plans={"p.yaml": PLAN.replace("period: 2023-2030", "period: 2023-2026")
                                             .replace("count: {2030: 2}", "count: {2026: 2}")}, areas=areas)
    r = run("form", "tinh-dong", "--year", "2026", "-o", str(tmp_path / "f.xlsx"), cwd=root)
    assert r.returncode == 0, r.stderr
    names = {row["area"]: row["area_name"] for row in sheet_rows(tmp_path / "f.xlsx")}
    assert names["90101"] == "Xã Tân Thành (Huyện Một)" and names["90201"] == "Xã Tân Thành (Huyện Hai)"
    assert names["901"] == "Huyện Một"
    assert len(set(names.values())) == len(names)


def test_form_each_writes_every_unit_s_form_in_one_run(province, tmp_path):
    out = tmp_path / "forms" / "2026"  # made, with its parent
    r = run("form", "tinh-dong", "--year", "2026", "--each", "xa", "-o", str(out), cwd=province)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{c}.xlsx" for c in NEW_COMMUNES]
    assert "đã ghi 4 biểu vào" in r.stderr and "mỗi đơn vị cấp xã một biểu, cho tinh-dong" in r.stderr  # not "cấp xa"
    assert "Bước tiếp theo: gửi biểu cho các đơn vị; nhận lại các biểu đã điền " \
        "(giữ nguyên tên tệp) rồi chạy: xhht import <các tệp .xlsx đã điền>" in r.stderr
    for code in NEW_COMMUNES:  # each the form that --area gives
        one = tmp_path / f"{code}.xlsx"
        assert run("form", "tinh-dong", "--year", "2026", "--area", code, "-o", str(one), cwd=province).returncode == 0
        assert one.read_bytes() == (out / f"{code}.xlsx").read_bytes()
    # never overwritten silently: refused, nothing written; --replace overwrites
    (out / "90101.xlsx").write_bytes(b"mine")
    r = run("form", "tinh-dong", "--year", "2026", "--each", "xa", "-o", str(out), cwd=province)
    assert r.returncode == 2 and "đã có 4 biểu" in r.stderr and "--replace" in r.stderr
    assert (out / "90101.xlsx").read_bytes() == b"mine"
    r = run("form", "tinh-dong", "--year", "2026", "--each", "xa", "-o", str(out), "--replace", cwd=province)
    assert r.returncode == 0 and (out / "90101.xlsx").read_bytes() == (tmp_path / "90101.xlsx").read_bytes()
    # 2024: the districts of the time
    r = run("form", "tinh-dong", "--year", "2024", "--each", "huyen", "-o", str(tmp_path / "h"), cwd=province)
    assert r.returncode == 0 and sorted(p.name for p in (tmp_path / "h").iterdir()) == ["901.xlsx", "902.xlsx"]
    en = run("form", "tinh-dong", "--year", "2024", "--each", "huyen", "-o", str(tmp_path / "h"), "--replace",
             "--lang", "en", cwd=province).stderr
    assert "one per district unit, for tinh-dong" in en


@pytest.mark.parametrize("args, vi", [
    (["--year", "2026", "--each", "huyen", "-o", "OUT"], "không cần số liệu nào của đơn vị cấp huyện năm 2026"),
    (["--year", "2026", "--each", "xã", "-o", "OUT"], "cấp 'xã' không tồn tại; các cấp là quocgia, tinh, huyen, xa "
                                                     "(phường, thị trấn là xa)"),
    (["--year", "2026", "--each", "xa", "-o", "data/forms"], "nằm trong data của kho"),
    (["--year", "2026", "--each", "xa", "-o", "areas.csv"], "không phải một thư mục"),
    (["--year", "2026", "--each", "xa", "--area", "90101", "-o", "OUT"], "--each và --area không dùng cùng nhau"),
    (["--year", "2030", "-o", "OUT.xlsx"], "có chỉ tiêu năm 2030 nhưng không đơn vị nào có hiệu lực năm đó"),
])
def test_form_each_usage_errors_write_nothing(province, tmp_path, args, vi):
    out = tmp_path / "out"
    r = run("form", "tinh-dong", *[a.replace("OUT", str(out)) for a in args], cwd=province)
    assert r.returncode == 2 and vi in r.stderr, r.stderr
    assert not out.exists() and not (tmp_path / "out.xlsx").exists() and not (province / "data" / "forms").exists()


def test_the_form_marks_the_numerator_and_denominator_the_roll_up_needs(province, tmp_path):
    from xhht.excel.form import COUNTS_COLOUR, INPUT_COLOUR

    path = tmp_path / "f.xlsx"
    assert run("form", "tinh-dong", "--year", "2024", "-o", str(path), cwd=province).returncode == 0
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    col = {c.value: c.column for c in ws[2]}
    for row in ws.iter_rows(min_row=3):
        ind, area = row[0].value, row[1].value
        fills = {k: ws.cell(row=row[0].row, column=col[k]).fill.fgColor.rgb[-6:] for k in ("numerator", "denominator")}
        if ind == "biet-chu" and area != "90":  # feeds the province's roll-up: needed
            assert fills == {"numerator": COUNTS_COLOUR, "denominator": COUNTS_COLOUR}, (ind, area)
        elif ind == "biet-chu":  # the province's own figure: typed when known
            assert fills == {"numerator": INPUT_COLOUR, "denominator": INPUT_COLOUR}
        else:  # no numerator for a count or a yes-no: locked
            assert ws.cell(row=row[0].row, column=col["numerator"]).protection.locked
    guide = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    assert "Ô Tử số và Mẫu số màu cam là bắt buộc" in guide


def test_each_for_the_real_units_of_hau_giang(tmp_path):
    """The example across the reform (real units): 28 forms for 2026, none for an ended unit."""
    example = tmp_path / "hg"
    shutil.copytree(ROOT / "examples" / "reform-haugiang", example)
    r = run("form", "haugiang-2023-vi-du", "--year", "2026", "--each", "xa", "-o", str(tmp_path / "f"), cwd=example)
    assert r.returncode == 0, r.stderr
    codes = sorted(p.stem for p in (tmp_path / "f").iterdir())
    new = [line.split(",")[0] for line in (example / "areas.csv").read_text(encoding="utf-8").splitlines()
           if line.endswith(",2025-07-01,") and ",xa," in line]
    assert codes == sorted(new) and len(codes) == 28
    digests = {hashlib.sha256((tmp_path / "f" / f"{c}.xlsx").read_bytes()).hexdigest() for c in codes}
    assert len(digests) == 28


# ------------------------------------------------------------------ rollup-needs-counts


def warnings_of(root: Path, code: str) -> list[tuple[str, int, str]]:
    from xhht.repo import load_repo

    return sorted((p.file, p.line, p.params["area"]) for p in load_repo(root).problems if p.code == code)


@pytest.mark.parametrize("rows, warned", [
    # the communes' rates, no district or province figure: the province's roll-up reads them
    (["biet-chu,90101,2024,97,,", "biet-chu,90102,2024,,9,10", "biet-chu,90103,2024,96,48,50"], ["90101"]),
    # a district with a figure of its own: its communes are not read, the district is
    (["biet-chu,901,2024,97,,", "biet-chu,90101,2024,97,,", "biet-chu,902,2024,,9,10"], ["901"]),
    (["biet-chu,901,2024,97,97,100", "biet-chu,90101,2024,97,,"], []),
    # the province's own figure: nothing is rolled up
    (["biet-chu,90,2024,97,,", "biet-chu,90101,2024,97,,"], []),
    # a count rolls up without them
    (["so-luong,90101,2024,97,,"], []),
    # after the reform: the old province's figure is the roll-up of the new communes that took it
    # over (its code now names the larger province, whose own figure is not the plan's)
    (["biet-chu,90,2026,97,,", "biet-chu,90101,2026,97,,", "biet-chu,90105,2026,,5,10", "biet-chu,91101,2026,90,,"],
     ["90101"]),
])
def test_rollup_needs_counts(province, rows, warned):
    data = "indicator,area,period,value,numerator,denominator\n" + "".join(r + "\n" for r in rows)
    (province / "data" / "d.csv").write_text(data, encoding="utf-8")
    found = warnings_of(province, "rollup-needs-counts")
    assert [a for _, _, a in found] == warned
    lines = {r.split(",")[1]: i for i, r in enumerate(rows, start=2)}
    assert [line for _, line, _ in found] == [lines[a] for a in warned]
    r = run("check", cwd=province)
    assert r.returncode == 0 and r.stdout.count("warning[rollup-needs-counts]") == len(warned)
    if "90101" in warned and "2026" in rows[0]:
        assert ("biet-chu năm 2026 của 90101 (Xã Bắc Mới) chỉ có tỷ lệ, không có tử số và mẫu số: không tổng hợp "
                "được tỷ lệ của 90 (địa bàn Tỉnh Đông cũ) cho kế hoạch tinh-dong") in r.stdout
        # the old province has no unit in 2026: the hint does not propose a figure of its own
        assert "gợi ý: ghi thêm tử số và mẫu số của tỷ lệ này (cột numerator, denominator; trong biểu: ô Tử số, " \
            "Mẫu số)\n" in r.stdout
    elif warned:
        assert "hoặc ghi số liệu riêng của 90" in r.stdout


# ------------------------------------------------------------------ import agrees with check

import os  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

IMPORT_EXAMPLES = int(os.environ.get("XHHT_IMPORT_EXAMPLES", "40"))  # more: XHHT_IMPORT_EXAMPLES=2000
CODES_EVER = sorted({line.split(",")[0] for line in AREAS.splitlines()[1:]})  # ended, new, kept, outside (91…)


@st.composite
def typed_row(draw) -> tuple[str, ...]:
    """A row as a commune types it: mostly right (a rate with or without its counts, a count, a
    yes/no in Vietnamese), for any unit that ever carried a code, in a year before or after the
    reform; now and then a slip."""
    ind = draw(st.sampled_from(["biet-chu", "so-luong", "dat-chuan"]))
    year = draw(st.sampled_from(["2024", "2026", "2025"]))
    if draw(st.integers(0, 7)):  # a unit of the year
        area = draw(st.sampled_from(sorted(OLD_UNITS) if year == "2024" else NEW_COMMUNES + ["90"]))
    else:  # any code (a unit of another year, of the province taken in, none)
        area = draw(st.sampled_from(CODES_EVER + ["99999"]))
    value = num = den = ""
    if ind == "biet-chu":
        den_n = draw(st.integers(1, 500))
        num_n = draw(st.integers(0, den_n))
        kind = draw(st.sampled_from(["rate", "counts", "both", "rate"]))
        if kind in ("rate", "both"):
            rate = Decimal(100) * num_n / den_n
            value = draw(st.sampled_from([str(rate.quantize(Decimal("0.1"))).replace(".", ","),
                                          str(rate.quantize(Decimal("1"))) + "%"]))
            if kind == "both" and value.endswith("%"):
                value = str(rate.quantize(Decimal("1")))
        if kind in ("counts", "both"):
            num, den = str(num_n), str(den_n)
    elif ind == "so-luong":
        value = draw(st.sampled_from([str(draw(st.integers(0, 5000))), "396.953", "1.234.567"]))
    else:
        value = draw(st.sampled_from(["yes", "no", "Có", "đạt", "chưa đạt"]))
    if draw(st.integers(0, 19)) == 0:  # a slip
        value = draw(st.sampled_from(["chín mươi", "1.234", "101", "-3", "", "Khá"]))
    return ind, area, year, value, num, den


@settings(max_examples=IMPORT_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(existing=st.lists(typed_row(), max_size=4),
       forms=st.lists(st.lists(typed_row(), min_size=1, max_size=4), min_size=1, max_size=2),
       replace=st.booleans())
def test_what_import_accepts_check_accepts(tmp_path_factory, existing, forms, replace):
    """Generated forms (Excel-style CSV, as officers type) imported into the synthetic province:
    whenever import accepts and writes, `check` on the result has no error it did not have before
    (a figure of an ended unit, of a unit outside the plan, a duplicate…)."""
    from xhht.base.writing import write_inside
    from xhht.excel.importer import run_import
    from xhht.repo import load_repo

    root = write_repo(tmp_path_factory.mktemp("p") / "tinh", plans={"tinh.yaml": PLAN}, areas=AREAS,
                      data={"d.csv": "indicator,area,period,value,numerator,denominator\n"
                            + "".join(",".join(_canonical(r)) + "\n" for r in existing)})
    (root / "area-changes.csv").write_text(CHANGES, encoding="utf-8")
    paths = []
    for i, rows in enumerate(forms):
        path = root.parent / f"bieu-{i}.csv"
        path.write_text("indicator;area;period;value;numerator;denominator\n"
                        + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    repo = load_repo(root)
    errors_before = {(p.code, p.file, p.message_in("en")) for p in repo.problems if p.severity == "error"}
    result = run_import(paths, repo, None, replace)
    if not result.writes:
        return
    assert not [p for p in result.problems if p.severity == "error"]
    write_inside(root, result.writes)
    after = load_repo(root)
    new = [p for p in after.problems
           if p.severity == "error" and (p.code, p.file, p.message_in("en")) not in errors_before]
    assert new == [], [(p.where, p.code, p.message_in("en")) for p in new]
    # and every warning check gives on an imported figure, import gave too
    warned = {p.code for p in result.problems}
    assert {p.code for p in after.problems if p.severity == "warning" and p.file.startswith("data/20")} <= warned


def _canonical(row: tuple[str, ...]) -> tuple[str, ...]:
    """A typed row as a data file has it (what an earlier import wrote)."""
    from xhht.excel.importer import normalise_number

    ind, area, year, value, num, den = row
    if ind != "dat-chuan" and value:
        value = normalise_number(value, "percent" if ind == "biet-chu" else "count", "value")[0]
    value = {"Có": "yes", "đạt": "yes", "chưa đạt": "no"}.get(value, value)
    return ind, area, year, value, num, den


def test_import_refuses_what_check_would_refuse(province, tmp_path):
    """The issue's case: a form of an ended unit imported for a later year was written, then refused
    by check as area-not-valid. Now import says it, at the area's cell, and writes nothing."""
    (province / "data" / "d.csv").write_text("indicator,area,period,value\n", encoding="utf-8")
    form = tmp_path / "90102.csv"
    form.write_text("indicator;area;period;value;numerator;denominator\nso-luong;90102;2026;12;;\n"
                    "biet-chu;90101;2026;97;;\n", encoding="utf-8")
    r = run("import", str(form), cwd=province)
    assert r.returncode == 1, r.stdout
    assert f"{form}:2:2: error[area-not-valid] mã 90102 không chỉ đơn vị nào có hiệu lực ngày 31/12/2026" in r.stdout
    assert not (province / "data" / "2026").exists()
    # the rate without counts is written (a warning), said at the numerator's cell, and check agrees
    form.write_text("indicator;area;period;value;numerator;denominator\nbiet-chu;90101;2026;97;;\n"
                    "biet-chu;90105;2026;;9;10\n", encoding="utf-8")
    r = run("import", str(form), cwd=province)
    assert r.returncode == 0, r.stdout
    assert f"{form}:2:5: warning[rollup-needs-counts] biet-chu năm 2026 của 90101 (Xã Bắc Mới)" in r.stdout
    assert r.stdout.splitlines()[-1].startswith("Bước tiếp theo: chạy xhht check")
    check = run("check", cwd=province)
    assert check.returncode == 0 and "data/2026/90102.csv:2:1: warning[rollup-needs-counts]" in check.stdout


# ------------------------------------------------------------------ hints and repeated problems


def test_repeated_identical_problems_are_said_once_with_the_others(repo, tmp_path):
    """One missing area in eight rows: one line, with the places of the seven others, in every format
    of check and in import; the summary and the exit code still count all eight."""
    import json

    rows = "".join(f"so-luong,77,{2020 + i},{i},,,synthetic,\n" for i in range(8))
    (repo / "data" / "d.csv").write_text("indicator,area,period,value,numerator,denominator,source,note\n" + rows,
                                         encoding="utf-8")
    r = run("check", cwd=repo)
    lines = [x for x in r.stdout.splitlines() if "[unknown-area]" in x]
    assert r.returncode == 1 and len(lines) == 1
    assert lines[0] == ("data/d.csv:2:2: error[unknown-area] địa bàn '77' không có trong areas.csv (và 7 dòng khác: "
                        "data/d.csv:3:2, data/d.csv:4:2, data/d.csv:5:2, data/d.csv:6:2, data/d.csv:7:2, …)")
    assert r.stdout.strip().endswith("8 lỗi trong 1 tệp")
    [item] = json.loads(run("check", "--format", "json", cwd=repo).stdout)
    assert (item["line"], item["others"], item["also"][-1]) == (2, 7, "data/d.csv:9:2")
    github = run("check", "--format", "github", "--lang", "en", cwd=repo).stdout.strip().splitlines()
    assert len(github) == 1 and "(and 7 more: data/d.csv:3:2" in github[0]
    form = tmp_path / "bieu.csv"
    form.write_text("indicator;area;period;value\n" + "".join(f"so-luong;77;{2020 + i};{i}\n" for i in range(3)),
                    encoding="utf-8")
    r = run("import", str(form), cwd=repo)
    assert r.returncode == 1 and r.stdout.count("[unknown-area]") == 1 and "(và 2 dòng khác:" in r.stdout
    assert "3 lỗi: không ghi gì" in r.stdout


def test_a_number_in_words_in_a_form_gets_the_form_s_conventions(province, tmp_path):
    form = tmp_path / "bieu.csv"
    form.write_text("indicator;area;period;value\nbiet-chu;90101;2026;chín mươi lăm\n", encoding="utf-8")
    r = run("import", str(form), cwd=province)
    assert r.returncode == 1 and "error[non-canonical-number] giá trị 'chín mươi lăm'" in r.stdout
    assert "gợi ý: nhập bằng chữ số như hướng dẫn của biểu: tỷ lệ như 71,4 (dấu phẩy thập phân)" in r.stdout
    # and what it proposes is accepted
    form.write_text("indicator;area;period;value;numerator;denominator\nbiet-chu;90101;2026;71,4;;\n",
                    encoding="utf-8")
    assert run("import", str(form), cwd=province).returncode == 0


# ------------------------------------------------------------------ xhht missing


def test_missing_lists_unit_by_unit_what_is_still_to_chase(province, tmp_path):
    import json

    data = ("indicator,area,period,value,numerator,denominator\n"
            "biet-chu,90101,2026,97,,\nbiet-chu,90105,2026,,9,10\nbiet-chu,90201,2026,,8,10\n"
            "so-luong,90101,2026,5,,\nso-luong,90105,2026,5,,\nso-luong,90201,2026,5,,\nso-luong,90210,2026,5,,\n"
            "dat-chuan,90101,2026,yes,,\ndat-chuan,90105,2026,no,,\ndat-chuan,90201,2026,yes,,\n")
    (province / "data" / "d.csv").write_text(data, encoding="utf-8")
    r = run("missing", "tinh-dong", "--year", "2026", cwd=province)
    assert r.returncode == 0 and r.stdout.splitlines() == [
        "Kế hoạch tinh-dong, năm 2026: 2 đơn vị còn thiếu 3 số liệu",
        "90101 Xã Bắc Mới: chưa có tử số và mẫu số của “Tỷ lệ biết chữ”",
        "90210 Xã Giáp Ranh: chưa có số liệu “Tỷ lệ biết chữ”, “Đạt chuẩn”"]
    got = json.loads(run("missing", "--year", "2026", "-f", "json", cwd=province).stdout)
    assert got == {"plan": "tinh-dong", "year": 2026, "missing": [
        {"area": "90101", "name": "Xã Bắc Mới", "indicator": "biet-chu", "need": "counts"},
        {"area": "90210", "name": "Xã Giáp Ranh", "indicator": "biet-chu", "need": "value"},
        {"area": "90210", "name": "Xã Giáp Ranh", "indicator": "dat-chuan", "need": "value"}]}
    out = tmp_path / "thieu.xlsx"
    assert run("missing", "--year", "2026", "-f", "xlsx", "-o", str(out), cwd=province).returncode == 0
    ws = load_workbook(out)["Còn thiếu"]
    assert [[c.value for c in row] for row in ws.iter_rows()][1:] == [
        ["90101", "Xã Bắc Mới", "biet-chu", "Tỷ lệ biết chữ", "tử số và mẫu số"],
        ["90210", "Xã Giáp Ranh", "biet-chu", "Tỷ lệ biết chữ", "số liệu"],
        ["90210", "Xã Giáp Ranh", "dat-chuan", "Đạt chuẩn", "số liệu"]]
    # 2024: the districts' and the province's figures are the communes' roll-up: only the communes are chased
    r = run("missing", "--year", "2024", "--level", "xa", "--lang", "en", cwd=province)
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "Plan tinh-dong, 2024: 5 unit(s) still missing 10 figure(s)"
    assert {line.split()[0] for line in r.stdout.splitlines()[1:]} == {c for c in OLD_UNITS if len(c) == 5}
    r = run("missing", "--year", "2024", "--level", "huyen", cwd=province)
    assert r.stdout.strip() == "Kế hoạch tinh-dong, năm 2024: đã có đủ số liệu"  # none to chase at that level
    r = run("missing", "--year", "2026", "--level", "xã", cwd=province)
    assert r.returncode == 2 and "phường, thị trấn là xa" in r.stderr
