"""Pagos Programados driven as a member would: Programar Pago, the terms, Consultar, Cancelar.

What the screen did is checked in the bank afterwards: the schedule with the typed
maximum, frequency, dates and account; on the demo clock, the bill paid (the account
debited by amount plus commission, the ledger balanced) or refused with an e-mail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, TabbedContent

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_CNT_CODE, DEMO_SAVINGS, DEMO_SCHEDULED_CNT_CODE
from cooptui.domain.auth import MessageChannel
from cooptui.domain.services import Frequency, ScheduledPayment, ScheduledPaymentStatus
from cooptui.screens.scheduled_payments import (
    TAB_LIST,
    TERMS_REQUIRED,
    ScheduledPaymentsScreen,
)
from cooptui.screens.terms_dialog import SCHEDULED_PAYMENT_TERMS, TermsDialog
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import ConfirmDialog, SummaryRow
from cooptui.widgets.form_field import FormField
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.core.conftest import assert_ledger_sound
from tests.ui.helpers import (
    available,
    confirm,
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
TODAY = "18/12/2024"  # the frozen demo clock (the manual's date)
HOUR = 3600


async def open_screen(pilot: Pilot, app: CoopApp) -> ScheduledPaymentsScreen:
    await sign_in(pilot, app)
    app.open_section("programados")
    await wait_until(pilot, lambda: isinstance(app.screen, ScheduledPaymentsScreen))
    screen = app.screen
    assert isinstance(screen, ScheduledPaymentsScreen)
    await wait_until(pilot, lambda: screen.account.value == DEMO_SAVINGS)
    await wait_until(pilot, lambda: screen.query_one("#pp-table", DataTable).row_count > 0)
    return screen


async def choose_cnt(pilot: Pilot, screen: ScheduledPaymentsScreen) -> None:
    screen.query_one("#pp-category", Select).value = "telefonia"
    await wait_until(pilot, lambda: len(screen.query_one("#pp-biller", Select)._options) > 1)
    screen.query_one("#pp-biller", Select).value = CNT
    await wait_until(pilot, lambda: screen.picker.biller is not None)


async def fill(
    pilot: Pilot,
    screen: ScheduledPaymentsScreen,
    *,
    code: str = DEMO_CNT_CODE,
    max_amount: str = "20.00",
    frequency: Frequency = Frequency.ASAP,
    start: str | None = None,
    end: str = "",
    indefinite: bool = True,
) -> None:
    await choose_cnt(pilot, screen)
    screen.query_one("#pp-code", Input).value = code
    screen.query_one("#pp-max", Input).value = max_amount
    screen.query_one("#pp-frequency", Select).value = frequency.value
    if start is not None:
        screen.query_one("#pp-start", Input).value = start
    screen.query_one("#pp-end", Input).value = end
    screen.query_one("#pp-indefinite", Checkbox).value = indefinite
    await pilot.pause()


async def press_programar(pilot: Pilot) -> None:
    """Programar Pago, by the keyboard from Monto máximo (as a member who typed it would)."""
    pilot.app.screen.query_one("#pp-max", Input).focus()
    await pilot.press("enter")


async def press_submit(pilot: Pilot) -> None:
    """The Programar Pago button itself (below the screen's edge until focus scrolls to it)."""
    pilot.app.screen.query_one("#pp-submit").focus()
    await pilot.press("enter")


async def accept_terms(pilot: Pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, TermsDialog))
    await wait_until(pilot, lambda: app.screen.query_one("#terms-cancel").has_focus)
    await pilot.press("tab", "enter")  # from Cancelar to Aceptar


async def authorize(pilot: Pilot, app: CoopApp, screen: ScheduledPaymentsScreen) -> None:
    """Confirmar, type the SMS code, close the comprobante: back on the list."""
    await pay_with_code(pilot)
    await wait_until(pilot, lambda: app.screen is screen)


