"""The typer app of one run: built from the run's `State`, so that every help text is in its language.

Each command module has `register(app, state)`, which declares its commands (their options and help)
and calls a plain function with the body. Heavy modules are imported inside those functions, so
`xhht --version` and `xhht --help` start fast (tests/test_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from xhht import __version__
from xhht.cli import areas, check, excel, history, review, setup
from xhht.cli.common import Group

if TYPE_CHECKING:
    from xhht.cli.state import State

COMMANDS = (check, review, history, setup, excel, areas)  # in the order `xhht --help` lists them


def build_app(state: State) -> typer.Typer:
    app = typer.Typer(
        cls=Group,
        add_completion=False,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        help="Track the targets (chỉ tiêu) of 'Xây dựng xã hội học tập' plans against what was achieved.",
    )

    def _version(value: bool) -> None:
        if value:
            typer.echo(f"xhht {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print the version and exit."),
             debug: bool = typer.Option(False, "--debug", help="On an internal error, print the traceback."),
             no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache of checked "
                                           "figures in .xhht/ (also XHHT_NO_CACHE=1).")) -> None:
        """xhht: plans (plans/*.yaml), areas (areas.csv) and figures (data/**/*.csv) in a git repository."""
        state.debug = state.debug or debug
        state.cache = not no_cache

    for module in COMMANDS:
        module.register(app, state)
    return app
