"""``aitrainer --help`` stays fast: heavy libraries are imported only by commands that need them."""

from __future__ import annotations

import subprocess
import sys

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
