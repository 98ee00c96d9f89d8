"""The credit card on the clock: statements close at the cut-off, to the cent.

Every figure below is computed by hand from the rules in docs/architecture.md ("The card
on the clock") and the demo card as seeded on 18/12/2024 (the web manual's day):

- statement of 20/12/2024: balance $1,538.14, Pago mínimo $708.63, due 02/01/2025;
- three deferrals at 16.11 % a year (monthly rate 0.1611 / 12 = 0.013425), each billing
  its French installment; the capital still owed before the next installment:
  LAPTOP   $2,199.00 / 24 m, 4 paid, $1,879.57 left, installment $107.79
  REFRI    $1,499.00 / 12 m, 2 paid, $1,265.53 left, installment $136.08
  SALA     $4,452.28 / 24 m, 0 paid, $4,452.28 left, installment $218.23
  (installments together: 107.79 + 136.08 + 218.23 = $462.10).
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import date, time, timedelta
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from cooptui.backend.errors import InvalidInput
from cooptui.backend_stub import deferral, ledger
from cooptui.backend_stub.card_cycle import minimum_payment_cents, statement_interest_cents
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.seed import DEMO_CREDIT_CARD, DEMO_SAVINGS
from cooptui.domain.cards import CardStatement, DeferralTarget, StatementStatus
from cooptui.domain.money import to_cents
from cooptui.domain.operations import CardPaymentOrder, DeferralOrder
from tests.core.conftest import (
    SCRYPT_N,
    advance_to,
    assert_ledger_sound,
    confirm,
    deposit,
    emails_since,
    last_code,
    logged_in,
    outbox_mark,
)

D = Decimal
SUBJECT = "Estado de cuenta"


@pytest.fixture
def token(core: Core) -> str:
    return logged_in(core)


def statements(core: Core, token: str) -> list[CardStatement]:
    return core.card_statements(token, DEMO_CREDIT_CARD)


def pay_card(core: Core, token: str, amount: str) -> None:
    confirm(
        core,
        token,
        CardPaymentOrder(from_account=DEMO_SAVINGS, card_id=DEMO_CREDIT_CARD, amount=D(amount)),
    )


def purchase(core: Core, amount: str, merchant: str) -> None:
    """A purchase at a shop, as the card network would book it (no API buys things)."""
    cents = to_cents(D(amount))
    with core.db.transaction() as conn:
        card = conn.execute("SELECT * FROM cards WHERE id = ?", (DEMO_CREDIT_CARD,)).fetchone()
        entry = ledger.post_entry(
            conn,
            created_at=core.now(),
            kind="card_purchase",
            reference=f"TEST-{uuid.uuid4().hex[:12]}",
            description=f"Consumo {merchant}",
            postings=[
                Posting(card["revolving_id"], -cents, f"CONSUMO {merchant}"),
                Posting(ledger.internal_account(conn, "CARD_SETTLEMENT"), cents, merchant),
            ],
        )
        conn.execute(
            "INSERT INTO card_transactions (card_id, posted_at, merchant, amount_cents, entry_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (DEMO_CREDIT_CARD, core.now().isoformat(), merchant, cents, entry),
        )


def card_interest_cents(core: Core) -> int:
    """Interest income the card's cut-offs booked (installments' and late statements')."""
    with core.db.reading() as conn:
        return int(
            conn.execute(
                "SELECT COALESCE(SUM(p.amount_cents), 0) FROM postings p"
                " JOIN journal_entries e ON e.id = p.entry_id"
                " JOIN ledger_accounts a ON a.id = p.account_id"
                " WHERE a.code = 'INTEREST_INCOME' AND e.kind LIKE 'card_%'"
            ).fetchone()[0]
        )


