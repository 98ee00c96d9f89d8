"""The demo bank: balanced books, the web manual's numbers, determinism at any `now`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from cooptui.backend_stub import db, ledger
from cooptui.backend_stub.clock import ECUADOR_TZ, MANUAL_DATE
from cooptui.backend_stub.secrets import verify_secret
from cooptui.backend_stub.seed import (
    DEMO_CERTIFICATES,
    DEMO_CNT_CODE,
    DEMO_CREDENTIALS,
    DEMO_PIN_CREDIT,
    DEMO_PIN_DEBIT,
    DEMO_SAVINGS,
    DEMO_SCHEDULED_CNT_CODE,
    ENROLLABLE_IDENTIFICATION,
    bill_amount_cents,
    bill_id,
    card_cycle,
    cedula,
    receipt_number,
    seed,
)
from cooptui.domain.validators import is_valid_cedula

FAST_N = 2**10
LATER = datetime(2026, 11, 26, 9, 41, 5, tzinfo=ECUADOR_TZ)


def seeded(now: datetime) -> sqlite3.Connection:
    conn = db.connect(":memory:")
    seed(conn, now, scrypt_n=FAST_N)
    return conn


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    c = seeded(MANUAL_DATE)
    yield c
    c.close()


def account_id(conn: sqlite3.Connection, code: str) -> int:
    return int(conn.execute("SELECT id FROM ledger_accounts WHERE code = ?", (code,)).fetchone()[0])


def statement(conn: sqlite3.Connection, code: str) -> list[sqlite3.Row]:
    """An account's postings in the order the core lists movements."""
    return conn.execute(
        "SELECT p.amount_cents, e.created_at FROM postings p"
        " JOIN journal_entries e ON e.id = p.entry_id WHERE p.account_id = ?"
        " ORDER BY e.created_at, p.id",
        (account_id(conn, code),),
    ).fetchall()


def card(conn: sqlite3.Connection) -> sqlite3.Row:
    return conn.execute("SELECT * FROM cards WHERE kind = 'credit'").fetchone()


def table(conn: sqlite3.Connection, name: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(f"SELECT * FROM {name} ORDER BY 1")]


# --------------------------------------------------------------------------- the books


def test_every_entry_balances_and_the_trial_balance_is_zero(conn: sqlite3.Connection) -> None:
    assert ledger.unbalanced_entries(conn) == []
    assert ledger.stale_balances(conn) == []
    assert ledger.trial_balance_cents(conn) == 0


def test_nothing_happens_after_now(conn: sqlite3.Connection) -> None:
    latest = conn.execute("SELECT MAX(created_at) FROM journal_entries").fetchone()[0]
    assert datetime.fromisoformat(latest) <= MANUAL_DATE


def test_meta_records_when_and_which_seed(conn: sqlite3.Connection) -> None:
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta == {"seeded_at": MANUAL_DATE.isoformat(), "seed_version": "1"}


def test_seeding_is_one_transaction_that_rolls_back_on_error(conn: sqlite3.Connection) -> None:
    before = conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        seed(conn, MANUAL_DATE, scrypt_n=FAST_N)
    assert not conn.in_transaction
    assert conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0] == before


# --------------------------------------------------------------------------- the manual's member


def test_savings_balance_and_availability_match_the_manual(conn: sqlite3.Connection) -> None:
    savings = account_id(conn, DEMO_SAVINGS)
    assert ledger.balance_cents(conn, savings) == 29_565
    assert ledger.available_cents(conn, savings) == 29_090
    hold = conn.execute("SELECT * FROM holds WHERE released_at IS NULL").fetchone()
    assert (hold["amount_cents"], hold["reason"]) == (475, "Encaje de crédito")


def test_share_certificates_are_never_available(conn: sqlite3.Connection) -> None:
    certificates = account_id(conn, DEMO_CERTIFICATES)
    assert ledger.balance_cents(conn, certificates) == 41_250
    assert ledger.available_cents(conn, certificates) == 0


def test_no_savings_account_ever_goes_negative(conn: sqlite3.Connection) -> None:
    codes = [r[0] for r in conn.execute("SELECT code FROM ledger_accounts WHERE product = 'AHO'")]
    assert DEMO_SAVINGS in codes
    for code in codes:
        running = 0
        for row in statement(conn, code):
            running += row["amount_cents"]
            assert running >= 0, (code, row["created_at"])


