"""The shape shared by enrollment and recovery: identify yourself, type the SMS code."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, InvalidInput
from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Order
from cooptui.domain.transfers import IdType
from cooptui.domain.validators import validate_identification
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.otp_dialog import OtpDialog

ID_TYPES = [("Cédula", IdType.CEDULA.value), ("Pasaporte", IdType.PASSPORT.value)]


class IdentityFlowScreen(PresentsWorkerErrors, Screen[str | None]):
    """Subclasses set the texts, add fields and build the order.

    Dismisses with the message to show on the login screen, or None when cancelled.
    """

    CSS_PATH = "identity_flow.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    TITLE_TEXT: ClassVar[str] = ""
    INTRO_TEXT: ClassVar[str] = ""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(id="flow-box"):
            yield Static(self.TITLE_TEXT, id="flow-title")
            yield Static(self.INTRO_TEXT, id="flow-intro")
            yield from self.compose_before()
            yield Label("Tipo de identificación")
            yield Select(ID_TYPES, value=IdType.CEDULA.value, allow_blank=False, id="id-type")
            yield Label("Cédula o pasaporte")
            yield Input(id="identification", placeholder="Número de identificación")
            yield Label("", id="identification-error", classes="field-error", markup=False)
            yield from self.compose_after()
            yield Label("", id="flow-error", classes="form-error", markup=False)
            with Horizontal(id="flow-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Continuar", id="continue", variant="primary")
        yield Footer()

    def compose_before(self) -> ComposeResult:
        yield from ()

    def compose_after(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    # -- validation as typed ---------------------------------------------------------------
    def id_type(self) -> IdType:
        return IdType(str(self.query_one("#id-type", Select).value))

    def identification_problem(self) -> str | None:
        value = self.query_one("#identification", Input).value.strip()
        if not value:
            return "Campo requerido"
        return validate_identification(self.id_type().value, value)

    @on(Input.Changed, "#identification")
    def _identification_changed(self, event: Input.Changed) -> None:
        problem = self.identification_problem() if event.value.strip() else None
        self.query_one("#identification-error", Label).update(problem or "")

    @on(Select.Changed, "#id-type")
    def _type_changed(self) -> None:
        if self.query_one("#identification", Input).value.strip():
            self.query_one("#identification-error", Label).update(
                self.identification_problem() or ""
            )

    def extra_problems(self) -> dict[str, str]:
        """Field id -> message for the subclass's own fields."""
        return {}

    def build_order(self) -> Order:
        raise NotImplementedError

    # -- submit -----------------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        problems = {"identification": self.identification_problem() or ""}
        problems.update(self.extra_problems())
        for field, message in problems.items():
            self.query_one(f"#{field}-error", Label).update(message)
        self.query_one("#flow-error", Label).update("")
        if not any(problems.values()):
            self._run(self.build_order())

    @work(exclusive=True, group="identity-flow", exit_on_error=False)
    async def _run(self, order: Order) -> None:
        button = self.query_one("#continue", Button)
        button.disabled = True
        try:
            challenge = await self.backend.begin(order)
        except InvalidInput as exc:
            target = f"#{exc.field}-error"
            label = self.query(target).first() if self.query(target) else None
            (label or self.query_one("#flow-error", Label)).update(exc.message)  # type: ignore[union-attr]
            return
        except BackendError as exc:
            self.query_one("#flow-error", Label).update(exc.message)
            return
        finally:
            button.disabled = False
        receipt = await self.app.push_screen_wait(
            OtpDialog(self.backend, challenge, show_summary=False)
        )
        if receipt is not None:
            self.dismiss(receipt.message or "Revisa tu correo electrónico.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
