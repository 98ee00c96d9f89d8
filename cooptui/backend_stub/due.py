"""What falls due as the clock moves: loan installments and maturing term deposits."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import CoreBase, ts
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.products import investment_interest
from cooptui.domain.formatting import format_money
from cooptui.domain.money import from_cents, to_cents


class DueMixin(CoreBase):
    def _collect_loan_installments(self, conn: sqlite3.Connection) -> None:
        """Debit due installments, oldest first, while the account has the funds."""
        now = self.now()
        today = now.date()
        for inst in conn.execute(
            "SELECT i.*, l.number AS loan_number, l.ledger_id, l.debit_account, l.member_id,"
            " l.arrears_rate FROM loan_installments i JOIN loans l ON l.id = i.loan_id"
            " WHERE i.paid_at IS NULL AND i.due_date <= ? ORDER BY i.loan_id, i.number",
            (today.isoformat(),),
        ).fetchall():
            due = date.fromisoformat(inst["due_date"])
            capital = inst["capital_cents"]
            arrears = to_cents(
                from_cents(capital) * Decimal(inst["arrears_rate"]) * (today - due).days / 360
            )
            total = capital + inst["interest_cents"] + inst["insurance_cents"] + arrears
            if total > ledger.available_cents(conn, inst["debit_account"]):
                continue  # stays Vencida; mora keeps growing until funds arrive
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
