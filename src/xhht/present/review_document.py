"""The review as an official document (CONTRACT section 11): one computation of its content for
every format. `review_document` turns a Review (with the repository's units, the officer's report
text file and the `[report]` settings) into an `OfficialDocument` (present/document.py):

    heading (cơ quan, số, địa danh và ngày; BÁO CÁO and the trích yếu)
    the căn cứ sentence ("Thực hiện Kế hoạch số … , Sở … báo cáo kết quả sơ kết … như sau:")
    I.   KẾT QUẢ THỰC HIỆN: 1. Công tác chỉ đạo, triển khai (the officer's); 2. Kết quả thực hiện
         các chỉ tiêu (the overview, the table of the targets due by group, the distributions);
         3. Kết quả khác (the figures without a target, and the officer's)
    II.  TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN: 1. Tồn tại, hạn chế (the targets missed, worst first; off
         track; without figures; then the officer's); 2. Nguyên nhân; 3. Bài học kinh nghiệm
    III. NHIỆM VỤ, GIẢI PHÁP: the targets ahead with the change each needs a year; the officer's
    IV.  KIẾN NGHỊ, ĐỀ XUẤT: the officer's
    Nơi nhận, the signer; a phụ lục of the units of the lowest level when the plan has targets by level

A part the officer has not written is a highlighted placeholder (`placeholders=True`, the .docx)
or left out with its heading (Markdown, HTML: `placeholders=False`), and the parts are numbered
as they come. docx is `write_docx` of the document; md and html render it (render.document_view).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from xhht.base.kinds import Status
from xhht.base.units import unit_of
from xhht.present import fmt
from xhht.present.document import (
    Annex,
    Block,
    Column,
    OfficialDocument,
    Paragraph,
    Placeholder,
    Run,
    Signer,
    Table,
    TableRow,
    WORDING,
)
from xhht.present.document_words import AGENCIES, ROMAN, WORDS

if TYPE_CHECKING:
    from xhht.judge.results import Result, Review
    from xhht.model.areas import Areas
    from xhht.model.report_text import ReportText, TextBlock

DUE = (Status.EXCEEDED, Status.MET, Status.MISSED, Status.NO_DATA)
AHEAD = (Status.ON_TRACK, Status.OFF_TRACK, Status.NOT_DUE)
FRONT_KEYS = ("parent_body", "body", "place", "signer", "recipients")
TEXT_WIDTH_MM = 165.0  # A4 less the margins of NĐ 30 (30 + 15 mm); the writer narrows wider tables
LANDSCAPE_WIDTH_MM = 257.0  # A4 landscape less its margins (20 + 20 mm)


def review_document(review: Review, areas: Areas, view: dict, lang: str = "vi", text: ReportText | None = None,
                    settings: dict | None = None, placeholders: bool = True,
                    annex: dict | None = None) -> OfficialDocument:
    """The review as a document. `view`: render.build_view of the same review (the words of every
    result, computed once); `settings`: the `[report]` table of xhht.toml (the text file's front
    matter wins); `annex`: the scorecard of its phụ lục (`judge.scorecard.annex_card`) as
    `present.scorecard.scorecard_view` words it, if any."""
    return _Builder(review, areas, lang, text, settings or {}, placeholders, view, annex).document()


class _Builder:
    def __init__(self, review: Review, areas: Areas, lang: str, text: ReportText | None, settings: dict,
                 placeholders: bool, view: dict, annex: dict | None = None) -> None:
        self.review, self.areas, self.lang, self.text, self.annex = review, areas, lang, text, annex
        self.placeholders, self.view = placeholders, view
        self.w, self.f = WORDS[lang], fmt.WORDS[lang]
        self.front = {k: v for k, v in settings.items() if k in FRONT_KEYS}
        if text is not None:
            self.front.update({k: getattr(text, k) for k in FRONT_KEYS if getattr(text, k) is not None})
        self.results = list(zip(review.results, view["results"]))
        plan = review.plan
        self.kind = fmt.document_kind(plan.number, plan.kind)
        self.kind_text = self.kind if lang == "vi" else fmt.KIND_EN.get(self.kind, self.kind)
        self.other_area = review.area != plan.area and bool(view["area"])
        self.numbers = due_numbers(review)

    # -- the document ---------------------------------------------------------------------

    def document(self) -> OfficialDocument:
        front, text = self.front, self.text
        signer = front.get("signer")
        if isinstance(signer, dict):
            signer = Signer(title=signer.get("title", ""), authority=signer.get("authority"), name=signer.get("name"))
        elif signer is not None:
            signer = Signer(title=signer.title, authority=signer.authority, name=signer.name)
        blocks: list[Block] = [Paragraph.of(self.basis())]
        w = self.w
        parts = [(w["part_results"], self.part_results()), (w["part_problems"], self.part_problems()),
                 (w["part_tasks"], self.part_tasks()), (w["part_proposals"], self.officer("proposals"))]
        parts = [(title, body) for title, body in parts if body]
        for i, (title, body) in enumerate(parts):
            blocks.append(Paragraph.of(f"{ROMAN[i]}. {title}", "heading1"))
            blocks += body
        return OfficialDocument(
            parent_body=front.get("parent_body"), body=front.get("body") or "",
            number=(text.number if text and text.number is not None else self.w["number"]),
            place=front.get("place") or "", date=text.date if text else None,
            subject=(text.subject if text and text.subject else self.subject()), kind=self.w["kind"],
            blocks=tuple(blocks), recipients=tuple(front.get("recipients") or ()), signer=signer,
            annexes=tuple(self.annexes()), lang=self.lang, fill=self.placeholders)

    def _span(self) -> str:
        r = self.review
        return (self.w["span_years"].format(start=r.start, end=r.end) if r.start != r.end
                else self.w["span_year"].format(year=r.start))

    def _what(self) -> str:
        return self.w["final" if self.review.end >= self.review.plan.end else "mid"]

    def _cited(self) -> dict:
        """The plan's document as the subject and the opening sentence cite it."""
        p, w = self.review.plan, self.w
        return {"kind": self.kind_text, "number": p.number,
                "dated": w["dated"].format(date=fmt.date(p.date, self.lang)) if p.date else "",
                "issuer": w["issuer"].format(issuer=p.issuer) if p.issuer else "",
                "where": w["where"].format(area=self.view["area"]) if self.other_area else ""}

    def subject(self) -> str:
        """"Sơ kết giai đoạn 2013 - 2015 thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 của UBND tỉnh Hậu Giang"."""
        what = self._what()
        return self.w["subject"].format(what=fmt.capital(what), What=fmt.capital(what), span=self._span(),
                                        **self._cited())

    def basis(self) -> str:
        """The căn cứ: "Thực hiện Kế hoạch số … về …, Sở Giáo dục và Đào tạo báo cáo kết quả sơ kết … như sau:"."""
        reporter = running_body(self.front.get("body") or "", self.lang)
        return self.w["basis" if reporter else "basis_nobody"].format(
            about=self._about(), reporter=reporter, what=self._what(), span=self._span(), **self._cited())

    def _about(self) -> str:
        """What the plan's document is about, from its title: "Kế hoạch thực hiện Đề án …" -> "về thực
        hiện Đề án …"; a Quyết định of an Đề án -> "phê duyệt Đề án …"."""
        title = smart_quotes(self.review.plan.title.strip())
        head, _, rest = title.partition(" ")
        if self.lang == "vi" and head.casefold() == self.kind.split()[0].casefold() \
                and title.casefold().startswith(self.kind.casefold() + " "):
            return self.w["about"].format(title=title[len(self.kind) + 1:])
        if self.lang == "vi" and self.kind == "Quyết định" and head in ("Đề", "Chương", "Kế", "Chiến"):
            return self.w["approving"].format(title=title)
        if self.lang == "vi" and title[1:2].islower():
            title = title[:1].lower() + title[1:]
        return self.w["about"].format(title=title)

    # -- I. results -------------------------------------------------------------------------

    def part_results(self) -> list[Block]:
        w = self.w
        sections = [(w["direction"], self.officer("direction")),
                    (w["targets"], self.targets()),
                    (w["other_results"], self.context() + self.officer("other_results"))]
        return self.numbered(sections)

    def targets(self) -> list[Block]:
        out: list[Block] = [Paragraph.of(s) for s in self.view["sentences"]]
        due = [(r, v) for r, v in self.results if r.status in DUE]
        if due:
            bases = {v["basis_text"] for _, v in due}  # in a review of another area: what it is judged against
            common = bases.pop() if len(bases) == 1 else ""
            intro = self.w["table_intro_basis"].format(basis=common) if common else self.w["table_intro"]
            out += [Paragraph.of(intro), self.results_table(due, with_basis=not common)]
        gone = [(r, v) for r, v in self.results if r.status == Status.NOT_APPLICABLE]
        if gone:
            reform = all(r.cause is None or r.cause.kind not in fmt.WHOLE_AREA for r, _ in gone)
            out.append(Paragraph.of(self.w["not_applicable_reform" if reform else "not_applicable"]))
            out += [Paragraph.of(self._item(f"{v['label']}, {v['year']}: {_lower(v['reason'])}", i == len(gone) - 1),
                                 "bullet") for i, (_, v) in enumerate(gone)]
        for d in self.view["distributions"]:
            out.append(self.distribution_table(d))
        return out

    def results_table(self, due: list, with_basis: bool = True) -> Table:
        w = self.w
        columns = (Column(title=w["col_no"], width_mm=10, align="center"),
                   Column(title=w["col_name"], width_mm=60),
                   Column(title=w["col_unit"], width_mm=14, align="center"),
                   Column(title=w["col_year"], width_mm=12, align="center"),
                   Column(title=w["col_target"], width_mm=17, align="right"),
                   Column(title=w["col_actual"], width_mm=17, align="right"),
                   Column(title=w["col_ratio"], width_mm=18, align="right"),
                   Column(title=w["col_status"], width_mm=17, align="center"))
        rows: list[TableRow] = []
        groups = {g.code: g for g in self.review.plan.groups}
        group = None
        for r, v in due:
            if r.indicator.group != group:
                group = r.indicator.group
                g = groups.get(group)
                rows.append(TableRow(cells=(heading_of(group, g.title if g else ""),), kind="group"))
            status = fmt.capital(v["status_text"])
            rows.append(TableRow(cells=(
                str(self.numbers[id(r)]), name_cell(v, with_basis), self.unit_word(r), str(r.year), self.bare(r, v["target"]),
                self.bare(r, v["actual_when"]) if r.actual is not None else "", self.against(r),
                (Run(text=status, bold=r.status == Status.MISSED),))))
        return Table(columns=columns, rows=tuple(rows), key="results")

    def unit_word(self, r: Result) -> str:
        """The "Đơn vị tính" of a result: % for a percent (and a share of units), đơn vị for a count of
        units, mức độ / xếp loại for a level / rating; none for a plain count or yes-no (the name
        says what is counted)."""
        if r.scope is not None and r.kind == "count":
            return self.w["unit_units"]
        return {"percent": self.w["unit_percent"], "level": self.w["unit_level"],
                "rating": self.w["unit_rating"]}.get(str(r.measure_unit), "")

    def bare(self, r: Result, text: str) -> str:
        """A value in a table whose "Đơn vị tính" column carries the unit: 20 for 20%, mức độ 3 as 3."""
        if str(r.measure_unit) == "percent":
            return text.replace("%", "")
        if str(r.measure_unit) == "level":
            word = fmt.UNIT_WORDS[self.lang]["level"]
            return re.sub(rf"(?i){re.escape(word)}\s+", "", text)
        return text

    def against(self, r: Result) -> str:
        """"So với kế hoạch": the share of the target reached (15%); for a ceiling, how far above
        or below it; nothing for a change on the year before, a level, a rating or yes-no."""
        if r.comparator in ("<=", "<"):
            return fmt.gap(r.gap, r.measure_unit, self.lang, True)
        return fmt.ratio_pct(r, self.lang)

    def distribution_table(self, d: dict) -> Table:
        w = self.w
        width = (TEXT_WIDTH_MM - 20 - 30) / max(len(d["labels"]), 1)
        columns = (Column(title=w["col_year"], width_mm=20, align="center"),
                   *(Column(title=label, width_mm=width, align="right") for label in d["labels"]),
                   Column(title=w["no_data"], width_mm=30, align="right"))
        rows = tuple(TableRow(cells=(str(y["year"]), *(str(n) for n in y["counts"]), str(y["no_data"])))
                     for y in d["years"])
        return Table(columns=columns, rows=rows, title=w["distribution"].format(name=d["name"], level=d["level"]),
                     key="distribution")

    def context(self) -> list[Block]:
        ctx = self.view["context"]
        if not ctx:
            return []
        w = self.w
        columns = (Column(title=w["col_no"], width_mm=10, align="center"), Column(title=w["col_name"], width_mm=75),
                   Column(title=w["col_year"], width_mm=14, align="center"),
                   Column(title=w["col_result"], width_mm=24, align="right"),
                   Column(title=w["col_note"], width_mm=42))
        rows = tuple(TableRow(cells=(str(i), c["name"], str(c["year"]), c["actual"], "; ".join(
            [*c["notes"], *([w["context_notes"].format(source=c["source"])] if c["source"] else [])])))
            for i, c in enumerate(ctx, 1))
        return [Paragraph.of(self.f["context_intro"]), Table(columns=columns, rows=rows, key="context")]

    # -- II. shortcomings --------------------------------------------------------------------

    def progress(self, r: Result, v: dict) -> str:
        """The "Tiến độ" of a target ahead: đúng / chậm tiến độ, or not enough figures to tell."""
        return self.w["progress_none"] if r.status == Status.NOT_DUE else fmt.capital(v["status_text"])

    def part_problems(self) -> list[Block]:
        w = self.w
        computed = self.shortcomings()
        return self.numbered([(w["shortcomings"], computed + self.officer("shortcomings")),
                              (w["causes"], self.officer("causes")), (w["lessons"], self.officer("lessons"))])

    def shortcomings(self) -> list[Block]:
        w, view = self.w, self.view
        out: list[Block] = []
        missed = view["missed"]
        if missed:
            out.append(Paragraph.of(w["missed"].format(n=fmt.count(len(missed), self.lang))))
            out += self.items([self.missed_item(v) for v in missed])
        if view["off_track"]:
            out.append(Paragraph.of(w["off_track"].format(n=fmt.count(len(view["off_track"]), self.lang))))
            out += self.items([f"{v['label']}: {_lower(v['reason'])}" for v in view["off_track"]])
        none = [v for r, v in self.results if r.status == Status.NO_DATA]
        if none:
            out.append(Paragraph.of(w["no_figures"].format(n=fmt.count(len(none), self.lang))))
            out += self.items([w["target_of"].format(label=v["label"], year=v["year"], target=v["target"])
                               + (f"; {_lower(v['reason'])}" if v["reason"] else "") for v in none])
        if not out and any(r.status in DUE for r, _ in self.results):
            out.append(Paragraph.of(w["all_met"]))
        return out

    def missed_item(self, v: dict) -> str:
        w = self.w
        numeric = bool(v["ratio"]) or v["gap"]
        text = w["missed_item" if numeric else "missed_item_words"].format(
            label=v["label"], year=v["year"], actual=v["actual"], target=v["target"])
        text += "".join(f", {part}" for part in (v["ratio"], v["gap"]) if part)
        if v["short"]:
            text += "; " + w["units_short"].format(names=", ".join(v["short"]))
        if v["missing"]:
            text += "; " + w["units_missing"].format(names=", ".join(v["missing"]))
        if v["reason"]:  # what the figure rests on: units counted by a recognition that still stands
            text += "; " + _lower(v["reason"])
        return text

    # -- III. tasks, IV. proposals -----------------------------------------------------------

    def part_tasks(self) -> list[Block]:
        ahead = [(r, v) for r, v in self.results if r.status in AHEAD]
        computed: list[Block] = []
        if ahead:
            w = self.w
            columns = (Column(title=w["col_no"], width_mm=10, align="center"), Column(title=w["col_name"], width_mm=60),
                       Column(title=w["col_year"], width_mm=12, align="center"),
                       Column(title=w["col_target"], width_mm=19, align="right"),
                       Column(title=w["col_latest"], width_mm=22, align="right"),
                       Column(title=w["col_change"], width_mm=24, align="right"),
                       Column(title=w["col_progress"], width_mm=18, align="center"))
            rows = tuple(TableRow(cells=(str(i), name_cell(v), str(r.year), v["target"],
                                         v["actual_when"] if r.actual is not None else "",
                                         fmt.per_year(r, self.lang), self.progress(r, v)))
                         for i, (r, v) in enumerate(ahead, 1))
            end = self.review.end
            final, later = any(r.year <= end for r, _ in ahead), any(r.year > end for r, _ in ahead)
            intro = w["ahead_both" if final and later else "ahead_final" if final else "ahead"].format(end=end)
            computed += [Paragraph.of(intro), Table(columns=columns, rows=rows, key="ahead")]
        return computed + self.officer("tasks")

    # -- the officer's text ------------------------------------------------------------------

    def officer(self, key: str) -> list[Block]:
        """The officer's section `key` as blocks; else a placeholder in a document with placeholders
        (beside computed content too: the officer still has to write it); else nothing."""
        section = self.text.section(key) if self.text is not None else None
        if section is not None and section.blocks:
            return [_block(b) for b in section.blocks]
        return [Placeholder()] if self.placeholders else []

    def numbered(self, sections: list[tuple[str, list[Block]]]) -> list[Block]:
        """"1. Title" headings before the parts that have content, numbered as they come."""
        out: list[Block] = []
        n = 0
        for title, body in sections:
            if body:
                n += 1
                out.append(Paragraph.of(f"{n}. {title}", "heading2"))
                out += body
        return out

    def items(self, texts: list[str]) -> list[Block]:
        """A dash list as NĐ 30 ends it: each item with ";" and the last with "."."""
        return [Paragraph.of(self._item(t, i == len(texts) - 1), "bullet") for i, t in enumerate(texts)]

    @staticmethod
    def _item(text: str, last: bool) -> str:
        return text.rstrip(" .;") + ("." if last else ";")

    # -- annex ------------------------------------------------------------------------------

    def annexes(self) -> list[Annex]:
        """The scorecard of the plan's lowest level (CONTRACT 12, `judge.scorecard.annex_card`, the
        computation of `xhht scorecard`, worded by present/scorecard.scorecard_view) as a phụ lục: each unit's
        result under each target of the year, its counts, its share met and its rank; then what each
        column asks and the marks. Landscape when it does not fit the width of a portrait page."""
        view, w = self.annex, self.w
        if view is None or not view["columns"]:
            return []
        sw, n = view["sw"], len(view["columns"])
        marks = [f"({c['n']})" for c in view["columns"]]
        counts = (w["annex_achieved"], sw["missed"], sw["no_data"])
        header = ((w["col_no"], sw["unit"], *[w["annex_results"]] * n, *[w["annex_counts"]] * 3, sw["ratio"],
                   w["annex_rank"]),
                  (w["col_no"], sw["unit"], *marks, *counts, sw["ratio"], w["annex_rank"]))
        fixed = 10 + 45 + 16 + 15  # TT, the counts, the share met, the rank
        landscape = fixed + 48 + 24 * n > TEXT_WIDTH_MM
        width = (LANDSCAPE_WIDTH_MM if landscape else TEXT_WIDTH_MM) - fixed  # for the name and the results
        name_mm = min(max(48.0, width - 30 * n), 70.0)
        columns = (Column(title=w["col_no"], width_mm=10, align="center"), Column(title=sw["unit"], width_mm=name_mm),
                   *(Column(title=m, width_mm=max(24.0, (width - name_mm) / n), align="center") for m in marks),
                   *(Column(title=c, width_mm=15, align="center") for c in counts),
                   Column(title=sw["ratio"], width_mm=16, align="right"),
                   Column(title=w["annex_rank"], width_mm=15, align="center"))
        rows = tuple(TableRow(cells=(str(i), r["name"], *(c["text"] for c in r["cells"]), str(r["achieved"]),
                                     str(r["missed"]), str(r["no_data"]), r["ratio"], str(r["rank"])))
                     for i, r in enumerate(view["rows"], 1))
        asked: list[Block] = [Paragraph.of(w["annex_columns"])]  # what (1), (2)… ask, before the table
        asked += [Paragraph.of(f"({c['n']}) {c['label']}: {c['asked']} ({c['basis_text']})"
                               + ("." if c is view["columns"][-1] else ";")) for c in view["columns"]]
        legend = " · ".join(f"{x['symbol']} {x['text']}" for x in view["legend"])
        notes = [Paragraph.of(" ".join([f"{sw['legend']}: {legend}.", *(note for note in (
            view["standing_note"], view["derived_note"], view["rank_rule"]) if note)]), "note")]
        text, body = self.text, self.front.get("body")
        number = text.number if text and text.number else w["number"]
        if self.placeholders and number.rstrip().endswith("-"):  # "/BC-" without the body's ký hiệu, as the heading
            number = number.rstrip() + WORDING[self.lang]["blank_mark"]
        subtitle = None if text is None and not self.placeholders else w["annex_subtitle"].format(
            kind=fmt.capital(w["kind"].lower()), number=number,
            dated=w["annex_dated"].format(date=fmt.date(text.date, self.lang)) if text and text.date else "",
            body=w["annex_body"].format(body=running_body(body, self.lang) or body) if body else "")
        table = Table(columns=columns, rows=rows, header=header, key="annex")
        return [Annex(title=view["title"], subtitle=subtitle, blocks=(*asked, table, *notes), landscape=landscape)]


