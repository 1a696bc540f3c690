"""`xhht missing [PLAN] --year Y [--level L] [-f text|json|xlsx] [-o FILE]`: the figures a plan needs
for a year that data/ does not hold yet, unit by unit (CONTRACT 8, docs/collecting.md). Exit 0 either way."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, lang_option, need_openpyxl, pick_plan

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.judge.needs import Missing


class MissingFormat(str, Enum):
    text = "text"
    json = "json"
    xlsx = "xlsx"


WORDS = {
    "vi": {"head": "Kế hoạch {plan}, năm {year}: {units} đơn vị còn thiếu {n} số liệu",
           "none": "Kế hoạch {plan}, năm {year}: đã có đủ số liệu",
           "value": "chưa có số liệu {names}", "counts": "chưa có tử số và mẫu số của {names}",
           "standard_all": "{n} chỉ tiêu tự đánh giá theo {document}",
           "standard_some": "{k} trong {n} chỉ tiêu tự đánh giá theo {document} ({names})"},
    "en": {"head": "Plan {plan}, {year}: {units} unit(s) still missing {n} figure(s)",
           "none": "Plan {plan}, {year}: every figure is in",
           "value": "no figure yet for {names}", "counts": "no numerator and denominator yet for {names}",
           "standard_all": "the {n} self-assessment indicators of {document}",
           "standard_some": "{k} of the {n} self-assessment indicators of {document} ({names})"},
}


def register(app: typer.Typer, state: State) -> None:
    say = state.say

    @app.command("missing", cls=Command, help=say(
        "Các số liệu kế hoạch PLAN cần cho năm --year mà data/ chưa có, theo từng đơn vị: danh sách cần đôn đốc.",
        "The figures PLAN needs for --year that data/ does not hold yet, unit by unit: the list to chase."))
    def missing(
        plan: Optional[str] = typer.Argument(None, help=say("Mã hoặc tệp kế hoạch (bỏ qua được khi kho chỉ có một "
                                                            "kế hoạch).",
                                                            "Plan id or file (optional when there is one plan).")),
        year: int = typer.Option(..., "--year", help=say("Năm của các số liệu.", "The year of the figures.")),
        level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL", help=say(
            "Chỉ các đơn vị cấp này (tinh, huyen, xa).", "Only the units of this level (tinh, huyen, xa).")),
        fmt: MissingFormat = typer.Option(MissingFormat.text, "--format", "-f", help=say(
            "text (văn bản), json, hoặc xlsx (một trang tính; cần -o).", "text, json, or xlsx (a sheet; needs -o).")),
        output: Optional[str] = typer.Option(None, "--output", "-o", help=say(
            "Ghi vào tệp FILE thay vì ra màn hình.", "Write to FILE instead of stdout.")),
        lang: Optional[Lang] = lang_option(say("Ngôn ngữ: vi (mặc định) hoặc en.", "Language: vi (default) or en.")),
    ) -> None:
        run_missing(state, plan, year, level, fmt.value, output)


def run_missing(state: State, plan_arg: str | None, year: int, level: str | None, fmt: str,
                output: str | None) -> None:
    from xhht.base.writing import check_output, write_all, write_output
    from xhht.judge.needs import missing
    from xhht.model.records import LEVELS

    if level is not None and level not in LEVELS:
        raise UsageError(f"--level: cấp '{level}' không tồn tại; các cấp là {', '.join(LEVELS)} (phường, thị trấn là xa)",
                         f"--level: there is no level '{level}'; the levels are {', '.join(LEVELS)} (phường and "
                         "thị trấn are xa)")
    if fmt == "xlsx":
        need_openpyxl(state)
        if output is None or output == "-":
            raise UsageError("-f xlsx cần -o TỆP.xlsx", "-f xlsx needs -o FILE.xlsx")
    repo = state.open_repo()
    if output is not None:
        check_output(output, repo.root)
    plan = pick_plan(state, repo, plan_arg)
    if plan.area is None:
        raise UsageError(f"kế hoạch {plan.id} không ghi `area`", f"the plan {plan.id} has no `area`")
    items = missing(plan, repo.areas, year, repo.values, level, repo.standards.values())
    if fmt == "xlsx":
        from xhht.excel.missing import missing_workbook

        write_all({Path(output).resolve(): missing_workbook(plan.id, year, items)})
    elif fmt == "json":
        import json

        data = {"plan": plan.id, "year": year, "missing": [
            {"area": m.area, "name": m.name, "indicator": m.indicator.id, "need": m.need} for m in items]}
        write_output(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n", repo.root)
    else:
        write_output(output, missing_text(plan.id, year, items, state.lang), repo.root)
    raise typer.Exit(0)


def missing_text(plan_id: str, year: int, items: list[Missing], lang: str) -> str:
    """One line per unit: its code and name, then what it has not sent: the names of the plan's
    indicators, each in quotes (a name may hold a comma or a semicolon), then, for the chỉ tiêu of a
    standard asked for the unit's level, how many of the standard's (all 16 of Thông tư 25/2023 in a
    few words, not 16 names; some of them: their names)."""
    from xhht.base.safetext import for_terminal

    w = WORDS[lang]
    if not items:
        return w["none"].format(plan=plan_id, year=year) + "\n"
    units: dict[tuple[str, str], dict[str, list[Missing]]] = {}
    for m in items:
        units.setdefault((m.area, m.name), {}).setdefault(m.need, []).append(m)
    lines = [w["head"].format(plan=plan_id, year=year, units=len(units), n=len(items))]
    for (code, name), needs in units.items():
        said = "; ".join(w[need].format(names=_named(needs[need], lang)) for need in ("value", "counts")
                         if need in needs)
        lines.append(for_terminal(f"{code} {name}: {said}"))
    return "\n".join(lines) + "\n"


def _named(items: list[Missing], lang: str) -> str:
    """The indicators of `items` as `missing_text` names them: the plan's own, then each standard's chỉ tiêu."""
    from xhht.present.fmt import standard_document

    w = WORDS[lang]
    names = [f"“{m.indicator.name}”" for m in items if m.standard is None]
    of_standard: dict[str, list[Missing]] = {}
    for m in items:
        if m.standard is not None:
            of_standard.setdefault(m.standard.id, []).append(m)
    for asked in of_standard.values():
        standard = asked[0].standard
        n, document = len(standard.requirements), standard_document(standard, lang)
        names.append(w["standard_all"].format(n=n, document=document) if len(asked) == n else
                     w["standard_some"].format(k=len(asked), n=n, document=document,
                                               names=", ".join(f"“{m.indicator.name}”" for m in asked)))
    return ", ".join(names)
