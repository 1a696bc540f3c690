"""Targets by level: roll-up, subunit targets, distributions, parent plans, and the warnings
about them. The repositories here and under examples/ are SYNTHETIC."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import ROOT, codes, problems_of, run, write_repo
from xhht.judge.compare import compare
from xhht.repo import load_repo

EXAMPLE = ROOT / "examples" / "tinh-mau"
HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
AREAS = """\
code,name,level,parent
90,Tỉnh Thử,tinh,
901,Huyện Một,huyen,90
902,Huyện Hai,huyen,90
90101,Xã Một A,xa,901
90102,Xã Một B,xa,901
90201,Xã Hai A,xa,902
"""


def plan(indicators: str, pid="demo", area="90", parent=None) -> str:
    return (f"id: {pid}\ntitle: Thử (synthetic)\ndocument: {{number: 1/KH, issuer: UBND}}\narea: \"{area}\"\n"
            + (f"parent: {parent}\n" if parent else "")
            + "period: 2020-2025\ngroups:\n  - code: a\n    title: A\n    indicators:\n" + indicators)


def ind(id_, unit, body):
    return f"      - id: {id_}\n        name: {id_}\n        unit: {unit}\n" + "".join(
        f"        {line}\n" for line in body.splitlines())


def results(root, start=2020, end=2022, area=None, plan_id=None):
    repo = load_repo(root)
    assert [p for p in repo.problems if p.severity == "error"] == [], repo.problems
    p = repo.plans[plan_id] if plan_id else next(iter(repo.plans.values()))
    return compare(p, repo.values, repo.areas, start, end, area)


def one(rv, indicator, year, scope=None, kind=None):
    (r,) = [r for r in rv.results if r.indicator.id == indicator and r.year == year and r.scope == scope
            and (kind is None or r.kind == kind)]
    return r


# ---------------------------------------------------------------- roll-up

def test_percent_rolls_up_as_sum_of_numerators_not_average_of_percentages(tmp_path):
    # Xã Một A: 9/10 = 90 %, Xã Một B: 10/100 = 10 %. The average (50 %) is above the target of
    # 40 %; Σ/Σ = 19/110 = 17.27 % is below it. The roll-up must say missed.
    data = HEADER + "ti-le,90101,2022,,9,10,s,\nti-le,90102,2022,,10,100,s,\n"
    root = write_repo(tmp_path, plans={"p.yaml": plan(ind("ti-le", "percent", "targets: {2022: 40}"), area="901")},
                      areas=AREAS, data={"d.csv": data})
    r = one(results(root), "ti-le", 2022)
    assert r.status == "missed" and r.rolled_up
    assert (r.numerator, r.denominator) == (Decimal(19), Decimal(110))
    assert r.actual == Decimal(1900) / Decimal(110)


def test_roll_up_is_recursive_communes_to_province(tmp_path):
    data = HEADER + ("so,90101,2022,10,,,s,\nso,90102,2022,20,,,s,\nso,90201,2022,5,,,s,\n"
                     "ti-le,90101,2022,,1,2,s,\nti-le,90102,2022,,1,2,s,\nti-le,90201,2022,,2,2,s,\n")
    p = plan(ind("so", "count", "targets: {2022: 35}") + ind("ti-le", "percent", "targets: {2022: 66}"))
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    rv = results(root)
    assert (one(rv, "so", 2022).actual, one(rv, "so", 2022).status) == (Decimal(35), "met")
    r = one(rv, "ti-le", 2022)
    assert (r.numerator, r.denominator, r.status) == (Decimal(4), Decimal(6), "exceeded")


def test_own_figure_wins_over_the_roll_up(tmp_path):
    data = HEADER + "so,901,2022,100,,,s,\nso,90101,2022,10,,,s,\nso,90102,2022,20,,,s,\n"
    root = write_repo(tmp_path, plans={"p.yaml": plan(ind("so", "count", "targets: {2022: 50}"), area="901")},
                      areas=AREAS, data={"d.csv": data})
    r = one(results(root), "so", 2022)
    assert (r.actual, r.rolled_up) == (Decimal(100), False)


def test_roll_up_impossible_says_why(tmp_path):
    data = HEADER + "ti-le,90101,2022,50,,,s,\nti-le,90102,2022,,1,2,s,\nso,90101,2022,3,,,s,\n"
    p = plan(ind("ti-le", "percent", "targets: {2022: 40}") + ind("so", "count", "targets: {2022: 5}"), area="901")
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    rv = results(root, 2022, 2023)
    r = one(rv, "ti-le", 2022)
    assert (r.status, r.cause.kind, r.cause.areas) == ("no_data", "no_fraction", ("90101",))
    r = one(rv, "so", 2022)
    assert (r.status, r.cause.kind, r.cause.areas, r.cause.total) == ("no_data", "children_missing", ("90102",), 2)
    # and the reports say why, in the reader's language
    vi = run("report", "--period", "2022-2023", cwd=root).stdout
    assert ("- ti-le, kế hoạch năm 2022 là 40%; chưa có số liệu năm 2022: không tổng hợp được tỷ lệ vì xã Một A chưa "
            "báo cáo tử số và mẫu số;") in vi
    assert "chưa có số liệu năm 2022: 01 trong số 02 đơn vị cấp dưới chưa có số liệu (xã Một B)." in vi
    en = json.loads(run("report", "--period", "2022-2023", "-f", "json", "--lang", "en", cwd=root).stdout)
    assert [x.get("reason") for x in en["results"]] == [
        "No figure for 2022: the percent cannot be rolled up, as Xã Một A gave no numerator and denominator.",
        "No figure for 2022: 1 of 2 lower-level units have no figure (Xã Một B)."]
    # every one of them missing is said so, not "02 trong số 02"
    from xhht.judge.rollup import Reason
    from xhht.present.fmt import reason

    both = Reason(kind="children_missing", areas=("90101", "90102"), total=2)
    assert reason(both, lambda code, day=None: {"90101": "xã Một A", "90102": "xã Một B"}[code]) == \
        "các đơn vị cấp dưới (xã Một A, xã Một B) đều chưa có số liệu"


def test_levels_are_never_rolled_up(tmp_path):
    data = HEADER + "md,90101,2022,3,,,s,\nmd,90102,2022,3,,,s,\n"
    p = plan(ind("md", "level", "levels: [1, 2, 3]\ntargets: {2022: 3}"), area="901")
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    assert one(results(root, 2022, 2023), "md", 2022).status == "no_data"


def test_check_warns_when_own_figure_and_children_disagree(tmp_path):
    data = HEADER + ("so,901,2022,31,,,s,\nso,90101,2022,10,,,s,\nso,90102,2022,20,,,s,\n"
                     "ti-le,901,2022,50.0,,,s,\nti-le,90101,2022,,1,2,s,\nti-le,90102,2022,,1,4,s,\n"
                     "ti-le,902,2022,100,,,s,\nti-le,90201,2022,,2,2,s,\n")
    p = plan(ind("so", "count", "targets: {2022: 5}") + ind("ti-le", "percent", "targets: {2022: 5}"))
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    found = [p for p in problems_of(root) if p.code == "rollup-disagrees"]
    assert [(p.line, p.severity) for p in found] == [(2, "warning"), (5, "warning")]
    assert "is 31, but its 2 lower-level units add up to 30" in found[0].message_in("en")
    assert "là 50, nhưng 2 đơn vị cấp dưới cộng lại được 33.3 (2/6)" in found[1].message


# ---------------------------------------------------------------- subunit targets

def test_subunit_count_and_share_for_every_unit_kind(tmp_path):
    data = HEADER + (
        "pt,90101,2022,85,,,s,\npt,90102,2022,70,,,s,\npt,90201,2022,90,,,s,\n"
        "so,90101,2022,3,,,s,\nso,90102,2022,1,,,s,\n"
        "md,901,2022,3,,,s,\nmd,902,2022,2,,,s,\n"
        "xl,90101,2022,Tốt,,,s,\nxl,90102,2022,Khá,,,s,\nxl,90201,2022,Trung bình,,,s,\n"
        "pc,90101,2022,yes,,,s,\npc,90102,2022,yes,,,s,\npc,90201,2022,no,,,s,\n")
    p = plan(ind("pt", "percent", 'subunits:\n  - level: xa\n    meeting: ">= 80"\n    count: {2022: 2}')
             + ind("so", "count", 'subunits:\n  - level: xa\n    meeting: ">= 2"\n    share: {2022: 50}')
             + ind("md", "level", 'levels: [1, 2, 3]\nsubunits:\n  - level: huyen\n    meeting: ">= 3"\n'
                   '    count: {2022: 2}')
             + ind("xl", "rating", 'levels: [Không xếp loại, Trung bình, Khá, Tốt]\nsubunits:\n  - level: xa\n'
                   '    meeting: ">= Khá"\n    share: {2022: 60}\n    count: {2022: 3}')
             + ind("pc", "yes-no", 'subunits:\n  - level: xa\n    meeting: "yes"\n    share: {2022: 100}'))
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    rv = results(root)
    got = {(r.indicator.id, r.kind): (r.scope, r.actual, r.status, r.short, r.missing) for r in rv.results}
    assert got == {
        ("pt", "count"): ("xa", Decimal(2), "met", ("90102",), ()),
        ("so", "share"): ("xa", Decimal("33.33"), "missed", ("90102",), ("90201",)),
        ("md", "count"): ("huyen", Decimal(1), "missed", ("902",), ()),
        ("xl", "share"): ("xa", Decimal("66.67"), "exceeded", ("90201",), ()),
        ("xl", "count"): ("xa", Decimal(2), "missed", ("90201",), ()),
        ("pc", "share"): ("xa", Decimal("66.67"), "missed", ("90201",), ()),
    }


def test_subunit_results_in_json_have_scope_and_the_units_short(tmp_path):
    r = run("report", "tinh-mau-kh10", "--period", "2016-2018", "-f", "json", cwd=EXAMPLE)
    data = json.loads(r.stdout)
    pc = next(x for x in data["results"] if x["indicator"] == "pho-cap-thcs")
    assert (pc["scope"], pc["actual"], pc["target"], pc["status"], pc["units"]) == ("xa", 88.89, 100, "missed", 9)
    assert pc["short"] == [{"area": "99301", "name": "Xã Cát Tiên"}]
    assert pc["meeting"] == {"comparator": "==", "value": "yes"}


# ---------------------------------------------------------------- distributions

def test_rating_distribution_per_year(tmp_path):
    rv = results(EXAMPLE, 2016, 2018, plan_id="tinh-mau-kh10")
    dist = {(d.indicator.id, d.level, d.year): d.counts for d in rv.distributions}
    assert dist[("cong-dong-hoc-tap", "xa", 2016)] == {"Tốt": 1, "Khá": 2, "Trung bình": 4, "Không xếp loại": 2}
    assert dist[("cong-dong-hoc-tap", "xa", 2018)] == {"Tốt": 3, "Khá": 4, "Trung bình": 2, "Không xếp loại": 0}
    assert dist[("xhht-muc-do", "huyen", 2018)] == {"3": 1, "2": 2, "1": 0}
    assert list(dist[("cong-dong-hoc-tap", "xa", 2016)]) == ["Tốt", "Khá", "Trung bình", "Không xếp loại"]


def test_distributions_in_every_format():
    md = run("report", "tinh-mau-kh10", "--period", "2016-2018", cwd=EXAMPLE).stdout
    assert "| 2018 | 3 | 4 | 2 | 0 | 0 |" in md and "- Tốt: `▃▃█` 1 → 1 → 3" in md
    assert "| Năm | Mức độ 3 | Mức độ 2 | Mức độ 1 | Chưa có số liệu |" in md  # labels "1", "2", "3" as levels
    html = run("report", "tinh-mau-kh10", "--period", "2016-2018", "-f", "html", cwd=EXAMPLE).stdout
    assert html.count('class="data table-distribution"') == 2 and html.count("<svg") == 3  # results, 2 trends
    one_year = run("report", "tinh-mau-kh10", "--period", "2018", "-f", "html", cwd=EXAMPLE).stdout
    assert one_year.count('class="data table-distribution"') == 2 and one_year.count("<svg") == 1  # no series
    assert "`" not in run("report", "tinh-mau-kh10", "--period", "2018", cwd=EXAMPLE).stdout  # no one-year sparkline
    js = json.loads(run("report", "tinh-mau-kh10", "--period", "2016-2018", "-f", "json", cwd=EXAMPLE).stdout)
    assert {"indicator": "cong-dong-hoc-tap", "area": "99", "year": 2017, "level": "xa",
            "counts": {"Tốt": 1, "Khá": 4, "Trung bình": 4, "Không xếp loại": 0}, "no_data": 0} in js["distributions"]


# ---------------------------------------------------------------- parent plans and areas

def test_weaker_child_target_is_a_warning_naming_both(tmp_path):
    parent = plan(ind("ti-le", "percent", "targets: {2022: 80}\nbetter: higher")
                  + ind("bo-hoc", "percent", "targets: {2022: 2}\nbetter: lower"), pid="tinh")
    child = plan(ind("ti-le", "percent", "targets: {2022: 75}") + ind("bo-hoc", "percent",
                 "targets: {2022: 3}\nbetter: lower"), pid="huyen", area="901", parent="tinh")
    root = write_repo(tmp_path, plans={"tinh.yaml": parent, "huyen.yaml": child}, areas=AREAS, data={})
    found = [p for p in problems_of(root) if p.code == "weaker-than-parent"]
    assert [(p.file, p.line, p.severity) for p in found] == [("plans/huyen.yaml", 14, "warning"),
                                                           ("plans/huyen.yaml", 18, "warning")]
    assert "is 75, weaker than 80 in the parent plan tinh (plans/tinh.yaml:13)" in found[0].message_in("en")
    assert "là 3, kém hơn mục tiêu 2" in found[1].message


def test_stronger_or_equal_child_targets_are_fine(tmp_path):
    parent = plan(ind("ti-le", "percent", "targets: {2022: 80}"), pid="tinh")
    child = plan(ind("ti-le", "percent", "targets: {2022: 80, 2023: 10}"), pid="huyen", area="901", parent="tinh")
    root = write_repo(tmp_path, plans={"tinh.yaml": parent, "huyen.yaml": child}, areas=AREAS, data={})
    assert problems_of(root) == []


def test_shared_id_with_other_levels_in_a_child_is_an_error(tmp_path):
    parent = plan(ind("md", "level", "levels: [1, 2, 3]"), pid="tinh")
    child = plan(ind("md", "level", "levels: [1, 2, 3, 4]"), pid="huyen", area="901", parent="tinh")
    root = write_repo(tmp_path, plans={"tinh.yaml": parent, "huyen.yaml": child}, areas=AREAS, data={})
    # reported at the child, whichever file sorts first
    assert ("indicator-conflict", "plans/huyen.yaml", 11) in codes(root)


def test_figure_outside_every_plans_area_is_a_warning(tmp_path):
    p = plan(ind("so", "count", "targets: {2022: 5}"), area="901")
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS,
                      data={"d.csv": HEADER + "so,90101,2022,3,,,s,\nso,90201,2022,3,,,s,\n"})
    found = [(p.code, p.line, p.severity) for p in problems_of(root)]
    assert found == [("area-outside-plan", 3, "warning")]


def test_area_level_must_sit_below_its_parent(tmp_path):
    root = write_repo(tmp_path, areas=AREAS + "903,Huyện lạc,huyen,90101\n", data={})
    assert ("area-level-order", "areas.csv", 8) in codes(root)
    # since the 2025 reform a xa sits directly under its tinh: that is fine
    root = write_repo(tmp_path / "2025", areas=AREAS + "90103,Xã mới,xa,90\n", data={})
    assert problems_of(root) == []


# ---------------------------------------------------------------- the synthetic example, end to end

def test_example_check_warns_twice_and_strict_fails():
    r = run("check", cwd=EXAMPLE)
    assert r.returncode == 0
    assert "warning[rollup-disagrees] hoc-vien-tthtcd của 99 năm 2018 là 11000, nhưng 3 đơn vị cấp dưới cộng lại " \
           "được 10700" in r.stdout
    assert "plans/huyen-an-kh5.yaml:20:25: warning[weaker-than-parent]" in r.stdout
    assert "2 cảnh báo trong 2 tệp" in r.stdout
    en = run("check", "--lang", "en", cwd=EXAMPLE)
    assert "warning[rollup-disagrees] hoc-vien-tthtcd for 99 in 2018 is 11000, but its 3 lower-level units add up " \
           "to 10700" in en.stdout
    assert "2 warnings in 2 files" in en.stdout
    assert run("check", "--strict", cwd=EXAMPLE).returncode == 1


def test_example_report_and_status():
    md = run("report", "tinh-mau-kh10", "--period", "2016-2018", cwd=EXAMPLE)
    assert md.returncode == 0
    assert ("| 4 | Phổ cập giáo dục trung học cơ sở — tỷ lệ đơn vị cấp xã đạt chuẩn *(08/09 đơn vị cấp xã đạt)* | % | "
            "2018 | 100 | 88,89 | 88,9% | **Chưa đạt** |") in md.stdout
    assert ("- Phổ cập giáo dục trung học cơ sở — tỷ lệ đơn vị cấp xã đạt chuẩn: năm 2018 thực hiện 88,89%, kế hoạch 100%, "
            "đạt 88,9% kế hoạch, còn thiếu 11,11 điểm phần trăm; các đơn vị chưa đạt: xã Cát Tiên;") in md.stdout
    # the annex: the scorecard of the communes in 2018, ranked (CONTRACT 12)
    assert "| 9 | Xã Cát Tiên | ▼ 96,36% | ▼ chưa đạt chuẩn | ▼ Trung bình | 0 | 3 | 0 | 0% | 9 |" in md.stdout
    assert "Người trong độ tuổi 15-60 biết chữ *(cộng dồn từ cấp dưới)* | % | 2017 | 98 | 97,86 |" in md.stdout
    district = run("report", "huyen-an-kh5", "--period", "2018", cwd=EXAMPLE)
    assert "| 1 | Xã An Phú | ● Khá | ▲ 98,98% | 2 | 0 | 0 | 100% | 1 |" in district.stdout  # all rated Khá+
    assert "Chưa đạt |" not in district.stdout.split("Phụ lục")[0]
    assert "*(03/03 đơn vị cấp xã đạt)* | % | 2018 | 100 | 100 | 100% | Đạt |" in district.stdout
    st = run("status", "tinh-mau-kh10", "--period", "2016-2018", cwd=EXAMPLE)
    assert st.returncode == 0 and "đúng tiến độ" in st.stdout
    assert "Chưa đạt: xã Bình Minh, xã Cát Tiên" in st.stdout


def test_conflict_after_a_parent_child_swap_names_the_right_plan(tmp_path):
    # huyen.yaml sorts before its parent tinh.yaml; the `so` that only the parent shares with
    # zz.yaml must be reported as being in the parent's file, not the child's.
    child = plan(ind("md", "level", "levels: [1, 2, 3, 4]"), pid="huyen", area="901", parent="tinh")
    parent = plan(ind("md", "level", "levels: [1, 2, 3]") + ind("so", "count", "targets: {2022: 5}"), pid="tinh")
    other = plan(ind("so", "percent", "targets: {2022: 5}"), pid="zz")
    root = write_repo(tmp_path, plans={"huyen.yaml": child, "tinh.yaml": parent, "zz.yaml": other},
                      areas=AREAS, data={})
    conflicts = sorted((p.file, p.message_in("en").split(" with ")[0]) for p in problems_of(root)
                       if p.code == "indicator-conflict")
    assert conflicts == [
        ("plans/huyen.yaml", "the indicator `md` is also in plans/tinh.yaml (line 10)"),
        ("plans/zz.yaml", "the indicator `so` is also in plans/tinh.yaml (line 14)"),
    ]


def test_a_broken_plan_brings_no_area_warnings_for_its_figures(tmp_path):
    # Both plans use `so`; the district's is broken (a misspelt unit), so only the commune plan
    # loads. The district's figure must not be called "outside every plan's area".
    broken = plan(ind("so", "cont", "targets: {2022: 5}"), pid="huyen", area="902")
    other = plan(ind("so", "count", "targets: {2022: 5}"), pid="xa", area="90101")
    root = write_repo(tmp_path, plans={"huyen.yaml": broken, "xa.yaml": other}, areas=AREAS,
                      data={"d.csv": HEADER + "so,902,2022,3,,,s,\n"})
    assert [(p.code, p.file) for p in problems_of(root)] == [("bad-choice", "plans/huyen.yaml")]


def test_a_roll_up_that_fails_below_says_why_above(tmp_path):
    """Communes that give a percent without numerator/denominator: the district cannot roll up,
    and the province, above it, says which communes lack them (not a bare 'no data')."""
    data = HEADER + "ti-le,90101,2022,50,,,s,\nti-le,90102,2022,60,,,s,\nti-le,90201,2022,70,,,s,\n"
    p = plan(ind("ti-le", "percent", "targets: {2022: 40}"), area="90")
    root = write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data})
    r = one(results(root, 2022, 2023), "ti-le", 2022)
    assert (r.status, r.cause.kind, r.cause.areas) == ("no_data", "no_fraction", ("90101", "90102", "90201"))



def test_roll_up_adds_up_its_units_or_says_why(tmp_path):
    """A roll-up adds its units up in one pass (rollup._added) and, where that gives no value, says
    why (Values._total): a count's sum, a percent's Σnumerator / Σdenominator, and denominators adding
    up to 0, which no loaded figure has (the loader refuses a 0 denominator): figures in memory."""
    from dataclasses import replace

    from xhht.judge.rollup import Values

    data = HEADER + "ti-le,90101,2022,50,1,2,s,\nti-le,90102,2022,,3,4,s,\nso,90101,2022,3,,,s,\nso,90102,2022,4,,,s,\n"
    p = plan(ind("ti-le", "percent", "targets: {2022: 40}") + ind("so", "count", "targets: {2022: 5}"), area="901")
    repo = load_repo(write_repo(tmp_path, plans={"p.yaml": p}, areas=AREAS, data={"d.csv": data}))
    ti_le, so = repo.plans["demo"].indicators
    total = repo.values.get(ti_le, "901", 2022)
    assert (total.value, total.numerator, total.denominator, total.rolled_up) == (
        Decimal(100) * 4 / 6, Decimal(4), Decimal(6), True)
    assert (repo.values.get(so, "901", 2022).value, repo.values.get(so, "901", 2022).rolled_up) == (Decimal(7), True)
    figures = {key: repo.figures[key] for key in repo.figures}
    for key, fig in figures.items():
        if key[0] == "ti-le":
            figures[key] = replace(fig, value=Decimal(0), numerator=Decimal(0), denominator=Decimal(0))
    zero = Values(figures, repo.areas).get(ti_le, "901", 2022)
    assert (zero.value, zero.reason.kind) == (None, "zero_denominator")
