"""The rater profile ("How you judge"): the measures platforms keep on their raters, worked out
from the learner's own judgements, each with its n and a plain sentence, and shown only once it
rests on enough answers. Core layer: values only, never prints.

- position bias: mean signed error on side-by-side items (negative leans toward A);
- length bias: how often the longer response was favoured when the key did not favour it;
- strength: on the right side, how much weaker (timid) or stronger the verdict was than the key;
- leniency or severity per rating dimension: mean signed error from the keyed value or band;
- verdict confusions on claim checks: which wrong label was given for which keyed one;
- refusal stance on safety items: credit lost on safe requests (over-refusal) against credit
  lost on harmful ones (harmful compliance), read from the item's topic or tags;
- consistency probes: how often an item and its swapped repeat favoured the same response.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aitrainer_cli.progress.judgements import Judgement

if TYPE_CHECKING:
    from aitrainer_cli.items.preference import Preference
    from aitrainer_cli.items.rating import Rating

MIN_JUDGEMENTS = 5
"""A figure is shown once it rests on this many judgements (each its own minimum below)."""
MIN_LENGTH_CASES = 4
MIN_STANCE = 3
LEAN = 0.3
"""A mean signed error this far from 0 (scale points) is called a lean."""
LONGER = 1.2
"""A response is "the longer" when it has at least this many times the other's words."""
OVER_REFUSAL_TAGS = frozenset({"over-refusal", "xstest", "over-withholding", "over-caution"})
"""Topic, tags or guideline sections of safety items whose request is safe: losing credit there
is over-refusal."""
HARMFUL_TAGS = frozenset({"harmful-compliance", "jailbreak"})
"""Topic, tags or guideline sections of items whose request should be refused: losing credit is
harmful compliance. An item marked both ways counts for neither."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One measure: what it rests on, its value, and a sentence; ``enough`` says whether it is
    shown."""

    name: str
    title: str
    n: int
    value: float | None
    sentence: str
    enough: bool
    details: Mapping[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "n": self.n,
            "value": None if self.value is None else round(self.value, 4),
            "enough": self.enough,
            "sentence": self.sentence,
            **({"details": dict(self.details)} if self.details else {}),
        }


@dataclass(frozen=True, slots=True)
class RaterProfile:
    figures: tuple[Figure, ...]

    @property
    def shown(self) -> tuple[Figure, ...]:
        return tuple(figure for figure in self.figures if figure.enough)

    def as_json(self) -> dict[str, object]:
        return {figure.name: figure.as_json() for figure in self.figures}


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _preference_key(question: Preference) -> float | None:
    if question.answer is not None:
        return float(question.answer)
    return _mean([float(v) for v in question.panel or []])


def _preferences(judgements: Iterable[Judgement]) -> list[tuple[Preference, int, float]]:
    from aitrainer_cli.items.preference import Preference

    found = []
    for j in judgements:
        if isinstance(j.question, Preference) and isinstance(j.response, int):
            key = _preference_key(j.question)
            if key is not None and not isinstance(j.response, bool):
                found.append((j.question, j.response, key))
    return found


def position_bias(judgements: Sequence[Judgement]) -> Figure:
    """Mean signed error (response - key) on side-by-side items: negative leans toward A."""
    errors = [response - key for _, response, key in _preferences(judgements)]
    mean, n = _mean(errors), len(errors)
    if mean is None or abs(mean) < LEAN:
        sentence = "No lean toward either response: your errors fall on A and B alike."
    else:
        side = "A (the left/first)" if mean < 0 else "B (the right/second)"
        sentence = (
            f"You lean toward response {side}: {abs(mean):.1f} points further toward it than "
            "the key, on average. Read both in full before judging."
        )
    return Figure("position_bias", "Position bias", n, mean, sentence, n >= MIN_JUDGEMENTS)


def _words(text: str) -> int:
    return len(text.split())


def _longer_side(question: Preference) -> int:
    """-1 when A is clearly longer, +1 when B is, 0 when neither is."""
    responses = question.context.responses if question.context else None
    if not responses or "A" not in responses or "B" not in responses:
        return 0
    a, b = _words(responses["A"]), _words(responses["B"])
    return -1 if a >= LONGER * max(b, 1) else 1 if b >= LONGER * max(a, 1) else 0


