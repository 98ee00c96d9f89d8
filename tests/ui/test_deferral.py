"""Diferido Tarjetas driven as a member would (manual "5. Diferido de tarjetas", Pasos 1-6).

Every booked deferral is checked in the bank afterwards: the purchases marked deferred,
the plan with the plazo and cuota the simulation showed, the debt moved from the card's
revolving ledger account (TC_ROT) to its deferred one (TC_DIF) by the principal, the
ledger balanced. Every refusal books nothing and keeps what the member chose.
"""

from __future__ import annotations

from decimal import Decimal

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select, SelectionList

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_CREDIT_CARD
from cooptui.domain.cards import CardTransaction, DeferralTarget
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import DeferralOrder
from cooptui.screens.deferral import (
    DeferralScreen,
    RevolvingDeferralScreen,
    TransactionsDeferralScreen,
)
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.deferral_cards import NO_CARDS
from cooptui.widgets.deferral_form import (
    NO_PURCHASES,
    NO_TERM,
    NOTHING_CHOSEN,
    PURCHASE_GONE,
    SIMULATE_AGAIN,
    SIMULATE_FIRST,
)
from cooptui.widgets.deferral_simulation import DeferralSimulationView
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

REVOLVING = "TC-ROT-0395"
DEFERRED = "TC-DIF-0395"


# -- driving the screen ----------------------------------------------------------------------
async def open_deferral(pilot: Pilot, app: CoopApp, section: str) -> DeferralScreen:
    """Sign in, open the section and choose the demo card with Enter (Pasos 1-2)."""
    await sign_in(pilot, app)
    app.open_section(section)
    await wait_until(pilot, lambda: isinstance(app.screen, DeferralScreen))
    screen = app.screen
    assert isinstance(screen, DeferralScreen)
    cards = screen.query_one("#df-cards", DataTable)
    await wait_until(pilot, lambda: cards.row_count == 1 and cards.has_focus)
    assert shown(app, "#df-cards-caption") == "Tarjetas"
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.card is not None)
    await wait_until(pilot, lambda: not screen.query_one("#df-status").display)
    first = "#df-amount" if screen.revolving else "#df-purchases"
    await wait_until(pilot, lambda: screen.query_one(first).has_focus)
    return screen


async def press(pilot: Pilot, selector: str) -> None:
    """Click a button as a person would, scrolling to it first (at 80x24 the lower
    controls are below the screen's edge until then)."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False, immediate=True)
    await wait_until(pilot, lambda: pilot.app.screen.region.contains_region(widget.region))
    await press_button(pilot, selector)


def offered(screen: DeferralScreen) -> list[int]:
    """The purchases the list offers, in its order."""
    listing = screen.query_one("#df-purchases", SelectionList)
    return [listing.get_option_at_index(i).value for i in range(listing.option_count)]


async def tick(pilot: Pilot, screen: DeferralScreen, *indexes: int) -> list[int]:
    """Space on the purchases at `indexes` (the list has the focus): their ids."""
    listing = screen.query_one("#df-purchases", SelectionList)
    listing.focus()
    await wait_until(pilot, lambda: listing.has_focus)
    at = listing.highlighted or 0
    for index in indexes:
        await pilot.press(*(["down"] * (index - at) if index >= at else ["up"] * (at - index)))
        at = index
        await pilot.press("space")
    ids = offered(screen)
    chosen = [ids[i] for i in indexes]
    await wait_until(pilot, lambda: set(listing.selected) == set(chosen))
    return chosen


async def choose_term(pilot: Pilot, screen: DeferralScreen, months: int) -> None:
    select = screen.query_one("#df-months", Select)
    await wait_until(pilot, lambda: months in screen.terms)
    select.value = months
    await pilot.pause()


async def simulate(pilot: Pilot, screen: DeferralScreen) -> DeferralSimulationView:
    """F3 (Simular) and wait for a fresh simulation."""
    view = screen.query_one("#df-simulation", DeferralSimulationView)
    before = view.simulation
    await pilot.press("f3")
    await wait_until(
        pilot, lambda: view.display and view.simulation is not before and not view.stale
    )
    return view


def figures(app: CoopApp) -> dict[str, str]:
    """The simulation's totals as shown: Cuota mensual, Total intereses, ..."""
    labels = ("Cuota mensual", "Total intereses", "Total a pagar", "Tasa anual")
    return {label: shown(app, f"#sim-value-{i}") for i, label in enumerate(labels)}


