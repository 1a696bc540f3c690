"""Issue 22: the data files read on several cores give the same outputs, byte for byte, as one process.

The repositories here are SYNTHETIC: benchmarks/gen_national.py's made-up national shape, with
problems put into many files (duplicates across files and within one, problems whose order depends
on the order of the files, rows the fast path leaves to the rules, a quoted cell over two lines, a
file that is not UTF-8, a bad header). `xhht` (the installed console script) is run with
XHHT_WORKERS=1 (no pool) and XHHT_WORKERS=2 (a pool, whatever the size), without the cache,
writing it and reading it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import xhht_exe
from test_bench import _gen


def _xhht(root: Path, home: Path, workers: int, *args: str, cache: bool = True) -> tuple[int, str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200", "XDG_CACHE_HOME": str(home),
           "XHHT_WORKERS": str(workers)}
    if not cache:
        env["XHHT_NO_CACHE"] = "1"
    done = subprocess.run([xhht_exe(), *args], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    return done.returncode, done.stdout, done.stderr


def _spoil(root: Path) -> None:
    """Problems in many files: the same figures again in a later file (the earlier file's win) and
    in the same file, an unknown area, a number not canonical, a ragged row, a quoted cell over two
    lines, a file with a BOM and CRLF, one that is not UTF-8, one with a bad header."""
    files = sorted((root / "data").rglob("*.csv"))
    first = files[0].read_text(encoding="utf-8").splitlines(keepends=True)
    for i, path in enumerate(files[1:6], start=1):
        text = path.read_text(encoding="utf-8")
        text += "".join(first[i:i + 3])  # figures of files[0]: duplicates across files
        text += text.splitlines(keepends=True)[2 + i]  # and one of this file's own again
        text += f"chi-tieu-01,S99{i:04d},2016,50.0,1,2,x\n"  # an unknown area
        text += "chi-tieu-27,S010001,2017,1.0\n"  # a ragged row
        path.write_text(text, encoding="utf-8")
    text = files[6].read_text(encoding="utf-8").replace(",2016,", ",2016 ,", 3)  # left to the rules
    files[6].write_text(text + 'chi-tieu-02,S010002,2018,,3,4,"hai\ndòng"\n', encoding="utf-8")
    files[7].write_bytes(b"\xef\xbb\xbf" + files[7].read_bytes().replace(b"\n", b"\r\n"))
    files[8].write_bytes(files[8].read_bytes() + b"chi-tieu-01,S010001,2019,5\xff,1,2,x\n")
    files[9].write_text("indicator;area;period;value\n" + files[9].read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture(scope="module")
def spoilt(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "repo"
    _gen().generate(root, 2, 9, years=6)  # 2 provinces, 12 files of 135 rows
    _spoil(root)
    return root


COMMANDS = [("check",), ("check", "--format", "json"), ("check", "--lang", "en"), ("check", "data/s01"),
            ("check", "plans/s02-kh.yaml"), ("report", "s01-kh"), ("report", "s02-kh", "-f", "json"),
            ("status",), ("status", "s01-kh", "--lang", "en")]


def _outputs(root: Path, home: Path, workers: int) -> list:
    """Every command without the cache, then writing it (the first `check`) and reading it."""
    shutil.rmtree(root / ".xhht", ignore_errors=True)
    return [_xhht(root, home, workers, *args, cache=cache) for cache in (False, True) for args in COMMANDS]


def test_a_pool_gives_the_same_bytes_as_one_process(spoilt: Path, tmp_path: Path):
    home = tmp_path / "home"
    one = _outputs(spoilt, home, 1)
    assert one[0][0] == 1 and "not-utf8" in one[1][1] and "unknown-area" in one[1][1]
    duplicates = [p for p in json.loads(one[1][1]) if p["code"] == "duplicate-figure"]
    assert sum(1 + p.get("others", 0) for p in duplicates) >= 15  # identical problems are folded (others)
    assert _outputs(spoilt, home, 2) == one


def test_a_large_file_read_in_chunks_gives_the_same_bytes(tmp_path: Path):
    """One data file of 4.6 MB (read as two chunks by a pool): a duplicate across the cut, a row the
    rules read, then a quoted cell over two lines in the second chunk (which only a reading of the
    whole file reads as it should: the file is read again, whole)."""
    root = tmp_path / "big"
    _gen().generate(root, 1, 1400, years=1)
    path = next((root / "data").rglob("*.csv"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert path.stat().st_size > 4 * 1024 * 1024
    middle = len(lines) // 2
    lines.insert(middle + 5, lines[3])  # a figure of the first chunk again in the second
    lines.insert(middle + 9, lines[10].replace(",2016,", ", 2016,"))  # for the rules: the same key again
    lines.append(lines[-1])
    path.write_text("".join(lines), encoding="utf-8")
    home = tmp_path / "home"
    commands = [("check", "--format", "json"), ("report", "s01-kh", "-f", "json")]
    one = [_xhht(root, home, 1, *args, cache=False) for args in commands]
    two = [_xhht(root, home, 2, *args, cache=False) for args in commands]
    assert two == one and one[0][0] == 1 and one[0][1].count('"duplicate-figure"') == 3
    path.write_text("".join(lines) + 'chi-tieu-01,S010001,2017,,1,2,"hai\ndòng"\n', encoding="utf-8")
    one = [_xhht(root, home, 1, *args, cache=False) for args in commands]
    assert [_xhht(root, home, 2, *args, cache=False) for args in commands] == one


def test_small_repositories_start_no_pool(repo: Path, monkeypatch):
    """Below POOL_BYTES of data files no process is started (it would cost more than it saves)."""
    import concurrent.futures

    from xhht.base import processes
    from xhht.load.parallel import POOL_BYTES
    from xhht.repo import load_repo

    monkeypatch.delenv("XHHT_WORKERS", raising=False)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda *a, **k: pytest.fail("a pool was started"))
    assert load_repo(repo).figures
    assert processes.workers(POOL_BYTES - 1, POOL_BYTES) == 1
    cores = min(len(os.sched_getaffinity(0)), processes.MAX_WORKERS)
    assert processes.workers(POOL_BYTES, POOL_BYTES) == cores


def test_no_fork_no_pool(repo: Path, monkeypatch):
    """Where fork is not safe (macOS, Windows, other threads running) the files are read in this
    process, with the same result."""
    import threading

    from xhht.base import processes
    from xhht.repo import load_repo

    monkeypatch.setenv("XHHT_WORKERS", "2")
    assert processes.workers(1, 1 << 40) == 2  # XHHT_WORKERS: whatever the size
    expected = load_repo(repo).problems
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(processes.sys, "platform", platform)
        assert processes.workers(1, 1) == 1
        assert load_repo(repo).problems == expected
    monkeypatch.undo()
    monkeypatch.setenv("XHHT_WORKERS", "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert processes.workers(1, 1) == 1
    finally:
        stop.set()
        other.join()


def test_a_bug_in_a_worker_is_raised_not_hung(repo: Path, monkeypatch):
    from xhht.load import parallel
    from xhht.repo import load_repo

    monkeypatch.setenv("XHHT_WORKERS", "2")

    def broken(ctx, task):
        raise RuntimeError("a bug in a worker")

    monkeypatch.setattr(parallel, "_read_pieces", broken)  # in the forked workers too
    with pytest.raises(RuntimeError, match="a bug in a worker"):
        load_repo(repo)


def test_a_file_changed_after_it_was_cut_is_read_whole(tmp_path: Path, monkeypatch):
    """A file that changes between its cutting and the reading of its chunks is read whole: its
    figures are those of one reading, never chunks of two versions."""
    from xhht.load import parallel
    from xhht.repo import load_repo

    root = tmp_path / "r"
    _gen().generate(root, 1, 30, years=1)
    path = next((root / "data").rglob("*.csv"))
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 2000)
    real_pieces, real_whole = parallel._pieces, parallel._read_whole
    whole = []

    def cut_then_change(ctx, files):
        pieces = list(real_pieces(ctx, files))
        assert sum(p.chunk for p in pieces) > 2
        path.write_text(path.read_text(encoding="utf-8").replace("S010001,2016", "S010002,2016", 1),
                        encoding="utf-8")
        return pieces

    monkeypatch.setattr(parallel, "_pieces", cut_then_change)
    monkeypatch.setattr(parallel, "_read_whole", lambda ctx, piece: whole.append(piece) or real_whole(ctx, piece))
    changed = load_repo(root)
    monkeypatch.undo()
    expected = load_repo(root)
    assert [p.file for p in whole] == ["data/s01/2016.csv"]
    assert changed.problems == expected.problems and "duplicate-figure" in {p.code for p in changed.problems}
    assert [(k, changed.figures.row(k)) for k in changed.figures] == [(k, expected.figures.row(k))
                                                                       for k in expected.figures]


def test_the_pool_is_gone_once_the_files_are_read(tmp_path: Path, monkeypatch):
    """The pool's processes and threads end with the loading, also when a chunk sends its file to
    be read whole (a row over two lines in the last chunk)."""
    import threading

    from xhht.load import parallel
    from xhht.repo import load_repo

    root = tmp_path / "r"
    _gen().generate(root, 1, 30, years=1)
    path = next((root / "data").rglob("*.csv"))
    path.write_text(path.read_text(encoding="utf-8") + 'chi-tieu-01,S010001,2017,,1,2,"hai\ndòng"\n',
                    encoding="utf-8")
    monkeypatch.setenv("XHHT_WORKERS", "2")
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 2000)
    assert threading.active_count() == 1
    loaded = load_repo(root)
    assert ("chi-tieu-01", "S010001", 2017) in loaded.figures  # the row over two lines, read whole
    assert threading.active_count() == 1  # the pool's threads ended
    assert not _children()  # and its processes


def _children() -> list[int]:
    """The processes whose parent is this one (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat and int(stat[stat.rindex(")") + 2:].split()[1]) == os.getpid():
            out.append(int(entry.name))
    return out


def test_an_overlay_is_read_from_its_bytes_by_a_pool_too(tmp_path: Path, monkeypatch):
    """`load_repo(overlay=...)` (what `xhht import` would write, judged before it is written): the
    files of the overlay are read from their bytes, not the disk, also by a pool's workers, and the
    result is that of one process."""
    from xhht.repo import load_repo

    root = tmp_path / "r"
    _gen().generate(root, 1, 30, years=2)
    files = sorted((root / "data").rglob("*.csv"))
    changed = files[0].read_bytes().replace(b"S010001,2016", b"S010002,2016", 1)  # a duplicate in the overlay
    added = files[1].read_bytes().splitlines(keepends=True)[:3]  # a new file: two figures of files[1] again
    overlay = {"data/s01/2016.csv": changed, "data/s01/extra.csv": b"".join(added)}
    loads = []
    for workers in ("1", "2"):
        monkeypatch.setenv("XHHT_WORKERS", workers)
        loaded = load_repo(root, overlay=overlay)
        loads.append((loaded.problems, loaded.data_files, [(k, loaded.figures.row(k)) for k in loaded.figures]))
    assert loads[0] == loads[1]
    assert "data/s01/extra.csv" in loads[0][1] and not (root / "data/s01/extra.csv").exists()
    assert {(p.file, p.code) for p in loads[0][0]} >= {("data/s01/2016.csv", "duplicate-figure"),
                                                         ("data/s01/extra.csv", "duplicate-figure")}


def test_the_overview_counts_what_each_review_counts(spoilt: Path, monkeypatch):
    """`Repo.overview` (xhht status of several plans): each plan's targets counted by status, as its
    review (`compare`) counts them, in the order asked, whether computed here or by a pool whose
    workers send back only the counts."""
    from xhht.judge.compare import compare
    from xhht.repo import load_repo

    loaded = load_repo(spoilt)
    periods = [(p.id, p.start, p.end) for p in reversed(loaded.plans.values())] + [("s01-kh", 2017, 2018)]
    expected = [compare(loaded.plans[pid], loaded.values, loaded.areas, start, end).summary
                for pid, start, end in periods]
    assert any(sum(s.values()) for s in expected)
    from xhht.base import processes

    pools = []
    real = processes.fork_map
    monkeypatch.setattr(processes, "fork_map", lambda *args: pools.append(args[2]) or real(*args))
    for workers in ("1", "2"):
        monkeypatch.setenv("XHHT_WORKERS", workers)
        counted = load_repo(spoilt).overview(periods)
        assert [(c.plan.id, c.start, c.end) for c in counted] == periods
        assert [c.summary for c in counted] == expected
    assert pools == [2]  # the second by a pool
