"""French-method amortization tables, statuses and arrears of the simulated core."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cooptui.backend_stub.loans import arrears_for, installment_status, schedule_statuses
from cooptui.domain.amortization import (
    Installment,
    amortization_schedule,
    first_due_date,
    level_payment,
)
from cooptui.domain.calendar import is_business_day

AMOUNT = Decimal("13750.00")
RATE = Decimal("0.1266")
INSURANCE = Decimal("0.00144")
GRANTED = date(2024, 12, 18)
FIRST_DUE = date(2025, 2, 5)


def cents_half_up(value: Fraction) -> Decimal:
    """Reference rounding, independent of the `decimal` module's contexts."""
    assert value >= 0
    return Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100


def french_payment(principal: Decimal, annual: Decimal, months: int) -> Decimal:
    """P = A·r·(1+r)^n / ((1+r)^n − 1), in exact rational arithmetic."""
    r = Fraction(annual) / 12
    if r == 0:
        return cents_half_up(Fraction(principal) / months)
    growth = (1 + r) ** months
    return cents_half_up(Fraction(principal) * r * growth / (growth - 1))


@pytest.fixture(scope="module")
def manual_loan() -> list[Installment]:
    return amortization_schedule(AMOUNT, RATE, 48, GRANTED, FIRST_DUE, INSURANCE)


def test_first_due_date_of_manual_loan() -> None:
    assert first_due_date(GRANTED) == FIRST_DUE


@pytest.mark.parametrize(
    ("granted", "expected"),
    [
        (date(2025, 3, 1), date(2025, 4, 7)),  # 05/04/2025 is a Saturday
        (date(2025, 3, 6), date(2025, 4, 7)),  # exactly 30 days to 05/04
        (date(2025, 3, 7), date(2025, 5, 5)),  # 29 days to 05/04 is too short
        (date(2025, 1, 5), date(2025, 2, 5)),  # 31 days
    ],
)
def test_first_due_date_gap_and_rolling(granted: date, expected: date) -> None:
    assert first_due_date(granted) == expected


def test_first_due_date_custom_payment_day_clamps() -> None:
    # 30 days after 10/01/2025 is 09/02; the "31st" of February is the 28th (a Friday).
    assert first_due_date(date(2025, 1, 10), payment_day=31) == date(2025, 2, 28)


def test_manual_due_dates(manual_loan: list[Installment]) -> None:
    assert [i.due_date for i in manual_loan[:7]] == [
        date(2025, 2, 5),
        date(2025, 3, 5),
        date(2025, 4, 7),
        date(2025, 5, 5),
        date(2025, 6, 5),
        date(2025, 7, 7),
        date(2025, 8, 5),
    ]
    assert len(manual_loan) == 48
    assert [i.number for i in manual_loan] == list(range(1, 49))
    assert all(is_business_day(i.due_date) for i in manual_loan)
    assert all(a.due_date < b.due_date for a, b in pairwise(manual_loan))
    # After a rolled date the schedule returns to the 5th.
    assert manual_loan[3].due_date.day == 5


def test_manual_capitals_and_balances(manual_loan: list[Installment]) -> None:
    assert sum(i.capital for i in manual_loan) == AMOUNT
    assert manual_loan[-1].balance_after == Decimal("0.00")
    before = AMOUNT
    for inst in manual_loan:
        assert inst.balance_after == before - inst.capital
        assert inst.capital >= 0
        assert inst.interest >= 0
        before = inst.balance_after


def test_manual_totals_and_cents(manual_loan: list[Installment]) -> None:
    for inst in manual_loan:
        assert inst.arrears == Decimal("0.00")
        assert inst.total == inst.capital + inst.interest + inst.insurance + inst.arrears
        for value in (inst.capital, inst.interest, inst.insurance, inst.balance_after):
            assert value.as_tuple().exponent == -2


