"""A repository at other git revisions: revisions (read through git), history (`xhht log`), diff.

May import every layer but excel and the command line.
"""
