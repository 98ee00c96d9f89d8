"""Writing statements to the member's folder (the I/O half of `cooptui.domain.exports`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_UNSAFE = re.compile(r"[^0-9A-Za-z_-]")


def statement_filename(account_number: str, date_from: date, date_to: date, ext: str) -> str:
    """ "movimientos-410112060750-20231218-20241218.csv" """
    number = _UNSAFE.sub("", account_number)
    return f"movimientos-{number}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{ext}"


def write_export(folder: Path, filename: str, text: str) -> Path:
    """Write `text` as UTF-8 into `folder` (created if missing) without overwriting.

    A second export with the same name gets "-2", "-3"… so an earlier file (perhaps with
    other filters) is never lost. Line endings are written exactly as given.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    stem, suffix = path.stem, path.suffix
    n = 1
    while True:
        try:
            with path.open("x", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return path
        except FileExistsError:
            n += 1
            path = folder / f"{stem}-{n}{suffix}"
