"""Cold start (issue 10, point 5): `xhht --version` and `--help` import only typer and xhht.cli.
The heavy modules are imported inside the commands that need them. Not a timing test: the
modules that `python -X importtime -c "import xhht.cli"` reports are checked by name."""

from __future__ import annotations

import subprocess
import sys

# xhht.present.render (the registry of report formats, for --format's choices) and the C decimal module
# it needs are imported by the CLI on purpose: 2 ms together. The pure-Python _pydecimal is not.
HEAVY = ("pydantic", "yaml", "jinja2", "rich", "_pydecimal", "tomllib", "openpyxl", "json",
         "hashlib", "hmac", "xhht.repo", "xhht.load.figures", "xhht.model.records", "xhht.load.cache",
         "multiprocessing", "concurrent.futures", "xhht.load.parallel")  # the pool: issue 22


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         check=True)
    names = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_importing_the_cli_imports_no_heavy_module():
    names = _imported("import xhht.cli")
    assert "xhht.cli" in names and "typer" in names  # the measurement works
    heavy = sorted(n for n in names if n in HEAVY or n.split(".")[0] in HEAVY[:5])
    assert heavy == [], f"imported at start-up: {heavy}"


# What `xhht --version` runs beyond the import: main() (the language decided, cli/state.py) and typer
# building the commands. The problems of a command (xhht.problems, with the catalogue) are imported
# only when one is made or printed; the usage error (xhht.base.errors) is light.
AT_RUN = ("xhht.problems", "xhht.problems.record", "xhht.problems.catalogue", "xhht.load.yamlsrc",
          "xhht.load.plans", "xhht.model.specs")


def test_xhht_version_imports_no_heavy_module():
    names = _imported('import sys; sys.argv = ["xhht", "--version"]; from xhht.cli import main; main()')
    assert "xhht.cli" in names
    heavy = sorted(n for n in names if n in HEAVY + AT_RUN or n.split(".")[0] in HEAVY[:5])
    assert heavy == [], f"imported by xhht --version: {heavy}"


def test_the_language_of_xhht_toml_is_read_at_start_up_without_the_catalogue(tmp_path):
    """Issue 17: the language is decided before the command line is parsed (help and parser errors
    are worded in it), from xhht.toml when no --lang is given: reading it costs tomllib, never the
    problem catalogue or the loaders."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "xhht.toml").write_text('lang = "en"\n', encoding="utf-8")
    code = (f'import os, sys; os.chdir({str(tmp_path)!r}); sys.argv = ["xhht", "--version"]; '
            'from xhht.cli import main; main()')
    names = _imported(code)
    assert "tomllib" in names and "xhht.load.config" in names  # the file was read
    heavy = sorted(n for n in names if n in HEAVY + AT_RUN and n != "tomllib" or n.split(".")[0] in HEAVY[:5])
    assert heavy == [], f"imported by xhht --version beside an xhht.toml: {heavy}"


def test_options_not_given_build_no_coercion(tmp_path):
    """typer (0.29) coerces each value through a pydantic TypeAdapter it builds on first use, also for
    an option not given: `xhht status` of a cached repository imported pydantic for nothing (0.1 s
    of issue 22's overview). cli.common._NotGiven answers those values (None, or () for a parameter
    of several) as typer does; a value given is still typer's to coerce."""
    import os
    import shutil
    from pathlib import Path

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "tinh-mau", repo)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "home")}
    exe = [sys.executable, "-c", "from xhht.cli import run; run()"]
    subprocess.run([*exe, "check"], cwd=repo, env=env, capture_output=True, check=True)  # writes the cache
    code = 'import sys; sys.argv = ["xhht", "status"]; from xhht.cli import run; run()'
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=repo, env=env, capture_output=True,
                         text=True)
    assert out.returncode == 0 and "tinh-mau-kh10" in out.stdout
    names = {line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}
    assert "xhht.load.cache" in names and "pydantic" not in names
    given = subprocess.run([*exe, "status", "tinh-mau-kh10", "--period", "2017", "--lang", "en"], cwd=repo,
                           env=env, capture_output=True, text=True)
    assert given.returncode == 0 and given.stdout.startswith("10/KH-UBND — 2017 — ") and "missed" in given.stdout
    missing = subprocess.run([*exe, "import"], cwd=repo, env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "Thiếu đối số 'FILE'" in missing.stdout + missing.stderr
