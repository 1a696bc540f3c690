"""`xhht areas show` and `xhht areas import` (docs/reform.md, issue 13 item 4).

`show` prints what a code names: every unit that carried it (a reused code names several, one
after another), with its level, parent, validity, and the rows of area-changes.csv that lead into
and out of it. `import` builds `areas.csv` + `area-changes.csv` for one province from the official
old→new conversion table (*Bảng chuyển đổi đơn vị hành chính mới – cũ*, a CSV file; columns in
docs/reform.md) or, when the user has it installed, from the package `vietnam-provinces` (≥ 2026.2,
Python ≥ 3.12). Text from files is data: control characters are dropped and rich markup escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import typer

from xhht.model.areas import ONE_DAY, Areas
from xhht.model.records import Area
from xhht.base.safetext import for_rich, for_terminal


WORDS = {
    "vi": {
        "levels": {"quocgia": "quốc gia", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã"},
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
        "next": "Kiểm tra: đặt hai tệp vào thư mục theo dõi (có plans/) rồi chạy `xhht check`.",
    },
    "en": {
        "levels": {"quocgia": "country", "tinh": "province", "huyen": "district", "xa": "commune"},
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
        "next": "Check: put both files in a tracker folder (with plans/) and run `xhht check`.",
    },
}


def text(value: object) -> str:
    """User text for a rich markup string: one line, control characters removed, markup escaped."""
    return for_rich(" ".join(str(value).split()))


def _day(d: dt.date | None, lang: str) -> str:
    from xhht.present.fmt import date

    return date(d, lang)


def _console():
    from rich.console import Console

    return Console(highlight=False, emoji=False, soft_wrap=True)


# ---------------------------------------------------------------- show


def validity(a: Area, lang: str) -> str:
    w = WORDS[lang]
    if a.valid_from is None and a.valid_to is None:
        return w["always"]
    parts = []
    if a.valid_from is not None:
        parts.append(f"{w['from']} {_day(a.valid_from, lang)}")
    if a.valid_to is not None:
        parts.append(f"{w['to']} {_day(a.valid_to, lang)}")
    return " ".join(parts)


def _ref(areas: Areas, code: str, day: dt.date, lang: str) -> str:
    """'31362 Thị trấn Cái Tắc (Huyện Châu Thành A)': a unit valid on `day`, with its parent."""
    unit = areas.unit_on(code, day)
    if unit is None:
        return text(code)
    out = f"{text(code)} {text(unit.name)}"
    if unit.parent is not None:
        parent = areas.unit_on(unit.parent, day)
        if parent is not None:
            out += f" ({text(parent.name)})"
    return out


def show_command(areas: Areas, code: str, on: dt.date | None, lang: str) -> int:
    """Print the unit(s) `code` names; 1 when `on` is given and no unit is valid that day."""
    w = WORDS[lang]
    versions = list(areas.versions.get(code, ()))
    console = _console()
    if on is not None:
        unit = areas.unit_on(code, on)
        if unit is None:
            spans = "; ".join(f"{text(a.name)} ({validity(a, lang)})" for a in versions)
            console.print(w["none_on"].format(code=text(code), day=_day(on, lang), spans=spans))
            return 1
        versions = [unit]
    else:
        console.print(f"[bold]{w['units'].format(code=text(code), n=len(versions))}[/bold]")
    for a in versions:
        console.print()
        console.print(f"[bold]{text(a.code)} · {text(a.name)}[/bold]")
        console.print(f"  {w['level']}: {w['levels'][a.level]}")
        if a.parent is not None:
            day = a.valid_to or a.valid_from
            parent = areas.unit_on(a.parent, day) if day is not None else areas.by_code.get(a.parent)
            name = f" {text(parent.name)}" if parent is not None else ""
            console.print(f"  {w['parent']}: {text(a.parent)}{name}")
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
                console.print(f"    {_day(ch.date, lang)}: {ref} — {how}")
    return 0


def _derived(console, areas: Areas, a: Area, w: dict, lang: str) -> None:
    """An ended unit without rows of its own (a district): where its units below went, and which
    of those new units also took territory from outside it."""
    day = a.valid_to + ONE_DAY
    before = areas.tree_on(a.valid_to)
    territory = {a.code, *before.descendants(a.code)}
    rows = [ch for ch in areas.changes if ch.date == day and ch.old in territory]
    codes = sorted({ch.new for ch in rows})
    if not codes:
        console.print(f"  {w['after']}: {w['none_after']}")
        return
    console.print(f"  {w['derived'].format(day=_day(day, lang))}")
    for code in codes:
        console.print(f"    {_ref(areas, code, day, lang)}")
    for code in codes:
        if any(ch.new == code and ch.date == day and ch.old not in territory for ch in areas.changes):
            console.print(f"  {w['straddles'].format(unit=_ref(areas, code, day, lang))}")


# ---------------------------------------------------------------- import: the rows of the table

EFFECTIVE = dt.date(2025, 7, 1)
TABLE_COLUMNS = ("Tỉnh, thành phố", "Tên Xã mới", "Mã Xã mới", "Tên Xã cũ", "Mã Xã cũ", "Ghi chú",
                 "Quận/huyện", "Tỉnh cũ")
_NAMED = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)$")


class TableError(Exception):
    """The table cannot be read: a message naming the file and line."""


@dataclass(frozen=True)
class Pair:
    """One row of the conversion table: (part of) an old commune went into a new one."""

    new_province: str
    new_province_name: str
    new: str
    new_name: str
    old: str
    old_name: str
    whole: bool
    district: str
    district_name: str
    old_province: str
    old_province_name: str
    line: int


def clean(value: str) -> str:
    """A cell: NFC, control characters dropped, inner whitespace (newlines too) made one space."""
    return " ".join(for_terminal(unicodedata.normalize("NFC", value)).split())


def whole_of(note: str) -> bool | None:
    """`Ghi chú` → whole (yes/no), None when the note is not one the table uses."""
    if note in ("Nhập toàn bộ", "Giữ nguyên") or note.startswith("Sắp xếp toàn bộ"):
        return True
    if "một phần" in note:
        return False
    return None


def _named(value: str, column: str, line: int, file: str) -> tuple[str, str]:
    m = _NAMED.match(value)
    if not m or not m.group("name"):
        raise TableError(f"{file}:{line}: column {column!r}: expected 'Name (code)', found {value!r}")
    return m.group("name"), m.group("code")


def read_table(data: bytes, file: str) -> list[Pair]:
    """Every row of the conversion table (header, title and separator rows skipped)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    columns: dict[str, int] | None = None
    pairs: list[Pair] = []
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise TableError(f"{file}:{reader.line_num}: {exc}") from None
    # csv gives no line numbers per row: count the physical lines each row took
    line_of = _line_numbers(content)
    for index, raw in enumerate(rows):
        line = line_of[index] if index < len(line_of) else index + 1
        cells = [clean(c) for c in raw]
        if columns is None:
            if "Mã Xã mới" in cells and "Mã Xã cũ" in cells:
                missing = [c for c in TABLE_COLUMNS if c not in cells]
                if missing:
                    raise TableError(f"{file}:{line}: the header lacks the column(s) "
                                     + ", ".join(repr(c) for c in missing))
                columns = {c: cells.index(c) for c in TABLE_COLUMNS}
            continue
        get = {c: (cells[i] if i < len(cells) else "") for c, i in columns.items()}
        if not get["Mã Xã mới"] and not get["Mã Xã cũ"]:
            continue  # a separator row ("THÀNH PHỐ CẦN THƠ,,,,"), an empty row
        if get["Mã Xã mới"] == "Mã Xã mới":
            continue  # the header again
        for col in TABLE_COLUMNS:
            if not get[col]:
                raise TableError(f"{file}:{line}: column {col!r} is empty")
        for col in ("Mã Xã mới", "Mã Xã cũ"):
            if not get[col].isdigit():
                raise TableError(f"{file}:{line}: column {col!r}: not a code: {get[col]!r}")
        whole = whole_of(get["Ghi chú"])
        if whole is None:
            raise TableError(f"{file}:{line}: column 'Ghi chú': {get['Ghi chú']!r} is none of 'Nhập toàn bộ', "
                             "'Giữ nguyên', 'Sắp xếp toàn bộ …' (whole) or a note with 'một phần' (part)")
        new_province_name, new_province = _named(get["Tỉnh, thành phố"], "Tỉnh, thành phố", line, file)
        district_name, district = _named(get["Quận/huyện"], "Quận/huyện", line, file)
        old_province_name, old_province = _named(get["Tỉnh cũ"], "Tỉnh cũ", line, file)
        pairs.append(Pair(new_province, new_province_name, get["Mã Xã mới"], get["Tên Xã mới"], get["Mã Xã cũ"],
                          get["Tên Xã cũ"], whole, district, district_name, old_province, old_province_name, line))
    if columns is None:
        raise TableError(f"{file}: no header row with the columns " + ", ".join(repr(c) for c in TABLE_COLUMNS))
    return pairs


