"""The login screen: the web manual's first screenshot, in a terminal."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from cooptui.backend.errors import BackendError
from cooptui.backend.protocol import Backend
from cooptui.domain.auth import LoginResult, LoginStatus
from cooptui.domain.catalog import SECURITY_TIPS

REQUIRED = "Campo requerido"


class LoginScreen(Screen[LoginResult]):
    """Usuario and Contraseña; dismisses with the backend's LoginResult."""

    CSS_PATH = "login.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_password", "Mostrar/ocultar contraseña")
    ]

    def __init__(self, backend: Backend, device_id: str) -> None:
        super().__init__()
        self.backend = backend
        self.device_id = device_id

    def compose(self) -> ComposeResult:
        with Horizontal(id="login-body"):
            with Vertical(id="login-form"):
                yield Static("COOPROGRESO", id="brand")
                yield Static("Cooperativa de Ahorro y Crédito", id="brand-sub")
                yield Label("¡Bienvenido!", id="welcome")
                yield Label("Usuario")
                yield Input(placeholder="Usuario", id="username", max_length=40)
                yield Label("", id="username-error", classes="field-error")
                yield Label("Contraseña")
                yield Input(placeholder="Contraseña", password=True, id="password", max_length=64)
                yield Label("", id="password-error", classes="field-error")
                yield Button("Ingresar", id="login", variant="primary")
                yield Label("", id="login-error", classes="form-error")
                yield Static("", id="demo-hint")
            with Vertical(id="security"):
                yield Static("¡Pensamos en tu SEGURIDAD!", id="security-title")
                yield Static("Ten en cuenta estos consejos", id="security-sub")
                for tip in SECURITY_TIPS:
                    yield Static(f"• {tip}", classes="tip", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        demo = self.backend.demo
        if demo is not None:
            creds = await demo.demo_credentials()
            if creds:
                user, password = creds[0]
                self.query_one("#demo-hint", Static).update(
                    f"Banco de demostración: usuario {user} · contraseña {password}"
                )

    def action_toggle_password(self) -> None:
        field = self.query_one("#password", Input)
        field.password = not field.password

    @on(Input.Submitted, "#username")
    def _next_field(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        self.query_one("#username-error", Label).update("" if username else REQUIRED)
        self.query_one("#password-error", Label).update("" if password else REQUIRED)
        self.query_one("#login-error", Label).update("")
        if username and password:
            self.query_one("#login", Button).disabled = True
            self._login(username, password)

    @work(exclusive=True, group="login")
    async def _login(self, username: str, password: str) -> None:
        try:
            result = await self.backend.login(username, password, self.device_id)
        except BackendError as exc:
            self.query_one("#login-error", Label).update(exc.message)
            field = self.query_one("#password", Input)
            field.value = ""
            field.focus()
        else:
            self.dismiss(result)
        finally:
            self.query_one("#login", Button).disabled = False


def status_message(result: LoginResult) -> str:
    """What the member is told after a correct password, by the session's state."""
    return {
        LoginStatus.OK: f"Bienvenido, {result.member_name}.",
        LoginStatus.PASSWORD_CHANGE_REQUIRED: "Debes personalizar tu contraseña.",
        LoginStatus.DEVICE_REGISTRATION_REQUIRED: "Debes registrar este equipo.",
    }[result.status]
