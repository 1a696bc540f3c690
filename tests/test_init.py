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

from xhht import __version__

WHEEL = f".github/xhht/xhht-{__version__}-py3-none-any.whl"
FILES = [".github/workflows/xhht.yml", WHEEL, ".gitignore", ".pre-commit-config.yaml", "README.md", "areas.csv",
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
    from xhht.cli.scaffold import install_source
    assert f'"{install_source()[0]}"' in install
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
    the same commit (PEP 610), so CI works before any release is on the package index; installed any
    other way (a clone, a wheel, an editable install), the wheel of the running xhht."""
    import json
    from importlib import metadata

    from xhht.cli import scaffold

    real = metadata.distribution

    class Dist:
        def __init__(self, text):
            self.text = text

        def read_text(self, name):
            return self.text if name == "direct_url.json" else real("xhht").read_text(name)

    info = {"url": "https://example.org/so-gddt/xhht.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    monkeypatch.setattr(metadata, "distribution", lambda name: Dist(json.dumps(info)))
    assert scaffold.install_source() == ("xhht @ git+https://example.org/so-gddt/xhht.git@abc123", None)
    for recorded in ({"url": "file:///home/x/xhht", "dir_info": {"editable": True}},
                     {"url": "file:///home/x/xhht-0.1.0-py3-none-any.whl", "archive_info": {}}, None):
        monkeypatch.setattr(metadata, "distribution", lambda name: Dist(json.dumps(recorded) if recorded else None))
        needed, (path, data) = scaffold.install_source()
        assert needed == "./" + path and path == WHEEL and data == scaffold.wheel_bytes()


def test_the_wheel_init_writes_is_the_installed_package():
    """The wheel holds every file of the package and its metadata, with a RECORD whose hashes pip checks."""
    import base64
    import hashlib
    import io
    import zipfile

    import xhht
    from xhht.cli.scaffold import wheel_bytes

    data = wheel_bytes()
    assert data == wheel_bytes()  # deterministic
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    package = Path(xhht.__file__).parent
    files = {"xhht/" + p.relative_to(package).as_posix() for p in package.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    dist = f"xhht-{__version__}.dist-info"
    assert names - files == {f"{dist}/{n}" for n in ("METADATA", "WHEEL", "RECORD", "entry_points.txt",
                                                   "top_level.txt")}
    assert files <= names and "xhht/cli/init_files/dot-github/workflows/xhht.yml" in names
    assert "xhht = xhht.cli:run" in z.read(f"{dist}/entry_points.txt").decode()
    for line in z.read(f"{dist}/RECORD").decode().splitlines():
        name, digest, size = line.rsplit(",", 2)
        if digest:
            body = z.read(name)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
            assert int(size) == len(body)


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True)
    return path / "bin"


@pytest.mark.network
def test_a_new_repository_s_ci_installs_the_xhht_that_made_it(tmp_path):
    """Issue 20, point 1, as an officer meets it: xhht built as a wheel and installed in a fresh
    environment (no git, no package index for xhht); `xhht init`; then, in another fresh environment,
    every step of the workflow that runs on a push, as written (`Cài xhht` first), in the new
    repository: it installs xhht and `xhht check` passes. Needs PyPI for the dependencies (CI has it)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path),
           **{k: v for k, v in os.environ.items() if k.startswith("PIP_")}}
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, env=env)
    [built] = dist.glob("xhht-*.whl")
    officer = _venv(tmp_path / "officer")
    subprocess.run([officer / "pip", "install", "-q", str(built)], check=True, capture_output=True, env=env)
    made = subprocess.run([officer / "xhht", "init", "tinh-moi"], cwd=tmp_path, capture_output=True, text=True,
                          env=env)
    assert made.returncode == 0, made.stderr
    assert "Bước tiếp theo" in made.stdout and WHEEL in made.stdout
    repo = tmp_path / "tinh-moi"
    steps = workflow(repo)["jobs"]["check"]["steps"]
    runner = _venv(tmp_path / "ci")
    ci_env = {**env, "PATH": f"{runner}:/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    ran = []
    for step in steps:
        if "run" not in step or "pull_request" in step.get("if", ""):
            continue
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, capture_output=True, text=True,
                              env=ci_env)
        assert proc.returncode == 0, (step["name"], proc.stdout, proc.stderr)
        ran.append(step["name"])
    assert ran[0] == "Cài xhht" and "Kiểm tra kế hoạch và số liệu" in ran
    check = subprocess.run([runner / "xhht", "check"], cwd=repo, capture_output=True, text=True, env=ci_env)
    assert (check.returncode, check.stdout.strip()) == (0, "không có lỗi")
    assert (repo / "bao-cao" / "vi-du.html").is_file()
    version = subprocess.run([runner / "xhht", "--version"], capture_output=True, text=True, env=ci_env)
    assert version.stdout.strip() == f"xhht {__version__}"
