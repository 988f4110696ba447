"""The lint rules: each id with its default severity and what it looks for."""

from __future__ import annotations

from dataclasses import dataclass

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.problems import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    id: Code
    severity: Severity
    summary: str


_W, _E = Severity.WARNING, Severity.ERROR
RULES = {
    rule.id: rule
    for rule in (
        Rule(Code.KEY_POSITION, _W, "keys sit at one option position far more often than chance"),
        Rule(Code.KEY_LONGEST, _W, "the key is the longest option far more often than chance"),
        Rule(Code.BEST_LONGEST, _W, "the best response is the longest far more often than chance"),
        Rule(Code.ALL_OF_THE_ABOVE, _W, "an 'all/none of the above' option"),
        Rule(Code.EVERY_OPTION_KEYED, _W, "a multiple choice whose answer is every option"),
        Rule(Code.NEGATIVE_STEM, _W, "NOT, EXCEPT or never in a question without emphasis"),
        Rule(Code.DUPLICATE_STEM, _W, "two questions with nearly the same prompt"),
        Rule(Code.DUPLICATE_OPTION, _W, "two options of one item nearly the same"),
        Rule(Code.EXPLANATION_CONTRADICTS_KEY, _E, "the explanation names another best response"),
        Rule(Code.RUBRIC_MATCHES_ANYTHING, _E, "a rubric entry that nearly any answer matches"),
        Rule(Code.UNKNOWN_SOURCE, _W, "a source the bank's references do not list"),
        Rule(Code.SECTION_DRAWS_POOL, _W, "a section draws most of its candidates each time"),
        Rule(Code.SWALLOWED_TEXT, _W, "HTML-like text or a table a renderer may not show as meant"),
        Rule(
            Code.NEEDS_EXPLANATION, _E, "an imported question still has the placeholder explanation"
        ),
        Rule(
            Code.NEEDS_GUIDELINE_SECTION,
            _W,
            "a scenario item of a bank with a guideline references no guideline section",
        ),
    )
}
"""Every rule by id."""
