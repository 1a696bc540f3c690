"""xhht.toml: where a tracker repository's root is, and its settings (all optional).

    lang = "en"      # the language of messages, reports and help (default "vi")
    strict = true    # warnings fail `xhht check` too

`find_root` finds the repository as git finds `.git`; `read_config` reads the settings with their
problems (for `xhht check`); `lang_of` only the language, for the command line before it parses
its arguments (cli/state.py): it imports nothing heavy, and an invalid file simply gives no answer.
Both go through `parse`, the one reading of the file's text, and `safe_io` (bounded, inside the
repository, a regular file).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xhht.load.safe_io import MAX_CONFIG_BYTES, read_file

if TYPE_CHECKING:
    from xhht.problems import Problem

FILE = "xhht.toml"
KEYS = {"lang": ("vi", "en"), "strict": (True, False)}
MAX_DEPTH = 20


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` with xhht.toml or plans/ (as git finds .git)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / FILE).is_file() or (folder / "plans").is_dir():
            return folder
    return None


Fault = tuple[str, dict[str, Any]]  # a problem code of xhht.toml and its parameters


def parse(text: str) -> tuple[dict[str, Any], list[Fault]]:
    """The valid settings of an xhht.toml text, and what is wrong with it (problem codes and
    their parameters, at the file's first line). A key that is wrong does not hide the others."""
    depth = _nesting(text)
    if depth > MAX_DEPTH:  # tomllib recurses: refuse deep nesting before parsing
        return {}, [("config-syntax", {"detail": f"nested {depth} levels deep"})]
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [("config-syntax", {"detail": str(exc)})]
    except RecursionError:  # belt and braces: _nesting already refused it
        return {}, [("config-syntax", {"detail": "nested too deeply"})]
    settings: dict[str, Any] = {}
    faults: list[Fault] = []
    for key, value in data.items():
        allowed = KEYS.get(key)
        if allowed is None:
            faults.append(("unknown-setting", {"key": key, "known": tuple(KEYS)}))
        elif value not in allowed:
            faults.append(("bad-setting", {"key": key, "value": _toml(value),
                                           "allowed": tuple(_toml(v) for v in allowed)}))
        else:
            settings[key] = value
    return settings, faults


def read_config(root: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The settings of `root`/xhht.toml ({} without one) and its problems."""
    if not os.path.lexists(root / FILE):
        return {}, []
    text, problems = read_file(root, FILE, MAX_CONFIG_BYTES)
    if text is None:
        return {}, problems
    settings, faults = parse(text)
    if faults:
        from xhht.problems import Loc

        problems += [Loc(FILE, 1, 0).problem(code, **params) for code, params in faults]
    return settings, problems


def lang_of(root: Path) -> str | None:
    """The `lang` of `root`/xhht.toml, or None (no file, no such setting, or a file that cannot be
    read or parsed: `xhht check` says why)."""
    if not os.path.lexists(root / FILE):
        return None
    text, _problems = read_file(root, FILE, MAX_CONFIG_BYTES)
    return None if text is None else parse(text)[0].get("lang")


def _nesting(text: str) -> int:
    """An upper bound of how deep `[`/`{` nest in a TOML text (brackets in strings count too)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _toml(value: object) -> str:
    """A value as it is written in TOML: "vi", true."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
