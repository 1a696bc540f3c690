"""The typer app of one run: built from the run's `State`, so that every help text is in its language.

Each command module has `register(app, state)`, which declares its commands (their options and help)
and calls a plain function with the body. Heavy modules are imported inside those functions, so
`xhht --version` and `xhht --help` start fast (tests/test_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer

from xhht import __version__
from xhht.cli import areas, check, excel, history, missing, review, scorecard, setup, standards, texts
from xhht.cli.common import Group, Lang, lang_option

if TYPE_CHECKING:
    from xhht.cli.state import State

COMMANDS = (check, review, scorecard, standards, history, setup, excel, missing, areas)  # in the order `xhht --help` lists them


def build_app(state: State) -> typer.Typer:
    """The app of one run, every text in `state.lang` (typer's and click's own too: cli/texts.py).
    Call it with `obj=state`, which every context then carries (cli/common.py reads it)."""
    texts.install(state.lang)
    say = state.say
    app = typer.Typer(
        cls=Group,
        add_completion=False,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        help=say("Theo dõi việc thực hiện các chỉ tiêu của kế hoạch xây dựng xã hội học tập so với kết quả đạt "
                 "được.",
                 "Track the targets (chỉ tiêu) of 'Xây dựng xã hội học tập' plans against what was achieved."),
    )

    def _version(value: bool) -> None:
        if value:
            typer.echo(f"xhht {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help=say("In phiên bản rồi thoát.", "Print the version and exit.")),
             debug: bool = typer.Option(False, "--debug", help=say("Khi xhht gặp lỗi nội bộ, in đầy đủ chi tiết "
                                                                  "lỗi.",
                                                                  "On an internal error, print the traceback.")),
             no_cache: bool = typer.Option(False, "--no-cache", help=say(
                 "Không đọc và không ghi bộ nhớ đệm của số liệu đã kiểm tra trong .xhht/ (tương đương "
                 "XHHT_NO_CACHE=1).",
                 "Neither read nor write the cache of checked figures in .xhht/ (also XHHT_NO_CACHE=1).")),
             lang: Optional[Lang] = lang_option(say("Ngôn ngữ của hướng dẫn và thông báo: vi (mặc định) hoặc en; "
                                                    "cũng đặt được trong lệnh, hoặc lang trong xhht.toml.",
                                                    "Language of the help and the messages: vi (default) or en; "
                                                    "also after the command, or lang in xhht.toml."))) -> None:
        state.debug = state.debug or debug
        state.cache = not no_cache

    for module in COMMANDS:
        module.register(app, state)
    return app
