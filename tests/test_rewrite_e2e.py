"""Rewrite items end to end: the real program in a pseudo-terminal with a fake ``$VISUAL``, a
SIGKILL mid-answer and the resume after it, then history, export and an answers file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.paths import builtin_banks_dir
from test_e2e import Terminal, _run

pytestmark = pytest.mark.slow

CATALOG = load_catalog([builtin_banks_dir()])
SEED = 3
FAKE_EDITOR = """\
import pathlib, sys
pathlib.Path(sys.argv[-1]).write_text(pathlib.Path(sys.argv[1]).read_text("utf-8"), "utf-8")
"""


def _form(count: int) -> list[Rewrite]:
    form = build_form(CATALOG, ExamRequest(count=count, seed=SEED, types=("rewrite",)))
    questions = [CATALOG.entries[item.question_id].question for item in form.items]
    assert all(isinstance(q, Rewrite) for q in questions)
    return questions  # type: ignore[return-value]


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def _fake_visual(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """VISUAL saves ``text`` over whatever file it is given."""
    script, new = tmp_path / "fake_editor.py", tmp_path / "new.txt"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    new.write_text(text, encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"'{sys.executable}' '{script}' '{new}'")


def test_a_rewrite_in_the_terminal_through_visual_killed_then_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _form(2)
    _fake_visual(tmp_path, first.model_answer, monkeypatch)
    term = Terminal(
        ["exam", "--type", "rewrite", "--count", "2", "--seed", str(SEED), "--time", "10m"],
        tmp_path,
    )
    try:
        term.wait_for_text("Start the clock")
        term.child.send("\r")
        term.wait_for_text("Your rewrite (Esc Enter: done · Ctrl-O: editor):")
        term.wait_for_text(first.original.strip().splitlines()[-1][:40])  # prefilled
        term.child.send("\x0f")  # Ctrl-O: the fake editor saves the model answer
        new = next(
            line.strip()[:40]
            for line in first.model_answer.splitlines()
            if line.strip()[:40] not in first.original
        )
        term.wait_for(lambda text: new in text.split("Ctrl-O: editor):")[-1])
        term.child.send("\x1b\r")
        term.wait_for_text("question 2/2")
        term.child.send(" Half-typed.")
        db = tmp_path / "progress.db"
        deadline = time.monotonic() + 10
        while _rows(db, "SELECT count(*) FROM responses WHERE response IS NOT NULL") != [(1,)]:
            assert time.monotonic() < deadline, "the first answer was never committed"
            term.pump()
        os.kill(term.child.pid, signal.SIGKILL)  # mid-answer on the second rewrite
        term.child.expect(pexpect.EOF, timeout=10)
    finally:
        term.close()
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "SELECT status, position FROM attempts") == [("in_progress", 1)]
    stored = _rows(db, "SELECT response, credit FROM responses WHERE response IS NOT NULL")
    assert len(stored) == 1
    assert json.loads(str(stored[0][0])) == first.model_answer.strip()
    assert stored[0][1] == 1.0

    # resume in plain mode: one line rewrites the second, then submit from the sheet
    line = " ".join(second.model_answer.split())
    resumed = _run(["resume", "--plain"], tmp_path, f"{line}\n1\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming attempt 1: 1 of 2 answered" in resumed.stdout
    assert "Response to rewrite" in resumed.stdout
    assert "Score 2 / 2 points" in " ".join(resumed.stdout.split())
    assert "Traceback" not in resumed.stderr

    history = _run(["history", "1"], tmp_path)
    assert history.returncode == 0, history.stderr
    assert "Rewrite the response" in history.stdout  # the kind in words

    exported = _run(["export", "--format", "json"], tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert first.id in exported.stdout
    assert second.id in exported.stdout
    new_words = [
        w for w in first.model_answer.split() if w.isalnum() and w not in first.original.split()
    ]
    assert new_words
    assert all(w in exported.stdout for w in new_words[:3])  # the rewrite itself, as typed
    assert '"rewrite"' in exported.stdout


def test_an_answers_file_with_a_block_scalar_rewrite(tmp_path: Path) -> None:
    questions = _form(2)
    answers = {questions[0].id: questions[0].model_answer, questions[1].id: questions[1].original}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, default_style="|"), encoding="utf-8")
    result = _run(
        [
            "exam",
            "--type",
            "rewrite",
            "--count",
            "2",
            "--seed",
            str(SEED),
            "--answers",
            str(path),
            "--json",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    credits = {item["question_id"]: item["credit"] for item in report["items"]}
    assert credits == {questions[0].id: 1.0, questions[1].id: 0.0}  # unchanged earns 0
