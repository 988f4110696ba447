"""Validation reports as text, JSON, GitHub annotations or JUnit XML (pure: returns str)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.etree import ElementTree

from aitrainer_cli.banks.catalog import Catalog
from aitrainer_cli.banks.problems import Finding, Severity


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    questions: int
    errors: int
    warnings: int
    skipped: int = 0

    def line(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n:,} {word}{'' if n == 1 else 's'}"

        passed = (
            f" ({plural(self.skipped, 'other YAML file')} skipped: not a bank or blueprint)"
            if self.skipped
            else ""
        )
        return (
            f"{plural(self.files, 'file')}, {plural(self.questions, 'question')}: "
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}{passed}"
        )


def summarize(catalog: Catalog) -> Summary:
    """Counts over every file; errors and warnings include those a capped file does not list."""
    return Summary(
        len(catalog.files),
        sum(f.question_count for f in catalog.files),
        sum(f.count(Severity.ERROR) for f in catalog.files),
        sum(f.count(Severity.WARNING) for f in catalog.files),
        len(catalog.skipped),
    )


def render_text(catalog: Catalog) -> str:
    lines = [finding.text() for finding in catalog.findings]
    lines.append(summarize(catalog).line())
    return "\n".join(lines) + "\n"


def render_json(catalog: Catalog) -> str:
    summary = summarize(catalog)
    payload = {
        "summary": {
            "files": summary.files,
            "questions": summary.questions,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "skipped": summary.skipped,
        },
        "files": [
            {
                "path": loaded.path,
                "kind": loaded.kind,
                "questions": loaded.question_count,
                "findings": [_finding_dict(f) for f in loaded.findings],
            }
            for loaded in sorted(catalog.files, key=lambda loaded: loaded.path)
        ],
        "skipped": catalog.skipped,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(catalog: Catalog, *, strict: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the summary."""
    lines = []
    for f in catalog.findings:
        level = "error" if strict or f.severity is Severity.ERROR else "warning"
        message = f.message + (f" (hint: {f.hint})" if f.hint else "")
        lines.append(
            f"::{level} file={_escape_property(f.file)},line={f.line},col={f.column},"
            f"title={_escape_property(f.code)}::{_escape_data(message)}"
        )
    lines.append(summarize(catalog).line())
    return "\n".join(lines) + "\n"


def render_junit(catalog: Catalog, *, strict: bool = False) -> str:
    """JUnit XML: one test case per file, failing when the file has errors."""
    summary = summarize(catalog)
    suites = ElementTree.Element("testsuites", name="aitrainer bank validate")
    failures = 0
    suite = ElementTree.SubElement(
        suites, "testsuite", name="question banks", tests=str(summary.files)
    )
    for loaded in sorted(catalog.files, key=lambda loaded: loaded.path):
        case = ElementTree.SubElement(
            suite, "testcase", classname="aitrainer.banks", name=loaded.path
        )
        failing: list[Finding] = []
        others: list[Finding] = []
        for finding in loaded.findings:
            fails = strict or finding.severity is Severity.ERROR
            (failing if fails else others).append(finding)
        if failing:
            failures += 1
            count = loaded.count(Severity.ERROR) + (loaded.count(Severity.WARNING) if strict else 0)
            failure = ElementTree.SubElement(
                case,
                "failure",
                type="validation",
                message=f"{count:,} problem{'s' if count != 1 else ''}",
            )
            failure.text = "\n".join(f.text() for f in failing)
        if others:
            ElementTree.SubElement(case, "system-out").text = "\n".join(f.text() for f in others)
    for path in catalog.skipped:
        case = ElementTree.SubElement(suite, "testcase", classname="aitrainer.banks", name=path)
        ElementTree.SubElement(case, "skipped", message="not a bank or exam blueprint")
    tests = str(summary.files + summary.skipped)
    suite.set("tests", tests)
    suite.set("failures", str(failures))
    suite.set("skipped", str(summary.skipped))
    suites.set("tests", tests)
    suites.set("failures", str(failures))
    return _xml(suites)


def render_usage_error(report: str, message: str, hint: str | None) -> str:
    """The report of a run that checked nothing (exit 2): a machine-readable format still
    gives its reader a file to parse, with the error in it."""
    text = message + (f" (hint: {hint})" if hint else "")
    if report == "json":
        payload: dict[str, object] = {
            "error": {"message": message, "hint": hint},
            "summary": None,
            "files": [],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if report == "junit":
        suites = ElementTree.Element(
            "testsuites", name="aitrainer bank validate", tests="1", errors="1"
        )
        suite = ElementTree.SubElement(
            suites, "testsuite", name="question banks", tests="1", errors="1"
        )
        case = ElementTree.SubElement(suite, "testcase", classname="aitrainer.banks", name="run")
        ElementTree.SubElement(case, "error", type="usage", message=message).text = text
        return _xml(suites)
    if report == "github":
        return f"::error title=aitrainer::{_escape_data(text)}\n"
    return ""


def _xml(root: ElementTree.Element) -> str:
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
