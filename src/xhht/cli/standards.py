"""`xhht standards` and `xhht evaluate`: the standards xhht knows (docs/standards.md), and every unit's
level derived from a standard's criteria for one year, in Markdown, HTML, JSON or Excel."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, TextOrJson, finish, lang_option, need_openpyxl

if TYPE_CHECKING:
    from xhht.cli.state import State
    from xhht.model.standards import Standard
    from xhht.repo import Repo


class EvaluateFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"
    xlsx = "xlsx"


def register(app: typer.Typer, state: State) -> None:
    say = state.say
    lang_help = say("vi (mặc định) hoặc en.", "vi (default) or en.")

    @app.command("standards", cls=Command, help=say(
        "Các chuẩn xhht biết (chuẩn có sẵn của Thông tư 25/2023/TT-BGDĐT và tệp standards/*.yaml của kho): mã, tên, "
        "văn bản, cấp, số tiêu chí và chỉ tiêu.",
        "The standards xhht knows (those of Thông tư 25/2023/TT-BGDĐT it ships, and the repository's "
        "standards/*.yaml): id, title, document, level, counts of criteria and indicators."))
    def standards(
        fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help=say("text hoặc json.",
                                                                                   "text or json.")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_standards(state, fmt.value)

    @app.command("evaluate", cls=Command, help=say(
        "Mức độ của từng đơn vị theo tiêu chí, chỉ tiêu của một chuẩn trong năm --year (ví dụ \"Cộng đồng học tập\" "
        "cấp xã): kết quả, từng tiêu chí, chỉ tiêu đạt hay không đạt ở mỗi mức, số liệu còn thiếu.",
        "Every unit's level by a standard's criteria in --year (e.g. \"Cộng đồng học tập\" at commune level): "
        "the result, each criterion and indicator met or not at each level, the figures still missing."))
    def evaluate(
        standard: str = typer.Argument(..., metavar="STANDARD", help=say(
            "Mã chuẩn, ví dụ tt25-2023-xa (xem `xhht standards`).", "Standard id, e.g. tt25-2023-xa "
            "(see `xhht standards`).")),
        year: int = typer.Option(..., "--year", help=say("Năm đánh giá (số liệu từ 01/01 đến 31/12).",
                                                          "The year evaluated (figures of 1 January to 31 December).")),
        area: Optional[str] = typer.Option(None, "--area", help=say(
            "Chỉ các đơn vị thuộc đơn vị này (hoặc chính nó).", "Only the units at or below this one.")),
        fmt: EvaluateFormat = typer.Option(EvaluateFormat.md, "--format", "-f", help=say(
            "md, html, json hoặc xlsx (xlsx cần -o).", "md, html, json or xlsx (xlsx needs -o).")),
        output: Optional[str] = typer.Option(None, "--output", "-o", help=say(
            "Ghi vào tệp FILE thay vì ra màn hình; không bao giờ ghi đè tệp đầu vào.",
            "Write to FILE instead of stdout; never onto an input.")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_evaluate(state, standard, year, area, fmt.value, output)


def run_standards(state: State, fmt: str) -> None:
    """The standards of the repository around the current folder, or, outside any, those xhht ships."""
    from xhht.load.config import find_root
    from xhht.present.standards import listing, listing_text
    from xhht.present.review_json import to_json

    errors: list = []
    if find_root(Path.cwd()) is not None:
        repo = state.open_repo()
        standards, files = repo.standards, repo.standard_files
        errors = [p for p in repo.problems if p.severity == "error" and p.file.startswith("standards/")]
    else:
        from xhht.load.standards import load_standards, shipped_texts

        loaded = load_standards([(name, text, True) for name, text in shipped_texts()])
        standards, files = loaded.standards, loaded.files
    rows = listing(_in_order(standards), files, state.lang)
    if fmt == "json":
        typer.echo(to_json({"standards": rows}))
    else:
        for line in listing_text(rows, state.lang):
            typer.echo(line)
    if errors:
        typer.echo("xhht: " + state.say(f"cảnh báo: {len(errors)} lỗi trong standards/: chuẩn có lỗi không được "
                                        "dùng; chạy `xhht check` để xem",
                                        f"warning: {len(errors)} error(s) in standards/: a standard with an error "
                                        "is not used; run `xhht check` to see them"), err=True)
    raise typer.Exit(1 if errors else 0)


def _in_order(standards: dict[str, Standard]) -> dict[str, Standard]:
    """xhht's own first, cấp xã before huyện before tỉnh (the circular's order), then the repository's."""
    from xhht.model.records import LEVELS

    keyed = sorted(enumerate(standards.values()),
                   key=lambda p: (not p[1].shipped, -LEVELS.index(p[1].level) if p[1].shipped else 0, p[0]))
    return {s.id: s for _, s in keyed}


