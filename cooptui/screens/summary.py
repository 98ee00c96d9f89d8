"""Resumen de Productos: the member's accounts, loans, investments and cards."""

from __future__ import annotations

from datetime import date
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
from cooptui.widgets.product_table import Column, Field, ProductTable


def _date(value: date | None) -> str:
    return format_date(value) if value else "-"


def figure(label: str) -> Field:
    """Money, a rate or a count: right-aligned, so that the figures line up."""
    return Field(label, right=True)


ACCOUNT_COLUMNS = (
    Column(Field("Número")),
    Column(Field("Tipo de cuenta", wrap=True)),
    Column(Field("Estado")),
    Column(figure("Saldo contable")),
    Column(figure("Saldo disponible")),
    Column(Field("Compartir")),
)
LOAN_COLUMNS = (
    Column(Field("Número"), Field("Status")),
    Column(Field("Descripción", wrap=True)),
    Column(figure("Monto")),
    Column(figure("Saldo de capital")),
    Column(figure("Valor a Pagar"), Field("Próximo pago")),
    Column(Field("Fecha de concesión")),
)
INVESTMENT_COLUMNS = (
    Column(Field("Número")),
    Column(figure("Monto")),
    Column(Field("Fecha emisión"), Field("Fecha vencimiento")),
    Column(figure("Tasa de interés")),
    Column(figure("Días")),
    Column(figure("Interés ganado")),
    Column(figure("Interés pagado")),
)
CARD_COLUMNS = (
    Column(Field("Marca"), Field("Número")),
    Column(figure("Utilizado rotativo")),
    Column(figure("Pago Mínimo")),
    Column(Field("Fecha Máx. de pago")),
    Column(figure("Utilizado Diferido")),
    Column(figure("Cupo Disponible")),
)
"""The manual's columns; where a column names two figures the second is shown under the
first, so that every table fits 120 columns without scrolling sideways."""


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
        Binding("r", "reload", "Actualizar", show=False),  # F5 is the frame's
    ]

    def compose_content(self) -> ComposeResult:
        yield Static("Cargando tus productos…", id="summary-status")
        with Collapsible(title="Cuentas", collapsed=False, id="sec-accounts"):
            yield ProductTable(ACCOUNT_COLUMNS, id="accounts")
        with Collapsible(title="Préstamos", collapsed=False, id="sec-loans"):
            yield ProductTable(LOAN_COLUMNS, id="loans")
        with Collapsible(title="Inversiones", collapsed=False, id="sec-investments"):
            yield ProductTable(INVESTMENT_COLUMNS, id="investments")
        with Collapsible(title="Tarjetas", collapsed=False, id="sec-cards"):
            yield ProductTable(CARD_COLUMNS, id="cards")

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
                self._say(exc.message)
            return
        if not self.is_attached:
            return  # the member moved on before the bank answered
        self._say("")
        self.show(summary)

    def _say(self, message: str) -> None:
        """Show the status line, or hide it when there is nothing to say (rows are scarce)."""
        status = self.query_one("#summary-status", Static)
        status.update(Text(message))
        status.display = bool(message)

    def show(self, s: ProductSummary) -> None:
        self.query_one("#accounts", ProductTable).set_rows(
            (
                a.number,
                {
                    "Número": a.number,
                    "Tipo de cuenta": a.type_label,
                    "Estado": a.status.value,
                    "Saldo contable": format_money(a.ledger_balance),
                    "Saldo disponible": format_money(a.available_balance),
                    "Compartir": "⧉ c",
                },
            )
            for a in s.accounts
        )
        self.query_one("#loans", ProductTable).set_rows(
            (
                loan.number,
                {
                    "Número": loan.number,
                    "Status": loan.status.value,
                    "Descripción": Text(loan.description),
                    "Monto": format_money(loan.amount),
                    "Saldo de capital": format_money(loan.capital_balance),
                    "Valor a Pagar": format_money(loan.next_payment_amount),
                    "Próximo pago": _date(loan.next_payment_date),
                    "Fecha de concesión": _date(loan.granted_on),
                },
            )
            for loan in s.loans
        )
        self.query_one("#investments", ProductTable).set_rows(
            (
                inv.number,
                {
                    "Número": inv.number,
                    "Monto": format_money(inv.amount),
                    "Fecha emisión": _date(inv.issued_on),
                    "Fecha vencimiento": _date(inv.matures_on),
                    "Tasa de interés": format_rate(inv.annual_rate * 100),
                    "Días": str(inv.days),
                    "Interés ganado": format_money(inv.interest_earned),
                    "Interés pagado": format_money(inv.interest_paid),
                },
            )
            for inv in s.investments
        )
        self.query_one("#cards", ProductTable).set_rows(
            (
                c.id,
                {
                    "Marca": Text(c.brand),
                    "Número": c.masked_number,
                    "Utilizado rotativo": format_money(c.revolving_used),
                    "Pago Mínimo": format_money(c.minimum_payment),
                    "Fecha Máx. de pago": _date(c.payment_due_date),
                    "Utilizado Diferido": format_money(c.deferred_used),
                    "Cupo Disponible": format_money(c.available),
                },
            )
            for c in s.credit_cards
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
