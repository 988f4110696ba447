"""Allow ``python -m aitrainer_cli``."""

from aitrainer_cli.cli import main

main()
