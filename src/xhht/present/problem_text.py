"""Printing problems: `file:line:col: severity[code] message` then the hint, or JSON; worded in
Vietnamese (the default) or English. The severity and the code are the same in every language.

Messages quote text from the user's files: it is shown as data (safetext), with the characters
nobody can see named (`<U+200B>`), newlines and tabs too (`for_terminal_line`): one problem is one
line, which no file name or cell can split or colour (a forged `::warning` or `file:line:` line).

Repeated identical problems of one cause (the same code and parameters: one missing area in
eight rows, a ragged row 500,000 times) are said once, with the number and the first places of
the others (`fold`). A flood of different ones is bounded: past LIMIT problems of one code in
one file, the rest are counted in one `more-problems` line (… và 1.400 lỗi `unknown-indicator`
khác trong data/x.csv), in every format; `xhht check --all` prints every one. Lines are written
as plain text (colours only on a terminal), not through rich: half a million lines print in
seconds.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import TextIO

from xhht.base.safetext import for_terminal_line, json_string
from xhht.problems import LIMIT, Problem, worded  # LIMIT: problems of one code in one file printed

# The words of a problem list (and of a GitHub annotation's hint, annotations.py).
WORDS = {
    "vi": {"hint": "gợi ý", "none": "không có lỗi", "error": "lỗi", "warning": "cảnh báo", "in": "trong",
           "file": "tệp", "files": "tệp", "others": "và {n} dòng khác: {where}"},
    "en": {"hint": "hint", "none": "no problems found", "error": "error", "warning": "warning", "in": "in",
           "file": "file", "files": "files", "others": "and {n} more: {where}"},
}
_SHOWN = 5  # places of the others of a folded problem named, then "…"

_BOLD, _RED, _YELLOW, _DIM, _GREEN, _RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[33m", "\x1b[2m", "\x1b[32m", "\x1b[0m"

Folded = tuple[Problem, list[Problem]]  # a problem and the identical ones of the same cause


def fold(problems: list[Problem]) -> list[Folded]:
    """Repeated identical problems of one cause (one missing area in eight rows: the same code and
    parameters) as the first of them and the others, in the order of the first."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.code, p.severity, repr(sorted(p.params.items()))), []).append(p)
    return [(group[0], group[1:]) for group in groups.values()]


def printed(problems: list[Problem], every: bool = False) -> list[Folded]:
    """The problems as every format prints them: folded (`fold`), then, unless `every`, past LIMIT
    of one code in one file the rest replaced by one `more-problems` (at that file) that counts
    every problem it stands for."""
    groups = fold(problems)
    if every:
        return groups
    seen: Counter[tuple[str, str]] = Counter()
    hidden: Counter[tuple[str, str]] = Counter()
    out: list[Folded | tuple[str, str]] = []
    for group in groups:
        key = (group[0].file, group[0].code)
        seen[key] += 1
        if seen[key] <= LIMIT:
            out.append(group)
            continue
        hidden[key] += 1 + len(group[1])
        if seen[key] == LIMIT + 1:
            out.append(key)  # where the count goes, filled in below
    if not hidden:
        return groups
    severity = {(p.file, p.code): p.severity for p in problems}
    return [g if isinstance(g, tuple) and isinstance(g[0], Problem) else (_more(g, hidden[g], severity[g]), [])
            for g in out]


def _more(key: tuple[str, str], n: int, severity: str) -> Problem:
    file, code = key
    return Problem(file, 0, 0, "more-problems", {"n": n, "code": code, "file": file, "one": True if n == 1 else None,
                                                  "warning": True if severity == "warning" else None}, severity)


def folded_message(message: str, others: list[Problem], lang: str) -> str:
    """`message (và 7 dòng khác: data/d.csv:3, …)`."""
    if not others:
        return message
    where = ", ".join(o.where for o in others[:_SHOWN]) + (", …" if len(others) > _SHOWN else "")
    return f"{message} ({WORDS[lang]['others'].format(n=count(len(others), lang), where=where)})"


