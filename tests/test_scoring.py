"""Scoring: hand-computed credit for every item type, and properties over generated items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.items import QUESTION_ADAPTER, Question, Score, score

ALL_TYPES = Path(__file__).parent / "data" / "valid" / "all-types.yaml"
BASE = {"id": "q", "topic": "t", "difficulty": "easy", "prompt": "p", "explanation": "e"}
LABELS = "ABCDEF"


def make(**fields: Any) -> Question:
    return QUESTION_ADAPTER.validate_python({**BASE, **fields})


def sample() -> dict[str, Question]:
    return {q.type: q for _, q in load_file(ALL_TYPES).questions}


def credit(question: Question, response: object) -> float:
    return score(question, response).credit


def responses(labels: str) -> dict[str, Any]:
    return {"responses": {label: f"response {label}" for label in labels}}


def ranking(
    answer: Any = None, panel: Any = None, critical: Any = (), labels: str = "ABC"
) -> Question:
    key = {"answer": answer} if panel is None else {"panel": panel}
    return make(type="ranking", context=responses(labels), critical_pairs=list(critical), **key)


def preference(answer: Any = None, **fields: Any) -> Question:
    key = {"answer": answer} if "panel" not in fields else {}
    return make(type="preference", context=responses("AB"), **key, **fields)


# --- hand-computed cases ---------------------------------------------------------------------


def test_unanswered_scores_zero_for_every_type() -> None:
    for question in sample().values():
        assert score(question, None) == Score(0.0, note="unanswered")


def test_sample_keys_score_full_credit() -> None:
    items = sample()
    perfect = {
        "single_choice": "b",
        "multiple_choice": ["a", "c"],
        "true_false": False,
        "ranking": ["A", "B", "C"],
        "rating": {"correctness": 4, "verbosity": 1},
        "claim_check": {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
        "free_text": "A gives the minutes; B ignores the question.",
    }
    for kind, response in perfect.items():
        assert credit(items[kind], response) == 1.0, kind
    # panel [0, 1, 0]: 0 earns (1 + 0.75 + 1) / 3, the best any point earns: full credit
    assert credit(items["preference"], 0) == 1.0


def test_single_choice_and_true_false_are_exact() -> None:
    items = sample()
    assert credit(items["single_choice"], "a") == 0.0
    assert credit(items["single_choice"], ["b"]) == 0.0
    assert credit(items["true_false"], True) == 0.0
    assert credit(items["true_false"], 0) == 0.0
    assert credit(items["true_false"], "false") == 0.0


@pytest.mark.parametrize(
    ("scoring", "key", "response", "expected"),
    [
        ("f1", ["a", "b"], {"a"}, 2 / 3),
        ("f1", ["a", "b"], ["a", "a"], 2 / 3),
        ("f1", ["a", "b"], {"a", "b", "c"}, 0.8),
        ("f1", ["a", "b"], {"c"}, 0.0),
        ("f1", ["a", "b"], set(), 0.0),
        ("all_or_nothing", ["a", "b"], frozenset({"a", "b"}), 1.0),
        ("all_or_nothing", ["a", "b"], {"a"}, 0.0),
        ("all_or_nothing", ["a", "b"], {"a", "b", "c"}, 0.0),
        ("right_minus_wrong", ["a", "b", "c"], {"a", "b", "d"}, 1 / 3),
        ("right_minus_wrong", ["a", "b", "c"], {"a", "b"}, 2 / 3),
        ("right_minus_wrong", ["a", "b", "c"], {"a", "d", "e"}, 0.0),
        ("right_minus_wrong", ["a", "b", "c"], ("c", "b", "a"), 1.0),
    ],
)
def test_multiple_choice(scoring: str, key: list[str], response: object, expected: float) -> None:
    options = {k: f"option {k}" for k in "abcde"}
    question = make(type="multiple_choice", options=options, answer=key, scoring=scoring)
    assert credit(question, response) == pytest.approx(expected)


def test_multiple_choice_rejects_a_bare_string() -> None:
    question = make(type="multiple_choice", options={"a": "x", "b": "y"}, answer=["a"])
    assert credit(question, "a") == 0.0
    assert credit(question, ["a", 1]) == 0.0


@pytest.mark.parametrize(
    ("key", "response", "expected"),
    [
        (["A", "B", "C"], ["A", "C", "B"], 2 / 3),
        (["A", "B", "C"], ["C", "B", "A"], 0.0),
        (["A", "B", "C"], ["A", ["B", "C"]], (1 + 1 + 0.5) / 3),  # learner tie counts half
        (["A", "B", "C"], [["A", "B", "C"]], 0.5),
        (["A", "B", "C"], ["A"], (1 + 1 + 0.5) / 3),  # missing labels tie for last
        (["A", "B", "C"], ["B", "Z", "A"], 2 / 3),  # unknown labels are ignored
        (["A", ["B", "C"]], ["C", "B", "A"], 0.0),  # key tie B=C is not considered
        (["A", ["B", "C"]], ["B", "A", "C"], 0.5),
        (["A", ["B", "C"]], ["A", "C", "B"], 1.0),
        ([["A", "B"], "C", "D"], ["B", "A", "D", "C"], 4 / 5),
    ],
)
def test_ranking(key: list[Any], response: list[Any], expected: float) -> None:
    question = ranking(key, labels="".join(sorted(places(key))))
    assert credit(question, response) == pytest.approx(expected)


def test_ranking_critical_pair() -> None:
    question = sample()["ranking"]  # key A > B > C, B must be above C
    assert credit(question, ["B", "A", "C"]) == pytest.approx(2 / 3)
    violated = score(question, ["A", "C", "B"])
    assert violated.credit == 0.0
    assert violated.note == (
        "B must rank above C (a pair the key insists on), and your order does not put it "
        "there: no credit"
    )
    assert credit(question, ["A", ["B", "C"]]) == 0.0  # a tie is not "strictly above"
    assert credit(question, ["A"]) == 0.0  # both left out: tied last


def test_ranking_panel_mean_and_parts() -> None:
    question = ranking(panel=[["A", "B", "C"], ["A", "C", "B"]])
    result = score(question, ["A", "B", "C"])
    assert result.credit == 1.0  # (1 + 2/3) / 2 is the best any order earns against this panel
    assert [name for name, _ in result.parts] == ["expert 1", "expert 2"]
    assert [part for _, part in result.parts] == pytest.approx([1, 2 / 3])
    critical = ranking(panel=[["A", "B", "C"], ["A", "C", "B"]], critical=[["A", "C"]])
    assert credit(critical, ["C", "A", "B"]) == 0.0


@pytest.mark.parametrize("response", ["ABC", ["A", "A", "B"], ["A", ["B", "A"]], [1, 2, 3], [], 7])
def test_ranking_malformed_scores_zero(response: object) -> None:
    assert credit(ranking(["A", "B", "C"]), response) == 0.0


@pytest.mark.parametrize(
    ("key", "response", "expected"),
    [
        (-2, -2, 1.0),
        (-2, -1, 0.75),
        (-2, -3, 0.75),
        (-2, 0, 0.4),  # 0 is on both sides
        (-2, 1, 0.0),  # wrong side
        (-1, 1, 0.0),
        (1, 0, 0.75),
        (0, -2, 0.4),
        (0, 3, 0.0),  # distance 3
        (-3, 0, 0.0),
        (3, 3, 1.0),
    ],
)
def test_preference_distances_and_sides(key: int, response: int, expected: float) -> None:
    assert credit(preference(key), response) == pytest.approx(expected)


def test_preference_wrong_side_note_custom_credit_and_off_scale() -> None:
    assert score(preference(-2), 2).note == "wrong side: the key favours A"
    custom = preference(-2, credit=[1, 0.5])
    assert [credit(custom, r) for r in (-2, -1, -3, 0)] == [1.0, 0.5, 0.5, 0.0]
    assert credit(preference(1, scale=3), 2) == 0.0
    assert credit(preference(1, scale=3), True) == 0.0
    assert credit(preference(1), 1.0) == 0.0


def test_preference_panel() -> None:
    question = sample()["preference"]  # panel [0, 1, 0]
    result = score(question, -1)
    best = (1 + 0.75 + 1) / 3  # 0 is the panel's best answer
    assert result.credit == pytest.approx((0.75 + 0.0 + 0.75) / 3 / best)
    assert result.parts == (("expert 1", 0.75), ("expert 2", 0.0), ("expert 3", 0.75))
    assert credit(question, 1) == pytest.approx((0.75 + 1 + 0.75) / 3 / best)


def test_rating_band_tolerance_and_missing() -> None:
    question = sample()["rating"]  # correctness 4, verbosity band [0, 1], tolerance 1
    result = score(question, {"correctness": 3, "verbosity": 0})
    assert result.parts == (("correctness", 0.5), ("verbosity", 1.0))
    assert result.credit == pytest.approx(0.75)
    assert credit(question, {"correctness": 4, "verbosity": 2}) == pytest.approx(0.75)
    assert credit(question, {"correctness": 4, "verbosity": 3}) == pytest.approx(0.5)
    assert credit(question, {"correctness": 4}) == pytest.approx(0.5)
    assert credit(question, {"correctness": "4", "verbosity": True}) == 0.0
    assert credit(question, [4, 1]) == 0.0
    fields = {"type": "rating", "scale": {"min": 1, "max": 5}, "dimensions": {"h": "help"}}
    strict = make(**fields, answer={"h": 3}, tolerance=0)
    loose = make(**fields, answer={"h": 3}, tolerance=2)
    assert [credit(strict, {"h": v}) for v in (3, 4, 2)] == [1.0, 0.0, 0.0]
    assert [credit(loose, {"h": v}) for v in (3, 4, 1, 0)] == pytest.approx([1, 2 / 3, 1 / 3, 0])


def test_claim_check_matrix() -> None:
    question = sample()["claim_check"]  # c1 supported, c2 refuted, c3 not_enough_info
    nei = "not_enough_info"
    near = score(question, {"c1": nei, "c2": nei, "c3": "refuted"})
    assert near.parts == (("c1", 0.25), ("c2", 0.25), ("c3", 0.25))
    assert near.credit == pytest.approx(0.25)
    far = score(question, {"c1": "refuted", "c2": "supported", "c3": "supported"})
    assert far.parts == (("c1", 0.0), ("c2", 0.0), ("c3", 0.25))
    assert credit(question, {"c1": "supported", "c2": "maybe"}) == pytest.approx(1 / 3)
    assert credit(question, {"c1": ["supported"]}) == 0.0


def test_claim_check_custom_labels_are_exact_only() -> None:
    question = make(
        type="claim_check",
        claims={"c1": "x", "c2": "y"},
        labels=["supported", "refuted", "partly"],
        answer={"c1": "supported", "c2": "partly"},
    )
    assert score(question, {"c1": "supported", "c2": "refuted"}).parts == (
        ("c1", 1.0),
        ("c2", 0.0),
    )
    assert credit(question, {"c1": "refuted", "c2": "partly"}) == 0.5
    extended = make(
        type="claim_check",
        claims={"c1": "x"},
        answer={"c1": "not_enough_info"},
        labels=["supported", "refuted", "not_enough_info", "partly"],
    )
    assert credit(extended, {"c1": "refuted"}) == 0.0  # custom labels: no partial credit


def test_free_text_substring_regex_and_case() -> None:
    question = sample()["free_text"]  # [time|minutes|/answer(s|ed)? the question/], [off target…]
    assert credit(question, "It gives the cooking TIME.") == 0.5
    assert credit(question, "A ANSWERED THE QUESTION; B is Irrelevant.") == 1.0
    assert credit(question, "A replied to the question asked.") == 0.0
    result = score(question, "B is off target")
    assert result.parts == (("Names the decisive difference", 0.0), ("Says B is off target", 1.0))
    assert credit(question, 42) == 0.0


def test_free_text_blank_bad_regex_and_min_words() -> None:
    rubric = [{"point": "p1", "any_of": ["/x*/"]}, {"point": "p2", "any_of": ["c++", "/(/"]}]
    question = make(type="free_text", model_answer="m", rubric=rubric, min_words=10)
    assert score(question, "   ").credit == 0.0  # /x*/ matches anything, but blank is blank
    assert credit(question, "about c++") == pytest.approx(1.0 * 2 / 10)
    assert credit(question, "one two three four") == pytest.approx(0.5 * 4 / 10)
    long = " ".join(["word"] * 12)
    assert score(question, long) == Score(0.5, (("p1", 1.0), ("p2", 0.0)))


# --- properties ------------------------------------------------------------------------------

garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["a", "A", "supported", "c1", "h0", "/", ""]),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.frozensets(st.text(max_size=2) | st.integers(), max_size=3)
        | st.dictionaries(st.sampled_from(["c1", "c2", "h0", "h1", "x"]), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def rankings(draw: st.DrawFn, labels: str, ties: bool = True) -> list[Any]:
    """A best-first ranking of ``labels``; with ties, at least two places."""
    order = list(draw(st.permutations(labels)))
    if not ties:
        return order
    cuts = draw(st.lists(st.booleans(), min_size=len(order) - 1, max_size=len(order) - 1))
    cuts[draw(st.integers(0, len(cuts) - 1))] = True
    groups: list[list[str]] = [[order[0]]]
    for label, cut in zip(order[1:], cuts, strict=True):
        if cut:
            groups.append([label])
        else:
            groups[-1].append(label)
    return [group[0] if len(group) == 1 else group for group in groups]


def places(ranked: list[Any]) -> dict[str, int]:
    return {x: i for i, e in enumerate(ranked) for x in (e if isinstance(e, list) else [e])}


@st.composite
def items(draw: st.DrawFn) -> tuple[Question, object, object]:
    """A valid question of any type, its perfect response, and an arbitrary plausible one."""
    kind = draw(
        st.sampled_from(
            [
                "single_choice",
                "multiple_choice",
                "true_false",
                "ranking",
                "preference",
                "rating",
                "claim_check",
                "free_text",
            ]
        )
    )
    keys = st.sampled_from("abcdef")
    if kind == "single_choice":
        answer = draw(keys)
        options = {k: f"option {k}" for k in sorted({answer, "a", "b"})}
        return make(type=kind, options=options, answer=answer), answer, draw(keys)
    if kind == "multiple_choice":
        chosen = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
        scoring = draw(st.sampled_from(["f1", "all_or_nothing", "right_minus_wrong"]))
        question = make(type=kind, options={k: k for k in "abcdef"}, answer=chosen, scoring=scoring)
        return question, set(chosen), draw(st.lists(keys | st.text(max_size=2), max_size=6))
    if kind == "true_false":
        answer = draw(st.booleans())
        return make(type=kind, answer=answer), answer, draw(st.booleans())
    if kind == "ranking":
        labels = LABELS[: draw(st.integers(3, 6))]
        key = draw(rankings(labels))
        at = places(key)
        ordered = [[x, y] for x in labels for y in labels if at[x] < at[y]]
        critical = draw(st.lists(st.sampled_from(ordered), max_size=2))
        panel = [key] * draw(st.integers(2, 4)) if draw(st.booleans()) else None
        question = ranking(None if panel else key, panel, critical, labels)
        learner = draw(rankings(labels + "XY") | st.lists(st.sampled_from(labels), unique=True))
        return question, key, learner
    if kind == "preference":
        scale = draw(st.sampled_from([3, 5, 7]))
        answer = draw(st.integers(-(scale // 2), scale // 2))
        table = draw(st.none() | st.lists(st.floats(0, 1), max_size=4).map(lambda t: [1.0, *t]))
        fields = {"panel": [answer] * 3} if draw(st.booleans()) else {}
        question = preference(answer, scale=scale, credit=table, **fields)
        return question, answer, draw(st.integers(-5, 5))
    if kind == "rating":
        low = draw(st.integers(-5, 3))
        high = draw(st.integers(low + 1, low + 6))
        dims = [f"h{i}" for i in range(draw(st.integers(1, 4)))]
        values = st.integers(low, high)
        band = st.tuples(values, values).map(sorted)
        key = {d: draw(values | band) for d in dims}
        question = make(
            type=kind,
            scale={"min": low, "max": high},
            dimensions={d: d for d in dims},
            answer=key,
            tolerance=draw(st.integers(0, 5)),
        )
        perfect = {d: v[-1] if isinstance(v, list) else v for d, v in key.items()}
        return question, perfect, draw(st.dictionaries(st.sampled_from(dims), st.integers(-9, 9)))
    if kind == "claim_check":
        default = ["supported", "refuted", "not_enough_info"]
        labels = draw(st.sampled_from([default, ["yes_", "no_"]]))
        claims = [f"c{i}" for i in range(1, draw(st.integers(1, 5)) + 1)]
        key = {c: draw(st.sampled_from(labels)) for c in claims}
        question = make(type=kind, claims={c: c for c in claims}, labels=labels, answer=key)
        learner = draw(st.dictionaries(st.sampled_from(claims), st.sampled_from([*labels, "x"])))
        return question, key, learner
    words = st.text("abcdefghij", min_size=2, max_size=6)
    rubric = [draw(st.lists(words, min_size=1, max_size=3)) for _ in range(draw(st.integers(1, 4)))]
    as_entry = draw(st.booleans())
    entries = [[f"/{w}/" if as_entry else w.upper() for w in point] for point in rubric]
    min_words = draw(st.integers(0, 30))
    question = make(
        type=kind,
        model_answer="m",
        min_words=min_words,
        rubric=[{"point": f"p{i}", "any_of": e} for i, e in enumerate(entries)],
    )
    perfect = " ".join([point[0] for point in rubric] + ["pad"] * min_words)
    return question, perfect, draw(st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(items())
def test_perfect_answer_earns_full_credit(item: tuple[Question, object, object]) -> None:
    question, perfect, _ = item
    assert score(question, perfect).credit == 1.0


@settings(max_examples=300, deadline=None)
@given(items(), garbage, st.booleans())
def test_credit_always_in_unit_interval(
    item: tuple[Question, object, object], junk: object, use_junk: bool
) -> None:
    question, _, plausible = item
    result = score(question, junk if use_junk else plausible)
    assert 0.0 <= result.credit <= 1.0
    assert all(0.0 <= part <= 1.0 for _, part in result.parts)


@given(st.integers(3, 6).flatmap(lambda n: rankings(LABELS[:n], ties=False)))
def test_reversed_ranking_earns_zero(key: list[str]) -> None:
    assert credit(ranking(key, labels="".join(key)), key[::-1]) == 0.0


@given(st.data())
def test_relabelling_leaves_ranking_credit_unchanged(data: st.DataObject) -> None:
    labels = LABELS[: data.draw(st.integers(3, 6))]
    key, learner = data.draw(rankings(labels)), data.draw(rankings(labels))
    new = dict(zip(labels, data.draw(st.permutations(labels)), strict=True))

    def rename(ranked: list[Any]) -> list[Any]:
        return [[new[x] for x in e] if isinstance(e, list) else new[e] for e in ranked]

    before = credit(ranking(key, labels=labels), learner)
    after = credit(ranking(rename(key), labels=labels), rename(learner))
    assert after == pytest.approx(before)


@given(st.data())
def test_ranking_without_ties_is_rescaled_kendall_tau(data: st.DataObject) -> None:
    labels = LABELS[: data.draw(st.integers(3, 6))]
    key, learner = data.draw(rankings(labels, False)), data.draw(rankings(labels, False))
    tau = kendalltau([key.index(x) for x in labels], [learner.index(x) for x in labels]).statistic
    assert credit(ranking(key, labels=labels), learner) == pytest.approx((tau + 1) / 2)
