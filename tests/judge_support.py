"""A small bank of written answers and the test judge command, shared by the judge and
self-check tests."""

from __future__ import annotations

import sys
from pathlib import Path

from aitrainer_cli.app.judge import Judge
from aitrainer_cli.items import QUESTION_ADAPTER
from aitrainer_cli.items.free_text import FreeText

JUDGE_SCRIPT = Path(__file__).parent / "judge_rules.py"

BANK = """\
format: 1
bank:
  id: judge-test
  title: Written answers for the judge tests
questions:
  - id: jt-tenancy
    type: free_text
    topic: notice
    difficulty: medium
    prompt: Say which response is better and why.
    context:
      responses:
        A: Thirty days is the standard notice, so start packing.
        B: Section 12(2) requires at least sixty days of written notice.
    model_answer: B is better because the Act requires sixty days' notice, not thirty.
    rubric:
      - {point: Prefers response B, any_of: ["b is better"]}
      - {point: Gives the sixty-day figure, any_of: ["sixty", "60"]}
      - {point: Says what following A would cost the tenant, any_of: ["early", "rights"]}
    explanation: B states the rule the excerpt gives; thirty days is wrong for a periodic tenancy.
"""

QUESTION = QUESTION_ADAPTER.validate_python(
    {
        "id": "jt-tenancy",
        "type": "free_text",
        "topic": "notice",
        "difficulty": "medium",
        "prompt": "Say which response is better and why.",
        "context": {
            "responses": {
                "A": "Thirty days is the standard notice, so start packing.",
                "B": "Section 12(2) requires at least sixty days of written notice.",
            }
        },
        "model_answer": "B is better because the Act requires sixty days' notice, not thirty.",
        "rubric": [
            {"point": "Prefers response B", "any_of": ["b is better"]},
            {"point": "Gives the sixty-day figure", "any_of": ["sixty", "60"]},
            {"point": "Says what following A would cost the tenant", "any_of": ["early", "rights"]},
        ],
        "explanation": "B states the rule the excerpt gives; thirty days is wrong here.",
    }
)
assert isinstance(QUESTION, FreeText)


def judge(mode: str = "rules", *extra: str, timeout: float = 10) -> Judge:
    """The test judge in one of its modes (see tests/judge_rules.py)."""
    return Judge((sys.executable, str(JUDGE_SCRIPT), mode, *extra), timeout)


def write_bank(directory: Path) -> Path:
    path = directory / "judge-test.yaml"
    path.write_text(BANK)
    return path
