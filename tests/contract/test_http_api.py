"""The REST API itself (docs/api.md), as any HTTP client sees it: headers, statuses, problems.

The contract suite proves `HttpBackend` over this API behaves like the in-process bank;
these tests pin the wire rules a client written in another language would rely on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from cooptui.backend.errors import BackendUnavailable
from cooptui.backend.http import HttpBackend
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.server import create_app

API = "http://cooprogreso.test/api/v1"
GABRIEL = {"username": "gsilva", "password": "Progreso2024", "device_id": "api-tests-device-01"}


@pytest.fixture
def core() -> Iterator[Core]:
    bank = Core.open(":memory:", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    yield bank
    bank.close()


@pytest.fixture
async def client(core: Core) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(core))
    async with httpx.AsyncClient(transport=transport, base_url=API) as http:
        yield http


def key(n: int = 1) -> dict[str, str]:
    return {"Idempotency-Key": f"api-test-{n}"}


async def token(client: httpx.AsyncClient) -> str:
    response = await client.post("/sessions", json=GABRIEL, headers=key())
    assert response.status_code == 201
    return str(response.json()["token"])


def assert_problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == kind
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    return problem  # type: ignore[no-any-return]


async def test_every_write_needs_an_idempotency_key(client: httpx.AsyncClient) -> None:
    response = await client.post("/sessions", json=GABRIEL)
    problem = assert_problem(response, 400, "InvalidInput")
    assert problem["field"] == "Idempotency-Key"
    for method, path in [("DELETE", "/sessions/current"), ("POST", "/challenges")]:
        assert_problem(await client.request(method, path), 400, "InvalidInput")


async def test_wrong_password_is_a_401_problem_with_attempts_left(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/sessions", json={**GABRIEL, "password": "Mala1234"}, headers=key()
    )
    problem = assert_problem(response, 401, "InvalidCredentials")
    assert problem["attempts_left"] == 2
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_no_token_is_a_401_session_expired(client: httpx.AsyncClient) -> None:
    response = await client.get("/accounts")
    assert_problem(response, 401, "SessionExpired")
    response = await client.get("/accounts", headers={"Authorization": "Bearer not-a-session"})
    assert_problem(response, 401, "SessionExpired")


async def test_money_is_a_decimal_string_and_time_has_its_offset(
    client: httpx.AsyncClient,
) -> None:
    login = await client.post("/sessions", json=GABRIEL, headers=key())
    assert login.json()["login"]["last_login_at"].endswith("-05:00")
    bearer = {"Authorization": f"Bearer {login.json()['token']}"}
    # A new device: only device registration (and logout) is allowed yet.
    restricted = await client.get("/accounts", headers=bearer)
    assert_problem(restricted, 403, "DeviceNotRegistered")
    catalog = (await client.get("/product-catalog")).json()
    amounts = [p["min_amount"] for p in catalog if p["min_amount"] is not None]
    assert amounts
    assert all(isinstance(a, str) and a.count(".") == 1 for a in amounts)


async def test_a_bad_order_names_its_field_in_spanish(client: httpx.AsyncClient) -> None:
    bearer = {"Authorization": f"Bearer {await token(client)}", **key(2)}
    order = {
        "kind": "own_transfer",
        "from_account": "1",
        "to_account": "2",
        "amount": "10.005",
    }
    problem = assert_problem(
        await client.post("/challenges", json=order, headers=bearer), 422, "InvalidInput"
    )
    assert problem["field"] == "amount"
    assert problem["detail"] == "El monto admite máximo 2 decimales"
    broken = await client.post("/challenges", content=b"{", headers=bearer)
    assert assert_problem(broken, 400, "InvalidInput")["field"] == "body"
    unknown = await client.post("/challenges", json={"kind": "robo"}, headers=bearer)
    assert_problem(unknown, 422, "InvalidInput")


async def test_unknown_paths_and_methods_are_problems(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/no-such-thing"), 404, "NotFound")
    response = await client.patch("/accounts", headers=key())
    assert_problem(response, 405, "BackendError")
    assert "GET" in response.headers["allow"]


async def test_public_reads_need_no_session(client: httpx.AsyncClient) -> None:
    for path in ("/faq", "/contact-channels", "/product-catalog"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.json()


async def test_the_core_runs_off_the_event_loop(
    core: Core, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    faq = core.faq

    def recording_faq() -> Any:
        threads.append(threading.current_thread())
        return faq()

    monkeypatch.setattr(core, "faq", recording_faq)
    assert (await client.get("/faq")).status_code == 200
    assert threads
    assert threads[0] is not threading.current_thread()


async def test_an_internal_error_is_a_500_problem_and_backend_unavailable(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "faq", broken)
    transport = httpx.ASGITransport(app=create_app(core))
    async with httpx.AsyncClient(transport=transport, base_url=API) as http:
        response = await http.get("/faq")
    problem = assert_problem(response, 500, "BackendUnavailable")
    assert "boom" not in problem["detail"]
    backend = HttpBackend.from_options({"url": API.removesuffix("/api/v1"), "transport": transport})
    try:
        with pytest.raises(BackendUnavailable, match="error 500"):
            await backend.faq()
    finally:
        await backend.aclose()


# -- the demo capability -------------------------------------------------------------------------


async def test_demo_routes_exist_only_in_demo_mode(core: Core) -> None:
    for demo, status in ((True, 200), (False, 404)):
        transport = httpx.ASGITransport(app=create_app(core, demo=demo))
        async with httpx.AsyncClient(transport=transport, base_url=API) as http:
            for path in ("/demo/info", "/demo/outbox", "/demo/clock", "/demo/credentials"):
                assert (await http.get(path)).status_code == status


async def test_probe_settles_whether_the_server_offers_demo_controls(core: Core) -> None:
    for demo in (True, False):
        transport = httpx.ASGITransport(app=create_app(core, demo=demo))
        backend = HttpBackend.from_options({"url": "http://bank.test", "transport": transport})
        try:
            assert backend.demo is not None  # unknown yet: offered until the server says no
            assert await backend.probe() is demo
            assert (backend.demo is not None) is demo
        finally:
            await backend.aclose()


async def test_demo_controls_vanish_at_the_first_404(core: Core) -> None:
    transport = httpx.ASGITransport(app=create_app(core, demo=False))
    backend = HttpBackend.from_options({"url": "http://bank.test", "transport": transport})
    try:
        controls = backend.demo
        assert controls is not None
        assert await controls.outbox() == []  # an empty phone, not a crash
        assert backend.demo is None
        assert await controls.demo_credentials() == []
    finally:
        await backend.aclose()


async def test_demo_clock_and_credentials(client: httpx.AsyncClient) -> None:
    now = (await client.get("/demo/clock")).json()["now"]
    assert now.startswith("2024-12-18T13:26:46")
    moved = await client.post("/demo/clock/advance", json={"seconds": 60}, headers=key())
    assert moved.json()["now"].startswith("2024-12-18T13:27:46")
    back = await client.post("/demo/clock/advance", json={"seconds": -1}, headers=key(2))
    assert assert_problem(back, 422, "InvalidInput")["field"] == "seconds"
    credentials = (await client.get("/demo/credentials")).json()
    assert {"username": "gsilva", "password": "Progreso2024"} in credentials


# -- registered services (Registro de Servicios) ---------------------------------------------------


async def active_bearer(client: httpx.AsyncClient) -> dict[str, str]:
    """A complete session: log in, then register the device with the texted code."""
    bearer = {"Authorization": f"Bearer {await token(client)}"}
    order = {
        "kind": "device_registration",
        "device_id": GABRIEL["device_id"],
        "device_name": "Pruebas de la API",
    }
    challenge = await client.post("/challenges", json=order, headers={**bearer, **key(2)})
    assert challenge.status_code == 201
    sms = (await client.get("/demo/outbox")).json()[-1]
    code = re.search(r"(?<!\d)\d{6}(?!\d)", sms["body"])
    assert code
    confirmed = await client.post(
        f"/challenges/{challenge.json()['id']}/confirmation",
        json={"code": code.group(0)},
        headers={**bearer, **key(3)},
    )
    assert confirmed.status_code == 200
    return bearer


async def test_registered_services_list_filter_and_delete(client: httpx.AsyncClient) -> None:
    bearer = await active_bearer(client)
    listed = await client.get("/registered-services", headers=bearer)
    assert listed.status_code == 200
    services = listed.json()
    assert [s["biller_id"] for s in services] == ["eeq", "epmaps", "cnt"]
    cnt = services[-1]
    assert (cnt["service_code"], cnt["alias"], cnt["code_label"]) == (
        "023035471",
        "Teléfono casa",
        "Teléfono/Contrato",
    )
    assert cnt["created_at"].endswith("-05:00")
    by_category = await client.get(
        "/registered-services", params={"category_id": "telefonia"}, headers=bearer
    )
    assert by_category.json() == [cnt]
    by_biller = await client.get(
        "/registered-services", params={"biller_id": "eeq", "category_id": ""}, headers=bearer
    )
    assert by_biller.json() == services[:1]

    deleted = await client.delete(f"/registered-services/{cnt['id']}", headers={**bearer, **key(4)})
    assert deleted.status_code == 204
    assert not deleted.content
    after = (await client.get("/registered-services", headers=bearer)).json()
    assert after == services[:2]
    again = await client.delete(f"/registered-services/{cnt['id']}", headers={**bearer, **key(5)})
    assert "servicio registrado" in assert_problem(again, 404, "NotFound")["detail"]


async def test_registered_services_refuse_bad_parameters_in_spanish(
    client: httpx.AsyncClient,
) -> None:
    assert_problem(await client.get("/registered-services"), 401, "SessionExpired")
    bearer = await active_bearer(client)
    for name in ("category_id", "biller_id"):
        response = await client.get(
            "/registered-services", params={name: "no-existe"}, headers=bearer
        )
        problem = assert_problem(response, 422, "InvalidInput")
        assert problem["field"] == name
        assert problem["detail"].startswith("Selecciona")
    for bad in ("abc", "-1", "1.5", "99999999999999999999999"):
        response = await client.delete(f"/registered-services/{bad}", headers={**bearer, **key(6)})
        problem = assert_problem(response, 404, "NotFound")
        assert problem["detail"].startswith("No encontramos") or "no existe" in problem["detail"]
    missing_key = await client.delete("/registered-services/1", headers=bearer)
    assert assert_problem(missing_key, 400, "InvalidInput")["field"] == "Idempotency-Key"
    assert len((await client.get("/registered-services", headers=bearer)).json()) == 3


async def test_a_service_registration_order_is_checked_field_by_field(
    client: httpx.AsyncClient,
) -> None:
    bearer = {**await active_bearer(client), **key(7)}
    order = {
        "kind": "service_registration",
        "from_account": "410112060750",
        "biller_id": "cnt",
        "service_code": "022870455",
        "alias": "Oficina",
    }
    cases: list[tuple[dict[str, Any], int, str, str]] = [
        ({"alias": "x" * 41}, 422, "InvalidInput", "alias"),
        ({"biller_id": "no-existe"}, 422, "InvalidInput", "biller_id"),
        ({"from_account": "1"}, 422, "InvalidInput", "from_account"),
        ({"service_code": "12"}, 422, "InvalidInput", "service_code"),
        ({"service_code": "023999999"}, 422, "InvalidInput", "service_code"),
        ({"service_code": 22870455}, 422, "InvalidInput", "service_code"),
        ({"service_code": "023035471"}, 409, "Conflict", ""),
    ]
    for change, status, kind, field in cases:
        response = await client.post("/challenges", json={**order, **change}, headers=bearer)
        problem = assert_problem(response, status, kind)
        assert problem.get("field", "") == field, change
    created = await client.post("/challenges", json=order, headers=bearer)
    assert created.status_code == 201
    challenge = created.json()
    assert challenge["order_kind"] == "service_registration"
    assert challenge["amount"] is None
    assert {"label": "Alias", "value": "Oficina"} in challenge["lines"]


async def test_card_statements_and_a_partial_revolving_simulation(
    client: httpx.AsyncClient,
) -> None:
    assert_problem(await client.get("/credit-cards/TC-1/statements"), 401, "SessionExpired")
    bearer = await active_bearer(client)
    response = await client.get("/credit-cards/TC-1/statements", headers=bearer)
    assert response.status_code == 200
    (statement,) = response.json()
    assert (statement["closed_on"], statement["due_date"]) == ("2024-12-20", "2025-01-02")
    assert (statement["balance"], statement["minimum_payment"]) == ("1538.14", "708.63")
    assert (statement["status"], statement["paid"], statement["deferred"]) == (
        "pendiente",
        "0.00",
        "0.00",
    )
    simulation = "/credit-cards/TC-1/deferral-simulation"
    part = await client.get(
        simulation, params={"target": "revolving", "months": 6, "amount": "500.00"}, headers=bearer
    )
    assert part.status_code == 200
    assert part.json()["principal"] == "500.00"
    for bad in ("abc", "10.005", "1538.15", "49.99"):
        response = await client.get(
            simulation, params={"target": "revolving", "months": 6, "amount": bad}, headers=bearer
        )
        assert assert_problem(response, 422, "InvalidInput")["field"] == "amount", bad


async def test_a_product_request_is_checked_field_by_field(client: httpx.AsyncClient) -> None:
    """A plazo is a JSON integer (never "12", 12.0 or true), a product without an amount
    range takes no amount, and a used key with other data is not a retry."""
    bearer = await active_bearer(client)
    request = {
        "product_id": "credito-consumo",
        "amount": "5000.00",
        "term": 24,
        "contact_phone": "0991112233",
    }
    cases: list[tuple[dict[str, Any], str]] = [
        ({"term": "24"}, "term"),
        ({"term": 24.0}, "term"),
        ({"term": True}, "term"),
        ({"term": 61}, "term"),
        ({"term": None}, "term"),
        ({"amount": 5000}, "amount"),
        ({"amount": "1e3"}, "amount"),
        ({"product_id": "cuenta-ahorros", "term": None}, "amount"),
    ]
    for n, (change, field) in enumerate(cases):
        response = await client.post(
            "/product-requests", json={**request, **change}, headers={**bearer, **key(100 + n)}
        )
        assert assert_problem(response, 422, "InvalidInput")["field"] == field, change
    assert (await client.get("/product-requests", headers=bearer)).json() == []
    first = await client.post("/product-requests", json=request, headers={**bearer, **key(1)})
    assert first.status_code == 201
    again = await client.post("/product-requests", json=request, headers={**bearer, **key(1)})
    assert again.json() == first.json()
    other = await client.post(
        "/product-requests", json={**request, "term": 36}, headers={**bearer, **key(1)}
    )
    assert first.json()["reference"] in assert_problem(other, 409, "Conflict")["detail"]
    assert len((await client.get("/product-requests", headers=bearer)).json()) == 1


# -- hostile input: every refusal a Spanish 4xx, never a server error ------------------------

LOOSE_AMOUNTS: list[Any] = [
    "",
    " ",
    "abc",
    "5,00",
    "$5",
    "--5",
    "0x10",
    "5\x00",
    "٥",
    "1e26",
    "1e309",
    "1" + "0" * 100,
    "+5",
    "5e0",
    "1E+2",
    ".5",
    "1.",
    "Infinity",
    5,
    5.5,
    True,
    None,
    ["5.00"],
]
"""What docs/api.md's "decimal string with two places" excludes."""

