"""Detalle de cuenta: the 10 latest movements, their CSV, the balance history, the debit card."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Sparkline

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_PIN_DEBIT, DEMO_SAVINGS
from cooptui.domain.auth import MessageChannel
from cooptui.screens import account_detail
from cooptui.screens.pin_change import RECOVERY_SENT, PinChangeScreen, RecoverPinDialog
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.ui.helpers import (
    latest_sms_code,
    make_app,
    open_account,
    open_debit_tab,
    open_savings,
    shown,
    text_of,
    type_text,
    wait_until,
)

NEW_PIN = "2580"


async def test_the_ten_latest_movements_their_csv_and_the_balance_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(account_detail, "export_dir", lambda: tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_savings(pilot, app)
        assert shown(app, "#detail-header") == (
            "Cuenta: 410112060750 - CUENTA DE AHORROS - USD - COOPROGRESO"
        )
        expected = await app.backend.last_movements(DEMO_SAVINGS)
        assert len(expected) == 10
        table = screen.query_one("#movements", DataTable)
        assert table.row_count == 10
        for index, m in enumerate(expected):
            row = [str(c) for c in table.get_row_at(index)]
            assert row[1] == m.description
            assert row[2] == m.type.value
            money = table.get_row_at(index)[3]
            assert money.justify == "right"
            assert Decimal(row[3].replace("$", "").replace(",", "")) == m.amount
            assert ("red" in str(money.style)) == (m.amount < 0)

        # Descargar: the same ten movements as CSV in the member's folder
        await pilot.press("e")
        await wait_until(pilot, lambda: any(tmp_path.glob("*.csv")))
        [path] = tmp_path.glob("*.csv")
        assert path.name.startswith(f"movimientos-{DEMO_SAVINGS}-")
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["Descripción"] for r in rows] == [m.description for m in expected]
        assert [Decimal(r["Monto"]) for r in rows] == [m.amount for m in expected]
        assert [Decimal(r["Saldo"]) for r in rows] == [m.balance for m in expected]

        # The sparkline: saldo at the end of each month of the last year
        history = await app.backend.movements(DEMO_SAVINGS)
        by_month: dict[tuple[int, int], Decimal] = {}
        for m in reversed(history):  # oldest first: the month's last movement wins
            by_month[(m.posted_at.year, m.posted_at.month)] = m.balance
        months = sorted(by_month)
        assert len(months) == 13  # December 2023 to December 2024, every month moved
        assert screen.query_one(Sparkline).data == [float(by_month[k]) for k in months]
        assert "dic 2023 – dic 2024" in shown(app, "#balance-label")

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))


async def change_pin(pilot, app: CoopApp, current: str, new: str) -> PinChangeScreen:  # type: ignore[no-untyped-def]
    """Open Cambiar clave and type the three PINs, ending with Enter."""
    await pilot.click("#change-pin")
    await wait_until(pilot, lambda: isinstance(app.screen, PinChangeScreen))
    form = app.screen
    assert isinstance(form, PinChangeScreen)
    await type_text(pilot, current)
    await pilot.press("tab")
    await type_text(pilot, new)
    await pilot.press("tab")
    await type_text(pilot, new)
    await pilot.press("enter")
    return form


async def test_debit_pin_change_with_the_sms_code_then_the_old_pin_is_refused() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_savings(pilot, app)
        assert [str(c) for c in screen.query_one("#debit-cards", DataTable).get_row_at(0)] == [
            "MC Débito",
            "550975XXXXXX7023",
            "Activa",
        ]
        await open_debit_tab(pilot, screen)
        form = await change_pin(pilot, app, DEMO_PIN_DEBIT, NEW_PIN)
        assert "tarjeta de débito" in text_of(form.query_one("#pin-intro"))
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        assert all(i.value == "" for i in form.query(Input))  # no PIN stays in memory
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)

        # The bank now checks the new PIN: the old one is refused next to its field.
        form = await change_pin(pilot, app, DEMO_PIN_DEBIT, "3691")
        await wait_until(pilot, lambda: shown(app, "#field-current_pin .field-error") != "")
        assert "La clave anterior es incorrecta" in shown(app, "#field-current_pin .field-error")
        assert app.screen is form
        assert [i.value for i in form.query(Input)] == [DEMO_PIN_DEBIT, "3691", "3691"]
        assert all(i.password for i in form.query(Input))

        # A trivial PIN is refused as typed, and a mismatch is told before Continuar.
        new_pin = form.query_one("#new-pin", Input)
        new_pin.value = ""
        new_pin.focus()
        await type_text(pilot, "1234")
        await wait_until(pilot, lambda: "fácil" in shown(app, "#field-new_pin .field-error"))
        assert "no coinciden" in shown(app, "#field-confirm_pin .field-error")

        # With the new PIN as "clave anterior" the bank accepts the order.
        current = form.query_one("#current-pin", Input)
        current.value = ""
        current.focus()
        await type_text(pilot, NEW_PIN)
        new_pin.value = ""
        new_pin.focus()
        await type_text(pilot, "3691")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form)
        assert shown(app, "#field-current_pin .field-error") == ""


async def test_recover_pin_shows_the_manuals_sentence_and_emails_a_temporary_pin() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_savings(pilot, app)
        await open_debit_tab(pilot, screen)
        await pilot.click("#recover-pin")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverPinDialog))
        await pilot.click("#recover-accept")
        await wait_until(pilot, lambda: shown(app, "#recover-message") == RECOVERY_SENT)
        assert RECOVERY_SENT == (
            "Estimado usuario hemos enviado una clave temporal a su correo electrónico registrado."
        )
        assert app.backend.demo is not None
        mails = [
            m
            for m in await app.backend.demo.outbox()
            if m.channel is MessageChannel.EMAIL and m.subject == "Generación de clave"
        ]
        assert len(mails) == 1
        assert "CLAVE TEMPORAL:" in mails[0].body
        assert "TIPO DE TARJETA: DEBITO" in mails[0].body
        await pilot.pause(0.3)
        await pilot.click("#recover-accept")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_three_wrong_pins_block_the_card_and_the_account_shows_it_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_savings(pilot, app)
        await open_debit_tab(pilot, screen)
        table = screen.query_one("#debit-cards", DataTable)
        assert str(table.get_row_at(0)[2]) == "Activa"
        form = await change_pin(pilot, app, "1357", NEW_PIN)  # not the card's PIN
        await wait_until(
            pilot, lambda: "2 intentos" in shown(app, "#field-current_pin .field-error")
        )
        await pilot.press("enter")  # Continuar again, from the clave anterior
        await wait_until(
            pilot, lambda: "1 intento" in shown(app, "#field-current_pin .field-error")
        )
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "bloqueada" in shown(app, "#field-current_pin .field-error")
        )

        # At once, with the dialog still open: the card below reads Bloqueada, and
        # neither the dialog nor the account offers anything the bank would refuse.
        await wait_until(pilot, lambda: str(table.get_row_at(0)[2]) == "Bloqueada")
        assert app.screen is form
        assert form.query_one("#pin-continue").disabled
        assert screen.query_one("#change-pin").disabled
        assert screen.query_one("#recover-pin").disabled
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "bloqueada" in shown(app, "#debit-status")
        assert str(table.get_row_at(0)[2]) == "Bloqueada"
        assert screen.query_one("#change-pin").disabled
        assert screen.query_one("#recover-pin").disabled


async def test_share_certificates_have_no_debit_card() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot, app, DEMO_CERTIFICATES)
        await wait_until(pilot, lambda: shown(app, "#debit-status") != "")
        assert shown(app, "#debit-status") == "Esta cuenta no tiene tarjeta de débito."
        assert screen.query_one("#change-pin").disabled
        assert screen.query_one("#recover-pin").disabled
        assert "CERTIFICADOS DE APORTACION" in shown(app, "#detail-header")
        expected = await app.backend.last_movements(DEMO_CERTIFICATES)
        assert screen.query_one("#movements", DataTable).row_count == len(expected)
