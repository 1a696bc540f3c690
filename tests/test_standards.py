"""Standards (issue 23, CONTRACT 13): the shipped transcription of Thông tư 25/2023/TT-BGDĐT, standard
files, the level derived from the criteria, `xhht standards` and `xhht evaluate`.

The repositories built here are SYNTHETIC (made-up units and figures, each the smallest that shows
one rule); the circular's text in tests/fixtures/tt25-2023-phapdien.txt is the real one the shipped
standards were transcribed from (Bộ Pháp điển, Đề mục 13.1)."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, run, write_repo
from xhht.cli.docgen import STANDARD, commune_figures
from xhht.judge.standards import Evaluator, evaluate
from xhht.load.standards import load_standards, shipped_texts
from xhht.repo import load_repo

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
SHIPPED = ROOT / "src" / "xhht" / "load" / "shipped"
TEXT = ROOT / "tests" / "fixtures" / "tt25-2023-phapdien.txt"

# A SYNTHETIC province: two districts, three communes (Xã Bình is a xã thuộc vùng khó khăn).
AREAS = """\
code,name,level,parent,tags
99,Tỉnh Mẫu,tinh,,
991,Huyện Đông,huyen,99,
992,Huyện Tây,huyen,99,
99101,Xã An,xa,991,
99102,Xã Bình,xa,991,kho-khan
99201,Xã Cát,xa,992,
"""


def data(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


def std_repo(tmp_path: Path, *rows: str, areas: str = AREAS, plans: dict | None = None,
             standards: dict | None = None) -> Path:
    root = write_repo(tmp_path / "repo", plans=plans if plans is not None else {}, areas=areas,
                      data={"tu-danh-gia.csv": data(*rows)})
    for name, text in (standards or {}).items():
        (root / "standards").mkdir(exist_ok=True)
        (root / "standards" / name).write_text(text, encoding="utf-8")
    return root


def unit_result(root: Path, standard: str, area: str, year: int):
    repo = load_repo(root)
    return Evaluator(repo.standards, repo.values, repo.areas).unit(repo.standards[standard], area, year)


def codes_of(root: Path) -> list[tuple[str, str, int]]:
    return [(p.code, p.file, p.line) for p in load_repo(root).problems]


# ---------------------------------------------------------------- the shipped transcription


def test_the_shipped_standards_load_without_a_problem_and_have_the_contracts_ids():
    loaded = load_standards([(name, text, True) for name, text in shipped_texts()])
    assert loaded.problems == [] and loaded.unloaded == set()
    assert set(loaded.standards) == {"tt25-2023-xa", "tt25-2023-huyen", "tt25-2023-tinh"}
    xa = loaded.standards["tt25-2023-xa"]
    ids = [r.indicator.id for r in xa.requirements]
    assert ids == ([f"cdht-xa-tc{t}-ct{c}" for t in (1, 2, 3) for c in (1, 2, 3)]
                   + [f"cdht-xa-tc4-ct{c}" for c in (1, 2, 3, 4)]
                   + ["cdht-xa-tc5-ct1", "cdht-xa-tc5-ct2", "cdht-xa-tc5-ct2-dh"])
    assert [c.code for c in xa.criteria] == ["1", "2", "3", "4", "5"]
    units = {r.indicator.id: (r.indicator.unit, r.indicator.levels) for r in xa.requirements}
    assert units["cdht-xa-tc1-ct1"] == ("yes-no", None) and units["cdht-xa-tc5-ct1"] == ("percent", None)
    assert units["cdht-xa-tc4-ct2"] == ("level", ("Chưa đạt", "Mức độ 1", "Mức độ 2", "Mức độ 3"))
    assert units["cdht-xa-tc4-ct4"] == ("level", ("Chưa đạt", "Mức độ 1", "Mức độ 2"))
    for s in loaded.standards.values():
        assert s.result.levels == ("Chưa đạt", "Mức độ 1", "Mức độ 2") and s.holds_for == 3
        assert s.valid_from.isoformat() == "2024-02-12" and s.number == "25/2023/TT-BGDĐT"
        assert s.result.id == "cdht-" + s.level
    counts = {s.level: (len(s.criteria), len(s.requirements)) for s in loaded.standards.values()}
    assert counts == {"xa": (5, 16), "huyen": (4, 13), "tinh": (4, 16)}


def _comment_blocks(text: str) -> list[tuple[str, str]]:
    """(a comment block joined into one line, the first line after it)."""
    out, block = [], []
    for line in text.split("\n"):
        if line.strip().startswith("#"):
            block.append(line.strip()[1:].strip())
        else:
            if block:
                out.append((" ".join(block), line))
            block = []
    return out


@pytest.mark.parametrize("name", ["tt25-2023-xa.yaml", "tt25-2023-huyen.yaml", "tt25-2023-tinh.yaml"])
def test_every_threshold_quotes_the_circular_word_for_word(name):
    """Each threshold has, right above it, the sentence of the circular it comes from; every quoted
    fragment (between `…`) is in the text, word for word."""
    circular = " ".join(unicodedata.normalize("NFC", TEXT.read_text(encoding="utf-8")).split())
    text = (SHIPPED / name).read_text(encoding="utf-8")
    quoted = 0
    for block, _after in _comment_blocks(text):
        for quote in re.findall(r'"([^"]+)"', block):
            for fragment in (f.strip(" ;.,") for f in quote.split("…")):
                if len(fragment) >= 8:
                    assert fragment in circular, fragment
                    quoted += 1
    assert quoted > 40
    thresholds = re.findall(r"\n( +)#[^\n]*\n\1Mức độ [12]: ", text)
    levels = re.findall(r"\n +Mức độ [12]: ", text)
    assert len(levels) == len(thresholds) > 0  # none without its comment


def test_the_names_are_the_circulars_words():
    circular = " ".join(unicodedata.normalize("NFC", TEXT.read_text(encoding="utf-8")).split())
    loaded = load_standards([(name, text, True) for name, text in shipped_texts()])
    for s in loaded.standards.values():
        for c in s.criteria:
            assert f"Tiêu chí {c.code}: {c.title}" in circular, c.title
        for r in s.requirements:
            if r.indicator.unit == "yes-no":  # the whole chỉ tiêu; the others without their threshold
                assert f": {r.indicator.name}" in circular, r.indicator.name


# ---------------------------------------------------------------- the derivation


def test_a_bar_is_inclusive_and_the_highest_level_reached_is_the_result(tmp_path):
    """"ít nhất 60%" is met by 60; every chỉ tiêu at mức độ 1 exactly gives Mức độ 1."""
    root = std_repo(tmp_path, *commune_figures("99101", 2024))
    found = unit_result(root, "tt25-2023-xa", "99101", 2024)
    assert found.derived == "Mức độ 1" and found.missing == ()
    assert found.failing("Mức độ 2") == ["4", "5"]
    root = std_repo(tmp_path / "b", *commune_figures("99101", 2024, cdht_xa_tc5_ct1="59.9"))
    assert unit_result(root, "tt25-2023-xa", "99101", 2024).derived == "Chưa đạt"
    root = std_repo(tmp_path / "c", *commune_figures("99101", 2024, cdht_xa_tc4_ct3="Mức độ 3", cdht_xa_tc5_ct1="80",
                                                     cdht_xa_tc5_ct2="60", cdht_xa_tc5_ct2_dh="15"))
    assert unit_result(root, "tt25-2023-xa", "99101", 2024).derived == "Mức độ 2"


def test_a_tagged_unit_is_held_to_its_own_bar(tmp_path):
    """Thông tư 25/2023, Điều 6 khoản 5 điểm b: a xã thuộc vùng khó khăn needs 40% and 10%, not 50% and 12%."""
    rows = [*commune_figures("99101", 2024, cdht_xa_tc5_ct2="45", cdht_xa_tc5_ct2_dh="10"),
            *commune_figures("99102", 2024, cdht_xa_tc5_ct2="45", cdht_xa_tc5_ct2_dh="10")]
    root = std_repo(tmp_path, *rows)
    assert unit_result(root, "tt25-2023-xa", "99101", 2024).derived == "Chưa đạt"
    tagged = unit_result(root, "tt25-2023-xa", "99102", 2024)
    assert tagged.derived == "Mức độ 1"
    measured = {m.indicator.id: m for m in tagged.measured}["cdht-xa-tc5-ct2"]
    assert measured.tag == "kho-khan" and measured.tag_words == "xã thuộc vùng khó khăn"
    assert str(measured.bars["Mức độ 1"].condition.value) == "40"


def test_a_missing_figure_leaves_the_result_undetermined_and_is_named(tmp_path):
    rows = [r for r in commune_figures("99101", 2024) if not r.startswith("cdht-xa-tc3-ct2,")]
    root = std_repo(tmp_path, *rows)
    found = unit_result(root, "tt25-2023-xa", "99101", 2024)
    assert found.derived is None and found.missing == ("cdht-xa-tc3-ct2",) and found.at_least is None
    # the reason names where, by criterion as the circular numbers them (not the id; the table names each)
    from xhht.present.standards import why

    areas = load_repo(root).areas
    assert why(found, areas, "vi").endswith("còn thiếu số liệu của 1 chỉ tiêu ở tiêu chí 3")
    assert why(found, areas, "en").endswith("no figure for 1 indicator(s) in criteria 3")
    # a figure that fails decides even while another is missing: no level can be reached
    rows = [r for r in commune_figures("99101", 2024, cdht_xa_tc5_ct1="10") if not r.startswith("cdht-xa-tc3-ct2,")]
    found = unit_result(std_repo(tmp_path / "b", *rows), "tt25-2023-xa", "99101", 2024)
    assert found.derived == "Chưa đạt" and found.missing == ("cdht-xa-tc3-ct2",)
    # mức độ 2 undetermined, mức độ 1 reached: the result is undetermined, but at least Mức độ 1
    rows = [r for r in commune_figures("99101", 2024, cdht_xa_tc4_ct3="Mức độ 3", cdht_xa_tc5_ct1="80",
                                       cdht_xa_tc5_ct2="60", cdht_xa_tc5_ct2_dh="15")
            if not r.startswith("cdht-xa-tc5-ct1,")] + ["cdht-xa-tc5-ct1,99101,2024,,61,100,synthetic,"]
    found = unit_result(std_repo(tmp_path / "c", *rows), "tt25-2023-xa", "99101", 2024)
    assert found.derived == "Mức độ 1"  # 61% (from numerator and denominator) fails mức độ 2: decided
    rows = [r for r in commune_figures("99101", 2024, cdht_xa_tc4_ct3="Mức độ 3", cdht_xa_tc5_ct1="80",
                                       cdht_xa_tc5_ct2="60", cdht_xa_tc5_ct2_dh="15")
            if not r.startswith("cdht-xa-tc5-ct2-dh,")]
    found = unit_result(std_repo(tmp_path / "d", *rows), "tt25-2023-xa", "99101", 2024)
    assert found.derived is None and found.at_least is None  # 12% is needed for mức độ 1 too


def test_a_unit_without_figures_of_its_own_has_no_result(tmp_path):
    root = std_repo(tmp_path, *commune_figures("99101", 2024))
    found = unit_result(root, "tt25-2023-xa", "99201", 2024)
    assert found.derived is None and not found.assessed and len(found.missing) == 16


def test_a_recorded_decision_is_the_result_and_a_derived_one_that_differs_is_a_warning(tmp_path):
    rows = [*commune_figures("99101", 2024), "cdht-xa,99101,2024,Mức độ 2,,,Quyết định công nhận (synthetic),",
            *commune_figures("99102", 2024, cdht_xa_tc5_ct1="10"),
            "cdht-xa,99102,2024,Mức độ 1,,,Quyết định công nhận (synthetic),",
            *commune_figures("99201", 2024), "cdht-xa,99201,2024,Mức độ 1,,,Quyết định công nhận (synthetic),"]
    root = std_repo(tmp_path, *rows)
    found = unit_result(root, "tt25-2023-xa", "99101", 2024)
    assert (found.recorded, found.derived, found.result) == ("Mức độ 2", "Mức độ 1", "Mức độ 2")
    problems = [p for p in load_repo(root).problems if p.code == "level-disagrees"]
    assert [(p.file, p.line) for p in problems] == [("data/tu-danh-gia.csv", 18), ("data/tu-danh-gia.csv", 35)]
    assert problems[0].params["failing"] == ("4", "5") and problems[0].severity == "warning"
    assert "chưa đạt Mức độ 2 ở tiêu chí 4, 5" in problems[0].message_in("vi")
    assert "'Chưa đạt'" in problems[1].message_in("vi") and "chưa đạt Mức độ 1 ở tiêu chí 5" in problems[1].message_in("vi")
    # an undetermined derived result is no disagreement
    rows = [r for r in commune_figures("99101", 2024) if "tc3-ct2," not in r]
    root = std_repo(tmp_path / "b", *rows, "cdht-xa,99101,2024,Mức độ 2,,,QĐ (synthetic),")
    assert "level-disagrees" not in [c for c, _, _ in codes_of(root)]


def test_a_recorded_level_below_the_derived_one_is_said_too(tmp_path):
    root = std_repo(tmp_path, *commune_figures("99101", 2024), "cdht-xa,99101,2024,Chưa đạt,,,QĐ (synthetic),")
    (p,) = [p for p in load_repo(root).problems if p.code == "level-disagrees"]
    assert "đạt tất cả các tiêu chí của Mức độ 1" in p.message_in("vi")
    assert p.params["failing"] is None


HUYEN = [f"cdht-huyen-tc{t}-ct{c}" for t, n in ((1, 3), (2, 4), (3, 3)) for c in range(1, n + 1)]


def district_figures(area: str, year: int, income: str = "52.4", before: str | None = "48.1",
                     work: str = "91.2", work_before: str | None = "90.5") -> list[str]:
    """A district's own figures (SYNTHETIC): criteria 1-3 đạt, income and employment rising."""
    rows = [f"{i},{area},{year},yes,,,synthetic," for i in HUYEN]
    rows += [f"cdht-huyen-tc4-ct2,{area},{year},{income},,,synthetic,",
             f"cdht-huyen-tc4-ct3,{area},{year},{work},,,synthetic,"]
    if before is not None:
        rows.append(f"cdht-huyen-tc4-ct2,{area},{year - 1},{before},,,synthetic,")
    if work_before is not None:
        rows.append(f"cdht-huyen-tc4-ct3,{area},{year - 1},{work_before},,,synthetic,")
    return rows


