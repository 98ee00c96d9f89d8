"""Personaliza tu contraseña: forced after a temporary password, with the policy shown live."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from cooptui.backend.errors import BackendError, InvalidInput
from cooptui.backend.protocol import Backend
from cooptui.domain.auth import LoginStatus
from cooptui.domain.validators import (
    PASSWORD_MAX_LENGTH,
    password_checks,
    validate_length,
    validate_password,
)
from cooptui.widgets.errors import PresentsWorkerErrors

MISMATCH = "Las contraseñas no coinciden."


class ChangePasswordScreen(PresentsWorkerErrors, Screen[LoginStatus | None]):
    """Dismisses with the session's next status, or None if the member gives up (logout)."""

    CSS_PATH = "change_password.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "give_up", "Salir")]

    def __init__(self, backend: Backend, username: str = "") -> None:
        super().__init__()
        self.backend = backend
        self.username = username

    def compose(self) -> ComposeResult:
        with Vertical(id="pw-box"):
            yield Static("Personaliza tu contraseña", id="pw-title")
            yield Static(
                "Ingresaste con una contraseña temporal. Crea una contraseña personal para continuar.",
                id="pw-intro",
            )
            yield Label("Contraseña temporal")
            yield Input(password=True, id="current")
            yield Label("", id="current-error", classes="field-error", markup=False)
            yield Label("Nueva contraseña")
            yield Input(password=True, id="new")
            yield Label("", id="new-error", classes="field-error", markup=False)
            yield Label("Confirmación nueva contraseña")
            yield Input(password=True, id="confirm")
            yield Label("", id="confirm-error", classes="field-error", markup=False)
            yield Static("", id="policy")
            yield Button("Continuar", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#current", Input).focus()
        self._update_policy("")

    def _update_policy(self, value: str) -> None:
        lines = [
            f"{'✔' if ok else '✗'} {text}" for text, ok in password_checks(value, self.username)
        ]
        self.query_one("#policy", Static).update("\n".join(lines))

    @on(Input.Changed, "#new")
    def _new_changed(self, event: Input.Changed) -> None:
        self._update_policy(event.value)
        # Too long is said as typed (the field takes it whole, nothing is cut).
        self.query_one("#new-error", Label).update(
            validate_length(event.value, PASSWORD_MAX_LENGTH) or ""
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _submit(self) -> None:
        current = self.query_one("#current", Input).value
        new = self.query_one("#new", Input).value
        confirm = self.query_one("#confirm", Input).value
        errors = {
            "current": "" if current else "Campo requerido",
            "new": validate_password(new, self.username) or "" if new else "Campo requerido",
            "confirm": "" if confirm == new else MISMATCH,
        }
        if not confirm:
            errors["confirm"] = "Campo requerido"
        for name, message in errors.items():
            self.query_one(f"#{name}-error", Label).update(message)
        if not any(errors.values()):
            self.query_one("#save", Button).disabled = True
            self._save(current, new)

    @work(exclusive=True, group="password", exit_on_error=False)
    async def _save(self, current: str, new: str) -> None:
        try:
            status = await self.backend.change_password(current, new)
        except InvalidInput as exc:
            target = "current" if exc.field == "current_password" else "new"
            self.query_one(f"#{target}-error", Label).update(exc.message)
        except BackendError as exc:
            self.query_one("#confirm-error", Label).update(exc.message)
        else:
            self.notify("Tu contraseña fue actualizada.")
            self.dismiss(status)
        finally:
            if self.is_attached:
                self.query_one("#save", Button).disabled = False

    def action_give_up(self) -> None:
        self.dismiss(None)
