"""`xhht status`: the comparison as a rich table, coloured by status (symbols too, for no colour)."""

from __future__ import annotations

from xhht import fmt
from xhht.areas import Areas
from xhht.compare import Review
from xhht.render import build_view

COLOURS = {"exceeded": "green", "met": "blue", "missed": "red", "no_data": "dim", "on_track": "cyan",
           "off_track": "magenta", "not_due": "dim"}
MAX_UNITS = 10  # units named under a row; the rest are counted


def print_status(review: Review, areas: Areas, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    view = build_view(review, areas, lang)
    w = view["w"]
    console = Console(highlight=False)
    title = f"{view['plan']['number']} — {view['period']}" + (f" — {view['area']}" if view["area"] else "")
    table = Table(title=title, show_lines=False)
    right = {"justify": "right", "no_wrap": True}
    for name, kw in ((w["indicator"], {"ratio": 1, "overflow": "fold"}), (w["year"], right),
                     (w["target"].capitalize(), right), (w["result"], right),
                     (w["status"], {"no_wrap": True}), (w["gap"], right)):
        table.add_column(name, **kw)
    for g in view["groups"]:
        table.add_row(f"[bold]{escape(g['code'])}) {escape(g['title'])}[/bold]", "", "", "", "", "")
        for r in g["results"]:
            colour = COLOURS[r["status"]]
            table.add_row("  " + escape(r["label"]), str(r["year"]), r["target"], r["actual"],
                          f"[{colour}]{r['symbol']} {r['status_text']}[/{colour}]", r["gap_short"])
            for key, names in ((w["units_short"], r["short"]), (w["units_missing"], r["missing"])):
                if names:
                    listed = ", ".join(names[:MAX_UNITS]) + (f", … (+{len(names) - MAX_UNITS})"
                                                             if len(names) > MAX_UNITS else "")
                    table.add_row(f"    [dim]{escape(key)}: {escape(listed)}[/dim]", "", "", "", "", "")
    console.print(table)
    counts = ", ".join(f"{fmt.STATUS_SYMBOLS[k]} {fmt.status(k, lang)} {n}" for k, n in view["summary"].items() if n)
    for s in view["sentences"]:
        console.print(s)
    console.print(counts)