async def schedules_of(app: CoopApp, code: str) -> list[ScheduledPayment]:
    return [s for s in await app.backend.scheduled_payments() if s.service_code == code]


async def schedule_cnt(
    pilot: Pilot, app: CoopApp, screen: ScheduledPaymentsScreen, max_amount: str
) -> ScheduledPayment:
    """Programar Pago for the manual's CNT line from today, indefinitely."""
    await fill(pilot, screen, max_amount=max_amount)
    await press_programar(pilot)
    await accept_terms(pilot)
    await authorize(pilot, app, screen)
    [scheduled] = await schedules_of(app, DEMO_CNT_CODE)
    return scheduled


def listed(screen: ScheduledPaymentsScreen) -> dict[str, ScheduledPayment]:
    """The rows of Consultar by service code (the newest when a code has several)."""
    table = screen.query_one("#pp-table", DataTable)
    rows = [screen.schedules[str(key.value)] for key in table.rows]
    return {sp.service_code: sp for sp in reversed(rows)}


def detail(screen: ScheduledPaymentsScreen) -> dict[str, str]:
    return {row.label: row.value for row in screen.query(SummaryRow).results(SummaryRow)}


# -- Programar Pago ----------------------------------------------------------------------------
async def test_programar_pago_schedules_what_was_typed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        assert screen.query_one("#pp-start", Input).value == TODAY  # the bank's today
        await fill(
            pilot,
            screen,
            max_amount="100",
            frequency=Frequency.MONTHLY,
            start="20/12/2024",
            end="20/12/2025",
            indefinite=False,
        )
        # The code is named as the chosen company names it.
        assert shown(app, "#field-service_code .form-label") == "Teléfono/Contrato"
        await press_programar(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, TermsDialog))
        assert SCHEDULED_PAYMENT_TERMS in shown(app, "#terms-text")
        assert await schedules_of(app, DEMO_CNT_CODE) == []  # nothing before Aceptar
        await accept_terms(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await wait_until(pilot, lambda: bool(app.screen.query(SummaryRow)))
        summary = {r.label: r.value for r in app.screen.query(SummaryRow).results(SummaryRow)}
        assert summary["Monto máximo"] == "$100.00"
        assert summary["Frecuencia"] == "Mensual"
        assert (summary["Fecha desde"], summary["Fecha hasta"]) == ("20/12/2024", "20/12/2025")
        await authorize(pilot, app, screen)

        [scheduled] = await schedules_of(app, DEMO_CNT_CODE)
        assert scheduled.account_number == DEMO_SAVINGS
        assert scheduled.biller_id == CNT
        assert scheduled.max_amount == Decimal("100.00")
        assert scheduled.frequency is Frequency.MONTHLY
        assert (scheduled.start_date, scheduled.end_date) == (
            date(2024, 12, 20),
            date(2025, 12, 20),
        )
        assert scheduled.status is ScheduledPaymentStatus.ACTIVE
        # Consultar shows it, selected, and the form is ready for another one.
        tabs = screen.query_one("#pp-tabs", TabbedContent)
        await wait_until(pilot, lambda: tabs.active == TAB_LIST)
        await wait_until(pilot, lambda: DEMO_CNT_CODE in listed(screen))
        await wait_until(pilot, lambda: screen.current() == scheduled)
        assert detail(screen)["Fecha hasta"] == "20/12/2025"
        assert screen.query_one("#pp-code", Input).value == ""
        assert screen.query_one("#pp-max", Input).value == ""


async def test_fecha_indefinida_ignores_fecha_hasta() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await fill(pilot, screen, end="01/01/2020", indefinite=True)
        assert screen.query_one("#pp-end", Input).disabled
        scheduled_before = await sms_count(app)
        await press_programar(pilot)
        await accept_terms(pilot)
        await authorize(pilot, app, screen)
        assert await sms_count(app) == scheduled_before + 1
        [scheduled] = await schedules_of(app, DEMO_CNT_CODE)
        assert scheduled.end_date is None
        assert scheduled.start_date == date(2024, 12, 18)


async def test_cancelar_on_the_terms_schedules_nothing_and_sends_no_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        sent = await sms_count(app)
        await fill(pilot, screen)
        await press_programar(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, TermsDialog))
        await wait_until(pilot, lambda: app.screen.query_one("#terms-cancel").has_focus)
        await pilot.press("enter")  # Cancelar has the focus
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: shown(app, "#pp-form-error") == TERMS_REQUIRED)
        assert await sms_count(app) == sent
        assert await schedules_of(app, DEMO_CNT_CODE) == []
        # The form keeps everything typed; Esc on the terms is a Cancelar too.
        assert screen.query_one("#pp-code", Input).value == DEMO_CNT_CODE
        assert screen.query_one("#pp-max", Input).value == "20.00"
        await press_programar(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, TermsDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert await sms_count(app) == sent
        assert await schedules_of(app, DEMO_CNT_CODE) == []


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"max_amount": ""}, "max_amount", "Ingresa un monto"),
        ({"max_amount": "0"}, "max_amount", "El monto debe ser mayor a cero"),
        ({"max_amount": "-5"}, "max_amount", "El monto debe ser mayor a cero"),
        ({"max_amount": "10.125"}, "max_amount", "El monto admite máximo 2 decimales"),
        ({"code": ""}, "service_code", "Ingresa el Teléfono/Contrato."),
        ({"start": "31/02/2025"}, "start_date", "La fecha ingresada no existe"),
        ({"start": "2025-01-10"}, "start_date", "Ingresa la fecha en formato dd/mm/aaaa"),
        ({"start": "17/12/2024"}, "start_date", "no puede ser anterior a hoy (18/12/2024)"),
        ({"start": ""}, "start_date", "Ingresa la fecha desde"),
        ({"indefinite": False}, "end_date", "Ingresa la fecha hasta o marca Fecha indefinida."),
        (
            {"indefinite": False, "end": "13/13/2025"},
            "end_date",
            "La fecha ingresada no existe",
        ),
        (
            {"indefinite": False, "start": "20/12/2024", "end": "19/12/2024"},
            "end_date",
            "La fecha hasta debe ser igual o posterior a la fecha desde.",
        ),
    ],
)
async def test_each_mistake_is_told_next_to_its_field_and_kept(
    values: dict[str, object], field: str, message: str
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        sent = await sms_count(app)
        await fill(pilot, screen, **values)  # type: ignore[arg-type]
        typed = {
            which: screen.query_one(f"#pp-{which}", Input).value
            for which in ("code", "max", "start", "end")
        }
        await press_submit(pilot)
        await wait_until(pilot, lambda: message in error_of(screen, field))
        assert app.screen is screen  # no terms, no code: the form is to be fixed first
        others = [f for f in screen.order_fields() if f != field]
        assert all(error_of(screen, other) == "" for other in others)
        assert screen.query_one(f"#field-{field}", FormField).control.has_focus
        assert {
            which: screen.query_one(f"#pp-{which}", Input).value
            for which in ("code", "max", "start", "end")
        } == typed
        assert await sms_count(app) == sent


async def test_nothing_chosen_is_told_under_each_select() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await press_submit(pilot)
        await wait_until(pilot, lambda: error_of(screen, "category_id") != "")
        assert error_of(screen, "category_id") == "Selecciona la categoría."
        assert error_of(screen, "biller_id") == "Selecciona la empresa."
        assert error_of(screen, "service_code") == "Ingresa el Código de servicio."
        assert error_of(screen, "max_amount") == "Ingresa un monto"
        assert screen.query_one("#pp-category", Select).has_focus


async def test_a_second_schedule_for_the_same_line_is_refused_under_the_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        sent = await sms_count(app)
        await fill(pilot, screen, code=DEMO_SCHEDULED_CNT_CODE)  # the seeded one's line
        await press_programar(pilot)
        await accept_terms(pilot)
        await wait_until(pilot, lambda: "programado activo" in error_of(screen, "service_code"))
        assert app.screen is screen
        assert screen.query_one("#pp-code", Input).value == DEMO_SCHEDULED_CNT_CODE
        assert screen.query_one("#pp-max", Input).value == "20.00"
        assert await sms_count(app) == sent
        assert len(await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)) == 1


