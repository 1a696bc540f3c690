"""The cache of validated figures (issue 10): `.xhht/cache.bin` at the repository root.

What a full load finds (the loaded plans, the valid figures, every problem of the repository,
which row is of which indicator) is kept for the next command, keyed by the content of every
file that the checks read (xhht.toml, plans/*.yaml|yml, areas.csv, area-changes.csv,
data/**/*.csv) and by xhht itself (its version and the size and time of each of its modules).
A file changed, added or removed: another key, the cache is not used, and is rewritten.
`.xhht/stat.bin` spares reading every file to know the key: see `current_inputs`.

Trust: the cache is signed with a keyed BLAKE2b MAC (as strong as an HMAC) whose key is not in the repository but in the
user's cache folder (`$XDG_CACHE_HOME/xhht/key`, else `~/.cache/xhht/key`, made with mode 0600
on first use). A cache committed to a repository, planted by a pull request or written by
another user fails the signature and is ignored, so it cannot make a bad repository pass. A
`.xhht` that is a symbolic link, not a folder, not the user's own or writable by others is not
used at all, nor is a cache file, stat.bin or key that is not a regular file. Cache data is
never unpickled: it is `marshal` data of plain strings, numbers and tuples; the index is
signed and holds each section's MAC, and a section is read only after its MAC is verified.
Written to a temporary file, then renamed.

A partition per (area, year): `report` and `status` read the figures of the areas they look at, not a
million of them. Whatever goes wrong here (no key, a read-only folder, a full disk) means no
cache, never another result. XHHT_NO_CACHE=1 or `xhht --no-cache` leaves it alone.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import marshal
import os
import secrets
import stat
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xhht import __version__
from xhht.model.figures import (FigureMapping, FigureTable, area_years, figure_numbers_of, first_keys, make_figure,
                               row_numbers, row_of)
from xhht.model.records import Figure
from xhht.problems import Loc, Problem

MAGIC = b"XHHT-CACHE 2\n"
DIR = ".xhht"
FILE = "cache.bin"
_LEN = struct.Struct(">Q")
_MAC = 32


def disabled() -> bool:
    return os.environ.get("XHHT_NO_CACHE", "") not in ("", "0")


# --- the key ------------------------------------------------------------------------------------

def key_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = os.path.join(Path.home(), ".cache")
        except (RuntimeError, KeyError, OSError):
            return None
    return Path(base) / "xhht" / "key"


def _open_regular(path: Path | str):
    """`path` opened for reading when it is a regular file (not a link, folder, FIFO or device:
    opened without blocking and checked before anything is read), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        return os.fdopen(fd, "rb")
    except OSError:
        os.close(fd)
        return None


def _key() -> bytes | None:
    """This user's secret key: read, or made once (mode 0600). None: no cache."""
    path = key_path()
    if path is None:
        return None
    for _ in range(2):
        if not os.path.lexists(path):
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            except FileExistsError:
                continue  # another xhht made it meanwhile: read that one
            except OSError:
                return None
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
            continue
        opened = _open_regular(path)
        if opened is None:
            return None  # a folder, a FIFO, a link: no key, no cache
        with opened as f:
            st = os.fstat(f.fileno())
            if not _own(st) or not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077:
                return None  # someone else's, or readable by others: not a secret
            key = f.read(64)
        return key if len(key) == 32 else None
    return None


def _own(st: os.stat_result) -> bool:
    return st.st_uid == os.getuid()


def _mac(key: bytes, *parts: bytes) -> bytes:
    """Keyed BLAKE2b (an HMAC-equivalent MAC, and fast enough to sign 100 MB in a tenth of a second)."""
    h = hashlib.blake2b(key=key, digest_size=_MAC, person=b"xhht-cache")
    for part in parts:
        h.update(part)
    return h.digest()


# --- what the cache is keyed by -----------------------------------------------------------------

def input_files(root: Path) -> list[str]:
    """Every file whose content the checks read, as repo.load_repo finds them (safe_io)."""
    from xhht.load.safe_io import list_files

    files = ["xhht.toml", "areas.csv", "area-changes.csv"]
    files += list_files(root, "plans", (".yaml", ".yml"), recursive=False)[0]
    files += list_files(root, "data", (".csv",), recursive=True)[0]
    return files


