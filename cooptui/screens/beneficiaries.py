"""Administración de Beneficiarios: Buscar, Nuevo Beneficiario +, Editar and Eliminar.

The search runs in the bank (service, part of the name, start of the identification);
the list opens with every beneficiary, as if Buscar had been pressed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.formatting import count_of
from cooptui.domain.transfers import Beneficiary, BeneficiaryService
from cooptui.screens.beneficiary_form import (
    BeneficiaryFormScreen,
    PayeeKey,
    account_text,
    find_payee,
)
from cooptui.screens.frame import BankScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.fit_table import FitTable

ALL = "all"
SERVICE_OPTIONS = [("Todos los servicios", ALL)] + [(s.label, s.value) for s in BeneficiaryService]
COLUMNS = (
    ("Servicio", 13),
    ("Beneficiario", 0),
    ("Tipo de identificación", 14),
    ("Identificación", 14),
)
"""(header, width); 0: the name takes what the others leave."""
NAME_MIN = 20
CHOOSE_SERVICE = (
    "* Recuerda que para crear un Nuevo Beneficiario es necesario seleccionar un servicio"
    " (Transferencias Cooprogreso o Transferencias Interbancarias)"
)
DELETE_QUESTION = "¿Está seguro que desea eliminar el beneficiario?"


class BeneficiariesScreen(BankScreen):
    MENU_ID = "beneficiarios"
    CSS_PATH = "beneficiaries.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "new", "Nuevo beneficiario"),
        Binding("f3", "edit", "Editar"),
        Binding("f8", "delete", "Eliminar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, Beneficiary] = {}
        self._highlight_after_search: PayeeKey | None = None

    def compose_content(self) -> ComposeResult:
        with Horizontal(classes="bn-row"):
            with Vertical(id="bn-service-field", classes="bn-field"):
                yield Label("Servicio:")
                yield Select(SERVICE_OPTIONS, value=ALL, allow_blank=False, id="bn-service")
                yield Label("", id="bn-service-error", classes="field-error", markup=False)
            with Vertical(classes="bn-field"):
                yield Label("Nombre:")
                yield Input(id="bn-name", placeholder="Parte del nombre")
            with Vertical(id="bn-identification-field", classes="bn-field"):
                yield Label("Identificación:")
                yield Input(id="bn-identification")
        with Horizontal(id="bn-buttons"):
            yield Button("Buscar", id="bn-search", variant="primary")
            yield Button("Nuevo Beneficiario +", id="bn-new")
        yield Static(CHOOSE_SERVICE, id="bn-note")
        yield Label("", id="bn-error", classes="form-error", markup=False)
        yield Static("Buscando…", id="bn-status")
        yield FitTable(
            COLUMNS,
            flex_min=NAME_MIN,
            id="bn-table",
            cursor_type="row",
            zebra_stripes=True,
            header_height=2,
        )
        with Vertical(id="bn-detail"):
            yield SummaryTable([], id="bn-detail-lines")
            with Horizontal(id="bn-detail-buttons"):
                yield Button("Editar", id="bn-edit")
                yield Button("Eliminar", id="bn-delete", variant="error")

    def on_mount(self) -> None:
        self.query_one("#bn-detail").display = False
        self.search()

    def reload(self) -> None:
        self.search()

    # -- search --------------------------------------------------------------------------------
    def _service(self) -> BeneficiaryService | None:
        value = self.query_one("#bn-service", Select).value
        return None if value == ALL else BeneficiaryService(str(value))

    @on(Input.Submitted, "#bn-name, #bn-identification")
    @on(Button.Pressed, "#bn-search")
    def search(self) -> None:
        self.query_one("#bn-error", Label).update("")
        self._search(
            self._service(),
            self.query_one("#bn-name", Input).value,
            self.query_one("#bn-identification", Input).value,
        )

    @on(Select.Changed, "#bn-service")
    def _service_changed(self) -> None:
        if self._service() is not None:
            self._service_error("")
        self.search()

    def _service_error(self, message: str) -> None:
        error = self.query_one("#bn-service-error", Label)
        error.update(message)
        error.display = bool(message)

    @work(exclusive=True, group="beneficiaries", exit_on_error=False)
    async def _search(self, service: BeneficiaryService | None, name: str, ident: str) -> None:
        status = self.query_one("#bn-status", Static)
        status.update("Buscando…")
        try:
            found = await self.backend.beneficiaries(service, name, ident)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(Text(exc.message))
            return
        if self.is_attached:
            self._show(found)

    def _show(self, found: list[Beneficiary]) -> None:
        table = self.query_one("#bn-table", DataTable)
        previous = self.current()
        table.clear()
        self.found = {str(b.id): b for b in found}
        for b in found:
            table.add_row(
                Text(b.service.short_label),
                Text(b.name, no_wrap=True, overflow="ellipsis"),
                Text(b.id_type.label),
                Text(b.identification),
                key=str(b.id),
            )
        count = len(found)
        self.query_one("#bn-status", Static).update(
            "No encontramos beneficiarios con esos datos."
            if count == 0
            else count_of(count, "beneficiario")
        )
        wanted, self._highlight_after_search = self._highlight_after_search, None
        target = None
        if wanted is not None:
            target = find_payee(self.found, wanted)
        elif previous is not None and str(previous.id) in self.found:
            target = str(previous.id)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target))
        self._show_detail()

    def current(self) -> Beneficiary | None:
        table = self.query_one("#bn-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.found.get(key or "")

    @on(DataTable.RowHighlighted, "#bn-table")
    def _show_detail(self) -> None:
        b = self.current()
        detail = self.query_one("#bn-detail")
        detail.display = b is not None
        if b is None:
            return
        rows = [
            ("Beneficiario", b.name + (f" «{b.alias}»" if b.alias else "")),
            ("Servicio", b.service.label),
            ("Identificación", f"{b.id_type.label} {b.identification}"),
            ("Cuenta", account_text(b)),
            ("Correo electrónico", b.email or "-"),
        ]
        self.query_one("#bn-detail-lines", SummaryTable).update_rows(rows)

    @on(DataTable.RowSelected, "#bn-table")
    def _row_chosen(self) -> None:
        self.query_one("#bn-edit", Button).focus()

    # -- new, edit, delete ---------------------------------------------------------------------
    @on(Button.Pressed, "#bn-new")
    def action_new(self) -> None:
        service = self._service()
        if service is None:
            self._service_error("Selecciona un servicio para crear un Nuevo Beneficiario.")
            self.query_one("#bn-service", Select).focus()
            return
        self._service_error("")
        self.app.push_screen(BeneficiaryFormScreen(self.backend, service), self._saved)

    @on(Button.Pressed, "#bn-edit")
    def action_edit(self) -> None:
        b = self.current()
        if b is not None:
            self.app.push_screen(BeneficiaryFormScreen(self.backend, b.service, b), self._saved)

    def _saved(self, saved: PayeeKey | None) -> None:
        if saved is not None:
            self._highlight_after_search = saved
            self.search()

    @on(Button.Pressed, "#bn-delete")
    def action_delete(self) -> None:
        b = self.current()
        if b is not None:
            self._delete(b)

    @work(exclusive=True, group="beneficiary-delete", exit_on_error=False)
    async def _delete(self, b: Beneficiary) -> None:
        sure = await self.app.push_screen_wait(
            AskDialog(DELETE_QUESTION, f"{b.name} - {account_text(b)}")
        )
        if not sure:
            return
        try:
            await self.backend.delete_beneficiary(b.id)
        except SessionExpired:
            raise
        except BackendError as exc:
            self.query_one("#bn-error", Label).update(exc.message)
            return
        self.notify(f"Eliminaste al beneficiario {b.name}.", markup=False)
        self.search()
