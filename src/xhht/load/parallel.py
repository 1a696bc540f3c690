"""Reading every data file, on every core when it pays (issue 22): the parts of the files in file order.

The data files are cut into *pieces*: a file, or a chunk of a large one (about CHUNK_BYTES, cut
just after a line end; each chunk knows the line it starts on and the file's header line). Each
piece is read and checked by `load_figures` into a `Part` of plain data (problems as plain tuples,
rows packed per place), in a worker process of a pool, or here, one after the other: the same
function, the same parts, in the same order, so the result is the same bytes either way (the
parent merges them, load/figures.py `merge`).

The pool (base/processes.py): forked processes, one per core (Linux; elsewhere, and while other
threads run, the pieces are read here), only when the data files together have POOL_BYTES or
more: below that, starting the processes costs more than it saves. A worker gets at fork time what
it needs to check a row (the indicators, the known area codes); the parent sends it pieces, a few
at a time, and gets parts back, never a Figure. Memory: a worker holds one piece's text and rows at
a time, the parent the packed rows it merged and the parts not merged yet, never a file's text.

A chunk is read as a file's continuation only when it is plain (every row on one line, no CSV error,
no long cell, no character problem): otherwise, and when the file changed since it was cut, its file
is read whole, here, by the same rules as a small file (what a multi-line quoted cell across a cut
needs). `XHHT_WORKERS=N` sets the number of processes (1: none, whatever the size). A data file
of `Context.overlay` (what `xhht import` would write, judged before it is written) is read whole
from its bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xhht.base.processes import fork_map, workers
from xhht.load.figures import Part, load_figures
from xhht.load.safe_io import decode, open_file, read_bytes
from xhht.model.records import Indicator

POOL_BYTES = 8 * 1024 * 1024  # data files together at least this large: a pool (measured: docs/performance.md)
CHUNK_BYTES = 4 * 1024 * 1024  # a larger file is read in chunks of about this size
TASK_BYTES = 1024 * 1024  # pieces sent to a worker at a time: at least this much, or one chunk
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Context:
    """What checking a data file needs besides the file: given to each worker when it starts."""

    root: Path
    catalogue: dict[str, Indicator]
    areas: frozenset[str]  # the area codes a figure may have
    unchecked: frozenset[str]  # indicator ids of plans too broken to load
    overlay: Mapping[str, bytes] = field(default_factory=dict)  # data files read from these bytes, not the disk


@dataclass(frozen=True)
class Piece:
    """A data file to read whole, or a chunk of one."""

    file: str
    number: int  # the file's number (its place among the data files)
    size: int  # bytes
    start: int = 0  # a chunk: bytes [start, start + size) of the file, from line `first_line` on
    chunk: bool = False
    first_line: int = 1
    header: bytes = b""  # a chunk after the first: the file's header line
    last: bool = True  # the last piece of its file
    signature: tuple = ()  # a chunk: the file's (size, mtime, ctime, inode) when it was cut
    digest: tuple[int, bytes] | None = None  # the last chunk: the file's size and BLAKE2b digest when it was cut


def read_parts(ctx: Context, files: list[str]) -> Iterator[Part]:
    """The parts of the data files `files` (repository paths, in order), in that order; a file's
    number is its index in `files`."""
    pieces = list(_pieces(ctx, files))
    n = workers(sum(p.size for p in pieces), POOL_BYTES)
    tasks = _tasks(pieces, n)
    if n <= 1:
        yield from _in_order(ctx, tasks, (_read_pieces(ctx, task) for task in tasks))
    else:
        yield from _in_order(ctx, tasks, fork_map(_read_task, tasks, n, _start_worker, (ctx,)))


_CONTEXT: Context | None = None  # in a worker process: set once, when it starts


def _start_worker(ctx: Context) -> None:
    global _CONTEXT
    _CONTEXT = ctx


def _read_task(task: list[Piece]) -> list[Part]:
    assert _CONTEXT is not None
    return _read_pieces(_CONTEXT, task)


def _in_order(ctx: Context, tasks: list[list[Piece]], results: Iterable[list[Part]]) -> Iterator[Part]:
    """The parts of `results` (one list per task, in order) in file order; the chunks of a file are
    held back until its last one came: when one of them was not plain, the file is read whole here."""
    held: list[Part] = []
    for task, parts in zip(tasks, results):
        for piece, part in zip(task, parts):
            if not piece.chunk:
                yield part
                continue
            held.append(part)
            if piece.last:
                if any(p.redo for p in held):
                    yield _read_whole(ctx, Piece(piece.file, piece.number, 0))
                else:
                    held[0].digest = piece.digest  # what was cut is what was read: the chunks said so
                    yield from held
                held = []


def _read_pieces(ctx: Context, task: list[Piece]) -> list[Part]:
    return [_read_chunk(ctx, piece) if piece.chunk else _read_whole(ctx, piece) for piece in task]


def _read_whole(ctx: Context, piece: Piece) -> Part:
    given = ctx.overlay.get(piece.file)
    raw, problems = read_bytes(ctx.root, piece.file) if given is None else (given, [])
    text, decoded = decode(raw, piece.file) if raw is not None else (None, [])
    if text is None:
        part = Part(piece.file, piece.number)
    else:
        part = load_figures(text, piece.file, piece.number, ctx.catalogue, ctx.areas.__contains__, ctx.unchecked)
    part.problems[:0] = [p.plain() for p in problems + decoded]
    if raw is not None:
        part.digest = len(raw), _digest(raw).digest()
    return part


def _digest(data: bytes = b""):
    """BLAKE2b, as the cache's key (load/cache.py) hashes the bytes of a file."""
    import hashlib

    return hashlib.blake2b(data, digest_size=32)


