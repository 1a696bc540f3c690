"""The one usage error: a wrong command line, or a request xhht cannot carry out as asked.

Library code and the command line alike raise `UsageError(vi, en)`: the message in Vietnamese
(the default language) and in English (None: the same text). `cli.main` catches it and prints
`xhht: MESSAGE` in the language of the run, exit 2. Its sibling `problems.DataError` (the user's
files stop a command) exits 1; anything else that escapes a command is a bug: exit 3, one line.
`WordedError` is what both words of a message share (load.conversion.TableError is one too).
"""

from __future__ import annotations

import errno


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


# Why the system refused to open or write a file, in both languages (its own strerror is English).
_REASONS = {
    errno.ENOENT: ("không có thư mục hay tệp này", "no such file or folder"),
    errno.EACCES: ("không có quyền ghi", "permission denied"),
    errno.EPERM: ("không có quyền ghi", "permission denied"),
    errno.ENOSPC: ("hết chỗ trên đĩa", "no space left on the disk"),
    errno.EDQUOT: ("hết hạn mức dung lượng", "disk quota exceeded"),
    errno.ENAMETOOLONG: ("tên tệp quá dài", "the file name is too long"),
    errno.EROFS: ("ổ đĩa chỉ cho đọc", "the file system is read-only"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "a part of the path is not a folder"),
    errno.EISDIR: ("đây là một thư mục", "it is a folder"),
    errno.EEXIST: ("đã có một tệp cùng tên", "a file of that name exists"),
    errno.ETXTBSY: ("tệp đang được dùng", "the file is in use"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """(vi, en): why `exc` happened, as a reader says it."""
    found = _REASONS.get(exc.errno)
    if found is not None:
        return found
    text = exc.strerror or type(exc).__name__
    return text, text


class WriteRefused(UsageError):
    """A file the system would not let xhht write: `os_error` says why."""

    def __init__(self, vi: str, en: str, os_error: OSError):
        super().__init__(vi, en)
        self.os_error = os_error


def cannot_write(shown: str, exc: OSError, option: str = "") -> WriteRefused:
    """The usage error of a file xhht could not write (`option`: `-o` when the command line named it)."""
    vi, en = os_reason(exc)
    lead = f"{option}: " if option else ""
    return WriteRefused(f"{lead}không ghi được {shown}: {vi}", f"{lead}cannot write {shown}: {en}", exc)
