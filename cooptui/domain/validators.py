"""Form-field validators for member input.

Every ``validate_*`` function returns ``None`` when the value is acceptable and a short
Spanish message otherwise, so a screen can put the message right under the field without
translating or wrapping exceptions. ``is_valid_*`` wrappers exist for code that only needs
a yes/no answer (e.g. enabling a button).

Identification, account, phone, email and amount validators ignore surrounding
whitespace (members paste values with stray spaces); callers should store
``value.strip()``. Secrets (PIN, password) are checked exactly as typed.

Only ASCII digits count as digits: ``str.isdigit`` also accepts characters such as
"²" or Arabic-Indic digits, which no core banking system would accept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from cooptui.domain.money import MAX_AMOUNT, TOO_LARGE, to_money

_DIGITS = frozenset("0123456789")


def _is_digits(value: str) -> bool:
    """True for a non-empty string of ASCII digits only."""
    return bool(value) and all(c in _DIGITS for c in value)


def _valid_province(code: str) -> bool:
    """Provinces 01-24 plus 30 (Ecuadorians registered abroad)."""
    number = int(code)
    return 1 <= number <= 24 or number == 30


# --------------------------------------------------------------------------- cédula


def _cedula_check_digit(first_nine: str) -> int:
    """Módulo-10 check digit of the first nine digits of a cédula."""
    total = 0
    for index, char in enumerate(first_nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def validate_cedula(value: str) -> str | None:
    """Validate an Ecuadorian cédula (10 digits, province, third digit, módulo 10)."""
    text = value.strip()
    if not text:
        return "Ingresa el número de cédula"
    if not _is_digits(text):
        return "La cédula solo debe contener números"
    if len(text) != 10:
        return "La cédula debe tener 10 dígitos"
    if not _valid_province(text[:2]):
        return "El código de provincia de la cédula no es válido"
    if int(text[2]) >= 6:
        return "El tercer dígito de la cédula no es válido"
    if _cedula_check_digit(text[:9]) != int(text[9]):
        return "El número de cédula no es válido"
    return None


def is_valid_cedula(value: str) -> bool:
    """Boolean form of `validate_cedula`."""
    return validate_cedula(value) is None


# --------------------------------------------------------------------------- RUC

_PUBLIC_COEFFICIENTS = (3, 2, 7, 6, 5, 4, 3, 2)
_COMPANY_COEFFICIENTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11_check_digit(digits: str, coefficients: tuple[int, ...]) -> int | None:
    """Módulo-11 check digit, or ``None`` when the residue makes no valid digit (10)."""
    total = sum(int(d) * c for d, c in zip(digits, coefficients, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_ruc(value: str) -> str | None:
    """Validate a RUC: natural person (third digit 0-5), public entity (6) or company (9).

    The check-digit rules follow the SRI's published algorithm for each kind; the
    establishment number (the trailing digits after the check digit) cannot be zero.
    """
    text = value.strip()
    if not text:
        return "Ingresa el número de RUC"
    if not _is_digits(text):
        return "El RUC solo debe contener números"
    if len(text) != 13:
        return "El RUC debe tener 13 dígitos"
    if not _valid_province(text[:2]):
        return "El código de provincia del RUC no es válido"
    third = int(text[2])
    if third <= 5:
        if validate_cedula(text[:10]) is not None:
            return "El número de RUC no es válido"
        establishment = text[10:]
    elif third == 6:
        if _mod11_check_digit(text[:8], _PUBLIC_COEFFICIENTS) != int(text[8]):
            return "El número de RUC no es válido"
        establishment = text[9:]
    elif third == 9:
        if _mod11_check_digit(text[:9], _COMPANY_COEFFICIENTS) != int(text[9]):
            return "El número de RUC no es válido"
        establishment = text[10:]
    else:
        return "El tercer dígito del RUC no es válido"
    if int(establishment) == 0:
        return "El número de establecimiento del RUC no es válido"
    return None


def is_valid_ruc(value: str) -> bool:
    """Boolean form of `validate_ruc`."""
    return validate_ruc(value) is None


# --------------------------------------------------------------------------- passport

_PASSPORT_RE = re.compile(r"[A-Za-z0-9]{5,20}")


def validate_passport(value: str) -> str | None:
    """Validate a passport number: 5-20 ASCII letters or digits, no inner spaces."""
    text = value.strip()
    if not text:
        return "Ingresa el número de pasaporte"
    if not _PASSPORT_RE.fullmatch(text):
        if any(not (c.isascii() and c.isalnum()) for c in text):
            return "El pasaporte solo debe contener letras y números, sin espacios"
        return "El pasaporte debe tener entre 5 y 20 caracteres"
    return None


def is_valid_passport(value: str) -> bool:
    """Boolean form of `validate_passport`."""
    return validate_passport(value) is None


# --------------------------------------------------------------------------- dispatch

ID_TYPES: tuple[str, ...] = ("cedula", "ruc", "pasaporte")
"""Identification types accepted by `validate_identification`."""

_ID_VALIDATORS: dict[str, Callable[[str], str | None]] = {
    "cedula": validate_cedula,
    "ruc": validate_ruc,
    "pasaporte": validate_passport,
}


def validate_identification(id_type: str, value: str) -> str | None:
    """Validate `value` as the identification kind chosen in the form's type selector.

    An unknown or empty type yields a message (not an exception) because it comes from
    a selector the member may have left blank.
    """
    validator = _ID_VALIDATORS.get(id_type.strip().lower())
    if validator is None:
        return "Selecciona el tipo de identificación"
    return validator(value)


def is_valid_identification(id_type: str, value: str) -> bool:
    """Boolean form of `validate_identification`."""
    return validate_identification(id_type, value) is None


# --------------------------------------------------------------------------- cards

_CARD_SEPARATORS = str.maketrans("", "", " -")


def luhn_ok(number: str) -> bool:
    """True when `number` (ASCII digits only, no separators) passes the Luhn check."""
    if not _is_digits(number):
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_card_number(value: str) -> str | None:
    """Validate a card number typed with optional spaces or dashes (13-19 digits, Luhn)."""
    digits = value.strip().translate(_CARD_SEPARATORS)
    if not digits:
        return "Ingresa el número de tarjeta"
    if not _is_digits(digits):
        return "El número de tarjeta solo debe contener números"
    if not 13 <= len(digits) <= 19:
        return "El número de tarjeta debe tener entre 13 y 19 dígitos"
    if not luhn_ok(digits):
        return "El número de tarjeta no es válido"
    return None


def is_valid_card_number(value: str) -> bool:
    """Boolean form of `validate_card_number`."""
    return validate_card_number(value) is None


# --------------------------------------------------------------------------- PIN

_ASCENDING = "0123456789"
_DESCENDING = "9876543210"


def validate_pin(value: str) -> str | None:
    """Validate a 4-digit card/app PIN, refusing the ones guessed first (1111, 1234, 9876)."""
    if len(value) != 4 or not _is_digits(value):
        return "La clave debe tener 4 dígitos"
    if len(set(value)) == 1 or value in _ASCENDING or value in _DESCENDING:
        return "La clave es demasiado fácil de adivinar"
    return None


def is_valid_pin(value: str) -> bool:
    """Boolean form of `validate_pin`."""
    return validate_pin(value) is None


# --------------------------------------------------------------------------- lengths

NAME_MAX_LENGTH = 80
"""A beneficiary's or card holder's name."""
REFERENCE_MAX_LENGTH = 60
"""A transfer's or payment's Referencia."""
ALIAS_MAX_LENGTH = 40
COMMENT_MAX_LENGTH = 500
"""A product request's Comentario."""
DEVICE_NAME_MAX_LENGTH = 60
PASSWORD_MAX_LENGTH = 64


