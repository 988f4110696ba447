"""Read statements back from the LRS: GET ``statements`` with filters, following ``more``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from aitrainer_cli.errors import LrsError
from aitrainer_cli.inert import inert_line

if TYPE_CHECKING:
    from aitrainer_cli.app.lrs_settings import LrsSettings

PAGE = 500
"""Statements asked for per page (the LRS may send fewer, and says where the rest are)."""
MAX_PAGES = 100_000
"""A guard against an LRS whose ``more`` never ends."""


def pull(
    settings: LrsSettings,
    filters: Mapping[str, str],
    *,
    page: int = PAGE,
    on_page: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every statement matching ``filters`` (xAPI query parameters), page after page."""
    from aitrainer_cli.app.sync import client, httpx_module

    settings.require_url()
    url: str = settings.statements_url
    params: dict[str, str] | None = {**filters, "limit": str(page)}
    module = httpx_module()
    errors = module.HTTPError
    with client(settings) as http:
        for _ in range(MAX_PAGES):
            try:
                answer = http.get(url, params=params)
            except errors as error:
                raise LrsError(
                    f"the LRS at {inert_line(settings.statements_url)} is unreachable ({error})"
                ) from None
            _check(answer.status_code, settings.statements_url, answer.text)
            body = answer.json()
            statements = body.get("statements", []) if isinstance(body, dict) else []
            if on_page is not None:
                on_page(len(statements))
            yield from (s for s in statements if isinstance(s, dict))
            more = body.get("more") if isinstance(body, dict) else None
            if not more:
                return
            url, params = str(module.URL(settings.statements_url).join(more)), None


def _check(status: int, url: str, text: str) -> None:
    if status in (401, 403):
        raise LrsError(
            f"credentials rejected by the LRS at {inert_line(url)} (HTTP {status})",
            hint="reading a cohort's statements needs an account with a read scope "
            "(Ralph: --scope all, or statements/read)",
        )
    if status >= 400:
        raise LrsError(
            f"the LRS at {inert_line(url)} answered HTTP {status}: {inert_line(text[:200])}"
        )
