"""Reading a tracker repository as it was at a git revision, through git itself.

A revision is exported with `git archive` into a temporary folder (regular files only: no
symlink, no path leading outside it) and loaded there with the ordinary loader. The user's
working tree, index and HEAD are never touched.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

WORKTREE = "worktree"


class GitError(Exception):
    """A usage problem with git: not a repository, an unknown revision, no git at all."""


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
            raise GitError(f"{rev!r} is not a revision")
        try:
            return str(self.git("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")).strip()
        except GitError:
            raise GitError(f"{rev!r} is not a revision of the git repository at {self.top} "
                           "(try a branch, a tag, a commit id, HEAD~1 or origin/main)") from None


def run_git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    if shutil.which("git") is None:
        raise GitError("git is not installed (it is needed to read other revisions)")
    proc = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                          env=_env())
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
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
        if "not a git repository" in str(exc).lower():
            raise GitError(f"{root} is not in a git repository (run `git init` and commit first)") from None
        raise
    top_path = Path(top).resolve()
    prefix = root.resolve().relative_to(top_path).as_posix()
    return GitRepo(top_path, "" if prefix == "." else prefix)


@contextmanager
def checkout(repo: GitRepo, commit: str) -> Iterator[Path]:
    """A temporary folder holding the tracker's files at `commit` (removed afterwards).
    Yields the tracker root inside it."""
    with tempfile.TemporaryDirectory(prefix="xhht-rev-") as tmp:
        dest = Path(tmp)
        has_path = True
        if repo.prefix:
            try:
                repo.git("cat-file", "-e", f"{commit}:{repo.prefix}")
            except GitError:
                has_path = False  # the tracker folder did not exist yet: an empty repository
        if has_path:
            args = ["archive", "--format=tar", commit]
            if repo.prefix:
                args += ["--", repo.prefix]
            extract(bytes(repo.git(*args, binary=True)), dest)
        root = dest / repo.prefix if repo.prefix else dest
        root.mkdir(parents=True, exist_ok=True)
        yield root


def extract(data: bytes, dest: Path) -> None:
    """Regular files and folders of a tar archive, each kept inside `dest`."""
    dest = dest.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for member in tar:
            if not (member.isfile() or member.isdir()):
                continue  # symlinks and the rest are never followed
            target = (dest / member.name).resolve()
            if target != dest and dest not in target.parents:
                continue
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            src = tar.extractfile(member)
            if src is not None:
                target.write_bytes(src.read())
