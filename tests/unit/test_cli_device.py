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
