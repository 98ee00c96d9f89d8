"""A deferral quote as the member reads it before deciding (manual "Simula el diferido").

The totals (Cuota mensual, Total intereses, Total a pagar, Tasa anual) over the month by
month plan (Cuota n.º, Capital, Interés, Cuota, Saldo), all from the bank's
`DeferralSimulation`: the UI never computes a figure of its own. When the form's inputs
no longer match the quote it is marked stale (dimmed, with a note) rather than hidden,
so the member can still compare it with the next one.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Static

from cooptui.domain.cards import DeferralSimulation
from cooptui.domain.formatting import format_money, format_rate

PLAN_COLUMNS = (("Cuota n.º", 9), ("Capital", 11), ("Interés", 10), ("Cuota", 11), ("Saldo", 12))
"""(header, width): fixed widths that fit the narrowest content (80 columns) whole."""
STALE = "Cambiaste los datos del diferido: pulsa Simular para ver las cifras actualizadas."
TOTAL_LABELS = ("Cuota mensual", "Total intereses", "Total a pagar", "Tasa anual")


def total_values(simulation: DeferralSimulation) -> tuple[str, ...]:
    """The figures of `TOTAL_LABELS`, in that order."""
    return (
        format_money(simulation.installment),
        format_money(simulation.total_interest),
        format_money(simulation.total),
        format_rate(simulation.annual_rate * 100),
    )


class DeferralSimulationView(Vertical):
    """The last simulation shown; `show()` replaces it, `set_stale()` marks it outdated."""

    DEFAULT_CSS = """
    DeferralSimulationView { height: auto; }
    DeferralSimulationView > .sim-stale { color: $warning; height: auto; display: none; }
    DeferralSimulationView.-stale > .sim-stale { display: block; }
    DeferralSimulationView.-stale > .sim-heading,
    DeferralSimulationView.-stale > .sim-figures > Static,
    DeferralSimulationView.-stale > DataTable {
        text-opacity: 50%;
    }
    DeferralSimulationView > .sim-heading { text-style: bold; height: auto; }
    DeferralSimulationView > .sim-figures {
        grid-size: 4; grid-columns: 17 13 17 1fr; grid-rows: 1; height: auto;
    }
    DeferralSimulationView .sim-label { color: $text-muted; }
    DeferralSimulationView .sim-value { text-style: bold; }
    DeferralSimulationView > DataTable { height: auto; max-height: 13; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.simulation: DeferralSimulation | None = None

    def compose(self) -> ComposeResult:
        yield Static(STALE, classes="sim-stale")
        yield Static("", classes="sim-heading", markup=False)
        with Grid(classes="sim-figures"):
            for index, label in enumerate(TOTAL_LABELS):
                yield Static(label, classes="sim-label")
                yield Static("", id=f"sim-value-{index}", classes="sim-value", markup=False)
        yield DataTable[Text](cursor_type="row", zebra_stripes=True, classes="sim-plan")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in PLAN_COLUMNS:
            table.add_column(Text(label, justify="right"), width=width, key=label)

    @property
    def stale(self) -> bool:
        return self.has_class("-stale")

    def show(self, simulation: DeferralSimulation, heading: str) -> None:
        """The bank's quote: its totals and its plan, month by month."""
        self.simulation = simulation
        self.set_class(False, "-stale")
        self.query_one(".sim-heading", Static).update(heading)
        for index, value in enumerate(total_values(simulation)):
            self.query_one(f"#sim-value-{index}", Static).update(value)
        table = self.query_one(DataTable)
        table.clear()
        for row in simulation.schedule:
            table.add_row(
                Text(str(row.number), justify="right"),
                Text(format_money(row.capital), justify="right"),
                Text(format_money(row.interest), justify="right"),
                Text(format_money(row.total), justify="right"),
                Text(format_money(row.balance_after), justify="right"),
                key=str(row.number),
            )
        table.move_cursor(row=0, animate=False)
        table.scroll_home(animate=False)

    def set_stale(self, stale: bool) -> None:
        self.set_class(stale, "-stale")
