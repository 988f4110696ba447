"""Schema migrations: from a blank file, from the oldest schema, one transaction per step, a
backup before upgrading, and refusal of files this code must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from aitrainer_cli.errors import DataStoreError
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.progress import db, migrations
from aitrainer_cli.progress.store import AttemptStore
from support import insert_row

RELEASED_STEPS = {
    1: "ce97ba7294d7ec29beaf6ba91d33703475fd0bd0b2be5a07ad48207f9734c943",
    2: "625ff3b5b9dccc1a5f263ca0cf48a859679ea509e11bbee26534fa5cd1c4b912",
    3: "1f8bf757b665cc6ec8214b011d4b71b72a34f464cd521a731d30de810610632e",
    4: "4247d3ad817a10b2769cd13fe008496d9b50c3fc877f7ccad3e980e63c19e310",  # the xAPI outbox
    5: "142099924219003c659f8c0bb54f5318819da99e90a90f61b0b33075f02fa6b7",  # confidence
    6: "cd9bd4a48974892135aa8a3b531d9c78f1729a42bd4b51ceceed14e4bb41227f",  # paused time
}
"""sha256 of each released step's SQL: a released step is never edited, a change is a new step."""


def version_of(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def tables_of(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: [col[1] for col in connection.execute(f"PRAGMA table_info({name})")]
            for name in names
        }


def indexes_of(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }


def make_v1_file(path: Path) -> None:
    """A file as the first release wrote it, with one attempt half done."""
    database = db.connect(path)
    migrations.migrate(database, target=1)
    with database.write() as connection:
        insert_row(
            connection,
            "attempts",
            {
                "id": 7,
                "started_at": "2024-05-01T10:00:00.000+00:00",
                "updated_at": "2024-05-01T10:05:00.000+00:00",
                "mode": "exam",
                "blueprint_id": "quick",
                "title": "Quick",
                "filters": "{}",
                "seed": 3,
                "pass_mark": 80,
                "time_limit_seconds": 600,
                "time_remaining": 300.5,
                "position": 1,
                "status": "in_progress",
                "app_version": "0.1.0",
            },
        )
        for position, question_id, option_order, content_hash in [
            (0, "q0", '["b", "a"]', "h0"),
            (1, "q1", "[]", "h1"),
        ]:
            insert_row(
                connection,
                "attempt_items",
                {
                    "attempt_id": 7,
                    "position": position,
                    "question_id": question_id,
                    "bank_id": "bank",
                    "section": "S",
                    "option_order": option_order,
                    "content_hash": content_hash,
                },
            )
        insert_row(
            connection,
            "responses",
            {
                "attempt_id": 7,
                "position": 0,
                "question_id": "q0",
                "response": '"a"',
                "seconds": 12.5,
                "flagged": 1,
                "answered_at": "2024-05-01T10:01:00.000+00:00",
                "content_hash": "h0",
            },
        )
    database.close()


def test_released_steps_are_never_edited() -> None:
    for version, expected in RELEASED_STEPS.items():
        digest = hashlib.sha256("\n".join(migrations.STEPS[version - 1]).encode()).hexdigest()
        assert digest == expected, f"step {version} was edited: add a new step instead"
    assert len(RELEASED_STEPS) == migrations.SCHEMA_VERSION


def test_a_blank_file_gets_the_whole_schema_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    AttemptStore.open(path).close()
    assert version_of(path) == migrations.SCHEMA_VERSION
    assert set(tables_of(path)) == {
        "attempts",
        "attempt_items",
        "responses",
        "review_cards",
        "assessments",
        "xapi_store",
        "xapi_outbox",
        "confidence",
    }
    assert "lock_answers" in tables_of(path)["attempts"]
    assert {"attempts_by_blueprint", "responses_by_question", "review_cards_by_due"} <= (
        indexes_of(path)
    )
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == (
            migrations.APPLICATION_ID
        )
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def test_a_first_schema_file_is_backed_up_then_upgraded_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_v1_file(path)
    assert version_of(path) == 1
    assert "lock_answers" not in tables_of(path)["attempts"]

    with AttemptStore.open(path) as store:
        stored = store.load(7)
        assert stored.form == ExamForm(
            "quick",
            "Quick",
            3,
            600,
            80.0,
            (FormItem("q0", "bank", "S", ("b", "a")), FormItem("q1", "bank", "S", ())),
        )
        assert [s.response for s in stored.snapshot.states] == ["a", None]
        assert stored.snapshot.states[0].flagged
        assert stored.snapshot.remaining == 300.5
        assert stored.lock_answers is False
        assert [a.id for a in store.unfinished()] == [7]

    assert version_of(path) == migrations.SCHEMA_VERSION
    assert "attempts_by_blueprint" in indexes_of(path)
    backup = tmp_path / "progress.db.bak-v1"
    assert version_of(backup) == 1
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT count(*) FROM responses").fetchone() == (1,)


def test_an_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_v1_file(path)
    (tmp_path / "progress.db.bak-v1").write_text("an older backup\n")
    AttemptStore.open(path).close()
    assert (tmp_path / "progress.db.bak-v1").read_text() == "an older backup\n"
    assert version_of(tmp_path / "progress.db.bak-v1-2") == 1


def test_a_failing_step_leaves_the_file_at_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.db"
    make_v1_file(path)
    broken = (
        migrations.STEPS[0],
        (
            "ALTER TABLE attempts ADD COLUMN extra TEXT",
            "CREATE INDEX nonsense ON no_such_table (x)",
        ),
    )
    monkeypatch.setattr(migrations, "STEPS", broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(DataStoreError, match="no such table"):
        AttemptStore.open(path)
    assert version_of(path) == 1
    assert "extra" not in tables_of(path)["attempts"]  # the step's first statement rolled back
    monkeypatch.undo()
    with AttemptStore.open(path) as store:
        assert store.load(7).snapshot.states[0].response == "a"


def test_a_file_from_a_newer_aitrainer_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    AttemptStore.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    connection.close()
    data = path.read_bytes()
    with pytest.raises(DataStoreError, match="written by a newer aitrainer") as error:
        AttemptStore.open(path)
    assert str(path) in error.value.message
    assert "upgrade aitrainer" in error.value.message
    assert error.value.hint is not None
    assert "upgrade" in error.value.hint
    assert path.read_bytes() == data
    assert not list(tmp_path.glob("*.bak-*"))


@pytest.mark.parametrize("version", [0, 1])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path, version: int) -> None:
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute(f"PRAGMA user_version = {version}")
    connection.close()
    data = path.read_bytes()
    with pytest.raises(DataStoreError, match="not an aitrainer progress store"):
        AttemptStore.open(path)
    assert path.read_bytes() == data


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    AttemptStore.open(path).close()
    database = db.connect(path)
    assert migrations.migrate(database) == migrations.SCHEMA_VERSION
    database.close()
    assert not list(tmp_path.glob("*.bak-*"))
