"""Ayuda (`?`): the manual's steps for the screen the member is on, and that screen's keys.

The steps are help_texts' (the screen's entry, else its menu item's, else, over a dialog,
the entry of the screen under it). The keys are read from the screen's active bindings at
the moment `?` was pressed, so they are exactly the ones that work there now (F5 only where
the screen can fetch again, the keys of the table that has the focus…).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from cooptui.screens.frame import BankScreen
from cooptui.screens.help_texts import GENERAL, HELP, HelpEntry
from cooptui.screens.key_guide import KeyGuideScreen, key_rows, keys_table, own_bindings
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll


def entry_of(screen: Screen[object]) -> HelpEntry | None:
    """The screen's own entry, else its menu item's."""
    entry = HELP.get(type(screen).__name__)
    if entry is None and isinstance(screen, BankScreen):
        entry = HELP.get(screen.MENU_ID)
    return entry


def entry_for(stack: Sequence[Screen[object]]) -> HelpEntry:
    """The entry of the top screen; a dialog without one shows the screen it is over."""
    for screen in reversed(stack):
        entry = entry_of(screen)
        if entry is not None:
            return entry
        if not screen.is_modal:
            break
    return GENERAL


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) of every binding of the app's that works on `screen` now."""
    return key_rows(
        (key, active.binding)
        for key, active in screen.active_bindings.items()
        if active.enabled and active.binding in own_bindings(type(active.node))
    )


class HelpDialog(ModalScreen[None]):
    """Over the screen it explains; Esc closes it and leaves that screen as it was."""

    CSS_PATH = "help_dialog.tcss"
    AUTO_FOCUS = ""  # on_mount: the text if it must scroll, else Cerrar
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cerrar"),
        Binding("g", "key_guide", "Guía de teclas"),
    ]

    def __init__(
        self, entry: HelpEntry, keys: list[tuple[str, str]], explains: type[Screen[object]]
    ) -> None:
        super().__init__()
        self.entry = entry
        self.keys = keys
        self.explains = explains
        """The class of the screen explained: the Guía de teclas opens at its section."""

    @classmethod
    def for_stack(cls, stack: Sequence[Screen[object]]) -> HelpDialog | None:
        """The help of the top screen, or None when it is the help (or the guide) itself."""
        top = stack[-1]
        if isinstance(top, HelpDialog | KeyGuideScreen):
            return None
        return cls(entry_for(stack), screen_keys(top), type(top))

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(f"Ayuda · {self.entry.title}"), id="help-title")
            with OverflowScroll(id="help-body"):
                for number, step in enumerate(self.entry.steps, 1):
                    with Horizontal(classes="help-step"):
                        yield Static(f"Paso {number}", classes="help-step-label")
                        yield Static(Text(step), classes="help-step-text")
                for note in self.entry.notes:
                    yield Static(Text(f"Nota: {note}"), classes="help-note")
                if self.keys:
                    yield Static("Teclas de esta pantalla", id="help-keys-title")
                    yield Static(keys_table(self.keys), id="help-keys")
            with Horizontal(id="help-buttons"):
                yield Button("Guía de teclas (g)", id="help-guide")
                yield Button("Cerrar", id="help-close", variant="primary")

    def on_mount(self) -> None:
        def focus() -> None:
            body = self.query_one("#help-body", OverflowScroll)
            self.set_focus(body if body.allow_focus() else self.query_one("#help-close"))

        self.call_after_refresh(focus)

    @on(Button.Pressed, "#help-close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#help-guide")
    def action_key_guide(self) -> None:
        self.app.push_screen(KeyGuideScreen(self.explains))
