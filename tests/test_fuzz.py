"""Property-based fuzzing of the installed `xhht` (issues 9 and 21): SYNTHETIC plans, areas and
figures are generated, mutated (bytes and structure), and every command must end with exit 0, 1 or
2, without a traceback, within a time bound, and without changing any file of the repository.
Issue 21 adds four hunts:

- `import` of forms made by `xhht form`, filled with hostile cells, then mutated as a zip (entries
  dropped, doubled, renamed, a dense entry added, the bytes of the file) and as XML (bytes and
  XML-specific payloads: a stray `<`, entities, a DTD, NaN, `0x10`, out-of-range styles...): the
  repository changes only when import exits 0, and then `check` accepts what it wrote;
- `log` and `diff` over histories of hostile commits (authors and subjects with terminal escapes,
  bidi overrides, workflow commands; commit objects git itself would refuse to make; mutated data
  files under hostile names): no control character, no line starting with `::` in any output;
- file names (newlines, control characters, bidi, 200 characters): `check` prints one line per
  problem (counted against its JSON), and `--format github` only workflow commands of its own;
- (fourth round) a report text file `reports/*.md`, a standard file and xhht.toml's `[report]`, made
  of hostile prose (Markdown, HTML, mentions, formulas, escapes written in YAML and TOML, lines that
  made patterns backtrack) and mutated: `check`, `report` (md, docx) and `evaluate -f xlsx` end
  cleanly and put no control character into any output, the XML of the .docx and .xlsx included.

By default the run is short and reproducible (a fixed seed, XHHT_FUZZ_EXAMPLES=10 examples per
hunt). For a longer hunt:

    XHHT_FUZZ_EXAMPLES=500 XHHT_FUZZ_SEED=random pytest tests/test_fuzz.py

With XHHT_FUZZ_TALLY=FILE every command run appends a line (hunt, command, exit code, seconds) to
FILE, for the tallies of docs/security.md. Shrinking a failing example (slow: every step runs
xhht several times) only with XHHT_FUZZ_SHRINK=1.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from conftest import TEST_CACHE, xhht_exe

EXAMPLES = int(os.environ.get("XHHT_FUZZ_EXAMPLES", "10"))
SEED = os.environ.get("XHHT_FUZZ_SEED", "20260909")
TIME_BOUND = 60  # seconds for one command on a tiny repository: a hang fails the test

# Text that has broken, or could break, a tool like this one.
NASTY = ["[/]", "[bold]x", "[link=http://x]y[/link]", ":new:", "\x1b[31mred", "\x07", "\x00", "\u0085", "\u2028",
         "\u2029", "\r", "\u200b", "\u202e", "\ufeff", "# heading", "a|b", "<script>x</script>", "{{ 7*7 }}",
         "{% for %}", "1e999999999", "-0", "-0.0", "８５", "٨٥", "71,4", "1.234,5", "9" * 45, "0." + "1" * 45,
         "1e-30", "NaN", "Infinity", ";", "\t", '"', '""', ",", "&a [1]", "*a", "!!python/object:os.system",
         "<<: {a: 1}", "[" * 60, "{" * 60, "2022", "Khá", "increase", ">= 95", "≤ 2", "..", "/etc/passwd"]
UNITS = ["percent", "count", "level", "rating", "yes-no"]
IDS = ["ti-le", "so-luong", "xep-loai", "co-khong", "muc-do"]
CODES = ["90", "901", "902", "90101", "90102", "VN", "99"]
LEVELS = ["quocgia", "tinh", "huyen", "xa", "thon"]

text = st.one_of(st.sampled_from(NASTY), st.text(max_size=8),
                 st.sampled_from(["Tỷ lệ", "Số lượng", "Xã Phú Mỹ", "Huyện Một"]))
number = st.one_of(st.integers(-5, 10**6).map(str), st.sampled_from(NASTY[19:33]),
                   st.decimals(min_value=-1, max_value=10**6, places=2, allow_nan=False).map(str))
year = st.integers(2010, 2030)


@st.composite
def plan_text(draw) -> str:
    indicators = []
    for ind_id in draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=4)):
        unit = draw(st.sampled_from(UNITS))
        ind = {"id": ind_id, "name": draw(text), "unit": unit,
               "targets": {draw(year): draw(st.one_of(number, st.sampled_from([">= 95", "increase", "Khá", "yes"])))
                           for _ in range(draw(st.integers(0, 3)))}}
        if unit in ("level", "rating") or draw(st.booleans()):
            ind["levels"] = draw(st.lists(st.one_of(text, st.sampled_from(["Khá", "Tốt", "1", "2"])), max_size=4))
        if draw(st.booleans()):
            ind["subunits"] = [{"level": draw(st.sampled_from(LEVELS)), "meeting": draw(number),
                                "count": {draw(year): draw(number)}}]
        indicators.append(ind)
    plan = {"id": draw(st.sampled_from(["demo", "Demo", "kh-1"])), "title": draw(text),
            "document": {"number": draw(text), "issuer": draw(text), "date": "2020-01-01"},
            "area": draw(st.sampled_from(CODES)), "period": draw(st.sampled_from(["2020-2025", "2015", "x"])),
            "groups": [{"code": draw(st.sampled_from(["a", "1", "[/]"])), "title": draw(text),
                        "indicators": indicators}]}
    if draw(st.booleans()):
        plan["parent"] = draw(st.sampled_from(["demo", "other"]))
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def areas_text(draw) -> str:
    rows = [["code", "name", "level", "parent"]]
    for code in draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=7)):
        rows.append([code, draw(text), draw(st.sampled_from(LEVELS)), draw(st.sampled_from(CODES + [""]))])
    return _csv(rows)


@st.composite
def data_text(draw) -> str:
    header = ["indicator", "area", "period", "value", "numerator", "denominator", "source", "note"]
    if draw(st.integers(0, 5)) == 0:
        header = draw(st.permutations(header))
    rows = [header]
    for _ in range(draw(st.integers(0, 8))):
        row = {"indicator": draw(st.one_of(st.sampled_from(IDS), text)), "area": draw(st.sampled_from(CODES)),
               "period": draw(st.one_of(year.map(str), text)), "value": draw(st.one_of(number, text, st.just(""))),
               "numerator": draw(st.one_of(st.just(""), number)), "denominator": draw(st.one_of(st.just(""), number)),
               "source": "synthetic", "note": draw(text)}
        rows.append([row[h] for h in header])
    return _csv(rows)


mutation = st.tuples(st.sampled_from(["plan", "areas", "data"]),
                     st.sampled_from(["insert", "delete", "replace", "truncate", "duplicate-line"]),
                     st.floats(0, 1), st.one_of(st.sampled_from([s.encode() for s in NASTY]), st.binary(max_size=6)))


def mutate(data: bytes, op: str, where: float, payload: bytes) -> bytes:
    i = int(where * len(data))
    if op == "insert":
        return data[:i] + payload + data[i:]
    if op == "delete":
        return data[:i] + data[i + len(payload) + 1:]
    if op == "replace":
        return data[:i] + payload + data[i + len(payload):]
    if op == "truncate":
        return data[:i]
    lines = data.split(b"\n")
    k = int(where * (len(lines) - 1))
    return b"\n".join(lines[:k + 1] + lines[k:])


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file but xhht's own cache in .xhht/ (tests/test_cache.py), which xhht may write; a
    link as where it points (never followed)."""
    def state(p: Path) -> tuple[bytes, int]:
        if p.is_symlink():
            return os.readlink(p).encode(), p.lstat().st_mode
        return (p.read_bytes() if p.is_file() else b""), p.stat().st_mode

    return {str(p.relative_to(root)): state(p) for p in sorted(root.rglob("*"))
            if p.relative_to(root).parts[0] != ".xhht"}


