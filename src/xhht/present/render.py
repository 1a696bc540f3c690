"""Rendering a Review: the registry of report formats (`Renderer`: Markdown, HTML, JSON) and the
view that the Jinja templates get.

Templates ship in the package (present/templates/); a repository's own `templates/` folder
overrides them by file name. The templates get plain view data (`view`, `build_view`), already
worded and formatted in the chosen language, plus the `review` itself for those who want more.
JSON is review_json.py.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
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
    from xhht.judge.scorecard import Scorecard
    from xhht.model.areas import Areas
    from xhht.model.records import Condition
    from xhht.model.report_text import ReportText
    from xhht.present.area_names import Names, Nouns


# ---------------------------------------------------------------- view for templates


def meeting_text(unit: str, meeting: Condition, lang: str) -> str:
    """What each unit must reach, in words: "đạt chuẩn", "đạt Khá trở lên"."""
    text = unit_of(unit).meeting(meeting.value, lang)
    if text is None:
        text = fmt.WORDS[lang]["reaching"].format(
            target=fmt.target(meeting.value, meeting.comparator, unit, lang, at_least=True))
    return text


def goal_text(measure: str, n: Decimal, units: str, meeting: str, lang: str) -> str:
    """A `subunits` target in words, as plans write it: "04 huyện đạt mức độ 3", "100% xã, thị trấn
    đạt chuẩn" (`units`: the units of its level by their kinds, area_names.Nouns.peers)."""
    w = fmt.WORDS[lang]
    count = f"{n:02}" if measure == "count" and lang == "vi" and n < 10 else fmt.number(n, lang)
    return w["goal_count" if measure == "count" else "goal_share"].format(n=count, unit=units, meeting=meeting)


def basis_words(basis: Basis, lang: str, nouns: Nouns, scope: str | None = None,
                toward: tuple[str, Decimal] | None = None, meeting: str = "") -> str:
    """What a unit is judged against, below the plan's area (CONTRACT 6): a `subunits` target of its
    own level (`toward`, `meeting` in words), a share of its units of level `scope`, or the area's own
    target; units named by their kinds (`nouns`: area_names.Nouns of the review)."""
    words = fmt.WORDS[lang]["basis"]
    if toward is not None:
        goal = goal_text(toward[0], toward[1], nouns.peers(scope), meeting, lang)
        return words["each_unit" if basis == Basis.EACH_UNIT else "toward"].format(unit=nouns.peers(scope), goal=goal)
    if scope is not None:
        return words["share_below"].format(units=nouns.below(scope), unit=nouns.unit, whole=nouns.whole)
    return words["area"].format(whole=nouns.whole)


def basis_text(r: Result, lang: str, nouns: Nouns | None) -> str:
    """CONTRACT 6: what a result of a review of another area judges the unit against ("so với chỉ tiêu
    chung của tỉnh", "góp vào chỉ tiêu 04 huyện đạt mức độ 3 trở lên"); '' in a review of the plan's
    own area (`nouns` None) and for a target that does not apply (its reason says why)."""
    if r.basis == Basis.OWN or r.status == Status.NOT_APPLICABLE or nouns is None:
        return ""
    meeting = meeting_text(r.indicator.unit, r.meeting, lang) if r.meeting is not None else ""
    return basis_words(r.basis, lang, nouns, r.scope, r.toward, meeting)


