"""The names of administrative units as an official text writes them (Nghị định 30/2020/NĐ-CP,
Phụ lục II): in running text the word for the level is lower-case — "huyện Châu Thành A", "tỉnh
Hậu Giang", "xã Đông Phước" — except before a number ("Quận 1", "Phường 15") and in "Thành phố
Hồ Chí Minh". Across the 2025 reform (docs/reform.md) a unit's validity is added only where it
tells two units of the same name apart: "xã Đông Phước (từ ngày 01/7/2025)" beside the former
"xã Đông Phước (đến ngày 30/6/2025)"; never a list of predecessors, never parentheses in
parentheses.
"""

from __future__ import annotations

import datetime as dt

from xhht.model.areas import Areas
from xhht.model.records import Area
from xhht.present.fmt import date as show

# The words for a level at the start of a unit's name, longest first ("Thị xã" before "Xã").
LEVEL_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
# Names that keep their capital in running text (NĐ 30/2020, Phụ lục II: "viết hoa đặc biệt").
KEEP = frozenset({"Thành phố Hồ Chí Minh", "Thủ đô Hà Nội"})
WORDS = {"vi": ("đến ngày", "từ ngày"), "en": ("until", "from")}


def in_text(name: str, lang: str = "vi") -> str:
    """A unit's name as running text writes it: "Huyện Châu Thành A" -> "huyện Châu Thành A";
    "Quận 1", "Thành phố Hồ Chí Minh" and names without a level word are kept as they are."""
    if lang != "vi" or name in KEEP:
        return name
    for word in LEVEL_WORDS:
        head, rest = name[:len(word)], name[len(word) + 1:]
        if head.casefold() == word.casefold() and name[len(word):len(word) + 1] == " " and rest.strip():
            if rest.strip().isdigit():
                return name
            return word.lower() + " " + rest
    return name


class Names:
    """Names of the units of one repository in running text. The validity of a unit is added
    only when another unit has the same name and another span of validity."""

    def __init__(self, areas: Areas, lang: str = "vi") -> None:
        self.areas, self.lang = areas, lang
        self._twins: frozenset[str] | None = None

    def twins(self) -> frozenset[str]:
        """The names that units of different validity share (worked out once, on first use)."""
        if self._twins is None:
            spans: dict[str, set] = {}
            if self.areas.dated:
                for versions in self.areas.versions.values():
                    for a in versions:
                        spans.setdefault(a.name, set()).add((a.valid_from, a.valid_to))
            self._twins = frozenset(name for name, s in spans.items() if len(s) > 1)
        return self._twins

    def of_unit(self, area: Area) -> str:
        text = in_text(area.name, self.lang)
        if area.name not in self.twins():
            return text
        until, since = WORDS[self.lang]
        if area.valid_from is not None:
            return f"{text} ({since} {show(area.valid_from, self.lang)})"
        if area.valid_to is not None:
            return f"{text} ({until} {show(area.valid_to, self.lang)})"
        return text

    def of(self, code: str, year: int | None = None, day: dt.date | None = None) -> str:
        """The unit `code` names on `day`, else in `year` (valid on 31 December), else its latest."""
        area = self.areas.unit_on(code, day) if day is not None else None
        area = area or self.areas.unit(code, year) or self.areas.by_code.get(code)
        return self.of_unit(area) if area is not None else code

    def namer(self, year: int | None):
        """name_of(code, day=None) for the reasons of a result of `year`."""
        return lambda code, day=None: self.of(code, year, day)


def namer(areas: Areas, year: int | None, lang: str = "vi"):
    """name_of(code, day=None): the units of one result's reasons (JSON's `reason`)."""
    return Names(areas, lang).namer(year)
