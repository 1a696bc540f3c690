"""Words and numbers for the reader, in Vietnamese (default) or English.

Vietnamese numbers group thousands with a dot and use a decimal comma: 396.953 and 71,4%.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from xhht.base.kinds import LEVEL_WORDS, Status
from xhht.base.numbers import half_up, number
from xhht.base.units import UNIT_WORDS, unit_of

STATUS_WORDS = {
    "vi": {Status.EXCEEDED: "vượt", Status.MET: "đạt", Status.MISSED: "chưa đạt", Status.NO_DATA: "chưa có số liệu",
           Status.ON_TRACK: "đúng tiến độ", Status.OFF_TRACK: "chậm tiến độ", Status.NOT_DUE: "chưa đến hạn",
           Status.NOT_APPLICABLE: "không còn áp dụng"},
    "en": {Status.EXCEEDED: "exceeded", Status.MET: "met", Status.MISSED: "missed", Status.NO_DATA: "no data",
           Status.ON_TRACK: "on track", Status.OFF_TRACK: "off track", Status.NOT_DUE: "not yet due",
           Status.NOT_APPLICABLE: "no longer applies"},
}
# Symbols that tell the status apart without colour (black-and-white print, colour blindness).
STATUS_SYMBOLS = {Status.EXCEEDED: "▲", Status.MET: "●", Status.MISSED: "▼", Status.NO_DATA: "○",
                  Status.ON_TRACK: "↗", Status.OFF_TRACK: "↘", Status.NOT_DUE: "…", Status.NOT_APPLICABLE: "⊘"}

# A unit of each level in running text ("từng xã"), from the one map of level words; "cấp xã" for the level
NOUNS = {lang: {level: words[i] for level, words in LEVEL_WORDS.items()} for i, lang in enumerate(("vi", "en"))}
LEVEL_NAMES = {"vi": {level: "toàn quốc" if level == "quocgia" else f"cấp {noun}" for level, noun in NOUNS["vi"].items()},
               "en": NOUNS["en"]}

WORDS = {
    "vi": {
        "review_mid": "Báo cáo sơ kết", "review_final": "Báo cáo tổng kết",
        "plan_title": "Kế hoạch", "period_short": "Giai đoạn", "indicator_name": "Nội dung",
        "left_out": "Lưu ý: kế hoạch hoặc số liệu của kế hoạch còn {n} lỗi; các số liệu có lỗi không được tính "
                    "trong báo cáo này, nên một số chỉ tiêu có thể hiện là “chưa có số liệu”.",
        "counted": "tính trên {n} đơn vị {level} năm {year}",
        "units_met": "{met}/{units} đơn vị {level} đạt",
        "overview_hint": "Xem từng kế hoạch: xhht status PLAN (PLAN là id ở cột đầu).",
        "doc_no": "{kind} số", "context": "Số liệu theo dõi", "figure_of_year": "năm {year} đạt {actual}",
        "label_of_year": "năm {year}: {actual}",
        "context_intro": "Các kết quả sau không có chỉ tiêu cho năm tương ứng, được tổng hợp để theo dõi:",
        "off_track_title": "Các chỉ tiêu chậm tiến độ", "reason": "Lý do", "value": "Số liệu",
        "implementing": "thực hiện", "plan_no": "Kế hoạch số", "dated": "ngày", "of": "của",
        "period": "Giai đoạn đánh giá", "area": "Địa bàn", "plan_period": "thời gian thực hiện",
        "overview": "Tổng quan", "results": "Kết quả thực hiện các chỉ tiêu",
        "missed_title": "Các chỉ tiêu chưa đạt", "missed_none": "Không có chỉ tiêu nào chưa đạt.",
        "distributions": "Phân loại đơn vị theo năm", "target": "chỉ tiêu", "achieved": "đạt",
        "year": "Năm", "indicator": "Chỉ tiêu", "result": "Kết quả", "status": "Đánh giá", "gap": "Chênh lệch",
        "data_of": "số liệu năm", "rolled_up": "cộng dồn từ cấp dưới", "baseline": "năm trước",
        "short_of": "còn thiếu", "above": "vượt",
        "over_ceiling": "cao hơn mức tối đa", "under_ceiling": "thấp hơn mức tối đa", "units_word": "đơn vị",
        "of_target": "đạt {pct} kế hoạch",
        "units_short": "chưa đạt", "units_missing": "chưa có số liệu", "no_data_units": "Chưa có số liệu",
        "increase": "tăng so với năm trước", "decrease": "giảm so với năm trước",
        "at_most": "không quá", "above_cmp": "trên", "below_cmp": "dưới",
        "count_of": "số đơn vị {level} {meeting}", "share_of": "tỷ lệ đơn vị {level} {meeting}",
        "reaching": "đạt {target}",
        "level_names": LEVEL_NAMES["vi"],
        # the overview: "Trong 14 chỉ tiêu, có 08 chỉ tiêu đạt và vượt kế hoạch (vượt 07, đạt 01), 06 chỉ tiêu chưa đạt."
        "overall": "Trong {due} chỉ tiêu{when}, có {parts}.", "overall_due": " đến hạn",
        "overall_both": "{ok} chỉ tiêu đạt và vượt kế hoạch (vượt {exceeded}, đạt {met})",
        "overall_exceeded": "{n} chỉ tiêu vượt kế hoạch", "overall_met": "{n} chỉ tiêu đạt kế hoạch",
        "overall_missed": "{n} chỉ tiêu chưa đạt", "overall_no_data": "{n} chỉ tiêu chưa có số liệu",
        "overall_not_applicable": "Có {n} chỉ tiêu không còn áp dụng sau sắp xếp đơn vị hành chính.",
        "overall_future": "Có {n} chỉ tiêu chưa có số liệu của năm đặt chỉ tiêu, được đánh giá theo tiến độ: {parts}.",
        "future_on": "{n} đúng tiến độ", "future_off": "{n} chậm tiến độ",
        "future_none": "{n} chưa đủ số liệu để đánh giá",
        "overall_future_none": "Có {n} chỉ tiêu của các năm sau chưa có đủ số liệu để đánh giá tiến độ.",
        "none_due": "Trong giai đoạn chưa có chỉ tiêu nào đến hạn.",
        "chart": "Biểu đồ: kết quả so với kế hoạch", "legend_target": "kế hoạch", "legend_actual": "thực hiện",
        "hatched": "gạch chéo", "bars_order": "cột theo thứ tự trên, từ trái sang phải",
        "chart_rows": "số trên trục là số thứ tự (TT) trong bảng",
        "generated": "Lập bằng xhht.",
        "source": "Nguồn",
        "reasons": {
            "children_missing": "{n} trong số {total} đơn vị cấp dưới chưa có số liệu ({names})",
            "children_all_missing": "các đơn vị cấp dưới ({names}) đều chưa có số liệu",
            "no_fraction": "không tổng hợp được tỷ lệ vì {names} chưa báo cáo tử số và mẫu số",
            "zero_denominator": "tổng mẫu số bằng 0",
            "no_previous": "chưa có số liệu năm trước để so sánh",
            "no_units": "không có đơn vị {level} nào trực thuộc {names}",
            "straddles": "{names} gồm cả địa bàn ngoài {old} cũ, nên không tổng hợp được số liệu riêng của {old}",
            "successors_missing": "{n} trong số {total} đơn vị tiếp nhận địa bàn chưa có số liệu ({names})",
            "level_gone": "năm {year} không còn đơn vị {level} nào",
            "units_changed": "các đơn vị {level} năm {year} không còn là {total} đơn vị lúc ban hành kế hoạch",
            "area_total": "chỉ tiêu tính trên tổng số của {whole_all}, không áp dụng cho từng {unit}",
            "units_total": "chỉ tiêu tính trên tổng số {units} của {whole_all}, không áp dụng cho từng {unit}",
        },
        # a unit of each level in running text ("từng xã"), and the whole of an area ("toàn tỉnh")
        "level_nouns": NOUNS["vi"],
        "whole_all": {"quocgia": "cả nước", "tinh": "toàn tỉnh", "huyen": "toàn huyện", "xa": "toàn xã"},
        "whole_of": {"quocgia": "cả nước", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã"},
        # CONTRACT 6: what a result in a review of another area is judged against (result_view's basis_text)
        "basis": {
            "each_unit": "chỉ tiêu đối với từng {unit}: {goal}",
            "toward": "góp vào chỉ tiêu {goal}",
            "share_below": "tính trên các {units} của {unit} này, so với chỉ tiêu chung của {whole}",
            "area": "so với chỉ tiêu chung của {whole}",
            "share_each": "tính trên các {units} của mỗi {unit}, so với chỉ tiêu chung của {whole}",
        },
        "scorecard": {
            "title": "Kết quả thực hiện chỉ tiêu của các {units} năm {year}",
            "units_line": "{n} {unit} trên địa bàn {area}, có hiệu lực ngày 31/12/{year}",
            "columns": "Các chỉ tiêu", "ranking": "Xếp hạng", "rank": "Hạng", "unit": "Đơn vị", "code": "Mã",
            "achieved": "Đạt", "missed": "Chưa đạt", "no_data": "Chưa có số liệu", "ratio": "Tỷ lệ đạt",
            "legend": "Ký hiệu", "cells": "Kết quả theo cột",
            "counts_legend": "cột ▲●: số chỉ tiêu đạt và vượt, ▼: chưa đạt, ○: chưa có số liệu",
            "rank_rule": "Xếp hạng theo tỷ lệ chỉ tiêu đạt và vượt trên số chỉ tiêu đã có kết quả (đạt, vượt, chưa "
                         "đạt); đơn vị chưa có kết quả nào xếp cuối; cùng tỷ lệ thì cùng hạng.",
            "no_columns": "Kế hoạch không có chỉ tiêu năm {year} nào áp dụng cho từng {unit}.",
            "standing_note": "Năm trong ngoặc: năm công nhận còn hiệu lực.",
            "derived_note": "(*) Chưa có quyết định công nhận: mức độ tính từ số liệu các tiêu chí, chỉ tiêu theo "
                            "{document} ({n} đơn vị).",
            "sheet_ranking": "Xếp hạng", "sheet_columns": "Chỉ tiêu", "asked": "Yêu cầu đối với mỗi đơn vị",
            "basis": "Căn cứ",
        },
        "goal_count": "{n} {unit} {meeting}", "goal_share": "{n}% {unit} {meeting}",
        "not_applicable_title": "Các chỉ tiêu không áp dụng", "does_not_apply": "không áp dụng",
        "more_units": "… và {n} đơn vị khác",
        "full_hint": "Danh sách đơn vị đã được rút gọn; thêm --full để xem đầy đủ.",
        "overall_whole_area": "Có {n} chỉ tiêu là tổng số của {whole_all}, không áp dụng riêng cho từng {unit}.",
    },
    "en": {
        "review_mid": "Mid-term review", "review_final": "Final review",
        "plan_title": "Plan", "period_short": "Period", "indicator_name": "Indicator",
        "left_out": "Note: the plan or its data still has {n} error(s); figures with errors are left out of this "
                    "review, so a target may show as “no data” because of them.",
        "counted": "counted over the {n} {level} units of {year}",
        "units_met": "{met}/{units} {level} units meet it",
        "overview_hint": "One plan in detail: xhht status PLAN (PLAN is the id in the first column).",
        "doc_no": "{kind} No.", "context": "Figures followed", "figure_of_year": "{actual} in {year}",
        "label_of_year": "{year}: {actual}",
        "context_intro": "The plan sets no target for these results in their year; they are given for the record:",
        "off_track_title": "Targets off track", "reason": "Why", "value": "Figure",
        "implementing": "of", "plan_no": "Plan No.", "dated": "dated", "of": "by",
        "period": "Period reviewed", "area": "Area", "plan_period": "period",
        "overview": "Overview", "results": "Results by target",
        "missed_title": "Targets missed", "missed_none": "No target was missed.",
        "distributions": "Units by class, year by year", "target": "target", "achieved": "achieved",
        "year": "Year", "indicator": "Indicator", "result": "Result", "status": "Status", "gap": "Gap",
        "data_of": "figure of", "rolled_up": "rolled up from lower levels", "baseline": "year before",
        "short_of": "short by", "above": "above by",
        "over_ceiling": "above the ceiling by", "under_ceiling": "below the ceiling by", "units_word": "units",
        "of_target": "{pct} of the target",
        "units_short": "falling short", "units_missing": "no data", "no_data_units": "No data",
        "increase": "an increase on the year before", "decrease": "a decrease on the year before",
        "at_most": "at most", "above_cmp": "above", "below_cmp": "below",
        "count_of": "{level} units {meeting}", "share_of": "share of {level} units {meeting}",
        "reaching": "reaching {target}",
        "level_names": LEVEL_NAMES["en"],
        "overall": "Of the {due} targets{when}, {parts}.", "overall_due": " due",
        "overall_both": "{ok} were met or exceeded ({exceeded} exceeded, {met} met)",
        "overall_exceeded": "{n} were exceeded", "overall_met": "{n} were met",
        "overall_missed": "{n} missed", "overall_no_data": "{n} without data",
        "overall_not_applicable": "{n} targets no longer apply after the administrative reorganisation.",
        "overall_future": "{n} targets have no figure of their own year yet and are judged on progress: {parts}.",
        "future_on": "{n} on track", "future_off": "{n} off track", "future_none": "{n} without enough figures to judge",
        "overall_future_none": "{n} targets of later years have too few figures yet to judge progress.",
        "none_due": "No target falls due in the period.",
        "chart": "Chart: result against target", "legend_target": "target", "legend_actual": "result",
        "hatched": "hatched", "bars_order": "bars in the order above, left to right",
        "chart_rows": "the numbers on the axis are the rows (No.) of the table",
        "generated": "Made with xhht.",
        "source": "Source",
        "reasons": {
            "children_missing": "{n} of {total} lower-level units have no figure ({names})",
            "children_all_missing": "none of the lower-level units ({names}) has a figure",
            "no_fraction": "the percent cannot be rolled up, as {names} gave no numerator and denominator",
            "zero_denominator": "the denominators add up to 0",
            "no_previous": "no figure of an earlier year to compare with",
            "no_units": "there is no {level} unit below {names}",
            "straddles": "{names} also covers territory outside the former {old}, so {old} has no figure of its own",
            "successors_missing": "{n} of {total} units that took over the territory have no figure ({names})",
            "level_gone": "in {year} there is no {level} unit any more",
            "units_changed": "the {level} units of {year} are no longer the {total} units of the plan's date",
            "area_total": "a total of {whole_all}, not a target for each {unit}",
            "units_total": "a number of {units}s across {whole_all}, not a target for each {unit}",
        },
        "level_nouns": NOUNS["en"],
        "whole_all": {"quocgia": "the whole nation", "tinh": "the whole province", "huyen": "the whole district",
                      "xa": "the whole commune"},
        "whole_of": {"quocgia": "the nation", "tinh": "the province", "huyen": "the district", "xa": "the commune"},
        "basis": {
            "each_unit": "a target for each {unit}: {goal}",
            "toward": "counts toward the target of {goal}",
            "share_below": "over the {units}s of this {unit}, against the overall target of {whole}",
            "area": "against the overall target of {whole}",
            "share_each": "over the {units}s of each {unit}, against the overall target of {whole}",
        },
        "scorecard": {
            "title": "Targets of the {units}s in {year}",
            "units_line": "{n} {unit} units in the territory of {area}, valid on 31 December {year}",
            "columns": "Targets", "ranking": "Ranking", "rank": "Rank", "unit": "Unit", "code": "Code",
            "achieved": "Met", "missed": "Missed", "no_data": "No data", "ratio": "Share met",
            "legend": "Marks", "cells": "Results by column",
            "counts_legend": "columns ▲●: targets met or exceeded, ▼: missed, ○: without data",
            "rank_rule": "Ranked by the share of targets met or exceeded among those judged (met, exceeded, "
                         "missed); a unit with nothing judged comes last; equal shares share a rank.",
            "no_columns": "The plan has no target of {year} that applies to each {unit}.",
            "standing_note": "A year in brackets: the year of a recognition that is still valid.",
            "derived_note": "(*) No decision recorded: the level derived from the figures of the criteria and "
                            "indicators of {document} ({n} unit(s)).",
            "sheet_ranking": "Ranking", "sheet_columns": "Targets", "asked": "What each unit must reach",
            "basis": "Basis",
        },
        "goal_count": "{n} {unit}s {meeting}", "goal_share": "{n}% of {unit}s {meeting}",
        "not_applicable_title": "Targets that do not apply", "does_not_apply": "does not apply",
        "more_units": "… and {n} more",
        "full_hint": "Lists of units are shortened; add --full to see them whole.",
        "overall_whole_area": "Targets that are totals of {whole_all}, not targets for each {unit}: {n}.",
    },
}


MAX_NAMED = 12  # units named in a note; the rest are counted


def value(v: Decimal | str | None, unit: str, lang: str = "vi") -> str:
    """A value as a reader writes it: 87%, 396.953, mức độ 3, Khá, đạt chuẩn."""
    if v is None:
        return "—"
    return unit_of(unit).show(v, lang)


def target(t: Decimal | str | None, comparator: str | None, unit: str, lang: str = "vi",
           at_least: bool = False) -> str:
    """A target as the plan writes it: 80%, không quá 2%, tăng so với năm trước.
    `at_least` says "trở lên" after a `>=` number too (what each unit must reach)."""
    w = WORDS[lang]
    if t in ("increase", "decrease"):
        return w[t]
    text = value(t, unit, lang)
    prefix = {"<=": w["at_most"], ">": w["above_cmp"], "<": w["below_cmp"]}.get(comparator or "")
    if comparator == ">=":
        text += UNIT_WORDS[lang]["at_least"] if at_least else unit_of(unit).at_least(lang)
    return f"{prefix} {text}" if prefix else text


def gap(g: Decimal | None, unit: str, lang: str = "vi", lower_is_better: bool = False) -> str:
    """-17 -> 'còn thiếu 17 điểm phần trăm' for a percent; for a target that is a ceiling (`<=`,
    better: lower) +0,6 -> 'cao hơn mức tối đa 0,6 điểm phần trăm'; '' when there is no gap."""
    if g is None or g == 0:
        return ""
    w = WORDS[lang]
    amount = number(abs(g), lang) + unit_of(unit).gap_suffix(g, lang)
    if lower_is_better:
        return f"{w['over_ceiling'] if g > 0 else w['under_ceiling']} {amount}"
    return f"{w['short_of'] if g < 0 else w['above']} {amount}"


def status(s: str, lang: str = "vi") -> str:
    return STATUS_WORDS[lang][s]


def overview(summary: dict[str, int], lang: str = "vi") -> list[str]:
    """The overview sentences of a review, as an official text counts: "Trong 14 chỉ tiêu, có 08
    chỉ tiêu đạt và vượt kế hoạch (vượt 07, đạt 01), 06 chỉ tiêu chưa đạt."; then the targets
    judged on progress and those that no longer apply. Parts that count nothing are left out."""
    w = WORDS[lang]

    def n(status: Status) -> str:
        return count(summary[status], lang)

    exceeded, met = summary[Status.EXCEEDED], summary[Status.MET]
    due = exceeded + met + summary[Status.MISSED] + summary[Status.NO_DATA]
    future = summary[Status.ON_TRACK] + summary[Status.OFF_TRACK] + summary[Status.NOT_DUE]
    sentences = []
    if due:
        parts = []
        if exceeded and met:
            parts.append(w["overall_both"].format(ok=count(exceeded + met, lang), exceeded=n(Status.EXCEEDED),
                                                  met=n(Status.MET)))
        elif exceeded or met:
            parts.append(w["overall_exceeded" if exceeded else "overall_met"].format(n=count(exceeded + met, lang)))
        for status, key in ((Status.MISSED, "overall_missed"), (Status.NO_DATA, "overall_no_data")):
            if summary[status]:
                parts.append(w[key].format(n=n(status)))
        sentences.append(w["overall"].format(due=count(due, lang), when=w["overall_due"] if future else "",
                                             parts=", ".join(parts)))
    else:
        sentences.append(w["none_due"])
    if future == summary[Status.NOT_DUE] and future:  # none can be judged on progress: say only that
        sentences.append(w["overall_future_none"].format(n=count(future, lang)))
    elif future:
        parts = [w[key].format(n=n(status)) for status, key in (
            (Status.ON_TRACK, "future_on"), (Status.OFF_TRACK, "future_off"), (Status.NOT_DUE, "future_none"))
            if summary[status]]
        sentences.append(w["overall_future"].format(n=count(future, lang), parts=", ".join(parts)))
    if summary[Status.NOT_APPLICABLE]:
        sentences.append(w["overall_not_applicable"].format(n=n(Status.NOT_APPLICABLE)))
    return sentences


WHOLE_AREA = ("area_total", "units_total")  # reasons of a target that is a total of the plan's whole area


def result_status(r, lang: str = "vi") -> str:
    """A result's status in words: a target that is a total of the whole area "does not apply" to a
    unit (never "no longer": that is the reform's)."""
    if r.status == Status.NOT_APPLICABLE and r.cause is not None and r.cause.kind in WHOLE_AREA:
        return WORDS[lang]["does_not_apply"]
    return status(r.status, lang)


def reason(r, name_of, lang: str = "vi", nouns=None) -> str:
    """A `rollup.Reason` in words; `name_of` turns an area code into its name; `nouns`
    (area_names.Nouns, in a review of another area) names the units of a level by their kinds."""
    w = WORDS[lang]
    names = ", ".join(name_of(c) for c in r.areas[:3]) + (", …" if len(r.areas) > 3 else "")
    level = w["level_names"].get(r.level, r.level)
    old = (name_of(r.old, r.old_day) if r.old_day is not None else name_of(r.old)) if r.old else ""
    total = count(r.total, lang) if isinstance(r.total, int) else r.total
    if nouns is not None:
        unit, units, whole_all = nouns.peers(r.level), nouns.peers(r.units), nouns.whole_all
    else:
        unit, units = w["level_nouns"].get(r.level, ""), w["level_nouns"].get(r.units, "")
        whole_all = w["whole_all"].get(r.whole, "")
    kind = "children_all_missing" if r.kind == "children_missing" and len(r.areas) == r.total else r.kind
    return w["reasons"][kind].format(n=count(len(r.areas), lang), total=total, names=names, level=level,
                                       year=r.year, old=old, whole_all=whole_all, unit=unit, units=units)


# ---------------------------------------------------------------- the document


# The document kind from the middle of its number: 387/QĐ-TTg, 64/KH-UBND, 29-NQ/TW, 08/CTr-UBND.
DOCUMENT_KINDS = (("QĐ", "Quyết định"), ("KH", "Kế hoạch"), ("NQ", "Nghị quyết"), ("CTr", "Chương trình"),
                  ("ĐA", "Đề án"), ("CT", "Chỉ thị"), ("TT", "Thông tư"), ("HD", "Hướng dẫn"))
KIND_EN = {"Quyết định": "Decision", "Kế hoạch": "Plan", "Nghị quyết": "Resolution", "Chương trình": "Programme",
           "Đề án": "Scheme", "Chỉ thị": "Directive", "Thông tư": "Circular", "Hướng dẫn": "Guidance"}


def document_kind(number: str, kind: str | None = None) -> str:
    """`document.kind`, else the kind the number names (`387/QĐ-TTg` -> Quyết định), else Kế hoạch."""
    if kind:
        return kind
    import re

    parts = re.split(r"[/\-–\s]+", number)
    for code, name in DOCUMENT_KINDS:
        if code in parts[1:] or code.upper() in (p.upper() for p in parts[1:]):
            return name
    return "Kế hoạch"


def date(d, lang: str = "vi") -> str:
    """A date as Vietnamese documents write it (Nghị định 30/2020/NĐ-CP: a zero before days under
    10 and the months 1 and 2): 22/01/2016, 12/8/2013, 01/7/2025; ISO in English."""
    if d is None:
        return ""
    if lang != "vi":
        return d.isoformat()
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month < 3 else f"{d.day:02d}/{d.month}/{d.year}"


def count(n: int, lang: str = "vi") -> str:
    """A count in running text as official texts write it: 08 chỉ tiêu, 03 năm (a zero before
    1 to 9); 14 as it is; English writes 8."""
    return f"{n:02d}" if lang == "vi" and 0 < n < 10 else str(n)


def years(start: int, end: int) -> str:
    """A span of years as Vietnamese titles write it: 2013 - 2016; one year alone: 2015."""
    return f"{start} - {end}" if start != end else str(start)


# ---------------------------------------------------------------- why a result reads as it does

REASONS = {
    "vi": {
        "no_figure": "chưa có số liệu năm {year}",
        "later": "năm {later} đạt {actual}, {verb} chỉ tiêu {target}",
        "later_verbs": {"exceeded": "đã vượt", "met": "đã đạt", "missed": "vẫn chưa đạt"},
        "reached": "số liệu năm {as_of} ({actual}) đã đạt chỉ tiêu năm {year} ({target})",
        "on_line": "số liệu năm {as_of} ({actual}) {cmp} mức cần có theo tiến độ ({expected}) trên đường thẳng "
                   "từ số liệu năm {first} ({first_value}) đến chỉ tiêu năm {year} ({target})",
        "cmp_on": {"higher": "không thấp hơn", "lower": "không cao hơn"},
        "cmp_off": {"higher": "thấp hơn", "lower": "cao hơn"},
        "single": "mới có số liệu năm {as_of} ({actual}), chưa đủ để đánh giá tiến độ đến chỉ tiêu năm {year} "
                  "({target})",
        "nothing_yet": "chưa có số liệu nào trước năm {year} để đánh giá tiến độ",
        "changed": "số liệu năm {as_of} ({actual}) {verb} so với năm {base_year} ({base})",
        "change_verbs": {("increase", True): "tăng", ("increase", False): "không tăng",
                         ("decrease", True): "giảm", ("decrease", False): "không giảm"},
        "single_change": "mới có số liệu năm {as_of} ({actual}), chưa có năm trước để so sánh",
        "required_up": "cần tăng thêm {amount} mỗi năm", "required_down": "cần giảm thêm {amount} mỗi năm",
        "per_year_up": "tăng {amount}", "per_year_down": "giảm {amount}",
        "latest": "số liệu gần nhất là của năm {as_of} ({actual})",
        "standing": "công nhận năm {since}, còn hiệu lực",
        "standing_of": "số liệu năm {as_of} là công nhận năm {since}, còn hiệu lực",
        "standing_units": "tính cả {n} đơn vị có công nhận của năm trước còn hiệu lực: {names}",
        "derived": "kết quả tính từ số liệu các tiêu chí, chỉ tiêu theo {document}, chưa có quyết định công nhận",
        "derived_standing": "kết quả năm {since} tính từ số liệu các tiêu chí, chỉ tiêu theo {document}, còn hiệu lực",
        "derived_standing_of": "số liệu năm {as_of} là kết quả năm {since} tính từ số liệu các tiêu chí, chỉ tiêu theo "
                               "{document}, còn hiệu lực",
        "derived_units": "tính {n} đơn vị chưa có quyết định công nhận theo kết quả tính từ số liệu các tiêu chí, chỉ "
                         "tiêu theo {document}: {names}",
    },
    "en": {
        "no_figure": "no figure for {year}",
        "later": "the {later} figure ({actual}) {verb} the target ({target})",
        "later_verbs": {"exceeded": "exceeds", "met": "meets", "missed": "still misses"},
        "reached": "the {as_of} figure ({actual}) already reaches the {year} target ({target})",
        "on_line": "the {as_of} figure ({actual}) is {cmp} the progress line ({expected}) drawn from the {first} "
                   "figure ({first_value}) to the {year} target ({target})",
        "cmp_on": {"higher": "on or above", "lower": "on or below"},
        "cmp_off": {"higher": "below", "lower": "above"},
        "single": "only the {as_of} figure ({actual}) so far: not enough to judge progress towards the {year} "
                  "target ({target})",
        "nothing_yet": "no figure before {year} to judge progress by",
        "changed": "the {as_of} figure ({actual}) {verb} on {base_year} ({base})",
        "change_verbs": {("increase", True): "is an increase", ("increase", False): "is no increase",
                         ("decrease", True): "is a decrease", ("decrease", False): "is no decrease"},
        "single_change": "only the {as_of} figure ({actual}) so far, none before it to compare with",
        "required_up": "needs {amount} more each year", "required_down": "needs {amount} less each year",
        "per_year_up": "+{amount}", "per_year_down": "−{amount}",
        "latest": "the latest figure is of {as_of} ({actual})",
        "standing": "recognised in {since}, still valid",
        "standing_of": "the {as_of} figure was recognised in {since} and is still valid",
        "standing_units": "counting {n} units by an earlier recognition still valid: {names}",
        "derived": "the level derived from the criteria of {document}, no decision recorded",
        "derived_standing": "the {since} level derived from the criteria of {document}, still valid",
        "derived_standing_of": "the {as_of} figure is the {since} level derived from the criteria of {document}, "
                               "still valid",
        "derived_units": "units without a recorded decision, counted by the level the criteria of {document} give "
                         "({n}): {names}",
    },
}


def _sentence(parts: list[str]) -> str:
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] + "." if text else ""


