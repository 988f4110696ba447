"""Issue 14: sources are shown as the full citation of the bank's ``references`` (not the bare key
``Ouyang22``), and bank text never loses characters (``<number>`` and ``<b>`` stay literal) in
``bank show``, the exam, feedback and review."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import pytest

from support import DATA, Run

BANKS = str(DATA / "screens")
CITATION = "Ouyang et al. (2022). Training language models to follow instructions with human"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_bank_show_gives_the_full_citation_and_keeps_literal_html(
    cli: Callable[..., Run],
) -> None:
    result = cli("bank", "show", "sc-cited-rm", "--banks", BANKS)
    assert result.code == 0, result.err
    text = _flat(result.out)
    assert CITATION in text
    assert "Ouyang22" not in text
    assert "Unlisted99" in text  # a key the references lack is shown as it is
    assert '{"vat": <number>}' in text
    assert "<b>only</b>" in text


def test_practice_feedback_and_history_review_cite_in_full_and_lose_nothing(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\n\n\n\n"))
    args = ("practice", "--banks", BANKS, "--bank", "screens-cited", "--seed", "1", "--plain")
    result = cli(*args)
    assert result.code == 0, result.err
    text = _flat(result.out)
    assert text.count('{"vat": <number>}') >= 2  # asked, then the feedback page
    assert CITATION in text
    assert "Ouyang22" not in text
    review = cli("history", "1", "--review", "all", "--banks", BANKS)
    assert review.code == 0, review.err
    shown = _flat(review.out)
    assert CITATION in shown
    assert '{"vat": <number>}' in shown
    assert "<b>only</b>" in shown
