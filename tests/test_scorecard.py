"""`xhht scorecard` (CONTRACT 12): every unit of one level against what the plan asks of it in one
year, ranked; in md, html, json, xlsx and on the terminal. On examples/tinh-mau (a SYNTHETIC
province, every figure made up) and small synthetic repositories; the property test that a
scorecard never disagrees with `report --area UNIT --period YEAR` is in test_scorecard_property.py."""

from __future__ import annotations

import io
import json
import os
import subprocess

import pytest

from conftest import ROOT, run, write_repo, xhht_exe

EXAMPLE = ROOT / "examples" / "tinh-mau"


def card(*args, cwd=EXAMPLE) -> dict:
    out = run("scorecard", *args, "-f", "json", cwd=cwd)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_communes_of_the_example_in_2018():
    got = card("tinh-mau-kh10", "--year", "2018")
    assert (got["plan"], got["year"], got["level"]) == ("tinh-mau-kh10", 2018, "xa")
    # the subunits targets of the communes' level, in plan order; the province's own 98,5% target of
    # 2018 is left out under "08 xã đạt 97%", its count of learners does not apply to a commune
    assert [(c["indicator"], c["scope"], c["meeting"], c["basis"], c["target"]) for c in got["columns"]] == [
        ("biet-chu-15-60", "xa", 97, "reference", 8),
        ("pho-cap-thcs", "xa", "yes", "each_unit", 100),
        ("cong-dong-hoc-tap", "xa", "Khá", "reference", 60)]
    rows = {r["area"]: r for r in got["rows"]}
    assert [(r["rank"], r["area"]) for r in got["rows"]] == [
        (1, "99101"), (1, "99102"), (1, "99103"), (1, "99202"), (1, "99203"), (1, "99302"), (1, "99303"),
        (8, "99201"), (9, "99301")]  # equal shares share a rank, the next rank skips
    cat_tien = rows["99301"]
    assert (cat_tien["name"], cat_tien["achieved"], cat_tien["missed"], cat_tien["no_data"]) == ("Xã Cát Tiên", 0, 3, 0)
    assert [(c["indicator"], c["actual"], c["status"]) for c in cat_tien["cells"]] == [
        ("biet-chu-15-60", 96.3636, "missed"), ("pho-cap-thcs", "no", "missed"),
        ("cong-dong-hoc-tap", "Trung bình", "missed")]
    assert [c["status"] for c in rows["99201"]["cells"]] == ["exceeded", "met", "missed"]


def test_the_districts_see_shares_of_their_communes_and_the_provinces_targets():
    got = card("tinh-mau-kh10", "--year", "2018", "--level", "huyen")
    assert [(c["indicator"], c["scope"], c["basis"], c["measure"]) for c in got["columns"]] == [
        ("xhht-muc-do", "huyen", "reference", "count"),       # each district's own level, toward "03 huyện"
        ("pho-cap-thcs", "xa", "reference", "share"),          # the share over its own communes
        ("cong-dong-hoc-tap", "xa", "reference", "share"),
        ("biet-chu-15-60", None, "reference", None)]           # the province's 98,5%, on its roll-up
    cat = next(r for r in got["rows"] if r["area"] == "993")
    assert [(c["actual"], c["status"]) for c in cat["cells"]] == [
        ("3", "exceeded"), (66.67, "missed"), (66.67, "exceeded"), (98.3421, "missed")]
    assert [(r["rank"], r["area"]) for r in got["rows"]] == [(1, "991"), (1, "992"), (3, "993")]


def test_defaults_the_latest_year_and_the_lowest_level():
    assert card("tinh-mau-kh10")["year"] == 2018 and card("tinh-mau-kh10")["level"] == "xa"