COMMANDS = [("check",), ("check", "-f", "json"), ("check", "-f", "github"), ("report",), ("report", "-f", "html"), ("report", "-f", "json"),
            ("status",)]


ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "120", "GIT_CONFIG_NOSYSTEM": "1",
       "HOME": "/nonexistent",
       "XDG_CACHE_HOME": TEST_CACHE}


def xhht(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([xhht_exe(), *args], cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(hunt: str, args: tuple[str, ...], proc: subprocess.Popen, started: float | None = None
           ) -> tuple[int, str, str]:
    """Wait for one run of xhht: exit 0, 1 or 2, no traceback, within TIME_BOUND; (code, out, err)."""
    started = time.monotonic() if started is None else started
    try:
        out, err = proc.communicate(timeout=TIME_BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"xhht {' '.join(args)} ran longer than {TIME_BOUND} s") from None
    tally(hunt, args, proc.returncode, time.monotonic() - started)
    stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    text = stdout + stderr
    assert proc.returncode in (0, 1, 2), (args, proc.returncode, text[-2000:])
    assert "Traceback" not in text and "internal error" not in text and "lỗi nội bộ" not in text, (args, text[-2000:])
    return proc.returncode, stdout, stderr


def tally(hunt: str, args: tuple[str, ...], code: int, seconds: float) -> None:
    """With XHHT_FUZZ_TALLY=FILE: one JSON line per command run, for the campaign's tallies."""
    path = os.environ.get("XHHT_FUZZ_TALLY")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"hunt": hunt, "args": list(args), "rc": code, "seconds": round(seconds, 3)}) + "\n")


