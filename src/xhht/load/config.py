"""xhht.toml: where a tracker repository's root is, and its settings (all optional).

    lang = "en"      # the language of messages, reports and help (default "vi")
    strict = true    # warnings fail `xhht check` too

    [report]         # what every review of the repository shares (docs/reports.md): a report
    parent_body = "UBND tỉnh Hậu Giang"   # text file (reports/*.md) may say otherwise
    body = "Sở Giáo dục và Đào tạo"
    place = "Hậu Giang"
    recipients = ["UBND tỉnh (để báo cáo)", "Lưu: VT"]
    [report.signer]
    authority = "KT. GIÁM ĐỐC"
    title = "PHÓ GIÁM ĐỐC"

`find_root` finds the repository as git finds `.git`; `read_config` reads the settings with their
problems (for `xhht check`); `lang_of` only the language, for the command line before it parses
its arguments (cli/state.py): it imports nothing heavy, and an invalid file simply gives no answer.
Both go through `parse`, the one reading of the file's text, and `safe_io` (bounded, inside the
repository, a regular file).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xhht.load.safe_io import MAX_CONFIG_BYTES, bad_character_params, read_file, refused_characters

if TYPE_CHECKING:
    from xhht.problems import Problem

FILE = "xhht.toml"
KEYS = {"lang": ("vi", "en"), "strict": (True, False), "report": None}
# The [report] table: each key and what it holds (the front matter of a report text file has the same).
REPORT_TEXTS = ("parent_body", "body", "place")
REPORT_KEYS = (*REPORT_TEXTS, "signer", "recipients")
SIGNER_KEYS = ("authority", "title", "name")
MAX_TEXT = 500  # characters of one value (as a report text file's front matter)
MAX_LIST = 40
MAX_DEPTH = 20


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` with xhht.toml or plans/ (as git finds .git)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / FILE).is_file() or (folder / "plans").is_dir():
            return folder
    return None


Fault = tuple  # a problem code of xhht.toml, its parameters and (when known) its line: (code, params[, line])


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
        if key == "report":
            report, more = _report(value, text)
            faults += more
            if report:
                settings[key] = report
        elif allowed is None:
            faults.append(("unknown-setting", {"key": key, "known": tuple(KEYS)}))
        elif value not in allowed:
            faults.append(("bad-setting", {"key": key, "value": _toml(value),
                                           "allowed": tuple(_toml(v) for v in allowed)}))
        else:
            settings[key] = value
    return settings, faults


def _report(table: object, source: str) -> tuple[dict[str, Any], list[Fault]]:
    """The valid keys of the [report] table, and a fault for each key that is unknown or wrong. A
    TOML string can write any character as an escape (`"\\u001b]0;…"`, `"\\u202e"`) in a file of plain
    ASCII: each text is held to the rule of the files' own characters (`bad-character` at its key's
    line, read as a space), as YAML's escapes are."""
    if not isinstance(table, dict):
        return {}, [("bad-setting", {"key": "report", "expected": "setting-table"})]
    out: dict[str, Any] = {}
    faults: list[Fault] = []
    for key, value in table.items():
        name = f"report.{key}"
        if key in REPORT_TEXTS:
            if _text(value):
                out[key] = _plain(value, key, source, faults)
            else:
                faults.append(("bad-setting", {"key": name, "expected": _phrase("setting-text", limit=MAX_TEXT)}))
        elif key == "recipients":
            if isinstance(value, list) and len(value) <= MAX_LIST and all(_text(v) for v in value):
                out[key] = tuple(_plain(v, key, source, faults) for v in value)
            else:
                faults.append(("bad-setting", {"key": name, "expected": _phrase("setting-texts", limit=MAX_LIST)}))
        elif key == "signer":
            if not isinstance(value, dict):
                faults.append(("bad-setting", {"key": name, "expected": "setting-table"}))
                continue
            signer = {}
            for part, text in value.items():
                if part not in SIGNER_KEYS:
                    faults.append(("unknown-setting", {"key": f"{name}.{part}", "known": SIGNER_KEYS}))
                elif _text(text):
                    signer[part] = _plain(text, part, source, faults)
                else:
                    faults.append(("bad-setting", {"key": f"{name}.{part}",
                                                   "expected": _phrase("setting-text", limit=MAX_TEXT)}))
            if signer:
                out[key] = signer
        else:
            faults.append(("unknown-setting", {"key": name, "known": REPORT_KEYS}))
    return out, faults