def test_two_cut_offs_to_the_cent(core: Core, token: str) -> None:
    mark = outbox_mark(core)
    (seeded,) = statements(core, token)
    assert (seeded.closed_on, seeded.due_date) == (date(2024, 12, 20), date(2025, 1, 2))
    assert (seeded.balance, seeded.minimum_payment) == (D("1538.14"), D("708.63"))

    # 18/12/2024, before the due date: a $1,500.00 deposit and a $1,000.00 card payment,
    # applied to the 20/12 statement (more than its minimum, less than its balance).
    deposit(core, DEMO_SAVINGS, D("1500.00"))
    pay_card(core, token, "1000.00")
    (paid,) = statements(core, token)
    assert (paid.paid, paid.status) == (D("1000.00"), StatementStatus.PENDING)

    # 10/01/2025: a $250.00 purchase in the new cycle; the 02/01 due date has passed.
    advance_to(core, date(2025, 1, 10))
    purchase(core, "250.00", "SUPERMAXI EL BOSQUE")
    (late,) = statements(core, token)
    assert late.status is StatementStatus.OVERDUE

    # ---- first cut-off: 20/01/2025, closed on the first tick of the 21st ----------------
    advance_to(core, date(2025, 1, 21))
    first, old = statements(core, token)
    assert old == late  # the closed statement is not touched again
    # Installments: interest = capital left × 0.013425, capital = installment − interest
    #   LAPTOP 1,879.57 × 0.013425 = 25.2332 → 25.23, capital 107.79 − 25.23 =  82.56
    #   REFRI  1,265.53 × 0.013425 = 16.9897 → 16.99, capital 136.08 − 16.99 = 119.09
    #   SALA   4,452.28 × 0.013425 = 59.7719 → 59.77, capital 218.23 − 59.77 = 158.46
    #   billed 462.10 (interest 101.99, capital 360.11)
    # Interest on the 20/12 statement: its capital unpaid on 02/01 is 1,538.14 − 1,000.00
    #   = 538.14, for 18 days (02/01 → 20/01): 538.14 × 16.11 % × 18 / 360 = 4.3347 → 4.33;
    #   no mora: the $1,000.00 covered its minimum of $708.63.
    # Balance: 1,538.14 − 1,000.00 + 250.00 + 462.10 + 4.33 = 1,254.57
    # Minimum: 462.10 + 4.33 + 10 % × (1,254.57 − 462.10 − 4.33 = 788.14 → 78.81) = 545.24
    # Due: 20/01 + 13 days = Sunday 02/02/2025 → Monday 03/02/2025.
    assert first == CardStatement(
        card_id=DEMO_CREDIT_CARD,
        period_start=date(2024, 12, 21),
        closed_on=date(2025, 1, 20),
        due_date=date(2025, 2, 3),
        previous_balance=D("1538.14"),
        payments=D("1000.00"),
        purchases=D("250.00"),
        deferred=D("0.00"),
        installments=D("462.10"),
        interest=D("4.33"),
        late_interest=D("0.00"),
        balance=D("1254.57"),
        minimum_payment=D("545.24"),
        paid=D("0.00"),
        status=StatementStatus.PENDING,
    )
    plans = {d.description.split(" - ")[0]: d for d in core.deferrals(token, DEMO_CREDIT_CARD)}
    assert {k: (d.installments_paid, d.remaining_principal) for k, d in plans.items()} == {
        "LAPTOP HP PAVILION": (5, D("1797.01")),  # 1,879.57 −  82.56
        "REFRIGERADORA INDURAMA": (3, D("1146.44")),  # 1,265.53 − 119.09
        "JUEGO DE SALA": (1, D("4293.82")),  # 4,452.28 − 158.46
    }
    assert {d.next_due for d in plans.values()} == {date(2025, 2, 20)}
    assert {d.installments_left for d in plans.values()} == {19, 9, 23}
    assert card_interest_cents(core) == 101_99 + 4_33

    # ---- second cut-off: 20/02/2025; nothing was paid towards the 20/01 statement --------
    advance_to(core, date(2025, 2, 4))
    assert statements(core, token)[0].status is StatementStatus.OVERDUE
    advance_to(core, date(2025, 2, 21))
    second, first_again, _ = statements(core, token)
    assert first_again.status is StatementStatus.OVERDUE
    # Installments: LAPTOP 1,797.01 × 0.013425 = 24.1249 → 24.12 (capital  83.67)
    #               REFRI  1,146.44 × 0.013425 = 15.3910 → 15.39 (capital 120.69)
    #               SALA   4,293.82 × 0.013425 = 57.6445 → 57.64 (capital 160.59)
    #               billed 462.10 (interest 97.15, capital 364.95)
    # Interest, day by day on the capital overdue each day (actual/360):
    #   21/01 → 03/02 (14 days): the 20/12 statement's capital still unpaid, carried past
    #     the 20/01 cut-off: 1,538.14 − 1,000.00 = 538.14 (it accrues from the cut-off,
    #     not from the new due date);
    #   04/02 → 20/02 (17 days): all the 20/01 statement's capital, unpaid on 03/02:
    #     balance − the interest it carries = 1,254.57 − (4.33 + 101.99) = 1,148.25.
    #   Σ = 538.14 × 14 + 1,148.25 × 17 = 7,533.96 + 19,520.25 = 27,054.21 (dollar-days)
    #   27,054.21 × 16.11 % / 360 = 12.1068 → 12.11
    #   mora: the 20/12 minimum was covered (no mora before 03/02); from 04/02 its
    #   unpaid minimum 545.24: 545.24 × 17 = 9,269.08; × 16.11 % × 10 % / 360 = 0.4148 → 0.41
    #   interest 12.11 + 0.41 = 12.52
    # Balance: 1,254.57 + 462.10 + 12.52 = 1,729.19
    # Minimum: 462.10 + 12.52 + 10 % × (1,729.19 − 462.10 − 12.52 = 1,254.57 → 125.46) = 600.08
    # Due: 20/02 + 13 days = Wednesday 05/03/2025 (after Carnival, 03-04/03).
    assert second == CardStatement(
        card_id=DEMO_CREDIT_CARD,
        period_start=date(2025, 1, 21),
        closed_on=date(2025, 2, 20),
        due_date=date(2025, 3, 5),
        previous_balance=D("1254.57"),
        payments=D("0.00"),
        purchases=D("0.00"),
        deferred=D("0.00"),
        installments=D("462.10"),
        interest=D("12.52"),
        late_interest=D("0.41"),
        balance=D("1729.19"),
        minimum_payment=D("600.08"),
        paid=D("0.00"),
        status=StatementStatus.PENDING,
    )
    plans = {d.description.split(" - ")[0]: d for d in core.deferrals(token, DEMO_CREDIT_CARD)}
    assert [(d.installments_paid, d.remaining_principal) for d in plans.values()] == [
        (2, D("4133.23")),  # SALA   4,293.82 − 160.59
        (4, D("1025.75")),  # REFRI  1,146.44 − 120.69
        (6, D("1713.34")),  # LAPTOP 1,797.01 −  83.67
    ]
    assert {d.next_due for d in plans.values()} == {date(2025, 3, 20)}
    # The card shows the new statement; the debt moved from deferred to revolving.
    [card] = core.credit_cards(token)
    assert (card.statement_date, card.payment_due_date) == (date(2025, 2, 20), date(2025, 3, 5))
    assert (card.statement_balance, card.minimum_payment) == (D("1729.19"), D("600.08"))
    assert card.revolving_used == D("1729.19")
    assert card.deferred_used == D("6872.32")  # 7,597.38 − 360.11 − 364.95
    assert card_interest_cents(core) == 101_99 + 4_33 + 97_15 + 12_52

    # One e-mail per closed statement, with its balance, minimum and due date.
    mails = emails_since(core, mark, SUBJECT)
    assert len(mails) == 2
    for mail, figures in zip(
        mails,
        [("$1,254.57", "$545.24", "03/02/2025"), ("$1,729.19", "$600.08", "05/03/2025")],
        strict=True,
    ):
        assert all(figure in mail.body for figure in figures), mail.body
    assert "513744XXXXXX0395" in mails[0].body

    # A second tick (later the same day) closes nothing twice.
    core.advance_clock(3_600)
    assert len(statements(core, token)) == 3
    assert len(emails_since(core, mark, SUBJECT)) == 2
    assert card_interest_cents(core) == 101_99 + 4_33 + 97_15 + 12_52
    assert_ledger_sound(core)


