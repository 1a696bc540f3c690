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

from xhht.base.kinds import Basis, Status
from xhht.base.numbers import half_up
from xhht.base.units import unit_of
from xhht.present import fmt

# The CLI lists RENDERERS at start-up: what brings the records and the problem catalogue
# (area_names.py, review_json.py) is imported inside the functions that need it.
if TYPE_CHECKING:  # for annotations only
    from xhht.judge.results import Result, Review
    from xhht.model.areas import Areas
    from xhht.model.records import Condition


# ---------------------------------------------------------------- view for templates


def meeting_text(unit: str, meeting: Condition, lang: str) -> str:
    """What each unit must reach, in words: "đạt chuẩn", "đạt Khá trở lên"."""
    text = unit_of(unit).meeting(meeting.value, lang)
    if text is None:
        text = fmt.WORDS[lang]["reaching"].format(
            target=fmt.target(meeting.value, meeting.comparator, unit, lang, at_least=True))
    return text


def goal_text(measure: str, n: Decimal, level: str, meeting: str, lang: str) -> str:
    """A `subunits` target in words, as plans write it: "04 huyện đạt mức độ 3", "100% xã đạt chuẩn"."""
    w = fmt.WORDS[lang]
    count = f"{n:02}" if measure == "count" and lang == "vi" and n < 10 else fmt.number(n, lang)
    return w["goal_count" if measure == "count" else "goal_share"].format(n=count, unit=w["level_nouns"][level],
                                                                           meeting=meeting)


def basis_words(basis: Basis, lang: str, levels: tuple[str, str], scope: str | None = None,
                toward: tuple[str, Decimal] | None = None, meeting: str = "") -> str:
    """What a unit of `levels[0]` is judged against, below a plan's area of `levels[1]` (CONTRACT 6):
    a `subunits` target of its own level (`toward`, `meeting` in words), a share of its units of level
    `scope`, or the area's own target."""
    w = fmt.WORDS[lang]
    nouns, words = w["level_nouns"], w["basis"]
    if toward is not None:
        goal = goal_text(toward[0], toward[1], scope, meeting, lang)
        return words["each_unit" if basis == Basis.EACH_UNIT else "toward"].format(unit=nouns[scope], goal=goal)
    whole = w["whole_of"][levels[1]]
    if scope is not None:
        return words["share_below"].format(units=nouns[scope], unit=nouns[levels[0]], whole=whole)
    return words["area"].format(whole=whole)


def basis_text(r: Result, lang: str, levels: tuple[str, str] | None) -> str:
    """CONTRACT 6: what a result of a review of another area judges the unit against ("so với chỉ tiêu
    chung của tỉnh", "góp vào chỉ tiêu 04 huyện đạt mức độ 3 trở lên"); '' in a review of the plan's
    own area and for a target that does not apply (its reason says why). `levels`: the unit's and the
    plan's area's (compare.other_area)."""
    if r.basis == Basis.OWN or r.status == Status.NOT_APPLICABLE or levels is None:
        return ""
    meeting = meeting_text(r.indicator.unit, r.meeting, lang) if r.meeting is not None else ""
    return basis_words(r.basis, lang, levels, r.scope, r.toward, meeting)


