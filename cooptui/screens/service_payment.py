"""Pagar a registered service (manual "Registro de Servicios", Paso 5).

The bank's pending bills for the service ("VALORES A PAGAR": No de Recibo, Comisión,
Total, Seleccionar Pago), then "Valores a pagar" (Monto, Comisión, Total a Pagar) for
those chosen → Cancelar / Continuar → confirmation → SMS code → comprobante. The amount
and the commission leave the account in one ledger entry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, SelectionList, Static

from cooptui.backend.errors import BackendError, NotFound, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.operations import Receipt, ServicePaymentOrder
from cooptui.domain.services import Bill, RegisteredService
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_dialog import FormDialog
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.overflow_scroll import OverflowScroll

BILL_COLUMNS = (
    ("No de Recibo", 13),
    ("Detalle", 23),
    ("Vence", 10),
    ("Comisión", 8),
    ("Total", 9),
)
NO_BILL_CHOSEN = "Selecciona al menos un valor a pagar."
LOADING = "Consultando valores pendientes…"


def _cells(values: list[str]) -> Text:
    """One line of fixed-width columns (money right-aligned), as the header above it."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for (_, width), value in zip(BILL_COLUMNS, values, strict=True):
        cell = value[:width]
        text.append((cell.rjust(width) if value.startswith("$") else cell.ljust(width)) + " ")
    text.rstrip()
    return text


def bill_line(bill: Bill) -> Text:
    return _cells(
        [
            bill.receipt_number,
            bill.description,
            format_date(bill.due_date),
            format_money(bill.commission),
            format_money(bill.amount),
        ]
    )


def money_rows(bills: list[Bill]) -> list[tuple[str, str]]:
    """Valores a pagar: Monto, Comisión and Total a Pagar of the chosen bills."""
    amount = sum((b.amount for b in bills), Decimal("0.00"))
    commission = sum((b.commission for b in bills), Decimal("0.00"))
    return [
        ("Monto", format_money(amount)),
        ("Comisión", format_money(commission)),
        ("Total a Pagar", format_money(amount + commission)),
    ]


