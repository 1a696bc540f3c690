"""Printing problems: `file:line:col: severity[code] message` then the hint, or JSON.

Messages quote text from the user's files: it is shown as data (safetext), with the characters
nobody can see named (`<U+200B>`) and nothing that rich or the terminal would interpret.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TextIO

from xhht.problems import Problem
from xhht.safetext import for_rich, for_terminal, name_invisible


def _shown(text: str) -> str:
    return for_terminal(name_invisible(text))


def print_problems(problems: list[Problem], fmt: str, file: TextIO | None = None) -> None:
    out = file or sys.stdout
    if fmt == "json":
        records = [{**p.as_dict(), "message": name_invisible(p.message),
                    "hint": name_invisible(p.hint) if p.hint else p.hint} for p in problems]
        print(json.dumps(records, ensure_ascii=False, indent=2), file=out)
        return
    from rich.console import Console

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    for p in problems:
        style = "bold red" if p.severity == "error" else "yellow"
        label = for_rich(f"{p.severity}[{p.code}]")
        console.print(f"[bold]{for_rich(_shown(p.where))}:[/bold] [{style}]{label}[/{style}] "
                      f"{for_rich(_shown(p.message))}")
        if p.hint:
            console.print(f"    [dim]hint:[/dim] {for_rich(_shown(p.hint))}")
    counts = Counter(p.severity for p in problems)
    if problems:
        files = len({p.file for p in problems})
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items())]
        console.print(f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}")
    else:
        console.print("[green]no problems found[/green]")
