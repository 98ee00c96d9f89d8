"""Afiliación ("¿Eres un usuario nuevo? Regístrate aquí"): Pasos 2 a 5 of the manual."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import EnrollmentOrder, Order
from cooptui.screens.device_registration import default_device_name, device_name_problem
from cooptui.screens.identity_flow import REQUIRED, IdentityFlowScreen
from cooptui.widgets.form_field import FormField


class EnrollmentScreen(IdentityFlowScreen):
    TITLE_TEXT = "Registro habitual"
    INTRO_TEXT = (
        "Valida tu identidad con tu cédula o pasaporte. Si tus datos son correctos, te"
        " enviaremos un código OTP al teléfono móvil que registraste en Cooprogreso y,"
        " luego, tu usuario y contraseña temporal a tu correo electrónico."
    )

    def __init__(self, backend: Backend, device_id: str) -> None:
        super().__init__(backend)
        self.device_id = device_id

    def compose_after(self) -> ComposeResult:
        yield FormField(
            "Equipo", Input(value=default_device_name(), id="device-name"), name="device_name"
        )

    def extra_problems(self) -> dict[str, str]:
        name = self.text("#device-name")
        return {"device_name": device_name_problem(name) if name else REQUIRED}

    @on(Input.Changed, "#device-name")
    def _device_name_typed(self, event: Input.Changed) -> None:
        self.field("device_name").show_error(device_name_problem(event.value.strip()))

    def build_order(self) -> Order:
        return EnrollmentOrder(
            id_type=self.id_type(),
            identification=self.text("#identification"),
            device_id=self.device_id,
            device_name=self.text("#device-name"),
        )
