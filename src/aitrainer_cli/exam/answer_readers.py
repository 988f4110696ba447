"""The rules of each item type's answer, shared by typed answers and answers-file values.

Each reader takes an answer already split into parts and returns the canonical response that
``exam.scoring`` scores, or raises ``AnswerFormatError`` saying what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TypeGuard

from aitrainer_cli.banks.items import (
    MultipleChoice,
    Preference,
    RankEntry,
    Ranking,
    SingleChoice,
)
from aitrainer_cli.banks.rated_items import ClaimCheck, Rating


class AnswerFormatError(ValueError):
    """An answer that cannot be read; the message says what was wrong and what to type."""


TRUE_WORDS, FALSE_WORDS = {"true", "t", "yes", "y"}, {"false", "f", "no", "n"}
_INT = re.compile(r"[+-]?\d+")
# Word processors turn "-2" into "−2" or "–2"; a pasted scale value should still read.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_SEPARATORS = re.compile(r"[\s,;]+")
Pairs = list[tuple[str | None, object]]
"""(name, or None when given by position; value) for rating and claim-check answers."""


def is_int(value: object) -> TypeGuard[int]:
    """An int that is not a bool (YAML's true is no scale point)."""
    return isinstance(value, int) and not isinstance(value, bool)


def words(text: str) -> list[str]:
    """Text split at spaces, commas and semicolons."""
    return [word for word in _SEPARATORS.split(text.strip()) if word]


def shown_letters(
    question: SingleChoice | MultipleChoice, letters: Mapping[str, str] | None
) -> dict[str, str]:
    """Option key -> what the learner types for it: its display letter, or the key itself."""
    return {key: (letters or {}).get(key, key) for key in question.options}


def _span(shown: Sequence[str]) -> str:
    """'a–d' for a run of consecutive letters, else the list."""
    ordered = sorted(shown)
    if (
        len(ordered) > 2
        and all(len(s) == 1 for s in ordered)
        and (ord(ordered[-1]) - ord(ordered[0]) == len(ordered) - 1)
    ):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(ordered)


def read_choices(
    question: SingleChoice | MultipleChoice,
    tokens: Sequence[str],
    letters: Mapping[str, str] | None,
) -> list[str]:
    """Option keys named by tokens, in option order; a token like 'ac' names two options."""
    shown = shown_letters(question, letters)
    exact = {text: key for key, text in shown.items()}
    folded = {text.casefold(): key for key, text in shown.items()}
    single = isinstance(question, SingleChoice)
    wanted = (
        f"one letter, {_span(list(shown.values()))}"
        if single
        else (f"letters from {_span(list(shown.values()))}, e.g. a c")
    )
    chosen: list[str] = []
    for token in (t.strip("().") for t in tokens):
        whole = exact.get(token, folded.get(token.casefold()))
        parts = [whole] if whole else [exact.get(c, folded.get(c.casefold())) for c in token]
        keys = [key for key in parts if key is not None]
        if not token or len(keys) != len(parts):
            raise AnswerFormatError(f"{token!r} is not an option: type {wanted}")
        for key in keys:
            if key in chosen:
                raise AnswerFormatError(f"{shown[key]} is chosen twice: type each letter once")
            chosen.append(key)
    if not chosen or single and len(chosen) > 1:
        raise AnswerFormatError(
            f"choose {'only one option' if chosen else 'an option'}: type {wanted}"
        )
    return [key for key in question.options if key in chosen]


def rank_example(question: Ranking, tie: bool = False) -> str:
    """'B A C' (or 'B > A = C' with ``tie``) from the question's labels."""
    labels = sorted(question.response_labels()) or ["A", "B", "C"]
    # Out of alphabetical order, so the example cannot be read as a suggested answer.
    order = [*labels[1:2], *labels[:1], *labels[2:]]
    if not tie or len(order) < 3:
        return " ".join(order)
    return " > ".join([order[0], f"{order[1]} = {order[2]}", *order[3:]])


def rank_groups(question: Ranking, text: str) -> list[list[str]]:
    """'B > A = C' -> [[B], [A, C]]: labels are single letters and '=' ties its neighbours."""
    groups: list[list[str]] = []
    joining = False
    dangling = AnswerFormatError(
        f"= ties the labels either side of it: type e.g. {rank_example(question, tie=True)}"
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
                f"best first, e.g. {rank_example(question)}"
            )
    if joining:
        raise dangling
    return groups


def read_ranking(question: Ranking, groups: Sequence[Sequence[str]]) -> list[RankEntry]:
    """Check best-first tie groups: every label once, but one left out is implied last."""
    labels = sorted(question.response_labels())
    need, example = f"rank all of {', '.join(labels)}", rank_example(question)
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
        names = " and ".join([", ".join(missing[:-1]), missing[-1]] if missing[:-1] else missing)
        verb = "is" if len(missing) == 1 else "are"
        raise AnswerFormatError(f"{need}: {names} {verb} missing; type e.g. {example}")
    return [group[0] if len(group) == 1 else list(group) for group in groups]


def _number(raw: object, low: int, high: int, problem: str, advice: str) -> int:
    """A whole number in [low, high] given as an int or as text."""
    if isinstance(raw, str) and _INT.fullmatch(raw.strip().translate(_MINUS)):
        raw = int(raw.strip().translate(_MINUS))
    shown = repr(raw.strip()) if isinstance(raw, str) else repr(raw)
    if not is_int(raw):
        raise AnswerFormatError(f"{shown} is not a whole number{problem}: {advice}")
    if not low <= raw <= high:
        raise AnswerFormatError(f"{raw} is off the scale{problem}: {advice}")
    return raw


def read_preference(question: Preference, raw: object) -> int:
    """A scale point, -scale//2 (A much better) to +scale//2 (B much better)."""
    half = question.scale // 2
    advice = (
        f"type a number from -{half} ({question.label(-half)}) to +{half} ({question.label(half)})"
    )
    return _number(raw, -half, half, "", advice)


def typed_pairs(text: str) -> Pairs:
    """'a=4 b=5' or 'a: 4, b: 5' -> named pairs; '4 5' -> positional ones."""
    pairs: Pairs = []
    for word in words(re.sub(r"\s*[=:]\s*", "=", text)):
        name, equals, value = word.partition("=")
        pairs.append((name, value) if equals else (None, word))
    return pairs


def _fold(name: str) -> str:
    """Case, '-' and spaces do not matter: 'Not-enough info' is not_enough_info."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def _initials(name: str) -> str:
    return "".join(part[:1] for part in name.split("_")) if "_" in name else ""


def _pick(token: str, names: Sequence[str], what: str) -> str:
    """The name a token means: exact, else a unique prefix, else unique initials ('nei')."""
    word = _fold(token)
    exact = [name for name in names if _fold(name) == word]
    if exact:
        return exact[0]
    for matches in (
        [name for name in names if word and _fold(name).startswith(word)],
        [name for name in names if word and _initials(_fold(name)) == word],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AnswerFormatError(
                f"{token.strip()!r} could be {' or '.join(matches)}: type more letters"
            )
    raise AnswerFormatError(f"{token.strip()!r} is not a {what}: type one of {_abbreviated(names)}")


def shortest_prefix(name: str, names: Sequence[str]) -> str:
    """The shortest prefix of name that ``_pick`` reads as name."""
    others = [_fold(n) for n in names if n != name]
    for size in range(1, len(name)):
        if not any(other.startswith(_fold(name[:size])) for other in others):
            return name[:size]
    return name


def _abbreviated(names: Sequence[str]) -> str:
    return ", ".join(f"{n} ({s})" if (s := shortest_prefix(n, names)) != n else n for n in names)


def _named(pairs: Pairs, names: Sequence[str], what: str, unit: str) -> list[tuple[str, object]]:
    """Pairs resolved to names in ``names`` order: all by position, or all by name, each once."""
    listed = " ".join(names)
    if all(name is None for name, _ in pairs):
        if len(pairs) != len(names):
            raise AnswerFormatError(
                f"give one {what} per {unit}, in order ({listed}): "
                f"you gave {len(pairs)} of {len(names)}"
            )
        return list(zip(names, (value for _, value in pairs), strict=True))
    if any(name is None for name, _ in pairs):
        raise AnswerFormatError(
            f"name every {unit} or none: type {names[0]}=… for each, "
            f"or just the {what}s in order ({listed})"
        )
    resolved = [(_pick(str(name), names, unit), value) for name, value in pairs]
    given = [name for name, _ in resolved]
    for name in names:
        if given.count(name) != 1:
            problem = "is missing" if name not in given else "is given twice"
            raise AnswerFormatError(
                f"{unit} {name} {problem}: give one {what} for each of {listed}"
            )
    return sorted(resolved, key=lambda pair: names.index(pair[0]))


def read_rating(question: Rating, pairs: Pairs) -> dict[str, int]:
    """Dimension -> value on the scale, every dimension once."""
    low, high = question.scale.min, question.scale.max
    named = _named(pairs, list(question.dimensions), "number", "dimension")
    return {
        name: _number(value, low, high, f" for {name}", f"type a number from {low} to {high}")
        for name, value in named
    }


def read_claim_check(question: ClaimCheck, pairs: Pairs) -> dict[str, str]:
    """Claim -> verdict label, every claim once; a verdict may be a prefix or initials."""
    claims, labels = list(question.claims), question.labels
    only = str(pairs[0][1]) if len(pairs) == 1 and pairs[0][0] is None else ""
    if len(claims) > 1 and len(only) == len(claims):
        try:  # one verdict letter per claim run together, as 'srn'
            pairs = [(None, _pick(char, labels, "verdict")) for char in only]
        except AnswerFormatError:
            pass
    named = _named(pairs, claims, "verdict", "claim")
    return {name: _pick(str(value), labels, "verdict") for name, value in named}
