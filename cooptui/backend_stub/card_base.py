"""What every card feature needs: the member's card row, its state and its revolving debt.

The PIN, payment, deferral and statement mixins (`card_pins.py`, `card_payments.py`,
`card_deferrals.py`, `card_cycle.py`) each subclass `CardBaseMixin` instead of one
another, so a feature reads only the helpers it shares with the rest.
"""

from __future__ import annotations

import sqlite3

from cooptui.backend.errors import InvalidInput
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import INSTITUTION_NAME, CoreBase
from cooptui.domain.cards import CardKind

INVALID_CARD = "Selecciona una tarjeta válida."


class CardBaseMixin(CoreBase):
    """The card row of a member and the figures derived from its ledger accounts."""

    def _card_row(
        self, conn: sqlite3.Connection, member_id: int, card_id: str, kind: CardKind | str
    ) -> sqlite3.Row:
        """One of the member's own cards of `kind`, with the holder's names."""
        try:
            kind = CardKind(kind)
        except ValueError:
            raise InvalidInput("card_id", INVALID_CARD) from None
        row = conn.execute(
            "SELECT c.*, m.full_name, m.short_name, m.id_type AS member_id_type,"
            " m.identification AS member_identification FROM cards c"
            " JOIN members m ON m.id = c.member_id"
            " WHERE c.id = ? AND c.member_id = ? AND c.kind = ?",
            (card_id, member_id, kind.value),
        ).fetchone()
        if row is None:
            raise InvalidInput("card_id", INVALID_CARD)
        return row

    def _close_card_cycles(self, conn: sqlite3.Connection, card: sqlite3.Row) -> None:
        """Close the card's cut-offs the clock has passed (`card_cycle.CardCycleMixin`).

        A payment or deferral calls it inside its own transaction first, so what is
        booked just after midnight counts towards the statement that closed at midnight,
        whether or not a tick ran in between.
        """
        raise NotImplementedError

    @staticmethod
    def _require_active(card: sqlite3.Row) -> None:
        if card["status"] != "Activa":
            raise InvalidInput("card_id", "La tarjeta no está activa.")

    @staticmethod
    def _revolving_cents(conn: sqlite3.Connection, card: sqlite3.Row) -> int:
        """Utilizado rotativo: minus the balance of the card's TC_ROT ledger account."""
        return max(-ledger.balance_cents(conn, card["revolving_id"]), 0)

    @staticmethod
    def _institution_name(conn: sqlite3.Connection, code: str) -> str:
        row = conn.execute("SELECT name FROM institutions WHERE code = ?", (code,)).fetchone()
        return str(row["name"]) if row else INSTITUTION_NAME
