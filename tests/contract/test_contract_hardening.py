"""The contract under misuse, over both adapters: hidden characters, blank names, keys
that two members both chose, and sessions that must end (issue: hardening)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from cooptui.backend.errors import (
    AccountLocked,
    InvalidCredentials,
    InvalidInput,
    OtpInvalid,
    SessionExpired,
    TooManyRequests,
)
from cooptui.backend.http import HttpBackend
from cooptui.backend.protocol import Backend
from cooptui.backend_stub.adapter import SimBackend
from cooptui.domain.operations import (
    BeneficiaryOrder,
    OwnTransferOrder,
    PasswordRecoveryOrder,
    UsernameReminderOrder,
)
from cooptui.domain.products import AccountType
from cooptui.domain.transfers import BankAccountType, BeneficiaryService, IdType
from cooptui.domain.validators import CONTROL_CHARACTERS
from tests.contract.conftest import (
    DEVICE_ID,
    demo,
    demo_credentials,
    expect,
    last_message_id,
    latest_code,
    latest_sms,
    login_full,
    sms_since,
)
from tests.contract.wire_checks import StrictJsonTransport

HIDDEN = ["Ana\x00", "Ana\u202eanA", "\x1b[31mAna", "Ana\r\nBeto", "Ana\tBeto", "Ana\u2028"]
"""NUL, a right-to-left override, an ANSI escape, CR/LF, a tab, a line separator."""


async def _own_transfer(backend: Backend, amount: str = "1.00") -> OwnTransferOrder:
    """Savings → certificados de aportación: every demo member has both."""
    accounts = {a.type: a.number for a in await backend.accounts()}
    return OwnTransferOrder(
        from_account=accounts[AccountType.SAVINGS],
        to_account=accounts[AccountType.SHARE_CERTIFICATES],
        amount=Decimal(amount),
    )


async def _new_beneficiary(backend: Backend, name: str) -> BeneficiaryOrder:
    other_bank = next(
        i.code
        for i in await backend.financial_institutions()
        if "cooprogreso" not in i.name.lower()
    )
    return BeneficiaryOrder(
        service=BeneficiaryService.INTERBANK,
        institution_code=other_bank,
        account_type=BankAccountType.SAVINGS,
        account_number="2200334455",
        name=name,
        id_type=IdType.CEDULA,
        identification="1710034065",
    )


@pytest.mark.parametrize("text", HIDDEN)
async def test_hidden_characters_are_refused_at_begin_before_any_code(
    backend: Backend, text: str
) -> None:
    await login_full(backend)
    since = await last_message_id(backend)
    with expect(InvalidInput, field="name", message=CONTROL_CHARACTERS):
        await backend.begin(await _new_beneficiary(backend, text))
    transfer = await _own_transfer(backend)
    with expect(InvalidInput, field="reference", message=CONTROL_CHARACTERS):
        await backend.begin(transfer.model_copy(update={"reference": text}))
    assert await sms_since(backend, since) == []


async def test_a_name_of_only_spaces_is_refused_at_begin_and_when_edited(
    backend: Backend,
) -> None:
    await login_full(backend)
    since = await last_message_id(backend)
    with expect(InvalidInput, field="name"):
        await backend.begin(await _new_beneficiary(backend, "   "))
    assert await sms_since(backend, since) == []
    target = (await backend.beneficiaries(BeneficiaryService.INTERBANK))[0]
    for name, field in [("   ", "name"), ("Ana\u202eanA", "name"), (target.name, "alias")]:
        with expect(InvalidInput, field=field):
            await backend.update_beneficiary(
                target.id,
                name=name,
                id_type=target.id_type,
                identification=target.identification,
                alias="Primo\x1b[0m",
            )
    assert target in await backend.beneficiaries()


async def test_a_comment_with_hidden_characters_files_no_request(backend: Backend) -> None:
    await login_full(backend)
    offer = next(o for o in await backend.product_catalog() if o.min_amount and o.term_unit is None)
    with expect(InvalidInput, field="comment", message=CONTROL_CHARACTERS):
        await backend.request_product(
            offer.id,
            amount=str(offer.min_amount),
            comment="Llámenme\x1b]0;hola\x07",
            contact_phone="0991112233",
        )
    assert await backend.product_requests() == []


async def test_an_idempotency_key_another_member_used_is_not_theirs_to_block(
    backend: Backend,
) -> None:
    gabriel, andrea = (await demo_credentials(backend))[:2]
    await login_full(backend, gabriel)
    challenge = await backend.begin(await _own_transfer(backend, "2.00"))
    first = await backend.confirm(challenge.id, await latest_code(backend), idempotency_key="k-1")
    await backend.logout()

    await login_full(backend, andrea)
    order = await _own_transfer(backend, "3.00")
    before = next(a for a in await backend.accounts() if a.number == order.from_account)
    challenge = await backend.begin(order)
    mine = await backend.confirm(challenge.id, await latest_code(backend), idempotency_key="k-1")
    assert mine.reference != first.reference
    after = next(a for a in await backend.accounts() if a.number == order.from_account)
    assert after.ledger_balance == before.ledger_balance - Decimal("3.00")
    again = await backend.confirm(challenge.id, "000000", idempotency_key="k-1")
    assert again == mine  # her own retry is answered, and moves nothing more
    after_retry = next(a for a in await backend.accounts() if a.number == order.from_account)
    assert after_retry == after


@pytest.fixture
async def second(backend: Backend) -> AsyncIterator[Backend]:
    """Another terminal on the same bank: a second session beside `backend`'s."""
    if isinstance(backend, SimBackend):
        yield SimBackend(backend.core)  # the core is closed with the first terminal
        return
    assert isinstance(backend, HttpBackend)
    shared = backend._transport
    assert isinstance(shared, StrictJsonTransport)
    other = HttpBackend(backend.url, transport=StrictJsonTransport(shared.inner))
    try:
        yield other
    finally:
        await other.aclose()


