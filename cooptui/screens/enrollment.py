"""Afiliación ("¿Eres un usuario nuevo? Regístrate aquí"): Pasos 2 a 5 of the manual."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import EnrollmentOrder, Order
from cooptui.screens.device_registration import default_device_name, device_name_problem
from cooptui.screens.identity_flow import IdentityFlowScreen


class EnrollmentScreen(IdentityFlowScreen):
    TITLE_TEXT = "Registro habitual"
    INTRO_TEXT = (
        "Valida tu identidad con tu cédula o pasaporte. Te enviaremos un código OTP al"
        " teléfono móvil que registraste en Cooprogreso y, luego, tu usuario y contraseña"
        " temporal a tu correo electrónico."
    )

    def __init__(self, backend: Backend, device_id: str) -> None:
        super().__init__(backend)
        self.device_id = device_id

    def compose_after(self) -> ComposeResult:
        yield Label("Equipo")
        yield Input(value=default_device_name(), id="device-name")
        yield Label("", id="device-name-error", classes="field-error", markup=False)

    def extra_problems(self) -> dict[str, str]:
        name = self.query_one("#device-name", Input).value.strip()
        return {"device-name": device_name_problem(name) if name else "Campo requerido"}

    @on(Input.Changed, "#device-name")
    def _device_name_typed(self, event: Input.Changed) -> None:
        problem = device_name_problem(event.value.strip())
        self.query_one("#device-name-error", Label).update(problem)

    def build_order(self) -> Order:
        return EnrollmentOrder(
            id_type=self.id_type(),
            identification=self.query_one("#identification", Input).value.strip(),
            device_id=self.device_id,
            device_name=self.query_one("#device-name", Input).value.strip(),
        )
