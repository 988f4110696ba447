"""Rules on one question at a time: give-away options, negative stems, rubric entries that
match anything, explanations that contradict the key, sources, text renderers swallow."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.formats.common import PLACEHOLDER
from aitrainer_cli.banks.plain_text import FOLDED_TABLE
from aitrainer_cli.items import Question
from aitrainer_cli.items.patterns import regex_of
from aitrainer_cli.items.task import Task

Hit = tuple[Code, str]
"""(rule id, message)."""

_ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|the above)\b", re.I)
_NEGATIVE = re.compile(r"\b(not|except|never)\b")
_ASKS = re.compile(r"\b(which|what|who|select|choose|pick)\b", re.I)
_HTML = re.compile(r"<[A-Za-z/!][^>\n]{0,40}>")
_CODE = re.compile(r"`[^`\n]*`|```.*?```", re.S)
PLACEHOLDER_START = PLACEHOLDER.split(";")[0]
"""The placeholder's first clause: still there after an author has added to it, not fixed."""
_BEST = re.compile(r"^\W*(?:response )?([A-F])\b[^.]{0,40}\b(?:is|was) (?:the )?(?:best|better)\b")


def item_hits(
    question: Question, references: Mapping[str, str], *, guideline: bool = False
) -> Iterator[Hit]:
    """Every rule the question breaks; ``guideline``: its bank has a guideline."""
    if guideline and question.scenario and not question.guideline:
        yield (
            Code.NEEDS_GUIDELINE_SECTION,
            "the bank has a guideline but this item points to none of its sections; add "
            "guideline: [section-id, …] (`aitrainer guide BANK` lists them)",
        )
    if question.has_options:
        yield from _choice_hits(question)
    yield from _stem_hits(question.prompt)
    yield from _rubric_hits(question)
    yield from _explanation_hits(question)
    for source in question.sources:
        if references and source not in references:
            yield Code.UNKNOWN_SOURCE, f"source {source!r} is not in the bank's references"
    for text in _texts(question):
        yield from _swallowed(text)
    if isinstance(question, Task):  # each part is linted as an item of its own type
        for index, key in enumerate(question.part_keys()):
            for rule, message in item_hits(question.part_question(index), references):
                yield rule, f"part {key}: {message}"


def _choice_hits(question: Question) -> Iterator[Hit]:
    options = question.option_texts()
    for key, text in options.items():
        if _ABOVE.search(text):
            yield Code.ALL_OF_THE_ABOVE, f"option {key} reads {text!r}: test each option on its own"
    if not question.single and set(question.keyed_options()) == set(options):
        yield Code.EVERY_OPTION_KEYED, "every option is keyed: ticking all earns full credit"
    texts = [(key, sorted(re.findall(r"\w+", text.casefold()))) for key, text in options.items()]
    for i, (key, words) in enumerate(texts):
        for other, other_words in texts[i + 1 :]:
            if words == other_words:
                yield (
                    Code.DUPLICATE_OPTION,
                    f"options {key} and {other} have the same words: one reads as a copy",
                )


def _stem_hits(prompt: str) -> Iterator[Hit]:
    for sentence in re.split(r"(?<=[.?!])\s+", prompt):
        if not _ASKS.search(sentence) or not sentence.rstrip().endswith("?"):
            continue
        for match in _NEGATIVE.finditer(sentence):
            start, end = match.span()
            if sentence[start - 1 : start] in ("*", "_") or sentence[end : end + 1] in ("*", "_"):
                continue  # emphasised already
            word = match.group()
            yield (
                Code.NEGATIVE_STEM,
                f"{word!r} in the question is easy to miss: write **{word.upper()}**",
            )


def _rubric_hits(question: Question) -> Iterator[Hit]:
    for point, entry in question.rubric_entries():
        pattern = regex_of(entry)
        body = pattern if pattern is not None else entry
        if (
            len(body.strip()) <= 1
            or body.strip().isdigit()
            or (pattern is not None and re.fullmatch(r"\^?\.[*+?]\$?|\.\{0,?\d*\}", pattern))
        ):
            yield (
                Code.RUBRIC_MATCHES_ANYTHING,
                f"rubric entry {entry!r} ({point!r}) matches nearly any answer",
            )


def _explanation_hits(question: Question) -> Iterator[Hit]:
    if question.explanation.startswith(PLACEHOLDER_START):
        yield (
            Code.NEEDS_EXPLANATION,
            "the explanation is the placeholder `bank import` wrote (the source had no "
            "feedback): say why the key is right and why the tempting wrong answers are wrong",
        )
    best = question.best_responses()
    found = _BEST.search(question.explanation)
    if best and found and found.group(1) not in best:
        yield (
            Code.EXPLANATION_CONTRADICTS_KEY,
            f"the explanation says {found.group(1)} is best; the key puts {'/'.join(best)} first",
        )


def _texts(question: Question) -> Iterator[str]:
    yield question.prompt
    yield question.explanation
    if question.context:
        yield from (turn.text for turn in question.context.conversation or [])
        yield from (question.context.responses or {}).values()
        if question.context.evidence:
            yield question.context.evidence


def _swallowed(text: str) -> Iterator[Hit]:
    outside_code = _CODE.sub("", text)
    tag = _HTML.search(outside_code)
    if tag:
        yield (
            Code.SWALLOWED_TEXT,
            f"{tag.group()!r} looks like HTML: Markdown renderers may drop it; put it in `code`",
        )
    if FOLDED_TABLE.search(outside_code):
        yield (
            Code.SWALLOWED_TEXT,
            "a Markdown table folded into one line: write it in a block scalar (|) so its rows "
            "stay apart",
        )
