"""Detalle de Inversión: a term deposit's figures and how far along its term it is.

The interest earned to date is the backend's (it accrues by the bank's clock). The days
elapsed are counted from the bank's date when the adapter has a demo clock, otherwise
from today's date.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import ProgressBar, Static

from cooptui.backend.errors import BackendError, NotFound, SessionExpired
from cooptui.domain.formatting import format_date, format_money, format_rate
from cooptui.domain.products import Investment
from cooptui.screens.frame import BankScreen
from cooptui.widgets.field_grid import field_grid


def elapsed_days(investment: Investment, today: date) -> int:
    """Days of the term already run, between 0 and the term's days."""
    return max(0, min((today - investment.issued_on).days, investment.days))


class InvestmentDetailScreen(BankScreen):
    MENU_ID = "resumen"
    CSS_PATH = "investment_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("r", "reload", "Actualizar", show=False),  # F5 is the frame's
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.investment: Investment | None = None
        self.today: date | None = None

    def compose_content(self) -> ComposeResult:
        yield Static("Detalle de Inversión", id="investment-title", classes="detail-title")
        yield Static("Cargando la inversión…", id="investment-status")
        yield Static("", id="investment-fields")
        yield Static("", id="investment-term-label")
        yield ProgressBar(id="investment-term", show_eta=False)
        yield Static("", id="investment-earned")

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        """Fetch the figures again (after a demo clock jump)."""
        self.load()

    @work(exclusive=True, group="investment-detail", exit_on_error=False)
    async def load(self) -> None:
        try:
            investments = await self.backend.investments()
            found = [i for i in investments if i.number == self.number]
            if not found:
                raise NotFound("No encontramos esa inversión.")
            today = await self.bank_today()
        except SessionExpired:
            raise  # the frame's error presenter takes the member back to the login
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#investment-status", Static).update(Text(exc.message))
            return
        if not self.is_attached:
            return
        self.investment, self.today = found[0], today
        self.query_one("#investment-status", Static).update("")
        self.show(found[0], today)

    def show(self, inv: Investment, today: date) -> None:
        pairs: list[tuple[str, str | Text]] = [
            ("Número", inv.number),
            ("Estado", inv.status),
            ("Monto", format_money(inv.amount)),
            ("Tasa de interés", format_rate(inv.annual_rate * 100)),
            ("Fecha emisión", format_date(inv.issued_on)),
            ("Fecha vencimiento", format_date(inv.matures_on)),
            ("Días", str(inv.days)),
            ("Interés al vencimiento", format_money(inv.interest_at_maturity)),
            ("Interés ganado", format_money(inv.interest_earned)),
            ("Interés pagado", format_money(inv.interest_paid)),
        ]
        per_row = 1 if self.has_class("-narrow") else 2
        self.query_one("#investment-fields", Static).update(field_grid(pairs, per_row))

        elapsed = elapsed_days(inv, today)
        remaining = inv.days - elapsed
        label = Text()
        label.append("Plazo transcurrido ", style="bold")
        label.append(f"día {elapsed} de {inv.days}")
        label.append(f" · faltan {remaining} días")
        self.query_one("#investment-term-label", Static).update(label)
        bar = self.query_one("#investment-term", ProgressBar)
        bar.update(total=inv.days, progress=elapsed)

        earned = Text()
        earned.append("Interés ganado a la fecha ", style="bold")
        earned.append(format_money(inv.interest_earned), style="green")
        earned.append(f" de {format_money(inv.interest_at_maturity)} al vencimiento")
        self.query_one("#investment-earned", Static).update(earned)

    def on_resize(self) -> None:
        if self.investment is not None and self.today is not None:
            self.show(self.investment, self.today)  # the breakpoint may change the layout

    def action_back(self) -> None:
        self.app.pop_screen()
