"""Logins, sessions, passwords, devices, enrollment and recovery."""

from __future__ import annotations

import secrets
import sqlite3
import string
import unicodedata
from datetime import timedelta

from cooptui.backend.errors import (
    AccountLocked,
    Conflict,
    InvalidCredentials,
    InvalidInput,
)
from cooptui.backend_stub import decoys
from cooptui.backend_stub.base import CoreBase, Session, parse_ts, ts
from cooptui.backend_stub.challenges import ExecContext, Prepared, receipt
from cooptui.backend_stub.db import DeferredError
from cooptui.backend_stub.secrets import fingerprint, hash_secret, new_token, verify_secret
from cooptui.domain.auth import LoginResult, LoginStatus, MemberProfile
from cooptui.domain.formatting import format_datetime, mask_email, mask_phone
from cooptui.domain.operations import (
    DeviceRegistrationOrder,
    EnrollmentOrder,
    PasswordRecoveryOrder,
    Receipt,
    UsernameReminderOrder,
)
from cooptui.domain.validators import validate_identification, validate_password

MAX_LOGIN_FAILURES = 3
LOCK_MINUTES = 30
"""How long 3 failed logins lock a username (Olvidé mi contraseña unlocks at once)."""
ALREADY_A_USER = (
    "Ya tienes un usuario de Cooprogreso en Línea. Si lo olvidaste, usa «Olvidé mi usuario»."
)


