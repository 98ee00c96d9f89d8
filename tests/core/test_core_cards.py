"""Card PINs, credit-card payments (own and other banks') and deferrals."""

from __future__ import annotations

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest

from cooptui.backend.errors import Conflict, InvalidInput
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import (
    DEMO_CREDIT_CARD,
    DEMO_DEBIT_CARD,
    DEMO_PIN_CREDIT,
    DEMO_PIN_DEBIT,
    DEMO_SAVINGS,
    cedula,
)
from cooptui.domain.cards import (
    CardKind,
    CardTransaction,
    DeferralTarget,
    PayableCard,
    PayableCardOwner,
)
from cooptui.domain.formatting import mask_card
from cooptui.domain.operations import (
    CardPaymentOrder,
    DeferralOrder,
    ExternalCardOrder,
    PinChangeOrder,
    ReceiptStatus,
)
from cooptui.domain.products import CreditCard
from cooptui.domain.transfers import IdType, TransferKind
from tests.core.conftest import (
    account,
    advance_to,
    assert_ledger_sound,
    confirm,
    deposit,
    emails_since,
    logged_in,
    outbox_mark,
)

COMMISSION = Decimal("0.36")
IVA = Decimal("0.05")
CENT = Decimal("0.01")
VISA_TEST = "4111 1111 1111 1111"  # Luhn-valid


@pytest.fixture
def token(core: Core) -> str:
    return logged_in(core)


def credit_card(core: Core, token: str) -> CreditCard:
    [card] = [c for c in core.credit_cards(token) if c.id == DEMO_CREDIT_CARD]
    return card


def pin_change(kind: CardKind, card_id: str, current: str, new: str) -> PinChangeOrder:
    return PinChangeOrder(card_kind=kind, card_id=card_id, current_pin=current, new_pin=new)


# --------------------------------------------------------------------------- PINs


@pytest.mark.parametrize(
    ("kind", "card_id", "pin"),
    [
        (CardKind.DEBIT, DEMO_DEBIT_CARD, DEMO_PIN_DEBIT),
        (CardKind.CREDIT, DEMO_CREDIT_CARD, DEMO_PIN_CREDIT),
    ],
)
def test_pin_change_with_otp_and_the_new_pin_is_checked_next_time(
    core: Core, token: str, kind: CardKind, card_id: str, pin: str
) -> None:
    mark = outbox_mark(core)
    receipt = confirm(core, token, pin_change(kind, card_id, pin, "5829"))

    assert receipt.status is ReceiptStatus.COMPLETED
    assert len(emails_since(core, mark, "Cambio de clave de tarjeta")) == 1
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, pin_change(kind, card_id, pin, "6031"))
    assert caught.value.field == "current_pin"
    challenge = core.begin(token, pin_change(kind, card_id, "5829", "6031"))
    assert challenge.order_kind == "pin_change"


def test_wrong_current_pin_is_refused(core: Core, token: str) -> None:
    wrong = f"{(int(DEMO_PIN_DEBIT) + 1) % 10_000:04d}"
    mark = outbox_mark(core)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, pin_change(CardKind.DEBIT, DEMO_DEBIT_CARD, wrong, "5829"))
    assert caught.value.field == "current_pin"
    assert core.outbox(mark) == []  # no SMS


@pytest.mark.parametrize("trivial", ["1234", "1111", "9876", "0000", "123", "12a4"])
def test_trivial_new_pin_is_refused(core: Core, token: str, trivial: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, pin_change(CardKind.DEBIT, DEMO_DEBIT_CARD, DEMO_PIN_DEBIT, trivial))
    assert caught.value.field == "new_pin"


def test_new_pin_must_differ_from_the_current_one(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token, pin_change(CardKind.DEBIT, DEMO_DEBIT_CARD, DEMO_PIN_DEBIT, DEMO_PIN_DEBIT)
        )
    assert caught.value.field == "new_pin"


