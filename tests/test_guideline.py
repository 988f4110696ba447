"""Bank guidelines: parsing into sections, loading with the bank (every problem a located
finding), the catalog cache keying on the guideline file, the lint rule, ``aitrainer guide``,
and feedback and review quoting the sections an item references."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.banks.guideline import parse_guideline, slug
from aitrainer_cli.banks.lint import lint_catalog
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

GUIDE = """\
# Rating guideline

Read everything first.

## Verbosity

Length is judged against the request,
never on its own.

Second paragraph.

### Padding {#padding}

Repeated points are padding.

## Ties & near-ties

Use a tie only when the responses are equal in what matters.

```markdown
## Not a heading
```
"""


def bank(refs: str = "[verbosity]", header: str = "guideline: guide.md", extra: str = "") -> str:
    return f"""\
format: 1
bank:
  id: gb
  title: Guided bank
  {header}
questions:
  - id: gb-pref
    type: preference
    topic: t
    difficulty: easy
    guideline: {refs}
    prompt: Which response is better?
    context: {{responses: {{A: "Short and right.", B: "Long and padded and right."}}}}
    answer: -1
    explanation: A is slightly better because it says the same thing in fewer words.
{extra}"""


CLEAN_EXTRA = """\
  - id: gb-tf
    type: true_false
    topic: t
    difficulty: easy
    prompt: A tie is a real verdict.
    answer: true
    explanation: True, a tie records that the responses are equal in what matters here.
