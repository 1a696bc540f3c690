"""`xhht status`: the comparison as a table that fits the terminal, and the overview of many plans.

Width: the terminal's, else `$COLUMNS`, else 80, also when piped (rich's Console decides it that
way); no line is wider. The layout is chosen from the width: a table when every name fits its column
in at most two lines (`fits`), else a list, one entry a few lines long, that shows the same cells; no
column is dropped. A long list of units is cut to two lines, "… và 16 đơn vị khác", unless `full`.
Colour and styles only on a terminal; a symbol beside every status word so that it reads without
colour. Text from the user's files is data: control characters are dropped and rich markup is
escaped. present/scorecard_table.py lays the scorecard out with the same tools.
"""

from __future__ import annotations

import textwrap

from xhht.base.kinds import Status
from xhht.judge.results import STATUSES, Counted, Review
from xhht.model.areas import Areas
from xhht.present import fmt
from xhht.present.console import one_line
from xhht.present.render import build_view

COLOURS = {Status.EXCEEDED: "green", Status.MET: "blue", Status.MISSED: "red", Status.NO_DATA: "dim", Status.ON_TRACK: "cyan",
           Status.OFF_TRACK: "magenta", Status.NOT_DUE: "dim", Status.NOT_APPLICABLE: "dim"}
MAX_LINES = 2  # a name wraps over at most this many lines in a table; a list of units is cut to it
MIN_NAME = 12  # a table's name column is never narrower
GAP = 3  # the space rich's table puts between two columns (padding and the box's divider)
INDENT = "   "  # the list layout's indent under an entry's first line


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


def lines_of(text: str, width: int) -> int:
    """How many lines `text` takes wrapped at `width` (as rich wraps: at spaces, long words folded)."""
    return len(textwrap.wrap(" ".join(str(text).split()), max(width, 1))) or 1


def fits(texts: list[str], width: int) -> bool:
    """Whether every text takes at most MAX_LINES lines at `width`, a column at least MIN_NAME wide
    (or as wide as every text)."""
    if width < MIN_NAME and any(len(t) > width for t in texts):
        return False
    return all(lines_of(t, width) <= MAX_LINES for t in texts)


def name_width(width: int, others: list[int]) -> int:
    """What is left for the name column of a table at `width` beside columns of the `others` widths."""
    return width - sum(others) - GAP * len(others)


def cut(names: list[str], width: int, lang: str, full: bool = False, prefix: str = "") -> tuple[str, bool]:
    """`prefix` and the names, joined, cut to MAX_LINES lines at `width` with "… và 16 đơn vị khác"
    ("… and 16 more"), all of them with `full`; and whether some were left out."""
    joined = prefix + ", ".join(names)
    if full or lines_of(joined, width) <= MAX_LINES:
        return joined, False
    more = fmt.WORDS[lang]["more_units"]
    shown = 0
    while shown < len(names) and lines_of(prefix + ", ".join(names[:shown + 1]) + ", "
                                          + more.format(n=len(names) - shown - 1), width) <= MAX_LINES:
        shown += 1
    return prefix + ", ".join(names[:shown] + [more.format(n=len(names) - shown)]), True


def table(**options):  # noqa: ANN201 - a rich Table, imported here
    """A table as every terminal layout draws it: a rule under the header, no outer edge."""
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False, **options)


def numbered(items: list[tuple[str, list[str]]]):  # noqa: ANN201 - a rich Table, imported here
    """The list layout: each item's number, then its lines, wrapped under one another (a hanging
    indent), never back to the margin. The lines are rich markup."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, lines in items:
        grid.add_row(number, "\n".join(lines))
    return grid


def _status_cell(r: dict) -> str:
    colour = COLOURS[r["status"]]
    return f"[{colour}]{r['symbol']} {_text(r['status_text'])}[/{colour}]"


# ---------------------------------------------------------------- xhht status PLAN


def print_status(review: Review, areas: Areas, lang: str, full: bool = False) -> None:
    """The review as a table, or a list when the width cannot hold the table's names in two lines."""
    view = build_view(review, areas, lang)
    console = _console()
    title = f"{view['plan']['number']} — {view['period']}" + (f" — {view['area']}" if view["area"] else "")
    rows = [r for g in view["groups"] for r in g["results"]] + view["not_applicable"]
    widths = _columns(view, rows)
    names = [r["label"] for r in rows] + [f"{g['code']}) {g['title']}" for g in view["groups"]]
    space = min(name_width(console.width, list(widths.values())), max(len(_text(n)) for n in names) if names else 0)
    cuts: list[bool] = []
    if rows and fits(names, space):
        _print_table(console, view, title, widths, space, _Lists(lang, full, cuts))
    else:
        _print_list(console, view, title, _Lists(lang, full, cuts))
    _print_footer(console, view, any(cuts))


