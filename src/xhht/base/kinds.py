"""The closed sets of words xhht's data and outputs use, each a StrEnum: a member *is* its
string (`Status.MET == "met"`, `json.dumps(Status.MET) == '"met"'`, f"{Severity.ERROR}" ==
"error"), so JSON and text outputs are the same as with plain strings, and a typo is an
AttributeError instead of a silent mismatch. This module imports nothing of xhht's.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A result's verdict (compare.py); fmt.STATUS_WORDS words it, fmt.STATUS_SYMBOLS marks it."""
    EXCEEDED = "exceeded"
    MET = "met"
    MISSED = "missed"
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NOT_DUE = "not_due"
    NOT_APPLICABLE = "not_applicable"


class Basis(StrEnum):
    """What a result judges a unit against (CONTRACT 6, "a review of another area"): its own target
    (a review of the plan's area), a target the plan sets for every unit of its level (`share`
    100), or a yardstick (a target of the whole area, or a unit's part in a share or count)."""
    OWN = "own"
    EACH_UNIT = "each_unit"
    REFERENCE = "reference"


class Severity(StrEnum):
    """A problem's severity (catalogue.py gives every code one)."""
    ERROR = "error"
    WARNING = "warning"


class UnitName(StrEnum):
    """The unit types a plan may give an indicator (`unit:`); units.py has one Unit object for each."""
    PERCENT = "percent"
    COUNT = "count"
    NUMBER = "number"
    LEVEL = "level"
    RATING = "rating"
    YES_NO = "yes-no"


# How a message names each level: "đơn vị cấp xã", "a commune unit" (never the key `xa` in a sentence). The
# one map of level words (present/fmt.py's `level_nouns` and `level_names` are made from it); a unit's own
# kind (thành phố, thị xã, phường…) comes from its name (present/area_names.py's `kind_of`).
LEVEL_WORDS = {"quocgia": ("quốc gia", "national"), "tinh": ("tỉnh", "province"), "huyen": ("huyện", "district"),
               "xa": ("xã", "commune")}
