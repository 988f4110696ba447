"""Interactive building blocks every item type's prompt is made of: a menu, typed text, ticks.

Each prompt runs inside the frame of ``prompt_frame`` (material above, countdown below). Actions
(skip, mark for review, previous, answer sheet) are single keys shown on the status line, plus
one "More" entry that opens them as a menu, so the choices stay short and the material keeps the
screen. Results are typed: ``Picked`` for a choice, an ``Action`` or a ``Signal`` otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rich.console import Group, RenderableType

from aitrainer_cli.inert import inert
from aitrainer_cli.ui.asking import Action, AskContext, Signal
from aitrainer_cli.ui.guide_viewer import Guide
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompt_frame import Status, run_framed

ACTION_KEYS = {Action.SKIP: "s", Action.FLAG: "m", Action.BACK: "p", Action.SHEET: "l"}
"""The one key of each action, the same on every question: no option takes these letters
(claim verdicts and span categories are numbered instead)."""
RESERVED = frozenset(ACTION_KEYS.values())
PICK = "(keys or arrows pick, Enter confirms)"
"""How every menu works: a key (an option's letter or an action's) only picks; Enter confirms."""
ACTION_WORDS = {
    Action.SKIP: "skip",
    Action.FLAG: "mark",
    Action.BACK: "prev",
    Action.SHEET: "sheet",
}
_SHORTCUTS = frozenset("1234567890abcdefghijklmnopqrstuvwxyz")
"""The only keys questionary accepts as shortcuts."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One row of a menu: its value, its title, and a key that picks it."""

    value: object
    title: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Picked:
    """The learner picked the choice with this value."""

    value: object


class Again(Enum):
    """The learner went back to the question from the action menu: ask it from the start."""

    ASK = "ask"


@dataclass(frozen=True, slots=True)
class Edit:
    """The learner asked to edit the text in their own editor; ``text`` is what it held."""

    text: str


_EDIT = object()
"""The prompt result of the editor key."""

Reply = Picked | Action | Signal | Again
"""What a menu gives back."""


class _More:
    """The menu row that opens the action menu."""


class _AnswerNow:
    """The action-menu row that goes back to the question."""


def fit(text: str, margin: int = 8) -> str:
    """One line of a choice, cut with … to the terminal (the full text is in the body above)."""
    line = " ".join(inert(text).split())
    width = max(20, shutil.get_terminal_size().columns - margin)
    return line if len(line) <= width else line[: width - 1] + "…"


