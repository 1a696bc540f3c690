"""`xhht schema` and `xhht init`: the JSON Schema of plan and standard files, and a new tracker repository."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.cli.common import Command, Lang, lang_option

if TYPE_CHECKING:
    from xhht.cli.state import State


def register(app: typer.Typer, state: State) -> None:
    say = state.say
    lang_help = say("vi (mặc định) hoặc en.", "vi (default) or en.")

    @app.command("schema", cls=Command, help=say(
        "Lược đồ JSON (JSON Schema, bản 2020-12) của tệp kế hoạch (plans/*.yaml) và tệp chuẩn (standards/*.yaml), "
        "cho trình soạn thảo (tiện ích YAML của VS Code) và kiểm tra tự động.",
        "The JSON Schema (draft 2020-12) of plan files (plans/*.yaml) and standard files (standards/*.yaml), for "
        "editors (VS Code's YAML extension) and CI."))
    def schema(
        output: Optional[str] = typer.Option(None, "--output", "-o", help=say(
            "Ghi vào tệp FILE thay vì ra màn hình (`-` là ra màn hình); không bao giờ ghi đè tệp đầu vào.",
            "Write to FILE instead of stdout (`-` is stdout); never onto an input.")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        from xhht.base.writing import write_output
        from xhht.load.config import find_root
        from xhht.model.schema import schema_json

        write_output(output, schema_json(), find_root(Path.cwd()))

    @app.command("init", cls=Command, help=say(
        "Tạo một kho theo dõi mới: kế hoạch mẫu, đơn vị hành chính, số liệu, thiết lập, README, quy trình kiểm tra "
        "tự động và pre-commit.",
        "A new tracker repository: an example plan, areas, data, settings, README, CI workflow and pre-commit."))
    def init(
        folder: Path = typer.Argument(..., metavar="DIR", help=say("Thư mục mới hoặc thư mục trống.",
                                                                   "A new or empty folder.")),
        git: bool = typer.Option(True, "--git/--no-git", help=say(
            "Chạy `git init` trong thư mục đó (mặc định: có, khi máy đã cài git).",
            "Run `git init` in it (default: yes, when git is installed).")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_init(state, folder, git)


def run_init(state: State, folder: Path, git: bool) -> None:
    from xhht.cli.scaffold import scaffold

    written, needed = scaffold(folder, git=git)  # a ScaffoldError is a UsageError
    say = state.say
    typer.echo(say(f"Đã tạo kho theo dõi mới tại {folder} ({len(written)} tệp):",
                   f"A new tracker repository in {folder} ({len(written)} files):"))
    for rel in written:
        typer.echo(f"  {rel}")
    wheel = needed.startswith("./")
    typer.echo(say("Kiểm tra tự động (.github/workflows/xhht.yml) cài đúng bản xhht này: "
                   + (f"tệp {needed[2:]} (hãy commit cả tệp này)." if wheel else needed + "."),
                   "Its CI (.github/workflows/xhht.yml) installs this very xhht: "
                   + (f"the file {needed[2:]} (commit it too)." if wheel else needed + ".")))
    typer.echo(say("Bước tiếp theo: sửa plans/, areas.csv và data/ (README.md hướng dẫn cách làm), rồi chạy "
                   "`xhht check`.",
                   "Next: edit plans/, areas.csv and data/ (README.md says how), then run `xhht check`."))
