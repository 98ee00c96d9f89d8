"""Solicita tus Productos (manual 7, Paso 1): "Ingresa al tipo de producto que te
interesaría solicitar."

The bank's catalog by type (Ahorros, Créditos, Inversiones, Tarjetas), each product with
its description, ranges and requirements; Solicitar opens the request form, Simular the
credit or investment simulator, and "Mis solicitudes" lists what the member asked for
with its status. Everything shown comes from the bank's catalog: rates and ranges are
never written here.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, DataTable, Static, Tab, Tabs

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.catalog import ProductCategory, ProductOffer, ProductRequest
from cooptui.domain.formatting import format_date, format_money
from cooptui.screens.credit_simulator import CreditSimulatorScreen
from cooptui.screens.deposit_simulator import DepositSimulatorScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.product_request import ProductRequestScreen, term_text
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.field_grid import field_grid
from cooptui.widgets.product_fields import (
    amount_range,
    can_simulate,
    rate_range,
    term_range,
)
from cooptui.widgets.product_table import Column, Field, ProductTable

INTRO = "Ingresa al tipo de producto que te interesaría solicitar."
LOADING = "Cargando los productos…"
RETRY = "Pulsa F5 para intentarlo de nuevo."
NO_PRODUCTS = "Por ahora no hay productos de este tipo para solicitar en línea."
NO_REQUESTS = "Aún no tienes solicitudes: elige un producto y pulsa Solicitar (F2)."
REQUESTS_TAB = "pc-tab-requests"
TABS: dict[str, ProductCategory] = {
    "pc-tab-savings": ProductCategory.SAVINGS,
    "pc-tab-credits": ProductCategory.CREDIT,
    "pc-tab-investments": ProductCategory.INVESTMENT,
    "pc-tab-cards": ProductCategory.CARD,
}
"""Tab id -> the type of product it lists, in the manual's order."""

PRODUCT_COLUMNS = (
    Column(Field("Producto", wrap=True)),
    Column(Field("Monto", wrap=True)),
    Column(Field("Plazo", wrap=True)),
    Column(Field("Tasa", wrap=True)),
)
REQUEST_COLUMNS = (
    Column(Field("Solicitud N°"), Field("Fecha")),
    Column(Field("Producto", wrap=True)),
    Column(Field("Monto", right=True)),
    Column(Field("Plazo")),
    Column(Field("Estado")),
)


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def requests_status(count: int) -> str:
    if count == 0:
        return NO_REQUESTS
    return "Tienes 1 solicitud." if count == 1 else f"Tienes {count} solicitudes."


def offer_figures(offer: ProductOffer) -> dict[str, str | Text]:
    """A product's row of the catalog: its ranges and rate, "-" where it has none."""
    low, high = offer.min_amount, offer.max_amount
    amount = f"{format_money(low)} a {format_money(high)}" if low and high else amount_range(offer)
    return {
        "Producto": Text(offer.name),
        "Monto": amount or "-",
        "Plazo": term_range(offer).removeprefix("de ") or "-",
        "Tasa": rate_range(offer).removesuffix(" según el plazo") or "-",
    }


def offer_details(offer: ProductOffer) -> list[tuple[str, str]]:
    """The figures under a product's description, in full sentences."""
    pairs: list[tuple[str, str]] = []
    if text := amount_range(offer):
        pairs.append(("Monto", capitalized(text)))
    if text := term_range(offer):
        pairs.append(("Plazo", capitalized(text)))
    if text := rate_range(offer):
        pairs.append(("Tasa de interés", f"{text} (anual)"))
    if offer.insurance_rate:
        rate = f"{(offer.insurance_rate * 100).normalize():f}%"
        pairs.append(("Seguro de desgravamen", f"{rate} mensual sobre el saldo"))
    return pairs


def request_figures(request: ProductRequest, offers: dict[str, ProductOffer]) -> dict[str, str]:
    offer = offers.get(request.product_id)
    term = term_text(request.term, offer) if offer is not None else str(request.term or "-")
    return {
        "Solicitud N°": request.reference,
        "Fecha": format_date(request.created_at),
        "Producto": request.product_name,
        "Monto": format_money(request.amount) if request.amount is not None else "-",
        "Plazo": term,
        "Estado": request.status.value,
    }


