"""The payment-form kit on its own: money lines, the amount field, the account picker."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from textual.app import App, ComposeResult

from cooptui.domain.operations import Challenge, SummaryLine
from cooptui.domain.products import Account, AccountStatus, AccountType
from cooptui.domain.transfers import DailyLimit, TransferKind
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.amount_field import AmountField
from cooptui.widgets.confirm_dialog import summary_rows

AT = datetime(2024, 12, 18, 13, 26)


def challenge(kind: str, lines: list[tuple[str, str]], **money: Decimal) -> Challenge:
    return Challenge(
        id="c1",
        order_kind=kind,
        title="Operación",
        destination="09*****123",
        created_at=AT,
        sent_at=AT,
        expires_at=AT,
        attempts_left=3,
        resends_left=2,
        lines=tuple(SummaryLine(label=label, value=value) for label, value in lines),
        **money,
    )


def test_a_service_payment_shows_each_amount_once_with_total_a_pagar() -> None:
    c = challenge(
        "service_payment",
        [("Empresa", "CNT"), ("Monto", "$7.13"), ("Comisión", "$0.31"), ("Total a Pagar", "$7.44")],
        amount=Decimal("7.13"),
        commission=Decimal("0.31"),
        total=Decimal("7.44"),
    )
    assert summary_rows(c) == [
        ("Empresa", "CNT"),
        ("Monto", "$7.13"),
        ("Comisión", "$0.31"),
        ("Total a Pagar", "$7.44"),
    ]


def test_a_transfer_shows_commission_iva_and_total_from_the_typed_fields() -> None:
    c = challenge(
        "interbank_transfer",
        [("Destino", "Banco de Loja"), ("Total", "$999.99")],  # the text never wins
        amount=Decimal("100.00"),
        commission=Decimal("0.36"),
        iva=Decimal("0.05"),
        total=Decimal("100.41"),
    )
    assert summary_rows(c) == [
        ("Destino", "Banco de Loja"),
        ("Monto", "$100.00"),
        ("Comisión", "$0.36"),
        ("IVA", "$0.05"),
        ("Total", "$100.41"),
    ]


def test_an_operation_without_money_keeps_its_lines() -> None:
    c = challenge("beneficiary", [("Beneficiario", "Andrea"), ("Cuenta", "****3418")])
    assert summary_rows(c) == [("Beneficiario", "Andrea"), ("Cuenta", "****3418")]


def account(number: str, available: str, kind: AccountType = AccountType.SAVINGS) -> Account:
    return Account(
        number=number,
        type=kind,
        status=AccountStatus.ACTIVE,
        ledger_balance=Decimal(available),
        available_balance=Decimal(available),
        holder_name="GABRIEL SILVA",
    )


class KitApp(App[None]):
    def compose(self) -> ComposeResult:
        yield AccountPicker(select_id="picker")
        yield AmountField(input_id="amount")


async def test_the_amount_is_checked_as_typed_against_balance_and_daily_limit() -> None:
    app = KitApp()
    async with app.run_test() as pilot:
        field = app.query_one(AmountField)
        limit = DailyLimit(
            kind=TransferKind.OWN,
            limit=Decimal("500"),
            used_today=Decimal("450"),
            remaining=Decimal("50"),
        )
        field.set_bounds(Decimal("80.00"), limit)
        for typed, expected in (
            ("1.", ""),  # on its way to 1.50: not yet an error
            ("10.123", "decimales"),
            ("-5", "mayor"),
            ("90", "saldo disponible ($80.00)"),
            ("60", "te quedan $50.00 hoy"),
            ("49.99", ""),
        ):
            field.input.value = typed
            await pilot.pause()
            assert (expected in field.error) if expected else field.error == "", typed
        assert field.value() == Decimal("49.99")
        field.clear()
        assert field.text == ""
        assert field.error == ""


async def test_the_account_picker_offers_debitable_accounts_and_keeps_the_choice() -> None:
    app = KitApp()
    async with app.run_test() as pilot:
        picker = app.query_one(AccountPicker)
        savings, other = account("410112060750", "290.90"), account("410199990001", "10.00")
        shares = account("410212060750", "50.00", AccountType.SHARE_CERTIFICATES)
        picker.set_accounts([savings, other, shares], prefer=other.number)
        await pilot.pause()
        assert picker.value == other.number  # the preferred one, as nothing was chosen
        offered = [value for _, value in picker.select._options if isinstance(value, str)]
        assert offered == [savings.number, other.number]  # share certificates cannot pay
        picker.select.value = savings.number
        await pilot.pause()
        assert "Saldo disponible $290.90" in str(picker.query_one(".form-hint").render())
        # A reload with new balances keeps the member's choice, whatever is preferred.
        picker.set_accounts([account("410112060750", "280.00"), other], prefer=other.number)
        await pilot.pause()
        assert picker.value == savings.number
        assert picker.available == Decimal("280.00")
        picker.set_accounts([shares])
        await pilot.pause()
        assert picker.value is None
        assert "No tienes cuentas" in picker.error
