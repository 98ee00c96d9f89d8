"""Driving the app as a person would: type, press, wait for the screen to change."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ScreenStackError
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widget import Widget

from cooptui.app import CoopApp
from cooptui.backend_stub.adapter import SimBackend
from cooptui.backend_stub.clock import MANUAL_DATE
from cooptui.credentials import MemoryStore
from cooptui.domain.auth import MessageChannel

if TYPE_CHECKING:
    from decimal import Decimal

    from cooptui.backend_stub.core import Core
    from cooptui.domain.operations import Receipt
    from cooptui.screens.account_detail import AccountDetailScreen

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
    while not _holds(pilot, predicate):
        if loop.time() > deadline:
            raise AssertionError("the app never reached the expected state")
        await pilot.pause(0.02)


def _holds(pilot: Pilot, predicate: Callable[[], bool]) -> bool:
    """A widget the predicate reads may not be mounted yet: that is "not yet", not an error.

    The current screen must be mounted too (its widgets composed), so that a test may read
    any of them right after waiting for the screen to change.
    """
    try:
        return bool(predicate()) and pilot.app.screen.is_mounted
    except (NoMatches, ScreenStackError):
        return False


async def press_button(pilot: Pilot, selector: str) -> None:
    """Click a button of the current screen once it can take the click: mounted, laid
    out, enabled, and done with its last press (a Button ignores clicks while it shows
    the press effect, as it would a person's double click)."""

    def ready() -> bool:
        button = pilot.app.screen.query_one(selector)
        return button.region.area > 0 and not button.disabled and not button.has_class("-active")

    await wait_until(pilot, ready)
    await pilot.click(selector)


def visible_text(widget: Widget) -> str:
    """What a person reads of `widget` on the screen now: the cells inside its region,
    clipped to the screen, line after line, whitespace collapsed. A message cut off by its
    box (or pushed off the screen) is missing words here, whatever `render()` says."""
    screen = widget.screen
    lines = screen._compositor.render_strips()
    region = widget.region.intersection(screen.region)
    rows = lines[region.y : region.bottom]
    return " ".join(" ".join(row.crop(region.x, region.right).text for row in rows).split())


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


async def sign_in(pilot: Pilot, app: CoopApp) -> None:
    """Log in as the demo member and register this terminal with the texted code."""
    from textual.widgets import Input

    from cooptui.screens.device_registration import DeviceRegistrationScreen
    from cooptui.screens.login import LoginScreen
    from cooptui.screens.summary import SummaryScreen
    from cooptui.widgets.otp_dialog import OtpDialog

    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    await wait_until(pilot, lambda: bool(app.screen.query("#username")))
    app.screen.query_one("#username", Input).value = "gsilva"
    app.screen.query_one("#password", Input).value = "Progreso2024"
    await press_button(pilot, "#login")
    await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))
    await press_button(pilot, "#continue")
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, OtpDialog) and app.screen.query_one("#otp-code").has_focus,
    )
    await type_text(pilot, await latest_sms_code(app))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))


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


async def confirmation(pilot: Pilot) -> dict[str, str]:
    """The lines the confirmation shows the member before the code is asked for."""
    from cooptui.widgets.confirm_dialog import ConfirmDialog, SummaryRow

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: bool(app.screen.query(SummaryRow)))
    return {row.label: row.value for row in app.screen.query(SummaryRow).results(SummaryRow)}


async def pay_with_code(pilot: Pilot) -> Receipt:
    """Confirmar, type the texted code, read the comprobante and close it."""
    from cooptui.widgets.receipt_view import ReceiptView

    app = pilot.app
    assert isinstance(app, CoopApp)
    await confirm(pilot)
    await type_text(pilot, await latest_sms_code(app))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
    receipt_view = app.screen
    assert isinstance(receipt_view, ReceiptView)
    await pilot.press("escape")
    return receipt_view.receipt


def error_of(node: Widget, field: str) -> str:
    """The message under a form's field (its `FormField`, named as the order's field)."""
    from cooptui.widgets.form_field import FormField

    return node.query_one(f"#field-{field}", FormField).error


def core_of(app: CoopApp) -> Core:
    """The simulated bank behind the app, to check its ledger."""
    backend = app.backend
    assert isinstance(backend, SimBackend)
    return backend.core


async def available(app: CoopApp, number: str | None = None) -> Decimal:
    """Saldo disponible of one of the member's accounts (the demo savings by default)."""
    from cooptui.backend_stub.seed import DEMO_SAVINGS

    accounts = {a.number: a for a in await app.backend.accounts()}
    return accounts[number or DEMO_SAVINGS].available_balance


async def open_account(pilot: Pilot, app: CoopApp, number: str) -> AccountDetailScreen:
    """Sign in and open Detalle de cuenta of one of the demo member's accounts."""
    from textual.widgets import DataTable

    from cooptui.screens.account_detail import AccountDetailScreen

    await sign_in(pilot, app)
    accounts = app.screen.query_one("#accounts", DataTable)
    await wait_until(pilot, lambda: accounts.row_count == 2)
    accounts.focus()
    accounts.move_cursor(row=accounts.get_row_index(number))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
    screen = app.screen
    assert isinstance(screen, AccountDetailScreen)
    return screen


async def open_savings(pilot: Pilot, app: CoopApp) -> AccountDetailScreen:
    """Detalle de cuenta of the demo savings account, its movements and card loaded."""
    from textual.widgets import DataTable

    from cooptui.backend_stub.seed import DEMO_SAVINGS

    screen = await open_account(pilot, app, DEMO_SAVINGS)
    await wait_until(pilot, lambda: screen.query_one("#movements", DataTable).row_count > 0)
    await wait_until(pilot, lambda: screen.query_one("#debit-cards", DataTable).row_count > 0)
    return screen


async def open_debit_tab(pilot: Pilot, screen: AccountDetailScreen) -> None:
    """The Tarjeta débito tab, with its buttons laid out."""
    from textual.widgets import TabbedContent

    screen.query_one(TabbedContent).active = "tab-debit"
    await wait_until(pilot, lambda: screen.query_one("#change-pin").region.area > 0)
