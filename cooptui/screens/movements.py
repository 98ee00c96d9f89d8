"""Detalle de Movimientos: 12 months of an account, filtered in memory, exported to CSV/OFX.

One fetch per account brings the whole 12-month window (the most the bank gives);
every filter (dates, type, text) then runs in memory over precomputed rows, so typing
in the search box never waits on the bank, and the text filter is debounced.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.timer import Timer
from textual.widgets import Button, DataTable, Input, Label, Select, Static
from textual.widgets.data_table import RowKey

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.dates import months_before
from cooptui.domain.exports import movements_csv, movements_ofx
from cooptui.domain.formatting import count_of, format_date, format_money
from cooptui.domain.products import Account, Movement, MovementType
from cooptui.exports import export_dir, statement_filename
from cooptui.screens.frame import BankScreen
from cooptui.widgets.date_range import DateRangeField
from cooptui.widgets.fit_table import FitTable
from cooptui.widgets.save_export import save_export

COLUMNS = ("Fecha", "Descripción de la transacción", "Tipo de movimiento", "Monto", "Saldo")
TYPE_OPTIONS = [("Todos", "all"), ("Débito", MovementType.DEBIT.value), ("Crédito", MovementType.CREDIT.value)]  # fmt: skip
COLUMN_WIDTHS = (10, 0, 10, 11, 11)  # 0: the description takes the rest
DESCRIPTION_MIN = 24
MONTHS = 12  # what the bank keeps of an account's movements
DEBOUNCE_SECONDS = 0.15
FIRST_ROWS = 200  # added at once: more than a screenful
ROWS_PER_SLICE = 500  # the rest follow in slices, so keys are handled in between


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Ramírez" and "RAMIREZ" both become "ramirez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Line:
    """A movement with what the filters and the table need, computed once per load."""

    movement: Movement
    day: date
    key: str  # folded description
    cells: tuple[Text, ...]


def make_lines(movements: list[Movement], debit_style: str, credit_style: str) -> list[Line]:
    lines = []
    for m in movements:
        style = debit_style if m.type is MovementType.DEBIT else credit_style
        cells = (
            Text(format_date(m.posted_at)),
            Text(m.description, no_wrap=True, overflow="ellipsis"),
            Text(m.type.value, style=style),
            Text(format_money(m.amount), style=style, justify="right"),
            Text(format_money(m.balance), justify="right"),
        )
        lines.append(Line(m, m.posted_at.date(), fold(m.description), cells))
    return lines


def select_lines(
    lines: list[Line], date_from: date, date_to: date, kind: str, search: str
) -> list[Line]:
    """The lines within [date_from, date_to] of type `kind` ("all") containing `search`."""
    needle = fold(search.strip())
    wanted = None if kind == "all" else MovementType(kind)
    return [
        line
        for line in lines
        if date_from <= line.day <= date_to
        and (wanted is None or line.movement.type is wanted)
        and needle in line.key
    ]


class MovementTable(FitTable):
    """A `FitTable` whose columns all have fixed widths and whose rows are one line.

    DataTable measures every cell of every new row when idle to size auto-width columns;
    with thousands of rows that is most of the time a rebuild takes. Here every width is
    fixed, so only the virtual size needs computing. (Relies on DataTable internals of
    Textual 8: falls back to the full measurement whenever a column is auto-width.)
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if any(column.auto_width for column in self.columns.values()) or any(
            row.label is not None or row.height != 1 for row in self.rows.values()
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self.row_count + header)


