"""Pago de Tarjetas – Otros Bancos: the member's registered cards of other institutions.

The manual's Paso 2 ("Selecciona la tarjeta que vas a cancelar") with its question
"¿Requieres añadir una nueva tarjeta?" (Registro Nueva Tarjeta), Pagar (Paso 5, the
shared card payment form) and Eliminar. Cards are only ever shown masked, as the bank
keeps them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.cards import PayableCard, PayableCardOwner
from cooptui.domain.formatting import count_of
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.card_registration import CardKey, CardRegistrationScreen
from cooptui.screens.frame import BankScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.fit_table import FitTable

COLUMNS = (
    ("Institución Financiera", 22),
    ("Titular", 0),
    ("Número de tarjeta", 19),
    ("Alias", 12),
)
"""(header, width); 0: the holder's name takes what the others leave."""
INTRO = "Selecciona la tarjeta que vas a cancelar."
QUESTION = "¿Requieres añadir una nueva tarjeta?"
NONE_YET = (
    "Aún no tienes tarjetas de otras instituciones registradas: registra una con"
    " «Registrar nueva tarjeta» (F2) para pagarla desde aquí."
)
LOADING = "Cargando tus tarjetas…"
DELETE_QUESTION = "¿Está seguro que desea eliminar la tarjeta?"


def card_title(card: PayableCard) -> str:
    """ "Diners Club del Ecuador 360800XXXX9787 (Diners)": a card in one line, masked."""
    alias = f" ({card.alias})" if card.alias else ""
    return f"{card.institution_name} {card.masked_number}{alias}"


