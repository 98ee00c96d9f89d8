"""Categoría → Empresa → the service code, named as the chosen biller names it.

Nuevo Pago (registering a service) and Programar Pago share these three fields.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from cooptui.domain.formatting import format_money
from cooptui.domain.services import Biller, ServiceCategory
from cooptui.widgets.form_field import FormField
from cooptui.widgets.select_fill import fill_select, select_value
from cooptui.widgets.service_filters import biller_options

CODE_LABEL = "Código de servicio"
CODE_HINT = "Número de suministro, cuenta, contrato o comprobante, según el servicio."


class BillerPicker(Vertical):
    """FormFields `category_id`, `biller_id` and `service_code`, under the manual's headings."""

    DEFAULT_CSS = """
    BillerPicker { height: auto; }
    """

    def __init__(self, *, prefix: str) -> None:
        super().__init__(id=f"{prefix}-biller-picker")
        self.prefix = prefix
        self.billers: dict[str, Biller] = {}

    def compose(self) -> ComposeResult:
        p = self.prefix
        yield Static("Selecciona la categoría", classes="form-section")
        yield FormField(
            "Categoría",
            Select[str]([], prompt="Cargando…", id=f"{p}-category"),
            name="category_id",
        )
        yield Static("Completa la información del servicio", classes="form-section")
        yield FormField(
            "Empresa",
            Select[str]([], prompt="Selecciona primero la categoría", id=f"{p}-biller"),
            name="biller_id",
        )
        yield FormField(CODE_LABEL, Input(id=f"{p}-code"), name="service_code", hint=CODE_HINT)

    def _select(self, which: str) -> Select[str]:
        return self.query_one(f"#{self.prefix}-{which}", Select)

    @property
    def category_id(self) -> str | None:
        return select_value(self._select("category"))

    @property
    def biller(self) -> Biller | None:
        value = select_value(self._select("biller"))
        return self.billers.get(value) if value else None

    @property
    def code(self) -> str:
        return self.query_one(f"#{self.prefix}-code", Input).value.strip()

    def set_catalog(self, categories: list[ServiceCategory], billers: list[Biller]) -> None:
        """Offer the categories and billers, keeping the choices that still exist."""
        self.billers = {b.id: b for b in billers}
        options = [(c.name, c.id) for c in categories]
        fill_select(self._select("category"), options, "Selecciona una opción")
        self._fill_billers()

    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def _fill_billers(self) -> None:
        category = self.category_id
        options = biller_options(list(self.billers.values()), category) if category else []
        prompt = "Selecciona una opción" if category else "Selecciona primero la categoría"
        fill_select(self._select("biller"), options, prompt)
        self._biller_changed()

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        if event.select is self._select("category"):
            self._field("category_id").show_error("")
            self._fill_billers()
        else:
            self._biller_changed()

    def _biller_changed(self) -> None:
        biller = self.biller
        code = self._field("service_code")
        code.set_label(biller.code_label if biller else CODE_LABEL)
        field = self._field("biller_id")
        field.show_hint(f"Comisión por pago: {format_money(biller.commission)}" if biller else "")
        if biller is not None:
            field.show_error("")

    @on(Input.Changed)
    def _code_typed(self) -> None:
        self._field("service_code").show_error("")

    def problems(self) -> dict[str, str]:
        """What is missing before the bank can be asked."""
        found: dict[str, str] = {}
        if self.category_id is None:
            found["category_id"] = "Selecciona la categoría."
        if self.biller is None:
            found["biller_id"] = "Selecciona la empresa."
        if not self.code:
            label = self.biller.code_label if self.biller else CODE_LABEL
            found["service_code"] = f"Ingresa el {label}."
        return found

    def fields(self) -> list[str]:
        return ["category_id", "biller_id", "service_code"]
