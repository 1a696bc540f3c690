"""What a comparison finds (docs/commands.md#the-comparison-rules): a `Review` of `Result`s, with
the distributions of levels and ratings and the context figures. Records, made by compare.py and
read by every output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xhht.base.kinds import Basis, Status, UnitName
from xhht.base.units import MEASURE_UNITS
from xhht.judge.rollup import Reason
from xhht.model.records import Condition, Indicator, Plan
from xhht.model.standards import Standard

FINAL = (Status.EXCEEDED, Status.MET, Status.MISSED)
PROGRESS = (Status.ON_TRACK, Status.OFF_TRACK, Status.NOT_DUE)
STATUSES = tuple(Status)  # in the order the summary counts them


@dataclass(frozen=True)
class Later:
    """A figure of a year after a target's year (rule 2): what it would say of the target."""

    year: int
    actual: Decimal | str
    status: Status


@dataclass(frozen=True)
class Line:
    """The straight line from the plan's first figure to the target (rule 3)."""

    year: int  # the first figure's year
    value: Decimal | str  # the first figure
    expected: Decimal  # the score the line asks for in the year of the latest figure


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    area: str
    year: int
    scope: str | None  # None: the area's own target; "huyen"/"xa": a subunits target
    kind: str  # value | increase | decrease | count | share
    target: Decimal | str | None
    comparator: str | None
    actual: Decimal | str | None
    as_of: int | None
    status: Status
    gap: Decimal | None = None
    ratio: Decimal | None = None
    required_per_year: Decimal | None = None
    later: Later | None = None
    line: Line | None = None  # progress: the line the latest figure was held against
    baseline: Decimal | str | None = None  # increase/decrease: the figure it is compared with
    baseline_year: int | None = None
    meeting: Condition | None = None  # subunits: what each unit must reach
    units: int | None = None  # subunits: how many units of `scope` there are
    counted: tuple[str, ...] = ()  # subunits: the units counted, when they differ from the plan's own
    counted_year: int | None = None  # ... as valid in this year
    short: tuple[str, ...] = ()  # subunits: units that fall short
    missing: tuple[str, ...] = ()  # subunits: units with no figure
    numerator: Decimal | None = None  # a percent's numerator and denominator, when known
    denominator: Decimal | None = None
    rolled_up: bool = False
    own_missing: bool = False  # the target's year lies in the period and has no figure
    cause: Reason | None = None  # why there is no figure, when known
    source: str | None = None
    standing_from: int | None = None  # `actual` is the figure of this earlier year, standing by holds_for
    standing: tuple[tuple[str, int], ...] = ()  # subunits: (unit, year) of the units counted by such a figure
    derived_by: Standard | None = None  # `actual` (or, for subunits, `derived`'s figures) derived by this
    #                                     standard's criteria where no decision is recorded (CONTRACT 13)
    derived: tuple[str, ...] = ()  # subunits: the units counted by a derived level
    basis: Basis = Basis.OWN  # CONTRACT 6: what a review of another area judges the unit against
    toward: tuple[str, Decimal] | None = None  # a unit's own figure against `meeting`: (count | share, the
    #                                            plan's number) of the subunits target it counts toward

    @property
    def measure_unit(self) -> UnitName:
        """The unit `actual` and `target` are in: the indicator's, or percent / count of units."""
        if self.scope is None or self.toward is not None:
            return self.indicator.unit
        return MEASURE_UNITS[self.kind]

    @property
    def own_figure(self) -> bool:
        """Whether `actual` is the area's own figure (not a count or share of its units)."""
        return self.scope is None or self.toward is not None

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def due(self) -> bool:
        return self.status in FINAL or self.status == Status.NO_DATA

    @property
    def explained(self) -> bool:
        """Every status but a final verdict on the target's own year carries a reason; so does one on
        a figure standing for that year by holds_for (the reason says which year it comes from), and one
        on a level derived by a standard's criteria (the reason says so)."""
        return (not self.final or self.as_of != self.year or self.standing_from is not None or bool(self.standing)
                or self.derived_by is not None)


@dataclass(frozen=True)
class Distribution:
    indicator: Indicator
    area: str
    level: str
    year: int
    counts: dict[str, int]  # best first
    no_data: int


@dataclass(frozen=True)
class Context:
    """A figure of the plan's indicators that no result uses (số liệu theo dõi)."""

    indicator: Indicator
    area: str
    year: int
    actual: Decimal | str
    rolled_up: bool = False
    source: str | None = None


@dataclass(frozen=True)
class Counted:
    """A plan's targets counted by status over a period (`Review.summary`): one row of the overview
    that `xhht status` prints for a repository of several plans."""

    plan: Plan
    start: int
    end: int
    summary: dict[str, int]


@dataclass
class Review:
    plan: Plan
    area: str
    start: int
    end: int
    results: list[Result] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    context: list[Context] = field(default_factory=list)
    left_out: int = 0  # errors in the plan or its data, whose figures the review could not use

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            counts[r.status] += 1
        return counts

    @property
    def missed(self) -> list[Result]:
        """Missed targets, farthest behind first: by ratio, then gap, then plan order."""
        return self._worst(Status.MISSED)

    @property
    def off_track(self) -> list[Result]:
        return self._worst(Status.OFF_TRACK)

    def _worst(self, status: Status) -> list[Result]:
        """Farthest behind first: the lowest share of the target reached (for a ceiling, `<=`, the
        highest excess over it), then the largest gap, then plan order."""
        order = {id(r): i for i, r in enumerate(self.results)}
        chosen = [r for r in self.results if r.status == status]

        def behind(r: Result) -> tuple:
            ceiling = r.comparator in ("<=", "<")
            if r.ratio is None:
                reached = Decimal(10**9)
            elif ceiling:
                reached = 1 / r.ratio if r.ratio else Decimal(10**9)
            else:
                reached = r.ratio
            gap = r.gap if r.gap is not None else Decimal(0)
            return reached, -gap if ceiling else gap, order[id(r)]

        return sorted(chosen, key=behind)