def _read_chunk(ctx: Context, piece: Piece) -> Part:
    """A chunk of a file, read as the continuation of the chunks before it; `redo` when it is not
    plain or the file changed since it was cut."""
    redo = Part(piece.file, piece.number, redo=True)
    f, st, _problems = open_file(ctx.root, piece.file)
    if f is None:
        return redo
    with f:
        if _signature(st) != piece.signature:
            return redo
        try:
            raw = os.pread(f.fileno(), piece.size, piece.start)
        except OSError:
            return redo
    if len(raw) != piece.size or piece.start and raw.startswith(b"\xef\xbb\xbf"):
        return redo  # a BOM only begins a file
    text, problems = decode(raw, piece.file)
    header = None
    if piece.start:
        line, header_problems = decode(piece.header, piece.file)
        header = _header_cells(line) if line is not None and not header_problems else None
        if header is None:
            return redo
    if text is None or problems:
        return redo  # a character problem is said once for the whole file, with its count
    return load_figures(text, piece.file, piece.number, ctx.catalogue, ctx.areas.__contains__, ctx.unchecked,
                        header=header, first_line=piece.first_line, whole=False)


def _header_cells(line: str) -> list[str] | None:
    import csv

    from xhht.load.textfiles import csv_reader

    try:
        rows = list(csv_reader([line.rstrip("\n")], strict=True))
    except csv.Error:
        return None
    return [c.strip() for c in rows[0]] if len(rows) == 1 else None


def _signature(st: os.stat_result) -> tuple:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _size(root: Path, file: str) -> int:
    try:
        return os.stat(os.path.join(root, file)).st_size
    except OSError:
        return 0


def _pieces(ctx: Context, files: list[str]) -> Iterator[Piece]:
    for number, file in enumerate(files):
        if file in ctx.overlay:
            yield Piece(file, number, len(ctx.overlay[file]))  # read whole, from its bytes
            continue
        size = _size(ctx.root, file)
        chunks = _cut(ctx.root, file) if size > CHUNK_BYTES else None
        if not chunks:
            yield Piece(file, number, size)
            continue
        signature, digest, header, cuts = chunks
        for i, (start, end, first_line) in enumerate(cuts):
            last = i == len(cuts) - 1
            yield Piece(file, number, end - start, start, True, first_line, header if start else b"", last, signature,
                        digest if last else None)


def _cut(root: Path, file: str) -> tuple[tuple, tuple[int, bytes], bytes, list[tuple[int, int, int]]] | None:
    """(the file's signature, its size and digest, its header line, (start, end, first line) of each
    chunk) of a large file,
    cut just after a line end about every CHUNK_BYTES; None when it is read whole (it cannot be
    opened, or its first line is longer than a block)."""
    f, st, _problems = open_file(root, file)
    if f is None:
        return None
    cuts: list[tuple[int, int, int]] = []
    header = b""
    start, start_line = 0, 1  # the chunk being cut
    pos, lines = 0, 0  # bytes and line ends before the block
    digest = _digest()
    with f:
        while True:
            block = f.read(_BLOCK)
            if not block:
                break
            digest.update(block)
            if not pos:
                end = block.find(b"\n")
                if end < 0:
                    return None
                header = block[:end + 1]
            while True:
                at = block.find(b"\n", max(start + CHUNK_BYTES - pos, 0))
                if at < 0:
                    break
                cut = pos + at + 1
                cuts.append((start, cut, start_line))
                start, start_line = cut, lines + block.count(b"\n", 0, at + 1) + 1
            lines += block.count(b"\n")
            pos += len(block)
    if start < pos:
        cuts.append((start, pos, start_line))
    if pos != st.st_size or len(cuts) < 2:
        return None
    return _signature(st), (pos, digest.digest()), header, cuts


def _tasks(pieces: list[Piece], n: int) -> list[list[Piece]]:
    """Consecutive pieces in tasks of about TASK_BYTES (a chunk is a task of its own); one task per
    piece when read here."""
    if n <= 1:
        return [[p] for p in pieces]
    tasks: list[list[Piece]] = []
    size = TASK_BYTES
    for piece in pieces:
        if piece.chunk or size >= TASK_BYTES:
            tasks.append([])
            size = 0
        tasks[-1].append(piece)
        size += piece.size
    return tasks
