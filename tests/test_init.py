"""`xhht init`, the CI workflow and pre-commit files it writes, and the project's own hook."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, run
from xhht.cli.scaffold import template_files

FILES = [".github/workflows/xhht.yml", ".gitignore", ".pre-commit-config.yaml", "README.md", "areas.csv",
         "data/vi-du.csv", "plan.schema.json", "plans/vi-du.yaml", "xhht.toml"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "tinh-moi"
    proc = run("init", str(folder), cwd=folder.parent)
    assert proc.returncode == 0, proc.stderr
    return folder


def test_init_writes_a_ready_repository(made):
    written = sorted(p.relative_to(made).as_posix() for p in made.rglob("*")
                     if p.is_file() and ".git" not in p.relative_to(made).parts)
    assert written == FILES
    assert (made / ".git").is_dir()  # a git repository, ready for its first commit


def test_check_and_report_pass_straight_away(made, tmp_path):
    check = run("check", cwd=made)
    assert (check.returncode, check.stdout.strip()) == (0, "không có lỗi")
    assert run("check", "--strict", cwd=made).returncode == 0  # not even a warning
    report = run("report", cwd=made)
    assert report.returncode == 0 and report.stderr == ""
    assert "của UBND tỉnh Mẫu (ví dụ)" in report.stdout
    html = run("report", "-f", "html", "-o", str(tmp_path / "r.html"), cwd=made)
    assert html.returncode == 0 and (tmp_path / "r.html").stat().st_size > 1000
    assert run("status", cwd=made).returncode == 0


def test_the_example_says_it_is_an_example(made):
    plan = (made / "plans" / "vi-du.yaml").read_text(encoding="utf-8")
    assert "VÍ DỤ" in plan and "không có thật" in plan and "(ví dụ)" in plan
    data = (made / "data" / "vi-du.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert data and all("số liệu ví dụ (không có thật)" in line for line in data)
    readme = (made / "README.md").read_text(encoding="utf-8")
    assert "Cần sửa những gì" in readme and "không có thật" in readme


def test_the_example_plan_uses_the_written_schema(made):
    plan = (made / "plans" / "vi-du.yaml").read_text(encoding="utf-8")
    assert plan.splitlines()[0] == "# yaml-language-server: $schema=../plan.schema.json"
    schema = json.loads((made / "plan.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(plan), default=str))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_the_settings_are_valid(made):
    assert tomllib.loads((made / "xhht.toml").read_text(encoding="utf-8")) == {"lang": "vi", "strict": False}


def workflow(made: Path) -> dict:
    return yaml.safe_load((made / ".github" / "workflows" / "xhht.yml").read_text(encoding="utf-8"))


def test_the_workflow_checks_every_push_and_pull_request(made):
    wf = workflow(made)
    triggers = wf[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    assert triggers["push"] is None and triggers["pull_request"] is None  # all branches
    steps = wf["jobs"]["check"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and any(u.startswith("actions/setup-python@") for u in uses)
    runs = [s.get("run", "") for s in steps]
    install = next(r for r in runs if "pip install" in r)
    from xhht.cli.scaffold import requirement
    assert f'"{requirement()}"' in install
    check = next(i for i, r in enumerate(runs) if "xhht check" in r)
    assert runs[check] == "xhht check --format github"
    assert check > runs.index(install)


def test_the_workflow_uploads_the_html_review(made, tmp_path):
    steps = workflow(made)["jobs"]["check"]["steps"]
    report = next(s for s in steps if "xhht report" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert steps.index(report) < steps.index(upload)
    assert report["if"] == upload["if"] == "always()"  # the review is published even when check fails
    assert re.search(r"xhht report \S+ -f html -o", report["run"])
    # run the step's script in the new repository: it writes the file the upload step publishes
    work = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(made), str(work)], check=True)
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.run(["bash", "-e", "-c", report["run"]], cwd=work, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    published = work / upload["with"]["path"]
    assert sorted(p.name for p in published.iterdir()) == ["vi-du.html"]
    (work / "plans" / "hai.yml").write_text(
        (work / "plans" / "vi-du.yaml").read_text(encoding="utf-8").replace("id: vi-du-kh1", "id: hai"),
        encoding="utf-8")
    proc = subprocess.run(["bash", "-e", "-c", report["run"]], cwd=work, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in published.iterdir()) == ["hai.html", "vi-du.html"]  # .yml plans too
    assert "<html" in (published / "vi-du.html").read_text(encoding="utf-8")
    assert upload["with"]["path"].rstrip("/") + "/" in (made / ".gitignore").read_text(encoding="utf-8")


def test_the_workflow_writes_the_diff_for_pull_requests(made):
    steps = workflow(made)["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch is there to compare with
    diff = next(s for s in steps if "xhht diff" in s.get("run", ""))
    assert "pull_request" in diff["if"] and "GITHUB_STEP_SUMMARY" in diff["run"]


def hook_checks(hook: dict) -> None:
    assert hook["id"] == "xhht-check" and hook["entry"] == "xhht check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("plans/vi-du.yaml", "plans/a.yml", "data/vi-du.csv", "data/2024/xa.csv", "areas.csv",
                 "area-changes.csv", "xhht.toml"):
        assert files.search(path), path
    for path in ("README.md", "plan.schema.json", "templates/report.md.j2", "old/areas.csv.bak"):
        assert not files.search(path), path


def test_the_pre_commit_config(made):
    config = yaml.safe_load((made / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    hook_checks(hook)


def test_the_project_ships_a_pre_commit_hook():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook_checks(hook)
    assert hook["language"] == "python"


def test_init_refuses_a_non_empty_folder_and_a_file(tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run("init", str(folder), "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 2 and "not empty" in proc.stderr
    proc = run("init", str(folder), cwd=tmp_path)
    assert proc.returncode == 2 and "không trống" in proc.stderr
    assert os.listdir(folder) == ["notes.txt"]
    (tmp_path / "f").write_text("x", encoding="utf-8")
    proc = run("init", "f", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 2 and "is a file" in proc.stderr
    proc = run("init", "f", cwd=tmp_path)
    assert proc.returncode == 2 and "là một tệp, không phải thư mục" in proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("init", "empty", "--no-git", cwd=tmp_path).returncode == 0
    assert not (empty / ".git").exists() and (empty / "plans" / "vi-du.yaml").is_file()


def test_package_data_ships_every_init_file():
    """A non-editable install has only what pyproject's package-data lists."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["xhht.cli"]
    base = ROOT / "src" / "xhht" / "cli"
    shipped = [p.relative_to(base).as_posix() for p in (base / "init_files").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    assert len(shipped) == len(template_files()) - 1  # all but the generated schema
    for rel in shipped:
        assert any(fnmatch.fnmatch(rel, pat) and rel.count("/") == pat.count("/") for pat in patterns), rel


@pytest.mark.parametrize("command", ["diff", "log", "schema", "init"])
def test_the_git_and_ci_commands_are_documented(command):
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n## `xhht {command} " in doc and f"\nxhht {command} " in readme
    assert re.search(rf"^\$ xhht {command}\b", doc, flags=re.M)  # with real output


def test_init_refuses_a_symlink(tmp_path):
    from conftest import run

    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    r = run("init", str(tmp_path / "link"), "--lang", "en", cwd=tmp_path)
    assert r.returncode == 2 and "symbolic link" in r.stderr and not (tmp_path / "nowhere").exists()
    r = run("init", str(tmp_path / "link"), cwd=tmp_path)
    assert r.returncode == 2 and "liên kết tượng trưng" in r.stderr and not (tmp_path / "nowhere").exists()


def test_the_workflow_installs_the_same_xhht_from_git_when_installed_from_git(monkeypatch):
    """Installed with `pip install git+https://…`, the new repository's CI installs that address at
    the same commit (PEP 610), so CI works before any release is on the package index."""
    import json
    from importlib import metadata

    from xhht import __version__
    from xhht.cli import scaffold

    class Dist:
        def __init__(self, text):
            self.text = text

        def read_text(self, name):
            return self.text if name == "direct_url.json" else None

    info = {"url": "https://example.org/so-gddt/xhht.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    monkeypatch.setattr(metadata, "distribution", lambda name: Dist(json.dumps(info)))
    assert scaffold.requirement() == "xhht @ git+https://example.org/so-gddt/xhht.git@abc123"
    monkeypatch.setattr(metadata, "distribution", lambda name: Dist(json.dumps({"url": "file:///home/x/xhht"})))
    assert scaffold.requirement() == f"xhht=={__version__}"
