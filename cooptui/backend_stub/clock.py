"""The injectable clock every business rule reads.

Ecuador (America/Guayaquil) has no daylight saving time, so a fixed UTC-5 offset is
exact and needs no tz database.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Protocol

ECUADOR_TZ = timezone(timedelta(hours=-5), "ECT")


class Clock(Protocol):
    def now(self) -> datetime: ...


class RealClock:
    """Wall-clock time in Ecuador, optionally shifted forward by demo time travel."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return datetime.now(ECUADOR_TZ).replace(microsecond=0) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += delta
        return self.now()

    @property
    def offset(self) -> timedelta:
        return self._offset


class FrozenClock:
    """Time that moves only when told to: tests, snapshots and manual-faithful demos."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=ECUADOR_TZ)
        self._now = start.astimezone(ECUADOR_TZ)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("el reloj no retrocede")
        with self._lock:
            self._now += delta
        return self._now


MANUAL_DATE = datetime(2024, 12, 18, 13, 26, 46, tzinfo=ECUADOR_TZ)
"""The moment the web manual's screenshots were taken (its PIN e-mail is dated so)."""
