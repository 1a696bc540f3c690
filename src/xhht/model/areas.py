"""areas.csv and area-changes.csv (docs/formats.md#areas-areascsv, docs/reform.md): the administrative units, their hierarchy,
and how it changes over time.

A unit may carry `valid_from` / `valid_to` (ISO dates, empty = open); two rows may share a code when
their validity does not overlap (a new commune keeping a predecessor's code is a second unit). The
hierarchy of a year is that of the units valid on 31 December of that year: `tree(year)`. In a
repository without dates there is one hierarchy, as before.

`area-changes.csv` (`date,old,new,whole`) says where the territory of ended units went: an ended
unit's later figures can then be rolled up from its successors (`successors`).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from xhht.model.records import LEVELS, Area
from xhht.problems import Loc, Problem
from xhht.load.textfiles import Row, cell, check_header, column_of, read_csv

COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to")
CHANGE_COLUMNS = ("date", "old", "new", "whole")
ONE_DAY = dt.timedelta(days=1)
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)  # dates outside are refused (as periods)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> dt.date:
    """A date written YYYY-MM-DD between 1900 and 2100, else ValueError."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    day = dt.date.fromisoformat(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(text)
    return day


def year_end(year: int) -> dt.date:
    """A figure of year Y is of the unit valid on 31 December of Y."""
    return dt.date(year, 12, 31)


@dataclass(frozen=True)
class Change:
    """On `date`, (part of) `old` (the unit valid the day before) went into `new` (valid on `date`)."""

    date: dt.date
    old: str
    new: str
    whole: bool
    loc: Loc


@dataclass
class Tree:
    """The hierarchy on one day: the units valid then, by code, and their children."""

    units: dict[str, Area]
    children: dict[str, list[str]]
    _spans: dict[str, tuple[int, int]] | None = None
    _parents: dict[str, str] | None = None
    _lineages: dict[str, frozenset[str]] | None = None

    def lineage(self, code: str) -> frozenset[str]:
        """`code` and every unit above it: the units X with `is_within(code, X)`."""
        if self._lineages is None:
            self._lineages = {}
            self._parents = {c: parent for parent, kids in self.children.items() for c in kids}
        found = self._lineages.get(code)
        if found is None:
            up, at = [code], self._parents.get(code)
            while at is not None and at not in up:  # children lists make a tree: no cycle, but be safe
                up.append(at)
                at = self._parents.get(at)
            found = self._lineages[code] = frozenset(up)
        return found

    def descendants(self, code: str, level: str | None = None) -> list[str]:
        out, stack, seen = [], list(self.children.get(code, ())), set()
        while stack:
            c = stack.pop()
            if c in seen:
                continue
            seen.add(c)
            if level is None or self.units[c].level == level:
                out.append(c)
            stack.extend(self.children.get(c, ()))
        return sorted(out)

    def is_within(self, code: str, ancestor: str) -> bool:
        """`code` is `ancestor` or below it: O(1) after one iterative walk of the hierarchy."""
        if code == ancestor:
            return True
        spans = self.spans()
        inner, outer = spans.get(code), spans.get(ancestor)
        return inner is not None and outer is not None and outer[0] < inner[0] < outer[1]

    def spans(self) -> dict[str, tuple[int, int]]:
        """code -> (entry, exit) of a depth-first walk: a unit lies below another when its entry
        lies within the other's span."""
        if self._spans is not None:
            return self._spans
        spans: dict[str, tuple[int, int]] = {}
        clock = 0
        below = {c for kids in self.children.values() for c in kids}
        for top in sorted(c for c in self.units if c not in below):
            stack = [(top, False)]
            while stack:
                code, done = stack.pop()
                clock += 1
                if done:
                    spans[code] = (spans[code][0], clock)
                    continue
                if code in spans:
                    continue
                spans[code] = (clock, 0)
                stack.append((code, True))
                stack.extend((c, False) for c in reversed(self.children.get(code, ())) if c not in spans)
        self._spans = spans
        return spans


