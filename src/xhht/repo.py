"""The library's front door: a tracker repository on disk -> a `Repo` of valid records + problems.

    xhht.toml     --load.config--> settings
    standards/*.yaml (and xhht's own) --load.yamlsrc--> YamlDoc --load.standards--> Standard
    plans/*.yaml  --load.yamlsrc--> YamlDoc --load.plans--> Plan
    areas.csv     --load.areas--> Areas (+ area-changes.csv)
    data/**/*.csv --load.parallel, load.figures--> FigureTable (checked against the plans' indicators)
    then checks.run_checks() over the whole (the registered cross-file checks);
    reports/*.md  --load.report_text--> ReportText    (checked against the plans; never cached)

Like beancount's loader: everything that is wrong becomes a Problem with its location;
whatever is valid is kept, so `report` can still work on the rest.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from xhht.checks import keep_first_plans, run_checks
from xhht.checks import report_problems
from xhht.judge.rollup import Values
from xhht.judge.standards import Evaluator
from xhht.load.areas import load_areas, load_changes
from xhht.load.config import find_root, read_config  # noqa: F401  (find_root: the library's front door too)
from xhht.load.figures import merge, with_guesses
from xhht.load.safe_io import list_files, read_bytes, read_file
from xhht.model.areas import Areas
from xhht.model.figures import Figures, FigureTable
from xhht.model.records import Indicator, Plan
from xhht.model.report_text import ReportText
from xhht.model.standards import Standard
from xhht.problems import Problem, display_path

if TYPE_CHECKING:
    from xhht.judge.results import Counted
    from xhht.load.cache import Snapshot


def _without_gc(load):
    """Loading makes millions of small objects and no garbage cycles: the cyclic garbage
    collector would only walk them again and again. It is off while loading (as it was), and
    while the overview compares every plan (the places it unpacks, the figures it reads: as many)."""
    @functools.wraps(load)
    def wrapper(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return wrapper


@dataclass
class Repo:
    root: Path
    plans: dict[str, Plan] = field(default_factory=dict)  # in file-name order
    standards: dict[str, Standard] = field(default_factory=dict)  # xhht's own, then standards/*.yaml
    standard_files: dict[str, str] = field(default_factory=dict)  # standard id -> file
    areas: Areas = field(default_factory=Areas)
    has_areas_file: bool = False
    figures: Figures = field(default_factory=FigureTable)
    problems: list[Problem] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    plan_files: dict[str, str] = field(default_factory=dict)  # plan id -> file
    data_files: list[str] = field(default_factory=list)
    # the indicator id of data rows that are not valid figures (a valid figure's is in `figures`)
    row_indicator: dict[tuple[str, int], str] = field(default_factory=dict)
    # indicator ids of plan files too broken to build: their figures are checked once the plan is fixed
    unloaded: set[str] = field(default_factory=set)
    reports: dict[str, ReportText] = field(default_factory=dict)  # reports/*.md that could be read, by file

    @cached_property
    def values(self) -> Values:
        """Figures with roll-up, shared by the checks and the comparison (read after loading); a
        standard's result, where no decision is recorded, derived from its criteria (`evaluator`)."""
        values = Values(self.figures, self.areas)
        values.derived = Evaluator(self.standards, values, self.areas)
        return values

    @property
    def evaluator(self) -> Evaluator:
        """The levels of the standards (judge/standards.py): the values layer's source."""
        return self.values.derived

    @cached_property
    def catalogue(self) -> dict[str, Indicator]:
        """Every indicator id, as first defined: the standards' (docs/standards.md: every repository knows
        them), then the plans' in file order. Read once the plans are in."""
        out: dict[str, Indicator] = {}
        for standard in self.standards.values():
            for ind in standard.indicators:
                out.setdefault(ind.id, ind)
        for plan in self.plans.values():
            for ind in plan.indicators:
                out.setdefault(ind.id, ind)
        return out

    def area_known(self, code: str) -> bool:
        return code in self.known_areas

    @cached_property
    def known_areas(self) -> frozenset[str]:
        """The area codes a figure may have: those of areas.csv, or, without one, the plans' areas.
        Read once the plans and the areas are in."""
        if self.has_areas_file:
            return frozenset(self.areas.by_code)
        return frozenset(p.area for p in self.plans.values() if p.area is not None)

    def rows_of_problems(self) -> dict[tuple[str, int], str]:
        """(file, line) -> indicator id, for every data row that has a problem."""
        data_files = set(self.data_files)
        at = {(p.file, p.line) for p in self.problems if p.file in data_files}
        out = {k: self.row_indicator[k] for k in at if k in self.row_indicator}
        rest = at - out.keys()
        if rest:
            out.update(self.figures.indicators_at(rest))
        return out

    def snapshot(self) -> Snapshot:
        """What the cache keeps of a full load (load/cache.py)."""
        from xhht.load.cache import Snapshot

        return Snapshot(plans=self.plans, plan_files=self.plan_files, unloaded=self.unloaded, problems=self.problems,
                        data_files=self.data_files, row_indicator=self.rows_of_problems(), figures=self.figures,
                        standards=self.standards, standard_files=self.standard_files)

    def apply(self, snapshot: Snapshot) -> None:
        """Takes what a cache restored (load/cache.py) instead of loading the plans and the data."""
        self.plans = snapshot.plans
        self.plan_files = snapshot.plan_files
        self.standards = snapshot.standards
        self.standard_files = snapshot.standard_files
        self.unloaded = snapshot.unloaded
        self.problems = snapshot.problems
        self.data_files = snapshot.data_files
        self.row_indicator = snapshot.row_indicator
        self.figures = snapshot.figures

    @_without_gc
    def overview(self, periods: list[tuple[str, int, int]]) -> list[Counted]:
        """Each (plan id, start, end) compared (`compare(details=False)`) and its targets counted by
        status, in order: on every core when the repository is large (base/processes.py), each worker
        comparing whole plans with the figures it reads itself and sending back its counts only."""
        from xhht.base.processes import fork_map, workers
        from xhht.judge.results import STATUSES, Counted

        n = workers(len(self.figures), POOL_FIGURES) if len(periods) > 1 else 1
        counts = map(functools.partial(_counts, self), periods) if n <= 1 else fork_map(
            _pooled_counts, periods, n, _open, (self,))
        return [Counted(self.plans[pid], start, end, dict(zip(STATUSES, got)))
                for (pid, start, end), got in zip(periods, counts)]

    def select(self, paths: list[Path]) -> list[Problem]:
        """The problems that concern `paths` (files or folders). A plan file brings what it uses:
        areas.csv, xhht.toml, the data rows of its indicators, and data-file problems that no
        single row can be blamed for (not UTF-8, a bad header)."""
        chosen = {display_path(p, self.root) for p in paths}
        chosen = {"" if c == "." else c for c in chosen}
        if "" in chosen:
            return list(self.problems)
        plan_inds = {ind.id for pid, file in self.plan_files.items() if _under(file, chosen)
                     for ind in self.plans[pid].indicators}
        out = []
        rows = self.rows_of_problems() if plan_inds else {}
        for p in self.problems:
            if _under(p.file, chosen):
                out.append(p)
            elif plan_inds and p.file in ("areas.csv", "area-changes.csv", "xhht.toml"):
                out.append(p)  # every plan uses the areas and the settings
            elif plan_inds and p.file in self.data_files:
                ind = rows.get((p.file, p.line))
                if ind is None or ind in plan_inds:  # its own rows, and what no row can be blamed for
                    out.append(p)
        return out


