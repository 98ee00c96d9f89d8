"""Service payments: bill lookup, payment, history and scheduled payments."""

from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cooptui.backend.errors import Conflict, InsufficientFunds, InvalidInput, NotFound
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.db import connect
from cooptui.backend_stub.seed import (
    DEMO_CERTIFICATES,
    DEMO_CNT_CODE,
    DEMO_SAVINGS,
    DEMO_SCHEDULED_CNT_CODE,
    SECOND_PASSWORD,
    SECOND_USERNAME,
    bill_amount_cents,
)
from cooptui.domain.formatting import format_money
from cooptui.domain.money import from_cents
from cooptui.domain.operations import (
    OwnTransferOrder,
    ReceiptStatus,
    ScheduledPaymentOrder,
    ServicePaymentOrder,
    ServiceRegistrationOrder,
)
from cooptui.domain.services import (
    Bill,
    Frequency,
    PaymentChannel,
    ScheduledPaymentStatus,
)
from tests.core.conftest import (
    SCRYPT_N,
    account,
    advance_to,
    assert_ledger_sound,
    begin_with_code,
    confirm,
    days,
    deposit,
    emails_since,
    last_code,
    logged_in,
    outbox_mark,
    sms_since,
)

CNT = "cnt"


@pytest.fixture
def token(core: Core) -> str:
    return logged_in(core)


def pay(core: Core, token: str, bills: list[Bill]) -> None:
    confirm(
        core,
        token,
        ServicePaymentOrder(
            from_account=DEMO_SAVINGS,
            biller_id=bills[0].biller_id,
            service_code=bills[0].service_code,
            bill_ids=tuple(b.id for b in bills),
        ),
    )


def schedule(
    service_code: str,
    max_amount: str,
    start: date,
    *,
    frequency: Frequency = Frequency.ASAP,
    terms_accepted: bool = True,
) -> ScheduledPaymentOrder:
    return ScheduledPaymentOrder(
        from_account=DEMO_SAVINGS,
        biller_id=CNT,
        service_code=service_code,
        max_amount=Decimal(max_amount),
        frequency=frequency,
        start_date=start,
        terms_accepted=terms_accepted,
    )


def next_bill_amount(core: Core, service_code: str, period: str) -> Decimal:
    """What the biller will charge for `period`, from its own tariff for the line."""
    with core.db.reading() as conn:
        row = conn.execute(
            "SELECT base_cents FROM service_accounts WHERE biller_id = ? AND service_code = ?",
            (CNT, service_code),
        ).fetchone()
    return from_cents(bill_amount_cents(row["base_cents"], CNT, service_code, period))


def cancel_seeded_schedule(core: Core, token: str) -> None:
    """Switch off the demo's own scheduled payment so it does not touch the balance."""
    [seeded] = [s for s in core.scheduled_payments(token) if s.service_code != DEMO_CNT_CODE]
    core.cancel_scheduled_payment(token, seeded.id)


# --------------------------------------------------------------------------- lookup and payment


def test_lookup_finds_the_manuals_cnt_bill(core: Core, token: str) -> None:
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    assert bill.amount == Decimal("7.13")
    assert bill.commission == Decimal("0.31")
    assert bill.total == Decimal("7.44")
    assert bill.service_code == DEMO_CNT_CODE
    [cnt] = [b for b in core.billers(token) if b.id == CNT]
    assert cnt.commission == bill.commission


def test_lookup_of_an_unknown_code_is_not_found(core: Core, token: str) -> None:
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, "023999999")


