"""One test per check code: a bad input (synthetic) -> that code at that file and line."""

from __future__ import annotations

import pytest

from conftest import AREAS, DATA, PLAN, codes, problems_of, write_repo


def plan_with(old: str, new: str) -> str:
    assert old in PLAN, old
    return PLAN.replace(old, new, 1)


PLAN_CASES = [
    # (code, plan text, line)
    ("yaml-syntax", plan_with("title: Nhóm a", "title: [Nhóm a"), 12),
    ("duplicate-key", plan_with("title: Kế hoạch thử (synthetic)\n", "title: Kế hoạch thử (synthetic)\ntitle: again\n"), 3),
    ("unknown-key", plan_with("targets: {2022: 80, 2025: 90}", "target: {2022: 80, 2025: 90}"), 16),
    ("missing-key", plan_with("        name: Tỷ lệ\n", ""), 13),
    ("wrong-type", plan_with('area: "90"', "area: 90"), 7),
    ("bad-choice", plan_with("unit: percent", "unit: percnt"), 15),
    ("wrong-type", "- just\n- a list\n", 1),
    ("bad-id", plan_with("id: demo", "id: Demo_Plan"), 1),
    ("bad-id", plan_with("id: ti-le", "id: tỉ lệ"), 13),
    ("bad-period", plan_with("period: 2020-2025", "period: 2025-2020"), 8),
    ("target-outside-period", plan_with("{2022: 80, 2025: 90}", "{2019: 80, 2025: 90}"), 16),
    ("target-out-of-range", plan_with("{2022: 80, 2025: 90}", "{2022: 120, 2025: 90}"), 16),
    ("target-out-of-range", plan_with("{2022: 100}", "{2022: -1}"), 20),
    ("target-not-whole", plan_with("{2022: 100}", "{2022: 100.5}"), 20),
    ("target-unknown-level", plan_with("{2022: Khá}", "{2022: Giỏi}"), 25),
    ("bad-comparator", plan_with("{2022: 80, 2025: 90}", '{2022: "=> 80", 2025: 90}'), 16),
    ("bad-comparator", plan_with("{2022: 80, 2025: 90}", "{2022: nhiều, 2025: 90}"), 16),
    ("missing-levels", plan_with("        levels: [Không xếp loại, Trung bình, Khá, Tốt]\n", ""), 23),
    ("levels-not-allowed", plan_with("        unit: count\n", "        unit: count\n        levels: [1, 2]\n"), 20),
    ("duplicate-level", plan_with("levels: [Không xếp loại, Trung bình, Khá, Tốt]",
                                  "levels: [Không xếp loại, Khá, Khá, Tốt]"), 24),
    ("bad-comparator", plan_with("{2022: 80, 2025: 90}", '{2022: "=< 80", 2025: 90}'), 16),
    ("change-not-allowed", plan_with("{2022: Khá}", "{2022: increase}"), 25),
    ("subunit-without-measure", plan_with("        targets: {2022: 100}\n",
                                          "        targets: {2022: 100}\n        subunits:\n"
                                          "          - level: huyen\n            meeting: \">= 80\"\n"), 22),
    ("bad-comparator", plan_with("        targets: {2022: 100}\n",  # a number of units, never increase
                                 "        targets: {2022: 100}\n        subunits:\n          - level: huyen\n"
                                 "            meeting: \">= 80\"\n            count: {2022: increase}\n"), 24),
    ("unknown-parent-plan", plan_with('area: "90"', 'area: "90"\nparent: khong-co'), 8),
    ("unknown-plan-area", plan_with('area: "90"', 'area: "99"'), 7),
    ("yaml-unsafe", plan_with("title: Nhóm a", 'title: !!python/object/apply:os.system ["echo hi"]'), 11),
    ("duplicate-indicator", plan_with("id: so-luong", "id: ti-le"), 17),
]


def assert_reported(root, code, file, line):
    found = codes(root)
    assert (code, file, line) in found, sorted(found)


