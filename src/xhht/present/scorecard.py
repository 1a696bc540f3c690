"""The scorecard (CONTRACT 12) for a reader: the view its templates get (`scorecard_view`), its JSON
(`scorecard_dict`), and the registry of its formats (`SCORECARD_FORMATS`: md, html, json, xlsx;
`xhht scorecard` lists it). The computation is judge/scorecard.py; the terminal table is
present/scorecard_table.py; the workbook present/scorecard_xlsx.py.

Light to import (the command line lists the formats at start-up): what brings the records, jinja2
or openpyxl is imported inside the functions that need it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from xhht.base.kinds import Status
from xhht.base.numbers import half_up
from xhht.present import fmt

if TYPE_CHECKING:  # for annotations only
    from xhht.judge.scorecard import Column, Scorecard
    from xhht.model.areas import Areas
    from xhht.present.area_names import Nouns

VERDICTS = (Status.EXCEEDED, Status.MET, Status.MISSED, Status.NO_DATA)  # what a cell may say, in the legend


def _nouns(card: Scorecard, areas: Areas, lang: str) -> Nouns:
    """How the card names its units by their kinds ("các xã, thị trấn"), and the plan's area."""
    from xhht.judge.compare import plan_day
    from xhht.present.area_names import Nouns

    return Nouns(areas, lang, card.plan.area, None, card.year, plan_day(card.plan))


def column_view(col: Column, n: int, level: str, nouns: Nouns, lang: str) -> dict:
    """A column in words: its number, the indicator, what a unit must reach, and on what basis."""
    from xhht.base.units import MEASURE_UNITS
    from xhht.present.render import basis_words, meeting_text

    w = fmt.WORDS[lang]
    a, ind = col.ask, col.ask.indicator
    label, c = ind.name, col.condition
    if col.share:  # a share of each unit's own units
        label += " — " + w["share_of"].format(level=w["level_names"][col.scope],
                                              meeting=meeting_text(ind.unit, c, lang))
        asked = fmt.target(col.target, ">=", MEASURE_UNITS[a.subunit.measure], lang, at_least=True)
        basis = w["basis"]["share_each"].format(units=nouns.peers(col.scope), unit=nouns.peers(level),
                                                whole=nouns.whole)
    else:
        asked = fmt.target(c.value if c.kind == "value" else c.kind, c.comparator, ind.unit, lang, at_least=True)
        toward = (a.subunit.measure, a.subunit.value) if a.own_level else None
        basis = basis_words(a.basis, lang, nouns, col.scope, toward,
                            meeting_text(ind.unit, c, lang) if toward else "")
    return {"n": n, "indicator": ind.id, "name": ind.name, "label": label, "asked": asked, "basis": a.basis,
            "basis_text": basis, "scope": col.scope, "year": a.year}


def cell_text(cell, unit: str, lang: str) -> str:
    """"▲ 98,98%", "● Mức độ 1 (2024)" (a figure standing by holds_for), "▲ Mức độ 2 (*)" (a level derived
    by a standard's criteria, no decision recorded), "○" (no figure)."""
    mark = fmt.STATUS_SYMBOLS[cell.status]
    if cell.actual is None:
        return mark
    year = f" ({cell.standing_from})" if cell.standing_from is not None else ""
    derived = fmt.DERIVED_MARK if cell.derived_by is not None else ""
    return f"{mark} {fmt.value(cell.actual, unit, lang)}{year}{derived}"


def derived_note(card: Scorecard, lang: str) -> str:
    """What "(*)" means, and how many units have a cell so marked; "" when none has."""
    derived = {}
    units = set()
    for r in card.rows:
        for c in r.cells:
            if c.derived_by is not None:
                derived.setdefault(c.derived_by.id, c.derived_by)
                units.add(r.area)
    if not units:
        return ""
    documents = ", ".join(fmt.standard_document(s, lang) for s in derived.values())
    return fmt.WORDS[lang]["scorecard"]["derived_note"].format(document=documents, n=fmt.count(len(units), lang))


def _unit_of(col: Column) -> str:
    from xhht.base.units import MEASURE_UNITS

    return MEASURE_UNITS["share"] if col.share else col.ask.indicator.unit


def ratio_text(row, lang: str) -> str:
    """achieved ÷ (achieved + missed) as a percent to one decimal, "—" when nothing is judged."""
    if row.ratio is None:
        return "—"
    return fmt.number(half_up(row.ratio * 100, Decimal("0.1")), lang) + "%"