def result_view(r: Result, areas: Areas, lang: str, nouns: Nouns | None = None,
                names: Names | None = None) -> dict:
    """A result for the templates, worded in `lang`; `nouns` (area_names.Nouns: how the units are
    named by their kinds) in a review of another area; `names`: the repository's unit names in
    running text (area_names.Names), made once per review."""
    from xhht.present.area_names import Names

    names = names or Names(areas, lang)
    w = fmt.WORDS[lang]
    unit = r.indicator.unit
    label = r.indicator.name
    meeting = meeting_text(unit, r.meeting, lang) if r.scope is not None else ""
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
        notes.append(w["units_met"].format(met=fmt.count(met, lang), units=fmt.count(r.units, lang),
                                           level=w["level_names"][r.scope]))
    if r.counted:
        notes.append(w["counted"].format(n=fmt.count(len(r.counted), lang), level=w["level_names"][r.scope],
                                         year=r.counted_year))
    reason = fmt.explain(r, names.namer(r.year), lang, nouns)
    if reason is None and r.required_per_year is not None:
        reason = fmt.required(r, lang)
    return {
        "indicator": r.indicator.id, "group": r.indicator.group, "name": r.indicator.name, "label": label,
        "meeting": meeting,
        "year": r.year, "scope": r.scope, "status": r.status,
        "status_text": fmt.result_status(r, lang), "symbol": fmt.STATUS_SYMBOLS[r.status],
        "basis": r.basis, "basis_text": basis_text(r, lang, nouns),
        "actual": fmt.value(r.actual, r.measure_unit, lang), "as_of": r.as_of,
        "actual_when": _actual_when(r, lang), "standing_text": fmt.standing(r, lang),
        "target": fmt.target(r.target, r.comparator, r.measure_unit, lang, at_least=r.toward is not None),
        "has_actual": r.actual is not None,
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
    """The review worded for the templates (docs/commands.md#your-own-templates lists the keys)."""
    from xhht.judge.compare import other_area
    from xhht.present.area_names import Names, review_nouns
    from xhht.present.review_json import area_name

    w = fmt.WORDS[lang]
    p = review.plan
    summary = review.summary
    names = Names(areas, lang)
    levels = other_area(p, areas, review.area, review.end)
    nouns = review_nouns(review, areas, lang)
    whole = sum(1 for r in review.results if r.status == Status.NOT_APPLICABLE and r.cause.kind in fmt.WHOLE_AREA)
    # the targets that no longer apply (the reform's) and those that are the whole area's total, said apart
    sentences = fmt.overview({**summary, Status.NOT_APPLICABLE: summary[Status.NOT_APPLICABLE] - whole}, lang)
    if whole:
        sentences.append(w["overall_whole_area"].format(n=fmt.count(whole, lang), unit=nouns.peers(levels[0]),
                                                        whole_all=nouns.whole_all))
    words = {k: fmt.status(k, lang) for k in summary}
    if whole and whole == summary[Status.NOT_APPLICABLE]:  # none is the reform's "no longer"
        words[Status.NOT_APPLICABLE] = w["does_not_apply"]
    views = {id(r): result_view(r, areas, lang, nouns, names) for r in review.results}
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
        "sentences": sentences, "summary": summary, "groups": groups,
        "not_applicable": [views[id(r)] for r in review.results if r.status == Status.NOT_APPLICABLE],
        "legend": [{"status": k, "symbol": fmt.STATUS_SYMBOLS[k], "text": words[k], "count": n}
                   for k, n in summary.items() if n],
        "marks": {k: f"{symbol} {words[k]}" for k, symbol in fmt.STATUS_SYMBOLS.items()},
        "results": [views[id(r)] for r in review.results],
        "missed": [views[id(r)] for r in review.missed], "off_track": [views[id(r)] for r in review.off_track],
        "distributions": dists, "context": context,
        "left_out": w["left_out"].format(n=review.left_out) if review.left_out else "",
    }


def environment(repo_templates: Path | None, fmt_name: str = "html"):
    """Templates for `fmt_name`, sandboxed (xhht.present.sandbox): a repository's templates/ override the
    shipped ones by name. In Markdown every value printed is made safe by `safetext.for_markdown_line`,
    and the filters `md_runs` (a paragraph's runs with their emphasis) and `md_inline` (text that does
    not start a line) give Markdown already made safe; HTML autoescapes."""
    from jinja2 import StrictUndefined
    from markupsafe import Markup

    from xhht.base.safetext import for_markdown_inline, for_markdown_line
    from xhht.present.sandbox import environment as sandboxed

    def finalize(value: object) -> object:
        return value if isinstance(value, Markup) else for_markdown_line(value)

    env = sandboxed(repo_templates, autoescape=lambda name: bool(name and name.endswith(".html.j2")),
                    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                    finalize=finalize if fmt_name == "md" else None)
    if fmt_name == "md":
        env.filters["md_runs"] = md_runs
        env.filters["md_inline"] = lambda text: Markup(for_markdown_inline(text))
    return env


