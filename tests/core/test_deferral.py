"""Credit-card deferral quotes: interest-free terms, exact totals, refused inputs."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cooptui.backend_stub.deferral import (
    DEFERRAL_TERMS,
    DeferralQuote,
    deferral_rate,
    quote_deferral,
)


def cents_half_up(value: Fraction) -> Decimal:
    assert value >= 0
    return Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100


def french_payment(principal: Decimal, annual: Decimal, months: int) -> Decimal:
    r = Fraction(annual) / 12
    if r == 0:
        return cents_half_up(Fraction(principal) / months)
    growth = (1 + r) ** months
    return cents_half_up(Fraction(principal) * r * growth / (growth - 1))


def assert_exact(quote: DeferralQuote) -> None:
    capitals = [row[1] for row in quote.schedule]
    interests = [row[2] for row in quote.schedule]
    assert [row[0] for row in quote.schedule] == list(range(1, quote.months + 1))
    assert sum(capitals) == quote.principal
    assert sum(interests) == quote.total_interest
    assert quote.total == quote.principal + quote.total_interest
    assert sum(c + i for c, i in zip(capitals, interests, strict=True)) == quote.total
    assert quote.schedule[-1][3] == Decimal("0.00")
    balance = quote.principal
    for _, capital, interest, after in quote.schedule:
        assert capital >= 0
        assert interest >= 0
        assert after == balance - capital
        balance = after


def test_three_months_is_interest_free() -> None:
    assert deferral_rate(3) == 0
    quote = quote_deferral(Decimal("100.00"), 3)
    assert quote.monthly_rate == 0
    assert quote.total_interest == Decimal("0.00")
    assert quote.total == Decimal("100.00")
    assert quote.installment == Decimal("33.33")
    assert [row[1] for row in quote.schedule] == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),  # the last one absorbs the rounding
    ]
    assert_exact(quote)


def test_rates_by_term() -> None:
    rates = [deferral_rate(t) for t in DEFERRAL_TERMS]
    assert rates == sorted(rates)  # longer terms never cheaper
    assert all(r > 0 for r in rates[1:])
    assert deferral_rate(6) == Decimal("0.1550")
    assert deferral_rate(36) == Decimal("0.1611")


@pytest.mark.parametrize("months", DEFERRAL_TERMS)
def test_quote_matches_french_formula(months: int) -> None:
    principal = Decimal("1234.56")
    quote = quote_deferral(principal, months)
    annual = deferral_rate(months)
    assert quote.principal == principal
    assert quote.months == months
    assert quote.monthly_rate * 12 == annual
    assert quote.installment == french_payment(principal, annual, months)
    balance = principal
    for _, capital, interest, after in quote.schedule:
        assert interest == cents_half_up(Fraction(balance) * Fraction(annual) / 12)
        if after:
            assert capital + interest == quote.installment
        balance = after
    assert_exact(quote)
    if months > 3:
        assert quote.total_interest > 0


def test_longer_term_costs_more_interest() -> None:
    totals = [quote_deferral(Decimal("2000.00"), t).total_interest for t in DEFERRAL_TERMS]
    assert totals == sorted(totals)
    assert len(set(totals)) == len(totals)


def test_minimum_amount_is_accepted() -> None:
    quote = quote_deferral(Decimal("50.00"), 36)
    assert_exact(quote)


@pytest.mark.parametrize("months", [0, 1, 2, 4, 5, 48, -3])
def test_unsupported_terms_refused(months: int) -> None:
    with pytest.raises(ValueError, match="Plazo de diferido no admitido"):
        quote_deferral(Decimal("500.00"), months)


@pytest.mark.parametrize("principal", ["0", "0.00", "-10.00"])
def test_non_positive_principal_refused(principal: str) -> None:
    with pytest.raises(ValueError, match="mayor que cero"):
        quote_deferral(Decimal(principal), 6)


@pytest.mark.parametrize("principal", ["0.01", "49.99", "49.994"])
def test_below_minimum_refused(principal: str) -> None:
    with pytest.raises(ValueError, match=r"El monto mínimo para diferir es \$50\.00"):
        quote_deferral(Decimal(principal), 6)


def test_float_principal_refused() -> None:
    with pytest.raises(TypeError):
        quote_deferral(100.0, 6)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    cents=st.integers(min_value=50_00, max_value=100_000_00),
    months=st.sampled_from(DEFERRAL_TERMS),
)
def test_quote_properties(cents: int, months: int) -> None:
    principal = Decimal(cents) / 100
    quote = quote_deferral(principal, months)
    assert_exact(quote)
    installments = [c + i for _, c, i, _ in quote.schedule]
    assert all(amount > 0 for amount in installments)
    assert all(amount == quote.installment for amount in installments[:-1])
    # The last installment only absorbs rounding drift, a few cents at most.
    assert abs(installments[-1] - quote.installment) <= Decimal("0.02") * months
