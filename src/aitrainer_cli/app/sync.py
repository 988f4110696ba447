"""``aitrainer sync``: send the outbox's statements to the learning record store, in batches.

Idempotent and interruption-safe: a statement is marked sent only after the LRS stored it, and
its id is deterministic, so a batch sent again after a kill is stored once (the LRS answers 204
or skips the known ids). 5xx answers and connection errors are retried with backoff; 401/403 and
an unreachable LRS end the sync with exit code 4, the rest of the queue kept; a statement the
LRS refuses as invalid (400, 422) or as conflicting (409) is set aside by id, never dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aitrainer_cli.errors import LrsError, UsageError
from aitrainer_cli.inert import inert_line
from aitrainer_cli.progress import outbox
from aitrainer_cli.progress.outbox import Pending
from aitrainer_cli.xapi.statements import VERSION, with_actor

if TYPE_CHECKING:
    import httpx

    from aitrainer_cli.app.lrs_settings import LrsSettings
    from aitrainer_cli.progress.db import Database

RETRIES = 4
"""Tries of one batch on a 5xx answer or a connection error, before the sync gives up."""
BACKOFF = 0.5
"""Seconds before the first retry; doubled for each further one."""
REFUSED = (400, 409, 422)
"""Answers that refuse statements themselves: found one by one and set aside."""

Progress = Callable[[int, int], None]
"""Told (sent so far, total) after each batch."""


@dataclass(slots=True)
class SyncReport:
    """What one sync did."""

    sent: int = 0
    total: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(statement id, the LRS's reason) of each statement set aside by this sync."""
    kept: int = 0
    """Statements still queued at the end."""


def httpx_module() -> Any:
    """httpx, imported only when statements are sent (the ``[lrs]`` extra)."""
    try:
        import httpx
    except ImportError:
        raise UsageError(
            "sending statements needs httpx, which is not installed",
            hint="install the extra: pip install 'aitrainer-cli[lrs]' "
            "(or pipx inject aitrainer-cli httpx)",
        ) from None
    return httpx


def client(settings: LrsSettings, timeout: float | None = None) -> httpx.Client:
    """An HTTP client for the LRS: Basic auth, the xAPI version header."""
    module = httpx_module()
    auth = (settings.user or "", settings.password or "") if settings.user else None
    found: httpx.Client = module.Client(
        auth=auth,
        headers={"X-Experience-API-Version": VERSION, "Content-Type": "application/json"},
        timeout=settings.timeout if timeout is None else timeout,
    )
    return found


def sync(
    database: Database,
    settings: LrsSettings,
    *,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: float | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    now: Callable[[], str] | None = None,
) -> SyncReport:
    """Send every queued statement; raise ``LrsError`` (the rest stays queued) when the LRS is
    unreachable or refuses the credentials. ``deadline`` (a ``monotonic`` time) bounds the
    whole sync, retries included."""
    settings.require_endpoint()
    assert settings.learner is not None
    stamp = now or _utc_stamp
    report = SyncReport(total=outbox.counts(database)["queued"])
    if progress is not None:
        progress(0, report.total)
    sender = _Sender(settings, sleep, deadline, monotonic)
    with sender:
        after = 0
        while batch := outbox.pending(database, settings.batch, after):
            after = batch[-1].seq
            try:
                stored, refused = sender.send(batch, settings.learner)
            except LrsError as error:
                report.kept = outbox.counts(database)["queued"]
                raise _kept(error, report.kept) from None
            if stored:
                outbox.mark_sent(database, stored, stamp())
            for statement_id, reason in refused:
                outbox.set_aside(database, statement_id, reason)
            report.sent += len(stored)
            report.rejected += refused
            if progress is not None:
                progress(report.sent + len(report.rejected), report.total)
    report.kept = outbox.counts(database)["queued"]
    return report