def _line_numbers(content: str) -> list[int]:
    """The first physical line of each CSV record."""
    reader = csv.reader(io.StringIO(content, newline=""))
    starts, last = [], 0
    for _ in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


def package_pairs() -> tuple[list[Pair], str, str]:
    """The conversion table as `vietnam-provinces` (≥ 2026.2) ships it: (pairs, version, table name)."""
    import vietnam_provinces as vp
    from vietnam_provinces import _ward_conversion_2025 as conv
    from vietnam_provinces import legacy

    def name(kind, code: int) -> str:
        try:
            return clean(kind.from_code(code).name)
        except Exception:  # noqa: BLE001 - a code the package's list lacks: keep the code
            return str(code)

    pairs = []
    for line, (old_code, entry) in enumerate(sorted(conv.OLD_TO_NEW.items()), start=1):
        ref = entry.old_ward
        # its is_partly_merged flag is also true for a unit kept as it was ("Giữ nguyên"): whole
        # is read from the number of new units instead (one: whole, as build() does for a file)
        whole = len(entry.new_wards) == 1
        for new in entry.new_wards:
            pairs.append(Pair(
                f"{new.province_code:02d}", name(vp.Province, new.province_code), f"{new.code:05d}",
                name(vp.Ward, new.code), f"{old_code:05d}", name(legacy.Ward, old_code), whole,
                f"{ref.district_code:03d}", name(legacy.District, ref.district_code), f"{ref.province_code:02d}",
                name(legacy.Province, ref.province_code), line))
    return pairs, vp.__version__, conv.SOURCE


