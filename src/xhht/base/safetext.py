"""Text from the user's files is data, never markup or terminal control.

Every piece of text that came from a repository file (a name, an id, a cell, a message that
quotes one) goes through one of these before it reaches an output:

- `for_terminal`: control characters (ESC, BEL, backspace, bidi overrides...) removed, so a
  cell cannot recolour, move the cursor or rewrite what the terminal shows.
- `present.console.for_rich`: `for_terminal`, then escaped for rich markup (rich is the
  presentation layer's: this module imports nothing but the standard library).
- `for_markdown`: one line of Markdown text (a table cell, a list item or a heading): newlines
  joined, `|` and Markdown punctuation escaped, HTML written as text.
- `for_terminal_line`: the same as `name_invisible`, newlines and tabs named too: one line of a
  log that no file name or cell can split.
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


def _all_visible(text: str) -> bool:
    """No character to name, known without a Python loop: `str.isprintable` is False for exactly
    the categories `_invisible` names (and for tab and newline), the Hangul fillers aside."""
    return text.isprintable() and "\u3164" not in text and "\u115f" not in text and "\u1160" not in text


def name_invisible(text: str) -> str:
    """`ti-le\\u200b` -> `ti-le<U+200B>`: what a reader cannot see is named. Tabs and newlines stay."""
    if _all_visible(text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in text)


def for_terminal_line(text: str) -> str:
    """Text from a file (a file name, a cell, a commit's author) on ONE line of the terminal or a
    CI log: every character nobody can see is named, newline, CR and tab too (`x<U+000A>::warning`),
    so it can neither control the terminal nor start a line of its own (a forged `::warning`
    workflow command, or a `file:line:` line that fools a problem matcher)."""
    if _all_visible(text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch in "\t\n" or _invisible(ch) else ch for ch in text)


def json_string(text: str) -> str:
    """`text` as a JSON string literal, as `json.dumps(text, ensure_ascii=False)` writes it but with
    every character nobody can see (a bidi override, a zero-width space, U+2028...) written as its
    `\\u` escape: the same data for a program that parses it, nothing a terminal or a CI log would
    act on when the JSON is printed."""
    from json.encoder import encode_basestring

    out = encode_basestring(text)
    if _all_visible(out):
        return out
    return "".join(_json_escape(ch) if _invisible(ch) else ch for ch in out)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


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
    return no_mentions(text)


_MD_LINE_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})
# GitHub links `@name` (and notifies that account), `#123` and `GH-123` (and puts a reference into
# that timeline): a zero-width space (as an entity) after `@`, `#` or `GH-` keeps the text
# as it reads, and links nothing.
_MENTION = re.compile(r"(?<![\w@/&])(@(?=[A-Za-z0-9])|#(?=[0-9])|GH-(?=[0-9]))")


def no_mentions(text: str) -> str:
    """Markdown text in which `@name`, `#123` and `GH-123` notify and link nothing on GitHub."""
    return _MENTION.sub(r"\1&#8203;", text) if ("@" in text or "#" in text or "GH-" in text) else text


def for_markdown_line(value: object) -> str:
    """The lighter escaping of the reports' Markdown (every value a template prints, and `diff`'s
    pull-request comment): one line, no terminal controls, and the characters that would start
    emphasis, code, a link, HTML or a table cell escaped; a leading `#`, `+ `, `- ` or `1. ` cannot
    start a heading or a list, nor `---` or `===` draw a rule or make the line above a heading;
    `@name`, `#123`, `GH-123` mention and link nothing (`no_mentions`). Parentheses and `!` stay as
    written, so prose reads naturally."""
    # 1\. (a backslash before the digit would escape nothing)
    text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", _md_text(value))
    return no_mentions(re.sub(r"^(#|[+\-](?=\s|$)|[-=](?=[-=]*$))", r"\\\1", text))


def for_markdown_inline(value: object) -> str:
    """`for_markdown_line` for a value that does not start a line (after "### " or "**"): one line,
    no terminal controls, the characters that would start emphasis, code, a link, HTML or a table
    cell escaped; no mentions."""
    return no_mentions(_md_text(value))


def _md_text(value: object) -> str:
    return " ".join(for_terminal(str(value)).split()).translate(_MD_LINE_SPECIAL)


# What a spreadsheet takes for the start of a formula (or a DDE call) when the text is typed or
# read from a CSV file: = + - @, a tab or a line break before them, and their full-width forms.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula: `=cmd|' /C calc'!A0`,
    `=HYPERLINK(...)`, `@SUM(...)`, `＝1+1`. (xhht's forms write text as text whatever it begins
    with; `xhht check` warns of such text in plans and areas, which other programs copy.)"""
    return bool(text) and text[0] in FORMULA_STARTS


# A message quotes text of the files (a heading, a target, a cell): at most this many characters of it,
# then `…`, so that one line of a 1 MiB heading does not become a 1 MB line of the CI log.
MAX_QUOTED = 300


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """`text` as a message quotes it: its first `limit` characters, then `…` when there were more."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str) -> str:
    """A value from a file, shown in a message: quoted, with invisible characters named."""
    return "'" + name_invisible(text) + "'"
