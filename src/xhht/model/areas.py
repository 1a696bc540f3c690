"""The administrative units (docs/formats.md#areas-areascsv, docs/reform.md) as data: their hierarchy,
and how it changes over time. load/areas.py reads them from areas.csv and area-changes.csv;
present/area_names.py names them as officers write them across the reform.

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

from xhht.model.records import Area
from xhht.problems import Loc

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

    def link(self, cyclic: frozenset[str]) -> None:
        """The hierarchy of the latest units (`children`), once load/areas.py has found the units
        whose parents make a cycle: those are kept out of every hierarchy."""
        self._cyclic = cyclic
        for code, area in self.by_code.items():
            if area.parent is not None and area.parent in self.by_code and code not in cyclic:
                self.children[area.parent].append(code)
        for kids in self.children.values():
            kids.sort()
        self._trees.clear()
        self._latest = None

    def set_changes(self, changes: list[Change]) -> None:
        """The rows of area-changes.csv (load/areas.py has checked them)."""
        self.changes = changes
        self._successors.clear()
        self._by_old = self._by_new = None

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

    def heirs(self, version: Area) -> tuple[list[str], list[str]]:
        """For a unit that ended: the units that took its territory (or that of its units below) on
        the day after, by area-changes.csv, and those of them that also took territory from outside it."""
        if version.valid_to is None:
            return [], []
        day = version.valid_to + ONE_DAY
        territory = {version.code, *self.tree_on(version.valid_to).descendants(version.code)}
        codes = sorted({ch.new for ch in self.changes if ch.date == day and ch.old in territory})
        straddling = [c for c in codes
                      if any(ch.new == c and ch.date == day and ch.old not in territory for ch in self.changes)]
        return codes, straddling

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