def inputs_digest(root: Path) -> bytes | None:
    """A digest of every input file's path and content, and of xhht itself. None: unreadable.
    Only regular files inside the repository are read, as safe_io reads them; anything else
    (a FIFO, a device, a link out, a file too large) is hashed by what xhht reports of it."""
    from xhht.load.safe_io import MAX_BYTES

    h = hashlib.blake2b(digest_size=32)
    h.update(MAGIC + __version__.encode() + b"\0")
    here = Path(__file__).parent
    for module in sorted(here.glob("*.py")):  # a changed xhht (a developer's checkout) is another key
        try:
            st = module.stat()
        except OSError:
            return None
        h.update(f"{module.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    root_real = os.path.realpath(root)
    for file in input_files(root):
        rel = file.encode()
        full = os.path.join(root, file)
        if not os.path.lexists(full):
            h.update(b"-" + rel + b"\0")
            continue
        real = os.path.realpath(full)
        try:
            st = os.stat(real)
        except OSError:
            return None
        inside = real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)
        if not inside or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            h.update(f"?{file}\0{inside}\0{stat.S_IFMT(st.st_mode)}\0{st.st_size}\0".encode())
            continue
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    return None
                data = f.read(MAX_BYTES + 1)
        except OSError:
            return None
        h.update(b"+" + rel + b"\0" + _LEN.pack(len(data)))
        h.update(data)
    return h.digest()


def current_inputs(root: Path) -> bytes | None:
    """`inputs_digest(root)`, without reading the files when `.xhht/stat.bin` (signed like the
    cache) says that this digest was computed for files whose size, times, inode and device are
    all as they are now, and none of which had changed within 2 s before they were looked at
    (git's index trusts a file's stat the same way, with the same "racy" rule). Any difference,
    or no such record: every file is read and hashed."""
    key = _key()
    folder = _folder(root, make=False) if key else None
    taken = time.time_ns()
    stats, newest = _stats(root)
    _PENDING[str(root)] = (stats, newest, taken)
    if folder is not None and stats is not None:
        record = _read_signed(folder / STAT_FILE, key)
        if record is not None and record[0] == stats and newest < record[2] - _RACY_NS:
            _PENDING.pop(str(root), None)  # nothing new to remember
            return record[1]
    return inputs_digest(root)


_RACY_NS = 2_000_000_000


def _unchanged(root: Path, inputs: bytes) -> bool:
    """Whether the files are still those whose digest is `inputs`: by their stat when it was
    taken just before they were read (and no file had changed within 2 s before, as
    `current_inputs` trusts a stat), else by reading and hashing them again."""
    pending = _PENDING.get(str(root))
    if pending is not None:
        stats, newest, taken = pending
        if stats is not None and newest < taken - _RACY_NS and _stats(root)[0] == stats:
            return True
    return inputs_digest(root) == inputs
_PENDING: dict[str, tuple] = {}
STAT_FILE = "stat.bin"