def temporary_password() -> str:
    """Ten random characters that satisfy the password policy."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(10))
        if validate_password(pw) is None:
            return pw


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()
    ).lower()


class AuthMixin(CoreBase):
    _dummy: str | None = None

    def _dummy_hash(self) -> str:
        """Unknown usernames are checked against this, at the same cost as real ones."""
        if self._dummy is None:
            self._dummy = hash_secret("no-such-user", n=self.scrypt_n)
        return self._dummy

    # -- login ------------------------------------------------------------------
    def login(self, username: str, password: str, device_id: str) -> tuple[str, LoginResult]:
        """Check credentials; returns a new session token and what the session may do."""
        self.tick()
        username = username.strip()
        with self.db.transaction() as conn:
            now = self.now()
            user = conn.execute(
                "SELECT u.*, m.full_name FROM users u JOIN members m ON m.id = u.member_id"
                " WHERE u.username = ?",
                (username,),
            ).fetchone()
            failures = self._recent_failures(conn, username, user)
            if failures >= MAX_LOGIN_FAILURES:
                raise AccountLocked()
            stored = user["password_hash"] if user is not None else self._dummy_hash()
            if not (verify_secret(password, stored) and user is not None):
                failures += 1
                conn.execute(
                    "INSERT INTO login_failures (username, failures, last_failure_at)"
                    " VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE"
                    " SET failures = excluded.failures, last_failure_at = excluded.last_failure_at",
                    (username, failures, ts(now)),
                )
                if failures >= MAX_LOGIN_FAILURES:
                    if user is not None:
                        conn.execute("UPDATE users SET locked = 1 WHERE id = ?", (user["id"],))
                        self._email(
                            conn,
                            user["member_id"],
                            "Usuario bloqueado",
                            "Tu usuario de Cooprogreso en Línea fue bloqueado por 3 intentos"
                            f" fallidos el {format_datetime(now)}. Se desbloqueará en"
                            f" {LOCK_MINUTES} minutos; para desbloquearlo ahora usa la"
                            " opción «Olvidé mi contraseña».",
                        )
                    raise DeferredError(AccountLocked())
                raise DeferredError(InvalidCredentials(MAX_LOGIN_FAILURES - failures))
            conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
            device_hash = fingerprint(device_id)
            known_device = conn.execute(
                "SELECT 1 FROM devices WHERE user_id = ? AND device_hash = ?",
                (user["id"], device_hash),
            ).fetchone()
            if user["must_change"]:
                status = LoginStatus.PASSWORD_CHANGE_REQUIRED
            elif known_device is None:
                status = LoginStatus.DEVICE_REGISTRATION_REQUIRED
            else:
                status = LoginStatus.OK
            # The last complete connection: this login only becomes one (and takes its
            # place) when the session is complete, so an abandoned step never counts.
            previous = user["current_login_at"]
            if status is LoginStatus.OK:
                self._record_connection(conn, user["id"])
            token = new_token()
            conn.execute(
                "INSERT INTO sessions (token_hash, user_id, device_hash, state, created_at,"
                " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                (fingerprint(token), user["id"], device_hash, _STATE[status], ts(now), ts(now)),
            )
            return token, LoginResult(
                status=status,
                member_name=user["full_name"],
                last_login_at=parse_ts(previous) if previous else None,
                session_expires_in=int(self.idle_timeout.total_seconds()),
            )

    def _recent_failures(
        self, conn: sqlite3.Connection, username: str, user: sqlite3.Row | None
    ) -> int:
        """Failed logins in a row that still count (3 lock the name). They, and the
        lock with them, lapse `LOCK_MINUTES` after the last one; `users.locked`
        follows, for the support staff reading the table."""
        row = conn.execute(
            "SELECT failures, last_failure_at FROM login_failures WHERE username = ?",
            (username,),
        ).fetchone()
        now = self.now()
        if row is not None and row["last_failure_at"] is None:  # from a bank before lapsing
            conn.execute(
                "UPDATE login_failures SET last_failure_at = ? WHERE username = ?",
                (ts(now), username),
            )
            return int(row["failures"])
        if row is not None:
            if parse_ts(row["last_failure_at"]) + timedelta(minutes=LOCK_MINUTES) > now:
                return int(row["failures"])
            conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
        if user is not None and user["locked"]:
            conn.execute("UPDATE users SET locked = 0 WHERE id = ?", (user["id"],))
        return 0

    def _record_connection(self, conn: sqlite3.Connection, user_id: int) -> None:
        """Count a complete session as the member's latest connection ("Última conexión").

        Called only when a session becomes complete (status OK): a login abandoned at
        the password change or the device registration is not a connection.
        """
        conn.execute(
            "UPDATE users SET last_login_at = current_login_at, current_login_at = ? WHERE id = ?",
            (ts(self.now()), user_id),
        )

    def logout(self, token: str | None) -> None:
        if not token:
            return
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (fingerprint(token),))

    def change_password(self, token: str | None, current: str, new: str) -> LoginStatus:
        with self.db.transaction() as conn:
            session = self._session(
                conn, token, states=frozenset({"password_change", "device_registration"})
            )
            user = conn.execute("SELECT * FROM users WHERE id = ?", (session.user_id,)).fetchone()
            if not verify_secret(current, user["password_hash"]):
                raise InvalidInput("current_password", "La contraseña actual es incorrecta.")
            problem = validate_password(new, user["username"])
            if problem:
                raise InvalidInput("new_password", problem)
            if new == current:
                raise InvalidInput(
                    "new_password", "La nueva contraseña debe ser distinta de la actual."
                )
            now = self.now()
            conn.execute(
                "UPDATE users SET password_hash = ?, must_change = 0, password_changed_at = ?"
                " WHERE id = ?",
                (hash_secret(new, n=self.scrypt_n), ts(now), user["id"]),
            )
            known = conn.execute(
                "SELECT 1 FROM devices WHERE user_id = ? AND device_hash = ?",
                (user["id"], session.device_hash),
            ).fetchone()
            status = LoginStatus.OK if known else LoginStatus.DEVICE_REGISTRATION_REQUIRED
            conn.execute(
                "UPDATE sessions SET state = ? WHERE token_hash = ?",
                (_STATE[status], session.token_hash),
            )
            # Whoever else holds a session of this user (the reason to change it, maybe)
            # is out: only the session that changed the password goes on.
            conn.execute(
                "DELETE FROM sessions WHERE user_id = ? AND token_hash != ?",
                (user["id"], session.token_hash),
            )
            if status is LoginStatus.OK:
                self._record_connection(conn, user["id"])
            self._email(
                conn,
                session.member_id,
                "Cambio de contraseña",
                f"Tu contraseña de Cooprogreso en Línea se cambió el {format_datetime(now)}."
                " Si no fuiste tú, comunícate de inmediato con nuestro Call Center.",
            )
            return status

    def profile(self, token: str | None) -> MemberProfile:
        with self.db.transaction() as conn:
            session = self._session(
                conn, token, states=frozenset({"password_change", "device_registration"})
            )
            row = conn.execute(
                "SELECT u.username, u.last_login_at, u.current_login_at, m.* FROM users u"
                " JOIN members m ON m.id = u.member_id WHERE u.id = ?",
                (session.user_id,),
            ).fetchone()
            # A restricted session is not a connection yet: its previous one is the
            # latest recorded, as its LoginResult said.
            previous = (
                row["last_login_at"] if session.state == "active" else row["current_login_at"]
            )
            return MemberProfile(
                member_id=row["id"],
                username=row["username"],
                full_name=row["full_name"],
                short_name=row["short_name"],
                identification=row["identification"],
                masked_phone=mask_phone(row["phone"]),
                masked_email=mask_email(row["email"]),
                last_login_at=parse_ts(previous) if previous else None,
            )

    # -- two-phase: device registration ------------------------------------------
    def _prepare_device_registration(
        self, conn: sqlite3.Connection, session: Session, order: DeviceRegistrationOrder
    ) -> Prepared:
        device_hash = fingerprint(order.device_id)
        if device_hash != session.device_hash:
            raise InvalidInput(
                "device_id", "Solo puedes registrar el equipo desde el que ingresaste."
            )
        return Prepared(
            title="Registro de equipo",
            lines=[("Equipo", order.device_name)],
            stored={"device_hash": device_hash, "device_name": order.device_name},
            member_id=session.member_id,
        )

    def _execute_device_registration(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        now = self.now()
        self._register_device(
            conn, ctx.user_id, ctx.stored["device_hash"], ctx.stored["device_name"]
        )
        completed = conn.execute(
            "UPDATE sessions SET state = 'active' WHERE token_hash = ? AND state = 'device_registration'",
            (ctx.session_hash,),
        ).rowcount
        if completed and ctx.user_id is not None:
            self._record_connection(conn, ctx.user_id)
        return receipt(
            reference=self._reference(conn),
            at=now,
            title="Registro de equipo",
            lines=[("Equipo", ctx.stored["device_name"]), ("Fecha", format_datetime(now))],
            message="Tu equipo quedó registrado. La próxima vez ingresarás directamente.",
        )

    def _register_device(
        self, conn: sqlite3.Connection, user_id: int | None, device_hash: str, name: str
    ) -> None:
        now = self.now()
        conn.execute(
            "INSERT OR IGNORE INTO devices (user_id, device_hash, name, registered_at)"
            " VALUES (?, ?, ?, ?)",
            (user_id, device_hash, name, ts(now)),
        )
        user = conn.execute("SELECT member_id FROM users WHERE id = ?", (user_id,)).fetchone()
        self._email(
            conn,
            user["member_id"],
            "Nuevo equipo registrado",
            f"Se registró el equipo «{name}» en tu Cooprogreso en Línea el"
            f" {format_datetime(now)}. Si no fuiste tú, comunícate con nuestro Call Center.",
        )

    # -- two-phase: enrollment, recovery, reminder (no session) --------------------
    def _member_by_identification(
        self, conn: sqlite3.Connection, id_type: str, identification: str
    ) -> sqlite3.Row | None:
        identification = identification.strip().upper()
        problem = validate_identification(id_type, identification)
        if problem:
            raise InvalidInput("identification", problem)
        return conn.execute(
            "SELECT * FROM members WHERE id_type = ? AND identification = ?",
            (id_type, identification),
        ).fetchone()

    def _prepare_enrollment(
        self, conn: sqlite3.Connection, session: None, order: EnrollmentOrder
    ) -> Prepared:
        member = self._member_by_identification(conn, order.id_type, order.identification)
        if member is None:
            raise decoys.NoMatch()
        # A member who already has a user gets the code too: the confirm tells them so,
        # once the phone proves who is asking (decoys.py).
        title, lines = decoys.public_summary(order)
        return Prepared(
            title=title,
            lines=lines,
            stored={
                "member_id": member["id"],
                "device_hash": fingerprint(order.device_id),
                "device_name": order.device_name,
            },
            member_id=member["id"],
        )

    def _new_username(self, conn: sqlite3.Connection, short_name: str) -> str:
        surname, _, given = short_name.partition("/")
        base = (_ascii(given)[:1] + _ascii(surname.split()[0] if surname else "socio"))[:12]
        candidate, n = base, 1
        while conn.execute("SELECT 1 FROM users WHERE username = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def _execute_enrollment(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        member = self._member(conn, ctx.stored["member_id"])
        if conn.execute("SELECT 1 FROM users WHERE member_id = ?", (member["id"],)).fetchone():
            raise Conflict(ALREADY_A_USER)
        now = self.now()
        username = self._new_username(conn, member["short_name"])
        password = temporary_password()
        cur = conn.execute(
            "INSERT INTO users (member_id, username, password_hash, must_change, created_at)"
            " VALUES (?, ?, ?, 1, ?)",
            (member["id"], username, hash_secret(password, n=self.scrypt_n), ts(now)),
        )
        # Someone may have tried this name before it existed: the new user starts clean.
        conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
        self._register_device(
            conn, cur.lastrowid, ctx.stored["device_hash"], ctx.stored["device_name"]
        )
        self._email(
            conn,
            member["id"],
            "Bienvenido a Cooprogreso en Línea",
            f"Estimado(a): {member['short_name']}\n\n"
            "Tu afiliación a Cooprogreso en Línea se realizó con éxito.\n\n"
            f"USUARIO: {username}\nCONTRASEÑA TEMPORAL: {password}\n\n"
            "Al ingresar, el sistema te solicitará personalizar tu contraseña.",
        )
        return receipt(
            reference=self._reference(conn),
            at=now,
            title="Afiliación a Cooprogreso en Línea",
            lines=[("Socio", member["full_name"]), ("Enviado a", mask_email(member["email"]))],
            message="Revisa tu correo electrónico: te enviamos tu usuario y contraseña temporal.",
        )

    def _prepare_password_recovery(
        self, conn: sqlite3.Connection, session: None, order: PasswordRecoveryOrder
    ) -> Prepared:
        member = self._member_by_identification(conn, order.id_type, order.identification)
        user = conn.execute(
            "SELECT * FROM users WHERE username = ?", (order.username.strip(),)
        ).fetchone()
        if member is None or user is None or user["member_id"] != member["id"]:
            raise decoys.NoMatch()
        title, lines = decoys.public_summary(order)
        return Prepared(
            title=title,
            lines=lines,
            stored={"user_id": user["id"]},
            member_id=member["id"],
            user_id=user["id"],
        )

    def _execute_password_recovery(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        user = conn.execute("SELECT * FROM users WHERE id = ?", (ctx.stored["user_id"],)).fetchone()
        member = self._member(conn, user["member_id"])
        now = self.now()
        password = temporary_password()
        conn.execute(
            "UPDATE users SET password_hash = ?, must_change = 1, locked = 0 WHERE id = ?",
            (hash_secret(password, n=self.scrypt_n), user["id"]),
        )
        conn.execute("DELETE FROM login_failures WHERE username = ?", (user["username"],))
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (user["id"],))
        self._email(
            conn,
            member["id"],
            "Recuperación de contraseña",
            f"Estimado(a): {member['short_name']}\n\n"
            f"Se generó una contraseña temporal para tu usuario {user['username']}.\n\n"
            f"CONTRASEÑA TEMPORAL: {password}\n\n"
            "Al ingresar, el sistema te solicitará personalizar tu contraseña.",
        )
        return receipt(
            reference=self._reference(conn),
            at=now,
            title="Recuperación de contraseña",
            lines=[("Usuario", user["username"]), ("Enviado a", mask_email(member["email"]))],
            message="Te enviamos una contraseña temporal a tu correo electrónico registrado.",
        )

    def _prepare_username_reminder(
        self, conn: sqlite3.Connection, session: None, order: UsernameReminderOrder
    ) -> Prepared:
        member = self._member_by_identification(conn, order.id_type, order.identification)
        user = (
            conn.execute("SELECT * FROM users WHERE member_id = ?", (member["id"],)).fetchone()
            if member is not None
            else None
        )
        if member is None or user is None:
            raise decoys.NoMatch()
        title, lines = decoys.public_summary(order)
        return Prepared(
            title=title,
            lines=lines,
            stored={"user_id": user["id"]},
            member_id=member["id"],
            user_id=user["id"],
        )

    def _execute_username_reminder(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        user = conn.execute("SELECT * FROM users WHERE id = ?", (ctx.stored["user_id"],)).fetchone()
        member = self._member(conn, user["member_id"])
        now = self.now()
        self._email(
            conn,
            member["id"],
            "Recordatorio de usuario",
            f"Estimado(a): {member['short_name']}\n\n"
            f"Tu usuario de Cooprogreso en Línea es: {user['username']}",
        )
        return receipt(
            reference=self._reference(conn),
            at=now,
            title="Recordatorio de usuario",
            lines=[("Enviado a", mask_email(member["email"]))],
            message="Te enviamos tu usuario a tu correo electrónico registrado.",
        )


_STATE: dict[LoginStatus, str] = {
    LoginStatus.OK: "active",
    LoginStatus.PASSWORD_CHANGE_REQUIRED: "password_change",
    LoginStatus.DEVICE_REGISTRATION_REQUIRED: "device_registration",
}
