"""Historial de Pagos: the bank's 3 months of service payments, its filters, its refusals,
payments by hand and automatic ones as they happen, and the CSV export."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_CNT_CODE, DEMO_SAVINGS, DEMO_SCHEDULED_CNT_CODE
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.operations import ServicePaymentOrder
from cooptui.domain.services import PaymentChannel, ServicePayment
from cooptui.screens.payment_history import NO_PAYMENTS, PRESS_QUERY, PaymentHistoryScreen
from cooptui.widgets.date_range import REVERSED, THREE_MONTHS
from tests.ui.helpers import latest_sms_code, make_app, shown, sign_in, type_text, wait_until

TODAY = date(2024, 12, 18)  # the manual's date, the frozen bank's today
EARLIEST = date(2024, 9, 18)  # 3 months back


def screen_of(app: CoopApp) -> PaymentHistoryScreen:
    screen = app.screen
    assert isinstance(screen, PaymentHistoryScreen)
    return screen


def rows(app: CoopApp) -> list[list[str]]:
    table = app.screen.query_one("#ph-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def expected_row(p: ServicePayment) -> list[str]:
    return [
        f"{format_date(p.paid_at)}\n{p.paid_at:%H:%M}",
        p.biller_name,
        f"{p.service_code}\n{p.receipt_number}",
        f"{format_money(p.amount)}\n{format_money(p.commission)}",
        format_money(p.total),
        p.channel.value,
    ]


async def open_history(pilot: Pilot, app: CoopApp) -> PaymentHistoryScreen:
    await sign_in(pilot, app)
    app.open_section("historial")
    await wait_until(pilot, lambda: isinstance(app.screen, PaymentHistoryScreen))
    screen = screen_of(app)
    await wait_until(pilot, lambda: bool(screen.payments))
    return screen


async def set_input(pilot: Pilot, app: CoopApp, selector: str, text: str) -> None:
    field = app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await type_text(pilot, text)
    await pilot.pause()


async def answered(
    pilot: Pilot, screen: PaymentHistoryScreen, expected: list[ServicePayment]
) -> None:
    """The screen holds exactly `expected` and its table shows them, in that order."""
    await wait_until(pilot, lambda: screen.payments == expected)
    table = screen.query_one("#ph-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == len(expected))
    shown_rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    assert shown_rows == [expected_row(p) for p in expected]


async def test_the_seeded_history_shows_three_months_newest_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        assert app.screen.query_one("#ph-from", Input).value == "18/09/2024"
        assert app.screen.query_one("#ph-to", Input).value == "18/12/2024"
        expected = await app.backend.payment_history(date_from=EARLIEST, date_to=TODAY)
        assert len({p.biller_id for p in expected}) >= 3  # the seed pays several companies
        await answered(pilot, screen, expected)
        assert [p.paid_at for p in expected] == sorted((p.paid_at for p in expected), reverse=True)
        totals = shown(app, "#ph-totals")
        assert f"{len(expected)} pagos" in totals
        amount = sum((p.amount for p in expected), Decimal(0))
        commission = sum((p.commission for p in expected), Decimal(0))
        assert f"Monto: {format_money(amount)}" in totals
        assert f"Comisión: {format_money(commission)}" in totals
        assert f"Total: {format_money(amount + commission)}" in totals
        assert shown(app, "#ph-intro") == "Ingresa los campos que desees consultar"
        assert THREE_MONTHS.rstrip(".") in shown(app, "#ph-notes")
        assert "Los campos no son obligatorios" in shown(app, "#ph-notes")


async def test_category_service_and_code_narrow_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        everything = list(screen.payments or [])
        span = {"date_from": EARLIEST, "date_to": TODAY}

        app.screen.query_one("#ph-filters-category", Select).value = "agua"
        water = await app.backend.payment_history(category_id="agua", **span)
        assert 0 < len(water) < len(everything)
        assert {p.category_id for p in water} == {"agua"}
        await answered(pilot, screen, water)

        app.screen.query_one("#ph-filters-category", Select).value = "telefonia"
        await wait_until(pilot, lambda: screen.payments != water)
        app.screen.query_one("#ph-filters-biller", Select).value = "cnt"
        cnt = await app.backend.payment_history(biller_id="cnt", **span)
        assert {p.service_code for p in cnt} == {DEMO_CNT_CODE, DEMO_SCHEDULED_CNT_CODE}
        await answered(pilot, screen, cnt)

        await set_input(pilot, app, "#ph-code", DEMO_CNT_CODE)
        await pilot.press("enter")
        line = [p for p in cnt if p.service_code == DEMO_CNT_CODE]
        await answered(pilot, screen, line)

        await set_input(pilot, app, "#ph-code", "999999999")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.payments == [])
        assert shown(app, "#ph-status") == NO_PAYMENTS
        assert not app.screen.query_one("#ph-table").display


async def test_a_range_beyond_three_months_is_refused_next_to_fecha_desde() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        before = list(screen.payments or [])
        await set_input(pilot, app, "#ph-from", "17/09/2024")
        message = shown(app, "#ph-range-error")
        assert THREE_MONTHS in message
        assert "18/09/2024" in message
        await pilot.click("#ph-query")
        await pilot.pause()
        assert THREE_MONTHS in shown(app, "#ph-range-error")
        assert app.screen.query_one("#ph-from", Input).value == "17/09/2024"  # kept
        assert screen.payments == before
        # right under the Fecha desde input, where the member has to fix it
        error = app.screen.query_one("#ph-range-error")
        field = app.screen.query_one("#ph-from")
        assert error.region.y == field.region.bottom
        assert error.content_region.x == field.region.x

        await set_input(pilot, app, "#ph-from", "10/12/2024")
        await set_input(pilot, app, "#ph-to", "01/12/2024")
        assert shown(app, "#ph-range-error") == REVERSED
        await set_input(pilot, app, "#ph-to", "19/12/2024")
        assert "posterior a hoy" in shown(app, "#ph-range-error")
        await set_input(pilot, app, "#ph-from", "31/11/2024")
        assert shown(app, "#ph-from-error") == "La fecha ingresada no existe"
        assert screen.payments == before

        await set_input(pilot, app, "#ph-to", "18/12/2024")
        await set_input(pilot, app, "#ph-from", "01/12/2024")
        assert not app.screen.query_one("#ph-range-error").display
        assert shown(app, "#ph-status") == PRESS_QUERY  # typed dates wait for Consultar
        assert screen.payments == before
        await pilot.click("#ph-query")
        december = await app.backend.payment_history(date_from=date(2024, 12, 1), date_to=TODAY)
        await answered(pilot, screen, december)


async def test_both_dates_may_stay_empty() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        await set_input(pilot, app, "#ph-from", "01/12/2024")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.payments or []) < 3)
        for selector in ("#ph-from", "#ph-to"):
            await set_input(pilot, app, selector, "")
        await pilot.click("#ph-query")
        await answered(pilot, screen, await app.backend.payment_history())
        assert shown(app, "#ph-from-error") == shown(app, "#ph-to-error") == ""


async def test_the_banks_refusal_lands_under_its_field() -> None:
    """Should the bank answer for less than the form believes, its InvalidInput("date_from")
    is shown under Fecha desde and the form keeps what was typed."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        before = list(screen.payments or [])
        screen.dates.months = 4
        await set_input(pilot, app, "#ph-from", "01/09/2024")
        await pilot.press("enter")
        await wait_until(pilot, lambda: THREE_MONTHS in shown(app, "#ph-from-error"))
        assert app.screen.query_one("#ph-from", Input).value == "01/09/2024"
        assert app.screen.query_one("#ph-from", Input).has_focus
        assert screen.payments == before


