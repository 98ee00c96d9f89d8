"""The simulators of Solicita tus productos: a credit's table and a deposit's interest.

Pure figures on the catalog's rates and the bank's date, by the very functions the core
grants its loans and pays its deposits with (`domain.amortization`): a simulation and
the product that follows it are the same to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cooptui.domain.amortization import (
    Installment,
    amortization_schedule,
    deposit_interest,
    first_due_date,
)
from cooptui.domain.catalog import ProductOffer
from cooptui.domain.money import ZERO


def _rate(offer: ProductOffer, term: int) -> Decimal:
    rate = offer.rate_for(term)
    if rate is None:
        raise ValueError("el producto no tiene tasa para ese plazo")
    return rate


@dataclass(frozen=True)
class CreditSimulation:
    """A simulated credit: what was asked, at which rate, and its table."""

    offer_id: str
    amount: Decimal
    months: int
    annual_rate: Decimal
    insurance_rate: Decimal
    granted_on: date
    rows: tuple[Installment, ...]

    @property
    def term(self) -> int:
        return self.months

    @property
    def total_interest(self) -> Decimal:
        return sum((r.interest for r in self.rows), ZERO)

    @property
    def total_insurance(self) -> Decimal:
        return sum((r.insurance for r in self.rows), ZERO)

    @property
    def total(self) -> Decimal:
        """Everything the member pays: capital, interest and insurance."""
        return sum((r.total for r in self.rows), ZERO)

    @property
    def first(self) -> Installment:
        return self.rows[0]


def simulate_credit(
    offer: ProductOffer, amount: Decimal, months: int, today: date
) -> CreditSimulation:
    """The table of `amount` over `months` at the catalog's rate, disbursed `today`."""
    rate = _rate(offer, months)
    insurance = offer.insurance_rate or ZERO
    rows = amortization_schedule(amount, rate, months, today, first_due_date(today), insurance)
    return CreditSimulation(offer.id, amount, months, rate, insurance, today, tuple(rows))


@dataclass(frozen=True)
class DepositSimulation:
    """A simulated plazo fijo: simple interest paid at maturity."""

    amount: Decimal
    days: int
    annual_rate: Decimal
    issued_on: date

    @property
    def term(self) -> int:
        return self.days

    @property
    def matures_on(self) -> date:
        return self.issued_on + timedelta(days=self.days)

    @property
    def interest(self) -> Decimal:
        return deposit_interest(self.amount, self.annual_rate, self.days)

    @property
    def total(self) -> Decimal:
        return self.amount + self.interest


def simulate_deposit(
    offer: ProductOffer, amount: Decimal, days: int, today: date
) -> DepositSimulation:
    """`amount` for `days` at the rate the catalog quotes for that plazo, opened `today`."""
    return DepositSimulation(amount, days, _rate(offer, days), today)
