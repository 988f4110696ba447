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
    from prompt_toolkit.key_binding import KeyBindings
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
    words: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """What each single action key does, in words ("skip"), for the line that asks for Enter."""


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
    hints = list(filter(None, status.hint.split(" · ")))
    for rank, hint in enumerate(hints):
        parts.append((3 + rank, "fg:ansibrightblack", f"· {hint} "))
    if sum(len(text) for _, _, text in parts) <= width:
        return [(style_, text) for _, style_, text in parts]
    # Too narrow for every hint: say where they are rather than drop them silently.
    more = (2, "fg:ansicyan", f"· {KEYS_KEY} keys ")
    parts.append(more)
    while len(parts) > 2 and sum(len(text) for _, _, text in parts) > width:
        parts.remove(max((p for p in parts if p is not more), key=lambda part: part[0]))
    return [(style_, text) for _, style_, text in parts]


KEYS_KEY = "?"
"""The key that shows every key of a prompt on the status line when it is too narrow for them."""
KEYS_KEY_TYPING = "f1"
"""The same in a text prompt, where ``?`` is typed."""


def _keys_tokens(status: Status, pending: str | None) -> StyleAndTextTuples:
    """The status line while it lists every key (wrapped), or asks Enter for an action key."""
    if pending is not None:
        return [("bold", f" {pending}: press Enter to confirm, any other key cancels ")]
    hints = " · ".join(filter(None, [status.book, "PgUp/PgDn scroll", status.hint]))
    return [("fg:ansibrightblack", f" {hints} · {KEYS_KEY} hides ")]


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
    frame.bind(keys or {}, handlers or {}, status.words)
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
        self.listing = False
        """The status line lists every key (``?`` on a narrow screen)."""
        self.pending: tuple[str, object, object] | None = None
        """An action key pressed and waiting for Enter: its words, its value, and the prompt's
        state then (a key that changes the state, an arrow or a tick, cancels it)."""

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

        def tokens() -> StyleAndTextTuples:
            pending = self.waiting()
            if pending is not None or (self.listing and not viewing()):
                return _keys_tokens(status, pending)
            columns = app.output.get_size().columns - 1
            return _status_tokens(self.shown_status(status), scrollable, columns)

        line = Window(FormattedTextControl(tokens), dont_extend_height=True, wrap_lines=True)
        shown = ~is_done & Condition(lambda: bool(_status_tokens(status, scrollable)))
        windows.append(ConditionalContainer(line, filter=shown))
        old = app.layout
        prompt = ConditionalContainer(old.container, filter=~viewing)
        app.layout = Layout(HSplit([*windows, prompt]), focused_element=old.current_window)

    def state(self) -> object:
        """What a key can change in the prompt: the text, the highlighted row, the ticks."""
        control = _menu_control(self.app)
        text = self.app.current_buffer.text if self.app.current_buffer else ""
        if control is None:
            return text
        return text, control.pointed_at, tuple(map(repr, control.selected_options))

    def waiting(self) -> str | None:
        """The words of the action key waiting for Enter, if it still stands."""
        if self.pending is None or self.pending[2] != self.state():
            return None
        return self.pending[0]

    def bind_actions(
        self, bindings: KeyBindings, keys: Mapping[str, object], words: Mapping[str, str]
    ) -> None:
        """The action keys (a single key asks for Enter, a Ctrl key acts), Enter and Esc while
        one waits, and the key that lists every key."""
        from prompt_toolkit.filters import Condition

        def act(event: Any, value: object) -> None:
            event.app.erase_when_done = True  # no half-answered prompt left in the scrollback
            event.app.exit(result=value)

        def arm(key: str, value: object) -> None:
            self.pending = (f"{key} {words.get(key, key)}", value, self.state())

        waiting = Condition(lambda: self.waiting() is not None)

        @bindings.add("enter", eager=True, filter=waiting)
        def confirm(event: Any) -> None:
            assert self.pending is not None
            act(event, self.pending[1])

        @bindings.add("escape", eager=True, filter=waiting)
        def cancel(event: Any) -> None:
            self.pending = None

        for key, value in keys.items():
            if len(key) == 1:
                bindings.add(key, eager=True)(lambda event, key=key, value=value: arm(key, value))
            else:
                bindings.add(key, eager=True)(lambda event, value=value: act(event, value))

        def toggle_listing(event: Any) -> None:
            self.listing = not self.listing

        typing = _menu_control(self.app) is None
        bindings.add(KEYS_KEY_TYPING if typing else KEYS_KEY, eager=True)(toggle_listing)

    def bind(
        self,
        keys: Mapping[str, object],
        handlers: Mapping[str, Callable[[], None]],
        words: Mapping[str, str] | None = None,
    ) -> None:
        """PgUp/PgDn scroll, Ctrl-D interrupts, ``keys`` end the prompt, ``handlers`` act.

        A single-character key (an action: ``s`` skip) only asks for Enter, as an option's
        letter only highlights it: every key picks, Enter confirms. Ctrl keys act at once."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()
        bindings.add("pageup")(lambda event: self.scroll(-max(1, self.body_height() - 1)))
        bindings.add("pagedown")(lambda event: self.scroll(max(1, self.body_height() - 1)))
        bindings.add("c-d")(lambda event: event.app.exit(exception=EOFError))
        # Raw mode reads Ctrl-Z as a key: suspend as the shell would, and redraw on fg.
        bindings.add("c-z")(lambda event: event.app.suspend_to_background())

        self.bind_actions(bindings, keys, words or {})
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


def _menu_control(app: Any) -> Any:
    """The menu control of a questionary select or checkbox; None in a text prompt."""
    from questionary.prompts.common import InquirerControl

    return next(
        (
            window.content
            for window in app.layout.find_all_windows()
            if isinstance(window.content, InquirerControl)
        ),
        None,
    )