def plan_rows(screen: DeferralScreen) -> list[list[str]]:
    table = screen.query_one("#df-simulation DataTable", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def purchases(app: CoopApp) -> dict[int, CardTransaction]:
    """Every purchase of the demo card as the bank has it now."""
    return {t.id: t for t in await app.backend.card_transactions(DEMO_CREDIT_CARD)}


# -- Pasos 1-6 end to end ----------------------------------------------------------------------
async def test_two_purchases_deferred_end_to_end_and_checked_in_the_bank() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-trx")
        assert isinstance(screen, TransactionsDeferralScreen)
        deferrable = await app.backend.card_transactions(DEMO_CREDIT_CARD, deferrable_only=True)
        assert offered(screen) == [t.id for t in deferrable]
        assert all(not t.deferred for t in deferrable)
        chosen = await tick(pilot, screen, 0, 1)
        principal = sum((t.amount for t in deferrable if t.id in chosen), Decimal("0.00"))
        assert shown(app, "#df-total") == format_money(principal)
        await choose_term(pilot, screen, 6)
        view = await simulate(pilot, screen)
        shown_figures = figures(app)
        rows = plan_rows(screen)
        assert len(rows) == 6
        assert rows[-1][4] == "$0.00"
        revolving, deferred = ledger_balance(core, REVOLVING), ledger_balance(core, DEFERRED)
        plans = len(await app.backend.deferrals(DEMO_CREDIT_CARD))

        await press(pilot, "#df-continue")
        lines = await confirmation(pilot)
        assert lines["Monto"] == format_money(principal)
        assert lines["Plazo (meses)"] == "6"
        assert lines["Cuota mensual"] == shown_figures["Cuota mensual"]
        receipt = await pay_with_code(pilot)
        assert receipt.amount == principal

        # The screen: the plan listed, the purchases no longer offered.
        table = screen.query_one("#df-deferrals", DataTable)
        await wait_until(pilot, lambda: table.row_count == plans + 1)
        await wait_until(pilot, lambda: not set(chosen) & set(offered(screen)))
        assert not view.display
        newest = [str(cell) for cell in table.get_row_at(0)]
        assert newest[0] == "DIFERIDO 2 CONSUMOS A 6 MESES"
        assert newest[2] == shown_figures["Cuota mensual"]
        assert screen.query_one("#df-purchases", SelectionList).selected == []

        # The bank: purchases deferred, the plan as simulated, the debt moved.
        after = await purchases(app)
        assert all(after[i].deferred and not after[i].deferrable for i in chosen)
        plan = (await app.backend.deferrals(DEMO_CREDIT_CARD))[0]
        assert plan.principal == principal
        assert plan.months == 6
        assert format_money(plan.installment) == shown_figures["Cuota mensual"]
        assert plan.installments_paid == 0
        assert ledger_balance(core, REVOLVING) == revolving + principal
        assert ledger_balance(core, DEFERRED) == deferred - principal
        assert_ledger_sound(core)


async def test_part_of_the_revolving_balance_is_deferred() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-rotativo")
        assert isinstance(screen, RevolvingDeferralScreen)
        [card] = await app.backend.credit_cards()
        amount = screen.query_one("#df-amount", Input)
        assert amount.value == str(card.revolving_used)  # the whole saldo, proposed
        amount.value = ""
        await type_text(pilot, "500.00")
        await choose_term(pilot, screen, 12)
        await simulate(pilot, screen)
        assert shown(app, ".sim-heading") == "Simulación: $500.00 a 12 meses"
        shown_figures = figures(app)
        assert shown_figures["Tasa anual"] == "16.11%"
        revolving, deferred = ledger_balance(core, REVOLVING), ledger_balance(core, DEFERRED)

        await press(pilot, "#df-continue")
        lines = await confirmation(pilot)
        assert lines["Monto"] == "$500.00"
        assert lines["Total a pagar"] == shown_figures["Total a pagar"]
        await pay_with_code(pilot)

        [after] = await app.backend.credit_cards()
        assert after.revolving_used == card.revolving_used - Decimal("500.00")
        assert after.deferred_used == card.deferred_used + Decimal("500.00")
        plan = (await app.backend.deferrals(DEMO_CREDIT_CARD))[0]
        assert (plan.principal, plan.months) == (Decimal("500.00"), 12)
        assert plan.description == "DIFERIDO SALDO ROTATIVO A 12 MESES"
        assert format_money(plan.installment) == shown_figures["Cuota mensual"]
        assert ledger_balance(core, REVOLVING) == revolving + Decimal("500.00")
        assert ledger_balance(core, DEFERRED) == deferred - Decimal("500.00")
        # The rest of the saldo is proposed for the next one.
        rest = format_money(after.revolving_used)
        await wait_until(pilot, lambda: f"rotativo: {rest}" in shown(app, "#df-card-figures"))
        assert amount.value == str(after.revolving_used)
        assert_ledger_sound(core)


async def test_re_simulating_with_another_plazo_books_only_the_last_one() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deferral(pilot, app, "diferido-trx")
        [chosen] = await tick(pilot, screen, 0)
        await choose_term(pilot, screen, 3)
        view = await simulate(pilot, screen)
        three = figures(app)
        assert three["Total intereses"] == "$0.00"  # the interest-free promotion
        assert len(plan_rows(screen)) == 3

        await choose_term(pilot, screen, 12)
        assert view.stale  # the 3-month figures no longer match the inputs
        sent = await sms_count(app)
        await press(pilot, "#df-continue")
        await wait_until(pilot, lambda: shown(app, "#df-form-error") == SIMULATE_AGAIN)
        assert await sms_count(app) == sent
        assert isinstance(app.screen, TransactionsDeferralScreen)

        await simulate(pilot, screen)
        twelve = figures(app)
        assert twelve != three
        assert twelve["Total intereses"] != "$0.00"
        assert len(plan_rows(screen)) == 12
        await press(pilot, "#df-continue")
        lines = await confirmation(pilot)
        assert lines["Plazo (meses)"] == "12"
        assert lines["Cuota mensual"] == twelve["Cuota mensual"]
        await pay_with_code(pilot)

        booked = [d for d in await app.backend.deferrals(DEMO_CREDIT_CARD) if d.months == 12]
        plan = booked[0]
        assert format_money(plan.installment) == twelve["Cuota mensual"]
        assert (await purchases(app))[chosen].deferred
        assert sum(d.months == 3 for d in await app.backend.deferrals(DEMO_CREDIT_CARD)) == 0


# -- mistakes: a message next to the field, nothing booked ------------------------------------
async def test_nothing_chosen_and_no_plazo_are_refused_next_to_their_fields() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-trx")
        revolving = ledger_balance(core, REVOLVING)
        sent = await sms_count(app)
        await press(pilot, "#df-simulate")
        await wait_until(pilot, lambda: error_of(screen, "transaction_ids") == NOTHING_CHOSEN)
        assert error_of(screen, "months") == NO_TERM
        assert screen.query_one("#df-purchases").has_focus  # the first to fix
        assert not screen.query_one("#df-simulation").display
        await press(pilot, "#df-continue")
        await wait_until(pilot, lambda: error_of(screen, "transaction_ids") == NOTHING_CHOSEN)
        await tick(pilot, screen, 2)
        assert error_of(screen, "transaction_ids") == ""  # fixed: the message goes
        await press(pilot, "#df-continue")
        await wait_until(pilot, lambda: error_of(screen, "months") == NO_TERM)
        await choose_term(pilot, screen, 3)
        assert error_of(screen, "months") == ""
        await press(pilot, "#df-continue")  # not simulated yet
        await wait_until(pilot, lambda: shown(app, "#df-form-error") == SIMULATE_FIRST)
        assert await sms_count(app) == sent
        assert ledger_balance(core, REVOLVING) == revolving


async def test_revolving_amounts_below_the_minimum_or_above_the_saldo_are_refused() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-rotativo")
        await choose_term(pilot, screen, 6)
        amount = screen.query_one("#df-amount", Input)
        amount.value = ""
        await type_text(pilot, "2000")  # the saldo rotativo is $1,538.14
        await wait_until(
            pilot,
            lambda: (
                error_of(screen, "amount")
                == "El monto supera tu saldo actual rotativo ($1,538.14)."
            ),
        )
        await press(pilot, "#df-simulate")
        await pilot.pause()
        assert not screen.query_one("#df-simulation").display
        amount.focus()
        amount.value = ""
        await type_text(pilot, "49.99")
        assert error_of(screen, "amount") == ""  # as typed: it may be on its way to 49.99x
        await press(pilot, "#df-simulate")
        await wait_until(
            pilot, lambda: error_of(screen, "amount") == "El monto mínimo para diferir es $50.00."
        )
        assert amount.value == "49.99"  # nothing typed is lost
        await press(pilot, "#df-continue")
        await wait_until(pilot, lambda: "mínimo" in error_of(screen, "amount"))
        assert not isinstance(app.screen, ConfirmDialog)
        assert len(await app.backend.deferrals(DEMO_CREDIT_CARD)) == 3
        assert ledger_balance(core, REVOLVING) == Decimal("-1538.14")


async def test_a_purchase_deferred_in_another_terminal_is_refused_before_any_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-trx")
        first, second = await tick(pilot, screen, 0, 1)
        await choose_term(pilot, screen, 3)
        await simulate(pilot, screen)
        # Meanwhile, another terminal defers the first purchase.
        other = DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.TRANSACTIONS,
            transaction_ids=(first,),
            months=9,
        )
        challenge = await app.backend.begin(other)
        await app.backend.confirm(challenge.id, await latest_sms_code(app))
        revolving = ledger_balance(core, REVOLVING)
        sent = await sms_count(app)

        await press(pilot, "#df-continue")
        await wait_until(pilot, lambda: first not in offered(screen))
        await wait_until(pilot, lambda: error_of(screen, "transaction_ids") == PURCHASE_GONE)
        assert await sms_count(app) == sent  # refused before a code was sent
        assert not isinstance(app.screen, ConfirmDialog)
        assert screen.query_one("#df-purchases", SelectionList).selected == [second]
        assert screen.query_one("#df-simulation", DeferralSimulationView).stale
        assert ledger_balance(core, REVOLVING) == revolving
        assert not (await purchases(app))[second].deferred
        assert_ledger_sound(core)


