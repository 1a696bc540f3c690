"""The texts of typer and click themselves (help headings, parser errors) in the run's language.

Everything xhht prints in Vietnamese (the default) is Vietnamese (docs/commands.md): its own texts
are written in both languages where they are declared (`State.say`, `UsageError(vi, en)`); the
texts that typer and click print are translated here:

- `install(lang)`, once a run, in `cli.app.build_app`: the `_` (gettext) of the loaded typer and
  click modules (typer.core; the `click` package of older typer) becomes a look-up in `GETTEXT`;
- `install_rich(lang)`, when help or an error is about to be printed (rich is imported only then):
  the headings of typer's rich_utils (`Options`, `Arguments`, `[default: …]`, `Error`, `Try …`);
- `translate_error(e, lang)`: the message of a click error, whichever click made it (typer ≥ 0.29
  vendors click as `typer._click`, without gettext), read back from its English text by `ERRORS`;
- `USAGE` and `HELP_OPTION`: the usage line's prefix and the help option's help (cli/common.py).

English is click's own text: with `--lang en` every function here puts back what typer prints.
"""

from __future__ import annotations

import re
import sys
from typing import Any

USAGE = {"vi": "Cách dùng: ", "en": "Usage: "}
HELP_OPTION = {"vi": "Hiện hướng dẫn này rồi thoát.", "en": "Show this message and exit."}

# typer.rich_utils' constants: (English, as typer has them; Vietnamese)
RICH = {
    "DEPRECATED_STRING": ("(deprecated) ", "(không dùng nữa) "),
    "DEFAULT_STRING": ("[default: {}]", "[mặc định: {}]"),
    "ENVVAR_STRING": ("[env var: {}]", "[biến môi trường: {}]"),
    "REQUIRED_LONG_STRING": ("[required]", "[bắt buộc]"),
    "ARGUMENTS_PANEL_TITLE": ("Arguments", "Đối số"),
    "OPTIONS_PANEL_TITLE": ("Options", "Tùy chọn"),
    "COMMANDS_PANEL_TITLE": ("Commands", "Lệnh"),
    "ERRORS_PANEL_TITLE": ("Error", "Lỗi"),
    "ABORTED_TEXT": ("Aborted.", "Đã dừng."),
    "RICH_HELP": ("Try [blue]'{command_path} {help_option}'[/] for help.",
                  "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/]"),
}

# The gettext msgids of typer.core and of the click package (older typer): English -> Vietnamese.
GETTEXT = {
    "(dynamic)": "(tùy lúc chạy)",
    "Aborted!": "Đã dừng.",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Usage:": "Cách dùng:",
    "Show this message and exit.": HELP_OPTION["vi"],
    "Show the version and exit.": "In phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Try {command!r} for help.": "Xem hướng dẫn: {command!r}.",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa đối số ({args})",
    "No such option: {name}": "Không có tùy chọn {name}",
    "Did you mean {possibility}?": "Có phải là {possibility}?",
    "(Possible options: {possibilities})": "(có thể là: {possibilities})",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "{value!r} is not a valid integer.": "{value!r} không phải một số nguyên.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong các giá trị {choices}.",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
}

