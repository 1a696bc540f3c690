"""`write_docx`: an `OfficialDocument` laid out as Phụ lục I of Nghị định 30/2020/NĐ-CP, as the
bytes of a .docx (CONTRACT section 11), with python-docx.

The layout, and where each rule is made:

- page (`_page`): A4 portrait, margins top 20, bottom 20, left 30, right 15 mm; an annex may be
  landscape, its margins turned with the page (the binding edge, 30 mm, at its top);
- fonts (`_styles`): Times New Roman (also for East Asian and complex scripts, so no Vietnamese
  letter falls back to another font), black, 14 pt, on the document defaults and the Normal style,
  so Word's own styles follow; the content has named styles (Body Text, Heading 1-3, List Dash,
  Note, Centered, Table Text, Table Title) an officer can change in Word;
- the heading (`_heading_table`): a borderless table, 2 rows × 2 columns: cơ quan chủ quản and
  cơ quan ban hành | quốc hiệu and tiêu ngữ, each block with its short centred rule (a paragraph
  top border between indents, which Word and LibreOffice draw alike); then "Số: …" | "{place},
  ngày DD tháng MM năm YYYY" in the second row, so the two always share a line;
- the title (`_title`): the kind ("BÁO CÁO") and the subject centred, bold, a short rule below;
- the content (`_blocks`): paragraphs by kind, highlighted placeholders, tables (`_table`:
  bordered, fixed layout with the grid and every cell's width, header rows bold, centred and
  repeated on each page, no row split across pages); the last paragraph of the text ends "./.";
- page numbers (`_page_numbers`): a PAGE field centred in the header, from page 2 on (the first
  page has a header of its own, empty);
- the end (`_closing`): a borderless table, "Nơi nhận:" and the recipients | the signer, one row
  that does not split, kept with the paragraph before it;
- annexes (`_annex`): each in a section of its own, from a new page.

The page, the styles and the elements are docx_style.py's; this module lays the document out.
A user's `templates/report.docx` (`style_template`) gives the styles: its body, sections,
headers, footers, pictures and links are dropped, its macros refused; its styles are kept as
they are and the ones it lacks are added. Text is written as text, with the characters that XML
1.0 cannot hold removed. The same document always gives the same bytes.
"""

from __future__ import annotations

import datetime
import io

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xhht.base.zipfiles import fixed_zip
from xhht.present.document import (
    WORDING,
    Annex,
    Block,
    Cell,
    OfficialDocument,
    Paragraph,
    Placeholder,
    Signer,
    Table,
    date_line,
    recipient_lines,
)
from xhht.present.docx_style import (  # noqa: F401  (TemplateError: raised by write_docx, for its callers)
    _PPR,
    BODY_PT,
    HEAD_PT,
    NOTE_PT,
    RECIPIENT_PT,
    TABLE_CELL_MARGIN_TW,
    TemplateError,
    _add,
    _el,
    _format,
    _page,
    _page_numbers,
    _put,
    _row_flags,
    _rule,
    _runs,
    _start,
    _styles,
    _table_shape,
    _text_width_mm,
    _twips,
    clean,
    text_mm,
)

SIGNATURE_LINES = 5  # empty lines for the signature and the seal
STYLE_OF_KIND = {
    "body": "Body Text",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "bullet": "List Dash",
    "note": "Note",
    "centered": "Centered",
}

# -- the public function --------------------------------------------------------------------

def write_docx(doc: OfficialDocument, style_template: bytes | None = None) -> bytes:
    """The document as .docx bytes; the same document (and template) gives the same bytes.
    Raises TemplateError (a ValueError) when `style_template` cannot be used."""
    d = _start(style_template)
    words = WORDING[doc.lang]  # the fixed wording of the heading and the end (document.py)
    _styles(d, words["lang"], own=style_template is None)

    section = d.sections[0]
    _page(section, landscape=False)
    _page_numbers(section)
    width = _text_width_mm(section)

    out = _Out(d)
    _heading_table(out, doc, words, width)
    _title(out, doc, width)
    _blocks(out, doc.blocks, width, last_mark=True)
    _closing(out, doc, words, width)
    if not doc.annexes:  # Word ends a document with a paragraph: one that takes no room
        _thin(out.paragraph()._p)
    for i, annex in enumerate(doc.annexes):
        _annex(out, annex, i, len(doc.annexes), words)

    stamp = _stamp(doc)
    _properties(d, doc, words["lang"], stamp)
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue(), stamp)


