"""Pasos 4-5 of a deferral: what to defer, the Plazo, Simular and the quote shown.

The purchases to tick (Diferido Transacciones) or the Monto a diferir (Diferido Saldo
Actual Rotativo), the Plazo (the bank's terms) and the last simulation. The form knows
which inputs that simulation was for: when the member changes a purchase, the plazo or
the amount it is marked stale, and `stale_reason()` says why Continuar must wait.
"""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, SelectionList, Static

from cooptui.domain.cards import MIN_DEFERRAL, CardTransaction, DeferralSimulation
from cooptui.domain.formatting import format_money
from cooptui.widgets.deferral_inputs import (
    DeferralInputs,
    PurchaseList,
    RevolvingAmountField,
    purchase_header,
)
from cooptui.widgets.deferral_simulation import DeferralSimulationView
from cooptui.widgets.form_field import FormField

NO_PURCHASES = "No tienes consumos que se puedan diferir en esta tarjeta."
NOTHING_CHOSEN = "Selecciona al menos un consumo para diferir (barra espaciadora)."
PURCHASE_GONE = (
    "Uno de los consumos que elegiste ya fue diferido o ya no se puede diferir:"
    " lo quitamos de la lista."
)
NO_TERM = "Selecciona el plazo del diferido."
SIMULATE_FIRST = "Pulsa Simular para ver tu diferido antes de continuar."
SIMULATE_AGAIN = "Cambiaste los datos del diferido: pulsa Simular de nuevo antes de continuar."


def count_phrase(count: int) -> str:
    plural = "" if count == 1 else "s"
    return f"Total de {count} consumo{plural} seleccionado{plural}"


