"""Learner settings from the config file (``aitrainer path --all`` shows where it is): for now
``confidence = true``, which asks how sure you are after every answer as ``--confidence`` does.
"""

from __future__ import annotations

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line


def configured_confidence() -> bool:
    """``confidence`` in the config file (false when the file or the key is absent)."""
    import tomllib

    from aitrainer_cli.paths import config_file

    config = config_file()
    if not config.is_file():
        return False
    name = inert_line(str(config))
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{name}: cannot read the config file: {error}") from None
    value = settings.get("confidence", False)
    if not isinstance(value, bool):
        raise UsageError(f"{name}: 'confidence' must be true or false", hint="confidence = true")
    return value
