"""The comprobante shown after every operation, exportable as a text file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cooptui.domain.formatting import format_datetime
from cooptui.domain.operations import Receipt, ReceiptStatus
from cooptui.exports import export_dir, safe_part
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll
from cooptui.widgets.save_export import save_export


def receipt_filename(receipt: Receipt) -> str:
    """ "comprobante-20241218000101.txt": the bank's reference, never a folder of its own."""
    return f"comprobante-{safe_part(receipt.reference)}.txt"


class ReceiptView(ModalScreen[None]):
    DEFAULT_CSS = """
    ReceiptView { align: center middle; }
    ReceiptView > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $success; padding: 1 2; background: $surface;
    }
    ReceiptView #receipt-body { height: auto; max-height: 70vh; }
    ReceiptView.-short > Vertical { padding: 0 1; }
    ReceiptView.-short #receipt-buttons { margin-top: 0; }
    ReceiptView.pending > Vertical { border: round $warning; }
    ReceiptView #receipt-title { text-style: bold; }
    ReceiptView #receipt-status { text-style: bold; color: $success; margin-bottom: 1; }
    ReceiptView.pending #receipt-status { color: $warning; }
    ReceiptView #receipt-message { margin-top: 1; }
    ReceiptView #receipt-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ReceiptView #receipt-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cerrar"),
        Binding("e", "export", "Exportar"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS

    def __init__(self, receipt: Receipt, export_folder: Path | None = None) -> None:
        super().__init__(classes="pending" if receipt.status is ReceiptStatus.PENDING else "")
        self.receipt = receipt
        self.export_folder = export_folder

    def compose(self) -> ComposeResult:
        r = self.receipt
        rows = [("Comprobante N°", r.reference), ("Fecha", format_datetime(r.created_at))]
        rows += [(line.label, line.value) for line in r.lines]
        with Vertical():
            with OverflowScroll(id="receipt-body"):
                yield Label(f"Comprobante - {r.title}", id="receipt-title", markup=False)
                yield Static(f"Estado: {r.status.label}", id="receipt-status")
                yield SummaryTable(rows, id="receipt-lines")
                if r.message:
                    yield Static(r.message, id="receipt-message", markup=False)
            with Horizontal(id="receipt-buttons"):
                yield Button("Exportar", id="receipt-export")
                yield Button("Cerrar", id="receipt-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#receipt-close", Button).focus()

    @on(Button.Pressed, "#receipt-export")
    @work(group="receipt-export", exit_on_error=False)
    async def action_export(self) -> None:
        folder = self.export_folder or export_dir()
        await save_export(
            self, folder, receipt_filename(self.receipt), self.receipt.as_text(), "Comprobante"
        )

    @on(Button.Pressed, "#receipt-close")
    def action_close(self) -> None:
        self.dismiss(None)
