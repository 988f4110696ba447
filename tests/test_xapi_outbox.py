"""The xAPI outbox: statements queued in the store with the answer and with the attempt's end,
one revision per changed answer, ids that never repeat, and the migration that adds it."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

from aitrainer_cli.app.scores import ScoreBook
from aitrainer_cli.app.statements import AttemptStatements
from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import Attempt, Listener
from aitrainer_cli.exam.results import grade
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.progress import migrations, outbox
from aitrainer_cli.progress.records import form_hashes
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.xapi import ids
from support import Run

CATALOG = load_catalog([builtin_banks_dir()])
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _outbox(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT position, verb, credit, state, body FROM xapi_outbox ORDER BY seq"
        ).fetchall()


def _true_false_form(count: int = 2) -> ExamForm:
    chosen = [q for q, e in CATALOG.entries.items() if e.question.type_name() == "true_false"]
    items = tuple(FormItem(q, CATALOG.entries[q].bank_id, "main") for q in chosen[:count])
    return ExamForm("quick-screening", "Quick screening", 1, 600, 70.0, items)


def test_each_new_answer_is_queued_with_it_and_a_changed_answer_is_a_new_revision(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    form = _true_false_form()
    hashes = form_hashes(form, CATALOG.entries)
    key = CATALOG.entries[form.items[0].question_id].question.answer  # type: ignore[attr-defined]
    with AttemptStore.open(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes)
        scores = ScoreBook(form, CATALOG.entries)
        built = AttemptStatements(
            store, attempt_id, form, CATALOG.entries, hashes, "exam", lambda: WHEN
        )
        clock = Clock()
        listener = store.listener(
            attempt_id, hashes, credit=scores.credit, statements=built.answered(scores)
        )
        attempt = Attempt(form, clock, listener=listener)
        attempt.answer(not key)
        # Committed with the answer: another connection sees both at once.
        assert [(p, v, c, s) for p, v, c, s, _ in _outbox(path)] == [(0, "answered", 0.0, "queued")]
        clock.now = 4.0
        attempt.toggle_flag()  # no new answer: no statement
        assert len(_outbox(path)) == 1
        attempt.answer(key)
        attempt.advance()
        attempt.answer(CATALOG.entries[form.items[1].question_id].question.answer)  # type: ignore[attr-defined]
        attempt.submit()
        result = grade(
            form, CATALOG.entries, attempt.states, attempt.status, attempt.remaining(), scores.score
        )
        store.finish(attempt_id, result, built.finished(result))
    rows = _outbox(path)
    assert [(p, v, c) for p, v, c, _, _ in rows] == [
        (0, "answered", 0.0),
        (0, "answered", 1.0),
        (1, "answered", 1.0),
        (None, "completed", None),
        (None, "passed", None),
    ]
    bodies = [json.loads(str(body)) for *_, body in rows]
    revision = ids.extension("revision")
    assert [b["context"]["extensions"].get(revision) for b in bodies[:3]] == [0, 1, 0]
    assert len({b["id"] for b in bodies}) == 5
    assert {b["context"]["registration"] for b in bodies} == {built.context.registration}
    assert bodies[3]["result"]["score"] == {"scaled": 1.0, "raw": 2.0, "min": 0.0, "max": 2.0}
    assert "actor" not in bodies[0]  # added when sent: the identity may be configured later


def test_an_answers_file_run_queues_every_answer_and_the_attempts_end(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    from aitrainer_cli.exam.compose import ExamRequest, build_form

    form = build_form(CATALOG, ExamRequest(count=3, seed=3, types=("true_false",)))
    first, second, _ = (CATALOG.entries[i.question_id].question for i in form.items)
    answers = tmp_path / "answers.yaml"
    given = {first.id: first.answer, second.id: not second.answer}  # type: ignore[attr-defined]
    answers.write_text(yaml.safe_dump(given), encoding="utf-8")
    result = cli(
        "exam", "--type", "true_false", "--count", "3", "--seed", "3", "--answers", str(answers)
    )
    assert result.code in (0, 1), result.err
    rows = _outbox(Path(os.environ["AITRAINER_HOME"]) / "progress.db")
    verbs = [v for _, v, _, _, _ in rows]
    answered = sum(1 for v in verbs if v == "answered")
    with sqlite3.connect(Path(os.environ["AITRAINER_HOME"]) / "progress.db") as db:
        given = db.execute("SELECT count(*) FROM responses WHERE response IS NOT NULL").fetchone()
    assert answered == given[0]
    assert verbs[-2] == "completed"
    assert verbs[-1] in ("passed", "failed")
    assert all(state == "queued" for _, _, _, state, _ in rows)


def test_a_second_store_gives_other_registrations_for_the_same_attempt_number(
    tmp_path: Path,
) -> None:
    with AttemptStore.open(tmp_path / "a.db") as one, AttemptStore.open(tmp_path / "b.db") as two:
        first, second = outbox.store_id(one.database), outbox.store_id(two.database)
    assert first != second
    assert len(first) == 32
    assert ids.registration(first, 1) != ids.registration(second, 1)


def test_the_migration_adds_the_outbox_to_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with AttemptStore.open(path) as store:
        assert int(str(store.database.pragma("user_version"))) == migrations.SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"xapi_outbox", "xapi_store"} <= tables
    assert any("xapi_outbox" in statement for statement in migrations.STEPS[3])


def test_export_format_xapi_writes_every_statement_as_json_lines_with_the_learner(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    assert cli("exam", "--type", "true_false", "-n", "2", "--answers", str(answers)).code == 0
    refused = cli("export", "--format", "xapi")
    assert refused.code == 2
    assert "no learner identity" in refused.err
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text(
        '[learner]\nname = "ana-42"\nhome_page = "https://bootcamp.example.org"\n', "utf-8"
    )
    target = tmp_path / "statements.jsonl"
    run = cli("export", "--format", "xapi", "--output", str(target))
    assert run.code == 0, run.err
    assert "Exported 2 xAPI statements of 1 attempt" in run.err
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [s["verb"]["display"]["en-US"] for s in lines] == ["completed", "failed"]
    for statement in lines:
        BaseXapiStatement(**statement)
        assert statement["actor"]["account"]["name"] == "ana-42"


def test_a_resumed_attempt_continues_the_revisions_it_had(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    form = _true_false_form()
    hashes = form_hashes(form, CATALOG.entries)
    with AttemptStore.open(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes)

        def listener() -> Listener:
            scores = ScoreBook(form, CATALOG.entries)
            built = AttemptStatements(
                store, attempt_id, form, CATALOG.entries, hashes, "exam", lambda: WHEN
            )
            return store.listener(
                attempt_id, hashes, credit=scores.credit, statements=built.answered(scores)
            )

        Attempt(form, Clock(), listener=listener()).answer(True)
        stored = store.load(attempt_id)  # the process died; the attempt is resumed
        resumed = Attempt.restore(stored.form, stored.snapshot, Clock(), listener=listener())
        resumed.answer(False)
    revisions = [
        json.loads(str(body))["context"]["extensions"][ids.extension("revision")]
        for *_, body in _outbox(path)
    ]
    assert revisions == [0, 1]
