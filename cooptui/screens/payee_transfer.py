"""Transfers to a registered beneficiary (Cooprogreso or another institution)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from cooptui.domain.formatting import mask_account
from cooptui.domain.operations import InterbankTransferOrder, InternalTransferOrder
from cooptui.domain.transfers import Beneficiary, BeneficiaryService
from cooptui.screens.beneficiary_form import (
    BeneficiaryFormScreen,
    PayeeKey,
    account_text,
    find_payee,
)
from cooptui.screens.transfer_form import TransferScreen
from cooptui.widgets.select_fill import Options


def payee_label(beneficiary: Beneficiary) -> str:
    """ "Andrea … - AHO - No.********3418", with the institution when it is another one."""
    b = beneficiary
    label = b.name + (f" «{b.alias}»" if b.alias else "")
    if b.service is BeneficiaryService.INTERBANK:
        label += f" - {b.institution_name}"
    return f"{label} - {b.account_type.value} - No.{mask_account(b.account_number)}"


class PayeeTransferScreen(TransferScreen):
    """The destination is one of the member's beneficiaries of `SERVICE`, or a new one."""

    SERVICE: ClassVar[BeneficiaryService]
    ORDER: ClassVar[type[InternalTransferOrder] | type[InterbankTransferOrder]]
    DESTINATION_FIELD = "beneficiary_id"
    DESTINATION_PROMPT = "Selecciona el beneficiario"
    HAS_NOTICE_EMAIL = True

    def __init__(self) -> None:
        super().__init__()
        self.payees: dict[str, Beneficiary] = {}
        self._prefilled_email = ""
        self._select_after_load: PayeeKey | None = None

    def compose_destination_actions(self) -> ComposeResult:
        yield Button("Nuevo Beneficiario +", id="tf-new-beneficiary", compact=True)

    async def fetch_extra(self) -> None:
        found = await self.backend.beneficiaries(service=self.SERVICE)
        self.payees = {str(b.id): b for b in found}

    def loaded(self) -> None:
        wanted, self._select_after_load = self._select_after_load, None
        match = find_payee(self.payees, wanted) if wanted is not None else None
        if match is not None:
            self.refill_destinations(select_value=match)

    def destination_options(self, origin: str | None) -> Options:
        return [(payee_label(b), key) for key, b in self.payees.items()]

    def no_destination_text(self) -> str:
        return "Aún no tienes beneficiarios: crea uno con «Nuevo Beneficiario +»"

    def payee_hint(self, payee: Beneficiary) -> str:
        return f"{account_text(payee)} · {payee.id_type.label} {payee.identification}"

    def destination_chosen(self) -> None:
        key = self.destination_value()
        payee = self.payees.get(key) if key else None
        self._field(self.DESTINATION_FIELD).show_hint(self.payee_hint(payee) if payee else "")
        email = self.query_one("#tf-email", Input)
        if email.value in {"", self._prefilled_email}:
            self._prefilled_email = (payee.email or "") if payee else ""
            email.value = self._prefilled_email

    def make_order(
        self, amount: Decimal, reference: str
    ) -> InternalTransferOrder | InterbankTransferOrder:
        origin, payee = self.chosen()
        return self.ORDER(
            from_account=origin,
            beneficiary_id=int(payee),
            amount=amount,
            reference=reference,
            notify_email=self.notice_email(),
        )

    # -- Nuevo Beneficiario + -------------------------------------------------------------------
    @on(Button.Pressed, "#tf-new-beneficiary")
    def new_beneficiary(self) -> None:
        if self.order_busy:
            return  # a transfer of this form is with the bank
        self.app.push_screen(BeneficiaryFormScreen(self.backend, self.SERVICE), self._created)

    def _created(self, created: PayeeKey | None) -> None:
        if created is None:
            return
        self._field(self.DESTINATION_FIELD).show_error("")
        self._select_after_load = created
        self.reload()