def validate_length(value: str, limit: int) -> str | None:
    """Refuse text longer than the bank's field, saying the limit, instead of cutting it.

    A Textual Input's `max_length` drops extra keys (and a whole paste) with only a bell,
    so the member would send less than they typed without knowing: forms accept more
    and show this next to the field, and refuse to send it.
    """
    if len(value) > limit:
        return f"Máximo {limit} caracteres (tienes {len(value)})"
    return None


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
"""Controls (NUL, ESC, CR/LF), format marks (U+202E, zero widths), surrogates, private use
and line separators: invisible or disruptive on a comprobante, a terminal or a log."""

CONTROL_CHARACTERS = "No se admiten saltos de línea, tabulaciones ni caracteres de control"


def has_hidden_characters(value: str) -> bool:
    """True when `value` holds a character no member types and no screen should print."""
    return any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value)


def validate_text(value: str, limit: int, *, required: str = "") -> str | None:
    """Free text a member types (name, alias, reference, comment): one rule, form and bank.

    `required` is the message for a value that is empty or only spaces; without it the
    field is optional. Then hidden characters, then the length as `validate_length` says.
    """
    if required and not value.strip():
        return required
    if has_hidden_characters(value):
        return CONTROL_CHARACTERS
    return validate_length(value, limit)


# --------------------------------------------------------------------------- password

_MIN_PASSWORD_LENGTH = 8

# (policy line for the checklist, error message, predicate(value, username))
_PASSWORD_RULES: tuple[tuple[str, str, Callable[[str, str | None], bool]], ...] = (
    (
        f"Al menos {_MIN_PASSWORD_LENGTH} caracteres",
        f"La contraseña debe tener al menos {_MIN_PASSWORD_LENGTH} caracteres",
        lambda v, _u: len(v) >= _MIN_PASSWORD_LENGTH,
    ),
    (
        "Al menos una letra mayúscula",
        "La contraseña debe tener al menos una letra mayúscula",
        lambda v, _u: any(c.isupper() for c in v),
    ),
    (
        "Al menos una letra minúscula",
        "La contraseña debe tener al menos una letra minúscula",
        lambda v, _u: any(c.islower() for c in v),
    ),
    (
        "Al menos un número",
        "La contraseña debe tener al menos un número",
        lambda v, _u: any(c in _DIGITS for c in v),
    ),
    (
        "No debe contener tu nombre de usuario",
        "La contraseña no debe contener tu nombre de usuario",
        lambda v, u: not u or not u.strip() or u.strip().casefold() not in v.casefold(),
    ),
)

