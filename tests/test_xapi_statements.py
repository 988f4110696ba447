"""xAPI statements built from answers and attempts: ids, interaction types, results, extensions,
and every shipped question's statement accepted by Ralph's own xAPI 1.0.3 statement model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.banks.catalog import Catalog
from aitrainer_cli.items import ITEM_TYPES, score
from aitrainer_cli.items.base import QuestionBase, Score
from aitrainer_cli.progress.records import content_hash
from aitrainer_cli.xapi import ids
from aitrainer_cli.xapi import statements as st
from aitrainer_cli.xapi.interactions import INTERACTION_TYPES

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
CONTEXT = st.AttemptContext(ids.registration("store-1", 7), "quick", "Quick screen", "exam", "1.0")
ACTOR = st.account_actor("ana", "https://lms.example.org")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_banks()


def _answer(
    question: QuestionBase, response: object, *, revision: int = 0, **more: Any
) -> st.Answer:
    return st.Answer(
        position=3,
        revision=revision,
        question=question,
        bank_id="bank-x",
        content_hash=content_hash(question),
        response=response,
        score=more.pop("given_score", None) or score(question, response),
        seconds=more.pop("seconds", 12.5),
        timestamp=WHEN,
        **more,
    )


def _first(catalog: Catalog, kind: str) -> QuestionBase:
    return next(e.question for e in catalog.entries.values() if e.question.type_name() == kind)


def test_every_shipped_question_gives_a_statement_ralph_accepts(catalog: Catalog) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    kinds = set()
    for entry in catalog.entries.values():
        question = entry.question
        response = question.keyed_response()
        statement = st.answered(CONTEXT, _answer(question, "x" if response is None else response))
        BaseXapiStatement(**st.with_actor(statement, ACTOR))
        kinds.add(question.type_name())
    assert kinds == set(ITEM_TYPES)  # the shipped banks cover every type


def test_attempt_statements_are_accepted_and_say_completed_then_passed_or_failed() -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    outcome = st.Outcome(3, 4, 75.0, 70.0, 125.0, "submitted", WHEN, ("q1", "q2"))
    passed = st.finished(CONTEXT, outcome)
    failed = st.finished(CONTEXT, st.Outcome(2, 4, 50.0, 70.0, 125.0, "expired", WHEN))
    for statement in passed + failed:
        BaseXapiStatement(**st.with_actor(statement, ACTOR))
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in passed] == ["completed", "passed"]
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in failed] == ["completed", "failed"]
    assert passed[1]["result"] == {
        "score": {"scaled": 0.75, "raw": 3, "min": 0.0, "max": 4},
        "completion": True,
        "duration": "PT2M5S",
        "success": True,
    }
    assert failed[1]["result"]["success"] is False
    assert passed[0]["object"]["id"] == "urn:aitrainer:blueprint:quick"
    assert {s["context"]["registration"] for s in passed} == {CONTEXT.registration}
    assert passed[0]["context"]["extensions"][ids.extension("questions")] == ["q1", "q2"]
    assert passed[0]["id"] == ids.attempt_statement_id(CONTEXT.registration, "completed")


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_interaction_type_per_item_type(catalog: Catalog, kind: str) -> None:
    question = _first(catalog, kind)
    statement = st.answered(CONTEXT, _answer(question, question.keyed_response() or "x"))
    found = statement["object"]["definition"]["interactionType"]
    assert found == INTERACTION_TYPES[kind]
    expected = {
        "single_choice": "choice",
        "multiple_choice": "choice",
        "true_false": "true-false",
        "ranking": "sequencing",
        "rating": "likert",
        "numeric": "numeric",
        "free_text": "long-fill-in",
        "rewrite": "long-fill-in",
    }.get(kind, "other")
    assert found == expected


def test_single_choice_result_and_correct_response_hand_checked(catalog: Catalog) -> None:
    question = _first(catalog, "single_choice")
    key = question.keyed_options()[0]
    wrong = next(k for k in question.option_keys() if k != key)
    right = st.answered(CONTEXT, _answer(question, key))
    miss = st.answered(CONTEXT, _answer(question, wrong, revision=1))
    definition = right["object"]["definition"]
    assert definition["correctResponsesPattern"] == [key]
    assert [c["id"] for c in definition["choices"]] == list(question.option_keys())
    points = float(question.points)
    assert right["result"]["response"] == key
    assert right["result"]["score"] == {"scaled": 1.0, "raw": points, "min": 0.0, "max": points}
    assert right["result"]["success"] is True
    assert right["result"]["duration"] == "PT12.50S"
    assert miss["result"]["score"]["scaled"] == 0.0
    assert miss["result"]["score"]["raw"] == 0.0
    assert miss["result"]["success"] is False
    assert right["id"] != miss["id"]  # another revision, another statement


def test_partial_credit_parts_and_confidence_are_extensions(catalog: Catalog) -> None:
    question = _first(catalog, "claim_check")
    given = Score(0.625, parts=(("c1", 1.0), ("c2", 0.25)))
    statement = st.answered(
        CONTEXT, _answer(question, {"c1": "supported"}, given_score=given, confidence="high")
    )
    result = statement["result"]
    assert result["score"]["scaled"] == 0.625
    assert result["score"]["raw"] == pytest.approx(0.625 * float(question.points))
    assert result["success"] is False
    assert result["extensions"][ids.extension("parts")] == {"c1": 1.0, "c2": 0.25}
    assert result["extensions"][ids.extension("confidence")] == "high"
    assert result["response"] == '{"c1":"supported"}'


def test_panel_agreement_is_an_extension(catalog: Catalog) -> None:
    question = next(
        e.question for e in catalog.entries.values() if e.question.panel_judgements() is not None
    )
    given = Score(0.5, parts=(("expert 1", 1.0), ("expert 2", 0.0)))
    statement = st.answered(CONTEXT, _answer(question, "x", given_score=given))
    extensions = statement["result"]["extensions"]
    assert extensions[ids.extension("panel-agreement")] == [1.0, 0.0]
    assert ids.extension("parts") not in extensions


def test_ids_are_deterministic_and_differ_by_attempt_item_and_revision(catalog: Catalog) -> None:
    question = _first(catalog, "true_false")
    first = st.answered(CONTEXT, _answer(question, True))
    again = st.answered(CONTEXT, _answer(question, True))
    assert first["id"] == again["id"] == ids.answered_id(CONTEXT.registration, 3, question.id, 0)
    other = st.AttemptContext(ids.registration("store-1", 8), "quick", "Quick", "exam", "1.0")
    assert st.answered(other, _answer(question, True))["id"] != first["id"]
    assert st.answered(CONTEXT, _answer(question, True, revision=1))["id"] != first["id"]
    assert ids.registration("store-1", 7) != ids.registration("store-2", 7)
    assert first["context"]["contextActivities"]["parent"][0]["id"] == ids.blueprint_iri("quick")


def test_question_iri_is_stable_and_changes_with_the_content(catalog: Catalog) -> None:
    question = _first(catalog, "numeric")
    iri = ids.question_iri("bank-x", question.id, content_hash(question))
    assert st.answered(CONTEXT, _answer(question, 1.0))["object"]["id"] == iri
    assert ids.parse_question_iri(iri) == ("bank-x", question.id, content_hash(question)[:16])
    assert ids.question_iri("bank-x", question.id, "0" * 64) != iri
    assert ids.parse_question_iri("urn:aitrainer:blueprint:quick") is None


def test_actor_is_an_account_never_an_email() -> None:
    actor = st.account_actor("ana", "https://lms.example.org", "Ana")
    assert actor == {
        "objectType": "Agent",
        "account": {"homePage": "https://lms.example.org", "name": "ana"},
        "name": "Ana",
    }
    sent = st.with_actor({"id": "x"}, actor)
    assert "mbox" not in str(sent)
    assert sent["actor"] == actor


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (12.5, "PT12.50S"), (60, "PT1M"), (3725.25, "PT1H2M5.25S"), (-3, "PT0S")],
)
def test_durations_are_iso_8601(seconds: float, text: str) -> None:
    assert st.duration(seconds) == text


def test_timestamps_keep_their_offset_and_naive_ones_are_refused() -> None:
    paris = timezone(timedelta(hours=1))
    assert st.iso(WHEN.astimezone(paris)) == "2026-03-01T10:30:00.000+01:00"
    with pytest.raises(ValueError, match="time zone"):
        st.iso(datetime(2026, 3, 1))


def test_numeric_key_with_tolerance_is_a_range(catalog: Catalog) -> None:
    question = _first(catalog, "numeric")
    pattern = st.answered(CONTEXT, _answer(question, 1.0))["object"]["definition"]
    found = pattern["correctResponsesPattern"][0]
    answer, tolerance = question.answer, question.tolerance  # type: ignore[attr-defined]
    if tolerance:
        low, high = (float(v) for v in found.split("[:]"))
        assert low == pytest.approx(answer - tolerance)
        assert high == pytest.approx(answer + tolerance)
        assert len(found) < 40  # no float noise (0.34500000000000003)
    else:
        assert float(found) == answer
