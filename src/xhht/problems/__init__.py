"""Problems are data: the record (`record.py`: Problem, Loc, DataError) and the message catalogue that
words every code in Vietnamese and English (`catalogue.py`). May import: base."""

from xhht.problems.record import CODES, LIMIT, DataError, Loc, Problem, did_you_mean, display_path, worded  # noqa: F401
