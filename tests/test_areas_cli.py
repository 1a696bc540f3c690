"""`xhht areas show` and `xhht areas import` (docs/reform.md, issue 13 item 4). The conversion-table
fixture (tests/fixtures/conversion-haugiang.fixture.csv) is DERIVED from examples/reform-haugiang
(real names and codes written in the official table's layout); the small tables written inline
below are SYNTHETIC."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run, write_repo

EXAMPLE = ROOT / "examples" / "reform-haugiang"
FIXTURE = ROOT / "tests" / "fixtures" / "conversion-haugiang.fixture.csv"
HEADER = ("Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
          '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n')


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def hg(tmp_path):
    root = write_repo(tmp_path / "hg", plans={}, areas=(EXAMPLE / "areas.csv").read_text(encoding="utf-8"), data={})
    (root / "area-changes.csv").write_text((EXAMPLE / "area-changes.csv").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_show_every_unit_of_a_reused_code(hg):
    r = run("areas", "show", "31369", cwd=hg)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Mã 31369: 2 đơn vị" in out
    assert "31369 · Xã Đông Thạnh" in out and "thuộc: 933 Huyện Châu Thành" in out and "hiệu lực: đến 30/6/2025" in out
    assert "01/7/2025: 31369 Xã Đông Phước (Thành phố Cần Thơ) — toàn bộ" in out
    assert "31369 · Xã Đông Phước" in out and "hiệu lực: từ 01/7/2025" in out
    assert "01/7/2025: 31362 Thị trấn Cái Tắc (Huyện Châu Thành A) — toàn bộ" in out


def test_show_on_a_day_and_in_english(hg):
    r = run("areas", "show", "31369", "--on", "2024-05-01", "--lang", "en", cwd=hg)
    assert r.returncode == 0
    assert "Xã Đông Thạnh" in r.stdout and "Xã Đông Phước\n" not in r.stdout and "until 2025-06-30" in r.stdout
    r = run("areas", "show", "930", "--on", "2026-01-01", cwd=hg)
    assert r.returncode == 1
    assert "Mã 930 không gọi đơn vị nào vào ngày 01/01/2026" in r.stdout and "Thành phố Vị Thanh (đến 30/6/2025)" in r.stdout


def test_show_a_district_names_its_new_communes_and_the_straddling_one(hg):
    out = run("areas", "show", "932", cwd=hg).stdout
    assert "lãnh thổ chuyển vào (theo các đơn vị cấp dưới), 01/7/2025:" in out
    for code in ("31342", "31348", "31360", "31369"):
        assert f"    {code} " in out
    assert "31369 Xã Đông Phước (Thành phố Cần Thơ) cũng nhận lãnh thổ ngoài đơn vị này" in out
    assert "cũng nhận" not in run("areas", "show", "930", cwd=hg).stdout


def test_show_usage_errors(hg):
    r = run("areas", "show", "99999", "--lang", "en", cwd=hg)
    assert r.returncode == 2 and "the code '99999' is not in areas.csv" in r.stderr
    r = run("areas", "show", "99999", cwd=hg)
    assert r.returncode == 2 and "mã '99999' không có trong areas.csv" in r.stderr
    r = run("areas", "show", "93", "--on", "30/6/2025", cwd=hg)
    assert r.returncode == 2 and "--on" in r.stderr


def test_show_text_from_files_is_data(tmp_path):
    root = write_repo(tmp_path / "r", plans={}, data={},
                      areas="code,name,level,parent\n90,[bold red]Tỉnh\x07 Thử[/bold red],tinh,\n")
    r = run("areas", "show", "90", cwd=root)
    assert r.returncode == 0
    assert "[bold red]Tỉnh Thử[/bold red]" in r.stdout and "\x07" not in r.stdout


def test_import_the_fixture_gives_the_units_and_changes_of_the_example(tmp_path):
    out = tmp_path / "out"
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Nguồn: bảng chuyển đổi" in r.stdout and "12 dòng cho tỉnh 93" in r.stdout
    assert "(24 đơn vị)" in r.stdout and "(13 thay đổi)" in r.stdout
    assert "Bước tiếp theo: đặt hai tệp vào thư mục theo dõi (có plans/) rồi chạy `xhht check`." in r.stdout
    example = {(a["code"], a["valid_from"], a["valid_to"]): a for a in rows(EXAMPLE / "areas.csv")}
    got = rows(out / "areas.csv")
    assert len(got) == 24
    spelled = {"935": "Huyện Vị Thuỷ", "937": "Thị Xã Long Mỹ"}  # as the table spells them
    for a in got:
        want = dict(example[(a["code"], a["valid_from"], a["valid_to"])])
        want["name"] = spelled.get(a["code"], want["name"])
        assert a == want
    example_changes = {tuple(c.values()) for c in rows(EXAMPLE / "area-changes.csv")}
    changes = [tuple(c.values()) for c in rows(out / "area-changes.csv")]
    assert len(changes) == 13 and set(changes) <= example_changes
    # the output passes `xhht check` in a repository with an empty plans/
    (out / "plans").mkdir()
    r = run("check", cwd=out)
    assert (r.returncode, r.stdout.strip()) == (0, "không có lỗi")
    # into a tracker repository (as after `xhht init`): the next step is the check there, nothing to move
    repo = tmp_path / "kho"
    (repo / "plans").mkdir(parents=True)
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", str(repo), cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == f"Bước tiếp theo: chạy `xhht check` trong thư mục {repo}."
    assert (run("check", cwd=repo).returncode, (repo / "areas.csv").read_bytes()) == (0, (out / "areas.csv").read_bytes())
    (repo / "areas.csv").unlink()
    (repo / "area-changes.csv").unlink()
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", ".", cwd=repo)  # "-o ." in it
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "Bước tiếp theo: chạy `xhht check`."


def test_import_selects_by_new_province_too(tmp_path):
    r = run("areas", "import", str(FIXTURE), "--province", "92", "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert r.returncode == 0 and "12 dòng cho tỉnh 92" in r.stdout
    r = run("areas", "import", str(FIXTURE), "--province", "01", "-o", str(tmp_path / "p"), "--lang", "en",
            cwd=tmp_path)
    assert r.returncode == 2 and "no row of the table has the old or new province code '01'" in r.stderr
    r = run("areas", "import", str(FIXTURE), "--province", "01", "-o", str(tmp_path / "p"), cwd=tmp_path)
    assert r.returncode == 2 and "không dòng nào của bảng có mã tỉnh cũ hay mới '01'" in r.stderr
    assert not (tmp_path / "p").exists()


SYNTHETIC = HEADER + (
    "TỈNH THỬ,,,,,,,,\n"
    "Tỉnh Thử (90),Xã Giữ,90001,Xã Giữ,90001,Giữ nguyên,Huyện Một (901),Tỉnh Thử (90),\n"
    "Tỉnh Thử (90),Xã Mới A,90002,Xã Chia,90003,Nhập một phần diện tích,Huyện Một (901),Tỉnh Thử (90),\n"
    'Tỉnh Thử (90),"Xã Mới B\n",90004,Xã Chia,90003,"Nhập một phần diện tích, toàn bộ dân số",Huyện Một (901),Tỉnh Thử (90),\n'
    "Tỉnh Thử (90),Đặc khu Đảo,90005,Xã Đảo,90006,Sắp xếp toàn bộ xã Đảo thành đặc khu Đảo,Huyện Một (901),"
    "Tỉnh Thử (90),\n")


def test_import_kept_split_and_special_zone_units(tmp_path):
    """SYNTHETIC table: a kept commune (two rows and a change row), a split one (two partial rows),
    a note "Sắp xếp toàn bộ …" (whole), a name with an embedded newline."""
    table = tmp_path / "t.csv"
    table.write_text(SYNTHETIC, encoding="utf-8")
    out = tmp_path / "o"
    r = run("areas", "import", str(table), "--province", "90", "-o", str(out), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Source: the conversion table" in r.stdout
    units = [(a["code"], a["name"], a["level"], a["parent"], a["valid_from"], a["valid_to"]) for a in rows(out / "areas.csv")]
    assert ("90001", "Xã Giữ", "xa", "901", "", "2025-06-30") in units
    assert ("90001", "Xã Giữ", "xa", "90", "2025-07-01", "") in units
    assert ("90004", "Xã Mới B", "xa", "90", "2025-07-01", "") in units
    assert ("90", "Tỉnh Thử", "tinh", "", "", "2025-06-30") in units and ("90", "Tỉnh Thử", "tinh", "", "2025-07-01", "") in units
    changes = (out / "area-changes.csv").read_text(encoding="utf-8").splitlines()
    assert changes == ["date,old,new,whole", "2025-07-01,90,90,yes", "2025-07-01,90001,90001,yes",
                       "2025-07-01,90003,90002,no", "2025-07-01,90003,90004,no", "2025-07-01,90006,90005,yes"]
    (out / "plans").mkdir()
    assert run("check", cwd=out).returncode == 0


def test_import_refuses_to_overwrite_and_bad_tables(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(SYNTHETIC, encoding="utf-8")
    out = tmp_path / "o"
    out.mkdir()
    (out / "area-changes.csv").write_text("mine\n", encoding="utf-8")
    r = run("areas", "import", str(table), "--province", "90", "-o", str(out), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 2 and "never overwrites" in r.stderr
    r = run("areas", "import", str(table), "--province", "90", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 2 and "không bao giờ ghi đè" in r.stderr
    assert (out / "area-changes.csv").read_text(encoding="utf-8") == "mine\n" and not (out / "areas.csv").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(SYNTHETIC.replace("Nhập một phần diện tích,", "Chuyển đi,", 1), encoding="utf-8")
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 1 and "bad.csv:5: column 'Ghi chú': 'Chuyển đi'" in r.stderr
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), cwd=tmp_path)
    assert r.returncode == 1 and "bad.csv:5: cột 'Ghi chú': 'Chuyển đi' không phải" in r.stderr
    assert not (tmp_path / "b").exists()
    bad.write_text(SYNTHETIC.replace(",Huyện Một (901),", ",Huyện Một,", 1), encoding="utf-8")
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 1 and "column 'Quận/huyện': expected 'Name (code)'" in r.stderr
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), cwd=tmp_path)
    assert r.returncode == 1 and "cột 'Quận/huyện': cần dạng 'Tên (mã)'" in r.stderr
    bad.write_text(SYNTHETIC.replace("Mã Xã cũ,", "Mã cũ,", 1), encoding="utf-8")
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 1 and "no header row" in r.stderr
    r = run("areas", "import", str(bad), "--province", "90", "-o", str(tmp_path / "b"), cwd=tmp_path)
    assert r.returncode == 1 and "không có dòng tiêu đề" in r.stderr
    r = run("areas", "import", "--province", "90", "-o", str(tmp_path / "b"), cwd=tmp_path)
    assert r.returncode == 2 and "TABLE.csv" in r.stderr


def test_import_from_the_package_says_what_to_install(tmp_path):
    r = run("areas", "import", "--from", "vietnam-provinces", "--province", "93", "-o", str(tmp_path / "o"),
            "--lang", "en", cwd=tmp_path)
    vi = run("areas", "import", "--from", "vietnam-provinces", "--province", "93", "-o", str(tmp_path / "v"),
             cwd=tmp_path)
    if sys.version_info < (3, 12):
        assert r.returncode == 2
        assert "vietnam-provinces >= 2026.2" in r.stderr and "Python >= 3.12" in r.stderr
        assert "this is Python 3.11" in r.stderr or "this is Python 3.10" in r.stderr
        assert vi.returncode == 2 and "cần gói vietnam-provinces >= 2026.2" in vi.stderr
        assert "máy đang dùng Python 3.1" in vi.stderr
    elif importlib.util.find_spec("vietnam_provinces") is None:
        assert r.returncode == 2 and "it is not installed" in r.stderr
        assert vi.returncode == 2 and "máy chưa cài gói này" in vi.stderr
    else:  # the real package (2026.9.0 was tried): the example's units and changes, row for row
        assert vi.returncode == 0, vi.stderr
        assert "Nguồn: gói vietnam-provinces" in vi.stdout and "75 dòng cho tỉnh 93" in vi.stdout
        older = {"Huyện Vị Thủy": "Huyện Vị Thuỷ", "Xã Hỏa Lựu": "Xã Hoả Lựu", "Xã Hỏa Tiến": "Xã Hoả Tiến",
                 "Xã Tân Hòa": "Xã Tân Hoà", "Xã Vị Thủy": "Xã Vị Thuỷ"}  # the legacy list's tone marks
        want = [dict(a, name=older.get(a["name"], a["name"]) if a["valid_to"] else a["name"])
                for a in rows(EXAMPLE / "areas.csv")]
        assert rows(tmp_path / "o" / "areas.csv") == want
        assert rows(tmp_path / "o" / "area-changes.csv") == rows(EXAMPLE / "area-changes.csv")
    r = run("areas", "import", "--from", "elsewhere", "--province", "93", "-o", str(tmp_path / "x"), "--lang", "en",
            cwd=tmp_path)
    assert r.returncode == 2 and "unknown source 'elsewhere'" in r.stderr
    r = run("areas", "import", "--from", "elsewhere", "--province", "93", "-o", str(tmp_path / "x"), cwd=tmp_path)
    assert r.returncode == 2 and "không có nguồn 'elsewhere'" in r.stderr


def test_a_part_sent_into_one_unit_only_is_written_whole_with_a_note(tmp_path):
    """SYNTHETIC: "Nhập một phần" into one new commune and no other: the rest is not in the table."""
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "Tỉnh Thử (90),Xã Mới,90002,Xã Cũ,90003,Nhập một phần,Huyện Một (901),Tỉnh Thử (90),\n",
                     encoding="utf-8")
    r = run("areas", "import", str(table), "--province", "90", "-o", str(tmp_path / "e"), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "line 3: 90003 (Xã Cũ) went in part into 90002 and into no other unit of the table" in r.stderr
    r = run("areas", "import", str(table), "--province", "90", "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "dòng 3: 90003 (Xã Cũ) được nhập một phần vào 90002 và không vào đơn vị nào khác của bảng" in r.stderr
    assert "2025-07-01,90003,90002,yes" in (tmp_path / "o" / "area-changes.csv").read_text(encoding="utf-8")


def test_the_package_source_reads_the_ward_table(monkeypatch):
    """A SYNTHETIC stand-in for vietnam-provinces >= 2026.2 with its API (codes are ints): codes are
    zero-padded, an old ward with one new ward is whole, with two it is part (whatever its
    is_partly_merged flag, which is also set for kept units)."""
    import types
    from collections import namedtuple

    from xhht.load.conversion import build, package_pairs, select

    Old = namedtuple("Old", "code district_code province_code is_partly_merged")
    New = namedtuple("New", "code province_code")
    Entry = namedtuple("Entry", "old_ward new_wards")
    names = {1: "Tỉnh Thử", 101: "Huyện Một", 1001: "Xã Giữ", 1002: "Xã Chia", 1003: "Xã Mới A", 1004: "Xã Mới B"}

    class Kind:
        @staticmethod
        def from_code(code):
            if code not in names:
                raise ValueError(code)
            return types.SimpleNamespace(name=names[code])

    conv = types.ModuleType("vietnam_provinces._ward_conversion_2025")
    conv.SOURCE = "table.csv"
    conv.OLD_TO_NEW = {1001: Entry(Old(1001, 101, 1, True), (New(1001, 1),)),
                       1002: Entry(Old(1002, 101, 1, True), (New(1003, 1), New(1004, 1)))}
    legacy = types.ModuleType("vietnam_provinces.legacy")
    legacy.Ward = legacy.District = legacy.Province = Kind
    vp = types.ModuleType("vietnam_provinces")
    vp.__version__ = "2026.9.0"
    vp.Ward = vp.Province = Kind
    vp._ward_conversion_2025, vp.legacy = conv, legacy
    for name, mod in (("vietnam_provinces", vp), ("vietnam_provinces._ward_conversion_2025", conv),
                      ("vietnam_provinces.legacy", legacy)):
        monkeypatch.setitem(sys.modules, name, mod)
    pairs, version, table = package_pairs()
    assert (version, table) == ("2026.9.0", "table.csv")
    assert [(p.old, p.new, p.whole, p.district, p.old_province, p.old_name) for p in pairs] == [
        ("01001", "01001", True, "101", "01", "Xã Giữ"), ("01002", "01003", False, "101", "01", "Xã Chia"),
        ("01002", "01004", False, "101", "01", "Xã Chia")]
    _, changes, n_units, n_changes = build(pairs, select(pairs, "01"))
    assert changes.splitlines()[1:] == ["2025-07-01,01,01,yes", "2025-07-01,01001,01001,yes",
                                        "2025-07-01,01002,01003,no", "2025-07-01,01002,01004,no"]
    assert (n_units, n_changes) == (8, 4)


def test_import_writes_only_into_dir(tmp_path):
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", str(tmp_path / "a" / "b"), "--lang", "en",
            cwd=tmp_path)
    assert r.returncode == 2 and "does not exist" in r.stderr and not (tmp_path / "a").exists()
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", str(tmp_path / "a" / "b"), cwd=tmp_path)
    assert r.returncode == 2 and "không tồn tại" in r.stderr and not (tmp_path / "a").exists()
    r = run("areas", "import", str(FIXTURE), "--province", "93", "-o", str(tmp_path / "a"), cwd=tmp_path)
    assert r.returncode == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "area-changes.csv", "areas.csv"]