PASSWORD_POLICY: tuple[str, ...] = tuple(line for line, _msg, _check in _PASSWORD_RULES)
"""The password policy, one Spanish line per rule, in the order they are checked."""


def password_checks(value: str, username: str | None = None) -> list[tuple[str, bool]]:
    """Each `PASSWORD_POLICY` line with whether `value` satisfies it (for a live checklist).

    The username rule holds trivially when no username is given.
    """
    return [(line, check(value, username)) for line, _msg, check in _PASSWORD_RULES]


def validate_password(value: str, username: str | None = None) -> str | None:
    """Validate a new online-banking password; the first rule broken gives the message."""
    if not value:
        return "Ingresa la contraseña"
    if too_long := validate_length(value, PASSWORD_MAX_LENGTH):
        return too_long
    for _line, message, check in _PASSWORD_RULES:
        if not check(value, username):
            return message
    return None


def is_valid_password(value: str, username: str | None = None) -> bool:
    """Boolean form of `validate_password`."""
    return validate_password(value, username) is None


# --------------------------------------------------------------------------- amounts

_AMOUNT_RE = re.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?")


def _check_amount(value: str) -> tuple[Decimal | None, str | None]:
    """Parse a member-typed amount: (amount, None) when valid, (None, message) otherwise."""
    text = value.strip()
    if text.startswith("$"):
        text = text[1:].lstrip()
    if not text:
        return None, "Ingresa un monto"
    negative = text.startswith("-")
    match = _AMOUNT_RE.fullmatch(text[1:] if negative else text)
    if match is None:
        return None, "Ingresa un monto válido"
    if len(match["frac"] or "") > 2:
        return None, "El monto admite máximo 2 decimales"
    # Exact (at most 2 places), so compare before `to_money`: quantizing a 30-digit
    # typo would overflow the decimal context instead of giving a message.
    amount = Decimal(match.group(0).replace(",", ""))
    if negative or amount <= 0:
        return None, "El monto debe ser mayor a cero"
    if amount > MAX_AMOUNT:
        return None, TOO_LARGE
    return to_money(amount), None


def validate_amount(value: str) -> str | None:
    """Validate an amount as typed: "12", "12.5", "1,234.56", "$12.50"; positive, ≤ 2 decimals."""
    return _check_amount(value)[1]


def parse_amount(value: str) -> Decimal:
    """The 2-place Decimal for a typed amount; `ValueError` with the Spanish message if invalid."""
    amount, message = _check_amount(value)
    if amount is None:
        raise ValueError(message)
    return amount


def is_valid_amount(value: str) -> bool:
    """Boolean form of `validate_amount`."""
    return validate_amount(value) is None


# --------------------------------------------------------------------------- contact data

_EMAIL_LOCAL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
)
_EMAIL_DOMAIN_RE = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")


def validate_email(value: str) -> str | None:
    """Validate an email address with a deliberately simple rule (local@domain.tld).

    Full RFC 5322 acceptance would let through addresses no mail provider issues;
    this catches the typos members actually make (missing @, spaces, no TLD).
    """
    text = value.strip()
    if not text:
        return "Ingresa el correo electrónico"
    local, at, domain = text.rpartition("@")
    if (
        not at
        or len(text) > 254
        or len(local) > 64
        or not _EMAIL_LOCAL_RE.fullmatch(local)
        or not _EMAIL_DOMAIN_RE.fullmatch(domain)
    ):
        return "Ingresa un correo electrónico válido"
    return None


def is_valid_email(value: str) -> bool:
    """Boolean form of `validate_email`."""
    return validate_email(value) is None


def validate_account_number(value: str) -> str | None:
    """Validate an account number: 6 to 20 digits."""
    text = value.strip()
    if not text:
        return "Ingresa el número de cuenta"
    if not _is_digits(text):
        return "El número de cuenta solo debe contener números"
    if not 6 <= len(text) <= 20:
        return "El número de cuenta debe tener entre 6 y 20 dígitos"
    return None


def is_valid_account_number(value: str) -> bool:
    """Boolean form of `validate_account_number`."""
    return validate_account_number(value) is None


def validate_phone(value: str) -> str | None:
    """Validate an Ecuadorian mobile number: 10 digits starting with 09."""
    text = value.strip()
    if not text:
        return "Ingresa el número de celular"
    if not _is_digits(text):
        return "El número de celular solo debe contener números"
    if len(text) != 10 or not text.startswith("09"):
        return "El número de celular debe tener 10 dígitos y empezar con 09"
    return None


def is_valid_phone(value: str) -> bool:
    """Boolean form of `validate_phone`."""
    return validate_phone(value) is None
