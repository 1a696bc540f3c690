"""`xhht form` and `xhht import`: the Excel form of the figures a plan needs for a year, and filled
forms read back into data/ (docs/collecting.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.base.safetext import for_terminal_line
from xhht.base.writing import PathRefused, repo_input, write_all, write_inside
from xhht.cli.common import Command, Lang, lang_option, need_openpyxl, pick_plan

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.model.records import Plan
    from xhht.model.standards import Standard
    from xhht.repo import Repo


def register(app: typer.Typer, state: State) -> None:
    say = state.say

    @app.command("form", cls=Command, help=say(
        "Biểu Excel (.xlsx) thu thập các số liệu mà kế hoạch PLAN cần cho năm --year, hoặc biểu tự đánh giá theo "
        "một chuẩn (PLAN là mã chuẩn, ví dụ tt25-2023-xa): gửi đi, rồi nhập lại.",
        "An Excel form (.xlsx) for the figures PLAN needs for --year, or the self-assessment form of a standard "
        "(PLAN a standard's id, e.g. tt25-2023-xa): send it out, import it back."))
    def form(
        plan: str = typer.Argument(..., help=say("Mã hoặc tệp kế hoạch, hoặc mã chuẩn (xem `xhht standards`).",
                                                 "Plan id or file, or a standard's id (see `xhht standards`).")),
        year: int = typer.Option(..., "--year", help=say("Năm của các số liệu cần thu thập.",
                                                          "The year whose figures the form collects.")),
        area: Optional[str] = typer.Option(None, "--area", help=say(
            "Chỉ các dòng của đơn vị này (biểu của một xã).", "Only the rows of this unit (one commune's form).")),
        each: Optional[str] = typer.Option(None, "--each", metavar="LEVEL", help=say(
            "Mỗi đơn vị cấp LEVEL (tinh, huyen, xa) có hiệu lực năm --year một biểu DIR/<mã>.xlsx, trong một lần chạy.",
            "One form DIR/<code>.xlsx for every unit of LEVEL (tinh, huyen, xa) valid in --year, in one run.")),
        output: Path = typer.Option(..., "--output", "-o", help=say(
            "Tệp .xlsx cần ghi; với --each, thư mục DIR (tạo nếu chưa có).",
            "The .xlsx file to write; with --each, the folder DIR (made when missing).")),
        replace: bool = typer.Option(False, "--replace", help=say(
            "Với --each: ghi đè các biểu đã có trong DIR (mặc định: không ghi gì nếu đã có).",
            "With --each: overwrite forms already in DIR (by default nothing is written when one exists).")),
        lang: Optional[Lang] = lang_option(say("Ngôn ngữ của thông báo: vi (mặc định) hoặc en.",
                                               "Language of the messages: vi (default) or en.")),
    ) -> None:
        need_openpyxl(state)
        run_form(state, plan, year, area, each, output, replace)

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


def run_form(state: State, name: str, year: int, area: str | None, each: str | None, output: Path,
             replace: bool) -> None:
    """`xhht form`: the form of a plan (its id or file), or the self-assessment form of a standard (its id)."""
    repo = state.open_repo()
    if each is not None and area is not None:
        raise UsageError("--each và --area không dùng cùng nhau", "--each and --area do not go together")
    if name in repo.standards and name not in repo.plans:  # a standard's self-assessment form
        standard = repo.standards[name]
        if each is None:
            form_command(state, repo, standard, _standard_rows(repo, standard, year, area), year, area, output)
            return
        units = _units_of_level(repo, each, year)
        rows = _standard_rows(repo, standard, year, None)
        below = {c: set(repo.evaluator.units(standard, year, c)) for c in units}
        forms_command(state, repo, standard, year, each, output, replace, "chuẩn", "the standard",
                      {c: mine for c in units if (mine := [r for r in rows if r.area in below[c]])})
        return
    from xhht.judge.needs import scope

    plan = pick_plan(state, repo, name)
    if each is None:
        rows = _rows(plan, repo, year)
        form_command(state, repo, plan, rows if area is None else _rows_of(repo, plan, rows, area, year), year, area,
                     output)
        return
    units = _units_of_level(repo, each, year)
    rows = _rows(plan, repo, year)
    below = set(scope(plan, repo.areas, year).below)  # not the plan's area itself
    forms_command(state, repo, plan, year, each, output, replace, "kế hoạch", "the plan",
                  {c: mine for c in units if c in below and (mine := [r for r in rows if r.area == c])})


def form_command(state: State, repo: Repo, source: Plan | Standard, rows: list, year: int, area: str | None,
                 output: Path) -> None:
    """The form of `rows` (a plan's, or a standard's self-assessment) to the file `output`."""
    from xhht.excel.form import build_workbook

    # os.path's tests, not Path's: they answer False where Path's raise (a name too long for the system)
    if os.path.isdir(output):
        raise UsageError(f"-o: {output} là một thư mục", f"-o: {output} is a folder")
    stream = os.path.exists(output) and not os.path.isfile(output)  # a FIFO or /dev/stdout
    if output.suffix.lower() != ".xlsx" and not stream:
        raise UsageError(f"-o: tên tệp {output} phải có đuôi .xlsx (Excel không mở bảng tính mang tên khác)",
                         f"-o: {output} must end in .xlsx (Excel refuses a workbook under another name)")
    _not_an_input(output, repo)
    if not output.resolve().parent.is_dir():
        folder = output.resolve().parent
        raise UsageError(f"-o: thư mục {folder} không tồn tại", f"-o: the folder {folder} does not exist")
    data = build_workbook(source, repo.areas, rows, year, area)
    write_all({output: data})
    indicators = len({r.indicator.id for r in rows})
    units = len({r.area for r in rows})
    typer.echo(say(state.lang, "form", path=output, rows=len(rows), indicators=indicators,
                   units=units, plan=source.id, year=year, rows_s=_s(len(rows)), indicators_s=_s(indicators),
                   units_s=_s(units)), err=True)
    typer.echo(say(state.lang, "form_next"), err=True)


def forms_command(state: State, repo: Repo, source: Plan | Standard, year: int, level: str, folder: Path,
                  replace: bool, kind_vi: str, kind_en: str, by_unit: dict[str, list]) -> None:
    """`--each LEVEL -o DIR`: the form of each unit of LEVEL valid in `year` that has rows (`by_unit`:
    a plan's rows of the unit, or a standard's of the units at or below it), as `--area` gives it, in
    one run. `kind_vi`, `kind_en`: what `source` is, in words ("kế hoạch", "the plan")."""
    from xhht.excel.form import build_workbook
    from xhht.base.kinds import LEVEL_WORDS

    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError(f"-o: {folder} không phải một thư mục (với --each, -o là thư mục chứa các biểu)",
                         f"-o: {folder} is not a folder (with --each, -o is the folder of the forms)")
    _not_an_input(folder, repo)
    forms = {folder / f"{code}.xlsx": code for code in sorted(by_unit)}
    if not forms:
        raise UsageError(f"--each: {kind_vi} {source.id} không cần số liệu nào của đơn vị cấp {LEVEL_WORDS[level][0]} "
                         f"năm {year}",
                         f"--each: {kind_en} {source.id} needs no figure of a {LEVEL_WORDS[level][1]} unit in {year}")
    there = sorted(p for p in forms if os.path.lexists(p))
    if there and not replace:
        shown = ", ".join(p.name for p in there[:5]) + (" …" if len(there) > 5 else "")
        raise UsageError(f"-o: {folder} đã có {len(there)} biểu ({shown}): không ghi gì; ghi vào thư mục khác, hoặc "
                         "thêm --replace để ghi đè",
                         f"-o: {folder} already has {len(there)} of these forms ({shown}): nothing was written; "
                         "write to another folder, or add --replace to overwrite them")
    try:  # only DIR/<code>.xlsx, each a new or regular file (a committed link in DIR is not replaced)
        write_inside(folder, {path.name: build_workbook(source, repo.areas, by_unit[code], year, code)
                              for path, code in forms.items()})
    except PathRefused as exc:
        shown = for_terminal_line(str(folder / exc.path))
        raise UsageError(f"-o: {shown} là một liên kết hoặc không phải tệp thông thường: không ghi gì",
                         f"-o: {shown} is a link or not a regular file: nothing was written") from None
    n_rows = sum(len(by_unit[c]) for c in forms.values())
    typer.echo(say(state.lang, "forms", n=len(forms), folder=folder, rows=n_rows, plan=source.id, year=year,
                   level=LEVEL_WORDS[level][0 if state.lang == "vi" else 1]), err=True)
    typer.echo(say(state.lang, "form_next"), err=True)


def _units_of_level(repo: Repo, level: str, year: int) -> list[str]:
    """`--each LEVEL`: the units of LEVEL valid in `year`, in code order; UsageError for no such level."""
    from xhht.model.records import LEVELS

    if level not in LEVELS:
        raise UsageError(f"--each: cấp '{level}' không tồn tại; các cấp là {', '.join(LEVELS)} (phường, thị trấn "
                         "là xa)",
                         f"--each: there is no level '{level}'; the levels are {', '.join(LEVELS)} (phường and "
                         "thị trấn are xa)")
    return sorted(c for c, u in repo.areas.tree(year).units.items() if u.level == level)


def _not_an_input(path: Path, repo: Repo) -> None:
    inside = repo_input(path, repo.root)
    if inside:
        raise UsageError(f"-o: {path} nằm trong {inside} của kho: xhht không bao giờ ghi đè tệp đầu vào; hãy ghi "
                         "biểu ra chỗ khác",
                         f"-o: {path} is in the repository's {inside}: xhht never writes onto its input files; "
                         "write the form elsewhere")


def _rows(plan: Plan, repo: Repo, year: int) -> list:
    """The rows of the plan's form of `year`; UsageError when it has none."""
    from xhht.judge.needs import form_rows, target_years

    if plan.area is None:
        raise UsageError(f"kế hoạch {plan.id} không ghi `area`: biểu cần địa bàn của các số liệu cần thu thập",
                         f"the plan {plan.id} has no `area`: a form needs the area whose figures it collects")
    rows = form_rows(plan, repo.areas, year, repo.standards.values())
    years = target_years(plan)
    if not rows and year in years:
        raise UsageError(f"--year: kế hoạch {plan.id} có chỉ tiêu năm {year} nhưng không đơn vị nào có hiệu lực năm đó "
                         "để thu thập số liệu (các cấp đơn vị của chỉ tiêu không còn)",
                         f"--year: the plan {plan.id} has targets in {year} but no unit valid that year to collect "
                         "figures from (the level of its targets no longer exists)")
    if not rows:
        listed = ", ".join(map(str, years))
        raise UsageError(f"--year: kế hoạch {plan.id} không có chỉ tiêu năm {year} (các năm có chỉ tiêu: "
                         f"{listed or 'không có'})",
                         f"--year: the plan {plan.id} has no target in {year} (years with targets: "
                         f"{listed or 'none'})")
    return rows