@pytest.mark.parametrize("code", ["12345", "02303547A", "", "02303547123"])
def test_lookup_with_a_badly_formatted_code_is_invalid(core: Core, token: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.lookup_bills(token, CNT, code)
    assert caught.value.field == "service_code"


def test_lookup_for_an_unknown_biller_is_invalid(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.lookup_bills(token, "no-existe", DEMO_CNT_CODE)
    assert caught.value.field == "biller_id"


def test_payment_debits_bill_plus_commission_and_marks_it_paid(core: Core, token: str) -> None:
    before = account(core, token, DEMO_SAVINGS)
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)

    pay(core, token, [bill])

    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - Decimal("7.44")
    assert after.available_balance == before.available_balance - Decimal("7.44")
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    assert_ledger_sound(core)


def test_a_paid_bill_cannot_be_paid_again(core: Core, token: str) -> None:
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    order = ServicePaymentOrder(
        from_account=DEMO_SAVINGS, biller_id=CNT, service_code=DEMO_CNT_CODE, bill_ids=(bill.id,)
    )
    first = core.begin(token, order)
    first_code = last_code(core)
    second = core.begin(token, order)
    second_code = last_code(core)
    core.confirm(token, first.id, first_code)
    before = account(core, token, DEMO_SAVINGS)

    with pytest.raises(Conflict):
        core.confirm(token, second.id, second_code)
    assert account(core, token, DEMO_SAVINGS) == before
    with pytest.raises(InvalidInput):
        core.begin(token, order)
    assert_ledger_sound(core)


def test_payment_appears_in_the_history(core: Core, token: str) -> None:
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [bill])

    history = core.payment_history(token, service_code=DEMO_CNT_CODE)
    newest = history[0]
    assert newest.receipt_number == bill.receipt_number
    assert (newest.amount, newest.commission, newest.total) == (
        Decimal("7.13"),
        Decimal("0.31"),
        Decimal("7.44"),
    )
    assert newest.channel is PaymentChannel.MANUAL
    assert newest.account_number == DEMO_SAVINGS
    assert newest.paid_at == core.now()
    assert newest in core.payment_history(token, biller_id=CNT)
    assert newest not in core.payment_history(token, biller_id="eeq")
    assert_ledger_sound(core)


def test_history_is_limited_to_three_months(core: Core, token: str) -> None:
    today = core.now().date()
    four_months_ago = today - timedelta(days=122)
    with pytest.raises(InvalidInput) as caught:
        core.payment_history(token, date_from=four_months_ago)
    assert caught.value.field == "date_from"

    two_months_ago = today - timedelta(days=60)
    history = core.payment_history(token, date_from=two_months_ago)
    assert history
    assert all(two_months_ago <= p.paid_at.date() <= today for p in history)


def test_insufficient_funds_for_a_bill(core: Core, token: str) -> None:
    # Spend everything first; the bill cannot be paid.
    available = account(core, token, DEMO_SAVINGS).available_balance
    confirm(
        core,
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS,
            to_account=DEMO_CERTIFICATES,
            amount=available - Decimal("7.43"),
        ),
    )
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    with pytest.raises(InsufficientFunds):
        core.begin(
            token,
            ServicePaymentOrder(
                from_account=DEMO_SAVINGS,
                biller_id=CNT,
                service_code=DEMO_CNT_CODE,
                bill_ids=(bill.id,),
            ),
        )
    assert core.lookup_bills(token, CNT, DEMO_CNT_CODE) == [bill]
    assert_ledger_sound(core)


# --------------------------------------------------------------------------- scheduled payments


def test_scheduled_payment_requires_accepting_the_terms(core: Core, token: str) -> None:
    today = core.now().date()
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, schedule(DEMO_CNT_CODE, "20.00", today, terms_accepted=False))
    assert caught.value.field == "terms_accepted"
    assert [s.service_code for s in core.scheduled_payments(token)].count(DEMO_CNT_CODE) == 0


def test_scheduled_payment_cannot_start_in_the_past(core: Core, token: str) -> None:
    yesterday = core.now().date() - timedelta(days=1)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, schedule(DEMO_CNT_CODE, "20.00", yesterday))
    assert caught.value.field == "start_date"


def test_second_active_schedule_for_the_same_line_is_a_conflict(core: Core, token: str) -> None:
    with pytest.raises(Conflict):
        core.begin(token, schedule(DEMO_SCHEDULED_CNT_CODE, "50.00", core.now().date()))


