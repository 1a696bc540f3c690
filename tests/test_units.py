"""The Unit objects (units.py) and the StrEnums (kinds.py): one object per unit type, and
enums that serialise exactly as the plain strings they replaced."""

from __future__ import annotations

import json
import typing
from decimal import Decimal

import pytest

from xhht.present import fmt
from xhht.base.kinds import Severity, Status, UnitName
from xhht.model.records import Unit as UnitLiteral
from xhht.base.units import UNITS, TargetError, unit_of

LEVELS = ("Yếu", "Trung bình", "Khá", "Tốt")  # synthetic scale for the tests


def test_every_unit_name_has_one_unit_object_and_the_plan_schema_allows_exactly_those():
    assert set(UNITS) == {u.value for u in UnitName}
    assert set(typing.get_args(UnitLiteral)) == {u.value for u in UnitName}
    for name, unit in UNITS.items():
        assert unit.name == name


def test_strenums_serialise_as_the_plain_strings():
    assert json.dumps({"status": Status.NO_DATA, "severity": Severity.ERROR}) == \
        '{"status": "no_data", "severity": "error"}'
    assert f"{Status.ON_TRACK} {UnitName.YES_NO}" == "on_track yes-no"
    assert [s.value for s in Status] == ["exceeded", "met", "missed", "no_data", "on_track", "off_track",
                                         "not_due", "not_applicable"]


@pytest.mark.parametrize("name, raw, expected", [
    ("percent", "95", Decimal(95)), ("count", "1200", Decimal(1200)), ("level", "3", "3"),
    ("rating", "Khá", "Khá"), ("yes-no", "có", "yes"), ("yes-no", False, "no"),
])
def test_operand_parses_what_the_unit_allows(name, raw, expected):
    levels = ("1", "2", "3") if name == "level" else LEVELS
    assert unit_of(name).operand(raw, levels, raw) == expected


@pytest.mark.parametrize("name, raw, code", [
    ("percent", "101", "target-out-of-range"), ("count", "-1", "target-out-of-range"),
    ("count", "2.5", "target-not-whole"), ("rating", "Xuất sắc", "target-unknown-level"),
    ("yes-no", "maybe", "target-unknown-level"), ("percent", "abc", "bad-comparator"),
])
def test_operand_refuses_what_the_unit_cannot_be(name, raw, code):
    with pytest.raises(TargetError) as exc:
        unit_of(name).operand(raw, LEVELS, raw)
    assert exc.value.code == code


def test_score_orders_labels_worst_first_and_yes_above_no():
    assert unit_of("rating").score("Khá", LEVELS) == 2
    assert unit_of("yes-no").score("yes", None) > unit_of("yes-no").score("no", None)
    assert unit_of("percent").score(Decimal("71.4"), None) == Decimal("71.4")


def test_show_and_gap_are_the_readers_words():
    assert fmt.value(Decimal("71.4"), "percent", "vi") == "71,4%"
    assert fmt.value(Decimal("396953"), "count", "en") == "396,953"
    assert fmt.value("3", "level", "vi") == "mức độ 3"
    assert fmt.value("yes", "yes-no", "en") == "meets the standard"
    assert fmt.gap(Decimal(-1), "percent", "en") == "short by 1 percentage point"
    assert fmt.gap(Decimal(-5), "count", "vi") == "còn thiếu 5"
    assert fmt.target("Khá", ">=", "rating", "vi") == "Khá trở lên"


def test_only_counts_and_percents_roll_up_and_only_percent_is_a_fraction():
    assert {n for n, u in UNITS.items() if u.numeric} == {"percent", "count", "number"}
    # an amount (thu nhập bình quân đầu người) has a gap and a ratio, but the districts' do not add up
    assert {n for n, u in UNITS.items() if u.rolls_up} == {"percent", "count"}
    assert {n for n, u in UNITS.items() if u.fraction} == {"percent"}
    assert unit_of("yes-no").choices(None) == ["yes", "no"]
    assert unit_of("count").choices(None) is None


def test_a_problems_severity_is_the_severity_enum():
    from xhht.problems import Loc, Problem

    p = Loc("data/d.csv", 2, 2).problem("unknown-area", area="99")
    assert p.severity is Severity.ERROR and p.as_dict()["severity"] == "error"
    q = Problem("data/d.csv", 2, 2, "unknown-area", {"area": "99"}, "warning")  # given as text
    assert q.severity is Severity.WARNING and f"{q.severity}[{q.code}]" == "warning[unknown-area]"
    with pytest.raises(ValueError):
        Problem("data/d.csv", 2, 2, "unknown-area", {"area": "99"}, "fatal")


def test_the_form_the_importer_and_the_report_ask_the_unit():
    from xhht.base.units import MEASURE_UNITS

    assert unit_of("percent").form_text(None) == "tỷ lệ % (0-100)"
    assert unit_of("rating").form_text(LEVELS) == "xếp loại: Yếu / Trung bình / Khá / Tốt"
    assert unit_of("percent").form_value(Decimal("71.4")) == "71,4%"
    assert unit_of("count").form_value(Decimal("396953")) == "396953"
    assert unit_of("yes-no").form_value("no") == "chưa đạt"
    assert {n: u.form_check for n, u in UNITS.items()} == {"percent": "percent", "count": "whole", "number": "decimal",
                                                           "level": None, "rating": None, "yes-no": None}
    assert unit_of("yes-no").read_label("Có", None) == "yes"
    assert unit_of("rating").read_label("khá", LEVELS) == "Khá"
    assert unit_of("rating").read_label("Giỏi", LEVELS) is None
    assert unit_of("count").read_label("5", None) is None
    assert [n for n, u in UNITS.items() if u.sign] == ["percent"]
    assert [n for n, u in UNITS.items() if u.whole] == ["count"]
    assert unit_of("yes-no").meeting("yes", "en") == "meeting the standard"
    assert unit_of("percent").meeting(Decimal(80), "vi") is None
    assert MEASURE_UNITS == {"count": "count", "share": "percent"}
