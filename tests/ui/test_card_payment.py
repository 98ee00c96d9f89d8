"""Pago de Tarjetas driven as a member would: Tarjetas Cooprogreso and the payment form.

Every payment is checked in the bank afterwards: the savings debited by the total, the
card's revolving ledger account credited by the amount, the ledger balanced; and the
list, the Resumen and the card detail show the new figures at once.
"""

from __future__ import annotations

from decimal import Decimal

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton, RadioSet, Select

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import (
    DEMO_CREDIT_CARD,
    DEMO_SAVINGS,
    SECOND_PASSWORD,
    SECOND_USERNAME,
)
from cooptui.domain.cards import PayableCard, PayableCardOwner
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import ExternalCardOrder, Receipt, ReceiptStatus
from cooptui.domain.products import CreditCard
from cooptui.domain.transfers import IdType
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.credit_card import CreditCardScreen
from cooptui.screens.own_cards import NONE_YET, OwnCardsScreen
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.otp_dialog import OtpDialog
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
    press_button,
    shown,
    sign_in,
    sms_count,
    type_text,
    visible_text,
    wait_until,
)

FUNDS = Decimal("2000.00")
"""The demo savings ($290.90) cannot pay the card's minimum ($708.63) until a deposit."""
VISA = "4111 1111 1111 1111"  # Luhn-valid test numbers
MASTERCARD = "5555 5555 5555 4444"


# -- the bank's side -------------------------------------------------------------------------------
def revolving(app: CoopApp) -> Decimal:
    """Balance of the card's TC_ROT ledger account (minus the Utilizado rotativo)."""
    core = core_of(app)
    with core.db.reading() as conn:
        row = conn.execute(
            "SELECT a.code FROM cards c JOIN ledger_accounts a ON a.id = c.revolving_id"
            " WHERE c.id = ?",
            (DEMO_CREDIT_CARD,),
        ).fetchone()
    return ledger_balance(core, row["code"])


async def the_card(app: CoopApp) -> CreditCard:
    return next(c for c in await app.backend.credit_cards() if c.id == DEMO_CREDIT_CARD)


# -- driving ---------------------------------------------------------------------------------------
async def open_cards(pilot: Pilot, app: CoopApp) -> OwnCardsScreen:
    app.open_section("tarjetas-coop")
    await wait_until(pilot, lambda: isinstance(app.screen, OwnCardsScreen))
    screen = app.screen
    assert isinstance(screen, OwnCardsScreen)
    table = screen.query_one("#oc-cards", DataTable)
    await wait_until(pilot, lambda: table.row_count == 1 and table.has_focus)
    return screen


async def loaded(pilot: Pilot, app: CoopApp) -> CardPaymentScreen:
    """The payment form on screen, its account chosen (and a Cooprogreso card's figures)."""
    await wait_until(pilot, lambda: isinstance(app.screen, CardPaymentScreen))
    form = app.screen
    assert isinstance(form, CardPaymentScreen)
    await wait_until(pilot, lambda: form.query_one("#cp-account", Select).value == DEMO_SAVINGS)
    if form.own:
        await wait_until(
            pilot, lambda: "$" in str(form.query_one("#cp-minimum", RadioButton).label)
        )
    return form


async def open_form(pilot: Pilot, app: CoopApp, *, funds: Decimal = FUNDS) -> CardPaymentScreen:
    """Sign in (after a deposit of `funds`), Tarjetas Cooprogreso, Enter on the card."""
    await sign_in(pilot, app)
    if funds:
        deposit(core_of(app), DEMO_SAVINGS, funds)
    await open_cards(pilot, app)
    await pilot.press("enter")
    return await loaded(pilot, app)


def amount_of(form: CardPaymentScreen) -> str:
    return form.query_one("#cp-amount", Input).value


def chosen(form: CardPaymentScreen) -> str | None:
    return form.chosen()


async def choose(pilot: Pilot, form: CardPaymentScreen, choice: str, expected: str) -> None:
    await press_button(pilot, f"#{choice}")
    await wait_until(pilot, lambda: chosen(form) == choice and amount_of(form) == expected)


async def retype_amount(pilot: Pilot, form: CardPaymentScreen, text: str) -> None:
    field = form.query_one("#cp-amount", Input)
    field.focus()
    await wait_until(pilot, lambda: field.has_focus)
    field.value = ""
    await type_text(pilot, text)
    await wait_until(pilot, lambda: field.value == text)


async def continue_and_pay(pilot: Pilot) -> dict[str, str]:
    """Continuar, the confirmation's lines, the texted code, the comprobante closed."""
    await press_button(pilot, "#cp-continue")
    summary = await confirmation(pilot)
    await pay_with_code(pilot)
    return summary


