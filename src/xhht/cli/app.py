"""The command line: a thin layer over the library (repo -> check / compare -> render).

Exit codes: 0 success, 1 the data has errors, 2 usage error, 3 internal error (a bug: one
line, the traceback only with `--debug`). Heavy modules are imported inside the commands that
need them, so `xhht --help` starts fast.
"""

from __future__ import annotations

import errno
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht import __version__
from xhht.present.render import RENDERERS

if TYPE_CHECKING:
    from xhht.repo import Repo



_METAVARS = {"area": "CODE", "output": "FILE", "year": "YEAR", "into": "DIR", "files": "FILE"}


def _plain_metavars(params: list) -> list:
    """Help without internal type names (`<bool>`, `<str>`, `<list[Path]>`): a flag shows no type, a
    value its metavar (PERIOD, AREA...) or the list of its choices (`<md|html|json>`)."""
    for p in params:
        if getattr(p, "is_flag", False):
            p.display_type_rich = lambda ctx: None
            continue
        if getattr(getattr(p, "type_descriptor", None), "is_choice", False):
            continue
        if p.metavar is None:
            p.metavar = _METAVARS.get(p.name, p.name.upper())
        is_argument = p.param_type_name == "argument"  # its name column already shows the metavar
        p.display_type_rich = lambda ctx, m=None if is_argument else p.metavar: m
    return params


class _Command(typer.core.TyperCommand):
    def get_params(self, ctx):  # noqa: ANN001, ANN201
        return _plain_metavars(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    def get_params(self, ctx):  # noqa: ANN001, ANN201
        return _plain_metavars(super().get_params(ctx))


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Track the targets (chỉ tiêu) of 'Xây dựng xã hội học tập' plans against what was achieved.",
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _choices(names: list[str]) -> str:
    """`md, html or json`."""
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


# The report formats are render.RENDERERS (one class each); render.py is light to import.
ReportFormat = Enum("ReportFormat", {name: name for name in RENDERERS}, type=str)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xhht {__version__}")
        raise typer.Exit()


_SETTINGS = {"cache": True}
_DEBUG = {"on": False}


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          debug: bool = typer.Option(False, "--debug", help="On an internal error, print the traceback."),
          no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache of checked "
                                        "figures in .xhht/ (also XHHT_NO_CACHE=1).")) -> None:
    """xhht: plans (plans/*.yaml), areas (areas.csv) and figures (data/**/*.csv) in a git repository."""
    _DEBUG["on"] = debug
    _SETTINGS["cache"] = not no_cache


def _lang_asked() -> str | None:
    """The --lang of the command line, when given: usage messages speak it from the start."""
    args = sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


_LANG = {"now": _lang_asked() or "vi"}  # vi by default; en with --lang en or lang = "en" in xhht.toml


def _say(vi: str, en: str) -> str:
    """A message of the command line in the user's language."""
    return en if _LANG["now"] == "en" else vi


def _usage(message: str) -> typer.Exit:
    typer.echo(f"xhht: {message}", err=True)
    return typer.Exit(2)


class _Progress:
    """A progress bar on stderr (files read, figures checked) once loading has taken more than
    XHHT_PROGRESS_AFTER seconds (default 2), and only when stderr is a terminal: nothing in a
    pipe, a file or CI logs. rich is imported only when the bar is shown."""

    def __init__(self) -> None:
        import os
        import time

        self._clock = time.monotonic
        try:
            self._after = float(os.environ.get("XHHT_PROGRESS_AFTER", "2"))
        except ValueError:
            self._after = 2.0
        self._start = self._clock()
        self._tty = sys.stderr.isatty()
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int, figures: int) -> None:
        if not self._tty:
            return
        if self._bar is None:
            if self._clock() - self._start < self._after:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("xhht: files read"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[figures]:,} figures checked"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("load", total=total, figures=figures)
        self._bar.update(self._task, completed=done, total=total, figures=figures)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _open_repo(start: Path | None = None) -> Repo:
    from xhht.repo import find_root, load_repo

    root = find_root(start or Path.cwd())
    if root is None:
        raise _usage(_say("không có kho theo dõi ở đây: hãy chạy trong thư mục có plans/ (hoặc xhht.toml), "
                          "hoặc một thư mục bên trong nó",
                          "no tracker repository here: run inside a folder with plans/ (or xhht.toml), "
                          "or one below it"))
    import os

    use_cache = _SETTINGS["cache"] and os.environ.get("XHHT_NO_CACHE", "") in ("", "0")
    progress = _Progress()
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        repo = load_repo(root, cache=use_cache, progress=progress)
    finally:
        progress.stop()
        # what was loaded lives to the end of the command: frozen before the collector is back
        # on, or its first collection would walk the million objects just made (0.8 s)
        gc.freeze()
        if enabled:
            gc.enable()
    if _lang_asked() is None and repo.config.get("lang") in ("vi", "en"):
        _LANG["now"] = repo.config["lang"]
    from xhht.model.figures import FigureTable

    # a table read from the files (a cache's figures are read an area at a time: not counted)
    _LARGE["loaded"] = isinstance(repo.figures, FigureTable) and len(repo.figures) >= LARGE
    return repo


