"""The command line: a thin layer over the library (repo -> check / compare -> render).

`run` is the console script (`xhht = "xhht.cli:run"`), `main` the command line without its quick
exit. Exit codes: 0 success, 1 the data has errors, 2 usage error (`base.errors.UsageError`), 3
internal error (a bug: one line, the traceback only with `--debug`). Never a traceback otherwise.
"""

from __future__ import annotations

import errno
import sys

from xhht.cli.app import build_app
from xhht.cli.state import State, start


def run() -> None:
    """The console script: `main`, then, after a command that loaded a large repository, a
    quick exit: the output is flushed and every file is closed, but the interpreter does not
    free a million figures one by one (0.3 s of a national `check`)."""
    state = start(sys.argv[1:])
    try:
        main(state)
        code = 0
    except SystemExit as exc:
        if not state.large:
            raise
        code = exc.code
    if not state.large:
        return
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    import os

    os._exit(code)


def main(state: State | None = None) -> None:
    """The command line: never a traceback, whatever the input (but with --debug on a bug)."""
    from decimal import localcontext

    from xhht.base.numbers import CONTEXT

    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 still gets the output
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    if state is None:
        state = start(sys.argv[1:])
    try:
        with localcontext(CONTEXT):
            build_app(state)(obj=state)
    except SystemExit:
        _flushed(state)
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `xhht report | head`: the reader has what it wanted
        from xhht.cli.common import reader_gone

        reader_gone()
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            _stopped(exc, state)
        _output_failed(exc, state)
    except Exception as exc:  # noqa: BLE001 - the last net under every command
        _stopped(exc, state)


def _flushed(state: State) -> None:
    """What is left in standard output's buffer, written before the exit code is decided: a reader
    that stopped early (`xhht check | true`) is then exit 0, not 120 and a line about an exception
    ignored at shutdown; a full disk is exit 1 with its line."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from xhht.cli.common import reader_gone

        reader_gone()
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            raise
        _output_failed(exc, state)


def _output_failed(exc: OSError, state: State) -> None:
    """The output could not be written (a full disk, /dev/full): said, exit 1; not a bug."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
    except OSError:
        pass
    message = state.say(f"không ghi được kết quả: {exc.strerror or exc}",
                        f"could not write the output: {exc.strerror or exc}")
    try:
        print(f"xhht: {message}", file=sys.stderr)
    except OSError:
        pass
    sys.exit(1)


_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _stopped(exc: Exception, state: State) -> None:
    """A command stopped by an exception: a usage error (exit 2), the user's files (exit 1), else a
    bug (exit 3). xhht.problems is imported here, not at start-up: it brings the catalogue."""
    from xhht.base.errors import UsageError

    if isinstance(exc, UsageError):  # it may quote a plan id or a code from the files: one line, no control
        from xhht.base.safetext import for_terminal_line

        print(f"xhht: {for_terminal_line(exc.in_lang(state.lang))}", file=sys.stderr)
        sys.exit(2)
    from xhht.problems import DataError

    if isinstance(exc, DataError):
        from xhht.present.problem_text import print_problems

        print_problems(exc.problems, "text", state.lang, file=sys.stderr)
        sys.exit(1)
    if state.debug:
        import traceback

        traceback.print_exc()
    name = type(exc).__name__
    print("xhht: " + state.say(f"lỗi nội bộ ({name}): đây là lỗi của xhht, không phải của các tệp của bạn; xin báo lỗi "
                               "kèm lệnh đã chạy và dữ liệu đầu vào (chạy lại với --debug để xem chi tiết)",
                               f"internal error ({name}): this is a bug in xhht, not in your files; please report it "
                               "with the command you ran and its input (run again with --debug for details)"),
          file=sys.stderr)
    sys.exit(3)
