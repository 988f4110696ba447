"""Rows that do not decode: edited by hand (broken JSON, a bad timestamp, a status the schema
does not allow, a value of the wrong type) or scrambled on disk (text that is not UTF-8, a NULL
where a value is required). Every command that reads one exits 3 naming the table and the row,
never with a traceback, and nothing more is written to the file in that process."""

from __future__ import annotations

import io
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.errors import DataStoreError, ExitCode
from aitrainer_cli.exam.attempt import Status
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.progress import db, export, rows, stats
from aitrainer_cli.progress.fsrs_cards import record_result
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import CATALOG, T0, insert_attempt, questions, right_answer, take
from support import Run

CLI = Callable[..., Run]
SINGLE = questions(kind="single_choice")
AGAIN = ("practice", "--type", "single_choice", "--count", "3", "--seed", "4")
"""The form attempt 1 was taken on: taking it again reads its questions' review cards."""
FORM = build_form(CATALOG, ExamRequest(types=("single_choice",), count=3, seed=4, practice=True))
FIRST_CARD = FORM.items[0].question_id


@pytest.fixture
def db_file() -> Path:
    return Path(os.environ["AITRAINER_HOME"]) / "progress.db"


def stocked(path: Path) -> None:
    """Attempt 1 graded (three answers, their review cards), attempt 2 still in progress."""
    with AttemptStore.open(path) as store:
        _, result = take(store, [(item.question_id, "a") for item in FORM.items])
        record_result(store, result, T0)
    others = [qid for qid in SINGLE if qid not in {item.question_id for item in FORM.items}]
    insert_attempt(path, 2, T0, [(others[0], 1.0), (others[1], None)], graded=False)


