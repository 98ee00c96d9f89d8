"""Pagar una tarjeta de crédito (manual "Pago Tarjetas", Paso 5), Cooprogreso's or another bank's.

Datos de la tarjeta → Cuenta a debitar (No. Cuenta, Titular) → Información de pago
(Monto, with the quick choices Pago mínimo / Pago total / Otro valor on a Cooprogreso
card; Referencia) → Regresar / Continuar → confirmation (Monto, Comisión, IVA, Total a
Pagar, from the bank) → SMS code → comprobante. The UI computes no fee and no limit the
bank keeps: what it refuses (funds with fees, more than the card owes) lands under Monto.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.cards import PayableCard, PayableCardOwner
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.operations import CardPaymentOrder, Receipt
from cooptui.domain.products import CreditCard
from cooptui.domain.validators import REFERENCE_MAX_LENGTH, validate_text
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.amount_field import AmountField
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_dialog import FormDialog
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.overflow_scroll import OverflowScroll

if TYPE_CHECKING:
    from cooptui.app import CoopApp

NO_ACCOUNT = "Selecciona la cuenta a debitar."
RETRY = "Pulsa F5 para intentarlo de nuevo."
MINIMUM, TOTAL, OTHER = "cp-minimum", "cp-total", "cp-other"
"""The quick choices' ids: Pago mínimo, Pago total, Otro valor."""
CHOICE_WORDS = {MINIMUM: "Pago mínimo", TOTAL: "Pago total", OTHER: "Otro valor"}


def quick_figures(card: PayableCard, owed: CreditCard | None) -> dict[str, Decimal]:
    """What the quick choices fill Monto with: Pago mínimo as the bank offers it for
    payment (`payable_cards`), Pago total the whole Utilizado rotativo."""
    figures: dict[str, Decimal] = {}
    if card.minimum_payment is not None:
        figures[MINIMUM] = card.minimum_payment
    if owed is not None:
        figures[TOTAL] = owed.revolving_used
    return figures


def choice_label(choice: str, figure: Decimal | None) -> Text:
    """ "Pago mínimo      $708.63": the figures line up on the right."""
    words = CHOICE_WORDS[choice]
    return Text(words if figure is None else f"{words:<13}{format_money(figure):>13}")


def card_rows(card: PayableCard) -> list[tuple[str, str]]:
    """Datos de la tarjeta, in the manual's words; backend text shown literally."""
    rows = [
        ("Institución Financiera", card.institution_name),
        ("Titular de la tarjeta", card.holder_name),
        ("Número de tarjeta", card.masked_number),
    ]
    if card.alias:
        rows.append(("Alias", card.alias))
    if card.payment_due_date is not None:
        rows.append(("Fecha máxima de pago", format_date(card.payment_due_date)))
    return rows


