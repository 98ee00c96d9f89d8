"""Hostile and careless input on every route of the API: never a server error.

Hypothesis sends random and known-bad values (the attacker's list of the hardening
issue) in paths, queries and bodies, with and without a session, and checks each answer:
below 500, every refusal a problem+json in Spanish, and the books still balanced. New
routes are fuzzed without touching this file (they are read from the app).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, get_args
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from starlette.routing import Mount, Route

from cooptui.backend_stub import ledger
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.server import create_app
from cooptui.domain.operations import Order

ORDER_MODELS = get_args(get_args(Order)[0])
"""Every order model of the contract (the members of the `Order` union)."""

API = "http://cooprogreso.test/api/v1"

EDGE_TEXT = [
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
    "NaN",
    "-1",
    "0",
    str(2**63),
    str(2**64),
    "EXT-" + "9" * 30,
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "Ana\u202eanA",
    "\x1b[31mrojo",
    "a\r\nb",
    "x" * 5000,
    "ñandú",
]
"""Values that broke the API once, or that a careless client sends."""

EDGE_JSON: list[Any] = [
    *EDGE_TEXT,
    True,
    False,
    None,
    0,
    -1,
    2**63,
    2**64,
    -(2**63) - 1,
    1e20,
    5.5,
    [],
    {},
    ["5.00"],
    {"a": {"b": {"c": [1, 2, {"d": None}]}}},
]

QUERY_NAMES = [
    "date_from",
    "date_to",
    "since_id",
    "limit",
    "status",
    "service",
    "name",
    "identification",
    "category_id",
    "biller_id",
    "service_code",
    "owner",
    "target",
    "months",
    "amount",
    "transaction_id",
    "deferrable_only",
    "account_number",
]

ORDER_TEMPLATES: dict[str, dict[str, Any]] = {
    "own_transfer": {"from_account": "410112060750", "to_account": "410212060750"},
    "internal_transfer": {"from_account": "410112060750", "beneficiary_id": 1},
    "interbank_transfer": {"from_account": "410112060750", "beneficiary_id": 2},
    "beneficiary": {
        "service": "interbank",
        "institution_code": "PICHINCHA",
        "account_type": "AHO",
        "account_number": "2200334455",
        "name": "Ana Pérez",
        "id_type": "cedula",
        "identification": "1710034065",
    },
    "service_payment": {
        "from_account": "410112060750",
        "biller_id": "cnt",
        "service_code": "023035471",
        "bill_ids": ["1"],
    },
    "scheduled_payment": {
        "from_account": "410112060750",
        "biller_id": "cnt",
        "service_code": "022870455",
        "max_amount": "40.00",
        "frequency": "monthly",
        "start_date": "2025-01-10",
        "terms_accepted": True,
    },
    "service_registration": {
        "from_account": "410112060750",
        "biller_id": "cnt",
        "service_code": "022870455",
    },
    "card_payment": {"from_account": "410112060750", "card_id": "TC-1", "amount": "10.00"},
    "external_card": {
        "institution_code": "PICHINCHA",
        "card_number": "4111111111111111",
        "holder_name": "Ana Pérez",
        "id_type": "cedula",
        "identification": "1710034065",
    },
    "deferral": {"card_id": "TC-1", "target": "transactions", "months": 3},
    "pin_change": {
        "card_kind": "debit",
        "card_id": "DEB-1",
        "current_pin": "4826",
        "new_pin": "1357",
    },
    "device_registration": {"device_id": "hostile-device-01", "device_name": "Equipo"},
    "enrollment": {
        "id_type": "cedula",
        "identification": "1710034065",
        "device_id": "hostile-device-01",
        "device_name": "Equipo",
    },
    "password_recovery": {
        "username": "gsilva",
        "id_type": "cedula",
        "identification": "1704589124",
    },
    "username_reminder": {"id_type": "cedula", "identification": "1704589124"},
}
"""A plausible order of each kind, so one hostile field gets past the kind's tag."""
for _kind, _fields in ORDER_TEMPLATES.items():
    _fields["kind"] = _kind
    if _kind.endswith("transfer"):
        _fields["amount"] = "10.00"


@dataclass
class Bank:
    core: Core
    client: httpx.AsyncClient
    loop: asyncio.AbstractEventLoop
    routes: list[tuple[str, str]]
    bearer: dict[str, str]
    sent: int = 0

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self.sent += 1
        headers = {"Idempotency-Key": f"hostile-{self.sent}", **kwargs.pop("headers", {})}
        return self.loop.run_until_complete(
            self.client.request(method, path, headers=headers, **kwargs)
        )


def _routes(app: Any) -> list[tuple[str, str]]:
    found = []
    for mount in app.routes:
        assert isinstance(mount, Mount)
        for route in mount.routes:
            assert isinstance(route, Route)
            found += [(method, route.path) for method in sorted(route.methods or ())]
    return [(m, p) for m, p in found if m != "HEAD"]


@pytest.fixture(scope="module")
def bank() -> Iterator[Bank]:
    core = Core.open(":memory:", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    app = create_app(core)
    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=API)
    bank = Bank(core, client, loop, _routes(app), {})
    login = {"username": "gsilva", "password": "Progreso2024", "device_id": "hostile-device-01"}
    token = bank.send("POST", "/sessions", json=login).json()["token"]
    bank.bearer = {"Authorization": f"Bearer {token}"}
    order = ORDER_TEMPLATES["device_registration"]
    challenge = bank.send("POST", "/challenges", json=order, headers=bank.bearer).json()
    sms = bank.send("GET", "/demo/outbox").json()[-1]["body"]
    code = re.search(r"(?<!\d)\d{6}(?!\d)", sms)
    assert code is not None
    confirmed = bank.send(
        "POST",
        f"/challenges/{challenge['id']}/confirmation",
        json={"code": code.group(0)},
        headers=bank.bearer,
    )
    assert confirmed.status_code == 200
    yield bank
    loop.run_until_complete(client.aclose())
    loop.close()
    core.close()


