"""The HTML review in a real browser: headless Chromium (Debian's `chromium`) renders the
page written by the installed `xhht`, and we check what it shows.

.ci/run installs Chromium, so in CI (CI set) a missing browser fails the test; on a
developer's machine without Chromium it is skipped with the reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, run

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run should have installed Debian's chromium")
        pytest.skip("Chromium is not installed here (apt-get install chromium); CI runs this test")
    return exe


def browse(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                              capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "review.html"
    result = run("report", "haugiang-kh64", "--period", "2013-2016", "--format", "html", "-o", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def test_chromium_renders_tables_and_charts(page):
    result = browse(page, "--dump-dom")
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(re.findall(r"<table", dom)) == 4  # one table per group
    assert len(re.findall(r"<svg", dom)) == 4  # one chart per group
    assert len(re.findall(r'class="bar bar-', dom)) == 14  # a bar per target
    assert "8/14 chỉ tiêu đến hạn đạt và vượt kế hoạch" in dom
    assert dom.count('class="status s-missed">▼ chưa đạt') == 6
    assert dom.count('class="status s-exceeded">▲ vượt') == 7
    assert dom.count('class="status s-met">● đạt') == 1


def test_chromium_screenshot_is_a_real_page(page, tmp_path):
    shot = tmp_path / "page.png"
    result = browse(page, f"--screenshot={shot}", "--window-size=1000,1600")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1600)
    assert len(data) > 30_000  # text, tables and charts, not a blank page
