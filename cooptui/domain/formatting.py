"""es-EC display formatting for every screen: money, dates, rates and masked identifiers.

Month and weekday names are spelled out here instead of using `locale`/`strftime("%A")`,
because the es_EC locale is often not installed and `setlocale` is process-global (it
would change number parsing for the whole app). Money uses the cooperative's printed
style "$13,750.00" (comma thousands, dot decimals), as in the member manual.

Datetimes are shown as given: converting time zones is the caller's job.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from cooptui.domain.money import to_money

_WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def _require_exact_number(value: object) -> None:
    """Refuse floats (and bools) so inexact binary amounts never reach the screen."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"se esperaba Decimal o int, no {type(value).__name__}")


# --------------------------------------------------------------------------- numbers


def format_money(value: Decimal | int, *, sign: bool = False) -> str:
    """Format an amount as "$13,750.00" / "-$5.50"; with ``sign=True`` positives get "+".

    Values with more than two places are rounded half up like `to_money`; a value that
    rounds to zero is shown as "$0.00" (never "-$0.00").
    """
    _require_exact_number(value)
    amount = to_money(value)
    body = f"${abs(amount):,.2f}"
    if amount < 0:
        return f"-{body}"
    if sign and amount > 0:
        return f"+{body}"
    return body


def format_rate(value: Decimal | int) -> str:
    """Format an interest rate given in percent (Decimal("7.9") → "7.90%")."""
    _require_exact_number(value)
    rate = to_money(value)
    if rate == 0:
        rate = abs(rate)
    return f"{rate:.2f}%"


# --------------------------------------------------------------------------- dates


def format_date(d: date | datetime) -> str:
    """Format a date as "18/12/2024" (day first, as Ecuadorians read it)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_datetime(dt: datetime) -> str:
    """Format a date and 24-hour time as "18/12/2024 13:26"."""
    return f"{format_date(dt)} {dt.hour:02d}:{dt.minute:02d}"


def format_last_login(dt: datetime) -> str:
    """Format the header's last-access stamp in the manual's style: "20H25 / 14.12.2023"."""
    return f"{dt.hour:02d}H{dt.minute:02d} / {dt.day:02d}.{dt.month:02d}.{dt.year:04d}"


def long_date_es(dt: date | datetime) -> str:
    """Spell a date out in Spanish: "miércoles, 18 de diciembre de 2024"."""
    weekday = _WEEKDAYS_ES[dt.weekday()]
    month = MONTHS_ES[dt.month - 1]
    return f"{weekday}, {dt.day} de {month} de {dt.year}"


def time_12h(dt: datetime | time) -> str:
    """Format a time on the 12-hour clock: "1:26 PM", "12:05 AM"."""
    hour = dt.hour % 12 or 12
    suffix = "AM" if dt.hour < 12 else "PM"
    return f"{hour}:{dt.minute:02d} {suffix}"


_DATE_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def parse_date(text: str) -> date:
    """Parse a typed "dd/mm/aaaa" date; `ValueError` with a Spanish message otherwise."""
    stripped = text.strip()
    if not stripped:
        raise ValueError("Ingresa una fecha")
    match = _DATE_RE.fullmatch(stripped)
    if match is None:
        raise ValueError("Ingresa la fecha en formato dd/mm/aaaa")
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("La fecha ingresada no existe") from None


# --------------------------------------------------------------------------- masks

_SEPARATORS = str.maketrans("", "", " -")


def mask_card(number: str) -> str:
    """Mask a card as "550975XXXXXX7023": the BIN and last 4 only, as PCI DSS allows.

    Separators are dropped. Numbers too short to keep 6 + 4 visible with something
    hidden show only the last 4 (or nothing when 4 digits or fewer).
    """
    digits = number.strip().translate(_SEPARATORS)
    if len(digits) > 10:
        return digits[:6] + "X" * (len(digits) - 10) + digits[-4:]
    if len(digits) > 4:
        return "X" * (len(digits) - 4) + digits[-4:]
    return "X" * len(digits)


def mask_phone(phone: str) -> str:
    """Mask a phone as "09*****123" (first 2 and last 3), for OTP "sent to" notices."""
    text = phone.strip()
    if len(text) > 5:
        return text[:2] + "*" * (len(text) - 5) + text[-3:]
    return "*" * len(text)


def mask_account(number: str) -> str:
    """Mask an account as "******0750": only the last 4, length preserved."""
    text = number.strip()
    if len(text) > 4:
        return "*" * (len(text) - 4) + text[-4:]
    return "*" * len(text)


def mask_email(email: str) -> str:
    """Mask an email as "ga****@correo.ec": a fixed run of 4 asterisks hides the length."""
    text = email.strip()
    local, at, domain = text.rpartition("@")
    if not at:
        local, domain = text, ""
    visible = local[:2] if len(local) > 2 else local[:1]
    return f"{visible}****{at}{domain}"


def count_of(count: int, *words: str) -> str:
    """ "3 servicios registrados", "1 pago": the count and its words, each made plural
    (Spanish: an "s") unless the count is one."""
    ending = "" if count == 1 else "s"
    return " ".join([str(count), *(word + ending for word in words)])
