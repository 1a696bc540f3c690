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
        seen = set()
        while code and code not in seen:
            if code == ancestor:
                return True
            seen.add(code)
            area = self.by_code.get(code)
            code = area.parent if area else None
        return False


def load_areas(text: str, file: str) -> tuple[Areas, list[Problem]]:
    header, rows, problems = read_csv(text, file)
    areas = Areas()
    if header is None:
        return areas, problems
    columns, header_problems = check_header(header, COLUMNS, ("code", "name", "level"), file)
    problems += header_problems
    if any(p.code == "missing-column" for p in header_problems):
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
    reported: set[str] = set()
    for start in sorted(areas.by_code):
        path, code = [], start
        while code in areas.by_code and code not in path:
            path.append(code)
            code = areas.by_code[code].parent
        if code in path and code not in reported:
            cycle = path[path.index(code):]
            reported.update(cycle)
            first = areas.by_code[cycle[0]]
            problems.append(first.loc.problem("area-cycle", cycle=" → ".join(cycle + [cycle[0]])))
    for code in reported:  # a cycle has no top: keep it out of the hierarchy
        for kids in areas.children.values():
            if code in kids:
                kids.remove(code)