async def test_changing_the_password_ends_the_other_sessions(
    backend: Backend, second: Backend
) -> None:
    credentials = (await demo_credentials(backend))[0]
    await login_full(backend, credentials)
    await login_full(second, credentials, device_id=DEVICE_ID + "-dos")
    assert await second.accounts()
    await backend.change_password(credentials[1], "Cooperativa2025x")
    assert await backend.accounts(), "the session that changed it goes on"
    with expect(SessionExpired):
        await second.accounts()


async def test_the_sms_says_the_amount_and_the_masked_payee_it_authorises(
    backend: Backend,
) -> None:
    await login_full(backend)
    order = await _own_transfer(backend, "25.00")
    challenge = await backend.begin(order)
    sms = await latest_sms(backend)
    assert f"por $25.00 a ****{order.to_account[-4:]}." in sms.body
    await backend.resend(challenge.id)
    resent = await latest_sms(backend)
    assert resent.body != sms.body  # a new code
    assert f"por $25.00 a ****{order.to_account[-4:]}." in resent.body


async def _recovery_order(backend: Backend) -> PasswordRecoveryOrder:
    await login_full(backend)
    profile = await backend.profile()
    await backend.logout()
    return PasswordRecoveryOrder(
        username=profile.username, id_type=IdType.CEDULA, identification=profile.identification
    )


async def test_codes_before_login_are_three_per_quarter_hour(backend: Backend) -> None:
    order = await _recovery_order(backend)
    since = await last_message_id(backend)
    challenge = await backend.begin(order)
    await backend.resend(challenge.id)
    await backend.begin(order)
    with expect(TooManyRequests) as refused:
        await backend.begin(order)
    assert "15 minutos" in refused.value.message
    assert 14 * 60 < refused.value.retry_after <= 15 * 60
    with expect(TooManyRequests):
        await backend.resend(challenge.id)
    assert len(await sms_since(backend, since)) == 3
    await demo(backend).advance_clock(15 * 60)
    assert await backend.begin(order)


async def test_codes_in_a_session_are_ten_per_quarter_hour(backend: Backend) -> None:
    await login_full(backend)
    await demo(backend).advance_clock(15 * 60)  # the login's own code is out of the window
    order = await _own_transfer(backend)
    since = await last_message_id(backend)
    for _ in range(10):
        await backend.begin(order)
    with expect(TooManyRequests):
        await backend.begin(order)
    assert len(await sms_since(backend, since)) == 10


async def test_looking_up_cooprogreso_accounts_is_rate_limited(backend: Backend) -> None:
    await login_full(backend)
    cooprogreso = next(
        i.code for i in await backend.financial_institutions() if "cooprogreso" in i.name.lower()
    )
    probe = (await _new_beneficiary(backend, "Ana Pérez")).model_copy(
        update={"service": BeneficiaryService.INTERNAL, "institution_code": cooprogreso}
    )
    for n in range(10):  # a miss counts as much as a hit
        with expect(InvalidInput, field="account_number"):
            await backend.begin(probe.model_copy(update={"account_number": f"41011299{n:04d}"}))
    with expect(TooManyRequests) as refused:
        await backend.begin(probe.model_copy(update={"account_number": "410112990099"}))
    assert "cuentas" in refused.value.message


async def test_a_cedula_of_nobody_is_answered_like_a_members_and_texts_nothing(
    backend: Backend,
) -> None:
    member = await _recovery_order(backend)
    since = await last_message_id(backend)
    stranger = UsernameReminderOrder(id_type=IdType.CEDULA, identification="1712345675")
    decoy = await backend.begin(stranger)
    real = await backend.begin(
        UsernameReminderOrder(id_type=IdType.CEDULA, identification=member.identification)
    )
    assert len(await sms_since(backend, since)) == 1  # only the member's phone
    for challenge in (decoy, real):
        assert challenge.destination == "celular registrado en Cooprogreso"
        assert [line.label for line in challenge.lines] == ["Identificación"]
        assert challenge.lines[0].value.startswith("******")
    for left in (2, 1, 0):
        with expect(OtpInvalid, attempts_left=left):
            await backend.confirm(decoy.id, await latest_code(backend))


async def test_a_lock_lapses_after_thirty_minutes(backend: Backend) -> None:
    username, password = (await demo_credentials(backend))[0]
    for _ in range(2):
        with expect(InvalidCredentials):
            await backend.login(username, "Equivocada99", DEVICE_ID)
    with expect(AccountLocked) as locked:
        await backend.login(username, "Equivocada99", DEVICE_ID)
    assert "30 minutos" in locked.value.message
    await demo(backend).advance_clock(29 * 60)
    with expect(AccountLocked):
        await backend.login(username, password, DEVICE_ID)
    await demo(backend).advance_clock(60)
    assert await backend.login(username, password, DEVICE_ID)