class _Out:
    """The document being written, with its styles' ids looked up once (python-docx looks a
    style name up through every style on each use: slow for a table of a thousand cells)."""

    def __init__(self, document) -> None:
        self.document = document
        self._ids: dict[str, str] = {}

    def style(self, p, name: str) -> None:
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        p._p.get_or_add_pPr().style = self._ids[name]

    def paragraph(self, style: str | None = None):
        p = self.document.add_paragraph()
        if style:
            self.style(p, style)
        return p


def _heading_table(out: _Out, doc: OfficialDocument, words: dict, width: float) -> None:
    """Cơ quan | quốc hiệu, tiêu ngữ; Số | địa danh, ngày tháng năm."""
    right_mm = 99.0  # the quốc hiệu in 13 pt bold is about 96 mm long
    left_mm = width - right_mm
    t = out.document.add_table(rows=2, cols=2)
    _table_shape(t, [_twips(left_mm), _twips(right_mm)], borders=False, cell_margins_tw=0)
    (l1, r1), (l2, r2) = (t.rows[0].cells, t.rows[1].cells)
    center = WD_ALIGN_PARAGRAPH.CENTER

    body = doc.body.strip()
    parent = (doc.parent_body or "").strip() or (words["blank_parent"] if doc.fill and not body else "")
    body = body or (words["blank_body"] if doc.fill else "")
    p = l1.paragraphs[0]
    if parent:
        _format(p, align=center)
        _add(p, parent.upper(), size=HEAD_PT, bold=False, italic=False, highlight=parent == words["blank_parent"])
        p = l1.add_paragraph()
    _format(p, align=center)
    _add(p, body.upper(), size=HEAD_PT, bold=True, italic=False, highlight=body == words["blank_body"])
    body_len = min(text_mm(clean(body.upper()), HEAD_PT, bold=True), left_mm)
    _rule(l1, max(body_len * 0.4, 15), left_mm)

    p = r1.paragraphs[0]
    _format(p, align=center)
    _add(p, words["nation"], size=HEAD_PT, bold=True, italic=False)
    p = r1.add_paragraph()
    _format(p, align=center)
    _add(p, words["motto"], size=BODY_PT, bold=True, italic=False)
    _rule(r1, text_mm(words["motto"], BODY_PT, bold=True), right_mm)

    p = l2.paragraphs[0]
    _format(p, align=center, before=4)
    _add(p, words["number"] + doc.number, size=HEAD_PT, bold=False, italic=False)
    if doc.fill and doc.number.rstrip().endswith("-"):  # "/BC-" without the body's ký hiệu
        _add(p, words["blank_mark"], size=HEAD_PT, bold=False, italic=False, highlight=True)
    p = r2.paragraphs[0]
    _format(p, align=center, before=4)
    if doc.fill and not doc.place.strip():
        _add(p, words["blank_place"], size=BODY_PT, bold=False, italic=True, highlight=True)
        _add(p, ", ", size=BODY_PT, bold=False, italic=True)
    _add(p, clean(date_line(doc)), size=BODY_PT, bold=False, italic=True)
    for row in t.rows:
        _row_flags(row)


def _title(out: _Out, doc: OfficialDocument, width: float) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    p = out.paragraph()
    _format(p, align=center, before=18, keep=True)
    _add(p, doc.kind.upper(), size=BODY_PT, bold=True, italic=False)
    p = out.paragraph()
    _format(p, align=center, keep=True)
    _add(p, doc.subject, size=BODY_PT, bold=True, italic=False)
    line = min(text_mm(clean(doc.subject), BODY_PT, bold=True), width)
    _rule(out.document, max(line / 3, 20), width, after=12)


