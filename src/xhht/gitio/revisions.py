"""Reading a tracker repository as it was at a git revision, through git itself.

The files the loader reads (plans/, data/, areas.csv, xhht.toml) are listed with `git ls-tree`,
sized with `git cat-file --batch-check` (a blob over safe_io.MAX_BYTES is never read, as a file of
the working tree is not: it is a `too-large` problem) and read one at a time with `git cat-file
--batch` into a temporary folder (regular files only: no symlink, no path leading outside it),
then loaded there with the ordinary loader. The user's working tree, index and HEAD are never
touched.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from xhht.base.errors import UsageError, WriteRefused
from xhht.base.writing import PathRefused, write_inside

if TYPE_CHECKING:
    from xhht.problems import Problem

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


def blob_sizes(repo: GitRepo, blobs: list[str]) -> dict[str, int]:
    """The size of each blob, from `git cat-file --batch-check` (nothing of it is read)."""
    if not blobs:
        return {}
    out = {}
    with _cat_file(repo, "--batch-check", blobs) as proc:
        listing = proc.stdout.read().decode("ascii", "replace")
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            out[parts[0]] = int(parts[2])
    return out


def iter_blobs(repo: GitRepo, blobs: list[str], limit: int | None = None) -> Iterator[tuple[str, bytes | None, int]]:
    """(blob id, content, size) of each blob, one at a time from one `git cat-file --batch`; a
    blob over `limit` bytes (safe_io.MAX_BYTES, as a file of the working tree) is sized first with
    `--batch-check` and never read: its content is None. A 300 MB blob (300 KB packed) costs
    nothing, and only one blob is in memory at a time."""
    from xhht.load.safe_io import MAX_BYTES

    limit = MAX_BYTES if limit is None else limit
    sizes = blob_sizes(repo, blobs)
    wanted = [b for b in blobs if sizes.get(b, limit + 1) <= limit]
    for blob in blobs:
        if blob in sizes and sizes[blob] > limit:
            yield blob, None, sizes[blob]
    if not wanted:
        return
    proc = _cat_file(repo, "--batch", wanted)
    try:
        for _ in wanted:
            header = proc.stdout.readline().decode("ascii", "replace").split()
            if len(header) != 3 or not header[2].isdigit():
                continue  # "<id> missing"
            size = int(header[2])
            if size > limit:  # not what --batch-check said: never read beyond the bound
                raise GitError(f"git cat-file: {header[0]} đổi kích thước trong khi đọc",
                               f"git cat-file: {header[0]} changed size while it was read")
            yield header[0], _read_exactly(proc.stdout, size), size
            proc.stdout.read(1)  # the newline after the content
    finally:
        proc.stdout.close()
        if proc.poll() is None:  # a reader that stopped early
            proc.kill()
        proc.wait()


def _cat_file(repo: GitRepo, mode: str, blobs: list[str]) -> subprocess.Popen:
    """`git cat-file MODE` reading the blob ids from a temporary file (no pipe to fill both ways)."""
    if shutil.which("git") is None:
        raise GitError("máy chưa cài git (cần git để đọc các phiên bản khác)",
                       "git is not installed (it is needed to read other revisions)")
    ids = tempfile.TemporaryFile()
    ids.write(("\n".join(blobs) + "\n").encode("ascii", "replace"))
    ids.seek(0)
    with ids:
        return subprocess.Popen(["git", "cat-file", mode], cwd=repo.top, stdin=ids, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=_env())


def _read_exactly(stream, n: int) -> bytes:  # noqa: ANN001 - a binary pipe
    chunks, left = [], n
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise GitError("git cat-file dừng giữa chừng", "git cat-file ended early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


@contextmanager
def checkout(repo: GitRepo, commit: str) -> Iterator[tuple[Path, list[Problem]]]:
    """A temporary folder holding the tracker's files at `commit` (removed afterwards), read from
    the object database (no `.gitattributes` filter, no checkout): (the tracker root in it, the
    problems of files not written, a `too-large` for a blob over safe_io.MAX_BYTES, at its path)."""
    from xhht.load.safe_io import MAX_BYTES, read_reason
    from xhht.problems import Loc

    skipped: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="xhht-rev-") as tmp:
        root = Path(tmp).resolve() / "repo"
        root.mkdir()
        files = ls_tree(repo, commit)
        paths: dict[str, list[str]] = {}
        for blob, rel in files:
            paths.setdefault(blob, []).append(rel)
        for blob, content, size in iter_blobs(repo, sorted(paths)):
            for rel in paths[blob]:
                if content is None:
                    skipped.append(Loc(rel).problem("too-large", size=size, limit=MAX_BYTES))
                    continue
                try:
                    write_inside(root, {rel: content})
                except PathRefused:  # a crafted tree: `..`, or a path through a file
                    skipped.append(Loc(rel).problem("outside-repo"))
                except WriteRefused as exc:  # a crafted tree: a name too long for this system
                    skipped.append(Loc(rel).problem("read-error", **read_reason(exc.os_error)))
        yield root, sorted(skipped)