def md_runs(runs: list[dict], line_start: bool = True):
    """Runs ({"text", "bold", "italic"}) as Markdown: **bold**, *italic*, each text escaped (the
    first as the start of a line when `line_start`), the spaces around a run outside its markers
    (so that the emphasis holds)."""
    from markupsafe import Markup

    from xhht.base.safetext import for_markdown_inline, for_markdown_line

    out = []
    for i, r in enumerate(runs):
        text = " ".join(str(r["text"]).split(" "))
        core = text.strip()
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        esc = for_markdown_line(core) if i == 0 and line_start and not lead else for_markdown_inline(core)
        mark = "***" if r["bold"] and r["italic"] else "**" if r["bold"] else "*" if r["italic"] else ""
        out.append(f"{' ' if lead else ''}{mark}{esc}{mark}{' ' if trail else ''}" if core else " ")
    return Markup("".join(out))


# ---------------------------------------------------------------- the document for templates


def document_view(doc) -> dict:
    """An `OfficialDocument` (present/document.py) as plain data for a template, one to one: its
    heading, its blocks (paragraphs with their runs, placeholders, tables), the nơi nhận and the
    signer, its annexes, and the fixed wording of the heading."""
    from xhht.present.document import WORDING, Paragraph, Placeholder, date_line, recipient_lines

    def runs(cell) -> list[dict]:
        items = ((cell, False, False),) if isinstance(cell, str) else ((r.text, r.bold, r.italic) for r in cell)
        return [{"text": t, "bold": b, "italic": i} for t, b, i in items if t]

    def block(b) -> dict:
        if isinstance(b, Paragraph):
            return {"type": "paragraph", "kind": b.kind, "runs": runs(b.runs), "text": b.text}
        if isinstance(b, Placeholder):
            return {"type": "placeholder", "text": b.text}
        head = [[] for _ in b.header_rows]  # the header's cells as the writers merge them
        for r, c, r2, c2 in b.header_spans():
            head[r].append({"text": b.header_rows[r][c], "colspan": c2 - c + 1, "rowspan": r2 - r + 1})
        return {"type": "table", "key": b.key or "", "title": b.title or "", "header": [list(h) for h in b.header_rows],
                "head": head,
                "columns": [{"title": c.title, "align": c.align} for c in b.columns],
                "rows": [{"kind": r.kind, "cells": [runs(c) for c in r.cells]} for r in b.rows]}

    signer = doc.signer
    return {
        "parent_body": doc.parent_body or "", "body": doc.body, "number": doc.number, "place": doc.place,
        "date_line": re.sub(r" {2,}", " … ", date_line(doc)), "kind": doc.kind, "subject": doc.subject,
        "blocks": [block(b) for b in doc.blocks], "recipients": recipient_lines(doc.recipients),
        "signer": {"authority": signer.authority or "", "title": signer.title, "name": signer.name or ""}
        if signer else None,
        "annexes": [{"title": a.title, "subtitle": a.subtitle or "", "landscape": a.landscape,
                     "blocks": [block(b) for b in a.blocks]} for a in doc.annexes],
        "words": WORDING[doc.lang],
    }


def review_view(review: Review, areas: Areas, lang: str, extra: Extra | None = None) -> dict:
    """`build_view` with the review as a document (`document`, review_document.py, without
    placeholders: a part the officer has not written is left out) and the chart of the results
    table (`chart`: its bars numbered as the table's rows)."""
    from xhht.present.review_document import results_chart, review_document

    extra = extra or Extra()
    view = build_view(review, areas, lang)
    doc = review_document(review, areas, view, lang, extra.text, extra.settings, placeholders=False,
                          annex=extra.annex[1] if extra.annex else None)
    view["document"] = document_view(doc)
    view["chart"] = results_chart(review, view)
    return view


