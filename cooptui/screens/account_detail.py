"""Detalle de cuenta: Últimos Movimientos (with CSV and the balance history) and Tarjeta débito."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Sparkline, Static, TabbedContent, TabPane

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.cards import CardKind
from cooptui.domain.exports import movements_csv
from cooptui.domain.formatting import MONTHS_ES, format_date, format_money
from cooptui.domain.products import Account, CardStatus, DebitCard, Movement, MovementType
from cooptui.exports import export_dir, statement_filename
from cooptui.screens.frame import BankScreen
from cooptui.screens.pin_change import PinChangeScreen, RecoverPinDialog
from cooptui.widgets.fit_table import FitTable
from cooptui.widgets.save_export import save_export


def month_label(year: int, month: int) -> str:
    """ "dic 2024" """
    return f"{MONTHS_ES[month - 1][:3]} {year}"


def month_end_balances(movements: Sequence[Movement]) -> list[tuple[tuple[int, int], Decimal]]:
    """((year, month), saldo after the month's last movement), oldest month first.

    Months without movements carry the previous saldo; the newest month is "so far".
    """
    if not movements:
        return []
    ordered = sorted(movements, key=lambda m: (m.posted_at, m.id))
    last: dict[tuple[int, int], Decimal] = {}
    for m in ordered:
        last[(m.posted_at.year, m.posted_at.month)] = m.balance
    (year, month), end = min(last), max(last)
    result: list[tuple[tuple[int, int], Decimal]] = []
    balance = last[(year, month)]
    while (year, month) <= end:
        balance = last.get((year, month), balance)
        result.append(((year, month), balance))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


MOVEMENT_COLUMNS = (
    ("Fecha", 10),
    ("Descripción de la\ntransacción", 0),
    ("Tipo de\nmovimiento", 10),
    ("Monto", 11),
    ("Saldo", 11),
)
"""(header, width); 0: the description takes what the others leave, so that Monto and
Saldo are never pushed past the edge (FitTable)."""
DESCRIPTION_MIN = 14


def _money(value: Decimal, *, debit: bool = False) -> Text:
    return Text(format_money(value), justify="right", style="bold red" if debit else "")


class AccountDetailScreen(BankScreen):
    """The manual's "Detalle de cuenta", opened from a row of Cuentas."""

    MENU_ID = "resumen"
    CSS_PATH = "account_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("e", "download", "Exportar CSV"),
    ]

    def __init__(self, account_number: str, *, export_folder: Path | None = None) -> None:
        super().__init__()
        self.account_number = account_number
        self.export_folder = export_folder
        self.movements: list[Movement] = []
        self.balances: list[tuple[tuple[int, int], Decimal]] = []
        self.cards: list[DebitCard] = []

    def compose_content(self) -> ComposeResult:
        with Horizontal(id="detail-head"):
            with Vertical(id="detail-heading"):
                yield Static("Detalle de cuenta", id="detail-title")
                yield Static(self._header(None), id="detail-header", markup=False)
            yield Button("Regresar", id="back")
        with TabbedContent(id="detail-tabs"):
            with TabPane("Últimos Movimientos", id="tab-movements"):
                with Horizontal(classes="detail-toolbar"):
                    yield Static("Movimientos", classes="detail-caption")
                    yield Button("⤓ Exportar CSV", id="download")
                yield FitTable(
                    MOVEMENT_COLUMNS,
                    flex_min=DESCRIPTION_MIN,
                    id="movements",
                    cursor_type="row",
                    zebra_stripes=True,
                    header_height=2,
                )
                yield Static("", id="movements-status")
                yield Static("", id="balance-label", markup=False)
                yield Sparkline([], id="balance-sparkline", summary_function=max)
                yield Static("", id="balance-range", markup=False)
            with TabPane("Tarjeta débito", id="tab-debit"):
                yield Static("Tarjetas", classes="detail-caption")
                yield DataTable(id="debit-cards", cursor_type="row")
                yield Static("", id="debit-status")
                with Horizontal(id="debit-actions"):
                    yield Button("Cambiar clave", id="change-pin", disabled=True)
                    yield Button("Recuperar clave", id="recover-pin", disabled=True)

    def _header(self, account: Account | None) -> str:
        """ "Cuenta: 410112060750 - CUENTA DE AHORROS - USD - COOPROGRESO" """
        if account is None:
            return f"Cuenta: {self.account_number}"
        return f"Cuenta: {account.number} - {account.type_label} - {account.currency} - COOPROGRESO"

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        """Fetch the account again (F5, after an operation or a demo clock jump)."""
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Exportar CSV belongs to the movements tab: the card tab does not offer it."""
        if action == "download":
            tabs = self.query(TabbedContent)
            return not tabs or tabs.first().active == "tab-movements"
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated, "#detail-tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @work(exclusive=True, group="account-detail", exit_on_error=False)
    async def load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            last = await self.backend.last_movements(self.account_number, 10)
            history = await self.backend.movements(self.account_number)
            cards = await self.backend.debit_cards(self.account_number)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.query_one("#movements-status", Static).update(Text(exc.message))
            return
        if not self.is_attached:
            return
        account = next((a for a in accounts if a.number == self.account_number), None)
        self.query_one("#detail-header", Static).update(self._header(account))
        self.show_movements(last)
        self.show_balances(month_end_balances(history))
        self.show_cards(cards)

    def show_movements(self, movements: list[Movement]) -> None:
        self.movements = movements
        table = self.query_one("#movements", DataTable)
        table.clear()
        for m in movements:
            debit = m.type is MovementType.DEBIT
            table.add_row(
                format_date(m.posted_at),
                Text(m.description, overflow="ellipsis", no_wrap=True),
                Text(m.type.value, style="red" if debit else "green"),
                _money(m.amount, debit=debit),
                _money(m.balance),
                key=str(m.id),
            )
        self.query_one("#movements-status", Static).update(
            "" if movements else "No hay movimientos en esta cuenta."
        )
        self.query_one("#download", Button).disabled = not movements

    def show_balances(self, balances: list[tuple[tuple[int, int], Decimal]]) -> None:
        self.balances = balances
        self.query_one("#balance-sparkline", Sparkline).data = [float(b) for _, b in balances]
        if not balances:
            self.query_one("#balance-label", Static).update("")
            return
        first, last = balances[0][0], balances[-1][0]
        self.query_one("#balance-label", Static).update(
            f"Saldo a fin de cada mes: {month_label(*first)} – {month_label(*last)}"
            " (el último mes, hasta hoy)"
        )
        amounts = [b for _, b in balances]
        self.query_one("#balance-range", Static).update(
            f"Mínimo {format_money(min(amounts))} · Máximo {format_money(max(amounts))}"
            f" · Actual {format_money(amounts[-1])}"
        )

    def show_cards(self, cards: list[DebitCard]) -> None:
        table = self.query_one("#debit-cards", DataTable)
        selected = self.selected_card()
        row = next((i for i, c in enumerate(cards) if selected and c.id == selected.id), 0)
        self.cards = cards
        table.clear(columns=True)
        table.add_columns("Marca", "Número", "Estado")
        for c in cards:
            table.add_row(Text(c.brand), c.masked_number, c.status.value, key=c.id)
        if cards:
            table.move_cursor(row=row)
        self.show_card_actions()

    @on(DataTable.RowHighlighted, "#debit-cards")
    def show_card_actions(self) -> None:
        """Cambiar/Recuperar clave only for an active card: the bank refuses them otherwise."""
        card = self.selected_card()
        if card is None:
            note = "Esta cuenta no tiene tarjeta de débito." if not self.cards else ""
        elif card.status is CardStatus.BLOCKED:
            note = "Tu tarjeta está bloqueada. Comunícate con nuestro Call Center."
        elif card.status is not CardStatus.ACTIVE:
            note = f"Tu tarjeta está {card.status.value.lower()}."
        else:
            note = ""
        self.query_one("#debit-status", Static).update(note)
        usable = card is not None and card.status is CardStatus.ACTIVE
        for button_id in ("#change-pin", "#recover-pin"):
            self.query_one(button_id, Button).disabled = not usable

    async def refresh_card(self, card_id: str) -> CardStatus | None:
        """Re-read the debit cards after a PIN dialog (three wrong PINs block the card).

        Returns the status of `card_id`, or None when it could not be read.
        """
        try:
            cards = await self.backend.debit_cards(self.account_number)
        except SessionExpired:
            raise
        except BackendError:
            return None  # the table keeps what it showed; F5 or re-entering reloads it
        if self.is_attached:
            self.show_cards(cards)
        return next((c.status for c in cards if c.id == card_id), None)

    @work(exclusive=True, group="debit-cards", exit_on_error=False)
    async def reload_cards(self, card_id: str) -> None:
        await self.refresh_card(card_id)

    # -- actions ----------------------------------------------------------------------------------
    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#download")
    @work(group="export", exit_on_error=False)
    async def action_download(self) -> None:
        movements = self.movements
        if not movements:
            return
        name = statement_filename(
            self.account_number,
            movements[-1].posted_at.date(),
            movements[0].posted_at.date(),
            "csv",
        )
        folder = self.export_folder or export_dir()
        await save_export(self, folder, name, movements_csv(movements), "Movimientos guardados")

    def selected_card(self) -> DebitCard | None:
        if not self.cards:
            return None
        table = self.query_one("#debit-cards", DataTable)
        return self.cards[min(table.cursor_row, len(self.cards) - 1)]

    @on(Button.Pressed, "#change-pin")
    def change_pin(self) -> None:
        card = self.selected_card()
        if card is not None:
            card_id = card.id
            self.app.push_screen(
                PinChangeScreen(
                    self.backend,
                    CardKind.DEBIT,
                    card_id,
                    f"{card.brand} {card.masked_number}",
                    refresh_card=lambda: self.refresh_card(card_id),
                ),
                callback=lambda _: self.reload_cards(card_id),
            )

    @on(Button.Pressed, "#recover-pin")
    def recover_pin(self) -> None:
        card = self.selected_card()
        if card is not None:
            card_id = card.id
            self.app.push_screen(
                RecoverPinDialog(
                    self.backend, CardKind.DEBIT, card_id, f"{card.brand} {card.masked_number}"
                ),
                callback=lambda _: self.reload_cards(card_id),
            )
