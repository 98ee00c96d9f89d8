"""Historial de Pagos: the service payments of the last 3 months, by hand or automatic.

The bank filters (Categoría, Servicio, Fecha desde/hasta, Código) and refuses a range
older than 3 months; the form says so first, next to the dates. A choice in a select
asks the bank at once; typed fields wait for Enter or Consultar. Rows are two lines high
so the nine columns of the manual fit in 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Static

from cooptui.backend.errors import BackendError, InvalidInput, SessionExpired
from cooptui.domain.exports import service_payments_csv
from cooptui.domain.formatting import count_of, format_date, format_money
from cooptui.domain.services import PaymentChannel, ServicePayment
from cooptui.exports import export_dir, safe_part
from cooptui.screens.frame import BankScreen
from cooptui.widgets.date_range import THREE_MONTHS, DateRangeField
from cooptui.widgets.fit_table import FitTable
from cooptui.widgets.form_field import FormField
from cooptui.widgets.save_export import save_export
from cooptui.widgets.service_filters import ServiceFilters

MONTHS = 3  # how far back the bank answers (HISTORY_MONTHS of the core)
INTRO = "Ingresa los campos que desees consultar"
NOTES = f"*{THREE_MONTHS.rstrip('.')}\n*Los campos no son obligatorios"
NO_PAYMENTS = "No hay pagos que coincidan con tu consulta."
PRESS_QUERY = "Presiona Consultar (o Enter) para ver los pagos con estos datos."
COLUMNS = (
    ("Fecha\nHora", 10),
    ("Servicio", 0),
    ("Código\nRecibo", 13),
    ("Monto\nComisión", 9),
    ("Total", 9),
    ("Canal", 10),
)
"""(header, width); 0: the company's name takes what the others leave, on two lines."""
SERVICE_MIN = 11


class Clamped:
    """Text wrapped to its cell in at most `lines` lines, the last one ending in "…" when
    cut: a long company name reads whole or visibly shortened, never silently cut."""

    def __init__(self, text: str, lines: int = 2) -> None:
        self.text = text
        self.lines = lines

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        wrapped = Text(self.text).wrap(console, width, overflow="ellipsis")
        shown = list(wrapped)[: self.lines]
        if len(wrapped) > self.lines:
            rest = " ".join(line.plain.strip() for line in list(wrapped)[self.lines - 1 :])
            last = Text(rest, no_wrap=True, overflow="ellipsis")
            last.truncate(width, overflow="ellipsis")
            shown[-1] = last
        for line in shown:
            line.end = "\n"
            yield line


@dataclass(frozen=True, slots=True)
class Query:
    """What the form asks the bank; the table answers one (a typed change waits)."""

    category_id: str | None
    biller_id: str | None
    date_from: date | None
    date_to: date | None
    service_code: str | None

    def filename(self, earliest: date | None, today: date | None) -> str:
        """ "historial-pagos-cnt-023035471-20240918-20241218.csv": the filters in the name,
        an open date as the bank read it (its reach, its today)."""
        parts = ["historial-pagos"]
        chosen = self.biller_id or self.category_id
        parts += [safe_part(p) for p in (chosen, self.service_code) if p]
        start, end = self.date_from or earliest, self.date_to or today
        parts += [f"{d:%Y%m%d}" for d in (start, end) if d is not None]
        return "-".join(p for p in parts if p) + ".csv"


def payment_cells(payment: ServicePayment, automatic_style: str) -> tuple[Text | Clamped, ...]:
    """One two-line row; an automatic debit's Canal stands out."""
    paid = payment.paid_at
    channel_style = automatic_style if payment.channel is PaymentChannel.SCHEDULED else ""
    return (
        Text(f"{format_date(paid)}\n{paid:%H:%M}"),
        Clamped(payment.biller_name),
        Text(f"{payment.service_code}\n{payment.receipt_number}", overflow="ellipsis"),
        Text(
            f"{format_money(payment.amount)}\n{format_money(payment.commission)}", justify="right"
        ),
        Text(format_money(payment.total), justify="right"),
        Text(payment.channel.value, style=channel_style),
    )


