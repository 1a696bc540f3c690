"""`holds_for: N` (CONTRACT 2 and 6): a figure of year Y0 also stands for the N years after it while
the unit has no newer figure (a recognition "bảo lưu trong thời hạn 3 năm tiếp theo năm được công
nhận", Thông tư 25/2023/TT-BGDĐT). It is the figure of year Y for every rule (rules 1-4, roll-up,
subunits shares and counts, distributions), and every format says which year it comes from.
Every repository here is SYNTHETIC: made-up units and figures that show one rule each."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import codes, run, write_repo
from xhht.judge.compare import compare
from xhht.repo import load_repo

AREAS = "code,name,level,parent\n90,Tỉnh Thử,tinh,\n90001,Xã A,xa,90\n90002,Xã B,xa,90\n90003,Xã C,xa,90\n"
HEADER = "indicator,area,period,value,source\n"


def plan(holds: str = "holds_for: 3", targets: str = "", subunits: str = "") -> str:
    return f"""\
id: p
title: Kế hoạch thử (synthetic)
document: {{number: 1/KH-X, issuer: UBND tỉnh Thử}}
area: "90"
period: 2020-2030
groups:
  - code: a
    title: Cộng đồng học tập
    indicators:
      - id: cdht
        name: Xã được công nhận "Cộng đồng học tập"
        unit: level
        levels: [Chưa đạt, Mức độ 1, Mức độ 2]
        {holds}
        {targets}
        {subunits}
      - id: hoc-vien
        name: Số học viên
        unit: count
        {holds}
