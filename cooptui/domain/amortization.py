"""Loan tables by the French method (cuota fija) and term-deposit interest.

Pure arithmetic shared by the simulated core (the loans it grants, the deposits it pays)
and the app's simulators in Solicita tus productos, so a simulation and the loan that
follows it are the same figures. The level payment comes from the monthly rate, but each
installment's interest is charged on the actual days elapsed (actual/360), as Ecuadorian
cooperatives do; so capital = level payment - interest varies a little with the length
of each period and the last installment absorbs whatever remains. All money is `Decimal`
rounded half up to cents; nothing here touches floats, I/O or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from cooptui.domain.calendar import add_months, roll_forward
from cooptui.domain.money import CENT, ZERO, to_money

__all__ = [
    "Installment",
    "amortization_schedule",
    "deposit_interest",
    "first_due_date",
    "level_payment",
]

MIN_DAYS_TO_FIRST_DUE = 30
"""A first installment closer than this to the disbursement would be mostly interest."""

PRECISION = 34
"""Significant digits of the intermediate figures: powers on long terms keep every cent."""
DAYS_YEAR = Decimal(360)
"""Interest runs on actual days over a 360-day year."""


def round_cents(value: Decimal) -> Decimal:
    """Half up to the cent, as every figure a member sees."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Installment:
    """One row of an amortization table (one monthly cuota)."""

    number: int
    due_date: date
    capital: Decimal
    """Principal repaid."""
    interest: Decimal
    insurance: Decimal
    """Seguro de desgravamen (credit life insurance)."""
    arrears: Decimal
    """Mora; 0.00 in a freshly generated schedule."""
    balance_after: Decimal
    """Outstanding principal once this installment is paid."""

    @property
    def total(self) -> Decimal:
        """What the member pays for this installment."""
        return self.capital + self.interest + self.insurance + self.arrears


def level_payment(principal: Decimal, monthly_rate: Decimal, months: int) -> Decimal:
    """The French level payment P = A·r / (1 − (1+r)^−n), rounded half up to cents.

    Computed at 34 significant digits so the power does not lose cents on long terms.
    A zero rate degenerates to A / n. Shared by loans and card deferrals.
    """
    if months < 1:
        raise ValueError("el plazo debe ser de al menos un mes")
    if monthly_rate < 0:
        raise ValueError("la tasa no puede ser negativa")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if monthly_rate == 0:
            raw = principal / months
        else:
            raw = principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)
        return round_cents(raw)


def first_due_date(granted_on: date, payment_day: int = 5) -> date:
    """The first `payment_day` at least 30 days after `granted_on`, rolled to a business day.

    The 30-day gap keeps the first period close to a full month (granted 18/12/2024 with
    payment day 5 → 05/02/2025, as in the web manual).
    """
    earliest = granted_on + timedelta(days=MIN_DAYS_TO_FIRST_DUE)
    candidate = add_months(earliest, 0, day=payment_day)
    if candidate < earliest:
        candidate = add_months(earliest, 1, day=payment_day)
    return roll_forward(candidate)


def amortization_schedule(
    amount: Decimal,
    annual_rate: Decimal,
    months: int,
    granted_on: date,
    first_due: date,
    insurance_monthly_rate: Decimal,
    *,
    payment_day: int | None = None,
) -> list[Installment]:
    """The French-method table of a loan, one `Installment` per month.

    Due dates are `first_due` and then the same day of each following month (the day is
    `payment_day`, default `first_due.day`), each rolled forward to a business day.
    Interest runs on actual days between consecutive (rolled) due dates over 360, and
    the level payment is recomputed on the outstanding balance and remaining term each
    period (so day-count drift never piles up on the last installment);
    insurance is the balance before the installment times `insurance_monthly_rate`.
    The last installment takes the whole remaining balance so capitals add up exactly.
    """
    principal = to_money(amount)
    if principal <= 0:
        raise ValueError("el monto del préstamo debe ser mayor que cero")
    if months < 1:
        raise ValueError("el plazo debe ser de al menos un mes")
    if annual_rate < 0 or insurance_monthly_rate < 0:
        raise ValueError("las tasas no pueden ser negativas")
    if first_due <= granted_on:
        raise ValueError("la primera cuota debe vencer después del desembolso")

    day = first_due.day if payment_day is None else payment_day
    rows: list[Installment] = []
    balance = principal
    previous = granted_on
    for number in range(1, months + 1):
        due = roll_forward(add_months(first_due, number - 1, day=day))
        days = (due - previous).days
        with localcontext() as ctx:
            ctx.prec = PRECISION
            interest = round_cents(balance * annual_rate * days / DAYS_YEAR)
            insurance = round_cents(balance * insurance_monthly_rate)
        # Re-amortize on what is left each period, so the long first period and
        # 31-day months do not pile up into a large last installment.
        payment = level_payment(balance, annual_rate / 12, months - number + 1)
        # The last installment takes whatever is left so the capitals add up exactly.
        capital = balance if number == months else min(max(payment - interest, ZERO), balance)
        balance -= capital
        rows.append(
            Installment(
                number=number,
                due_date=due,
                capital=capital,
                interest=interest,
                insurance=insurance,
                arrears=ZERO,
                balance_after=balance,
            )
        )
        previous = due
    return rows


def deposit_interest(amount: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    """Simple interest of a term deposit (DPF) over `days` on a 360-day year, paid at
    maturity as Ecuadorian DPFs accrue: $10,000.00 at 7.90 % for 365 days earn $800.97."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return round_cents(amount * annual_rate * days / DAYS_YEAR)