def test_a_year_of_history_on_the_demo_savings(conn: sqlite3.Connection) -> None:
    rows = statement(conn, DEMO_SAVINGS)
    assert 100 <= len(rows) <= 220
    assert len({r["created_at"][:7] for r in rows}) >= 11
    # The core lists movements from the date 366 days back; all of them must show.
    first = datetime.fromisoformat(rows[0]["created_at"])
    assert first.date() >= (MANUAL_DATE - timedelta(days=366)).date()


def test_movements_use_the_manuals_wording(conn: sqlite3.Connection) -> None:
    descriptions = {
        r[0]
        for r in conn.execute(
            "SELECT description FROM postings WHERE account_id = ?",
            (account_id(conn, DEMO_SAVINGS),),
        )
    }
    for expected in (
        "RETIRO DE AHORROS",
        "NC TRANSFERENCIA PAGO DIRECTO",
        "ND TRANSFERENCIA PAGO DIRECTO",
        "COSTO TRANSFERENCIA / PAGO TARJETAS SPI",
        "IVA TRANSFERENCIA / PAGO TARJETAS SPI",
        "CAPITALIZACION DE INTERESES EN CUENTA",
        "DEPOSITO EN EFECTIVO",
    ):
        assert expected in descriptions
    assert any(d.startswith("NC ROL DE PAGOS EMPRESA") for d in descriptions)
    assert any(d.startswith("PAGO SERVICIOS CNT") for d in descriptions)
    assert any(d.startswith("DEBITO CUOTA") for d in descriptions)


