"""Registro habitual del equipo: the first login from a terminal registers it with an OTP."""

from __future__ import annotations

import socket
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import DeviceRegistrationOrder, Receipt
from cooptui.domain.validators import DEVICE_NAME_MAX_LENGTH, validate_text
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm


def default_device_name() -> str:
    try:
        host = socket.gethostname().strip()
    except OSError:
        host = ""
    return f"Terminal {host}"[:DEVICE_NAME_MAX_LENGTH] if host else "Mi terminal"


def device_name_problem(name: str) -> str:
    """Too long for the bank (the field takes it whole and says so); "" when it fits."""
    return validate_text(name, DEVICE_NAME_MAX_LENGTH) or ""


class DeviceRegistrationScreen(OrderForm, PresentsWorkerErrors, Screen[bool]):
    """Dismisses True once the device is registered, False if the member cancels.

    A refusal of the name shows under Equipo; any other (the bank unreachable, say) on
    the line below it.
    """

    CSS_PATH = "device_registration.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    FORM_ERROR = "device-form-error"
    CONFIRM = False  # a step of the login: the code is all it asks
    SUMMARY = False
    RECEIPT = False  # the bank's sentence is a notification, then the frame opens

    def __init__(self, backend: Backend, device_id: str) -> None:
        super().__init__()
        self.backend = backend
        self.device_id = device_id

    def compose(self) -> ComposeResult:
        with Vertical(id="device-box"):
            yield Static("Registro habitual", id="device-title")
            yield Static(
                "Es la primera vez que ingresas desde este equipo. Regístralo con el código"
                " que enviaremos por SMS a tu celular registrado en Cooprogreso.",
                id="device-intro",
            )
            yield FormField(
                "Equipo", Input(value=default_device_name(), id="device-name"), name="device_name"
            )
            yield Label("", id="device-form-error", classes="form-error", markup=False)
            with Horizontal(id="device-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Continuar", id="continue", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#device-name", Input).focus()

    def device_name(self) -> str:
        return self.query_one("#device-name", Input).value.strip()

    @on(Input.Changed, "#device-name")
    def _name_typed(self, event: Input.Changed) -> None:
        field = self.query_one("#field-device_name", FormField)
        field.show_error(device_name_problem(event.value.strip()))

    # -- submit ------------------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.submit_order()

    def order_fields(self) -> list[str]:
        return ["device_name"]

    def order_problems(self) -> dict[str, str]:
        name = self.device_name()
        problem = device_name_problem(name) if name else "Campo requerido"
        return {"device_name": problem} if problem else {}

    def build_order(self) -> DeviceRegistrationOrder:
        return DeviceRegistrationOrder(device_id=self.device_id, device_name=self.device_name())

    async def order_done(self, receipt: Receipt) -> None:
        self.notify(receipt.message or "Equipo registrado.", markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
