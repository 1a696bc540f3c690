"""areas.csv and area-changes.csv (docs/formats.md#areas-areascsv, docs/reform.md): every row checked,
the valid ones made into `model.areas.Areas`, every fault a problem at its line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

from xhht.base.safetext import formula_like
from xhht.load.textfiles import CsvRow, cell, check_header, column_of, read_csv
from xhht.model.areas import ONE_DAY, Areas, Change, parse_day
from xhht.model.records import ID_PATTERN, LEVELS, Area
from xhht.problems import Loc, Problem

COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "tags")
_TAG = re.compile(ID_PATTERN)
CHANGE_COLUMNS = ("date", "old", "new", "whole")


# the level a unit's kind names, as officers write it (with or without tone marks); "thành phố" is
# a province (trực thuộc trung ương) or a district (thuộc tỉnh): no guess
_LEVEL_OF_KIND = {"quoc gia": "quocgia", "ca nuoc": "quocgia", "tinh": "tinh", "huyen": "huyen", "quan": "huyen",
                  "thi xa": "huyen", "xa": "xa", "phuong": "xa", "thi tran": "xa", "dac khu": "xa"}


def level_meant(text: str) -> str | None:
    """The level word (`xa`…) an unknown level names: `xã`, `Phường`, `thị trấn` -> `xa`."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(c))
    return _LEVEL_OF_KIND.get(" ".join(plain.lower().replace("_", " ").replace("-", " ").split()))


def load_areas(text: str, file: str) -> tuple[Areas, list[Problem]]:
    header, rows, problems = read_csv(text, file)
    areas = Areas()
    if header is None:
        return areas, problems
    columns, header_problems = check_header(header, COLUMNS, ("code", "name", "level"), file)
    problems += header_problems
    if any(p.code in ("missing-column", "csv-separator") for p in header_problems):
        return areas, problems
    for row in rows:
        area = _area(row, columns, header, file, areas, problems)
        if area:
            areas.versions.setdefault(area.code, []).append(area)
    _case_twins(areas, columns, file, problems)
    for code, units in areas.versions.items():
        units.sort(key=lambda a: a.valid_from or dt.date.min)
        areas.by_code[code] = units[-1]
    areas.finish()
    _check_hierarchy(areas, problems)
    return areas, problems


def _date(row: CsvRow, columns: dict[str, int], col: str, file: str, problems: list[Problem]) -> tuple[bool, dt.date | None]:
    text = cell(row, columns, col)
    if not text:
        return True, None
    try:
        return True, parse_day(text)
    except ValueError:
        problems.append(Loc(file, row.line, column_of(columns, col)).problem("area-bad-date", column=col, value=text))
        return False, None


def _area(row: CsvRow, columns: dict[str, int], header: list[str], file: str, areas: Areas,
          problems: list[Problem]) -> Area | None:
    loc = Loc(file, row.line, 0)
    if len(row.cells) != len(header):
        problems.append(loc.problem("ragged-row", cells=len(row.cells), width=len(header)))
        return None
    code, name, level = cell(row, columns, "code"), cell(row, columns, "name"), cell(row, columns, "level")
    for col, value in (("code", code), ("name", name), ("level", level)):
        if not value:
            problems.append(Loc(file, row.line, column_of(columns, col)).problem("missing-value", column=col, area=True))
            return None
    fault = _file_name_fault(code)
    if fault:
        problems.append(Loc(file, row.line, column_of(columns, "code")).problem("area-bad-code", code=code, **fault))
        return None
    if level not in LEVELS:
        problems.append(Loc(file, row.line, column_of(columns, "level")).problem(
            "area-bad-level", level=level, guess=level_meant(level)))
        return None
    ok_from, valid_from = _date(row, columns, "valid_from", file, problems)
    ok_to, valid_to = _date(row, columns, "valid_to", file, problems)
    if not (ok_from and ok_to):
        return None
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        problems.append(Loc(file, row.line, column_of(columns, "valid_to")).problem(
            "area-bad-date", column="valid_to", value=valid_to.isoformat(), start=valid_from.isoformat()))
        return None
    for other in areas.versions.get(code, ()):
        if _overlap(other, valid_from, valid_to):
            problems.append(Loc(file, row.line, column_of(columns, "code")).problem(
                "duplicate-area", code=code, first=other.loc.line))
            return None
    if formula_like(name):
        problems.append(Loc(file, row.line, column_of(columns, "name")).problem("formula-text", text=name[:80]))
    return Area(code=code, name=name, level=level, parent=cell(row, columns, "parent") or None,
                loc=Loc(file, row.line, column_of(columns, "parent") or 1), valid_from=valid_from, valid_to=valid_to,
                tags=_tags(row, columns, file, problems))