def _settings(f):
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("XHHT_FUZZ_SHRINK") else [])
    f = settings(max_examples=EXAMPLES, deadline=None, derandomize=SEED != "random", database=None,
                 phases=phases, suppress_health_check=list(HealthCheck))(f)
    return seed(int(SEED))(f) if SEED != "random" else f


@_settings
@given(plan=plan_text(), areas=st.one_of(st.none(), areas_text()), data=data_text(),
       mutations=st.lists(mutation, max_size=3))
def test_fuzz_every_command_ends_cleanly_and_changes_nothing(plan, areas, data, mutations):
    files = {"plan": plan.encode(), "areas": areas.encode() if areas is not None else None, "data": data.encode()}
    for target, op, where, payload in mutations:
        if files[target] is not None:
            files[target] = mutate(files[target], op, where, payload)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        (root / "plans").mkdir(parents=True)
        (root / "data").mkdir()
        (root / "plans" / "demo.yaml").write_bytes(files["plan"])
        if files["areas"] is not None:
            (root / "areas.csv").write_bytes(files["areas"])
        (root / "data" / "d.csv").write_bytes(files["data"])
        before = snapshot(root)
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "120"}
        started = time.monotonic()
        procs = [(args, subprocess.Popen([xhht_exe(), *args], cwd=root, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)) for args in COMMANDS]
        out_file = Path(tmp) / "out" / "r.html"
        out_file.parent.mkdir()
        procs.append((("report", "-o"), subprocess.Popen([xhht_exe(), "report", "-f", "html", "-o", str(out_file)],
                                                         cwd=root, env=env, stdout=subprocess.PIPE,
                                                         stderr=subprocess.PIPE)))
        for args, proc in procs:
            finish("repository", args, proc, started)
        assert time.monotonic() - started < TIME_BOUND * 2
        assert snapshot(root) == before
        assert sorted(p.name for p in out_file.parent.iterdir()) in ([], ["r.html"])


# ---------------------------------------------------------------- issue 21: import of mutated forms

