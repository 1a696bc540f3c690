"""Writing files atomically: a temporary file beside the target, then a rename over it."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_all(writes: dict[Path, bytes]) -> None:
    """Every file to a temporary file beside it first, then each renamed over its target: a
    failure while writing leaves every target as it was. A FIFO or a device (`/dev/stdout`)
    is written into, never replaced. New files get the user's usual permissions (umask)."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in sorted(writes.items()):
            if path.exists() and not path.is_file():
                with open(path, "wb") as f:
                    f.write(data)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _mode_for(path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """The mode the file already has, or the one the user's umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


REPO_INPUTS = ("plans", "data", "templates", "areas.csv", "area-changes.csv", "xhht.toml")


def repo_input(path: Path, root: Path, allowed: tuple[str, ...] = ()) -> str | None:
    """The repository input that `path` is or lies in (`plans`, `areas.csv`, …), else None."""
    full = path.resolve()
    for name in REPO_INPUTS:
        if name in allowed:
            continue
        top = (root / name).resolve()
        if full == top or top in full.parents:
            return name
    return None
