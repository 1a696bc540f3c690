"""The official 2025 conversion table (docs/reform.md) into `areas.csv` + `area-changes.csv` rows: the
library half of `xhht areas import` (cli/areas.py writes the files).

The table is *Bảng chuyển đổi đơn vị hành chính mới – cũ* (a CSV file; columns in docs/reform.md),
or, when the user has it installed, the one the package `vietnam-provinces` ships (≥ 2026.2,
Python ≥ 3.12). Cells are data: control characters are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import unicodedata
from dataclasses import dataclass

from xhht.base.errors import UsageError, WordedError
from xhht.base.safetext import for_terminal, shorten
from xhht.load.textfiles import csv_fault, csv_reader
from xhht.model.areas import ONE_DAY
from xhht.problems.catalogue import phrase, word_phrase


# ---------------------------------------------------------------- import: the rows of the table

EFFECTIVE = dt.date(2025, 7, 1)
TABLE_COLUMNS = ("Tỉnh, thành phố", "Tên Xã mới", "Mã Xã mới", "Tên Xã cũ", "Mã Xã cũ", "Ghi chú",
                 "Quận/huyện", "Tỉnh cũ")
_NAMED = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)$")


class TableError(WordedError):
    """The table cannot be read: a message naming the file and line, in both languages (exit 1)."""


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
        raise TableError(f"{file}:{line}: cột {column!r}: cần dạng 'Tên (mã)', nhưng là {shorten(value)!r}",
                         f"{file}:{line}: column {column!r}: expected 'Name (code)', found {shorten(value)!r}")
    return m.group("name"), m.group("code")


def read_table(data: bytes, file: str) -> list[Pair]:
    """Every row of the conversion table (header, title and separator rows skipped)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"{file}: không phải văn bản UTF-8 (byte {exc.start})",
                         f"{file}: not UTF-8 text (byte {exc.start})") from None
    reader = csv_reader(io.StringIO(content, newline=""))
    columns: dict[str, int] | None = None
    pairs: list[Pair] = []
    try:
        rows = list(reader)
    except csv.Error as exc:
        fault = csv_fault(exc)
        vi, en = (word_phrase(phrase(fault["why"]), lang) if "why" in fault else fault["detail"] for lang in ("vi", "en"))
        raise TableError(f"{file}:{reader.line_num}: lỗi cú pháp CSV ({vi})",
                         f"{file}:{reader.line_num}: CSV syntax error ({en})") from None
    # csv gives no line numbers per row: count the physical lines each row took
    line_of = _line_numbers(content)
    for index, raw in enumerate(rows):
        line = line_of[index] if index < len(line_of) else index + 1
        cells = [clean(c) for c in raw]
        if columns is None:
            if "Mã Xã mới" in cells and "Mã Xã cũ" in cells:
                missing = [c for c in TABLE_COLUMNS if c not in cells]
                if missing:
                    listed = ", ".join(repr(c) for c in missing)
                    raise TableError(f"{file}:{line}: dòng tiêu đề thiếu cột {listed}",
                                     f"{file}:{line}: the header lacks the column(s) {listed}")
                columns = {c: cells.index(c) for c in TABLE_COLUMNS}
            continue
        get = {c: (cells[i] if i < len(cells) else "") for c, i in columns.items()}
        if not get["Mã Xã mới"] and not get["Mã Xã cũ"]:
            continue  # a separator row ("THÀNH PHỐ CẦN THƠ,,,,"), an empty row
        if get["Mã Xã mới"] == "Mã Xã mới":
            continue  # the header again
        for col in TABLE_COLUMNS:
            if not get[col]:
                raise TableError(f"{file}:{line}: cột {col!r} trống", f"{file}:{line}: column {col!r} is empty")
        for col in ("Mã Xã mới", "Mã Xã cũ"):
            if not get[col].isdigit():
                raise TableError(f"{file}:{line}: cột {col!r}: {shorten(get[col])!r} không phải một mã",
                                 f"{file}:{line}: column {col!r}: not a code: {shorten(get[col])!r}")
        whole = whole_of(get["Ghi chú"])
        if whole is None:
            note = get["Ghi chú"]
            raise TableError(f"{file}:{line}: cột 'Ghi chú': {shorten(note)!r} không phải 'Nhập toàn bộ', 'Giữ nguyên', "
                             "'Sắp xếp toàn bộ …' (toàn bộ) hay một ghi chú có 'một phần' (một phần)",
                             f"{file}:{line}: column 'Ghi chú': {shorten(note)!r} is none of 'Nhập toàn bộ', "
                             "'Giữ nguyên', 'Sắp xếp toàn bộ …' (whole) or a note with 'một phần' (part)")
        new_province_name, new_province = _named(get["Tỉnh, thành phố"], "Tỉnh, thành phố", line, file)
        district_name, district = _named(get["Quận/huyện"], "Quận/huyện", line, file)
        old_province_name, old_province = _named(get["Tỉnh cũ"], "Tỉnh cũ", line, file)
        pairs.append(Pair(new_province, new_province_name, get["Mã Xã mới"], get["Tên Xã mới"], get["Mã Xã cũ"],
                          get["Tên Xã cũ"], whole, district, district_name, old_province, old_province_name, line))
    if columns is None:
        listed = ", ".join(repr(c) for c in TABLE_COLUMNS)
        raise TableError(f"{file}: không có dòng tiêu đề với các cột {listed}",
                         f"{file}: no header row with the columns {listed}")
    return pairs


def _line_numbers(content: str) -> list[int]:
    """The first physical line of each CSV record."""
    reader = csv_reader(io.StringIO(content, newline=""))
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


PACKAGE_MISSING = {
    "vi": ("--from vietnam-provinces cần gói vietnam-provinces >= 2026.2 (danh mục đơn vị cũ và bảng chuyển đổi xã "
           "cũ -> mới), gói này cần Python >= 3.12: {why}. Hãy cài gói cùng xhht trong một môi trường Python 3.12: "
           "python3.12 -m venv .venv312 && .venv312/bin/pip install 'vietnam-provinces>=2026.2' <thư mục mã nguồn hoặc tệp .whl của xhht>; hoặc đưa "
           "bảng chuyển đổi dạng tệp CSV."),
    "en": ("--from vietnam-provinces needs the package vietnam-provinces >= 2026.2 (its legacy units and "
           "old->new ward table), which requires Python >= 3.12: {why}. Install it in a Python 3.12 "
           "environment with xhht: python3.12 -m venv .venv312 && .venv312/bin/pip install "
           "'vietnam-provinces>=2026.2' <xhht's source folder or .whl file>; or give the conversion table as a CSV file instead."),
}


def _missing(vi: str, en: str) -> UsageError:
    return UsageError(PACKAGE_MISSING["vi"].format(why=vi), PACKAGE_MISSING["en"].format(why=en))


def load_package() -> tuple[list[Pair], str, str]:
    """`package_pairs()`, or UsageError saying how to install the package."""
    if sys.version_info < (3, 12):
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        raise _missing(f"máy đang dùng Python {version}", f"this is Python {version}")
    try:
        import vietnam_provinces
    except ImportError:
        raise _missing("máy chưa cài gói này", "it is not installed") from None
    try:
        return package_pairs()
    except ImportError:
        version = getattr(vietnam_provinces, "__version__", "?")
        raise _missing(f"phiên bản đã cài, {version}, không có danh mục đơn vị cũ",
                       f"the installed version {version} has no legacy units") from None


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