# What breaks an XML part or a workbook's reader (besides NASTY): expat's errors, entities and a DTD,
# numbers openpyxl cannot read, references and styles out of range, values of no enum.
XML_NASTY = [b"<", b">", b"&", b"&nope;", b"&#0;", b"&#x1b;", b"]]>", b"<!--", b"<?x?>", b'"', b"'",
             b'<!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
             b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"NaN", b"0x10", b"1e999999999", b"-0",
             b"inf", b' s="999999"', b' s="-1"', b' t="e"', b' t="n"', b' t="b"', b' t="d"', b' t="str"',
             b' t="zz"', b"<f>1/0</f>", b"<v>", b"</c>", b"</row>", b' r="XFD1048576"', b' r="A0"', b' r="!"',
             b' min="0"', b' max="99999"', b' state="melted"', b' sheetId="0"', b' xmlns="urn:x"', b"<x:y/>",
             b'<c r="A99999"><v>1</v></c>', b"=cmd|' /C calc'!A0", "Số liệu".encode(), b"\xef\xbb\xbf",
             b"\xff\xfe", b"\x00", b"\x1b[2J", "\u202e".encode(), b"x" * 5000]
CELL = st.one_of(st.integers(-10, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                 st.sampled_from(NASTY), st.text(max_size=12), st.none(), st.booleans(),
                 st.sampled_from(["71,4", "71,4%", "396.953", "1.234", "Khá", "có", "=1+1", "@SUM(A1)"]))

zip_change = st.one_of(
    st.tuples(st.just("part"), st.integers(0, 30), st.sampled_from(["insert", "delete", "replace", "truncate",
                                                                     "duplicate-line"]),
              st.floats(0, 1), st.one_of(st.sampled_from(XML_NASTY), st.binary(max_size=6))),
    st.tuples(st.sampled_from(["drop", "double", "rename"]), st.integers(0, 30)),
    st.tuples(st.just("dense"), st.integers(1, 3)),
    st.tuples(st.just("bytes"), st.sampled_from(["insert", "delete", "replace", "truncate"]), st.floats(0, 1),
              st.binary(min_size=1, max_size=8)),
)


_FORMS: dict[str, bytes] = {}


def _form(root: Path, out: Path) -> bytes:
    """A real form of the synthetic repository at `root` (always the same one), made by `xhht form`
    once per session."""
    if "form" not in _FORMS:
        code, _, err = finish("import", ("form",), xhht("form", "demo", "--year", "2022", "-o", str(out), cwd=root))
        assert code == 0, err
        _FORMS["form"] = out.read_bytes()
    return _FORMS["form"]


def _filled(form: bytes, cells: list) -> bytes:
    """The form with its input cells (value, numerator, denominator, source, note) filled in order."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = load_workbook(io.BytesIO(form))
    ws = wb["Số liệu"]
    places = [(r, c) for r in range(3, ws.max_row + 1) for c in (4, 5, 6, 7, 8)]
    for (r, c), value in zip(places, cells):
        try:
            ws.cell(row=r, column=c).value = value
        except (ValueError, IllegalCharacterError):  # control characters in a cell: refused, as Excel does
            ws.cell(row=r, column=c).value = repr(value)  # (the XML mutations put them in anyway)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, change: tuple) -> bytes:
    kind = change[0]
    if kind == "bytes":
        return mutate(data, *change[1:])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            entries = [(i.filename, src.read(i)) for i in src.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError, RuntimeError,
            __import__("zlib").error):
        return data  # an earlier change broke the zip: nothing to rezip
    if not entries:
        return data
    if kind == "dense":
        entries.append((f"xl/media/pad{change[1]}.bin", b"\0" * (change[1] * 1024 * 1024 + 1)))
    else:
        i = change[1] % len(entries)
        name, body = entries[i]
        if kind == "part":
            entries[i] = (name, mutate(body, *change[2:]))
        elif kind == "drop":
            del entries[i]
        elif kind == "double":
            entries.append((name, body))
        else:
            entries[i] = (name + ".x" if i % 2 else name.upper(), body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": a doubled entry is the point
        for name, body in entries:
            dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), body)
    return out.getvalue()


def _target(root: Path, outside: Path, kind: str | None) -> None:
    """What is already where the form's figures go (data/2022/bieu.csv): nothing, a link leading out,
    a dangling link, a file where the folder should be, or a data file with another header."""
    year = root / "data" / "2022"
    if kind == "link":
        year.symlink_to(outside)
    elif kind == "dangling":
        year.symlink_to(outside / "nowhere")
    elif kind == "file":
        year.write_text("x", encoding="utf-8")
    elif kind == "header":
        year.mkdir()
        (year / "bieu.csv").write_text("indicator,area,period,value\n", encoding="utf-8")


@_settings
@given(cells=st.lists(CELL, max_size=12), changes=st.lists(zip_change, max_size=3),
       target=st.sampled_from([None, None, "link", "dangling", "file", "header"]))
def test_fuzz_import_of_a_mutated_form(cells, changes, target):
    """A form made by `xhht form`, filled with hostile cells, mutated as a zip and as XML, into a
    repository whose data/2022 may be a link, a file or hold a foreign file: `import` ends with exit
    0, 1 or 2; nothing changes but with exit 0 (and never outside), and then `check` accepts it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _fuzz_repo(Path(tmp) / "repo")
        (Path(tmp) / "outside").mkdir()
        _target(root, Path(tmp) / "outside", target)
        data = _filled(_form(root, Path(tmp) / "form.xlsx"), cells)
        for change in changes:
            data = _rezip(data, change)
        path = Path(tmp) / "bieu.xlsx"
        path.write_bytes(data)
        before = snapshot(root)
        errors = _errors(root) if target is not None else set()  # what check already says of data/2022
        code, out, _ = finish("import", ("import",), xhht("import", str(path), cwd=root))
        assert "root:" not in out  # nothing of /etc/passwd
        assert list((Path(tmp) / "outside").iterdir()) == []
        after = snapshot(root)
        if code != 0:
            assert after == before
            return
        changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
        assert all(k.startswith("data/") for k in changed), changed
        assert _errors(root) <= errors  # what import accepts, check accepts


def _errors(root: Path) -> set[tuple[str, str, int]]:
    """(code, file, line) of every error `check` finds at `root`."""
    _, out, _ = finish("import", ("check", "-f", "json"), xhht("check", "--all", "-f", "json", cwd=root))
    return {(p["code"], p["file"], p["line"]) for p in json.loads(out) if p["severity"] == "error"}


def _fuzz_repo(root: Path) -> Path:
    """The synthetic repository of tests/conftest.py, checked clean."""
    from conftest import write_repo

    return write_repo(root)


# ---------------------------------------------------------------- issue 21: log and diff over hostile histories

HOSTILE_TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=10), st.sampled_from([
    "Kẻ Xấu \x1b]0;pwned\x07", "\x1b[2J\x1b[31mĐỎ", "Người\u202eThử", "::warning file=README.md,line=1::FORGED",
    "x\n::error::FORGED", "\u2028", "@octocat #123", "[/]", "<b>x</b>", "a" * 300]))
