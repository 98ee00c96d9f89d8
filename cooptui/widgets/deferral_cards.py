"""Selecciona una tarjeta (manual "5. Diferido de tarjetas", Pasos 1-2).

The table "Tarjetas" (Titular de la tarjeta, Número de la tarjeta, Estado, Seleccionar)
with Cancelar / Continuar. Seleccionar follows the cursor like a radio button; Enter (or
a second click) on a row, or Continuar, chooses it. Only an active card can be chosen:
another one says why under the table instead.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Label, Static

from cooptui.domain.products import CardStatus, CreditCard
from cooptui.widgets.fit_table import FitTable

CARD_COLUMNS = (
    ("Titular de la tarjeta", 0),
    ("Número de la tarjeta", 20),
    ("Estado", 9),
    ("Seleccionar", 11),
)
NO_CARDS = "No se encontraron registros"
LOADING_CARDS = "Cargando tus tarjetas…"
CHOSEN, CHOOSABLE, NOT_CHOOSABLE = "(•)", "( )", "—"


def not_active(card: CreditCard) -> str:
    return (
        f"La tarjeta {card.masked_number} está {card.status.value.lower()}:"
        " solo puedes diferir consumos de una tarjeta activa."
    )


class DeferralCards(Vertical):
    """The member's credit cards to choose from; posts `Chosen` for an active one."""

    DEFAULT_CSS = """
    DeferralCards { height: auto; }
    DeferralCards > #df-cards-caption { text-style: bold; margin-top: 1; }
    DeferralCards > #df-cards { height: auto; max-height: 10; }
    DeferralCards > #df-cards-status { color: $text-muted; height: auto; }
    DeferralCards > #df-card-buttons { height: auto; margin-top: 1; }
    DeferralCards > #df-card-buttons > Button { margin-right: 2; }
    """

    class Chosen(Message):
        def __init__(self, card: CreditCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: dict[str, CreditCard] = {}
        self._marked: str | None = None
        """The card Seleccionar was last on: a message about it stays while it is."""

    def compose(self) -> ComposeResult:
        yield Static("Selecciona una tarjeta", classes="form-section")
        yield Static("Tarjetas", id="df-cards-caption")
        yield FitTable(CARD_COLUMNS, flex_min=20, id="df-cards", cursor_type="row")
        yield Static(LOADING_CARDS, id="df-cards-status", markup=False)
        yield Label("", id="df-card-error", classes="form-error", markup=False)
        with Horizontal(id="df-card-buttons"):
            yield Button("Cancelar", id="df-cancel")
            yield Button("Continuar", id="df-card-continue", variant="primary")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#df-cards", FitTable)

    def show_status(self, text: str) -> None:
        status = self.query_one("#df-cards-status", Static)
        status.update(text)
        status.display = bool(text)

    def show_error(self, text: str) -> None:
        self.query_one("#df-card-error", Label).update(text)

    def show(self, cards: list[CreditCard]) -> None:
        """The bank's cards, the cursor left on the card it was on."""
        table = self.table
        current = self.highlighted()
        self.cards = {c.id: c for c in cards}
        table.clear()
        for card in cards:
            table.add_row(
                Text(card.holder_name, no_wrap=True, overflow="ellipsis"),
                Text(card.masked_number),
                Text(card.status.value),
                Text(""),
                key=card.id,
            )
        if current is not None and current.id in self.cards:
            self.highlight(current.id)
        self.show_status("" if cards else NO_CARDS)
        self._mark_choice()

    def highlight(self, card_id: str) -> None:
        self.table.move_cursor(row=self.table.get_row_index(card_id))

    def highlighted(self) -> CreditCard | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.cards.get(key or "")

    def choose(self, card_id: str) -> CreditCard | None:
        """The card if it can be chosen (active); else None, with the reason shown."""
        card = self.cards.get(card_id)
        if card is None:
            return None
        if card.status is not CardStatus.ACTIVE:
            self.show_error(not_active(card))
            return None
        self.show_error("")
        return card

    @on(DataTable.RowHighlighted, "#df-cards")
    def _mark_choice(self) -> None:
        current = self.highlighted()
        for card in self.cards.values():
            mark = CHOOSABLE if card.status is CardStatus.ACTIVE else NOT_CHOOSABLE
            if current is not None and card.id == current.id and mark == CHOOSABLE:
                mark = CHOSEN
            self.table.update_cell(card.id, "Seleccionar", Text(mark, justify="center"))
        marked = current.id if current is not None else None
        if marked != self._marked:
            self._marked = marked
            self.show_error("")

    @on(DataTable.RowSelected, "#df-cards")
    @on(Button.Pressed, "#df-card-continue")
    def _continue(self, event: Message) -> None:
        event.stop()
        current = self.highlighted()
        card = self.choose(current.id) if current is not None else None
        if card is not None:
            self.post_message(self.Chosen(card))
