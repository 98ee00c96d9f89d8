"""What every part of the core shares: clock, sessions, references, accounts, messages."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from cooptui.backend.errors import (
    DeviceNotRegistered,
    InvalidInput,
    NotFound,
    PasswordChangeRequired,
    SessionExpired,
)
from cooptui.backend_stub import outbox, throttle
from cooptui.backend_stub.clock import Clock
from cooptui.backend_stub.db import Database
from cooptui.backend_stub.secrets import DEFAULT_N, PEPPER_BYTES, fingerprint
from cooptui.backend_stub.throttle import Limited
from cooptui.domain.auth import MessageChannel

IDLE_TIMEOUT = timedelta(minutes=5)
SESSION_LIFETIME = timedelta(hours=12)
"""However active, a session ends after this: a stolen token does not live for ever."""
SESSION_TOO_OLD = "Tu sesión superó las 12 horas permitidas. Ingresa nuevamente."
INSTITUTION_CODE = "COOPROGRESO"
INSTITUTION_NAME = "Coop. Ahorro y Crédito Cooprogreso"


@dataclass(frozen=True)
class Session:
    token_hash: str
    user_id: int
    member_id: int
    state: str
    device_hash: str


def ts(value: datetime) -> str:
    return value.isoformat()


def parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


class CoreBase:
    """Plumbing for the business modules; `Core` combines them."""

    rate_limits = True
    """Off only where a test models something else at length (the ledger machine)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        scrypt_n: int = DEFAULT_N,
        idle_timeout: timedelta = IDLE_TIMEOUT,
        pepper: bytes | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.scrypt_n = scrypt_n
        self.idle_timeout = idle_timeout
        self.pepper = pepper if pepper is not None else secrets.token_bytes(PEPPER_BYTES)
        """The key in the PIN and code hashes (secrets.py); a throw-away bank's is random."""

    def now(self) -> datetime:
        return self.clock.now()

    def tick(self) -> None:
        """Run whatever fell due by the clock (`Core` does the work)."""

    # -- sessions ---------------------------------------------------------------
    def _session(
        self, conn: sqlite3.Connection, token: str | None, *, states: frozenset[str] = frozenset()
    ) -> Session:
        """The live session behind `token`, refreshed; `states` lists extra allowed states."""
        if not token:
            raise SessionExpired()
        token_hash = fingerprint(token)
        row = conn.execute(
            "SELECT s.*, u.member_id FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = ?",
            (token_hash,),
        ).fetchone()
        now = self.now()
        if row is None:
            raise SessionExpired()
        if parse_ts(row["last_seen_at"]) + self.idle_timeout < now:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
            raise SessionExpired("Tu sesión se cerró por inactividad. Ingresa nuevamente.")
        if parse_ts(row["created_at"]) + SESSION_LIFETIME < now:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
            raise SessionExpired(SESSION_TOO_OLD)
        state = row["state"]
        if state != "active" and state not in states:
            if state == "password_change":
                raise PasswordChangeRequired()
            raise DeviceNotRegistered()
        conn.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", (ts(now), token_hash)
        )
        return Session(
            token_hash=token_hash,
            user_id=int(row["user_id"]),
            member_id=int(row["member_id"]),
            state=state,
            device_hash=row["device_hash"],
        )

    # -- references -------------------------------------------------------------
    def _next_seq(self, conn: sqlite3.Connection, name: str, start: int = 1) -> int:
        key = f"seq:{name}"
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        value = int(row["value"]) + 1 if row else start
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, str(value)),
        )
        return value

    def _reference(self, conn: sqlite3.Connection) -> str:
        """A comprobante number: date plus a bank-wide sequence, e.g. 20241218000123."""
        return f"{self.now():%Y%m%d}{self._next_seq(conn, 'reference', 100):06d}"

    # -- members and accounts ---------------------------------------------------
    def _member(self, conn: sqlite3.Connection, member_id: int) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
        if row is None:
            raise NotFound("Socio no encontrado.")
        return row

    def _own_account(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        number: str,
        *,
        field: str = "from_account",
        debit: bool = False,
    ) -> sqlite3.Row:
        """A member's own savings/certificate account, checked for ownership (and debit)."""
        row = conn.execute(
            "SELECT * FROM ledger_accounts WHERE code = ? AND member_id = ?"
            " AND product IN ('AHO', 'CERT')",
            (number, member_id),
        ).fetchone()
        if row is None:
            raise InvalidInput(field, "La cuenta seleccionada no es válida.")
        if debit:
            if row["product"] != "AHO":
                raise InvalidInput(field, "Los certificados de aportación no permiten débitos.")
            if row["status"] != "ACTIVO":
                raise InvalidInput(field, "La cuenta no está activa.")
        return row

    def _throttle(self, conn: sqlite3.Connection, kind: Limited, subjects: list[str]) -> None:
        """Count one `kind` for each subject, or refuse with TooManyRequests (throttle.py)."""
        if self.rate_limits:
            throttle.count(conn, kind, subjects, self.now())

    # -- messages ---------------------------------------------------------------
    def _sms(self, conn: sqlite3.Connection, member_id: int, text: str) -> None:
        member = self._member(conn, member_id)
        outbox.send(
            conn,
            member_id=member_id,
            channel=MessageChannel.SMS,
            to=member["phone"],
            subject="SMS",
            body=text,
            at=self.now(),
        )

    def _email(self, conn: sqlite3.Connection, member_id: int, subject: str, body: str) -> None:
        member = self._member(conn, member_id)
        outbox.send(
            conn,
            member_id=member_id,
            channel=MessageChannel.EMAIL,
            to=member["email"],
            subject=subject,
            body=body,
            at=self.now(),
        )
