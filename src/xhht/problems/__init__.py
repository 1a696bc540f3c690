"""The problem record (`record.py`) and the message catalogue that words it (`catalogue.py`)."""

from xhht.problems.record import CODES, DataError, Loc, Problem, did_you_mean, display_path, worded  # noqa: F401
