"""Registro de Servicios driven as a member would: list, Nuevo Pago, Pagar, Eliminar.

Every payment is checked in the bank afterwards: the account debited by amount plus
commission, the bill no longer pending, the history showing it, the ledger balanced.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList

from cooptui.app import CoopApp
from cooptui.backend.errors import BackendUnavailable, NotFound
from cooptui.backend.http import OUTCOME_UNKNOWN
from cooptui.backend_stub.seed import DEMO_CNT_CODE, DEMO_SAVINGS
from cooptui.domain.operations import ServicePaymentOrder
from cooptui.domain.services import PaymentChannel
from cooptui.screens.service_payment import ServicePaymentScreen
from cooptui.screens.service_registration import ServiceRegistrationScreen
from cooptui.screens.services import RegisteredServicesScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import SummaryRow
from cooptui.widgets.form_field import FormField
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.core.conftest import assert_ledger_sound, ledger_balance
from tests.ui.helpers import (
    confirm,
    confirmation,
    core_of,
    error_of,
    latest_sms_code,
    make_app,
    pay_with_code,
    press_button,
    shown,
    sign_in,
    sms_count,
    type_text,
    wait_until,
)

CNT = "cnt"
CLARO_CODE = "40125678"  # a Claro line the bank knows (another member's)


async def open_services(pilot: Pilot, app: CoopApp) -> RegisteredServicesScreen:
    await sign_in(pilot, app)
    app.open_section("servicios")
    await wait_until(pilot, lambda: isinstance(app.screen, RegisteredServicesScreen))
    screen = app.screen
    assert isinstance(screen, RegisteredServicesScreen)
    await wait_until(pilot, lambda: screen.query_one("#sv-table", DataTable).row_count > 0)
    return screen


def codes(screen: RegisteredServicesScreen) -> list[str]:
    table = screen.query_one("#sv-table", DataTable)
    return [screen.found[str(key.value)].service_code for key in table.rows]


async def open_payment(
    pilot: Pilot, app: CoopApp, screen: RegisteredServicesScreen, code: str
) -> ServicePaymentScreen:
    table = screen.query_one("#sv-table", DataTable)
    key = next(k for k, s in screen.found.items() if s.service_code == code)
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ServicePaymentScreen))
    payment = app.screen
    assert isinstance(payment, ServicePaymentScreen)
    await wait_until(pilot, lambda: not shown(app, "#sp-status").startswith("Consultando"))
    return payment


def totals(payment: ServicePaymentScreen) -> dict[str, str]:
    rows = payment.query_one("#sp-totals").query(SummaryRow).results(SummaryRow)
    return {row.label: row.value for row in rows}


async def authorize(pilot: Pilot) -> dict[str, str]:
    """Confirmar (returning what it showed), the SMS code, and the comprobante closed."""
    summary = await confirmation(pilot)
    await pay_with_code(pilot)
    return summary


# -- the list ------------------------------------------------------------------------------------
async def test_the_list_shows_the_registered_services_and_filters_them() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_services(pilot, app)
        assert codes(screen) == [s.service_code for s in await app.backend.registered_services()]
        assert DEMO_CNT_CODE in codes(screen)
        assert "3 servicios registrados" in shown(app, "#sv-status")
        # Categoría narrows the list, and Servicio then offers only that category's billers.
        screen.query_one("#sv-filters-category", Select).value = "telefonia"
        await wait_until(pilot, lambda: codes(screen) == [DEMO_CNT_CODE])
        billers = screen.query_one("#sv-filters-biller", Select)
        offered = {value for _, value in billers._options if value != "*"}
        assert offered == {b.id for b in await app.backend.billers("telefonia")}
        screen.query_one("#sv-filters-category", Select).value = "educacion"
        await wait_until(pilot, lambda: codes(screen) == [])
        assert "en esa categoría" in shown(app, "#sv-status")


# -- Pagar ---------------------------------------------------------------------------------------
async def test_paying_the_manuals_cnt_bill_debits_amount_and_commission_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_services(pilot, app)
        before = ledger_balance(core, DEMO_SAVINGS)
        payment = await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        # VALORES A PAGAR: the manual's bill, chosen as it is the only one.
        bills = payment.query_one("#sp-bills", SelectionList)
        assert bills.option_count == 1
        line = str(bills.get_option_at_index(0).prompt)
        (bill,) = await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)
        assert bill.receipt_number in line
        assert "$7.13" in line  # the manual's row: the bill's amount and the commission
        assert "$0.31" in line
        assert payment.query_one(Select).value == DEMO_SAVINGS
        await wait_until(pilot, lambda: totals(payment)["Total a Pagar"] == "$7.44")
        assert totals(payment) == {"Monto": "$7.13", "Comisión": "$0.31", "Total a Pagar": "$7.44"}
        await press_button(pilot, "#sp-continue")
        summary = await authorize(pilot)
        # One source for the money: no "Total", no IVA next to Total a Pagar.
        assert (summary["Monto"], summary["Comisión"], summary["Total a Pagar"]) == (
            "$7.13",
            "$0.31",
            "$7.44",
        )
        assert "Total" not in summary
        assert "IVA" not in summary
        await wait_until(pilot, lambda: isinstance(app.screen, RegisteredServicesScreen))
        assert ledger_balance(core, DEMO_SAVINGS) == before - Decimal("7.44")
        with pytest.raises(NotFound):
            await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)
        history = await app.backend.payment_history(service_code=DEMO_CNT_CODE)
        assert history[0].total == Decimal("7.44")
        assert history[0].channel is PaymentChannel.MANUAL
        assert_ledger_sound(core)
        # Nothing pending now: Pagar says so and Continuar sends nothing.
        sent = await sms_count(app)
        payment = await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        assert "No existen valores pendientes" in shown(app, "#sp-status")
        await press_button(pilot, "#sp-continue")
        await wait_until(pilot, lambda: "No existen valores" in shown(app, "#sp-form-error"))
        assert await sms_count(app) == sent
        assert app.screen is payment


async def test_no_bill_chosen_is_told_and_cancelar_on_the_code_keeps_the_bill() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_services(pilot, app)
        before = ledger_balance(core, DEMO_SAVINGS)
        payment = await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        bills = payment.query_one("#sp-bills", SelectionList)
        bills.deselect_all()
        await wait_until(pilot, lambda: totals(payment)["Total a Pagar"] == "$0.00")
        sent = await sms_count(app)
        await press_button(pilot, "#sp-continue")
        await wait_until(pilot, lambda: error_of(payment, "bill_ids") != "")
        assert "Selecciona al menos un valor" in error_of(payment, "bill_ids")
        assert await sms_count(app) == sent
        bills.select_all()
        await wait_until(pilot, lambda: error_of(payment, "bill_ids") == "")
        await press_button(pilot, "#sp-continue")
        await confirm(pilot)
        await pilot.press("escape")  # Cancelar on the code dialog
        await wait_until(pilot, lambda: app.screen is payment)
        await wait_until(pilot, lambda: payment.query_one("#sp-bills", SelectionList).option_count)
        assert ledger_balance(core, DEMO_SAVINGS) == before
        assert len(await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)) == 1


async def test_a_lost_answer_to_the_code_pays_the_bill_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_services(pilot, app)
        before = ledger_balance(core, DEMO_SAVINGS)
        real_confirm = app.backend.confirm
        keys: list[str | None] = []

        async def answer_lost_once(challenge_id: str, code: str, *, idempotency_key=None):  # type: ignore[no-untyped-def]
            receipt = await real_confirm(challenge_id, code, idempotency_key=idempotency_key)
            keys.append(idempotency_key)
            if len(keys) == 1:
                raise BackendUnavailable(OUTCOME_UNKNOWN)
            return receipt

        app.backend.confirm = answer_lost_once  # type: ignore[method-assign]
        await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        await press_button(pilot, "#sp-continue")
        await confirm(pilot)
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "no se hará dos veces" in shown(app, "#otp-error"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        assert keys[0] == keys[1]
        assert ledger_balance(core, DEMO_SAVINGS) == before - Decimal("7.44")
        assert_ledger_sound(core)


# -- Nuevo Pago ----------------------------------------------------------------------------------
async def open_new(pilot: Pilot, app: CoopApp) -> ServiceRegistrationScreen:
    screen = await open_services(pilot, app)
    await press_button(pilot, "#sv-new")
    await wait_until(pilot, lambda: isinstance(app.screen, ServiceRegistrationScreen))
    form = app.screen
    assert isinstance(form, ServiceRegistrationScreen)
    await wait_until(pilot, lambda: form.query_one("#sr-account", Select).value == DEMO_SAVINGS)
    await wait_until(pilot, lambda: len(form.query_one("#sr-category", Select)._options) > 1)
    assert isinstance(screen, RegisteredServicesScreen)
    return form


async def choose(pilot: Pilot, form: ServiceRegistrationScreen, category: str, biller: str) -> None:
    form.query_one("#sr-category", Select).value = category
    await wait_until(
        pilot,
        lambda: biller in {v for _, v in form.query_one("#sr-biller", Select)._options},
    )
    form.query_one("#sr-biller", Select).value = biller
    await pilot.pause()


async def test_nuevo_pago_registers_a_service_with_the_sms_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_new(pilot, app)
        await choose(pilot, form, "telefonia", "claro")
        # The code is asked for as the biller names it.
        assert form.query_one("#field-service_code", FormField).label == "Contrato"
        form.query_one("#sr-code", Input).value = CLARO_CODE
        form.query_one("#sr-alias", Input).value = "Claro mamá"
        await press_button(pilot, "#sr-continue")
        summary = await authorize(pilot)
        assert summary["Contrato"] == CLARO_CODE
        await wait_until(pilot, lambda: isinstance(app.screen, RegisteredServicesScreen))
        screen = app.screen
        assert isinstance(screen, RegisteredServicesScreen)
        await wait_until(pilot, lambda: CLARO_CODE in codes(screen))
        chosen = screen.current()
        assert chosen is not None
        assert chosen.service_code == CLARO_CODE
        assert chosen.alias == "Claro mamá"
        assert chosen.account_number == DEMO_SAVINGS


async def test_nuevo_pago_refuses_what_the_bank_cannot_register_next_to_the_field() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_new(pilot, app)
        sent = await sms_count(app)
        await press_button(pilot, "#sr-continue")
        await wait_until(pilot, lambda: error_of(form, "category_id") != "")
        assert error_of(form, "biller_id") == "Selecciona la empresa."
        await choose(pilot, form, "telefonia", CNT)
        await press_button(pilot, "#sr-continue")
        await wait_until(pilot, lambda: "Teléfono/Contrato" in error_of(form, "service_code"))
        # A code the company does not know, then one registered already: the bank says
        # so before any code is texted, and the form keeps what was typed.
        code = form.query_one("#sr-code", Input)
        for typed, expected in (("0999999999", "No encontramos"), (DEMO_CNT_CODE, "registrado")):
            code.value = typed
            await press_button(pilot, "#sr-continue")
            await wait_until(pilot, lambda e=expected: e in error_of(form, "service_code"))
            assert code.value == typed
            assert form.query_one("#sr-biller", Select).value == CNT
        assert await sms_count(app) == sent
        assert app.screen is form


async def test_a_wrong_code_then_the_right_one_registers_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_new(pilot, app)
        await choose(pilot, form, "telefonia", "claro")
        form.query_one("#sr-code", Input).value = CLARO_CODE
        await press_button(pilot, "#sr-continue")
        await confirm(pilot)
        right = await latest_sms_code(app)
        wrong = "000000" if right != "000000" else "111111"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error").lower())
        assert isinstance(app.screen, OtpDialog)
        app.screen.query_one("#otp-code", Input).value = ""
        await type_text(pilot, right)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        found = [s for s in await app.backend.registered_services() if s.service_code == CLARO_CODE]
        assert len(found) == 1


# -- Eliminar ------------------------------------------------------------------------------------
async def test_eliminar_asks_first_and_removes_the_service() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_services(pilot, app)
        table = screen.query_one("#sv-table", DataTable)
        target = screen.current()
        assert target is not None
        table.focus()
        await wait_until(pilot, lambda: table.has_focus)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("enter")  # Cancelar has the focus: nothing is deleted
        await wait_until(pilot, lambda: app.screen is screen)
        assert target.service_code in codes(screen)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await press_button(pilot, "#ask-accept")
        await wait_until(pilot, lambda: target.service_code not in codes(screen))
        assert all(s.id != target.id for s in await app.backend.registered_services())


async def test_an_expired_code_pays_nothing_and_the_bill_stays_pending() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_services(pilot, app)
        before = ledger_balance(core, DEMO_SAVINGS)
        await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        await press_button(pilot, "#sp-continue")
        await confirm(pilot)
        code = await latest_sms_code(app)
        assert app.backend.demo is not None
        await app.backend.demo.advance_clock(301)  # the member took too long
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "expiró" in shown(app, "#otp-error"))
        assert ledger_balance(core, DEMO_SAVINGS) == before
        assert len(await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)) == 1


async def test_a_bill_paid_elsewhere_meanwhile_is_refused_and_the_list_asked_again() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_services(pilot, app)
        payment = await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        # Another session (or the scheduler) pays the bill while this dialog shows it.
        (bill,) = await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)
        order = ServicePaymentOrder(
            from_account=DEMO_SAVINGS,
            biller_id=CNT,
            service_code=DEMO_CNT_CODE,
            bill_ids=(bill.id,),
        )
        challenge = await app.backend.begin(order)
        await app.backend.confirm(challenge.id, await latest_sms_code(app))
        paid_once = ledger_balance(core, DEMO_SAVINGS)
        sent = await sms_count(app)
        await press_button(pilot, "#sp-continue")
        await wait_until(pilot, lambda: "No existen valores" in shown(app, "#sp-status"))
        assert payment.query_one("#sp-bills", SelectionList).option_count == 0
        assert await sms_count(app) == sent  # refused before any code
        assert ledger_balance(core, DEMO_SAVINGS) == paid_once
        assert_ledger_sound(core)


async def test_f5_asks_again_when_the_bank_did_not_answer_with_the_bills() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_services(pilot, app)
        real_lookup = app.backend.lookup_bills
        calls: list[str] = []

        async def unavailable_once(biller_id: str, service_code: str):  # type: ignore[no-untyped-def]
            calls.append(service_code)
            if len(calls) == 1:
                raise BackendUnavailable("No pudimos comunicarnos con el banco.")
            return await real_lookup(biller_id, service_code)

        app.backend.lookup_bills = unavailable_once  # type: ignore[method-assign]
        payment = await open_payment(pilot, app, screen, DEMO_CNT_CODE)
        assert "F5" in shown(app, "#sp-status")
        assert payment.query_one("#sp-bills", SelectionList).option_count == 0
        await pilot.press("f5")
        await wait_until(
            pilot, lambda: payment.query_one("#sp-bills", SelectionList).option_count == 1
        )
        assert shown(app, "#sp-status") == ""
        assert totals(payment)["Total a Pagar"] == "$7.44"
