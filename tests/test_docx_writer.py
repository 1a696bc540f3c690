"""The .docx writer: an official document laid out as Phụ lục I of Nghị định 30/2020/NĐ-CP
(CONTRACT section 11), read back with python-docx; and, with LibreOffice, turned into a PDF.

The document here is SYNTHETIC: content modelled on Hậu Giang's 2016 sơ kết review (its subject,
bodies and register), with made-up figures; it is no real report."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest

docx = pytest.importorskip("docx")

from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from xhht.present.document import (  # noqa: E402
    Annex,
    Column,
    OfficialDocument,
    Paragraph,
    Placeholder,
    Run,
    Signer,
    Table,
    TableRow,
)
from xhht.present.docx_writer import TemplateError, write_docx  # noqa: E402

SUBJECT = ("Sơ kết giai đoạn 2013 - 2016 thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 "
           "của UBND tỉnh Hậu Giang")
UNITS = ["thành phố Vị Thanh", "thị xã Ngã Bảy", "thị xã Long Mỹ", "huyện Châu Thành",
         "huyện Châu Thành A", "huyện Phụng Hiệp", "huyện Vị Thủy", "huyện Long Mỹ"]


def results_table(n_rows: int = 40) -> Table:
    """About 40 rows in groups: long enough to run onto a second page."""
    columns = (Column(title="TT", width_mm=10, align="center"),
               Column(title="Nội dung", width_mm=58),
               Column(title="Đơn vị tính", width_mm=15, align="center"),
               Column(title="Năm", width_mm=14, align="center"),
               Column(title="Kế hoạch", width_mm=16, align="right"),
               Column(title="Thực hiện", width_mm=16, align="right"),
               Column(title="So với kế hoạch", width_mm=17, align="right"),
               Column(title="Đánh giá", width_mm=19, align="center"))
    header = (("TT", "Nội dung", "Đơn vị tính", "Năm", "Kết quả", "Kết quả", "So với kế hoạch", "Đánh giá"),
              ("TT", "Nội dung", "Đơn vị tính", "Năm", "Kế hoạch", "Thực hiện", "So với kế hoạch", "Đánh giá"))
    rows: list[TableRow] = []
    groups = ["Xóa mù chữ và phổ cập giáo dục", "Cán bộ, công chức, viên chức",
              "Lao động nông thôn và công nhân", "Học tập suốt đời"]
    k = 0
    for g, group in enumerate(groups):
        rows.append(TableRow(cells=(f"{'ABCD'[g]}. {group}",), kind="group"))
        for i in range(n_rows // len(groups) - 1):
            k += 1
            target, actual = 80 + (k % 20), 70 + (k * 7) % 35
            verdict = "Đạt" if actual >= target else "Chưa đạt"
            rows.append(TableRow(cells=(
                str(k), f"Tỷ lệ người được học tập nâng cao trình độ ở {UNITS[k % len(UNITS)]} (chỉ tiêu {k})",
                "%", str(2013 + k % 4), f"{target}", f"{actual}", f"{actual / target * 100:.1f}%".replace(".", ","),
                (Run(text=verdict, bold=verdict == "Chưa đạt"),))))
    return Table(columns=columns, header=header, rows=tuple(rows),
                 title="Bảng 1. Kết quả thực hiện các chỉ tiêu giai đoạn 2013 - 2016")


def synthetic(**changes) -> OfficialDocument:
    blocks = (
        Paragraph.of("Thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 của Ủy ban nhân dân tỉnh Hậu "
                     "Giang về thực hiện Đề án “Xây dựng xã hội học tập giai đoạn 2012 - 2020” trên "
                     "địa bàn tỉnh, Sở Giáo dục và Đào tạo báo cáo sơ kết giai đoạn 2013 - 2016 như sau:"),
        Paragraph.of("I. KẾT QUẢ THỰC HIỆN", "heading1"),
        Paragraph.of("1. Công tác chỉ đạo, triển khai", "heading2"),
        Paragraph(runs=(Run(text="Ban Chỉ đạo xây dựng xã hội học tập tỉnh đã ban hành kế hoạch "
                                 "hằng năm; các sở, ban, ngành, đoàn thể và "),
                        Run(text="Ủy ban nhân dân các huyện, thị xã, thành phố", italic=True),
                        Run(text=" triển khai thực hiện; "),
                        Run(text="100%", bold=True),
                        Run(text=" xã, phường, thị trấn có Trung tâm học tập cộng đồng hoạt động."))),
        Paragraph.of("2. Kết quả thực hiện các chỉ tiêu", "heading2"),
        Paragraph.of("Trong 25 chỉ tiêu có số liệu, 18 chỉ tiêu đạt và vượt kế hoạch, 7 chỉ tiêu "
                     "chưa đạt; chi tiết tại bảng sau:"),
        results_table(),
        Paragraph.of("Số liệu do các đơn vị báo cáo, tính đến ngày 31/12/2015.", "note"),
        Paragraph.of("a) Xóa mù chữ và phổ cập giáo dục", "heading3"),
        Paragraph.of("Củng cố vững chắc kết quả phổ cập giáo dục tiểu học đúng độ tuổi, phổ cập giáo "
                     "dục trung học cơ sở\x07 và hoàn thành phổ cập giáo dục mầm non cho trẻ 5 tuổi."),
        Paragraph.of("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "heading1"),
        Placeholder(),
        Paragraph.of("III. NHIỆM VỤ, GIẢI PHÁP", "heading1"),
        Paragraph.of("Tăng cường công tác tuyên truyền, nâng cao nhận thức về học tập suốt đời", "bullet"),
        Paragraph.of("Kiện toàn Ban Chỉ đạo xây dựng xã hội học tập từ cấp tỉnh đến cấp xã", "bullet"),
        Paragraph.of("IV. KIẾN NGHỊ, ĐỀ XUẤT", "heading1"),
        Paragraph.of("Đề nghị Ủy ban nhân dân tỉnh quan tâm bố trí kinh phí thực hiện Đề án giai "
                     "đoạn 2016 - 2020."),
    )
    annex_table = Table(
        columns=(Column(title="TT", width_mm=10, align="center"), Column(title="Đơn vị", width_mm=60),
                 *(Column(title=str(y), width_mm=30, align="right") for y in range(2013, 2017)),
                 Column(title="Ghi chú", width_mm=60)),
        rows=tuple(TableRow(cells=(str(i + 1), u[0].upper() + u[1:], "96,0", "97,5", "98,0", "98,6", ""))
                   for i, u in enumerate(UNITS)))
    fields = dict(
        parent_body="UBND tỉnh Hậu Giang", body="Sở Giáo dục và Đào tạo", number="      /BC-SGDĐT",
        place="Hậu Giang", date=datetime.date(2016, 1, 22), subject=SUBJECT, blocks=blocks,
        recipients=("UBND tỉnh (để báo cáo)", "Bộ Giáo dục và Đào tạo (để báo cáo)",
                    "Thành viên Ban Chỉ đạo tỉnh", "Lưu: VT, GDCN-GDTX"),
        signer=Signer(authority="KT. Giám đốc", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn A"),
        annexes=(Annex(title="Tỷ lệ người biết chữ theo đơn vị hành chính cấp huyện",
                       subtitle="(Kèm theo Báo cáo số      /BC-SGDĐT ngày 22/01/2016 của Sở Giáo dục và Đào tạo)",
                       blocks=(annex_table,), landscape=True),),
    )
    fields.update(changes)
    return OfficialDocument(**fields)


@pytest.fixture(scope="module")
def written() -> bytes:
    return write_docx(synthetic())


@pytest.fixture(scope="module")
def doc(written):
    return docx.Document(io.BytesIO(written))


# -- helpers: formatting as Word resolves it (direct, then the style chain, then Normal) ------

def para_value(p, attr: str):
    value = getattr(p.paragraph_format, attr)
    style = p.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attr)
        style = style.base_style
    return value


def run_value(run, p, attr: str):
    value = getattr(run.font, attr)
    style = p.style
    while value is None and style is not None:
        value = getattr(style.font, attr)
        style = style.base_style
    return value


def body_paragraphs(d):
    """The paragraphs of the main text (style Body Text), in order."""
    return [p for p in d.paragraphs if p.style.name == "Body Text" and p.text.strip()]


def cell_runs(cell):
    return [r for p in cell.paragraphs for r in p.runs if r.text.strip()]


def borders(table) -> dict[str, str]:
    b = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {e.tag.split("}")[1]: e.get(qn("w:val")) for e in b}


# -- page and fonts -------------------------------------------------------------------------

def test_a4_portrait_with_the_decree_margins(doc):
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
    assert margins == [20, 20, 30, 15]
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20


def test_normal_is_times_new_roman_14_black_for_every_script(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert str(normal.font.color.rgb) == "000000"
    rFonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rFonts.get(qn(f"w:{attr}")) == "Times New Roman", attr
    assert not [a for a in rFonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    # no content style names a font of its own: all follow Normal
    for name in ("Body Text", "Heading 1", "Heading 2", "Heading 3", "Table Text"):
        assert doc.styles[name].font.name is None, name
        assert str(doc.styles[name].font.color.rgb) == "000000", name


# -- the heading ----------------------------------------------------------------------------

def test_heading_table_is_borderless_with_the_decree_texts(doc):
    t = doc.tables[0]
    assert set(borders(t).values()) == {"nil"}
    (l1, r1), (l2, r2) = t.rows[0].cells, t.rows[1].cells
    left, right = cell_runs(l1), cell_runs(r1)
    assert [r.text for r in left] == ["UBND TỈNH HẬU GIANG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert [(r.bold, r.italic, r.font.size) for r in left] == [(False, False, Pt(13)), (True, False, Pt(13))]
    assert [r.text for r in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [(r.bold, r.font.size) for r in right] == [(True, Pt(13)), (True, Pt(14))]
    assert l2.text == "Số:       /BC-SGDĐT" and cell_runs(l2)[0].font.size == Pt(13)
    (date_run,) = cell_runs(r2)
    assert date_run.text == "Hậu Giang, ngày 22 tháng 01 năm 2016"
    assert date_run.italic is True and date_run.font.size == Pt(14)
    for cell in (l1, r1, l2, r2):
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in cell.paragraphs)


def rules(cell_or_doc):
    """(left indent, right indent) of the paragraphs drawn as a short rule (a top border)."""
    out = []
    for p in cell_or_doc.paragraphs:
        pBdr = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
        if pBdr is not None and pBdr.find(qn("w:top")) is not None:
            out.append((p.paragraph_format.left_indent.mm, p.paragraph_format.right_indent.mm, p))
    return out


def test_short_centred_rules_below_the_body_the_motto_and_the_subject(doc):
    t = doc.tables[0]
    l1, r1 = t.rows[0].cells
    widths = [round(float(g.get(qn("w:w"))) * 25.4 / 1440, 1) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    ((ll, lr, lp),) = rules(l1)
    ((rl, rr, rp),) = rules(r1)
    assert lp._p.getprevious() is l1.paragraphs[1]._p and rp._p.getprevious() is r1.paragraphs[1]._p
    assert abs(ll - lr) < 0.01 and abs(rl - rr) < 0.01  # centred
    # Sở's rule: a third to a half of "SỞ GIÁO DỤC VÀ ĐÀO TẠO" (about 61 mm in 13 pt bold)
    assert 61 / 3 <= widths[0] - ll - lr <= 61 / 2
    # the motto's: its length (about 60 mm in 14 pt bold)
    assert 55 <= widths[1] - rl - rr <= 65
    ((sl, sr, sp),) = rules(doc)
    assert sp._p.getprevious().xpath("string(.)") == SUBJECT and abs(sl - sr) < 0.01


@pytest.mark.parametrize("day,text", [
    (datetime.date(2016, 2, 5), "ngày 05 tháng 02 năm 2016"),
    (datetime.date(2016, 1, 22), "ngày 22 tháng 01 năm 2016"),
    (datetime.date(2016, 12, 15), "ngày 15 tháng 12 năm 2016"),
    (datetime.date(2016, 3, 9), "ngày 09 tháng 3 năm 2016"),
])
def test_the_date_has_a_zero_before_days_under_10_and_months_1_and_2(day, text):
    d = docx.Document(io.BytesIO(write_docx(synthetic(date=day))))
    assert d.tables[0].rows[1].cells[1].text == f"Hậu Giang, {text}"


def test_missing_parts_are_blanks_to_fill_never_none():
    d = docx.Document(io.BytesIO(write_docx(synthetic(
        date=None, parent_body=None, signer=Signer(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC")))))
    head = d.tables[0]
    assert head.rows[1].cells[1].text.rstrip() == "Hậu Giang, ngày     tháng     năm"
    assert [r.text for r in cell_runs(head.rows[0].cells[0])] == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    signature = d.tables[2].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signature.paragraphs[-1].text == ""  # the name, written by hand
    unsigned = write_docx(synthetic(date=None, year=2016, signer=None, parent_body=None))
    d = docx.Document(io.BytesIO(unsigned))
    assert d.tables[0].rows[1].cells[1].text == "Hậu Giang, ngày     tháng     năm 2016"
    assert all(p.text == "" for p in d.tables[2].rows[0].cells[1].paragraphs)
    assert b"None" not in zipfile.ZipFile(io.BytesIO(unsigned)).read("word/document.xml")


def test_title_and_subject_centred_bold(doc):
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    subject = next(p for p in doc.paragraphs if p.text == SUBJECT)
    for p in (title, subject):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold and r.font.size == Pt(14) for r in p.runs)
    assert title._p.getnext() is subject._p  # each a paragraph of its own, in order


# -- the content ----------------------------------------------------------------------------

def test_body_paragraphs_justified_indented_spaced(doc):
    paras = body_paragraphs(doc)
    assert len(paras) >= 4
    for p in paras:
        assert para_value(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 10 <= para_value(p, "first_line_indent").mm <= 12.7
        assert para_value(p, "space_after") >= Pt(6)
        assert 13 <= run_value(p.runs[0], p, "size").pt <= 14
    mixed = next(p for p in paras if p.text.startswith("Ban Chỉ đạo"))
    assert [(r.bold, r.italic) for r in mixed.runs] == [(None, None), (None, True), (None, None), (True, None), (None, None)]


def test_headings_bullets_and_notes(doc):
    by_text = {p.text: p for p in doc.paragraphs}
    h1 = by_text["I. KẾT QUẢ THỰC HIỆN"]
    h2 = by_text["1. Công tác chỉ đạo, triển khai"]
    h3 = by_text["a) Xóa mù chữ và phổ cập giáo dục"]
    for p in (h1, h2, h3):
        assert run_value(p.runs[0], p, "bold") is True and para_value(p, "keep_with_next") is True
    assert run_value(h3.runs[0], h3, "italic") is True and not run_value(h1.runs[0], h1, "italic")
    bullet = by_text["- Tăng cường công tác tuyên truyền, nâng cao nhận thức về học tập suốt đời"]
    assert para_value(bullet, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY and para_value(bullet, "first_line_indent") > 0
    note = by_text["Số liệu do các đơn vị báo cáo, tính đến ngày 31/12/2015."]
    assert run_value(note.runs[0], note, "italic") is True and run_value(note.runs[0], note, "size") < Pt(14)


def test_the_text_ends_with_the_closing_mark(doc):
    last = body_paragraphs(doc)[-1]
    assert last.text.endswith("2016 - 2020./.") and last.paragraph_format.keep_with_next is True


def test_placeholder_is_highlighted(doc):
    (p,) = [p for p in doc.paragraphs if p.text == "[Bổ sung nội dung]"]
    assert p.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    last = synthetic().blocks[:-2] + (Paragraph.of("IV. KIẾN NGHỊ, ĐỀ XUẤT", "heading1"), Placeholder())
    d = docx.Document(io.BytesIO(write_docx(synthetic(blocks=last))))
    assert not any("/." in p.text for p in d.paragraphs)  # the officer's text will end it


def test_illegal_control_characters_are_stripped(doc):
    (p,) = [p for p in doc.paragraphs if "trung học cơ sở" in p.text]
    assert "\x07" not in p.text and "trung học cơ sở và hoàn thành" in p.text
    d = docx.Document(io.BytesIO(write_docx(synthetic(subject="Sơ kết\x00\x1b[31m giai đoạn\ufffe"))))
    assert any(p.text == "Sơ kết[31m giai đoạn" for p in d.paragraphs)


def test_results_table_header_repeats_bold_bordered_fixed_widths(doc):
    t = next(t for t in doc.tables if "Đánh giá" in t.rows[0].cells[-1].text)
    assert set(borders(t).values()) == {"single"}
    assert len(t.rows) == 2 + 40
    for row in t.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
        for cell in row.cells:
            assert all(r.bold for r in cell_runs(cell))
            assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in cell.paragraphs)
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in t.rows[2:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in t.rows)
    # merged header: "Kết quả" over Kế hoạch and Thực hiện; TT over both rows
    assert t.rows[0].cells[4]._tc is t.rows[0].cells[5]._tc and t.rows[0].cells[4].text == "Kết quả"
    assert t.rows[0].cells[0]._tc.vMerge == "restart" and t.rows[1].cells[0].text == "TT"
    # widths: the grid, every cell, fixed layout
    grid = [round(int(g.get(qn("w:w"))) * 25.4 / 1440) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [10, 58, 15, 14, 16, 16, 17, 19]
    assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert round(t.rows[5].cells[1].width.mm) == 58
    # body cells 13 pt, aligned by column; a group row spans the table, bold
    row = t.rows[3]
    assert row.cells[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    p = row.cells[1].paragraphs[0]
    assert run_value(p.runs[0], p, "size") == Pt(13)
    group = t.rows[2]
    assert len(group._tr.tc_lst) == 1 and group._tr.tc_lst[0].grid_span == 8
    assert group.cells[0].paragraphs[0].runs[0].bold is True
    assert group.cells[0].paragraphs[0].paragraph_format.keep_with_next is True  # kept with its first row
    title = t._tbl.getprevious()
    assert title.xpath("string(.)").startswith("Bảng 1.")


def test_page_number_in_the_header_from_page_2(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer is True
    assert s._sectPr.find(qn("w:titlePg")) is not None
    assert s.first_page_header.is_linked_to_previous is False
    assert s.first_page_header._element.xpath("string(.)").strip() == ""
    header = s.header
    p = header.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [t.text for t in header._element.iter(qn("w:instrText"))] == [" PAGE "]
    assert 13 <= p.runs[0].font.size.pt <= 14
    assert round(s.header_distance.mm) < round(s.top_margin.mm)


def test_closing_table_recipients_and_signer(doc):
    t = doc.tables[2]
    assert set(borders(t).values()) == {"nil"}
    left, right = t.rows[0].cells
    first = left.paragraphs[0].runs[0]
    assert first.text == "Nơi nhận:" and first.bold and first.italic and first.font.size == Pt(12)
    lines = [p.text for p in left.paragraphs[1:]]
    assert lines == ["- UBND tỉnh (để báo cáo);", "- Bộ Giáo dục và Đào tạo (để báo cáo);",
                     "- Thành viên Ban Chỉ đạo tỉnh;", "- Lưu: VT, GDCN-GDTX."]
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    texts = [p.text for p in right.paragraphs]
    assert texts[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and texts[-1] == "Nguyễn Văn A"
    assert texts[2:-1] == [""] * (len(texts) - 3) and len(texts) - 3 >= 4  # room to sign
    for p in right.paragraphs[:2] + right.paragraphs[-1:]:
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs[0].bold and p.runs[0].font.size == Pt(14)
    assert all(p.paragraph_format.keep_with_next for p in right.paragraphs[:-1])
    assert t.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_annex_is_a_landscape_section_on_a_new_page(doc):
    assert len(doc.sections) == 2
    s = doc.sections[1]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (297, 210)
    assert round(s.top_margin.mm) == 30 and round(s.left_margin.mm) == 20
    assert s.start_type == docx.enum.section.WD_SECTION.NEW_PAGE
    assert s.header.is_linked_to_previous and not s.different_first_page_header_footer
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("Phụ lục")
    assert texts[i + 1] == "TỶ LỆ NGƯỜI BIẾT CHỮ THEO ĐƠN VỊ HÀNH CHÍNH CẤP HUYỆN"
    p = doc.paragraphs[i]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs[0].bold
    assert doc.paragraphs[i + 2].runs[0].italic  # (Kèm theo ...)
    grid = [round(int(g.get(qn("w:w"))) * 25.4 / 1440) for g in doc.tables[3]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [10, 60, 30, 30, 30, 30, 60]  # 250 mm: fits the landscape page, kept as given


def test_several_annexes_are_numbered_in_roman():
    annex = synthetic().annexes[0]
    d = docx.Document(io.BytesIO(write_docx(synthetic(annexes=(annex, Annex(title="Danh sách", blocks=()))))))
    assert [p.text for p in d.paragraphs if p.text.startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II"]
    assert [s.orientation for s in d.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]


def test_a_too_wide_table_is_narrowed_to_the_page():
    wide = Table(columns=(Column(title="A", width_mm=100), Column(title="B", width_mm=100)),
                 rows=(TableRow(cells=("1", "2")),))
    d = docx.Document(io.BytesIO(write_docx(synthetic(blocks=(wide,), annexes=()))))
    grid = [int(g.get(qn("w:w"))) for g in d.tables[1]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) * 25.4 / 1440 - 165) < 0.5 and grid[0] == grid[1]


# -- the file -------------------------------------------------------------------------------

def test_same_document_same_bytes(written):
    assert write_docx(synthetic()) == written
    z = zipfile.ZipFile(io.BytesIO(written))
    assert z.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in z.infolist()} == {(2016, 1, 22, 8, 0, 0)}
    core = docx.Document(io.BytesIO(written)).core_properties
    assert core.created == core.modified == datetime.datetime(2016, 1, 22, 8, 0, 0, tzinfo=datetime.timezone.utc)
    assert core.title == SUBJECT and core.author == "Sở Giáo dục và Đào tạo"
    assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_english_wording():
    d = docx.Document(io.BytesIO(write_docx(synthetic(lang="en", kind="REPORT"))))
    head = d.tables[0]
    assert cell_runs(head.rows[0].cells[1])[0].text == "SOCIALIST REPUBLIC OF VIET NAM"
    assert head.rows[1].cells[1].text == "Hậu Giang, January 22, 2016"
    assert d.tables[2].rows[0].cells[0].paragraphs[0].text == "Recipients:"


def test_the_model_refuses_what_it_cannot_lay_out():
    with pytest.raises(ValueError):
        Paragraph.of("x", "heading9")
    with pytest.raises(ValueError):
        Column(title="x", width_mm=10, align="justify")
    with pytest.raises(ValueError):
        Table(columns=(Column(title="A", width_mm=10),), rows=(TableRow(cells=("1", "2")),))
    with pytest.raises(ValueError):
        TableRow(cells=("a", "b"), kind="group")
    assert Paragraph(runs=[Run(text="a")]).runs == (Run(text="a"),)  # lists become tuples


# -- a user's style template ----------------------------------------------------------------

def _template(body_font: str = "Arial") -> bytes:
    t = docx.Document()
    t.styles["Normal"].font.name = body_font
    t.styles["Normal"].font.size = Pt(13)
    t.add_paragraph("Nội dung mẫu sẽ bị xóa")
    t.sections[0].header.paragraphs[0].text = "Đầu trang mẫu"
    out = io.BytesIO()
    t.save(out)
    return out.getvalue()


def test_a_template_gives_its_styles_and_nothing_else():
    d = docx.Document(io.BytesIO(write_docx(synthetic(), style_template=_template())))
    assert d.styles["Normal"].font.name == "Arial" and d.styles["Normal"].font.size == Pt(13)
    assert not any("mẫu" in p.text for p in d.paragraphs)
    assert "Đầu trang mẫu" not in d.sections[0].header._element.xpath("string(.)")
    assert "List Dash" in [s.name for s in d.styles]  # added where the template lacks it
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.left_margin.mm)) == (210, 30)
    assert write_docx(synthetic(), style_template=_template()) == write_docx(synthetic(), style_template=_template())


def _as_docm(data: bytes) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            blob = src.read(name)
            if name == "[Content_Types].xml":
                blob = blob.replace(b"wordprocessingml.document.main+xml",
                                    b"ms-word.document.macroEnabled.main+xml")
            z.writestr(name, blob)
    return out.getvalue()


def _with_attached_template(data: bytes) -> bytes:
    """A template that points Word at a remote .dotm (macros loaded from elsewhere)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    rel = ('<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/attachedTemplate" Target="http://example.invalid/evil.dotm" TargetMode="External"/>')
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            blob = src.read(name)
            if name == "word/settings.xml":
                blob = blob.replace(b"<w:zoom ", b'<w:attachedTemplate r:id="rIdEvil"/><w:zoom ', 1)
            z.writestr(name, blob)
        z.writestr("word/_rels/settings.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                   f'"http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>')
    return out.getvalue()


def test_a_template_cannot_bring_in_a_remote_template():
    evil = _with_attached_template(_template())
    assert b"evil.dotm" in zipfile.ZipFile(io.BytesIO(evil)).read("word/_rels/settings.xml.rels")
    written = zipfile.ZipFile(io.BytesIO(write_docx(synthetic(), style_template=evil)))
    for name in written.namelist():
        assert b"evil.dotm" not in written.read(name), name
    assert b"attachedTemplate" not in written.read("word/settings.xml")


def test_a_macro_enabled_template_is_refused():
    with pytest.raises(TemplateError, match="macro"):
        write_docx(synthetic(), style_template=_as_docm(_template()))
    with pytest.raises(ValueError, match="not a Word document"):
        write_docx(synthetic(), style_template=b"PK\x03\x04 not really")


# -- LibreOffice ----------------------------------------------------------------------------

def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI: soffice (LibreOffice) must be installed to check the .docx renders")
        pytest.skip("soffice (LibreOffice) is not installed")
    return found


def test_libreoffice_renders_it_as_a_pdf_of_several_pages(tmp_path, written):
    soffice = _soffice()
    src = tmp_path / "bao-cao.docx"
    src.write_bytes(written)
    r = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "bao-cao.pdf"
    assert r.returncode == 0 and pdf.exists(), r.stderr
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    else:
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages >= 3  # the text runs onto a second page; the annex has its own
