"""Installment statuses and arrears (mora) of the simulated core's loans.

The tables themselves (French method) are `cooptui.domain.amortization`'s, shared with
the app's credit simulator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, localcontext

from cooptui.domain.amortization import DAYS_YEAR, PRECISION, Installment, round_cents
from cooptui.domain.money import ZERO, from_cents, to_cents

__all__ = [
    "STATUS_OVERDUE",
    "STATUS_PAID",
    "STATUS_PENDING",
    "STATUS_UPCOMING",
    "arrears_cents",
    "arrears_for",
    "installment_status",
    "schedule_statuses",
]

STATUS_PAID = "Pagada"
STATUS_PENDING = "Vigente"
STATUS_UPCOMING = "Por vencer"
STATUS_OVERDUE = "Vencida"


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
        ctx.prec = PRECISION
        return round_cents(inst.capital * annual_rate * days_late / DAYS_YEAR)


def arrears_cents(
    capital_cents: int, annual_rate: Decimal, failed_since: str | None, today: date
) -> int:
    """Mora on an installment's capital from the first failed debit to today (360 days)."""
    if failed_since is None:
        return 0
    days = (today - date.fromisoformat(failed_since)).days
    return max(0, to_cents(from_cents(capital_cents) * annual_rate * days / 360))
