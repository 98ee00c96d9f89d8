"""Every authentication flow of the manual, end to end, reading the simulated phone and mail."""

from __future__ import annotations

import re

from textual.widgets import Input

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import ENROLLABLE_IDENTIFICATION
from cooptui.domain.auth import MessageChannel
from cooptui.screens.change_password import ChangePasswordScreen
from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.enrollment import EnrollmentScreen
from cooptui.screens.forgot_password import PasswordRecoveryScreen
from cooptui.screens.forgot_username import UsernameReminderScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.login import LoginScreen
from cooptui.widgets.idle_warning import IdleWarning
from cooptui.widgets.otp_dialog import OtpDialog
from tests.ui.helpers import latest_sms_code, make_app, shown, text_of, type_text, wait_until

GABRIEL_CEDULA = "1704589124"


async def latest_email(app: CoopApp, subject: str) -> str:
    assert app.backend.demo is not None
    mails = [
        m
        for m in await app.backend.demo.outbox()
        if m.channel is MessageChannel.EMAIL and m.subject == subject
    ]
    assert mails, f"no e-mail «{subject}»"
    return mails[-1].body


async def enter_code(pilot, app: CoopApp) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
    await type_text(pilot, await latest_sms_code(app))
    await pilot.press("enter")


async def login(pilot, app: CoopApp, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    screen = app.screen
    await wait_until(pilot, lambda: bool(screen.query("#password")))
    screen.query_one("#username", Input).value = username
    field = screen.query_one("#password", Input)
    field.value = password
    field.focus()
    await pilot.press("enter")


async def change_password(pilot, app: CoopApp, temporary: str, new: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))
    screen = app.screen
    screen.query_one("#current", Input).value = temporary
    screen.query_one("#new", Input).value = new
    screen.query_one("#confirm", Input).value = new
    await pilot.click("#save")


async def test_enrollment_to_first_login() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, EnrollmentScreen))
        screen = app.screen
        await type_text(pilot, "1710034066")  # wrong check digit: told as typed
        await wait_until(
            pilot, lambda: text_of(screen.query_one("#field-identification .field-error")) != ""
        )
        assert "no es válido" in text_of(screen.query_one("#field-identification .field-error"))
        screen.query_one("#identification", Input).value = ENROLLABLE_IDENTIFICATION
        await wait_until(
            pilot, lambda: text_of(screen.query_one("#field-identification .field-error")) == ""
        )
        await pilot.click("#continue")
        await enter_code(pilot, app)
        await wait_until(pilot, lambda: "correo" in shown(app, "#login-notice"))
        assert isinstance(app.screen, LoginScreen)
        body = await latest_email(app, "Bienvenido a Cooprogreso en Línea")
        username = re.search(r"USUARIO: (\S+)", body)
        temporary = re.search(r"CONTRASEÑA TEMPORAL: (\S+)", body)
        assert username is not None
        assert temporary is not None
        await login(pilot, app, username.group(1), temporary.group(1))
        await change_password(pilot, app, temporary.group(1), "MiClave2025")
        # Enrollment registered this device: straight into the frame.
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
        assert app.session is not None
        assert app.session.profile.full_name.startswith("María Fernanda")


async def test_weak_new_password_is_refused_next_to_the_field() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PasswordRecoveryScreen))
        recovery = app.screen
        recovery.query_one("#username", Input).value = "gsilva"
        recovery.query_one("#identification", Input).value = GABRIEL_CEDULA
        await pilot.click("#continue")
        await enter_code(pilot, app)
        temporary = re.search(
            r"CONTRASEÑA TEMPORAL: (\S+)", await latest_email(app, "Recuperación de contraseña")
        )
        assert temporary is not None
        await login(pilot, app, "gsilva", temporary.group(1))
        await change_password(pilot, app, temporary.group(1), "corta1")
        screen = app.screen
        assert isinstance(screen, ChangePasswordScreen)
        await wait_until(pilot, lambda: text_of(screen.query_one("#new-error")) != "")
        assert "8 caracteres" in text_of(screen.query_one("#new-error"))
        assert screen.query_one("#new", Input).value == "corta1"  # nothing typed is lost


async def test_wrong_password_to_lockout_to_recovery() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # Each attempt clears the message on submit: wait for the bank's answer to each.
        for answer in ("Te quedan 2 intentos", "Te queda 1 intento", "bloqueado"):
            await login(pilot, app, "gsilva", "NoEsMiClave1")
            await wait_until(pilot, lambda answer=answer: answer in shown(app, "#login-error"))
        screen = app.screen
        assert "Olvidé mi contraseña" in text_of(screen.query_one("#login-error"))
        # Even the right password is refused now.
        await login(pilot, app, "gsilva", "Progreso2024")
        await wait_until(pilot, lambda: "bloqueado" in shown(app, "#login-error"))
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PasswordRecoveryScreen))
        recovery = app.screen
        assert recovery.query_one("#username", Input).value == "gsilva"
        recovery.query_one("#identification", Input).value = GABRIEL_CEDULA
        await pilot.click("#continue")
        await enter_code(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        temporary = re.search(
            r"CONTRASEÑA TEMPORAL: (\S+)", await latest_email(app, "Recuperación de contraseña")
        )
        assert temporary is not None
        await login(pilot, app, "gsilva", temporary.group(1))
        await change_password(pilot, app, temporary.group(1), "NuevaClave2025")
        await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
        await pilot.click("#continue")
        await enter_code(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))


