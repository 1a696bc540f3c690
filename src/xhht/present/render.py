"""Rendering a Review: the registry of report formats (`Renderer`: Markdown, HTML, JSON) and the
view that the Jinja templates get.

Templates ship in the package (present/templates/); a repository's own `templates/` folder
overrides them by file name. The templates get plain view data (`view`, `build_view`), already
worded and formatted in the chosen language, plus the `review` itself for those who want more.
JSON is review_json.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from xhht.base.kinds import Status
from xhht.base.numbers import half_up
from xhht.base.units import unit_of
from xhht.present import fmt

# The CLI lists RENDERERS at start-up: what brings the records and the problem catalogue
# (area_names.py, review_json.py) is imported inside the functions that need it.
if TYPE_CHECKING:  # for annotations only
    from xhht.judge.results import Result, Review
    from xhht.model.areas import Areas
    from xhht.present.area_names import Names


# ---------------------------------------------------------------- view for templates


def result_view(r: Result, areas: Areas, lang: str, names: Names | None = None) -> dict:
    """One result, worded for a reader (the templates' `result`). `names`: the repository's unit
    names in running text (area_names.Names), made once per review."""
    from xhht.present.area_names import Names

    names = names or Names(areas, lang)
    w = fmt.WORDS[lang]
    unit = r.indicator.unit
    label = r.indicator.name
    if r.scope is not None:
        meeting = unit_of(unit).meeting(r.meeting.value, lang)
        if meeting is None:
            meeting = w["reaching"].format(target=fmt.target(r.meeting.value, r.meeting.comparator, unit, lang,
                                                             at_least=True))
        key = "count_of" if r.kind == "count" else "share_of"
        label += " — " + w[key].format(level=w["level_names"][r.scope], meeting=meeting)
    notes = []
    if r.rolled_up:
        notes.append(w["rolled_up"])
    if r.baseline is not None:
        notes.append(f"{w['baseline']} {r.baseline_year}: {fmt.value(r.baseline, unit, lang)}")
    if r.scope is not None and r.units and r.actual is not None and r.final:
        met = r.units - len(r.short) - len(r.missing)
        notes.append(w["units_met"].format(met=fmt.count(met, lang), units=fmt.count(r.units, lang),
                                           level=w["level_names"][r.scope]))
    if r.counted:
        notes.append(w["counted"].format(n=fmt.count(len(r.counted), lang), level=w["level_names"][r.scope],
                                         year=r.counted_year))
    reason = fmt.explain(r, names.namer(r.year), lang)
    if reason is None and r.required_per_year is not None:
        reason = fmt.required(r, lang)
    return {
        "indicator": r.indicator.id, "group": r.indicator.group, "name": r.indicator.name, "label": label,
        "year": r.year, "scope": r.scope, "status": r.status,
        "status_text": fmt.status(r.status, lang), "symbol": fmt.STATUS_SYMBOLS[r.status],
        "actual": fmt.value(r.actual, r.measure_unit, lang), "as_of": r.as_of,
        "actual_when": fmt.value(r.actual, r.measure_unit, lang) + (f" ({r.as_of})" if r.actual is not None
                                                                     and r.as_of != r.year else ""),
        "target": fmt.target(r.target, r.comparator, r.measure_unit, lang), "has_actual": r.actual is not None,
        "outcome": _outcome(r, lang),
        "gap": fmt.gap(r.gap, r.measure_unit, lang, r.comparator in ("<=", "<"))
        if r.kind not in ("increase", "decrease") else "",
        "gap_short": ("+" if r.gap > 0 else "") + fmt.number(r.gap, lang) if r.gap else "",
        "ratio": fmt.share_of_target(r, lang), "notes": notes, "reason": reason or "",
        "required": fmt.required(r, lang),
        "short": [names.of(c, r.as_of) for c in r.short],
        "missing": [names.of(c, r.as_of) for c in r.missing],
        "source": r.source,
        "chart": _chart_point(r),
    }


def _outcome(r: Result, lang: str) -> str:
    """"đạt 96% (chỉ tiêu 96%)"; "chỉ tiêu 70%; năm 2022 đạt 71,4%" when the figure is of another year."""
    w = fmt.WORDS[lang]
    target = f"{w['target']} {fmt.target(r.target, r.comparator, r.measure_unit, lang)}"
    if r.actual is None:
        return target
    actual = fmt.value(r.actual, r.measure_unit, lang)
    if r.as_of == r.year:
        return f"{w['achieved']} {actual} ({target})"
    return f"{target}; " + w["figure_of_year"].format(year=r.as_of, actual=actual)


def _chart_point(r: Result) -> dict | None:
    """Numbers for the bar chart, when the result and target are numbers on one scale."""
    if not (isinstance(r.target, Decimal) and isinstance(r.actual, Decimal)) \
            or not unit_of(r.measure_unit).numeric:
        return None
    top = unit_of(r.measure_unit).top or max(r.actual, r.target) or Decimal(1)
    return {"actual": float(r.actual / top * 100), "target": float(r.target / top * 100)}


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """A small trend chart in text: 1, 1, 3 -> '▃▃█' (scaled to the largest value)."""
    top = max(values) if values else 0
    return "".join(_BARS[0] if top == 0 else _BARS[int(v * (len(_BARS) - 1) / top + 0.5)] for v in values)


def build_view(review: Review, areas: Areas, lang: str) -> dict:
    """The review worded for the templates (docs/commands.md#your-own-templates lists the keys)."""
    from xhht.present.area_names import Names
    from xhht.present.review_json import area_name

    w = fmt.WORDS[lang]
    p = review.plan
    summary = review.summary
    names = Names(areas, lang)
    views = {id(r): result_view(r, areas, lang, names) for r in review.results}
    groups = []
    for g in p.groups:
        rows = [views[id(r)] for r in review.results if r.indicator.group == g.code]
        if rows:
            groups.append({"code": g.code, "title": g.title, "results": rows})
    dists = []
    for d in review.distributions:
        key = (d.indicator.id, d.level)
        if not dists or dists[-1]["key"] != key:
            unit = d.indicator.unit
            dists.append({"key": key, "name": d.indicator.name, "level": w["level_names"][d.level],
                          "labels": [fmt.capital(fmt.value(label, unit, lang)) for label in d.counts],
                          "years": []})
        dists[-1]["years"].append({"year": d.year, "counts": [d.counts[k] for k in d.counts],
                                   "no_data": d.no_data})
    for dist in dists:  # a trend needs a series: two years at least
        dist["trends"] = [{"label": label, "spark": sparkline([y["counts"][i] for y in dist["years"]]),
                           "series": " → ".join(str(y["counts"][i]) for y in dist["years"])}
                          for i, label in enumerate(dist["labels"])] if len(dist["years"]) > 1 else []
    final = review.end >= p.end
    kind = fmt.document_kind(p.number, p.kind)
    kind_text = kind if lang == "vi" else fmt.KIND_EN.get(kind, kind)
    context = [{"name": c.indicator.name, "year": c.year, "actual": fmt.value(c.actual, c.indicator.unit, lang),
                "notes": [w["rolled_up"]] if c.rolled_up else [], "source": c.source or ""}
               for c in review.context]
    return {
        "lang": lang, "w": w,
        "heading": w["review_final" if final else "review_mid"],
        "plan": {"id": p.id, "title": p.title, "number": p.number, "issuer": p.issuer,
                 "date": fmt.date(p.date, lang), "period": fmt.years(p.start, p.end), "kind": kind_text,
                 "doc_no": w["doc_no"].format(kind=kind_text)},
        "period": fmt.years(review.start, review.end),
        "area": area_name(review, areas, lang, names) if review.area else "",
        "sentences": fmt.overview(summary, lang), "summary": summary, "groups": groups,
        "legend": [{"status": k, "symbol": fmt.STATUS_SYMBOLS[k], "text": fmt.status(k, lang), "count": n}
                   for k, n in summary.items() if n],
        "marks": {k: f"{symbol} {fmt.status(k, lang)}" for k, symbol in fmt.STATUS_SYMBOLS.items()},
        "missed": [views[id(r)] for r in review.missed], "off_track": [views[id(r)] for r in review.off_track],
        "distributions": dists, "context": context,
        "left_out": w["left_out"].format(n=review.left_out) if review.left_out else "",
    }


def environment(repo_templates: Path | None, fmt_name: str = "html"):
    """Templates for `fmt_name`, sandboxed (xhht.present.sandbox): a repository's templates/ override the
    shipped ones by name. In Markdown every value printed is made safe by `safetext.for_markdown_line`; HTML
    autoescapes."""
    from jinja2 import StrictUndefined

    from xhht.base.safetext import for_markdown_line
    from xhht.present.sandbox import environment as sandboxed

    return sandboxed(repo_templates, autoescape=lambda name: bool(name and name.endswith(".html.j2")),
                     undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                     finalize=for_markdown_line if fmt_name == "md" else None)





# ---------------------------------------------------------------- the formats

class Renderer:
    """One output format of `xhht report`: a name (`--format NAME`), a line of help, and `render`.
    The default renders `template` (in present/templates/, or the repository's templates/) with the
    view `build_view` makes; a format without a template overrides `render`."""

    name: ClassVar[str]
    help: ClassVar[str]
    template: ClassVar[str | None] = None

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None) -> str:
        template = environment(repo_templates, self.name).get_template(self.template)
        return template.render(view=build_view(review, areas, lang), review=review)


RENDERERS: dict[str, Renderer] = {}  # name -> renderer, in the order `--help` lists them


def renderer(cls: type[Renderer]) -> type[Renderer]:
    """Registers a format: `@renderer class Csv(Renderer): name = "csv" ...` is all `report` needs."""
    RENDERERS[cls.name] = cls()
    return cls


@renderer
class Markdown(Renderer):
    name, help, template = "md", "Markdown", "report.md.j2"


@renderer
class Html(Renderer):
    name, help, template = "html", "HTML (one page, printable)", "report.html.j2"


@renderer
class Json(Renderer):
    name, help = "json", "JSON (docs/formats.md)"

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None) -> str:
        from xhht.present.review_json import review_dict, to_json

        return to_json(review_dict(review, areas, lang)) + "\n"


def render(review: Review, areas: Areas, fmt_name: str, lang: str, repo_templates: Path | None) -> str:
    """The review in format `fmt_name` (a key of RENDERERS)."""
    return RENDERERS[fmt_name].render(review, areas, lang, repo_templates)
