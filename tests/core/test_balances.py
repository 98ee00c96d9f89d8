"""Kept balances: each ledger account's balance stored beside its postings.

The sums stay the truth (`ledger.stale_balances` compares them after every test that
calls `assert_ledger_sound`, and in the ledger state machine); these tests cover what
those checks cannot see: a bank saved before there were kept balances, postings written
by other hands, and the running saldo of the movements, counted back from the balance.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cooptui.backend_stub import ledger
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.operations import OwnTransferOrder
from tests.core.conftest import SCRYPT_N, account, assert_ledger_sound, confirm, logged_in


def test_a_bank_saved_before_kept_balances_gets_them_from_its_postings(tmp_path: Path) -> None:
    path = tmp_path / "banco.sqlite3"
    core = Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N)
    token = logged_in(core)
    before = {a.number: a.ledger_balance for a in core.accounts(token)}
    core.close()
    raw = sqlite3.connect(path)  # make it a bank of the previous version
    raw.execute("DROP TABLE account_balances")
    raw.commit()
    raw.close()

    core = Core.open(path, FrozenClock(MANUAL_DATE), scrypt_n=SCRYPT_N)
    try:
        token = logged_in(core)
        assert {a.number: a.ledger_balance for a in core.accounts(token)} == before
        assert before[DEMO_SAVINGS] == Decimal("295.65")  # the manual's saldo contable
        confirm(
            core,
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("10.00")
            ),
        )
        savings = account(core, token, DEMO_SAVINGS).ledger_balance
        assert savings == before[DEMO_SAVINGS] - Decimal("10.00")
        assert_ledger_sound(core)
    finally:
        core.close()


def running_balances(core: Core, number: str) -> dict[int, Decimal]:
    """Each posting's saldo after it, summed from the account's first posting: the
    definition the movements' running saldo (counted back from the kept balance) must meet."""
    with core.db.reading() as conn:
        rows = conn.execute(
            "SELECT p.id, SUM(p.amount_cents) OVER (ORDER BY e.created_at, p.id) AS running"
            " FROM postings p JOIN journal_entries e ON e.id = p.entry_id"
            " JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = ?",
            (number,),
        ).fetchall()
    return {r["id"]: Decimal(r["running"]) / 100 for r in rows}


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [(None, None), (date(2024, 3, 1), date(2024, 9, 30)), (date(2024, 12, 18), None)],
)
def test_every_movement_shows_the_saldo_after_it(
    core: Core, date_from: date | None, date_to: date | None
) -> None:
    token = logged_in(core)
    confirm(  # a line of today, after the period of the middle case
        core,
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("10.00")
        ),
    )
    lines = core.movements(token, DEMO_SAVINGS, date_from, date_to)
    assert len(lines) >= 2
    expected = running_balances(core, DEMO_SAVINGS)
    assert [line.balance for line in lines] == [expected[line.id] for line in lines]
    if date_to is None:  # the newest line's saldo is the account's saldo contable
        assert lines[0].balance == account(core, token, DEMO_SAVINGS).ledger_balance


def test_postings_written_by_any_hand_are_kept_and_never_changed(core: Core) -> None:
    """The balances are kept by the database itself, so a posting an older release (or a
    repair script) writes counts too; and a posting, once written, stays as it is."""
    conn = core.db.conn
    cash = ledger.internal_account(conn, "CASH")
    fees = ledger.internal_account(conn, "FEE_INCOME")
    before = ledger.balance_cents(conn, fees)
    conn.execute("BEGIN IMMEDIATE")
    entry = conn.execute(
        "INSERT INTO journal_entries (created_at, kind, reference, description)"
        " VALUES ('2024-12-18T13:00:00-05:00', 'test', 'TEST-RAW-1', 'Prueba')"
    ).lastrowid
    conn.executemany(
        "INSERT INTO postings (entry_id, account_id, amount_cents, description)"
        " VALUES (?, ?, ?, 'Prueba')",
        [(entry, cash, -250), (entry, fees, 250)],
    )
    conn.execute("COMMIT")
    assert ledger.balance_cents(conn, fees) == before + 250
    assert ledger.stale_balances(conn) == []
    for change in ("UPDATE postings SET amount_cents = 1", "DELETE FROM postings"):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(f"{change} WHERE entry_id = ?", (entry,))
    assert ledger.balance_cents(conn, fees) == before + 250