def _district(n: int, tags: str = "") -> str:
    """A district 881 of `n` communes 88101… (SYNTHETIC)."""
    return ("code,name,level,parent\n88,Tỉnh Mẫu,tinh,\n881,Huyện Mẫu,huyen,88\n"
            + "".join(f"881{i:02d},Xã {i},xa,881\n" for i in range(1, n + 1)))


def test_a_share_of_lower_units_counts_their_results_and_waits_while_they_could_change_it(tmp_path):
    """Điều 11 khoản 4 điểm a: "ít nhất 90% số xã được công nhận đạt … mức độ 1"; a xã at mức độ 2 counts."""
    recorded = [f"cdht-xa,881{i:02d},2024,Mức độ 1,,,QĐ (synthetic)," for i in range(1, 9)]
    recorded.append("cdht-xa,88109,2024,Mức độ 2,,,QĐ (synthetic),")
    root = std_repo(tmp_path, *recorded, *district_figures("881", 2024), areas=_district(10))
    found = unit_result(root, "tt25-2023-huyen", "881", 2024)
    share = {m.indicator.id: m for m in found.measured}["cdht-huyen-tc4-ct1"]
    assert share.share.without == ("88110",) and share.meeting == {"Mức độ 1": 9, "Mức độ 2": 1}
    assert share.met == {"Mức độ 1": True, "Mức độ 2": False}  # 9/10 = 90%: met whatever 88110's result is
    assert found.derived == "Mức độ 1"
    # with two units unknown, 8/10 (80%) may still become 10/10: undetermined
    root = std_repo(tmp_path / "b", *recorded[:8], *district_figures("881", 2024), areas=_district(10))
    found = unit_result(root, "tt25-2023-huyen", "881", 2024)
    assert found.derived is None and "cdht-huyen-tc4-ct1" in found.missing
    # with three "Chưa đạt", 7/10 cannot reach 90%: mức độ 1 is not reached, decided
    chua = [f"cdht-xa,881{i:02d},2024,Chưa đạt,,,QĐ (synthetic)," for i in (8, 9, 10)]
    root = std_repo(tmp_path / "c", *recorded[:7], *chua, *district_figures("881", 2024), areas=_district(10))
    assert unit_result(root, "tt25-2023-huyen", "881", 2024).derived == "Chưa đạt"


