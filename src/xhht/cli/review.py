"""`xhht report` and `xhht status`: a plan's targets against its figures for a period, as a review
(Markdown, HTML, JSON) or a table that fits the terminal; `status` of a repository of several
plans is an overview, one row per plan."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, finish, lang_option, pick_plan, plan_errors
from xhht.present.render import RENDERERS

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.judge.results import Review
    from xhht.repo import Repo

# The report formats are present.render.RENDERERS (one class each); render.py is light to import.
ReportFormat = Enum("ReportFormat", {name: name for name in RENDERERS}, type=str)


def _choices(names: list[str], last: str = "or") -> str:
    """`md, html or json` (`md, html hoặc json`)."""
    return ", ".join(names[:-1]) + f" {last} " + names[-1] if len(names) > 1 else names[0]


def register(app: typer.Typer, state: State) -> None:
    say = state.say
    area_help = say("Mã đơn vị hành chính (mặc định: địa bàn của kế hoạch).", "Area code (default: the plan's area).")

    @app.command("report", cls=Command, help=say(
        "Báo cáo sơ kết, tổng kết: từng chỉ tiêu so với kết quả thực hiện, dạng Markdown, HTML, JSON, Word (theo "
        "Nghị định 30/2020/NĐ-CP), Excel hoặc PDF; với tệp lời văn reports/TÊN.md, báo cáo có cả các phần do "
        "cán bộ viết.",
        "The review (sơ kết / tổng kết): each target against its result, in Markdown, HTML, JSON, Word (as "
        "Nghị định 30/2020/NĐ-CP lays it out), Excel or PDF; with a report text file reports/NAME.md, with the "
        "sections the officer wrote."))
    def report(
        plan: Optional[str] = typer.Argument(None, help=say(
            "Mã hoặc tệp kế hoạch, hoặc tệp lời văn báo cáo reports/TÊN.md (kế hoạch và giai đoạn lấy từ tệp); "
            "có thể bỏ trống khi kho chỉ có một kế hoạch.",
            "Plan id or file, or a report text file reports/NAME.md (plan and period come from it); may be left "
            "out when there is one plan.")),
        period: Optional[str] = typer.Option(None, "--period", "-p", help=say(
            "2015, 2013-2016 hoặc 2013..2016 (mặc định: từ năm đầu của kế hoạch đến năm gần nhất có số liệu).",
            "2015, 2013-2016 or 2013..2016 (default: the plan's first year to the latest year with a figure).")),
        area: Optional[str] = typer.Option(None, "--area", help=area_help),
        fmt: ReportFormat = typer.Option(ReportFormat.md, "--format", "-f", help=say(
            _choices(list(RENDERERS), "hoặc"), _choices(list(RENDERERS))) + "."),
        lang: Optional[Lang] = lang_option(say("vi (mặc định) hoặc en.", "vi (default) or en.")),
        output: Optional[str] = typer.Option(None, "--output", "-o", help=say(
            "Ghi vào tệp FILE thay vì ra màn hình (`-` là ra màn hình); docx, xlsx và pdf cần -o khi ra màn hình; "
            "không bao giờ ghi đè tệp đầu vào.",
            "Write to FILE instead of stdout (`-` is stdout); docx, xlsx and pdf need -o on a terminal; never "
            "onto an input.")),
    ) -> None:
        run_report(state, plan, period, area, fmt.value, output)

    @app.command("status", cls=Command, help=say(
        "Kết quả so sánh như báo cáo, dạng bảng vừa khổ màn hình, mỗi mức đánh giá có một ký hiệu.",
        "The same comparison as a table that fits the terminal, with a symbol for every status."))
    def status(
        plan: Optional[str] = typer.Argument(None, help=say(
            "Mã hoặc tệp kế hoạch; bỏ trống khi kho có nhiều kế hoạch thì hiện bảng tổng hợp tất cả các kế hoạch.",
            "Plan id or file; without it, in a repository of several plans, an overview of them all.")),
        period: Optional[str] = typer.Option(None, "--period", "-p", help=say("2015, 2013-2016 hoặc 2013..2016.",
                                                                              "2015, 2013-2016 or 2013..2016.")),
        area: Optional[str] = typer.Option(None, "--area", help=area_help),
        full: bool = typer.Option(False, "--full", help=say(
            "Ghi đầy đủ danh sách đơn vị chưa đạt, chưa có số liệu (mặc định: rút gọn cho vừa hai dòng, "
            "\"… và 16 đơn vị khác\").",
            "List every unit falling short or without data (default: cut to two lines, \"… and 16 more\").")),
        lang: Optional[Lang] = lang_option(say("vi (mặc định) hoặc en.", "vi (default) or en.")),
    ) -> None:
        run_status(state, plan, period, area, full)


def run_report(state: State, plan: str | None, period: str | None, area: str | None, fmt: str,
               output: str | None) -> None:
    from xhht.base.writing import check_output, write_output
    from xhht.present.render import Extra, render

    renderer = RENDERERS[fmt]
    _can_write(fmt, renderer, output)
    repo = state.open_repo()
    text = None
    if plan is not None and plan.lower().endswith(".md"):
        text = _report_text(repo, plan)
        if period is not None:
            raise UsageError(f"--period: giai đoạn lấy từ tệp lời văn {plan} ({text.start}-{text.end}); bỏ --period, "
                             "hoặc sửa `period` trong tệp",
                             f"--period: the period comes from the report text {plan} ({text.start}-{text.end}); "
                             "leave --period out, or change `period` in the file")
        plan, period = text.plan, f"{text.start}-{text.end}"
    repo, review, errors = prepare(state, plan, period, area, repo)
    if output is not None:
        check_output(output, repo.root)  # a refused -o fails before any work
    style = _style(repo) if fmt in ("docx", "pdf") else None
    extra = Extra(text=text, settings=repo.config.get("report", {}), style=style,
                  annex=_annex(repo, review, state.lang) if fmt != "json" else None)
    try:
        data = render(review, repo.areas, fmt, state.lang, repo.root / "templates", extra)
    except ValueError as exc:  # docx_writer.TemplateError: templates/report.docx cannot be used
        from xhht.problems import DataError, Loc
        from xhht.problems.catalogue import phrase

        if type(exc).__name__ != "TemplateError":
            raise
        raise DataError([Loc(STYLE).problem("template-error", why=phrase(exc.kind, **exc.params))]) from None
    write_output(output, data, repo.root)
    finish(state, repo, errors)


def _annex(repo: Repo, review: Review, lang: str):
    """The phụ lục of a review of the plan's own area: the scorecard of its lowest level (CONTRACT
    12) and its words; None for a plan without targets by level or a review of another area."""
    from xhht.judge.scorecard import annex_card
    from xhht.present.scorecard import scorecard_view

    if review.plan.area is not None and review.area != review.plan.area:
        return None
    card = annex_card(review.plan, repo.values, repo.areas, review.start, review.end)
    return (card, scorecard_view(card, repo.areas, lang)) if card is not None and card.columns else None


STYLE = "templates/report.docx"  # the repository's own styles for -f docx and pdf (no code runs from it)


def _can_write(fmt: str, renderer, output: str | None) -> None:
    """Before any work: a binary format is never written to a terminal, and what it needs (an
    extra of xhht, LibreOffice for pdf) is there. UsageError otherwise."""
    import sys

    if renderer.binary and (output is None or output == "-") and sys.stdout.isatty():
        raise UsageError(f"-f {fmt}: tệp {fmt} không in ra màn hình được; thêm -o TỆP.{fmt} (ví dụ -o bao-cao.{fmt})",
                         f"-f {fmt}: a {fmt} file cannot be shown on the terminal; add -o FILE.{fmt} "
                         f"(e.g. -o bao-cao.{fmt})")
    package = renderer.missing()
    if package is not None:
        raise UsageError(f"-f {fmt} cần gói {package}, máy chưa cài: pip install 'xhht[office]'",
                         f"-f {fmt} needs the package {package}, which is not installed: pip install 'xhht[office]'")
    if fmt == "pdf":
        from xhht.present.office import find_soffice

        find_soffice()


def _report_text(repo: Repo, path: str):
    """The report text file PATH names (loaded and checked with the repository when it lies in its
    reports/; else read as a file named on the command line). DataError (exit 1) with its problems
    when it has errors."""
    from pathlib import Path

    from xhht.checks import report_problems
    from xhht.load.report_text import MAX_REPORT_BYTES, load_report_text
    from xhht.problems import DataError, display_path

    given = Path(path)
    if not given.is_file():
        raise UsageError(f"{path}: không có tệp lời văn báo cáo này", f"{path}: no such report text file")
    rel = display_path(given, repo.root)
    problems = [p for p in repo.problems if p.file == rel]
    if rel in repo.reports or (rel.startswith("reports/") and problems):  # a reports/*.md, loaded with the repository
        report = repo.reports.get(rel)
    else:
        from xhht.load.safe_io import decode, read_given

        raw, problems = read_given(given, path, MAX_REPORT_BYTES)  # a regular file, bounded
        text, more = decode(raw, path) if raw is not None else (None, [])
        problems, report = problems + more, None
        if text is not None:
            report, more = load_report_text(text, path)
            problems += more + (report_problems([report], repo.plans) if report else [])
    errors = [p for p in problems if p.severity == "error"]
    if errors or report is None:
        raise DataError(errors or problems)
    return report


def _style(repo: Repo) -> bytes | None:
    """templates/report.docx when the repository has one (read as every input is: inside the
    repository, a regular file, bounded)."""
    import os

    from xhht.load.safe_io import read_bytes
    from xhht.problems import DataError

    if not os.path.lexists(repo.root / STYLE):
        return None
    data, problems = read_bytes(repo.root, STYLE, 16 * 1024 * 1024)
    if data is None:
        raise DataError(problems)
    return data


def run_status(state: State, plan: str | None, period: str | None, area: str | None, full: bool = False) -> None:
    from xhht.present.status_table import print_status

    repo = None
    if plan is None and area is None:
        repo = state.open_repo()
        if len(repo.plans) > 1:
            _overview(state, repo, period)
    repo, review, errors = prepare(state, plan, period, area, repo)
    print_status(review, repo.areas, state.lang, full)
    finish(state, repo, errors)


def parse_period_option(text: str) -> tuple[int, int]:
    """`--period TEXT` as (start, end), or UsageError worded from the catalogue's phrases: the one
    place a period option is read (`report`, `status` and its overview)."""
    from xhht.base.periods import PeriodError, parse_period
    from xhht.problems.catalogue import phrase, word_phrase

    try:
        return parse_period(text)
    except PeriodError as exc:
        try:
            vi, en = (word_phrase(phrase(exc.kind, text=exc.text), lang) for lang in ("vi", "en"))
        except Exception:  # noqa: BLE001 - a PeriodError without a catalogue phrase keeps its own words
            vi = en = str(exc)
        raise UsageError(f"--period: {vi}", f"--period: {en}") from None


def prepare(state: State, plan_arg: str | None, period: str | None, area: str | None,
            repo: Repo | None = None) -> tuple[Repo, Review, list]:
    """Resolve PLAN, --period and --area (usage errors exit 2), load (unless given `repo`), compare."""
    from xhht.judge.compare import compare
    from xhht.judge.period import default_period

    repo = repo or state.open_repo()
    plan = pick_plan(state, repo, plan_arg)
    if area is not None and not repo.area_known(area):
        raise UsageError(f"--area: đơn vị {area!r} không có trong areas.csv",
                         f"--area: the area {area!r} is not in areas.csv")
    if period is None:
        start, end = default_period(plan, repo.values, repo.areas, area)
    else:
        start, end = parse_period_option(period)
        if end < plan.start or start > plan.end:
            raise UsageError(f"--period: {period} không trùng với thời gian của kế hoạch {plan.start}-{plan.end}",
                             f"--period: {period} does not overlap the plan's period {plan.start}-{plan.end}")
    if end > plan.end:
        typer.echo("xhht: " + state.say(
            f"lưu ý: giai đoạn {start}-{end} vượt quá thời gian của kế hoạch {plan.start}-{plan.end}; số liệu "
            f"sau năm {plan.end} được so với các chỉ tiêu của kế hoạch",
            f"note: the period {start}-{end} runs past the plan's period {plan.start}-{plan.end}; "
            f"figures after {plan.end} are shown against the plan's targets"), err=True)
    review = compare(plan, repo.values, repo.areas, start, end, area)
    errors = plan_errors(repo, plan)
    review.left_out = len(errors)
    return repo, review, errors


def _overview(state: State, repo: Repo, period: str | None) -> None:
    """`xhht status` in a repository of several plans: each plan's targets counted by status. The
    counts need each plan's results only, not its context figures; the index of which areas have
    figures in which year is made once for plans of the same indicators."""
    from xhht.judge.period import default_period, figure_years
    from xhht.present.status_table import print_overview

    asked = parse_period_option(period) if period is not None else None
    periods = []
    years: dict[frozenset[str], dict[int, set[str]]] = {}
    for p in repo.plans.values():
        if asked is None:
            ids = repo.values.figure_ids(ind.id for ind in p.indicators)
            if ids not in years:
                years[ids] = figure_years(repo.figures, ids)
            start, end = default_period(p, repo.values, repo.areas, years=years[ids])
        else:
            start, end = asked
            if end < p.start or start > p.end:
                continue
        periods.append((p.id, start, end))
    print_overview(repo.overview(periods), state.lang)  # on every core for a large repository
    errors = [p for p in repo.problems if p.severity == "error"]
    finish(state, repo, errors)
