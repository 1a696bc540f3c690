"""`xhht check`: every problem of the repository (or of the files named), as text, JSON or GitHub
annotations; exit 1 when there is an error (or a warning with --strict)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, lang_option

if TYPE_CHECKING:
    from xhht.cli.state import State


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer, state: State) -> None:
    say = state.say

    @app.command("check", cls=Command, help=say(
        "Kiểm tra kế hoạch, đơn vị hành chính, số liệu và lời văn báo cáo: mỗi lỗi ghi tệp:dòng:cột, mức độ, mã "
        "lỗi, nội dung và gợi ý sửa.",
        "Validate plans, areas, data and report texts: each problem as file:line:col, severity, code, message "
        "and hint."))
    def check(
        paths: Optional[list[Path]] = typer.Argument(None, metavar="PATH", help=say(
            "Tệp (hoặc thư mục) kế hoạch, đơn vị hành chính, số liệu hay lời văn báo cáo cần kiểm tra; mặc định là "
            "toàn bộ kho.",
            "Plan, areas, data or report text files (or folders) to check; all of the repository by default.")),
        strict: bool = typer.Option(False, "--strict", help=say("Coi cả cảnh báo là lỗi (kết thúc với mã 1).",
                                                                "Warnings fail the check too (exit 1).")),
        fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help=say(
            "text (văn bản), json, hoặc github (chú thích cho GitHub Actions).",
            "text, json, or github (GitHub Actions annotations).")),
        lang: Optional[Lang] = lang_option(say("Ngôn ngữ của thông báo và gợi ý: vi (mặc định) hoặc en; mã lỗi "
                                               "không đổi.",
                                               "Language of the messages and hints: vi (default) or en; the codes "
                                               "are the same.")),
        every: bool = typer.Option(False, "--all", help=say(
            "In mọi lỗi (mặc định, quá 100 lỗi cùng mã trong một tệp thì các lỗi còn lại được đếm trên một dòng).",
            "Print every problem (by default, past 100 of one code in one file, the rest are counted in one line).")),
    ) -> None:
        run_check(state, paths or [], strict, fmt.value, every)


def run_check(state: State, paths: list[Path], strict: bool, fmt: str, every: bool = False) -> None:
    from xhht.load.config import find_root

    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: không có tệp hay thư mục này", f"{p}: no such file or folder")
    start = None  # the repository around the current folder; else the one around the first PATH
    if paths and find_root(Path.cwd()) is None:
        first = paths[0].resolve()
        start = first if first.is_dir() else first.parent
    repo = state.open_repo(start)
    for p in paths:
        _check_path_is_tracked(p, repo.root)
    problems = repo.select(paths) if paths else repo.problems
    strict = strict or bool(repo.config.get("strict"))
    if fmt == "github":
        from xhht.present.annotations import github_annotations

        text = github_annotations(problems, repo.root, state.lang, every)
        if text:
            print(text)
    else:
        from xhht.present.problem_text import print_problems

        print_problems(problems, fmt, state.lang, every=every)
    failing = [p for p in problems if p.severity == "error" or strict]
    raise typer.Exit(1 if failing else 0)


def _check_path_is_tracked(path: Path, root: Path) -> None:
    """A PATH given to `check` must be in the repository and be a file xhht reads (or a folder)."""
    full = path.resolve()
    try:
        rel = full.relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{path}: nằm ngoài kho theo dõi {root}",
                         f"{path}: outside the tracker repository at {root}") from None
    if full.is_dir():
        return
    parts = rel.parts
    tracked = (rel.as_posix() in ("areas.csv", "area-changes.csv", "xhht.toml")
               or (parts[0] == "plans" and len(parts) == 2 and full.suffix in (".yaml", ".yml"))
               or (parts[0] == "data" and full.suffix == ".csv")
               or (parts[0] == "reports" and len(parts) == 2 and full.suffix == ".md"))
    if not tracked:
        raise UsageError(f"{path}: không phải tệp xhht kiểm tra (plans/*.yaml, areas.csv, area-changes.csv, "
                         "data/**/*.csv, reports/*.md, xhht.toml)",
                         f"{path}: not a file xhht checks (plans/*.yaml, areas.csv, area-changes.csv, "
                         "data/**/*.csv, reports/*.md, xhht.toml)")
