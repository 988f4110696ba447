"""``aitrainer sync`` against a real Ralph LRS on 127.0.0.1: statements arrive and read back
equal, a second sync sends nothing new, a server stopped mid-sync loses and duplicates nothing,
a wrong password exits 4, refused statements are set aside by id, paging follows ``more``."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aitrainer_cli.app.lrs_pull import pull
from aitrainer_cli.app.lrs_settings import load_settings
from aitrainer_cli.app.sync import sync
from aitrainer_cli.errors import LrsError
from aitrainer_cli.progress import outbox
from aitrainer_cli.progress.store import AttemptStore
from ralph_fixture import PASSWORD, USER, Ralph, started
from support import Run

pytestmark = pytest.mark.slow

LEARNER = '[learner]\nname = "ana-42"\nhome_page = "https://bootcamp.example.org"\n'


def _home() -> Path:
    return Path(os.environ["AITRAINER_HOME"]) / "progress.db"


@pytest.fixture
def learner(monkeypatch: pytest.MonkeyPatch, ralph_lrs: Ralph) -> Ralph:
    """A learner configured for the session's Ralph (environment variables and config)."""
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text(LEARNER, encoding="utf-8")
    monkeypatch.setenv("AITRAINER_LRS_URL", ralph_lrs.url)
    monkeypatch.setenv("AITRAINER_LRS_USER", USER)
    monkeypatch.setenv("AITRAINER_LRS_PASSWORD", PASSWORD)
    return ralph_lrs


def _take(cli: Callable[..., Run], tmp_path: Path, seed: int, count: int = 4) -> None:
    answers = tmp_path / f"answers-{seed}.json"
    answers.write_text("{}", encoding="utf-8")
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.exam.compose import ExamRequest, build_form

    catalog = load_banks()
    form = build_form(catalog, ExamRequest(count=count, seed=seed, types=("true_false",)))
    key = {
        i.question_id: catalog.entries[i.question_id].question.answer  # type: ignore[attr-defined]
        for i in form.items[:-1]
    }
    answers.write_text(json.dumps(key), encoding="utf-8")
    run = cli(
        "exam",
        "--type",
        "true_false",
        "-n",
        str(count),
        "--seed",
        str(seed),
        "--answers",
        str(answers),
        "--json",
    )
    assert run.code == 0, run.err


def _registrations() -> set[str]:
    with sqlite3.connect(_home()) as db:
        bodies = [json.loads(r[0]) for r in db.execute("SELECT body FROM xapi_outbox")]
    return {b["context"]["registration"] for b in bodies}


def _on_lrs(registration: str, **more: Any) -> list[dict[str, Any]]:
    return list(pull(load_settings(), {"registration": registration}, **more))


def _subset(ours: Any, theirs: Any) -> bool:
    """Whether the LRS's copy holds every field we sent, with an equal value."""
    if isinstance(ours, dict):
        return isinstance(theirs, dict) and all(
            k in theirs and _subset(v, theirs[k]) for k, v in ours.items()
        )
    if isinstance(ours, list):
        return (
            isinstance(theirs, list)
            and len(ours) == len(theirs)
            and all(_subset(a, b) for a, b in zip(ours, theirs, strict=True))
        )
    return bool(ours == theirs)


def test_two_offline_attempts_arrive_and_read_back_equal_and_a_second_sync_sends_nothing(
    cli: Callable[..., Run], tmp_path: Path, learner: Ralph
) -> None:
    _take(cli, tmp_path, 11)
    _take(cli, tmp_path, 12)
    dry = cli("sync", "--dry-run")
    assert dry.code == 0, dry.err
    ours = {s["id"]: s for s in map(json.loads, dry.out.splitlines())}
    assert len(ours) == 2 * (3 + 2)  # 3 answered + completed + passed, twice
    assert "would be sent" in dry.err
    first = cli("sync")
    assert first.code == 0, first.err
    assert f"Sent {len(ours)} statements" in first.out
    stored = [s for r in _registrations() for s in _on_lrs(r)]
    assert sorted(s["id"] for s in stored) == sorted(ours)
    for statement in stored:
        assert _subset(ours[statement["id"]], statement), statement["id"]
        assert statement["actor"]["account"] == {
            "homePage": "https://bootcamp.example.org",
            "name": "ana-42",
        }
    again = cli("sync")
    assert again.code == 0
    assert "Nothing to send" in again.out
    # Killed after the LRS stored a batch but before the store marked it: sent again, stored once.
    with sqlite3.connect(_home()) as db:
        db.execute("UPDATE xapi_outbox SET state = 'queued'")
    resent = cli("sync")
    assert resent.code == 0, resent.err
    assert len([s for r in _registrations() for s in _on_lrs(r)]) == len(ours)