"""


def repo(tmp_path, data: str, **kw):
    return write_repo(tmp_path / "r", plans={"p.yaml": plan(**kw)}, areas=AREAS, data={"d.csv": HEADER + data})


def values(root):
    r = load_repo(root)
    assert not [p for p in r.problems if p.severity == "error"], r.problems
    return r, {ind.id: ind for ind in r.plans["p"].indicators}


def test_a_figure_stands_for_the_n_years_after_it_and_no_longer(tmp_path):
    root = repo(tmp_path, "cdht,90001,2024,Mức độ 1,s\n")
    r, ind = values(root)
    got = {y: (r.values.get(ind["cdht"], "90001", y).value, r.values.get(ind["cdht"], "90001", y).standing_from)
           for y in range(2023, 2029)}
    assert got == {2023: (None, None), 2024: ("Mức độ 1", None), 2025: ("Mức độ 1", 2024),
                   2026: ("Mức độ 1", 2024), 2027: ("Mức độ 1", 2024), 2028: (None, None)}


def test_a_newer_figure_ends_the_older_one(tmp_path):
    root = repo(tmp_path, "cdht,90001,2023,Mức độ 2,s\ncdht,90001,2024,Mức độ 1,s\n")
    r, ind = values(root)
    v = r.values.get(ind["cdht"], "90001", 2026)
    assert (v.value, v.standing_from) == ("Mức độ 1", 2024)


def test_without_holds_for_a_figure_is_its_years_only(tmp_path):
    root = repo(tmp_path, "cdht,90001,2024,Mức độ 1,s\n", holds="")
    r, ind = values(root)
    assert not r.values.get(ind["cdht"], "90001", 2025).ok


def test_a_standing_figure_gives_the_final_verdict_and_says_its_year(tmp_path):
    root = repo(tmp_path, "cdht,90001,2024,Mức độ 1,s\n", subunits="""subunits:
          - level: xa
            meeting: ">= Mức độ 1"
            count: {2026: 1}""")
    out = run("report", "--area", "90001", "--period", "2026", "-f", "json", cwd=root)
    assert out.returncode == 0, out.stderr
    (res,) = json.loads(out.stdout)["results"]
    assert (res["status"], res["actual"], res["as_of"], res["standing_from"]) == ("met", "Mức độ 1", 2026, 2024)
    assert res["reason"] == "Công nhận năm 2024, còn hiệu lực."
    md = run("report", "--area", "90001", "--period", "2026", cwd=root).stdout
    assert "*(công nhận năm 2024, còn hiệu lực)* | mức độ | 2026 | 1 trở lên | 1 (2024) |" in md
    assert "(recognised in 2024, still valid)" in run("report", "--area", "90001", "--period", "2026", "--lang", "en",
                                                     cwd=root).stdout
    html = run("report", "--area", "90001", "--period", "2026", "-f", "html", cwd=root).stdout
    assert "1 (2024)" in html and "công nhận năm 2024, còn hiệu lực" in html
    status = run("status", "--area", "90001", "--period", "2026", cwd=root).stdout
    assert "Mức độ 1 (2024)" in status and "Công nhận năm 2024, còn hiệu lực." in " ".join(status.split())


def test_shares_counts_and_distributions_count_standing_figures(tmp_path):
    data = "cdht,90001,2024,Mức độ 1,s\ncdht,90002,2026,Mức độ 2,s\ncdht,90003,2022,Mức độ 1,s\n"
    root = repo(tmp_path, data, subunits="""subunits:
          - level: xa
            meeting: ">= Mức độ 1"
            share: {2026: 100}""")
    r, _ = values(root)
    rv = compare(r.plans["p"], r.values, r.areas, 2026, 2026)
    (res,) = rv.results
    # Xã A by its 2024 recognition, Xã B by its own; Xã C's of 2022 no longer holds in 2026
    assert (res.actual, res.short, res.missing, res.standing) == (Decimal("66.67"), (), ("90003",), (("90001", 2024),))
    (dist,) = rv.distributions
    assert (dist.counts, dist.no_data) == ({"Mức độ 2": 1, "Mức độ 1": 1, "Chưa đạt": 0}, 1)
    js = json.loads(run("report", "--period", "2026", "-f", "json", cwd=root).stdout)
    assert js["results"][0]["standing"] == [{"area": "90001", "name": "Xã A", "from": 2024}]
    md = run("report", "--period", "2026", cwd=root).stdout
    assert "chưa có số liệu: xã C; tính cả 01 đơn vị có công nhận của năm trước còn hiệu lực: xã A (2024)." in md


def test_the_roll_up_adds_standing_figures(tmp_path):
    data = "hoc-vien,90001,2024,10,s\nhoc-vien,90002,2025,20,s\nhoc-vien,90003,2025,30,s\n"
    r, ind = values(repo(tmp_path, data))
    v = r.values.get(ind["hoc-vien"], "90", 2025)
    assert (v.value, v.rolled_up) == (Decimal(60), True)


def test_a_standing_figure_is_not_listed_again_as_context(tmp_path):
    root = repo(tmp_path, "cdht,90001,2024,Mức độ 1,s\n", targets="targets: {2030: Mức độ 2}")
    js = json.loads(run("report", "--area", "90001", "--period", "2024-2027", "-f", "json", cwd=root).stdout)
    assert [(c["indicator"], c["year"]) for c in js["context"]] == [("cdht", 2024)]
    (res,) = js["results"]  # a progress status on the figure standing for 2027, which says where it comes from
    assert (res["as_of"], res["standing_from"]) == (2027, 2024)
    assert res["reason"].endswith("; số liệu năm 2027 là công nhận năm 2024, còn hiệu lực.")


def test_a_code_that_names_another_unit_does_not_carry_the_figure(tmp_path):
    areas = ("code,name,level,parent,valid_from,valid_to\n90,Tỉnh Thử,tinh,,,\n"
             "90001,Xã A,xa,90,,2025-06-30\n90001,Xã A Mới,xa,90,2025-07-01,\n")
    root = write_repo(tmp_path / "r", plans={"p.yaml": plan()}, areas=areas,
                      data={"d.csv": HEADER + "cdht,90001,2024,Mức độ 1,s\n"})
    r, ind = values(root)
    assert not r.values.get(ind["cdht"], "90001", 2025).ok  # Xã A Mới is another unit
    assert r.values.get(ind["cdht"], "90001", 2025 - 1).ok


def test_holds_for_is_a_whole_number_of_years(tmp_path):
    for bad in ("0", "-1", "2.5", '"3"', "true", "1000"):
        root = write_repo(tmp_path / bad.strip('"'), plans={"p.yaml": plan(holds=f"holds_for: {bad}")},
                          areas=AREAS, data={})
        assert ("bad-holds-for", "plans/p.yaml", 14) in codes(root), bad
    out = run("check", cwd=tmp_path / "0")
    assert out.returncode == 1 and "holds_for phải là một số năm nguyên từ 1 đến 200, ở đây là 0" in out.stdout


def test_plans_sharing_an_indicator_agree_on_holds_for(tmp_path):
    other = plan(holds="holds_for: 2").replace("id: p\n", "id: q\n")
    root = write_repo(tmp_path / "r", plans={"p.yaml": plan(), "q.yaml": other}, areas=AREAS, data={})
    found = {(c, f) for c, f, _ in codes(root)}
    assert ("indicator-conflict", "plans/q.yaml") in found
    out = run("check", cwd=root)
    assert "holds_for '2' (ở đó: '3')" in out.stdout
