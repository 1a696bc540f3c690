"""`xhht check --format github`: GitHub Actions workflow commands (docs/commands.md#github-annotations---format-github)."""

from __future__ import annotations

import subprocess

from conftest import DATA, run, write_repo
from xhht.present.annotations import annotation, escape_data, escape_property
from xhht.problems import Loc


def test_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_property("data/a:b,c%.csv\n") == "data/a%3Ab%2Cc%25.csv%0A"


def test_one_problem():
    p = Loc("data/x, y.csv", 4, 2).problem("rollup-disagrees", id="ti-le", area="90", year=2022, own="50%",
                                           n=2, theirs="60,5")
    assert annotation(p, lang="en") == (
        "::warning file=data/x%2C y.csv,line=4,col=2,title=rollup-disagrees::"
        "ti-le for 90 in 2022 is 50%25, but its 2 lower-level units add up to 60,5"
        "%0Ahint: correct the area's figure or a unit's; or remove the area's own figure to use the roll-up")
    assert "%0Agợi ý: sửa số liệu" in annotation(p)  # Vietnamese by default, like `check`
    bare = Loc("areas.csv").problem("rollup-disagrees", id="a", area="b", year=1, own=1, n=1, theirs=2)
    assert annotation(bare, "sub/").startswith("::warning file=sub/areas.csv,title=rollup-disagrees::")


def test_check_format_github(tmp_path):
    root = write_repo(tmp_path / "r", data={"d.csv": DATA.replace(",85,", ",85%,")})
    proc = run("check", "--format", "github", cwd=root)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=data/d.csv,line=2,col=4,title=non-canonical-number::")
    assert "%0Agợi ý: " in lines[0]
    en = run("check", "--format", "github", "--lang", "en", cwd=root).stdout
    assert "%0Ahint: " in en and en.startswith("::error file=data/d.csv,line=2,col=4,title=non-canonical-number::")
    ok = run("check", "--format", "github", cwd=write_repo(tmp_path / "ok"))
    assert (ok.returncode, ok.stdout) == (0, "")


def test_paths_are_relative_to_the_git_work_tree(tmp_path):
    root = write_repo(tmp_path / "top" / "theo-doi", data={"d.csv": DATA.replace(",85,", ",85%,")})
    subprocess.run(["git", "init", "-q", str(tmp_path / "top")], check=True, capture_output=True)
    line = run("check", "--format", "github", cwd=root).stdout.splitlines()[0]
    assert line.startswith("::error file=theo-doi/data/d.csv,line=2,")
