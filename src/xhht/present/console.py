"""Text from the user's files on a rich console: shown as data, never as markup.

- `for_rich`: `safetext.for_terminal` (no control characters), then escaped for rich markup, so
  `[xuất sắc]`, `[/]` and `[link=...]` print as written (on a `Console(emoji=False)`, so `:new:`
  stays text);
- `one_line`: the same for a value shown on one line (inner whitespace and newlines made one space).

- `new_console`: the rich Console of every command that prints through rich.

rich is imported when one of these is called, never at start-up.
"""

from __future__ import annotations

from xhht.base.safetext import for_terminal


def new_console(**options):  # noqa: ANN201 - a rich Console, imported here
    """A rich Console (`highlight=False, emoji=False` and `options`) whose reader may stop early:
    `xhht status | head -1` ends with exit 0 as `report | head -1` does (rich's own Console exits
    1 on a broken pipe, without a word); the command line's BrokenPipeError handler does it."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _Console(highlight=False, emoji=False, **options)


def for_rich(text: str) -> str:
    """Text for rich's `console.print`: no terminal controls, and no markup (`[b]`, `[/]`,
    `[link=...]`). Print it on a `Console(emoji=False)`: rich would turn `:new:` into an emoji."""
    from rich.markup import escape

    return escape(for_terminal(text))


def one_line(value: object) -> str:
    """User text for a rich markup string: one line, control characters removed, markup escaped."""
    return for_rich(" ".join(str(value).split()))

