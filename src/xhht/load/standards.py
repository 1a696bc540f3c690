"""Standard files (docs/standards.md): YAML -> `StandardSpec` (shape) -> `Standard` (model/standards.py).

The standards xhht ships (Thông tư 25/2023/TT-BGDĐT at cấp xã, huyện and tỉnh) are package data in
`load/shipped/`; a repository may add its own in `standards/*.yaml`. Both are read the same way, the
shipped ones first: a repository's standard may not take the id of one xhht ships, nor define an
indicator id that another standard defines. A share of lower units names the result indicator of a
standard of that level, so every file is validated first and the records are built knowing them all.

A standard with any error is not loaded at all (a missing threshold would make a level easier to
reach than the text says): its indicator ids go to `unloaded`, so that their figures are checked once
it is fixed rather than reported as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

from pydantic import BaseModel, ValidationError

from xhht.base.units import TargetError, unit_of
from xhht.load.plans import (check_holds_for, check_id, formula_texts, indicator_levels, section_texts,
                             spec_problems)
from xhht.load.safe_io import decode
from xhht.load.yamlsrc import YamlDoc, load_yaml
from xhht.model.records import ID_PATTERN, LEVELS, Indicator
from xhht.model.specs import (CriterionSpec, DocumentSpec, ShareBarSpec, SourceSpec, StandardIndicatorSpec,
                              StandardResultSpec, StandardSpec)
from xhht.model.standards import Bar, Criterion, Requirement, Standard
from xhht.model.targets import parse_condition
from xhht.problems import Problem
from xhht.problems.catalogue import phrase

SHIPPED = "shipped"  # the folder of xhht.load that holds the standards xhht ships
SHIPPED_PREFIX = "xhht:"  # how a shipped file is named in a problem or a listing: xhht:tt25-2023-xa.yaml
_TAG = re.compile(ID_PATTERN)


def _spec_for(path: tuple) -> type[BaseModel] | None:
    """Which spec model describes the mapping at `path` of a standard file."""
    if not path:
        return StandardSpec
    last = path[-1]
    named = {"document": DocumentSpec, "result": StandardResultSpec, "subunits": SourceSpec}
    if last in named and (len(path) == 1 or last == "subunits"):
        return named[last]
    if isinstance(last, int) and len(path) >= 2:
        return {"criteria": CriterionSpec, "indicators": StandardIndicatorSpec}.get(path[-2])
    if len(path) >= 2 and (path[-2] == "at" or len(path) >= 3 and path[-3] == "tagged"):
        return ShareBarSpec
    return None


def shipped_texts() -> list[tuple[str, str]]:
    """(name, text) of every standard xhht ships, in name order: read as a repository's files are."""
    out = []
    for f in sorted(files("xhht.load").joinpath(SHIPPED).iterdir(), key=lambda f: f.name):
        if f.name.endswith(".yaml"):
            name = SHIPPED_PREFIX + f.name
            text, _ = decode(f.read_bytes(), name)
            out.append((name, text or ""))
    return out


@dataclass
class Loaded:
    """What `load_standards` found."""

    standards: dict[str, Standard]  # by id: the shipped ones, then the repository's in file order
    files: dict[str, str]  # standard id -> its file
    unloaded: set[str]  # the indicator ids of standards that could not be loaded
    problems: list[Problem]


def load_standards(texts: list[tuple[str, str, bool]]) -> Loaded:
    """The standards of `texts` ((file, text, shipped), the shipped ones first)."""
    out = Loaded({}, {}, set(), [])
    specs: list[tuple[YamlDoc, StandardSpec, bool]] = []
    for file, text, shipped in texts:
        doc, problems = load_yaml(text, file)
        out.problems += problems
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            out.problems.append(doc.loc(()).problem("wrong-type", root=True, standard=True))
            continue
        try:
            spec = StandardSpec.model_validate(doc.data)
        except ValidationError as err:
            out.problems += spec_problems(err, doc, _spec_for)
            out.unloaded |= _raw_ids(doc.data)
            continue
        if problems:  # a duplicate key: the file is not what it seems
            out.unloaded |= _ids(spec)
            continue
        specs.append((doc, spec, shipped))
    results = {s.result.id: s for _, s, _ in specs}
    owners: dict[str, str] = {}  # indicator id -> the id of the standard that defines it
    for doc, spec, shipped in specs:
        if spec.id in out.standards:
            first = out.standards[spec.id]
            out.problems.append(doc.loc(("id",)).problem("duplicate-standard", id=spec.id, other=out.files[spec.id],
                                                         shipped=True if first.shipped else None))
            out.unloaded |= _ids(spec)
            continue
        problems: list[Problem] = []
        standard = _build(doc, spec, shipped, results, owners, problems)
        out.problems += problems
        if standard is None:
            out.unloaded |= _ids(spec)
            continue
        out.standards[spec.id] = standard
        out.files[spec.id] = doc.file
        for ind in standard.indicators:
            owners[ind.id] = spec.id
    out.unloaded -= {ind.id for s in out.standards.values() for ind in s.indicators}
    return out


