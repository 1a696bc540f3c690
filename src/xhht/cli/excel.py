"""`xhht form` and `xhht import`: the Excel form of the figures a plan needs for a year, and filled
forms read back into data/ (docs/collecting.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.base.safetext import for_terminal_line
from xhht.base.writing import repo_input, write_all
from xhht.cli.common import Command, Lang, lang_option, need_openpyxl, pick_plan

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.model.records import Plan
    from xhht.repo import Repo


def register(app: typer.Typer, state: State) -> None:
    say = state.say

    @app.command("form", cls=Command, help=say(
        "Biểu Excel (.xlsx) thu thập các số liệu mà kế hoạch PLAN cần cho năm --year: gửi đi, rồi nhập lại.",
        "An Excel form (.xlsx) for the figures PLAN needs for --year: send it out, import it back."))
    def form(
        plan: str = typer.Argument(..., help=say("Mã hoặc tệp kế hoạch.", "Plan id or file.")),
        year: int = typer.Option(..., "--year", help=say("Năm của các số liệu cần thu thập.",
                                                          "The year whose figures the form collects.")),
        area: Optional[str] = typer.Option(None, "--area", help=say(
            "Chỉ các dòng của đơn vị này (mỗi xã một biểu).", "Only the rows of this unit (a form per commune).")),
        output: Path = typer.Option(..., "--output", "-o", help=say("Tệp .xlsx cần ghi.", "The .xlsx file to write.")),
        lang: Optional[Lang] = lang_option(say("Ngôn ngữ của thông báo: vi (mặc định) hoặc en.",
                                               "Language of the messages: vi (default) or en.")),
    ) -> None:
        need_openpyxl(state)
        repo = state.open_repo()
        form_command(state, repo, pick_plan(state, repo, plan), year, area, output)

    @app.command("import", cls=Command, help=say(
        "Kiểm tra từng ô của các biểu đã điền rồi thêm số liệu vào data/: thêm tất cả, hoặc không thêm gì.",
        "Check filled forms cell by cell and add their figures to data/: all or nothing."))
    def import_(
        files: list[Path] = typer.Argument(..., help=say("Các biểu đã điền (.xlsx) hoặc tệp CSV lưu từ Excel.",
                                                         "Filled forms (.xlsx) or Excel-style CSV files.")),
        into: Optional[Path] = typer.Option(None, "--into", help=say(
            "Ghi vào DIR/<tên tệp>.csv thay vì data/<năm>/<tên tệp>.csv (DIR là một thư mục bên trong kho).",
            "Write DIR/<file stem>.csv instead of data/<year>/<file stem>.csv (DIR a folder inside the repository).")),
        replace: bool = typer.Option(False, "--replace", help=say(
            "Thay các số liệu đã có trong data/ mà có giá trị khác (và cho biết đã thay số liệu nào).",
            "Replace figures already in data/ that have another value (and say which).")),
        lang: Optional[Lang] = lang_option(say("Ngôn ngữ của thông báo và gợi ý: vi (mặc định) hoặc en.",
                                               "Language of the messages and hints: vi (default) or en.")),
    ) -> None:
        if any(f.suffix.lower() == ".xlsx" for f in files):
            need_openpyxl(state)
        import_command(state, state.open_repo(), files, into, replace)


def form_command(state: State, repo: Repo, plan: Plan, year: int, area: str | None, output: Path) -> None:
    from xhht.excel.form import build_workbook
    from xhht.judge.needs import form_rows, target_years

    if output.is_dir():
        raise UsageError(f"-o: {output} là một thư mục", f"-o: {output} is a folder")
    stream = output.exists() and not output.is_file() and not output.is_dir()  # a FIFO or /dev/stdout
    if output.suffix.lower() != ".xlsx" and not stream:
        raise UsageError(f"-o: tên tệp {output} phải có đuôi .xlsx (Excel không mở bảng tính mang tên khác)",
                         f"-o: {output} must end in .xlsx (Excel refuses a workbook under another name)")
    inside = repo_input(output, repo.root)
    if inside:
        raise UsageError(f"-o: {output} nằm trong {inside} của kho: xhht không bao giờ ghi đè tệp đầu vào; hãy ghi "
                         "biểu ra chỗ khác",
                         f"-o: {output} is in the repository's {inside}: xhht never writes onto its input files; "
                         "write the form elsewhere")
    if not output.resolve().parent.is_dir():
        folder = output.resolve().parent
        raise UsageError(f"-o: thư mục {folder} không tồn tại", f"-o: the folder {folder} does not exist")
    if plan.area is None:
        raise UsageError(f"kế hoạch {plan.id} không ghi `area`: biểu cần địa bàn của các số liệu cần thu thập",
                         f"the plan {plan.id} has no `area`: a form needs the area whose figures it collects")
    if area is not None and not repo.area_known(area):
        raise UsageError(f"--area: đơn vị {area!r} không có trong areas.csv",
                         f"--area: the area {area!r} is not in areas.csv")
    rows = form_rows(plan, repo.areas, year)
    if not rows:
        listed = ", ".join(map(str, target_years(plan)))
        raise UsageError(f"--year: kế hoạch {plan.id} không có chỉ tiêu năm {year} (các năm có chỉ tiêu: "
                         f"{listed or 'không có'})",
                         f"--year: the plan {plan.id} has no target in {year} (years with targets: "
                         f"{listed or 'none'})")
    if area is not None:
        rows = [r for r in rows if r.area == area]
        if not rows:
            name = repo.areas.name(area)
            raise UsageError(f"--area: kế hoạch {plan.id} không cần số liệu nào của {area} ({name}) năm {year}",
                             f"--area: the plan {plan.id} needs no figure of {area} ({name}) in {year}")
    data = build_workbook(plan, repo.areas, rows, year, area)
    write_all({output: data})
    indicators = len({r.indicator.id for r in rows})
    units = len({r.area for r in rows})
    typer.echo(say(state.lang, "form", path=output, rows=len(rows), indicators=indicators,
                   units=units, plan=plan.id, year=year, rows_s=_s(len(rows)), indicators_s=_s(indicators),
                   units_s=_s(units)), err=True)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


WORDS = {
    "vi": {
        "detected": "{name}: đọc theo bảng mã {encoding}, phân cách {separator}",
        "already": "{where}: {id} {area} năm {year} đã có ở {old} với cùng giá trị: giữ nguyên ở đó",
        "replaced": "đã thay {old}: {id} {area} năm {year} {was} -> {now} (theo {where})",
        "wrote": "đã ghi {path}",
        "summary": "thêm {added}, thay {replaced}, giữ nguyên {unchanged}",
        "skipped": "; bỏ qua {n} dòng không có số liệu",
        "unchanged": "; không tệp nào thay đổi",
        "errors": "{n} lỗi: không ghi gì; sửa các ô rồi nhập lại",
        "form": "đã ghi {path}: {rows} dòng ({indicators} chỉ tiêu, {units} đơn vị) cho {plan}, năm {year}",
        "UTF-8 with BOM": "UTF-8 (có BOM)", "tab": "tab",
    },
    "en": {
        "detected": "{name}: read as {encoding}, separator {separator}",
        "already": "{where}: {id} {area} {year} is already in {old} with the same value: left there",
        "replaced": "replaced {old}: {id} {area} {year} {was} -> {now} (from {where})",
        "wrote": "wrote {path}",
        "summary": "{added} added, {replaced} replaced, {unchanged} unchanged",
        "skipped": "; {n} rows without a figure skipped",
        "unchanged": "; no file changed",
        "errors": "{n} error{s}: nothing was written; correct the cells and import again",
        "form": "wrote {path}: {rows} row{rows_s} ({indicators} indicator{indicators_s}, {units} unit{units_s}) "
                "for {plan}, {year}",
    },
}


def say(lang: str, kind: str, **params: object) -> str:
    """One line of `import` or `form` in `lang`: the names of files and cells in it (from the
    command line, the forms and the repository) shown on one line (safetext.for_terminal_line)."""
    words = WORDS.get(lang, WORDS["vi"])
    for key in ("encoding", "separator"):
        if key in params:
            params[key] = words.get(str(params[key]), params[key])
    shown = {k: v if isinstance(v, int) else for_terminal_line(str(v)) for k, v in params.items()}
    return words[kind].format(**shown)


def import_command(state: State, repo: Repo, files: list[Path], into: Path | None, replace: bool) -> None:
    from xhht.base.writing import PathRefused, write_inside
    from xhht.excel.importer import path_problem, run_import
    from xhht.excel.reading import check_inputs
    from xhht.present.problem_text import bounded, problem_lines

    lang = state.lang
    check_inputs(files)
    result = run_import(files, repo, _into(into, repo.root) if into is not None else None, replace)
    for kind, params in result.detected:
        typer.echo(say(lang, kind, **params))
    errors = [p for p in result.problems if p.severity == "error"]
    if not errors:
        for kind, params in result.messages:
            typer.echo(say(lang, kind, **params))
        try:
            write_inside(repo.root, result.writes)
        except PathRefused as exc:  # a folder changed since it was checked
            errors = [path_problem(exc)]
            result.problems = errors
    if errors:
        for p in bounded(result.problems):  # a flood of bad rows is counted, as check counts it
            for line in problem_lines(p, lang):
                typer.echo(line)
        typer.echo(say(lang, "errors", n=len(errors), s="s" if len(errors) != 1 else ""))
        raise typer.Exit(1)
    for path in sorted(result.writes):
        typer.echo(say(lang, "wrote", path=path))
    line = say(lang, "summary", added=result.added, replaced=result.replaced, unchanged=result.unchanged)
    if result.skipped_rows:
        line += say(lang, "skipped", n=result.skipped_rows)
    if not result.writes:
        line += say(lang, "unchanged")
    typer.echo(line)
    raise typer.Exit(0)


def _into(into: Path, root: Path) -> str:
    """`--into DIR` as a folder of the repository (posix, relative to its root): DIR must lie
    inside the repository, as written (`..` taken as written, links not followed: a link on the
    way is refused when writing), and not in one of its other inputs (plans/, templates/...)."""
    import os

    rel = os.path.relpath(os.path.abspath(into), root)
    if rel == "." or rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        raise UsageError(f"--into: {into} nằm ngoài kho theo dõi {root}: số liệu chỉ được ghi vào trong kho "
                         "(data/ hoặc một thư mục của kho)",
                         f"--into: {into} is outside the tracker repository at {root}: figures are written only "
                         "inside it (data/ or a folder of the repository)")
    inside = repo_input(root / rel, root, allowed=("data",))
    if inside:
        raise UsageError(f"--into: {into} nằm trong {inside} của kho: số liệu chỉ ghi vào data/ hoặc một thư mục khác",
                         f"--into: {into} is in the repository's {inside}: figures go to data/ or another folder")
    return Path(rel).as_posix()
