"""The `Backend` contract, as a member of Cooprogreso would notice it.

Every adapter must pass this suite. It talks only to `Backend` and reads the simulated
phone and mailbox through `backend.demo`. Expected figures come from the web manual
(its member Gabriel Silva on 18/12/2024) or are derived from other reads of the backend.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

import pytest
from pydantic import SecretStr

from cooptui.backend.errors import (
    AccountLocked,
    BackendError,
    Conflict,
    DeviceNotRegistered,
    InsufficientFunds,
    InvalidCredentials,
    InvalidInput,
    NotFound,
    OtpExpired,
    OtpInvalid,
    PasswordChangeRequired,
    SessionExpired,
)
from cooptui.backend.protocol import Backend
from cooptui.domain.auth import LoginStatus, OutboxMessage
from cooptui.domain.cards import (
    CardKind,
    CardStatement,
    DeferralTarget,
    PayableCardOwner,
    StatementStatus,
)
from cooptui.domain.catalog import ProductCategory, ProductOffer, TermUnit
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import (
    BeneficiaryOrder,
    CardPaymentOrder,
    Challenge,
    DeferralOrder,
    DeviceRegistrationOrder,
    EnrollmentOrder,
    ExternalCardOrder,
    InterbankTransferOrder,
    InternalTransferOrder,
    Order,
    OwnTransferOrder,
    PasswordRecoveryOrder,
    PinChangeOrder,
    Receipt,
    ReceiptStatus,
    ScheduledPaymentOrder,
    ServicePaymentOrder,
    ServiceRegistrationOrder,
    UsernameReminderOrder,
)
from cooptui.domain.products import (
    Account,
    AccountStatus,
    AccountType,
    InstallmentStatus,
    LoanStatus,
    MovementType,
)
from cooptui.domain.services import Frequency, PaymentChannel, ScheduledPaymentStatus
from cooptui.domain.transfers import (
    BankAccountType,
    BeneficiaryService,
    IdType,
    TransferKind,
    TransferStatus,
)
from tests.contract.conftest import (
    DEVICE_ID,
    DEVICE_NAME,
    assert_spanish,
    confirm_order,
    demo,
    demo_credentials,
    emails_since,
    expect,
    last_message_id,
    latest_code,
    latest_sms,
    login_full,
    sms_since,
    wrong_code,
)

# The web manual's figures for its member (the spec of the seeded demo bank).
SAVINGS_LEDGER = Decimal("295.65")
SAVINGS_AVAILABLE = Decimal("290.90")
CERTIFICATES_LEDGER = Decimal("412.50")
LOAN_NUMBER = "0118958000"
LOAN_AMOUNT = Decimal("13750.00")
LOAN_TERM = 48
INVESTMENT_NUMBER = "0010"
INVESTMENT_AMOUNT = Decimal("10000.00")
INVESTMENT_RATE_PERCENT = Decimal("7.90")
INVESTMENT_DAYS = 365
CREDIT_CARD_MASK = "513744XXXXXX0395"
CARD_REVOLVING = Decimal("1538.14")
CARD_DEFERRED = Decimal("7597.38")
CNT_MANUAL_CODE = "023035471"
CNT_MANUAL_BILL = Decimal("7.13")
INTERBANK_COMMISSION = Decimal("0.36")
INTERBANK_IVA = Decimal("0.05")
OTP_TTL = timedelta(minutes=5)
OPERATION_LIFE = timedelta(minutes=20)  # a first code and its 3 re-sends
OTP_ATTEMPTS = 3

NEW_PASSWORD = "Cooperativa2025x"
EXTERNAL_CARD_NUMBER = "4111111111111111"
_MASKED_CARD = re.compile(r"^\d{6}X{6}\d{4}$")


# -- small helpers -----------------------------------------------------------------------------


def cedula(first_nine: str) -> str:
    """A valid Ecuadorian cédula: `first_nine` plus its módulo-10 check digit."""
    total = 0
    for index, char in enumerate(first_nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return first_nine + str((10 - total % 10) % 10)


def one(accounts: typing.Iterable[Account], kind: AccountType) -> Account:
    matching = [a for a in accounts if a.type is kind]
    assert len(matching) == 1, matching
    return matching[0]


async def savings(backend: Backend) -> Account:
    return one(await backend.accounts(), AccountType.SAVINGS)


async def certificates(backend: Backend) -> Account:
    return one(await backend.accounts(), AccountType.SHARE_CERTIFICATES)


async def account(backend: Backend, number: str) -> Account:
    return next(a for a in await backend.accounts() if a.number == number)


async def today(backend: Backend) -> date:
    return (await demo(backend).now()).date()


async def email_with(backend: Backend, since_id: int, pattern: str) -> tuple[OutboxMessage, str]:
    """The e-mail sent after `since_id` whose body matches `pattern`, and the first group."""
    for message in await emails_since(backend, since_id):
        match = re.search(pattern, message.body)
        if match:
            return message, match.group(1)
    raise AssertionError(f"no e-mail matching {pattern!r}")


async def other_members_account(backend: Backend) -> str:
    internal = await backend.beneficiaries(BeneficiaryService.INTERNAL)
    assert internal
    return internal[0].account_number


# -- products ----------------------------------------------------------------------------------


async def test_product_summary_shows_the_manuals_figures(backend: Backend) -> None:
    await login_full(backend)
    summary = await backend.product_summary()
    profile = await backend.profile()

    aho = one(summary.accounts, AccountType.SAVINGS)
    assert (aho.ledger_balance, aho.available_balance) == (SAVINGS_LEDGER, SAVINGS_AVAILABLE)
    assert aho.status is AccountStatus.ACTIVE
    assert aho.holder_name == profile.full_name
    assert aho.currency == "USD"
    cert = one(summary.accounts, AccountType.SHARE_CERTIFICATES)
    assert (cert.ledger_balance, cert.available_balance) == (CERTIFICATES_LEDGER, Decimal("0.00"))

    (loan,) = summary.loans
    assert loan.number == LOAN_NUMBER
    assert loan.amount == LOAN_AMOUNT
    assert loan.status is LoanStatus.CURRENT
    assert loan.term_months == LOAN_TERM
    assert loan.granted_on == await today(backend)
    assert loan.capital_balance == LOAN_AMOUNT  # granted today: nothing repaid yet

    (investment,) = summary.investments
    assert investment.number == INVESTMENT_NUMBER
    assert investment.amount == INVESTMENT_AMOUNT
    assert investment.annual_rate * 100 == INVESTMENT_RATE_PERCENT
    assert investment.days == INVESTMENT_DAYS

    (card,) = summary.credit_cards
    assert card.masked_number == CREDIT_CARD_MASK
    assert card.revolving_used == CARD_REVOLVING
    assert card.deferred_used == CARD_DEFERRED
    assert card.available == card.credit_limit - card.revolving_used - card.deferred_used

    assert list(summary.accounts) == await backend.accounts()
    assert list(summary.investments) == await backend.investments()
    assert list(summary.credit_cards) == await backend.credit_cards()


async def test_money_has_two_decimal_places(backend: Backend) -> None:
    await login_full(backend)
    summary = await backend.product_summary()
    amounts = [a.ledger_balance for a in summary.accounts] + [
        c.revolving_used for c in summary.credit_cards
    ]
    amounts += [m.amount for m in await backend.last_movements((await savings(backend)).number)]
    for amount in amounts:
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -2, amount


async def test_movements_cover_twelve_months_newest_first(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    moves = await backend.movements(aho.number)
    now = await demo(backend).now()
    year_ago = now.date().replace(year=now.year - 1)

    assert len(moves) > 12
    stamps = [m.posted_at for m in moves]
    assert stamps == sorted(stamps, reverse=True)
    assert all(m.account_number == aho.number for m in moves)
    assert stamps[0] <= now
    assert year_ago <= stamps[-1].date() <= year_ago + timedelta(days=31)
    assert len({m.posted_at.strftime("%Y-%m") for m in moves}) >= 12

    # The running saldo contable ends at the account's balance and adds up line by line.
    assert moves[0].balance == aho.ledger_balance
    for newer, older in itertools.pairwise(moves):
        assert newer.balance == older.balance + newer.amount
    for m in moves:
        assert m.amount != 0
        assert (m.type is MovementType.CREDIT) == (m.amount > 0)


async def test_movements_filter_by_date(backend: Backend) -> None:
    await login_full(backend)
    number = (await savings(backend)).number
    everything = await backend.movements(number)
    date_from = everything[len(everything) // 2].posted_at.date()
    date_to = everything[len(everything) // 4].posted_at.date()
    assert date_from < date_to

    window = await backend.movements(number, date_from, date_to)
    expected = [m for m in everything if date_from <= m.posted_at.date() <= date_to]
    assert window == expected
    assert window

    only_to = await backend.movements(number, date_to=date_from)
    assert only_to == [m for m in everything if m.posted_at.date() <= date_from]

    with expect(InvalidInput):
        await backend.movements(number, date_to, date_from)


async def test_movements_never_reach_back_more_than_twelve_months(backend: Backend) -> None:
    """Share certificates were opened years ago; only the last 12 months are listed."""
    await login_full(backend)
    cert = await certificates(backend)
    now = await demo(backend).now()
    year_ago = now.date().replace(year=now.year - 1)
    asked = await backend.movements(cert.number, date_from=now.date() - timedelta(days=5 * 365))
    assert asked == await backend.movements(cert.number)
    assert asked, "the monthly share contributions of the year are missing"
    assert all(m.posted_at.date() >= year_ago for m in asked)
    assert asked[0].balance == cert.ledger_balance


async def test_last_movements_are_the_ten_newest(backend: Backend) -> None:
    await login_full(backend)
    number = (await savings(backend)).number
    everything = await backend.movements(number)
    assert await backend.last_movements(number) == everything[:10]
    assert await backend.last_movements(number, limit=3) == everything[:3]


async def test_another_members_account_is_not_readable(backend: Backend) -> None:
    await login_full(backend)
    foreign = await other_members_account(backend)
    with expect((InvalidInput, NotFound)):
        await backend.movements(foreign)
    with expect((InvalidInput, NotFound)):
        await backend.last_movements(foreign)
    with expect((InvalidInput, NotFound)):
        await backend.holds(foreign)
    with expect((InvalidInput, NotFound)):
        await backend.account_share(foreign)


async def test_holds_explain_the_difference_between_balances(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    holds = await backend.holds(aho.number)
    assert holds
    assert sum(h.amount for h in holds) == aho.ledger_balance - aho.available_balance
    assert sum(h.amount for h in holds) == SAVINGS_LEDGER - SAVINGS_AVAILABLE
    for hold in holds:
        assert hold.account_number == aho.number
        assert hold.reason.strip()
        assert hold.amount > 0
    assert await backend.holds((await certificates(backend)).number) == []


async def test_loan_detail_has_48_installments(backend: Backend) -> None:
    await login_full(backend)
    (loan,) = (await backend.product_summary()).loans
    detail = await backend.loan_detail(loan.number)
    assert detail.loan == loan
    rows = detail.schedule
    assert [r.number for r in rows] == list(range(1, LOAN_TERM + 1))
    assert sum(r.capital for r in rows) == LOAN_AMOUNT
    assert rows[-1].balance_after == 0
    dues = [r.due_date for r in rows]
    assert dues == sorted(dues)
    assert len(set(dues)) == LOAN_TERM
    assert dues[0] > loan.granted_on
    assert all(r.status is not InstallmentStatus.PAID for r in rows)
    for row in rows:
        assert row.total == row.capital + row.interest + row.insurance + row.arrears
    assert loan.next_payment_date == rows[0].due_date
    assert loan.next_payment_amount == rows[0].total
    with expect(NotFound):
        await backend.loan_detail("0000000001")


async def test_investments(backend: Backend) -> None:
    await login_full(backend)
    (inv,) = await backend.investments()
    assert inv.number == INVESTMENT_NUMBER
    assert inv.amount == INVESTMENT_AMOUNT
    assert inv.annual_rate * 100 == INVESTMENT_RATE_PERCENT
    assert inv.days == INVESTMENT_DAYS
    assert inv.matures_on - inv.issued_on == timedelta(days=INVESTMENT_DAYS)
    now = await today(backend)
    assert inv.issued_on <= now < inv.matures_on
    assert 0 < inv.interest_earned < inv.interest_at_maturity
    elapsed = (now - inv.issued_on).days
    pro_rata = inv.interest_at_maturity * elapsed / inv.days
    assert abs(inv.interest_earned - pro_rata) <= Decimal("0.01")
    assert inv.interest_paid == 0


async def test_debit_cards(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    cards = await backend.debit_cards()
    assert cards
    for card in cards:
        assert _MASKED_CARD.match(card.masked_number), card.masked_number
        assert card.account_number == aho.number
        assert card.holder_name == aho.holder_name
    assert await backend.debit_cards(aho.number) == cards
    assert await backend.debit_cards((await certificates(backend)).number) == []


async def test_credit_cards(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    assert card.masked_number == CREDIT_CARD_MASK
    assert (card.revolving_used, card.deferred_used) == (CARD_REVOLVING, CARD_DEFERRED)
    assert card.available == card.credit_limit - CARD_REVOLVING - CARD_DEFERRED
    assert 0 < card.minimum_payment <= card.revolving_used
    assert card.statement_date < card.payment_due_date
    assert card.payment_due_date >= await today(backend)


@pytest.mark.parametrize("kind", [CardKind.DEBIT, CardKind.CREDIT])
async def test_recover_card_pin_emails_a_temporary_pin(backend: Backend, kind: CardKind) -> None:
    await login_full(backend)
    if kind is CardKind.DEBIT:
        card = (await backend.debit_cards())[0]
    else:
        card = (await backend.credit_cards())[0]
    since = await last_message_id(backend)
    message = await backend.recover_card_pin(kind, card.id)
    assert message.strip()
    assert "correo" in message.lower()
    mail, pin = await email_with(backend, since, r"(?i)clave temporal\D*(\d{4})\b")
    assert card.masked_number in mail.body
    assert pin not in message
    with expect((InvalidInput, NotFound)):
        await backend.recover_card_pin(kind, "NO-SUCH-CARD")


async def test_account_share(backend: Backend) -> None:
    await login_full(backend)
    profile = await backend.profile()
    aho = await savings(backend)
    share = await backend.account_share(aho.number)
    assert share.account_number == aho.number
    assert share.holder_name == profile.full_name
    assert share.identification == profile.identification
    assert "cooprogreso" in share.institution.lower()
    assert share.account_type.strip()
    text = share.as_text()
    assert aho.number in text
    assert profile.identification in text


# -- transfers and beneficiaries ---------------------------------------------------------------


async def test_financial_institutions(backend: Backend) -> None:
    await login_full(backend)
    institutions = await backend.financial_institutions()
    codes = [i.code for i in institutions]
    assert len(codes) == len(set(codes))
    assert sum("cooprogreso" in i.name.lower() for i in institutions) == 1
    assert any(i.immediate_credit for i in institutions)
    assert any(not i.immediate_credit for i in institutions)
    beneficiaries = await backend.beneficiaries()
    assert {b.institution_code for b in beneficiaries} <= set(codes)


async def test_daily_limits_count_todays_transfers(backend: Backend) -> None:
    await login_full(backend)
    before = {d.kind: d for d in await backend.daily_limits()}
    assert set(before) == set(TransferKind)
    for limit in before.values():
        assert limit.limit > 0
        assert limit.used_today == 0
        assert limit.remaining == limit.limit - limit.used_today

    internal = (await backend.beneficiaries(BeneficiaryService.INTERNAL))[0]
    aho = await savings(backend)
    amount = Decimal("12.00")
    await confirm_order(
        backend,
        InternalTransferOrder(from_account=aho.number, beneficiary_id=internal.id, amount=amount),
    )
    after = {d.kind: d for d in await backend.daily_limits()}
    assert after[TransferKind.INTERNAL].used_today == amount
    assert after[TransferKind.INTERNAL].remaining == before[TransferKind.INTERNAL].limit - amount
    assert after[TransferKind.OWN] == before[TransferKind.OWN]
    assert after[TransferKind.INTERBANK] == before[TransferKind.INTERBANK]


async def test_transfers_history(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    transfers = await backend.transfers()
    assert transfers
    stamps = [t.created_at for t in transfers]
    assert stamps == sorted(stamps, reverse=True)
    assert len({t.reference for t in transfers}) == len(transfers)
    for t in transfers:
        assert t.from_account == aho.number
        assert t.amount > 0
        if t.kind is TransferKind.INTERBANK:
            assert (t.commission, t.iva) == (INTERBANK_COMMISSION, INTERBANK_IVA)
        else:
            assert (t.commission, t.iva) == (0, 0)
    completed = await backend.transfers(TransferStatus.COMPLETED)
    pending = await backend.transfers(TransferStatus.PENDING)
    assert all(t.status is TransferStatus.COMPLETED for t in completed)
    assert all(t.status is TransferStatus.PENDING for t in pending)
    assert sorted(t.reference for t in completed + pending) == sorted(
        t.reference for t in transfers
    )


async def test_interbank_transfer_without_immediate_credit_is_held_then_settled(
    backend: Backend,
) -> None:
    await login_full(backend)
    institutions = {i.code: i for i in await backend.financial_institutions()}
    payee = next(
        b
        for b in await backend.beneficiaries(BeneficiaryService.INTERBANK)
        if not institutions[b.institution_code].immediate_credit
    )
    before = await savings(backend)
    holds_before = await backend.holds(before.number)
    amount = Decimal("30.00")
    total = amount + INTERBANK_COMMISSION + INTERBANK_IVA
    receipt = await confirm_order(
        backend,
        InterbankTransferOrder(from_account=before.number, beneficiary_id=payee.id, amount=amount),
    )
    assert receipt.status is ReceiptStatus.PENDING
    assert receipt.total == total
    assert receipt.message.strip()

    (pending,) = await backend.transfers(TransferStatus.PENDING)
    assert pending.reference == receipt.reference
    assert pending.to_account == payee.account_number
    now = await demo(backend).now()
    assert pending.settles_at is not None
    assert pending.settles_at > now
    held = await savings(backend)
    assert held.ledger_balance == before.ledger_balance
    assert held.available_balance == before.available_balance - total
    assert len(await backend.holds(before.number)) == len(holds_before) + 1

    await demo(backend).advance_clock(int((pending.settles_at - now).total_seconds()) + 1)
    assert await backend.transfers(TransferStatus.PENDING) == []
    settled = next(t for t in await backend.transfers() if t.reference == receipt.reference)
    assert settled.status is TransferStatus.COMPLETED
    after = await savings(backend)
    assert after.ledger_balance == before.ledger_balance - total
    assert after.available_balance == before.available_balance - total
    assert await backend.holds(before.number) == holds_before


async def test_beneficiaries_search(backend: Backend) -> None:
    await login_full(backend)
    everyone = await backend.beneficiaries()
    internal = await backend.beneficiaries(BeneficiaryService.INTERNAL)
    interbank = await backend.beneficiaries(BeneficiaryService.INTERBANK)
    assert internal
    assert interbank
    assert all(b.service is BeneficiaryService.INTERNAL for b in internal)
    assert all(b.service is BeneficiaryService.INTERBANK for b in interbank)
    assert sorted(b.id for b in internal + interbank) == sorted(b.id for b in everyone)

    target = interbank[0]
    surname = target.name.split()[-1]
    by_name = await backend.beneficiaries(name=surname.lower())
    assert target in by_name
    assert all(surname.lower() in b.name.lower() for b in by_name)
    by_id = await backend.beneficiaries(identification=target.identification[:6])
    assert target in by_id
    assert all(b.identification.startswith(target.identification[:6]) for b in by_id)
    assert await backend.beneficiaries(name="Nadie Seregistro Conestenombre") == []


async def test_update_beneficiary(backend: Backend) -> None:
    await login_full(backend)
    target = (await backend.beneficiaries(BeneficiaryService.INTERBANK))[0]
    updated = await backend.update_beneficiary(
        target.id,
        name=target.name,
        id_type=target.id_type,
        identification=target.identification,
        email="contacto.beneficiario@correo.example",
        alias="Primo",
    )
    assert updated.id == target.id
    assert (updated.email, updated.alias) == ("contacto.beneficiario@correo.example", "Primo")
    assert updated.account_number == target.account_number
    assert updated.institution_code == target.institution_code
    assert updated in await backend.beneficiaries()

    with expect(InvalidInput, field="email"):
        await backend.update_beneficiary(
            target.id,
            name=target.name,
            id_type=target.id_type,
            identification=target.identification,
            email="no-es-un-correo",
        )
    with expect(InvalidInput, field="identification"):
        await backend.update_beneficiary(
            target.id, name=target.name, id_type=IdType.CEDULA, identification="1234567890"
        )
    with expect(NotFound):
        await backend.update_beneficiary(
            987654, name="X", id_type=IdType.CEDULA, identification=target.identification
        )
    assert updated in await backend.beneficiaries()


async def test_delete_beneficiary(backend: Backend) -> None:
    await login_full(backend)
    target = (await backend.beneficiaries(BeneficiaryService.INTERNAL))[0]
    await backend.delete_beneficiary(target.id)
    assert target.id not in [b.id for b in await backend.beneficiaries()]
    with expect(NotFound):
        await backend.delete_beneficiary(target.id)
    aho = await savings(backend)
    since = await last_message_id(backend)
    with expect(InvalidInput, field="beneficiary_id"):
        await backend.begin(
            InternalTransferOrder(
                from_account=aho.number, beneficiary_id=target.id, amount=Decimal("1.00")
            )
        )
    assert await sms_since(backend, since) == []


# -- service payments --------------------------------------------------------------------------


async def test_service_categories_and_billers(backend: Backend) -> None:
    await login_full(backend)
    categories = await backend.service_categories()
    assert categories
    assert len({c.id for c in categories}) == len(categories)
    every = await backend.billers()
    by_category = []
    for category in categories:
        billers = await backend.billers(category.id)
        assert billers, category
        assert all(b.category_id == category.id for b in billers)
        by_category += billers
    assert sorted(b.id for b in by_category) == sorted(b.id for b in every)
    for biller in every:
        assert biller.name.strip()
        assert biller.code_label.strip()
        assert biller.commission >= 0


async def test_lookup_bills_finds_the_manuals_cnt_bill(backend: Backend) -> None:
    await login_full(backend)
    cnt = next(b for b in await backend.billers() if b.name.upper().startswith("CNT"))
    (bill,) = await backend.lookup_bills(cnt.id, CNT_MANUAL_CODE)
    assert bill.amount == CNT_MANUAL_BILL
    assert bill.commission == cnt.commission
    assert bill.total == CNT_MANUAL_BILL + cnt.commission
    assert bill.service_code == CNT_MANUAL_CODE
    assert bill.biller_id == cnt.id
    assert bill.holder_name.strip()
    assert bill.receipt_number.strip()
    assert bill.due_date >= await today(backend)
    with expect(InvalidInput, field="service_code"):
        await backend.lookup_bills(cnt.id, "12")
    with expect((InvalidInput, NotFound)):
        await backend.lookup_bills("no-such-biller", CNT_MANUAL_CODE)


async def test_scheduled_payments_and_cancel(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    (seeded,) = await backend.scheduled_payments()
    assert seeded.status is ScheduledPaymentStatus.ACTIVE
    assert seeded.account_number == aho.number
    assert seeded.max_amount > 0

    cancelled = await backend.cancel_scheduled_payment(seeded.id)
    assert cancelled.id == seeded.id
    assert cancelled.status is ScheduledPaymentStatus.CANCELLED
    assert await backend.scheduled_payments() == [cancelled]
    with expect(NotFound):
        await backend.cancel_scheduled_payment(seeded.id)
    with expect(NotFound):
        await backend.cancel_scheduled_payment(987654)


async def test_scheduling_the_same_service_twice_is_refused(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    (seeded,) = await backend.scheduled_payments()
    order = ScheduledPaymentOrder(
        from_account=aho.number,
        biller_id=seeded.biller_id,
        service_code=seeded.service_code,
        max_amount=Decimal("40.00"),
        frequency=Frequency.ASAP,
        start_date=await today(backend),
        terms_accepted=True,
    )
    with expect(Conflict):
        await backend.begin(order)
    await backend.cancel_scheduled_payment(seeded.id)
    with expect(InvalidInput, field="terms_accepted"):
        await backend.begin(order.model_copy(update={"terms_accepted": False}))
    with expect(InvalidInput, field="start_date"):
        await backend.begin(
            order.model_copy(update={"start_date": await today(backend) - timedelta(days=1)})
        )


async def test_payment_history(backend: Backend) -> None:
    await login_full(backend)
    history = await backend.payment_history()
    assert history
    now = await today(backend)
    paid = [p.paid_at for p in history]
    assert paid == sorted(paid, reverse=True)
    for payment in history:
        assert payment.total == payment.amount + payment.commission
        assert now - timedelta(days=93) <= payment.paid_at.date() <= now
        assert payment.reference.strip()
        assert payment.receipt_number.strip()

    biller_id = history[0].biller_id
    by_biller = await backend.payment_history(biller_id=biller_id)
    assert by_biller == [p for p in history if p.biller_id == biller_id]
    category_id = history[-1].category_id
    by_category = await backend.payment_history(category_id=category_id)
    assert by_category == [p for p in history if p.category_id == category_id]
    code = history[-1].service_code
    by_code = await backend.payment_history(service_code=code)
    assert by_code == [p for p in history if p.service_code == code]

    date_from, date_to = history[-1].paid_at.date(), history[0].paid_at.date() - timedelta(1)
    ranged = await backend.payment_history(date_from=date_from, date_to=date_to)
    assert ranged == [p for p in history if date_from <= p.paid_at.date() <= date_to]
    assert ranged

    with expect(InvalidInput):
        await backend.payment_history(date_from=now - timedelta(days=130))
    with expect(InvalidInput):
        await backend.payment_history(date_from=now, date_to=now - timedelta(days=5))


async def test_registered_services(backend: Backend) -> None:
    await login_full(backend)
    registered = await backend.registered_services()
    assert registered, "the demo member has registered services"
    aho = await savings(backend)
    cnt = next(b for b in await backend.billers() if b.name.upper().startswith("CNT"))
    manual = next(r for r in registered if r.service_code == CNT_MANUAL_CODE)
    assert (manual.biller_id, manual.biller_name, manual.code_label) == (
        cnt.id,
        cnt.name,
        cnt.code_label,
    )
    assert manual.account_number == aho.number
    assert len({r.id for r in registered}) == len(registered)

    categories = await backend.service_categories()
    position = {c.id: index for index, c in enumerate(categories)}
    names = {c.id: c.name for c in categories}
    keys = [(position[r.category_id], r.biller_name, r.service_code) for r in registered]
    assert keys == sorted(keys), "by category, then company, then code"
    for r in registered:
        assert r.category_name == names[r.category_id]
        assert r.created_at <= await demo(backend).now()

    for category in categories:
        assert await backend.registered_services(category_id=category.id) == [
            r for r in registered if r.category_id == category.id
        ]
    assert await backend.registered_services(biller_id=cnt.id) == [
        r for r in registered if r.biller_id == cnt.id
    ]
    assert await backend.registered_services(category_id=manual.category_id, biller_id=cnt.id) == [
        r for r in registered if r.biller_id == cnt.id
    ]
    other = next(c.id for c in categories if c.id != cnt.category_id)
    assert await backend.registered_services(category_id=other, biller_id=cnt.id) == []
    with expect(InvalidInput, field="category_id"):
        await backend.registered_services(category_id="no-such-category")
    with expect(InvalidInput, field="biller_id"):
        await backend.registered_services(biller_id="no-such-biller")


async def test_delete_registered_service(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    registered = await backend.registered_services()
    target = next(r for r in registered if r.service_code == CNT_MANUAL_CODE)
    await backend.delete_registered_service(target.id)
    assert await backend.registered_services() == [r for r in registered if r != target]
    with expect(NotFound):
        await backend.delete_registered_service(target.id)
    with expect(NotFound):
        await backend.delete_registered_service(987654)
    # Removed from the list, it can be registered again (as a new entry).
    await confirm_order(
        backend,
        ServiceRegistrationOrder(
            from_account=aho.number, biller_id=target.biller_id, service_code=target.service_code
        ),
    )
    (again,) = [r for r in await backend.registered_services() if r.service_code == CNT_MANUAL_CODE]
    assert again.id != target.id
    assert again.alias is None


async def test_registered_services_are_the_members_own(backend: Backend) -> None:
    first, second = (await demo_credentials(backend))[:2]
    await login_full(backend, second)
    theirs = await backend.registered_services()
    await backend.logout()
    await login_full(backend, first)
    mine = await backend.registered_services()
    assert mine
    assert not {r.id for r in mine} & {r.id for r in theirs}
    await backend.logout()
    await login_full(backend, second)
    with expect(NotFound):
        await backend.delete_registered_service(mine[0].id)
    await backend.logout()
    await login_full(backend, first)
    assert await backend.registered_services() == mine


async def test_begin_validates_a_service_registration(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    biller_id, code = await _unregistered_line(backend)
    base = ServiceRegistrationOrder(from_account=aho.number, biller_id=biller_id, service_code=code)
    manual = next(
        r for r in await backend.registered_services() if r.service_code == CNT_MANUAL_CODE
    )
    since = await last_message_id(backend)
    with expect(InvalidInput, field="from_account"):
        await backend.begin(base.model_copy(update={"from_account": "999999999999"}))
    with expect(InvalidInput, field="from_account"):
        await backend.begin(
            base.model_copy(update={"from_account": (await certificates(backend)).number})
        )
    with expect(InvalidInput, field="biller_id"):
        await backend.begin(base.model_copy(update={"biller_id": "no-such-biller"}))
    for bad in ("", "   ", "12", "0A3035471"):
        with expect(InvalidInput, field="service_code"):
            await backend.begin(base.model_copy(update={"service_code": bad}))
    with expect(InvalidInput, field="service_code"):  # well formed, but nobody's line
        await backend.begin(
            base.model_copy(update={"biller_id": manual.biller_id, "service_code": "099999999"})
        )
    with expect(InvalidInput, field="alias"):
        await backend.begin(base.model_copy(update={"alias": "x" * 41}))
    with expect(Conflict):
        await backend.begin(
            base.model_copy(
                update={"biller_id": manual.biller_id, "service_code": manual.service_code}
            )
        )
    assert await sms_since(backend, since) == []


# -- cards: payments and deferrals -------------------------------------------------------------


async def test_payable_cards(backend: Backend) -> None:
    await login_full(backend)
    (credit,) = await backend.credit_cards()
    (own,) = await backend.payable_cards(PayableCardOwner.COOPROGRESO)
    assert own.id == credit.id
    assert own.masked_number == credit.masked_number
    assert own.minimum_payment == credit.minimum_payment
    assert own.payment_due_date == credit.payment_due_date
    assert own.holder_name == (await backend.profile()).full_name
    assert await backend.payable_cards(PayableCardOwner.OTHER_BANK) == []
    assert await backend.payable_cards() == [own]


async def test_delete_external_card(backend: Backend) -> None:
    await login_full(backend)
    order = await _external_card_order(backend)
    await confirm_order(backend, order)
    (registered,) = await backend.payable_cards(PayableCardOwner.OTHER_BANK)
    await backend.delete_external_card(registered.id)
    assert await backend.payable_cards(PayableCardOwner.OTHER_BANK) == []
    with expect(NotFound):
        await backend.delete_external_card(registered.id)
    (credit,) = await backend.credit_cards()
    with expect(NotFound):
        await backend.delete_external_card(credit.id)
    assert [c.id for c in await backend.payable_cards()] == [credit.id]


async def test_card_transactions(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    transactions = await backend.card_transactions(card.id)
    assert transactions
    stamps = [t.posted_at for t in transactions]
    assert stamps == sorted(stamps, reverse=True)
    assert all(t.card_id == card.id and t.amount > 0 for t in transactions)
    assert not any(t.deferrable and t.deferred for t in transactions)
    revolving = sum(t.amount for t in transactions if not t.deferred)
    assert revolving == card.revolving_used

    deferrable = await backend.card_transactions(card.id, deferrable_only=True)
    assert deferrable
    assert deferrable == [t for t in transactions if t.deferrable]
    with expect((InvalidInput, NotFound)):
        await backend.card_transactions("NO-SUCH-CARD")


async def test_deferral_terms(backend: Backend) -> None:
    await login_full(backend)
    terms = await backend.deferral_terms()
    assert terms == sorted(set(terms))
    # The catalog's Mastercard: "difiere tus consumos de 3 a 36 meses".
    assert (terms[0], terms[-1]) == (3, 36)


async def test_simulate_deferral_moves_nothing(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    deferrals = await backend.deferrals(card.id)
    tx = (await backend.card_transactions(card.id, deferrable_only=True))[0]

    free = await backend.simulate_deferral(card.id, DeferralTarget.TRANSACTIONS, (tx.id,), 3)
    assert free.principal == tx.amount
    assert free.transaction_ids == (tx.id,)
    assert free.months == len(free.schedule) == 3
    assert free.total_interest == 0  # "3 meses sin intereses"
    assert free.total == free.principal

    longer = await backend.simulate_deferral(card.id, DeferralTarget.TRANSACTIONS, (tx.id,), 12)
    assert longer.annual_rate > 0
    assert longer.total_interest > 0
    for sim in (free, longer):
        assert sum(row.capital for row in sim.schedule) == sim.principal
        assert sum(row.interest for row in sim.schedule) == sim.total_interest
        assert sim.total == sim.principal + sim.total_interest
        assert sim.schedule[-1].balance_after == 0
        assert all(row.total == row.capital + row.interest for row in sim.schedule)

    whole = await backend.simulate_deferral(card.id, DeferralTarget.REVOLVING_BALANCE, (), 6)
    assert whole.principal == card.revolving_used

    assert await backend.credit_cards() == [card]
    assert await backend.deferrals(card.id) == deferrals


async def test_simulate_deferral_refuses_what_cannot_be_deferred(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    transactions = await backend.card_transactions(card.id)
    deferred = next(t for t in transactions if t.deferred)
    ok = next(t for t in transactions if t.deferrable)
    with expect(InvalidInput, field="transaction_ids"):
        await backend.simulate_deferral(card.id, DeferralTarget.TRANSACTIONS, (deferred.id,), 3)
    with expect(InvalidInput, field="transaction_ids"):
        await backend.simulate_deferral(card.id, DeferralTarget.TRANSACTIONS, (), 3)
    with expect(InvalidInput, field="months"):
        await backend.simulate_deferral(card.id, DeferralTarget.TRANSACTIONS, (ok.id,), 5)


async def test_deferrals_add_up_to_the_deferred_balance(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    deferrals = await backend.deferrals(card.id)
    assert deferrals
    assert sum(d.remaining_principal for d in deferrals) == CARD_DEFERRED
    created = [d.created_at for d in deferrals]
    assert created == sorted(created, reverse=True)
    for d in deferrals:
        assert d.card_id == card.id
        assert 0 < d.remaining_principal <= d.principal
        assert 0 <= d.installments_paid < d.months


async def test_simulate_a_deferral_of_part_of_the_revolving_balance(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    part = await backend.simulate_deferral(
        card.id, DeferralTarget.REVOLVING_BALANCE, (), 6, Decimal("500.00")
    )
    assert (part.principal, part.months, part.transaction_ids) == (Decimal("500.00"), 6, ())
    assert sum(row.capital for row in part.schedule) == part.principal
    assert part.total == part.principal + part.total_interest
    whole = await backend.simulate_deferral(card.id, DeferralTarget.REVOLVING_BALANCE, (), 6)
    assert whole.principal == card.revolving_used
    with expect(InvalidInput, field="amount"):  # above the Saldo Actual Rotativo
        await backend.simulate_deferral(
            card.id, DeferralTarget.REVOLVING_BALANCE, (), 6, card.revolving_used + Decimal("0.01")
        )
    with expect(InvalidInput, field="amount"):  # below the $50.00 minimum
        await backend.simulate_deferral(
            card.id, DeferralTarget.REVOLVING_BALANCE, (), 6, Decimal("49.99")
        )
    assert await backend.credit_cards() == [card]


async def test_defer_part_of_the_revolving_balance(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    deferrals = await backend.deferrals(card.id)
    amount = Decimal("500.00")
    simulation = await backend.simulate_deferral(
        card.id, DeferralTarget.REVOLVING_BALANCE, (), 12, amount
    )
    receipt = await confirm_order(
        backend,
        DeferralOrder(
            card_id=card.id, target=DeferralTarget.REVOLVING_BALANCE, months=12, amount=amount
        ),
    )
    assert (receipt.amount, receipt.total) == (amount, simulation.total)
    (after,) = await backend.credit_cards()
    assert after.revolving_used == card.revolving_used - amount
    assert after.deferred_used == card.deferred_used + amount
    assert after.available == card.available
    newest, *older = await backend.deferrals(card.id)
    assert older == deferrals
    assert (newest.principal, newest.months, newest.installments_paid) == (amount, 12, 0)
    assert newest.installment == simulation.installment
    assert newest.installments_left == 12
    # The rest of the revolving balance stays revolving: its purchases are still listed.
    assert any(t.deferrable for t in await backend.card_transactions(card.id))
    with expect(InvalidInput, field="amount"):  # the saldo rotativo is lower now
        await backend.begin(
            DeferralOrder(
                card_id=card.id,
                target=DeferralTarget.REVOLVING_BALANCE,
                months=12,
                amount=card.revolving_used,
            )
        )


def _adds_up(statement: CardStatement) -> bool:
    return statement.balance == (
        statement.previous_balance
        - statement.payments
        + statement.purchases
        - statement.deferred
        + statement.installments
        + statement.interest
    )


async def test_card_statements(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    (last,) = await backend.card_statements(card.id)
    # The statement the card shows (the manual's: due 02/01/2025, Pago mínimo $708.63).
    assert last.card_id == card.id
    assert (last.closed_on, last.due_date) == (card.statement_date, card.payment_due_date)
    assert last.balance == card.statement_balance == CARD_REVOLVING
    assert last.minimum_payment == card.minimum_payment
    assert last.period_start < last.closed_on < last.due_date
    assert _adds_up(last)
    assert (last.paid, last.status) == (0, StatementStatus.PENDING)
    with expect((InvalidInput, NotFound)):
        await backend.card_statements("NO-SUCH-CARD")

    # A payment made after the cut-off counts towards the statement (and its minimum).
    await confirm_order(
        backend,
        CardPaymentOrder(
            from_account=(await savings(backend)).number, card_id=card.id, amount=Decimal("100.00")
        ),
    )
    (paid,) = await backend.card_statements(card.id)
    assert (paid.paid, paid.status) == (Decimal("100.00"), StatementStatus.PENDING)
    assert paid.balance == last.balance
    (after,) = await backend.credit_cards()
    assert after.minimum_payment == card.minimum_payment - Decimal("100.00")


async def test_a_cut_off_closes_a_statement(backend: Backend) -> None:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    (first,) = await backend.card_statements(card.id)
    deferrals = {d.id: d for d in await backend.deferrals(card.id)}
    cut = (first.closed_on.replace(day=1) + timedelta(days=32)).replace(day=first.closed_on.day)
    since = await last_message_id(backend)
    now = await demo(backend).now()
    await demo(backend).advance_clock(int((cut - now.date()).total_seconds()) + 86_400)

    new, old = await backend.card_statements(card.id)
    assert (new.closed_on, new.period_start) == (cut, first.closed_on + timedelta(days=1))
    assert new.previous_balance == first.balance
    assert _adds_up(new)
    assert new.due_date > new.closed_on
    # Every active deferral billed one installment into it.
    billed = await backend.deferrals(card.id)
    assert {d.id: d.installments_paid for d in billed} == {
        i: d.installments_paid + 1 for i, d in deferrals.items()
    }
    # None is in its last month, so each bills its level installment (capital + interest).
    assert new.installments == sum(d.installment for d in deferrals.values())
    assert all(d.next_due is not None and d.next_due > cut for d in billed)
    # The seeded statement was not paid by its due date: it is overdue and bore interest.
    assert old.status is StatementStatus.OVERDUE
    assert new.interest > 0
    assert 0 < new.minimum_payment <= new.balance
    (after,) = await backend.credit_cards()
    assert (after.statement_date, after.payment_due_date) == (new.closed_on, new.due_date)
    assert (after.statement_balance, after.minimum_payment) == (new.balance, new.minimum_payment)
    assert after.revolving_used == new.balance
    mails = [
        m for m in await emails_since(backend, since) if "estado de cuenta" in m.subject.lower()
    ]
    assert len(mails) == 1
    for figure in (new.balance, new.minimum_payment):
        assert format_money(figure) in mails[0].body
    assert f"{new.due_date:%d/%m/%Y}" in mails[0].body
    # Time moving on within the cycle closes nothing twice.
    await demo(backend).advance_clock(86_400)
    assert len(await backend.card_statements(card.id)) == 2


# -- contact, product requests, help -------------------------------------------------------------


async def test_contact_channels(backend: Backend) -> None:
    await login_full(backend)
    channels = await backend.contact_channels()
    assert channels
    assert any("call center" in c.kind.lower() for c in channels)
    assert all(c.label.strip() and c.value.strip() for c in channels)


async def test_product_catalog(backend: Backend) -> None:
    await login_full(backend)
    offers = await backend.product_catalog()
    assert offers
    assert len({o.id for o in offers}) == len(offers)
    for offer in offers:
        assert offer.name.strip()
        assert offer.description.strip()
        if offer.min_amount is not None and offer.max_amount is not None:
            assert offer.min_amount <= offer.max_amount


async def test_request_product(backend: Backend) -> None:
    await login_full(backend)
    offer = next(o for o in await backend.product_catalog() if o.min_amount and o.term_unit is None)
    assert await backend.product_requests() == []
    since = await last_message_id(backend)
    request = await backend.request_product(
        offer.id,
        amount=str(offer.min_amount),
        comment="Quisiera más información",
        contact_phone="0991112233",
    )
    assert request.product_id == offer.id
    assert request.product_name == offer.name
    assert request.amount == offer.min_amount
    assert request.contact_phone == "0991112233"
    assert request.reference.strip()
    assert request.created_at == await demo(backend).now()
    assert await backend.product_requests() == [request]
    assert any(
        request.reference in m.subject + m.body and offer.name in m.body
        for m in await emails_since(backend, since)
    ), "no e-mail acknowledging the request"

    with expect(InvalidInput, field="contact_phone"):
        await backend.request_product(offer.id, amount=str(offer.min_amount), contact_phone="12345")
    with expect(InvalidInput, field="amount"):
        await backend.request_product(
            offer.id, amount=str(offer.min_amount - 1), contact_phone="0991112233"
        )
    with expect(InvalidInput, field="amount"):  # a ranged product needs its amount
        await backend.request_product(offer.id, amount=" ", contact_phone="0991112233")
    with expect(NotFound):
        await backend.request_product("no-existe", contact_phone="0991112233")
    assert await backend.product_requests() == [request]


async def _credit_offer(backend: Backend) -> ProductOffer:
    return next(
        o
        for o in await backend.product_catalog()
        if o.category is ProductCategory.CREDIT and o.term_unit is TermUnit.MONTHS
    )


async def test_the_catalog_quotes_rates_and_plazos(backend: Backend) -> None:
    """Credits and deposits carry what their simulators need; the DPF of the manual's
    deposit 0010 (365 days) is quoted at its 7.90 %."""
    offers = {o.id: o for o in await backend.product_catalog()}
    for offer in offers.values():
        if offer.category in (ProductCategory.CREDIT, ProductCategory.INVESTMENT):
            assert offer.term_unit is not None, offer.id
            assert offer.rates, offer.id
            assert offer.min_term is not None
            assert offer.max_term is not None
            assert offer.rate_for(offer.min_term) is not None
        if offer.category is ProductCategory.CREDIT:
            assert offer.insurance_rate is not None
            assert offer.insurance_rate > 0
    dpf = next(o for o in offers.values() if o.category is ProductCategory.INVESTMENT)
    assert dpf.term_unit is TermUnit.DAYS
    assert dpf.rate_for(365) == Decimal("0.0790")
    assert dpf.rate_for(31) < dpf.rate_for(365)  # the rate grows with the plazo


async def test_a_credit_request_carries_its_plazo(backend: Backend) -> None:
    await login_full(backend)
    credit = await _credit_offer(backend)
    assert credit.min_term is not None
    assert credit.max_term is not None
    with expect(InvalidInput, field="term"):
        await backend.request_product(
            credit.id, amount=str(credit.min_amount), contact_phone="0991112233"
        )
    with expect(InvalidInput, field="term"):
        await backend.request_product(
            credit.id,
            amount=str(credit.min_amount),
            term=credit.max_term + 1,
            contact_phone="0991112233",
        )
    without_term = next(o for o in await backend.product_catalog() if o.term_unit is None)
    with expect(InvalidInput, field="term"):
        await backend.request_product(
            without_term.id,
            amount=str(without_term.min_amount) if without_term.min_amount else None,
            term=12,
            contact_phone="0991112233",
        )
    assert await backend.product_requests() == []
    request = await backend.request_product(
        credit.id, amount="5000.00", term=36, contact_phone="0991112233"
    )
    assert (request.amount, request.term) == (Decimal("5000.00"), 36)
    assert await backend.product_requests() == [request]


async def test_a_repeated_request_key_is_the_same_request(backend: Backend) -> None:
    """A double submit (or a retry after a timeout) never files two requests; another
    member's key is none of this member's business: keys are per member."""
    first, second = (await demo_credentials(backend))[:2]
    await login_full(backend, first)
    credit = await _credit_offer(backend)
    order = {"amount": "2500.00", "term": 24, "contact_phone": "0991112233"}
    once = await backend.request_product(credit.id, **order, idempotency_key="solicitud-1")
    twice = await backend.request_product(credit.id, **order, idempotency_key="solicitud-1")
    assert twice == once
    with expect(Conflict):  # the key of a request already made, with other figures
        await backend.request_product(
            credit.id, **{**order, "term": 36}, idempotency_key="solicitud-1"
        )
    assert await backend.product_requests() == [once]
    await backend.logout()
    await login_full(backend, second)
    theirs = await backend.request_product(credit.id, **order, idempotency_key="solicitud-1")
    assert theirs.reference != once.reference
    assert await backend.product_requests() == [theirs]
    await backend.logout()
    await login_full(backend, first)
    assert await backend.product_requests() == [once]


async def test_faq(backend: Backend) -> None:
    await login_full(backend)
    entries = await backend.faq()
    assert entries
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.topic.strip() and e.question.strip() and e.answer.strip() for e in entries)


# -- session -------------------------------------------------------------------------------------


async def test_login_from_a_new_device_asks_to_register_it(backend: Backend) -> None:
    username, password = (await demo_credentials(backend))[0]
    result = await backend.login(username, password, DEVICE_ID)
    assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    assert result.session_expires_in > 0
    assert result.last_login_at is not None
    assert result.last_login_at < await demo(backend).now()
    profile = await backend.profile()  # allowed in the restricted session
    assert profile.full_name == result.member_name
    with expect(DeviceNotRegistered):
        await backend.product_summary()
    with expect(DeviceNotRegistered):
        await backend.begin(
            OwnTransferOrder(from_account="1", to_account="2", amount=Decimal("1.00"))
        )
    with expect(InvalidInput, field="device_id"):
        await backend.begin(
            DeviceRegistrationOrder(device_id="some-other-device-01", device_name="Otro")
        )

    await backend.confirm(
        (
            await backend.begin(
                DeviceRegistrationOrder(device_id=DEVICE_ID, device_name=DEVICE_NAME)
            )
        ).id,
        await latest_code(backend),
    )
    assert (await backend.product_summary()).accounts
    await backend.logout()
    again = await backend.login(username, password, DEVICE_ID)
    assert again.status is LoginStatus.OK
    assert again.last_login_at == await demo(backend).now()
    assert (await backend.login(username, password, "another-device-0002")).status is (
        LoginStatus.DEVICE_REGISTRATION_REQUIRED
    )


async def test_a_login_abandoned_at_device_registration_is_not_a_connection(
    backend: Backend,
) -> None:
    await login_full(backend)
    connected_at = await demo(backend).now()
    await backend.logout()
    await demo(backend).advance_clock(3600)

    username, password = (await demo_credentials(backend))[0]
    abandoned = await backend.login(username, password, "another-device-0002")
    assert abandoned.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    assert abandoned.last_login_at == connected_at
    assert (await backend.profile()).last_login_at == connected_at
    await backend.logout()  # Esc at Registro habitual
    await demo(backend).advance_clock(600)

    again = await backend.login(username, password, DEVICE_ID)
    assert again.status is LoginStatus.OK
    assert again.last_login_at == connected_at


async def test_wrong_passwords_lock_the_user(backend: Backend) -> None:
    username, password = (await demo_credentials(backend))[0]
    since = await last_message_id(backend)
    with expect(InvalidCredentials, attempts_left=2):
        await backend.login(username, "Incorrecta1", DEVICE_ID)
    with expect(InvalidCredentials, attempts_left=1):
        await backend.login(username, "Incorrecta2", DEVICE_ID)
    with expect(AccountLocked):
        await backend.login(username, "Incorrecta3", DEVICE_ID)
    with expect(AccountLocked):
        await backend.login(username, password, DEVICE_ID)
    assert await emails_since(backend, since), "the member is not told the user was locked"
    with expect(SessionExpired):
        await backend.product_summary()


async def test_unknown_users_are_indistinguishable_from_wrong_passwords(backend: Backend) -> None:
    username, _ = (await demo_credentials(backend))[0]
    with expect(InvalidCredentials) as known:
        await backend.login(username, "Incorrecta1", DEVICE_ID)
    with expect(InvalidCredentials) as unknown:
        await backend.login("nadie.registrado", "Incorrecta1", DEVICE_ID)
    assert unknown.value.attempts_left == known.value.attempts_left
    assert unknown.value.message == known.value.message


async def test_password_recovery_unlocks_a_locked_user(backend: Backend) -> None:
    await login_full(backend)
    profile = await backend.profile()
    await backend.logout()
    for attempt in range(3):
        with expect((InvalidCredentials, AccountLocked)):
            await backend.login(profile.username, f"Incorrecta{attempt}", DEVICE_ID)
    since = await last_message_id(backend)
    await confirm_order(
        backend,
        PasswordRecoveryOrder(
            username=profile.username, id_type=IdType.CEDULA, identification=profile.identification
        ),
    )
    _, temporary = await email_with(backend, since, r"CONTRASEÑA TEMPORAL:\s*(\S+)")
    result = await backend.login(profile.username, temporary, DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED


async def test_profile(backend: Backend) -> None:
    result = await login_full(backend)
    username, _ = (await demo_credentials(backend))[0]
    profile = await backend.profile()
    assert profile.username == username
    assert profile.full_name == result.member_name
    assert profile.last_login_at == result.last_login_at
    assert re.fullmatch(r"\d{10}", profile.identification)
    phone = (await latest_sms(backend)).to
    assert phone not in profile.masked_phone
    assert profile.masked_phone.endswith(phone[-3:])
    email = (await emails_since(backend))[-1].to
    assert email not in profile.masked_email
    assert profile.masked_email.split("@")[-1] == email.split("@")[-1]


async def test_change_password(backend: Backend) -> None:
    credentials = (await demo_credentials(backend))[0]
    username, password = credentials
    await login_full(backend, credentials)
    with expect(InvalidInput, field="current_password"):
        await backend.change_password("NoEsLaActual1", NEW_PASSWORD)
    with expect(InvalidInput, field="new_password"):
        await backend.change_password(password, "corta")
    with expect(InvalidInput, field="new_password"):
        await backend.change_password(password, password)
    since = await last_message_id(backend)
    assert await backend.change_password(password, NEW_PASSWORD) is LoginStatus.OK
    assert await emails_since(backend, since), "no e-mail notice of the password change"
    assert (await backend.accounts())[0]
    await backend.logout()
    with expect(InvalidCredentials):
        await backend.login(username, password, DEVICE_ID)
    assert (await backend.login(username, NEW_PASSWORD, DEVICE_ID)).status is LoginStatus.OK


async def test_change_password_in_a_restricted_session_returns_the_next_step(
    backend: Backend,
) -> None:
    username, password = (await demo_credentials(backend))[0]
    await backend.login(username, password, DEVICE_ID)
    status = await backend.change_password(password, NEW_PASSWORD)
    assert status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    with expect(DeviceNotRegistered):
        await backend.accounts()


async def test_logout_ends_the_session(backend: Backend) -> None:
    _, password = (await demo_credentials(backend))[0]
    await login_full(backend)
    aho = await savings(backend)
    (card,) = await backend.credit_cards()
    (loan,) = (await backend.product_summary()).loans
    beneficiary = (await backend.beneficiaries())[0]
    (scheduled,) = await backend.scheduled_payments()
    cnt_biller = next(b for b in await backend.billers() if b.name.upper().startswith("CNT"))
    debit = (await backend.debit_cards())[0]
    offer = (await backend.product_catalog())[0]
    challenge = await backend.begin(
        OwnTransferOrder(
            from_account=aho.number,
            to_account=(await certificates(backend)).number,
            amount=Decimal("1.00"),
        )
    )
    code = await latest_code(backend)
    await backend.logout()

    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "profile": backend.profile,
        "product_summary": backend.product_summary,
        "accounts": backend.accounts,
        "account_share": lambda: backend.account_share(aho.number),
        "movements": lambda: backend.movements(aho.number),
        "last_movements": lambda: backend.last_movements(aho.number),
        "holds": lambda: backend.holds(aho.number),
        "loan_detail": lambda: backend.loan_detail(loan.number),
        "investments": backend.investments,
        "debit_cards": backend.debit_cards,
        "credit_cards": backend.credit_cards,
        "recover_card_pin": lambda: backend.recover_card_pin(CardKind.DEBIT, debit.id),
        "financial_institutions": backend.financial_institutions,
        "daily_limits": backend.daily_limits,
        "transfers": backend.transfers,
        "beneficiaries": backend.beneficiaries,
        "update_beneficiary": lambda: backend.update_beneficiary(
            beneficiary.id,
            name=beneficiary.name,
            id_type=beneficiary.id_type,
            identification=beneficiary.identification,
        ),
        "delete_beneficiary": lambda: backend.delete_beneficiary(beneficiary.id),
        "service_categories": backend.service_categories,
        "billers": backend.billers,
        "lookup_bills": lambda: backend.lookup_bills(cnt_biller.id, CNT_MANUAL_CODE),
        "scheduled_payments": backend.scheduled_payments,
        "cancel_scheduled_payment": lambda: backend.cancel_scheduled_payment(scheduled.id),
        "payment_history": backend.payment_history,
        "payable_cards": backend.payable_cards,
        "delete_external_card": lambda: backend.delete_external_card("EXT-1"),
        "card_transactions": lambda: backend.card_transactions(card.id),
        "deferral_terms": backend.deferral_terms,
        "simulate_deferral": lambda: backend.simulate_deferral(
            card.id, DeferralTarget.REVOLVING_BALANCE, (), 6
        ),
        "deferrals": lambda: backend.deferrals(card.id),
        "request_product": lambda: backend.request_product(offer.id, contact_phone="0991112233"),
        "product_requests": backend.product_requests,
        "change_password": lambda: backend.change_password(password, NEW_PASSWORD),
        "begin": lambda: backend.begin(
            OwnTransferOrder(from_account=aho.number, to_account="1", amount=Decimal("1.00"))
        ),
        "resend": lambda: backend.resend(challenge.id),
        "confirm": lambda: backend.confirm(challenge.id, code),
        "cancel": lambda: backend.cancel(challenge.id),
    }
    wrong: list[str] = []
    for name, call in calls.items():
        try:
            await call()
        except SessionExpired as error:
            assert_spanish(error.message)
        except BackendError as error:
            wrong.append(f"{name} raised {error!r}")
        else:
            wrong.append(f"{name} answered without a session")
    assert not wrong, wrong
    await backend.logout()  # a second logout is harmless

    await login_full(backend)
    assert await savings(backend) == aho, "the challenge of the closed session moved money"


# -- two-phase operations: one scenario per order kind --------------------------------------------

Scope = Literal["session", "restricted", "public"]


@dataclass(frozen=True)
class Scenario:
    """How a member reaches an order of `kind`, and what they notice once it is confirmed."""

    kind: str
    scope: Scope
    setup: Callable[[Backend], Awaitable[Order]]
    verify: Callable[[Backend, Any, dict[str, Any], Receipt], Awaitable[None]]


async def snapshot(backend: Backend, scope: Scope) -> dict[str, Any]:
    """What the member can see that an operation could change."""
    shot: dict[str, Any] = {"emails": [m.subject for m in await emails_since(backend)]}
    if scope == "public":
        return shot
    if scope == "restricted":
        try:
            await backend.product_summary()
        except DeviceNotRegistered:
            shot["products"] = "blocked"
        else:
            shot["products"] = "open"
        return shot
    summary = await backend.product_summary()
    shot |= {
        "summary": summary,
        "beneficiaries": await backend.beneficiaries(),
        "scheduled": await backend.scheduled_payments(),
        "registered": await backend.registered_services(),
        "payable": await backend.payable_cards(),
        "transfers": await backend.transfers(),
        "deferrals": {c.id: await backend.deferrals(c.id) for c in summary.credit_cards},
    }
    del shot["emails"]  # notices (e-mails) are not money
    return shot


def balance_of(shot: dict[str, Any], number: str) -> Account:
    return next(a for a in shot["summary"].accounts if a.number == number)


# own transfer


async def _own_transfer_setup(backend: Backend) -> Order:
    await login_full(backend)
    return OwnTransferOrder(
        from_account=(await savings(backend)).number,
        to_account=(await certificates(backend)).number,
        amount=Decimal("10.00"),
        reference="Aporte voluntario",
    )


async def _own_transfer_verify(
    backend: Backend, order: OwnTransferOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    src, dst = balance_of(before, order.from_account), balance_of(before, order.to_account)
    src_now, dst_now = await account(backend, src.number), await account(backend, dst.number)
    assert src_now.ledger_balance == src.ledger_balance - order.amount
    assert src_now.available_balance == src.available_balance - order.amount
    assert dst_now.ledger_balance == dst.ledger_balance + order.amount
    assert receipt.status is ReceiptStatus.COMPLETED
    assert (receipt.amount, receipt.total) == (order.amount, order.amount)
    (newest,) = await backend.last_movements(src.number, limit=1)
    assert newest.amount == -order.amount
    assert newest.balance == src_now.ledger_balance


# internal transfer


async def _internal_transfer_setup(backend: Backend) -> Order:
    await login_full(backend)
    payee = (await backend.beneficiaries(BeneficiaryService.INTERNAL))[0]
    return InternalTransferOrder(
        from_account=(await savings(backend)).number,
        beneficiary_id=payee.id,
        amount=Decimal("5.00"),
        reference="Almuerzo",
    )


async def _internal_transfer_verify(
    backend: Backend, order: InternalTransferOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    src = balance_of(before, order.from_account)
    assert (await account(backend, src.number)).ledger_balance == src.ledger_balance - order.amount
    payee = next(b for b in before["beneficiaries"] if b.id == order.beneficiary_id)
    newest = (await backend.transfers())[0]
    assert newest.reference == receipt.reference
    assert newest.kind is TransferKind.INTERNAL
    assert newest.status is TransferStatus.COMPLETED
    assert (newest.amount, newest.commission, newest.iva) == (order.amount, 0, 0)
    assert newest.to_account == payee.account_number
    assert receipt.status is ReceiptStatus.COMPLETED


# interbank transfer (to an institution with immediate credit)


async def _interbank_transfer_setup(backend: Backend) -> Order:
    await login_full(backend)
    immediate = {i.code for i in await backend.financial_institutions() if i.immediate_credit}
    payee = next(
        b
        for b in await backend.beneficiaries(BeneficiaryService.INTERBANK)
        if b.institution_code in immediate
    )
    return InterbankTransferOrder(
        from_account=(await savings(backend)).number,
        beneficiary_id=payee.id,
        amount=Decimal("20.00"),
        reference="Arriendo",
    )


async def _interbank_transfer_verify(
    backend: Backend, order: InterbankTransferOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    total = order.amount + INTERBANK_COMMISSION + INTERBANK_IVA
    assert (receipt.commission, receipt.iva, receipt.total) == (
        INTERBANK_COMMISSION,
        INTERBANK_IVA,
        total,
    )
    assert receipt.status is ReceiptStatus.COMPLETED
    src = balance_of(before, order.from_account)
    assert (await account(backend, src.number)).ledger_balance == src.ledger_balance - total
    newest = (await backend.transfers())[0]
    assert newest.reference == receipt.reference
    assert newest.kind is TransferKind.INTERBANK
    assert newest.status is TransferStatus.COMPLETED
    assert (newest.amount, newest.commission, newest.iva) == (
        order.amount,
        INTERBANK_COMMISSION,
        INTERBANK_IVA,
    )


# new beneficiary


async def _beneficiary_setup(backend: Backend) -> Order:
    await login_full(backend)
    institution = next(
        i
        for i in await backend.financial_institutions()
        if i.immediate_credit and "cooprogreso" not in i.name.lower()
    )
    return BeneficiaryOrder(
        service=BeneficiaryService.INTERBANK,
        institution_code=institution.code,
        account_type=BankAccountType.SAVINGS,
        account_number="2200987654",
        name="Marcela Cecilia Ortega Ruiz",
        id_type=IdType.CEDULA,
        identification=cedula("171234567"),
        email="marcela.ortega@correo.example",
        alias="Marce",
    )


async def _beneficiary_verify(
    backend: Backend, order: BeneficiaryOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    after = await backend.beneficiaries()
    assert len(after) == len(before["beneficiaries"]) + 1
    (new,) = await backend.beneficiaries(name="Ortega")
    assert (new.service, new.institution_code, new.account_number) == (
        order.service,
        order.institution_code,
        order.account_number,
    )
    assert (new.name, new.identification, new.email, new.alias) == (
        order.name,
        order.identification,
        order.email,
        order.alias,
    )
    # The new payee can be paid right away.
    challenge = await backend.begin(
        InterbankTransferOrder(
            from_account=(await savings(backend)).number,
            beneficiary_id=new.id,
            amount=Decimal("1.00"),
        )
    )
    await backend.cancel(challenge.id)


# service payment


async def _service_payment_setup(backend: Backend) -> Order:
    await login_full(backend)
    cnt = next(b for b in await backend.billers() if b.name.upper().startswith("CNT"))
    bills = await backend.lookup_bills(cnt.id, CNT_MANUAL_CODE)
    return ServicePaymentOrder(
        from_account=(await savings(backend)).number,
        biller_id=cnt.id,
        service_code=CNT_MANUAL_CODE,
        bill_ids=tuple(b.id for b in bills),
    )


async def _service_payment_verify(
    backend: Backend, order: ServicePaymentOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    cnt = next(b for b in await backend.billers() if b.id == order.biller_id)
    assert receipt.total == CNT_MANUAL_BILL + cnt.commission
    src = balance_of(before, order.from_account)
    assert (await account(backend, src.number)).ledger_balance == src.ledger_balance - receipt.total
    with expect(NotFound):
        await backend.lookup_bills(order.biller_id, order.service_code)
    newest = (await backend.payment_history())[0]
    assert newest.reference == receipt.reference
    assert (newest.biller_id, newest.service_code) == (order.biller_id, order.service_code)
    assert newest.total == receipt.total
    assert newest.paid_at == receipt.created_at


# scheduled payment


async def _scheduled_payment_setup(backend: Backend) -> Order:
    await login_full(backend)
    taken = {(s.biller_id, s.service_code) for s in await backend.scheduled_payments()}
    paid = next(
        p for p in await backend.payment_history() if (p.biller_id, p.service_code) not in taken
    )
    return ScheduledPaymentOrder(
        from_account=(await savings(backend)).number,
        biller_id=paid.biller_id,
        service_code=paid.service_code,
        max_amount=Decimal("50.00"),
        frequency=Frequency.MONTHLY,
        start_date=await today(backend),
        end_date=None,
        terms_accepted=True,
    )


async def _scheduled_payment_verify(
    backend: Backend, order: ScheduledPaymentOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    after = await backend.scheduled_payments()
    assert len(after) == len(before["scheduled"]) + 1
    (new,) = [s for s in after if s.service_code == order.service_code]
    assert new.status is ScheduledPaymentStatus.ACTIVE
    assert (new.biller_id, new.account_number) == (order.biller_id, order.from_account)
    assert (new.max_amount, new.frequency) == (order.max_amount, order.frequency)
    assert (new.start_date, new.end_date) == (order.start_date, None)


# service registration (Registro de Servicios)


async def _unregistered_line(backend: Backend) -> tuple[str, str]:
    """A biller and code the member pays (so it exists) but has not registered."""
    registered = {(r.biller_id, r.service_code) for r in await backend.registered_services()}
    return next(
        (p.biller_id, p.service_code)
        for p in await backend.payment_history()
        if (p.biller_id, p.service_code) not in registered
    )


async def _service_registration_setup(backend: Backend) -> Order:
    await login_full(backend)
    biller_id, code = await _unregistered_line(backend)
    return ServiceRegistrationOrder(
        from_account=(await savings(backend)).number,
        biller_id=biller_id,
        service_code=code,
        alias="Servicio de la oficina",
    )


async def _service_registration_verify(
    backend: Backend, order: ServiceRegistrationOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    after = await backend.registered_services()
    assert len(after) == len(before["registered"]) + 1
    (new,) = [r for r in after if r not in before["registered"]]
    assert (new.biller_id, new.service_code, new.alias, new.account_number) == (
        order.biller_id,
        order.service_code,
        order.alias,
        order.from_account,
    )
    biller = next(b for b in await backend.billers() if b.id == order.biller_id)
    assert (new.biller_name, new.category_id, new.code_label) == (
        biller.name,
        biller.category_id,
        biller.code_label,
    )
    assert new.created_at == receipt.created_at
    assert (receipt.amount, receipt.total) == (None, None)
    assert order.service_code in receipt.as_text()
    assert await backend.product_summary() == before["summary"], "registering moved money"
    with expect(Conflict):
        await backend.begin(order)


# card payment (own Cooprogreso card)


async def _card_payment_setup(backend: Backend) -> Order:
    await login_full(backend)
    (card,) = await backend.payable_cards(PayableCardOwner.COOPROGRESO)
    return CardPaymentOrder(
        from_account=(await savings(backend)).number,
        card_id=card.id,
        amount=Decimal("25.00"),
    )


async def _card_payment_verify(
    backend: Backend, order: CardPaymentOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    (card_before,) = before["summary"].credit_cards
    (card_now,) = await backend.credit_cards()
    assert card_now.revolving_used == card_before.revolving_used - order.amount
    assert card_now.available == card_before.available + order.amount
    assert card_now.deferred_used == card_before.deferred_used
    src = balance_of(before, order.from_account)
    assert (await account(backend, src.number)).ledger_balance == src.ledger_balance - order.amount
    assert receipt.status is ReceiptStatus.COMPLETED
    assert receipt.total == order.amount


# another bank's card


async def _external_card_order(backend: Backend) -> ExternalCardOrder:
    institution = next(
        i for i in await backend.financial_institutions() if "cooprogreso" not in i.name.lower()
    )
    profile = await backend.profile()
    return ExternalCardOrder(
        institution_code=institution.code,
        card_number=EXTERNAL_CARD_NUMBER,
        alias="Visa del banco",
        holder_name=profile.full_name,
        id_type=IdType.CEDULA,
        identification=profile.identification,
    )


async def _external_card_setup(backend: Backend) -> Order:
    await login_full(backend)
    return await _external_card_order(backend)


async def _external_card_verify(
    backend: Backend, order: ExternalCardOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    (card,) = await backend.payable_cards(PayableCardOwner.OTHER_BANK)
    assert card.masked_number == EXTERNAL_CARD_NUMBER[:6] + "X" * 6 + EXTERNAL_CARD_NUMBER[-4:]
    assert EXTERNAL_CARD_NUMBER not in receipt.as_text()
    assert (card.institution_code, card.alias, card.holder_name) == (
        order.institution_code,
        order.alias,
        order.holder_name,
    )
    with expect(Conflict):
        await backend.begin(order)


# deferral


async def _deferral_setup(backend: Backend) -> Order:
    await login_full(backend)
    (card,) = await backend.credit_cards()
    tx = (await backend.card_transactions(card.id, deferrable_only=True))[0]
    return DeferralOrder(
        card_id=card.id, target=DeferralTarget.TRANSACTIONS, transaction_ids=(tx.id,), months=6
    )


async def _deferral_verify(
    backend: Backend, order: DeferralOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    (card_before,) = before["summary"].credit_cards
    (card_now,) = await backend.credit_cards()
    transactions = {t.id: t for t in await backend.card_transactions(order.card_id)}
    principal = sum(transactions[i].amount for i in order.transaction_ids)
    assert card_now.revolving_used == card_before.revolving_used - principal
    assert card_now.deferred_used == card_before.deferred_used + principal
    assert card_now.available == card_before.available
    deferrals = await backend.deferrals(order.card_id)
    assert len(deferrals) == len(before["deferrals"][order.card_id]) + 1
    newest = deferrals[0]
    assert (newest.principal, newest.months, newest.installments_paid) == (
        principal,
        order.months,
        0,
    )
    for tx_id in order.transaction_ids:
        assert transactions[tx_id].deferred
        assert not transactions[tx_id].deferrable
    assert receipt.amount == principal
    # The first installment goes on the first cut-off the bank has not closed yet: the
    # one a month after the card's last statement (the demo's cut-off is the 20th).
    last = (await backend.card_statements(order.card_id))[0].closed_on
    first_due = (last.replace(day=1) + timedelta(days=32)).replace(day=last.day)
    assert newest.next_due == first_due
    assert f"{first_due:%d/%m/%Y}" in receipt.message, receipt.message


# PIN change (the current PIN is the temporary one the bank e-mails)


async def _pin_change_setup(backend: Backend) -> Order:
    await login_full(backend)
    card = (await backend.debit_cards())[0]
    since = await last_message_id(backend)
    await backend.recover_card_pin(CardKind.DEBIT, card.id)
    _, temporary = await email_with(backend, since, r"(?i)clave temporal\D*(\d{4})\b")
    new_pin = "5081" if temporary != "5081" else "7093"
    return PinChangeOrder(
        card_kind=CardKind.DEBIT,
        card_id=card.id,
        current_pin=SecretStr(temporary),
        new_pin=SecretStr(new_pin),
    )


async def _pin_change_verify(
    backend: Backend, order: PinChangeOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    old, new = order.current_pin.get_secret_value(), order.new_pin.get_secret_value()
    assert old not in receipt.as_text()
    assert new not in receipt.as_text()
    with expect(InvalidInput, field="current_pin"):
        await backend.begin(order)
    again = await backend.begin(
        order.model_copy(update={"current_pin": SecretStr(new), "new_pin": SecretStr("2580")})
    )
    await backend.cancel(again.id)


# device registration (restricted session)


async def _device_registration_setup(backend: Backend) -> Order:
    username, password = (await demo_credentials(backend))[0]
    result = await backend.login(username, password, DEVICE_ID)
    assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    return DeviceRegistrationOrder(device_id=DEVICE_ID, device_name=DEVICE_NAME)


async def _device_registration_verify(
    backend: Backend, order: DeviceRegistrationOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    assert before["products"] == "blocked"
    assert (await backend.product_summary()).accounts
    await backend.logout()
    username, password = (await demo_credentials(backend))[0]
    assert (await backend.login(username, password, order.device_id)).status is LoginStatus.OK


# enrollment (no session): a Cooprogreso member without an online user


async def _enrollment_setup(backend: Backend) -> Order:
    with_users = set()
    for credentials in await demo_credentials(backend):
        await backend.login(*credentials, DEVICE_ID)
        with_users.add((await backend.profile()).identification)
        await backend.logout()
    await login_full(backend)
    member = next(
        b
        for b in await backend.beneficiaries(BeneficiaryService.INTERNAL)
        if b.identification not in with_users
    )
    await backend.logout()
    return EnrollmentOrder(
        id_type=member.id_type,
        identification=member.identification,
        device_id="contract-enrollment-device-01",
        device_name="Equipo del socio",
    )


async def _enrollment_verify(
    backend: Backend, order: EnrollmentOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    mail, username = await email_with(backend, 0, r"USUARIO:\s*(\S+)")
    temporary = re.search(r"CONTRASEÑA TEMPORAL:\s*(\S+)", mail.body)
    assert temporary, mail.body
    result = await backend.login(username, temporary.group(1), order.device_id)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    assert (await backend.profile()).identification == order.identification
    with expect(PasswordChangeRequired):
        await backend.product_summary()
    status = await backend.change_password(temporary.group(1), NEW_PASSWORD)
    assert status is LoginStatus.OK  # the device was registered by the enrollment
    assert (await backend.product_summary()).accounts
    await backend.logout()
    again = await backend.begin(order)  # answered like any enrollment: the code tells
    with expect(Conflict):
        await backend.confirm(again.id, await latest_code(backend))


# password recovery (no session)


async def _password_recovery_setup(backend: Backend) -> Order:
    await login_full(backend)
    profile = await backend.profile()
    await backend.logout()
    return PasswordRecoveryOrder(
        username=profile.username, id_type=IdType.CEDULA, identification=profile.identification
    )


async def _password_recovery_verify(
    backend: Backend, order: PasswordRecoveryOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    _, temporary = await email_with(backend, 0, r"CONTRASEÑA TEMPORAL:\s*(\S+)")
    _, old_password = (await demo_credentials(backend))[0]
    with expect(InvalidCredentials):
        await backend.login(order.username, old_password, DEVICE_ID)
    result = await backend.login(order.username, temporary, DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    with expect(PasswordChangeRequired):
        await backend.accounts()
    assert await backend.change_password(temporary, NEW_PASSWORD) is LoginStatus.OK
    assert await backend.accounts()


# username reminder (no session)


async def _username_reminder_setup(backend: Backend) -> Order:
    await login_full(backend)
    identification = (await backend.profile()).identification
    await backend.logout()
    return UsernameReminderOrder(id_type=IdType.CEDULA, identification=identification)


async def _username_reminder_verify(
    backend: Backend, order: UsernameReminderOrder, before: dict[str, Any], receipt: Receipt
) -> None:
    username, _ = (await demo_credentials(backend))[0]
    new_mails = (await emails_since(backend))[len(before["emails"]) :]
    assert any(username in m.body for m in new_mails)
    assert username not in " ".join(before["emails"])


SCENARIOS: list[Scenario] = [
    Scenario("own_transfer", "session", _own_transfer_setup, _own_transfer_verify),
    Scenario("internal_transfer", "session", _internal_transfer_setup, _internal_transfer_verify),
    Scenario(
        "interbank_transfer", "session", _interbank_transfer_setup, _interbank_transfer_verify
    ),
    Scenario("beneficiary", "session", _beneficiary_setup, _beneficiary_verify),
    Scenario("service_payment", "session", _service_payment_setup, _service_payment_verify),
    Scenario("scheduled_payment", "session", _scheduled_payment_setup, _scheduled_payment_verify),
    Scenario(
        "service_registration",
        "session",
        _service_registration_setup,
        _service_registration_verify,
    ),
    Scenario("card_payment", "session", _card_payment_setup, _card_payment_verify),
    Scenario("external_card", "session", _external_card_setup, _external_card_verify),
    Scenario("deferral", "session", _deferral_setup, _deferral_verify),
    Scenario("pin_change", "session", _pin_change_setup, _pin_change_verify),
    Scenario(
        "device_registration",
        "restricted",
        _device_registration_setup,
        _device_registration_verify,
    ),
    Scenario("enrollment", "public", _enrollment_setup, _enrollment_verify),
    Scenario("password_recovery", "public", _password_recovery_setup, _password_recovery_verify),
    Scenario("username_reminder", "public", _username_reminder_setup, _username_reminder_verify),
]
scenario_param = pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.kind for s in SCENARIOS])


def _order_kinds() -> set[str]:
    union = typing.get_args(Order)[0]
    return {
        typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in typing.get_args(union)
    }


def test_every_order_kind_has_a_scenario() -> None:
    assert {s.kind for s in SCENARIOS} == _order_kinds()


async def _begin_checked(backend: Backend, scenario: Scenario, order: Order) -> Challenge:
    """begin(), checking the challenge a member sees and the one SMS that carries the code."""
    since = await last_message_id(backend)
    now = await demo(backend).now()
    challenge = await backend.begin(order)
    assert challenge.order_kind == scenario.kind
    assert challenge.title.strip()
    assert challenge.lines, "the member must see what they are authorising"
    assert challenge.channel == "sms"
    assert challenge.created_at == now
    assert challenge.expires_at - challenge.created_at == OTP_TTL
    assert challenge.attempts_left == OTP_ATTEMPTS
    assert challenge.resends_left > 0

    (sms,) = await sms_since(backend, since)
    assert re.search(r"(?<!\d)\d{6}(?!\d)", sms.body)
    assert sms.to[-3:] not in challenge.destination or scenario.scope != "public"
    if scenario.scope == "public":  # before login not even masked: anyone may type a cédula
        assert challenge.destination == "celular registrado en Cooprogreso"
    else:
        assert challenge.destination == (await backend.profile()).masked_phone
        assert challenge.destination.endswith(sms.to[-3:]), "the member cannot recognise it"
    return challenge


@scenario_param
async def test_two_phase_operation(backend: Backend, scenario: Scenario) -> None:
    order = await scenario.setup(backend)
    before = await snapshot(backend, scenario.scope)
    challenge = await _begin_checked(backend, scenario, order)
    code = await latest_code(backend)

    with expect(OtpInvalid, attempts_left=OTP_ATTEMPTS - 1):
        await backend.confirm(challenge.id, wrong_code(code))
    with expect(OtpInvalid, attempts_left=OTP_ATTEMPTS - 2):
        await backend.confirm(challenge.id, wrong_code(wrong_code(code)))
    assert await snapshot(backend, scenario.scope) == before, "moved before the right code"

    receipt = await backend.confirm(challenge.id, code)
    assert isinstance(receipt, Receipt)
    assert receipt.reference.strip()
    assert receipt.title.strip()
    assert receipt.created_at == await demo(backend).now()
    for money in ("amount", "commission", "iva", "total"):
        shown = getattr(challenge, money)
        if shown is not None:
            assert getattr(receipt, money) == shown, money

    with expect(OtpExpired):
        await backend.confirm(challenge.id, code)
    await scenario.verify(backend, order, before, receipt)


@scenario_param
async def test_two_phase_code_expires_after_five_minutes(
    backend: Backend, scenario: Scenario
) -> None:
    order = await scenario.setup(backend)
    before = await snapshot(backend, scenario.scope)
    challenge = await backend.begin(order)
    code = await latest_code(backend)
    await demo(backend).advance_clock(int(OTP_TTL.total_seconds()) + 1)
    with expect(OtpExpired):
        await backend.confirm(challenge.id, code)
    with expect(OtpExpired):
        await backend.confirm(challenge.id, code)
    assert await snapshot(backend, scenario.scope) == before


# -- two-phase details (own transfers stand in for every kind) -------------------------------------


async def _own_transfer(backend: Backend, amount: str = "10.00") -> OwnTransferOrder:
    return OwnTransferOrder(
        from_account=(await savings(backend)).number,
        to_account=(await certificates(backend)).number,
        amount=Decimal(amount),
    )


async def test_three_wrong_codes_void_the_operation(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    code = await latest_code(backend)
    for left in (2, 1, 0):
        with expect(OtpInvalid, attempts_left=left):
            await backend.confirm(challenge.id, wrong_code(code))
    with expect((OtpExpired, OtpInvalid)):
        await backend.confirm(challenge.id, code)
    assert await savings(backend) == before


async def test_a_code_confirms_only_its_own_order(backend: Backend) -> None:
    await login_full(backend)
    await backend.begin(await _own_transfer(backend, "10.00"))
    first_code = await latest_code(backend)
    second = await backend.begin(await _own_transfer(backend, "11.00"))
    second_code = await latest_code(backend)
    if first_code != second_code:
        with expect(OtpInvalid):
            await backend.confirm(second.id, first_code)
    receipt = await backend.confirm(second.id, second_code)
    assert receipt.amount == Decimal("11.00")
    with expect(NotFound):
        await backend.confirm("no-such-challenge", second_code)


async def test_an_expired_code_leaves_the_operation_open_for_a_resend(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    assert challenge.expires_at - challenge.sent_at == OTP_TTL
    code = await latest_code(backend)
    await demo(backend).advance_clock(int(OTP_TTL.total_seconds()) + 30)
    with expect(OtpExpired, resendable=True):
        await backend.confirm(challenge.id, code)

    resent = await backend.resend(challenge.id)
    # The new code lives 5 minutes from its own SMS, not from the first one.
    assert resent.sent_at == await demo(backend).now()
    assert resent.expires_at - resent.sent_at == OTP_TTL
    assert resent.created_at == challenge.created_at
    receipt = await backend.confirm(challenge.id, await latest_code(backend))
    assert receipt.status is ReceiptStatus.COMPLETED
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("10.00")
    with expect(OtpExpired, resendable=False):
        await backend.confirm(challenge.id, code)


async def test_without_resends_left_an_expired_code_ends_the_operation(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    for _ in range(challenge.resends_left):
        challenge = await backend.resend(challenge.id)
    await demo(backend).advance_clock(int(OTP_TTL.total_seconds()) + 1)
    with expect(OtpExpired, resendable=False):
        await backend.confirm(challenge.id, await latest_code(backend))
    with expect(Conflict):
        await backend.resend(challenge.id)
    assert await savings(backend) == before


async def test_an_operation_left_waiting_past_its_life_must_be_begun_again(
    backend: Backend,
) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    await demo(backend).advance_clock(int(OPERATION_LIFE.total_seconds()))
    with expect(OtpExpired, resendable=False):
        await backend.resend(challenge.id)
    with expect(OtpExpired, resendable=False):
        await backend.confirm(challenge.id, await latest_code(backend))
    assert await savings(backend) == before


async def test_resend_sends_a_new_code_and_extends_the_deadline(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    old_code = await latest_code(backend)
    await demo(backend).advance_clock(200)

    since = await last_message_id(backend)
    resent = await backend.resend(challenge.id)
    (sms,) = await sms_since(backend, since)
    new_code = await latest_code(backend)
    assert resent.id == challenge.id
    assert resent.resends_left == challenge.resends_left - 1
    assert resent.expires_at == await demo(backend).now() + OTP_TTL
    assert resent.destination == challenge.destination
    assert sms.to not in resent.destination

    await demo(backend).advance_clock(200)  # 400 s after begin, 200 s after the resend
    if new_code != old_code:
        with expect(OtpInvalid):
            await backend.confirm(challenge.id, old_code)
    receipt = await backend.confirm(challenge.id, new_code)
    assert receipt.status is ReceiptStatus.COMPLETED
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("10.00")


async def test_resends_are_limited(backend: Backend) -> None:
    await login_full(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    for _ in range(challenge.resends_left):
        challenge = await backend.resend(challenge.id)
    assert challenge.resends_left == 0
    with expect(BackendError):
        await backend.resend(challenge.id)
    assert await backend.confirm(challenge.id, await latest_code(backend))


async def test_cancelled_operation_cannot_be_confirmed(backend: Backend) -> None:
    await login_full(backend)
    before = await snapshot(backend, "session")
    challenge = await backend.begin(await _own_transfer(backend))
    code = await latest_code(backend)
    await backend.cancel(challenge.id)
    with expect(OtpExpired):
        await backend.confirm(challenge.id, code)
    with expect(OtpExpired):
        await backend.resend(challenge.id)
    assert await snapshot(backend, "session") == before
    with expect(NotFound):
        await backend.cancel("no-such-challenge")


async def test_replayed_idempotency_key_moves_nothing(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    code = await latest_code(backend)
    first = await backend.confirm(challenge.id, code, idempotency_key="contract-key-1")
    again = await backend.confirm(challenge.id, code, idempotency_key="contract-key-1")
    assert again == first
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("10.00")


async def test_begin_validates_before_texting_a_code(backend: Backend) -> None:
    await login_full(backend)
    aho, cert = await savings(backend), await certificates(backend)
    since = await last_message_id(backend)
    with expect(InsufficientFunds):
        await backend.begin(await _own_transfer(backend, str(aho.available_balance + 1)))
    with expect(InvalidInput, field="from_account"):
        await backend.begin(
            OwnTransferOrder(
                from_account=cert.number, to_account=aho.number, amount=Decimal("1.00")
            )
        )
    with expect(InvalidInput, field="to_account"):
        await backend.begin(
            OwnTransferOrder(from_account=aho.number, to_account=aho.number, amount=Decimal("1.00"))
        )
    with expect(InvalidInput):
        await backend.begin(
            OwnTransferOrder(
                from_account=aho.number,
                to_account=await other_members_account(backend),
                amount=Decimal("1.00"),
            )
        )
    assert await sms_since(backend, since) == []
    assert await savings(backend) == aho


async def test_session_operations_need_a_session(backend: Backend) -> None:
    with expect(SessionExpired):
        await backend.begin(
            OwnTransferOrder(from_account="410112060750", to_account="1", amount=Decimal("1"))
        )
    with expect(SessionExpired):
        await backend.product_summary()
    assert await sms_since(backend) == []


async def test_an_order_that_can_no_longer_execute_is_voided(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    everything = await _own_transfer(backend, str(aho.available_balance))
    first = await backend.begin(everything)
    first_code = await latest_code(backend)
    second = await backend.begin(everything)
    second_code = await latest_code(backend)
    await backend.confirm(first.id, first_code)
    with expect(InsufficientFunds):
        await backend.confirm(second.id, second_code)
    with expect(OtpExpired):
        await backend.confirm(second.id, second_code)
    after = await savings(backend)
    assert after.ledger_balance == aho.ledger_balance - aho.available_balance
    assert after.available_balance == 0


async def test_another_members_session_cannot_confirm_a_challenge(backend: Backend) -> None:
    gabriel, andrea = (await demo_credentials(backend))[:2]
    await login_full(backend, gabriel)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    code = await latest_code(backend)
    await backend.logout()
    await login_full(backend, andrea)
    with expect((NotFound, SessionExpired)):
        await backend.confirm(challenge.id, code)
    await backend.logout()
    await login_full(backend, gabriel)
    assert await savings(backend) == before


async def test_idempotency_key_replay_needs_the_session_and_the_same_challenge(
    backend: Backend,
) -> None:
    await login_full(backend)
    first = await backend.begin(await _own_transfer(backend, "3.00"))
    code = await latest_code(backend)
    await backend.confirm(first.id, code, idempotency_key="contract-key-2")
    other = await backend.begin(await _own_transfer(backend, "4.00"))
    with expect(Conflict):
        await backend.confirm(
            other.id, await latest_code(backend), idempotency_key="contract-key-2"
        )
    await backend.logout()
    with expect(SessionExpired):
        await backend.confirm(first.id, code, idempotency_key="contract-key-2")


async def test_login_failures_reset_after_a_correct_password(backend: Backend) -> None:
    username, password = (await demo_credentials(backend))[0]
    for left in (2, 1):
        with expect(InvalidCredentials, attempts_left=left):
            await backend.login(username, "Incorrecta1", DEVICE_ID)
    await backend.login(username, password, DEVICE_ID)
    await backend.logout()
    with expect(InvalidCredentials, attempts_left=2):
        await backend.login(username, "Incorrecta1", DEVICE_ID)


async def test_scheduled_payments_run_as_the_clock_moves(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    (seeded,) = await backend.scheduled_payments()
    history = await backend.payment_history()
    capped = next(p for p in history if p.service_code != seeded.service_code)
    await confirm_order(
        backend,
        ScheduledPaymentOrder(
            from_account=aho.number,
            biller_id=capped.biller_id,
            service_code=capped.service_code,
            max_amount=Decimal("1.00"),
            frequency=Frequency.ASAP,
            start_date=await today(backend),
            terms_accepted=True,
        ),
    )
    since = await last_message_id(backend)
    before = await savings(backend)

    await demo(backend).advance_clock(31 * 86_400)  # every biller issues its next bill

    automatic = [
        p
        for p in await backend.payment_history(service_code=seeded.service_code)
        if p.paid_at > history[0].paid_at
    ]
    assert len(automatic) == 1, automatic
    (paid,) = automatic
    assert paid.channel is PaymentChannel.SCHEDULED
    assert paid.amount <= seeded.max_amount
    assert (await savings(backend)).ledger_balance == before.ledger_balance - paid.total
    assert paid.reference in " ".join(m.body for m in await emails_since(backend, since))

    bills = await backend.lookup_bills(capped.biller_id, capped.service_code)
    assert bills, "a bill above the maximum must stay unpaid"
    assert all(b.amount > Decimal("1.00") for b in bills)
    (capped_now,) = [
        s for s in await backend.scheduled_payments() if s.service_code == capped.service_code
    ]
    assert capped_now.last_result
    assert len(await emails_since(backend, since)) >= 2, "the member is not told it was not paid"


async def test_an_unpaid_installment_falls_overdue(backend: Backend) -> None:
    await login_full(backend)
    (loan,) = (await backend.product_summary()).loans
    first = (await backend.loan_detail(loan.number)).schedule[0]
    assert (await savings(backend)).available_balance < first.total  # cannot be debited
    now = await demo(backend).now()
    days = (first.due_date - now.date()).days + 10
    await demo(backend).advance_clock(days * 86_400)
    detail = await backend.loan_detail(loan.number)
    assert detail.loan.status is LoanStatus.OVERDUE
    assert detail.schedule[0].status is InstallmentStatus.OVERDUE
    assert detail.schedule[0].arrears > 0
    assert detail.loan.next_payment_amount >= first.total
    assert detail.loan.installments_paid == 0
    assert detail.loan.capital_balance == LOAN_AMOUNT


async def test_paying_another_banks_card_without_immediate_credit(backend: Backend) -> None:
    await login_full(backend)
    slow = next(i for i in await backend.financial_institutions() if not i.immediate_credit)
    order = await _external_card_order(backend)
    await confirm_order(backend, order.model_copy(update={"institution_code": slow.code}))
    (card,) = await backend.payable_cards(PayableCardOwner.OTHER_BANK)
    assert card.institution_code == slow.code
    before = await savings(backend)
    holds_before = await backend.holds(before.number)
    amount = Decimal("15.00")
    total = amount + INTERBANK_COMMISSION + INTERBANK_IVA
    challenge = await backend.begin(
        CardPaymentOrder(from_account=before.number, card_id=card.id, amount=amount)
    )
    assert (challenge.commission, challenge.iva, challenge.total) == (
        INTERBANK_COMMISSION,
        INTERBANK_IVA,
        total,
    )
    receipt = await backend.confirm(challenge.id, await latest_code(backend))
    assert receipt.status is ReceiptStatus.PENDING
    held = await savings(backend)
    assert held.ledger_balance == before.ledger_balance
    assert held.available_balance == before.available_balance - total

    await demo(backend).advance_clock(2 * 86_400)  # past the next business day's 09:00
    after = await savings(backend)
    assert after.ledger_balance == before.ledger_balance - total
    assert after.available_balance == before.available_balance - total
    assert await backend.holds(before.number) == holds_before


async def test_begin_validates_a_new_beneficiary(backend: Backend) -> None:
    await login_full(backend)
    aho = await savings(backend)
    existing = (await backend.beneficiaries(BeneficiaryService.INTERBANK))[0]
    base = BeneficiaryOrder(
        service=BeneficiaryService.INTERNAL,
        institution_code="COOPROGRESO",
        account_type=BankAccountType.SAVINGS,
        account_number=aho.number,
        name="Yo Mismo",
        id_type=IdType.CEDULA,
        identification=cedula("171234567"),
    )
    cooprogreso = next(
        i.code for i in await backend.financial_institutions() if "cooprogreso" in i.name.lower()
    )
    base = base.model_copy(update={"institution_code": cooprogreso})
    since = await last_message_id(backend)
    with expect(InvalidInput, field="account_number"):
        await backend.begin(base)  # one's own account is not a beneficiary
    with expect(InvalidInput, field="institution_code"):
        await backend.begin(base.model_copy(update={"service": BeneficiaryService.INTERBANK}))
    with expect(InvalidInput, field="identification"):
        await backend.begin(
            base.model_copy(
                update={
                    "service": BeneficiaryService.INTERBANK,
                    "institution_code": existing.institution_code,
                    "account_number": "2200555000",
                    "identification": "1234567890",
                }
            )
        )
    with expect(Conflict):
        await backend.begin(
            base.model_copy(
                update={
                    "service": BeneficiaryService.INTERBANK,
                    "institution_code": existing.institution_code,
                    "account_number": existing.account_number,
                }
            )
        )
    assert await sms_since(backend, since) == []


async def test_beneficiary_search_ignores_accents_and_case(backend: Backend) -> None:
    """Members type on plain keyboards: "benitez" must find "Benítez"."""
    await login_full(backend)
    accented = next(
        b for b in await backend.beneficiaries() if any(c in b.name for c in "áéíóúÁÉÍÓÚñÑ")
    )
    word = next(w for w in accented.name.split() if any(c in w for c in "áéíóúÁÉÍÓÚñÑ"))
    plain = word.translate(str.maketrans("áéíóúÁÉÍÓÚñÑ", "aeiouAEIOUnN"))
    for typed in (word, word.upper(), plain.lower(), plain.upper()):
        found = await backend.beneficiaries(name=typed)
        assert accented in found, f"searching {typed!r} does not find {accented.name!r}"


async def test_concurrent_confirms_execute_once(backend: Backend) -> None:
    await login_full(backend)
    before = await savings(backend)
    challenge = await backend.begin(await _own_transfer(backend))
    code = await latest_code(backend)
    results = await asyncio.gather(
        backend.confirm(challenge.id, code),
        backend.confirm(challenge.id, code),
        return_exceptions=True,
    )
    receipts = [r for r in results if isinstance(r, Receipt)]
    errors = [r for r in results if not isinstance(r, Receipt)]
    assert len(receipts) == 1, results
    assert len(errors) == 1
    assert isinstance(errors[0], OtpExpired)
    assert (await savings(backend)).ledger_balance == before.ledger_balance - Decimal("10.00")