async def savings_balance(app: CoopApp) -> Decimal:
    [savings] = [a for a in await app.backend.accounts() if a.number == DEMO_SAVINGS]
    return savings.ledger_balance


async def test_a_payment_made_in_the_bank_appears_as_pago_en_linea() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        count = len(screen.payments or [])
        [bill] = await app.backend.lookup_bills("cnt", DEMO_CNT_CODE)
        challenge = await app.backend.begin(
            ServicePaymentOrder(
                from_account=DEMO_SAVINGS,
                biller_id="cnt",
                service_code=DEMO_CNT_CODE,
                bill_ids=(bill.id,),
            )
        )
        receipt = await app.backend.confirm(challenge.id, await latest_sms_code(app))

        await pilot.press("f5")
        await wait_until(pilot, lambda: len(screen.payments or []) == count + 1)
        newest = (screen.payments or [])[0]
        assert newest.reference == receipt.reference
        assert newest.channel is PaymentChannel.MANUAL
        assert (newest.amount, newest.commission, newest.total) == (
            Decimal("7.13"),
            Decimal("0.31"),
            Decimal("7.44"),
        )
        await wait_until(pilot, lambda: len(rows(app)) == count + 1)
        assert rows(app)[0] == [
            "18/12/2024\n13:26",
            "CNT - Fija - Televisión - Internet",
            f"{DEMO_CNT_CODE}\n{bill.receipt_number}",
            "$7.13\n$0.31",
            "$7.44",
            "Pago en línea",
        ]
        assert f"{count + 1} pagos" in shown(app, "#ph-totals")