def _ids(spec: StandardSpec) -> set[str]:
    return {spec.result.id} | {ind.id for c in spec.criteria for ind in c.indicators}


def _raw_ids(data: dict) -> set[str]:
    """The indicator ids a standard file too broken to validate seems to define."""
    out: set[str] = set()
    result = data.get("result")
    if isinstance(result, dict) and isinstance(result.get("id"), str):
        out.add(result["id"])
    criteria = data.get("criteria")
    for c in criteria if isinstance(criteria, list) else []:
        inds = c.get("indicators") if isinstance(c, dict) else None
        for ind in inds if isinstance(inds, list) else []:
            if isinstance(ind, dict) and isinstance(ind.get("id"), str):
                out.add(ind["id"])
    return out


def _build(doc: YamlDoc, spec: StandardSpec, shipped: bool, results: dict[str, StandardSpec],
           owners: dict[str, str], problems: list[Problem]) -> Standard | None:
    """The Standard of a validated file, or None when it has an error (`problems` say which)."""
    check_id(spec.id, ("id",), doc, problems)
    seen: dict[str, int] = {}

    def new_id(ind_id: str, path: tuple) -> None:
        check_id(ind_id, path + ("id",), doc, problems)
        if ind_id in seen:
            problems.append(doc.loc(path + ("id",)).problem("duplicate-indicator", id=ind_id, first=seen[ind_id],
                                                            standard=True))
        elif ind_id in owners:
            problems.append(doc.loc(path + ("id",)).problem("standard-indicator-taken", id=ind_id,
                                                            standard=owners[ind_id]))
        seen.setdefault(ind_id, doc.loc(path).line)

    r = spec.result
    new_id(r.id, ("result",))
    levels, _ = indicator_levels(r.unit, r.levels, ("result",), doc, problems)
    if levels is not None and len(levels) < 2:
        problems.append(doc.loc(("result", "levels")).problem("standard-bad-level", few=True))
    holds_for = check_holds_for(r.holds_for, ("result",), doc, problems)
    result = Indicator(id=r.id, name=r.name, unit=r.unit, levels=levels, holds_for=holds_for,
                       loc=doc.loc(("result",)))
    ranks = tuple(levels or ())[1:]
    criteria = []
    for ci, c in enumerate(spec.criteria):
        reqs = []
        for ii, ind in enumerate(c.indicators):
            path = ("criteria", ci, "indicators", ii)
            new_id(ind.id, path)
            req = _requirement(doc, spec, ind, path, c.code, ranks, results, problems)
            if req is not None:
                reqs.append(req)
        criteria.append(Criterion(code=c.code, title=c.title, requirements=tuple(reqs)))
    for tag in spec.tags:
        if not _TAG.fullmatch(tag):
            problems.append(doc.loc(("tags", tag), key=True).problem("bad-tag", tag=tag, fixed=None))
    problems += formula_texts(_texts(spec), doc)
    if any(p.severity == "error" for p in problems):
        return None
    d = spec.document
    return Standard(id=spec.id, title=spec.title, number=d.number, issuer=d.issuer, date=d.date, kind=d.kind,
                    valid_from=spec.valid_from, level=spec.level, result=result, holds_for=holds_for,
                    criteria=tuple(criteria), tags=tuple(spec.tags.items()), source=spec.source, note=spec.note,
                    shipped=shipped,
                    loc=doc.loc(("id",)))


