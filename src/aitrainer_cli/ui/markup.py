"""Bank text on screen: Markdown that loses no characters and carries no live sequence.

Links and autolinks are shown as text with their URL (never OSC 8 hyperlinks, whose target a
terminal hides), images as ``[image: alt] (url)``, and raw HTML literally (``{"vat": <number>}``
keeps its ``<number>``). Characters that could act on a terminal are escaped first (``inert``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.markdown import Markdown
from rich.text import Text

from aitrainer_cli.inert import inert

if TYPE_CHECKING:
    from markdown_it.token import Token


class BankMarkdown(Markdown):
    """Rich Markdown for text from a bank or a learner."""

    def __init__(self, markup: str, **options: Any) -> None:
        super().__init__(inert(markup), hyperlinks=False, **options)
        self.parsed = list(_literal(self.parsed))


def bank_text(text: str, style: str = "") -> Text:
    """Plain text from a bank or a learner, made inert."""
    return Text(inert(text), style=style)


def plain_words(markup: str) -> str:
    """Markdown as the words a reader sees, on one line (``**not**`` -> ``not``), made inert:
    for a one-line preview of bank text where Markdown cannot be rendered."""
    from markdown_it import MarkdownIt

    words: list[str] = []
    for block in MarkdownIt("commonmark").parse(markup):
        if block.type in ("code_block", "fence", "html_block"):
            words.append(block.content)
        for token in block.children or ():
            if token.type in ("text", "code_inline", "html_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif token.type == "image":
                words.append(f"[image: {token.content}]")
        words.append(" ")
    return inert(" ".join("".join(words).split()))


def _literal(tokens: Iterable[Token]) -> Iterable[Token]:
    """The token stream with raw HTML as text and images as their description."""
    for token in tokens:
        if token.type == "html_block":
            yield _as(token, "code_block")
            continue
        if token.children:
            token.children = [_inline(child) for child in token.children]
        yield token


def _inline(token: Token) -> Token:
    if token.type == "html_inline":
        return _as(token, "text")
    if token.type == "image":
        text = _as(token, "text")
        text.content = f"[image: {token.content}] ({token.attrGet('src') or ''})"
        text.children = None
        return text
    return token


def _as(token: Token, kind: str) -> Token:
    from markdown_it.token import Token as NewToken

    return NewToken(kind, "", 0, content=token.content, map=token.map, block=token.block)
