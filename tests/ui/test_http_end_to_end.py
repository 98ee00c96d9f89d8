"""The whole chain over a real socket: `cooptui serve` in a subprocess, the TUI over HTTP.

Loopback only; the server gets a free port, a bounded wait to come up, and is always
terminated.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from textual.widgets import DataTable, Input

from cooptui.app import CoopApp
from cooptui.backend.http import HttpBackend
from cooptui.backend_stub.seed import DEMO_CNT_CODE
from cooptui.credentials import MemoryStore
from cooptui.domain.products import AccountType
from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.login import LoginScreen
from cooptui.screens.own_transfer import OwnTransferScreen
from cooptui.screens.service_payment import ServicePaymentScreen
from cooptui.screens.services import RegisteredServicesScreen
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.ui.helpers import DEVICE, confirm, latest_sms_code, press_button, type_text, wait_until

STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`python -m cooptui serve` on a free loopback port; yields its base URL."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cooptui",
            "serve",
            "--fresh",
            "--date",
            "2024-12-18T13:26",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


async def wait_for(url: str) -> None:
    """Poll until the server answers, for at most STARTUP_TIMEOUT seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STARTUP_TIMEOUT
    async with httpx.AsyncClient(trust_env=False, timeout=1.0) as http:
        while True:
            try:
                if (await http.get(f"{url}/api/v1/demo/info")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if loop.time() > deadline:
                raise AssertionError(f"cooptui serve did not answer at {url}")
            await asyncio.sleep(0.2)


async def test_the_tui_logs_in_over_http_and_a_transfer_and_a_bill_move_money_once(
    server: str,
) -> None:
    await wait_for(server)
    backend = HttpBackend.from_options({"url": server})
    app = CoopApp(backend, device=DEVICE, usernames=MemoryStore(), watch_outbox=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, LoginScreen)
                    and app.screen.query_one("#username").has_focus
                ),
            )
            await type_text(pilot, "gsilva")
            await pilot.press("enter")
            await type_text(pilot, "Progreso2024")
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, DeviceRegistrationScreen)
                    and bool(app.screen.query("#continue"))
                ),
            )
            await press_button(pilot, "#continue")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, OtpDialog)
                    and app.screen.query_one("#otp-code").has_focus
                ),
            )
            await type_text(pilot, await latest_sms_code(app))  # the phone, over HTTP
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))
            assert app.session is not None
            assert app.session.profile.full_name == "Gabriel Andrés Silva Mora"

            accounts = await app.backend.accounts()
            savings = next(a for a in accounts if a.type is AccountType.SAVINGS)
            certificates = next(a for a in accounts if a.type is AccountType.SHARE_CERTIFICATES)
            transfers_before = await app.backend.transfers()

            # Transferencias a mis Cuentas, through the screen, as a member does it.
            app.open_section("transf-propias")
            await wait_until(pilot, lambda: isinstance(app.screen, OwnTransferScreen))
            screen = app.screen
            assert isinstance(screen, OwnTransferScreen)
            await wait_until(pilot, lambda: screen.destination_value() == certificates.number)
            screen.query_one("#tf-amount", Input).value = "12.34"
            screen.query_one("#tf-reference", Input).focus()
            await pilot.press("enter")
            await confirm(pilot)
            await type_text(pilot, await latest_sms_code(app))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
            receipt_view = app.screen
            assert isinstance(receipt_view, ReceiptView)
            receipt = receipt_view.receipt
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen)

            after = {a.number: a for a in await app.backend.accounts()}
            assert after[savings.number].ledger_balance == savings.ledger_balance - Decimal("12.34")
            assert after[certificates.number].ledger_balance == (
                certificates.ledger_balance + Decimal("12.34")
            )
            transfers_after = await app.backend.transfers()
            assert len(transfers_after) == len(transfers_before) + 1
            assert receipt.reference in [t.reference for t in transfers_after]

            # Registro de Servicios → Pagar: the manual's CNT bill, $7.13 + $0.31.
            app.open_section("servicios")
            await wait_until(pilot, lambda: isinstance(app.screen, RegisteredServicesScreen))
            services = app.screen
            assert isinstance(services, RegisteredServicesScreen)
            table = services.query_one("#sv-table", DataTable)
            await wait_until(pilot, lambda: table.row_count > 0)
            key = next(k for k, s in services.found.items() if s.service_code == DEMO_CNT_CODE)
            table.focus()
            await wait_until(pilot, lambda: table.has_focus)
            table.move_cursor(row=table.get_row_index(key))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ServicePaymentScreen))
            payment = app.screen
            assert isinstance(payment, ServicePaymentScreen)
            await wait_until(pilot, lambda: payment.chosen_ids() != [])
            await press_button(pilot, "#sp-continue")
            await confirm(pilot)
            await type_text(pilot, await latest_sms_code(app))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is services)
            paid = {a.number: a for a in await app.backend.accounts()}
            assert paid[savings.number].ledger_balance == (
                after[savings.number].ledger_balance - Decimal("7.44")
            )
            history = await app.backend.payment_history(service_code=DEMO_CNT_CODE)
            assert [p.total for p in history][:1] == [Decimal("7.44")]
    finally:
        await backend.aclose()
