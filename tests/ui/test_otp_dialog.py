"""The OTP dialog as a member meets it: wrong codes, exhausted attempts, expiry, re-send."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Button, Input

from cooptui.backend_stub import otp
from cooptui.backend_stub.adapter import SimBackend
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.operations import DeviceRegistrationOrder, OwnTransferOrder, Receipt
from cooptui.widgets import otp_dialog
from cooptui.widgets.otp_dialog import OtpDialog
from tests.ui.helpers import DEVICE, make_backend, shown, wait_until


class Harness(App[None]):
    """Just the dialog over an empty screen, with a logged-in bank behind it."""

    def __init__(self, backend: SimBackend) -> None:
        super().__init__()
        self.backend = backend
        self.result: Receipt | str | None = "pending"

    async def open(self) -> OtpDialog:
        challenge = await self.backend.begin(
            OwnTransferOrder(from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount="5")
        )
        dialog = OtpDialog(self.backend, challenge)
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
