"""The manual's "Instituciones con acreditación inmediata", as the bank lists them."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.transfers import COOPROGRESO_CODE
from cooptui.widgets.errors import PresentsWorkerErrors


class ImmediateInstitutionsDialog(PresentsWorkerErrors, ModalScreen[None]):
    """Which institutions credit an interbank transfer at once (the rest: 24 business hours)."""

    CSS_PATH = "institutions_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cerrar")]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(id="inst-box"):
            yield Static("Instituciones con acreditación inmediata", id="inst-title")
            with VerticalScroll(id="inst-list"):
                yield Static("Cargando…", id="inst-immediate", markup=False)
            yield Static("", id="inst-others", markup=False)
            with Horizontal(id="inst-buttons"):
                yield Button("Cerrar", id="inst-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#inst-close", Button).focus()
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        try:
            institutions = await self.backend.financial_institutions()
        except SessionExpired:
            raise
        except BackendError as exc:
            self.query_one("#inst-immediate", Static).update(exc.message)
            return
        others = [i for i in institutions if i.code != COOPROGRESO_CODE]
        immediate = [f"• {i.name}" for i in others if i.immediate_credit]
        self.query_one("#inst-immediate", Static).update("\n".join(immediate))
        later = ", ".join(i.name for i in others if not i.immediate_credit)
        self.query_one("#inst-others", Static).update(
            f"Las demás ({later}) procesarán hasta en 24 horas laborables." if later else ""
        )

    @on(Button.Pressed, "#inst-close")
    def action_close(self) -> None:
        self.dismiss(None)
