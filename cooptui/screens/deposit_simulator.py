"""Simulador de inversión: what a plazo fijo (DPF) pays at maturity, before asking for it.

Monto and Plazo (días) → the catalog's rate for that plazo (`ProductOffer.rate_for`),
Fecha de vencimiento (the bank's today + the days) and the interest at maturity by
`domain.amortization.deposit_interest`, the core's own rule (simple interest over a
360-day year, half up to the cent): $10,000.00 for 365 days at 7.90 % pay $800.97, the
manual's deposit 0010. Solicitar opens the request form with what was simulated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.table import Table
from textual.app import ComposeResult
from textual.widgets import Static

from cooptui.domain.catalog import ProductOffer
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.simulation import DepositSimulation, simulate_deposit
from cooptui.screens.simulator import SimulatorScreen
from cooptui.widgets.field_grid import field_grid
from cooptui.widgets.product_fields import percent, rate_tiers

STALE = "Cambiaste el monto o el plazo: pulsa Simular (F3) para ver las cifras actualizadas."
NOTE = (
    "Valores referenciales, como si la inversión se abriera hoy. Los intereses se pagan"
    " al vencimiento."
)


def deposit_pairs(sim: DepositSimulation) -> list[tuple[str, str]]:
    return [
        ("Monto", format_money(sim.amount)),
        ("Plazo", f"{sim.days} días"),
        ("Tasa de interés", f"{percent(sim.annual_rate)} anual"),
        ("Fecha de emisión", format_date(sim.issued_on)),
        ("Fecha de vencimiento", format_date(sim.matures_on)),
        ("Interés al vencimiento", format_money(sim.interest)),
        ("Total al vencimiento", format_money(sim.total)),
    ]


def tiers_table(offer: ProductOffer, days: int | None = None) -> Table:
    """The catalog's rates by plazo, as the bank publishes them; the tier of `days`
    (the plazo simulated) in bold."""
    starts = sorted(tier.from_term for tier in offer.rates)
    chosen = sum(1 for start in starts if days is not None and start <= days) - 1
    grid = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold")
    grid.add_column("Plazo")
    grid.add_column("Tasa anual", justify="right")
    for index, (span, rate) in enumerate(rate_tiers(offer)):
        grid.add_row(span, rate, style="bold reverse" if index == chosen else "")
    return grid


class DepositSimulatorScreen(SimulatorScreen[DepositSimulation]):
    CSS_PATH = "deposit_simulator.tcss"
    PREFIX = "ds"
    KIND = "inversión"
    STALE = STALE
    NOTE = NOTE
    FIGURES = ("result",)

    def compose_figures(self) -> ComposeResult:
        yield Static("", id="ds-result")

    def compose_after(self) -> ComposeResult:
        yield Static("Tasas por plazo", id="ds-tiers-title", classes="detail-title")
        yield Static(tiers_table(self.offer), id="ds-tiers")

    def compute(self, amount: Decimal, term: int, today: date) -> DepositSimulation:
        return simulate_deposit(self.offer, amount, term, today)

    def show_figures(self, sim: DepositSimulation) -> None:
        result = self.query_one("#ds-result", Static)
        result.update(field_grid(deposit_pairs(sim), 1 if self.narrow(70) else 2))
        self.query_one("#ds-tiers", Static).update(tiers_table(self.offer, sim.days))