# -- the list --------------------------------------------------------------------------------------
async def test_the_list_shows_the_members_card_with_what_it_owes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        screen = await open_cards(pilot, app)
        card = await the_card(app)
        row = visible_text(screen.query_one("#oc-cards"))
        for figure in (
            card.brand,
            card.masked_number,
            format_money(card.revolving_used),  # Utilizado rotativo $1,538.14
            format_money(card.minimum_payment),  # Pago mínimo $708.63
            "02/01/2025",  # Fecha máxima de pago
        ):
            assert figure in row
        assert "1 tarjeta de crédito" in shown(app, "#oc-status")
        # F5 asks the bank again and keeps the row.
        await pilot.press("f5")
        await pilot.press("f3")
        form = await loaded(pilot, app)
        assert form.card.id == DEMO_CREDIT_CARD
        assert "Institución Financiera" in visible_text(form.query_one("#cp-card"))


async def test_a_member_without_credit_cards_is_told_so() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#username")))
        app.screen.query_one("#username", Input).value = SECOND_USERNAME
        app.screen.query_one("#password", Input).value = SECOND_PASSWORD
        await press_button(pilot, "#login")
        await press_button(pilot, "#continue")  # register this terminal
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await wait_until(pilot, lambda: app.screen.query_one("#otp-code").has_focus)
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        app.open_section("tarjetas-coop")
        await wait_until(pilot, lambda: shown(app, "#oc-status") == NONE_YET)
        screen = app.screen
        assert not screen.query_one("#oc-cards").display
        assert screen.query_one("#oc-pay").disabled
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen


# -- paying a Cooprogreso card ---------------------------------------------------------------------
async def test_pago_minimo_pays_the_minimum_and_every_screen_shows_it_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app)
        core = core_of(app)
        card = await the_card(app)
        savings, rot = ledger_balance(core, DEMO_SAVINGS), revolving(app)
        assert rot == -card.revolving_used
        # Datos de la tarjeta and Cuenta a debitar: the card's bank, holder and number;
        # the member as Titular of the account, its saldo disponible as the hint.
        data = visible_text(form.query_one("#cp-card"))
        assert "Coop. Ahorro y Crédito Cooprogreso" in data
        assert card.masked_number in data
        account = next(a for a in await app.backend.accounts() if a.number == DEMO_SAVINGS)
        assert shown(app, "#cp-holder") == account.holder_name
        assert "Saldo disponible $2,290.90" in visible_text(form.query_one("#field-from_account"))
        await choose(pilot, form, "cp-minimum", "708.63")
        summary = await continue_and_pay(pilot)
        assert (
            summary["Monto"],
            summary["Comisión"],
            summary["IVA"],
            summary["Total a Pagar"],
        ) == ("$708.63", "$0.00", "$0.00", "$708.63")
        screen = app.screen
        assert isinstance(screen, OwnCardsScreen)
        # The list reads the bank again and keeps the row.
        left = card.revolving_used - Decimal("708.63")
        await wait_until(
            pilot, lambda: format_money(left) in visible_text(screen.query_one("#oc-cards"))
        )
        table = screen.query_one("#oc-cards", DataTable)
        assert screen.current_id() == DEMO_CREDIT_CARD
        assert table.has_focus
        # The bank: the savings debited by the total, the revolving account credited.
        assert ledger_balance(core, DEMO_SAVINGS) == savings - Decimal("708.63")
        assert revolving(app) == rot + Decimal("708.63")
        after = await the_card(app)
        assert (after.revolving_used, after.available) == (left, card.available + Decimal("708.63"))
        assert after.minimum_payment == Decimal("0.00")
        assert_ledger_sound(core)
        # The Resumen and the card detail show the new Utilizado and Disponible.
        app.open_section("resumen")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        cards = app.screen.query_one("#cards", DataTable)
        await wait_until(pilot, lambda: cards.row_count == 1)
        row = visible_text(cards)
        assert format_money(left) in row
        assert format_money(after.available) in row
        cards.focus()
        await wait_until(pilot, lambda: cards.has_focus)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditCardScreen))
        detail = app.screen
        await wait_until(
            pilot,
            lambda: format_money(left) in visible_text(detail.query_one("#card-figures")),
        )
        assert format_money(after.available) in visible_text(detail.query_one("#card-figures"))