FILE_NAME = st.one_of(st.sampled_from(["d.csv", "x\n::warning file=a::FORGED\ny.csv", "\x1b[2J.csv", "\u202ecsv.exe.csv",
                                       "a\tb.csv", "[/].csv", "a" * 200 + ".csv", "-.csv", ".csv", "x\u2028y.csv"]),
                      st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                              min_size=1, max_size=12).map(lambda t: t + ".csv"))


def _git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    proc = subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@example.invalid", "-c",
                           "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args], cwd=cwd,
                          capture_output=True, env=ENV, input=input, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8", "replace").strip()


def _commit(root: Path, author: str, subject: str, when: int) -> None:
    """A commit object written by hand (`git hash-object --literally`): an author and a subject git
    itself would refuse to write (`<`, `>`, escapes) are in the history as a hostile client puts them."""
    _git(root, "add", "-A")
    tree = _git(root, "write-tree")
    parent = _git(root, "rev-parse", "--verify", "-q", "HEAD") if (root / ".git" / "refs" / "heads" / "main").exists() \
        else ""
    name = author.replace("\n", " ").replace("\x00", "")
    body = (f"tree {tree}\n" + (f"parent {parent}\n" if parent else "") + f"author {name} <a@x.invalid> {when} +0700\n"
            f"committer {name} <a@x.invalid> {when} +0700\n\n{subject.replace(chr(0), '')}\n").encode("utf-8",
                                                                                                 "surrogatepass")
    commit = _git(root, "hash-object", "-w", "-t", "commit", "--literally", "--stdin", input=body)
    _git(root, "update-ref", "refs/heads/main", commit)


