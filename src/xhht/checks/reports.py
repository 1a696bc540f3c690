"""The report text files (reports/*.md) against the plans: `plan` names a plan of the repository
and `period` overlaps its period. Not a registered check: report texts are read on every load,
outside the cache that `run_checks`' results live in (repo.py)."""

from __future__ import annotations

from collections.abc import Iterable

from xhht.model.records import Plan
from xhht.model.report_text import ReportText
from xhht.problems import Problem, did_you_mean


def report_problems(reports: Iterable[ReportText], plans: dict[str, Plan]) -> list[Problem]:
    problems = []
    for report in reports:
        plan = plans.get(report.plan)
        if plan is None:
            problems.append(report.plan_loc.problem("report-unknown-plan", plan=report.plan,
                                                    guess=did_you_mean(report.plan, plans),
                                                    plans=", ".join(plans) or "–"))
        elif report.end < plan.start or report.start > plan.end:
            period = f"{report.start}-{report.end}" if report.start != report.end else str(report.start)
            problems.append(report.period_loc.problem("report-period", period=period, plan=plan.id,
                                                      start=plan.start, end=plan.end))
    return problems
