"""Pagos Programados: Programar Pago (a scheduled debit of a service) and Consultar.

Programar Pago is a payment form on the kit (`AccountPicker`, `BillerPicker`,
`AmountField`, `OrderForm`): every check the member can fix is made next to its field
before anything reaches the bank; then the Términos y condiciones, and only after Aceptar
the order, its confirmation, the SMS code and the comprobante. Consultar lists what the
bank has scheduled, with the result of its last run, and cancels an active one.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import (
    count_of,
    format_date,
    format_datetime,
    format_money,
    parse_date,
)
from cooptui.domain.operations import Order, Receipt, ScheduledPaymentOrder
from cooptui.domain.services import (
    Biller,
    Frequency,
    ScheduledPayment,
    ScheduledPaymentStatus,
)
from cooptui.screens.frame import BankScreen
from cooptui.screens.terms_dialog import TermsDialog
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.amount_field import AmountField
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.biller_picker import BillerPicker
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.fit_table import FitTable
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.select_fill import select_value

TAB_NEW = "pp-tab-new"
TAB_LIST = "pp-tab-list"
DATE_PLACEHOLDER = "dd/mm/aaaa"
NOTE = (
    "Nota: Recuerda que si la factura es mayor al valor establecido en el campo Monto"
    " máximo el pago no se realizará y te lo notificaremos por Mail."
)
TERMS_REQUIRED = "Debes aceptar los términos y condiciones para programar el pago."
RETRY = "Pulsa F5 para intentarlo de nuevo."
CANCEL_QUESTION = "¿Está seguro que desea cancelar el pago programado?"
FREQUENCY_HINTS: dict[Frequency, str] = {
    Frequency.ASAP: "Pagaremos cada factura en cuanto la empresa la emita.",
    Frequency.MONTHLY: "Pagaremos una vez al mes, desde el día de la fecha desde.",
}
COLUMNS = (
    ("Servicio\nCódigo", 0),
    ("Monto\nmáximo", 9),
    ("Frecuencia", 15),
    ("Desde\nHasta", 10),
    ("Estado\nÚlt. ejecución", 14),
)
"""(header, width); 0: the service's name takes what the others leave. Two lines a row:
everything the member needs to tell them apart fits at 80 columns; the detail below the
table has the rest (account, dates of the last run, its whole result)."""
SERVICE_MIN = 14
DETAIL_LABELS = (
    "Empresa",
    "Código de servicio",  # then as the company names it: Teléfono/Contrato, Suministro…
    "Cuenta de débito",
    "Monto máximo",
    "Frecuencia",
    "Fecha desde",
    "Fecha hasta",
    "Estado",
    "Última ejecución",
    "Resultado",
)


def short_result(sp: ScheduledPayment) -> str:
    """The outcome of the last run in a word or two (the detail has the whole sentence)."""
    result = sp.last_result or ""
    if result.startswith("Pagado"):
        return f"Pagado {sp.last_run_at:%d/%m}" if sp.last_run_at else "Pagado"
    if result.startswith("No realizado"):
        return "No realizado"
    return "Sin pagos aún" if sp.last_run_at is None else result


def status_style(status: ScheduledPaymentStatus) -> str:
    return {
        ScheduledPaymentStatus.ACTIVE: "green",
        ScheduledPaymentStatus.CANCELLED: "dim",
    }.get(status, "")


class ScheduledPaymentsScreen(OrderForm, BankScreen):
    """Two tabs: the manual's Programar Pago form and Consultar Pagos Programados."""

    MENU_ID = "programados"
    AUTO_FOCUS = "#pp-from"
    """Cuenta, as in the manual; the tab bar, focused first, would scroll the title away."""
    CSS_PATH = "scheduled_payments.tcss"
    FORM_ERROR = "pp-form-error"
    FUNDS_FIELD = "from_account"
    CONFLICT_FIELD = "service_code"
    """«Ya tienes un pago programado activo para este servicio» belongs to the code."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "cancel_schedule", "Cancelar programado"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today: date | None = None
        """The bank's today (its clock in a demo), once loaded."""
        self.billers: dict[str, Biller] = {}
        self.schedules: dict[str, ScheduledPayment] = {}
        self._default_start = ""
        """The Fecha desde the form filled in, to follow the bank's today until edited."""
        self._detail_id: int | None = None
        self._highlight: tuple[str, str] | None = None
        """(biller, code) of the payment just scheduled, to select once listed."""

    # -- layout ------------------------------------------------------------------------------
    def compose_content(self) -> ComposeResult:
        with TabbedContent(id="pp-tabs"):
            with TabPane("Programar Pago", id=TAB_NEW):
                yield from self.compose_form()
            with TabPane("Consultar Pagos Programados", id=TAB_LIST):
                yield from self.compose_list()

    def compose_form(self) -> ComposeResult:
        yield Static("Selecciona la cuenta de débito", classes="form-section")
        yield AccountPicker(select_id="pp-from")
        yield BillerPicker(prefix="pp")
        yield AmountField("Monto máximo", name="max_amount", input_id="pp-max")
        yield Static("Información de la programación", classes="form-section")
        yield FormField(
            "Frecuencia",
            Select[str](
                [(f.label, f.value) for f in Frequency],
                value=Frequency.ASAP.value,
                allow_blank=False,
                id="pp-frequency",
            ),
            name="frequency",
            hint=FREQUENCY_HINTS.get(Frequency.ASAP, ""),
        )
        yield FormField(
            "Fecha desde", Input(placeholder=DATE_PLACEHOLDER, id="pp-start"), name="start_date"
        )
        yield FormField(
            "Fecha hasta", Input(placeholder=DATE_PLACEHOLDER, id="pp-end"), name="end_date"
        )
        with Horizontal(id="pp-indefinite-row"):
            yield Checkbox("Fecha indefinida", id="pp-indefinite")
        yield Static(NOTE, id="pp-note")
        yield Label("", id="pp-form-error", classes="form-error", markup=False)
        with Horizontal(id="pp-buttons"):
            yield Button("Programar Pago", id="pp-submit", variant="primary")

    def compose_list(self) -> ComposeResult:
        yield Static("Cargando…", id="pp-status")
        yield FitTable(
            COLUMNS,
            flex_min=SERVICE_MIN,
            id="pp-table",
            cursor_type="row",
            zebra_stripes=True,
            header_height=2,
        )
        with Vertical(id="pp-detail"):
            # Its rows from the start: later they are updated in place (a recompose waits
            # until the table is shown, and the screen would change height after a scroll).
            yield SummaryTable([(label, "") for label in DETAIL_LABELS], id="pp-detail-lines")
            with Horizontal(id="pp-detail-buttons"):
                yield Button("Cancelar pago programado", id="pp-cancel", variant="error")
        yield Label("", id="pp-list-error", classes="form-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pp-detail").display = False
        self.load()

    @property
    def account(self) -> AccountPicker:
        return self.query_one(AccountPicker)

    @property
    def picker(self) -> BillerPicker:
        return self.query_one(BillerPicker)

    @property
    def max_amount(self) -> AmountField:
        return self.query_one(AmountField)

    def _input(self, which: str) -> Input:
        return self.query_one(f"#pp-{which}", Input)

    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    @property
    def indefinite(self) -> bool:
        return self.query_one("#pp-indefinite", Checkbox).value

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """F5, an operation or a demo clock jump: fetch everything again, keeping the form."""
        self.load()

    @work(exclusive=True, group="scheduled-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            categories = await self.backend.service_categories()
            billers = await self.backend.billers()
            today = await self.bank_today()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} {RETRY}")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        self.today = today
        self.billers = {b.id: b for b in billers}
        self.account.set_accounts(accounts)
        self.picker.set_catalog(categories, billers)
        self._default_start_date(today)
        await self.load_list()

    def _default_start_date(self, today: date) -> None:
        """Fecha desde starts as the bank's today, and follows it while left untouched."""
        start = self._input("start")
        if start.value in ("", self._default_start):
            self._default_start = format_date(today)
            start.value = self._default_start

    async def load_list(self) -> None:
        """Consultar Pagos Programados: the bank's list, the same row kept selected."""
        status = self.query_one("#pp-status", Static)
        try:
            schedules = await self.backend.scheduled_payments()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(Text(f"{exc.message} {RETRY}"))
            return
        if self.is_attached:
            self._show_list(schedules)

    @work(exclusive=True, group="scheduled-list", exit_on_error=False)
    async def reload_list(self) -> None:
        await self.load_list()

    def _show_list(self, schedules: list[ScheduledPayment]) -> None:
        table = self.query_one("#pp-table", DataTable)
        previous = self.current()
        table.clear()
        self.schedules = {str(sp.id): sp for sp in schedules}
        for sp in schedules:
            hasta = format_date(sp.end_date) if sp.end_date else "Indefinida"
            status = Text.assemble(
                (sp.status.value, status_style(sp.status)),
                "\n",
                short_result(sp),
                no_wrap=True,
                overflow="ellipsis",
            )
            table.add_row(
                Text(f"{sp.biller_name}\n{sp.service_code}", no_wrap=True, overflow="ellipsis"),
                Text(format_money(sp.max_amount), justify="right"),
                Text(sp.frequency.label),
                Text(f"{format_date(sp.start_date)}\n{hasta}"),
                status,
                key=str(sp.id),
                height=2,
            )
        count = len(schedules)
        self.query_one("#pp-status", Static).update(
            "No tienes pagos programados." if count == 0 else count_of(count, "pago", "programado")
        )
        target = None
        wanted, self._highlight = self._highlight, None
        if wanted is not None:
            target = next(
                (
                    key
                    for key, sp in self.schedules.items()
                    if (sp.biller_id, sp.service_code) == wanted
                    and sp.status is ScheduledPaymentStatus.ACTIVE
                ),
                None,
            )
        elif previous is not None and str(previous.id) in self.schedules:
            target = str(previous.id)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target))
        self._show_detail()

    def current(self) -> ScheduledPayment | None:
        table = self.query_one("#pp-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.schedules.get(key or "")

    @on(DataTable.RowHighlighted, "#pp-table")
    def _show_detail(self) -> None:
        sp = self.current()
        detail = self.query_one("#pp-detail")
        detail.display = sp is not None
        shown, self._detail_id = self._detail_id, sp.id if sp else None
        if shown != self._detail_id:
            self.query_one("#pp-list-error", Label).update("")  # it was about another row
        if sp is None:
            return
        biller = self.billers.get(sp.biller_id)
        values = (
            sp.biller_name,
            sp.service_code,
            sp.account_number,
            format_money(sp.max_amount),
            sp.frequency.label,
            format_date(sp.start_date),
            format_date(sp.end_date) if sp.end_date else "Indefinida",
            sp.status.value,
            format_datetime(sp.last_run_at) if sp.last_run_at else "Ninguna todavía",
            sp.last_result or "-",
        )
        rows = list(zip(DETAIL_LABELS, values, strict=True))
        if biller is not None:
            rows[1] = (biller.code_label, sp.service_code)
        self.query_one("#pp-detail-lines", SummaryTable).update_rows(rows)

    @on(DataTable.RowSelected, "#pp-table")
    def _row_chosen(self) -> None:
        self.query_one("#pp-cancel", Button).focus()

    # -- Cancelar pago programado ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F8 belongs to the list: the form does not offer it."""
        if action == "cancel_schedule":
            tabs = self.query(TabbedContent)
            return bool(tabs) and tabs.first().active == TAB_LIST
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated, "#pp-tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @on(Button.Pressed, "#pp-cancel")
    def action_cancel_schedule(self) -> None:
        sp = self.current()
        if sp is None:
            return
        if sp.status is not ScheduledPaymentStatus.ACTIVE:
            self.query_one("#pp-list-error", Label).update(
                f"Este pago programado está {sp.status.value.lower()}: solo se puede cancelar"
                " uno activo."
            )
            return
        self._cancel(sp)

    @work(exclusive=True, group="scheduled-cancel", exit_on_error=False)
    async def _cancel(self, sp: ScheduledPayment) -> None:
        sure = await self.app.push_screen_wait(
            AskDialog(CANCEL_QUESTION, f"{sp.biller_name} - {sp.service_code}")
        )
        if not sure:
            return
        try:
            cancelled = await self.backend.cancel_scheduled_payment(sp.id)
        except SessionExpired:
            raise
        except BackendError as exc:
            await self.load_list()  # what the bank has now (it may be finished already)
            if self.is_attached:
                self.query_one("#pp-list-error", Label).update(exc.message)
            return
        if not self.is_attached:
            return
        self.notify(
            f"Cancelaste el pago programado de {cancelled.biller_name} {cancelled.service_code}.",
            markup=False,
        )
        self.reload_list()

    # -- the form ------------------------------------------------------------------------------
    @on(Select.Changed, "#pp-frequency")
    def _frequency_changed(self) -> None:
        self._field("frequency").show_hint(FREQUENCY_HINTS.get(self._frequency(), ""))

    def _frequency(self) -> Frequency:
        value = select_value(self.query_one("#pp-frequency", Select))
        return Frequency(value) if value else Frequency.ASAP

    @on(Checkbox.Changed, "#pp-indefinite")
    def _indefinite_changed(self) -> None:
        """Fecha indefinida: Fecha hasta is ignored (what was typed there stays)."""
        self._input("end").disabled = self.indefinite
        self._field("end_date").show_error("")

    @on(Input.Changed, "#pp-start, #pp-end")
    def _date_typed(self, event: Input.Changed) -> None:
        """A date is checked once it is complete; half-typed it is left alone."""
        field = "start_date" if event.input.id == "pp-start" else "end_date"
        complete = len(event.value.strip()) >= len(DATE_PLACEHOLDER)
        found = self._date_problems() if complete else {}
        self._field(field).show_error(found.get(field, ""))

    def _parse(self, which: str, name: str) -> tuple[date | None, str | None]:
        text = self._input(which).value
        if not text.strip():
            return None, f"Ingresa la {name} ({DATE_PLACEHOLDER})."
        try:
            return parse_date(text), None
        except ValueError as exc:
            return None, str(exc)

    def _dates(self) -> tuple[date | None, date | None, dict[str, str]]:
        """Fecha desde, Fecha hasta (None when indefinite) and what is wrong with them."""
        found: dict[str, str] = {}
        start, problem = self._parse("start", "fecha desde")
        if problem:
            found["start_date"] = problem
        elif start is not None and self.today is not None and start < self.today:
            found["start_date"] = (
                f"La fecha desde no puede ser anterior a hoy ({format_date(self.today)})."
            )
        end: date | None = None
        if not self.indefinite:
            end, problem = self._parse("end", "fecha hasta")
            if problem and not self._input("end").value.strip():
                problem = "Ingresa la fecha hasta o marca Fecha indefinida."
            if problem:
                found["end_date"] = problem
            elif start is not None and end is not None and end < start:
                found["end_date"] = "La fecha hasta debe ser igual o posterior a la fecha desde."
        return start, end, found

    def _date_problems(self) -> dict[str, str]:
        return self._dates()[2]

    def order_fields(self) -> list[str]:
        return [
            "from_account",
            *self.picker.fields(),
            "max_amount",
            "frequency",
            "start_date",
            "end_date",
        ]

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.account.value is None:
            found["from_account"] = "Selecciona la cuenta de débito."
        found.update(self.picker.problems())
        if problem := self.max_amount.problem():
            found["max_amount"] = problem
        found.update(self._date_problems())
        return found

    @on(Input.Submitted, "#pp-code, #pp-max, #pp-start, #pp-end")
    @on(Button.Pressed, "#pp-submit")
    def submit(self) -> None:
        """Programar Pago: the form's checks, then the terms, then the bank."""
        self.submit_order()

    async def before_begin(self, order: Order) -> Order | None:
        """Nothing is scheduled, and no code is sent, without Aceptar on the terms."""
        if not await self.app.push_screen_wait(TermsDialog()):
            if self.is_attached:
                self.show_form_error(TERMS_REQUIRED)
                self.query_one("#pp-submit", Button).focus()
            return None
        return order.model_copy(update={"terms_accepted": True})

    def build_order(self) -> Order:
        biller = self.picker.biller
        start, end, _ = self._dates()
        if self.account.value is None or biller is None or start is None:
            raise ValueError("order_problems() must have found nothing first")
        return ScheduledPaymentOrder(
            from_account=self.account.value,
            biller_id=biller.id,
            service_code=self.picker.code,
            max_amount=self.max_amount.value(),
            frequency=self._frequency(),
            start_date=start,
            end_date=None if self.indefinite else end,
            terms_accepted=False,  # until the member accepts them (`before_begin`)
        )

    async def order_done(self, receipt: Receipt) -> None:
        """Scheduled: the form is ready for another one; the list shows the new one."""
        biller = self.picker.biller
        if biller is not None:
            self._highlight = (biller.id, self.picker.code)
        self._input("code").value = ""
        self.max_amount.clear()
        self.query_one("#pp-tabs", TabbedContent).active = TAB_LIST
        self.call_after_refresh(self.query_one("#pp-table", DataTable).focus)  # once shown
        self.reload_list()

    async def order_not_done(self) -> None:
        """Declined, or the answer lost on the way: show what the bank has now."""
        self.reload_list()
