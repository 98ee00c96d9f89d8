"""What a deferral defers (manual "5. Diferido de tarjetas", Pasos 4-5).

`PurchaseList`: the card's deferrable purchases (Fecha, Comercio, Monto), Space ticks
one; refilled after every answer of the bank without losing the ticks or the row the
member was on. `RevolvingAmountField`: Monto a diferir, part of the Saldo Actual
Rotativo. `DeferralInputs`: what a simulation was asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rich.text import Text
from textual.widgets import SelectionList

from cooptui.domain.cards import MIN_DEFERRAL, CardTransaction
from cooptui.domain.formatting import format_date, format_money
from cooptui.widgets.amount_field import AmountField

PURCHASE_COLUMNS = (("Fecha", 10), ("Comercio", 36), ("Monto", 11))
"""(header, width): one line fits the narrowest content (80 columns) with the tick box."""


def purchase_line(values: list[str]) -> Text:
    """Fecha, Comercio, Monto in fixed columns, Monto right-aligned, as the header."""
    text = Text(no_wrap=True, overflow="ellipsis")
    last = len(PURCHASE_COLUMNS) - 1
    for index, ((_, width), value) in enumerate(zip(PURCHASE_COLUMNS, values, strict=True)):
        cell = value if len(value) <= width else value[: width - 1] + "…"
        text.append((cell.rjust(width) if index == last else cell.ljust(width)) + " ")
    text.rstrip()
    return text


def purchase_header() -> Text:
    return purchase_line([label for label, _ in PURCHASE_COLUMNS])


def purchase_cells(purchase: CardTransaction) -> Text:
    return purchase_line(
        [format_date(purchase.posted_at), purchase.merchant, format_money(purchase.amount)]
    )


@dataclass(frozen=True)
class DeferralInputs:
    """What a simulation was asked for: Continuar books only a quote of these exactly."""

    card_id: str
    transaction_ids: tuple[int, ...]
    months: int
    amount: Decimal | None


class PurchaseList(SelectionList[int]):
    """The purchases the bank offers for deferral, ticked with Space (or Enter)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.purchases: dict[int, CardTransaction] = {}

    def show(self, purchases: Iterable[CardTransaction], *, keep: bool = True) -> set[int]:
        """Offer `purchases`; the ticks still offered stay when `keep`. Returns the ticked
        ids that are no longer offered (deferred meanwhile, elsewhere)."""
        chosen = set(self.chosen_ids()) if keep else set()
        at = self.highlighted
        was = self.get_option_at_index(at).value if at is not None else None
        self.purchases = {p.id: p for p in purchases}
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options(
                (purchase_cells(p), p.id, p.id in chosen) for p in self.purchases.values()
            )
        if self.purchases:  # Space works at once, on the row the member was on
            ids = list(self.purchases)
            self.highlighted = ids.index(was) if was in ids else 0
        return chosen - set(self.purchases)

    def chosen_ids(self) -> list[int]:
        return sorted(value for value in self.selected if value in self.purchases)

    def chosen_total(self) -> Decimal:
        return sum((self.purchases[i].amount for i in self.chosen_ids()), Decimal("0.00"))


class RevolvingAmountField(AmountField):
    """Monto a diferir: part of the Saldo Actual Rotativo (`available`), from $50.00."""

    def problem(self) -> str | None:
        """As typed: a valid amount, not above the saldo rotativo."""
        try:
            amount = self.value()
        except ValueError as exc:
            return str(exc)
        if self.available is not None and amount > self.available:
            return f"El monto supera tu saldo actual rotativo ({format_money(self.available)})."
        return None

    def final_problem(self) -> str | None:
        """On Simular and Continuar the minimum too (as typed, "5" on its way to "500"
        would already be refused)."""
        problem = self.problem()
        if problem is None and self.value() < MIN_DEFERRAL:
            return f"El monto mínimo para diferir es {format_money(MIN_DEFERRAL)}."
        return problem
