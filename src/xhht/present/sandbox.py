"""Repository templates (`templates/*.j2`) run in Jinja's sandbox.

A template in the repository is code that anyone who can open a pull request can change, and
CI runs it. So it runs in `jinja2.sandbox.SandboxedEnvironment`: no attribute starting with
`_` (`cycler.__init__.__globals__` is refused), no method that changes data, `range` bounded;
here also no huge `**` or `*`, and a time limit. It is read like every input (`safe_io`:
inside the repository, a regular file, bounded, strict UTF-8). Any error in it (syntax,
undefined variable, refused operation, too slow, not UTF-8) is a problem at
`templates/NAME:LINE` (exit 1), never an internal error.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Template, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from xhht.problems import DataError
from xhht.problems import Loc

TIME_LIMIT = 30  # seconds for one rendering: the shipped templates take milliseconds
MAX_POWER = 1000  # `x ** y` with |y| above this is refused
MAX_LENGTH = 1_000_000  # `"x" * n` or `[..] * n` longer than this is refused


class RepoLoader(BaseLoader):
    """Templates from the repository's `templates/` folder, read through `safe_io.read_file`."""

    def __init__(self, folder: Path):
        self.root, self.folder = folder.parent, folder.name

    def get_source(self, environment, template: str):
        from xhht.load.safe_io import read_file

        parts = template.split("/")
        if any(p in ("", ".", "..") for p in parts) or "\\" in template:
            raise TemplateNotFound(template)
        file = f"{self.folder}/{template}"
        if not os.path.lexists(self.root / file):
            raise TemplateNotFound(template)
        text, problems = read_file(self.root, file)
        if text is None or any(p.severity == "error" for p in problems):
            raise DataError(problems)
        return text, str(self.root / file), lambda: True


class _Template(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        """The output, without a character a terminal or a CI log acts on: a repository's template can
        make any (`{{ "\x1b]0;…\x07" }}`), and HTML's autoescape keeps them. Every template of every
        format and command (report, scorecard, evaluate) renders here."""
        from xhht.base.safetext import for_terminal

        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return for_terminal(super().render(*args, **kwargs))

        def too_slow(_signum, _frame):
            raise TimeoutError(f"the template ran longer than {TIME_LIMIT} s")

        previous = signal.signal(signal.SIGALRM, too_slow)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            return for_terminal(super().render(*args, **kwargs))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class Sandbox(SandboxedEnvironment):
    """The sandbox, whose errors in repository templates become problems at their line."""

    template_class = _Template
    intercepted_binops = frozenset(["**", "*"])

    def __init__(self, repo_templates: Path | None, **options: Any):
        super().__init__(**options)
        self.repo_templates = repo_templates

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"the power {right} is too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_LENGTH:
                    raise SecurityError("the repeated text or list is too long")
        return super().call_binop(context, operator, left, right)

    def handle_exception(self, source: str | None = None):
        from jinja2.debug import rewrite_traceback_stack

        exc = rewrite_traceback_stack(source=source)
        problem = self._problem(exc)
        if problem is None:
            raise exc
        raise DataError([problem]) from exc

    def _file(self, filename: str | None) -> str | None:
        """templates/NAME for a file of the repository's templates folder, else None."""
        if not filename or self.repo_templates is None:
            return None
        folder = str(self.repo_templates) + os.sep
        return f"{self.repo_templates.name}/{filename[len(folder):]}" if filename.startswith(folder) else None

    def _problem(self, exc: BaseException):
        if isinstance(exc, TemplateSyntaxError):
            file = self._file(exc.filename)
            if file is None:
                return None
            return Loc(file, exc.lineno or 0).problem("template-error", syntax=True, detail=str(exc.message))
        line, file = 0, None
        tb = exc.__traceback__
        while tb is not None:  # the innermost frame that runs a repository template
            found = self._file(tb.tb_frame.f_code.co_filename)
            if found is not None:
                file, line = found, tb.tb_lineno
            tb = tb.tb_next
        if file is None:
            return None
        if isinstance(exc, SecurityError):
            return Loc(file, line).problem("template-error", sandbox=True, detail=str(exc)[:300])
        return Loc(file, line).problem("template-error", kind=type(exc).__name__, detail=str(exc)[:300])


def environment(repo_templates: Path | None, **options: Any) -> Sandbox:
    from jinja2 import ChoiceLoader, PackageLoader

    loaders: list[BaseLoader] = []
    if repo_templates is not None and os.path.lexists(repo_templates):
        loaders.append(RepoLoader(repo_templates))
    loaders.append(PackageLoader("xhht.present", "templates"))
    return Sandbox(repo_templates, loader=ChoiceLoader(loaders), **options)