def test_card_kind_must_match_the_card(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, pin_change(CardKind.CREDIT, DEMO_DEBIT_CARD, DEMO_PIN_DEBIT, "5829"))
    assert caught.value.field == "card_id"


def test_recover_card_pin_emails_a_temporary_pin(core: Core, token: str) -> None:
    mark = outbox_mark(core)

    message = core.recover_card_pin(token, CardKind.DEBIT, DEMO_DEBIT_CARD)

    assert message == (
        "Estimado usuario hemos enviado una clave temporal a su correo electrónico registrado."
    )
    [mail] = emails_since(core, mark)
    [debit] = core.debit_cards(token)
    assert "GENERACION DE CLAVE" in mail.body
    assert f"NÚMERO TARJETA: {debit.masked_number}" in mail.body
    assert "TIPO DE TARJETA: DEBITO" in mail.body
    match = re.search(r"^CLAVE TEMPORAL: (\d+)$", mail.body, re.MULTILINE)
    assert match is not None, mail.body
    temporary = match.group(1)
    assert len(temporary) == 4

    # The temporary PIN replaced the old one.
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, pin_change(CardKind.DEBIT, DEMO_DEBIT_CARD, DEMO_PIN_DEBIT, "5829"))
    assert caught.value.field == "current_pin"
    new = "5829" if temporary != "5829" else "6031"
    confirm(core, token, pin_change(CardKind.DEBIT, DEMO_DEBIT_CARD, temporary, new))


# --------------------------------------------------------------------------- paying Cooprogreso cards


def test_own_card_payment_frees_credit(core: Core, token: str) -> None:
    card = credit_card(core, token)
    savings = account(core, token, DEMO_SAVINGS)
    amount = Decimal("150.25")

    receipt = confirm(
        core,
        token,
        CardPaymentOrder(
            from_account=DEMO_SAVINGS, card_id=DEMO_CREDIT_CARD, amount=amount, reference="Pago"
        ),
    )

    assert receipt.total == amount  # no commission within the cooperative
    after = credit_card(core, token)
    assert after.revolving_used == card.revolving_used - amount
    assert after.available == card.available + amount
    assert after.deferred_used == card.deferred_used
    assert account(core, token, DEMO_SAVINGS).ledger_balance == savings.ledger_balance - amount
    assert_ledger_sound(core)


def test_paying_more_than_the_revolving_balance_is_refused(core: Core, token: str) -> None:
    deposit(core, DEMO_SAVINGS, Decimal("5000.00"))
    card = credit_card(core, token)

    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            CardPaymentOrder(
                from_account=DEMO_SAVINGS,
                card_id=DEMO_CREDIT_CARD,
                amount=card.revolving_used + CENT,
            ),
        )
    assert caught.value.field == "amount"

    confirm(
        core,
        token,
        CardPaymentOrder(
            from_account=DEMO_SAVINGS, card_id=DEMO_CREDIT_CARD, amount=card.revolving_used
        ),
    )
    paid = credit_card(core, token)
    assert paid.revolving_used == Decimal("0.00")
    assert paid.available == card.available + card.revolving_used
    assert_ledger_sound(core)


# --------------------------------------------------------------------------- other banks' cards


def external_card(number: str = VISA_TEST, institution: str = "PICHINCHA") -> ExternalCardOrder:
    return ExternalCardOrder(
        institution_code=institution,
        card_number=number,
        alias="Visa de mamá",
        holder_name="Rosa Mora Vaca",
        id_type=IdType.CEDULA,
        identification=cedula("170123456"),
    )


def registered(core: Core, token: str) -> list[PayableCard]:
    return core.payable_cards(token, PayableCardOwner.OTHER_BANK)


def test_register_another_banks_card(core: Core, token: str) -> None:
    assert registered(core, token) == []
    confirm(core, token, external_card())

    [card] = registered(core, token)
    assert card.masked_number == mask_card(VISA_TEST)
    assert card.institution_code == "PICHINCHA"
    assert card.holder_name == "Rosa Mora Vaca"
    assert card.alias == "Visa de mamá"