def test_a_statement_paid_in_full_by_its_due_date_bears_no_interest(core: Core, token: str) -> None:
    deposit(core, DEMO_SAVINGS, D("1500.00"))
    pay_card(core, token, "1538.14")
    (paid,) = statements(core, token)
    assert (paid.paid, paid.status) == (D("1538.14"), StatementStatus.PAID)
    advance_to(core, date(2025, 1, 21))
    first, old = statements(core, token)
    assert old.status is StatementStatus.PAID
    # Only the installments: 0.00 − 0.00 + 462.10 = 462.10; minimum = 462.10 (no rest).
    assert (first.interest, first.installments) == (D("0.00"), D("462.10"))
    assert (first.previous_balance, first.payments) == (D("1538.14"), D("1538.14"))
    assert (first.balance, first.minimum_payment) == (D("462.10"), D("462.10"))
    assert_ledger_sound(core)


def test_a_deferral_after_the_cut_off_settles_that_part_of_the_statement(
    core: Core, token: str
) -> None:
    confirm(
        core,
        token,
        DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.REVOLVING_BALANCE,
            months=3,
            amount=D("500.00"),
        ),
    )
    (stmt,) = statements(core, token)
    assert (stmt.paid, stmt.status) == (D("500.00"), StatementStatus.PENDING)
    [plan] = [d for d in core.deferrals(token, DEMO_CREDIT_CARD) if d.principal == D("500.00")]
    assert plan.next_due == date(2025, 1, 20)  # the first cut-off not closed yet
    advance_to(core, date(2025, 1, 21))
    first, _ = statements(core, token)
    # 3 months at 0 %: 500.00 / 3 = 166.67 a month. The $500.00 deferred counts as paid
    # towards the 20/12 statement by its due date (02/01), so its unpaid capital is
    # 1,538.14 − 500.00 = 1,038.14 and its unpaid minimum 708.63 − 500.00 = 208.63; 18 days:
    #   1,038.14 × 16.11 % × 18 / 360 = 8.3622 → 8.36
    #   mora 208.63 × 16.11 % × 10 % × 18 / 360 = 0.1681 → 0.17; interest 8.53
    assert first.deferred == D("500.00")
    assert first.installments == D("462.10") + D("166.67")
    assert (first.interest, first.late_interest) == (D("8.53"), D("0.17"))
    # 1,538.14 − 500.00 + 628.77 + 8.53
    assert first.balance == D("1675.44")
    assert_ledger_sound(core)


