"""Olvidé mi usuario: identity, OTP, and the username arrives by e-mail."""

from __future__ import annotations

from cooptui.domain.operations import Order, UsernameReminderOrder
from cooptui.screens.identity_flow import IdentityFlowScreen


class UsernameReminderScreen(IdentityFlowScreen):
    TITLE_TEXT = "Olvidé mi usuario"
    INTRO_TEXT = (
        "Ingresa tu identificación. Si tus datos son correctos, te enviaremos un código OTP"
        " a tu celular y, al validarlo, tu usuario a tu correo electrónico registrado."
    )

    def build_order(self) -> Order:
        return UsernameReminderOrder(
            id_type=self.id_type(),
            identification=self.text("#identification"),
        )