HUGE = str(2**63)
"""One past SQLite's largest integer."""


async def own_accounts(client: httpx.AsyncClient, bearer: dict[str, str]) -> dict[str, str]:
    accounts = (await client.get("/accounts", headers=bearer)).json()
    return {a["type"]: a["number"] for a in accounts}


async def test_an_amount_is_a_plain_decimal_string_or_a_spanish_422(
    client: httpx.AsyncClient,
) -> None:
    bearer = await active_bearer(client)
    accounts = await own_accounts(client, bearer)
    order = {
        "kind": "own_transfer",
        "from_account": accounts["AHO"],
        "to_account": accounts["CERT"],
    }
    for n, amount in enumerate(LOOSE_AMOUNTS):
        response = await client.post(
            "/challenges", json={**order, "amount": amount}, headers={**bearer, **key(100 + n)}
        )
        problem = assert_problem(response, 422, "InvalidInput")
        assert problem["field"] == "amount", amount
    good = await client.post(
        "/challenges", json={**order, "amount": "5.00"}, headers={**bearer, **key(99)}
    )
    assert good.status_code == 201


async def test_ids_beyond_64_bits_are_no_resource_and_bad_integers_are_422(
    client: httpx.AsyncClient,
) -> None:
    bearer = {**await active_bearer(client), **key(3)}
    for method, path in [
        ("PUT", f"/beneficiaries/{HUGE}"),
        ("DELETE", f"/beneficiaries/{HUGE}"),
        ("DELETE", f"/registered-services/{HUGE}"),
        ("POST", f"/scheduled-payments/{HUGE}/cancellation"),
        ("DELETE", f"/payable-cards/EXT-{HUGE}0"),
    ]:
        response = await client.request(method, path, headers=bearer, json={})
        assert_problem(response, 404, "NotFound")
    outbox = await client.get("/demo/outbox", params={"since_id": HUGE + "0"})
    assert assert_problem(outbox, 422, "InvalidInput")["field"] == "since_id"
    accounts = await own_accounts(client, bearer)
    transfer = {
        "kind": "internal_transfer",
        "from_account": accounts["AHO"],
        "amount": "5.00",
    }
    deferral = {"kind": "deferral", "card_id": "1", "target": "transactions", "months": 3}
    for body, field in [
        ({**transfer, "beneficiary_id": int(HUGE)}, "beneficiary_id"),
        ({**transfer, "beneficiary_id": True}, "beneficiary_id"),
        ({**transfer, "beneficiary_id": "1"}, "beneficiary_id"),
        ({**deferral, "months": True}, "months"),
        ({**deferral, "transaction_ids": [int(HUGE)]}, "transaction_ids.0"),
    ]:
        response = await client.post("/challenges", json=body, headers=bearer)
        assert assert_problem(response, 422, "InvalidInput")["field"] == field, body
    advance = await client.post("/demo/clock/advance", json={"seconds": True}, headers=key(4))
    assert assert_problem(advance, 422, "InvalidInput")["field"] == "seconds"