def _tags(row: CsvRow, columns: dict[str, int], file: str, problems: list[Problem]) -> frozenset[str]:
    """The words of the `tags` cell (separated by spaces); a word that is not [a-z0-9-] is a problem
    and left out (the unit keeps its other tags)."""
    words = cell(row, columns, "tags").split()
    bad = [w for w in words if not _TAG.match(w)]
    for word in bad:
        plain = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        fixed = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
        problems.append(Loc(file, row.line, column_of(columns, "tags")).problem(
            "bad-tag", tag=word, fixed=fixed if fixed and _TAG.match(fixed) else None))
    return frozenset(w for w in words if w not in bad)


# A code names its unit's form, DIR/<code>.xlsx, on whatever system the forms are kept (Windows above all).
_NOT_IN_FILE_NAMES = re.compile(r'[/\\:*?"<>|\s]|^\.|\.$')  # a final dot: Windows drops it (`ab.` is `ab`)
_WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)  # NUL, NUL.x, …
MAX_CODE = 60  # characters: a file name holds 255 bytes (a character of UTF-8 up to 4)


def _file_name_fault(code: str) -> dict[str, object] | None:
    """Why `code` cannot name a file (the problem's parameters), or None."""
    m = _NOT_IN_FILE_NAMES.search(code)
    if m is not None:
        return {"char": repr(m.group() or ".")}
    if len(code) > MAX_CODE:
        return {"limit": MAX_CODE}
    if _WINDOWS_DEVICES.fullmatch(code.split(".")[0]):
        return {"device": True}
    return None


def _case_twins(areas: Areas, columns: dict[str, int], file: str, problems: list[Problem]) -> None:
    """A code that differs from an earlier one only in case (`hx`, `HX`) names the same form on Windows
    and macOS: the area-bad-code of each of its rows, which are not loaded."""
    first: dict[str, Area] = {}
    for code in sorted(areas.versions, key=lambda c: areas.versions[c][0].loc.line):
        seen = first.setdefault(code.casefold(), areas.versions[code][0])
        if seen.code != code:
            for area in areas.versions.pop(code):
                problems.append(Loc(file, area.loc.line, column_of(columns, "code")).problem(
                    "area-bad-code", code=code, other=seen.code, first=seen.loc.line))


def _overlap(a: Area, start: dt.date | None, end: dt.date | None) -> bool:
    lo = max(a.valid_from or dt.date.min, start or dt.date.min)
    hi = min(a.valid_to or dt.date.max, end or dt.date.max)
    return lo <= hi


def _check_hierarchy(areas: Areas, problems: list[Problem]) -> None:
    """Parents exist (in the unit's time), sit a level above, and form no cycle. O(n)."""
    for code in sorted(areas.versions):
        for area in areas.versions[code]:
            if area.parent is None:
                continue
            parents = [p for p in areas.versions.get(area.parent, ()) if _overlap(p, area.valid_from, area.valid_to)]
            if not parents:
                problems.append(area.loc.problem("area-unknown-parent", parent=area.parent, code=area.code))
                continue
            parent = parents[-1]
            if LEVELS.index(area.level) <= LEVELS.index(parent.level):
                problems.append(area.loc.problem("area-level-order", code=area.code, level=area.level,
                                                 parent=parent.code, parent_level=parent.level))
    # cycles over the codes' parent links (every unit of a code): follow each chain once
    parent_of: dict[str, set[str]] = defaultdict(set)
    for code, units in areas.versions.items():
        for a in units:
            if a.parent is not None and a.parent in areas.versions:
                parent_of[code].add(a.parent)
    state: dict[str, int] = {}  # 1 on the current walk, 2 done
    cyclic: set[str] = set()
    for start in sorted(areas.versions):
        if start in state:
            continue
        path: list[str] = []
        stack = [(start, iter(sorted(parent_of.get(start, ()))))]
        state[start] = 1
        path.append(start)
        while stack:
            code, parents = stack[-1]
            nxt = next(parents, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[code] = 2
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                if not cyclic.intersection(cycle):
                    first = areas.versions[cycle[0]][-1]
                    problems.append(first.loc.problem("area-cycle", cycle=" → ".join(cycle + [cycle[0]])))
                cyclic.update(cycle)
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(parent_of.get(nxt, ())))))
    areas.link(frozenset(cyclic))


