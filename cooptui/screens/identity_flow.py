"""The shape shared by enrollment and recovery: identify yourself, type the SMS code."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Order, Receipt
from cooptui.domain.transfers import IdType
from cooptui.domain.validators import validate_identification
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm

ID_TYPES = [("Cédula", IdType.CEDULA.value), ("Pasaporte", IdType.PASSPORT.value)]
REQUIRED = "Campo requerido"


class IdentityFlowScreen(OrderForm, PresentsWorkerErrors, Screen[str | None]):
    """Subclasses set the texts, add fields and build the order.

    Every field is a `FormField` named as the order names it, so the bank's refusal of
    one lands under it. Dismisses with the message to show on the login screen, or None
    when cancelled.
    """

    CSS_PATH = "identity_flow.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    TITLE_TEXT: ClassVar[str] = ""
    INTRO_TEXT: ClassVar[str] = ""
    FORM_ERROR = "flow-error"
    CONFIRM = False  # no session yet: the code is all it asks
    SUMMARY = False
    RECEIPT = False  # the outcome is told on the login screen

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(id="flow-box"):
            yield Static(self.TITLE_TEXT, id="flow-title")
            yield Static(self.INTRO_TEXT, id="flow-intro")
            yield from self.compose_before()
            yield FormField(
                "Tipo de identificación",
                Select(ID_TYPES, value=IdType.CEDULA.value, allow_blank=False, id="id-type"),
                name="id_type",
            )
            yield FormField(
                "Cédula o pasaporte",
                Input(id="identification", placeholder="Número de identificación"),
                name="identification",
            )
            yield from self.compose_after()
            yield Label("", id="flow-error", classes="form-error", markup=False)
            with Horizontal(id="flow-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Continuar", id="continue", variant="primary")
        yield Footer()

    def compose_before(self) -> ComposeResult:
        """FormFields above the identification."""
        yield from ()

    def compose_after(self) -> ComposeResult:
        """FormFields below the identification."""
        yield from ()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    # -- validation as typed ---------------------------------------------------------------
    def id_type(self) -> IdType:
        return IdType(str(self.query_one("#id-type", Select).value))

    def identification_problem(self) -> str | None:
        value = self.text("#identification")
        if not value:
            return REQUIRED
        return validate_identification(self.id_type().value, value)

    @on(Input.Changed, "#identification")
    def _identification_changed(self, event: Input.Changed) -> None:
        problem = self.identification_problem() if event.value.strip() else None
        self.field("identification").show_error(problem or "")

    @on(Select.Changed, "#id-type")
    def _type_changed(self) -> None:
        if self.text("#identification"):
            self.field("identification").show_error(self.identification_problem() or "")

    def extra_problems(self) -> dict[str, str]:
        """Field name -> message for the subclass's own fields."""
        return {}

    # -- submit -----------------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.submit_order()

    def order_fields(self) -> list[str]:
        return [field.field_name for field in self.query(FormField).results(FormField)]

    def order_problems(self) -> dict[str, str]:
        found = {"identification": self.identification_problem() or ""}
        found.update(self.extra_problems())
        return {name: message for name, message in found.items() if message}

    def build_order(self) -> Order:
        raise NotImplementedError

    async def order_done(self, receipt: Receipt) -> None:
        self.dismiss(receipt.message or "Revisa tu correo electrónico.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