"""


def write_bank(directory: Path, text: str, guide: str | None = GUIDE) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "bank.yaml").write_text(text, encoding="utf-8")
    if guide is not None:
        (directory / "guide.md").write_text(guide, encoding="utf-8")
    return directory / "bank.yaml"


def codes(path: Path) -> list[tuple[str, int, str]]:
    catalog = load_catalog([path])
    return [(Path(f.file).name, f.line, f.code) for f in catalog.findings]


# -- parsing ------------------------------------------------------------------------------------


def test_sections_have_github_slugs_or_explicit_ids_and_skip_fenced_code() -> None:
    guideline = parse_guideline(GUIDE, "guide.md", "fallback")
    assert guideline.title == "Rating guideline"
    assert [s.id for s in guideline.sections] == [
        "rating-guideline",
        "verbosity",
        "padding",
        "ties--near-ties",
    ]
    assert guideline.issues == ()
    padding = guideline.section("padding")
    assert padding is not None
    assert padding.title == "Padding"
    assert "{#padding}" not in padding.markdown


def test_a_section_holds_its_subsections_and_quotes_its_first_paragraph() -> None:
    guideline = parse_guideline(GUIDE, "guide.md", "fallback")
    verbosity = guideline.section("verbosity")
    assert verbosity is not None
    assert "Repeated points are padding." in verbosity.markdown
    assert "Ties" not in verbosity.markdown
    assert verbosity.first_paragraph == "Length is judged against the request, never on its own."
    ties = guideline.section("ties--near-ties")
    assert ties is not None
    assert "## Not a heading" in ties.markdown  # code, not a section


def test_word_search_needs_every_word_in_a_sections_own_text() -> None:
    guideline = parse_guideline(GUIDE, "guide.md", "fallback")
    assert [s.id for s in guideline.matching(["LENGTH", "request"])] == ["verbosity"]
    assert [s.id for s in guideline.matching(["padding"])] == ["padding"]
    assert guideline.matching(["length", "tie"]) == []


def test_slugs_follow_github() -> None:
    assert slug("Ties & near-ties") == "ties--near-ties"
    assert slug("Strength of preference (the 7-point scale)") == (
        "strength-of-preference-the-7-point-scale"
    )
    assert slug("[Decisive](https://example.org) flaws") == "decisive-flaws"
    assert slug("Über `code`_x") == "über-code_x"


def test_duplicate_ids_and_a_guideline_without_headings_are_reported_at_their_lines() -> None:
    text = "# G\n\n## Verbosity\n\ntext\n\n## Other {#verbosity}\n"
    issues = parse_guideline(text, "g.md", "G").issues
    assert [(i.line, i.code) for i in issues] == [(7, "duplicate-section-id")]
    assert "line 3" in issues[0].message
    empty = parse_guideline("just text\n", "g.md", "G")
    assert [i.code for i in empty.issues] == ["guideline-no-sections"]
    assert empty.title == "G"


# -- loading with the bank ----------------------------------------------------------------------


def test_a_bank_loads_its_guideline_and_its_entries_carry_it(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(extra=CLEAN_EXTRA))
    catalog = load_catalog([path])
    assert catalog.findings == []
    guideline = catalog.guidelines["gb"]
    assert catalog.entries["gb-pref"].guideline is guideline
    refs = catalog.entries["gb-pref"].question.guideline
    assert [section.id for section in guideline.sections_for(refs)] == ["verbosity"]


def test_an_unknown_reference_is_located_at_the_reference_with_the_nearest_ids(
    tmp_path: Path,
) -> None:
    path = write_bank(tmp_path, bank("[verbosity, verbosty]"))
    (finding,) = load_catalog([path]).findings
    assert (finding.line, finding.code) == (11, "unknown-section")
    assert finding.column == bank().splitlines()[10].index("[") + 13
    assert finding.hint == "did you mean 'verbosity'?"


def test_a_missing_guideline_is_reported_at_the_header(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(), guide=None)
    assert codes(path) == [("bank.yaml", 5, "missing-guideline")]


@pytest.mark.parametrize("name", ["../guide.md", "/etc/passwd", "sub/../../guide.md"])
def test_a_guideline_outside_the_banks_directory_is_refused(tmp_path: Path, name: str) -> None:
    path = write_bank(tmp_path / "banks", bank(header=f"guideline: {name}"))
    (tmp_path / "guide.md").write_text(GUIDE)
    assert codes(path) == [("bank.yaml", 5, "guideline-outside-bank")]
    assert "gb" not in load_catalog([path]).guidelines


def test_a_link_leading_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(GUIDE)
    path = write_bank(tmp_path / "banks", bank(), guide=None)
    (tmp_path / "banks" / "guide.md").symlink_to(tmp_path / "outside.md")
    assert codes(path) == [("bank.yaml", 5, "guideline-outside-bank")]


def test_a_guideline_in_a_subdirectory_is_fine(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(header="guideline: guides/guide.md"), guide=None)
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "guide.md").write_text(GUIDE)
    assert codes(path) == []


def test_unreadable_guidelines_are_findings_not_tracebacks(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(), guide=None)
    (tmp_path / "guide.md").write_bytes(b"# G\n\xff\xfe bad bytes\n")
    assert codes(path) == [("bank.yaml", 5, "unreadable-guideline")]
    (tmp_path / "guide.md").unlink()
    (tmp_path / "guide.md").mkdir()
    assert codes(path) == [("bank.yaml", 5, "missing-guideline")]


def test_duplicate_section_ids_are_located_in_the_guideline(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(), guide=GUIDE + "\n## Verbosity\n\nAgain.\n")
    line = len(GUIDE.splitlines()) + 2
    assert codes(path) == [("guide.md", line, "duplicate-section-id")]


def test_references_in_a_bank_without_a_guideline_are_reported(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank(header="description: none"), guide=None)
    assert codes(path) == [("bank.yaml", 11, "no-guideline")]


def test_bank_validate_reports_guideline_findings_with_exit_1(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = write_bank(tmp_path, bank("[verbsity]"))
    result = cli("bank", "validate", str(path))
    assert result.code == 1
    assert "bank.yaml:11:" in result.out
    assert "unknown-section" in result.out
    assert "did you mean 'verbosity'?" in result.out


def test_the_shipped_ranking_bank_has_its_guideline_and_every_reference_resolves() -> None:
    catalog = load_catalog([builtin_banks_dir()])
    assert catalog.errors(strict=True) == []
    guideline = catalog.guidelines["ranking-preference"]
    ids = {section.id for section in guideline.sections}
    assert {"decisive-flaw", "verbosity", "ties", "strength", "refusals"} <= ids
    scenario = [
        e.question
        for e in catalog.entries.values()
        if e.bank_id == "ranking-preference" and e.question.type in ("ranking", "preference")
    ]
    assert scenario
    assert all(q.guideline and set(q.guideline) <= ids for q in scenario)


# -- the catalog cache --------------------------------------------------------------------------


def test_editing_adding_or_removing_the_guideline_rebuilds_the_cache(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank())
    first = load_catalog([tmp_path], cached=True)
    assert first.guidelines["gb"].section("verbosity") is not None
    guide = tmp_path / "guide.md"
    status = guide.stat()
    guide.write_text(GUIDE.replace("## Verbosity", "## Length"))
    os.utime(guide, ns=(status.st_atime_ns, status.st_mtime_ns))  # same mtime, other size
    edited = load_catalog([tmp_path], cached=True)
    assert [f.code for f in edited.findings] == ["unknown-section"]
    guide.unlink()
    assert [f.code for f in load_catalog([tmp_path], cached=True).findings] == ["missing-guideline"]
    guide.write_text(GUIDE)
    assert load_catalog([tmp_path], cached=True).findings == []
    assert path.exists()


# -- lint ---------------------------------------------------------------------------------------


def lint_codes(path: Path) -> list[str]:
    return [f.code for f in lint_catalog(load_catalog([path])).findings]


def test_lint_flags_a_scenario_item_with_no_reference_in_a_bank_with_a_guideline(
    tmp_path: Path,
) -> None:
    assert lint_codes(write_bank(tmp_path, bank("[]"))) == ["needs-guideline-section"]


def test_lint_passes_a_referenced_item_and_a_choice_item_without_one(tmp_path: Path) -> None:
    assert lint_codes(write_bank(tmp_path, bank(extra=CLEAN_EXTRA))) == []


def test_lint_leaves_banks_without_a_guideline_alone(tmp_path: Path) -> None:
    text = bank("[]", header="description: no guideline")
    assert lint_codes(write_bank(tmp_path, text, guide=None)) == []


# -- aitrainer guide ----------------------------------------------------------------------------


@pytest.fixture
def guided(tmp_path: Path) -> Path:
    write_bank(tmp_path / "one", bank())
    return tmp_path / "one"


def guide(cli: Callable[..., Run], where: Path, *words: str) -> Run:
    return cli("guide", "--no-builtin", "--banks", str(where), *words)


def test_guide_alone_shows_the_only_guideline_with_its_section_ids(
    cli: Callable[..., Run], guided: Path
) -> None:
    result = guide(cli, guided)
    assert result.code == 0, result.err
    assert "Sections (aitrainer guide gb SECTION):" in result.out
    assert "ties--near-ties" in result.out
    assert "Repeated points are padding." in result.out
    assert "\x1b" not in result.out  # no terminal: plain text
    assert "{#padding}" not in result.out


def test_guide_shows_one_section_by_id_with_its_subsections(
    cli: Callable[..., Run], guided: Path
) -> None:
    result = guide(cli, guided, "gb", "verbosity")
    assert result.code == 0, result.err
    assert "Length is judged against the request" in result.out
    assert "Repeated points are padding." in result.out
    assert "Use a tie only" not in result.out


def test_guide_finds_the_sections_holding_every_word(cli: Callable[..., Run], guided: Path) -> None:
    result = guide(cli, guided, "equal", "matters")
    assert result.code == 0, result.err
    assert "1 section matching 'equal matters'" in result.out
    assert "Use a tie only" in result.out
    assert "Length is judged" not in result.out


def test_an_unknown_section_says_what_is_near(cli: Callable[..., Run], guided: Path) -> None:
    result = guide(cli, guided, "gb", "verbosty")
    assert result.code == 2
    assert "no section of the gb guideline" in result.err
    assert "did you mean 'verbosity'?" in result.err


def test_several_guidelines_are_listed_and_an_unknown_bank_is_named(
    cli: Callable[..., Run], guided: Path
) -> None:
    other = guided.parent / "two"
    write_bank(other, bank().replace("id: gb", "id: gc").replace("gb-pref", "gc-pref"))
    both = ("--banks", str(other))
    listed = cli("guide", "--no-builtin", "--banks", str(guided), *both)
    assert listed.code == 0, listed.err
    assert re.search(r"gb\s+Rating guideline \(4 sections\)", listed.out)
    assert "gc" in listed.out
    unknown = cli("guide", "--no-builtin", "--banks", str(guided), *both, "gcc")
    assert unknown.code == 2
    assert "no bank with a guideline has the id 'gcc'" in " ".join(unknown.err.split())
    assert "did you mean 'gc'?" in unknown.err
    picked = cli("guide", "--no-builtin", "--banks", str(guided), *both, "gc", "padding")
    assert "Repeated points are padding." in picked.out


def test_a_bank_without_a_guideline_and_no_guideline_at_all(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    plain = write_bank(tmp_path, bank("[]", header="description: x"), guide=None)
    result = cli("guide", "--no-builtin", "--banks", str(plain))
    assert result.code == 2
    assert "no loaded bank has a guideline" in result.err
    named = cli("guide", "--banks", str(plain), "gb")
    assert named.code == 2
    assert "bank 'gb' has no guideline" in named.err
    assert "ranking-preference" in named.err


def test_control_sequences_in_a_guideline_stay_inert(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    hostile = "# G\n\n## Evil\n\nBefore \x1b]8;;https://x.test\x07link\x1b]8;;\x07 \x1b[2J after\n"
    write_bank(tmp_path, bank("[evil]"), guide=hostile)
    result = guide(cli, tmp_path, "evil")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    assert "\x07" not in result.out
    assert "\\x1b" in result.out


def test_the_shipped_guideline_answers_a_section_and_a_word_search(
    cli: Callable[..., Run],
) -> None:
    section = cli("guide", "ranking-preference", "strength")
    assert section.code == 0, section.err
    assert "much better" in section.out
    words = cli("guide", "ranking-preference", "caveats")
    assert words.code == 0, words.err
    assert "Harmlessness and refusals" in words.out


def test_words_that_name_no_bank_are_looked_for_in_every_guideline(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    for name, heading, text in (
        ("alpha", "Ties", "Call a tie when neither response is better."),
        ("beta", "Refusals", "A refusal of a safe request is a failure, not a tie."),
        ("gamma", "Citations", "Check every citation."),
    ):
        (tmp_path / f"{name}.md").write_text(f"# {heading}\n\n{text}\n", encoding="utf-8")
        (tmp_path / f"{name}.yaml").write_text(
            f"format: 1\nbank: {{id: {name}, title: {name.title()}, guideline: {name}.md}}\n"
            "questions:\n  - {id: %s-q, type: true_false, topic: t, difficulty: easy,\n"
            "     prompt: A claim., answer: true, explanation: Because it is.}\n" % name,
            encoding="utf-8",
        )
    both = cli("guide", "--no-builtin", "--banks", str(tmp_path), "tie")
    assert both.code == 0, both.err
    assert "Call a tie" in both.out
    assert "not a tie" in both.out
    assert "Check every citation" not in both.out
    one = cli("guide", "--no-builtin", "--banks", str(tmp_path), "citation")
    assert one.code == 0, one.err
    assert "Check every citation" in one.out
    assert "Call a tie" not in one.out
    none = cli("guide", "--no-builtin", "--banks", str(tmp_path), "zebra")
    assert none.code == 2
    assert "no guideline has a section 'zebra'" in " ".join(none.err.split())


def test_guide_pages_in_a_terminal(monkeypatch: pytest.MonkeyPatch, guided: Path) -> None:
    """In a terminal the page goes through Rich's pager (which runs $PAGER or less)."""
    from aitrainer_cli.app.guides import find_guide
    from aitrainer_cli.ui.guide_view import show_guide

    paged: list[str] = []

    class Pager:
        def show(self, content: str) -> None:
            paged.append(content)

    console = Console(width=60, force_terminal=True)
    monkeypatch.setattr("rich.console.SystemPager", Pager)
    monkeypatch.setenv("NO_COLOR", "1")
    shown = find_guide(load_catalog([guided]), ["verbosity"])
    show_guide(console, shown, paged=True)
    assert len(paged) == 1
    assert "Length is judged against the request" in paged[0]
    assert "\x1b" not in paged[0]  # NO_COLOR: the pager gets plain text
    assert max(len(line) for line in paged[0].splitlines()) <= 60