PLAN = """\
id: p
title: Kế hoạch thử (synthetic)
document: {number: 1/KH-X, issuer: UBND tỉnh Thử}
area: "90"
period: 2020-2025
groups:
  - code: a
    title: A
    indicators:
      - id: ti-le
        name: Tỷ lệ
        unit: percent
        targets: {2022: 80}
      - id: cong-nhan
        name: Công nhận
        unit: level
        levels: [Chưa đạt, Mức độ 1, Mức độ 2]
        holds_for: 3
        subunits:
          - level: xa
            meeting: ">= Mức độ 1"
            share: {2022: 100}
"""
AREAS = ("code,name,level,parent\n90,Tỉnh Thử,tinh,\n90001,Xã A,xa,90\n90002,Xã B,xa,90\n90003,Xã C,xa,90\n"
         "90004,Xã D,xa,90\n")


def test_ranking_standing_figures_and_a_column_nobody_has_a_figure_for(tmp_path):
    data = ("indicator,area,period,value\n"
            "cong-nhan,90001,2020,Mức độ 1\n"       # standing for 2022 (holds_for 3)
            "cong-nhan,90002,2022,Chưa đạt\n"
            "cong-nhan,90003,2018,Mức độ 2\n")      # too old: no figure for 2022
    root = write_repo(tmp_path / "r", plans={"p.yaml": PLAN}, areas=AREAS, data={"d.csv": data})
    got = card("--year", "2022", cwd=root)
    # no commune has a 2022 figure of ti-le: its reference column is left out
    assert [c["indicator"] for c in got["columns"]] == ["cong-nhan"]
    assert [(r["rank"], r["area"], r["achieved"], r["missed"], r["no_data"]) for r in got["rows"]] == [
        (1, "90001", 1, 0, 0), (2, "90002", 0, 1, 0), (3, "90003", 0, 0, 1), (3, "90004", 0, 0, 1)]
    assert got["rows"][0]["cells"] == [{"indicator": "cong-nhan", "actual": "Mức độ 1", "status": "met",
                                        "standing_from": 2020}]
    md = run("scorecard", "--year", "2022", "-f", "md", cwd=root).stdout
    assert "| 1 | Xã A | 90001 | ● Mức độ 1 (2020) | 1 | 0 | 0 | 100% |" in md
    assert "Năm trong ngoặc: năm công nhận còn hiệu lực." in md
    with_figure = data + "ti-le,90004,2022,85\n"
    root2 = write_repo(tmp_path / "r2", plans={"p.yaml": PLAN}, areas=AREAS, data={"d.csv": with_figure})
    got = card("--year", "2022", cwd=root2)
    assert [(c["indicator"], c["basis"]) for c in got["columns"]] == [("cong-nhan", "each_unit"),
                                                                      ("ti-le", "reference")]
    assert got["rows"][0]["area"] == "90001" and got["rows"][1]["area"] == "90004"  # 1/1, then 1/2


def test_usage_errors(tmp_path):
    root = write_repo(tmp_path / "r", plans={"p.yaml": PLAN}, areas=AREAS, data={})
    out = run("scorecard", "--year", "2030", cwd=root)
    assert out.returncode == 2 and "--year: 2030 nằm ngoài thời gian của kế hoạch 2020-2025" in out.stderr
    out = run("scorecard", "--year", "2022", "--level", "huyen", cwd=root)
    assert out.returncode == 2 and "không có đơn vị cấp huyện nào" in out.stderr and "có: xa" in out.stderr
    out = run("scorecard", "--year", "2022", "--level", "huyen", "--lang", "en", cwd=root)
    assert out.returncode == 2 and "no district unit below the plan's area" in out.stderr
    out = run("scorecard", "--level", "phuong", cwd=root)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_no_target_of_the_year_says_so(tmp_path):
    root = write_repo(tmp_path / "r", plans={"p.yaml": PLAN}, areas=AREAS, data={})
    got = card("--year", "2021", cwd=root)
    assert got["columns"] == [] and len(got["rows"]) == 4
    md = run("scorecard", "--year", "2021", "-f", "md", cwd=root).stdout
    assert "Kế hoạch không có chỉ tiêu năm 2021 nào áp dụng cho từng xã." in md