@pytest.mark.parametrize("code,text,line", PLAN_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLAN_CASES)])
def test_plan_check(tmp_path, code, text, line):
    assert_reported(write_repo(tmp_path, plans={"demo.yaml": text}), code, "plans/demo.yaml", line)


def test_example_plan_is_clean(repo):
    assert problems_of(repo) == []


def test_every_problem_has_a_hint_or_is_self_explaining(tmp_path):
    root = write_repo(tmp_path, plans={"demo.yaml": plan_with("unit: percent", "unit: percnt")})
    (p,) = problems_of(root)
    assert p.hint == "có phải ý là `percent`?"
    assert p.hint_in("en") == "did you mean `percent`?"


def test_unknown_key_suggests_the_right_one(tmp_path):
    root = write_repo(tmp_path, plans={"demo.yaml": plan_with("targets: {2022: 80, 2025: 90}",
                                                              "tagrets: {2022: 80, 2025: 90}")})
    (p,) = problems_of(root)
    assert (p.code, p.hint_in("en")) == ("unknown-key", "did you mean `targets`?")


def test_alias_bomb_is_refused(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    prev = "a"
    for name in "bcdefgh":
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    root = write_repo(tmp_path, plans={"demo.yaml": bomb}, data={})
    (p,) = problems_of(root)
    assert (p.code, p.file) == ("yaml-unsafe", "plans/demo.yaml")
    assert "unreasonable size" in p.message_in("en")
    assert "bung ra quá lớn" in p.message


def test_duplicate_plan_id_across_files(tmp_path):
    root = write_repo(tmp_path, plans={"demo.yaml": PLAN, "demo2.yaml": PLAN})
    assert ("duplicate-plan-id", "plans/demo2.yaml", 1) in codes(root)


def test_indicator_conflict_across_plans(tmp_path):
    other = PLAN.replace("id: demo", "id: other").replace("unit: percent", "unit: count").replace(
        "{2022: 80, 2025: 90}", "{2022: 80}")
    root = write_repo(tmp_path, plans={"demo.yaml": PLAN, "other.yaml": other})
    assert ("indicator-conflict", "plans/other.yaml", 13) in codes(root)


def test_plan_not_utf8(tmp_path):
    root = write_repo(tmp_path, plans={})
    (root / "plans" / "demo.yaml").write_bytes(PLAN.encode("utf-8").replace("Nhóm".encode(), "Nhóm".encode("latin-1")))
    assert ("not-utf8", "plans/demo.yaml", 11) in codes(root)


def test_a_folder_named_like_a_plan_is_not_a_file(tmp_path):
    root = write_repo(tmp_path)
    (root / "plans" / "folder.yaml").mkdir()
    assert ("not-regular-file", "plans/folder.yaml", 0) in codes(root)


def test_config_syntax(tmp_path):
    root = write_repo(tmp_path)
    (root / "xhht.toml").write_text('lang = "fr"\ncolour = true\n', encoding="utf-8")
    found = [(p.code, p.message_in("en")) for p in problems_of(root)]
    assert found == [("bad-setting", '`lang` is "fr", not one of "vi", "en"'), ("unknown-setting", "unknown setting `colour`")]
    (root / "xhht.toml").write_text('lang = \n', encoding="utf-8")
    assert [p.code for p in problems_of(root)] == ["config-syntax"]


# ---------------------------------------------------------------- areas.csv

AREA_CASES = [
    ("duplicate-area", AREAS + "901,Huyện Một lần nữa,huyen,90\n", 5),
    ("area-unknown-parent", AREAS + "903,Huyện Ba,huyen,95\n", 5),
    ("area-bad-level", AREAS + "903,Huyện Ba,quan,90\n", 5),
    ("area-level-order", AREAS + "903,Huyện Ba,tinh,90\n", 5),
    ("area-cycle", AREAS + "91001,Xã A,xa,91002\n91002,Xã B,xa,91001\n", 5),
    ("ragged-row", AREAS + "903,Huyện Ba\n", 5),
    ("missing-value", AREAS + "903,,huyen,90\n", 5),
    ("unknown-column", "code,name,level,parent,dân số\n90,Tỉnh Thử,tinh,,1\n", 1),
    ("missing-column", "code,name,parent\n90,Tỉnh Thử,\n", 1),
]


@pytest.mark.parametrize("code,text,line", AREA_CASES, ids=[c[0] for c in AREA_CASES])
def test_area_check(tmp_path, code, text, line):
    assert_reported(write_repo(tmp_path, areas=text), code, "areas.csv", line)


# ---------------------------------------------------------------- data/**/*.csv

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
DATA_CASES = [
    ("missing-header", "\n\n", 1),
    ("csv-syntax", HEADER + 'ti-le,90,2023,"85,,,x,\n', 2),
    ("unknown-column", "indicator,area,period,value,ghi chu\nti-le,90,2023,85,\n", 1),
    ("missing-column", "indicator,period,value\nti-le,2023,85\n", 1),
    ("missing-column", "indicator,area,period,source\nti-le,90,2023,x\n", 1),
    ("duplicate-column", "indicator,area,period,value,value\nti-le,90,2023,85,85\n", 1),
    ("ragged-row", HEADER + "ti-le,90,2023,71,4,,,x,\n", 2),
    ("missing-value", HEADER + "ti-le,90,,85,,,x,\n", 2),
    ("missing-value", HEADER + "ti-le,90,2023,,,,x,\n", 2),
    ("unknown-indicator", HEADER + "ti-l,90,2023,85,,,x,\n", 2),
    ("unknown-area", HEADER + "ti-le,99,2023,85,,,x,\n", 2),
    ("bad-figure-period", HEADER + "ti-le,90,2023-2024,85,,,x,\n", 2),
    ("non-canonical-number", HEADER + 'ti-le,90,2023,"71,4",,,x,\n', 2),
    ("non-canonical-number", HEADER + "ti-le,90,2023,87%,,,x,\n", 2),
    ("non-canonical-number", HEADER + "so-luong,90,2023,2.540,,,x,\n", 2),
    ("non-canonical-number", HEADER + "ti-le,90,2023,,1 200,2000,x,\n", 2),
    ("percent-out-of-range", HEADER + "ti-le,90,2023,101,,,x,\n", 2),
    ("negative-count", HEADER + "so-luong,90,2023,-3,,,x,\n", 2),
    ("fractional-count", HEADER + "so-luong,90,2023,2.5,,,x,\n", 2),
    ("unknown-level", HEADER + "xep-loai,90,2023,Giỏi,,,x,\n", 2),
    ("numerator-exceeds-denominator", HEADER + "ti-le,90,2023,,30,20,x,\n", 2),
    ("value-disagrees", HEADER + "ti-le,90,2023,33.4,4,12,x,\n", 2),
    ("duplicate-figure", HEADER + "ti-le,90,2023,85,,,x,\nti-le,90,2023,85,,,x,\n", 3),
    ("fraction-not-percent", HEADER + "so-luong,90,2023,,3,4,x,\n", 2),
    ("incomplete-fraction", HEADER + "ti-le,90,2023,75,3,,x,\n", 2),
    ("zero-denominator", HEADER + "ti-le,90,2023,,0,0,x,\n", 2),
]


@pytest.mark.parametrize("code,text,line", DATA_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(DATA_CASES)])
def test_data_check(tmp_path, code, text, line):
    assert_reported(write_repo(tmp_path, data={"d.csv": text}), code, "data/d.csv", line)