def _cell_text(out: _Out, cell, value: Cell, align, *, bold: bool = False,
               size: float | None = None) -> None:
    p = cell.paragraphs[0]
    out.style(p, "Table Text")
    p.paragraph_format.alignment = align
    if isinstance(value, str):
        _add(p, value, bold=True if bold else None, size=size)
    else:
        _runs(p, value, bold=bold, size=size)


ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _table(out: _Out, table: Table, width: float) -> None:
    if table.title:
        p = out.paragraph("Table Title")
        _add(p, table.title)
    widths = [c.width_mm for c in table.columns]
    if sum(widths) > width:  # wider than the page: narrowed in proportion
        widths = [w * width / sum(widths) for w in widths]
    tw = [_twips(w) for w in widths]
    header = table.header_rows
    n_head = len(header)
    t = out.document.add_table(rows=n_head, cols=len(table.columns))
    _table_shape(t, tw, borders=True, cell_margins_tw=TABLE_CELL_MARGIN_TW)
    middle = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    for r, c, r2, c2 in table.header_spans():  # merged while the table is only its header
        cell = t.cell(r, c)
        if (r2, c2) != (r, c):
            cell = cell.merge(t.cell(r2, c2))
        _cell_text(out, cell, header[r][c], WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for tr in t.rows:
        _row_flags(tr, header=True)
        for cell in tr.cells:
            cell.vertical_alignment = middle

    for row in table.rows:
        tr = t.add_row()  # each cell as wide as its grid column
        _row_flags(tr)
        cells = tr.cells
        if row.kind == "group":
            cells = (cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0],)
            _cell_text(out, cells[0], row.cells[0], WD_ALIGN_PARAGRAPH.LEFT, bold=True)
            cells[0].paragraphs[0].paragraph_format.keep_with_next = True  # never last on a page
        else:
            for cell, value, col in zip(cells, row.cells, table.columns):
                _cell_text(out, cell, value, ALIGN[col.align])
        for cell in cells:
            cell.vertical_alignment = middle
    _thin(out.paragraph()._p, Pt(6))  # the text after a table starts clear of it


def _thin(p, height=Pt(1)) -> None:
    """An empty paragraph `height` high (a section's end, the space after a table)."""
    if p is None or p.tag != qn("w:p"):
        return
    pPr = p.get_or_add_pPr()
    _put(pPr, _el("spacing", before="0", after="0", line=str(height.twips), lineRule="exact"), _PPR)
    _put(pPr, _el("ind", firstLine="0"), _PPR)
    mark = _el("rPr")
    mark.append(_el("sz", val="2"))
    _put(pPr, mark, _PPR)


def _end_mark(text: str) -> str:
    """The closing "./." of the body's text (NĐ 30)."""
    stripped = text.rstrip()
    if stripped.endswith("./.") or not stripped:
        return ""
    return "/." if stripped.endswith(".") else "./."


def _blocks(out: _Out, blocks: tuple[Block, ...], width: float, last_mark: bool = False) -> None:
    last_p = None
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            p = out.paragraph(STYLE_OF_KIND[block.kind])
            if block.kind == "bullet":
                _add(p, "- ")
            _runs(p, block.runs)
            if (last_mark and i == len(blocks) - 1 and block.kind in ("body", "bullet")
                    and (mark := _end_mark(clean(block.text)))):
                _add(p, mark)
            last_p = p
        elif isinstance(block, Placeholder):
            p = out.paragraph("Body Text")
            _add(p, block.text, highlight=True)
            last_p = p
        elif isinstance(block, Table):
            _table(out, block, width)
            last_p = None
        else:  # the model refuses other blocks; a writer cannot guess
            raise TypeError(f"not a block: {type(block).__name__}")
    if last_mark and last_p is not None:
        last_p.paragraph_format.keep_with_next = True  # the signature never starts a page alone


# -- the end: recipients and signer ----------------------------------------------------------