def scorecard_view(card: Scorecard, areas: Areas, lang: str) -> dict:
    """What the templates and the terminal table show, worded in `lang`."""
    from xhht.present.area_names import Names

    names = Names(areas, lang)
    w, sw = fmt.WORDS[lang], fmt.WORDS[lang]["scorecard"]
    p, level, nouns = card.plan, card.level, _nouns(card, areas, lang)
    units_of_level = nouns.peers(level)
    columns = [column_view(c, i + 1, level, nouns, lang) for i, c in enumerate(card.columns)]
    units = [_unit_of(c) for c in card.columns]
    rows = [{"rank": r.rank, "area": r.area, "name": fmt.capital(names.of(r.area, card.year)),
             "achieved": r.achieved, "missed": r.missed, "no_data": r.no_data, "ratio": ratio_text(r, lang),
             "cells": [{"status": c.status, "symbol": fmt.STATUS_SYMBOLS[c.status], "text": cell_text(c, u, lang),
                        "standing_from": c.standing_from} for c, u in zip(r.cells, units)]}
            for r in card.rows]
    kind = fmt.document_kind(p.number, p.kind)
    kind_text = kind if lang == "vi" else fmt.KIND_EN.get(kind, kind)
    document = f"{w['doc_no'].format(kind=kind_text)} {p.number}" + (f" {w['dated']} {fmt.date(p.date, lang)}"
                                                                   if p.date else "") + f" {w['of']} {p.issuer}"
    from xhht.present.review_json import plan_area_name

    return {
        "lang": lang, "w": w, "sw": sw, "year": card.year, "level": level,
        "title": sw["title"].format(units=units_of_level, year=card.year),
        "document": document, "plan": {"id": p.id, "title": p.title},
        "units_line": sw["units_line"].format(n=len(rows), unit=units_of_level,
                                              area=plan_area_name(p, p.area or "", card.year, areas, lang, names),
                                              year=card.year),
        "columns": columns, "rows": rows,
        "no_columns": sw["no_columns"].format(year=card.year, unit=units_of_level) if not columns else "",
        "legend": [{"status": s, "symbol": fmt.STATUS_SYMBOLS[s], "text": fmt.status(s, lang)} for s in VERDICTS],
        "standing_note": sw["standing_note"] if any(c["standing_from"] for r in rows for c in r["cells"]) else "",
        "derived_note": derived_note(card, lang),
        "rank_rule": sw["rank_rule"],
    }


def scorecard_dict(card: Scorecard, areas: Areas, lang: str = "vi") -> dict:
    """CONTRACT 12's JSON: the columns (with `scope` and `meeting`, so two targets of one indicator
    are told apart) and the ranked rows, one cell per column in the columns' order."""
    from xhht.present.area_names import Names
    from xhht.present.review_json import _short

    names = Names(areas, lang)
    level, nouns = card.level, _nouns(card, areas, lang)
    columns = []
    for i, col in enumerate(card.columns):
        c, a = col.condition, col.ask
        view = column_view(col, i + 1, level, nouns, lang)
        columns.append({
            "indicator": a.indicator.id, "name": a.indicator.name, "scope": col.scope,
            "meeting": c.value if a.subunit is not None else None, "basis": a.basis, "target": col.target,
            # extensions: the comparator the cells are judged by (meeting's, the target's, >= for a share)
            "comparator": ">=" if col.share else c.comparator, "measure": a.subunit.measure if a.subunit else None,
            "unit": a.indicator.unit, "label": view["label"], "basis_text": view["basis_text"]})
    rows = []
    for r in card.rows:
        cells = []
        for col, cell in zip(card.columns, r.cells):
            d = {"indicator": col.ask.indicator.id, "actual": _short(cell.actual), "status": cell.status}
            if cell.standing_from is not None:
                d["standing_from"] = cell.standing_from
            if cell.derived_by is not None:  # an extension: the standard whose criteria gave the level
                d["derived_by"] = cell.derived_by.id
            cells.append(d)
        rows.append({"rank": r.rank, "area": r.area, "name": fmt.capital(names.of(r.area, card.year)),
                     "achieved": r.achieved, "missed": r.missed, "no_data": r.no_data, "cells": cells})
    return {"plan": card.plan.id, "year": card.year, "level": card.level, "columns": columns, "rows": rows}


# ---------------------------------------------------------------- the formats


class ScorecardFormat:
    """One output format of `xhht scorecard`: `--format NAME`, a line of help, and `render` (text, or
    bytes when `binary`). The default renders `template` like the review's templates (a repository's
    templates/ overrides it by file name)."""

    name: ClassVar[str]
    help: ClassVar[str]
    template: ClassVar[str | None] = None
    binary: ClassVar[bool] = False

    def render(self, card: Scorecard, areas: Areas, lang: str, repo_templates: Path | None) -> str | bytes:
        from xhht.present.render import environment

        template = environment(repo_templates, self.name).get_template(self.template)
        return template.render(view=scorecard_view(card, areas, lang), scorecard=card)


SCORECARD_FORMATS: dict[str, ScorecardFormat] = {}


def scorecard_format(cls: type[ScorecardFormat]) -> type[ScorecardFormat]:
    SCORECARD_FORMATS[cls.name] = cls()
    return cls


@scorecard_format
class MarkdownCard(ScorecardFormat):
    name, help, template = "md", "Markdown", "scorecard.md.j2"


@scorecard_format
class HtmlCard(ScorecardFormat):
    name, help, template = "html", "HTML", "scorecard.html.j2"


@scorecard_format
class JsonCard(ScorecardFormat):
    name, help = "json", "JSON"

    def render(self, card: Scorecard, areas: Areas, lang: str, repo_templates: Path | None) -> str:
        from xhht.present.review_json import to_json

        return to_json(scorecard_dict(card, areas, lang)) + "\n"


@scorecard_format
class XlsxCard(ScorecardFormat):
    name, help, binary = "xlsx", "Excel (.xlsx)", True

    def render(self, card: Scorecard, areas: Areas, lang: str, repo_templates: Path | None) -> bytes:
        from xhht.present.scorecard_xlsx import scorecard_xlsx

        return scorecard_xlsx(card, scorecard_view(card, areas, lang))

