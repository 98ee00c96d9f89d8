"""es-EC display formatting as it appears on screen."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from cooptui.domain.formatting import (
    format_date,
    format_datetime,
    format_last_login,
    format_money,
    format_rate,
    long_date_es,
    mask_account,
    mask_card,
    mask_email,
    mask_phone,
    parse_date,
    time_12h,
)

# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("13750.00"), "$13,750.00"),
        (Decimal("13750"), "$13,750.00"),
        (Decimal("0.00"), "$0.00"),
        (Decimal("0.05"), "$0.05"),
        (Decimal("-5.50"), "-$5.50"),
        (Decimal("-0.05"), "-$0.05"),
        (Decimal("999.99"), "$999.99"),
        (Decimal("1000"), "$1,000.00"),
        (Decimal("1234567.89"), "$1,234,567.89"),
        (Decimal("-1234567.89"), "-$1,234,567.89"),
        (0, "$0.00"),
        (250, "$250.00"),
        (-3, "-$3.00"),
    ],
)
def test_format_money(value: Decimal | int, text: str) -> None:
    assert format_money(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5.50"), "+$5.50"),
        (Decimal("-5.50"), "-$5.50"),
        (Decimal("0.00"), "$0.00"),
        (Decimal("1000.01"), "+$1,000.01"),
    ],
)
def test_format_money_with_sign(value: Decimal, text: str) -> None:
    assert format_money(value, sign=True) == text


@pytest.mark.parametrize(
    "value", [Decimal("0.01"), Decimal("0.99"), Decimal("0.45"), Decimal("1234.50")]
)
def test_two_place_values_are_shown_unchanged(value: Decimal) -> None:
    # Already-exact cents must come out digit for digit, never re-rounded.
    assert format_money(value) == f"${value:,}"


def test_negative_zero_is_not_shown_negative() -> None:
    assert format_money(Decimal("-0.00")) == "$0.00"
    assert format_money(Decimal("-0.001")) == "$0.00"
    assert format_money(Decimal("-0.00"), sign=True) == "$0.00"


def test_extra_places_round_half_up() -> None:
    assert format_money(Decimal("2.345")) == "$2.35"
    assert format_money(Decimal("-2.345")) == "-$2.35"
    assert format_money(Decimal("2.344")) == "$2.34"


@pytest.mark.parametrize("value", [5.5, 0.1, True, "5.50", None])
def test_format_money_refuses_inexact_or_untyped_values(value: object) -> None:
    with pytest.raises(TypeError):
        format_money(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7.90"), "7.90%"),
        (Decimal("7.9"), "7.90%"),
        (Decimal("12"), "12.00%"),
        (5, "5.00%"),
        (Decimal("0.125"), "0.13%"),
        (Decimal("-0.001"), "0.00%"),
    ],
)
def test_format_rate(value: Decimal | int, text: str) -> None:
    assert format_rate(value) == text


def test_format_rate_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_rate(7.9)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dates


def test_format_date_day_first() -> None:
    assert format_date(date(2024, 12, 18)) == "18/12/2024"
    assert format_date(date(2024, 3, 5)) == "05/03/2024"
    assert format_date(datetime(2024, 3, 5, 23, 59)) == "05/03/2024"


def test_format_datetime_24h() -> None:
    assert format_datetime(datetime(2024, 12, 18, 13, 26)) == "18/12/2024 13:26"
    assert format_datetime(datetime(2024, 1, 2, 0, 5, 59)) == "02/01/2024 00:05"


def test_format_last_login_manual_style() -> None:
    assert format_last_login(datetime(2023, 12, 14, 20, 25)) == "20H25 / 14.12.2023"
    assert format_last_login(datetime(2024, 2, 3, 7, 4)) == "07H04 / 03.02.2024"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 12, 18), "miércoles, 18 de diciembre de 2024"),
        (date(2024, 12, 16), "lunes, 16 de diciembre de 2024"),
        (date(2024, 12, 21), "sábado, 21 de diciembre de 2024"),
        (date(2024, 12, 22), "domingo, 22 de diciembre de 2024"),
        (date(2025, 1, 1), "miércoles, 1 de enero de 2025"),
        (date(2024, 9, 5), "jueves, 5 de septiembre de 2024"),
        (date(2024, 2, 29), "jueves, 29 de febrero de 2024"),
        (datetime(2024, 8, 9, 23, 0), "viernes, 9 de agosto de 2024"),
        (date(2024, 10, 1), "martes, 1 de octubre de 2024"),
    ],
)
def test_long_date_es(day: date, text: str) -> None:
    assert long_date_es(day) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2024, 12, 18, 13, 26), "1:26 PM"),
        (datetime(2024, 12, 18, 0, 5), "12:05 AM"),
        (datetime(2024, 12, 18, 12, 0), "12:00 PM"),
        (datetime(2024, 12, 18, 11, 59), "11:59 AM"),
        (datetime(2024, 12, 18, 23, 9), "11:09 PM"),
        (time(9, 30), "9:30 AM"),
    ],
)
def test_time_12h(moment: datetime | time, text: str) -> None:
    assert time_12h(moment) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18/12/2024", date(2024, 12, 18)),
        ("05/03/2024", date(2024, 3, 5)),
        ("5/3/2024", date(2024, 3, 5)),
        (" 29/02/2024 ", date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_round_trips_format_date() -> None:
    day = date(2024, 12, 18)
    assert parse_date(format_date(day)) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ingresa una fecha"),
        ("2024-12-18", "Ingresa la fecha en formato dd/mm/aaaa"),
        ("18/12/24", "Ingresa la fecha en formato dd/mm/aaaa"),
        ("18-12-2024", "Ingresa la fecha en formato dd/mm/aaaa"),
        ("ayer", "Ingresa la fecha en formato dd/mm/aaaa"),
        ("31/02/2024", "La fecha ingresada no existe"),
        ("29/02/2023", "La fecha ingresada no existe"),
        ("12/13/2024", "La fecha ingresada no existe"),
        ("00/12/2024", "La fecha ingresada no existe"),
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_date(text)


# --------------------------------------------------------------------------- masks


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("5509751234567023", "550975XXXXXX7023"),
        ("5509 7512 3456 7023", "550975XXXXXX7023"),
        ("4111-1111-1111-1111", "411111XXXXXX1111"),
        ("378282246310005", "378282XXXXX0005"),
        ("1234567890", "XXXXXX7890"),
        ("1234", "XXXX"),
    ],
)
def test_mask_card(number: str, masked: str) -> None:
    assert mask_card(number) == masked


def test_mask_card_never_reveals_middle_digits() -> None:
    masked = mask_card("5509751234567023")
    assert "123456" not in masked
    assert len(masked) == 16


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("0991234123", "09*****123"), ("0987654321", "09*****321"), ("12345", "*****")],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [("2201000750", "******0750"), ("123456", "**3456"), ("0750", "****"), ("", "")],
)
def test_mask_account(number: str, masked: str) -> None:
    assert mask_account(number) == masked


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("gabriela@correo.ec", "ga****@correo.ec"),
        ("ga@correo.ec", "g****@correo.ec"),
        ("g@correo.ec", "g****@correo.ec"),
        ("ana.maria.perez@mail.coop.ec", "an****@mail.coop.ec"),
    ],
)
def test_mask_email(email: str, masked: str) -> None:
    assert mask_email(email) == masked


def test_mask_email_hides_local_part_length() -> None:
    assert mask_email("abcdefghijkl@correo.ec") == mask_email("abc@correo.ec") == "ab****@correo.ec"