async def test_a_scheduled_payment_run_by_the_bank_appears_as_debito_automatico() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        assert all(p.channel is PaymentChannel.MANUAL for p in screen.payments or [])
        before = await savings_balance(app)
        assert app.backend.demo is not None
        await app.backend.demo.advance_clock(31 * 86_400)  # January's bills are issued
        [commission] = [b.commission for b in await app.backend.billers() if b.id == "cnt"]

        await pilot.press("f5")
        await wait_until(
            pilot,
            lambda: any(p.channel is PaymentChannel.SCHEDULED for p in screen.payments or []),
        )
        # the dates follow the bank's today while the member leaves them alone
        assert app.screen.query_one("#ph-from", Input).value == "18/10/2024"
        assert app.screen.query_one("#ph-to", Input).value == "18/01/2025"
        [automatic] = [p for p in screen.payments or [] if p.channel is PaymentChannel.SCHEDULED]
        assert automatic.service_code == DEMO_SCHEDULED_CNT_CODE
        assert automatic.commission == commission
        assert automatic.total == automatic.amount + commission
        assert before - await savings_balance(app) == automatic.total  # what left the account
        index = (screen.payments or []).index(automatic)
        await wait_until(pilot, lambda: len(rows(app)) == len(screen.payments or []))
        row = rows(app)[index]
        assert row[-1] == "Débito automático"
        assert row[3] == f"{format_money(automatic.amount)}\n{format_money(commission)}"
        assert row[4] == format_money(automatic.total)


async def test_export_csv_writes_what_is_shown_to_the_cent(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot, app)
        screen.export_folder = tmp_path
        payments = list(screen.payments or [])
        app.screen.query_one("#ph-table").focus()
        await pilot.press("e")
        await wait_until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 1)
        [path] = tmp_path.glob("*.csv")
        await wait_until(pilot, lambda: any(str(path) in n.message for n in app._notifications))
        assert path.name == "historial-pagos-20240918-20241218.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads accents
        with path.open(encoding="utf-8-sig", newline="") as handle:
            data = list(csv.DictReader(handle))
        assert len(data) == len(payments)
        for row, p in zip(data, payments, strict=True):
            assert row["Fecha"] == p.paid_at.date().isoformat()
            assert row["Hora"] == f"{p.paid_at:%H:%M}"
            assert row["Servicio"] == p.biller_name
            assert row["Categoría"] == p.category_name
            assert row["Código"] == p.service_code
            assert row["Recibo"] == p.receipt_number
            assert (row["Monto"], row["Comisión"], row["Total"]) == (
                f"{p.amount:.2f}",
                f"{p.commission:.2f}",
                f"{p.total:.2f}",
            )
            assert row["Canal"] == p.channel.value
            assert row["Referencia"] == p.reference
        assert sum(Decimal(r["Total"]) for r in data) == sum(p.total for p in payments)

        # a filtered export says so in its name and holds only what the table shows
        app.screen.query_one("#ph-filters-category", Select).value = "luz"
        await wait_until(pilot, lambda: screen.payments != payments)
        await pilot.click("#ph-export")
        await wait_until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 2)
        second = tmp_path / "historial-pagos-luz-20240918-20241218.csv"
        with second.open(encoding="utf-8-sig", newline="") as handle:
            assert {r["Categoría"] for r in csv.DictReader(handle)} == {"Energía Eléctrica"}
