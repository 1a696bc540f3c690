"""The one way xhht reads the repository's files (writing is base/writing.py).

`list_files`, `read_file` (`read_bytes` for the bytes as they are): every input is named relative
to the repository root and must be a regular file inside it. A link (or a folder link) leading out
of the repository is not followed, a FIFO, device or socket is never opened, a file larger than
`MAX_BYTES` is not read, the bytes are decoded as strict UTF-8, and the text keeps its line
numbers: only `\\n` (and `\\r\\n`) ends a line, so characters that YAML or `str.splitlines` would
take for a line break (U+0085, U+2028, U+2029, a lone CR) are reported and read as a space, and so
are control characters (NUL, ESC, bidi overrides...). A folder or file that cannot be read is a
problem, never skipped. Nothing read from a file outside the repository ever reaches a message.

`read_given` reads a file named on the command line by the same rules but the first (a form to
import, a conversion table); `check_cell` applies the rules of a data file's cell to a cell that
does not come from one (a cell of a workbook `xhht import` reads); `refused_characters` those of
the characters to a text that was not in the file as it is (a YAML escape such as `"\\x1b"`).

`decode` is the one way bytes become text, for the repository's files and for the forms that
`xhht import` reads (which may also be UTF-16 or Windows-1258, as Excel saves them).

The problem catalogue is imported only when a problem is made: `xhht --help` reads xhht.toml
through this module at start-up (cli/state.py), and a valid file makes no problem.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from xhht.problems import Loc, Problem

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-area areas.csv is about 4 MB
MAX_CONFIG_BYTES = 64 * 1024  # xhht.toml holds two settings
MAX_COLUMNS = 64  # figure files have 8 columns, areas.csv 4
MAX_CELL = 4000  # characters in one CSV cell: a long source citation fits
_CRLF = re.compile("\r+\n")
_LINE_BREAKS = {"\r": "U+000D CARRIAGE RETURN (CR)", "\x85": "U+0085 NEXT LINE",
                "\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR"}
# Control characters no text of a repository needs, and that a terminal, an editor or a CI log
# acts on: C0 but tab, LF and CR; DEL; C1 but U+0085 (a line break, above); the bidi embeddings,
# overrides and isolates that make a line read otherwise than it is ("Trojan Source"); and the
# noncharacters U+FFFE and U+FFFF, which XML cannot hold (every workbook writer stopped on them).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# The bytes of UTF-8 text that may begin one of them: a file without any is not scanned for them.
_CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r") + b"\x7f\xc2\xe2\xef"
_PLAIN_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_NAMES = {"\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x1b": "ESCAPE", "\x7f": "DELETE"}


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


_WHY = {errno.EACCES: "os-denied", errno.EPERM: "os-denied", errno.ENOENT: "os-missing",
        errno.ENOTDIR: "os-not-folder", errno.EISDIR: "os-is-folder", errno.ENAMETOOLONG: "os-name-too-long",
        errno.ELOOP: "os-link-loop", errno.EIO: "os-io"}


def read_reason(exc: OSError) -> dict[str, str]:
    """The parameters of a `read-error` saying why `exc` happened: `why`, a phrase worded in the reader's
    language, for the usual reasons; else `reason`, the system's own words (English)."""
    why = _WHY.get(exc.errno)
    return {"why": why} if why is not None else {"reason": exc.strerror or type(exc).__name__}


def _problem(file: str, code: str, line: int = 0, column: int = 0, **params: Any) -> Problem:
    from xhht.problems import Loc

    return Loc(file, line, column).problem(code, **params)


def _outside(file: str, folder: bool = False) -> Problem:
    return _problem(file, "outside-repo", folder=True if folder else None)


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
            problems.append(_problem(rel, "not-regular-file", kind="kind-other"))
            continue
        except OSError as exc:
            problems.append(_problem(rel, "read-error", folder=True, **read_reason(exc)))
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
    raw, problems = read_bytes(root, file, limit)
    return (None, problems) if raw is None else decode(raw, file)


