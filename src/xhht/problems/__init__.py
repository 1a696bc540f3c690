"""The problem record (`record.py`) and the message catalogue that words it (`catalogue.py`)."""

from xhht.problems.record import (CODES, ERROR, WARNING, WORDS, Loc, Problem, did_you_mean,  # noqa: F401
                                  display_path, worded)
