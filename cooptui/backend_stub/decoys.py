"""Operations begun before login whose data match no one: answered like the real ones.

Afiliación, Olvidé mi usuario and Olvidé mi contraseña take a cédula from anybody. If
the bank said "no such member" or "that member already has a user", or showed the
member's name or masked phone, a script could walk cédulas and learn who banks here.
So every such order gets the same answer: a challenge "sent to your registered phone".
When the data match no one, that challenge is a decoy: no SMS goes out, every code is
wrong, re-sends and cancellation behave as usual. The truth is told only to whoever
holds the member's phone (after the code).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import datetime

from cooptui.backend.errors import START_AGAIN, Conflict, OtpExpired, OtpInvalid
from cooptui.backend_stub import otp
from cooptui.backend_stub.base import parse_ts, ts
from cooptui.backend_stub.db import DeferredError
from cooptui.domain.formatting import mask_account
from cooptui.domain.operations import (
    Challenge,
    EnrollmentOrder,
    PasswordRecoveryOrder,
    SummaryLine,
    UsernameReminderOrder,
)

PublicOrder = EnrollmentOrder | PasswordRecoveryOrder | UsernameReminderOrder

PUBLIC_DESTINATION = "celular registrado en Cooprogreso"
"""Where a code before login goes, as the member is told (never the masked number)."""

_TITLES = {
    "enrollment": "Afiliación a Cooprogreso en Línea",
    "password_recovery": "Recuperación de contraseña",
    "username_reminder": "Recordatorio de usuario",
}


class NoMatch(Exception):
    """Raised by a public order's prepare when its data match no member (or user)."""


def public_summary(order: PublicOrder) -> tuple[str, list[tuple[str, str]]]:
    """Title and lines of a public order's challenge: only what was typed, masked, so
    the answer is the same whoever the cédula belongs to."""
    lines = [("Identificación", mask_account(order.identification.strip().upper()))]
    if isinstance(order, PasswordRecoveryOrder):
        lines.insert(0, ("Usuario", order.username.strip()))
    if isinstance(order, EnrollmentOrder):
        lines.append(("Equipo", order.device_name))
    return _TITLES[order.kind], lines


def identity_subject(order: PublicOrder) -> str:
    """The cédula (or passport) as a rate-limit subject: the same for decoy and real."""
    return f"id:{order.id_type.value}:{order.identification.strip().upper()}"


def create(conn: sqlite3.Connection, order: PublicOrder, now: datetime) -> Challenge:
    """Store a decoy challenge for `order` and answer it."""
    challenge_id = otp.new_challenge_id()
    # The real answer spends this time hashing its code: so does the decoy.
    otp.hash_code(challenge_id, "decoy", otp.new_code(), secrets.token_bytes(32))
    title, lines = public_summary(order)
    conn.execute(
        "INSERT INTO decoy_challenges (id, order_kind, subject, title, lines_json, created_at,"
        " expires_at, attempts_left, resends_left, state) VALUES (?,?,?,?,?,?,?,?,?,'open')",
        (
            challenge_id,
            order.kind,
            identity_subject(order),
            title,
            json.dumps(lines),
            ts(now),
            ts(now + otp.OTP_TTL),
            otp.MAX_ATTEMPTS,
            otp.MAX_RESENDS,
        ),
    )
    row = find(conn, challenge_id)
    assert row is not None
    return model(row)


def find(conn: sqlite3.Connection, challenge_id: str) -> sqlite3.Row | None:
    return conn.execute(  # type: ignore[no-any-return]
        "SELECT * FROM decoy_challenges WHERE id = ?", (challenge_id,)
    ).fetchone()


def model(row: sqlite3.Row) -> Challenge:
    return Challenge(
        id=row["id"],
        order_kind=row["order_kind"],
        title=row["title"],
        destination=PUBLIC_DESTINATION,
        created_at=parse_ts(row["created_at"]),
        sent_at=parse_ts(row["expires_at"]) - otp.OTP_TTL,
        expires_at=parse_ts(row["expires_at"]),
        attempts_left=row["attempts_left"],
        resends_left=row["resends_left"],
        lines=tuple(SummaryLine(label=a, value=b) for a, b in json.loads(row["lines_json"])),
    )


def _check_open(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime, *, resend: bool) -> None:
    """The refusals of `_open_challenge`, word for word."""
    if row["state"] != "open":
        raise OtpExpired("La operación fue cancelada o anulada. Solicítala nuevamente.")
    if now >= parse_ts(row["created_at"]) + otp.OPERATION_LIFE:
        conn.execute("UPDATE decoy_challenges SET state = 'failed' WHERE id = ?", (row["id"],))
        raise DeferredError(OtpExpired(START_AGAIN))
    if parse_ts(row["expires_at"]) <= now and not resend:
        if row["resends_left"] > 0:
            raise OtpExpired(resendable=True)
        raise OtpExpired(START_AGAIN)


def confirm(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime) -> None:
    """Every code is wrong: an attempt is spent, as with a wrong code for a real one."""
    _check_open(conn, row, now, resend=False)
    otp.hash_code(row["id"], "decoy", "000000", secrets.token_bytes(32))  # a check's time
    left = row["attempts_left"] - 1
    conn.execute(
        "UPDATE decoy_challenges SET attempts_left = ?, state = ? WHERE id = ?",
        (left, "open" if left > 0 else "failed", row["id"]),
    )
    raise DeferredError(OtpInvalid(left))


def resend(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime) -> None:
    _check_open(conn, row, now, resend=True)
    if row["resends_left"] <= 0:
        raise Conflict(otp.NO_MORE_RESENDS)
    conn.execute(
        "UPDATE decoy_challenges SET expires_at = ?, resends_left = ? WHERE id = ?",
        (ts(now + otp.OTP_TTL), row["resends_left"] - 1, row["id"]),
    )


def cancel(conn: sqlite3.Connection, row: sqlite3.Row) -> None:
    conn.execute(
        "UPDATE decoy_challenges SET state = 'cancelled' WHERE id = ? AND state = 'open'",
        (row["id"],),
    )
