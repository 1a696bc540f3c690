"""What a change does (docs/commands.md (xhht diff)): figures added, changed and removed between two loaded
repositories, and the verdicts whose status changed, each plan judged over its default period.

    diff_repos(old, new) -> Diff        pure: two `Repo`s in, data out
    diff_json(diff) / diff_markdown(diff, lang)

Figures are matched by (indicator, area, period), so a figure moved to another file, or a
renamed file, is no change unless its value changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xhht.present import fmt
from xhht.judge.compare import compare
from xhht.judge.period import default_period
from xhht.judge.results import Result
from xhht.base.kinds import Status
from xhht.model.records import Figure, Plan
from xhht.gitio.revisions import WORKTREE
from xhht.repo import Repo

GOOD = (Status.EXCEEDED, Status.MET, Status.ON_TRACK)  # statuses a reviewer reads as "fine"


@dataclass(frozen=True)
class FigureChange:
    change: str  # added | changed | removed
    indicator: str
    area: str
    period: int
    old: Figure | None
    new: Figure | None
    unit: str | None  # the indicator's unit, when a plan defines it


@dataclass(frozen=True)
class VerdictChange:
    plan: str
    plan_title: str
    indicator: str
    name: str
    area: str
    year: int
    scope: str | None
    kind: str
    old: str | None  # None: not judged at that revision (a new plan or target)
    new: str | None
    old_period: tuple[int, int] | None
    new_period: tuple[int, int] | None


@dataclass
class Diff:
    old_rev: str
    new_rev: str
    figures: list[FigureChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    area_names: dict[str, str] = field(default_factory=dict)
    old_commit: str | None = None  # the commit ids the revisions name (None: the working tree)
    new_commit: str | None = None


def _same(a: Figure, b: Figure) -> bool:
    return (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)


def diff_figures(old: Repo, new: Repo) -> list[FigureChange]:
    out = []
    units = {**{k: v.unit for k, v in old.catalogue.items()}, **{k: v.unit for k, v in new.catalogue.items()}}
    # rows of the same texts are the same figure: no Figure made for them (a million, nationally)
    row_a, row_b = old.figures.row, new.figures.row
    for key in sorted(old.figures.keys() | new.figures.keys()):
        ra, rb = row_a(key), row_b(key)
        if ra is not None and rb is not None and ra[2:5] == rb[2:5]:
            continue
        a, b = old.figures.get(key), new.figures.get(key)
        if a is None:
            change = "added"
        elif b is None:
            change = "removed"
        elif not _same(a, b):
            change = "changed"
        else:
            continue
        out.append(FigureChange(change, key[0], key[1], key[2], a, b, units.get(key[0])))
    return out


def _results(repo: Repo) -> dict[tuple, tuple[Result, Plan, tuple[int, int]]]:
    out = {}
    for plan in repo.plans.values():
        period = default_period(plan, repo.values, repo.areas)  # the report's default (docs/commands.md#the-period)
        review = compare(plan, repo.values, repo.areas, period[0], period[1])
        for r in review.results:
            out[(plan.id, r.indicator.id, r.area, r.year, r.scope or "", r.kind)] = (r, plan, period)
    return out


def diff_verdicts(old: Repo, new: Repo) -> list[VerdictChange]:
    before, after = _results(old), _results(new)
    order = list(after) + [k for k in before if k not in after]
    out = []
    for key in order:
        a, b = before.get(key), after.get(key)
        old_status, new_status = (a[0].status if a else None), (b[0].status if b else None)
        if old_status == new_status:
            continue
        r, plan, _ = b or a
        out.append(VerdictChange(plan.id, plan.title, r.indicator.id, r.indicator.name, r.area, r.year, r.scope,
                                 r.kind, old_status, new_status, a[2] if a else None, b[2] if b else None))
    return out


def diff_repos(old: Repo, new: Repo, old_rev: str, new_rev: str, old_commit: str | None = None,
               new_commit: str | None = None) -> Diff:
    names = {code: a.name for code, a in old.areas.by_code.items()}
    names.update({code: a.name for code, a in new.areas.by_code.items()})
    return Diff(old_rev, new_rev, diff_figures(old, new), diff_verdicts(old, new), names, old_commit, new_commit)


# ---------------------------------------------------------------- JSON (docs/commands.md (xhht diff))


def _value(f: Figure | None) -> Decimal | str | None:
    return f.value if f is not None else None


def figure_dict(c: FigureChange) -> dict:
    where = c.new if c.new is not None else c.old
    d = {"change": c.change, "indicator": c.indicator, "area": c.area, "period": c.period,
         "old": _value(c.old), "new": _value(c.new), "file": where.loc.file, "line": where.loc.line}
    # extensions: the fraction behind a percent, and where the old figure was
    for side, f in (("old", c.old), ("new", c.new)):
        d[f"{side}_numerator"] = f.numerator if f is not None else None
        d[f"{side}_denominator"] = f.denominator if f is not None else None
    if c.change == "changed":
        d["old_file"], d["old_line"] = c.old.loc.file, c.old.loc.line
    return d


def verdict_dict(v: VerdictChange) -> dict:
    d = {"plan": v.plan, "indicator": v.indicator, "area": v.area, "year": v.year, "scope": v.scope,
         "old": v.old, "new": v.new}
    d["kind"] = v.kind  # extensions
    d["old_period"] = _period_dict(v.old_period)
    d["new_period"] = _period_dict(v.new_period)
    return d


def _period_dict(p: tuple[int, int] | None) -> dict | None:
    return {"start": p[0], "end": p[1]} if p else None


def diff_json(diff: Diff) -> str:
    from xhht.present.review_json import to_json

    return to_json({"from": diff.old_rev, "to": diff.new_rev,
                    "figures": [figure_dict(c) for c in diff.figures],
                    "verdicts": [verdict_dict(v) for v in diff.verdicts],
                    "from_commit": diff.old_commit, "to_commit": diff.new_commit}) + "\n"


# ---------------------------------------------------------------- Markdown for a pull request

WORDS = {
    "vi": {
        "title": "Thay đổi số liệu và đánh giá", "figures": "Số liệu", "verdicts": "Đánh giá thay đổi",
        "worktree": "các tệp hiện tại (chưa commit)",
        "none": "Không có số liệu nào được thêm, sửa hay xoá.",
        "no_verdicts": "Không có đánh giá chỉ tiêu nào thay đổi.",
        "change": "Thay đổi", "indicator": "Chỉ tiêu", "area": "Địa bàn", "period": "Năm",
        "old": "Trước", "new": "Sau", "file": "Tệp", "year": "Năm chỉ tiêu", "plan_period": "giai đoạn",
        "added": "thêm", "changed": "sửa", "removed": "xoá", "not_judged": "(chưa đánh giá)",
        "to_good": "{n} chỉ tiêu chuyển sang đạt, vượt hoặc đúng tiến độ",
        "to_bad": "{n} chỉ tiêu chuyển sang chưa đạt, chậm tiến độ hoặc chưa có số liệu",
        "other": "{n} thay đổi đánh giá khác",
        "counts": "{added} thêm, {changed} sửa, {removed} xoá",
        "count": "số đơn vị {level} đạt", "share": "tỷ lệ đơn vị {level} đạt",
    },
    "en": {
        "title": "Changes to figures and verdicts", "figures": "Figures", "verdicts": "Verdicts that changed",
        "worktree": "the files as they are (not committed)",
        "none": "No figure was added, changed or removed.",
        "no_verdicts": "No verdict changed.",
        "change": "Change", "indicator": "Indicator", "area": "Area", "period": "Year",
        "old": "Before", "new": "After", "file": "File", "year": "Target year", "plan_period": "period",
        "added": "added", "changed": "changed", "removed": "removed", "not_judged": "(not judged)",
        "to_good": "{n} target(s) now met, exceeded or on track",
        "to_bad": "{n} target(s) now missed, off track or without data",
        "other": "{n} other verdict change(s)",
        "counts": "{added} added, {changed} changed, {removed} removed",
        "count": "number of {level} units meeting it", "share": "share of {level} units meeting it",
    },
}

def md(text: object) -> str:
    """Text from files as literal Markdown text (never markup), on one line."""
    from xhht.base.safetext import for_markdown_line

    return for_markdown_line(text)


def code(text: object) -> str:
    """Text from files as inline code: no backtick can end it, no pipe can split a table cell, and
    what nobody can see (a control character, a bidi override) is named (`<U+202E>`)."""
    from xhht.base.safetext import for_terminal_line

    s = for_terminal_line(" ".join(str(text).split())).replace("`", "'").replace("|", "\\|")
    return f"`{s}`"


def _figure_text(f: Figure | None, unit: str | None, lang: str) -> str:
    if f is None:
        return "—"
    if f.value is None:
        v = f"{fmt.number(f.numerator, lang)}/{fmt.number(f.denominator, lang)}"
    else:
        v = fmt.value(f.value, unit, lang) if unit else str(f.value)
        if f.numerator is not None and f.denominator is not None:
            v += f" ({fmt.number(f.numerator, lang)}/{fmt.number(f.denominator, lang)})"
    return v


def _status_text(s: str | None, lang: str, w: dict) -> str:
    return f"{fmt.STATUS_SYMBOLS.get(s, '')} {fmt.STATUS_WORDS[lang].get(s, s)}".strip() if s else w["not_judged"]


def diff_markdown(diff: Diff, lang: str = "vi") -> str:
    w = WORDS[lang]
    def rev(name: str, commit: str | None) -> str:
        if name == WORKTREE:  # the files as they are now, not a revision of git
            return w["worktree"]
        return code(name) + (f" ({code(commit[:7])})" if commit and not commit.startswith(name) else "")

    lines = [f"## {w['title']}: {rev(diff.old_rev, diff.old_commit)} → {rev(diff.new_rev, diff.new_commit)}", ""]
    good = sum(1 for v in diff.verdicts if v.new in GOOD and v.old not in GOOD)
    bad = sum(1 for v in diff.verdicts if v.old in GOOD and v.new not in GOOD and v.new is not None)
    other = len(diff.verdicts) - good - bad
    summary = [w[k].format(n=n) for k, n in (("to_good", good), ("to_bad", bad), ("other", other)) if n]
    if summary:
        lines += ["**" + "; ".join(summary) + ".**", ""]
    name = diff.area_names.get

    lines += [f"### {w['verdicts']}", ""]
    if not diff.verdicts:
        lines += [w["no_verdicts"], ""]
    plan_id = None
    for i, v in enumerate(diff.verdicts):
        if v.plan != plan_id:
            plan_id = v.plan
            period = v.new_period or v.old_period
            lines += [f"**{md(v.plan)}** — {md(v.plan_title)} ({w['plan_period']} {period[0]}–{period[1]})", "",
                      f"| {w['indicator']} | {w['area']} | {w['year']} | {w['old']} | {w['new']} |",
                      "| --- | --- | --- | --- | --- |"]
        label = md(v.name)
        if v.scope:
            level = fmt.WORDS[lang]["level_names"].get(v.scope, v.scope)
            label += " — " + w.get(v.kind, "{level}").format(level=level)
        lines.append(f"| {label} {code(v.indicator)} | {md(name(v.area, v.area) or '—')} | {v.year} "
                     f"| {_status_text(v.old, lang, w)} | {_status_text(v.new, lang, w)} |")
        if i + 1 == len(diff.verdicts) or diff.verdicts[i + 1].plan != v.plan:
            lines.append("")

    counts = {k: sum(1 for c in diff.figures if c.change == k) for k in ("added", "changed", "removed")}
    lines += [f"### {w['figures']} ({w['counts'].format(**counts)})", ""]
    if not diff.figures:
        lines += [w["none"], ""]
    else:
        lines += [f"| {w['change']} | {w['indicator']} | {w['area']} | {w['period']} | {w['old']} | {w['new']} "
                  f"| {w['file']} |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for c in diff.figures:
            where = (c.new or c.old).loc
            lines.append(f"| {w[c.change]} | {code(c.indicator)} | {md(name(c.area, c.area))} ({md(c.area)}) "
                         f"| {c.period} | {md(_figure_text(c.old, c.unit, lang))} "
                         f"| {md(_figure_text(c.new, c.unit, lang))} | {code(f'{where.file}:{where.line}')} |")
        lines.append("")
    return "\n".join(lines)

