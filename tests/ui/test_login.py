from cooptui.app import CoopApp
from cooptui.backend_stub.adapter import SimBackend
from cooptui.backend_stub.clock import MANUAL_DATE
from cooptui.screens.login import LoginScreen


def make_app() -> CoopApp:
    backend = SimBackend.from_options(
        {"fresh": True, "date": MANUAL_DATE, "frozen": True, "scrypt_n": 1024}
    )
    return CoopApp(backend, device="test-device-0001")


async def test_empty_fields_say_campo_requerido() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#login")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert str(screen.query_one("#username-error").render()) == "Campo requerido"
        assert str(screen.query_one("#password-error").render()) == "Campo requerido"


async def test_wrong_password_tells_attempts_left_and_clears_password() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"gsilva", "enter", *"wrong-pass", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert "Te quedan 2 intentos" in str(screen.query_one("#login-error").render())
        assert screen.query_one("#password").value == ""
        assert screen.query_one("#username").value == "gsilva"


async def test_correct_login_leaves_the_login_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"gsilva", "enter", *"Progreso2024", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, LoginScreen)
        assert "registrar este equipo" in str(app.query_one("#status").render())
