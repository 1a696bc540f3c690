"""The cache of validated figures (issue 10): `.xhht/cache.bin` at the repository root.

What a full load finds (the loaded plans, the valid figures, every problem of the repository,
which row is of which indicator) is kept for the next command, keyed by the content of every
file that the checks read (xhht.toml, standards/*.yaml|yml, plans/*.yaml|yml, areas.csv,
area-changes.csv, data/**/*.csv) and by xhht itself (its version and the size and time of each of its modules).
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

What is stored and restored is a `Snapshot` (`Repo.snapshot()` makes one, `Repo.apply()` takes
one back): this module never sees the repository object. Reading the file is cached_figures.py.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import marshal
import mmap
import os
import secrets
import stat
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xhht
from xhht import __version__
from xhht.load.cached_figures import ENTRY, LEN, MAC_SIZE, MAGIC, CachedFigures, Damaged, Reader, digest, mac
from xhht.model.figures import Figures, FigureTable, Place, pack, row_of
from xhht.model.records import Plan
from xhht.model.standards import Standard
from xhht.problems import Loc, Problem

DIR = ".xhht"
FILE = "cache.bin"


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


# --- what the cache is keyed by -----------------------------------------------------------------

def input_files(root: Path) -> list[str]:
    """Every file whose content the checks read, as repo.load_repo finds them (safe_io)."""
    from xhht.load.safe_io import list_files

    return definitions(root) + list_files(root, "data", (".csv",), recursive=True)[0]


def definitions(root: Path) -> list[str]:
    """The inputs besides the data files: xhht.toml, the areas, the standards, the plans."""
    from xhht.load.safe_io import list_files

    return ["xhht.toml", "areas.csv", "area-changes.csv",
            *list_files(root, "standards", (".yaml", ".yml"), recursive=False)[0],
            *list_files(root, "plans", (".yaml", ".yml"), recursive=False)[0]]


def own_files() -> list[Path]:
    """xhht itself, as the cache's key sees it: every module of the package, in every folder, the
    built-in templates and the standards it ships (a changed submodule must not reuse a cache that an
    older one wrote)."""
    package = Path(xhht.__file__).parent
    return sorted(p for p in package.rglob("*") if p.suffix == ".py" or p.suffix == ".j2" and "templates" in p.parts
                  or p.suffix == ".yaml" and "shipped" in p.parts)


def inputs_digest(root: Path, data: Mapping[str, tuple[int, bytes] | None] | None = None) -> bytes | None:
    """A digest of every input file's path and content, and of xhht itself. None: unreadable.
    `data`: the data files as a load read them (file -> the size and BLAKE2b digest of the bytes it
    read, or None for a file it did not read), in its order; without it, the data files found now.
    Only regular files inside the repository are read, as safe_io reads them; anything else
    (a FIFO, a device, a link out, a file too large) is hashed by what xhht reports of it."""
    h = hashlib.blake2b(digest_size=32)
    h.update(MAGIC + __version__.encode() + b"\0")
    package = Path(xhht.__file__).parent
    for module in own_files():  # a changed xhht (a developer's checkout) is another key
        try:
            st = module.stat()
        except OSError:
            return None
        h.update(f"{module.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    h.update(listing_record(root))  # a folder that became a link out, a file or a FIFO is another key
    records = file_records(root, definitions(root))
    if data is None:
        from xhht.load.safe_io import list_files

        data = dict.fromkeys(list_files(root, "data", (".csv",), recursive=True)[0])
    rest = file_records(root, [file for file, known in data.items() if known is None])
    if records is None or rest is None:
        return None
    unread = iter(rest)
    records += [_content(file, *known) if known is not None else next(unread) for file, known in data.items()]
    for record in records:
        h.update(record)
    return h.digest()


def listing_record(root: Path) -> bytes:
    """What the listing of the input folders reports (data/, plans/, standards/: a folder or a file in
    it that is a link out, a dangling link, a FIFO, not a folder...): the problems that no file's
    record holds, since the file is never read."""
    from xhht.load.safe_io import list_files

    problems = [p for folder, suffixes, recursive in (("data", (".csv",), True), ("plans", (".yaml", ".yml"), False),
                                                       ("standards", (".yaml", ".yml"), False))
                for p in list_files(root, folder, suffixes, recursive=recursive)[1]]
    return "".join(f"!{p.code}\0{p.file}\0{p.line}\0{sorted(p.params.items())!r}\0" for p in problems).encode()


def file_records(root: Path, files: list[str]) -> list[bytes] | None:
    """What the key holds of each of `files`: its path, and the size and BLAKE2b digest of its bytes
    when xhht reads it (a regular file inside the repository, not too large), else what xhht says
    of it. None: one cannot be read."""
    from xhht.load.safe_io import MAX_BYTES

    root_real = os.path.realpath(root)
    out = []
    for file in files:
        full = os.path.join(root, file)
        if not os.path.lexists(full):
            out.append(b"-" + file.encode() + b"\0")
            continue
        real = os.path.realpath(full)
        try:
            st = os.stat(real)
        except OSError:
            return None
        inside = real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)
        if not inside or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            out.append(f"?{file}\0{inside}\0{stat.S_IFMT(st.st_mode)}\0{st.st_size}\0".encode())
            continue
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    return None
                data = f.read(MAX_BYTES + 1)
        except OSError:
            return None
        out.append(_content(file, len(data), hashlib.blake2b(data, digest_size=32).digest()))
    return out


def _content(file: str, size: int, digest: bytes) -> bytes:
    return b"+" + file.encode() + b"\0" + LEN.pack(size) + digest


def current_inputs(root: Path) -> bytes | None:
    """The digest of the inputs (`inputs_digest`) when a cache may be read: taken from
    `.xhht/stat.bin` (signed like the cache) when it says that this digest was computed for files
    whose size, times, inode and device are all as they are now, and none of which had changed
    within 2 s before they were looked at (git's index trusts a file's stat the same way, with the
    same "racy" rule); else every file is read and hashed. None when there is no cache to read:
    the load that follows makes the digest from the bytes it reads (`store`). Call it before any
    input is read: it notes the stat of the files and the content of the definitions."""
    key = _key()
    folder = _folder(root, make=False) if key else None
    taken = time.time_ns()
    stats, newest = _stats(root)
    _PENDING[str(root)] = (stats, newest, taken, file_records(root, definitions(root)))
    if folder is None:
        return None
    if stats is not None:
        record = _read_signed(folder / STAT_FILE, key)
        if record is not None and record[0] == stats and newest < record[2] - _RACY_NS:
            _PENDING[str(root)] = (None, newest, taken, _PENDING[str(root)][3])  # stat.bin needs no rewriting
            return record[1]
    return inputs_digest(root) if os.path.lexists(folder / FILE) else None


_RACY_NS = 2_000_000_000
_PENDING: dict[str, tuple] = {}  # root -> what current_inputs saw: stats, newest, when, the definitions
STAT_FILE = "stat.bin"


def _stats(root: Path) -> tuple[bytes | None, int]:
    h = hashlib.blake2b(digest_size=32)
    newest = 0
    try:
        for path in [*own_files(), *(os.path.join(root, f) for f in input_files(root))]:
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
    if data[:n] != MAGIC or not hmac.compare_digest(data[n:n + MAC_SIZE], mac(key, MAGIC, b"stat", data[n + MAC_SIZE:])):
        return None
    try:
        record = marshal.loads(data[n + MAC_SIZE:])
    except (ValueError, EOFError, TypeError):
        return None
    ok = (isinstance(record, tuple) and len(record) == 3 and isinstance(record[0], bytes)
          and isinstance(record[1], bytes) and isinstance(record[2], int))
    return record if ok else None


def _write_stat(root: Path, folder: Path, key: bytes, inputs: bytes) -> None:
    pending = _PENDING.pop(str(root), None)
    if pending is None or pending[0] is None:
        return
    stats, _newest, taken, _definitions = pending
    body = marshal.dumps((stats, inputs, taken))
    _write(folder, STAT_FILE, [MAGIC + mac(key, MAGIC, b"stat", body) + body])


_BUFFER = 1 << 20


def _write(folder: Path, name: str, chunks: Iterable[bytes]) -> None:
    """`chunks` into a temporary file in `folder`, then renamed over `name`: never half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb", buffering=_BUFFER) as f:  # 33,210 sections of ~2 kB: a write call a MiB
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

