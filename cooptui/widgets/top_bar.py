"""The header of the manual: cooperative, member, "Última conexión", SALIR."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from cooptui.domain.formatting import format_last_login


class TopBar(Horizontal):
    """Two lines on the left (cooperative), two on the right (member), then SALIR."""

    DEFAULT_CSS = """
    TopBar { height: 2; background: $primary-background; padding: 0 1; align-vertical: middle; }
    TopBar > Vertical { width: auto; height: 2; }
    TopBar #brand { width: auto; text-style: bold; color: $primary; }
    TopBar #brand-sub { width: auto; color: $text-muted; }
    TopBar #spacer { width: 1fr; }
    TopBar #who { align-horizontal: right; padding-right: 2; }
    TopBar #member { width: auto; text-style: bold; }
    TopBar #last-login { width: auto; color: $text-muted; }
    TopBar #logout { min-width: 7; width: 7; height: 1; }
    """

    class Logout(Message):
        """SALIR was pressed."""

    def __init__(self, member_name: str, last_login: datetime | None) -> None:
        super().__init__()
        self.member_name = member_name
        self.last_login = last_login

    def compose(self) -> ComposeResult:
        with Vertical(id="coop"):
            yield Static("COOPROGRESO", id="brand")
            yield Static("Cooperativa de Ahorro y Crédito", id="brand-sub")
        yield Static("", id="spacer")
        with Vertical(id="who"):
            yield Static(self.member_name, id="member", markup=False)
            last = format_last_login(self.last_login) if self.last_login else "primera conexión"
            yield Static(f"Última conexión: {last}", id="last-login")
        yield Button("SALIR", id="logout", variant="error", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "logout":
            event.stop()
            self.post_message(self.Logout())
