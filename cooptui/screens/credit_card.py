"""Tarjeta de Crédito: the card's figures, its used/available bar, the manual's four actions,
its last statement and its deferrals (what the card's monthly life leaves behind)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Static

from cooptui.backend.errors import BackendError, NotFound, SessionExpired
from cooptui.domain.cards import CardKind, CardStatement, PayableCardOwner, StatementStatus
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.products import CardStatus, CreditCard
from cooptui.screens.frame import BankScreen
from cooptui.screens.pin_change import PinChangeScreen, RecoverPinDialog
from cooptui.widgets.deferral_table import DeferralTable

STATUS_WORDS = {
    StatementStatus.PENDING: "Pendiente de pago",
    StatementStatus.PAID: "Pagado",
    StatementStatus.OVERDUE: "Vencido",
}
NO_STATEMENT = "Tu tarjeta aún no tiene estados de cuenta."
NO_DEFERRALS = "No tienes consumos diferidos en esta tarjeta."


def card_title(card: CreditCard) -> str:
    """ "Mastercard Estandar 513744XXXXXX0395" """
    return f"{card.brand} {card.product} {card.masked_number}"


def card_figures(card: CreditCard) -> list[tuple[str, str]]:
    """The manual's labels with the card's values, in the manual's order."""
    return [
        ("Consumo hasta la fecha:", format_money(card.statement_balance)),
        ("Cupo total:", format_money(card.credit_limit)),
        ("Disponible:", format_money(card.available)),
        ("Fecha:", format_date(card.statement_date)),
        ("Pagar hasta el:", format_date(card.payment_due_date)),
        ("Pago mínimo:", format_money(card.minimum_payment)),
        ("Utilizado rotativo:", format_money(card.revolving_used)),
        ("Utilizado diferido:", format_money(card.deferred_used)),
    ]


def statement_lines(s: CardStatement) -> list[tuple[str, str]]:
    """The statement as its balance is built: saldo anterior - pagos + cargos = saldo."""
    interest = format_money(s.interest)
    if s.late_interest > 0:
        interest += f" (mora {format_money(s.late_interest)})"
    return [
        ("Fecha de corte", format_date(s.closed_on)),
        ("Período", f"{format_date(s.period_start)} al {format_date(s.closed_on)}"),
        ("Saldo anterior", format_money(s.previous_balance)),
        ("Pagos recibidos", format_money(-s.payments)),
        ("Consumos", format_money(s.purchases)),
        ("Pasado a diferido", format_money(-s.deferred)),
        ("Cuotas de diferidos", format_money(s.installments)),
        ("Intereses", interest),
        ("Saldo del estado de cuenta", format_money(s.balance)),
        ("Pago mínimo", format_money(s.minimum_payment)),
        ("Fecha máxima de pago", format_date(s.due_date)),
        ("Pagado desde el corte", format_money(s.paid)),
        ("Estado", STATUS_WORDS[s.status]),
    ]


