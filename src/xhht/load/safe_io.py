"""The one way xhht reads the repository's files, and the one way it writes a file.

Reading (`list_files`, `read_file`): every input is named relative to the repository root and
must be a regular file inside it. A link (or a folder link) leading out of the repository is
not followed, a FIFO, device or socket is never opened, a file larger than `MAX_BYTES` is not
read, the bytes are decoded as strict UTF-8, and the text keeps its line numbers: only `\\n`
(and `\\r\\n`) ends a line, so characters that YAML or `str.splitlines` would take for a line
break (U+0085, U+2028, U+2029, a lone CR) are reported and read as a space. A folder or file
that cannot be read is a problem, never skipped. Nothing read from a file outside the
repository ever reaches a message.

Writing (`write_output`): `-o FILE` of `xhht report`. It refuses the repository's inputs
(plans/, data/, areas.csv, xhht.toml, templates/), folders and an empty path; writes a regular
file atomically (a temporary file beside it, then a rename) with the user's usual permissions,
leaving nothing behind on an error; writes into a FIFO or a device (`/dev/stdout`) without
replacing it; and `-` is standard output.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from xhht.base.writing import REPO_INPUTS as INPUTS  # never written onto
from xhht.base.errors import UsageError
from xhht.problems import Loc, Problem

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-area areas.csv is about 4 MB
MAX_CONFIG_BYTES = 64 * 1024  # xhht.toml holds two settings
MAX_COLUMNS = 64  # figure files have 8 columns, areas.csv 4
MAX_CELL = 4000  # characters in one CSV cell: a long source citation fits
_CRLF = re.compile("\r+\n")
_LINE_BREAKS = {"\r": "U+000D CARRIAGE RETURN (CR)", "\x85": "U+0085 NEXT LINE",
                "\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR"}


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "kind-folder"
    if stat.S_ISFIFO(mode):
        return "kind-fifo"
    if stat.S_ISSOCK(mode):
        return "kind-socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "kind-device"
    return "kind-other"


def _outside(file: str, folder: bool = False) -> Problem:
    return Loc(file).problem("outside-repo", folder=True if folder else None)


def list_files(root: Path, folder: str, suffixes: tuple[str, ...], recursive: bool
               ) -> tuple[list[str], list[Problem]]:
    """The files under `root/folder` whose name ends with one of `suffixes`, as repository paths
    (`data/2015/a.csv`), sorted; and a problem for each folder that cannot be listed and each
    link that leads out of the repository. No recursion: a stack of folders."""
    root_real = os.path.realpath(root)
    out: list[str] = []
    problems: list[Problem] = []
    start = root / folder
    if not os.path.lexists(start):
        return out, problems
    visited: set[str] = set()
    stack = [folder]
    while stack:
        rel = stack.pop()
        full = root / rel
        real = os.path.realpath(full)
        if not _inside(real, root_real):
            problems.append(_outside(rel, folder=True))
            continue
        if real in visited:
            continue
        visited.add(real)
        try:
            with os.scandir(full) as it:
                entries = sorted(it, key=lambda e: e.name)
        except NotADirectoryError:
            if rel != folder:
                continue
            problems.append(Loc(rel).problem("not-regular-file", kind="kind-other"))
            continue
        except OSError as exc:
            problems.append(Loc(rel).problem("read-error", folder=True, reason=exc.strerror or type(exc).__name__))
            continue
        for entry in entries:
            child = f"{rel}/{entry.name}"
            try:
                is_dir = entry.is_dir()  # follows a link: checked for leaving the repository above
            except OSError:
                is_dir = False
            if is_dir and recursive:
                stack.append(child)
                continue
            if entry.name.endswith(suffixes):
                out.append(child)
    out.sort(key=lambda r: r.split("/"))
    return out, problems


def read_file(root: Path, file: str, limit: int | None = None) -> tuple[str | None, list[Problem]]:
    """The text of the repository file `file` (a path relative to `root`), NFC-normalised, or
    None and the problems that say why it was not read."""
    limit = MAX_BYTES if limit is None else limit
    if os.path.isabs(file) or ".." in file.split("/"):
        return None, [_outside(file)]
    full = os.path.join(root, file)
    real = os.path.realpath(full)
    if not _inside(real, os.path.realpath(root)):
        return None, [_outside(file)]
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):  # never open a FIFO or a device: it may block or have effects
            return None, [Loc(file).problem("not-regular-file", kind=_kind(st.st_mode))]
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())  # what was opened, not what was looked at
            if not stat.S_ISREG(st.st_mode):
                return None, [Loc(file).problem("not-regular-file", kind=_kind(st.st_mode))]
            if st.st_size > limit:
                return None, [_too_large(file, st.st_size, limit)]
            raw = f.read(limit + 1)
    except OSError as exc:
        return None, [Loc(file).problem("read-error", reason=exc.strerror or type(exc).__name__)]
    if len(raw) > limit:
        return None, [_too_large(file, len(raw), limit)]
    return decode(raw, file)


def _too_large(file: str, size: int, limit: int) -> Problem:
    return Loc(file).problem("too-large", size=size, limit=limit)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (a BOM tolerated), CRLF -> LF, line breaks other than LF reported and read as
    a space (so every later line keeps its number), NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Loc(file, line, col).problem("not-utf8", byte=f"{raw[exc.start]:02x}")]
    text = _CRLF.sub("\n", text) if "\r" in text else text  # CRLF (and a doubled CR before LF) ends a line
    problems = []
    for ch, name in _LINE_BREAKS.items():
        first = text.find(ch)
        if first < 0:
            continue
        n = text.count(ch)
        line = text.count("\n", 0, first) + 1
        col = first - (text.rfind("\n", 0, first) + 1) + 1
        problems.append(Loc(file, line, col).problem("bad-character", char=name, more=n - 1 if n > 1 else None))
        text = text.replace(ch, " ")
    if text.isascii():  # known without a scan: ASCII is NFC already
        return text, problems
    return unicodedata.normalize("NFC", text), problems


# ---------------------------------------------------------------- writing


def check_output(output: str, root: Path | None) -> None:
    """Raise UsageError when `-o output` must not be written (before any work is done)."""
    _target(output, root)


def _target(output: str, root: Path | None) -> tuple[str, os.stat_result | None] | None:
    """(the path to write, its stat when it exists), or None for standard output. UsageError
    when refused."""
    if output == "-":
        return None
    if not output or not output.strip():
        raise UsageError("-o: the file name is empty (write -o FILE, or -o - for standard output)")
    real = os.path.realpath(output)
    if root is not None:
        root_real = os.path.realpath(root)
        for name in INPUTS:
            inp = os.path.join(root_real, name)
            if real == inp or real.startswith(inp + os.sep):
                raise UsageError(f"-o: {output} is the repository's input ({name}{'/' if '.' not in name else ''}): "
                                 "xhht never writes onto its inputs; write the report elsewhere, e.g. -o bao-cao.md")
    try:
        st = os.stat(output)  # follows links: /dev/stdout is whatever standard output is
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"-o: cannot write {output}: {exc.strerror}") from None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return output, st  # a FIFO or a device: written into, never replaced
    if (st is not None and stat.S_ISDIR(st.st_mode)) or output.endswith(("/", os.sep)):
        raise UsageError(f"-o: {output} is a folder: name a file in it, e.g. -o {output.rstrip('/')}/bao-cao.md")
    if not os.path.isdir(os.path.dirname(real)):
        raise UsageError(f"-o: the folder {os.path.dirname(output) or '.'} does not exist")
    return real, st


def write_output(output: str | None, data: str, root: Path | None) -> None:
    """Write `data` (UTF-8) to `output`: None or `-` is standard output (the bytes as they are,
    whatever the terminal's encoding); a FIFO or device is written into; a regular file is
    replaced atomically, with the permissions it had or, for a new file, those of the umask."""
    encoded = data.encode("utf-8")
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
            raise UsageError(f"-o: cannot write {output}: {exc.strerror}") from None
        return
    from xhht.base.writing import write_all  # the one atomic writer (also `xhht form` and `xhht import`)

    try:
        write_all({Path(real): encoded})
    except OSError as exc:
        raise UsageError(f"-o: cannot write {output}: {exc.strerror or exc}") from None


def _write_stdout(encoded: bytes) -> None:
    import sys

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(encoded.decode("utf-8"))
    else:
        buffer.write(encoded)
        buffer.flush()