async def test_a_purchase_deferred_elsewhere_before_the_code_books_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-trx")
        first, second = await tick(pilot, screen, 0, 1)
        await choose_term(pilot, screen, 3)
        await simulate(pilot, screen)
        await press(pilot, "#df-continue")
        await confirm(pilot)
        code = await latest_sms_code(app)
        # While the member reads the SMS, another terminal defers the second purchase.
        other = DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.TRANSACTIONS,
            transaction_ids=(second,),
            months=6,
        )
        challenge = await app.backend.begin(other)
        await app.backend.confirm(challenge.id, await latest_sms_code(app))
        revolving = ledger_balance(core, REVOLVING)
        plans = len(await app.backend.deferrals(DEMO_CREDIT_CARD))

        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "no se puede diferir" in shown(app, "#otp-error"))
        await press_button(pilot, "#otp-cancel")  # now "Cerrar"
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: error_of(screen, "transaction_ids") == PURCHASE_GONE)
        assert second not in offered(screen)
        assert screen.query_one("#df-purchases", SelectionList).selected == [first]
        assert len(await app.backend.deferrals(DEMO_CREDIT_CARD)) == plans
        assert not (await purchases(app))[first].deferred
        assert ledger_balance(core, REVOLVING) == revolving
        assert_ledger_sound(core)


