"""Printing problems: `file:line:col: severity[code] message` then the hint, or JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from xhht.problems import Problem


def print_problems(problems: list[Problem], fmt: str, root: Path | None = None) -> None:
    if fmt == "github":
        from xhht.annotations import github_annotations

        text = github_annotations(problems, root)
        if text:
            print(text)
        return
    if fmt == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for p in problems:
        style = "bold red" if p.severity == "error" else "yellow"
        label = escape(f"{p.severity}[{p.code}]")
        console.print(f"[bold]{escape(p.where)}:[/bold] [{style}]{label}[/{style}] {escape(p.message)}")
        if p.hint:
            console.print(f"    [dim]hint:[/dim] {escape(p.hint)}")
    counts = Counter(p.severity for p in problems)
    if problems:
        files = len({p.file for p in problems})
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items())]
        console.print(f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}")
    else:
        console.print("[green]no problems found[/green]")
