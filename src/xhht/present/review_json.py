"""A Review as JSON (docs/commands.md#the-json-report): `review_dict`, written by `to_json` with its
Decimals exact. The JSON format of `xhht report -f json` (render.py registers it) and the writer of
every JSON xhht prints (`diff`, `log`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xhht.base.numbers import half_up, plain
from xhht.base.safetext import json_string
from xhht.present import fmt
from xhht.present.area_names import Names, Nouns, review_nouns

if TYPE_CHECKING:  # for annotations only
    from xhht.judge.results import Context, Distribution, Result, Review
    from xhht.model.areas import Areas


JSON_PLACES = 4


def _short(v: Any) -> Any:
    """A computed Decimal with more than 4 decimals (a roll-up, a ratio) rounded to 4."""
    if isinstance(v, Decimal) and v.as_tuple().exponent < -JSON_PLACES:
        return half_up(v, Decimal(1).scaleb(-JSON_PLACES))
    return v


def result_dict(r: Result, areas: Areas, lang: str = "vi", names: Names | None = None,
                nouns: Nouns | None = None) -> dict:
    d = {
        "indicator": r.indicator.id, "name": r.indicator.name, "area": r.area, "year": r.year,
        "scope": r.scope, "basis": r.basis, "target": r.target, "comparator": r.comparator, "actual": _short(r.actual),
        "as_of": r.as_of, "status": r.status, "gap": _short(r.gap), "ratio": r.ratio,
        "required_per_year": r.required_per_year,
        "later": {"year": r.later.year, "actual": _short(r.later.actual), "status": r.later.status}
        if r.later else None,
        "reason": fmt.explain(r, (names or Names(areas, lang)).namer(r.year), lang, nouns),
        "standing_from": r.standing_from,
        # extensions
        "unit": r.indicator.unit, "group": r.indicator.group, "kind": r.kind,
    }
    if r.kind in ("increase", "decrease"):
        d["baseline"] = r.baseline
        d["baseline_year"] = r.baseline_year
    if r.scope is not None:
        d["meeting"] = {"comparator": r.meeting.comparator, "value": r.meeting.value}
    if r.toward is not None:  # the unit's own figure against `meeting`, toward the plan's count or share
        d["toward"] = {"measure": r.toward[0], "value": r.toward[1]}
    elif r.scope is not None:
        d["units"] = r.units
        if r.counted:
            d["counted"] = {"year": r.counted_year, "areas": [{"area": c, "name": areas.name(c, r.counted_year)}
                                                              for c in r.counted]}
        d["short"] = [{"area": c, "name": areas.name(c, r.as_of)} for c in r.short]
        d["missing"] = [{"area": c, "name": areas.name(c, r.as_of)} for c in r.missing]
        if r.standing:
            d["standing"] = [{"area": c, "name": areas.name(c, r.as_of), "from": since} for c, since in r.standing]
        if r.derived:
            d["derived"] = [{"area": c, "name": areas.name(c, r.as_of)} for c in r.derived]
    if r.derived_by is not None:  # CONTRACT 13: a level derived by the standard's criteria (its own, or units')
        d["derived_by"] = r.derived_by.id
        if not r.derived:
            d["source"] = fmt.standing(r, lang)
    if r.numerator is not None and r.denominator is not None:
        d["numerator"], d["denominator"] = r.numerator, r.denominator
    if r.rolled_up:
        d["rolled_up"] = True
    if r.source and "source" not in d:
        d["source"] = r.source
    return d


def context_dict(c: Context) -> dict:
    d = {"indicator": c.indicator.id, "name": c.indicator.name, "area": c.area, "year": c.year,
         "actual": _short(c.actual), "unit": c.indicator.unit}
    if c.rolled_up:
        d["rolled_up"] = True
    if c.source:
        d["source"] = c.source
    return d


def distribution_dict(d: Distribution) -> dict:
    return {"indicator": d.indicator.id, "area": d.area, "year": d.year, "level": d.level,
            "counts": d.counts, "no_data": d.no_data}


def review_dict(review: Review, areas: Areas, lang: str = "vi") -> dict:
    p = review.plan
    names, nouns = Names(areas, lang), review_nouns(review, areas, lang)
    return {
        "plan": {"id": p.id, "title": p.title, "number": p.number, "issuer": p.issuer,
                 "kind": fmt.document_kind(p.number, p.kind),
                 "date": p.date.isoformat() if p.date else None, "period": {"start": p.start, "end": p.end}},
        "period": {"start": review.start, "end": review.end},
        "area": {"code": review.area, "name": area_name(review, areas)},
        "results": [result_dict(r, areas, lang, names, nouns) for r in review.results],
        "distributions": [distribution_dict(d) for d in review.distributions],
        "context": [context_dict(c) for c in review.context],
        "summary": review.summary,
        "errors_left_out": review.left_out,
    }


def to_json(obj: Any, indent: int = 0) -> str:
    """Deterministic JSON with Decimals written exactly (3, 0.15, 71.4), not through float. Text is
    written as `json.dumps(..., ensure_ascii=False)` writes it but with every invisible character
    escaped (base/safetext.json_string: text from the files reaches no terminal raw); whole numbers,
    null and booleans without json.dumps's cost per value (a scorecard of the nation has a quarter
    of a million)."""
    if isinstance(obj, str):
        return json_string(obj)
    if obj is None or obj is True or obj is False:
        return "null" if obj is None else "true" if obj else "false"
    if type(obj) is int:
        return str(obj)
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{inner}{json_string(str(k))}: {to_json(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list | tuple):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + to_json(v, indent + 1) for v in obj) + "\n" + pad + "]"
    if isinstance(obj, Decimal):
        return plain(obj)
    import json

    return json.dumps(obj, ensure_ascii=False)


def area_name(review: Review, areas: Areas, lang: str | None = None, names: Names | None = None) -> str:
    """The review's area as the plan means it (the unit of its date, in a repository with dates):
    its plain name, or with `lang` its name in running text ("huyện Mỹ Đức")."""
    return plan_area_name(review.plan, review.area, review.end, areas, lang, names)


def plan_area_name(plan, code: str, year: int, areas: Areas, lang: str | None = None,
                   names: Names | None = None) -> str:
    """`area_name` of the area `code` as `plan` means it, in `year`."""
    from xhht.judge.compare import area_meant

    meant = area_meant(plan, areas, code, year)
    if lang is None:
        return meant.name if meant else areas.name(code, year)
    names = names or Names(areas, lang)
    return names.of_unit(meant) if meant else names.of(code, year)
