"""The App: login gate in front of the member's session."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Footer, Header, Static

from cooptui.backend.protocol import Backend
from cooptui.device import device_id
from cooptui.domain.auth import LoginResult
from cooptui.screens.login import LoginScreen, status_message


class CoopApp(App[None]):
    """Cooprogreso en Línea for the terminal."""

    TITLE = "Cooprogreso en Línea"
    CSS_PATH = "app.tcss"

    def __init__(
        self, backend: Backend, *, idle_timeout: int = 300, device: str | None = None
    ) -> None:
        super().__init__()
        self.backend = backend
        self.idle_timeout = idle_timeout
        self.device_id = device or device_id()

    def compose(self):  # type: ignore[no-untyped-def]
        yield Header()
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.push_screen(LoginScreen(self.backend, self.device_id), self._logged_in)

    def _logged_in(self, result: LoginResult | None) -> None:
        if result is not None:
            self.query_one("#status", Static).update(status_message(result))

    async def on_unmount(self) -> None:
        await self.backend.aclose()
