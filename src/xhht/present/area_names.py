"""The names of administrative units as officers write them across the 2025 reform (docs/reform.md):
"Huyện Đông (đến 30/6/2025)", "Xã Đông Mới (từ 1/7/2025, gồm Xã Đông A, Xã Đông B, một phần Xã Đông C)".
"""

from __future__ import annotations

import datetime as dt

from xhht.model.areas import ONE_DAY, Areas
from xhht.model.records import Area
from xhht.present.fmt import date as show

WORDS = {"vi": ("đến", "từ", "gồm", "một phần"), "en": ("until", "from", "formed of", "part of")}


def label(areas: Areas, code: str, year: int | None = None, lang: str = "vi", members: bool = True) -> str:
    """The name as officers write it across the reform: "Huyện Đông (đến 30/6/2025)",
    "Xã Đông Mới (từ 1/7/2025, gồm Xã Đông A, Xã Đông B, một phần Xã Đông C)"."""
    area = areas.unit(code, year) or areas.by_code.get(code)
    if area is None:
        return code
    return label_of(areas, area, lang, members)


def label_of(areas: Areas, area: Area, lang: str = "vi", members: bool = True) -> str:
    """`label` of one unit (of a reused code, the one meant)."""
    code = area.code
    if not areas.dated:
        return area.name
    words = WORDS[lang]
    notes = []
    if area.valid_to is not None:
        notes.append(f"{words[0]} {show(area.valid_to, lang)}")
    if area.valid_from is not None:
        parts = []
        if members:
            for ch in areas.changes:
                if ch.new == code and ch.date == area.valid_from:
                    old = areas.unit_on(ch.old, ch.date - ONE_DAY)
                    name = old.name if old else ch.old
                    parts.append(name if ch.whole else f"{words[3]} {name}")
        text = f"{words[1]} {show(area.valid_from, lang)}"
        if parts:
            text += f", {words[2]} " + ", ".join(parts)
        notes.append(text)
    return f"{area.name} ({'; '.join(notes)})" if notes else area.name


def namer(areas: Areas, year: int | None, lang: str = "vi"):
    """name_of(code, day=None) for the reasons of a result of `year`: the unit valid on `day`
    when given (an ended unit), else the one of `year`, without its list of predecessors."""
    def name_of(code: str, day: dt.date | None = None) -> str:
        unit = areas.unit_on(code, day) if day is not None else None
        return label_of(areas, unit, lang, False) if unit else label(areas, code, year, lang, members=False)

    return name_of
