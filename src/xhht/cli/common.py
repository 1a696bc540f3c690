"""What the commands share: the click classes that keep help free of internal type names, the
`--lang` option, picking a plan, and the warnings that close a comparison."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from xhht.base.errors import UsageError

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.model.records import Plan
    from xhht.repo import Repo

METAVARS = {"area": "CODE", "output": "FILE", "year": "YEAR", "into": "DIR", "files": "FILE"}


def plain_metavars(params: list) -> list:
    """Help without internal type names (`<bool>`, `<str>`, `<list[Path]>`): a flag shows no type, a
    value its metavar (PERIOD, AREA...) or the list of its choices (`<md|html|json>`)."""
    for p in params:
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


class Command(typer.core.TyperCommand):
    def get_params(self, ctx):  # noqa: ANN001, ANN201
        return plain_metavars(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    def get_params(self, ctx):  # noqa: ANN001, ANN201
        return plain_metavars(super().get_params(ctx))


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
    raise UsageError(f"không có kế hoạch hợp lệ {plan_arg!r}: các kế hoạch là {plans}"
                     " (kế hoạch có lỗi bị bỏ qua: chạy `xhht check`)",
                     f"no valid plan {plan_arg!r}: the plans are {plans}"
                     " (a plan with errors is left out: run `xhht check`)")


def warn_errors(state: State, errors: list) -> None:
    """After a comparison: how many errors of the plan or its data were left out of it."""
    if errors:
        typer.echo("xhht: " + state.say(f"cảnh báo: {len(errors)} lỗi trong kế hoạch hoặc số liệu của nó không được "
                                        "tính khi so sánh; chạy `xhht check` để xem",
                                        f"warning: {len(errors)} error(s) in the plan or its data were left out of "
                                        "the comparison; run `xhht check` to see them"), err=True)


def need_openpyxl(state: State) -> None:
    """UsageError when openpyxl (`xhht[excel]`) is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise UsageError("this command needs openpyxl, which is not installed: pip install 'xhht[excel]'") from None
