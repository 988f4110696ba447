"""Issue 14 ("Also"): ``exam --count N`` on a blueprint scales its time limit to the count, as
filtered exams get theirs, and says so in the title the intro shows."""

from __future__ import annotations

from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.exam.compose import ExamRequest, build_form


def test_count_scales_the_blueprints_time_limit_and_says_so() -> None:
    catalog = load_banks()
    blueprint = catalog.blueprints["quick-screening"]
    full, limit = blueprint.question_count, blueprint.time_limit_seconds
    assert limit is not None
    form = build_form(catalog, ExamRequest("quick-screening", count=2, seed=1))
    assert len(form.items) == 2
    assert form.time_limit_seconds == round(limit * 2 / full)
    assert (
        form.title
        == f"Quick screening (shortened: 2 of its {full} questions, time scaled from 25m)"
    )


def test_an_explicit_time_wins_over_the_scaling() -> None:
    catalog = load_banks()
    form = build_form(catalog, ExamRequest("quick-screening", count=2, time="10m", seed=1))
    assert form.time_limit_seconds == 600
    assert "time scaled" not in form.title


def test_the_full_count_keeps_the_blueprint_as_it_is() -> None:
    catalog = load_banks()
    blueprint = catalog.blueprints["quick-screening"]
    request = ExamRequest("quick-screening", count=blueprint.question_count, seed=1)
    form = build_form(catalog, request)
    assert form.time_limit_seconds == blueprint.time_limit_seconds
    assert form.title == blueprint.title
