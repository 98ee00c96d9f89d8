"""Double-entry bookkeeping: journal entries whose postings sum to zero, balances, holds.

Positive postings credit an account. A member's savings balance (saldo contable) is the
sum of its postings, kept in `account_balances` by a trigger as each posting is written
(a read costs the same with 100 postings or 100,000); saldo disponible subtracts open
holds. Internal accounts (fee income, IVA payable, clearing, settlement, portfolio) take
the other side of every entry.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

# Internal ledger accounts: code -> name.
INTERNAL_ACCOUNTS: dict[str, str] = {
    "CASH": "Caja y bancos",
    "FEE_INCOME": "Ingresos por comisiones",
    "IVA_PAYABLE": "IVA por pagar",
    "INTERBANK_CLEARING": "Compensación interbancaria (SPI)",
    "BILLER_SETTLEMENT": "Liquidación a empresas de servicios",
    "CARD_SETTLEMENT": "Liquidación de tarjetas (adquirencia)",
    "LOAN_PORTFOLIO": "Cartera de créditos",
    "INTEREST_INCOME": "Ingresos por intereses",
    "INSURANCE_PAYABLE": "Seguro de desgravamen por pagar",
    "INTEREST_EXPENSE": "Gasto por intereses",
    "PAYROLL_CLEARING": "Recaudación de roles de pago",
}


class LedgerError(Exception):
    """A bookkeeping invariant would break: a bug, never a member's mistake."""


@dataclass(frozen=True)
class Posting:
    account_id: int
    amount_cents: int
    description: str


def internal_account(conn: sqlite3.Connection, code: str) -> int:
    row = conn.execute(
        "SELECT id FROM ledger_accounts WHERE code = ? AND kind = 'internal'", (code,)
    ).fetchone()
    if row is None:
        raise LedgerError(f"cuenta interna inexistente: {code}")
    return int(row["id"])


def create_internal_accounts(conn: sqlite3.Connection, opened_at: datetime) -> None:
    conn.executemany(
        "INSERT INTO ledger_accounts (code, name, kind, opened_at) VALUES (?, ?, 'internal', ?)",
        [(code, name, opened_at.isoformat()) for code, name in INTERNAL_ACCOUNTS.items()],
    )


def post_entry(
    conn: sqlite3.Connection,
    *,
    created_at: datetime,
    kind: str,
    reference: str,
    description: str,
    postings: Sequence[Posting],
    idempotency_key: str | None = None,
) -> int:
    """Record one balanced journal entry; returns its id. Call inside a transaction."""
    postings = [p for p in postings if p.amount_cents != 0]
    if len(postings) < 2:
        raise LedgerError("un asiento necesita al menos dos movimientos")
    if sum(p.amount_cents for p in postings) != 0:
        raise LedgerError(f"asiento descuadrado: {reference}")
    if any(not isinstance(p.amount_cents, int) for p in postings):
        raise LedgerError("los montos del libro son centavos enteros")
    cur = conn.execute(
        "INSERT INTO journal_entries (created_at, kind, reference, description, idempotency_key)"
        " VALUES (?, ?, ?, ?, ?)",
        (created_at.isoformat(), kind, reference, description, idempotency_key),
    )
    entry_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO postings (entry_id, account_id, amount_cents, description) VALUES (?, ?, ?, ?)",
        [(entry_id, p.account_id, p.amount_cents, p.description) for p in postings],
    )
    return entry_id  # schema.sql's trigger has added the postings to account_balances


def balance_cents(conn: sqlite3.Connection, account_id: int) -> int:
    row = conn.execute(
        "SELECT balance_cents FROM account_balances WHERE account_id = ?", (account_id,)
    ).fetchone()
    return int(row["balance_cents"]) if row is not None else 0


def held_cents(conn: sqlite3.Connection, account_id: int) -> int:
    row = conn.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) AS h FROM holds"
        " WHERE account_id = ? AND released_at IS NULL",
        (account_id,),
    ).fetchone()
    return int(row["h"])


def available_cents(conn: sqlite3.Connection, account_id: int) -> int:
    """Saldo disponible: savings minus holds; share certificates are never available."""
    row = conn.execute("SELECT product FROM ledger_accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None or row["product"] != "AHO":
        return 0
    return max(balance_cents(conn, account_id) - held_cents(conn, account_id), 0)


def place_hold(
    conn: sqlite3.Connection, account_id: int, amount_cents: int, reason: str, at: datetime
) -> int:
    if amount_cents <= 0:
        raise LedgerError("una retención debe ser positiva")
    cur = conn.execute(
        "INSERT INTO holds (account_id, amount_cents, reason, created_at) VALUES (?, ?, ?, ?)",
        (account_id, amount_cents, reason, at.isoformat()),
    )
    return int(cur.lastrowid or 0)


def release_hold(conn: sqlite3.Connection, hold_id: int, at: datetime) -> None:
    cur = conn.execute(
        "UPDATE holds SET released_at = ? WHERE id = ? AND released_at IS NULL",
        (at.isoformat(), hold_id),
    )
    if cur.rowcount != 1:
        raise LedgerError(f"retención {hold_id} inexistente o ya liberada")


def trial_balance_cents(conn: sqlite3.Connection) -> int:
    """Sum of every posting ever made: zero in a sound ledger."""
    row = conn.execute("SELECT COALESCE(SUM(amount_cents), 0) AS s FROM postings").fetchone()
    return int(row["s"])


def unbalanced_entries(conn: sqlite3.Connection) -> list[int]:
    rows = conn.execute(
        "SELECT entry_id FROM postings GROUP BY entry_id HAVING SUM(amount_cents) <> 0"
    ).fetchall()
    return [int(r["entry_id"]) for r in rows]


def posting_count(conn: sqlite3.Connection, account_id: int) -> int:
    row = conn.execute(
        "SELECT postings FROM account_balances WHERE account_id = ?", (account_id,)
    ).fetchone()
    return int(row["postings"]) if row is not None else 0


def stale_balances(conn: sqlite3.Connection) -> list[int]:
    """Ledger accounts whose kept balance or count differs from their postings: none in a
    sound ledger (the tests and the ledger state machine check it)."""
    rows = conn.execute(
        "SELECT a.id FROM ledger_accounts a"
        " LEFT JOIN account_balances b ON b.account_id = a.id"
        " LEFT JOIN (SELECT account_id, SUM(amount_cents) AS s, COUNT(*) AS n FROM postings"
        "   GROUP BY account_id) p ON p.account_id = a.id"
        " WHERE COALESCE(b.balance_cents, 0) <> COALESCE(p.s, 0)"
        "    OR COALESCE(b.postings, 0) <> COALESCE(p.n, 0)"
    ).fetchall()
    return [int(r["id"]) for r in rows]
