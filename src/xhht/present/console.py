"""Text from the user's files on a rich console: shown as data, never as markup.

- `for_rich`: `safetext.for_terminal` (no control characters), then escaped for rich markup, so
  `[xuất sắc]`, `[/]` and `[link=...]` print as written (on a `Console(emoji=False)`, so `:new:`
  stays text);
- `one_line`: the same for a value shown on one line (inner whitespace and newlines made one space).

rich is imported when one of these is called, never at start-up.
"""

from __future__ import annotations

from xhht.base.safetext import for_terminal


def for_rich(text: str) -> str:
    """Text for rich's `console.print`: no terminal controls, and no markup (`[b]`, `[/]`,
    `[link=...]`). Print it on a `Console(emoji=False)`: rich would turn `:new:` into an emoji."""
    from rich.markup import escape

    return escape(for_terminal(text))


def one_line(value: object) -> str:
    """User text for a rich markup string: one line, control characters removed, markup escaped."""
    return for_rich(" ".join(str(value).split()))