def test_interbank_fees_are_36_cents_plus_5_iva(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT * FROM transfers WHERE kind = 'interbank'").fetchall()
    assert rows
    for t in rows:
        assert (t["commission_cents"], t["iva_cents"]) == (36, 5)
        assert t["status"] == "completed"
        assert t["entry_id"] is not None


def test_users_have_logged_in_before_and_no_devices(conn: sqlite3.Connection) -> None:
    users = conn.execute("SELECT * FROM users ORDER BY id").fetchall()
    assert [(u["username"], u["must_change"]) for u in users] == [
        (name, 0) for name, _ in DEMO_CREDENTIALS
    ]
    for user, (_, password) in zip(users, DEMO_CREDENTIALS, strict=True):
        assert verify_secret(password, user["password_hash"])
        last = datetime.fromisoformat(user["last_login_at"])
        assert (last.hour, last.minute) == (20, 25)
        assert last < MANUAL_DATE
    assert conn.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0


def test_enrollable_member_has_accounts_but_no_user(conn: sqlite3.Connection) -> None:
    member = conn.execute(
        "SELECT * FROM members WHERE identification = ?", (ENROLLABLE_IDENTIFICATION,)
    ).fetchone()
    assert member["full_name"] == "María Fernanda Torres Ruiz"
    assert (
        conn.execute("SELECT 1 FROM users WHERE member_id = ?", (member["id"],)).fetchone() is None
    )
    assert conn.execute(
        "SELECT 1 FROM ledger_accounts WHERE member_id = ? AND product = 'AHO'", (member["id"],)
    ).fetchone()


def test_every_identification_is_a_valid_cedula(conn: sqlite3.Connection) -> None:
    ids = [r[0] for r in conn.execute("SELECT identification FROM members")]
    ids += [r[0] for r in conn.execute("SELECT identification FROM beneficiaries")]
    assert len(ids) == 14
    assert all(is_valid_cedula(i) for i in ids), ids
    assert cedula("170458912") == "1704589124"


def test_internal_beneficiaries_are_real_cooprogreso_savers(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT b.name, b.identification, m.full_name, m.identification AS member_ident"
        " FROM beneficiaries b JOIN ledger_accounts a ON a.code = b.account_number"
        " JOIN members m ON m.id = a.member_id WHERE b.service = 'internal' AND a.product = 'AHO'"
    ).fetchall()
    assert len(rows) == 4
    for r in rows:
        assert (r["name"], r["identification"]) == (r["full_name"], r["member_ident"])
    interbank = conn.execute(
        "SELECT i.immediate, b.email FROM beneficiaries b"
        " JOIN institutions i ON i.code = b.institution_code WHERE b.service = 'interbank'"
    ).fetchall()
    assert {r["immediate"] for r in interbank} == {0, 1}
    assert any(r["email"] for r in interbank)


# --------------------------------------------------------------------------- loan, investment


def test_loan_schedule_adds_up_to_the_amount(conn: sqlite3.Connection) -> None:
    loan = conn.execute("SELECT * FROM loans").fetchone()
    assert (loan["number"], loan["amount_cents"], loan["term_months"]) == (
        "0118958000",
        1_375_000,
        48,
    )
    assert loan["granted_on"] == MANUAL_DATE.date().isoformat()
    assert loan["debit_account"] == account_id(conn, DEMO_SAVINGS)
    rows = conn.execute("SELECT * FROM loan_installments ORDER BY number").fetchall()
    assert len(rows) == 48
    assert Decimal(sum(r["capital_cents"] for r in rows)) / 100 == Decimal("13750.00")
    assert all(r["paid_at"] is None for r in rows)
    assert rows[0]["due_date"] == "2025-02-05"
    assert ledger.balance_cents(conn, loan["ledger_id"]) == -1_375_000


def test_investment_is_current(conn: sqlite3.Connection) -> None:
    inv = conn.execute("SELECT * FROM investments").fetchone()
    issued = date.fromisoformat(inv["issued_on"])
    assert issued == MANUAL_DATE.date() - timedelta(days=40)
    assert date.fromisoformat(inv["matures_on"]) == issued + timedelta(days=365)
    assert inv["status"] == "VIGENTE"
    assert ledger.balance_cents(conn, inv["ledger_id"]) == 1_000_000


# --------------------------------------------------------------------------- cards


def test_credit_card_usage_matches_the_manual(conn: sqlite3.Connection) -> None:
    c = card(conn)
    revolving = -ledger.balance_cents(conn, c["revolving_id"])
    deferred = -ledger.balance_cents(conn, c["deferred_id"])
    assert (revolving, deferred) == (153_814, 759_738)
    assert c["credit_limit_cents"] - revolving - deferred == 86_448
    assert (c["statement_balance_cents"], c["minimum_payment_cents"]) == (153_814, 70_863)
    assert (c["statement_date"], c["payment_due_date"]) == ("2024-12-20", "2025-01-02")
    assert c["masked_number"] == "513744XXXXXX0395"
    assert verify_secret(DEMO_PIN_CREDIT, c["pin_hash"])
    debit = conn.execute("SELECT * FROM cards WHERE kind = 'debit'").fetchone()
    assert debit["masked_number"] == "550975XXXXXX7023"
    assert debit["account_id"] == account_id(conn, DEMO_SAVINGS)
    assert verify_secret(DEMO_PIN_DEBIT, debit["pin_hash"])


def test_card_transactions_explain_the_balances(conn: sqlite3.Connection) -> None:
    purchases = conn.execute(
        "SELECT SUM(amount_cents), COUNT(*) FROM card_transactions WHERE deferral_id IS NULL"
    ).fetchone()
    assert purchases[0] == 153_814
    assert 10 <= purchases[1] <= 20
    assert conn.execute("SELECT SUM(remaining_cents) FROM deferrals").fetchone()[0] == 759_738
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM card_transactions WHERE deferral_id IS NOT NULL"
        ).fetchone()[0]
        == conn.execute("SELECT COUNT(*) FROM deferrals").fetchone()[0]
    )
    assert (
        conn.execute("SELECT COUNT(*) FROM card_transactions WHERE entry_id IS NULL").fetchone()[0]
        == 0
    )


def test_the_card_has_the_statement_it_shows(conn: sqlite3.Connection) -> None:
    """The cards row's statement is also the card's first closed statement, from the ledger."""
    c = card(conn)
    (s,) = conn.execute("SELECT * FROM card_statements").fetchall()
    assert (s["card_id"], s["closed_on"], s["due_date"]) == (
        c["id"],
        c["statement_date"],
        c["payment_due_date"],
    )
    assert (s["balance_cents"], s["minimum_payment_cents"]) == (153_814, 70_863)
    assert s["period_start"] == "2024-11-21"
    # Revolving purchases only: those before the period are the previous balance.
    purchases = conn.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM card_transactions"
        " WHERE deferral_id IS NULL AND posted_at >= '2024-11-21'"
    ).fetchone()[0]
    assert (s["purchases_cents"], s["previous_balance_cents"]) == (purchases, 153_814 - purchases)
    assert s["payments_cents"] == s["installments_cents"] == s["interest_cents"] == 0
    assert s["paid_cents"] == 0
    # Its deferrals bill their next installment at the next cut-off.
    assert {r[0] for r in conn.execute("SELECT next_due FROM deferrals")} == {"2025-01-20"}


