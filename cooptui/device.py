"""This terminal's device id, kept between runs so the bank can recognise the device.

It lives in the system keyring when there is one, else in a file in the user data dir.
It is not a secret of the member's (the password still is), only a stable random id.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEYRING_SERVICE = "cooptui"
KEYRING_KEY = "id-de-equipo"


def _from_keyring() -> str | None:
    try:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring

        if isinstance(keyring.get_keyring(), FailKeyring):
            return None
        value = keyring.get_password(KEYRING_SERVICE, KEYRING_KEY)
        if not value:
            value = secrets.token_hex(16)
            keyring.set_password(KEYRING_SERVICE, KEYRING_KEY, value)
        return value
    except Exception:  # no usable keyring: fall back to the file
        return None


def _from_file(data_dir: Path) -> str:
    path = data_dir / "device-id"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 16:
            return value
    except OSError:
        pass
    value = secrets.token_hex(16)
    try:
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the owner's only
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(value)
    except OSError:
        pass  # read-only home: this run still works, the next asks to register again
    return value


def device_id(data_dir: Path | None = None, *, use_keyring: bool = True) -> str:
    """A random id for this terminal, created on first use."""
    if use_keyring:
        value = _from_keyring()
        if value:
            return value
    from cooptui.config import default_data_dir

    return _from_file(data_dir or default_data_dir())
