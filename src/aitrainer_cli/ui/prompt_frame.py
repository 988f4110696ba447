"""Run one questionary prompt inside a frame: the question above (scrollable), a live countdown
line, and a deadline that closes the prompt when time runs out.

questionary's own prompts cannot show a countdown (``select`` rejects ``bottom_toolbar``), so the
prompt's layout is wrapped instead: the question body is a window bounded by the screen height
(PgUp/PgDn scroll it, so long material never floods a 24-line screen), then a one-line status
window, then the prompt. ``refresh_interval`` redraws the countdown every half second; a timer on
the event loop calls ``app.exit`` at the deadline, even in the middle of a question.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aitrainer_cli.ui.asking import Signal, clock_text, warning_level

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from questionary import Question
    from rich.console import RenderableType

    from aitrainer_cli.ui.guide_viewer import Guide, GuideViewer

RESERVED_ROWS = 4
"""Rows kept for the prompt line, the status line and a little air besides the choices."""


def render_ansi(renderable: RenderableType, width: int) -> str:
    """Render with Rich into a string of ANSI escapes (colour honours NO_COLOR)."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=True, highlight=False).print(renderable)
    return buffer.getvalue()


@dataclass(slots=True)
class Status:
    """What the status line says besides the clock."""

    where: str = ""
    flagged: bool = False
    remaining: Callable[[], float | None] = lambda: None
    hint: str = ""
    """Keys for this prompt. Kept out of the prompt line: questionary's multi-line text prompt
    shows nothing at all when its message is wider than the terminal."""
    limit: float | None = None
    """The attempt's whole time limit, so short exams do not warn from the start."""
    guide: Guide | None = None
    """An open-book attempt's guideline for this question (None: the viewer is not offered)."""
    book: str = ""
    """The key that opens the guideline ("g guide"), kept before the other hints."""


def _status_tokens(
    status: Status, scrollable: Callable[[], bool], width: int = 80
) -> StyleAndTextTuples:
    """The status line, cut to ``width``: hints go first, then the rest; never the clock."""
    seconds = status.remaining()
    level = warning_level(seconds, status.limit)
    style = ("bold", "bold fg:ansiyellow", "bold fg:ansired reverse")[level]
    parts: list[tuple[int, str, str]] = []  # (keep priority: lower is dropped later, style, text)
    if seconds is not None:
        warning = ("", " (under 5 min)", " LAST MINUTE")[level]
        parts.append((0, style, f" ⏱ {clock_text(seconds)} left{warning} "))
    elif status.where:
        parts.append((0, "", " untimed "))
    if status.where:
        parts.append((1, "", f"· {status.where} "))
    if status.flagged:
        parts.append((1, "fg:ansiyellow", "· ⚑ marked "))
    if status.book:  # before scrolling, so at equal rank it is dropped first
        parts.append((2, "fg:ansicyan", f"· {status.book} "))
    if scrollable():
        parts.append((2, "fg:ansibrightblack", "· PgUp/PgDn scroll "))
    for rank, hint in enumerate(filter(None, status.hint.split(" · "))):
        parts.append((3 + rank, "fg:ansibrightblack", f"· {hint} "))
    while len(parts) > 1 and sum(len(text) for _, _, text in parts) > width:
        parts.remove(max(parts, key=lambda part: part[0]))
    return [(style_, text) for _, style_, text in parts]


async def run_framed(
    question: Question,
    body: RenderableType | None,
    status: Status,
    choice_rows: int = 1,
    keys: Mapping[str, object] | None = None,
    handlers: Mapping[str, Callable[[], None]] | None = None,
) -> Any:
    """Ask ``question`` with the body above it and the countdown below; returns its answer,
    ``Signal.TIMEOUT`` when the deadline passes, or ``Signal.INTERRUPT`` on Ctrl-C / Ctrl-D.

    ``keys`` end the prompt with a value (single-key actions); ``handlers`` run in place. Both
    win over the prompt's own bindings for the same key (prompt_toolkit takes the last one).
    """
    app = question.application
    width = max(20, app.output.get_size().columns - 1)
    lines = render_ansi(body, width).rstrip("\n").split("\n") if body is not None else []
    frame = _Frame(app, lines, choice_rows)
    status = frame.offer_guide(status, [*(keys or {}), *(handlers or {})])
    frame.wrap(status)
    frame.bind(keys or {}, handlers or {})
    handle = None
    seconds = status.remaining()
    if seconds is not None:

        def expire() -> None:
            if app.is_running and not app.is_done:
                app.exit(result=Signal.TIMEOUT)

        handle = asyncio.get_running_loop().call_later(max(0.0, seconds), expire)
    try:
        # Not questionary's unsafe_ask_async: that lets prompt_toolkit turn a SIGINT from outside
        # into a Ctrl-C key; the app layer handles the signal instead (save and quit).
        return await question.application.run_async(handle_sigint=False)
    except (KeyboardInterrupt, EOFError):
        return Signal.INTERRUPT
    finally:
        if handle is not None:
            handle.cancel()