def test_luhn_invalid_card_number_is_refused(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, external_card("4111 1111 1111 1112"))
    assert caught.value.field == "card_number"


def test_registering_the_same_card_twice_is_refused(core: Core, token: str) -> None:
    confirm(core, token, external_card())
    with pytest.raises(Conflict):
        core.begin(token, external_card(VISA_TEST.replace(" ", "-")))
    assert len(registered(core, token)) == 1


def test_cooprogreso_is_not_another_bank(core: Core, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, external_card(institution="COOPROGRESO"))
    assert caught.value.field == "institution_code"


def test_paying_another_banks_card_charges_the_spi_fees(core: Core, token: str) -> None:
    confirm(core, token, external_card())
    [card] = registered(core, token)
    before = account(core, token, DEMO_SAVINGS)
    used_before = {limit.kind: limit.used_today for limit in core.daily_limits(token)}[
        TransferKind.INTERBANK
    ]
    amount = Decimal("40.00")

    receipt = confirm(
        core, token, CardPaymentOrder(from_account=DEMO_SAVINGS, card_id=card.id, amount=amount)
    )

    total = amount + COMMISSION + IVA
    assert (receipt.commission, receipt.iva, receipt.total) == (COMMISSION, IVA, total)
    assert receipt.status is ReceiptStatus.COMPLETED
    after = account(core, token, DEMO_SAVINGS)
    assert after.ledger_balance == before.ledger_balance - total
    assert after.available_balance == before.available_balance - total
    used = {limit.kind: limit.used_today for limit in core.daily_limits(token)}
    assert used[TransferKind.INTERBANK] == used_before + amount
    assert_ledger_sound(core)


# --------------------------------------------------------------------------- deferrals


def deferrable(core: Core, token: str) -> list[CardTransaction]:
    return core.card_transactions(token, DEMO_CREDIT_CARD, deferrable_only=True)


def test_three_month_deferral_is_interest_free(core: Core, token: str) -> None:
    purchase = max(deferrable(core, token), key=lambda t: t.amount)

    simulation = core.simulate_deferral(
        token, DEMO_CREDIT_CARD, DeferralTarget.TRANSACTIONS, (purchase.id,), 3
    )

    assert simulation.principal == purchase.amount
    assert simulation.total_interest == Decimal("0.00")
    assert simulation.total == simulation.principal
    assert len(simulation.schedule) == 3
    assert sum(row.capital for row in simulation.schedule) == purchase.amount
    assert sum(row.total for row in simulation.schedule) == simulation.total
    longer = core.simulate_deferral(
        token, DEMO_CREDIT_CARD, DeferralTarget.TRANSACTIONS, (purchase.id,), 12
    )
    assert longer.total_interest > 0
    assert longer.total == longer.principal + longer.total_interest


def test_deferral_moves_debt_from_revolving_to_deferred(core: Core, token: str) -> None:
    purchases = sorted(deferrable(core, token), key=lambda t: t.amount)[-2:]
    principal = sum(p.amount for p in purchases)
    card = credit_card(core, token)
    savings = account(core, token, DEMO_SAVINGS)

    receipt = confirm(
        core,
        token,
        DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.TRANSACTIONS,
            transaction_ids=tuple(p.id for p in purchases),
            months=6,
        ),
    )

    assert receipt.amount == principal
    after = credit_card(core, token)
    assert after.revolving_used == card.revolving_used - principal
    assert after.deferred_used == card.deferred_used + principal
    assert after.available == card.available
    assert account(core, token, DEMO_SAVINGS) == savings  # nothing paid from savings
    deferred = {t.id: t for t in core.card_transactions(token, DEMO_CREDIT_CARD)}
    assert all(deferred[p.id].deferred and not deferred[p.id].deferrable for p in purchases)
    [plan] = [d for d in core.deferrals(token, DEMO_CREDIT_CARD) if d.principal == principal]
    assert plan.months == 6
    # Deferring the same purchase again is refused.
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            token,
            DeferralOrder(
                card_id=DEMO_CREDIT_CARD,
                target=DeferralTarget.TRANSACTIONS,
                transaction_ids=(purchases[0].id,),
                months=3,
            ),
        )
    assert caught.value.field == "transaction_ids"
    assert_ledger_sound(core)


