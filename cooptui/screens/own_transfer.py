"""Transferencias a mis Cuentas: between the member's own Cooprogreso accounts."""

from __future__ import annotations

from decimal import Decimal

from cooptui.domain.operations import OwnTransferOrder
from cooptui.domain.transfers import TransferKind
from cooptui.screens.transfer_form import TransferScreen
from cooptui.widgets.select_fill import Options


class OwnTransferScreen(TransferScreen):
    """Origin: an active savings account; destination: any other account of the member."""

    MENU_ID = "transf-propias"
    KIND = TransferKind.OWN
    DESTINATION_FIELD = "to_account"
    DESTINATION_PROMPT = "Selecciona la cuenta destino"

    def destination_options(self, origin: str | None) -> Options:
        return [
            (f"{a.number} - {a.type_label}", a.number)
            for a in self.origin.accounts.values()
            if a.number != origin
        ]

    def no_destination_text(self) -> str:
        return "No tienes otra cuenta a la cual transferir"

    def make_order(self, amount: Decimal, reference: str) -> OwnTransferOrder:
        origin, destination = self.chosen()
        return OwnTransferOrder(
            from_account=origin, to_account=destination, amount=amount, reference=reference
        )
