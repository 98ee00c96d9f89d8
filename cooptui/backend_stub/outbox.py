"""The simulated SMS gateway and mail server: messages land in a table the demo UI reads."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from cooptui.domain.auth import MessageChannel, OutboxMessage


def send(
    conn: sqlite3.Connection,
    *,
    member_id: int | None,
    channel: MessageChannel,
    to: str,
    subject: str,
    body: str,
    at: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO phone.outbox (member_id, channel, to_addr, subject, body, sent_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (member_id, channel.value, to, subject, body, at.isoformat()),
    )
    return int(cur.lastrowid or 0)


def messages(conn: sqlite3.Connection, since_id: int = 0) -> list[OutboxMessage]:
    rows = conn.execute(
        "SELECT * FROM phone.outbox WHERE id > ? ORDER BY id", (since_id,)
    ).fetchall()
    return [
        OutboxMessage(
            id=r["id"],
            channel=MessageChannel(r["channel"]),
            to=r["to_addr"],
            subject=r["subject"],
            body=r["body"],
            sent_at=datetime.fromisoformat(r["sent_at"]),
        )
        for r in rows
    ]
