"""Registro habitual del equipo: the first login from a terminal registers it with an OTP."""

from __future__ import annotations

import socket
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from cooptui.backend.errors import BackendError
from cooptui.backend.protocol import Backend
from cooptui.domain.operations import DeviceRegistrationOrder
from cooptui.domain.validators import DEVICE_NAME_MAX_LENGTH, validate_length
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.otp_dialog import OtpDialog


def default_device_name() -> str:
    try:
        host = socket.gethostname().strip()
    except OSError:
        host = ""
    return f"Terminal {host}"[:DEVICE_NAME_MAX_LENGTH] if host else "Mi terminal"


def device_name_problem(name: str) -> str:
    """Too long for the bank (the field takes it whole and says so); "" when it fits."""
    return validate_length(name, DEVICE_NAME_MAX_LENGTH) or ""


class DeviceRegistrationScreen(PresentsWorkerErrors, Screen[bool]):
    """Dismisses True once the device is registered, False if the member cancels."""

    CSS_PATH = "device_registration.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

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
            yield Label("Equipo")
            yield Input(value=default_device_name(), id="device-name")
            yield Label("", id="device-error", classes="field-error", markup=False)
            with Horizontal(id="device-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Continuar", id="continue", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#device-name", Input).focus()

    @on(Input.Changed, "#device-name")
    def _name_typed(self, event: Input.Changed) -> None:
        self.query_one("#device-error", Label).update(device_name_problem(event.value.strip()))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        name = self.query_one("#device-name", Input).value.strip()
        problem = device_name_problem(name) if name else "Campo requerido"
        if problem:
            self.query_one("#device-error", Label).update(problem)
            return
        self.query_one("#device-error", Label).update("")
        self._register(name)

    @work(exclusive=True, group="device", exit_on_error=False)
    async def _register(self, name: str) -> None:
        button = self.query_one("#continue", Button)
        button.disabled = True
        try:
            challenge = await self.backend.begin(
                DeviceRegistrationOrder(device_id=self.device_id, device_name=name)
            )
        except BackendError as exc:
            self.query_one("#device-error", Label).update(exc.message)
            button.disabled = False
            return
        receipt = await self.app.push_screen_wait(
            OtpDialog(self.backend, challenge, show_summary=False)
        )
        button.disabled = False
        if receipt is not None:
            self.notify(receipt.message or "Equipo registrado.")
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