_SPANISH = re.compile(r"[áéíóúñ¿¡]|\b(?:de|la|el|los|las|no|un|una|en|que|tu|se|es|ya)\b", re.I)


def assert_spanish(detail: object) -> None:
    """A message a member can read: some text, in Spanish (an accent or a common word)."""
    assert isinstance(detail, str), detail
    assert detail.strip(), "an empty message"
    assert _SPANISH.search(detail), f"not a Spanish message: {detail!r}"


def check(bank: Bank, response: httpx.Response) -> None:
    """The answer a careless client may get: never a 5xx, every refusal explained."""
    where = f"{response.request.method} {response.request.url}"
    assert response.status_code < 500, (where, response.text[:500])
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json"), where
        problem = response.json()
        assert problem["status"] == response.status_code, where
        assert problem["title"], where
        assert_spanish(problem["detail"])
    with bank.core.db.reading() as conn:
        assert ledger.unbalanced_entries(conn) == [], where
        assert ledger.stale_balances(conn) == [], where


text_values = st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=40))
json_values = st.one_of(
    st.sampled_from(EDGE_JSON),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
        ),
        max_leaves=8,
    ),
)
HOSTILE = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


PATH_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def fill_path(template: str, value: Callable[[], str]) -> str:
    """The route's path with each of its parameters replaced by `value()`, URL-quoted."""
    return PATH_PARAMETER.sub(lambda _: quote(value(), safe=""), template)


@HOSTILE
@given(data=st.data())
def test_any_route_with_any_path_query_and_body(bank: Bank, data: st.DataObject) -> None:
    method, template = data.draw(st.sampled_from(bank.routes), label="route")
    path = fill_path(template, lambda: data.draw(text_values, label="path value"))
    query = data.draw(
        st.dictionaries(st.sampled_from(QUERY_NAMES), text_values, max_size=3), label="query"
    )
    kwargs: dict[str, Any] = {"params": query}
    if method != "GET":
        body = data.draw(json_values, label="body")
        kwargs["content"] = json.dumps(body, ensure_ascii=False).encode()
    if data.draw(st.booleans(), label="with session"):
        kwargs["headers"] = bank.bearer
    check(bank, bank.send(method, path or "/", **kwargs))


@HOSTILE
@given(data=st.data())
def test_an_order_with_one_hostile_field(bank: Bank, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(ORDER_TEMPLATES)), label="kind")
    order = dict(ORDER_TEMPLATES[kind])
    field = data.draw(st.sampled_from([*sorted(order.keys() - {"kind"}), "extra"]), "field")
    order[field] = data.draw(json_values, label="value")
    response = bank.send("POST", "/challenges", json=order, headers=bank.bearer)
    check(bank, response)
    if response.status_code == 201:  # a code was sent: a wrong one must be refused cleanly
        challenge_id = response.json()["id"]
        wrong = bank.send(
            "POST",
            f"/challenges/{challenge_id}/confirmation",
            json={"code": data.draw(text_values, label="code")},
            headers=bank.bearer,
        )
        check(bank, wrong)


def test_non_json_bodies_and_a_large_one(bank: Bank) -> None:
    for content in [b"{", b"[1, 2", b"\xff\xfe", b"null", b"[]", b'"x"', b"{" * 10_000]:
        check(bank, bank.send("POST", "/challenges", content=content, headers=bank.bearer))
    big = json.dumps({"kind": "own_transfer", "reference": "x" * 100_000}).encode()
    answer = bank.send("POST", "/challenges", content=big, headers=bank.bearer)
    check(bank, answer)
    assert answer.status_code == 413


def test_a_declared_oversize_body_is_refused_on_every_route(bank: Bank) -> None:
    """Routes that read no body refuse one announced over the cap too, before any work."""
    big = b"x" * (100 * 1024)
    for method, template in bank.routes:
        path = fill_path(template, lambda: "1")
        answer = bank.send(method, path, content=big, headers=bank.bearer)
        check(bank, answer)
        assert answer.status_code == 413, (method, path, answer.status_code)


def test_every_edge_value_in_every_path_parameter(bank: Bank) -> None:
    """The issue's list, each value in every path parameter of every route (no sampling)."""
    for method, template in bank.routes:
        if "{" not in template:
            continue
        for value in EDGE_TEXT:
            path = fill_path(template, lambda value=value: value)
            check(bank, bank.send(method, path, headers=bank.bearer))


def test_a_trailing_slash_or_an_empty_segment_is_a_404_problem_not_a_redirect(
    bank: Bank,
) -> None:
    for path in ["/accounts/", "/faq/", "/beneficiaries//", "/challenges//confirmation"]:
        answer = bank.send("GET", path, headers=bank.bearer)
        check(bank, answer)
        assert answer.status_code == 404, (path, answer.status_code)


def test_every_order_kind_has_a_template_the_api_takes(bank: Bank) -> None:
    """So that one hostile field is the only thing wrong in what the fuzzing sends."""
    kinds = {get_args(model.model_fields["kind"].annotation)[0] for model in ORDER_MODELS}
    assert kinds == ORDER_TEMPLATES.keys(), "a new order kind needs a template here"
    for order in ORDER_TEMPLATES.values():
        TypeAdapter(Order).validate_python(order)
