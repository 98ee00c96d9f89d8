"""OTP challenges: bound to one order, 3 attempts, 5 minutes, single use, 3 re-sends."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cooptui.backend.errors import (
    Conflict,
    InsufficientFunds,
    NotFound,
    OtpExpired,
    OtpInvalid,
)
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.operations import OwnTransferOrder
from tests.core.conftest import (
    account,
    assert_ledger_sound,
    begin_with_code,
    last_code,
    logged_in,
    outbox_mark,
    sms_since,
    wrong_code,
)


def to_certificates(amount: str) -> OwnTransferOrder:
    return OwnTransferOrder(
        from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal(amount)
    )


def balances(core: Core, token: str) -> tuple[Decimal, Decimal, Decimal]:
    savings = account(core, token, DEMO_SAVINGS)
    certificates = account(core, token, DEMO_CERTIFICATES)
    return savings.ledger_balance, savings.available_balance, certificates.ledger_balance


@pytest.fixture
def token(core: Core) -> str:
    return logged_in(core)


def test_a_code_confirms_only_its_own_challenge(core: Core, token: str) -> None:
    _, first_code = begin_with_code(core, token, to_certificates("10.00"))
    second, second_code = begin_with_code(core, token, to_certificates("10.00"))
    assert first_code != second_code
    before = balances(core, token)

    with pytest.raises(OtpInvalid) as caught:
        core.confirm(token, second.id, first_code)
    assert caught.value.attempts_left == 2
    assert balances(core, token) == before

    core.confirm(token, second.id, second_code)
    savings, _, certificates = balances(core, token)
    assert savings == before[0] - Decimal("10.00")
    assert certificates == before[2] + Decimal("10.00")
    assert_ledger_sound(core)


def test_three_wrong_codes_kill_the_challenge(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("5.00"))
    assert challenge.attempts_left == 3
    before = balances(core, token)

    left = []
    for _ in range(3):
        with pytest.raises(OtpInvalid) as caught:
            core.confirm(token, challenge.id, wrong_code(code))
        left.append(caught.value.attempts_left)
    assert left == [2, 1, 0]

    with pytest.raises(OtpExpired):
        core.confirm(token, challenge.id, code)
    assert balances(core, token) == before
    assert_ledger_sound(core)


def test_malformed_codes_use_up_attempts_too(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("5.00"))
    with pytest.raises(OtpInvalid) as caught:
        core.confirm(token, challenge.id, "12ab")
    assert caught.value.attempts_left == 2
    core.confirm(token, challenge.id, code)
    assert_ledger_sound(core)


def test_code_expires_after_five_minutes(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("5.00"))
    assert (challenge.expires_at - challenge.created_at).total_seconds() == 300
    before = balances(core, token)

    core.advance_clock(301)
    with pytest.raises(OtpExpired):
        core.confirm(token, challenge.id, code)
    assert balances(core, token) == before
    assert_ledger_sound(core)


def test_code_still_valid_just_before_five_minutes(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("5.00"))
    core.advance_clock(299)
    receipt = core.confirm(token, challenge.id, code)
    assert receipt.amount == Decimal("5.00")
    assert_ledger_sound(core)


def test_a_code_is_single_use(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("7.00"))
    before = balances(core, token)

    core.confirm(token, challenge.id, code)
    with pytest.raises(OtpExpired):
        core.confirm(token, challenge.id, code)

    savings, available, _ = balances(core, token)
    assert savings == before[0] - Decimal("7.00")
    assert available == before[1] - Decimal("7.00")
    assert_ledger_sound(core)


def test_same_idempotency_key_replays_the_receipt_without_moving_money_again(
    core: Core, token: str
) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("8.00"))
    before = balances(core, token)

    first = core.confirm(token, challenge.id, code, idempotency_key="pago-8-usd")
    after_first = balances(core, token)
    again = core.confirm(token, challenge.id, code, idempotency_key="pago-8-usd")

    assert again == first
    assert balances(core, token) == after_first
    assert after_first[0] == before[0] - Decimal("8.00")
    assert [m.amount for m in core.last_movements(token, DEMO_SAVINGS, 2)].count(
        Decimal("-8.00")
    ) == 1
    assert_ledger_sound(core)


def test_idempotency_key_of_another_challenge_is_a_conflict(core: Core, token: str) -> None:
    first, first_code = begin_with_code(core, token, to_certificates("4.00"))
    core.confirm(token, first.id, first_code, idempotency_key="clave-unica")
    second, second_code = begin_with_code(core, token, to_certificates("6.00"))
    before = balances(core, token)

    with pytest.raises(Conflict):
        core.confirm(token, second.id, second_code, idempotency_key="clave-unica")
    assert balances(core, token) == before
    # The second challenge is untouched and can still be confirmed with a fresh key.
    core.confirm(token, second.id, second_code, idempotency_key="otra-clave")
    assert balances(core, token)[0] == before[0] - Decimal("6.00")
    assert_ledger_sound(core)


def test_resend_gives_a_new_code_and_the_old_one_is_refused(core: Core, token: str) -> None:
    challenge, old_code = begin_with_code(core, token, to_certificates("9.00"))
    mark = outbox_mark(core)

    resent = core.resend(token, challenge.id)
    texts = sms_since(core, mark)
    assert len(texts) == 1
    new_code = last_code(core)
    assert new_code != old_code
    assert resent.resends_left == challenge.resends_left - 1

    with pytest.raises(OtpInvalid):
        core.confirm(token, challenge.id, old_code)
    receipt = core.confirm(token, challenge.id, new_code)
    assert receipt.amount == Decimal("9.00")
    assert_ledger_sound(core)


def test_resends_are_limited_to_three(core: Core, token: str) -> None:
    challenge, _ = begin_with_code(core, token, to_certificates("9.00"))
    assert challenge.resends_left == 3

    left = [core.resend(token, challenge.id).resends_left for _ in range(3)]
    assert left == [2, 1, 0]
    mark = outbox_mark(core)
    with pytest.raises(Conflict):
        core.resend(token, challenge.id)
    assert sms_since(core, mark) == []
    # The last code sent still works.
    core.confirm(token, challenge.id, last_code(core))
    assert_ledger_sound(core)


def test_cancelled_challenge_cannot_be_confirmed(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("11.00"))
    before = balances(core, token)

    core.cancel(token, challenge.id)
    with pytest.raises(OtpExpired):
        core.confirm(token, challenge.id, code)
    assert balances(core, token) == before
    assert_ledger_sound(core)


def test_a_challenge_belongs_to_the_session_that_began_it(core: Core, token: str) -> None:
    challenge, code = begin_with_code(core, token, to_certificates("3.00"))
    other_session = logged_in(core)
    before = balances(core, token)

    with pytest.raises(NotFound):
        core.confirm(other_session, challenge.id, code)
    assert balances(core, token) == before
    core.confirm(token, challenge.id, code)
    assert balances(core, token)[0] == before[0] - Decimal("3.00")
    assert_ledger_sound(core)


def test_funds_spent_between_begin_and_confirm(core: Core, token: str) -> None:
    available = account(core, token, DEMO_SAVINGS).available_balance
    big = (available - Decimal("10.00")).quantize(Decimal("0.01"))
    first, first_code = begin_with_code(core, token, to_certificates(str(big)))
    second, second_code = begin_with_code(core, token, to_certificates(str(big)))

    core.confirm(token, first.id, first_code)
    after_first = balances(core, token)
    with pytest.raises(InsufficientFunds):
        core.confirm(token, second.id, second_code)

    assert balances(core, token) == after_first
    assert after_first[1] == available - big
    # The void challenge cannot be retried later.
    with pytest.raises(OtpExpired):
        core.confirm(token, second.id, second_code)
    assert_ledger_sound(core)


def test_sms_shows_what_is_being_authorised(core: Core, token: str) -> None:
    mark = outbox_mark(core)
    challenge = core.begin(token, to_certificates("12.00"))
    texts = sms_since(core, mark)
    assert len(texts) == 1
    assert challenge.title in texts[0].body
    assert challenge.total == Decimal("12.00")
