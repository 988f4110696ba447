"""The ``aitrainer`` command: sub-command groups and the single error boundary."""

from __future__ import annotations

import atexit
import gc
import sys

import typer

from aitrainer_cli import __version__
from aitrainer_cli.cli import analyze, bank, exam, guide, sync
from aitrainer_cli.cli import progress as progress_cli
from aitrainer_cli.errors import AitrainerError, ExitCode

app = typer.Typer(
    name="aitrainer",
    help="Practise the qualification screenings given to AI evaluators: rank, rate, fact-check.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Rich's Markdown help formatter costs ~100 ms a start
    add_completion=True,  # --install-completion; the completers load banks only when asked
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(bank.app, name="bank")
app.command()(exam.exam)
app.command()(exam.practice)
app.command()(exam.resume)
app.command()(exam.review)
app.command()(bank.topics)
app.command()(progress_cli.progress)
app.command()(progress_cli.history)
app.command()(progress_cli.export)
app.command()(progress_cli.reset)
app.command("path")(progress_cli.data_path)
app.command()(analyze.analyze)
app.command()(sync.sync)
app.command()(guide.guide)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aitrainer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Practise the qualification screenings given to AI evaluators: rank, rate, fact-check.

    With no command, a terminal gets a small menu; anything else gets this help.
    """
    if ctx.invoked_subcommand is not None:
        return
    from aitrainer_cli.app.environment import Environment

    env = Environment.of_process()
    if env.interactive:
        from aitrainer_cli.app.home import run_home

        chosen = run_home(env)
        if chosen == "progress":
            progress_cli.progress(data_dir=None)
        if chosen != "help":
            return
    typer.echo(ctx.get_help())


def main() -> None:
    """Entry point: run the app and map every error to its exit code, never a traceback."""
    atexit.register(gc.freeze)  # no last full collection of every object at exit (~30-80 ms)
    try:
        code = app(standalone_mode=False, prog_name="aitrainer")
    except AitrainerError as error:
        message = f"aitrainer: error: {error.message}"
        if error.hint:
            message += f"\n  hint: {error.hint}"
        print(message, file=sys.stderr)
        sys.exit(int(error.exit_code))
    except typer.TyperException as error:  # bad arguments: typer's own usage message
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            print(f"aitrainer: error: {error.format_message()}", file=sys.stderr)
        sys.exit(int(ExitCode.USAGE))
    except (KeyboardInterrupt, typer.Abort):
        print("\naitrainer: interrupted", file=sys.stderr)
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as error:  # the one place a bug is caught: a report, never a traceback
        from aitrainer_cli.crash import report_crash

        print(report_crash(error), file=sys.stderr)
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(code if isinstance(code, int) else 0)