POOL_FIGURES = 200_000  # the overview of a repository this large is computed on every core (measured: docs/performance.md)
_OPENED: Repo | None = None  # in a worker of `Repo.overview`: the repository it was forked with


def _open(repo: Repo) -> None:
    global _OPENED
    _OPENED = repo


def _pooled_counts(item: tuple[str, int, int]) -> tuple[int, ...]:
    assert _OPENED is not None
    return _counts(_OPENED, item)


def _counts(repo: Repo, item: tuple[str, int, int]) -> tuple[int, ...]:
    """The targets of a plan in a period counted by status, in the order of `STATUSES` (all a worker
    sends back: plain numbers, not the review)."""
    from xhht.judge.compare import compare
    from xhht.judge.results import STATUSES

    plan_id, start, end = item
    summary = compare(repo.plans[plan_id], repo.values, repo.areas, start, end, details=False).summary
    return tuple(summary[s] for s in STATUSES)


@_without_gc
def load_repo(root: Path, cache: bool = False, progress: Callable[[int, int, int], None] | None = None,
              overlay: dict[str, bytes] | None = None) -> Repo:
    """Every file of the repository at `root`, loaded and checked: every input read through
    `safe_io` (inside the repository, regular files, bounded), in a Decimal context wide enough
    for every figure xhht accepts. With `cache`, the figures and problems are taken from
    `.xhht/` when it was written by this user's xhht for exactly these files (cache.py), and
    written there after a full load; the result is the same either way. `progress(files read,
    files, figures)` is called after each data file. `overlay` (data file as named in problems ->
    its bytes) loads the repository as it would be with those data files written: what `xhht
    import` would write, judged by every rule of `check` before anything is written."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    with localcontext(CONTEXT):
        return _load_repo(root, cache and not overlay, progress, overlay or {})


def _load_repo(root: Path, cache: bool, progress: Callable[[int, int, int], None] | None,
               overlay: dict[str, bytes]) -> Repo:
    repo = _load_cached(root, cache, progress, overlay)
    _load_reports(repo)
    return repo


def _load_cached(root: Path, cache: bool, progress: Callable[[int, int, int], None] | None,
                 overlay: dict[str, bytes]) -> Repo:
    """Everything but the report text files: what the cache holds."""
    repo = Repo(root=root)
    if not cache:
        _load_definitions(repo)
        _load_data(repo, progress, overlay)
        return repo
    from xhht.load import cache as cache_mod

    inputs = cache_mod.current_inputs(root)  # before any input is read
    _load_config(repo)
    _load_areas(repo)
    restored = cache_mod.restore(root, inputs, functools.partial(_figures_again, root)) if inputs is not None else None
    if restored is not None:
        repo.apply(restored)  # the plans too come from the cache: the YAML is not parsed again
        return repo
    _load_standards(repo)
    _load_plans(repo)
    read = _load_data(repo, progress)
    cache_mod.store(root, repo.snapshot(), read)
    return repo


@_without_gc
def _figures_again(root: Path) -> Figures:
    """The figures read from the files, for a repository first opened from a cache that turned
    out to be damaged (load.cached_figures.CachedFigures)."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    with localcontext(CONTEXT):
        fresh = Repo(root=root)
        _load_definitions(fresh)
        _load_data(fresh)
    return fresh.figures