def _standard_rows(repo: Repo, standard: Standard, year: int, area: str | None) -> list:
    """The self-assessment rows of the units of the standard's level valid in `year` at or below `area`
    (every unit without it); UsageError when the standard is not in force or there is no such unit."""
    from xhht.base.kinds import LEVEL_WORDS
    from xhht.judge.needs import needed_counts, standard_rows
    from xhht.present.fmt import date

    if not standard.in_force(year):
        raise UsageError(f"--year: chuẩn {standard.id} có hiệu lực từ ngày {date(standard.valid_from)}: năm {year} "
                         "chưa áp dụng",
                         f"--year: the standard {standard.id} is in force from {date(standard.valid_from, 'en')}: it "
                         f"does not apply to {year}")
    if area is not None:
        _check_area(repo, area, year)
    units = repo.evaluator.units(standard, year, area)
    if not units:
        vi, en = LEVEL_WORDS[standard.level]
        where = ("", "") if area is None else (f" thuộc {area} ({repo.areas.name(area, year)})",
                                                f" at or below {area} ({repo.areas.name(area, year)})")
        option = "--year" if area is None else "--area"
        raise UsageError(f"{option}: không có đơn vị cấp {vi}{where[0]} có hiệu lực năm {year}",
                         f"{option}: no {en} unit{where[1]} is valid in {year}")
    return standard_rows(standard, repo.areas, year, units, needed_counts(repo.plans.values(), repo.areas, year))


