"""Transferencias Cooprogreso: to another member's savings account, free and immediate."""

from __future__ import annotations

from cooptui.domain.operations import InternalTransferOrder
from cooptui.domain.transfers import BeneficiaryService, TransferKind
from cooptui.screens.payee_transfer import PayeeTransferScreen


class CoopTransferScreen(PayeeTransferScreen):
    MENU_ID = "transf-coop"
    KIND = TransferKind.INTERNAL
    SERVICE = BeneficiaryService.INTERNAL
    ORDER = InternalTransferOrder