def explain(r, name_of, lang: str = "vi", nouns=None) -> str | None:
    """The `reason` of a result (docs/commands.md#the-comparison-rules): one sentence naming the figures it rests on, for every
    status but a final verdict on the target's own year; None for those."""
    if not r.explained:
        return None
    w = REASONS[lang]
    unit = r.measure_unit
    target_text = target(r.target, r.comparator, unit, lang)
    parts: list[str] = []
    if r.own_missing:  # the target's own year is in the period and has no figure
        missing = w["no_figure"].format(year=r.year)
        if r.cause is not None:  # "Chưa có số liệu năm 2026: xã Đông Phước … nên …" (no parentheses in parentheses)
            missing += f": {reason(r.cause, name_of, lang, nouns)}"
        parts.append(missing)
    elif r.cause is not None:  # e.g. an increase with nothing before it to compare with
        parts.append(reason(r.cause, name_of, lang, nouns))
    common = dict(year=r.year, as_of=r.as_of, actual=value(r.actual, unit, lang), target=target_text)
    if r.later is not None:
        parts.append(w["later"].format(later=r.later.year, verb=w["later_verbs"][r.later.status],
                                       actual=value(r.later.actual, unit, lang), target=target_text))
    elif r.status in (Status.ON_TRACK, Status.OFF_TRACK, Status.NOT_DUE):
        if r.kind in ("increase", "decrease"):
            if r.as_of is None:
                parts.append(w["nothing_yet"].format(year=r.year))
            elif r.baseline_year is None:
                parts.append(w["single_change"].format(**common))
            else:
                parts.append(w["changed"].format(**common, verb=w["change_verbs"][(r.kind, r.status == "on_track")],
                                                 base_year=r.baseline_year, base=value(r.baseline, unit, lang)))
        elif r.as_of is None:
            parts.append(w["nothing_yet"].format(year=r.year))
        elif r.line is not None:
            direction = "lower" if r.comparator in ("<=", "<") else "higher"
            cmp = w["cmp_on" if r.status == "on_track" else "cmp_off"][direction]
            parts.append(w["on_line"].format(**common, cmp=cmp, expected=_score_text(r.line.expected, r, lang),
                                             first=r.line.year, first_value=_score_text(r.line.value, r, lang)))
        elif r.status == Status.ON_TRACK:
            parts.append(w["reached"].format(**common))
        else:
            parts.append(w["single"].format(**common))
        if r.required_per_year is not None:
            parts.append(required(r, lang))
    elif r.status == Status.NO_DATA and r.as_of is not None and r.as_of != r.year:  # rule 4
        parts.append(w["latest"].format(**common))
    parts.append(standing(r, lang))
    if r.standing:
        names = ", ".join(f"{name_of(c)} ({since})" for c, since in r.standing[:3]) + (", …" if len(r.standing) > 3 else "")
        parts.append(w["standing_units"].format(n=count(len(r.standing), lang), names=names))
    if r.derived:
        names = ", ".join(name_of(c) for c in r.derived[:3]) + (", …" if len(r.derived) > 3 else "")
        parts.append(w["derived_units"].format(n=count(len(r.derived), lang), names=names,
                                               document=standard_document(r.derived_by, lang)))
    return _sentence(parts) or None