@app.command(cls=_Command)
def check(
    paths: Optional[list[Path]] = typer.Argument(None, metavar="PATH", help="Plan, areas or data files (or folders) "
                                                  "to check; all of the repository by default."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the check too (exit 1)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                    help="text, json, or github (GitHub Actions annotations)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Language of the messages and hints: vi (default) "
                                        "or en; the codes are the same."),
) -> None:
    """Validate plans, areas and data: each problem as file:line:col, severity, code, message and hint."""
    from xhht.present.problem_text import print_problems

    for p in paths or []:
        if not p.exists():
            raise _usage(_say(f"{p}: không có tệp hay thư mục này", f"{p}: no such file or folder"))
    from xhht.repo import find_root

    start = None  # the repository around the current folder; else the one around the first PATH
    if paths and find_root(Path.cwd()) is None:
        first = paths[0].resolve()
        start = first if first.is_dir() else first.parent
    repo = _open_repo(start)
    for p in paths or []:
        _check_path_is_tracked(p, repo.root)
    problems = repo.select(paths) if paths else repo.problems
    strict = strict or bool(repo.config.get("strict"))
    print_problems(problems, fmt.value, lang.value if lang else repo.config.get("lang", "vi"), repo.root)
    failing = [p for p in problems if p.severity == "error" or strict]
    raise typer.Exit(1 if failing else 0)


def _prepare(plan_arg: str | None, period: str | None, area: str | None, repo: Repo | None = None):
    """Resolve PLAN, --period and --area (usage errors exit 2), load (unless given `repo`), compare."""
    from xhht.judge.compare import compare, default_period
    from xhht.base.periods import PeriodError, parse_period

    repo = repo or _open_repo()
    plan = _pick_plan(repo, plan_arg)
    if area is not None and not repo.area_known(area):
        raise _usage(_say(f"--area: đơn vị {area!r} không có trong areas.csv",
                          f"--area: the area {area!r} is not in areas.csv"))
    if period is None:
        start, end = default_period(plan, repo.values, repo.areas, area)
    else:
        try:
            start, end = parse_period(period)
        except PeriodError as exc:
            raise _usage(f"--period: {_period_error(exc)}") from None
        if end < plan.start or start > plan.end:
            raise _usage(_say(f"--period: {period} không trùng với thời gian của kế hoạch {plan.start}-{plan.end}",
                              f"--period: {period} does not overlap the plan's period {plan.start}-{plan.end}"))
    if end > plan.end:
        typer.echo("xhht: " + _say(
            f"lưu ý: giai đoạn {start}-{end} vượt quá thời gian của kế hoạch {plan.start}-{plan.end}; số liệu "
            f"sau năm {plan.end} được so với các chỉ tiêu của kế hoạch",
            f"note: the period {start}-{end} runs past the plan's period {plan.start}-{plan.end}; "
            f"figures after {plan.end} are shown against the plan's targets"), err=True)
    review = compare(plan, repo.values, repo.areas, start, end, area)
    errors = [p for p in repo.select([repo.root / repo.plan_files[plan.id]]) if p.severity == "error"]
    review.left_out = len(errors)
    return repo, review, errors


