"""Every screen of the app shell at a fixed size (determinism: see conftest.py)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cooptui.backend_stub.seed import DEMO_SAVINGS, ENROLLABLE_IDENTIFICATION
from cooptui.domain.operations import InterbankTransferOrder
from cooptui.screens.change_password import ChangePasswordScreen
from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.enrollment import EnrollmentScreen
from cooptui.screens.forgot_password import PasswordRecoveryScreen
from cooptui.screens.forgot_username import UsernameReminderScreen
from cooptui.screens.login import LoginScreen
from cooptui.screens.mailbox import MailboxScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.snapshots.conftest import (
    CODE,
    SMALL,
    WIDE,
    Snap,
    at_login,
    click,
    signed_in,
    snapshot_app,
    then,
)
from tests.ui.helpers import text_of, wait_until


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_login(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=at_login, terminal_size=size)


def test_login_with_errors(snap_compare: Snap) -> None:
    async def wrong(pilot: Pilot) -> None:
        await at_login(pilot)
        pilot.app.screen.query_one("#username", Input).value = "gsilva"
        pilot.app.screen.query_one("#password", Input).value = "otra"
        await click(pilot, "#login")
        await wait_until(pilot, lambda: text_of(pilot.app.screen.query_one("#login-error")) != "")

    assert snap_compare(snapshot_app(), run_before=wrong, terminal_size=WIDE)


async def open_enrollment(pilot: Pilot) -> None:
    await at_login(pilot)
    await pilot.press("f5")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EnrollmentScreen))


def test_registration_identity_step(snap_compare: Snap) -> None:
    async def typed(pilot: Pilot) -> None:
        await pilot.press(*"17100340")  # still incomplete: told as typed

    assert snap_compare(snapshot_app(), run_before=then(open_enrollment, typed), terminal_size=WIDE)


async def enrollment_otp(pilot: Pilot) -> None:
    pilot.app.screen.query_one("#identification", Input).value = ENROLLABLE_IDENTIFICATION
    await click(pilot, "#continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OtpDialog))


def test_registration_otp_step(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(open_enrollment, enrollment_otp), terminal_size=WIDE
    )


def test_otp_after_a_wrong_code(snap_compare: Snap) -> None:
    async def wrong_code(pilot: Pilot) -> None:
        await pilot.press(*"111111", "enter")
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: text_of(dialog.query_one("#otp-error")) != "")

    assert snap_compare(
        snapshot_app(),
        run_before=then(open_enrollment, enrollment_otp, wrong_code),
        terminal_size=WIDE,
    )


def test_registration_done_back_at_login(snap_compare: Snap) -> None:
    async def code(pilot: Pilot) -> None:
        await pilot.press(*CODE, "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, LoginScreen))

    assert snap_compare(
        snapshot_app(), run_before=then(open_enrollment, enrollment_otp, code), terminal_size=WIDE
    )


def test_forced_password_change(snap_compare: Snap) -> None:
    async def enrolled_and_logged_in(pilot: Pilot) -> None:
        app = pilot.app
        await pilot.press(*CODE, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.backend.demo is not None
        mail = (await app.backend.demo.outbox())[-1].body
        username = mail.split("USUARIO: ")[1].split()[0]
        password = mail.split("CONTRASEÑA TEMPORAL: ")[1].split()[0]
        app.screen.query_one("#username", Input).value = username
        app.screen.query_one("#password", Input).value = password
        await click(pilot, "#login")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))
        app.screen.query_one("#current", Input).value = password
        app.screen.query_one("#new", Input).focus()
        await pilot.press(*"clave20")  # the policy checklist follows what is typed

    assert snap_compare(
        snapshot_app(),
        run_before=then(open_enrollment, enrollment_otp, enrolled_and_logged_in),
        terminal_size=WIDE,
    )


async def device(pilot: Pilot) -> None:
    await at_login(pilot)
    pilot.app.screen.query_one("#username", Input).value = "gsilva"
    pilot.app.screen.query_one("#password", Input).value = "Progreso2024"
    await click(pilot, "#login")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeviceRegistrationScreen))


def test_device_registration(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=device, terminal_size=WIDE)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_frame_with_side_menu(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=signed_in, terminal_size=size)


async def interbank_challenge(pilot: Pilot):  # type: ignore[no-untyped-def]
    backend = pilot.app.backend
    [beneficiary] = [
        b for b in await backend.beneficiaries(name="Verónica") if b.service == "interbank"
    ]
    return await backend.begin(
        InterbankTransferOrder(
            from_account=DEMO_SAVINGS, beneficiary_id=beneficiary.id, amount="25.00"
        )
    )


async def confirmation(pilot: Pilot) -> None:
    pilot.app.push_screen(ConfirmDialog(await interbank_challenge(pilot)))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))


def test_confirmation_dialog(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, confirmation), terminal_size=WIDE
    )


async def code_dialog(pilot: Pilot) -> None:
    challenge = await interbank_challenge(pilot)
    pilot.app.push_screen(OtpDialog(pilot.app.backend, challenge))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OtpDialog))


def test_otp_dialog_with_summary(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, code_dialog), terminal_size=WIDE)


async def receipt(pilot: Pilot) -> None:
    challenge = await interbank_challenge(pilot)
    done = await pilot.app.backend.confirm(challenge.id, CODE)
    pilot.app.push_screen(ReceiptView(done))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReceiptView))


def test_receipt(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, receipt), terminal_size=WIDE)


async def mailbox(pilot: Pilot) -> None:
    await pilot.press("f9")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MailboxScreen))
    await wait_until(pilot, lambda: text_of(pilot.app.screen.query_one("#message-body")) != "")


def test_mailbox(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, mailbox), terminal_size=WIDE)


async def forgot_username(pilot: Pilot) -> None:
    await at_login(pilot)
    await pilot.press("f6")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, UsernameReminderScreen))


async def forgot_password(pilot: Pilot) -> None:
    await at_login(pilot)
    await pilot.press("f7")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PasswordRecoveryScreen))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", ["username", "password"])
def test_recovery_screen(snap_compare: Snap, screen: str, size: tuple[int, int]) -> None:
    steps = {"username": forgot_username, "password": forgot_password}
    assert snap_compare(snapshot_app(), run_before=steps[screen], terminal_size=size)


async def typed_cedula(pilot: Pilot) -> None:
    await pilot.press(*"17100340")


AT_80X24 = {
    "registration_identity_step": (open_enrollment, typed_cedula),
    "device_registration": (device,),
    "otp_dialog_with_summary": (signed_in, code_dialog),
    "confirmation_dialog": (signed_in, confirmation),
    "receipt": (signed_in, receipt),
    "mailbox": (signed_in, mailbox),
}
"""The screens above at 80x24."""


@pytest.mark.parametrize("screen", list(AT_80X24))
def test_at_80x24(snap_compare: Snap, screen: str) -> None:
    assert snap_compare(snapshot_app(), run_before=then(*AT_80X24[screen]), terminal_size=SMALL)
