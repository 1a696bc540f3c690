"""The same zip package again with its entries in a fixed order and at a fixed time, and the
dates inside docProps/core.xml fixed too: Office files (.docx, .xlsx) written from the same input
are the same bytes (python-docx and openpyxl stamp the time of the run)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """`data` (a zip) with every entry at `stamp`, [Content_Types].xml and _rels/.rels first, the
    rest by name, and docProps/core.xml's created and modified dates set to `stamp`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            body = src.read(name)
            if name == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(3), body.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, body, compresslevel=6)
    return out.getvalue()
