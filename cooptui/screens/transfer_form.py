"""What the three transfer screens share: origen → destino → Monto, Referencia → code → comprobante.

Every check a member can fix is made before the bank texts a code: the fields here, then
the bank's own (funds with fees, daily limit, beneficiary still valid) when the
challenge is requested. Each problem is shown next to its field and the form keeps what
was typed; only a completed transfer clears Monto and Referencia.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import Order, Receipt
from cooptui.domain.transfers import DailyLimit, TransferKind
from cooptui.domain.validators import REFERENCE_MAX_LENGTH, validate_email, validate_text
from cooptui.screens.frame import BankScreen
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.amount_field import AmountField
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.select_fill import Options, fill_select, select_value

NO_ORIGIN = "No tienes cuentas de ahorros activas desde las que transferir."
RETRY = "Pulsa F5 para intentarlo de nuevo."


class TransferScreen(OrderForm, BankScreen):
    """Subclasses say which kind they are and what the destination is.

    Built on the payment-form kit: `AccountPicker` (origen), `AmountField` (Monto) and
    `OrderForm` (Continuar → begin → confirmation → code → comprobante).
    """

    CSS_PATH = "transfer_form.tcss"
    FORM_ERROR = "tf-form-error"
    KIND: ClassVar[TransferKind]
    DESTINATION_FIELD: ClassVar[str]
    """The order's field for the destination ("to_account" or "beneficiary_id")."""
    DESTINATION_PROMPT: ClassVar[str] = "Selecciona la cuenta destino"
    HAS_NOTICE_EMAIL: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.limit: DailyLimit | None = None

    # -- layout ------------------------------------------------------------------------------
    def compose_content(self) -> ComposeResult:
        yield Static("Selecciona la cuenta origen", classes="tf-section")
        yield AccountPicker(
            select_id="tf-from", prompt="Selecciona la cuenta origen", none_text=NO_ORIGIN
        )
        with Horizontal(classes="tf-section-row"):
            yield Static("Selecciona la cuenta destino", classes="tf-section")
            yield from self.compose_destination_actions()
        yield FormField(
            "Cuenta", Select[str]([], prompt="Cargando…", id="tf-to"), name=self.DESTINATION_FIELD
        )
        if self.HAS_NOTICE_EMAIL:
            yield FormField(
                "Correo electrónico",
                Input(placeholder="Opcional", id="tf-email"),
                name="notify_email",
                hint="Avisaremos de la transferencia a este correo.",
            )
        yield Static("Datos de la transacción", classes="tf-section")
        yield AmountField(input_id="tf-amount")
        yield FormField(
            "Referencia",
            Input(placeholder="Motivo de la transferencia", id="tf-reference"),
            name="reference",
        )
        yield Static("", id="tf-limit")
        yield Label("", id="tf-form-error", classes="form-error", markup=False)
        with Horizontal(id="tf-buttons"):
            yield Button("Continuar", id="tf-continue", variant="primary")
        yield from self.compose_notes()
        yield from self.compose_after_form()

    def compose_destination_actions(self) -> ComposeResult:
        yield from ()

    def compose_notes(self) -> ComposeResult:
        yield from ()

    def compose_after_form(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#tf-from", Select).focus()
        self.reload()

    @property
    def origin(self) -> AccountPicker:
        return self.query_one(AccountPicker)

    @property
    def amount(self) -> AmountField:
        return self.query_one(AmountField)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch balances, limits and destinations again, keeping what the member chose."""
        self.load()

    @work(exclusive=True, group="transfer-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            limits = await self.backend.daily_limits()
            await self.fetch_extra()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} {RETRY}")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        self.limit = next((lim for lim in limits if lim.kind is self.KIND), None)
        self.origin.set_accounts(accounts)
        self._origin_changed()
        self._show_limit()
        self.loaded()

    async def fetch_extra(self) -> None:
        """Anything else the screen needs from the bank (beneficiaries, pending transfers)."""

    def loaded(self) -> None:
        """Called once everything is fetched; fill what depends on it."""

    def _show_limit(self) -> None:
        limit = self.limit
        text = ""
        if limit is not None:
            text = (
                f"Límite diario: {format_money(limit.limit)}"
                f" · Disponible hoy: {format_money(limit.remaining)}"
            )
        self.query_one("#tf-limit", Static).update(text)

    # -- destination -----------------------------------------------------------------------------
    def destination_options(self, origin: str | None) -> Options:
        raise NotImplementedError

    def destination_value(self) -> str | None:
        return select_value(self.query_one("#tf-to", Select))

    def origin_value(self) -> str | None:
        return self.origin.value

    def chosen(self) -> tuple[str, str]:
        """(origin, destination) once `order_problems()` found both chosen."""
        origin, destination = self.origin_value(), self.destination_value()
        if origin is None or destination is None:
            raise ValueError("origin and destination must be chosen first")
        return origin, destination

    def refill_destinations(self, select_value: str | None = None) -> None:
        options = self.destination_options(self.origin_value())
        to = self.query_one("#tf-to", Select)
        prompt = self.DESTINATION_PROMPT if options else self.no_destination_text()
        changed = fill_select(to, options, prompt)
        if select_value is not None and any(v == select_value for _, v in options):
            with to.prevent(Select.Changed):
                changed = changed or to.value != select_value
                to.value = select_value
        if changed:
            self._destination_changed()

    def no_destination_text(self) -> str:
        return "No tienes cuentas destino disponibles"

    @on(Select.Changed, "#tf-from")
    def _origin_changed(self) -> None:
        self.refill_destinations()
        self.amount.set_bounds(self.origin.available, self.limit)

    @on(Select.Changed, "#tf-to")
    def _destination_changed(self) -> None:
        if self.destination_value():
            self._field(self.DESTINATION_FIELD).show_error("")
        self.destination_chosen()

    def destination_chosen(self) -> None:
        """Hook: a destination was chosen (the e-mail of a beneficiary is offered)."""

    # -- validation ------------------------------------------------------------------------------
    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def _reference_problem(self) -> str | None:
        text = self.query_one("#tf-reference", Input).value.strip()
        return validate_text(text, REFERENCE_MAX_LENGTH)

    @on(Input.Changed, "#tf-reference")
    def _check_reference_as_typed(self) -> None:
        self._field("reference").show_error(self._reference_problem() or "")

    @on(Input.Changed, "#tf-email")
    def _email_typed(self) -> None:
        self._field("notify_email").show_error("")

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.origin_value() is None:
            found["from_account"] = "Selecciona la cuenta origen."
        if self.destination_value() is None:
            found[self.DESTINATION_FIELD] = f"{self.DESTINATION_PROMPT}."
        if self.HAS_NOTICE_EMAIL:
            email = self.query_one("#tf-email", Input).value.strip()
            if email and (problem := validate_email(email)):
                found["notify_email"] = problem
        if problem := self.amount.problem():
            found["amount"] = problem
        if problem := self._reference_problem():
            found["reference"] = problem
        return found

    def order_fields(self) -> list[str]:
        names = ["from_account", self.DESTINATION_FIELD]
        if self.HAS_NOTICE_EMAIL:
            names.append("notify_email")
        return [*names, "amount", "reference"]

    # -- submit ------------------------------------------------------------------------------------
    @on(Input.Submitted, "#tf-amount, #tf-reference, #tf-email")
    @on(Button.Pressed, "#tf-continue")
    def submit(self) -> None:
        self.submit_order()

    def build_order(self) -> Order:
        reference = self.query_one("#tf-reference", Input).value.strip()
        return self.make_order(self.amount.value(), reference)

    def make_order(self, amount: Decimal, reference: str) -> Order:
        raise NotImplementedError

    def notice_email(self) -> str | None:
        return self.query_one("#tf-email", Input).value.strip() or None

    async def order_done(self, receipt: Receipt) -> None:
        """Money moved: clear Monto and Referencia and show the new balances everywhere."""
        self.amount.clear()
        self.query_one("#tf-reference", Input).value = ""
        self.amount.input.focus()
        self.coop.balances_changed()

    async def order_not_done(self) -> None:
        """Declined at the confirmation or the code, or the answer lost on the way: show
        what the bank has now (a refusal at begin keeps its message instead)."""
        self.coop.balances_changed()
