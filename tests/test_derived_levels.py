"""Issue 23, second pass (CONTRACT 13): plans judge the levels a standard derives, through the one values
layer, and the standard's self-assessment form (`xhht form STANDARD`) collects its chỉ tiêu.

Every repository here is SYNTHETIC (made-up units and figures, the smallest that shows one rule); the
thresholds are those of Thông tư 25/2023/TT-BGDĐT as xhht ships them (tests/test_standards.py checks
them against the circular's text)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run
from test_standards import PLAN_CDHT, std_repo
from xhht.cli.docgen import commune_figures
from xhht.judge.compare import compare
from xhht.judge.needs import form_rows, missing, needed_counts, standard_rows
from xhht.judge.period import default_period
from xhht.judge.standards import Evaluator
from xhht.repo import load_repo

RESULT = "cdht-xa"


def value(root: Path, area: str, year: int):
    repo = load_repo(root)
    return repo.values.get(repo.catalogue[RESULT], area, year)


# ---------------------------------------------------------------- the values layer


def test_a_plan_judges_the_derived_levels_where_no_decision_is_recorded(tmp_path):
    """Xã An's figures give Mức độ 1, Xã Bình's Chưa đạt, Xã Cát has a decision (Mức độ 2) that wins over
    its figures (Mức độ 1): the 2024 share target counts 2 of 3, and says which units were derived."""
    rows = [*commune_figures("99101", 2024), *commune_figures("99102", 2024, cdht_xa_tc5_ct1="59"),
            *commune_figures("99201", 2024), "cdht-xa,99201,2024,Mức độ 2,,,QĐ công nhận (synthetic),"]
    root = std_repo(tmp_path, *rows, plans={"p.yaml": PLAN_CDHT})
    repo = load_repo(root)
    review = compare(repo.plans["tinh-mau"], repo.values, repo.areas, 2024, 2024)
    (r,) = [r for r in review.results if r.year == 2024]
    assert (r.status, r.actual, r.short, r.derived) == ("missed", Decimal("66.67"), ("99102",), ("99101", "99102"))
    assert r.derived_by.id == "tt25-2023-xa"
    v = repo.values.get(repo.catalogue[RESULT], "99201", 2024)
    assert (v.value, v.derived_by, v.source) == ("Mức độ 2", None, "QĐ công nhận (synthetic)")
    # the commune's own review names the derivation as the basis of its figure
    out = run("report", "tinh-mau", "--period", "2024-2024", "--area", "99101", cwd=root).stdout
    assert ("kết quả tính từ số liệu các tiêu chí, chỉ tiêu theo Thông tư số 25/2023/TT-BGDĐT, chưa có quyết định "
            "công nhận") in out


def test_the_scorecard_marks_the_levels_a_standard_derived_and_says_what_the_mark_means(tmp_path):
    """Xã An's and Xã Bình's levels come from their figures, Xã Cát's from a decision: the scorecard
    counts all three, marks the two derived cells "(*)" (JSON: `derived_by`) and says what "(*)" means
    and for how many units, in every format (the report's annex too: present/review_document.py)."""
    from xhht.judge.scorecard import scorecard
    from xhht.present.scorecard import scorecard_dict, scorecard_view

    rows = [*commune_figures("99101", 2024), *commune_figures("99102", 2024, cdht_xa_tc5_ct1="59"),
            *commune_figures("99201", 2024), "cdht-xa,99201,2024,Mức độ 2,,,QĐ công nhận (synthetic),"]
    repo = load_repo(std_repo(tmp_path, *rows, plans={"p.yaml": PLAN_CDHT}))
    card = scorecard(repo.plans["tinh-mau"], repo.values, repo.areas, 2024, "xa")
    view = scorecard_view(card, repo.areas, "vi")
    texts = {r["area"]: r["cells"][0]["text"] for r in view["rows"]}
    assert (texts["99101"], texts["99102"], texts["99201"]) == ("● Mức độ 1 (*)", "▼ Chưa đạt (*)", "▲ Mức độ 2")
    assert view["derived_note"] == ("(*) Chưa có quyết định công nhận: mức độ tính từ số liệu các tiêu chí, chỉ "
                                    "tiêu theo Thông tư số 25/2023/TT-BGDĐT (02 đơn vị).")
    cells = {r["area"]: r["cells"][0] for r in scorecard_dict(card, repo.areas)["rows"]}
    assert (cells["99101"].get("derived_by"), cells["99201"].get("derived_by")) == ("tt25-2023-xa", None)
    assert scorecard_view(card, repo.areas, "en")["derived_note"].endswith("Circular No. 25/2023/TT-BGDĐT (2 unit(s)).")
    # the workbook: "(*)" after a derived level, the note under the table
    from openpyxl import load_workbook

    from xhht.present.scorecard_xlsx import scorecard_xlsx

    (tmp_path / "card.xlsx").write_bytes(scorecard_xlsx(card, view))
    ws = load_workbook(tmp_path / "card.xlsx").worksheets[0]
    cells = {row[1].value: row[3] for row in ws.iter_rows(min_row=6) if row[1].value in texts}
    assert cells["99101"].number_format == '"● "@" (*)"' and cells["99201"].number_format == '"▲ "@'
    assert view["derived_note"] in [c.value for c in ws["A"]]


def test_the_report_json_says_the_derived_level_and_the_units_counted_by_one(tmp_path):
    root = std_repo(tmp_path, *commune_figures("99101", 2024), plans={"p.yaml": PLAN_CDHT})
    out = json.loads(run("report", "tinh-mau", "--period", "2024-2024", "--area", "99101", "-f", "json",
                         cwd=root).stdout)
    (r,) = [r for r in out["results"] if r["year"] == 2024]
    assert (r["actual"], r["status"], r["derived_by"]) == ("Mức độ 1", "met", "tt25-2023-xa")
    assert r["source"].startswith("kết quả tính từ số liệu các tiêu chí")
    out = json.loads(run("report", "tinh-mau", "--period", "2024-2024", "-f", "json", "--lang", "en",
                         cwd=root).stdout)
    (r,) = [r for r in out["results"] if r["year"] == 2024]
    assert r["derived"] == [{"area": "99101", "name": "Xã An"}] and r["derived_by"] == "tt25-2023-xa"
    assert r["reason"] == ("Units without a recorded decision, counted by the level the criteria of Circular No. "
                           "25/2023/TT-BGDĐT give (1): Xã An.")


def test_an_undetermined_derived_result_is_no_figure(tmp_path):
    rows = [r for r in commune_figures("99101", 2024) if not r.startswith("cdht-xa-tc3-ct2,")]
    root = std_repo(tmp_path, *rows)
    assert not value(root, "99101", 2024).ok
    assert not value(root, "99102", 2024).ok  # no figure of its own at all


def test_a_derived_recognition_stands_and_chua_dat_ends_a_recognition(tmp_path):
    """Điều 5 khoản 4 with CONTRACT 6: a recognition (recorded or derived) stands holds_for years while
    no later result exists; "Chưa đạt" does not stand, and ends the earlier one. The evaluator and the
    values layer agree."""
    root = std_repo(tmp_path, *commune_figures("99101", 2024),
                    "cdht-xa,99102,2024,Mức độ 1,,,QĐ (synthetic),", "cdht-xa,99102,2025,Chưa đạt,,,QĐ (synthetic),",
                    *commune_figures("99201", 2024), *commune_figures("99201", 2025, cdht_xa_tc5_ct1="10"))
    repo = load_repo(root)
    ind, evaluator = repo.catalogue[RESULT], repo.evaluator
    standing = repo.values.get(ind, "99101", 2027)
    assert (standing.value, standing.standing_from, standing.derived_by.id) == ("Mức độ 1", 2024, "tt25-2023-xa")
    assert not repo.values.get(ind, "99101", 2028).ok
    for area in ("99102", "99201"):  # a later "Chưa đạt", recorded or derived, ends the 2024 recognition
        assert not repo.values.get(ind, area, 2026).ok, area
        assert evaluator.unit(repo.standards["tt25-2023-xa"], area, 2026).result is None, area
    assert repo.values.get(ind, "99201", 2025).value == "Chưa đạt"


def test_a_repository_whose_plans_name_no_standards_result_evaluates_nothing(tmp_path, monkeypatch):
    """The national repository's speed: the values layer asks the evaluator only for a standard's result,
    and the evaluator evaluates no unit while no figure of the standard's chỉ tiêu exists."""
    from conftest import PLAN

    def refuse(*args):
        raise AssertionError("evaluated")

    root = std_repo(tmp_path, *commune_figures("99101", 2024), plans={"p.yaml": PLAN})
    monkeypatch.setattr(Evaluator, "_evaluate", refuse)
    repo = load_repo(root)
    for plan in repo.plans.values():
        compare(plan, repo.values, repo.areas, plan.start, plan.end)
    # a plan on cdht-xa in a repository of decisions only: no chỉ tiêu anywhere, nothing evaluated
    root = std_repo(tmp_path / "b", "cdht-xa,99101,2024,Mức độ 1,,,QĐ (synthetic),", plans={"p.yaml": PLAN_CDHT})
    repo = load_repo(root)
    review = compare(repo.plans["tinh-mau"], repo.values, repo.areas, 2024, 2026)
    assert [(r.year, r.actual) for r in review.results] == [(2024, Decimal("33.33")), (2026, Decimal("33.33"))]


def test_the_default_period_counts_the_years_of_the_chi_tieu(tmp_path):
    root = std_repo(tmp_path, *commune_figures("99101", 2025), plans={"p.yaml": PLAN_CDHT})
    repo = load_repo(root)
    assert default_period(repo.plans["tinh-mau"], repo.values, repo.areas) == (2024, 2025)


# ---------------------------------------------------------------- forms


def test_missing_asks_a_commune_whose_level_is_neither_recorded_nor_derived_for_its_chi_tieu(tmp_path):
    rows = [r for r in commune_figures("99201", 2024) if not r.startswith(("cdht-xa-tc1-ct1,", "cdht-xa-tc5-ct2,"))]
    root = std_repo(tmp_path, *commune_figures("99101", 2024), "cdht-xa,99102,2024,Mức độ 1,,,QĐ (synthetic),",
                    *rows, plans={"p.yaml": PLAN_CDHT})
    repo = load_repo(root)
    plan = repo.plans["tinh-mau"]
    found = missing(plan, repo.areas, 2024, repo.values, standards=repo.standards.values())
    assert [(m.area, m.indicator.id) for m in found] == [("99201", "cdht-xa-tc1-ct1"), ("99201", "cdht-xa-tc5-ct2")]
    assert {m.standard.id for m in found} == {"tt25-2023-xa"}
    assert [(m.area, m.indicator.id) for m in missing(plan, repo.areas, 2024, repo.values)] == [("99201", RESULT)]


def test_missing_counts_a_standards_chi_tieu_instead_of_naming_all_sixteen(tmp_path):
    """`xhht missing` text: a commune that sent none of Thông tư 25/2023's chỉ tiêu is asked for "16 chỉ
    tiêu tự đánh giá" in a few words, not their 16 names; one that sent some, for those it did not, each
    name in quotes (a name holds commas and semicolons); the plan's own indicators keep their names."""
    from xhht.cli.missing import missing_text

    rows = [r for r in commune_figures("99201", 2024) if not r.startswith(("cdht-xa-tc1-ct1,", "cdht-xa-tc3-ct1,"))]
    root = std_repo(tmp_path, *commune_figures("99101", 2024), *rows, plans={"p.yaml": PLAN_CDHT})
    repo = load_repo(root)
    found = missing(repo.plans["tinh-mau"], repo.areas, 2024, repo.values, standards=repo.standards.values())
    lines = missing_text("tinh-mau", 2024, found, "vi").splitlines()
    names = [repo.catalogue[i].name for i in ("cdht-xa-tc1-ct1", "cdht-xa-tc3-ct1")]
    assert ";" in names[1] and len(found) == 18
    assert lines == [
        "Kế hoạch tinh-mau, năm 2024: 2 đơn vị còn thiếu 18 số liệu",
        "99102 " + repo.areas.name("99102", 2024) + ": chưa có số liệu 16 chỉ tiêu tự đánh giá theo Thông tư số "
        "25/2023/TT-BGDĐT",
        "99201 " + repo.areas.name("99201", 2024) + ": chưa có số liệu 2 trong 16 chỉ tiêu tự đánh giá theo Thông tư "
        f"số 25/2023/TT-BGDĐT (“{names[0]}”, “{names[1]}”)"]
    assert missing_text("tinh-mau", 2024, found, "en").splitlines()[1].endswith(
        "no figure yet for the 16 self-assessment indicators of Circular No. 25/2023/TT-BGDĐT")


def test_a_plans_form_asks_a_commune_for_the_chi_tieu_of_its_level_from_the_year_the_standard_is_in_force(tmp_path):
    """CONTRACT 13: `xhht form PLAN --each xa` on a plan of cdht-xa gives each commune the rows of
    tt25-2023-xa (the plan's target in the first one's help); 2023, before the standard, the level."""
    from openpyxl import load_workbook

    plan = PLAN_CDHT.replace("period: 2024-2026", "period: 2023-2026").replace("{2024: 100,", "{2023: 80, 2024: 100,")
    root = std_repo(tmp_path, plans={"p.yaml": plan})
    proc = run("form", "tinh-mau", "--year", "2024", "--each", "xa", "-o", str(tmp_path / "bieu"), cwd=root)
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(tmp_path / "bieu" / "99102.xlsx")["Số liệu"]
    col = {c.value: c.column - 1 for c in ws[2]}
    rows = [(r[col["indicator"]], r[col["period"]], r[col["target"]]) for r in ws.iter_rows(min_row=3, values_only=True)]
    repo = load_repo(root)
    wanted = standard_rows(repo.standards["tt25-2023-xa"], repo.areas, 2024, ["99102"])
    assert [(i, int(p)) for i, p, _ in rows] == [(r.indicator.id, r.year) for r in wanted]
    assert rows[0][2] == ("Tiêu chí 1: Mức độ 1, Mức độ 2: đạt; để xác định mức độ, mỗi xã: ≥ Mức độ 1 "
                          "(chỉ tiêu: 100% số xã đạt)")
    before = form_rows(repo.plans["tinh-mau"], repo.areas, 2023, repo.standards.values())
    assert {(r.indicator.id, r.area) for r in before} == {(RESULT, c) for c in ("99101", "99102", "99201")}


def test_a_standards_rows_show_each_levels_bars_a_tagged_units_own_and_the_year_before_an_increase(tmp_path):
    repo = load_repo(std_repo(tmp_path))
    xa = {(r.area, r.indicator.id): r for r in standard_rows(repo.standards["tt25-2023-xa"], repo.areas, 2024,
                                                              ["99101", "99102"])}
    assert [i for a, i in xa if a == "99101"][:4] == ["cdht-xa-tc1-ct1", "cdht-xa-tc1-ct2", "cdht-xa-tc1-ct3",
                                                       "cdht-xa-tc2-ct1"]
    assert xa["99101", "cdht-xa-tc1-ct1"].target == "Tiêu chí 1: Mức độ 1, Mức độ 2: đạt"
    assert xa["99101", "cdht-xa-tc1-ct1"].choices == ("Đạt", "Không đạt")
    assert xa["99101", "cdht-xa-tc5-ct2"].target == "Tiêu chí 5: Mức độ 1: ≥ 50%; Mức độ 2: ≥ 60%"
    assert xa["99102", "cdht-xa-tc5-ct2"].target == ("Tiêu chí 5: Mức độ 1: ≥ 40%; Mức độ 2: ≥ 50% (mức riêng của xã "
                                                     "thuộc vùng khó khăn; mức chung: Mức độ 1: ≥ 50%; Mức độ 2: ≥ 60%)")
    huyen = standard_rows(repo.standards["tt25-2023-huyen"], repo.areas, 2024, ["991"])
    assert [(r.indicator.id, r.year) for r in huyen][-4:] == [
        ("cdht-huyen-tc4-ct2", 2024), ("cdht-huyen-tc4-ct2", 2023), ("cdht-huyen-tc4-ct3", 2024),
        ("cdht-huyen-tc4-ct3", 2023)]
    assert "cdht-huyen-tc4-ct1" not in {r.indicator.id for r in huyen}  # the share of xã: their results


def test_a_percent_chi_tieu_needs_its_counts_where_a_plan_rolls_it_up(tmp_path):
    plan = PLAN_CDHT.replace("""      - id: cdht-xa
""", """      - id: cdht-xa-tc5-ct1
        name: Công dân học tập
        unit: percent
        targets: {2024: 60}
      - id: cdht-xa
""")
    repo = load_repo(std_repo(tmp_path, plans={"p.yaml": plan}))
    counted = needed_counts(repo.plans.values(), repo.areas, 2024)
    rows = standard_rows(repo.standards["tt25-2023-xa"], repo.areas, 2024, ["99101"], counted)
    assert {r.indicator.id for r in rows if r.counts} == {"cdht-xa-tc5-ct1"}
    # after cdht-xa, whose chỉ tiêu it is: the plan's form asks it once, for the plan's own target
    # (not done with once the level is known)
    after = PLAN_CDHT + """      - id: cdht-xa-tc5-ct1
        name: Công dân học tập
        unit: percent
        targets: {2024: 60}
"""
    repo = load_repo(std_repo(tmp_path / "b", plans={"p.yaml": after}))
    mine = [r for r in form_rows(repo.plans["tinh-mau"], repo.areas, 2024, repo.standards.values())
            if (r.indicator.id, r.area) == ("cdht-xa-tc5-ct1", "99101")]
    assert [(r.counts, r.level_of) for r in mine] == [(True, None)]


def test_form_each_commune_then_import_then_the_derived_level(tmp_path):
    """`xhht form tt25-2023-xa --year Y --each xa -o DIR`, filled as a commune would (Đạt / Không đạt from
    the drop-down, a percent as numerator and denominator), `xhht import`: the level is derived."""
    from openpyxl import load_workbook

    root = std_repo(tmp_path)
    out = tmp_path / "bieu"
    proc = run("form", "tt25-2023-xa", "--year", "2025", "--each", "xa", "-o", str(out), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["99101.xlsx", "99102.xlsx", "99201.xlsx"]
    wb = load_workbook(out / "99102.xlsx")
    ws = wb["Số liệu"]
    lists = {tuple(c.value for c in col if c.value is not None) for col in wb["Danh sách"].iter_cols()}
    assert ("Đạt", "Không đạt") in lists
    assert "BIỂU TỰ ĐÁNH GIÁ NĂM 2025" == wb["Hướng dẫn"]["A1"].value
    col = {c.value: c.column for c in ws[2]}
    figures = {"cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 2", "cdht-xa-tc4-ct4": "Mức độ 2",
               "cdht-xa-tc5-ct1": (62, 100), "cdht-xa-tc5-ct2": (41, 100), "cdht-xa-tc5-ct2-dh": (10, 100)}
    for r in range(3, ws.max_row + 1):
        figure = figures.get(ws.cell(row=r, column=col["indicator"]).value, "Đạt")
        if isinstance(figure, tuple):
            ws.cell(row=r, column=col["numerator"]).value, ws.cell(row=r, column=col["denominator"]).value = figure
        else:
            ws.cell(row=r, column=col["value"]).value = figure
    wb.save(out / "99102.xlsx")
    proc = run("import", str(out / "99102.xlsx"), str(out / "99101.xlsx"), cwd=root)
    assert proc.returncode == 0, proc.stdout
    assert "thêm 16" in proc.stdout and "bỏ qua 16 dòng" in proc.stdout
    assert "cdht-xa-tc1-ct1,99102,2025,yes," in (root / "data" / "2025" / "99102.csv").read_text(encoding="utf-8")
    assert value(root, "99102", 2025).value == "Mức độ 1"  # 41% and 10%: the bars of a xã thuộc vùng khó khăn


def test_form_of_a_standard_without_each_and_what_it_refuses(tmp_path):
    root = std_repo(tmp_path)
    proc = run("form", "tt25-2023-xa", "--year", "2024", "-o", str(tmp_path / "all.xlsx"), cwd=root)
    assert proc.returncode == 0 and "48 dòng (16 chỉ tiêu, 3 đơn vị)" in proc.stderr
    proc = run("form", "tt25-2023-xa", "--year", "2024", "--area", "991", "-o", str(tmp_path / "h.xlsx"), cwd=root)
    assert proc.returncode == 0 and "32 dòng (16 chỉ tiêu, 2 đơn vị)" in proc.stderr
    proc = run("form", "tt25-2023-xa", "--year", "2023", "-o", str(tmp_path / "x.xlsx"), cwd=root)
    assert proc.returncode == 2 and "có hiệu lực từ ngày 12/02/2024: năm 2023 chưa áp dụng" in proc.stderr
    proc = run("form", "tt25-2023-huyen", "--year", "2024", "--area", "99101", "-o", str(tmp_path / "y.xlsx"),
               cwd=root)  # a commune has no district below it: the option at fault is --area
    assert proc.returncode == 2 and proc.stderr.startswith("xhht: --area: không có đơn vị cấp huyện"), proc.stderr


@pytest.mark.parametrize("text, want", [("Không đạt", "no"), ("không  đạt", "no"), ("Đạt", "yes"), ("Chưa đạt", "no")])
def test_the_councils_words_read_as_yes_no(text, want):
    from xhht.base.units import unit_of

    assert unit_of("yes-no").read_label(" ".join(text.split()), None) == want

