"""The confirmation of a product request: what will be asked for, before it is sent.

It looks and answers like `ConfirmDialog` (Cancelar / Confirmar, Confirmar focused, Esc
cancels, the lines in a `SummaryTable`), but a request moves no money and the bank asks
no code for it, so it says so instead of announcing an SMS: `ConfirmDialog` is built on
an OTP challenge, which a request does not have.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll


class ProductConfirmDialog(ModalScreen[bool]):
    """Dismisses True on Confirmar, False on Cancelar or Esc."""

    DEFAULT_CSS = """
    ProductConfirmDialog { align: center middle; }
    ProductConfirmDialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 1 2; background: $surface;
    }
    ProductConfirmDialog #pcf-body { height: auto; max-height: 70vh; }
    ProductConfirmDialog.-short > Vertical { padding: 0 1; }
    ProductConfirmDialog.-short #confirm-buttons { margin-top: 0; }
    ProductConfirmDialog #pcf-title { text-style: bold; margin-bottom: 1; }
    ProductConfirmDialog SummaryRow > .summary-label { width: 22; }
    ProductConfirmDialog #pcf-note { color: $text-muted; margin-top: 1; }
    ProductConfirmDialog #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ProductConfirmDialog #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS

    def __init__(self, title: str, rows: list[tuple[str, str]], note: str) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.note = note
        self._answered = False
        """A second Enter before the dialog is gone must not answer twice."""

    def compose(self) -> ComposeResult:
        with Vertical():
            with OverflowScroll(id="pcf-body"):
                yield Label(self.title_text, id="pcf-title", markup=False)
                yield SummaryTable(self.rows, id="summary")
                yield Static(self.note, id="pcf-note", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancelar", id="cancel")
                yield Button("Confirmar", id="confirm", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    def _answer(self, go_on: bool) -> None:
        if not self._answered:
            self._answered = True
            self.dismiss(go_on)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self._answer(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self._answer(False)
