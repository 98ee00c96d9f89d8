"""The SQLite connection: WAL, foreign keys, one `BEGIN IMMEDIATE` per business operation."""

from __future__ import annotations

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


ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("product_requests", "term", "INTEGER CHECK (term > 0)"),
)
"""(table, column, declaration) that schema.sql gained since a table was first created:
SQLite has no ADD COLUMN IF NOT EXISTS, so an older bank gets them here."""


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, column, declaration in ADDED_COLUMNS:
        present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating or migrating the schema of) the bank's database. ``":memory:"`` for tests."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA busy_timeout = 5000")
    has_schema = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_schema:
        conn.executescript(files("cooptui.backend_stub").joinpath("schema.sql").read_text())
    # A bank saved by an earlier version gets what schema.sql added since (idempotent).
    conn.executescript(files("cooptui.backend_stub").joinpath("migrations.sql").read_text())
    _add_missing_columns(conn)
    outbox_path = ":memory:" if str(path) == ":memory:" else f"{path}-outbox"
    conn.execute("ATTACH DATABASE ? AS phone", (outbox_path,))
    if outbox_path != ":memory:":
        conn.execute("PRAGMA phone.journal_mode = WAL")
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
