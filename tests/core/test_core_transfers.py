"""Own, internal and interbank transfers, settlement, daily limits and beneficiaries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from cooptui.backend.errors import (
    Conflict,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from cooptui.backend_stub.clock import ECUADOR_TZ
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import (
    DEMO_CERTIFICATES,
    DEMO_SAVINGS,
    ENROLLABLE_IDENTIFICATION,
    SECOND_PASSWORD,
    SECOND_USERNAME,
    cedula,
)
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import (
    BeneficiaryOrder,
    InterbankTransferOrder,
    InternalTransferOrder,
    OwnTransferOrder,
    ReceiptStatus,
)
from cooptui.domain.transfers import (
    BankAccountType,
    Beneficiary,
    BeneficiaryService,
    IdType,
    TransferKind,
    TransferStatus,
)
from tests.core.conftest import (
    OTHER_DEVICE_ID,
    account,
    advance_to,
    assert_ledger_sound,
    begin_with_code,
    confirm,
    deposit,
    emails_since,
    ledger_balance,
    logged_in,
    open_core,
    outbox_mark,
    savings_of,
)

COMMISSION = Decimal("0.36")  # COSTO TRANSFERENCIA / PAGO TARJETAS SPI, as in the manual
IVA = Decimal("0.05")  # 15 % of the commission, as in the manual
CENT = Decimal("0.01")


@pytest.fixture
def token(core: Core) -> str:
    return logged_in(core)


def payee(core: Core, token: str, institution: str) -> Beneficiary:
    matches = [b for b in core.beneficiaries(token) if b.institution_code == institution]
    assert len(matches) == 1, institution
    return matches[0]


def immediate(core: Core, token: str, code: str) -> bool:
    institutions = {i.code: i for i in core.financial_institutions(token)}
    return institutions[code].immediate_credit


def interbank(ben: Beneficiary, amount: str, **extra: object) -> InterbankTransferOrder:
    return InterbankTransferOrder(
        from_account=DEMO_SAVINGS, beneficiary_id=ben.id, amount=Decimal(amount), **extra
    )


def internal(ben: Beneficiary, amount: str, **extra: object) -> InternalTransferOrder:
    return InternalTransferOrder(
        from_account=DEMO_SAVINGS, beneficiary_id=ben.id, amount=Decimal(amount), **extra
    )


def remaining(core: Core, token: str) -> dict[TransferKind, Decimal]:
    return {limit.kind: limit.remaining for limit in core.daily_limits(token)}


def limits(core: Core, token: str) -> dict[TransferKind, Decimal]:
    return {limit.kind: limit.limit for limit in core.daily_limits(token)}


# --------------------------------------------------------------------------- own accounts


def test_own_transfer_moves_balances_exactly(core: Core, token: str) -> None:
    savings = account(core, token, DEMO_SAVINGS)
    certificates = account(core, token, DEMO_CERTIFICATES)

    receipt = confirm(
        core,
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS,
            to_account=DEMO_CERTIFICATES,
            amount=Decimal("123.45"),
            reference="Aporte extra",
        ),
    )

    assert receipt.status is ReceiptStatus.COMPLETED
    assert receipt.total == Decimal("123.45")
    after_savings = account(core, token, DEMO_SAVINGS)
    after_certificates = account(core, token, DEMO_CERTIFICATES)
    assert after_savings.ledger_balance == savings.ledger_balance - Decimal("123.45")
    assert after_savings.available_balance == savings.available_balance - Decimal("123.45")
    assert after_certificates.ledger_balance == certificates.ledger_balance + Decimal("123.45")
    assert after_certificates.available_balance == Decimal("0.00")  # never available
    movement = core.last_movements(token, DEMO_SAVINGS, 1)[0]
    assert movement.amount == Decimal("-123.45")
    assert movement.reference == receipt.reference
    assert_ledger_sound(core)


def test_certificates_cannot_be_debited(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_CERTIFICATES, to_account=DEMO_SAVINGS, amount=Decimal("1.00")
            ),
        )
    assert caught.value.field == "from_account"


def test_own_transfer_to_the_same_account_is_refused(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_SAVINGS, amount=Decimal("1.00")
            ),
        )
    assert caught.value.field == "to_account"


def test_someone_elses_account_is_not_an_own_account(core: Core, token: str) -> None:
    other = core.beneficiaries(token, BeneficiaryService.INTERNAL)[0].account_number
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            OwnTransferOrder(from_account=other, to_account=DEMO_SAVINGS, amount=Decimal("1.00")),
        )
    assert caught.value.field == "from_account"


# --------------------------------------------------------------------------- within the cooperative


def test_internal_transfer_credits_the_payee_and_is_free(core: Core, token: str) -> None:
    andrea_token = logged_in(core, SECOND_USERNAME, SECOND_PASSWORD, OTHER_DEVICE_ID)
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")
    payee_before = account(core, andrea_token, andrea.account_number)
    mine_before = account(core, token, DEMO_SAVINGS)

    challenge, code = begin_with_code(core, token, internal(andrea, "45.50"))
    assert challenge.commission == Decimal("0.00")
    assert challenge.total == Decimal("45.50")
    receipt = core.confirm(token, challenge.id, code)

    assert receipt.status is ReceiptStatus.COMPLETED
    assert (receipt.commission, receipt.iva, receipt.total) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("45.50"),
    )
    mine = account(core, token, DEMO_SAVINGS)
    assert mine.ledger_balance == mine_before.ledger_balance - Decimal("45.50")
    assert mine.available_balance == mine_before.available_balance - Decimal("45.50")
    payee_after = account(core, andrea_token, andrea.account_number)
    assert payee_after.ledger_balance == payee_before.ledger_balance + Decimal("45.50")
    assert payee_after.available_balance == payee_before.available_balance + Decimal("45.50")
    listed = core.transfers(token)[0]
    assert (listed.reference, listed.kind, listed.status) == (
        receipt.reference,
        TransferKind.INTERNAL,
        TransferStatus.COMPLETED,
    )
    assert_ledger_sound(core)


def test_notify_email_goes_to_the_payee_address(core: Core, token: str) -> None:
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")
    address = "andrea.personal@correo.example"
    mark = outbox_mark(core)

    receipt = confirm(core, token, internal(andrea, "12.00", notify_email=address))

    notices = [m for m in emails_since(core, mark) if m.to == address]
    assert len(notices) == 1
    assert format_money(Decimal("12.00")) in notices[0].body
    assert receipt.reference in notices[0].body
    assert core.profile(token).full_name in notices[0].body
    assert_ledger_sound(core)


def test_invalid_notify_email_is_refused(core: Core, token: str) -> None:
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, internal(andrea, "1.00", notify_email="andrea-arroba-correo"))
    assert caught.value.field == "notify_email"


# --------------------------------------------------------------------------- interbank


def test_interbank_to_an_immediate_institution_debits_amount_and_fees_at_once(
    core: Core, token: str
) -> None:
    diego = payee(core, token, "PICHINCHA")
    assert immediate(core, token, "PICHINCHA")
    before = account(core, token, DEMO_SAVINGS)

    challenge, code = begin_with_code(core, token, interbank(diego, "50.00"))
    assert (challenge.commission, challenge.iva, challenge.total) == (
        COMMISSION,
        IVA,
        Decimal("50.00") + COMMISSION + IVA,
    )
    receipt = core.confirm(token, challenge.id, code)

    total = Decimal("50.00") + COMMISSION + IVA
    assert receipt.status is ReceiptStatus.COMPLETED
    assert receipt.total == total
    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - total
    assert after.available_balance == before.available_balance - total
    debits = sorted(m.amount for m in core.last_movements(token, DEMO_SAVINGS, 3))
    assert debits == sorted([Decimal("-50.00"), -COMMISSION, -IVA])
    assert core.transfers(token)[0].status is TransferStatus.COMPLETED
    assert_ledger_sound(core)


def test_interbank_to_a_non_immediate_institution_holds_then_settles(
    core: Core, token: str
) -> None:
    patricio = payee(core, token, "LOJA")
    assert not immediate(core, token, "LOJA")
    before = account(core, token, DEMO_SAVINGS)
    holds_before = core.holds(token, DEMO_SAVINGS)
    total = Decimal("60.00") + COMMISSION + IVA

    receipt = confirm(core, token, interbank(patricio, "60.00"))

    assert receipt.status is ReceiptStatus.PENDING
    pending = account(core, token, DEMO_SAVINGS)
    assert pending.ledger_balance == before.ledger_balance  # saldo contable untouched
    assert pending.available_balance == before.available_balance - total
    new_holds = [h for h in core.holds(token, DEMO_SAVINGS) if h not in holds_before]
    assert [h.amount for h in new_holds] == [total]
    [transfer] = core.transfers(token, TransferStatus.PENDING)
    assert transfer.reference == receipt.reference
    # MANUAL_DATE is a Wednesday: it settles Thursday at 09:00.
    today = core.now().date()
    settles = datetime.combine(today + timedelta(days=1), time(9, 0), ECUADOR_TZ)
    assert transfer.settles_at == settles

    advance_to(core, settles.date(), time(8, 59))
    assert core.transfers(token, TransferStatus.PENDING)
    advance_to(core, settles.date(), time(9, 0))

    assert core.transfers(token, TransferStatus.PENDING) == []
    assert core.transfers(token)[0].status is TransferStatus.COMPLETED
    settled = account(core, token, DEMO_SAVINGS)
    assert core.holds(token, DEMO_SAVINGS) == holds_before
    assert settled.ledger_balance == before.ledger_balance - total
    assert settled.available_balance == before.available_balance - total
    assert_ledger_sound(core)


def _settlement_day(start: datetime) -> datetime:
    core = open_core(start)
    try:
        token = logged_in(core)
        patricio = payee(core, token, "LOJA")
        before = account(core, token, DEMO_SAVINGS)
        confirm(core, token, interbank(patricio, "20.00"))
        [transfer] = core.transfers(token, TransferStatus.PENDING)
        assert transfer.settles_at is not None
        # Nothing posts before the settlement moment, whatever days pass in between.
        day = start.date() + timedelta(days=1)
        while day < transfer.settles_at.date():
            advance_to(core, day, time(12, 0))
            assert core.transfers(token, TransferStatus.PENDING)
            assert account(core, token, DEMO_SAVINGS).ledger_balance == before.ledger_balance
            day += timedelta(days=1)
        advance_to(core, transfer.settles_at.date(), time(9, 0))
        assert core.transfers(token, TransferStatus.PENDING) == []
        total = Decimal("20.00") + COMMISSION + IVA
        assert account(core, token, DEMO_SAVINGS).ledger_balance == before.ledger_balance - total
        assert_ledger_sound(core)
        return transfer.settles_at
    finally:
        core.close()


def test_a_friday_transfer_settles_on_monday() -> None:
    friday = datetime(2024, 12, 20, 10, 0, tzinfo=ECUADOR_TZ)
    assert friday.weekday() == 4
    settles = _settlement_day(friday)
    assert settles.date() == date(2024, 12, 23)
    assert settles.weekday() == 0
    assert settles.time() == time(9, 0)


def test_a_transfer_before_christmas_skips_the_holiday() -> None:
    settles = _settlement_day(datetime(2024, 12, 24, 11, 0, tzinfo=ECUADOR_TZ))
    assert settles.date() == date(2024, 12, 26)


# --------------------------------------------------------------------------- funds and limits


def test_amount_above_disponible_is_insufficient_funds(core: Core, token: str) -> None:
    savings = account(core, token, DEMO_SAVINGS)
    too_much = savings.available_balance + CENT
    assert too_much <= savings.ledger_balance  # the held part is not spendable
    with pytest.raises(InsufficientFunds):
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=too_much
            ),
        )
    confirm(
        core,
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS,
            to_account=DEMO_CERTIFICATES,
            amount=savings.available_balance,
        ),
    )
    assert account(core, token, DEMO_SAVINGS).available_balance == Decimal("0.00")
    assert_ledger_sound(core)


def test_interbank_fees_count_against_the_disponible(core: Core, token: str) -> None:
    diego = payee(core, token, "PICHINCHA")
    available = account(core, token, DEMO_SAVINGS).available_balance
    fees = COMMISSION + IVA
    with pytest.raises(InsufficientFunds):
        core.begin(token, interbank(diego, str(available - fees + CENT)))
    confirm(core, token, interbank(diego, str(available - fees)))
    assert account(core, token, DEMO_SAVINGS).available_balance == Decimal("0.00")
    assert_ledger_sound(core)


@pytest.mark.parametrize("amount", ["1.005", Decimal("10.999"), "0.001"])
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda a: OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=a
            ),
            id="own",
        ),
        pytest.param(
            lambda a: InternalTransferOrder(from_account=DEMO_SAVINGS, beneficiary_id=1, amount=a),
            id="internal",
        ),
        pytest.param(
            lambda a: InterbankTransferOrder(from_account=DEMO_SAVINGS, beneficiary_id=5, amount=a),
            id="interbank",
        ),
    ],
)
def test_amounts_with_three_decimals_are_refused(
    make: Callable[[object], object], amount: object
) -> None:
    with pytest.raises(ValidationError):
        make(amount)


def test_zero_amount_is_refused(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("0")
            ),
        )
    assert caught.value.field == "amount"


@pytest.fixture
def rich(core: Core, token: str) -> Iterator[str]:
    """Gabriel after depositing $30,000.00 at a branch, so limits bind before funds."""
    deposit(core, DEMO_SAVINGS, Decimal("30000.00"))
    yield token
    assert_ledger_sound(core)


def test_daily_limits_per_kind(core: Core, rich: str) -> None:
    token = rich
    cap = limits(core, token)
    assert remaining(core, token) == cap
    diego = payee(core, token, "PICHINCHA")
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")

    confirm(core, token, interbank(diego, "2000.00"))
    left = remaining(core, token)
    assert left[TransferKind.INTERBANK] == cap[TransferKind.INTERBANK] - Decimal("2000.00")
    assert left[TransferKind.INTERNAL] == cap[TransferKind.INTERNAL]
    assert left[TransferKind.OWN] == cap[TransferKind.OWN]
    used = {limit.kind: limit.used_today for limit in core.daily_limits(token)}
    assert used[TransferKind.INTERBANK] == Decimal("2000.00")

    with pytest.raises(LimitExceeded):
        core.begin(token, interbank(diego, str(left[TransferKind.INTERBANK] + CENT)))
    confirm(core, token, interbank(diego, str(left[TransferKind.INTERBANK])))
    assert remaining(core, token)[TransferKind.INTERBANK] == Decimal("0.00")
    with pytest.raises(LimitExceeded):
        core.begin(token, interbank(diego, "0.01"))

    with pytest.raises(LimitExceeded):
        core.begin(token, internal(andrea, str(cap[TransferKind.INTERNAL] + CENT)))
    confirm(core, token, internal(andrea, str(cap[TransferKind.INTERNAL])))
    assert remaining(core, token)[TransferKind.INTERNAL] == Decimal("0.00")

    with pytest.raises(LimitExceeded):
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS,
                to_account=DEMO_CERTIFICATES,
                amount=cap[TransferKind.OWN] + CENT,
            ),
        )
    assert remaining(core, token)[TransferKind.OWN] == cap[TransferKind.OWN]

    # A new day, new limits.
    advance_to(core, core.now().date() + timedelta(days=1), time(0, 1))
    assert remaining(core, token) == cap


def test_limit_used_up_between_begin_and_confirm(core: Core, rich: str) -> None:
    token = rich
    diego = payee(core, token, "PICHINCHA")
    cap = limits(core, token)[TransferKind.INTERBANK]
    half = (cap / 2 + Decimal("1.00")).quantize(CENT)
    first, first_code = begin_with_code(core, token, interbank(diego, str(half)))
    second, second_code = begin_with_code(core, token, interbank(diego, str(half)))

    core.confirm(token, first.id, first_code)
    before = account(core, token, DEMO_SAVINGS)
    with pytest.raises(LimitExceeded):
        core.confirm(token, second.id, second_code)
    assert account(core, token, DEMO_SAVINGS) == before
    assert remaining(core, token)[TransferKind.INTERBANK] == cap - half


# --------------------------------------------------------------------------- beneficiaries


def test_beneficiary_search_by_service_name_and_identification(core: Core, token: str) -> None:
    everyone = core.beneficiaries(token)
    internal_ones = core.beneficiaries(token, BeneficiaryService.INTERNAL)
    interbank_ones = core.beneficiaries(token, BeneficiaryService.INTERBANK)
    assert internal_ones
    assert interbank_ones
    assert {b.service for b in internal_ones} == {BeneficiaryService.INTERNAL}
    assert {b.service for b in interbank_ones} == {BeneficiaryService.INTERBANK}
    assert {b.id for b in internal_ones} | {b.id for b in interbank_ones} == {
        b.id for b in everyone
    }
    assert all(b.institution_code == "COOPROGRESO" for b in internal_ones)

    by_name = core.beneficiaries(token, name="paredes")
    assert [b.name for b in by_name] == ["Andrea Paredes Vega"]

    target = interbank_ones[0]
    prefix = target.identification[:6]
    by_id = core.beneficiaries(token, identification=prefix)
    assert target in by_id
    assert all(b.identification.startswith(prefix) for b in by_id)
    assert core.beneficiaries(token, name="Nadie Se Llama Así") == []


def _new_internal(account_number: str, **extra: object) -> BeneficiaryOrder:
    fields: dict[str, object] = {
        "service": BeneficiaryService.INTERNAL,
        "institution_code": "COOPROGRESO",
        "account_type": BankAccountType.SAVINGS,
        "account_number": account_number,
        "name": "María Fernanda Torres Ruiz",
        "id_type": IdType.CEDULA,
        "identification": ENROLLABLE_IDENTIFICATION,
        **extra,
    }
    return BeneficiaryOrder(**fields)  # type: ignore[arg-type]


def test_new_internal_beneficiary_exists_only_after_the_otp(core: Core, token: str) -> None:
    maria_account = savings_of(core, ENROLLABLE_IDENTIFICATION)
    challenge, code = begin_with_code(core, token, _new_internal(maria_account, alias="Mafer"))
    assert core.beneficiaries(token, name="María") == []

    core.confirm(token, challenge.id, code)
    [maria] = core.beneficiaries(token, name="María")
    assert (maria.service, maria.account_number, maria.alias) == (
        BeneficiaryService.INTERNAL,
        maria_account,
        "Mafer",
    )

    # And money can go to her right away.
    before = ledger_balance(core, maria_account)
    confirm(core, token, internal(maria, "15.00"))
    assert ledger_balance(core, maria_account) == before + Decimal("15.00")
    assert_ledger_sound(core)


def test_own_account_cannot_be_a_beneficiary(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, _new_internal(DEMO_SAVINGS))
    assert caught.value.field == "account_number"


def test_internal_beneficiary_needs_an_existing_cooprogreso_savings_account(
    core: Core, token: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, _new_internal("410199999999"))
    assert caught.value.field == "account_number"
    certificates_of_maria = "4102" + savings_of(core, ENROLLABLE_IDENTIFICATION)[4:]
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, _new_internal(certificates_of_maria))
    assert caught.value.field == "account_number"


def test_duplicate_beneficiary_is_a_conflict(core: Core, token: str) -> None:
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")
    with pytest.raises(Conflict):
        core.begin(
            token,
            _new_internal(
                andrea.account_number, name=andrea.name, identification=andrea.identification
            ),
        )


def test_invalid_cedula_is_refused(core: Core, token: str) -> None:
    maria_account = savings_of(core, ENROLLABLE_IDENTIFICATION)
    good = ENROLLABLE_IDENTIFICATION
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, _new_internal(maria_account, identification=bad))
    assert caught.value.field == "identification"


def _new_interbank(identification: str, id_type: IdType = IdType.RUC) -> BeneficiaryOrder:
    return BeneficiaryOrder(
        service=BeneficiaryService.INTERBANK,
        institution_code="PRODUBANCO",
        account_type=BankAccountType.CHECKING,
        account_number="02005123456",
        name="Ferretería El Tornillo",
        id_type=id_type,
        identification=identification,
        email="pagos@tornillo.example",
    )


def test_interbank_beneficiary_with_ruc(core: Core, token: str) -> None:
    ruc = cedula("171234567") + "001"
    bad_ruc = ruc[:9] + str((int(ruc[9]) + 1) % 10) + ruc[10:]
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, _new_interbank(bad_ruc))
    assert caught.value.field == "identification"

    confirm(core, token, _new_interbank(ruc))
    [ferreteria] = core.beneficiaries(token, BeneficiaryService.INTERBANK, name="Tornillo")
    assert ferreteria.identification == ruc
    assert ferreteria.account_type is BankAccountType.CHECKING


def test_interbank_beneficiary_cannot_be_at_cooprogreso(core: Core, token: str) -> None:
    order = _new_interbank(cedula("171234567") + "001").model_copy(
        update={"institution_code": "COOPROGRESO"}
    )
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, order)
    assert caught.value.field == "institution_code"


def test_edit_beneficiary(core: Core, token: str) -> None:
    diego = payee(core, token, "PICHINCHA")
    updated = core.update_beneficiary(
        token,
        diego.id,
        name="Diego A. Castillo",
        id_type=diego.id_type,
        identification=diego.identification,
        email="diego@correo.example",
        alias="Dieguito",
    )
    assert (updated.name, updated.email, updated.alias) == (
        "Diego A. Castillo",
        "diego@correo.example",
        "Dieguito",
    )
    assert updated.account_number == diego.account_number
    assert core.beneficiaries(token, name="Diego A.") == [updated]

    bad = diego.identification[:-1] + str((int(diego.identification[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as caught:
        core.update_beneficiary(
            token, diego.id, name="Diego", id_type=IdType.CEDULA, identification=bad
        )
    assert caught.value.field == "identification"
    with pytest.raises(InvalidInput) as caught:
        core.update_beneficiary(
            token,
            diego.id,
            name="Diego",
            id_type=diego.id_type,
            identification=diego.identification,
            email="no-es-correo",
        )
    assert caught.value.field == "email"


def test_delete_beneficiary_is_soft_and_hides_it(core: Core, token: str) -> None:
    [andrea] = core.beneficiaries(token, BeneficiaryService.INTERNAL, name="Andrea")
    core.delete_beneficiary(token, andrea.id)

    assert andrea.id not in {b.id for b in core.beneficiaries(token)}
    assert core.beneficiaries(token, name="Andrea") == []
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, internal(andrea, "1.00"))
    assert caught.value.field == "beneficiary_id"
    with pytest.raises(NotFound):
        core.delete_beneficiary(token, andrea.id)
    with pytest.raises(NotFound):
        core.update_beneficiary(
            token,
            andrea.id,
            name=andrea.name,
            id_type=andrea.id_type,
            identification=andrea.identification,
        )
    # The row is kept (history), and the same account may be registered again.
    with core.db.reading() as conn:
        row = conn.execute(
            "SELECT deleted_at FROM beneficiaries WHERE id = ?", (andrea.id,)
        ).fetchone()
    assert row is not None
    assert row["deleted_at"] is not None
    confirm(
        core,
        token,
        _new_internal(
            andrea.account_number, name=andrea.name, identification=andrea.identification
        ),
    )
    assert len(core.beneficiaries(token, name="Andrea")) == 1


def test_a_beneficiary_of_one_kind_cannot_be_used_for_the_other(core: Core, token: str) -> None:
    diego = payee(core, token, "PICHINCHA")
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, internal(diego, "1.00"))
    assert caught.value.field == "beneficiary_id"