def dry_run(database: Database, settings: LrsSettings) -> list[dict[str, Any]]:
    """The statements a sync would send now, as it would send them."""
    settings.require_endpoint()
    assert settings.learner is not None
    found: list[dict[str, Any]] = []
    after = 0
    while batch := outbox.pending(database, 1000, after):
        after = batch[-1].seq
        found += [with_actor(p.statement(), settings.learner) for p in batch]
    return found


class _Sender:
    """POSTs batches, retrying what may pass later and splitting what the LRS refuses."""

    def __init__(
        self,
        settings: LrsSettings,
        sleep: Callable[[float], None],
        deadline: float | None,
        monotonic: Callable[[], float],
    ) -> None:
        self._settings, self._sleep = settings, sleep
        self._deadline, self._monotonic = deadline, monotonic
        self._client: httpx.Client | None = None

    def __enter__(self) -> _Sender:
        self._client = client(self._settings, self._timeout())
        return self

    def __exit__(self, *_: object) -> None:
        if self._client is not None:
            self._client.close()

    def send(
        self, batch: Sequence[Pending], actor: dict[str, Any]
    ) -> tuple[list[str], list[tuple[str, str]]]:
        """(ids stored, (id, reason) refused) for a batch; refused batches are halved until
        the refused statements are found."""
        status, reason = self._post(_body(batch, actor))
        if status not in REFUSED:
            return [p.statement_id for p in batch], []
        if len(batch) == 1:
            return [], [(batch[0].statement_id, f"{status}: {reason}")]
        middle = len(batch) // 2
        first = self.send(batch[:middle], actor)
        second = self.send(batch[middle:], actor)
        return first[0] + second[0], first[1] + second[1]

    def _post(self, body: bytes) -> tuple[int, str]:
        """POST once, retrying 5xx answers and connection errors with backoff."""
        errors = httpx_module().HTTPError
        assert self._client is not None
        url = self._settings.statements_url
        delay, last = BACKOFF, ""
        for attempt in range(RETRIES):
            if attempt:
                if not self._time_left(delay):
                    break
                self._sleep(delay)
                delay *= 2
            try:
                answer = self._client.post(url, content=body, timeout=self._timeout())
            except errors as error:
                last = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
                continue
            if answer.status_code in (401, 403):
                raise LrsError(
                    f"credentials rejected by the LRS at {inert_line(url)} "
                    f"(HTTP {answer.status_code})",
                    hint="check AITRAINER_LRS_USER and AITRAINER_LRS_PASSWORD (or [lrs] user "
                    "and password in the config file) with your instructor",
                )
            if answer.status_code >= 500:
                last = f"HTTP {answer.status_code}"
                continue
            if answer.status_code in REFUSED:
                return answer.status_code, inert_line(answer.text[:500])
            if answer.status_code >= 300:
                raise LrsError(
                    f"the LRS at {inert_line(url)} answered HTTP {answer.status_code}",
                    hint="is AITRAINER_LRS_URL the xAPI endpoint (for Ralph: "
                    "http://HOST:PORT/xAPI/)?",
                )
            return answer.status_code, ""
        raise LrsError(f"the LRS at {inert_line(url)} is unreachable ({inert_line(last)})")

    def _timeout(self) -> float:
        if self._deadline is None:
            return self._settings.timeout
        return max(0.1, min(self._settings.timeout, self._deadline - self._monotonic()))

    def _time_left(self, delay: float) -> bool:
        return self._deadline is None or self._monotonic() + delay < self._deadline


def _body(batch: Sequence[Pending], actor: dict[str, Any]) -> bytes:
    """The JSON array POSTed: each stored statement with the actor put first, spliced as text
    (the statements are stored as JSON objects; parsing and dumping them again costs more
    than the LRS's own work at batch sizes that matter)."""
    import json

    head = '{"actor":' + json.dumps(actor, separators=(",", ":")) + ","
    parts = [head + p.body[1:] if p.body != "{}" else head[:-1] + "}" for p in batch]
    return ("[" + ",".join(parts) + "]").encode("utf-8")


def _kept(error: LrsError, kept: int) -> LrsError:
    """The error with how many statements wait for the next sync."""
    noun = "statement" if kept == 1 else "statements"
    return LrsError(f"{error.message}: {kept} {noun} kept for the next sync", hint=error.hint)


