"""Work on every core (issue 22): the one way xhht starts worker processes.

`fork_map(function, items, n, start, args)` gives `function(item)` for each item, in order, computed
by `n` forked processes (a `ProcessPoolExecutor` with the fork start method); with `n` = 1 the
caller does the work itself, with the same function. A forked worker starts as a copy of this
process, so it has at once whatever was loaded (the indicators, the areas, an opened repository):
`start(*args)` is called in each worker first (with fork, `args` are not pickled). Items and
results are pickled: plain data.

`workers(size, threshold)` decides `n`: XHHT_WORKERS when set (1: no process is started), else the
CPUs this process may use (at most MAX_WORKERS) once the work is `threshold` large or larger, 1
below it (starting processes would cost more than it saves). 1 also where fork is not safe: other
than Linux (macOS and Windows have no safe fork: the work is done here, the same way), or while
another thread runs (a lock it holds would stay held in the child). `multiprocessing` is imported
only when a pool starts: `xhht --version` never imports it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_WORKERS = 4  # each worker holds its share of the work in memory: memory grows with them


def workers(size: int, threshold: int) -> int:
    """How many processes do work of `size` (bytes, figures...) that pays for a pool from `threshold` on."""
    wanted = os.environ.get("XHHT_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        n = int(wanted)
    elif size < threshold:
        return 1
    else:
        try:
            n = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        except (AttributeError, OSError):
            n = min(os.cpu_count() or 1, MAX_WORKERS)
    return n if n > 1 and _can_fork() else 1


def _can_fork() -> bool:
    if sys.platform != "linux":
        return False
    import threading

    return threading.active_count() == 1


def fork_map(function: Callable[[Any], Any], items: Iterable[Any], n: int, start: Callable[..., None],
             args: tuple) -> Iterator[Any]:
    """`function(item)` for each of `items`, in order, by `n` (2 or more: `workers`) forked workers,
    each of which first runs `start(*args)`. `function` and `start` must be module-level functions.
    Ctrl-C stops this process, which stops the pool; an exception in a worker is raised here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    for stream in (sys.stdout, sys.stderr):  # a forked child must not write the buffered output again
        stream.flush()
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(start, args))
    try:
        yield from pool.map(function, items)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(start: Callable[..., None], args: tuple) -> None:
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops the pool
    os.environ["XHHT_WORKERS"] = "1"  # a worker starts no pool of its own
    gc.disable()  # a worker lives for one command and makes no garbage cycles worth collecting
    start(*args)
