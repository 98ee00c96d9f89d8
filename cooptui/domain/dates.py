"""Calendar arithmetic the bank and the screens must agree on."""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def months_before(today: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day if it is shorter
    (31 December → 30 September; 29 February → 28 February of the year before).

    The earliest Fecha desde of a query reaching `months` back: the core refuses what
    the screen refuses, to the day.
    """
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(today.day, monthrange(year, month)[1]))
