"""Problems are data: every mistake found in a repository is a `Problem` record.

Nothing in the loader or the checks raises to the user; they return lists of these.
`CODES` is the catalogue of stable check codes; docs/checks.md documents every one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"

# code -> (severity, one-line summary). The summary is what `docs/checks.md` expands on.
CODES: dict[str, tuple[str, str]] = {
    # files
    "not-utf8": (ERROR, "a file is not valid UTF-8"),
    "read-error": (ERROR, "a file could not be read"),
    "config-syntax": (ERROR, "xhht.toml is not valid TOML or has an unknown key"),
    "outside-repo": (ERROR, "a file or folder of the repository is a link leading outside it (not read)"),
    "not-regular-file": (ERROR, "a FIFO, device, socket or folder where a file is expected (not read)"),
    "too-large": (ERROR, "a file, header or cell beyond the size xhht reads"),
    "bad-character": (ERROR, "a character some programs take for a line break (U+0085, U+2028, U+2029, lone CR)"),
    "template-error": (ERROR, "a repository template (templates/*.j2) that fails or is refused by the sandbox"),
    # YAML
    "yaml-syntax": (ERROR, "a plan file is not valid YAML"),
    "yaml-unsafe": (ERROR, "a plan file uses a tag or alias expansion that is refused"),
    "duplicate-key": (ERROR, "the same key appears twice in one mapping"),
    "unknown-key": (ERROR, "a key that the plan format does not have"),
    "missing-key": (ERROR, "a required key is missing"),
    "wrong-type": (ERROR, "a value of the wrong type"),
    "bad-id": (ERROR, "an id that is not lowercase letters, digits and hyphens"),
    "duplicate-plan-id": (ERROR, "two plan files use the same id"),
    "duplicate-indicator": (ERROR, "one plan lists the same indicator id twice"),
    "indicator-conflict": (ERROR, "an indicator id is reused with another unit, direction or levels"),
    "bad-period": (ERROR, "a period that is not a year or a YEAR-YEAR range"),
    "target-outside-period": (ERROR, "a target year outside the plan's period"),
    "target-out-of-range": (ERROR, "a target impossible for its unit (percent outside 0-100, negative count)"),
    "target-not-whole": (ERROR, "a count target that is not a whole number"),
    "target-unknown-level": (ERROR, "a level or label target that is not in `levels`"),
    "bad-comparator": (ERROR, "a target string that is not a number, label, increase/decrease or comparator"),
    "missing-levels": (ERROR, "a level or rating indicator without `levels`, or `levels` on another unit"),
    "unknown-parent-plan": (ERROR, "`parent` names a plan id that no plan file has"),
    "unknown-plan-area": (ERROR, "a plan's `area` is not in areas.csv"),
    # areas.csv
    "duplicate-area": (ERROR, "two rows of areas.csv have the same code"),
    "area-unknown-parent": (ERROR, "an area's parent is not in areas.csv"),
    "area-cycle": (ERROR, "areas whose parents form a cycle"),
    "area-bad-level": (ERROR, "an area level that is not tinh, huyen or xa, or not below its parent's"),
    # targets by level (warnings)
    "rollup-disagrees": (WARNING, "an area's own figure differs from what its children add up to"),
    "area-outside-plan": (WARNING, "a figure for an area outside every plan that uses the indicator"),
    "weaker-than-parent": (WARNING, "a target weaker than the parent plan's for the same indicator and year"),
    # data/**/*.csv
    "csv-syntax": (ERROR, "a CSV file that cannot be parsed (no header, bad quoting)"),
    "unknown-column": (ERROR, "a column that figure files do not have"),
    "missing-column": (ERROR, "a required column is missing"),
    "duplicate-column": (ERROR, "a column named twice in the header"),
    "ragged-row": (ERROR, "a row with more or fewer fields than the header"),
    "missing-value": (ERROR, "a required cell is empty"),
    "unknown-indicator": (ERROR, "a figure for an indicator that no plan defines"),
    "unknown-area": (ERROR, "a figure for an area that is not in areas.csv"),
    "bad-figure-period": (ERROR, "a figure period that is not a year"),
    "non-canonical-number": (ERROR, "a number not written in canonical form (dot decimal, no separators, no %)"),
    "percent-out-of-range": (ERROR, "a percent figure outside 0-100"),
    "negative-count": (ERROR, "a negative count"),
    "fractional-count": (ERROR, "a count, numerator or denominator that is not a whole number"),
    "number-too-long": (ERROR, "a number with more than 40 digits before or after the decimal point"),
    "negative-zero": (WARNING, "`-0` written for 0 (read as 0)"),
    "unknown-level": (ERROR, "a level, label or yes/no value that is not in `levels`"),
    "numerator-exceeds-denominator": (ERROR, "a numerator larger than its denominator"),
    "value-disagrees": (ERROR, "`value` does not agree with 100 × numerator / denominator"),
    "duplicate-figure": (ERROR, "a second figure for the same indicator, area and period"),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. Sorted by file, line, column, code so output is deterministic."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = field(default=None, compare=False)
    severity: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, caught by the tests
            raise ValueError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code][0])

    @property
    def where(self) -> str:
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Loc:
    """Where something came from: file (relative to the repo root), 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def problem(self, code: str, message: str, hint: str | None = None, severity: str = "") -> Problem:
        return Problem(self.file, self.line, self.column, code, message, hint, severity)


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to a misspelt `word`, if one is close enough."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def display_path(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the repo root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