@dataclass
class Areas:
    """The valid rows of areas.csv and area-changes.csv.

    `by_code` holds the latest unit of each code and `children` the hierarchy of those units (what
    a caller that knows no date sees; in a repository without dates, simply the units). Callers that
    know the year use `tree(year)`, `unit(code, year)`, `descendants(..., year=)`."""

    by_code: dict[str, Area] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    versions: dict[str, list[Area]] = field(default_factory=dict)  # every unit of a code, oldest first
    changes: list[Change] = field(default_factory=list)
    _bounds: list[dt.date] = field(default_factory=list)
    _trees: dict[int, Tree] = field(default_factory=dict)
    _latest: Tree | None = None
    _successors: dict[tuple, tuple[list[str], str | None]] = field(default_factory=dict)
    _by_old: dict | None = None
    _by_new: dict | None = None

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    @property
    def dated(self) -> bool:
        return bool(self._bounds)

    def finish(self) -> None:
        """Called once every row is in: the dates where the hierarchy changes."""
        bounds = set()
        for units in self.versions.values():
            for a in units:
                if a.valid_from is not None:
                    bounds.add(a.valid_from)
                if a.valid_to is not None:
                    bounds.add(a.valid_to + ONE_DAY)
        self._bounds = sorted(bounds)
        self._trees.clear()
        self._latest = None

    # ------------------------------------------------------------ units by date

    def unit_on(self, code: str, day: dt.date) -> Area | None:
        for a in self.versions.get(code, ()):
            if a.valid_on(day):
                return a
        return None

    def unit(self, code: str, year: int | None = None) -> Area | None:
        """The unit a code names in `year` (valid on 31 December), else its latest one."""
        if year is not None and self.dated:
            return self.unit_on(code, year_end(year))
        return self.by_code.get(code)

    def valid_in(self, code: str, year: int) -> bool:
        return self.unit(code, year) is not None

    def meant(self, code: str, day: dt.date | None) -> Area | None:
        """The unit a plan dated `day` meant by `code`, when it is not the one valid in every year
        (a reused code, a unit that ended); None in a repository without dates."""
        if not self.dated or day is None:
            return None
        return self.unit_on(code, day) or (self.versions.get(code) or [None])[0]

    def namer(self, year: int | None, lang: str = "vi"):
        """name_of(code, day=None) for the reasons of a result of `year`: the unit valid on `day`
        when given (an ended unit), else the one of `year`, without its list of predecessors."""
        def name_of(code: str, day: dt.date | None = None) -> str:
            unit = self.unit_on(code, day) if day is not None else None
            return self.label_of(unit, lang, False) if unit else self.label(code, year, lang, members=False)

        return name_of

    def replaced(self, version: Area | None, year: int) -> bool:
        """Whether `version` ended before `year` (its territory then belongs to other units)."""
        return version is not None and version.valid_to is not None and version.valid_to < year_end(year)

    def tree_on(self, day: dt.date) -> Tree:
        key = bisect_right(self._bounds, day)
        tree = self._trees.get(key)
        if tree is None:
            units = {code: a for code in self.versions if (a := self.unit_on(code, day)) is not None}
            tree = self._trees[key] = _tree(units, self._cyclic)
        return tree

    def tree(self, year: int | None = None) -> Tree:
        if year is None or not self.dated:
            if self._latest is None:
                self._latest = Tree(self.by_code, self.children)
            return self._latest
        return self.tree_on(year_end(year))

    _cyclic: frozenset[str] = frozenset()  # units in a parent cycle: kept out of every hierarchy

    # ------------------------------------------------------------ names

    def name(self, code: str, year: int | None = None) -> str:
        area = self.unit(code, year) or self.by_code.get(code)
        return area.name if area else code

    def label(self, code: str, year: int | None = None, lang: str = "vi", members: bool = True) -> str:
        """The name as officers write it across the reform: "Huyện Đông (đến 30/6/2025)",
        "Xã Đông Mới (từ 1/7/2025, gồm Xã Đông A, Xã Đông B, một phần Xã Đông C)"."""
        area = self.unit(code, year) or self.by_code.get(code)
        if area is None:
            return code
        return self.label_of(area, lang, members)

    def label_of(self, area: Area, lang: str = "vi", members: bool = True) -> str:
        """`label` of one unit (of a reused code, the one meant)."""
        code = area.code
        if not self.dated:
            return area.name
        from xhht.present.fmt import date as show

        words = {"vi": ("đến", "từ", "gồm", "một phần"), "en": ("until", "from", "formed of", "part of")}[lang]
        notes = []
        if area.valid_to is not None:
            notes.append(f"{words[0]} {show(area.valid_to, lang)}")
        if area.valid_from is not None:
            parts = []
            if members:
                for ch in self.changes:
                    if ch.new == code and ch.date == area.valid_from:
                        old = self.unit_on(ch.old, ch.date - ONE_DAY)
                        name = old.name if old else ch.old
                        parts.append(name if ch.whole else f"{words[3]} {name}")
            text = f"{words[1]} {show(area.valid_from, lang)}"
            if parts:
                text += f", {words[2]} " + ", ".join(parts)
            notes.append(text)
        return f"{area.name} ({'; '.join(notes)})" if notes else area.name

    # ------------------------------------------------------------ the hierarchy

    def descendants(self, code: str, level: str | None = None, year: int | None = None) -> list[str]:
        """Every unit below `code` (of `level` when given) in `year`'s hierarchy, in code order."""
        return self.tree(year).descendants(code, level)

    def is_within(self, code: str, ancestor: str, year: int | None = None) -> bool:
        return self.tree(year).is_within(code, ancestor)

    def lineage(self, code: str, year: int | None = None) -> frozenset[str]:
        """`code` and every unit above it in `year`'s hierarchy."""
        return self.tree(year).lineage(code)

    def children_of(self, code: str, year: int | None = None) -> list[str]:
        return self.tree(year).children.get(code, [])

    # ------------------------------------------------------------ across a change

    def successors(self, code: str, year: int, version: Area | None = None) -> tuple[list[str], str | None]:
        """For a unit that ended before 31 December of `year`: the units valid then that took its
        territory, and the first of them that also took territory from outside it (a straddling unit,
        which makes a roll-up inexact), else None. ([], None) when there is nothing to follow.
        `version` picks one unit of a reused code (the one a plan meant), else the last that ended."""
        key = (code, year, version.valid_from if version else None)
        if key not in self._successors:
            self._successors[key] = self._follow(code, year, version)
        return self._successors[key]

    def _indexes(self) -> tuple[dict, dict]:
        """The change rows by (old, date) and by (new, date), built once."""
        if self._by_old is None:
            by_old: dict[tuple[str, dt.date], list[Change]] = defaultdict(list)
            by_new: dict[tuple[str, dt.date], list[Change]] = defaultdict(list)
            for ch in self.changes:
                by_old[(ch.old, ch.date)].append(ch)
                by_new[(ch.new, ch.date)].append(ch)
            self._by_old, self._by_new = by_old, by_new
        return self._by_old, self._by_new

    def _follow(self, code: str, year: int, version: Area | None) -> tuple[list[str], str | None]:
        day = year_end(year)
        if version is None:
            ended = [a for a in self.versions.get(code, ()) if a.valid_to is not None and a.valid_to < day]
            if not ended or self.unit_on(code, day) is not None:
                return [], None
            version = ended[-1]
        if version.valid_to is None or version.valid_to >= day:
            return [], None
        last = version
        before = self.tree_on(last.valid_to)
        territory = {code, *before.descendants(code)}
        leaves = [c for c in sorted(territory) if not before.children.get(c)]
        if not self.changes:
            return [], None
        by_old, by_new = self._indexes()
        result: set[str] = set()
        frontier = [(leaf, before.units[leaf].valid_to if leaf in before.units else last.valid_to) for leaf in leaves]
        seen: set[tuple[str, dt.date | None]] = set()
        while frontier:
            old, end = frontier.pop()
            if (old, end) in seen or end is None:
                continue
            seen.add((old, end))
            for ch in by_old.get((old, end + ONE_DAY), ()):
                new = self.unit_on(ch.new, ch.date)
                if new is None:
                    continue
                for pre in by_new.get((ch.new, ch.date), ()):
                    if pre.old not in territory:
                        return sorted(result | {ch.new}), ch.new
                if new.valid_on(day):
                    result.add(ch.new)
                elif new.valid_to is not None and new.valid_to < day:
                    territory.add(ch.new)
                    frontier.append((ch.new, new.valid_to))
        return sorted(result), None