def test_rules_by_hand() -> None:
    # Pago mínimo: installments + interest + 10 % of the rest, never above the balance.
    assert minimum_payment_cents(125_457, 46_210, 433) == 46_210 + 433 + 7_881
    assert minimum_payment_cents(10_000, 46_210, 0) == 10_000
    assert minimum_payment_cents(0, 0, 0) == minimum_payment_cents(-500, 0, 0) == 0
    # Interest from cent-days: Σ capital × 16.11 % / 360; mora on the unpaid minimum
    # (never more than the capital), × 16.11 % × 10 % / 360; each rounded once.
    assert statement_interest_cents(53_814 * 18, 0) == (433, 0)  # 433.47 cents
    # 2,705,421 × 0.1611 / 360 = 1,210.68; 926,908 × 0.01611 / 360 = 41.48
    assert statement_interest_cents(53_814 * 14 + 114_825 * 17, 54_524 * 17) == (1_211 + 41, 41)
    assert statement_interest_cents(1_000 * 30, 5_000 * 30) == (13 + 1, 1)  # 13.4 + 1.3 cents
    assert statement_interest_cents(0, 5_000 * 30) == (0, 0)


def test_a_bank_saved_before_statements_gets_its_first_one(tmp_path: Path) -> None:
    path = tmp_path / "banco.sqlite3"
    Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N).close()
    raw = sqlite3.connect(path)  # make it a bank of the previous version
    raw.execute("DROP TABLE card_statements")
    raw.commit()
    raw.close()
    core = Core.open(path, FrozenClock(MANUAL_DATE + timedelta(days=1)), scrypt_n=SCRYPT_N)
    try:
        token = logged_in(core)
        (first,) = statements(core, token)
        assert (first.closed_on, first.due_date) == (date(2024, 12, 20), date(2025, 1, 2))
        assert (first.balance, first.minimum_payment) == (D("1538.14"), D("708.63"))
        advance_to(core, date(2025, 1, 21))
        assert [s.closed_on for s in statements(core, token)] == [
            date(2025, 1, 20),
            date(2024, 12, 20),
        ]
        assert_ledger_sound(core)
    finally:
        core.close()