def test_a_share_reads_the_lower_units_derived_results_where_no_decision_is_recorded(tmp_path):
    rows = [*commune_figures("88101", 2024), *district_figures("881", 2024)]
    root = std_repo(tmp_path, *rows, areas=_district(1))
    assert unit_result(root, "tt25-2023-huyen", "881", 2024).derived == "Mức độ 1"


def test_a_share_counts_a_recognition_that_still_stands_from_an_earlier_year(tmp_path):
    """SYNTHETIC. Điều 11: "số xã được công nhận"; a recognition is "bảo lưu trong thời hạn 3 năm": the
    xã recognised in 2023 still counts in 2025, one of 2021 no longer does."""
    recorded = [f"cdht-xa,881{i:02d},2023,Mức độ 1,,,QĐ (synthetic)," for i in range(1, 10)]
    root = std_repo(tmp_path, *recorded, *district_figures("881", 2025), areas=_district(9))
    share = {m.indicator.id: m for m in unit_result(root, "tt25-2023-huyen", "881", 2025).measured}["cdht-huyen-tc4-ct1"]
    assert share.meeting["Mức độ 1"] == 9 and share.met["Mức độ 1"] is True
    old = [r.replace(",2023,", ",2021,") for r in recorded]
    root = std_repo(tmp_path / "b", *old, *district_figures("881", 2025), areas=_district(9))
    share = {m.indicator.id: m for m in unit_result(root, "tt25-2023-huyen", "881", 2025).measured}["cdht-huyen-tc4-ct1"]
    assert share.meeting["Mức độ 1"] == 0


