"""What the commands share: the click classes that keep help free of internal type names, the
`--lang` option, picking a plan, and the warnings that close a comparison."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from xhht.base.errors import UsageError
from xhht.cli import texts

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # older typer: the click package
    from click.exceptions import ClickException as _ClickException

_CLICK_ERRORS = (_ClickException,)

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.model.records import Plan
    from xhht.repo import Repo

METAVARS = {"area": "CODE", "output": "FILE", "year": "YEAR", "into": "DIR", "files": "FILE"}


class _NotGiven:
    """What coerces the value of a parameter until it is given one. typer (0.29) coerces every value
    through a pydantic TypeAdapter that it builds on first use, also for an option not given, whose
    value stays None (or (), for one that takes several): pydantic and its schemas were imported for
    nothing, a tenth of a second of `xhht status`. This answers that value as typer does, and
    leaves typer to build its coercion for a value."""

    @staticmethod
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def plain_metavars(params: list) -> list:
    """Help without internal type names (`<bool>`, `<str>`, `<list[Path]>`): a flag shows no type, a
    value its metavar (PERIOD, AREA...) or the list of its choices (`<md|html|json>`). And no
    coercion built for a value not given (`_NotGiven`; a typer without `_runtime_param` as it is)."""
    for p in params:
        if getattr(p, "_runtime_param", False) is None:
            p._runtime_param = _NotGiven
        if getattr(p, "is_flag", False):
            p.display_type_rich = lambda ctx: None
            continue
        if getattr(getattr(p, "type_descriptor", None), "is_choice", False):
            continue
        if p.metavar is None:
            p.metavar = METAVARS.get(p.name, p.name.upper())
        is_argument = p.param_type_name == "argument"  # its name column already shows the metavar
        p.display_type_rich = lambda ctx, m=None if is_argument else p.metavar: m
    return params


def lang_of(ctx: Any) -> str:
    """The run's language, from the `State` every context carries (`ctx.obj`, cli/__init__.py)."""
    return getattr(ctx.find_root().obj, "lang", "vi") if ctx is not None else "vi"


class _Worded:
    """What xhht's commands and groups add to typer's: help without internal type names, and
    typer's and click's own texts in the run's language (cli/texts.py)."""

    def get_params(self, ctx):  # noqa: ANN001, ANN201
        return plain_metavars(super().get_params(ctx))

    def get_help_option(self, ctx):  # noqa: ANN001, ANN201
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = texts.HELP_OPTION[lang_of(ctx)]
        return option

    def format_usage(self, ctx, formatter) -> None:  # noqa: ANN001
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=texts.USAGE[lang_of(ctx)])

    def format_help(self, ctx, formatter) -> None:  # noqa: ANN001
        texts.install_rich(lang_of(ctx))
        super().format_help(ctx, formatter)


class Command(_Worded, typer.core.TyperCommand):
    pass


class Group(_Worded, typer.core.TyperGroup):
    """A group: the errors of parsing it and its commands pass through here on their way to
    typer, which prints them; they are worded in the run's language first."""

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: ANN001, ANN201
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _CLICK_ERRORS as e:
            state = extra.get("obj") or (parent.find_root().obj if parent is not None else None)
            texts.translate_error(e, getattr(state, "lang", "vi"))
            raise

    def invoke(self, ctx):  # noqa: ANN001, ANN201
        try:
            return super().invoke(ctx)
        except _CLICK_ERRORS as e:
            texts.translate_error(e, lang_of(ctx))
            raise
        except BrokenPipeError:  # click would end a broken pipe with exit 1, without a word
            reader_gone()


