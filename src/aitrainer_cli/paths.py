"""Where things live: the built-in banks (checkout or installed wheel), the user's data, config
and crash reports."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR_ENV = "AITRAINER_HOME"
"""Environment variable that moves the data directory (tests point it at a temporary one)."""


def builtin_banks_dir() -> Path:
    """The directory holding the built-in banks, whether installed as a wheel or run from git."""
    shipped = _PACKAGE_DIR / "question_banks"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent.parent / "question_banks"


CONFIG_DIR_ENV = "AITRAINER_CONFIG_DIR"
"""Environment variable that moves the configuration directory (tests point it at a temp one)."""
BANKS_ENV = "AITRAINER_BANKS"
"""Environment variable naming more bank files or directories, separated by ``os.pathsep``."""


def config_file() -> Path:
    """``config.toml`` in ``$AITRAINER_CONFIG_DIR``, else in the platform's config directory."""
    from_env = os.environ.get(CONFIG_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser() / "config.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("aitrainer")) / "config.toml"


STATE_DIR_ENV = "AITRAINER_STATE_DIR"
"""Environment variable that moves where crash reports are written."""


def state_dir() -> Path:
    """Where crash reports go: ``$AITRAINER_STATE_DIR``, else the platform's state directory."""
    from_env = os.environ.get(STATE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("aitrainer"))


def data_dir(override: Path | None = None) -> Path:
    """The user's data directory: ``override``, else ``$AITRAINER_HOME``, else the platform's.

    Nothing is created here; whoever writes into the directory creates it.
    """
    if override is not None:
        return override.expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_dir  # only needed when nothing overrides it

    return Path(user_data_dir("aitrainer"))