def test_increase_compares_with_the_year_before_which_is_needed_too(tmp_path):
    recorded = [f"cdht-xa,881{i:02d},2024,Mức độ 1,,,QĐ (synthetic)," for i in (1, 2)]
    root = std_repo(tmp_path, *recorded, *district_figures("881", 2024, income="48.1"), areas=_district(2))
    found = unit_result(root, "tt25-2023-huyen", "881", 2024)
    assert found.derived == "Chưa đạt" and found.failing("Mức độ 1") == ["4"]  # equal is no increase
    root = std_repo(tmp_path / "b", *recorded, *district_figures("881", 2024, before=None), areas=_district(2))
    found = unit_result(root, "tt25-2023-huyen", "881", 2024)
    income = {m.indicator.id: m for m in found.measured}["cdht-huyen-tc4-ct2"]
    assert found.derived is None and income.missing_previous and "cdht-huyen-tc4-ct2" in found.missing


def test_decrease_of_a_rate_where_lower_is_better(tmp_path):
    """Điều 16 khoản 4 điểm b: "Tỷ lệ hộ nghèo … giảm so với năm trước liền kề"."""
    areas = "code,name,level,parent\n77,Tỉnh Bảy,tinh,\n771,Huyện Bảy,huyen,77\n"
    tinh = [f"cdht-tinh-tc{t}-ct{c},77,2024,yes,,,synthetic," for t, n in ((1, 3), (2, 5), (3, 5)) for c in range(1, n + 1)
            if (t, c) != (3, 4)]
    tinh += ["cdht-tinh-tc3-ct4,77,2024,4,,,synthetic,", "cdht-tinh-tc4-ct2,77,2024,2.9,,,synthetic,",
             "cdht-tinh-tc4-ct2,77,2023,3.4,,,synthetic,", "cdht-tinh-tc4-ct3,77,2024,61500.5,,,synthetic,",
             "cdht-tinh-tc4-ct3,77,2023,58210,,,synthetic,", "cdht-huyen,771,2024,Mức độ 2,,,QĐ (synthetic),"]
    root = std_repo(tmp_path, *tinh, areas=areas)
    assert unit_result(root, "tt25-2023-tinh", "77", 2024).derived == "Mức độ 2"
    up = [r.replace("2.9", "3.6") for r in tinh]
    assert unit_result(std_repo(tmp_path / "b", *up, areas=areas), "tt25-2023-tinh", "77", 2024).derived == "Chưa đạt"


REFORM = """\
code,name,level,parent,valid_from,valid_to
77,Tỉnh Bảy,tinh,,,
771,Huyện Bảy,huyen,77,,2025-06-30
77101,Xã Một,xa,771,,2025-06-30
77110,Xã Mới,xa,77,2025-07-01,
"""