@_settings
@given(history=st.lists(st.tuples(HOSTILE_TEXT, HOSTILE_TEXT, FILE_NAME, data_text(), st.lists(mutation, max_size=2)),
                        min_size=1, max_size=4),
       worktree=st.one_of(st.none(), data_text()))
def test_fuzz_log_and_diff_over_a_hostile_history(history, worktree):
    """Commits with hostile authors, subjects, file names and data: `log` and `diff` end with exit 0,
    1 or 2, print no control character and no line that starts a workflow command, and change no
    file of the working tree."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _fuzz_repo(Path(tmp) / "repo")
        _git(root, "init", "-q")
        _git(root, "symbolic-ref", "HEAD", "refs/heads/main")
        _commit(root, "Người Thử", "first figures", 1_700_000_000)
        for n, (author, subject, name, data, mutations) in enumerate(history):
            raw = data.encode()
            for _, op, where, payload in mutations:
                raw = mutate(raw, op, where, payload)
            try:
                (root / "data" / name).write_bytes(raw)
            except OSError:  # a name the file system refuses (too long in bytes)
                continue
            _commit(root, author, subject, 1_700_000_000 + 60 * (n + 1))
        if worktree is not None:
            (root / "data" / "d.csv").write_text(worktree, encoding="utf-8")
        before = snapshot(root)
        commands = [("log", "so-luong"), ("log", "ti-le", "-f", "json"), ("diff", "HEAD~1"),
                    ("diff", "HEAD~1", "HEAD", "-f", "json")]
        procs = [(args, xhht(*args, cwd=root)) for args in commands]
        for args, proc in procs:
            code, out, err = finish("history", args, proc)
            for text in (out, err):
                assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", text), (args, text[-2000:])
                assert not any(line.startswith("::") for line in text.splitlines()), (args, text[-2000:])
        assert {k: v for k, v in snapshot(root).items() if not k.startswith(".git")} == \
            {k: v for k, v in before.items() if not k.startswith(".git")}


# ---------------------------------------------------------------- issue 21: file names


@_settings
@given(names=st.lists(st.tuples(FILE_NAME, data_text()), min_size=1, max_size=4))
def test_fuzz_file_names_cannot_forge_a_line(names):
    """Data files under hostile names: `check` prints one line per problem (as many as its JSON has
    items) and no control character; `--format github` prints only its own workflow commands."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _fuzz_repo(Path(tmp) / "repo")
        for name, data in names:
            try:
                (root / "data" / name).write_text(data, encoding="utf-8")
            except OSError:
                continue
        before = snapshot(root)
        started = time.monotonic()
        procs = [(args, xhht(*args, cwd=root)) for args in (("check",), ("check", "-f", "json"),
                                                            ("check", "-f", "github"), ("report",), ("status",))]
        outs = {args: finish("names", args, proc, started) for args, proc in procs}
        items = json.loads(outs[("check", "-f", "json")][1])
        text = outs[("check",)][1]
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", text), text[-2000:]
        lines = [line for line in text.splitlines() if not line.startswith("    ")]
        assert len(lines) == len(items) + 1, text[-3000:]  # a line per problem, and the summary
        github = outs[("check", "-f", "github")][1].splitlines()
        assert len(github) == len(items) and all(line.startswith(("::error ", "::warning ")) for line in github)
        assert snapshot(root) == before


