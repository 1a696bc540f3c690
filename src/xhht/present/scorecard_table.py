"""`xhht scorecard` on the terminal: one row per unit, its rank, its name, a mark per column (▲ ● ▼ ○,
in the columns' order, numbered in the header), its counts and its share met; the columns listed
below. A table when every name fits its column in two lines at the width, else a list: one unit in
two lines (its rank, name, code and counts; its marks). Every unit is shown: the units are the
scorecard. The tools are status_table.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xhht.present.scorecard import scorecard_view
from xhht.present.status_table import COLOURS, _console, _text, fits, name_width, numbered, table

if TYPE_CHECKING:  # for annotations only
    from xhht.judge.scorecard import Scorecard
    from xhht.model.areas import Areas

GROUP = 5  # with more than 9 columns the marks come in groups of five, the header numbering each group


def marks_header(n: int) -> str:
    """"1 2 3" over the marks of up to 9 columns; "1    6    11" (each group's first) over more."""
    if n <= 9:
        return " ".join(str(i + 1) for i in range(n))
    return " ".join(f"{i + 1:<{GROUP}}" for i in range(0, n, GROUP)).rstrip()


def marks(cells: list[dict]) -> str:
    """The marks of a row, coloured, spaced like `marks_header`."""
    shown = [f"[{COLOURS[c['status']]}]{c['symbol']}[/{COLOURS[c['status']]}]" for c in cells]
    if len(cells) <= 9:
        return " ".join(shown)
    return " ".join("".join(shown[i:i + GROUP]) for i in range(0, len(shown), GROUP))


def _marks_width(n: int) -> int:
    return 2 * n - 1 if n <= 9 else n + (n - 1) // GROUP


def print_scorecard(card: Scorecard, areas: Areas, lang: str) -> None:
    view = scorecard_view(card, areas, lang)
    sw = view["sw"]
    console = _console()
    rows, n = view["rows"], len(view["columns"])
    console.print(f"[bold]{_text(view['title'])}[/bold]")
    console.print(_text(f"{view['document']}: {view['plan']['title']}"))
    console.print(_text(view["units_line"]))
    console.print()
    others = [max([len(sw["rank"])] + [len(str(r["rank"])) for r in rows]),
              max([len(sw["code"])] + [len(_text(r["area"])) for r in rows]),
              max(_marks_width(n), len(marks_header(n))), 2, 2, 2, max(len("100%"), len(sw["ratio"]))]
    names = [_text(r["name"]) for r in rows]
    space = min(name_width(console.width, others), max([len(sw["unit"])] + [len(x) for x in names]))
    counts = ("▲●", "▼", "○")  # the counts' headers: achieved, missed, no data (the legend says so)
    if rows and fits(names, space):
        t = table()
        right = {"justify": "right", "no_wrap": True}
        t.add_column(sw["rank"], width=others[0], **right)
        t.add_column(sw["code"], width=others[1], no_wrap=True)
        t.add_column(sw["unit"], width=space, overflow="fold")
        t.add_column(marks_header(n), width=others[2], no_wrap=True)
        for head in counts:
            t.add_column(head, width=2, **right)
        t.add_column(sw["ratio"], width=others[6], **right)
        for r in rows:
            t.add_row(str(r["rank"]), _text(r["area"]), _text(r["name"]), marks(r["cells"]), str(r["achieved"]),
                      str(r["missed"]), str(r["no_data"]), _text(r["ratio"]))
        console.print(t)
    else:
        items = [(f"{r['rank']}.", [f"{_text(r['name'])} ({_text(r['area'])}) · ▲● {r['achieved']} · "
                                    f"▼ {r['missed']} · ○ {r['no_data']} · {_text(r['ratio'])}",
                                    marks(r["cells"])]) for r in rows]
        head = ("", [f"[dim]{_text(sw['cells'])}:[/dim]", f"[dim]{marks_header(n)}[/dim]"])  # digits: no markup
        console.print(numbered([head] + items))
    console.print()
    console.print(f"[bold]{_text(sw['columns'])}[/bold]")
    if view["columns"]:
        console.print(numbered([(f"{c['n']}.", [_text(f"{c['label']}: {c['asked']} ({c['basis_text']})")])
                                for c in view["columns"]]))
    else:
        console.print(_text(view["no_columns"]))
    legend = " · ".join(f"{x['symbol']} {x['text']}" for x in view["legend"])
    console.print(_text(f"{sw['legend']}: {legend}; {sw['counts_legend']}."))
    for note in (view["standing_note"], view["derived_note"], view["rank_rule"]):
        if note:
            console.print(f"[dim]{_text(note)}[/dim]")
