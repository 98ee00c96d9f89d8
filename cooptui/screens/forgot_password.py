"""Olvidé mi contraseña: identity, OTP, a temporary password by e-mail (also unlocks)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Order, PasswordRecoveryOrder
from cooptui.screens.identity_flow import IdentityFlowScreen


class PasswordRecoveryScreen(IdentityFlowScreen):
    TITLE_TEXT = "Olvidé mi contraseña"
    INTRO_TEXT = (
        "Ingresa tu usuario y tu identificación. Después de validar el código OTP, te"
        " enviaremos una contraseña temporal a tu correo electrónico registrado. Si tu"
        " usuario estaba bloqueado, quedará desbloqueado."
    )

    def __init__(self, backend: Backend, username: str = "") -> None:
        super().__init__(backend)
        self.initial_username = username

    def compose_before(self) -> ComposeResult:
        yield Label("Usuario")
        yield Input(value=self.initial_username, id="username")
        yield Label("", id="username-error", classes="field-error", markup=False)

    def extra_problems(self) -> dict[str, str]:
        value = self.query_one("#username", Input).value.strip()
        return {"username": "" if value else "Campo requerido"}

    def build_order(self) -> Order:
        return PasswordRecoveryOrder(
            username=self.query_one("#username", Input).value.strip(),
            id_type=self.id_type(),
            identification=self.query_one("#identification", Input).value.strip(),
        )