def result_view(r: Result, areas: Areas, lang: str, levels: tuple[str, str] | None = None) -> dict:
    """A result for the templates, worded in `lang`; `levels` (the unit's and the plan's area's) in a
    review of another area."""
    from xhht.present import area_names

    w = fmt.WORDS[lang]
    unit = r.indicator.unit
    label = r.indicator.name
    if r.scope is not None and r.toward is None:
        key = "count_of" if r.kind == "count" else "share_of"
        label += " — " + w[key].format(level=w["level_names"][r.scope], meeting=meeting_text(unit, r.meeting, lang))
    notes = []
    if r.rolled_up:
        notes.append(w["rolled_up"])
    if r.baseline is not None:
        notes.append(f"{w['baseline']} {r.baseline_year}: {fmt.value(r.baseline, unit, lang)}")
    if r.scope is not None and r.units and r.actual is not None and r.final:
        met = r.units - len(r.short) - len(r.missing)
        notes.append(f"{met}/{r.units}")
    if r.counted:
        names = ", ".join(area_names.label(areas, c, r.counted_year, lang, members=False)
                          for c in r.counted[:fmt.MAX_NAMED])
        more = f", … (+{len(r.counted) - fmt.MAX_NAMED})" if len(r.counted) > fmt.MAX_NAMED else ""
        notes.append(w["counted"].format(n=len(r.counted), level=w["level_names"][r.scope], year=r.counted_year)
                     + f": {names}{more}")
    reason = fmt.explain(r, area_names.namer(areas, r.year, lang), lang)
    if reason is None and r.required_per_year is not None:
        reason = fmt.required(r, lang)
    ratio = w["of_target"].format(pct=fmt.number(half_up(r.ratio * 100, Decimal("0.1")), lang) + "%") \
        if r.ratio is not None and r.status == Status.MISSED else ""
    return {
        "indicator": r.indicator.id, "group": r.indicator.group, "name": r.indicator.name, "label": label,
        "year": r.year, "scope": r.scope, "status": r.status,
        "status_text": fmt.result_status(r, lang), "symbol": fmt.STATUS_SYMBOLS[r.status],
        "basis": r.basis, "basis_text": basis_text(r, lang, levels),
        "actual": fmt.value(r.actual, r.measure_unit, lang), "as_of": r.as_of,
        "actual_when": _actual_when(r, lang), "standing_text": fmt.standing(r, lang),
        "target": fmt.target(r.target, r.comparator, r.measure_unit, lang, at_least=r.toward is not None),
        "has_actual": r.actual is not None,
        "outcome": _outcome(r, lang),
        "gap": fmt.gap(r.gap, r.measure_unit, lang, r.comparator in ("<=", "<"))
        if r.kind not in ("increase", "decrease") else "",
        "gap_short": ("+" if r.gap > 0 else "") + fmt.number(r.gap, lang) if r.gap else "",
        "ratio": ratio, "notes": notes, "reason": reason or "",
        "required": fmt.required(r, lang),
        "short": [area_names.label(areas, c, r.as_of, lang, members=False) for c in r.short],
        "missing": [area_names.label(areas, c, r.as_of, lang, members=False) for c in r.missing],
        "source": r.source,
        "chart": _chart_point(r),
    }


def _actual_when(r: Result, lang: str) -> str:
    """"71,4%", or "71,4% (2022)" when the figure is of another year than the target's (an earlier
    year's, or one standing for it by holds_for)."""
    text = fmt.value(r.actual, r.measure_unit, lang)
    year = r.standing_from or r.as_of
    return text + (f" ({year})" if r.actual is not None and year != r.year else "")


