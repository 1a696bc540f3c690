"""`xhht init DIR`: a new tracker repository, ready for `xhht check` and `xhht report`.

The files ship as package data in xhht/init_files/ (names starting with `dot-` become dotfiles:
`dot-gitignore` -> `.gitignore`, `dot-github/` -> `.github/`); `@XHHT_VERSION@` becomes the
installed version. `plan.schema.json` is written from the models (`xhht schema`), so the example
plan's `# yaml-language-server` line works in VS Code straight away. The workflow installs the
same xhht that made the repository (`install_source`): its git address, or a wheel of it that
`init` writes into `.github/xhht/`.
"""

from __future__ import annotations

import re
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


WHEEL_FOLDER = ".github/xhht"  # where a repository keeps the wheel its CI installs


def install_source() -> tuple[str, tuple[str, bytes] | None]:
    """What the new repository's CI installs: the same xhht as the one running, however it was
    installed. (pip's requirement, (path in the repository, bytes of a file to write) or None).

    - Installed from a git address (PEP 610's direct_url.json with `vcs_info`): that address at the
      same commit, `xhht @ git+URL@COMMIT`.
    - Anything else (a clone with `pip install .` or `-e .`, a wheel, a package index): pip records
      no index, so whether `xhht==VERSION` exists on one cannot be known offline. The running
      xhht is packed into a wheel (`wheel_bytes`) kept in the repository under WHEEL_FOLDER, and
      CI installs that file: it needs nothing but PyPI for the dependencies."""
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
        return f"xhht @ git+{url}" + (f"@{commit}" if commit.isalnum() else ""), None
    name = f"xhht-{_wheel_version(__version__)}-py3-none-any.whl"
    path = f"{WHEEL_FOLDER}/{name}"
    return f"./{path}", (path, wheel_bytes())


def _wheel_version(version: str) -> str:
    return re.sub(r"[^\w\d.]+", "_", version)


def wheel_bytes() -> bytes:
    """A wheel of the running xhht (PEP 427), made without a network or a build tool: the files
    of the installed package (the source folder of an editable install) and its metadata, with a
    RECORD of their hashes. Deterministic: same installed files, same bytes."""
    import base64
    import hashlib
    import io
    import zipfile
    from importlib import metadata

    import xhht
    from xhht import __version__

    package = Path(xhht.__file__).resolve().parent
    dist_info = f"xhht-{_wheel_version(__version__)}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if "__pycache__" in rel.parts or path.suffix in (".pyc", ".pyo") or not path.is_file():
            continue
        entries.append(("xhht/" + rel.as_posix(), path.read_bytes()))
    dist = metadata.distribution("xhht")
    for name in ("METADATA", "entry_points.txt", "top_level.txt"):
        text = dist.read_text(name)
        if text is not None:
            entries.append((f"{dist_info}/{name}", text.encode("utf-8")))
    entries.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: xhht init\nRoot-Is-Purelib: true\n"
                                          b"Tag: py3-none-any\n"))
    record = io.StringIO()
    for name, data in entries:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.write(f"{name},sha256={digest},{len(data)}\n")
    record.write(f"{dist_info}/RECORD,,\n")
    entries.append((f"{dist_info}/RECORD", record.getvalue().encode("utf-8")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, data)
    return buf.getvalue()


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


def template_files(needed: str | None = None) -> dict[str, str]:
    """Target path (posix) -> text of every text file `init` writes, the schema included; the
    workflow installs `needed` (default: `install_source()`'s requirement)."""
    from xhht import __version__
    from xhht.model.schema import schema_json

    if needed is None:
        needed = install_source()[0]
    out = {"/".join(rel): node.read_text(encoding="utf-8").replace(REQUIREMENT, needed).replace(PLACEHOLDER, __version__)
           for rel, node in _walk(files("xhht.cli") / PACKAGE_FOLDER)}
    out["plan.schema.json"] = schema_json()
    return dict(sorted(out.items()))


def scaffold(folder: Path, git: bool = True) -> tuple[list[str], str]:
    """Write the repository into `folder` (created if missing; refused if not empty).
    Returns the paths written, relative to `folder`, and what its CI installs."""
    if folder.is_symlink():
        raise ScaffoldError(f"{folder} là một liên kết tượng trưng: `xhht init` chỉ tạo trong một thư mục thật, "
                            "mới hoặc trống",
                            f"{folder} is a symbolic link: `xhht init` only makes a real, new or empty folder")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} là một tệp, không phải thư mục", f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} không trống: `xhht init` chỉ tạo trong một thư mục mới hoặc trống",
                            f"{folder} is not empty: `xhht init` only fills a new or empty folder")
    needed, wheel = install_source()
    files: dict[str, str | bytes] = dict(template_files(needed))
    if wheel is not None:
        files[wheel[0]] = wheel[1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaffoldError(f"{folder}: không tạo được thư mục ({exc.strerror or exc})",
                            f"{folder}: cannot make the folder ({exc.strerror or exc})") from None
    write_inside(folder, {rel: content if isinstance(content, bytes) else content.encode("utf-8")
                          for rel, content in files.items()})
    if git and shutil.which("git") and not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=folder, capture_output=True)
    return sorted(files), needed
