"""Service payments (Pago de Servicios), scheduled payments and payment history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from cooptui.domain.base import Model
from cooptui.domain.money import Money


class ServiceCategory(Model):
    id: str
    name: str


class Biller(Model):
    """A company whose bills members pay (Empresa)."""

    id: str
    category_id: str
    name: str
    code_label: str  # what the service code is called: Suministro, Teléfono/Contrato, …
    commission: Money


class Bill(Model):
    """A pending bill found by biller and service code (VALORES A PAGAR)."""

    id: str
    biller_id: str
    service_code: str
    receipt_number: str  # No de Recibo
    holder_name: str
    description: str
    amount: Money
    commission: Money
    due_date: date

    @property
    def total(self) -> Money:
        return self.amount + self.commission


class RegisteredService(Model):
    """A biller and service code the member registered to pay later (Registro de Servicios)."""

    id: int
    account_number: str  # Cuenta de débito
    category_id: str
    category_name: str
    biller_id: str
    biller_name: str
    code_label: str  # the biller's name for the code: Suministro, Teléfono/Contrato, …
    service_code: str
    alias: str | None
    created_at: datetime

    @property
    def title(self) -> str:
        """ "CNT - Fija - Televisión - Internet «Teléfono casa»": how lists name it."""
        return f"{self.biller_name} «{self.alias}»" if self.alias else self.biller_name


class Frequency(StrEnum):
    ASAP = "asap"  # Tan pronto como esté disponible
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {
            Frequency.ASAP: "Tan pronto como esté disponible",
            Frequency.MONTHLY: "Mensual",
        }[self]


class ScheduledPaymentStatus(StrEnum):
    ACTIVE = "Activo"
    CANCELLED = "Cancelado"
    FINISHED = "Finalizado"


class ScheduledPayment(Model):
    id: int
    account_number: str
    category_id: str
    biller_id: str
    biller_name: str
    service_code: str
    max_amount: Money
    frequency: Frequency
    start_date: date
    end_date: date | None  # None: Fecha indefinida
    status: ScheduledPaymentStatus
    created_at: datetime
    last_run_at: datetime | None = None
    last_result: str | None = None


class PaymentChannel(StrEnum):
    MANUAL = "Pago en línea"
    SCHEDULED = "Débito automático"


class ServicePayment(Model):
    """A row of Historial de Pagos."""

    reference: str
    paid_at: datetime
    account_number: str
    category_id: str
    category_name: str
    biller_id: str
    biller_name: str
    service_code: str
    receipt_number: str
    amount: Money
    commission: Money
    total: Money
    channel: PaymentChannel