def _period_error(exc) -> str:
    from xhht.problems.catalogue import phrase, word_phrase

    try:
        return word_phrase(phrase(exc.kind, text=exc.text), _LANG["now"])
    except Exception:  # noqa: BLE001 - a PeriodError without a catalogue phrase keeps its own words
        return str(exc)


def _pick_plan(repo: Repo, plan_arg: str | None):
    if plan_arg is None:
        if len(repo.plans) == 1:
            return next(iter(repo.plans.values()))
        if not repo.plans:
            raise _usage(_say("không có kế hoạch hợp lệ nào trong plans/ (chạy `xhht check`)",
                              "there is no valid plan in plans/ (run `xhht check`)"))
        raise _usage(_say("kho có nhiều kế hoạch: hãy ghi một trong số ", "this repository has several plans: "
                          "name one of ") + ", ".join(repo.plans))
    if plan_arg in repo.plans:
        return repo.plans[plan_arg]
    from xhht.problems import display_path

    wanted = display_path(Path(plan_arg), repo.root)
    for pid, file in repo.plan_files.items():
        if file == wanted:
            return repo.plans[pid]
    raise _usage(_say(f"không có kế hoạch hợp lệ {plan_arg!r}: các kế hoạch là ",
                      f"no valid plan {plan_arg!r}: the plans are ") + (", ".join(repo.plans) or "–")
                 + _say(" (kế hoạch có lỗi bị bỏ qua: chạy `xhht check`)",
                        " (a plan with errors is left out: run `xhht check`)"))


def _warn_errors(errors: list) -> None:
    if errors:
        typer.echo("xhht: " + _say(f"cảnh báo: {len(errors)} lỗi trong kế hoạch hoặc số liệu của nó không được "
                                   "tính khi so sánh; chạy `xhht check` để xem",
                                   f"warning: {len(errors)} error(s) in the plan or its data were left out of the "
                                   "comparison; run `xhht check` to see them"), err=True)


@app.command(cls=_Command)
def report(
    plan: Optional[str] = typer.Argument(None, help="Plan id or file; may be left out when there is one plan."),
    period: Optional[str] = typer.Option(None, "--period", "-p",
                                         help="2015, 2013-2016 or 2013..2016 (default: the plan's first year to the "
                                              "latest year with a figure)."),
    area: Optional[str] = typer.Option(None, "--area", help="Area code (default: the plan's area)."),
    fmt: ReportFormat = typer.Option(ReportFormat.md, "--format", "-f", help=_choices(list(RENDERERS)) + "."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="Write to FILE instead of stdout (`-` is stdout); never onto an input."),
) -> None:
    """The review (sơ kết / tổng kết): each target against its result, in Markdown, HTML or JSON."""
    from xhht.present.render import render
    from xhht.load.safe_io import check_output, write_output

    repo, review, errors = _prepare(plan, period, area)
    language = lang.value if lang else repo.config.get("lang", "vi")
    if output is not None:
        check_output(output, repo.root)  # a refused -o fails before any work
    text = render(review, repo.areas, fmt.value, language, repo.root / "templates")
    write_output(output, text, repo.root)
    _warn_errors(errors)
    raise typer.Exit(1 if errors else 0)


