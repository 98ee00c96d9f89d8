"""Money as `Decimal` with two places (ROUND_HALF_UP), and its integer-cents form.

Floats never enter: a float amount is refused, because binary floating point cannot
represent most cent values and a bank must be exact to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CURRENCY = "USD"


def to_money(value: Any) -> Decimal:
    """Coerce `value` (Decimal, int or numeric string) to a 2-place Decimal, half up.

    Raises `TypeError` for floats and bools and `ValueError` for non-numeric text.
    """
    if isinstance(value, bool | float):
        raise TypeError("los montos no pueden ser números de punto flotante")
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, str):
        try:
            dec = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"monto inválido: {value!r}") from exc
    else:
        raise TypeError(f"tipo de monto no admitido: {type(value).__name__}")
    if not dec.is_finite():
        raise ValueError("monto inválido")
    return dec.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal | int | str) -> int:
    """The integer number of cents of a money value (rounded half up first)."""
    return int(to_money(value) * 100)


def from_cents(cents: int) -> Decimal:
    """A 2-place Decimal from an integer number of cents."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("los centavos deben ser un entero")
    return (Decimal(cents) / 100).quantize(CENT)


def _validate_money(value: Any) -> Decimal:
    try:
        return to_money(value)
    except TypeError as exc:  # pydantic reports ValueError as a validation error
        raise ValueError(str(exc)) from exc


def _validate_exact_amount(value: Any) -> Decimal:
    if isinstance(value, str | Decimal) and not isinstance(value, bool):
        raw = Decimal(value.strip()) if isinstance(value, str) else value
        if raw.is_finite() and raw != raw.quantize(CENT):
            raise ValueError("El monto admite máximo 2 decimales")
    return _validate_money(value)


Money = Annotated[
    Decimal,
    BeforeValidator(_validate_money),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
]
"""A pydantic field type: 2-place Decimal in Python, decimal string in JSON."""


Amount = Annotated[
    Decimal,
    BeforeValidator(_validate_exact_amount),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
]
"""An amount a member ordered: like `Money`, but more than 2 decimals is refused, not rounded."""
