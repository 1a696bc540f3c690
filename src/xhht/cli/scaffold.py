"""`xhht init DIR`: a new tracker repository, ready for `xhht check` and `xhht report`.

The files ship as package data in xhht/init_files/ (names starting with `dot-` become dotfiles:
`dot-gitignore` -> `.gitignore`, `dot-github/` -> `.github/`); `@XHHT_VERSION@` becomes the
installed version. `plan.schema.json` is written from the models (`xhht schema`), so the example
plan's `# yaml-language-server` line works in VS Code straight away.
"""

from __future__ import annotations

import shutil
import subprocess
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from xhht.base.errors import UsageError
from xhht.base.writing import write_inside

PACKAGE_FOLDER = "init_files"
PLACEHOLDER = "@XHHT_VERSION@"
REQUIREMENT = "@XHHT_REQUIREMENT@"


def requirement() -> str:
    """What the new repository's CI installs: the same xhht as this one. Installed from a git
    address (PEP 610's direct_url.json), that address at the same commit, which works before any
    release is published; else `xhht==VERSION` from the package index."""
    import json
    from importlib import metadata

    from xhht import __version__

    try:
        raw = metadata.distribution("xhht").read_text("direct_url.json")
        info = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError, OSError):
        info = {}
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    url = info.get("url", "") if isinstance(info, dict) else ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(url, str) \
            and url.startswith(("https://", "ssh://", "git://")) and '"' not in url:
        commit = str(vcs.get("commit_id", ""))
        return f"xhht @ git+{url}" + (f"@{commit}" if commit.isalnum() else "")
    return f"xhht=={__version__}"


class ScaffoldError(UsageError):
    """DIR cannot be used: not empty, or a file (exit 2)."""


def _target_name(name: str) -> str:
    return "." + name[len("dot-"):] if name.startswith("dot-") else name


def _walk(node: Traversable, rel: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Traversable]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        here = rel + (_target_name(child.name),)
        if child.is_dir():
            out += _walk(child, here)
        else:
            out.append((here, child))
    return out


def template_files() -> dict[str, str]:
    """Target path (posix) -> text of every file `init` writes, the schema included."""
    from xhht import __version__
    from xhht.model.schema import schema_json

    needed = requirement()
    out = {"/".join(rel): node.read_text(encoding="utf-8").replace(REQUIREMENT, needed).replace(PLACEHOLDER, __version__)
           for rel, node in _walk(files("xhht.cli") / PACKAGE_FOLDER)}
    out["plan.schema.json"] = schema_json()
    return dict(sorted(out.items()))


def scaffold(folder: Path, git: bool = True) -> list[str]:
    """Write the repository into `folder` (created if missing; refused if not empty).
    Returns the paths written, relative to `folder`."""
    if folder.is_symlink():
        raise ScaffoldError(f"{folder} là một liên kết tượng trưng: `xhht init` chỉ tạo trong một thư mục thật, "
                            "mới hoặc trống",
                            f"{folder} is a symbolic link: `xhht init` only makes a real, new or empty folder")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} là một tệp, không phải thư mục", f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} không trống: `xhht init` chỉ tạo trong một thư mục mới hoặc trống",
                            f"{folder} is not empty: `xhht init` only fills a new or empty folder")
    texts = template_files()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaffoldError(f"{folder}: không tạo được thư mục ({exc.strerror or exc})",
                            f"{folder}: cannot make the folder ({exc.strerror or exc})") from None
    write_inside(folder, {rel: text.encode("utf-8") for rel, text in texts.items()})
    if git and shutil.which("git") and not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=folder, capture_output=True)
    return list(texts)