def _rows_of(repo: Repo, plan: Plan, rows: list, area: str, year: int) -> list:
    """The rows of one unit (`--area`): UsageError for a unit `_check_area` refuses, or one the plan
    needs nothing of."""
    _check_area(repo, area, year)
    mine = [r for r in rows if r.area == area]
    if not mine:
        name = repo.areas.name(area, year)
        raise UsageError(f"--area: kế hoạch {plan.id} không cần số liệu nào của {area} ({name}) năm {year}",
                         f"--area: the plan {plan.id} needs no figure of {area} ({name}) in {year}")
    return mine


def _check_area(repo: Repo, area: str, year: int) -> None:
    """`--area`: UsageError for a code not in areas.csv, or a unit not valid in `year` (its dates, and
    the units that took its territory)."""
    from xhht.model.areas import year_end
    from xhht.present.fmt import date

    areas = repo.areas
    if not repo.area_known(area):
        raise UsageError(f"--area: đơn vị {area!r} không có trong areas.csv",
                         f"--area: the area {area!r} is not in areas.csv")
    if areas.dated and not areas.valid_in(area, year):
        spans = "; ".join(f"{a.name}: " + (f"từ {date(a.valid_from)} " if a.valid_from else "")
                          + (f"đến {date(a.valid_to)}" if a.valid_to else "") for a in areas.versions[area])
        spans_en = "; ".join(f"{a.name}: " + (f"from {date(a.valid_from, 'en')} " if a.valid_from else "")
                             + (f"until {date(a.valid_to, 'en')}" if a.valid_to else "") for a in areas.versions[area])
        ended = [a for a in areas.versions[area] if a.valid_to is not None and a.valid_to < year_end(year)]
        took = ", ".join(f"{c} ({areas.name(c, year)})" for c in (areas.heirs(ended[-1])[0] if ended else []))
        raise UsageError(f"--area: mã {area} không chỉ đơn vị nào có hiệu lực ngày 31/12/{year} ({spans.strip()})"
                         + (f"; địa bàn của đơn vị này nay thuộc {took}: hãy lập biểu cho các đơn vị đó" if took
                            else ""),
                         f"--area: the code {area} names no unit valid on 31 December {year} ({spans_en.strip()})"
                         + (f"; its territory now belongs to {took}: make their forms instead" if took else ""))


