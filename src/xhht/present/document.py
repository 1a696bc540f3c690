"""An administrative document (văn bản hành chính) as plain data: what a writer lays out as
Phụ lục I of Nghị định 30/2020/NĐ-CP (CONTRACT section 11). No I/O, no layout, no third-party
imports: a writer (`docx_writer.write_docx`) decides how each part looks.

    OfficialDocument(parent_body="UBND TỈNH HẬU GIANG", body="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                     number="   /BC-SGDĐT", place="Hậu Giang", date=date(2016, 1, 22),
                     subject="Sơ kết giai đoạn 2013 - 2016 thực hiện Kế hoạch số 64/KH-UBND ...",
                     blocks=(Paragraph.of("I. KẾT QUẢ THỰC HIỆN", "heading1"), ...),
                     recipients=("UBND tỉnh (để báo cáo)", "Lưu: VT"),
                     signer=Signer(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name=None))

A part left out (no date, no signer name, no parent body) is the blank an officer fills by hand,
never the text "None". Text is text: nothing in it is markup.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Union

from xhht.model.report_text import Span

PARAGRAPH_KINDS = ("body", "heading1", "heading2", "heading3", "bullet", "note", "centered")
ALIGNS = ("left", "center", "right")
ROW_KINDS = ("data", "group")
LANGS = ("vi", "en")


def _tuple(obj: object, name: str) -> None:
    """Lists given for tuple fields become tuples, so records stay hashable and immutable."""
    value = getattr(obj, name)
    if isinstance(value, list):
        object.__setattr__(obj, name, tuple(value))
    elif not isinstance(value, tuple):
        raise TypeError(f"{type(obj).__name__}.{name} must be a tuple, not {type(value).__name__}")


Run = Span  # a stretch of text with one emphasis: the officer's own text (model/report_text) is made of them too


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """One paragraph. `kind`:

    - body: justified, first-line indent;
    - heading1: a roman-numbered section ("I. KẾT QUẢ THỰC HIỆN"), bold, capitals as given;
    - heading2: "1. Công tác chỉ đạo, triển khai", bold; heading3: bold italic;
    - bullet: a dash item: the writer puts the "- " before the runs (leave it out of the text);
    - note: italic, smaller; centered: centred, no indent.
    """

    runs: tuple[Run, ...]
    kind: str = "body"

    def __post_init__(self) -> None:
        _tuple(self, "runs")
        if self.kind not in PARAGRAPH_KINDS:
            raise ValueError(f"paragraph kind {self.kind!r} is not one of {', '.join(PARAGRAPH_KINDS)}")

    @classmethod
    def of(cls, text: str, kind: str = "body", *, bold: bool = False, italic: bool = False) -> Paragraph:
        """A paragraph of one run."""
        return cls(runs=(Run(text=text, bold=bold, italic=italic),), kind=kind)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True, kw_only=True)
class Placeholder:
    """A highlighted paragraph that the officer replaces with the text it asks for."""

    text: str = "[Bổ sung nội dung]"


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A table column: its title (the header when the table gives no `header`), width, alignment."""

    title: str
    width_mm: float
    align: str = "left"

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"column align {self.align!r} is not one of {', '.join(ALIGNS)}")
        if not self.width_mm > 0:
            raise ValueError(f"column {self.title!r}: width_mm must be positive, not {self.width_mm!r}")


