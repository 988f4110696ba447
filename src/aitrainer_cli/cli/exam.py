"""``aitrainer exam`` and ``aitrainer practice``: a timed screening, or a drill with feedback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aitrainer_cli.cli.options import (
    BANKS,
    DATA_DIR,
    MAX_COUNT,
    NO_BUILTIN,
    bank_choice,
    complete_bank,
    complete_blueprint,
    complete_topic,
    complete_type,
    decimal,
    whole,
)
from aitrainer_cli.cli.options import attempt_id as attempt_id_argument

if TYPE_CHECKING:
    from aitrainer_cli.app.judge import Judge

BANK = typer.Option(
    None,
    "--bank",
    "-b",
    metavar="BANK",
    help="Only this bank (repeatable).",
    autocompletion=complete_bank,
)
TOPIC = typer.Option(
    None,
    "--topic",
    "-t",
    metavar="TOPIC",
    help="Only this topic (repeatable; 'aitrainer topics' lists them).",
    autocompletion=complete_topic,
)
TYPE = typer.Option(
    None,
    "--type",
    metavar="TYPE",
    help="Only this item type, e.g. ranking (repeatable).",
    autocompletion=complete_type,
)
LEVEL = typer.Option(
    None, "--difficulty", "-d", metavar="LEVEL", help="easy, medium or hard (repeatable)."
)
COUNT_WORDS = whole("--count", 1, MAX_COUNT)
COUNT = typer.Option(
    None, "--count", "-n", metavar="N", help="Number of questions (1-500).", parser=COUNT_WORDS
)
TIME = typer.Option(None, "--time", metavar="DURATION", help="Time limit, e.g. 20m or 1h30m.")
PASS = typer.Option(
    None,
    "--pass-mark",
    metavar="PERCENT",
    help="Practice target in percent (0-100).",
    parser=decimal("--pass-mark", 0, 100),
)
SEED = typer.Option(
    None,
    "--seed",
    metavar="N",
    help="Retake an exact form (printed at the start).",
    parser=whole("--seed", 0),
)
ANSWERS = typer.Option(
    None,
    "--answers",
    metavar="FILE",
    help="Answer from a YAML/JSON file, no prompts.",
    dir_okay=False,
)
PLAIN = typer.Option(False, "--plain", help="Numbered line prompts (automatic without a TTY).")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")
PROBES = typer.Option(
    None,
    "--probes",
    metavar="N",
    help="Add N consistency probes (0-20): side-by-side items again with A and B swapped.",
    parser=whole("--probes", 0, 20),
)
CONFIDENCE = typer.Option(
    False,
    "--confidence",
    help="After each answer, say how sure you are (guess/unsure/sure): shows your calibration.",
)
JUDGE = typer.Option(
    None,
    "--judge",
    metavar="CMD",
    help="A command that grades written answers (JSON on stdin and stdout; docs/judge.md). "
    "Default: AITRAINER_JUDGE.",
)
JUDGE_TIMEOUT = typer.Option(
    None,
    "--judge-timeout",
    metavar="SECONDS",
    help="Seconds the judge may take per answer (default 30, or AITRAINER_JUDGE_TIMEOUT).",
    parser=decimal("--judge-timeout", 0.1, 600),
)


def _configured_confidence() -> bool:
    from aitrainer_cli.app.settings import configured_confidence

    return configured_confidence()


def _judge(command: str | None, timeout: float | None) -> Judge | None:
    from aitrainer_cli.app.judge import judge_from

    return judge_from(command, timeout)


def exam(
    blueprint: str = typer.Argument(
        None,
        metavar="BLUEPRINT",
        help="Blueprint id (default: quick-screening).",
        autocompletion=complete_blueprint,
    ),
    bank: list[str] = BANK,
    topic: list[str] = TOPIC,
    item_type: list[str] = TYPE,
    difficulty: list[str] = LEVEL,
    count: int = COUNT,
    time: str = TIME,
    pass_mark: float = PASS,
    seed: int = SEED,
    answers: Path = ANSWERS,
    plain: bool = PLAIN,
    json: bool = JSON,
    judge: str = JUDGE,
    judge_timeout: float = JUDGE_TIMEOUT,
    confidence: bool = CONFIDENCE,
    probes: int = PROBES,
    data_dir: Path = DATA_DIR,
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
    list_: bool = typer.Option(False, "--list", help="List the exam blueprints and exit."),
) -> None:
    """Take a timed practice screening.

    From a blueprint (default: the quick screening), or composed from filters.
    """
    from aitrainer_cli.app.attempts import ExamOptions, take_exam
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.app.environment import Environment
    from aitrainer_cli.exam.compose import ExamRequest

    catalog = load_banks(bank_choice(banks, no_builtin))
    if list_:
        from aitrainer_cli.ui.exam_views import show_blueprints

        show_blueprints(catalog)
        return
    request = ExamRequest(
        blueprint,
        tuple(bank or ()),
        tuple(topic or ()),
        tuple(item_type or ()),
        tuple(difficulty or ()),
        count,
        time,
        pass_mark,
        seed,
        probes=probes,
    )
    take_exam(
        Environment.of_process(data_dir),
        catalog,
        request,
        ExamOptions(
            "exam",
            plain,
            answers,
            json,
            judge=_judge(judge, judge_timeout),
            confidence=confidence or _configured_confidence(),
        ),
    )


def practice(
    bank: list[str] = BANK,
    topic: list[str] = TOPIC,
    item_type: list[str] = TYPE,
    difficulty: list[str] = LEVEL,
    count: int = typer.Option(
        10, "--count", "-n", metavar="N", help="Number of questions (1-500).", parser=COUNT_WORDS
    ),
    time: str = TIME,
    seed: int = SEED,
    answers: Path = ANSWERS,
    plain: bool = PLAIN,
    json: bool = JSON,
    judge: str = JUDGE,
    judge_timeout: float = JUDGE_TIMEOUT,
    confidence: bool = CONFIDENCE,
    probes: int = PROBES,
    data_dir: Path = DATA_DIR,
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
    weakest: bool = typer.Option(False, "--weakest", help="Drill your weakest topics."),
) -> None:
    """Drill with feedback after each answer.

    Untimed unless --time is given; --weakest picks your weakest topics.
    """
    from aitrainer_cli.app.attempts import ExamOptions, take_exam, weakest_topics
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.app.environment import Environment
    from aitrainer_cli.exam.compose import ExamRequest

    catalog, env = load_banks(bank_choice(banks, no_builtin)), Environment.of_process(data_dir)
    if weakest:
        topic = [*(topic or ()), *weakest_topics(env, catalog)]
    request = ExamRequest(
        None,
        tuple(bank or ()),
        tuple(topic or ()),
        tuple(item_type or ()),
        tuple(difficulty or ()),
        count,
        time,
        None,
        seed,
        timed_by_default=False,
        practice=True,
        probes=probes,
    )
    take_exam(
        env,
        catalog,
        request,
        ExamOptions(
            "practice",
            plain,
            answers,
            json,
            judge=_judge(judge, judge_timeout),
            confidence=confidence or _configured_confidence(),
        ),
    )


def resume(
    attempt_id: int = attempt_id_argument("Attempt id (default: newest)."),
    plain: bool = PLAIN,
    json: bool = JSON,
    judge: str = JUDGE,
    judge_timeout: float = JUDGE_TIMEOUT,
    data_dir: Path = DATA_DIR,
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Continue an unfinished attempt.

    The same questions, answers and flags, and the time that was left.
    """
    from aitrainer_cli.app.attempts import ExamOptions, resume_attempt
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.app.environment import Environment

    env = Environment.of_process(data_dir)
    resume_attempt(
        env,
        load_banks(bank_choice(banks, no_builtin)),
        attempt_id,
        ExamOptions(plain=plain, json=json, judge=_judge(judge, judge_timeout)),
    )


def review(
    count: int = typer.Option(
        10,
        "--count",
        "-n",
        metavar="N",
        help="At most this many questions (1-500).",
        parser=COUNT_WORDS,
    ),
    time: str = TIME,
    plain: bool = PLAIN,
    json: bool = JSON,
    judge: str = JUDGE,
    judge_timeout: float = JUDGE_TIMEOUT,
    data_dir: Path = DATA_DIR,
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Review the questions due (spaced review).

    When nothing is due, your most-missed questions; feedback after each answer.
    """
    from aitrainer_cli.app.attempts import ExamOptions, spaced_review
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.app.environment import Environment

    env = Environment.of_process(data_dir)
    spaced_review(
        env,
        load_banks(bank_choice(banks, no_builtin)),
        count,
        time,
        ExamOptions(plain=plain, json=json, judge=_judge(judge, judge_timeout)),
    )
