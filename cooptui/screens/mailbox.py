"""The demo mailbox: the SMS and e-mails the simulated bank "sent" to its members."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cooptui.backend.protocol import DemoControls
from cooptui.domain.auth import MessageChannel, OutboxMessage
from cooptui.domain.formatting import format_datetime
from cooptui.widgets.fit_table import FitTable

COLUMNS = (("Fecha", 18), ("Canal", 6), ("Para", 24), ("Asunto", 0))
"""Asunto takes what the others leave: the list never scrolls sideways (the whole
message, with its full address, shows below it)."""


def _cell(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")


class MailboxScreen(Screen[None]):
    CSS_PATH = "mailbox.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cerrar"),
        Binding("f9", "close", "Cerrar", show=False),
        Binding("f5,r", "reload", "Actualizar"),
    ]

    def __init__(self, demo: DemoControls) -> None:
        super().__init__()
        self.demo = demo
        self.messages: list[OutboxMessage] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Buzón de demostración (teléfono y correo simulados)", id="mailbox-title")
            yield FitTable(
                COLUMNS, flex_min=12, id="messages", cursor_type="row", zebra_stripes=True
            )
            yield Static("", id="message-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    @work(exclusive=True, exit_on_error=False)
    async def action_reload(self) -> None:
        self.messages = list(reversed(await self.demo.outbox()))
        table = self.query_one("#messages", DataTable)
        table.clear()
        for m in self.messages:
            table.add_row(
                format_datetime(m.sent_at),
                "SMS" if m.channel is MessageChannel.SMS else "Correo",
                _cell(m.to),
                _cell(m.subject),
                key=str(m.id),
            )
        if self.messages:
            table.move_cursor(row=0)
            self._show(self.messages[0])
        else:
            self.query_one("#message-body", Static).update("No hay mensajes.")
        table.focus()

    def _show(self, message: OutboxMessage) -> None:
        self.query_one("#message-body", Static).update(
            f"Para: {message.to}\nAsunto: {message.subject}\n\n{message.body}"
        )

    @on(DataTable.RowHighlighted, "#messages")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        for m in self.messages:
            if str(m.id) == event.row_key.value:
                self._show(m)
                break

    def action_close(self) -> None:
        self.dismiss(None)
