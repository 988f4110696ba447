"""``aitrainer exam`` and ``aitrainer practice``: a timed screening, or a drill with feedback."""

from __future__ import annotations

from pathlib import Path

import typer

BANK = typer.Option(None, "--bank", "-b", help="Only this bank (repeatable).")
TOPIC = typer.Option(None, "--topic", "-t", help="Only this topic (repeatable).")
TYPE = typer.Option(None, "--type", help="Only this item type, e.g. ranking (repeatable).")
LEVEL = typer.Option(None, "--difficulty", "-d", help="easy, medium or hard (repeatable).")
COUNT = typer.Option(None, "--count", "-n", help="Number of questions.")
TIME = typer.Option(None, "--time", help="Time limit, e.g. 20m or 1h30m.")
PASS = typer.Option(None, "--pass-mark", help="Practice target in percent.")
SEED = typer.Option(None, "--seed", help="Retake an exact form (printed at the start).")
ANSWERS = typer.Option(None, "--answers", help="Answer from a YAML/JSON file, no prompts.",
                       dir_okay=False)
PLAIN = typer.Option(False, "--plain", help="Numbered line prompts (automatic without a TTY).")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")
DATA = typer.Option(None, "--data-dir", help="Where progress is kept (default: see 'path').",
                    envvar="AITRAINER_HOME", show_envvar=False)


def exam(
    blueprint: str = typer.Argument(None, help="Blueprint id (default: quick-screening)."),
    bank: list[str] = BANK, topic: list[str] = TOPIC, item_type: list[str] = TYPE,
    difficulty: list[str] = LEVEL, count: int = COUNT, time: str = TIME,
    pass_mark: float = PASS, seed: int = SEED, answers: Path = ANSWERS, plain: bool = PLAIN,
    json: bool = JSON, data_dir: Path = DATA,
    list_: bool = typer.Option(False, "--list", help="List the exam blueprints and exit."),
) -> None:
    """Take a timed practice screening: from a blueprint, or composed from filters."""
    from aitrainer_cli.exam.compose import ExamRequest
    from aitrainer_cli.ui.exam_flow import ExamOptions, builtin_catalog, run_exam

    catalog = builtin_catalog()
    if list_:
        from aitrainer_cli.ui.exam_views import show_blueprints

        show_blueprints(catalog)
        return
    request = ExamRequest(blueprint, tuple(bank or ()), tuple(topic or ()),
                          tuple(item_type or ()), tuple(difficulty or ()), count, time,
                          pass_mark, seed)
    run_exam(catalog, request, ExamOptions("exam", plain, answers, json, data_dir))


def practice(
    bank: list[str] = BANK, topic: list[str] = TOPIC, item_type: list[str] = TYPE,
    difficulty: list[str] = LEVEL, count: int = typer.Option(10, "--count", "-n",
                                                            help="Number of questions."),
    time: str = TIME, seed: int = SEED, answers: Path = ANSWERS, plain: bool = PLAIN,
    json: bool = JSON, data_dir: Path = DATA,
    weakest: bool = typer.Option(False, "--weakest", help="Drill your weakest topics."),
) -> None:
    """Drill with immediate feedback after each answer (untimed unless --time is given)."""
    from aitrainer_cli.exam.compose import ExamRequest
    from aitrainer_cli.ui.exam_flow import ExamOptions, builtin_catalog, run_exam, weakest_topics

    catalog, options = builtin_catalog(), ExamOptions("practice", plain, answers, json, data_dir)
    if weakest:
        topic = [*(topic or ()), *weakest_topics(catalog, options)]
    request = ExamRequest(None, tuple(bank or ()), tuple(topic or ()), tuple(item_type or ()),
                          tuple(difficulty or ()), count, time, None, seed,
                          timed_by_default=False, practice=True)
    run_exam(catalog, request, options)


def resume(
    attempt_id: int = typer.Argument(None, metavar="[ID]", help="Attempt id (default: newest)."),
    plain: bool = PLAIN, json: bool = JSON, data_dir: Path = DATA,
) -> None:
    """Continue an unfinished attempt: same questions, answers and flags, the time that was left."""
    from aitrainer_cli.ui.exam_flow import ExamOptions, builtin_catalog, resume_exam

    resume_exam(builtin_catalog(), attempt_id, ExamOptions(plain=plain, json=json,
                                                           data_dir=data_dir))


def review(
    count: int = typer.Option(10, "--count", "-n", help="At most this many questions."),
    time: str = TIME, plain: bool = PLAIN, json: bool = JSON, data_dir: Path = DATA,
) -> None:
    """Spaced review: the questions due today (or your most missed), with feedback."""
    from aitrainer_cli.ui.exam_flow import ExamOptions, builtin_catalog, run_review

    run_review(builtin_catalog(), count, time, ExamOptions(plain=plain, json=json,
                                                           data_dir=data_dir))
