"""Progress on stderr (issue 10, point 6): a bar when stderr is a terminal and loading takes
long (XHHT_PROGRESS_AFTER seconds, 2 by default; 0 here so that a small repository shows it),
nothing at all when stderr is a pipe. The repository is a SYNTHETIC fixture."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from conftest import write_repo, xhht_exe


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "120", "XHHT_PROGRESS_AFTER": "0",
            "XHHT_NO_CACHE": "1", "XDG_CACHE_HOME": str(tmp_path / "home"), "TERM": "xterm"}


def test_no_progress_when_stderr_is_piped(tmp_path: Path):
    root = write_repo(tmp_path / "repo")
    out = subprocess.run([xhht_exe(), "check"], cwd=root, capture_output=True, text=True, env=_env(tmp_path))
    assert out.returncode == 0
    assert out.stderr == ""


def _on_a_terminal(root: Path, tmp_path: Path, *args: str) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([xhht_exe(), "check", *args], cwd=root, stdout=subprocess.PIPE, stderr=follower,
                              env=_env(tmp_path), timeout=60)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    return proc.returncode, seen


def test_progress_when_stderr_is_a_terminal(tmp_path: Path):
    root = write_repo(tmp_path / "repo")
    code, seen = _on_a_terminal(root, tmp_path, "--lang", "en")
    assert code == 0
    assert b"files read" in seen
    code, seen = _on_a_terminal(root, tmp_path)  # in Vietnamese by default, as everything xhht prints
    assert code == 0
    assert "đã đọc tệp".encode() in seen and b"files read" not in seen