def test_card_cycle() -> None:
    assert card_cycle(date(2024, 12, 18)) == (date(2024, 12, 20), date(2025, 1, 2))
    assert card_cycle(date(2026, 11, 26)) == (date(2026, 11, 20), date(2026, 12, 3))
    assert card_cycle(date(2024, 12, 21)) == (date(2024, 12, 20), date(2025, 1, 2))


# --------------------------------------------------------------------------- bills


def test_the_manuals_cnt_bill_is_pending(conn: sqlite3.Connection) -> None:
    bill = conn.execute(
        "SELECT * FROM bills WHERE service_code = ? AND paid_at IS NULL", (DEMO_CNT_CODE,)
    ).fetchone()
    assert (bill["amount_cents"], bill["period"]) == (713, "2024-12")
    assert bill["id"] == bill_id("cnt", DEMO_CNT_CODE, "2024-12")
    assert bill["description"] == "Factura diciembre 2024"
    assert bill["due_date"] == "2024-12-25"
    assert conn.execute("SELECT commission_cents FROM billers WHERE id = 'cnt'").fetchone()[0] == 31


def test_past_bills_are_paid_with_matching_entries(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT p.*, b.paid_at AS bill_paid, b.amount_cents AS bill_amount FROM service_payments p"
        " JOIN bills b ON b.id = p.bill_id"
    ).fetchall()
    assert len(rows) >= 12
    for p in rows:
        assert p["bill_paid"] == p["paid_at"]
        assert p["amount_cents"] == p["bill_amount"]
        debited = conn.execute(
            "SELECT -SUM(amount_cents) FROM postings WHERE entry_id = ? AND account_id = ?",
            (p["entry_id"], p["account_id"]),
        ).fetchone()[0]
        assert debited == p["amount_cents"] + p["commission_cents"]
    unpaid_without_payment = conn.execute(
        "SELECT COUNT(*) FROM bills b WHERE paid_at IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM service_payments p WHERE p.bill_id = b.id)"
    ).fetchone()[0]
    assert unpaid_without_payment == 0


def test_the_demo_member_registered_his_lines_but_not_the_scheduled_one(
    conn: sqlite3.Connection,
) -> None:
    rows = conn.execute(
        "SELECT r.biller_id, r.service_code, r.alias, a.code, u.username,"
        " EXISTS (SELECT 1 FROM service_accounts s WHERE s.biller_id = r.biller_id"
        "         AND s.service_code = r.service_code) AS known"
        " FROM registered_services r JOIN ledger_accounts a ON a.id = r.account_id"
        " JOIN users u ON u.member_id = r.member_id WHERE r.deleted_at IS NULL ORDER BY r.id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("cnt", DEMO_CNT_CODE, "Teléfono casa", DEMO_SAVINGS, "gsilva", 1),
        ("eeq", "1042387", "Luz casa", DEMO_SAVINGS, "gsilva", 1),
        ("epmaps", "2087331", None, DEMO_SAVINGS, "gsilva", 1),
    ]
    assert DEMO_SCHEDULED_CNT_CODE not in [r["service_code"] for r in rows]


def test_the_scheduled_payment_has_nothing_pending_yet(conn: sqlite3.Connection) -> None:
    sp = conn.execute("SELECT * FROM scheduled_payments").fetchone()
    assert (sp["biller_id"], sp["service_code"]) == ("cnt", DEMO_SCHEDULED_CNT_CODE)
    assert (sp["max_amount_cents"], sp["frequency"], sp["status"]) == (10_000, "asap", "Activo")
    assert sp["start_date"] == MANUAL_DATE.date().isoformat()
    assert sp["end_date"] is None
    assert not conn.execute(
        "SELECT 1 FROM bills WHERE service_code = ? AND paid_at IS NULL", (DEMO_SCHEDULED_CNT_CODE,)
    ).fetchone()