def load_changes(text: str, file: str, areas: Areas) -> tuple[list[Change], list[Problem]]:
    """area-changes.csv: every row names units valid on the right days; every ended unit that has
    a successor is fully accounted for."""
    header, rows, problems = read_csv(text, file)
    if header is None:
        return [], problems
    columns, header_problems = check_header(header, CHANGE_COLUMNS, CHANGE_COLUMNS, file)
    problems += header_problems
    if any(p.code in ("missing-column", "csv-separator") for p in header_problems):
        return [], problems
    changes: list[Change] = []
    seen: dict[tuple[dt.date, str], Change] = {}
    for row in rows:
        def at(col: str) -> Loc:
            return Loc(file, row.line, column_of(columns, col))

        if len(row.cells) != len(header):
            problems.append(Loc(file, row.line, 0).problem("ragged-row", cells=len(row.cells), width=len(header)))
            continue
        values = {c: cell(row, columns, c) for c in CHANGE_COLUMNS}
        empty = [c for c in CHANGE_COLUMNS if not values[c]]
        if empty:
            problems.append(at(empty[0]).problem("missing-value", column=empty[0], area=True))
            continue
        try:
            day = parse_day(values["date"])
        except ValueError:
            problems.append(at("date").problem("area-bad-date", column="date", value=values["date"]))
            continue
        whole = values["whole"].lower()
        if whole not in ("yes", "no"):
            problems.append(at("whole").problem("area-change-whole", value=values["whole"]))
            continue
        bad = False
        for col, when in (("old", day - ONE_DAY), ("new", day)):
            code = values[col]
            if areas.unit_on(code, when) is None:
                known = areas.versions.get(code, [])
                dates = "; ".join(_span(a) for a in known)
                problems.append(at(col).problem("area-change-unknown", column=col, code=code, day=when.isoformat(),
                                                dates=dates or None))
                bad = True
        if bad:
            continue
        old = areas.unit_on(values["old"], day - ONE_DAY)
        if whole == "yes" and old is not None and old.valid_to != day - ONE_DAY:
            problems.append(at("old").problem("area-change-dates", code=old.code, day=day.isoformat(),
                                              dates=_span(old)))
            continue
        key = (day, values["old"])
        earlier = seen.get(key)
        if earlier is not None and (earlier.whole or whole == "yes" or earlier.new == values["new"]):
            problems.append(at("old").problem("area-change-conflict", code=values["old"], day=day.isoformat(),
                                              line=earlier.loc.line))
            continue
        change = Change(day, values["old"], values["new"], whole == "yes", Loc(file, row.line, 1))
        seen.setdefault(key, change)
        changes.append(change)
    problems += _unaccounted(changes, areas, file)
    areas.set_changes(changes)
    return changes, problems


def _span(a: Area) -> str:
    return f"{a.valid_from.isoformat() if a.valid_from else '…'} – {a.valid_to.isoformat() if a.valid_to else '…'}"


def _unaccounted(changes: list[Change], areas: Areas, file: str) -> list[Problem]:
    """An ended unit with a successor must be fully accounted for: a `whole` row, or its parts in
    two or more rows."""
    rows: dict[tuple[str, dt.date], list[Change]] = defaultdict(list)
    for ch in changes:
        rows[(ch.old, ch.date)].append(ch)
    problems = []
    days = {ch.date for ch in changes}
    # a unit that ended the day before a change and had no unit below it then must have a row
    below: dict[str, list[Area]] = defaultdict(list)
    for units in areas.versions.values():
        for a in units:
            if a.parent is not None:
                below[a.parent].append(a)
    for code in sorted(areas.versions):
        for a in areas.versions[code]:
            if a.valid_to is None or a.valid_to + ONE_DAY not in days or (code, a.valid_to + ONE_DAY) in rows:
                continue
            if any(c.valid_on(a.valid_to) for c in below.get(code, ())):
                continue  # its territory is that of the units below it
            problems.append(a.loc.problem("area-change-incomplete", code=code, name=a.name,
                                          day=(a.valid_to + ONE_DAY).isoformat()))
    for (code, day), chs in sorted(rows.items()):
        old = areas.unit_on(code, day - ONE_DAY)
        if old is None or old.valid_to != day - ONE_DAY:
            continue  # it goes on: giving away part of its territory needs no account
        if not any(ch.whole for ch in chs) and len({ch.new for ch in chs}) < 2:
            problems.append(chs[0].loc.problem("area-change-incomplete", code=code, name=old.name,
                                               day=day.isoformat(), new=chs[0].new))
    return problems