# ---------------------------------------------------------------- issue 21, fourth round: report texts and standards

# What an officer's Markdown, a standard's words and xhht.toml's [report] could hold to break an output.
PROSE = st.one_of(text, st.sampled_from([
    "**đậm** và *nghiêng*", "**", "*", "_", "__a__", "\\*", "## Kết quả khác", "# x", "### ", "- ", "1. ", "---",
    "***", "> trích", "`mã`", "[liên kết](http://evil.invalid)", "![ảnh](http://evil.invalid/p.png)",
    "<img src=x onerror=alert(1)>", "@octocat", "#12", "=cmd|' /C calc'!A0", "+1", "@SUM(1)", "\t=1",
    "\\u001b[2J", "\\u202e", "\\x07", "## " + " #" * 3000 + "x", " " * 3000, "*" * 3000, "_a" * 1500,
    "Công tác chỉ đạo, triển khai", "Tồn tại, hạn chế", "..."]))
SECTIONS = ["Công tác chỉ đạo, triển khai", "Kết quả khác", "Tồn tại, hạn chế", "Nguyên nhân", "Bài học kinh nghiệm",
            "Nhiệm vụ, giải pháp", "Kiến nghị, đề xuất", "Kết quả khac", "x"]
SCALAR = st.one_of(PROSE.map(lambda t: json.dumps(t, ensure_ascii=False)),  # a double-quoted YAML/TOML string
                   st.sampled_from(['"\\x1b]0;pwn\\x07"', '"\\u202eĐT"', '"\\L"', '"\\0"', "[a, b]", "{a: 1}", "3",
                                    "2016-02-30", "&a x", "*a", "!!python/object:os.system", "''", "|\n  x\n  y"]))


@st.composite
def report_text(draw) -> str:
    """Half of them well formed (so that the hostile prose reaches every output), half anything."""
    if draw(st.booleans()):
        printable = PROSE.filter(str.isprintable)
        keys = draw(st.lists(st.sampled_from(["number", "place", "parent_body", "body", "subject"]), max_size=3,
                             unique=True))
        lines = ["---", "plan: demo", "period: 2020-2022",
                 *(f"{k}: {json.dumps(draw(printable), ensure_ascii=False)}" for k in keys), "---"]
        for title in draw(st.lists(st.sampled_from(SECTIONS[:7]), max_size=3, unique=True)):
            lines.append("## " + title)
            lines += [draw(st.sampled_from(["", "- ", "1. ", "### "])) + draw(printable.filter(lambda t: not
                      t.lstrip().startswith("#") and t.strip() not in ("---", "...")))
                      for _ in range(draw(st.integers(0, 4)))]
        return "\n".join(lines) + "\n"
    front = {"plan": draw(st.sampled_from(["demo"] * 6 + ['"demo"', "khac", "[demo]"])),
             "period": draw(st.sampled_from(["2022", "2020-2022"] * 3 + ["2022-2020", "x", "2019-2030"]))}
    for key in draw(st.lists(st.sampled_from(["number", "date", "place", "parent_body", "body", "subject",
                                              "recipients", "signer", "colour"]), max_size=4, unique=True)):
        value = draw(st.one_of(PROSE.map(lambda t: json.dumps(t, ensure_ascii=False)), SCALAR))
        front[key] = value if key not in ("recipients", "signer") else \
            draw(st.sampled_from(["[" + value + "]", "{title: " + value + "}", value]))
    lines = ["---", *(f"{k}: {v}" for k, v in front.items()), "---"]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(draw(st.sampled_from(["## "] * 5 + ["# ", "### "])) + draw(st.sampled_from(SECTIONS)))
        lines += [draw(st.sampled_from(["", "- ", "1. ", "### "])) + draw(PROSE) for _ in range(draw(st.integers(0, 4)))]
    return "\n".join(lines) + "\n"