def tamper(path: Path, sql: str) -> None:
    """Edit the file as a person with the sqlite3 shell would: CHECK constraints ignored."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute(sql)
    connection.commit()
    connection.close()


@dataclass(frozen=True)
class Damage:
    name: str
    sql: str
    table: str
    key: str
    commands: tuple[tuple[str, ...], ...]
    """CLI commands that read the row (each must exit 3 naming it)."""


DAMAGES = [
    Damage(
        "response that is not JSON",
        "UPDATE responses SET response = '{\"broken' WHERE attempt_id = 1 AND position = 0",
        "responses",
        "attempt_id=1 position=0",
        (("history", "1"), ("export", "--format", "json"), ("progress",)),
    ),
    Damage(
        "filters that are not JSON",
        "UPDATE attempts SET filters = 'topics: [a' WHERE id = 1",
        "attempts",
        "id=1",
        (("history",), ("export",)),
    ),
    Damage(
        "option order that is not a list",
        "UPDATE attempt_items SET option_order = '\"abc\"' WHERE attempt_id = 2 AND position = 1",
        "attempt_items",
        "attempt_id=2 position=1",
        (("resume", "--plain"), ("export",)),
    ),
    Damage(
        "start time that is not a timestamp",
        "UPDATE attempts SET started_at = 'last tuesday' WHERE id = 1",
        "attempts",
        "id=1",
        (("history",), ("progress",), ("export",)),
    ),
    Damage(
        "answer time that is not a timestamp",
        "UPDATE responses SET answered_at = '2025-02-30T10:00:00.000+00:00'"
        " WHERE attempt_id = 1 AND position = 1",
        "responses",
        "attempt_id=1 position=1",
        (("history", "1"), ("progress",)),
    ),
    Damage(
        "status the schema does not allow",
        "UPDATE attempts SET status = 'paused' WHERE id = 2",
        "attempts",
        "id=2",
        (("history",), ("resume", "2", "--plain")),
    ),
    Damage(
        "mode the schema does not allow",
        "UPDATE attempts SET mode = 'quiz' WHERE id = 1",
        "attempts",
        "id=1",
        (("history",),),
    ),
    Damage(
        "credit of the wrong type",
        "UPDATE responses SET credit = 'full marks' WHERE attempt_id = 1 AND position = 2",
        "responses",
        "attempt_id=1 position=2",
        (("progress",), ("export",)),
    ),
    Damage(
        "seed of the wrong type",
        "UPDATE attempts SET seed = 'forty-two' WHERE id = 2",
        "attempts",
        "id=2",
        (("resume", "--plain"), ("history",)),
    ),
    Damage(
        "flag that is neither 0 nor 1",
        "UPDATE responses SET flagged = 7 WHERE attempt_id = 2 AND position = 0",
        "responses",
        "attempt_id=2 position=0",
        (("history", "2"), ("resume", "--plain")),
    ),
    Damage(
        "text that is not UTF-8",
        "UPDATE responses SET content_hash = CAST(x'61ff62' AS TEXT)"
        " WHERE attempt_id = 1 AND position = 0",
        "responses",
        "attempt_id=1 position=0",
        (("export",), ("history", "1")),
    ),
    Damage(
        "title that is not UTF-8",
        "UPDATE attempts SET title = CAST(x'51ff' AS TEXT) WHERE id = 1",
        "attempts",
        "id=1",
        (("history",), ("export",)),
    ),
    Damage(
        "review card that is not JSON",
        f"UPDATE review_cards SET card = '{{\"card_id\": 1' WHERE question_id = '{FIRST_CARD}'",
        "review_cards",
        f"question_id={FIRST_CARD!r}",
        (("exam-again",),),
    ),
    Damage(
        "review card without its due date",
        f"UPDATE review_cards SET card = json_remove(card, '$.due')"
        f" WHERE question_id = '{FIRST_CARD}'",
        "review_cards",
        f"question_id={FIRST_CARD!r}",
        (("exam-again",),),
    ),
    Damage(
        "review card with a bad last review",
        f"UPDATE review_cards SET card = json_set(card, '$.last_review', 'soon')"
        f" WHERE question_id = '{FIRST_CARD}'",
        "review_cards",
        f"question_id={FIRST_CARD!r}",
        (("exam-again",),),
    ),
    Damage(
        "due date that is not a timestamp",
        f"UPDATE review_cards SET due = '1st of May' WHERE question_id = '{FIRST_CARD}'",
        "review_cards",
        f"question_id={FIRST_CARD!r}",
        (("progress",),),
    ),
]


def run(cli: CLI, command: tuple[str, ...], tmp_path: Path) -> Run:
    if command == ("exam-again",):
        answers = tmp_path / "answers.yaml"
        answers.write_text(yaml.safe_dump({FIRST_CARD: "a"}), encoding="utf-8")
        return cli(*AGAIN, "--answers", str(answers), "--json")
    return cli(*command)


@pytest.fixture
def no_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input at its end, for a plain resume that gets as far as asking."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.mark.parametrize(
    ("damage", "command"),
    [(damage, command) for damage in DAMAGES for command in damage.commands],
    ids=[f"{d.name}: {' '.join(c)}" for d in DAMAGES for c in d.commands],
)
@pytest.mark.usefixtures("no_input")
def test_a_command_reading_a_damaged_row_exits_3_naming_the_table_and_row(
    cli: CLI, db_file: Path, tmp_path: Path, damage: Damage, command: tuple[str, ...]
) -> None:
    stocked(db_file)
    tamper(db_file, damage.sql)
    data = db_file.read_bytes()
    result = run(cli, command, tmp_path)
    assert result.code == ExitCode.DATA_STORE, result.err
    assert "Traceback" not in result.err
    assert str(db_file) in result.err
    assert f"table {damage.table}, row {damage.key}" in result.err
    assert "aitrainer reset" in result.err
    if command != ("exam-again",):  # that one stores its attempt before it reads the cards
        assert db_file.read_bytes() == data


VALID_ATTEMPT = {
    "id": 1,
    "started_at": "2025-03-01T09:00:00.000+00:00",
    "updated_at": "2025-03-01T09:05:00.000+00:00",
    "mode": "exam",
    "blueprint_id": "quick-screening",
    "title": "Quick",
    "filters": "{}",
    "seed": 4,
    "pass_mark": 80.0,
    "time_limit_seconds": 600,
    "time_remaining": 12.5,
    "position": 3,
    "status": "submitted",
    "score_earned": 2.0,
    "score_possible": 4.0,
    "score_percent": 50.0,
    "app_version": "1.0",
    "lock_answers": 0,
    "paused_seconds": 0.0,
}
VALID_ITEM = {
    "attempt_id": 1,
    "position": 0,
    "question_id": "q",
    "bank_id": "b",
    "section": "S",
    "option_order": '["b", "a"]',
    "content_hash": "0" * 16,
}
VALID_RESPONSE = {
    "attempt_id": 1,
    "position": 0,
    "question_id": "q",
    "response": '"a"',
    "credit": 1.0,
    "seconds": 4.5,
    "flagged": 0,
    "answered_at": "2025-03-01T09:01:00.000+00:00",
    "content_hash": "0" * 16,
}
VALID_CARD = {
    "question_id": "q",
    "card": '{"card_id": 1, "state": 2, "step": null, "stability": 3.2, "difficulty": 5.1,'
    ' "due": "2025-03-04T09:00:00+00:00", "last_review": "2025-03-01T09:00:00+00:00"}',
    "due": "2025-03-04T09:00:00.000+00:00",
    "updated_at": "2025-03-01T09:00:00.000+00:00",
}
VALID = {
    "attempts": (rows.decode_attempt, VALID_ATTEMPT),
    "attempt_items": (rows.decode_item, VALID_ITEM),
    "responses": (rows.decode_response, VALID_RESPONSE),
    "review_cards": (rows.decode_card, VALID_CARD),
}
BAD_VALUES: list[tuple[str, str, object]] = [
    ("attempts", "id", "one"),
    ("attempts", "started_at", None),
    ("attempts", "started_at", "2025-03-01 09:00"),  # no time zone
    ("attempts", "updated_at", 20250301),
    ("attempts", "mode", "quiz"),
    ("attempts", "blueprint_id", None),
    ("attempts", "title", b"\xff"),
    ("attempts", "filters", "[1, 2]"),
    ("attempts", "filters", '{"a": NaN}'),
    ("attempts", "seed", 4.5),
    ("attempts", "pass_mark", "eighty"),
    ("attempts", "pass_mark", 180.0),
    ("attempts", "time_limit_seconds", -1),
    ("attempts", "time_remaining", float("inf")),
    ("attempts", "position", -2),
    ("attempts", "status", "paused"),
    ("attempts", "score_earned", -1.0),
    ("attempts", "score_possible", "4"),
    ("attempts", "score_percent", 101.0),
    ("attempts", "app_version", None),
    ("attempts", "lock_answers", 2),
    ("attempts", "paused_seconds", -3.0),
    ("attempt_items", "attempt_id", None),
    ("attempt_items", "position", "0"),
    ("attempt_items", "question_id", 7),
    ("attempt_items", "bank_id", None),
    ("attempt_items", "section", None),
    ("attempt_items", "option_order", '["a", "a"]'),
    ("attempt_items", "option_order", "[1]"),
    ("attempt_items", "content_hash", None),
    ("responses", "attempt_id", "1"),
    ("responses", "position", None),
    ("responses", "question_id", None),
    ("responses", "response", "{'single': 'quotes'}"),
    ("responses", "credit", 1.5),
    ("responses", "seconds", None),
    ("responses", "seconds", -3.0),
    ("responses", "flagged", 0.5),
    ("responses", "answered_at", "noon"),
    ("responses", "content_hash", rows.BadText(b"\xff")),
    ("review_cards", "question_id", None),
    ("review_cards", "card", "{}"),
    (
        "review_cards",
        "card",
        '{"card_id": "one", "state": 2, "step": null, "stability": null,'
        ' "difficulty": null, "due": "2025-03-04T09:00:00+00:00", "last_review": null}',
    ),
    (
        "review_cards",
        "card",
        '{"card_id": 1, "state": 9, "step": null, "stability": null,'
        ' "difficulty": null, "due": "2025-03-04T09:00:00+00:00", "last_review": null}',
    ),
    (
        "review_cards",
        "card",
        '{"card_id": 1, "state": 2, "step": null, "stability": -1,'
        ' "difficulty": null, "due": "2025-03-04T09:00:00+00:00", "last_review": null}',
    ),
    (
        "review_cards",
        "card",
        '{"card_id": 1, "state": 2, "step": null, "stability": null,'
        ' "difficulty": null, "due": "2025-03-04T09:00:00", "last_review": null}',
    ),
    ("review_cards", "due", "tomorrow"),
    ("review_cards", "updated_at", None),
]


def test_a_valid_row_of_each_table_decodes() -> None:
    attempt = rows.decode_attempt(VALID_ATTEMPT)  # type: ignore[arg-type]
    assert (attempt.id, attempt.status, attempt.filters, attempt.lock_answers) == (
        1,
        "submitted",
        {},
        False,
    )
    assert rows.decode_item(VALID_ITEM).option_order == ("b", "a")  # type: ignore[arg-type]
    response = rows.decode_response(VALID_RESPONSE)  # type: ignore[arg-type]
    assert (response.response, response.response_json, response.flagged) == ("a", '"a"', False)
    assert response.answered_at is not None
    card = rows.decode_card(VALID_CARD)  # type: ignore[arg-type]
    assert card.card["state"] == 2


def test_every_column_is_read_by_its_tables_decoder() -> None:
    from aitrainer_cli.progress import migrations

    connection = sqlite3.connect(":memory:")
    for step in migrations.STEPS:
        for statement in step:
            connection.execute(statement)
    for table, (_, valid) in VALID.items():
        columns = {info[1] for info in connection.execute(f"PRAGMA table_info({table})")}
        assert {column for column, _ in rows.COLUMNS[table]} == columns, table
        assert set(valid) == columns, table
        assert columns <= {column for t, column, _ in BAD_VALUES if t == table}, table
    connection.close()


@pytest.mark.parametrize(
    ("table", "column", "value"), BAD_VALUES, ids=[f"{t}.{c}={v!r}" for t, c, v in BAD_VALUES]
)
def test_a_bad_value_in_any_column_is_a_damaged_row_naming_it(
    table: str, column: str, value: object
) -> None:
    decode, valid = VALID[table]
    with pytest.raises(rows.DamagedRow) as damaged:
        decode({**valid, column: value})  # type: ignore[operator]
    assert (damaged.value.table, damaged.value.column) == (table, column)
    assert damaged.value.key


def test_the_statuses_are_the_attempts_statuses() -> None:
    assert tuple(status.value for status in Status) == rows.STATUSES


def test_after_a_damaged_row_nothing_more_is_written_in_this_process(db_file: Path) -> None:
    stocked(db_file)
    tamper(db_file, "UPDATE attempts SET status = 'paused' WHERE id = 2")
    data = db_file.read_bytes()
    with AttemptStore.open(db_file) as store:
        assert [a.id for a in store.history(limit=1)] == [1]  # attempt 2 is not read
        with pytest.raises(DataStoreError, match="table attempts, row id=2") as error:
            store.load(2)
        assert error.value.hint is not None
        assert "aitrainer reset" in error.value.hint
        assert "integrity" not in error.value.message  # the file is sound; only the row is not
        with pytest.raises(DataStoreError, match="nothing more is written"):
            store.abandon(1)
    with AttemptStore.open(db_file) as again, pytest.raises(DataStoreError, match="nothing more"):
        take(again, [(SINGLE[5], right_answer(SINGLE[5]))])
    assert db_file.read_bytes() == data
    assert not Path(f"{db_file}-wal").exists()


def test_a_form_with_a_missing_item_is_damaged(db_file: Path) -> None:
    stocked(db_file)
    tamper(db_file, "DELETE FROM attempt_items WHERE attempt_id = 1 AND position = 1")
    with (
        AttemptStore.open(db_file) as store,
        pytest.raises(DataStoreError, match="table attempt_items, row attempt_id=1 position=1"),
    ):
        store.load(1)


def test_a_response_to_another_question_than_its_item_is_damaged(db_file: Path) -> None:
    stocked(db_file)
    tamper(db_file, "UPDATE responses SET question_id = 'elsewhere' WHERE attempt_id = 1")
    with (
        AttemptStore.open(db_file) as store,
        pytest.raises(DataStoreError, match="table responses, row attempt_id=1 position=0"),
    ):
        store.responses_of(1)


def drop_not_null(path: Path, table: str, column: str, kind: str = "TEXT") -> None:
    """Remove a NOT NULL from the schema text, as a careless tool would (the rows are stored the
    same either way; a scrambled record header leaves the same NULL behind)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE name = ?",
        (f"{column} {kind} NOT NULL", f"{column} {kind}", table),
    )
    connection.commit()
    connection.close()


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new aitrainer process starts with: no file found damaged yet."""
    monkeypatch.setattr(db, "_REFUSED", {})


def test_a_null_where_a_value_is_required_is_a_damaged_row_and_reset_clears_it(
    db_file: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    stocked(db_file)
    drop_not_null(db_file, "attempts", "title")
    tamper(db_file, "UPDATE attempts SET title = NULL WHERE id = 2")
    data = db_file.read_bytes()
    result = cli("history")
    assert result.code == ExitCode.DATA_STORE
    assert "table attempts, row id=2: column title should be text, not NULL" in result.err
    assert "Traceback" not in result.err
    assert db_file.read_bytes() == data
    new_process(monkeypatch)
    reset = cli("reset", "--yes")
    assert reset.code == 0, reset.err
    assert [p.name for p in db_file.parent.glob("progress.db.bak-*")]
    assert cli("history").code == 0


def test_reset_clears_a_row_whose_status_the_schema_does_not_allow(
    db_file: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    stocked(db_file)
    tamper(db_file, "UPDATE attempts SET status = 'paused' WHERE id = 2")
    assert cli("history").code == ExitCode.DATA_STORE
    new_process(monkeypatch)
    assert cli("reset", "--yes").code == 0
    assert cli("history").code == 0


def test_stats_and_export_read_only_through_the_decoders(db_file: Path) -> None:
    """The progress figures and the export come out the same as before for sound rows."""
    stocked(db_file)
    with AttemptStore.open(db_file) as store:
        scores = stats.recent_scores(store.database)
        exported = list(export.export_rows(store.database, CATALOG.entries))
    assert [point.attempt_id for point in scores] == [1]
    assert [(row.attempt_id, row.position) for row in exported] == [  # oldest first
        (2, 0),
        (2, 1),
        (1, 0),
        (1, 1),
        (1, 2),
    ]
    assert exported[1].response is None
    assert exported[1].seconds == 5.0
    assert exported[2].response == '"a"'