async def test_pago_total_clears_the_revolving_balance() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app)
        core = core_of(app)
        card = await the_card(app)
        savings = ledger_balance(core, DEMO_SAVINGS)
        await choose(pilot, form, "cp-total", f"{card.revolving_used:.2f}")
        summary = await continue_and_pay(pilot)
        assert summary["Total a Pagar"] == "$1,538.14"
        await wait_until(pilot, lambda: isinstance(app.screen, OwnCardsScreen))
        assert ledger_balance(core, DEMO_SAVINGS) == savings - card.revolving_used
        assert revolving(app) == Decimal("0.00")
        after = await the_card(app)
        assert after.revolving_used == Decimal("0.00")
        assert after.available == card.available + card.revolving_used
        assert_ledger_sound(core)
        # Nothing is owed on the revolving balance now: neither figure can be chosen.
        await pilot.press("enter")
        form = await loaded(pilot, app)
        await wait_until(pilot, lambda: form.query_one("#cp-total", RadioButton).disabled)
        assert form.query_one("#cp-minimum", RadioButton).disabled
        assert "$0.00" in str(form.query_one("#cp-total", RadioButton).label)


async def test_paying_from_the_card_detail_shows_its_new_figures_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        deposit(core_of(app), DEMO_SAVINGS, FUNDS)
        card = await the_card(app)
        cards = app.screen.query_one("#cards", DataTable)
        await wait_until(pilot, lambda: cards.row_count == 1)
        cards.focus()
        await wait_until(pilot, lambda: cards.has_focus)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditCardScreen))
        detail = app.screen
        figures = detail.query_one("#card-figures")
        await wait_until(pilot, lambda: format_money(card.available) in visible_text(figures))
        await press_button(pilot, "#pay-card")
        form = await loaded(pilot, app)
        await choose(pilot, form, "cp-total", f"{card.revolving_used:.2f}")
        await continue_and_pay(pilot)
        await wait_until(pilot, lambda: app.screen is detail)
        freed = format_money(card.available + card.revolving_used)
        await wait_until(pilot, lambda: freed in visible_text(figures))
        assert revolving(app) == Decimal("0.00")


async def test_otro_valor_pays_what_the_member_types() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app)
        core = core_of(app)
        savings, rot = ledger_balance(core, DEMO_SAVINGS), revolving(app)
        # Otro valor clears the figure a choice filled in and lets the member type.
        await choose(pilot, form, "cp-minimum", "708.63")
        await press_button(pilot, "#cp-other")
        await wait_until(pilot, lambda: amount_of(form) == "" and chosen(form) == "cp-other")
        assert form.query_one("#cp-amount", Input).has_focus
        # Typing another amount over a choice's figure makes it Otro valor too.
        await choose(pilot, form, "cp-total", "1538.14")
        await retype_amount(pilot, form, "100.50")
        await wait_until(pilot, lambda: chosen(form) == "cp-other")
        assert amount_of(form) == "100.50"
        form.query_one("#cp-reference", Input).value = "Abono diciembre"
        summary = await continue_and_pay(pilot)
        assert summary["Referencia"] == "Abono diciembre"
        assert summary["Total a Pagar"] == "$100.50"
        await wait_until(pilot, lambda: isinstance(app.screen, OwnCardsScreen))
        assert ledger_balance(core, DEMO_SAVINGS) == savings - Decimal("100.50")
        assert revolving(app) == rot + Decimal("100.50")
        assert_ledger_sound(core)


# -- bad input -------------------------------------------------------------------------------------
async def test_bad_amounts_are_told_under_monto_and_nothing_is_booked() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app, funds=Decimal(0))
        core = core_of(app)
        savings, rot, sent = (
            ledger_balance(core, DEMO_SAVINGS),
            revolving(app),
            await sms_count(app),
        )
        # Nothing typed, then zero.
        await press_button(pilot, "#cp-continue")
        await wait_until(pilot, lambda: error_of(form, "amount") == "Ingresa un monto")
        assert form.query_one("#cp-amount", Input).has_focus
        await retype_amount(pilot, form, "0")
        await press_button(pilot, "#cp-continue")
        await wait_until(
            pilot, lambda: error_of(form, "amount") == "El monto debe ser mayor a cero"
        )
        # Pago mínimo ($708.63) is more than the saldo disponible ($290.90): said at once.
        await choose(pilot, form, "cp-minimum", "708.63")
        await wait_until(pilot, lambda: "saldo disponible ($290.90)" in error_of(form, "amount"))
        await press_button(pilot, "#cp-continue")
        await pilot.pause()
        assert "saldo disponible ($290.90)" in error_of(form, "amount")
        # Money arrives; F5 reads it and the choice stays.
        deposit(core, DEMO_SAVINGS, FUNDS)
        await pilot.press("f5")
        await wait_until(pilot, lambda: error_of(form, "amount") == "")
        assert (chosen(form), amount_of(form)) == ("cp-minimum", "708.63")
        # More than the card owes: the bank says so under Monto, before any code.
        await retype_amount(pilot, form, "2000")
        await press_button(pilot, "#cp-continue")
        await wait_until(pilot, lambda: "saldo rotativo de la tarjeta" in error_of(form, "amount"))
        assert "$1,538.14" in error_of(form, "amount")
        assert amount_of(form) == "2000"
        assert chosen(form) == "cp-other"
        assert app.screen is form
        assert await sms_count(app) == sent
        assert ledger_balance(core, DEMO_SAVINGS) == savings + FUNDS
        assert revolving(app) == rot


