"""Transfers, financial institutions and beneficiaries (manual section 2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from cooptui.domain.base import Model
from cooptui.domain.money import Money

COOPROGRESO_CODE = "COOPROGRESO"


class TransferKind(StrEnum):
    OWN = "own"  # Transferencias a mis Cuentas
    INTERNAL = "internal"  # Transferencias Cooprogreso
    INTERBANK = "interbank"  # Transferencias Interbancarias

    @property
    def label(self) -> str:
        return {
            TransferKind.OWN: "Transferencias a mis Cuentas",
            TransferKind.INTERNAL: "Transferencias Cooprogreso",
            TransferKind.INTERBANK: "Transferencias Interbancarias",
        }[self]


class BeneficiaryService(StrEnum):
    INTERNAL = "internal"
    INTERBANK = "interbank"

    @property
    def label(self) -> str:
        return {
            BeneficiaryService.INTERNAL: "Transferencias Cooprogreso",
            BeneficiaryService.INTERBANK: "Transferencias Interbancarias",
        }[self]

    @property
    def short_label(self) -> str:
        """For narrow table columns."""
        return {
            BeneficiaryService.INTERNAL: "Cooprogreso",
            BeneficiaryService.INTERBANK: "Interbancaria",
        }[self]


class IdType(StrEnum):
    CEDULA = "cedula"
    RUC = "ruc"
    PASSPORT = "pasaporte"

    @property
    def label(self) -> str:
        return {IdType.CEDULA: "Cédula", IdType.RUC: "RUC", IdType.PASSPORT: "Pasaporte"}[self]


class BankAccountType(StrEnum):
    SAVINGS = "AHO"
    CHECKING = "CTE"

    @property
    def label(self) -> str:
        return {BankAccountType.SAVINGS: "Ahorros", BankAccountType.CHECKING: "Corriente"}[self]


class FinancialInstitution(Model):
    code: str
    name: str
    immediate_credit: bool  # acreditación inmediata


class Beneficiary(Model):
    id: int
    service: BeneficiaryService
    name: str
    id_type: IdType
    identification: str
    institution_code: str
    institution_name: str
    account_type: BankAccountType
    account_number: str
    email: str | None = None
    alias: str | None = None
    created_at: datetime


class DailyLimit(Model):
    """A transfer kind's daily limit and what is left of it today."""

    kind: TransferKind
    limit: Money
    used_today: Money
    remaining: Money


class TransferStatus(StrEnum):
    COMPLETED = "completed"
    PENDING = "pending"


class Transfer(Model):
    """A transfer as the member sees it after the fact (pending interbank ones included)."""

    reference: str
    kind: TransferKind
    created_at: datetime
    from_account: str
    to_account: str
    to_name: str
    institution_name: str
    amount: Money
    commission: Money
    iva: Money
    status: TransferStatus
    settles_at: datetime | None = None
    description: str = ""