async def test_a_code_the_company_cannot_have_is_refused_by_the_bank_under_the_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await fill(pilot, screen, code="12345")
        await press_programar(pilot)
        await accept_terms(pilot)
        await wait_until(pilot, lambda: "formato" in error_of(screen, "service_code"))
        assert screen.query_one("#pp-code", Input).value == "12345"


async def test_a_wrong_code_then_the_right_one_schedules_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await fill(pilot, screen)
        await press_programar(pilot)
        await accept_terms(pilot)
        await confirm(pilot)
        right = await latest_sms_code(app)
        wrong = "000000" if right != "000000" else "111111"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error").lower())
        assert isinstance(app.screen, OtpDialog)
        assert await schedules_of(app, DEMO_CNT_CODE) == []
        app.screen.query_one("#otp-code", Input).value = ""
        await type_text(pilot, right)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        assert len(await schedules_of(app, DEMO_CNT_CODE)) == 1


# -- the scheduled run on the demo clock --------------------------------------------------------
async def test_the_scheduled_run_pays_the_bill_and_the_list_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        [bill] = await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)  # December, unpaid
        await schedule_cnt(pilot, app, screen, "20.00")
        before = await available(app)

        app.advance_clock(HOUR)  # the demo's "Adelantar el reloj": the scheduler runs

        await wait_until(
            pilot, lambda: "Pagado" in (listed(screen)[DEMO_CNT_CODE].last_result or "")
        )
        assert await available(app) == before - (bill.amount + bill.commission)
        assert_ledger_sound(core_of(app))
        sp = listed(screen)[DEMO_CNT_CODE]
        await wait_until(pilot, lambda: screen.current() == sp)
        assert "$7.44" in detail(screen)["Resultado"]
        assert detail(screen)["Última ejecución"] == "18/12/2024 14:26"
        table = screen.query_one("#pp-table", DataTable)
        row = table.get_row(str(sp.id))
        assert "Pagado 18/12" in row[-1].plain
        mail = [m for m in await app.backend.demo.outbox() if m.channel is MessageChannel.EMAIL]
        assert mail[-1].subject == "Pago programado realizado"


