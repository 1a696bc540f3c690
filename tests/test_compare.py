"""The comparison engine: the Hậu Giang golden test (real figures from the review), property
tests of judging, and synthetic cases for every target kind."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from conftest import PLAN, ROOT, write_repo
from xhht.judge.compare import compare
from xhht.repo import load_repo
from xhht.model.targets import judge, parse_condition

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"


def review(root, plan_id=None, start=2020, end=2025, area=None):
    repo = load_repo(root)
    assert [p for p in repo.problems if p.severity == "error"] == []
    plan = repo.plans[plan_id] if plan_id else next(iter(repo.plans.values()))
    return compare(plan, repo.values, repo.areas, start, end, area)


def by(rv, indicator, year, scope=None):
    (r,) = [r for r in rv.results if r.indicator.id == indicator and r.year == year and r.scope == scope]
    return r


# ---------------------------------------------------------------- golden: Hậu Giang 2013-2016

REVIEW_VERDICTS = {  # the review's own words: "87% (chỉ tiêu 80%)" ...
    "biet-chu-15-60": (96, 96, "met"),
    "biet-chu-15-35": (99, 98, "exceeded"),
    "ung-dung-cntt": (87, 80, "exceeded"),
    "ngoai-ngu-a2": (3, 20, "missed"),
    "ngoai-ngu-b1": (2, 5, "missed"),
    "cbcc-dat-chuan": (99, 100, "missed"),
    "lanh-dao-quan-ly-boi-duong": (99, 95, "exceeded"),
    "cbcc-boi-duong-bat-buoc": (91, 80, "exceeded"),
    "can-bo-xa-boi-duong": (92, 100, "missed"),
    "can-bo-xa-chuan-chuyen-mon": (87, 90, "missed"),
    "cong-chuc-xa-boi-duong-bat-buoc": (73, 70, "exceeded"),
    "lao-dong-nong-thon-tthtcd": (78, 50, "exceeded"),
    "cong-nhan-kcn-thpt": (17, 80, "missed"),
    "hoc-sinh-sinh-vien-ky-nang-song": (59, 30, "exceeded"),
}


def test_haugiang_review_gives_the_reviews_14_verdicts():
    rv = review(ROOT, "haugiang-kh64", 2013, 2016)
    got = {r.indicator.id: (r.actual, r.target, r.status) for r in rv.results}
    assert got == {k: (Decimal(a), Decimal(t), s) for k, (a, t, s) in REVIEW_VERDICTS.items()}
    assert [r.indicator.id for r in rv.results] == list(REVIEW_VERDICTS)  # plan order
    s = rv.summary
    assert (s["exceeded"], s["met"], s["missed"], s["no_data"]) == (7, 1, 6, 0)
    a2 = by(rv, "ngoai-ngu-a2", 2015)
    assert (a2.gap, a2.ratio, a2.as_of) == (Decimal(-17), Decimal("0.15"), 2015)
    # the review singles out foreign languages as farthest behind
    assert rv.missed[0].indicator.id == "ngoai-ngu-a2"


# ---------------------------------------------------------------- properties of judging

nums = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(nums, nums)
def test_exceeded_exactly_when_strictly_better(actual, target):
    assert (judge(actual, ">=", target) == "exceeded") == (actual > target)
    assert (judge(actual, "<=", target) == "exceeded") == (actual < target)


@given(nums, nums)
def test_higher_and_lower_mirror_each_other(actual, target):
    assert judge(actual, ">=", target) == judge(-actual, "<=", -target)


@given(nums)
def test_equal_is_met(x):
    assert judge(x, ">=", x) == judge(x, "<=", x) == judge(x, "==", x) == "met"


def test_comparison_is_exact_decimal_not_float():
    # 0.1 + 0.2 as floats is 0.30000000000000004 > 0.3
    assert judge(Decimal("0.1") + Decimal("0.2"), ">=", Decimal("0.3")) == "met"


def test_parse_condition_forms():
    c = parse_condition(">= 95", "percent", None)
    assert (c.kind, c.comparator, c.value) == ("value", ">=", Decimal(95))
    assert parse_condition(2, "percent", None, "lower").comparator == "<="
    assert parse_condition("increase", "percent", None).kind == "increase"
    assert parse_condition(True, "yes-no", None).value == "yes"
    assert parse_condition(">= Khá", "rating", ("Yếu", "Khá", "Tốt")).value == "Khá"
    assert parse_condition("≤ 2", "percent", None).comparator == "<="


# ---------------------------------------------------------------- synthetic target kinds

def plan(indicators: str, period="2020-2025") -> str:
    return f"""\
