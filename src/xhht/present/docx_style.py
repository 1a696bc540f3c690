"""The primitives of `docx_writer.write_docx` (Phụ lục I of Nghị định 30/2020/NĐ-CP): the page, the
fonts and styles, a user's style template made safe, and the WordprocessingML elements written
into paragraphs, runs and tables. docx_writer.py lays out the document with them.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from xhht.present.document import Run

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# The landscape page turned a quarter: its top edge at the binding (the portrait left, 30 mm).
LANDSCAPE_MARGINS_MM = {"top": 30, "bottom": 15, "left": 20, "right": 20}
HEADER_MM = 10  # header and footer distance from the page edge: the page number sits in the top margin
INDENT_MM = 10  # first-line indent (NĐ 30: 1 to 1.27 cm)
BODY_PT, TABLE_PT, NOTE_PT, HEAD_PT, RECIPIENT_PT = 14, 13, 12, 13, 11
TABLE_CELL_MARGIN_TW = 57  # 1 mm each side of a cell's text: narrow numeric columns stay on one line

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAX_BYTES = 64 * 1024 * 1024  # uncompressed: a style template is a few hundred kB
TEMPLATE_MAX_XML_BYTES = 8 * 1024 * 1024  # one XML part, uncompressed (embedded fonts may be larger)
TEMPLATE_MAX_STYLES = 2000  # Word's own template defines about 300; python-docx looks a style up by a
# walk over them all, so 400,000 styles (a 3 MB file) took 95 s and 900 MB

# What a template's main part may keep: what styles need. Headers, footers, footnotes, pictures,
# links, embedded objects, macros (vbaProject), glossaries, comments, web settings (a frameset that
# Word loads from a URL) and custom XML are dropped with the body. Of the package, only the
# document itself: the template's properties (author, company, a thumbnail, custom properties)
# are not the review's. No part keeps a relationship to anything outside the file.
KEPT_PART_RELS = ("/styles", "/stylesWithEffects", "/settings", "/fontTable", "/theme", "/numbering")
KEPT_PACKAGE_RELS = ("/officeDocument",)

# XML 1.0 cannot hold C0 controls but tab, newline and carriage return, nor U+FFFE, U+FFFF and
# lone surrogates; C1 controls are allowed but mean nothing in a document: all removed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class TemplateError(ValueError):
    """The style template cannot be used (not a .docx, macro-enabled, damaged, too large): `kind` is the
    catalogue's phrase that says why (`docx-macro`…) with `params`; the message is English, for logs."""

    def __init__(self, kind: str, message: str, **params: object):
        super().__init__(message)
        self.kind, self.params = kind, params


def clean(text: str) -> str:
    """Text that XML 1.0 can hold: the illegal controls removed, line ends as newlines."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# -- the element order WordprocessingML requires inside the property elements we write into ----

_PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
        "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
        "cnfStyle", "rPr", "sectPr", "pPrChange")
_RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
        "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
        "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
        "specVanish", "oMath")
_TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
          "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
          "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _el(tag: str, **attrs: str):
    """`w:tag` with `w:` attributes."""
    e = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _put(parent, child, order: tuple[str, ...]):
    """Put `child` into `parent` in the schema's order, replacing one of the same tag."""
    local = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = {qn(f"w:{t}") for t in order[order.index(local) + 1:]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


# -- text measure: an estimate (Times New Roman's widths, in em), for the rules' lengths --------

def _em(ch: str, bold: bool) -> float:
    if ch == " ":
        return 0.25
    if ch.isdigit():
        return 0.5
    if ch.isalpha():
        if ch.isupper():
            return 0.71 if bold else 0.67
        return 0.47 if bold else 0.45
    return 0.33


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """About how long `text` is printed in Times New Roman (the longest of its lines)."""
    lines = text.split("\n") or [""]
    return max(sum(_em(c, bold) for c in line) for line in lines) * size_pt * 25.4 / 72


# -- the template ---------------------------------------------------------------------------

def _start(style_template: bytes | None):
    if style_template is None:
        return Document()
    try:
        with zipfile.ZipFile(io.BytesIO(style_template)) as z:
            if sum(i.file_size for i in z.infolist()) > TEMPLATE_MAX_BYTES or any(
                    i.file_size > TEMPLATE_MAX_XML_BYTES for i in z.infolist() if i.filename.endswith((".xml", ".rels"))):
                raise TemplateError("docx-too-large", "the style template is too large to be a style template")
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise TemplateError("docx-not-word", f"the style template is not a Word document (.docx): {e}") from None
    if "macroenabled" in types.lower():
        raise TemplateError("docx-macro", "the style template is macro-enabled (.docm/.dotm); save it as a "
                            "Word document (.docx): only its styles are used, and no macro")
    if DOCX_CONTENT_TYPE not in types:
        raise TemplateError("docx-not-word", "the style template is not a Word document (.docx)")
    try:
        d = Document(io.BytesIO(style_template))
    except Exception as e:  # python-docx/lxml raise many kinds on a damaged file
        raise TemplateError("docx-damaged", f"the style template cannot be read: {e}", detail=str(e)) from None
    if d.part.content_type != DOCX_CONTENT_TYPE:
        raise TemplateError("docx-not-word", "the style template is not a Word document (.docx)")
    if len(d.styles.element.findall(qn("w:style"))) > TEMPLATE_MAX_STYLES:
        raise TemplateError("docx-too-many-styles", f"the style template has more than {TEMPLATE_MAX_STYLES} styles",
                            limit=TEMPLATE_MAX_STYLES)

    body = d.element.body
    for child in list(body):
        body.remove(child)  # the content and the sections: the layout is the decree's
    body.append(_el("sectPr"))
    package = d.part.package
    _keep_rels(package, KEPT_PACKAGE_RELS)
    _keep_rels(d.part, KEPT_PART_RELS)
    for part in package.iter_parts():  # what is left: no link leads out of the file
        _keep_rels(part, None)
    settings = d.settings.element
    for tag in ("attachedTemplate", "mailMerge", "evenAndOddHeaders", "documentProtection",
                "writeProtection", "linkStyles", "footnotePr", "endnotePr"):
        for e in settings.findall(qn(f"w:{tag}")):
            settings.remove(e)
    if not any(s.type == WD_STYLE_TYPE.PARAGRAPH and s.name == "Normal" for s in d.styles):
        d.styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH)  # every style is based on it
    return d