# ---------------------------------------------------------------- helpers


def due_numbers(review: Review) -> dict[int, int]:
    """id(result) -> its TT in the results table: the targets due, numbered in plan order."""
    return {id(r): i for i, r in enumerate((r for r in review.results if r.status in DUE), 1)}


def results_chart(review: Review, view: dict) -> list[dict]:
    """The bars of the HTML chart after the results table: each result due whose actual and target
    are numbers on one scale, numbered as the table numbers it; none when there is no series (fewer
    than two bars)."""
    numbers = due_numbers(review)
    bars = [{**v, "no": numbers[id(r)]} for r, v in zip(review.results, view["results"])
            if id(r) in numbers and v["chart"] is not None]
    return bars if len(bars) > 1 else []


def name_cell(v: dict, with_basis: bool = True) -> tuple[Run, ...]:
    """The "Nội dung" of a result: its label, then in italics what the unit is judged against (a
    review of another area, unless the sentence before the table says it for all), where a
    standing figure comes from, and the result's notes."""
    notes = [t for t in (v["basis_text"] if with_basis else "", v["standing_text"]) if t] + v["notes"]
    return (Run(text=v["label"]),) + ((Run(text=f" ({'; '.join(notes)})", italic=True),) if notes else ())


def _block(b: TextBlock) -> Paragraph:
    kind = {"paragraph": "body", "item": "bullet", "subheading": "heading3"}[b.kind]
    return Paragraph(runs=b.spans, kind=kind)


