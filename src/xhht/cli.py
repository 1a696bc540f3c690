"""The command line: a thin layer over the library (repo -> check / compare -> render).

Exit codes: 0 success, 1 the data has errors, 2 usage error. Heavy modules are imported
inside the commands that need them, so `xhht --help` starts fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht import __version__

if TYPE_CHECKING:
    from xhht.repo import Repo

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Track the targets (chỉ tiêu) of 'Xây dựng xã hội học tập' plans against what was achieved.",
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xhht {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """xhht: plans (plans/*.yaml), areas (areas.csv) and figures (data/**/*.csv) in a git repository."""


def _usage(message: str) -> typer.Exit:
    typer.echo(f"xhht: {message}", err=True)
    return typer.Exit(2)


def _open_repo(start: Path | None = None) -> Repo:
    from xhht.repo import find_root, load_repo

    root = find_root(start or Path.cwd())
    if root is None:
        raise _usage("no tracker repository here: run inside a folder with plans/ (or xhht.toml), "
                     "or one below it")
    return load_repo(root)


@app.command()
def check(
    paths: Optional[list[Path]] = typer.Argument(None, help="Plan, areas or data files (or folders) to check; "
                                                  "all of the repository by default."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the check too (exit 1)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Validate plans, areas and data: each problem as file:line:col, severity, code, message and hint."""
    from xhht.problem_output import print_problems

    for p in paths or []:
        if not p.exists():
            raise _usage(f"{p}: no such file or folder")
    start = None
    if paths:
        first = paths[0].resolve()
        start = first if first.is_dir() else first.parent
    repo = _open_repo(start)
    problems = repo.select(paths) if paths else repo.problems
    strict = strict or bool(repo.config.get("strict"))
    print_problems(problems, fmt.value)
    failing = [p for p in problems if p.severity == "error" or strict]
    raise typer.Exit(1 if failing else 0)


def main() -> None:
    """The console script: never a traceback, whatever the input."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last net under every command
        print(f"xhht: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in xhht, not in your files: please report it with the command you ran.",
              file=sys.stderr)
        sys.exit(1)
