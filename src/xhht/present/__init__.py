"""Wording and rendering for a reader, in Vietnamese or English: reports, tables, problem lists, and
output documents built from a plain model (an official document, document.py; its writers).

fmt (words and number formats), render (the Renderer registry and the templates' view),
review_json, sandbox (repository templates), templates/ (the built-in ones), status_table,
problem_text and annotations (check's output), area_names and area_text, console (rich),
document (the official document model) and docx_writer (python-docx). May import: base, problems,
model, load, judge. Never the repository or the command line.
"""
