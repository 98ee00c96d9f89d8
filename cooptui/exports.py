"""Writing statements to the member's folder (the I/O half of `cooptui.domain.exports`).

Every export file goes through `write_export`, so two rules hold everywhere:
- an export never replaces an earlier file: the name carries the filter (account and
  dates) and, when that name is taken, a counter ("-2", "-3"…), claimed atomically, so two
  exports in the same second (or at the same instant, from two workers) both survive;
- every CSV is UTF-8 *with* a byte-order mark (`CSV_ENCODING`): Excel on Windows opens a
  CSV without one in the ANSI code page and shows "DescripciÃ³n"; with it, Excel,
  LibreOffice, Numbers and Python's "utf-8-sig" all read UTF-8. Other files (OFX, whose XML
  header already declares UTF-8, and text) are plain UTF-8.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

CSV_ENCODING = "utf-8-sig"
TEXT_ENCODING = "utf-8"

_UNSAFE = re.compile(r"[^0-9A-Za-z_-]")


def export_dir() -> Path:
    """The member's Documents/Cooprogreso folder, where every export goes."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "Cooprogreso"


def safe_part(text: str) -> str:
    """Only letters, digits, "-" and "_": a backend value can never pick the file's folder."""
    return _UNSAFE.sub("", text)


def statement_filename(account_number: str, date_from: date, date_to: date, ext: str) -> str:
    """ "movimientos-410112060750-20231218-20241218.csv": the account and dates filtered."""
    return f"movimientos-{safe_part(account_number)}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{ext}"


def encoding_for(filename: str) -> str:
    """The one encoding of each kind of export (see the module docstring for why)."""
    return CSV_ENCODING if filename.lower().endswith(".csv") else TEXT_ENCODING


def write_export(folder: Path, filename: str, text: str) -> Path:
    """Write `text` into `folder` (created if missing) without overwriting; returns the path.

    A second export with the same name gets "-2", "-3"… so an earlier file (perhaps with
    other filters) is never lost: each candidate is opened with "x" (create, fail if it
    exists), which the OS makes atomic. Line endings are written exactly as given.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    stem, suffix = path.stem, path.suffix
    encoding = encoding_for(filename)
    n = 1
    while True:
        try:
            handle = path.open("x", encoding=encoding, newline="")
        except FileExistsError:
            n += 1
            path = folder / f"{stem}-{n}{suffix}"
            continue
        try:
            with handle:
                handle.write(text)
        except BaseException:
            path.unlink(missing_ok=True)  # a half-written statement is worse than none
            raise
        return path