class CardPaymentScreen(OrderForm, PresentsWorkerErrors, FormDialog[bool]):
    """Dismisses True once paid (the comprobante was shown), False when the member leaves.

    `owed` (Cooprogreso cards): the card's figures from `credit_cards()` for Pago total;
    read again with the card itself on every reload, and fetched when not given.
    """

    CSS_PATH = "card_payment.tcss"
    AUTO_FOCUS = ""  # none: on_mount focuses the account without scrolling (None is "*")
    FORM_ERROR = "cp-form-error"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("f5", "reload", "Actualizar"),
    ]

    def __init__(
        self, backend: Backend, card: PayableCard, *, owed: CreditCard | None = None
    ) -> None:
        super().__init__()
        self.backend = backend
        self.card = card
        self.owed = owed
        self._other_by_typing = False
        """Otro valor was pressed for the member as they typed: leave Monto alone."""

    @property
    def own(self) -> bool:
        """A Cooprogreso card: no commission, and the quick choices."""
        return self.card.owner is PayableCardOwner.COOPROGRESO

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="cp-box", classes="dialog-box"):
            with OverflowScroll(id="cp-body", classes="dialog-body"):
                yield Static("Pago de Tarjetas", classes="dialog-title")
                yield Static("Datos de la tarjeta", classes="form-section")
                yield SummaryTable(card_rows(self.card), id="cp-card")
                yield Static("Cuenta a debitar", classes="form-section")
                yield AccountPicker(
                    "No. Cuenta", select_id="cp-account", prompt="Selecciona una opción"
                )
                yield FormField("Titular", Static("", id="cp-holder", markup=False), name="holder")
                yield Static("Información de pago", classes="form-section")
                if self.own:
                    yield FormField(
                        "Valor a pagar",
                        RadioSet(
                            *(RadioButton(choice_label(c, None), id=c) for c in CHOICE_WORDS),
                            id="cp-choice",
                        ),
                        name="choice",
                    )
                yield AmountField(input_id="cp-amount")
                yield FormField(
                    "Referencia",
                    Input(placeholder="Opcional", id="cp-reference"),
                    name="reference",
                )
            yield Label("", id="cp-form-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Regresar", id="cp-back")
                yield Button("Continuar", id="cp-continue", variant="primary")

    def on_mount(self) -> None:
        # The first control, as the manual orders them; not scrolled to: a Select counts
        # its hidden list in its height, and the body would open past the card's data.
        self.set_focus(self.query_one("#cp-account", Select), scroll_visible=False)
        self._show_figures()
        self.reload()

    @property
    def picker(self) -> AccountPicker:
        return self.query_one(AccountPicker)

    @property
    def amount(self) -> AmountField:
        return self.query_one(AmountField)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Balances (and a Cooprogreso card's figures) again: after F5, money moved or a
        clock jump. What the member typed or chose stays."""
        self._load()

    def action_reload(self) -> None:
        self.reload()

    @work(exclusive=True, group="cp-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            card = owed = None
            if self.own:
                payable = await self.backend.payable_cards(PayableCardOwner.COOPROGRESO)
                card = next((c for c in payable if c.id == self.card.id), None)
                owed = next(
                    (c for c in await self.backend.credit_cards() if c.id == self.card.id), None
                )
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} {RETRY}")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        self.picker.set_accounts(accounts)
        self._account_changed()
        if card is not None and owed is not None:
            self.card, self.owed = card, owed
            self.query_one("#cp-card", SummaryTable).update_rows(card_rows(card))
            self._show_figures()

    @on(Select.Changed, "#cp-account")
    def _account_changed(self) -> None:
        account = self.picker.account
        self.query_one("#cp-holder", Static).update(account.holder_name if account else "")
        available = self.picker.available
        if available != self.amount.available:  # a bank's message under Monto stays otherwise
            self.amount.set_bounds(available)

    # -- the quick choices ---------------------------------------------------------------------
    def figures(self) -> dict[str, Decimal]:
        return quick_figures(self.card, self.owed) if self.own else {}

    def _show_figures(self) -> None:
        """Each choice with its figure; one with nothing to pay cannot be chosen. A chosen
        figure that changed (a payment elsewhere, a cut-off) is filled in again."""
        if not self.own:
            return
        figures = self.figures()
        for choice in (MINIMUM, TOTAL):
            button = self.query_one(f"#{choice}", RadioButton)
            figure = figures.get(choice)
            button.label = choice_label(choice, figure)
            button.disabled = not figure
        chosen = self.chosen()
        if chosen in figures and figures[chosen] and self.amount.text != self._plain(chosen):
            self._fill(chosen)

    def chosen(self) -> str | None:
        if not self.own:
            return None
        pressed = self.query_one("#cp-choice", RadioSet).pressed_button
        return pressed.id if pressed is not None else None

    def _plain(self, choice: str) -> str:
        """The figure as Monto holds it ("708.63"), "" for Otro valor."""
        figure = self.figures().get(choice)
        return f"{figure:.2f}" if figure else ""

    def _fill(self, choice: str) -> None:
        self.amount.input.value = self._plain(choice)

    @on(RadioSet.Changed, "#cp-choice")
    def _chose(self, event: RadioSet.Changed) -> None:
        choice = event.pressed.id or OTHER
        if choice != OTHER:
            self._fill(choice)
            return
        if self._other_by_typing:  # the member is typing the amount already
            self._other_by_typing = False
            return
        # Otro valor: a figure a choice filled in makes way for the member's own.
        if self.amount.text in {self._plain(MINIMUM), self._plain(TOTAL)} - {""}:
            self.amount.clear()
        self.amount.input.focus()

    @on(Input.Changed, "#cp-amount")
    def _typed(self) -> None:
        """An amount typed, other than the chosen figure, is Otro valor."""
        if not self.own:
            return
        chosen = self.chosen()
        text = self.amount.text
        if chosen == OTHER or not text.strip() or (chosen and text == self._plain(chosen)):
            return
        self._other_by_typing = True
        self.query_one(f"#{OTHER}", RadioButton).value = True

    # -- the order -----------------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return ["from_account", "amount", "reference"]

    def show_problems(self, found: dict[str, str]) -> None:
        """As the kit does, and the first message scrolled into view with its field: on a
        short terminal the focused Input alone can leave its message below the edge."""
        super().show_problems(found)
        first = next((name for name in self.order_fields() if name in found), None)
        if first is not None:
            field = self.query_one(f"#field-{first}", FormField)
            self.call_after_refresh(field.scroll_visible, animate=False)

    def _reference(self) -> str:
        return self.query_one("#cp-reference", Input).value.strip()

    @on(Input.Changed, "#cp-reference")
    def _check_reference(self) -> None:
        problem = validate_text(self._reference(), REFERENCE_MAX_LENGTH)
        self.query_one("#field-reference", FormField).show_error(problem or "")

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.picker.value is None:
            found["from_account"] = NO_ACCOUNT
        if problem := self.amount.problem():
            found["amount"] = problem
        if problem := validate_text(self._reference(), REFERENCE_MAX_LENGTH):
            found["reference"] = problem
        return found

    def build_order(self) -> CardPaymentOrder:
        return CardPaymentOrder(
            from_account=self.picker.value or "",
            card_id=self.card.id,
            amount=self.amount.value(),
            reference=self._reference(),
        )

    @on(Input.Submitted, "#cp-amount, #cp-reference")
    @on(Button.Pressed, "#cp-continue")
    def submit(self) -> None:
        self.submit_order()

    async def order_done(self, receipt: Receipt) -> None:
        """Paid: every open screen (the list, the Resumen, the card) reads its figures again."""
        cast("CoopApp", self.app).balances_changed()
        self.dismiss(True)

    async def order_not_done(self) -> None:
        """Declined, or the answer was lost: what the bank has now, everywhere (this form
        too); what was typed stays."""
        cast("CoopApp", self.app).balances_changed()

    @on(Button.Pressed, "#cp-back")
    def action_back(self) -> None:
        self.dismiss(False)
