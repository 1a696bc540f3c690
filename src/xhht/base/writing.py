"""The one way xhht writes a file: atomically, a temporary file beside the target, then a rename.

`write_all` writes a set of files (`xhht form`, `xhht areas import`); `write_inside` writes a set
of files inside a folder (`xhht import` into the repository, `xhht init` into its new folder,
`xhht diff` into a revision's temporary folder), refusing a path on which a folder is a link, a
file or a dangling link, or the file itself a link or not a regular file; `write_output`
is `-o FILE` of `xhht report` and `xhht schema`: it refuses the repository's inputs (plans/,
data/, standards/, reports/, areas.csv, xhht.toml, templates/), folders and an empty path; writes a regular file
atomically with the user's usual permissions, leaving nothing behind on an error; writes into a
FIFO or a device (`/dev/stdout`) without replacing it; and `-` is standard output.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath

from xhht.base.errors import UsageError, WriteRefused, cannot_write
from xhht.base.safetext import for_terminal_line


def write_all(writes: dict[Path, bytes]) -> None:
    """Every file to a temporary file beside it first, then each renamed over its target: a
    failure while writing leaves every target as it was. A FIFO or a device (`/dev/stdout`)
    is written into, never replaced. New files get the user's usual permissions (umask).
    What the system refuses (no such folder, no permission, a name too long, a full disk) is a
    UsageError naming the file, never an internal error."""
    temps: list[tuple[str, Path]] = []
    path = None
    try:
        for path, data in sorted(writes.items()):
            if path.exists() and not path.is_file():
                with open(path, "wb") as f:
                    f.write(data)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _mode_for(path))
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        raise cannot_write(for_terminal_line(str(path)), exc) from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


class PathRefused(Exception):
    """A path `write_inside` does not write: `path` (as far as it was followed, relative to the
    root) is a `link`, `not-folder` (a file where a folder should be), `not-file` (the target is a
    folder, FIFO or device), or the path leads `outside` the root (absolute, or with `..`). (A
    caller may refuse a `name` of its own, as import does a file name nobody can read.)"""

    def __init__(self, path: str, kind: str):
        super().__init__(f"{path}: {kind}")
        self.path, self.kind = path, kind


def check_inside(root: Path, rel: str) -> None:
    """PathRefused unless writing `root/rel` (a posix path relative to `root`) writes inside `root`
    only: every folder on the way that exists is a real folder (a symbolic link, even one leading
    inside, a dangling link or a file is refused), and the file, if it exists, is a regular file
    and no link. Folders that do not exist yet are made by `write_inside`."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\0" in rel:
        raise PathRefused(rel, "outside")
    here = root
    for i, name in enumerate(parts):
        here = here / name
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            return  # this one and the rest are made
        except OSError as exc:  # a name too long, a folder that cannot be searched
            raise cannot_write(for_terminal_line(str(here)), exc) from None
        shown = "/".join(parts[:i + 1])
        if stat.S_ISLNK(st.st_mode):
            raise PathRefused(shown, "link")
        if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
            raise PathRefused(shown, "not-folder")
        if i == len(parts) - 1 and not stat.S_ISREG(st.st_mode):
            raise PathRefused(shown, "not-file")


def write_inside(root: Path, writes: dict[str, bytes]) -> None:
    """`write_all` of files named relative to `root`, every path checked first (`check_inside`):
    one refused path (PathRefused) and nothing is written. The folders made on the way are
    checked again once made."""
    for rel in writes:
        check_inside(root, rel)
    for rel in sorted(writes):
        parent = PurePosixPath(rel).parent
        here = root
        for name in parent.parts:
            here = here / name
            try:
                os.mkdir(here)
            except FileExistsError:
                pass
            except OSError as exc:
                raise cannot_write(for_terminal_line(str(here)), exc) from None
        check_inside(root, rel)
    write_all({root / rel: data for rel, data in writes.items()})


