"""`SimBackend`: the `Backend` contract over the in-process simulated core.

The core is synchronous (SQLite); every call runs in a worker thread with
`asyncio.to_thread`, so the UI's event loop never blocks on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from cooptui.backend.protocol import Backend, DemoControls
from cooptui.backend_stub.clock import ECUADOR_TZ, FrozenClock, RealClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.secrets import DEFAULT_N
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
DB_NAME = "cooprogreso-sim.sqlite3"


class SimDemo(DemoControls):
    def __init__(self, core: Core) -> None:
        self._core = core

    async def outbox(self, since_id: int = 0) -> list[OutboxMessage]:
        return await asyncio.to_thread(self._core.outbox, since_id)

    async def now(self) -> datetime:
        return self._core.now()

    async def advance_clock(self, seconds: int) -> datetime:
        return await asyncio.to_thread(self._core.advance_clock, seconds)

    async def demo_credentials(self) -> list[tuple[str, str]]:
        return self._core.demo_credentials()


class SimBackend(Backend):
    """The simulated Cooprogreso bank, in this process."""

    name = "sim"
    description = (
        "Banco simulado de Cooprogreso (sin conexión, con teléfono y buzón de demostración)"
    )

    def __init__(self, core: Core) -> None:
        self.core = core
        self._token: str | None = None
        self._demo = SimDemo(core)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> SimBackend:
        """Options: data_dir, fresh, reset, date (datetime or ISO text), scrypt_n, idle_timeout."""
        start = options.get("date")
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
        if start is not None:
            if start.tzinfo is None:
                start = start.replace(tzinfo=ECUADOR_TZ)
            clock: FrozenClock | RealClock = RealClock(start - datetime.now(ECUADOR_TZ))
        else:
            clock = RealClock()
        if options.get("frozen") and start is not None:
            clock = FrozenClock(start)
        if options.get("fresh"):
            path: str | Path = ":memory:"
        else:
            path = Path(options.get("data_dir") or _default_data_dir()) / DB_NAME
        idle = options.get("idle_timeout")
        if isinstance(idle, int | float) and not isinstance(idle, bool):
            idle = timedelta(seconds=idle)
        core = Core.open(
            path,
            clock,
            reset=bool(options.get("reset")),
            scrypt_n=int(options.get("scrypt_n") or DEFAULT_N),
            idle_timeout=idle,
        )
        return cls(core)

    @property
    def demo(self) -> DemoControls:
        return self._demo

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def _authed(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(fn, self._token, *args, **kwargs)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.core.close)

    # -- session ---------------------------------------------------------------------------
    async def login(self, username: str, password: str, device_id: str) -> LoginResult:
        self._token = None  # a failed attempt must not leave an older session usable
        token, result = await self._call(self.core.login, username, password, device_id)
        self._token = token
        return result

    async def logout(self) -> None:
        token, self._token = self._token, None
        await self._call(self.core.logout, token)

    async def change_password(self, current_password: str, new_password: str) -> LoginStatus:
        return await self._authed(self.core.change_password, current_password, new_password)

    async def profile(self) -> MemberProfile:
        return await self._authed(self.core.profile)

    # -- two-phase ---------------------------------------------------------------------------
    async def begin(self, order: Order) -> Challenge:
        return await self._authed(self.core.begin, order)

    async def confirm(
        self, challenge_id: str, code: str, *, idempotency_key: str | None = None
    ) -> Receipt:
        return await self._authed(self.core.confirm, challenge_id, code, idempotency_key)

    async def resend(self, challenge_id: str) -> Challenge:
        return await self._authed(self.core.resend, challenge_id)

    async def cancel(self, challenge_id: str) -> None:
        await self._authed(self.core.cancel, challenge_id)

    # -- products ---------------------------------------------------------------------------
    async def product_summary(self) -> ProductSummary:
        return await self._authed(self.core.product_summary)

    async def accounts(self) -> list[Account]:
        return await self._authed(self.core.accounts)

    async def account_share(self, account_number: str) -> AccountShare:
        return await self._authed(self.core.account_share, account_number)

    async def movements(
        self, account_number: str, date_from: date | None = None, date_to: date | None = None
    ) -> list[Movement]:
        return await self._authed(self.core.movements, account_number, date_from, date_to)

    async def last_movements(self, account_number: str, limit: int = 10) -> list[Movement]:
        return await self._authed(self.core.last_movements, account_number, limit)

    async def holds(self, account_number: str) -> list[Hold]:
        return await self._authed(self.core.holds, account_number)

    async def loan_detail(self, loan_number: str) -> LoanDetail:
        return await self._authed(self.core.loan_detail, loan_number)

    async def investments(self) -> list[Investment]:
        return await self._authed(self.core.investments)

    async def debit_cards(self, account_number: str | None = None) -> list[DebitCard]:
        return await self._authed(self.core.debit_cards, account_number)

    async def credit_cards(self) -> list[CreditCard]:
        return await self._authed(self.core.credit_cards)

    async def recover_card_pin(self, card_kind: CardKind, card_id: str) -> str:
        return await self._authed(self.core.recover_card_pin, card_kind, card_id)

    # -- transfers -------------------------------------------------------------------------------
    async def financial_institutions(self) -> list[FinancialInstitution]:
        return await self._authed(self.core.financial_institutions)

    async def daily_limits(self) -> list[DailyLimit]:
        return await self._authed(self.core.daily_limits)

    async def transfers(self, status: TransferStatus | None = None) -> list[Transfer]:
        return await self._authed(self.core.transfers, status)

    async def beneficiaries(
        self,
        service: BeneficiaryService | None = None,
        name: str = "",
        identification: str = "",
    ) -> list[Beneficiary]:
        return await self._authed(self.core.beneficiaries, service, name, identification)

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
        return await self._authed(
            self.core.update_beneficiary,
            beneficiary_id,
            name=name,
            id_type=id_type,
            identification=identification,
            email=email,
            alias=alias,
        )

    async def delete_beneficiary(self, beneficiary_id: int) -> None:
        await self._authed(self.core.delete_beneficiary, beneficiary_id)

    # -- services -----------------------------------------------------------------------------------
    async def service_categories(self) -> list[ServiceCategory]:
        return await self._authed(self.core.service_categories)

    async def billers(self, category_id: str | None = None) -> list[Biller]:
        return await self._authed(self.core.billers, category_id)

    async def lookup_bills(self, biller_id: str, service_code: str) -> list[Bill]:
        return await self._authed(self.core.lookup_bills, biller_id, service_code)

    async def registered_services(
        self, category_id: str | None = None, biller_id: str | None = None
    ) -> list[RegisteredService]:
        return await self._authed(self.core.registered_services, category_id, biller_id)

    async def delete_registered_service(self, service_id: int) -> None:
        await self._authed(self.core.delete_registered_service, service_id)

    async def scheduled_payments(self) -> list[ScheduledPayment]:
        return await self._authed(self.core.scheduled_payments)

    async def cancel_scheduled_payment(self, scheduled_id: int) -> ScheduledPayment:
        return await self._authed(self.core.cancel_scheduled_payment, scheduled_id)

    async def payment_history(
        self,
        *,
        category_id: str | None = None,
        biller_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        service_code: str | None = None,
    ) -> list[ServicePayment]:
        return await self._authed(
            self.core.payment_history,
            category_id=category_id,
            biller_id=biller_id,
            date_from=date_from,
            date_to=date_to,
            service_code=service_code,
        )

    # -- cards -------------------------------------------------------------------------------------
    async def payable_cards(self, owner: PayableCardOwner | None = None) -> list[PayableCard]:
        return await self._authed(self.core.payable_cards, owner)

    async def delete_external_card(self, card_id: str) -> None:
        await self._authed(self.core.delete_external_card, card_id)

    async def card_transactions(
        self, card_id: str, deferrable_only: bool = False
    ) -> list[CardTransaction]:
        return await self._authed(self.core.card_transactions, card_id, deferrable_only)

    async def deferral_terms(self) -> list[int]:
        return await self._authed(self.core.deferral_terms)

    async def simulate_deferral(
        self,
        card_id: str,
        target: DeferralTarget,
        transaction_ids: tuple[int, ...],
        months: int,
        amount: Decimal | None = None,
    ) -> DeferralSimulation:
        return await self._authed(
            self.core.simulate_deferral, card_id, target, transaction_ids, months, amount
        )

    async def deferrals(self, card_id: str) -> list[Deferral]:
        return await self._authed(self.core.deferrals, card_id)

    async def card_statements(self, card_id: str) -> list[CardStatement]:
        return await self._authed(self.core.card_statements, card_id)

    # -- contact, requests, help ------------------------------------------------------------------
    async def contact_channels(self) -> list[ContactChannel]:
        return self.core.contact_channels()

    async def product_catalog(self) -> list[ProductOffer]:
        return self.core.product_catalog()

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
        return await self._authed(
            self.core.request_product,
            product_id,
            amount=amount,
            term=term,
            comment=comment,
            contact_phone=contact_phone,
            idempotency_key=idempotency_key,
        )

    async def product_requests(self) -> list[ProductRequest]:
        return await self._authed(self.core.product_requests)

    async def faq(self) -> list[FaqEntry]:
        return self.core.faq()


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cooptui", "Cooprogreso"))