def pick_standard(repo: Repo, name: str) -> Standard:
    """The standard STANDARD names (its id), or UsageError naming the ones there are."""
    from xhht.problems import did_you_mean

    if name in repo.standards:
        return repo.standards[name]
    known = ", ".join(repo.standards) or "–"
    guess = did_you_mean(name, list(repo.standards))
    vi = f"không có chuẩn {name!r}" + (f" (có phải ý là {guess}?)" if guess else "") + f"; các chuẩn: {known}"
    en = f"no standard {name!r}" + (f" (did you mean {guess}?)" if guess else "") + f"; the standards: {known}"
    if any(p.severity == "error" and p.file.startswith("standards/") for p in repo.problems):
        raise UsageError(vi + " (tệp chuẩn có lỗi bị bỏ qua: chạy `xhht check`)",
                         en + " (a standard file with errors is left out: run `xhht check`)")
    raise UsageError(vi + " (xem `xhht standards`)", en + " (see `xhht standards`)")


def run_evaluate(state: State, name: str, year: int, area: str | None, fmt: str, output: str | None) -> None:
    from xhht.base.writing import check_output, write_output
    from xhht.judge.standards import evaluate

    if fmt == "xlsx":
        need_openpyxl(state)
        if output is None or output == "-":
            raise UsageError("-f xlsx: ghi ra tệp bằng -o TỆP.xlsx (bảng tính không in ra màn hình được)",
                             "-f xlsx: write it to a file with -o FILE.xlsx (a workbook cannot go to the terminal)")
    if not 1900 <= year <= 2100:
        raise UsageError(f"--year: {year} nằm ngoài các năm 1900-2100", f"--year: {year} is outside 1900-2100")
    repo = state.open_repo()
    standard = pick_standard(repo, name)
    if area is not None and not repo.area_known(area):
        raise UsageError(f"--area: đơn vị {area!r} không có trong areas.csv",
                         f"--area: the area {area!r} is not in areas.csv")
    if output is not None:
        check_output(output, repo.root)
    evaluation = evaluate(repo.evaluator, standard, year, area)
    if fmt == "xlsx":
        from xhht.present.standards import evaluation_xlsx

        write_output(output, evaluation_xlsx(evaluation, repo.areas, state.lang), repo.root)
    else:
        from xhht.present.standards import render_evaluation

        write_output(output, render_evaluation(evaluation, repo.areas, fmt, state.lang, repo.root / "templates"),
                     repo.root)
    errors = _errors(repo, standard)
    finish(state, repo, errors)


def _errors(repo: Repo, standard: Standard) -> list:
    """The errors an evaluation leaves out: of the repository's standard files, of areas.csv, and of
    the data rows of the standard's indicators (and of the standards whose results it counts)."""
    by_result = {s.result.id: s for s in repo.standards.values()}
    ids: set[str] = set()
    todo = [standard]
    while todo:
        s = todo.pop()
        ids |= {ind.id for ind in s.indicators}
        todo += [by_result[r.source_indicator] for r in s.requirements
                 if r.source_indicator is not None and r.source_indicator not in ids]
    rows = repo.rows_of_problems()
    return [p for p in repo.problems if p.severity == "error"
            and (p.file.startswith("standards/") or p.file in ("areas.csv", "area-changes.csv")
                 or rows.get((p.file, p.line)) in ids)]