Cell = Union[str, tuple[Run, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    """A data row has one cell per column; a group row has one cell, spanning every column, bold."""

    cells: tuple[Cell, ...]
    kind: str = "data"

    def __post_init__(self) -> None:
        _tuple(self, "cells")
        if self.kind not in ROW_KINDS:
            raise ValueError(f"row kind {self.kind!r} is not one of {', '.join(ROW_KINDS)}")
        if self.kind == "group" and len(self.cells) != 1:
            raise ValueError(f"a group row has one cell, not {len(self.cells)}")
        object.__setattr__(self, "cells", tuple(tuple(c) if isinstance(c, list) else c for c in self.cells))


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A bordered table. `header`: the header rows, one text per column each (default: one row of
    the columns' titles); within the header, a cell equal to its left neighbour is merged with it,
    and one equal to the cell above it (spanning the same columns) is merged with that. The header
    rows repeat on every page. `title`: a caption above the table. `key`: what the table is, for a
    writer that adds to it (the HTML review draws a chart after the "results" table)."""

    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    header: tuple[tuple[str, ...], ...] = ()
    title: str | None = None
    key: str | None = None

    def __post_init__(self) -> None:
        _tuple(self, "columns")
        _tuple(self, "rows")
        _tuple(self, "header")
        object.__setattr__(self, "header", tuple(tuple(h) for h in self.header))
        if not self.columns:
            raise ValueError("a table has at least one column")
        n = len(self.columns)
        for i, h in enumerate(self.header):
            if len(h) != n:
                raise ValueError(f"header row {i + 1} has {len(h)} cells for {n} columns")
        for i, row in enumerate(self.rows):
            if row.kind == "data" and len(row.cells) != n:
                raise ValueError(f"row {i + 1} has {len(row.cells)} cells for {n} columns")

    @property
    def header_rows(self) -> tuple[tuple[str, ...], ...]:
        return self.header or (tuple(c.title for c in self.columns),)

    def header_spans(self) -> list[tuple[int, int, int, int]]:
        """Rectangles (row, col, last row, last col) of the header's cells, as every writer merges
        them: equal neighbours in a row merge, and a cell equal to the one above it with the same
        columns merges with it."""
        header = self.header_rows
        n_rows, n_cols = len(header), len(header[0])

        def hspan(r: int, c: int) -> int:
            e = c
            while e + 1 < n_cols and header[r][e + 1] and header[r][e + 1] == header[r][c]:
                e += 1
            return e

        covered: set[tuple[int, int]] = set()
        out = []
        for r in range(n_rows):
            c = 0
            while c < n_cols:
                if (r, c) in covered:
                    c += 1
                    continue
                e = hspan(r, c) if header[r][c] else c
                r2 = r
                while (r2 + 1 < n_rows and header[r][c] and header[r2 + 1][c] == header[r][c]
                       and hspan(r2 + 1, c) == e and (c == 0 or header[r2 + 1][c - 1] != header[r][c])
                       and not any((r2 + 1, k) in covered for k in range(c, e + 1))):
                    r2 += 1
                out.append((r, c, r2, e))
                covered |= {(i, k) for i in range(r, r2 + 1) for k in range(c, e + 1)}
                c = e + 1
        return out


Block = Union[Paragraph, Placeholder, Table]


def _blocks(obj: object) -> None:
    _tuple(obj, "blocks")
    for b in obj.blocks:  # type: ignore[attr-defined]
        if not isinstance(b, (Paragraph, Placeholder, Table)):
            raise TypeError(f"a block is a Paragraph, Placeholder or Table, not {type(b).__name__}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Annex:
    """A phụ lục: on a new page, in a section of its own (landscape for a wide table).
    `title` is the phụ lục's name; `subtitle` e.g. "(Kèm theo Báo cáo số    /BC-SGDĐT ...)"."""

    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    landscape: bool = False

    def __post_init__(self) -> None:
        _blocks(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class Signer:
    """Who signs: `authority` ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; none when the head signs),
    `title` ("PHÓ GIÁM ĐỐC"), `name` (none: a blank line to fill in)."""

    title: str
    authority: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialDocument:
    """The document. `parent_body`: cơ quan chủ quản (none when the body has none); `body`: cơ
    quan ban hành; `number`: số, ký hiệu as written ("   /BC-SGDĐT", blanks kept); `place`: địa
    danh; `date`: none leaves "ngày ... tháng ... năm" blank, with `year` printed when given;
    `kind`: the document's kind ("BÁO CÁO"); `subject`: trích yếu; `blocks`: the content;
    `recipients`: nơi nhận, in order, without the "- " and the final ";" / "."; `signer`: none
    leaves the signature column blank; `annexes`: phụ lục, after the signature; `lang`: the
    language of the fixed wording and of spell checking ("vi" or "en"); `fill`: what is left out
    of the heading and the end (the body, its ký hiệu, the place, the signer, the nơi nhận) is
    written as a highlighted placeholder for the officer (`WORDING`'s "blank_*", as Phụ lục I of
    NĐ 30 names each part), not left blank. The writer ends the text's last paragraph (body or
    bullet) with "./." when it does not end so already."""

    body: str
    number: str
    place: str
    subject: str
    blocks: tuple[Block, ...]
    date: datetime.date | None = None
    year: int | None = None
    parent_body: str | None = None
    kind: str = "BÁO CÁO"
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    annexes: tuple[Annex, ...] = ()
    lang: str = "vi"
    fill: bool = False

    def __post_init__(self) -> None:
        _blocks(self)
        _tuple(self, "recipients")
        _tuple(self, "annexes")
        if self.lang not in LANGS:
            raise ValueError(f"lang {self.lang!r} is not one of {', '.join(LANGS)}")
        if self.date is not None and not isinstance(self.date, datetime.date):
            raise TypeError(f"date must be a datetime.date, not {type(self.date).__name__}")


# ---------------------------------------------------------------- wording every writer shares

WORDING = {
    "vi": {"nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto": "Độc lập - Tự do - Hạnh phúc",
           "number": "Số: ", "recipients": "Nơi nhận:", "annex": "Phụ lục", "lang": "vi-VN",
           # the placeholders of a document with `fill` (Phụ lục I of NĐ 30/2020 names each part so)
           "blank_parent": "[TÊN CƠ QUAN CHỦ QUẢN]", "blank_body": "[TÊN CƠ QUAN BAN HÀNH]",
           "blank_mark": "[viết tắt]", "blank_place": "[Địa danh]",
           "blank_authority": "[QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ]", "blank_name": "[Họ và tên]",
           "blank_recipient": "[Tên cơ quan, tổ chức nhận báo cáo]", "filed": "Lưu: VT"},
    "en": {"nation": "SOCIALIST REPUBLIC OF VIET NAM", "motto": "Independence - Freedom - Happiness",
           "number": "No.: ", "recipients": "Recipients:", "annex": "Annex", "lang": "en-US",
           "blank_parent": "[SUPERVISING BODY]", "blank_body": "[ISSUING BODY]",
           "blank_mark": "[abbreviation]", "blank_place": "[Place]",
           "blank_authority": "[AUTHORITY AND POSITION OF THE SIGNER]", "blank_name": "[Full name]",
           "blank_recipient": "[Body that receives the report]", "filed": "Filed: Office"},
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
BLANK = " " * 5  # the blank left for a day or a month written by hand


def date_line(doc: OfficialDocument) -> str:
    """"Hậu Giang, ngày 22 tháng 01 năm 2016" (NĐ 30: a zero before days under 10 and the months
    1 and 2); blanks for what is not known yet."""
    place = doc.place.strip()
    head = f"{place}, " if place else ""
    if doc.lang == "en":
        if doc.date is None:
            return head + f"{BLANK}{BLANK} {doc.year if doc.year else BLANK}"
        return head + f"{MONTHS_EN[doc.date.month - 1]} {doc.date.day}, {doc.date.year}"
    if doc.date is None:
        return head + f"ngày{BLANK}tháng{BLANK}năm" + (f" {doc.year}" if doc.year else BLANK)
    d = doc.date
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return head + f"ngày {d.day:02d} tháng {month} năm {d.year}"


def recipient_lines(recipients: tuple[str, ...]) -> list[str]:
    """The nơi nhận as NĐ 30 writes them: "- UBND tỉnh (để báo cáo);" … "- Lưu: VT."."""
    items = [r.strip().lstrip("-–").strip().rstrip(";.").strip() for r in recipients]
    items = [r for r in items if r]
    return [f"- {r}{'.' if i == len(items) - 1 else ';'}" for i, r in enumerate(items)]
