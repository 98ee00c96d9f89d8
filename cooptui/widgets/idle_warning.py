"""The warning a minute before an idle session is closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cooptui.backend.errors import BackendError

if TYPE_CHECKING:
    from cooptui.app import CoopApp


class IdleWarning(ModalScreen[bool]):
    DEFAULT_CSS = """
    IdleWarning { align: center middle; }
    IdleWarning > Vertical {
        width: 60; height: auto; border: round $warning; padding: 1 2; background: $surface;
    }
    IdleWarning #idle-title { text-style: bold; color: $warning; }
    IdleWarning Button { margin-top: 1; width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Continuar")]

    def __init__(self, coop: CoopApp) -> None:
        super().__init__()
        self.coop = coop

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("¿Sigues ahí?", id="idle-title")
            yield Static("", id="idle-countdown")
            yield Button("Continuar conectado", id="stay", variant="primary")

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        left = max(0, int(self.coop.idle_timeout - self.coop.idle_seconds()))
        self.query_one("#idle-countdown", Static).update(
            f"Por tu seguridad, tu sesión se cerrará en {left} segundos por inactividad."
        )

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self._keepalive()

    @work(exclusive=True, exit_on_error=False)
    async def _keepalive(self) -> None:
        try:
            await self.coop.backend.profile()  # keeps the bank's side of the session alive
        except BackendError:
            pass  # a dead session surfaces on the next call and logs out cleanly
        self.dismiss(True)
