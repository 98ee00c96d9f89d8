"""`HttpBackend`: the `Backend` contract over the REST API of docs/api.md (httpx).

The member must not be able to tell it from the in-process adapter: replies become the
same pydantic models, RFC 9457 problems become the same typed errors, and anything the
network does wrong (refused, timed out, garbage, 5xx) becomes `BackendUnavailable` with
a Spanish message. Every write carries an `Idempotency-Key`; `confirm` and
`request_product` retry once with the same key after a timeout or a dropped connection,
so an answer lost on the way back never moves money twice.

The session token lives only in this object's memory: set at login, replaced at the
next, dropped at logout and when the bank says the session ended.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import TypeAdapter, ValidationError

from cooptui.backend.errors import (
    ERROR_TYPES,
    BackendError,
    BackendUnavailable,
    InvalidCredentials,
    NotFound,
    SessionExpired,
    error_from_problem,
)
from cooptui.backend.protocol import Backend, DemoControls
from cooptui.backend.wire import (
    API_PREFIX,
    IDEMPOTENCY_HEADER,
    AdvanceRequest,
    BeneficiaryUpdate,
    ClockResponse,
    ConfirmRequest,
    DemoCredential,
    LoginRequest,
    LoginResponse,
    MessageResponse,
    PasswordChangeRequest,
    ProductRequestBody,
    StatusResponse,
)
from cooptui.domain.auth import LoginResult, LoginStatus, MemberProfile, OutboxMessage
from cooptui.domain.cards import (
    CardKind,
    CardStatement,
    CardTransaction,
    Deferral,
    DeferralSimulation,
    DeferralTarget,
    PayableCard,
    PayableCardOwner,
)
from cooptui.domain.catalog import ContactChannel, FaqEntry, ProductOffer, ProductRequest
from cooptui.domain.operations import Challenge, Order, Receipt
from cooptui.domain.products import (
    Account,
    AccountShare,
    CreditCard,
    DebitCard,
    Hold,
    Investment,
    LoanDetail,
    Movement,
    ProductSummary,
)
from cooptui.domain.services import (
    Bill,
    Biller,
    RegisteredService,
    ScheduledPayment,
    ServiceCategory,
    ServicePayment,
)
from cooptui.domain.transfers import (
    Beneficiary,
    BeneficiaryService,
    DailyLimit,
    FinancialInstitution,
    IdType,
    Transfer,
    TransferStatus,
)

T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8765"
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 20.0

UNREACHABLE = "No pudimos conectarnos con Cooprogreso ({url}). Revisa tu conexión e inténtalo en unos minutos."
TIMED_OUT = "Cooprogreso tardó demasiado en responder. Inténtalo en unos minutos."
CONNECTION_LOST = "Se perdió la conexión con Cooprogreso. Inténtalo en unos minutos."
OUTCOME_UNKNOWN = (
    "No recibimos la respuesta de Cooprogreso y no sabemos si la operación se realizó."
    " Revisa tus movimientos antes de intentarlo de nuevo."
)
GARBLED = "Cooprogreso respondió algo que no pudimos entender. Inténtalo en unos minutos."
SERVER_ERROR = (
    "Cooprogreso tuvo un problema al atender tu solicitud (error {status}). "
    "Inténtalo en unos minutos."
)
NOT_THE_BANK = "La dirección {url} no responde como un servidor de Cooprogreso (error {status})."


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _segment(value: str | int) -> str:
    """A path segment, escaped: ids come from the bank but never trust them as paths."""
    return quote(str(value), safe="")


def _params(**values: Any) -> dict[str, Any]:
    """Query parameters without the unset ones; dates ISO 8601, enums by value."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        out[name] = value
    return out


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class HttpDemo(DemoControls):
    """The demo phone, mailbox and clock of a server run with its demo capability.

    Offered until the server answers a demo call with 404 (it is a real bank, or a demo
    server started without it); from then on `HttpBackend.demo` is None and these
    answer "nothing to show" (`outbox`, `demo_credentials`) or raise `NotFound`.
    """

    def __init__(self, backend: HttpBackend) -> None:
        self._backend = backend

    async def _get(self, path: str, kind: Any, **params: Any) -> Any:
        return await self._backend._read(f"demo/{path}", kind, params=params, auth=False)

    async def outbox(self, since_id: int = 0) -> list[OutboxMessage]:
        try:
            return await self._get("outbox", list[OutboxMessage], since_id=since_id)
        except NotFound:
            return []

    async def now(self) -> datetime:
        clock: ClockResponse = await self._get("clock", ClockResponse)
        return clock.now

    async def advance_clock(self, seconds: int) -> datetime:
        body = AdvanceRequest(seconds=seconds)
        response = await self._backend._write("POST", "demo/clock/advance", body, auth=False)
        clock: ClockResponse = self._backend._decode(response, ClockResponse)
        return clock.now

    async def demo_credentials(self) -> list[tuple[str, str]]:
        try:
            found = await self._get("credentials", list[DemoCredential])
        except NotFound:
            return []
        return [(c.username, c.password) for c in found]