class _Frame:
    """The windows and key bindings added around one prompt's own layout."""

    def __init__(self, app: Any, lines: list[str], choice_rows: int) -> None:
        self.app, self.lines, self.choice_rows = app, lines, choice_rows
        self.top = 0
        self.viewer: GuideViewer | None = None
        self.guide_keys: list[str] = []

    def offer_guide(self, status: Status, taken: list[str]) -> Status:
        """Set up the guideline viewer if the status carries a guide; the status to show
        (with the key that opens it among the hints)."""
        if status.guide is None:
            return status
        from aitrainer_cli.ui.guide_viewer import GuideViewer, open_keys

        shortcuts = _shortcut_keys(self.app)
        typing = shortcuts is None  # no menu: a text prompt, where g types a g
        self.guide_keys, hint = open_keys([*taken, *(shortcuts or [])], typing)
        self.viewer = GuideViewer(self.app, status.guide)
        return dataclasses.replace(status, book=hint)

    def shown_status(self, status: Status) -> Status:
        """The status line's content: the viewer's keys while it is open."""
        if self.viewer is None or not self.viewer.is_open:
            return status
        from aitrainer_cli.ui.guide_viewer import VIEWER_HINT

        return dataclasses.replace(status, hint=VIEWER_HINT, book="")

    def body_height(self) -> int:
        rows: int = self.app.output.get_size().rows
        return max(3, min(len(self.lines), rows - self.choice_rows - RESERVED_ROWS))

    def scroll(self, delta: int) -> None:
        self.top = max(0, min(self.top + delta, len(self.lines) - self.body_height()))

    def wrap(self, status: Status) -> None:
        """The scrollable body, then the status line, then the prompt's own layout."""
        from prompt_toolkit.data_structures import Point
        from prompt_toolkit.filters import Condition, is_done
        from prompt_toolkit.formatted_text import ANSI
        from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension

        app, windows = self.app, []
        viewing = Condition(lambda: self.viewer is not None and self.viewer.is_open)
        if self.lines:
            control = FormattedTextControl(
                ANSI("\n".join(self.lines)), get_cursor_position=lambda: Point(0, self.top)
            )
            window = Window(
                control,
                height=lambda: Dimension.exact(self.body_height()),
                get_vertical_scroll=lambda window: self.top,
                wrap_lines=False,
            )
            windows.append(ConditionalContainer(window, filter=~is_done & ~viewing))
        if self.viewer is not None:
            windows.append(ConditionalContainer(self.viewer.container(), filter=viewing))
        scrollable = Condition(lambda: len(self.lines) > self.body_height() and not viewing())
        line = Window(
            FormattedTextControl(
                lambda: _status_tokens(
                    self.shown_status(status), scrollable, app.output.get_size().columns - 1
                )
            ),
            dont_extend_height=True,
            wrap_lines=True,
        )
        shown = ~is_done & Condition(lambda: bool(_status_tokens(status, scrollable)))
        windows.append(ConditionalContainer(line, filter=shown))
        old = app.layout
        prompt = ConditionalContainer(old.container, filter=~viewing)
        app.layout = Layout(HSplit([*windows, prompt]), focused_element=old.current_window)

    def bind(self, keys: Mapping[str, object], handlers: Mapping[str, Callable[[], None]]) -> None:
        """PgUp/PgDn scroll, Ctrl-D interrupts, ``keys`` end the prompt, ``handlers`` act."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()
        bindings.add("pageup")(lambda event: self.scroll(-max(1, self.body_height() - 1)))
        bindings.add("pagedown")(lambda event: self.scroll(max(1, self.body_height() - 1)))
        bindings.add("c-d")(lambda event: event.app.exit(exception=EOFError))
        # Raw mode reads Ctrl-Z as a key: suspend as the shell would, and redraw on fg.
        bindings.add("c-z")(lambda event: event.app.suspend_to_background())

        def act(event: Any, value: object) -> None:
            event.app.erase_when_done = True  # no half-answered prompt left in the scrollback
            event.app.exit(result=value)

        for key, value in keys.items():
            bindings.add(key, eager=True)(lambda event, value=value: act(event, value))
        for key, handler in handlers.items():
            bindings.add(key, eager=True)(lambda event, handler=handler: handler())
        merged = merge_key_bindings([self.app.key_bindings or KeyBindings(), bindings])
        viewer = self.viewer
        if viewer is None:
            self.app.key_bindings = merged
        else:
            from prompt_toolkit.key_binding import DynamicKeyBindings

            for key in self.guide_keys:
                bindings.add(key, eager=True)(lambda event: viewer.toggle())
            own = viewer.bindings()
            self.app.key_bindings = DynamicKeyBindings(lambda: own if viewer.is_open else merged)
        self.app.refresh_interval = 0.5


def _shortcut_keys(app: Any) -> list[str] | None:
    """The shortcut keys of a questionary menu's choices; None when the prompt is no menu
    (questionary builds menus and checkboxes on a text prompt, so the control tells them apart)."""
    from questionary.prompts.common import InquirerControl

    menus = [
        window.content
        for window in app.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    ]
    if not menus:
        return None
    return [
        str(choice.shortcut_key)
        for menu in menus
        for choice in menu.choices
        if getattr(choice, "shortcut_key", None)
    ]
