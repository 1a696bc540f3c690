"""`xhht status` made for a terminal (issue 8): it fits the width (the terminal's, else $COLUMNS,
else 80, also when piped), is plain when piped, shows the year of each figure, one target per row,
and, with no PLAN in a repository of several plans, an overview. Names are data, never markup."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import ROOT, run, write_repo, xhht_exe

ESC = "\x1b"


def status(*args, cwd=ROOT, columns: str | None = "80"):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run([xhht_exe(), "status", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=60)


@pytest.mark.parametrize("columns", [None, "80", "60", "45", "120"])
def test_no_line_is_wider_than_the_width(columns):
    r = status("haugiang-kh64", "--period", "2013-2016", columns=columns)
    assert r.returncode == 0, r.stderr
    width = int(columns or 80)
    assert max(len(line) for line in r.stdout.splitlines()) <= width
    assert ESC not in r.stdout  # plain when piped: no colour, no styles


def test_one_target_per_row_with_the_year_of_its_figure(tmp_path):
    from test_time_rules import AREAS, DATA, NATIONAL

    root = write_repo(tmp_path / "r", plans={"qd.yaml": NATIONAL}, areas=AREAS, data={"d.csv": DATA})
    out = status("--area", "22", "--period", "2021-2024", cwd=root).stdout
    rows = [line for line in out.splitlines() if line.lstrip().startswith(("1 ", "2 "))]
    assert len(rows) == 2
    assert "71,4% (2022)" in rows[0] and "đúng tiến độ" in rows[0]
    assert "62,2% (2022)" in rows[1] and "chưa đến hạn" in rows[1]
    # the reasons, numbered like the rows; context figures listed
    assert "2. Mới có số liệu năm 2022 (62,2%)" in " ".join(out.split())
    assert "Số liệu theo dõi" in out and "Hội viên khuyến học, 2022: 396.953" in out


def test_narrow_terminals_get_two_lines_a_target():
    out = status("haugiang-kh64", "--period", "2013-2016", columns="45").stdout
    assert "1. Người trong độ tuổi 15-60 biết chữ, 2015" in out
    assert "   chỉ tiêu 96% · kết quả 96% · ● đạt" in out


def test_wide_terminals_get_the_gap_column():
    assert "Chênh lệch" in status("haugiang-kh64", columns="120").stdout
    assert "Chênh lệch" not in status("haugiang-kh64", columns="80").stdout


def test_overview_of_several_plans():
    r = status(columns="80")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert any(line.startswith("haugiang-kh64") and " 7 " in line for line in lines)
    assert any(line.startswith("myduc-kh233") for line in lines)
    assert "xhht status PLAN" in r.stdout
    assert max(len(line) for line in lines) <= 80


def test_names_are_data_not_markup(tmp_path):
    plan = """\
id: p
title: "Kế hoạch [bold]x[/bold] :new: [link=http://e.vn]y[/link]"
document: {number: 1/KH-X, issuer: X}
area: "90"
period: 2020-2022
groups:
  - code: a
    title: "[xuất sắc] nhóm"
    indicators:
      - id: ti-le
        name: "Tỷ lệ [/] \\u001b[31mđỏ"
        unit: percent
        targets: {2021: 50}
"""
    root = write_repo(tmp_path / "r", plans={"p.yaml": plan, "q.yaml": plan.replace("id: p", "id: q")},
                      data={"d.csv": "indicator,area,period,value\nti-le,90,2021,60\n"})
    one = status("p", cwd=root, columns="200")
    assert one.returncode == 0, one.stderr
    assert "[xuất sắc] nhóm" in one.stdout and "Tỷ lệ [/] [31mđỏ" in one.stdout and ESC not in one.stdout
    overview = status(cwd=root, columns="200")
    assert overview.returncode == 0, overview.stderr
    assert "Kế hoạch [bold]x[/bold] :new: [link=http://e.vn]y[/link]" in overview.stdout