class UsageBar(Widget):
    """Used (rotativo + diferido) against available, as two coloured runs of blocks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"usage-bar--used", "usage-bar--available"}
    DEFAULT_CSS = """
    UsageBar { height: 1; }
    UsageBar > .usage-bar--used { color: $error; }
    UsageBar > .usage-bar--available { color: $success; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.used = Decimal(0)
        self.limit = Decimal(0)

    def set_amounts(self, used: Decimal, limit: Decimal) -> None:
        self.used, self.limit = used, limit
        self.refresh()

    def used_cells(self, width: int) -> int:
        if self.limit <= 0:
            return width if self.used > 0 else 0
        share = min(max(self.used / self.limit, Decimal(0)), Decimal(1))
        return int((share * width).to_integral_value())

    def render(self) -> RenderResult:
        width = self.size.width
        used = self.used_cells(width)
        text = Text()
        text.append("█" * used, self.get_component_rich_style("usage-bar--used"))
        text.append("█" * (width - used), self.get_component_rich_style("usage-bar--available"))
        return text


class CreditCardScreen(BankScreen):
    """The manual's credit card page, opened from a row of Tarjetas."""

    MENU_ID = "resumen"
    CSS_PATH = "credit_card.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Regresar")]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.card: CreditCard | None = None

    def compose_content(self) -> ComposeResult:
        with Horizontal(id="card-head"):
            with Vertical(id="card-heading"):
                yield Static("Tarjeta de Crédito", id="card-kind")
                yield Static("", id="card-title", markup=False)
            yield Button("Regresar", id="back")
        yield Static("Cargando tu tarjeta…", id="card-status", markup=False)
        with Horizontal(id="card-body"):
            with Grid(id="card-figures"):
                for index in range(8):
                    yield Static("", id=f"figure-label-{index}", classes="figure-label")
                    yield Static("", id=f"figure-value-{index}", classes="figure-value")
            with Vertical(id="card-actions"):
                yield Button("Cambiar clave", id="change-pin", disabled=True)
                yield Button("Recuperar clave", id="recover-pin", disabled=True)
                yield Button("Pagar tarjeta", id="pay-card", disabled=True)
                yield Button("Diferir consumos", id="defer", disabled=True)
        yield Static("Cupo utilizado y disponible", id="usage-caption")
        yield UsageBar(id="usage-bar")
        yield Static("", id="usage-text", markup=False)
        yield Static("Último estado de cuenta", classes="form-section")
        yield Static("Cargando…", id="statement-status", markup=False)
        yield Grid(id="statement-lines")
        yield Static("Diferidos", classes="form-section")
        yield Static("Cargando…", id="deferrals-status", markup=False)
        yield DeferralTable(id="card-deferrals")

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    @work(exclusive=True, group="credit-card", exit_on_error=False)
    async def load(self) -> None:
        if await self.refresh_card() is None:
            return
        await self._load_statement()
        await self._load_deferrals()

    async def _load_statement(self) -> None:
        status = self.query_one("#statement-status", Static)
        lines = self.query_one("#statement-lines", Grid)
        try:
            statements = await self.backend.card_statements(self.card_id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(exc.message)
                status.display, lines.display = True, False
            return
        if not self.is_attached:
            return
        status.display = not statements
        status.update(NO_STATEMENT)
        lines.display = bool(statements)
        if statements:
            await lines.remove_children()
            await lines.mount_all(
                Static(text, classes=kind, markup=False)
                for row in statement_lines(statements[0])
                for text, kind in zip(row, ("figure-label", "figure-value"), strict=True)
            )

    async def _load_deferrals(self) -> None:
        status = self.query_one("#deferrals-status", Static)
        table = self.query_one("#card-deferrals", DeferralTable)
        try:
            deferrals = await self.backend.deferrals(self.card_id)
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(exc.message)
                status.display, table.display = True, False
            return
        if not self.is_attached:
            return
        status.update(NO_DEFERRALS)
        status.display = not deferrals
        table.display = bool(deferrals)
        table.show(deferrals)

    async def refresh_card(self) -> CardStatus | None:
        """Read the card and show it; its status, or None when it could not be read.

        Also what a PIN dialog calls after each refusal: three wrong PINs block the card.
        """
        try:
            cards = await self.backend.credit_cards()
            card = next((c for c in cards if c.id == self.card_id), None)
            if card is None:
                raise NotFound("No encontramos esta tarjeta de crédito.")
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status = self.query_one("#card-status", Static)
                status.update(exc.message)
                status.display = True
            return None
        if self.is_attached:
            self.show(card)
        return card.status

    def show(self, card: CreditCard) -> None:
        self.card = card
        self.query_one("#card-title", Static).update(card_title(card))
        status = self.query_one("#card-status", Static)
        status.update("" if card.status is CardStatus.ACTIVE else f"Estado: {card.status.value}")
        status.display = card.status is not CardStatus.ACTIVE
        for index, (label, value) in enumerate(card_figures(card)):
            self.query_one(f"#figure-label-{index}", Static).update(label)
            self.query_one(f"#figure-value-{index}", Static).update(value)
        used = card.revolving_used + card.deferred_used
        self.query_one("#usage-bar", UsageBar).set_amounts(used, card.credit_limit)
        share = (used / card.credit_limit * 100) if card.credit_limit > 0 else Decimal(0)
        self.query_one("#usage-text", Static).update(
            f"Utilizado {format_money(used)} ({share:.1f} %)"
            f"  ·  Disponible {format_money(card.available)}"
            f"  ·  Cupo total {format_money(card.credit_limit)}"
        )
        for button in self.query("#card-actions Button").results(Button):
            button.disabled = False
        # The bank refuses a PIN change or recovery on a card that is not active.
        for button_id in ("#change-pin", "#recover-pin"):
            self.query_one(button_id, Button).disabled = card.status is not CardStatus.ACTIVE

    # -- actions ------------------------------------------------------------------------------------
    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    def _label(self) -> str:
        assert self.card is not None
        return card_title(self.card)

    @on(Button.Pressed, "#change-pin")
    def change_pin(self) -> None:
        if self.card is not None:
            self.app.push_screen(
                PinChangeScreen(
                    self.backend,
                    CardKind.CREDIT,
                    self.card.id,
                    self._label(),
                    refresh_card=self.refresh_card,
                ),
                callback=lambda _: self.reload(),
            )

    @on(Button.Pressed, "#recover-pin")
    def recover_pin(self) -> None:
        if self.card is not None:
            self.app.push_screen(
                RecoverPinDialog(self.backend, CardKind.CREDIT, self.card.id, self._label()),
                callback=lambda _: self.reload(),
            )

    @on(Button.Pressed, "#pay-card")
    def pay(self) -> None:
        self._open_payment()

    @work(exclusive=True, group="card-pay", exit_on_error=False)
    async def _open_payment(self) -> None:
        """Pago de Tarjetas for this card: the bank's payable view of it, then the form."""
        from cooptui.screens.card_payment import CardPaymentScreen

        try:
            payable = await self.backend.payable_cards(PayableCardOwner.COOPROGRESO)
        except SessionExpired:
            raise
        except BackendError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if not self.is_attached or self.app.screen is not self:
            return  # the member went elsewhere meanwhile
        card = next((c for c in payable if c.id == self.card_id), None)
        if card is None:
            self.notify("Esta tarjeta no se puede pagar en línea.", severity="error")
            return
        self.app.push_screen(
            CardPaymentScreen(self.backend, card, owed=self.card),
            callback=lambda _: self.reload(),
        )

    @on(Button.Pressed, "#defer")
    def defer(self) -> None:
        """Diferido Transacciones with this card already chosen."""
        self.coop.open_section("diferido-trx", card_id=self.card_id)
