"""Ecuadorian business-day calendar, shared by the core bank and the app's simulators.

Due dates of loans and card deferrals that fall on a weekend or a national holiday are
paid on the next business day, so the schedule generators (the core's and the credit
simulator of Solicita tus productos) need to know which days the cooperative is open. Only the fixed national holidays plus Carnival and Good Friday are
modelled; the law that moves some holidays to the nearest Monday/Friday is ignored on
purpose (the simulator only needs plausible, deterministic dates).
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "FIXED_HOLIDAYS",
    "add_months",
    "easter_sunday",
    "holidays",
    "is_business_day",
    "next_business_day",
    "roll_forward",
]

FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),  # Año Nuevo
    (5, 1),  # Día del Trabajo
    (5, 24),  # Batalla de Pichincha
    (8, 10),  # Primer Grito de Independencia
    (10, 9),  # Independencia de Guayaquil
    (11, 2),  # Día de los Difuntos
    (11, 3),  # Independencia de Cuenca
    (12, 25),  # Navidad
)
"""(month, day) of the national holidays that fall on the same date every year."""


def easter_sunday(year: int) -> date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

    Carnival and Good Friday are movable feasts anchored to Easter.
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[date]:
    """All national holidays of `year` (fixed ones, Carnival Mon/Tue and Good Friday)."""
    easter = easter_sunday(year)
    movable = {
        easter - timedelta(days=48),  # Lunes de Carnaval
        easter - timedelta(days=47),  # Martes de Carnaval
        easter - timedelta(days=2),  # Viernes Santo
    }
    return frozenset({date(year, m, d) for m, d in FIXED_HOLIDAYS} | movable)


def is_business_day(d: date) -> bool:
    """True on Monday–Friday unless the day is an Ecuadorian national holiday."""
    return d.weekday() < 5 and d not in holidays(d.year)


def next_business_day(d: date) -> date:
    """The first business day strictly after `d`."""
    d += timedelta(days=1)
    while not is_business_day(d):
        d += timedelta(days=1)
    return d


def roll_forward(d: date) -> date:
    """`d` itself if it is a business day, else the next one (the "following" convention)."""
    return d if is_business_day(d) else next_business_day(d)


def add_months(d: date, n: int, day: int | None = None) -> date:
    """`d` moved by `n` calendar months, on `day` (default `d.day`), clamped to month end.

    Passing `day` explicitly keeps a schedule anchored to its nominal payment day, so a
    31st that was clamped to 28 Feb goes back to the 31st in March.
    """
    target_day = d.day if day is None else day
    if not 1 <= target_day <= 31:
        raise ValueError(f"día del mes inválido: {target_day}")
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(target_day, last))
