"""The backend contract suite: fixtures and helpers shared by every adapter.

Tests use only the `Backend` interface and its optional demo controls (`backend.demo`),
reading OTP codes and e-mails from the demo outbox the way a member reads their phone
and mailbox. To run the suite against another adapter, add one line to `ADAPTERS`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cooptui.backend.errors import BackendError
from cooptui.backend.protocol import Backend, DemoControls
from cooptui.domain.auth import LoginResult, LoginStatus, MessageChannel, OutboxMessage
from cooptui.domain.operations import Challenge, DeviceRegistrationOrder, Order, Receipt
from tests.contract.wire_checks import StrictJsonTransport

DEVICE_ID = "contract-suite-device-0001"
DEVICE_NAME = "Terminal de pruebas"

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_SPANISH_WORDS = frozenset(
    [
        "de",
        "la",
        "el",
        "los",
        "las",
        "tu",
        "su",
        "no",
        "es",
        "un",
        "una",
        "en",
        "ya",
        "se",
        "que",
        "para",
        "por",
        "con",
        "del",
        "al",
        "te",
        "debes",
        "ingresa",
        "intenta",
        "solicita",
    ]
)


def _sim_backend() -> Backend:
    from cooptui.backend_stub.adapter import SimBackend
    from cooptui.backend_stub.clock import MANUAL_DATE

    return SimBackend.from_options(
        {"fresh": True, "date": MANUAL_DATE, "frozen": True, "scrypt_n": 1024}
    )


def _http_backend() -> Backend:
    """`HttpBackend` over the REST API of a fresh core, in process (no sockets)."""
    import httpx

    from cooptui.backend.http import HttpBackend
    from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
    from cooptui.backend_stub.core import Core
    from cooptui.backend_stub.server import create_app

    core = Core.open(":memory:", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    transport = StrictJsonTransport(httpx.ASGITransport(app=create_app(core)), closing=core.close)
    return HttpBackend.from_options({"url": "http://cooprogreso.test", "transport": transport})


BackendFactory = Callable[[], "Backend | Awaitable[Backend]"]

ADAPTERS: list[Any] = [
    pytest.param(_sim_backend, id="sim"),
    pytest.param(_http_backend, id="http"),
]
"""Factories of fresh, seeded backends with a frozen clock at the manual's date."""


@pytest.fixture(params=ADAPTERS)
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    factory: BackendFactory = request.param
    made = factory()
    bank: Backend = await made if inspect.isawaitable(made) else made
    try:
        yield bank
    finally:
        await bank.aclose()


# -- demo controls: the member's phone and mailbox -----------------------------------------


def demo(backend: Backend) -> DemoControls:
    controls = backend.demo
    assert controls is not None, "the contract suite needs the adapter's demo controls"
    assert isinstance(controls, DemoControls)
    return controls


async def last_message_id(backend: Backend) -> int:
    messages = await demo(backend).outbox()
    return messages[-1].id if messages else 0


async def sms_since(backend: Backend, since_id: int = 0) -> list[OutboxMessage]:
    return [m for m in await demo(backend).outbox(since_id) if m.channel is MessageChannel.SMS]


async def emails_since(backend: Backend, since_id: int = 0) -> list[OutboxMessage]:
    return [m for m in await demo(backend).outbox(since_id) if m.channel is MessageChannel.EMAIL]


async def latest_sms(backend: Backend) -> OutboxMessage:
    texts = await sms_since(backend)
    assert texts, "no SMS was sent"
    return texts[-1]


async def latest_code(backend: Backend) -> str:
    """The 6-digit code of the last SMS the bank sent."""
    sms = await latest_sms(backend)
    match = _CODE.search(sms.body)
    assert match, f"the SMS carries no 6-digit code: {sms.body!r}"
    return match.group(1)


def wrong_code(code: str) -> str:
    """A well-formed code that is certainly not `code`."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# -- sessions and two-phase operations -------------------------------------------------------


async def demo_credentials(backend: Backend) -> list[tuple[str, str]]:
    credentials = await demo(backend).demo_credentials()
    assert credentials, "the demo bank has no demo members"
    return credentials


async def confirm_order(backend: Backend, order: Order) -> Receipt:
    """begin + read the SMS + confirm: a two-phase operation as a member completes it."""
    challenge: Challenge = await backend.begin(order)
    return await backend.confirm(challenge.id, await latest_code(backend))


async def login_full(
    backend: Backend, credentials: tuple[str, str] | None = None, device_id: str = DEVICE_ID
) -> LoginResult:
    """Log in as the first demo member and register the device when asked to."""
    username, password = credentials or (await demo_credentials(backend))[0]
    result = await backend.login(username, password, device_id)
    if result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED:
        await confirm_order(
            backend, DeviceRegistrationOrder(device_id=device_id, device_name=DEVICE_NAME)
        )
    else:
        assert result.status is LoginStatus.OK, result.status
    return result


# -- typed errors ---------------------------------------------------------------------------


def assert_spanish(text: str) -> None:
    words = set(re.findall(r"[a-záéíóúñü]+", text.lower()))
    assert text.strip(), "empty message"
    assert words & _SPANISH_WORDS, f"not a Spanish message: {text!r}"


@contextmanager
def expect(
    error: type[BackendError] | tuple[type[BackendError], ...], **attributes: Any
) -> Iterator[pytest.ExceptionInfo[BackendError]]:
    """pytest.raises for backend errors: also checks the Spanish message and attributes."""
    with pytest.raises(error) as info:
        yield info
    raised = info.value
    assert isinstance(raised, BackendError)
    assert raised.message == str(raised)
    assert_spanish(raised.message)
    for name, value in attributes.items():
        assert getattr(raised, name) == value, (name, getattr(raised, name), value)