class ServicePaymentScreen(OrderForm, PresentsWorkerErrors, FormDialog[bool]):
    """Dismisses True once paid, False when the member leaves without paying."""

    CSS_PATH = "service_payment.tcss"
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling (None is "*")
    FORM_ERROR = "sp-form-error"
    FUNDS_FIELD = "from_account"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancelar"),
        Binding("f5", "reload", "Actualizar"),
    ]

    def __init__(self, backend: Backend, service: RegisteredService) -> None:
        super().__init__()
        self.backend = backend
        self.service = service
        self.bills: dict[str, Bill] = {}
        self.loaded = False
        """The bank answered what is pending (perhaps nothing)."""

    def compose(self) -> ComposeResult:
        s = self.service
        with Vertical(id="sp-box", classes="dialog-box"):
            with OverflowScroll(id="sp-body", classes="dialog-body"):
                yield Static("Pago de Servicios", id="sp-title", classes="dialog-title")
                yield Static(s.title, id="sp-service", markup=False)
                yield Static(f"{s.code_label}: {s.service_code}", id="sp-code", markup=False)
                yield Static("", id="sp-holder", markup=False)
                yield Static("Selecciona la cuenta de débito", classes="form-section")
                yield AccountPicker(select_id="sp-account")
                yield Static("VALORES A PAGAR", classes="form-section")
                yield Static(_cells([label for label, _ in BILL_COLUMNS]), id="sp-bills-header")
                yield FormField(
                    "Seleccionar Pago",
                    SelectionList[str](id="sp-bills"),
                    name="bill_ids",
                )
                yield Static(LOADING, id="sp-status", markup=False)
                yield Static("Valores a pagar", classes="form-section")
                yield SummaryTable(money_rows([]), id="sp-totals")
            yield Label("", id="sp-form-error", classes="form-error", markup=False)
            with Horizontal(id="sp-buttons", classes="dialog-buttons"):
                yield Button("Cancelar", id="sp-cancel")
                yield Button("Continuar", id="sp-continue", variant="primary")

    def on_mount(self) -> None:
        # Not scrolled to, as in the card payment form: a Select counts its hidden list in
        # its height, and the animated scroll raced the bank's answer.
        self.set_focus(self.query_one("#sp-account", Select), scroll_visible=False)
        self.load()

    # -- loading -------------------------------------------------------------------------------
    def action_reload(self) -> None:
        """F5: ask the bank again (its answer may have been lost), keeping the choices."""
        self.query_one("#sp-status", Static).update(LOADING)
        self.load()

    @work(exclusive=True, group="sp-load", exit_on_error=False)
    async def load(self) -> None:
        """Accounts and the bank's pending bills for this service, asked afresh."""
        try:
            accounts = await self.backend.accounts()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} Pulsa F5 para intentarlo de nuevo.")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        self.query_one(AccountPicker).set_accounts(accounts, prefer=self.service.account_number)
        bills: list[Bill] = []
        status = ""
        try:
            bills = await self.backend.lookup_bills(
                self.service.biller_id, self.service.service_code
            )
        except SessionExpired:
            raise
        except NotFound as exc:  # nothing pending: the bank's own sentence
            status = exc.message
        except BackendError as exc:
            status = f"{exc.message} Pulsa F5 para intentarlo de nuevo."
        if self.is_attached:
            self.query_one("#sp-status", Static).update(status)
            self._show_bills(bills)

    def _show_bills(self, bills: list[Bill]) -> None:
        chosen = set(self.chosen_ids())
        self.bills = {b.id: b for b in bills}
        listing = self.query_one("#sp-bills", SelectionList)
        listing.clear_options()
        for bill in bills:
            # The lone bill is chosen for the member; several wait for a choice.
            listing.add_option((bill_line(bill), bill.id, bill.id in chosen or len(bills) == 1))
        has_bills = bool(bills)
        listing.display = has_bills
        self.query_one("#sp-bills-header").display = has_bills
        if bills:
            holder = bills[0].holder_name
            self.query_one("#sp-holder", Static).update(f"Titular: {holder}" if holder else "")
        self.loaded = True
        self._show_totals()

    def chosen_ids(self) -> list[str]:
        listing = self.query_one("#sp-bills", SelectionList)
        return [value for value in listing.selected if value in self.bills]

    @on(SelectionList.SelectedChanged)
    def _show_totals(self) -> None:
        chosen = [self.bills[b] for b in self.chosen_ids()]
        self.query_one("#sp-totals", SummaryTable).update_rows(money_rows(chosen))
        if chosen:
            self.query_one("#field-bill_ids", FormField).show_error("")

    # -- the order -----------------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return ["from_account", "bill_ids"]

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.query_one(AccountPicker).value is None:
            found["from_account"] = "Selecciona la cuenta de débito."
        if self.bills and not self.chosen_ids():
            found["bill_ids"] = NO_BILL_CHOSEN
        return found

    def build_order(self) -> ServicePaymentOrder:
        # In the bills' order (oldest first), whatever order they were ticked in.
        chosen = set(self.chosen_ids())
        return ServicePaymentOrder(
            from_account=self.query_one(AccountPicker).value or "",
            biller_id=self.service.biller_id,
            service_code=self.service.service_code,
            bill_ids=tuple(b for b in self.bills if b in chosen),
        )

    @on(Button.Pressed, "#sp-continue")
    def submit(self) -> None:
        if not self.bills:  # still asking the bank, or nothing pending: it says which
            status = self.query_one("#sp-status", Static)
            self.show_form_error(str(status.render()) if self.loaded else LOADING)
            return
        self.submit_order()

    async def order_done(self, receipt: Receipt) -> None:
        self.dismiss(True)

    async def order_refused(self) -> None:
        """A bill may have been paid meanwhile (the scheduler, another session)."""
        self.load()

    async def order_not_done(self) -> None:
        """Declined, or the answer was lost: ask the bank again what is still pending."""
        self.load()

    @on(Button.Pressed, "#sp-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