def test_after_the_reform_a_share_of_districts_is_not_applicable_and_the_district_standard_has_no_unit(tmp_path):
    changes = "date,old,new,whole\n2025-07-01,77101,77110,yes\n"
    tinh = [f"cdht-tinh-tc1-ct1,77,{y},yes,,,synthetic," for y in (2024, 2026)]
    root = std_repo(tmp_path, *tinh, areas=REFORM)
    (root / "area-changes.csv").write_text(changes, encoding="utf-8")
    assert codes_of(root) == []
    found = unit_result(root, "tt25-2023-tinh", "77", 2026)
    share = {m.indicator.id: m for m in found.measured}["cdht-tinh-tc4-ct1"]
    assert share.cause.kind == "level_gone" and share.met == {"Mức độ 1": None, "Mức độ 2": None}
    assert found.derived is None and found.cause is not None
    repo = load_repo(root)
    ev = evaluate(Evaluator(repo.standards, repo.values, repo.areas), repo.standards["tt25-2023-huyen"], 2026)
    assert ev.level_gone and ev.units == ()
    proc = run("evaluate", "tt25-2023-huyen", "--year", "2026", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Năm 2026 không còn đơn vị cấp huyện nào" in proc.stdout
    proc = run("evaluate", "tt25-2023-tinh", "--year", "2026", "-f", "json", cwd=root)
    unit = json.loads(proc.stdout)["units"][0]
    assert unit["result"] is None and "không còn đơn vị cấp huyện" in unit["reason"]
    assert [i for c in unit["criteria"] for i in c["indicators"] if i["id"] == "cdht-tinh-tc4-ct1"][0][
        "not_applicable"] is True
    # 2024 (before the reform): the district is counted
    found = unit_result(root, "tt25-2023-tinh", "77", 2024)
    assert {m.indicator.id: m for m in found.measured}["cdht-tinh-tc4-ct1"].cause is None


def test_a_province_of_100_communes_is_evaluated_in_well_under_a_second(tmp_path):
    areas = ("code,name,level,parent\n66,Tỉnh Sáu,tinh,\n"
             + "".join(f"66{d},Huyện {d},huyen,66\n" for d in range(1, 11))
             + "".join(f"66{d}{i:02d},Xã {d}-{i},xa,66{d}\n" for d in range(1, 11) for i in range(1, 11)))
    rows = [r for d in range(1, 11) for i in range(1, 11) for r in commune_figures(f"66{d}{i:02d}", 2024)]
    root = std_repo(tmp_path, *rows, areas=areas)
    repo = load_repo(root)
    started = time.perf_counter()
    ev = evaluate(Evaluator(repo.standards, repo.values, repo.areas), repo.standards["tt25-2023-xa"], 2024)
    elapsed = time.perf_counter() - started
    assert len(ev.units) == 100 and {u.result for u in ev.units} == {"Mức độ 1"}
    assert elapsed < 0.5, elapsed


# ---------------------------------------------------------------- in every repository


def test_the_standards_indicators_are_known_in_every_repository(tmp_path):
    root = std_repo(tmp_path, "cdht-xa-tc5-ct1,99101,2024,61.5,,,synthetic,", "cdht-xa,99101,2024,Mức độ 1,,,QĐ,",
                    "cdht-huyen-tc4-ct2,991,2024,-0.5,,,synthetic (an amount may be negative),")
    assert codes_of(root) == []
    root = std_repo(tmp_path / "b", "cdht-xa,99101,2024,Mức độ 3,,,QĐ,", "cdht-xa-tc4-ct1,99101,2024,có,,,x,")
    assert [c for c, _, _ in codes_of(root)] == ["unknown-level", "unknown-level"]


PLAN_CDHT = """\
id: tinh-mau
title: Kế hoạch thử (synthetic)
document: {number: 5/KH-UBND, issuer: UBND tỉnh Mẫu, date: 2024-03-01}
area: "99"
period: 2024-2026
groups:
  - code: a
    title: Cộng đồng học tập
    indicators:
      - id: cdht-xa
        name: Xã đạt chuẩn "Cộng đồng học tập"
        unit: level
        levels: [Chưa đạt, Mức độ 1, Mức độ 2]
        holds_for: 3
        subunits:
          - level: xa
            meeting: ">= Mức độ 1"
            share: {2024: 100, 2026: 100}
"""


def test_a_plan_names_a_standards_indicator_with_its_unit_and_levels(tmp_path):
    root = std_repo(tmp_path, plans={"p.yaml": PLAN_CDHT})
    assert codes_of(root) == []
    other = PLAN_CDHT.replace("levels: [Chưa đạt, Mức độ 1, Mức độ 2]", "levels: [Chưa đạt, Đạt]").replace(
        '">= Mức độ 1"', "Đạt")
    root = std_repo(tmp_path / "b", plans={"p.yaml": other})
    (p,) = load_repo(root).problems
    assert p.code == "indicator-conflict" and p.params["standard"] == "tt25-2023-xa" and p.line == 10
    assert "là của chuẩn tt25-2023-xa" in p.message_in("vi")


def test_a_recognition_by_the_standard_stands_three_years_in_a_plan(tmp_path):
    """The standard's result carries Điều 5 khoản 4's holds_for: 3, so a plan naming cdht-xa says the
    same (else indicator-conflict names holds_for), and a 2024 recognition counts in 2026."""
    rows = [f"cdht-xa,{c},2024,Mức độ 1,,,QĐ công nhận (synthetic)," for c in ("99101", "99102", "99201")]
    root = std_repo(tmp_path, *rows, plans={"p.yaml": PLAN_CDHT})
    assert codes_of(root) == []
    out = json.loads(run("report", "tinh-mau", "--period", "2024-2026", "-f", "json", cwd=root).stdout)
    (later,) = [r for r in out["results"] if r["year"] == 2026]
    assert later["status"] == "met" and later["actual"] == 100
    assert [s["from"] for s in later["standing"]] == [2024, 2024, 2024]
    root = std_repo(tmp_path / "b", *rows, plans={"p.yaml": PLAN_CDHT.replace("        holds_for: 3\n", "")})
    (p,) = load_repo(root).problems
    assert p.code == "indicator-conflict" and "holds_for" in p.message_in("vi")


# ---------------------------------------------------------------- standard files of a repository


def test_a_repositorys_own_standard_is_loaded_and_evaluated(tmp_path):
    root = std_repo(tmp_path, "chuan-thu-ct1,991,2024,50,,,synthetic,", "chuan-thu-ct1,992,2024,49.5,,,synthetic,",
                    standards={"thu.yaml": STANDARD})
    assert codes_of(root) == []
    proc = run("evaluate", "chuan-thu", "--year", "2024", "-f", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    units = {u["area"]: u["result"] for u in json.loads(proc.stdout)["units"]}
    assert units == {"991": "Đạt", "992": "Chưa đạt"}
    listed = json.loads(run("standards", "-f", "json", cwd=root).stdout)["standards"]
    assert [s["id"] for s in listed] == ["tt25-2023-xa", "tt25-2023-huyen", "tt25-2023-tinh", "chuan-thu"]
    assert listed[-1]["file"] == "standards/thu.yaml" and listed[0]["shipped"] is True


@pytest.mark.parametrize("old, new, code, line", [
    ("id: chuan-thu\n", "id: tt25-2023-xa\n", "duplicate-standard", 1),
    ("id: chuan-thu-ct1", "id: cdht-xa-tc1-ct1", "standard-indicator-taken", 13),
    ("id: chuan-thu-ct1", "id: chuan-thu-kq", "duplicate-indicator", 13),
    ('{Đạt: ">= 50"}', '{Dat: ">= 50"}', "standard-bad-level", 16),
    ("levels: [Chưa đạt, Đạt]", "levels: [Đạt]", "standard-bad-level", 8),
    ('{Đạt: ">= 50"}', '{Đạt: ">= 150"}', "target-out-of-range", 16),
    ('{Đạt: ">= 50"}', '{Đạt: {meeting: Đạt, share: ">= 90"}}', "bad-share", 16),
    ("        unit: percent\n", "        unit: percent\n        subunits: {level: tinh, indicator: cdht-tinh}\n",
     "bad-share", 16),
    ("        unit: percent\n", "        unit: percent\n        subunits: {level: xa, indicator: cdht-huyen}\n",
     "bad-share", 16),
    ("        unit: percent\n", "        unit: count\n        subunits: {level: xa, indicator: cdht-xa}\n",
     "bad-share", 15),
    ('{Đạt: ">= 50"}', '{Đạt: ">= 50"}\n        tagged: {Khó khăn: {Đạt: ">= 40"}}', "bad-tag", 17),
    ("        at:", "        at_level:", "unknown-key", 16),
    ("level: huyen", "level: thon", "bad-choice", 4),
])
def test_a_standard_with_an_error_is_not_loaded_and_its_figures_are_not_unknown(tmp_path, old, new, code, line):
    assert old in STANDARD
    root = std_repo(tmp_path, "chuan-thu-kq,991,2024,Đạt,,,synthetic,", standards={"thu.yaml": STANDARD.replace(old, new)})
    assert (code, "standards/thu.yaml", line) in codes_of(root)
    assert "unknown-indicator" not in [c for c, _, _ in codes_of(root)]
    repo = load_repo(root)
    if code != "duplicate-standard":
        assert "chuan-thu" not in repo.standards
    assert "tt25-2023-xa" in repo.standards and repo.standards["tt25-2023-xa"].shipped


def test_a_share_on_a_repositorys_standard_names_a_result_of_a_standard_of_that_level(tmp_path):
    text = STANDARD.replace("level: huyen", "level: tinh").replace(
        "        unit: percent\n", "        unit: percent\n        subunits: {level: huyen, indicator: cdht-huyen}\n"
    ).replace('{Đạt: ">= 50"}', '{Đạt: {meeting: ">= Mức độ 1", share: ">= 50"}}')
    root = std_repo(tmp_path, "cdht-huyen,991,2024,Mức độ 1,,,QĐ,", "cdht-huyen,992,2024,Chưa đạt,,,QĐ,",
                    standards={"thu.yaml": text})
    assert codes_of(root) == []
    found = unit_result(root, "chuan-thu", "99", 2024)
    assert found.derived is None and not found.assessed  # the province's own figures: none
    assert {m.indicator.id: m for m in found.measured}["chuan-thu-ct1"].met == {"Đạt": True}


def test_a_bad_tag_in_areas_csv_is_reported_and_the_unit_keeps_its_other_tags(tmp_path):
    areas = AREAS.replace("99102,Xã Bình,xa,991,kho-khan", "99102,Xã Bình,xa,991,kho-khan Vùng_Cao")
    root = std_repo(tmp_path, areas=areas)
    (p,) = load_repo(root).problems
    assert (p.code, p.line, p.column, p.params["fixed"]) == ("bad-tag", 6, 5, "vung-cao")
    assert load_repo(root).areas.unit("99102").tags == frozenset({"kho-khan"})


def test_standard_files_are_covered_by_the_schema_and_the_loader_agrees():
    import yaml
    from jsonschema import Draft202012Validator

    from xhht.model.schema import file_schema

    validator = Draft202012Validator(file_schema())
    for path in sorted(SHIPPED.glob("*.yaml")):
        doc = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert list(validator.iter_errors(doc)) == [], path
    bad = STANDARD.replace("        at:", "        att:")
    errors = list(validator.iter_errors(json.loads(json.dumps(yaml.safe_load(bad), default=str))))
    assert any("'att'" in e.message for e in errors)
    loaded = load_standards([("standards/thu.yaml", bad, False)])
    assert sorted((p.code, p.line) for p in loaded.problems) == [("missing-key", 13), ("unknown-key", 16)]
    assert loaded.problems[1].params["guess"] == "at"
    assert {d["title"] for d in file_schema()["$defs"].values()} >= {
        "StandardSpec", "CriterionSpec", "StandardIndicatorSpec", "StandardResultSpec", "ShareBarSpec", "SourceSpec"}


def test_the_cache_keeps_the_standards(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = std_repo(tmp_path, *commune_figures("99101", 2024), "chuan-thu-ct1,991,2024,50,,,synthetic,",
                    standards={"thu.yaml": STANDARD})
    first = load_repo(root, cache=True)
    again = load_repo(root, cache=True)  # restored: no YAML parsed
    assert again.standards == first.standards and again.standard_files == first.standard_files
    assert list(again.standards) == list(first.standards)
    assert again.catalogue.keys() == first.catalogue.keys()
    (root / "standards" / "thu.yaml").write_text(STANDARD.replace("Tỷ lệ thử", "Tỷ lệ khác"), encoding="utf-8")
    changed = load_repo(root, cache=True)  # a standard file is an input of the cache's key
    assert changed.standards["chuan-thu"].criteria[0].requirements[0].indicator.name == "Tỷ lệ khác"


# ---------------------------------------------------------------- the commands


def test_xhht_standards_lists_them_in_a_repository_and_outside_any(tmp_path):
    proc = run("standards", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == 'tt25-2023-xa  Đánh giá, công nhận "Cộng đồng học tập" cấp xã'
    assert lines[1] == "    Văn bản: 25/2023/TT-BGDĐT (Bộ Giáo dục và Đào tạo); hiệu lực từ 12/02/2024"
    assert ("Cấp: xã (xa); Tiêu chí: 5; Chỉ tiêu: 16; Kết quả: cdht-xa [Chưa đạt, Mức độ 1, Mức độ 2]; "
            "kết quả công nhận được bảo lưu 3 năm (holds_for: 3)") in proc.stdout  # what a plan naming it writes
    assert "Nguồn: có sẵn trong xhht" in proc.stdout
    en = run("standards", "--lang", "en", cwd=tmp_path).stdout
    assert "Level: commune (xa); Criteria: 5; Indicators: 16" in en and "shipped with xhht" in en


def test_xhht_evaluate_in_every_format(tmp_path):
    rows = [*commune_figures("99101", 2024), *commune_figures("99102", 2024, cdht_xa_tc5_ct2="45"),
            *[r for r in commune_figures("99201", 2024) if "tc3-ct2," not in r]]
    root = std_repo(tmp_path, *rows)
    md = run("evaluate", "tt25-2023-xa", "--year", "2024", cwd=root)
    assert md.returncode == 0, md.stderr
    assert "| Mức độ 1 | 2 |" in md.stdout and "| Chưa xác định | 1 |" in md.stdout
    assert "## Xã Cát (99201): Chưa xác định" in md.stdout
    assert "Còn thiếu số liệu: cdht-xa-tc3-ct2." in md.stdout
    assert "| 45% — ngưỡng riêng của xã thuộc vùng khó khăn | đạt (40% trở lên) | không đạt (50% trở lên) |" in md.stdout
    assert md.stdout == run("evaluate", "tt25-2023-xa", "--year", "2024", cwd=root).stdout  # deterministic
    data = json.loads(run("evaluate", "tt25-2023-xa", "--year", "2024", "-f", "json", cwd=root).stdout)
    assert data["standard"] == "tt25-2023-xa" and data["year"] == 2024
    unit = data["units"][2]
    assert set(unit) >= {"area", "name", "result", "standing_from", "criteria", "missing"}
    assert (unit["area"], unit["result"], unit["missing"]) == ("99201", None, ["cdht-xa-tc3-ct2"])
    assert unit["criteria"][2]["met"] == {"Mức độ 1": None, "Mức độ 2": None}
    assert unit["criteria"][4]["indicators"][0] == {**unit["criteria"][4]["indicators"][0], "id": "cdht-xa-tc5-ct1",
                                                    "actual": 60, "met": {"Mức độ 1": True, "Mức độ 2": False}}
    html = run("evaluate", "tt25-2023-xa", "--year", "2024", "-f", "html", "--area", "991", cwd=root)
    assert html.returncode == 0 and "<h2>Xã An (99101): Mức độ 1</h2>" in html.stdout and "Xã Cát" not in html.stdout
    assert run("evaluate", "tt25-2023-xa", "--year", "2024", "-f", "xlsx", cwd=root).returncode == 2
    out = tmp_path / "danh-gia.xlsx"
    assert run("evaluate", "tt25-2023-xa", "--year", "2024", "-f", "xlsx", "-o", str(out), cwd=root).returncode == 0
    first = out.read_bytes()
    run("evaluate", "tt25-2023-xa", "--year", "2024", "-f", "xlsx", "-o", str(out), cwd=root)
    assert out.read_bytes() == first
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Kết quả", "Chi tiết"]
    rows_ = [[c.value for c in r] for r in wb["Kết quả"].iter_rows()]
    assert ["99201", "Xã Cát", "Chưa xác định"] == rows_[-1][:3]
    assert wb["Chi tiết"].max_row == 1 + 3 * 16


def test_xhht_evaluate_says_what_it_cannot_do(tmp_path):
    root = std_repo(tmp_path, *commune_figures("99101", 2024))
    proc = run("evaluate", "tt25-2023-xa", "--year", "2023", cwd=root)
    assert proc.returncode == 0 and "có hiệu lực từ ngày 12/02/2024: năm 2023 chưa áp dụng chuẩn này" in proc.stdout
    proc = run("evaluate", "tt25-2023-x", "--year", "2024", cwd=root)
    assert proc.returncode == 2 and "có phải ý là tt25-2023-xa?" in proc.stderr
    proc = run("evaluate", "tt25-2023-xa", "--year", "2024", "--area", "123", cwd=root)
    assert proc.returncode == 2 and "--area" in proc.stderr
    proc = run("evaluate", "tt25-2023-xa", "--year", "2024", "-o", "standards/x.md", cwd=root)
    assert proc.returncode == 2 and "tệp đầu vào" in proc.stderr
    proc = run("evaluate", "tt25-2023-xa", "--year", "2024", "--area", "99201", cwd=root)
    assert proc.returncode == 0 and "chưa có số liệu tự đánh giá năm 2024" in proc.stdout
    # a standard where a plan is asked: said so, with the command that takes it (not "run xhht check");
    # `xhht form` takes a standard too (its self-assessment form: tests/test_derived_levels.py)
    proc = run("report", "tt25-2023-xa", cwd=root)
    assert proc.returncode == 2 and "'tt25-2023-xa' là một chuẩn, không phải kế hoạch" in proc.stderr
    assert "xhht evaluate tt25-2023-xa --year NĂM" in proc.stderr and "xhht check" not in proc.stderr
    broken = std_repo(tmp_path / "b", *commune_figures("99101", 2024), "cdht-xa-tc1-ct1,99102,2024,maybe,,,x,")
    proc = run("evaluate", "tt25-2023-xa", "--year", "2024", cwd=broken)
    assert proc.returncode == 1 and "1 lỗi" in proc.stderr


def test_a_recognition_stands_in_evaluate_for_the_three_years_after_it(tmp_path):
    """Điều 5 khoản 4 ("bảo lưu trong thời hạn 3 năm (36 tháng) tiếp theo năm được công nhận"): a 2024
    decision is the result of 2025-2027 when the unit has neither a decision nor figures of its own
    that year, said so with its year; not in 2028; "Chưa đạt" is no recognition. SYNTHETIC decisions."""
    root = std_repo(tmp_path, "cdht-xa,99101,2024,Mức độ 1,,,QĐ công nhận (synthetic),",
                    "cdht-xa,99102,2024,Chưa đạt,,,QĐ (synthetic),")
    for year, want in ((2025, "Mức độ 1"), (2027, "Mức độ 1"), (2028, None)):
        u = unit_result(root, "tt25-2023-xa", "99101", year)
        assert (u.result, u.standing_from if u.stands else None) == (want, 2024 if want else None), year
    assert unit_result(root, "tt25-2023-xa", "99102", 2026).result is None
    out = json.loads(run("evaluate", "tt25-2023-xa", "--year", "2026", "--area", "99101", "-f", "json",
                         cwd=root).stdout)
    (unit,) = out["units"]
    assert (unit["result"], unit["standing_from"]) == ("Mức độ 1", 2024)
    assert unit["reason"].startswith("công nhận Mức độ 1 năm 2024, còn hiệu lực")


def test_a_repository_that_never_had_a_unit_of_the_level_does_not_blame_the_reform(tmp_path):
    """SYNTHETIC: areas.csv with a province and its districts only (as `xhht init`'s example): the
    commune standard has no unit to evaluate because there is none, not because of the 2025 reform."""
    root = std_repo(tmp_path, areas="code,name,level,parent\n77,Tỉnh Bảy,tinh,\n771,Huyện Bảy,huyen,77\n")
    repo = load_repo(root)
    ev = evaluate(Evaluator(repo.standards, repo.values, repo.areas), repo.standards["tt25-2023-xa"], 2026)
    assert ev.no_level and not ev.level_gone and ev.units == ()
    proc = run("evaluate", "tt25-2023-xa", "--year", "2026", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "không có đơn vị cấp xã nào" in proc.stdout and "sắp xếp" not in proc.stdout, proc.stdout
    assert "Địa bàn" not in proc.stdout  # not "every xã unit of the repository" above "there is none"
