"""Wording and rendering for a reader, in Vietnamese or English: reports, tables, problem lists.

fmt (words and number formats), render (the Renderer registry and the templates' view),
review_json, sandbox (repository templates), templates/ (the built-in ones), status_table,
problem_text and annotations (check's output), area_names and area_text, console (rich). May
import: base, problems, model, load, judge. Never the repository or the command line.
"""
