"""Two-phase operations: `begin` validates an order and texts a code; `confirm` executes it.

Each order kind has a `_prepare_<kind>(conn, session, order) -> Prepared` (every check,
nothing moves) and an `_execute_<kind>(conn, ctx) -> Receipt` (re-checks and moves the
money) on the business modules. The stored order never holds a secret in clear.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from cooptui.backend.errors import (
    START_AGAIN,
    BackendError,
    Conflict,
    InvalidInput,
    NotFound,
    OtpExpired,
    OtpInvalid,
    SessionExpired,
)
from cooptui.backend_stub import decoys, otp
from cooptui.backend_stub.base import CoreBase, Session, parse_ts, ts
from cooptui.backend_stub.db import DeferredError
from cooptui.backend_stub.throttle import Limited, member_subjects
from cooptui.domain.formatting import mask_phone
from cooptui.domain.operations import (
    PUBLIC_ORDER_KINDS,
    RESTRICTED_ORDER_KINDS,
    Challenge,
    Order,
    Receipt,
    ReceiptStatus,
    SummaryLine,
)
from cooptui.domain.validators import CONTROL_CHARACTERS, has_hidden_characters

_REQUIRED_TEXT = {
    "name": "Ingresa el nombre del beneficiario.",
    "holder_name": "Ingresa el nombre del titular de la tarjeta.",
    "device_name": "Ingresa un nombre para tu equipo.",
}
"""Text fields an order cannot leave empty or only spaces, with what to say."""


def check_order_text(order: Order) -> None:
    """No field of an order holds hidden characters (they would reach the SMS, the
    comprobante and other terminals) and no required name is only spaces."""
    for name, value in order:
        values = value if isinstance(value, tuple) else (value,)
        if any(isinstance(v, str) and has_hidden_characters(v) for v in values):
            raise InvalidInput(name, CONTROL_CHARACTERS)
        if name in _REQUIRED_TEXT and isinstance(value, str) and not value.strip():
            raise InvalidInput(name, _REQUIRED_TEXT[name])


def _member_key(conn: sqlite3.Connection, challenge_id: str, key: str | None) -> str | None:
    """The idempotency key in the challenge member's own space ("<member>:<key>").

    Keys are the client's choice: two members' apps may both send "1". Scoped, another
    member's key is simply unused here (never a 409 for someone else's operation).
    """
    if not key:
        return None
    row = conn.execute("SELECT member_id FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
    return None if row is None else f"{row['member_id']}:{key}"


@dataclass
class Prepared:
    """A validated order: what the member must see and what `execute` needs."""

    title: str
    lines: list[tuple[str, str]]
    stored: dict[str, Any]
    member_id: int
    user_id: int | None = None
    amount: Decimal | None = None
    commission: Decimal | None = None
    iva: Decimal | None = None
    total: Decimal | None = None
    payee: str | None = None


@dataclass
class ExecContext:
    challenge_id: str
    member_id: int
    user_id: int | None
    session_hash: str | None
    stored: dict[str, Any]
    idempotency_key: str | None
    summary: dict[str, Any] = field(default_factory=dict)


def receipt(
    *,
    reference: str,
    at: Any,
    title: str,
    lines: list[tuple[str, str]],
    status: ReceiptStatus = ReceiptStatus.COMPLETED,
    amount: Decimal | None = None,
    commission: Decimal | None = None,
    iva: Decimal | None = None,
    total: Decimal | None = None,
    message: str = "",
) -> Receipt:
    return Receipt(
        reference=reference,
        created_at=at,
        status=status,
        title=title,
        lines=tuple(SummaryLine(label=label, value=value) for label, value in lines),
        amount=amount,
        commission=commission,
        iva=iva,
        total=total,
        message=message,
    )


def summary_receipt(ctx: ExecContext, *, reference: str, at: Any, **details: Any) -> Receipt:
    """The comprobante of an order: the title and lines the member confirmed, plus outcome."""
    lines = [(label, value) for label, value in ctx.summary["lines"]]
    return receipt(reference=reference, at=at, title=ctx.summary["title"], lines=lines, **details)


class ChallengesMixin(CoreBase):
    def _handler(self, kind: str, phase: str) -> Any:
        fn = getattr(self, f"_{phase}_{kind}", None)
        if fn is None:  # pragma: no cover - every Order kind has both
            raise NotFound(f"Operación no soportada: {kind}")
        return fn

    def _challenge_session(
        self, conn: sqlite3.Connection, token: str | None, kind: str
    ) -> Session | None:
        if kind in PUBLIC_ORDER_KINDS:
            return None
        states = (
            frozenset({"device_registration"}) if kind in RESTRICTED_ORDER_KINDS else frozenset()
        )
        return self._session(conn, token, states=states)

    def begin(self, token: str | None, order: Order) -> Challenge:
        self.tick()
        with self.db.transaction() as conn:
            session = self._challenge_session(conn, token, order.kind)
            check_order_text(order)
            now = self.now()
            try:
                prepared: Prepared = self._handler(order.kind, "prepare")(conn, session, order)
            except decoys.NoMatch:
                return self._begin_decoy(conn, order, now)
            subjects = member_subjects(prepared.member_id, session.token_hash if session else None)
            if isinstance(order, decoys.PublicOrder):  # counted as its decoy would be
                subjects.append(decoys.identity_subject(order))
            self._throttle(conn, Limited.PUBLIC_CODE if session is None else Limited.CODE, subjects)
            challenge_id = otp.new_challenge_id()
            order_json = json.dumps(
                {"kind": order.kind, **prepared.stored}, sort_keys=True, default=str
            )
            digest = otp.order_digest(order_json)
            code = otp.new_code()
            summary = {
                "title": prepared.title,
                "lines": prepared.lines,
                "amount": _s(prepared.amount),
                "commission": _s(prepared.commission),
                "iva": _s(prepared.iva),
                "total": _s(prepared.total),
                "payee": prepared.payee,
            }
            conn.execute(
                "INSERT INTO challenges (id, user_id, member_id, session_hash, order_kind,"
                " order_json, order_digest, code_hash, summary_json, created_at, expires_at,"
                " attempts_left, resends_left, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'open')",
                (
                    challenge_id,
                    prepared.user_id if session is None else session.user_id,
                    prepared.member_id,
                    session.token_hash if session else None,
                    order.kind,
                    order_json,
                    digest,
                    otp.hash_code(challenge_id, digest, code, self.pepper),
                    json.dumps(summary),
                    ts(now),
                    ts(now + otp.OTP_TTL),
                    otp.MAX_ATTEMPTS,
                    otp.MAX_RESENDS,
                ),
            )
            self._sms(conn, prepared.member_id, otp.sms_text(code, summary))
            return self._challenge_model(conn, challenge_id)

    def _begin_decoy(self, conn: sqlite3.Connection, order: Order, now: datetime) -> Challenge:
        """The answer to a public order that matches no one (see decoys.py)."""
        assert isinstance(order, decoys.PublicOrder)  # only public orders raise NoMatch
        self._throttle(conn, Limited.PUBLIC_CODE, [decoys.identity_subject(order)])
        return decoys.create(conn, order, now)

    def _challenge_model(self, conn: sqlite3.Connection, challenge_id: str) -> Challenge:
        row = conn.execute("SELECT * FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
        summary = json.loads(row["summary_json"])
        member = self._member(conn, row["member_id"])
        return Challenge(
            id=row["id"],
            order_kind=row["order_kind"],
            title=summary["title"],
            destination=(
                decoys.PUBLIC_DESTINATION
                if row["order_kind"] in PUBLIC_ORDER_KINDS
                else mask_phone(member["phone"])
            ),
            created_at=parse_ts(row["created_at"]),
            # Every code (the first or a re-sent one) lives OTP_TTL from its SMS.
            sent_at=parse_ts(row["expires_at"]) - otp.OTP_TTL,
            expires_at=parse_ts(row["expires_at"]),
            attempts_left=row["attempts_left"],
            resends_left=row["resends_left"],
            lines=tuple(SummaryLine(label=a, value=b) for a, b in summary["lines"]),
            amount=summary["amount"],
            commission=summary["commission"],
            iva=summary["iva"],
            total=summary["total"],
            payee=summary["payee"],
        )

    def _check_owner(
        self, conn: sqlite3.Connection, token: str | None, challenge_id: str
    ) -> sqlite3.Row:
        """The challenge, if it exists and belongs to this session (or needs none)."""
        row = conn.execute("SELECT * FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
        if row is None:
            raise NotFound("La operación no existe o ya no está disponible.")
        if row["session_hash"] is not None:
            session = self._challenge_session(conn, token, row["order_kind"])
            if session is None or session.token_hash != row["session_hash"]:
                raise NotFound("La operación no existe o ya no está disponible.")
        return row

    def _replayed(
        self,
        conn: sqlite3.Connection,
        token: str | None,
        challenge_id: str,
        idempotency_key: str | None,
    ) -> Receipt | None:
        """The stored receipt when this idempotency key already confirmed the challenge."""
        if not idempotency_key:
            return None
        done = conn.execute(
            "SELECT challenge_id, receipt_json FROM idempotency WHERE key = ?",
            (idempotency_key,),
        ).fetchone()
        if done is None:
            return None
        if done["challenge_id"] != challenge_id:
            raise Conflict("La clave de idempotencia ya se usó para otra operación.")
        # A replay is answered only to the member who made the operation, from a live
        # session (a new login after a timeout is fine).
        self._check_replay(conn, token, challenge_id)
        return Receipt.model_validate_json(done["receipt_json"])

    def _check_replay(self, conn: sqlite3.Connection, token: str | None, challenge_id: str) -> None:
        row = conn.execute("SELECT * FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
        if row is None or row["session_hash"] is None:
            return  # pre-login operations have no session to check
        session = self._challenge_session(conn, token, row["order_kind"])
        if session is None or session.user_id != row["user_id"]:
            raise NotFound("La operación no existe o ya no está disponible.")

    def _open_challenge(
        self,
        conn: sqlite3.Connection,
        token: str | None,
        challenge_id: str,
        *,
        allow_expired: bool = False,
    ) -> sqlite3.Row:
        row = self._check_owner(conn, token, challenge_id)
        if row["state"] == "used":
            raise OtpExpired("Este código ya fue utilizado.")
        if row["state"] != "open":
            raise OtpExpired("La operación fue cancelada o anulada. Solicítala nuevamente.")
        now = self.now()
        if now >= parse_ts(row["created_at"]) + otp.OPERATION_LIFE:
            conn.execute("UPDATE challenges SET state = 'failed' WHERE id = ?", (challenge_id,))
            raise DeferredError(OtpExpired(START_AGAIN))
        if parse_ts(row["expires_at"]) <= now and not allow_expired:
            # Only the code died: the operation stays open for "Reenviar código".
            if row["resends_left"] > 0:
                raise OtpExpired(resendable=True)
            raise OtpExpired(START_AGAIN)
        return row

    def confirm(
        self, token: str | None, challenge_id: str, code: str, idempotency_key: str | None = None
    ) -> Receipt:
        self.tick()
        executing = False
        try:
            with self.db.transaction() as conn:
                # Checked inside the same transaction that executes, so a retry that races
                # the first attempt waits for it and then gets its receipt.
                decoy = decoys.find(conn, challenge_id)
                if decoy is not None:
                    decoys.confirm(conn, decoy, self.now())  # always raises: no code fits
                idempotency_key = _member_key(conn, challenge_id, idempotency_key)
                replay = self._replayed(conn, token, challenge_id, idempotency_key)
                if replay is not None:
                    return replay
                executing = True
                row = self._open_challenge(conn, token, challenge_id)
                if not otp.check_code(
                    challenge_id, row["order_digest"], code, row["code_hash"], self.pepper
                ):
                    left = row["attempts_left"] - 1
                    conn.execute(
                        "UPDATE challenges SET attempts_left = ?, state = ? WHERE id = ?",
                        (left, "open" if left > 0 else "failed", challenge_id),
                    )
                    raise DeferredError(OtpInvalid(left))
                ctx = ExecContext(
                    challenge_id=challenge_id,
                    member_id=row["member_id"],
                    user_id=row["user_id"],
                    session_hash=row["session_hash"],
                    stored=json.loads(row["order_json"]),
                    idempotency_key=idempotency_key,
                    summary=json.loads(row["summary_json"]),
                )
                result: Receipt = self._handler(row["order_kind"], "execute")(conn, ctx)
                conn.execute("UPDATE challenges SET state = 'used' WHERE id = ?", (challenge_id,))
                if idempotency_key:
                    conn.execute(
                        "INSERT INTO idempotency (key, challenge_id, receipt_json, created_at)"
                        " VALUES (?, ?, ?, ?)",
                        (idempotency_key, challenge_id, result.model_dump_json(), ts(self.now())),
                    )
                return result
        except (OtpInvalid, OtpExpired, NotFound, SessionExpired):
            raise  # the challenge itself refused the code (attempts and expiry are saved)
        except BackendError:
            if not executing:
                raise  # a misused idempotency key says nothing about this challenge
            # The order can no longer be executed (funds, limits, data changed): void it.
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE challenges SET state = 'failed' WHERE id = ? AND state = 'open'",
                    (challenge_id,),
                )
            raise

    def resend(self, token: str | None, challenge_id: str) -> Challenge:
        with self.db.transaction() as conn:
            decoy = decoys.find(conn, challenge_id)
            if decoy is not None:
                self._throttle(conn, Limited.PUBLIC_CODE, [decoy["subject"]])
                decoys.resend(conn, decoy, self.now())
                return decoys.model(decoys.find(conn, challenge_id) or decoy)
            # An expired code can be replaced: that is what "Reenviar código" is for.
            row = self._open_challenge(conn, token, challenge_id, allow_expired=True)
            if row["resends_left"] <= 0:
                raise Conflict(otp.NO_MORE_RESENDS)
            code = otp.new_code()
            now = self.now()
            self._throttle(
                conn,
                Limited.PUBLIC_CODE if row["session_hash"] is None else Limited.CODE,
                member_subjects(row["member_id"], row["session_hash"]),
            )
            conn.execute(
                "UPDATE challenges SET code_hash = ?, expires_at = ?, resends_left = ?"
                " WHERE id = ?",
                (
                    otp.hash_code(challenge_id, row["order_digest"], code, self.pepper),
                    ts(now + otp.OTP_TTL),
                    row["resends_left"] - 1,
                    challenge_id,
                ),
            )
            summary = json.loads(row["summary_json"])
            self._sms(conn, row["member_id"], otp.sms_text(code, summary))
            return self._challenge_model(conn, challenge_id)

    def cancel(self, token: str | None, challenge_id: str) -> None:
        with self.db.transaction() as conn:
            decoy = decoys.find(conn, challenge_id)
            if decoy is not None:
                decoys.cancel(conn, decoy)
                return
            self._check_owner(conn, token, challenge_id)
            conn.execute(
                "UPDATE challenges SET state = 'cancelled' WHERE id = ? AND state = 'open'",
                (challenge_id,),
            )


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")