# -- feedback and review ------------------------------------------------------------------------


def test_review_names_the_referenced_section_and_quotes_its_first_paragraph(
    tmp_path: Path,
) -> None:
    from aitrainer_cli.exam.assembly import FormItem
    from aitrainer_cli.exam.attempt import ItemState
    from aitrainer_cli.exam.results import grade_item, score_now
    from aitrainer_cli.ui.result_view import answer_page

    entry = load_catalog([write_bank(tmp_path, bank())]).entries["gb-pref"]
    item = FormItem("gb-pref", "gb", "S")
    result = grade_item(0, item, entry.question, ItemState(response=1), score_now)
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(answer_page(result, entry.question, 1, entry.guideline))
    text = console.export_text()
    assert "Guideline: Verbosity (verbosity)" in text
    assert "Length is judged against the request, never on its own." in " ".join(text.split())
    assert "Second paragraph" not in text
    console.print(answer_page(result, entry.question, 1))
    assert "Guideline:" not in console.export_text()


def test_practice_feedback_quotes_the_section_and_plain_g_shows_it(
    cli: Callable[..., Run], guided: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Practice is open book: in plain mode ``:g`` prints the item's sections; the feedback
    after the answer names the section and quotes its first paragraph."""
    monkeypatch.setattr("sys.stdin", io.StringIO(":g\n-1\n"))
    result = cli("practice", "--no-builtin", "--banks", str(guided), "--plain", "-n", "1")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert ":g guideline" in out
    shown, feedback = out.split("Key and explanation", 1)
    assert "this question's sections" in shown
    assert "Repeated points are padding." in shown  # the whole section, subsections too
    assert "Guideline: Verbosity (verbosity)" in feedback
    assert "> Length is judged" in feedback or "Length is judged against the request" in feedback


def test_a_closed_book_exam_offers_no_guideline_in_plain_mode(
    cli: Callable[..., Run], guided: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(":g\n-1\n"))
    result = cli("exam", "--no-builtin", "--banks", str(guided), "--plain", "-b", "gb", "-n", "1")
    assert result.code == 0, result.err
    assert ":g guideline" not in result.out
    assert "closed-book" in result.out
    assert "Repeated points are padding." not in result.out


@pytest.mark.slow
def test_a_bank_pack_carries_its_guideline_in_its_package_directory(tmp_path: Path) -> None:
    """An installed pack's bank finds its guideline beside it, through importlib.resources."""
    import subprocess
    import sys

    pack = tmp_path / "pack"
    write_bank(pack / "guided_pack" / "banks", bank())
    (pack / "guided_pack" / "__init__.py").write_text("")
    (pack / "pyproject.toml").write_text(
        """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "guided-pack"
version = "1.0"

[project.entry-points."aitrainer.banks"]
guided = "guided_pack:banks"

[tool.setuptools.package-data]
guided_pack = ["banks/*.yaml", "banks/*.md"]
"""
    )
    site = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*install, "--no-index", "--target", str(site), str(pack)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    shown = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "guide", "gb", "padding"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Repeated points are padding." in shown.stdout
