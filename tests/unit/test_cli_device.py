"""The command line and the device id, as a person or a script sees them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cooptui.__main__ import build_parser, main
from cooptui.device import device_id


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cooptui", *args], capture_output=True, text=True, timeout=60
    )


def test_help_explains_every_option() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    for option in ("--backend", "--data-dir", "--reset", "--fresh", "--date", "--idle-timeout"):
        assert option in out.stdout


def test_unknown_backend_is_one_line_and_exit_code_2() -> None:
    out = run_cli("--backend", "nope")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "nope" in lines[0]


@pytest.mark.parametrize(
    "args",
    [["--date", "18/12/2024"], ["--idle-timeout", "0"], ["--idle-timeout", "x"], ["--nope"]],
)
def test_bad_options_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


def test_date_and_timeout_are_parsed() -> None:
    args = build_parser().parse_args(["--date", "2024-12-18T13:26", "--idle-timeout", "120"])
    assert args.date.isoformat() == "2024-12-18T13:26:00"
    assert args.idle_timeout == 120


def test_device_id_is_stable_in_its_file(tmp_path: Path) -> None:
    first = device_id(tmp_path, use_keyring=False)
    assert len(first) >= 16
    assert device_id(tmp_path, use_keyring=False) == first
    assert (tmp_path / "device-id").read_text() == first
    assert device_id(tmp_path / "other", use_keyring=False) != first


def test_the_bank_and_the_device_id_are_the_owners_alone(tmp_path: Path) -> None:
    from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
    from cooptui.backend_stub.core import Core

    data = tmp_path / "datos"
    core = Core.open(data / "bank.db", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    try:
        core.outbox()  # the files exist and are written (WAL included)
    finally:
        core.close()
    device_id(data, use_keyring=False)
    assert data.stat().st_mode & 0o777 == 0o700
    files = [p for p in data.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"bank.db", "bank.db-outbox", "device-id"}
    assert {p.name: p.stat().st_mode & 0o777 for p in files} == {p.name: 0o600 for p in files}


def test_an_older_bank_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
    from cooptui.backend_stub.core import Core

    tmp_path.chmod(0o755)
    bank = tmp_path / "bank.db"
    Core.open(bank, FrozenClock(MANUAL_DATE), scrypt_n=2**10).close()
    bank.chmod(0o644)
    Core.open(bank, FrozenClock(MANUAL_DATE), scrypt_n=2**10).close()
    assert bank.stat().st_mode & 0o777 == 0o600
    assert tmp_path.stat().st_mode & 0o777 == 0o755, "a folder the user gave is left as it is"


def test_a_saved_bank_and_its_phone_commit_together(tmp_path: Path) -> None:
    """SQLite makes a transaction over attached files atomic only with rollback journals
    (with WAL each file commits alone, and kill -9 could keep a code without its SMS)."""
    from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
    from cooptui.backend_stub.core import Core

    core = Core.open(tmp_path / "bank.db", FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    try:
        with core.db.reading() as conn:
            modes = [
                conn.execute(f"PRAGMA {db}.journal_mode").fetchone()[0] for db in ("main", "phone")
            ]
    finally:
        core.close()
    assert modes == ["delete", "delete"]