def _load_definitions(repo: Repo) -> None:
    """xhht.toml, plans/*.yaml, areas.csv and area-changes.csv (a fraction of a second even for
    a national repository; with the cache, the plans are taken from it)."""
    _load_config(repo)
    _load_standards(repo)
    _load_plans(repo)
    _load_areas(repo)


def _load_standards(repo: Repo) -> None:
    """The standards xhht ships, then the repository's standards/*.yaml (docs/standards.md)."""
    from xhht.load.standards import load_standards, shipped_texts

    texts = [(name, text, True) for name, text in shipped_texts()]
    files, problems = list_files(repo.root, "standards", (".yaml", ".yml"), recursive=False)
    repo.problems += problems
    for file in files:
        text, problems = read_file(repo.root, file)
        repo.problems += problems
        if text is not None:
            texts.append((file, text, False))
    loaded = load_standards(texts)
    repo.standards, repo.standard_files = loaded.standards, loaded.files
    repo.unloaded |= loaded.unloaded
    repo.problems += loaded.problems


def _load_plans(repo: Repo) -> None:
    from xhht.load.plans import build_plan  # here: a repository opened from the cache parses no YAML
    from xhht.load.yamlsrc import load_yaml

    root = repo.root
    plan_files, problems = list_files(root, "plans", (".yaml", ".yml"), recursive=False)
    repo.problems += problems
    plans: list[Plan] = []
    for file in plan_files:
        text, problems = read_file(root, file)
        repo.problems += problems
        if text is None:
            if any(p.code == "not-utf8" for p in problems):  # its ids are still legible
                raw, _ = read_bytes(root, file)
                repo.unloaded |= _scanned_ids(raw.decode("utf-8", "replace") if raw is not None else "")
            continue
        doc, problems = load_yaml(text, file)
        repo.problems += problems
        if doc is None:
            repo.unloaded |= _scanned_ids(text)  # a TAB, a stray quote: no YAML, but the `id:` lines
            continue
        plan, problems = build_plan(doc)
        repo.problems += problems
        if plan is None:
            repo.unloaded |= _raw_indicator_ids(doc.data) | _scanned_ids(text)
        else:
            plans.append(plan)
            repo.plan_files.setdefault(plan.id, file)
    repo.plans, problems = keep_first_plans(plans, repo.plan_files)
    repo.problems += problems


