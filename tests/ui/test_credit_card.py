"""Tarjeta de Crédito: the manual's figures, the used/available bar and the four actions."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from cooptui.app import CoopApp
from cooptui.backend.errors import InvalidInput
from cooptui.backend_stub.seed import DEMO_PIN_CREDIT
from cooptui.domain.auth import MessageChannel
from cooptui.domain.cards import CardKind
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.operations import PinChangeOrder
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.credit_card import CreditCardScreen, UsageBar
from cooptui.screens.deferral import TransactionsDeferralScreen
from cooptui.screens.pin_change import RECOVERY_SENT, PinChangeScreen, RecoverPinDialog
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.ui.helpers import latest_sms_code, make_app, shown, sign_in, type_text, wait_until

NEW_PIN = "3691"


async def open_card(pilot, app: CoopApp) -> CreditCardScreen:  # type: ignore[no-untyped-def]
    await sign_in(pilot, app)
    cards = app.screen.query_one("#cards", DataTable)
    await wait_until(pilot, lambda: cards.row_count == 1)
    cards.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, CreditCardScreen))
    screen = app.screen
    assert isinstance(screen, CreditCardScreen)
    await wait_until(pilot, lambda: screen.card is not None)
    await pilot.pause()
    return screen


def figures(screen: CreditCardScreen) -> dict[str, str]:
    return {
        shown(screen.app, f"#figure-label-{i}"): shown(screen.app, f"#figure-value-{i}")  # type: ignore[arg-type]
        for i in range(8)
    }


async def test_the_card_shows_the_manuals_figures_and_the_bar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_card(pilot, app)
        [card] = await app.backend.credit_cards()
        assert shown(app, "#card-title") == "Mastercard Estandar 513744XXXXXX0395"
        shown_figures = figures(screen)
        assert shown_figures["Utilizado rotativo:"] == "$1,538.14"
        assert shown_figures["Utilizado diferido:"] == "$7,597.38"
        assert shown_figures["Pago mínimo:"] == "$708.63"
        assert shown_figures["Pagar hasta el:"] == "02/01/2025"
        assert shown_figures["Disponible:"] == format_money(card.available)
        assert shown_figures["Cupo total:"] == format_money(card.credit_limit)
        assert shown_figures["Consumo hasta la fecha:"] == format_money(card.statement_balance)
        bar = screen.query_one(UsageBar)
        used = card.revolving_used + card.deferred_used
        assert (bar.used, bar.limit) == (used, card.credit_limit)
        width = bar.size.width
        assert 0 < bar.used_cells(width) < width
        text = shown(app, "#usage-text")
        assert f"Utilizado {format_money(used)}" in text
        assert f"Disponible {format_money(card.available)}" in text
        assert used + card.available == card.credit_limit


async def test_the_card_shows_its_last_statement_and_its_deferrals() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_card(pilot, app)
        [statement, *_] = await app.backend.card_statements(screen.card_id)
        lines = screen.query_one("#statement-lines")
        await wait_until(pilot, lambda: lines.display and bool(lines.children))
        cells = [str(cell.render()) for cell in lines.query(Static).results(Static)]
        rows = dict(zip(cells[::2], cells[1::2], strict=True))
        assert rows["Fecha de corte"] == format_date(statement.closed_on)
        assert rows["Saldo del estado de cuenta"] == format_money(statement.balance)
        assert rows["Pago mínimo"] == format_money(statement.minimum_payment)
        assert rows["Fecha máxima de pago"] == format_date(statement.due_date)
        deferrals = await app.backend.deferrals(screen.card_id)
        assert deferrals, "the demo card has deferred purchases"
        table = screen.query_one("#card-deferrals", DataTable)
        await wait_until(pilot, lambda: table.row_count == len(deferrals))
        first = [str(cell) for cell in table.get_row(str(deferrals[0].id))]
        assert first[0] == deferrals[0].description
        assert first[3] == f"{deferrals[0].installments_paid} de {deferrals[0].months}"
        assert first[4] == format_money(deferrals[0].remaining_principal)


async def test_pagar_and_diferir_open_their_screens_with_this_card() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_card(pilot, app)
        await pilot.click("#pay-card")
        await wait_until(pilot, lambda: isinstance(app.screen, CardPaymentScreen))
        payment = app.screen
        assert isinstance(payment, CardPaymentScreen)
        assert payment.card.id == screen.card_id
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.click("#defer")
        await wait_until(pilot, lambda: isinstance(app.screen, TransactionsDeferralScreen))
        deferral = app.screen
        assert isinstance(deferral, TransactionsDeferralScreen)
        assert deferral.card_id == screen.card_id


async def test_credit_pin_change_and_recovery() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_card(pilot, app)
        await pilot.click("#change-pin")
        await wait_until(pilot, lambda: isinstance(app.screen, PinChangeScreen))
        assert "tarjeta de crédito" in shown(app, "#pin-intro")
        assert shown(app, "#pin-card") == "Mastercard Estandar 513744XXXXXX0395"
        await type_text(pilot, DEMO_PIN_CREDIT)
        await pilot.press("enter")  # Enter moves on to the next empty field
        assert app.screen.focused is app.screen.query_one("#new-pin")
        await type_text(pilot, NEW_PIN)
        await pilot.press("tab")
        await type_text(pilot, "3690")
        await wait_until(
            pilot, lambda: "no coinciden" in shown(app, "#field-confirm_pin .field-error")
        )
        await pilot.press("backspace", "1", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)

        # The bank checks the new PIN now.
        with pytest.raises(InvalidInput) as refused:
            await app.backend.begin(
                PinChangeOrder(
                    card_kind=CardKind.CREDIT,
                    card_id="TC-1",
                    current_pin=DEMO_PIN_CREDIT,  # type: ignore[arg-type]
                    new_pin="5827",  # type: ignore[arg-type]
                )
            )
        assert refused.value.field == "current_pin"
        challenge = await app.backend.begin(
            PinChangeOrder(
                card_kind=CardKind.CREDIT,
                card_id="TC-1",
                current_pin=NEW_PIN,  # type: ignore[arg-type]
                new_pin="5827",  # type: ignore[arg-type]
            )
        )
        await app.backend.cancel(challenge.id)

        await pilot.click("#recover-pin")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverPinDialog))
        await pilot.click("#recover-accept")
        await wait_until(pilot, lambda: shown(app, "#recover-message") == RECOVERY_SENT)
        assert app.backend.demo is not None
        [mail] = [
            m
            for m in await app.backend.demo.outbox()
            if m.channel is MessageChannel.EMAIL and m.subject == "Generación de clave"
        ]
        assert "TIPO DE TARJETA: CREDITO" in mail.body
        assert "CLAVE TEMPORAL:" in mail.body
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_three_wrong_pins_block_the_credit_card_and_it_shows_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_card(pilot, app)
        await pilot.click("#change-pin")
        await wait_until(pilot, lambda: isinstance(app.screen, PinChangeScreen))
        form = app.screen
        await type_text(pilot, "1357")  # not the card's PIN
        await pilot.press("enter")
        await type_text(pilot, NEW_PIN)
        await pilot.press("enter")
        await type_text(pilot, NEW_PIN)
        for answer in ("2 intentos", "1 intento", "bloqueada"):
            await pilot.press("enter")
            await wait_until(
                pilot, lambda answer=answer: answer in shown(app, "#field-current_pin .field-error")
            )
        await wait_until(pilot, lambda: screen.query_one("#change-pin").disabled)
        assert app.screen is form
        assert form.query_one("#pin-continue").disabled
        assert screen.query_one("#recover-pin").disabled
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert shown(app, "#card-status") == "Estado: Bloqueada"
        assert screen.query_one("#change-pin").disabled
