"""The lint rules: each id with its default severity and what it looks for."""

from __future__ import annotations

from dataclasses import dataclass

from aitrainer_cli.banks.problems import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    summary: str


_W, _E = Severity.WARNING, Severity.ERROR
RULES = {
    rule.id: rule
    for rule in (
        Rule("key-position", _W, "keys sit at one option position far more often than chance"),
        Rule("key-longest", _W, "the key is the longest option far more often than chance"),
        Rule("best-longest", _W, "the best response is the longest far more often than chance"),
        Rule("all-of-the-above", _W, "an 'all/none of the above' option"),
        Rule("every-option-keyed", _W, "a multiple choice whose answer is every option"),
        Rule("negative-stem", _W, "NOT, EXCEPT or never in a question without emphasis"),
        Rule("duplicate-stem", _W, "two questions with nearly the same prompt"),
        Rule("duplicate-option", _W, "two options of one item nearly the same"),
        Rule("explanation-contradicts-key", _E, "the explanation names another best response"),
        Rule("rubric-matches-anything", _E, "a rubric entry that nearly any answer matches"),
        Rule("unknown-source", _W, "a source the bank's references do not list"),
        Rule("section-draws-pool", _W, "a section draws most of its candidates each time"),
        Rule("swallowed-text", _W, "HTML-like text or a table a renderer may not show as meant"),
        Rule("needs-explanation", _E, "an imported question still has the placeholder explanation"),
        Rule(
            "needs-guideline-section",
            _W,
            "a scenario item of a bank with a guideline references no guideline section",
        ),
    )
}
"""Every rule by id."""