def _lower(text: str) -> str:
    """A sentence put after a colon: its first letter small (unless a name: "UBND"), its final
    full stop dropped."""
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def heading_of(code: str, title: str) -> str:
    """A group as the plan numbers it: "1. Xóa mù chữ" for a number, "a) Xóa mù chữ" for a letter."""
    return f"{code}. {title}" if code.isdigit() else f"{code}) {title}"


def smart_quotes(text: str) -> str:
    """"Đề án "Xây dựng …"" -> Đề án “Xây dựng …”: straight double quotes in pairs, as printed."""
    if text.count('"') % 2:
        return text
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def running_body(name: str, lang: str = "vi") -> str:
    """The body that reports, as running text writes it: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" -> "Sở Giáo dục
    và Đào tạo", "UBND TỈNH HẬU GIANG" -> "UBND tỉnh Hậu Giang"; a name not in capitals as it is;
    '' for one in capitals that it cannot write (the sentence then names no subject)."""
    from xhht.present.area_names import LEVEL_WORDS

    name = " ".join(name.split())
    if lang != "vi" or not name or name != name.upper():
        return name
    for caps, text in AGENCIES:
        if name == caps or name.startswith(caps + " "):
            rest = name[len(caps):].strip()
            if not rest:
                return text
            for word in LEVEL_WORDS:
                if rest.startswith(word.upper() + " "):
                    place = rest[len(word) + 1:]
                    return f"{text} {word.lower()} " + " ".join(p[:1] + p[1:].lower() for p in place.split())
            return ""
    return ""
