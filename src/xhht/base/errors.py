"""The two ways a command stops early, caught once in `cli.main`:

- `UsageError`: the command line is wrong (`xhht: MESSAGE`, exit 2);
- `DataError`: a repository file makes the command impossible (a broken template): its
  problems are printed like `xhht check` prints them, exit 1.

Anything else that escapes a command is a bug: exit 3, one line asking to report it, and the
traceback only with `--debug`.
"""

from __future__ import annotations

from xhht.problems import Problem


class UsageError(Exception):
    """A wrong command line: `xhht: MESSAGE`, exit 2."""


class DataError(Exception):
    """The user's files stop the command: these problems, exit 1."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems
