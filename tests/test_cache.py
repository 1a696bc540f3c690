"""The cache of checked figures in .xhht/ (issue 10, point 2): it changes nothing but time.
The repositories here are SYNTHETIC fixtures (conftest.write_repo)."""

from __future__ import annotations

import os
import shutil
import time
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, write_repo, xhht_exe
import xhht as xhht_package
import xhht.load.cache as cache_mod
import xhht.load.cached_figures as cached_mod
from xhht.load.cache import MAGIC
from xhht.repo import load_repo

BROKEN = DATA + "ti-le,90,2023,120,,,synthetic,\nso-luong,99,2022,5,,,synthetic,\nti-le,90,2022,85,,,synthetic,\n"
COMMANDS = (("check", "--lang", "en"), ("check", "--format", "json"), ("check", "plans/demo.yaml"),
            ("report",), ("report", "--format", "json"), ("status",))


def xhht(root: Path, home: Path, *args: str, no_cache: bool = False) -> tuple[int, str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200", "XDG_CACHE_HOME": str(home)}
    if no_cache:
        env["XHHT_NO_CACHE"] = "1"
    out = subprocess.run([xhht_exe(), *args], cwd=root, capture_output=True, text=True, timeout=120, env=env)
    return out.returncode, out.stdout, out.stderr


def outputs(root: Path, home: Path, **kw) -> list:
    return [xhht(root, home, *args, **kw) for args in COMMANDS]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", data={"d.csv": BROKEN, "e/f.csv": DATA.replace("2022", "2021")})


def test_same_bytes_with_and_without_the_cache(broken: Path, tmp_path: Path):
    home = tmp_path / "home"
    without = outputs(broken, home, no_cache=True)
    assert not (broken / ".xhht").exists()  # XHHT_NO_CACHE: nothing written
    assert any(code == 1 for code, _, _ in without)  # the fixture has errors
    first = outputs(broken, home)  # writes the cache
    assert (broken / ".xhht" / "cache.bin").is_file()
    assert outputs(broken, home) == without == first  # read from the cache
    key = home / "xhht" / "key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_changed_file_is_never_served_from_the_cache(broken: Path, tmp_path: Path):
    home = tmp_path / "home"
    outputs(broken, home)
    (broken / "data" / "d.csv").write_text(DATA, encoding="utf-8")  # the errors fixed
    assert outputs(broken, home) == outputs(broken, home, no_cache=True)
    assert xhht(broken, home, "check")[0] == 0
    (broken / "data" / "new.csv").write_text(BROKEN, encoding="utf-8")  # a new file
    assert xhht(broken, home, "check") == xhht(broken, home, "check", no_cache=True)
    assert xhht(broken, home, "check")[0] == 1


def test_a_cache_from_another_key_or_tampered_with_is_ignored(broken: Path, tmp_path: Path):
    """A cache committed to the repository, planted by a pull request or written by another
    user: its signature does not verify with this user's key, so a bad repository still fails."""
    home, other = tmp_path / "home", tmp_path / "other-home"
    expected = outputs(broken, home, no_cache=True)
    n = len(MAGIC)
    # the cache of a repository that passes, signed with the attacker's key ...
    good = write_repo(tmp_path / "good")
    assert xhht(good, other, "check")[0] == 0
    passing = (good / ".xhht" / "cache.bin").read_bytes()
    # ... relabelled as the cache of the bad files (their digest, as a cache of them shows it)
    outputs(broken, other)
    digest = (broken / ".xhht" / "cache.bin").read_bytes()[n:n + 32]
    forged = MAGIC + digest + passing[n + 32:]
    (broken / ".xhht" / "cache.bin").write_bytes(forged)
    assert xhht(broken, other, "check")[0] == 1  # even the attacker's own key: the digest is signed
    (broken / ".xhht" / "cache.bin").write_bytes(forged)
    assert outputs(broken, home) == expected
    # one byte changed in a cache of this user's
    outputs(broken, home)
    mine = (broken / ".xhht" / "cache.bin").read_bytes()
    (broken / ".xhht" / "cache.bin").write_bytes(mine[:-1] + bytes([mine[-1] ^ 1]))
    assert outputs(broken, home) == expected


def test_a_stale_cache_is_rebuilt(broken: Path, tmp_path: Path):
    home = tmp_path / "home"
    outputs(broken, home)
    stale = (broken / ".xhht" / "cache.bin").read_bytes()
    (broken / "data" / "d.csv").write_text(DATA, encoding="utf-8")
    xhht(broken, home, "check")
    (broken / ".xhht" / "cache.bin").write_bytes(stale)  # the cache of the old files, validly signed
    assert xhht(broken, home, "check") == xhht(broken, home, "check", no_cache=True)
    assert xhht(broken, home, "check")[0] == 0


def test_a_symlinked_or_foreign_xhht_folder_is_not_used(broken: Path, tmp_path: Path):
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (broken / ".xhht").symlink_to(elsewhere)
    expected = outputs(broken, home, no_cache=True)
    assert outputs(broken, home) == expected
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    (broken / ".xhht").unlink()
    (broken / ".xhht").write_text("not a folder", encoding="utf-8")
    assert outputs(broken, home) == expected
    (broken / ".xhht").unlink()
    (broken / ".xhht").mkdir(mode=0o777)
    os.chmod(broken / ".xhht", 0o777)  # others may write into it
    assert outputs(broken, home) == expected
    assert list((broken / ".xhht").iterdir()) == []


def test_no_cache_option(broken: Path, tmp_path: Path):
    home = tmp_path / "home"
    expected = xhht(broken, home, "check", no_cache=True)
    assert xhht(broken, home, "--no-cache", "check") == expected
    assert not (broken / ".xhht").exists()
    assert xhht(broken, home, "check") == expected
    assert (broken / ".xhht").exists()


def test_a_read_only_repository_gets_no_cache(broken: Path, tmp_path: Path, monkeypatch):
    """The folder cannot be made (as in a read-only repository, also when the tests run as root)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    expected = load_repo(broken).problems

    def refuse(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(os, "mkdir", refuse)
    assert load_repo(broken, cache=True).problems == expected
    assert not (broken / ".xhht").exists()


def test_a_cache_folder_of_another_user_is_not_used(broken: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    expected = load_repo(broken).problems
    load_repo(broken, cache=True)
    assert (broken / ".xhht" / "cache.bin").exists()
    assert isinstance(load_repo(broken, cache=True).figures, cached_mod.CachedFigures)  # the test works
    uid = os.getuid()
    key = cache_mod._key()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # as another user sees it (with the same key)
    monkeypatch.setattr(cache_mod, "_key", lambda: key)
    again = load_repo(broken, cache=True)
    assert again.problems == expected
    assert not isinstance(again.figures, cached_mod.CachedFigures)  # loaded from the files


def test_the_gitignore_files_leave_the_cache_out():
    root = Path(__file__).resolve().parents[1]
    assert ".xhht/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".xhht/" in (root / "src/xhht/cli/init_files/dot-gitignore").read_text(encoding="utf-8").splitlines()


def test_a_same_size_change_with_the_old_time_is_seen(broken: Path, tmp_path: Path):
    """The digest of the files is taken from .xhht/stat.bin only when no file's size, times or
    inode changed: a same-size edit with its modification time put back still changes ctime."""
    home = tmp_path / "home"
    for p in broken.rglob("*"):  # every input 10 s old, and (after the sleep) none "racy"
        st = os.stat(p)
        os.utime(p, ns=(st.st_atime_ns - 10**10, st.st_mtime_ns - 10**10))
    time.sleep(2.2)
    first = xhht(broken, home, "check")
    assert first[0] == 1 and "d.csv:5:" in first[1]  # the unknown area 99
    assert xhht(broken, home, "check") == first  # from the cache, its digest from stat.bin
    assert (broken / ".xhht" / "stat.bin").is_file()
    data = broken / "data" / "d.csv"
    old = os.stat(data)
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("so-luong,99,2022,5,", "so-luong,90,2023,5,"), encoding="utf-8")
    os.utime(data, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert os.stat(data).st_size == old.st_size and os.stat(data).st_mtime_ns == old.st_mtime_ns
    fresh = xhht(broken, home, "check", no_cache=True)
    assert fresh != first  # the edit fixed the unknown area
    assert xhht(broken, home, "check") == fresh


def test_each_section_is_verified_when_read(broken: Path, tmp_path: Path, monkeypatch):
    """A report verifies the sections it reads, not the whole file (a national report reads a
    few MiB of 70): one byte changed in the section of an area the report reads still gives the
    files' figures, read from the files."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    expected = outputs(broken, home, no_cache=True)
    outputs(broken, home)
    cache = broken / ".xhht" / "cache.bin"
    data = bytearray(cache.read_bytes())
    reads = []
    real = cached_mod.Reader.section
    with monkeypatch.context() as mp:
        mp.setattr(cached_mod.Reader, "section", lambda self, name: reads.append(name) or real(self, name))
        assert isinstance(load_repo(broken, cache=True).figures, cached_mod.CachedFigures)
    assert reads == ["meta", "plans"]  # the figures are read when asked for
    repo = load_repo(broken, cache=True)
    offset, length, _mac = repo.figures._reader.entry(("90", 2022))
    at = repo.figures._reader.start + offset + length // 2
    data[at] ^= 1
    cache.write_bytes(bytes(data))
    damaged = load_repo(broken, cache=True)
    assert isinstance(damaged.figures, cached_mod.CachedFigures)  # the index still verifies
    assert damaged.figures.get(("ti-le", "90", 2022)) == load_repo(broken).figures[("ti-le", "90", 2022)]
    cache.write_bytes(bytes(data))
    assert outputs(broken, home) == expected


def test_a_cached_report_reads_the_cache_not_the_files(broken: Path, tmp_path: Path, monkeypatch):
    """The sections a report asks for verify (an area code made at run time is not interned as
    the loader's is: the MAC must not depend on it), so the files are not read again."""
    from xhht.judge.compare import compare

    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    outputs(broken, home)
    import xhht.repo

    monkeypatch.setattr(xhht.repo, "_figures_again", lambda root: pytest.fail("the cache was not used"))
    repo = load_repo(broken, cache=True)
    assert isinstance(repo.figures, cached_mod.CachedFigures)
    area = "".join(["9", "0"])  # not interned
    assert repo.figures.numbers("ti-le", 2022, [area])[0] is not None
    assert repo.figures.get(("ti-le", area, 2022)) is not None
    plan = next(iter(repo.plans.values()))
    assert compare(plan, repo.values, repo.areas, plan.start, plan.end).results


@pytest.mark.parametrize("name", ["cache.bin", "stat.bin"])
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_cache_file_that_is_not_a_file_is_ignored(broken: Path, tmp_path: Path, name: str, kind: str):
    """A folder (which a pull request can commit: `.xhht/stat.bin/x`) or a FIFO where a cache
    file should be: no cache, the files' result, no crash and no hang."""
    home = tmp_path / "home"
    expected = xhht(broken, home, "check", no_cache=True)
    xhht(broken, home, "check")
    target = broken / ".xhht" / name
    target.unlink()
    if kind == "folder":
        (target / "x").mkdir(parents=True)
    else:
        os.mkfifo(target)
    assert xhht(broken, home, "check") == expected
    assert xhht(broken, home, "report")[0] == xhht(broken, home, "report", no_cache=True)[0]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_key_that_is_not_a_file_means_no_cache(broken: Path, tmp_path: Path, kind: str):
    home = tmp_path / "home"
    key = home / "xhht" / "key"
    key.parent.mkdir(parents=True)
    if kind == "folder":
        key.mkdir()
    else:
        os.mkfifo(key)
    assert xhht(broken, home, "check") == xhht(broken, home, "check", no_cache=True)
    assert not (broken / ".xhht" / "cache.bin").exists()


@pytest.mark.parametrize("where", [".", "examples/tinh-mau", "examples/reform-haugiang"])
def test_plans_come_back_from_the_cache_the_same(where):
    """The cache keeps the loaded plans (no YAML parsed after `check`): each comes back equal,
    field by field, from the marshal data."""
    root = Path(__file__).resolve().parents[1] / where
    repo = load_repo(root)
    assert repo.plans
    for plan in repo.plans.values():
        packed = cache_mod._pack(plan)
        import marshal

        assert cache_mod._unpack(marshal.loads(marshal.dumps(packed))) == plan


def test_unpacking_builds_only_plan_records():
    with pytest.raises(KeyError):
        cache_mod._unpack(("r", "Popen", (("args", "ls"),)))


def test_the_key_covers_every_module_of_the_package():
    """Issue 17: the modules live in folders now; the cache's key is made of every one of them (and the
    built-in templates), so a changed submodule never reuses a cache an older one wrote."""
    package = Path(xhht_package.__file__).parent
    own = {p.relative_to(package).as_posix() for p in cache_mod.own_files()}
    assert {"__init__.py", "repo.py", "load/cache.py", "judge/compare.py", "present/templates/report.md.j2",
            "cli/state.py"} <= own
    assert own >= {p.relative_to(package).as_posix() for p in package.rglob("*.py")}


def test_a_changed_submodule_is_another_key(broken: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    module = Path(xhht_package.__file__).parent / "judge" / "period.py"
    st = module.stat()
    before, stats = cache_mod.inputs_digest(broken), cache_mod._stats(broken)[0]
    try:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert cache_mod.inputs_digest(broken) != before  # the key of the files' content
        assert cache_mod._stats(broken)[0] != stats  # and stat.bin's record of their stat
    finally:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache_mod.inputs_digest(broken) == before


@pytest.mark.parametrize("workers,chunk", [(1, 1 << 30), (2, 1 << 30), (2, 40)])
def test_the_key_made_from_the_load_is_the_key_of_the_files(broken: Path, tmp_path: Path, monkeypatch, workers,
                                                             chunk):
    """Issue 22: a full load keys the cache by the bytes it read (each data file hashed by whoever
    read it: a worker, or the parent while cutting a large file into chunks), not by reading every
    file a second time. That key must be the one `inputs_digest` makes of the files, or a command
    whose stat check fails (a `touch`) would never find the cache `check` wrote."""
    from xhht.load import parallel

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XHHT_WORKERS", str(workers))
    monkeypatch.setattr(parallel, "CHUNK_BYTES", chunk)
    (broken / "data" / "big.csv").write_text(DATA + "".join(f"ti-le,90,{y},50,,,synthetic,\n" for y in range(1990, 2010)),
                                             encoding="utf-8")
    assert not (broken / ".xhht").exists()
    load_repo(broken, cache=True)
    written = (broken / ".xhht" / "cache.bin").read_bytes()[len(MAGIC):len(MAGIC) + 32]
    assert written == cache_mod.inputs_digest(broken)
    os.utime(broken / "data" / "d.csv")  # its stat changed, not its bytes: the digest finds the cache again
    assert isinstance(load_repo(broken, cache=True).figures, cached_mod.CachedFigures)


def test_definitions_changed_while_loading_write_no_cache(broken: Path, tmp_path: Path, monkeypatch):
    """A plan (or the areas, or xhht.toml) that changes while the repository is loaded: what was
    read may not be what is there, so no cache is written (the data files are keyed by the bytes
    read, which is always right)."""
    import xhht.repo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    real = xhht.repo._load_data

    def meanwhile(repo, progress=None):
        plan = broken / "plans" / "demo.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        return real(repo, progress)

    monkeypatch.setattr(xhht.repo, "_load_data", meanwhile)
    load_repo(broken, cache=True)
    assert not (broken / ".xhht" / "cache.bin").exists()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    load_repo(broken, cache=True)
    assert (broken / ".xhht" / "cache.bin").exists()


@pytest.mark.parametrize("folder", ["data/2025", "standards"])
def test_a_folder_that_becomes_a_link_out_is_never_served_from_the_cache(tmp_path: Path, folder: str):
    """The listing's problems (a folder that is a link out of the repository) are part of the key:
    a warm cache must not pass what `check --no-cache` refuses, nor keep a problem that is gone."""
    from conftest import run

    root = write_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    assert run("check", cwd=root).returncode == 0  # the cache is written
    (root / folder).parent.mkdir(parents=True, exist_ok=True)
    (root / folder).symlink_to(outside)
    warm, cold = run("check", cwd=root), run("--no-cache", "check", cwd=root)
    assert cold.returncode == 1 and "outside-repo" in cold.stdout, cold.stdout
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)
    (root / folder).unlink()
    assert run("check", cwd=root).returncode == 0


def test_with_counts_reads_the_files_when_a_section_is_damaged(broken: Path, tmp_path: Path, monkeypatch):
    """CachedFigures.with_counts (rollup-needs-counts, xhht missing) falls back to the files' figures
    when the section of the place it reads is damaged, as every other read does."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    outputs(broken, home)  # writes the cache
    repo = load_repo(broken, cache=True)
    offset, length, _ = repo.figures._reader.entry(("90", 2022))
    cache = broken / ".xhht" / "cache.bin"
    data = bytearray(cache.read_bytes())
    data[repo.figures._reader.start + offset + length // 2] ^= 1
    cache.write_bytes(bytes(data))
    damaged = load_repo(broken, cache=True)
    assert isinstance(damaged.figures, cached_mod.CachedFigures)
    got = damaged.figures.with_counts("ti-le", 2022, ["90", "nope"])
    assert got == load_repo(broken).figures.with_counts("ti-le", 2022, ["90", "nope"])
    assert got[0] is not None and got[1] is None
