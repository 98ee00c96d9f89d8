"""Stateful test of the simulated core's books: random member sessions never break them.

A Hypothesis `RuleBasedStateMachine` drives two demo members through logins (right and
wrong passwords, lock-out and recovery), own, internal and interbank transfers, service
payments, credit-card payments and deferrals, idempotent replays and clock jumps. After
every step the ledger must balance, savings must never go negative, share certificates
must never be available, credit cards must stay within their limit, and the members'
money must have changed by exactly what the step's receipts (and the scheduler's own
records) say.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import currently_in_test_context, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cooptui.backend.errors import (
    AccountLocked,
    BackendError,
    Conflict,
    DeviceNotRegistered,
    InsufficientFunds,
    InvalidCredentials,
    InvalidInput,
    LimitExceeded,
    NotFound,
    OtpExpired,
    OtpInvalid,
    SessionExpired,
)
from cooptui.backend_stub import ledger
from cooptui.backend_stub.auth import LOCK_MINUTES
from cooptui.backend_stub.base import INSTITUTION_CODE
from cooptui.backend_stub.card_cycle import unpaid_interest_cents
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.deferral import DEFERRAL_TERMS
from cooptui.backend_stub.fees import DAILY_LIMIT_CENTS
from cooptui.backend_stub.seed import (
    DEMO_CERTIFICATES,
    DEMO_CREDIT_CARD,
    DEMO_PASSWORD,
    DEMO_SAVINGS,
    DEMO_USERNAME,
    SECOND_PASSWORD,
    SECOND_USERNAME,
    cedula,
)
from cooptui.domain.auth import LoginStatus, MessageChannel
from cooptui.domain.calendar import is_business_day
from cooptui.domain.cards import DeferralTarget
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import (
    BeneficiaryOrder,
    CardPaymentOrder,
    DeferralOrder,
    DeviceRegistrationOrder,
    InterbankTransferOrder,
    InternalTransferOrder,
    OwnTransferOrder,
    PasswordRecoveryOrder,
    Receipt,
    ReceiptStatus,
    ServicePaymentOrder,
)
from cooptui.domain.transfers import BankAccountType, Beneficiary, BeneficiaryService, IdType

# The manual's SPI tariff: $0.36 commission plus 15 % IVA ($0.05) per interbank transfer.
INTERBANK_FEE_CENTS = 36 + 5
SETTLEMENT_TIME = time(9, 0)
WRONG_PASSWORD = "Equivocada2024"
MAX_FAILURES = 3

REFUSALS = (InsufficientFunds, LimitExceeded, InvalidInput, NotFound, Conflict)
"""Business refusals: allowed outcomes of any operation (but they must move nothing)."""

# Seeded billers' customers (biller, code); any member may pay anyone's bill.
SERVICE_CODES = (
    ("cnt", "023035471"),
    ("cnt", "022870455"),  # covered by the demo member's scheduled payment
    ("eeq", "1042387"),
    ("epmaps", "2087331"),
    ("eeq", "1198452"),
    ("claro", "40125678"),
    ("sucre", "1500234"),
)

MEMBERS = ("gabriel", "andrea")

amounts = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
    st.integers(min_value=1, max_value=30_000).map(from_cents),
    # Edges of the daily limits ($3,000 interbank, $5,000 internal).
    st.sampled_from([Decimal(x) for x in ("1500.00", "2999.99", "3000.00", "3000.01", "5000")]),
)
clock_jumps = st.one_of(
    st.integers(min_value=60, max_value=3_600),  # minutes
    st.integers(min_value=3_600, max_value=86_400),  # hours
    st.integers(min_value=86_400, max_value=60 * 86_400),  # days (the loan falls due in February)
)


def _note(what: str) -> None:
    """A Hypothesis event (shown by --hypothesis-show-statistics); a no-op outside it."""
    if currently_in_test_context():
        event(what)


@dataclass
class Member:
    key: str
    username: str
    password: str
    device_id: str
    member_id: int
    identification: str
    phone: str
    savings: str
    certificates: str
    token: str = ""
    failures: int = 0
    last_failure: datetime | None = None  # failures lapse LOCK_MINUTES after the last one


@dataclass(frozen=True)
class Confirmed:
    """The last operation confirmed with an idempotency key, to replay it."""

    member: str
    token: str
    challenge_id: str
    code: str
    key: str
    receipt: Receipt


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.core = Core.open(":memory:", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
        self.core.rate_limits = False  # hundreds of codes in frozen minutes: money is modelled
        self.outbox_seen = 0
        self.members: dict[str, Member] = {}
        for key, username, password in (
            ("gabriel", DEMO_USERNAME, DEMO_PASSWORD),
            ("andrea", SECOND_USERNAME, SECOND_PASSWORD),
        ):
            self.members[key] = self._member(key, username, password)
        gabriel = self.members["gabriel"]
        assert (gabriel.savings, gabriel.certificates) == (DEMO_SAVINGS, DEMO_CERTIFICATES)
        for m in self.members.values():
            self._first_login(m)
        self._give_andrea_beneficiaries()
        andrea = self.members["andrea"]
        self.immediate = {
            i.code: i.immediate_credit for i in self.core.financial_institutions(andrea.token)
        }
        # Daily limits already used by the seeded history (the model tracks the rest).
        self.used: dict[tuple[str, date, str], int] = {}
        today = self.core.now().date()
        for m in self.members.values():
            for limit in self.core.daily_limits(m.token):
                self.used[(m.key, today, limit.kind.value)] = to_cents(limit.used_today)
        self.pending: dict[str, int] = {}  # pending interbank reference -> total cents
        self.last: Confirmed | None = None
        self.recoveries = 0
        # Money the scheduler moves on its own is recognised by its business records.
        self.seen_installments = self._paid_installments()
        self.seen_maturities = self._matured_investments()
        self.seen_scheduled = self._scheduled_service_payments()
        self.seen_card_interest = self._card_interest()
        self.expected_member_cents = self._member_cents()

    def teardown(self) -> None:
        self.core.close()

    # -- setup ------------------------------------------------------------------------------
    def _member(self, key: str, username: str, password: str) -> Member:
        with self.core.db.reading() as conn:
            row = conn.execute(
                "SELECT m.* FROM users u JOIN members m ON m.id = u.member_id WHERE u.username = ?",
                (username,),
            ).fetchone()
            codes = {
                r["product"]: r["code"]
                for r in conn.execute(
                    "SELECT product, code FROM ledger_accounts WHERE member_id = ?"
                    " AND product IN ('AHO', 'CERT')",
                    (row["id"],),
                )
            }
        return Member(
            key=key,
            username=username,
            password=password,
            device_id=f"device-{key}-0001",
            member_id=row["id"],
            identification=row["identification"],
            phone=row["phone"],
            savings=codes["AHO"],
            certificates=codes["CERT"],
        )

    def _first_login(self, m: Member) -> None:
        token, result = self.core.login(m.username, m.password, m.device_id)
        assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
        with pytest.raises(DeviceNotRegistered):  # restricted session: nothing else allowed
            self.core.accounts(token)
        challenge = self.core.begin(
            token, DeviceRegistrationOrder(device_id=m.device_id, device_name=f"Pruebas {m.key}")
        )
        self.core.confirm(token, challenge.id, self._latest_code(m))
        token, result = self.core.login(m.username, m.password, m.device_id)
        assert result.status is LoginStatus.OK
        m.token = token

    def _give_andrea_beneficiaries(self) -> None:
        """Only the demo member has beneficiaries; let money also flow back to him."""
        andrea, gabriel = self.members["andrea"], self.members["gabriel"]
        orders = [
            BeneficiaryOrder(
                service=BeneficiaryService.INTERNAL,
                institution_code=INSTITUTION_CODE,
                account_type=BankAccountType.SAVINGS,
                account_number=gabriel.savings,
                name="Gabriel Andrés Silva Mora",
                id_type=IdType.CEDULA,
                identification=gabriel.identification,
            ),
            BeneficiaryOrder(
                service=BeneficiaryService.INTERBANK,
                institution_code="PRODUBANCO",
                account_type=BankAccountType.SAVINGS,
                account_number="2100456789",
                name="Rosa Elena Vásquez Pinto",
                id_type=IdType.CEDULA,
                identification=cedula("171234567"),
            ),
            BeneficiaryOrder(
                service=BeneficiaryService.INTERBANK,
                institution_code="MACHALA",
                account_type=BankAccountType.CHECKING,
                account_number="1029384756",
                name="Pedro José Cevallos Ruiz",
                id_type=IdType.CEDULA,
                identification=cedula("070456789"),
            ),
        ]
        for order in orders:
            challenge = self.core.begin(andrea.token, order)
            self.core.confirm(andrea.token, challenge.id, self._latest_code(andrea))

    # -- helpers ----------------------------------------------------------------------------
    def _new_messages(self) -> list[Any]:
        messages = self.core.outbox(self.outbox_seen)
        if messages:
            self.outbox_seen = messages[-1].id
        return messages

    def _latest_code(self, m: Member) -> str:
        sms = [x for x in self._new_messages() if x.channel is MessageChannel.SMS]
        assert sms, "no SMS with the code was sent"
        assert sms[-1].to == m.phone
        found = re.search(r"\b(\d{6})\b", sms[-1].body)
        assert found is not None, sms[-1].body
        return found.group(1)

    def _snapshot(self) -> tuple[Any, ...]:
        """Everything that is money: balances, open holds, journal size."""
        with self.core.db.reading() as conn:
            balances = tuple(
                tuple(r)
                for r in conn.execute(
                    "SELECT account_id, SUM(amount_cents) FROM postings"
                    " GROUP BY account_id ORDER BY account_id"
                )
            )
            holds = tuple(
                tuple(r)
                for r in conn.execute(
                    "SELECT id, account_id, amount_cents FROM holds"
                    " WHERE released_at IS NULL ORDER BY id"
                )
            )
            entries = conn.execute("SELECT COUNT(*) FROM journal_entries").fetchone()[0]
        return balances, holds, entries

    def _account_id(self, code: str) -> int:
        with self.core.db.reading() as conn:
            return int(
                conn.execute("SELECT id FROM ledger_accounts WHERE code = ?", (code,)).fetchone()[
                    "id"
                ]
            )

    def _balance(self, code: str) -> int:
        with self.core.db.reading() as conn:
            return ledger.balance_cents(conn, self._account_id(code))

    def _held(self, code: str) -> int:
        with self.core.db.reading() as conn:
            return ledger.held_cents(conn, self._account_id(code))

    def _available(self, code: str) -> int:
        with self.core.db.reading() as conn:
            return ledger.available_cents(conn, self._account_id(code))

    def _member_cents(self) -> int:
        with self.core.db.reading() as conn:
            return int(
                conn.execute(
                    "SELECT COALESCE(SUM(p.amount_cents), 0) FROM postings p"
                    " JOIN ledger_accounts a ON a.id = p.account_id WHERE a.kind = 'member'"
                ).fetchone()[0]
            )

    def _card(self) -> tuple[int, int, int]:
        """(limit, revolving id, deferred id) of the demo member's credit card."""
        with self.core.db.reading() as conn:
            row = conn.execute(
                "SELECT credit_limit_cents, revolving_id, deferred_id FROM cards WHERE id = ?",
                (DEMO_CREDIT_CARD,),
            ).fetchone()
        return row[0], row[1], row[2]

    def _card_balances(self) -> tuple[int, int]:
        """(revolving used, deferred used) in cents, straight from the ledger."""
        _, rot, dif = self._card()
        with self.core.db.reading() as conn:
            return -ledger.balance_cents(conn, rot), -ledger.balance_cents(conn, dif)

    def _unpaid_interest(self) -> int:
        """Billed interest still owed: in the revolving balance, but never deferrable."""
        with self.core.db.reading() as conn:
            card = conn.execute("SELECT * FROM cards WHERE id = ?", (DEMO_CREDIT_CARD,)).fetchone()
            return unpaid_interest_cents(conn, card, self.core.now())

    def _used_today(self, m: Member, kind: str) -> int:
        return self.used.get((m.key, self.core.now().date(), kind), 0)

    def _spend_limit(self, m: Member, kind: str, cents: int) -> None:
        slot = (m.key, self.core.now().date(), kind)
        self.used[slot] = self.used.get(slot, 0) + cents

    def _predict(self, m: Member, kind: str, amount: int, total: int) -> type[BackendError] | None:
        """What the core must answer: funds are checked first, then the daily limit."""
        if total > self._available(m.savings):
            return InsufficientFunds
        if amount > DAILY_LIMIT_CENTS[kind] - self._used_today(m, kind):
            return LimitExceeded
        return None

    def _attempt(
        self,
        m: Member,
        order: Any,
        expect: type[BackendError] | None,
        wrong_first: bool,
    ) -> Receipt | None:
        """begin + confirm; a refusal must be the predicted one and must move nothing."""
        before = self._snapshot()
        refusal: BackendError | None = None
        try:
            challenge = self.core.begin(m.token, order)
        except REFUSALS as exc:
            refusal = exc
        _note(f"{order.kind}: {type(refusal).__name__ if refusal else 'accepted'}")
        if refusal is not None:
            assert expect is not None, f"{order.kind}: refused with {refusal!r}, expected success"
            assert isinstance(refusal, expect), f"{order.kind}: {refusal!r}, expected {expect}"
            assert self._snapshot() == before, "a refused order moved money"
            return None
        assert expect is None, f"{order.kind}: accepted, expected {expect.__name__}"
        code = self._latest_code(m)
        if wrong_first:
            wrong = f"{(int(code) + 1) % 1_000_000:06d}"
            with pytest.raises(OtpInvalid) as info:
                self.core.confirm(m.token, challenge.id, wrong)
            assert info.value.attempts_left == challenge.attempts_left - 1
            assert self._snapshot() == before, "a wrong OTP moved money"
        key = uuid.uuid4().hex
        receipt = self.core.confirm(m.token, challenge.id, code, idempotency_key=key)
        assert receipt.total == challenge.total
        assert receipt.amount == challenge.amount
        self.last = Confirmed(m.key, m.token, challenge.id, code, key, receipt)
        return receipt

    # -- what the scheduler does on its own -------------------------------------------------
    def _paid_installments(self) -> dict[tuple[int, int], int]:
        with self.core.db.reading() as conn:
            return {
                (r["loan_id"], r["number"]): r["interest_cents"]
                + r["insurance_cents"]
                + r["arrears_paid_cents"]
                for r in conn.execute("SELECT * FROM loan_installments WHERE paid_at IS NOT NULL")
            }

    def _matured_investments(self) -> dict[int, int]:
        with self.core.db.reading() as conn:
            return {
                r["id"]: r["interest_paid_cents"]
                for r in conn.execute("SELECT * FROM investments WHERE status = 'CANCELADA'")
            }

    def _scheduled_service_payments(self) -> dict[int, int]:
        with self.core.db.reading() as conn:
            return {
                r["id"]: r["amount_cents"] + r["commission_cents"]
                for r in conn.execute("SELECT * FROM service_payments WHERE channel = 'scheduled'")
            }

    def _card_interest(self) -> dict[int, int]:
        """Interest a card cut-off charged (installments' and a late statement's), by entry."""
        with self.core.db.reading() as conn:
            income = ledger.internal_account(conn, "INTEREST_INCOME")
            return {
                r["id"]: r["cents"]
                for r in conn.execute(
                    "SELECT e.id, SUM(p.amount_cents) AS cents FROM journal_entries e"
                    " JOIN postings p ON p.entry_id = e.id AND p.account_id = ?"
                    " WHERE e.kind IN ('card_installment', 'card_interest', 'card_late_interest')"
                    " GROUP BY e.id",
                    (income,),
                )
            }

    def _absorb_background(self) -> None:
        """Add to the expected total what settlements, the scheduler and cut-offs moved."""
        # A card cut-off costs the member the interest it bills (the capital of an
        # installment moves between the card's own accounts).
        for key, interest in self._card_interest().items():
            if key not in self.seen_card_interest:
                self.seen_card_interest[key] = interest
                _note("card statement closed")
                self.expected_member_cents -= interest
        # A loan installment costs the member its interest, insurance and arrears (the
        # capital moves from savings to the loan account, both the member's).
        for key, cost in self._paid_installments().items():
            if key not in self.seen_installments:
                self.seen_installments[key] = cost
                _note("loan installment debited")
                self.expected_member_cents -= cost
        for key, interest in self._matured_investments().items():
            if key not in self.seen_maturities:
                self.seen_maturities[key] = interest
                self.expected_member_cents += interest
        for key, total in self._scheduled_service_payments().items():
            if key not in self.seen_scheduled:
                self.seen_scheduled[key] = total
                _note("scheduled service payment")
                self.expected_member_cents -= total
        now = self.core.now()
        with self.core.db.reading() as conn:
            for reference, total in list(self.pending.items()):
                t = conn.execute(
                    "SELECT * FROM transfers WHERE reference = ?", (reference,)
                ).fetchone()
                settles_at = datetime.fromisoformat(t["settles_at"])
                created = datetime.fromisoformat(t["created_at"])
                assert settles_at.time() == SETTLEMENT_TIME
                assert settles_at.date() > created.date()
                assert is_business_day(settles_at.date())
                if t["status"] == "completed":
                    assert now >= settles_at, f"{reference} settled early"
                    hold = conn.execute(
                        "SELECT released_at FROM holds WHERE id = ?", (t["hold_id"],)
                    ).fetchone()
                    assert hold["released_at"] is not None, f"{reference}: hold not released"
                    debited = conn.execute(
                        "SELECT COALESCE(SUM(amount_cents), 0) FROM postings"
                        " WHERE entry_id = ? AND account_id = ?",
                        (t["entry_id"], t["from_account_id"]),
                    ).fetchone()[0]
                    assert debited == -total, f"{reference}: settled {debited}, receipt {total}"
                    self.expected_member_cents -= total
                    del self.pending[reference]
                    _note("interbank transfer settled")
                else:
                    assert now < settles_at, f"{reference} still pending after {settles_at}"

    # -- rules: authentication ----------------------------------------------------------------
    @rule(who=st.sampled_from(MEMBERS), correct=st.booleans())
    def login(self, who: str, correct: bool) -> None:
        m = self.members[who]
        before = self._snapshot()
        if correct:
            token, result = self.core.login(m.username, m.password, m.device_id)
            assert result.status is LoginStatus.OK
            m.token, m.failures = token, 0
        else:
            with pytest.raises((InvalidCredentials, AccountLocked)) as info:
                self.core.login(m.username, WRONG_PASSWORD, m.device_id)
            outcome = info.value
            if isinstance(outcome, InvalidCredentials):
                m.failures += 1
                m.last_failure = self.core.now()
                assert m.failures < MAX_FAILURES
                assert outcome.attempts_left == MAX_FAILURES - m.failures
            else:
                assert m.failures + 1 == MAX_FAILURES, "locked before the third failure"
                _note("locked out and recovered")
                self._recover(m)
        assert self._snapshot() == before
        self._absorb_background()

    def _recover(self, m: Member) -> None:
        """Olvidé mi contraseña: temporary password by e-mail, then a new one."""
        with pytest.raises(AccountLocked):
            self.core.login(m.username, m.password, m.device_id)
        order = PasswordRecoveryOrder(
            username=m.username, id_type=IdType.CEDULA, identification=m.identification
        )
        challenge = self.core.begin(None, order)
        self.core.confirm(None, challenge.id, self._latest_code(m))
        mails = [x for x in self._new_messages() if x.channel is MessageChannel.EMAIL]
        found = re.search(r"CONTRASEÑA TEMPORAL: (\S+)", mails[-1].body)
        assert found is not None, mails[-1].body
        temporary = found.group(1)
        with pytest.raises(SessionExpired):  # recovery closes every open session
            self.core.accounts(m.token)
        token, result = self.core.login(m.username, temporary, m.device_id)
        assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
        self.recoveries += 1
        new_password = f"Renovada{self.recoveries}Clave"
        assert self.core.change_password(token, temporary, new_password) is LoginStatus.OK
        m.password, m.token, m.failures = new_password, token, 0

    # -- rules: transfers ---------------------------------------------------------------------
    @rule(
        who=st.sampled_from(MEMBERS),
        amount=amounts,
        from_certificates=st.booleans(),
        wrong_first=st.booleans(),
    )
    def own_transfer(
        self, who: str, amount: Decimal, from_certificates: bool, wrong_first: bool
    ) -> None:
        m = self.members[who]
        cents = to_cents(amount)
        src, dst = (m.certificates, m.savings) if from_certificates else (m.savings, m.certificates)
        expect = InvalidInput if from_certificates else self._predict(m, "own", cents, cents)
        src_before, dst_before = self._balance(src), self._balance(dst)
        receipt = self._attempt(
            m,
            OwnTransferOrder(from_account=src, to_account=dst, amount=amount),
            expect,
            wrong_first,
        )
        if receipt is not None:
            assert receipt.status is ReceiptStatus.COMPLETED
            assert receipt.total == amount
            assert self._balance(src) == src_before - cents
            assert self._balance(dst) == dst_before + cents
            self._spend_limit(m, "own", cents)
        self._absorb_background()

    @rule(who=st.sampled_from(MEMBERS), data=st.data(), amount=amounts, wrong_first=st.booleans())
    def internal_transfer(
        self, who: str, data: st.DataObject, amount: Decimal, wrong_first: bool
    ) -> None:
        m = self.members[who]
        beneficiaries = {
            b.id: b for b in self.core.beneficiaries(m.token, BeneficiaryService.INTERNAL)
        }
        assert beneficiaries, f"{who} has no internal beneficiary"
        ben_id = data.draw(st.sampled_from(sorted(beneficiaries)), label="beneficiary")
        self._internal_transfer(m, beneficiaries[ben_id], amount, wrong_first)

    def _internal_transfer(
        self, m: Member, ben: Beneficiary, amount: Decimal, wrong_first: bool
    ) -> None:
        cents = to_cents(amount)
        expect = self._predict(m, "internal", cents, cents)
        src_before, dst_before = self._balance(m.savings), self._balance(ben.account_number)
        order = InternalTransferOrder(from_account=m.savings, beneficiary_id=ben.id, amount=amount)
        receipt = self._attempt(m, order, expect, wrong_first)
        if receipt is not None:
            assert receipt.status is ReceiptStatus.COMPLETED
            assert receipt.total == amount
            assert self._balance(m.savings) == src_before - cents
            assert self._balance(ben.account_number) == dst_before + cents
            self._spend_limit(m, "internal", cents)
        self._absorb_background()

    @rule(who=st.sampled_from(MEMBERS), data=st.data(), amount=amounts, wrong_first=st.booleans())
    def interbank_transfer(
        self, who: str, data: st.DataObject, amount: Decimal, wrong_first: bool
    ) -> None:
        m = self.members[who]
        beneficiaries = {
            b.id: b for b in self.core.beneficiaries(m.token, BeneficiaryService.INTERBANK)
        }
        ben = beneficiaries[data.draw(st.sampled_from(sorted(beneficiaries)), label="beneficiary")]
        immediate = self.immediate[ben.institution_code]
        cents = to_cents(amount)
        total = cents + INTERBANK_FEE_CENTS
        expect = self._predict(m, "interbank", cents, total)
        balance_before, held_before = self._balance(m.savings), self._held(m.savings)
        available_before = self._available(m.savings)
        order = InterbankTransferOrder(from_account=m.savings, beneficiary_id=ben.id, amount=amount)
        receipt = self._attempt(m, order, expect, wrong_first)
        if receipt is not None:
            assert receipt.amount == amount
            assert receipt.commission == Decimal("0.36")
            assert receipt.iva == Decimal("0.05")
            assert receipt.total == from_cents(total)
            assert self._available(m.savings) == available_before - total
            if immediate:
                assert receipt.status is ReceiptStatus.COMPLETED
                assert self._balance(m.savings) == balance_before - total
                assert self._held(m.savings) == held_before
                self.expected_member_cents -= total
            else:
                assert receipt.status is ReceiptStatus.PENDING
                assert self._balance(m.savings) == balance_before  # contable: unchanged
                assert self._held(m.savings) == held_before + total
                self.pending[receipt.reference] = total
            self._spend_limit(m, "interbank", cents)
        self._absorb_background()

    # -- rules: services and cards --------------------------------------------------------------
    @rule(who=st.sampled_from(MEMBERS), service=st.sampled_from(SERVICE_CODES), data=st.data())
    def pay_service(self, who: str, service: tuple[str, str], data: st.DataObject) -> None:
        m = self.members[who]
        biller_id, code = service
        try:
            bills = self.core.lookup_bills(m.token, biller_id, code)
        except NotFound:
            with self.core.db.reading() as conn:
                unpaid = conn.execute(
                    "SELECT COUNT(*) FROM bills WHERE biller_id = ? AND service_code = ?"
                    " AND paid_at IS NULL",
                    (biller_id, code),
                ).fetchone()[0]
            assert unpaid == 0, "lookup found nothing but bills are pending"
            self._absorb_background()
            return
        by_id = {b.id: b for b in bills}
        chosen = data.draw(
            st.lists(st.sampled_from(sorted(by_id)), min_size=1, unique=True), label="bills"
        )
        total = sum(to_cents(by_id[b].amount) + to_cents(by_id[b].commission) for b in chosen)
        expect = InsufficientFunds if total > self._available(m.savings) else None
        before = self._balance(m.savings)
        order = ServicePaymentOrder(
            from_account=m.savings, biller_id=biller_id, service_code=code, bill_ids=tuple(chosen)
        )
        receipt = self._attempt(m, order, expect, wrong_first=False)
        if receipt is not None:
            assert receipt.status is ReceiptStatus.COMPLETED
            assert receipt.total == from_cents(total)
            assert self._balance(m.savings) == before - total
            self.expected_member_cents -= total
            left: set[str] = set()
            with contextlib.suppress(NotFound):
                left = {b.id for b in self.core.lookup_bills(m.token, biller_id, code)}
            assert not left & set(chosen), "a paid bill is still pending"
        self._absorb_background()

    @rule(amount=amounts, wrong_first=st.booleans())
    def pay_credit_card(self, amount: Decimal, wrong_first: bool) -> None:
        m = self.members["gabriel"]
        cents = to_cents(amount)
        revolving, deferred = self._card_balances()
        expect = InvalidInput if cents > revolving else self._predict(m, "internal", cents, cents)
        before = self._balance(m.savings)
        order = CardPaymentOrder(from_account=m.savings, card_id=DEMO_CREDIT_CARD, amount=amount)
        receipt = self._attempt(m, order, expect, wrong_first)
        if receipt is not None:
            assert receipt.status is ReceiptStatus.COMPLETED
            assert receipt.total == amount
            assert self._balance(m.savings) == before - cents
            assert self._card_balances() == (revolving - cents, deferred)
            self._spend_limit(m, "internal", cents)
        self._absorb_background()

    @rule(
        data=st.data(),
        what=st.sampled_from(list(DeferralTarget)),
        months=st.sampled_from(DEFERRAL_TERMS),
    )
    def defer(self, data: st.DataObject, what: DeferralTarget, months: int) -> None:
        m = self.members["gabriel"]
        revolving, deferred = self._card_balances()
        deferrable_max = revolving - min(self._unpaid_interest(), revolving)  # never interest
        ids: tuple[int, ...] = ()
        if what is DeferralTarget.REVOLVING_BALANCE:
            principal = deferrable_max
            expect = InvalidInput if deferrable_max < 5_000 else None
        else:
            deferrable = {
                t.id: to_cents(t.amount)
                for t in self.core.card_transactions(
                    m.token, DEMO_CREDIT_CARD, deferrable_only=True
                )
            }
            if deferrable:
                ids = tuple(
                    data.draw(
                        st.lists(st.sampled_from(sorted(deferrable)), min_size=1, unique=True),
                        label="transactions",
                    )
                )
            principal = sum(deferrable[i] for i in ids)
            expect = InvalidInput if not ids or principal > deferrable_max else None
        order = DeferralOrder(
            card_id=DEMO_CREDIT_CARD, target=what, transaction_ids=ids, months=months
        )
        receipt = self._attempt(m, order, expect, wrong_first=False)
        if receipt is not None:
            assert receipt.amount == from_cents(principal)
            assert self._card_balances() == (revolving - principal, deferred + principal)
            left = {
                t.id
                for t in self.core.card_transactions(
                    m.token, DEMO_CREDIT_CARD, deferrable_only=True
                )
            }
            assert not left & set(ids), "a deferred purchase is still deferrable"
            if what is DeferralTarget.REVOLVING_BALANCE:
                assert not left, "purchases stay deferrable after deferring the whole balance"
        self._absorb_background()

    # -- rules: idempotency and time ------------------------------------------------------------
    @precondition(lambda self: self.last is not None)
    @rule(reuse_elsewhere=st.booleans())
    def replay_last_confirm(self, reuse_elsewhere: bool) -> None:
        last = self.last
        assert last is not None
        m = self.members[last.member]
        before = self._snapshot()
        again = self.core.confirm(m.token, last.challenge_id, last.code, idempotency_key=last.key)
        assert again.reference == last.receipt.reference
        assert again == last.receipt
        assert self._snapshot() == before, "a replayed idempotency key moved money"
        # Without the key the used challenge is dead (or gone with its session).
        expected_error = OtpExpired if m.token == last.token else NotFound
        with pytest.raises(expected_error):
            self.core.confirm(m.token, last.challenge_id, last.code)
        assert self._snapshot() == before, "a used challenge moved money again"
        if reuse_elsewhere:
            order = OwnTransferOrder(
                from_account=m.savings, to_account=m.certificates, amount=Decimal("0.01")
            )
            try:
                challenge = self.core.begin(m.token, order)
            except REFUSALS:
                pass
            else:
                code = self._latest_code(m)
                with pytest.raises(Conflict):
                    self.core.confirm(m.token, challenge.id, code, idempotency_key=last.key)
                self.core.cancel(m.token, challenge.id)
            assert self._snapshot() == before, "a conflicting idempotency key moved money"
        self._absorb_background()

    @rule(seconds=clock_jumps)
    def advance_clock(self, seconds: int) -> None:
        before = self.core.now()
        after = self.core.advance_clock(seconds)
        assert (after - before).total_seconds() == seconds
        for m in self.members.values():  # sessions travel with the clock
            self.core.accounts(m.token)
            if m.last_failure and after >= m.last_failure + timedelta(minutes=LOCK_MINUTES):
                m.failures, m.last_failure = 0, None
        self._absorb_background()

    # -- invariants -----------------------------------------------------------------------------
    @invariant()
    def books_balance(self) -> None:
        with self.core.db.reading() as conn:
            assert ledger.unbalanced_entries(conn) == []
            assert ledger.trial_balance_cents(conn) == 0
            assert ledger.stale_balances(conn) == []  # the kept balances are the sums

    @invariant()
    def savings_never_negative(self) -> None:
        with self.core.db.reading() as conn:
            for row in conn.execute("SELECT id, code FROM ledger_accounts WHERE product = 'AHO'"):
                balance = ledger.balance_cents(conn, row["id"])
                held = ledger.held_cents(conn, row["id"])
                assert balance >= 0, f"{row['code']}: saldo contable {balance}"
                assert balance - held >= 0, f"{row['code']}: saldo disponible {balance - held}"

    @invariant()
    def money_is_conserved(self) -> None:
        with self.core.db.reading() as conn:
            internal = conn.execute(
                "SELECT COALESCE(SUM(p.amount_cents), 0) FROM postings p"
                " JOIN ledger_accounts a ON a.id = p.account_id WHERE a.kind = 'internal'"
            ).fetchone()[0]
        members = self._member_cents()
        assert members + internal == 0
        assert members == self.expected_member_cents, (
            f"members hold {members} cents, receipts say {self.expected_member_cents}"
        )

    @invariant()
    def certificates_never_available(self) -> None:
        with self.core.db.reading() as conn:
            for row in conn.execute("SELECT id FROM ledger_accounts WHERE product = 'CERT'"):
                assert ledger.available_cents(conn, row["id"]) == 0
            for m in self.members.values():
                for account in self.core._accounts(conn, m.member_id):
                    if account.number == m.certificates:
                        assert account.available_balance == 0

    @invariant()
    def credit_cards_within_limit(self) -> None:
        with self.core.db.reading() as conn:
            for card in conn.execute("SELECT * FROM cards WHERE kind = 'credit'"):
                revolving = -ledger.balance_cents(conn, card["revolving_id"])
                deferred = -ledger.balance_cents(conn, card["deferred_id"])
                assert revolving >= 0, f"{card['id']}: revolving in credit ({revolving})"
                assert deferred >= 0, f"{card['id']}: deferred in credit ({deferred})"
                # Only what the bank itself charges at a cut-off (interest) may take the
                # card over its limit; the member's deferrals and payments never do.
                charged = sum(self.seen_card_interest.values())
                available = card["credit_limit_cents"] - revolving - deferred
                assert available >= -charged, f"{card['id']}: available {available}"


LedgerMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
TestLedger = LedgerMachine.TestCase


def test_scheduler_debits_are_accounted_for() -> None:
    """What random runs rarely reach: the loan installment and the scheduled payment.

    Andrea funds the demo member, then the clock crosses the 3 January CNT bill (paid by
    the scheduled payment) and the 5 February installment (debited with a few days of
    arrears); the books and the expected member total must still agree.
    """
    machine = LedgerMachine()
    try:
        andrea = machine.members["andrea"]
        (to_gabriel,) = machine.core.beneficiaries(andrea.token, BeneficiaryService.INTERNAL)
        scheduled, installments = len(machine.seen_scheduled), len(machine.seen_installments)
        machine._internal_transfer(andrea, to_gabriel, Decimal("1200.00"), wrong_first=False)
        for _ in range(3):
            machine.advance_clock(20 * 86_400)
            machine.books_balance()
            machine.savings_never_negative()
            machine.money_is_conserved()
            machine.certificates_never_available()
            machine.credit_cards_within_limit()
        assert len(machine.seen_scheduled) > scheduled
        assert len(machine.seen_installments) > installments
    finally:
        machine.teardown()