class _Lists:
    """The lists of units under the results of one table: cut to two lines unless `full`; `cuts`
    records whether any was cut (the footer then says how to see them whole)."""

    def __init__(self, lang: str, full: bool, cuts: list[bool]):
        self.lang, self.full, self.cuts = lang, full, cuts

    def lines(self, w: dict, r: dict, width: int) -> list[str]:
        """The units a subunit target's result names (falling short, without data)."""
        out = []
        for key, names in ((w["units_short"], r["short"]), (w["units_missing"], r["missing"])):
            if names:
                text, was_cut = cut(names, width, self.lang, self.full, prefix=f"{key[:1].upper()}{key[1:]}: ")
                self.cuts.append(was_cut)
                out.append(text)
        return out


def _columns(view: dict, rows: list[dict]) -> dict[str, int]:
    """The widths of the table's columns but the name's: each as wide as its widest cell (a target
    or result over 18 characters wraps); the gap only when some result has one."""
    w = view["w"]

    def widest(key: str, title: str, cap: int | None = None) -> int:
        width = max([len(title)] + [len(_text(r[key])) for r in rows])
        return min(width, cap) if cap else width

    out = {"#": len(str(len(rows))), "year": 4, "target": widest("target", w["target"], 18),
           "result": widest("actual_when", w["result"], 18),
           "status": max([len(w["status"])] + [len(f"{r['symbol']} {r['status_text']}") for r in rows])}
    if any(r["gap_short"] for r in rows):
        out["gap"] = widest("gap_short", w["gap"])
    return out


def _print_table(console: _Out, view: dict, title: str, widths: dict[str, int], space: int, lists: _Lists) -> None:
    w = view["w"]
    t = table(title=_text(title))
    right = {"justify": "right", "no_wrap": True}
    t.add_column("#", width=widths["#"], **right)
    t.add_column(w["indicator_name"], width=space, overflow="fold")
    t.add_column(w["year"], width=4, **right)
    t.add_column(w["target"].capitalize(), width=widths["target"], justify="right", overflow="fold")
    t.add_column(w["result"], width=widths["result"], justify="right", overflow="fold")
    t.add_column(w["status"], width=widths["status"], no_wrap=True)
    if "gap" in widths:
        t.add_column(w["gap"], width=widths["gap"], **right)
    blank = [""] * (len(widths) - 1)
    notes: list[tuple[str, list[str]]] = []  # under the table, numbered like the rows: the basis, the reason, the units
    number = 0
    sections = [(f"{g['code']}) {g['title']}", g["results"]) for g in view["groups"]]
    if view["not_applicable"]:
        sections.append((w["not_applicable_title"], view["not_applicable"]))
    for heading, results in sections:
        t.add_row("", f"[bold]{_text(heading)}[/bold]", *blank)
        for r in results:
            number += 1
            cells = [str(number), _text(r["label"]), str(r["year"]), _text(r["target"]), _text(r["actual_when"]),
                     _status_cell(r)]
            if "gap" in widths:
                cells.append(_text(r["gap_short"]))
            t.add_row(*cells)
            lines = [_text(_note(r))] if _note(r) else []
            lines += [f"[dim]{_text(line)}[/dim]" for line in lists.lines(w, r, console.width - len(str(number)) - 2)]
            if lines:
                notes.append((f"[dim]{number}.[/dim]", lines))
    console.print(t)
    if notes:
        console.print(numbered(notes))


