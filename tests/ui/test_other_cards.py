"""Pago de Tarjetas – Otros Bancos driven as a member would: Registro Nueva Tarjeta, the
list, Pagar (immediate and pending institutions) and Eliminar.

The card number is the secret of this section: after registering, the tests look for its
digits everywhere a person or an attacker could (every widget, the closed dialog, the
confirmation and comprobante, the phone and mailbox, the bank's database file) and find
only the mask. Payments are checked in the bank's ledger afterwards.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from cooptui.app import CoopApp
from cooptui.backend_stub.adapter import DB_NAME, SimBackend
from cooptui.backend_stub.clock import MANUAL_DATE
from cooptui.backend_stub.seed import DEMO_SAVINGS, cedula
from cooptui.domain.cards import PayableCard, PayableCardOwner
from cooptui.domain.operations import ExternalCardOrder, ReceiptStatus
from cooptui.domain.transfers import IdType
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.card_registration import CardRegistrationScreen
from cooptui.screens.other_cards import NONE_YET, OtherCardsScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import SummaryRow
from cooptui.widgets.otp_dialog import OtpDialog
from tests.core.conftest import assert_ledger_sound, ledger_balance
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

DINERS = "36080000009787"  # Diners Club del Ecuador: credited within 24 business hours
DINERS_MASK = "360800XXXX9787"
VISA = "4532015112830366"  # for Banco Pichincha: credited at once
VISA_MASK = "453201XXXXXX0366"
NOT_LUHN = "4532015112830367"  # one digit off
HOLDER = "Christian Iván Caicedo Díaz"
HOLDER_ID = cedula("171234567")


# -- getting there -------------------------------------------------------------------------------
async def register_through_bank(
    app: CoopApp, institution: str, number: str, alias: str | None = None
) -> None:
    """A card registered as another session would (the bank's two steps)."""
    order = ExternalCardOrder(
        institution_code=institution,
        card_number=number,
        alias=alias,
        holder_name=HOLDER,
        id_type=IdType.CEDULA,
        identification=HOLDER_ID,
    )
    challenge = await app.backend.begin(order)
    await app.backend.confirm(challenge.id, await latest_sms_code(app))


async def registered_cards(app: CoopApp) -> list[PayableCard]:
    return await app.backend.payable_cards(PayableCardOwner.OTHER_BANK)


async def open_other_cards(pilot: Pilot, app: CoopApp, *, signed: bool = False) -> OtherCardsScreen:
    if not signed:
        await sign_in(pilot, app)
    app.open_section("tarjetas-otros")
    await wait_until(pilot, lambda: isinstance(app.screen, OtherCardsScreen))
    screen = app.screen
    assert isinstance(screen, OtherCardsScreen)
    await wait_until(pilot, lambda: screen.loaded)
    return screen


def listed(screen: OtherCardsScreen) -> list[str]:
    """The masked numbers in the table, top to bottom."""
    table = screen.query_one("#oc-table", DataTable)
    return [screen.found[str(key.value)].masked_number for key in table.rows]


async def open_registration(pilot: Pilot, app: CoopApp) -> CardRegistrationScreen:
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, CardRegistrationScreen))
    form = app.screen
    assert isinstance(form, CardRegistrationScreen)
    await wait_until(pilot, lambda: len(form.query_one("#cr-institution", Select)._options) > 1)
    return form


async def type_into(pilot: Pilot, form: CardRegistrationScreen, selector: str, text: str) -> None:
    """Focus a field and type into it key by key, as a person does."""
    field = form.query_one(selector, Input)
    field.focus()
    await wait_until(pilot, lambda: field.has_focus)
    field.value = ""
    await type_text(pilot, text)


async def enter_number(pilot: Pilot, form: CardRegistrationScreen, number: str) -> None:
    """Type the card number and leave the field (Tab), as a person does."""
    await type_into(pilot, form, "#cr-card-number", number)
    await pilot.press("tab")
    await wait_until(pilot, lambda: not form.query_one("#cr-card-number", Input).has_focus)


def fill_holder(form: CardRegistrationScreen, alias: str = "Diners") -> None:
    form.query_one("#cr-institution", Select).value = "DINERS"
    form.query_one("#cr-alias", Input).value = alias
    form.query_one("#cr-holder", Input).value = HOLDER
    form.query_one("#cr-identification", Input).value = HOLDER_ID


