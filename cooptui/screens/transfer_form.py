"""What the three transfer screens share: origen → destino → Monto, Referencia → code → comprobante.

Every check a member can fix is made before the bank texts a code: the fields here, then
the bank's own (funds with fees, daily limit, beneficiary still valid) when the
challenge is requested. Each problem is shown next to its field and the form keeps what
was typed; only a completed transfer clears Monto and Referencia.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from cooptui.backend.errors import (
    BackendError,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    SessionExpired,
)
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import Order
from cooptui.domain.products import Account
from cooptui.domain.transfers import DailyLimit, TransferKind
from cooptui.domain.validators import (
    REFERENCE_MAX_LENGTH,
    parse_amount,
    validate_email,
    validate_length,
)
from cooptui.screens.frame import BankScreen
from cooptui.widgets.authorize import authorize
from cooptui.widgets.form_field import FormField, show_problems

Options = list[tuple[str, str]]

AMOUNT_PLACEHOLDER = "$0.00"
NO_ORIGIN = "No tienes cuentas de ahorros activas desde las que transferir."
RETRY = "Pulsa F5 para intentarlo de nuevo."


def origin_label(account: Account) -> str:
    return f"{account.number} - {account.type_label} · {format_money(account.available_balance)}"


def balance_hint(account: Account) -> str:
    """Saldo disponible and contable: a pending transfer's hold shows as their difference."""
    text = f"Saldo disponible {format_money(account.available_balance)}"
    if account.ledger_balance != account.available_balance:
        text += f" · Saldo contable {format_money(account.ledger_balance)}"
    return text


def amount_problem(text: str, available: Decimal | None, limit: DailyLimit | None) -> str | None:
    """Why the typed amount cannot be sent, in the member's words; None when it can."""
    try:
        amount = parse_amount(text)
    except ValueError as exc:
        return str(exc)
    if available is not None and amount > available:
        return f"El monto supera tu saldo disponible ({format_money(available)})."
    if limit is not None and amount > limit.remaining:
        return (
            f"El monto supera tu límite diario de {limit.kind.label}:"
            f" te quedan {format_money(limit.remaining)} hoy."
        )
    return None


