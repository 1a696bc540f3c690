"""The one usage error: a wrong command line, or a request xhht cannot carry out as asked.

Library code and the command line alike raise `UsageError(vi, en)`: the message in Vietnamese
(the default language) and in English (None: the same text). `cli.main` catches it and prints
`xhht: MESSAGE` in the language of the run, exit 2. Its sibling `problems.DataError` (the user's
files stop a command) exits 1; anything else that escapes a command is a bug: exit 3, one line.
`WordedError` is what both words of a message share (load.conversion.TableError is one too).
"""

from __future__ import annotations


class WordedError(Exception):
    """An error whose message is written in both languages (`en` None: the same text)."""

    def __init__(self, vi: str, en: str | None = None):
        super().__init__(vi)
        self.vi = vi
        self.en = vi if en is None else en

    def in_lang(self, lang: str) -> str:
        """The message in `lang` ("vi" or "en")."""
        return self.en if lang == "en" else self.vi


class UsageError(WordedError):
    """A wrong command line: `xhht: MESSAGE` in the run's language, exit 2."""
