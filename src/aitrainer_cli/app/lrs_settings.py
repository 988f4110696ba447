"""Where and as whom to send xAPI statements: ``AITRAINER_LRS_*`` variables, else the config
file's ``[lrs]`` and ``[learner]`` tables.

```toml
[learner]
name = "ana-42"                       # the learner's account name (no email unless you add one)
home_page = "https://bootcamp.example.org"
[lrs]
url = "http://lrs.example.org:8100/xAPI/"   # 'statements' is appended
user = "ana"
password = "..."                      # only in a file no one else can read (chmod 600)
auto_sync = true                      # sync after every finished attempt
```
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line
from aitrainer_cli.paths import config_file

URL_ENV = "AITRAINER_LRS_URL"
USER_ENV = "AITRAINER_LRS_USER"
PASSWORD_ENV = "AITRAINER_LRS_PASSWORD"
DEFAULT_BATCH = 2500
"""Statements per POST (Ralph's file backend reads its whole file once per POST)."""
DEFAULT_TIMEOUT = 10.0
AUTO_SYNC_TIMEOUT = 3.0
"""Seconds ``lrs.auto_sync`` may take after an attempt, in all, before it gives up quietly."""


@dataclass(frozen=True, slots=True)
class LrsSettings:
    """The LRS endpoint, its credentials, and the learner's identity."""

    url: str | None
    user: str | None
    password: str | None
    learner: dict[str, Any] | None
    """The xAPI actor (an account), or None when ``learner.name`` is not configured."""
    auto_sync: bool = False
    batch: int = DEFAULT_BATCH
    timeout: float = DEFAULT_TIMEOUT
    config: Path | None = None

    @property
    def statements_url(self) -> str:
        """The statements resource: the xAPI endpoint with ``statements`` appended."""
        assert self.url is not None
        return self.url.rstrip("/") + "/statements"

    def require_endpoint(self) -> None:
        """Refuse to sync without an endpoint or a learner, saying where to set them."""
        self.require_url()
        self.require_learner()

    def require_url(self) -> str:
        """The xAPI endpoint; refuse without one, saying where to set it."""
        where = inert_line(str(self.config or config_file()))
        if not self.url:
            raise UsageError(
                "no learning record store is configured",
                hint=f"set {URL_ENV} (e.g. http://127.0.0.1:8100/xAPI/) or [lrs] url in {where}",
            )
        return self.url

    def require_learner(self) -> dict[str, Any]:
        """The learner's actor; refuse without one, saying where to set it."""
        where = inert_line(str(self.config or config_file()))
        if self.learner is None:
            raise UsageError(
                "no learner identity is configured: statements need one",
                hint=f"set [learner] name and home_page in {where} (see docs/cohorts.md)",
            )
        return self.learner


def load_settings(environ: Mapping[str, str] | None = None) -> LrsSettings:
    """The settings in force: environment variables first, then the config file."""
    environ = os.environ if environ is None else environ
    path = config_file()
    table = _read(path)
    lrs = _table(table, "lrs", path)
    learner = _table(table, "learner", path)
    password = environ.get(PASSWORD_ENV) or None
    if password is None and lrs.get("password") is not None:
        _check_private(path)
        password = _text(lrs, "password", path)
    return LrsSettings(
        url=environ.get(URL_ENV) or _text(lrs, "url", path),
        user=environ.get(USER_ENV) or _text(lrs, "user", path),
        password=password,
        learner=_actor(learner, path),
        auto_sync=_flag(lrs, "auto_sync", path),
        batch=_number(lrs, "batch", path, DEFAULT_BATCH, 1, 10_000),
        timeout=float(_number(lrs, "timeout", path, DEFAULT_TIMEOUT, 0.5, 300)),
        config=path,
    )


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{inert_line(str(path))}: cannot read the config file: {error}") from None


def _table(settings: Mapping[str, Any], name: str, path: Path) -> dict[str, Any]:
    found = settings.get(name, {})
    if not isinstance(found, dict):
        raise UsageError(f"{inert_line(str(path))}: '{name}' must be a table ([{name}])")
    return found


def _text(table: Mapping[str, Any], key: str, path: Path) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        section = "learner" if key in ("name", "home_page", "display_name", "email") else "lrs"
        raise UsageError(f"{inert_line(str(path))}: {section}.{key} must be a non-empty string")
    return value.strip()


def _flag(table: Mapping[str, Any], key: str, path: Path) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise UsageError(f"{inert_line(str(path))}: lrs.{key} must be true or false")
    return value


def _number(
    table: Mapping[str, Any], key: str, path: Path, default: float, low: float, high: float
) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise UsageError(
            f"{inert_line(str(path))}: lrs.{key} must be a number from {low} to {high}"
        )
    return int(value) if float(value).is_integer() else value  # type: ignore[return-value]


def _actor(learner: Mapping[str, Any], path: Path) -> dict[str, Any] | None:
    """The learner as an xAPI Agent: an account; an mbox only when an email is configured."""
    from aitrainer_cli.xapi.statements import account_actor

    name = _text(learner, "name", path)
    if name is None:
        return None
    home_page = _text(learner, "home_page", path)
    if home_page is None or not home_page.startswith(("https://", "http://")):
        raise UsageError(
            f"{inert_line(str(path))}: learner.home_page must be the http(s) address of the "
            "system the account name belongs to (e.g. https://bootcamp.example.org)"
        )
    actor = account_actor(name, home_page, _text(learner, "display_name", path))
    email = _text(learner, "email", path)
    if email is not None:  # only when the learner chose to be known by it
        actor.pop("account")
        actor["mbox"] = email if email.startswith("mailto:") else f"mailto:{email}"
    return actor


def _check_private(path: Path) -> None:
    """A config file holding a password must be readable by its owner only."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        where = inert_line(str(path))
        raise UsageError(
            f"{where} holds the LRS password but others can read it "
            f"(permissions {stat.filemode(mode)}); sync refuses to use it",
            hint=f"run: chmod 600 '{where}' (or set {PASSWORD_ENV} instead)",
        )
