"""Card payments (Pago Tarjetas) and card deferrals (Diferido Tarjetas)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from cooptui.domain.base import Model
from cooptui.domain.money import Money
from cooptui.domain.transfers import IdType

MIN_DEFERRAL = Decimal("50.00")
"""The least a deferral may defer (a purchase, or part of the revolving balance)."""


class CardKind(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


class PayableCardOwner(StrEnum):
    COOPROGRESO = "cooprogreso"  # Tarjetas Cooprogreso
    OTHER_BANK = "other"  # Otros Bancos


class PayableCard(Model):
    """A credit card the member can pay: their own, or another bank's they registered."""

    id: str
    owner: PayableCardOwner
    institution_code: str
    institution_name: str
    masked_number: str
    holder_name: str
    alias: str | None = None
    id_type: IdType | None = None
    identification: str | None = None
    minimum_payment: Money | None = None  # known only for Cooprogreso cards
    statement_balance: Money | None = None
    payment_due_date: date | None = None


class CardTransaction(Model):
    """A credit-card purchase; the revolving ones can be deferred."""

    id: int
    card_id: str
    posted_at: datetime
    merchant: str
    amount: Money
    deferrable: bool
    deferred: bool


class DeferralTarget(StrEnum):
    TRANSACTIONS = "transactions"  # Diferido Transacciones
    REVOLVING_BALANCE = "revolving"  # Diferido Saldo Actual Rotativo


class DeferralInstallment(Model):
    number: int
    capital: Money
    interest: Money
    total: Money
    balance_after: Money


class DeferralSimulation(Model):
    """What a deferral would cost, shown before the member confirms it."""

    card_id: str
    target: DeferralTarget
    transaction_ids: tuple[int, ...]
    principal: Money
    months: int
    annual_rate: Decimal
    installment: Money
    total_interest: Money
    total: Money
    schedule: tuple[DeferralInstallment, ...]


class StatementStatus(StrEnum):
    PENDING = "pendiente"  # before its Fecha máxima de pago, not paid in full yet
    PAID = "pagado"  # paid in full (by the due date or after)
    OVERDUE = "vencido"  # the due date passed with part of it unpaid


class CardStatement(Model):
    """A closed cycle of a credit card (estado de cuenta): what it billed and what is owed.

    balance = previous_balance - payments + purchases - deferred + installments + interest,
    to the cent; `paid` counts what was paid (or deferred) after the cut-off towards this
    statement, at most its balance.
    """

    card_id: str
    period_start: date  # the day after the previous cut-off
    closed_on: date  # Fecha de corte
    due_date: date  # Fecha máxima de pago
    previous_balance: Money  # Saldo anterior
    payments: Money  # Pagos recibidos in the cycle
    purchases: Money  # Consumos rotativos in the cycle
    installments: Money  # Cuotas de diferidos billed at this cut-off (capital + interest)
    interest: Money  # Intereses charged at this cut-off (previous statement unpaid)
    balance: Money  # Saldo del estado de cuenta (total to pay)
    minimum_payment: Money  # Pago mínimo
    paid: Money  # paid towards this statement since it closed
    status: StatementStatus
    deferred: Money = Decimal("0.00")  # Diferido: revolving turned into deferrals in the cycle
    late_interest: Money = Decimal("0.00")  # the part of `interest` that is interés de mora


class Deferral(Model):
    """A deferred plan booked on a card (Utilizado diferido)."""

    id: int
    card_id: str
    created_at: datetime
    description: str
    principal: Money
    months: int
    annual_rate: Decimal
    installment: Money
    remaining_principal: Money
    installments_paid: int
    next_due: date | None = None  # the cut-off that bills the next installment; None when paid

    @property
    def installments_left(self) -> int:
        return self.months - self.installments_paid
