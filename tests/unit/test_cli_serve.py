"""`cooptui serve` and `cooptui --backend http --url`, as a person or a script sees them."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import cooptui.__main__ as cli
from cooptui.backend.http import HttpBackend
from cooptui.backend.registry import available_backends, load_backend_class


def test_serve_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--data-dir", "--fresh", "--reset", "--date"):
        assert option in out
    assert "127.0.0.1" in out


def test_serve_defaults_to_loopback() -> None:
    args = cli.build_serve_parser().parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 8765)


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "70000"], ["--date", "ayer"]])
def test_serve_bad_options_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", *args])
    assert exc.value.code == 2


def test_serve_without_the_extra_is_one_spanish_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_server_extra_installed", lambda: False)
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--fresh"])
    assert exc.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "uv run --extra server cooptui serve" in lines[0]
    assert "necesita" in lines[0]


def test_tui_help_mentions_url_and_serve() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cooptui", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert "--url" in out.stdout
    assert "serve" in out.stdout


def test_unreachable_http_bank_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(SystemExit) as exc:
        cli.main(["--backend", "http", "--url", url])
    assert exc.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert url in lines[0]


def test_http_backend_is_registered_and_loads() -> None:
    assert "http" in available_backends()
    assert load_backend_class("http") is HttpBackend


def test_options_build_without_touching_the_network() -> None:
    backend = HttpBackend.from_options(
        {"url": "http://127.0.0.1:1/", "connect_timeout": "1.5", "read_timeout": 3}
    )
    assert backend.url == "http://127.0.0.1:1"
    assert backend.demo is not None  # offered until the server says otherwise


def test_the_client_side_never_imports_the_server() -> None:
    code = (
        "import sys, cooptui.__main__, cooptui.backend.http, cooptui.backend_stub.adapter;"
        " print('starlette' in sys.modules, 'uvicorn' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_serve_runs_the_bank_with_the_idle_timeout_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    monkeypatch.setenv("COOPTUI_IDLE_TIMEOUT", "90")
    assert cli.main(["serve", "--fresh", "--data-dir", str(tmp_path)]) == 0
    assert cli.main(["serve", "--fresh", "--data-dir", str(tmp_path), "--idle-timeout", "45"]) == 0
    assert [app.state.core.idle_timeout for app in served] == [
        timedelta(seconds=90),
        timedelta(seconds=45),
    ]


def test_the_demo_does_not_listen_on_the_network_unless_told_it_is_insecure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import uvicorn

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append({"app": app, **kw}))
    base = ["serve", "--fresh", "--data-dir", str(tmp_path), "--host", "0.0.0.0"]
    with pytest.raises(SystemExit) as exc:
        cli.main(base)
    assert exc.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "--insecure-demo" in line
    assert "solo escucha en este equipo" in line
    assert runs == []

    assert cli.main([*base, "--no-demo"]) == 0
    assert cli.main([*base, "--insecure-demo"]) == 0
    assert "muestra códigos" in capsys.readouterr().err
    assert [r["app"].state.demo for r in runs] == [False, True]
    assert all(r["server_header"] is False for r in runs)