_P = r"(?P<param>.+?)"
# The message of a click error, as the English click and typer (≥ 0.29: pydantic's words too) make it.
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), vi) for p, vi in (
    (r"No such option: (?P<opt>\S+) \(Possible options: (?P<alts>.+)\)",
     "Không có tùy chọn {opt} (có phải là: {alts}?)"),
    (r"No such option: (?P<opt>\S+)\s+Did you mean (?P<alts>.+)\?", "Không có tùy chọn {opt} (có phải là: {alts}?)"),
    (r"No such option: (?P<opt>\S+)", "Không có tùy chọn {opt}"),
    (rf"Invalid value for {_P}: (?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.+?)\.?",
     "Giá trị không hợp lệ cho {param}: {value} không phải một trong các giá trị {choices}."),
    (rf"Invalid value for {_P}: (?:Value error, )?(?P<value>'.*') is not (?P<choices>'.+?')\.?",
     "Giá trị không hợp lệ cho {param}: {value} không phải {choices}."),
    (rf"Invalid value for {_P}: (?:Input should be a valid integer.*|(?P<value>'.*') is not a valid integer\.)",
     "Giá trị không hợp lệ cho {param}: phải là một số nguyên."),
    (rf"Invalid value for {_P}: (?:Input should be a valid number.*|(?P<value>'.*') is not a valid float\.)",
     "Giá trị không hợp lệ cho {param}: phải là một số."),
    (rf"Invalid value for {_P}: (?:Input should be a valid boolean.*|(?P<value>'.*') is not a valid boolean\.)",
     "Giá trị không hợp lệ cho {param}: phải là có hoặc không."),
    (rf"Invalid value for {_P}: (?P<rest>.*)", "Giá trị không hợp lệ cho {param}: {rest}"),
    (r"Missing argument (?P<name>.+?)\.", "Thiếu đối số {name}."),
    (r"Missing option (?P<name>.+?)\.", "Thiếu tùy chọn {name}."),
    (r"Missing parameter:? ?(?P<name>.*?)\.?", "Thiếu tham số {name}."),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)", "Thừa đối số ({args})"),
    (r"No such command (?P<name>'.*')\.", "Không có lệnh {name}."),
    (r"Missing command\.", "Thiếu lệnh."),
    (r"Option (?P<opt>'.+?') requires an argument\.", "Tùy chọn {opt} cần một giá trị."),
    (r"Option (?P<opt>'.+?') requires (?P<n>\d+) arguments\.", "Tùy chọn {opt} cần {n} giá trị."),
    (r"Option (?P<opt>'.+?') does not take a value\.", "Tùy chọn {opt} không nhận giá trị."),
    (r"Argument (?P<arg>'.+?') takes (?P<n>\d+) values\.", "Đối số {arg} cần {n} giá trị."),
))

# the modules whose `_` is gettext's: typer's own, and those of the click package older typer uses
GETTEXT_MODULES = ("typer.core", "typer.main", "click.core", "click.parser", "click.exceptions", "click.types",
                   "click.decorators", "click.formatting", "click.termui", "click.utils", "click.shell_completion")


def vi_message(english: str) -> str:
    """The Vietnamese of a click error message; the English when none of `ERRORS` reads it."""
    for pattern, vi in ERRORS:
        m = pattern.fullmatch(english.strip())
        if m is not None:
            return vi.format(**{k: v or "" for k, v in m.groupdict().items()})
    return english


def _gettext_vi(message: str) -> str:
    return GETTEXT.get(message, message)


def _ngettext_vi(singular: str, plural: str, n: int) -> str:
    return GETTEXT.get(singular if n == 1 else plural, singular if n == 1 else plural)


def _gettext_en(message: str) -> str:
    return message


def _ngettext_en(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def install(lang: str) -> None:
    """The `_` (and `ngettext`) of the loaded typer and click modules in `lang` (English: as
    gettext without a catalogue gives it, the msgid itself)."""
    import gettext

    for name in GETTEXT_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if getattr(module, "_", None) in (gettext.gettext, _gettext_vi, _gettext_en):
            module._ = _gettext_vi if lang == "vi" else _gettext_en
        if getattr(module, "ngettext", None) in (gettext.ngettext, _ngettext_vi, _ngettext_en):
            module.ngettext = _ngettext_vi if lang == "vi" else _ngettext_en


def install_rich(lang: str) -> None:
    """typer.rich_utils' headings in `lang`; called just before help or an error is printed."""
    try:
        from typer import rich_utils
    except ImportError:  # a typer without rich
        return
    for name, (en, vi) in RICH.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, vi if lang == "vi" else en)


def translate_error(e: Any, lang: str) -> None:
    """A click error about to be printed (typer's `_main` prints it), in `lang`: its message read
    back from the English (`vi_message`), and typer's headings (`install_rich`)."""
    install_rich(lang)
    if lang != "vi" or getattr(e, "xhht_lang", None) == lang:
        return
    english = e.format_message
    e.format_message = lambda: vi_message(english())
    e.xhht_lang = lang
    plain_show = getattr(e, "show", None)
    if plain_show is not None:  # without rich (TYPER_USE_RICH=0): click's own "Error: " and "Try …"
        e.show = lambda file=None: _show_vi(e, file)


def _show_vi(e: Any, file: Any = None) -> None:
    import typer

    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"Xem hướng dẫn: '{ctx.command_path} {ctx.help_option_names[0]}'\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=file is None, file=file)
    typer.echo(f"Lỗi: {e.format_message()}", err=file is None, file=file)
