"""`xhht status`: the comparison as a table that fits the terminal.

Width: the terminal's, else `$COLUMNS`, else 80, also when piped (rich's Console decides it that
way); no line is wider. Colour and styles only on a terminal; a symbol beside every status word so
that it reads without colour. Text from the user's files is data: control characters are dropped
and rich markup is escaped.
"""

from __future__ import annotations

from xhht.base.kinds import Status
from xhht.judge.results import STATUSES, Review
from xhht.model.areas import Areas
from xhht.present import fmt
from xhht.present.console import one_line
from xhht.present.render import build_view

COLOURS = {Status.EXCEEDED: "green", Status.MET: "blue", Status.MISSED: "red", Status.NO_DATA: "dim", Status.ON_TRACK: "cyan",
           Status.OFF_TRACK: "magenta", Status.NOT_DUE: "dim", Status.NOT_APPLICABLE: "dim"}
MAX_UNITS = 10  # units named under a row; the rest are counted
WIDE = 100  # from this width on, the gap gets its own column
NARROW = 72  # below this width, one target takes two lines instead of a table row


class _Out:
    """Prints to a rich Console; piped, the lines lose the padding rich adds on their right."""

    def __init__(self):
        from xhht.present.console import new_console

        self.console = new_console()
        self.width = self.console.width

    def print(self, *objects) -> None:
        if self.console.is_terminal:
            self.console.print(*objects)
            return
        with self.console.capture() as captured:
            self.console.print(*objects)
        self.console.file.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


def _console() -> _Out:
    return _Out()


def _text(value: object) -> str:
    """User text for a rich markup string: one line, control characters removed, markup escaped."""
    return one_line(value)


def print_status(review: Review, areas: Areas, lang: str) -> None:
    from rich import box
    from rich.table import Table

    view = build_view(review, areas, lang)
    w = view["w"]
    console = _console()
    wide = console.width >= WIDE
    title = f"{view['plan']['number']} — {view['period']}" + (f" — {view['area']}" if view["area"] else "")
    if console.width < NARROW:
        _print_narrow(console, view, title)
        return
    table = Table(title=_text(title), box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    right = {"justify": "right", "no_wrap": True}
    table.add_column("#", **right)
    table.add_column(w["indicator_name"], ratio=1, overflow="fold", min_width=12)
    table.add_column(w["year"], **right)
    table.add_column(w["target"].capitalize(), justify="right", overflow="fold")
    table.add_column(w["result"], justify="right", overflow="fold")
    table.add_column(w["status"], no_wrap=True,
                     min_width=max(len(f"{fmt.STATUS_SYMBOLS[k]} {fmt.status(k, lang)}") for k in fmt.STATUS_SYMBOLS))
    if wide:
        table.add_column(w["gap"], **right)
    notes: list[tuple[int, str]] = []
    number = 0
    blank = [""] * (5 if wide else 4)
    for g in view["groups"]:
        table.add_row("", f"[bold]{_text(g['code'])}) {_text(g['title'])}[/bold]", *blank)
        for r in g["results"]:
            number += 1
            colour = COLOURS[r["status"]]
            cells = [str(number), _text(r["label"]), str(r["year"]), _text(r["target"]), _text(r["actual_when"]),
                     f"[{colour}]{r['symbol']} {r['status_text']}[/{colour}]"]
            if wide:
                cells.append(_text(r["gap_short"]))
            table.add_row(*cells)
            if r["reason"]:
                notes.append((number, r["reason"]))
            for line in _units_lines(w, r):
                table.add_row("", f"[dim]  {line}[/dim]", *blank)
    console.print(table)
    for n, reason in notes:
        console.print(f"[dim]{n}.[/dim] {_text(reason)}")
    _print_footer(console, view)


def _units_lines(w: dict, r: dict) -> list[str]:
    """The units a subunit target's result names (falling short, without data), escaped, at most
    MAX_UNITS each."""
    out = []
    for key, names in ((w["units_short"], r["short"]), (w["units_missing"], r["missing"])):
        if names:
            listed = ", ".join(names[:MAX_UNITS]) + (f", … (+{len(names) - MAX_UNITS})" if len(names) > MAX_UNITS else "")
            out.append(f"{_text(key)}: {_text(listed)}")
    return out


def _print_footer(console: _Out, view: dict) -> None:
    """The context figures, the overview sentences and the counts by status."""
    w = view["w"]
    if view["context"]:
        console.print()
        console.print(f"[bold]{_text(w['context'])}[/bold]")
        for c in view["context"]:
            console.print(f"- {_text(c['name'])}, {c['year']}: {_text(c['actual'])}")
    console.print()
    for s in view["sentences"]:
        console.print(_text(s))
    if view["left_out"]:
        console.print(f"[bold red]{_text(view['left_out'])}[/bold red]")
    counts = ", ".join(f"{fmt.STATUS_SYMBOLS[k]} {fmt.status(k, view['lang'])} {n}"
                       for k, n in view["summary"].items() if n)
    console.print(_text(counts))


def _print_narrow(console: _Out, view: dict, title: str) -> None:
    """A narrow terminal: each target on its own lines, wrapped to the width."""
    w = view["w"]
    console.print(f"[bold]{_text(title)}[/bold]")
    number = 0
    for g in view["groups"]:
        console.print(f"[bold]{_text(g['code'])}) {_text(g['title'])}[/bold]")
        for r in g["results"]:
            number += 1
            colour = COLOURS[r["status"]]
            console.print(f"{number}. {_text(r['label'])}, {r['year']}")
            console.print(f"   {_text(w['target'])} {_text(r['target'])} · {_text(w['result'].lower())} "
                          f"{_text(r['actual_when'])} · [{colour}]{r['symbol']} {r['status_text']}[/{colour}]")
            if r["reason"]:
                console.print(f"   [dim]{_text(r['reason'])}[/dim]")
            for line in _units_lines(w, r):
                console.print(f"   [dim]{line}[/dim]")
    _print_footer(console, view)


def print_overview(reviews: list[Review], lang: str) -> None:
    """One row per plan: its id, title, the period reviewed, and its targets counted by status."""
    from rich import box
    from rich.table import Table

    w = fmt.WORDS[lang]
    console = _console()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("id", no_wrap=True, overflow="fold")
    table.add_column(w["plan_title"], ratio=1, overflow="fold", min_width=10)
    table.add_column(w["period_short"], no_wrap=True)
    for s in STATUSES:
        table.add_column(fmt.STATUS_SYMBOLS[s], justify="right", no_wrap=True)
    for rv in reviews:
        summary = rv.summary
        period = f"{rv.start}–{rv.end}" if rv.start != rv.end else str(rv.start)
        table.add_row(_text(rv.plan.id), _text(rv.plan.title), period,
                      *[f"[{COLOURS[s]}]{summary[s]}[/{COLOURS[s]}]" if summary[s] else "·" for s in STATUSES])
    console.print(table)
    console.print(_text(", ".join(f"{fmt.STATUS_SYMBOLS[s]} {fmt.status(s, lang)}" for s in STATUSES)))
    console.print(_text(w["overview_hint"]))