def _load_areas(repo: Repo) -> None:
    root = repo.root
    if os.path.lexists(root / "areas.csv"):
        repo.has_areas_file = True
        text, problems = read_file(root, "areas.csv")
        repo.problems += problems
        if text is not None:
            repo.areas, problems = load_areas(text, "areas.csv")
            repo.problems += problems
        if os.path.lexists(root / "area-changes.csv"):
            text, problems = read_file(root, "area-changes.csv")
            repo.problems += problems
            if text is not None:
                _, problems = load_changes(text, "area-changes.csv", repo.areas)
                repo.problems += problems


def _load_data(repo: Repo, progress: Callable[[int, int, int], None] | None = None,
               overlay: dict[str, bytes] | None = None) -> dict[str, tuple[int, bytes] | None]:
    """data/**/*.csv against the plans, then the checks across files: the long part, cached. The
    files are read on every core when they are large (load/parallel.py); their parts are merged
    in file order, so the result is the same as reading them one after the other. Returns what
    was read of each file (its size and BLAKE2b digest, or None): the cache's key is made of it.
    `overlay`: data files read from these bytes instead of the disk (load_repo)."""
    from xhht.load.parallel import Context, read_parts

    data_files, problems = list_files(repo.root, "data", (".csv",), recursive=True)
    repo.problems += problems
    if overlay:
        data_files = sorted(set(data_files) | set(overlay))
    repo.data_files = data_files
    table = repo.figures = FigureTable(data_files)
    ctx = Context(repo.root, repo.catalogue, repo.known_areas, frozenset(repo.unloaded), overlay or {})
    read: dict[str, tuple[int, bytes] | None] = dict.fromkeys(data_files)
    for part in read_parts(ctx, data_files):
        if progress is not None:
            progress(part.number, len(data_files), len(table))
        repo.problems += merge(table, part, repo.row_indicator)
        if part.digest is not None:
            read[part.file] = part.digest
    if progress is not None:
        progress(len(data_files), len(data_files), len(table))
    repo.problems += run_checks(repo)
    repo.problems = with_guesses(sorted(repo.problems), repo.catalogue)
    return read


def _load_reports(repo: Repo) -> None:
    """reports/*.md (a README.md there is not one), checked against the plans. Small files, read
    on every load: the cache neither holds them nor depends on them."""
    files, problems = list_files(repo.root, "reports", (".md",), recursive=False)
    if files:
        from xhht.load.report_text import MAX_REPORT_BYTES, load_report_text
    for file in files:
        if file.rsplit("/", 1)[-1].lower() == "readme.md":
            continue
        text, more = read_file(repo.root, file, MAX_REPORT_BYTES)
        problems += more
        if text is None:
            continue
        report, more = load_report_text(text, file)
        problems += more
        if report is not None:
            repo.reports[file] = report
    problems += report_problems(repo.reports.values(), repo.plans)
    if problems:
        repo.problems = sorted([*repo.problems, *problems])


def _raw_indicator_ids(data: object) -> set[str]:
    """The indicator ids a broken plan file seems to define: its figures are then not reported
    as unknown (the plan's own errors say what to fix first)."""
    out: set[str] = set()
    groups = data.get("groups") if isinstance(data, dict) else None
    for g in groups if isinstance(groups, list) else []:
        inds = g.get("indicators") if isinstance(g, dict) else None
        for ind in inds if isinstance(inds, list) else []:
            if isinstance(ind, dict) and isinstance(ind.get("id"), str):
                out.add(ind["id"])
    return out


_ID_LINE = re.compile(r"""(?<![\w-])id\s*:\s*["']?([^\s"',}\]#]+)""")


def _scanned_ids(text: str) -> set[str]:
    """Every `id: x` of a plan file that does not parse as YAML, by a tolerant scan of its lines
    (block or flow style): its indicators' figures are then not reported as unknown before the
    file's own error is fixed (the plan's id comes along: harmless)."""
    return set(_ID_LINE.findall(text))


def _load_config(repo: Repo) -> None:
    repo.config, problems = read_config(repo.root)
    repo.problems += problems


def _under(file: str, chosen: set[str]) -> bool:
    return file in chosen or any(file.startswith(c.rstrip("/") + "/") for c in chosen)