def texts_of(app: CoopApp) -> list[str]:
    """Every text a widget of the app holds now: inputs, labels, statics, table cells,
    on every screen of the stack (the ones under a dialog too)."""
    found: list[str] = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=False):
            found.extend(_texts(widget))
    return found


def _texts(widget: object) -> list[str]:
    if isinstance(widget, Input):
        return [widget.value, str(widget.render())]
    if isinstance(widget, Static):
        return [str(widget.render())]
    if isinstance(widget, DataTable):
        return [str(cell) for key in widget.rows for cell in widget.get_row(key)]
    if isinstance(widget, Select):
        return [str(widget.value)]
    return []


def leaks(number: str, texts: list[str]) -> list[str]:
    """The texts holding the whole number, typed plain or with spaces between groups."""
    return [t for t in texts if number in t.replace(" ", "").replace("-", "")]


# -- Registro Nueva Tarjeta --------------------------------------------------------------------
async def test_a_registered_card_is_kept_and_shown_only_masked(tmp_path: Path) -> None:
    backend = SimBackend.from_options(
        {"data_dir": str(tmp_path), "date": MANUAL_DATE, "frozen": True, "scrypt_n": 1024}
    )
    app = make_app(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_other_cards(pilot, app)
        for card in await registered_cards(app):  # a bank with none, whatever its seed
            await app.backend.delete_external_card(card.id)
        screen.reload()
        await wait_until(pilot, lambda: shown(app, "#oc-status") == NONE_YET)
        assert not screen.query_one("#oc-table").display
        form = await open_registration(pilot, app)
        # Cooprogreso's own cards are paid in Tarjetas Cooprogreso: it is not offered here.
        offered = [value for _, value in form.query_one("#cr-institution", Select)._options]
        assert "COOPROGRESO" not in offered
        assert "DINERS" in offered
        fill_holder(form)
        # Typed, the number is the member's to check; once left, only its mask shows.
        await enter_number(pilot, form, DINERS)
        number = form.query_one("#cr-card-number", Input)
        await wait_until(pilot, lambda: number.value == DINERS_MASK)
        assert error_of(form, "card_number") == ""
        assert "enmascarado" in shown(app, "#field-card_number .form-hint")
        assert leaks(DINERS, texts_of(app)) == []
        await press_button(pilot, "#cr-continue")
        summary = await confirmation(pilot)
        assert summary["Tarjeta"] == DINERS_MASK
        assert summary["Institución"] == "Diners Club del Ecuador"
        assert summary["Titular"] == HOLDER
        assert summary["Identificación"] == f"Cédula {HOLDER_ID}"
        assert leaks(DINERS, texts_of(app)) == []
        receipt = await pay_with_code(pilot)
        assert receipt.status is ReceiptStatus.COMPLETED
        assert leaks(DINERS, [line.value for line in receipt.lines] + [receipt.as_text()]) == []
        # Back on the list: the new card, highlighted and ready for Enter (Pagar).
        await wait_until(pilot, lambda: app.screen is screen and listed(screen) == [DINERS_MASK])
        table = screen.query_one("#oc-table", DataTable)
        await wait_until(pilot, lambda: table.has_focus)
        current = screen.current()
        assert current is not None
        assert (current.masked_number, current.alias) == (DINERS_MASK, "Diners")
        assert "1 tarjeta registrada" in shown(app, "#oc-status")
        # The bank keeps the mask only.
        (stored,) = await registered_cards(app)
        assert (stored.institution_code, stored.masked_number) == ("DINERS", DINERS_MASK)
        assert (stored.holder_name, stored.identification) == (HOLDER, HOLDER_ID)
        # Nowhere whole: not on any screen, not in the closed dialog, not on the phone or in
        # the mailbox, not in the bank's database file (nor its write-ahead log).
        assert leaks(DINERS, texts_of(app)) == []
        kept = [v for v in vars(form).values() if isinstance(v, str)]
        assert leaks(DINERS, kept) == []
        assert app.backend.demo is not None
        assert leaks(DINERS, [m.body for m in await app.backend.demo.outbox()]) == []
        files = [p for p in tmp_path.iterdir() if p.name.startswith(DB_NAME)]
        assert files
        for path in files:
            data = path.read_bytes()
            assert DINERS.encode() not in data, path.name
            assert DINERS.encode("utf-16-le") not in data, path.name


async def test_each_mistake_is_told_next_to_its_field_and_nothing_is_registered() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_other_cards(pilot, app)
        before = await registered_cards(app)
        sent = await sms_count(app)
        form = await open_registration(pilot, app)
        # Nothing filled in: each field says what it needs, the first one gets the focus.
        await press_button(pilot, "#cr-continue")
        await wait_until(
            pilot, lambda: "institución financiera" in error_of(form, "institution_code")
        )
        assert form.query_one("#cr-institution", Select).has_focus
        assert error_of(form, "card_number") == "Ingresa el número de tarjeta"
        assert error_of(form, "holder_name") == "Ingresa el nombre del titular de la tarjeta."
        assert error_of(form, "identification") == "Ingresa el número de cédula"
        assert error_of(form, "alias") == ""
        # A number failing Luhn is told on leaving the field, and stays as typed.
        await enter_number(pilot, form, NOT_LUHN)
        number = form.query_one("#cr-card-number", Input)
        await wait_until(
            pilot, lambda: error_of(form, "card_number") != "Ingresa el número de tarjeta"
        )
        assert error_of(form, "card_number") == "El número de tarjeta no es válido"
        assert number.value == NOT_LUHN
        # A letter is told as it is typed.
        await type_into(pilot, form, "#cr-card-number", "4532a")
        await wait_until(
            pilot, lambda: "solo debe contener números" in error_of(form, "card_number")
        )
        # An invalid cédula, under its field; the other choices and texts stay.
        form.query_one("#cr-institution", Select).value = "DINERS"
        form.query_one("#cr-holder", Input).value = HOLDER
        number.value = NOT_LUHN
        wrong_id = HOLDER_ID[:-1] + str((int(HOLDER_ID[-1]) + 1) % 10)
        form.query_one("#cr-identification", Input).value = wrong_id
        await press_button(pilot, "#cr-continue")
        await wait_until(pilot, lambda: "cédula no es válido" in error_of(form, "identification"))
        assert error_of(form, "card_number") == "El número de tarjeta no es válido"
        assert error_of(form, "institution_code") == ""
        assert error_of(form, "holder_name") == ""
        assert number.value == NOT_LUHN
        assert form.query_one("#cr-identification", Input).value == wrong_id
        assert form.query_one("#cr-holder", Input).value == HOLDER
        # A RUC is checked as a RUC once the type says so.
        form.query_one("#cr-id-type", Select).value = IdType.RUC.value
        await press_button(pilot, "#cr-continue")
        await wait_until(pilot, lambda: "RUC" in error_of(form, "identification"))
        # Fixing the number clears its message as it becomes valid.
        await type_into(pilot, form, "#cr-card-number", DINERS)
        await wait_until(pilot, lambda: error_of(form, "card_number") == "")
        assert app.screen is form
        assert await sms_count(app) == sent  # no code was asked for
        assert await registered_cards(app) == before


async def test_a_card_registered_already_is_refused_under_its_number() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await register_through_bank(app, "DINERS", DINERS, "Diners")
        screen = await open_other_cards(pilot, app, signed=True)
        assert listed(screen) == [DINERS_MASK]
        sent = await sms_count(app)
        form = await open_registration(pilot, app)
        fill_holder(form, alias="Otra vez")
        await enter_number(pilot, form, DINERS)
        await press_button(pilot, "#cr-continue")
        await wait_until(pilot, lambda: "Ya registraste" in error_of(form, "card_number"))
        assert app.screen is form
        assert await sms_count(app) == sent
        # Nothing typed is lost; the number still shows masked.
        assert form.query_one("#cr-card-number", Input).value == DINERS_MASK
        assert form.query_one("#cr-alias", Input).value == "Otra vez"
        assert len(await registered_cards(app)) == 1


async def test_a_wrong_then_an_expired_code_registers_nothing_and_keeps_the_form() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_other_cards(pilot, app)
        before = await registered_cards(app)
        form = await open_registration(pilot, app)
        fill_holder(form)
        await enter_number(pilot, form, VISA)
        await press_button(pilot, "#cr-continue")
        await confirm(pilot)
        right = await latest_sms_code(app)
        await type_text(pilot, "000000" if right != "000000" else "111111")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error").lower())
        assert await registered_cards(app) == before
        # The member takes too long: the right code no longer registers anything.
        assert app.backend.demo is not None
        await app.backend.demo.advance_clock(301)
        app.screen.query_one("#otp-code", Input).value = ""
        await type_text(pilot, right)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "expiró" in shown(app, "#otp-error"))
        assert isinstance(app.screen, OtpDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form)
        assert await registered_cards(app) == before
        assert form.query_one("#cr-card-number", Input).value == VISA_MASK
        assert form.query_one("#cr-holder", Input).value == HOLDER
        assert form.query_one("#cr-identification", Input).value == HOLDER_ID
        # Continuar again asks for a new code, and this one registers the card.
        await press_button(pilot, "#cr-continue")
        summary = await confirmation(pilot)
        assert summary["Tarjeta"] == VISA_MASK
        await pay_with_code(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, OtherCardsScreen))
        assert [c.masked_number for c in await registered_cards(app)] == [
            *(c.masked_number for c in before),
            VISA_MASK,
        ]


