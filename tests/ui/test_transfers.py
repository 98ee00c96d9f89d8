"""The three transfer screens, driven as a member would, checked against the bank's ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.app import CoopApp
from cooptui.backend.errors import BackendUnavailable
from cooptui.backend.http import OUTCOME_UNKNOWN
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS, cedula
from cooptui.domain.auth import MessageChannel
from cooptui.domain.operations import Receipt, ReceiptStatus
from cooptui.domain.transfers import Beneficiary, BeneficiaryService, TransferStatus
from cooptui.screens.beneficiary_form import BeneficiaryFormScreen
from cooptui.screens.transfer_form import TransferScreen
from cooptui.widgets import otp_dialog
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.core.conftest import assert_ledger_sound, deposit, ledger_balance
from tests.ui.helpers import (
    available,
    confirm,
    confirmation,
    core_of,
    error_of,
    latest_sms_code,
    make_app,
    pay_with_code,
    shown,
    sign_in,
    sms_count,
    type_text,
    wait_until,
)


async def open_transfer(pilot: Pilot, app: CoopApp, item: str) -> TransferScreen:
    await sign_in(pilot, app)
    app.open_section(item)
    await wait_until(pilot, lambda: isinstance(app.screen, TransferScreen))
    screen = app.screen
    assert isinstance(screen, TransferScreen)
    await wait_until(pilot, lambda: screen.origin_value() == DEMO_SAVINGS)
    await wait_until(pilot, lambda: len(screen.query_one("#tf-to", Select)._options) > 1)
    return screen


async def payee(app: CoopApp, name_part: str) -> Beneficiary:
    found = await app.backend.beneficiaries(name=name_part)
    assert len(found) == 1, name_part
    return found[0]


def fill(screen: TransferScreen, amount: str, reference: str = "", **values: str) -> None:
    for selector, value in values.items():
        screen.query_one(f"#tf-{selector}", Select if selector == "to" else Input).value = value
    screen.query_one("#tf-amount", Input).value = amount
    screen.query_one("#tf-reference", Input).value = reference


async def press_continue(pilot: Pilot, screen: TransferScreen) -> None:
    screen.query_one("#tf-reference", Input).focus()
    await pilot.press("enter")


async def authorize(pilot: Pilot, app: CoopApp) -> Receipt:
    """Confirmar, the SMS code, the comprobante closed: back on the transfer form."""
    receipt = await pay_with_code(pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, TransferScreen))
    return receipt


# -- Transferencias a mis Cuentas ------------------------------------------------------------------
async def test_own_transfer_moves_money_between_the_members_accounts() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-propias")
        core = core_of(app)
        savings, certificates = (
            ledger_balance(core, DEMO_SAVINGS),
            ledger_balance(core, DEMO_CERTIFICATES),
        )
        # The only other account is the destination; the origin is never offered.
        to = screen.query_one("#tf-to", Select)
        assert [value for _, value in to._options if isinstance(value, str)] == [DEMO_CERTIFICATES]
        assert to.value == DEMO_CERTIFICATES
        fill(screen, "10.50", "Aporte diciembre")
        await press_continue(pilot, screen)
        summary = await confirmation(pilot)
        assert summary["Destino"].startswith("CERTIFICADOS DE APORTACION ********")
        assert (summary["Monto"], summary["Comisión"], summary["IVA"], summary["Total"]) == (
            "$10.50",
            "$0.00",
            "$0.00",
            "$10.50",
        )
        assert summary["Referencia"] == "Aporte diciembre"
        receipt = await authorize(pilot, app)
        assert receipt.status is ReceiptStatus.COMPLETED
        assert ledger_balance(core, DEMO_SAVINGS) == savings - Decimal("10.50")
        assert ledger_balance(core, DEMO_CERTIFICATES) == certificates + Decimal("10.50")
        assert_ledger_sound(core)
        # The form is ready for the next one and shows the new balance at once.
        assert screen.query_one("#tf-amount", Input).value == ""
        assert screen.query_one("#tf-reference", Input).value == ""
        await wait_until(pilot, lambda: "$280.40" in shown(app, "#field-from_account .form-hint"))
        await wait_until(pilot, lambda: "$14,989.50" in shown(app, "#tf-limit"))


# -- Transferencias Cooprogreso -------------------------------------------------------------------
async def test_transfer_to_a_cooprogreso_beneficiary_credits_the_payee_and_notifies_them() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-coop")
        andrea = await payee(app, "Andrea")
        core = core_of(app)
        mine, theirs = (
            ledger_balance(core, DEMO_SAVINGS),
            ledger_balance(core, andrea.account_number),
        )
        fill(screen, "25", "Almuerzo", to=str(andrea.id))
        screen.query_one("#tf-email", Input).value = "andrea.paredes@correo.example"
        await press_continue(pilot, screen)
        summary = await confirmation(pilot)
        assert summary["Destino"].startswith("Andrea Paredes Vega - AHO - No.")
        assert andrea.account_number[-4:] in summary["Destino"]
        assert andrea.account_number not in summary["Destino"]  # masked
        assert (summary["Monto"], summary["Comisión"], summary["IVA"], summary["Total"]) == (
            "$25.00",
            "$0.00",
            "$0.00",
            "$25.00",
        )
        receipt = await authorize(pilot, app)
        assert receipt.status is ReceiptStatus.COMPLETED
        assert ledger_balance(core, DEMO_SAVINGS) == mine - 25
        assert ledger_balance(core, andrea.account_number) == theirs + 25
        assert_ledger_sound(core)
        assert app.backend.demo is not None
        emails = [m for m in await app.backend.demo.outbox() if m.channel is MessageChannel.EMAIL]
        assert emails[-1].to == "andrea.paredes@correo.example"
        assert "$25.00" in emails[-1].body


async def test_a_beneficiarys_e_mail_is_offered_for_the_notice() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        sofia = await payee(app, "Sofía")
        assert sofia.email
        screen.query_one("#tf-to", Select).value = str(sofia.id)
        await wait_until(pilot, lambda: screen.query_one("#tf-email", Input).value == sofia.email)
        assert "Banco Guayaquil" in shown(app, f"#field-{screen.DESTINATION_FIELD} .form-hint")


# -- Transferencias Interbancarias -----------------------------------------------------------------
async def test_interbank_transfer_to_an_immediate_bank_settles_at_once_with_fees() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        diego = await payee(app, "Diego")  # Banco Pichincha credits at once
        core = core_of(app)
        before = ledger_balance(core, DEMO_SAVINGS)
        fill(screen, "40", "Préstamo", to=str(diego.id))
        await press_continue(pilot, screen)
        summary = await confirmation(pilot)
        # Commission and IVA are shown before the member confirms.
        assert (summary["Monto"], summary["Comisión"], summary["IVA"], summary["Total"]) == (
            "$40.00",
            "$0.36",
            "$0.05",
            "$40.41",
        )
        assert summary["Institución"] == "Banco Pichincha"
        assert summary["Acreditación"] == "Inmediata"
        receipt = await authorize(pilot, app)
        assert receipt.status is ReceiptStatus.COMPLETED
        assert ledger_balance(core, DEMO_SAVINGS) == before - Decimal("40.41")
        assert await app.backend.transfers(TransferStatus.PENDING) == []
        assert_ledger_sound(core)


async def test_interbank_transfer_to_a_slower_bank_stays_pending_until_the_clock_settles_it() -> (
    None
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        patricio = await payee(app, "Patricio")  # Banco de Loja: up to 24 business hours
        core = core_of(app)
        before_ledger, before_available = ledger_balance(core, DEMO_SAVINGS), await available(app)
        fill(screen, "100", "Arriendo", to=str(patricio.id))
        await press_continue(pilot, screen)
        receipt = await authorize(pilot, app)
        assert receipt.status is ReceiptStatus.PENDING
        assert "19/12/2024 09:00" in receipt.message
        # Meanwhile: the amount and its fees are withheld, the ledger has not moved yet,
        # and the screen lists the transfer as in process.
        assert await available(app) == before_available - Decimal("100.41")
        assert ledger_balance(core, DEMO_SAVINGS) == before_ledger
        holds = await app.backend.holds(DEMO_SAVINGS)
        assert any(h.amount == Decimal("100.41") for h in holds)
        table = screen.query_one("#tf-pending", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        assert receipt.reference in [key.value for key in table.rows]
        assert "$100.41" in str(table.get_row(receipt.reference))
        await wait_until(
            pilot, lambda: "Saldo contable $295.65" in shown(app, "#field-from_account .form-hint")
        )
        # The next business day at 09:00 the SPI settles it.
        app.advance_clock(86_400)
        await wait_until(pilot, lambda: table.row_count == 0)
        assert "No tienes transferencias interbancarias en proceso" in shown(
            app, "#tf-pending-status"
        )
        assert ledger_balance(core, DEMO_SAVINGS) == before_ledger - Decimal("100.41")
        assert await available(app) == before_available - Decimal("100.41")
        assert await app.backend.holds(DEMO_SAVINGS) == [
            h for h in holds if h.amount != Decimal("100.41")
        ]
        completed = await app.backend.transfers(TransferStatus.COMPLETED)
        assert receipt.reference in [t.reference for t in completed]
        assert_ledger_sound(core)


async def test_the_institutions_with_immediate_crediting_are_listed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_transfer(pilot, app, "transf-inter")
        await pilot.press("f2")
        await wait_until(pilot, lambda: "Banco Pichincha" in shown(app, "#inst-immediate"))
        assert "Banco de Loja" not in shown(app, "#inst-immediate")
        assert "Banco de Loja" in shown(app, "#inst-others")
        assert "Cooprogreso" not in shown(app, "#inst-immediate")


# -- refusals: next to the field, before any code is sent, nothing lost ---------------------------
async def test_amounts_are_checked_before_the_code_is_sent() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        diego = await payee(app, "Diego")
        sent = await sms_count(app)
        cases = {
            "0": "El monto debe ser mayor a cero",
            "10.123": "El monto admite máximo 2 decimales",
            "290.91": "El monto supera tu saldo disponible ($290.90).",
        }
        amount = screen.query_one("#tf-amount", Input)
        for typed, message in cases.items():
            fill(screen, typed, "Prueba", to=str(diego.id))
            await press_continue(pilot, screen)  # from Referencia
            # Continuar refused: the message stays and the focus goes to Monto to fix it.
            await wait_until(pilot, lambda: amount.has_focus)
            assert error_of(screen, "amount") == message
            assert not isinstance(app.screen, ConfirmDialog | OtpDialog)
            assert amount.value == typed
            assert screen.query_one("#tf-reference", Input).value == "Prueba"
        # Exactly the balance passes the form, but not the bank: the fees do not fit.
        fill(screen, "290.90", "Prueba", to=str(diego.id))
        await press_continue(pilot, screen)
        await wait_until(pilot, lambda: "incluye comisión e IVA" in error_of(screen, "amount"))
        assert not isinstance(app.screen, ConfirmDialog | OtpDialog)
        assert await sms_count(app) == sent
        assert screen.query_one("#tf-amount", Input).value == "290.90"


async def test_a_typed_amount_is_never_turned_into_another_amount() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        diego = await payee(app, "Diego")
        screen.query_one("#tf-to", Select).value = str(diego.id)
        sent = await sms_count(app)
        amount = screen.query_one("#tf-amount", Input)
        cases = {
            "1e3": "Ingresa un monto válido",  # once "13" at the confirmation
            "-5": "El monto debe ser mayor a cero",  # once $5.00
            "5 USD": "Ingresa un monto válido",
        }
        for typed, message in cases.items():
            amount.value = ""
            amount.focus()
            await type_text(pilot, typed)
            # Said as typed, next to the field, with the text exactly as typed.
            await wait_until(pilot, lambda message=message: error_of(screen, "amount") == message)
            assert amount.value == typed
            await pilot.press("enter")  # Continuar
            await wait_until(pilot, lambda: amount.has_focus)
            assert error_of(screen, "amount") == message
            assert amount.value == typed
            assert not isinstance(app.screen, ConfirmDialog | OtpDialog)
        assert await sms_count(app) == sent  # nothing went to the bank


async def test_a_reference_longer_than_the_bank_takes_is_kept_and_refused() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        diego = await payee(app, "Diego")
        sent = await sms_count(app)
        long_reference = "Pago de la cuota de diciembre del préstamo familiar "  # 52
        fill(screen, "10.00", long_reference, to=str(diego.id))
        reference = screen.query_one("#tf-reference", Input)
        reference.focus()
        await pilot.press("end")
        await type_text(pilot, "y enero 2025")  # 64 in all: nothing typed is dropped
        typed = long_reference + "y enero 2025"
        await wait_until(pilot, lambda: reference.value == typed)
        await wait_until(
            pilot, lambda: error_of(screen, "reference") == "Máximo 60 caracteres (tienes 64)"
        )
        await pilot.press("enter")  # Continuar: refused, nothing sent
        await pilot.pause()
        assert error_of(screen, "reference") == "Máximo 60 caracteres (tienes 64)"
        assert reference.value == typed
        assert not isinstance(app.screen, ConfirmDialog | OtpDialog)
        assert await sms_count(app) == sent
        # Back within the limit, the message goes as it is typed.
        await pilot.press(*["backspace"] * 4)
        await wait_until(pilot, lambda: error_of(screen, "reference") == "")


async def test_the_daily_limit_is_checked_with_its_own_message() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        deposit(core_of(app), DEMO_SAVINGS, Decimal("10000"))
        screen = await open_transfer(pilot, app, "transf-inter")
        diego = await payee(app, "Diego")
        sent = await sms_count(app)
        fill(screen, "3000.01", to=str(diego.id))
        await press_continue(pilot, screen)
        await wait_until(
            pilot,
            lambda: (
                error_of(screen, "amount")
                == "El monto supera tu límite diario de Transferencias Interbancarias:"
                " te quedan $3,000.00 hoy."
            ),
        )
        assert await sms_count(app) == sent


async def test_missing_choices_are_named_next_to_their_fields() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-coop")
        screen.query_one("#tf-email", Input).value = "andrea@"
        await press_continue(pilot, screen)
        await wait_until(pilot, lambda: error_of(screen, "beneficiary_id") != "")
        assert error_of(screen, "beneficiary_id") == "Selecciona el beneficiario."
        assert error_of(screen, "notify_email") == "Ingresa un correo electrónico válido"
        assert error_of(screen, "amount") == "Ingresa un monto"
        assert screen.query_one("#tf-email", Input).value == "andrea@"


async def test_cancelling_the_code_keeps_the_form_and_moves_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-coop")
        andrea = await payee(app, "Andrea")
        before = ledger_balance(core_of(app), DEMO_SAVINGS)
        fill(screen, "12.34", "Regalo", to=str(andrea.id))
        # Cancelar on the confirmation, then Cancelar on the code: each time the form
        # comes back as it was and no money moves.
        for cancel_on in (ConfirmDialog, OtpDialog):
            await press_continue(pilot, screen)
            if cancel_on is OtpDialog:
                await confirm(pilot)
            else:
                await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen)
            assert screen.query_one("#tf-amount", Input).value == "12.34"
            assert screen.query_one("#tf-reference", Input).value == "Regalo"
            assert screen.destination_value() == str(andrea.id)
            assert ledger_balance(core_of(app), DEMO_SAVINGS) == before
            assert await available(app) == Decimal("290.90")


async def test_a_new_beneficiary_created_from_the_transfer_is_chosen_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        await pilot.pause()  # the balance hint above has pushed the form down
        await pilot.click("#tf-new-beneficiary")
        await wait_until(pilot, lambda: isinstance(app.screen, BeneficiaryFormScreen))
        form = app.screen
        assert isinstance(form, BeneficiaryFormScreen)
        assert form.service is BeneficiaryService.INTERBANK
        institution = form.query_one("#bf-institution", Select)
        await wait_until(pilot, lambda: len(institution._options) > 1)
        institution.value = "PRODUBANCO"
        form.query_one("#bf-account-number", Input).value = "1002003004"
        form.query_one("#bf-name", Input).value = "Martina Ortega Ruiz"
        form.query_one("#bf-identification", Input).value = cedula("171234567")
        form.query_one("#bf-alias", Input).focus()
        await pilot.press("enter")
        await authorize(pilot, app)
        martina = await payee(app, "Martina")
        assert martina.institution_code == "PRODUBANCO"
        await wait_until(pilot, lambda: screen.destination_value() == str(martina.id))
        assert "Produbanco" in shown(app, "#field-beneficiary_id .form-hint")


async def test_a_lost_answer_to_the_code_is_retried_without_moving_money_twice() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-coop")
        andrea = await payee(app, "Andrea")
        core = core_of(app)
        before = ledger_balance(core, DEMO_SAVINGS)
        real_confirm = app.backend.confirm
        calls: list[str | None] = []

        async def answer_lost_once(challenge_id: str, code: str, *, idempotency_key=None):  # type: ignore[no-untyped-def]
            receipt = await real_confirm(challenge_id, code, idempotency_key=idempotency_key)
            calls.append(idempotency_key)
            if len(calls) == 1:  # the bank did it, but its answer never arrives
                raise BackendUnavailable(OUTCOME_UNKNOWN)
            return receipt

        app.backend.confirm = answer_lost_once  # type: ignore[method-assign]
        fill(screen, "20", "Cuota", to=str(andrea.id))
        await press_continue(pilot, screen)
        await confirm(pilot)
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "no se hará dos veces" in shown(app, "#otp-error"))
        assert not app.screen.query_one("#otp-confirm").disabled
        await pilot.press("enter")  # Confirmar again, the code still typed
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        assert len(calls) == 2
        assert calls[0] == calls[1]  # the same idempotency key both times
        assert ledger_balance(core, DEMO_SAVINGS) == before - 20
        assert_ledger_sound(core)


async def test_the_code_countdown_counts_the_time_spent_on_the_confirmation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(otp_dialog, "clock", lambda: now[0])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-propias")
        fill(screen, "5")
        await press_continue(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        now[0] += 90  # a minute and a half reading the confirmation
        await confirm(pilot)
        await wait_until(pilot, lambda: shown(app, "#otp-countdown") == "El código vence en 3:30")


async def test_a_lone_beneficiary_is_chosen_with_its_e_mail_and_details() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        sofia = await payee(app, "Sofía")
        for other in await app.backend.beneficiaries(BeneficiaryService.INTERBANK):
            if other.id != sofia.id:
                await app.backend.delete_beneficiary(other.id)
        app.open_section("transf-inter")
        await wait_until(pilot, lambda: isinstance(app.screen, TransferScreen))
        screen = app.screen
        assert isinstance(screen, TransferScreen)
        await wait_until(pilot, lambda: screen.destination_value() == str(sofia.id))
        await wait_until(pilot, lambda: screen.query_one("#tf-email", Input).value == sofia.email)
        assert "Banco Guayaquil" in shown(app, "#field-beneficiary_id .form-hint")


async def test_the_whole_transfer_can_be_made_with_the_keyboard() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_transfer(pilot, app, "transf-inter")
        patricio = await payee(app, "Patricio")
        to = screen.query_one("#tf-to", Select)
        to.focus()
        await pilot.press("enter")  # open the list
        await type_text(pilot, "patr")  # type to search
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.destination_value() == str(patricio.id))
        await pilot.press("tab", "tab")  # past Correo electrónico to Monto
        await wait_until(pilot, lambda: screen.query_one("#tf-amount", Input).has_focus)
        await type_text(pilot, "7.25")
        await pilot.press("tab")
        await type_text(pilot, "Teclado")
        await pilot.press("enter")
        receipt = await authorize(pilot, app)
        assert receipt.status is ReceiptStatus.PENDING
        assert "$7.66" in receipt.as_text()  # $7.25 + $0.36 + $0.05
