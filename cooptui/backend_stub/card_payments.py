"""Pago de Tarjetas: the member's Cooprogreso credit cards and other banks' cards they
register, and paying either from their savings (other banks' through the SPI)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from cooptui.backend.errors import Conflict, InvalidInput, NotFound
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import INSTITUTION_CODE, Session, ts
from cooptui.backend_stub.card_base import INVALID_CARD, CardBaseMixin
from cooptui.backend_stub.card_cycle import apply_to_statement
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.fees import transfer_fees
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.payouts import SETTLEMENT_TIME, PayoutsMixin, money_receipt
from cooptui.domain.calendar import next_business_day
from cooptui.domain.cards import CardKind, PayableCard, PayableCardOwner
from cooptui.domain.formatting import format_money, mask_account, mask_card
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import CardPaymentOrder, ExternalCardOrder, Receipt
from cooptui.domain.transfers import IdType
from cooptui.domain.validators import validate_card_number, validate_identification

EXTERNAL_PREFIX = "EXT-"
MAX_ID_DIGITS = 18  # every id of 18 digits fits SQLite's 64-bit integer


def _card_digits(number: str) -> str:
    return number.strip().replace(" ", "").replace("-", "")


@dataclass(frozen=True)
class _PayTarget:
    """A card the member may pay: one of their Cooprogreso credit cards or a registered one."""

    card_id: str
    own: bool
    masked: str
    holder: str
    institution_code: str
    institution_name: str
    immediate: bool
    revolving_id: int | None = None
    revolving_cents: int = 0


class CardPaymentsMixin(CardBaseMixin, PayoutsMixin):
    """Payable cards, other banks' cards (register, delete) and card payments."""

    # -- payable cards -------------------------------------------------------------------------
    def payable_cards(
        self, token: str | None, owner: PayableCardOwner | None = None
    ) -> list[PayableCard]:
        """The member's Cooprogreso credit cards and the other banks' cards they registered."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            out: list[PayableCard] = []
            if owner in (None, PayableCardOwner.COOPROGRESO):
                own_name = self._institution_name(conn, INSTITUTION_CODE)
                for r in conn.execute(
                    "SELECT c.*, m.full_name, m.id_type AS member_id_type,"
                    " m.identification AS member_identification FROM cards c"
                    " JOIN members m ON m.id = c.member_id"
                    " WHERE c.member_id = ? AND c.kind = 'credit' ORDER BY c.id",
                    (session.member_id,),
                ).fetchall():
                    revolving = self._revolving_cents(conn, r)
                    out.append(
                        PayableCard(
                            id=r["id"],
                            owner=PayableCardOwner.COOPROGRESO,
                            institution_code=INSTITUTION_CODE,
                            institution_name=own_name,
                            masked_number=r["masked_number"],
                            holder_name=r["full_name"],
                            id_type=IdType(r["member_id_type"]),
                            identification=r["member_identification"],
                            minimum_payment=from_cents(min(r["minimum_payment_cents"], revolving)),
                            statement_balance=from_cents(r["statement_balance_cents"]),
                            payment_due_date=date.fromisoformat(r["payment_due_date"]),
                        )
                    )
            if owner in (None, PayableCardOwner.OTHER_BANK):
                for r in conn.execute(
                    "SELECT e.*, i.name AS institution_name FROM external_cards e"
                    " JOIN institutions i ON i.code = e.institution_code"
                    " WHERE e.member_id = ? AND e.deleted_at IS NULL"
                    " ORDER BY i.name, e.id",
                    (session.member_id,),
                ).fetchall():
                    out.append(
                        PayableCard(
                            id=f"{EXTERNAL_PREFIX}{r['id']}",
                            owner=PayableCardOwner.OTHER_BANK,
                            institution_code=r["institution_code"],
                            institution_name=r["institution_name"],
                            masked_number=r["masked_number"],
                            holder_name=r["holder_name"],
                            alias=r["alias"],
                            id_type=IdType(r["id_type"]),
                            identification=r["identification"],
                        )
                    )
            return out

    @staticmethod
    def _external_id(card_id: str) -> int | None:
        """The external_cards id inside "EXT-<id>", or None for anything else."""
        if not card_id.startswith(EXTERNAL_PREFIX):
            return None
        digits = card_id[len(EXTERNAL_PREFIX) :]
        ok = digits.isascii() and digits.isdigit() and len(digits) <= MAX_ID_DIGITS
        return int(digits) if ok else None

    def delete_external_card(self, token: str | None, card_id: str) -> None:
        """Remove a registered other-bank card from the list (soft delete)."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            ext_id = self._external_id(card_id)
            if ext_id is None:
                raise NotFound("No encontramos esa tarjeta.")
            cur = conn.execute(
                "UPDATE external_cards SET deleted_at = ? WHERE id = ? AND member_id = ?"
                " AND deleted_at IS NULL",
                (ts(self.now()), ext_id, session.member_id),
            )
            if cur.rowcount != 1:
                raise NotFound("No encontramos esa tarjeta.")

    # -- registering another bank's card -----------------------------------------------------
    def _card_fingerprint(self, member_id: int, digits: str) -> str:
        """A slow, per-member hash of a card number: the masked digits plus a plain SHA-256
        would give the number back in ~10^6 guesses; scrypt makes that impractical."""
        salt = f"tarjeta-externa:{member_id}".encode()
        return hashlib.scrypt(digits.encode(), salt=salt, n=self.scrypt_n, r=8, p=1).hex()

    @staticmethod
    def _external_duplicate(conn: sqlite3.Connection, member_id: int, number_hash: str) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM external_cards WHERE member_id = ? AND number_hash = ?"
                " AND deleted_at IS NULL",
                (member_id, number_hash),
            ).fetchone()
            is not None
        )

    def _prepare_external_card(
        self, conn: sqlite3.Connection, session: Session, order: ExternalCardOrder
    ) -> Prepared:
        inst = conn.execute(
            "SELECT * FROM institutions WHERE code = ?", (order.institution_code,)
        ).fetchone()
        if inst is None:
            raise InvalidInput("institution_code", "Selecciona una institución financiera.")
        if inst["code"] == INSTITUTION_CODE:
            raise InvalidInput(
                "institution_code",
                "Tus tarjetas Cooprogreso ya aparecen en Tarjetas Cooprogreso;"
                " aquí registra tarjetas de otras instituciones.",
            )
        problem = validate_card_number(order.card_number)
        if problem:
            raise InvalidInput("card_number", problem)
        holder = order.holder_name.strip()
        if not holder:
            raise InvalidInput("holder_name", "Ingresa el nombre del titular de la tarjeta.")
        identification = order.identification.strip().upper()
        problem = validate_identification(order.id_type.value, identification)
        if problem:
            raise InvalidInput("identification", problem)
        digits = _card_digits(order.card_number)
        number_hash = self._card_fingerprint(session.member_id, digits)
        if self._external_duplicate(conn, session.member_id, number_hash):
            raise Conflict("Ya registraste esta tarjeta.")
        masked = mask_card(digits)
        alias = (order.alias or "").strip() or None
        lines = [
            ("Institución", inst["name"]),
            ("Tarjeta", masked),
            ("Titular", holder),
            ("Identificación", f"{order.id_type.label} {identification}"),
        ]
        if alias:
            lines.append(("Alias", alias))
        return Prepared(
            title="Registro de nueva tarjeta",
            lines=lines,
            stored={
                "institution_code": inst["code"],
                "masked_number": masked,
                "number_hash": number_hash,
                "alias": alias,
                "holder_name": holder,
                "id_type": order.id_type.value,
                "identification": identification,
            },
            member_id=session.member_id,
            payee=f"{holder} {masked}",
        )

    def _execute_external_card(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        if self._external_duplicate(conn, ctx.member_id, s["number_hash"]):
            raise Conflict("Ya registraste esta tarjeta.")
        now = self.now()
        conn.execute(
            "INSERT INTO external_cards (member_id, institution_code, masked_number, number_hash,"
            " alias, holder_name, id_type, identification, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (
                ctx.member_id,
                s["institution_code"],
                s["masked_number"],
                s["number_hash"],
                s["alias"],
                s["holder_name"],
                s["id_type"],
                s["identification"],
                ts(now),
            ),
        )
        return summary_receipt(
            ctx,
            reference=self._reference(conn),
            at=now,
            message="La tarjeta quedó registrada. Ya puedes pagarla desde Otros Bancos.",
        )

    # -- card payment --------------------------------------------------------------------------
    def _pay_target(self, conn: sqlite3.Connection, member_id: int, card_id: str) -> _PayTarget:
        """The payable card behind `card_id` ("EXT-<id>" for another bank's card)."""
        if card_id.startswith(EXTERNAL_PREFIX):
            row = conn.execute(
                "SELECT e.*, i.name AS institution_name, i.immediate FROM external_cards e"
                " JOIN institutions i ON i.code = e.institution_code"
                " WHERE e.id = ? AND e.member_id = ? AND e.deleted_at IS NULL",
                (self._external_id(card_id), member_id),
            ).fetchone()
            if row is None:
                raise InvalidInput("card_id", INVALID_CARD)
            return _PayTarget(
                card_id=card_id,
                own=False,
                masked=row["masked_number"],
                holder=row["holder_name"],
                institution_code=row["institution_code"],
                institution_name=row["institution_name"],
                immediate=bool(row["immediate"]),
            )
        card = self._card_row(conn, member_id, card_id, CardKind.CREDIT)
        return _PayTarget(
            card_id=card["id"],
            own=True,
            masked=card["masked_number"],
            holder=card["full_name"],
            institution_code=INSTITUTION_CODE,
            institution_name=self._institution_name(conn, INSTITUTION_CODE),
            immediate=True,
            revolving_id=card["revolving_id"],
            revolving_cents=self._revolving_cents(conn, card),
        )

    def _check_card_payment(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        src: sqlite3.Row,
        card: _PayTarget,
        amount: int,
    ) -> tuple[int, int]:
        """Every rule of a card payment; returns its (commission, IVA) in cents."""
        if card.own:
            if amount > card.revolving_cents:
                raise InvalidInput(
                    "amount",
                    "El monto supera el saldo rotativo de la tarjeta"
                    f" ({format_money(from_cents(card.revolving_cents))}).",
                )
            self._check_funds_and_limit(conn, member_id, src, "internal", amount, amount)
            return 0, 0
        commission, iva = transfer_fees("interbank")
        total = amount + commission + iva
        self._check_funds_and_limit(conn, member_id, src, "interbank", amount, total)
        return commission, iva

    def _prepare_card_payment(
        self, conn: sqlite3.Connection, session: Session, order: CardPaymentOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        card = self._pay_target(conn, session.member_id, order.card_id)
        amount = to_cents(order.amount)
        commission, iva = self._check_card_payment(conn, session.member_id, src, card, amount)
        total = amount + commission + iva
        lines = [
            ("Tarjeta", f"{card.holder} {card.masked}"),
            ("Institución", card.institution_name),
            ("Monto", format_money(from_cents(amount))),
            ("Comisión", format_money(from_cents(commission))),
            ("IVA", format_money(from_cents(iva))),
            ("Total", format_money(from_cents(total))),
            ("Cuenta debitada", mask_account(src["code"])),
            ("Referencia", order.reference or "-"),
        ]
        if not card.own:
            lines.append(
                ("Acreditación", "Inmediata" if card.immediate else "Hasta 24 horas laborables")
            )
        return Prepared(
            title="Pago de tarjeta de crédito",
            lines=lines,
            stored={
                "from_id": src["id"],
                "card_id": card.card_id,
                "amount": amount,
                "commission": commission,
                "iva": iva,
                "reference": order.reference,
            },
            member_id=session.member_id,
            amount=from_cents(amount),
            commission=from_cents(commission),
            iva=from_cents(iva),
            total=from_cents(total),
            payee=f"{card.holder} {card.masked}",
        )

    def _execute_card_payment(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        now = self.now()
        if not s["card_id"].startswith(EXTERNAL_PREFIX):
            # A cut-off passed since the last tick closes first: the payment counts
            # towards the statement that closed, not the one before it.
            own = self._card_row(conn, ctx.member_id, s["card_id"], CardKind.CREDIT)
            self._close_card_cycles(conn, own)
        src = conn.execute("SELECT * FROM ledger_accounts WHERE id = ?", (s["from_id"],)).fetchone()
        card = self._pay_target(conn, ctx.member_id, s["card_id"])
        amount = s["amount"]
        # Balances, funds and limits may have changed since the challenge was issued.
        commission, iva = self._check_card_payment(conn, ctx.member_id, src, card, amount)
        if (commission, iva) != (s["commission"], s["iva"]):
            raise Conflict("Las tarifas cambiaron. Solicita el pago nuevamente.")
        total = amount + commission + iva
        ref = self._reference(conn)
        memo = s["reference"] or ""
        entry_id = hold_id = None
        settles_at: datetime | None = None
        if card.own:
            assert card.revolving_id is not None
            entry_id = ledger.post_entry(
                conn,
                created_at=now,
                kind="card_payment",
                reference=ref,
                description=memo or f"Pago tarjeta {ref}",
                postings=[
                    Posting(src["id"], -amount, f"PAGO TARJETA DE CRÉDITO {card.masked}"),
                    Posting(
                        card.revolving_id, amount, f"PAGO RECIBIDO CTA {mask_account(src['code'])}"
                    ),
                ],
                idempotency_key=ctx.idempotency_key,
            )
            # What is paid counts toward the last statement and its minimum payment.
            apply_to_statement(conn, s["card_id"], amount, now.date())
        elif card.immediate:
            entry_id = self._post_spi(
                conn,
                "card_payment",
                ref,
                src["id"],
                amount,
                commission,
                iva,
                to_account=card.masked,
                to_name=card.holder,
                memo=memo,
                idempotency_key=ctx.idempotency_key,
            )
        else:
            hold_id = ledger.place_hold(
                conn, src["id"], total, f"Pago de tarjeta en proceso {ref}", now
            )
            settles_at = datetime.combine(
                next_business_day(now.date()), SETTLEMENT_TIME, now.tzinfo
            )
        immediate = settles_at is None
        # A transfers row makes the payment count toward the daily limit and, when pending,
        # lets the settlement run pick it up.
        conn.execute(
            "INSERT INTO transfers (reference, member_id, kind, from_account_id, to_account_id,"
            " to_account, to_name, institution_code, amount_cents, commission_cents, iva_cents,"
            " description, status, created_at, settles_at, settled_at, hold_id, entry_id, purpose)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'card_payment')",
            (
                ref,
                ctx.member_id,
                "internal" if card.own else "interbank",
                src["id"],
                card.revolving_id,
                card.masked,
                card.holder,
                card.institution_code,
                amount,
                commission,
                iva,
                memo,
                "completed" if immediate else "pending",
                ts(now),
                ts(settles_at) if settles_at else None,
                ts(now) if immediate else None,
                hold_id,
                entry_id,
            ),
        )
        return money_receipt(ctx, ref, now, amount, commission, iva, settles_at, "Pago")