def test_paging_follows_more_links(cli: Callable[..., Run], tmp_path: Path, learner: Ralph) -> None:
    _take(cli, tmp_path, 13, count=5)
    assert cli("sync").code == 0
    (registration,) = _registrations()
    pages: list[int] = []
    found = _on_lrs(registration, page=2, on_page=pages.append)
    assert len(found) == 4 + 2
    assert len({s["id"] for s in found}) == 6
    assert len(pages) >= 3
    assert all(size <= 2 for size in pages)


def test_a_wrong_password_exits_4_and_keeps_the_statements(
    cli: Callable[..., Run],
    tmp_path: Path,
    learner: Ralph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _take(cli, tmp_path, 14)
    monkeypatch.setenv("AITRAINER_LRS_PASSWORD", "not-the-password")
    run = cli("sync")
    assert run.code == 4
    assert "credentials rejected" in run.err
    assert "5 statements kept for the next sync" in run.err
    with AttemptStore.open(_home()) as store:
        assert outbox.counts(store.database)["queued"] == 5


def test_an_unreachable_lrs_exits_4_and_says_how_many_are_kept(
    cli: Callable[..., Run], tmp_path: Path, learner: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    _take(cli, tmp_path, 15)
    from ralph_fixture import free_port

    monkeypatch.setenv("AITRAINER_LRS_URL", f"http://127.0.0.1:{free_port()}/xAPI/")
    monkeypatch.setattr("aitrainer_cli.app.sync.BACKOFF", 0.01)
    run = cli("sync")
    assert run.code == 4
    assert "unreachable" in run.err
    assert "5 statements kept for the next sync" in run.err


def test_the_server_stopped_mid_sync_keeps_the_rest_and_the_next_sync_completes(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = started(tmp_path / "ralph")
    try:
        config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
        config.write_text(LEARNER + "[lrs]\nbatch = 2\n", encoding="utf-8")
        monkeypatch.setenv("AITRAINER_LRS_URL", server.url)
        monkeypatch.setenv("AITRAINER_LRS_USER", USER)
        monkeypatch.setenv("AITRAINER_LRS_PASSWORD", PASSWORD)
        _take(cli, tmp_path, 16, count=5)  # 4 answered + completed + passed

        def stop_after_first_batch(done: int, total: int) -> None:
            if done == 2:
                server.stop()

        with AttemptStore.open(_home()) as store, pytest.raises(LrsError) as stopped:
            sync(
                store.database,
                load_settings(),
                progress=stop_after_first_batch,
                sleep=lambda seconds: None,
            )
        assert "4 statements kept for the next sync" in stopped.value.message
        server.start()
        run = cli("sync")
        assert run.code == 0, run.err
        assert "Sent 4 statements" in run.out
        (registration,) = _registrations()
        stored = _on_lrs(registration)
        assert len(stored) == 6
        assert len({s["id"] for s in stored}) == 6
    finally:
        server.stop()


def test_a_statement_the_lrs_refuses_is_set_aside_by_id_and_the_rest_are_sent(
    cli: Callable[..., Run], tmp_path: Path, learner: Ralph
) -> None:
    _take(cli, tmp_path, 17)
    with sqlite3.connect(_home()) as db:
        seq, body = db.execute("SELECT seq, body FROM xapi_outbox ORDER BY seq LIMIT 1").fetchone()
        broken = json.loads(body)
        del broken["verb"]  # an invalid statement: the LRS refuses it (422)
        db.execute("UPDATE xapi_outbox SET body = ? WHERE seq = ?", (json.dumps(broken), seq))
    run = cli("sync")
    assert run.code == 1
    assert "Sent 4 statements" in run.out
    assert broken["id"] in run.err
    assert "set aside" in run.err
    with AttemptStore.open(_home()) as store:
        assert outbox.counts(store.database) == {"queued": 0, "sent": 4, "rejected": 1}
        assert [i for i, _ in outbox.rejected(store.database)] == [broken["id"]]
    assert "Nothing to send" in cli("sync").out  # not sent again…
    assert cli("sync", "--retry-rejected").code == 1  # …unless asked, and refused again


def test_a_config_file_with_a_password_must_not_be_readable_by_others(
    cli: Callable[..., Run], tmp_path: Path, learner: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    _take(cli, tmp_path, 18)
    monkeypatch.delenv("AITRAINER_LRS_PASSWORD")
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text(LEARNER + f'[lrs]\npassword = "{PASSWORD}"\n', encoding="utf-8")
    config.chmod(0o644)
    refused = cli("sync")
    assert refused.code == 2
    assert "others can read it" in refused.err
    assert "chmod 600" in refused.err
    config.chmod(0o600)
    run = cli("sync")
    assert run.code == 0, run.err
    assert "Sent 5 statements" in run.out


def test_two_learners_sync_later_and_analyze_lrs_shows_both_attempts_items(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = started(tmp_path / "ralph")
    try:
        monkeypatch.setenv("AITRAINER_LRS_USER", USER)
        monkeypatch.setenv("AITRAINER_LRS_PASSWORD", PASSWORD)
        monkeypatch.setenv("AITRAINER_LRS_URL", f"http://127.0.0.1:{server.port}/xAPI/")
        config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
        for learner, seed in (("ana-42", 21), ("bo-7", 22)):
            monkeypatch.setenv("AITRAINER_HOME", str(tmp_path / learner))
            config.write_text(
                LEARNER.replace("ana-42", learner), encoding="utf-8"
            )  # offline: nothing is sent while they take it
            _take(cli, tmp_path, seed)
            _take(cli, tmp_path, seed + 10)
            assert cli("sync").code == 0
        run = cli("analyze", "--lrs", "--json", "--blueprint", "custom")
        assert run.code == 0, run.err
        report = json.loads(run.out)
        learners = {row["learner"]: row for row in report["learners"]}
        assert set(learners) == {
            "ana-42@https://bootcamp.example.org",
            "bo-7@https://bootcamp.example.org",
        }
        assert all(row["attempts"] == 2 for row in learners.values())
        assert all(row["best"] == 75.0 for row in learners.values())  # 3 of 4 keyed
        (form,) = report["forms"]
        assert form["blueprint"] == "custom"
        assert form["learners"] == 2
        assert report["records"] == 4 * 4  # both attempts of both learners, every item
        table = cli("analyze", "--lrs")
        assert table.code == 0, table.err
        assert "Learners (accounts on https://bootcamp.example.org)" in table.out
        lines = {line.split()[0]: line.split() for line in table.out.splitlines() if line.strip()}
        assert lines["bo-7"][1:] == ["2", "75%", "75%", "80%", "close"]  # within 10 of 80%
        assert cli("analyze", "--lrs", "--since", "2999-01-01", "--json").code == 0
        later = json.loads(cli("analyze", "--lrs", "--since", "2999-01-01", "--json").out)
        assert later["learners"] == []
        bad = cli("analyze", "--lrs", "--since", "yesterday")
        assert bad.code == 2
        assert "not a date" in bad.err
    finally:
        server.stop()


def test_auto_sync_sends_after_the_attempt_and_an_unreachable_lrs_only_adds_a_note(
    cli: Callable[..., Run], tmp_path: Path, learner: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text(LEARNER + "[lrs]\nauto_sync = true\n", encoding="utf-8")
    _take(cli, tmp_path, 19)
    with AttemptStore.open(_home()) as store:
        assert outbox.counts(store.database) == {"queued": 0, "sent": 5, "rejected": 0}
    (registration,) = _registrations()
    assert len(_on_lrs(registration)) == 5

    from ralph_fixture import free_port

    monkeypatch.setenv("AITRAINER_LRS_URL", f"http://127.0.0.1:{free_port()}/xAPI/")
    started_at = time.monotonic()
    answers = tmp_path / "none.json"
    answers.write_text("{}", encoding="utf-8")
    run = cli("exam", "--type", "true_false", "-n", "2", "--answers", str(answers))
    assert time.monotonic() - started_at < 10  # bounded: AUTO_SYNC_TIMEOUT (3 s) at most
    assert run.code == 0, run.err
    assert "Not synced" in run.err
    assert "kept for the next sync" in run.err
    with AttemptStore.open(_home()) as store:
        assert outbox.counts(store.database)["queued"] == 2
