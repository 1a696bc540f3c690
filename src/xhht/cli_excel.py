"""The bodies of `xhht form` and `xhht import` (cli.py keeps only their signatures)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from xhht.atomic import repo_input, write_all
from xhht.models import Plan
from xhht.repo import Repo

Usage = Callable[[str], typer.Exit]


def form_command(repo: Repo, plan: Plan, year: int, area: str | None, output: Path, usage: Usage) -> None:
    from xhht.form_rows import form_rows, target_years
    from xhht.xlsx_form import build_workbook

    if output.is_dir():
        raise usage(f"-o: {output} is a folder")
    if output.suffix.lower() != ".xlsx":
        raise usage(f"-o: {output} must end in .xlsx (Excel refuses a workbook under another name)")
    inside = repo_input(output, repo.root)
    if inside:
        raise usage(f"-o: {output} is in the repository's {inside}: xhht never writes onto its input files; "
                    "write the form elsewhere")
    if not output.resolve().parent.is_dir():
        raise usage(f"-o: the folder {output.resolve().parent} does not exist")
    if plan.area is None:
        raise usage(f"the plan {plan.id} has no `area`: a form needs the area whose figures it collects")
    if area is not None and not repo.area_known(area):
        raise usage(f"--area: the area {area!r} is not in areas.csv")
    rows = form_rows(plan, repo.areas, year)
    if not rows:
        years = ", ".join(map(str, target_years(plan))) or "none"
        raise usage(f"--year: the plan {plan.id} has no target in {year} (years with targets: {years})")
    if area is not None:
        rows = [r for r in rows if r.area == area]
        if not rows:
            raise usage(f"--area: the plan {plan.id} needs no figure of {area} ({repo.areas.name(area)}) "
                        f"in {year}")
    data = build_workbook(plan, repo.areas, rows, year, area)
    write_all({output: data})
    indicators = len({r.indicator.id for r in rows})
    units = len({r.area for r in rows})
    typer.echo(f"wrote {output}: {_n(len(rows), 'row')} ({_n(indicators, 'indicator')}, {_n(units, 'unit')}) "
               f"for {plan.id}, {year}", err=True)


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def import_command(repo: Repo, files: list[Path], into: Path | None, replace: bool, usage: Usage) -> None:
    from xhht.importer import ImportUsageError, check_inputs, run_import

    try:
        check_inputs(files)
    except ImportUsageError as exc:
        raise usage(str(exc)) from None
    if into is not None:
        inside = repo_input(into, repo.root, allowed=("data",))
        if inside:
            raise usage(f"--into: {into} is in the repository's {inside}: figures go to data/ or outside")
        if into.exists() and not into.is_dir():
            raise usage(f"--into: {into} is not a folder")
        into = into.resolve()
    result = run_import(files, repo, into, replace)
    for message in result.detected:
        typer.echo(message)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        for p in result.problems:
            typer.echo(f"{p.where}: {p.severity}[{p.code}] {p.message}")
            if p.hint:
                typer.echo(f"    hint: {p.hint}")
        typer.echo(f"{len(errors)} error{'s' if len(errors) != 1 else ''}: nothing was written; "
                   "correct the cells and import again")
        raise typer.Exit(1)
    for message in result.messages:
        typer.echo(message)
    write_all(result.writes)
    for path in sorted(result.writes):
        typer.echo(f"wrote {_show_path(path, repo.root)}")
    parts = [f"{result.added} added", f"{result.replaced} replaced", f"{result.unchanged} unchanged"]
    skipped = f"; {result.skipped_rows} rows without a figure skipped" if result.skipped_rows else ""
    typer.echo(f"{', '.join(parts)}{skipped}" + ("" if result.writes else "; no file changed"))
    raise typer.Exit(0)


def _show_path(path: Path, root: Path) -> str:
    from xhht.problems import display_path

    return display_path(path, root)