async def test_a_wrong_code_books_nothing_and_keeps_the_choice() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-trx")
        chosen = await tick(pilot, screen, 0, 2)
        await choose_term(pilot, screen, 6)
        await simulate(pilot, screen)
        revolving, deferred = ledger_balance(core, REVOLVING), ledger_balance(core, DEFERRED)
        await press(pilot, "#df-continue")
        await confirm(pilot)
        right = await latest_sms_code(app)
        wrong = "000000" if right != "000000" else "111111"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error").lower())
        assert isinstance(app.screen, OtpDialog)
        await press_button(pilot, "#otp-cancel")
        await wait_until(pilot, lambda: app.screen is screen)
        assert ledger_balance(core, REVOLVING) == revolving
        assert ledger_balance(core, DEFERRED) == deferred
        bank = await purchases(app)
        assert not any(bank[i].deferred for i in chosen)
        assert sorted(screen.query_one("#df-purchases", SelectionList).selected) == sorted(chosen)
        assert not screen.query_one("#df-simulation", DeferralSimulationView).stale


async def test_an_expired_code_books_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        core = core_of(app)
        screen = await open_deferral(pilot, app, "diferido-rotativo")
        await choose_term(pilot, screen, 3)
        await simulate(pilot, screen)
        revolving = ledger_balance(core, REVOLVING)
        await press(pilot, "#df-continue")
        await confirm(pilot)
        code = await latest_sms_code(app)
        assert app.backend.demo is not None
        await app.backend.demo.advance_clock(301)  # the member took too long
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "expiró" in shown(app, "#otp-error"))
        assert not isinstance(app.screen, ReceiptView)
        assert ledger_balance(core, REVOLVING) == revolving
        assert len(await app.backend.deferrals(DEMO_CREDIT_CARD)) == 3


