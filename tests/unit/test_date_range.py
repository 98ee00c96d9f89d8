"""The date-range rules behind DateRangeField: how far back is "3 months", and what is said."""

from __future__ import annotations

from datetime import date

import pytest

from cooptui.domain.dates import months_before
from cooptui.widgets.date_range import REVERSED, THREE_MONTHS, range_problem

TODAY = date(2024, 12, 18)


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (date(2024, 12, 18), 3, date(2024, 9, 18)),
        (date(2024, 12, 31), 3, date(2024, 9, 30)),  # September has no 31st
        (date(2025, 2, 15), 3, date(2024, 11, 15)),  # across the new year
        (date(2024, 5, 31), 3, date(2024, 2, 29)),  # a leap February
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2024, 12, 18), 12, date(2023, 12, 18)),
    ],
)
def test_months_before(today: date, months: int, expected: date) -> None:
    assert months_before(today, months) == expected


def test_a_valid_range_has_no_problem() -> None:
    assert range_problem(date(2024, 9, 18), TODAY, TODAY, 3) == ""
    assert range_problem(None, None, TODAY, 3) == ""
    assert range_problem(None, date(2024, 10, 1), TODAY, 3) == ""


def test_problems_in_the_members_words() -> None:
    assert range_problem(date(2024, 12, 10), date(2024, 12, 1), TODAY, 3) == REVERSED
    too_old = range_problem(date(2024, 9, 17), None, TODAY, 3)
    assert too_old.startswith(THREE_MONTHS)
    assert "18/09/2024" in too_old
    assert range_problem(date(2023, 12, 1), TODAY, TODAY, 12) == (
        "Solo puedes consultar los últimos 12 meses: la fecha desde debe ser desde el 18/12/2023."
    )
    assert range_problem(None, date(2024, 12, 19), TODAY, 3) == (
        "La fecha hasta no puede ser posterior a hoy (18/12/2024)."
    )
