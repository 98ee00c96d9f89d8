"""Reads of the member's products: accounts, movements, loans, investments, cards."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal

from cooptui.backend.errors import InvalidInput, NotFound
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import INSTITUTION_NAME, CoreBase, parse_ts
from cooptui.backend_stub.loans import arrears_cents
from cooptui.domain.amortization import deposit_interest
from cooptui.domain.money import ZERO, from_cents
from cooptui.domain.products import (
    Account,
    AccountShare,
    AccountStatus,
    AccountType,
    AmortizationRow,
    CardStatus,
    CreditCard,
    DebitCard,
    Hold,
    InstallmentStatus,
    Investment,
    Loan,
    LoanDetail,
    LoanStatus,
    Movement,
    MovementType,
    ProductSummary,
)


def investment_interest(amount_cents: int, rate: Decimal, days: int) -> Decimal:
    """A deposit's interest over `days`: the formula the DPF simulator uses."""
    return deposit_interest(from_cents(amount_cents), rate, days)


ACCOUNT_SCAN_MAX = 2_000
"""Postings up to which an account's movements are read from its own postings; past it
from the bank's entries of the period, by time (measured in benchmarks/bench_core.py)."""


class ProductsMixin(CoreBase):
    # -- accounts ----------------------------------------------------------------
    def _account_model(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Account:
        member = self._member(conn, row["member_id"])
        return Account(
            number=row["code"],
            type=AccountType(row["product"]),
            status=AccountStatus(row["status"]),
            ledger_balance=from_cents(ledger.balance_cents(conn, row["id"])),
            available_balance=from_cents(ledger.available_cents(conn, row["id"])),
            holder_name=member["full_name"],
        )

    def _accounts(self, conn: sqlite3.Connection, member_id: int) -> list[Account]:
        rows = conn.execute(
            "SELECT * FROM ledger_accounts WHERE member_id = ? AND product IN ('AHO', 'CERT')"
            " ORDER BY product, code",
            (member_id,),
        ).fetchall()
        return [self._account_model(conn, r) for r in rows]

    def accounts(self, token: str | None) -> list[Account]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            return self._accounts(conn, session.member_id)

    def account_share(self, token: str | None, number: str) -> AccountShare:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = self._own_account(conn, session.member_id, number, field="account_number")
            member = self._member(conn, session.member_id)
            return AccountShare(
                holder_name=member["full_name"],
                identification=member["identification"],
                institution=INSTITUTION_NAME,
                account_type=AccountType(row["product"]).label,
                account_number=row["code"],
            )

    def holds(self, token: str | None, number: str) -> list[Hold]:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = self._own_account(conn, session.member_id, number, field="account_number")
            return [
                Hold(
                    id=h["id"],
                    account_number=number,
                    amount=from_cents(h["amount_cents"]),
                    reason=h["reason"],
                    created_at=parse_ts(h["created_at"]),
                )
                for h in conn.execute(
                    "SELECT * FROM holds WHERE account_id = ? AND released_at IS NULL ORDER BY id",
                    (row["id"],),
                )
            ]

    # -- movements -----------------------------------------------------------------
    def _movements(
        self,
        conn: sqlite3.Connection,
        account_id: int,
        number: str,
        since: datetime | None,
        until: datetime | None,
        limit: int | None,
    ) -> list[Movement]:
        """Statement lines newest first, each with the running saldo contable after it.

        The running saldo is counted back from the account's kept balance, so only the
        period's entries are read (by their time), never the account's whole history.
        """
        # A day early: a text bound that holds whatever offset a time was written with.
        bound = "" if since is None else (since.date() - timedelta(days=1)).isoformat()
        # The account's own postings when it has few; the bank's entries of the period, by
        # time, when it has many (a long history is mostly older than the period).
        by_time = ledger.posting_count(conn, account_id) > ACCOUNT_SCAN_MAX
        joined = "journal_entries e CROSS JOIN postings p" if by_time else (
            "postings p CROSS JOIN journal_entries e"
        )  # fmt: skip
        rows = conn.execute(
            "SELECT p.id, p.amount_cents, p.description, e.created_at, e.reference"
            f" FROM {joined}"  # CROSS JOIN: SQLite keeps the order written
            " WHERE p.entry_id = e.id AND p.account_id = ? AND e.created_at >= ?"
            " ORDER BY e.created_at DESC, p.id DESC",
            (account_id, bound),
        )
        running = ledger.balance_cents(conn, account_id)  # the saldo after the newest line
        out: list[Movement] = []
        for r in rows:
            cents = r["amount_cents"]
            after, running = running, running - cents
            at = parse_ts(r["created_at"])
            if until is not None and at >= until:
                continue
            if since is not None and at < since:
                break
            out.append(
                Movement(
                    id=r["id"],
                    account_number=number,
                    posted_at=at,
                    description=f"{r['id']} - {r['description']}",
                    type=MovementType.CREDIT if cents > 0 else MovementType.DEBIT,
                    amount=from_cents(cents),
                    balance=from_cents(after),
                    reference=r["reference"],
                )
            )
            if limit is not None and len(out) >= limit:
                break
        return out

    def movements(
        self,
        token: str | None,
        number: str,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[Movement]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = self._own_account(conn, session.member_id, number, field="account_number")
            now = self.now()
            earliest = (now - timedelta(days=366)).date()
            start = max(date_from or earliest, earliest)
            end = min(date_to or now.date(), now.date())  # nothing is booked later
            if date_from and date_to and date_from > date_to:
                raise InvalidInput(
                    "date_from", "La fecha desde no puede ser posterior a la fecha hasta."
                )
            tz = now.tzinfo
            since = datetime.combine(start, datetime.min.time(), tz)
            until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
            return self._movements(conn, row["id"], number, since, until, None)

    def last_movements(self, token: str | None, number: str, limit: int = 10) -> list[Movement]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = self._own_account(conn, session.member_id, number, field="account_number")
            return self._movements(conn, row["id"], number, None, None, max(1, min(limit, 100)))

    # -- loans -------------------------------------------------------------------------
    def _loan_models(self, conn: sqlite3.Connection, loan: sqlite3.Row) -> tuple[Loan, LoanDetail]:
        today = self.now().date()
        inst = conn.execute(
            "SELECT * FROM loan_installments WHERE loan_id = ? ORDER BY number", (loan["id"],)
        ).fetchall()
        paid = sum(1 for i in inst if i["paid_at"])
        arrears_rate = Decimal(loan["arrears_rate"])
        rows = []
        current_assigned = False
        for i in inst:
            due = date.fromisoformat(i["due_date"])
            capital = from_cents(i["capital_cents"])
            # Each row's status comes from its own payment, never from a count.
            if i["paid_at"]:
                status = InstallmentStatus.PAID
                arrears = from_cents(i["arrears_paid_cents"])
            elif due < today:
                status = InstallmentStatus.OVERDUE
                arrears = from_cents(
                    arrears_cents(i["capital_cents"], arrears_rate, i["failed_since"], today)
                )
            else:
                status = (
                    InstallmentStatus.UPCOMING if current_assigned else InstallmentStatus.CURRENT
                )
                current_assigned = True
                arrears = ZERO
            interest = from_cents(i["interest_cents"])
            insurance = from_cents(i["insurance_cents"])
            rows.append(
                AmortizationRow(
                    number=i["number"],
                    total=capital + interest + insurance + arrears,
                    capital=capital,
                    interest=interest,
                    arrears=arrears,
                    insurance=insurance,
                    due_date=due,
                    status=InstallmentStatus(status),
                    balance_after=from_cents(i["balance_after_cents"]),
                )
            )
        unpaid = [r for r in rows if r.status is not InstallmentStatus.PAID]
        overdue = [r for r in unpaid if r.status is InstallmentStatus.OVERDUE]
        due_now = overdue or unpaid[:1]
        capital_balance = -ledger.balance_cents(conn, loan["ledger_id"])
        status = (
            LoanStatus.PAID_OFF
            if not unpaid
            else LoanStatus.OVERDUE
            if overdue
            else LoanStatus.CURRENT
        )
        model = Loan(
            number=loan["number"],
            description=loan["description"],
            amount=from_cents(loan["amount_cents"]),
            capital_balance=from_cents(capital_balance),
            next_payment_amount=sum((r.total for r in due_now), ZERO),
            next_payment_date=due_now[0].due_date if due_now else None,
            granted_on=date.fromisoformat(loan["granted_on"]),
            status=status,
            annual_rate=Decimal(loan["annual_rate"]),
            term_months=loan["term_months"],
            installments_paid=paid,
        )
        return model, LoanDetail(loan=model, schedule=tuple(rows))

    def _loans(self, conn: sqlite3.Connection, member_id: int) -> list[Loan]:
        rows = conn.execute(
            "SELECT * FROM loans WHERE member_id = ? ORDER BY number", (member_id,)
        ).fetchall()
        return [self._loan_models(conn, r)[0] for r in rows]

    def loan_detail(self, token: str | None, number: str) -> LoanDetail:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = conn.execute(
                "SELECT * FROM loans WHERE number = ? AND member_id = ?",
                (number, session.member_id),
            ).fetchone()
            if row is None:
                raise NotFound("No encontramos ese préstamo.")
            return self._loan_models(conn, row)[1]

    # -- investments ------------------------------------------------------------------
    def _investments(self, conn: sqlite3.Connection, member_id: int) -> list[Investment]:
        today = self.now().date()
        out = []
        for r in conn.execute(
            "SELECT * FROM investments WHERE member_id = ? ORDER BY number", (member_id,)
        ):
            issued = date.fromisoformat(r["issued_on"])
            rate = Decimal(r["annual_rate"])
            elapsed = max(0, min((today - issued).days, r["days"]))
            out.append(
                Investment(
                    number=r["number"],
                    amount=from_cents(r["amount_cents"]),
                    issued_on=issued,
                    matures_on=date.fromisoformat(r["matures_on"]),
                    annual_rate=rate,
                    days=r["days"],
                    interest_earned=investment_interest(r["amount_cents"], rate, elapsed),
                    interest_paid=from_cents(r["interest_paid_cents"]),
                    interest_at_maturity=investment_interest(r["amount_cents"], rate, r["days"]),
                    status=r["status"],
                )
            )
        return out

    def investments(self, token: str | None) -> list[Investment]:
        self.tick()
        with self.db.transaction() as conn:
            return self._investments(conn, self._session(conn, token).member_id)

    # -- cards ---------------------------------------------------------------------------
    def _debit_cards(
        self, conn: sqlite3.Connection, member_id: int, account: str | None
    ) -> list[DebitCard]:
        rows = conn.execute(
            "SELECT c.*, a.code AS account_code, m.full_name FROM cards c"
            " JOIN ledger_accounts a ON a.id = c.account_id JOIN members m ON m.id = c.member_id"
            " WHERE c.member_id = ? AND c.kind = 'debit' AND (? IS NULL OR a.code = ?)"
            " ORDER BY c.id",
            (member_id, account, account),
        ).fetchall()
        return [
            DebitCard(
                id=r["id"],
                brand=r["brand"],
                masked_number=r["masked_number"],
                account_number=r["account_code"],
                status=CardStatus(r["status"]),
                holder_name=r["full_name"],
            )
            for r in rows
        ]

    def debit_cards(self, token: str | None, account: str | None = None) -> list[DebitCard]:
        with self.db.transaction() as conn:
            return self._debit_cards(conn, self._session(conn, token).member_id, account)

    def _credit_card_model(self, conn: sqlite3.Connection, r: sqlite3.Row) -> CreditCard:
        revolving = max(-ledger.balance_cents(conn, r["revolving_id"]), 0)
        deferred = max(-ledger.balance_cents(conn, r["deferred_id"]), 0)
        limit = r["credit_limit_cents"]
        return CreditCard(
            id=r["id"],
            brand=r["brand"],
            product=r["product"],
            masked_number=r["masked_number"],
            holder_name=r["full_name"],
            status=CardStatus(r["status"]),
            credit_limit=from_cents(limit),
            revolving_used=from_cents(revolving),
            deferred_used=from_cents(deferred),
            available=from_cents(max(limit - revolving - deferred, 0)),
            minimum_payment=from_cents(min(r["minimum_payment_cents"], revolving)),
            statement_balance=from_cents(r["statement_balance_cents"]),
            statement_date=date.fromisoformat(r["statement_date"]),
            payment_due_date=date.fromisoformat(r["payment_due_date"]),
        )

    def _credit_cards(self, conn: sqlite3.Connection, member_id: int) -> list[CreditCard]:
        rows = conn.execute(
            "SELECT c.*, m.full_name FROM cards c JOIN members m ON m.id = c.member_id"
            " WHERE c.member_id = ? AND c.kind = 'credit' ORDER BY c.id",
            (member_id,),
        ).fetchall()
        return [self._credit_card_model(conn, r) for r in rows]

    def credit_cards(self, token: str | None) -> list[CreditCard]:
        self.tick()
        with self.db.transaction() as conn:
            return self._credit_cards(conn, self._session(conn, token).member_id)

    def product_summary(self, token: str | None) -> ProductSummary:
        self.tick()
        with self.db.transaction() as conn:
            member_id = self._session(conn, token).member_id
            return ProductSummary(
                accounts=tuple(self._accounts(conn, member_id)),
                loans=tuple(self._loans(conn, member_id)),
                investments=tuple(self._investments(conn, member_id)),
                credit_cards=tuple(self._credit_cards(conn, member_id)),
            )
