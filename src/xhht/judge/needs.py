"""Which figures a plan needs for one year (docs/collecting.md): the rows of the collection form,
the figures `xhht missing` chases, and the figures whose roll-up needs a numerator and denominator.

Pure: reads the plan, the areas and (for the roll-up) the figures' plain numbers.

A form of year Y asks only for units valid on 31 December of Y (docs/reform.md), the hierarchy of
that year. The plan's area is the unit of the plan's date (a code kept by two units names the one
the plan meant); once that unit has ended, its territory is that of the units that took it over
(`judge.compare.units_of`), and it gets no row of its own: its figure is their roll-up.

For each indicator with a target or a `subunits` target that year:
- its own target: a row for the plan's area (while it is valid), and, when the indicator is a
  percent or a count (both roll up, docs/commands.md#the-comparison-rules), a row for every unit
  below it, whose figures feed the roll-up; for a percent, those rows need the numerator and the
  denominator (`counts`);
- each `subunits` target: a row for every unit of that level below the plan's area.
Rows come in plan order, then in the order of the hierarchy (the area, a district, its communes, …).

A standard (docs/standards.md) is a source of rows too (`standard_rows`): its self-assessment form
asks each unit of its level for every chỉ tiêu of its own, in the standard's order, with the bars of
each level (the unit's tag's own where the standard has some); a chỉ tiêu that must increase asks for
the year before too. A plan's form asks the same of a unit of a standard's level when the plan's
indicator is that standard's result (`cdht-xa`) and the standard is in force that year: the unit's
level is derived from its chỉ tiêu (CONTRACT 13); the plan's target stays in the first row's help.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from xhht.base.kinds import LEVEL_WORDS
from xhht.base.numbers import plain
from xhht.base.units import unit_of
from xhht.judge.compare import plan_day, units_of
from xhht.judge.rollup import Values, figure_numbers
from xhht.model.areas import Areas
from xhht.model.figures import figure_counts_of
from xhht.model.records import Condition, Indicator, Plan, SubunitTarget
from xhht.model.standards import Requirement, Standard

_SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


@dataclass(frozen=True)
class FormRow:
    indicator: Indicator
    area: str
    year: int
    target: str  # what the row is for, in Vietnamese (help column)
    area_name: str = ""  # the unit's name that year (with its parent when two units of the form share it)
    counts: bool = False  # a percent whose roll-up needs the numerator and the denominator
    choices: tuple[str, ...] | None = None  # the drop-down's words, when not the unit's (Đạt / Không đạt)
    level_of: Indicator | None = None  # a plan's standard result whose level this chỉ tiêu serves (CONTRACT 13)


def condition_text(cond: Condition, unit: str) -> str:
    if cond.kind == "increase":
        return "tăng so với năm trước"
    if cond.kind == "decrease":
        return "giảm so với năm trước"
    value = unit_of(unit).form_value(cond.value)
    return f"{_SYMBOLS.get(cond.comparator or '', cond.comparator or '')} {value}"


def _subunit_text(sub: SubunitTarget, unit: str) -> str:
    level = LEVEL_WORDS[sub.level][0] if sub.level in LEVEL_WORDS else sub.level
    number = plain(sub.value).replace(".", ",")
    goal = f"{number} {level}" if sub.measure == "count" else f"{number}% số {level}"
    return f"mỗi {level}: {condition_text(sub.meeting, unit)} (chỉ tiêu: {goal} đạt)"


@dataclass(frozen=True)
class Scope:
    """The plan's area in one year: whether it is a unit of that year (it has a row of its own), the
    units below it (or, once it ended, the units that took its territory and theirs), and its name."""

    area: str
    own: bool
    below: tuple[str, ...]  # in the order of the hierarchy
    name: str


def scope(plan: Plan, areas: Areas, year: int) -> Scope:
    """The plan's area as the form of `year` sees it (module docstring). Needs `plan.area`."""
    assert plan.area is not None
    area = plan.area
    meant = areas.meant(area, plan_day(plan))
    own = is_a_unit_of(plan, areas, year)
    below = set(units_of(areas, area, None, year, meant=meant))
    tree = areas.tree(year)
    order: list[str] = []
    roots = sorted(c for c in below if tree.lineage(c) & below == {c})  # the units directly under the area
    stack = list(reversed(roots))
    while stack:
        code = stack.pop()
        order.append(code)
        stack.extend(reversed([c for c in tree.children.get(code, ()) if c in below]))
    return Scope(area, own, tuple(order), area_name(plan, areas, year))