async def test_a_wrong_code_books_nothing_and_the_form_keeps_what_was_chosen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app)
        core = core_of(app)
        savings, rot = ledger_balance(core, DEMO_SAVINGS), revolving(app)
        await choose(pilot, form, "cp-minimum", "708.63")
        form.query_one("#cp-reference", Input).value = "Pago mínimo"
        await press_button(pilot, "#cp-continue")
        await confirm(pilot)
        right = await latest_sms_code(app)
        await type_text(pilot, "000000" if right != "000000" else "111111")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error").lower())
        await pilot.press("escape")  # Cancelar: the member gives up
        await wait_until(pilot, lambda: app.screen is form)
        assert (chosen(form), amount_of(form)) == ("cp-minimum", "708.63")
        assert form.query_one("#cp-reference", Input).value == "Pago mínimo"
        assert ledger_balance(core, DEMO_SAVINGS) == savings
        assert revolving(app) == rot
        assert_ledger_sound(core)
        # Regresar leaves without paying.
        await press_button(pilot, "#cp-back")
        await wait_until(pilot, lambda: isinstance(app.screen, OwnCardsScreen))


# -- another bank's card ---------------------------------------------------------------------------
async def register(app: CoopApp, institution: str, number: str, alias: str) -> PayableCard:
    """Registro Nueva Tarjeta through the bank, with the texted code."""
    challenge = await app.backend.begin(
        ExternalCardOrder(
            institution_code=institution,
            card_number=number,
            alias=alias,
            holder_name="Rosa Mora Vaca",
            id_type=IdType.PASSPORT,
            identification="AB123456",
        )
    )
    await app.backend.confirm(challenge.id, await latest_sms_code(app))
    cards = await app.backend.payable_cards(PayableCardOwner.OTHER_BANK)
    return next(c for c in cards if c.institution_code == institution)


async def pay_other(
    pilot: Pilot, app: CoopApp, card: PayableCard
) -> tuple[dict[str, str], Receipt]:
    app.push_screen(CardPaymentScreen(app.backend, card))
    form = await loaded(pilot, app)
    assert not form.query(RadioSet)  # the quick choices are a Cooprogreso card's
    data = visible_text(form.query_one("#cp-card"))
    assert card.institution_name in data
    assert f"Alias {card.alias}" in data
    assert card.masked_number in data
    await retype_amount(pilot, form, "100")
    await press_button(pilot, "#cp-continue")
    summary = await confirmation(pilot)
    receipt = await pay_with_code(pilot)
    return summary, receipt


async def test_another_banks_card_pays_commission_and_iva_immediate_or_pending() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        core = core_of(app)
        pichincha = await register(app, "PICHINCHA", VISA, "Visa de mamá")  # credits at once
        loja = await register(
            app, "LOJA", MASTERCARD, "Mastercard Loja"
        )  # credits the next business day
        savings, spendable = ledger_balance(core, DEMO_SAVINGS), await available(app)
        summary, receipt = await pay_other(pilot, app, pichincha)
        assert (
            summary["Monto"],
            summary["Comisión"],
            summary["IVA"],
            summary["Total a Pagar"],
        ) == ("$100.00", "$0.36", "$0.05", "$100.41")
        assert receipt.status is ReceiptStatus.COMPLETED
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert ledger_balance(core, DEMO_SAVINGS) == savings - Decimal("100.41")
        summary, receipt = await pay_other(pilot, app, loja)
        assert summary["Total a Pagar"] == "$100.41"
        assert receipt.status is ReceiptStatus.PENDING
        # En proceso: withheld from the saldo disponible, not yet booked.
        assert ledger_balance(core, DEMO_SAVINGS) == savings - Decimal("100.41")
        assert await available(app) == spendable - Decimal("200.82")
        assert_ledger_sound(core)
