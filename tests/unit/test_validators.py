"""Validators as a member filling a form would experience them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cooptui.domain.validators import (
    CONTROL_CHARACTERS,
    ID_TYPES,
    PASSWORD_POLICY,
    is_valid_card_number,
    is_valid_cedula,
    is_valid_identification,
    is_valid_password,
    is_valid_ruc,
    luhn_ok,
    parse_amount,
    password_checks,
    validate_account_number,
    validate_amount,
    validate_card_number,
    validate_cedula,
    validate_email,
    validate_identification,
    validate_length,
    validate_passport,
    validate_password,
    validate_phone,
    validate_pin,
    validate_ruc,
    validate_text,
)

# --------------------------------------------------------------------------- builders
# Independent re-statements of the published algorithms, used to build valid numbers.


def cedula_with_check(first_nine: str) -> str:
    total = 0
    for i, ch in enumerate(first_nine):
        p = int(ch) * (2, 1)[i % 2]
        total += p - 9 if p > 9 else p
    return first_nine + str((10 - total % 10) % 10)


def mod11(digits: str, coefficients: tuple[int, ...]) -> int | None:
    check = 11 - sum(int(d) * c for d, c in zip(digits, coefficients, strict=True)) % 11
    return {11: 0, 10: None}.get(check, check)


def public_ruc(first_eight: str, establishment: str = "0001") -> str:
    check = mod11(first_eight, (3, 2, 7, 6, 5, 4, 3, 2))
    assert check is not None, "pick other digits: residue 1 has no check digit"
    return first_eight + str(check) + establishment


def company_ruc(first_nine: str, establishment: str = "001") -> str:
    check = mod11(first_nine, (4, 3, 2, 7, 6, 5, 4, 3, 2))
    assert check is not None, "pick other digits: residue 1 has no check digit"
    return first_nine + str(check) + establishment


def bump(number: str, index: int) -> str:
    """The same number with the digit at `index` changed (so a check digit goes wrong)."""
    return number[:index] + str((int(number[index]) + 1) % 10) + number[index + 1 :]


# --------------------------------------------------------------------------- cédula


@pytest.mark.parametrize(
    "cedula",
    [
        "1710034065",
        "0926687856",
        " 1710034065 ",
        cedula_with_check("010000000"),
        cedula_with_check("240000001"),
        cedula_with_check("300000001"),
        cedula_with_check("175432198"),
        cedula_with_check("095555555"),
    ],
)
def test_valid_cedulas(cedula: str) -> None:
    assert validate_cedula(cedula) is None
    assert is_valid_cedula(cedula)


def test_builder_agrees_with_known_cedulas() -> None:
    assert cedula_with_check("171003406") == "1710034065"
    assert cedula_with_check("092668785") == "0926687856"


@pytest.mark.parametrize(
    ("cedula", "message"),
    [
        ("", "Ingresa el número de cédula"),
        ("   ", "Ingresa el número de cédula"),
        ("171003406", "La cédula debe tener 10 dígitos"),
        ("17100340650", "La cédula debe tener 10 dígitos"),
        ("17100340A5", "La cédula solo debe contener números"),
        ("1710-03406", "La cédula solo debe contener números"),
        ("١٧١٠٠٣٤٠٦٥", "La cédula solo debe contener números"),  # Arabic-Indic digits
        (cedula_with_check("001234567"), "El código de provincia de la cédula no es válido"),
        (cedula_with_check("251234567"), "El código de provincia de la cédula no es válido"),
        (cedula_with_check("291234567"), "El código de provincia de la cédula no es válido"),
        (cedula_with_check("176234567"), "El tercer dígito de la cédula no es válido"),
        (cedula_with_check("179234567"), "El tercer dígito de la cédula no es válido"),
        ("1710034066", "El número de cédula no es válido"),
        ("0926687855", "El número de cédula no es válido"),
    ],
)
def test_invalid_cedulas(cedula: str, message: str) -> None:
    assert validate_cedula(cedula) == message
    assert not is_valid_cedula(cedula)


def test_every_wrong_check_digit_is_refused() -> None:
    wrong = [f"171003406{d}" for d in "0123456789" if d != "5"]
    assert [validate_cedula(c) for c in wrong] == ["El número de cédula no es válido"] * 9


# --------------------------------------------------------------------------- RUC


@pytest.mark.parametrize(
    "ruc",
    [
        "1710034065001",  # natural person: cédula + establishment
        "0926687856002",
        cedula_with_check("301234567") + "001",
        public_ruc("17600001"),
        public_ruc("09600010", "0012"),
        company_ruc("179000000"),
        company_ruc("099123457", "003"),
        company_ruc("179123450"),
    ],
)
def test_valid_rucs(ruc: str) -> None:
    assert validate_ruc(ruc) is None
    assert is_valid_ruc(ruc)


def test_ruc_builders_produce_13_digits() -> None:
    for ruc in (public_ruc("17600001"), company_ruc("179000000")):
        assert len(ruc) == 13
        assert ruc.isdigit()


@pytest.mark.parametrize(
    ("ruc", "message"),
    [
        ("", "Ingresa el número de RUC"),
        ("171003406500", "El RUC debe tener 13 dígitos"),
        ("17100340650011", "El RUC debe tener 13 dígitos"),
        ("171003406500A", "El RUC solo debe contener números"),
        ("2510034065001", "El código de provincia del RUC no es válido"),
        ("0010034065001", "El código de provincia del RUC no es válido"),
        ("1770034065001", "El tercer dígito del RUC no es válido"),
        ("1780034065001", "El tercer dígito del RUC no es válido"),
        # natural person: bad embedded cédula, zero establishment
        ("1710034066001", "El número de RUC no es válido"),
        ("1710034065000", "El número de establecimiento del RUC no es válido"),
        # public entity: wrong check digit, zero establishment
        (bump(public_ruc("17600001"), 8), "El número de RUC no es válido"),
        (bump(public_ruc("17600001"), 3), "El número de RUC no es válido"),
        (public_ruc("17600001", "0000"), "El número de establecimiento del RUC no es válido"),
        # company: wrong check digit, zero establishment
        (bump(company_ruc("179000000"), 9), "El número de RUC no es válido"),
        (bump(company_ruc("179123450"), 5), "El número de RUC no es válido"),
        (company_ruc("179000000", "000"), "El número de establecimiento del RUC no es válido"),
    ],
)
def test_invalid_rucs(ruc: str, message: str) -> None:
    assert validate_ruc(ruc) == message
    assert not is_valid_ruc(ruc)


def test_company_ruc_with_residue_one_is_refused() -> None:
    # Find nine digits whose módulo-11 residue is 1: no check digit exists, so every
    # candidate tenth digit must be refused.
    first_nine = next(
        f"179{n:06d}"
        for n in range(1000)
        if mod11(f"179{n:06d}", (4, 3, 2, 7, 6, 5, 4, 3, 2)) is None
    )
    for d in "0123456789":
        assert validate_ruc(first_nine + d + "001") == "El número de RUC no es válido"


# --------------------------------------------------------------------------- passport


@pytest.mark.parametrize("passport", ["AB123", "a1b2c3d4", "X" * 20, "12345", "  PA1234567  "])
def test_valid_passports(passport: str) -> None:
    assert validate_passport(passport) is None


@pytest.mark.parametrize(
    ("passport", "message"),
    [
        ("", "Ingresa el número de pasaporte"),
        ("AB12", "El pasaporte debe tener entre 5 y 20 caracteres"),
        ("X" * 21, "El pasaporte debe tener entre 5 y 20 caracteres"),
        ("AB 12345", "El pasaporte solo debe contener letras y números, sin espacios"),
        ("AB-12345", "El pasaporte solo debe contener letras y números, sin espacios"),
        ("ÑANDÚ123", "El pasaporte solo debe contener letras y números, sin espacios"),
    ],
)
def test_invalid_passports(passport: str, message: str) -> None:
    assert validate_passport(passport) == message


# --------------------------------------------------------------------------- dispatch


def test_identification_dispatches_on_type() -> None:
    assert ID_TYPES == ("cedula", "ruc", "pasaporte")
    assert validate_identification("cedula", "1710034065") is None
    assert validate_identification("ruc", "1710034065001") is None
    assert validate_identification("pasaporte", "AB12345") is None
    # The same value judged by each type's own rules
    assert validate_identification("cedula", "1710034065001") == "La cédula debe tener 10 dígitos"
    assert validate_identification("ruc", "1710034065") == "El RUC debe tener 13 dígitos"
    assert validate_identification("pasaporte", "1710034065") is None
    assert is_valid_identification("RUC", "1710034065001")


@pytest.mark.parametrize("id_type", ["", "dni", "licencia"])
def test_identification_unknown_type(id_type: str) -> None:
    assert validate_identification(id_type, "1710034065") == "Selecciona el tipo de identificación"


# --------------------------------------------------------------------------- cards


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("5555555555554444", True),
        ("5555555555554445", False),
        ("378282246310005", True),  # Amex test number
        ("79927398713", True),  # the classic Luhn example
        ("79927398710", False),
        ("", False),
        ("4111 1111 1111 1111", False),  # luhn_ok takes bare digits only
        ("abc", False),
    ],
)
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_ok(number) is ok


@pytest.mark.parametrize(
    "number", ["4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"]
)
def test_valid_card_numbers(number: str) -> None:
    assert validate_card_number(number) is None
    assert is_valid_card_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Ingresa el número de tarjeta"),
        (" - ", "Ingresa el número de tarjeta"),
        ("4111111111111112", "El número de tarjeta no es válido"),
        ("4111.1111.1111.1111", "El número de tarjeta solo debe contener números"),
        ("79927398713", "El número de tarjeta debe tener entre 13 y 19 dígitos"),
        ("4" + "0" * 19, "El número de tarjeta debe tener entre 13 y 19 dígitos"),
    ],
)
def test_invalid_card_numbers(number: str, message: str) -> None:
    assert validate_card_number(number) == message


# --------------------------------------------------------------------------- PIN


@pytest.mark.parametrize("pin", ["1357", "2580", "7890", "0987", "1122", "9012", "1243"])
def test_acceptable_pins(pin: str) -> None:
    assert validate_pin(pin) is None


@pytest.mark.parametrize("pin", ["", "123", "12345", "12a4", " 1357", "１３５７"])
def test_pins_of_wrong_shape(pin: str) -> None:
    assert validate_pin(pin) == "La clave debe tener 4 dígitos"


@pytest.mark.parametrize(
    "pin",
    [str(d) * 4 for d in range(10)]
    + ["0123", "1234", "2345", "3456", "4567", "5678", "6789"]
    + ["9876", "8765", "7654", "6543", "5432", "4321", "3210"],
)
def test_trivial_pins(pin: str) -> None:
    assert validate_pin(pin) == "La clave es demasiado fácil de adivinar"


# --------------------------------------------------------------------------- password


@pytest.mark.parametrize(
    ("password", "username", "message"),
    [
        ("", None, "Ingresa la contraseña"),
        ("Ab1", None, "La contraseña debe tener al menos 8 caracteres"),
        ("abcdefg1", None, "La contraseña debe tener al menos una letra mayúscula"),
        ("ABCDEFG1", None, "La contraseña debe tener al menos una letra minúscula"),
        ("Abcdefgh", None, "La contraseña debe tener al menos un número"),
        ("xJPerez2024", "jperez", "La contraseña no debe contener tu nombre de usuario"),
        ("JPEREZ2024a", "JPerez", "La contraseña no debe contener tu nombre de usuario"),
        # the first failure wins: short and missing a digit reports the length
        ("Abc", None, "La contraseña debe tener al menos 8 caracteres"),
    ],
)
def test_invalid_passwords(password: str, username: str | None, message: str) -> None:
    assert validate_password(password, username) == message
    assert not is_valid_password(password, username)


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("Cooprogreso2024", None),
        ("Cooprogreso2024", "jperez"),
        ("Ñandú1234", ""),
        ("aB3defgh", "  "),
    ],
)
def test_valid_passwords(password: str, username: str | None) -> None:
    assert validate_password(password, username) is None


def test_a_password_longer_than_64_characters_is_refused_with_the_limit() -> None:
    assert validate_password("Cooperativa2025" + "x" * 49) is None  # 64
    assert validate_password("Cooperativa2025" + "x" * 50) == "Máximo 64 caracteres (tienes 65)"


def test_password_checklist_tracks_each_rule() -> None:
    assert len(PASSWORD_POLICY) == 5
    checks = password_checks("abc", "maria")
    assert [line for line, _ in checks] == list(PASSWORD_POLICY)
    assert [ok for _, ok in checks] == [False, False, True, False, True]
    assert all(ok for _, ok in password_checks("Cooprogreso2024", "maria"))
    assert [ok for _, ok in password_checks("MariaLopez2024", "maria")] == [
        True,
        True,
        True,
        True,
        False,
    ]


def test_password_checklist_agrees_with_validator() -> None:
    for password in ["", "a", "Abcdefgh", "abcdefg1", "Maria2024x", "Cooprogreso2024"]:
        all_ok = all(ok for _, ok in password_checks(password, "maria"))
        assert all_ok == (validate_password(password, "maria") is None)


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.50", "12.50"),
        ("1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("$ 20", "20.00"),
        (" 0.01 ", "0.01"),
        ("1,000,000.00", "1000000.00"),
        ("007", "7.00"),
    ],
)
def test_valid_amounts(text: str, amount: str) -> None:
    assert validate_amount(text) is None
    parsed = parse_amount(text)
    assert parsed == Decimal(amount)
    assert str(parsed) == amount  # always exactly two places


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ingresa un monto"),
        ("$", "Ingresa un monto"),
        ("abc", "Ingresa un monto válido"),
        ("1,23.00", "Ingresa un monto válido"),
        ("1234,567", "Ingresa un monto válido"),
        ("1,2345", "Ingresa un monto válido"),
        ("12,", "Ingresa un monto válido"),
        ("12.", "Ingresa un monto válido"),
        ("1.2.3", "Ingresa un monto válido"),
        ("12,50", "Ingresa un monto válido"),
        ("1e3", "Ingresa un monto válido"),
        ("NaN", "Ingresa un monto válido"),
        ("١٢", "Ingresa un monto válido"),
        ("0", "El monto debe ser mayor a cero"),
        ("0.00", "El monto debe ser mayor a cero"),
        ("-1", "El monto debe ser mayor a cero"),
        ("-0.50", "El monto debe ser mayor a cero"),
        ("1.005", "El monto admite máximo 2 decimales"),
        ("12.500", "El monto admite máximo 2 decimales"),
        ("1000000.01", "El monto no puede superar $1,000,000.00"),
        ("9" * 40, "El monto no puede superar $1,000,000.00"),
    ],
)
def test_invalid_amounts(text: str, message: str) -> None:
    assert validate_amount(text) == message
    with pytest.raises(ValueError, match=message.replace("$", r"\$")):
        parse_amount(text)


# --------------------------------------------------------------------------- lengths


def test_text_longer_than_the_field_is_refused_saying_the_limit() -> None:
    assert validate_length("", 60) is None
    assert validate_length("x" * 60, 60) is None
    assert validate_length("x" * 61, 60) == "Máximo 60 caracteres (tienes 61)"
    assert validate_length("ñ" * 81, 80) == "Máximo 80 caracteres (tienes 81)"


# --------------------------------------------------------------------------- contact data


@pytest.mark.parametrize(
    "email", ["gabriela@correo.ec", "g.perez+banco@mail.coop.ec", " ana_2@x-y.com "]
)
def test_valid_emails(email: str) -> None:
    assert validate_email(email) is None


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Ingresa el correo electrónico"),
        ("gabriela", "Ingresa un correo electrónico válido"),
        ("gabriela@correo", "Ingresa un correo electrónico válido"),
        ("@correo.ec", "Ingresa un correo electrónico válido"),
        ("gabriela@", "Ingresa un correo electrónico válido"),
        ("gabri ela@correo.ec", "Ingresa un correo electrónico válido"),
        ("a@b@correo.ec", "Ingresa un correo electrónico válido"),
        (".gabriela@correo.ec", "Ingresa un correo electrónico válido"),
        ("gab..riela@correo.ec", "Ingresa un correo electrónico válido"),
        ("gabriela@correo..ec", "Ingresa un correo electrónico válido"),
        ("gabriela@-correo.ec", "Ingresa un correo electrónico válido"),
        ("gabriela@correo.e", "Ingresa un correo electrónico válido"),
    ],
)
def test_invalid_emails(email: str, message: str) -> None:
    assert validate_email(email) == message


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("123456", None),
        ("4" * 20, None),
        (" 2201000750 ", None),
        ("", "Ingresa el número de cuenta"),
        ("12345", "El número de cuenta debe tener entre 6 y 20 dígitos"),
        ("4" * 21, "El número de cuenta debe tener entre 6 y 20 dígitos"),
        ("2201-000750", "El número de cuenta solo debe contener números"),
    ],
)
def test_account_numbers(number: str, message: str | None) -> None:
    assert validate_account_number(number) == message


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("0991234567", None),
        (" 0987654321 ", None),
        ("", "Ingresa el número de celular"),
        ("099123456", "El número de celular debe tener 10 dígitos y empezar con 09"),
        ("09912345678", "El número de celular debe tener 10 dígitos y empezar con 09"),
        ("0221234567", "El número de celular debe tener 10 dígitos y empezar con 09"),
        ("9991234567", "El número de celular debe tener 10 dígitos y empezar con 09"),
        ("+593991234567", "El número de celular solo debe contener números"),
        ("099 123 4567", "El número de celular solo debe contener números"),
    ],
)
def test_phones(phone: str, message: str | None) -> None:
    assert validate_phone(phone) == message


@pytest.mark.parametrize(
    "text", ["Ana\x00", "Ana\u202eanA", "\x1b[31mAna", "Ana\nBeto", "Ana\tBeto", "A\u200bna"]
)
def test_free_text_refuses_what_no_member_types(text: str) -> None:
    assert validate_text(text, 80) == CONTROL_CHARACTERS


def test_free_text_keeps_accents_and_emoji_and_says_the_length() -> None:
    assert validate_text("Ñandú Peña 😀", 80) is None
    assert validate_text("x" * 81, 80) == "Máximo 80 caracteres (tienes 81)"
    assert validate_text("   ", 80) is None
    assert validate_text("   ", 80, required="Ingresa el nombre") == "Ingresa el nombre"
