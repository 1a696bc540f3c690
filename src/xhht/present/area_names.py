"""The names of administrative units, and their kinds, as an official text writes them (Nghị định 30/2020/NĐ-CP,
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
from xhht.present.fmt import WORDS as FMT
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


# The kinds of unit of each level, in the order the law lists them (Luật Tổ chức chính quyền địa
# phương; đặc khu since 2025): "các huyện, thị xã, thành phố", "các xã, phường, thị trấn".
KINDS = {"tinh": ("tỉnh", "thành phố"), "huyen": ("huyện", "quận", "thị xã", "thành phố"),
         "xa": ("xã", "phường", "thị trấn", "đặc khu")}


def kind_of(area: Area | None, lang: str = "vi") -> str:
    """The noun of one unit from its own name, as running text writes it: "thành phố" for Thành phố
    Vị Thanh (a unit of level huyen), "phường" for Phường I; the level's word when the name has none,
    and in English (fmt's `level_nouns`)."""
    if area is None:
        return ""
    if lang == "vi":
        for word in LEVEL_WORDS:
            if area.name[:len(word)].casefold() == word.casefold() and area.name[len(word):len(word) + 1] == " ":
                return word.lower()
    return FMT[lang]["level_nouns"].get(area.level, "")


def kinds_text(units: list[Area], level: str, lang: str = "vi") -> str:
    """The units of one level by the kinds among them, in the law's order: "huyện, thị xã, thành phố"
    for Hậu Giang's districts, "xã" when all are communes; the level's word for none, and in English."""
    found = {kind_of(a, lang) for a in units}
    order = KINDS.get(level, ())
    listed = [k for k in order if k in found] + sorted(found - set(order) - {""})
    return ", ".join(listed) if lang == "vi" and listed else FMT[lang]["level_nouns"].get(level, level)


class Nouns:
    """How a review names units by their kind (Phụ lục V of NĐ 30/2020), never by their level alone:
    `unit` the reviewed unit's own ("thành phố này" for thành phố Vị Thanh, not "huyện"), `whole` and
    `whole_all` the plan's area ("tỉnh", "toàn tỉnh"; "thành phố" for Thành phố Cần Thơ),
    `peers(level)` the units of a level in the plan's area ("từng huyện, thị xã, thành phố"),
    `below(level)` those in the reviewed unit ("các xã, phường của thành phố này")."""

    def __init__(self, areas: Areas, lang: str, plan_area: str | None, area: str | None, year: int,
                 plan_date: dt.date | None = None) -> None:
        self.areas, self.lang, self.year = areas, lang, year
        self.plan_area, self.area = plan_area or "", area or plan_area or ""
        self._meant = areas.meant(self.plan_area, plan_date) if plan_date is not None else None
        whole = self._meant or areas.unit(self.plan_area, year) or areas.by_code.get(self.plan_area)
        self.unit = kind_of(areas.unit(self.area, year) or areas.by_code.get(self.area), lang)
        w = FMT[lang]
        if whole is None or lang != "vi" or whole.level == "quocgia":
            level = whole.level if whole is not None else "tinh"
            self.whole, self.whole_all = w["whole_of"][level], w["whole_all"][level]
        else:
            self.whole = kind_of(whole, lang)
            self.whole_all = f"toàn {self.whole}"
        self._kinds: dict[tuple[str, str], str] = {}

    def peers(self, level: str | None) -> str:
        return self._of(self.plan_area, level)

    def below(self, level: str | None) -> str:
        return self._of(self.area, level)

    def _of(self, code: str, level: str | None) -> str:
        from xhht.judge.compare import units_of

        if level is None:
            return ""
        key = (code, level)
        if key not in self._kinds:
            codes = units_of(self.areas, code, level, self.year, meant=self._meant if code == self.plan_area else None)
            units = [a for c in codes if (a := self.areas.unit(c, self.year)) is not None]
            self._kinds[key] = kinds_text(units, level, self.lang)
        return self._kinds[key]


def review_nouns(review, areas: Areas, lang: str = "vi") -> Nouns | None:  # noqa: ANN001 - a judge Review
    """The Nouns of a review of another area than the plan's (CONTRACT 6); None for the plan's own."""
    from xhht.judge.compare import other_area, plan_day

    p = review.plan
    if other_area(p, areas, review.area, review.end) is None:
        return None
    return Nouns(areas, lang, p.area, review.area, review.end, plan_day(p))


def namer(areas: Areas, year: int | None, lang: str = "vi"):
    """name_of(code, day=None): the units of one result's reasons (JSON's `reason`)."""
    return Names(areas, lang).namer(year)
