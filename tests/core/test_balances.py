"""Kept balances: each ledger account's balance stored beside its postings.

The sums stay the truth (`ledger.stale_balances` compares them after every test that
calls `assert_ledger_sound`, and in the ledger state machine); these tests cover what
those checks cannot see: a bank saved before there were kept balances, and the running
saldo of the movements, now counted back from the kept balance.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

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