def totals(payments: Sequence[ServicePayment]) -> tuple[Decimal, Decimal, Decimal]:
    """Monto, Comisión and Total of the payments, in exact cents."""
    amount = sum((p.amount for p in payments), Decimal(0))
    commission = sum((p.commission for p in payments), Decimal(0))
    total = sum((p.total for p in payments), Decimal(0))
    return amount, commission, total


class PaymentHistoryScreen(BankScreen):
    MENU_ID = "historial"
    CSS_PATH = "payment_history.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export_csv", "Exportar CSV"),
        Binding("f6", "export_csv", "Exportar CSV", show=False),  # as in Movimientos
    ]

    export_folder: Path | None = None
    """Where exports go; the Documents/Cooprogreso folder when None (tests set their own)."""

    def __init__(self) -> None:
        super().__init__()
        self.payments: list[ServicePayment] | None = None
        """What the table shows (None before the first answer)."""
        self._asked: Query | None = None
        """The question the table answers (None before the first answer)."""
        self._export_name = ""
        """The file name of what the table shows, fixed when the bank answered."""
        self._waiting = False
        """Whether the status line says the typed fields wait for Consultar."""

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="ph-intro")
        yield ServiceFilters(id="ph-filters")
        yield DateRangeField(
            MONTHS,
            prefix="ph",
            optional=True,
            labels=("Fecha desde:", "Fecha hasta:"),
            id="ph-dates",
        )
        with Horizontal(id="ph-code-row"):
            yield FormField("Código:", Input(id="ph-code"), name="service_code")
            with Horizontal(id="ph-buttons"):
                yield Button("Consultar", id="ph-query", variant="primary")
                yield Button("Exportar", id="ph-export", tooltip="Exportar CSV (e)")
        yield Static(NOTES, id="ph-notes")
        yield Label("", id="ph-error", classes="form-error", markup=False)
        yield Static("Cargando…", id="ph-status")
        yield FitTable(
            COLUMNS,
            flex_min=SERVICE_MIN,
            id="ph-table",
            cursor_type="row",
            zebra_stripes=True,
            header_height=2,
        )
        yield Static("", id="ph-totals")

    def on_mount(self) -> None:
        self.query_one("#ph-error").display = False
        self.query_one("#ph-totals").display = False
        self.focus_after_layout(f"#{self.filters.id}-category")
        self.load()

    def reload(self) -> None:
        """F5 (or a demo clock jump): the catalog and the bank's date again, then the query."""
        self.load()

    @property
    def filters(self) -> ServiceFilters:
        return self.query_one("#ph-filters", ServiceFilters)

    @property
    def dates(self) -> DateRangeField:
        return self.query_one("#ph-dates", DateRangeField)

    @property
    def code_field(self) -> FormField:
        return self.query_one("#field-service_code", FormField)

    def _say(self, selector: str, message: str | Text) -> None:
        """Show a one-line message, or hide its line when there is nothing to say."""
        widget = self.query_one(selector, Static)
        widget.update(message)
        widget.display = bool(message)

    # -- loading -------------------------------------------------------------------------------
    @work(exclusive=True, group="history-catalog", exit_on_error=False)
    async def load(self) -> None:
        try:
            categories = await self.backend.service_categories()
            billers = await self.backend.billers()
            today = await self.bank_today()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._say("#ph-status", Text(exc.message))
            return
        if not self.is_attached:
            return
        self.filters.set_catalog(categories, billers)
        self.dates.set_today(today)
        self.consult()

    # -- asking --------------------------------------------------------------------------------
    def read_query(self) -> Query | None:
        """The form as a query, or None with its problems shown next to the fields."""
        span = self.dates.value()
        self.code_field.show_error("")
        self._say("#ph-error", "")
        if span is None:
            return None
        code = self.query_one("#ph-code", Input).value.strip()
        return Query(
            self.filters.category_id, self.filters.biller_id, span[0], span[1], code or None
        )

    def consult(self, *, then_focus: bool = False) -> None:
        """Ask the bank with what the form holds now; `then_focus` moves the member to the
        results (Consultar, Enter), which on a short screen also scrolls them into view."""
        if self.dates.today is None:
            return  # the bank's date first (`load` asks then): it bounds an open range
        query = self.read_query()
        if query is not None:
            self._fetch(query, then_focus)

    @on(Button.Pressed, "#ph-query")
    @on(Input.Submitted)
    def _consult_asked(self) -> None:
        self.consult(then_focus=True)

    @on(ServiceFilters.Changed)
    def _consult_chosen(self) -> None:
        self.consult()

    @on(Input.Changed)
    def _typed(self) -> None:
        """A typed field waits for Enter or Consultar (each half-typed date or code would
        be a question to the bank): meanwhile the status line says the table is not what
        the form asks, unless the form has a problem of its own to show."""
        if self._asked is None:
            return
        query = self.read_query()
        waiting = query is not None and query != self._asked
        if waiting != self._waiting:
            self._waiting = waiting
            self._say("#ph-status", PRESS_QUERY if waiting else "")

    @work(exclusive=True, group="history-query", exit_on_error=False)
    async def _fetch(self, query: Query, then_focus: bool = False) -> None:
        self._waiting = False
        self._say("#ph-status", "Consultando tus pagos…")
        try:
            payments = await self.backend.payment_history(
                category_id=query.category_id,
                biller_id=query.biller_id,
                date_from=query.date_from,
                date_to=query.date_to,
                service_code=query.service_code,
            )
        except SessionExpired:
            raise
        except InvalidInput as exc:
            if self.is_attached:
                self._say("#ph-status", "")
                self._show_refusal(exc)
            return
        except BackendError as exc:
            if self.is_attached:
                self._say("#ph-status", Text(exc.message))
            return
        if self.is_attached:
            self._asked = query
            self._export_name = query.filename(self.dates.earliest, self.dates.today)
            self._show(payments)
            if then_focus and payments:
                self.query_one("#ph-table").focus()

    def _show_refusal(self, exc: InvalidInput) -> None:
        """The bank's word on a field, under that field (the form keeps what was typed)."""
        if exc.field in ("date_from", "date_to"):
            self.dates.show_problem(exc.field, exc.message)
            self.dates.input("from" if exc.field == "date_from" else "to").focus()
        elif exc.field == "service_code":
            self.code_field.show_error(exc.message)
            self.code_field.control.focus()
        else:
            self._say("#ph-error", Text(exc.message))

    def _show(self, payments: list[ServicePayment]) -> None:
        self.payments = payments
        table = self.query_one("#ph-table", DataTable)
        table.clear()
        accent = self.app.current_theme.accent or "magenta"
        for p in payments:
            table.add_row(*payment_cells(p, accent), height=2, key=p.reference)
        self._say("#ph-status", "" if payments else NO_PAYMENTS)
        table.display = bool(payments)
        totals_line = self.query_one("#ph-totals", Static)
        totals_line.display = bool(payments)
        if payments:
            totals_line.update(totals_text(payments))

    # -- export --------------------------------------------------------------------------------
    @on(Button.Pressed, "#ph-export")
    def action_export_csv(self) -> None:
        if not self.payments:
            self.notify("Aún no hay pagos para exportar.", severity="warning")
            return
        self._write(self._export_name, list(self.payments))

    @work(group="history-export", exit_on_error=False)
    async def _write(self, name: str, payments: list[ServicePayment]) -> None:
        folder = self.export_folder or export_dir()
        count = len(payments)
        saved = f"{count_of(count, 'pago', 'exportado')} a CSV"
        await save_export(self, folder, name, service_payments_csv(payments), saved)


def totals_text(payments: Sequence[ServicePayment]) -> Text:
    amount, commission, total = totals(payments)
    count = len(payments)
    text = Text(count_of(count, "pago"))
    for label, value in (("Monto", amount), ("Comisión", commission), ("Total", total)):
        text.append(f"  ·  {label}: ")
        text.append(format_money(value), style="bold" if label == "Total" else "")
    return text