@dataclass(frozen=True)
class Snapshot:
    """What a full load found that the next command may take from the cache instead of loading
    again: `Repo.snapshot()` makes it (to store), `restore` returns it and `Repo.apply()` takes it."""

    plans: dict[str, Plan]  # one plan per id, in file-name order
    plan_files: dict[str, str]  # plan id -> file
    unloaded: set[str]  # indicator ids of plan files too broken to build
    problems: list[Problem]
    data_files: list[str]
    row_indicator: dict[tuple[str, int], str]  # (file, line) -> indicator id of every data row with a problem
    figures: Figures
    standards: dict[str, Standard]  # by id, as repo.load_repo keeps them
    standard_files: dict[str, str]  # standard id -> file


def store(root: Path, snapshot: Snapshot, data: Mapping[str, tuple[int, bytes] | None]) -> None:
    """Write the cache of a full load of the repository at `root`, keyed by the digest of what it
    read: `data`, the size and BLAKE2b digest of each data file's bytes as the load read them
    (`inputs_digest`), and the definitions, which must be as `current_inputs` saw them before they
    were read. Silently nothing when it cannot be written or the definitions changed meanwhile.
    Written as it is made: the places' packed segments as the loader made them, each section's
    MAC into the index, the index last."""
    key = _key()
    folder = _folder(root, make=True) if key else None
    pending = _PENDING.get(str(root))
    if folder is None or pending is None or pending[3] is None or file_records(root, definitions(root)) != pending[3]:
        return  # a plan, the areas or xhht.toml changed while they were read
    inputs = inputs_digest(root, data)
    if inputs is None:
        return
    try:
        _write(folder, FILE, _signed(key, inputs, _sections(snapshot)))
    except (TypeError, ValueError):
        return  # a parameter marshal cannot hold: no cache rather than a wrong one
    _write_stat(root, folder, key, inputs)


