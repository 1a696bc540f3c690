"""Reading a tracker repository as it was at a git revision, through git itself.

The files the loader reads (plans/, data/, areas.csv, xhht.toml) are listed with `git ls-tree`
and read with `git cat-file --batch` into a temporary folder (regular files only: no symlink,
no path leading outside it), then loaded there with the ordinary loader. The user's working
tree, index and HEAD are never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from xhht.base.errors import UsageError

WORKTREE = "worktree"


class GitError(UsageError):
    """A usage problem with git: not a repository, an unknown revision, no git at all (exit 2). Git's
    own words (its stderr) are passed on as they are."""


@dataclass(frozen=True)
class GitRepo:
    top: Path  # the git work tree's top folder
    prefix: str  # the tracker root relative to `top`, posix, "" at the top

    def git(self, *args: str, binary: bool = False) -> str | bytes:
        return run_git(self.top, *args, binary=binary)

    def path(self, rel: str) -> str:
        """A tracker-relative path as a path from the git top (for pathspecs)."""
        return str(PurePosixPath(self.prefix, rel)) if self.prefix else rel

    def resolve(self, rev: str) -> str:
        """The commit id that `rev` names; GitError when there is none."""
        if rev.startswith("-"):
            raise GitError(f"{rev!r} không phải một phiên bản", f"{rev!r} is not a revision")
        try:
            return str(self.git("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")).strip()
        except GitError:
            raise GitError(f"{rev!r} không phải một phiên bản của kho git tại {self.top} "
                           "(hãy ghi một nhánh, một thẻ, một mã lần ghi, HEAD~1 hoặc origin/main)",
                           f"{rev!r} is not a revision of the git repository at {self.top} "
                           "(try a branch, a tag, a commit id, HEAD~1 or origin/main)") from None


def run_git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    if shutil.which("git") is None:
        raise GitError("máy chưa cài git (cần git để đọc các phiên bản khác)",
                       "git is not installed (it is needed to read other revisions)")
    proc = subprocess.run(["git", "--literal-pathspecs", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                          env=_env())
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]}: lỗi", message or f"git {args[0]} failed")
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["LC_ALL"] = "C"
    return env


def open_git(root: Path) -> GitRepo:
    """The git repository around the tracker at `root`; GitError when there is none."""
    try:
        top = str(run_git(root, "rev-parse", "--show-toplevel")).strip()
    except GitError as exc:
        if "not a git repository" in exc.en.lower():
            raise GitError(f"{root} không nằm trong một kho git (hãy chạy `git init` và ghi lần đầu trước)",
                           f"{root} is not in a git repository (run `git init` and commit first)") from None
        raise
    top_path = Path(top).resolve()
    prefix = root.resolve().relative_to(top_path).as_posix()
    return GitRepo(top_path, "" if prefix == "." else prefix)


TRACKED = ("plans", "data", "areas.csv", "xhht.toml", "area-changes.csv")  # what the loader reads


def ls_tree(repo: GitRepo, commit: str, paths: tuple[str, ...] = TRACKED) -> list[tuple[str, str]]:
    """(blob id, tracker-relative path) of the regular files under `paths` at `commit`.
    Symlinks and submodules are left out: they are never followed."""
    listing = str(repo.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", *(repo.path(p) for p in paths)))
    out = []
    for item in listing.split("\0"):
        if "\t" not in item:
            continue
        info, path = item.split("\t", 1)
        mode, kind, blob = info.split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue
        if repo.prefix:
            if not path.startswith(repo.prefix + "/"):
                continue
            path = path[len(repo.prefix) + 1:]
        out.append((blob, path))
    return out


def read_blobs(repo: GitRepo, blobs: list[str]) -> dict[str, bytes]:
    """The content of each blob, read with one `git cat-file --batch`."""
    if not blobs:
        return {}
    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=repo.top, input=("\n".join(blobs) + "\n").encode(),
                          capture_output=True, env=_env())
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or "git cat-file: lỗi", message or "git cat-file failed")
    out, data, pos = {}, proc.stdout, 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        parts = data[pos:end].decode("ascii", "replace").split()
        pos = end + 1
        if len(parts) != 3:
            continue  # "<id> missing"
        sha, _, size = parts
        out[sha] = data[pos:pos + int(size)]
        pos += int(size) + 1
    return out


@contextmanager
def checkout(repo: GitRepo, commit: str) -> Iterator[Path]:
    """A temporary folder holding the tracker's files at `commit` (removed afterwards), read from
    the object database (no `.gitattributes` filter, no checkout). Yields the tracker root in it."""
    with tempfile.TemporaryDirectory(prefix="xhht-rev-") as tmp:
        root = Path(tmp).resolve() / "repo"
        root.mkdir()
        files = ls_tree(repo, commit)
        contents = read_blobs(repo, sorted({blob for blob, _ in files}))
        for blob, rel in files:
            target = (root / rel).resolve()
            if root not in target.parents:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.get(blob, b""))
        yield root
