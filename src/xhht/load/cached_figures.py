"""Reading `.xhht/cache.bin` (load/cache.py writes it): sections under a signed index, and the
figures of a cached repository read an (area, year) at a time.

The index (section name -> offset, length and BLAKE2b digest of the section's bytes) is signed: its
MAC (keyed BLAKE2b) covers the cache's magic, the digest of the inputs and the index. A section is
verified against the digest the index gives for it when it is read, so a `report` verifies the few
MiB it reads, not all of a national cache.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import marshal
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from xhht.model.figures import Figures, FigureTable, Place, Row, unpack

MAGIC = b"XHHT-CACHE 5\n"  # 4: packed segments per place, the index at the end; 5: the places' entries in one table (issue 22)
LEN = struct.Struct(">Q")
ENTRY = struct.Struct(">QQ32s")  # a place's section in the index: offset, length, BLAKE2b digest
MAC_SIZE = 32


def mac(key: bytes, *parts: bytes) -> bytes:
    """Keyed BLAKE2b (an HMAC-equivalent MAC, and fast enough to sign 100 MB in a tenth of a second)."""
    h = hashlib.blake2b(key=key, digest_size=MAC_SIZE, person=b"xhht-cache")
    for part in parts:
        h.update(part)
    return h.digest()


def digest(blob: bytes | memoryview) -> bytes:
    """The digest of a section's bytes that the signed index holds (BLAKE2b: a section that is
    not the one written does not have it)."""
    return hashlib.blake2b(blob, digest_size=MAC_SIZE).digest()


class Damaged(Exception):
    """A section whose digest is not the one of the signed index: never read."""


class Reader:
    """The sections of a cache file whose index was verified: each section is verified
    against the digest the index gives for it before it is read, so a `report` verifies the few
    MiB it reads, not the whole file.

    The index (cache.py `_signed`): the named sections ("meta", "plans") -> (offset, length,
    digest), and the places: their areas, years and indicators (in load order) as three tuples in
    the order of their sections, whose entries are one table of `ENTRY`s. A national repository
    has 33,210 places: read as a few shared objects and one bytes, not 33,210 entries."""

    def __init__(self, data: memoryview, start: int, index: Any):
        named, areas, years, indicators, table = index  # ValueError, TypeError: not an index (restore)
        n = len(areas)
        if (type(named) is not dict or not all(type(x) is tuple for x in (areas, years, indicators))
                or not len(years) == len(indicators) == n or type(table) is not bytes or len(table) != n * ENTRY.size):
            raise ValueError("not an index")
        self.data, self.start, self.named, self._table = data, start, named, table
        self._areas, self._years, self._indicators = areas, years, indicators
        self._numbers: dict[Place, int] | None = None  # place -> the number of its entry, made when first asked

    def places(self) -> dict[Place, tuple[str, ...]]:
        """(area, year) -> the indicator ids with a figure there, in load order, for every place."""
        return dict(zip(zip(self._areas, self._years), self._indicators))

    def entry(self, name: str | Place) -> tuple[int, int, bytes] | None:
        """(offset, length, digest) of a section: a named one, or the place (area, year)'s."""
        if type(name) is str:
            return self.named.get(name)
        if self._numbers is None:
            self._numbers = {place: i for i, place in enumerate(zip(self._areas, self._years))}
        i = self._numbers.get(name)
        return None if i is None else ENTRY.unpack_from(self._table, i * ENTRY.size)

    def section(self, name: str | Place) -> Any:
        """A section by name: "meta", "plans", or (area, year) for the packed segments of that place."""
        entry = self.entry(name)
        if entry is None:
            return None
        offset, length, signed = entry
        blob = self.data[self.start + offset:self.start + offset + length]  # verified as read (a view: not copied)
        if not hmac.compare_digest(signed, digest(blob)):
            raise Damaged(name)
        return marshal.loads(blob)


class CachedFigures(FigureTable):
    """`Repo.figures` read from the cache: the figures of the loaded table (model/figures.py), each
    place's packed segments read from its section when a figure there is first asked for, the index
    of places from the cache's index (`Reader.places`). Should a section be damaged, the figures are loaded from the
    files instead (`reload`), and used from then on."""

    def __init__(self, reader: Reader, files: Sequence[str], count: int, reload: Callable[[], Figures]):
        super().__init__(files)
        self.count = count
        self._reader, self._reload = reader, reload
        self._places: Mapping[Place, Sequence[str]] | None = None
        self._files_figures: Figures | None = None  # after a damaged section

    def _place_rows(self, place: Place) -> Iterable[Row]:
        """The section of `place`: its one segment's rows, or its segments (cache.py `_sections`)."""
        section = self._reader.section(place) or ()
        return unpack(section) if section and type(section[0]) is bytes else section

    def _index(self) -> Mapping[Place, Sequence[str]]:
        """(area, year) -> the indicator ids with a figure there, in load order: the cache's index."""
        if self._places is None:
            self._places = self._reader.places()
        return self._places

    def held(self) -> int:
        """0: a cached repository's figures are read a place at a time (reading them all to count
        them for the quick exit would cost more than it saves)."""
        return 0


def _or_the_files(name: str) -> Callable:
    """CachedFigures.`name`: the table's, or, once a section is found damaged, the files' figures'."""
    method = getattr(FigureTable, name)

    @functools.wraps(method)
    def wrapper(self: CachedFigures, *args: Any, **kwargs: Any) -> Any:
        if self._files_figures is None:
            try:
                return method(self, *args, **kwargs)
            except Damaged:
                self._files_figures = self._reload()
        return getattr(self._files_figures, name)(*args, **kwargs)
    return wrapper


for _name in ("get", "__contains__", "__iter__", "__len__", "numbers", "with_counts", "loc", "area_years",
              "one_per_area_year", "indicators_at", "row"):
    setattr(CachedFigures, _name, _or_the_files(_name))
