"""Categoría and Servicio filters of the service screens ("Todas las Categorías…")."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, Select

from cooptui.domain.services import Biller, ServiceCategory

ALL = "*"
ALL_CATEGORIES = "Todas las Categorías"
ALL_SERVICES = "Todos los Servicios"


def biller_options(billers: list[Biller], category_id: str | None) -> list[tuple[str, str]]:
    """The billers of one category (all when None), by name."""
    return [(b.name, b.id) for b in billers if category_id in (None, b.category_id)]


class ServiceFilters(Horizontal):
    """Two Selects; Servicio lists only the chosen category's billers.

    The screen fetches the catalog and hands it over with `set_catalog`; a change of
    either Select posts `ServiceFilters.Changed`.
    """

    SCOPED_CSS = False  # the narrow rule looks at the screen's class
    DEFAULT_CSS = """
    ServiceFilters { height: auto; }
    ServiceFilters > Label { width: auto; padding: 1 1 0 0; }
    ServiceFilters > Select { width: 1fr; margin-right: 1; }
    /* Narrow, half a row cannot show "Todas las Categorías": the two filters stack. */
    .-narrow ServiceFilters {
        layout: grid; grid-size: 2; grid-columns: 12 1fr; grid-rows: auto;
    }
    """

    class Changed(Message):
        def __init__(self, filters: ServiceFilters) -> None:
            super().__init__()
            self.filters = filters

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.billers: list[Biller] = []

    def compose(self) -> ComposeResult:
        yield Label("Categoría:")
        yield Select(
            [(ALL_CATEGORIES, ALL)], value=ALL, allow_blank=False, id=f"{self.id}-category"
        )
        yield Label("Servicio:")
        yield Select([(ALL_SERVICES, ALL)], value=ALL, allow_blank=False, id=f"{self.id}-biller")

    @property
    def _category(self) -> Select[str]:
        return self.query_one(f"#{self.id}-category", Select)

    @property
    def _biller(self) -> Select[str]:
        return self.query_one(f"#{self.id}-biller", Select)

    @property
    def category_id(self) -> str | None:
        value = self._category.value
        return value if isinstance(value, str) and value != ALL else None

    @property
    def biller_id(self) -> str | None:
        value = self._biller.value
        return value if isinstance(value, str) and value != ALL else None

    def set_catalog(self, categories: list[ServiceCategory], billers: list[Biller]) -> None:
        """Offer these categories and billers, keeping the choices that still exist."""
        self.billers = billers
        category = self.category_id
        options = [(Text(ALL_CATEGORIES), ALL), *((Text(c.name), c.id) for c in categories)]
        with self._category.prevent(Select.Changed):
            self._category.set_options(options)
            self._category.value = category if category in {c.id for c in categories} else ALL
        self._fill_billers()

    def _fill_billers(self) -> None:
        biller = self.biller_id
        options = biller_options(self.billers, self.category_id)
        with self._biller.prevent(Select.Changed):
            self._biller.set_options(
                [(Text(ALL_SERVICES), ALL), *((Text(label), value) for label, value in options)]
            )
            self._biller.value = biller if biller in {v for _, v in options} else ALL

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select is self._category:
            self._fill_billers()
        self.post_message(self.Changed(self))
