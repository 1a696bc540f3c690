"""Printing problems: `file:line:col: severity[code] message` then the hint, or JSON; worded in
Vietnamese (the default) or English. The severity and the code are the same in every language.

Messages quote text from the user's files: it is shown as data (safetext), with the characters
nobody can see named (`<U+200B>`) and nothing that rich or the terminal would interpret.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TextIO

from xhht.base.safetext import for_terminal, name_invisible
from xhht.present.console import for_rich
from xhht.problems import Problem, worded

# The words of a problem list (and of a GitHub annotation's hint, annotations.py).
WORDS = {
    "vi": {"hint": "gợi ý", "none": "không có lỗi", "error": "lỗi", "warning": "cảnh báo", "in": "trong",
           "file": "tệp", "files": "tệp", "others": "và {n} dòng khác: {where}"},
    "en": {"hint": "hint", "none": "no problems found", "error": "error", "warning": "warning", "in": "in",
           "file": "file", "files": "files", "others": "and {n} more: {where}"},
}
_SHOWN = 5  # places of the others named, then "…"


def fold(problems: list[Problem]) -> list[tuple[Problem, list[Problem]]]:
    """Repeated identical problems of one cause (one missing area in eight rows: the same code and
    parameters) as the first of them and the others, in the order of the first."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.code, p.severity, repr(sorted(p.params.items()))), []).append(p)
    return [(group[0], group[1:]) for group in groups.values()]


def folded_message(message: str, others: list[Problem], lang: str) -> str:
    """`message (và 7 dòng khác: data/d.csv:3, …)`."""
    if not others:
        return message
    where = ", ".join(name_invisible(o.where) for o in others[:_SHOWN]) + (", …" if len(others) > _SHOWN else "")
    return f"{message} ({WORDS[lang]['others'].format(n=len(others), where=where)})"


def problem_lines(p: Problem, lang: str = "vi", others: list[Problem] | None = None) -> list[str]:
    """The line of one problem (with the places of the `others` like it), and its hint line, as plain text."""
    message, hint = worded(p, lang)
    out = [f"{name_invisible(p.where)}: {p.severity}[{p.code}] {folded_message(message, others or [], lang)}"]
    if hint:
        out.append(f"    {WORDS[lang]['hint']}: {hint}")
    return out


def summary(problems: list[Problem], lang: str = "vi") -> str:
    """`2 lỗi, 1 cảnh báo trong 1 tệp` / `2 errors, 1 warning in 1 file`; `không có lỗi` when none."""
    w = WORDS[lang]
    if not problems:
        return w["none"]
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    plural = "s" if lang == "en" else ""
    parts = [f"{n} {w[sev]}{plural if n != 1 else ''}" for sev, n in sorted(counts.items())]
    return f"{', '.join(parts)} {w['in']} {files} {w['file'] if files == 1 else w['files']}"


def print_problems(problems: list[Problem], fmt: str, lang: str = "vi", file: TextIO | None = None) -> None:
    """The problems as `xhht check` prints them: `fmt` "text" (on a rich console) or "json".
    (`--format github` is annotations.py.)"""
    out = file or sys.stdout
    if lang not in WORDS:
        lang = "vi"
    if fmt == "json":
        items = [{**p.as_dict(lang, worded=False), **dict(zip(("message", "hint"), worded(p, lang))),
                  "others": len(others), "also": [o.where for o in others]} for p, others in fold(problems)]
        print(json.dumps(items, ensure_ascii=False, indent=2), file=out)
        return
    from rich.console import Console

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    for p, others in fold(problems):
        style = "bold red" if p.severity == "error" else "yellow"
        label = for_rich(f"{p.severity}[{p.code}]")
        message, hint = worded(p, lang)
        message = folded_message(message, others, lang)
        console.print(f"[bold]{for_rich(name_invisible(p.where))}:[/bold] [{style}]{label}[/{style}] "
                      f"{for_rich(for_terminal(message))}")
        if hint:
            console.print(f"    [dim]{WORDS[lang]['hint']}:[/dim] {for_rich(for_terminal(hint))}")
    if problems:
        console.print(summary(problems, lang))
    else:
        console.print(f"[green]{summary(problems, lang)}[/green]")
