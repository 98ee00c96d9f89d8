"""Money leaving a member's savings, whatever pays for it: transfers and card payments.

Both check funds and the daily limit of their kind, book interbank money through the SPI
(the amount to clearing, the commission and its IVA to the cooperative), settle the
payments to institutions without immediate crediting at 09:00 of the next business day
and hand back the same comprobante. `TransfersMixin` and `CardPaymentsMixin` subclass
this mixin; neither reaches into the other.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, time

from cooptui.backend.errors import InsufficientFunds, InvalidInput, LimitExceeded
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import CoreBase, parse_ts, ts
from cooptui.backend_stub.challenges import ExecContext, summary_receipt
from cooptui.backend_stub.fees import DAILY_LIMIT_CENTS
from cooptui.backend_stub.ledger import Posting
from cooptui.domain.formatting import format_datetime, format_money
from cooptui.domain.money import from_cents
from cooptui.domain.operations import Receipt, ReceiptStatus
from cooptui.domain.transfers import TransferKind

__all__ = ["INTERBANK_NOTE", "SETTLEMENT_TIME", "PayoutsMixin", "money_receipt"]

SETTLEMENT_TIME = time(9, 0)
INTERBANK_NOTE = (
    "El tiempo de acreditación varía según el monto y la institución financiera: las"
    " instituciones con acreditación inmediata acreditan en línea; las demás procesarán"
    " hasta en 24 horas laborables."
)


def money_receipt(
    ctx: ExecContext,
    reference: str,
    at: datetime,
    amount: int,
    commission: int,
    iva: int,
    settles_at: datetime | None,
    what: str,
) -> Receipt:
    """The comprobante of money sent: completed, or pending until `settles_at`."""
    message = ""
    if settles_at is not None:
        message = (
            f"{what} en proceso: se acreditará hasta el {format_datetime(settles_at)}."
            f" {INTERBANK_NOTE}"
        )
    return summary_receipt(
        ctx,
        reference=reference,
        at=at,
        status=ReceiptStatus.COMPLETED if settles_at is None else ReceiptStatus.PENDING,
        amount=from_cents(amount),
        commission=from_cents(commission),
        iva=from_cents(iva),
        total=from_cents(amount + commission + iva),
        message=message,
    )


def _spi_wording(
    purpose: str, reference: str, to_account: str, to_name: str, memo: str
) -> tuple[str, str, str]:
    """(debit text, entry kind, description) of an SPI payment, as the manual words it."""
    if purpose == "card_payment":
        return (
            f"ND PAGO TARJETA SPI {to_account}",
            "card_payment_interbank",
            memo or f"Pago tarjeta {reference}",
        )
    return (
        f"ND TRANSFERENCIA INTERBANCARIA SPI {to_name}".strip(),
        "transfer_interbank",
        memo or f"Transferencia {reference}",
    )


class PayoutsMixin(CoreBase):
    """Funds and daily limits, SPI postings and their settlement."""

    def _used_today(self, conn: sqlite3.Connection, member_id: int, kind: str) -> int:
        today = self.now().date()
        rows = conn.execute(
            "SELECT created_at, amount_cents FROM transfers WHERE member_id = ? AND kind = ?"
            " AND created_at >= ?",
            (member_id, kind, (today.isoformat())),
        ).fetchall()
        return sum(r["amount_cents"] for r in rows if parse_ts(r["created_at"]).date() == today)

    def _check_funds_and_limit(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        account: sqlite3.Row,
        kind: str,
        amount: int,
        total: int,
    ) -> None:
        if amount <= 0:
            raise InvalidInput("amount", "El monto debe ser mayor a cero.")
        if total > ledger.available_cents(conn, account["id"]):
            raise InsufficientFunds(
                "El saldo disponible no es suficiente para esta operación"
                + (" (incluye comisión e IVA)." if total > amount else ".")
            )
        remaining = DAILY_LIMIT_CENTS[kind] - self._used_today(conn, member_id, kind)
        if amount > remaining:
            raise LimitExceeded(
                f"El monto supera tu límite diario de {TransferKind(kind).label}:"
                f" te quedan {format_money(from_cents(max(remaining, 0)))} hoy."
            )

    def _post_spi(
        self,
        conn: sqlite3.Connection,
        purpose: str,
        ref: str,
        from_id: int,
        amount: int,
        commission: int,
        iva: int,
        *,
        to_account: str,
        to_name: str,
        memo: str,
        idempotency_key: str | None,
    ) -> int:
        """Money out through the SPI: the amount to clearing, the fee and its IVA to the bank.

        `purpose` ("transfer" or "card_payment", as in the transfers table) picks the
        wording the member reads on the movement.
        """
        debit_text, kind, description = _spi_wording(purpose, ref, to_account, to_name, memo)
        return ledger.post_entry(
            conn,
            created_at=self.now(),
            kind=kind,
            reference=ref,
            description=description,
            postings=[
                Posting(from_id, -amount, debit_text),
                Posting(from_id, -commission, "COSTO TRANSFERENCIA / PAGO TARJETAS SPI"),
                Posting(from_id, -iva, "IVA TRANSFERENCIA / PAGO TARJETAS SPI"),
                Posting(ledger.internal_account(conn, "INTERBANK_CLEARING"), amount, f"SPI {ref}"),
                Posting(ledger.internal_account(conn, "FEE_INCOME"), commission, f"Comisión {ref}"),
                Posting(ledger.internal_account(conn, "IVA_PAYABLE"), iva, f"IVA {ref}"),
            ],
            idempotency_key=idempotency_key,
        )

    def _settle_interbank(self, conn: sqlite3.Connection) -> None:
        """Post the pending SPI payments (transfers and card payments) now due."""
        now = self.now()
        for t in conn.execute(
            "SELECT * FROM transfers WHERE status = 'pending' AND settles_at <= ? ORDER BY id",
            (ts(now),),
        ).fetchall():
            ledger.release_hold(conn, t["hold_id"], now)
            entry_id = self._post_spi(
                conn,
                t["purpose"],
                t["reference"],
                t["from_account_id"],
                t["amount_cents"],
                t["commission_cents"],
                t["iva_cents"],
                to_account=t["to_account"],
                to_name=t["to_name"],
                memo=t["description"],
                idempotency_key=None,
            )
            conn.execute(
                "UPDATE transfers SET status = 'completed', settled_at = ?, entry_id = ?"
                " WHERE id = ?",
                (ts(now), entry_id, t["id"]),
            )