def test_deferring_the_whole_revolving_balance(core: Core, token: str) -> None:
    card = credit_card(core, token)
    simulation = core.simulate_deferral(
        token, DEMO_CREDIT_CARD, DeferralTarget.REVOLVING_BALANCE, (), 3
    )
    assert simulation.principal == card.revolving_used

    confirm(
        core,
        token,
        DeferralOrder(card_id=DEMO_CREDIT_CARD, target=DeferralTarget.REVOLVING_BALANCE, months=3),
    )

    after = credit_card(core, token)
    assert after.revolving_used == Decimal("0.00")
    assert after.deferred_used == card.deferred_used + card.revolving_used
    assert after.available == card.available
    assert deferrable(core, token) == []
    assert_ledger_sound(core)


def test_deferring_part_of_the_revolving_balance(core: Core, token: str) -> None:
    card = credit_card(core, token)
    amount = Decimal("500.00")
    revolving = DeferralTarget.REVOLVING_BALANCE
    simulation = core.simulate_deferral(token, DEMO_CREDIT_CARD, revolving, (), 6, amount)
    assert (simulation.principal, simulation.months) == (amount, 6)
    assert sum(row.capital for row in simulation.schedule) == amount
    # Above the Saldo Actual Rotativo or below the $50.00 minimum: refused on "amount",
    # by the simulation and by the order alike.
    for bad, says in ((card.revolving_used + CENT, "saldo rotativo"), (Decimal("49.99"), "$50.00")):
        with pytest.raises(InvalidInput) as caught:
            core.simulate_deferral(token, DEMO_CREDIT_CARD, revolving, (), 6, bad)
        assert caught.value.field == "amount"
        assert says in caught.value.message
        with pytest.raises(InvalidInput) as caught:
            core.begin(
                token,
                DeferralOrder(card_id=DEMO_CREDIT_CARD, target=revolving, months=6, amount=bad),
            )
        assert caught.value.field == "amount"
    assert credit_card(core, token) == card
    purchases = sorted(
        (t for t in core.card_transactions(token, DEMO_CREDIT_CARD) if not t.deferred),
        key=lambda t: (t.posted_at, t.id),
    )

    receipt = confirm(
        core,
        token,
        DeferralOrder(card_id=DEMO_CREDIT_CARD, target=revolving, months=6, amount=amount),
    )

    assert (receipt.amount, receipt.total) == (amount, simulation.total)
    after = credit_card(core, token)
    assert after.revolving_used == card.revolving_used - amount
    assert after.deferred_used == card.deferred_used + amount
    assert after.available == card.available
    [plan] = [d for d in core.deferrals(token, DEMO_CREDIT_CARD) if d.principal == amount]
    assert (plan.months, plan.installment, plan.installments_paid) == (
        6,
        simulation.installment,
        0,
    )
    # The oldest purchases the $500.00 covers in full are deferred with it; the rest of
    # the revolving balance stays revolving, its purchases deferrable one by one.
    covered, running = set(), Decimal(0)
    for t in purchases:
        running += t.amount
        if running > amount:
            break
        covered.add(t.id)
    assert covered
    now = {t.id: t for t in core.card_transactions(token, DEMO_CREDIT_CARD)}
    assert {t.id for t in purchases if now[t.id].deferred} == covered
    assert any(now[t.id].deferrable for t in purchases if t.id not in covered)
    assert_ledger_sound(core)


