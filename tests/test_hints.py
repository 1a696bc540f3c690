"""Every hint that proposes a concrete fix is checked against it (issue 20, point 7): the fix it
words is applied to docs/checks.md's example (cli/docgen.py: SYNTHETIC repositories) and the problem
goes away. A code whose hint names a value to write (`guess`, `fixed`, `expected`, a quoted value,
one of the allowed values) must have its fix here."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from xhht.cli.docgen import EXAMPLES, IMPORTS, PLAN, _plan, write_example, write_import_form
from xhht.problems.catalogue import CATALOGUE, _choose, fields


def _line_fix(old: str, new: str):
    """The fix `old` -> `new` on the problem's own line of its file."""
    def apply(root: Path, file: str, line: int) -> None:
        path = root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        assert old in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        path.write_text("\n".join(lines), encoding="utf-8")
    return apply


def _into_a_list(key: str):
    """The fix of a setting that must be a list of texts: `recipients = "x"` -> `recipients = ["x"]`
    (on the key's own line, where the problem is placed)."""
    def apply(root: Path, file: str, line: int) -> None:
        path = root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next(i for i, text in enumerate(lines) if text.split("=")[0].strip() == key.split(".")[-1])
        name, _, value = lines[at].partition("=")
        lines[at] = f"{name}= [{value.strip()}]"
        path.write_text("\n".join(lines), encoding="utf-8")
    return apply


def _quoted_cell(text: str) -> str:
    return f'"{text}"' if "," in text else text


# code -> the fix its hint words, from the problem's parameters
FIXES = {
    "unknown-key": lambda p: _line_fix(p["key"], p["guess"]),
    "bad-choice": lambda p: _line_fix(p["value"], p["guess"]),
    "bad-id": lambda p: _line_fix(p["id"], p["fixed"]),
    "wrong-type": lambda p: _line_fix(f"{p['field']}: {p['value']}", f'{p["field"]}: "{p["value"]}"'),
    "unknown-indicator": lambda p: _line_fix(p["id"] + ",", p["guess"] + ","),
    "area-bad-level": lambda p: _line_fix("," + p["level"] + ",", "," + p["guess"] + ","),
    "non-canonical-number": lambda p: _line_fix(_quoted_cell(p["text"]), p["fixed"]),
    "value-disagrees": lambda p: _line_fix("," + p["value"] + ",", "," + p["expected"] + ","),
    "unknown-level": lambda p: _line_fix(p["text"], p["levels"][0]),
    "target-unknown-level": lambda p: _line_fix(p["value"], p["levels"].split(", ")[0]),
    "unknown-setting": lambda p: _line_fix(p["key"].rsplit(".", 1)[-1], p["guess"]),
    "bad-setting": lambda p: _line_fix(p["value"], p["allowed"][0]) if "allowed" in p else _into_a_list(p["key"]),
    "report-unknown-section": lambda p: _line_fix(p["heading"], p["guess"]),
    "report-unknown-plan": lambda p: _line_fix(p["plan"], p["guess"]),
    "negative-zero": lambda p: _line_fix(",-0,", ",0,"),
    "ambiguous-number": lambda p: _line_fix(p["text"], p["comma"] if "comma" in p else p["thousands"]),
    "bad-tag": lambda p: _line_fix(p["tag"], p["fixed"]),
}
FIX_FIELDS = {"guess", "fixed", "expected", "quote", "allowed", "comma", "thousands", "levels"}

# beyond docs/checks.md's examples: the hints the issue found wrong
MORE = {
    # `area: 01` read as the number 1: the hint keeps the zero it warns about
    "wrong-type": {"plans/demo.yaml": _plan('area: "90"', "area: 01"),
                   "areas.csv": "code,name,level,parent\n01,Thành phố Hà Nội,tinh,\n"},
    # a level written in Vietnamese
    "area-bad-level": {"areas.csv": "code,name,level,parent\n90,Tỉnh Thử,tỉnh,\n901,Huyện Một,huyen,90\n"
                                    "902,Huyện Hai,huyen,90\n90101,Phường Một,Phường,901\n90102,Xã Hai,xã,901\n"
                                    "90103,Thị trấn Ba,thị trấn,901\n"},
}


def _problems(root: Path, code: str) -> list:
    from xhht.excel.importer import run_import
    from xhht.repo import load_repo

    if code in IMPORTS:
        form = next(root.glob("so-lieu.*"))
        return [p for p in run_import([form], load_repo(root), None, False, name=lambda x: x.name).problems
                if p.code == code]
    if code == "more-problems":  # made when problems are printed
        from xhht.present.problem_text import printed

        return [p for p, _ in printed(load_repo(root).problems) if p.code == code]
    return [p for p in load_repo(root).problems if p.code == code]


CASES = [(code, files) for code, files in EXAMPLES.items() if code != "template-error"] + list(MORE.items())


@pytest.mark.parametrize("code, files", CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_a_hint_s_fix_makes_its_problem_go_away(code, files):
    with tempfile.TemporaryDirectory(prefix="xhht-hint-") as tmp:
        root = write_example(Path(tmp), files)
        if code in IMPORTS:
            write_import_form(root, code)
        found = _problems(root, code)
        assert found, code
        for p in found:
            template = _choose(CATALOGUE[code].hint["en"], p.params) or ""
            concrete = bool(fields(template) & FIX_FIELDS) or code == "negative-zero"
            assert concrete == (code in FIXES), (code, template)
        if code not in FIXES:
            return
        for p in sorted(found, key=lambda p: -p.line):  # the last line first: a fix keeps the lines above
            file = next(root.glob("so-lieu.*")).name if code in IMPORTS else p.file
            FIXES[code](p.params)(root, file, p.line)
        assert _problems(root, code) == [], code


def test_the_hints_the_issue_found_wrong():
    with tempfile.TemporaryDirectory(prefix="xhht-hint-") as tmp:
        root = write_example(Path(tmp), MORE["wrong-type"])
        [p] = _problems(root, "wrong-type")
        assert p.hint_in("vi") == 'đặt trong dấu nháy: area: "01" (mã chỉ giữ được số 0 đầu khi viết dạng chữ)'
    with tempfile.TemporaryDirectory(prefix="xhht-hint-") as tmp:
        root = write_example(Path(tmp), MORE["area-bad-level"])
        hints = {p.params["level"]: p.hint_in("vi") for p in _problems(root, "area-bad-level")}
        assert set(hints) == {"tỉnh", "Phường", "xã", "thị trấn"}
        assert hints["Phường"].startswith("viết xa: cấp viết không dấu") and hints["tỉnh"].startswith("viết tinh:")
        assert "phường, thị trấn, đặc khu là xa" in hints["thị trấn"]
    assert PLAN  # the base the examples change
