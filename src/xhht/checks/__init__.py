"""The checks across files: the registry (registry.py) and the rules it runs (rules.py, imported
here so that importing `xhht.checks` registers every check). May import: base, problems, model,
judge; never the repository (`registry.Loaded` says what a check may read)."""

from xhht.checks import rules  # noqa: F401  (registers every check)
from xhht.checks.reports import report_problems  # noqa: F401
from xhht.checks.registry import CHECKS, Check, Loaded, check, keep_first_plans, run_checks  # noqa: F401
