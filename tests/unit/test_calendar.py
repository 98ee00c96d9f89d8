"""Ecuadorian business-day calendar: holidays, rolling and month arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cooptui.domain.calendar import (
    FIXED_HOLIDAYS,
    add_months,
    easter_sunday,
    holidays,
    is_business_day,
    next_business_day,
    roll_forward,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # Published Easter Sunday dates (Western churches).
        (2000, date(2000, 4, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday_known_dates(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_good_friday_2025_is_a_holiday() -> None:
    assert date(2025, 4, 18) in holidays(2025)
    assert not is_business_day(date(2025, 4, 18))
    assert is_business_day(date(2025, 4, 17))  # Maundy Thursday is a working day


def test_carnival_2025_is_monday_and_tuesday() -> None:
    assert not is_business_day(date(2025, 3, 3))
    assert not is_business_day(date(2025, 3, 4))
    assert is_business_day(date(2025, 3, 5))  # Ash Wednesday
    assert is_business_day(date(2025, 2, 28))


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_christmas_never_business_day(year: int) -> None:
    assert not is_business_day(date(year, 12, 25))
    assert date(year, 12, 25) in holidays(year)


def test_all_fixed_holidays_of_2025() -> None:
    for month, day in FIXED_HOLIDAYS:
        assert not is_business_day(date(2025, month, day)), (month, day)
    assert len(holidays(2025)) == len(FIXED_HOLIDAYS) + 3


def test_weekends_and_ordinary_weekdays() -> None:
    assert not is_business_day(date(2025, 4, 5))  # Saturday
    assert not is_business_day(date(2025, 4, 6))  # Sunday
    assert is_business_day(date(2025, 4, 7))  # Monday
    assert is_business_day(date(2025, 2, 5))  # Wednesday


def test_next_business_day_is_strictly_after() -> None:
    assert next_business_day(date(2025, 4, 7)) == date(2025, 4, 8)
    assert next_business_day(date(2025, 4, 4)) == date(2025, 4, 7)  # Fri -> Mon
    assert next_business_day(date(2025, 4, 17)) == date(2025, 4, 21)  # over Good Friday
    assert next_business_day(date(2025, 12, 24)) == date(2025, 12, 26)
    assert next_business_day(date(2025, 12, 31)) == date(2026, 1, 2)
    assert next_business_day(date(2025, 2, 28)) == date(2025, 3, 5)  # over Carnival


def test_roll_forward() -> None:
    assert roll_forward(date(2025, 4, 5)) == date(2025, 4, 7)
    assert roll_forward(date(2025, 7, 5)) == date(2025, 7, 7)
    assert roll_forward(date(2025, 2, 5)) == date(2025, 2, 5)
    assert roll_forward(date(2025, 3, 1)) == date(2025, 3, 5)


def test_add_months_clamps_and_crosses_years() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert add_months(date(2025, 2, 15), -3) == date(2024, 11, 15)
    assert add_months(date(2025, 3, 31), 0) == date(2025, 3, 31)
    assert add_months(date(2025, 4, 30), 12) == date(2026, 4, 30)


def test_add_months_with_explicit_day_restores_anchor() -> None:
    assert add_months(date(2025, 2, 28), 1, day=31) == date(2025, 3, 31)
    assert add_months(date(2025, 2, 28), 2, day=31) == date(2025, 4, 30)
    assert add_months(date(2025, 1, 18), 1, day=5) == date(2025, 2, 5)


@pytest.mark.parametrize("day", [0, 32, -1])
def test_add_months_rejects_bad_day(day: int) -> None:
    with pytest.raises(ValueError, match="día"):
        add_months(date(2025, 1, 1), 1, day=day)


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(dates)
def test_roll_forward_lands_on_first_business_day(d: date) -> None:
    rolled = roll_forward(d)
    assert rolled >= d
    assert is_business_day(rolled)
    gap = d
    while gap < rolled:
        assert not is_business_day(gap)
        gap += timedelta(days=1)
    assert (rolled - d).days <= 5


@given(dates)
def test_next_business_day_property(d: date) -> None:
    nxt = next_business_day(d)
    assert nxt > d
    assert is_business_day(nxt)
    assert roll_forward(d + timedelta(days=1)) == nxt


@given(dates, st.integers(min_value=-240, max_value=240))
def test_add_months_month_arithmetic(d: date, n: int) -> None:
    moved = add_months(d, n)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == n
    assert moved.day == d.day or (moved.day < d.day and next_day_changes_month(moved))


def next_day_changes_month(d: date) -> bool:
    return (d + timedelta(days=1)).month != d.month


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_in_its_window(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)