async def test_a_new_card_is_highlighted_among_the_others_and_enter_pays_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await register_through_bank(app, "PICHINCHA", VISA, "Visa")
        screen = await open_other_cards(pilot, app, signed=True)
        assert listed(screen) == [VISA_MASK]
        form = await open_registration(pilot, app)
        fill_holder(form)
        await enter_number(pilot, form, DINERS)
        await press_button(pilot, "#cr-continue")
        await pay_with_code(pilot)
        await wait_until(pilot, lambda: app.screen is screen and len(listed(screen)) == 2)
        await wait_until(
            pilot, lambda: (c := screen.current()) is not None and c.masked_number == DINERS_MASK
        )
        table = screen.query_one("#oc-table", DataTable)
        await wait_until(pilot, lambda: table.has_focus)
        detail = screen.query_one("#oc-detail")
        await wait_until(pilot, lambda: DINERS_MASK in visible_text(detail))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CardPaymentScreen))
        payment = app.screen
        assert isinstance(payment, CardPaymentScreen)
        assert payment.card.masked_number == DINERS_MASK


async def test_f5_shows_a_card_registered_meanwhile_in_another_session() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_other_cards(pilot, app)
        before = listed(screen)
        assert VISA_MASK not in before
        await register_through_bank(app, "PICHINCHA", VISA, "Visa")
        await pilot.press("f5")
        await wait_until(pilot, lambda: VISA_MASK in listed(screen))
        assert len(listed(screen)) == len(before) + 1


