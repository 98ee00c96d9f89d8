"""A yes/no question over the current screen (the manual's "¿Está seguro…?" dialogs)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class AskDialog(ModalScreen[bool]):
    """Cancelar / Aceptar under a question. Dismisses True only on Aceptar.

    Cancelar has the focus first, so an Enter typed by habit never deletes anything.
    """

    DEFAULT_CSS = """
    AskDialog { align: center middle; }
    AskDialog > Vertical {
        width: 60; height: auto;
        border: round $warning; padding: 1 2; background: $surface;
    }
    AskDialog #ask-question { text-style: bold; }
    AskDialog #ask-detail { color: $text-muted; margin-top: 1; }
    AskDialog #ask-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    AskDialog #ask-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="ask-question", markup=False)
            if self.detail:
                yield Static(self.detail, id="ask-detail", markup=False)
            with Horizontal(id="ask-buttons"):
                yield Button("Cancelar", id="ask-cancel")
                yield Button("Aceptar", id="ask-accept", variant="error")

    def on_mount(self) -> None:
        self.query_one("#ask-cancel", Button).focus()

    @on(Button.Pressed, "#ask-accept")
    def _accept(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#ask-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