def _mode_for(path: Path) -> int:
    """The mode the file already has, or the one the user's umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


REPO_INPUTS = ("plans", "data", "templates", "reports", "standards", "areas.csv", "area-changes.csv", "xhht.toml")


def repo_input(path: Path, root: Path, allowed: tuple[str, ...] = ()) -> str | None:
    """The repository input that `path` is or lies in (`plans`, `areas.csv`, …), else None."""
    full = path.resolve()
    for name in REPO_INPUTS:
        if name in allowed:
            continue
        top = (root / name).resolve()
        if full == top or top in full.parents:
            return name
    return None


# ---------------------------------------------------------------- -o FILE


def check_output(output: str, root: Path | None) -> None:
    """Raise UsageError when `-o output` must not be written (before any work is done)."""
    _target(output, root)


def _target(output: str, root: Path | None) -> tuple[str, os.stat_result | None] | None:
    """(the path to write, its stat when it exists), or None for standard output. UsageError
    when refused."""
    if output == "-":
        return None
    if not output or not output.strip():
        raise UsageError("-o: tên tệp trống (ghi -o TỆP, hoặc -o - để in ra màn hình)",
                         "-o: the file name is empty (write -o FILE, or -o - for standard output)")
    real = os.path.realpath(output)
    name = repo_input(Path(output), root) if root is not None else None
    if name is not None:
        shown = name + ("/" if "." not in name else "")
        raise UsageError(f"-o: {output} là tệp đầu vào của kho ({shown}): xhht không bao giờ ghi đè tệp đầu vào; "
                         "hãy ghi ra chỗ khác, ví dụ -o bao-cao.md",
                         f"-o: {output} is the repository's input ({shown}): xhht never writes onto its inputs; "
                         "write the report elsewhere, e.g. -o bao-cao.md")
    try:
        st = os.stat(output)  # follows links: /dev/stdout is whatever standard output is
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise cannot_write(output, exc, "-o") from None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return output, st  # a FIFO or a device: written into, never replaced
    if (st is not None and stat.S_ISDIR(st.st_mode)) or output.endswith(("/", os.sep)):
        raise UsageError(f"-o: {output} là một thư mục: hãy ghi tên một tệp trong đó, ví dụ -o "
                         f"{output.rstrip('/')}/bao-cao.md",
                         f"-o: {output} is a folder: name a file in it, e.g. -o {output.rstrip('/')}/bao-cao.md")
    if not os.path.isdir(os.path.dirname(real)):
        folder = os.path.dirname(output) or "."
        raise UsageError(f"-o: thư mục {folder} không tồn tại", f"-o: the folder {folder} does not exist")
    return real, st


def write_output(output: str | None, data: str | bytes, root: Path | None) -> None:
    """Write `data` (text as UTF-8, or bytes as they are) to `output`: None or `-` is standard output
    (the bytes as they are, whatever the terminal's encoding); a FIFO or device is written into; a
    regular file is replaced atomically, with the permissions it had or, for a new file, those of the
    umask."""
    encoded = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        _write_stdout(encoded)
        return
    target = _target(output, root)
    if target is None:
        _write_stdout(encoded)
        return
    real, st = target
    if st is not None and not stat.S_ISREG(st.st_mode):  # a FIFO, /dev/stdout, /dev/null: write into it
        if real in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
            _write_stdout(encoded)
            return
        try:
            with open(real, "wb") as f:
                f.write(encoded)
        except OSError as exc:
            raise cannot_write(output, exc, "-o") from None
        return
    try:
        write_all({Path(real): encoded})
    except WriteRefused as exc:  # the file the command line named, as it named it
        raise cannot_write(for_terminal_line(output), exc.os_error, "-o") from None


def _write_stdout(encoded: bytes) -> None:
    import sys

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(encoded.decode("utf-8"))
    else:
        buffer.write(encoded)
        buffer.flush()
