"""What the manual's "1. Productos" shows: accounts, movements, loans, investments, cards."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from cooptui.domain.base import Model
from cooptui.domain.money import Money


class AccountType(StrEnum):
    SAVINGS = "AHO"
    SHARE_CERTIFICATES = "CERT"

    @property
    def label(self) -> str:
        return {
            AccountType.SAVINGS: "CUENTA DE AHORROS",
            AccountType.SHARE_CERTIFICATES: "CERTIFICADOS DE APORTACION",
        }[self]


class AccountStatus(StrEnum):
    ACTIVE = "ACTIVO"
    INACTIVE = "INACTIVO"
    BLOCKED = "BLOQUEADO"


class Account(Model):
    """A member account. Share certificates are never available to spend."""

    number: str
    type: AccountType
    status: AccountStatus
    currency: str = "USD"
    ledger_balance: Money  # saldo contable
    available_balance: Money  # saldo disponible
    holder_name: str

    @property
    def type_label(self) -> str:
        return self.type.label

    @property
    def can_debit(self) -> bool:
        return self.type is AccountType.SAVINGS and self.status is AccountStatus.ACTIVE


class Hold(Model):
    """An amount withheld from saldo disponible (pending transfer, pledge)."""

    id: int
    account_number: str
    amount: Money
    reason: str
    created_at: datetime


class MovementType(StrEnum):
    DEBIT = "Débito"
    CREDIT = "Crédito"


class Movement(Model):
    """One line of an account statement; amount is signed (debits negative)."""

    id: int
    account_number: str
    posted_at: datetime
    description: str
    type: MovementType
    amount: Money
    balance: Money  # running saldo contable after this movement
    reference: str = ""


class AccountShare(Model):
    """What "Compartir" hands to someone who will send the member money."""

    holder_name: str
    identification: str
    institution: str
    account_type: str
    account_number: str

    def as_text(self) -> str:
        return "\n".join(
            [
                f"Titular: {self.holder_name}",
                f"Identificación: {self.identification}",
                f"Institución: {self.institution}",
                f"Tipo de cuenta: {self.account_type}",
                f"Número de cuenta: {self.account_number}",
            ]
        )


class InstallmentStatus(StrEnum):
    PAID = "Pagada"
    CURRENT = "Vigente"
    UPCOMING = "Por vencer"
    OVERDUE = "Vencida"


class AmortizationRow(Model):
    """A row of the amortization table (Tabla de Amortización)."""

    number: int
    total: Money  # Cuota
    capital: Money
    interest: Money
    arrears: Money  # Mora
    insurance: Money  # Seguro
    due_date: date
    status: InstallmentStatus
    balance_after: Money


class LoanStatus(StrEnum):
    CURRENT = "Vigente"
    OVERDUE = "Vencido"
    PAID_OFF = "Cancelado"


class Loan(Model):
    number: str
    description: str
    amount: Money
    capital_balance: Money
    next_payment_amount: Money  # Valor a Pagar
    next_payment_date: date | None
    granted_on: date
    status: LoanStatus
    annual_rate: Decimal
    term_months: int
    installments_paid: int


class LoanDetail(Model):
    loan: Loan
    schedule: tuple[AmortizationRow, ...]


class Investment(Model):
    """A term deposit (inversión / depósito a plazo fijo)."""

    number: str
    amount: Money
    issued_on: date
    matures_on: date
    annual_rate: Decimal  # 0.0790 for 7.90 %
    days: int
    interest_earned: Money  # accrued to the clock's today
    interest_paid: Money
    interest_at_maturity: Money
    status: str


class CardStatus(StrEnum):
    ACTIVE = "Activa"
    BLOCKED = "Bloqueada"
    INACTIVE = "Inactiva"


class DebitCard(Model):
    id: str
    brand: str  # "MC Débito"
    masked_number: str
    account_number: str
    status: CardStatus
    holder_name: str


class CreditCard(Model):
    id: str
    brand: str  # "Mastercard"
    product: str  # "Estandar"
    masked_number: str
    holder_name: str
    status: CardStatus
    credit_limit: Money  # Cupo total
    revolving_used: Money  # Utilizado rotativo
    deferred_used: Money  # Utilizado diferido
    available: Money  # Cupo disponible
    minimum_payment: Money
    statement_balance: Money  # Consumo hasta la fecha
    statement_date: date
    payment_due_date: date  # Fecha máx. de pago / Pagar hasta el


class ProductSummary(Model):
    """Resumen de Productos: the four sections of the manual."""

    accounts: tuple[Account, ...]
    loans: tuple[Loan, ...]
    investments: tuple[Investment, ...]
    credit_cards: tuple[CreditCard, ...]