PACKAGE_MISSING = ("--from vietnam-provinces needs the package vietnam-provinces >= 2026.2 (its legacy units and "
                   "old->new ward table), which requires Python >= 3.12: {why}. Install it in a Python 3.12 "
                   "environment with xhht: python3.12 -m venv .venv312 && .venv312/bin/pip install "
                   "'vietnam-provinces>=2026.2' xhht; or give the conversion table as a CSV file instead.")


def load_package(usage: Callable[[str], typer.Exit]) -> tuple[list[Pair], str, str]:
    if sys.version_info < (3, 12):
        raise usage(PACKAGE_MISSING.format(why=f"this is Python {sys.version_info[0]}.{sys.version_info[1]}"))
    try:
        import vietnam_provinces
    except ImportError:
        raise usage(PACKAGE_MISSING.format(why="it is not installed")) from None
    try:
        return package_pairs()
    except ImportError:
        version = getattr(vietnam_provinces, "__version__", "?")
        raise usage(PACKAGE_MISSING.format(why=f"the installed version {version} has no legacy units")) from None


# ---------------------------------------------------------------- import: the two files


def select(pairs: list[Pair], province: str) -> list[Pair]:
    """The rows of one province, by its old code or its new one; with an old code, also the rows of
    other old communes that went into the same new communes (so that a straddling commune shows)."""
    chosen = [p for p in pairs if p.old_province == province or p.new_province == province]
    news = {p.new for p in chosen}
    return [p for p in pairs if p in chosen or p.new in news] if chosen else []