def read_bytes(root: Path, file: str, limit: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the repository file `file`, by the rules of `read_file` (inside the repository, a
    regular file, at most `limit` bytes), or None and the problems that say why it was not read."""
    f, _st, problems = open_file(root, file, limit)
    return (None, problems) if f is None else _read_open(f, file, limit)


def read_given(path: str | Path, file: str, limit: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file named on the command line (a form to import, a conversion table),
    shown as `file` in problems: a regular file (a FIFO or device is never opened), at most
    `limit` bytes (MAX_BYTES), else None and the problems that say why it was not read. Files of
    the repository are read by `read_bytes`, which also keeps them inside it."""
    f, _st, problems = _open_regular(path, file, limit)
    return (None, problems) if f is None else _read_open(f, file, limit)


def open_file(root: Path, file: str, limit: int | None = None) -> tuple[BinaryIO | None, os.stat_result | None,
                                                                        list[Problem]]:
    """The repository file `file` opened for reading (binary), with its stat, when it is a regular
    file inside the repository no larger than `limit`; else None and the problems that say why.
    (load/parallel.py reads chunks of a large file from it.)"""
    if os.path.isabs(file) or ".." in file.split("/"):
        return None, None, [_outside(file)]
    real = os.path.realpath(os.path.join(root, file))
    if not _inside(real, os.path.realpath(root)):
        return None, None, [_outside(file)]
    return _open_regular(real, file, limit)


def _open_regular(path: str | Path, file: str, limit: int | None) -> tuple[BinaryIO | None, os.stat_result | None,
                                                                            list[Problem]]:
    """`path` opened when it is a regular file no larger than `limit` (MAX_BYTES), shown as `file` in problems."""
    limit = MAX_BYTES if limit is None else limit
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # never open a FIFO or a device: it may block or have effects
            return None, None, [_problem(file, "not-regular-file", kind=_kind(st.st_mode))]
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        f = os.fdopen(fd, "rb")
        try:
            st = os.fstat(f.fileno())  # what was opened, not what was looked at
        except OSError:
            f.close()
            raise
    except OSError as exc:
        return None, None, [_problem(file, "read-error", **read_reason(exc))]
    if not stat.S_ISREG(st.st_mode):
        f.close()
        return None, None, [_problem(file, "not-regular-file", kind=_kind(st.st_mode))]
    if st.st_size > limit:
        f.close()
        return None, None, [_too_large(file, st.st_size, limit)]
    return f, st, []


def _read_open(f: BinaryIO, file: str, limit: int | None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the opened file `f` (closed after), at most `limit`."""
    limit = MAX_BYTES if limit is None else limit
    try:
        with f:
            raw = f.read(limit + 1)
    except OSError as exc:
        return None, [_problem(file, "read-error", **read_reason(exc))]
    if len(raw) > limit:
        return None, [_too_large(file, len(raw), limit)]
    return raw, []


def _too_large(file: str, size: int, limit: int) -> Problem:
    return _problem(file, "too-large", size=size, limit=limit)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """A repository file's text: strict UTF-8 (a BOM tolerated), CRLF -> LF, line breaks other than
    LF reported and read as a space (so every later line keeps its number), NFC."""
    return decode_as(raw, file)[:2]


LEGACY = ("UTF-16", "Windows-1258 (cp1258)")  # what Excel may save a CSV form as, besides UTF-8


def decode_as(raw: bytes, file: str, legacy: bool = False) -> tuple[str | None, list[Problem], str]:
    """(text, problems, the encoding it was read with). Without `legacy`, `decode`'s rules. With
    `legacy` (a form named on the command line, as Excel saved it): UTF-8 with or without a BOM,
    UTF-16 with its BOM, else Windows-1258; every CR or CRLF ends a line; NFC; when none of them
    reads the bytes, an `unknown-encoding` problem."""
    if legacy:
        return _decode_legacy(raw, file)
    encoding = "UTF-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_problem(file, "not-utf8", line, col, byte=f"{raw[exc.start]:02x}")], encoding
    text = _CRLF.sub("\n", text) if "\r" in text else text  # CRLF (and a doubled CR before LF) ends a line
    problems = []
    bad = [ch for ch in _LINE_BREAKS if ch in text]
    if raw.translate(None, _PLAIN_BYTES):  # a byte that may begin a control character
        bad += _distinct(_CONTROLS, text)
    for ch in bad:
        first = text.find(ch)
        n = text.count(ch)
        line = text.count("\n", 0, first) + 1
        col = first - (text.rfind("\n", 0, first) + 1) + 1
        problems.append(_problem(file, "bad-character", line, col, char=char_name(ch), more=n - 1 if n > 1 else None,
                                 control=None if ch in _LINE_BREAKS else True))
        text = text.replace(ch, " ")
    if text.isascii():  # known without a scan: ASCII is NFC already
        return text, problems, encoding
    return unicodedata.normalize("NFC", text), problems, encoding


def _distinct(pattern: re.Pattern, text: str) -> list[str]:
    """The distinct characters of `text` that `pattern` matches, in order of first appearance
    (one scan per distinct character, not a list of every match: a file may be all NULs)."""
    out: list[str] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m.group())
        text, pos = text.replace(m.group(), " "), m.end()
    return out


def char_name(ch: str) -> str:
    """`U+2028 LINE SEPARATOR`, `U+001B ESCAPE`, `U+202E RIGHT-TO-LEFT OVERRIDE`."""
    name = _LINE_BREAKS.get(ch) or f"U+{ord(ch):04X} " + (_CONTROL_NAMES.get(ch) or unicodedata.name(ch, ""))
    return name.strip()


def check_cell(text: str, loc: Loc) -> list[Problem]:
    """The rules a cell of a data file keeps (`read_csv`'s length bound, `decode`'s characters),
    for a cell that was not read from a repository file: a cell of a form `xhht import` reads.
    What check refuses in a file, import refuses in a cell."""
    if len(text) > MAX_CELL:
        return [loc.problem("too-large", chars=len(text), limit=MAX_CELL)]
    text = _CRLF.sub("\n", text) if "\r" in text else text
    return [bad_character(ch, loc) for ch in refused_characters(text)[:1]]


def refused_characters(text: str) -> list[str]:
    """The distinct characters of `text` that no repository text may hold (`decode`'s rules: line
    breaks but LF, control characters, bidi overrides), in order of first appearance."""
    return [ch for ch in _LINE_BREAKS if ch in text] + (_distinct(_CONTROLS, text) if not text.isprintable() else [])


def bad_character(ch: str, loc: Loc) -> Problem:
    """The `bad-character` problem of `ch` at `loc`."""
    return loc.problem("bad-character", **bad_character_params(ch))


def bad_character_params(ch: str) -> dict[str, Any]:
    """The parameters of the `bad-character` problem of `ch`."""
    return {"char": char_name(ch), "control": None if ch in _LINE_BREAKS else True}


def _decode_legacy(raw: bytes, file: str) -> tuple[str | None, list[Problem], str]:
    text, encoding = None, ""
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            text, encoding = raw[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
        elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text, encoding = raw.decode("utf-16"), LEGACY[0]
        else:
            try:
                text, encoding = raw.decode("utf-8"), "UTF-8"
            except UnicodeDecodeError:
                try:
                    text, encoding = raw.decode("cp1258"), LEGACY[1]
                except UnicodeDecodeError:
                    pass
    except UnicodeError:
        text, encoding = None, ""
    if text is None:
        try:
            raw.decode("cp1258")
            bad = raw[0]
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
        return None, [_problem(file, "unknown-encoding", byte=f"{bad:02x}")], ""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), [], encoding
