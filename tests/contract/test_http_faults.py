"""`HttpBackend` when the network misbehaves: lost answers, timeouts, garbage, 5xx, 401.

A transport wrapper sits between the adapter and the in-process server and injects the
fault planned for a path: before the request reaches the server (nothing happened at
the bank) or after the server answered (the bank committed, the answer is lost).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from cooptui.backend.errors import BackendUnavailable, SessionExpired
from cooptui.backend.http import HttpBackend
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.server import create_app
from cooptui.domain.operations import OwnTransferOrder, Receipt
from cooptui.domain.products import Account, AccountType
from tests.contract.conftest import assert_spanish, latest_code, login_full

Fault = Callable[[httpx.Request, httpx.AsyncBaseTransport], Awaitable[httpx.Response]]


async def timeout_before(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> httpx.Response:
    """The request never reaches the server."""
    raise httpx.ConnectTimeout("timed out", request=request)


async def timeout_after(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> httpx.Response:
    """The server executes and answers; the answer is lost on the way back."""
    response = await inner.handle_async_request(request)
    await response.aread()
    raise httpx.ReadTimeout("timed out", request=request)


async def dropped_after(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> httpx.Response:
    response = await inner.handle_async_request(request)
    await response.aread()
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def answer(status: int, body: bytes, content_type: str = "text/html") -> Fault:
    async def fault(request: httpx.Request, inner: httpx.AsyncBaseTransport) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": content_type})

    return fault


class FaultyTransport(httpx.AsyncBaseTransport):
    """Passes requests to `inner`, except those that meet a planned fault."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.planned: list[tuple[str, str, Fault]] = []
        self.requests: list[httpx.Request] = []

    def plan(self, method: str, path_end: str, *faults: Fault) -> None:
        """The next requests `method` …`path_end` meet `faults`, one each, in order."""
        self.planned += [(method, path_end, fault) for fault in faults]

    def to(self, method: str, path_end: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path.endswith(path_end)]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for index, (method, path_end, fault) in enumerate(self.planned):
            if request.method == method and request.url.path.endswith(path_end):
                del self.planned[index]
                return await fault(request, self.inner)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def core() -> Iterator[Core]:
    bank = Core.open(":memory:", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    yield bank
    bank.close()


@pytest.fixture
def wire(core: Core) -> FaultyTransport:
    return FaultyTransport(httpx.ASGITransport(app=create_app(core)))


@pytest.fixture
async def backend(wire: FaultyTransport) -> AsyncIterator[HttpBackend]:
    bank = HttpBackend.from_options({"url": "http://cooprogreso.test", "transport": wire})
    yield bank
    await bank.aclose()


async def savings(backend: HttpBackend) -> Account:
    return next(a for a in await backend.accounts() if a.type is AccountType.SAVINGS)


async def own_transfer(backend: HttpBackend, amount: str = "10.00") -> OwnTransferOrder:
    accounts = await backend.accounts()
    aho = next(a for a in accounts if a.type is AccountType.SAVINGS)
    cert = next(a for a in accounts if a.type is AccountType.SHARE_CERTIFICATES)
    return OwnTransferOrder(from_account=aho.number, to_account=cert.number, amount=Decimal(amount))


async def log_in(backend: HttpBackend, wire: FaultyTransport) -> None:
    """Log in (registering the device) and forget those requests: tests count their own."""
    await login_full(backend)
    wire.requests.clear()


def keys(requests: list[httpx.Request]) -> list[str]:
    return [r.headers["Idempotency-Key"] for r in requests]


# -- confirm: retried once with the same key ----------------------------------------------------


async def test_timeout_before_the_bank_got_the_confirm_is_retried_and_moves_money_once(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    before = await savings(backend)
    challenge = await backend.begin(await own_transfer(backend))
    code = await latest_code(backend)
    wire.plan("POST", "/confirmation", timeout_before)
    receipt = await backend.confirm(challenge.id, code)
    assert isinstance(receipt, Receipt)
    sent = wire.to("POST", f"/challenges/{challenge.id}/confirmation")
    assert len(sent) == 2
    assert len(set(keys(sent))) == 1, "the retry must carry the same Idempotency-Key"
    after = await savings(backend)
    assert after.ledger_balance == before.ledger_balance - Decimal("10.00")


async def test_answer_lost_after_the_bank_committed_returns_the_stored_receipt(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    before = await savings(backend)
    transfers_before = await backend.transfers()
    challenge = await backend.begin(await own_transfer(backend))
    code = await latest_code(backend)
    wire.plan("POST", "/confirmation", timeout_after)
    receipt = await backend.confirm(challenge.id, code)
    sent = wire.to("POST", "/confirmation")
    assert len(sent) == 2
    assert len(set(keys(sent))) == 1
    after = await savings(backend)
    assert after.ledger_balance == before.ledger_balance - Decimal("10.00")  # once, not twice
    transfers_after = await backend.transfers()
    assert len(transfers_after) == len(transfers_before) + 1
    assert [t.reference for t in transfers_after].count(receipt.reference) == 1


async def test_dropped_connection_after_commit_is_retried_with_the_callers_key(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    before = await savings(backend)
    challenge = await backend.begin(await own_transfer(backend, "7.00"))
    code = await latest_code(backend)
    wire.plan("POST", "/confirmation", dropped_after)
    receipt = await backend.confirm(challenge.id, code, idempotency_key="my-key-123")
    assert keys(wire.to("POST", "/confirmation")) == ["my-key-123", "my-key-123"]
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("7.00")
    # The member's own retry later (same key) is the same receipt, and moves nothing.
    again = await backend.confirm(challenge.id, code, idempotency_key="my-key-123")
    assert again == receipt
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("7.00")


async def test_confirm_gives_up_after_one_retry_and_says_to_check_the_movements(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    challenge = await backend.begin(await own_transfer(backend))
    code = await latest_code(backend)
    wire.plan("POST", "/confirmation", timeout_after, timeout_after)
    with pytest.raises(BackendUnavailable) as info:
        await backend.confirm(challenge.id, code)
    assert len(wire.to("POST", "/confirmation")) == 2  # bounded: one retry only
    assert "movimientos" in info.value.message
    assert_spanish(info.value.message)


async def test_every_confirm_gets_its_own_key_when_the_caller_gives_none(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    for amount in ("1.00", "2.00"):
        challenge = await backend.begin(await own_transfer(backend, amount))
        await backend.confirm(challenge.id, await latest_code(backend))
    sent = keys(wire.to("POST", "/confirmation"))
    assert len(sent) == 2
    assert len(set(sent)) == 2


async def test_product_request_retried_after_a_lost_answer_is_one_request(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    offer = (await backend.product_catalog())[0]
    before = await backend.product_requests()
    wire.plan("POST", "/product-requests", timeout_after)
    request = await backend.request_product(
        offer.id,
        amount=str(offer.min_amount) if offer.min_amount is not None else None,
        contact_phone="0991112233",
    )
    after = await backend.product_requests()
    assert len(after) == len(before) + 1
    assert request.reference in [r.reference for r in after]


async def test_reads_and_other_writes_are_not_retried(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    await log_in(backend, wire)
    wire.plan("GET", "/accounts", timeout_before)
    with pytest.raises(BackendUnavailable) as info:
        await backend.accounts()
    assert len(wire.to("GET", "/accounts")) == 1
    assert_spanish(info.value.message)
    wire.plan("POST", "/challenges", timeout_before)
    with pytest.raises(BackendUnavailable):
        await backend.begin(await own_transfer(backend))
    assert len(wire.to("POST", "/challenges")) == 1


# -- the network and the server failing --------------------------------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_backend_unavailable_with_the_address() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    backend = HttpBackend.from_options({"url": url, "connect_timeout": 2, "read_timeout": 2})
    try:
        with pytest.raises(BackendUnavailable) as info:
            await backend.faq()
        assert url in info.value.message
        assert_spanish(info.value.message)
        with pytest.raises(BackendUnavailable):
            await backend.probe()
        with pytest.raises(BackendUnavailable) as confirming:
            await backend.confirm("any-challenge", "123456")
        assert "movimientos" in confirming.value.message
    finally:
        await backend.aclose()


@pytest.mark.parametrize(
    "fault",
    [
        answer(200, b"<html><body>Bienvenido al portal</body></html>"),
        answer(200, b'{"unexpected": true}', "application/json"),
        answer(200, b"[{]", "application/json"),
    ],
    ids=["html", "wrong-shape", "broken-json"],
)
async def test_garbage_body_is_backend_unavailable(
    backend: HttpBackend, wire: FaultyTransport, fault: Fault
) -> None:
    wire.plan("GET", "/faq", fault)
    with pytest.raises(BackendUnavailable) as info:
        await backend.faq()
    assert "entender" in info.value.message
    assert_spanish(info.value.message)


@pytest.mark.parametrize(
    "fault",
    [
        answer(500, b"Internal Server Error", "text/plain"),
        answer(502, b"<html>Bad Gateway</html>"),
        answer(503, b'{"type": "NotFound", "status": 503}', "application/problem+json"),
    ],
    ids=["500", "502-proxy", "503-odd-problem"],
)
async def test_server_errors_are_backend_unavailable(
    backend: HttpBackend, wire: FaultyTransport, fault: Fault
) -> None:
    wire.plan("GET", "/faq", fault)
    with pytest.raises(BackendUnavailable) as info:
        await backend.faq()
    assert "error 5" in info.value.message
    assert_spanish(info.value.message)


async def test_a_page_that_is_not_the_bank_is_backend_unavailable(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    wire.plan("GET", "/faq", answer(404, b"<html>Not Found</html>"))
    with pytest.raises(BackendUnavailable) as info:
        await backend.faq()
    assert "cooprogreso.test" in info.value.message


# -- sessions ----------------------------------------------------------------------------------


async def test_401_after_the_idle_timeout_is_session_expired_and_the_token_is_dropped(
    backend: HttpBackend, wire: FaultyTransport, core: Core
) -> None:
    await log_in(backend, wire)
    core.clock.advance(timedelta(minutes=5, seconds=1))  # the member stays idle at the bank
    with pytest.raises(SessionExpired) as info:
        await backend.accounts()
    assert_spanish(info.value.message)
    assert "inactividad" in info.value.message
    with pytest.raises(SessionExpired):
        await backend.profile()
    assert "Authorization" not in wire.requests[-1].headers


async def test_a_bare_401_is_session_expired(backend: HttpBackend, wire: FaultyTransport) -> None:
    await log_in(backend, wire)
    wire.plan("GET", "/accounts", answer(401, b"", "text/plain"))
    with pytest.raises(SessionExpired):
        await backend.accounts()


async def test_the_token_is_replaced_at_login_and_dropped_at_logout(
    backend: HttpBackend, wire: FaultyTransport
) -> None:
    def bearer() -> str | None:
        return wire.requests[-1].headers.get("Authorization")

    await log_in(backend, wire)
    await backend.profile()
    first = bearer()
    assert first is not None
    assert first.startswith("Bearer ")
    assert len(first.removeprefix("Bearer ")) >= 43  # 256 random bits, URL-safe
    await backend.logout()
    assert wire.requests[-1].method == "DELETE"
    assert bearer() == first  # the logout itself tells the bank which session ends
    with pytest.raises(SessionExpired):
        await backend.profile()
    assert bearer() is None
    await log_in(backend, wire)
    await backend.profile()
    assert bearer() not in (None, first)
