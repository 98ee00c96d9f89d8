"""Detalle de Préstamos: a loan's figures, its paid/remaining bar and its amortization table.

The table is the backend's: statuses (Pagada, Vigente, Por vencer, Vencida) and Mora are
computed by the core's clock, never here. "Exportar tabla (CSV)" writes it to the
member's Documents/Cooprogreso folder with money as plain decimal strings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import format_date, format_money, format_rate
from cooptui.domain.products import AmortizationRow, InstallmentStatus, LoanDetail, LoanStatus
from cooptui.exports import export_dir, safe_part
from cooptui.screens.frame import BankScreen
from cooptui.widgets.field_grid import field_grid
from cooptui.widgets.save_export import save_export

ZERO = Decimal("0.00")

SCHEDULE_COLUMNS = (
    "N Cuota", "Cuota", "Capital", "Interés", "Mora", "Seguro", "Fecha de Pago", "Estado",
)  # fmt: skip
CSV_HEADER = (*SCHEDULE_COLUMNS, "Saldo de capital")
SCREEN_COLUMNS = ("Nº", *SCHEDULE_COLUMNS[1:])
"""On screen the installment number is "Nº": the table then fits 80 columns."""

STATUS_STYLES: dict[InstallmentStatus, str] = {
    InstallmentStatus.PAID: "dim green",
    InstallmentStatus.CURRENT: "bold",
    InstallmentStatus.UPCOMING: "",
    InstallmentStatus.OVERDUE: "bold red",
}

LOAN_STATUS_STYLES: dict[LoanStatus, str] = {LoanStatus.OVERDUE: "bold red"}


def _money(value: Decimal) -> Text:
    return Text(format_money(value), justify="right")


def schedule_totals(schedule: Iterable[AmortizationRow]) -> dict[str, Decimal]:
    """Sums of the table's money columns (the capitals add up to the loan's amount)."""
    totals = dict.fromkeys(("total", "capital", "interest", "arrears", "insurance"), ZERO)
    for row in schedule:
        for name in totals:
            totals[name] += getattr(row, name)
    return totals


def schedule_csv(detail: LoanDetail) -> str:
    """The amortization table as CSV: plain decimal money, ISO dates, one row per cuota."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for r in detail.schedule:
        writer.writerow(
            [
                r.number,
                f"{r.total:.2f}",
                f"{r.capital:.2f}",
                f"{r.interest:.2f}",
                f"{r.arrears:.2f}",
                f"{r.insurance:.2f}",
                r.due_date.isoformat(),
                r.status.value,
                f"{r.balance_after:.2f}",
            ]
        )
    return out.getvalue()


def schedule_filename(detail: LoanDetail) -> str:
    """ "tabla-amortizacion-0118958000.csv"; a second export gets "-2" (`write_export`)."""
    return f"tabla-amortizacion-{safe_part(detail.loan.number)}.csv"


def filled_cells(paid: Decimal, amount: Decimal, width: int) -> int:
    """How many of `width` cells the paid share fills (Decimal arithmetic, rounded down)."""
    if amount <= 0 or width <= 0:
        return 0
    share = min(max(paid / amount, Decimal(0)), Decimal(1))
    return int((share * width).to_integral_value(rounding=ROUND_DOWN))


class CapitalBar(Widget):
    """Capital paid (filled) against capital still owed, drawn from Decimals only."""

    DEFAULT_CSS = """
    CapitalBar { height: 1; width: 1fr; }
    """
    paid: reactive[Decimal] = reactive(ZERO)
    amount: reactive[Decimal] = reactive(ZERO)

    def render(self) -> RenderResult:
        width = max(self.content_size.width, 1)
        filled = filled_cells(self.paid, self.amount, width)
        bar = Text()
        bar.append("█" * filled, style="green")
        bar.append("░" * (width - filled), style="dim")
        return bar


class LoanDetailScreen(BankScreen):
    MENU_ID = "resumen"
    CSS_PATH = "loan_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("e", "export", "Exportar CSV"),
        Binding("r", "reload", "Actualizar", show=False),  # F5 is the frame's
    ]

    def __init__(self, loan_number: str, export_folder: Path | None = None) -> None:
        super().__init__()
        self.loan_number = loan_number
        self.export_folder = export_folder
        self.detail: LoanDetail | None = None

    def compose_content(self) -> ComposeResult:
        yield Static("Detalle de Préstamos", id="loan-title", classes="detail-title")
        yield Static("Cargando el préstamo…", id="loan-status")
        yield Static("", id="loan-fields")
        yield Static("", id="loan-paid-label")
        yield CapitalBar(id="loan-bar")
        with Horizontal(id="loan-schedule-head"):
            yield Static("Tabla de Amortización", id="schedule-title", classes="detail-title")
            yield Button("↓ Exportar tabla (CSV)", id="loan-export", compact=True)
        # Read-only: no cursor hides the Estado colours; ↑/↓ scroll it.
        yield DataTable(id="schedule", cursor_type="none", zebra_stripes=True)
        yield Static("", id="schedule-totals")

    def on_mount(self) -> None:
        table = self.query_one("#schedule", DataTable)
        for label in SCREEN_COLUMNS:
            table.add_column(label, key=label)
        table.focus(scroll_visible=False)
        self.load()

    def reload(self) -> None:
        """Fetch the loan again (after a demo clock jump)."""
        self.load()

    @work(exclusive=True, group="loan-detail", exit_on_error=False)
    async def load(self) -> None:
        try:
            detail = await self.backend.loan_detail(self.loan_number)
        except SessionExpired:
            raise  # the frame's error presenter takes the member back to the login
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#loan-status", Static).update(Text(exc.message))
            return
        if not self.is_attached:
            return
        self.detail = detail
        self.query_one("#loan-status", Static).update("")
        self.show(detail)

    def show(self, detail: LoanDetail) -> None:
        loan = detail.loan
        overdue = sum(1 for r in detail.schedule if r.status is InstallmentStatus.OVERDUE)
        next_date = format_date(loan.next_payment_date) if loan.next_payment_date else "-"
        pairs: list[tuple[str, str | Text]] = [
            ("Número", loan.number),
            ("Descripción", loan.description),
            ("Monto", format_money(loan.amount)),
            ("Saldo de capital", format_money(loan.capital_balance)),
            ("Valor a Pagar", format_money(loan.next_payment_amount)),
            ("Próximo pago", next_date),
            ("Fecha de concesión", format_date(loan.granted_on)),
            ("Status", Text(loan.status.value, style=LOAN_STATUS_STYLES.get(loan.status, ""))),
            ("Tasa de interés", format_rate(loan.annual_rate * 100)),
            ("Plazo", f"{loan.term_months} meses"),
            ("Cuotas pagadas", f"{loan.installments_paid} de {len(detail.schedule)}"),
            ("Cuotas vencidas", str(overdue)),
        ]
        narrow = self.has_class("-narrow")
        self.query_one("#loan-fields", Static).update(field_grid(pairs, 1 if narrow else 2))

        paid = max(loan.amount - loan.capital_balance, ZERO)
        percent = (paid * 100 / loan.amount).quantize(Decimal(1), ROUND_DOWN) if loan.amount else 0
        label = Table.grid(expand=True)
        label.add_column(no_wrap=True)
        label.add_column(justify="right", no_wrap=True)
        left = Text()
        left.append("Capital pagado ", style="bold")
        left.append(f"{format_money(paid)} ({percent}%)", style="green")
        right = Text()
        right.append("Saldo de capital ", style="bold")
        right.append(format_money(loan.capital_balance))
        if narrow:
            label.add_row(left, "")
            label.add_row(right, "")
        else:
            label.add_row(left, right)
        self.query_one("#loan-paid-label", Static).update(label)
        bar = self.query_one(CapitalBar)
        bar.amount = loan.amount
        bar.paid = paid

        table = self.query_one("#schedule", DataTable)
        table.clear()
        for r in detail.schedule:
            table.add_row(
                Text(str(r.number), justify="right"),
                _money(r.total),
                _money(r.capital),
                _money(r.interest),
                Text(format_money(r.arrears), justify="right", style="red" if r.arrears else ""),
                _money(r.insurance),
                format_date(r.due_date),
                Text(r.status.value, style=STATUS_STYLES[r.status]),
                key=str(r.number),
            )
        totals = schedule_totals(detail.schedule)
        grid = Table.grid(padding=(0, 3))
        grid.add_column(style="bold")
        columns = (
            ("Cuota", "total"),
            ("Capital", "capital"),
            ("Interés", "interest"),
            ("Mora", "arrears"),
            ("Seguro", "insurance"),
        )
        if narrow:  # one total to a line: five amounts side by side do not fit
            grid.add_column(justify="right")
            for name, key in columns:
                grid.add_row(f"Total {name}", format_money(totals[key]))
        else:
            for _ in columns:
                grid.add_column(justify="right")
            grid.add_row("Totales", *(Text(name, style="bold") for name, _ in columns))
            grid.add_row("", *(format_money(totals[key]) for _, key in columns))
        self.query_one("#schedule-totals", Static).update(grid)

    def on_resize(self) -> None:
        if self.detail is not None:  # the breakpoint may have changed the layout
            self.show(self.detail)

    # -- actions -------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#loan-export")
    @work(group="export", exit_on_error=False)
    async def action_export(self) -> None:
        detail = self.detail
        if detail is None:
            self.notify("La tabla de amortización aún se está cargando.")
            return
        folder = self.export_folder or export_dir()
        await save_export(
            self, folder, schedule_filename(detail), schedule_csv(detail), "Tabla de amortización"
        )