def test_migrations_create_what_the_schema_creates() -> None:
    """migrations.sql runs at every open: each table, index and trigger it creates must be
    schema.sql's, word for word."""
    package = files("cooptui.backend_stub")
    schema = package.joinpath("schema.sql").read_text()
    migrations = package.joinpath("migrations.sql").read_text()
    statements = re.findall(
        r"CREATE (?:UNIQUE )?(?:TABLE|INDEX) IF NOT EXISTS .*?;", migrations, re.S
    )
    statements += re.findall(r"CREATE TRIGGER IF NOT EXISTS .*?\bEND;", migrations, re.S)
    assert any("card_statements" in s for s in statements)
    assert any("postings_keep_balances" in s for s in statements)
    for statement in statements:
        assert statement.replace(" IF NOT EXISTS", "") in schema, statement


# --------------------------------------------------------------------------- review fixes


def _statement_row(core: Core, closed_on: date) -> sqlite3.Row:
    with core.db.reading() as conn:
        row = conn.execute(
            "SELECT * FROM card_statements WHERE card_id = ? AND closed_on = ?",
            (DEMO_CREDIT_CARD, closed_on.isoformat()),
        ).fetchone()
    assert row is not None
    return row


def test_a_payment_just_after_midnight_counts_to_the_statement_that_closed(
    core: Core, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    deposit(core, DEMO_SAVINGS, D("1000.00"))
    advance_to(core, date(2025, 1, 20), time(23, 59, 50))  # the cut-off day, 10 s to go
    challenge = core.begin(
        token,
        CardPaymentOrder(from_account=DEMO_SAVINGS, card_id=DEMO_CREDIT_CARD, amount=D("1000")),
    )
    code = last_code(core)
    # The clock passes midnight after the last tick: 21/01/2025 00:00:10, no tick runs.
    monkeypatch.setattr(core, "tick", lambda: None)
    core.clock.advance(timedelta(seconds=20))  # type: ignore[attr-defined]
    core.confirm(token, challenge.id, code)
    monkeypatch.undo()

    new, old = statements(core, token)
    # The payment closed the 20/01 statement first and counts towards it, not the 20/12 one.
    # 20/01: 1,538.14 + installments 462.10 + interest on the whole 20/12 statement for
    #   03/01 → 20/01 (18 days): 1,538.14 × 18 = 27,686.52 × 16.11 % / 360 = 12.3897 → 12.39
    #   and mora 708.63 × 18 = 12,755.34 × 1.611 % / 360 = 0.5708 → 0.57: 12.96;
    #   balance 1,538.14 + 462.10 + 12.96 = 2,013.20.
    assert (new.closed_on, new.payments, new.paid) == (date(2025, 1, 20), D("0.00"), D("1000"))
    assert (new.balance, new.interest, new.status) == (
        D("2013.20"),
        D("12.96"),
        StatementStatus.PENDING,
    )
    assert (old.paid, old.status) == (D("0.00"), StatementStatus.OVERDUE)
    # Pago mínimo 462.10 + 12.96 + 10 % × 1,538.14 (153.81) = 628.87, covered by 1,000.00.
    assert core.credit_cards(token)[0].minimum_payment == D("0.00")

    advance_to(core, date(2025, 2, 21))
    second = statements(core, token)[0]
    # The 20/01 statement carries 12.96 + 101.99 = 114.95 of interest, so its capital is
    # 2,013.20 − 114.95 = 1,898.25; the payment settles the interest first: 1,000.00 −
    # 114.95 = 885.05 of capital. Overdue capital, day by day (the payment of 21/01 stops
    # the accrual from 22/01):
    #   21/01 (1 day): the 20/12 capital carried past the cut-off, 1,538.14;
    #   22/01 → 03/02 (13 days): 1,538.14 − 885.05 = 653.09;
    #   04/02 → 20/02 (17 days): 1,898.25 − 885.05 = 1,013.20.
    #   Σ = 1,538.14 + 653.09 × 13 + 1,013.20 × 17 = 1,538.14 + 8,490.17 + 17,224.40
    #     = 27,252.71; × 16.11 % / 360 = 12.1956 → 12.20
    #   mora: 21/01 the unpaid 20/12 minimum 708.63; 22/01 → 03/02 nothing (708.63 −
    #   1,000.00 < 0); from 04/02 708.63 + 628.87 − 1,000.00 = 337.50 (≤ 1,013.20):
    #   708.63 + 337.50 × 17 = 6,446.13; × 1.611 % / 360 = 0.2885 → 0.29
    #   interest 12.20 + 0.29 = 12.49
    # Balance 2,013.20 − 1,000.00 + 462.10 + 12.49 = 1,487.79
    assert (second.payments, second.interest, second.late_interest) == (
        D("1000.00"),
        D("12.49"),
        D("0.29"),
    )
    assert second.balance == D("1487.79")
    assert_ledger_sound(core)


def test_deferring_a_statement_purchase_settles_it_despite_a_newer_purchase(
    core: Core, token: str
) -> None:
    purchase(core, "600.00", "NEW CYCLE SHOP")  # 18/12, after the 20/12 statement closed
    billed = {
        t.merchant: t for t in core.card_transactions(token, DEMO_CREDIT_CARD, deferrable_only=True)
    }
    assert billed["MEGAMAXI SCALA"].amount == D("252.36")
    # The newer purchase is not on the statement: deferring it settles none of it.
    confirm(
        core,
        token,
        DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.TRANSACTIONS,
            transaction_ids=(billed["NEW CYCLE SHOP"].id,),
            months=3,
        ),
    )
    assert statements(core, token)[0].paid == D("0.00")
    confirm(
        core,
        token,
        DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.TRANSACTIONS,
            transaction_ids=(billed["MEGAMAXI SCALA"].id,),
            months=3,
        ),
    )
    (stmt,) = statements(core, token)
    assert stmt.paid == D("252.36")  # all of it was billed on the 20/12 statement
    assert core.credit_cards(token)[0].minimum_payment == D("456.27")  # 708.63 − 252.36
    advance_to(core, date(2025, 1, 21))
    first = statements(core, token)[0]
    # Capital overdue 03/01 → 20/01 (18 days): 1,538.14 − 252.36 = 1,285.78;
    #   1,285.78 × 18 = 23,144.04; × 16.11 % / 360 = 10.3569 → 10.36
    # mora on the unpaid minimum 456.27 × 18 = 8,212.86; × 1.611 % / 360 = 0.3675 → 0.37
    assert (first.interest, first.late_interest) == (D("10.73"), D("0.37"))
    assert_ledger_sound(core)


