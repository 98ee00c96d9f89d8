"""`Core`: the simulated bank's business rules, synchronous, over one SQLite connection."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cooptui.backend_stub import outbox
from cooptui.backend_stub.auth import AuthMixin
from cooptui.backend_stub.base import ts
from cooptui.backend_stub.card_cycle import CardCycleMixin
from cooptui.backend_stub.card_deferrals import CardDeferralsMixin
from cooptui.backend_stub.card_payments import CardPaymentsMixin
from cooptui.backend_stub.card_pins import CardPinsMixin
from cooptui.backend_stub.catalog import CatalogMixin
from cooptui.backend_stub.challenges import ChallengesMixin
from cooptui.backend_stub.clock import Clock, FrozenClock, RealClock
from cooptui.backend_stub.db import Database, connect, private_file
from cooptui.backend_stub.due import DueMixin
from cooptui.backend_stub.products import ProductsMixin
from cooptui.backend_stub.secrets import DEFAULT_N, load_pepper
from cooptui.backend_stub.seed import DEMO_CREDENTIALS, seed
from cooptui.backend_stub.services import ServicesMixin
from cooptui.backend_stub.transfers import TransfersMixin
from cooptui.domain.auth import OutboxMessage


class Core(
    AuthMixin,
    ProductsMixin,
    CardPinsMixin,
    CardPaymentsMixin,
    CardDeferralsMixin,
    CardCycleMixin,
    TransfersMixin,
    ServicesMixin,
    CatalogMixin,
    DueMixin,
    ChallengesMixin,
):
    """The whole bank. Every public method is one business operation (one transaction)."""

    _last_tick: datetime | None = None

    @classmethod
    def open(
        cls,
        path: str | Path,
        clock: Clock,
        *,
        reset: bool = False,
        scrypt_n: int = DEFAULT_N,
        idle_timeout: timedelta | None = None,
    ) -> Core:
        """Open the bank at `path` (``":memory:"`` for a throw-away one), seeding it if new."""
        if reset and str(path) != ":memory:":
            for suffix in (
                "",
                "-wal",
                "-shm",
                "-journal",
                "-outbox",
                "-outbox-wal",
                "-outbox-shm",
                "-outbox-journal",
            ):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        pepper = None
        if str(path) != ":memory:":
            folder = Path(path).parent
            if not folder.exists():  # ours: only the user may enter (a folder given is theirs)
                folder.mkdir(mode=0o700, parents=True)
            for own in (Path(path), Path(f"{path}-outbox")):
                private_file(own)
            pepper = load_pepper(Path(f"{path}-pepper"))  # beside the bank, not inside it
        conn = connect(path)
        kwargs = {"idle_timeout": idle_timeout} if idle_timeout is not None else {}
        core = cls(Database(conn), clock, scrypt_n=scrypt_n, pepper=pepper, **kwargs)
        if conn.execute("SELECT 1 FROM meta WHERE key = 'seeded_at'").fetchone() is None:
            seed(conn, clock.now(), scrypt_n=scrypt_n, pepper=core.pepper)
        return core

    def tick(self) -> None:
        """Run what fell due since the last call: settlements, statements, bills, maturities."""
        now = self.now()
        if self._last_tick is not None and now <= self._last_tick:
            return
        with self.db.transaction() as conn:
            self._collect_loan_installments(conn)  # first: what was due has first claim
            self._settle_interbank(conn)
            self._close_card_statements(conn)
            self._issue_bills(conn)
            self._run_scheduled_payments(conn)
            self._mature_investments(conn)
        self._last_tick = now

    def advance_clock(self, seconds: int) -> datetime:
        """Demo time travel; open sessions move along, so it is taken neither as
        inactivity nor as their age (a support agent jumps days inside one session)."""
        if seconds < 0:
            raise ValueError("el reloj no retrocede")
        clock = self.clock
        if not isinstance(clock, FrozenClock | RealClock):
            raise TypeError("este reloj no se puede adelantar")
        delta = timedelta(seconds=seconds)
        with self.db.transaction() as conn:
            sessions = conn.execute(
                "SELECT token_hash, created_at, last_seen_at FROM sessions"
            ).fetchall()
            clock.advance(delta)
            for s in sessions:
                conn.execute(
                    "UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE token_hash = ?",
                    (
                        ts(datetime.fromisoformat(s["created_at"]) + delta),
                        ts(datetime.fromisoformat(s["last_seen_at"]) + delta),
                        s["token_hash"],
                    ),
                )
        self.tick()
        return self.now()

    def outbox(self, since_id: int = 0) -> list[OutboxMessage]:
        with self.db.reading() as conn:
            return outbox.messages(conn, since_id)

    @staticmethod
    def demo_credentials() -> list[tuple[str, str]]:
        return [tuple(c) for c in DEMO_CREDENTIALS]  # type: ignore[misc]

    def close(self) -> None:
        self.db.close()
