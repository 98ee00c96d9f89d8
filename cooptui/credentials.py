"""Remembering the username (never the password) in the system keyring.

Headless Linux usually has no keyring backend; then nothing is remembered and the
login screen says so once.
"""

from __future__ import annotations

import threading
from typing import Protocol

SERVICE = "cooptui"
KEY = "recordar-usuario"


class UsernameStore(Protocol):
    def load(self) -> str | None: ...
    def save(self, username: str) -> bool: ...
    def clear(self) -> None: ...
    @property
    def available(self) -> bool: ...


class KeyringStore:
    """The system keyring; every failure degrades to "not remembered"."""

    def __init__(self) -> None:
        self._available: bool | None = None
        self._probe = threading.Lock()  # the app warms it in a thread while the form is up

    @property
    def available(self) -> bool:
        with self._probe:
            return self._probe_keyring()

    def _probe_keyring(self) -> bool:
        if self._available is None:
            try:
                import keyring
                from keyring.backends.fail import Keyring as FailKeyring

                self._available = not isinstance(keyring.get_keyring(), FailKeyring)
            except Exception:  # any import or backend problem means "no keyring"
                self._available = False
        return self._available

    def load(self) -> str | None:
        if not self.available:
            return None
        try:
            import keyring

            return keyring.get_password(SERVICE, KEY)
        except Exception:
            return None

    def save(self, username: str) -> bool:
        if not self.available:
            return False
        try:
            import keyring

            keyring.set_password(SERVICE, KEY, username)
        except Exception:
            return False
        return True

    def clear(self) -> None:
        if not self.available:
            return
        try:
            import keyring

            keyring.delete_password(SERVICE, KEY)
        except Exception:
            pass  # nothing stored, or no backend: either way nothing remains


class MemoryStore:
    """For tests and for machines without a keyring (`available=False` mimics those)."""

    def __init__(self, username: str | None = None, *, available: bool = True) -> None:
        self._username = username
        self._available = available

    @property
    def available(self) -> bool:
        return self._available

    def load(self) -> str | None:
        return self._username if self._available else None

    def save(self, username: str) -> bool:
        if not self._available:
            return False
        self._username = username
        return True

    def clear(self) -> None:
        self._username = None
