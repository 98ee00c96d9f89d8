"""Simulador de crédito: the amortization table of a credit before asking for it.

Monto and Plazo (meses) at the rate and seguro de desgravamen of the bank's catalog, as
if disbursed on the bank's today: the table is `domain.amortization`'s, the very code the
core grants its loans with (French method, interest on actual days over 360, first cuota
at least 30 days out on the 5th), so $13,750.00 at 48 months simulated on 18/12/2024 is
the demo member's loan to the cent. Exportable as CSV; Solicitar opens the request form
with the amount and plazo simulated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, DataTable, Static

from cooptui.domain.catalog import ProductOffer
from cooptui.domain.exports import simulation_csv
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.simulation import CreditSimulation, simulate_credit
from cooptui.exports import export_dir, safe_part
from cooptui.screens.simulator import SimulatorScreen
from cooptui.widgets.field_grid import field_grid
from cooptui.widgets.product_fields import percent
from cooptui.widgets.save_export import save_export

STALE = "Cambiaste el monto o el plazo: pulsa Simular (F3) para ver la tabla actualizada."
NOTE = (
    "Valores referenciales, calculados como si el crédito se desembolsara hoy: la tabla"
    " definitiva se calcula con la fecha de desembolso."
)
WIDE_COLUMNS = (("Nº", 3), ("Fecha de pago", 13), ("Cuota", 10), ("Capital", 10),
                ("Interés", 9), ("Seguro", 7), ("Saldo", 11))  # fmt: skip
"""(header, width): the widest figures of the catalog's ranges fit (a $150,000.00 saldo)."""
NARROW_DATE = ("Fecha de\npago", 10)
"""Below `WIDE_FROM_CELLS` the date's header takes two lines: the table then fits 76 cells."""
WIDE_FROM_CELLS = 79


def insurance_text(rate: Decimal) -> str:
    """0.00144 → "0.144% mensual" (three places: format_rate's two would say 0.14%)."""
    return f"{(rate * 100).normalize():f}% mensual"


def simulation_pairs(sim: CreditSimulation) -> list[tuple[str, str]]:
    return [
        ("Monto", format_money(sim.amount)),
        ("Plazo", f"{sim.months} meses"),
        ("Tasa de interés", f"{percent(sim.annual_rate)} anual"),
        ("Seguro de desgravamen", insurance_text(sim.insurance_rate)),
        ("Fecha de desembolso", format_date(sim.granted_on)),
        ("Primer pago", format_date(sim.first.due_date)),
        ("Primera cuota", format_money(sim.first.total)),
        ("Total intereses", format_money(sim.total_interest)),
        ("Total seguro", format_money(sim.total_insurance)),
        ("Total a pagar", format_money(sim.total)),
    ]


def simulation_filename(sim: CreditSimulation) -> str:
    """ "simulacion-credito-consumo-13750-48meses.csv" (whole dollars: a name has no dot)."""
    whole = int(sim.amount)
    return f"simulacion-{safe_part(sim.offer_id)}-{whole}-{sim.months}meses.csv"


def _money(value: Decimal) -> Text:
    return Text(format_money(value), justify="right")


class CreditSimulatorScreen(SimulatorScreen[CreditSimulation]):
    CSS_PATH = "credit_simulator.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f6", "export", "Exportar CSV")]
    PREFIX = "cs"
    KIND = "crédito"
    STALE = STALE
    NOTE = NOTE
    FIGURES = ("summary", "table")

    def __init__(
        self,
        offer: ProductOffer,
        *,
        amount: str = "",
        term: str = "",
        export_folder: Path | None = None,
    ) -> None:
        super().__init__(offer, amount=amount, term=term)
        self.export_folder = export_folder
        self._narrow_columns: bool | None = None

    def compose_buttons(self) -> ComposeResult:
        yield Button("↓ Exportar tabla (CSV)", id="cs-export", disabled=True)

    def compose_figures(self) -> ComposeResult:
        yield Static("", id="cs-summary")
        yield DataTable(id="cs-table", cursor_type="row", zebra_stripes=True)

    def compute(self, amount: Decimal, term: int, today: date) -> CreditSimulation:
        return simulate_credit(self.offer, amount, term, today)

    def show_figures(self, sim: CreditSimulation) -> None:
        summary = self.query_one("#cs-summary", Static)
        summary.update(field_grid(simulation_pairs(sim), 1 if self._narrow() else 2))
        self._fill_table(sim)
        self.query_one("#cs-export", Button).disabled = False

    def scrolled_to_figures(self) -> None:
        """The arrows then browse the cuotas; Shift+Tab goes back to the inputs."""
        self.query_one("#cs-table").focus(scroll_visible=False)

    def _narrow(self) -> bool:
        return self.narrow(WIDE_FROM_CELLS)

    def _fill_table(self, sim: CreditSimulation) -> None:
        table = self.query_one("#cs-table", DataTable)
        narrow = self._narrow()
        if narrow != self._narrow_columns:
            self._narrow_columns = narrow
            table.clear(columns=True)
            table.header_height = 2 if narrow else 1
            for label, width in WIDE_COLUMNS:
                if narrow and label == "Fecha de pago":
                    label, width = NARROW_DATE
                left = label == "Nº" or label.startswith("Fecha")
                header = Text(label, justify="left" if left else "right")
                table.add_column(header, width=width, key=label[:5])
        else:
            table.clear()
        for r in sim.rows:
            table.add_row(
                Text(str(r.number), justify="right"),
                format_date(r.due_date),
                _money(r.total),
                _money(r.capital),
                _money(r.interest),
                _money(r.insurance),
                _money(r.balance_after),
                key=str(r.number),
            )
        # All of it (DataTable caps itself at 100%): the page scrolls, so the table needs
        # no scrollbar of its own taking two of the columns its figures need.
        table.styles.max_height = len(sim.rows) + table.header_height

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.simulation is not None
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#cs-export")
    @work(group="cs-export", exit_on_error=False)
    async def action_export(self) -> None:
        sim = self.simulation
        if sim is None:
            self.notify("Primero simula el crédito.")
            return
        folder = self.export_folder or export_dir()
        await save_export(
            self, folder, simulation_filename(sim), simulation_csv(sim.rows), "Simulación"
        )
