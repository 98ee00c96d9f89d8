"""Transferencias Interbancarias: through the SPI, with commission and IVA.

Institutions with immediate crediting are paid at once; for the others the amount and
its fees are withheld from saldo disponible and the transfer shows under "Transferencias
en proceso" until the bank's clock reaches its settlement.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, DataTable, Static

from cooptui.domain.formatting import format_date, format_datetime, format_money, mask_account
from cooptui.domain.operations import InterbankTransferOrder
from cooptui.domain.transfers import (
    Beneficiary,
    BeneficiaryService,
    FinancialInstitution,
    Transfer,
    TransferKind,
    TransferStatus,
)
from cooptui.screens.institutions_dialog import ImmediateInstitutionsDialog
from cooptui.screens.payee_transfer import PayeeTransferScreen
from cooptui.widgets.fit_table import FitTable

CREDITING_NOTE = (
    "Nota: El tiempo de acreditación varía según el monto y la institución financiera."
    " Consulta aquí las Instituciones con acreditación inmediata; las demás procesarán"
    " hasta en 24 horas laborables."
)
FEES_NOTE = "Esta transferencia tiene comisión e IVA: verás el detalle antes de confirmar."
PENDING_COLUMNS = (
    ("Fecha", 10),
    ("Comprobante", 14),
    ("Beneficiario", 0),
    ("Retenido", 10),
    ("Se acredita", 16),
)
"""(header, width); 0: the beneficiary takes what the others leave."""
PAYEE_MIN = 14


class InterbankTransferScreen(PayeeTransferScreen):
    MENU_ID = "transf-inter"
    CSS_PATH = ["transfer_form.tcss", "interbank_transfer.tcss"]  # noqa: RUF012 - Textual's type
    KIND = TransferKind.INTERBANK
    SERVICE = BeneficiaryService.INTERBANK
    ORDER = InterbankTransferOrder
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "immediate", "Acreditación inmediata"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.institutions: dict[str, FinancialInstitution] = {}
        self.pending: list[Transfer] = []

    def compose_notes(self) -> ComposeResult:
        yield Static(FEES_NOTE, id="tf-fees")
        yield Static(CREDITING_NOTE, id="tf-crediting")
        yield Button(
            "Instituciones con acreditación inmediata (F2)", id="tf-immediate", compact=True
        )

    def compose_after_form(self) -> ComposeResult:
        yield Static("Transferencias en proceso", classes="tf-section")
        yield Static("Cargando…", id="tf-pending-status")
        pending = FitTable(PENDING_COLUMNS, flex_min=PAYEE_MIN, id="tf-pending", show_cursor=False)
        pending.can_focus = False  # nothing to do on a row: no Tab stop
        yield pending

    def on_mount(self) -> None:
        self.query_one("#tf-pending", DataTable).display = False
        super().on_mount()

    async def fetch_extra(self) -> None:
        await super().fetch_extra()
        institutions = await self.backend.financial_institutions()
        self.institutions = {i.code: i for i in institutions}
        pending = await self.backend.transfers(TransferStatus.PENDING)
        self.pending = [t for t in pending if t.kind is TransferKind.INTERBANK]

    def loaded(self) -> None:
        super().loaded()
        table = self.query_one("#tf-pending", DataTable)
        table.clear()
        for t in self.pending:
            table.add_row(
                Text(format_date(t.created_at)),
                Text(t.reference),
                Text(
                    f"{t.to_name} - {t.institution_name} {mask_account(t.to_account)}",
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                Text(format_money(t.amount + t.commission + t.iva), justify="right"),
                Text(format_datetime(t.settles_at) if t.settles_at else "-"),
                key=t.reference,
            )
        table.display = bool(self.pending)
        self.query_one("#tf-pending-status", Static).update(
            "" if self.pending else "No tienes transferencias interbancarias en proceso."
        )

    def payee_hint(self, payee: Beneficiary) -> str:
        institution = self.institutions.get(payee.institution_code)
        crediting = ""
        if institution is not None:
            crediting = (
                " · Acreditación inmediata"
                if institution.immediate_credit
                else " · Acreditación hasta en 24 horas laborables"
            )
        return super().payee_hint(payee) + crediting

    @on(Button.Pressed, "#tf-immediate")
    def action_immediate(self) -> None:
        if self.order_busy:
            return  # a transfer of this form is with the bank
        self.app.push_screen(ImmediateInstitutionsDialog(self.backend))