def _tree(units: dict[str, Area], cyclic: frozenset[str]) -> Tree:
    children: dict[str, list[str]] = defaultdict(list)
    for code in sorted(units):
        a = units[code]
        if a.parent is not None and a.parent in units and code not in cyclic:
            children[a.parent].append(code)
    return Tree(units, children)


# ---------------------------------------------------------------- loading


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
    for code, units in areas.versions.items():
        units.sort(key=lambda a: a.valid_from or dt.date.min)
        areas.by_code[code] = units[-1]
    areas.finish()
    _check_hierarchy(areas, problems)
    return areas, problems


def _date(row: Row, columns: dict[str, int], col: str, file: str, problems: list[Problem]) -> tuple[bool, dt.date | None]:
    text = cell(row, columns, col)
    if not text:
        return True, None
    try:
        return True, parse_day(text)
    except ValueError:
        problems.append(Loc(file, row.line, column_of(columns, col)).problem("area-bad-date", column=col, value=text))
        return False, None


def _area(row: Row, columns: dict[str, int], header: list[str], file: str, areas: Areas,
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
    if level not in LEVELS:
        problems.append(Loc(file, row.line, column_of(columns, "level")).problem("area-bad-level", level=level))
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
    return Area(code=code, name=name, level=level, parent=cell(row, columns, "parent") or None,
                loc=Loc(file, row.line, column_of(columns, "parent") or 1), valid_from=valid_from, valid_to=valid_to)


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
    areas._cyclic = frozenset(cyclic)
    for code, area in areas.by_code.items():
        if area.parent is not None and area.parent in areas.by_code and code not in cyclic:
            areas.children[area.parent].append(code)
    for kids in areas.children.values():
        kids.sort()
    areas._trees.clear()
    areas._latest = None


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
    areas.changes = changes
    areas._successors.clear()
    areas._by_old = areas._by_new = None
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
