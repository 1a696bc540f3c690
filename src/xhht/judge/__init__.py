"""The comparison: targets against figures, pure functions (docs/commands.md#the-comparison-rules).

rollup (an area's value, or its units' roll-up), compare (the engine), results (Review, Result…),
period (the default period), needs (the figures a plan needs for a year). May import: base,
problems, model.
"""
