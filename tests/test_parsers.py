"""Property tests of the number and period parsers, and unit tests of the YAML reader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xhht.present import fmt
from xhht.base.numbers import canonical_hint, parse_canonical, plain
from xhht.base.periods import PeriodError, parse_period
from xhht.load.yamlsrc import load_yaml

decimals = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False,
                       allow_infinity=False)
whole = st.integers(min_value=0, max_value=10**12)


@given(decimals)
def test_plain_output_parses_back_exactly(d):
    assert parse_canonical(plain(d)) == d


@given(decimals)
def test_vietnamese_decimal_comma_hints_the_canonical_form(d):
    text = plain(d)
    if "." not in text:
        return
    vietnamese = text.replace(".", ",")
    assert parse_canonical(vietnamese) is None
    assert Decimal(canonical_hint(vietnamese, False)) == d


@given(whole)
def test_vietnamese_thousands_dots_hint_the_whole_count(n):
    vietnamese = fmt.number(n, "vi")
    if "." not in vietnamese:
        return
    assert canonical_hint(vietnamese, True) == str(n)


@given(st.integers(min_value=0, max_value=100))
def test_percent_sign_is_dropped_by_the_hint(n):
    assert canonical_hint(f"{n}%", False) == str(n)


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False,
                   allow_infinity=False))
def test_formatting_in_both_languages_keeps_the_digits(d):
    vi, en = fmt.number(d, "vi"), fmt.number(d, "en")
    assert Decimal(vi.replace(".", "").replace(",", ".")) == Decimal(plain(d))
    assert Decimal(en.replace(",", "")) == Decimal(plain(d))


@given(decimals)
def test_display_rounds_long_decimals_to_two_places(d):
    shown = Decimal(fmt.number(d, "en").replace(",", ""))
    assert abs(shown - d) <= Decimal("0.005")


def test_number_examples():
    assert fmt.number(Decimal("396953"), "vi") == "396.953"
    assert fmt.value(Decimal("71.4"), "percent", "vi") == "71,4%"
    assert fmt.number(Decimal("1234567.5"), "en") == "1,234,567.5"
    assert canonical_hint("1.234,5") == "1234.5"
    assert canonical_hint(" 87 % ") == "87"
    assert canonical_hint("abc") is None
    assert canonical_hint("87") is None  # already canonical: no hint


@given(st.integers(1900, 2100), st.integers(0, 50))
def test_period_forms_agree(start, length):
    end = min(start + length, 2100)
    assert parse_period(f"{start}-{end}") == (start, end)
    assert parse_period(f"{start}..{end}") == (start, end)
    assert parse_period(str(start)) == (start, start)


@pytest.mark.parametrize("bad", ["", "2015-", "15-16", "2016-2013", "năm 2015", "2013/2016", "2013..", "1800"])
def test_bad_periods_say_the_accepted_forms(bad):
    with pytest.raises(PeriodError):
        parse_period(bad)


@given(st.text(max_size=12))
def test_period_parser_never_crashes(text):
    try:
        start, end = parse_period(text)
    except PeriodError:
        return
    assert start <= end


def test_yaml_keeps_positions_decimals_and_refuses_duplicates():
    doc, problems = load_yaml("a: 1\nb:\n  c: 71.40\n  d: 2014-03-17\na: 2\n", "x.yaml")
    assert doc.data == {"a": 1, "b": {"c": Decimal("71.40"), "d": "2014-03-17"}}
    assert doc.loc(("b", "c")).line == 3 and doc.loc(("b", "c")).column == 6
    assert [(p.code, p.line) for p in problems] == [("duplicate-key", 5)]


def test_yaml_refuses_python_tags_and_merge_keys():
    for text in ("a: !!python/name:os.system\n", "x: &x {a: 1}\ny:\n  <<: *x\n", "a: !custom 1\n"):
        doc, problems = load_yaml(text, "x.yaml")
        assert doc is None and [p.code for p in problems] == ["yaml-unsafe"], text


@given(st.text(max_size=200))
def test_yaml_reader_never_raises(text):
    doc, problems = load_yaml(text, "x.yaml")
    assert doc is not None or problems


# Arbitrary plan-shaped data: whatever the YAML holds, building a plan gives problems, never an exception.
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.text(max_size=8),
                     st.decimals(allow_nan=False, allow_infinity=False, places=2),
                     st.sampled_from(["percent", "count", "level", "rating", "yes-no", "increase", ">= 3",
                                      "yes", "Khá", "2014-2020", "lower"]))
_keys = st.sampled_from(["id", "title", "document", "number", "issuer", "date", "area", "period", "parent",
                         "groups", "code", "indicators", "name", "unit", "better", "levels", "targets",
                         "subunits", "level", "meeting", "count", "share", "xyz", 2015, 2020])
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_keys, inner, max_size=5), max_leaves=25)


@given(st.dictionaries(_keys, _values, max_size=8))
def test_build_plan_never_raises(data):
    from xhht.load.plans import build_plan
    from xhht.load.yamlsrc import YamlDoc

    plan, problems = build_plan(YamlDoc("x.yaml", data))
    assert plan is not None or problems


@given(st.lists(st.sampled_from(list('ab,"\n\r12.%-x') + ["ti-le", "90", "2022", "indicator,area,period,value\n"]),
                max_size=40).map("".join))
def test_figure_and_area_loaders_never_raise(text):
    from xhht.load.areas import load_areas
    from xhht.load.figures import load_figures, merge
    from xhht.model.figures import FigureTable
    from xhht.model.records import Indicator
    from xhht.problems import Loc

    catalogue = {"ti-le": Indicator(id="ti-le", name="t", unit="percent", loc=Loc("p.yaml", 1, 1))}
    table = FigureTable(["d.csv"])
    merge(table, load_figures(text, "d.csv", 0, catalogue, lambda a: a == "90"), {})
    assert all(f.indicator == "ti-le" for f in table.values())
    load_areas(text, "areas.csv")