# ---------------------------------------------------------------- the formats

@dataclass(frozen=True)
class Extra:
    """What a review may take besides the figures: the officer's report text file
    (load/report_text.py), the `[report]` table of xhht.toml, the bytes of the repository's
    `templates/report.docx` (styles for -f docx and pdf), and the scorecard of its phụ lục
    (`judge.scorecard.annex_card`) with its words (`present.scorecard.scorecard_view`)."""

    text: ReportText | None = None
    settings: dict = field(default_factory=dict)
    style: bytes | None = None
    annex: tuple[Scorecard, dict] | None = None


class Renderer:
    """One output format of `xhht report`: a name (`--format NAME`), a line of help, and `render`.
    The default renders `template` (in present/templates/, or the repository's templates/) with the
    view `review_view` makes; a format without a template overrides `render`. A `binary` format
    gives bytes and `needs` a package (an extra of xhht) that the command line checks first."""

    name: ClassVar[str]
    help: ClassVar[str]
    template: ClassVar[str | None] = None
    binary: ClassVar[bool] = False
    needs: ClassVar[str | None] = None  # the module a format needs: docx, openpyxl

    def missing(self) -> str | None:
        """The package this format needs and cannot import (not installed, or installed broken),
        else None."""
        if self.needs is None:
            return None
        try:
            importlib.import_module(self.needs)
        except ImportError:
            return PACKAGES.get(self.needs, self.needs)
        return None

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None,
               extra: Extra | None = None) -> str | bytes:
        template = environment(repo_templates, self.name).get_template(self.template)
        return template.render(view=review_view(review, areas, lang, extra), review=review)  # no control character: sandbox.py


PACKAGES = {"docx": "python-docx", "openpyxl": "openpyxl"}  # a module -> the package that gives it
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

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None,
               extra: Extra | None = None) -> str:
        from xhht.present.review_json import review_dict, to_json

        return to_json(review_dict(review, areas, lang)) + "\n"


@renderer
class Docx(Renderer):
    name, help, binary, needs = "docx", "Word (.docx, Nghị định 30/2020/NĐ-CP)", True, "docx"

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None,
               extra: Extra | None = None) -> bytes:
        from xhht.present.docx_writer import write_docx
        from xhht.present.review_document import review_document

        extra = extra or Extra()
        doc = review_document(review, areas, build_view(review, areas, lang), lang, extra.text, extra.settings,
                              annex=extra.annex[1] if extra.annex else None)
        return write_docx(doc, extra.style)


@renderer
class Xlsx(Renderer):
    name, help, binary, needs = "xlsx", "Excel (.xlsx)", True, "openpyxl"

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None,
               extra: Extra | None = None) -> bytes:
        from xhht.present.review_xlsx import write_xlsx

        return write_xlsx(review, build_view(review, areas, lang), lang, extra.annex if extra else None)


@renderer
class Pdf(Renderer):
    name, help, binary, needs = "pdf", "PDF (the .docx through LibreOffice)", True, "docx"

    def render(self, review: Review, areas: Areas, lang: str, repo_templates: Path | None,
               extra: Extra | None = None) -> bytes:
        from xhht.present.office import docx_to_pdf

        return docx_to_pdf(RENDERERS["docx"].render(review, areas, lang, repo_templates, extra))


def render(review: Review, areas: Areas, fmt_name: str, lang: str, repo_templates: Path | None,
           extra: Extra | None = None) -> str | bytes:
    """The review in format `fmt_name` (a key of RENDERERS). `extra` is passed to the formats that
    take it (a renderer may keep the four arguments: `render(review, areas, lang, repo_templates)`)."""
    renderer = RENDERERS[fmt_name]
    if extra is None:
        return renderer.render(review, areas, lang, repo_templates)
    return renderer.render(review, areas, lang, repo_templates, extra)