def test_two_open_schedules_of_one_line_make_one(core: Core, token: str) -> None:
    today = core.now().date()
    first, first_code = begin_with_code(core, token, schedule(DEMO_CNT_CODE, "20.00", today))
    second, second_code = begin_with_code(core, token, schedule(DEMO_CNT_CODE, "90.00", today))
    core.confirm(token, first.id, first_code)
    with pytest.raises(Conflict):
        core.confirm(token, second.id, second_code)
    active = [
        s
        for s in core.scheduled_payments(token)
        if s.service_code == DEMO_CNT_CODE and s.status is ScheduledPaymentStatus.ACTIVE
    ]
    assert [s.max_amount for s in active] == [Decimal("20.00")]


def test_a_schedule_for_a_code_the_company_does_not_know_is_refused(core: Core, token: str) -> None:
    mark = outbox_mark(core)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, schedule("029999999", "20.00", core.now().date()))
    assert caught.value.field == "service_code"
    assert "No encontramos" in caught.value.message
    assert core.outbox(since_id=mark) == []  # no SMS for an order that could never pay


def test_scheduled_payment_pays_next_months_bill(core: Core, token: str) -> None:
    cancel_seeded_schedule(core, token)
    [december] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [december])
    today = core.now().date()
    confirm(core, token, schedule(DEMO_CNT_CODE, "20.00", today))
    [active] = [s for s in core.scheduled_payments(token) if s.service_code == DEMO_CNT_CODE]
    assert active.status is ScheduledPaymentStatus.ACTIVE
    before = account(core, token, DEMO_SAVINGS)
    mark = outbox_mark(core)

    core.advance_clock(days(35))

    next_month = (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    amount = next_bill_amount(core, DEMO_CNT_CODE, next_month)
    [commission] = [b.commission for b in core.billers(token) if b.id == CNT]
    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - (amount + commission)
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    [paid] = [
        p
        for p in core.payment_history(token, service_code=DEMO_CNT_CODE)
        if p.channel is PaymentChannel.SCHEDULED
    ]
    assert paid.amount == amount
    notices = emails_since(core, mark, "Pago programado realizado")
    assert len(notices) == 1
    assert format_money(amount + commission) in notices[0].body
    [active] = [s for s in core.scheduled_payments(token) if s.service_code == DEMO_CNT_CODE]
    assert active.last_result is not None
    assert "Pagado" in active.last_result
    assert_ledger_sound(core)


def test_scheduled_payment_below_the_bill_does_not_pay_and_says_so(core: Core, token: str) -> None:
    cancel_seeded_schedule(core, token)
    [december] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [december])
    confirm(core, token, schedule(DEMO_CNT_CODE, "1.00", core.now().date()))
    before = account(core, token, DEMO_SAVINGS)
    mark = outbox_mark(core)

    core.advance_clock(days(35))

    assert account(core, token, DEMO_SAVINGS) == before
    [january] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)  # still to pay
    assert january.amount > Decimal("1.00")
    notices = emails_since(core, mark, "no realizado")
    assert len(notices) == 1
    assert "monto máximo" in notices[0].body
    assert format_money(january.amount) in notices[0].body
    assert_ledger_sound(core)


def test_every_bill_above_the_maximum_is_notified(core: Core, token: str) -> None:
    """December's bill is refused and notified; January's, refused later, is notified too."""
    cancel_seeded_schedule(core, token)
    confirm(core, token, schedule(DEMO_CNT_CODE, "1.00", core.now().date()))
    mark = outbox_mark(core)

    core.advance_clock(3600)  # the member keeps using the app: the scheduler runs
    december_notices = emails_since(core, mark, "no realizado")
    assert len(december_notices) == 1
    assert "diciembre" in december_notices[0].body

    mark = outbox_mark(core)
    core.advance_clock(days(35))
    january_notices = [m for m in emails_since(core, mark, "no realizado") if "enero" in m.body]
    assert len(january_notices) == 1


