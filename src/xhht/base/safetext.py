"""Text from the user's files is data, never markup or terminal control.

Every piece of text that came from a repository file (a name, an id, a cell, a message that
quotes one) goes through one of these before it reaches an output:

- `for_terminal`: control characters (ESC, BEL, backspace, bidi overrides...) removed, so a
  cell cannot recolour, move the cursor or rewrite what the terminal shows.
- `present.console.for_rich`: `for_terminal`, then escaped for rich markup (rich is the
  presentation layer's: this module imports nothing but the standard library).
- `for_markdown`: one line of Markdown text (a table cell, a list item or a heading): newlines
  joined, `|` and Markdown punctuation escaped, HTML written as text.
- `name_invisible`: every character that cannot be seen (zero-width space, BOM, soft hyphen,
  controls, unusual spaces) named as `<U+200B>`, for messages about ids and codes.

HTML output is escaped by Jinja's autoescape, which the report templates keep on.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible or misleading: C0/C1 controls but tab and newline, format characters (zero-width,
# bidi, BOM, soft hyphen), line and paragraph separators, and spaces other than U+0020.
_BIDI_AND_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def _invisible(ch: str) -> bool:
    if ch in "\t\n ":
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cn") or ch == "\u3164" or ch == "\u115f" or ch == "\u1160"


def name_invisible(text: str) -> str:
    """`ti-le\\u200b` -> `ti-le<U+200B>`: what a reader cannot see is named. Tabs and newlines stay."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in text)


def has_invisible(text: str) -> bool:
    return any(_invisible(ch) for ch in text)


def for_terminal(text: str) -> str:
    """Text that cannot control the terminal: controls and bidi overrides removed (tab and
    newline kept)."""
    return _BIDI_AND_CONTROL.sub("", text)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def for_markdown(text: str) -> str:
    """One line of Markdown (a table cell, a heading, a list item) that shows `text` as written:
    newlines become spaces, `|`, `*`, `_`, brackets, `<`... are backslash-escaped, `&` becomes
    `&amp;` so no HTML entity or tag is interpreted, and a leading `#`, `-`, `+`, `>`, `1.` cannot
    start a heading, list or quote."""
    text = for_terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(\s*)([-=])", r"\1\\\2", text)  # a list item, a setext underline
    text = re.sub(r"^(\s*[0-9]+)([.)])", r"\1\\\2", text)  # an ordered list item: 1\. or 1\)
    return text


_MD_LINE_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def for_markdown_line(value: object) -> str:
    """The lighter escaping of the reports' Markdown (every value a template prints, and `diff`'s
    pull-request comment): one line, no terminal controls, and the characters that would start
    emphasis, code, a link, HTML or a table cell escaped; a leading `#`, `+ `, `- ` or `1. ` cannot
    start a heading or a list. Parentheses and `!` stay as written, so prose reads naturally."""
    text = for_markdown_inline(value)
    text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)  # 1\. (a backslash before a digit is no escape)
    return re.sub(r"^(#|[+\-](?=\s|$))", r"\\\1", text)


def for_markdown_inline(value: object) -> str:
    """`for_markdown_line` for a value that does not start a line (after "### " or "**"): one line,
    no terminal controls, the characters that would start emphasis, code, a link, HTML or a table
    cell escaped."""
    return " ".join(for_terminal(str(value)).split()).translate(_MD_LINE_SPECIAL)


def quoted(text: str) -> str:
    """A value from a file, shown in a message: quoted, with invisible characters named."""
    return "'" + name_invisible(text) + "'"
