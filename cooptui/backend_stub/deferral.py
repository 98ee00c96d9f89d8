"""Credit-card deferral (diferido) quotes for the simulated core bank.

A purchase or balance deferred to N months is repaid in level monthly installments by
the French method at a monthly rate of annual/12. The same quote is shown when the
member simulates and booked when they confirm, so it must be exact to the cent: capitals
add up to the principal and the listed installments add up to `total`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from cooptui.domain.amortization import level_payment
from cooptui.domain.cards import MIN_DEFERRAL
from cooptui.domain.money import CENT, ZERO, to_money

__all__ = [
    "DEFERRAL_TERMS",
    "MIN_DEFERRAL",
    "DeferralQuote",
    "booked_quote",
    "deferral_rate",
    "quote_deferral",
]

DEFERRAL_TERMS: tuple[int, ...] = (3, 6, 9, 12, 18, 24, 36)
"""Terms, in months, that the cooperative's card accepts for a deferral."""


_ANNUAL_RATES: dict[int, Decimal] = {
    3: Decimal("0"),
    6: Decimal("0.1550"),
    9: Decimal("0.1550"),
    12: Decimal("0.1611"),
    18: Decimal("0.1611"),
    24: Decimal("0.1611"),
    36: Decimal("0.1611"),
}


@dataclass(frozen=True)
class DeferralQuote:
    """The full cost and monthly plan of deferring `principal` over `months`."""

    principal: Decimal
    months: int
    monthly_rate: Decimal
    """annual rate / 12, unrounded (e.g. 0.1611/12 = 0.013425)."""
    installment: Decimal
    """Level monthly installment; the last one may differ by a few cents."""
    total_interest: Decimal
    total: Decimal
    schedule: tuple[tuple[int, Decimal, Decimal, Decimal], ...]
    """(number, capital, interest, balance_after) per month."""


def deferral_rate(months: int) -> Decimal:
    """Annual nominal rate charged for deferring over `months`.

    3 months are interest-free (a usual card promotion); longer terms carry rates in the
    range Ecuadorian issuers charge on consumer card deferrals, below the regulated
    ceiling for consumer credit: 15.50 % up to 9 months, 16.11 % from 12 months.
    """
    try:
        return _ANNUAL_RATES[months]
    except KeyError:
        options = ", ".join(str(t) for t in DEFERRAL_TERMS)
        raise ValueError(
            f"Plazo de diferido no admitido: {months} meses (opciones: {options})"
        ) from None


def quote_deferral(
    principal: Decimal, months: int, annual_rate: Decimal | None = None
) -> DeferralQuote:
    """Quote a deferral: level installment, per-month split and exact totals.

    Interest each month is the outstanding balance × monthly rate, rounded half up; the
    last month's capital is the whole remaining balance, so it absorbs rounding.
    `annual_rate` is the rate a booked deferral carries (default: today's rate for the
    term), so the card cycle bills exactly what the member was quoted.
    Raises `ValueError` (Spanish message) for an unsupported term or a principal that is
    not positive or below $50.00.
    """
    annual = deferral_rate(months) if annual_rate is None else annual_rate
    amount = to_money(principal)
    if amount <= 0:
        raise ValueError("El monto a diferir debe ser mayor que cero")
    if amount < MIN_DEFERRAL:
        raise ValueError("El monto mínimo para diferir es $50.00")
    return booked_quote(amount, months, annual)


def booked_quote(principal: Decimal, months: int, annual_rate: Decimal) -> DeferralQuote:
    """The schedule of a deferral already booked: `quote_deferral`'s arithmetic, no checks.

    A booked plan keeps the terms the member accepted: if the $50.00 minimum or the term
    table changes later, its installments are still billed (the card cycle must not stop).
    """
    amount = to_money(principal)
    months = max(int(months), 1)
    with localcontext() as ctx:
        ctx.prec = 34
        monthly_rate = annual_rate / 12
    installment = level_payment(amount, monthly_rate, months)

    rows: list[tuple[int, Decimal, Decimal, Decimal]] = []
    balance = amount
    total_interest = ZERO
    for number in range(1, months + 1):
        with localcontext() as ctx:
            ctx.prec = 34
            interest = (balance * monthly_rate).quantize(CENT, rounding=ROUND_HALF_UP)
        last = number == months
        capital = balance if last else min(max(installment - interest, ZERO), balance)
        balance -= capital
        total_interest += interest
        rows.append((number, capital, interest, balance))

    return DeferralQuote(
        principal=amount,
        months=months,
        monthly_rate=monthly_rate,
        installment=installment,
        total_interest=total_interest,
        total=amount + total_interest,
        schedule=tuple(rows),
    )
