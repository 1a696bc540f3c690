"""Issue 10: `xhht status` without PLAN compares every plan of a repository. The queries it makes of
the figures: the (area, year) index for each plan's period (`compare.figure_years`), the figures
of many areas at once without a Figure each (`rollup.figure_numbers`, `Values.values_of`), and a
comparison without the context figures and distributions that the overview does not show
(`compare(..., details=False)`). Each is checked against what it replaces, on the project's real
plans and the examples."""

from __future__ import annotations

from collections.abc import Mapping
import pytest

from conftest import ROOT, run
from xhht.judge.compare import compare
from xhht.judge.period import default_period, figure_years
from xhht.repo import load_repo
from xhht.judge.rollup import Values

REPOSITORIES = [ROOT, ROOT / "examples" / "tinh-mau", ROOT / "examples" / "reform-haugiang"]


@pytest.fixture(scope="module", params=REPOSITORIES, ids=lambda p: p.relative_to(ROOT).as_posix() if p != ROOT else "root")
def loaded(request):
    return load_repo(request.param)


def _periods(loaded):
    """(plan, area) pairs: each plan for its own area and for every code of areas.csv (--area)."""
    for plan in loaded.plans.values():
        for area in [None, *sorted(loaded.areas.versions)]:
            yield plan, area


class Storage(Mapping):
    """A figures mapping that answers `numbers` and `one_per_area_year` itself, as the cache does, and
    fails the test when a Figure is asked for one by one or every key is gone over."""

    def __init__(self, figures: dict):
        self._figures = figures
        self.numbers_asked = 0

    def __getitem__(self, key):
        raise AssertionError(f"a Figure was built for {key}: the comparison must ask `numbers`")

    def get(self, key, default=None):
        raise AssertionError(f"a Figure was built for {key}: the comparison must ask `numbers`")

    def __contains__(self, key):
        raise AssertionError("the comparison must ask `numbers`")

    def __iter__(self):
        raise AssertionError("every key was gone over: the period must ask `one_per_area_year`")

    def __len__(self):
        return len(self._figures)

    def numbers(self, indicator, year, areas):
        self.numbers_asked += 1
        out = []
        for area in areas:
            fig = self._figures.get((indicator, area, year))
            out.append(None if fig is None else (fig.value, fig.numerator, fig.denominator, fig.source))
        return out

    def one_per_area_year(self, ids):
        seen = set()
        for ind, area, year in self._figures:
            if ind in ids and (area, year) not in seen:
                seen.add((area, year))
                yield ind, area, year


def _old_default_period(plan, figures, areas, area=None):
    """The period as it was worked out before issue 10: every figure key, every code checked."""
    area = area or plan.area or ""
    ids = {ind.id for ind in plan.indicators}
    years: dict[str, set[int]] = {}
    for ind_id, code, year in figures:
        if ind_id in ids and year >= plan.start:
            years.setdefault(code, set()).add(year)

    def covers(code, year):
        if areas.is_within(code, area, year):
            return True
        if areas.dated and not areas.valid_in(area, year):
            return any(areas.is_within(code, s, year) for s in areas.successors(area, year)[0])
        return False

    latest = plan.start
    for code, found in years.items():
        for year in sorted(found, reverse=True):
            if year <= latest:
                break
            if not area or covers(code, year):
                latest = year
                break
    return plan.start, latest


def test_the_default_period_is_the_one_of_every_figure_key(loaded):
    for plan, area in _periods(loaded):
        expected = _old_default_period(plan, loaded.figures, loaded.areas, area)
        assert default_period(plan, loaded.values, loaded.areas, area) == expected, (plan.id, area)
        years = figure_years(loaded.figures, {ind.id for ind in plan.indicators})
        assert default_period(plan, loaded.values, loaded.areas, area, years=years) == expected, (plan.id, area)


def test_the_default_period_reads_the_area_year_index_when_the_storage_has_one(loaded):
    storage = Storage(loaded.figures)
    values = Values(storage, loaded.areas)
    for plan, area in _periods(loaded):
        expected = _old_default_period(plan, loaded.figures, loaded.areas, area)
        assert default_period(plan, values, loaded.areas, area) == expected, (plan.id, area)


def _same(a, b) -> None:
    assert a.results == b.results
    assert a.context == b.context
    assert a.distributions == b.distributions


def test_a_storage_with_numbers_is_never_asked_for_a_figure(loaded):
    storage = Storage(loaded.figures)
    values = Values(storage, loaded.areas)
    for plan, area in _periods(loaded):
        start, end = default_period(plan, loaded.values, loaded.areas, area)
        _same(compare(plan, values, loaded.areas, start, end, area),
              compare(plan, Values(loaded.figures, loaded.areas), loaded.areas, start, end, area))
    assert storage.numbers_asked


def test_values_of_many_areas_are_their_values_one_by_one(loaded):
    codes = sorted(loaded.areas.versions)
    years = sorted({year for _, _, year in loaded.figures})
    for ind in loaded.catalogue.values():
        for year in years:
            one_by_one = Values(loaded.figures, loaded.areas)
            expected = [one_by_one.get(ind, c, year).value for c in codes]
            assert Values(loaded.figures, loaded.areas).values_of(ind, codes, year) == expected
            read_first = Values(loaded.figures, loaded.areas)
            for c in codes[::3]:
                read_first.get(ind, c, year)  # some already computed, some not
            assert read_first.values_of(ind, codes, year) == expected


def test_without_details_a_review_has_the_same_results_and_nothing_else(loaded):
    left_out = 0
    for plan, area in _periods(loaded):
        start, end = default_period(plan, loaded.values, loaded.areas, area)
        full = compare(plan, Values(loaded.figures, loaded.areas), loaded.areas, start, end, area)
        short = compare(plan, Values(loaded.figures, loaded.areas), loaded.areas, start, end, area, details=False)
        assert short.results == full.results
        assert short.summary == full.summary
        assert (short.context, short.distributions) == ([], [])
        left_out += len(full.context) + len(full.distributions)
    if loaded.root.name == "tinh-mau":
        assert left_out  # the example has context figures and distributions to leave out


def test_the_overview_is_each_plans_summary():
    """`xhht status` of the project's repository: one row per plan, its counts those of `report`."""
    repo = load_repo(ROOT)
    r = run("--no-cache", "status", "--lang", "en", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line for line in r.stdout.splitlines() if line.split()[:1] and line.split()[0] in repo.plans}
    assert set(rows) == set(repo.plans)
    for plan in repo.plans.values():
        start, end = default_period(plan, repo.values, repo.areas)
        summary = compare(plan, repo.values, repo.areas, start, end).summary
        cells = rows[plan.id].split()[-len(summary):]
        assert cells == [str(n) if n else "·" for n in summary.values()], plan.id


def test_with_counts_reads_the_rows_as_the_figures_say(loaded):
    """`FigureTable.with_counts` (rollup-needs-counts asks it of every unit below every plan's area)
    reads a row's numerator and denominator as they are, without making numbers: the same answer
    as the Figures give (`figure_counts_of` over a dict of them)."""
    from xhht.model.figures import figure_counts_of

    figures = dict(loaded.figures.items())
    codes = sorted(loaded.areas.versions) + ["no-such-area"]
    years = sorted({year for _, _, year in figures})
    seen = set()
    for ind in loaded.catalogue.values():
        for year in years:
            got = loaded.figures.with_counts(ind.id, year, codes)
            assert got == figure_counts_of(figures, ind.id, year, codes), (ind.id, year)
            seen.update(got)
    assert seen == {None, True, False} or loaded.root.name != "tinh-mau"