def test_cancelled_scheduled_payment_does_not_pay(core: Core, token: str) -> None:
    [seeded] = [
        s for s in core.scheduled_payments(token) if s.service_code == DEMO_SCHEDULED_CNT_CODE
    ]
    cancelled = core.cancel_scheduled_payment(token, seeded.id)
    assert cancelled.status is ScheduledPaymentStatus.CANCELLED
    before = account(core, token, DEMO_SAVINGS)
    mark = outbox_mark(core)

    core.advance_clock(days(35))

    assert account(core, token, DEMO_SAVINGS) == before
    pending = core.lookup_bills(token, CNT, DEMO_SCHEDULED_CNT_CODE)
    assert pending  # the new bill waits to be paid by hand
    assert emails_since(core, mark, "Pago programado") == []
    with pytest.raises(NotFound):
        core.cancel_scheduled_payment(token, seeded.id)
    assert_ledger_sound(core)


def test_seeded_asap_schedule_pays_its_next_bill(core: Core, token: str) -> None:
    """Control for the test above: without cancelling, the same bill is paid."""
    before = account(core, token, DEMO_SAVINGS)
    core.advance_clock(days(35))
    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance < before.ledger_balance
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, DEMO_SCHEDULED_CNT_CODE)
    assert_ledger_sound(core)


def test_monthly_schedule_waits_for_its_day(core: Core, token: str) -> None:
    cancel_seeded_schedule(core, token)
    [december] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [december])
    today = core.now().date()
    start = date(today.year + (today.month == 12), today.month % 12 + 1, 10)
    confirm(core, token, schedule(DEMO_CNT_CODE, "20.00", start, frequency=Frequency.MONTHLY))

    advance_to(core, start - timedelta(days=1))  # the bill (issued on the 5th) is out
    [bill] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    before = account(core, token, DEMO_SAVINGS)
    advance_to(core, start)

    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - bill.total
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    assert_ledger_sound(core)


def test_scheduled_payment_without_funds_says_so_and_pays_when_funds_arrive(
    core: Core, token: str
) -> None:
    cancel_seeded_schedule(core, token)
    [december] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [december])
    confirm(core, token, schedule(DEMO_CNT_CODE, "20.00", core.now().date()))
    available = account(core, token, DEMO_SAVINGS).available_balance
    confirm(
        core,
        token,
        OwnTransferOrder(from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=available),
    )
    mark = outbox_mark(core)

    core.advance_clock(days(35))

    [january] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    notices = emails_since(core, mark, "no realizado")
    assert len(notices) == 1
    assert "saldo disponible" in notices[0].body
    assert account(core, token, DEMO_SAVINGS).available_balance == Decimal("0.00")

    deposit(core, DEMO_SAVINGS, Decimal("50.00"))
    mark = outbox_mark(core)
    core.advance_clock(3600)

    assert account(core, token, DEMO_SAVINGS).available_balance == (
        Decimal("50.00") - january.total
    )
    assert len(emails_since(core, mark, "Pago programado realizado")) == 1
    with pytest.raises(NotFound):
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    assert_ledger_sound(core)


def test_monthly_schedule_on_the_31st_pays_in_shorter_months(core: Core, token: str) -> None:
    """A Mensual payment set for day 31 runs on the last day of February, not in March."""
    cancel_seeded_schedule(core, token)
    [december] = core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    pay(core, token, [december])
    today = core.now().date()
    start = date(today.year + (today.month == 12), 1, 31)
    confirm(core, token, schedule(DEMO_CNT_CODE, "20.00", start, frequency=Frequency.MONTHLY))

    advance_to(core, start)
    with pytest.raises(NotFound):  # January's bill, paid on the 31st
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)

    end_of_february = date(start.year, 3, 1) - timedelta(days=1)
    advance_to(core, end_of_february, time(12, 0))
    with pytest.raises(NotFound):  # February's bill, paid on the month's last day
        core.lookup_bills(token, CNT, DEMO_CNT_CODE)
    scheduled = [
        p
        for p in core.payment_history(token, service_code=DEMO_CNT_CODE)
        if p.channel is PaymentChannel.SCHEDULED
    ]
    assert len(scheduled) == 2
    assert_ledger_sound(core)