@st.composite
def standard_text(draw) -> str:
    from xhht.cli.docgen import STANDARD

    out = STANDARD
    for old in draw(st.lists(st.sampled_from(["Chuẩn thử (synthetic)", "Tiêu chí một", "Tỷ lệ thử", "Chưa đạt",
                                              "Huyện đạt chuẩn thử", '">= 50"', '"1"', "huyen", "percent",
                                              "chuan-thu-ct1"]), max_size=3, unique=True)):
        printable = PROSE.filter(str.isprintable).map(lambda t: json.dumps(t, ensure_ascii=False))
        out = out.replace(old, draw(st.one_of(printable, printable, SCALAR)))
    return out


def _settings_text(draw_scalars: list[str]) -> str:
    keys = ["body", "place", "parent_body"]
    return "[report]\n" + "".join(f"{k} = {v}\n" for k, v in zip(keys, draw_scalars)) + \
        ("[report.signer]\ntitle = " + draw_scalars[-1] + "\n" if draw_scalars else "")


INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OFFICE = [("check", "-f", "json"), ("report", "reports/r.md"), ("report", "reports/r.md", "-f", "docx", "-o", "OUT/r.docx"),
          ("evaluate", "chuan-thu", "--year", "2022", "-f", "xlsx", "-o", "OUT/e.xlsx")]


@_settings
@given(report=report_text(), standard=standard_text(),
       toml=st.lists(SCALAR.filter(lambda s: s.startswith('"')), max_size=3).map(_settings_text),
       mutations=st.lists(st.tuples(st.sampled_from(["report", "standard"]),
                                    st.sampled_from(["insert", "delete", "replace", "truncate", "duplicate-line"]),
                                    st.floats(0, 1), st.one_of(st.sampled_from([s.encode() for s in NASTY]),
                                                               st.binary(max_size=6))), max_size=1))
def test_fuzz_report_texts_and_standards(report, standard, toml, mutations):
    """A report text file, a standard and xhht.toml's [report], generated from hostile prose and mutated,
    through check, report (md, docx) and evaluate (xlsx): exit 0, 1 or 2 within the
    bound, nothing changed, and no control character or bidi override in any output (the .docx's and
    the .xlsx's XML included), no formula in the workbook."""
    files = {"report": report.encode(), "standard": standard.encode()}
    for target, op, where, payload in mutations:
        files[target] = mutate(files[target], op, where, payload)
    with tempfile.TemporaryDirectory() as tmp:
        from conftest import PLAN, write_repo

        data = "indicator,area,period,value,numerator,denominator,source,note\nchuan-thu-ct1,901,2022,60,,,synthetic,\n"
        root = write_repo(Path(tmp) / "repo", plans={"demo.yaml": PLAN}, data={"d.csv": data})
        for folder, name, blob in (("reports", "r.md", files["report"]), ("standards", "thu.yaml", files["standard"])):
            (root / folder).mkdir()
            (root / folder / name).write_bytes(blob)
        (root / "xhht.toml").write_text(toml, encoding="utf-8")
        out = Path(tmp) / "out"
        out.mkdir()
        before = snapshot(root)
        started = time.monotonic()
        runs = [tuple(a.replace("OUT", str(out)) for a in args) for args in OFFICE]
        procs = [(args, xhht(*args, cwd=root)) for args in runs]
        for args, proc in procs:
            _, stdout, stderr = finish("office", args, proc, started)
            assert not INVISIBLE.search(stdout.replace("\n", "").replace("\t", "")), (args, stdout[-2000:])
            assert not INVISIBLE.search(stderr.replace("\n", "")), (args, stderr[-2000:])
        assert snapshot(root) == before
        for written in out.iterdir():
            with zipfile.ZipFile(written) as z:
                xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            assert not INVISIBLE.search(xml.replace("\n", "").replace("\r", "").replace("\t", "")), written.name
            assert "<f>" not in xml and "TargetMode=\"External\"" not in xml, written.name
