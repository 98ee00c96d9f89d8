"""A card's deferrals (Utilizado diferido): one row per plan, with what is paid and left."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from cooptui.domain.cards import Deferral
from cooptui.domain.formatting import format_date, format_money
from cooptui.widgets.fit_table import FitTable

COLUMNS = (
    ("Diferido", 0),
    ("Plazo", 8),
    ("Cuota", 11),
    ("Pagadas", 8),
    ("Saldo", 11),
    ("Próxima cuota", 13),
)


def deferral_cells(d: Deferral) -> tuple[Text, ...]:
    """The row of one plan: money right-aligned, the description ellipsized, never markup."""
    next_due = format_date(d.next_due) if d.next_due and d.installments_left else "Pagado"
    return (
        Text(d.description, no_wrap=True, overflow="ellipsis"),
        Text(f"{d.months} meses"),
        Text(format_money(d.installment), justify="right"),
        Text(f"{d.installments_paid} de {d.months}", justify="right"),
        Text(format_money(d.remaining_principal), justify="right"),
        Text(next_due, justify="right"),
    )


class DeferralTable(FitTable):
    """The plans booked on a card, as the card detail and Diferido Tarjetas list them."""

    DEFAULT_CSS = """
    DeferralTable { height: auto; max-height: 12; }
    """

    def __init__(self, **kwargs: object) -> None:
        # 11: what the description gets at 80 columns once the fixed columns are placed.
        super().__init__(COLUMNS, flex_min=11, cursor_type="row", zebra_stripes=True, **kwargs)

    def show(self, deferrals: Sequence[Deferral]) -> None:
        self.clear()
        for d in deferrals:
            self.add_row(*deferral_cells(d), key=str(d.id))
