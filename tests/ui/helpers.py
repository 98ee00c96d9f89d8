"""Driving the app as a person would: type, press, wait for the screen to change."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widget import Widget

from cooptui.app import CoopApp
from cooptui.backend_stub.adapter import SimBackend
from cooptui.backend_stub.clock import MANUAL_DATE
from cooptui.credentials import MemoryStore
from cooptui.domain.auth import MessageChannel

DEVICE = "test-device-0001"


def make_backend() -> SimBackend:
    return SimBackend.from_options(
        {"fresh": True, "date": MANUAL_DATE, "frozen": True, "scrypt_n": 1024}
    )


def make_app(backend: SimBackend | None = None, **kwargs: object) -> CoopApp:
    kwargs.setdefault("usernames", MemoryStore())
    return CoopApp(backend or make_backend(), device=DEVICE, **kwargs)  # type: ignore[arg-type]


async def wait_until(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until `predicate()` holds (workers finish, screens change)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not _holds(predicate):
        if loop.time() > deadline:
            raise AssertionError("the app never reached the expected state")
        await pilot.pause(0.02)


def _holds(predicate: Callable[[], bool]) -> bool:
    """A widget the predicate reads may not be mounted yet: that is "not yet", not an error."""
    try:
        return bool(predicate())
    except NoMatches:
        return False


def text_of(widget: Widget) -> str:
    return str(widget.render())


async def latest_sms_code(app: CoopApp) -> str:
    """Read the OTP from the simulated phone, as the member would."""
    assert app.backend.demo is not None
    messages = await app.backend.demo.outbox()
    sms = [m for m in messages if m.channel is MessageChannel.SMS]
    match = re.search(r"\b(\d{6})\b", sms[-1].body)
    assert match is not None
    return match.group(1)


async def sms_count(app: CoopApp) -> int:
    """How many SMS the demo phone has received so far."""
    assert app.backend.demo is not None
    return sum(m.channel is MessageChannel.SMS for m in await app.backend.demo.outbox())


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


def shown(app: CoopApp, selector: str) -> str:
    """The text of `selector` on the current screen, "" while it is not mounted yet."""
    found = app.screen.query(selector)
    return text_of(found.first()) if found else ""


async def confirm(pilot: Pilot) -> None:
    """Confirmar on an operation's confirmation (it has the focus), which asks for the code."""
    from cooptui.widgets.confirm_dialog import ConfirmDialog
    from cooptui.widgets.otp_dialog import OtpDialog

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: app.screen.query_one("#confirm").has_focus)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
    await wait_until(pilot, lambda: app.screen.query_one("#otp-code").has_focus)