async def test_a_bill_above_the_maximum_is_not_paid_and_the_member_is_mailed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await schedule_cnt(pilot, app, screen, "1.00")
        before = await available(app)

        app.advance_clock(HOUR)

        await wait_until(
            pilot, lambda: "No realizado" in (listed(screen)[DEMO_CNT_CODE].last_result or "")
        )
        assert await available(app) == before
        assert len(await app.backend.lookup_bills(CNT, DEMO_CNT_CODE)) == 1  # still to pay
        assert_ledger_sound(core_of(app))
        mail = [
            m
            for m in await app.backend.demo.outbox()
            if m.channel is MessageChannel.EMAIL and m.subject == "Pago programado no realizado"
        ]
        assert len(mail) == 1
        assert "monto máximo" in mail[0].body
        assert "$7.13" in mail[0].body
        assert "supera el monto máximo" in detail(screen)["Resultado"]


# -- Consultar and Cancelar ----------------------------------------------------------------------
async def test_the_list_shows_the_seeded_schedule() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        screen.query_one("#pp-tabs", TabbedContent).active = TAB_LIST
        sp = listed(screen)[DEMO_SCHEDULED_CNT_CODE]
        row = [cell.plain for cell in screen.query_one("#pp-table", DataTable).get_row(str(sp.id))]
        assert row[0] == f"CNT - Fija - Televisión - Internet\n{DEMO_SCHEDULED_CNT_CODE}"
        assert row[1] == "$100.00"
        assert row[2] == Frequency.ASAP.label
        assert row[3] == f"{TODAY}\nIndefinida"
        assert row[4] == "Activo\nSin pagos aún"
        assert shown(app, "#pp-status") == "1 pago programado"
        assert detail(screen)["Cuenta de débito"] == DEMO_SAVINGS
        assert detail(screen)["Teléfono/Contrato"] == DEMO_SCHEDULED_CNT_CODE


