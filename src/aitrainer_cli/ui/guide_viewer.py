"""The guideline viewer of an open-book attempt: shown in place of the question and its prompt,
inside the prompt that is running, so the countdown keeps running on the status line, the
deadline still ends the attempt, and closing the viewer returns to the very same prompt (typed
text, ticks and the highlighted choice are never touched: the prompt never ended).

It opens at the first section the item references; ``n`` moves to the next one. While it is
open, only its own keys act (the prompt's keys are switched off), so nothing typed to scroll
the guideline changes the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aitrainer_cli.inert import inert_line

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Container
    from rich.console import RenderableType

VIEWER_HINT = "q closes · ↑↓ PgUp/PgDn · n next section"
"""The status line's keys while the viewer is open."""


@dataclass(frozen=True, slots=True)
class Guide:
    """What the viewer shows: the guideline's title, its sections in file order (each its own
    heading and text), and the sections the current item references."""

    title: str
    parts: tuple[tuple[str, RenderableType], ...]
    anchors: tuple[str, ...] = ()


def open_keys(taken: Sequence[str], typing: bool) -> tuple[list[str], str]:
    """The keys that open the viewer and the status-line hint: ``g`` unless the prompt takes
    text (then it types a g) or already uses ``g``; Ctrl-G always."""
    if typing or "g" in taken:
        return ["c-g"], "^G guide"
    return ["g", "c-g"], "g guide"


class GuideViewer:
    """The viewer's windows, keys and state for one running prompt."""

    def __init__(self, app: Any, guide: Guide, reserved: int = 2) -> None:
        self.app, self.guide, self.reserved = app, guide, reserved
        self.is_open = False
        self.lines: list[str] = []
        self.offsets: dict[str, int] = {}
        self.width = 0
        self.top = 0
        self.anchor = 0
        self.window: Any = None
        self.previous: Any = None

    # -- content ------------------------------------------------------------------------------

    def _render(self) -> None:
        """Render the sections at the terminal's width (again after a resize)."""
        from aitrainer_cli.ui.prompt_frame import render_ansi

        width = max(20, self.app.output.get_size().columns - 1)
        if width == self.width:
            return
        self.width, self.lines, self.offsets = width, [], {}
        for section_id, renderable in self.guide.parts:
            if self.lines:
                self.lines.append("")
            self.offsets.setdefault(section_id, len(self.lines))
            self.lines += render_ansi(renderable, width).rstrip("\n").split("\n")
        self.scroll(0)

    def height(self) -> int:
        rows: int = self.app.output.get_size().rows
        return max(3, rows - self.reserved)

    def page(self) -> int:
        return max(1, self.height() - 1)

    def scroll(self, delta: int) -> None:
        self.top = max(0, min(self.top + delta, len(self.lines) - self.height()))

    def jump(self, step: int) -> None:
        """To the item's next (or first) referenced section."""
        anchors = [a for a in self.guide.anchors if a in self.offsets]
        if not anchors:
            self.top = 0 if step == 0 else self.top
            return
        self.anchor = 0 if step == 0 else (self.anchor + step) % len(anchors)
        self.top = 0
        self.scroll(self.offsets[anchors[self.anchor]])

    def title(self) -> str:
        """One line: the item's sections first (they matter most), then the guideline's title,
        cut with … to the terminal's width."""
        mine = [a for a in self.guide.anchors if a in self.offsets]
        about = f"this item: {', '.join(mine)} · " if mine else ""
        line = inert_line(f" Guideline · {about}{self.guide.title}")
        width = max(20, self.app.output.get_size().columns - 1)
        return line if len(line) <= width else line[: width - 1] + "…"

    # -- layout and keys ----------------------------------------------------------------------

    def container(self) -> Container:
        """The title line and the scrollable guideline."""
        from prompt_toolkit.data_structures import Point
        from prompt_toolkit.formatted_text import ANSI
        from prompt_toolkit.layout import HSplit, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension

        def text() -> ANSI:
            self._render()
            return ANSI("\n".join(self.lines))

        self.window = Window(
            FormattedTextControl(
                text, focusable=True, get_cursor_position=lambda: Point(0, self.top)
            ),
            height=lambda: Dimension.exact(self.height()),
            get_vertical_scroll=lambda window: self.top,
            wrap_lines=False,
        )
        heading = Window(
            FormattedTextControl(lambda: [("reverse", self.title())]),
            height=1,
            dont_extend_height=True,
        )
        return HSplit([heading, self.window])

    def toggle(self) -> None:
        """Open at the item's first section, or close and give the prompt its focus back."""
        layout = self.app.layout
        if self.is_open:
            self.is_open = False
            if self.previous is not None:
                layout.focus(self.previous)
            return
        self.previous = layout.current_window
        self.is_open = True
        self._render()
        self.jump(0)
        layout.focus(self.window)

    def bindings(self) -> KeyBindings:
        """The only keys while open: close, scroll, next section; Ctrl-C and Ctrl-D as ever."""
        from prompt_toolkit.key_binding import KeyBindings

        keys = KeyBindings()
        for key in ("q", "g", "escape", "c-g"):
            keys.add(key, eager=True)(lambda event: self.toggle())
        moves = {"up": -1, "k": -1, "down": 1, "j": 1, "enter": 1}
        for key, delta in moves.items():
            keys.add(key)(lambda event, delta=delta: self.scroll(delta))
        keys.add("pageup")(lambda event: self.scroll(-self.page()))
        keys.add("pagedown")(lambda event: self.scroll(self.page()))
        keys.add("space")(lambda event: self.scroll(self.page()))
        keys.add("home")(lambda event: self.scroll(-len(self.lines)))
        keys.add("end")(lambda event: self.scroll(len(self.lines)))
        keys.add("n")(lambda event: self.jump(1))
        keys.add("tab")(lambda event: self.jump(1))
        keys.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt))
        keys.add("c-d")(lambda event: event.app.exit(exception=EOFError))
        keys.add("c-z")(lambda event: event.app.suspend_to_background())
        keys.add("<any>")(lambda event: None)  # nothing else reaches the hidden prompt
        return keys
