"""Which figures a plan needs for one year (docs/collecting.md): the rows of the collection form.

Pure: reads the plan and the areas, nothing else; excel/form.py lays the rows out in Excel.

For each indicator with a target or a `subunits` target that year:
- its own target: a row for the plan's area, and, when the indicator is a percent or a count
  (both roll up, docs/commands.md#the-comparison-rules), a row for every unit below the area, whose figures feed the roll-up;
- each `subunits` target: a row for every unit of that level below the plan's area.
Rows come in plan order, then in the order of the hierarchy (the area, a district, its communes, …).
"""

from __future__ import annotations

from dataclasses import dataclass

from xhht.model.areas import Areas
from xhht.model.records import Condition, Indicator, Plan, SubunitTarget
from xhht.base.numbers import plain
from xhht.base.units import unit_of

LEVEL_NAMES = {"quocgia": "quốc gia", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}
_SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


@dataclass(frozen=True)
class FormRow:
    indicator: Indicator
    area: str
    year: int
    target: str  # what the row is for, in Vietnamese (help column)


def condition_text(cond: Condition, unit: str) -> str:
    if cond.kind == "increase":
        return "tăng so với năm trước"
    if cond.kind == "decrease":
        return "giảm so với năm trước"
    value = unit_of(unit).form_value(cond.value)
    return f"{_SYMBOLS.get(cond.comparator or '', cond.comparator or '')} {value}"


def _subunit_text(sub: SubunitTarget, unit: str) -> str:
    level = LEVEL_NAMES.get(sub.level, sub.level)
    number = plain(sub.value).replace(".", ",")
    goal = f"{number} {level}" if sub.measure == "count" else f"{number}% số {level}"
    return f"mỗi {level}: {condition_text(sub.meeting, unit)} (chỉ tiêu: {goal} đạt)"


def _tree_order(areas: Areas, top: str) -> list[str]:
    """`top`, then each child followed by its own descendants, children in code order."""
    out, seen = [], set()

    def walk(code: str) -> None:
        if code in seen:
            return
        seen.add(code)
        out.append(code)
        for child in sorted(areas.children.get(code, ())):
            walk(child)

    walk(top)
    return out


def form_rows(plan: Plan, areas: Areas, year: int) -> list[FormRow]:
    """Every figure `plan` needs for `year` (see the module docstring). Needs `plan.area`."""
    assert plan.area is not None
    order = {code: i for i, code in enumerate(_tree_order(areas, plan.area))}
    rows: list[FormRow] = []
    for ind in plan.indicators:
        wanted: dict[str, list[str]] = {}
        for t in ind.targets:
            if t.year != year:
                continue
            wanted.setdefault(plan.area, []).append("chỉ tiêu: " + condition_text(t.condition, ind.unit))
            if unit_of(ind.unit).rolls_up:
                for code in areas.descendants(plan.area):
                    wanted.setdefault(code, []).append(
                        f"để tổng hợp lên {areas.name(plan.area)}")
        for sub in ind.subunits:
            if sub.year != year:
                continue
            for code in areas.descendants(plan.area, sub.level):
                wanted.setdefault(code, []).append(_subunit_text(sub, ind.unit))
        for code in sorted(wanted, key=lambda c: (order.get(c, len(order)), c)):
            texts = list(dict.fromkeys(wanted[code]))
            if len(texts) > 1:  # a unit counted by a subunit target needs no roll-up note
                texts = [t for t in texts if not t.startswith("để tổng hợp")]
            rows.append(FormRow(ind, code, year, "; ".join(texts)))
    return rows


def target_years(plan: Plan) -> list[int]:
    """The years in which the plan has a target or a subunits target."""
    years = {t.year for ind in plan.indicators for t in ind.targets}
    years |= {s.year for ind in plan.indicators for s in ind.subunits}
    return sorted(years)