def test_level_payment_matches_exact_french_formula(manual_loan: list[Installment]) -> None:
    assert level_payment(AMOUNT, RATE / 12, 48) == french_payment(AMOUNT, RATE, 48)
    # Each installment but the last splits the level payment re-computed on the balance
    # and the months left into capital + interest.
    balance = AMOUNT
    for inst in manual_loan[:-1]:
        assert inst.capital + inst.interest == french_payment(balance, RATE, 48 - inst.number + 1)
        balance = inst.balance_after


def test_last_installment_is_an_ordinary_one(manual_loan: list[Installment]) -> None:
    """Day-count drift must not pile up on the last installment."""
    typical = manual_loan[-2].total
    assert abs(manual_loan[-1].total - typical) < Decimal("5.00")


def test_interest_and_insurance_on_actual_days(manual_loan: list[Installment]) -> None:
    previous, balance = GRANTED, AMOUNT
    for inst in manual_loan:
        days = (inst.due_date - previous).days
        expected = cents_half_up(Fraction(balance) * Fraction(RATE) * days / 360)
        assert inst.interest == expected, inst.number
        assert inst.insurance == cents_half_up(Fraction(balance) * Fraction(INSURANCE))
        previous, balance = inst.due_date, inst.balance_after
    assert manual_loan[0].insurance == Decimal("19.80")  # 13,750.00 × 0.144 %


def test_longer_period_costs_more_interest(manual_loan: list[Installment]) -> None:
    feb_to_mar = manual_loan[1]  # 05/02 -> 05/03/2025: 28 days
    may_to_jun = manual_loan[4]  # 05/05 -> 05/06/2025: 31 days
    assert (feb_to_mar.due_date - manual_loan[0].due_date).days == 28
    assert (may_to_jun.due_date - manual_loan[3].due_date).days == 31
    balance_feb = manual_loan[0].balance_after
    balance_may = manual_loan[3].balance_after
    assert balance_may < balance_feb  # smaller balance, yet more interest
    assert may_to_jun.interest > feb_to_mar.interest
    # And the 28-day installment repays more capital for the same level payment.
    assert feb_to_mar.capital > may_to_jun.capital


def test_level_payment_zero_rate_and_validation() -> None:
    assert level_payment(Decimal("100.00"), Decimal(0), 3) == Decimal("33.33")
    assert level_payment(Decimal("1000.00"), Decimal("0.01"), 1) == Decimal("1010.00")
    with pytest.raises(ValueError, match="al menos un mes"):
        level_payment(Decimal("100.00"), Decimal("0.01"), 0)
    with pytest.raises(ValueError, match="negativa"):
        level_payment(Decimal("100.00"), Decimal("-0.01"), 12)


def test_schedule_validation() -> None:
    with pytest.raises(ValueError, match="mayor que cero"):
        amortization_schedule(Decimal("0"), RATE, 12, GRANTED, FIRST_DUE, INSURANCE)
    with pytest.raises(ValueError, match="al menos un mes"):
        amortization_schedule(AMOUNT, RATE, 0, GRANTED, FIRST_DUE, INSURANCE)
    with pytest.raises(ValueError, match="después del desembolso"):
        amortization_schedule(AMOUNT, RATE, 12, GRANTED, GRANTED, INSURANCE)
    with pytest.raises(TypeError):
        amortization_schedule(13750.0, RATE, 12, GRANTED, FIRST_DUE, INSURANCE)  # type: ignore[arg-type]


def test_single_installment_loan() -> None:
    (only,) = amortization_schedule(
        Decimal("500.00"), RATE, 1, date(2025, 1, 6), date(2025, 2, 5), Decimal(0)
    )
    assert only.capital == Decimal("500.00")
    assert only.balance_after == Decimal("0.00")
    assert only.interest == cents_half_up(Fraction(500) * Fraction(RATE) * 30 / 360)


def test_schedule_statuses_by_date(manual_loan: list[Installment]) -> None:
    today = date(2025, 4, 10)  # after 07/04, before 05/05
    statuses = schedule_statuses(manual_loan, today, paid_count=2)
    assert statuses[:5] == ["Pagada", "Pagada", "Vencida", "Vigente", "Por vencer"]
    assert set(statuses[4:]) == {"Por vencer"}
    assert statuses.count("Vigente") == 1