async def test_username_reminder_arrives_by_email() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, UsernameReminderScreen))
        app.screen.query_one("#identification", Input).value = GABRIEL_CEDULA
        await pilot.click("#continue")
        await enter_code(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        body = await latest_email(app, "Recordatorio de usuario")
        assert "gsilva" in body


async def logged_in(pilot, app: CoopApp) -> None:  # type: ignore[no-untyped-def]
    await login(pilot, app, "gsilva", "Progreso2024")
    await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
    await pilot.click("#continue")
    await enter_code(pilot, app)
    await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))


async def test_salir_returns_to_login_and_forgets_the_session() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot, app)
        await pilot.click("#logout")
        await wait_until(pilot, lambda: "Cerraste tu sesión" in shown(app, "#login-notice"))
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None
        assert len(app.screen_stack) == 2  # the empty base screen and the login
        assert app.screen.query_one("#password", Input).value == ""
        assert await app.backend.demo.now()  # type: ignore[union-attr]


async def test_inactivity_warns_then_logs_out() -> None:
    app = make_app(idle_timeout=8)  # warning after 4 s, logout after 8 s
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, IdleWarning), timeout=15)
        await wait_until(pilot, lambda: "segundos" in shown(app, "#idle-countdown"))
        await wait_until(pilot, lambda: "inactividad" in shown(app, "#login-notice"), timeout=15)
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None


async def test_activity_during_the_warning_keeps_the_session() -> None:
    app = make_app(idle_timeout=8)  # warning after 4 s, logout after 8 s
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, IdleWarning), timeout=15)
        await wait_until(pilot, lambda: "segundos" in shown(app, "#idle-countdown"))
        await pilot.click("#stay")
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
        assert app.session is not None


async def test_a_login_abandoned_at_device_registration_is_not_the_last_connection() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.backend.demo is not None
        # Gabriel's last real connection, from the seed: 20H25 four days before the manual.
        await login(pilot, app, "gsilva", "Progreso2024")
        await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
        await pilot.press("escape")  # abandoned at Registro habitual (13H26 / 18.12.2024)
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await app.backend.demo.advance_clock(3600)

        await logged_in(pilot, app)  # 14H26, complete this time
        await wait_until(pilot, lambda: "Última conexión" in shown(app, "#last-login"))
        assert shown(app, "#last-login") == "Última conexión: 20H25 / 14.12.2024"

        await pilot.click("#logout")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await app.backend.demo.advance_clock(3600)
        await login(pilot, app, "gsilva", "Progreso2024")  # the device is registered now
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
        await wait_until(pilot, lambda: "Última conexión" in shown(app, "#last-login"))
        assert shown(app, "#last-login") == "Última conexión: 14H26 / 18.12.2024"


async def test_a_device_name_longer_than_the_bank_takes_is_kept_and_refused() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, app, "gsilva", "Progreso2024")
        await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
        screen = app.screen
        sent = len(await app.backend.demo.outbox())  # type: ignore[union-attr]
        name = screen.query_one("#device-name", Input)
        name.value = "Computador de la oficina de contabilidad del segundo piso "  # 58
        name.focus()
        await pilot.press("end")
        await type_text(pilot, "norte")
        await wait_until(
            pilot, lambda: "Máximo 60 caracteres" in shown(app, "#field-device_name .field-error")
        )
        assert name.value.endswith("piso norte")  # nothing typed was dropped
        await pilot.click("#continue")
        await pilot.pause()
        assert shown(app, "#field-device_name .field-error") == "Máximo 60 caracteres (tienes 63)"
        assert app.screen is screen
        assert len(await app.backend.demo.outbox()) == sent  # no code was sent
        name.value = ""
        await pilot.click("#continue")
        await wait_until(
            pilot, lambda: shown(app, "#field-device_name .field-error") == "Campo requerido"
        )
        assert name.has_focus  # the field to fix
        assert app.screen is screen
        assert len(await app.backend.demo.outbox()) == sent  # still no code


async def test_an_identity_flow_says_what_is_missing_next_to_each_field() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PasswordRecoveryScreen))
        screen = app.screen
        sent = len(await app.backend.demo.outbox())  # type: ignore[union-attr]
        await pilot.click("#continue")
        await wait_until(
            pilot, lambda: shown(app, "#field-username .field-error") == "Campo requerido"
        )
        assert shown(app, "#field-identification .field-error") == "Campo requerido"
        assert screen.query_one("#username", Input).has_focus  # the first field to fix
        assert shown(app, "#flow-error") == ""
        assert app.screen is screen
        assert len(await app.backend.demo.outbox()) == sent  # type: ignore[union-attr]
