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
    assert len(re.findall(r'<table class="data table-results"', dom)) == 1  # one results table, by group
    assert len(re.findall(r"<svg", dom)) == 1  # one chart of the results, numbered as the table
    assert len(re.findall(r'class="bar bar-', dom)) == 14  # a bar per target
    numbers = re.findall(r'<text x="34" y="\d+" text-anchor="end">(\d+)</text>', dom)
    assert numbers == [str(n) for n in range(1, 15)]  # the bars carry the table's TT
    assert "Trong 14 chỉ tiêu, có 08 chỉ tiêu đạt và vượt kế hoạch (vượt 07, đạt 01), 06 chỉ tiêu chưa đạt." in dom
    assert dom.count('class="bar bar-missed"') == 6 and dom.count('class="bar bar-exceeded"') == 7
    assert dom.count('class="bar bar-met"') == 1


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf` (poppler's pdftotext)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_printed_on_a4_the_first_page_carries_the_text_and_the_table(page, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "printed.pdf"
    result = browse(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert result.returncode == 0, result.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info
    pages = pdf_pages(pdf)
    assert 2 <= len(pages) <= 4, len(pages)  # the 14 targets, the chart and the parts after them
    first = " ".join(pages[0].split())
    assert first.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and "BÁO CÁO" in first
    assert "Kết quả cụ thể như sau:" in first and "Người trong độ tuổi 15-60 biết chữ" in first  # not pushed on
    assert "108,8%" in first  # the third row too: the table starts on page 1
    assert all(len(p.split()) > 60 for p in pages[:-1])  # no near-empty page


def test_chromium_screenshot_is_a_real_page(page, tmp_path):
    shot = tmp_path / "page.png"
    result = browse(page, f"--screenshot={shot}", "--window-size=1000,1600")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1600)
    assert len(data) > 30_000  # text, tables and charts, not a blank page