def standing(r, lang: str = "vi") -> str:
    """Where a unit's own figure comes from when it is not its year's figure: "công nhận năm 2024, còn
    hiệu lực" (standing by holds_for), "kết quả tính từ số liệu các tiêu chí, chỉ tiêu theo Thông tư số
    25/2023/TT-BGDĐT (…)" (a level a standard derived: CONTRACT 13), or both; '' for others."""
    derived = r.derived_by is not None and not r.derived
    if r.standing_from is None:
        return REASONS[lang]["derived"].format(document=standard_document(r.derived_by, lang)) if derived else ""
    key = ("derived_standing" if derived else "standing") + ("" if r.as_of in (None, r.year) else "_of")
    document = standard_document(r.derived_by, lang) if derived else ""
    return REASONS[lang][key].format(since=r.standing_from, as_of=r.as_of, document=document)


DERIVED_MARK = " (*)"  # after a level derived by a standard's criteria (the scorecard's cells); a note says what it means


def standard_document(standard, lang: str = "vi") -> str:
    """The regulation of a standard as running text names it: "Thông tư số 25/2023/TT-BGDĐT"."""
    kind = document_kind(standard.number, standard.kind)
    return f"{kind} số {standard.number}" if lang == "vi" else f"{KIND_EN.get(kind, kind)} No. {standard.number}"


