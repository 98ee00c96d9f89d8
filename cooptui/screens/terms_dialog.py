"""Términos y condiciones: what the member accepts before a scheduled debit is set up.

The bank refuses a scheduled payment whose order lacks `terms_accepted`, so the form asks
here first: only Aceptar lets the order (and its SMS code) go to the bank.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

SCHEDULED_PAYMENT_TERMS = (
    "El valor a pagar se debitará de tu cuenta de forma programada. Cooprogreso no se"
    " responsabiliza por no poder realizar el débito por falta de fondos. Cooprogreso no se"
    " responsabiliza por situaciones ajenas al control de la cooperativa ya sean técnicas,"
    " tecnológicas o que tengan relación con casos fortuitos."
)
"""The manual's text (Pagos Programados, Paso 7)."""


class TermsDialog(ModalScreen[bool]):
    """Cancelar / Aceptar under the terms. Dismisses True only on Aceptar.

    Cancelar has the focus first: consent is given by choosing Aceptar, never by an
    Enter typed out of habit.
    """

    CSS_PATH = "terms_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, text: str = SCHEDULED_PAYMENT_TERMS) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="terms-box"):
            yield Static("Términos y condiciones", id="terms-title")
            with VerticalScroll(id="terms-body"):
                yield Static(self.text, id="terms-text", markup=False)
            with Horizontal(id="terms-buttons"):
                yield Button("Cancelar", id="terms-cancel")
                yield Button("Aceptar", id="terms-accept", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#terms-cancel", Button).focus()

    @on(Button.Pressed, "#terms-accept")
    def _accept(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#terms-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
