"""Orders for two-phase (OTP-confirmed) operations, their challenges and receipts.

A sensitive operation is `begin(order) -> Challenge` then `confirm(id, code) -> Receipt`.
The challenge carries the summary the member must see before typing the code, and the
code is bound to exactly that order (PSD2 "dynamic linking").
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_serializer

from cooptui.domain.base import Model, RowId, WireInt
from cooptui.domain.cards import CardKind, DeferralTarget
from cooptui.domain.money import Amount, Money
from cooptui.domain.services import Frequency
from cooptui.domain.transfers import BankAccountType, BeneficiaryService, IdType
from cooptui.domain.validators import (
    ALIAS_MAX_LENGTH,
    DEVICE_NAME_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
)


class _SecretOrder(Model):
    """Orders holding PINs: hidden in repr/logs, revealed only when sent over the wire."""

    @field_serializer("*", when_used="json")
    def _reveal(self, value: object) -> object:
        return value.get_secret_value() if isinstance(value, SecretStr) else value


class OwnTransferOrder(Model):
    kind: Literal["own_transfer"] = "own_transfer"
    from_account: str
    to_account: str
    amount: Amount
    reference: str = Field(default="", max_length=REFERENCE_MAX_LENGTH)


class InternalTransferOrder(Model):
    """Transferencias Cooprogreso, to a registered beneficiary in the cooperative."""

    kind: Literal["internal_transfer"] = "internal_transfer"
    from_account: str
    beneficiary_id: RowId
    amount: Amount
    reference: str = Field(default="", max_length=REFERENCE_MAX_LENGTH)
    notify_email: str | None = None


class InterbankTransferOrder(Model):
    kind: Literal["interbank_transfer"] = "interbank_transfer"
    from_account: str
    beneficiary_id: RowId
    amount: Amount
    reference: str = Field(default="", max_length=REFERENCE_MAX_LENGTH)
    notify_email: str | None = None


class BeneficiaryOrder(Model):
    """Nuevo Beneficiario (created only after the OTP)."""

    kind: Literal["beneficiary"] = "beneficiary"
    service: BeneficiaryService
    institution_code: str
    account_type: BankAccountType
    account_number: str
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    id_type: IdType
    identification: str
    email: str | None = None
    alias: str | None = Field(default=None, max_length=ALIAS_MAX_LENGTH)


class ServicePaymentOrder(Model):
    kind: Literal["service_payment"] = "service_payment"
    from_account: str
    biller_id: str
    service_code: str
    bill_ids: tuple[str, ...] = Field(min_length=1)


class ScheduledPaymentOrder(Model):
    kind: Literal["scheduled_payment"] = "scheduled_payment"
    from_account: str
    biller_id: str
    service_code: str
    max_amount: Amount
    frequency: Frequency
    start_date: date
    end_date: date | None = None  # None: Fecha indefinida
    terms_accepted: bool


class ServiceRegistrationOrder(Model):
    """Registro de Servicios: a biller and service code to pay later from `from_account`."""

    kind: Literal["service_registration"] = "service_registration"
    from_account: str
    biller_id: str
    service_code: str
    alias: str | None = Field(default=None, max_length=ALIAS_MAX_LENGTH)


class CardPaymentOrder(Model):
    kind: Literal["card_payment"] = "card_payment"
    from_account: str
    card_id: str
    amount: Amount
    reference: str = Field(default="", max_length=REFERENCE_MAX_LENGTH)


class ExternalCardOrder(Model):
    """Registro Nueva Tarjeta: another bank's credit card the member wants to pay."""

    kind: Literal["external_card"] = "external_card"
    institution_code: str
    card_number: str
    alias: str | None = Field(default=None, max_length=ALIAS_MAX_LENGTH)
    holder_name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    id_type: IdType
    identification: str


class DeferralOrder(Model):
    kind: Literal["deferral"] = "deferral"
    card_id: str
    target: DeferralTarget
    transaction_ids: tuple[RowId, ...] = ()
    months: WireInt
    amount: Amount | None = None
    """Diferido Saldo Actual Rotativo only: how much of the revolving balance (all if None)."""