def _score_text(score_value: Decimal, r, lang: str) -> str:
    """A point on a progress line: a number for percent and count; the nearest level otherwise."""
    unit = r.measure_unit
    if unit_of(unit).numeric:
        return value(half_up(score_value, Decimal("0.01")), unit, lang)
    levels = unit_of(unit).scale(r.indicator.levels)
    index = min(len(levels) - 1, max(0, int(score_value.to_integral_value(rounding=ROUND_HALF_UP))))
    return value(levels[index], unit, lang) if levels else number(score_value, lang)


def required(r, lang: str = "vi") -> str:
    """"cần tăng thêm 0,93 điểm phần trăm mỗi năm"; '' when there is nothing to add."""
    return _per_year(r, lang, "required_up", "required_down")


def per_year(r, lang: str = "vi") -> str:
    """"tăng 0,93 điểm phần trăm" (a table's column of the change needed each year); ''."""
    return _per_year(r, lang, "per_year_up", "per_year_down")


def _per_year(r, lang: str, up: str, down: str) -> str:
    need = r.required_per_year
    if need is None or need == 0:
        return ""
    amount = number(half_up(abs(need), Decimal("0.01")), lang)
    amount += unit_of(r.measure_unit).gap_suffix(need, lang)
    if r.scope is not None and not unit_of(r.measure_unit).fraction:  # a count of units
        amount += " " + WORDS[lang]["units_word"]
    return REASONS[lang][up if need > 0 else down].format(amount=amount)


def ratio_pct(r, lang: str = "vi") -> str:
    """The result as a share of its target, 15%, for every result with a number to reach (not a
    ceiling, a change on the year before, a level or a rating); '' otherwise."""
    if r.ratio is None or r.comparator in ("<=", "<") or r.kind in ("increase", "decrease") \
            or not unit_of(r.measure_unit).numeric:
        return ""
    return number(half_up(r.ratio * 100, Decimal("0.1")), lang) + "%"


def share_of_target(r, lang: str = "vi") -> str:
    """"đạt 15% kế hoạch" (ratio_pct in words); '' when there is none."""
    pct = ratio_pct(r, lang)
    return WORDS[lang]["of_target"].format(pct=pct) if pct else ""


def capital(text: str) -> str:
    """The first letter in capitals, for a table's header or the start of a sentence: mức độ 3 ->
    Mức độ 3."""
    return text[:1].upper() + text[1:]