def test_billed_interest_cannot_be_deferred(core: Core, token: str) -> None:
    advance_to(core, date(2025, 1, 21))
    # The 20/01 statement: 2,013.20, of which interest 12.96 (the 20/12 statement unpaid)
    # + 101.99 (the installments') = 114.95; deferrable: 2,013.20 − 114.95 = 1,898.25.
    assert core.credit_cards(token)[0].revolving_used == D("2013.20")
    with pytest.raises(InvalidInput) as refused:
        core.simulate_deferral(
            token, DEMO_CREDIT_CARD, DeferralTarget.REVOLVING_BALANCE, (), 12, D("1900.00")
        )
    assert refused.value.field == "amount"
    assert refused.value.message == (
        "Los intereses facturados ($114.95) no se pueden diferir; puedes diferir hasta $1,898.25."
    )
    sim = core.simulate_deferral(token, DEMO_CREDIT_CARD, DeferralTarget.REVOLVING_BALANCE, (), 12)
    assert sim.principal == D("1898.25")  # the default: the most that can be deferred
    confirm(
        core,
        token,
        DeferralOrder(card_id=DEMO_CREDIT_CARD, target=DeferralTarget.REVOLVING_BALANCE, months=12),
    )
    assert core.credit_cards(token)[0].revolving_used == D("114.95")
    assert statements(core, token)[0].paid == D("1898.25")  # all of its capital
    advance_to(core, date(2025, 2, 21))
    # Still owed as interest on the 20/02 statement: 114.95 carried (nothing paid)
    #   + its own interest: only 21/01 had capital overdue (the 20/12 statement's
    #     1,538.14, deferred on 21/01 at 08:00): 1,538.14 × 16.11 % / 360 = 0.6883 → 0.69,
    #     mora 708.63 × 1.611 % / 360 = 0.0317 → 0.03: 0.72
    #   + installments' interest: the seeded plans 97.15 + the new one
    #     1,898.25 × 0.013425 = 25.4840 → 25.48: 122.63
    #   = 114.95 + 0.72 + 122.63 = 238.30
    second = statements(core, token)[0]
    assert (second.deferred, second.interest) == (D("1898.25"), D("0.72"))
    assert _statement_row(core, date(2025, 2, 20))["interest_owed_cents"] == 238_30
    assert_ledger_sound(core)


