"""A bug reported as a bug: the traceback goes to a crash report file, the user gets one line.

Exit code 70 tells CI apart from findings (1): a crash is never mistaken for a bad bank.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import UTC, datetime

from aitrainer_cli import __version__
from aitrainer_cli.inert import inert, inert_line


def report_crash(error: BaseException) -> str:
    """Write the crash report and return the message for the user."""
    from aitrainer_cli.paths import state_dir

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = state_dir() / f"crash-{stamp}-{os.getpid()}.log"
    report = "".join(
        [
            f"aitrainer {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n",
            f"command: {' '.join(sys.argv[1:])!r}\n\n",
            *traceback.format_exception(error),
        ]
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(inert(report), encoding="utf-8")
    except OSError as problem:
        where = f"the crash report could not be written ({problem.strerror or problem})"
    else:
        where = f"the details are in {path}"
    return (
        f"aitrainer: internal error ({type(error).__name__}): this is a bug in aitrainer, "
        f"not in what you did.\n  {inert_line(where)}\n  please report it to the maintainers with "
        "that file and the command you ran"
    )
