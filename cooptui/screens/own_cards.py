"""Pago de Tarjetas / Tarjetas Cooprogreso (manual Pasos 1-2): the member's own credit cards.

"Selecciona la tarjeta que vas a cancelar": each card with what it owes (Utilizado
rotativo, Pago mínimo, Fecha máxima de pago); Enter or F3 opens the payment form. The
figures are the card's (`credit_cards`), the card to pay the bank's payable view of it
(`payable_cards`): a card the bank does not offer for payment is not listed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Label, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.cards import PayableCard, PayableCardOwner
from cooptui.domain.formatting import count_of, format_date, format_money
from cooptui.domain.products import CreditCard
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.frame import BankScreen
from cooptui.widgets.product_table import Column, Field, ProductTable

COLUMNS = (
    Column(Field("Marca"), Field("Número")),
    Column(Field("Utilizado rotativo", right=True)),
    Column(Field("Pago mínimo", right=True)),
    Column(Field("Fecha máxima de pago")),
)
INTRO = "Pago de Tarjetas: paga tu tarjeta de crédito Cooprogreso desde tu cuenta."
CHOOSE = "Selecciona la tarjeta que vas a cancelar"
LOADING = "Cargando tus tarjetas…"
NONE_YET = "No tienes tarjetas de crédito Cooprogreso para pagar."
RETRY = "Pulsa F5 para intentarlo de nuevo."

OwnCard = tuple[PayableCard, CreditCard]


def card_values(payable: PayableCard, card: CreditCard) -> dict[str, str | Text]:
    """The row's figures by column label; Pago mínimo as the bank offers it for payment
    (what the payment form's quick choice fills in)."""
    minimum = payable.minimum_payment
    return {
        "Marca": Text(card.brand),
        "Número": card.masked_number,
        "Utilizado rotativo": format_money(card.revolving_used),
        "Pago mínimo": format_money(minimum) if minimum is not None else "-",
        "Fecha máxima de pago": format_date(card.payment_due_date),
    }


class OwnCardsScreen(BankScreen):
    MENU_ID = "tarjetas-coop"
    CSS_PATH = "own_cards.tcss"
    AUTO_FOCUS = ""  # the table, once laid out (BankScreen.focus_after_layout)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f3", "pay", "Pagar")]

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, OwnCard] = {}

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="oc-intro")
        yield Static(CHOOSE, classes="form-section")
        yield Label("", id="oc-error", classes="form-error", markup=False)
        yield Static(LOADING, id="oc-status")
        yield ProductTable(COLUMNS, id="oc-cards")
        with Horizontal(id="oc-buttons"):
            yield Button("Pagar", id="oc-pay", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self._say("")
        self.focus_after_layout("#oc-cards")
        self.reload()

    # -- the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        """The cards' figures again (after a payment, a clock jump or F5), the row kept."""
        self._load()

    @work(exclusive=True, group="oc-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            figures = {c.id: c for c in await self.backend.credit_cards()}
            payable = await self.backend.payable_cards(PayableCardOwner.COOPROGRESO)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._say(f"{exc.message} {RETRY}")
            return
        if self.is_attached:
            self._say("")
            self._show([(p, figures[p.id]) for p in payable if p.id in figures])

    def _say(self, message: str) -> None:
        """The bank's refusal over the list; no empty line when there is none."""
        error = self.query_one("#oc-error", Label)
        error.update(message)
        error.display = bool(message)

    def _show(self, cards: list[OwnCard]) -> None:
        table = self.query_one("#oc-cards", ProductTable)
        kept = self.current_id()
        self.cards = {payable.id: (payable, card) for payable, card in cards}
        table.set_rows((card.id, card_values(payable, card)) for payable, card in cards)
        if kept in self.cards:
            table.move_cursor(row=table.get_row_index(kept), animate=False)
        table.display = bool(cards)
        status = count_of(len(cards), "tarjeta") + " de crédito" if cards else NONE_YET
        self.query_one("#oc-status", Static).update(status)
        self.query_one("#oc-pay", Button).disabled = not cards
        self.refresh_bindings()

    def current_id(self) -> str | None:
        table = self.query_one("#oc-cards", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pagar is offered only while a card is listed."""
        if action == "pay":
            return self.is_mounted and bool(self.cards)
        return super().check_action(action, parameters)

    # -- Pagar ---------------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#oc-cards")
    @on(Button.Pressed, "#oc-pay")
    def action_pay(self) -> None:
        chosen = self.cards.get(self.current_id() or "")
        if chosen is not None:
            payable, card = chosen
            self.app.push_screen(CardPaymentScreen(self.backend, payable, owed=card))
