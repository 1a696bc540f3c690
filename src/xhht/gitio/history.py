"""`xhht log`: the history of one figure through the commits that touched data/.

Each commit's data/**/*.csv files are read from git (`ls-tree` + `cat-file`: every blob sized
first, one over safe_io.MAX_BYTES never read but reported, the others parsed once, one at a time),
the figures of the indicator are keyed by (area, period) and consecutive commits are compared. A
file renamed or a figure moved to another file is therefore no event; only a value that appears,
changes or disappears is. Uncommitted changes in the working tree come last, read like every
input of every command (safe_io: inside the repository, regular files, bounded, UTF-8): what
cannot be read is a problem, never skipped. Authors, subjects and cells are data: shown on one
line, every invisible character named (safetext.for_terminal_line).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from xhht.gitio.revisions import GitError, GitRepo, iter_blobs, ls_tree
from xhht.base.numbers import NumberError, parse_canonical
from xhht.base.safetext import for_terminal_line
from xhht.load.safe_io import MAX_BYTES, list_files, read_file
from xhht.load.textfiles import read_csv
from xhht.problems import Loc, Problem


@dataclass(frozen=True)
class Entry:
    value: str  # as written ("" when only numerator/denominator)
    numerator: str
    denominator: str
    file: str
    line: int

    @property
    def shown(self) -> str:
        if self.value:
            return self.value
        return f"{self.numerator}/{self.denominator}" if self.numerator or self.denominator else ""

    def same(self, other: Entry) -> bool:
        return all(_num(a) == _num(b) for a, b in ((self.value, other.value), (self.numerator, other.numerator),
                                                   (self.denominator, other.denominator)))


def _num(text: str) -> Decimal | str:
    """A cell as a number when it is a canonical one within the bounds, else its text (a cell of
    any commit may hold anything: `1e999999999`, 45 digits)."""
    try:
        d = parse_canonical(text)
    except NumberError:
        return text
    return d if d is not None else text


@dataclass(frozen=True)
class Event:
    commit: str  # full id, or "worktree"
    date: str  # ISO 8601 author date ("" for the working tree)
    author: str
    subject: str
    area: str
    period: str
    old: Entry | None
    new: Entry | None


Snapshot = dict[tuple[str, str], Entry]


def parse_figures(text: str, file: str, indicator: str, area: str | None) -> Snapshot:
    """The figures of `indicator` (and `area`) in one CSV text, by (area, period); the first wins."""
    header, rows, _ = read_csv(text, file)
    if header is None:
        return {}
    cols = {name: i for i, name in reversed(list(enumerate(header)))}
    if "indicator" not in cols or "area" not in cols or "period" not in cols:
        return {}

    def get(row, name: str) -> str:
        i = cols.get(name)
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    out: Snapshot = {}
    for row in rows:
        if get(row, "indicator") != indicator or (area is not None and get(row, "area") != area):
            continue
        key = (get(row, "area"), get(row, "period"))
        out.setdefault(key, Entry(get(row, "value"), get(row, "numerator"), get(row, "denominator"), file,
                                  row.line))
    return out


def _changes(before: Snapshot, after: Snapshot, meta: tuple[str, str, str, str]) -> list[Event]:
    out = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[1], k[0])):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.same(b):
            continue
        out.append(Event(*meta, key[0], key[1], a, b))
    return out


def history(git: GitRepo, root: Path, indicator: str, area: str | None) -> tuple[list[Event], list[Problem]]:
    """Every change to the figures of `indicator` (and `area`), oldest first; and the problems of
    the files that could not be read (in a commit, at `COMMIT:PATH`; in the working tree, at
    their path).

    Each commit that touched data/ is compared with its parent (the nearest one that touched
    data/, as `git log --parents` rewrites it), so work on parallel branches is not mistaken for
    changes back and forth; a merge reports only what differs from all of its parents (a
    conflict resolved by hand). The working tree is compared with HEAD last."""
    try:  # records and fields end with NUL, which no author, subject or id can hold
        log = str(git.git("log", "-z", "--reverse", "--topo-order", "--parents",
                          "--format=%H %P%x00%aI%x00%an%x00%s", "--", git.path("data")))
        head = git.resolve("HEAD")
    except GitError as exc:
        if "does not have any commits" not in exc.en and "is not a revision" not in exc.en:
            raise
        log, head = "", None
    trees: dict[str, list[tuple[str, str]]] = {}
    parsed: dict[str, Snapshot | int] = {}  # blob -> its figures (file ""), or its size when too large
    snaps: dict[str, Snapshot] = {}
    problems: dict[str, Problem] = {}  # a blob not read, said once (at the first commit that has it)

    def load(commits: list[str]) -> None:
        for c in commits:
            if c not in trees:
                trees[c] = [(blob, rel) for blob, rel in ls_tree(git, c, ("data",)) if rel.endswith(".csv")]
        wanted = sorted({blob for c in commits for blob, _ in trees[c]} - parsed.keys())
        for blob, body, size in iter_blobs(git, wanted):
            text = _text(body) if body is not None else None
            parsed[blob] = size if body is None else parse_figures(text, "", indicator, area) if text else {}

    def snapshot(commit: str) -> Snapshot:
        if commit not in snaps:
            load([commit])
            snap: Snapshot = {}
            for blob, rel in sorted(trees[commit], key=lambda f: f[1]):
                found = parsed.get(blob, {})
                if isinstance(found, int):
                    problems.setdefault(blob, Loc(f"{commit[:7]}:{rel}").problem("too-large", size=found,
                                                                                  limit=MAX_BYTES))
                    continue
                for key, entry in found.items():
                    snap.setdefault(key, replace(entry, file=rel))
            snaps[commit] = snap
        return snaps[commit]

    fields = log.split("\0")
    rows = []
    for i in range(0, len(fields) - 3, 4):
        ids, date, author, subject = fields[i:i + 4]
        if ids.split():
            commit, *parents = ids.split()
            rows.append((commit, parents, date, author, subject))
    load([r[0] for r in rows])  # every blob in one batch
    events: list[Event] = []
    for commit, parents, date, author, subject in rows:
        meta = (commit, date, author, subject)
        after = snapshot(commit)
        if len(parents) <= 1:
            events += _changes(snapshot(parents[0]) if parents else {}, after, meta)
        else:
            others = [snapshot(p) for p in parents]
            changed = [e for e in _changes(others[0], after, meta)
                       if all(_differs(o.get((e.area, e.period)), after.get((e.area, e.period))) for o in others)]
            events += changed
    worktree, unread = _worktree(root, indicator, area)
    events += _changes(snapshot(head) if head else {}, worktree, ("worktree", "", "", ""))
    return events, sorted(problems.values()) + unread


def _text(body: bytes) -> str | None:
    """A blob's text as a data file's is read (safe_io.decode: UTF-8, line breaks, controls, NFC),
    or None when it is not UTF-8 (then it holds no figure for the history)."""
    from xhht.load.safe_io import decode

    return decode(body, "")[0]


def _differs(a: Entry | None, b: Entry | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return not a.same(b)


def _worktree(root: Path, indicator: str, area: str | None) -> tuple[Snapshot, list[Problem]]:
    """The figures of the working tree's data files, read as every command reads them (safe_io),
    and the problems of those that could not be read."""
    out: Snapshot = {}
    files, problems = list_files(root, "data", (".csv",), recursive=True)
    for file in files:
        text, found = read_file(root, file)
        problems += [p for p in found if p.code != "bad-character"]  # a bad character is read as a space
        if text is None:
            continue
        for key, entry in parse_figures(text, file, indicator, area).items():
            out.setdefault(key, entry)
    return out, problems


# ---------------------------------------------------------------- output

WORDS = {
    "vi": {"title": "Lịch sử số liệu", "none": "Chưa có số liệu nào của chỉ tiêu này trong lịch sử git.",
           "worktree": "chưa commit", "date": "Ngày", "commit": "Phiên bản", "author": "Người sửa", "area": "Địa bàn",
           "period": "Năm", "change": "Cũ → mới", "file": "Tệp", "subject": "Ghi chú thay đổi"},
    "en": {"title": "History of the figures", "none": "No figure of this indicator in the git history.",
           "worktree": "uncommitted", "date": "Date", "commit": "Commit", "author": "Author", "area": "Area",
           "period": "Year", "change": "Old → new", "file": "File", "subject": "Commit message"},
}


def event_dict(e: Event) -> dict:
    where = e.new or e.old
    return {"commit": e.commit, "date": e.date or None, "author": e.author or None, "subject": e.subject or None,
            "area": e.area, "period": int(e.period) if e.period.isascii() and e.period.isdigit() and len(e.period) < 10
            else e.period,
            "old": _json_value(e.old), "new": _json_value(e.new), "file": where.file, "line": where.line}


def _json_value(entry: Entry | None):
    if entry is None:
        return None
    return _num(entry.shown)


def history_json(indicator: str, area: str | None, events: list[Event]) -> str:
    from xhht.present.review_json import to_json

    return to_json({"indicator": indicator, "area": area, "changes": [event_dict(e) for e in events]}) + "\n"


def shown(entry: Entry | None, unit: str | None, lang: str) -> str:
    """A cell of a commit as the reports write it (1.833; 85%; đạt chuẩn), when it is a value of the
    indicator's unit; else as it is written (a cell of any commit may hold anything)."""
    if entry is None:
        return "—"
    if unit is None:
        return entry.shown
    from xhht.base.units import unit_of
    from xhht.present import fmt

    u = unit_of(unit)
    if not entry.value:  # numerator/denominator
        parts = [_num(x) for x in (entry.numerator, entry.denominator)]
        return "/".join(fmt.number(x, lang) if isinstance(x, Decimal) else x for x in parts) if entry.shown else ""
    v = _num(entry.value)
    if u.numeric:
        return u.show(v, lang) if isinstance(v, Decimal) else entry.value
    choices = u.choices(None)
    return u.show(entry.value, lang) if choices is None or entry.value in choices else entry.value


def history_text(indicator: str, name: str | None, area: str | None, events: list[Event], lang: str,
                 unit: str | None = None) -> str:
    w = WORDS[lang]
    head = for_terminal_line(f"{w['title']}: {indicator}" + (f" ({name})" if name else "")
                             + (f", {w['area']} {area}" if area else ""))
    if not events:
        return head + "\n" + w["none"] + "\n"
    header = [w["date"], w["commit"], w["author"], w["area"], w["period"], w["change"], w["file"], w["subject"]]
    rows = [header]
    for e in events:  # authors, subjects, paths and cells are data: one line each, nothing invisible
        where = e.new or e.old
        rows.append([e.date[:10] if e.date else "—", e.commit[:7] if e.commit != "worktree" else w["worktree"]]
                    + [for_terminal_line(x) for x in (e.author or "—", e.area, e.period,
                                                      f"{shown(e.old, unit, lang)} → {shown(e.new, unit, lang)}",
                                                      f"{where.file}:{where.line}", e.subject)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r[:-1])) + "  " + r[-1] for r in rows]
    return head + "\n" + "\n".join(line.rstrip() for line in lines) + "\n"