def test_a_retried_product_request_is_recorded_once(core: Core, token: str) -> None:
    order = {"amount": "5000", "term": 24, "contact_phone": "0991234123"}
    first = core.request_product(token, "credito-consumo", **order, idempotency_key="k-1")
    again = core.request_product(token, "credito-consumo", **order, idempotency_key="k-1")
    assert again.reference == first.reference
    assert [r.reference for r in core.product_requests(token)] == [first.reference]
    other = core.request_product(token, "credito-consumo", **order)
    assert other.reference != first.reference


# --------------------------------------------------------------------------- registered services

ANDREA_SAVINGS = "410112073418"


def register(
    service_code: str = DEMO_SCHEDULED_CNT_CODE,
    alias: str | None = "Teléfono oficina",
    *,
    biller_id: str = CNT,
    from_account: str = DEMO_SAVINGS,
) -> ServiceRegistrationOrder:
    return ServiceRegistrationOrder(
        from_account=from_account, biller_id=biller_id, service_code=service_code, alias=alias
    )


def registered_codes(core: Core, token: str, **filters: str) -> list[tuple[str, str]]:
    return [(r.biller_id, r.service_code) for r in core.registered_services(token, **filters)]


def test_the_demo_member_has_his_lines_registered(core: Core, token: str) -> None:
    seeded = core.registered_services(token)
    # By category position (Energía Eléctrica, Agua Potable, Teléfono…), company, code.
    assert [(r.category_id, r.biller_id, r.service_code, r.alias) for r in seeded] == [
        ("luz", "eeq", "1042387", "Luz casa"),
        ("agua", "epmaps", "2087331", None),
        ("telefonia", CNT, DEMO_CNT_CODE, "Teléfono casa"),
    ]
    cnt = seeded[-1]
    assert cnt.account_number == DEMO_SAVINGS
    assert cnt.biller_name.startswith("CNT")
    assert cnt.code_label == "Teléfono/Contrato"
    assert cnt.category_name == "Teléfono, Internet Y Tv"
    assert all(r.created_at < core.now() for r in seeded)
    # The registered CNT line is the manual's, with its $7.13 bill still to pay.
    [bill] = core.lookup_bills(token, cnt.biller_id, cnt.service_code)
    assert bill.amount == Decimal("7.13")


def test_registering_a_service_adds_it_to_the_list(core: Core, token: str) -> None:
    before = account(core, token, DEMO_SAVINGS)
    challenge, code = begin_with_code(core, token, register(alias="  Teléfono oficina  "))
    assert challenge.order_kind == "service_registration"
    assert (challenge.amount, challenge.commission, challenge.iva, challenge.total) == (
        None,
        None,
        None,
        None,
    )
    lines = {line.label: line.value for line in challenge.lines}
    assert lines == {
        "Cuenta": "********0750",
        "Categoría": "Teléfono, Internet Y Tv",
        "Empresa": "CNT - Fija - Televisión - Internet",
        "Teléfono/Contrato": DEMO_SCHEDULED_CNT_CODE,
        "Alias": "Teléfono oficina",
        "Titular": "SILVA MORA GABRIEL ANDRES",
    }
    assert registered_codes(core, token).count((CNT, DEMO_SCHEDULED_CNT_CODE)) == 0

    receipt = core.confirm(token, challenge.id, code)

    assert receipt.status is ReceiptStatus.COMPLETED
    assert receipt.lines == challenge.lines
    assert receipt.amount is None
    assert "Servicio registrado" in receipt.message
    [new] = [
        r for r in core.registered_services(token) if r.service_code == DEMO_SCHEDULED_CNT_CODE
    ]
    assert (new.biller_id, new.account_number, new.alias) == (CNT, DEMO_SAVINGS, "Teléfono oficina")
    assert new.created_at == core.now()
    assert account(core, token, DEMO_SAVINGS) == before  # registering moves no money
    assert_ledger_sound(core)