def _text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _plain(value: str, key: str, source: str, faults: list[Fault]) -> str:
    """`value` with each character no repository text may hold a `bad-character` fault (at the first
    line that sets `key`) and read as a space; NFC."""
    if value.isprintable():
        return unicodedata.normalize("NFC", value)
    for ch in refused_characters(value):
        faults.append(("bad-character", bad_character_params(ch), _line_of(key, source)))
        value = value.replace(ch, " ")
    return unicodedata.normalize("NFC", value)


def _line_of(key: str, source: str) -> int:
    """The first line of `source` that sets `key` (`key = …`), else 1."""
    m = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', source, re.MULTILINE)
    return source.count("\n", 0, m.start()) + 1 if m else 1


def _phrase(key: str, **params: Any):
    """A catalogue phrase (imported only when a setting is wrong: `--help` reads this file)."""
    from xhht.problems.catalogue import phrase

    return phrase(key, **params)


def read_config(root: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The settings of `root`/xhht.toml ({} without one) and its problems."""
    if not os.path.lexists(root / FILE):
        return {}, []
    text, problems = read_file(root, FILE, MAX_CONFIG_BYTES)
    if text is None:
        return {}, problems
    settings, faults = parse(text)
    if faults:
        from xhht.problems import Loc, did_you_mean

        for code, params, *line in faults:  # a text's bad character comes with the line that sets it
            if code == "unknown-setting":  # did you mean: `report.sigenr` -> `signer`
                params = {**params, "guess": did_you_mean(params["key"].rsplit(".", 1)[-1], params["known"])}
            where = (line[0], 0) if line else place(text, code, params)
            problems.append(Loc(FILE, *where).problem(code, **params))
    return settings, problems


def place(text: str, code: str, params: dict[str, Any]) -> tuple[int, int]:
    """Where a fault of xhht.toml is: the line and column of its key (`report.signer.nmae` under
    `[report.signer]`, as `signer.nmae = …` under `[report]`, or inside an inline table on the line
    of `signer = {…}`), the line TOML's reader names for a syntax error, else the first line."""
    if code == "config-syntax":
        found = re.search(r"line (\d+), column (\d+)", str(params.get("detail", "")))
        return (int(found[1]), int(found[2])) if found else (1, 0)
    key = str(params.get("key", ""))
    if not key:
        return 1, 0
    want = key.split(".")
    table: list[str] = []
    best = (0, (1, 0))  # (how much of the key the line names, (line, column))
    for n, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header[1])
            if table == want:
                return n, line.index(header[1]) + 1
            continue
        assigned = _ASSIGN.match(line)
        if not assigned:
            continue
        path = table + _dotted(assigned[1])
        column = len(line) - len(line.lstrip()) + 1
        if path == want:
            return n, column
        if path == want[:len(path)] and len(path) > best[0]:  # `signer = { nmae = … }`: the inner key
            inner = re.search(rf"[{{,]\s*({re.escape(want[len(path)])})\s*=", line)
            best = (len(path), (n, inner.start(1) + 1 if inner else column))
    return best[1]


_HEADER = re.compile(r"\s*\[\s*([^\[\]#]+?)\s*\]")
_ASSIGN = re.compile(r"\s*([A-Za-z0-9_\-\.\"' ]+?)\s*=")


def _dotted(key: str) -> list[str]:
    """`report . "signer"` -> ["report", "signer"] (bare or quoted parts)."""
    return [part.strip().strip("\"'") for part in key.split(".")]


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
