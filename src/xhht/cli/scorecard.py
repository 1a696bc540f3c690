"""`xhht scorecard`: every unit of one level against what the plan asks of it in one year, ranked
(CONTRACT 12). A table that fits the terminal, or md, html, json, xlsx (present/scorecard.py)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, finish, lang_option, need_openpyxl, pick_plan, plan_errors
from xhht.base.kinds import LEVEL_WORDS
from xhht.present.scorecard import SCORECARD_FORMATS

if TYPE_CHECKING:
    from xhht.cli.state import State

CardFormat = Enum("CardFormat", {name: name for name in SCORECARD_FORMATS}, type=str)
Level = Enum("Level", {name: name for name in LEVEL_WORDS}, type=str)


def register(app: typer.Typer, state: State) -> None:
    say = state.say

    @app.command("scorecard", cls=Command, help=say(
        "Bảng xếp hạng: mỗi đơn vị của một cấp (mặc định: cấp thấp nhất, ví dụ các xã) so với những gì kế hoạch "
        "yêu cầu ở đơn vị đó trong một năm, xếp theo tỷ lệ chỉ tiêu đạt.",
        "The scorecard: every unit of one level (default: the lowest, e.g. the communes) against what the plan "
        "asks of it in one year, ranked by the share of targets met."))
    def scorecard(
        plan: Optional[str] = typer.Argument(None, help=say(
            "Mã hoặc tệp kế hoạch; có thể bỏ trống khi kho chỉ có một kế hoạch.",
            "Plan id or file; may be left out when there is one plan.")),
        year: Optional[int] = typer.Option(None, "--year", help=say(
            "Năm đánh giá (mặc định: năm gần nhất có số liệu).", "The year (default: the latest year with a figure).")),
        level: Optional[Level] = typer.Option(None, "--level", help=say(
            "Cấp đơn vị: tinh (tỉnh), huyen (huyện) hoặc xa (xã); mặc định: cấp thấp nhất có đơn vị trong năm.",
            "The level: tinh (province), huyen (district) or xa (commune); default: the lowest with units that "
            "year.")),
        fmt: Optional[CardFormat] = typer.Option(None, "--format", "-f", help=say(
            "md, html, json hoặc xlsx (mặc định: bảng vừa khổ màn hình; với -o, theo đuôi tên tệp).",
            "md, html, json or xlsx (default: a table that fits the terminal; with -o, the file's suffix).")),
        output: Optional[str] = typer.Option(None, "--output", "-o", help=say(
            "Ghi vào tệp FILE thay vì ra màn hình; không bao giờ ghi đè tệp đầu vào.",
            "Write to FILE instead of stdout; never onto an input.")),
        lang: Optional[Lang] = lang_option(say("vi (mặc định) hoặc en.", "vi (default) or en.")),
    ) -> None:
        run_scorecard(state, plan, year, level.value if level else None, fmt.value if fmt else None, output)


def _format_of(fmt: str | None, output: str | None) -> str | None:
    """-f, else the suffix of -o FILE when it names a format (`-o bang.xlsx`), else None: the terminal table."""
    if fmt is not None or output is None or output == "-":
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".")
    return suffix if suffix in SCORECARD_FORMATS else None


def run_scorecard(state: State, plan_arg: str | None, year: int | None, level: str | None, fmt: str | None,
                  output: str | None) -> None:
    import sys

    from xhht.base.writing import check_output, write_output
    from xhht.judge.period import default_period
    from xhht.judge.scorecard import levels_below, scorecard

    fmt = _format_of(fmt, output)
    if fmt == "xlsx":
        need_openpyxl(state)
        if output in (None, "-") and sys.stdout.isatty():
            raise UsageError("-f xlsx: hãy ghi ra tệp, ví dụ -o bang-xep-hang.xlsx",
                             "-f xlsx: write it to a file, e.g. -o scorecard.xlsx")
    repo = state.open_repo()
    plan = pick_plan(state, repo, plan_arg)
    if output is not None:
        check_output(output, repo.root)  # a refused -o fails before any work
    if plan.area is None or plan.area not in repo.areas:
        raise UsageError(f"kế hoạch {plan.id} không ghi địa bàn (area) có trong areas.csv, nên không có đơn vị nào "
                         "để xếp hạng", f"the plan {plan.id} has no area in areas.csv, so there is no unit to rank")
    if year is None:
        year = default_period(plan, repo.values, repo.areas)[1]
    elif not plan.start <= year <= plan.end:
        raise UsageError(f"--year: {year} nằm ngoài thời gian của kế hoạch {plan.start}-{plan.end}",
                         f"--year: {year} is outside the plan's period {plan.start}-{plan.end}")
    levels = levels_below(plan, repo.areas, year)
    if not levels:
        raise UsageError(f"areas.csv không có đơn vị nào thuộc địa bàn của kế hoạch có hiệu lực năm {year}",
                         f"areas.csv has no unit below the plan's area valid in {year}")
    if level is None:
        level = levels[-1]
    elif level not in levels:
        vi, en = LEVEL_WORDS[level]
        raise UsageError(f"--level: không có đơn vị cấp {vi} nào thuộc địa bàn của kế hoạch có hiệu lực năm {year}; "
                         f"có: {', '.join(levels)}",
                         f"--level: no {en} unit below the plan's area is valid in {year}; there are: "
                         f"{', '.join(levels)}")
    card = scorecard(plan, repo.values, repo.areas, year, level)
    if fmt is None:
        from xhht.present.scorecard_table import print_scorecard

        print_scorecard(card, repo.areas, state.lang)
    else:
        data = SCORECARD_FORMATS[fmt].render(card, repo.areas, state.lang, repo.root / "templates")
        write_output(output, data, repo.root)
    errors = plan_errors(repo, plan)
    finish(state, repo, errors)