# -- Pagar ---------------------------------------------------------------------------------------
async def pay(
    pilot: Pilot, app: CoopApp, screen: OtherCardsScreen, mask: str, amount: str
) -> dict[str, str]:
    """Pagar the card with that mask (Enter on its row): Monto, Continuar; the confirmation."""
    table = screen.query_one("#oc-table", DataTable)
    key = next(k for k, c in screen.found.items() if c.masked_number == mask)
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, CardPaymentScreen))
    payment = app.screen
    assert isinstance(payment, CardPaymentScreen)
    await wait_until(pilot, lambda: payment.query_one("#cp-account", Select).value == DEMO_SAVINGS)
    # Datos de la tarjeta, as Paso 5 shows them: institution, holder, masked number, alias.
    card = screen.found[key]
    rows = payment.query_one("#cp-card").query(SummaryRow).results(SummaryRow)
    shown_rows = {row.label: row.value for row in rows}
    assert shown_rows["Institución Financiera"] == card.institution_name
    assert shown_rows["Titular de la tarjeta"] == HOLDER
    assert shown_rows["Número de tarjeta"] == mask
    assert shown_rows["Alias"] == card.alias
    payment.query_one("#cp-amount", Input).value = amount
    await press_button(pilot, "#cp-continue")
    return await confirmation(pilot)