def _keep_rels(source, kept: tuple[str, ...] | None) -> None:
    """Drop the relationships of `source` (a part or the package) that lead outside the file, and
    those whose type is not one of `kept` (when given)."""
    for rId, rel in list(source.rels.items()):
        if rel.is_external or (kept is not None and not rel.reltype.endswith(kept)):
            del source.rels[rId]


# -- styles ---------------------------------------------------------------------------------

def _fonts(rPr, name: str = FONT) -> None:
    """rFonts for every script, without theme fonts (which would win over the names)."""
    rFonts = _put(rPr, _el("rFonts"), _RPR)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rFonts.set(qn(f"w:{attr}"), name)


def _styles(d, lang: str, own: bool) -> None:
    """With no template, the document's defaults and Normal are the decree's; each content style
    is (re)defined. With a template, its styles stay as they are and the missing ones are added."""
    styles = d.styles
    if own:
        defaults = styles.element.find(qn("w:docDefaults"))
        rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rPr)
        _put(rPr, _el("sz", val=str(BODY_PT * 2)), _RPR)
        _put(rPr, _el("szCs", val=str(BODY_PT * 2)), _RPR)
        _put(rPr, _el("lang", val=lang, eastAsia=lang, bidi="ar-SA"), _RPR)
        pPr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _put(pPr, _el("spacing", before="0", after="0", line="240", lineRule="auto"), _PPR)

        normal = styles["Normal"]
        _fonts(normal.element.get_or_add_rPr())
        normal.font.size = Pt(BODY_PT)
        normal.font.color.rgb = BLACK
        _put(normal.element.get_or_add_rPr(), _el("lang", val=lang, eastAsia=lang, bidi="ar-SA"), _RPR)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing, pf.widow_control = Pt(0), Pt(0), 1.0, True

    def style(name: str, base: str | None, **kw) -> None:
        try:
            s = styles[name]
            if not own:
                return  # the template's own
        except KeyError:
            s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            s.base_style = styles[base]
        rPr = s.element.get_or_add_rPr()
        for e in rPr.findall(qn("w:rFonts")):
            rPr.remove(e)  # the built-in headings' theme fonts: the family comes from Normal
        f, pf = s.font, s.paragraph_format
        f.size = Pt(kw.get("size", BODY_PT))
        f.bold, f.italic = kw.get("bold", False), kw.get("italic", False)
        f.color.rgb = BLACK
        pf.alignment = kw.get("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
        pf.first_line_indent = Mm(kw.get("indent", INDENT_MM))
        pf.left_indent = pf.right_indent = Mm(0)
        pf.space_before = Pt(kw.get("before", 0))
        pf.space_after = Pt(kw.get("after", 6))
        pf.line_spacing = kw.get("line", 1.0)
        pf.keep_with_next = kw.get("keep", False)
        pf.keep_together = kw.get("keep", False)
        pPr = s.element.get_or_add_pPr()
        for e in pPr.findall(qn("w:numPr")):
            pPr.remove(e)
        if "outline" in kw:
            _put(pPr, _el("outlineLvl", val=str(kw["outline"])), _PPR)
        if "next" in kw:
            s.next_paragraph_style = styles[kw["next"]]

    style("Body Text", "Normal")
    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3")):
        style(name, "Normal", bold=True, italic=level == 2, before=6, keep=True, outline=level,
              next="Body Text")
    style("List Dash", "Body Text")
    style("Note", "Body Text", size=NOTE_PT, italic=True)
    style("Centered", "Body Text", align=WD_ALIGN_PARAGRAPH.CENTER, indent=0)
    style("Table Text", "Normal", size=TABLE_PT, indent=0, before=2, after=2,
          align=WD_ALIGN_PARAGRAPH.LEFT)
    style("Table Title", "Normal", bold=True, indent=0, before=6, after=6, keep=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    style("Header", "Normal", size=TABLE_PT, indent=0, after=0, align=WD_ALIGN_PARAGRAPH.CENTER)


# -- page -----------------------------------------------------------------------------------

def _page(section, landscape: bool) -> None:
    w, h = PAGE_MM
    m = LANDSCAPE_MARGINS_MM if landscape else MARGINS_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(h), Mm(w)) if landscape else (Mm(w), Mm(h))
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.header_distance = section.footer_distance = Mm(HEADER_MM)
    section.gutter = Mm(0)


def _text_width_mm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _page_numbers(section) -> None:
    """PAGE centred in the header from page 2 on; the first page's header is empty."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Mm(0)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"),
                       ("end", None)):
        r = p.add_run()
        r.font.size = Pt(TABLE_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        elif kind == "text":
            r.text = text
        else:
            r._r.append(_el("fldChar", fldCharType=kind))


# -- paragraphs -----------------------------------------------------------------------------

def _format(p, *, align=None, indent_mm: float | None = 0, before: float = 0, after: float = 0,
            keep: bool = False, style: str | None = None) -> None:
    if style:
        p.style = style
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    if indent_mm is not None:
        pf.first_line_indent = Mm(indent_mm)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if keep:
        pf.keep_with_next = True


def _add(p, text: str, *, size: float | None = None, bold: bool | None = None,
         italic: bool | None = None, highlight: bool = False):
    """One run of `text`, cleaned; only what is given is set (the rest follows the style).
    Nothing for no text."""
    text = clean(text)
    if not text:
        return None
    r = p.add_run(text)
    if size is not None:
        r.font.size = Pt(size)
    if bold is not None:
        r.bold = bold
    if italic is not None:
        r.italic = italic
    if highlight:
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return r


def _runs(p, runs: Iterable[Run], *, size: float | None = None, bold: bool | None = None) -> None:
    for run in runs:
        _add(p, run.text, size=size, bold=True if (bold or run.bold) else None,
             italic=True if run.italic else None)


def _rule(container, width_mm: float, space_mm: float, after: float = 0) -> None:
    """A short centred horizontal line, `width_mm` long, in a block `space_mm` wide: the top
    border of a thin empty paragraph indented from both sides."""
    p = container.add_paragraph()
    side = max((space_mm - width_mm) / 2, 0)
    pf = p.paragraph_format
    pf.left_indent = pf.right_indent = Mm(side)
    pf.first_line_indent = Mm(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.space_before, pf.space_after = Pt(3), Pt(after)  # clear of the letters' dots and hooks
    pf.line_spacing = Pt(4)  # exact: the paragraph is hardly more than its line
    pPr = p._p.get_or_add_pPr()
    border = _el("pBdr")
    border.append(_el("top", val="single", sz="6", space="1", color="000000"))
    _put(pPr, border, _PPR)
    mark = _el("rPr")
    mark.append(_el("sz", val="4"))
    _put(pPr, mark, _PPR)


# -- tables ---------------------------------------------------------------------------------

def _table_shape(table, widths_tw: list[int], borders: bool, cell_margins_tw: int | None = None) -> None:
    tbl = table._tbl
    tblPr = tbl.tblPr
    table.style = None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # tblLayout fixed
    _put(tblPr, _el("tblW", w=str(sum(widths_tw)), type="dxa"), _TBLPR)
    _put(tblPr, _el("tblInd", w="0", type="dxa"), _TBLPR)
    edges = _el("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            edges.append(_el(edge, val="single", sz="4", space="0", color="000000"))
        else:
            edges.append(_el(edge, val="nil"))
    _put(tblPr, edges, _TBLPR)
    if cell_margins_tw is not None:
        mar = _el("tblCellMar")
        for edge in ("top", "left", "bottom", "right"):
            mar.append(_el(edge, w=str(cell_margins_tw if edge in ("left", "right") else 0), type="dxa"))
        _put(tblPr, mar, _TBLPR)
    for col, w in zip(table.columns, widths_tw):
        col.width = Twips(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_tw):
            cell.width = Twips(w)


def _row_flags(row, *, header: bool = False) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_el("cantSplit"))
    if header:
        trPr.append(_el("tblHeader"))
