"""`xhht schema` and `xhht init`: the JSON Schema of plan files, and a new tracker repository."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command

if TYPE_CHECKING:
    from xhht.cli.state import State


def register(app: typer.Typer, state: State) -> None:
    @app.command("schema", cls=Command,
                 help="The JSON Schema (draft 2020-12) of plan files, for editors (VS Code's YAML extension) and "
                      "CI.")
    def schema(
        output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout (`-` is "
                                             "stdout); never onto an input."),
    ) -> None:
        from xhht.base.writing import write_output
        from xhht.load.config import find_root
        from xhht.model.schema import schema_json

        write_output(output, schema_json(), find_root(Path.cwd()))

    @app.command("init", cls=Command,
                 help="A new tracker repository: an example plan, areas, data, settings, README, CI workflow and "
                      "pre-commit.")
    def init(
        folder: Path = typer.Argument(..., metavar="DIR", help="A new or empty folder."),
        git: bool = typer.Option(True, "--git/--no-git", help="Run `git init` in it (default: yes, when git is "
                                 "installed)."),
    ) -> None:
        run_init(state, folder, git)


def run_init(state: State, folder: Path, git: bool) -> None:
    from xhht.cli.scaffold import ScaffoldError, scaffold

    try:
        written = scaffold(folder, git=git)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for rel in written:
        typer.echo(f"  {rel}")
    typer.echo(f"xhht: a new tracker repository in {folder}: edit plans/, areas.csv and data/, "
               "then run `xhht check` (README.md says how)")
