"""Every check code is in the catalogue, worded in both languages, documented in docs/checks.md
(generated from the catalogue, with a real example) and exercised by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import xhht.problems.record
from conftest import ROOT, run
from xhht.problems.catalogue import CATALOGUE, LANGS, PHRASES, SECTIONS, Phrase, TemplateError, fields, phrase, word
from xhht.cli.docgen import EXAMPLES, checks_md, example_problems
from xhht.problems import CODES, Loc

TESTS = Path(__file__).parent


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([a-z0-9-]+)$", doc, flags=re.M))
    assert documented == set(CODES)
    for code in CODES:  # and each has a real example line, and its anchor is the heading's
        assert f"[{code}]" in doc, code
        assert CATALOGUE[code].anchor == f"docs/checks.md#{code}" and f"](#{code})" in doc


def test_docs_checks_md_is_generated_from_the_catalogue():
    """docs/checks.md is what `python -m xhht.cli.docgen` prints today (examples regenerated): the
    command of the command line's layer (issue 17), run as the README says."""
    import subprocess
    import sys

    made = subprocess.run([sys.executable, "-m", "xhht.cli.docgen"], capture_output=True, check=True).stdout
    assert made.decode("utf-8") == checks_md()
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == checks_md(), \
        "docs/checks.md is out of date: python -m xhht.cli.docgen > docs/checks.md"


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_code_has_an_example_that_raises_it(code):
    problems = example_problems(code)
    assert problems, f"the example of {code} in xhht/docgen.py does not raise it"
    assert {p.severity for p in problems} == {CATALOGUE[code].severity}


def test_examples_are_for_known_codes():
    assert set(EXAMPLES) == set(CATALOGUE)


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_code_has_messages_and_hints_in_both_languages(code):
    entry = CATALOGUE[code]
    assert entry.severity in ("error", "warning") and entry.section in SECTIONS and entry.summary
    for part in (entry.message, entry.hint):
        assert set(part) == set(LANGS)
        vi, en = part["vi"], part["en"]
        assert len(vi) == len(en) and all(vi) and all(en), code
        for a, b in zip(vi, en):  # the same parameters, alternative by alternative
            assert fields(a) == fields(b), (code, a, b)
        if any(re.sub(r"\{[^}]*\}", "", alt).strip() for alt in vi):  # not only a worded phrase: {reason}
            assert vi != en, f"{code}: the Vietnamese text is the English one"
    for lang in LANGS:  # a hint may use only parameters that some message alternative takes, or guards
        for alt in entry.message[lang] + entry.hint[lang]:
            assert "{" not in re.sub(r"\{[a-z_]+(:[?tn])?\}|\{\{|\}\}", "", alt), (code, alt)


def test_every_phrase_has_both_languages_with_the_same_parameters():
    for key, texts in PHRASES.items():
        assert set(texts) == set(LANGS), key
        assert fields(texts["vi"]) == fields(texts["en"]), key


def test_wording_is_chosen_at_output_time():
    p = Loc("data/d.csv", 4, 4).problem("non-canonical-number", what="value", text="87,5", fixed="87.5", value=True)
    assert p.message == "giá trị '87,5' không viết đúng dạng số chuẩn"
    assert p.hint == "viết 87.5 (dấu chấm thập phân, không dấu phân cách hàng nghìn, không %)"
    assert p.message_in("en") == "the value '87,5' is not written as a plain number"
    assert p.as_dict("en")["hint"] == "write 87.5 (a dot for decimals; no thousands separator, no %)"
    assert p.as_dict()["message"] == p.message
    # phrases and optional parts
    q = Loc("plans/p.yaml", 3, 1).problem("target-out-of-range", at=phrase("target-year", year=2020), count="-1")
    assert q.message == "mục tiêu năm 2020: mục tiêu số lượng '-1' là số âm"
    assert q.message_in("en") == "target 2020: the count target '-1' is negative"
    assert isinstance(q.params["at"], Phrase)


def test_missing_parameters_are_a_template_error():
    xhht.problems.record._made = None  # these problems are meant to be unworded
    with pytest.raises(TemplateError):
        word("unknown-area", {}, "vi")
    with pytest.raises(TemplateError):
        Loc("x").problem("non-canonical-number", text="1").message_in("en")  # no `what`


def test_a_problem_has_no_text_form():
    """Issue 17: the old text form (a message and hint given as text, in one language) is gone: a
    problem is a catalogue code and its parameters, worded in either language."""
    with pytest.raises(TypeError):
        Loc("a.csv", 1).problem("unknown-area", "the area 'x' is unknown", "add it")
    p = Loc("a.csv", 1).problem("unknown-area", area="x")
    assert (p.message_in("vi"), p.message_in("en")) == (word("unknown-area", {"area": "x"}, "vi"),
                                                        word("unknown-area", {"area": "x"}, "en"))
    assert not hasattr(p, "text")


def test_every_code_has_a_test():
    text = "".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_docs.py")
    missing = [code for code in CODES if f'"{code}"' not in text]
    assert missing == []


def test_help_has_no_internal_type_names(tmp_path):
    for cmd in ([], ["check"], ["report"], ["status"]):
        for lang in ("vi", "en"):
            r = run(*cmd, "--help", "--lang", lang, cwd=tmp_path)
            assert r.returncode == 0 and ("Cách dùng" if lang == "vi" else "Usage") in r.stdout
            found = re.findall(r"<(?:bool|str|int|float|path|Path|list\[[^>]*\])>|list\[", r.stdout)
            assert found == [], (cmd, found, r.stdout)
    check = run("check", "--help", cwd=tmp_path).stdout
    assert "[PATH]..." in check and "--lang" in check
    report = run("report", "--help", cwd=tmp_path).stdout
    assert "PERIOD" in report and "CODE" in report and "FILE" in report


def test_readme_quick_start_commands_are_the_ci_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "pip install '.[test]' && pytest"
    assert test_command in readme and test_command in ci


def test_a_problem_that_cannot_be_worded_is_still_printed(capsys):
    """A template bug never becomes a traceback for the user: the parameters are printed instead."""
    from xhht.present.problem_text import print_problems

    xhht.problems.record._made = None  # meant to be unworded
    p = Loc("data/d.csv", 2, 2).problem("unknown-area", wrong="99")
    print_problems([p], "text", "vi")
    assert "data/d.csv:2:2: error[unknown-area] wrong=99\n1 lỗi trong 1 tệp\n" == capsys.readouterr().out
    print_problems([p], "json", "en")
    assert '"message": "wrong=99"' in capsys.readouterr().out


def test_the_old_positional_problem_is_refused():
    """Problem(file, line, col, code, message, hint[, severity]), written before the catalogue, is a
    programming error now (issue 17): the parameters must be a dict of the code's parameters."""
    xhht.problems.record._made = None  # nothing to word: these problems are never made
    from xhht.problems import Problem

    with pytest.raises(TypeError):
        Problem("a.csv", 2, 1, "unknown-area", "the area is unknown", "add it")
    q = Problem("a.csv", 2, 1, "unknown-area", {"area": "99"}, "warning")
    assert (q.severity, q.params) == ("warning", {"area": "99"})
    assert q.message_in("en") == word("unknown-area", {"area": "99"}, "en")
