"""Read ``docs/findings.md`` into its code sections and their examples, for the tests that keep
the document true (``test_finding_codes``).

The document's conventions, which these functions rely on:

- each code has a section headed ``### `code```, holding a line ``Severity: **error**`` (or
  ``**warning**``, or both) and a line starting ``**Fix:**``;
- an example is a caption, a paragraph starting ``Example:`` and ending with a colon that
  names the command in backticks and the codes it reports (``Example: `aitrainer bank validate
  bank.yaml` reports `unknown-option`:``), followed by one fenced ``yaml`` block per file the
  command names (a block of an example with several files starts with ``# file: NAME``);
- a fenced ``markdown`` block of an example whose first line is ``<!-- file: NAME -->`` is a
  file written beside the others (a guideline) that the command is not run on;
- a file a command names that its example does not hold is a shared block elsewhere in the
  document, outside any example, starting with ``# file: NAME``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING = re.compile(r"^### `([a-z-]+)`\s*$")
SEVERITY = re.compile(r"^Severity: (.+)$")
CAPTION = re.compile(r"^Example: `aitrainer bank (validate|lint) ([^`]+)` reports (.+):$")
FILE_LINE = re.compile(r"^# file: (\S+)$")
COMPANION_LINE = re.compile(r"^<!-- file: (\S+) -->$")
"""The first line of a fenced ``markdown`` block: a file written beside the example's files (a
guideline), not one the command is run on."""
CODE_WORD = re.compile(r"`([a-z][a-z-]*)`")


@dataclass
class Example:
    """One example: the command, the files it is run on (name -> text), the codes it reports."""

    code: str
    command: str
    names: list[str]
    reported: set[str]
    files: dict[str, str] = field(default_factory=dict)
    line: int = 0
    companions: dict[str, str] = field(default_factory=dict)

    def id(self) -> str:
        return f"{self.code}-{self.command}-line{self.line}"


@dataclass
class Section:
    """One code's section: its severities, its text, and its examples."""

    code: str
    line: int
    severities: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass
class Document:
    sections: dict[str, Section]
    shared: dict[str, str]
    """Blocks outside any example, by the name on their ``# file:`` line."""


def _blocks(lines: list[str], start: int) -> tuple[list[str], int]:
    """The fenced yaml blocks from ``start`` on (blank lines between them allowed), and the
    index after the last one."""
    texts: list[str] = []
    i = start
    while True:
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or lines[i].strip() not in ("```yaml", "```markdown"):
            return texts, i
        end = lines.index("```", i + 1)
        texts.append("\n".join(lines[i + 1 : end]) + "\n")
        i = end + 1


def _caption(lines: list[str], i: int) -> tuple[re.Match[str], int]:
    """The caption starting at line ``i`` (it may wrap), and the index of its last line."""
    end = next(j for j in range(i, len(lines)) if lines[j].endswith(":"))
    caption = CAPTION.match(" ".join(lines[i : end + 1]))
    assert caption, f"line {i + 1}: an example caption this module cannot read"
    return caption, end


def _example(section: Section, caption: re.Match[str], line: int, texts: list[str]) -> Example:
    command, arguments, reported = caption.groups()
    names = arguments.split()
    example = Example(section.code, command, names, set(CODE_WORD.findall(reported)), line=line)
    companions = [t for t in texts if COMPANION_LINE.match(t.splitlines()[0])]
    for text in companions:
        named = COMPANION_LINE.match(text.splitlines()[0])
        assert named is not None
        example.companions[named.group(1)] = text.split("\n", 1)[1]
    texts = [t for t in texts if t not in companions]
    for text in texts:
        named = FILE_LINE.match(text.splitlines()[0])
        assert named or len(texts) == 1, f"line {line}: name each file of the example"
        example.files[named.group(1) if named else names[0]] = text
    return example


def parse(path: Path) -> Document:
    """The sections and shared blocks of the document at ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    document = Document({}, {})
    current: Section | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = HEADING.match(line)
        if heading:
            code = heading.group(1)
            assert code not in document.sections, f"two sections for {code}"
            current = document.sections[code] = Section(code, i + 1)
        elif line.startswith("#"):
            current = None  # a heading that is no code's ends the section before it
        elif line.startswith("Example:"):
            assert current is not None, f"line {i + 1}: an example outside a code's section"
            caption, end = _caption(lines, i)
            current.text += lines[i : end + 1]
            texts, after = _blocks(lines, end + 1)
            current.examples.append(_example(current, caption, i + 1, texts))
            i = after
            continue
        elif line == "```yaml":
            texts, i = _blocks(lines, i)
            for text in texts:
                named = FILE_LINE.match(text.splitlines()[0])
                if named:
                    document.shared[named.group(1)] = text
            continue
        if current is not None:
            current.text.append(line)
            severity = SEVERITY.match(line)
            if severity:
                current.severities = set(re.findall(r"\*\*(error|warning)\*\*", line))
        i += 1
    return document