def _signed(key: bytes, inputs: bytes, sections: Iterator[tuple[str | Place, bytes, tuple[str, ...]]]
            ) -> Iterator[bytes]:
    """The cache file, a piece at a time: MAGIC, the digest of the inputs, every section, then the
    index (cached_figures.Reader: the named sections' offset, length and digest; the places' areas,
    years and indicators, each object written once, and their entries as one table), its MAC and
    its length."""
    yield MAGIC + inputs
    named: dict[str, tuple[int, int, bytes]] = {}
    areas: list[str] = []
    years: list[int] = []
    indicators: list[tuple[str, ...]] = []
    table = bytearray()
    once: dict[Any, Any] = {}  # an area, year or indicators met again is the same object: marshal refers to it
    offset = 0
    for name, blob, inds in sections:
        entry = (offset, len(blob), digest(blob))
        if type(name) is str:
            named[name] = entry
        else:
            areas.append(once.setdefault(("a", name[0]), name[0]))
            years.append(once.setdefault(("y", name[1]), name[1]))
            indicators.append(once.setdefault(("i", inds), inds))
            table += ENTRY.pack(*entry)
        offset += len(blob)
        yield blob
    index_blob = marshal.dumps((named, tuple(areas), tuple(years), tuple(indicators), bytes(table)))
    yield index_blob + mac(key, MAGIC, inputs, index_blob) + LEN.pack(len(index_blob))