def reader_gone() -> None:
    """`xhht status | head -1`: the reader has what it wanted; exit 0 (the rest of the output goes
    to /dev/null, so the last flush cannot fail again)."""
    import os
    import sys

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def lang_option(help: str) -> Any:
    """`--lang vi|en`. Its value is already `state.lang` (decided before parsing, cli/state.py):
    declared on each command so that the parser accepts it and the help shows it."""
    return typer.Option(None, "--lang", help=help)


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def pick_plan(state: State, repo: Repo, plan_arg: str | None) -> Plan:
    """The plan PLAN names (an id or a file), or the repository's only plan. UsageError otherwise."""
    if plan_arg is None:
        if len(repo.plans) == 1:
            return next(iter(repo.plans.values()))
        if not repo.plans:
            raise UsageError("không có kế hoạch hợp lệ nào trong plans/ (chạy `xhht check`)",
                             "there is no valid plan in plans/ (run `xhht check`)")
        raise UsageError("kho có nhiều kế hoạch: hãy ghi một trong số " + ", ".join(repo.plans),
                         "this repository has several plans: name one of " + ", ".join(repo.plans))
    if plan_arg in repo.plans:
        return repo.plans[plan_arg]
    from xhht.problems import display_path

    wanted = display_path(Path(plan_arg), repo.root)
    for pid, file in repo.plan_files.items():
        if file == wanted:
            return repo.plans[pid]
    plans = ", ".join(repo.plans) or "–"
    if plan_arg in repo.standards:  # a standard's id where a plan is asked (`form tt25-2023-xa`)
        raise UsageError(f"{plan_arg!r} là một chuẩn, không phải kế hoạch: lệnh này nhận một kế hoạch ({plans}); "
                         f"kết quả theo chuẩn: xhht evaluate {plan_arg} --year NĂM",
                         f"{plan_arg!r} is a standard, not a plan: this command takes a plan ({plans}); "
                         f"results by the standard: xhht evaluate {plan_arg} --year YEAR")
    raise UsageError(f"không có kế hoạch hợp lệ {plan_arg!r}: các kế hoạch là {plans}"
                     " (kế hoạch có lỗi bị bỏ qua: chạy `xhht check`)",
                     f"no valid plan {plan_arg!r}: the plans are {plans}"
                     " (a plan with errors is left out: run `xhht check`)")


def plan_errors(repo: Repo, plan: Plan) -> list:
    """The errors in the plan's file and the data it uses: what a comparison leaves out. A wrong
    setting of xhht.toml (read as unset: it leaves no figure out) is not one: `finish` says it apart."""
    from xhht.load.config import FILE

    return [p for p in repo.select([repo.root / repo.plan_files[plan.id]]) if p.severity == "error" and p.file != FILE]


def finish(state: State, repo: Repo, errors: list) -> None:
    """After a comparison: say how many errors of the plan or its data were left out of it, and the
    wrong settings of xhht.toml apart (read as unset, they leave no figure out); exit 1 if any."""
    from xhht.load.config import FILE

    errors = [p for p in errors if p.file != FILE]
    settings = [p for p in repo.problems if p.severity == "error" and p.file == FILE]
    if errors:
        typer.echo("xhht: " + state.say(f"cảnh báo: {len(errors)} lỗi trong kế hoạch hoặc số liệu của nó không được "
                                        "tính khi so sánh; chạy `xhht check` để xem",
                                        f"warning: {len(errors)} error(s) in the plan or its data were left out of "
                                        "the comparison; run `xhht check` to see them"), err=True)
    if settings:
        typer.echo("xhht: " + state.say(f"cảnh báo: xhht.toml có {len(settings)} lỗi thiết lập; các thiết lập sai được "
                                        "bỏ qua; chạy `xhht check` để xem",
                                        f"warning: xhht.toml has {len(settings)} wrong setting(s), read as unset; "
                                        "run `xhht check` to see them"), err=True)
    raise typer.Exit(1 if errors or settings else 0)


def need_openpyxl(state: State) -> None:
    """UsageError when openpyxl (`xhht[excel]`) is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise UsageError("lệnh này cần gói openpyxl, máy chưa cài: pip install openpyxl",
                         "this command needs openpyxl, which is not installed: pip install openpyxl") from None