def _stats(root: Path) -> tuple[bytes | None, int]:
    h = hashlib.blake2b(digest_size=32)
    newest = 0
    here = Path(__file__).parent
    try:
        for path in [*sorted(here.glob("*.py")), *(os.path.join(root, f) for f in input_files(root))]:
            for st in (os.lstat(path), os.stat(path)) if os.path.lexists(path) else ():
                h.update(f"{path}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                         f"{st.st_ino}\0{st.st_dev}\0".encode())
                newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
            if not os.path.lexists(path):
                h.update(f"-{path}\0".encode())
    except OSError:
        return None, 0
    return h.digest(), newest


def _read_signed(path: Path, key: bytes) -> Any:
    opened = _open_regular(path)
    if opened is None:
        return None
    with opened as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or not _own(st) or st.st_size > 4096:
            return None
        data = f.read()
    n = len(MAGIC)
    if data[:n] != MAGIC or not hmac.compare_digest(data[n:n + _MAC], _mac(key, MAGIC, b"stat", data[n + _MAC:])):
        return None
    try:
        record = marshal.loads(data[n + _MAC:])
    except (ValueError, EOFError, TypeError):
        return None
    ok = (isinstance(record, tuple) and len(record) == 3 and isinstance(record[0], bytes)
          and isinstance(record[1], bytes) and isinstance(record[2], int))
    return record if ok else None


def _write_stat(root: Path, folder: Path, key: bytes, inputs: bytes) -> None:
    pending = _PENDING.pop(str(root), None)
    if pending is None or pending[0] is None:
        return
    stats, _newest, taken = pending
    body = marshal.dumps((stats, inputs, taken))
    _write(folder, STAT_FILE, MAGIC + _mac(key, MAGIC, b"stat", body) + body)


def _write(folder: Path, name: str, *chunks: bytes) -> None:
    """Into a temporary file in `folder`, then renamed over `name`: never half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in chunks:
                    f.write(chunk)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


# --- the folder ---------------------------------------------------------------------------------

def _folder(root: Path, make: bool) -> Path | None:
    """`.xhht`, when it is a real folder of this user that nobody else may write into."""
    folder = root / DIR
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if not make:
            return None
        try:
            os.mkdir(folder, 0o700)
            (folder / ".gitignore").write_text("# xhht's cache (xhht --no-cache to do without)\n*\n",
                                               encoding="utf-8")
        except OSError:
            return None  # a read-only repository: no cache
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _own(st) or st.st_mode & 0o022:
        return None
    return folder


# --- writing ------------------------------------------------------------------------------------

def _enc(v: Any) -> Any:
    """A problem parameter as marshal data: plain values as they are, Decimals tagged."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Decimal):
        return ("\0dec", str(v))
    if isinstance(v, (tuple, list)):
        return ("\0tup" if isinstance(v, tuple) else "\0list", tuple(_enc(x) for x in v))
    raise TypeError(type(v).__name__)


def _dec(v: Any) -> Any:
    if isinstance(v, tuple):
        tag, body = v
        if tag == "\0dec":
            return Decimal(body)
        items = [_dec(x) for x in body]
        return tuple(items) if tag == "\0tup" else items
    return v


def _severity(p: Problem) -> str:
    """"" for the code's own severity (made again from the catalogue on reading), else its text."""
    from xhht.problems import CODES

    if p.severity is CODES[p.code][0] or type(p.severity) is type(CODES[p.code][0]) and p.severity == CODES[p.code][0]:
        return ""
    if not isinstance(p.severity, str):
        raise TypeError(type(p.severity).__name__)  # no cache rather than another type on reading
    return str(p.severity.value if hasattr(p.severity, "value") else p.severity)  # marshal holds no enum


def store(repo: Any, inputs: bytes) -> None:  # repo: an xhht.repo.Repo (repo.py imports this module)
    """Write the cache of a full load. Silently nothing when it cannot be written or the files
    changed while they were read."""
    key = _key()
    folder = _folder(repo.root, make=True) if key else None
    if folder is None:
        return
    index: dict[str, tuple[int, int, bytes]] = {}
    body = bytearray()
    try:
        for name, blob in _sections(repo):
            index[name] = (len(body), len(blob), _section_mac(key, inputs, name, blob))
            body += blob
    except (TypeError, ValueError):
        return  # a parameter marshal cannot hold: no cache rather than a wrong one
    if not _unchanged(repo.root, inputs):
        return  # a file changed while it was read: what was read is not what is there now
    index_blob = marshal.dumps(index)
    rest = _LEN.pack(len(index_blob)) + index_blob
    head = MAGIC + inputs + _mac(key, MAGIC, inputs, rest) + rest
    _write(folder, FILE, head, body)
    _write_stat(repo.root, folder, key, inputs)


def _sections(repo: Any) -> Iterator[tuple[str, bytes]]:
    """meta (problems, data files, rows of problems), keys (in load order), the (area, year)
    index, then one section of figures per (area, year): the rows of figure_table.py."""
    table = repo.figures
    if not isinstance(table, FigureTable):
        table = _table_of(table)
    problems = tuple((p.file, p.line, p.column, p.code, tuple((k, _enc(v)) for k, v in p.params.items()),
                      _severity(p), p.text) for p in repo.problems)
    rows = repo.rows_of_problems()  # all that Repo.select asks of it
    yield "meta", marshal.dumps((problems, tuple(repo.data_files), tuple(rows.items()), tuple(table.files)))
    yield "plans", marshal.dumps((tuple(_pack(p) for p in repo.plans.values()), tuple(repo.plan_files.items()),
                                  tuple(sorted(repo.unloaded))))
    yield "keys", marshal.dumps(tuple(table.index))
    yield "years", marshal.dumps({k: tuple(v) for k, v in table.area_years().items()})
    for place, place_rows in table.places.items():  # (area, year)
        yield place, marshal.dumps(tuple(place_rows))


def _table_of(figures: Mapping) -> FigureTable:
    """Figures held some other way (a test's dict) as a table."""
    table = FigureTable()
    numbers: dict[str, int] = {}
    for key, fig in figures.items():
        if fig.loc.file not in numbers:
            numbers[fig.loc.file] = table.file_number(fig.loc.file)
        row = table.index[key] = row_of(fig, numbers[fig.loc.file])
        table.places.setdefault(key[1:], []).append(row)
    return table


# --- reading ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _records() -> dict[str, type]:
    """The records a plan is made of, by name: what `_unpack` may build, and nothing else."""
    from xhht.model.records import Condition, Group, Indicator, Plan, SubunitTarget, Target

    return {cls.__name__: cls for cls in (Plan, Group, Indicator, Target, SubunitTarget, Condition, Loc)}


def _pack(v: Any) -> Any:
    """A plan (frozen dataclasses of strings, numbers, Decimals, dates and tuples) as marshal data.
    Every tuple, Decimal, date and record is tagged, so no text can pass for one."""
    import dataclasses
    import datetime as dt

    t = type(v)
    if v is None or t in (str, int, bool):
        return v
    if t is Decimal:
        return ("d", str(v))
    if t is dt.date:
        return ("t", v.toordinal())
    if t is tuple:
        return ("u", tuple(_pack(x) for x in v))
    if t is dict:
        return ("m", tuple((_pack(k), _pack(x)) for k, x in v.items()))
    if _records().get(t.__name__) is t:
        return ("r", t.__name__, tuple((f.name, _pack(getattr(v, f.name))) for f in dataclasses.fields(t)))
    raise TypeError(t.__name__)  # no cache rather than a plan that would not come back the same


def _unpack(v: Any) -> Any:
    import datetime as dt

    if type(v) is not tuple:
        return v
    tag = v[0]
    if tag == "d":
        return Decimal(v[1])
    if tag == "t":
        return dt.date.fromordinal(v[1])
    if tag == "u":
        return tuple(_unpack(x) for x in v[1])
    if tag == "m":
        return {_unpack(k): _unpack(x) for k, x in v[1]}
    if tag == "r":
        return _records()[v[1]](**{name: _unpack(x) for name, x in v[2]})
    raise ValueError(tag)


def _section_mac(key: bytes, inputs: bytes, name: str | tuple, blob: bytes | memoryview) -> bytes:
    """The MAC of a section and its name ("meta", or (area, year)). Not marshal of the name: it
    writes whether a string is interned, which the same name asked for later need not be."""
    if isinstance(name, tuple):
        area = name[0].encode("utf-8", "surrogatepass")
        named = b"p" + _LEN.pack(len(area)) + area + str(name[1]).encode()
    else:
        named = b"s" + name.encode("utf-8", "surrogatepass")
    return _mac(key, MAGIC, inputs, _LEN.pack(len(named)), named, blob)


class Damaged(Exception):
    """A section whose signature does not verify (the signed index does): never read."""


class _Reader:
    """The sections of a cache file whose index was verified: each section is verified
    against the MAC the index gives for it before it is read, so a `report` verifies the few
    MiB it reads, not the whole file."""

    def __init__(self, data: memoryview, start: int, index: dict, key: bytes, inputs: bytes):
        self.data, self.start, self.index, self.key, self.inputs = data, start, index, key, inputs

    def section(self, name: str | tuple) -> Any:
        """A section by name: "meta", "keys", "years", or (area, year) for the rows of that place."""
        entry = self.index.get(name)
        if entry is None:
            return None
        offset, length, mac = entry
        blob = self.data[self.start + offset:self.start + offset + length]
        if not hmac.compare_digest(mac, _section_mac(self.key, self.inputs, name, blob)):
            raise Damaged(name)
        return marshal.loads(blob)


def restore(repo: Any, inputs: bytes, reload: Callable[[], Mapping]) -> bool:
    """Fill `repo`'s figures and problems from the cache, when there is a valid one for `inputs`.
    `reload()` loads the figures from the files: what is used if a section read later is damaged."""
    key = _key()
    folder = _folder(repo.root, make=False) if key else None
    if folder is None:
        return False
    opened = _open_regular(folder / FILE)
    if opened is None:
        return False
    with opened as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or not _own(st):
            return False
        data = f.read()
    n = len(MAGIC)
    if data[:n] != MAGIC or data[n:n + 32] != inputs:
        return False  # another version of the files: rewritten after this load
    view = memoryview(data)
    rest = n + 32 + _MAC
    try:
        (size,) = _LEN.unpack_from(data, rest)
        start = rest + _LEN.size
        if not hmac.compare_digest(data[n + 32:rest], _mac(key, MAGIC, inputs, view[rest:start + size])):
            return False  # not written by this user's xhht: never read further
        reader = _Reader(view, start + size, marshal.loads(view[start:start + size]), key, inputs)
        problems, data_files, rows, files = reader.section("meta")
        made = [Problem(file, line, column, code, {k: _dec(v) for k, v in params}, severity, text)
                for file, line, column, code, params, severity, text in problems]
        packed_plans, plan_files, unloaded = reader.section("plans")
        plans = [_unpack(p) for p in packed_plans]
    except (struct.error, ValueError, EOFError, TypeError, KeyError, Damaged):
        return False
    repo.plans = {plan.id: plan for plan in plans}
    repo.plan_files = dict(plan_files)
    repo.unloaded = set(unloaded)
    repo.problems = made
    repo.data_files = list(data_files)
    repo.row_indicator = dict(rows)
    repo.figures = CachedFigures(reader, files, reload)
    _write_stat(repo.root, folder, key, inputs)  # when the files were hashed: next time, their stat will do
    return True


class CachedFigures(FigureMapping):
    """`Repo.figures` read from the cache: the rows of an (area, year) are read when a figure
    there is asked for (all of an area's years when a `Figure` of it is); iterating goes over
    the keys in load order without reading figures. Should a section be damaged, the figures
    are loaded from the files instead (`reload`), and used from then on."""

    def __init__(self, reader: _Reader, files: tuple, reload: Callable[[], Mapping]):
        self._reader, self._files, self._reload = reader, files, reload
        self._keys: tuple | None = None  # read when first iterated: a million tuples
        self._figs: dict[tuple[str, str, int], Figure] = {}
        self._read: set[str] = set()  # areas whose Figures are made
        self._rows: dict[tuple[str, int], dict[str, tuple]] = {}  # (area, year) -> indicator -> row
        self._years: dict | None = None
        self._files_figures: Mapping | None = None  # after a damaged section
        self._place_years: dict[str, list[int]] | None = None

    def _section(self, name: str | tuple) -> Any:
        try:
            return self._reader.section(name)
        except Damaged:
            self._files_figures = self._reload()
            raise

    def _place(self, area: str, year: int) -> dict[str, tuple]:
        """indicator -> row of the figures of `area` in `year` (Damaged when the section is)."""
        place = (area, year)
        rows = self._rows.get(place)
        if rows is None:
            rows = self._rows[place] = {row[0]: row for row in self._section(place) or ()}
        return rows

    def _area(self, area: str) -> None:
        if area in self._read:
            return
        if self._place_years is None:
            self._place_years = {}
            for name in self._reader.index:
                if type(name) is tuple:
                    self._place_years.setdefault(name[0], []).append(name[1])
        files = self._files
        for year in self._place_years.get(area, ()):
            for row in self._place(area, year).values():
                self._figs[(row[0], area, row[1])] = make_figure(area, row, files)
        self._read.add(area)

    def get(self, key: tuple, default: Any = None) -> Any:
        if self._files_figures is not None:
            return self._files_figures.get(key, default)
        fig = self._figs.get(key)
        if fig is not None:
            return fig
        try:
            area = key[1]
            hash(area)
        except (TypeError, IndexError):
            return default
        if area in self._read:
            return default
        try:
            self._area(area)
        except Damaged:
            return self._files_figures.get(key, default)
        return self._figs.get(key, default)

    def numbers(self, indicator: str, year: int, areas: Sequence[str]) -> list[tuple | None]:
        """rollup.figure_numbers: (value, numerator, denominator, source) of each area's figure,
        or None, read from the rows of each (area, year) without making a Figure."""
        if self._files_figures is None:
            try:
                out = []
                for area in areas:
                    row = self._place(area, year).get(indicator)
                    out.append(None if row is None else row_numbers(row))
                return out
            except Damaged:
                pass
        return figure_numbers_of(self._files_figures, indicator, year, areas)

    def _all_keys(self) -> Iterable[tuple[str, str, int]]:
        if self._files_figures is not None:
            return self._files_figures
        if self._keys is None:
            try:
                self._keys = self._section("keys")
            except Damaged:
                return self._files_figures
        return self._keys

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return iter(self._all_keys())

    def one_per_area_year(self, ids: set[str]) -> Iterator[tuple[str, str, int]]:
        """For each area and year with a figure of one of `ids`, the key of one such figure (the
        first loaded): what `compare.default_period` needs to know, without a million keys."""
        if self._years is None and self._files_figures is None:
            try:
                self._years = self._section("years")
            except Damaged:
                pass
        years = self._years if self._files_figures is None else area_years(self._files_figures)
        yield from first_keys(years, ids)

    def __len__(self) -> int:
        return len(self._all_keys())

