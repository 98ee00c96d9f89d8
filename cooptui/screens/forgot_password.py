"""Olvidé mi contraseña: identity, OTP, a temporary password by e-mail (also unlocks)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Order, PasswordRecoveryOrder
from cooptui.screens.identity_flow import REQUIRED, IdentityFlowScreen
from cooptui.widgets.form_field import FormField


class PasswordRecoveryScreen(IdentityFlowScreen):
    TITLE_TEXT = "Olvidé mi contraseña"
    INTRO_TEXT = (
        "Ingresa tu usuario y tu identificación. Si tus datos son correctos, te enviaremos"
        " un código OTP y, al validarlo, una contraseña temporal a tu correo electrónico"
        " registrado. Si tu usuario estaba bloqueado, quedará desbloqueado."
    )

    def __init__(self, backend: Backend, username: str = "") -> None:
        super().__init__(backend)
        self.initial_username = username

    def compose_before(self) -> ComposeResult:
        yield FormField(
            "Usuario", Input(value=self.initial_username, id="username"), name="username"
        )

    def extra_problems(self) -> dict[str, str]:
        return {"username": "" if self.text("#username") else REQUIRED}

    def build_order(self) -> Order:
        return PasswordRecoveryOrder(
            username=self.text("#username"),
            id_type=self.id_type(),
            identification=self.text("#identification"),
        )
