"""Starts stay fast: heavy libraries are imported only by the commands and modes that need them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import runpy, sys
sys.argv = ['aitrainer', '--help']
try:
    runpy.run_module('aitrainer_cli', run_name='__main__')
except SystemExit as exit_:
    assert exit_.code in (0, None), exit_.code
heavy = [name for name in ('questionary', 'pydantic', 'yaml') if name in sys.modules]
print('HEAVY=' + ','.join(heavy))
"""


def test_help_does_not_import_heavy_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    assert "Usage" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("aitrainer ")


RUN_AND_LIST_MODULES = """
import runpy, sys
sys.argv = ['aitrainer', *sys.argv[1:]]
try:
    runpy.run_module('aitrainer_cli', run_name='__main__')
except SystemExit as exit_:
    assert exit_.code in (0, None), exit_.code
print('MODULES=' + ','.join(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """The modules a real ``aitrainer ARGS`` run imported (stdin at end of input)."""
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *args],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("MODULES="), result.stdout[-500:]
    return set(line.removeprefix("MODULES=").split(","))


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


INTERACTIVE = {"questionary", "prompt_toolkit"}


def test_plain_mode_does_not_start_the_interactive_stack() -> None:
    modules = modules_after("exam", "--plain")
    assert "aitrainer_cli.ui.ask_plain" in modules
    assert not roots(modules) & INTERACTIVE
    assert "aitrainer_cli.ui.ask_interactive" not in modules


def test_a_json_answers_file_run_needs_no_prompts_event_loop_or_rich(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text("{}")
    modules = modules_after("exam", "--answers", str(answers), "--json")
    assert not roots(modules) & (INTERACTIVE | {"asyncio", "rich"})
    assert "aitrainer_cli.ui.ask_plain" not in modules


def test_a_start_from_the_catalog_cache_does_not_load_the_yaml_parser() -> None:
    modules_after("exam", "--list")  # fills the cache (AITRAINER_CACHE is a temporary dir)
    modules = modules_after("exam", "--list")
    assert "yaml" not in roots(modules)
    assert "aitrainer_cli.banks.locate" not in modules