def test_due_today_is_vigente_not_vencida(manual_loan: list[Installment]) -> None:
    statuses = schedule_statuses(manual_loan, date(2025, 4, 7), paid_count=2)
    assert statuses[2] == "Vigente"
    statuses = schedule_statuses(manual_loan, date(2025, 4, 8), paid_count=2)
    assert statuses[2] == "Vencida"
    assert statuses[3] == "Vigente"


def test_several_overdue_and_edges(manual_loan: list[Installment]) -> None:
    statuses = schedule_statuses(manual_loan, date(2025, 6, 1), paid_count=0)
    assert statuses[:5] == ["Vencida", "Vencida", "Vencida", "Vencida", "Vigente"]
    assert schedule_statuses(manual_loan, date(2030, 1, 1), 48) == ["Pagada"] * 48
    assert schedule_statuses(manual_loan, date(2030, 1, 1), 0) == ["Vencida"] * 48
    assert schedule_statuses([], date(2030, 1, 1), 0) == []
    with pytest.raises(ValueError, match="fuera de rango"):
        schedule_statuses(manual_loan, date(2025, 1, 1), 49)
    with pytest.raises(ValueError, match="fuera de rango"):
        schedule_statuses(manual_loan, date(2025, 1, 1), -1)


def test_installment_status_single(manual_loan: list[Installment]) -> None:
    inst = manual_loan[2]  # due 07/04/2025
    assert installment_status(inst, date(2025, 5, 1), paid=True) == "Pagada"
    assert installment_status(inst, date(2025, 4, 8), paid=False) == "Vencida"
    assert installment_status(inst, date(2025, 4, 7), paid=False) == "Por vencer"
    assert installment_status(inst, date(2025, 4, 7), paid=False, current=True) == "Vigente"


def test_arrears_for(manual_loan: list[Installment]) -> None:
    inst = manual_loan[0]  # due 05/02/2025
    mora = Decimal("0.1899")
    assert arrears_for(inst, date(2025, 2, 5), mora) == Decimal("0.00")
    assert arrears_for(inst, date(2025, 2, 1), mora) == Decimal("0.00")
    for late in (1, 10, 45):
        today = inst.due_date + timedelta(days=late)
        expected = cents_half_up(Fraction(inst.capital) * Fraction(mora) * late / 360)
        assert arrears_for(inst, today, mora) == expected
    assert arrears_for(inst, date(2025, 3, 7), mora) > arrears_for(inst, date(2025, 2, 20), mora)


loan_amounts = st.integers(min_value=100_00, max_value=250_000_00).map(lambda c: Decimal(c) / 100)
annual_rates = st.integers(min_value=0, max_value=3000).map(lambda bp: Decimal(bp) / 10000)
insurance_rates = st.integers(min_value=0, max_value=300).map(lambda x: Decimal(x) / 100000)


@settings(max_examples=150, deadline=None)
@given(
    amount=loan_amounts,
    annual=annual_rates,
    months=st.integers(min_value=1, max_value=120),
    granted=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    payment_day=st.integers(min_value=1, max_value=28),
    insurance=insurance_rates,
)
def test_schedule_properties(
    amount: Decimal,
    annual: Decimal,
    months: int,
    granted: date,
    payment_day: int,
    insurance: Decimal,
) -> None:
    first = first_due_date(granted, payment_day)
    assert (first - granted).days >= 30
    rows = amortization_schedule(amount, annual, months, granted, first, insurance)
    assert len(rows) == months
    assert sum(r.capital for r in rows) == amount
    assert rows[-1].balance_after == Decimal("0.00")
    for row in rows:
        assert row.capital >= 0
        assert row.interest >= 0
        assert row.insurance >= 0
        assert row.balance_after >= 0
        assert row.total == row.capital + row.interest + row.insurance
        assert is_business_day(row.due_date)
    assert all(a.due_date < b.due_date for a, b in pairwise(rows))
    assert all(a.balance_after >= b.balance_after for a, b in pairwise(rows))
