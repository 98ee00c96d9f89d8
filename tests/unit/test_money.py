from decimal import Decimal

import pytest
from pydantic import ValidationError

from cooptui.domain.money import from_cents, to_cents, to_money
from cooptui.domain.operations import OwnTransferOrder, Receipt, ReceiptStatus, SummaryLine


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("-0.055", "-0.06"), (7, "7.00"), ("13750", "13750.00")],
)
def test_to_money_rounds_half_up_to_cents(raw: object, expected: str) -> None:
    assert to_money(raw) == Decimal(expected)
    assert str(to_money(raw)) == expected


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        to_money(0.1)
    with pytest.raises(ValidationError):
        OwnTransferOrder(from_account="1", to_account="2", amount=0.1)  # type: ignore[arg-type]


def test_cents_round_trip() -> None:
    assert to_cents("295.65") == 29565
    assert from_cents(-5) == Decimal("-0.05")
    assert from_cents(to_cents("13750.00")) == Decimal("13750.00")


def test_order_amount_with_three_decimals_is_refused_not_rounded() -> None:
    with pytest.raises(ValidationError, match="máximo 2 decimales"):
        OwnTransferOrder(from_account="1", to_account="2", amount="10.005")
    assert OwnTransferOrder(from_account="1", to_account="2", amount="10.5").amount == Decimal(
        "10.50"
    )


def test_money_travels_as_decimal_strings_in_json() -> None:
    order = OwnTransferOrder(from_account="1", to_account="2", amount="0.10")
    assert '"amount":"0.10"' in order.model_dump_json()


def test_receipt_text_export_lists_every_line() -> None:
    from datetime import datetime

    r = Receipt(
        reference="20241218000101",
        created_at=datetime(2024, 12, 18, 13, 26, 46),
        status=ReceiptStatus.PENDING,
        title="Transferencia interbancaria",
        lines=(SummaryLine(label="Monto", value="$5.00"), SummaryLine(label="IVA", value="$0.05")),
    )
    text = r.as_text()
    assert "Comprobante N°: 20241218000101" in text
    assert "Estado: En proceso" in text
    assert "Monto:" in text
    assert "$0.05" in text


@pytest.mark.parametrize("raw", ["1e26", "1" + "0" * 29, Decimal("-1e29")])
def test_a_huge_but_finite_amount_still_rounds_and_formats(raw: object) -> None:
    from cooptui.domain.formatting import format_money

    amount = to_money(raw)
    assert amount == Decimal(str(raw))
    assert amount.as_tuple().exponent == -2
    assert format_money(amount).replace("-", "").startswith("$1")


@pytest.mark.parametrize("raw", ["1e30", "1e309", "1" + "0" * 100, "abc", "5\x00", "--5"])
def test_what_money_cannot_be_is_a_value_error_not_a_decimal_trap(raw: str) -> None:
    with pytest.raises(ValueError, match="monto"):  # not InvalidOperation: that escapes pydantic
        to_money(raw)


def test_an_order_amount_from_code_may_be_a_decimal_but_is_capped() -> None:
    order = OwnTransferOrder(from_account="1", to_account="2", amount=Decimal("1000000.00"))
    assert order.amount == Decimal("1000000.00")
    with pytest.raises(ValidationError, match=r"no puede superar \$1,000,000.00"):
        OwnTransferOrder(from_account="1", to_account="2", amount=Decimal("1e20"))


@pytest.mark.parametrize("wire", ['"5"', '"5.5"', '"5.50"', '"-5.00"', '"0.01"'])
def test_on_the_wire_an_amount_is_a_plain_decimal_string(wire: str) -> None:
    body = f'{{"from_account": "1", "to_account": "2", "amount": {wire}}}'
    assert OwnTransferOrder.model_validate_json(body).amount == Decimal(wire.strip('"'))


@pytest.mark.parametrize(
    "wire", ["5", "5.0", "true", '"+5"', '"5e0"', '"1E+2"', '".5"', '"1."', '"٥"', '" 5"']
)
def test_on_the_wire_numbers_and_loose_strings_are_refused(wire: str) -> None:
    body = f'{{"from_account": "1", "to_account": "2", "amount": {wire}}}'
    with pytest.raises(ValidationError, match="por ejemplo"):
        OwnTransferOrder.model_validate_json(body)