async def test_movements_up_to_the_end_of_time_are_those_up_to_today(
    client: httpx.AsyncClient,
) -> None:
    bearer = await active_bearer(client)
    number = (await own_accounts(client, bearer))["AHO"]
    path = f"/accounts/{number}/movements"
    far = await client.get(path, params={"date_to": "9999-12-31"}, headers=bearer)
    assert far.status_code == 200
    assert far.json() == (await client.get(path, headers=bearer)).json()
    early = await client.get(path, params={"date_from": "0001-01-01"}, headers=bearer)
    assert early.status_code == 200


async def test_a_huge_scheduled_maximum_is_refused_at_begin_before_any_code(
    client: httpx.AsyncClient,
) -> None:
    bearer = {**await active_bearer(client), **key(5)}
    scheduled = (await client.get("/scheduled-payments", headers=bearer)).json()[0]
    accounts = await own_accounts(client, bearer)
    sent = len((await client.get("/demo/outbox")).json())
    for maximum in ["100000000000000000000", "1000000.01"]:
        order = {
            "kind": "scheduled_payment",
            "from_account": accounts["AHO"],
            "biller_id": "cnt",
            "service_code": "022870455",
            "max_amount": maximum,
            "frequency": scheduled["frequency"],
            "start_date": "2025-01-10",
            "terms_accepted": True,
        }
        response = await client.post("/challenges", json=order, headers=bearer)
        problem = assert_problem(response, 422, "InvalidInput")
        assert (problem["field"], problem["detail"]) == (
            "max_amount",
            "El monto no puede superar $1,000,000.00",
        )
    assert len((await client.get("/demo/outbox")).json()) == sent