def test_a_blank_alias_is_no_alias_and_the_code_is_trimmed(core: Core, token: str) -> None:
    confirm(core, token, register(f"  {DEMO_SCHEDULED_CNT_CODE} ", alias="   "))
    [new] = [
        r for r in core.registered_services(token) if r.service_code == DEMO_SCHEDULED_CNT_CODE
    ]
    assert new.alias is None
    challenge = core.begin(token, register("1198452", alias=None, biller_id="eeq"))
    assert "Alias" not in [line.label for line in challenge.lines]


def test_registering_a_registered_service_is_refused_before_texting(core: Core, token: str) -> None:
    mark = outbox_mark(core)
    with pytest.raises(Conflict, match="Ya tienes registrado este servicio"):
        core.begin(token, register(DEMO_CNT_CODE))
    assert sms_since(core, mark) == []


def test_two_open_registrations_of_one_service_make_one(core: Core, token: str) -> None:
    first, first_code = begin_with_code(core, token, register())
    second, second_code = begin_with_code(core, token, register(alias="Otro alias"))
    core.confirm(token, first.id, first_code)
    with pytest.raises(Conflict):
        core.confirm(token, second.id, second_code)
    assert registered_codes(core, token).count((CNT, DEMO_SCHEDULED_CNT_CODE)) == 1
    with pytest.raises(Conflict):
        core.begin(token, register())


def test_a_replayed_registration_returns_its_receipt_and_registers_once(
    core: Core, token: str
) -> None:
    challenge, code = begin_with_code(core, token, register())
    receipt = core.confirm(token, challenge.id, code, idempotency_key="registro-1")
    again = core.confirm(token, challenge.id, code, idempotency_key="registro-1")
    assert again == receipt
    assert registered_codes(core, token).count((CNT, DEMO_SCHEDULED_CNT_CODE)) == 1


def test_a_code_that_is_not_a_customer_of_the_company_is_refused(core: Core, token: str) -> None:
    mark = outbox_mark(core)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, register("023999999"))
    assert caught.value.field == "service_code"
    assert "Teléfono/Contrato 023999999" in caught.value.message
    assert "CNT" in caught.value.message
    # A customer of another company is not one of CNT's either.
    with pytest.raises(InvalidInput):
        core.begin(token, register("1042387", biller_id="epmaps"))
    assert sms_since(core, mark) == []


@pytest.mark.parametrize(
    ("order", "field"),
    [
        (register(from_account="999999999999"), "from_account"),
        (register(from_account=ANDREA_SAVINGS), "from_account"),  # another member's
        (register(from_account=DEMO_CERTIFICATES), "from_account"),  # no debits
        (register(biller_id="no-existe"), "biller_id"),
        (register(""), "service_code"),
        (register("   "), "service_code"),
        (register("02303547A"), "service_code"),
        (register("12"), "service_code"),
        (
            ServiceRegistrationOrder.model_construct(
                from_account=DEMO_SAVINGS,
                biller_id=CNT,
                service_code=DEMO_SCHEDULED_CNT_CODE,
                alias="x" * 41,
                kind="service_registration",
            ),
            "alias",
        ),
    ],
)
def test_begin_refuses_a_bad_registration(
    core: Core, token: str, order: ServiceRegistrationOrder, field: str
) -> None:
    mark = outbox_mark(core)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, order)
    assert caught.value.field == field
    assert sms_since(core, mark) == []


def test_the_alias_is_limited_by_the_order_model() -> None:
    with pytest.raises(ValueError, match="40"):
        register(alias="x" * 41)


