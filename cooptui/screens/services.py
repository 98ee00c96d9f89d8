"""Registro de Servicios: the member's registered services, Nuevo Pago, Pagar, Eliminar.

The list is the bank's (filtered there by Categoría and Servicio); Nuevo Pago registers
a service with an SMS code, Pagar shows what the bank has pending for it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import count_of, format_datetime, mask_account
from cooptui.domain.services import RegisteredService
from cooptui.screens.frame import BankScreen
from cooptui.screens.service_payment import ServicePaymentScreen
from cooptui.screens.service_registration import ServiceKey, ServiceRegistrationScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.fit_table import FitTable
from cooptui.widgets.service_filters import ServiceFilters

COLUMNS = (("Categoría", 16), ("Empresa", 0), ("Código", 13), ("Cuenta", 12))
"""(header, width); 0: the company (and alias) takes what the others leave."""
NONE_YET = "Aún no tienes servicios registrados: registra uno con «Nuevo Pago +»."
NONE_FOUND = "No tienes servicios registrados en esa categoría o servicio."
DELETE_QUESTION = "¿Está seguro que desea eliminar el servicio?"


class RegisteredServicesScreen(BankScreen):
    MENU_ID = "servicios"
    CSS_PATH = "services.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "new", "Nuevo Pago"),
        Binding("f3", "pay", "Pagar"),
        Binding("f8", "delete", "Eliminar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, RegisteredService] = {}
        self._highlight: ServiceKey | None = None

    def compose_content(self) -> ComposeResult:
        yield Static(
            "Mediante esta opción podrás realizar el pago de tus servicios públicos y privados.",
            id="sv-intro",
        )
        yield ServiceFilters(id="sv-filters")
        with Horizontal(id="sv-buttons"):
            yield Button("Nuevo Pago +", id="sv-new", variant="primary")
        yield Label("", id="sv-error", classes="form-error", markup=False)
        yield Static("Cargando tus servicios…", id="sv-status")
        yield FitTable(
            COLUMNS,
            flex_min=20,
            id="sv-table",
            cursor_type="row",
            zebra_stripes=True,
        )
        with Vertical(id="sv-detail"):
            yield SummaryTable([], id="sv-detail-lines")
            with Horizontal(id="sv-detail-buttons"):
                yield Button("Pagar", id="sv-pay", variant="primary")
                yield Button("Eliminar", id="sv-delete", variant="error")

    def on_mount(self) -> None:
        self.query_one("#sv-detail").display = False
        self.focus_after_layout("#sv-filters-category")
        self.reload()

    def reload(self) -> None:
        """Catalog and list again (after a payment, a clock jump or F5), keeping filters."""
        self._load_catalog()
        self.search()

    @work(exclusive=True, group="sv-catalog", exit_on_error=False)
    async def _load_catalog(self) -> None:
        try:
            categories = await self.backend.service_categories()
            billers = await self.backend.billers()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#sv-error", Label).update(exc.message)
            return
        if self.is_attached:
            self.query_one(ServiceFilters).set_catalog(categories, billers)

    # -- the list --------------------------------------------------------------------------------
    @on(ServiceFilters.Changed)
    def search(self) -> None:
        filters = self.query_one(ServiceFilters)
        self._search(filters.category_id, filters.biller_id)

    @work(exclusive=True, group="sv-search", exit_on_error=False)
    async def _search(self, category_id: str | None, biller_id: str | None) -> None:
        try:
            found = await self.backend.registered_services(category_id, biller_id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#sv-status", Static).update(Text(exc.message))
            return
        if self.is_attached:
            self._show(found, filtered=category_id is not None or biller_id is not None)

    def _show(self, found: list[RegisteredService], *, filtered: bool) -> None:
        table = self.query_one("#sv-table", DataTable)
        previous = self.current()
        table.clear()
        self.found = {str(s.id): s for s in found}
        for s in found:
            table.add_row(
                Text(s.category_name, no_wrap=True, overflow="ellipsis"),
                Text(s.title, no_wrap=True, overflow="ellipsis"),
                Text(s.service_code),
                Text(mask_account(s.account_number)),
                key=str(s.id),
            )
        count = len(found)
        status = count_of(count, "servicio", "registrado")
        if count == 0:
            status = NONE_FOUND if filtered else NONE_YET
        self.query_one("#sv-status", Static).update(status)
        wanted, self._highlight = self._highlight, None
        target = None
        if wanted is not None:
            target = next(
                (k for k, s in self.found.items() if (s.biller_id, s.service_code) == wanted),
                None,
            )
        elif previous is not None and str(previous.id) in self.found:
            target = str(previous.id)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target))
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pagar and Eliminar are offered only while a service is highlighted."""
        if action in {"pay", "delete"}:
            return self.is_mounted and self.current() is not None
        return super().check_action(action, parameters)

    def current(self) -> RegisteredService | None:
        table = self.query_one("#sv-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.found.get(key or "")

    @on(DataTable.RowHighlighted, "#sv-table")
    def _show_detail(self) -> None:
        self.refresh_bindings()
        s = self.current()
        detail = self.query_one("#sv-detail")
        detail.display = s is not None
        if s is None:
            return
        rows = [
            ("Empresa", s.biller_name),
            (s.code_label, s.service_code),
            ("Alias", s.alias or "-"),
            ("Categoría", s.category_name),
            ("Cuenta de débito", mask_account(s.account_number)),
            ("Registrado", format_datetime(s.created_at)),
        ]
        self.query_one("#sv-detail-lines", SummaryTable).update_rows(rows)

    @on(DataTable.RowSelected, "#sv-table")
    def _row_chosen(self) -> None:
        self.action_pay()

    # -- Nuevo Pago, Pagar, Eliminar ---------------------------------------------------------------
    @on(Button.Pressed, "#sv-new")
    def action_new(self) -> None:
        self.app.push_screen(ServiceRegistrationScreen(self.backend), self._registered)

    def _registered(self, key: ServiceKey | None) -> None:
        if key is not None:
            self._highlight = key
            self.search()

    @on(Button.Pressed, "#sv-pay")
    def action_pay(self) -> None:
        s = self.current()
        if s is not None:
            self.app.push_screen(ServicePaymentScreen(self.backend, s), self._paid)

    def _paid(self, paid: bool | None) -> None:
        if paid:
            self.coop.balances_changed()

    @on(Button.Pressed, "#sv-delete")
    def action_delete(self) -> None:
        s = self.current()
        if s is not None:
            self._delete(s)

    @work(exclusive=True, group="sv-delete", exit_on_error=False)
    async def _delete(self, s: RegisteredService) -> None:
        detail = f"{s.title} - {s.code_label} {s.service_code}"
        if not await self.app.push_screen_wait(AskDialog(DELETE_QUESTION, detail)):
            return
        try:
            await self.backend.delete_registered_service(s.id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#sv-error", Label).update(exc.message)
            return
        if not self.is_attached:
            return
        self.notify(f"Eliminaste el servicio {s.title} {s.service_code}.", markup=False)
        self.search()
