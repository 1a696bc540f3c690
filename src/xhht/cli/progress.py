"""The progress bar of a long load (`State.open_repo`)."""

from __future__ import annotations

import sys
from collections.abc import Callable


class Progress:
    """A progress bar on stderr (files read, figures checked) once loading has taken more than
    XHHT_PROGRESS_AFTER seconds (default 2), and only when stderr is a terminal: nothing in a
    pipe, a file or CI logs. rich is imported only when the bar is shown."""

    def __init__(self, say: Callable[[str, str], str]) -> None:
        import os
        import time

        self._say = say  # the run's language: State.say
        self._clock = time.monotonic
        try:
            self._after = float(os.environ.get("XHHT_PROGRESS_AFTER", "2"))
        except ValueError:
            self._after = 2.0
        self._start = self._clock()
        self._tty = sys.stderr.isatty()
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int, figures: int) -> None:
        if not self._tty:
            return
        if self._bar is None:
            if self._clock() - self._start < self._after:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            say = self._say
            self._bar = Progress(TextColumn(say("xhht: đã đọc tệp", "xhht: files read")), BarColumn(),
                                 MofNCompleteColumn(),
                                 TextColumn(say("đã kiểm tra {task.fields[figures]} số liệu",
                                                "{task.fields[figures]} figures checked")),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("load", total=total, figures=self._count(figures))
        self._bar.update(self._task, completed=done, total=total, figures=self._count(figures))

    def _count(self, n: int) -> str:
        """1,234,567 (1.234.567 in Vietnamese)."""
        return self._say(f"{n:,}".replace(",", "."), f"{n:,}")

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