class DeferralForm(Vertical):
    """The inputs of one deferral and its quote; the screen asks the bank."""

    DEFAULT_CSS = """
    DeferralForm { height: auto; }
    DeferralForm #field-transaction_ids > .form-label { display: none; }
    DeferralForm #df-purchases-head { padding-left: 4; color: $text-muted; text-style: bold; }
    DeferralForm #df-purchases {
        height: auto; max-height: 8; width: 1fr; border: none; padding: 0;
    }
    DeferralForm #df-purchases:focus { background-tint: $foreground 5%; }
    DeferralForm #df-total { text-style: bold; padding: 1 0 0 1; }
    DeferralForm #df-amount { max-width: 24; }
    DeferralForm #df-months { max-width: 30; }
    DeferralForm #df-simulate-row { height: auto; padding-left: 20; }
    DeferralForm #df-simulation { margin-top: 1; border: round $primary; padding: 0 1; }
    """

    def __init__(self, *, revolving: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.revolving = revolving
        self.card_id: str | None = None
        self.simulated: DeferralInputs | None = None
        """The inputs of the simulation shown (None: none shown)."""

    def compose(self) -> ComposeResult:
        if not self.revolving:
            yield Static("Selecciona el consumo que deseas diferir", classes="form-section")
            yield Static(purchase_header(), id="df-purchases-head")
            yield FormField("Consumos", PurchaseList(id="df-purchases"), name="transaction_ids")
        yield Static("Simula el diferido en monto y plazo", classes="form-section")
        if self.revolving:
            yield RevolvingAmountField("Monto a diferir", input_id="df-amount")
        else:
            yield FormField(
                "Monto a diferir",
                Static(format_money(0), id="df-total"),
                name="selected_total",
                hint=count_phrase(0),
            )
        months = Select[int]([], prompt="Selecciona el plazo", id="df-months")
        yield FormField("Plazo", months, name="months")
        with Horizontal(id="df-simulate-row"):
            yield Button("Simular", id="df-simulate")
        yield DeferralSimulationView(id="df-simulation")

    def on_mount(self) -> None:
        self.view.display = False

    @property
    def view(self) -> DeferralSimulationView:
        return self.query_one("#df-simulation", DeferralSimulationView)

    @property
    def purchases(self) -> PurchaseList:
        return self.query_one("#df-purchases", PurchaseList)

    @property
    def amount(self) -> RevolvingAmountField:
        return self.query_one(RevolvingAmountField)

    @property
    def first_control(self) -> str:
        return "#df-amount" if self.revolving else "#df-purchases"

    # -- what the bank says ---------------------------------------------------------------------
    def show_terms(self, terms: list[int]) -> None:
        select = self.query_one("#df-months", Select)
        with select.prevent(Select.Changed):
            select.set_options((f"{months} meses", months) for months in terms)

    def show_saldo(self, revolving_used: Decimal, *, propose: bool) -> None:
        """The saldo rotativo bounds the amount; `propose` (or nothing typed) fills in
        all of it, the manual's proposal: the member may defer less."""
        field = self.amount
        if propose or not field.text.strip():
            with field.input.prevent(Input.Changed):
                field.input.value = str(revolving_used) if revolving_used else ""
        low, saldo = format_money(MIN_DEFERRAL), format_money(revolving_used)
        field.show_hint(
            f"Desde {low} hasta {saldo}, tu saldo rotativo"
            if revolving_used >= MIN_DEFERRAL
            else f"Tu saldo rotativo ({saldo}) es menor al mínimo para diferir ({low})"
        )
        if field.available != revolving_used:  # re-checking what is typed would
            field.set_bounds(revolving_used)  # clear a message of the bank's
        self._check_stale()

    def show_purchases(self, offered: list[CardTransaction], *, keep: bool) -> None:
        """The purchases the bank offers now; a tick lost on the way is said."""
        gone = self.purchases.show(offered, keep=keep)
        self.purchases.display = bool(offered)
        self.query_one("#df-purchases-head").display = bool(offered)
        field = self.query_one("#field-transaction_ids", FormField)
        if not offered:
            field.show_error(NO_PURCHASES)
        elif gone:
            field.show_error(PURCHASE_GONE)
        self._show_total()
        self._check_stale()

    def show_simulation(self, inputs: DeferralInputs, simulation: DeferralSimulation) -> None:
        self.simulated = inputs
        self.view.display = True
        self.view.show(
            simulation,
            f"Simulación: {format_money(simulation.principal)} a {simulation.months} meses",
        )
        self._check_stale()

    def forget(self) -> None:
        """Another card: nothing chosen, typed or simulated for the last one applies."""
        self.spend()
        if self.revolving:
            self.amount.clear()
        else:
            self.purchases.show([], keep=False)
            self._show_total()

    def spend(self) -> None:
        """The quote was booked (or belongs to another card): it is shown no more."""
        self.simulated = None
        self.view.display = False

    # -- what the member chose ------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return ["amount" if self.revolving else "transaction_ids", "months"]

    def chosen_ids(self) -> list[int]:
        return [] if self.revolving else self.purchases.chosen_ids()

    def months(self) -> int | None:
        value = self.query_one("#df-months", Select).value
        return value if isinstance(value, int) else None

    def problems(self) -> dict[str, str]:
        """Field -> message for what the member must fix before a quote or an order."""
        found: dict[str, str] = {}
        if self.revolving:
            problem = self.amount.final_problem()
            if problem is not None:
                found["amount"] = problem
        elif not self.chosen_ids():
            found["transaction_ids"] = NOTHING_CHOSEN if self.purchases.purchases else NO_PURCHASES
        if self.months() is None:
            found["months"] = NO_TERM
        return found

    def inputs(self) -> DeferralInputs | None:
        """The inputs on screen, None while one is missing or wrong."""
        months = self.months()
        if self.card_id is None or months is None or self.problems():
            return None
        amount = self.amount.value() if self.revolving else None
        return DeferralInputs(self.card_id, tuple(self.chosen_ids()), months, amount)

    def stale_reason(self) -> str | None:
        """Why Continuar must wait for Simular; None when the quote shown is of these inputs."""
        if self.simulated is None:
            return SIMULATE_FIRST
        return SIMULATE_AGAIN if self.simulated != self.inputs() else None

    @on(SelectionList.SelectedChanged, "#df-purchases")
    def _purchases_changed(self) -> None:
        self._show_total()
        if self.chosen_ids():
            self.query_one("#field-transaction_ids", FormField).show_error("")
        self._check_stale()

    def _show_total(self) -> None:
        self.query_one("#df-total", Static).update(format_money(self.purchases.chosen_total()))
        field = self.query_one("#field-selected_total", FormField)
        field.show_hint(count_phrase(len(self.chosen_ids())))

    @on(Select.Changed, "#df-months")
    def _months_changed(self) -> None:
        if self.months() is not None:
            self.query_one("#field-months", FormField).show_error("")
        self._check_stale()

    @on(Input.Changed, "#df-amount")
    def _check_stale(self) -> None:
        if self.view.simulation is not None:
            self.view.set_stale(self.stale_reason() is not None)