id: demo
title: Kế hoạch thử (synthetic)
document: {{number: 1/KH-TEST, issuer: UBND tỉnh Thử}}
area: "90"
period: {period}
groups:
  - code: a
    title: Nhóm a
    indicators:
{indicators}"""


def ind(id_, unit, targets, extra=""):
    return f"""      - id: {id_}
        name: {id_}
        unit: {unit}
        targets: {targets}
{extra}"""


def test_lower_is_better(tmp_path):
    p = plan(ind("bo-hoc", "percent", "{2022: 2}", "        better: lower\n"))
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": HEADER + "bo-hoc,90,2022,1.5,,,s,\n"})
    r = by(review(root), "bo-hoc", 2022)
    assert (r.status, r.comparator, r.gap) == ("exceeded", "<=", Decimal("-0.5"))


def test_an_earlier_figure_never_gives_a_final_verdict(tmp_path):
    """docs/commands.md#the-comparison-rules, rule 3: a 2021 figure that already reaches the 2023 target is on track, not
    exceeded: the verdict waits for a figure of 2023 itself."""
    p = plan(ind("ti-le", "percent", "{2023: 80}"))
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": HEADER + "ti-le,90,2021,81,,,s,\n"})
    r = by(review(root, start=2021, end=2023), "ti-le", 2023)
    assert (r.status, r.as_of, r.actual, r.own_missing) == ("on_track", 2021, Decimal(81), True)
    # the progress figure may lie before the period: it is the latest figure before the target's year
    r = by(review(root, start=2022, end=2023), "ti-le", 2023)
    assert (r.status, r.as_of) == ("on_track", 2021)
    # with the figure of 2023 itself, the final verdict
    root = write_repo(tmp_path / "b", plans={"p.yaml": p},
                      data={"d.csv": HEADER + "ti-le,90,2021,81,,,s,\nti-le,90,2023,79,,,s,\n"})
    r = by(review(root, start=2021, end=2023), "ti-le", 2023)
    assert (r.status, r.as_of) == ("missed", 2023)


def test_increase_compares_with_the_year_before(tmp_path):
    p = plan(ind("tang", "percent", "{2021: increase, 2022: increase, 2023: increase}"))
    data = HEADER + "tang,90,2020,10,,,s,\ntang,90,2021,12,,,s,\ntang,90,2022,12,,,s,\n"
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": data})
    rv = review(root, start=2021, end=2023)
    assert by(rv, "tang", 2021).status == "met"
    assert by(rv, "tang", 2021).baseline == Decimal(10)
    assert by(rv, "tang", 2022).status == "missed"  # no increase
    # 2023 is the period's last year and has no figure: progress from 2022 (no increase on 2021)
    assert (by(rv, "tang", 2023).status, by(rv, "tang", 2023).as_of) == ("off_track", 2022)
    # in a longer review, 2023 is due and has no figure: no_data, never missed
    rv = review(root, start=2021, end=2024)
    assert (by(rv, "tang", 2023).status, by(rv, "tang", 2023).later) == ("no_data", None)


def test_decrease(tmp_path):
    p = plan(ind("giam", "percent", "{2021: decrease}", "        better: lower\n"))
    data = HEADER + "giam,90,2020,10,,,s,\ngiam,90,2021,8,,,s,\n"
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": data})
    assert by(review(root), "giam", 2021).status == "met"


def test_yes_no_level_rating_and_comparators(tmp_path):
    p = plan(ind("chuan", "yes-no", "{2022: 'yes'}")
             + ind("muc-do", "level", '{2022: ">= 2"}', "        levels: [1, 2, 3]\n")
             + ind("xep-loai", "rating", "{2022: Khá}", "        levels: [Không xếp loại, Trung bình, Khá, Tốt]\n")
             + ind("dung", "count", '{2022: "== 3"}'))
    data = HEADER + "chuan,90,2022,no,,,s,\nmuc-do,90,2022,3,,,s,\nxep-loai,90,2022,Khá,,,s,\ndung,90,2022,4,,,s,\n"
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": data})
    rv = review(root)
    assert by(rv, "chuan", 2022).status == "missed"
    assert by(rv, "muc-do", 2022).status == "exceeded"
    assert by(rv, "xep-loai", 2022).status == "met"
    assert by(rv, "dung", 2022).status == "missed"
    assert by(rv, "xep-loai", 2022).gap is None  # ordinal: no arithmetic gap


def test_targets_after_the_period_on_and_off_track(tmp_path):
    p = plan(ind("a", "percent", "{2025: 90}") + ind("b", "percent", "{2025: 90}")
             + ind("c", "percent", "{2025: 90}") + ind("d", "percent", "{2025: 90}"))
    data = HEADER + ("a,90,2020,50,,,s,\na,90,2022,70,,,s,\n"   # line 50->90 over 5 years: 66 by 2022: on
                     "b,90,2020,50,,,s,\nb,90,2022,60,,,s,\n"   # 60 < 66: off
                     "c,90,2022,60,,,s,\n")                      # one figure: not judged
    root = write_repo(tmp_path, plans={"p.yaml": p}, data={"d.csv": data})
    rv = review(root, start=2020, end=2022)
    assert [by(rv, x, 2025).status for x in "abcd"] == ["on_track", "off_track", "not_due", "not_due"]
    assert by(rv, "a", 2025).as_of == 2022


def test_targets_before_the_period_are_left_out(tmp_path):
    root = write_repo(tmp_path)
    rv = review(root, start=2023, end=2023)
    assert {r.year for r in rv.results} == {2025}


def test_area_option_compares_another_area(tmp_path):
    data = HEADER + "ti-le,901,2022,70,,,s,\n"
    root = write_repo(tmp_path, plans={"demo.yaml": PLAN}, data={"d.csv": data})
    r = by(review(root, area="901"), "ti-le", 2022)
    assert (r.area, r.status, r.actual) == ("901", "missed", Decimal(70))