def test_markdown_and_html():
    md = run("scorecard", "tinh-mau-kh10", "--year", "2018", "-f", "md", cwd=EXAMPLE).stdout
    assert md.startswith("# Kết quả thực hiện chỉ tiêu của các xã, thị trấn năm 2018\n")
    assert "2. Phổ cập giáo dục trung học cơ sở: đạt chuẩn (chỉ tiêu đối với từng xã, thị trấn: 100% xã, thị trấn đạt chuẩn)" in md
    assert "| 9 | Xã Cát Tiên | 99301 | ▼ 96,36% | ▼ chưa đạt chuẩn | ▼ Trung bình | 0 | 3 | 0 | 0% |" in md
    assert "| 8 | Xã Bình Minh | 99201 | ▲ 97,01% | ● đạt chuẩn | ▼ Trung bình | 2 | 1 | 0 | 66,7% |" in md
    html = run("scorecard", "tinh-mau-kh10", "--year", "2018", "-f", "html", cwd=EXAMPLE).stdout
    assert '<td class="cell s-missed">▼ Trung bình</td>' in html and "<h1>Kết quả thực hiện chỉ tiêu" in html
    en = run("scorecard", "tinh-mau-kh10", "--year", "2018", "-f", "md", "--lang", "en", cwd=EXAMPLE).stdout
    assert en.startswith("# Targets of the communes in 2018\n") and "| Rank | Unit | Code |" in en


