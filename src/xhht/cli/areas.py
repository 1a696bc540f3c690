"""`xhht areas show` and `xhht areas import` (docs/reform.md): what an area code names over time, and
areas.csv + area-changes.csv for one province from the official 2025 conversion table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Group, Lang, lang_option

if TYPE_CHECKING:
    from xhht.cli.state import State


def register(app: typer.Typer, state: State) -> None:
    say = state.say
    lang_help = say("vi (mặc định) hoặc en.", "vi (default) or en.")
    areas = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, help=say(
        "Đơn vị hành chính: mỗi mã chỉ đơn vị nào qua các thời kỳ, và nhập bảng chuyển đổi năm 2025.",
        "The administrative units: what a code names over time, and importing the 2025 conversion table."))
    app.add_typer(areas, name="areas")

    @areas.callback()
    def group(lang: Optional[Lang] = lang_option(lang_help)) -> None:
        pass

    @areas.command("show", cls=Command, help=say(
        "Các đơn vị mà mã CODE chỉ: cấp, đơn vị cấp trên, thời gian hiệu lực, các đơn vị trước và sau "
        "(area-changes.csv).",
        "The unit(s) CODE names: level, parent, validity, predecessors and successors (area-changes.csv)."))
    def show(
        code: str = typer.Argument(..., metavar="CODE", help=say("Mã đơn vị trong areas.csv.",
                                                                 "An area code of areas.csv.")),
        on: Optional[str] = typer.Option(None, "--on", metavar="DATE", help=say(
            "Chỉ đơn vị có hiệu lực vào ngày này (YYYY-MM-DD).", "Only the unit valid on this day (YYYY-MM-DD).")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_show(state, code, on)

    @areas.command("import", cls=Command, help=say(
        "Lập areas.csv và area-changes.csv của một tỉnh qua đợt sắp xếp đơn vị hành chính năm 2025.",
        "Build areas.csv + area-changes.csv for one province across the 2025 reform."))
    def import_(
        table: Optional[Path] = typer.Argument(None, metavar="TABLE.csv", help=say(
            "Bảng chuyển đổi cũ -> mới chính thức, dạng CSV (các cột: docs/reform.md).",
            "The official old->new conversion table as CSV (columns: docs/reform.md).")),
        province: str = typer.Option(..., "--province", metavar="CODE", help=say(
            "Tỉnh: mã cũ (93 Hậu Giang) hoặc mã mới (92).",
            "The province: its old code (93 Hau Giang) or its new one (92).")),
        output: Path = typer.Option(..., "--output", "-o", metavar="DIR", help=say(
            "Thư mục ghi areas.csv và area-changes.csv (không bao giờ ghi đè).",
            "The folder to write areas.csv and area-changes.csv into (never overwritten).")),
        source: Optional[str] = typer.Option(None, "--from", metavar="SOURCE", help=say(
            "vietnam-provinces: đọc bảng từ gói này thay vì từ tệp (cần vietnam-provinces >= 2026.2, "
            "Python >= 3.12).",
            "vietnam-provinces: read the table from that package instead of a file (needs vietnam-provinces >= "
            "2026.2, Python >= 3.12).")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        raise typer.Exit(import_command(state, table, source, province, output))


def run_show(state: State, code: str, on: str | None) -> None:
    from xhht.present.area_text import show_command

    day = None
    if on is not None:
        try:
            day = dt.date.fromisoformat(on) if len(on) == 10 else dt.date.fromisoformat("")
        except ValueError:
            raise UsageError(f"--on: {on!r} không phải một ngày dạng YYYY-MM-DD",
                             f"--on: {on!r} is not a date YYYY-MM-DD") from None
    repo = state.open_repo()
    if code not in repo.areas.versions:
        if repo.has_areas_file:
            raise UsageError(f"mã {code!r} không có trong areas.csv", f"the code {code!r} is not in areas.csv")
        raise UsageError(f"mã {code!r} không có trong areas.csv (kho chưa có tệp này)",
                         f"the code {code!r} is not in areas.csv (the repository has none)")
    raise typer.Exit(show_command(repo.areas, code, day, state.lang))


def import_command(state: State, table: Path | None, source: str | None, province: str, out: Path) -> int:
    """areas.csv and area-changes.csv of `province` into the folder `out` (never overwritten): 0, or
    1 when the table cannot be read or disagrees with itself."""
    import os

    from xhht.base.writing import write_all
    from xhht.base.safetext import for_terminal_line
    from xhht.load.areas import load_areas, load_changes
    from xhht.load.safe_io import read_given
    from xhht.load.conversion import (EFFECTIVE, TableError, build, load_package, read_table, select,
                                      single_destination)
    from xhht.present.area_text import WORDS, day_text, new_console
    from xhht.present.console import one_line
    from xhht.present.problem_text import problem_lines

    lang, say = state.lang, state.say
    w = WORDS[lang]
    if (table is None) == (source is None):
        raise UsageError("areas import: hãy đưa bảng chuyển đổi (TABLE.csv) hoặc --from vietnam-provinces, một trong "
                         "hai",
                         "areas import: give the conversion table (TABLE.csv) or --from vietnam-provinces, one of them")
    if source is not None and source != "vietnam-provinces":
        raise UsageError(f"--from: không có nguồn {source!r}; nguồn được hỗ trợ là vietnam-provinces",
                         f"--from: unknown source {source!r}; the one supported is vietnam-provinces")
    # os.path's tests, not Path's: they answer False where Path's raise (a name too long for the system)
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"-o: {out} không phải một thư mục", f"-o: {out} is not a folder")
    if not os.path.exists(out) and not os.path.isdir(out.absolute().parent):
        folder = out.absolute().parent
        raise UsageError(f"-o: thư mục {folder} không tồn tại", f"-o: the folder {folder} does not exist")
    targets = [out / "areas.csv", out / "area-changes.csv"]
    existing = ", ".join(str(t) for t in targets if os.path.lexists(t))  # a link, even dangling, is not replaced
    if existing:
        raise UsageError(f"-o: {existing} đã có; xhht areas import không bao giờ ghi đè: hãy chọn một thư mục trống",
                         f"-o: {existing} already exist(s); xhht areas import never overwrites: choose an empty "
                         "folder")
    if table is not None:
        if not os.path.isfile(table):
            raise UsageError(f"{table}: không có tệp này", f"{table}: no such file")
        raw, problems = read_given(table, str(table))
        if raw is None:
            for p in problems:
                typer.echo("xhht: " + problem_lines(p, lang)[0], err=True)
            return 1
        try:
            pairs = read_table(raw, str(table))
        except TableError as exc:
            typer.echo(f"xhht: {exc.in_lang(lang)}", err=True)
            return 1
        said = ("source_table", {"file": one_line(table)})
    else:
        pairs, version, name = load_package()
        said = ("source_package", {"version": one_line(version), "table": one_line(name)})
    chosen = select(pairs, province)
    if not chosen:
        known = ", ".join(sorted({p.old_province for p in pairs} | {p.new_province for p in pairs}))
        raise UsageError(f"--province: không dòng nào của bảng có mã tỉnh cũ hay mới {province!r}"
                         + (f" (các mã có trong bảng: {known})" if known else " (bảng không có dòng nào)"),
                         f"--province: no row of the table has the old or new province code {province!r}"
                         + (f" (codes in it: {known})" if known else " (the table has no rows)"))
    chosen, noted = single_destination(pairs, chosen)
    for p in noted:  # the table's cells on one line of the terminal (safetext.for_terminal_line)
        typer.echo("xhht: " + for_terminal_line(say(
            f"lưu ý: dòng {p.line}: {p.old} ({p.old_name}) được nhập một phần vào {p.new} và không vào đơn vị nào "
            "khác của bảng: ghi là whole = yes",
            f"note: line {p.line}: {p.old} ({p.old_name}) went in part into {p.new} and into no other unit of the "
            "table: written as whole = yes")), err=True)
    areas_text, changes_text, n_units, n_changes = build(pairs, chosen)
    # the output must read back without a problem: else the table disagrees with itself
    areas, problems = load_areas(areas_text, "areas.csv")
    problems += load_changes(changes_text, "area-changes.csv", areas)[1]
    if problems:
        for p in problems:
            typer.echo("xhht: " + problem_lines(p, lang)[0], err=True)
        typer.echo("xhht: " + say("bảng chuyển đổi mâu thuẫn với chính nó: không ghi gì",
                                  "the table disagrees with itself: nothing written"), err=True)
        return 1
    write_all({targets[0]: areas_text.encode("utf-8"), targets[1]: changes_text.encode("utf-8")})
    console = new_console()
    console.print(w[said[0]].format(rows=len(chosen), province=one_line(province), **said[1]))
    console.print(w["wrote"].format(areas=one_line(targets[0]), units=n_units, changes=one_line(targets[1]),
                                    n=n_changes, day=day_text(EFFECTIVE, lang)))
    # written into a tracker repository (`xhht init`, then this with -o of it): nothing is left to move
    where = "" if out.resolve() == Path.cwd().resolve() else w["in_dir"].format(dir=one_line(str(out)))
    console.print(w["next_here"].format(where=where) if (out / "plans").is_dir() else w["next"])
    return 0