class PinChangeOrder(_SecretOrder):
    kind: Literal["pin_change"] = "pin_change"
    card_kind: CardKind
    card_id: str
    current_pin: SecretStr
    new_pin: SecretStr


class DeviceRegistrationOrder(Model):
    """Registro habitual del equipo: trust this device for later logins."""

    kind: Literal["device_registration"] = "device_registration"
    device_id: str = Field(min_length=8, max_length=128)
    device_name: str = Field(min_length=1, max_length=DEVICE_NAME_MAX_LENGTH)


class EnrollmentOrder(Model):
    """Afiliación: a member without online banking asks for a username (no session)."""

    kind: Literal["enrollment"] = "enrollment"
    id_type: IdType
    identification: str
    device_id: str = Field(min_length=8, max_length=128)
    device_name: str = Field(min_length=1, max_length=DEVICE_NAME_MAX_LENGTH)


class PasswordRecoveryOrder(Model):
    """Olvidé mi contraseña: a temporary password by e-mail; also unlocks the user."""

    kind: Literal["password_recovery"] = "password_recovery"
    username: str
    id_type: IdType
    identification: str


class UsernameReminderOrder(Model):
    """Olvidé mi usuario: the username by e-mail."""

    kind: Literal["username_reminder"] = "username_reminder"
    id_type: IdType
    identification: str


Order = Annotated[
    OwnTransferOrder
    | InternalTransferOrder
    | InterbankTransferOrder
    | BeneficiaryOrder
    | ServicePaymentOrder
    | ScheduledPaymentOrder
    | ServiceRegistrationOrder
    | CardPaymentOrder
    | ExternalCardOrder
    | DeferralOrder
    | PinChangeOrder
    | DeviceRegistrationOrder
    | EnrollmentOrder
    | PasswordRecoveryOrder
    | UsernameReminderOrder,
    Field(discriminator="kind"),
]

PUBLIC_ORDER_KINDS = frozenset({"enrollment", "password_recovery", "username_reminder"})
"""Orders begun without a session (before login)."""

RESTRICTED_ORDER_KINDS = frozenset({"device_registration"})
"""Orders allowed in a session still waiting for device registration."""


class SummaryLine(Model):
    label: str
    value: str


class Challenge(Model):
    """An OTP challenge: what the member is about to authorise, and where the code went."""

    id: str
    order_kind: str
    title: str
    channel: Literal["sms"] = "sms"
    destination: str  # masked phone, "09*****123"
    created_at: datetime
    sent_at: datetime  # when the current code was texted: the bank's clock at the answer
    expires_at: datetime
    attempts_left: int
    resends_left: int
    lines: tuple[SummaryLine, ...]
    amount: Money | None = None
    commission: Money | None = None
    iva: Money | None = None
    total: Money | None = None
    payee: str | None = None


class ReceiptStatus(StrEnum):
    COMPLETED = "completed"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {ReceiptStatus.COMPLETED: "Exitosa", ReceiptStatus.PENDING: "En proceso"}[self]


class Receipt(Model):
    """Comprobante: proof of a completed (or accepted, pending) operation."""

    reference: str
    created_at: datetime
    status: ReceiptStatus
    title: str
    lines: tuple[SummaryLine, ...]
    amount: Money | None = None
    commission: Money | None = None
    iva: Money | None = None
    total: Money | None = None
    message: str = ""

    def as_text(self) -> str:
        """Plain-text comprobante, for export and for the e-mail copy."""
        width = max((len(line.label) for line in self.lines), default=0) + 2
        out = [
            "COOPROGRESO - Cooperativa de Ahorro y Crédito",
            f"Comprobante: {self.title}",
            f"Comprobante N°: {self.reference}",
            f"Fecha: {self.created_at:%d/%m/%Y %H:%M:%S}",
            f"Estado: {self.status.label}",
            "",
        ]
        out += [f"{(line.label + ':').ljust(width)}{line.value}" for line in self.lines]
        if self.message:
            out += ["", self.message]
        return "\n".join(out) + "\n"
