"""Monto: checked as typed and again on Continuar, read as a 2-place Decimal."""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.widgets import Input

from cooptui.domain.formatting import format_money
from cooptui.domain.transfers import DailyLimit
from cooptui.domain.validators import parse_amount
from cooptui.widgets.form_field import FormField

AMOUNT_PLACEHOLDER = "$0.00"


def amount_problem(text: str, available: Decimal | None, limit: DailyLimit | None) -> str | None:
    """Why the typed amount cannot be sent, in the member's words; None when it can."""
    try:
        amount = parse_amount(text)
    except ValueError as exc:
        return str(exc)
    if available is not None and amount > available:
        return f"El monto supera tu saldo disponible ({format_money(available)})."
    if limit is not None and amount > limit.remaining:
        return (
            f"El monto supera tu límite diario de {limit.kind.label}:"
            f" te quedan {format_money(limit.remaining)} hoy."
        )
    return None


class AmountField(FormField):
    """An amount Input with its message: positive, at most 2 decimals, and — when the form
    sets them — not above `available` (saldo disponible) nor the day's remaining `limit`.

    No `restrict`/`max_length` on the Input: they drop keys silently ("-5" became 5,
    "1e3" 13); whatever is typed stays as typed and is refused next to the field instead.
    """

    def __init__(
        self, label: str = "Monto", *, name: str = "amount", input_id: str, hint: str = ""
    ) -> None:
        super().__init__(
            label, Input(placeholder=AMOUNT_PLACEHOLDER, id=input_id), name=name, hint=hint
        )
        self.available: Decimal | None = None
        self.limit: DailyLimit | None = None

    @property
    def input(self) -> Input:
        assert isinstance(self.control, Input)
        return self.control

    @property
    def text(self) -> str:
        return self.input.value

    def value(self) -> Decimal:
        """The amount; `ValueError` with the Spanish message when it is not one."""
        return parse_amount(self.text)

    def problem(self) -> str | None:
        return amount_problem(self.text, self.available, self.limit)

    def set_bounds(self, available: Decimal | None, limit: DailyLimit | None = None) -> None:
        """What the amount may not exceed (None: no such bound); re-checks what is typed."""
        self.available, self.limit = available, limit
        self.check_as_typed()

    @on(Input.Changed)
    def check_as_typed(self) -> None:
        text = self.text.strip()
        typing = not text or text.endswith((".", ",", "$"))  # "1." on its way to "1.50"
        self.show_error("" if typing else self.problem() or "")

    def clear(self) -> None:
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.show_error("")
