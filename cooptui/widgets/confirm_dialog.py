"""The confirmation every sensitive operation shows before the OTP: what, to whom, how much."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cooptui.domain.formatting import format_money
from cooptui.domain.operations import Challenge
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll

MONEY_LABELS = frozenset({"Monto", "Comisión", "IVA", "Total", "Total a Pagar"})
"""Lines the bank may also write as text; the confirmation shows them from typed fields."""
TOTAL_LABELS = {
    "service_payment": "Total a Pagar",
    "card_payment": "Total a Pagar",
    "deferral": "Total a pagar",  # the simulation's word: principal plus interest
}
"""The manual's word for the total of each kind of payment; "Total" for the others."""


def total_label(order_kind: str) -> str:
    return TOTAL_LABELS.get(order_kind, "Total")


def summary_rows(challenge: Challenge) -> list[tuple[str, str]]:
    """The challenge's lines, then its money from the typed fields only.

    Monto, then Comisión and IVA when the operation has them, then the total in the
    manual's wording for its kind: one source, so no amount shows twice.
    """
    c = challenge
    rows = [(line.label, line.value) for line in c.lines if line.label not in MONEY_LABELS]
    if c.amount is None:
        return rows + [(line.label, line.value) for line in c.lines if line.label in MONEY_LABELS]
    rows.append(("Monto", format_money(c.amount)))
    if c.commission is not None:
        rows.append(("Comisión", format_money(c.commission)))
    if c.iva is not None:
        rows.append(("IVA", format_money(c.iva)))
    total = c.total if c.total is not None else c.amount + (c.commission or 0) + (c.iva or 0)
    rows.append((total_label(c.order_kind), format_money(total)))
    return rows


TOTALS = frozenset({"Total", *TOTAL_LABELS.values()})


class SummaryRow(Horizontal):
    """One label/value line; the Total line is bold."""

    DEFAULT_CSS = """
    SummaryRow { height: auto; }
    SummaryRow > .summary-label { width: 18; color: $text-muted; }
    SummaryRow > .summary-value { width: 1fr; }
    SummaryRow.total > Static { text-style: bold; }
    """

    def __init__(self, label: str, value: str) -> None:
        super().__init__(classes="total" if label in TOTALS else "")
        self.label = label
        self.value = value

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="summary-label", markup=False)
        yield Static(self.value, classes="summary-value", markup=False)

    def show(self, label: str, value: str) -> None:
        self.label, self.value = label, value
        self.query_one(".summary-label", Static).update(label)
        self.query_one(".summary-value", Static).update(value)
        self.set_class(label in TOTALS, "total")


class SummaryTable(Vertical):
    """Label/value rows; values are backend text, shown literally (never as markup)."""

    DEFAULT_CSS = """
    SummaryTable { height: auto; }
    """

    def __init__(self, rows: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows = rows

    def compose(self) -> ComposeResult:
        for label, value in self._rows:
            yield SummaryRow(label, value)

    def update_rows(self, rows: list[tuple[str, str]]) -> None:
        """Show other rows; the same number of rows is updated in place (nothing jumps)."""
        shown = list(self.query_children(SummaryRow).results(SummaryRow))
        self._rows = rows
        if len(shown) != len(rows):
            self.refresh(recompose=True)
            return
        for row, (label, value) in zip(shown, rows, strict=True):
            row.show(label, value)


class ConfirmDialog(ModalScreen[bool]):
    """Cancelar / Confirmar over the challenge summary. Dismisses True to go on."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 1 2; background: $surface;
    }
    ConfirmDialog #confirm-body { height: auto; max-height: 70vh; }
    ConfirmDialog.-short > Vertical { padding: 0 1; }
    ConfirmDialog.-short #confirm-buttons { margin-top: 0; }
    ConfirmDialog #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmDialog #otp-note { color: $text-muted; margin-top: 1; }
    ConfirmDialog #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmDialog #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS

    def __init__(self, challenge: Challenge) -> None:
        super().__init__()
        self.challenge = challenge

    def compose(self) -> ComposeResult:
        with Vertical():
            with OverflowScroll(id="confirm-body"):
                yield Label(self.challenge.title, id="confirm-title", markup=False)
                yield SummaryTable(summary_rows(self.challenge), id="summary")
                yield Static(
                    "* Por tu seguridad solicitaremos un código OTP: te lo enviamos por SMS.",
                    id="otp-note",
                )
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Confirmar", id="confirm", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
