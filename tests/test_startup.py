"""Cold start (issue 10, point 5): `xhht --version` and `--help` import only typer and xhht.cli.
The heavy modules are imported inside the commands that need them. Not a timing test: the
modules that `python -X importtime -c "import xhht.cli"` reports are checked by name."""

from __future__ import annotations

import subprocess
import sys

# xhht.present.render (the registry of report formats, for --format's choices) and the C decimal module
# it needs are imported by the CLI on purpose: 2 ms together. The pure-Python _pydecimal is not.
HEAVY = ("pydantic", "yaml", "jinja2", "rich", "_pydecimal", "tomllib", "openpyxl", "json",
         "hashlib", "hmac", "xhht.repo", "xhht.load.figures", "xhht.model.records", "xhht.load.cache")


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


# What `xhht --version` runs beyond the import: main() and typer building the commands. The
# errors of a command (xhht.base.errors, with the problem catalogue) are imported only when one is raised.
AT_RUN = ("xhht.base.errors", "xhht.problems", "xhht.problems.catalogue")


def test_xhht_version_imports_no_heavy_module():
    names = _imported('import sys; sys.argv = ["xhht", "--version"]; from xhht.cli import main; main()')
    assert "xhht.cli" in names
    heavy = sorted(n for n in names if n in HEAVY + AT_RUN or n.split(".")[0] in HEAVY[:5])
    assert heavy == [], f"imported by xhht --version: {heavy}"
