"""Rate limits in a sliding window: SMS codes and account lookups, per member and session.

Without them a script could text a member 40 codes in a second (with only a cédula,
before login) or probe which account numbers exist through Nuevo Beneficiario. A
refusal counts nothing; what was allowed is recorded in the same transaction as the
SMS or the lookup it allowed, so concurrent requests cannot slip past the count.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from cooptui.backend.errors import TooManyRequests

WINDOW = timedelta(minutes=15)


class Limited(StrEnum):
    """What is counted; each has its own allowance per subject in `WINDOW`."""

    PUBLIC_CODE = "public_code"  # a code texted before login (afiliación, olvidé ...)
    CODE = "code"  # a code texted inside a session
    ACCOUNT_LOOKUP = "account_lookup"  # a Cooprogreso account number looked up

    @property
    def allowance(self) -> int:
        return {Limited.PUBLIC_CODE: 3, Limited.CODE: 10, Limited.ACCOUNT_LOOKUP: 10}[self]

    def refusal(self, minutes: int) -> str:
        wait = "1 minuto" if minutes == 1 else f"{minutes} minutos"
        if self is Limited.ACCOUNT_LOOKUP:
            return (
                "Consultaste muchas cuentas en poco tiempo. Por tu seguridad, espera"
                f" {wait} para intentarlo de nuevo."
            )
        return (
            f"Por tu seguridad enviamos como máximo {self.allowance} códigos cada 15 minutos."
            f" Espera {wait} para pedir otro."
        )


def member_subjects(member_id: int, session_hash: str | None) -> list[str]:
    """Who is counted: the member always, and the session when there is one."""
    subjects = [f"member:{member_id}"]
    if session_hash:
        subjects.append(f"session:{session_hash}")
    return subjects


def count(conn: sqlite3.Connection, kind: Limited, subjects: Iterable[str], now: datetime) -> None:
    """Record one `kind` for each subject, or raise `TooManyRequests` (recording nothing)."""
    subjects = list(subjects)
    for subject in subjects:
        conn.execute(
            "DELETE FROM throttle WHERE subject = ? AND kind = ? AND at < ?",
            (subject, kind.value, (now - WINDOW).isoformat()),
        )
        recent = sorted(
            datetime.fromisoformat(row["at"])
            for row in conn.execute(
                "SELECT at FROM throttle WHERE subject = ? AND kind = ?", (subject, kind.value)
            )
        )
        recent = [at for at in recent if at > now - WINDOW]
        if len(recent) >= kind.allowance:
            frees_at = recent[-kind.allowance] + WINDOW  # when one of them leaves the window
            seconds = max(1, math.ceil((frees_at - now).total_seconds()))
            raise TooManyRequests(kind.refusal(math.ceil(seconds / 60)), retry_after=seconds)
    for subject in subjects:
        conn.execute(
            "INSERT INTO throttle (subject, kind, at) VALUES (?, ?, ?)",
            (subject, kind.value, now.isoformat()),
        )