# -- the cards ----------------------------------------------------------------------------------
async def test_an_inactive_card_says_why_it_cannot_be_chosen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        with core_of(app).db.transaction() as conn:
            conn.execute("UPDATE cards SET status = 'Bloqueada' WHERE id = ?", (DEMO_CREDIT_CARD,))
        await sign_in(pilot, app)
        app.open_section("diferido-trx")
        await wait_until(pilot, lambda: isinstance(app.screen, TransactionsDeferralScreen))
        screen = app.screen
        assert isinstance(screen, TransactionsDeferralScreen)
        cards = screen.query_one("#df-cards", DataTable)
        await wait_until(pilot, lambda: cards.row_count == 1 and cards.has_focus)
        assert [str(c) for c in cards.get_row_at(0)][2:] == ["Bloqueada", "—"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "está bloqueada" in shown(app, "#df-card-error"))
        assert "tarjeta activa" in shown(app, "#df-card-error")
        assert screen.card is None
        assert not screen.query_one("#df-step-defer").display
        await press(pilot, "#df-cancel")  # Cancelar: back to the Resumen
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))


async def test_no_credit_card_shows_the_manuals_no_records() -> None:
    app = make_app()

    async def no_cards() -> list[object]:
        return []

    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.backend.credit_cards = no_cards  # type: ignore[method-assign]
        app.open_section("diferido-rotativo")
        await wait_until(pilot, lambda: shown(app, "#df-cards-status") == NO_CARDS)
        await press(pilot, "#df-card-continue")
        await pilot.pause()
        assert isinstance(app.screen, RevolvingDeferralScreen)
        assert app.screen.card is None


async def test_the_card_detail_opens_paso_4_with_its_card_and_regresar_goes_back() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.open_section("diferido-trx", card_id=DEMO_CREDIT_CARD)
        await wait_until(pilot, lambda: isinstance(app.screen, TransactionsDeferralScreen))
        screen = app.screen
        assert isinstance(screen, TransactionsDeferralScreen)
        await wait_until(pilot, lambda: screen.query_one("#df-step-defer").display)
        await wait_until(pilot, lambda: len(offered(screen)) > 0)
        assert "513744XXXXXX0395" in shown(app, "#df-card-line")
        [chosen] = await tick(pilot, screen, 0)
        await pilot.press("f5")  # Actualizar: the bank asked again, the tick kept
        await wait_until(pilot, lambda: all(w.is_finished for w in app.workers if w.node is screen))
        assert screen.query_one("#df-purchases", SelectionList).selected == [chosen]
        await pilot.press("escape")  # Regresar: Selecciona una tarjeta
        await wait_until(pilot, lambda: screen.query_one("#df-step-card").display)
        await wait_until(pilot, lambda: screen.query_one("#df-cards").has_focus)
        await pilot.press("enter")  # the same card: the choice is still there
        await wait_until(pilot, lambda: screen.query_one("#df-step-defer").display)
        assert len(screen.query_one("#df-purchases", SelectionList).selected) == 1


async def test_a_card_with_nothing_left_to_defer_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        whole = DeferralOrder(
            card_id=DEMO_CREDIT_CARD, target=DeferralTarget.REVOLVING_BALANCE, months=3
        )
        challenge = await app.backend.begin(whole)
        await app.backend.confirm(challenge.id, await latest_sms_code(app))
        app.open_section("diferido-trx")
        await wait_until(pilot, lambda: isinstance(app.screen, TransactionsDeferralScreen))
        screen = app.screen
        assert isinstance(screen, TransactionsDeferralScreen)
        cards = screen.query_one("#df-cards", DataTable)
        await wait_until(pilot, lambda: cards.row_count == 1 and cards.has_focus)
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_of(screen, "transaction_ids") == NO_PURCHASES)
        assert not screen.query_one("#df-purchases").display
        await choose_term(pilot, screen, 3)
        await press(pilot, "#df-simulate")
        await pilot.pause()
        assert error_of(screen, "transaction_ids") == NO_PURCHASES
        assert not screen.query_one("#df-simulation").display
        assert screen.query_one("#df-continue", Button).display