class HttpBackend(Backend):
    """Cooprogreso over HTTP: a `cooptui serve` demo bank or any server of docs/api.md."""

    name = "http"
    description = "Cooprogreso por HTTP (API REST de docs/api.md; p. ej. `cooptui serve`)"

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        demo: bool | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._transport = transport
        self._client = self._new_client()
        self._token: str | None = None
        self._demo_available = demo
        self._demo = HttpDemo(self)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> HttpBackend:
        """Options: url, connect_timeout, read_timeout (seconds), transport, demo (bool).

        Builds the client only; nothing is sent until the first call, so this never
        blocks. `demo` is discovered at the first demo call unless given.
        """
        demo = options.get("demo")
        return cls(
            str(options.get("url") or DEFAULT_URL),
            connect_timeout=float(options.get("connect_timeout") or DEFAULT_CONNECT_TIMEOUT),
            read_timeout=float(options.get("read_timeout") or DEFAULT_READ_TIMEOUT),
            transport=options.get("transport"),
            demo=demo if isinstance(demo, bool) else None,
        )

    @property
    def demo(self) -> DemoControls | None:
        """`HttpDemo` unless the server is known to run without its demo capability."""
        return None if self._demo_available is False else self._demo

    def _new_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.url + API_PREFIX,
            timeout=self._timeout,
            transport=self._transport,
            headers={"Accept": "application/json", "User-Agent": "cooptui"},
            # Proxies from the environment are for the outside world, not for loopback.
            trust_env=not _is_loopback(self.url),
        )

    async def probe(self) -> bool:
        """Check the server is there and whether it offers the demo capability.

        Raises `BackendUnavailable` when it cannot be reached. Leaves no pooled
        connection behind, so it may run in an event loop of its own (the CLI runs it
        with `asyncio.run` before the app starts its loop).
        """
        try:
            await self._read("demo/info", dict[str, Any], auth=False)
            self._demo_available = True
        except NotFound:
            self._demo_available = False
        finally:
            if self._transport is None:  # an injected transport is the caller's to close
                await self._client.aclose()
                self._client = self._new_client()
        return self._demo_available

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- the wire ----------------------------------------------------------------------------
    async def _send(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
        key: str | None = None,
        bearer: str | None = None,
    ) -> httpx.Response:
        """One request; network failures and non-2xx answers become typed errors."""
        headers: dict[str, str] = {}
        token = bearer or (self._token if auth else None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if method != "GET":
            headers[IDEMPOTENCY_HEADER] = key or new_idempotency_key()
        content = None
        if body is not None:
            content = body.model_dump_json().encode()
            headers["Content-Type"] = "application/json"
        try:
            response = await self._client.request(
                method, path, content=content, params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(TIMED_OUT) from exc
        except httpx.ConnectError as exc:
            raise BackendUnavailable(UNREACHABLE.format(url=self.url)) from exc
        except httpx.TransportError as exc:
            raise BackendUnavailable(CONNECTION_LOST) from exc
        if response.is_success:
            return response
        error = self._error(response, demo_call=path.startswith("demo/"))
        if isinstance(error, SessionExpired):
            self._token = None  # the bank ended it: nothing left to send
        raise error

    def _error(self, response: httpx.Response, *, demo_call: bool) -> BackendError:
        status = response.status_code
        problem = self._problem(response)
        if status >= 500:
            if (
                problem is not None
                and problem.get("type") == "BackendUnavailable"
                and status == 503
            ):
                return error_from_problem(problem)
            return BackendUnavailable(SERVER_ERROR.format(status=status))
        if problem is None:
            if status == 401:
                return SessionExpired()
            return BackendUnavailable(NOT_THE_BANK.format(url=self.url, status=status))
        error = error_from_problem(problem)
        if status == 401 and not isinstance(error, InvalidCredentials | SessionExpired):
            return SessionExpired()
        if demo_call and isinstance(error, NotFound):
            self._demo_available = False
        return error

    @staticmethod
    def _problem(response: httpx.Response) -> dict[str, Any] | None:
        """The problem+json document, if the answer is one of ours."""
        try:
            data = response.json()
        except ValueError:
            return None
        if isinstance(data, dict) and data.get("type") in ERROR_TYPES:
            return data
        return None

    def _decode(self, response: httpx.Response, kind: Any) -> Any:
        try:
            return _adapter(kind).validate_json(response.content)
        except ValidationError as exc:
            raise BackendUnavailable(GARBLED) from exc

    async def _read(
        self,
        path: str,
        kind: Any,
        *,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> Any:
        response = await self._send("GET", path, params=params, auth=auth)
        return self._decode(response, kind)

    async def _write(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        auth: bool = True,
        key: str | None = None,
        retry: bool = False,
        bearer: str | None = None,
    ) -> httpx.Response:
        """A write with its Idempotency-Key; with `retry`, once more with the same key."""
        key = key or new_idempotency_key()
        try:
            return await self._send(method, path, body=body, auth=auth, key=key, bearer=bearer)
        except BackendUnavailable as exc:
            if not (retry and isinstance(exc.__cause__, httpx.TransportError)):
                raise
        try:
            return await self._send(method, path, body=body, auth=auth, key=key, bearer=bearer)
        except BackendUnavailable as exc:
            if isinstance(exc.__cause__, httpx.TransportError):
                raise BackendUnavailable(OUTCOME_UNKNOWN) from exc
            raise

    # -- session -------------------------------------------------------------------------------
    async def login(self, username: str, password: str, device_id: str) -> LoginResult:
        self._token = None  # a failed attempt must not leave an older session usable
        body = LoginRequest(username=username, password=password, device_id=device_id)
        response = await self._write("POST", "sessions", body, auth=False)
        session: LoginResponse = self._decode(response, LoginResponse)
        self._token = session.token
        return session.login

    async def logout(self) -> None:
        token, self._token = self._token, None  # forgotten here first, whatever the bank says
        if token is not None:
            await self._write("DELETE", "sessions/current", bearer=token)

    async def change_password(self, current_password: str, new_password: str) -> LoginStatus:
        body = PasswordChangeRequest(current_password=current_password, new_password=new_password)
        response = await self._write("PUT", "me/password", body)
        answer: StatusResponse = self._decode(response, StatusResponse)
        return answer.status

    async def profile(self) -> MemberProfile:
        return await self._read("me", MemberProfile)

    # -- two-phase -------------------------------------------------------------------------------
    async def begin(self, order: Order) -> Challenge:
        response = await self._write("POST", "challenges", order)
        return self._decode(response, Challenge)

    async def confirm(
        self, challenge_id: str, code: str, *, idempotency_key: str | None = None
    ) -> Receipt:
        response = await self._write(
            "POST",
            f"challenges/{_segment(challenge_id)}/confirmation",
            ConfirmRequest(code=code),
            key=idempotency_key,
            retry=True,
        )
        return self._decode(response, Receipt)

    async def resend(self, challenge_id: str) -> Challenge:
        response = await self._write("POST", f"challenges/{_segment(challenge_id)}/resend")
        return self._decode(response, Challenge)

    async def cancel(self, challenge_id: str) -> None:
        await self._write("DELETE", f"challenges/{_segment(challenge_id)}")

    # -- products -------------------------------------------------------------------------------
    async def product_summary(self) -> ProductSummary:
        return await self._read("products/summary", ProductSummary)

    async def accounts(self) -> list[Account]:
        return await self._read("accounts", list[Account])

    async def account_share(self, account_number: str) -> AccountShare:
        return await self._read(f"accounts/{_segment(account_number)}/share", AccountShare)

    async def movements(
        self, account_number: str, date_from: date | None = None, date_to: date | None = None
    ) -> list[Movement]:
        return await self._read(
            f"accounts/{_segment(account_number)}/movements",
            list[Movement],
            params=_params(date_from=date_from, date_to=date_to),
        )

    async def last_movements(self, account_number: str, limit: int = 10) -> list[Movement]:
        return await self._read(
            f"accounts/{_segment(account_number)}/movements/latest",
            list[Movement],
            params=_params(limit=limit),
        )

    async def holds(self, account_number: str) -> list[Hold]:
        return await self._read(f"accounts/{_segment(account_number)}/holds", list[Hold])

    async def loan_detail(self, loan_number: str) -> LoanDetail:
        return await self._read(f"loans/{_segment(loan_number)}", LoanDetail)

    async def investments(self) -> list[Investment]:
        return await self._read("investments", list[Investment])

    async def debit_cards(self, account_number: str | None = None) -> list[DebitCard]:
        return await self._read(
            "debit-cards", list[DebitCard], params=_params(account_number=account_number)
        )

    async def credit_cards(self) -> list[CreditCard]:
        return await self._read("credit-cards", list[CreditCard])

    async def recover_card_pin(self, card_kind: CardKind, card_id: str) -> str:
        response = await self._write(
            "POST", f"cards/{_segment(card_kind.value)}/{_segment(card_id)}/pin-recovery"
        )
        answer: MessageResponse = self._decode(response, MessageResponse)
        return answer.message

    # -- transfers and beneficiaries ---------------------------------------------------------------
    async def financial_institutions(self) -> list[FinancialInstitution]:
        return await self._read("financial-institutions", list[FinancialInstitution])

    async def daily_limits(self) -> list[DailyLimit]:
        return await self._read("daily-limits", list[DailyLimit])

    async def transfers(self, status: TransferStatus | None = None) -> list[Transfer]:
        return await self._read(
            "transfers", list[Transfer], params=_params(status=status and status.value)
        )

    async def beneficiaries(
        self,
        service: BeneficiaryService | None = None,
        name: str = "",
        identification: str = "",
    ) -> list[Beneficiary]:
        return await self._read(
            "beneficiaries",
            list[Beneficiary],
            params=_params(
                service=service and service.value,
                name=name or None,
                identification=identification or None,
            ),
        )

    async def update_beneficiary(
        self,
        beneficiary_id: int,
        *,
        name: str,
        id_type: IdType,
        identification: str,
        email: str | None = None,
        alias: str | None = None,
    ) -> Beneficiary:
        body = BeneficiaryUpdate(
            name=name, id_type=id_type, identification=identification, email=email, alias=alias
        )
        response = await self._write("PUT", f"beneficiaries/{int(beneficiary_id)}", body)
        return self._decode(response, Beneficiary)

    async def delete_beneficiary(self, beneficiary_id: int) -> None:
        await self._write("DELETE", f"beneficiaries/{int(beneficiary_id)}")

    # -- services -----------------------------------------------------------------------------------
    async def service_categories(self) -> list[ServiceCategory]:
        return await self._read("service-categories", list[ServiceCategory])

    async def billers(self, category_id: str | None = None) -> list[Biller]:
        return await self._read("billers", list[Biller], params=_params(category_id=category_id))

    async def lookup_bills(self, biller_id: str, service_code: str) -> list[Bill]:
        return await self._read(
            f"billers/{_segment(biller_id)}/bills",
            list[Bill],
            params=_params(service_code=service_code),
        )

    async def registered_services(
        self, category_id: str | None = None, biller_id: str | None = None
    ) -> list[RegisteredService]:
        return await self._read(
            "registered-services",
            list[RegisteredService],
            params=_params(category_id=category_id or None, biller_id=biller_id or None),
        )

    async def delete_registered_service(self, service_id: int) -> None:
        await self._write("DELETE", f"registered-services/{int(service_id)}")

    async def scheduled_payments(self) -> list[ScheduledPayment]:
        return await self._read("scheduled-payments", list[ScheduledPayment])

    async def cancel_scheduled_payment(self, scheduled_id: int) -> ScheduledPayment:
        response = await self._write("POST", f"scheduled-payments/{int(scheduled_id)}/cancellation")
        return self._decode(response, ScheduledPayment)

    async def payment_history(
        self,
        *,
        category_id: str | None = None,
        biller_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        service_code: str | None = None,
    ) -> list[ServicePayment]:
        return await self._read(
            "service-payments",
            list[ServicePayment],
            params=_params(
                category_id=category_id,
                biller_id=biller_id,
                date_from=date_from,
                date_to=date_to,
                service_code=service_code,
            ),
        )

    # -- cards ---------------------------------------------------------------------------------------
    async def payable_cards(self, owner: PayableCardOwner | None = None) -> list[PayableCard]:
        return await self._read(
            "payable-cards", list[PayableCard], params=_params(owner=owner and owner.value)
        )

    async def delete_external_card(self, card_id: str) -> None:
        await self._write("DELETE", f"payable-cards/{_segment(card_id)}")

    async def card_transactions(
        self, card_id: str, deferrable_only: bool = False
    ) -> list[CardTransaction]:
        return await self._read(
            f"credit-cards/{_segment(card_id)}/transactions",
            list[CardTransaction],
            params=_params(deferrable_only=deferrable_only),
        )

    async def deferral_terms(self) -> list[int]:
        return await self._read("deferral-terms", list[int])

    async def simulate_deferral(
        self,
        card_id: str,
        target: DeferralTarget,
        transaction_ids: tuple[int, ...],
        months: int,
        amount: Decimal | None = None,
    ) -> DeferralSimulation:
        params: dict[str, Any] = {
            "target": target.value,
            "months": months,
            "transaction_id": [int(i) for i in transaction_ids],
        }
        if amount is not None:
            params["amount"] = f"{amount:.2f}"
        return await self._read(
            f"credit-cards/{_segment(card_id)}/deferral-simulation",
            DeferralSimulation,
            params=params,
        )

    async def deferrals(self, card_id: str) -> list[Deferral]:
        return await self._read(f"credit-cards/{_segment(card_id)}/deferrals", list[Deferral])

    async def card_statements(self, card_id: str) -> list[CardStatement]:
        return await self._read(f"credit-cards/{_segment(card_id)}/statements", list[CardStatement])

    # -- contact, requests, help ---------------------------------------------------------------------
    async def contact_channels(self) -> list[ContactChannel]:
        return await self._read("contact-channels", list[ContactChannel], auth=False)

    async def product_catalog(self) -> list[ProductOffer]:
        return await self._read("product-catalog", list[ProductOffer], auth=False)

    async def request_product(
        self,
        product_id: str,
        *,
        amount: str | None = None,
        term: int | None = None,
        comment: str = "",
        contact_phone: str,
        idempotency_key: str | None = None,
    ) -> ProductRequest:
        body = ProductRequestBody(
            product_id=product_id,
            amount=amount,
            term=term,
            comment=comment,
            contact_phone=contact_phone,
        )
        response = await self._write(
            "POST", "product-requests", body, key=idempotency_key, retry=True
        )
        return self._decode(response, ProductRequest)

    async def product_requests(self) -> list[ProductRequest]:
        return await self._read("product-requests", list[ProductRequest])

    async def faq(self) -> list[FaqEntry]:
        return await self._read("faq", list[FaqEntry], auth=False)