class TransferScreen(BankScreen):
    """Subclasses say which kind they are and what the destination is."""

    CSS_PATH = "transfer_form.tcss"
    KIND: ClassVar[TransferKind]
    DESTINATION_FIELD: ClassVar[str]
    """The order's field for the destination ("to_account" or "beneficiary_id")."""
    DESTINATION_PROMPT: ClassVar[str] = "Selecciona la cuenta destino"
    HAS_NOTICE_EMAIL: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[str, Account] = {}
        self.limit: DailyLimit | None = None
        self._busy = False

    # -- layout ------------------------------------------------------------------------------
    def compose_content(self) -> ComposeResult:
        yield Static("Selecciona la cuenta origen", classes="tf-section")
        yield FormField(
            "Cuenta",
            Select[str]([], prompt="Cargando tus cuentas…", id="tf-from"),
            name="from_account",
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
        # No `restrict`/`max_length`: they drop keys silently ("-5" became 5, "1e3" 13);
        # whatever is typed stays as typed and is refused next to the field instead.
        yield FormField(
            "Monto",
            Input(placeholder=AMOUNT_PLACEHOLDER, id="tf-amount"),
            name="amount",
        )
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
                self.query_one("#tf-form-error", Label).update(f"{exc.message} {RETRY}")
            return
        if not self.is_attached:
            return
        self.query_one("#tf-form-error", Label).update("")
        self.accounts = {a.number: a for a in accounts}
        self.limit = next((lim for lim in limits if lim.kind is self.KIND), None)
        origins = [(origin_label(a), a.number) for a in accounts if a.can_debit]
        self._fill(self.query_one("#tf-from", Select), origins, "Selecciona la cuenta origen")
        self._origin_changed()
        if not origins:
            self._field("from_account").show_error(NO_ORIGIN)
        self._show_limit()
        self.loaded()

    async def fetch_extra(self) -> None:
        """Anything else the screen needs from the bank (beneficiaries, pending transfers)."""

    def loaded(self) -> None:
        """Called once everything is fetched; fill what depends on it."""

    @staticmethod
    def _fill(select: Select[str], options: Options, prompt: str) -> bool:
        """Replace a Select's options, keeping its value while it still exists.

        A lone option is chosen only when nothing was: a choice that disappeared is never
        silently replaced by another account or payee. True when the value changed.
        """
        current = select.value
        with select.prevent(Select.Changed):
            select.prompt = prompt  # read when the blank option is built
            select.set_options((Text(label), value) for label, value in options)
            values = [value for _, value in options]
            if current in values:
                select.value = current
            elif len(values) == 1 and current == Select.NULL:
                select.value = values[0]
        return select.value != current

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
        value = self.query_one("#tf-to", Select).value
        return value if isinstance(value, str) else None

    def origin_value(self) -> str | None:
        value = self.query_one("#tf-from", Select).value
        return value if isinstance(value, str) else None

    def chosen(self) -> tuple[str, str]:
        """(origin, destination) once `problems()` found both chosen."""
        origin, destination = self.origin_value(), self.destination_value()
        if origin is None or destination is None:
            raise ValueError("origin and destination must be chosen first")
        return origin, destination

    def refill_destinations(self, select_value: str | None = None) -> None:
        options = self.destination_options(self.origin_value())
        to = self.query_one("#tf-to", Select)
        prompt = self.DESTINATION_PROMPT if options else self.no_destination_text()
        changed = self._fill(to, options, prompt)
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
        origin = self.origin_value()
        field = self.query_one("#field-from_account", FormField)
        account = self.accounts.get(origin) if origin else None
        field.show_hint(balance_hint(account) if account else "")
        if origin:
            field.show_error("")
        self.refill_destinations()
        self._check_amount_as_typed()

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

    def _available(self) -> Decimal | None:
        origin = self.origin_value()
        account = self.accounts.get(origin) if origin else None
        return account.available_balance if account else None

    @on(Input.Changed, "#tf-amount")
    def _check_amount_as_typed(self) -> None:
        text = self.query_one("#tf-amount", Input).value.strip()
        typing = not text or text.endswith((".", ",", "$"))  # "1." on its way to "1.50"
        problem = None if typing else amount_problem(text, self._available(), self.limit)
        self._field("amount").show_error(problem or "")

    def _reference_problem(self) -> str | None:
        text = self.query_one("#tf-reference", Input).value.strip()
        return validate_length(text, REFERENCE_MAX_LENGTH)

    @on(Input.Changed, "#tf-reference")
    def _check_reference_as_typed(self) -> None:
        self._field("reference").show_error(self._reference_problem() or "")

    @on(Input.Changed, "#tf-email")
    def _email_typed(self) -> None:
        self._field("notify_email").show_error("")

    def problems(self) -> dict[str, str]:
        """Field -> message for everything the member must fix before a code is sent."""
        found: dict[str, str] = {}
        if self.origin_value() is None:
            found["from_account"] = "Selecciona la cuenta origen."
        if self.destination_value() is None:
            found[self.DESTINATION_FIELD] = f"{self.DESTINATION_PROMPT}."
        if self.HAS_NOTICE_EMAIL:
            email = self.query_one("#tf-email", Input).value.strip()
            if email and (problem := validate_email(email)):
                found["notify_email"] = problem
        text = self.query_one("#tf-amount", Input).value
        problem = amount_problem(text, self._available(), self.limit)
        if problem:
            found["amount"] = problem
        if problem := self._reference_problem():
            found["reference"] = problem
        return found

    def fields(self) -> list[str]:
        names = ["from_account", self.DESTINATION_FIELD]
        if self.HAS_NOTICE_EMAIL:
            names.append("notify_email")
        return [*names, "amount", "reference"]

    def show_problems(self, found: dict[str, str]) -> None:
        show_problems(self, self.fields(), found)

    # -- submit ------------------------------------------------------------------------------------
    @on(Input.Submitted, "#tf-amount, #tf-reference, #tf-email")
    @on(Button.Pressed, "#tf-continue")
    def submit(self) -> None:
        if self._busy:
            return  # this form's transfer is already under way
        self.query_one("#tf-form-error", Label).update("")
        found = self.problems()
        self.show_problems(found)
        if found:
            return
        amount = parse_amount(self.query_one("#tf-amount", Input).value)
        self._busy = True
        self._send(self.make_order(amount, self.query_one("#tf-reference", Input).value.strip()))

    def make_order(self, amount: Decimal, reference: str) -> Order:
        raise NotImplementedError

    def notice_email(self) -> str | None:
        return self.query_one("#tf-email", Input).value.strip() or None

    @work(exclusive=True, group="transfer-send", exit_on_error=False)
    async def _send(self, order: Order) -> None:
        """Ask the bank for the challenge, then confirmation, code and comprobante.

        The button is not disabled meanwhile (that would throw the focus elsewhere);
        `_busy` ignores a second Continuar instead.
        """
        try:
            try:
                challenge = await self.backend.begin(order)
            except SessionExpired:
                raise
            except (InsufficientFunds, LimitExceeded) as exc:
                self.show_problems({"amount": exc.message})
                return
            except InvalidInput as exc:
                self._bank_refused(exc.field, exc.message)
                return
            except BackendError as exc:
                self.query_one("#tf-form-error", Label).update(exc.message)
                return
            receipt = await authorize(self.app, self.backend, challenge)
            if not self.is_attached:
                return
            if receipt is not None:
                self.completed()
            else:  # declined, or an answer lost on the way: show what the bank has now
                self.coop.balances_changed()
        finally:
            self._busy = False

    def _bank_refused(self, field: str, message: str) -> None:
        if field in self.fields():
            self.show_problems({field: message})
        else:
            self.query_one("#tf-form-error", Label).update(message)

    def completed(self) -> None:
        """Money moved: clear Monto and Referencia and show the new balances everywhere."""
        self.query_one("#tf-amount", Input).value = ""
        self.query_one("#tf-reference", Input).value = ""
        self._field("amount").show_error("")
        self.query_one("#tf-amount", Input).focus()
        self.coop.balances_changed()
