"""`xhht standards` and `xhht evaluate` for a reader (docs/standards.md): the list of the standards
xhht knows, and an evaluation (judge/standards.py) as a view for the templates (evaluate.md.j2,
evaluate.html.j2), as JSON (CONTRACT 13's shape, with extensions) and as an Excel workbook.

Every word is chosen here, in Vietnamese or English; names of units in a table are as areas.csv
writes them. Text from files is data: the templates escape it (Markdown, HTML), openpyxl writes it as
text (never a formula).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from xhht.base.zipfiles import fixed_zip, print_one_page_wide
from xhht.present import fmt
from xhht.present.cells import put

if TYPE_CHECKING:
    from xhht.judge.standards import Evaluation, Measured, UnitResult
    from xhht.model.areas import Areas
    from xhht.model.standards import Bar, Standard

WORDS = {
    "vi": {
        "title": "{title}: kết quả năm {year}",
        "basis": "Căn cứ {kind} số {number}{dated} của {issuer}{from_}.",
        "dated": " ngày {date}", "from": " (có hiệu lực từ ngày {date})",
        "year_note": "Năm đánh giá {year}: số liệu tính từ ngày 01/01 đến ngày 31/12/{year}.",
        "area": "Địa bàn", "all_units": "Tất cả các đơn vị cấp {level} trong kho",
        "not_in_force": "{kind} số {number} có hiệu lực từ ngày {date}: năm {year} chưa áp dụng chuẩn này.",
        "level_gone": "Năm {year} không còn đơn vị cấp {level} nào (sau sắp xếp đơn vị hành chính): không có đơn "
                      "vị nào để đánh giá theo chuẩn này.",
        "no_level": "Danh mục đơn vị hành chính của kho không có đơn vị cấp {level} nào: không có đơn vị nào để "
                    "đánh giá theo chuẩn này.",
        "no_units": "Không có đơn vị cấp {level} nào thuộc {area} năm {year}.",
        "summary": "Tổng hợp", "units": "Số đơn vị", "result": "Kết quả", "code": "Mã", "unit": "Đơn vị",
        "notes": "Ghi chú", "missing": "Còn thiếu số liệu", "figure": "Số liệu", "criteria": "Tiêu chí, chỉ tiêu",
        "undetermined": "Chưa xác định", "criterion": "Tiêu chí {code}",
        "met": "đạt", "not_met": "không đạt", "unknown": "chưa xác định", "no_figure": "thiếu số liệu",
        "not_applicable": "không áp dụng", "yes": "đạt", "no": "không đạt",
        "recorded": "theo quyết định công nhận", "derived": "theo số liệu các chỉ tiêu",
        "recorded_differs": "theo quyết định công nhận; số liệu các chỉ tiêu cho kết quả {derived}",
        "not_assessed": "chưa có số liệu tự đánh giá năm {year}",
        "standing": "công nhận {level} năm {since}, còn hiệu lực (bảo lưu kết quả công nhận)",
        "standing_derived": "đạt {level} năm {since} theo số liệu các chỉ tiêu (chưa có quyết định công nhận), còn "
                            "hiệu lực",
        "at_least": "chưa xác định được, đạt ít nhất {level}", "why_not": "chưa đạt {level} ở tiêu chí {codes}",
        "all_met": "đạt tất cả các tiêu chí của {level}",
        "none_met": "chưa đạt {level} ở tiêu chí {codes}",
        "missing_n": "còn thiếu số liệu của {n} chỉ tiêu ở tiêu chí {codes}",
        "previous": "năm {year}: {value}", "previous_missing": "chưa có số liệu năm {year}",
        "tag": "ngưỡng riêng của {tag}",
        "share": "{yes}/{n} {level} đạt {meeting} ({pct})",
        "share_bar": "{share} số {level} đạt {meeting}",
        "without": "{n} {level} chưa có kết quả: {names}",
        "level_gone_reason": "năm {year} không còn đơn vị cấp {level} nào; văn bản không quy định trường hợp này",
        "no_lower": "không có đơn vị cấp {level} nào trực thuộc",
        "list_title": "Các chuẩn xhht biết", "id": "Mã chuẩn", "document": "Văn bản", "level": "Cấp",
        "criteria_n": "Tiêu chí", "indicators_n": "Chỉ tiêu", "levels": "Mức", "file": "Nguồn",
        "shipped": "có sẵn trong xhht", "in_force": "hiệu lực từ",
        "holds": "kết quả công nhận được bảo lưu {n} năm (holds_for: {n})",
        "generated": "Lập bằng xhht từ số liệu trong kho.",
        "levels_names": fmt.NOUNS["vi"],
    },
    "en": {
        "title": "{title}: results for {year}",
        "basis": "Under {kind} No. {number}{dated} by {issuer}{from_}.",
        "dated": " of {date}", "from": " (in force from {date})",
        "year_note": "Year evaluated: {year} (figures of 1 January to 31 December {year}).",
        "area": "Area", "all_units": "Every {level} unit in the repository",
        "not_in_force": "{kind} No. {number} is in force from {date}: the standard does not apply to {year}.",
        "level_gone": "In {year} there is no {level} unit any more (after the administrative reorganisation): no "
                      "unit to evaluate by this standard.",
        "no_level": "The repository's list of units has no {level} unit: no unit to evaluate by this standard.",
        "no_units": "There is no {level} unit in {area} in {year}.",
        "summary": "Summary", "units": "Units", "result": "Result", "code": "Code", "unit": "Unit",
        "notes": "Notes", "missing": "Figures missing", "figure": "Figure", "criteria": "Criteria and indicators",
        "undetermined": "Undetermined", "criterion": "Criterion {code}",
        "met": "met", "not_met": "not met", "unknown": "undetermined", "no_figure": "no figure",
        "not_applicable": "does not apply", "yes": "met", "no": "not met",
        "recorded": "as recorded (the decision)", "derived": "from the indicators' figures",
        "recorded_differs": "as recorded (the decision); the indicators' figures give {derived}",
        "not_assessed": "no self-assessment figures for {year}",
        "standing": "recognised at {level} in {since}, still valid (a recognition stands)",
        "standing_derived": "{level} in {since} by its indicators' figures (no decision recorded), still valid",
        "at_least": "undetermined, at least {level}", "why_not": "{level} not reached in criteria {codes}",
        "all_met": "every criterion of {level} met",
        "none_met": "{level} not reached in criteria {codes}",
        "missing_n": "no figure for {n} indicator(s) in criteria {codes}",
        "previous": "{year}: {value}", "previous_missing": "no figure for {year}",
        "tag": "own threshold for {tag}",
        "share": "{yes}/{n} {level} units at {meeting} ({pct})",
        "share_bar": "{share} of {level} units at {meeting}",
        "without": "{n} {level} unit(s) without a result: {names}",
        "level_gone_reason": "there is no {level} unit in {year}; the text gives no rule for this",
        "no_lower": "no {level} unit below it",
        "list_title": "The standards xhht knows", "id": "Standard", "document": "Document", "level": "Level",
        "criteria_n": "Criteria", "indicators_n": "Indicators", "levels": "Levels", "file": "Source",
        "shipped": "shipped with xhht", "in_force": "in force from",
        "holds": "a recognition stands {n} years (holds_for: {n})",
        "generated": "Made with xhht from the figures in the repository.",
        "levels_names": fmt.NOUNS["en"],
    },
}


# ---------------------------------------------------------------- xhht standards


def listing(standards: dict[str, Standard], files: dict[str, str], lang: str) -> list[dict]:
    """One row per standard: id, title, document, level, counts, where it comes from."""
    w = WORDS[lang]
    rows = []
    for s in standards.values():
        rows.append({
            "id": s.id, "title": s.title, "document": s.number, "issuer": s.issuer,
            "level": s.level, "level_name": w["levels_names"][s.level],
            "valid_from": s.valid_from.isoformat() if s.valid_from else None,
            "valid_from_text": fmt.date(s.valid_from, lang) if s.valid_from else "",
            "criteria": len(s.criteria), "indicators": len(s.requirements),
            "result": s.result.id, "levels": list(s.levels), "holds_for": s.holds_for,
            "shipped": s.shipped, "file": None if s.shipped else files.get(s.id),
            "from": w["shipped"] if s.shipped else files.get(s.id, ""),
        })
    return rows


# ---------------------------------------------------------------- xhht evaluate: the words

_SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


def _met(v: bool | None, m: Measured | None, lang: str) -> str:
    w = WORDS[lang]
    if v is True:
        return w["met"]
    if v is False:
        return w["not_met"]
    if m is not None and m.cause is not None:
        return w["not_applicable"]
    if m is not None and (m.missing and m.share is None or m.missing_previous):
        return w["no_figure"]
    return w["unknown"]


def value_text(v: Decimal | str | None, unit: str, lang: str) -> str:
    """A chỉ tiêu's figure: 55%, Mức độ 3, đạt / không đạt (the council's judgement), 45,2."""
    if v is None:
        return "—"
    if unit == "yes-no":
        return WORDS[lang]["yes" if v == "yes" else "no"]
    return fmt.value(v, unit, lang)


def bar_text(bar: Bar, m: Measured, lang: str) -> str:
    """What a bar asks: "60% trở lên", "Mức độ 2 trở lên", "tăng so với năm trước", "đạt"."""
    cond = bar.condition
    unit = m.indicator.unit
    if cond.kind != "value":
        return fmt.WORDS[lang][cond.kind]
    if bar.meeting is not None:
        w = WORDS[lang]
        meeting = fmt.target(bar.meeting.value, bar.meeting.comparator, m.meeting_unit, lang, at_least=True)
        share = f"{_SYMBOLS.get(cond.comparator, cond.comparator)} {fmt.value(cond.value, 'percent', lang)}"
        return w["share_bar"].format(share=share, level=w["levels_names"][m.requirement.source_level],
                                     meeting=meeting)
    if unit == "yes-no":
        return ""  # the council's đạt / không đạt: the verdict says it all
    return fmt.target(cond.value, cond.comparator, unit, lang, at_least=True)


def _figure(m: Measured, year: int, areas: Areas, lang: str) -> str:
    """The figure column of one chỉ tiêu."""
    w = WORDS[lang]
    ind = m.indicator
    if m.cause is not None:
        return w["level_gone_reason"].format(year=m.cause.year, level=w["levels_names"][m.cause.level])
    if m.share is not None:
        level = w["levels_names"][m.share.level]
        if not m.share.units:
            return w["no_lower"].format(level=level)
        parts = []
        for lv, bar in m.bars.items():
            meeting = fmt.target(bar.meeting.value, bar.meeting.comparator, m.meeting_unit, lang, at_least=True)
            parts.append(w["share"].format(yes=m.meeting[lv], n=m.share.units, level=level, meeting=meeting,
                                           pct=fmt.value(m.shares[lv], "percent", lang)))
        text = "; ".join(dict.fromkeys(parts))
        if m.share.without:
            names = ", ".join(areas.name(a, year) for a in m.share.without[:fmt.MAX_NAMED])
            more = ", …" if len(m.share.without) > fmt.MAX_NAMED else ""
            text += "; " + w["without"].format(n=len(m.share.without), level=level, names=names + more)
        return text
    text = value_text(m.actual, ind.unit, lang)
    if any(b.condition.kind != "value" for b in m.bars.values()):
        prev = (w["previous_missing"] if m.missing_previous else w["previous"]).format(
            year=year - 1, value=value_text(m.previous, ind.unit, lang))
        text += f" ({prev})"
    if m.tag:
        text += f" — {w['tag'].format(tag=m.tag_words or m.tag)}"
    return text


def result_text(u: UnitResult, lang: str) -> str:
    """The result as a reader sees it: the level, or "Chưa xác định"."""
    return u.result if u.result is not None else WORDS[lang]["undetermined"]


def why(u: UnitResult, areas: Areas, lang: str) -> str:
    """One sentence: on what the result rests, and why not the next level."""
    w = WORDS[lang]
    s = u.standard
    parts = []
    if u.stands:
        key = "standing_derived" if u.standing_derived else "standing"
        parts.append(w[key].format(level=u.standing, since=u.standing_from))
    if u.recorded is not None:
        parts.append(w["recorded_differs"].format(derived=u.derived) if u.derived not in (None, u.recorded)
                     else w["recorded"])
    if u.cause is not None:
        parts.append(w["level_gone_reason"].format(year=u.cause.year, level=w["levels_names"][u.cause.level]))
    elif not u.assessed:
        parts.append(w["not_assessed"].format(year=u.year))
    else:
        if u.derived is None:
            parts.append(w["undetermined"].lower() if u.at_least is None
                         else w["at_least"].format(level=u.at_least))
        elif u.recorded is None:
            parts.append(w["derived"])
        if u.derived is not None:
            next_up = s.levels.index(u.derived) + 1
            above = s.levels[next_up] if next_up < len(s.levels) else None
        else:  # undetermined: the lowest level that is already out of reach, if one is
            above = next((lv for lv in s.ranks if u.failing(lv)), None)
        if above is not None and u.failing(above):
            parts.append(w["why_not"].format(level=above, codes=", ".join(u.failing(above))))
        if u.missing:  # by criterion, as "chưa đạt … ở tiêu chí 4, 5" says (the table below names each chỉ tiêu)
            codes = [c.criterion.code for c in u.criteria if any(m.indicator.id in u.missing for m in c.indicators)]
            parts.append(w["missing_n"].format(n=len(u.missing), codes=", ".join(codes)))
    return "; ".join(parts)


# ---------------------------------------------------------------- the view


def evaluation_view(ev: Evaluation, areas: Areas, lang: str) -> dict:
    """Everything the templates show, worded (evaluate.md.j2, evaluate.html.j2)."""
    w = WORDS[lang]
    s = ev.standard
    level = w["levels_names"][s.level]
    kind = fmt.document_kind(s.number, s.kind)
    kind = kind if lang == "vi" else fmt.KIND_EN.get(kind, kind)
    view: dict = {
        "lang": lang, "w": w, "id": s.id, "year": ev.year, "ranks": list(s.ranks),
        "heading": w["title"].format(title=s.title, year=ev.year),
        "basis": w["basis"].format(kind=kind, number=s.number, issuer=s.issuer,
                                   dated=w["dated"].format(date=fmt.date(s.date, lang)) if s.date else "",
                                   from_=w["from"].format(date=fmt.date(s.valid_from, lang)) if s.valid_from else ""),
        "year_note": w["year_note"].format(year=ev.year),
        "area": f"{areas.name(ev.area, ev.year)} ({ev.area})" if ev.area else w["all_units"].format(level=level),
        "note": "", "summary": [], "units": [],
    }
    if not ev.in_force:
        view["note"] = w["not_in_force"].format(kind=kind, number=s.number, date=fmt.date(s.valid_from, lang),
                                                year=ev.year)
        return view
    if ev.level_gone or ev.no_level:
        view["note"] = w["level_gone" if ev.level_gone else "no_level"].format(year=ev.year, level=level)
        if not ev.area:
            view["area"] = ""  # not "every xã unit" above "there is no xã unit"
        return view
    if not ev.units:
        view["note"] = w["no_units"].format(level=level, area=view["area"], year=ev.year)
        return view
    view["summary"] = [{"result": lv if lv is not None else w["undetermined"], "count": n}
                       for lv, n in ev.count().items()]
    for u in ev.units:
        view["units"].append(_unit_view(u, areas, lang))
    return view


def _unit_view(u: UnitResult, areas: Areas, lang: str) -> dict:
    w = WORDS[lang]
    s = u.standard
    criteria = []
    for c in u.criteria:
        rows = []
        for m in c.indicators:
            ind = m.indicator
            rows.append({"id": ind.id, "name": ind.name, "figure": _figure(m, u.year, areas, lang),
                         "cells": [{"met": _met(m.met[lv], m, lang), "ok": m.met[lv],
                                    "bar": bar_text(m.bars[lv], m, lang)}
                                   if lv in m.met else {"met": "", "ok": None, "bar": ""} for lv in s.ranks]})
        criteria.append({"code": c.criterion.code, "title": w["criterion"].format(code=c.criterion.code) + ". "
                         + c.criterion.title,
                         "cells": [{"met": _met(c.met[lv], None, lang), "ok": c.met[lv]} for lv in s.ranks],
                         "rows": rows})
    names = {m.indicator.id: m.indicator.name for m in u.measured}
    reason = why(u, areas, lang)
    return {"area": u.area, "name": areas.name(u.area, u.year), "result": result_text(u, lang),
            "ok": u.result is not None and u.result != s.levels[0], "why": reason,
            "sentence": reason[:1].upper() + reason[1:] + ".",
            "missing": [{"id": i, "name": names[i]} for i in u.missing], "criteria": criteria}


# ---------------------------------------------------------------- JSON (CONTRACT 13)


def _bar_dict(bar: Bar) -> dict:
    """A bar as data: {"comparator": ">=", "value": 60}, {"kind": "increase"}, and for a share of lower
    units its `meeting` too."""
    cond = bar.condition
    d: dict = {"kind": cond.kind} if cond.kind != "value" else {"comparator": cond.comparator, "value": cond.value}
    if bar.meeting is not None:
        d["meeting"] = {"comparator": bar.meeting.comparator, "value": bar.meeting.value}
    return d


def _json_actual(m: Measured):
    if m.share is not None:
        return dict(m.shares) or None
    return m.actual


def evaluation_dict(ev: Evaluation, areas: Areas, lang: str) -> dict:
    s = ev.standard
    view_note = evaluation_view(ev, areas, lang)["note"] if not ev.units else ""
    out: dict = {"standard": s.id, "year": ev.year, "units": []}
    for u in ev.units:
        criteria = []
        for c in u.criteria:
            inds = []
            for m in c.indicators:
                d = {"id": m.indicator.id, "actual": _json_actual(m), "met": dict(m.met),
                     "name": m.indicator.name, "unit": m.indicator.unit,
                     "bars": {lv: _bar_dict(b) for lv, b in m.bars.items()}}
                if m.tag:
                    d["tag"] = m.tag
                if any(b.condition.kind != "value" for b in m.bars.values()):
                    d["previous"] = {"year": ev.year - 1, "actual": m.previous}
                if m.share is not None:
                    d["share"] = {"level": m.share.level, "units": m.share.units, "meeting": dict(m.meeting),
                                  "without_result": [{"area": a, "name": areas.name(a, ev.year)}
                                                     for a in m.share.without]}
                if m.cause is not None:
                    d["not_applicable"] = True
                inds.append(d)
            criteria.append({"code": c.criterion.code, "met": dict(c.met), "indicators": inds,
                             "title": c.criterion.title})
        out["units"].append({
            "area": u.area, "name": areas.name(u.area, ev.year), "result": u.result,
            "standing_from": u.standing_from if u.stands else None,
            "standing_derived": u.standing_derived if u.stands else None, "criteria": criteria, "missing": list(u.missing),
            "derived": u.derived, "recorded": u.recorded, "at_least": u.at_least, "assessed": u.assessed,
            "reason": why(u, areas, lang)})
    out.update({"title": s.title, "document": s.number, "level": s.level, "in_force": ev.in_force,
                "area": {"code": ev.area, "name": areas.name(ev.area, ev.year)} if ev.area else None,
                "summary": {(k if k is not None else "undetermined"): n for k, n in ev.count().items()}
                if ev.units else {},
                "note": view_note or None})
    return out


# ---------------------------------------------------------------- Excel


def evaluation_xlsx(ev: Evaluation, areas: Areas, lang: str) -> bytes:
    """Sheet `Kết quả` (one row per unit) and sheet `Chi tiết` (one row per unit and chỉ tiêu, a column
    per level). Text cells are text, never formulas; the bytes are deterministic."""
    import datetime as dt
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    view = evaluation_view(ev, areas, lang)
    w = WORDS[lang]
    wb = Workbook()
    wb.properties.creator = "xhht"
    wb.properties.created = dt.datetime(2000, 1, 1)
    wb.properties.modified = dt.datetime(2000, 1, 1)
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E78")
    good, bad = PatternFill("solid", fgColor="E2EFDA"), PatternFill("solid", fgColor="FCE4D6")

    def text(ws, row: int, col: int, value, wrap: bool = True) -> None:
        put(ws, row, col, value).alignment = Alignment(wrap_text=wrap, vertical="top")

    ws = wb.active
    ws.title = "Kết quả" if lang == "vi" else "Results"
    lines = [view["heading"], view["basis"], view["year_note"], f"{w['area']}: {view['area']}" if view["area"] else "",
             view["note"]]
    for r, line in enumerate([x for x in lines if x], start=1):
        text(ws, r, 1, line, wrap=False)  # one line across the empty cells beside it
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    top = len([x for x in lines if x]) + 2
    titles = [w["code"], w["unit"], w["result"], w["notes"], w["missing"]]
    for col, t in enumerate(titles, start=1):
        c = put(ws, top, col, t)
        c.font, c.fill = head, fill
    for i, u in enumerate(view["units"], start=top + 1):
        for col, v in enumerate([u["area"], u["name"], u["result"], u["why"],
                                 ", ".join(m["id"] for m in u["missing"])], start=1):
            text(ws, i, col, v)
        ws.cell(row=i, column=3).fill = good if u["ok"] else bad
    for col, width in zip("ABCDE", (10, 28, 16, 60, 40)):
        ws.column_dimensions[col].width = width

    detail = wb.create_sheet("Chi tiết" if lang == "vi" else "Details")
    titles = [w["code"], w["unit"], w["criteria"].split(",")[0], "id", w["criteria"], w["figure"]] + view["ranks"]
    for col, t in enumerate(titles, start=1):
        c = put(detail, 1, col, t)
        c.font, c.fill = head, fill
    r = 2
    for u in view["units"]:
        for c in u["criteria"]:
            for row in c["rows"]:
                values = [u["area"], u["name"], c["code"], row["id"], row["name"], row["figure"]]
                values += [f"{cell['met']} ({cell['bar']})" if cell["bar"] else "" for cell in row["cells"]]
                for col, v in enumerate(values, start=1):
                    text(detail, r, col, v)
                for k, cell in enumerate(row["cells"]):
                    if cell["ok"] is not None:
                        detail.cell(row=r, column=7 + k).fill = good if cell["ok"] else bad
                r += 1
    for col, width in zip("ABCDEFGH", (10, 24, 8, 20, 60, 36, 28, 28)):
        detail.column_dimensions[col].width = width
    detail.freeze_panes = "C2"
    for sheet, first in ((ws, top + 1), (detail, 2)):
        _fit_rows(sheet, first)
        print_one_page_wide(sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def _fit_rows(sheet, first: int) -> None:
    """Row heights from the wrapped text (neither Excel nor LibreOffice sizes them when opening a file
    written by openpyxl): about 1.1 characters per unit of column width, 13 points a line."""
    import math

    from openpyxl.utils import get_column_letter

    widths = {c: sheet.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, sheet.max_column + 1)}
    for r in range(first, sheet.max_row + 1):
        lines = max((math.ceil(len(str(v)) / (widths[c] * 1.1)) for c in widths
                     if (v := sheet.cell(row=r, column=c).value) is not None), default=1)
        sheet.row_dimensions[r].height = 13 * max(1, lines) + 2


def render_evaluation(ev: Evaluation, areas: Areas, fmt_name: str, lang: str, repo_templates: Path | None) -> str:
    """md or html through the templates (a repository's templates/ override them by name), or json."""
    if fmt_name == "json":
        from xhht.present.review_json import to_json

        return to_json(evaluation_dict(ev, areas, lang)) + "\n"
    from xhht.present.render import environment

    template = environment(repo_templates, fmt_name).get_template(f"evaluate.{fmt_name}.j2")
    return template.render(view=evaluation_view(ev, areas, lang))


def listing_text(rows: list[dict], lang: str) -> list[str]:
    """`xhht standards` as lines: one block per standard."""
    w = WORDS[lang]
    out = []
    for r in rows:
        out.append(f"{r['id']}  {r['title']}")
        out.append(f"    {w['document']}: {r['document']} ({r['issuer']}); {w['in_force']} {r['valid_from_text']}"
                   if r["valid_from_text"] else f"    {w['document']}: {r['document']} ({r['issuer']})")
        out.append(f"    {w['level']}: {r['level_name']} ({r['level']}); {w['criteria_n']}: {r['criteria']}; "
                   f"{w['indicators_n']}: {r['indicators']}; {w['result']}: {r['result']} "
                   f"[{', '.join(r['levels'])}]" + (f"; {w['holds'].format(n=r['holds_for'])}" if r["holds_for"] else ""))
        out.append(f"    {w['file']}: {r['from']}")
    return out

