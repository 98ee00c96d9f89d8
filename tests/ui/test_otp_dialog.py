"""The OTP dialog as a member meets it: wrong codes, exhausted attempts, expiry, re-send."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Button, Input
from textual.widgets._toast import Toast

from cooptui import app as app_module
from cooptui.backend.errors import START_AGAIN
from cooptui.backend_stub import otp
from cooptui.backend_stub.adapter import SimBackend
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.operations import DeviceRegistrationOrder, OwnTransferOrder, Receipt
from cooptui.widgets import otp_dialog
from cooptui.widgets.otp_dialog import OtpDialog
from tests.ui.helpers import (
    DEVICE,
    make_app,
    make_backend,
    press_button,
    shown,
    sign_in,
    wait_until,
)

FIVE_TO_CERTIFICATES = OwnTransferOrder(
    from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount="5"
)
"""The order every test here authorises: $5.00 from savings to the share certificates."""


class Harness(App[None]):
    """Just the dialog over an empty screen, with a logged-in bank behind it."""

    CSS_PATH = Path(app_module.__file__).with_name("app.tcss")  # the app's own rules

    def __init__(self, backend: SimBackend) -> None:
        super().__init__()
        self.backend = backend
        self.result: Receipt | str | None = "pending"

    async def open(self) -> OtpDialog:
        dialog = OtpDialog(self.backend, await self.backend.begin(FIVE_TO_CERTIFICATES))
        self.push_screen(dialog, self._done)
        return dialog

    def _done(self, result: Receipt | None) -> None:
        self.result = result


async def ready_backend() -> SimBackend:
    backend = make_backend()
    await backend.login("gsilva", "Progreso2024", DEVICE)
    challenge = await backend.begin(DeviceRegistrationOrder(device_id=DEVICE, device_name="Caja"))
    await backend.confirm(challenge.id, await sms_code(backend))
    return backend


async def sms_code(backend: SimBackend) -> str:
    assert backend.demo is not None
    body = [m for m in await backend.demo.outbox() if m.channel == "sms"][-1].body
    return body.split("es ")[1][:6]


async def type_code(pilot, dialog: OtpDialog, code: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: bool(dialog.query("#otp-confirm")))
    await wait_until(pilot, lambda: dialog.query_one("#otp-confirm").region.area > 0)
    await wait_until(pilot, lambda: not dialog.query_one("#otp-confirm", Button).disabled)
    field = dialog.query_one("#otp-code", Input)
    field.value = code
    field.focus()
    await pilot.press("enter")  # Enter in the code field confirms, as a member would


async def test_three_wrong_codes_end_the_operation_and_move_nothing() -> None:
    backend = await ready_backend()
    before = await backend.accounts()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        for left in (2, 1):
            await type_code(pilot, dialog, "000000")
            await wait_until(
                pilot, lambda left=left: f"{left} intento" in shown(app, "#otp-attempts")
            )
            assert dialog.query_one("#otp-code", Input).value == ""
        await type_code(pilot, dialog, "000000")
        await wait_until(pilot, lambda: "Agotaste" in shown(app, "#otp-error"))
        assert dialog.query_one("#otp-confirm", Button).disabled
        assert str(dialog.query_one("#otp-cancel", Button).label) == "Cerrar"
        await pilot.click("#otp-cancel")
        await wait_until(pilot, lambda: app.result != "pending")
    assert app.result is None
    assert await backend.accounts() == before


async def test_resend_sends_a_new_code_and_the_old_one_no_longer_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codes = iter(f"{n:06d}" for n in range(314159, 999999, 7))
    monkeypatch.setattr(otp, "new_code", lambda: next(codes))  # distinct codes, always
    backend = await ready_backend()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        old = await sms_code(backend)
        await wait_until(pilot, lambda: bool(dialog.query("#otp-resend")))
        await wait_until(pilot, lambda: dialog.query_one("#otp-resend").region.area > 0)
        await pilot.click("#otp-resend")
        await wait_until(pilot, lambda: dialog.challenge.resends_left == 2)
        new = await sms_code(backend)
        assert new != old
        await type_code(pilot, dialog, old)
        await wait_until(pilot, lambda: "incorrecto" in shown(app, "#otp-error"))
        await type_code(pilot, dialog, new)
        await wait_until(pilot, lambda: app.result != "pending")
    assert isinstance(app.result, Receipt)


async def test_an_expired_code_is_refused_in_the_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(otp_dialog, "clock", lambda: now[0])
    backend = await ready_backend()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        await wait_until(pilot, lambda: "vence en 5:00" in shown(app, "#otp-countdown"))
        now[0] += 301
        await wait_until(pilot, lambda: "expiró" in shown(app, "#otp-error"), timeout=3)
        assert dialog.query_one("#otp-confirm", Button).disabled
        assert not dialog.query_one("#otp-resend", Button).disabled


async def expire_both_clocks(backend: SimBackend, now: list[float], seconds: int) -> None:
    """Time passes for the member and for the bank alike."""
    assert backend.demo is not None
    now[0] += seconds
    await backend.demo.advance_clock(seconds)


async def test_a_code_resent_after_expiry_lives_five_minutes_by_the_banks_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(otp_dialog, "clock", lambda: now[0])
    backend = await ready_backend()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        await wait_until(pilot, lambda: "vence en 5:00" in shown(app, "#otp-countdown"))
        await expire_both_clocks(backend, now, 330)
        await wait_until(pilot, lambda: shown(app, "#otp-countdown") == "Código expirado")
        assert shown(app, "#otp-error") == otp_dialog.EXPIRED
        await pilot.click("#otp-resend")
        await wait_until(pilot, lambda: dialog.challenge.resends_left == 2)
        # The SMS says 5 minutes: so does the dialog, not the time since the first code.
        await wait_until(pilot, lambda: "vence en 5:00" in shown(app, "#otp-countdown"))
        assert shown(app, "#otp-error") == ""
        await expire_both_clocks(backend, now, 290)
        await wait_until(pilot, lambda: "vence en 0:10" in shown(app, "#otp-countdown"))
        await type_code(pilot, dialog, await sms_code(backend))
        await wait_until(pilot, lambda: app.result != "pending")
    assert isinstance(app.result, Receipt)


async def test_a_code_the_bank_finds_expired_says_so_once_and_can_be_resent() -> None:
    backend = await ready_backend()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        code = await sms_code(backend)
        assert backend.demo is not None
        await backend.demo.advance_clock(301)  # the bank's clock ran ahead of this terminal
        await type_code(pilot, dialog, code)
        await wait_until(pilot, lambda: "expiró" in shown(app, "#otp-error"))
        assert shown(app, "#otp-error") == otp_dialog.EXPIRED  # said once, whole
        assert shown(app, "#otp-countdown") == "Código expirado"
        assert dialog.query_one("#otp-confirm", Button).disabled
        await pilot.click("#otp-resend")
        await wait_until(pilot, lambda: dialog.challenge.resends_left == 2)
        await type_code(pilot, dialog, await sms_code(backend))
        await wait_until(pilot, lambda: app.result != "pending")
    assert isinstance(app.result, Receipt)


async def test_without_resends_left_an_expired_code_says_to_start_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(otp_dialog, "clock", lambda: now[0])
    backend = await ready_backend()
    before = await backend.accounts()
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        for left in (2, 1, 0):
            await press_button(pilot, "#otp-resend")
            await wait_until(pilot, lambda left=left: dialog.challenge.resends_left == left)
        assert dialog.query_one("#otp-resend", Button).disabled
        await expire_both_clocks(backend, now, 301)
        await wait_until(pilot, lambda: shown(app, "#otp-error") == START_AGAIN)
        assert str(dialog.query_one("#otp-cancel", Button).label) == "Cerrar"
        assert dialog.query_one("#otp-confirm", Button).disabled
        await pilot.click("#otp-cancel")
        await wait_until(pilot, lambda: app.result != "pending")
    assert app.result is None
    assert await backend.accounts() == before


async def test_a_demo_clock_jump_ages_the_code_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otp_dialog, "clock", lambda: 1000.0)  # the terminal's clock stands still
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        dialog = OtpDialog(app.backend, await app.backend.begin(FIVE_TO_CERTIFICATES))
        app.push_screen(dialog)
        await wait_until(pilot, lambda: "vence en 5:00" in shown(app, "#otp-countdown"))
        app.advance_clock(3600)  # "Adelantar el reloj 1 hora" from the palette
        await wait_until(pilot, lambda: shown(app, "#otp-countdown") == "Código expirado")
        assert shown(app, "#otp-error") == otp_dialog.EXPIRED
        # An hour is past the operation's life (a code and its re-sends): start again.
        await press_button(pilot, "#otp-resend")
        await wait_until(pilot, lambda: shown(app, "#otp-error") == START_AGAIN)
        assert str(dialog.query_one("#otp-cancel", Button).label) == "Cerrar"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_sms_toast_never_covers_the_dialogs_buttons(size: tuple[int, int]) -> None:
    app = make_app()  # the demo phone on: every SMS pops up as a toast
    async with app.run_test(size=size, notifications=True) as pilot:
        await sign_in(pilot, app)
        dialog = OtpDialog(app.backend, await app.backend.begin(FIVE_TO_CERTIFICATES))
        app.push_screen(dialog)
        code = await sms_code(app.backend)
        # The SMS with the code shows over the dialog, whole...
        await wait_until(
            pilot,
            lambda: any(
                code in str(t.render()) and t.region.area > 0 and t.size.height >= 2
                for t in dialog.query(Toast)
            ),
        )
        # ...and a click on any cell of a button reaches the button, not a toast.
        for button in dialog.query(Button):
            region = button.region
            assert region.area > 0
            on_top = {
                dialog.get_widget_at(x, y)[0]
                for x in range(region.x, region.right)
                for y in range(region.y, region.bottom)
            }
            assert on_top == {button}, (button.id, on_top)


async def test_esc_while_the_bank_confirms_waits_for_its_answer() -> None:
    """Closing the dialog mid-confirm would hide a transfer that went through."""
    backend = await ready_backend()
    answer = asyncio.Event()
    confirm = backend.confirm

    async def slow_confirm(*args: object, **kwargs: object) -> Receipt:
        await answer.wait()
        return await confirm(*args, **kwargs)  # type: ignore[arg-type]

    backend.confirm = slow_confirm  # type: ignore[method-assign]
    app = Harness(backend)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await app.open()
        await type_code(pilot, dialog, await sms_code(backend))
        await wait_until(pilot, lambda: dialog.query_one("#otp-cancel", Button).disabled)
        await pilot.press("escape")
        assert app.screen is dialog
        answer.set()
        await wait_until(pilot, lambda: app.result != "pending")
    assert isinstance(app.result, Receipt)