def _requirement(doc: YamlDoc, spec: StandardSpec, ind: StandardIndicatorSpec, path: tuple, code: str,
                 ranks: tuple[str, ...], results: dict[str, StandardSpec],
                 problems: list[Problem]) -> Requirement | None:
    levels, levels_ok = indicator_levels(ind.unit, ind.levels, path, doc, problems)
    indicator = Indicator(id=ind.id, name=ind.name, unit=ind.unit, better=ind.better, levels=levels, group=code,
                          loc=doc.loc(path))
    if not levels_ok:
        return None
    source = None
    if ind.subunits is not None:
        source = _source(doc, spec, ind, path, results, problems)
        if source is None:
            return None

    def bars(table: dict, where: tuple) -> tuple[Bar, ...]:
        out = []
        for level, raw in table.items():
            lpath = where + (level,)
            if level not in ranks:
                problems.append(doc.loc(lpath, key=True).problem("standard-bad-level", level=level,
                                                                 recognised=", ".join(ranks) or None))
                continue
            bar = _bar(doc, ind, indicator, raw, lpath, level, source, problems)
            if bar is not None:
                out.append(bar)
        return tuple(out)

    at = bars(ind.at, path + ("at",))
    tagged = []
    for tag, table in ind.tagged.items():
        if not _TAG.fullmatch(tag):
            problems.append(doc.loc(path + ("tagged", tag), key=True).problem("bad-tag", tag=tag, fixed=None))
            continue
        tagged.append((tag, bars(table, path + ("tagged", tag))))
    return Requirement(indicator=indicator, at=at, tagged=tuple(tagged),
                       source_level=ind.subunits.level if source else None,
                       source_indicator=ind.subunits.indicator if source else None)


def _source(doc: YamlDoc, spec: StandardSpec, ind: StandardIndicatorSpec, path: tuple,
            results: dict[str, StandardSpec], problems: list[Problem]) -> StandardSpec | None:
    """The standard whose result a share of lower units counts, or None (a problem says why)."""
    sub = ind.subunits
    where = doc.loc(path + ("subunits",))
    if LEVELS.index(sub.level) <= LEVELS.index(spec.level):
        problems.append(where.problem("bad-share", level=sub.level, own=spec.level))
        return None
    if unit_of(ind.unit).name != "percent":
        problems.append(doc.loc(path + ("unit",)).problem("bad-share", unit=ind.unit))
        return None
    source = results.get(sub.indicator)
    if source is None or source.level != sub.level:
        choices = sorted(i for i, s in results.items() if s.level == sub.level)
        problems.append(doc.loc(path + ("subunits", "indicator")).problem(
            "bad-share", indicator=sub.indicator, sublevel=sub.level, results=", ".join(choices) or None))
        return None
    return source


def _bar(doc: YamlDoc, ind: StandardIndicatorSpec, indicator: Indicator, raw, path: tuple, level: str,
         source: StandardSpec | None, problems: list[Problem]) -> Bar | None:
    """One level's threshold: a target (`>= 60`, `yes`, `increase`), or a share's {meeting, share}."""
    at = phrase("threshold", level=level)
    if source is None:
        if isinstance(raw, dict):
            problems.append(doc.loc(path).problem("bad-share", mapping=True))
            return None
        try:
            cond = parse_condition(raw, indicator.unit, indicator.levels, indicator.better)
        except TargetError as exc:
            problems.append(doc.loc(path).problem(exc.code, at=at, **exc.params))
            return None
        return Bar(level=level, condition=cond, loc=doc.loc(path))
    if not isinstance(raw, dict):
        problems.append(doc.loc(path).problem("bad-share", plain=True))
        return None
    try:
        share = ShareBarSpec.model_validate(raw)
    except ValidationError as err:
        problems += spec_problems(err, doc, _spec_for, prefix=path)
        return None
    result = source.result
    try:
        meeting = parse_condition(share.meeting, result.unit, tuple(result.levels), allow_change=False)
    except TargetError as exc:
        problems.append(doc.loc(path + ("meeting",)).problem(exc.code, at=phrase("meeting"), **exc.params))
        return None
    try:
        cond = parse_condition(share.share, "percent", None, allow_change=False)
    except TargetError as exc:
        problems.append(doc.loc(path + ("share",)).problem(exc.code, at=at, **exc.params))
        return None
    return Bar(level=level, condition=cond, meeting=meeting, loc=doc.loc(path))


def _texts(spec: StandardSpec) -> list[tuple[tuple, str]]:
    """The standard's words that reach `evaluate`'s workbook and the spreadsheets officers copy them
    into: its title and document, the result's name and levels, the criteria and their indicators."""
    texts = [(("title",), spec.title), (("document", "number"), spec.document.number),
             (("document", "issuer"), spec.document.issuer), (("result", "name"), spec.result.name)]
    texts += [(("result", "levels", k), str(level)) for k, level in enumerate(spec.result.levels)]
    return texts + section_texts("criteria", spec.criteria)
