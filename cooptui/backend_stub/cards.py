"""Card PINs, card payments (own and other banks' cards) and credit-card deferrals."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NoReturn

from cooptui.backend.errors import Conflict, InvalidInput, NotFound, attempts_phrase
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import INSTITUTION_CODE, INSTITUTION_NAME, Session, parse_ts, ts
from cooptui.backend_stub.calendar import add_months, next_business_day
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.db import DeferredError
from cooptui.backend_stub.deferral import (
    DEFERRAL_TERMS,
    MIN_DEFERRAL,
    DeferralQuote,
    deferral_rate,
    quote_deferral,
)
from cooptui.backend_stub.fees import transfer_fees
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.secrets import fingerprint, hash_secret, verify_secret
from cooptui.backend_stub.transfers import (
    SETTLEMENT_TIME,
    TransfersMixin,
    money_receipt,
)
from cooptui.domain.cards import (
    CardKind,
    CardTransaction,
    Deferral,
    DeferralInstallment,
    DeferralSimulation,
    DeferralTarget,
    PayableCard,
    PayableCardOwner,
)
from cooptui.domain.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_rate,
    long_date_es,
    mask_account,
    mask_card,
    time_12h,
)
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import (
    CardPaymentOrder,
    DeferralOrder,
    ExternalCardOrder,
    PinChangeOrder,
    Receipt,
)
from cooptui.domain.transfers import IdType
from cooptui.domain.validators import validate_card_number, validate_identification, validate_pin

EXTERNAL_PREFIX = "EXT-"
DEFERRABLE_DAYS = 60
"""Only purchases of the last 60 days can be deferred one by one."""

PIN_RECOVERY_MESSAGE = (
    "Estimado usuario hemos enviado una clave temporal a su correo electrónico registrado."
)
_CARD_LABEL = {CardKind.DEBIT: "débito", CardKind.CREDIT: "crédito"}
_CARD_TYPE_MAIL = {CardKind.DEBIT: "DEBITO", CardKind.CREDIT: "CREDITO"}
_INVALID_CARD = "Selecciona una tarjeta válida."
MAX_PIN_FAILURES = 3  # wrong current PINs in a row before the card is blocked


def temporary_pin() -> str:
    """A random 4-digit PIN that `validate_pin` accepts (no 1111, 1234, 9876...)."""
    while True:
        pin = f"{secrets.randbelow(10_000):04d}"
        if validate_pin(pin) is None:
            return pin


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


@dataclass(frozen=True)
class _Plan:
    """A checked deferral: what would be deferred and its quote."""

    card: sqlite3.Row
    target: DeferralTarget
    transaction_ids: tuple[int, ...]
    principal: int
    quote: DeferralQuote
    annual_rate: Decimal


class CardsMixin(TransfersMixin):
    """Cards; subclasses `TransfersMixin` for daily limits and SPI settlement."""

    # -- shared ------------------------------------------------------------------------------
    def _card_row(
        self, conn: sqlite3.Connection, member_id: int, card_id: str, kind: CardKind | str
    ) -> sqlite3.Row:
        """One of the member's own cards of `kind`, with the holder's names."""
        try:
            kind = CardKind(kind)
        except ValueError:
            raise InvalidInput("card_id", _INVALID_CARD) from None
        row = conn.execute(
            "SELECT c.*, m.full_name, m.short_name, m.id_type AS member_id_type,"
            " m.identification AS member_identification FROM cards c"
            " JOIN members m ON m.id = c.member_id"
            " WHERE c.id = ? AND c.member_id = ? AND c.kind = ?",
            (card_id, member_id, kind.value),
        ).fetchone()
        if row is None:
            raise InvalidInput("card_id", _INVALID_CARD)
        return row

    @staticmethod
    def _require_active(card: sqlite3.Row) -> None:
        if card["status"] != "Activa":
            raise InvalidInput("card_id", "La tarjeta no está activa.")

    @staticmethod
    def _revolving_cents(conn: sqlite3.Connection, card: sqlite3.Row) -> int:
        """Utilizado rotativo: minus the balance of the card's TC_ROT ledger account."""
        return max(-ledger.balance_cents(conn, card["revolving_id"]), 0)

    def _institution_name(self, conn: sqlite3.Connection, code: str) -> str:
        row = conn.execute("SELECT name FROM institutions WHERE code = ?", (code,)).fetchone()
        return str(row["name"]) if row else INSTITUTION_NAME

    # -- PIN change ----------------------------------------------------------------------------
    def _pin_failed(self, conn: sqlite3.Connection, card: sqlite3.Row) -> NoReturn:
        """Count a wrong current PIN; the third in a row blocks the card (no guessing)."""
        failures = card["pin_failures"] + 1
        if failures >= MAX_PIN_FAILURES:
            conn.execute(
                "UPDATE cards SET pin_failures = ?, status = 'Bloqueada' WHERE id = ?",
                (failures, card["id"]),
            )
            self._email(
                conn,
                card["member_id"],
                "Tarjeta bloqueada",
                f"Tu tarjeta {card['masked_number']} fue bloqueada por {MAX_PIN_FAILURES} intentos"
                " fallidos de clave. Comunícate con nuestro Call Center para desbloquearla.",
            )
            raise DeferredError(
                InvalidInput(
                    "current_pin",
                    "Tu tarjeta fue bloqueada por intentos fallidos. Llama al Call Center.",
                )
            )
        conn.execute("UPDATE cards SET pin_failures = ? WHERE id = ?", (failures, card["id"]))
        left = MAX_PIN_FAILURES - failures
        raise DeferredError(
            InvalidInput(
                "current_pin",
                f"La clave anterior es incorrecta. {attempts_phrase(left)}",
            )
        )

    def _prepare_pin_change(
        self, conn: sqlite3.Connection, session: Session, order: PinChangeOrder
    ) -> Prepared:
        card = self._card_row(conn, session.member_id, order.card_id, order.card_kind)
        self._require_active(card)
        current = order.current_pin.get_secret_value()
        new = order.new_pin.get_secret_value()
        if not verify_secret(current, card["pin_hash"]):
            self._pin_failed(conn, card)
        conn.execute("UPDATE cards SET pin_failures = 0 WHERE id = ?", (card["id"],))
        problem = validate_pin(new)
        if problem:
            raise InvalidInput("new_pin", problem)
        if new == current:
            raise InvalidInput("new_pin", "La nueva clave debe ser distinta de la anterior.")
        return Prepared(
            title=f"Cambio de clave de tarjeta de {_CARD_LABEL[order.card_kind]}",
            lines=[("Tarjeta", f"{card['brand']} {card['masked_number']}")],
            stored={
                "card_id": card["id"],
                "card_kind": order.card_kind.value,
                "pin_hash": hash_secret(new, n=self.scrypt_n),
                # Detects a PIN changed (or recovered) between begin and confirm.
                "old_pin_fp": fingerprint(card["pin_hash"]),
            },
            member_id=session.member_id,
        )

    def _execute_pin_change(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        card = self._card_row(conn, ctx.member_id, s["card_id"], s["card_kind"])
        self._require_active(card)
        if fingerprint(card["pin_hash"]) != s["old_pin_fp"]:
            raise Conflict("La clave de la tarjeta cambió. Solicita el cambio nuevamente.")
        now = self.now()
        conn.execute(
            "UPDATE cards SET pin_hash = ?, pin_temporary = 0 WHERE id = ?",
            (s["pin_hash"], card["id"]),
        )
        self._email(
            conn,
            ctx.member_id,
            "Cambio de clave de tarjeta",
            f"La clave de tu tarjeta {card['brand']} {card['masked_number']} se cambió el"
            f" {format_datetime(now)}. Si no fuiste tú, comunícate de inmediato con nuestro"
            " Call Center.",
        )
        return summary_receipt(
            ctx,
            reference=self._reference(conn),
            at=now,
            message="La clave de tu tarjeta fue cambiada.",
        )

    # -- PIN recovery --------------------------------------------------------------------------
    def recover_card_pin(self, token: str | None, card_kind: CardKind, card_id: str) -> str:
        """Set a temporary PIN on the card and e-mail it (no OTP: the member only accepts)."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, card_kind)
            kind = CardKind(card["kind"])
            self._require_active(card)
            pin = temporary_pin()
            conn.execute(
                "UPDATE cards SET pin_hash = ?, pin_temporary = 1 WHERE id = ?",
                (hash_secret(pin, n=self.scrypt_n), card["id"]),
            )
            now = self.now()
            body = "\n".join(
                [
                    "GENERACION DE CLAVE",
                    f"Quito, {long_date_es(now)} Hora {time_12h(now)}",
                    f"Estimado(a): {card['short_name']}",
                    "Se ha generado su clave temporal para su tarjeta con el siguiente detalle:",
                    f"NÚMERO TARJETA: {card['masked_number']}",
                    f"TIPO DE TARJETA: {_CARD_TYPE_MAIL[kind]}",
                    f"FECHA: {format_date(now)}",
                    f"HORA: {now:%H:%M:%S}",
                    f"CLAVE TEMPORAL: {pin}",
                    "Recuerda cambiar tu clave a través de los canales digitales, Cooprogreso"
                    " en línea, Cooprogreso Móvil, o cajeros automáticos de Cooprogreso",
                    "Atentamente,",
                    "Cooprogreso, Cooperativa de Ahorro y Crédito.",
                ]
            )
            self._email(conn, session.member_id, "Generación de clave", body)
            return PIN_RECOVERY_MESSAGE

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
        return int(digits) if digits.isascii() and digits.isdigit() else None

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
                raise InvalidInput("card_id", _INVALID_CARD)
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
            # What is paid counts toward this cycle's minimum payment.
            conn.execute(
                "UPDATE cards SET minimum_payment_cents = MAX(minimum_payment_cents - ?, 0)"
                " WHERE id = ?",
                (amount, s["card_id"]),
            )
        elif card.immediate:
            entry_id = self._post_card_spi(
                conn,
                ref,
                src["id"],
                amount,
                commission,
                iva,
                card.masked,
                memo,
                ctx.idempotency_key,
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

    def _post_card_spi(
        self,
        conn: sqlite3.Connection,
        ref: str,
        from_id: int,
        amount: int,
        commission: int,
        iva: int,
        masked: str,
        memo: str,
        idempotency_key: str | None,
    ) -> int:
        """Book a payment to another bank's card through the SPI, as the manual words it."""
        return self._post_spi(
            conn,
            ref,
            from_id,
            amount,
            commission,
            iva,
            debit_text=f"ND PAGO TARJETA SPI {masked}",
            kind="card_payment_interbank",
            description=memo or f"Pago tarjeta {ref}",
            idempotency_key=idempotency_key,
        )

    def _settlement_entry(self, conn: sqlite3.Connection, t: sqlite3.Row) -> int:
        """Card payments to other banks settle with their own wording."""
        if t["purpose"] != "card_payment":
            return super()._settlement_entry(conn, t)
        return self._post_card_spi(
            conn,
            t["reference"],
            t["from_account_id"],
            t["amount_cents"],
            t["commission_cents"],
            t["iva_cents"],
            t["to_account"],
            t["description"],
            None,
        )

    # -- card transactions ---------------------------------------------------------------------
    def _deferrable_cents(self, conn: sqlite3.Connection, card_id: str) -> dict[int, int]:
        """Purchases that may be deferred (id -> cents): revolving, recent, ≥ the minimum."""
        cutoff = self.now() - timedelta(days=DEFERRABLE_DAYS)
        return {
            r["id"]: r["amount_cents"]
            for r in conn.execute(
                "SELECT id, posted_at, amount_cents FROM card_transactions"
                " WHERE card_id = ? AND deferral_id IS NULL AND amount_cents >= ?",
                (card_id, to_cents(MIN_DEFERRAL)),
            )
            if parse_ts(r["posted_at"]) >= cutoff
        }

    def card_transactions(
        self, token: str | None, card_id: str, deferrable_only: bool = False
    ) -> list[CardTransaction]:
        """A credit card's purchases, newest first."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, CardKind.CREDIT)
            deferrable = self._deferrable_cents(conn, card["id"])
            out = []
            for r in conn.execute(
                "SELECT * FROM card_transactions WHERE card_id = ?"
                " ORDER BY posted_at DESC, id DESC",
                (card["id"],),
            ).fetchall():
                can_defer = r["id"] in deferrable
                if deferrable_only and not can_defer:
                    continue
                out.append(
                    CardTransaction(
                        id=r["id"],
                        card_id=r["card_id"],
                        posted_at=parse_ts(r["posted_at"]),
                        merchant=r["merchant"],
                        amount=from_cents(r["amount_cents"]),
                        deferrable=can_defer,
                        deferred=r["deferral_id"] is not None,
                    )
                )
            return out

    # -- deferrals -----------------------------------------------------------------------------
    def deferral_terms(self, token: str | None) -> list[int]:
        """The terms, in months, a deferral may take."""
        with self.db.transaction() as conn:
            self._session(conn, token)
            return list(DEFERRAL_TERMS)

    def _deferral_plan(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        card_id: str,
        target: DeferralTarget | str,
        transaction_ids: Sequence[int],
        months: int,
        amount_cents: int | None = None,
    ) -> _Plan:
        """Every check of a deferral, and its quote; moves nothing."""
        card = self._card_row(conn, member_id, card_id, CardKind.CREDIT)
        self._require_active(card)
        try:
            target = DeferralTarget(target)
        except ValueError:
            raise InvalidInput("target", "Selecciona qué deseas diferir.") from None
        try:
            rate = deferral_rate(months)
        except ValueError as exc:
            raise InvalidInput("months", str(exc)) from None
        revolving = self._revolving_cents(conn, card)
        if target is DeferralTarget.TRANSACTIONS:
            ids = tuple(dict.fromkeys(transaction_ids))
            if not ids:
                raise InvalidInput("transaction_ids", "Selecciona al menos una transacción.")
            deferrable = self._deferrable_cents(conn, card["id"])
            if any(i not in deferrable for i in ids):
                raise InvalidInput(
                    "transaction_ids",
                    "Alguna de las transacciones seleccionadas no se puede diferir.",
                )
            principal = sum(deferrable[i] for i in ids)
            if principal > revolving:
                raise InvalidInput(
                    "transaction_ids",
                    "El monto a diferir supera el saldo rotativo de la tarjeta"
                    f" ({format_money(from_cents(revolving))}).",
                )
        else:
            ids = ()
            if from_cents(revolving) < MIN_DEFERRAL:
                raise InvalidInput(
                    "amount",
                    f"El saldo rotativo ({format_money(from_cents(revolving))}) es menor al"
                    f" monto mínimo para diferir ({format_money(MIN_DEFERRAL)}).",
                )
            principal = revolving if amount_cents is None else amount_cents
            if principal > revolving:
                raise InvalidInput(
                    "amount",
                    f"El monto supera tu saldo rotativo ({format_money(from_cents(revolving))}).",
                )
            if from_cents(principal) < MIN_DEFERRAL:
                raise InvalidInput(
                    "amount",
                    f"El monto mínimo para diferir es {format_money(MIN_DEFERRAL)}.",
                )
        try:
            quote = quote_deferral(from_cents(principal), months)
        except ValueError as exc:
            raise InvalidInput("amount", str(exc)) from None
        return _Plan(card, target, ids, principal, quote, rate)

    @staticmethod
    def _simulation(plan: _Plan) -> DeferralSimulation:
        q = plan.quote
        return DeferralSimulation(
            card_id=plan.card["id"],
            target=plan.target,
            transaction_ids=plan.transaction_ids,
            principal=q.principal,
            months=q.months,
            annual_rate=plan.annual_rate,
            installment=q.installment,
            total_interest=q.total_interest,
            total=q.total,
            schedule=tuple(
                DeferralInstallment(
                    number=number,
                    capital=capital,
                    interest=interest,
                    total=capital + interest,
                    balance_after=balance,
                )
                for number, capital, interest, balance in q.schedule
            ),
        )

    def simulate_deferral(
        self,
        token: str | None,
        card_id: str,
        target: DeferralTarget,
        transaction_ids: tuple[int, ...],
        months: int,
        amount: Decimal | None = None,
    ) -> DeferralSimulation:
        """What deferring the chosen purchases (or the revolving balance) would cost."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            plan = self._deferral_plan(
                conn,
                session.member_id,
                card_id,
                target,
                transaction_ids,
                months,
                None if amount is None else to_cents(amount),
            )
            return self._simulation(plan)

    def _prepare_deferral(
        self, conn: sqlite3.Connection, session: Session, order: DeferralOrder
    ) -> Prepared:
        plan = self._deferral_plan(
            conn,
            session.member_id,
            order.card_id,
            order.target,
            order.transaction_ids,
            order.months,
            None if order.amount is None else to_cents(order.amount),
        )
        q = plan.quote
        card = plan.card
        return Prepared(
            title="Diferido de tarjeta de crédito",
            lines=[
                ("Tarjeta", f"{card['brand']} {card['masked_number']}"),
                ("Monto a diferir", format_money(q.principal)),
                ("Plazo (meses)", str(q.months)),
                ("Tasa", format_rate(plan.annual_rate * 100)),
                ("Cuota mensual", format_money(q.installment)),
                ("Total intereses", format_money(q.total_interest)),
                ("Total a pagar", format_money(q.total)),
            ],
            stored={
                "card_id": card["id"],
                "target": plan.target.value,
                "transaction_ids": list(plan.transaction_ids),
                "months": q.months,
                "principal": plan.principal,
                "amount": None if order.amount is None else plan.principal,
            },
            member_id=session.member_id,
            amount=q.principal,
            total=q.total,
        )

    def _next_statement(self, card: sqlite3.Row) -> date:
        """The card's first cut-off after today (the current cycle's may still be ahead)."""
        statement = date.fromisoformat(card["statement_date"])
        today = self.now().date()
        n = 0
        while (due := add_months(statement, n, statement.day)) <= today:
            n += 1
        return due

    def _execute_deferral(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        plan = self._deferral_plan(
            conn,
            ctx.member_id,
            s["card_id"],
            s["target"],
            s["transaction_ids"],
            s["months"],
            s.get("amount"),
        )
        if plan.principal != s["principal"]:
            raise Conflict("El saldo de la tarjeta cambió. Simula el diferido nuevamente.")
        card, q = plan.card, plan.quote
        now = self.now()
        ref = self._reference(conn)
        if plan.target is DeferralTarget.TRANSACTIONS:
            merchants = [
                r["merchant"]
                for r in conn.execute(
                    "SELECT merchant FROM card_transactions WHERE id IN"
                    f" ({','.join('?' * len(plan.transaction_ids))}) ORDER BY posted_at, id",
                    plan.transaction_ids,
                )
            ]
            what = merchants[0] if len(merchants) == 1 else f"{len(merchants)} CONSUMOS"
        else:
            what = "SALDO ROTATIVO"
        description = f"DIFERIDO {what} A {q.months} MESES"
        ledger.post_entry(
            conn,
            created_at=now,
            kind="card_deferral",
            reference=ref,
            description=description,
            postings=[
                Posting(card["revolving_id"], plan.principal, description),
                Posting(card["deferred_id"], -plan.principal, description),
            ],
            idempotency_key=ctx.idempotency_key,
        )
        next_due = self._next_statement(card)
        cur = conn.execute(
            "INSERT INTO deferrals (card_id, created_at, description, target, principal_cents,"
            " months, annual_rate, installment_cents, installments_paid, remaining_cents, next_due)"
            " VALUES (?,?,?,?,?,?,?,?,0,?,?)",
            (
                card["id"],
                ts(now),
                description,
                plan.target.value,
                plan.principal,
                q.months,
                str(plan.annual_rate),
                to_cents(q.installment),
                plan.principal,
                next_due.isoformat(),
            ),
        )
        deferral_id = cur.lastrowid
        if plan.target is DeferralTarget.TRANSACTIONS:
            conn.executemany(
                "UPDATE card_transactions SET deferral_id = ? WHERE id = ? AND card_id = ?",
                [(deferral_id, i, card["id"]) for i in plan.transaction_ids],
            )
        else:
            # The whole revolving balance is now deferred: none of its purchases stays
            # deferrable on its own (it would be deferred twice).
            conn.execute(
                "UPDATE card_transactions SET deferral_id = ? WHERE card_id = ?"
                " AND deferral_id IS NULL",
                (deferral_id, card["id"]),
            )
        return summary_receipt(
            ctx,
            reference=ref,
            at=now,
            amount=q.principal,
            total=q.total,
            message=(
                f"Tu diferido quedó registrado. La primera cuota de {format_money(q.installment)}"
                f" se cobrará en tu estado de cuenta del {format_date(next_due)}."
            ),
        )

    def deferrals(self, token: str | None, card_id: str) -> list[Deferral]:
        """The deferral plans booked on a credit card, newest first."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, CardKind.CREDIT)
            return [
                Deferral(
                    id=r["id"],
                    card_id=r["card_id"],
                    created_at=parse_ts(r["created_at"]),
                    description=r["description"],
                    principal=from_cents(r["principal_cents"]),
                    months=r["months"],
                    annual_rate=Decimal(r["annual_rate"]),
                    installment=from_cents(r["installment_cents"]),
                    remaining_principal=from_cents(r["remaining_cents"]),
                    installments_paid=r["installments_paid"],
                )
                for r in conn.execute(
                    "SELECT * FROM deferrals WHERE card_id = ? ORDER BY created_at DESC, id DESC",
                    (card["id"],),
                ).fetchall()
            ]
