"""Shared fixtures and helpers for the simulated core's business-rule tests.

The tests talk to `Core` the way a member does: log in, begin an operation, read the
code that arrived by SMS (the demo outbox is the member's phone), confirm it, and look
at balances, holds, e-mails and statements afterwards.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from cooptui.backend_stub import ledger
from cooptui.backend_stub.clock import ECUADOR_TZ, MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.seed import DEMO_PASSWORD, DEMO_USERNAME
from cooptui.domain.auth import LoginStatus, MessageChannel, OutboxMessage
from cooptui.domain.money import to_cents
from cooptui.domain.operations import Challenge, DeviceRegistrationOrder, Order, Receipt
from cooptui.domain.products import Account

SCRYPT_N = 2**10
DEVICE_ID = "terminal-gabriel-0001"
DEVICE_NAME = "Laptop de Gabriel"
OTHER_DEVICE_ID = "terminal-prestado-0002"

_SMS_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


# --------------------------------------------------------------------------- the bank


def open_core(at: datetime = MANUAL_DATE) -> Core:
    """A fresh demo bank in memory, seeded at `at`, with cheap scrypt for speed."""
    return Core.open(":memory:", FrozenClock(at), scrypt_n=SCRYPT_N)


@pytest.fixture
def core() -> Iterator[Core]:
    bank = open_core()
    yield bank
    bank.close()


# --------------------------------------------------------------------------- the phone and the mailbox


def outbox_mark(core: Core) -> int:
    """Id of the newest message so far: pass it as `since` to see only what comes next."""
    messages = core.outbox()
    return messages[-1].id if messages else 0


def sms_since(core: Core, since: int = 0) -> list[OutboxMessage]:
    return [m for m in core.outbox(since) if m.channel is MessageChannel.SMS]


def emails_since(core: Core, since: int = 0, subject: str | None = None) -> list[OutboxMessage]:
    return [
        m
        for m in core.outbox(since)
        if m.channel is MessageChannel.EMAIL and (subject is None or subject in m.subject)
    ]


def code_in(message: OutboxMessage) -> str:
    match = _SMS_CODE.search(message.body)
    assert match is not None, f"no 6-digit code in SMS: {message.body!r}"
    return match.group(1)


def last_code(core: Core) -> str:
    """The 6-digit code of the newest SMS, as the member reads it on their phone."""
    texts = sms_since(core)
    assert texts, "no SMS was sent"
    return code_in(texts[-1])


def wrong_code(code: str) -> str:
    """A well-formed code that is certainly not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --------------------------------------------------------------------------- two-phase operations


def begin_with_code(core: Core, token: str | None, order: Order) -> tuple[Challenge, str]:
    challenge = core.begin(token, order)
    return challenge, last_code(core)


def confirm(
    core: Core, token: str | None, order: Order, idempotency_key: str | None = None
) -> Receipt:
    """Begin `order`, read the SMS code and confirm it: the whole happy path."""
    challenge, code = begin_with_code(core, token, order)
    return core.confirm(token, challenge.id, code, idempotency_key=idempotency_key)


def logged_in(
    core: Core,
    username: str = DEMO_USERNAME,
    password: str = DEMO_PASSWORD,
    device_id: str = DEVICE_ID,
) -> str:
    """Log in and, on a new device, register it with its OTP; returns an active token."""
    token, result = core.login(username, password, device_id)
    if result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED:
        confirm(core, token, DeviceRegistrationOrder(device_id=device_id, device_name=DEVICE_NAME))
    else:
        assert result.status is LoginStatus.OK, result.status
    return token


# --------------------------------------------------------------------------- balances and the ledger


def account(core: Core, token: str, number: str) -> Account:
    matches = [a for a in core.accounts(token) if a.number == number]
    assert len(matches) == 1, f"account {number} not listed"
    return matches[0]


def ledger_balance(core: Core, code: str) -> Decimal:
    """Saldo contable of any ledger account by its code (e.g. another member's savings)."""
    with core.db.reading() as conn:
        row = conn.execute("SELECT id FROM ledger_accounts WHERE code = ?", (code,)).fetchone()
        assert row is not None, code
        return Decimal(ledger.balance_cents(conn, row["id"])) / 100


def savings_of(core: Core, identification: str) -> str:
    """The savings account number of the member with that cédula (bank-side lookup)."""
    with core.db.reading() as conn:
        row = conn.execute(
            "SELECT a.code FROM ledger_accounts a JOIN members m ON m.id = a.member_id"
            " WHERE m.identification = ? AND a.product = 'AHO'",
            (identification,),
        ).fetchone()
    assert row is not None, identification
    return str(row["code"])


def deposit(core: Core, number: str, amount: Decimal) -> None:
    """A cash deposit at a branch window: a balanced entry CASH -> the member's savings."""
    cents = to_cents(amount)
    with core.db.transaction() as conn:
        row = conn.execute("SELECT id FROM ledger_accounts WHERE code = ?", (number,)).fetchone()
        assert row is not None, number
        ledger.post_entry(
            conn,
            created_at=core.now(),
            kind="deposit",
            reference=f"TEST-{uuid.uuid4().hex[:12]}",
            description="Depósito en ventanilla",
            postings=[
                Posting(ledger.internal_account(conn, "CASH"), -cents, "Depósito en ventanilla"),
                Posting(row["id"], cents, "DEPOSITO EN EFECTIVO"),
            ],
        )


def assert_ledger_sound(core: Core) -> None:
    """Double entry holds: every entry balances and so does the whole ledger."""
    assert ledger.trial_balance_cents(core.db.conn) == 0
    assert ledger.unbalanced_entries(core.db.conn) == []
    assert ledger.stale_balances(core.db.conn) == []


# --------------------------------------------------------------------------- time


def advance_to(core: Core, day: date, at: time = time(8, 0)) -> datetime:
    """Demo time travel to `day` at `at` (Ecuador time)."""
    target = datetime.combine(day, at, ECUADOR_TZ)
    seconds = int((target - core.now()).total_seconds())
    assert seconds >= 0, "the clock does not go back"
    return core.advance_clock(seconds)


def days(n: int) -> int:
    return int(timedelta(days=n).total_seconds())
