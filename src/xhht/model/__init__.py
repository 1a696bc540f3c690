"""The records xhht reasons about: plans, areas over time, figures (docs/architecture.md#records).

records (frozen dataclasses), specs (the pydantic shape of a plan file) and schema (its JSON
Schema), targets (a target as a Condition, judged on one value), areas (the units and their
hierarchy over time), figures (the loaded figures as rows: FigureTable, the Figures protocol).
May import: base, problems.
"""
