"""This terminal's device id, kept between runs so the bank can recognise the device."""

from __future__ import annotations

import secrets
from pathlib import Path


def device_id(data_dir: Path | None = None) -> str:
    """A random id stored in the user data dir (created on first use)."""
    from cooptui.config import default_data_dir

    path = (data_dir or default_data_dir()) / "device-id"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 16:
            return value
    except OSError:
        pass
    value = secrets.token_hex(16)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
    except OSError:
        pass
    return value