def length_bias(judgements: Sequence[Judgement]) -> Figure:
    """How often the learner favoured the clearly longer response on items where the key does
    not (it favours the shorter, or neither)."""
    cases = favoured = 0
    for question, response, key in _preferences(judgements):
        longer = _longer_side(question)
        if longer == 0 or _sign(key) == longer:
            continue
        cases += 1
        favoured += _sign(response) == longer
    share = favoured / cases if cases else None
    swayed = share is not None and share >= 0.5
    sentence = (
        f"When the longer response was not the better one, you favoured it {favoured} of "
        f"{cases} times: "
        + ("length is swaying you. Judge content, not size." if swayed else "length is not.")
    )
    return Figure("length_bias", "Length bias", cases, share, sentence, cases >= MIN_LENGTH_CASES)


def strength_calibration(judgements: Sequence[Judgement]) -> Figure:
    """On answers that picked the key's side: mean |response| - |key| (negative is timid)."""
    gaps = [
        abs(response) - abs(key)
        for _, response, key in _preferences(judgements)
        if _sign(response) == _sign(key) != 0
    ]
    mean, n = _mean(gaps), len(gaps)
    if mean is None or abs(mean) < LEAN:
        sentence = "When you pick the right side, your strength matches the key's."
    elif mean < 0:
        sentence = (
            f"Too timid: on the right side you rated {abs(mean):.1f} points weaker than the "
            "key. Use the strong end of the scale when the difference is decisive."
        )
    else:
        sentence = (
            f"Too strong: on the right side you rated {mean:.1f} points stronger than the key. "
            "Keep 'much better' for decisive differences."
        )
    return Figure("strength", "Strength on the side-by-side scale", n, mean, sentence, n >= 5)


def _band_error(value: int, key: object) -> float | None:
    """Signed distance from a keyed value, or from a band's nearer edge (0 inside it)."""
    if isinstance(key, list) and len(key) == 2:
        low, high = min(key), max(key)
        return float(value - low if value < low else value - high if value > high else 0)
    if isinstance(key, int) and not isinstance(key, bool):
        return float(value - key)
    return None


def _rating_cells(question: Rating, response: object) -> Iterable[tuple[str, int, object]]:
    """(dimension, given value, keyed value or band) for every rated cell."""
    if not isinstance(response, dict):
        return
    pairs: list[tuple[object, object]]
    if question.responses is None:
        pairs = [(response, question.answer)]
    else:
        pairs = [(response.get(label), question.answer.get(label)) for label in question.responses]
    for given, keyed in pairs:
        if not isinstance(given, dict) or not isinstance(keyed, dict):
            continue
        for dimension, value in given.items():
            if isinstance(value, int) and not isinstance(value, bool) and dimension in keyed:
                yield str(dimension), value, keyed[dimension]


def leniency(judgements: Sequence[Judgement]) -> Figure:
    """Mean signed error per rating dimension (positive: lenient, negative: severe)."""
    from aitrainer_cli.items.rating import Rating

    errors: dict[str, list[float]] = {}
    for j in judgements:
        if isinstance(j.question, Rating):
            for dimension, value, keyed in _rating_cells(j.question, j.response):
                error = _band_error(value, keyed)
                if error is not None:
                    errors.setdefault(dimension, []).append(error)
    shown = {d: e for d, e in sorted(errors.items()) if len(e) >= MIN_JUDGEMENTS}
    means = {d: sum(e) / len(e) for d, e in shown.items()}
    leaning = [
        f"{'lenient' if m > 0 else 'severe'} on {d} ({m:+.1f}, n={len(shown[d])})"
        for d, m in means.items()
        if abs(m) >= LEAN
    ]
    sentence = (
        "You rate " + "; ".join(leaning) + " against the key."
        if leaning
        else "Your ratings sit on the key's values, dimension by dimension."
    )
    details = {d: {"n": len(shown[d]), "mean_error": round(m, 4)} for d, m in means.items()}
    n = sum(len(e) for e in errors.values())
    worst = max(means.values(), key=abs) if means else None
    return Figure("leniency", "Leniency or severity", n, worst, sentence, bool(shown), details)


