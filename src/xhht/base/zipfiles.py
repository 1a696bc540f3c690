"""Office files (.docx, .xlsx) as deterministic bytes: the same input gives the same file; and how
every sheet xhht writes is printed (`print_one_page_wide`).

python-docx and openpyxl stamp a package with the time it was saved (zip entry times, and
`created` / `modified` in docProps/core.xml); `fixed_zip` writes the package again with its
entries in a fixed order (`[Content_Types].xml` and `_rels/.rels` first, as Office writes them,
then by name) and a fixed time for both: a given `stamp` (a Word review dated as the document it
holds) or 1 January 2000.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

FIXED = dt.datetime(2000, 1, 1)
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_zip(data: bytes, stamp: dt.datetime = FIXED) -> bytes:
    """The same zip with its entries in a fixed order at `stamp`, and the document's dates `stamp`."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in names:
            body = src.read(name)
            if name == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(3), body.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


def print_one_page_wide(sheet, landscape: bool = True) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Every sheet xhht writes prints on A4, all its columns on one page wide (as many pages down as
    needed): a Sở officer prints it, and a column on a page of its own cannot be read."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
