"""Contacto before signing in: the login screen's way to the Call Center.

A member whose user is locked, or who forgot everything, cannot reach the menu's
Contacto; `contact_channels` is public, so the same list opens over the login screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from cooptui.backend.protocol import Backend
from cooptui.screens.contact import INTRO
from cooptui.widgets.contact_list import ContactList
from cooptui.widgets.errors import PresentsWorkerErrors


class ContactDialog(PresentsWorkerErrors, ModalScreen[None]):
    """Esc (Regresar) goes back to the login screen as it was; F5 fetches again."""

    CSS_PATH = "contact_dialog.tcss"
    AUTO_FOCUS = ""  # the list takes the focus once it has channels
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-short"),
        (30, "-medium"),
        (40, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("f5", "reload", "Actualizar"),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(id="cd-box"):
            yield Static("Contacto", id="cd-title")
            yield Static(INTRO, id="cd-intro")
            yield ContactList(self.backend, id="cd-list")
            with Horizontal(id="cd-buttons"):
                yield Button("Regresar", id="cd-close", variant="primary")
        yield Footer()

    def action_reload(self) -> None:
        self.query_one(ContactList).load()

    @on(Button.Pressed, "#cd-close")
    def action_back(self) -> None:
        self.dismiss(None)