def test_non_canonical_hints_give_the_canonical_form(tmp_path):
    text = HEADER + 'ti-le,90,2023,"71,4",,,x,\nti-le,90,2024,87%,,,x,\nso-luong,90,2023,2.540,,,x,\n'
    root = write_repo(tmp_path, data={"d.csv": text})
    hints = [p.hint for p in problems_of(root)]
    assert [h.split(" ")[1] for h in hints] == ["71.4", "87", "2540"]


def test_value_agreeing_with_numerator_denominator_is_fine(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2023,33.33,4,12,x,\nti-le,90,2024,,4,12,x,\n"})
    assert problems_of(root) == []


def test_duplicate_figure_across_files(tmp_path):
    root = write_repo(tmp_path, data={"a.csv": DATA, "sub/b.csv": DATA})
    found = codes(root)
    assert ("duplicate-figure", "data/sub/b.csv", 2) in found
    assert ("duplicate-figure", "data/sub/b.csv", 3) in found


def test_data_not_utf8_bom_and_crlf(tmp_path):
    latin = (HEADER + "ti-le,90,2023,85,,,Báo cáo,\n").encode("cp1258")
    root = write_repo(tmp_path, data={"d.csv": latin})
    assert ("not-utf8", "data/d.csv", 2) in codes(root)
    bom = b"\xef\xbb\xbf" + (HEADER + "ti-le,90,2023,85,,,Báo cáo,\r\n").replace("\n", "\r\n").encode()
    root = write_repo(tmp_path / "b", data={"d.csv": bom})
    assert problems_of(root) == []


def test_text_is_nfc_normalised(tmp_path):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Khá")
    root = write_repo(tmp_path, data={"d.csv": HEADER + f"xep-loai,90,2023,{decomposed},,,x,\n"})
    assert problems_of(root) == []


def test_columns_in_any_order_and_optional(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": "period,value,area,indicator\n2023,85,90,ti-le\n"})
    assert problems_of(root) == []


def test_quocgia_level_sits_above_the_provinces(tmp_path):
    """docs/formats.md#areas-areascsv: level `quocgia` (code VN) above `tinh`; a tinh under a xa is still refused."""
    from conftest import codes, write_repo

    root = write_repo(tmp_path / "r", areas="code,name,level,parent\nVN,Việt Nam,quocgia,\n90,Tỉnh Thử,tinh,VN\n"
                      "901,Huyện Một,huyen,90\n902,Huyện Hai,huyen,90\n")
    assert codes(root) == set()
    bad = write_repo(tmp_path / "b", areas="code,name,level,parent\nVN,Việt Nam,quocgia,90\n90,Tỉnh Thử,tinh,\n")
    assert ("area-level-order", "areas.csv", 2) in codes(bad)


def test_vietnamese_numbers_in_targets_are_refused_with_the_canonical_form(tmp_path):
    """`10.000` (ten thousand, a thousands dot) would be read by YAML as 10; `97,5` is a decimal comma."""
    from conftest import PLAN, run, write_repo

    plan = PLAN.replace("targets: {2022: 100}", "targets: {2022: 10.000}").replace(
        "targets: {2022: 80, 2025: 90}", "targets:\n          2022: 97,5\n          2025: 90")
    root = write_repo(tmp_path / "r", plans={"demo.yaml": plan})
    out = run("check", cwd=root).stdout
    assert "error[non-canonical-number] giá trị '97,5'" in out and "viết 97.5" in out
    assert "error[non-canonical-number] giá trị '10.000'" in out and "viết 10000" in out


@pytest.mark.parametrize("row,vi,en", [
    ('ti-le,90,2023,"85,,,x,\n', 'một ô mở dấu nháy kép (") mà không đóng, đến hết tệp',
     'a cell opens a double quote (") that is never closed, up to the end of the file'),
    ('ti-le,90,2023,"85"x,,,x,\n', "sau dấu nháy kép đóng một ô phải là dấu phẩy hoặc hết dòng",
     "a closing double quote must be followed by a comma or the end of the line")])
def test_csv_syntax_says_what_is_wrong_in_the_readers_language(tmp_path, row, vi, en):
    """Python's CSV reader says "unexpected end of data", "',' expected after '\"'": `csv-syntax` words the
    usual faults itself (load.textfiles.csv_fault), in both languages, and keeps the reader's words for others."""
    import csv

    from xhht.load.textfiles import csv_fault

    (p,) = [p for p in problems_of(write_repo(tmp_path, data={"d.csv": HEADER + row})) if p.code == "csv-syntax"]
    assert (p.message_in("vi"), p.message_in("en")) == (f"không đọc được dòng CSV này: {vi}",
                                                       f"cannot read this CSV line: {en}")
    assert csv_fault(csv.Error("something new")) == {"detail": "something new"}
