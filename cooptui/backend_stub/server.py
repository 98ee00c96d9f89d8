"""The simulated core served as the REST API of docs/api.md (Starlette, ASGI).

`create_app(core)` is what `cooptui serve` runs under uvicorn and what the contract
suite reaches through `httpx.ASGITransport`. The core is synchronous (SQLite): every
call runs in Starlette's threadpool, so the event loop keeps serving while it works.
The server keeps no state of its own: the bearer token is the core's session token,
passed through, and an `Idempotency-Key` becomes the core's idempotency key.
Only this module and `cooptui serve` import Starlette (the optional `server` extra).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pydantic_core
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cooptui.backend.errors import (
    BackendError,
    BackendUnavailable,
    InvalidInput,
    NotFound,
    TooManyRequests,
)
from cooptui.backend.wire import (
    API_PREFIX,
    IDEMPOTENCY_HEADER,
    MAX_IDEMPOTENCY_KEY,
    PROBLEM_JSON,
    AdvanceRequest,
    BeneficiaryUpdate,
    ClockResponse,
    ConfirmRequest,
    DemoCredential,
    DemoInfo,
    LoginRequest,
    LoginResponse,
    MessageResponse,
    PasswordChangeRequest,
    ProductRequestBody,
    StatusResponse,
)
from cooptui.backend_stub.core import Core
from cooptui.domain.cards import CardKind, DeferralTarget, PayableCardOwner
from cooptui.domain.money import Amount
from cooptui.domain.operations import Order
from cooptui.domain.transfers import BeneficiaryService, TransferStatus

log = logging.getLogger("cooptui.server")

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Enum)
Handler = Callable[[Request], Awaitable[Any]]

_ORDER = TypeAdapter(Order)
_JSON = "application/json"
_WWW_AUTHENTICATE = 'Bearer realm="cooprogreso"'
MAX_BODY = 64 * 1024
"""The largest request body read (bytes); every body of docs/api.md is far smaller."""
_INTEGER = re.compile(r"-?[0-9]{1,18}")
"""An integer in a query or a path: ASCII digits that fit 64 bits (SQLite's integer)."""
_INTERNAL = "Tuvimos un problema interno al atender tu solicitud. Inténtalo en unos minutos."


def open_core(options: Mapping[str, Any]) -> Core:
    """The bank `cooptui serve` serves, opened exactly as the in-process adapter opens it."""
    from cooptui.backend_stub.adapter import SimBackend

    return SimBackend.from_options(options).core


# -- problems (RFC 9457) ---------------------------------------------------------------------


def problem_response(
    error: BackendError, status: int | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """The typed error as problem+json; `type` is its class name (see `error_from_problem`)."""
    body = error.to_problem()
    if status is not None:
        body["status"] = status
    headers = dict(headers or {})
    if body["status"] == 401:
        headers["WWW-Authenticate"] = _WWW_AUTHENTICATE
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=body["status"],
        media_type=PROBLEM_JSON,
        headers=headers,
    )


class _Refused(Exception):
    """A request refused before it reaches the core, with its own status (400, 422)."""

    def __init__(self, error: BackendError, status: int) -> None:
        super().__init__(error.message)
        self.error = error
        self.status = status


def _invalid(exc: ValidationError, *, skip_tag: bool = False) -> _Refused:
    """A pydantic refusal as `InvalidInput` naming the first bad field, in Spanish."""
    first = exc.errors(include_url=False)[0]
    if first["type"] == "json_invalid":
        return _Refused(InvalidInput("body", "El cuerpo de la solicitud no es JSON válido."), 400)
    loc = [str(part) for part in first["loc"]]
    if skip_tag and len(loc) > 1 and not first["type"].startswith("union_tag"):
        loc = loc[1:]  # ("own_transfer", "amount"): the order's kind, then its field
    field = ".".join(loc) or "body"
    message = str(first.get("msg", ""))
    if message.startswith("Value error, "):  # our validators already speak Spanish
        message = message.removeprefix("Value error, ")
    else:
        message = f"El dato «{field}» no es válido."
    return _Refused(InvalidInput(field, message), 422)


class _IdConvertor(Convertor[int]):
    """`{x:id}` in a path: an id of at most 18 digits; a longer one is no resource (404)."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", _IdConvertor())


# -- reading requests -----------------------------------------------------------------------------


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _idempotency_key(request: Request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        raise _Refused(
            InvalidInput(IDEMPOTENCY_HEADER, "Falta la cabecera Idempotency-Key en la solicitud."),
            400,
        )
    if len(key) > MAX_IDEMPOTENCY_KEY or not key.isascii() or not key.isprintable():
        raise _Refused(
            InvalidInput(IDEMPOTENCY_HEADER, "La cabecera Idempotency-Key no es válida."), 400
        )
    return key


def _too_large() -> _Refused:
    message = f"La solicitud es demasiado grande (máximo {MAX_BODY // 1024} KB)."
    return _Refused(InvalidInput("body", message), 413)


async def _raw_body(request: Request) -> bytes:
    """The body, read only up to `MAX_BODY`: a 50 MB upload is refused, never parsed."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def _body(request: Request, model: type[M]) -> M:
    try:
        return model.model_validate_json(await _raw_body(request))
    except ValidationError as exc:
        raise _invalid(exc) from None


async def _order(request: Request) -> Order:
    try:
        return _ORDER.validate_json(await _raw_body(request))
    except ValidationError as exc:
        raise _invalid(exc, skip_tag=True) from None


def _query(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    return value if value not in (None, "") else None


def _query_date(request: Request, name: str) -> date | None:
    value = _query(request, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(InvalidInput(name, "La fecha no es válida (AAAA-MM-DD)."), 422) from None


def _query_int(request: Request, name: str, default: int) -> int:
    value = _query(request, name)
    if value is None:
        return default
    if not _INTEGER.fullmatch(value):
        raise _Refused(InvalidInput(name, "Se esperaba un número entero."), 422)
    return int(value)


def _query_amount(request: Request, name: str) -> Decimal | None:
    """An optional amount: a decimal string with at most two places ("150.00")."""
    value = _query(request, name)
    if value is None:
        return None
    try:
        return TypeAdapter(Amount).validate_python(value)
    except (ValidationError, ArithmeticError):  # "abc": Amount's validator raises InvalidOperation
        raise _Refused(
            InvalidInput(name, "Ingresa un monto válido, por ejemplo 150.00."), 422
        ) from None


def _query_bool(request: Request, name: str) -> bool:
    value = (_query(request, name) or "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise _Refused(InvalidInput(name, "Se esperaba true o false."), 422)
    return value in ("true", "1")


def _query_enum(request: Request, name: str, kind: type[E]) -> E | None:
    value = _query(request, name)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise _Refused(InvalidInput(name, f"El valor «{value}» no es válido."), 422) from None


def _path_enum(request: Request, name: str, kind: type[E]) -> E:
    try:
        return kind(request.path_params[name])
    except ValueError:
        raise NotFound() from None


# -- the endpoints ---------------------------------------------------------------------------------


class _Api:
    """One method per resource and verb; each returns a model (200/201) or None (204)."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def _run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(fn, *args, **kwargs)

    async def _authed(
        self, request: Request, fn: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        """A core call on behalf of the bearer's session (the core checks it)."""
        return await run_in_threadpool(fn, _bearer(request), *args, **kwargs)

    # -- session -----------------------------------------------------------------------------
    async def login(self, r: Request) -> LoginResponse:
        body = await _body(r, LoginRequest)
        token, result = await self._run(
            self.core.login, body.username, body.password, body.device_id
        )
        return LoginResponse(token=token, login=result)

    async def logout(self, r: Request) -> None:
        await self._run(self.core.logout, _bearer(r))

    async def change_password(self, r: Request) -> StatusResponse:
        body = await _body(r, PasswordChangeRequest)
        status = await self._authed(
            r, self.core.change_password, body.current_password, body.new_password
        )
        return StatusResponse(status=status)

    async def profile(self, r: Request) -> Any:
        return await self._authed(r, self.core.profile)

    # -- two-phase -----------------------------------------------------------------------------
    async def begin(self, r: Request) -> Any:
        return await self._authed(r, self.core.begin, await _order(r))

    async def confirm(self, r: Request) -> Any:
        body = await _body(r, ConfirmRequest)
        return await self._authed(
            r, self.core.confirm, r.path_params["challenge_id"], body.code, _idempotency_key(r)
        )

    async def resend(self, r: Request) -> Any:
        return await self._authed(r, self.core.resend, r.path_params["challenge_id"])

    async def cancel(self, r: Request) -> None:
        await self._authed(r, self.core.cancel, r.path_params["challenge_id"])

    # -- products --------------------------------------------------------------------------------
    async def product_summary(self, r: Request) -> Any:
        return await self._authed(r, self.core.product_summary)

    async def accounts(self, r: Request) -> Any:
        return await self._authed(r, self.core.accounts)

    async def account_share(self, r: Request) -> Any:
        return await self._authed(r, self.core.account_share, r.path_params["number"])

    async def movements(self, r: Request) -> Any:
        return await self._authed(
            r,
            self.core.movements,
            r.path_params["number"],
            _query_date(r, "date_from"),
            _query_date(r, "date_to"),
        )

    async def last_movements(self, r: Request) -> Any:
        return await self._authed(
            r, self.core.last_movements, r.path_params["number"], _query_int(r, "limit", 10)
        )

    async def holds(self, r: Request) -> Any:
        return await self._authed(r, self.core.holds, r.path_params["number"])

    async def loan_detail(self, r: Request) -> Any:
        return await self._authed(r, self.core.loan_detail, r.path_params["number"])

    async def investments(self, r: Request) -> Any:
        return await self._authed(r, self.core.investments)

    async def debit_cards(self, r: Request) -> Any:
        return await self._authed(r, self.core.debit_cards, _query(r, "account_number"))

    async def credit_cards(self, r: Request) -> Any:
        return await self._authed(r, self.core.credit_cards)

    async def recover_card_pin(self, r: Request) -> MessageResponse:
        kind = _path_enum(r, "card_kind", CardKind)
        message = await self._authed(r, self.core.recover_card_pin, kind, r.path_params["card_id"])
        return MessageResponse(message=message)

    # -- transfers and beneficiaries ---------------------------------------------------------------
    async def financial_institutions(self, r: Request) -> Any:
        return await self._authed(r, self.core.financial_institutions)

    async def daily_limits(self, r: Request) -> Any:
        return await self._authed(r, self.core.daily_limits)

    async def transfers(self, r: Request) -> Any:
        return await self._authed(r, self.core.transfers, _query_enum(r, "status", TransferStatus))

    async def beneficiaries(self, r: Request) -> Any:
        return await self._authed(
            r,
            self.core.beneficiaries,
            _query_enum(r, "service", BeneficiaryService),
            _query(r, "name") or "",
            _query(r, "identification") or "",
        )

    async def update_beneficiary(self, r: Request) -> Any:
        body = await _body(r, BeneficiaryUpdate)
        return await self._authed(
            r, self.core.update_beneficiary, r.path_params["beneficiary_id"], **body.model_dump()
        )

    async def delete_beneficiary(self, r: Request) -> None:
        await self._authed(r, self.core.delete_beneficiary, r.path_params["beneficiary_id"])

    # -- services ----------------------------------------------------------------------------------
    async def service_categories(self, r: Request) -> Any:
        return await self._authed(r, self.core.service_categories)

    async def billers(self, r: Request) -> Any:
        return await self._authed(r, self.core.billers, _query(r, "category_id"))

    async def lookup_bills(self, r: Request) -> Any:
        return await self._authed(
            r, self.core.lookup_bills, r.path_params["biller_id"], _query(r, "service_code") or ""
        )

    async def registered_services(self, r: Request) -> Any:
        return await self._authed(
            r,
            self.core.registered_services,
            _query(r, "category_id"),
            _query(r, "biller_id"),
        )

    async def delete_registered_service(self, r: Request) -> None:
        await self._authed(r, self.core.delete_registered_service, r.path_params["service_id"])

    async def scheduled_payments(self, r: Request) -> Any:
        return await self._authed(r, self.core.scheduled_payments)

    async def cancel_scheduled_payment(self, r: Request) -> Any:
        return await self._authed(
            r, self.core.cancel_scheduled_payment, r.path_params["scheduled_id"]
        )

    async def payment_history(self, r: Request) -> Any:
        return await self._authed(
            r,
            self.core.payment_history,
            category_id=_query(r, "category_id"),
            biller_id=_query(r, "biller_id"),
            date_from=_query_date(r, "date_from"),
            date_to=_query_date(r, "date_to"),
            service_code=_query(r, "service_code"),
        )

    # -- cards -------------------------------------------------------------------------------------
    async def payable_cards(self, r: Request) -> Any:
        return await self._authed(
            r, self.core.payable_cards, _query_enum(r, "owner", PayableCardOwner)
        )

    async def delete_external_card(self, r: Request) -> None:
        await self._authed(r, self.core.delete_external_card, r.path_params["card_id"])

    async def card_transactions(self, r: Request) -> Any:
        return await self._authed(
            r,
            self.core.card_transactions,
            r.path_params["card_id"],
            _query_bool(r, "deferrable_only"),
        )

    async def deferral_terms(self, r: Request) -> Any:
        return await self._authed(r, self.core.deferral_terms)

    async def simulate_deferral(self, r: Request) -> Any:
        target = _query_enum(r, "target", DeferralTarget)
        if target is None:
            raise _Refused(InvalidInput("target", "Elige qué deseas diferir."), 422)
        raw_ids = r.query_params.getlist("transaction_id")
        if not all(_INTEGER.fullmatch(v) for v in raw_ids):
            raise _Refused(InvalidInput("transaction_id", "Se esperaba un número entero."), 422)
        ids = tuple(int(v) for v in raw_ids)
        return await self._authed(
            r,
            self.core.simulate_deferral,
            r.path_params["card_id"],
            target,
            ids,
            _query_int(r, "months", 0),
            _query_amount(r, "amount"),
        )

    async def deferrals(self, r: Request) -> Any:
        return await self._authed(r, self.core.deferrals, r.path_params["card_id"])

    async def card_statements(self, r: Request) -> Any:
        return await self._authed(r, self.core.card_statements, r.path_params["card_id"])

    # -- contact, product requests, help (the first two and faq are public) ------------------------
    async def contact_channels(self, r: Request) -> Any:
        return await self._run(self.core.contact_channels)

    async def product_catalog(self, r: Request) -> Any:
        return await self._run(self.core.product_catalog)

    async def faq(self, r: Request) -> Any:
        return await self._run(self.core.faq)

    async def request_product(self, r: Request) -> Any:
        body = await _body(r, ProductRequestBody)
        return await self._authed(
            r,
            self.core.request_product,
            body.product_id,
            amount=body.amount,
            term=body.term,
            comment=body.comment,
            contact_phone=body.contact_phone,
            idempotency_key=_idempotency_key(r),
        )

    async def product_requests(self, r: Request) -> Any:
        return await self._authed(r, self.core.product_requests)

    # -- demo capability -------------------------------------------------------------------------
    async def demo_info(self, r: Request) -> DemoInfo:
        return DemoInfo(bank="Cooprogreso (banco simulado)", now=self.core.now())

    async def demo_outbox(self, r: Request) -> Any:
        return await self._run(self.core.outbox, _query_int(r, "since_id", 0))

    async def demo_clock(self, r: Request) -> ClockResponse:
        return ClockResponse(now=self.core.now())

    async def demo_advance(self, r: Request) -> ClockResponse:
        body = await _body(r, AdvanceRequest)
        return ClockResponse(now=await self._run(self.core.advance_clock, body.seconds))

    async def demo_credentials(self, r: Request) -> list[DemoCredential]:
        return [DemoCredential(username=u, password=p) for u, p in self.core.demo_credentials()]


def _endpoint(
    method: str, handler: Handler, status: int
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: the write rules, typed errors as problems, models as JSON."""

    async def endpoint(request: Request) -> Response:
        try:
            if method != "GET":
                _idempotency_key(request)  # every write carries one (docs/api.md)
            result = await handler(request)
        except _Refused as refused:
            return problem_response(refused.error, refused.status)
        except BackendError as error:
            return problem_response(error)
        except Exception:
            log.exception("error interno en %s %s", method, urlsplit(str(request.url)).path)
            return problem_response(BackendUnavailable(_INTERNAL), 500)
        if result is None:
            return Response(status_code=204)
        return Response(pydantic_core.to_json(result), status_code=status, media_type=_JSON)

    return endpoint


def _routes(api: _Api, *, demo: bool) -> list[BaseRoute]:
    table: list[tuple[str, str, Handler, int]] = [
        ("POST", "/sessions", api.login, 201),
        ("DELETE", "/sessions/current", api.logout, 204),
        ("GET", "/me", api.profile, 200),
        ("PUT", "/me/password", api.change_password, 200),
        ("POST", "/challenges", api.begin, 201),
        ("POST", "/challenges/{challenge_id}/confirmation", api.confirm, 200),
        ("POST", "/challenges/{challenge_id}/resend", api.resend, 200),
        ("DELETE", "/challenges/{challenge_id}", api.cancel, 204),
        ("GET", "/products/summary", api.product_summary, 200),
        ("GET", "/accounts", api.accounts, 200),
        ("GET", "/accounts/{number}/share", api.account_share, 200),
        ("GET", "/accounts/{number}/movements", api.movements, 200),
        ("GET", "/accounts/{number}/movements/latest", api.last_movements, 200),
        ("GET", "/accounts/{number}/holds", api.holds, 200),
        ("GET", "/loans/{number}", api.loan_detail, 200),
        ("GET", "/investments", api.investments, 200),
        ("GET", "/debit-cards", api.debit_cards, 200),
        ("GET", "/credit-cards", api.credit_cards, 200),
        ("GET", "/credit-cards/{card_id}/transactions", api.card_transactions, 200),
        ("GET", "/credit-cards/{card_id}/deferral-simulation", api.simulate_deferral, 200),
        ("GET", "/credit-cards/{card_id}/deferrals", api.deferrals, 200),
        ("GET", "/credit-cards/{card_id}/statements", api.card_statements, 200),
        ("POST", "/cards/{card_kind}/{card_id}/pin-recovery", api.recover_card_pin, 200),
        ("GET", "/deferral-terms", api.deferral_terms, 200),
        ("GET", "/payable-cards", api.payable_cards, 200),
        ("DELETE", "/payable-cards/{card_id}", api.delete_external_card, 204),
        ("GET", "/financial-institutions", api.financial_institutions, 200),
        ("GET", "/daily-limits", api.daily_limits, 200),
        ("GET", "/transfers", api.transfers, 200),
        ("GET", "/beneficiaries", api.beneficiaries, 200),
        ("PUT", "/beneficiaries/{beneficiary_id:id}", api.update_beneficiary, 200),
        ("DELETE", "/beneficiaries/{beneficiary_id:id}", api.delete_beneficiary, 204),
        ("GET", "/service-categories", api.service_categories, 200),
        ("GET", "/billers", api.billers, 200),
        ("GET", "/billers/{biller_id}/bills", api.lookup_bills, 200),
        ("GET", "/registered-services", api.registered_services, 200),
        ("DELETE", "/registered-services/{service_id:id}", api.delete_registered_service, 204),
        ("GET", "/scheduled-payments", api.scheduled_payments, 200),
        (
            "POST",
            "/scheduled-payments/{scheduled_id:id}/cancellation",
            api.cancel_scheduled_payment,
            200,
        ),
        ("GET", "/service-payments", api.payment_history, 200),
        ("GET", "/contact-channels", api.contact_channels, 200),
        ("GET", "/product-catalog", api.product_catalog, 200),
        ("POST", "/product-requests", api.request_product, 201),
        ("GET", "/product-requests", api.product_requests, 200),
        ("GET", "/faq", api.faq, 200),
    ]
    if demo:
        table += [
            ("GET", "/demo/info", api.demo_info, 200),
            ("GET", "/demo/outbox", api.demo_outbox, 200),
            ("GET", "/demo/clock", api.demo_clock, 200),
            ("POST", "/demo/clock/advance", api.demo_advance, 200),
            ("GET", "/demo/credentials", api.demo_credentials, 200),
        ]
    return [
        Route(path, _endpoint(method, handler, status), methods=[method])
        for method, path, handler, status in table
    ]


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods answer problem+json too."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = exc.headers if isinstance(exc, HTTPException) else None
    if status == 404:
        return problem_response(NotFound("Ese recurso no existe en la API de Cooprogreso."))
    if status == 405:
        error = BackendError("Ese método no está permitido para el recurso.")
        return problem_response(error, 405, headers)
    return problem_response(BackendError(), status, headers)


_SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),  # balances and codes never sit in a cache
    (b"x-content-type-options", b"nosniff"),
]
_WRONG_HOST = "Este servidor solo atiende solicitudes dirigidas a este equipo."


def _host_name(scope: Scope) -> str:
    """The Host header's name, without port or IPv6 brackets."""
    raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").strip()
    if raw.startswith("["):
        return raw[1 : raw.find("]")] if "]" in raw else raw
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def _declared_size(scope: Scope) -> int:
    """The Content-Length a request announces (0 when absent or not a number)."""
    declared = dict(scope.get("headers") or []).get(b"content-length", b"").strip()
    return int(declared) if declared.isdigit() else 0


class _Guard:
    """Every answer carries the security headers; with `hosts`, a request addressed to
    another name (a web page's DNS rebinding) is refused before any route runs."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *_SECURITY_HEADERS]}
            await send(message)

        if self.hosts is not None and _host_name(scope).lower() not in self.hosts:
            refused = problem_response(BackendError(_WRONG_HOST), 421)
            await refused(scope, receive, send_secured)
            return
        if _declared_size(scope) > MAX_BODY:  # also on routes that never read a body
            refused = problem_response(_too_large().error, 413)
            await refused(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)


def create_app(core: Core, *, demo: bool = True, hosts: frozenset[str] | None = None) -> Starlette:
    """The REST API over `core`; the demo capability (`/demo/...`) only when `demo`.

    `hosts`: the Host names served (`cooptui serve` on loopback); None serves any.
    """
    api = _Api(core)
    # No slash redirects: "/accounts/" is a 404 problem like any unknown path, not a 307.
    api_routes = Router(_routes(api, demo=demo), redirect_slashes=False)
    app = Starlette(
        routes=[Mount(API_PREFIX, app=api_routes)],
        exception_handlers={HTTPException: _http_error},
        middleware=[Middleware(_Guard, hosts=hosts)],
    )
    app.router.redirect_slashes = False
    app.state.core = core
    app.state.demo = demo
    return app