def _outcome(r: Result, lang: str) -> str:
    """"đạt 96% (chỉ tiêu 96%)"; "chỉ tiêu 70%; năm 2022 đạt 71,4%" when the figure is of another year."""
    w = fmt.WORDS[lang]
    target = f"{w['target']} {fmt.target(r.target, r.comparator, r.measure_unit, lang)}"
    if r.actual is None:
        return target
    actual = fmt.value(r.actual, r.measure_unit, lang)
    if r.as_of == r.year:  # "đạt 96%"; a label or yes-no as it reads: "Khá", "đạt chuẩn"
        return f"{w['achieved']} {actual} ({target})" if unit_of(r.measure_unit).numeric else f"{actual} ({target})"
    key = "figure_of_year" if unit_of(r.measure_unit).numeric else "label_of_year"
    return f"{target}; " + w[key].format(year=r.standing_from or r.as_of, actual=actual)


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
    from xhht.judge.compare import other_area
    from xhht.present.review_json import area_name

    w = fmt.WORDS[lang]
    p = review.plan
    summary = review.summary
    due = sum(summary[s] for s in (Status.EXCEEDED, Status.MET, Status.MISSED, Status.NO_DATA))
    ok = summary[Status.EXCEEDED] + summary[Status.MET]
    sentences = []
    if due:
        s = w["overall"].format(ok=ok, due=due, exceeded=summary[Status.EXCEEDED], met=summary[Status.MET])
        extra = []
        if summary[Status.MISSED]:
            extra.append(w["overall_missed"].format(n=summary[Status.MISSED]))
        if summary[Status.NO_DATA]:
            extra.append(w["overall_no_data"].format(n=summary[Status.NO_DATA]))
        sentences.append(s + ("; " + ", ".join(extra) if extra else "") + ".")
    else:
        sentences.append(w["none_due"])
    levels = other_area(p, areas, review.area, review.end)
    whole = sum(1 for r in review.results if r.status == Status.NOT_APPLICABLE and r.cause.kind in fmt.WHOLE_AREA)
    if summary[Status.NOT_APPLICABLE] - whole:
        sentences.append(w["overall_not_applicable"].format(n=summary[Status.NOT_APPLICABLE] - whole))
    if whole:
        sentences.append(w["overall_whole_area"].format(n=whole, whole_all=w["whole_all"][levels[1]],
                                                        unit=w["level_nouns"][levels[0]]))
    words = {k: fmt.status(k, lang) for k in summary}
    if whole and whole == summary[Status.NOT_APPLICABLE]:  # none is the reform's "no longer"
        words[Status.NOT_APPLICABLE] = w["does_not_apply"]
    future = summary[Status.ON_TRACK] + summary[Status.OFF_TRACK] + summary[Status.NOT_DUE]
    if future:
        sentences.append(w["overall_future"].format(on=summary[Status.ON_TRACK], off=summary[Status.OFF_TRACK],
                                                    nd=summary[Status.NOT_DUE]) + ".")
    views = {id(r): result_view(r, areas, lang, levels) for r in review.results}
    judged = [r for r in review.results if r.status != Status.NOT_APPLICABLE]
    groups = []
    for g in p.groups:
        rows = [views[id(r)] for r in judged if r.indicator.group == g.code]
        if rows:
            groups.append({"code": g.code, "title": g.title, "results": rows})
    dists = []
    for d in review.distributions:
        key = (d.indicator.id, d.level)
        if not dists or dists[-1]["key"] != key:
            dists.append({"key": key, "name": d.indicator.name, "level": w["level_names"][d.level],
                          "labels": list(d.counts), "years": []})
        dists[-1]["years"].append({"year": d.year, "counts": [d.counts[k] for k in d.counts],
                                   "no_data": d.no_data})
    for dist in dists:
        dist["trends"] = [{"label": label, "spark": sparkline([y["counts"][i] for y in dist["years"]]),
                           "series": " → ".join(str(y["counts"][i]) for y in dist["years"])}
                          for i, label in enumerate(dist["labels"])]
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
                 "date": fmt.date(p.date, lang), "period": f"{p.start}–{p.end}", "kind": kind_text,
                 "doc_no": w["doc_no"].format(kind=kind_text)},
        "period": f"{review.start}–{review.end}" if review.start != review.end else str(review.start),
        "area": area_name(review, areas, lang) if review.area else "",
        "sentences": sentences, "summary": summary, "groups": groups,
        "not_applicable": [views[id(r)] for r in review.results if r.status == Status.NOT_APPLICABLE],
        "legend": [{"status": k, "symbol": fmt.STATUS_SYMBOLS[k], "text": words[k], "count": n}
                   for k, n in summary.items() if n],
        "marks": {k: f"{symbol} {words[k]}" for k, symbol in fmt.STATUS_SYMBOLS.items()},
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
        from xhht.base.safetext import for_terminal

        template = environment(repo_templates, self.name).get_template(self.template)
        # a repository's template can make any character (`{{ "\x1b]0;…\x07" }}`): none that a
        # terminal or a CI log acts on reaches the output
        return for_terminal(template.render(view=build_view(review, areas, lang), review=review))


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