class MovementsScreen(BankScreen):
    MENU_ID = "movimientos"
    CSS_PATH = "movements.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "export_csv", "Exportar CSV"),
        Binding("f7", "export_ofx", "Exportar OFX"),
        Binding("f5,r", "reload", "Actualizar", show=False),
    ]

    export_folder: Path | None = None
    """Where exports go; the Documents/Cooprogreso folder when None (tests set their own)."""

    def __init__(self) -> None:
        super().__init__()
        self._accounts: dict[str, Account] = {}
        self._today: date | None = None
        self._account: str | None = None
        self._lines: list[Line] = []
        self._shown: list[Line] = []
        self._range: tuple[date, date] | None = None
        self._debounce: Timer | None = None
        self._fill_generation = 0

    def compose_content(self) -> ComposeResult:
        with Horizontal(id="mv-filters-1", classes="mv-row"):
            with Vertical(id="mv-account-field", classes="mv-field"):
                yield Label("Cuenta")
                yield Select[str]([], prompt="Cargando…", id="mv-account")
            yield DateRangeField(MONTHS, prefix="mv", id="mv-dates")
        with Horizontal(id="mv-filters-2", classes="mv-row"):
            with Vertical(id="mv-type-field", classes="mv-field"):
                yield Label("Tipo")
                yield Select(TYPE_OPTIONS, value="all", allow_blank=False, id="mv-type")
            with Vertical(id="mv-search-field", classes="mv-field"):
                yield Label("Buscar en la descripción")
                yield Input(id="mv-search", placeholder="Ej.: transferencia, Ramírez")
            with Vertical(id="mv-export-field", classes="mv-field"):
                yield Label("Exportar lo que ves")
                with Horizontal(id="mv-export-buttons"):
                    yield Button("CSV", id="mv-export-csv", tooltip="Exportar CSV (F6)")
                    yield Button("OFX", id="mv-export-ofx", tooltip="Exportar OFX (F7)")
        yield Static("Cargando tus cuentas…", id="mv-status")
        yield MovementTable(
            list(zip(COLUMNS, COLUMN_WIDTHS, strict=True)),
            flex_min=DESCRIPTION_MIN,
            id="mv-table",
            cursor_type="row",
            zebra_stripes=True,
            header_height=2,
        )
        yield Static("", id="mv-totals")

    def on_mount(self) -> None:
        self.query_one("#mv-account", Select).focus()
        self.load()

    def reload(self) -> None:
        """Fetch again (after an operation or a demo clock jump), keeping the filters."""
        self.load()

    def _say(self, selector: str, message: str | Text) -> None:
        """Show a one-line message, or hide its line when there is nothing to say."""
        widget = self.query_one(selector, Static)
        widget.update(message)
        widget.display = bool(message)

    # -- loading -------------------------------------------------------------------------------
    @work(exclusive=True, group="movements-accounts", exit_on_error=False)
    async def load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            today = await self.bank_today()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._say("#mv-status", Text(exc.message))
            return
        if not self.is_attached:
            return
        self._accounts = {a.number: a for a in accounts}
        self._today = today
        self.dates.set_today(today)
        if not accounts:
            self._say("#mv-status", "No tienes cuentas para consultar.")
            return
        select = self.query_one("#mv-account", Select)
        chosen = self._account if self._account in self._accounts else accounts[0].number
        with select.prevent(Select.Changed):
            select.set_options((f"{a.number} - {a.type_label}", a.number) for a in accounts)
            select.value = chosen
        self._account = chosen
        self._fetch(chosen)

    @work(exclusive=True, group="movements", exit_on_error=False)
    async def _fetch(self, number: str) -> None:
        assert self._today is not None
        self._say("#mv-status", "Cargando movimientos…")
        try:
            movements = await self.backend.movements(
                number, months_before(self._today, MONTHS), self._today
            )
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._say("#mv-status", Text(exc.message))
            return
        if not self.is_attached or number != self._account:
            return
        theme = self.app.current_theme
        self._lines = make_lines(movements, theme.error or "red", theme.success or "green")
        self._say("#mv-status", "")
        self.apply_filters()

    @on(Select.Changed, "#mv-account")
    def _account_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self._account:
            self._account = event.value
            self._lines = []
            self.apply_filters()
            self._fetch(event.value)

    # -- filters -------------------------------------------------------------------------------
    @property
    def dates(self) -> DateRangeField:
        return self.query_one("#mv-dates", DateRangeField)

    def _read_range(self) -> tuple[date, date] | None:
        """The typed Desde/Hasta (both required here), its problem shown when it has one."""
        span = self.dates.value()
        if span is None or span[0] is None or span[1] is None:
            return None
        return span[0], span[1]

    @on(DateRangeField.Changed, "#mv-dates")
    def _dates_changed(self) -> None:
        if self._today is not None:
            self.apply_filters()

    @on(Select.Changed, "#mv-type")
    def _type_changed(self) -> None:
        self.apply_filters()

    @on(Input.Changed, "#mv-search")
    def _search_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.apply_filters)

    def apply_filters(self) -> None:
        """Show the lines matching every filter; a bad date range keeps the last good one."""
        self._debounce = None
        if self._today is None:
            return
        current = self._read_range()
        if current is not None:
            self._range = current
        if self._range is None:
            return
        kind = str(self.query_one("#mv-type", Select).value)
        search = self.query_one("#mv-search", Input).value
        self._shown = select_lines(self._lines, *self._range, kind, search)
        self._fill_table()
        self._show_totals()

    def _fill_table(self) -> None:
        """Replace the rows: the first screenful now, the rest in slices between events."""
        table = self.query_one("#mv-table", DataTable)
        table.clear()
        self._fill_generation += 1
        table.add_rows(line.cells for line in self._shown[:FIRST_ROWS])
        if len(self._shown) > FIRST_ROWS:
            self.call_later(self._fill_more, self._fill_generation, FIRST_ROWS)

    def _fill_more(self, generation: int, start: int) -> None:
        if generation != self._fill_generation or not self.is_attached:
            return  # another filter replaced these rows meanwhile
        end = start + ROWS_PER_SLICE
        table = self.query_one("#mv-table", DataTable)
        table.add_rows(line.cells for line in self._shown[start:end])
        if end < len(self._shown):
            self.call_later(self._fill_more, generation, end)

    @property
    def table_complete(self) -> bool:
        """Whether the table holds every shown movement (the slices have all arrived)."""
        return self.query_one("#mv-table", DataTable).row_count == len(self._shown)

    def _show_totals(self) -> None:
        debits = sum(
            (ln.movement.amount for ln in self._shown if ln.movement.amount < 0), Decimal(0)
        )
        credits = sum(
            (ln.movement.amount for ln in self._shown if ln.movement.amount > 0), Decimal(0)
        )
        count = len(self._shown)
        theme = self.app.current_theme
        text = Text()
        text.append(count_of(count, "movimiento"))
        text.append("  ·  Débitos: ")
        text.append(format_money(debits), style=theme.error or "red")
        text.append("  ·  Créditos: ")
        text.append(format_money(credits), style=theme.success or "green")
        self.query_one("#mv-totals", Static).update(text)

    @property
    def shown_movements(self) -> list[Movement]:
        """What the table shows now, newest first."""
        return [line.movement for line in self._shown]

    # -- exports -------------------------------------------------------------------------------
    @on(Button.Pressed, "#mv-export-csv")
    def action_export_csv(self) -> None:
        self._export("csv")

    @on(Button.Pressed, "#mv-export-ofx")
    def action_export_ofx(self) -> None:
        self._export("ofx")

    def _export(self, kind: str) -> None:
        account = self._accounts.get(self._account or "")
        if account is None or self._range is None:
            self.notify("Aún no hay movimientos para exportar.", severity="warning")
            return
        if self._read_range() is None:
            self.notify("Corrige las fechas antes de exportar.", severity="warning")
            return
        self._write(kind, account, self._range, self.shown_movements)

    @work(group="movements-export", exit_on_error=False)
    async def _write(
        self, kind: str, account: Account, span: tuple[date, date], movements: list[Movement]
    ) -> None:
        date_from, date_to = span
        if kind == "csv":
            text = movements_csv(movements)
        else:
            generated = datetime.now().astimezone()
            demo = self.backend.demo
            if demo is not None:
                generated = await demo.now()
            text = movements_ofx(
                account, movements, generated_at=generated, date_from=date_from, date_to=date_to
            )
        folder = self.export_folder or export_dir()
        name = statement_filename(account.number, date_from, date_to, kind)
        saved = f"{len(movements)} movimientos exportados a {kind.upper()}"
        await save_export(self, folder, name, text, saved)