def test_deleting_a_registered_service(core: Core, token: str) -> None:
    [cnt] = core.registered_services(token, biller_id=CNT)
    core.delete_registered_service(token, cnt.id)
    assert cnt not in core.registered_services(token)
    assert core.registered_services(token, biller_id=CNT) == []
    with pytest.raises(NotFound, match="servicio registrado"):
        core.delete_registered_service(token, cnt.id)
    for unknown in (0, -1, 987_654, 2**80):
        with pytest.raises(NotFound):
            core.delete_registered_service(token, unknown)
    # Its bills can still be looked up: the list is the member's, not the biller's.
    assert core.lookup_bills(token, CNT, DEMO_CNT_CODE)


def test_a_deleted_service_can_be_registered_again(core: Core, token: str) -> None:
    [cnt] = core.registered_services(token, biller_id=CNT)
    core.delete_registered_service(token, cnt.id)
    confirm(core, token, register(DEMO_CNT_CODE, alias="De nuevo"))
    [again] = core.registered_services(token, biller_id=CNT)
    assert again.id != cnt.id
    assert (again.service_code, again.alias) == (DEMO_CNT_CODE, "De nuevo")


def test_registered_services_filter_by_category_and_company(core: Core, token: str) -> None:
    confirm(core, token, register())
    everything = core.registered_services(token)
    assert len(everything) == 4
    for category in core.service_categories(token):
        assert core.registered_services(token, category_id=category.id) == [
            r for r in everything if r.category_id == category.id
        ]
    assert registered_codes(core, token, category_id="telefonia") == [
        (CNT, DEMO_SCHEDULED_CNT_CODE),  # codes in order: 022… before 023…
        (CNT, DEMO_CNT_CODE),
    ]
    assert registered_codes(core, token, biller_id="eeq") == [("eeq", "1042387")]
    assert registered_codes(core, token, category_id="luz", biller_id="eeq") == [("eeq", "1042387")]
    assert core.registered_services(token, category_id="telefonia", biller_id="eeq") == []
    assert core.registered_services(token, biller_id="claro") == []
    assert core.registered_services(token, category_id="", biller_id="") == everything


@pytest.mark.parametrize(
    ("filters", "field"),
    [({"category_id": "no-existe"}, "category_id"), ({"biller_id": "no-existe"}, "biller_id")],
)
def test_unknown_filters_are_invalid(
    core: Core, token: str, filters: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.registered_services(token, **filters)
    assert caught.value.field == field


def test_registered_services_are_each_members_own(core: Core, token: str) -> None:
    andrea = logged_in(core, SECOND_USERNAME, SECOND_PASSWORD)
    assert core.registered_services(andrea) == []
    # The same line may be in two members' lists (a shared home, say).
    confirm(core, andrea, register(DEMO_CNT_CODE, alias=None, from_account=ANDREA_SAVINGS))
    confirm(
        core, andrea, register("1198452", alias="Luz", biller_id="eeq", from_account=ANDREA_SAVINGS)
    )
    mine = core.registered_services(andrea)
    assert [(r.biller_id, r.account_number) for r in mine] == [
        ("eeq", ANDREA_SAVINGS),
        (CNT, ANDREA_SAVINGS),
    ]
    gabriels = core.registered_services(token)
    assert len(gabriels) == 3
    assert not {r.id for r in mine} & {r.id for r in gabriels}
    with pytest.raises(NotFound):
        core.delete_registered_service(andrea, gabriels[0].id)
    with pytest.raises(NotFound):
        core.delete_registered_service(token, mine[0].id)
    assert core.registered_services(token) == gabriels
    assert len(core.registered_services(andrea)) == 2


def _registered_schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'registered_services'"
            " ORDER BY name"
        )
    ]