async def test_cancelar_asks_first_then_the_schedule_is_cancelled() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        screen.query_one("#pp-tabs", TabbedContent).active = TAB_LIST
        table = screen.query_one("#pp-table", DataTable)
        table.focus()
        await wait_until(pilot, lambda: table.has_focus)
        await pilot.press("enter")  # the row is chosen: Cancelar pago programado is next
        await wait_until(pilot, lambda: screen.query_one("#pp-cancel").has_focus)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("enter")  # Cancelar has the focus: nothing is cancelled
        await wait_until(pilot, lambda: app.screen is screen)
        [seeded] = await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)
        assert seeded.status is ScheduledPaymentStatus.ACTIVE
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await press_button(pilot, "#ask-accept")
        await wait_until(
            pilot,
            lambda: (
                listed(screen)[DEMO_SCHEDULED_CNT_CODE].status is ScheduledPaymentStatus.CANCELLED
            ),
        )
        [seeded] = await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)
        assert seeded.status is ScheduledPaymentStatus.CANCELLED
        assert detail(screen)["Estado"] == "Cancelado"
        # A cancelled one cannot be cancelled again: the screen says so, nothing is asked.
        await pilot.press("f8")
        await wait_until(pilot, lambda: "solo se puede cancelar" in shown(app, "#pp-list-error"))
        assert app.screen is screen
        # Now the line can be scheduled again.
        screen.query_one("#pp-tabs", TabbedContent).active = "pp-tab-new"
        await fill(pilot, screen, code=DEMO_SCHEDULED_CNT_CODE)
        await press_programar(pilot)
        await accept_terms(pilot)
        await authorize(pilot, app, screen)
        statuses = [s.status for s in await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)]
        assert sorted(statuses) == [
            ScheduledPaymentStatus.ACTIVE,
            ScheduledPaymentStatus.CANCELLED,
        ]


async def test_f5_fetches_the_list_again() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        [seeded] = await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)
        await app.backend.cancel_scheduled_payment(seeded.id)  # elsewhere (another terminal)
        assert listed(screen)[DEMO_SCHEDULED_CNT_CODE].status is ScheduledPaymentStatus.ACTIVE
        await pilot.press("f5")
        await wait_until(
            pilot,
            lambda: (
                listed(screen)[DEMO_SCHEDULED_CNT_CODE].status is ScheduledPaymentStatus.CANCELLED
            ),
        )
        assert screen.query_one("#pp-start", Input).value == TODAY


async def test_cancelling_one_already_cancelled_elsewhere_says_so_and_shows_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        screen.query_one("#pp-tabs", TabbedContent).active = TAB_LIST
        [seeded] = await schedules_of(app, DEMO_SCHEDULED_CNT_CODE)
        await app.backend.cancel_scheduled_payment(seeded.id)  # another terminal
        screen.query_one("#pp-table", DataTable).focus()
        await pilot.press("f8")  # the list still shows it active
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await press_button(pilot, "#ask-accept")
        await wait_until(pilot, lambda: "No encontramos" in shown(app, "#pp-list-error"))
        assert listed(screen)[DEMO_SCHEDULED_CNT_CODE].status is ScheduledPaymentStatus.CANCELLED
        assert detail(screen)["Estado"] == "Cancelado"