async def test_a_body_over_64_kib_is_refused_unread_with_413(client: httpx.AsyncClient) -> None:
    bearer = {**await active_bearer(client), **key(6)}
    padding = "x" * (65 * 1024)
    declared = await client.post(
        "/challenges", json={"kind": "own_transfer", "reference": padding}, headers=bearer
    )
    assert assert_problem(declared, 413, "InvalidInput")["field"] == "body"

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(70):
            yield b" " * 1024

    streamed = await client.post("/challenges", content=chunks(), headers=bearer)
    assert_problem(streamed, 413, "InvalidInput")


async def test_every_answer_says_no_store_and_nosniff(client: httpx.AsyncClient) -> None:
    answers = [
        await client.get("/faq"),
        await client.get("/accounts"),
        await client.get("/no-such-thing"),
        await client.post("/sessions", json=GABRIEL, headers=key()),
    ]
    assert [a.status_code for a in answers] == [200, 401, 404, 201]
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-content-type-options"] == "nosniff"


async def test_a_server_for_this_machine_refuses_requests_addressed_elsewhere(core: Core) -> None:
    app = create_app(core, hosts=frozenset({"127.0.0.1", "localhost", "::1"}))
    transport = httpx.ASGITransport(app=app)
    for base, status in [
        ("http://127.0.0.1:8765", 200),
        ("http://localhost:8765", 200),
        ("http://[::1]:8765", 200),
        ("http://rebind.attacker.example:8765", 421),
    ]:
        async with httpx.AsyncClient(transport=transport, base_url=base + "/api/v1") as http:
            answer = await http.get("/demo/outbox")
        assert answer.status_code == status, base
    assert "este equipo" in answer.json()["detail"]
