"""Loan amortization tables by the French method (cuota fija) for the simulated core.

The level payment comes from the monthly rate, but each installment's interest is
charged on the actual days elapsed (actual/360), as Ecuadorian cooperatives do; so
capital = level payment - interest varies a little with the length of each period and
the last installment absorbs whatever remains. All money is `Decimal` rounded half up
to cents; nothing here touches floats, I/O or the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from cooptui.backend_stub.calendar import add_months, roll_forward
from cooptui.domain.money import CENT, ZERO, from_cents, to_cents, to_money

__all__ = [
    "STATUS_OVERDUE",
    "STATUS_PAID",
    "STATUS_PENDING",
    "STATUS_UPCOMING",
    "Installment",
    "amortization_schedule",
    "arrears_cents",
    "arrears_for",
    "first_due_date",
    "installment_status",
    "level_payment",
    "schedule_statuses",
]

STATUS_PAID = "Pagada"
STATUS_PENDING = "Vigente"
STATUS_UPCOMING = "Por vencer"
STATUS_OVERDUE = "Vencida"

MIN_DAYS_TO_FIRST_DUE = 30
"""A first installment closer than this to the disbursement would be mostly interest."""

_PREC = 34
_DAYS_YEAR = Decimal(360)


def _cents(value: Decimal) -> Decimal:
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
        ctx.prec = _PREC
        if monthly_rate == 0:
            raw = principal / months
        else:
            raw = principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)
        return _cents(raw)


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
            ctx.prec = _PREC
            interest = _cents(balance * annual_rate * days / _DAYS_YEAR)
            insurance = _cents(balance * insurance_monthly_rate)
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


def installment_status(inst: Installment, today: date, paid: bool, *, current: bool = False) -> str:
    """Status label of one installment as shown to the member.

    "Pagada" if paid, "Vencida" if unpaid and due before `today`. An unpaid installment
    not yet due is "Vigente" only if it is the next one to pay, which a single row cannot
    know: the caller says so with `current` (see `schedule_statuses`), else "Por vencer".
    """
    if paid:
        return STATUS_PAID
    if inst.due_date < today:
        return STATUS_OVERDUE
    return STATUS_PENDING if current else STATUS_UPCOMING


def schedule_statuses(
    installments: Sequence[Installment], today: date, paid_count: int
) -> list[str]:
    """One status per installment; the first `paid_count` are taken as paid (in order).

    Unpaid past-due ones are "Vencida", the first unpaid one due today or later is
    "Vigente" and the rest "Por vencer".
    """
    if not 0 <= paid_count <= len(installments):
        raise ValueError("número de cuotas pagadas fuera de rango")
    statuses: list[str] = []
    current_assigned = False
    for index, inst in enumerate(installments):
        paid = index < paid_count
        is_current = not paid and not current_assigned and inst.due_date >= today
        statuses.append(installment_status(inst, today, paid, current=is_current))
        current_assigned = current_assigned or is_current
    return statuses


def arrears_for(inst: Installment, today: date, annual_rate: Decimal) -> Decimal:
    """Mora of an unpaid installment at `today`: capital × annual_rate × days late / 360.

    Deliberately simple: only the overdue capital accrues, at the annual default-interest
    rate `annual_rate` (e.g. Decimal("0.1899")), no compounding; 0.00 if not overdue.
    """
    days_late = (today - inst.due_date).days
    if days_late <= 0:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = _PREC
        return _cents(inst.capital * annual_rate * days_late / _DAYS_YEAR)


def arrears_cents(
    capital_cents: int, annual_rate: Decimal, failed_since: str | None, today: date
) -> int:
    """Mora on an installment's capital from the first failed debit to today (360 days)."""
    if failed_since is None:
        return 0
    days = (today - date.fromisoformat(failed_since)).days
    return max(0, to_cents(from_cents(capital_cents) * annual_rate * days / 360))
