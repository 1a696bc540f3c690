"""`xhht log`: the history of one figure through the commits that touched data/.

Each commit's data/**/*.csv files are read from git (`ls-tree` + `cat-file --batch`, every blob
parsed once), the figures of the indicator are keyed by (area, period) and consecutive commits
are compared. A file renamed or a figure moved to another file is therefore no event; only a
value that appears, changes or disappears is. Uncommitted changes in the working tree come last.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from xhht.gitrev import GitError, GitRepo
from xhht.numbers import parse_canonical
from xhht.textfiles import read_csv

SEP = "\x1f"


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
    d = parse_canonical(text)
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
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
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


def history(git: GitRepo, root: Path, indicator: str, area: str | None) -> list[Event]:
    data = git.path("data")
    try:
        log = str(git.git("log", "--reverse", "--format=%H" + SEP + "%aI" + SEP + "%an" + SEP + "%s",
                          "--", data))
    except GitError as exc:
        if "does not have any commits" in str(exc):
            log = ""
        else:
            raise
    commits = [line.split(SEP, 3) for line in log.splitlines() if line.count(SEP) == 3]
    trees: list[list[tuple[str, str]]] = []  # per commit: (blob, tracker-relative path)
    for commit, *_ in commits:
        listing = str(git.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", data))
        files = []
        for item in listing.split("\0"):
            if not item or "\t" not in item:
                continue
            info, path = item.split("\t", 1)
            mode, kind, blob = info.split()
            if kind == "blob" and mode in ("100644", "100755") and path.endswith(".csv"):
                rel = path[len(git.prefix) + 1:] if git.prefix else path
                files.append((blob, rel))
        trees.append(files)
    texts = _read_blobs(git, sorted({blob for files in trees for blob, _ in files}))
    events: list[Event] = []
    parsed: dict[tuple[str, str], Snapshot] = {}
    before: Snapshot = {}
    for (commit, date, author, subject), files in zip(commits, trees):
        after: Snapshot = {}
        for blob, rel in sorted(files, key=lambda f: f[1]):
            if (blob, rel) not in parsed:
                text = texts.get(blob)
                parsed[(blob, rel)] = parse_figures(text, rel, indicator, area) if text is not None else {}
            for key, entry in parsed[(blob, rel)].items():
                after.setdefault(key, entry)
        events += _changes(before, after, (commit, date, author, subject))
        before = after
    events += _changes(before, _worktree(root, indicator, area), ("worktree", "", "", ""))
    return events


def _worktree(root: Path, indicator: str, area: str | None) -> Snapshot:
    out: Snapshot = {}
    folder = root / "data"
    for path in sorted(folder.rglob("*.csv")) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for key, entry in parse_figures(text, path.relative_to(root).as_posix(), indicator, area).items():
            out.setdefault(key, entry)
    return out


def _read_blobs(git: GitRepo, blobs: list[str]) -> dict[str, str]:
    """The UTF-8 text of each blob (one `git cat-file --batch`); blobs that are not UTF-8 are left out."""
    import subprocess

    from xhht.gitrev import _env

    if not blobs:
        return {}
    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=git.top, input=("\n".join(blobs) + "\n").encode(),
                          capture_output=True, env=_env())
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or "git cat-file failed")
    out, data, pos = {}, proc.stdout, 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        parts = data[pos:end].decode().split()
        pos = end + 1
        if len(parts) != 3:
            continue  # "<sha> missing"
        sha, _, size = parts
        body = data[pos:pos + int(size)]
        pos += int(size) + 1
        try:
            out[sha] = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return out


# ---------------------------------------------------------------- output

WORDS = {
    "vi": {"title": "Lịch sử số liệu", "none": "Chưa có số liệu nào của chỉ tiêu này trong lịch sử git.",
           "worktree": "chưa commit", "date": "Ngày", "commit": "Commit", "author": "Người sửa", "area": "Địa bàn",
           "period": "Năm", "change": "Cũ → mới", "file": "Tệp", "subject": "Nội dung commit"},
    "en": {"title": "History of the figures", "none": "No figure of this indicator in the git history.",
           "worktree": "uncommitted", "date": "Date", "commit": "Commit", "author": "Author", "area": "Area",
           "period": "Year", "change": "Old → new", "file": "File", "subject": "Commit message"},
}


def event_dict(e: Event) -> dict:
    where = e.new or e.old
    return {"commit": e.commit, "date": e.date or None, "author": e.author or None, "subject": e.subject or None,
            "area": e.area, "period": int(e.period) if e.period.isdigit() else e.period,
            "old": _json_value(e.old), "new": _json_value(e.new), "file": where.file, "line": where.line}


def _json_value(entry: Entry | None):
    if entry is None:
        return None
    text = entry.shown
    d = parse_canonical(text)
    return d if d is not None else text


def history_json(indicator: str, area: str | None, events: list[Event]) -> str:
    from xhht.render import to_json

    return to_json({"indicator": indicator, "area": area, "changes": [event_dict(e) for e in events]}) + "\n"


def history_text(indicator: str, name: str | None, area: str | None, events: list[Event], lang: str) -> str:
    w = WORDS[lang]
    head = f"{w['title']}: {indicator}" + (f" ({name})" if name else "") + (f", {w['area']} {area}" if area else "")
    if not events:
        return head + "\n" + w["none"] + "\n"
    header = [w["date"], w["commit"], w["author"], w["area"], w["period"], w["change"], w["file"], w["subject"]]
    rows = [header]
    for e in events:
        where = e.new or e.old
        rows.append([e.date[:10] if e.date else "—", e.commit[:7] if e.commit != "worktree" else w["worktree"],
                     e.author or "—", e.area, e.period,
                     f"{e.old.shown if e.old else '—'} → {e.new.shown if e.new else '—'}",
                     f"{where.file}:{where.line}", e.subject])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r[:-1])) + "  " + r[-1] for r in rows]
    return head + "\n" + "\n".join(line.rstrip() for line in lines) + "\n"
