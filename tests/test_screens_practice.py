"""Issue 14, finding 1: practice with filters that match fewer questions than the count practises
what exists and says how many; errors never name internal sections; `aitrainer topics` lists the
topics a `--topic` hint points at."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

CATALOG = load_catalog([builtin_banks_dir()])
TASKS = Path(__file__).parent / "data" / "runs" / "task.yaml"
"""A bank of one task (the shipped banks hold more tasks than a practice asks for)."""


def _topic_count(topic: str) -> int:
    return sum(1 for entry in CATALOG.entries.values() if entry.question.topic == topic)


def _empty_answers(tmp_path: Path) -> str:
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    return str(answers)


def test_practice_on_a_small_topic_practises_all_it_has_and_says_so(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    have = _topic_count("multi-response-ranking")
    assert 0 < have < 10  # the README's example: fewer than practice's default 10
    result = cli(
        "practice", "--topic", "multi-response-ranking", "--answers", _empty_answers(tmp_path)
    )
    assert result.code == 0, result.err
    assert f"all {have} that match" in result.out
    assert "section" not in result.out + result.err


def test_practice_by_type_task_practises_the_tasks_there_are(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    bank = ("--no-builtin", "--banks", str(TASKS))  # fewer tasks than the default count
    have = sum(1 for e in load_catalog([TASKS]).entries.values() if e.question.type == "task")
    assert have < 10
    result = cli(
        "practice", *bank, "--type", "task", "--json", "--answers", _empty_answers(tmp_path)
    )
    assert result.code == 0, result.err
    assert len(json.loads(result.out)["items"]) == have


def test_an_exam_asking_for_more_than_match_names_no_internal_section(
    cli: Callable[..., Run],
) -> None:
    result = cli("exam", "--bank", "fact-checking", "--count", "400")
    assert result.code == 2
    assert "section" not in result.err
    assert "Questions" not in result.err
    assert "400 questions were asked for but only" in result.err
    assert "--count" in result.err


def test_an_unknown_topic_points_at_a_command_that_lists_topics(cli: Callable[..., Run]) -> None:
    result = cli("practice", "--topic", "nosuch")
    assert result.code == 2
    assert "aitrainer topics" in result.err
    listing = cli("topics")
    assert listing.code == 0, listing.err
    assert "multi-response-ranking" in listing.out
    assert str(_topic_count("multi-response-ranking")) in listing.out


def test_topics_of_one_bank_lists_its_topics_with_counts(cli: Callable[..., Run]) -> None:
    entries = CATALOG.entries.values()
    topics = {entry.question.topic for entry in entries if entry.bank_id == "fact-checking"}
    result = cli("topics", "fact-checking")
    assert result.code == 0, result.err
    for topic in topics:
        assert topic in result.out
    other = {entry.question.topic for entry in CATALOG.entries.values()} - topics
    assert not any(f" {topic} " in f" {result.out} " for topic in other if len(topic) > 12)


def test_topics_of_an_unknown_bank_is_a_clear_error(cli: Callable[..., Run]) -> None:
    result = cli("topics", "nosuch")
    assert result.code == 2
    assert "no bank called 'nosuch'" in result.err
    assert "Traceback" not in result.err


def test_help_gives_ranges_in_words_without_typer_range_noise(cli: Callable[..., Run]) -> None:
    for command in ("exam", "practice", "review", "history", "resume"):
        text = cli(command, "--help").out
        assert "<=" not in text, command
        assert "9223372036854775807" not in text, command


def test_a_bad_attempt_id_says_what_an_id_looks_like(cli: Callable[..., Run]) -> None:
    result = cli("history", "abc")
    assert result.code == 2
    assert "an attempt id is a whole number, such as 12" in result.err
    assert "Input should" not in result.err  # no pydantic wording


def test_a_shortened_blueprint_says_it_is_shortened(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    result = cli("exam", "--count", "3", "--seed", "2", "--answers", _empty_answers(tmp_path))
    assert result.code == 0, result.err
    assert "Quick screening (shortened: 3 of its 20 questions, time scaled from 25m)" in result.out


def test_one_question_is_one_question(cli: Callable[..., Run], tmp_path: Path) -> None:
    import io
    import sys

    import pytest

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO("true\n"))
        result = cli("exam", "--type", "true_false", "--count", "1", "--seed", "3", "--plain")
    assert "1 question ·" in result.out
    assert "1 questions" not in result.out


def test_a_one_question_spaced_review_claims_no_target_and_no_seed(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    import yaml

    from aitrainer_cli.exam.compose import ExamRequest, build_form

    form = build_form(CATALOG, ExamRequest(types=("true_false",), count=1, seed=4))
    qid = form.items[0].question_id
    key = CATALOG.entries[qid].question.answer  # type: ignore[attr-defined]
    answers = tmp_path / "wrong.yaml"
    answers.write_text(yaml.safe_dump({qid: not key}), encoding="utf-8")
    args = ("exam", "--type", "true_false", "--count", "1", "--seed", "4")
    assert cli(*args, "--answers", str(answers)).code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\n" if key else "false\n"))
    result = cli("review", "--count", "1", "--plain")
    assert result.code == 0, result.err
    assert "your most-missed: 1 question" in result.out
    assert "PASS" not in result.out
    assert "practice target" not in result.out
    assert "--seed" not in result.out


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("aitrainer practice --topic multi-resp", "multi-response-ranking"),
        ("aitrainer exam full", "full-mock"),
        ("aitrainer exam --bank fact", "fact-checking"),
        ("aitrainer topics rlhf", "rlhf-principles"),
        ("aitrainer practice --type claim", "claim_check"),
    ],
)
def test_the_shell_completes_bank_blueprint_topic_and_type_names(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, words: str, expected: str
) -> None:
    monkeypatch.setenv("_AITRAINER_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - 1))
    result = cli()
    assert expected in result.out.split(), result.out + result.err
    assert "Traceback" not in result.err


def test_help_offers_to_install_completion(cli: Callable[..., Run]) -> None:
    assert "--install-completion" in cli("--help").out


def test_a_filtered_title_names_kinds_of_question_in_words(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    bank = ("--no-builtin", "--banks", str(TASKS))
    result = cli("practice", *bank, "--type", "task", "--answers", _empty_answers(tmp_path))
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert "Screening task" in first
    assert "(the only one that matches)" in first or "that match)" in first
    assert "all 1 that match" not in result.out