def is_a_unit_of(plan: Plan, areas: Areas, year: int) -> bool:
    """Whether the plan's area, as the plan meant it, is a unit of `year` (and may have a figure then)."""
    assert plan.area is not None
    if not areas.dated:
        return True
    return areas.valid_in(plan.area, year) and not areas.replaced(areas.meant(plan.area, plan_day(plan)), year)


def area_name(plan: Plan, areas: Areas, year: int) -> str:
    """The name of the plan's area in `year`: the unit of the plan's date, or, once it has ended
    (even when its code now names another unit), "địa bàn Tỉnh Đông cũ"."""
    assert plan.area is not None
    meant = areas.meant(plan.area, plan_day(plan))
    if meant is None:
        return areas.name(plan.area, year)
    if areas.replaced(meant, year) or not areas.valid_in(plan.area, year):
        return f"địa bàn {meant.name} cũ"
    return meant.name


def unit_names(areas: Areas, codes: Iterable[str], year: int) -> dict[str, str]:
    """The name of each unit in `year`; a name that two of them share is followed by the unit's
    parent ("Xã Tân Thành (Huyện Lâm Bình)"), so that no name stands for two units."""
    names = {c: areas.name(c, year) for c in codes}
    seen: dict[str, int] = {}
    for n in names.values():
        seen[n] = seen.get(n, 0) + 1
    out = {}
    for c, n in names.items():
        unit = areas.unit(c, year)
        parent = unit.parent if unit is not None else None
        out[c] = f"{n} ({areas.name(parent, year)})" if seen[n] > 1 and parent else n
    return out


def standard_rows(standard: Standard, areas: Areas, year: int, units: list[str],
                  counted: set[tuple[str, str]] = frozenset(), names: dict[str, str] | None = None) -> list[FormRow]:
    """The self-assessment rows of `units` (of the standard's level, in that order) for `year`: each
    unit's chỉ tiêu of its own, in the standard's order; a percent's numerator and denominator needed
    where `counted` (indicator, unit) says a plan's roll-up reads them (`needed_counts`). `names`: the
    units' names as the caller's form shows them (else `unit_names` of `units`)."""
    names = names if names is not None else unit_names(areas, units, year)
    out = []
    for code in units:
        unit = areas.unit(code, year)
        tags = unit.tags if unit is not None else frozenset()
        for criterion in standard.criteria:
            for req in criterion.requirements:
                if req.share:  # the share of lower units is their results: nothing to type
                    continue
                ind = req.indicator
                text = f"Tiêu chí {criterion.code}: " + _bars_text(standard, req, tags)
                choices = ("Đạt", "Không đạt") if ind.unit == "yes-no" else None
                need = (ind.id, code) in counted
                out.append(FormRow(ind, code, year, text, names[code], need, choices))
                if any(b.condition.kind != "value" for b in req.at):
                    out.append(FormRow(ind, code, year - 1, f"Tiêu chí {criterion.code}: số liệu năm {year - 1}, "
                                       f"để so sánh với năm {year}", names[code], need, choices))
    return out


def needed_counts(plans: Iterable[Plan], areas: Areas, year: int) -> set[tuple[str, str]]:
    """(indicator, unit) of the percents whose numerator and denominator the plans' forms of `year`
    mark as needed (a roll-up of a plan's area reads them)."""
    return {(r.indicator.id, r.area) for plan in plans if plan.area is not None
            for r in form_rows(plan, areas, year) if r.counts}


def _bars_text(standard: Standard, req: Requirement, tags: frozenset[str]) -> str:
    """"Mức độ 1: ≥ 60%; Mức độ 2: ≥ 80%", the unit's tag's own bars with the common ones beside them;
    "Mức độ 1, Mức độ 2: đạt" when every level asks the same."""
    def text(bars: dict[str, str]) -> str:
        if len(set(bars.values())) == 1:
            return ", ".join(bars) + ": " + next(iter(bars.values()))
        return "; ".join(f"{level}: {t}" for level, t in bars.items())

    def bar_words(b) -> str:
        if req.indicator.unit == "yes-no":
            return "đạt" if b.condition.value == "yes" else "không đạt"
        return condition_text(b.condition, req.indicator.unit)

    mine = {level: bar_words(b) for level in standard.ranks if (b := req.bar(level, tags)) is not None}
    common = {b.level: bar_words(b) for b in req.at}
    if mine == common:
        return text(mine)
    tag = next(t for t, _ in req.tagged if t in tags)
    words = dict(standard.tags).get(tag, tag)
    return f"{text(mine)} (mức riêng của {words}; mức chung: {text(common)})"


