"""The state of one run of the command line, in one object made once, in `cli.main`.

The language is decided once, before the command line is parsed (`decide_lang`): `--lang X` (or
`--lang=X`) on the command line, else `lang` of the xhht.toml of the repository around the current
folder, else Vietnamese. So help and the parser's own errors are worded in it too. When a command
opens a repository whose xhht.toml says `lang` (the repository of a PATH given to `check`, a
revision's for `diff`) and no `--lang` was given, the language follows that file (`follow`); every
message after that reads `state.lang`.

Nothing else in cli/ keeps state: the commands read and write it through this object (the callback
sets `cache` and `debug`, opening a large repository sets `large`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xhht.repo import Repo

LANGS = ("vi", "en")
LARGE = 100_000  # figures held in memory from which a command ends with a quick exit (cli.run)


@dataclass
class State:
    lang: str = "vi"  # "vi" or "en": every message, help text and usage error
    lang_given: bool = False  # --lang was on the command line: no xhht.toml overrides it
    cache: bool = True  # --no-cache turns it off (so does XHHT_NO_CACHE=1: `use_cache`)
    debug: bool = False  # --debug: the traceback of an internal error
    large: bool = False  # a command loaded a large repository from its files (cli.run exits quickly)
    settings: dict[str, Any] = field(default_factory=dict)  # the xhht.toml of the repository opened

    def say(self, vi: str, en: str) -> str:
        """A text of the command line in the run's language."""
        return en if self.lang == "en" else vi

    def use_cache(self) -> bool:
        """Whether to read and write `.xhht/`: not with --no-cache, nor with XHHT_NO_CACHE set (but to 0)."""
        return self.cache and os.environ.get("XHHT_NO_CACHE", "") in ("", "0")

    def follow(self, settings: dict[str, Any]) -> None:
        """The settings of the repository a command opened: its `lang`, unless --lang was given."""
        self.settings = settings
        if not self.lang_given and settings.get("lang") in LANGS:
            self.lang = settings["lang"]

    def open_repo(self, start: Path | None = None) -> Repo:
        """The repository around `start` (the current folder by default), loaded (from the cache
        when it may), with a progress bar on a terminal when loading takes long. UsageError when
        there is none."""
        import gc

        from xhht.base.errors import UsageError
        from xhht.cli.progress import Progress
        from xhht.repo import find_root, load_repo

        root = find_root(start or Path.cwd())
        if root is None:
            raise UsageError("không có kho theo dõi ở đây: hãy chạy trong thư mục có plans/ (hoặc xhht.toml), "
                             "hoặc một thư mục bên trong nó",
                             "no tracker repository here: run inside a folder with plans/ (or xhht.toml), "
                             "or one below it")
        progress = Progress(self.say)
        enabled = gc.isenabled()
        gc.disable()
        try:
            repo = load_repo(root, cache=self.use_cache(), progress=progress)
        finally:
            progress.stop()
            # what was loaded lives to the end of the command: frozen before the collector is back
            # on, or its first collection would walk the million objects just made (0.8 s)
            gc.freeze()
            if enabled:
                gc.enable()
        self.follow(repo.config)
        # a table read from the files (a cache's figures are read an area at a time: not counted)
        self.large = repo.figures.held() >= LARGE
        return repo


def decide_lang(argv: list[str], cwd: Path | None) -> tuple[str, bool]:
    """(the language of the run, whether --lang gave it): `--lang X` or `--lang=X` in `argv`, else
    `lang` of the xhht.toml of the repository around `cwd`, else "vi". An invalid value or file
    gives no answer (the parser, or `xhht check`, says what is wrong with it)."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else \
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if value in LANGS:
            return value, True
    if cwd is not None:
        from xhht.load.config import find_root, lang_of

        try:
            root = find_root(cwd)
            lang = lang_of(root) if root is not None else None
        except OSError:
            lang = None
        if lang in LANGS:
            return lang, False
    return "vi", False


MAX_COLUMNS = 10_000  # COLUMNS or LINES beyond this (or not a whole number from 1) are taken as unset


def sane_terminal_size(environ: dict[str, str] | os._Environ = os.environ) -> None:
    """COLUMNS and LINES that are not a whole number from 1 to MAX_COLUMNS are removed from the
    environment, so every command takes them as unset (the terminal's size, else 80 columns):
    COLUMNS=0, which some CI containers export, made `check` and `status` print nothing."""
    for name in ("COLUMNS", "LINES"):
        value = environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_COLUMNS):
            del environ[name]


def start(argv: list[str]) -> State:
    """The state of a run of `xhht ARGV...`: its language decided, `--debug` known before parsing
    (an error while parsing is a bug to report too), the terminal's size sane (`sane_terminal_size`)."""
    sane_terminal_size()
    try:
        cwd: Path | None = Path.cwd()
    except OSError:  # the current folder was removed
        cwd = None
    lang, given = decide_lang(argv, cwd)
    return State(lang=lang, lang_given=given, debug="--debug" in argv)
