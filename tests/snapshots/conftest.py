"""Shared by every snapshot module: what makes a screenshot deterministic, and signing in.

Determinism: the bank's clock is frozen at the manual's date, OTP codes are fixed, the
OTP countdown's clock is fixed, the host name is fixed, the cursor does not blink and
the demo phone's toasts are off (the mailbox shows the messages instead).
"""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from cooptui.app import CoopApp
from cooptui.backend_stub import otp
from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.login import LoginScreen
from cooptui.widgets import otp_dialog
from cooptui.widgets.otp_dialog import OtpDialog
from tests.ui.helpers import make_app, shown, wait_until

CODE = "482913"
WIDE = (120, 40)
SMALL = (80, 24)

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otp, "new_code", lambda: CODE)
    monkeypatch.setattr(otp_dialog, "clock", lambda: 1000.0)
    monkeypatch.setattr(socket, "gethostname", lambda: "caja-01")


def snapshot_app() -> CoopApp:
    return make_app(watch_outbox=False, cursor_blink=False)


async def click(pilot: Pilot, selector: str) -> None:
    """Click a control as a person would: scrolled into view first (at 80×24 the lower
    controls of a form are below the screen's edge until then)."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False, immediate=True)
    await wait_until(pilot, lambda: pilot.app.screen.region.contains_region(widget.region))
    await pilot.click(selector)


async def at_login(pilot: Pilot) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LoginScreen))
    await wait_until(pilot, lambda: shown(pilot.app, "#demo-hint") != "")


async def signed_in(pilot: Pilot) -> None:
    """Log in as the demo member and register this device, as a person would."""
    app = pilot.app
    await at_login(pilot)
    app.screen.query_one("#username", Input).value = "gsilva"
    app.screen.query_one("#password", Input).value = "Progreso2024"
    await click(pilot, "#login")
    await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
    await click(pilot, "#continue")
    await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
    await pilot.press(*CODE, "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
    # Narrow enough, a product is a card rather than cells: count the rows, not the text.
    await wait_until(pilot, lambda: app.screen.query_one("#accounts", DataTable).row_count == 2)
    app.clear_notifications()


def then(*steps: Callable[[Pilot], Awaitable[None]]) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        for step in steps:
            await step(pilot)
        await pilot.pause()

    return run
