"""The lowest layer: words and numbers that every other layer uses, and nothing of xhht below it.

kinds (Status, Basis, Severity, UnitName), numbers (canonical numbers, the Decimal CONTEXT,
half_up), periods, units (one Unit object per unit type), safetext (file text as data), errors
(UsageError, the one usage error), writing (the one way a file is written), zipfiles (office files
as deterministic bytes). Imports nothing of xhht.
"""