async def test_paying_a_card_of_an_immediate_bank_debits_amount_commission_and_iva() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await register_through_bank(app, "PICHINCHA", VISA, "Visa")
        screen = await open_other_cards(pilot, app, signed=True)
        core = core_of(app)
        before, available_before = ledger_balance(core, DEMO_SAVINGS), await available(app)
        holds_before = await app.backend.holds(DEMO_SAVINGS)
        summary = await pay(pilot, app, screen, VISA_MASK, "50")
        # The interbank fee and its IVA, shown before any code is asked for.
        assert (summary["Monto"], summary["Comisión"], summary["IVA"]) == (
            "$50.00",
            "$0.36",
            "$0.05",
        )
        assert summary["Total a Pagar"] == "$50.41"
        assert summary["Institución"] == "Banco Pichincha"
        assert summary["Acreditación"] == "Inmediata"
        receipt = await pay_with_code(pilot)
        assert receipt.status is ReceiptStatus.COMPLETED
        await wait_until(pilot, lambda: app.screen is screen)
        assert ledger_balance(core, DEMO_SAVINGS) == before - Decimal("50.41")
        assert await available(app) == available_before - Decimal("50.41")
        assert await app.backend.holds(DEMO_SAVINGS) == holds_before  # nothing withheld
        assert_ledger_sound(core)


async def test_paying_a_card_of_a_slower_bank_holds_the_money_until_it_settles() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await register_through_bank(app, "DINERS", DINERS, "Diners")
        screen = await open_other_cards(pilot, app, signed=True)
        core = core_of(app)
        ledger_before, available_before = ledger_balance(core, DEMO_SAVINGS), await available(app)
        summary = await pay(pilot, app, screen, DINERS_MASK, "100")
        assert (summary["Monto"], summary["Comisión"], summary["IVA"]) == (
            "$100.00",
            "$0.36",
            "$0.05",
        )
        assert summary["Total a Pagar"] == "$100.41"
        assert summary["Acreditación"] == "Hasta 24 horas laborables"
        receipt = await pay_with_code(pilot)
        assert receipt.status is ReceiptStatus.PENDING
        await wait_until(pilot, lambda: app.screen is screen)
        # Meanwhile the amount and its fees are withheld; the ledger has not moved yet.
        assert ledger_balance(core, DEMO_SAVINGS) == ledger_before
        assert await available(app) == available_before - Decimal("100.41")
        assert any(h.amount == Decimal("100.41") for h in await app.backend.holds(DEMO_SAVINGS))
        # The next business day the SPI settles it: debited once, the hold released.
        app.advance_clock(86_400)
        await wait_until(pilot, lambda: ledger_balance(core, DEMO_SAVINGS) != ledger_before)
        assert ledger_balance(core, DEMO_SAVINGS) == ledger_before - Decimal("100.41")
        assert await available(app) == available_before - Decimal("100.41")
        assert not any(h.amount == Decimal("100.41") for h in await app.backend.holds(DEMO_SAVINGS))
        assert_ledger_sound(core)


# -- Eliminar ------------------------------------------------------------------------------------
async def test_eliminar_asks_first_and_removes_the_card() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await register_through_bank(app, "DINERS", DINERS, "Diners")
        await register_through_bank(app, "PICHINCHA", VISA, "Visa")
        screen = await open_other_cards(pilot, app, signed=True)
        assert sorted(listed(screen)) == sorted([DINERS_MASK, VISA_MASK])
        assert "2 tarjetas registradas" in shown(app, "#oc-status")
        table = screen.query_one("#oc-table", DataTable)
        table.focus()
        await wait_until(pilot, lambda: table.has_focus)
        target = screen.current()
        assert target is not None
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        assert "eliminar la tarjeta" in shown(app, "#ask-question")
        assert target.masked_number in shown(app, "#ask-detail")
        assert app.screen.query_one("#ask-cancel").has_focus
        await pilot.press("enter")  # Cancelar has the focus: nothing is deleted
        await wait_until(pilot, lambda: app.screen is screen)
        assert target.masked_number in listed(screen)
        assert target.id in [c.id for c in await registered_cards(app)]
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await press_button(pilot, "#ask-accept")
        await wait_until(pilot, lambda: target.masked_number not in listed(screen))
        assert target.id not in [c.id for c in await registered_cards(app)]
        assert "1 tarjeta registrada" in shown(app, "#oc-status")
        # The last one too: the list says how to add one.
        await wait_until(pilot, lambda: table.has_focus or screen.current() is not None)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await press_button(pilot, "#ask-accept")
        await wait_until(pilot, lambda: shown(app, "#oc-status") == NONE_YET)
        assert await registered_cards(app) == []
        assert not screen.query_one("#oc-detail").display