def _sections(snapshot: Snapshot) -> Iterator[tuple[str | Place, bytes, tuple[str, ...]]]:
    """meta (problems, data files, rows of problems, the table's files and count), plans, then one
    section per (area, year), with its indicators: the packed segment of its rows (model/figures.py)
    as it is, or, for a place read from several files, a tuple of its segments."""
    table = snapshot.figures
    if type(table) is not FigureTable:
        table = _table_of(table)
    rows = snapshot.row_indicator  # all that Repo.select asks of it
    yield "meta", marshal.dumps((tuple(p.plain() for p in snapshot.problems), tuple(snapshot.data_files),
                                 tuple(rows.items()), tuple(table.files), len(table))), ()
    yield "plans", marshal.dumps((tuple(_pack(p) for p in snapshot.plans.values()),
                                  tuple(snapshot.plan_files.items()), tuple(sorted(snapshot.unloaded)),
                                  tuple(_pack(s) for s in snapshot.standards.values()),
                                  tuple(snapshot.standard_files.items()))), ()
    indicators = table.area_years()
    for place, segments in table.segments():
        yield place, segments[0] if len(segments) == 1 else marshal.dumps(tuple(segments)), tuple(indicators[place])


def _table_of(figures: Mapping) -> FigureTable:
    """Figures held some other way (a test's dict) as a table."""
    files: dict[str, int] = {}
    places: dict[Place, list[tuple]] = {}
    for key, fig in figures.items():
        places.setdefault(key[1:], []).append(row_of(fig, files.setdefault(fig.loc.file, len(files))))
    table = FigureTable(list(files))
    for place, place_rows in places.items():
        table.add(place, tuple(row[0] for row in place_rows), pack(place_rows))
    return table


# --- reading ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _records() -> dict[str, type]:
    """The records a plan or a standard is made of, by name: what `_unpack` may build, and nothing else."""
    from xhht.model.records import Condition, Group, Indicator, Plan, SubunitTarget, Target
    from xhht.model.standards import Bar, Criterion, Requirement, Standard

    return {cls.__name__: cls for cls in (Plan, Group, Indicator, Target, SubunitTarget, Condition, Loc,
                                          Standard, Criterion, Requirement, Bar)}


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


def restore(root: Path, inputs: bytes, reload: Callable[[], Figures]) -> Snapshot | None:
    """What the cache of the repository at `root` holds, when there is a valid one for `inputs`.
    `reload()` loads the figures from the files: what is used if a section read later is damaged."""
    key = _key()
    folder = _folder(root, make=False) if key else None
    if folder is None:
        return None
    opened = _open_regular(folder / FILE)
    if opened is None:
        return None
    n = len(MAGIC)
    with opened as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or not _own(st) or st.st_size < n + 32 + MAC_SIZE + LEN.size:
            return None
        try:  # mapped, not read: a report reads the few sections it needs
            view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):
            return None
    if view[:n] != MAGIC or view[n:n + 32] != inputs:
        return None  # another version of the files: rewritten after this load
    try:
        (size,) = LEN.unpack_from(view, len(view) - LEN.size)
        end = len(view) - LEN.size - MAC_SIZE
        if size > end - n - 32:
            return None
        index_blob = bytes(view[end - size:end])
        if not hmac.compare_digest(view[end:end + MAC_SIZE], mac(key, MAGIC, inputs, index_blob)):
            return None  # not written by this user's xhht: never read further
        reader = Reader(view, n + 32, marshal.loads(index_blob))
        problems, data_files, rows, files, count = reader.section("meta")
        made = [Problem.from_plain(p) for p in problems]
        packed_plans, plan_files, unloaded, packed_standards, standard_files = reader.section("plans")
        plans = [_unpack(p) for p in packed_plans]
        standards = [_unpack(s) for s in packed_standards]
    except (struct.error, ValueError, EOFError, TypeError, KeyError, Damaged):
        return None
    _write_stat(root, folder, key, inputs)  # when the files were hashed: next time, their stat will do
    return Snapshot(plans={plan.id: plan for plan in plans}, plan_files=dict(plan_files), unloaded=set(unloaded),
                    problems=made, data_files=list(data_files), row_indicator=dict(rows),
                    figures=CachedFigures(reader, files, count, reload),
                    standards={s.id: s for s in standards}, standard_files=dict(standard_files))