def test_non_deferrable_transactions_are_refused(core: Core, token: str) -> None:
    everything = core.card_transactions(token, DEMO_CREDIT_CARD)
    already_deferred = next(t for t in everything if t.deferred)
    too_small = next(t for t in everything if not t.deferred and not t.deferrable)
    card = credit_card(core, token)

    for transaction in (already_deferred, too_small):
        with pytest.raises(InvalidInput) as caught:
            core.simulate_deferral(
                token, DEMO_CREDIT_CARD, DeferralTarget.TRANSACTIONS, (transaction.id,), 3
            )
        assert caught.value.field == "transaction_ids"
        with pytest.raises(InvalidInput) as caught:
            core.begin(
                token,
                DeferralOrder(
                    card_id=DEMO_CREDIT_CARD,
                    target=DeferralTarget.TRANSACTIONS,
                    transaction_ids=(transaction.id,),
                    months=3,
                ),
            )
        assert caught.value.field == "transaction_ids"
    assert credit_card(core, token) == card


def test_unsupported_deferral_term_is_refused(core: Core, token: str) -> None:
    purchase = deferrable(core, token)[0]
    assert 5 not in core.deferral_terms(token)
    with pytest.raises(InvalidInput) as caught:
        core.simulate_deferral(
            token, DEMO_CREDIT_CARD, DeferralTarget.TRANSACTIONS, (purchase.id,), 5
        )
    assert caught.value.field == "months"


def test_paying_a_card_at_a_non_immediate_bank_holds_then_settles(core: Core, token: str) -> None:
    institutions = {i.code: i for i in core.financial_institutions(token)}
    assert not institutions["DINERS"].immediate_credit
    confirm(core, token, external_card("3056 9309 0259 04", institution="DINERS"))
    [card] = registered(core, token)
    before = account(core, token, DEMO_SAVINGS)
    amount = Decimal("25.00")
    total = amount + COMMISSION + IVA

    receipt = confirm(
        core, token, CardPaymentOrder(from_account=DEMO_SAVINGS, card_id=card.id, amount=amount)
    )

    assert receipt.status is ReceiptStatus.PENDING
    pending = account(core, token, DEMO_SAVINGS)
    assert pending.ledger_balance == before.ledger_balance
    assert pending.available_balance == before.available_balance - total
    assert total in [h.amount for h in core.holds(token, DEMO_SAVINGS)]

    advance_to(core, core.now().date() + timedelta(days=1), time(9, 0))  # Thursday 09:00

    settled = account(core, token, DEMO_SAVINGS)
    assert settled.ledger_balance == before.ledger_balance - total
    assert settled.available_balance == before.available_balance - total
    assert total not in [h.amount for h in core.holds(token, DEMO_SAVINGS)]
    assert_ledger_sound(core)


def test_three_wrong_current_pins_block_the_card(core: Core, token: str) -> None:
    for left in (2, 1):
        with pytest.raises(InvalidInput) as wrong:
            core.begin(
                token,
                PinChangeOrder(
                    card_kind=CardKind.DEBIT,
                    card_id=DEMO_DEBIT_CARD,
                    current_pin="0000",
                    new_pin="5831",
                ),
            )
        assert wrong.value.field == "current_pin"
        assert f"{left} intento" in wrong.value.message
    with pytest.raises(InvalidInput, match="bloqueada"):
        core.begin(
            token,
            PinChangeOrder(
                card_kind=CardKind.DEBIT,
                card_id=DEMO_DEBIT_CARD,
                current_pin="0000",
                new_pin="5831",
            ),
        )
    # Even the right PIN no longer helps, and the member was told by e-mail.
    with pytest.raises(InvalidInput, match="no está activa"):
        core.begin(
            token,
            PinChangeOrder(
                card_kind=CardKind.DEBIT,
                card_id=DEMO_DEBIT_CARD,
                current_pin=DEMO_PIN_DEBIT,
                new_pin="5831",
            ),
        )
    assert any(m.subject == "Tarjeta bloqueada" for m in core.outbox())
