"""Reading a repository's files into records and problems: one file at a time, safely.

safe_io (the one reader: inside the repository, bounded, strict UTF-8), textfiles (CSV), yamlsrc
(YAML with positions), plans, figures, areas (areas.csv, area-changes.csv), config (xhht.toml),
cache and cached_figures (.xhht/), conversion (the 2025 conversion table). May import: base,
problems, model. Never the comparison, the checks, the repository, rendering or the command line.
"""
