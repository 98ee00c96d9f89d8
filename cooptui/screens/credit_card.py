"""Tarjeta de Crédito: the card's figures, its used/available bar and the manual's four actions."""

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
from cooptui.domain.cards import CardKind
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.products import CardStatus, CreditCard
from cooptui.screens.frame import BankScreen
from cooptui.screens.pin_change import PinChangeScreen, RecoverPinDialog

SOON = {
    "pay": "Disponible pronto: Pago de Tarjetas",
    "defer": "Disponible pronto: Diferido Tarjetas",
}


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

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    @work(exclusive=True, group="credit-card", exit_on_error=False)
    async def load(self) -> None:
        await self.refresh_card()

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
        self.notify(
            "Pagar tarjeta todavía no está disponible en la terminal.",
            title=SOON["pay"],
        )

    @on(Button.Pressed, "#defer")
    def defer(self) -> None:
        self.notify(
            "Diferir consumos todavía no está disponible en la terminal.",
            title=SOON["defer"],
        )
