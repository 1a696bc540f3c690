"""Problems are data: every mistake found in a repository is a `Problem` record.

Nothing in the loader or the checks raises to the user; they return lists of these.
Each carries a stable code and named parameters; catalogue.py words it in Vietnamese or
English, and docs/checks.md (generated from the catalogue) documents every code.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xhht.problems.catalogue import CATALOGUE, TemplateError, word
from xhht.base.kinds import Severity
from xhht.base.safetext import name_invisible

# code -> (severity, one-line summary), from the catalogue (catalogue.py), which also words
# every message and hint in Vietnamese and English.
CODES: dict[str, tuple[Severity, str]] = {c: (e.severity, e.summary) for c, e in CATALOGUE.items()}

LIMIT = 100  # problems of one code in one file that are printed; the others are counted (present/problem_text.py)

# Called with every Problem made (the test suite checks that each one can be worded in both languages).
_made: Callable[[Problem], None] | None = None


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: a code and its parameters, worded when printed (`message_in`, `hint_in`).
    Sorted by file, line, column, code so output is deterministic."""

    file: str
    line: int
    column: int
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    # the code's own (catalogue.py) unless given; given as text ("warning"), made the Severity
    severity: Severity = field(default="", compare=False)  # type: ignore[assignment]  ("": the code's own)

    def __post_init__(self) -> None:
        if not isinstance(self.params, dict):  # a programming error, caught by the tests
            raise TypeError(f"{self.code}: the parameters of a problem are a dict, not {type(self.params).__name__}")
        if self.code not in CODES:  # a programming error, caught by the tests
            raise ValueError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code][0])
        elif not isinstance(self.severity, Severity):
            object.__setattr__(self, "severity", Severity(self.severity))  # ValueError for another word
        if _made is not None:
            _made(self)

    def message_in(self, lang: str = "vi") -> str:
        return word(self.code, self.params, lang, "message")

    def hint_in(self, lang: str = "vi") -> str | None:
        return word(self.code, self.params, lang, "hint")

    @property
    def message(self) -> str:
        """The message in Vietnamese, the default language."""
        return self.message_in("vi")

    @property
    def hint(self) -> str | None:
        return self.hint_in("vi")

    @property
    def where(self) -> str:
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out

    def plain(self) -> tuple:
        """The problem as plain data (strings, numbers and tuples, for marshal or pickle): how a
        loader's worker process sends it and the cache keeps it; `Problem.from_plain` makes it again.
        The severity is "" when it is the code's own. TypeError for a parameter plain data cannot hold."""
        return (self.file, self.line, self.column, self.code, tuple((k, _plain(v)) for k, v in self.params.items()),
                "" if self.severity == CODES[self.code][0] else str(self.severity))

    @classmethod
    def from_plain(cls, data: tuple) -> Problem:
        file, line, column, code, params, severity = data
        return cls(file, line, column, code, {k: _unplain(v) for k, v in params}, severity)

    def as_dict(self, lang: str = "vi", worded: bool = True) -> dict:
        """The JSON record; `message` and `hint` in `lang` (left empty with worded=False)."""
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message_in(lang) if worded else None,
            "hint": self.hint_in(lang) if worded else None,
        }


def _plain(v: Any) -> Any:
    """A problem parameter as plain data: None, bools, numbers and strings as they are; Decimals,
    tuples and lists tagged (so that no text can pass for one)."""
    from decimal import Decimal

    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Decimal):
        return ("\0dec", str(v))
    if isinstance(v, (tuple, list)):
        return ("\0tup" if isinstance(v, tuple) else "\0list", tuple(_plain(x) for x in v))
    raise TypeError(type(v).__name__)


def _unplain(v: Any) -> Any:
    if isinstance(v, tuple):
        from decimal import Decimal

        tag, body = v
        if tag == "\0dec":
            return Decimal(body)
        items = [_unplain(x) for x in body]
        return tuple(items) if tag == "\0tup" else items
    return v


def worded(p: Problem, lang: str) -> tuple[str, str | None]:
    """(message, hint) in `lang`, the characters nobody can see named (`<U+200B>`). A problem whose
    template does not fit its parameters (a bug the test suite is there to catch) is still printed,
    with its parameters, rather than a traceback."""
    try:
        message, hint = p.message_in(lang), p.hint_in(lang)
    except TemplateError:
        message, hint = ", ".join(f"{k}={v}" for k, v in sorted(p.params.items())) or p.code, None
    return name_invisible(message), name_invisible(hint) if hint else hint


@dataclass(frozen=True)
class Loc:
    """Where something came from: file (relative to the repo root), 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def problem(self, code: str, /, **params: Any) -> Problem:
        """A problem `code` here, worded from the catalogue with `params` (`loc.problem("unknown-area",
        area="99")`)."""
        return Problem(self.file, self.line, self.column, code, params)


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


class DataError(Exception):
    """The user's files stop a command (a broken template): these problems, printed as `xhht check`
    prints them, exit 1. (A wrong command line is base.errors.UsageError, exit 2.)"""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems
