"""Resumen de Productos: the member's accounts, loans, investments and cards."""

from __future__ import annotations

from importlib import import_module
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Collapsible, DataTable, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import format_date, format_money, format_rate
from cooptui.domain.products import ProductSummary
from cooptui.screens.frame import BankScreen


def _money(value: object) -> Text:
    return Text(format_money(value), justify="right")  # type: ignore[arg-type]


def _date(value: object) -> str:
    return format_date(value) if value else "-"  # type: ignore[arg-type]


DETAIL_SCREENS: dict[str, str] = {
    "accounts": "cooptui.screens.account_detail:AccountDetailScreen",
    "loans": "cooptui.screens.loan_detail:LoanDetailScreen",
    "investments": "cooptui.screens.investment_detail:InvestmentDetailScreen",
    "cards": "cooptui.screens.credit_card:CreditCardScreen",
}
"""Table id -> the detail screen a selected row opens (constructed with the row's key)."""


class SummaryScreen(BankScreen):
    MENU_ID = "resumen"
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "share", "Compartir cuenta"),
        Binding("r", "reload", "Actualizar"),
    ]

    def compose_content(self) -> ComposeResult:
        yield Static("Cargando tus productos…", id="summary-status")
        with Collapsible(title="Cuentas", collapsed=False, id="sec-accounts"):
            yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        with Collapsible(title="Préstamos", collapsed=False, id="sec-loans"):
            yield DataTable(id="loans", cursor_type="row", zebra_stripes=True)
        with Collapsible(title="Inversiones", collapsed=False, id="sec-investments"):
            yield DataTable(id="investments", cursor_type="row", zebra_stripes=True)
        with Collapsible(title="Tarjetas", collapsed=False, id="sec-cards"):
            yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        """Fetch the figures again (after an operation or a demo clock jump)."""
        self.load()

    @work(exclusive=True, group="summary", exit_on_error=False)
    async def load(self) -> None:
        try:
            summary = await self.backend.product_summary()
        except SessionExpired:
            raise  # the frame's error presenter takes the member back to the login
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#summary-status", Static).update(exc.message)
            return
        if not self.is_attached:
            return  # the member moved on before the bank answered
        self.query_one("#summary-status", Static).update("")
        self.show(summary)

    def show(self, s: ProductSummary) -> None:
        t = self.query_one("#accounts", DataTable)
        t.clear(columns=True)
        t.add_columns(
            "Número", "Tipo de cuenta", "Estado", "Saldo contable", "Saldo disponible", "Compartir"
        )  # fmt: skip
        for a in s.accounts:
            t.add_row(
                a.number,
                a.type_label,
                a.status.value,
                _money(a.ledger_balance),
                _money(a.available_balance),
                Text("⧉ c", justify="center"),
                key=a.number,
            )
        t = self.query_one("#loans", DataTable)
        t.clear(columns=True)
        t.add_columns(
            "Número", "Descripción", "Monto", "Saldo de capital", "Valor a Pagar",
            "Próximo pago", "Fecha de concesión", "Status",
        )  # fmt: skip
        for loan in s.loans:
            t.add_row(
                loan.number,
                Text(loan.description),
                _money(loan.amount),
                _money(loan.capital_balance),
                _money(loan.next_payment_amount),
                _date(loan.next_payment_date),
                _date(loan.granted_on),
                loan.status.value,
                key=loan.number,
            )
        t = self.query_one("#investments", DataTable)
        t.clear(columns=True)
        t.add_columns(
            "Número", "Monto", "Fecha emisión", "Fecha vencimiento", "Tasa de interés",
            "Días", "Interés ganado", "Interés pagado",
        )  # fmt: skip
        for inv in s.investments:
            t.add_row(
                inv.number,
                _money(inv.amount),
                _date(inv.issued_on),
                _date(inv.matures_on),
                format_rate(inv.annual_rate * 100),
                str(inv.days),
                _money(inv.interest_earned),
                _money(inv.interest_paid),
                key=inv.number,
            )
        t = self.query_one("#cards", DataTable)
        t.clear(columns=True)
        t.add_columns(
            "Marca", "Número", "Utilizado rotativo", "Pago Mínimo", "Fecha Máx. de pago",
            "Utilizado Diferido", "Cupo Disponible",
        )  # fmt: skip
        for c in s.credit_cards:
            t.add_row(
                c.brand,
                c.masked_number,
                _money(c.revolving_used),
                _money(c.minimum_payment),
                _date(c.payment_due_date),
                _money(c.deferred_used),
                _money(c.available),
                key=c.id,
            )

    # -- drill-down and Compartir ------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a product opens its detail, as the manual's links do."""
        target = DETAIL_SCREENS.get(event.data_table.id or "")
        key = event.row_key.value
        if target is None or key is None:
            return
        module, _, name = target.partition(":")
        self.app.push_screen(getattr(import_module(module), name)(key))

    def action_reload(self) -> None:
        self.reload()

    def action_share(self) -> None:
        table = self.query_one("#accounts", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self._share(key)

    @work(exclusive=True, group="share", exit_on_error=False)
    async def _share(self, number: str) -> None:
        share = await self.backend.account_share(number)
        text = share.as_text()
        self.app.copy_to_clipboard(text)
        self.notify(f"Copiado para compartir:\n{text}", title="Compartir", markup=False)
