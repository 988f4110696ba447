"""What single and multiple choice share: lettered options, shuffled on each form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Key, Text
from aitrainer_cli.banks.problems import Path, Problem, Severity
from aitrainer_cli.items.base import Letters, QuestionBase, letter_reference
from aitrainer_cli.items.reading import AnswerFormatError, words


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


class ChoiceQuestion(QuestionBase):
    """Lettered options shuffled at display time; the key names options by their bank key."""

    options: dict[Key, Text] = Field(min_length=2, max_length=8)
    option_feedback: dict[Key, Text] = Field(default_factory=dict)

    has_options: ClassVar[bool] = True

    def keyed(self) -> list[tuple[Path, str]]:
        """Each key of the answer with where it stands in the file."""
        raise NotImplementedError

    def option_keys(self) -> tuple[str, ...]:
        return tuple(self.options)

    def option_texts(self) -> dict[str, str]:
        return dict(self.options)

    def keyed_options(self) -> list[str]:
        return [key for _, key in self.keyed()]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        for path, key in self.keyed():
            if key not in self.options:
                yield Problem(
                    path,
                    Code.UNKNOWN_OPTION,
                    f"the answer {key!r} is not one of the options ({', '.join(self.options)})",
                )
        for key in self.option_feedback:
            if key not in self.options:
                yield Problem(
                    ("option_feedback", key),
                    Code.UNKNOWN_OPTION,
                    f"feedback is given for {key!r}, which is not one of the options",
                )
        texts = [text.strip().casefold() for text in self.options.values()]
        if len(set(texts)) != len(texts):
            yield Problem(("options",), Code.DUPLICATE_OPTION, "two options have the same text")
        texts_by_path: list[tuple[Path, str]] = [
            (("explanation",), self.explanation),
            *((("option_feedback", k), note) for k, note in self.option_feedback.items()),
        ]
        for where, text in texts_by_path:
            if letter_reference(text):
                yield Problem(
                    where,
                    Code.OPTION_LETTER_REFERENCE,
                    "options are shuffled and re-lettered for each attempt, so a reference "
                    "like 'option b' will point at the wrong option; quote the option instead",
                    Severity.WARNING,
                )

    # -- reading ------------------------------------------------------------------------------

    def shown_letters(self, letters: Letters | None) -> dict[str, str]:
        """Option key -> what the learner types for it: its display letter, or the key itself."""
        return {key: (letters or {}).get(key, key) for key in self.options}

    def read_typed(self, text: str, letters: Letters | None = None) -> object:
        # Blank text is read too: "choose an option" names the letters on screen.
        return self.read_text(text, letters)

    def read_choices(self, tokens: Sequence[str], letters: Letters | None) -> list[str]:
        """Option keys named by tokens, in option order; a token like 'ac' names two options."""
        shown = self.shown_letters(letters)
        exact = {text: key for key, text in shown.items()}
        folded = {text.casefold(): key for key, text in shown.items()}
        span = _span(list(shown.values()))
        wanted = f"one letter, {span}" if self.single else f"letters from {span}, e.g. a c"
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
        if not chosen or (self.single and len(chosen) > 1):
            raise AnswerFormatError(
                f"choose {'only one option' if chosen else 'an option'}: type {wanted}"
            )
        return [key for key in self.options if key in chosen]

    def read_words(self, text: str, letters: Letters | None) -> list[str]:
        """Option keys named in typed text."""
        return self.read_choices(words(text), letters)

    # -- words --------------------------------------------------------------------------------

    def options_in_words(self, keys: object, letters: Letters | None) -> str | None:
        """'b) text; d) text' for option keys, in display order; None if they are not keys."""
        shown = self.shown_letters(letters)
        if not isinstance(keys, list | tuple | set | frozenset):
            return None
        if not keys:
            return "(none chosen)"
        if not all(isinstance(key, str) and key in shown for key in keys):
            return None
        ordered = sorted(set(keys), key=lambda key: (shown[key], key))
        return "; ".join(f"{shown[key]}) {self.options[key]}" for key in ordered)