def form_rows(plan: Plan, areas: Areas, year: int, standards: Iterable[Standard] = ()) -> list[FormRow]:
    """Every figure `plan` needs for `year` (see the module docstring), a standard's chỉ tiêu in
    place of its result for a unit of its level (`standards`: those the repository knows). Needs
    `plan.area`."""
    sc = scope(plan, areas, year)
    order = {code: i for i, code in enumerate(((sc.area,) if sc.own else ()) + sc.below)}
    raw: list[tuple[Indicator, str, str, bool]] = []
    for ind in plan.indicators:
        wanted: dict[str, list[str]] = {}
        counts: set[str] = set()
        for t in ind.targets:
            if t.year != year:
                continue
            if sc.own:
                wanted.setdefault(sc.area, []).append("chỉ tiêu: " + condition_text(t.condition, ind.unit))
            if unit_of(ind.unit).rolls_up:
                for code in sc.below:
                    wanted.setdefault(code, []).append(f"để tổng hợp lên {sc.name}")
                if unit_of(ind.unit).fraction:
                    counts.update(sc.below)
        for sub in ind.subunits:
            if sub.year != year:
                continue
            for code in units_of(areas, plan.area, sub.level, year, meant=areas.meant(plan.area, plan_day(plan))):
                wanted.setdefault(code, []).append(_subunit_text(sub, ind.unit))
        for code in sorted(wanted, key=lambda c: (order.get(c, len(order)), c)):
            texts = list(dict.fromkeys(wanted[code]))
            if len(texts) > 1:  # a unit counted by a subunit target needs no roll-up note
                texts = [t for t in texts if not t.startswith("để tổng hợp")]
            raw.append((ind, code, "; ".join(texts), code in counts))
    names = unit_names(areas, {code for _, code, _, _ in raw}, year)
    results = {s.result.id: s for s in standards if s.in_force(year)}
    counted = {(ind.id, code) for ind, code, _, need in raw if need}
    out: list[FormRow] = []
    for ind, code, text, need in raw:
        standard = results.get(ind.id)
        unit = areas.unit(code, year)
        if standard is None or unit is None or unit.level != standard.level:
            out.append(FormRow(ind, code, year, text, names[code], need))
            continue
        mine = standard_rows(standard, areas, year, [code], counted, names)
        out += [replace(r, level_of=ind,
                        target=f"{r.target}; để xác định mức độ, {text}" if i == 0 else r.target)
                for i, r in enumerate(mine)]
    rows: dict[tuple[str, str, int], FormRow] = {}  # a chỉ tiêu the plan also asks for itself: its own row
    for r in out:
        key = (r.indicator.id, r.area, r.year)
        if key not in rows or (rows[key].level_of is not None and r.level_of is None):
            rows[key] = r
    return list(rows.values())


def target_years(plan: Plan) -> list[int]:
    """The years in which the plan has a target or a subunits target."""
    years = {t.year for ind in plan.indicators for t in ind.targets}
    years |= {s.year for ind in plan.indicators for s in ind.subunits}
    return sorted(years)


# ---------------------------------------------------------------- the roll-up's numerators and denominators


CountsOf = Callable[[str, int, Sequence[str]], "list[bool | None]"]


def figure_counts(figures: Mapping) -> CountsOf:
    """counts(indicator, year, areas): for each of `areas`, None without a figure of `indicator` in
    `year`, else whether it has a numerator and a denominator (`Figures.with_counts`; any other
    mapping of Figures, a test's dict, through `figure_counts_of`)."""
    own = getattr(figures, "with_counts", None)
    return own if own is not None else functools.partial(figure_counts_of, figures)


