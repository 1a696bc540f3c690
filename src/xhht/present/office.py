"""`-f pdf`: the .docx review converted by LibreOffice (`soffice --headless --convert-to pdf`,
CONTRACT section 11), in a temporary folder with a profile of its own (so that it neither waits
for nor disturbs a LibreOffice the user has open), bounded by a timeout. Without LibreOffice,
a usage error (exit 2) in one line that says how to install it or to open the .docx instead.

LibreOffice is a tree of processes (the `soffice` script, oosplash, soffice.bin): it runs in a process
group of its own, which is killed whole when it has not finished in time or the run is interrupted, so
no LibreOffice is left running after xhht (killing only the script left soffice.bin behind)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from xhht.base.errors import UsageError

TIMEOUT = 180  # seconds: a first start of LibreOffice makes its profile (about 10 s); a long review takes 20


def find_soffice() -> str:
    """LibreOffice's `soffice` (or `libreoffice`) on PATH; UsageError when there is none."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise UsageError("-f pdf cần LibreOffice để chuyển văn bản sang PDF, máy chưa cài: cài LibreOffice "
                         "(ví dụ: sudo apt install libreoffice-writer), hoặc dùng -f docx rồi mở tệp bằng Word "
                         "hay LibreOffice để lưu thành PDF",
                         "-f pdf needs LibreOffice to turn the document into a PDF, and it is not installed: "
                         "install LibreOffice (e.g. sudo apt install libreoffice-writer), or use -f docx and save "
                         "it as PDF from Word or LibreOffice")
    return found


def docx_to_pdf(docx: bytes, timeout: int = TIMEOUT) -> bytes:
    """The PDF that LibreOffice makes of `docx`."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="xhht-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(docx)
        env = {**os.environ, "HOME": tmp}
        try:
            code = _run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                         "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", tmp, str(source)], env, timeout)
        except subprocess.TimeoutExpired:
            raise UsageError(f"-f pdf: LibreOffice chưa chuyển xong sau {timeout} giây; hãy dùng -f docx",
                             f"-f pdf: LibreOffice had not finished after {timeout} s; use -f docx") from None
        except OSError as exc:
            raise UsageError(f"-f pdf: không chạy được LibreOffice ({exc.strerror}); hãy dùng -f docx",
                             f"-f pdf: LibreOffice could not be started ({exc.strerror}); use -f docx") from None
        pdf = folder / "bao-cao.pdf"
        if code != 0 or not pdf.is_file():
            raise UsageError("-f pdf: LibreOffice không chuyển được văn bản sang PDF; hãy dùng -f docx",
                             "-f pdf: LibreOffice could not convert the document; use -f docx")
        return pdf.read_bytes()


def _run(argv: list[str], env: dict[str, str], timeout: int) -> int:
    """Run `argv` in a new session (its own process group), no input, its output discarded; its exit
    code, or subprocess.TimeoutExpired. Unless it ended by itself, the whole group is killed."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, start_new_session=True)
    try:
        return proc.wait(timeout)
    finally:
        if proc.returncode is None:  # timed out or interrupted: the group's id is still that of our child
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
