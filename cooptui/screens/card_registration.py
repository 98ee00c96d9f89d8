"""Registro Nueva Tarjeta (manual "Pago Tarjetas", Pasos 3–4): another bank's credit card.

Institución Financiera → Datos de la tarjeta (Tarjeta número, Alias) → Datos del titular
→ Información de pago → confirmation → SMS code. The card number is the one secret here:
once entered (on leaving its field, or on Continuar) the field shows it masked as the
bank stores it, and the full digits stay only in this dialog (for the order) until it
closes. The confirmation and the comprobante carry the bank's masked number only.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.formatting import mask_card
from cooptui.domain.operations import ExternalCardOrder, Receipt
from cooptui.domain.transfers import COOPROGRESO_CODE, IdType
from cooptui.domain.validators import (
    ALIAS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    validate_card_number,
    validate_identification,
    validate_text,
)
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_dialog import FormDialog
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll
from cooptui.widgets.select_fill import fill_select, select_value

CardKey = tuple[str, str]
"""(institution code, masked number): a registered card before the list shows its id."""

FIELDS = ("institution_code", "card_number", "alias", "holder_name", "id_type", "identification")
ID_TYPES = [(t.label, t.value) for t in IdType]
IDENTIFICATION_MAX_LENGTH = 20
CARD_MAX_DIGITS = 19
SEPARATORS = str.maketrans("", "", " -")
INSTITUTION_PROMPT = "Selecciona una opción"
NO_INSTITUTION = "Selecciona la institución financiera."
NO_HOLDER = "Ingresa el nombre del titular de la tarjeta."
MASKED_HINT = "Por tu seguridad se muestra enmascarado; para cambiarlo escríbelo de nuevo."
PAYMENT_INFO = (
    "Cada vez que pagues esta tarjeta eliges la cuenta a debitar y el monto; antes de"
    " confirmar verás la comisión interbancaria y el IVA."
)


def card_digits(typed: str) -> str:
    """The number as the bank takes it: the spaces and dashes a member types dropped."""
    return typed.strip().translate(SEPARATORS)


class CardRegistrationScreen(OrderForm, PresentsWorkerErrors, FormDialog[CardKey | None]):
    """Dismisses with the new card's (institution, masked number), or None when cancelled."""

    CSS_PATH = "card_registration.tcss"
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        *SHORT_BREAKPOINTS,
        (40, "-roomy"),
    ]
    """From 40 rows the body may take more of the screen: the form is whole at 120×40."""
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling (None is "*")
    FORM_ERROR = "cr-form-error"
    CONFLICT_FIELD = "card_number"  # registered already
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancelar"),
        Binding("f5", "reload", "Actualizar"),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self._card: str | None = None
        """The full digits while the field shows them masked; None otherwise."""
        self._mask: str | None = None
        """What the field shows for `_card`: typing anything else forgets `_card`."""
        self._card_checked = False
        """The number was refused once: from then on it is checked at every key."""

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="cr-box", classes="dialog-box"):
            with OverflowScroll(id="cr-body", classes="dialog-body"):
                yield Static("Registro Nueva Tarjeta", id="cr-title", classes="dialog-title")
                yield Static("Selecciona la Institución Financiera", classes="form-section")
                yield FormField(
                    "Institución Financiera",
                    Select[str]([], prompt="Cargando…", id="cr-institution"),
                    name="institution_code",
                )
                yield Static("Datos de la tarjeta", classes="form-section")
                yield FormField(
                    "Tarjeta número",
                    Input(id="cr-card-number", placeholder="13 a 19 dígitos"),
                    name="card_number",
                )
                yield FormField(
                    "Alias (Opcional)",
                    Input(id="cr-alias", placeholder="p. ej. Diners"),
                    name="alias",
                )
                yield Static("Datos del titular", classes="form-section")
                yield FormField("Nombre del titular", Input(id="cr-holder"), name="holder_name")
                yield FormField(
                    "Identificación tipo",
                    Select(
                        ID_TYPES,
                        value=IdType.CEDULA.value,
                        allow_blank=False,
                        id="cr-id-type",
                    ),
                    name="id_type",
                )
                yield FormField(
                    "Identificación número",
                    Input(id="cr-identification"),
                    name="identification",
                )
                yield Static("Información de pago", classes="form-section")
                yield Static(PAYMENT_INFO, id="cr-payment-info")
            yield Label("", id="cr-form-error", classes="form-error", markup=False)
            with Horizontal(id="cr-buttons", classes="dialog-buttons"):
                yield Button("Cancelar", id="cr-cancel")
                yield Button("Continuar", id="cr-continue", variant="primary")

    def on_mount(self) -> None:
        # Not scrolled to, as in the card payment form: a Select counts its hidden list in
        # its height, and the animated scroll raced the bank's answer.
        self.set_focus(self.query_one("#cr-institution", Select), scroll_visible=False)
        self.load()

    def on_unmount(self) -> None:
        self._forget_card()

    def action_reload(self) -> None:
        """F5: the institutions again (a failed load says to), keeping the choice."""
        self.load()

    @work(exclusive=True, group="cr-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            institutions = await self.backend.financial_institutions()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} Pulsa F5 para intentarlo de nuevo.")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        # Cooprogreso's own cards are paid from Tarjetas Cooprogreso, not registered here.
        options = [(i.name, i.code) for i in institutions if i.code != COOPROGRESO_CODE]
        fill_select(self.query_one("#cr-institution", Select), options, INSTITUTION_PROMPT)

    # -- the card number ---------------------------------------------------------------------------
    def _card_input(self) -> Input:
        return self.query_one("#cr-card-number", Input)

    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def _card_number(self) -> str:
        """The number to send: the one kept behind the mask, else what the field holds."""
        shown = self._card_input().value
        if self._card is not None and shown == self._mask:
            return self._card
        return card_digits(shown)

    def _card_problem(self) -> str | None:
        if self._card is not None and self._card_input().value == self._mask:
            return None
        return validate_card_number(self._card_input().value)

    def _typed_card_problem(self, typed: str) -> str | None:
        """What can be said while a number is typed: a letter, too many digits; the whole
        check (length, Luhn) once it was refused, so that the message goes as it is fixed."""
        problem = validate_card_number(typed)
        digits = card_digits(typed)
        if problem is None or self._card_checked:
            return problem
        if not (digits.isascii() and digits.isdigit()) or len(digits) > CARD_MAX_DIGITS:
            return problem
        return None

    @on(Input.Changed, "#cr-card-number")
    def _card_typed(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            return  # a value the field no longer holds (it was masked since)
        if self._mask is not None and event.value == self._mask:
            return  # the field shows the mask just put there
        self._card = None
        self._mask = None
        if not event.value.strip():
            self._card_checked = False  # typed afresh: no message before it is whole
        field = self._field("card_number")
        field.show_hint("")
        field.show_error(self._typed_card_problem(event.value) or "")

    @on(Input.Blurred, "#cr-card-number")
    def _card_left(self) -> None:
        """Leaving the field: a valid number is masked from now on, a wrong one is told."""
        if not self._card_input().value.strip():
            return
        self.seal_card_number()
        problem = self._card_problem()
        if problem is not None:
            self._card_checked = True
            self._field("card_number").show_error(problem)

    def seal_card_number(self) -> None:
        """Keep a valid number aside and show it masked (the bank's own mask)."""
        card_input = self._card_input()
        if self._card is not None and card_input.value == self._mask:
            return
        if validate_card_number(card_input.value) is not None:
            return
        self._card = card_digits(card_input.value)
        self._mask = mask_card(self._card)
        card_input.value = self._mask
        field = self._field("card_number")
        field.show_error("")
        field.show_hint(MASKED_HINT)

    def _forget_card(self) -> None:
        """Nothing of the full number outlives the dialog."""
        self._card = None
        self._mask = None

    # -- the other fields --------------------------------------------------------------------------
    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _id_type(self) -> IdType:
        return IdType(select_value(self.query_one("#cr-id-type", Select)) or IdType.CEDULA.value)

    def _length_problem(self, name: str) -> str | None:
        limits = {
            "alias": ("#cr-alias", ALIAS_MAX_LENGTH),
            "holder_name": ("#cr-holder", NAME_MAX_LENGTH),
            "identification": ("#cr-identification", IDENTIFICATION_MAX_LENGTH),
        }
        if name not in limits:
            return None
        selector, limit = limits[name]
        return validate_text(self._text(selector), limit)

    @on(Input.Changed, "#cr-alias, #cr-holder, #cr-identification")
    def _typed(self, event: Input.Changed) -> None:
        """A field being corrected loses its old message, unless it is still too long."""
        for name in ("alias", "holder_name", "identification"):
            field = self._field(name)
            if field.control is event.input:
                field.show_error(self._length_problem(name) or "")

    @on(Select.Changed, "#cr-institution")
    def _institution_chosen(self) -> None:
        if select_value(self.query_one("#cr-institution", Select)) is not None:
            self._field("institution_code").show_error("")

    @on(Select.Changed, "#cr-id-type")
    def _id_type_changed(self) -> None:
        self._field("identification").show_error("")

    # -- the order ---------------------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return list(FIELDS)

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if select_value(self.query_one("#cr-institution", Select)) is None:
            found["institution_code"] = NO_INSTITUTION
        if problem := self._card_problem():
            self._card_checked = True
            found["card_number"] = problem
        if not self._text("#cr-holder"):
            found["holder_name"] = NO_HOLDER
        for name in ("alias", "holder_name", "identification"):
            if problem := self._length_problem(name):
                found[name] = problem
        if "identification" not in found and (
            problem := validate_identification(
                self._id_type().value, self._text("#cr-identification")
            )
        ):
            found["identification"] = problem
        return found

    def build_order(self) -> ExternalCardOrder:
        return ExternalCardOrder(
            institution_code=select_value(self.query_one("#cr-institution", Select)) or "",
            card_number=self._card_number(),
            alias=self._text("#cr-alias") or None,
            holder_name=self._text("#cr-holder"),
            id_type=self._id_type(),
            identification=self._text("#cr-identification"),
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#cr-continue")
    def submit(self) -> None:
        self.seal_card_number()  # Enter in the number's field counts as leaving it
        self.submit_order()

    async def order_done(self, receipt: Receipt) -> None:
        key = (
            select_value(self.query_one("#cr-institution", Select)) or "",
            mask_card(self._card_number()),
        )
        self._forget_card()
        self.dismiss(key)

    @on(Button.Pressed, "#cr-cancel")
    def action_cancel(self) -> None:
        self._forget_card()
        self.dismiss(None)