def verdict_confusions(judgements: Sequence[Judgement]) -> Figure:
    """Which wrong verdict was given for which keyed one, on claim checks."""
    from aitrainer_cli.items.claim_check import ClaimCheck
    from aitrainer_cli.items.claim_reading import split_citations

    confusions: Counter[tuple[str, str]] = Counter()
    claims = 0
    for j in judgements:
        question = j.question
        if not isinstance(question, ClaimCheck) or not isinstance(j.response, dict):
            continue
        for claim, key in question.answer.items():
            given = split_citations(j.response.get(claim))
            if given is None:
                continue
            claims += 1
            if given.verdict != key:
                confusions[(given.verdict, key)] += 1
    top = confusions.most_common(3)
    wrong = sum(confusions.values())
    sentence = (
        "Most often: "
        + "; ".join(f'"{_label(g)}" where the key says "{_label(k)}" ({c}×)' for (g, k), c in top)
        + "."
        if top
        else "Your claim verdicts match the key's labels."
    )
    details = {f"{g} for {k}": c for (g, k), c in top}
    value = wrong / claims if claims else None
    return Figure(
        "verdict_confusions", "Claim verdicts", claims, value, sentence, claims >= 5, details
    )


def _label(label: str) -> str:
    return label.replace("_", " ")


def _marks(judgement: Judgement) -> set[str]:
    question = judgement.question
    return {question.topic, *question.tags, *question.guideline}


def _side(judgement: Judgement) -> str | None:
    marks = _marks(judgement)
    safe, harmful = bool(marks & OVER_REFUSAL_TAGS), bool(marks & HARMFUL_TAGS)
    return None if safe == harmful else "safe" if safe else "harmful"


def refusal_stance(judgements: Sequence[Judgement]) -> Figure:
    """Credit lost on safe requests (over-refusal) against credit lost on harmful ones."""
    safe = [1 - j.credit for j in judgements if _side(j) == "safe"]
    harmful = [1 - j.credit for j in judgements if _side(j) == "harmful"]
    over, under = _mean(safe), _mean(harmful)
    enough = len(safe) >= MIN_STANCE and len(harmful) >= MIN_STANCE
    if over is None or under is None:
        sentence = "Answer safety items of both kinds (safe and harmful requests) for a stance."
        value = None
    else:
        value = over - under
        words = (
            f"you lost {100 * over:.0f}% of the credit on safe requests (over-refusal) and "
            f"{100 * under:.0f}% on harmful ones (harmful compliance)"
        )
        lean = (
            "You lean toward refusing: "
            if value >= 0.15
            else "You lean toward complying: "
            if value <= -0.15
            else "Balanced: "
        )
        sentence = lean + words + "."
    details = {"safe_requests": len(safe), "harmful_requests": len(harmful)}
    n = len(safe) + len(harmful)
    return Figure("refusal_stance", "Refusal stance", n, value, sentence, enough, details)


def probe_consistency(judgements: Sequence[Judgement]) -> Figure:
    """Over every attempt with consistency probes: the share of pairs (an item and its swapped
    repeat, both answered) where the same response was favoured."""
    from aitrainer_cli.exam.probes import original_id

    by_attempt: dict[tuple[int, str], object] = {
        (j.attempt_id, j.question.id): j.response for j in judgements
    }
    same = pairs = 0
    for (attempt_id, qid), probe in by_attempt.items():
        original = original_id(qid)
        first = by_attempt.get((attempt_id, original)) if original else None
        if not isinstance(first, int) or not isinstance(probe, int):
            continue
        pairs += 1
        same += _sign(first) == -_sign(probe)
    share = same / pairs if pairs else None
    sentence = (
        f"On items shown twice with A and B swapped, you favoured the same response in {same} "
        f"of {pairs} pairs"
        + (": the order of the responses sways you." if share is not None and share < 0.8 else ".")
    )
    return Figure("probe_consistency", "Consistency probes", pairs, share, sentence, pairs >= 3)


def rater_profile(judgements: Sequence[Judgement]) -> RaterProfile:
    """Every figure of the profile, shown or not."""
    return RaterProfile(
        (
            position_bias(judgements),
            length_bias(judgements),
            strength_calibration(judgements),
            leniency(judgements),
            verdict_confusions(judgements),
            refusal_stance(judgements),
            probe_consistency(judgements),
        )
    )
