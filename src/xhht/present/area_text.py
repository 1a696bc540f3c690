"""`xhht areas show`: what a code names (docs/reform.md) — every unit that carried it (a reused code
names several, one after another), with its level, parent, validity, and the rows of
area-changes.csv that lead into and out of it; and the words of `xhht areas import`. Text from
files is data: control characters are dropped and rich markup escaped.
"""

from __future__ import annotations

import datetime as dt

from xhht.model.areas import ONE_DAY, Areas
from xhht.model.records import Area
from xhht.present import console
from xhht.present.console import one_line
from xhht.present.fmt import WORDS as fmt_words
from xhht.present.fmt import date


WORDS = {
    "vi": {
        "levels": fmt_words["vi"]["level_nouns"],
        "units": "Mã {code}: {n} đơn vị (theo thời gian)",
        "level": "cấp", "parent": "thuộc", "valid": "hiệu lực", "always": "không giới hạn",
        "from": "từ", "to": "đến", "since": "từ trước",
        "before": "hình thành từ", "after": "chuyển vào", "whole": "toàn bộ", "part": "một phần",
        "none_before": "không có trong area-changes.csv", "none_after": "không có trong area-changes.csv",
        "derived": "lãnh thổ chuyển vào (theo các đơn vị cấp dưới), {day}:",
        "straddles": "{unit} cũng nhận lãnh thổ ngoài đơn vị này: không cộng dồn chính xác được",
        "none_on": "Mã {code} không gọi đơn vị nào vào ngày {day}; mã này gọi: {spans}",
        "source_table": "Nguồn: bảng chuyển đổi {file} ({rows} dòng cho tỉnh {province})",
        "source_package": "Nguồn: gói vietnam-provinces {version} (danh mục cũ và bảng chuyển đổi {table}; "
                          "{rows} dòng cho tỉnh {province})",
        "wrote": "Đã ghi {areas} ({units} đơn vị) và {changes} ({n} thay đổi), ngày thay đổi {day}.",
        "next": "Bước tiếp theo: đặt hai tệp vào thư mục theo dõi (có plans/) rồi chạy `xhht check`.",
        "next_here": "Bước tiếp theo: chạy `xhht check`{where}.", "in_dir": " trong thư mục {dir}",
    },
    "en": {
        "levels": fmt_words["en"]["level_nouns"],
        "units": "Code {code}: {n} units (over time)",
        "level": "level", "parent": "part of", "valid": "valid", "always": "always",
        "from": "from", "to": "until", "since": "earlier",
        "before": "formed from", "after": "went into", "whole": "whole", "part": "part",
        "none_before": "none in area-changes.csv", "none_after": "none in area-changes.csv",
        "derived": "its territory went into (by its units below), {day}:",
        "straddles": "{unit} also took territory from outside this unit: no exact roll-up",
        "none_on": "The code {code} names no unit on {day}; it names: {spans}",
        "source_table": "Source: the conversion table {file} ({rows} rows for province {province})",
        "source_package": "Source: the package vietnam-provinces {version} (legacy units and the conversion table "
                          "{table}; {rows} rows for province {province})",
        "wrote": "Wrote {areas} ({units} units) and {changes} ({n} changes), change date {day}.",
        "next": "Next: put both files in a tracker folder (with plans/) and run `xhht check`.",
        "next_here": "Next: run `xhht check`{where}.", "in_dir": " in {dir}",
    },
}


def day_text(d: dt.date | None, lang: str) -> str:
    return date(d, lang)


def new_console():  # noqa: ANN201 - a rich Console
    return console.new_console(soft_wrap=True)


def validity(a: Area, lang: str) -> str:
    w = WORDS[lang]
    if a.valid_from is None and a.valid_to is None:
        return w["always"]
    parts = []
    if a.valid_from is not None:
        parts.append(f"{w['from']} {day_text(a.valid_from, lang)}")
    if a.valid_to is not None:
        parts.append(f"{w['to']} {day_text(a.valid_to, lang)}")
    return " ".join(parts)


def _ref(areas: Areas, code: str, day: dt.date, lang: str) -> str:
    """'31362 Thị trấn Cái Tắc (Huyện Châu Thành A)': a unit valid on `day`, with its parent."""
    unit = areas.unit_on(code, day)
    if unit is None:
        return one_line(code)
    out = f"{one_line(code)} {one_line(unit.name)}"
    if unit.parent is not None:
        parent = areas.unit_on(unit.parent, day)
        if parent is not None:
            out += f" ({one_line(parent.name)})"
    return out


def show_command(areas: Areas, code: str, on: dt.date | None, lang: str) -> int:
    """Print the unit(s) `code` names; 1 when `on` is given and no unit is valid that day."""
    w = WORDS[lang]
    versions = list(areas.versions.get(code, ()))
    console = new_console()
    if on is not None:
        unit = areas.unit_on(code, on)
        if unit is None:
            spans = "; ".join(f"{one_line(a.name)} ({validity(a, lang)})" for a in versions)
            console.print(w["none_on"].format(code=one_line(code), day=day_text(on, lang), spans=spans))
            return 1
        versions = [unit]
    else:
        console.print(f"[bold]{w['units'].format(code=one_line(code), n=len(versions))}[/bold]")
    for a in versions:
        console.print()
        console.print(f"[bold]{one_line(a.code)} · {one_line(a.name)}[/bold]")
        console.print(f"  {w['level']}: {w['levels'][a.level]}")
        if a.parent is not None:
            day = a.valid_to or a.valid_from
            parent = areas.unit_on(a.parent, day) if day is not None else areas.by_code.get(a.parent)
            name = f" {one_line(parent.name)}" if parent is not None else ""
            console.print(f"  {w['parent']}: {one_line(a.parent)}{name}")
        console.print(f"  {w['valid']}: {validity(a, lang)}")
        before = sorted((ch for ch in areas.changes if ch.new == code and a.valid_on(ch.date)),
                        key=lambda ch: (ch.date, ch.old))
        after = sorted((ch for ch in areas.changes if ch.old == code and a.valid_on(ch.date - ONE_DAY)),
                       key=lambda ch: (ch.date, ch.new))
        for title, rows, other, shift, none in (
                (w["before"], before, "old", -ONE_DAY, w["none_before"]),
                (w["after"], after, "new", dt.timedelta(0), w["none_after"])):
            if not rows and other == "new" and a.valid_to is not None and areas.changes:
                _derived(console, areas, a, w, lang)
                continue
            if not rows:
                console.print(f"  {title}: {none}")
                continue
            console.print(f"  {title}:")
            for ch in rows:
                how = w["whole"] if ch.whole else w["part"]
                ref = _ref(areas, getattr(ch, other), ch.date + shift, lang)
                console.print(f"    {day_text(ch.date, lang)}: {ref} — {how}")
    return 0


def _derived(console, areas: Areas, a: Area, w: dict, lang: str) -> None:
    """An ended unit without rows of its own (a district): where its units below went, and which
    of those new units also took territory from outside it."""
    day = a.valid_to + ONE_DAY
    codes, straddling = areas.heirs(a)
    if not codes:
        console.print(f"  {w['after']}: {w['none_after']}")
        return
    console.print(f"  {w['derived'].format(day=day_text(day, lang))}")
    for code in codes:
        console.print(f"    {_ref(areas, code, day, lang)}")
    for code in straddling:
        console.print(f"  {w['straddles'].format(unit=_ref(areas, code, day, lang))}")
