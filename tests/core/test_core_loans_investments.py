"""The demo loan's schedule and collection, and the term deposit's interest and payout."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import DEMO_INVESTMENT, DEMO_LOAN, DEMO_SAVINGS
from cooptui.domain.products import (
    AmortizationRow,
    InstallmentStatus,
    Investment,
    LoanDetail,
    LoanStatus,
)
from tests.core.conftest import (
    account,
    advance_to,
    assert_ledger_sound,
    days,
    deposit,
    emails_since,
    logged_in,
    outbox_mark,
)

CENT = Decimal("0.01")


@pytest.fixture
def token(core: Core) -> str:
    token = logged_in(core)
    # Switch off the demo's scheduled bill payment so only the loan touches the savings.
    for scheduled in core.scheduled_payments(token):
        core.cancel_scheduled_payment(token, scheduled.id)
    return token


def detail(core: Core, token: str) -> LoanDetail:
    return core.loan_detail(token, DEMO_LOAN)


def first_row(core: Core, token: str) -> AmortizationRow:
    return detail(core, token).schedule[0]


def loan_debits(core: Core, token: str) -> list[Decimal]:
    """The installment debits on the savings statement (the disbursement is a credit)."""
    return [
        m.amount
        for m in core.last_movements(token, DEMO_SAVINGS, 20)
        if f"PRESTAMO {DEMO_LOAN}" in m.description and m.amount < 0
    ]


# --------------------------------------------------------------------------- the schedule


def test_loan_schedule_matches_the_manual(core: Core, token: str) -> None:
    loan = detail(core, token)

    assert loan.loan.amount == Decimal("13750.00")
    assert len(loan.schedule) == loan.loan.term_months == 48
    assert [row.number for row in loan.schedule] == list(range(1, 49))
    assert sum(row.capital for row in loan.schedule) == loan.loan.amount
    assert loan.schedule[-1].balance_after == Decimal("0.00")
    assert loan.schedule[0].status is InstallmentStatus.CURRENT
    assert {row.status for row in loan.schedule[1:]} == {InstallmentStatus.UPCOMING}
    assert all(row.arrears == Decimal("0.00") for row in loan.schedule)
    assert all(
        row.total == row.capital + row.interest + row.insurance + row.arrears
        for row in loan.schedule
    )
    dues = [row.due_date for row in loan.schedule]
    assert dues == sorted(dues)
    assert loan.loan.status is LoanStatus.CURRENT
    assert loan.loan.capital_balance == loan.loan.amount
    assert loan.loan.next_payment_amount == loan.schedule[0].total
    assert loan.loan.next_payment_date == loan.schedule[0].due_date


# --------------------------------------------------------------------------- collection


def test_installment_is_debited_on_its_due_date_when_funds_suffice(core: Core, token: str) -> None:
    due = first_row(core, token)
    deposit(core, DEMO_SAVINGS, Decimal("500.00"))
    before = account(core, token, DEMO_SAVINGS)
    mark = outbox_mark(core)

    advance_to(core, due.due_date, time(8, 0))

    loan = detail(core, token)
    paid = loan.schedule[0]
    assert paid.status is InstallmentStatus.PAID
    assert paid.arrears == Decimal("0.00")
    assert paid.total == due.total
    assert loan.schedule[1].status is InstallmentStatus.CURRENT
    assert loan.loan.installments_paid == 1
    assert loan.loan.capital_balance == loan.loan.amount - due.capital
    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - due.total
    assert loan_debits(core, token) == [-due.total]
    assert len(emails_since(core, mark, "Pago de cuota")) == 1
    assert_ledger_sound(core)


def test_funds_present_on_the_due_date_mean_no_mora_even_after_time_travel(
    core: Core, token: str
) -> None:
    """The money was there on the due date; jumping a week later must not add mora."""
    due = first_row(core, token)
    deposit(core, DEMO_SAVINGS, Decimal("500.00"))
    before = account(core, token, DEMO_SAVINGS)

    advance_to(core, due.due_date + timedelta(days=7), time(8, 0))

    paid = first_row(core, token)
    assert paid.status is InstallmentStatus.PAID
    assert paid.arrears == Decimal("0.00")
    assert account(core, token, DEMO_SAVINGS).ledger_balance == before.ledger_balance - due.total
    assert_ledger_sound(core)


def test_without_funds_the_installment_becomes_overdue_with_mora(core: Core, token: str) -> None:
    due = first_row(core, token)
    before = account(core, token, DEMO_SAVINGS)
    assert before.available_balance < due.total  # the demo member cannot pay it

    advance_to(core, due.due_date + timedelta(days=10), time(8, 0))

    overdue = first_row(core, token)
    assert overdue.status is InstallmentStatus.OVERDUE
    assert overdue.arrears > Decimal("0.00")
    assert overdue.total == due.total + overdue.arrears
    loan = detail(core, token)
    assert loan.loan.status is LoanStatus.OVERDUE
    assert loan.loan.next_payment_amount == overdue.total
    assert loan.loan.capital_balance == loan.loan.amount
    assert account(core, token, DEMO_SAVINGS) == before
    assert loan_debits(core, token) == []

    # Mora keeps growing while it stays unpaid.
    advance_to(core, due.due_date + timedelta(days=20), time(8, 0))
    later = first_row(core, token)
    assert later.status is InstallmentStatus.OVERDUE
    assert later.arrears > overdue.arrears

    # Funds arrive: the next run collects the installment with its mora.
    deposit(core, DEMO_SAVINGS, Decimal("500.00"))
    funded = account(core, token, DEMO_SAVINGS)
    core.advance_clock(60)
    paid = first_row(core, token)
    assert paid.status is InstallmentStatus.PAID
    assert paid.arrears == later.arrears
    assert account(core, token, DEMO_SAVINGS).ledger_balance == funded.ledger_balance - later.total
    assert loan_debits(core, token) == [-later.total]
    assert_ledger_sound(core)


# --------------------------------------------------------------------------- the term deposit


def investment(core: Core, token: str) -> Investment:
    [inv] = [i for i in core.investments(token) if i.number == DEMO_INVESTMENT]
    return inv


def interest(inv: Investment, elapsed_days: int) -> Decimal:
    """Simple interest on a 360-day year, rounded half up to cents."""
    raw = inv.amount * inv.annual_rate * elapsed_days / Decimal(360)
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def test_investment_interest_grows_with_the_clock(core: Core, token: str) -> None:
    inv = investment(core, token)
    elapsed = (core.now().date() - inv.issued_on).days
    assert elapsed > 0
    assert inv.interest_earned == interest(inv, elapsed)
    assert inv.interest_at_maturity == interest(inv, inv.days)

    core.advance_clock(days(30))

    later = investment(core, token)
    assert later.interest_earned == interest(inv, elapsed + 30)
    assert later.interest_earned > inv.interest_earned
    assert later.status == "VIGENTE"
    assert_ledger_sound(core)


def test_investment_pays_principal_plus_interest_at_maturity(core: Core, token: str) -> None:
    inv = investment(core, token)
    expected = inv.amount + interest(inv, inv.days)
    mark = outbox_mark(core)

    advance_to(core, inv.matures_on - timedelta(days=1), time(8, 0))
    assert investment(core, token).status == "VIGENTE"
    advance_to(core, inv.matures_on, time(8, 0))

    matured = investment(core, token)
    assert matured.status == "CANCELADA"
    assert matured.interest_paid == interest(inv, inv.days)
    assert matured.interest_earned == interest(inv, inv.days)  # no interest after maturity
    credits = [
        m.amount
        for m in core.movements(token, DEMO_SAVINGS, inv.matures_on, inv.matures_on)
        if "INVERSION" in m.description and m.amount > 0
    ]
    assert credits == [expected]
    notices = emails_since(core, mark, "Vencimiento de inversión")
    assert len(notices) == 1
    assert_ledger_sound(core)


def test_installments_are_collected_oldest_first(core: Core, token: str) -> None:
    """A later cuota is never debited while an earlier one stays unpaid."""
    schedule = detail(core, token).schedule
    first, second, third = schedule[0], schedule[1], schedule[2]
    # Exactly enough for the first cuota: nothing is left for the next ones.
    available = account(core, token, DEMO_SAVINGS).available_balance
    deposit(core, DEMO_SAVINGS, first.total - available)
    advance_to(core, first.due_date, time(8, 0))
    assert first_row(core, token).status is InstallmentStatus.PAID
    assert account(core, token, DEMO_SAVINGS).available_balance == Decimal("0.00")

    # The second and third fall due unpaid; then money that covers only the smaller,
    # younger third cuota (plus a day of mora) but not the older second one arrives.
    advance_to(core, third.due_date + timedelta(days=1), time(8, 0))
    overdue = detail(core, token).schedule
    assert overdue[1].status is InstallmentStatus.OVERDUE
    assert overdue[2].status is InstallmentStatus.OVERDUE
    assert third.total + Decimal("0.50") < overdue[1].total
    deposit(core, DEMO_SAVINGS, third.total + Decimal("0.50"))
    core.advance_clock(60)

    rows = detail(core, token).schedule
    paid = [r.number for r in rows if r.status is InstallmentStatus.PAID]
    debited = sorted(
        int(m.description.split("CUOTA ")[1].split()[0])
        for m in core.last_movements(token, DEMO_SAVINGS, 20)
        if "DEBITO CUOTA" in m.description
    )
    assert paid == debited  # what the table calls Pagada is what was debited
    assert paid == list(range(1, len(paid) + 1))  # and always the oldest ones
    assert second.number not in paid
    assert_ledger_sound(core)