def test_names_are_data_in_every_format(tmp_path):
    areas = AREAS.replace("Xã A,", "\"=HYPERLINK(\"\"http://x\"\")|<b>[bold]\",")
    root = write_repo(tmp_path / "r", plans={"p.yaml": PLAN}, areas=areas,
                      data={"d.csv": "indicator,area,period,value\ncong-nhan,90001,2022,Mức độ 1\n"})
    html = run("scorecard", "--year", "2022", "-f", "html", cwd=root).stdout
    assert "<b>" not in html and "&lt;b&gt;" in html
    md = run("scorecard", "--year", "2022", "-f", "md", cwd=root).stdout
    assert "\\|" in md and "\\<b\\>" in md or "&lt;b&gt;" in md
    text = run("scorecard", "--year", "2022", cwd=root).stdout
    assert "[bold]" in text
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "bang.xlsx"
    assert run("scorecard", "--year", "2022", "-o", str(out), cwd=root).returncode == 0
    ws = openpyxl.load_workbook(out)["Xếp hạng"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.quotePrefix


def test_xlsx_sheet_with_verdicts_coloured(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "bang.xlsx"
    r = run("scorecard", "tinh-mau-kh10", "--year", "2018", "-f", "xlsx", "-o", str(out), cwd=EXAMPLE)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Xếp hạng", "Chỉ tiêu"]
    ws = wb["Xếp hạng"]
    header = [c.value for c in ws[5]]
    assert header == ["Hạng", "Mã", "Đơn vị", "1", "2", "3", "Đạt", "Chưa đạt", "Chưa có số liệu", "Tỷ lệ đạt"]
    last = [c for c in ws[14]]
    assert [c.value for c in last[:3]] == [9, "99301", "Xã Cát Tiên"]
    assert last[3].value == pytest.approx(96.3636, abs=1e-4) and last[3].number_format == '"▼ "#,##0.##"%"'
    assert last[3].fill.fgColor.rgb.endswith("FFC7CE")  # missed: red
    assert last[5].value == "Trung bình" and last[5].number_format == '"▼ "@'
    assert last[4].value == "chưa đạt chuẩn"  # a yes-no in words, never "no"
    first = [c for c in ws[6]]
    assert first[3].fill.fgColor.rgb.endswith("C6EFCE")  # exceeded: green
    assert wb["Chỉ tiêu"]["B3"].value == "Phổ cập giáo dục trung học cơ sở"
    again = tmp_path / "again.xlsx"
    run("scorecard", "tinh-mau-kh10", "--year", "2018", "-o", str(again), cwd=EXAMPLE)  # the format from -o
    assert again.read_bytes() == out.read_bytes()  # deterministic
    # the review's workbook carries the same scorecard as its phụ lục (CONTRACT 12), on the same two sheets
    review = tmp_path / "bao-cao.xlsx"
    assert run("report", "tinh-mau-kh10", "--period", "2016-2018", "-o", str(review), "-f", "xlsx",
               cwd=EXAMPLE).returncode == 0
    annexed = openpyxl.load_workbook(review)
    assert annexed.sheetnames[3:] == ["Phụ lục - Xếp hạng", "Phụ lục - Chỉ tiêu"]
    for mine, theirs in (("Phụ lục - Xếp hạng", "Xếp hạng"), ("Phụ lục - Chỉ tiêu", "Chỉ tiêu")):
        assert list(annexed[mine].values) == list(wb[theirs].values)


def scorecard_at(columns: str | None, *args, cwd=EXAMPLE):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run([xhht_exe(), "scorecard", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=60)


@pytest.mark.parametrize("columns", [None, "40", "60", "80", "120", "200"])
@pytest.mark.parametrize("level", ["xa", "huyen"])
def test_the_terminal_table_fits_every_width(columns, level):
    out = scorecard_at(columns, "tinh-mau-kh10", "--year", "2018", "--level", level)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns or 80) and "\x1b" not in out.stdout
    text = " ".join(out.stdout.split())
    for name in (("Xã Cát Tiên", "Xã Bình Minh") if level == "xa" else ("Huyện An", "Huyện Cát")):
        assert name in text  # every unit is shown
    table = any(line.startswith("Hạng") for line in lines)
    assert table == (columns != "40") or columns == "60"  # at 60, a table when the names fit
    if table:
        header = next(line for line in lines if line.startswith("Hạng"))
        assert "Đơn vị" in header and ("1 2 3" in header)
        row = next(line for line in lines if "Xã Cát Tiên" in line or "Huyện Cát" in line)
        assert ("▼ ▼ ▼" in row and row.split()[0] == "9") if level == "xa" else "▲ ▼ ▲ ▼" in row
    else:  # the list: the rank, the name, the code and the counts, the marks under them
        at = next(i for i, line in enumerate(lines) if "Xã Cát Tiên (99301)" in line or "Huyện Cát (993)" in line)
        assert lines[at].lstrip().startswith(("9. ", "3. "))
        assert any(line.strip() in ("▼ ▼ ▼", "▲ ▼ ▲ ▼") for line in lines[at + 1:at + 4])


def test_many_columns_come_in_groups_of_five():
    from xhht.present.scorecard_table import marks, marks_header

    assert marks_header(3) == "1 2 3" and marks_header(12) == "1     6     11"
    cells = [{"status": "met", "symbol": "●"}] * 12
    assert marks(cells).replace("[blue]", "").replace("[/blue]", "") == "●●●●● ●●●●● ●●"
    assert len(marks_header(12)) <= len("●●●●● ●●●●● ●●")


def test_a_scorecard_on_the_terminal_in_english():
    out = scorecard_at("80", "tinh-mau-kh10", "--year", "2018", "--lang", "en").stdout
    assert out.startswith("Targets of the communes in 2018\n") and "Rank" in out and "Vietnamese" not in out


def test_help_lists_the_formats_and_levels(tmp_path):
    out = run("scorecard", "--help", cwd=tmp_path).stdout
    assert "md, html, json hoặc xlsx" in " ".join(out.split()) and "huyen (huyện)" in out
    assert os.path.basename(xhht_exe()) == "xhht" and io is not None