def problem_lines(p: Problem, lang: str = "vi", colour: bool = False, others: list[Problem] | None = None) -> list[str]:
    """The line of one problem (with the places of the `others` like it), and its hint line, as text
    (ANSI colours with `colour`)."""
    message, hint = worded(p, lang)
    where, label = for_terminal_line(p.where), f"{p.severity}[{p.code}]"
    if colour:
        where, label = f"{_BOLD}{where}:{_RESET}", f"{_RED if p.severity == 'error' else _YELLOW}{label}{_RESET}"
    else:
        where += ":"
    out = [f"{where} {label} {for_terminal_line(folded_message(message, others or [], lang))}"]
    if hint:
        word = f"{_DIM}{WORDS[lang]['hint']}:{_RESET}" if colour else f"{WORDS[lang]['hint']}:"
        out.append(f"    {word} {for_terminal_line(hint)}")
    return out


def count(n: int, lang: str) -> str:
    """1.234 (vi), 1,234 (en)."""
    return f"{n:,}".replace(",", "." if lang == "vi" else ",")


def summary(problems: list[Problem], lang: str = "vi") -> str:
    """`2 lỗi, 1 cảnh báo trong 1 tệp` / `2 errors, 1 warning in 1 file`; `không có lỗi` when none."""
    w = WORDS[lang]
    if not problems:
        return w["none"]
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    plural = "s" if lang == "en" else ""
    parts = [f"{count(n, lang)} {w[sev]}{plural if n != 1 else ''}" for sev, n in sorted(counts.items())]
    return f"{', '.join(parts)} {w['in']} {count(files, lang)} {w['file'] if files == 1 else w['files']}"


def json_list(items: list[dict]) -> str:
    """`json.dumps(items, ensure_ascii=False, indent=2)` for a list of flat dicts of text, whole
    numbers and None (problems), the same data (byte for byte, but what nobody can see written
    as its \\u escape: safetext.json_string), without json's indenting encoder, which is pure
    Python (20 s for 500,000 problems; this takes a few)."""
    if not items:
        return "[]"
    text = json_string  # what nobody can see is written as its \\u escape

    def value(v: object) -> str:
        if isinstance(v, str):
            return text(v)
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, list):  # the places of a folded problem's others
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v) if isinstance(v, int) else json.dumps(v, ensure_ascii=False)

    return "[\n" + ",\n".join(
        "  {\n" + ",\n".join(f"    {text(k)}: {value(v)}" for k, v in item.items()) + "\n  }" if item else "  {}"
        for item in items) + "\n]"


def colour_wanted(stream: TextIO) -> bool:
    """Colours on a terminal (not with NO_COLOR, nor TERM=dumb); everywhere with FORCE_COLOR."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def print_problems(problems: list[Problem], fmt: str, lang: str = "vi", file: TextIO | None = None,
                   every: bool = False) -> None:
    """The problems as `xhht check` prints them, `fmt` "text" or "json" (`--format github` is
    annotations.py), folded and bounded (`printed`) unless `every`."""
    out = file or sys.stdout
    if lang not in WORDS:
        lang = "vi"
    shown = printed(problems, every)
    if fmt == "json":
        items = [{**p.as_dict(lang, worded=False), **dict(zip(("message", "hint"), worded(p, lang))),
                  "others": len(others), "also": [o.where for o in (others if every else others[:LIMIT])]}
                 for p, others in shown]
        out.write(json_list(items) + "\n")
        return
    colour = colour_wanted(out)
    lines = [line for p, others in shown for line in problem_lines(p, lang, colour, others)]
    last = summary(problems, lang)
    lines.append(f"{_GREEN}{last}{_RESET}" if colour and not problems else last)
    out.write("\n".join(lines) + "\n")