def test_a_bank_saved_before_registered_services_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "banco.sqlite3"
    old = Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N)
    fresh_schema = _registered_schema(old.db.conn)
    assert len(fresh_schema) == 2  # the table and its unique index
    old.close()
    # Make it a bank of the previous version: no table (and so no index).
    raw = sqlite3.connect(path)
    raw.execute("DROP TABLE registered_services")
    raw.commit()
    assert _registered_schema(raw) == []
    raw.close()

    core = Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N)
    try:
        assert _registered_schema(core.db.conn) == fresh_schema
        token = logged_in(core)
        assert core.registered_services(token) == []
        confirm(core, token, register(DEMO_CNT_CODE))
        assert registered_codes(core, token) == [(CNT, DEMO_CNT_CODE)]
        with pytest.raises(Conflict):
            core.begin(token, register(DEMO_CNT_CODE))  # the unique index is there too
    finally:
        core.close()
    # Opening again is harmless: the migration is idempotent and keeps the rows.
    again = Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N)
    try:
        assert registered_codes(again, logged_in(again)) == [(CNT, DEMO_CNT_CODE)]
    finally:
        again.close()


def test_the_unique_index_stops_a_second_live_registration(core: Core, token: str) -> None:
    [cnt] = core.registered_services(token, biller_id=CNT)
    with core.db.transaction() as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO registered_services (member_id, account_id, biller_id, service_code,"
            " created_at) SELECT member_id, account_id, biller_id, service_code, created_at"
            " FROM registered_services WHERE id = ?",
            (cnt.id,),
        )


def test_a_bank_saved_before_plazos_gets_the_new_request_table(tmp_path: Path) -> None:
    """An older bank's requests (no plazo, keys unique bank-wide) are rebuilt in the new
    shape when it is opened, rows kept; opening it again changes nothing."""
    path = tmp_path / "older.db"
    older = sqlite3.connect(path)
    older.executescript(  # the ledger's tables, which every bank has, and the old requests
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE members (id INTEGER PRIMARY KEY);"
        "INSERT INTO members VALUES (7), (8);"
        "CREATE TABLE ledger_accounts (id INTEGER PRIMARY KEY);"
        "CREATE TABLE journal_entries (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL);"
        "CREATE TABLE postings (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL,"
        " amount_cents INTEGER NOT NULL);"
        "CREATE TABLE product_requests (id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE,"
        " member_id INTEGER NOT NULL, product_id TEXT NOT NULL, amount_cents INTEGER,"
        " comment TEXT NOT NULL, contact_phone TEXT NOT NULL, created_at TEXT NOT NULL,"
        " status TEXT NOT NULL, idempotency_key TEXT UNIQUE);"
        "INSERT INTO product_requests VALUES (1, 'SOL-1001', 7, 'cuenta-ahorros', NULL, '',"
        " '0991112233', '2024-12-18T13:26:00-05:00', 'Recibida', 'clave-1');"
    )
    older.close()
    for _ in range(2):
        conn = connect(path)
        rows = [dict(r) for r in conn.execute("SELECT * FROM product_requests")]
        assert rows == [
            {
                "id": 1,
                "reference": "SOL-1001",
                "member_id": 7,
                "product_id": "cuenta-ahorros",
                "amount_cents": None,
                "comment": "",
                "contact_phone": "0991112233",
                "created_at": "2024-12-18T13:26:00-05:00",
                "status": "Recibida",
                "idempotency_key": "clave-1",
                "term": None,
            }
        ]
        conn.close()
    conn = connect(path)
    conn.execute(  # another member may use the same key
        "INSERT INTO product_requests (reference, member_id, product_id, comment,"
        " contact_phone, created_at, status, idempotency_key, term)"
        " VALUES ('SOL-1002', 8, 'credito-consumo', '', '0991112233', '', 'Recibida',"
        " 'clave-1', 24)"
    )
    with pytest.raises(sqlite3.IntegrityError):  # the same member may not
        conn.execute(
            "INSERT INTO product_requests (reference, member_id, product_id, comment,"
            " contact_phone, created_at, status, idempotency_key)"
            " VALUES ('SOL-1003', 8, 'cuenta-ahorros', '', '0991112233', '', 'Recibida',"
            " 'clave-1')"
        )
    conn.close()
