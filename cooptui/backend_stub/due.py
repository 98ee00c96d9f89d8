"""What falls due as the clock moves: loan installments and maturing term deposits."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import CoreBase, ts
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.loans import arrears_cents
from cooptui.backend_stub.products import investment_interest
from cooptui.domain.formatting import format_money
from cooptui.domain.money import from_cents, to_cents


class DueMixin(CoreBase):
    def _collect_loan_installments(self, conn: sqlite3.Connection) -> None:
        """Debit due installments of each loan, oldest first, while the account has funds.

        `Core.tick` runs this first, before anything else can spend the money, so a
        member whose funds were there on the due date is always collected without mora;
        when the debit finds no funds, mora runs from the due date (`failed_since`).
        """
        now = self.now()
        today = now.date()
        blocked: set[int] = set()
        for inst in conn.execute(
            "SELECT i.*, l.number AS loan_number, l.ledger_id, l.debit_account, l.member_id,"
            " l.arrears_rate FROM loan_installments i JOIN loans l ON l.id = i.loan_id"
            " WHERE i.paid_at IS NULL AND i.due_date <= ? ORDER BY i.loan_id, i.number",
            (today.isoformat(),),
        ).fetchall():
            if inst["loan_id"] in blocked:
                continue
            arrears = arrears_cents(
                inst["capital_cents"], Decimal(inst["arrears_rate"]), inst["failed_since"], today
            )
            capital = inst["capital_cents"]
            total = capital + inst["interest_cents"] + inst["insurance_cents"] + arrears
            if total > ledger.available_cents(conn, inst["debit_account"]):
                blocked.add(inst["loan_id"])  # never skip ahead to a newer installment
                if inst["failed_since"] is None:
                    conn.execute(
                        "UPDATE loan_installments SET failed_since = ?"
                        " WHERE loan_id = ? AND number = ?",
                        (inst["due_date"], inst["loan_id"], inst["number"]),
                    )
                continue
            reference = self._reference(conn)
            ledger.post_entry(
                conn,
                created_at=now,
                kind="loan_installment",
                reference=reference,
                description=f"Cuota {inst['number']} préstamo {inst['loan_number']}",
                postings=[
                    Posting(
                        inst["debit_account"],
                        -total,
                        f"DEBITO CUOTA {inst['number']} PRESTAMO {inst['loan_number']}",
                    ),
                    Posting(inst["ledger_id"], capital, f"Capital cuota {inst['number']}"),
                    Posting(
                        ledger.internal_account(conn, "INTEREST_INCOME"),
                        inst["interest_cents"] + arrears,
                        reference,
                    ),
                    Posting(
                        ledger.internal_account(conn, "INSURANCE_PAYABLE"),
                        inst["insurance_cents"],
                        reference,
                    ),
                ],
            )
            conn.execute(
                "UPDATE loan_installments SET paid_at = ?, arrears_paid_cents = ?"
                " WHERE loan_id = ? AND number = ?",
                (ts(now), arrears, inst["loan_id"], inst["number"]),
            )
            self._email(
                conn,
                inst["member_id"],
                "Pago de cuota de préstamo",
                f"Debitamos {format_money(from_cents(total))} por la cuota {inst['number']}"
                f" de tu préstamo {inst['loan_number']}. Referencia: {reference}.",
            )

    def _mature_investments(self, conn: sqlite3.Connection) -> None:
        """Pay principal and interest of matured term deposits into the payout account."""
        now = self.now()
        for inv in conn.execute(
            "SELECT * FROM investments WHERE status = 'VIGENTE' AND matures_on <= ?",
            (now.date().isoformat(),),
        ).fetchall():
            interest = to_cents(
                investment_interest(inv["amount_cents"], Decimal(inv["annual_rate"]), inv["days"])
            )
            principal = inv["amount_cents"]
            reference = self._reference(conn)
            ledger.post_entry(
                conn,
                created_at=now,
                kind="investment_maturity",
                reference=reference,
                description=f"Vencimiento inversión {inv['number']}",
                postings=[
                    Posting(inv["ledger_id"], -principal, "Cancelación por vencimiento"),
                    Posting(
                        ledger.internal_account(conn, "INTEREST_EXPENSE"), -interest, reference
                    ),
                    Posting(
                        inv["payout_account"],
                        principal + interest,
                        f"NC VENCIMIENTO INVERSION {inv['number']}",
                    ),
                ],
            )
            conn.execute(
                "UPDATE investments SET status = 'CANCELADA', interest_paid_cents = ? WHERE id = ?",
                (interest, inv["id"]),
            )
            self._email(
                conn,
                inv["member_id"],
                "Vencimiento de inversión",
                f"Tu inversión {inv['number']} venció: acreditamos"
                f" {format_money(from_cents(principal + interest))} (capital más intereses).",
            )