def _s(n: int) -> str:
    return "" if n == 1 else "s"


WORDS = {
    "vi": {
        "detected": "{name}: đọc theo bảng mã {encoding}, phân cách {separator}",
        "already": "{where}: {id} {area} năm {year} đã có ở {old} với cùng giá trị: giữ nguyên ở đó",
        "replaced": "đã thay số liệu ở {old}: {id}, địa bàn {area}, năm {year}: {was} thành {now} (theo {where})",
        "wrote": "đã ghi {path}",
        "summary": "thêm {added}, thay {replaced}, giữ nguyên {unchanged}",
        "skipped": "; bỏ qua {n} dòng không có số liệu",
        "unchanged": "; không tệp nào thay đổi",
        "errors": "{n} lỗi: không ghi gì; sửa các ô rồi nhập lại",
        "form": "đã ghi {path}: {rows} dòng ({indicators} chỉ tiêu, {units} đơn vị) cho {plan}, năm {year}",
        "forms": "đã ghi {n} biểu vào {folder} ({rows} dòng), mỗi đơn vị cấp {level} một biểu, cho {plan}, năm {year}",
        "form_next": "Bước tiếp theo: gửi biểu cho các đơn vị; nhận lại các biểu đã điền (giữ nguyên tên tệp) rồi "
                     "chạy: xhht import <các tệp .xlsx đã điền>",
        "import_next": "Bước tiếp theo: chạy xhht check (và xhht missing để biết đơn vị nào chưa gửi), rồi ghi vào "
                       "git: git add data, git commit",
        "UTF-8 with BOM": "UTF-8 (có BOM)", "tab": "tab",
    },
    "en": {
        "detected": "{name}: read as {encoding}, separator {separator}",
        "already": "{where}: {id} {area} {year} is already in {old} with the same value: left there",
        "replaced": "replaced the figure in {old}: {id}, area {area}, {year}: {was} becomes {now} (from {where})",
        "wrote": "wrote {path}",
        "summary": "{added} added, {replaced} replaced, {unchanged} unchanged",
        "skipped": "; {n} rows without a figure skipped",
        "unchanged": "; no file changed",
        "errors": "{n} error{s}: nothing was written; correct the cells and import again",
        "form": "wrote {path}: {rows} row{rows_s} ({indicators} indicator{indicators_s}, {units} unit{units_s}) "
                "for {plan}, {year}",
        "forms": "wrote {n} forms into {folder} ({rows} rows), one per {level} unit, for {plan}, {year}",
        "form_next": "Next: send the forms out; when they come back filled in (under the same file names), run: "
                     "xhht import <the filled .xlsx files>",
        "import_next": "Next: run xhht check (and xhht missing to see who has not sent figures yet), then commit: "
                       "git add data, git commit",
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
    from xhht.present.problem_text import printed, problem_lines

    lang = state.lang
    check_inputs(files)
    result = run_import(files, repo, _into(into, repo.root) if into is not None else None, replace)
    for kind, params in result.detected:
        typer.echo(say(lang, kind, **params))
    errors = [p for p in result.problems if p.severity == "error"]
    # the warnings too: what is written is said (rollup-needs-counts); a flood counted as check counts it
    for p, others in printed(result.problems):
        for line in problem_lines(p, lang, others=others):
            typer.echo(line)
    if not errors:
        for kind, params in result.messages:
            typer.echo(say(lang, kind, **params))
        try:
            write_inside(repo.root, result.writes)
        except PathRefused as exc:  # a folder changed since it was checked
            errors = [path_problem(exc)]
            typer.echo("\n".join(problem_lines(errors[0], lang)))
    if errors:
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
    typer.echo(say(lang, "import_next"))
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
