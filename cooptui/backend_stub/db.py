"""The SQLite connection: WAL, foreign keys, one `BEGIN IMMEDIATE` per business operation."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path


def fold(text: str | None) -> str | None:
    """Lower case without accents, so "RAMIREZ" finds "Ramírez" (SQLite LIKE cannot)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


REBUILT_TABLES: tuple[str, ...] = ("product_requests", "login_failures")
"""Tables whose shape schema.sql changed after an earlier version created them (a plazo
column; idempotency keys unique per member instead of bank-wide; the time of the last
failed login). Only tables no other table refers to can be listed. SQLite can neither
change a constraint nor add a column IF NOT EXISTS, so an older bank's table is rebuilt
from schema.sql's own statement, its rows kept."""


def _squashed(sql: str) -> str:
    return " ".join(sql.replace(";", " ").split())


def _rebuild_changed_tables(conn: sqlite3.Connection, schema: str) -> None:
    for table in REBUILT_TABLES:
        found = re.search(rf"CREATE TABLE {table} \(.*?\n\);", schema, re.S)
        assert found is not None, table
        wanted = found.group(0)
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if row is None or _squashed(row["sql"]) == _squashed(wanted):
            continue
        old_columns = [r["name"] for r in conn.execute(f"PRAGMA table_info({table})")]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_before")
            conn.execute(wanted)
            new_columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
            kept = ", ".join(c for c in old_columns if c in new_columns)
            conn.execute(f"INSERT INTO {table} ({kept}) SELECT {kept} FROM {table}_before")
            conn.execute(f"DROP TABLE {table}_before")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


JOURNAL_MODE = "DELETE"
"""Both files of a saved bank; measured at +2.3 ms an own transfer against WAL."""


def private_file(path: Path) -> None:
    """Create `path` readable by its owner only (0600), or make it so: SQLite gives its
    -wal and -shm files the database file's permissions, so the bank stays private."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating or migrating the schema of) the bank's database. ``":memory:"`` for tests."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        # A rollback journal, not WAL: SQLite commits a transaction over attached files
        # atomically (a super-journal) only then, and a challenge must never be saved
        # without its SMS in the phone's file, nor the reverse, even under kill -9.
        conn.execute(f"PRAGMA journal_mode = {JOURNAL_MODE}")
        conn.execute("PRAGMA busy_timeout = 5000")
    has_schema = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    schema = files("cooptui.backend_stub").joinpath("schema.sql").read_text()
    if not has_schema:
        conn.executescript(schema)
    # A bank saved by an earlier version gets what schema.sql added since (idempotent).
    conn.executescript(files("cooptui.backend_stub").joinpath("migrations.sql").read_text())
    _rebuild_changed_tables(conn, schema)
    outbox_path = ":memory:" if str(path) == ":memory:" else f"{path}-outbox"
    conn.execute("ATTACH DATABASE ? AS phone", (outbox_path,))
    if outbox_path != ":memory:":
        conn.execute(f"PRAGMA phone.journal_mode = {JOURNAL_MODE}")
    conn.executescript(files("cooptui.backend_stub").joinpath("outbox.sql").read_text())
    return conn


class DeferredError(Exception):
    """Raise inside `transaction()` to commit what was done, then raise `error`.

    For outcomes that must be recorded even though the call fails: a wrong OTP uses up
    an attempt, an expired challenge is voided, a failed login is counted.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class Database:
    """A connection plus a re-entrant lock, so worker threads take turns on it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic business operation; nested uses join the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except DeferredError as deferred:
                self.conn.execute("COMMIT")
                raise deferred.error from None
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self.conn

    def close(self) -> None:
        with self._lock:
            self.conn.close()
