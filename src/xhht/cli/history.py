"""`xhht diff` and `xhht log`: what changed between git revisions, and a figure's history."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from xhht.base.errors import UsageError
from xhht.cli.common import Command, Lang, TextOrJson, lang_option

if TYPE_CHECKING:
    from xhht.cli.state import State


def register(app: typer.Typer, state: State) -> None:
    say = state.say
    lang_help = say("vi (mặc định) hoặc en.", "vi (default) or en.")

    @app.command("diff", cls=Command, help=say(
        "Những thay đổi giữa hai phiên bản trong git: số liệu thêm, sửa, xóa và các kết quả đánh giá thay đổi.",
        "What changed between two git revisions: figures added, changed, removed, and the verdicts that changed."))
    def diff(
        rev: str = typer.Argument(..., help=say(
            "Phiên bản so sánh từ: nhánh, thẻ, mã lần ghi, HEAD~1, origin/main.",
            "The revision to compare from: a branch, tag, commit, HEAD~1, origin/main.")),
        rev2: Optional[str] = typer.Argument(None, help=say(
            "Phiên bản so sánh đến (mặc định: các tệp hiện có trong thư mục).",
            "The revision to compare to (default: the working tree).")),
        fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help=say(
            "text (Markdown, để bình luận trong yêu cầu hợp nhất) hoặc json.",
            "text (Markdown for a pull request comment) or json.")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_diff(state, rev, rev2, fmt.value)

    @app.command("log", cls=Command, help=say(
        "Lịch sử của một số liệu qua các lần ghi: ngày, người ghi, mã lần ghi, giá trị cũ -> mới.",
        "The history of a figure through the commits: date, author, commit, old -> new value."))
    def log(
        indicator: str = typer.Argument(..., help=say(
            "Mã chỉ tiêu (như trong plans/*.yaml và các tệp số liệu).",
            "The indicator id (as in plans/*.yaml and the data files).")),
        area: Optional[str] = typer.Option(None, "--area", help=say("Chỉ số liệu của đơn vị này.",
                                                                    "Only this area's figures.")),
        fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help=say("text hoặc json.",
                                                                                   "text or json.")),
        lang: Optional[Lang] = lang_option(lang_help),
    ) -> None:
        run_log(state, indicator, area, fmt.value)


def run_diff(state: State, rev: str, rev2: str | None, fmt: str) -> None:
    from contextlib import ExitStack

    from xhht.gitio.diff import diff_json, diff_markdown, diff_repos
    from xhht.gitio.revisions import WORKTREE, checkout, open_git
    from xhht.repo import find_root, load_repo

    root = find_root(Path.cwd())
    if root is None:
        raise UsageError("không có kho theo dõi ở đây: hãy chạy trong thư mục có plans/ (hoặc xhht.toml)",
                         "no tracker repository here: run inside a folder with plans/ (or xhht.toml)")
    git = open_git(root)  # a GitError is a UsageError
    commits = [git.resolve(rev)] + ([git.resolve(rev2)] if rev2 else [])
    with ExitStack() as stack:
        old_root, unread = stack.enter_context(checkout(git, commits[0]))
        old = load_repo(old_root)
        unread = [replace(p, file=f"{rev}:{p.file}") for p in unread]
        if rev2:
            new_root, more = stack.enter_context(checkout(git, commits[1]))
            unread += [replace(p, file=f"{rev2}:{p.file}") for p in more]
        new = load_repo(new_root if rev2 else root)
    state.follow(new.config)
    result = diff_repos(old, new, rev, rev2 or WORKTREE, commits[0], commits[1] if rev2 else None)
    sys.stdout.write(diff_json(result) if fmt == "json" else diff_markdown(result, state.lang))
    sys.stdout.flush()
    errors = [p for p in new.problems if p.severity == "error"]
    if errors:
        where = rev2 or state.say("thư mục làm việc", WORKTREE)
        typer.echo("xhht: " + state.say(f"cảnh báo: {where} có {len(errors)} lỗi trong các tệp, không được tính khi "
                                        "so sánh; chạy `xhht check` để xem",
                                        f"warning: {where} has {len(errors)} error(s) in its files, left out of the "
                                        "comparison; run `xhht check` to see them"), err=True)
    _say_unread(state, unread)
    raise typer.Exit(1 if errors or unread else 0)


def run_log(state: State, indicator: str, area: str | None, fmt: str) -> None:
    from xhht.gitio.history import history, history_json, history_text
    from xhht.gitio.revisions import open_git

    repo = state.open_repo()
    events, unread = history(open_git(repo.root), repo.root, indicator, area)  # a GitError is a UsageError
    ind = repo.catalogue.get(indicator)
    if ind is None and not events:
        from xhht.problems import did_you_mean

        guess = did_you_mean(indicator, sorted(repo.catalogue))
        raise UsageError(f"không có chỉ tiêu {indicator!r} trong các kế hoạch và trong lịch sử"
                         + (f": có phải là {guess!r}?" if guess else ""),
                         f"no indicator {indicator!r} in the plans or the history"
                         + (f": did you mean {guess!r}?" if guess else ""))
    sys.stdout.write(history_json(indicator, area, events) if fmt == "json"
                     else history_text(indicator, ind.name if ind else None, area, events, state.lang,
                                       ind.unit if ind else None))
    sys.stdout.flush()
    _say_unread(state, unread)
    raise typer.Exit(1 if unread else 0)


def _say_unread(state: State, problems: list) -> None:
    """The files a history could not read (links leading out, too large, not UTF-8...), said on
    stderr as `check` says them; the command then exits 1, as every command whose input has one."""
    from xhht.present.problem_text import problem_lines

    for p in problems:
        for line in problem_lines(p, state.lang):
            typer.echo(line, err=True)