class OtherCardsScreen(BankScreen):
    MENU_ID = "tarjetas-otros"
    CSS_PATH = "other_cards.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "add_card", "Añadir tarjeta"),  # the manual: ¿Requieres añadir…?
        Binding("f3", "pay", "Pagar"),
        Binding("f8", "delete", "Eliminar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, PayableCard] = {}
        self.loaded = False
        """The bank answered with the list (perhaps empty)."""
        self._highlight: CardKey | None = None
        self._known: set[str] = set()
        """The ids listed before a registration: the new card is the one not among them."""

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="oc-intro")
        with Horizontal(id="oc-question"):
            yield Static(QUESTION, id="oc-question-text")
            yield Button("Registrar nueva tarjeta", id="oc-new", variant="primary")
        yield Static(LOADING, id="oc-status")
        yield Label("", id="oc-error", classes="form-error -empty", markup=False)
        yield FitTable(
            COLUMNS,
            flex_min=14,
            id="oc-table",
            cursor_type="row",
            zebra_stripes=True,
        )
        with Vertical(id="oc-detail"):
            yield SummaryTable([], id="oc-detail-lines")
            with Horizontal(id="oc-detail-buttons"):
                yield Button("Pagar", id="oc-pay", variant="primary")
                yield Button("Eliminar", id="oc-delete", variant="error")

    def on_mount(self) -> None:
        self.query_one("#oc-detail").display = False
        self.query_one("#oc-table").display = False
        self.focus_after_layout("#oc-new")
        self.reload()

    # -- the list --------------------------------------------------------------------------------
    def reload(self) -> None:
        """The bank's list again (F5, after a payment or a registration, a clock jump)."""
        self._load()

    @work(exclusive=True, group="oc-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            cards = await self.backend.payable_cards(PayableCardOwner.OTHER_BANK)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#oc-status", Static).update(
                    Text(f"{exc.message} Pulsa F5 para intentarlo de nuevo.")
                )
            return
        if self.is_attached:
            self._show(cards)

    def _show(self, cards: list[PayableCard]) -> None:
        table = self.query_one("#oc-table", DataTable)
        previous = self.current()
        # Enter pays: the table takes the focus on arriving (from wherever it was put while
        # loading) and after a registration, never from a control the member chose.
        take_focus = self._highlight is not None or (not self.loaded and not self._chosen_focus())
        table.clear()
        self.found = {c.id: c for c in cards}
        for c in cards:
            table.add_row(
                Text(c.institution_name, no_wrap=True, overflow="ellipsis"),
                Text(c.holder_name, no_wrap=True, overflow="ellipsis"),
                Text(c.masked_number, no_wrap=True, overflow="ellipsis"),
                Text(c.alias or "", no_wrap=True, overflow="ellipsis"),
                key=c.id,
            )
        self.loaded = True
        status = count_of(len(cards), "tarjeta", "registrada") if cards else NONE_YET
        self.query_one("#oc-status", Static).update(status)
        if not cards and table.has_focus:
            self.query_one("#oc-new", Button).focus()  # the last card was deleted
        table.display = bool(cards)
        target = self._target(previous)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target))
        if cards and take_focus:
            self.set_focus(table, scroll_visible=False)  # at once: see focus_after_layout
        self._show_detail()

    def _chosen_focus(self) -> bool:
        """Whether the member is in the content already (not just on its first button)."""
        focused = self.focused
        if focused is None or focused is self.query_one("#oc-new"):
            return False
        return self.query_one("#content") in focused.ancestors

    def _target(self, previous: PayableCard | None) -> str | None:
        """The row to highlight: a card just registered, else the one highlighted before."""
        wanted, self._highlight = self._highlight, None
        if wanted is not None:
            matching = [
                k for k, c in self.found.items() if (c.institution_code, c.masked_number) == wanted
            ]
            new = [k for k in matching if k not in self._known]
            if new or matching:
                return (new or matching)[0]
        if previous is not None and previous.id in self.found:
            return previous.id
        return None

    def _show_error(self, message: str) -> None:
        error = self.query_one("#oc-error", Label)
        error.update(message)
        error.set_class(not message, "-empty")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pagar and Eliminar are offered only while a card is highlighted."""
        if action in {"pay", "delete"}:
            return self.is_mounted and self.current() is not None
        return super().check_action(action, parameters)

    def current(self) -> PayableCard | None:
        table = self.query_one("#oc-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.found.get(key or "")

    @on(DataTable.RowHighlighted, "#oc-table")
    def _show_detail(self) -> None:
        self.refresh_bindings()
        c = self.current()
        detail = self.query_one("#oc-detail")
        detail.display = c is not None
        if c is None:
            return
        identification = "-"
        if c.id_type is not None and c.identification:
            identification = f"{c.id_type.label} {c.identification}"
        rows = [
            ("Institución Financiera", c.institution_name),
            ("Titular", c.holder_name),
            ("Identificación", identification),
            ("Número de tarjeta", c.masked_number),
            ("Alias", c.alias or "-"),
        ]
        self.query_one("#oc-detail-lines", SummaryTable).update_rows(rows)

    @on(DataTable.RowSelected, "#oc-table")
    def _row_chosen(self) -> None:
        self.action_pay()

    # -- Registrar, Pagar, Eliminar ----------------------------------------------------------------
    @on(Button.Pressed, "#oc-new")
    def action_add_card(self) -> None:
        self.app.push_screen(CardRegistrationScreen(self.backend), self._registered)

    def _registered(self, key: CardKey | None) -> None:
        if key is not None:
            self._highlight = key
            self._known = set(self.found)
            self.reload()

    @on(Button.Pressed, "#oc-pay")
    def action_pay(self) -> None:
        card = self.current()
        if card is None:
            return
        # A payment reloads every open screen itself (CoopApp.balances_changed).
        self.app.push_screen(CardPaymentScreen(self.backend, card))

    @on(Button.Pressed, "#oc-delete")
    def action_delete(self) -> None:
        card = self.current()
        if card is not None:
            self._delete(card)

    @work(exclusive=True, group="oc-delete", exit_on_error=False)
    async def _delete(self, card: PayableCard) -> None:
        detail = f"{card_title(card)}\nTitular: {card.holder_name}"
        if not await self.app.push_screen_wait(AskDialog(DELETE_QUESTION, detail)):
            return
        try:
            await self.backend.delete_external_card(card.id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._show_error(exc.message)
            return
        if not self.is_attached:
            return
        self._show_error("")
        self.notify(f"Eliminaste la tarjeta {card_title(card)}.", markup=False)
        self.reload()
