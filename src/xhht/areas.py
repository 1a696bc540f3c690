"""areas.csv (CONTRACT 3): the administrative units and their hierarchy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xhht.models import LEVELS, Area
from xhht.problems import Loc, Problem
from xhht.textfiles import Row, cell, check_header, column_of, read_csv

COLUMNS = ("code", "name", "level", "parent")


@dataclass
class Areas:
    """The units by code, with the hierarchy. Only valid rows are in it."""

    by_code: dict[str, Area] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def name(self, code: str) -> str:
        area = self.by_code.get(code)
        return area.name if area else code

    def descendants(self, code: str, level: str | None = None) -> list[str]:
        """Every unit below `code` (of `level` when given), in code order."""
        out, stack, seen = [], list(self.children.get(code, ())), set()
        while stack:
            c = stack.pop()
            if c in seen:
                continue
            seen.add(c)
            if level is None or self.by_code[c].level == level:
                out.append(c)
            stack.extend(self.children.get(c, ()))
        return sorted(out)

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether `code` is `ancestor` or below it. O(1) after one O(n) walk of the hierarchy."""
        if code == ancestor:
            return True
        span = self._spans().get(ancestor)
        at = self._spans().get(code)
        return span is not None and at is not None and span[0] < at[0] < span[1]

    def _spans(self) -> dict[str, tuple[int, int]]:
        """code -> (entry, exit) of a depth-first walk (iterative): a unit is below another when
        its entry lies within the other's span. Built once, when the hierarchy is complete."""
        spans = self.__dict__.get("_span_cache")
        if spans is not None:
            return spans
        spans = {}
        clock = 0
        for top in sorted(self.by_code):
            if top in spans:
                continue
            parent = self.by_code[top].parent
            if parent is not None and parent in self.by_code and top in self.children.get(parent, ()):
                continue  # reached from its parent's walk
            stack = [(top, False)]
            while stack:
                code, done = stack.pop()
                if done:
                    clock += 1
                    spans[code] = (spans[code][0], clock)
                    continue
                if code in spans:
                    continue
                clock += 1
                spans[code] = (clock, 0)
                stack.append((code, True))
                stack.extend((c, False) for c in reversed(self.children.get(code, ())) if c not in spans)
        self.__dict__["_span_cache"] = spans
        return spans


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
            areas.by_code[area.code] = area
    _check_hierarchy(areas, problems)
    return areas, problems


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
    if code in areas.by_code:
        problems.append(Loc(file, row.line, column_of(columns, "code")).problem(
            "duplicate-area", code=code, first=areas.by_code[code].loc.line))
        return None
    return Area(code=code, name=name, level=level, parent=cell(row, columns, "parent") or None,
                loc=Loc(file, row.line, column_of(columns, "parent") or 1))


def _check_hierarchy(areas: Areas, problems: list[Problem]) -> None:
    for area in list(areas.by_code.values()):
        if area.parent is None:
            continue
        parent = areas.by_code.get(area.parent)
        if parent is None:
            problems.append(area.loc.problem("area-unknown-parent", parent=area.parent, code=area.code))
            continue
        if LEVELS.index(area.level) <= LEVELS.index(parent.level):
            problems.append(area.loc.problem("area-level-order", code=area.code, level=area.level,
                                             parent=parent.code, parent_level=parent.level))
        areas.children[area.parent].append(area.code)
    # Cycles, found in O(n): follow each unit's parents until a unit already walked; a unit met
    # again within the same walk closes a cycle.
    state: dict[str, int] = {}  # code -> the walk that reached it
    reported: set[str] = set()
    for walk, start in enumerate(sorted(areas.by_code)):
        path, code = [], start
        while code in areas.by_code and code not in state:
            state[code] = walk
            path.append(code)
            code = areas.by_code[code].parent
        if code in areas.by_code and state.get(code) == walk and code in path:
            cycle = path[path.index(code):]
            reported.update(cycle)
            first = areas.by_code[cycle[0]]
            problems.append(first.loc.problem("area-cycle", cycle=" → ".join(cycle + [cycle[0]])))
    for code in reported:  # a cycle has no top: keep it out of the hierarchy
        parent = areas.by_code[code].parent
        kids = areas.children.get(parent)
        if kids and code in kids:
            kids.remove(code)