def test_bill_helpers_are_pure_and_within_15_percent() -> None:
    for period in ("2024-01", "2024-12", "2031-07"):
        amount = bill_amount_cents(10_000, "eeq", "1042387", period)
        assert amount == bill_amount_cents(10_000, "eeq", "1042387", period)
        assert 8_500 <= amount <= 11_500
        number = receipt_number("eeq", "1042387", period)
        assert number == receipt_number("eeq", "1042387", period)
        assert number.startswith(period.replace("-", ""))
        assert len(number) == 12
    assert bill_amount_cents(683, "cnt", DEMO_CNT_CODE, "2024-12") == 713
    assert bill_amount_cents(1, "cnt", DEMO_CNT_CODE, "2024-12") >= 1


# --------------------------------------------------------------------------- determinism


def test_same_now_gives_identical_books() -> None:
    a, b = seeded(MANUAL_DATE), seeded(MANUAL_DATE)
    for name in (
        "journal_entries",
        "postings",
        "ledger_accounts",
        "holds",
        "transfers",
        "bills",
        "service_payments",
        "card_transactions",
        "deferrals",
        "loan_installments",
        "beneficiaries",
        "registered_services",
    ):
        assert table(a, name) == table(b, name), name


def test_another_now_also_works() -> None:
    c = seeded(LATER)
    assert ledger.unbalanced_entries(c) == []
    assert ledger.stale_balances(c) == []
    assert ledger.trial_balance_cents(c) == 0
    savings = account_id(c, DEMO_SAVINGS)
    assert ledger.balance_cents(c, savings) == 29_565
    assert ledger.available_cents(c, savings) == 29_090
    assert ledger.balance_cents(c, account_id(c, DEMO_CERTIFICATES)) == 41_250
    rows = statement(c, DEMO_SAVINGS)
    assert len(rows) >= 100
    assert len({r["created_at"][:7] for r in rows}) >= 11
    running = 0
    for r in rows:
        running += r["amount_cents"]
        assert running >= 0
    assert datetime.fromisoformat(rows[-1]["created_at"]) <= LATER
    k = card(c)
    assert -ledger.balance_cents(c, k["revolving_id"]) == 153_814
    assert -ledger.balance_cents(c, k["deferred_id"]) == 759_738
    assert c.execute("SELECT granted_on FROM loans").fetchone()[0] == "2026-11-26"


@pytest.mark.parametrize(
    "now",
    [
        datetime(2025, 1, 1, 0, 0, 0, tzinfo=ECUADOR_TZ),
        datetime(2025, 3, 1, 7, 30, 0, tzinfo=ECUADOR_TZ),
        datetime(2025, 12, 21, 23, 59, 59, tzinfo=ECUADOR_TZ),
        datetime(2028, 2, 29, 12, 0, 0, tzinfo=ECUADOR_TZ),
    ],
)
def test_edge_days_keep_the_invariants(now: datetime) -> None:
    c = seeded(now)
    assert ledger.trial_balance_cents(c) == 0
    assert ledger.unbalanced_entries(c) == []
    assert ledger.stale_balances(c) == []
    savings = account_id(c, DEMO_SAVINGS)
    assert (ledger.balance_cents(c, savings), ledger.available_cents(c, savings)) == (
        29_565,
        29_090,
    )
    latest = c.execute("SELECT MAX(created_at) FROM journal_entries").fetchone()[0]
    assert datetime.fromisoformat(latest) <= now


def test_the_bank_hashes_passwords_at_owasps_cost_and_the_demo_ones_are_precomputed() -> None:
    from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
    from cooptui.backend_stub.core import Core
    from cooptui.backend_stub.secrets import DEFAULT_N, verify_secret
    from cooptui.backend_stub.seed import DEMO_PASSWORD, DEMO_PASSWORD_HASHES

    assert DEFAULT_N == 2**17
    for stored in DEMO_PASSWORD_HASHES.values():
        assert stored.startswith("scrypt$131072$8$1$")
        assert verify_secret(DEMO_PASSWORD, stored)
    core = Core.open(":memory:", FrozenClock(MANUAL_DATE))  # the bank's own cost
    try:
        token, _ = core.login("gsilva", DEMO_PASSWORD, "seed-test-device-01")
        assert token
        with core.db.reading() as conn:
            hashes = {r["password_hash"] for r in conn.execute("SELECT password_hash FROM users")}
        assert hashes == set(DEMO_PASSWORD_HASHES.values())
    finally:
        core.close()
