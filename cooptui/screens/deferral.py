"""Diferido Tarjetas (manual "5. Diferido de tarjetas", Pasos 1-6).

Two menu items, one flow: Selecciona una tarjeta → what to defer (the card's purchases,
or part of its Saldo Actual Rotativo) → Plazo → Simular (the bank's quote, as often as
the member likes) → Continuar → confirmation → SMS code → comprobante, and the new plan
in "Diferidos de la tarjeta". Only a simulation of exactly the inputs on screen can be
booked: changing a purchase, the plazo or the amount marks the one shown as stale.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Label, Static

from cooptui.backend.errors import BackendError, InvalidInput, SessionExpired
from cooptui.domain.cards import Deferral, DeferralTarget
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import DeferralOrder, Receipt
from cooptui.domain.products import CardStatus, CreditCard
from cooptui.screens.frame import BankScreen
from cooptui.screens.menu import HOME, ITEMS
from cooptui.widgets.deferral_cards import DeferralCards, not_active
from cooptui.widgets.deferral_form import DeferralForm
from cooptui.widgets.deferral_inputs import DeferralInputs
from cooptui.widgets.deferral_table import DeferralTable
from cooptui.widgets.order_form import OrderForm

SECTION_TITLE = "Diferido Tarjetas de Crédito"
LOADING = "Consultando tu tarjeta…"
RETRY = "Pulsa F5 para intentarlo de nuevo."
NO_DEFERRALS = "Esta tarjeta no tiene diferidos."
CARD_GONE = "La tarjeta que elegiste ya no está entre tus tarjetas."


class DeferralScreen(OrderForm, BankScreen):
    """The shared flow; subclasses say what they defer (`TARGET`).

    Pasos 1-2 are `DeferralCards`, Pasos 4-5 `DeferralForm` (inputs and the quote shown);
    the screen asks the bank (cards, purchases, quotes, the order) and keeps them in step.
    """

    CSS_PATH = "deferral.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    FORM_ERROR = "df-form-error"
    TARGET: ClassVar[DeferralTarget]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("f3", "simulate", "Simular"),
    ]

    def __init__(self, card_id: str | None = None) -> None:
        super().__init__()
        self._start_card = card_id
        """Chosen for the member (the card detail's Diferir): Paso 4 opens at once."""
        self.card: CreditCard | None = None
        self.terms: list[int] = []
        self._booked = False
        """A deferral was just booked: the next load starts the form afresh."""

    @property
    def card_id(self) -> str | None:
        """The card of Pasos 4-6, or the one asked for while the cards load."""
        return self.card.id if self.card is not None else self._start_card

    @property
    def revolving(self) -> bool:
        return self.TARGET is DeferralTarget.REVOLVING_BALANCE

    @property
    def cards(self) -> DeferralCards:
        return self.query_one(DeferralCards)

    @property
    def form(self) -> DeferralForm:
        return self.query_one(DeferralForm)

    # -- layout --------------------------------------------------------------------------------
    def compose_content(self) -> ComposeResult:
        yield Static(ITEMS[self.MENU_ID].label, id="df-subtitle")
        with ContentSwitcher(initial="df-step-card", id="df-steps"):
            yield DeferralCards(id="df-step-card")
            with Vertical(id="df-step-defer"):
                yield Static("", id="df-card-line", markup=False)
                yield Static("", id="df-card-figures", markup=False)
                yield Static(LOADING, id="df-status", markup=False)
                yield DeferralForm(revolving=self.revolving, id="df-form")
                yield Label("", id="df-form-error", classes="form-error", markup=False)
                with Horizontal(id="df-buttons"):
                    yield Button("Regresar", id="df-back")
                    yield Button("Continuar", id="df-continue", variant="primary")
                yield Static("Diferidos de la tarjeta", classes="form-section")
                yield Static("", id="df-deferrals-status", markup=False)
                yield DeferralTable(id="df-deferrals")

    def on_mount(self) -> None:
        self.query_one("#screen-title", Static).update(SECTION_TITLE)
        self.query_one("#df-deferrals").display = False
        self.focus_after_layout("#df-cards")
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Regresar and Simular belong to the second step (Pasos 4-6)."""
        if action in {"back", "simulate"}:
            return self.is_mounted and self._in_deferral_step()
        return super().check_action(action, parameters)

    def _in_deferral_step(self) -> bool:
        return self.query_one("#df-steps", ContentSwitcher).current == "df-step-defer"

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """The cards again and, in Pasos 4-6, the chosen card's purchases and deferrals
        (after a deferral, a clock jump or F5), keeping what the member chose and typed."""
        self._load()

    @work(exclusive=True, group="df-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            cards = await self.backend.credit_cards()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.cards.show_status(f"{exc.message} {RETRY}")
            return
        if not self.is_attached:
            return
        self.cards.show(cards)
        start, self._start_card = self._start_card, None
        if start is not None and start in self.cards.cards:
            self.cards.highlight(start)
            card = self.cards.choose(start)
            if card is None:
                return
            self._open(card)
        elif self.card is not None:
            fresh = self.cards.cards.get(self.card.id)
            if fresh is None or fresh.status is not CardStatus.ACTIVE:
                self._to_cards(not_active(fresh) if fresh is not None else CARD_GONE)
                return
            self.card = fresh
        else:
            return
        await self._load_details()

    async def _load_details(self) -> None:
        """The chosen card's terms, purchases (transactions) and deferrals."""
        card = self.card
        if card is None:
            return
        status = self.query_one("#df-status", Static)
        try:
            if not self.terms:
                self.terms = await self.backend.deferral_terms()
                self.form.show_terms(self.terms)
            purchases = (
                []
                if self.revolving
                else await self.backend.card_transactions(card.id, deferrable_only=True)
            )
            deferrals = await self.backend.deferrals(card.id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(f"{exc.message} {RETRY}")
                status.display = True
            return
        if not self.is_attached or self.card is None or self.card.id != card.id:
            return
        status.display = False
        self._show_card(card)
        if not self.revolving:
            self.form.show_purchases(purchases, keep=not self._booked)
        self._show_deferrals(deferrals)
        self._booked = False

    def _show_card(self, card: CreditCard) -> None:
        self.query_one("#df-card-line", Static).update(
            f"{card.brand} {card.product} {card.masked_number} · {card.holder_name}"
        )
        self.query_one("#df-card-figures", Static).update(
            f"Saldo actual rotativo: {format_money(card.revolving_used)}"
            f"  ·  Utilizado diferido: {format_money(card.deferred_used)}"
        )
        if self.revolving:
            self.form.show_saldo(card.revolving_used, propose=self._booked)

    def _show_deferrals(self, deferrals: list[Deferral]) -> None:
        table = self.query_one("#df-deferrals", DeferralTable)
        table.show(deferrals)
        table.display = bool(deferrals)
        status = self.query_one("#df-deferrals-status", Static)
        status.update(NO_DEFERRALS)
        status.display = not deferrals
        if self._booked and deferrals:  # newest first: the one just booked
            table.move_cursor(row=0)
            # Brought into view once laid out, without animation: an animated scroll (and
            # the one focus() queues) left the screen at a position that depended on timing.
            self.set_focus(table, scroll_visible=False)
            self.call_after_refresh(table.scroll_visible, top=False, animate=False)

    # -- Pasos 1-2: the card -------------------------------------------------------------------
    @on(DeferralCards.Chosen)
    def _chosen(self, event: DeferralCards.Chosen) -> None:
        self._open(event.card)
        self._open_card()

    def _open(self, card: CreditCard) -> None:
        """`card` for Pasos 4-6: what was chosen for another card is forgotten."""
        if self.card is None or self.card.id != card.id:
            self.form.forget()
            self.show_problems({})
            self.show_form_error("")
            self.query_one("#df-deferrals", DeferralTable).clear()
        self.card = card
        self.form.card_id = card.id
        self._show_card(card)
        self.query_one("#df-steps", ContentSwitcher).current = "df-step-defer"
        self.refresh_bindings()
        first = self.query_one(self.form.first_control)
        self.call_after_refresh(lambda: self.set_focus(first, scroll_visible=False))

    @work(exclusive=True, group="df-load", exit_on_error=False)
    async def _open_card(self) -> None:
        status = self.query_one("#df-status", Static)
        status.update(LOADING)
        status.display = True
        await self._load_details()

    @on(Button.Pressed, "#df-cancel")
    def _cancel(self) -> None:
        self.coop.open_section(HOME)

    @on(Button.Pressed, "#df-back")
    def action_back(self) -> None:
        """Back to Selecciona una tarjeta; what was typed stays for the same card."""
        if not self.order_busy:
            self._to_cards()

    def _to_cards(self, why: str = "") -> None:
        self.query_one("#df-steps", ContentSwitcher).current = "df-step-card"
        self.refresh_bindings()
        self.cards.show_error(why)
        self.call_after_refresh(self.query_one("#df-cards").focus)

    # -- Paso 5: the quote ---------------------------------------------------------------------
    def _checked_inputs(self) -> DeferralInputs | None:
        """The inputs when the member has nothing to fix; else each message shown."""
        self.show_form_error("")
        found = self.form.problems()
        self.show_problems(found)
        return None if found else self.form.inputs()

    @on(Button.Pressed, "#df-simulate")
    def action_simulate(self) -> None:
        inputs = self._checked_inputs() if self.card is not None else None
        if inputs is not None:
            self._simulate(inputs)

    @work(exclusive=True, group="df-simulate", exit_on_error=False)
    async def _simulate(self, inputs: DeferralInputs) -> None:
        try:
            simulation = await self.backend.simulate_deferral(
                inputs.card_id, self.TARGET, inputs.transaction_ids, inputs.months, inputs.amount
            )
        except SessionExpired:
            raise
        except InvalidInput as exc:
            if self.is_attached:
                self.show_refusal(exc.field, exc.message)
                self.reload()  # a purchase deferred elsewhere, a saldo that moved
            return
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(exc.message)
            return
        if not self.is_attached:
            return
        self.form.show_simulation(inputs, simulation)
        view = self.form.view
        self.call_after_refresh(
            lambda: self.query_one("#content").scroll_to_widget(view, top=True, animate=False)
        )

    # -- Paso 6: the order -----------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return self.form.order_fields()

    def order_problems(self) -> dict[str, str]:
        return self.form.problems()

    @on(Button.Pressed, "#df-continue")
    def submit(self) -> None:
        """Continuar: the quote on screen must be of exactly these inputs."""
        if self.order_busy or self.card is None or self._checked_inputs() is None:
            return
        reason = self.form.stale_reason()
        if reason is not None:
            self.show_form_error(reason)
            self.query_one("#df-simulate").focus()
            return
        self.submit_order()

    def build_order(self) -> DeferralOrder:
        inputs = self.form.simulated
        assert inputs is not None  # submit() checked it
        return DeferralOrder(
            card_id=inputs.card_id,
            target=self.TARGET,
            transaction_ids=inputs.transaction_ids,
            months=inputs.months,
            amount=inputs.amount,
        )

    async def order_done(self, receipt: Receipt) -> None:
        """Booked: the quote is spent, the purchases leave the list, the plan joins it."""
        self.form.spend()
        self._booked = True
        self.coop.balances_changed()

    async def order_refused(self) -> None:
        self.reload()

    async def order_not_done(self) -> None:
        """Declined, or refused with the code (deferred elsewhere meanwhile): ask again."""
        self.reload()


class TransactionsDeferralScreen(DeferralScreen):
    """Diferido Transacciones: one or more of the card's purchases."""

    MENU_ID = "diferido-trx"
    TARGET = DeferralTarget.TRANSACTIONS
    CONFLICT_FIELD = "transaction_ids"


class RevolvingDeferralScreen(DeferralScreen):
    """Diferido Saldo Actual Rotativo: the whole saldo rotativo, or part of it."""

    MENU_ID = "diferido-rotativo"
    TARGET = DeferralTarget.REVOLVING_BALANCE
    CONFLICT_FIELD = "amount"
