from textual.widgets import Input

from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.login import LoginScreen
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.side_menu import SideMenu
from tests.ui.helpers import latest_sms_code, make_app, text_of, type_text, wait_until


async def test_empty_fields_say_campo_requerido() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.click("#login")
        screen = app.screen
        await wait_until(pilot, lambda: text_of(screen.query_one("#username-error")) != "")
        assert text_of(screen.query_one("#username-error")) == "Campo requerido"
        assert text_of(screen.query_one("#password-error")) == "Campo requerido"


async def test_wrong_password_tells_attempts_left_and_keeps_the_username() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_text(pilot, "gsilva")
        await pilot.press("enter")
        await type_text(pilot, "wrong-pass")
        await pilot.press("enter")
        screen = app.screen
        await wait_until(pilot, lambda: "intentos" in text_of(screen.query_one("#login-error")))
        assert "Te quedan 2 intentos" in text_of(screen.query_one("#login-error"))
        assert screen.query_one("#password", Input).value == ""
        assert screen.query_one("#username", Input).value == "gsilva"


async def test_first_login_registers_the_device_with_the_sms_code_and_lands_in_the_frame() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_text(pilot, "gsilva")
        await pilot.press("enter")
        await type_text(pilot, "Progreso2024")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
        await pilot.click("#continue")
        await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
        await type_text(pilot, await latest_sms_code(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
        assert app.session is not None
        assert app.session.profile.full_name == "Gabriel Andrés Silva Mora"
        frame = app.screen
        assert "Última conexión: 20H25 / 14.12.2024" in text_of(frame.query_one("#last-login"))
        assert frame.query_one(SideMenu) is not None