def wrapped(message: str, tail: str = "") -> str:
    """A prompt's question broken at spaces to the terminal's width (after the "? " mark), so
    that a long question wraps between words, never in the middle of one; ``tail`` (the
    instruction questionary prints after it) is kept whole on the last line or the next."""
    import textwrap

    width = max(20, shutil.get_terminal_size().columns - 1)
    reserve = len(tail) + 1 if tail else 0
    if len(message) + 2 + reserve <= width:
        return message
    lines = textwrap.wrap(
        " ".join(message.split()) + (" " + "\0" * len(tail) if tail else ""),
        width,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    if not lines:
        return message
    lines[0] = lines[0][2:]
    text = "\n".join(lines).rstrip("\0")
    return text if text.endswith("\n  ") else text.rstrip(" ")


def action_words(context: AskContext) -> dict[str, str]:
    """Each action key's word on the status line ("s skip")."""
    words = {**ACTION_WORDS, Action.FLAG: "unmark" if context.flagged else "mark"}
    return {ACTION_KEYS[action]: words[action] for action, _ in action_titles(context)}


def action_titles(context: AskContext) -> list[tuple[Action, str]]:
    """The actions open on this question, with their menu titles."""
    titles = [
        (Action.SKIP, "Skip for now"),
        (Action.FLAG, "Unmark" if context.flagged else "Mark for review"),
        (Action.BACK, "Previous question"),
        (Action.SHEET, "Answer sheet"),
    ]
    return [(a, t) for a, t in titles if a is not Action.BACK or context.can_go_back]


@dataclass(slots=True)
class _Menu:
    """questionary choices being built, with the shortcut keys already taken."""

    choices: list[Any] = field(default_factory=list)
    taken: set[str | None] = field(default_factory=set)

    def add(self, value: object, title: str, key: str | None) -> None:
        import questionary

        usable = key if key and key in _SHORTCUTS and key not in self.taken | RESERVED else None
        self.taken.add(usable)
        self.choices.append(questionary.Choice(title, value=value, shortcut_key=usable or False))

    def free_key(self, keys: str) -> str | None:
        key = next((k for k in keys if k not in self.taken), None)
        self.taken.add(key)
        return key

    def default(self, value: object) -> Any:
        if value is None:
            return None
        return next((c for c in self.choices if getattr(c, "value", _More) == value), None)


class Prompts:
    """The interactive prompts of one exam: remembers the time limit and interrupted drafts."""

    def __init__(self) -> None:
        self.limit: float | None = None
        """The attempt's time limit, remembered for menus between questions."""
        self.drafts: dict[tuple[str, str], str] = {}
        """Text typed into a prompt that was interrupted, by question and prompt."""
        self.guides: dict[str, Guide] = {}
        """The guideline viewer's content, by question (built once per question)."""

    def status(self, context: AskContext, hint: str = "") -> Status:
        """The status line for a prompt of this question."""
        self.limit = context.limit
        return Status(
            f"question {context.number}/{context.total}",
            context.flagged,
            context.remaining,
            hint=hint,
            limit=context.limit,
            guide=self.guide(context),
            words=action_words(context),
        )

    def guide(self, context: AskContext) -> Guide | None:
        """The open-book viewer's content for this question, if it has a guideline."""
        if context.guideline is None:
            return None
        question_id = context.question.id
        if question_id not in self.guides:
            from aitrainer_cli.ui.guide_view import viewer_guide

            self.guides[question_id] = viewer_guide(context.guideline, context.question.guideline)
        return self.guides[question_id]

    def body(self, context: AskContext) -> RenderableType:
        """The question as the prompt shows it above itself."""
        from aitrainer_cli.exam.answers import format_response
        from aitrainer_cli.ui.question_view import header, question_view

        parts: list[RenderableType] = [
            header(context.question, f"{context.number}/{context.total}", topic=False),
            question_view(context.question, context.item.letters),
        ]
        if context.response is not None:
            answer = format_response(context.question, context.response, context.item.letters)
            parts.append(bank_text("Your answer so far: " + answer, style="bold"))
        return Group(*parts)

    def action_keys(self, context: AskContext, menu: _Menu) -> dict[str, Action]:
        """A free key for each open action; the key acts at once."""
        keys: dict[str, Action] = {}
        for action, _ in action_titles(context):
            key = ACTION_KEYS[action]
            menu.taken.add(key)
            keys[key] = action
        return keys

    async def select(
        self,
        message: str,
        rows: Sequence[Choice],
        context: AskContext,
        *,
        default: object = None,
        shortcuts: bool = True,
        body: RenderableType | None = None,
    ) -> Reply:
        """A menu of ``rows`` for this question, with the actions as keys and a More row.

        ``body`` replaces the question shown above the menu (a rating of several responses
        shows only the response being rated)."""
        import questionary

        menu = _Menu()
        for row in rows:
            menu.add(row.value, row.title, row.key)
        keys = self.action_keys(context, menu)
        more_key = next((k for k in "x0" if k not in menu.taken), None)
        named = {Action.BACK: "previous", Action.SHEET: "answer sheet"}
        open_ = [named.get(a, title.split(" ")[0].lower()) for a, title in action_titles(context)]
        menu.add(_More, "More: " + ", ".join(open_), more_key)
        words = action_words(context)
        status = self.status(context, " · ".join(f"{k} {words[k]}" for k in keys))
        instruction = PICK if shortcuts else "(arrows pick, Enter confirms)"
        prompt = questionary.select(
            wrapped(message, instruction),
            choices=menu.choices,
            default=menu.default(default),
            use_shortcuts=shortcuts,
            use_arrow_keys=True,
            qmark="?",
            instruction=instruction,
        )
        result = await run_framed(
            prompt,
            self.body(context) if body is None else body,
            status,
            choice_rows=len(menu.choices),
            keys=keys,
        )
        if result is _More:
            return await self.action_menu(context)
        return result if isinstance(result, Action | Signal) else Picked(result)

    async def action_menu(self, context: AskContext) -> Action | Signal | Again:
        """Skip, mark, previous or the answer sheet as a menu, or back to the question."""
        import questionary

        menu = _Menu()
        menu.add(_AnswerNow, "Answer this question", "a")
        menu.choices.append(questionary.Separator(" "))
        for action, title in action_titles(context):
            # Here the keys pick their row, as letters do in every menu; Enter confirms.
            key = ACTION_KEYS[action]
            menu.choices.append(questionary.Choice(title, value=action, shortcut_key=key))
        prompt = questionary.select(
            "What next?",
            choices=menu.choices,
            use_shortcuts=True,
            use_arrow_keys=True,
            qmark="?",
            instruction=PICK,
        )
        result = await run_framed(
            prompt,
            self.body(context),
            self.status(context),
            choice_rows=len(menu.choices),
        )
        return Again.ASK if result is _AnswerNow else result

    async def typed(
        self,
        message: str,
        context: AskContext,
        *,
        default: str = "",
        multiline: bool = False,
        validate: Callable[[str], bool | str] | None = None,
        on_leave: Callable[[str], None] | None = None,
    ) -> str | Action | Signal | Again:
        """Typed text; finished empty, it opens the action menu. ``on_leave`` gets the text
        typed when the prompt ends without it (a pause, the deadline)."""
        result, typed = await self._typed(message, context, default, multiline, validate, {})
        if isinstance(result, Action | Signal | Again):
            if on_leave is not None and typed.strip():
                on_leave(typed)
            return result
        return str(result)

    async def edited(
        self, message: str, context: AskContext, *, default: str = "", note: str = ""
    ) -> tuple[str | Action | Signal | Again | Edit, str]:
        """Multi-line text with a key (Ctrl-O) that asks for the learner's own editor: the
        result as ``typed`` gives it, or ``Edit``; and the text the prompt held at the end.
        ``note`` is a line above the message (what the editor did), where the screen keeps it."""
        keys = {"c-o": _EDIT}
        return await self._typed(message, context, default, True, None, keys, note)

    async def _typed(
        self,
        message: str,
        context: AskContext,
        default: str,
        multiline: bool,
        validate: Callable[[str], bool | str] | None,
        keys: Mapping[str, object],
        note: str = "",
    ) -> tuple[str | Action | Signal | Again | Edit, str]:
        import questionary

        hints = ["Esc Enter finishes"] if multiline else []
        hints += ["Ctrl-O editor"] if keys else []
        status = self.status(context, " · ".join([*hints, "finish empty to skip/mark"]))
        draft_key = (context.item.question_id, message)
        prompt = questionary.text(
            f"{fit(note, 4)}\n{message}" if note else message,
            default=self.drafts.pop(draft_key, default),
            multiline=multiline,
            instruction="",
            validate=validate,
            qmark="?",
        )
        result = await run_framed(
            prompt, self.body(context), status, choice_rows=6 if multiline else 1, keys=keys
        )
        typed = prompt.application.current_buffer.text
        if result is _EDIT:
            return Edit(typed), typed
        if isinstance(result, Signal):  # keep what was typed for when the learner is back
            if typed.strip():
                self.drafts[draft_key] = typed
            return result, typed
        if str(result).strip():
            return str(result), typed
        return await self.action_menu(context), typed

    async def ticks(
        self,
        message: str,
        rows: Sequence[Choice],
        context: AskContext,
        *,
        ticked: Sequence[object] = (),
        toggles: Mapping[str, int] | None = None,
        on_leave: Callable[[list[object]], None] | None = None,
    ) -> list[object] | Action | Signal | Again:
        """Checkboxes; ``toggles`` maps a key to the row it ticks. Confirmed with nothing ticked,
        it opens the action menu. ``on_leave`` gets the ticks standing when the prompt ends
        without confirming them (an action key, a pause, the deadline)."""
        import questionary

        choices = [
            questionary.Choice(row.title, value=row.value, checked=row.value in ticked)
            for row in rows
        ]
        prompt = questionary.checkbox(message, choices=choices, qmark="?", instruction="")
        keys = {
            key: action
            for action, _ in action_titles(context)
            if (key := ACTION_KEYS[action][0]) not in (toggles or {})
        }
        words = action_words(context)
        hint = " · ".join(
            ["letter or Space ticks", "Enter confirms", *(f"{k} {words[k]}" for k in keys)]
        )
        result = await run_framed(
            prompt,
            self.body(context),
            self.status(context, hint),
            choice_rows=len(choices),
            keys=keys,
            handlers=_toggles(prompt, toggles or {}),
        )
        if isinstance(result, Action | Signal):
            if on_leave is not None:
                on_leave(list(_control(prompt).selected_options))
            return result
        return list(result) if result else await self.action_menu(context)


def _toggles(prompt: Any, toggles: Mapping[str, int]) -> dict[str, Callable[[], None]]:
    """Each key ticks or unticks its row, as a learner expects. questionary's checkbox would
    read ``a`` as "tick all" and ``i`` as "invert", a trap in an exam."""
    control = _control(prompt)

    def toggle(index: int) -> Callable[[], None]:
        def run() -> None:
            control.pointed_at = index
            value = control.choices[index].value
            if value in control.selected_options:
                control.selected_options.remove(value)
            else:
                control.selected_options.append(value)

        return run

    return {key: toggle(index) for key, index in toggles.items()}


def _control(prompt: Any) -> Any:
    """The menu control of a questionary checkbox or select (its choices and ticks)."""
    from questionary.prompts.common import InquirerControl

    return next(
        window.content
        for window in prompt.application.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    )