def single_destination(pairs: list[Pair], chosen: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """An old commune the table sends "một phần" into one new commune only: the rest of it is not in
    the table, so all of what is known went there (whole = yes, said as a note): (rows, noted)."""
    news: dict[str, set[str]] = {}
    for p in pairs:
        news.setdefault(p.old, set()).add(p.new)
    out, noted = [], []
    for p in chosen:
        if not p.whole and len(news[p.old]) == 1:
            noted.append(p)
            p = Pair(**{**p.__dict__, "whole": True})
        out.append(p)
    return out, noted


def build(pairs: list[Pair], chosen: list[Pair], day: dt.date = EFFECTIVE) -> tuple[str, str, int, int]:
    """areas.csv and area-changes.csv text, the number of units and of changes."""
    end, start = (day - ONE_DAY).isoformat(), day.isoformat()
    new_provinces = {p.new_province: p.new_province_name for p in chosen}
    old_provinces: dict[str, str] = {}
    for p in pairs:  # every old province that went into the new ones: a province row each
        if p.new_province in new_provinces or p in chosen:
            old_provinces.setdefault(p.old_province, p.old_province_name)
    went: dict[str, set[str]] = {}
    for p in pairs:
        if p.old_province in old_provinces:
            went.setdefault(p.old_province, set()).add(p.new_province)
    districts: dict[str, tuple[str, str]] = {}
    old_communes: dict[str, tuple[str, str]] = {}
    new_communes: dict[str, tuple[str, str]] = {}
    for p in chosen:
        districts.setdefault(p.district, (p.district_name, p.old_province))
        old_communes.setdefault(p.old, (p.old_name, p.district))
        new_communes.setdefault(p.new, (p.new_name, p.new_province))
    units = [("code", "name", "level", "parent", "valid_from", "valid_to")]
    units += [(c, old_provinces[c], "tinh", "", "", end) for c in sorted(old_provinces)]
    units += [(c, new_provinces[c], "tinh", "", start, "") for c in sorted(new_provinces)]
    units += [(c, n, "huyen", parent, "", end) for c, (n, parent) in sorted(districts.items())]
    units += [(c, n, "xa", parent, "", end)
              for c, (n, parent) in sorted(old_communes.items(), key=lambda kv: (kv[1][1], kv[0]))]
    units += [(c, n, "xa", parent, start, "") for c, (n, parent) in sorted(new_communes.items())]
    changes = [("date", "old", "new", "whole")]
    for old in sorted(old_provinces):
        for new in sorted(went[old]):
            changes.append((start, old, new, "yes" if len(went[old]) == 1 else "no"))
    seen = set()
    for p in sorted(chosen, key=lambda p: (p.new, p.old)):
        if (p.old, p.new) not in seen:
            seen.add((p.old, p.new))
            changes.append((start, p.old, p.new, "yes" if p.whole else "no"))
    return _csv(units), _csv(changes), len(units) - 1, len(changes) - 1


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def import_command(table: Path | None, source: str | None, province: str, out: Path, lang: str,
                   usage: Callable[[str], typer.Exit]) -> int:
    from xhht.model.areas import load_areas, load_changes
    from xhht.base.writing import write_all

    w = WORDS[lang]
    if (table is None) == (source is None):
        raise usage("areas import: give the conversion table (TABLE.csv) or --from vietnam-provinces, one of them")
    if source is not None and source != "vietnam-provinces":
        raise usage(f"--from: unknown source {source!r}; the one supported is vietnam-provinces")
    if out.exists() and not out.is_dir():
        raise usage(f"-o: {out} is not a folder")
    if not out.exists() and not out.absolute().parent.is_dir():
        raise usage(f"-o: the folder {out.absolute().parent} does not exist")
    targets = [out / "areas.csv", out / "area-changes.csv"]
    existing = [str(t) for t in targets if t.exists()]
    if existing:
        raise usage(f"-o: {', '.join(existing)} already exist(s); xhht areas import never overwrites: "
                    "choose an empty folder")
    if table is not None:
        if not table.is_file():
            raise usage(f"{table}: no such file")
        try:
            pairs = read_table(table.read_bytes(), str(table))
        except TableError as exc:
            typer.echo(f"xhht: {exc}", err=True)
            return 1
        said = ("source_table", {"file": text(table)})
    else:
        pairs, version, name = load_package(usage)
        said = ("source_package", {"version": text(version), "table": text(name)})
    chosen = select(pairs, province)
    if not chosen:
        known = sorted({p.old_province for p in pairs} | {p.new_province for p in pairs})
        raise usage(f"--province: no row of the table has the old or new province code {province!r}"
                    + (f" (codes in it: {', '.join(known)})" if known else " (the table has no rows)"))
    chosen, noted = single_destination(pairs, chosen)
    for p in noted:
        typer.echo(f"xhht: note: line {p.line}: {p.old} ({p.old_name}) went in part into {p.new} and into no "
                   "other unit of the table: written as whole = yes", err=True)
    areas_text, changes_text, n_units, n_changes = build(pairs, chosen)
    # the output must read back without a problem: else the table disagrees with itself
    areas, problems = load_areas(areas_text, "areas.csv")
    problems += load_changes(changes_text, "area-changes.csv", areas)[1]
    if problems:
        for p in problems:
            typer.echo(f"xhht: {p.where}: {p.code}: {p.message_in('en')}", err=True)
        typer.echo("xhht: the table disagrees with itself: nothing written", err=True)
        return 1
    out.mkdir(exist_ok=True)
    write_all({targets[0]: areas_text.encode("utf-8"), targets[1]: changes_text.encode("utf-8")})
    console = _console()
    console.print(w[said[0]].format(rows=len(chosen), province=text(province), **said[1]))
    console.print(w["wrote"].format(areas=text(targets[0]), units=n_units, changes=text(targets[1]), n=n_changes,
                                    day=_day(EFFECTIVE, lang)))
    console.print(w["next"])
    return 0
