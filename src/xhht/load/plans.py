"""Plan files: YAML -> `PlanSpec` (shape) -> `Plan` (domain, every object with its location).

Pydantic's errors are turned into problems that point at the offending key or value,
with a "did you mean" for misspelt keys and values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from xhht.model.records import ID_PATTERN, Group, Indicator, Plan, SubunitTarget, Target
from xhht.model.specs import DocumentSpec, GroupSpec, IndicatorSpec, PlanSpec, SubunitSpec
from xhht.base.periods import PeriodError, parse_period
from xhht.base.safetext import formula_like
from xhht.problems.catalogue import PHRASES, phrase
from xhht.problems import Problem, did_you_mean
from xhht.base.units import TargetError
from xhht.model.targets import parse_condition
from xhht.base.units import MEASURE_UNITS, raw_text, unit_of
from xhht.load.yamlsrc import YamlDoc

_ID = re.compile(ID_PATTERN)
MAX_HOLDS_FOR = 200  # years run from 1900 to 2100: a figure cannot stand for longer


def _spec_for(path: tuple) -> type[BaseModel] | None:
    """Which spec model describes the mapping at `path`."""
    if not path:
        return PlanSpec
    if path[-1] == "document":
        return DocumentSpec
    if isinstance(path[-1], int) and len(path) >= 2:
        return {"groups": GroupSpec, "indicators": IndicatorSpec, "subunits": SubunitSpec}.get(path[-2])
    return None


def _dotted(path: tuple) -> str:
    """groups[0].indicators[2].unit"""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) and p < 1000 else (f".{p}" if out else str(p))
    return out or "(top level)"


def spec_problems(err: ValidationError, doc: YamlDoc, spec_for=_spec_for, prefix: tuple = (),
                  **extra: object) -> list[Problem]:
    """Pydantic's errors as problems at their key or value, with a did-you-mean for a misspelt key or
    value. `spec_for(path)` names the model of the mapping at a path (a plan file's by default;
    load/standards.py gives a standard file's); `prefix` is where the validated mapping lies in the
    file; `extra` goes into every problem (`report=True`: worded for a report text file)."""
    problems = []
    for e in err.errors():
        path = prefix + tuple(p for p in e["loc"] if p != "[key]")
        is_key = "[key]" in e["loc"]
        kind = e["type"]
        if kind == "missing":
            model = spec_for(path[:-1])
            where = doc.loc(path[:-1])
            parent = _dotted(path[:-1])
            problems.append(where.problem("missing-key", key=path[-1], parent=parent if path[:-1] else None,
                                          keys=tuple(model.model_fields) if model else None, **extra))
        elif kind == "extra_forbidden":
            model = spec_for(path[:-1])
            fields = list(model.model_fields) if model else []
            problems.append(doc.loc(path, key=True).problem(
                "unknown-key", key=path[-1], guess=did_you_mean(path[-1], fields), keys=tuple(fields), **extra))
        elif kind == "literal_error":
            expected = [str(x).strip("'") for x in re.findall(r"'([^']*)'", e["ctx"].get("expected", ""))]
            problems.append(doc.loc(path).problem(
                "bad-choice", key=path[-1], value=e["input"], choices=tuple(expected),
                guess=did_you_mean(e["input"], expected), **extra))
        else:
            field = path[-1] if path else "value"
            value = e.get("input")
            hints: dict[str, object] = {}
            if kind == "string_type" and isinstance(value, int | Decimal) and not isinstance(value, bool):
                hints = {"field": field, "value": doc.written.get(path, value), "quote" if field in ("area", "parent") else "quote_plain": True}
            elif kind == "int_parsing" and is_key:
                hints = {"year_key": True}
            elif kind in ("dict_type", "list_type", "model_type"):
                hints = {"indent": True}
            what = (phrase(kind) if kind in PHRASES else
                    phrase("other-type", msg=e["msg"][0].lower() + e["msg"][1:]))
            problems.append(doc.loc(path, key=is_key).problem(
                "wrong-type", path=_dotted(path), kind=what,
                got=None if isinstance(value, dict | list) else repr(value), **hints, **extra))
    return problems


def build_plan(doc: YamlDoc) -> tuple[Plan | None, list[Problem]]:
    """Validate one plan document and build the domain Plan."""
    if not isinstance(doc.data, dict):
        return None, [doc.loc(()).problem("wrong-type", root=True)]
    try:
        spec = PlanSpec.model_validate(doc.data)
    except ValidationError as err:
        return None, spec_problems(err, doc)
    problems: list[Problem] = []
    check_id(spec.id, ("id",), doc, problems)
    try:
        start, end = parse_period(spec.period)
    except PeriodError as exc:
        problems.append(doc.loc(("period",)).problem("bad-period", reason=phrase(exc.kind, text=exc.text)))
        start, end = 0, 9999
    groups = []
    seen: dict[str, int] = {}
    for gi, g in enumerate(spec.groups):
        inds = []
        for ii, ind in enumerate(g.indicators):
            path = ("groups", gi, "indicators", ii)
            built = _build_indicator(ind, g, path, doc, start, end, problems)
            if ind.id in seen:
                problems.append(doc.loc(path + ("id",)).problem("duplicate-indicator", id=ind.id, first=seen[ind.id]))
                continue
            seen[ind.id] = built.loc.line
            inds.append(built)
        groups.append(Group(code=g.code, title=g.title, indicators=tuple(inds)))
    if spec.parent is not None:
        check_id(spec.parent, ("parent",), doc, problems)
    problems += _formula_texts(spec, doc)
    plan = Plan(
        id=spec.id, title=spec.title, number=spec.document.number, issuer=spec.document.issuer,
        date=spec.document.date, kind=spec.document.kind, parent=spec.parent, area=spec.area, start=start, end=end,
        groups=tuple(groups), source=spec.source, loc=doc.loc(("id",)),
        area_loc=doc.loc(("area",)) if spec.area is not None else None,
        parent_loc=doc.loc(("parent",)) if spec.parent is not None else None)
    return plan, problems


def _formula_texts(spec: PlanSpec, doc: YamlDoc) -> list[Problem]:
    """`formula-text` for the plan's words that reach forms, reports and the spreadsheets officers
    copy them into (titles, the document, names, levels) and that a spreadsheet reads as a formula."""
    texts = [(("title",), spec.title), (("document", "number"), spec.document.number),
             (("document", "issuer"), spec.document.issuer)]
    return formula_texts(texts + section_texts("groups", spec.groups), doc)


def section_texts(key: str, sections) -> list[tuple[tuple, str]]:
    """(path, text) of each section's title (a plan's groups, a standard's criteria) and of its
    indicators' names and levels: the words of a file that reach forms and spreadsheets."""
    texts = []
    for si, section in enumerate(sections):
        texts.append(((key, si, "title"), section.title))
        for ii, ind in enumerate(section.indicators):
            path = (key, si, "indicators", ii)
            texts.append((path + ("name",), ind.name))
            texts += [(path + ("levels", k), str(level)) for k, level in enumerate(ind.levels or ())]
    return texts


def formula_texts(texts: list[tuple[tuple, str]], doc: YamlDoc) -> list[Problem]:
    """`formula-text` at each (path, text) of a plan or standard file that a spreadsheet reads as a formula."""
    return [doc.loc(path).problem("formula-text", text=text[:80]) for path, text in texts if formula_like(text)]


def check_holds_for(holds_for: Any, path: tuple, doc: YamlDoc, problems: list[Problem]) -> int | None:
    """`holds_for` of the indicator (or standard result) at `path`: a whole number of years from 1 to
    MAX_HOLDS_FOR, else None and `bad-holds-for` (plans and standards alike)."""
    if holds_for is not None and (type(holds_for) is not int or not 1 <= holds_for <= MAX_HOLDS_FOR):
        shown = f'"{holds_for}"' if isinstance(holds_for, str) else raw_text(holds_for)
        problems.append(doc.loc(path + ("holds_for",)).problem("bad-holds-for", value=shown, most=MAX_HOLDS_FOR))
        return None
    return holds_for


def check_id(value: str, path: tuple, doc: YamlDoc, problems: list[Problem]) -> None:
    if not _ID.match(value):
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        problems.append(doc.loc(path).problem("bad-id", id=value, fixed=fixed if fixed and _ID.match(fixed) else None))


def indicator_levels(unit: str, raw: list[str] | None, path: tuple, doc: YamlDoc,
                     problems: list[Problem]) -> tuple[tuple[str, ...] | None, bool]:
    """(the indicator's `levels`, whether they are usable): a level or rating needs them, once each;
    another unit has none."""
    levels = tuple(raw) if raw is not None else None
    if unit_of(unit).ordinal:
        if not levels:
            problems.append(doc.loc(path + ("unit",)).problem("missing-levels", unit=unit))
            return levels, False
        if len(set(levels)) != len(levels):
            twice = next(lv for i, lv in enumerate(levels) if lv in levels[:i])
            problems.append(doc.loc(path + ("levels",)).problem("duplicate-level", level=twice))
            return levels, False
    elif levels is not None:
        problems.append(doc.loc(path + ("levels",), key=True).problem("levels-not-allowed", unit=unit))
        levels = None
    return levels, True


def _build_indicator(ind: IndicatorSpec, g: GroupSpec, path: tuple, doc: YamlDoc, start: int, end: int,
                     problems: list[Problem]) -> Indicator:
    check_id(ind.id, path + ("id",), doc, problems)
    levels, levels_ok = indicator_levels(ind.unit, ind.levels, path, doc, problems)

    def in_period(year: int, ypath: tuple) -> bool:
        if start <= year <= end:
            return True
        problems.append(doc.loc(ypath, key=True).problem("target-outside-period", year=year, start=start, end=end))
        return False

    targets = []
    for year, raw in ind.targets.items():
        ypath = path + ("targets", year)
        if not in_period(year, ypath) or not levels_ok:
            continue
        try:
            cond = parse_condition(raw, ind.unit, levels, ind.better)
        except TargetError as exc:
            problems.append(doc.loc(ypath).problem(exc.code, at=phrase("target-year", year=year), **exc.params))
            continue
        targets.append(Target(year=year, condition=cond, loc=doc.loc(ypath)))

    subunits = []
    for si, sub in enumerate(ind.subunits):
        spath = path + ("subunits", si)
        if not levels_ok:
            break
        try:
            meeting = parse_condition(sub.meeting, ind.unit, levels, ind.better, allow_change=False)
        except TargetError as exc:
            problems.append(doc.loc(spath + ("meeting",)).problem(exc.code, at=phrase("meeting"), **exc.params))
            continue
        if not sub.count and not sub.share:
            problems.append(doc.loc(spath).problem("subunit-without-measure"))
        for measure, table in (("count", sub.count), ("share", sub.share)):
            for year, raw in table.items():
                ypath = spath + (measure, year)
                if not in_period(year, ypath):
                    continue
                try:
                    value = parse_condition(raw, MEASURE_UNITS[measure], None).value
                    if value is None:  # increase / decrease: a number of units (or a share) is needed
                        raise TargetError("bad-comparator", value=raw_text(raw), number=True)
                except TargetError as exc:
                    problems.append(doc.loc(ypath).problem(exc.code, at=phrase(f"subunit-{measure}", year=year),
                                                           **exc.params))
                    continue
                subunits.append(SubunitTarget(level=sub.level, meeting=meeting, measure=measure, year=year,
                                              value=value, loc=doc.loc(ypath)))
    holds_for = check_holds_for(ind.holds_for, path, doc, problems)
    return Indicator(id=ind.id, name=ind.name, unit=ind.unit, better=ind.better, levels=levels,
                     holds_for=holds_for, targets=tuple(sorted(targets, key=lambda t: t.year)), subunits=tuple(subunits),
                     group=g.code, loc=doc.loc(path))
