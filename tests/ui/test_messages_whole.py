"""Every message is shown whole at 80×24: it wraps in its box instead of losing its end
(often the instruction the member needs)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from cooptui.app import CoopApp
from cooptui.backend.errors import AccountLocked, InvalidCredentials, attempts_phrase
from cooptui.backend_stub.auth import ALREADY_A_USER
from cooptui.backend_stub.seed import DEMO_PIN_DEBIT
from cooptui.screens.enrollment import EnrollmentScreen
from cooptui.screens.login import LoginScreen
from cooptui.screens.pin_change import SAME_AS_OLD, PinChangeScreen
from cooptui.widgets.otp_dialog import OtpDialog
from tests.ui.helpers import (
    latest_sms_code,
    make_app,
    open_debit_tab,
    open_savings,
    press_button,
    shown,
    sign_in,
    sms_count,
    type_text,
    visible_text,
    wait_until,
)

SMALL = (80, 24)
GABRIEL_CEDULA = "1704589124"  # the member of the manual, who has a user
NOT_A_MEMBER = "1712345675"  # a valid cédula of nobody at the cooperative


async def whole(pilot: Pilot, selector: str, message: str) -> None:
    """Wait for `message` in `selector`, then check a person can read all of it."""
    app = pilot.app
    await wait_until(pilot, lambda: message in " ".join(shown(app, selector).split()))
    widget = app.screen.query_one(selector)
    widget.scroll_visible(animate=False)
    await wait_until(pilot, lambda: message in visible_text(widget))


async def wrong_login(pilot: Pilot, app: CoopApp) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    screen = app.screen
    await wait_until(pilot, lambda: bool(screen.query("#password")))
    screen.query_one("#username", Input).value = "gsilva"
    field = screen.query_one("#password", Input)
    field.value = "NoEsMiClave1"
    field.focus()
    await pilot.press("enter")


async def test_login_refusals_are_read_whole() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await wrong_login(pilot, app)
        await whole(pilot, "#login-error", InvalidCredentials(2).message)
        await wrong_login(pilot, app)
        await whole(pilot, "#login-error", InvalidCredentials(1).message)
        await wrong_login(pilot, app)
        await whole(pilot, "#login-error", AccountLocked().message)


async def enroll(pilot: Pilot, app: CoopApp, identification: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    await pilot.press("f5")
    await wait_until(pilot, lambda: isinstance(app.screen, EnrollmentScreen))
    await wait_until(pilot, lambda: bool(app.screen.query("#identification")))
    app.screen.query_one("#identification", Input).value = identification
    app.screen.query_one("#continue").focus()  # Tab to Continuar, as on a short terminal
    await pilot.press("enter")


async def test_registration_answers_everyone_alike_and_tells_only_the_phone() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        texted = await sms_count(app)
        await enroll(pilot, app, NOT_A_MEMBER)  # the answer of any cédula: the code dialog
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await whole(pilot, "#otp-destination", "Si los datos son correctos, el código llegará")
        assert await sms_count(app) == texted, "nobody's phone to text"
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await enroll(pilot, app, GABRIEL_CEDULA)  # a member with a user learns it by SMS
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        app.screen.query_one("#otp-code", Input).value = await latest_sms_code(app)
        await pilot.press("enter")
        await whole(pilot, "#otp-error", ALREADY_A_USER)


async def open_pin_change(pilot: Pilot, app: CoopApp) -> PinChangeScreen:
    screen = await open_savings(pilot, app)
    await open_debit_tab(pilot, screen)
    await press_button(pilot, "#change-pin")
    await wait_until(pilot, lambda: isinstance(app.screen, PinChangeScreen))
    form = app.screen
    assert isinstance(form, PinChangeScreen)
    await wait_until(pilot, lambda: bool(form.query("#current-pin")))
    return form


async def type_pins(pilot: Pilot, form: PinChangeScreen, current: str, new: str) -> None:
    for selector, value in (("#current-pin", current), ("#new-pin", new), ("#confirm-pin", new)):
        field = form.query_one(selector, Input)
        field.value = ""
        field.focus()
        await type_text(pilot, value)
    await pilot.press("enter")


async def test_card_pin_refusals_are_read_whole() -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        form = await open_pin_change(pilot, app)
        await type_pins(pilot, form, DEMO_PIN_DEBIT, DEMO_PIN_DEBIT)
        await whole(pilot, "#field-new_pin .field-error", SAME_AS_OLD)
        for left in (2, 1):
            await type_pins(pilot, form, "9999", "3691")
            await whole(
                pilot,
                "#field-current_pin .field-error",
                f"La clave anterior es incorrecta. {attempts_phrase(left)}",
            )
        await type_pins(pilot, form, "9999", "3691")
        await whole(
            pilot,
            "#field-current_pin .field-error",
            "Tu tarjeta fue bloqueada por intentos fallidos. Llama al Call Center.",
        )


async def test_a_date_beyond_twelve_months_is_read_whole() -> None:
    from cooptui.screens.movements import MovementsScreen

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(pilot, app)
        app.open_section("movimientos")
        await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
        await wait_until(pilot, lambda: app.screen.table_complete)  # type: ignore[attr-defined]
        field = app.screen.query_one("#mv-from", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, "01/01/2023")
        await pilot.press("tab")
        message = "Solo puedes consultar los últimos 12 meses: la fecha desde debe ser desde el 18/12/2023."
        await wait_until(
            pilot,
            lambda: (
                message in " ".join(shown(app, "#mv-range-error").split())
                or message in " ".join(shown(app, "#mv-from-error").split())
            ),
        )
        selector = (
            "#mv-range-error" if message in shown(app, "#mv-range-error") else "#mv-from-error"
        )
        await whole(pilot, selector, message)