def _print_list(console: _Out, view: dict, title: str, lists: _Lists) -> None:
    """Each target on its own lines, wrapped to the width: the same cells as the table's."""
    w = view["w"]
    console.print(f"[bold]{_text(title)}[/bold]")
    number = 0
    sections = [(f"{g['code']}) {g['title']}", g["results"]) for g in view["groups"]]
    if view["not_applicable"]:
        sections.append((w["not_applicable_title"], view["not_applicable"]))
    for heading, results in sections:
        console.print(f"[bold]{_text(heading)}[/bold]")
        items = []
        for r in results:
            number += 1
            cells = [f"{w['target']} {r['target']}", f"{w['result'].lower()} {r['actual_when']}"]
            cells = [_text(c) for c in cells] + [_status_cell(r)] + ([_text(r["gap"])] if r["gap"] else [])
            lines = [f"{_text(r['label'])}, {r['year']}", " · ".join(cells)]
            if _note(r):
                lines.append(f"[dim]{_text(_note(r))}[/dim]")
            width = console.width - len(str(number)) - 2
            lines += [f"[dim]{_text(line)}[/dim]" for line in lists.lines(w, r, width)]
            items.append((f"{number}.", lines))
        console.print(numbered(items))


def _note(r: dict) -> str:
    """What a row's numbered note says: its basis in a review of another area, then its reason."""
    basis = r["basis_text"]
    return " ".join(p for p in (basis[:1].upper() + basis[1:] + "." if basis else "", r["reason"]) if p)


def _print_footer(console: _Out, view: dict, was_cut: bool) -> None:
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
    counts = ", ".join(f"{item['symbol']} {item['text']} {item['count']}" for item in view["legend"])
    console.print(_text(counts))
    if was_cut:
        console.print(f"[dim]{_text(w['full_hint'])}[/dim]")


# ---------------------------------------------------------------- xhht status (several plans)


def print_overview(counted: list[Counted], lang: str) -> None:
    """One row per plan: its id, title, the period reviewed, and its targets counted by status; as a
    list (id, period and counts on one line, the title under them) when the titles would not fit."""
    w = fmt.WORDS[lang]
    console = _console()
    periods = [f"{c.start}–{c.end}" if c.start != c.end else str(c.start) for c in counted]
    ids = max([2] + [len(_text(c.plan.id)) for c in counted])
    others = [ids, max([len(w["period_short"])] + [len(p) for p in periods])] + [
        max([1] + [len(str(c.summary[s])) for c in counted]) for s in STATUSES]
    titles = [_text(c.plan.title) for c in counted]
    space = min(name_width(console.width, others), max([0] + [len(t) for t in titles]))
    if fits(titles, space):
        t = table()
        t.add_column("id", width=others[0], no_wrap=True)
        t.add_column(w["plan_title"], width=space, overflow="fold")
        t.add_column(w["period_short"], width=others[1], no_wrap=True)
        for s, width in zip(STATUSES, others[2:]):
            t.add_column(fmt.STATUS_SYMBOLS[s], width=width, justify="right", no_wrap=True)
        for c, period in zip(counted, periods):
            summary = c.summary
            t.add_row(_text(c.plan.id), _text(c.plan.title), period,
                      *[f"[{COLOURS[s]}]{summary[s]}[/{COLOURS[s]}]" if summary[s] else "·" for s in STATUSES])
        console.print(t)
    else:
        from rich.padding import Padding

        for c, period in zip(counted, periods):
            counts = "  ".join(f"[{COLOURS[s]}]{fmt.STATUS_SYMBOLS[s]} {c.summary[s]}[/{COLOURS[s]}]"
                               for s in STATUSES if c.summary[s])
            console.print(f"[bold]{_text(c.plan.id)}[/bold] · {period} · {counts or '·'}")
            console.print(Padding(_text(c.plan.title), (0, 0, 0, len(INDENT))))
    console.print(_text(", ".join(f"{fmt.STATUS_SYMBOLS[s]} {fmt.status(s, lang)}" for s in STATUSES)))
    console.print(_text(w["overview_hint"]))
