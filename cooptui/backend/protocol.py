"""`Backend`: the async interface every adapter implements, and the optional demo controls.

Screens talk only to this contract. Adapters keep their own session (token) after
`login`; every method raises `SessionExpired` without one, except the public ones:
`login`, `begin`/`confirm`/`resend`/`cancel` of the pre-login orders (enrollment,
password recovery, username reminder), and the bank's public information
(`contact_channels`, `product_catalog`, `faq`).
Reads return frozen pydantic models; money is always `Decimal`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Protocol, runtime_checkable

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


@runtime_checkable
class DemoControls(Protocol):
    """What a demo bank offers support staff: the simulated phone/mailbox and clock."""

    async def outbox(self, since_id: int = 0) -> list[OutboxMessage]:
        """Messages sent after `since_id`, oldest first."""

    async def now(self) -> datetime:
        """The bank's clock."""

    async def advance_clock(self, seconds: int) -> datetime:
        """Move time forward and run what falls due (settlements, scheduled payments)."""

    async def demo_credentials(self) -> list[tuple[str, str]]:
        """(username, password) pairs of the demo members, for the login hint."""


class Backend(ABC):
    """The bank, as the UI sees it."""

    name: ClassVar[str] = "abstract"
    description: ClassVar[str] = ""

    @classmethod
    @abstractmethod
    def from_options(cls, options: Mapping[str, Any]) -> Backend:
        """Build the adapter from command-line/config options (unknown keys ignored)."""

    @property
    def demo(self) -> DemoControls | None:
        """The demo capability, when this adapter has one."""
        return None

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release connections; the default has nothing to release."""

    # -- session -------------------------------------------------------------
    @abstractmethod
    async def login(self, username: str, password: str, device_id: str) -> LoginResult: ...

    @abstractmethod
    async def logout(self) -> None: ...

    @abstractmethod
    async def change_password(self, current_password: str, new_password: str) -> LoginStatus:
        """Set a new password; returns the step the session still needs (or OK)."""

    @abstractmethod
    async def profile(self) -> MemberProfile: ...

    # -- two-phase operations -----------------------------------------------
    @abstractmethod
    async def begin(self, order: Order) -> Challenge:
        """Validate the order completely and send the OTP; nothing moves yet."""

    @abstractmethod
    async def confirm(
        self, challenge_id: str, code: str, *, idempotency_key: str | None = None
    ) -> Receipt:
        """Execute the order if `code` is right. Replaying `idempotency_key` moves nothing."""

    @abstractmethod
    async def resend(self, challenge_id: str) -> Challenge: ...

    @abstractmethod
    async def cancel(self, challenge_id: str) -> None: ...

    # -- products --------------------------------------------------------------
    @abstractmethod
    async def product_summary(self) -> ProductSummary: ...

    @abstractmethod
    async def accounts(self) -> list[Account]: ...

    @abstractmethod
    async def account_share(self, account_number: str) -> AccountShare: ...

    @abstractmethod
    async def movements(
        self, account_number: str, date_from: date | None = None, date_to: date | None = None
    ) -> list[Movement]:
        """Movements newest first, at most the last 12 months."""

    @abstractmethod
    async def last_movements(self, account_number: str, limit: int = 10) -> list[Movement]: ...

    @abstractmethod
    async def holds(self, account_number: str) -> list[Hold]: ...

    @abstractmethod
    async def loan_detail(self, loan_number: str) -> LoanDetail: ...

    @abstractmethod
    async def investments(self) -> list[Investment]: ...

    @abstractmethod
    async def debit_cards(self, account_number: str | None = None) -> list[DebitCard]: ...

    @abstractmethod
    async def credit_cards(self) -> list[CreditCard]: ...

    @abstractmethod
    async def recover_card_pin(self, card_kind: CardKind, card_id: str) -> str:
        """E-mail a temporary PIN; returns the message to show the member."""

    # -- transfers and beneficiaries ------------------------------------------
    @abstractmethod
    async def financial_institutions(self) -> list[FinancialInstitution]: ...

    @abstractmethod
    async def daily_limits(self) -> list[DailyLimit]: ...

    @abstractmethod
    async def transfers(self, status: TransferStatus | None = None) -> list[Transfer]: ...

    @abstractmethod
    async def beneficiaries(
        self,
        service: BeneficiaryService | None = None,
        name: str = "",
        identification: str = "",
    ) -> list[Beneficiary]: ...

    @abstractmethod
    async def update_beneficiary(
        self,
        beneficiary_id: int,
        *,
        name: str,
        id_type: IdType,
        identification: str,
        email: str | None = None,
        alias: str | None = None,
    ) -> Beneficiary: ...

    @abstractmethod
    async def delete_beneficiary(self, beneficiary_id: int) -> None: ...

    # -- service payments -------------------------------------------------------
    @abstractmethod
    async def service_categories(self) -> list[ServiceCategory]: ...

    @abstractmethod
    async def billers(self, category_id: str | None = None) -> list[Biller]: ...

    @abstractmethod
    async def lookup_bills(self, biller_id: str, service_code: str) -> list[Bill]: ...

    @abstractmethod
    async def registered_services(
        self, category_id: str | None = None, biller_id: str | None = None
    ) -> list[RegisteredService]:
        """The member's registered services (Registro de Servicios), by category position,
        then company name, then code. An unknown category or company is `InvalidInput`.
        New ones are registered with a `service_registration` order (OTP)."""

    @abstractmethod
    async def delete_registered_service(self, service_id: int) -> None:
        """Remove one from the list; `NotFound` if it is not the member's or already gone."""

    @abstractmethod
    async def scheduled_payments(self) -> list[ScheduledPayment]: ...

    @abstractmethod
    async def cancel_scheduled_payment(self, scheduled_id: int) -> ScheduledPayment: ...

    @abstractmethod
    async def payment_history(
        self,
        *,
        category_id: str | None = None,
        biller_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        service_code: str | None = None,
    ) -> list[ServicePayment]:
        """Payments newest first; the range may reach back at most 3 months."""

    # -- cards: payments and deferrals -------------------------------------------
    @abstractmethod
    async def payable_cards(self, owner: PayableCardOwner | None = None) -> list[PayableCard]: ...

    @abstractmethod
    async def delete_external_card(self, card_id: str) -> None: ...

    @abstractmethod
    async def card_transactions(
        self, card_id: str, deferrable_only: bool = False
    ) -> list[CardTransaction]: ...

    @abstractmethod
    async def deferral_terms(self) -> list[int]: ...

    @abstractmethod
    async def simulate_deferral(
        self,
        card_id: str,
        target: DeferralTarget,
        transaction_ids: tuple[int, ...],
        months: int,
        amount: Decimal | None = None,
    ) -> DeferralSimulation:
        """The quote of a deferral; `amount` (revolving target only) defers part of the
        Saldo Actual Rotativo. Raises InvalidInput (field `transaction_ids`, `months` or
        `amount`) for anything `begin` would refuse."""

    @abstractmethod
    async def deferrals(self, card_id: str) -> list[Deferral]: ...

    @abstractmethod
    async def card_statements(self, card_id: str) -> list[CardStatement]:
        """The credit card's closed statements (estados de cuenta), newest first."""

    # -- contact, product requests, help --------------------------------------------
    @abstractmethod
    async def contact_channels(self) -> list[ContactChannel]: ...

    @abstractmethod
    async def product_catalog(self) -> list[ProductOffer]: ...

    @abstractmethod
    async def request_product(
        self,
        product_id: str,
        *,
        amount: str | None = None,
        term: int | None = None,
        comment: str = "",
        contact_phone: str,
        idempotency_key: str | None = None,
    ) -> ProductRequest: ...

    @abstractmethod
    async def product_requests(self) -> list[ProductRequest]: ...

    @abstractmethod
    async def faq(self) -> list[FaqEntry]: ...