@app.command(cls=_Command)
def status(
    plan: Optional[str] = typer.Argument(None, help="Plan id or file; without it, in a repository of several "
                                                    "plans, an overview of them all."),
    period: Optional[str] = typer.Option(None, "--period", "-p", help="2015, 2013-2016 or 2013..2016."),
    area: Optional[str] = typer.Option(None, "--area", help="Area code (default: the plan's area)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
) -> None:
    """The same comparison as a table that fits the terminal, with a symbol for every status."""
    from xhht.present.status_table import print_status

    repo = None
    if plan is None and area is None:
        repo = _open_repo()
        if len(repo.plans) > 1:
            _overview(repo, period, lang)
    repo, review, errors = _prepare(plan, period, area, repo)
    print_status(review, repo.areas, lang.value if lang else repo.config.get("lang", "vi"))
    _warn_errors(errors)
    raise typer.Exit(1 if errors else 0)


def _overview(repo: Repo, period: str | None, lang: Lang | None) -> None:
    """`xhht status` in a repository of several plans: each plan's targets counted by status. The
    counts need each plan's results only, not its context figures; the index of which areas have
    figures in which year is made once for plans of the same indicators."""
    from xhht.judge.compare import compare, default_period, figure_years
    from xhht.base.periods import PeriodError, parse_period
    from xhht.present.status_table import print_overview

    reviews = []
    years: dict[frozenset[str], dict[int, set[str]]] = {}
    for p in repo.plans.values():
        if period is None:
            ids = frozenset(ind.id for ind in p.indicators)
            if ids not in years:
                years[ids] = figure_years(repo.figures, ids)
            start, end = default_period(p, repo.values, repo.areas, years=years[ids])
        else:
            try:
                start, end = parse_period(period)
            except PeriodError as exc:
                raise _usage(f"--period: {exc}") from None
            if end < p.start or start > p.end:
                continue
        reviews.append(compare(p, repo.values, repo.areas, start, end, details=False))
    print_overview(reviews, lang.value if lang else repo.config.get("lang", "vi"))
    errors = [p for p in repo.problems if p.severity == "error"]
    _warn_errors(errors)
    raise typer.Exit(1 if errors else 0)


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


@app.command(cls=_Command)
def diff(
    rev: str = typer.Argument(..., help="The revision to compare from: a branch, tag, commit, HEAD~1, origin/main."),
    rev2: Optional[str] = typer.Argument(None, help="The revision to compare to (default: the working tree)."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f",
                                   help="text (Markdown for a pull request comment) or json."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
) -> None:
    """What changed between two git revisions: figures added, changed, removed, and the verdicts that changed."""
    from contextlib import ExitStack

    from xhht.gitio.diff import diff_json, diff_markdown, diff_repos
    from xhht.gitio.revisions import WORKTREE, GitError, checkout, open_git
    from xhht.repo import find_root, load_repo

    root = find_root(Path.cwd())
    if root is None:
        raise _usage("no tracker repository here: run inside a folder with plans/ (or xhht.toml)")
    try:
        git = open_git(root)
        commits = [git.resolve(rev)] + ([git.resolve(rev2)] if rev2 else [])
        with ExitStack() as stack:
            old = load_repo(stack.enter_context(checkout(git, commits[0])))
            new = load_repo(stack.enter_context(checkout(git, commits[1])) if rev2 else root)
    except GitError as exc:
        raise _usage(str(exc)) from None
    result = diff_repos(old, new, rev, rev2 or WORKTREE, commits[0], commits[1] if rev2 else None)
    language = lang.value if lang else new.config.get("lang", "vi")
    sys.stdout.write(diff_json(result) if fmt == TextOrJson.json else diff_markdown(result, language))
    sys.stdout.flush()
    errors = [p for p in new.problems if p.severity == "error"]
    if errors:
        typer.echo(f"xhht: warning: {rev2 or WORKTREE} has {len(errors)} error(s) in its files, left out of the "
                   "comparison; run `xhht check` to see them", err=True)
    raise typer.Exit(1 if errors else 0)


@app.command("log", cls=_Command)
def log_command(
    indicator: str = typer.Argument(..., help="The indicator id (as in plans/*.yaml and the data files)."),
    area: Optional[str] = typer.Option(None, "--area", help="Only this area's figures."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
) -> None:
    """The history of a figure through the commits: date, author, commit, old -> new value."""
    from xhht.gitio.revisions import GitError, open_git
    from xhht.gitio.history import history, history_json, history_text

    repo = _open_repo()
    try:
        events = history(open_git(repo.root), repo.root, indicator, area)
    except GitError as exc:
        raise _usage(str(exc)) from None
    ind = repo.catalogue.get(indicator)
    if ind is None and not events:
        from xhht.problems import did_you_mean

        guess = did_you_mean(indicator, sorted(repo.catalogue))
        raise _usage(f"no indicator {indicator!r} in the plans or the history"
                     + (f": did you mean {guess!r}?" if guess else ""))
    language = lang.value if lang else repo.config.get("lang", "vi")
    sys.stdout.write(history_json(indicator, area, events) if fmt == TextOrJson.json
                     else history_text(indicator, ind.name if ind else None, area, events, language))
    raise typer.Exit(0)


@app.command(cls=_Command)
def schema(
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="Write to FILE instead of stdout (`-` is stdout); never onto an input."),
) -> None:
    """The JSON Schema (draft 2020-12) of plan files, for editors (VS Code's YAML extension) and CI."""
    from xhht.repo import find_root
    from xhht.load.safe_io import write_output
    from xhht.model.schema import schema_json

    write_output(output, schema_json(), find_root(Path.cwd()))


@app.command(cls=_Command)
def init(
    folder: Path = typer.Argument(..., metavar="DIR", help="A new or empty folder."),
    git: bool = typer.Option(True, "--git/--no-git", help="Run `git init` in it (default: yes, when git is installed)."),
) -> None:
    """A new tracker repository: an example plan, areas, data, settings, README, CI workflow and pre-commit."""
    from xhht.cli.scaffold import ScaffoldError, scaffold

    try:
        written = scaffold(folder, git=git)
    except ScaffoldError as exc:
        raise _usage(str(exc)) from None
    for rel in written:
        typer.echo(f"  {rel}")
    typer.echo(f"xhht: a new tracker repository in {folder}: edit plans/, areas.csv and data/, "
               "then run `xhht check` (README.md says how)")


EXCEL_MISSING = "this command needs openpyxl, which is not installed: pip install 'xhht[excel]'"


def _need_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise _usage(EXCEL_MISSING) from None


@app.command(cls=_Command)
def form(
    plan: str = typer.Argument(..., help="Plan id or file."),
    year: int = typer.Option(..., "--year", help="The year whose figures the form collects."),
    area: Optional[str] = typer.Option(None, "--area", help="Only the rows of this unit (a form per commune)."),
    output: Path = typer.Option(..., "--output", "-o", help="The .xlsx file to write."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Language of the messages: vi (default) or en."),
) -> None:
    """An Excel form (.xlsx) for the figures PLAN needs for --year: send it out, import it back."""
    from xhht.cli.excel import form_command

    _need_openpyxl()
    repo = _open_repo()
    form_command(repo, _pick_plan(repo, plan), year, area, output, lang.value if lang else None, _usage)


@app.command("import", cls=_Command)
def import_(
    files: list[Path] = typer.Argument(..., help="Filled forms (.xlsx) or Excel-style CSV files."),
    into: Optional[Path] = typer.Option(None, "--into", help="Write DIR/<file stem>.csv instead of "
                                        "data/<year>/<file stem>.csv."),
    replace: bool = typer.Option(False, "--replace", help="Replace figures already in data/ that have "
                                 "another value (and say which)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Language of the messages and hints: vi (default) "
                                        "or en."),
) -> None:
    """Check filled forms cell by cell and add their figures to data/: all or nothing."""
    from xhht.cli.excel import import_command

    if any(f.suffix.lower() == ".xlsx" for f in files):
        _need_openpyxl()
    import_command(_open_repo(), files, into, replace, lang.value if lang else None, _usage)


areas_app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    help="The administrative units: what a code names over time, and importing the 2025 conversion table.",
)
app.add_typer(areas_app, name="areas")


@areas_app.command("show", cls=_Command)
def areas_show(
    code: str = typer.Argument(..., metavar="CODE", help="An area code of areas.csv."),
    on: Optional[str] = typer.Option(None, "--on", metavar="DATE",
                                     help="Only the unit valid on this day (YYYY-MM-DD)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
) -> None:
    """The unit(s) CODE names: level, parent, validity, predecessors and successors (area-changes.csv)."""
    import datetime as dt

    from xhht.load.conversion import show_command

    day = None
    if on is not None:
        try:
            day = dt.date.fromisoformat(on) if len(on) == 10 else dt.date.fromisoformat("")
        except ValueError:
            raise _usage(f"--on: {on!r} is not a date YYYY-MM-DD") from None
    repo = _open_repo()
    if code not in repo.areas.versions:
        where = "areas.csv" if repo.has_areas_file else "areas.csv (the repository has none)"
        raise _usage(f"the code {code!r} is not in {where}")
    raise typer.Exit(show_command(repo.areas, code, day, lang.value if lang else repo.config.get("lang", "vi")))


@areas_app.command("import", cls=_Command)
def areas_import(
    table: Optional[Path] = typer.Argument(None, metavar="TABLE.csv",
                                           help="The official old->new conversion table as CSV (columns: docs/reform.md)."),
    province: str = typer.Option(..., "--province", metavar="CODE",
                                 help="The province: its old code (93 Hau Giang) or its new one (92)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR",
                                help="The folder to write areas.csv and area-changes.csv into (never overwritten)."),
    source: Optional[str] = typer.Option(None, "--from", metavar="SOURCE",
                                         help="vietnam-provinces: read the table from that package instead of a "
                                              "file (needs vietnam-provinces >= 2026.2, Python >= 3.12)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (default) or en."),
) -> None:
    """Build areas.csv + area-changes.csv for one province across the 2025 reform."""
    from xhht.load.conversion import import_command

    raise typer.Exit(import_command(table, source, province, output, lang.value if lang else "vi", _usage))


def _check_path_is_tracked(path: Path, root: Path) -> None:
    """A PATH given to `check` must be in the repository and be a file xhht reads (or a folder)."""
    full = path.resolve()
    try:
        rel = full.relative_to(root.resolve())
    except ValueError:
        raise _usage(_say(f"{path}: nằm ngoài kho theo dõi {root}",
                          f"{path}: outside the tracker repository at {root}")) from None
    if full.is_dir():
        return
    parts = rel.parts
    tracked = (rel.as_posix() in ("areas.csv", "area-changes.csv", "xhht.toml")
               or (parts[0] == "plans" and len(parts) == 2 and full.suffix in (".yaml", ".yml"))
               or (parts[0] == "data" and full.suffix == ".csv"))
    if not tracked:
        raise _usage(_say(f"{path}: không phải tệp xhht kiểm tra (plans/*.yaml, areas.csv, area-changes.csv, "
                          "data/**/*.csv, xhht.toml)",
                          f"{path}: not a file xhht checks (plans/*.yaml, areas.csv, area-changes.csv, "
                          "data/**/*.csv, xhht.toml)"))


def run() -> None:
    """The console script: `main`, then, after a command that loaded a large repository, a
    quick exit: the output is flushed and every file is closed, but the interpreter does not
    free a million figures one by one (0.3 s of a national `check`)."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        if not _LARGE["loaded"]:
            raise
        code = exc.code
    if not _LARGE["loaded"]:
        return
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    import os

    os._exit(code)


_LARGE = {"loaded": False}
LARGE = 100_000  # figures


def main() -> None:
    """The command line: never a traceback, whatever the input (but with --debug on a bug)."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 still gets the output
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    try:
        with localcontext(CONTEXT):
            app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `xhht report | head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            _stopped(exc)
        _output_failed(exc)
    except Exception as exc:  # noqa: BLE001 - the last net under every command
        _stopped(exc)


def _output_failed(exc: OSError) -> None:
    """The output could not be written (a full disk, /dev/full): said, exit 1; not a bug."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
    except OSError:
        pass
    message = _say(f"không ghi được kết quả: {exc.strerror or exc}", f"could not write the output: {exc.strerror or exc}")
    try:
        print(f"xhht: {message}", file=sys.stderr)
    except OSError:
        pass
    sys.exit(1)


_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _stopped(exc: Exception) -> None:
    """A command stopped by an exception: a usage error (exit 2), the user's files (exit 1), else a
    bug (exit 3). xhht.base.errors is imported here, not at start-up: it brings the catalogue."""
    from xhht.base.errors import DataError, UsageError

    if isinstance(exc, UsageError):
        print(f"xhht: {exc}", file=sys.stderr)
        sys.exit(2)
    if isinstance(exc, DataError):
        from xhht.present.problem_text import print_problems

        args = sys.argv[1:]
        lang = args[args.index("--lang") + 1] if "--lang" in args[:-1] else "vi"
        print_problems(exc.problems, "text", lang, file=sys.stderr)
        sys.exit(1)
    if _DEBUG["on"] or "--debug" in sys.argv[1:]:
        import traceback

        traceback.print_exc()
    print(f"xhht: internal error ({type(exc).__name__}): this is a bug in xhht, not in your files; "
          "please report it with the command you ran and its input (run again with --debug for details)",
          file=sys.stderr)
    sys.exit(3)
