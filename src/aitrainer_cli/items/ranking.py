"""``ranking``: order 3-6 responses best first; ties allowed; critical pairs must hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import ResponseLabel
from aitrainer_cli.banks.problems import Path, Problem
from aitrainer_cli.items.base import (
    MALFORMED,
    NO_KEY,
    Letters,
    QuestionBase,
    Score,
    mean,
    panel_parts,
)
from aitrainer_cli.items.mistakes import MistakePatternError, MistakeTest
from aitrainer_cli.items.panel_best import best_ranking_mean, normalised, panel_note
from aitrainer_cli.items.rank_order import RankEntry, RankOrder
from aitrainer_cli.items.reading import AnswerFormatError


def _agreement(key: RankOrder, learner: RankOrder) -> float:
    """Share of the pairs the key orders that the learner orders the same way (a tie is half)."""
    places = key.places()
    labels = list(places)
    agreed, pairs = 0.0, 0
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            if places[first] == places[second]:
                continue
            high, low = (first, second) if places[first] < places[second] else (second, first)
            pairs += 1
            mine_high, mine_low = learner.place_of(high), learner.place_of(low)
            agreed += 1.0 if mine_high < mine_low else 0.5 if mine_high == mine_low else 0.0
    return agreed / pairs if pairs else 0.0


def _strict_agreement(key: tuple[tuple[str, ...], ...], order: tuple[str, ...]) -> float:
    return _agreement(RankOrder(key), RankOrder(tuple((label,) for label in order)))


MAX_EXACT_LABELS = 7
"""Up to this many responses the best answer to a panel is found over every order."""


class Ranking(QuestionBase):
    """Order 3-6 responses best first; ties as nested lists; critical pairs must hold."""

    title: ClassVar[str] = "Rank the responses"
    scenario: ClassVar[bool] = True

    type: Literal["ranking"]
    answer: list[RankEntry] | None = Field(default=None, min_length=1)
    panel: list[list[RankEntry]] | None = Field(default=None, min_length=2, max_length=12)
    critical_pairs: list[Annotated[list[ResponseLabel], Field(min_length=2, max_length=2)]] = Field(
        default_factory=list
    )

    # -- checks -------------------------------------------------------------------------------

    def keys(self) -> list[tuple[Path, RankOrder]]:
        """The key, or each expert's ranking, with where it stands in the file."""
        keyed: list[tuple[Path, list[RankEntry]]] = (
            [(("answer",), self.answer)] if self.answer is not None else []
        )
        keyed += [(("panel", i), ranking) for i, ranking in enumerate(self.panel or [])]
        return [(path, RankOrder.parse(value) or RankOrder(())) for path, value in keyed]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        labels = self.response_labels()
        if not 3 <= len(labels) <= 6:
            yield Problem(
                ("context", "responses") if labels else ("type",),
                Code.RESPONSES_NEEDED,
                f"a ranking needs 3 to 6 labelled responses in context.responses, found "
                f"{len(labels)}",
            )
        if (self.answer is None) == (self.panel is None):
            yield Problem(("answer",), Code.KEY_NEEDED, "give exactly one of 'answer' or 'panel'")
        for path, value in [(("answer",), self.answer), *self._panel_paths()]:
            if value is not None:
                yield from self._order_problems(path, value, labels)
        yield from self._pair_problems(labels)

    def _panel_paths(self) -> list[tuple[Path, list[RankEntry] | None]]:
        return [(("panel", i), ranking) for i, ranking in enumerate(self.panel or [])]

    def _order_problems(
        self, path: Path, ranking: list[RankEntry], labels: set[str]
    ) -> Iterator[Problem]:
        order = [label for e in ranking for label in (e if isinstance(e, list) else [e])]
        if labels and sorted(order) != sorted(labels):
            yield Problem(
                path,
                Code.NOT_A_PERMUTATION,
                f"the ranking {' '.join(order)} must list each response exactly once "
                f"({' '.join(sorted(labels))})",
            )
        if all(isinstance(entry, list) for entry in ranking) and len(ranking) == 1:
            yield Problem(path, Code.ALL_TIED, "a ranking that ties every response ranks nothing")

    def _pair_problems(self, labels: set[str]) -> Iterator[Problem]:
        key = RankOrder.parse(self.answer) if self.answer is not None else None
        for i, pair in enumerate(self.critical_pairs):
            if (labels and not set(pair) <= labels) or pair[0] == pair[1]:
                yield Problem(
                    ("critical_pairs", i),
                    Code.UNKNOWN_RESPONSE,
                    "a critical pair names two different responses of context.responses",
                )
            elif key is not None:
                places = key.places()
                if places.get(pair[0], 0) >= places.get(pair[1], 0):
                    yield Problem(
                        ("critical_pairs", i),
                        Code.CRITICAL_PAIR_CONTRADICTS_KEY,
                        f"the key does not rank {pair[0]} above {pair[1]}",
                    )

    # -- scoring ------------------------------------------------------------------------------

    def best_panel_mean(self) -> float:
        """The highest mean agreement with the panel any order of the responses earns (1 for a
        single key): the panel's best answer earns full credit."""
        labels = sorted(self.response_labels()) or sorted(
            {label for _, key in self.keys() for label in key.labels()}
        )
        if self.panel is None or len(labels) > MAX_EXACT_LABELS:
            return 1.0
        panel = tuple(key.groups for _, key in self.keys())
        critical = tuple((high, low) for high, low in self.critical_pairs)
        return best_ranking_mean(panel, tuple(labels), critical, _strict_agreement)

    def complete(self, response: object) -> bool:
        """Finished once every response has a place; the places given so far are kept as a
        partial answer."""
        order = RankOrder.parse(response)
        return order is not None and set(self.response_labels()) <= set(order.labels())

    def score(self, response: object) -> Score:
        """Pairwise agreement with the key (or mean over the panel, as a share of the best
        achievable mean); a broken critical pair gives 0."""
        learner = RankOrder.parse(response)
        if learner is None:
            return MALFORMED
        keys = [order for _, order in self.keys()]
        if not any(key.groups for key in keys):
            return NO_KEY
        if not set(learner.labels()) & {label for key in keys for label in key.labels()}:
            return Score(0.0, note="no response was ranked")
        credits = [_agreement(key, learner) for key in keys]
        parts = panel_parts(credits) if self.answer is None else ()
        for high, low in self.critical_pairs:
            if learner.place_of(high) >= learner.place_of(low):
                return Score(
                    0.0,
                    parts,
                    f"{high} must rank above {low} (a pair the key insists on), and your order "
                    "does not put it there: no credit",
                )
        if self.answer is not None:
            return Score(mean(credits), parts)
        best = self.best_panel_mean()
        return Score(normalised(mean(credits), best), parts, panel_note(mean(credits), best))

    # -- reading ------------------------------------------------------------------------------

    def example(self, tie: bool = False) -> str:
        """'B A C' (or 'B > A = C' with ``tie``) from the item's labels."""
        labels = sorted(self.response_labels()) or ["A", "B", "C"]
        # Out of alphabetical order, so the example cannot be read as a suggested answer.
        order = [*labels[1:2], *labels[:1], *labels[2:]]
        if not tie or len(order) < 3:
            return " ".join(order)
        return " > ".join([order[0], f"{order[1]} = {order[2]}", *order[3:]])

    def groups_in(self, text: str) -> list[list[str]]:
        """'B > A = C' -> [[B], [A, C]]: labels are single letters and '=' ties its neighbours."""
        groups: list[list[str]] = []
        joining = False
        dangling = AnswerFormatError(
            f"= ties the labels either side of it: type e.g. {self.example(tie=True)}"
        )
        for char in text.upper():
            if char == "=":
                if not groups or joining:
                    raise dangling
                joining = True
            elif char.isalpha():
                if joining:
                    groups[-1].append(char)
                else:
                    groups.append([char])
                joining = False
            elif not (char.isspace() or char in ">,;"):
                raise AnswerFormatError(
                    f"{char!r} cannot be read in a ranking: type the labels "
                    f"best first, e.g. {self.example()}"
                )
        if joining:
            raise dangling
        return groups

    def read_groups(self, groups: Sequence[Sequence[str]]) -> list[RankEntry]:
        """Check best-first tie groups: every label once, but one left out is implied last."""
        labels = sorted(self.response_labels())
        need, example = f"rank all of {', '.join(labels)}", self.example()
        seen: list[str] = []
        for label in (label for group in groups for label in group):
            if label not in labels:
                raise AnswerFormatError(f"{need}: {label} is not a response; type e.g. {example}")
            if label in seen:
                raise AnswerFormatError(f"{need}: {label} is ranked twice; type e.g. {example}")
            seen.append(label)
        missing = [label for label in labels if label not in seen]
        if len(missing) == 1 and seen:
            groups = [*groups, missing]
        elif missing:
            names = " and ".join(
                [", ".join(missing[:-1]), missing[-1]] if missing[:-1] else missing
            )
            verb = "is" if len(missing) == 1 else "are"
            raise AnswerFormatError(f"{need}: {names} {verb} missing; type e.g. {example}")
        return RankOrder.from_groups(groups).entries()

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.read_groups(self.groups_in(text))

    def left_out(self, text: str) -> str | None:
        """What a typed order leaves out, said as a request (``D is missing: …``); None when it
        names every response (or cannot be read). An answers file may leave the last one out
        (it is implied last); a learner typing at a prompt is asked for it instead."""
        try:
            typed = {label for group in self.groups_in(text) for label in group}
        except AnswerFormatError:
            return None
        missing = sorted(self.response_labels() - typed)
        if not missing or not typed:
            return None
        names = ", ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        return f"{names} {verb} missing: rank all of {', '.join(sorted(self.response_labels()))}"

    def read_value(self, value: object) -> object:
        if isinstance(value, list):
            groups = [entry if isinstance(entry, list) else [entry] for entry in value]
            if all(group and all(isinstance(label, str) for label in group) for group in groups):
                return self.read_groups([[label.strip().upper() for label in g] for g in groups])
        return super().read_value(value)

    def answer_hint(self) -> str:
        return f"the labels best first, e.g. {self.example()} (= for a tie)"

    def file_form(self) -> str:
        order = self.example().split()
        example = ", ".join([order[0], f"[{', '.join(order[1:3])}]", *order[3:]])
        return f"the labels best first, e.g. [{example}] (a nested list is a tie)"

    # -- words --------------------------------------------------------------------------------

    def describe(self, response: object, letters: Letters | None) -> str | None:
        order = RankOrder.parse(response)
        if order is None or not order.groups or not all(order.groups):
            return None
        return order.text()

    def key_text(self, letters: Letters | None = None) -> str:
        if self.answer is not None:
            return _key_words(self.answer)
        return "panel: " + " | ".join(_key_words(r) for r in self.panel or [])

    def best_responses(self) -> list[str]:
        order = RankOrder.parse(self.answer) if self.answer is not None else None
        return list(order.groups[0]) if order and order.groups else []

    def keyed_response(self) -> object:
        return self.answer

    def mistake_test(self, pattern: str) -> MistakeTest:
        """``X above Y`` (X placed strictly above Y), ``X first`` (X in the top place, ties
        included) or ``X last`` (X in the bottom place)."""
        words = pattern.split()
        labels = self.response_labels()
        named = [w for i, w in enumerate(words) if i != 1]
        shape = (len(words) == 3 and words[1] == "above") or (
            len(words) == 2 and words[1] in ("first", "last")
        )
        if not shape:
            raise MistakePatternError("write X above Y, X first or X last (X, Y: response labels)")
        for label in named:
            if labels and label not in labels:
                raise MistakePatternError(
                    f"{label!r} is not a response ({', '.join(sorted(labels))})"
                )
        if words[1] == "above":
            upper, lower = words[0], words[2]
            if upper == lower:
                raise MistakePatternError("X above Y needs two different responses")
            return lambda response: _holds(
                response, lambda o: o.place_of(upper) < o.place_of(lower)
            )
        label = words[0]
        if words[1] == "first":
            return lambda response: _holds(response, lambda o: o.place_of(label) == 0)
        # a label left out of a partial ranking shares the place after the last
        return lambda response: _holds(response, lambda o: o.place_of(label) >= len(o.groups) - 1)

    def panel_judgements(self) -> list[object] | None:
        return None if self.panel is None else list(self.panel)


def _key_words(ranking: list[RankEntry]) -> str:
    return " > ".join("=".join(e) if isinstance(e, list) else e for e in ranking)


def _holds(response: object, test: Callable[[RankOrder], bool]) -> bool:
    """Whether a ranking response passes the test (False for anything else)."""
    order = RankOrder.parse(response)
    return order is not None and bool(order.groups) and test(order)
