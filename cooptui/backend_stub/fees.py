"""The cooperative's tariff: commissions, IVA and daily limits (integer cents)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

IVA_RATE = Decimal("0.15")
INTERBANK_COMMISSION_CENTS = 36  # "COSTO TRANSFERENCIA / PAGO TARJETAS SPI" in the manual

DAILY_LIMIT_CENTS: dict[str, int] = {
    "own": 1_500_000,
    "internal": 500_000,
    "interbank": 300_000,
}


def iva_cents(commission_cents: int) -> int:
    """15 % IVA on a commission, half up: $0.36 -> $0.05, as the manual's movements show."""
    return int((Decimal(commission_cents) * IVA_RATE).quantize(Decimal(1), ROUND_HALF_UP))


def transfer_fees(kind: str) -> tuple[int, int]:
    """(commission, IVA) in cents for a transfer kind; within the cooperative it is free."""
    if kind == "interbank":
        return INTERBANK_COMMISSION_CENTS, iva_cents(INTERBANK_COMMISSION_CENTS)
    return 0, 0
