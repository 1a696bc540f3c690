"""The command line (the console script `xhht = "xhht.cli:run"`)."""

from xhht.cli.app import main, run  # noqa: F401
