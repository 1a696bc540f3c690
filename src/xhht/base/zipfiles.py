"""Office files (.xlsx) as deterministic bytes: the same input gives the same file; and how every
sheet xhht writes is printed (`print_one_page_wide`).

openpyxl stamps a workbook with the time it was saved (zip entry times, and `created` / `modified`
in docProps/core.xml); `fixed_zip` writes the package again with a fixed time for both.
"""

from __future__ import annotations

import io
import re
import zipfile

FIXED_DATE = "2000-01-01T00:00:00Z"


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times and document dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              lambda m: m.group(1) + FIXED_DATE + m.group(3), text)
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def print_one_page_wide(sheet, landscape: bool = True) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Every sheet xhht writes prints on A4, all its columns on one page wide (as many pages down as
    needed): a Sở officer prints it, and a column on a page of its own cannot be read."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