def _utc_stamp() -> str:
    from datetime import UTC, datetime

    from aitrainer_cli.progress.records import timestamp

    return timestamp(datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class SyncRequest:
    """What ``aitrainer sync`` was asked to do."""

    progress_file: Any
    dry_run: bool = False
    retry_rejected: bool = False


def run_sync(
    request: SyncRequest, settings: LrsSettings, progress: Progress | None = None
) -> tuple[SyncReport, list[dict[str, Any]] | None]:
    """Open the store and sync (or, for a dry run, list what a sync would send)."""
    from aitrainer_cli.progress.files import open_existing

    store = open_existing(request.progress_file)
    if store is None:
        settings.require_endpoint()
        return SyncReport(), [] if request.dry_run else None
    with store:
        if request.dry_run:
            return SyncReport(), dry_run(store.database, settings)
        if request.retry_rejected:
            outbox.requeue_rejected(store.database)
        return sync(store.database, settings, progress=progress), None


def export_statements(
    database: Database | None, learner: dict[str, Any], stream: Any
) -> tuple[int, int]:
    """Every statement of the outbox, whatever its state, as JSON lines with the learner as
    actor (``export --format xapi``, for an offline upload); return (attempts, statements)."""
    from aitrainer_cli.ui.sync_views import write_statements

    rows = outbox.every(database) if database is not None else []
    write_statements([with_actor(p.statement(), learner) for p in rows], stream)
    registrations = {p.statement().get("context", {}).get("registration") for p in rows}
    return len(registrations), len(rows)


class AutoSync:
    """``lrs.auto_sync``: a sync in the background once an attempt is stored, bounded by
    ``AUTO_SYNC_TIMEOUT`` in all, so the result screen never waits for the network. A sync cut
    short loses nothing (what was not marked sent is sent again, and stored once)."""

    def __init__(
        self, progress_file: Any, settings: LrsSettings, timeout: float | None = None
    ) -> None:
        import threading

        from aitrainer_cli.app.lrs_settings import AUTO_SYNC_TIMEOUT

        self._file, self._settings = progress_file, settings
        self._timeout = AUTO_SYNC_TIMEOUT if timeout is None else timeout
        self._deadline = time.monotonic() + self._timeout
        self.note: str | None = None
        self._thread = threading.Thread(target=self._run, name="aitrainer-auto-sync", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from aitrainer_cli.errors import AitrainerError
        from aitrainer_cli.progress.store import AttemptStore

        try:
            with AttemptStore.open(self._file) as store:
                report = sync(store.database, self._settings, deadline=self._deadline)
            if report.rejected:
                self.note = (
                    f"Synced; the LRS refused {len(report.rejected)} statements: "
                    "see 'aitrainer sync --retry-rejected'."
                )
        except AitrainerError as error:
            self.note = f"Not synced: {error.message}. Run 'aitrainer sync' later."
        except Exception as error:  # a background nicety must never end the attempt badly
            self.note = f"Not synced ({type(error).__name__}). Run 'aitrainer sync' later."

    @classmethod
    def start(cls, progress_file: Any) -> AutoSync | None:
        """Start a background sync when the config file says ``lrs.auto_sync = true`` and an
        LRS and a learner are configured; None otherwise (or when the config is unreadable:
        ``sync`` says why)."""
        from aitrainer_cli.app.lrs_settings import load_settings
        from aitrainer_cli.errors import AitrainerError

        try:
            settings = load_settings()
        except AitrainerError:
            return None
        if not (settings.auto_sync and settings.url and settings.learner):
            return None
        return cls(progress_file, settings)

    def wait(self) -> str | None:
        """Wait for the sync, at most until its deadline; a note when it did not complete."""
        self._thread.join(max(0.0, self._deadline - time.monotonic()))
        if self._thread.is_alive():
            return "Not synced yet (the LRS is slow): run 'aitrainer sync' later."
        return self.note
