"""Edit a text in the learner's own editor (``$VISUAL``, else ``$EDITOR``) on a temporary file.

The editor owns the terminal while it runs (no prompt is on screen then); the exam clock keeps
running, and the caller enforces the deadline when the editor returns. Whatever goes wrong
(no editor set, one that cannot start, a non-zero exit, an unreadable file) leaves the text as
it was and says why. The temporary file is always removed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_EDITED_CHARS = 100_000
"""Characters read back from the editor's file; the rest is dropped (and said so)."""


@dataclass(frozen=True, slots=True)
class Edited:
    """The text after the editor, and a message when it is the text as it was (or cut)."""

    text: str
    message: str = ""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor command from ``$VISUAL`` or ``$EDITOR`` split as a shell would; None if unset."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            if words:
                return words
    return None


def edit_text(text: str, environ: Mapping[str, str] | None = None) -> Edited:
    """Open the editor on a temporary file holding ``text``; the saved text, or ``text`` and why
    not. Blocks until the editor exits."""
    command = editor_command(environ)
    if command is None:
        return Edited(text, "No editor set: set VISUAL or EDITOR (say, EDITOR=nano).")
    handle, name = tempfile.mkstemp(prefix="aitrainer-rewrite-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text if text.endswith("\n") else text + "\n")
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as error:
            reason = error.strerror or type(error).__name__
            name = Path(command[0]).name or command[0]
            return Edited(text, f"{name} did not start ({reason}); text unchanged.")
        if status != 0:
            return Edited(text, f"The editor exited with status {status}; text unchanged.")
        return _read_back(path, text)
    finally:
        path.unlink(missing_ok=True)


def _read_back(path: Path, text: str) -> Edited:
    """The file's text (one final newline dropped), or ``text`` if it cannot be read."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline=None) as stream:
            saved = stream.read(MAX_EDITED_CHARS + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Edited(text, f"The edited file could not be read ({reason}); text unchanged.")
    message = ""
    if len(saved) > MAX_EDITED_CHARS:
        saved = saved[:MAX_EDITED_CHARS]
        message = f"Only the first {MAX_EDITED_CHARS:,} characters were kept."
    return Edited(saved.removesuffix("\n"), message)
