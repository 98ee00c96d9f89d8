"""Money as `Decimal` with two places (ROUND_HALF_UP), and its integer-cents form.

Floats never enter: a float amount is refused, because binary floating point cannot
represent most cent values and a bank must be exact to the cent.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CURRENCY = "USD"

MAX_MAGNITUDE_DIGITS = 30
"""Digits before the point that `to_money` handles at all (beyond: a bounded refusal)."""

MAX_AMOUNT = Decimal("1000000.00")
"""The largest amount a member may order or type; above it is almost certainly a typo."""

_WIRE_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""An amount on the wire: ASCII digits, one optional point, no sign but minus, no exponent."""

TOO_LARGE = "El monto no puede superar $1,000,000.00"
WIRE_FORMAT = 'Ingresa el monto como texto con dos decimales, por ejemplo "150.00".'


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
    if dec and dec.adjusted() >= MAX_MAGNITUDE_DIGITS:
        raise ValueError(TOO_LARGE)
    # A context as wide as the number: the default 28 digits would refuse 1e26.
    wide = Context(prec=MAX_MAGNITUDE_DIGITS + 4, rounding=ROUND_HALF_UP)
    return dec.quantize(CENT, context=wide)


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


def _validate_exact_amount(value: Any, info: ValidationInfo) -> Decimal:
    """An ordered amount: exact (≤ 2 places), bounded, and on the wire a plain decimal string.

    In JSON only a string of ASCII digits with an optional fraction is taken: a JSON
    number, "+5", "5e0", ".5", "1.", "٥" or "5,00" are refused with the format to use.
    """
    if info.mode == "json" and not (isinstance(value, str) and _WIRE_AMOUNT.fullmatch(value)):
        raise ValueError(WIRE_FORMAT)
    amount = _validate_money(value)
    raw = Decimal(value) if isinstance(value, str) else value
    if isinstance(raw, Decimal) and raw != amount:
        raise ValueError("El monto admite máximo 2 decimales")
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(TOO_LARGE)
    return amount


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