def test_booked_plans_bill_even_after_the_rules_change(
    core: Core, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirm(
        core,
        token,
        DeferralOrder(
            card_id=DEMO_CREDIT_CARD,
            target=DeferralTarget.REVOLVING_BALANCE,
            months=3,
            amount=D("150.00"),
        ),
    )
    # The cooperative drops the 3-month term and raises the minimum to $200.00.
    monkeypatch.setattr(deferral, "MIN_DEFERRAL", D("200.00"))
    monkeypatch.setattr(deferral, "_ANNUAL_RATES", {12: D("0.1611")})
    advance_to(core, date(2025, 1, 21))
    [plan] = [d for d in core.deferrals(token, DEMO_CREDIT_CARD) if d.principal == D("150.00")]
    # 150.00 at 0 % over 3 months: 150.00 / 3 = 50.00 a month, no interest.
    assert (plan.installments_paid, plan.remaining_principal) == (1, D("100.00"))
    assert statements(core, token)[0].installments == D("462.10") + D("50.00")
    assert_ledger_sound(core)


def test_a_late_payment_stops_the_interest_the_day_it_is_made(core: Core, token: str) -> None:
    deposit(core, DEMO_SAVINGS, D("2000.00"))
    advance_to(core, date(2025, 1, 3))  # one day after the due date, 02/01
    pay_card(core, token, "1538.14")
    advance_to(core, date(2025, 1, 21))
    first, old = statements(core, token)
    assert old.status is StatementStatus.PAID
    # Only 03/01 had capital overdue: 1,538.14 × 16.11 % / 360 = 0.6883 → 0.69;
    # mora on the minimum unpaid that day: 708.63 × 1.611 % / 360 = 0.0317 → 0.03.
    assert (first.interest, first.late_interest) == (D("0.72"), D("0.03"))
    assert_ledger_sound(core)