class ProductCatalogScreen(BankScreen):
    MENU_ID = "solicitudes"
    CSS_PATH = "product_catalog.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "request", "Solicitar"),
        Binding("f3", "simulate", "Simular"),
        Binding("f4", "my_requests", "Mis solicitudes"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[ProductOffer] = []
        self.shown: dict[str, ProductOffer] = {}
        self.requests: list[ProductRequest] = []

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="pc-intro")
        yield Tabs(
            *(Tab(category.value, id=tab_id) for tab_id, category in TABS.items()),
            Tab("Mis solicitudes", id=REQUESTS_TAB),
            id="pc-tabs",
        )
        with ContentSwitcher(id="pc-switcher", initial="pc-products"):
            with Vertical(id="pc-products"):
                yield Static(LOADING, id="pc-status")
                yield ProductTable(PRODUCT_COLUMNS, id="pc-table")
                with Vertical(id="pc-detail"):
                    yield Static("", id="pc-name", markup=False)
                    yield Static("", id="pc-description", markup=False)
                    yield Static("", id="pc-figures")
                    yield Static("Requisitos", id="pc-requirements-title")
                    yield Static("", id="pc-requirements", markup=False)
                    with Horizontal(id="pc-buttons"):
                        yield Button("Solicitar", id="pc-request", variant="primary")
                        yield Button("Simular", id="pc-simulate")
            with Vertical(id="pc-requests"):
                yield Static("Cargando tus solicitudes…", id="pc-requests-status")
                yield ProductTable(REQUEST_COLUMNS, id="pc-requests-table")
                yield SummaryTable([], id="pc-request-detail")

    def on_mount(self) -> None:
        self.query_one("#pc-detail").display = False
        self.query_one("#pc-requests-table").display = False
        self.focus_after_layout("#pc-tabs")
        self.reload()

    def reload(self) -> None:
        """The catalog and the member's requests again (F5, a clock jump)."""
        self._load_catalog()
        self._load_requests()

    def on_screen_resume(self) -> None:
        """Back from a simulator, where a request may have been made."""
        if self.offers:
            self._load_requests()

    @work(exclusive=True, group="pc-catalog", exit_on_error=False)
    async def _load_catalog(self) -> None:
        try:
            offers = await self.backend.product_catalog()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#pc-status", Static).update(Text(f"{exc.message} {RETRY}"))
            return
        if self.is_attached:
            self.offers = offers
            self._show_category()
            if self.requests:  # their plazos are worded by the product's unit
                self._show_requests(self.requests)

    @work(exclusive=True, group="pc-requests", exit_on_error=False)
    async def _load_requests(self) -> None:
        try:
            requests = await self.backend.product_requests()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status = self.query_one("#pc-requests-status", Static)
                status.update(Text(f"{exc.message} {RETRY}"))
            return
        if self.is_attached:
            self._show_requests(requests)

    # -- the types of product --------------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one("#pc-tabs", Tabs).active or next(iter(TABS))

    @on(Tabs.TabActivated, "#pc-tabs")
    def _tab_changed(self) -> None:
        requests = self.tab == REQUESTS_TAB
        switcher = self.query_one("#pc-switcher", ContentSwitcher)
        switcher.current = "pc-requests" if requests else "pc-products"
        if not requests:
            self._show_category()
        self.refresh_bindings()

    def _show_category(self) -> None:
        category = TABS.get(self.tab)
        if category is None or not self.offers:
            return
        offers = [o for o in self.offers if o.category is category]
        self.shown = {o.id: o for o in offers}
        table = self.query_one("#pc-table", ProductTable)
        table.set_rows((o.id, offer_figures(o)) for o in offers)
        table.move_cursor(row=0, animate=False)
        status = self.query_one("#pc-status", Static)
        status.update(NO_PRODUCTS if not offers else "")
        status.display = not offers
        self._show_detail()

    def current(self) -> ProductOffer | None:
        """The highlighted product of the type shown (None on Mis solicitudes)."""
        if self.tab == REQUESTS_TAB:
            return None
        table = self.query_one("#pc-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.shown.get(key or "")

    @on(DataTable.RowHighlighted, "#pc-table")
    def _show_detail(self) -> None:
        self.refresh_bindings()
        offer = self.current()
        detail = self.query_one("#pc-detail")
        detail.display = offer is not None
        if offer is None:
            return
        self.query_one("#pc-name", Static).update(offer.name)
        self.query_one("#pc-description", Static).update(offer.description)
        figures = offer_details(offer)
        self.query_one("#pc-figures", Static).update(field_grid(figures, 1) if figures else "")
        self.query_one("#pc-figures").display = bool(figures)
        requirements = "\n".join(f"• {r}" for r in offer.requirements)
        self.query_one("#pc-requirements", Static).update(requirements)
        self.query_one("#pc-requirements-title").display = bool(offer.requirements)
        self.query_one("#pc-requirements").display = bool(offer.requirements)
        self.query_one("#pc-simulate").display = can_simulate(offer)

    @on(DataTable.RowSelected, "#pc-table")
    def _row_chosen(self) -> None:
        self.action_request()

    # -- Mis solicitudes -------------------------------------------------------------------------
    def _show_requests(self, requests: list[ProductRequest]) -> None:
        self.requests = requests
        offers = {o.id: o for o in self.offers}
        self.query_one("#pc-requests-status", Static).update(requests_status(len(requests)))
        table = self.query_one("#pc-requests-table", ProductTable)
        table.display = bool(requests)
        table.set_rows((r.reference, request_figures(r, offers)) for r in requests)
        self._show_request_detail()

    @on(DataTable.RowHighlighted, "#pc-requests-table")
    def _show_request_detail(self) -> None:
        detail = self.query_one("#pc-request-detail", SummaryTable)
        table = self.query_one("#pc-requests-table", DataTable)
        chosen = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            chosen = next((r for r in self.requests if r.reference == key), None)
        detail.display = chosen is not None
        if chosen is not None:
            detail.update_rows(
                [
                    ("Solicitud N°", chosen.reference),
                    ("Teléfono de contacto", chosen.contact_phone),
                    ("Comentario", chosen.comment or "-"),
                ]
            )

    # -- actions ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Solicitar needs a product highlighted; Simular one that has a simulator."""
        if action == "request":
            return self.is_mounted and self.current() is not None
        if action == "simulate":
            offer = self.current() if self.is_mounted else None
            return offer is not None and can_simulate(offer)
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#pc-request")
    def action_request(self) -> None:
        offer = self.current()
        if offer is not None:
            self.app.push_screen(ProductRequestScreen(self.backend, offer), self._requested)

    def _requested(self, request: ProductRequest | None) -> None:
        if request is not None and self.is_attached:
            self._load_requests()

    @on(Button.Pressed, "#pc-simulate")
    def action_simulate(self) -> None:
        offer = self.current()
        if offer is None or not can_simulate(offer):
            return
        if offer.category is ProductCategory.CREDIT:
            self.app.push_screen(CreditSimulatorScreen(offer))
        else:
            self.app.push_screen(DepositSimulatorScreen(offer))

    def action_my_requests(self) -> None:
        self.query_one("#pc-tabs", Tabs).active = REQUESTS_TAB
