"""The review as the officer sends it (issue 18, CONTRACT 11): `xhht report reports/soket-2016.md`
run on the project's own repository (the real Hậu Giang plan and figures, and a report text file
whose sections quote the real review) in -f docx, xlsx and pdf, read back. The layout of the
writer itself (fonts, sizes, borders, spacing) is tests/test_docx_writer.py's; here: that the
review's content arrives in it in the order and wording of an official review."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from conftest import ROOT, run, write_repo, xhht_exe

docx = pytest.importorskip("docx")
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

TEXT = "reports/soket-2016.md"


@pytest.fixture(scope="module")
def soket(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("soket") / "soket.docx"
    r = run("report", TEXT, "-f", "docx", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def doc(soket):
    return docx.Document(BytesIO(soket))


def headings(d) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]


def test_the_heading_is_the_sos_with_number_place_and_date(doc):
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [20, 20, 30, 15]
    head = doc.tables[0]
    left, right = (c.text for c in head.rows[0].cells)
    assert left.split("\n")[:2] == ["UBND TỈNH HẬU GIANG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = (c.text for c in head.rows[1].cells)
    assert number == "Số:       /BC-SGDĐT" and date == "Hậu Giang, ngày 22 tháng 01 năm 2016"
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    assert body[0] == "BÁO CÁO"
    assert body[1] == ("Kết quả 03 năm thực hiện Đề án “Xây dựng xã hội học tập giai đoạn 2012 - 2020” và phương "
                       "hướng, giải pháp trong thời gian tiếp theo")
    assert body[2] == ("Thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 của UBND tỉnh Hậu Giang về thực hiện Đề án "
                       "“Xây dựng xã hội học tập giai đoạn 2012 - 2020” trên địa bàn tỉnh Hậu Giang, Sở Giáo dục và "
                       "Đào tạo báo cáo kết quả sơ kết giai đoạn 2013 - 2015 như sau:")


def test_the_sections_in_the_order_of_an_official_review(doc):
    assert headings(doc) == [
        "I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo, triển khai", "2. Kết quả thực hiện các chỉ tiêu",
        "3. Kết quả khác", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "1. Tồn tại, hạn chế", "2. Nguyên nhân",
        "3. Bài học kinh nghiệm", "III. NHIỆM VỤ, GIẢI PHÁP", "IV. KIẾN NGHỊ, ĐỀ XUẤT"]


def test_what_the_officer_has_not_written_is_a_highlighted_placeholder(doc):
    paragraphs = doc.paragraphs
    names = headings(doc)
    for title in ("1. Công tác chỉ đạo, triển khai", "2. Nguyên nhân", "3. Bài học kinh nghiệm",
                  "IV. KIẾN NGHỊ, ĐỀ XUẤT"):
        i = next(n for n, p in enumerate(paragraphs) if p.text == title)
        after = paragraphs[i + 1]
        assert after.text == "[Bổ sung nội dung]", title
        assert after.runs[0]._r.find(qn("w:rPr")).find(qn("w:highlight")) is not None
    assert len(names) == 10


def test_the_officers_text_is_quoted_as_written_with_its_emphasis(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("Còn các mục tiêu mà tỉnh chưa đạt"))
    bold = "".join(r.text for r in p.runs if r.bold)
    assert bold == "nâng cao trình độ ngoại ngữ bậc 2, bậc 3 cho cán bộ, công chức, viên chức"
    dashes = [p.text for p in doc.paragraphs if p.text.startswith("- Kiện toàn Ban Chỉ đạo")]
    assert dashes == ["- Kiện toàn Ban Chỉ đạo xây dựng xã hội học tập từ cấp tỉnh đến cấp xã."]


def test_the_overview_and_the_missed_targets_worst_first_in_official_words(doc):
    text = [p.text for p in doc.paragraphs]
    assert ("Trong 14 chỉ tiêu, có 08 chỉ tiêu đạt và vượt kế hoạch (vượt 07, đạt 01), 06 chỉ tiêu chưa đạt."
            in text)
    i = text.index("1. Tồn tại, hạn chế")
    assert text[i + 1] == "Còn 06 chỉ tiêu chưa đạt kế hoạch (xếp theo mức độ đạt, từ thấp đến cao):"
    assert text[i + 2] == ("- Cán bộ, công chức, viên chức có trình độ ngoại ngữ bậc 2: năm 2015 thực hiện 3%, kế hoạch "
                           "20%, đạt 15% kế hoạch, còn thiếu 17 điểm phần trăm;")
    for word in ("xhht", "data/", "areas.csv", "plans/", "reports/", "synthetic", "kế hoạch 2013"):
        assert all(word not in t for t in text), word


def test_the_results_table_as_contract_11_heads_it_with_a_repeated_header(doc):
    t = doc.tables[1]
    assert [c.text for c in t.rows[0].cells] == ["TT", "Nội dung", "Đơn vị tính", "Năm", "Kế hoạch", "Thực hiện",
                                                 "So với kế hoạch", "Đánh giá"]
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert t.rows[1].cells[0].text == "1. Xóa mù chữ và phổ cập giáo dục"  # a group row across the table
    rows = [[c.text for c in r.cells] for r in t.rows[1:] if r.cells[0].text.isdigit()]
    assert len(rows) == 14 and [r[0] for r in rows] == [str(n) for n in range(1, 15)]
    assert rows[2][2:] == ["%", "2015", "80", "87", "108,8%", "Vượt"]
    assert rows[3][2:] == ["%", "2015", "20", "3", "15%", "Chưa đạt"]


def test_the_page_number_from_page_2_and_the_closing_table(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    assert [t.text for t in s.header._element.iter(qn("w:instrText"))] == [" PAGE "]
    left, right = doc.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:", "- UBND tỉnh (để báo cáo);", "- Ban Chỉ đạo xây dựng xã hội học tập tỉnh;",
        "- Các sở, ban, ngành, đoàn thể thành viên Ban Chỉ đạo;", "- Hội Khuyến học tỉnh;",
        "- Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố;", "- Lưu: VT, GDCN-GDTX."]
    assert [p.text for p in right.paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "[Họ và tên]"]


def test_same_text_file_same_bytes(soket, tmp_path):
    out = tmp_path / "again.docx"
    assert run("report", TEXT, "-f", "docx", "-o", str(out), cwd=ROOT).returncode == 0
    assert out.read_bytes() == soket


def test_a_plan_with_targets_by_level_gets_an_annex_on_its_own_page(tmp_path):
    out = tmp_path / "tm.docx"
    r = run("report", "tinh-mau-kh10", "-f", "docx", "-o", str(out), cwd=ROOT / "examples" / "tinh-mau")
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    assert len(d.sections) == 2 and d.sections[1].start_type == 2  # WD_SECTION.NEW_PAGE
    annex = [p.text for p in d.paragraphs if p.text.startswith("Phụ lục")]
    assert annex, [p.text for p in d.paragraphs][-20:]
    # the annex cites the document by its number, the ký hiệu left to fill in as in the heading
    assert [p.text for p in d.paragraphs if p.text.startswith("(Kèm theo")] == ["(Kèm theo Báo cáo số      /BC-[viết tắt])"]
    # the annex is CONTRACT 12's scorecard of the communes (the computation of `xhht scorecard`), not a
    # table of its own: its rows are the scorecard's, ranked, with the same marks and counts
    from xhht.judge.scorecard import scorecard
    from xhht.present.scorecard import scorecard_view
    from xhht.repo import load_repo

    repo = load_repo(ROOT / "examples" / "tinh-mau")
    card = scorecard(repo.plans["tinh-mau-kh10"], repo.values, repo.areas, 2018, "xa")
    view = scorecard_view(card, repo.areas, "vi")
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == ["TT", "Đơn vị", "Kết quả theo từng chỉ tiêu"]
    assert [c.text for c in table.rows[1].cells][2:] == ["(1)", "(2)", "(3)", "Đạt và vượt", "Chưa đạt",
                                                         "Chưa có số liệu", "Tỷ lệ đạt", "Xếp hạng"]
    assert [[c.text for c in row.cells] for row in table.rows[2:]] == [
        [str(i), r["name"], *(c["text"] for c in r["cells"]), str(r["achieved"]), str(r["missed"]),
         str(r["no_data"]), r["ratio"], str(r["rank"])] for i, r in enumerate(view["rows"], 1)]
    assert [c.text for c in table.rows[-1].cells][1:] == ["Xã Cát Tiên", "▼ 96,36%", "▼ chưa đạt chuẩn",
                                                          "▼ Trung bình", "0", "3", "0", "0%", "9"]
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows[:2])  # repeated
    assert d.sections[1].orientation == WD_ORIENT.LANDSCAPE  # three targets, the counts: wider than portrait
    assert d.paragraphs[-1].text.startswith("Ký hiệu: ▲ vượt · ● đạt · ▼ chưa đạt · ○ chưa có số liệu.")


def test_the_workbook_has_the_three_sheets_with_numbers_as_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "soket.xlsx"
    r = run("report", TEXT, "-f", "xlsx", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kết quả", "Phân bố", "Số liệu theo dõi"]
    ws = wb["Kết quả"]
    head = [c.value for c in ws[1]]
    assert head[:7] == ["Nhóm", "TT", "Nội dung", "Đơn vị tính", "Năm", "Kế hoạch", "Thực hiện"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 14
    third = rows[2]
    assert third[1] == 3 and third[5] == 80 and third[6] == 87 and third[10] == "Vượt"
    again = tmp_path / "again.xlsx"
    run("report", TEXT, "-f", "xlsx", "-o", str(again), cwd=ROOT)
    assert again.read_bytes() == out.read_bytes()


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from conftest import PLAN  # synthetic

    root = write_repo(tmp_path / "r", plans={"demo.yaml": PLAN.replace("name: Tỷ lệ", "name: =HYPERLINK(\"x\")")})
    assert "=HYPERLINK" in (root / "plans" / "demo.yaml").read_text(encoding="utf-8")
    r = run("report", "-f", "xlsx", "-o", "out.xlsx", cwd=root)
    assert r.returncode in (0, 1), r.stderr
    ws = openpyxl.load_workbook(root / "out.xlsx")["Kết quả"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def _soffice() -> str:
    found = shutil.which("soffice", path="/usr/bin:/bin")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI: soffice (LibreOffice) must be installed for -f pdf")
        pytest.skip("soffice (LibreOffice) is not installed")
    return found


def test_pdf_is_the_document_through_libreoffice(tmp_path):
    _soffice()
    out = tmp_path / "soket.pdf"
    r = subprocess.run([xhht_exe(), "report", TEXT, "-f", "pdf", "-o", str(out)], cwd=ROOT, capture_output=True,
                       timeout=300, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 3


def test_without_libreoffice_pdf_is_one_vietnamese_line_and_exit_2(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    r = subprocess.run([xhht_exe(), "report", TEXT, "-f", "pdf", "-o", str(tmp_path / "x.pdf")], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env={"PATH": str(empty), "LANG": "C.UTF-8"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "LibreOffice" in r.stderr and "-f docx" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_without_python_docx_one_vietnamese_line_and_exit_2(tmp_path):
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nclass _No:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('docx', 'openpyxl'):\n            raise ImportError(name)\n"
        "sys.meta_path.insert(0, _No())\n", encoding="utf-8")
    for fmt in ("docx", "xlsx"):
        r = subprocess.run([sys.executable, "-c", "from xhht.cli import main; main()", "report", TEXT, "-f", fmt,
                            "-o", str(tmp_path / f"x.{fmt}")], cwd=ROOT, capture_output=True, text=True,
                           timeout=120, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                             "PYTHONPATH": str(blocker)})
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and "pip install 'xhht[office]'" in r.stderr and "cần gói" in r.stderr


def test_a_binary_format_is_never_written_to_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    code = ("import os, pty, sys\n"
            "pid, fd = pty.fork()\n"
            "if pid == 0:\n"
            f"    os.execv({xhht_exe()!r}, ['xhht', 'report', {TEXT!r}, '-f', 'docx'])\n"
            "out = b''\n"
            "while True:\n"
            "    try:\n        chunk = os.read(fd, 4096)\n    except OSError:\n        break\n"
            "    if not chunk:\n        break\n    out += chunk\n"
            "_, status = os.waitpid(pid, 0)\n"
            "sys.stdout.write(str(os.waitstatus_to_exitcode(status)) + '\\n' + out.decode('utf-8', 'replace'))\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    status, _, shown = r.stdout.partition("\n")
    assert status == "2", r.stdout + r.stderr
    assert "không in ra màn hình được; thêm -o" in shown and "PK" not in shown


def test_the_report_text_gives_plan_and_period_and_refuses_another_period():
    r = run("report", TEXT, "-p", "2013-2016", cwd=ROOT)
    assert r.returncode == 2 and "--period: giai đoạn lấy từ tệp lời văn" in r.stderr
    md = run("report", TEXT, cwd=ROOT)
    assert md.returncode == 0 and "**Kết quả 03 năm thực hiện Đề án" in md.stdout
    assert "[Bổ sung nội dung]" not in md.stdout  # md and html leave unwritten parts out


def test_english_review_document(tmp_path):
    out = tmp_path / "en.docx"
    r = run("report", TEXT, "-f", "docx", "--lang", "en", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    assert d.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert headings(d)[0].startswith("I. ") and "KẾT QUẢ" not in headings(d)[0]


def test_a_report_text_outside_the_repository_is_read_and_checked(tmp_path):
    text = (ROOT / TEXT).read_text(encoding="utf-8").replace("plan: haugiang-kh64", "plan: khong-co")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    r = run("report", str(tmp_path / "x.md"), "-f", "md", cwd=ROOT)
    assert r.returncode == 1 and r.stdout == "" and "khong-co" in r.stderr


def test_a_synthetic_repository_without_text_file_is_a_review_with_placeholders(tmp_path):
    root = write_repo(tmp_path / "r")  # synthetic
    r = run("report", "-f", "docx", "-o", "bc.docx", cwd=root)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(root / "bc.docx"))
    text = [p.text for p in d.paragraphs]
    assert "BÁO CÁO" in text and text.count("[Bổ sung nội dung]") >= 4
    assert Path(root / "bc.docx").stat().st_size < 200_000
    # no text file, no [report]: the heading and the end are NĐ 30's placeholders, never an empty block
    assert _highlighted(d.tables[0]) == ["[TÊN CƠ QUAN CHỦ QUẢN]", "[TÊN CƠ QUAN BAN HÀNH]", "[viết tắt]",
                                         "[Địa danh]"]
    assert _highlighted(d.tables[-1]) == ["[Tên cơ quan, tổ chức nhận báo cáo]", "[QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ]",
                                          "[Họ và tên]"]
    assert "- Lưu: VT." in _cell_lines(d.tables[-1])
    # [report] of xhht.toml gives what it sets; what it does not set stays a placeholder
    (root / "xhht.toml").write_text('[report]\nparent_body = "UBND tỉnh Thử"\nbody = "Sở Giáo dục và Đào tạo"\n'
                                    'place = "Thử"\nrecipients = ["UBND tỉnh (để báo cáo)", "Lưu: VT"]\n'
                                    '[report.signer]\nauthority = "KT. GIÁM ĐỐC"\ntitle = "PHÓ GIÁM ĐỐC"\n',
                                    encoding="utf-8")
    assert run("report", "-f", "docx", "-o", "bc2.docx", cwd=root).returncode == 0
    d = docx.Document(str(root / "bc2.docx"))
    head, end = _cell_lines(d.tables[0]), _cell_lines(d.tables[-1])
    assert "UBND TỈNH THỬ" in head and "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in head
    assert any(line.startswith("Thử, ngày") for line in head)
    assert "- UBND tỉnh (để báo cáo);" in end and "KT. GIÁM ĐỐC" in end and "PHÓ GIÁM ĐỐC" in end
    assert _highlighted(d.tables[0]) == ["[viết tắt]"] and _highlighted(d.tables[-1]) == ["[Họ và tên]"]


def _highlighted(table) -> list[str]:
    """The highlighted runs of a table (the placeholders), in order."""
    cells = dict.fromkeys(c._tc for row in table.rows for c in row.cells)  # a merged cell once
    return [r.text for tc in cells for p in docx.table._Cell(tc, table).paragraphs for r in p.runs
            if r.font.highlight_color is not None]


def _cell_lines(table) -> list[str]:
    return [p.text for row in table.rows for c in row.cells for p in c.paragraphs]


def _document(root: Path, plan: str, start: int, end: int, area: str | None = None, lang: str = "vi", **kw):
    """The review as a document, in process (the end-to-end path is the tests above)."""
    from xhht.judge.compare import compare
    from xhht.present.render import build_view
    from xhht.present.review_document import review_document
    from xhht.repo import load_repo

    repo = load_repo(root)
    review = compare(repo.plans[plan], repo.values, repo.areas, start, end, area)
    return review_document(review, repo.areas, build_view(review, repo.areas, lang), lang, **kw)


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks if hasattr(b, "text") and hasattr(b, "runs")]


@pytest.mark.parametrize("start, end, lang, intro", [
    (2016, 2020, "vi", "Các chỉ tiêu năm 2020 chưa có số liệu của năm này, được đánh giá theo tiến độ, và mức cần đạt "
                       "thêm mỗi năm để hoàn thành:"),
    (2016, 2018, "vi", "Các chỉ tiêu đến hạn trong các năm tiếp theo và mức cần đạt thêm mỗi năm để hoàn thành:"),
    (2016, 2020, "en", "The targets of 2020 without a figure of that year yet, judged on progress, and the change "
                       "each needs every year:")])
def test_part_iii_says_whether_its_targets_fall_due_this_year_or_later(start, end, lang, intro):
    """A target of the period's last year judged on progress is not one "of the years ahead"."""
    doc = _document(ROOT / "examples" / "tinh-mau", "tinh-mau-kh10", start, end, lang=lang)
    texts = _texts(doc.blocks)
    assert intro in texts
    assert not any("các năm tiếp theo" in t for t in texts) or end == 2018