def rollup_reads(plan: Plan, ind: Indicator, year: int, areas: Areas, counts: CountsOf) -> list[tuple[str, bool]]:
    """The units whose own figures the roll-up of the plan's area reads for `ind` in `year`
    (judge/rollup.py): nothing when the area has a figure of its own; else, from its children (or,
    once it ended, the units that took its territory, none of them straddling), each unit with a
    figure, and below each unit without one: (code, whether its figure has a numerator and a
    denominator) in code order. `counts` is `figure_counts` of the figures."""
    area = plan.area
    if area is None:
        return []
    meant = areas.meant(area, plan_day(plan))
    tree = areas.tree(year)
    straddler = None
    if areas.replaced(meant, year):
        roots, straddler = areas.successors(meant.code, year, meant)
    elif counts(ind.id, year, (area,))[0] is not None:
        return []
    elif area in tree.units or not areas.dated:
        roots = tree.children.get(area, [])
    else:
        roots, straddler = areas.successors(area, year)
    if straddler is not None:
        return []
    out, level, seen = [], list(roots), set()
    while level:
        level = [c for c in level if c not in seen]
        seen.update(level)
        below = []
        for code, counted in zip(level, counts(ind.id, year, level)):
            if counted is not None:
                out.append((code, counted))
            else:
                below += tree.children.get(code, [])
        level = below
    return sorted(out, key=lambda found: found[0])


def counts_needed(plans: Iterable[Plan], areas: Areas, counts: CountsOf,
                  years: Iterable[int] | None = None) -> list[tuple[str, str, int, str]]:
    """(indicator, area, year, plan id) of every percent figure without a numerator and a
    denominator that the roll-up of a plan's area reads (CONTRACT 8, `rollup-needs-counts`): some
    plan has a target of that indicator and year for an area above it, and neither that area nor
    one between them has a figure of its own. The first plan (in order) names each. `counts` is
    `figure_counts` of the figures."""
    found: dict[tuple[str, str, int], str] = {}
    wanted = None if years is None else set(years)
    for plan in plans:
        for ind in plan.indicators:
            if not unit_of(ind.unit).fraction:
                continue
            for year in sorted({t.year for t in ind.targets}):
                if wanted is not None and year not in wanted:
                    continue
                for code, counted in rollup_reads(plan, ind, year, areas, counts):
                    if not counted:
                        found.setdefault((ind.id, code, year), plan.id)
    return [(*key, pid) for key, pid in sorted(found.items())]


# ---------------------------------------------------------------- what is still missing (`xhht missing`)


@dataclass(frozen=True)
class Missing:
    """A figure the plan's form asks for that the data does not hold (`need` "value"), or a percent
    that the roll-up needs with its numerator and denominator (`need` "counts"). `standard`: a
    chỉ tiêu asked for the level this standard derives from it (CONTRACT 13), else None."""

    area: str
    name: str
    indicator: Indicator
    need: str
    standard: Standard | None = None


def missing(plan: Plan, areas: Areas, year: int, values: Values, level: str | None = None,
            standards: Iterable[Standard] = ()) -> list[Missing]:
    """Unit by unit (in code order, then the form's order): every figure the plan's form of `year`
    asks for that the data does not give, and every `rollup-needs-counts` figure (CONTRACT 8).
    A figure that the roll-up of the units below gives is not missing, and a unit is not listed
    when units below it are listed for the same indicator: those are the ones to ask. A standard's
    chỉ tiêu asked for its result is not missing once the unit's level is recorded or derived."""
    standards = list(standards)
    rows = form_rows(plan, areas, year, standards)
    order = {ind_id: i for i, ind_id in enumerate(dict.fromkeys(row.indicator.id for row in rows))}
    numbers = figure_numbers(values.figures)
    absent = [row for row in rows if numbers(row.indicator.id, row.year, (row.area,))[0] is None
              and not values.get(row.indicator, row.area, row.year).ok
              and (row.level_of is None or not values.get(row.level_of, row.area, year).ok)]
    tree = areas.tree(year)
    listed = {(row.indicator.id, row.area) for row in absent}
    found: dict[tuple[str, str], Missing] = {}
    results = {s.result.id: s for s in standards}
    for row in absent:
        if any((row.indicator.id, c) in listed for c in tree.descendants(row.area)):
            continue
        found[(row.area, row.indicator.id)] = Missing(row.area, row.area_name, row.indicator, "value",
                                                      results.get(row.level_of.id) if row.level_of else None)
    names = {row.area: row.area_name for row in rows}
    indicators = {ind.id: ind for ind in plan.indicators}
    for ind_id, area, _, _ in counts_needed([plan], areas, figure_counts(values.figures), years=[year]):
        found.setdefault((area, ind_id), Missing(area, names.get(area) or areas.name(area, year),
                                                 indicators[ind_id], "counts"))
    out = [m for m in found.values() if level is None or getattr(areas.unit(m.area, year), "level", None) == level]
    return sorted(out, key=lambda m: (m.area, order.get(m.indicator.id, len(order))))