def _closing(out: _Out, doc: OfficialDocument, words: dict, width: float) -> None:
    left_mm = round(width * 0.45, 1)
    t = out.document.add_table(rows=1, cols=2)
    _table_shape(t, [_twips(left_mm), _twips(width - left_mm)], borders=False, cell_margins_tw=0)
    _row_flags(t.rows[0])
    left, right = t.rows[0].cells
    left.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    p = left.paragraphs[0]
    _format(p, align=WD_ALIGN_PARAGRAPH.LEFT, before=12, keep=True)
    _add(p, words["recipients"], size=NOTE_PT, bold=True, italic=True)
    recipients = tuple(clean(r) for r in doc.recipients)
    blank = doc.fill and not any(r.strip() for r in recipients)
    if blank:  # NĐ 30's form: the bodies that receive it, then the file copy
        recipients = (words["blank_recipient"], words["filed"])
    for i, line in enumerate(recipient_lines(recipients)):
        p = left.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.LEFT, keep=True)
        if blank and i == 0:
            _add(p, "- ", size=RECIPIENT_PT, bold=False, italic=False)
            _add(p, line[2:-1], size=RECIPIENT_PT, bold=False, italic=False, highlight=True)
            _add(p, line[-1], size=RECIPIENT_PT, bold=False, italic=False)
        else:
            _add(p, line, size=RECIPIENT_PT, bold=False, italic=False)

    center = WD_ALIGN_PARAGRAPH.CENTER
    signer = doc.signer or Signer(title="")
    lines = [(s, False) for s in (signer.authority, signer.title) if s and s.strip()]
    if not lines and doc.fill:
        lines = [(words["blank_authority"], True)]
    p = right.paragraphs[0]
    _format(p, align=center, before=12, keep=True)
    for i, (text, blank) in enumerate(lines):
        if i:
            p = right.add_paragraph()
            _format(p, align=center, keep=True)
        _add(p, text.upper(), size=BODY_PT, bold=True, italic=False, highlight=blank)
    for _ in range(SIGNATURE_LINES):
        p = right.add_paragraph()
        _format(p, align=center, keep=True)
    p = right.add_paragraph()
    _format(p, align=center)
    if signer.name and signer.name.strip():
        _add(p, signer.name, size=BODY_PT, bold=True, italic=False)
    elif doc.fill:
        _add(p, words["blank_name"], size=BODY_PT, bold=True, italic=False, highlight=True)


# -- annexes --------------------------------------------------------------------------------

ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _annex(out: _Out, annex: Annex, index: int, count: int, words: dict) -> None:
    section = out.document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=annex.landscape)
    section.different_first_page_header_footer = False  # numbered from its first page
    _thin(section._sectPr.getprevious())  # the paragraph that ends the previous section
    width = _text_width_mm(section)
    center = WD_ALIGN_PARAGRAPH.CENTER
    p = out.paragraph()
    _format(p, align=center)
    label = words["annex"] + (f" {_roman(index + 1)}" if count > 1 else "")
    _add(p, label, size=BODY_PT, bold=True, italic=False)
    p = out.paragraph()
    _format(p, align=center, after=0 if annex.subtitle else 12)
    _add(p, annex.title.upper(), size=BODY_PT, bold=True, italic=False)
    if annex.subtitle:
        p = out.paragraph()
        _format(p, align=center, after=12)
        _add(p, annex.subtitle, size=BODY_PT, bold=False, italic=True)
    _blocks(out, annex.blocks, width)


# -- properties and the package -------------------------------------------------------------

def _stamp(doc: OfficialDocument) -> datetime.datetime:
    """The fixed time of the file: the document's date (or 1 January of its year) at 08:00."""
    if doc.date is not None:
        day = doc.date
    elif doc.year:
        day = datetime.date(doc.year, 1, 1)
    else:
        day = datetime.date(1980, 1, 1)
    year = min(max(day.year, 1980), 2107)  # what a zip entry can hold
    return datetime.datetime(year, day.month, day.day, 8, 0, 0)


def _properties(d, doc: OfficialDocument, lang: str, stamp: datetime.datetime) -> None:
    cp = d.core_properties
    cp.title = clean(doc.subject)[:255]
    cp.subject = clean(doc.kind)[:255]
    cp.author = cp.last_modified_by = clean(doc.body)[:255]
    cp.comments = cp.keywords = cp.category = cp.content_status = cp.identifier = cp.version = ""
    cp.language = lang
    cp.revision = 1
    cp.created = cp.modified = stamp
    for e in cp._element.findall(
            "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted"):
        cp._element.remove(e)
    pkg = d.part.package
    for rId, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg.rels[rId]  # a picture of an empty page
